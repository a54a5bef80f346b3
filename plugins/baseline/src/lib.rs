//! The “progress against the baseline” section: one monitoring table per
//! group of measures (usually a theme of the shared data) comparing the
//! baseline year with the latest year, with the change worked out here,
//! never typed in by hand. A comparison column (a force-wide or regional
//! change) is shown only when a measure of the table has one.

use quire_plugin::build::{
    cell, heading_at, illustrative, illustrative_note, prose_field, section_heading, text,
};
use quire_plugin::chart::{ChartData, ChartType, SeriesData};
use quire_plugin::format::{percent_change, point_change, signed_percent, thousands};
use quire_plugin::model::{Block, Cell, Column, Inline, Origin, Row, Table, class};
use quire_plugin::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse,
    read_data, shared,
};
use schemars::JsonSchema;
use serde::Deserialize;

/// The section's data file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Data {
    /// The section's heading.
    title: String,
    /// The baseline study, as cited in each table's caption
    /// (`Goldsmiths College baseline research`); none if not given.
    #[serde(default)]
    baseline_study: Option<String>,
    /// The baseline year of every measure that gives none of its own
    /// (`2000/01`); it heads the baseline column.
    #[serde(default)]
    baseline_period: Option<String>,
    /// The latest year of every measure that gives none of its own
    /// (`2003/04`); it heads the latest column.
    #[serde(default)]
    latest_period: Option<String>,
    /// The tables' column headings, each optional.
    #[serde(default)]
    columns: Columns,
    /// The groups of measures, one table each, in the order shown.
    groups: Vec<Group>,
    /// Charts of chosen measures, baseline year against latest year, drawn
    /// from the same figures as the tables (placed before them).
    #[serde(default)]
    charts: Vec<ProgressChart>,
}

/// The monitoring tables' column headings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
struct Columns {
    /// Above the measures.
    measure: String,
    /// Above the baseline figures when no `baseline_period` is given.
    baseline: String,
    /// Above the latest figures when no `latest_period` is given.
    latest: String,
    /// Above the change, worked out from the two figures.
    change: String,
    /// Above the comparison change (shown only in a table where a measure
    /// has a `comparison_change`).
    comparison: String,
    /// Above the sources.
    source: String,
}

impl Default for Columns {
    fn default() -> Self {
        Self {
            measure: "Measure".into(),
            baseline: "Baseline".into(),
            latest: "Latest".into(),
            change: "Change".into(),
            comparison: "Comparison".into(),
            source: "Source".into(),
        }
    }
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
    /// the measure's group). They must share a unit and the section's years.
    measures: Vec<String>,
    /// What the categories are (the groups the measures belong to).
    #[serde(default = "default_x_label")]
    x_label: String,
    /// What the values are (`Incidents recorded`).
    #[serde(default)]
    y_label: Option<String>,
}

fn default_x_label() -> String {
    "Theme".into()
}

/// A group of measures: one table, headed by its theme's name or a title.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Group {
    /// The id of the theme (in the shared data) the measures are about:
    /// its name heads the table, and the table is labelled
    /// `tbl-baseline-<theme>`.
    #[serde(default)]
    theme: Option<String>,
    /// The table's heading when it is not a theme's name.
    #[serde(default)]
    title: Option<String>,
    /// Markdown commentary printed after the table.
    #[serde(default)]
    commentary: String,
    /// The measures, one row each.
    measures: Vec<Measure>,
}

/// One measure: a row of its group's table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Measure {
    /// An id, for charts to name the measure by (`race-incidents`).
    #[serde(default)]
    id: Option<String>,
    /// What is measured, as the row's first cell.
    measure: String,
    /// The figure in the baseline year.
    baseline: f64,
    /// The figure in the latest year.
    latest: f64,
    /// This measure's own baseline year, when it is not the section's; the
    /// row then says which years it compares.
    #[serde(default)]
    baseline_period: Option<String>,
    /// This measure's own latest year, when it is not the section's.
    #[serde(default)]
    latest_period: Option<String>,
    /// `count` (change in per cent) or `percent` (change in points).
    #[serde(default)]
    unit: Unit,
    /// The change over the same period somewhere to compare with (the
    /// force area, the region), in per cent.
    #[serde(default, alias = "force_wide_change")]
    #[schemars(extend("x-aliases" = ["force_wide_change"]))]
    comparison_change: Option<f64>,
    /// Where the figures come from.
    source: String,
    /// True for any figure not taken from a published source: it is marked
    /// “illustrative” where it is printed.
    illustrative: bool,
}

