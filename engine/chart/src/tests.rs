use quire_model::{Chart, ChartKind, Vocabulary, text};

use super::*;

mod drawn;

fn style() -> ChartStyle {
    ChartStyle {
        font_family: "Liberation Sans".into(),
        font_size: 10.0,
        text_colour: "#1a1a1a".into(),
        axis_colour: "#1a1a1a".into(),
        background: "#ffffff".into(),
        palette: vec!["#14213d".into(), "#a0451a".into(), "#2f9e8f".into()],
        width: 450.0,
        height: 250.0,
        printed_width: 450.0,
    }
}

fn incidents() -> Chart {
    let categories = ["Race crime", "Homophobic crime", "Domestic violence"];
    Chart::new(
        ChartKind::GroupedBar,
        categories.iter().map(|c| c.to_string()).collect(),
    )
    .series("2000/01", vec![1046.0, 58.0, 4870.0])
    .series("2003/04", vec![912.0, 97.0, 5640.0])
    .labels("Strand", "Incidents recorded")
    .source("Not sourced")
    .illustrative(true)
}

fn rates() -> Chart {
    let categories = ["2001/02", "2002/03", "2003/04"];
    let mut chart = Chart::new(
        ChartKind::Line,
        categories.iter().map(|c| c.to_string()).collect(),
    )
    .series("Race crime", vec![14.2, 16.0, 19.5])
    .unit("%");
    chart.y_label = Some("Sanction detection rate (%)".into());
    chart
}

#[test]
fn bad_charts_are_refused_naming_the_field() {
    let mut unequal = incidents();
    unequal.series[1].values.pop();
    assert_eq!(check(&unequal, 3).unwrap_err().path, "series[1].values");
    let mut empty = incidents();
    empty.categories.clear();
    assert_eq!(check(&empty, 3).unwrap_err().path, "categories");
    let mut nan = incidents();
    nan.series[0].values[2] = f64::NAN;
    assert_eq!(check(&nan, 3).unwrap_err().path, "series[0].values[2]");
    let mut plain = incidents();
    plain.kind = ChartKind::Bar;
    assert_eq!(check(&plain, 3).unwrap_err().path, "series");
    let too_many = check(&incidents(), 1).unwrap_err();
    assert!(
        too_many.message.contains("palette has 1 colours"),
        "{too_many}"
    );
    assert!(check(&incidents(), 3).is_ok());
}

#[test]
fn the_description_states_every_value() {
    let text = describe(&incidents(), "Incidents by strand", &Vocabulary::default());
    for expected in [
        "Grouped bar chart",
        "Incidents by strand",
        "2000/01 1,046",
        "2003/04 912",
        "58",
        "97",
        "4,870",
        "5,640",
        "Domestic violence",
        "illustrative",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    let line = describe(&rates(), "Detections", &Vocabulary::default());
    assert!(line.contains("2003/04: 19.5%"), "{line}");
}

#[test]
fn the_data_table_has_a_row_per_category() {
    let table = data_table(
        &incidents(),
        text("Incidents: the figures"),
        &Vocabulary::default(),
    );
    assert_eq!(table.header.len(), 1);
    assert_eq!(table.header[0].cells.len(), 3);
    assert_eq!(table.body.len(), 3);
    assert_eq!(
        quire_model::Inline::plain_text(&match &table.body[2].cells[1].content[0] {
            quire_model::Block::Paragraph { content, .. } => content.clone(),
            other => panic!("{other:?}"),
        }),
        "4,870"
    );
}

#[test]
fn numbers_are_written_the_british_way() {
    assert_eq!(number(4870.0), "4,870");
    assert_eq!(number(1234567.0), "1,234,567");
    // The house minus sign, as in the prose.
    assert_eq!(number(-1046.0), "\u{2212}1,046");
    assert_eq!(number(19.5), "19.5");
    assert_eq!(number(14.25), "14.2");
}

#[test]
fn drawings_are_deterministic_and_have_one_bar_per_value() {
    let first = svg(&incidents(), &style()).unwrap();
    assert_eq!(first, svg(&incidents(), &style()).unwrap());
    assert!(first.starts_with("<svg"), "{first}");
    // Six bars, in the two series colours.
    let bars = |fill: &str| first.matches(&format!("fill=\"{fill}\"")).count();
    assert!(bars("#14213D") >= 3 || bars("#14213d") >= 3, "{first}");
    assert!(first.contains("font-family=\"Liberation Sans\""));
    for label in [
        "Race crime",
        "Homophobic crime",
        "Domestic violence",
        "2000/01",
        "2003/04",
    ] {
        assert!(first.contains(label), "{label} is drawn");
    }
}

#[test]
fn drawings_match_their_snapshots() {
    insta::assert_snapshot!("grouped_bar", svg(&incidents(), &style()).unwrap());
    insta::assert_snapshot!("line", svg(&rates(), &style()).unwrap());
}

#[test]
fn a_charts_words_are_the_styles_vocabulary() {
    // Every word describe writes around the data is one of the vocabulary's:
    // a document in Welsh describes its charts in Welsh.
    let words = Vocabulary {
        grouped_bar_chart: "Siart bar grŵp".into(),
        line_chart: "Siart llinell".into(),
        chart_values: "Gwerthoedd".into(),
        chart_series: "Cyfresi".into(),
        source: "Ffynhonnell".into(),
        source_not_given: "heb ei roi".into(),
        ..Vocabulary::default()
    };
    let grouped = describe(&incidents(), "Digwyddiadau", &words);
    let line = describe(&rates(), "Canfod", &words);
    for (text, expected) in [
        (&grouped, "Siart bar grŵp"),
        (&grouped, "Cyfresi"),
        (&line, "Siart llinell"),
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    for english in ["Grouped bar chart", "Line chart", "Series"] {
        assert!(
            !grouped.contains(english) && !line.contains(english),
            "`{english}` is not from the vocabulary: {grouped} / {line}"
        );
    }
}
