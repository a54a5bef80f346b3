//! Charts are drawn by the resolve pass, once for every output, by the
//! engine's chart crate: the model only says what a drawer is asked.

use crate::Chart;

/// Draws the charts the resolve pass meets (the engine's chart crate,
/// with the house style: `quire_chart::Charts`).
pub trait DrawChart {
    /// The chart drawn as SVG, for a figure standing in the boxes `within`
    /// (outermost first), or what is wrong with it.
    fn draw(&self, chart: &Chart, within: &[Enclosure]) -> Result<String, String>;
}

/// A box a figure stands in, which narrows the column its chart is drawn for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enclosure {
    /// A division of this class ([`crate::Block::Div`]).
    Division(String),
    /// A callout of this class ([`crate::Block::Callout`]).
    Callout(String),
}

/// For documents that hold no chart (tests, tools): a chart is a problem.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCharts;

impl DrawChart for NoCharts {
    fn draw(&self, _chart: &Chart, _within: &[Enclosure]) -> Result<String, String> {
        Err("charts are drawn by the engine, and none was asked to draw this one".into())
    }
}
