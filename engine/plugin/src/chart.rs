//! Charts as authors write them in section data, for any plugin.
//!
//! ```toml
//! [[charts]]
//! type = "grouped_bar"          # bar | grouped_bar | line
//! title = "Incidents recorded by the police, by strand"
//! label = "fig-incidents"       # optional, to refer to it as @fig-incidents
//! categories = ["Race crime", "Homophobic crime", "Domestic violence"]
//! y_label = "Incidents"
//! source = "Metropolitan Police Service"
//! illustrative = true
//! series = [
//!   { name = "2000/01", values = [1046, 151, 4120] },
//!   { name = "2003/04", values = [912, 164, 4480] },
//! ]
//! ```
//!
//! A plugin turns one into a figure with [`ChartData::figure`]; the engine
//! draws it, numbers it, writes its alternative text from the data and, if
//! the house style says so, follows it with the data as a table.

use quire_model::{Block, Chart, ChartKind, Figure, Origin};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::PluginError;
use crate::build::inline_field;

/// A chart in section data.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChartData {
    /// `bar` (one series), `grouped_bar` (several series side by side) or `line`.
    #[serde(rename = "type")]
    pub kind: ChartType,
    /// Markdown: the caption, shown with the figure's number.
    pub title: String,
    /// A label to refer to the chart by (`fig-incidents`).
    #[serde(default)]
    pub label: Option<String>,
    /// The categories, in order (bars, or points along the lines).
    pub categories: Vec<String>,
    /// One value per category in each series.
    pub series: Vec<SeriesData>,
    /// What the categories are.
    #[serde(default)]
    pub x_label: Option<String>,
    /// What the values are.
    #[serde(default)]
    pub y_label: Option<String>,
    /// The values' unit (`%`).
    #[serde(default)]
    pub unit: Option<String>,
    /// Where the figures come from.
    #[serde(default)]
    pub source: Option<String>,
    /// True when any figure is not from a published source.
    #[serde(default)]
    pub illustrative: bool,
}

/// The kinds of chart, as written in data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChartType {
    /// One bar per category.
    Bar,
    /// A group of bars per category, one per series.
    GroupedBar,
    /// One line per series.
    Line,
}

/// One series in data.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeriesData {
    /// Its name, shown in the legend.
    pub name: String,
    /// One number per category.
    pub values: Vec<f64>,
}

impl ChartData {
    /// The chart as a figure for the model; `path` is where it sits in the
    /// data (`charts[0]`), so errors name the field.
    pub fn figure(&self, path: &str) -> Result<Block, PluginError> {
        let kind = match self.kind {
            ChartType::Bar => ChartKind::Bar,
            ChartType::GroupedBar => ChartKind::GroupedBar,
            ChartType::Line => ChartKind::Line,
        };
        let mut chart = Chart::new(kind, self.categories.clone()).illustrative(self.illustrative);
        for s in &self.series {
            chart = chart.series(s.name.clone(), s.values.clone());
        }
        chart.x_label = self.x_label.clone();
        chart.y_label = self.y_label.clone();
        chart.unit = self.unit.clone();
        chart.source = self.source.clone();
        chart
            .check()
            .map_err(|p| PluginError::data(format!("{path}.{}", p.path), p.message))?;
        let caption = inline_field(&format!("{path}.title"), &self.title)?;
        // The alternative text is written by the engine from the data.
        let mut figure = Figure::chart(chart, caption, "").at(Origin::data(path));
        figure.label = self.label.clone();
        Ok(Block::Figure(figure))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(toml: &str) -> ChartData {
        crate::parse_data(&crate::testing::toml_value(toml)).unwrap()
    }

    const GOOD: &str = r#"
type = "grouped_bar"
title = "Incidents by *strand*"
categories = ["Race crime", "Homophobic crime"]
series = [{ name = "2000/01", values = [1046, 151] }, { name = "2003/04", values = [912, 164] }]
"#;

    #[test]
    fn a_chart_becomes_a_figure_the_engine_completes() {
        let Block::Figure(figure) = data(GOOD).figure("charts[0]").unwrap() else {
            panic!()
        };
        let quire_model::FigureContent::Chart(chart) = &figure.content else {
            panic!()
        };
        assert_eq!(chart.kind, ChartKind::GroupedBar);
        assert_eq!(chart.series[1].values, [912.0, 164.0]);
        assert!(figure.alt.is_empty());
    }

    #[test]
    fn unequal_series_are_named_by_their_path() {
        let bad = GOOD.replace("[912, 164]", "[912]");
        let err = data(&bad).figure("charts[0]").unwrap_err();
        let PluginError::Data { path, message } = err else {
            panic!()
        };
        assert_eq!(path, "charts[0].series[1].values");
        assert!(message.contains("1 values for 2 categories"), "{message}");
    }

    #[test]
    fn an_unknown_type_and_text_for_a_number_are_data_errors() {
        let err = crate::parse_data::<ChartData>(&crate::testing::toml_value(
            &GOOD.replace("grouped_bar", "pie"),
        ))
        .unwrap_err();
        assert!(err.to_string().contains("unknown choice `pie`"), "{err}");
        let err = crate::parse_data::<ChartData>(&crate::testing::toml_value(
            &GOOD.replace("1046", "\"many\""),
        ))
        .unwrap_err();
        assert!(err.to_string().contains("series[0].values[0]"), "{err}");
        // Checked against its schema, both are found in one go.
        let both = GOOD
            .replace("grouped_bar", "pie")
            .replace("1046", "\"many\"");
        let errors = crate::read_data::<ChartData>(&crate::testing::toml_value(&both))
            .unwrap_err()
            .to_string();
        assert!(errors.contains("unknown choice `pie`"), "{errors}");
        assert!(
            errors
                .contains("field `series[0].values[0]`: should be a number, not the text \"many\""),
            "{errors}"
        );
    }
}
