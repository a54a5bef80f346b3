//! One build: load the project once → plugins → resolve → renderers →
//! commit.

use std::path::{Path, PathBuf};
use std::time::Instant;

use quire_core::output::{OutputLock, commit, recover_if_idle};
use quire_core::{
    Assembled, Diagnostics, Project, Registry, assemble_project, load_project_profile,
};

use crate::deny::{denied_by, deny_warnings};
use crate::render::render;
use crate::{BuildError, Made, Options, Report, Timings};

/// Held by a build of this process while it writes its outputs.
static WRITING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A project loaded for building, with the plugins it may use and how to
/// build it.
pub struct Build {
    project: Project,
    registry: Registry,
    options: Options,
}

impl Build {
    /// Reads the project at `manifest` (its manifest, the profile
    /// `options` names, its style) once. `registry` holds the built-in
    /// plugins; the project's plugin folders are loaded on top of it.
    pub fn load(manifest: &Path, registry: Registry, options: Options) -> Result<Self, BuildError> {
        let project = load_project_profile(manifest, options.profile.as_deref())
            .map_err(BuildError::Project)?;
        Ok(Self {
            project,
            registry,
            options,
        })
    }

    /// The project as loaded.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The folder the outputs go to.
    pub fn out_dir(&self) -> PathBuf {
        (self.options.out.as_ref())
            .unwrap_or(&self.project.out_dir)
            .clone()
    }

    /// Runs the plugins and resolves the document: everything but the
    /// outputs (`quire check`).
    pub fn assemble(self) -> Result<Assembled, Diagnostics> {
        self.options.stage("assembling");
        assemble_project(self.project, &self.registry)
    }

    /// Runs the plugins, resolves the document and makes every output
    /// asked for, in memory; writes nothing.
    pub fn make(self) -> Result<Made, BuildError> {
        let options = self.options.clone();
        let started = Instant::now();
        let assembled = self.assemble().map_err(BuildError::Project)?;
        let assemble = started.elapsed();
        options.stage("typesetting");
        let (context, outputs, timings) = render(&assembled, &options)?;
        Ok(Made {
            assembled,
            context,
            outputs,
            timings: Timings {
                assemble,
                outputs: timings,
                ..Timings::default()
            },
        })
    }

    /// Makes every output asked for and writes them as one unit: nothing is
    /// written unless all are made (and, with warnings denied, none has a
    /// warning).
    pub fn build(self) -> Result<Report, BuildError> {
        let all = Instant::now();
        let out_dir = self.out_dir();
        let declared = self.project.declared();
        // A commit a killed build left half-made is ended before anything
        // else, even if this build fails before it writes; a journal that
        // cannot be trusted stops the build here.
        recover_if_idle(&out_dir, &declared).map_err(BuildError::Lock)?;
        let options = self.options.clone();
        let made = self.make()?;
        let manifest_denies = made.assembled.project.manifest.build.denies_warnings();
        if options.deny_warnings || manifest_denies {
            deny_warnings(
                &made.assembled.warnings,
                made.render_warnings(),
                denied_by(!options.deny_warnings),
            )?;
        }
        options.stage("writing");
        let project = &made.assembled.project;
        let started = Instant::now();
        // One build writes into a folder at a time, so outputs never mix:
        // builds of this process (`--all`) take turns here, so only another
        // process's build is waited for (and said) at the folder's lock.
        let _turn = WRITING.lock().unwrap_or_else(|p| p.into_inner());
        let _lock = OutputLock::acquire(&out_dir, &declared, || {
            if let Some(waiting) = options.waiting {
                waiting(&out_dir);
            }
        })
        .map_err(BuildError::Lock)?;
        let files: Vec<(String, &[u8])> = made
            .outputs
            .iter()
            .map(|(extension, made)| (project.file_name(extension), made.bytes.as_slice()))
            .collect();
        // The outputs are replaced as one unit.
        commit(&out_dir, &files).map_err(BuildError::Commit)?;
        let written = files
            .iter()
            .map(|(name, bytes)| (out_dir.join(name), bytes.len()))
            .collect();
        let render_warnings = made.render_warnings().cloned().collect();
        let pages = made.pages().unwrap_or_default();
        let mut timings = made.timings;
        timings.write = started.elapsed();
        timings.total = all.elapsed();
        Ok(Report {
            written,
            pages,
            warnings: made.assembled.warnings,
            render_warnings,
            timings,
        })
    }
}
