//! The accessibility report's checks, for `quire check --a11y`: what was
//! checked and how it came out — the model's rules, the style's contrasts,
//! then each output's own checks (Typst's PDF/UA-1 checks at export, an
//! audit of the Word file's XML) — and what a person must still check by
//! hand. The command line prints it.

use std::path::Path;

use quire_core::manifest::RuleLevel;
use quire_core::{Diagnostic, Registry};
use quire_model::resolved::{Block, Inline};
use quire_model::{AccessibilityRule, ResolvedDocument};
use quire_render::{Check, counted};

use crate::renderers::renderers;
use crate::{Build, BuildError, Formats, Made, Options};

/// How one automatic check came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It passed.
    Pass,
    /// It passed only because the manifest accepts the problems as warnings,
    /// or the check was turned off; each line says what.
    Warn(Vec<String>),
    /// It failed; each line is one problem.
    Fail(Vec<String>),
}

/// One automatic check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What was checked: `document`, `style`, `PDF` or `Word`.
    pub area: &'static str,
    /// The rule.
    pub rule: String,
    /// What it looked at (`58 headings`).
    pub scope: String,
    /// How it came out.
    pub outcome: Outcome,
}

/// The report for one shape of the document (the document, or a profile).
#[derive(Debug, Clone)]
pub struct Report {
    /// `None` for the document itself, or the profile's name.
    pub profile: Option<String>,
    /// The document's title.
    pub title: String,
    /// Every automatic check.
    pub items: Vec<Item>,
    /// The build's warnings, with their files and lines (among them the
    /// problems the manifest accepts).
    pub warnings: Vec<Diagnostic>,
    /// The manifest makes every warning an error (`[build] deny`).
    pub denies_warnings: bool,
}

impl Report {
    /// How many checks passed, warned and failed.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for item in &self.items {
            match item.outcome {
                Outcome::Pass => counts.0 += 1,
                Outcome::Warn(_) => counts.1 += 1,
                Outcome::Fail(_) => counts.2 += 1,
            }
        }
        counts
    }
}

/// What no program can judge, for a person to check before publishing.
pub const BY_HAND: [&str; 8] = [
    "reading order: listen to the PDF with a screen reader (NVDA, VoiceOver) and check it makes sense in order, above all around tables, callouts and landscape pages",
    "colour: nothing in the text or in images you supplied relies on colour alone (\"the figures in red\"); charts are labelled and have data tables, but supplied images are not checked",
    "alternative text: says what each figure shows and why it matters, not only that it is there",
    "link text: makes sense out of context, beyond the stock phrases the check refuses",
    "headings and captions: describe what follows them",
    "supplied images (logos, maps, photographs): enough contrast, and no text inside them that is not also in the document",
    "plain English: short sentences, and every abbreviation spelt out when first used or in the glossary",
    "tables: the header cells name what each column holds; a table that needs merged cells is better split into simple ones",
];

