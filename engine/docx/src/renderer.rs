//! The Word copy as one of Quire's outputs, and the audit of its XML as its
//! accessibility checks.

use std::time::Instant;

use quire_model::AccessibilityRule;
use quire_render::{Check, Output, RenderContext, RenderError, Rendered, Renderer, counted};

use crate::audit::{self, DocxRule};
use crate::{DocxError, render_docx};

/// The Word copy, through docx-rs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Word;

impl Word {
    fn failed(&self, error: DocxError) -> RenderError {
        RenderError::failed(self.describe(), error)
    }
}

impl Renderer for Word {
    fn output(&self) -> Output {
        Output {
            extension: "docx",
            name: "Word",
            described: "the Word copy",
        }
    }

    fn needs_pages(&self) -> bool {
        true
    }

    fn render(&self, cx: &RenderContext<'_>) -> Result<Rendered, RenderError> {
        let started = Instant::now();
        let bytes = render_docx(*cx).map_err(|e| self.failed(e))?;
        // The Word copy's own time, not its wait for the layout.
        let own = started.elapsed().saturating_sub(cx.contents_pages.waited());
        Ok(Rendered {
            bytes,
            stages: vec![("word", own)],
            ..Rendered::default()
        })
    }

    fn accessibility(
        &self,
        _cx: &RenderContext<'_>,
        made: &Rendered,
    ) -> Result<Vec<Check>, RenderError> {
        let audit = audit::audit(&made.bytes).map_err(|e| self.failed(e))?;
        Ok(audit.results.into_iter().map(check).collect())
    }
}

/// One rule of the audit as a check.
fn check(result: audit::RuleResult) -> Check {
    let scope = match result.rule {
        DocxRule::Title | DocxRule::Language => "the document".to_string(),
        DocxRule::Headings => counted(result.checked, "headings"),
        DocxRule::ImageAlt => counted(result.checked, "pictures"),
        DocxRule::HeaderRows | DocxRule::SimpleTables => counted(result.checked, "tables"),
        DocxRule::LinkText => format!(
            "{}, contents and cross-references included",
            counted(result.checked, "links")
        ),
    };
    Check {
        rule: result.rule.describe().to_string(),
        scope,
        problems: result.problems,
        warnings: Vec::new(),
        model_rule: model_rule(result.rule),
    }
}

/// The model's rule a Word rule checks again, if any.
fn model_rule(rule: DocxRule) -> Option<AccessibilityRule> {
    match rule {
        DocxRule::Headings => Some(AccessibilityRule::HeadingLevels),
        DocxRule::ImageAlt => Some(AccessibilityRule::FigureAlt),
        DocxRule::LinkText => Some(AccessibilityRule::LinkText),
        _ => None,
    }
}
