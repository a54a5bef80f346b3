//! A resolved figure, and a drawn chart.

use serde::Serialize;

use super::Inline;
use crate::{NodeId, Origin};

/// A figure after the resolve pass ([`crate::Figure`] as written).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// What is shown.
    pub content: FigureContent,
    /// The caption shown with the number.
    pub caption: Vec<Inline>,
    /// Alternative text (for a chart, written from its data).
    pub alt: String,
    /// A label to refer to the figure by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Where the figure was written, if it says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Origin>,
    /// The figure's number (every figure is numbered).
    pub number: String,
    /// The figure's identity.
    pub id: NodeId,
}

/// What a resolved figure shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FigureContent {
    /// An image file, by path relative to the project root.
    Image {
        /// The path, inside the project.
        src: String,
        /// The width as a fraction of the text width (0–1).
        #[serde(skip_serializing_if = "Option::is_none")]
        width: Option<f64>,
    },
    /// A chart, drawn.
    Chart(Chart),
}

/// A chart with its drawing: the data as the plugin described it
/// ([`crate::Chart`]) and the SVG the engine drew from it, once, for every
/// output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// The chart's data.
    #[serde(flatten)]
    pub data: crate::Chart,
    /// The drawing, as SVG.
    pub svg: String,
}
