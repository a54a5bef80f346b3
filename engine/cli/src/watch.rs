//! `quire watch`: build, then rebuild whenever a file of the project
//! changes — the manifest, data, prose templates, images, the style and its
//! template and fonts, plugin libraries.
//!
//! The folders holding them are watched (not only the files read, so a new
//! data file or plugin is seen too) with typst-kit's watcher, which batches
//! the bursts of events editors make when they save. A rebuild that fails
//! prints its diagnostics and leaves the last good outputs in place (every
//! output is written atomically, and only when both succeed); the next
//! change rebuilds. Fonts and Typst's standard library stay loaded, and
//! Typst's memo cache is kept (trimmed after each build), so a rebuild only
//! lays out again what changed.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use typst_kit::watcher::Watcher;

use crate::build::{Options, build, default_manifest};
use crate::serve::Server;
use crate::ui::{EXIT_ERRORS, Ui};

/// At most this many folders are watched: a manifest at the top of a large
/// tree should not make the watcher walk all of it.
const MAX_FOLDERS: usize = 500;

/// Runs `quire watch`: builds, then rebuilds on every change until stopped;
/// with `serve`, serves the HTML edition on that address as well, and open
/// pages reload after each rebuild.
pub fn run(
    manifest: Option<PathBuf>,
    options: Options,
    serve: Option<SocketAddr>,
    ui: &Ui,
) -> ExitCode {
    let manifest = manifest.unwrap_or_else(default_manifest);
    if serve.is_some() && !options.formats.wants("html") {
        let message =
            "`--serve` serves the HTML edition, which `--only` leaves out: add `html` to it";
        ui.reporter
            .eprint(&ui.reporter.render_message(true, message));
        return ExitCode::from(crate::ui::EXIT_USAGE);
    }
    // A watch started again serves where the first one did, even where
    // `--port 0` let the system choose.
    let restarted_at = std::env::var(crate::typeset_limits::RESTARTED)
        .ok()
        .and_then(|served| served.parse::<SocketAddr>().ok());
    let serve = serve.map(|asked| match restarted_at {
        Some(served) if asked.port() == 0 && asked.ip() == served.ip() => served,
        _ => asked,
    });
    let server = match serve.map(Server::start).transpose() {
        Ok(server) => server,
        Err(e) => {
            ui.reporter
                .eprint(&ui.reporter.render_message(true, &e.to_string()));
            return ExitCode::from(EXIT_ERRORS);
        }
    };
    if let Some(server) = &server {
        crate::typeset_limits::restart_serving(server.address());
    }
    if let Some(server) = &server
        && !server.address().ip().to_canonical().is_loopback()
    {
        ui.reporter.eprint(
            &ui.reporter
                .render_message(false, &beyond_loopback(server.address())),
        );
    }
    let cannot_watch = |e: &dyn std::fmt::Display| {
        let message = format!("cannot watch files: {e}");
        ui.reporter
            .eprint(&ui.reporter.render_message(true, &message));
        ExitCode::from(EXIT_ERRORS)
    };
    let mut watcher = match Watcher::new(None) {
        Ok(watcher) => watcher,
        Err(e) => {
            return cannot_watch(&e);
        }
    };
    let mut first = true;
    // Started again after a typesetting ran over (`typeset_limits`): the
    // same files would run over again, so wait for a change first.
    let mut restarted = std::env::var_os(crate::typeset_limits::RESTARTED).is_some();
    let mut watched: Vec<PathBuf> = Vec::new();
    loop {
        let written = if std::mem::take(&mut restarted) {
            last_outputs(&manifest, &options)
        } else {
            rebuild(&manifest, &options, ui, first)
        };
        if let Some(server) = &server {
            let page = written
                .iter()
                .find(|p| p.extension().is_some_and(|e| e == "html"));
            match page.and_then(|p| Some((p.parent()?, p.file_name()?.to_str()?))) {
                Some((dir, name)) => {
                    server.rebuilt(dir, name);
                    if first {
                        ui.say(&format!("serving the HTML edition at {}", server.url()));
                    }
                }
                None if first => ui.say(&format!(
                    "serving at {} once a build writes the HTML edition",
                    server.url()
                )),
                None => {}
            }
        }
        first = false;
        // Keep what the next build can reuse; forget what is long unused.
        quire_build::renderers::trim_caches();

        let folders = folders_to_watch(&manifest, &options);
        if folders != watched {
            let shown: Vec<_> = folders
                .iter()
                .map(|f| quire_core::source::shown_path(f).display().to_string())
                .collect();
            ui.detail(&format!("watching {}", shown.join(", ")));
            watched = folders.clone();
        }
        if let Err(e) = watcher.update(folders) {
            return cannot_watch(&e);
        }
        ui.say("watching for changes (Ctrl-C to stop)");
        if let Err(e) = watcher.wait() {
            return cannot_watch(&e);
        }
    }
}

