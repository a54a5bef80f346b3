//! End to end: `quire watch --serve` serves the HTML edition on the
//! loopback address, with the reload script that only the served copy
//! carries; a page waiting for the next build hears of it when a saved
//! file is rebuilt; nothing outside the output folder is served; and
//! `--serve` without the HTML edition is refused.
//!
//! And what it refuses (issue 25): requests that do not name it in their
//! Host (DNS rebinding), heads that are too large, too slow or carry a
//! body, crowds of idle connections (no thread each; the page still
//! answers), held reload polls (never starving the page), and a `--bind`
//! beyond loopback without a warning. Every attack here connects to
//! 127.0.0.1 only, in bounded loops.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Child;
use std::time::{Duration, Instant};

use crate::common;

use common::{append, copy_project, quire, start_watch};

/// A `quire watch --serve` running on a copy of the strategy; stopped when
/// dropped.
struct Served {
    child: Child,
    address: String,
    _project: tempfile::TempDir,
    project_path: std::path::PathBuf,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    /// The port served on.
    fn port(&self) -> u16 {
        self.address.rsplit(':').next().unwrap().parse().unwrap()
    }

    /// Stops the watch; what it wrote on standard error.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            let _ = pipe.read_to_string(&mut stderr);
        }
        stderr
    }
}

fn serve() -> Served {
    serve_with(&[])
}

/// `quire watch --serve --port 0` with `more` arguments; the address it
/// serves on, as it says.
fn serve_with(more: &[&str]) -> Served {
    let project = copy_project();
    let mut args = vec!["watch", "--serve", "--port", "0"];
    args.extend(more);
    let watching = start_watch(project.path(), &args);
    let address = watching
        .first
        .iter()
        .find_map(|line| line.strip_prefix("serving the HTML edition at http://"))
        .map(|url| url.trim_end_matches('/').to_string())
        .expect("watch --serve says where it serves");
    // Read on, so the watch's later lines never meet a closed pipe.
    let rest = watching.rest;
    std::thread::spawn(move || rest.for_each(drop));
    Served {
        child: watching.child,
        address,
        project_path: project.path().to_path_buf(),
        _project: project,
    }
}

/// Serves the HTML edition alone (quicker to build) for the attacks.
fn serve_html() -> Served {
    serve_with(&["--only", "html"])
}

