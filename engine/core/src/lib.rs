//! Quire's core: reads a document project (manifest, house style, section
//! data and prose templates), runs each section's plugin and resolves the
//! result into one document model. Renderers take it from there.
//!
//! Every problem comes back as a [`Diagnostic`] naming the file, line and
//! column, and a build reports all independent problems at once.

pub mod budget;
pub mod data;
pub mod diagnostic;
pub mod dropped_chars;
pub mod glyphs;
pub mod images;
pub mod manifest;
pub mod origins;
pub mod output;
pub mod pipeline;
pub mod plugins;
pub mod prose;
pub mod shape;
pub mod source;

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use pipeline::{
    Assembled, Project, assemble, assemble_profile, assemble_project, load_project,
    load_project_profile,
};
pub use registry::{Origin, Registry};

pub use quire_host::{dylib, isolated, registry, watchdog};
