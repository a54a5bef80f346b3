//! Plugin call benchmark: `cargo bench -p quire --bench plugins`.
//!
//! What a section costs when its plugin is loaded from a shared library
//! instead of linked in. For every section of the shipped strategy
//! (`sections/quire.toml`, and the `committee` profile's front section) it
//! times the same built-in plugin called
//!
//! - **static**: the built-in, linked into this binary, called directly, and
//! - **dynamic**: the plugin crate built as a cdylib with its `export`
//!   feature, loaded with `quire_core::dylib::load` and called through the C
//!   ABI (request serialised to JSON, the call, the response parsed back),
//!
//! - **isolated**: the same cdylib run in a plugin host process of its own
//!   (`quire plugin-host`, as `quire build` runs loaded plugins by
//!   default), the request and answer crossing a pipe,
//!
//! with the real requests the engine makes: they are recorded by wrapping
//! each built-in while the document is assembled. Each plugin is warmed up,
//! then timed as the median of `--samples` samples, each the mean over a
//! batch of calls long enough (about 2 ms) for the clock; the two responses
//! must be equal, so an error path is never what gets measured.
//!
//! The plugins are built in release into `target/bench-plugins` (a folder of
//! its own, as the running `cargo bench` holds `target/release`). For scale,
//! the whole `quire build` of the strategy (PDF and Word copy) is timed as
//! an author runs it, a fresh process each time, and, for comparison,
//! repeated inside one process with Typst's caches warm. Targets: dynamic overhead under 1 ms per section, and
//! under 2% of a full build for all sections together.
//!
//! Isolation per build: the strategy checked with its three theme sections
//! made by the theme plugin loaded from the project's plugin folder, in
//! its own process unconfined (`sandbox = "off"`) and in Quire's
//! (`isolation = "none"`), each a fresh `quire check` (all a build does but
//! typesetting, which isolation does not touch); the difference is what
//! isolation costs a build for one plugin used by three sections (target:
//! under 5 ms).
//!
//! Confinement: the same `quire check` with the plugin's process confined
//! (the default) against unconfined, and, closer in, the start of one
//! plugin host (process, limits, Landlock and the system-call filter when
//! confined, loading the library and its description) confined and
//! unconfined, medians of runs taken in turn in this one session. The
//! difference is what confinement costs a build per plugin (target: under
//! 5 ms).
//!
//! Options: `--samples N` (default 51).

use stats::median;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use quire_core::isolated::{HostSettings, IsolatedPlugin};
use quire_plugin::{PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse};

#[path = "../../../tests/common/mod.rs"]
mod common;
#[path = "common/stats.rs"]
mod stats;

use common::plugins::BUILTINS;

const USAGE: &str = "usage: plugins [--samples N]";

/// How long one sample's batch of calls should take at least.
const BATCH: Duration = Duration::from_millis(2);

/// Full builds timed for the denominator.
const BUILD_RUNS: usize = 5;

/// `quire check` runs timed for what isolation costs a build: without
/// typesetting, whose noise would drown a few milliseconds.
const CHECK_RUNS: usize = 31;

/// Plugin host starts timed for what confinement costs, each way.
const HOST_RUNS: usize = 41;

/// Target for one section's dynamic overhead, in µs.
const SECTION_TARGET_US: f64 = 1000.0;

