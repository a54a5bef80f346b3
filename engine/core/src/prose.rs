//! Prose templates: Markdown with Handlebars placeholders and helpers.
//!
//! Every value interpolated into a template is Markdown-escaped, so data can
//! never turn into markup. Strict mode: a placeholder naming a value that does
//! not exist is an error, not an empty string.
//!
//! Helpers: `{{thousands n}}`, `{{percent_change from to}}`, `{{date "2004-06-30"}}`,
//! `{{join list}}` / `{{join list "or"}}`.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, MutexGuard};

use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason,
};
use quire_plugin::format;
use quire_plugin::markdown::{self, escape};
use quire_plugin::model::Block;
use serde_json::Value as Json;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// Everything a rendered template depends on.
#[derive(PartialEq, Eq, Hash)]
struct RenderKey {
    text: String,
    context: String,
    heading_offset: u8,
}

/// At most this many rendered templates are kept; then the cache starts over.
const RENDERED_LIMIT: usize = 4096;

/// Templates rendered by this process, by what they depend on.
fn rendered() -> MutexGuard<'static, HashMap<RenderKey, Vec<Block>>> {
    static RENDERED: LazyLock<Mutex<HashMap<RenderKey, Vec<Block>>>> =
        LazyLock::new(Default::default);
    RENDERED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Renders prose templates.
pub struct ProseRenderer {
    handlebars: Handlebars<'static>,
}

impl Default for ProseRenderer {
    fn default() -> Self {
        Self::new()
    }
}

impl ProseRenderer {
    /// A renderer with the house helpers registered.
    pub fn new() -> Self {
        let mut handlebars = Handlebars::new();
        handlebars.set_strict_mode(true);
        handlebars.register_escape_fn(escape);
        handlebars.register_helper("thousands", Box::new(House(thousands)));
        handlebars.register_helper("percent_change", Box::new(House(percent_change)));
        handlebars.register_helper("date", Box::new(House(date)));
        handlebars.register_helper("join", Box::new(House(join)));
        Self { handlebars }
    }

    /// Renders `template` with `context` to Markdown, then to blocks. Level-1
    /// Markdown headings become level `1 + heading_offset`.
    ///
    /// The result depends on nothing else, so it is kept for the next build
    /// in this process (a watch loop): a template whose text and context are
    /// unchanged is not rendered again.
    pub fn render(
        &mut self,
        template: &SourceFile,
        context: &Json,
        heading_offset: u8,
    ) -> Result<Vec<Block>, Diagnostic> {
        let key = RenderKey {
            text: template.text.clone(),
            context: context.to_string(),
            heading_offset,
        };
        if let Some(blocks) = rendered().get(&key) {
            return Ok(blocks.clone());
        }
        let blocks = self.render_uncached(template, context, heading_offset)?;
        let mut cache = rendered();
        if cache.len() >= RENDERED_LIMIT {
            cache.clear();
        }
        cache.insert(key, blocks.clone());
        Ok(blocks)
    }

    fn render_uncached(
        &mut self,
        template: &SourceFile,
        context: &Json,
        heading_offset: u8,
    ) -> Result<Vec<Block>, Diagnostic> {
        let markdown = self.render_markdown(template, context)?;
        markdown::to_blocks(&markdown, heading_offset).map_err(|e| {
            let located = template
                .text
                .lines()
                .nth(e.line.saturating_sub(1))
                .is_some();
            let at = located.then(|| line_location(template, e.line, 1));
            Diagnostic::error(format!("Markdown: {}", e.message))
                .at_location(template, at.flatten())
        })
    }

