//! A schema document read for what it says: its `$ref`s followed, what a
//! part of it is for, its choices, and what a part of it takes in words
//! (`a whole number from 1 to 5`, `a list of text`).

use serde_json::Value;

use crate::words::{self, Bound};

/// How deep `$ref`s may chain before a schema is taken as broken.
pub(crate) const MAX_REFS: usize = 32;

/// A schema document, for looking up `$ref`s and saying what a part of it
/// takes in words.
#[derive(Debug, Clone, Copy)]
pub struct Schema<'a> {
    root: &'a Value,
}

impl<'a> Schema<'a> {
    /// The schema document `root`.
    pub fn new(root: &'a Value) -> Self {
        Self { root }
    }

    /// `schema` with its `$ref`s followed (`#/$defs/Name`).
    pub fn resolve(&self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..MAX_REFS {
            let Some(target) = schema.get("$ref").and_then(Value::as_str) else {
                return schema;
            };
            match target
                .strip_prefix('#')
                .and_then(|pointer| self.root.pointer(pointer))
            {
                Some(found) => schema = found,
                None => return schema,
            }
        }
        schema
    }

    /// What a part of the schema says it is for: its `description`, or
    /// that of what it refers to, as one line.
    pub fn description(&self, schema: &'a Value) -> Option<String> {
        let text = schema
            .get("description")
            .or_else(|| self.resolve(schema).get("description"))
            .and_then(Value::as_str)?;
        let first = text.split("\n\n").next().unwrap_or(text);
        let line = first.split_whitespace().collect::<Vec<_>>().join(" ");
        (!line.is_empty()).then_some(line)
    }

    /// The branches of a union (`anyOf`, `oneOf`) that a TOML value can
    /// take: TOML has no null, so `Option`'s null branch is left out.
    pub(crate) fn branches(&self, schema: &'a Value) -> Option<Vec<&'a Value>> {
        let branches = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))?
            .as_array()?;
        Some(
            branches
                .iter()
                .filter(|b| !self.is_null(b))
                .collect::<Vec<_>>(),
        )
    }

    fn is_null(&self, schema: &Value) -> bool {
        let schema = self.resolve(schema);
        schema.get("type").and_then(Value::as_str) == Some("null")
            || schema.get("const") == Some(&Value::Null)
    }

    /// The choices of a schema that is one of some texts (an enum), if it is.
    pub fn choices(&self, schema: &'a Value) -> Option<Vec<&'a str>> {
        self.choices_within(schema, 0)
    }

    fn choices_within(&self, schema: &'a Value, depth: usize) -> Option<Vec<&'a str>> {
        if depth > MAX_REFS {
            return None;
        }
        let schema = self.resolve(schema);
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return values
                .iter()
                .filter(|v| !v.is_null())
                .map(Value::as_str)
                .collect();
        }
        if let Some(value) = schema.get("const") {
            return value.as_str().map(|s| vec![s]);
        }
        let branches = self.branches(schema)?;
        let mut all = Vec::new();
        for branch in branches {
            all.extend(self.choices_within(branch, depth + 1)?);
        }
        (!all.is_empty()).then_some(all)
    }

    /// What a part of the schema takes, in words: `text`, `a whole number
    /// from 1 to 5`, `a list of text`, `` one of `count` or `percent` ``,
    /// `a table`.
    pub fn kind(&self, schema: &'a Value) -> String {
        self.kind_of(schema, false, 0)
    }

    /// [`Schema::kind`] in the plural, for what a list holds (`whole
    /// numbers`, `tables`).
    pub fn kinds(&self, schema: &'a Value) -> String {
        self.kind_of(schema, true, 0)
    }

    fn kind_of(&self, schema: &'a Value, plural: bool, depth: usize) -> String {
        let schema = self.resolve(schema);
        if depth > MAX_REFS {
            return if plural { "values" } else { "a value" }.into();
        }
        if let Some(choices) = self.choices(schema) {
            let choices = words::list(&choices, "or");
            return if plural {
                format!("choices from {choices}")
            } else {
                format!("one of {choices}")
            };
        }
        if let Some(branches) = self.branches(schema) {
            let mut kinds: Vec<String> = Vec::new();
            for branch in branches {
                let kind = self.kind_of(branch, plural, depth + 1);
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
            return kinds.join(" or ");
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array)
            && let [only] = all.as_slice()
        {
            return self.kind_of(only, plural, depth + 1);
        }
        let types = type_names(schema);
        if types.is_empty() {
            return if plural { "values" } else { "a value" }.into();
        }
        let kinds: Vec<String> = types
            .iter()
            .map(|ty| self.type_kind(schema, ty, plural, depth))
            .collect();
        kinds.join(" or ")
    }

    fn type_kind(&self, schema: &'a Value, ty: &str, plural: bool, depth: usize) -> String {
        let pick = |one: &str, many: &str| if plural { many } else { one }.to_string();
        match ty {
            "string" => "text".into(),
            "integer" => {
                let (min, max) = number_bounds(schema, false);
                pick("a whole number", "whole numbers") + &words::bounds(min, max)
            }
            "number" => {
                let (min, max) = number_bounds(schema, false);
                pick("a number", "numbers") + &words::bounds(min, max)
            }
            "boolean" => pick("true or false", "true or false values"),
            "array" => {
                let items = match schema.get("items") {
                    Some(items) => self.kind_of(items, true, depth + 1),
                    None => "values".into(),
                };
                format!("{} of {items}", pick("a list", "lists"))
            }
            "object" => match schema.get("additionalProperties") {
                Some(values @ Value::Object(_)) if schema.get("properties").is_none() => {
                    format!(
                        "{} of {}",
                        pick("a table", "tables"),
                        self.kind_of(values, true, depth + 1)
                    )
                }
                _ => pick("a table", "tables"),
            },
            "null" => "nothing".into(),
            other => other.to_string(),
        }
    }
}

/// The types a schema names (`type`, one or several), without null.
pub(crate) fn type_names(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) if t != "null" => vec![t.as_str()],
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect(),
        _ => Vec::new(),
    }
}

