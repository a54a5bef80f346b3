//! The drawing: an SVG laid out for the size it is printed at.
//!
//! The drawing is `style.width` by `style.height` units (more rows of
//! panels make it taller) and is printed `style.printed_width` points
//! wide, so one printed point is `width / printed_width` units: every text
//! size and gap is worked out in printed points and scaled by that. Every
//! bar and point carries its value; labels are measured with the house
//! font's widths ([`crate::metrics`]) and placed so none overlaps another
//! label or a bar. A chart whose smallest values would not read beside its
//! largest is drawn as small multiples ([`crate::panels`]).

use quire_model::Chart;

use crate::axis::Axis;
use crate::canvas::{Anchor, Canvas, Label};
use crate::fit::{lines, shorten};
use crate::metrics::{ASCENT, DESCENT, line_height, width};
use crate::panels::{MIN_MARK_MM, Panel, candidates};

mod marks;
mod placed;
mod under;

use crate::{ChartError, ChartStyle};
use marks::{draw_values, turned_values, value_room};
use placed::{Placed, weight};
use under::{Under, UnderSet, under};

/// The shortest a plot may be, in text sizes.
const MIN_PLOT: f64 = 8.0;

/// At most this many lines of a panel's title.
const TITLE_LINES: usize = 3;

/// The smallest text in a chart, in points at printed size.
pub const MIN_TEXT_PT: f64 = 8.0;

const MM: f64 = 72.0 / 25.4;

/// The chart as a standalone SVG document: value gridlines and axes, bars
/// (side by side per category, one palette colour per series) or lines
/// with markers, each value labelled, category names, axis descriptions
/// and, for more than one series, a legend; split into panels when its
/// values differ too much in scale to read on one axis. No title: the
/// caption is the figure's. The same chart always gives the same bytes.
///
/// Fails when the chart has too many bars or categories for the drawing's
/// width to label them all legibly.
pub fn svg(chart: &Chart, style: &ChartStyle) -> Result<String, ChartError> {
    let whole = render(chart, style, &[Panel::whole(chart)])?;
    if whole.unreadable == 0 {
        return Ok(whole.svg);
    }
    let mut best = whole;
    for panels in candidates(chart, best.shortest_share) {
        let Ok(split) = render(chart, style, &panels) else {
            continue;
        };
        if (split.unreadable, split.panels) < (best.unreadable, best.panels) {
            best = split;
        }
    }
    Ok(best.svg)
}

/// A drawn chart, with what the choice between layouts needs.
struct Rendered {
    svg: String,
    /// Non-zero values drawn shorter than the minimum.
    unreadable: usize,
    /// The share of the value axis the minimum length is, in the first
    /// panel (for grouping values by scale).
    shortest_share: f64,
    panels: usize,
}

/// Sizes, in drawing units.
struct Metrics {
    /// Text size.
    text: f64,
    /// The shortest readable mark.
    mark: f64,
}

impl Metrics {
    fn of(style: &ChartStyle) -> Metrics {
        let unit = style.width / style.printed_width;
        Metrics {
            text: style.font_size.max(MIN_TEXT_PT) * unit,
            mark: MIN_MARK_MM * MM * unit,
        }
    }
    /// The height a text line takes, with its leading.
    fn line(&self) -> f64 {
        line_height(self.text) * 1.15
    }
}

fn problem(message: String) -> ChartError {
    ChartError {
        path: "categories".into(),
        message,
    }
}

fn ticks_width(axis: &Axis, m: &Metrics) -> f64 {
    let widest = axis
        .ticks()
        .iter()
        .map(|v| width(&axis.label(*v), m.text))
        .fold(0.0, f64::max);
    widest + m.text * 0.7
}

