//! End to end: a section plugin built as a shared library is loaded through
//! the versioned C ABI and behaves like a built-in; its failures and panics
//! come back as errors and the host lives on.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use quire_core::dylib::{LoadError, load};
use quire_plugin::model::{Block, Inline};
use quire_plugin::{PluginError, SectionContext, SectionPlugin, SectionRequest};

/// Builds the probe plugin (`tests/fixtures/plugins/probe`) once, in its own
/// target folder next to this test's, and returns the library's path.
fn probe_library() -> &'static PathBuf {
    static LIBRARY: OnceLock<PathBuf> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let exe = std::env::current_exe().unwrap();
        let target = exe.ancestors().nth(3).unwrap().join("fixture-plugins");
        let manifest = common::repo().join("tests/fixtures/plugins/probe/Cargo.toml");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let out = Command::new(cargo)
            .args(["build", "--quiet", "--manifest-path"])
            .arg(&manifest)
            .arg("--target-dir")
            .arg(&target)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let name = format!(
            "{}quire_probe_plugin{}",
            std::env::consts::DLL_PREFIX,
            std::env::consts::DLL_SUFFIX
        );
        target.join("debug").join(name)
    })
}

fn request(data: serde_json::Value) -> SectionRequest {
    let section = SectionContext {
        id: "probe".into(),
        label: "sec-probe".into(),
    };
    let meta = quire_plugin::model::Meta {
        title: "T".into(),
        author: "A".into(),
        date: "2004-06-30".into(),
        language: "en-GB".into(),
        version: "1".into(),
        ..Default::default()
    };
    let mut request = SectionRequest::new(section, meta);
    request.data = data;
    request
}

#[test]
fn a_loaded_plugin_describes_itself_and_builds_blocks() {
    let plugin = load(probe_library()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plugin.info().name, "probe");
    let response = plugin
        .build(&request(serde_json::json!({ "say": "hello <b> & #set" })))
        .unwrap();
    assert_eq!(response.blocks.len(), 2);
    let Block::Paragraph { content, .. } = &response.blocks[1] else {
        panic!("{:?}", response.blocks)
    };
    assert_eq!(Inline::plain_text(content), "hello <b> & #set");
}

#[test]
fn a_plugin_error_crosses_as_an_error() {
    let plugin = load(probe_library()).unwrap();
    let err = plugin
        .build(&request(serde_json::json!({ "mode": "fail" })))
        .unwrap_err();
    assert_eq!(
        err,
        PluginError::data("mode", "the probe was asked to fail")
    );
}

#[test]
fn a_panic_is_caught_and_the_host_lives_on() {
    let plugin = load(probe_library()).unwrap();
    let err = plugin
        .build(&request(serde_json::json!({ "mode": "panic" })))
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("panicked: probe panicked on purpose"),
        "{message}"
    );
    assert!(
        message.contains("libquire_probe_plugin"),
        "the error names the file: {message}"
    );
    // The same plugin still works afterwards.
    assert!(
        plugin
            .build(&request(serde_json::json!({ "say": "again" })))
            .is_ok()
    );
}

#[test]
fn a_library_without_the_entry_point_is_refused() {
    // Any shared library that is not a Quire plugin: the C maths library.
    let candidates = [
        "/lib/x86_64-linux-gnu/libm.so.6",
        "/usr/lib/x86_64-linux-gnu/libm.so.6",
        "/lib64/libm.so.6",
    ];
    let Some(libm) = candidates.iter().map(PathBuf::from).find(|p| p.exists()) else {
        eprintln!("skipping: no libm found at the usual places");
        return;
    };
    let err = load(&libm).unwrap_err();
    assert!(
        matches!(
            err,
            LoadError::MissingSymbol {
                wanted: 1,
                found: None,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("quire_plugin_v1"), "{err}");
}
