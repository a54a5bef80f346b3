//! Quire's one diagnostic: every stage of a build — the manifest, the data
//! and prose, the plugins, the resolve pass, and each renderer (Typst's
//! errors in the template, a Word package failure, the HTML edition's) —
//! reports an error or a warning as a [`Diagnostic`], with the file, line
//! and column it was written at where there is one, the line quoted, and
//! hints. The command line prints them all one way.

mod diagnostic;
pub mod location;

pub use diagnostic::{Diagnostic, Diagnostics, Severity, Source};
pub use location::Location;
