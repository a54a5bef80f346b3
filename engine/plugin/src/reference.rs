//! A plugin's reference page, in Markdown, made from what the plugin says
//! about itself ([`PluginInfo`]): what it is for, how the manifest names
//! it, its prose slots, every field of its data file (what each takes in
//! plain words, whether it is required, its default, its bounds and what
//! it is for, from the schema's descriptions: the data type's doc
//! comments) and its example. `quire plugins --reference NAME` prints it,
//! and each shipped plugin's `README.md` is this page.

use std::collections::HashSet;

use serde_json::Value;

use crate::PluginInfo;
use crate::check::{Schema, toml_value};

/// The reference page of the plugin `info` describes.
pub fn page(info: &PluginInfo) -> String {
    let name = &info.name;
    let mut out = format!("# The `{name}` section plugin\n\n");
    out.push_str(&format!("{}\n\n", one_line(&info.description)));
    out.push_str(&format!(
        "Version {}. This page is made from the plugin itself: `quire plugins --reference {name}` prints it{}.\n\n",
        info.version,
        if info.example.is_some() {
            format!(", and `quire plugins --example {name}` prints the example alone")
        } else {
            String::new()
        }
    ));

    out.push_str("## In the manifest\n\n```toml\n[[sections]]\n");
    out.push_str(&format!("id = \"{name}\"\nplugin = \"{name}\"\n"));
    if info.needs_data {
        out.push_str(&format!("data = \"data/{name}.toml\"\n"));
    }
    if !info.prose_slots.is_empty() {
        let slots: Vec<String> = info
            .prose_slots
            .keys()
            .map(|slot| format!("{slot} = \"prose/{name}-{slot}.md\""))
            .collect();
        out.push_str(&format!("prose = {{ {} }}\n", slots.join(", ")));
    }
    out.push_str("```\n\n");

    if !info.prose_slots.is_empty() {
        out.push_str("## Prose slots\n\n| slot | what it is for |\n|---|---|\n");
        for (slot, purpose) in &info.prose_slots {
            out.push_str(&format!("| `{slot}` | {} |\n", cell(purpose)));
        }
        out.push('\n');
    }

    out.push_str("## Data file\n\n");
    match (&info.data_schema, info.needs_data) {
        (Some(schema), needs) => {
            if !needs {
                out.push_str("The section may have a data file; it is optional.\n\n");
            }
            data_tables(schema, &mut out);
        }
        (None, true) => {
            out.push_str("The section needs a data file; the plugin publishes no schema of it.\n\n")
        }
        (None, false) => out.push_str("The section takes no data file.\n\n"),
    }

    if let Some(example) = &info.example {
        out.push_str("## Example\n\n```toml\n");
        out.push_str(example.trim_end());
        out.push_str("\n```\n");
    }
    out
}

/// One table of fields per TOML table of the data file, top level first.
fn data_tables(root: &Value, out: &mut String) {
    let schema = Schema::new(root);
    let mut queue: Vec<(String, &Value)> = vec![("The top level of the data file".into(), root)];
    let mut seen: HashSet<*const Value> = HashSet::new();
    while !queue.is_empty() {
        let (title, table) = queue.remove(0);
        let table = schema.resolve(table);
        if !seen.insert(table as *const Value) {
            continue;
        }
        out.push_str(&format!("### {title}\n\n"));
        if let Some(purpose) = schema.description(table)
            && !std::ptr::eq(table, root)
        {
            out.push_str(&format!("{purpose}\n\n"));
        }
        let Some(properties) = table.get("properties").and_then(Value::as_object) else {
            out.push_str("Any fields.\n\n");
            continue;
        };
        let required: Vec<&str> = table
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        out.push_str("| field | takes | required | default | what it is for |\n");
        out.push_str("|---|---|---|---|---|\n");
        let path_of = |title: &str| {
            title
                .split('`')
                .nth(1)
                .map(|h| h.trim_matches(|c| c == '[' || c == ']').to_string())
                .unwrap_or_default()
        };
        let here = path_of(&title);
        for (field, field_schema) in properties {
            let default = field_schema
                .get("default")
                .and_then(toml_value)
                .map(|v| format!("`{v}`"))
                .unwrap_or_default();
            let mut purpose = schema.description(field_schema).unwrap_or_default();
            let choices = choice_descriptions(&schema, field_schema);
            if !choices.is_empty() {
                if !purpose.is_empty() {
                    purpose.push(' ');
                }
                purpose.push_str(&choices);
            }
            out.push_str(&format!(
                "| `{field}` | {} | {} | {default} | {} |\n",
                cell(&schema.kind(field_schema)),
                if required.contains(&field.as_str()) {
                    "yes"
                } else {
                    "no"
                },
                cell(&purpose)
            ));
            let path = if here.is_empty() {
                field.clone()
            } else {
                format!("{here}.{field}")
            };
            for (header, nested) in nested_tables(&schema, field_schema, &path, 0) {
                queue.push((header, nested));
            }
        }
        out.push('\n');
    }
}

