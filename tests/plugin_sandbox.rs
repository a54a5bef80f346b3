//! A loaded plugin is confined (issue 25): its process reads only the
//! project folder, writes nothing, reaches no network, runs no program,
//! starts no process, signals nothing outside itself, and may use only
//! `[plugins] memory`; whatever it starts is stopped with it; and bytes it
//! writes into its host's answer channel are found and named, never taken
//! for an answer. Each class is attacked by the `intruder` fixture plugin
//! (`tests/fixtures/plugins/examples/intruder.rs`) in several ways, and
//! every network attempt is at a loopback address.
//!
//! The confinement needs Linux's Landlock; on a kernel without it the
//! tests that need it say so and stop (never on CI).

#![cfg(target_os = "linux")]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::plugins::{add_section, append_to_manifest, fixture, install};
use common::{copy_project, quire};

/// What `quire` says where it cannot confine plugins.
const CANNOT_CONFINE: &str = "this system cannot confine plugins";

/// A copy of the shipped project with the intruder in its plugin folder
/// and `settings` under `[plugins]`.
fn project_with_intruder(settings: &str) -> tempfile::TempDir {
    let p = copy_project();
    install(p.path(), &fixture("intruder"));
    append_to_manifest(p.path(), &format!("\n[plugins]\n{settings}\n"));
    p
}

/// A section `id` in which the intruder tries `attempt` with `args`
/// (TOML lines).
fn attempt(project: &Path, id: &str, attempt: &str, args: &str) {
    add_section(
        project,
        id,
        "intruder",
        &format!("attempt = \"{attempt}\"\n{args}\n"),
    );
}

/// A TOML line `key = "value"`.
fn line(key: &str, value: &str) -> String {
    format!("{key} = {value:?}")
}

/// Whether plugins are confined here: `false` (and a note on why the test
/// stops) where the kernel has no Landlock; on CI that is a failure.
fn confined_here(stderr: &str) -> bool {
    if !stderr.contains(CANNOT_CONFINE) {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must confine plugins, but quire said:\n{stderr}"
    );
    eprintln!("skipping: this kernel has no Landlock, so plugins are not confined here");
    false
}

/// Runs `quire build` and returns its output and standard error.
fn build(project: &Path) -> (Output, String) {
    let out = quire(project, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stderr)
}

/// The build failed (exit 1, never a crash) and wrote nothing.
fn failed(project: &Path, out: &Output, stderr: &str) {
    common::no_crash(out, "the intruder");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!project.join("out").exists(), "nothing was written");
}

/// Each section's error: the intruder's attempt was refused.
fn each_refused(stderr: &str, ids: &[&str]) {
    for id in ids {
        let error = stderr
            .lines()
            .find(|l| l.contains(&format!("section `{id}`: the `intruder` plugin failed:")))
            .unwrap_or_else(|| panic!("no error for section `{id}` in:\n{stderr}"));
        assert!(error.contains("refused: "), "{id}: {error}");
    }
}

/// Nothing `quire` printed, and no file it wrote, holds `secret`.
fn never_shown(project: &Path, out: &Output, secret: &str) {
    for (what, printed) in [("output", &out.stdout), ("error output", &out.stderr)] {
        let printed = String::from_utf8_lossy(printed);
        assert!(
            !printed.contains(secret),
            "{secret:?} in the {what}:\n{printed}"
        );
    }
    if let Ok(files) = std::fs::read_dir(project.join("out")) {
        for file in files {
            let bytes = std::fs::read(file.unwrap().path()).unwrap();
            assert!(!String::from_utf8_lossy(&bytes).contains(secret));
        }
    }
}

/// A folder outside the project holding a file with a secret in it.
fn outside_secret() -> (tempfile::TempDir, PathBuf, &'static str) {
    let secret = "SECRET-25-c0ffee";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.txt");
    std::fs::write(&path, secret).unwrap();
    (dir, path, secret)
}

