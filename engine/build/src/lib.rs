//! Quire's build driver, in the shape of mdBook's `MDBook::load(..)?.build()`:
//!
//! 1. [`Build::load`] reads the project once (manifest, profile, style) and
//!    ends a commit a killed build left half-made in its output folder;
//! 2. [`Build::make`] runs the section plugins and resolves the document
//!    (`quire-core`), then makes every output asked for through its
//!    [`Renderer`](quire_render::Renderer), in parallel, from one
//!    [`RenderContext`](quire_render::RenderContext);
//! 3. [`Build::build`] does both and writes the outputs as one unit, or
//!    nothing.
//!
//! `quire build`, `watch`, `check --a11y`, `build --all`, the benchmarks
//! and the end-to-end tests all build through here. The renderers are
//! listed in [`renderers`]; the command line names none of them.

pub mod a11y;
mod deny;
mod driver;
mod error;
mod estimate;
mod options;
mod render;
pub mod renderers;
mod report;

pub use deny::denied_by;
pub use driver::Build;
pub use error::BuildError;
pub use options::{Formats, Options, RenderingGuard};
pub use quire_render::Rendered;
pub use render::Context;
pub use report::{Made, OutputTimings, Report, Timings};
