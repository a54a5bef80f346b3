//! The “progress against the baseline” section: one monitoring table per
//! strand comparing the baseline year (the 2001 Goldsmiths research) with the
//! latest year, with the change worked out here, never typed in by hand.

use quire_plugin::build::{
    cell, heading_at, illustrative, illustrative_note, prose_field, section_heading, text,
};
use quire_plugin::chart::{ChartData, ChartType, SeriesData};
use quire_plugin::format::{percent_change, point_change, signed_percent, thousands};
use quire_plugin::model::{Block, Cell, Column, Inline, Origin, Row, Table, class};
use quire_plugin::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse,
    read_data,
};
use schemars::JsonSchema;
use serde::Deserialize;

/// The section's data file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Data {
    title: String,
    /// The baseline study, as cited (`Goldsmiths College baseline research (2001)`).
    baseline_study: String,
    /// Column heading for the baseline figures (`2000/01`).
    baseline_period: String,
    /// Column heading for the latest figures (`2003/04`).
    latest_period: String,
    strands: Vec<StrandProgress>,
    /// Charts of chosen measures, baseline year against latest year, drawn
    /// from the same figures as the tables (placed before them).
    #[serde(default)]
    charts: Vec<ProgressChart>,
}

/// A chart comparing the baseline and latest figures of some measures.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ProgressChart {
    /// Markdown: the caption.
    title: String,
    /// A label to refer to it by (`fig-incidents`).
    #[serde(default)]
    label: Option<String>,
    /// The `id`s of the measures to show, one category each (named after
    /// the measure's strand). They must share a unit.
    measures: Vec<String>,
    /// What the values are (`Incidents recorded`).
    #[serde(default)]
    y_label: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct StrandProgress {
    /// Used for the table label (`tbl-baseline-race`).
    id: String,
    name: String,
    /// Markdown commentary printed after the table.
    #[serde(default)]
    commentary: String,
    measures: Vec<Measure>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Measure {
    /// An id, for charts to name the measure by (`race-incidents`).
    #[serde(default)]
    id: Option<String>,
    measure: String,
    baseline: f64,
    latest: f64,
    /// `count` (change in per cent) or `percent` (change in points).
    #[serde(default)]
    unit: Unit,
    /// Change across the whole force area over the same period, in per cent.
    #[serde(default)]
    force_wide_change: Option<f64>,
    source: String,
    /// True for any figure not taken from a published source.
    illustrative: bool,
}

#[derive(Debug, Default, Clone, Copy, Deserialize, PartialEq, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum Unit {
    #[default]
    Count,
    Percent,
}

/// A chart of the baseline and latest figures of the measures it names.
fn progress_chart(data: &Data, chart: &ProgressChart, path: &str) -> Result<Block, PluginError> {
    let mut categories = Vec::new();
    let (mut baseline, mut latest) = (Vec::new(), Vec::new());
    let mut sources: Vec<&str> = Vec::new();
    let mut illustrative = false;
    let mut unit = None;
    for (j, id) in chart.measures.iter().enumerate() {
        let found = data.strands.iter().find_map(|strand| {
            strand
                .measures
                .iter()
                .find(|m| m.id.as_deref() == Some(id.as_str()))
                .map(|m| (strand, m))
        });
        let Some((strand, measure)) = found else {
            let ids: Vec<&str> = data
                .strands
                .iter()
                .flat_map(|s| s.measures.iter().filter_map(|m| m.id.as_deref()))
                .collect();
            return Err(PluginError::data(
                format!("{path}.measures[{j}]"),
                format!(
                    "no measure has the id `{id}`; the ids are: {}",
                    if ids.is_empty() {
                        "none yet (give a measure an `id`)".to_string()
                    } else {
                        ids.join(", ")
                    }
                ),
            ));
        };
        if unit.is_some_and(|u| u != measure.unit) {
            return Err(PluginError::data(
                format!("{path}.measures[{j}]"),
                "the measures of one chart must share a unit (counts or percentages)",
            ));
        }
        unit = Some(measure.unit);
        categories.push(strand.name.clone());
        baseline.push(measure.baseline);
        latest.push(measure.latest);
        if !sources.contains(&measure.source.as_str()) {
            sources.push(&measure.source);
        }
        illustrative |= measure.illustrative;
    }
    let spec = ChartData {
        kind: ChartType::GroupedBar,
        title: chart.title.clone(),
        label: chart.label.clone(),
        categories,
        series: vec![
            SeriesData {
                name: data.baseline_period.clone(),
                values: baseline,
            },
            SeriesData {
                name: data.latest_period.clone(),
                values: latest,
            },
        ],
        x_label: Some("Strand".into()),
        y_label: chart.y_label.clone(),
        unit: (unit == Some(Unit::Percent)).then(|| "%".to_string()),
        source: Some(sources.join("; ")),
        illustrative,
    };
    spec.figure(path)
}