/// How a measure's figures are read.
#[derive(Debug, Default, Clone, Copy, Deserialize, PartialEq, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum Unit {
    /// A number of things: the change is in per cent.
    #[default]
    Count,
    /// A rate in per cent: the change is in points.
    Percent,
}

/// A group's heading, its label's stem and its name as a chart category.
struct Named {
    name: String,
    key: String,
}

/// The name and label stem of each group; an unknown theme id is an
/// error with a suggestion.
fn names(data: &Data, request: &SectionRequest) -> Result<Vec<Named>, PluginErrors> {
    let themes = shared::themes(request)?;
    let mut errors = PluginErrors::new();
    let mut named = Vec::new();
    for (i, group) in data.groups.iter().enumerate() {
        let theme = match &group.theme {
            Some(id) => errors.keep(themes.find(id, &format!("groups[{i}].theme"))),
            None => None,
        };
        let name = match (&group.title, theme) {
            (Some(title), _) => title.clone(),
            (None, Some(theme)) => theme.name.clone(),
            (None, None) if group.theme.is_some() => String::new(),
            (None, None) => {
                errors.push(PluginError::data(
                    format!("groups[{i}]"),
                    "a group needs `theme` (a theme's id in the shared data) or a `title`",
                ));
                String::new()
            }
        };
        let key = group.theme.clone().unwrap_or_else(|| (i + 1).to_string());
        named.push(Named { name, key });
    }
    errors.or_ok(named)
}

