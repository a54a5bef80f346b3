//! End to end: the shipped strategy builds into a complete PDF.

use crate::common;

use common::{copy_project, pdf_text, quire, squash};
use quire_model::resolved::{Block, Inline};
use quire_model::walk;

/// Every agency the 2004 brief names, as the brief spells them.
const BRIEF_AGENCIES: &[&str] = &[
    "Southwark Police Community Safety Unit",
    "Youth Service/Connexions",
    "Housing Community Support Team",
    "Social services children and families",
    "Adult services",
    "Mental Health",
    "Housing",
    "Health promotion",
    "LBS Social Policy",
    "Primary Care agencies",
    "LBS Education/schools",
    "Southwark Mediation Centre",
    "Victim Support Services",
    "Anti-homophobic Forum/LGBT Network",
    "Domestic Violence Forum",
    "Racial Incidents Forum",
    "Southwark Young Victims of Crime",
    "Faith Groups",
];

/// The brief's footnote.
const BRIEF_FOOTNOTE: &str =
    "Recommendations will be incorporated into the existing training programme";

/// Headings of the assembled model, with their numbers, as a reader sees them.
fn model_headings(manifest: &std::path::Path) -> Vec<String> {
    let assembled = quire_core::assemble(manifest, &quire::builtins::registry()).unwrap();
    let mut headings = Vec::new();
    let doc = &assembled.document;
    for blocks in [doc.body(), doc.appendices()] {
        walk::blocks(blocks, &mut |b| {
            if let Block::Heading(h) = b {
                let number = h
                    .number
                    .clone()
                    .map(|n| format!("{n} "))
                    .unwrap_or_default();
                headings.push(format!("{number}{}", Inline::plain_text(&h.content)));
            }
        });
    }
    headings
}

#[test]
fn the_shipped_strategy_builds_completely() {
    let project = copy_project();
    let out = quire(project.path(), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("wrote out/hate-crime-strategy.pdf"),
        "{stdout}"
    );

    let pdf = project.path().join("out/hate-crime-strategy.pdf");
    let text = squash(&pdf_text(&pdf));
    let headings = model_headings(&project.path().join("sections/quire.toml"));
    assert!(headings.len() > 40, "only {} headings", headings.len());
    for heading in &headings {
        assert!(
            text.contains(&squash(heading)),
            "heading {heading:?} is not in the PDF"
        );
    }
    for key in [
        "1 Introduction",
        "Progress against the baseline",
        "Implementation plan",
        "Appendix A",
        "Contents",
    ] {
        assert!(text.contains(&squash(key)), "{key:?} missing");
    }
    for agency in BRIEF_AGENCIES {
        assert!(
            text.contains(&squash(agency)),
            "agency {agency:?} is not in the PDF"
        );
    }
    assert!(
        text.contains(&squash(BRIEF_FOOTNOTE)),
        "the brief's footnote is missing"
    );
    assert!(
        text.contains("(illustrative)"),
        "illustrative figures must be marked"
    );
    assert!(
        text.contains(&squash("Page 2 of")),
        "running footer with page X of Y"
    );
}

#[test]
fn the_pdf_is_tagged_titled_and_in_british_english() {
    let project = copy_project();
    assert!(quire(project.path(), &["build"]).status.success());
    let bytes = std::fs::read(project.path().join("out/hate-crime-strategy.pdf")).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("/StructTreeRoot"), "tagged PDF");
    assert!(raw.contains("/Lang(en-GB)"), "document language");
    assert!(raw.contains("<dc:title>"), "XMP title");
    assert!(raw.contains("/FontFile2"), "fonts embedded");
    assert!(raw.contains("pdfuaid:part>1<"), "declares PDF/UA-1");
    assert!(!raw.contains("pdfaid:part"), "not PDF/A unless asked");
}

