use quire_wire::PluginError;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::*;

/// A data file like a plugin's: aims with numbers, priorities, a vision.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Data {
    /// The section's heading.
    title: String,
    /// What the partnership wants to achieve, in a sentence or two.
    vision: String,
    aims: Vec<Aim>,
    /// Where the figures come from.
    #[serde(default)]
    unit: Unit,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    item: Option<Item>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Aim {
    number: u32,
    statement: String,
    /// How much it matters, from 1 (most) to 5.
    #[schemars(range(min = 1, max = 5))]
    priority: u8,
    #[serde(default)]
    partners: Vec<String>,
    #[serde(default)]
    share: f64,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
enum Unit {
    #[default]
    Count,
    Percent,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum Item {
    Name(String),
    Full { name: String, url: String },
}

fn schema() -> Value {
    schemars::schema_for!(Data).to_value()
}

/// Each error as `path: message`.
fn errors(data: Value) -> Vec<String> {
    check(&schema(), &data)
        .into_iter()
        .map(|e| match e {
            PluginError::Data { path, message } => format!("{path}: {message}"),
            other => other.to_string(),
        })
        .collect()
}

fn good() -> Value {
    json!({
        "title": "Aims",
        "vision": "Safe streets",
        "aims": [
            { "number": 1, "statement": "Report", "priority": 2, "partners": ["police"] },
            { "number": 2, "statement": "Support", "priority": 5, "share": 0.5 }
        ],
        "unit": "percent",
        "note": "n",
        "item": { "name": "a", "url": "b" }
    })
}

#[test]
fn good_data_has_no_errors_and_deserializes() {
    assert_eq!(errors(good()), Vec::<String>::new());
    let mut data = good();
    data["item"] = json!("just a name");
    assert_eq!(errors(data.clone()), Vec::<String>::new());
    let read: Data = serde_json::from_value(data).unwrap();
    assert_eq!(read.aims.len(), 2);
}

#[test]
fn every_independent_error_is_found_at_once() {
    let data = json!({
        "title": 3,
        "aims": [
            { "number": "A1", "statement": "Report", "priority": 300, "partners": "police" },
            { "number": 2, "statment": "Support", "priority": 0 }
        ],
        "unit": "counts",
        "item": { "name": "a" }
    });
    let found = errors(data);
    assert_eq!(
        found,
        vec![
            "aims[0].number: should be a whole number (0 or more), not the text \"A1\"",
            "aims[0].partners: should be a list of text, not the text \"police\" (a list is written in brackets: `[\"police\"]`)",
            "aims[0].priority: should be a whole number from 1 to 5, not the whole number 300",
            "aims[1].priority: should be a whole number from 1 to 5, not the whole number 0",
            "aims[1].statment: unknown field `statment`; the fields here are `number`, `partners`, `priority`, `share` and `statement`",
            "item.url: missing field `url` (text); add it, for example: `url = \"…\"`",
            "title: should be text, not the whole number 3",
            "unit: unknown choice `counts`; the choices are `count` and `percent`",
            "vision: missing field `vision` (text): What the partnership wants to achieve, in a sentence or two; add it, for example: `vision = \"…\"`",
        ],
    );
}

#[test]
fn a_table_where_a_list_of_tables_belongs_says_how_to_write_it() {
    let mut data = good();
    data["aims"] = json!({ "number": 1, "statement": "s", "priority": 1 });
    assert_eq!(
        errors(data),
        vec![
            "aims: should be a list of tables, not a table (write each item under its own `[[aims]]`, not `[aims]`)"
        ]
    );
}

#[test]
fn a_missing_list_of_tables_is_shown_as_its_header() {
    let mut data = good();
    data.as_object_mut().unwrap().remove("aims");
    assert_eq!(
        errors(data),
        vec!["aims: missing field `aims` (a list of tables); add it, for example: `[[aims]]`"]
    );
}

#[test]
fn the_integer_format_bounds_a_number_the_schema_leaves_open() {
    let mut data = good();
    data["aims"][0]["number"] = json!(5_000_000_000u64);
    data["aims"][1]["number"] = json!(-1);
    data["aims"][1]["share"] = json!("half");
    assert_eq!(
        errors(data),
        vec![
            "aims[0].number: should be a whole number (0 or more), not the whole number 5000000000",
            "aims[1].number: should be a whole number (0 or more), not the whole number -1",
            "aims[1].share: should be a number, not the text \"half\"",
        ]
    );
}

#[test]
fn kinds_are_said_in_plain_words() {
    let root = schema();
    let schema = Schema::new(&root);
    let aim = schema.resolve(&root["properties"]["aims"]["items"]);
    let kind = |v: &Value| schema.kind(v);
    assert_eq!(kind(&root["properties"]["aims"]), "a list of tables");
    assert_eq!(kind(&aim["properties"]["partners"]), "a list of text");
    assert_eq!(
        kind(&aim["properties"]["priority"]),
        "a whole number from 1 to 5"
    );
    assert_eq!(kind(&aim["properties"]["share"]), "a number");
    assert_eq!(
        kind(&root["properties"]["unit"]),
        "one of `count` or `percent`"
    );
    assert_eq!(kind(&root["properties"]["note"]), "text");
    assert_eq!(kind(&root["properties"]["item"]), "text or a table");
    assert_eq!(
        schema.example_line("unit", "unit", &root["properties"]["unit"]),
        "unit = \"count\""
    );
    assert_eq!(
        schema.example_line(
            "priority",
            "aims[0].priority",
            &aim["properties"]["priority"]
        ),
        "priority = 1"
    );
    assert_eq!(toml_header("aims[3].partners[0].x"), "aims.partners.x");
}

#[test]
fn a_misspelt_field_is_not_also_missing_but_a_stray_one_is_no_excuse() {
    let mut data = good();
    data["aims"][0] = json!({ "number": 1, "statment": "s", "priority": 1 });
    data["aims"][1] = json!({ "number": 2, "colour": "red", "priority": 1 });
    assert_eq!(
        errors(data),
        vec![
            "aims[0].statment: unknown field `statment`; the fields here are `number`, `partners`, `priority`, `share` and `statement`",
            "aims[1].colour: unknown field `colour`; the fields here are `number`, `partners`, `priority`, `share` and `statement`",
            "aims[1].statement: missing field `statement` (text); add it, for example: `statement = \"…\"`",
        ]
    );
}

#[test]
fn a_schema_that_refers_to_itself_in_place_cannot_loop() {
    let schema = json!({
        "$ref": "#/$defs/Loop",
        "$defs": { "Loop": { "anyOf": [{ "$ref": "#/$defs/Loop" }, { "type": "integer" }] } }
    });
    assert!(!check(&schema, &json!("text")).is_empty());
    assert_eq!(check(&schema, &json!(3)), Vec::new());
}

/// A field renamed, still read under its former name.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Renamed {
    #[serde(alias = "strand")]
    #[schemars(extend("x-aliases" = ["strand"]))]
    theme: String,
    count: u32,
}

#[test]
fn a_former_name_is_the_field_not_an_unknown_one() {
    let schema = schemars::schema_for!(Renamed).to_value();
    assert!(check(&schema, &json!({"strand": "race", "count": 1})).is_empty());
    let errors = check(&schema, &json!({"strand": 3, "count": 1}));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].to_string().contains("strand"), "{errors:?}");
    // Missing under both names is missing.
    let errors = check(&schema, &json!({"count": 1}));
    assert!(
        errors[0].to_string().contains("missing field `theme`"),
        "{errors:?}"
    );
}
