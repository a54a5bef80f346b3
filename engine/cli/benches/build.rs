//! Build benchmark: `cargo bench -p quire --bench build`.
//!
//! For the shipped strategy and for generated documents of 10 and 100
//! chapters, it times
//!
//! - **engine**: the whole `quire build` (manifest, data, prose, plugins,
//!   resolve, Typst sources, layout, PDF export, atomic write), and
//! - **typst**: compiling and exporting the Typst sources the engine emitted,
//!   alone (the same template, JSON and fonts; no Quire work),
//!
//! each run in a fresh child process (so no cache is shared between runs and
//! peak memory is the process's own), and prints medians, the ratio of the two,
//! the peak resident memory and, for PDF and Word copy built together, the
//! peak memory per page (what the document budget in `quire_core::budget`
//! is measured against), and what the HTML edition adds to the PDF and
//! Word copy built together (all three made in parallel).
//!
//! Options: `--runs N` (default 5), `--chapters 10,100` (which generated sizes).

#[path = "common/stats.rs"]
mod stats;

use stats::median;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[path = "common/generate.rs"]
mod generate;
use generate::generate;

const USAGE: &str = "usage: build [--runs N] [--chapters 10,100]";

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("child") {
        child(&args[1..]);
        return;
    }
    let mut runs = 5usize;
    let mut chapters = vec![10usize, 100];
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--runs" => runs = it.next().and_then(|v| v.parse().ok()).expect(USAGE),
            "--chapters" => {
                chapters = it
                    .next()
                    .expect(USAGE)
                    .split(',')
                    .map(|v| v.parse().expect(USAGE))
                    .collect();
            }
            _ => {}
        }
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap();
    let work = tempfile::tempdir().unwrap();

    println!("quire build benchmark: {runs} runs each, medians; each run is a fresh process");
    println!(
        "{:<20} {:>5} {:>9} {:>8} {:>6} {:>9} {:>7} {:>9} {:>7} {:>8} {:>9} {:>9} {:>8}",
        "document",
        "pages",
        "engine s",
        "typst s",
        "ratio",
        "+docx s",
        "docx %",
        "+html s",
        "html %",
        "eng MiB",
        "typst MiB",
        "+docx MiB",
        "MiB/page"
    );
    let mut cases = vec![(
        "shipped strategy".to_string(),
        repo.join("sections/quire.toml"),
    )];
    for n in chapters {
        let dir = work.path().join(format!("gen-{n}"));
        generate(&repo, &dir, n);
        cases.push((format!("generated, {n} ch."), dir.join("quire.toml")));
    }
    for (name, manifest) in cases {
        let emitted = work
            .path()
            .join(format!("emitted-{}", name.replace([' ', ',', '.'], "")));
        emit(&manifest, &emitted);
        let engine: Vec<Sample> = (0..runs)
            .map(|_| run_child("engine", &manifest, work.path()))
            .collect();
        let typst: Vec<Sample> = (0..runs)
            .map(|_| run_child("typst", &emitted, work.path()))
            .collect();
        let both: Vec<Sample> = (0..runs)
            .map(|_| run_child("both", &manifest, work.path()))
            .collect();
        let all: Vec<Sample> = (0..runs)
            .map(|_| run_child("all", &manifest, work.path()))
            .collect();
        let seconds = |v: &[Sample]| median(v.iter().map(|s| s.seconds));
        let memory = |v: &[Sample]| max(v.iter().map(|s| s.peak_mib));
        let (e, t, b, a) = (
            seconds(&engine),
            seconds(&typst),
            seconds(&both),
            seconds(&all),
        );
        println!(
            "{name:<20} {:>5} {e:>9.3} {t:>8.3} {:>6.3} {b:>9.3} {:>6.1}% {a:>9.3} {:>6.1}% {:>8.1} {:>9.1} {:>9.1} {:>8.2}",
            engine[0].pages,
            e / t,
            (b / e - 1.0) * 100.0,
            (a / b - 1.0) * 100.0,
            memory(&engine),
            memory(&typst),
            memory(&both),
            memory(&both) / both[0].pages.max(1) as f64
        );
    }
    println!(
        "engine = quire build, PDF only; typst = compiling the engine's emitted Typst sources alone;"
    );
    println!(
        "ratio = engine / typst (target <= 1.10); +docx = PDF and Word copy built in parallel;"
    );
    println!(
        "docx % = what the Word copy adds to the PDF-only wall time (target <= 10% at 400 pages); MiB = peak RSS;"
    );
    println!(
        "+html = PDF, Word copy and HTML edition in parallel; html % = what the HTML edition adds to +docx (target <= 5%);"
    );
    println!("MiB/page = peak RSS of the PDF and Word copy built in parallel, per page");
}