#[test]
fn pdf_a_is_chosen_by_flag_or_in_the_manifest() {
    let declares_pdf_a = |project: &std::path::Path| {
        let bytes = std::fs::read(project.join("out/hate-crime-strategy.pdf")).unwrap();
        let raw = String::from_utf8_lossy(&bytes).into_owned();
        assert!(raw.contains("pdfuaid:part>1<"), "still PDF/UA-1");
        raw.contains("pdfaid:part>2<") && raw.contains("pdfaid:conformance>B<")
    };
    let by_flag = copy_project();
    let out = quire(by_flag.path(), &["build", "--pdf-a"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(declares_pdf_a(by_flag.path()), "--pdf-a gives PDF/A-2b");

    let by_manifest = copy_project();
    common::edit(
        &by_manifest.path().join("sections/quire.toml"),
        "dir = \"../out\"",
        "dir = \"../out\"\npdf_a = true",
    );
    let out = quire(by_manifest.path(), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        declares_pdf_a(by_manifest.path()),
        "output.pdf_a gives PDF/A-2b"
    );
}

#[test]
fn building_twice_gives_the_same_bytes() {
    let project = copy_project();
    let pdf = project.path().join("out/hate-crime-strategy.pdf");
    assert!(quire(project.path(), &["build"]).status.success());
    let first = std::fs::read(&pdf).unwrap();
    assert!(
        quire(
            project.path(),
            &["build", "sections/quire.toml", "--out", "again"]
        )
        .status
        .success()
    );
    let second = std::fs::read(project.path().join("again/hate-crime-strategy.pdf")).unwrap();
    assert!(first == second, "two builds differ");
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let project = copy_project();
    let out_dir = project.path().join("out");
    let pdf = out_dir.join("hate-crime-strategy.pdf");
    assert!(quire(project.path(), &["build"]).status.success());
    let before = std::fs::read(&pdf).unwrap();
    let docx_before = std::fs::read(out_dir.join("hate-crime-strategy.docx")).unwrap();
    let html_before = std::fs::read(out_dir.join("hate-crime-strategy.html")).unwrap();

    common::edit(
        &project.path().join("sections/data/plan.toml"),
        "title =",
        "title = = ",
    );
    let out = quire(project.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("existing outputs were left as they were")
    );
    assert!(
        std::fs::read(&pdf).unwrap() == before,
        "the previous PDF changed"
    );
    assert!(
        std::fs::read(out_dir.join("hate-crime-strategy.docx")).unwrap() == docx_before,
        "the previous Word copy changed"
    );
    assert!(
        std::fs::read(out_dir.join("hate-crime-strategy.html")).unwrap() == html_before,
        "the previous HTML edition changed"
    );
    let mut names: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".quire.lock",
            "hate-crime-strategy.docx",
            "hate-crime-strategy.html",
            "hate-crime-strategy.pdf"
        ],
        "no temporary files are left behind (only the folder's lock file)"
    );
}

#[test]
fn a_broken_template_fails_without_touching_the_output() {
    let project = copy_project();
    let pdf = project.path().join("out/hate-crime-strategy.pdf");
    assert!(quire(project.path(), &["build"]).status.success());
    let before = std::fs::read(&pdf).unwrap();
    common::edit(
        &project.path().join("styles/quire.typ"),
        "#let title-page(doc, s, head) = {",
        "#let title-page(doc, s, head) = {\n  let x = (1 +\n",
    );
    let out = quire(project.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("styles/quire.typ:"),
        "Typst's error names the template: {stderr}"
    );
    assert!(std::fs::read(&pdf).unwrap() == before);
}

#[test]
fn qpdf_finds_no_structural_errors_in_the_pdfs() {
    // On CI qpdf must be there (`.ci/run` installs it); elsewhere it may not be.
    if std::process::Command::new("qpdf")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(std::env::var_os("CI").is_none(), "qpdf is required on CI");
        eprintln!("skipping: qpdf is not installed here");
        return;
    }
    let project = copy_project();
    let out = quire(project.path(), &["build", "--pdf-a"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = project.path().join("out/hate-crime-strategy.pdf");
    let check = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&pdf)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stdout);
    // qpdf exits 0 when clean, 3 for warnings, 2 for errors.
    assert_eq!(
        check.status.code(),
        Some(0),
        "{report}{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(
        report.contains("No syntax or stream encoding errors"),
        "{report}"
    );
}

#[test]
fn the_pdfs_pass_the_pdf_ua_checker_with_no_errors() {
    // outloud: PDF/UA-1 (Matterhorn Protocol 1.1) machine checks; CI
    // installs it (`.ci/run`).
    if !common::tool("outloud", &["--version"]) {
        return;
    }
    let project = copy_project();
    for args in [
        &["build"][..],
        &["build", "--profile", "committee", "--pdf-a"][..],
    ] {
        let out = quire(project.path(), args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for name in [
        "hate-crime-strategy.pdf",
        "hate-crime-strategy-committee.pdf",
    ] {
        let pdf = project.path().join("out").join(name);
        let check = std::process::Command::new("outloud")
            .args(["--fail-on", "error", "--json", "-"])
            .arg(&pdf)
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap_or_else(|e| {
            panic!(
                "{name}: outloud gave no JSON ({e}): {}",
                String::from_utf8_lossy(&check.stderr)
            )
        });
        let result = &report["results"][0];
        let errors: Vec<_> = result["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["severity"] == "error")
            .collect();
        assert_eq!(result["counts"]["error"], 0, "{name}: {errors:#?}");
        assert_eq!(check.status.code(), Some(0), "{name}");
        assert_eq!(result["stats"]["tagged"], true, "{name}");
    }
}

/// The README's first command, `cargo run -- build`, needs to know which of
/// the package's programs to run (it also builds the plugin host).
#[test]
fn cargo_run_runs_quire_among_the_packages_programs() {
    let manifest = common::repo().join("engine/cli/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let cargo: toml::Table = text.parse().unwrap();
    let bins = cargo["bin"].as_array().unwrap();
    assert!(bins.len() > 1, "one program needs no default");
    assert_eq!(
        cargo["package"]["default-run"].as_str(),
        Some("quire"),
        "without `default-run`, `cargo run -- build` asks which program to run"
    );
}
