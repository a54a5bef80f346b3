//! Properties of drawn charts, read back from their SVG: text size at
//! printed size, a label for every value, no label over another or over a
//! bar, every bar long enough to see, readable colours.

use quire_model::{Chart, ChartKind};

use super::{incidents, rates};
use crate::canvas::{Anchor, Bounds, text_bounds};
use crate::{ChartStyle, MIN_MARK_MM, MIN_TEXT_PT, chart_style, number, svg};

const MM: f64 = 72.0 / 25.4;

/// A text of a drawing: its words, box, printed size, weight and colour.
#[derive(Debug)]
struct Text {
    words: String,
    bounds: Bounds,
    printed: f64,
    bold: bool,
    fill: String,
}

/// A bar (or any filled rectangle but the background).
#[derive(Debug)]
struct Rect {
    bounds: Bounds,
    fill: String,
}

struct Drawing {
    texts: Vec<Text>,
    rects: Vec<Rect>,
    view: (f64, f64),
    /// Printed points per drawing unit.
    scale: f64,
}

fn number_attr(node: roxmltree::Node<'_, '_>, name: &str) -> f64 {
    node.attribute(name)
        .unwrap_or_else(|| panic!("{name} missing"))
        .parse()
        .unwrap()
}

fn read(svg: &str, printed_width: f64) -> Drawing {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let root = doc.root_element();
    let view: Vec<f64> = root
        .attribute("viewBox")
        .unwrap()
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    let scale = printed_width / view[2];
    let mut texts = Vec::new();
    let mut rects = Vec::new();
    for node in root.children().filter(|n| n.is_element()) {
        match node.tag_name().name() {
            "text" => {
                let size = number_attr(node, "font-size");
                let anchor = match node.attribute("text-anchor") {
                    Some("middle") => Anchor::Middle,
                    Some("end") => Anchor::End,
                    _ => Anchor::Start,
                };
                let upright = match node.attribute("transform") {
                    None => true,
                    Some(t) if t.starts_with("rotate(-90 ") => false,
                    Some(t) => panic!("unexpected transform {t}"),
                };
                let words = node.text().unwrap_or_default().to_string();
                let bold = node.attribute("font-weight") == Some("bold");
                let (x, y) = (number_attr(node, "x"), number_attr(node, "y"));
                texts.push(Text {
                    bounds: text_bounds(&words, x, y, size, anchor, upright, bold),
                    words,
                    printed: size * scale,
                    bold,
                    fill: node.attribute("fill").unwrap().to_string(),
                });
            }
            "rect" => {
                let (x, y) = (number_attr(node, "x"), number_attr(node, "y"));
                let (w, h) = (number_attr(node, "width"), number_attr(node, "height"));
                if (x, y, w, h) == (0.0, 0.0, view[2], view[3]) {
                    continue;
                }
                rects.push(Rect {
                    bounds: Bounds {
                        left: x,
                        top: y,
                        right: x + w,
                        bottom: y + h,
                    },
                    fill: node.attribute("fill").unwrap().to_string(),
                });
            }
            _ => {}
        }
    }
    Drawing {
        texts,
        rects,
        view: (view[2], view[3]),
        scale,
    }
}

/// The shipped house style's chart settings.
fn shipped() -> ChartStyle {
    let source = include_str!("../../../../styles/house.toml");
    chart_style(&quire_style::Style::from_toml(source).unwrap())
}

/// A narrower column than the house style's: A5-ish, 110 mm of text.
fn narrow() -> ChartStyle {
    ChartStyle {
        printed_width: 110.0 * MM,
        ..shipped()
    }
}

/// A drawing laid out small, printed large, and the other way round.
fn styles() -> Vec<(&'static str, ChartStyle)> {
    let shipped = shipped();
    let small_drawing = ChartStyle {
        width: 300.0,
        height: 170.0,
        ..shipped.clone()
    };
    vec![
        ("shipped", shipped),
        ("narrow", narrow()),
        ("small drawing", small_drawing),
    ]
}

fn change() -> Chart {
    Chart::new(
        ChartKind::Bar,
        vec![
            "Race crime".into(),
            "Homophobic crime".into(),
            "Domestic violence".into(),
        ],
    )
    .series("Change", vec![-134.0, 39.0, 770.0])
}

fn months() -> Chart {
    let months = [
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "January",
        "February",
        "March",
    ];
    Chart::new(
        ChartKind::Line,
        months.iter().map(|m| m.to_string()).collect(),
    )
    .series(
        "Incidents",
        vec![
            410.0, 388.0, 455.0, 470.0, 431.0, 402.0, 415.0, 398.0, 377.0, 420.0, 405.0, 461.0,
        ],
    )
    .series(
        "Detections",
        vec![
            61.0, 58.0, 70.0, 66.0, 64.0, 59.0, 60.0, 57.0, 52.0, 63.0, 61.0, 69.0,
        ],
    )
    .labels("Month", "Count")
}