#[test]
fn reading_outside_the_project_is_refused_however_it_is_asked() {
    let (outside, secret_file, secret) = outside_secret();
    let p = project_with_intruder("");
    let shown = secret_file.display().to_string();
    attempt(p.path(), "passwd", "read", &line("path", "/etc/passwd"));
    attempt(p.path(), "outside", "read", &line("path", &shown));
    // The same file through the process's view of the root, and through
    // a link inside the project that leads out.
    let through_proc = format!("/proc/self/root{shown}");
    attempt(p.path(), "proc-root", "read", &line("path", &through_proc));
    let link = p.path().join("sections/data/linked.txt");
    std::os::unix::fs::symlink(&secret_file, &link).unwrap();
    attempt(
        p.path(),
        "link",
        "read",
        &line("path", &link.display().to_string()),
    );
    // Quire's environment and memory map, the outside folder's listing, a
    // home folder's, and the host's own environment.
    attempt(
        p.path(),
        "parent-environ",
        "read",
        "path = \"/proc/{parent}/environ\"",
    );
    attempt(
        p.path(),
        "parent-maps",
        "read",
        "path = \"/proc/{parent}/maps\"",
    );
    attempt(
        p.path(),
        "listing",
        "list",
        &line("path", &outside.path().display().to_string()),
    );
    attempt(p.path(), "home", "list", &line("path", "/root"));
    attempt(
        p.path(),
        "environment",
        "env",
        &line("name", "QUIRE_SANDBOX_SECRET"),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("build")
        .current_dir(p.path())
        .env("NO_COLOR", "1")
        .env("QUIRE_SANDBOX_SECRET", "SECRET-25-env")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if !confined_here(&stderr) {
        return;
    }
    failed(p.path(), &out, &stderr);
    each_refused(
        &stderr,
        &[
            "passwd",
            "outside",
            "proc-root",
            "link",
            "parent-environ",
            "parent-maps",
            "listing",
            "home",
            "environment",
        ],
    );
    assert!(
        stderr.contains("Permission denied"),
        "the system's own words: {stderr}"
    );
    for leaked in [secret, "root:x:0:0", "SECRET-25-env"] {
        never_shown(p.path(), &out, leaked);
    }
}

#[test]
fn a_confined_plugin_still_reads_the_project_folder() {
    let p = project_with_intruder("");
    std::fs::write(
        p.path().join("sections/notes.txt"),
        "Notes from the project",
    )
    .unwrap();
    attempt(p.path(), "notes", "read", "path = \"sections/notes.txt\"");
    attempt(p.path(), "folder", "list", "path = \"sections\"");
    let out = quire(p.path(), &["build", "--only", "html"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let html = std::fs::read_to_string(p.path().join("out/hate-crime-strategy.html")).unwrap();
    assert!(html.contains("done: read Notes from the project"), "{html}");
    assert!(html.contains("quire.toml"), "the listing");
}

#[test]
fn writing_is_refused_outside_and_inside_the_project() {
    let outside = tempfile::tempdir().unwrap();
    let p = project_with_intruder("");
    let targets = [
        ("outside", outside.path().join("planted.txt")),
        ("new-file", p.path().join("sections/planted.txt")),
        ("existing", p.path().join("sections/data/plan.toml")),
        (
            "tmp",
            PathBuf::from(format!("/tmp/quire-planted-{}", std::process::id())),
        ),
    ];
    let before = std::fs::read(&targets[2].1).unwrap();
    for (id, target) in &targets {
        attempt(
            p.path(),
            id,
            "write",
            &line("path", &target.display().to_string()),
        );
    }
    let (out, stderr) = build(p.path());
    if !confined_here(&stderr) {
        return;
    }
    failed(p.path(), &out, &stderr);
    let ids: Vec<&str> = targets.iter().map(|(id, _)| *id).collect();
    each_refused(&stderr, &ids);
    assert!(!targets[0].1.exists() && !targets[1].1.exists() && !targets[3].1.exists());
    assert_eq!(std::fs::read(&targets[2].1).unwrap(), before, "unchanged");
}

#[test]
fn the_network_is_refused_tcp_udp_and_unix_sockets() {
    use std::os::unix::net::UnixListener;
    let tcp = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    tcp.set_nonblocking(true).unwrap();
    let udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    udp.set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let p = project_with_intruder("");
    // A socket inside the project folder, which the plugin may read.
    let inside = p.path().join("sections/listening.sock");
    let by_path = UnixListener::bind(&inside).unwrap();
    by_path.set_nonblocking(true).unwrap();
    let name = format!("quire-sandbox-{}", std::process::id());
    let abstract_listener = {
        use std::os::linux::net::SocketAddrExt;
        let address = std::os::unix::net::SocketAddr::from_abstract_name(&name).unwrap();
        UnixListener::bind_addr(&address).unwrap()
    };
    abstract_listener.set_nonblocking(true).unwrap();
    let tcp_address = tcp.local_addr().unwrap().to_string();
    let udp_address = udp.local_addr().unwrap().to_string();
    attempt(
        p.path(),
        "tcp",
        "connect_tcp",
        &line("address", &tcp_address),
    );
    attempt(p.path(), "udp", "send_udp", &line("address", &udp_address));
    attempt(
        p.path(),
        "unix",
        "connect_unix",
        &line("path", &inside.display().to_string()),
    );
    attempt(
        p.path(),
        "abstract",
        "connect_abstract",
        &line("name", &name),
    );
    let (out, stderr) = build(p.path());
    if !confined_here(&stderr) {
        return;
    }
    failed(p.path(), &out, &stderr);
    each_refused(&stderr, &["tcp", "udp", "unix", "abstract"]);
    let nothing = |accepted: std::io::Result<()>| {
        let err = accepted.expect_err("nothing may connect");
        assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock, "{err}");
    };
    nothing(tcp.accept().map(drop));
    nothing(by_path.accept().map(drop));
    nothing(abstract_listener.accept().map(drop));
    let mut buffer = [0u8; 64];
    assert!(udp.recv_from(&mut buffer).is_err(), "no datagram arrived");
}

#[test]
fn no_program_runs_and_no_process_is_started() {
    let outside = tempfile::tempdir().unwrap();
    let mark = outside.path().join("shell-ran");
    let p = project_with_intruder("");
    let script = format!("touch {}", mark.display());
    attempt(p.path(), "shell", "exec", &line("script", &script));
    attempt(p.path(), "fork", "fork", "");
    attempt(p.path(), "new-session", "setsid", "");
    let (out, stderr) = build(p.path());
    if !confined_here(&stderr) {
        return;
    }
    failed(p.path(), &out, &stderr);
    each_refused(&stderr, &["shell", "fork", "new-session"]);
    assert!(!mark.exists(), "the shell ran");
    assert!(!stderr.contains("grandchild"), "{stderr}");
}

/// A process of the test's own, for the plugin to aim at.
struct Victim(std::process::Child);

impl Victim {
    fn start() -> Self {
        Self(Command::new("sleep").arg("60").spawn().unwrap())
    }

    fn alive(&mut self) -> bool {
        self.0.try_wait().unwrap().is_none()
    }
}

impl Drop for Victim {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_plugin_signals_and_traces_no_process_but_its_own_and_quire_survives() {
    let mut victim = Victim::start();
    let pid = victim.0.id();
    let p = project_with_intruder("");
    attempt(p.path(), "parent", "kill", "whom = \"parent\"");
    attempt(p.path(), "victim", "kill", &format!("pid = {pid}"));
    attempt(p.path(), "trace", "ptrace", &format!("pid = {pid}"));
    attempt(
        p.path(),
        "after",
        "read",
        "path = \"sections/no-such-file\"",
    );
    let (out, stderr) = build(p.path());
    if !confined_here(&stderr) {
        return;
    }
    // Quire lived to report every section, the last one too.
    failed(p.path(), &out, &stderr);
    each_refused(&stderr, &["parent", "victim", "trace", "after"]);
    assert!(stderr.contains("Operation not permitted"), "{stderr}");
    assert!(stderr.contains("No such file or directory"), "{stderr}");
    assert!(
        victim.alive(),
        "the plugin killed a process outside its own"
    );
}

/// Whether the process `pid` still runs (a zombie does not).
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let state = stat.rsplit_once(") ")?.1.chars().next()?;
            Some(!matches!(state, 'Z' | 'X'))
        })
        .unwrap_or(false)
}