/// A GET of `path`: the status code and the body.
pub(crate) fn get(address: &str, path: &str) -> (u16, String) {
    exchange(
        address,
        format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// Sends `raw` as it is and reads the response to its end (the server
/// closing): the status code (0 if none) and the body.
fn exchange(address: &str, raw: &[u8]) -> (u16, String) {
    let (status, response) = exchange_whole(address, raw);
    let body = response
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string());
    (status, body)
}

/// Sends `raw` and reads until the server closes: the status code and the
/// whole response, head and all. A write the server cut short is not an
/// error: what it answered is read all the same.
fn exchange_whole(address: &str, raw: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let _ = stream.write_all(raw);
    let mut response = Vec::new();
    if let Err(e) = stream.read_to_end(&mut response) {
        assert!(
            !matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ),
            "no answer to {:?}…",
            String::from_utf8_lossy(&raw[..raw.len().min(80)])
        );
    }
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .strip_prefix("HTTP/1.1 ")
        .and_then(|s| s.get(..3))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

/// How many threads the process has (its `/proc` status).
#[cfg(target_os = "linux")]
fn threads(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a Threads: line")
}

/// How many files the process has open.
#[cfg(target_os = "linux")]
fn open_files(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count()
}

/// Waits (at most 30 s) until `ok` holds.
fn eventually(mut ok: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    ok()
}

#[test]
fn the_html_edition_is_served_on_loopback_and_reloads_after_a_rebuild() {
    let served = serve();
    assert!(
        served.address.starts_with("127.0.0.1:"),
        "{}",
        served.address
    );
    let (status, page) = get(&served.address, "/");
    assert_eq!(status, 200);
    assert!(page.contains("Hate Crime Strategy"), "the strategy's page");
    assert!(
        page.contains("<script src=\"/__quire/reload.js\" data-build=\"1\"></script></body>"),
        "the served copy carries the reload script"
    );
    assert!(page.contains("script-src 'self'"), "and lets it in");
    let on_disk =
        std::fs::read_to_string(served.project_path.join("out/hate-crime-strategy.html")).unwrap();
    assert!(
        !on_disk.contains("/__quire/"),
        "the file on disk has no script"
    );
    let (status, script) = get(&served.address, "/__quire/reload.js");
    assert_eq!(status, 200);
    assert!(script.contains("location.reload()"));

    // Outside the output folder: nothing.
    for outside in [
        "/../sections/quire.toml",
        "/%2e%2e/sections/quire.toml",
        "/..%2fsections%2fquire.toml",
    ] {
        assert_eq!(get(&served.address, outside).0, 404, "{outside}");
    }

    // A page waits for the build after the one it shows; a save rebuilds.
    let address = served.address.clone();
    let waiting = std::thread::spawn(move || get(&address, "/__quire/wait?after=1"));
    std::thread::sleep(Duration::from_millis(300));
    append(
        &served.project_path.join("sections/prose/introduction.md"),
        "\nA sentence added while the page was open.\n",
    );
    let (status, now) = waiting.join().unwrap();
    assert_eq!(status, 200);
    assert_eq!(now.trim(), "2", "the waiting page hears of the rebuild");
    let (_, page) = get(&served.address, "/");
    assert!(page.contains("A sentence added while the page was open."));
}

#[test]
fn serve_without_the_html_edition_is_refused() {
    let project = copy_project();
    let out = quire(
        project.path(),
        &["watch", "--serve", "--port", "0", "--only", "pdf"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("add `html` to it"));
}

/// A port other than `port`.
fn other_port(port: u16) -> u16 {
    if port == u16::MAX { port - 1 } else { port + 1 }
}

#[test]
fn serve_refuses_foreign_host() {
    let served = serve_html();
    let port = served.port();
    let other = other_port(port);
    // What a page elsewhere could send once its own name points here (DNS
    // rebinding), and other spellings of a host that is not this server.
    let foreign = [
        "attacker.example".to_string(),
        format!("attacker.example:{port}"),
        format!("localhost.attacker.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("127.0.0.1:{port}.attacker.example"),
        format!("localhost:{port}@attacker.example"),
        format!("attacker.example:{port}#@localhost:{port}"),
        format!("localhost.:{port}"),
        format!("127.1:{port}"),
        format!("2130706433:{port}"),
        format!("127.0.0.2:{port}"),
        format!("0.0.0.0:{port}"),
        format!("127.0.0.1:{other}"),
        format!("localhost:{other}"),
        format!("[::1]:{other}"),
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        String::new(),
    ];
    for path in [
        "/",
        "/hate-crime-strategy.html",
        "/__quire/reload.js",
        "/__quire/wait?after=0",
    ] {
        for host in &foreign {
            let (status, body) = exchange(
                &served.address,
                format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            );
            assert_eq!(status, 421, "{path} for Host {host:?}: {body}");
            assert!(
                body.contains("answers only requests addressed to it"),
                "{body}"
            );
            assert!(!body.contains("Hate Crime Strategy"));
        }
    }
    let ours = format!("127.0.0.1:{port}");
    for (what, raw) in [
        (
            "no Host",
            "GET / HTTP/1.1\r\nConnection: close\r\n\r\n".to_string(),
        ),
        (
            "two Hosts",
            format!("GET / HTTP/1.1\r\nHost: {ours}\r\nHost: attacker.example\r\n\r\n"),
        ),
        (
            "an absolute target elsewhere",
            format!("GET http://attacker.example/ HTTP/1.1\r\nHost: {ours}\r\n\r\n"),
        ),
        (
            "an absolute target on another port",
            format!("GET http://127.0.0.1:{other}/ HTTP/1.1\r\nHost: {ours}\r\n\r\n"),
        ),
        (
            "a foreign host over HTTP/1.0",
            "GET / HTTP/1.0\r\nHost: attacker.example\r\n\r\n".to_string(),
        ),
    ] {
        let (status, body) = exchange(&served.address, raw.as_bytes());
        assert_eq!(status, 421, "{what}: {body}");
        assert!(!body.contains("Hate Crime Strategy"), "{what}");
    }
    // This server, by any of its names, with its port.
    for host in [
        ours.clone(),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, body) = exchange(
            &served.address,
            format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
        );
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("Hate Crime Strategy"), "{host}");
    }
    let (status, body) = exchange(
        &served.address,
        format!("GET http://localhost:{port}/ HTTP/1.1\r\nHost: {ours}\r\n\r\n").as_bytes(),
    );
    assert_eq!(status, 200);
    assert!(body.contains("Hate Crime Strategy"));
    let stderr = served.stop();
    assert!(
        !stderr.contains("not a loopback address"),
        "no warning on loopback: {stderr}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn serve_threads_stay_bounded_under_idle_connections() {
    let served = serve_html();
    let pid = served.child.id();
    let threads_before = threads(pid);
    let files_before = open_files(pid);
    // 300 connections that never send a byte.
    let idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(&served.address).unwrap())
        .collect();
    std::thread::sleep(Duration::from_secs(1));
    let started = Instant::now();
    let (status, page) = get(&served.address, "/");
    let took = started.elapsed();
    assert_eq!(status, 200);
    assert!(page.contains("Hate Crime Strategy"));
    assert!(
        took < Duration::from_secs(10),
        "the page took {took:?} among idle connections"
    );
    let threads_during = threads(pid);
    assert!(
        threads_during <= threads_before + 4,
        "{threads_during} threads with 300 idle connections, {threads_before} before"
    );
    drop(idle);
    // Once they are gone, so is what they held.
    assert!(
        eventually(|| threads(pid) <= threads_before + 4 && open_files(pid) <= files_before + 8),
        "{} threads and {} open files after the connections closed ({threads_before} and \
         {files_before} before)",
        threads(pid),
        open_files(pid)
    );
}

#[test]
fn serve_cuts_off_slow_and_silent_clients() {
    let served = serve_html();
    let port = served.port();
    // One connection says nothing; another sends its head a byte a second
    // (slowloris), for at most 40 s.
    let silent = {
        let address = served.address.clone();
        std::thread::spawn(move || {
            let mut stream = TcpStream::connect(&address).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(40)))
                .unwrap();
            let started = Instant::now();
            let mut response = Vec::new();
            let read = stream.read_to_end(&mut response);
            (read.is_ok(), started.elapsed(), response)
        })
    };
    let mut stream = TcpStream::connect(&served.address).unwrap();
    let started = Instant::now();
    let head = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Slow: ");
    let mut response = Vec::new();
    for byte in head.bytes().chain(std::iter::repeat(b'a')).take(40) {
        if stream.write_all(&[byte]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_secs(1));
        stream.set_nonblocking(true).unwrap();
        let mut buf = [0u8; 1024];
        let read = stream.read(&mut buf);
        stream.set_nonblocking(false).unwrap();
        match read {
            Ok(n) => {
                response.extend_from_slice(&buf[..n]);
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(_) => break,
        }
    }
    let took = started.elapsed();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response);
    assert!(
        took < Duration::from_secs(30),
        "a head sent a byte a second was read for {took:?}"
    );
    assert!(response.starts_with("HTTP/1.1 408 "), "{response}");

    let (closed, took, response) = silent.join().unwrap();
    assert!(closed, "a silent connection was kept for {took:?}");
    assert!(took < Duration::from_secs(30), "{took:?}");
    let response = String::from_utf8_lossy(&response);
    assert!(
        response.is_empty() || response.starts_with("HTTP/1.1 408 "),
        "{response}"
    );
}