fn scales() -> Chart {
    let categories = ["A", "B", "C", "D", "E", "F"];
    Chart::new(
        ChartKind::Bar,
        categories.iter().map(|c| format!("Strand {c}")).collect(),
    )
    .series("Incidents", vec![5200.0, 12.0, 4100.0, 30.0, 2600.0, 0.0])
}

/// Labels no chart should have, but any may: a long word, markup, a
/// script the width table does not know, long names and descriptions.
fn awkward() -> Chart {
    let long = "ZQ3ZŮw*q`ZQ3Z".repeat(6);
    let described = "Incidents recorded by the police in each of the wards, ".repeat(5);
    Chart::new(
        ChartKind::GroupedBar,
        vec![
            long,
            "<b>&amp;</b> \"quoted\"".into(),
            "漢字漢字漢字漢字漢字漢字漢字漢字".into(),
        ],
    )
    .series(
        "A series with a name far longer than any legend has room for, on and on and on",
        vec![3.0, 4000.0, 3800.0],
    )
    .series("Short", vec![5.0, 4200.0, 3900.0])
    .labels(described.clone(), described)
}

/// The case: 58 and 97 beside 6,000 on one axis.
fn far_apart() -> Chart {
    Chart::new(
        ChartKind::Bar,
        vec![
            "Homophobic crime".into(),
            "Transphobic crime".into(),
            "Domestic violence".into(),
        ],
    )
    .series("Incidents", vec![58.0, 97.0, 6000.0])
}

fn charts() -> Vec<(&'static str, Chart)> {
    vec![
        ("far apart", far_apart()),
        ("awkward", awkward()),
        ("incidents", incidents()),
        ("rates", rates()),
        ("change", change()),
        ("months", months()),
        ("scales", scales()),
    ]
}

fn each_drawing(mut check: impl FnMut(&str, &Chart, &Drawing)) {
    for (style_name, style) in styles() {
        for (chart_name, chart) in charts() {
            let drawn = svg(&chart, &style).unwrap_or_else(|e| panic!("{chart_name}: {e}"));
            let drawing = read(&drawn, style.printed_width);
            check(
                &format!("{chart_name} in the {style_name} style"),
                &chart,
                &drawing,
            );
        }
    }
}

#[test]
fn no_text_prints_smaller_than_the_minimum() {
    each_drawing(|name, _, drawing| {
        assert!(!drawing.texts.is_empty());
        for text in &drawing.texts {
            assert!(
                text.printed >= MIN_TEXT_PT - 1e-6,
                "{name}: “{}” prints at {:.2} pt",
                text.words,
                text.printed
            );
        }
    });
}

#[test]
fn every_value_carries_its_label() {
    each_drawing(|name, chart, drawing| {
        let mut words: Vec<&str> = drawing.texts.iter().map(|t| t.words.as_str()).collect();
        for series in &chart.series {
            for value in &series.values {
                let label = match chart.unit.as_deref() {
                    Some("%") => format!("{}%", number(*value)),
                    _ => number(*value),
                };
                let at = words
                    .iter()
                    .position(|w| *w == label)
                    .unwrap_or_else(|| panic!("{name}: no label {label}"));
                words.remove(at);
            }
        }
    });
}

#[test]
fn no_label_overlaps_another_or_a_bar_or_leaves_the_drawing() {
    each_drawing(|name, _, drawing| {
        let whole = Bounds {
            left: 0.0,
            top: 0.0,
            right: drawing.view.0,
            bottom: drawing.view.1,
        };
        for (i, a) in drawing.texts.iter().enumerate() {
            assert!(
                a.bounds.within(&whole),
                "{name}: “{}” leaves the drawing",
                a.words
            );
            for b in &drawing.texts[i + 1..] {
                assert!(
                    !a.bounds.overlaps(&b.bounds),
                    "{name}: “{}” overlaps “{}”: {:?} {:?}",
                    a.words,
                    b.words,
                    a.bounds,
                    b.bounds
                );
            }
            for rect in &drawing.rects {
                assert!(
                    !a.bounds.overlaps(&rect.bounds),
                    "{name}: “{}” overlaps a bar {:?}",
                    a.words,
                    rect.bounds
                );
            }
        }
    });
}

