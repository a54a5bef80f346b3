//! Helpers for plugin tests: requests built from TOML text, with the
//! shared data and metadata of a test document.

use quire_model::Meta;

use crate::{SectionContext, SectionRequest};

/// The shared data sections see in tests: the three strands of the strategy.
pub const SHARED: &str = r#"
[[strands]]
id = "race"
name = "Race crime"
[[strands]]
id = "homophobic"
name = "Homophobic crime"
[[strands]]
id = "domestic-violence"
name = "Domestic violence"
"#;

/// Metadata for test documents.
pub fn meta() -> Meta {
    Meta {
        title: "Hate Crime Strategy".into(),
        author: "Safer Southwark Partnership".into(),
        date: "2004-06-30".into(),
        language: "en-GB".into(),
        version: "1.0".into(),
        ..Meta::default()
    }
}

/// Parses TOML text into the JSON value a plugin receives.
///
/// # Panics
/// If the text is not valid TOML (a broken fixture).
pub fn toml_value(source: &str) -> serde_json::Value {
    toml::from_str(source).expect("test TOML must parse")
}

/// A request for section `id` with `data` given as TOML text.
pub fn request(id: &str, data: &str) -> SectionRequest {
    let section = SectionContext {
        id: id.into(),
        label: format!("sec-{id}"),
    };
    let mut request = SectionRequest::new(section, meta());
    request.data = toml_value(data);
    request.shared = toml_value(SHARED);
    request
}
