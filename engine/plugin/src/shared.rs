//! The shared data every section sees (the manifest's `shared` file), read
//! the same way by every plugin: the document's **themes** and **aims**,
//! listed once there and referred to by id everywhere else, and a checked
//! look-up of an id with a "did you mean" for a near miss.
//!
//! Errors about the shared file carry paths that start with `shared.`
//! (`shared.themes[1].name`), which the engine shows in that file.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::{PluginError, PluginErrors, SectionRequest};

/// A theme of the document (a strand, a priority area: "Race crime",
/// "Road safety"), as listed in the shared data under `themes`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// The id data files use to refer to it (`race`).
    pub id: String,
    /// The name readers see (`Race crime`).
    pub name: String,
}

/// The old name of [`Theme`], from when themes were called strands.
#[deprecated(note = "strands are now themes: use `Theme`")]
pub type Strand = Theme;

/// An aim of the document as the shared data lists it under `aims`: its
/// id and title (the aims section reads the rest of each aim itself).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AimRef {
    /// The id other data refers to it by (`1`, `A1`; `number`, its
    /// earlier name, is read too).
    #[serde(deserialize_with = "id_text", alias = "number")]
    pub id: String,
    /// Its title (`Increase reporting and confidence`).
    pub title: String,
}

/// The themes the shared data declares.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Themes {
    list: Vec<Theme>,
    key: &'static str,
}

impl Themes {
    /// Themes read from a list (for tests and plugins that build their own).
    pub fn new(list: Vec<Theme>) -> Self {
        Self {
            list,
            key: "themes",
        }
    }

    /// The themes, in the order the shared data gives them.
    pub fn list(&self) -> &[Theme] {
        &self.list
    }

    /// The shared data's name for the list: `themes`, or `strands` when a
    /// project still uses the older name.
    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The theme with id `id`; an unknown id is a data error at `path`
    /// with the closest id as a suggestion.
    pub fn find(&self, id: &str, path: &str) -> Result<&Theme, PluginError> {
        self.list.iter().find(|t| t.id == id).ok_or_else(|| {
            let known: Vec<&str> = self.list.iter().map(|t| t.id.as_str()).collect();
            unknown_id("theme", id, &known, path, self.key)
        })
    }

    /// The names of the themes `ids` (at `path`, a list: `actions[2].themes`).
    pub fn names(&self, ids: &[String], path: &str) -> Result<Vec<String>, PluginError> {
        ids.iter()
            .enumerate()
            .map(|(i, id)| Ok(self.find(id, &format!("{path}[{i}]"))?.name.clone()))
            .collect()
    }

    /// Whether `ids` name every theme (and there are several), so that a
    /// section can say so in a word ("All themes") rather than list them.
    pub fn every(&self, ids: &[String]) -> bool {
        self.list.len() > 1 && self.list.iter().all(|t| ids.contains(&t.id))
    }
}

/// The themes declared in the shared data (`[[themes]]`; the older name
/// `[[strands]]` is still read). None declared is an empty list.
pub fn themes(request: &SectionRequest) -> Result<Themes, PluginError> {
    let themes: Option<Vec<Theme>> = field(request, "themes")?;
    let strands: Option<Vec<Theme>> = field(request, "strands")?;
    match (themes, strands) {
        (Some(_), Some(_)) => Err(PluginError::data(
            "shared.strands",
            "the shared data lists both `themes` and `strands` (the older name for themes): keep one",
        )),
        (Some(list), None) => Ok(Themes {
            list,
            key: "themes",
        }),
        (None, Some(list)) => Ok(Themes {
            list,
            key: "strands",
        }),
        (None, None) => Ok(Themes::new(Vec::new())),
    }
}

/// The aims listed in the shared data (`[[aims]]`, each with an `id` and a
/// `title`), for sections that refer to aims by id.
pub fn aims(request: &SectionRequest) -> Result<Vec<AimRef>, PluginError> {
    Ok(field(request, "aims")?.unwrap_or_default())
}

/// The field `key` of the shared data read into `T`; `None` when the
/// shared data has no such field. Errors name the field's path in the
/// shared file (`shared.aims[2].title`).
pub fn field<T: DeserializeOwned>(
    request: &SectionRequest,
    key: &str,
) -> Result<Option<T>, PluginError> {
    let Some(value) = request.shared.get(key) else {
        return Ok(None);
    };
    crate::parse_data(value)
        .map(Some)
        .map_err(|error| in_shared(key, error))
}

/// The field `key` of the shared data read into `T` as [`crate::read_data`]
/// reads a data file: checked against `T`'s schema first, so every error
/// in it comes back at once, each at its path in the shared file
/// (`shared.aims[2].title`); `None` when the shared data has no such field.
pub fn read_field<T: DeserializeOwned + schemars::JsonSchema>(
    request: &SectionRequest,
    key: &str,
) -> Result<Option<T>, PluginErrors> {
    let Some(value) = request.shared.get(key) else {
        return Ok(None);
    };
    crate::read_data(value).map(Some).map_err(|errors| {
        let mut all = PluginErrors::new();
        for error in errors {
            all.push(in_shared(key, error));
        }
        all
    })
}