/// Target for all sections' overhead, as a percentage of a full build.
const TOTAL_TARGET_PERCENT: f64 = 2.0;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let mut samples = 51usize;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "--samples" {
            samples = it.next().and_then(|v| v.parse().ok()).expect(USAGE);
            assert!(samples > 0, "{USAGE}");
        }
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap();
    let manifest = repo.join("sections/quire.toml");

    eprintln!("building the plugin cdylibs (release, target/bench-plugins)…");
    let libraries = build_plugins(&repo);
    let builtins = quire::builtins::registry();
    let mut dynamic = quire_core::Registry::new();
    let mut isolated = quire_core::Registry::new();
    let host = Path::new(env!("CARGO_BIN_EXE_quire"));
    for (name, path) in &libraries {
        let plugin = quire_core::dylib::load(path)
            .unwrap_or_else(|e| panic!("cannot load the `{name}` plugin: {e}"));
        assert_eq!(
            plugin.info(),
            builtins.get(name).unwrap().info(),
            "the loaded `{name}` plugin does not describe itself as the built-in does"
        );
        dynamic.register(Arc::new(plugin));
        let settings = HostSettings::confined(Duration::from_secs(60), &repo);
        let hosted = IsolatedPlugin::load(host, path, &settings)
            .unwrap_or_else(|e| panic!("cannot host the `{name}` plugin: {e}"));
        isolated.register(Arc::new(hosted));
    }

    // The default document's sections, then the committee profile's front
    // section (its other sections make the same requests as the document's).
    let document = record(&manifest, &builtins, None);
    let document_count = document.len();
    let mut captured = document;
    for call in record(&manifest, &builtins, Some("committee")) {
        if !captured.iter().any(|c| c.section == call.section) {
            captured.push(call);
        }
    }

    println!(
        "quire plugin call benchmark: static built-in against the same plugin loaded as a cdylib"
    );
    println!("medians of {samples} samples, each the mean of a batch of >= 2 ms");
    println!(
        "{:<20} {:<12} {:>7} {:>7} {:>10} {:>11} {:>11} {:>12}",
        "section",
        "plugin",
        "req B",
        "resp B",
        "static µs",
        "dynamic µs",
        "overhead µs",
        "isolated µs"
    );
    let mut isolated_rows = Vec::new();
    let mut rows = Vec::new();
    for call in &captured {
        let fixed = builtins.get(&call.plugin).unwrap().as_ref();
        let loaded = dynamic.get(&call.plugin).unwrap().as_ref();
        let hosted = isolated.get(&call.plugin).unwrap().as_ref();
        let expected = fixed.build(&call.request).unwrap_or_else(|e| {
            panic!(
                "the built-in `{}` failed on `{}`: {e}",
                call.plugin, call.section
            )
        });
        let got = loaded.build(&call.request).unwrap_or_else(|e| {
            panic!(
                "the loaded `{}` failed on `{}`: {e}",
                call.plugin, call.section
            )
        });
        assert!(
            expected == got,
            "section `{}`: the loaded `{}` plugin answered differently from the built-in",
            call.section,
            call.plugin
        );
        assert!(
            hosted
                .build(&call.request)
                .is_ok_and(|answer| answer == expected),
            "section `{}`: the hosted `{}` plugin answered differently from the built-in",
            call.section,
            call.plugin
        );
        let request_bytes = serde_json::to_vec(&call.request).unwrap().len();
        let response_bytes = serde_json::to_vec(&expected).unwrap().len();
        let fixed_us = time_calls(fixed, &call.request, samples);
        let loaded_us = time_calls(loaded, &call.request, samples);
        let hosted_us = time_calls(hosted, &call.request, samples);
        let overhead = loaded_us - fixed_us;
        println!(
            "{:<20} {:<12} {request_bytes:>7} {response_bytes:>7} {fixed_us:>10.1} {loaded_us:>11.1} {overhead:>11.1} {hosted_us:>12.1}",
            call.section, call.plugin
        );
        rows.push(overhead);
        isolated_rows.push(hosted_us - fixed_us);
    }

    // The denominator: `quire build` as an author runs it, a fresh process
    // each time (PDF and Word copy). For comparison, builds repeated inside
    // one process (as a watch loop would), where Typst's caches are warm.
    let out = tempfile::tempdir().unwrap();
    let build_ms = median((0..BUILD_RUNS).map(|_| time_process_build(&manifest, out.path())));
    let options = quire::build::Options {
        out: Some(out.path().to_path_buf()),
        ..Default::default()
    };
    time_build(&manifest, &options);
    let warm_ms = median((0..BUILD_RUNS).map(|_| time_build(&manifest, &options)));

    // Isolation per build: the theme plugin, used by three sections,
    // loaded from the project's plugin folder in and out of process.
    let strand = &libraries.iter().find(|(n, _)| *n == "theme").unwrap().1;
    let mut per_build = Vec::new();
    let ways = [
        "isolation = \"none\"",
        "sandbox = \"off\"",
        "sandbox = \"on\"",
    ];
    for way in ways {
        let project = common::copy_project();
        let folder = project.path().join("sections/plugins");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::copy(strand, folder.join(strand.file_name().unwrap())).unwrap();
        let manifest = project.path().join("sections/quire.toml");
        let mut text = std::fs::read_to_string(&manifest).unwrap();
        text.push_str(&format!("\n[plugins]\noverride = [\"theme\"]\n{way}\n"));
        std::fs::write(&manifest, text).unwrap();
        time_process_check(&manifest);
        per_build.push((project, manifest, Vec::new()));
    }
    // Taken in turn, so that the machine's load falls on all three alike.
    for _ in 0..CHECK_RUNS {
        for (_, manifest, times) in &mut per_build {
            times.push(time_process_check(manifest));
        }
    }
    let per_build: Vec<f64> = per_build
        .into_iter()
        .map(|(_, _, times)| median(times))
        .collect();
    let isolation_ms = per_build[1] - per_build[0];
    let confinement_ms = per_build[2] - per_build[1];

    // One host's start, confined and not, in turn.
    let (mut confined_starts, mut unconfined_starts) = (Vec::new(), Vec::new());
    let project = common::copy_project();
    for run in 0..=HOST_RUNS {
        for (confined, starts) in [
            (true, &mut confined_starts),
            (false, &mut unconfined_starts),
        ] {
            let limit = Duration::from_secs(60);
            let settings = if confined {
                HostSettings::confined(limit, project.path())
            } else {
                HostSettings::unconfined(limit)
            };
            let started = Instant::now();
            let plugin = IsolatedPlugin::load(host, strand, &settings)
                .unwrap_or_else(|e| panic!("cannot host the theme plugin: {e}"));
            let took = started.elapsed().as_secs_f64() * 1e3;
            drop(plugin);
            // The first of each is a warm-up.
            if run > 0 {
                starts.push(took);
            }
        }
    }
    let confined_start_ms = median(confined_starts);
    let unconfined_start_ms = median(unconfined_starts);

    let total_us: f64 = rows[..document_count].iter().sum();
    let percent = total_us / 1e3 / build_ms * 100.0;
    let (worst, worst_us) = rows
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, us)| (&captured[i].section, *us))
        .unwrap();
    let verdict = |pass: bool| if pass { "PASS" } else { "FAIL" };
    println!();
    println!(
        "overhead, all {document_count} sections of the strategy: {total_us:.1} µs ({:.3} ms)",
        total_us / 1e3
    );
    println!(
        "full build (`quire build`, PDF + Word copy, a fresh process each), median of {BUILD_RUNS}: {build_ms:.1} ms"
    );
    println!(
        "(repeated in one process with Typst's caches warm, as a watch loop: {warm_ms:.1} ms, overhead {:.3}%)",
        total_us / 1e3 / warm_ms * 100.0
    );
    println!(
        "overhead as a share of the build: {percent:.3}% (target < {TOTAL_TARGET_PERCENT}%): {}",
        verdict(percent < TOTAL_TARGET_PERCENT)
    );
    println!(
        "largest overhead for one section: {worst_us:.1} µs, `{worst}` (target < {SECTION_TARGET_US} µs): {}",
        verdict(worst_us < SECTION_TARGET_US)
    );
    let isolated_total: f64 = isolated_rows[..document_count].iter().sum();
    println!(
        "isolated call overhead, all {document_count} sections: {:.3} ms (each call crosses a pipe to the plugin's process)",
        isolated_total / 1e3
    );
    println!(
        "one plugin (theme) used by three sections, `quire check` (everything but typesetting, which isolation does not touch) median of {CHECK_RUNS}: in process {:.1} ms, own process unconfined {:.1} ms; isolation costs {isolation_ms:.1} ms a build (target < 5 ms): {}",
        per_build[0],
        per_build[1],
        verdict(isolation_ms < 5.0)
    );
    println!(
        "confinement, the same `quire check` median of {CHECK_RUNS}: own process confined {:.1} ms, unconfined {:.1} ms; confinement costs {confinement_ms:.1} ms a build (target < 5 ms): {}",
        per_build[2],
        per_build[1],
        verdict(confinement_ms < 5.0)
    );
    println!(
        "one plugin host's start (process, limits, confinement, loading, description) median of {HOST_RUNS}: confined {confined_start_ms:.2} ms, unconfined {unconfined_start_ms:.2} ms; confinement costs {:.2} ms a host",
        confined_start_ms - unconfined_start_ms
    );
    println!(
        "static = the built-in called directly; dynamic = JSON request, C ABI call, JSON response;"
    );
    println!(
        "overhead = dynamic - static; B = bytes of JSON; the total leaves out the committee front section"
    );
}

