//! Why a build failed.

use quire_core::Diagnostics;
use quire_core::output::{CommitError, LockError};
use quire_render::RenderError;

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Problems in the project's files.
    #[error("{0}")]
    Project(Diagnostics),
    /// An output could not be made (Typst's errors in the template, or a
    /// Word or HTML failure).
    #[error("{0}")]
    Render(RenderError),
    /// The outputs could not be written (see the error for what became of
    /// the previous ones).
    #[error("{0}")]
    Commit(CommitError),
    /// The output folder could not be taken for writing, or a commit a
    /// killed build left there could not be ended.
    #[error("{0}")]
    Lock(LockError),
}

impl BuildError {
    /// What became of the previous outputs, for the closing line.
    pub fn what_became_of_the_outputs(&self) -> &'static str {
        match self {
            Self::Commit(CommitError::Unrestored { .. }) => {
                "the next build finishes writing the outputs"
            }
            _ => "existing outputs were left as they were",
        }
    }
}
