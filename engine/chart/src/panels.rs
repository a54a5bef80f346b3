//! Small multiples: which values share a panel.
//!
//! A non-zero value is readable when its bar, or its point's distance from
//! the zero line, is at least [`MIN_MARK_MM`] long at printed size. When
//! the chart drawn whole would leave a value shorter than that (58 beside
//! 5,640), it is drawn as small multiples instead: side-by-side panels,
//! each with its own value axis and title, in one drawing. Bar charts may
//! be split by category or by series, line charts by series (a line is
//! never cut). Three items or fewer get a panel each; more are grouped,
//! largest first, with the items whose smallest value still reads on the
//! group's scale. Of the splits, the one leaving the fewest unreadable
//! values wins, then the one with fewer panels, then the split by category.

use quire_model::{Chart, ChartKind};

/// The shortest a non-zero bar may be, in millimetres at printed size.
pub const MIN_MARK_MM: f64 = 2.0;

/// At most this many items are split one per panel; more are grouped.
const ONE_EACH: usize = 3;

/// One panel: the categories and series it shows (indices into the
/// chart's, in the chart's order) and its title (none for a whole chart).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Panel {
    pub categories: Vec<usize>,
    pub series: Vec<usize>,
    pub title: Option<String>,
    /// True when the panel is one category of a split by category: its
    /// bars are named by series under the axis, the title names the category.
    pub single_category: bool,
}

impl Panel {
    /// The whole chart as one panel.
    pub(crate) fn whole(chart: &Chart) -> Panel {
        Panel {
            categories: (0..chart.categories.len()).collect(),
            series: (0..chart.series.len()).collect(),
            title: None,
            single_category: false,
        }
    }

    /// The panel's values.
    pub(crate) fn values<'a>(&'a self, chart: &'a Chart) -> impl Iterator<Item = f64> + 'a {
        self.series.iter().flat_map(move |&s| {
            self.categories
                .iter()
                .map(move |&c| chart.series[s].values[c])
        })
    }
}

/// The ways of splitting `chart` into panels worth trying, given the share
/// of the value axis (`shortest`) below which a value does not read when
/// the chart is drawn whole.
pub(crate) fn candidates(chart: &Chart, shortest: f64) -> Vec<Vec<Panel>> {
    let mut out = Vec::new();
    if chart.kind != ChartKind::Line && chart.categories.len() > 1 {
        let scales: Vec<Scale> = (0..chart.categories.len())
            .map(|c| Scale::of(chart.series.iter().map(|s| s.values[c])))
            .collect();
        let groups = group(&scales, shortest);
        let single = groups.iter().all(|g| g.len() == 1);
        out.push(
            groups
                .into_iter()
                .map(|categories| Panel {
                    title: Some(names(categories.iter().map(|&c| &chart.categories[c]))),
                    categories,
                    series: (0..chart.series.len()).collect(),
                    single_category: single,
                })
                .collect(),
        );
    }
    if chart.series.len() > 1 {
        let scales: Vec<Scale> = chart
            .series
            .iter()
            .map(|s| Scale::of(s.values.iter().copied()))
            .collect();
        out.push(
            group(&scales, shortest)
                .into_iter()
                .map(|series| Panel {
                    title: Some(names(series.iter().map(|&s| &chart.series[s].name))),
                    categories: (0..chart.categories.len()).collect(),
                    series,
                    single_category: false,
                })
                .collect(),
        );
    }
    out
}

/// An item's largest and smallest non-zero size.
#[derive(Debug, Clone, Copy)]
struct Scale {
    largest: f64,
    smallest: f64,
}

impl Scale {
    fn of(values: impl Iterator<Item = f64>) -> Scale {
        values.fold(
            Scale {
                largest: 0.0,
                smallest: f64::INFINITY,
            },
            |s, v| Scale {
                largest: s.largest.max(v.abs()),
                smallest: if v == 0.0 {
                    s.smallest
                } else {
                    s.smallest.min(v.abs())
                },
            },
        )
    }
}

/// Items in groups: one each for a few, else largest first, each joining
/// the first group on whose scale its smallest value reads. Groups come in
/// the order of their first item, items in their own order.
fn group(scales: &[Scale], shortest: f64) -> Vec<Vec<usize>> {
    if scales.len() <= ONE_EACH {
        return (0..scales.len()).map(|i| vec![i]).collect();
    }
    let mut order: Vec<usize> = (0..scales.len()).collect();
    order.sort_by(|a, b| scales[*b].largest.total_cmp(&scales[*a].largest));
    // The axis runs a little past the largest value (round numbers, room
    // for labels): take a quarter more.
    let mut groups: Vec<(f64, f64, Vec<usize>)> = Vec::new();
    for i in order {
        let Scale { largest, smallest } = scales[i];
        let joins = groups
            .iter_mut()
            .find(|(top, low, _)| low.min(smallest) >= top * 1.25 * shortest);
        match joins {
            Some((_, low, members)) => {
                *low = low.min(smallest);
                members.push(i);
            }
            None => groups.push((largest, smallest, vec![i])),
        }
    }
    let mut groups: Vec<Vec<usize>> = groups
        .into_iter()
        .map(|(_, _, mut members)| {
            members.sort_unstable();
            members
        })
        .collect();
    groups.sort_by_key(|g| g[0]);
    groups
}

/// Names as a phrase: `A`, `A and B`, `A, B and C`.
fn names<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let names: Vec<&str> = names.map(String::as_str).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.to_string(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(largest: f64, smallest: f64) -> Scale {
        Scale { largest, smallest }
    }

    #[test]
    fn a_few_items_get_a_panel_each_and_many_are_grouped_by_scale() {
        let few = [
            scale(1046.0, 912.0),
            scale(97.0, 58.0),
            scale(5640.0, 4870.0),
        ];
        assert_eq!(group(&few, 0.03), vec![vec![0], vec![1], vec![2]]);
        let many = [
            scale(1046.0, 912.0),
            scale(97.0, 58.0),
            scale(5640.0, 4870.0),
            scale(80.0, 70.0),
            scale(3000.0, 2500.0),
        ];
        assert_eq!(group(&many, 0.03), vec![vec![0, 2, 4], vec![1, 3]]);
    }

    #[test]
    fn names_read_as_a_phrase() {
        let list = ["Race crime".to_string(), "Domestic violence".to_string()];
        assert_eq!(names(list.iter()), "Race crime and Domestic violence");
        assert_eq!(names(list[..1].iter()), "Race crime");
    }
}
