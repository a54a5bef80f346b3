//! The loop budget of a prose template: every pass of an `{{#each}}` block
//! is counted as it happens, those that print nothing included, and a
//! template that loops more than [`MAX_PASSES`] times, or renders for more
//! than [`MAX_TIME`], stops with an error at the loop that went over.
//!
//! Handlebars gives no hook into its `each` helper, and its rendered text
//! (capped by [`super::MAX_RENDERED`]) does not grow when the loops print
//! nothing, so three nested loops over a 2,000-item list would run for
//! minutes. Each `{{#each}}` block's body is given, as its first element, a
//! call of a helper of Quire's ([`PASS`]) that prints nothing and counts
//! one pass, naming the block's line and column.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use handlebars::template::TemplateElement;
use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason, Template,
};

/// The most passes through `{{#each}}` blocks one template may make: a
/// table of 10,000 rows of 20 cells takes 200,000; a million take about a
/// second.
pub const MAX_PASSES: u64 = 1_000_000;

/// The longest one template may take to render.
pub const MAX_TIME: Duration = Duration::from_secs(30);

/// The name of the helper that counts a pass.
const PASS: &str = "quire-loop-pass";

/// What went over, and where: the loop's line and column in the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overrun {
    /// The loop's 1-based line.
    pub line: usize,
    /// The loop's 1-based column.
    pub column: usize,
    /// What was exceeded, in words.
    pub message: String,
}

/// The count for one rendering, shared by the renderer and its helper.
#[derive(Debug)]
pub struct LoopBudget {
    passes: AtomicU64,
    started: Mutex<Instant>,
    overrun: Mutex<Option<Overrun>>,
}

impl LoopBudget {
    /// A budget, registered as the counting helper of `handlebars`.
    pub fn register(handlebars: &mut Handlebars<'static>) -> Arc<Self> {
        let budget = Arc::new(Self {
            passes: AtomicU64::new(0),
            started: Mutex::new(Instant::now()),
            overrun: Mutex::new(None),
        });
        handlebars.register_helper(PASS, Box::new(Pass(Arc::clone(&budget))));
        budget
    }

    /// Starts the count again, for a new rendering.
    pub fn start(&self) {
        self.passes.store(0, Ordering::Relaxed);
        *lock(&self.started) = Instant::now();
        *lock(&self.overrun) = None;
    }

    /// What went over in the last rendering, if anything did.
    pub fn overrun(&self) -> Option<Overrun> {
        lock(&self.overrun).clone()
    }

    /// Counts one pass of the loop at `line`, `column`.
    fn pass(&self, line: usize, column: usize) -> Result<(), RenderError> {
        let passes = self.passes.fetch_add(1, Ordering::Relaxed) + 1;
        let elapsed = lock(&self.started).elapsed();
        let message = if passes > MAX_PASSES {
            format!(
                "template: the loops of this template passed more than {} times; Quire stops there",
                MAX_PASSES
            )
        } else if elapsed > MAX_TIME {
            format!(
                "template: this template took more than {} seconds to render; Quire stops there",
                MAX_TIME.as_secs()
            )
        } else {
            return Ok(());
        };
        let overrun = Overrun {
            line,
            column,
            message,
        };
        let mut error = RenderError::from(RenderErrorReason::Other(overrun.message.clone()));
        error.line_no = Some(line);
        error.column_no = Some(column);
        *lock(&self.overrun) = Some(overrun);
        Err(error)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// The helper that counts a pass: `{{quire-loop-pass LINE COLUMN}}`.
struct Pass(Arc<LoopBudget>);

impl handlebars::HelperDef for Pass {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
        _: &mut dyn Output,
    ) -> HelperResult {
        let at = |i: usize| {
            h.param(i)
                .and_then(|p| p.value().as_u64())
                .map_or(1, |n| usize::try_from(n).unwrap_or(usize::MAX))
        };
        self.0.pass(at(0), at(1))
    }
}

/// Puts the counting call first in the body of every `{{#each}}` block of
/// `template`, however deep, naming the block's place.
pub fn count_passes(template: &mut Template) {
    for (element, mapping) in template.elements.iter_mut().zip(&template.mapping) {
        let TemplateElement::HelperBlock(block) = element else {
            continue;
        };
        if let Some(body) = block.template.as_mut() {
            count_passes(body);
            if block.name.as_name() == Some("each") {
                let (line, column) = (mapping.0.max(1), mapping.1.max(1));
                body.elements.insert(0, pass_call(line, column));
                body.mapping.insert(0, mapping.clone());
            }
        }
        if let Some(inverse) = block.inverse.as_mut() {
            count_passes(inverse);
        }
    }
}

/// `{{quire-loop-pass LINE COLUMN}}`, compiled.
fn pass_call(line: usize, column: usize) -> TemplateElement {
    let source = format!("{{{{{PASS} {line} {column}}}}}");
    let mut compiled = Template::compile(&source).expect("the counting call compiles");
    compiled.elements.remove(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(
        source: &str,
        data: &serde_json::Value,
    ) -> (Result<String, RenderError>, Arc<LoopBudget>) {
        let mut handlebars = Handlebars::new();
        handlebars.set_strict_mode(true);
        let budget = LoopBudget::register(&mut handlebars);
        let mut template = Template::compile(source).unwrap();
        count_passes(&mut template);
        handlebars.register_template("t", template);
        budget.start();
        (handlebars.render("t", data), budget)
    }

    #[test]
    fn loops_render_as_before_and_count_every_pass() {
        let data = serde_json::json!({"a": [1, 2, 3], "o": {"x": 1, "y": 2}});
        let source = "{{#each a}}{{this}}{{#if @last}}.{{else}},{{/if}}{{/each}} {{#each o}}{{@key}}={{this}} {{/each}}{{#each a as |v i|}}{{#each ../a}}{{/each}}{{v}}{{/each}}";
        let (text, budget) = render(source, &data);
        assert_eq!(text.unwrap(), "1,2,3. x=1 y=2 123");
        assert_eq!(budget.passes.load(Ordering::Relaxed), 3 + 2 + 3 + 9);
        assert!(budget.overrun().is_none());
    }

    #[test]
    fn nested_loops_that_print_nothing_stop_at_the_budget_at_their_line() {
        let list: Vec<u32> = (0..2_000).collect();
        let data = serde_json::json!({ "a": list });
        let source =
            "Intro.\n{{#each a}}\n  {{~#each ../a}}{{~#each ../../a}}{{/each}}{{/each}}\n{{/each}}";
        let (text, budget) = render(source, &data);
        assert!(text.is_err());
        let overrun = budget.overrun().expect("an overrun");
        assert!(overrun.message.contains("passed more than"), "{overrun:?}");
        assert_eq!(overrun.line, 3, "{overrun:?}");
    }

    #[test]
    fn the_else_of_a_loop_is_left_alone() {
        let data = serde_json::json!({"a": []});
        let (text, budget) = render("{{#each a}}x{{else}}none{{/each}}", &data);
        assert_eq!(text.unwrap(), "none");
        assert_eq!(budget.passes.load(Ordering::Relaxed), 0);
    }
}
