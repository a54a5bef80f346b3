//! End to end: the README's "Your own document" walkthrough works as
//! written. Its `sh` blocks are run, in order, in one shell in an empty
//! folder with `quire` on the PATH, and each `toml` block that starts
//! `# add to <file>` is appended to that file at its place in the
//! walkthrough; every command must succeed, and the document must then
//! hold the sections the walkthrough added.

use std::path::Path;
use std::process::Command;

use crate::common;

use common::{pdf_text, repo};

/// The README's section `## Your own document`, up to the next `## `.
fn walkthrough() -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme
        .find("\n## Your own document\n")
        .expect("the README has a \"Your own document\" section");
    let rest = &readme[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    rest[..end].to_string()
}

/// The walkthrough as one shell script: its `sh` blocks, and its
/// `# add to` blocks as appends to their files.
fn script(text: &str) -> (String, usize) {
    let mut script = String::from("set -eu\n");
    let mut adds = 0;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(kind) = line.strip_prefix("```") else {
            continue;
        };
        let block: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        match kind {
            "sh" => {
                for command in block {
                    script.push_str(command);
                    script.push('\n');
                }
            }
            "toml" => {
                if let Some(file) = block.first().and_then(|l| l.strip_prefix("# add to ")) {
                    adds += 1;
                    script.push_str(&format!("cat >> {file} <<'QUIRE_EOF'\n\n"));
                    for l in &block[1..] {
                        script.push_str(l);
                        script.push('\n');
                    }
                    script.push_str("QUIRE_EOF\n");
                }
            }
            _ => {}
        }
    }
    (script, adds)
}

#[test]
fn the_readme_walkthrough_builds_a_document_of_ones_own() {
    let (script, adds) = script(&walkthrough());
    assert!(script.contains("quire init "), "{script}");
    assert!(adds >= 2, "the walkthrough adds sections: {script}");
    let dir = tempfile::tempdir().unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_quire")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(dir.path())
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the walkthrough failed:\n{script}\n--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let project = dir.path().join("northfield-safety-plan");
    let pdf = pdf_text(&project.join("out/northfield-safety-plan.pdf"));
    // The starter's aims and the sections the walkthrough added.
    for expected in ["Prevent harm", "Progress since the baseline"] {
        assert!(pdf.contains(expected), "{expected}: {pdf}");
    }
    for other in ["docx", "html"] {
        let file = project.join(format!("out/northfield-safety-plan.{other}"));
        assert!(file.is_file(), "{}", file.display());
    }
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!said.contains("warning"), "a clean document: {said}");
}
