//! What a build made and wrote, and how long each stage took.

use std::path::{Path, PathBuf};
use std::time::Duration;

use quire_core::{Assembled, Diagnostic};
use quire_render::Rendered;

use crate::render::Context;

/// The outputs of a build, made in memory and not yet written.
pub struct Made {
    /// The assembled, resolved document and its project.
    pub assembled: Assembled,
    /// The context the outputs were made from.
    pub context: Context,
    /// Each output asked for, by extension, in the renderers' order.
    pub outputs: Vec<(&'static str, Rendered)>,
    /// Time per stage so far.
    pub timings: Timings,
}

impl Made {
    /// The output of an extension (`pdf`), if it was asked for.
    pub fn output(&self, extension: &str) -> Option<&Rendered> {
        self.outputs
            .iter()
            .find(|(e, _)| *e == extension)
            .map(|(_, made)| made)
    }

    /// The page count of the output laid out in pages, if one was made.
    pub fn pages(&self) -> Option<usize> {
        self.outputs.iter().find_map(|(_, made)| made.pages)
    }

    /// Every renderer's warnings, in the renderers' order.
    pub fn render_warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.outputs.iter().flat_map(|(_, made)| &made.warnings)
    }
}

/// What a successful build wrote and how long each stage took.
#[derive(Debug)]
pub struct Report {
    /// The files written, with their sizes in bytes.
    pub written: Vec<(PathBuf, usize)>,
    /// The PDF's page count (0 when no PDF was asked for).
    pub pages: usize,
    /// Warnings from the pipeline.
    pub warnings: Vec<Diagnostic>,
    /// Warnings from the renderers (Typst's about the template).
    pub render_warnings: Vec<Diagnostic>,
    /// Time per stage.
    pub timings: Timings,
}

impl Report {
    /// The path written for an extension (`pdf`, `docx`).
    pub fn path(&self, extension: &str) -> Option<&Path> {
        self.written
            .iter()
            .map(|(p, _)| p.as_path())
            .find(|p| p.extension().is_some_and(|e| e == extension))
    }
}

/// Wall time per build stage. The outputs are made in parallel, so
/// `total` is less than the sum.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    /// Manifest, style, data, prose, plugins and the resolve pass.
    pub assemble: Duration,
    /// Each output's own time, by extension, in the renderers' order.
    pub outputs: Vec<OutputTimings>,
    /// Writing the files.
    pub write: Duration,
    /// The whole build, wall clock.
    pub total: Duration,
}

/// One output's time.
#[derive(Debug, Default, Clone)]
pub struct OutputTimings {
    /// The output's extension (`pdf`).
    pub extension: &'static str,
    /// Its whole time (for the Word copy, not its wait for the layout).
    pub total: Duration,
    /// Its stages (`sources`, `layout`, `export`), when it has several.
    pub stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// An output's whole time (zero when it was not made).
    pub fn output(&self, extension: &str) -> Duration {
        self.outputs
            .iter()
            .find(|o| o.extension == extension)
            .map_or(Duration::ZERO, |o| o.total)
    }

    /// One stage of an output (zero when it did not run).
    pub fn stage(&self, extension: &str, stage: &str) -> Duration {
        self.outputs
            .iter()
            .filter(|o| o.extension == extension)
            .flat_map(|o| &o.stages)
            .find(|(name, _)| *name == stage)
            .map_or(Duration::ZERO, |(_, d)| *d)
    }
}
