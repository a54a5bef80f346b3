//! Quire's charts: checked against the house style, drawn once as SVG with
//! `plotters`, described in words for readers who cannot see them, and
//! tabulated so no figure lives only in a picture.
//!
//! The drawing's text names the house font family; the renderers typeset
//! it (Typst keeps the SVG as vector graphics in the PDF, resvg rasterises
//! it for Word), and the layout measures it with that font's widths. Every
//! size is worked out for the width the chart is printed at, so no text
//! prints smaller than [`MIN_TEXT_PT`]; every value is labelled; values
//! too different in scale to read on one axis get panels of their own
//! (small multiples, [`MIN_MARK_MM`]).

mod axis;
mod canvas;
mod complete;
mod describe;
mod draw;
mod fit;
mod metrics;
mod panels;

pub use complete::{Charts, chart_style, complete};
pub use describe::{data_table, describe, number};
pub use draw::{MIN_TEXT_PT, svg};
pub use panels::MIN_MARK_MM;

use quire_model::Chart;

/// How charts look: from the house style.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartStyle {
    /// The font family of every label (`Liberation Sans`).
    pub font_family: String,
    /// Size of every label, in points at printed size (never less than
    /// [`MIN_TEXT_PT`]).
    pub font_size: f64,
    /// Colour of text (`#rrggbb`).
    pub text_colour: String,
    /// Colour of axes and gridlines (`#rrggbb`).
    pub axis_colour: String,
    /// Background (`#rrggbb`).
    pub background: String,
    /// Series colours, in order (`#rrggbb`).
    pub palette: Vec<String>,
    /// The drawing's width, in its own units (the style's chart width in
    /// points).
    pub width: f64,
    /// The drawing's height, in the same units (more for more rows of
    /// panels).
    pub height: f64,
    /// The width the drawing is printed at, in points: the column it
    /// fills. Text and marks are sized for this width.
    pub printed_width: f64,
}

/// A chart that cannot be drawn: which field, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("field `{path}`: {message}")]
pub struct ChartError {
    /// The field, as a path inside the chart (`series[1].values`).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

/// Checks a chart's data ([`Chart::check`]) and that the palette has a
/// colour for every series.
pub fn check(chart: &Chart, palette_len: usize) -> Result<(), ChartError> {
    chart.check().map_err(|p| ChartError {
        path: p.path,
        message: p.message,
    })?;
    if chart.series.len() > palette_len {
        return Err(ChartError {
            path: "series".into(),
            message: format!(
                "{} series, but the house style's chart palette has {palette_len} colours",
                chart.series.len()
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
