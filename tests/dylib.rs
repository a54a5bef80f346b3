//! The plugin ABI end to end: plugins built as shared libraries are loaded
//! through the versioned C ABI and behave exactly like built-ins; every way
//! a library can be broken comes back as an error naming the file, and the
//! host lives on.

use crate::common;

use std::path::Path;

use common::plugins::{BUILTINS, builtin, fixture};
use quire_core::dylib::{LoadError, load};
use quire_plugin::model::{Block, Inline};
use quire_plugin::{PluginError, SectionContext, SectionPlugin, SectionRequest};

fn request(data: serde_json::Value) -> SectionRequest {
    let section = SectionContext {
        id: "probe".into(),
        label: "sec-probe".into(),
    };
    let mut request = SectionRequest::new(section, quire_plugin::testing::meta());
    request.data = data;
    request
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_built_in_loaded_as_a_cdylib_returns_exactly_what_its_static_twin_returns() {
    let statics = quire::builtins::registry();
    for name in BUILTINS {
        let dynamic = load(&builtin(name)).unwrap_or_else(|e| panic!("{e}"));
        let twin = statics.get(name).unwrap();
        assert_eq!(dynamic.info(), twin.info(), "{name}: the infos differ");

        // The plugin's own test sample (the prose plugin has no data), and
        // a paragraph of prose in every slot it declares.
        let sample = common::repo().join(format!("plugins/{name}/tests/sample.toml"));
        let data = std::fs::read_to_string(&sample).unwrap_or_default();
        let mut request = quire_plugin::testing::request(name, &data);
        for slot in twin.info().prose_slots.keys() {
            let prose = format!("Prose for the *{slot}* slot.");
            let blocks = quire_plugin::markdown::to_blocks(&prose, 0).unwrap();
            request.prose.insert(slot.clone(), blocks);
        }
        let from_library = dynamic
            .build(&request)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let from_engine = twin.build(&request).unwrap();
        assert!(
            !from_engine.blocks.is_empty(),
            "{name}: the sample builds nothing"
        );
        assert_eq!(from_library, from_engine, "{name}: the blocks differ");

        // Errors cross the boundary unchanged too.
        let bad = quire_plugin::testing::request(name, "no_such_field = 1");
        assert_eq!(
            dynamic.build(&bad),
            twin.build(&bad),
            "{name}: the errors differ"
        );
    }
}

#[test]
fn a_loaded_plugin_describes_itself_and_builds_blocks() {
    let plugin = load(&fixture("probe")).unwrap_or_else(|e| panic!("{e}"));
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
    let plugin = load(&fixture("probe")).unwrap();
    let err = plugin
        .build(&request(serde_json::json!({ "mode": "fail" })))
        .unwrap_err();
    assert_eq!(
        err,
        PluginError::data("mode", "the probe was asked to fail").into()
    );
}

#[test]
fn several_plugin_errors_cross_together_in_order() {
    let plugin = load(&fixture("probe")).unwrap();
    let err = plugin
        .build(&request(serde_json::json!({ "mode": "fail_twice" })))
        .unwrap_err();
    let paths: Vec<String> = err
        .into_iter()
        .map(|e| match e {
            PluginError::Data { path, .. } => path,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(paths, ["mode", "say"]);
}

#[test]
fn a_panic_is_caught_and_the_host_lives_on() {
    let plugin = load(&fixture("probe")).unwrap();
    let err = plugin
        .build(&request(serde_json::json!({ "mode": "panic" })))
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("probe panicked on purpose"), "{message}");
    assert!(
        message.contains("libprobe"),
        "the error names the file: {message}"
    );
    // The same plugin still works afterwards.
    let again = plugin.build(&request(serde_json::json!({ "say": "again" })));
    assert!(again.is_ok(), "{again:?}");
}

#[test]
fn a_library_without_the_entry_point_is_refused() {
    let path = fixture("no_entry");
    let err = load(&path).unwrap_err();
    assert!(
        matches!(
            err,
            LoadError::MissingSymbol {
                wanted: quire_plugin::abi::ABI_MAJOR,
                found: None,
                ..
            }
        ),
        "{err}"
    );
    let message = err.to_string();
    let symbol = format!("quire_plugin_v{}", quire_plugin::abi::ABI_MAJOR);
    assert!(message.contains(&symbol), "{message}");
    assert!(message.contains(&file_name(&path)), "{message}");
}

#[test]
fn a_library_for_the_previous_major_version_is_refused_saying_which_and_what_to_do() {
    // The fixture exports `quire_plugin_v1`: a plugin built before the
    // model lost raw blocks, never rebuilt.
    let err = load(&fixture("wrong_major")).unwrap_err();
    assert_eq!(quire_plugin::abi::ABI_MAJOR, 2);
    assert!(
        matches!(
            err,
            LoadError::MissingSymbol {
                wanted: 2,
                found: Some(1),
                ..
            }
        ),
        "{err}"
    );
    let message = err.to_string();
    assert!(message.contains("plugin ABI version 1"), "{message}");
    assert!(
        message.contains("rebuild it against this engine's plugin SDK, `quire-plugin` 0.2"),
        "{message}"
    );
}

#[test]
fn a_library_for_a_newer_minor_version_is_refused_before_anything_is_parsed() {
    let err = load(&fixture("newer_minor")).unwrap_err();
    let expected = quire_plugin::abi::ABI_MINOR + 1;
    assert!(
        matches!(err, LoadError::NewerMinor { plugin, .. } if plugin == expected),
        "{err}"
    );
    assert!(err.to_string().contains("libnewer_minor"), "{err}");
}

#[test]
fn answers_that_are_not_json_or_not_a_model_or_too_new_are_errors_naming_the_file() {
    for (name, expected) in [
        ("bad_json", "not valid JSON"),
        ("bad_model", "a block of a type this engine does not know"),
        ("newer_model", "model version 3"),
        (
            "raw_block",
            "a block of a type this engine does not know, at `blocks[0]`",
        ),
    ] {
        let path = fixture(name);
        let plugin = load(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let err = plugin.build(&request(serde_json::Value::Null)).unwrap_err();
        let message = err.to_string();
        assert!(message.contains(expected), "{name}: {message}");
        assert!(message.contains(&file_name(&path)), "{name}: {message}");
    }
}

#[test]
fn a_library_replaced_after_loading_is_reported_not_silently_reused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("libswapped.so");
    std::fs::copy(fixture("probe"), &path).unwrap();
    let first = load(&path).unwrap_or_else(|e| panic!("{e}"));
    let again = load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        first.info(),
        again.info(),
        "an unchanged file gives the same plugin"
    );

    // Replaced the way installers do it: a new file renamed over the old.
    let staged = dir.path().join("staged.so");
    std::fs::copy(fixture("bad_json"), &staged).unwrap();
    std::fs::rename(&staged, &path).unwrap();
    let err = load(&path).unwrap_err();
    assert_eq!(err, LoadError::Changed(path.clone()));
    assert!(err.to_string().contains("restart"), "{err}");
}
