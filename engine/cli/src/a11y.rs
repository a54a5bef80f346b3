//! `quire check --a11y`: the accessibility report. It makes both outputs in
//! memory, for the document and each profile, and says what was checked
//! and how it came out — the model's rules, the style's contrasts, Typst's
//! PDF/UA-1 checks at export, an audit of the Word file's XML — and what a
//! person must still check by hand.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use quire_core::Diagnostic;
use quire_core::manifest::RuleLevel;
use quire_docx::audit::{self, DocxRule};
use quire_model::{AccessibilityRule, Block, Inline, ResolvedDocument};

use crate::build::{BuildError, Made, Options, default_manifest, make};
use crate::ui::{EXIT_ERRORS, Ui};

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

fn counted(n: usize, what: &str) -> String {
    format!(
        "{n} {}",
        if n == 1 {
            what.trim_end_matches('s')
        } else {
            what
        }
    )
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

/// The report for what [`make`] made.
pub fn report(made: &Made) -> Result<Report, quire_docx::DocxError> {
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

    if let Some((_, pages, _)) = &made.pdf {
        let meta = assembled.document.meta();
        items.push(Item {
            area: "PDF",
            rule: "PDF/UA-1: tagged structure, title shown, language, alternative text, table headers, heading order (checked by Typst while exporting)".into(),
            scope: counted(*pages, "pages"),
            outcome: if manifest.output.pdf_ua {
                Outcome::Pass
            } else {
                Outcome::Warn(vec![
                    "turned off by `pdf_ua = false` under `[output]`: the PDF is tagged but not checked".into(),
                ])
            },
        });
        items.push(Item {
            area: "PDF",
            rule: "the title and language are set (WCAG 2.4.2, 3.1.1)".into(),
            scope: format!("“{}”, {}", meta.title, meta.language),
            outcome: if meta.title.trim().is_empty() {
                Outcome::Fail(vec!["the document has no title".into()])
            } else {
                Outcome::Pass
            },
        });
    }

    if let Some(docx) = &made.docx {
        let audit = audit::audit(docx)?;
        for result in audit.results {
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
            // A problem the manifest accepts in the model is accepted in
            // the Word copy too.
            let accepted = model_rule(result.rule)
                .filter(|rule| manifest.accessibility.level(*rule) == RuleLevel::Warning);
            let outcome = match (result.problems.is_empty(), accepted) {
                (true, _) => Outcome::Pass,
                (false, Some(rule)) => Outcome::Warn(
                    result
                        .problems
                        .into_iter()
                        .map(|p| format!("{p} (accepted by `{} = \"warning\"`)", rule.key()))
                        .collect(),
                ),
                (false, None) => Outcome::Fail(result.problems),
            };
            items.push(Item {
                area: "Word",
                rule: result.rule.describe().to_string(),
                scope,
                outcome,
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

/// Makes the document and each profile in memory and reports on each.
pub fn reports(manifest: &Path) -> Result<Vec<Report>, BuildError> {
    let project = quire_core::load_project(manifest).map_err(BuildError::Project)?;
    let profiles = std::iter::once(None).chain(project.manifest.profiles.keys().cloned().map(Some));
    profiles
        .map(|profile| {
            let options = Options {
                profile,
                // The report reads the PDF and the Word copy.
                formats: crate::build::Formats {
                    html: false,
                    ..Default::default()
                },
                ..Options::default()
            };
            let made = make(manifest, &options)?;
            report(&made).map_err(BuildError::Docx)
        })
        .collect()
}

/// The report as text.
pub fn render(reports: &[Report], manifest: &Path) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Accessibility report for {}",
        quire_core::source::shown_path(manifest).display()
    );
    for report in reports {
        let shape = match &report.profile {
            None => "the document".to_string(),
            Some(p) => format!("profile `{p}`"),
        };
        let _ = writeln!(out, "\n{} ({shape}): checked automatically", report.title);
        for item in &report.items {
            let (mark, lines) = match &item.outcome {
                Outcome::Pass => ("pass", &[][..]),
                Outcome::Warn(lines) => ("WARN", lines.as_slice()),
                Outcome::Fail(lines) => ("FAIL", lines.as_slice()),
            };
            let _ = writeln!(
                out,
                "  {mark}  {:<8} {} [{}]",
                item.area, item.rule, item.scope
            );
            for line in lines {
                let _ = writeln!(out, "                  - {line}");
            }
        }
    }
    let _ = writeln!(out, "\nCheck by hand (no program can judge these):");
    for line in BY_HAND {
        let _ = writeln!(out, "  - {line}");
    }
    let (pass, warn, fail) = reports
        .iter()
        .map(Report::counts)
        .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
    let _ = writeln!(
        out,
        "\n{pass} passed, {warn} with warnings, {fail} failed; {} to check by hand",
        BY_HAND.len()
    );
    out
}

/// Runs `quire check --a11y [MANIFEST]`: exit 0 when nothing failed (warnings
/// allowed), 1 when a check failed or the document has errors.
pub fn run(manifest: Option<PathBuf>, ui: &Ui) -> ExitCode {
    let manifest = manifest.unwrap_or_else(default_manifest);
    match reports(&manifest) {
        Ok(reports) => {
            // The warnings, with their files and lines, come first; a
            // warning shared by the document and a profile is shown once.
            let mut shown: Vec<&Diagnostic> = Vec::new();
            for w in reports.iter().flat_map(|r| &r.warnings) {
                if !shown.contains(&w) {
                    ui.reporter.eprint(&ui.reporter.render(w));
                    shown.push(w);
                }
            }
            // A reader that stops early (`| head`) is not an error.
            let _ = std::io::Write::write_all(
                &mut std::io::stdout(),
                render(&reports, &manifest).as_bytes(),
            );
            let denied = ui.deny_warnings || reports.iter().any(|r| r.denies_warnings);
            let warned = !shown.is_empty() || reports.iter().any(|r| r.counts().1 > 0);
            if reports.iter().any(|r| r.counts().2 > 0) {
                ExitCode::from(EXIT_ERRORS)
            } else if denied && warned {
                let hint = crate::build::denied_by(!ui.deny_warnings);
                let message = format!("checks passed with warnings, which are errors here: {hint}");
                ui.reporter
                    .eprint(&ui.reporter.render_message(true, &message));
                ExitCode::from(EXIT_ERRORS)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => {
            ui.failed_build(
                &error,
                "the accessibility report needs a document without errors",
            );
            ExitCode::from(EXIT_ERRORS)
        }
    }
}
