//! Building one section: its data and prose read, its plugin called, and
//! the plugin's errors pointed at the files and fields they concern.

use super::*;

/// What one section was built from, for pointing errors at files.
pub(super) struct SectionSources {
    /// Its files, by the names its content's origins use.
    pub(super) files: SectionFiles,
    /// Where its files hold characters XML cannot, which are left out.
    pub(super) dropped_chars: Vec<Diagnostic>,
    /// Its prose slots that print nothing (warnings).
    pub(super) empty_slots: Vec<Diagnostic>,
}

/// Builds one section; every problem found in it is returned.
pub(super) fn build_section(
    project: &Project,
    registry: &Registry,
    entry: &SectionEntry,
    shared_value: &Json,
    shared: Option<&DataFile>,
    prose: &mut ProseRenderer,
    sources: &mut SectionSources,
) -> Result<quire_wire::SectionResponse, Vec<Diagnostic>> {
    let manifest_file = &project.manifest_file;
    let id = entry.id.get_ref();
    let mut errors = Vec::new();

    let plugin_name = entry.plugin.get_ref();
    let plugin = registry.get(plugin_name);
    if plugin.is_none() {
        let known = registry.names();
        let close = known
            .iter()
            .filter(|k| quire_model::resolve::edit_distance(k, plugin_name) <= 2)
            .min_by_key(|k| quire_model::resolve::edit_distance(k, plugin_name));
        let mut d = Diagnostic::error(format!(
            "section `{id}`: there is no plugin called `{plugin_name}`"
        ))
        .at(manifest_file, entry.plugin.span());
        d = match close {
            Some(c) => d.with_hint(format!(
                "did you mean `{c}`? The plugins are: {}",
                known.join(", ")
            )),
            None => d.with_hint(format!("the plugins are: {}", known.join(", "))),
        };
        errors.push(d);
    }
    let info = plugin.map(|p| p.info());

    let data = match &entry.data {
        Some(written) => project.read_data(written, "data file", &mut errors),
        None => {
            if info.as_ref().is_some_and(|i| i.needs_data) {
                errors.push(
                    Diagnostic::error(format!(
                        "section `{id}`: the `{plugin_name}` plugin needs a data file"
                    ))
                    .at(manifest_file, entry.id.span())
                    .with_hint("add `data = \"data/<file>.toml\"` to the section"),
                );
            }
            None
        }
    };
    sources.files.data = data.as_ref().map(|d| d.source.clone());
    if let Some(data) = &data {
        sources
            .dropped_chars
            .extend(dropped_chars::in_value(&data.source, &data.value, ""));
    }
    let data_value = data.as_ref().map_or(Json::Null, |d| d.value.clone());

    let label = format!("sec-{id}");
    let context = json!({
        "meta": project.manifest.document.get_ref(),
        "data": data_value,
        "shared": shared_value,
        "section": { "id": id, "label": label },
    });
    let mut prose_blocks = std::collections::BTreeMap::new();
    for (slot, written) in &entry.prose {
        if let Some(info) = &info
            && !info.prose_slots.contains_key(slot)
        {
            let slots: Vec<&str> = info.prose_slots.keys().map(String::as_str).collect();
            errors.push(
                Diagnostic::error(format!(
                    "section `{id}`: the `{plugin_name}` plugin has no prose slot `{slot}`"
                ))
                .at(manifest_file, written.span())
                .with_hint(format!("its slots are: {}", slots.join(", "))),
            );
            continue;
        }
        let file = match project.read_source(written, "prose template") {
            Ok(file) => file,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        sources.dropped_chars.extend(dropped_chars::in_text(&file));
        // `body` is the whole section; other slots sit under its heading.
        let offset = if slot == "body" { 0 } else { 1 };
        match prose.render(&file, written.get_ref(), &context, offset) {
            Ok(blocks) => {
                if blocks.is_empty() {
                    let d = empty_slot(id, slot, &file, written, manifest_file);
                    sources.empty_slots.push(d);
                }
                prose_blocks.insert(slot.clone(), blocks);
            }
            Err(d) => errors.push(d),
        }
        sources.files.prose.push((written.get_ref().clone(), file));
    }

    let Some(plugin) = plugin else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut request = SectionRequest::new(
        SectionContext {
            id: id.clone(),
            label,
        },
        project.manifest.document.get_ref().clone(),
    );
    request.data = data_value;
    request.prose = prose_blocks;
    request.shared = shared_value.clone();
    let called = if let Some(isolated) = registry.isolated(plugin_name) {
        // A plugin in a process of its own keeps its own time, and is
        // stopped when it runs over.
        isolated.call(&request)
    } else {
        let plugin = std::sync::Arc::clone(plugin);
        let limit = project.manifest.plugins.limit();
        watchdog::call(plugin_name, &format!("section `{id}`"), limit, move || {
            plugin.build(&request)
        })
    };
    let response = match called {
        Ok(answer) => answer.map_err(|errors| {
            let all: Vec<_> = errors.into_iter().collect();
            let mut shown: Vec<Diagnostic> = all
                .iter()
                .take(MAX_PLUGIN_PROBLEMS)
                .map(|e| plugin_error(project, entry, e, data.as_ref(), shared))
                .collect();
            if let Some(more) = too_many(all.len(), entry) {
                shown.push(more.at(&project.manifest_file, entry.plugin.span()));
            }
            shown
        })?,
        Err(unanswered) => return Err(vec![unanswered_error(project, entry, &unanswered)]),
    };
    if response.model_version != quire_model::MODEL_VERSION {
        return Err(vec![Diagnostic::error(format!(
            "section `{id}`: the `{plugin_name}` plugin returned model version {}, but this engine reads version {}",
            response.model_version,
            quire_model::MODEL_VERSION
        ))
        .at(manifest_file, entry.plugin.span())]);
    }
    Ok(response)
}

/// The warning for a prose slot whose template prints nothing: at the
/// template's first line when it has text (which the data left empty, as
/// an `{{#if}}` whose value is missing), else at the manifest's entry.
fn empty_slot(
    id: &str,
    slot: &str,
    file: &SourceFile,
    written: &toml::Spanned<String>,
    manifest_file: &SourceFile,
) -> Diagnostic {
    let message = format!(
        "section `{id}`: the prose slot `{slot}` (`{}`) prints nothing",
        written.get_ref()
    );
    match file.text.lines().position(|line| !line.trim().is_empty()) {
        Some(index) => {
            let start: usize = file.text.lines().take(index).map(|l| l.len() + 1).sum();
            let length = file.text.lines().nth(index).map_or(0, str::len);
            Diagnostic::warning(message)
                .at(file, start..start + length)
                .with_hint("its template's text depends on values that are empty or missing")
        }
        None => Diagnostic::warning(message)
            .at(manifest_file, written.span())
            .with_hint(
                "the template is empty: write the slot's text, or remove the slot from the section",
            ),
    }
}

/// The most errors, and the most warnings, one section's plugin reports
/// that are each shown at their line (each costs a look through the data
/// file); the rest are counted.
pub(super) const MAX_PLUGIN_PROBLEMS: usize = 100;

/// A note saying how many of a section's `count` problems were not shown,
/// if any were left out.
pub(super) fn too_many(count: usize, entry: &SectionEntry) -> Option<Diagnostic> {
    (count > MAX_PLUGIN_PROBLEMS).then(|| {
        Diagnostic::error(format!(
            "section `{}`: the `{}` plugin reported {} more problems, not shown (the first {MAX_PLUGIN_PROBLEMS} are)",
            entry.id.get_ref(),
            entry.plugin.get_ref(),
            count - MAX_PLUGIN_PROBLEMS
        ))
    })
}

/// Points a plugin's error at the file and field it concerns.
pub(super) fn plugin_error(
    project: &Project,
    entry: &SectionEntry,
    error: &PluginError,
    data: Option<&DataFile>,
    shared: Option<&DataFile>,
) -> Diagnostic {
    let id = entry.id.get_ref();
    match error {
        PluginError::Data { path, .. } => {
            let (file, field) = match path.strip_prefix("shared.") {
                Some(rest) => (shared, rest),
                None => (data, path.as_str()),
            };
            let d = Diagnostic::error(format!("section `{id}`: {error}"));
            match file {
                Some(file) => shape::at_path(d, &file.source, field, &error.to_string()),
                None => d.at(&project.manifest_file, entry.id.span()),
            }
        }
        PluginError::Prose { slot, .. } => {
            let d = Diagnostic::error(format!("section `{id}`: {error}"));
            match entry.prose.get(slot) {
                Some(written) => d.at(&project.manifest_file, written.span()),
                None => d
                    .at(&project.manifest_file, entry.id.span())
                    .with_hint(format!(
                        "add `prose = {{ {slot} = \"prose/<file>.md\" }}` to the section"
                    )),
            }
        }
        PluginError::Failed(_) => Diagnostic::error(format!(
            "section `{id}`: the `{}` plugin failed: {error}",
            entry.plugin.get_ref()
        ))
        .at(&project.manifest_file, entry.plugin.span()),
    }
}

/// A plugin call that gave no answer, at the section's `plugin` line.
pub(super) fn unanswered_error(
    project: &Project,
    entry: &SectionEntry,
    unanswered: &Unanswered,
) -> Diagnostic {
    let d = Diagnostic::error(format!(
        "section `{}`: the `{}` plugin {unanswered}",
        entry.id.get_ref(),
        entry.plugin.get_ref()
    ))
    .at(&project.manifest_file, entry.plugin.span());
    match unanswered {
        Unanswered::TimedOut { .. } | Unanswered::Stopped { .. } => d.with_hint(
            "if the plugin needs longer, raise `timeout` (in seconds) under `[plugins]` in the manifest; otherwise the plugin hangs: report it to its author",
        ),
        Unanswered::Ended(_) => d.with_hint(
            "the plugin ran in a process of its own, so the build went on; report the crash to the plugin's author",
        ),
        Unanswered::OutOfMemory { .. } => d.with_hint(
            "if the plugin needs more, raise `memory` (in MiB) under `[plugins]` in the manifest; otherwise report it to the plugin's author",
        ),
        Unanswered::Forged(_) => d.with_hint(
            "a plugin's own code never writes to the channel its host answers on: the plugin is broken or hostile, so report it to its author; the build went on without its answer",
        ),
        Unanswered::StillRunning { .. } | Unanswered::Panicked(_) => d,
    }
}
