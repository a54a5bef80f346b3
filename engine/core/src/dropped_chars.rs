//! Where a character XML 1.0 cannot hold was written: a warning at its
//! place in the data file, the manifest's `[document]` table or the prose
//! template. The characters themselves are taken out of the model by
//! [`quire_model::xml_chars`]: U+000B and U+000C become line breaks, the
//! others (C0 controls but tab, line feed and carriage return; U+FFFE,
//! U+FFFF) are dropped, and that is what these warnings report.

use quire_model::xml_chars;
use serde_json::Value as Json;

use crate::data;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// At most this many warnings are given for one file; one more says how
/// many places were left unreported.
pub const MAX_WARNINGS_PER_FILE: usize = 10;

const HINT: &str = "delete it from the file; of the control characters, only tab and line breaks (including U+000B and U+000C, Excel's line break in a cell) reach the outputs";

/// The dropped characters of `text`, named (`U+0001, U+001B`), or `None`
/// if there are none.
fn named(text: &str) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    for (_, c) in xml_chars::dropped(text) {
        let name = format!("U+{:04X}", u32::from(c));
        if !names.contains(&name) {
            names.push(name);
        }
    }
    (!names.is_empty()).then(|| names.join(", "))
}

fn message(what: &str, chars: &str) -> String {
    let plural = if chars.contains(',') { "s" } else { "" };
    format!(
        "{what}: the character{plural} {chars} cannot be written into the outputs (XML 1.0 forbids {}), so {} left out",
        if plural.is_empty() { "it" } else { "them" },
        if plural.is_empty() {
            "it is"
        } else {
            "they are"
        },
    )
}

/// Warnings for the strings (and keys) of `value`, read from `file`, each
/// at its field. `prefix` is the path of `value` inside the file
/// (`document` for the manifest's `[document]` table; empty for a whole
/// data file).
pub fn in_value(file: &SourceFile, value: &Json, prefix: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    collect(value, prefix.to_string(), &mut found);
    let total = found.len();
    let mut warnings: Vec<Diagnostic> = found
        .into_iter()
        .take(MAX_WARNINGS_PER_FILE)
        .map(|(path, chars)| {
            let d = Diagnostic::warning(message(&format!("field `{path}`"), &chars));
            match data::span_of_path(&file.text, &path) {
                Some(span) => d.at(file, span),
                None => d.in_file(file),
            }
            .with_hint(HINT)
        })
        .collect();
    if total > MAX_WARNINGS_PER_FILE {
        warnings.push(more(file, total - MAX_WARNINGS_PER_FILE, "fields"));
    }
    warnings
}

fn more(file: &SourceFile, count: usize, what: &str) -> Diagnostic {
    Diagnostic::warning(format!(
        "{count} more {what} hold characters XML 1.0 forbids; they are left out too"
    ))
    .in_file(file)
}

/// Every field path whose string or key holds dropped characters, with
/// the characters named.
fn collect(value: &Json, path: String, found: &mut Vec<(String, String)>) {
    match value {
        Json::String(s) => {
            if let Some(chars) = named(s) {
                found.push((path, chars));
            }
        }
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, format!("{path}[{i}]"), found);
            }
        }
        Json::Object(map) => {
            for (key, item) in map {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                if let Some(chars) = named(key) {
                    found.push((path.clone(), chars));
                }
                collect(item, path, found);
            }
        }
        Json::Null | Json::Bool(_) | Json::Number(_) => {}
    }
}

/// Warnings for a prose template: one per line holding dropped
/// characters, at the first of them.
pub fn in_text(file: &SourceFile) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut lines = 0;
    let mut start = 0;
    for line in file.text.split_inclusive('\n') {
        if let (Some((at, c)), Some(chars)) = (xml_chars::dropped(line).next(), named(line)) {
            lines += 1;
            if lines <= MAX_WARNINGS_PER_FILE {
                let span = start + at..start + at + c.len_utf8();
                warnings.push(
                    Diagnostic::warning(message("this line", &chars))
                        .at(file, span)
                        .with_hint(HINT),
                );
            }
        }
        start += line.len();
    }
    if lines > MAX_WARNINGS_PER_FILE {
        warnings.push(more(file, lines - MAX_WARNINGS_PER_FILE, "lines"));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            shown: "data/x.toml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn a_data_field_is_named_at_its_line() {
        let f = file(
            "title = \"Plan\"\n\n[[actions]]\nlead = \"CSU\\u0001\\e[0m\"\nnote = \"a\\u000Bb\"\n",
        );
        let parsed = data::parse(f.clone()).unwrap();
        let warnings = in_value(&f, &parsed.value, "");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let w = &warnings[0];
        assert!(
            w.message
                .starts_with("field `actions[0].lead`: the characters U+0001, U+001B"),
            "{}",
            w.message
        );
        let at = w.location.as_ref().unwrap();
        assert_eq!((at.line, at.column), (4, 8));
    }

    #[test]
    fn a_prose_line_is_named_at_its_column() {
        let f = file("# Title\n\nSome \u{7}text\u{7} and\u{B}more.\n");
        let warnings = in_text(&f);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("the character U+0007 "));
        let at = warnings[0].location.as_ref().unwrap();
        assert_eq!((at.line, at.column), (3, 6));
    }

    #[test]
    fn a_file_full_of_them_gets_a_bounded_number_of_warnings() {
        let text: String = (0..100).map(|i| format!("k{i} = \"\\u0001\"\n")).collect();
        let f = file(&text);
        let parsed = data::parse(f.clone()).unwrap();
        let warnings = in_value(&f, &parsed.value, "");
        assert_eq!(warnings.len(), MAX_WARNINGS_PER_FILE + 1);
        assert!(
            warnings
                .last()
                .unwrap()
                .message
                .starts_with("90 more fields")
        );
        assert!(in_value(&f, &serde_json::json!({"clean": "text\u{B}"}), "").is_empty());
    }
}
