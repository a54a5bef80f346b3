//! Checking a section's data against the JSON Schema of the type the plugin
//! reads it into, so that every independent error in a data file is found
//! in one run and said in plain words ([`check`]; [`crate::read_data`] runs
//! it before deserializing). The checker is `quire-schema`'s, which the
//! engine uses too; see there for what it checks and why.

pub use quire_schema::{ALIASES, Schema, check, check_limits, toml_header, toml_key, toml_value};

#[cfg(test)]
mod tests {
    use schemars::JsonSchema;
    use serde::Deserialize;
    use serde_json::json;

    #[test]
    fn data_that_reads_is_never_refused_by_the_check() {
        // serde's alias without the schema's mark: the check alone would call
        // `strand` unknown, but the data reads, so it is taken.
        #[derive(Debug, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        struct Unmarked {
            #[serde(alias = "strand")]
            theme: String,
        }
        let read: Unmarked = crate::read_data(&json!({"strand": "race"})).unwrap();
        assert_eq!(read.theme, "race");
    }
}
