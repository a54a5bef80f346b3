//! End to end: `quire watch --serve` serves the HTML edition on the
//! loopback address, with the reload script that only the served copy
//! carries; a page waiting for the next build hears of it when a saved
//! file is rebuilt; nothing outside the output folder is served; and
//! `--serve` without the HTML edition is refused.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Child;
use std::time::Duration;

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

fn serve() -> Served {
    let project = copy_project();
    let watching = start_watch(project.path(), &["watch", "--serve", "--port", "0"]);
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

/// A GET of `path`: the status code and the body.
fn get(address: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string());
    (status, body)
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
