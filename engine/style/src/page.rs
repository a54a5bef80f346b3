//! The style's `[page]`: paper and margins, and the text widths they leave.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Length, Style};

/// Page size and margins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// Paper name understood by every renderer: `a4` or `letter`.
    pub paper: Paper,
    /// Top margin.
    pub margin_top: Length,
    /// Bottom margin.
    pub margin_bottom: Length,
    /// Inside (left) margin.
    pub margin_left: Length,
    /// Outside (right) margin.
    pub margin_right: Length,
}

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    UsLetter,
}

impl Paper {
    /// Width and height in points (portrait).
    pub fn size(self) -> (f64, f64) {
        match self {
            Paper::A4 => (595.2756, 841.8898),
            Paper::UsLetter => (612.0, 792.0),
        }
    }
}

impl Style {
    /// The width of a portrait page's text: the paper less its side margins.
    pub fn text_width(&self) -> Length {
        let (w, _) = self.page.paper.size();
        Length(w - self.page.margin_left.pt() - self.page.margin_right.pt())
    }

    /// The text widths of portrait and landscape pages in ems of table
    /// text, in which tables' automatic columns are settled.
    pub fn table_widths(&self) -> quire_model::column_widths::TextWidths {
        let (w, h) = self.page.paper.size();
        let margins = self.page.margin_left.pt() + self.page.margin_right.pt();
        quire_model::column_widths::TextWidths {
            portrait: (w - margins) / self.sizes.table,
            landscape: (h - margins) / self.sizes.table,
        }
    }
}