/// The wall time of one `quire build` (PDF and Word copy) in a fresh
/// process, in ms.
fn time_process_build(manifest: &Path, out: &Path) -> f64 {
    let started = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("build")
        .arg(manifest)
        .arg("--out")
        .arg(out)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "quire build failed");
    started.elapsed().as_secs_f64() * 1e3
}

/// The wall time of one `quire check` in a fresh process, in ms. Its
/// notes on how plugins run, said even with `--quiet`, are shown only if
/// it fails.
fn time_process_check(manifest: &Path) -> f64 {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["--quiet", "check"])
        .arg(manifest)
        .output()
        .unwrap();
    let took = started.elapsed().as_secs_f64() * 1e3;
    assert!(
        out.status.success(),
        "quire check failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

/// The wall time of one full build (PDF and Word copy) in this process, in ms.
fn time_build(manifest: &Path, options: &quire::build::Options) -> f64 {
    let started = Instant::now();
    quire::build::build(manifest, options)
        .unwrap_or_else(|e| panic!("the full build failed:\n{e}"));
    started.elapsed().as_secs_f64() * 1e3
}

/// One plugin call the engine made while assembling the document.
struct Call {
    section: String,
    plugin: String,
    request: SectionRequest,
}

/// A built-in that records every request it is given.
struct Recording {
    inner: Arc<dyn SectionPlugin>,
    calls: Arc<Mutex<Vec<Call>>>,
}

impl SectionPlugin for Recording {
    fn info(&self) -> PluginInfo {
        self.inner.info()
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        self.calls.lock().unwrap().push(Call {
            section: request.section.id.clone(),
            plugin: self.inner.info().name,
            request: request.clone(),
        });
        self.inner.build(request)
    }
}

/// The requests made while assembling `manifest` (with `profile`), in order.
fn record(manifest: &Path, builtins: &quire_core::Registry, profile: Option<&str>) -> Vec<Call> {
    let calls = Arc::new(Mutex::new(Vec::new()));
    let mut registry = quire_core::Registry::new();
    for name in builtins.names() {
        registry.register(Arc::new(Recording {
            inner: Arc::clone(builtins.get(name).unwrap()),
            calls: Arc::clone(&calls),
        }));
    }
    if let Err(e) = quire_core::assemble_profile(manifest, &registry, profile) {
        panic!(
            "cannot assemble {} (profile {profile:?}):\n{e}",
            manifest.display()
        );
    }
    drop(registry);
    Arc::into_inner(calls).unwrap().into_inner().unwrap()
}

/// The median time of one call, in µs: `samples` samples, each the mean of
/// a batch of calls taking at least [`BATCH`], after a warm-up.
fn time_calls(plugin: &dyn SectionPlugin, request: &SectionRequest, samples: usize) -> f64 {
    let call = || black_box(plugin.build(black_box(request))).unwrap();
    // Warm up for about one batch, and size the batch from it.
    let started = Instant::now();
    let mut warm = 0u32;
    while started.elapsed() < BATCH || warm < 3 {
        call();
        warm += 1;
    }
    let per_call = started.elapsed() / warm;
    let batch = (BATCH.as_nanos() / per_call.as_nanos().max(1)).max(1) as u32 + 1;
    median((0..samples).map(|_| {
        let started = Instant::now();
        for _ in 0..batch {
            call();
        }
        started.elapsed().as_secs_f64() * 1e6 / f64::from(batch)
    }))
}

/// Builds the nine built-in plugin crates as loadable cdylibs (release, with
/// their `export` feature) and returns each plugin name with its library.
fn build_plugins(repo: &Path) -> Vec<(&'static str, PathBuf)> {
    let target = repo.join("target/bench-plugins");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args([
            "build",
            "--release",
            "--locked",
            "--quiet",
            "--manifest-path",
        ])
        .arg(repo.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target);
    let mut features = Vec::new();
    for name in BUILTINS {
        command.args(["-p", &format!("quire-section-{name}")]);
        features.push(format!("quire-section-{name}/export"));
    }
    command.args(["--features", &features.join(",")]);
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "building the plugin cdylibs failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    BUILTINS
        .iter()
        .map(|&name| {
            let file = format!(
                "{}quire_section_{name}{}",
                std::env::consts::DLL_PREFIX,
                std::env::consts::DLL_SUFFIX
            );
            (name, target.join("release").join(file))
        })
        .collect()
}
