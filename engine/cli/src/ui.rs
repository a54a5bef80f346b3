//! How the command line talks to the person running it: the diagnostics
//! format, colour, and how much to say.

use std::io::{IsTerminal, Write};

use quire_core::output::CommitError;

use crate::build::BuildError;
use crate::report::{ColorWhen, MessageFormat, Reporter};

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: the document has errors, or its outputs could not be written.
pub const EXIT_ERRORS: u8 = 1;
/// Exit code: the command line itself is wrong (clap's own code).
pub const EXIT_USAGE: u8 = 2;

/// Output settings shared by every command.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    /// Prints diagnostics.
    pub reporter: Reporter,
    /// Only errors (and warnings) are printed.
    pub quiet: bool,
    /// Timings per stage, and what was loaded.
    pub verbose: bool,
    /// Warnings are errors (`--deny warnings`).
    pub deny_warnings: bool,
}

impl Default for Ui {
    fn default() -> Self {
        Self::new(MessageFormat::Human, ColorWhen::Never, false, false)
    }
}

impl Ui {
    /// Settings from the command line's global options.
    pub fn new(format: MessageFormat, color: ColorWhen, quiet: bool, verbose: bool) -> Self {
        Self {
            reporter: Reporter::new(format, color.for_stderr()),
            quiet,
            verbose,
            deny_warnings: false,
        }
    }

    /// A progress line for the stages of a build: on a terminal (stderr),
    /// unless quiet; it is cleared before anything else is printed.
    pub fn progress(&self) -> Option<fn(&str)> {
        fn show(stage: &str) {
            let _ = write!(std::io::stderr(), "\r\x1b[K{stage}…");
        }
        (!self.quiet && std::io::stderr().is_terminal()).then_some(show as fn(&str))
    }

    /// Clears the progress line, if there is one.
    pub fn end_progress(&self) {
        if self.progress().is_some() {
            let _ = write!(std::io::stderr(), "\r\x1b[K");
        }
    }

    /// A line of progress or result on stdout, unless quiet. A closed
    /// stdout (`quire watch | head`) is not an error: the line is dropped
    /// and the command goes on (a watch keeps rebuilding).
    pub fn say(&self, line: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stdout(), "{line}");
        }
    }

    /// A line on stdout only when verbose.
    pub fn detail(&self, line: &str) {
        if self.verbose {
            let _ = writeln!(std::io::stdout(), "{line}");
        }
    }

    /// Prints the warnings of a successful build.
    pub fn warnings(&self, report: &crate::build::Report) {
        for w in &report.warnings {
            self.reporter.eprint(&self.reporter.render(w));
        }
        for w in &report.render_warnings {
            self.reporter.eprint(&self.reporter.render(w));
        }
    }

    /// Prints a failed build's diagnostics and the closing line saying what
    /// became of the outputs (`after`).
    pub fn failed_build(&self, error: &BuildError, after: &str) {
        let count = self.build_error(error);
        crate::build::stopped(self, count, "the build", after);
    }

    /// Prints every diagnostic of a failed build; returns how many errors.
    pub fn build_error(&self, error: &BuildError) -> usize {
        let r = &self.reporter;
        match error {
            BuildError::Project(diagnostics) => {
                for d in &diagnostics.0 {
                    r.eprint(&r.render(d));
                }
                diagnostics.error_count()
            }
            BuildError::Render(error) => {
                for d in &error.0 {
                    r.eprint(&r.render(d));
                }
                error.error_count()
            }
            BuildError::Lock(e) => {
                r.eprint(&r.render_message(true, &e.to_string()));
                1
            }
            BuildError::Commit(CommitError::Untouched { path, error }) => {
                let message = format!(
                    "cannot write {}: {error}",
                    quire_core::source::shown_path(path).display()
                );
                r.eprint(&r.render_message(true, &message));
                1
            }
            BuildError::Commit(e @ CommitError::Unrestored { .. }) => {
                r.eprint(&r.render_message(true, &e.to_string()));
                1
            }
        }
    }
}
