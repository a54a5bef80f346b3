//! `quire watch --serve`: the HTML edition served on the loopback address,
//! reloaded in the browser after every rebuild (as `mdbook serve` does).
//!
//! It listens on 127.0.0.1 unless another address is asked for, and
//! serves only the files of the output folder: a path that leaves it
//! (`..`, a link out) or names a hidden file (`.quire-journal`) is not
//! found. Pages it serves get one line more than the file on disk: a
//! script from the server itself that waits for the next rebuild (a long
//! poll of `/__quire/wait`) and then reloads the page. The HTML edition
//! written to disk never has it.
//!
//! # What it refuses, and its limits
//!
//! A draft is not published, so the server answers only its author's
//! browser (the head rules are in [`head`]):
//!
//! - A request whose Host does not name this server — `localhost`,
//!   `127.0.0.1`, `[::1]` or the address it was reached on, with its port
//!   — is answered 421: a web page elsewhere cannot read the draft by
//!   pointing a name of its own at 127.0.0.1 (DNS rebinding).
//! - A request head must arrive whole within [`HEAD_TIMEOUT`] of the
//!   connection (408, however slowly it trickles in), be at most
//!   [`MAX_HEAD`] bytes and [`MAX_HEADERS`] lines (431), ask `GET` or
//!   `HEAD` (405) and carry no body (413).
//! - One request per connection: every answer says `Connection: close`,
//!   and whatever the client sent after the head (a body, pipelined
//!   requests) is read and dropped for at most [`LINGER`], never answered.
//! - At most [`MAX_CONNECTIONS`] connections are open at once besides the
//!   waiting pages; one more is taken in by answering 503 to the one that
//!   has waited longest for its request (as nginx closes idle keep-alive
//!   connections when it runs out), so a request sent at once always gets
//!   in, and a crowd of silent connections cannot lock the page out.
//! - At most [`MAX_WAITING`] reload polls are held, each for at most
//!   [`WAIT_AT_MOST`]; one more is answered at once with the build it
//!   already has ("no change yet"), and the script asks again a second
//!   later. Held polls take no thread and do not count against the
//!   connections above, so they never starve the page.
//! - A response takes at most [`SEND_TIMEOUT`] to send; files are sent in
//!   16 KiB pieces, and the served page (the file with its script) is made
//!   once per build and shared by every connection that asks for it, so a
//!   client that reads slowly holds at most a piece of memory.
//!
//! # Why a server of its own
//!
//! tiny_http, the server this replaced, gives every connection a thread
//! of its own from a pool that grows without bound (1,500 idle connections
//! made 1,412 threads), has no time limit for a request's head and no
//! limit on its size, and none of that can be configured. A pool of
//! threads reading requests with blocking calls would bound the threads
//! but not fairness: a handful of silent or slow connections would hold
//! every worker. So this is one thread and one event loop (mio: epoll,
//! kqueue or IOCP underneath), in which a connection is a small state
//! machine with a deadline — reading its head, waiting for a build,
//! sending, or closing — and no connection can hold the thread. Heads are
//! parsed by httparse; everything else here is small enough to read.

pub mod head;

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};

use head::{Asked, Refusal, Served, Verdict};
pub use head::{MAX_HEAD, MAX_HEADERS};

/// Where the reload script is served.
pub const RELOAD_SCRIPT: &str = "/__quire/reload.js";
/// Where the reload script waits for the next rebuild.
const WAIT: &str = "/__quire/wait";
/// How long a wait is held open before it is answered "no change yet".
pub const WAIT_AT_MOST: Duration = Duration::from_secs(25);
/// The most reload polls held open at once; more are answered at once.
pub const MAX_WAITING: usize = 64;
/// The most connections open at once besides held reload polls.
pub const MAX_CONNECTIONS: usize = 256;
/// How long a connection has to send its whole request head.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a response has to be sent.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// How long, after a response, what the client still sends is read and
/// dropped (closing with it unread would reset the connection, and the
/// client could lose the response).
pub const LINGER: Duration = Duration::from_secs(2);
/// The most bytes read and dropped after a response.
const LINGER_BYTES: usize = 4 << 20;
/// The pieces a file is sent in.
const CHUNK: usize = 16 * 1024;

const LISTENER: Token = Token(0);
const WAKER: Token = Token(1);

