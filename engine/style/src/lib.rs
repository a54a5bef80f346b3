//! The house style: everything about how a Quire document looks, read from
//! one TOML file in `styles/`. Renderers map the model's semantic kinds and
//! class names onto it; the document model itself carries no look.
//!
//! Lengths are written with units (`25mm`, `1in`, `12pt`, `2.5cm`) and held in
//! points. Colours are `#rrggbb`; a class's look may also name a colour
//! under `[colours]`.

mod charts;
mod checks;
pub mod classes;
mod colours;
mod contrast;
mod fonts;
mod headings;
mod html;
mod layout;
mod length;
mod page;
mod read;
pub mod running;
mod sizes;
mod spacing;
mod style;
mod vocabulary;

pub use charts::Charts;
pub use classes::{Classes, Look, Rule};
pub use colours::{Colours, parse_hex};
pub use contrast::{Contrast, contrast};
pub use fonts::{Fonts, WordFonts};
pub use headings::Headings;
pub use html::{Html, HtmlFonts};
pub use layout::{ContentsLayout, Layout};
pub use length::{Length, LengthError};
pub use page::{Page, Paper};
pub use quire_model::Vocabulary;
pub use read::{Invalid, StyleError};
pub use running::Running;
pub use sizes::Sizes;
pub use spacing::Spacing;
pub use style::Style;

#[cfg(test)]
mod tests;
