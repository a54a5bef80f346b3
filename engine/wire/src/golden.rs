//! The wire format's golden files: one JSON file per message shape
//! (`engine/wire/golden/*.json`), as a plugin in any language sees it.
//! The tests check that this SDK writes exactly these files and reads them
//! back unchanged, so a change to the wire format shows up as a change to
//! a file a reviewer reads, never silently. `QUIRE_BLESS=1 cargo test -p
//! quire-wire golden` rewrites them after a deliberate change (which is
//! an ABI step: see `engine/abi/src/layout.rs`).

use std::collections::BTreeMap;

use quire_model::{
    Block, Cell, Chart, ChartKind, Column, Definition, Figure, Heading, Inline, Meta, Origin, Row,
    Table, text,
};

use crate::{
    PluginError, PluginErrors, PluginInfo, SectionContext, SectionRequest, SectionResponse,
};

/// What a plugin says about itself.
pub fn info() -> PluginInfo {
    let mut info = PluginInfo::new("key-dates", "1.2.0", "Key dates of the strategy")
        .slot("intro", "Text under the heading")
        .needs_data()
        .example("# When each step happens.\n[[dates]]\nwhen = \"2004-09\"\nwhat = \"Launch\"\n");
    info.data_schema = Some(serde_json::json!({
        "type": "object",
        "required": ["dates"],
        "properties": { "dates": { "type": "array" } }
    }));
    info
}

/// A build request, with prose from a template (carrying its origins).
pub fn request() -> SectionRequest {
    let meta = Meta::new(
        "Hate Crime Strategy",
        "Safer Southwark Partnership",
        "2004-06-30",
        "en-GB",
        "1.0",
    );
    let section = SectionContext {
        id: "key-dates".into(),
        label: "sec-key-dates".into(),
    };
    let mut request = SectionRequest::new(section, meta);
    request.data = serde_json::json!({ "dates": [{ "when": "2004-09", "what": "Launch" }] });
    request.shared = serde_json::json!({ "strands": [{ "id": "race", "name": "Race crime" }] });
    let origin =
        |line, column, length| Origin::text("prose/key-dates.md", line, column).with_length(length);
    request.prose.insert(
        "intro".into(),
        vec![
            Block::Heading(Heading::new(2, text("Timing")).at(origin(1, 4, 6))),
            Block::paragraph(vec![
                Inline::Text("See ".into()),
                Inline::reference("tbl-plan").at(origin(3, 6, 8)),
                Inline::Text(".".into()),
            ])
            .at(origin(3, 1, 0)),
        ],
    );
    request
}

