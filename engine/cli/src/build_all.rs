//! `quire build --all` and `quire build A/quire.toml B/quire.toml`: several
//! builds in one process, in parallel.
//!
//! Each build is a job: a manifest, and the document or one of its profiles.
//! The jobs share what one process keeps between builds — the fonts
//! (`quire_typst`'s font cache), Typst's standard library and its memo
//! cache, the loaded plugin libraries — and run on as many threads as the
//! machine has cores. Each job writes its outputs as one unit, as a single
//! `quire build` does; a job that fails leaves its own outputs as they were
//! and the others still write theirs. The reports are printed in job order
//! once every job has ended, so the output does not depend on which thread
//! finished first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::build::{BuildError, Options, Report, build};
use crate::ui::Ui;

/// One build of a run: a manifest, and the profile built from it (`None`:
/// the document itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The manifest.
    pub manifest: PathBuf,
    /// The profile (`committee`), or the document itself.
    pub profile: Option<String>,
}

impl Job {
    /// The job in words: `sections/quire.toml`, `sections/quire.toml
    /// (profile committee)`.
    pub fn describe(&self) -> String {
        let manifest = quire_core::source::shown_path(&self.manifest)
            .display()
            .to_string();
        match &self.profile {
            Some(profile) => format!("{manifest} (profile {profile})"),
            None => manifest,
        }
    }
}

/// The jobs for `manifests`: each manifest's document (or `profile`, when
/// one is named), and with `every_profile` the document and each profile the
/// manifest defines, in the manifest's order. A manifest that cannot be read
/// gets one job, whose build reports why.
pub fn jobs(manifests: &[PathBuf], profile: Option<&str>, every_profile: bool) -> Vec<Job> {
    let mut jobs = Vec::new();
    for manifest in manifests {
        let job = |profile: Option<String>| Job {
            manifest: manifest.clone(),
            profile,
        };
        if !every_profile {
            jobs.push(job(profile.map(str::to_string)));
            continue;
        }
        jobs.push(job(None));
        if let Ok(project) = quire_core::load_project_profile(manifest, None) {
            jobs.extend(project.manifest.profiles.keys().cloned().map(Some).map(job));
        }
    }
    jobs
}

/// Two jobs that would write the same file (the same manifest named twice,
/// or two manifests with one output name and `--out`): the file and the two
/// jobs, in words. Jobs whose project cannot be read are left to their
/// builds to report.
pub fn clash(jobs: &[Job], out: Option<&Path>) -> Option<String> {
    let mut writers: BTreeMap<PathBuf, &Job> = BTreeMap::new();
    for job in jobs {
        let Ok(project) = quire_core::load_project_profile(&job.manifest, job.profile.as_deref())
        else {
            continue;
        };
        let dir = out.map_or_else(|| project.out_dir.clone(), Path::to_path_buf);
        let dir = std::path::absolute(&dir).unwrap_or(dir);
        // One extension stands for all: a job writes every format under
        // one name.
        let file = dir.join(project.file_name("pdf"));
        if let Some(first) = writers.insert(file.clone(), job) {
            return Some(format!(
                "{} and {} would both write {}",
                first.describe(),
                job.describe(),
                quire_core::source::shown_path(&file.with_extension("*")).display()
            ));
        }
    }
    None
}

/// Runs `jobs` on up to `threads` threads; the results come back in job
/// order.
pub fn run_jobs(
    jobs: &[Job],
    options: &Options,
    threads: usize,
) -> Vec<Result<Report, BuildError>> {
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<Result<Report, BuildError>>>> =
        jobs.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, jobs.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let options = Options {
                        profile: job.profile.clone(),
                        // One progress line cannot show several builds.
                        progress: None,
                        ..options.clone()
                    };
                    let result = build(&job.manifest, &options);
                    *results[i].lock().unwrap_or_else(|p| p.into_inner()) = Some(result);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|p| p.into_inner())
                .expect("every job is run")
        })
        .collect()
}

/// Runs `quire build` for several jobs and reports each. Exit code 0 when
/// every job built, 1 when any failed (the others still wrote theirs), 2
/// when two jobs would write the same file (nothing is built).
pub fn run(manifests: Vec<PathBuf>, every_profile: bool, options: Options, ui: &Ui) -> ExitCode {
    let started = Instant::now();
    let jobs = jobs(&manifests, options.profile.as_deref(), every_profile);
    if let Some(clash) = clash(&jobs, options.out.as_deref()) {
        let message = format!("{clash}; build them into different folders (`--out`)");
        ui.reporter
            .eprint(&ui.reporter.render_message(true, &message));
        return ExitCode::from(crate::ui::EXIT_USAGE);
    }
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let results = run_jobs(&jobs, &options, threads);
    let mut failed = 0;
    for (job, result) in jobs.iter().zip(&results) {
        ui.say(&format!("{}:", job.describe()));
        match result {
            Ok(report) => crate::build::report_success(report, ui),
            Err(error) => {
                failed += 1;
                ui.failed_build(error, error.what_became_of_the_outputs());
            }
        }
    }
    let built = jobs.len() - failed;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let summary = format!(
        "built {built} of {} document{} in {:.2} s",
        jobs.len(),
        plural(jobs.len()),
        started.elapsed().as_secs_f64()
    );
    if failed == 0 {
        ui.say(&summary);
        ExitCode::SUCCESS
    } else {
        ui.reporter
            .eprint(&ui.reporter.render_message(true, &summary));
        ExitCode::from(crate::ui::EXIT_ERRORS)
    }
}
