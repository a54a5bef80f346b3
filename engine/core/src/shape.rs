//! Every shape error in a settings file — the manifest, a house style — at
//! once: a wrong type, a missing or unknown field, a choice that is not
//! one, each at its line and in the plain words of a data file's errors.
//!
//! serde stops at a file's first error. When a file does not read, its
//! TOML is checked whole against the JSON Schema of the type it is read
//! into, with the checker section data files use
//! ([`quire_schema::check`]); each error's field path is mapped back to
//! its line as a data file's is ([`crate::data::span_of_path`]).

use quire_wire::PluginError;
use serde_json::Value as Json;

use crate::data;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// The most shape errors shown for one file, each at its line; the rest
/// are counted in one more diagnostic.
pub const MAX_SHOWN: usize = 100;

/// Every shape error in `file` against `schema` (the whole schema of the
/// type `file` did not read into, as `schemars::schema_for!` makes it).
/// `first` is serde's error: it is what is reported when the file's TOML
/// does not parse, or when the schema finds nothing; when it is a rule only
/// the code knows (how a length is written), it is reported beside the
/// schema's errors.
pub fn errors(file: &SourceFile, schema: &Json, first: &toml::de::Error) -> Vec<Diagnostic> {
    let Ok(value) = data::json_of(&file.text) else {
        return vec![data::toml_error(file, first)];
    };
    let found = quire_schema::check(schema, &value);
    if found.is_empty() {
        return vec![data::value_error(file, first)];
    }
    // serde's error, when it is one only the code knows (a length without
    // its unit), is not among the schema's: it is reported with them.
    let unseen = !found_by_schema(first.message());
    let mut shown: Vec<Diagnostic> = found
        .iter()
        .take(MAX_SHOWN)
        .map(|error| at_field(Diagnostic::error(error.to_string()), file, error))
        .collect();
    if unseen {
        shown.push(data::value_error(file, first));
    }
    // In the order of the file, as its author reads it.
    shown.sort_by_key(|d| d.location.as_ref().map_or(usize::MAX, |l| l.span.start));
    if found.len() > MAX_SHOWN {
        shown.push(
            Diagnostic::error(format!(
                "{} more problems in this file, not shown (the first {MAX_SHOWN} are)",
                found.len() - MAX_SHOWN
            ))
            .in_file(file),
        );
    }
    shown
}

/// Whether serde's message is of a kind the schema check finds too (a
/// wrong type or value, a missing or unknown field or choice).
fn found_by_schema(message: &str) -> bool {
    [
        "missing field `",
        "unknown field `",
        "unknown variant `",
        "invalid type: ",
        "invalid value: ",
        "invalid length ",
    ]
    .iter()
    .any(|start| message.starts_with(start))
}

/// Places `d`, made from a data error, at the field the error names in
/// `file` (the key itself for an unknown field), with a "did you mean"
/// hint when the error names a field or choice close to what is written.
pub fn at_field(d: Diagnostic, file: &SourceFile, error: &PluginError) -> Diagnostic {
    let PluginError::Data { path, .. } = error else {
        return d.in_file(file);
    };
    at_path(d, file, path, &error.to_string())
}

/// Places `d` at the field `path` in `file`; `message` is the error's
/// text, which says whether the field is unknown and what it may have
/// meant.
pub fn at_path(d: Diagnostic, file: &SourceFile, path: &str, message: &str) -> Diagnostic {
    let unknown = message.contains("unknown field");
    let span = if unknown {
        data::key_span_of_path(&file.text, path)
    } else {
        None
    }
    .or_else(|| data::span_of_path(&file.text, path));
    let d = match span {
        Some(span) => d.at(file, span),
        None => d.in_file(file),
    };
    match crate::diagnostic::did_you_mean(message) {
        Some(hint) => d.with_hint(hint),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use schemars::JsonSchema;

    /// A small settings file's shape.
    #[allow(dead_code)]
    #[derive(Debug, serde::Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    struct Settings {
        /// How many copies to print.
        copies: u32,
        /// Paper widths, in millimetres.
        #[serde(default)]
        widths: Vec<f64>,
    }

    fn errors(text: &str) -> Vec<Diagnostic> {
        let file = SourceFile {
            shown: "settings.toml".into(),
            text: text.into(),
        };
        let first = toml::from_str::<Settings>(text).unwrap_err();
        let schema = schemars::schema_for!(Settings).to_value();
        super::errors(&file, &schema, &first)
    }

    #[test]
    fn every_error_comes_in_the_order_of_the_file() {
        let found = errors("widths = [1, \"a\"]\ncopies = \"two\"\ncolour = true\n");
        let said: Vec<(&str, usize)> = found
            .iter()
            .map(|d| (d.message.as_str(), d.location.as_ref().unwrap().line))
            .collect();
        assert_eq!(
            said,
            [
                (
                    "field `widths[1]`: should be a number, not the text \"a\"",
                    1
                ),
                (
                    "field `copies`: should be a whole number (0 or more), not the text \"two\"",
                    2
                ),
                (
                    "field `colour`: unknown field `colour`; the fields here are `copies` and `widths`",
                    3
                ),
            ]
        );
    }

    #[test]
    fn a_missing_field_says_what_it_is_for() {
        let found = errors("widths = [1]\n");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "field `copies`: missing field `copies` (a whole number (0 or more)): How many copies to print; add it, for example: `copies = 1`"
        );
    }

    #[test]
    fn a_near_miss_is_one_error_with_a_suggestion() {
        let found = errors("copis = 2\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].hint(), Some("did you mean `copies`?"));
        assert_eq!(found[0].location.as_ref().unwrap().span, 0..5);
    }

    #[test]
    fn too_many_errors_are_counted_past_the_limit() {
        let text: String = (0..MAX_SHOWN + 5)
            .map(|i| format!("extra{i} = 1\n"))
            .chain(["copies = 1\n".to_string()])
            .collect();
        let found = errors(&text);
        assert_eq!(found.len(), MAX_SHOWN + 1);
        assert_eq!(
            found[MAX_SHOWN].message,
            "5 more problems in this file, not shown (the first 100 are)"
        );
    }
}