/// A response holding every kind of block and inline.
pub fn response() -> SectionResponse {
    let at = Origin::data;
    let table = Table::new(vec![Column::fr(1.0), Column::fr(3.0).end()])
        .header(Row::new(vec![Cell::text("When"), Cell::text("What")]))
        .rows([
            Row {
                cells: vec![Cell::text("2004").span(2)],
                class: Some("group".into()),
            },
            Row::new(vec![Cell::text("September"), Cell::text("Launch")]),
        ])
        .caption(text("Key dates"))
        .label("tbl-key-dates")
        .note(Block::paragraph(text("Dates are targets.")))
        .class("key-dates")
        .at(at("dates"));
    let chart = Chart::new(ChartKind::Bar, vec!["2003".into(), "2004".into()])
        .series("Reports", vec![120.0, 180.0])
        .labels("Year", "Reports")
        .source("Illustrative")
        .illustrative(true);
    let mut response = SectionResponse::new(vec![
        Block::Heading(
            Heading::new(1, text("Key dates"))
                .with_label("sec-key-dates")
                .at(at("title")),
        ),
        Block::paragraph(vec![
            Inline::Emph(text("Soon")),
            Inline::Text(", ".into()),
            Inline::Strong(text("firmly")),
            Inline::LineBreak,
            Inline::link(
                "https://www.southwark.gov.uk",
                text("the council's website"),
            )
            .at(at("link")),
            Inline::Footnote(vec![Block::paragraph(text("A note."))]),
            Inline::Code("quire build".into()),
            Inline::Span {
                class: "illustrative".into(),
                content: text("about 40 (illustrative)"),
            },
            Inline::reference("tbl-key-dates"),
        ]),
        Block::bullet_list(vec![vec![Block::paragraph(text("one"))]]).at(at("steps")),
        Block::OrderedList {
            start: 3,
            items: vec![vec![Block::paragraph(text("three"))]],
            at: None,
        },
        Block::DefinitionList(vec![Definition {
            term: text("CSU"),
            details: vec![Block::paragraph(text("Community Safety Unit"))],
        }]),
        Block::Div {
            class: "wide".into(),
            blocks: vec![Block::Table(table)],
        },
        Block::Figure(
            Figure::image("images/map.png", text("The borough"), "A map of the wards")
                .label("fig-map"),
        ),
        Block::Figure(Figure::chart(chart, text("Reports by year"), "").at(at("chart"))),
        Block::Quote {
            blocks: vec![Block::paragraph(text("Quoted."))],
            attribution: Some(text("A resident")),
        },
        Block::Callout {
            class: "note".into(),
            title: Some(text("Note")),
            blocks: vec![Block::paragraph(text("Inside."))],
            at: Some(at("note")),
        },
        Block::PageBreak,
    ]);
    response.appendices = vec![Block::Heading(Heading::new(1, text("Dates in full")))];
    response.warn_at(
        "dates[0].when",
        "a month, not a day: the plan shows the month",
    );
    response.warn("the section has no intro");
    response.define("date", "launch", "dates[0].when");
    response.mention("action", "1a", "dates[0].actions[0]");
    response
}

/// Why a build failed: every kind of error.
pub fn errors() -> PluginErrors {
    let mut errors = PluginErrors::new();
    errors.push(PluginError::data("dates[0].when", "expected YYYY-MM"));
    errors.push(PluginError::Prose {
        slot: "intro".into(),
        message: "the section needs it".into(),
    });
    errors.push(PluginError::Failed("the data service is down".into()));
    errors
}

/// Every golden file: its name, and its text, as this SDK writes it (the
/// fields in the order they go over the wire).
pub fn all() -> BTreeMap<&'static str, String> {
    fn pretty<T: serde::Serialize>(value: T) -> String {
        serde_json::to_string_pretty(&value).expect("wire types serialise") + "\n"
    }
    BTreeMap::from([
        ("info", pretty(info())),
        ("request", pretty(request())),
        ("response", pretty(response())),
        ("errors", pretty(errors())),
    ])
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde::de::DeserializeOwned;

    use super::*;

    fn path(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("golden/{name}.json"))
    }

    fn reads_back<T: DeserializeOwned + PartialEq + std::fmt::Debug>(name: &str, expected: T) {
        let text = std::fs::read_to_string(path(name)).unwrap();
        let read: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}.json: {e}"));
        assert_eq!(read, expected, "{name}.json");
    }

    #[test]
    fn the_sdk_writes_exactly_the_golden_files() {
        let bless = std::env::var_os("QUIRE_BLESS").is_some();
        for (name, written) in all() {
            if bless {
                std::fs::write(path(name), &written).unwrap();
            }
            let golden = std::fs::read_to_string(path(name))
                .unwrap_or_else(|e| panic!("{name}.json: {e}; QUIRE_BLESS=1 writes it"));
            assert_eq!(
                written, golden,
                "the wire format of `{name}` changed: if on purpose, it is an ABI step (see engine/abi/src/layout.rs); QUIRE_BLESS=1 rewrites the file"
            );
        }
    }

    #[test]
    fn the_golden_files_read_back_as_what_they_hold() {
        reads_back("info", info());
        reads_back("request", request());
        reads_back("response", response());
        reads_back("errors", errors());
    }
}
