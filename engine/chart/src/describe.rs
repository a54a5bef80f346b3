//! Charts in words: alternative text and the data table, in the style's
//! vocabulary and the house number form.

use quire_model::{Cell, Chart, ChartKind, Column, Inline, Row, Table, Vocabulary};

/// A value as the text shows it, in the house form
/// ([`quire_model::format::thousands`]): thousands separated (`4,870`), to
/// one decimal place at most (`19.5`).
pub fn number(value: f64) -> String {
    quire_model::format::thousands(value, 1)
}

fn with_unit(value: f64, unit: Option<&str>) -> String {
    match unit {
        Some("%") => format!("{}%", number(value)),
        Some(unit) => format!("{} {unit}", number(value)),
        None => number(value),
    }
}

/// Alternative text stating what the chart shows and every value, written
/// from the data: the kind, the caption, the series, then each category
/// with its values, then the source.
pub fn describe(chart: &Chart, title: &str, words: &Vocabulary) -> String {
    let kind = match chart.kind {
        ChartKind::Bar => &words.bar_chart,
        ChartKind::GroupedBar => &words.grouped_bar_chart,
        ChartKind::Line => &words.line_chart,
    };
    let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    let mut text = format!("{kind}: {}.", title.trim_end_matches('.'));
    if let Some(y) = &chart.y_label {
        text.push_str(&format!(" {}: {y}.", words.chart_values));
    }
    if names.len() > 1 {
        text.push_str(&format!(" {}: {}.", words.chart_series, names.join(", ")));
    }
    let unit = chart.unit.as_deref();
    for (i, category) in chart.categories.iter().enumerate() {
        let values: Vec<String> = chart
            .series
            .iter()
            .map(|s| {
                let value = with_unit(s.values[i], unit);
                if names.len() > 1 {
                    format!("{} {value}", s.name)
                } else {
                    value
                }
            })
            .collect();
        text.push_str(&format!(" {category}: {}.", values.join("; ")));
    }
    if let Some(source) = &chart.source {
        text.push_str(&format!(" {}: {source}.", words.source));
    }
    if chart.illustrative {
        text.push(' ');
        text.push_str(&words.illustrative_alt);
    }
    text
}

/// The chart's data as a table: a header row (what the categories are, then
/// each series, with the unit), one row per category; numbers end-aligned.
pub fn data_table(chart: &Chart, caption: Vec<Inline>, words: &Vocabulary) -> Table {
    let unit = chart
        .unit
        .as_deref()
        .map(|u| format!(" ({u})"))
        .unwrap_or_default();
    let mut header = vec![Cell::text(
        chart
            .x_label
            .clone()
            .unwrap_or_else(|| words.chart_category.clone()),
    )];
    header.extend(
        chart
            .series
            .iter()
            .map(|s| Cell::text(format!("{}{unit}", s.name))),
    );
    let body = chart
        .categories
        .iter()
        .enumerate()
        .map(|(i, category)| {
            let mut cells = vec![Cell::text(category.clone())];
            cells.extend(chart.series.iter().map(|s| Cell::text(number(s.values[i]))));
            Row::new(cells)
        })
        .collect::<Vec<_>>();
    let mut columns = vec![Column::fr(2.0)];
    columns.extend(chart.series.iter().map(|_| Column::fr(1.0).end()));
    Table::new(columns)
        .header(Row::new(header))
        .rows(body)
        .caption(caption)
}
