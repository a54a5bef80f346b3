//! Where a panel sits in the drawing and how its bars or points are
//! spaced.

use quire_model::{Chart, ChartKind};

use crate::axis::Axis;
use crate::panels::Panel;

/// One panel's place and scale.
pub(super) struct Placed<'a> {
    /// What it shows.
    pub(super) panel: &'a Panel,
    /// Its left edge (its title's, its tick labels').
    pub(super) left: f64,
    /// The plot's left edge, at the value axis.
    pub(super) plot_left: f64,
    /// The plot's right edge.
    pub(super) plot_right: f64,
    /// Its value axis.
    pub(super) axis: Axis,
    /// True when its value labels are turned to read upwards over bars too
    /// narrow for them.
    pub(super) turned_values: bool,
}

impl Placed<'_> {
    /// The width each category takes.
    pub(super) fn slot(&self) -> f64 {
        (self.plot_right - self.plot_left) / self.panel.categories.len() as f64
    }
    /// The width of one bar.
    pub(super) fn bar_width(&self) -> f64 {
        self.slot() * 0.8 / self.panel.series.len() as f64
    }
    /// The centre of bar or point (`i`-th category, `j`-th series) across.
    pub(super) fn x(&self, kind: ChartKind, i: usize, j: usize) -> f64 {
        let start = self.plot_left + self.slot() * i as f64;
        match kind {
            ChartKind::Line => start + self.slot() / 2.0,
            _ => start + self.slot() * 0.1 + self.bar_width() * (j as f64 + 0.5),
        }
    }
}

/// A panel's share of its row's width: its bars (or, for lines, its
/// categories).
pub(super) fn weight(chart: &Chart, panel: &Panel) -> f64 {
    let bars = match chart.kind {
        ChartKind::Line => 1,
        _ => panel.series.len(),
    };
    (panel.categories.len() * bars) as f64
}
