//! End to end: `quire new-plugin` makes a crate that builds and passes its
//! own tests with no edits; its library, put in a project's plugin folder
//! and named in the manifest, puts its section into both outputs.

use crate::common;

use std::process::Command;

use common::{copy_project, docx_part, pdf_text, quire};

#[test]
fn a_new_plugin_builds_loads_and_renders_with_no_edits() {
    let workspace = tempfile::tempdir().unwrap();
    let out = quire(
        workspace.path(),
        &["new-plugin", "key-dates", "--dir", "src"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Next steps"), "{stdout}");
    assert!(stdout.contains("plugin = \"key-dates\""), "{stdout}");
    let folder = workspace.path().join("src/key-dates");
    for file in ["Cargo.toml", "src/lib.rs", "sample.toml", "README.md"] {
        assert!(folder.join(file).is_file(), "{file} is missing");
    }

    // Pin its dependencies to the versions the engine was tested with, so
    // the build needs nothing new from the registry.
    std::fs::copy(common::repo().join("Cargo.lock"), folder.join("Cargo.lock")).unwrap();
    let target = common::plugins::target_dir();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for action in ["test", "build"] {
        let run = Command::new(&cargo)
            .args([action, "--quiet", "--manifest-path"])
            .arg(folder.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(&target)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "cargo {action}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let library = format!(
        "{}quire_section_key_dates{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    );

    let project = copy_project();
    let plugins = project.path().join("sections/plugins");
    std::fs::create_dir_all(&plugins).unwrap();
    std::fs::copy(target.join("debug").join(&library), plugins.join(&library)).unwrap();
    std::fs::copy(
        folder.join("sample.toml"),
        project.path().join("sections/data/key-dates.toml"),
    )
    .unwrap();
    let manifest = project.path().join("sections/quire.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str("\n[[sections]]\nid = \"key-dates\"\nplugin = \"key-dates\"\ndata = \"data/key-dates.toml\"\n");
    std::fs::write(&manifest, text).unwrap();

    let built = quire(project.path(), &["build"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let pdf = pdf_text(&project.path().join("out/hate-crime-strategy.pdf"));
    assert!(pdf.contains("Key dates"), "{pdf}");
    assert!(pdf.contains("What the first item is about."), "{pdf}");
    let docx = std::fs::read(project.path().join("out/hate-crime-strategy.docx")).unwrap();
    let document = docx_part(&docx, "word/document.xml");
    assert!(document.contains("What the first item is about."));

    // Its example and reference page cross from its own process (ABI 2.1).
    let sample = std::fs::read_to_string(folder.join("sample.toml")).unwrap();
    let example = quire(project.path(), &["plugins", "--example", "key-dates"]);
    assert!(example.status.success());
    assert_eq!(
        String::from_utf8_lossy(&example.stdout).trim_end(),
        sample.trim_end()
    );
    let page = quire(project.path(), &["plugins", "--reference", "key-dates"]);
    let page = String::from_utf8_lossy(&page.stdout);
    assert!(page.contains("### Each `[[items]]`"), "{page}");
    assert!(page.contains("| `detail` | text | yes |"), "{page}");
    assert!(page.contains(sample.trim_end()), "{page}");
}

#[test]
fn a_second_new_plugin_of_the_same_name_is_refused_and_nothing_is_lost() {
    let workspace = tempfile::tempdir().unwrap();
    assert!(
        quire(workspace.path(), &["new-plugin", "contacts"])
            .status
            .success()
    );
    let lib = workspace.path().join("contacts/src/lib.rs");
    std::fs::write(&lib, "// my work\n").unwrap();
    let again = quire(workspace.path(), &["new-plugin", "contacts"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), "// my work\n");
}