/// The tables a field holds, each with the title of its part of the page
/// (``Each `[[strands.measures]]` ``).
fn nested_tables<'a>(
    schema: &Schema<'a>,
    field: &'a Value,
    path: &str,
    depth: usize,
) -> Vec<(String, &'a Value)> {
    let resolved = schema.resolve(field);
    if depth > 8 {
        return Vec::new();
    }
    let mut found = Vec::new();
    for key in ["anyOf", "oneOf"] {
        if let Some(branches) = resolved.get(key).and_then(Value::as_array) {
            for branch in branches {
                found.extend(nested_tables(schema, branch, path, depth + 1));
            }
        }
    }
    let is_table = |s: &Value| s.get("properties").is_some_and(Value::is_object);
    if is_table(resolved) {
        found.push((format!("The `[{path}]` table"), resolved));
    }
    if let Some(items) = resolved.get("items") {
        let items = schema.resolve(items);
        if is_table(items) {
            found.push((format!("Each `[[{path}]]`"), items));
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(branches) = items.get(key).and_then(Value::as_array) {
                for branch in branches {
                    let branch = schema.resolve(branch);
                    if is_table(branch) {
                        found.push((format!("Each `[[{path}]]` written as a table"), branch));
                    }
                }
            }
        }
    }
    if resolved.get("properties").is_none()
        && let Some(values) = resolved.get("additionalProperties")
        && is_table(schema.resolve(values))
    {
        found.push((format!("Each `[{path}.<name>]`"), schema.resolve(values)));
    }
    found
}

/// What each choice of an enum field means, when its variants say.
fn choice_descriptions(schema: &Schema<'_>, field: &Value) -> String {
    let resolved = schema.resolve(field);
    let items = match resolved.get("items") {
        Some(items) => schema.resolve(items),
        None => resolved,
    };
    let Some(branches) = items.get("oneOf").and_then(Value::as_array) else {
        return String::new();
    };
    let described: Vec<String> = branches
        .iter()
        .filter_map(|b| {
            let value = b.get("const").and_then(Value::as_str)?;
            let purpose = schema.description(b)?;
            Some(format!("`{value}`: {}", purpose.trim_end_matches('.')))
        })
        .collect();
    if described.is_empty() {
        String::new()
    } else {
        format!("{}.", described.join("; "))
    }
}

/// Text on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text for a Markdown table cell: one line, `|` escaped.
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use schemars::JsonSchema;

    /// A test plugin's data.
    #[derive(serde::Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Data {
        /// The heading.
        title: String,
        /// How sure the figures are.
        #[serde(default)]
        confidence: Confidence,
        /// The measures, one table each.
        measures: Vec<Measure>,
    }

    #[derive(serde::Deserialize, serde::Serialize, JsonSchema, Default)]
    #[serde(rename_all = "snake_case")]
    #[allow(dead_code)]
    enum Confidence {
        /// Published figures.
        #[default]
        Published,
        /// Made up for the example.
        Illustrative,
    }

    /// One measure.
    #[derive(serde::Deserialize, JsonSchema)]
    #[allow(dead_code)]
    struct Measure {
        /// What is counted.
        name: String,
        /// Out of five.
        #[schemars(range(min = 1, max = 5))]
        score: u8,
    }

    #[test]
    fn a_page_lists_every_table_and_field_with_what_it_takes() {
        let info = PluginInfo::new("scores", "1.0.0", "Scores | by measure")
            .slot("intro", "Text under the heading")
            .needs_data()
            .data_schema::<Data>()
            .example("title = \"Scores\"\n");
        let page = page(&info);
        assert!(
            page.starts_with("# The `scores` section plugin\n\nScores | by measure"),
            "{page}"
        );
        assert!(
            page.contains("| `intro` | Text under the heading |"),
            "{page}"
        );
        assert!(
            page.contains("| `title` | text | yes |  | The heading. |"),
            "{page}"
        );
        assert!(
            page.contains("| `confidence` | one of `published` or `illustrative` | no | `\"published\"` | How sure the figures are. `published`: Published figures; `illustrative`: Made up for the example. |"),
            "{page}"
        );
        assert!(
            page.contains("### Each `[[measures]]`\n\nOne measure."),
            "{page}"
        );
        assert!(
            page.contains("| `score` | a whole number from 1 to 5 | yes |  | Out of five. |"),
            "{page}"
        );
        assert!(
            page.contains("## Example\n\n```toml\ntitle = \"Scores\"\n```\n"),
            "{page}"
        );
        assert!(
            page.contains("prose = { intro = \"prose/scores-intro.md\" }"),
            "{page}"
        );
    }
}