    /// Renders `template` with `context` to Markdown text.
    pub fn render_markdown(
        &mut self,
        template: &SourceFile,
        context: &Json,
    ) -> Result<String, Diagnostic> {
        let compiled = handlebars::Template::compile(&template.text).map_err(|e| {
            let at = e
                .pos()
                .and_then(|(line, col)| line_location(template, line, col));
            let d = Diagnostic::error(format!("template syntax: {}", e.reason()));
            match at {
                Some(at) => d.at_location(template, Some(at)),
                // Handlebars points past the last line when the template
                // ends inside a block: point at the end of the file.
                None => Diagnostic::error("template syntax: the template ends before a block is closed")
                    .at(template, end_of_text(&template.text))
                    .with_hint("the template ends inside a block: every `{{#if …}}` or `{{#each …}}` needs its `{{/if}}` or `{{/each}}`"),
            }
        })?;
        let name = template.shown.display().to_string();
        self.handlebars.register_template(&name, compiled);
        self.handlebars.render(&name, context).map_err(|e| {
            let at = e
                .line_no
                .and_then(|line| line_location(template, line, e.column_no.unwrap_or(1)))
                .map(|at| whole_expression(template, at));
            let message = match e.reason() {
                RenderErrorReason::MissingVariable(Some(path)) => {
                    format!("template: `{path}` is not defined")
                }
                RenderErrorReason::HelperNotFound(name) => {
                    format!("template: there is no helper called `{name}`")
                }
                other => format!("template: {other}"),
            };
            let hint = match e.reason() {
                RenderErrorReason::MissingVariable(_) => {
                    Some("the template context holds `meta`, `data`, `shared` and `section`")
                }
                RenderErrorReason::HelperNotFound(_) => {
                    Some("the helpers are thousands, percent_change, date and join")
                }
                _ => None,
            };
            let d = Diagnostic::error(message).at_location(template, at);
            match hint {
                Some(h) => d.with_hint(h),
                None => d,
            }
        })
    }
}

/// The last character of a text (nothing, if it is empty).
fn end_of_text(text: &str) -> std::ops::Range<usize> {
    let trimmed = text.trim_end();
    let start = trimmed.char_indices().next_back().map_or(0, |(i, _)| i);
    start..trimmed.len()
}

/// A location at `{{` widened to the whole `{{ … }}` expression.
fn whole_expression(file: &SourceFile, at: crate::source::Location) -> crate::source::Location {
    let start = at.span.start;
    if !file.text[start..].starts_with("{{") {
        return at;
    }
    let line_end = file.text[start..]
        .find('\n')
        .map_or(file.text.len(), |i| start + i);
    match file.text[start..line_end].find("}}") {
        Some(close) => file.locate(start..start + close + 2),
        None => at,
    }
}

fn line_location(file: &SourceFile, line: usize, column: usize) -> Option<crate::source::Location> {
    let start: usize = file
        .text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_text = file.text[start..].lines().next()?;
    let col_byte = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    Some(file.locate(start + col_byte..start + col_byte + 1))
}

fn param<'a>(
    h: &'a Helper,
    index: usize,
    helper: &'static str,
    wanted: &'static str,
) -> Result<&'a Json, RenderErrorReason> {
    h.param(index)
        .map(|p| p.value())
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex(helper, index))
        .and_then(|v| {
            if v.is_null() {
                Err(RenderErrorReason::ParamTypeMismatchForName(
                    helper,
                    index.to_string(),
                    wanted.into(),
                ))
            } else {
                Ok(v)
            }
        })
}

fn number(h: &Helper, index: usize, helper: &'static str) -> Result<f64, RenderErrorReason> {
    let value = param(h, index, helper, "number")?;
    value.as_f64().ok_or_else(|| {
        RenderErrorReason::ParamTypeMismatchForName(helper, index.to_string(), "number".into())
    })
}

/// A house helper: computes its text from the parameters; the text is
/// Markdown-escaped before it joins the template's output.
struct House(fn(&Helper) -> Result<String, RenderErrorReason>);

impl handlebars::HelperDef for House {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        out.write(&escape(&(self.0)(h)?))?;
        Ok(())
    }
}

fn thousands(h: &Helper) -> Result<String, RenderErrorReason> {
    let value = number(h, 0, "thousands")?;
    let decimals = if value.fract() == 0.0 { 0 } else { 1 };
    Ok(format::thousands(value, decimals))
}

