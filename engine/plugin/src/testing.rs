//! Helpers for plugin tests: requests built from TOML text, with the
//! shared data and metadata of a test document.

use quire_model::Meta;

use crate::{SectionContext, SectionRequest};

/// The shared data sections see in tests: three themes and two aims.
pub const SHARED: &str = r#"
[[themes]]
id = "race"
name = "Race crime"
[[themes]]
id = "homophobic"
name = "Homophobic crime"
[[themes]]
id = "domestic-violence"
name = "Domestic violence"

[[aims]]
id = "1"
title = "Increase reporting"
statement = "More victims report, and more reports lead to action."
priorities = ["Third-party reporting", "Staff *awareness*"]
themes = ["race", "homophobic"]

[[aims]]
id = "2"
title = "Support victims"
statement = "Every victim is offered support."
priorities = ["Advocacy"]
themes = ["domestic-violence"]
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

/// A request for section `id` with `data` given as TOML text, and
/// [`SHARED`] as the shared data.
pub fn request(id: &str, data: &str) -> SectionRequest {
    request_with_shared(id, data, SHARED)
}

/// A request for section `id` with `data` and the shared data given as
/// TOML text.
pub fn request_with_shared(id: &str, data: &str, shared: &str) -> SectionRequest {
    let section = SectionContext {
        id: id.into(),
        label: format!("sec-{id}"),
    };
    let mut request = SectionRequest::new(section, meta());
    request.data = toml_value(data);
    request.shared = toml_value(shared);
    request
}
