//! The style's `[colours]`, `#rrggbb` colours, and the colour names a
//! class's look may use.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Invalid, Style};

/// Colours, as `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    /// Running text.
    #[schemars(extend("examples" = ["#1b1b1b"]))]
    pub text: String,
    /// Headings, rules and the title page band.
    #[schemars(extend("examples" = ["#00447c"]))]
    pub accent: String,
    /// Background of table header rows.
    #[schemars(extend("examples" = ["#dce6f0"]))]
    pub table_header: String,
    /// A light fill for group rows inside tables (the shipped styles'
    /// `[classes.group]` names it).
    #[schemars(extend("examples" = ["#eef2f6"]))]
    pub table_group: String,
    /// Table rules.
    #[schemars(extend("examples" = ["#7a7a7a"]))]
    pub rule: String,
    /// Background of callouts whose class has no look (the plain box), and
    /// a fill class looks may name.
    #[schemars(extend("examples" = ["#eef2f6"]))]
    pub callout: String,
}

impl Colours {
    /// Every colour with its key under `[colours]`, in the order declared.
    pub fn entries(&self) -> [(&'static str, &str); 6] {
        named_fields!(self; text, accent, table_header, table_group, rule, callout)
    }
}

/// `[("name", value.name.as_str()), …]` for the `String` fields named.
macro_rules! named_fields {
    ($value:expr; $($field:ident),+ $(,)?) => {
        [$((stringify!($field), $value.$field.as_str())),+]
    };
}
use named_fields;

/// Parses `#rrggbb`.
pub fn parse_hex(s: &str) -> Option<(u8, u8, u8)> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some((byte(0)?, byte(2)?, byte(4)?))
}

impl Style {
    /// The colour under `[colours]` called `name`.
    fn named_colour(&self, name: &str) -> Option<&str> {
        let entries = self.colours.entries();
        entries
            .into_iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    }

    /// Replaces every colour name in the classes' looks with its value;
    /// each colour that is neither is a problem.
    pub(crate) fn resolve_class_colours(&mut self) -> Vec<Invalid> {
        let mut classes = std::mem::take(&mut self.classes);
        let mut problems = Vec::new();
        for (name, look) in &mut classes {
            for (key, value) in look.colours_mut() {
                if parse_hex(value).is_some() {
                    continue;
                }
                match self.named_colour(value) {
                    // A named colour is checked where it is defined.
                    Some(named) => *value = named.to_string(),
                    None => problems.push(Invalid::new(
                        format!("classes.{name}.{key}"),
                        format!(
                            "`{value}` is not a colour: expected #rrggbb or the name of one under [colours] ({})",
                            self.colours.entries().map(|(key, _)| key).join(", ")
                        ),
                    )),
                }
            }
        }
        self.classes = classes;
        problems
    }
}