fn percent_change(h: &Helper) -> Result<String, RenderErrorReason> {
    let (from, to) = (
        number(h, 0, "percent_change")?,
        number(h, 1, "percent_change")?,
    );
    format::percent_change(from, to).ok_or_else(|| {
        RenderErrorReason::Other(
            "percent_change: the starting value is zero, so there is no percentage".into(),
        )
    })
}

fn date(h: &Helper) -> Result<String, RenderErrorReason> {
    let value = param(h, 0, "date", "string")?;
    let iso = value.as_str().ok_or_else(|| {
        RenderErrorReason::ParamTypeMismatchForName("date", "0".into(), "string".into())
    })?;
    format::british_date(iso).map_err(|e| RenderErrorReason::Other(format!("date: {e}")))
}

fn join(h: &Helper) -> Result<String, RenderErrorReason> {
    let list = param(h, 0, "join", "array")?;
    let items = list.as_array().ok_or_else(|| {
        RenderErrorReason::ParamTypeMismatchForName("join", "0".into(), "array".into())
    })?;
    let items: Vec<String> = items
        .iter()
        .map(|v| match v {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    let conjunction = h.param(1).and_then(|p| p.value().as_str()).unwrap_or("and");
    Ok(format::join_list(&items, conjunction))
}

#[cfg(test)]
mod tests {
    use quire_plugin::model::{Block, Inline};
    use serde_json::json;

    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            shown: "prose/test.md".into(),
            text: text.into(),
        }
    }

    fn plain(blocks: &[Block]) -> String {
        match &blocks[0] {
            Block::Paragraph { content, .. } => Inline::plain_text(content),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn helpers_format_the_house_way() {
        let ctx = json!({"data": {"n": 18253, "from": 1365, "to": 1536, "when": "2004-06-30", "who": ["police", "housing", "health"]}});
        let t = file(
            "{{thousands data.n}}; {{percent_change data.from data.to}}; {{date data.when}}; {{join data.who}}; {{join data.who \"or\"}}",
        );
        let blocks = ProseRenderer::new().render(&t, &ctx, 0).unwrap();
        assert_eq!(
            plain(&blocks),
            "18,253; +12.5%; 30 June 2004; police, housing and health; police, housing or health"
        );
    }

    #[test]
    fn interpolated_values_cannot_become_markup() {
        let nasty = "*bold* [link](http://x) @sec-x # <b> `code` [^1] #set text(red)";
        let ctx = json!({"data": {"s": nasty}});
        let blocks = ProseRenderer::new()
            .render(&file("Value: {{data.s}}"), &ctx, 0)
            .unwrap();
        let Block::Paragraph { content, .. } = &blocks[0] else {
            panic!()
        };
        assert!(
            content.iter().all(|i| matches!(i, Inline::Text(_))),
            "{content:?}"
        );
        assert_eq!(Inline::plain_text(content), format!("Value: {nasty}"));
    }

    #[test]
    fn a_missing_variable_points_at_its_line() {
        let t = file("Line one.\n\nWe have {{data.missing}} here.");
        let d = ProseRenderer::new()
            .render(&t, &json!({"data": {}}), 0)
            .unwrap_err();
        assert_eq!(d.location.as_ref().unwrap().line, 3);
        assert!(d.message.contains("missing"), "{}", d.message);
    }

    #[test]
    fn syntax_errors_and_unknown_helpers_are_reported() {
        let d = ProseRenderer::new()
            .render(&file("a\n{{#if x}}unclosed"), &json!({}), 0)
            .unwrap_err();
        assert!(d.message.starts_with("template syntax"), "{}", d.message);
        let d = ProseRenderer::new()
            .render(&file("{{shout \"x\"}}"), &json!({}), 0)
            .unwrap_err();
        assert!(d.hint.unwrap().contains("helpers are"));
    }

    #[test]
    fn bad_helper_input_is_an_error() {
        let d = ProseRenderer::new()
            .render(&file("{{date \"30/06/2004\"}}"), &json!({}), 0)
            .unwrap_err();
        assert!(d.message.contains("YYYY-MM-DD"), "{}", d.message);
    }
}
