//! `quire watch --serve`: the HTML edition served on the loopback address,
//! reloaded in the browser after every rebuild (as `mdbook serve` does).
//!
//! The server is tiny_http (small, synchronous, no async runtime: one
//! author's browser on their own machine is all it serves). It listens on
//! 127.0.0.1 unless another address is asked for, and serves only the files
//! of the output folder: a path that leaves it (`..`, a link out) is not
//! found. Pages it serves get one line more than the file on disk: a
//! script from the server itself that waits for the next rebuild (a long
//! poll of `/__quire/wait`) and then reloads the page. The HTML edition
//! written to disk never has it.

use std::io::Cursor;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, StatusCode};

/// Where the reload script is served.
pub const RELOAD_SCRIPT: &str = "/__quire/reload.js";
/// Where the reload script waits for the next rebuild.
const WAIT: &str = "/__quire/wait";
/// How long a wait is held open before the script asks again.
const WAIT_AT_MOST: Duration = Duration::from_secs(25);
/// Requests answered at once; more are told to come back.
const MAX_IN_FLIGHT: usize = 64;

/// The script each served page loads: it waits for a rebuild after the one
/// the page came from, then reloads (and tries again after a pause if the
/// server is gone for a moment).
const RELOAD_JS: &str = r#"(function () {
  var seen = document.currentScript.getAttribute("data-build");
  function wait() {
    fetch("/__quire/wait?after=" + encodeURIComponent(seen), { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (now) { if (now.trim() !== seen) { location.reload(); } else { wait(); } })
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

/// The rebuilds so far, which waiting pages watch.
#[derive(Default)]
struct Builds {
    count: Mutex<u64>,
    changed: Condvar,
}

impl Builds {
    fn now(&self) -> u64 {
        *self.count.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The build count once it is not `seen`, or after `at_most`.
    fn wait_past(&self, seen: u64, at_most: Duration) -> u64 {
        let count = self.count.lock().unwrap_or_else(|p| p.into_inner());
        let (count, _) = self
            .changed
            .wait_timeout_while(count, at_most, |now| *now == seen)
            .unwrap_or_else(|p| p.into_inner());
        *count
    }
}

/// A running server. It stops when dropped.
pub struct Server {
    server: Arc<tiny_http::Server>,
    site: Arc<Site>,
    builds: Arc<Builds>,
    address: SocketAddr,
    worker: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Serves on `address` (port 0: any free port); what it serves is told
    /// by [`Server::rebuilt`], and until then `/` says there is no page yet.
    pub fn start(address: SocketAddr) -> Result<Server, ServeError> {
        let server = tiny_http::Server::http(address).map_err(|e| ServeError {
            address,
            message: e.to_string(),
        })?;
        let address = server
            .server_addr()
            .to_ip()
            .expect("an HTTP server on an IP address");
        let server = Arc::new(server);
        let builds = Arc::new(Builds::default());
        let site = Arc::new(Site {
            location: Mutex::new(None),
            builds: builds.clone(),
        });
        let told = site.clone();
        let incoming = server.clone();
        let worker = std::thread::spawn(move || {
            let in_flight = Arc::new(AtomicUsize::new(0));
            for request in incoming.incoming_requests() {
                if in_flight.fetch_add(1, Ordering::SeqCst) >= MAX_IN_FLIGHT {
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    let _ = request.respond(Response::empty(StatusCode(503)));
                    continue;
                }
                let site = site.clone();
                let in_flight = in_flight.clone();
                std::thread::spawn(move || {
                    site.answer(request);
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        Ok(Server {
            server,
            site: told,
            builds,
            address,
            worker: Some(worker),
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
        *self.site.location.lock().unwrap_or_else(|p| p.into_inner()) =
            Some((out_dir.to_path_buf(), page.to_string()));
        let mut count = self.builds.count.lock().unwrap_or_else(|p| p.into_inner());
        *count += 1;
        self.builds.changed.notify_all();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// What is served: the output folder and the HTML edition's file name in
/// it, once a build has written them.
struct Site {
    location: Mutex<Option<(PathBuf, String)>>,
    builds: Arc<Builds>,
}

impl Site {
    fn answer(&self, request: Request) {
        if !matches!(request.method(), Method::Get | Method::Head) {
            let _ = request.respond(Response::empty(StatusCode(405)));
            return;
        }
        let url = request.url().to_string();
        let (path, query) = url.split_once('?').unwrap_or((&url, ""));
        let response = match path {
            RELOAD_SCRIPT => bytes(RELOAD_JS.as_bytes().to_vec(), "text/javascript"),
            WAIT => {
                let seen = query
                    .split('&')
                    .find_map(|pair| pair.strip_prefix("after="))
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| self.builds.now());
                let now = self.builds.wait_past(seen, WAIT_AT_MOST);
                bytes(now.to_string().into_bytes(), "text/plain")
            }
            other => self.file(other),
        };
        let _ = request.respond(response);
    }

    /// A file of the output folder, by its URL path; pages get the reload
    /// script.
    fn file(&self, url_path: &str) -> Response<Cursor<Vec<u8>>> {
        let location = self
            .location
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let Some((out_dir, page)) = location else {
            return if url_path == "/" {
                self.no_page_yet()
            } else {
                not_found()
            };
        };
        let url_path = if url_path == "/" {
            format!("/{page}")
        } else {
            url_path.to_string()
        };
        let Some(path) = inside(&out_dir, &url_path) else {
            return not_found();
        };
        let Ok(body) = std::fs::read(&path) else {
            return not_found();
        };
        let kind = mime_guess::from_path(&path).first_or_octet_stream();
        if kind.essence_str() == "text/html" {
            let page = String::from_utf8_lossy(&body);
            return bytes(
                with_reload(&page, self.builds.now()).into_bytes(),
                "text/html; charset=utf-8",
            );
        }
        bytes(body, kind.essence_str())
    }

    /// What `/` shows before the first good build.
    fn no_page_yet(&self) -> Response<Cursor<Vec<u8>>> {
        let page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
            <title>No HTML edition yet</title></head><body><main><h1>No HTML edition yet</h1>\
            <p>The build has not written it: see the terminal for what stopped it. \
            This page reloads when a build succeeds.</p></main></body></html>";
        bytes(
            with_reload(page, self.builds.now()).into_bytes(),
            "text/html; charset=utf-8",
        )
    }
}

/// The file a URL path names inside `root`, if it is a file there: the
/// path is percent-decoded, and one that climbs out (`..`, a link out of
/// the folder) names nothing.
pub fn inside(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
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

fn bytes(body: Vec<u8>, kind: &str) -> Response<Cursor<Vec<u8>>> {
    let mut response = Response::from_data(body);
    for (name, value) in [("Content-Type", kind), ("Cache-Control", "no-store")] {
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    response
}

fn not_found() -> Response<Cursor<Vec<u8>>> {
    bytes(b"not found".to_vec(), "text/plain").with_status_code(404)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_inside_the_folder_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("doc_files")).unwrap();
        std::fs::write(out.join("doc.html"), "<p>hi</p>").unwrap();
        std::fs::write(out.join("doc_files/a b.css"), "p{}").unwrap();
        std::fs::write(dir.path().join("secret.toml"), "x = 1").unwrap();
        assert!(inside(&out, "/doc.html").is_some());
        assert!(inside(&out, "/doc_files/a%20b.css").is_some());
        for outside in [
            "/../secret.toml",
            "/%2e%2e/secret.toml",
            "/doc_files/../../secret.toml",
            "//etc/passwd",
            "/doc_files",
            "/missing.html",
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

    #[test]
    fn a_waiting_page_hears_of_the_next_build() {
        let builds = Arc::new(Builds::default());
        let waiting = {
            let builds = builds.clone();
            std::thread::spawn(move || builds.wait_past(0, Duration::from_secs(20)))
        };
        std::thread::sleep(Duration::from_millis(50));
        *builds.count.lock().unwrap() += 1;
        builds.changed.notify_all();
        assert_eq!(waiting.join().unwrap(), 1);
        // With nothing new, the wait ends at its limit with the same count.
        assert_eq!(builds.wait_past(1, Duration::from_millis(10)), 1);
    }
}