/// Counts what the model's rules looked at.
fn model_counts(document: &ResolvedDocument) -> [(AccessibilityRule, usize, &'static str); 3] {
    let (mut figures, mut headings, mut links) = (0, 0, 0);
    document.walk_blocks(&mut |b| match b {
        Block::Figure(_) => figures += 1,
        Block::Heading(_) => headings += 1,
        _ => {}
    });
    document.walk_inlines(&mut |i| {
        if let Inline::Link { .. } = i {
            links += 1;
        }
    });
    [
        (AccessibilityRule::FigureAlt, figures, "figures"),
        (AccessibilityRule::HeadingLevels, headings, "headings"),
        (AccessibilityRule::LinkText, links, "links"),
    ]
}

/// The report for what [`Build::make`] made.
pub fn report(made: &Made) -> Result<Report, BuildError> {
    let assembled = &made.assembled;
    let project = &assembled.project;
    let manifest = &project.manifest;
    let mut items = Vec::new();

    for (rule, n, what) in model_counts(&assembled.document) {
        let accepted = assembled.accepted.iter().filter(|r| **r == rule).count();
        let outcome = if accepted == 0 {
            Outcome::Pass
        } else {
            Outcome::Warn(vec![format!(
                "{} accepted as {} by `{} = \"warning\"` (listed above)",
                counted(accepted, "problems"),
                if accepted == 1 {
                    "a warning"
                } else {
                    "warnings"
                },
                rule.key()
            )])
        };
        items.push(Item {
            area: "document",
            rule: rule.describe().to_string(),
            scope: counted(n, what),
            outcome,
        });
    }

    for c in project.style.contrasts() {
        items.push(Item {
            area: "style",
            rule: format!("{}: contrast at least {}:1 (WCAG 1.4.3)", c.what, c.needed),
            scope: format!("{:.1}:1", c.ratio),
            outcome: if c.ratio >= c.needed {
                Outcome::Pass
            } else {
                Outcome::Fail(vec![format!("`{}` gives only {:.2}:1", c.field, c.ratio)])
            },
        });
    }
    let body = project.style.sizes.body;
    items.push(Item {
        area: "style",
        rule: "body text is 12 pt or larger (GOV.UK guidance for documents)".into(),
        scope: format!("{body} pt"),
        outcome: if body >= 12.0 {
            Outcome::Pass
        } else {
            Outcome::Warn(vec![format!("`sizes.body` is {body} pt")])
        },
    });
    let palette = &project.style.charts.palette;
    items.push(Item {
        area: "style",
        rule: "chart colours have 3:1 against the page and differ in lightness (WCAG 1.4.11)"
            .into(),
        scope: counted(palette.len(), "colours"),
        outcome: Outcome::Pass,
    });

    let cx = made.context.render_context(assembled);
    for renderer in renderers() {
        let Some(made) = made.output(renderer.extension()) else {
            continue;
        };
        for check in renderer
            .accessibility(&cx, made)
            .map_err(BuildError::Render)?
        {
            items.push(Item {
                area: renderer.name(),
                outcome: outcome(&check, manifest),
                rule: check.rule,
                scope: check.scope,
            });
        }
    }

    Ok(Report {
        profile: project.profile.clone(),
        title: assembled.document.meta().title.clone(),
        items,
        warnings: assembled.warnings.clone(),
        denies_warnings: project.manifest.build.denies_warnings(),
    })
}

/// How an output's check came out: a problem the manifest accepts in the
/// model is accepted in the output too.
fn outcome(check: &Check, manifest: &quire_core::manifest::Manifest) -> Outcome {
    let accepted = check
        .model_rule
        .filter(|rule| manifest.accessibility.level(*rule) == RuleLevel::Warning);
    match (check.problems.is_empty(), accepted) {
        (true, _) if check.warnings.is_empty() => Outcome::Pass,
        (true, _) => Outcome::Warn(check.warnings.clone()),
        (false, Some(rule)) => Outcome::Warn(
            check
                .problems
                .iter()
                .map(|p| format!("{p} (accepted by `{} = \"warning\"`)", rule.key()))
                .collect(),
        ),
        (false, None) => Outcome::Fail(check.problems.clone()),
    }
}

/// Makes the document and each profile in memory (the outputs the checks
/// read: the PDF and the Word copy) and reports on each.
pub fn reports(manifest: &Path, registry: &Registry) -> Result<Vec<Report>, BuildError> {
    let project = quire_core::load_project(manifest).map_err(BuildError::Project)?;
    let profiles = std::iter::once(None).chain(project.manifest.profiles.keys().cloned().map(Some));
    profiles
        .map(|profile| {
            let options = Options {
                profile,
                formats: Formats::only(["pdf", "docx"]),
                ..Options::default()
            };
            let made = Build::load(manifest, registry.clone(), options)?.make()?;
            report(&made)
        })
        .collect()
}