#[test]
fn serve_refuses_large_heads_bodies_and_pipelines() {
    let served = serve_html();
    let host = format!("Host: {}\r\n", served.address);
    let big = "a".repeat(1 << 20);
    // A 1 MiB header, one without end, and ten thousand short ones.
    let mut many = String::new();
    for n in 0..10_000 {
        many.push_str(&format!("X-{n}: 1\r\n"));
    }
    for (what, raw) in [
        (
            "a 1 MiB header",
            format!("GET / HTTP/1.1\r\n{host}X-Big: {big}\r\n\r\n"),
        ),
        (
            "a header line without end",
            format!("GET / HTTP/1.1\r\n{host}X-Endless: {big}"),
        ),
        (
            "10,000 header lines",
            format!("GET / HTTP/1.1\r\n{host}{many}\r\n"),
        ),
        (
            "a 1 MiB request line",
            format!("GET /{big} HTTP/1.1\r\n{host}\r\n"),
        ),
    ] {
        let (status, response) = exchange_whole(&served.address, raw.as_bytes());
        assert_eq!(status, 431, "{what}: {response}");
        assert!(response.contains("Connection: close"), "{what}");
        assert!(
            response.ends_with("request head too large\n"),
            "{what}: {response}"
        );
    }
    // Bodies are not taken.
    for (what, raw) in [
        (
            "a body",
            format!("GET / HTTP/1.1\r\n{host}Content-Length: 11\r\n\r\nhello world"),
        ),
        (
            "a chunked body",
            format!(
                "GET / HTTP/1.1\r\n{host}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
            ),
        ),
        (
            "a large body",
            format!(
                "GET / HTTP/1.1\r\n{host}Content-Length: {}\r\n\r\n{big}",
                big.len()
            ),
        ),
    ] {
        let (status, response) = exchange_whole(&served.address, raw.as_bytes());
        assert_eq!(status, 413, "{what}: {response}");
    }
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let (status, _) = exchange(
            &served.address,
            format!("{method} / HTTP/1.1\r\n{host}\r\n").as_bytes(),
        );
        assert_eq!(status, 405, "{method}");
    }
    // Pipelined requests: the first is answered, and the connection
    // closes; the rest are never read as requests.
    let two = format!(
        "GET /__quire/reload.js HTTP/1.1\r\n{host}\r\nGET / HTTP/1.1\r\n{host}\r\n\
         GET / HTTP/1.1\r\n{host}\r\n"
    );
    let (status, response) = exchange_whole(&served.address, two.as_bytes());
    assert_eq!(status, 200);
    assert_eq!(response.matches("HTTP/1.1 ").count(), 1, "{response}");
    assert!(response.contains("location.reload()"));
    // And after all that the page answers.
    assert_eq!(get(&served.address, "/").0, 200);
}

