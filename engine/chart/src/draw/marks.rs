//! The bars or lines of a panel, each value labelled clear of the bars,
//! the points and the other labels.

use quire_model::{Chart, ChartKind};

use super::placed::Placed;
use super::{Metrics, problem};
use crate::canvas::{Anchor, Bounds, Canvas, Label};
use crate::describe::number;
use crate::metrics::{ASCENT, DESCENT, line_height, width};
use crate::panels::Panel;
use crate::{ChartError, ChartStyle};

/// A value as its label shows it: as the text writes it, with `%`.
pub(super) fn value_text(chart: &Chart, value: f64) -> String {
    match chart.unit.as_deref() {
        Some("%") => format!("{}%", number(value)),
        _ => number(value),
    }
}

/// The room a value label needs beyond its bar's end or its point.
pub(super) fn value_room(chart: &Chart, panel: &Panel, turned: bool, m: &Metrics) -> f64 {
    let gap = m.text * 0.3;
    let marker = if chart.kind == ChartKind::Line {
        marker(m)
    } else {
        0.0
    };
    let extent = if turned {
        panel
            .values(chart)
            .map(|v| width(&value_text(chart, v), m.text))
            .fold(0.0, f64::max)
    } else {
        line_height(m.text)
    };
    extent + gap + marker
}

/// The radius of a line's point markers.
pub(super) fn marker(m: &Metrics) -> f64 {
    m.text * 0.3
}

/// Whether value labels of `p` must be turned to fit over their bars.
pub(super) fn turned_values(
    chart: &Chart,
    p: &Placed<'_>,
    m: &Metrics,
) -> Result<bool, ChartError> {
    if chart.kind == ChartKind::Line {
        return Ok(false);
    }
    let room = p.bar_width() - m.text * 0.25;
    let widest = p
        .panel
        .values(chart)
        .map(|v| width(&value_text(chart, v), m.text))
        .fold(0.0, f64::max);
    if widest <= room {
        Ok(false)
    } else if line_height(m.text) <= room {
        Ok(true)
    } else {
        Err(problem(format!(
            "{} bars are too many to label at the chart's width",
            chart.categories.len() * chart.series.len()
        )))
    }
}

/// Draws a panel's bars or lines and their value labels; returns how many
/// non-zero values are drawn shorter than the minimum.
pub(super) fn draw_values(
    chart: &Chart,
    p: &Placed<'_>,
    style: &ChartStyle,
    m: &Metrics,
    canvas: &mut Canvas,
    plot_top: f64,
    plot_bottom: f64,
) -> usize {
    let height = plot_bottom - plot_top;
    let y_of = |v: f64| plot_bottom - p.axis.share(v) * height;
    let zero = y_of(0.0);
    let gap = m.text * 0.3;
    let text = style.text_colour.as_str();
    let mut unreadable = 0;
    let short = |v: f64| v != 0.0 && (y_of(v) - zero).abs() < m.mark;
    match chart.kind {
        ChartKind::Bar | ChartKind::GroupedBar => {
            let bar = p.bar_width();
            for (j, &s) in p.panel.series.iter().enumerate() {
                let fill = &style.palette[s % style.palette.len()];
                for (i, &c) in p.panel.categories.iter().enumerate() {
                    let v = chart.series[s].values[c];
                    unreadable += usize::from(short(v));
                    let x = p.x(chart.kind, i, j);
                    let end = y_of(v);
                    canvas.rect(x - bar / 2.0, end.min(zero), bar, (end - zero).abs(), fill);
                    let words = value_text(chart, v);
                    let label = if p.turned_values {
                        let x = x + (ASCENT - DESCENT) / 2.0 * m.text;
                        if v < 0.0 {
                            Label::new(words, x, end + gap, m.text, Anchor::End).turned()
                        } else {
                            Label::new(words, x, end - gap, m.text, Anchor::Start).turned()
                        }
                    } else if v < 0.0 {
                        Label::new(
                            words,
                            x,
                            end + gap + ASCENT * m.text,
                            m.text,
                            Anchor::Middle,
                        )
                    } else {
                        Label::new(
                            words,
                            x,
                            end - gap - DESCENT * m.text,
                            m.text,
                            Anchor::Middle,
                        )
                    };
                    // A band of background behind the glyphs keeps them clear of the
                    // gridlines they cross.
                    canvas.text(&label, text, Some(&style.background));
                }
            }
        }
        ChartKind::Line => {
            let radius = marker(m);
            let mut marks: Vec<Bounds> = Vec::new();
            let mut lines: Vec<(usize, Vec<(f64, f64)>)> = Vec::new();
            for (j, &s) in p.panel.series.iter().enumerate() {
                let points: Vec<(f64, f64)> = p
                    .panel
                    .categories
                    .iter()
                    .enumerate()
                    .map(|(i, &c)| (p.x(chart.kind, i, j), y_of(chart.series[s].values[c])))
                    .collect();
                for (&c, &(x, y)) in p.panel.categories.iter().zip(&points) {
                    unreadable += usize::from(short(chart.series[s].values[c]));
                    marks.push(Bounds {
                        left: x - radius,
                        top: y - radius,
                        right: x + radius,
                        bottom: y + radius,
                    });
                }
                lines.push((s, points));
            }
            for (s, points) in &lines {
                let colour = &style.palette[s % style.palette.len()];
                canvas.polyline(points, colour, (m.text * 0.2).max(1.5));
                for point in points {
                    canvas.circle(*point, radius, colour);
                }
            }
            // Labels above their point, else below, else stacked clear of
            // the labels already placed.
            let plot = Bounds {
                left: p.plot_left,
                top: plot_top,
                right: p.plot_right,
                bottom: plot_bottom,
            };
            let mut placed: Vec<Bounds> = Vec::new();
            for (s, points) in &lines {
                for (&c, &(x, y)) in p.panel.categories.iter().zip(points) {
                    let words = value_text(chart, chart.series[*s].values[c]);
                    let above = Label::new(
                        words.clone(),
                        x,
                        y - radius - gap - DESCENT * m.text,
                        m.text,
                        Anchor::Middle,
                    );
                    let below = Label::new(
                        words.clone(),
                        x,
                        y + radius + gap + ASCENT * m.text,
                        m.text,
                        Anchor::Middle,
                    );
                    let clear = |l: &Label| {
                        let b = l.bounds();
                        b.within(&plot) && !placed.iter().chain(&marks).any(|o| o.overlaps(&b))
                    };
                    let label = if clear(&above) {
                        above
                    } else if clear(&below) {
                        below
                    } else {
                        let mut l = above;
                        while !clear(&l) && l.y > plot_top {
                            l.y -= m.line() * 0.5;
                        }
                        l
                    };
                    placed.push(label.bounds());
                    canvas.text(&label, text, Some(&style.background));
                }
            }
        }
    }
    unreadable
}