/// A number's range as its schema gives it; with `format_too`, narrowed
/// by the integer format's own range (`uint8`: 0 to 255).
pub(crate) fn number_bounds(schema: &Value, format_too: bool) -> (Option<Bound>, Option<Bound>) {
    let get = |key: &str| schema.get(key).and_then(Value::as_f64);
    let mut min = get("minimum")
        .map(Bound::Inclusive)
        .or_else(|| get("exclusiveMinimum").map(Bound::Exclusive));
    let mut max = get("maximum")
        .map(Bound::Inclusive)
        .or_else(|| get("exclusiveMaximum").map(Bound::Exclusive));
    if format_too && let Some((low, high)) = format_range(schema) {
        let tighter_min = match min {
            Some(Bound::Inclusive(a) | Bound::Exclusive(a)) => a >= low,
            None => false,
        };
        if !tighter_min {
            min = Some(Bound::Inclusive(low));
        }
        let tighter_max = match max {
            Some(Bound::Inclusive(b) | Bound::Exclusive(b)) => b <= high,
            None => false,
        };
        if !tighter_max {
            max = Some(Bound::Inclusive(high));
        }
    }
    (min, max)
}

/// The range an integer `format` can hold.
fn format_range(schema: &Value) -> Option<(f64, f64)> {
    Some(match schema.get("format")?.as_str()? {
        "uint8" => (0.0, u8::MAX as f64),
        "int8" => (i8::MIN as f64, i8::MAX as f64),
        "uint16" => (0.0, u16::MAX as f64),
        "int16" => (i16::MIN as f64, i16::MAX as f64),
        "uint32" => (0.0, u32::MAX as f64),
        "int32" => (i32::MIN as f64, i32::MAX as f64),
        "uint64" | "uint" => (0.0, u64::MAX as f64),
        "int64" | "int" => (i64::MIN as f64, i64::MAX as f64),
        _ => return None,
    })
}
