//! Fuzzes a section's data file and prose template together: the input is
//! a TOML data file, a 0 byte, then a Markdown + Handlebars template. The
//! data is parsed, the template rendered with it in the context the
//! pipeline builds, and the blocks resolved in a document; nothing may
//! panic and every diagnostic must point inside its file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use quire_core::data;
use quire_core::prose::ProseRenderer;
use quire_core::source::SourceFile;
use quire_fuzz::{META, SHARED, check_diagnostic};
use serde_json::{Value as Json, json};

fuzz_target!(|bytes: &[u8]| {
    let (data_bytes, template_bytes) = match bytes.iter().position(|&b| b == 0) {
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (bytes, &[][..]),
    };
    let (Ok(data_text), Ok(template_text)) = (
        std::str::from_utf8(data_bytes),
        std::str::from_utf8(template_bytes),
    ) else {
        return;
    };
    let data_file = SourceFile {
        shown: "data/section.toml".into(),
        text: data_text.to_string(),
    };
    let data_value = match data::parse(data_file) {
        Ok(parsed) => parsed.value,
        Err(diagnostic) => {
            check_diagnostic(&diagnostic);
            // The template still renders, as for a section with no data.
            Json::Null
        }
    };
    // The context `pipeline::build_section` gives templates.
    let context = json!({
        "meta": &*META,
        "data": data_value,
        "shared": &*SHARED,
        "section": { "id": "s", "label": "sec-s" },
    });
    let template = SourceFile {
        shown: "prose/section.md".into(),
        text: template_text.to_string(),
    };
    let mut renderer = ProseRenderer::new();
    // The pipeline renders `body` slots at offset 0 and the others at 1.
    let offset = u8::from(bytes.len() % 2 == 1);
    let blocks = match renderer.render(&template, "prose/fuzz.md", &context, offset) {
        Ok(blocks) => blocks,
        Err(diagnostic) => {
            check_diagnostic(&diagnostic);
            return;
        }
    };
    quire_fuzz::resolve(blocks, Vec::new());
});
