//! The labels under a panel's axis: category names (or, in a panel of one
//! category, the series' names under their bars), wrapped, broken or
//! turned upright to fit the room each has.

use quire_model::Chart;

use super::placed::Placed;
use super::{Metrics, problem};
use crate::ChartError;
use crate::fit::{lines, shorten, wrap};
use crate::metrics::{line_height, width};

/// Labels under the axis: for each, the centre and the room across.
pub(super) struct Under {
    /// Each label: its centre across, the room it has, its text.
    pub(super) texts: Vec<(f64, f64, String)>,
    /// True when the legend already names them (series under their bars):
    /// left out rather than cut short if they do not fit.
    pub(super) optional: bool,
}

/// How the labels under one panel's axis are set: in lines under their
/// bars or points, or turned to read upwards (each label's text as set).
pub(super) enum UnderSet {
    Lines(Vec<Vec<String>>),
    Turned(Vec<String>),
}

/// At most this many lines of a label under the axis.
pub(super) const UNDER_LINES: usize = 3;

impl Under {
    /// Sets the labels: wrapped at spaces if that fits; else, where each
    /// has room for a short word (six ems), wrapped with long words broken;
    /// else turned upright, no longer than `most`.
    pub(super) fn set(&self, m: &Metrics, most: f64) -> Result<UnderSet, ChartError> {
        let wrapped: Option<Vec<Vec<String>>> = self
            .texts
            .iter()
            .map(|(_, room, text)| wrap(text, m.text, *room))
            .collect();
        if let Some(lines) = wrapped.filter(|l| l.iter().all(|l| l.len() <= UNDER_LINES)) {
            return Ok(UnderSet::Lines(lines));
        }
        if self.optional {
            return Ok(UnderSet::Lines(vec![Vec::new(); self.texts.len()]));
        }
        let room = self.texts.iter().map(|t| t.1).fold(f64::INFINITY, f64::min);
        if room >= m.text * 6.0 {
            return Ok(UnderSet::Lines(
                self.texts
                    .iter()
                    .map(|(_, room, text)| lines(text, m.text, *room, UNDER_LINES))
                    .collect(),
            ));
        }
        if room < line_height(m.text) {
            return Err(problem(format!(
                "{} labels under the axis do not fit the chart's width even turned upright",
                self.texts.len()
            )));
        }
        Ok(UnderSet::Turned(
            self.texts
                .iter()
                .map(|(_, _, text)| shorten(text, m.text, most))
                .collect(),
        ))
    }

    pub(super) fn height(set: &UnderSet, m: &Metrics) -> f64 {
        match set {
            UnderSet::Lines(lines) => {
                let most = lines.iter().map(Vec::len).max().unwrap_or(0);
                most as f64 * m.line()
            }
            UnderSet::Turned(texts) => texts.iter().map(|t| width(t, m.text)).fold(0.0, f64::max),
        }
    }
}

/// The labels under a panel's axis: category names, or for a panel of one
/// category the series' names under their bars.
pub(super) fn under(chart: &Chart, p: &Placed<'_>, m: &Metrics) -> Under {
    let gap = m.text * 0.3;
    let texts = if p.panel.single_category {
        if p.panel.series.len() < 2 {
            Vec::new()
        } else {
            p.panel
                .series
                .iter()
                .enumerate()
                .map(|(j, &s)| {
                    (
                        p.x(chart.kind, 0, j),
                        p.bar_width() - gap,
                        chart.series[s].name.clone(),
                    )
                })
                .collect()
        }
    } else {
        p.panel
            .categories
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let centre = p.plot_left + p.slot() * (i as f64 + 0.5);
                (centre, p.slot() - gap, chart.categories[c].clone())
            })
            .collect()
    };
    Under {
        texts,
        optional: p.panel.single_category,
    }
}
