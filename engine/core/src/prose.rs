//! Prose templates: Markdown with Handlebars placeholders and helpers.
//!
//! Every value interpolated into a template is Markdown-escaped
//! ([`quire_markdown::escape`]), so data can never turn into markup
//! or break the text around it. Strict mode: a placeholder naming a value
//! that does not exist is an error, not an empty string.
//!
//! What would get round that, or cannot end, is refused before rendering,
//! at its line: `{{{triple}}}` (unescaped) placeholders, partials and
//! decorators (`{{> …}}`, `{{#> …}}`, `{{#*inline …}}`: a template could
//! include itself), and blocks nested more than [`MAX_BLOCK_NESTING`] deep.
//! One template's rendered text may be at most [`MAX_RENDERED`] bytes.
//!
//! Every pass of an `{{#each}}` counts against a loop budget as it happens
//! ([`loops`]): a template that loops too often or too long stops at the
//! loop's line, even when its loops print nothing.
//!
//! Helpers: `{{thousands n}}`, `{{percent_change from to}}`, `{{date "2004-06-30"}}`,
//! `{{join list}}` / `{{join list "or"}}`.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, MutexGuard};

use handlebars::template::TemplateElement;
use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason,
    Renderable, Template,
};
use quire_markdown::{self as markdown, escape};
use quire_model::format;
use quire_model::{Block, Origin};
use serde_json::Value as Json;

use crate::diagnostic::Diagnostic;
use crate::source::{Location, MAX_TEXT_FILE, SourceFile};

pub mod loops;

/// The most text one template may render to: as much as the biggest file
/// the build reads. Loops inside loops over long lists stop here, with an
/// error, rather than fill the memory.
pub const MAX_RENDERED: usize = MAX_TEXT_FILE;

/// How deep `{{#…}}` blocks may nest in one template, as Markdown's lists
/// and quotes may ([`markdown::MAX_NESTING`]).
pub const MAX_BLOCK_NESTING: usize = markdown::MAX_NESTING;

