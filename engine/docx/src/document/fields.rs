//! Word fields (`PAGE`, `REF`, `SEQ`, `PAGEREF`) as runs.

use docx_rs::{FieldCharType, InstrText, Run};

/// A Word field (`PAGE`, `NUMPAGES`) as its runs, showing 1 until Word
/// works it out.
pub(super) fn field_runs(code: &str) -> [Run; 5] {
    field(code, Run::new().add_text("1"))
}

/// A Word field: its code, and `result` as what it shows until refreshed.
pub(super) fn field(code: &str, result: Run) -> [Run; 5] {
    [
        Run::new().add_field_char(FieldCharType::Begin, false),
        Run::new().add_instr_text(InstrText::Unsupported(format!(" {code} "))),
        Run::new().add_field_char(FieldCharType::Separate, false),
        result,
        Run::new().add_field_char(FieldCharType::End, false),
    ]
}
