//! End to end: `quire watch` whose standard output is closed (`quire
//! watch | head -3`, a terminal gone) keeps watching and rebuilding: a
//! line it cannot print is dropped, not a crash.

use std::time::{Duration, Instant};

use crate::common;

use common::{append, copy_project, start_watch};

#[test]
fn watch_goes_on_rebuilding_after_its_output_is_closed() {
    let project = copy_project();
    let p = project.path();
    let watching = start_watch(p, &["watch", "--only", "html"]);
    let mut child = watching.child;
    drop(watching.rest);
    // The reading end goes away, as `head` exits after its lines. Two
    // saves: the first rebuild's line meets the closed pipe, the second
    // rebuild shows the watch went on.
    let page = p.join("out/hate-crime-strategy.html");
    let mut rebuilt = true;
    for n in 1..=2 {
        let sentence = format!("Sentence {n}, saved after the reader left.");
        append(
            &p.join("sections/prose/introduction.md"),
            &format!("\n{sentence}\n"),
        );
        let started = Instant::now();
        rebuilt &= loop {
            if std::fs::read_to_string(&page).is_ok_and(|t| t.contains(&sentence)) {
                break true;
            }
            if started.elapsed() > Duration::from_secs(60) || child.try_wait().unwrap().is_some() {
                break false;
            }
            std::thread::sleep(Duration::from_millis(100));
        };
    }
    let alive = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    assert!(rebuilt, "both saves were rebuilt");
    assert!(alive, "watch is still running");
}
