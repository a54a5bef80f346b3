//! Fuzzes the manifest parser: any text either parses or gives diagnostics
//! that point inside the file and print the way the command prints them.

#![no_main]

use libfuzzer_sys::fuzz_target;
use quire_core::manifest;
use quire_core::source::SourceFile;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let file = SourceFile {
        shown: "quire.toml".into(),
        text: text.to_string(),
    };
    match manifest::parse(&file) {
        Ok(parsed) => {
            // The settings the loader reads first must be reachable.
            for entry in &parsed.sections {
                let _ = manifest::valid_id(entry.id.get_ref());
            }
        }
        Err(diagnostics) => {
            assert!(!diagnostics.0.is_empty(), "a refusal says why");
            for diagnostic in &diagnostics.0 {
                if let Some(location) = &diagnostic.location {
                    assert!(location.span.end <= text.len(), "span past the end");
                    assert!(text.is_char_boundary(location.span.start));
                    assert!(text.is_char_boundary(location.span.end));
                    // Locating the span again must give the same place.
                    let again = file.locate(location.span.clone());
                    assert_eq!(again.line, location.line);
                }
                // The command prints diagnostics through `Display`.
                let _ = diagnostic.to_string();
            }
        }
    }
});
