//! Finds the end-to-end tests. Every `tests/*.rs` file of the repository
//! (but `main.rs`, the root of the `e2e` test target) becomes a module of
//! that target, so a new test file runs without being registered anywhere.
//! `tests/main.rs` includes the list this writes to `OUT_DIR`.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // Cargo watches a folder whole: a file added, removed or renamed there
    // (or any edit under it) runs this again.
    println!("cargo::rerun-if-changed=../../tests");
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").expect("set by Cargo");
    let tests = Path::new(&manifest)
        .join("../../tests")
        .canonicalize()
        .expect("the repository's tests folder");

    let mut modules = Vec::new();
    for entry in std::fs::read_dir(&tests).expect("the tests folder is readable") {
        let path = entry.expect("the tests folder is readable").path();
        if path.extension().is_none_or(|e| e != "rs") || !path.is_file() {
            continue;
        }
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if name == "main" {
            continue;
        }
        assert!(
            is_identifier(name),
            "{}: an end-to-end test file's name must be a Rust identifier \
             (letters, digits and `_`): it is a module of the `e2e` test target",
            path.display()
        );
        let file = path.to_str().expect("a UTF-8 path").to_owned();
        modules.push((name.to_owned(), file));
    }
    modules.sort();

    let mut list = String::from("// Written by engine/cli/build.rs.\n");
    for (name, file) in modules {
        // An absolute path: a relative one would be taken from `OUT_DIR`,
        // the folder of the file that holds this list.
        writeln!(list, "#[path = {file:?}]\nmod {name};").unwrap();
    }
    let out = std::env::var_os("OUT_DIR").expect("set by Cargo");
    std::fs::write(Path::new(&out).join("e2e_modules.rs"), list).expect("OUT_DIR is writable");
}

/// Whether `name` can name a module: `my_test`, not `my-test` or `2nd`.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