#[test]
fn serve_long_polls_never_starve_the_page() {
    let served = serve_html();
    let held = quire::serve::MAX_WAITING + 36;
    // Pages waiting for the build after the one they show (the first).
    let polls: Vec<TcpStream> = (0..held)
        .map(|_| {
            let mut stream = TcpStream::connect(&served.address).unwrap();
            write!(
                stream,
                "GET /__quire/wait?after=1 HTTP/1.1\r\nHost: {}\r\n\r\n",
                served.address
            )
            .unwrap();
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_secs(1));
    for path in ["/", "/__quire/reload.js", "/hate-crime-strategy.html"] {
        let started = Instant::now();
        let (status, _) = get(&served.address, path);
        assert_eq!(status, 200, "{path} with {held} polls held");
        assert!(started.elapsed() < Duration::from_secs(10), "{path}");
    }
    // The polls past the cap were told at once that nothing has changed
    // (the script asks again); the rest are held.
    let mut told = 0;
    let mut answered = vec![false; polls.len()];
    let all_told = eventually(|| {
        for (stream, answered) in polls.iter().zip(answered.iter_mut()) {
            if *answered {
                continue;
            }
            stream.set_nonblocking(true).unwrap();
            let mut buf = [0u8; 1024];
            if let Ok(n) = (&*stream).read(&mut buf)
                && n > 0
            {
                let response = String::from_utf8_lossy(&buf[..n]);
                assert!(response.starts_with("HTTP/1.1 200 "), "{response}");
                assert!(response.ends_with("\r\n\r\n1"), "no change yet: {response}");
                *answered = true;
                told += 1;
            }
        }
        told >= held - quire::serve::MAX_WAITING
    });
    assert!(all_told, "{told} of {held} polls answered");
}

#[test]
fn serve_warns_when_bound_beyond_loopback() {
    // Bound to every address, on a free port; connected to on 127.0.0.1 only.
    let served = serve_with(&["--bind", "0.0.0.0", "--only", "html"]);
    assert!(served.address.starts_with("0.0.0.0:"), "{}", served.address);
    let port = served.port();
    let loopback = format!("127.0.0.1:{port}");
    let (status, page) = get(&loopback, "/");
    assert_eq!(status, 200);
    assert!(page.contains("Hate Crime Strategy"));
    // A foreign host is still refused.
    let (status, _) = exchange(
        &loopback,
        format!("GET / HTTP/1.1\r\nHost: attacker.example:{port}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    assert_eq!(status, 421);
    let stderr = served.stop();
    assert!(stderr.contains("warning: serving on 0.0.0.0:"), "{stderr}");
    assert!(
        stderr.contains("anyone who can reach that address on the network can now read the draft"),
        "{stderr}"
    );
}
