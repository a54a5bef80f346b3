//! How to build.

use std::any::Any;
use std::path::{Path, PathBuf};

/// Which outputs to make, by extension (`pdf`, `docx`, `html`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Formats {
    /// `None`: every output.
    only: Option<Vec<String>>,
}

impl Formats {
    /// Every output.
    pub fn all() -> Self {
        Self::default()
    }

    /// Only these outputs (an empty list: every output).
    pub fn only<S: AsRef<str>>(extensions: impl IntoIterator<Item = S>) -> Self {
        let only: Vec<String> = extensions
            .into_iter()
            .map(|e| e.as_ref().to_string())
            .collect();
        Self {
            only: (!only.is_empty()).then_some(only),
        }
    }

    /// Whether the output of this extension is wanted.
    pub fn wants(&self, extension: &str) -> bool {
        self.only
            .as_ref()
            .is_none_or(|only| only.iter().any(|e| e == extension))
    }
}

/// Called with the style's template and the estimated size of the document
/// (bytes, see `quire_core::budget`) as rendering starts; what it returns
/// is dropped when rendering ends. The command line watches the time and
/// memory of the template's run with it.
pub type RenderingGuard = fn(template: &Path, estimate: u64) -> Box<dyn Any>;

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Write here instead of the manifest's output folder.
    pub out: Option<PathBuf>,
    /// The manifest profile to build (`committee`), if any.
    pub profile: Option<String>,
    /// Which outputs to write.
    pub formats: Formats,
    /// Make the PDF PDF/A-2b as well (also `output.pdf_a` in the manifest).
    pub pdf_a: bool,
    /// Told each stage as it starts (`assembling`, `typesetting`,
    /// `writing`), for a progress line.
    pub progress: Option<fn(&str)>,
    /// Told, with the output folder, when the build has to wait for another
    /// build writing into the same folder.
    pub waiting: Option<fn(&Path)>,
    /// Every warning is an error (`--deny warnings`): a build with any
    /// writes nothing.
    pub deny_warnings: bool,
    /// Guards the rendering of the outputs (see [`RenderingGuard`]).
    pub guard: Option<RenderingGuard>,
}

impl Options {
    /// Tells the progress line a stage has started.
    pub(crate) fn stage(&self, name: &str) {
        if let Some(progress) = self.progress {
            progress(name);
        }
    }
}
