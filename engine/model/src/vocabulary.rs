//! The words a document prints around what its authors wrote: the names in
//! front of table, figure and appendix numbers, the contents' title, the
//! title page's version line, the words of charts' alternative text, data
//! tables and source notes. The house style gives them (`[vocabulary]`);
//! the resolve pass and every renderer read them from here, so the PDF and
//! the Word copy say the same words.

use serde::{Deserialize, Serialize};

/// The words a document prints, in English unless the style says otherwise.
/// A style gives only the words it changes; the rest stay as [`Default`]
/// has them. Each word comes before its number, with a space between
/// (`Table 3`, `Appendix A`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Vocabulary {
    /// Before a table's number, in its caption and in cross-references
    /// (`Table 3`).
    pub table: String,
    /// Before a figure's number, in its caption and in cross-references
    /// (`Figure 2`).
    pub figure: String,
    /// Before a heading's number in cross-references (`Section 2.1`).
    pub section: String,
    /// Before an appendix's letter, in its heading, the contents and
    /// cross-references (`Appendix A`).
    pub appendix: String,
    /// The title of the table of contents.
    pub contents: String,
    /// Before the version on the title page (`Version 1.0`).
    pub version: String,
    /// Between a caption's number and its text (`Table 3: Incidents`).
    pub caption_separator: String,
    /// What a cross-reference to a table without a caption (so without a
    /// number) reads.
    pub uncaptioned_table: String,
    /// Between a defined term and its definition (`Hate crime: any…`).
    pub term_separator: String,
    /// The title of the HTML edition's list of footnotes.
    pub notes: String,
    /// The HTML edition's link past the contents to the text.
    pub skip_link: String,
    /// The HTML edition's link from a footnote back to its mark.
    pub back_to_text: String,
    /// What a bar chart's alternative text calls it (`Bar chart: Incidents.`).
    pub bar_chart: String,
    /// What a grouped bar chart's alternative text calls it.
    pub grouped_bar_chart: String,
    /// What a line chart's alternative text calls it.
    pub line_chart: String,
    /// Before what a chart's values measure, in its alternative text (`Values: incidents.`).
    pub chart_values: String,
    /// Before a chart's series, in its alternative text (`Series: 2023, 2024.`).
    pub chart_series: String,
    /// The first column's heading of a chart's data table, when the chart does not name its categories.
    pub chart_category: String,
    /// After a chart's caption, in its data table's caption (`Incidents: the figures`).
    pub chart_figures: String,
    /// Before a chart's source, in its note and its alternative text (`Source: Home Office.`).
    pub source: String,
    /// A chart's source when it names none.
    pub source_not_given: String,
    /// After an illustrative chart's source, in brackets.
    pub illustrative_note: String,
    /// The last sentence of an illustrative chart's alternative text.
    pub illustrative_alt: String,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Self {
            table: "Table".into(),
            figure: "Figure".into(),
            section: "Section".into(),
            appendix: "Appendix".into(),
            contents: "Contents".into(),
            version: "Version".into(),
            caption_separator: ": ".into(),
            uncaptioned_table: "the table".into(),
            term_separator: ": ".into(),
            notes: "Notes".into(),
            skip_link: "Skip to the text".into(),
            back_to_text: "Back to the text".into(),
            bar_chart: "Bar chart".into(),
            grouped_bar_chart: "Grouped bar chart".into(),
            line_chart: "Line chart".into(),
            chart_values: "Values".into(),
            chart_series: "Series".into(),
            chart_category: "Category".into(),
            chart_figures: "the figures".into(),
            source: "Source".into(),
            source_not_given: "not given".into(),
            illustrative_note: "illustrative figures, not from a published source".into(),
            illustrative_alt: "The figures are illustrative, not from a published source.".into(),
        }
    }
}

impl Vocabulary {
    /// Every word with its key (`table`), in the order they are declared.
    pub fn entries(&self) -> [(&'static str, &str); 23] {
        [
            ("table", &self.table),
            ("figure", &self.figure),
            ("section", &self.section),
            ("appendix", &self.appendix),
            ("contents", &self.contents),
            ("version", &self.version),
            ("caption_separator", &self.caption_separator),
            ("uncaptioned_table", &self.uncaptioned_table),
            ("term_separator", &self.term_separator),
            ("notes", &self.notes),
            ("skip_link", &self.skip_link),
            ("back_to_text", &self.back_to_text),
            ("bar_chart", &self.bar_chart),
            ("grouped_bar_chart", &self.grouped_bar_chart),
            ("line_chart", &self.line_chart),
            ("chart_values", &self.chart_values),
            ("chart_series", &self.chart_series),
            ("chart_category", &self.chart_category),
            ("chart_figures", &self.chart_figures),
            ("source", &self.source),
            ("source_not_given", &self.source_not_given),
            ("illustrative_note", &self.illustrative_note),
            ("illustrative_alt", &self.illustrative_alt),
        ]
    }

    /// A word and a number, as captions and cross-references print them
    /// (`Table 3`).
    pub fn numbered(word: &str, number: &str) -> String {
        format!("{word} {number}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_style_gives_only_the_words_it_changes() {
        let v: Vocabulary = serde_json::from_str(r#"{"table": "Tabell"}"#).unwrap();
        assert_eq!(v.table, "Tabell");
        assert_eq!(v.figure, "Figure");
        assert_eq!(
            v,
            Vocabulary {
                table: "Tabell".into(),
                ..Vocabulary::default()
            }
        );
    }

    #[test]
    fn unknown_words_are_refused() {
        let err = serde_json::from_str::<Vocabulary>(r#"{"tabel": "Tabell"}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `tabel`"), "{err}");
    }

    #[test]
    fn entries_name_every_field() {
        let v = Vocabulary::default();
        let json = serde_json::to_value(&v).unwrap();
        let keys: Vec<&str> = v.entries().iter().map(|(k, _)| *k).collect();
        let fields: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, fields);
        for (key, word) in v.entries() {
            assert_eq!(json[key], word);
        }
    }
}
