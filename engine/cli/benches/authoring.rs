//! Authors' loop benchmark: `cargo bench -p quire --bench authoring`.
//!
//! - **watch rebuild**: what `quire watch` does after an author edits one
//!   value — the same `build` (manifest, data, prose, plugins, resolve, PDF
//!   and Word copy, both written atomically) followed by the same memo-cache
//!   trim, in one long-lived process, after a first build. The rebuild is
//!   timed up to the outputs being written (when watch prints its line);
//!   the memo-cache trim that follows, while watch waits, is shown apart. Timed for the
//!   shipped strategy (≈ 40 pages: a data value in `data/plan.toml`) and the
//!   generated 100-chapter document (≈ 400 pages: a sentence of chapter 1),
//!   each edit different from the last, so nothing is served whole from a
//!   cache. The watcher's own batching of file events (up to 100 ms after
//!   the last event) comes on top and is not counted.
//! - **check**: `quire check` on the shipped strategy (the document and its
//!   committee profile), in process and as a fresh process.
//!
//! Options: `--runs N` (default 11).
//! Targets: rebuild ≤ 0.15 s at 40 pages and ≤ 0.6 s at 400; check ≤ 50 ms.

#[path = "../../../tests/common/mod.rs"]
mod common;
#[path = "common/generate.rs"]
mod generate;
#[path = "common/stats.rs"]
mod stats;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use quire::build::{Options, build};
use stats::median;

const USAGE: &str = "usage: authoring [--runs N]";

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let mut runs = 11usize;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "--runs" {
            runs = it.next().and_then(|v| v.parse().ok()).expect(USAGE);
        }
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap();
    let work = tempfile::tempdir().unwrap();

    // The shipped strategy, copied so it can be edited.
    let shipped_copy = common::copy_project();
    let shipped = shipped_copy.path().to_path_buf();
    let generated = work.path().join("generated");
    generate::generate(&repo, &generated, 100);

    println!("quire authoring benchmark: {runs} runs each, medians");
    println!(
        "{:<34} {:>6} {:>10} {:>10} {:>8}",
        "case", "pages", "median s", "max s", "target"
    );
    let cases = [
        (
            "watch rebuild, shipped strategy",
            shipped.join("sections/quire.toml"),
            shipped.join("sections/data/plan.toml"),
            "title = \"",
            0.15,
        ),
        (
            "watch rebuild, generated 100 ch.",
            generated.join("quire.toml"),
            generated.join("prose/ch1.md"),
            "## Theme 1.1\n\n",
            0.6,
        ),
    ];
    for (name, manifest, file, anchor, target) in cases {
        let options = Options {
            out: Some(work.path().join("out")),
            ..Options::default()
        };
        let first = build(&manifest, &options).expect("the first build");
        let original = std::fs::read_to_string(&file).unwrap();
        assert!(
            original.contains(anchor),
            "{name}: the edit anchor is missing"
        );
        let mut times = Vec::new();
        let mut stages: Vec<[f64; 7]> = Vec::new();
        let mut trims: Vec<f64> = Vec::new();
        for run in 0..runs {
            // A different value each time, as an author typing.
            let edited = original.replacen(anchor, &format!("{anchor}Edit {run} "), 1);
            std::fs::write(&file, edited).unwrap();
            let started = Instant::now();
            let t = build(&manifest, &options).expect("a rebuild").timings;
            // The rebuild is done (watch prints its line here); the cache is
            // trimmed afterwards, while watch waits for the next change.
            times.push(started.elapsed().as_secs_f64());
            let trimming = Instant::now();
            quire_typst_evict();
            trims.push(trimming.elapsed().as_secs_f64());
            stages.push(
                [
                    t.assemble,
                    t.output("pdf"),
                    t.stage("pdf", "sources"),
                    t.stage("pdf", "layout"),
                    t.stage("pdf", "export"),
                    t.output("docx"),
                    t.write,
                ]
                .map(|d| d.as_secs_f64()),
            );
        }
        std::fs::write(&file, original).unwrap();
        report(name, first.pages, &times, target);
        let stage = |i: usize| median(stages.iter().map(|s| s[i]));
        println!(
            "    stages (medians): assemble {:.3} s, pdf {:.3} s (sources {:.3}, layout {:.3}, export {:.3}), docx {:.3} s (in parallel with the pdf), write {:.3} s; then, while watch waits, cache trim {:.3} s",
            stage(0),
            stage(1),
            stage(2),
            stage(3),
            stage(4),
            stage(5),
            stage(6),
            median(trims)
        );
    }

    let manifest = shipped.join("sections/quire.toml");
    let mut times = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        quire::check::check(&manifest).expect("the strategy checks clean");
        times.push(started.elapsed().as_secs_f64());
    }
    report("check, in process", 0, &times, 0.05);
    let mut times = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_quire"))
            .args(["--quiet", "check"])
            .arg(&manifest)
            .status()
            .unwrap();
        assert!(status.success());
        times.push(started.elapsed().as_secs_f64());
    }
    report("check, fresh process", 0, &times, 0.05);
}

/// What the watch loop does after each build.
fn quire_typst_evict() {
    quire_build::renderers::trim_caches();
}

fn report(name: &str, pages: usize, times: &[f64], target: f64) {
    let median = median(times.iter().copied());
    let max = times.iter().copied().fold(f64::MIN, f64::max);
    let verdict = if median <= target { "PASS" } else { "FAIL" };
    let pages = if pages == 0 {
        "-".to_string()
    } else {
        pages.to_string()
    };
    println!(
        "{name:<34} {pages:>6} {median:>10.3} {max:>10.3} {:>8}",
        format!("≤{target} {verdict}")
    );
}
