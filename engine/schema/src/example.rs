//! Data written as TOML for a message: a line that gives a missing field a
//! value of the right kind (from the schema's example or default, else a
//! placeholder), and values, keys and table headers as TOML writes them.

use serde_json::Value;

use crate::schema::{MAX_REFS, Schema, number_bounds, type_names};
use crate::words::{self, Bound};

impl<'a> Schema<'a> {
    /// A line of TOML that gives field `name` (at `path`, `aims[0].vision`)
    /// a value of the right kind: the schema's first example or its
    /// default if it has one, else a placeholder (`vision = "…"`, `year =
    /// 1`); a table or a list of tables is its header (`[[aims.priorities]]`).
    pub fn example_line(&self, name: &str, path: &str, schema: &'a Value) -> String {
        let given = schema
            .get("examples")
            .and_then(|e| e.get(0))
            .or_else(|| schema.get("default"))
            .or_else(|| {
                let resolved = self.resolve(schema);
                resolved
                    .get("examples")
                    .and_then(|e| e.get(0))
                    .or_else(|| resolved.get("default"))
            });
        if let Some(value) = given.filter(|v| !v.is_null() && !is_empty(v))
            && let Some(text) = toml_value(value)
        {
            return format!("{} = {text}", toml_key(name));
        }
        let header = toml_header(path);
        match self.placeholder(schema, 0) {
            Placeholder::Value(text) => format!("{} = {text}", toml_key(name)),
            Placeholder::Table => format!("[{header}]"),
            Placeholder::Tables => format!("[[{header}]]"),
        }
    }

    fn placeholder(&self, schema: &'a Value, depth: usize) -> Placeholder {
        let schema = self.resolve(schema);
        if let Some(choices) = self.choices(schema) {
            return Placeholder::Value(format!("\"{}\"", choices[0]));
        }
        if depth > MAX_REFS {
            return Placeholder::Value("\"…\"".into());
        }
        if let Some(branches) = self.branches(schema)
            && let Some(first) = branches.first()
        {
            return self.placeholder(first, depth + 1);
        }
        let types = type_names(schema);
        match types.first().copied() {
            Some("integer") | Some("number") => {
                let (min, max) = number_bounds(schema, false);
                let mut n: f64 = 1.0;
                if let Some(Bound::Inclusive(a) | Bound::Exclusive(a)) = min {
                    n = n.max(a);
                }
                if let Some(Bound::Inclusive(b)) = max {
                    n = n.min(b);
                }
                Placeholder::Value(words::number(n))
            }
            Some("boolean") => Placeholder::Value("true".into()),
            Some("array") => match schema.get("items") {
                Some(items) => match self.placeholder(items, depth + 1) {
                    Placeholder::Value(v) => Placeholder::Value(format!("[{v}]")),
                    Placeholder::Table | Placeholder::Tables => Placeholder::Tables,
                },
                None => Placeholder::Value("[]".into()),
            },
            Some("object") => Placeholder::Table,
            _ => Placeholder::Value("\"…\"".into()),
        }
    }
}

/// What an example line gives a field.
enum Placeholder {
    /// `name = <this>`.
    Value(String),
    /// A `[name]` table.
    Table,
    /// A `[[name]]` list of tables.
    Tables,
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

/// A value written as TOML, if it fits on a line.
pub fn toml_value(value: &Value) -> Option<String> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => serde_json::to_string(s).ok()?,
        Value::Array(items) => {
            let items: Option<Vec<String>> = items.iter().map(toml_value).collect();
            format!("[{}]", items?.join(", "))
        }
        Value::Object(map) => {
            let fields: Option<Vec<String>> = map
                .iter()
                .map(|(k, v)| Some(format!("{} = {}", toml_key(k), toml_value(v)?)))
                .collect();
            format!("{{ {} }}", fields?.join(", "))
        }
    })
}

/// A key as TOML writes it: bare when it can be, quoted otherwise.
pub fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        key.to_string()
    } else {
        serde_json::to_string(key).unwrap_or_default()
    }
}

/// A field path as a TOML table header: `aims[0].priorities` →
/// `aims.priorities`.
pub fn toml_header(path: &str) -> String {
    path.split('.')
        .filter(|p| !p.is_empty())
        .map(|p| toml_key(p.split('[').next().unwrap_or(p)))
        .collect::<Vec<_>>()
        .join(".")
}

/// A scalar written as TOML, for "write it in brackets" advice.
pub(crate) fn checked_toml(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if s.chars().count() <= 40 && !s.chars().any(char::is_control) => {
            toml_value(value)
        }
        Value::Number(_) | Value::Bool(_) => toml_value(value),
        _ => None,
    }
}