/// A chart of the baseline and latest figures of the measures it names.
fn progress_chart(
    data: &Data,
    names: &[Named],
    chart: &ProgressChart,
    path: &str,
) -> Result<Block, PluginError> {
    let mut categories = Vec::new();
    let (mut baseline, mut latest) = (Vec::new(), Vec::new());
    let mut sources: Vec<&str> = Vec::new();
    let mut illustrative = false;
    let mut unit = None;
    for (j, id) in chart.measures.iter().enumerate() {
        let found = data.groups.iter().zip(names).find_map(|(group, named)| {
            group
                .measures
                .iter()
                .find(|m| m.id.as_deref() == Some(id.as_str()))
                .map(|m| (named, m))
        });
        let Some((named, measure)) = found else {
            let ids: Vec<&str> = data
                .groups
                .iter()
                .flat_map(|s| s.measures.iter().filter_map(|m| m.id.as_deref()))
                .collect();
            let mut message = format!("no measure has the id `{id}`");
            if let Some(close) = shared::closest(id, &ids) {
                message.push_str(&format!("; did you mean `{close}`?"));
            }
            message.push_str(&format!(
                "; the ids are: {}",
                if ids.is_empty() {
                    "none yet (give a measure an `id`)".to_string()
                } else {
                    ids.join(", ")
                }
            ));
            return Err(PluginError::data(format!("{path}.measures[{j}]"), message));
        };
        if unit.is_some_and(|u| u != measure.unit) {
            return Err(PluginError::data(
                format!("{path}.measures[{j}]"),
                "the measures of one chart must share a unit (counts or percentages)",
            ));
        }
        if measure.baseline_period.is_some() || measure.latest_period.is_some() {
            return Err(PluginError::data(
                format!("{path}.measures[{j}]"),
                format!(
                    "the measure `{id}` has years of its own, and a chart compares the section's `baseline_period` and `latest_period`"
                ),
            ));
        }
        unit = Some(measure.unit);
        categories.push(named.name.clone());
        baseline.push(measure.baseline);
        latest.push(measure.latest);
        if !sources.contains(&measure.source.as_str()) {
            sources.push(&measure.source);
        }
        illustrative |= measure.illustrative;
    }
    let (Some(baseline_period), Some(latest_period)) = (&data.baseline_period, &data.latest_period)
    else {
        return Err(PluginError::data(
            path,
            "a chart needs the section's `baseline_period` and `latest_period`, which name its two series",
        ));
    };
    let spec = ChartData {
        kind: ChartType::GroupedBar,
        title: chart.title.clone(),
        label: chart.label.clone(),
        categories,
        series: vec![
            SeriesData {
                name: baseline_period.clone(),
                values: baseline,
            },
            SeriesData {
                name: latest_period.clone(),
                values: latest,
            },
        ],
        x_label: Some(chart.x_label.clone()),
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
            "Progress against a baseline: a monitoring table per theme, the change worked out",
        )
        .slot("intro", "Opening text, before the tables")
        .needs_data()
        .data_schema::<Data>()
        .example(include_str!("../example.toml"))
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let data: Data = read_data(&request.data)?;
        let names = names(&data, request)?;
        let mut blocks = vec![section_heading(request, &data.title)];
        blocks.extend(request.prose("intro"));
        let mut errors = PluginErrors::new();
        for (k, chart) in data.charts.iter().enumerate() {
            if let Some(figure) = errors.keep(progress_chart(
                &data,
                &names,
                chart,
                &format!("charts[{k}]"),
            )) {
                blocks.push(figure);
            }
        }
        let mut any_illustrative = false;
        for (i, (group, named)) in data.groups.iter().zip(&names).enumerate() {
            if group.measures.is_empty() {
                errors.push(PluginError::data(
                    format!("groups[{i}].measures"),
                    "a group needs at least one measure",
                ));
                continue;
            }
            let at = if group.title.is_some() || group.theme.is_none() {
                format!("groups[{i}].title")
            } else {
                format!("groups[{i}].theme")
            };
            blocks.push(heading_at(2, &named.name, &at));
            blocks.push(Block::Table(
                table(&data, group, named).at(Origin::data(format!("groups[{i}].measures"))),
            ));
            any_illustrative |= group.measures.iter().any(|m| m.illustrative);
            let path = format!("groups[{i}].commentary");
            if let Some(commentary) = errors.keep(prose_field(&path, &group.commentary, 2)) {
                blocks.extend(commentary);
            }
        }
        if any_illustrative {
            blocks.push(illustrative_note());
        }
        errors.or_ok(SectionResponse::new(blocks))
    }
}

fn table(data: &Data, group: &Group, named: &Named) -> Table {
    let c = &data.columns;
    let baseline = data.baseline_period.as_ref().unwrap_or(&c.baseline);
    let latest = data.latest_period.as_ref().unwrap_or(&c.latest);
    let comparison = group.measures.iter().any(|m| m.comparison_change.is_some());
    let mut header = vec![
        (&c.measure, 3.0),
        (baseline, 1.2),
        (latest, 1.2),
        (&c.change, 1.3),
    ];
    if comparison {
        header.push((&c.comparison, 1.3));
    }
    header.push((&c.source, 2.2));
    let columns = header
        .iter()
        .enumerate()
        .map(|(i, (_, w))| {
            let column = Column::fr(*w);
            // The figures and changes line up on their ends.
            if i > 0 && i < header.len() - 1 {
                column.end()
            } else {
                column
            }
        })
        .collect();
    let caption = match (
        &data.baseline_study,
        &data.baseline_period,
        &data.latest_period,
    ) {
        (Some(study), Some(b), Some(l)) => format!("{}: {study} ({b}) against {l}", named.name),
        (None, Some(b), Some(l)) => format!("{}: {b} against {l}", named.name),
        (Some(study), _, _) => format!("{}: {study}", named.name),
        (None, _, _) => named.name.clone(),
    };
    Table::new(columns)
        .header(Row::new(header.iter().map(|(h, _)| cell(h)).collect()))
        .rows(group.measures.iter().map(|m| row(data, m, comparison)))
        .caption(text(caption))
        .label(format!("tbl-baseline-{}", named.key))
        .class(class::MONITORING)
}