struct Sample {
    seconds: f64,
    peak_mib: f64,
    pages: usize,
}

fn run_child(mode: &str, input: &Path, work: &Path) -> Sample {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "child",
            mode,
            input.to_str().unwrap(),
            work.join("out").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{mode} run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let fields: Vec<&str> = text.split_whitespace().collect();
    Sample {
        seconds: fields[0].parse().unwrap(),
        peak_mib: fields[1].parse().unwrap(),
        pages: fields[2].parse().unwrap(),
    }
}

fn max(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, f64::max)
}

/// Writes the engine's emitted Typst sources for a project into `dir`.
fn emit(manifest: &Path, dir: &Path) {
    let assembled = quire_core::assemble(manifest, &quire::builtins::registry())
        .unwrap_or_else(|e| panic!("{e}"));
    let p = &assembled.project;
    let display_date = p.display_date();
    let layout = quire_style::Layout::new(&p.style);
    let sources = quire_typst::emit(quire_render::RenderContext {
        style_dir: p.style_dir(),
        images: &assembled.images,
        display_date: &display_date,
        ..quire_render::RenderContext::new(&assembled.document, &p.style, &layout, &p.root)
    })
    .unwrap();
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("main.typ"), &sources.main).unwrap();
    std::fs::write(dir.join("document.json"), &sources.document_json).unwrap();
    std::fs::write(dir.join("style.json"), &sources.style_json).unwrap();
    let meta = format!(
        "{}\n{}\n{}\n{}\n{}\n",
        p.root.path().display(),
        sources.template,
        sources.fonts_dir.display(),
        p.name,
        assembled.document.meta().date
    );
    std::fs::write(dir.join("meta.txt"), meta).unwrap();
}

/// One measured run; prints `seconds peak_mib pages`.
fn child(args: &[String]) {
    let (mode, input, out) = (&args[0], Path::new(&args[1]), Path::new(&args[2]));
    let started = Instant::now();
    let pages = match mode.as_str() {
        "engine" | "both" | "all" => {
            let formats = quire::build::Formats::only(match mode.as_str() {
                "engine" => &["pdf"][..],
                "both" => &["pdf", "docx"][..],
                _ => &["pdf", "docx", "html"][..],
            });
            let options = quire::build::Options {
                out: Some(out.to_path_buf()),
                formats,
                ..Default::default()
            };
            quire::build::build(input, &options)
                .unwrap_or_else(|e| panic!("{e}"))
                .pages
        }
        "typst" => {
            let meta = std::fs::read_to_string(input.join("meta.txt")).unwrap();
            let lines: Vec<&str> = meta.lines().collect();
            let read = |f: &str| std::fs::read_to_string(input.join(f)).unwrap();
            let sources = quire_typst::EmittedSources {
                main: read("main.typ"),
                document_json: read("document.json"),
                style_json: read("style.json"),
                template: lines[1].to_string(),
                fonts_dir: PathBuf::from(lines[2]),
            };
            let files = quire_files::ProjectRoot::new(Path::new(lines[0])).unwrap();
            let images = quire_files::image::Images::new();
            let world = quire_typst::QuireWorld::new(&files, sources, &images).unwrap();
            let (doc, _) = quire_typst::compile(&world).unwrap_or_else(|e| panic!("{e}"));
            let pdf =
                quire_typst::export_pdf(&doc, lines[4], lines[3], Default::default()).unwrap();
            std::fs::create_dir_all(out).unwrap();
            std::fs::write(out.join("typst-only.pdf"), pdf).unwrap();
            doc.pages().len()
        }
        other => panic!("unknown mode {other}"),
    };
    let seconds = started.elapsed().as_secs_f64();
    println!("{seconds} {} {pages}", peak_mib());
}

/// Peak resident memory of this process (VmHWM), in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}