#[test]
fn every_non_zero_bar_is_long_enough_to_see() {
    each_drawing(|name, chart, drawing| {
        if chart.kind == ChartKind::Line {
            return;
        }
        let legend = if chart.series.len() > 1 {
            chart.series.len()
        } else {
            0
        };
        let bars: Vec<&Rect> = drawing.rects.iter().collect();
        let non_zero = chart
            .series
            .iter()
            .flat_map(|s| &s.values)
            .filter(|v| **v != 0.0)
            .count();
        let zero = chart.series.iter().flat_map(|s| &s.values).count() - non_zero;
        assert_eq!(bars.len(), non_zero + zero + legend, "{name}");
        let short: Vec<f64> = bars
            .iter()
            .map(|r| (r.bounds.bottom - r.bounds.top) * drawing.scale)
            .filter(|h| *h > 0.0 && *h < MIN_MARK_MM * MM - 1e-6)
            .collect();
        assert!(short.is_empty(), "{name}: bars printed {short:?} pt long");
        let palette = shipped().palette;
        for rect in bars {
            assert!(
                palette.contains(&rect.fill),
                "{name}: a bar in {}",
                rect.fill
            );
        }
    });
}

#[test]
fn values_far_apart_in_scale_get_panels_of_their_own() {
    let drawing = read(
        &svg(&incidents(), &shipped()).unwrap(),
        shipped().printed_width,
    );
    let titles: Vec<&str> = drawing
        .texts
        .iter()
        .filter(|t| t.bold)
        .map(|t| t.words.as_str())
        .collect();
    assert_eq!(
        titles,
        ["Race crime", "Homophobic crime", "Domestic violence"]
    );
    // Each panel has its own value axis, from its own zero.
    assert_eq!(drawing.texts.iter().filter(|t| t.words == "0").count(), 3);
    let far = read(
        &svg(&far_apart(), &shipped()).unwrap(),
        shipped().printed_width,
    );
    assert!(
        far.texts.iter().filter(|t| t.bold).count() >= 2,
        "split into panels"
    );
    // Values of one scale stay on one axis.
    let rates = read(&svg(&rates(), &shipped()).unwrap(), shipped().printed_width);
    assert!(rates.texts.iter().all(|t| !t.bold), "one panel, no titles");
    // Many categories of two scales: grouped by scale, largest first.
    let scales = read(
        &svg(&scales(), &shipped()).unwrap(),
        shipped().printed_width,
    );
    let titles: Vec<&str> = scales
        .texts
        .iter()
        .filter(|t| t.bold)
        .map(|t| t.words.as_str())
        .collect();
    assert_eq!(
        titles.join(" / "),
        "Strand A, Strand C, Strand E and Strand F / Strand B and Strand D"
    );
    // A line chart is split by series, never along its line.
    let months = read(
        &svg(&months(), &shipped()).unwrap(),
        shipped().printed_width,
    );
    let titles: Vec<&str> = months
        .texts
        .iter()
        .filter(|t| t.bold)
        .map(|t| t.words.as_str())
        .collect();
    assert!(
        titles.is_empty() || titles == ["Incidents", "Detections"],
        "{titles:?}"
    );
}

#[test]
fn text_keeps_4_5_to_1_against_the_background() {
    let style = shipped();
    let background = quire_style::parse_hex(&style.background).unwrap();
    each_drawing(|name, _, drawing| {
        for text in &drawing.texts {
            let fill = quire_style::parse_hex(&text.fill).unwrap();
            let ratio = quire_style::contrast(fill, background);
            assert!(ratio >= 4.5, "{name}: “{}” at {ratio:.2}:1", text.words);
        }
    });
}

#[test]
fn a_chart_too_crowded_to_label_is_refused() {
    let categories: Vec<String> = (0..120).map(|i| format!("Ward {i}")).collect();
    let values: Vec<f64> = (0..120).map(|i| 1000.0 + f64::from(i)).collect();
    let crowded = Chart::new(ChartKind::Bar, categories).series("Incidents", values);
    let error = svg(&crowded, &shipped()).unwrap_err();
    assert!(
        error.message.contains("too many") || error.message.contains("do not fit"),
        "{error}"
    );
}

#[test]
fn a_chart_in_a_box_is_sized_for_the_narrower_column() {
    let style =
        quire_style::Style::from_toml(include_str!("../../../../styles/house.toml")).unwrap();
    let within = [quire_model::Enclosure::Callout("definition".into())];
    let drawn = quire_model::DrawChart::draw(&crate::Charts::new(&style), &incidents(), &within);
    // The definition box takes 10 pt padding each side and a 3 pt rule.
    let column = chart_style(&style).printed_width - 23.0;
    let drawing = read(&drawn.unwrap(), column);
    for text in &drawing.texts {
        assert!(
            text.printed >= MIN_TEXT_PT - 1e-6,
            "“{}” at {:.2}",
            text.words,
            text.printed
        );
    }
}

#[test]
fn invisible_formatting_characters_are_left_out_of_the_drawing() {
    let mut chart = incidents();
    chart.categories[0] = "Race\\\u{200d}crime\u{200e}".into();
    let drawn = svg(&chart, &shipped()).unwrap();
    assert!(drawn.contains("Race\\crime"), "{drawn}");
    assert!(!drawn.contains('\u{200d}') && !drawn.contains('\u{200e}'));
}
