//! The schema of the style's `[vocabulary]` table. The words' type lives in
//! `quire-model`, which has no schema, so the table is described here from
//! the words themselves: every one is text and may be left out.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::Vocabulary;

/// Stands for [`Vocabulary`] in the style's schema.
pub(crate) struct Words;

impl JsonSchema for Words {
    fn schema_name() -> Cow<'static, str> {
        "Vocabulary".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut properties = json_schema!({});
        for (key, word) in Vocabulary::default().entries() {
            let field = json_schema!({ "type": "string", "default": word });
            properties.insert(key.to_string(), field.to_value());
        }
        json_schema!({
            "description": "The words the document prints around its authors' text (`Table`, `Contents`).",
            "type": "object",
            "properties": properties,
            "additionalProperties": false
        })
    }
}
