//! The words a document prints around what its authors wrote: the names in
//! front of table, figure and appendix numbers, the contents' title, the
//! title page's version line. The house style gives them (`[vocabulary]`);
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
        }
    }
}

impl Vocabulary {
    /// Every word with its key (`table`), in the order they are declared.
    pub fn entries(&self) -> [(&'static str, &str); 12] {
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