/// The baseline section plugin.
pub struct BaselinePlugin;

// The plugin's C entry point, for the cdylib (see `Cargo.toml`).
#[cfg(feature = "export")]
quire_plugin::export_plugin!(BaselinePlugin);

impl SectionPlugin for BaselinePlugin {
    fn info(&self) -> PluginInfo {
        PluginInfo::new(
            "baseline",
            env!("CARGO_PKG_VERSION"),
            "Progress against the baseline: a monitoring table per strand",
        )
        .slot("intro", "Opening text, before the tables")
        .needs_data()
        .data_schema::<Data>()
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let data: Data = read_data(&request.data)?;
        let mut blocks = vec![section_heading(request, &data.title)];
        blocks.extend(request.prose("intro"));
        for (k, chart) in data.charts.iter().enumerate() {
            blocks.push(progress_chart(&data, chart, &format!("charts[{k}]"))?);
        }
        let mut any_illustrative = false;
        let mut errors = PluginErrors::new();
        for (i, strand) in data.strands.iter().enumerate() {
            if strand.measures.is_empty() {
                errors.push(PluginError::data(
                    format!("strands[{i}].measures"),
                    "a strand needs at least one measure",
                ));
                continue;
            }
            blocks.push(heading_at(2, &strand.name, &format!("strands[{i}].name")));
            blocks.push(Block::Table(
                table(&data, strand).at(Origin::data(format!("strands[{i}].measures"))),
            ));
            any_illustrative |= strand.measures.iter().any(|m| m.illustrative);
            let path = format!("strands[{i}].commentary");
            if let Some(commentary) = errors.keep(prose_field(&path, &strand.commentary, 2)) {
                blocks.extend(commentary);
            }
        }
        if any_illustrative {
            blocks.push(illustrative_note());
        }
        errors.or_ok(SectionResponse::new(blocks))
    }
}

fn table(data: &Data, strand: &StrandProgress) -> Table {
    let header = [
        "Measure",
        &data.baseline_period,
        &data.latest_period,
        "Change",
        "Force-wide change",
        "Source",
    ];
    let columns = vec![
        Column::fr(3.0),
        Column::fr(1.2).end(),
        Column::fr(1.2).end(),
        Column::fr(1.3).end(),
        Column::fr(1.3).end(),
        Column::fr(2.2),
    ];
    Table::new(columns)
        .header(Row::new(header.iter().map(|h| cell(*h)).collect()))
        .rows(strand.measures.iter().map(row))
        .caption(text(format!(
            "{}: {} ({}) against {}",
            strand.name, data.baseline_study, data.baseline_period, data.latest_period
        )))
        .label(format!("tbl-baseline-{}", strand.id))
        .class(class::MONITORING)
}

fn row(m: &Measure) -> Row {
    let value = |v: f64| match m.unit {
        Unit::Count => thousands(v, 0),
        Unit::Percent => format!("{}%", thousands(v, 1)),
    };
    let change = match m.unit {
        Unit::Count => percent_change(m.baseline, m.latest).unwrap_or_else(|| "n/a".into()),
        Unit::Percent => point_change(m.baseline, m.latest),
    };
    let force = m.force_wide_change.map(signed_percent).unwrap_or_default();
    let source: Vec<Inline> = if m.illustrative {
        vec![illustrative(text(&m.source))]
    } else {
        text(&m.source)
    };
    Row::new(vec![
        cell(&m.measure),
        cell(value(m.baseline)),
        cell(value(m.latest)),
        cell(change),
        cell(force),
        Cell::inlines(source),
    ])
}

#[cfg(test)]
mod tests {
    use quire_plugin::testing::request;

    use super::*;

    const SAMPLE: &str = include_str!("../tests/sample.toml");

    #[test]
    fn sample_blocks() {
        let response = BaselinePlugin.build(&request("baseline", SAMPLE)).unwrap();
        insta::assert_json_snapshot!(response);
    }

    #[test]
    fn change_is_computed_not_typed() {
        let response = BaselinePlugin.build(&request("baseline", SAMPLE)).unwrap();
        let json = serde_json::to_string(&response).unwrap();
        assert!(json.contains("+12.5%"), "1,365 → 1,536 is +12.5%");
        assert!(json.contains("+4.8 points"), "13.8% → 18.6% is +4.8 points");
    }

    #[test]
    fn a_wrong_type_names_the_field() {
        let bad = SAMPLE.replacen("latest = 1536", "latest = \"many\"", 1);
        let err = BaselinePlugin
            .build(&request("baseline", &bad))
            .unwrap_err();
        let Some(PluginError::Data { path, message }) = err.iter().next().cloned() else {
            panic!("{err:?}")
        };
        assert_eq!(path, "strands[1].measures[0].latest");
        assert!(
            message == "should be a number, not the text \"many\"",
            "{message}"
        );
    }
}