/// A data error of the shared data's field `key`, its path made the
/// shared file's (`[2].title` of `aims` is `shared.aims[2].title`).
fn in_shared(key: &str, error: PluginError) -> PluginError {
    match error {
        PluginError::Data { path, message } => {
            let path = if path.is_empty() {
                format!("shared.{key}")
            } else if path.starts_with('[') {
                format!("shared.{key}{path}")
            } else {
                format!("shared.{key}.{path}")
            };
            PluginError::Data { path, message }
        }
        other => other,
    }
}

/// The error for an id that names nothing: what was written, the closest
/// known id when one is close enough to be a slip ("did you mean"), and
/// every id the shared data's `list` declares.
pub fn unknown_id(kind: &str, id: &str, known: &[&str], path: &str, list: &str) -> PluginError {
    let mut message = format!("unknown {kind} `{id}`");
    if let Some(close) = closest(id, known) {
        message.push_str(&format!("; did you mean `{close}`? The"));
    } else {
        message.push_str("; the");
    }
    if known.is_empty() {
        message.push_str(&format!(" shared data lists no {list}"));
    } else {
        let quoted: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
        message.push_str(&format!(" shared data's {list} are {}", quoted.join(", ")));
    }
    PluginError::data(path, message)
}

// "Did you mean", shared with the engine (which checks ids across sections).
pub use quire_schema::closest;

/// An id as data may write it: text (`"A1"`, `"race"`) or, for aims
/// numbered as earlier versions wrote them, a whole number (`1`). Give a
/// `String` field `#[serde(deserialize_with = "id_text")]` and
/// `#[schemars(with = "Id")]` to accept both.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Id {
    /// An id written as text.
    Text(String),
    /// An id written as a whole number.
    Number(u64),
}

/// Reads an [`Id`] into text (`1` becomes `"1"`).
pub fn id_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Id::deserialize(deserializer) {
        Ok(Id::Text(text)) => Ok(text),
        Ok(Id::Number(n)) => Ok(n.to_string()),
        Err(_) => Err(serde::de::Error::custom(
            "expected an id: text (\"A1\") or a whole number",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SectionContext;

    fn request(shared: serde_json::Value) -> SectionRequest {
        let section = SectionContext {
            id: "s".into(),
            label: "sec-s".into(),
        };
        let mut request = SectionRequest::new(section, quire_model::Meta::default());
        request.shared = shared;
        request
    }

    fn theme(id: &str) -> Theme {
        Theme {
            id: id.into(),
            name: id.to_uppercase(),
        }
    }

    #[test]
    fn every_theme_means_each_declared_one() {
        let all = Themes::new(vec![theme("race"), theme("dv")]);
        let ids = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(all.every(&ids(&["dv", "race"])));
        assert!(!all.every(&ids(&["race"])));
        assert!(!Themes::new(vec![theme("race")]).every(&ids(&["race"])));
    }

    #[test]
    fn an_unknown_theme_suggests_the_closest() {
        let themes = Themes::new(vec![theme("race"), theme("dv"), theme("homophobic")]);
        let err = themes.find("da", "themes[0].id").unwrap_err();
        assert_eq!(
            err,
            PluginError::data(
                "themes[0].id",
                "unknown theme `da`; did you mean `dv`? The shared data's themes are `race`, `dv`, `homophobic`"
            )
        );
        let far = themes.find("transport", "x").unwrap_err().to_string();
        assert!(!far.contains("did you mean"), "{far}");
        assert_eq!(closest("Race", &["race", "dv"]), Some("race"));
    }

    #[test]
    fn the_older_name_strands_is_still_read() {
        let old = request(serde_json::json!({ "strands": [{ "id": "a", "name": "A" }] }));
        let read = themes(&old).unwrap();
        assert_eq!((read.list().len(), read.key()), (1, "strands"));
        let both = request(serde_json::json!({ "strands": [], "themes": [] }));
        assert!(themes(&both).is_err());
        assert!(
            themes(&request(serde_json::Value::Null))
                .unwrap()
                .list()
                .is_empty()
        );
    }

    #[test]
    fn shared_errors_name_the_shared_field() {
        let bad = request(serde_json::json!({ "themes": [{ "id": "a" }] }));
        let Err(PluginError::Data { path, message }) = themes(&bad) else {
            panic!()
        };
        // The missing field's own path; the engine finds its table's line.
        assert_eq!(path, "shared.themes[0].name");
        assert!(message.contains("missing field `name`"), "{message}");
    }

    #[test]
    fn aim_ids_are_text_or_whole_numbers() {
        let shared = serde_json::json!({ "aims": [
            { "id": "A1", "title": "One", "statement": "ignored here" },
            { "id": 2, "title": "Two" },
            { "number": 3, "title": "Three, as earlier versions wrote it" },
        ] });
        let read = aims(&request(shared)).unwrap();
        assert_eq!(read[0].id, "A1");
        assert_eq!(read[1].id, "2");
        assert_eq!(read[2].id, "3");
        let bad = aims(&request(
            serde_json::json!({ "aims": [{ "id": 1.5, "title": "x" }] }),
        ));
        assert!(
            bad.unwrap_err().to_string().contains("expected an id"),
            "a fraction is not an id"
        );
    }
}