/// The script each served page loads: it waits for a rebuild after the one
/// the page came from, then reloads. An answer of "no change yet" that
/// came at once (the server holds only so many waits) is asked again a
/// second later; a failed wait, after a pause too.
const RELOAD_JS: &str = r#"(function () {
  var seen = document.currentScript.getAttribute("data-build");
  function wait() {
    var asked = Date.now();
    fetch("/__quire/wait?after=" + encodeURIComponent(seen), { cache: "no-store" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (now) {
        if (now.trim() !== seen) { location.reload(); }
        else { setTimeout(wait, Date.now() - asked < 1000 ? 1000 : 0); }
      })
      .catch(function () { setTimeout(wait, 1000); });
  }
  wait();
})();
"#;

/// Could not start serving.
#[derive(Debug, thiserror::Error)]
#[error("cannot serve on {address}: {message}")]
pub struct ServeError {
    /// The address asked for.
    pub address: SocketAddr,
    /// Why not.
    pub message: String,
}

/// A running server. It stops when dropped.
pub struct Server {
    shared: Arc<Shared>,
    waker: Arc<Waker>,
    address: SocketAddr,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Serves on `address` (port 0: any free port); what it serves is told
    /// by [`Server::rebuilt`], and until then `/` says there is no page yet.
    pub fn start(address: SocketAddr) -> Result<Server, ServeError> {
        let failed = |e: io::Error| ServeError {
            address,
            message: e.to_string(),
        };
        let mut listener = TcpListener::bind(address).map_err(failed)?;
        let taken = listener.local_addr().map_err(failed)?;
        let poll = Poll::new().map_err(failed)?;
        poll.registry()
            .register(&mut listener, LISTENER, Interest::READABLE)
            .map_err(failed)?;
        let waker = Arc::new(Waker::new(poll.registry(), WAKER).map_err(failed)?);
        let shared = Arc::new(Shared::default());
        let serving = Loop {
            poll,
            listener,
            shared: shared.clone(),
            served: Served {
                bound: address.ip(),
                port: taken.port(),
            },
            conns: HashMap::new(),
            next: WAKER.0 + 1,
            build: 0,
            page: None,
            accept_again: false,
        };
        let thread = std::thread::Builder::new()
            .name("quire-serve".into())
            .spawn(move || serving.run())
            .map_err(failed)?;
        Ok(Server {
            shared,
            waker,
            address: taken,
            thread: Some(thread),
        })
    }

