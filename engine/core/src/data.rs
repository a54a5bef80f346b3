//! Section data files: TOML read into the JSON value plugins receive, and
//! field paths (`actions[3].lead`) mapped back to their place in the file.

use std::ops::Range;

use serde_json::Value as Json;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// A data file, read and converted.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// The file's text, for error locations.
    pub source: SourceFile,
    /// The data as JSON.
    pub value: Json,
}

/// Parses TOML text into JSON. Date-times become strings in TOML's own form.
pub fn parse(source: SourceFile) -> Result<DataFile, Diagnostic> {
    let value = json_of(&source.text).map_err(|e| toml_error(&source, &e))?;
    Ok(DataFile { source, value })
}

/// TOML text as the JSON value it is checked and read as.
pub fn json_of(text: &str) -> Result<Json, toml::de::Error> {
    let table: toml::Table = toml::from_str(text)?;
    Ok(to_json(toml::Value::Table(table)))
}

/// A TOML error as a diagnostic at its span: a syntax error as TOML's
/// parser says it, a value of the wrong shape (a wrong type, an unknown or
/// missing field) in the plain words of [`quire_schema::words`].
pub fn toml_error(source: &SourceFile, error: &toml::de::Error) -> Diagnostic {
    error_at(source, error, false)
}

/// serde's error about a file whose TOML is well written (it parsed as a
/// table): a value the file's type refuses, named by its key, never a
/// syntax error (`` field `margin_top`: `25` is not a length… ``).
pub fn value_error(source: &SourceFile, error: &toml::de::Error) -> Diagnostic {
    error_at(source, error, true)
}

fn error_at(source: &SourceFile, error: &toml::de::Error, well_written: bool) -> Diagnostic {
    let written = error.message().trim_end();
    let plain = quire_schema::words::serde_message(written);
    let message = if well_written || plain != written || is_shape_error(written) {
        // A wrong value is named by its key, as a data file's field is.
        let key = error
            .span()
            .filter(|_| well_written || plain.starts_with("should be"))
            .and_then(|span| key_before(&source.text, span.start));
        match key {
            Some(key) => format!("field `{key}`: {plain}"),
            None => plain,
        }
    } else {
        format!("this TOML is not valid: {written}")
    };
    let suggestion = crate::diagnostic::did_you_mean(&message);
    let d = match error.span() {
        Some(span) => Diagnostic::error(message).at(source, span),
        None => Diagnostic::error(message).in_file(source),
    };
    match suggestion {
        Some(hint) => d.with_hint(hint),
        None => d,
    }
}

/// The key of a `key = value` line whose value starts at byte `at`, if the
/// value is the line's own (not an item inside an array or inline table).
fn key_before(text: &str, at: usize) -> Option<&str> {
    let before = text.get(..at)?;
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let (key, rest) = line.split_once('=')?;
    let key = key.trim();
    let plain = !key.is_empty() && !key.contains(['#', '[', '{', '"', '\'']);
    (rest.trim().is_empty() && plain).then_some(key)
}

/// Whether serde (not the TOML parser) made the message: the value is well
/// written but not what the file takes. A message of the file's own type
/// (a length without its unit) is not recognised here.
fn is_shape_error(message: &str) -> bool {
    [
        "missing field `",
        "unknown field `",
        "unknown variant `",
        "invalid type: ",
        "invalid value: ",
    ]
    .iter()
    .any(|start| message.starts_with(start))
}

