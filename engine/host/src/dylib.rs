//! Section plugins loaded from shared libraries (`cdylib`s) with
//! `libloading`, behind the same [`SectionPlugin`] trait as the built-ins.
//!
//! The boundary is [`quire_abi`]'s: one versioned symbol,
//! a `#[repr(C)]` table, JSON bytes both ways, each side freeing what it
//! allocated. The version is checked before anything is parsed. Libraries
//! are never unloaded: a loaded plugin lives as long as the process.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use quire_abi::{self as abi, ABI_MINOR, OP_BUILD, OP_INFO, PluginBuffer, PluginTable, Status};
use quire_wire::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse,
};

use crate::watchdog;

/// Why a plugin library could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum LoadError {
    /// The path is relative: the system would search its library path.
    #[error("`{0}` is not an absolute path; plugins are only loaded from absolute paths")]
    NotAbsolute(PathBuf),
    /// The file is not a loadable shared library.
    #[error("`{path}` is not a plugin library that can be loaded: {message}")]
    NotALibrary {
        /// The file.
        path: PathBuf,
        /// What the loader said.
        message: String,
    },
    /// The library exports no Quire entry point of this major version.
    #[error("`{path}` is not a Quire plugin for this engine: it has no `quire_plugin_v{wanted}` entry point{}", found.map(|v| format!(" (it was built for plugin ABI version {v}): rebuild it against this engine's plugin SDK, `quire-plugin` {}", env!("CARGO_PKG_VERSION"))).unwrap_or_default())]
    MissingSymbol {
        /// The file.
        path: PathBuf,
        /// The major version this engine wants.
        wanted: u32,
        /// The major version the library was built for, if it has another.
        found: Option<u32>,
    },
    /// The plugin speaks a newer minor version than this engine.
    #[error(
        "`{path}` was built for plugin ABI {major}.{plugin}, but this engine speaks {major}.{host}: rebuild the plugin against this engine's SDK, or update the engine",
        major = abi::ABI_MAJOR
    )]
    NewerMinor {
        /// The file.
        path: PathBuf,
        /// The plugin's minor version.
        plugin: u32,
        /// The engine's minor version.
        host: u32,
    },
    /// The file changed after this process loaded it; a loaded library
    /// cannot be unloaded, so the new one cannot be used until a restart.
    #[error(
        "`{0}` changed after Quire loaded it, and a loaded plugin cannot be replaced while Quire runs: restart Quire (`quire watch` too) to load the new one"
    )]
    Changed(PathBuf),
    /// The plugin's host process stopped or was stopped while loading it.
    #[error("`{path}` {message}")]
    Stopped {
        /// The file.
        path: PathBuf,
        /// How, in words.
        message: String,
    },
    /// The plugin's host could not limit or confine itself, so the library
    /// was not loaded.
    #[error("`{path}` could not be confined, so it was not loaded: {message}")]
    NotConfined {
        /// The file.
        path: PathBuf,
        /// What could not be done.
        message: String,
    },
    /// The plugin's self-description could not be read.
    #[error("`{path}` did not describe itself: {message}")]
    BadInfo {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// A plugin in a shared library.
#[derive(Clone)]
pub struct DylibPlugin {
    path: PathBuf,
    table: &'static PluginTable,
    info: PluginInfo,
}

impl std::fmt::Debug for DylibPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DylibPlugin")
            .field("path", &self.path)
            .field("info", &self.info)
            .finish()
    }
}

type EntryPoint = unsafe extern "C" fn() -> *const PluginTable;

/// What identifies a library file's contents: its size and modification time.
pub(crate) type FileStamp = (u64, Option<std::time::SystemTime>);

/// The libraries this process has loaded, by path, with the stamp of the
/// file they were loaded from. The system's loader hands back the library
/// it already has for a path, even when the file has since been replaced,
/// so a later build (a watch loop's) reuses the plugin while the file is
/// unchanged and reports a changed file instead of silently using the old.
static LOADED: Mutex<Vec<(PathBuf, FileStamp, DylibPlugin)>> = Mutex::new(Vec::new());