    /// The address served, with the port actually taken.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The page's address, for people.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// A build wrote the HTML edition `page` into `out_dir`: it is served
    /// from now on, and open pages reload.
    pub fn rebuilt(&self, out_dir: &Path, page: &str) {
        {
            let mut published = self.shared.lock();
            published.location = Some((out_dir.to_path_buf(), page.to_string()));
            published.build += 1;
        }
        let _ = self.waker.wake();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        let _ = self.waker.wake();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What the watch tells the server, and its request to stop.
#[derive(Default)]
struct Shared {
    published: Mutex<Published>,
    stop: AtomicBool,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Published> {
        self.published.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// What is served: the output folder and the HTML edition's file name in
/// it, once a build has written them, and how many builds there have been.
#[derive(Default, Clone)]
struct Published {
    location: Option<(PathBuf, String)>,
    build: u64,
}

/// The event loop and every open connection.
struct Loop {
    poll: Poll,
    listener: TcpListener,
    shared: Arc<Shared>,
    served: Served,
    conns: HashMap<Token, Conn>,
    next: usize,
    /// The build count as this loop last heard it.
    build: u64,
    page: Option<Page>,
    /// Accepting failed (out of file descriptors, say): try again soon.
    accept_again: bool,
}

/// The served copy of a page, made once per build and file version.
struct Page {
    path: PathBuf,
    build: u64,
    stamp: (Option<SystemTime>, u64),
    bytes: Arc<[u8]>,
}

/// One connection.
struct Conn {
    stream: TcpStream,
    /// The address the connection came in on (which its Host may name).
    local: IpAddr,
    opened: Instant,
    /// When its present phase runs out.
    deadline: Instant,
    phase: Phase,
}

enum Phase {
    /// Reading the request head, up to [`MAX_HEAD`] bytes.
    Reading(Vec<u8>),
    /// A reload poll waiting for a build other than `after`.
    Waiting {
        after: u64,
        head_only: bool,
        drained: usize,
    },
    /// Sending the response.
    Sending(Outgoing),
    /// Sent: reading and dropping what the client still sends, until it
    /// closes.
    Closing { drained: usize },
}

impl Phase {
    fn waiting(&self) -> bool {
        matches!(self, Phase::Waiting { .. })
    }
}

/// Why a connection is looked at.
enum Cause {
    /// It is readable or writable.
    Ready,
    /// A build happened.
    Build,
    /// Its deadline passed.
    Late,
}

/// What a connection's phase came to.
enum Next {
    Keep,
    Close,
    Judge(Verdict),
    Tell(bool),
    Sent,
}

impl Loop {
    fn run(mut self) {
        let mut events = Events::with_capacity(1024);
        loop {
            let now = Instant::now();
            let mut timeout = self
                .conns
                .values()
                .map(|c| c.deadline.saturating_duration_since(now))
                .min()
                .unwrap_or(Duration::from_secs(1))
                .min(Duration::from_secs(1));
            if self.accept_again {
                timeout = timeout.min(Duration::from_millis(100));
            }
            if let Err(e) = self.poll.poll(&mut events, Some(timeout)) {
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                eprintln!("error: the preview server stopped: {e}");
                return;
            }
            if self.shared.stop.load(Ordering::SeqCst) {
                return;
            }
            let mut accept = std::mem::take(&mut self.accept_again);
            let mut ready = Vec::new();
            for event in events.iter() {
                match event.token() {
                    LISTENER => accept = true,
                    WAKER => {}
                    token => ready.push(token),
                }
            }
            for token in ready {
                self.advance(token, Cause::Ready);
            }
            if accept {
                self.accept();
            }
            self.hear_builds();
            self.expire();
        }
    }

    fn accept(&mut self) {
        loop {
            match self.listener.accept() {
                Ok((stream, _)) => self.admit(stream),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::Interrupted | io::ErrorKind::ConnectionAborted
                    ) => {}
                Err(_) => {
                    self.accept_again = true;
                    return;
                }
            }
        }
    }

    /// Takes a new connection in, making room first if there is none.
    fn admit(&mut self, mut stream: TcpStream) {
        let now = Instant::now();
        let open = self.conns.values().filter(|c| !c.phase.waiting()).count();
        if open >= MAX_CONNECTIONS {
            self.evict();
        }
        let _ = stream.set_nodelay(true);
        let local = stream
            .local_addr()
            .map_or(self.served.bound, |address| address.ip());
        let token = self.token();
        if self
            .poll
            .registry()
            .register(&mut stream, token, Interest::READABLE | Interest::WRITABLE)
            .is_err()
        {
            return;
        }
        // The registration reports what is already readable.
        self.conns.insert(
            token,
            Conn {
                stream,
                local,
                opened: now,
                deadline: now + HEAD_TIMEOUT,
                phase: Phase::Reading(Vec::new()),
            },
        );
    }

    /// A token no open connection has.
    fn token(&mut self) -> Token {
        loop {
            let token = Token(self.next);
            self.next = self.next.checked_add(1).unwrap_or(WAKER.0 + 1);
            if token.0 > WAKER.0 && !self.conns.contains_key(&token) {
                return token;
            }
        }
    }

    /// Closes the connection that has waited longest for nothing: one
    /// already answered, else the oldest still sending its head (told 503),
    /// else the oldest being answered. Held reload polls are never
    /// evicted: they have their own cap.
    fn evict(&mut self) {
        let rank = |phase: &Phase| match phase {
            Phase::Closing { .. } => 0,
            Phase::Reading(_) => 1,
            Phase::Sending(_) | Phase::Waiting { .. } => 2,
        };
        let victim = self
            .conns
            .iter()
            .filter(|(_, c)| !c.phase.waiting())
            .min_by_key(|(_, c)| (rank(&c.phase), c.opened))
            .map(|(token, _)| *token);
        let Some(mut conn) = victim.and_then(|token| self.conns.remove(&token)) else {
            return;
        };
        if matches!(conn.phase, Phase::Reading(_)) {
            // One try, not waited on: the room is needed now.
            let mut busy = Outgoing::refusal(head::BUSY);
            let _ = busy.send(&conn.stream);
            let _ = conn.stream.shutdown(Shutdown::Write);
        }
        let _ = self.poll.registry().deregister(&mut conn.stream);
    }

    /// Answers every held poll once a build has happened.
    fn hear_builds(&mut self) {
        let build = self.shared.lock().build;
        if build == self.build {
            return;
        }
        self.build = build;
        let waiting: Vec<Token> = self
            .conns
            .iter()
            .filter(|(_, c)| c.phase.waiting())
            .map(|(token, _)| *token)
            .collect();
        for token in waiting {
            self.advance(token, Cause::Build);
        }
    }

    /// Moves every connection past its deadline on: a head not read in
    /// time is told 408, a held poll "no change yet"; a response not sent
    /// in time, or a close not finished, is dropped.
    fn expire(&mut self) {
        let now = Instant::now();
        let late: Vec<Token> = self
            .conns
            .iter()
            .filter(|(_, c)| c.deadline <= now)
            .map(|(token, _)| *token)
            .collect();
        for token in late {
            self.advance(token, Cause::Late);
        }
    }

    fn advance(&mut self, token: Token, cause: Cause) {
        let Some(mut conn) = self.conns.remove(&token) else {
            return;
        };
        let now = Instant::now();
        match (cause, &conn.phase) {
            (Cause::Ready, _) => {}
            (
                Cause::Build,
                Phase::Waiting {
                    after, head_only, ..
                },
            ) => {
                if *after != self.build {
                    let head_only = *head_only;
                    self.tell_build(&mut conn, head_only, now);
                }
            }
            (Cause::Build, _) => {}
            (Cause::Late, Phase::Reading(_)) => conn.refuse(head::TOO_SLOW, now),
            (Cause::Late, Phase::Waiting { head_only, .. }) => {
                let head_only = *head_only;
                self.tell_build(&mut conn, head_only, now);
            }
            (Cause::Late, Phase::Sending(_) | Phase::Closing { .. }) => {
                self.close(conn);
                return;
            }
        }
        if self.step(&mut conn, now) {
            self.conns.insert(token, conn);
        } else {
            self.close(conn);
        }
    }

    fn close(&mut self, mut conn: Conn) {
        let _ = self.poll.registry().deregister(&mut conn.stream);
    }

    /// Does what the connection can do now without waiting; whether it
    /// stays open.
    fn step(&mut self, conn: &mut Conn, now: Instant) -> bool {
        loop {
            let next = match &mut conn.phase {
                Phase::Reading(head) => match read_head(&conn.stream, head) {
                    Some(true) => Next::Judge(head::judge(head, self.served, conn.local)),
                    Some(false) => Next::Keep,
                    None => Next::Close,
                },
                Phase::Waiting {
                    head_only, drained, ..
                } => match drain(&conn.stream, drained, MAX_HEAD) {
                    Some(false) => Next::Keep,
                    // It closed its side, or sends what it should not:
                    // answered now.
                    Some(true) => Next::Tell(*head_only),
                    None => Next::Close,
                },
                Phase::Sending(out) => match out.send(&conn.stream) {
                    Ok(true) => Next::Sent,
                    Ok(false) => Next::Keep,
                    Err(_) => Next::Close,
                },
                Phase::Closing { drained } => match drain(&conn.stream, drained, LINGER_BYTES) {
                    Some(false) => Next::Keep,
                    _ => Next::Close,
                },
            };
            match next {
                Next::Keep => return true,
                Next::Close => return false,
                Next::Judge(Verdict::Incomplete) => {}
                Next::Judge(Verdict::Refuse(refusal)) => conn.refuse(refusal, now),
                Next::Judge(Verdict::Answer(asked)) => self.answer(conn, asked, now),
                Next::Tell(head_only) => self.tell_build(conn, head_only, now),
                Next::Sent => {
                    let _ = conn.stream.shutdown(Shutdown::Write);
                    conn.phase = Phase::Closing { drained: 0 };
                    conn.deadline = now + LINGER;
                }
            }
        }
    }

    fn answer(&mut self, conn: &mut Conn, asked: Asked, now: Instant) {
        let head_only = asked.head_only;
        match asked.path.as_str() {
            RELOAD_SCRIPT => conn.send(
                Outgoing::ok(
                    "text/javascript; charset=utf-8",
                    RELOAD_JS.as_bytes().into(),
                    head_only,
                ),
                now,
            ),
            WAIT => {
                // The count as it is now, not as of this turn's start: a
                // page from the build just made must not be told of the
                // one before.
                self.hear_builds();
                let after = asked
                    .query
                    .split('&')
                    .find_map(|pair| pair.strip_prefix("after="))
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(self.build);
                let waiting = self.conns.values().filter(|c| c.phase.waiting()).count();
                if after == self.build && waiting < MAX_WAITING {
                    conn.phase = Phase::Waiting {
                        after,
                        head_only,
                        drained: 0,
                    };
                    conn.deadline = now + WAIT_AT_MOST;
                } else {
                    self.tell_build(conn, head_only, now);
                }
            }
            path => {
                let out = self.file(path, head_only);
                conn.send(out, now);
            }
        }
    }

    /// Answers a reload poll with the build count as it is.
    fn tell_build(&self, conn: &mut Conn, head_only: bool, now: Instant) {
        let count = self.build.to_string().into_bytes();
        conn.send(
            Outgoing::ok("text/plain; charset=utf-8", count.into(), head_only),
            now,
        );
    }

    /// A file of the output folder, by its URL path; pages get the reload
    /// script.
    fn file(&mut self, url_path: &str, head_only: bool) -> Outgoing {
        let Published { location, build } = self.shared.lock().clone();
        let Some((out_dir, page)) = location else {
            return if url_path == "/" {
                Outgoing::ok(
                    "text/html; charset=utf-8",
                    with_reload(NO_PAGE_YET, build).into_bytes().into(),
                    head_only,
                )
            } else {
                Outgoing::refusal(NOT_FOUND)
            };
        };
        let url_path = if url_path == "/" {
            format!("/{page}")
        } else {
            url_path.to_string()
        };
        let Some(path) = inside(&out_dir, &url_path) else {
            return Outgoing::refusal(NOT_FOUND);
        };
        let kind = mime_guess::from_path(&path).first_or_octet_stream();
        if kind.essence_str() == "text/html" {
            return match self.page(&path, build) {
                Some(bytes) => Outgoing::ok("text/html; charset=utf-8", bytes, head_only),
                None => Outgoing::refusal(NOT_FOUND),
            };
        }
        let Ok(file) = File::open(&path) else {
            return Outgoing::refusal(NOT_FOUND);
        };
        let Ok(len) = file.metadata().map(|m| m.len()) else {
            return Outgoing::refusal(NOT_FOUND);
        };
        let body = if head_only {
            Body::None
        } else {
            Body::File {
                file,
                left: len,
                chunk: Vec::new(),
                at: 0,
            }
        };
        Outgoing::new(200, kind.essence_str(), len, body, "")
    }

    /// The served copy of the page at `path`: the file with the reload
    /// script, made once for each build and version of the file.
    fn page(&mut self, path: &Path, build: u64) -> Option<Arc<[u8]>> {
        let meta = std::fs::metadata(path).ok()?;
        let stamp = (meta.modified().ok(), meta.len());
        if let Some(page) = &self.page
            && page.path == path
            && page.build == build
            && page.stamp == stamp
        {
            return Some(page.bytes.clone());
        }
        let body = std::fs::read(path).ok()?;
        let bytes: Arc<[u8]> = with_reload(&String::from_utf8_lossy(&body), build)
            .into_bytes()
            .into();
        self.page = Some(Page {
            path: path.to_path_buf(),
            build,
            stamp,
            bytes: bytes.clone(),
        });
        Some(bytes)
    }
}

impl Conn {
    fn send(&mut self, out: Outgoing, now: Instant) {
        self.phase = Phase::Sending(out);
        self.deadline = now + SEND_TIMEOUT;
    }

    fn refuse(&mut self, refusal: Refusal, now: Instant) {
        self.phase = Phase::Sending(Outgoing::refusal(refusal));
        self.deadline = now + LINGER;
    }
}

/// Reads what has come of a request head, until it ends, [`MAX_HEAD`] is
/// reached, or nothing more is there: `Some(true)` to judge it,
/// `Some(false)` to wait for more, `None` if the connection is gone.
fn read_head(mut stream: &TcpStream, head: &mut Vec<u8>) -> Option<bool> {
    let mut scratch = [0u8; 4096];
    loop {
        let room = MAX_HEAD - head.len();
        if room == 0 {
            return Some(true);
        }
        let room = room.min(scratch.len());
        match stream.read(&mut scratch[..room]) {
            Ok(0) => return None,
            Ok(n) => {
                let from = head.len();
                head.extend_from_slice(&scratch[..n]);
                if head::ends(head, from) {
                    return Some(true);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Some(false),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

/// Reads and drops what the client sends: `Some(false)` once nothing more
/// is there, `Some(true)` when it has closed its side or sent more than
/// `limit` in all, `None` if the connection failed.
fn drain(mut stream: &TcpStream, drained: &mut usize, limit: usize) -> Option<bool> {
    let mut scratch = [0u8; CHUNK];
    loop {
        match stream.read(&mut scratch) {
            Ok(0) => return Some(true),
            Ok(n) => {
                *drained += n;
                if *drained > limit {
                    return Some(true);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Some(false),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

/// A response being sent: its head, then its body.
struct Outgoing {
    head: Vec<u8>,
    head_sent: usize,
    body: Body,
}

enum Body {
    None,
    Bytes {
        bytes: Arc<[u8]>,
        sent: usize,
    },
    File {
        file: File,
        left: u64,
        chunk: Vec<u8>,
        at: usize,
    },
}

impl Outgoing {
    fn new(status: u16, kind: &str, len: u64, body: Body, extra: &str) -> Outgoing {
        let head = format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: {kind}\r\nContent-Length: {len}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
             Connection: close\r\n{extra}\r\n",
            reason_phrase(status)
        );
        Outgoing {
            head: head.into_bytes(),
            head_sent: 0,
            body,
        }
    }

    /// 200 with `bytes` (only their length for `HEAD`).
    fn ok(kind: &str, bytes: Arc<[u8]>, head_only: bool) -> Outgoing {
        let len = bytes.len() as u64;
        let body = if head_only {
            Body::None
        } else {
            Body::Bytes { bytes, sent: 0 }
        };
        Outgoing::new(200, kind, len, body, "")
    }

    /// The refusal's status with its reason as plain text.
    fn refusal(refusal: Refusal) -> Outgoing {
        let text = format!("{}\n", refusal.reason).into_bytes();
        let extra = match refusal.status {
            405 => "Allow: GET, HEAD\r\n",
            503 => "Retry-After: 1\r\n",
            _ => "",
        };
        Outgoing::new(
            refusal.status,
            "text/plain; charset=utf-8",
            text.len() as u64,
            Body::Bytes {
                bytes: text.into(),
                sent: 0,
            },
            extra,
        )
    }

    /// Sends what the stream takes now: `Ok(true)` once all is sent.
    fn send(&mut self, mut stream: &TcpStream) -> io::Result<bool> {
        loop {
            let pending: &[u8] = if self.head_sent < self.head.len() {
                &self.head[self.head_sent..]
            } else {
                match &mut self.body {
                    Body::None => return Ok(true),
                    Body::Bytes { bytes, sent } if *sent == bytes.len() => return Ok(true),
                    Body::Bytes { bytes, sent } => &bytes[*sent..],
                    Body::File {
                        file,
                        left,
                        chunk,
                        at,
                    } => {
                        if *at == chunk.len() {
                            if *left == 0 {
                                return Ok(true);
                            }
                            let want = usize::try_from(*left).map_or(CHUNK, |left| left.min(CHUNK));
                            chunk.resize(want, 0);
                            let n = file.read(chunk)?;
                            if n == 0 {
                                // The file shrank since its length was sent.
                                return Err(io::ErrorKind::UnexpectedEof.into());
                            }
                            chunk.truncate(n);
                            *left -= n as u64;
                            *at = 0;
                        }
                        &chunk[*at..]
                    }
                }
            };
            match stream.write(pending) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) if self.head_sent < self.head.len() => self.head_sent += n,
                Ok(n) => match &mut self.body {
                    Body::None => {}
                    Body::Bytes { sent, .. } => *sent += n,
                    Body::File { at, .. } => *at += n,
                },
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

/// A path with nothing there.
const NOT_FOUND: Refusal = Refusal {
    status: 404,
    reason: "not found",
};

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// What `/` shows before the first good build.
const NO_PAGE_YET: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
    <title>No HTML edition yet</title></head><body><main><h1>No HTML edition yet</h1>\
    <p>The build has not written it: see the terminal for what stopped it. \
    This page reloads when a build succeeds.</p></main></body></html>";

/// The file a URL path names inside `root`, if it is a file there: the
/// path is percent-decoded, and one that climbs out (`..`, a link out of
/// the folder) or names a hidden file or folder (`.quire-journal`, the
/// build's own) names nothing.
pub fn inside(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(name) if !name.to_string_lossy().starts_with('.')))
    {
        return None;
    }
    let root = root.canonicalize().ok()?;
    let path = root.join(relative).canonicalize().ok()?;
    (path.starts_with(&root) && path.is_file()).then_some(path)
}

/// `page` with the reload script before `</body>` (or at its end). The
/// HTML edition's own security policy allows no script and no request;
/// the served copy's policy lets this server's script in and lets it ask
/// this server when the next build is done, and nothing more.
pub fn with_reload(page: &str, build: u64) -> String {
    const POLICY: &str = "http-equiv=\"Content-Security-Policy\" content=\"";
    let page = match page.find(POLICY) {
        // The first of two same directives counts: these come first.
        Some(at) => {
            let at = at + POLICY.len();
            format!(
                "{}script-src 'self'; connect-src 'self'; {}",
                &page[..at],
                &page[at..]
            )
        }
        None => page.to_string(),
    };
    let tag = format!("<script src=\"{RELOAD_SCRIPT}\" data-build=\"{build}\"></script>");
    match page.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &page[..at], &page[at..]),
        None => format!("{page}{tag}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpStream as Client;

    #[test]
    fn only_files_inside_the_folder_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("doc_files")).unwrap();
        std::fs::write(out.join("doc.html"), "<p>hi</p>").unwrap();
        std::fs::write(out.join("doc_files/a b.css"), "p{}").unwrap();
        std::fs::write(out.join(".quire-journal"), "doc.html").unwrap();
        std::fs::write(dir.path().join("secret.toml"), "x = 1").unwrap();
        assert!(inside(&out, "/doc.html").is_some());
        assert!(inside(&out, "/doc_files/a%20b.css").is_some());
        for outside in [
            "/../secret.toml",
            "/%2e%2e/secret.toml",
            "/doc_files/../../secret.toml",
            "/doc_files/%2e%2e/%2e%2e/secret.toml",
            "/..%2fsecret.toml",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/doc_files",
            "/missing.html",
            "/.quire-journal",
            "/%2equire-journal",
            "/doc.html%00",
        ] {
            assert!(inside(&out, outside).is_none(), "{outside}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.toml"), out.join("link.toml"))
                .unwrap();
            assert!(inside(&out, "/link.toml").is_none(), "a link out");
        }
    }

    #[test]
    fn the_served_policy_lets_only_this_servers_script_in() {
        let page = with_reload(
            "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"></head><body></body>",
            1,
        );
        assert!(
            page.contains("content=\"script-src 'self'; connect-src 'self'; default-src 'none'\""),
            "{page}"
        );
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_the_body() {
        let page = with_reload("<html><body><p>x</p></body></html>", 3);
        assert!(
            page.ends_with(
                "<p>x</p><script src=\"/__quire/reload.js\" data-build=\"3\"></script></body></html>"
            ),
            "{page}"
        );
    }

    /// A server on a free loopback port, serving `doc.html` from a fresh
    /// folder (after one build).
    fn server() -> (Server, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("doc.html"), "<body><p>draft</p></body>").unwrap();
        std::fs::write(dir.path().join("big.bin"), vec![7u8; 300_000]).unwrap();
        let server = Server::start("127.0.0.1:0".parse().unwrap()).unwrap();
        server.rebuilt(dir.path(), "doc.html");
        (server, dir)
    }

    fn connect(server: &Server) -> Client {
        let client = Client::connect(server.address()).unwrap();
        client
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        client
    }

    /// Sends `raw` and reads the whole response.
    fn exchange(server: &Server, raw: &str) -> String {
        let mut client = connect(server);
        client.write_all(raw.as_bytes()).unwrap();
        let mut response = Vec::new();
        client.read_to_end(&mut response).unwrap();
        String::from_utf8_lossy(&response).into_owned()
    }

    fn get(server: &Server, path: &str) -> String {
        let host = server.address();
        exchange(
            server,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n"),
        )
    }

    #[test]
    fn pages_files_and_the_script_are_served_and_a_wait_hears_the_next_build() {
        let (server, _dir) = server();
        let page = get(&server, "/");
        assert!(page.starts_with("HTTP/1.1 200 OK\r\n"), "{page}");
        assert!(page.contains("Connection: close\r\n"), "{page}");
        assert!(
            page.ends_with(
                "<p>draft</p><script src=\"/__quire/reload.js\" data-build=\"1\"></script></body>"
            ),
            "{page}"
        );
        let big = get(&server, "/big.bin");
        assert!(
            big.contains("Content-Length: 300000\r\n"),
            "{}",
            &big[..200]
        );
        assert_eq!(big.split_once("\r\n\r\n").unwrap().1.len(), 300_000);
        let head = exchange(
            &server,
            &format!(
                "HEAD /big.bin HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
                server.address().port()
            ),
        );
        assert!(head.ends_with("Content-Length: 300000\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n"), "{head}");
        assert!(get(&server, RELOAD_SCRIPT).contains("location.reload()"));
        assert!(get(&server, "/missing").starts_with("HTTP/1.1 404 "));

        let address = server.address();
        let waiting = std::thread::spawn(move || {
            let mut client = Client::connect(address).unwrap();
            write!(
                client,
                "GET /__quire/wait?after=1 HTTP/1.1\r\nHost: {address}\r\n\r\n"
            )
            .unwrap();
            let mut response = String::new();
            client.read_to_string(&mut response).unwrap();
            response
        });
        std::thread::sleep(Duration::from_millis(300));
        server.rebuilt(_dir.path(), "doc.html");
        let response = waiting.join().unwrap();
        assert!(response.ends_with("\r\n\r\n2"), "{response}");
        // A page from before the last build hears of it at once.
        assert!(get(&server, "/__quire/wait?after=1").ends_with("\r\n\r\n2"));
    }

    #[test]
    fn polls_beyond_the_cap_are_answered_at_once_and_the_page_still_is() {
        let (server, _dir) = server();
        let host = server.address();
        let polls: Vec<Client> = (0..MAX_WAITING + 8)
            .map(|_| {
                let mut client = connect(&server);
                write!(
                    client,
                    "GET /__quire/wait?after=1 HTTP/1.1\r\nHost: {host}\r\n\r\n"
                )
                .unwrap();
                client
            })
            .collect();
        assert!(get(&server, "/").starts_with("HTTP/1.1 200 "));
        let answered = |polls: &[Client]| {
            polls
                .iter()
                .filter(|client| {
                    let mut client: &Client = client;
                    client.set_nonblocking(true).unwrap();
                    let mut buf = [0u8; 512];
                    matches!(client.read(&mut buf), Ok(n) if n > 0 && buf[..n].ends_with(b"\r\n\r\n1"))
                })
                .count()
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut told = answered(&polls);
        while told < 8 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
            told += answered(&polls);
        }
        assert_eq!(told, 8, "the polls past the cap are told \"no change yet\"");
    }

    #[test]
    fn a_crowd_of_silent_connections_cannot_lock_the_page_out() {
        let (server, _dir) = server();
        let crowd: Vec<Client> = (0..MAX_CONNECTIONS + 20)
            .map(|_| connect(&server))
            .collect();
        assert!(get(&server, "/").starts_with("HTTP/1.1 200 "));
        // The longest silent was let go with a 503.
        let mut response = String::new();
        let _ = (&crowd[0]).read_to_string(&mut response);
        assert!(response.starts_with("HTTP/1.1 503 "), "{response}");
    }

    #[test]
    fn a_head_sent_slowly_is_cut_off_in_time() {
        let (server, _dir) = server();
        let mut client = connect(&server);
        let started = Instant::now();
        let mut response = Vec::new();
        for byte in b"GET / HTTP/1.1\r\nX-Slow: ".iter().cycle().take(60) {
            if client.write_all(&[*byte]).is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(250));
            client.set_nonblocking(true).unwrap();
            let mut buf = [0u8; 256];
            let read = client.read(&mut buf);
            client.set_nonblocking(false).unwrap();
            match read {
                Ok(n) => {
                    response.extend_from_slice(&buf[..n]);
                    break;
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(_) => break,
            }
        }
        assert!(started.elapsed() < HEAD_TIMEOUT + Duration::from_secs(10));
        let _ = client.read_to_end(&mut response);
        let response = String::from_utf8_lossy(&response);
        assert!(response.starts_with("HTTP/1.1 408 "), "{response}");
    }
}
