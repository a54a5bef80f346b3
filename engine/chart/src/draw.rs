//! The drawing: an SVG made with plotters' SVG backend, one unit per point.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use quire_model::{Chart, ChartKind};

use crate::ChartStyle;
use crate::describe::number;

/// `#rrggbb` as a plotters colour (black if it does not parse; the style
/// checks its colours before charts are drawn).
fn colour(hex: &str) -> RGBColor {
    let (r, g, b) = quire_style::parse_hex(hex).unwrap_or((0, 0, 0));
    RGBColor(r, g, b)
}

/// The chart as a standalone SVG document, `style.width` by `style.height`
/// points: value gridlines and axes, category labels, bars (side by side per
/// category, one palette colour per series) or lines with markers, axis
/// descriptions and, for more than one series, a legend. No title: the
/// caption is the figure's. The same chart always gives the same bytes.
pub fn svg(chart: &Chart, style: &ChartStyle) -> String {
    let mut out = String::new();
    let size = (style.width.round() as u32, style.height.round() as u32);
    // Writing SVG text to a String cannot fail; an error would only come
    // from a degenerate size, which the style's checks rule out.
    let _ = draw(chart, style, SVGBackend::with_string(&mut out, size));
    out
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

fn draw(chart: &Chart, style: &ChartStyle, backend: SVGBackend<'_>) -> DrawResult {
    let root = backend.into_drawing_area();
    root.fill(&colour(&style.background))?;
    let text_colour = colour(&style.text_colour);
    let axis = colour(&style.axis_colour);
    let font = style.font_family.as_str();
    let size = style.font_size;
    let label_style = (font, size).into_font().color(&text_colour);

    let values = chart.series.iter().flat_map(|s| s.values.iter().copied());
    let (low, high) = values.fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let high = if high <= 0.0 { 1.0 } else { high * 1.1 };
    let low = if low < 0.0 { low * 1.1 } else { 0.0 };
    let n = chart.categories.len() as f64;
    // Lines put their points at category centres; bars fill each category.
    let x_range = 0.0..n;

    let legend = chart.series.len() > 1;
    let mut builder = ChartBuilder::on(&root);
    builder
        .margin_top(if legend { size * 2.6 } else { size })
        .margin_right(size)
        .x_label_area_size(size * if chart.x_label.is_some() { 3.6 } else { 2.6 })
        .y_label_area_size(size * if chart.y_label.is_some() { 6.0 } else { 4.0 });
    let mut plot = builder.build_cartesian_2d(x_range, low..high)?;

    let y_formatter = |v: &f64| number(*v);
    let mut mesh = plot.configure_mesh();
    mesh.disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&y_formatter)
        .label_style(label_style.clone())
        .axis_desc_style(label_style.clone())
        .axis_style(axis)
        .bold_line_style(axis.mix(0.25))
        .light_line_style(TRANSPARENT);
    if let Some(x) = &chart.x_label {
        mesh.x_desc(x.as_str());
    }
    if let Some(y) = &chart.y_label {
        mesh.y_desc(y.as_str());
    }
    mesh.draw()?;

    let palette: Vec<RGBColor> = style.palette.iter().map(|c| colour(c)).collect();
    let series_count = chart.series.len() as f64;
    for (s, series) in chart.series.iter().enumerate() {
        let fill = palette[s % palette.len()];
        match chart.kind {
            ChartKind::Bar | ChartKind::GroupedBar => {
                // Each category spans one unit: bars share its middle 80%.
                let width = 0.8 / series_count;
                plot.draw_series(series.values.iter().enumerate().map(move |(i, v)| {
                    let x0 = i as f64 + 0.1 + width * s as f64;
                    Rectangle::new([(x0, 0.0), (x0 + width, *v)], fill.filled())
                }))?;
            }
            ChartKind::Line => {
                let points: Vec<(f64, f64)> = series
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (i as f64 + 0.5, *v))
                    .collect();
                plot.draw_series(points.iter().map(|p| Circle::new(*p, 4, fill.filled())))?;
                plot.draw_series(LineSeries::new(points, fill.stroke_width(2)))?;
            }
        }
    }

    // Category names under their bars or points.
    let below = label_style.pos(Pos::new(HPos::Center, VPos::Top));
    for (i, category) in chart.categories.iter().enumerate() {
        let (x, y) = plot.backend_coord(&(i as f64 + 0.5, low));
        root.draw(&Text::new(
            category.as_str(),
            (x, y + (size * 0.5) as i32),
            below.clone(),
        ))?;
    }

    // The legend sits above the plot, so it never covers a bar or a line.
    if legend {
        let (mut x, top) = plot.backend_coord(&(0.0, high));
        let y = top - (size * 1.6) as i32;
        let swatch = (size * 0.9) as i32;
        let left = label_style.pos(Pos::new(HPos::Left, VPos::Center));
        for (s, series) in chart.series.iter().enumerate() {
            let fill = palette[s % palette.len()];
            root.draw(&Rectangle::new(
                [(x, y - swatch / 2), (x + swatch, y + swatch / 2)],
                fill.filled(),
            ))?;
            root.draw(&Text::new(
                series.name.as_str(),
                (x + swatch + 4, y),
                left.clone(),
            ))?;
            let estimate = series.name.chars().count() as f64 * size * 0.6;
            x += swatch + 4 + estimate as i32 + (size * 1.5) as i32;
        }
    }
    root.present()?;
    Ok(())
}