/// The outputs a previous build left, for a watch started again: served
/// and kept until the next build replaces them.
fn last_outputs(manifest: &Path, options: &Options) -> Vec<PathBuf> {
    let Ok(project) = quire_core::load_project_profile(manifest, options.profile.as_deref()) else {
        return Vec::new();
    };
    let dir = options
        .out
        .clone()
        .unwrap_or_else(|| project.out_dir.clone());
    quire_build::renderers::extensions()
        .into_iter()
        .map(|ext| dir.join(project.file_name(ext)))
        .filter(|path| path.is_file())
        .collect()
}

/// The warning for a server that listens beyond the loopback address.
fn beyond_loopback(address: SocketAddr) -> String {
    format!(
        "serving on {address}, which is not a loopback address: anyone who can reach \
         that address on the network can now read the draft (and every file of the \
         output folder)"
    )
}

/// One build, reported in a line (or its diagnostics); the files it wrote.
fn rebuild(manifest: &Path, options: &Options, ui: &Ui, first: bool) -> Vec<PathBuf> {
    let verb = if first { "built" } else { "rebuilt" };
    let mut options = options.clone();
    options.progress = ui.progress();
    let result = build(manifest, &options);
    ui.end_progress();
    match result {
        Ok(report) => {
            ui.warnings(&report);
            let files: Vec<String> = report
                .written
                .iter()
                .map(|(path, _)| quire_core::source::shown_path(path).display().to_string())
                .collect();
            ui.say(&format!(
                "{verb} in {:.2} s: {} ({} pages)",
                report.timings.total.as_secs_f64(),
                files.join(", "),
                report.pages
            ));
            report.written.into_iter().map(|(path, _)| path).collect()
        }
        Err(error) => {
            let after = match error.what_became_of_the_outputs() {
                "existing outputs were left as they were" => {
                    "the last good outputs were kept; fix the file and save to rebuild"
                }
                other => other,
            };
            ui.failed_build(&error, after);
            Vec::new()
        }
    }
}

/// The folders to watch: the manifest's folder and the style's, every
/// folder below them, the shared data's and the plugin folders — except
/// the output folder, `target` folders and hidden ones.
pub fn folders_to_watch(manifest: &Path, options: &Options) -> Vec<PathBuf> {
    let manifest_dir = manifest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tops = vec![manifest_dir.to_path_buf()];
    let mut skip = Vec::new();
    if let Ok(project) = quire_core::load_project_profile(manifest, options.profile.as_deref()) {
        tops.push(project.style_dir().to_path_buf());
        if let Some(shared) = &project.manifest.project.shared
            && let Some(dir) = manifest_dir.join(shared.get_ref()).parent()
        {
            tops.push(dir.to_path_buf());
        }
        if let Some(dirs) = &project.manifest.plugins.dirs {
            tops.extend(dirs.iter().map(|d| manifest_dir.join(d.get_ref())));
        }
        skip.push(options.out.clone().unwrap_or(project.out_dir.clone()));
    }
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut folders: Vec<PathBuf> = Vec::new();
    let mut pending: Vec<PathBuf> = tops.iter().filter_map(|p| p.canonicalize().ok()).collect();
    while let Some(dir) = pending.pop() {
        if folders.len() >= MAX_FOLDERS || folders.contains(&dir) || skip.contains(&dir) {
            continue;
        }
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                let name = entry.file_name();
                let name = name.to_string_lossy();
                if path.is_dir() && !name.starts_with('.') && name != "target" {
                    pending.push(path);
                }
            }
        }
        folders.push(dir);
    }
    folders.sort();
    folders
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_project_watches_its_sections_and_styles_but_not_its_output() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let repo = repo.canonicalize().unwrap();
        let folders = folders_to_watch(&repo.join("sections/quire.toml"), &Options::default());
        for expected in [
            "sections",
            "sections/data",
            "sections/prose",
            "styles",
            "styles/fonts",
        ] {
            assert!(
                folders.contains(&repo.join(expected)),
                "{expected}: {folders:?}"
            );
        }
        assert!(
            !folders.iter().any(|f| f.starts_with(repo.join("out"))),
            "{folders:?}"
        );
        assert!(
            !folders.iter().any(|f| f.starts_with(repo.join("target"))),
            "{folders:?}"
        );
    }
}