fn row(data: &Data, m: &Measure, comparison: bool) -> Row {
    let value = |v: f64| match m.unit {
        Unit::Count => thousands(v, 0),
        Unit::Percent => format!("{}%", thousands(v, 1)),
    };
    let change = match m.unit {
        Unit::Count => percent_change(m.baseline, m.latest).unwrap_or_else(|| "n/a".into()),
        Unit::Percent => point_change(m.baseline, m.latest),
    };
    let source: Vec<Inline> = if m.illustrative {
        vec![illustrative(text(&m.source))]
    } else {
        text(&m.source)
    };
    // A measure with years of its own says which it compares.
    let own = |mine: &Option<String>, section: &Option<String>| match (mine, section) {
        (Some(mine), Some(section)) if mine != section => Some(mine.clone()),
        (Some(mine), None) => Some(mine.clone()),
        _ => None,
    };
    let own_baseline = own(&m.baseline_period, &data.baseline_period);
    let own_latest = own(&m.latest_period, &data.latest_period);
    let measure = if own_baseline.is_some() || own_latest.is_some() {
        let year = |mine: Option<String>, section: &Option<String>| {
            mine.or_else(|| section.clone()).unwrap_or_default()
        };
        format!(
            "{} ({} and {})",
            m.measure,
            year(own_baseline, &data.baseline_period),
            year(own_latest, &data.latest_period)
        )
    } else {
        m.measure.clone()
    };
    let mut cells = vec![
        cell(measure),
        cell(value(m.baseline)),
        cell(value(m.latest)),
        cell(change),
    ];
    if comparison {
        cells.push(cell(
            m.comparison_change.map(signed_percent).unwrap_or_default(),
        ));
    }
    cells.push(Cell::inlines(source));
    Row::new(cells)
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

    /// The header of each table a build gives.
    fn headers(data: &str) -> Vec<Vec<String>> {
        let response = BaselinePlugin.build(&request("baseline", data)).unwrap();
        response
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(
                    t.header[0]
                        .cells
                        .iter()
                        .map(|c| match &c.content[..] {
                            [Block::Paragraph { content, .. }] => Inline::plain_text(content),
                            _ => String::new(),
                        })
                        .collect(),
                ),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_comparison_column_is_shown_only_where_a_measure_has_one() {
        let tables = headers(SAMPLE);
        assert_eq!(
            tables[0],
            [
                "Measure",
                "2000/01",
                "2003/04",
                "Change",
                "Force-wide change",
                "Source"
            ]
        );
        assert_eq!(
            tables[1],
            ["Measure", "2000/01", "2003/04", "Change", "Source"]
        );
        let plain = SAMPLE
            .replace("[columns]\ncomparison = \"Force-wide change\"\n", "")
            .replace(
                "baseline_period = \"2000/01\"\nlatest_period = \"2003/04\"\n",
                "",
            );
        assert_eq!(
            headers(&plain)[0],
            [
                "Measure",
                "Baseline",
                "Latest",
                "Change",
                "Comparison",
                "Source"
            ]
        );
    }

    #[test]
    fn a_measure_with_its_own_years_says_them() {
        let response = BaselinePlugin.build(&request("baseline", SAMPLE)).unwrap();
        let json = serde_json::to_string(&response).unwrap();
        assert!(
            json.contains("Racist crime judicial disposal rate (Met) (1998/99 and 2002/03)"),
            "{json}"
        );
    }

    #[test]
    fn an_unknown_theme_is_refused_with_a_suggestion() {
        let bad = SAMPLE.replacen("theme = \"homophobic\"", "theme = \"homophobc\"", 1);
        let err = BaselinePlugin
            .build(&request("baseline", &bad))
            .unwrap_err();
        assert!(
            err.to_string().contains(
                "field `groups[1].theme`: unknown theme `homophobc`; did you mean `homophobic`?"
            ),
            "{err}"
        );
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
        assert_eq!(path, "groups[1].measures[0].latest");
        assert!(
            message == "should be a number, not the text \"many\"",
            "{message}"
        );
    }
}