/// The grandchild a `fork` attempt reported.
fn grandchild(stderr: &str) -> u32 {
    let (_, rest) = stderr
        .split_once("grandchild ")
        .unwrap_or_else(|| panic!("no grandchild in:\n{stderr}"));
    rest.split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap()
}

/// Waits up to two seconds for `pid` to end; kills it if it did not, so a
/// failing test leaves nothing behind.
fn gone(pid: u32) -> bool {
    let deadline = Instant::now() + Duration::from_secs(2);
    while running(pid) {
        if Instant::now() > deadline {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    true
}

/// Confined, a plugin starts no process (above); unconfined it can, and
/// a process it starts is stopped with its host: when a later call times
/// out, and when the build ends.
#[test]
fn a_grandchild_never_outlives_quire_even_unconfined() {
    // Stopped at the timeout: the fork's host hangs in the next section.
    let p = project_with_intruder("sandbox = \"off\"\ntimeout = 1");
    attempt(p.path(), "fork", "fork", "");
    attempt(p.path(), "hang", "hang", "");
    let (out, stderr) = build(p.path());
    failed(p.path(), &out, &stderr);
    assert!(
        stderr.contains("section `hang`: the `intruder` plugin did not finish within 1 s"),
        "{stderr}"
    );
    let pid = grandchild(&stderr);
    assert!(
        gone(pid),
        "the grandchild {pid} outlived its host's timeout"
    );

    // Stopped when the build ends, its host still waiting for requests.
    let p = project_with_intruder("sandbox = \"off\"");
    attempt(p.path(), "fork", "fork", "");
    let (out, stderr) = build(p.path());
    failed(p.path(), &out, &stderr);
    let pid = grandchild(&stderr);
    assert!(gone(pid), "the grandchild {pid} outlived the build");
}

#[test]
fn a_forged_answer_is_found_and_named_and_the_next_section_gets_its_own() {
    let p = project_with_intruder("");
    // The forged answer says FORGED, the plugin's real one "the real
    // answer"; the next section's own answer is a refusal to read.
    attempt(p.path(), "forged", "forge", "seq = 1");
    attempt(p.path(), "next", "read", "path = \"sections/no-such-file\"");
    let (out, stderr) = build(p.path());
    failed(p.path(), &out, &stderr);
    assert!(
        stderr.contains(
            "section `forged`: the `intruder` plugin wrote into Quire's answer channel (an answer not stamped for the request it was sent); its process was stopped"
        ),
        "{stderr}"
    );
    each_refused(&stderr, &["next"]);
    assert!(stderr.contains("No such file or directory"), "{stderr}");
    never_shown(p.path(), &out, "FORGED");
    never_shown(p.path(), &out, "the real answer");
}

/// A request for the intruder with `data`.
fn request(data: serde_json::Value) -> quire_plugin::SectionRequest {
    let section = quire_plugin::SectionContext {
        id: "intruder".into(),
        label: "sec-intruder".into(),
    };
    let mut request = quire_plugin::SectionRequest::new(section, quire_plugin::testing::meta());
    request.data = data;
    request
}

/// The text of a section's answer.
fn said(answer: &quire_plugin::SectionResponse) -> String {
    format!("{:?}", answer.blocks)
}

/// A thread the plugin leaves running writes into the answer channel
/// after its answer has gone: found before the next request is sent, named,
/// and the host started afresh answers the one after in step.
#[test]
fn a_thread_left_running_cannot_answer_a_later_request() {
    use quire_core::isolated::{HostSettings, IsolatedPlugin};
    use quire_core::watchdog::Unanswered;
    let project = tempfile::tempdir().unwrap();
    let host = Path::new(env!("CARGO_BIN_EXE_quire-plugin-host"));
    let settings = HostSettings::confined(Duration::from_secs(10), project.path());
    let plugin = IsolatedPlugin::load(host, &fixture("intruder"), &settings).unwrap();

    let first = plugin.call(&request(serde_json::json!({
        "attempt": "linger", "delay_ms": 100, "seq": 2
    })));
    let first = first.unwrap().unwrap();
    assert!(said(&first).contains("the real answer"), "{first:?}");
    std::thread::sleep(Duration::from_millis(600));
    let second = plugin.call(&request(serde_json::json!({ "say": "second" })));
    assert_eq!(
        second,
        Err(Unanswered::Forged("bytes after its answer".into()))
    );
    let third = plugin.call(&request(serde_json::json!({ "say": "third" })));
    let third = third.unwrap().unwrap();
    assert!(said(&third).contains("third"), "{third:?}");

    // Forged ahead of the answer, with the right number and a guessed token.
    let forged = plugin.call(&request(
        serde_json::json!({ "attempt": "forge", "seq": 1 }),
    ));
    assert_eq!(
        forged,
        Err(Unanswered::Forged(
            "an answer not stamped for the request it was sent".into()
        ))
    );
    let after = plugin.call(&request(serde_json::json!({ "say": "after" })));
    assert!(said(&after.unwrap().unwrap()).contains("after"));
}

#[test]
fn a_plugin_that_takes_too_much_memory_is_told_it_ran_out_within_seconds() {
    let p = project_with_intruder("timeout = 60");
    // 20 GB, of which 64 MiB is touched; then it would hang.
    attempt(
        p.path(),
        "greedy",
        "allocate",
        "bytes = 20_000_000_000\ntouch = 67_108_864",
    );
    attempt(p.path(), "mapped", "mmap", "bytes = 20_000_000_000");
    let started = Instant::now();
    let (out, stderr) = build(p.path());
    let took = started.elapsed();
    failed(p.path(), &out, &stderr);
    assert!(
        stderr.contains(
            "section `greedy`: the `intruder` plugin ran out of memory (limit 2 GiB) while building the section"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("raise `memory` (in MiB)"), "{stderr}");
    assert!(!stderr.contains("did not finish"), "{stderr}");
    each_refused(&stderr, &["mapped"]);
    assert!(stderr.contains("Cannot allocate memory"), "{stderr}");
    assert!(took < Duration::from_secs(20), "{took:?}");

    // The limit is the project's.
    let p = project_with_intruder("memory = 512");
    attempt(
        p.path(),
        "greedy",
        "allocate",
        "bytes = 1_073_741_824\ntouch = 0",
    );
    let (out, stderr) = build(p.path());
    failed(p.path(), &out, &stderr);
    assert!(
        stderr.contains("ran out of memory (limit 512 MiB)"),
        "{stderr}"
    );
}

/// `sandbox = "off"` is the project's explicit choice: the plugin runs
/// with the rights of the person running Quire, and Quire says so.
#[test]
fn with_the_sandbox_off_a_plugin_reads_outside_and_quire_says_so() {
    let (_outside, secret_file, secret) = outside_secret();
    let p = project_with_intruder("sandbox = \"off\"");
    attempt(
        p.path(),
        "outside",
        "read",
        &line("path", &secret_file.display().to_string()),
    );
    let out = quire(p.path(), &["build", "--only", "html"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "note: loaded plugins run unconfined, with your full rights (`[plugins] sandbox = \"off\"`)"
        ),
        "{stderr}"
    );
    assert_eq!(stderr.matches("note: loaded plugins run").count(), 1);
    let html = std::fs::read_to_string(p.path().join("out/hate-crime-strategy.html")).unwrap();
    assert!(html.contains(secret), "the documented behaviour");
}

/// In Quire's own process nothing can be confined: Quire says so, and
/// refuses settings that could not hold there.
#[test]
fn in_process_plugins_are_said_to_be_unconfined_and_process_settings_are_refused() {
    let p = project_with_intruder("isolation = \"none\"");
    attempt(p.path(), "said", "", "say = \"hello\"");
    let out = quire(p.path(), &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("note: loaded plugins run inside Quire (`[plugins] isolation = \"none\"`), unconfined, with your full rights"),
        "{stderr}"
    );

    for (settings, expected) in [
        (
            "isolation = \"none\"\nsandbox = \"on\"",
            "field `plugins.sandbox`: a plugin loaded into Quire's own process (`isolation = \"none\"`) cannot be confined",
        ),
        (
            "isolation = \"none\"\nmemory = 1024",
            "field `plugins.memory`: a plugin loaded into Quire's own process (`isolation = \"none\"`) cannot be given a memory limit",
        ),
    ] {
        let p = project_with_intruder(settings);
        common::fails_with(p.path(), &["sections/quire.toml:", expected]);
    }
}

#[test]
fn a_memory_limit_or_sandbox_that_cannot_be_used_is_an_error_at_its_line() {
    for (bad, expected) in [
        ("memory = 0", "0 MiB is not a memory limit Quire can use"),
        (
            "memory = 100",
            "100 MiB is not a memory limit Quire can use",
        ),
        ("memory = 2_000_000", "is not a memory limit Quire can use"),
        ("memory = -1", "plugins.memory"),
        ("memory = 1.5", "plugins.memory"),
        ("memory = \"2 GiB\"", "plugins.memory"),
        ("sandbox = \"maybe\"", "plugins.sandbox"),
        ("sandbox = false", "plugins.sandbox"),
    ] {
        let p = copy_project();
        append_to_manifest(p.path(), &format!("\n[plugins]\n{bad}\n"));
        let stderr = common::fails_with(p.path(), &["sections/quire.toml:", expected]);
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
