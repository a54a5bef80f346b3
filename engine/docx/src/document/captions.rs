//! Captions of tables and figures: what comes before a caption's text,
//! the vocabulary's word, the number and the separator (`Table 3: `).

use docx_rs::{Paragraph, Run};
use quire_model::Vocabulary;

use super::fields::field;

/// The sequence Word numbers tables in (`SEQ Table`), whatever the word.
pub(super) const SEQ_TABLE: &str = "Table";
/// The sequence Word numbers figures in.
pub(super) const SEQ_FIGURE: &str = "Figure";

/// A caption's word and number (`Table 3`): the number a `SEQ` field, with
/// the resolve pass's number as its result, so a clerk who adds a table in
/// Word can refresh the numbers. The caption's bookmark holds exactly
/// these, so a reference to it (`REF`) reads "Table 3".
pub(super) fn caption_number(p: Paragraph, word: &str, sequence: &str, number: &str) -> Paragraph {
    let lead = Vocabulary::numbered(word, number);
    let before = lead.strip_suffix(number).unwrap_or(&lead).to_string();
    let mut p = p.add_run(Run::new().add_text(before));
    for run in field(
        &format!("SEQ {sequence} \\* ARABIC"),
        Run::new().add_text(number),
    ) {
        p = p.add_run(run);
    }
    p
}
