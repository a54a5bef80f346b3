//! Where content came from, and the identities the resolve pass gives it.

use serde::{Deserialize, Serialize};

/// Where a piece of content was written, so a problem found in it later
/// (by the resolve pass, a renderer or an audit) points at the author's
/// file and line, not at a guess.
///
/// The Markdown converter fills [`Origin::Text`] for what it reads from a
/// prose template; a plugin fills [`Origin::Data`] for what it builds from
/// a data item (see the SDK's `Located` helpers). The engine turns either
/// into a file, a line and a column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "from", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Origin {
    /// A place in a text file of the project: a prose template.
    Text {
        /// The file, relative to the project folder, as the engine read it.
        file: String,
        /// 1-based line.
        line: u32,
        /// 1-based column, in characters.
        column: u32,
        /// How many characters of the line the content takes from there
        /// (0: unknown, the rest of the line).
        #[serde(default, skip_serializing_if = "is_zero")]
        length: u32,
    },
    /// A field of the section's data, by path (`actions[3].lead`); paths
    /// into the shared data file start with `shared.`.
    Data {
        /// The field path, as `serde_path_to_error` writes it.
        path: String,
    },
}

impl Origin {
    /// A place in a prose file.
    pub fn text(file: impl Into<String>, line: u32, column: u32) -> Self {
        Origin::Text {
            file: file.into(),
            line,
            column,
            length: 0,
        }
    }

    /// The same origin, taking `length` characters of its line (for a
    /// place in a prose file; other origins are returned as they are).
    pub fn with_length(mut self, characters: u32) -> Self {
        if let Origin::Text { length, .. } = &mut self {
            *length = characters;
        }
        self
    }

    /// A field of the section's data (`actions[3].lead`).
    pub fn data(path: impl Into<String>) -> Self {
        Origin::Data { path: path.into() }
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A node's identity in a resolved document: unique within it, and the
/// same for the same input, so renderers key what they add to a node
/// (a Word table's repeating header rows, a picture's alternative text,
/// an HTML anchor) on it rather than on the node's position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct NodeId(pub u32);

impl std::fmt::Display for NodeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "n{}", self.0)
    }
}
