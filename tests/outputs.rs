//! Outputs under concurrency: two builds into one folder cannot interleave
//! their files — the second waits for the first, and says so.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::copy_project;
use quire_core::output::OutputLock;

/// The files of a build's commit left in an output folder: temporary
/// files, backups, the journal.
fn temporaries(out: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".quire-"))
        .collect()
}

/// The document title a PDF's information dictionary gives.
fn pdf_title(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("a whole PDF");
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_object(info).unwrap().as_dict().unwrap();
    let bytes = info.get(b"Title").unwrap().as_str().unwrap();
    match bytes.strip_prefix(&[0xfe, 0xff]) {
        Some(utf16) => String::from_utf16(
            &utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        )
        .unwrap(),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The document title a Word copy's core properties give.
fn docx_title(docx: &[u8]) -> String {
    let parts = quire_docx::package::read_parts(docx).expect("a whole Word copy");
    let core = parts
        .iter()
        .find(|p| p.name == "docProps/core.xml")
        .unwrap();
    let text = String::from_utf8_lossy(&core.bytes);
    let start = text.find("<dc:title>").unwrap() + "<dc:title>".len();
    let end = text[start..].find("</dc:title>").unwrap() + start;
    text[start..end].to_string()
}

#[test]
fn a_build_waits_while_another_build_writes_into_the_same_folder() {
    let project = copy_project();
    let out = project.path().join("out");
    // This test plays the other build, holding the folder's lock.
    let held =
        OutputLock::acquire(&out, &Default::default(), || panic!("the folder is free")).unwrap();
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
    // The limit's signal is left at its default, which would end the
    // process without a word: Quire must report the failed write instead.
    let failed = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap - XFSZ; ulimit -f 80; exec '{}' build",
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

/// A build killed with SIGKILL at any moment leaves each output whole and
/// the three a set: once the next command has run (`quire check` here), the
/// PDF, the Word copy and the HTML edition are all from the same build —
/// the old one or the new one — never a mix. The next build leaves no
/// commit files.
#[cfg(unix)]
#[test]
fn a_build_killed_mid_write_leaves_a_whole_pair() {
    let project = copy_project();
    let out = project.path().join("out");
    assert!(common::quire(project.path(), &["build"]).status.success());
    let pdf = out.join("hate-crime-strategy.pdf");
    let docx = out.join("hate-crime-strategy.docx");
    let html = out.join("hate-crime-strategy.html");
    let manifest = project.path().join("sections/quire.toml");
    let original = std::fs::read_to_string(&manifest).unwrap();
    let mut outcomes = (0, 0);
    // Kill after 0 to 460 ms, in steps, so kills land while assembling,
    // typesetting and writing.
    for run in 0..24u64 {
        std::fs::write(
            &manifest,
            original.replacen(
                "title = \"Hate Crime Strategy",
                &format!("title = \"Run {run} Strategy"),
                1,
            ),
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
        assert!(common::quire(project.path(), &["check"]).status.success());
        let left = temporaries(&out);
        assert!(left.is_empty(), "run {run}: {left:?}");
        let pdf_title = pdf_title(&std::fs::read(&pdf).unwrap());
        let docx_title = docx_title(&std::fs::read(&docx).unwrap());
        assert_eq!(
            pdf_title, docx_title,
            "run {run}: the outputs are of two builds"
        );
        let page = std::fs::read_to_string(&html).unwrap();
        let html_title = page
            .split_once("<title>")
            .and_then(|(_, rest)| rest.split_once("</title>"))
            .map(|(title, _)| title.to_string())
            .expect("a whole page");
        assert_eq!(
            html_title, pdf_title,
            "run {run}: the HTML edition is of another build"
        );
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

/// A folder where the Word copy should go fails the build before anything
/// is replaced, and the message says what is in the way.
#[test]
fn a_folder_in_the_way_of_an_output_replaces_neither() {
    let project = copy_project();
    let out = project.path().join("out");
    assert!(common::quire(project.path(), &["build"]).status.success());
    let pdf = out.join("hate-crime-strategy.pdf");
    let docx = out.join("hate-crime-strategy.docx");
    let pdf_before = std::fs::read(&pdf).unwrap();
    std::fs::remove_file(&docx).unwrap();
    std::fs::create_dir(&docx).unwrap();
    common::edit(
        &project.path().join("sections/quire.toml"),
        "title = \"Hate Crime Strategy",
        "title = \"Changed Strategy",
    );
    let failed = common::quire(project.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot write out/hate-crime-strategy.docx: a folder is in the way"),
        "{stderr}"
    );
    assert!(
        stderr.contains("existing outputs were left as they were"),
        "{stderr}"
    );
    assert!(
        std::fs::read(&pdf).unwrap() == pdf_before,
        "the PDF changed"
    );
    assert!(temporaries(&out).is_empty());
}