pub(crate) fn stamp(path: &Path) -> FileStamp {
    let meta = std::fs::metadata(path).ok();
    (
        meta.as_ref().map_or(0, |m| m.len()),
        meta.and_then(|m| m.modified().ok()),
    )
}

/// Loads the plugin library at `path` (it stays loaded for the life of the
/// process) and asks it who it is, waiting at most
/// [`watchdog::DEFAULT_LIMIT`] for the answer. Loading the same unchanged
/// file again gives the same plugin.
pub fn load(path: &Path) -> Result<DylibPlugin, LoadError> {
    load_within(path, watchdog::DEFAULT_LIMIT)
}

/// [`load`], waiting at most `limit` for the plugin to describe itself.
pub fn load_within(path: &Path, limit: Duration) -> Result<DylibPlugin, LoadError> {
    if !path.is_absolute() {
        // A bare name would make the system search its library path.
        return Err(LoadError::NotAbsolute(path.to_path_buf()));
    }
    let stamped = stamp(path);
    let mut loaded = LOADED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, was, plugin)) = loaded.iter().find(|(p, _, _)| p == path) {
        return if *was == stamped {
            Ok(plugin.clone())
        } else {
            Err(LoadError::Changed(path.to_path_buf()))
        };
    }
    let plugin = load_new(path, limit)?;
    loaded.push((path.to_path_buf(), stamped, plugin.clone()));
    Ok(plugin)
}

/// Loads the library and asks it who it is, all within `limit`: a library
/// whose initialisers, entry point or description never return is
/// reported, not waited for.
fn load_new(path: &Path, limit: Duration) -> Result<DylibPlugin, LoadError> {
    let owned = path.to_path_buf();
    let loaded = watchdog::call(&path.display().to_string(), "loading", limit, move || {
        open_library(owned)
    });
    match loaded {
        Ok(Ok((table, bytes))) => Ok(DylibPlugin {
            path: path.to_path_buf(),
            table,
            info: describe(path, &bytes)?,
        }),
        Ok(Err(error)) => Err(error),
        Err(unanswered) => Err(LoadError::BadInfo {
            path: path.to_path_buf(),
            message: format!("it {unanswered}"),
        }),
    }
}

/// Reads a plugin's description (the JSON its `info` operation returned).
pub(crate) fn describe(path: &Path, bytes: &[u8]) -> Result<PluginInfo, LoadError> {
    serde_json::from_slice::<PluginInfo>(bytes).map_err(|e| LoadError::BadInfo {
        path: path.to_path_buf(),
        message: format!("its description is not valid: {e}"),
    })
}