fn to_json(value: toml::Value) -> Json {
    match value {
        toml::Value::String(s) => Json::String(s),
        toml::Value::Integer(i) => Json::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number),
        toml::Value::Boolean(b) => Json::Bool(b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(items) => Json::Array(items.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Json::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}

/// The byte span of the value at `path` (`actions[3].lead`, `sectors[0]`),
/// or of the deepest part of the path that exists. For an unknown field the
/// key itself is found, since the path names it.
pub fn span_of_path(text: &str, path: &str) -> Option<Range<usize>> {
    let root = document(text)?;
    let mut current = &root;
    let mut best = None;
    for segment in segments(path) {
        let next = match (&segment, current.get_ref()) {
            (Segment::Key(key), DeValue::Table(table)) => {
                let found = table
                    .iter()
                    .find(|(k, _)| k.get_ref().as_ref() == key.as_str());
                match found {
                    Some((k, v)) => {
                        // Point at the key for tables (their span is vague), at the value otherwise.
                        if v.get_ref().is_table() || v.get_ref().is_array() {
                            best = Some(k.span());
                        }
                        v
                    }
                    None => break,
                }
            }
            (Segment::Index(i), DeValue::Array(items)) => match items.get(*i) {
                Some(v) => v,
                None => break,
            },
            _ => break,
        };
        let span = next.span();
        if !(next.get_ref().is_table() && span.is_empty()) {
            best = Some(span);
        }
        current = next;
    }
    best
}

/// The key span of the value at `path`, for "unknown field" errors whose path
/// ends in the unknown key: the key is what should be underlined.
pub fn key_span_of_path(text: &str, path: &str) -> Option<Range<usize>> {
    let root = document(text)?;
    let mut current = &root;
    let mut key_span = None;
    for segment in segments(path) {
        current = match (&segment, current.get_ref()) {
            (Segment::Key(key), DeValue::Table(table)) => {
                let (k, v) = table
                    .iter()
                    .find(|(k, _)| k.get_ref().as_ref() == key.as_str())?;
                key_span = Some(k.span());
                v
            }
            (Segment::Index(i), DeValue::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    key_span
}

/// The whole file as one spanned table value.
fn document(text: &str) -> Option<Spanned<DeValue<'_>>> {
    let table = DeTable::parse(text).ok()?;
    let span = table.span();
    Some(Spanned::new(span, DeValue::Table(table.into_inner())))
}

#[derive(Debug, PartialEq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// Splits `a.b[2].c` into keys and indices.
fn segments(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut rest = part;
        if let Some(open) = rest.find('[') {
            if open > 0 {
                out.push(Segment::Key(rest[..open].to_string()));
            }
            rest = &rest[open..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let close = stripped.find(']').unwrap_or(stripped.len());
                if let Ok(i) = stripped[..close].parse() {
                    out.push(Segment::Index(i));
                }
                rest = stripped.get(close + 1..).unwrap_or("");
            }
        } else {
            out.push(Segment::Key(rest.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "title = \"Plan\"\n\n[[actions]]\nref = \"1a\"\nlead = \"CSU\"\n\n[[actions]]\nref = \"1b\"\nlead = 3\nextra = true\n";

    #[test]
    fn paths_split_into_keys_and_indices() {
        assert_eq!(
            segments("actions[3].lead"),
            vec![
                Segment::Key("actions".into()),
                Segment::Index(3),
                Segment::Key("lead".into())
            ]
        );
        assert_eq!(
            segments("a[1][2]"),
            vec![
                Segment::Key("a".into()),
                Segment::Index(1),
                Segment::Index(2)
            ]
        );
    }

    #[test]
    fn a_path_finds_its_value() {
        let span = span_of_path(TEXT, "actions[1].lead").unwrap();
        assert_eq!(&TEXT[span], "3");
        let span = key_span_of_path(TEXT, "actions[1].extra").unwrap();
        assert_eq!(&TEXT[span], "extra");
    }

    #[test]
    fn a_missing_tail_falls_back_to_what_exists() {
        let span = span_of_path(TEXT, "actions[1].partners").unwrap();
        let line = crate::source::locate(TEXT, span).line;
        assert!((7..=10).contains(&line), "line {line}");
    }

    #[test]
    fn datetimes_become_strings() {
        let file = SourceFile {
            shown: "x.toml".into(),
            text: "when = 2004-06-30\n".into(),
        };
        assert_eq!(parse(file).unwrap().value["when"], "2004-06-30");
    }

    #[test]
    fn a_wrong_value_is_named_by_its_key_in_plain_words() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Settings {
            size: f64,
            sizes: Vec<f64>,
        }
        let file = SourceFile {
            shown: "x.toml".into(),
            text: "size = \"12pt\"\nsizes = [1]\n".into(),
        };
        let error = toml::from_str::<Settings>(&file.text).unwrap_err();
        let d = toml_error(&file, &error);
        assert_eq!(
            d.message,
            "field `size`: should be a number, not the text \"12pt\""
        );
        assert_eq!(d.location.unwrap().line, 1);
        let file = SourceFile {
            text: "size = 1\nsizes = [1, \"x\"]\n".into(),
            ..file
        };
        let error = toml::from_str::<Settings>(&file.text).unwrap_err();
        assert_eq!(
            toml_error(&file, &error).message,
            "should be a number, not the text \"x\""
        );
    }

    #[test]
    fn syntax_errors_point_at_the_line() {
        let file = SourceFile {
            shown: "x.toml".into(),
            text: "a = 1\nb = = 2\n".into(),
        };
        let d = parse(file).unwrap_err();
        assert_eq!(d.location.unwrap().line, 2);
    }
}