/// Everything a rendered template depends on.
#[derive(PartialEq, Eq, Hash)]
struct RenderKey {
    /// The name its blocks' origins carry.
    name: String,
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
    loops: std::sync::Arc<loops::LoopBudget>,
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
        let loops = loops::LoopBudget::register(&mut handlebars);
        Self { handlebars, loops }
    }

    /// Renders `template` with `context` to Markdown, then to blocks. Level-1
    /// Markdown headings become level `1 + heading_offset`. Headings, tables,
    /// figures, links and cross-references carry their [`Origin`] in the
    /// template, under the name `name` (the path the manifest gives).
    ///
    /// The result depends on nothing else, so it is kept for the next build
    /// in this process (a watch loop): a template whose text and context are
    /// unchanged is not rendered again.
    pub fn render(
        &mut self,
        template: &SourceFile,
        name: &str,
        context: &Json,
        heading_offset: u8,
    ) -> Result<Vec<Block>, Diagnostic> {
        let key = RenderKey {
            name: name.to_string(),
            text: template.text.clone(),
            context: context.to_string(),
            heading_offset,
        };
        if let Some(blocks) = rendered().get(&key) {
            return Ok(blocks.clone());
        }
        let markdown = self.render_markdown(template, context)?;
        let locate = |offset: usize| {
            let (line, column) = markdown.template_position(template, offset);
            Some(Origin::text(name, line as u32, column as u32))
        };
        let blocks = markdown::to_blocks_located(&markdown.text, heading_offset, &locate)
            .map_err(|e| markdown_error(template, &markdown, &e))?;
        let mut cache = rendered();
        if cache.len() >= RENDERED_LIMIT {
            cache.clear();
        }
        cache.insert(key, blocks.clone());
        Ok(blocks)
    }

    /// Renders `template` with `context` to Markdown text, keeping where
    /// in the template each stretch of the text came from.
    pub fn render_markdown(
        &mut self,
        template: &SourceFile,
        context: &Json,
    ) -> Result<RenderedText, Diagnostic> {
        check_block_nesting(template)?;
        let mut compiled = handlebars::Template::compile(&template.text).map_err(|e| {
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
        refuse_unsafe_elements(template, &compiled)?;
        loops::count_passes(&mut compiled);
        self.loops.start();
        let mut out = RenderedText::default();
        let rendered = self.render_elements(&compiled, context, &mut out);
        rendered.map_err(|e| {
            let at = e
                .line_no
                .and_then(|line| line_location(template, line, e.column_no.unwrap_or(1)))
                .map(|at| whole_expression(template, at));
            if out.overflowed {
                return Diagnostic::error(format!(
                    "template: the text rendered from this template is over {} MiB; Quire stops there",
                    MAX_RENDERED / (1024 * 1024)
                ))
                .at_location(template, at)
                .with_hint("a `{{#each}}` inside another over long lists multiplies the text: look at the loops around this line");
            }
            if let Some(overrun) = self.loops.overrun() {
                let at = line_location(template, overrun.line, overrun.column)
                    .map(|at| whole_expression(template, at));
                return Diagnostic::error(overrun.message)
                    .at_location(template, at)
                    .with_hint("a `{{#each}}` inside another multiplies the passes: loop over the list once, or let the section's data hold what the inner loop looks for");
            }
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
        })?;
        out.index(&template.text);
        Ok(out)
    }

    /// Renders the template's top-level elements one after another (what
    /// Handlebars does for a whole template), marking where each one's
    /// text starts.
    fn render_elements(
        &self,
        compiled: &Template,
        context: &Json,
        out: &mut RenderedText,
    ) -> Result<(), handlebars::RenderError> {
        let ctx = Context::wraps(context)?;
        let mut rc = RenderContext::new(None);
        for (index, element) in compiled.elements.iter().enumerate() {
            let (line, column) = compiled
                .mapping
                .get(index)
                .map_or((1, 1), |m| (m.0.max(1), m.1.max(1)));
            let raw = match element {
                TemplateElement::RawString(text) => Some(text.len()),
                _ => None,
            };
            out.marks.push(Mark {
                offset: out.text.len(),
                line,
                column,
                raw,
                exact_at: None,
            });
            element
                .render(&self.handlebars, &ctx, &mut rc, out)
                .map_err(|mut e| {
                    if e.line_no.is_none() {
                        e.line_no = Some(line);
                        e.column_no = Some(column);
                    }
                    e
                })?;
        }
        Ok(())
    }
}

/// A Markdown problem in the text `template` rendered, at the template's
/// line it came from.
fn markdown_error(
    template: &SourceFile,
    markdown: &RenderedText,
    error: &markdown::MarkdownError,
) -> Diagnostic {
    let start: usize = markdown
        .text
        .split_inclusive('\n')
        .take(error.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let (line, column) = markdown.template_position(template, start);
    Diagnostic::error(format!("Markdown: {}", error.message))
        .at_location(template, line_location(template, line, column))
}

/// A template's rendered text, and where each stretch of it came from.
/// Refused past [`MAX_RENDERED`] bytes.
#[derive(Default)]
pub struct RenderedText {
    /// The Markdown text.
    pub text: String,
    marks: Vec<Mark>,
    overflowed: bool,
    /// Where each of the template's lines starts (bytes), once rendered.
    line_starts: Vec<usize>,
}

/// Where the text of one top-level template element starts, and where the
/// element is in the template.
struct Mark {
    offset: usize,
    line: usize,
    column: usize,
    /// For literal text: its length, as it is copied through unchanged.
    raw: Option<usize>,
    /// For literal text copied exactly (no `~` trimming, no escapes):
    /// where it starts in the template, so positions in it map back
    /// character by character.
    exact_at: Option<usize>,
}

/// Columns are counted in characters up to this far into a line, and in
/// bytes beyond it: each position costs at most this much, however long
/// a template's lines.
const COUNTED_COLUMNS: usize = 4096;

impl RenderedText {
    /// Works out, once, where each piece of literal text stands in
    /// `template`, in one pass over it: the marks are in template order.
    fn index(&mut self, template: &str) {
        self.line_starts = std::iter::once(0)
            .chain(template.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let (mut line, mut column, mut at) = (1usize, 1usize, 0usize);
        for mark in &mut self.marks {
            let Some(length) = mark.raw else { continue };
            if (mark.line, mark.column) < (line, column) {
                continue;
            }
            if mark.line > line {
                match self.line_starts.get(mark.line - 1) {
                    Some(&start) => (line, column, at) = (mark.line, 1, start),
                    None => break,
                }
            }
            // Forward along the line to the mark's column.
            let rest = &template[at..];
            let mut chars = rest.char_indices();
            while column < mark.column {
                match chars.next() {
                    Some((_, '\n')) | None => break,
                    Some(_) => column += 1,
                }
            }
            at += chars.next().map_or(rest.len(), |(i, _)| i).min(rest.len());
            if column != mark.column {
                continue;
            }
            let rendered = &self.text[mark.offset..mark.offset + length];
            // Handlebars places literal text that follows an expression one
            // column after where it starts; the character before is tried.
            let before = template[..at].chars().next_back().map(char::len_utf8);
            let candidates = [Some(at), before.map(|len| at - len)];
            mark.exact_at = candidates
                .into_iter()
                .flatten()
                .find(|&start| template[start..].starts_with(rendered));
        }
    }

    /// The 1-based line and column in `template` that the rendered text at
    /// byte `offset` came from: exact within literal text, the start of the
    /// expression or block for text a placeholder or a loop wrote.
    pub fn template_position(&self, template: &SourceFile, offset: usize) -> (usize, usize) {
        let index = self.marks.partition_point(|m| m.offset <= offset);
        let Some(mark) = index.checked_sub(1).map(|i| &self.marks[i]) else {
            return (1, 1);
        };
        let (Some(length), Some(start)) = (mark.raw, mark.exact_at) else {
            return (mark.line, mark.column);
        };
        let within = offset - mark.offset;
        let at = start + within;
        if within > length || !template.text.is_char_boundary(at) {
            return (mark.line, mark.column);
        }
        let line = self.line_starts.partition_point(|&s| s <= at);
        let line_start = self.line_starts[line - 1];
        let before = &template.text[line_start..at];
        let column = if before.len() <= COUNTED_COLUMNS {
            before.chars().count() + 1
        } else {
            before.len() + 1
        };
        (line, column)
    }
}

impl Output for RenderedText {
    fn write(&mut self, seg: &str) -> std::io::Result<()> {
        if self.text.len() + seg.len() > MAX_RENDERED {
            self.overflowed = true;
            return Err(std::io::Error::other("the rendered text is too large"));
        }
        self.text.push_str(seg);
        Ok(())
    }
}

/// Refuses blocks nested deeper than [`MAX_BLOCK_NESTING`], before the
/// template is compiled: rendering nests as deep as the blocks do, and
/// thousands of levels would exhaust the stack. Counts `{{#…}}` and
/// `{{^…}}` openings against `{{/…}}` closings.
fn check_block_nesting(template: &SourceFile) -> Result<(), Diagnostic> {
    let text = &template.text;
    let mut depth = 0usize;
    for (at, _) in text.match_indices("{{") {
        if text[..at].ends_with('\\') {
            continue;
        }
        let tag = text[at + 2..].trim_start_matches(['{', '~']);
        if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
        } else if tag.starts_with('#')
            || (tag.starts_with('^') && !tag[1..].trim_start_matches('~').starts_with('}'))
        {
            depth += 1;
            if depth > MAX_BLOCK_NESTING {
                let end = text[at..].find("}}").map_or(at + 2, |i| at + i + 2);
                let end = text[at..end].find('\n').map_or(end, |i| at + i);
                return Err(Diagnostic::error(format!(
                    "template: blocks are nested more than {MAX_BLOCK_NESTING} deep here; Quire reads at most {MAX_BLOCK_NESTING} levels"
                ))
                .at(template, at..end)
                .with_hint("close each `{{#…}}` with its `{{/…}}` before opening so many more"));
            }
        }
    }
    Ok(())
}

/// Refuses what would print a value unescaped or let a template include
/// itself: `{{{triple}}}` placeholders, partials and decorators. Every one
/// is an error at its expression.
fn refuse_unsafe_elements(file: &SourceFile, template: &Template) -> Result<(), Diagnostic> {
    let mut pending = vec![template];
    while let Some(t) = pending.pop() {
        for (element, mapping) in t.elements.iter().zip(&t.mapping) {
            let (message, hint) = match element {
                TemplateElement::HtmlExpression(_) => (
                    "template: `{{{…}}}` would put a value in unescaped, so that data could turn into markup; Quire does not allow it",
                    "use `{{…}}`: the value is printed exactly as written. Markdown belongs in the prose file itself",
                ),
                TemplateElement::PartialExpression(_) | TemplateElement::PartialBlock(_) => (
                    "template: partials (`{{> …}}`) are not available in prose templates",
                    "write the text in this file; a section that needs another prose file can name it as a prose slot in the manifest",
                ),
                TemplateElement::DecoratorExpression(_) | TemplateElement::DecoratorBlock(_) => (
                    "template: decorators (`{{* …}}`, `{{#* …}}`) are not available in prose templates",
                    "write the text in this file",
                ),
                TemplateElement::HelperBlock(block) => {
                    pending.extend(block.template.iter().chain(block.inverse.iter()));
                    continue;
                }
                TemplateElement::RawString(_)
                | TemplateElement::Expression(_)
                | TemplateElement::Comment(_) => continue,
                // A kind of expression a later Handlebars may add.
                _ => (
                    "template: this kind of expression is not available in prose templates",
                    "use `{{value}}`, the helpers, `{{#if}}` and `{{#each}}`",
                ),
            };
            let at = line_location(file, mapping.0, mapping.1).map(|at| whole_expression(file, at));
            return Err(Diagnostic::error(message)
                .at_location(file, at)
                .with_hint(hint));
        }
    }
    Ok(())
}

/// The last character of a text (nothing, if it is empty).
fn end_of_text(text: &str) -> std::ops::Range<usize> {
    let trimmed = text.trim_end();
    let start = trimmed.char_indices().next_back().map_or(0, |(i, _)| i);
    start..trimmed.len()
}

/// A location at `{{` widened to the whole `{{ … }}` (or `{{{ … }}}`)
/// expression on its line.
fn whole_expression(file: &SourceFile, at: Location) -> Location {
    let start = at.span.start;
    if !file.text[start..].starts_with("{{") {
        return at;
    }
    let line_end = file.text[start..]
        .find('\n')
        .map_or(file.text.len(), |i| start + i);
    let line = &file.text[start..line_end];
    let close = if line.starts_with("{{{") {
        line.find("}}}").map(|i| i + 3)
    } else {
        line.find("}}").map(|i| i + 2)
    };
    match close {
        Some(end) => file.locate(start..start + end),
        None => at,
    }
}

fn line_location(file: &SourceFile, line: usize, column: usize) -> Option<Location> {
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
    use quire_model::{Block, Inline};
    use serde_json::json;

    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            shown: "prose/test.md".into(),
            text: text.into(),
        }
    }

    /// The error rendering `text` with `context` gives.
    fn error_of(text: &str, context: Json) -> Diagnostic {
        ProseRenderer::new()
            .render(&file(text), "t.md", &context, 0)
            .unwrap_err()
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
        let blocks = ProseRenderer::new().render(&t, "t.md", &ctx, 0).unwrap();
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
            .render(&file("Value: {{data.s}}"), "t.md", &ctx, 0)
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
            .render(&t, "t.md", &json!({"data": {}}), 0)
            .unwrap_err();
        assert_eq!(d.location.as_ref().unwrap().line, 3);
        assert!(d.message.contains("missing"), "{}", d.message);
    }

    #[test]
    fn syntax_errors_and_unknown_helpers_are_reported() {
        let d = error_of("a\n{{#if x}}unclosed", json!({}));
        assert!(d.message.starts_with("template syntax"), "{}", d.message);
        let d = error_of("{{shout \"x\"}}", json!({}));
        assert!(d.hint().unwrap().contains("helpers are"));
    }

    #[test]
    fn a_triple_stash_is_refused_at_its_expression() {
        let t = file("Intro.\n\nSay {{{data.s}}} here.");
        let d = ProseRenderer::new()
            .render(&t, "t.md", &json!({"data": {"s": "*x*"}}), 0)
            .unwrap_err();
        let at = d.location.as_ref().unwrap();
        assert_eq!((at.line, at.column, at.width), (3, 5, 12), "{d:?}");
        assert!(d.message.contains("`{{{…}}}`"), "{}", d.message);
        assert!(d.hint().unwrap().contains("use `{{…}}`"));
        let nested = file("{{#if data.s}}\n  {{{data.s}}}\n{{/if}}");
        let d = ProseRenderer::new()
            .render(&nested, "t.md", &json!({"data": {"s": "x"}}), 0)
            .unwrap_err();
        assert_eq!(d.location.unwrap().line, 2);
    }

    #[test]
    fn partials_cannot_include_a_template_not_even_itself() {
        let mut renderer = ProseRenderer::new();
        for (text, line) in [
            ("Loop:\n{{> prose/test.md}}", 2),
            ("{{#> prose/test.md}}x{{/prose/test.md}}", 1),
            ("{{#*inline \"me\"}}{{> me}}{{/inline}}\n{{> me}}", 1),
        ] {
            let d = renderer
                .render(&file(text), "t.md", &json!({}), 0)
                .unwrap_err();
            assert!(
                d.message.contains("partials") || d.message.contains("decorators"),
                "{text}: {}",
                d.message
            );
            assert_eq!(d.location.unwrap().line, line, "{text}");
        }
    }

    #[test]
    fn blocks_nested_too_deep_are_refused_before_rendering() {
        let deep = format!(
            "{}x{}",
            "{{#if data}}".repeat(100_000),
            "{{/if}}".repeat(100_000)
        );
        let d = error_of(&deep, json!({"data": 1}));
        assert!(d.message.contains("nested more than 32"), "{}", d.message);
        let fine = format!("{}x{}", "{{#if data}}".repeat(32), "{{/if}}".repeat(32));
        ProseRenderer::new()
            .render(&file(&fine), "t.md", &json!({"data": 1}), 0)
            .unwrap();
    }

    #[test]
    fn loops_that_render_too_much_text_stop_with_an_error() {
        let t = file(
            "Start.\n\n{{#each data.a}}{{#each ../data.a}}{{#each ../../data.a}}0123456789{{/each}}{{/each}}{{/each}}\n",
        );
        let list: Vec<u32> = (0..200).collect();
        let d = ProseRenderer::new()
            .render(&t, "t.md", &json!({"data": {"a": list}}), 0)
            .unwrap_err();
        assert!(d.message.contains("over 8 MiB"), "{}", d.message);
        assert_eq!(d.location.unwrap().line, 3);
    }

    #[test]
    fn a_value_with_line_breaks_and_indentation_stays_inline() {
        let value = "one\n\n    indented code\n# heading\n> quote\n- item\n1. item\u{B}after";
        let blocks = ProseRenderer::new()
            .render(
                &file("**{{data.v}}**"),
                "t.md",
                &json!({"data": {"v": value}}),
                0,
            )
            .unwrap();
        let [Block::Paragraph { content, .. }] = blocks.as_slice() else {
            panic!("{blocks:?}")
        };
        let [Inline::Strong(bold)] = content.as_slice() else {
            panic!("{content:?}")
        };
        assert_eq!(
            Inline::plain_text(bold),
            "one indented code # heading > quote - item 1. item\u{B}after"
        );
    }

    /// The value as it prints: runs of white space holding a line feed or
    /// carriage return folded to one space, characters XML forbids left
    /// out (but U+000B and U+000C, line breaks), and quotes typographic.
    fn as_printed(value: &str) -> String {
        let mut out = String::new();
        let mut run = String::new();
        let foldable = |c: char| c.is_whitespace() && c != '\u{B}' && c != '\u{C}';
        for c in value.chars().chain(['x']) {
            if foldable(c) {
                run.push(c);
                continue;
            }
            if run.contains(['\n', '\r']) {
                out.push(' ');
            } else {
                out.push_str(&run);
            }
            run.clear();
            out.push(c);
        }
        out.pop();
        let kept: String = out
            .chars()
            .filter(|&c| quire_model::xml_chars::fate(c) != quire_model::xml_chars::CharFate::Drop)
            .collect();
        // Printed as text is: with typographic quotes and apostrophes.
        quire_markdown::quotes::in_text(&kept)
    }

    fn hostile_value() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let special = prop::sample::select(vec![
            '\n', '\r', ' ', '\t', '\u{B}', '\u{C}', '\u{0}', '\u{1}', '\u{1B}', '\u{A0}',
            '\u{2028}', '\u{FFFE}', '*', '_', '#', '>', '-', '+', '=', '1', '.', ')', '`', '~',
            '[', ']', '!', '|', '<', '&', ';', '\\', '{', '}', '@', '^', ':', '"', '\'',
        ]);
        prop::collection::vec(
            prop_oneof![4 => special, 2 => any::<char>(), 2 => prop::char::range('a', 'z')],
            0..40,
        )
        .prop_map(String::from_iter)
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config { cases: 2000, failure_persistence: None, ..Default::default() })]

        #[test]
        fn any_value_in_bold_is_one_paragraph_of_bold_literal_text(value in hostile_value()) {
            let expected = as_printed(&value);
            let blocks = ProseRenderer::new()
                .render(&file("**{{data.v}}**"), "t.md", &json!({"data": {"v": value}}), 0)
                .unwrap();
            if expected.is_empty() {
                proptest::prop_assert!(blocks.is_empty(), "{:?}", blocks);
            } else {
                let [Block::Paragraph { content, .. }] = blocks.as_slice() else {
                    return Err(proptest::test_runner::TestCaseError::fail(format!("{blocks:?}")));
                };
                let [Inline::Strong(bold)] = content.as_slice() else {
                    return Err(proptest::test_runner::TestCaseError::fail(format!("{content:?}")));
                };
                proptest::prop_assert!(bold.iter().all(|i| matches!(i, Inline::Text(_))), "{:?}", bold);
                proptest::prop_assert_eq!(Inline::plain_text(bold), expected);
            }
        }
    }

    #[test]
    fn bad_helper_input_is_an_error() {
        let d = error_of("{{date \"30/06/2004\"}}", json!({}));
        assert!(d.message.contains("YYYY-MM-DD"), "{}", d.message);
    }

    #[test]
    fn positions_in_rendered_text_map_back_to_the_template() {
        let t = file(
            "{{#each data.xs}}x\n{{/each}}\n# Heading *é* @sec-a\n\nwide {{data.v}} tail @sec-b\n",
        );
        let ctx = json!({"data": {"xs": [1, 2, 3], "v": "value"}});
        let mut renderer = ProseRenderer::new();
        let rendered = renderer.render_markdown(&t, &ctx).unwrap();
        let at = |needle: &str| {
            let offset = rendered.text.find(needle).unwrap();
            rendered.template_position(&t, offset)
        };
        // After the loop: the template's line, not the rendered one.
        assert_eq!(at("Heading"), (3, 3));
        assert_eq!(at("@sec-a"), (3, 15));
        // Text a placeholder wrote is at the placeholder.
        assert_eq!(at("value"), (5, 6));
        // Literal text after it is exact again.
        assert_eq!(at("@sec-b"), (5, 22));
        // Text a loop wrote is at the loop.
        assert_eq!(at("x"), (1, 1));
    }

    #[test]
    fn a_long_line_costs_each_position_a_bounded_count() {
        // Columns past COUNTED_COLUMNS bytes are counted in bytes, so a line
        // of thousands of references is not counted once per reference.
        let line = "ab ".repeat(3000) + "@sec-end";
        let t = file(&line);
        let rendered = ProseRenderer::new()
            .render_markdown(&t, &json!({}))
            .unwrap();
        let offset = rendered.text.find("@sec-end").unwrap();
        assert_eq!(rendered.template_position(&t, offset), (1, 9001));
        let blocks = ProseRenderer::new()
            .render(&file(&"@sec-x ".repeat(20_000)), "t.md", &json!({}), 0)
            .unwrap();
        assert_eq!(blocks.len(), 1);
    }
}
