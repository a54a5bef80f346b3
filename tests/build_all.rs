//! End to end: `quire build --all` builds the document and every profile in
//! one process, and `quire build A B` several manifests; the outputs are the
//! same bytes as separate builds make, a failing job leaves its outputs as
//! they were while the others write theirs, and two jobs that would write
//! one file are refused before anything is built.

use std::path::Path;

use crate::common;

use common::{copy_dir, copy_project, edit, quire};

const OUTPUTS: [&str; 4] = [
    "hate-crime-strategy.pdf",
    "hate-crime-strategy.docx",
    "hate-crime-strategy-committee.pdf",
    "hate-crime-strategy-committee.docx",
];

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn succeeds(project: &Path, args: &[&str]) -> String {
    let out = quire(project, args);
    assert!(
        out.status.success(),
        "quire {args:?}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn all_builds_the_document_and_every_profile_as_separate_builds_do() {
    let project = copy_project();
    let p = project.path();
    succeeds(p, &["build", "--out", "one"]);
    succeeds(p, &["build", "--profile", "committee", "--out", "one"]);
    let said = succeeds(p, &["build", "--all", "--out", "all"]);
    for name in OUTPUTS {
        assert!(
            read(&p.join("one"), name) == read(&p.join("all"), name),
            "{name} differs between --all and a build of its own"
        );
    }
    // Reported in the manifest's order, whichever job ended first.
    let document = said.find("sections/quire.toml:\n").expect(&said);
    let committee = said
        .find("sections/quire.toml (profile committee):\n")
        .expect(&said);
    assert!(document < committee, "{said}");
    assert!(said.contains("built 2 of 2 documents"), "{said}");
}

#[test]
fn a_failing_job_keeps_its_outputs_and_the_others_still_write() {
    let project = copy_project();
    let p = project.path();
    // A second document: the strategy again, in a folder of its own.
    let second = p.join("second");
    for part in ["sections", "styles"] {
        copy_dir(&p.join(part), &second.join(part));
    }
    succeeds(p, &["build", "second/sections/quire.toml"]);
    let before = read(&second.join("out"), "hate-crime-strategy.pdf");
    edit(
        &second.join("sections/quire.toml"),
        "[output]\n",
        "[output]\nno_such_field = 1\n",
    );
    let out = quire(
        p,
        &["build", "sections/quire.toml", "second/sections/quire.toml"],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no_such_field"), "{stderr}");
    assert!(stderr.contains("built 1 of 2 documents"), "{stderr}");
    // The good one wrote; the bad one's outputs are as they were.
    assert!(p.join("out/hate-crime-strategy.pdf").is_file());
    assert!(read(&second.join("out"), "hate-crime-strategy.pdf") == before);
}

#[test]
fn two_jobs_writing_one_file_are_refused_before_building() {
    let project = copy_project();
    let p = project.path();
    let out = quire(
        p,
        &[
            "build",
            "sections/quire.toml",
            "sections/quire.toml",
            "--out",
            "twice",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("would both write"), "{stderr}");
    assert!(!p.join("twice").exists(), "nothing is built");
}