fn render(chart: &Chart, style: &ChartStyle, panels: &[Panel]) -> Result<Rendered, ChartError> {
    let m = Metrics::of(style);
    let pad = m.text * 0.5;
    let w = style.width;
    let multiple = panels.len() > 1;

    // The y axis description: turned at the left, or over the plot if it
    // is longer than the plot is tall.
    let mut top = pad;
    let mut left = pad;
    let mut y_desc: Option<Label> = None;
    let rows_area_guess = style.height - 2.0 * pad - 4.0 * m.line();
    if let Some(y) = &chart.y_label {
        if width(y, m.text) <= rows_area_guess * 0.9 {
            left += m.line();
        } else {
            y_desc = Some(Label::new(
                shorten(y, m.text, w - 2.0 * pad),
                pad,
                top + ASCENT * m.text,
                m.text,
                Anchor::Start,
            ));
            top += m.line();
        }
    }

    // The legend, in lines across the top.
    let palette = &style.palette;
    let mut legend: Vec<(f64, f64, usize, String)> = Vec::new();
    if chart.series.len() > 1 {
        let swatch = m.text * 0.8;
        let mut x = left;
        let mut y = top;
        let room = w - pad - left - swatch - m.text * 0.35;
        for (s, series) in chart.series.iter().enumerate() {
            let name = shorten(&series.name, m.text, room);
            let item = swatch + m.text * 0.35 + width(&name, m.text);
            if x > left && x + item > w - pad {
                x = left;
                y += m.line();
            }
            legend.push((x, y, s, name));
            x += item + m.text * 1.2;
        }
        // Clear of the panels' titles when there are panels.
        top = y + m.line() + m.text * if multiple { 0.8 } else { 0.4 };
    }
    let bottom_desc = if chart.x_label.is_some() {
        m.line()
    } else {
        0.0
    };
    let row_height = style.height - pad - top - bottom_desc - m.text * 0.3;
    // Labels under the axis take at most this much of a row.
    let under_most = row_height * 0.35;

    // Panels in rows, as many across as leave each room.
    let across_room = w - pad - left;
    let per_row = ((across_room / (m.text * 13.0)).floor() as usize).clamp(1, panels.len().max(1));
    let rows: Vec<&[Panel]> = panels.chunks(per_row).collect();
    let mut canvas = Canvas::new(w, &style.font_family, &style.background);
    // Where the next row starts: rows grow past the style's height when
    // their titles and labels leave too little room for the plot.
    let mut row_top = top;
    let text = style.text_colour.as_str();
    let mut unreadable = 0;
    let mut shortest_share = 1.0;
    let gap = m.text * 0.3;
    let title_gap = m.text * 1.2;

    for (r, row) in rows.iter().enumerate() {
        let panel_gap = if multiple { m.text * 1.5 } else { 0.0 };
        // A last row of fewer panels keeps the panels' width, not the row's.
        let row_room = (across_room + panel_gap) * row.len() as f64 / per_row as f64 - panel_gap;
        let total_weight: f64 = row.iter().map(|p| weight(chart, p)).sum();
        let shares: Vec<f64> = row
            .iter()
            .map(|p| weight(chart, p) / total_weight)
            .collect();
        // Lay out in passes: the widths of the tick labels depend on the
        // axis, the axis on the plot's height, the height on the labels
        // under the axis, and those on the plot's width.
        let mut under_height = m.line();
        let mut turned = vec![false; row.len()];
        let mut placed: Vec<Placed<'_>> = Vec::new();
        let mut title_lines: Vec<Vec<String>> = vec![Vec::new(); row.len()];
        let mut plot_top = row_top;
        let mut plot_bottom = row_top;
        for _pass in 0..4 {
            let title_height =
                title_lines.iter().map(Vec::len).max().unwrap_or(0) as f64 * m.line();
            plot_top = row_top
                + if multiple {
                    title_height + title_gap * 0.5
                } else {
                    ASCENT * m.text * 0.5
                };
            plot_bottom =
                (row_top + row_height - under_height - gap * 2.0).max(plot_top + MIN_PLOT * m.text);
            let plot_height = plot_bottom - plot_top;
            let axes: Vec<Axis> = row
                .iter()
                .zip(&turned)
                .map(|(p, t)| {
                    let (lo, hi) = p
                        .values(chart)
                        .fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
                    Axis::fit(
                        lo,
                        hi,
                        plot_height,
                        value_room(chart, p, *t, &m),
                        m.line() * 1.2,
                    )
                })
                .collect();
            let ticks: Vec<f64> = axes.iter().map(|a| ticks_width(a, &m)).collect();
            let plots_width =
                row_room - panel_gap * (row.len() - 1) as f64 - ticks.iter().sum::<f64>();
            let mut x = left;
            placed.clear();
            for (i, p) in row.iter().enumerate() {
                let plot_width = plots_width * shares[i];
                placed.push(Placed {
                    panel: p,
                    left: x,
                    plot_left: x + ticks[i],
                    plot_right: x + ticks[i] + plot_width,
                    axis: axes[i].clone(),
                    turned_values: turned[i],
                });
                x += ticks[i] + plot_width + panel_gap;
            }
            let mut new_under: f64 = 0.0;
            let mut new_turned = Vec::new();
            let mut new_titles = Vec::new();
            for p in &placed {
                let u = under(chart, p, &m);
                let set = u.set(&m, under_most)?;
                new_under = new_under.max(Under::height(&set, &m));
                new_turned.push(turned_values(chart, p, &m)?);
                let title = p.panel.title.as_deref().filter(|_| multiple).unwrap_or("");
                let room = p.plot_right - p.left;
                let lines = if title.is_empty() {
                    Vec::new()
                } else {
                    lines(title, m.text * crate::canvas::BOLD, room, TITLE_LINES)
                };
                new_titles.push(lines);
            }
            let stable = (new_under - under_height).abs() < 1e-9
                && new_turned == turned
                && new_titles == title_lines;
            under_height = new_under;
            turned = new_turned;
            title_lines = new_titles;
            if stable {
                break;
            }
        }

        let plot_height = plot_bottom - plot_top;
        for (i, p) in placed.iter().enumerate() {
            // The title, over the panel.
            let mut y = row_top + ASCENT * m.text;
            for line in &title_lines[i] {
                canvas.text(
                    &Label::new(line.clone(), p.left, y, m.text, Anchor::Start).bold(),
                    text,
                    None,
                );
                y += m.line();
            }
            let y_of = |v: f64| plot_bottom - p.axis.share(v) * plot_height;
            // Gridlines and their labels.
            for v in p.axis.ticks() {
                let y = y_of(v);
                canvas.line(
                    (p.plot_left, y),
                    (p.plot_right, y),
                    &style.axis_colour,
                    0.5,
                    0.3,
                );
                canvas.line(
                    (p.plot_left - gap, y),
                    (p.plot_left, y),
                    &style.axis_colour,
                    0.75,
                    1.0,
                );
                let label = Label::new(
                    p.axis.label(v),
                    p.plot_left - gap * 1.5,
                    y + (ASCENT - DESCENT) / 2.0 * m.text,
                    m.text,
                    Anchor::End,
                );
                canvas.text(&label, text, None);
            }
            canvas.line(
                (p.plot_left, plot_top),
                (p.plot_left, plot_bottom),
                &style.axis_colour,
                0.75,
                1.0,
            );
            if r == 0 && i == 0 {
                shortest_share = m.mark / plot_height;
            }
            unreadable += draw_values(chart, p, style, &m, &mut canvas, plot_top, plot_bottom);
            // The zero line over the bars' feet.
            let zero = y_of(0.0);
            canvas.line(
                (p.plot_left, zero),
                (p.plot_right, zero),
                &style.axis_colour,
                0.75,
                1.0,
            );
            // Labels under the axis.
            let u = under(chart, p, &m);
            match u.set(&m, under_most)? {
                UnderSet::Lines(lines) => {
                    for ((x, _, _), lines) in u.texts.iter().zip(lines) {
                        let mut y = plot_bottom + gap * 2.0 + ASCENT * m.text;
                        for line in lines {
                            canvas.text(
                                &Label::new(line, *x, y, m.text, Anchor::Middle),
                                text,
                                None,
                            );
                            y += m.line();
                        }
                    }
                }
                UnderSet::Turned(texts) => {
                    for ((x, _, _), t) in u.texts.iter().zip(texts) {
                        let x = x + (ASCENT - DESCENT) / 2.0 * m.text;
                        let label =
                            Label::new(t, x, plot_bottom + gap * 2.0, m.text, Anchor::End).turned();
                        canvas.text(&label, text, None);
                    }
                }
            }
        }
        // The y axis description, turned, beside the row.
        if let Some(y) = chart.y_label.as_deref().filter(|_| y_desc.is_none()) {
            let centre = (plot_top + plot_bottom) / 2.0;
            let x = pad + ASCENT * m.text;
            let y = shorten(y, m.text, plot_bottom - plot_top);
            canvas.text(
                &Label::new(y, x, centre, m.text, Anchor::Middle).turned(),
                text,
                None,
            );
        }
        row_top = plot_bottom + gap * 3.0 + under_height;
    }

    if let Some(label) = &y_desc {
        canvas.text(label, text, None);
    }
    for (x, y, s, name) in legend {
        let swatch = m.text * 0.8;
        let middle = y + m.line() / 2.0;
        canvas.rect(
            x,
            middle - swatch / 2.0,
            swatch,
            swatch,
            &palette[s % palette.len()],
        );
        let baseline = middle + (ASCENT - DESCENT) / 2.0 * m.text;
        canvas.text(
            &Label::new(
                name,
                x + swatch + m.text * 0.35,
                baseline,
                m.text,
                Anchor::Start,
            ),
            text,
            None,
        );
    }
    if let Some(x) = &chart.x_label {
        let centre = (left + w - pad) / 2.0;
        let baseline = row_top + bottom_desc - DESCENT * m.text;
        canvas.text(
            &Label::new(
                shorten(x, m.text, w - pad - left),
                centre,
                baseline,
                m.text,
                Anchor::Middle,
            ),
            text,
            None,
        );
    }
    Ok(Rendered {
        svg: canvas.finish(row_top + bottom_desc + pad),
        unreadable,
        shortest_share,
        panels: panels.len(),
    })
}
