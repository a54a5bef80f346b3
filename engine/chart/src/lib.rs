//! Quire's charts: checked against the house style, drawn once as SVG with
//! `plotters`, described in words for readers who cannot see them, and
//! tabulated so no figure lives only in a picture.
//!
//! The drawing's text names the house font family; the renderers typeset
//! it (Typst keeps the SVG as vector graphics in the PDF, resvg rasterises
//! it for Word), so plotters only estimates text sizes for its layout.

mod complete;
mod describe;
mod draw;

pub use complete::{chart_style, complete};
pub use describe::{data_table, describe, number};
pub use draw::svg;

use quire_model::Chart;

/// How charts look: from the house style.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartStyle {
    /// The font family of every label (`Liberation Sans`).
    pub font_family: String,
    /// Size of tick and category labels, in points.
    pub font_size: f64,
    /// Colour of text (`#rrggbb`).
    pub text_colour: String,
    /// Colour of axes and gridlines (`#rrggbb`).
    pub axis_colour: String,
    /// Background (`#rrggbb`).
    pub background: String,
    /// Series colours, in order (`#rrggbb`).
    pub palette: Vec<String>,
    /// Width, in points.
    pub width: f64,
    /// Height, in points.
    pub height: f64,
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
