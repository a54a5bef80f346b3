//! End to end: one layout model. Each `[sizes]` and `[spacing]` value of the
//! style, found from the style's schema (so a new field is covered without
//! a change here), is changed in turn in a small project, and all three
//! outputs must move: the PDF's bytes, the Word copy's styles or text, the
//! HTML edition's stylesheet. A value one output does not draw would be
//! named in [`RENDERER_SPECIFIC`], with why.

use std::path::Path;

use crate::common;

use common::{append, docx_part, quire};

/// `(section.field, output)` pairs where a value deliberately does not
/// reach an output. None: every size and spacing is drawn by all three.
const RENDERER_SPECIFIC: &[(&str, &str)] = &[];

/// Text that uses what the starter does not: every heading level, lists,
/// a quotation, a table and a note.
const EVERY_KIND: &str = r#"

## Layout

A paragraph under a second-level heading, with a note.[^layout]

[^layout]: A note, long enough to take two lines at the foot of the page in every output that has pages to put it on.

### A third level

- A bulleted item.
- Another bulleted item.

1. A numbered item.

> A quotation, set in from both sides.

#### A fourth level

| Kind | Count |
|:-----|------:|
| One  | 1     |
| Two  | 2     |
"#;

/// What each output shows of the layout: the PDF whole, the Word copy's
/// styles and text, the HTML edition's stylesheet.
#[derive(PartialEq)]
struct Drawn {
    pdf: Vec<u8>,
    docx: String,
    css: String,
}

fn build(project: &Path) -> Drawn {
    let out = quire(project, &["build", "--out", "out"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = project.join("out");
    let docx = std::fs::read(dir.join("starter.docx")).unwrap();
    let html = std::fs::read_to_string(dir.join("starter.html")).unwrap();
    let css = html
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map(|(css, _)| css.to_string())
        .expect("the HTML edition has its stylesheet");
    Drawn {
        pdf: std::fs::read(dir.join("starter.pdf")).unwrap(),
        docx: docx_part(&docx, "word/styles.xml") + &docx_part(&docx, "word/document.xml"),
        css,
    }
}

/// The names of the fields of the schema's definition `name`, with
/// whether each is a length (written with a unit).
fn fields(schema: &serde_json::Value, name: &str) -> Vec<(String, bool)> {
    let properties = schema["$defs"][name]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("the style's schema has no {name}"));
    properties
        .iter()
        .map(|(key, field)| {
            let length = field["$ref"]
                .as_str()
                .is_some_and(|r| r.ends_with("/Length"));
            (key.clone(), length)
        })
        .collect()
}

/// Each change to try: the section of the style file, the field (with the
/// index of the value changed in a list: `headings[2]`) and its new value.
fn changes(style: &toml::Table) -> Vec<(String, String, toml::Value)> {
    let schema = serde_json::to_value(quire_style::Style::schema()).unwrap();
    let defaults = serde_json::to_value(quire_style::Spacing::default()).unwrap();
    let number = |v: &toml::Value| {
        v.as_float()
            .or_else(|| v.as_integer().map(|i| i as f64))
            .unwrap()
    };
    let mut out = Vec::new();
    for (key, _) in fields(&schema, "Sizes") {
        match &style["sizes"][&key] {
            toml::Value::Array(values) => {
                for i in 0..values.len() {
                    let mut changed = values.clone();
                    changed[i] = toml::Value::Float(number(&values[i]) * 1.5);
                    out.push((
                        "sizes".into(),
                        format!("{key}[{i}]"),
                        toml::Value::Array(changed),
                    ));
                }
            }
            value => out.push((
                "sizes".into(),
                key.clone(),
                toml::Value::Float(number(value) * 1.5),
            )),
        }
    }
    for (key, length) in fields(&schema, "Spacing") {
        let now = defaults[&key].as_f64().unwrap();
        let value = if length {
            toml::Value::String(format!("{}pt", now * 1.5))
        } else {
            toml::Value::Float(now * 1.5)
        };
        out.push(("spacing".into(), key, value));
    }
    out
}

#[test]
fn every_size_and_spacing_moves_all_three_outputs() {
    let dir = tempfile::tempdir().unwrap();
    assert!(quire(dir.path(), &["init", "starter"]).status.success());
    let project = dir.path().join("starter");
    append(&project.join("sections/prose/introduction.md"), EVERY_KIND);
    let style_path = project.join("styles/house.toml");
    let original: toml::Table = std::fs::read_to_string(&style_path)
        .unwrap()
        .parse()
        .unwrap();
    let before = build(&project);
    let mut unmoved = Vec::new();
    let tried = changes(&original);
    assert!(tried.len() >= 14, "{} changes", tried.len());
    for (section, name, value) in tried {
        let mut style = original.clone();
        let table = style
            .entry(section.clone())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()))
            .as_table_mut()
            .unwrap();
        let key = name.split('[').next().unwrap().to_string();
        table.insert(key, value);
        std::fs::write(&style_path, toml::to_string(&style).unwrap()).unwrap();
        let after = build(&project);
        let field = format!("{section}.{name}");
        for (output, moved) in [
            ("pdf", after.pdf != before.pdf),
            ("docx", after.docx != before.docx),
            ("html", after.css != before.css),
        ] {
            if !moved {
                unmoved.push((field.clone(), output));
            }
        }
    }
    let expected: Vec<(String, &str)> = RENDERER_SPECIFIC
        .iter()
        .map(|(f, o)| (f.to_string(), *o))
        .collect();
    assert_eq!(
        unmoved, expected,
        "each value the style gives must move every output, or be named as renderer-specific"
    );
}
