//! One run for several builds: `cargo bench -p quire --bench all`.
//!
//! Times `quire build --all` (the shipped strategy and its committee
//! profile, in one process, in parallel) against the same two builds one
//! after another as separate `quire build` commands, and `quire build A B C`
//! (three generated 10-chapter documents, ≈ 40 pages each) against three
//! commands one after another. Each case is timed end to end as the person
//! typing the commands waits, fresh processes every run.
//!
//! Options: `--runs N` (default 5). Target: the one run ≥ 1.5× faster.

#[path = "../../../tests/common/mod.rs"]
mod common;
#[path = "common/generate.rs"]
mod generate;
#[path = "common/stats.rs"]
mod stats;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use stats::median;

const USAGE: &str = "usage: all [--runs N]";

/// A case: its name, the folder the commands run in, the commands one by
/// one, and the one command that does them all.
type Case<'a> = (&'a str, &'a Path, Vec<Vec<&'a str>>, Vec<&'a str>);

/// Runs `quire` with `args` in `cwd`, which must succeed.
fn quire(cwd: &Path, args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .arg("--quiet")
        .current_dir(cwd)
        .status()
        .unwrap();
    assert!(status.success(), "quire {args:?} failed");
}

/// The seconds `work` takes, median of `runs`.
fn timed(runs: usize, mut work: impl FnMut()) -> f64 {
    median((0..runs).map(|_| {
        let started = Instant::now();
        work();
        started.elapsed().as_secs_f64()
    }))
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let mut runs = 5usize;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "--runs" {
            runs = it.next().and_then(|v| v.parse().ok()).expect(USAGE);
        }
    }
    let repo = common::repo();
    let shipped = common::copy_project();
    let s = shipped.path();
    let generated = tempfile::tempdir().unwrap();
    let g = generated.path();
    for name in ["a", "b", "c"] {
        generate::generate(&repo, &g.join(name), 10);
    }
    // Warm the file cache and the plugin libraries' pages once.
    quire(s, &["build", "--all"]);

    println!("quire build --all benchmark: {runs} runs each, medians, fresh processes");
    println!(
        "{:<44} {:>10} {:>10} {:>8}",
        "case", "one run s", "one by one s", "ratio"
    );
    let cases: [Case; 2] = [
        (
            "strategy + committee profile",
            s,
            vec![vec!["build"], vec!["build", "--profile", "committee"]],
            vec!["build", "--all"],
        ),
        (
            "three 40-page documents",
            g,
            vec![
                vec!["build", "a/quire.toml"],
                vec!["build", "b/quire.toml"],
                vec!["build", "c/quire.toml"],
            ],
            vec!["build", "a/quire.toml", "b/quire.toml", "c/quire.toml"],
        ),
    ];
    for (name, dir, one_by_one, together) in cases {
        let apart = timed(runs, || {
            for args in &one_by_one {
                quire(dir, args);
            }
        });
        let one = timed(runs, || quire(dir, &together));
        let ratio = apart / one;
        let verdict = if ratio >= 1.5 { "PASS" } else { "FAIL" };
        println!("{name:<44} {one:>10.3} {apart:>10.3} {ratio:>7.2}× ≥1.5 {verdict}");
    }
}