/// Opens the library, finds its entry point, checks the version and asks
/// for its description (the JSON bytes).
pub(crate) fn open_library(path: PathBuf) -> Result<(&'static PluginTable, Vec<u8>), LoadError> {
    // SAFETY: loading a library runs its initialisers. Only files from the
    // project's plugin folders (or a folder named with `--plugin-dir`), by
    // their real paths inside them, reach here: the author chose to trust
    // them, as with any native plugin system.
    #[allow(unsafe_code)]
    let library =
        unsafe { libloading::Library::new(&path) }.map_err(|e| LoadError::NotALibrary {
            path: path.clone(),
            message: loader_message(&e),
        })?;
    // Never unloaded: the table and its functions must outlive every call.
    let library: &'static libloading::Library = Box::leak(Box::new(library));

    // SAFETY: the symbol, if present, is the SDK's entry point, whose type is
    // fixed by the major version in its name.
    #[allow(unsafe_code)]
    let entry = unsafe { library.get::<EntryPoint>(abi::SYMBOL) };
    let Ok(entry) = entry else {
        let found = (1..=16)
            .filter(|major| *major != abi::ABI_MAJOR)
            .find(|major| {
                let name = format!("quire_plugin_v{major}\0");
                // SAFETY: only probing whether the symbol exists; it is never called.
                #[allow(unsafe_code)]
                let probe = unsafe { library.get::<EntryPoint>(name.as_bytes()) };
                probe.is_ok()
            });
        return Err(LoadError::MissingSymbol {
            path,
            wanted: abi::ABI_MAJOR,
            found,
        });
    };
    // SAFETY: the entry point takes nothing and returns a pointer to a static
    // table in the library, which stays loaded.
    #[allow(unsafe_code)]
    let table = unsafe { entry() };
    // SAFETY: non-null pointers from the entry point point at the plugin's
    // `static` table, valid for as long as the (leaked) library.
    #[allow(unsafe_code)]
    let Some(table) = (unsafe { table.as_ref() }) else {
        return Err(LoadError::BadInfo {
            path,
            message: "its entry point returned no table".into(),
        });
    };
    if !abi::compatible(ABI_MINOR, table.abi_minor) {
        return Err(LoadError::NewerMinor {
            path,
            plugin: table.abi_minor,
            host: ABI_MINOR,
        });
    }
    match call(table, OP_INFO, &[]) {
        (Some(Status::Ok), bytes) => Ok((table, bytes)),
        (other, bytes) => {
            // In words, not the status's Rust name.
            let what = match other {
                Some(Status::Panicked) => "it panicked while describing itself",
                Some(Status::PluginError) => "it reported an error while describing itself",
                Some(Status::BadRequest | Status::UnknownOperation) => {
                    "it refused to describe itself"
                }
                Some(Status::Ok) | None => "it answered with a status no plugin uses",
            };
            Err(LoadError::BadInfo {
                path,
                message: format!("{what}: {}", String::from_utf8_lossy(&bytes)),
            })
        }
    }
}

/// The system loader's own words: libloading's error says only "dlopen
/// failed" and keeps the reason in its source.
fn loader_message(error: &libloading::Error) -> String {
    use std::error::Error;
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message = format!("{message}: {cause}");
        source = cause.source();
    }
    message
}

/// Calls an operation; returns the status and a copy of the plugin's output
/// (the plugin's own buffer is handed straight back to its `free`).
pub(crate) fn call(table: &PluginTable, op: u32, input: &[u8]) -> (Option<Status>, Vec<u8>) {
    let mut out = PluginBuffer::empty();
    // SAFETY: `input` is valid for the call; `out` is a valid slot the plugin
    // writes its buffer into; the function comes from a loaded plugin table.
    #[allow(unsafe_code)]
    let code = unsafe { (table.call)(op, input.as_ptr(), input.len(), &mut out) };
    let bytes = if out.ptr.is_null() {
        Vec::new()
    } else {
        // SAFETY: the plugin wrote `len` initialised bytes at `ptr`, which
        // stay valid until we hand the buffer back to its `free` below.
        #[allow(unsafe_code)]
        let slice = unsafe { std::slice::from_raw_parts(out.ptr, out.len) };
        slice.to_vec()
    };
    // SAFETY: the buffer came from this plugin's `call` and is freed once, by
    // the allocator that made it.
    #[allow(unsafe_code)]
    unsafe {
        (table.free)(out)
    };
    (Status::from_code(code), bytes)
}

impl DylibPlugin {
    /// The library file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl SectionPlugin for DylibPlugin {
    fn info(&self) -> PluginInfo {
        self.info.clone()
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let input = serde_json::to_vec(request)
            .map_err(|e| PluginError::Failed(format!("cannot send the request: {e}")))?;
        let (status, bytes) = call(self.table, OP_BUILD, &input);
        answer(&self.path, status, &bytes)
    }
}

