//! Outputs under concurrency: two builds into one folder cannot interleave
//! their files — the second waits for the first, and says so.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::copy_project;
use quire_core::output::OutputLock;

/// The temporary files left in an output folder.
fn temporaries(out: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn a_build_waits_while_another_build_writes_into_the_same_folder() {
    let project = copy_project();
    let out = project.path().join("out");
    // This test plays the other build, holding the folder's lock.
    let held = OutputLock::acquire(&out, || panic!("the folder is free")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("build")
        .current_dir(project.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert_eq!(
        line.trim(),
        "waiting for another Quire build to finish writing into out",
        "the build says why it waits"
    );
    assert!(
        !out.join("hate-crime-strategy.pdf").exists()
            && !out.join("hate-crime-strategy.docx").exists(),
        "nothing is written while the other build holds the folder"
    );
    drop(held);
    let status = child.wait().unwrap();
    assert!(status.success());
    assert!(out.join("hate-crime-strategy.pdf").is_file());
    assert!(out.join("hate-crime-strategy.docx").is_file());
}

/// A build that cannot finish writing — here the file-size limit stands in
/// for a full disk: writes past it fail with "File too large" — leaves the
/// previous outputs byte for byte, and no temporary files.
#[test]
fn a_failing_write_leaves_the_previous_outputs_byte_identical() {
    let project = copy_project();
    let out = project.path().join("out");
    assert!(common::quire(project.path(), &["build"]).status.success());
    let pdf = out.join("hate-crime-strategy.pdf");
    let docx = out.join("hate-crime-strategy.docx");
    let (pdf_before, docx_before) = (std::fs::read(&pdf).unwrap(), std::fs::read(&docx).unwrap());

    common::edit(
        &project.path().join("sections/data/plan.toml"),
        "title = \"",
        "title = \"Changed: ",
    );
    // `ulimit -f` counts 512-byte blocks in sh: 40 KiB, far less than the PDF.
    let failed = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 80; exec '{}' build",
            env!("CARGO_BIN_EXE_quire")
        ))
        .current_dir(project.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    assert!(
        std::fs::read(&pdf).unwrap() == pdf_before,
        "the PDF changed"
    );
    assert!(
        std::fs::read(&docx).unwrap() == docx_before,
        "the Word copy changed"
    );
    let left = temporaries(&out);
    assert!(left.is_empty(), "{left:?}");
}

/// A build killed with SIGKILL at any moment leaves each output whole: the
/// old file or the new one, never a torn one. The next build sweeps away the
/// temporary file a killed build may leave.
#[cfg(unix)]
#[test]
fn a_build_killed_mid_write_leaves_whole_outputs() {
    let project = copy_project();
    let out = project.path().join("out");
    assert!(common::quire(project.path(), &["build"]).status.success());
    let pdf = out.join("hate-crime-strategy.pdf");
    let docx = out.join("hate-crime-strategy.docx");
    let data = project.path().join("sections/data/plan.toml");
    let original = std::fs::read_to_string(&data).unwrap();
    let mut outcomes = (0, 0);
    // Kill after 0 to 460 ms, in steps, so kills land while assembling,
    // typesetting and writing.
    for run in 0..24u64 {
        std::fs::write(
            &data,
            original.replacen("title = \"", &format!("title = \"Run {run}: "), 1),
        )
        .unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
            .args(["--quiet", "build"])
            .current_dir(project.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(run * 20));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            outcomes.0 += 1;
        } else {
            outcomes.1 += 1;
        }
        let pdf_bytes = std::fs::read(&pdf).unwrap();
        lopdf::Document::load_mem(&pdf_bytes)
            .unwrap_or_else(|e| panic!("run {run}: the PDF is torn: {e}"));
        let docx_bytes = std::fs::read(&docx).unwrap();
        let parts = quire_docx::package::read_parts(&docx_bytes)
            .unwrap_or_else(|e| panic!("run {run}: the Word copy is torn: {e}"));
        assert!(parts.iter().any(|p| p.name == "word/document.xml"));
    }
    eprintln!("{} builds finished, {} were killed", outcomes.0, outcomes.1);
    assert!(
        outcomes.1 > 0,
        "some builds were killed before they finished"
    );

    // The next build completes and leaves no temporary files.
    assert!(common::quire(project.path(), &["build"]).status.success());
    let left = temporaries(&out);
    assert!(left.is_empty(), "{left:?}");
}