/// What a plugin's answer to a build request means: its response, or its
/// error in words naming the library `path`.
pub(crate) fn answer(
    path: &Path,
    status: Option<Status>,
    bytes: &[u8],
) -> Result<SectionResponse, PluginErrors> {
    let file = path.display();
    let failed = |message: String| Err(PluginErrors::from(PluginError::Failed(message)));
    match status {
        Some(Status::Ok) => read_response(bytes)
            .map_err(|m| PluginErrors::from(PluginError::Failed(format!("`{file}` {m}")))),
        Some(Status::PluginError) => match serde_json::from_slice::<PluginErrors>(bytes) {
            Ok(errors) if !errors.is_empty() => Err(errors),
            Ok(_) => failed(format!("`{file}` failed without saying why")),
            Err(e) => failed(format!(
                "`{file}` reported errors that are not valid JSON: {e}"
            )),
        },
        Some(Status::Panicked) => failed(format!(
            "`{file}` panicked: {}",
            String::from_utf8_lossy(bytes)
        )),
        Some(Status::BadRequest | Status::UnknownOperation) => failed(format!(
            "`{file}` refused the request: {}",
            String::from_utf8_lossy(bytes)
        )),
        None => failed(format!("`{file}` returned an unknown status")),
    }
}

/// Reads a plugin's response bytes, checking the model version before the
/// shape; the error says what was wrong (the caller names the plugin).
pub fn read_response(bytes: &[u8]) -> Result<SectionResponse, String> {
    /// Only the version: the rest is skipped unparsed, so a response of
    /// another model version is reported as such, not as a shape error.
    #[derive(serde::Deserialize)]
    struct Versioned {
        model_version: Option<u64>,
    }
    let versioned: Versioned = serde_json::from_slice(bytes)
        .map_err(|e| format!("returned bytes that are not valid JSON: {e}"))?;
    if versioned.model_version != Some(u64::from(quire_model::MODEL_VERSION)) {
        let shown = versioned
            .model_version
            .map_or("no model version".to_string(), |v| {
                format!("model version {v}")
            });
        return Err(format!(
            "returned {shown}, but this engine reads model version {}",
            quire_model::MODEL_VERSION
        ));
    }
    // Straight into the typed response: no intermediate JSON tree; the
    // error names the field of the response that is wrong.
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut reader).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        // A block's `type` is a plain tag: anything wrong there is a type
        // of block this model does not have.
        if path.ends_with(".type") {
            format!(
                "returned a block of a type this engine does not know, at `{}`: {inner}; plugins return model blocks only, never raw markup for one output",
                path.trim_end_matches(".type")
            )
        } else {
            format!("returned a response that is not a valid document model, at `{path}`: {inner}")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_a_library_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("libfake.so");
        std::fs::write(&path, b"not a library").unwrap();
        let err = load(&path).unwrap_err();
        assert!(matches!(err, LoadError::NotALibrary { .. }), "{err}");
        assert!(err.to_string().contains("libfake.so"));
    }

    #[test]
    fn only_absolute_paths_are_loaded() {
        let err = load(Path::new("libm.so.6")).unwrap_err();
        assert_eq!(err, LoadError::NotAbsolute("libm.so.6".into()));
    }

    #[test]
    fn responses_are_checked_for_json_version_and_shape() {
        assert!(
            read_response(b"{oops")
                .unwrap_err()
                .contains("not valid JSON")
        );
        assert!(
            read_response(br#"{"model_version": 99, "blocks": []}"#)
                .unwrap_err()
                .contains("model version 99")
        );
        let v = quire_model::MODEL_VERSION;
        let unknown = format!(r#"{{"model_version": {v}, "blocks": [{{"type": "nonsense"}}]}}"#);
        let message = read_response(unknown.as_bytes()).unwrap_err();
        assert!(
            message.contains("a block of a type this engine does not know, at `blocks[0]`"),
            "{message}"
        );
        let owned = format!(
            r#"{{"model_version": {v}, "blocks": [{{"type": "heading", "c": {{"level": 1, "content": [], "number": "9"}}}}]}}"#
        );
        let message = read_response(owned.as_bytes()).unwrap_err();
        assert!(
            message.contains("not a valid document model, at `blocks[0].c.number`")
                && message.contains("unknown field `number`"),
            "{message}"
        );
        let ok =
            read_response(format!(r#"{{"model_version": {v}, "blocks": []}}"#).as_bytes()).unwrap();
        assert!(ok.blocks.is_empty());
    }
}
