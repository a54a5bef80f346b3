//! The C ABI between the engine and plugins loaded from shared libraries.
//!
//! A plugin library exports one symbol, [`SYMBOL`] (`quire_plugin_v2`: the
//! name carries the major ABI version), a function returning a pointer to a
//! static [`PluginTable`]: the minor version, a `call` function and a
//! `free` function. Nothing else crosses the boundary but bytes:
//!
//! - the host lends its input (`in_ptr`, `in_len`: JSON) for the duration of
//!   a call;
//! - the plugin allocates its output into a [`PluginBuffer`]; the host reads
//!   it and hands it back to the plugin's `free`;
//! - `call` returns a [`Status`] code; panics are caught in the plugin and
//!   returned as [`Status::Panicked`] with the message, never unwound into the
//!   host.
//!
//! Versioning: the major version is in the symbol name, so a library built
//! for another major version simply lacks [`SYMBOL`]. A minor bump may add
//! new operations or new optional fields; a host accepts a plugin whose minor
//! version is at most its own ([`compatible`]).
//!
//! Plugins must be built with `panic = "unwind"` (the default): with
//! `panic = "abort"` a panicking plugin takes the whole engine down, and
//! nothing on this side of the boundary can prevent it.

use std::cell::{Cell, RefCell};
use std::sync::Once;

use crate::{PluginError, SectionPlugin, SectionRequest};

/// The major ABI version; it is part of [`SYMBOL`].
///
/// Version 2 (model version 2): no raw blocks, engine-owned fields refused
/// on input, origins on content, warnings with a data path, and a list of
/// errors from `build`.
pub const ABI_MAJOR: u32 = 2;
/// The minor ABI version this SDK speaks.
///
/// Minor 1: [`crate::PluginInfo`] may carry an `example` (the plugin's data
/// file as commented TOML). An engine of minor 0 refuses an info with a
/// field it does not know, so such a plugin says minor 1 and an older
/// engine reports it as too new, rather than failing to read it.
///
/// Minor 2: paragraphs, lists and boxes may carry where they were written
/// (`at`, as headings, tables and figures did), and a bulleted list is an
/// object (`{"items": […], "at": …}`) as a numbered list is. The engine
/// still reads the older list shape (the items alone) from plugins of
/// minor 1 and 0. A response may say which ids its section defines and
/// which ids of other sections it mentions (`defines`, `mentions`), for
/// the engine to check across sections.
pub const ABI_MINOR: u32 = 2;
/// The symbol every plugin library exports (NUL-terminated for `dlsym`).
pub const SYMBOL: &[u8] = b"quire_plugin_v2\0";

/// Operation: return the plugin's [`crate::PluginInfo`] as JSON.
pub const OP_INFO: u32 = 1;
/// Operation: build a section from a [`SectionRequest`] (JSON) and return
/// a [`crate::SectionResponse`] as JSON.
pub const OP_BUILD: u32 = 2;

/// What a call returns.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The output holds the answer as JSON.
    Ok = 0,
    /// The output holds a [`crate::PluginErrors`] (a list) as JSON.
    PluginError = 1,
    /// The plugin panicked; the output holds the message as UTF-8.
    Panicked = 2,
    /// The input could not be read; the output holds the reason as UTF-8.
    BadRequest = 3,
    /// The operation is unknown to this plugin.
    UnknownOperation = 4,
}

impl Status {
    /// The status for a raw code, if it is one.
    pub fn from_code(code: i32) -> Option<Self> {
        [
            Status::Ok,
            Status::PluginError,
            Status::Panicked,
            Status::BadRequest,
            Status::UnknownOperation,
        ]
        .into_iter()
        .find(|s| *s as i32 == code)
    }
}

/// Bytes allocated by the plugin and handed to the host, who must give
/// them back to the plugin's `free`.
#[repr(C)]
#[derive(Debug)]
pub struct PluginBuffer {
    /// Start of the bytes.
    pub ptr: *mut u8,
    /// Number of bytes.
    pub len: usize,
    /// Capacity of the allocation (needed to free it).
    pub cap: usize,
}

impl PluginBuffer {
    /// An empty buffer (nothing to free).
    pub const fn empty() -> Self {
        Self {
            ptr: std::ptr::null_mut(),
            len: 0,
            cap: 0,
        }
    }

    /// Hands a vector's allocation over to the other side.
    pub fn from_vec(bytes: Vec<u8>) -> Self {
        let mut bytes = std::mem::ManuallyDrop::new(bytes);
        Self {
            ptr: bytes.as_mut_ptr(),
            len: bytes.len(),
            cap: bytes.capacity(),
        }
    }
}

/// The table a plugin library exports.
#[repr(C)]
pub struct PluginTable {
    /// The plugin's minor ABI version.
    pub abi_minor: u32,
    /// Runs an operation: reads `in_len` bytes at `in_ptr`, writes the
    /// answer into `*out`, returns a [`Status`] code.
    pub call: unsafe extern "C" fn(
        op: u32,
        in_ptr: *const u8,
        in_len: usize,
        out: *mut PluginBuffer,
    ) -> i32,
    /// Frees a buffer `call` wrote.
    pub free: unsafe extern "C" fn(buffer: PluginBuffer),
}

/// Whether a host speaking minor version `host` can use a plugin built for
/// minor version `plugin` (same major version, which the symbol guarantees).
pub fn compatible(host: u32, plugin: u32) -> bool {
    plugin <= host
}

thread_local! {
    /// Whether this thread is inside [`dispatch`].
    static DISPATCHING: Cell<bool> = const { Cell::new(false) };
    /// Where the last panic inside [`dispatch`] happened.
    static PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs (once) a panic hook that keeps panics inside [`dispatch`]
/// quiet, recording where they happened for the error the host reports;
/// any other panic goes to the hook that was there before.
fn install_quiet_panic_hook() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if DISPATCHING.with(Cell::get) {
                let location = info
                    .location()
                    .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
                PANIC_LOCATION.with(|slot| *slot.borrow_mut() = location);
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs one operation on a plugin, safely: the plugin side of `call`.
/// Used by [`crate::export_plugin!`]. Panics are caught here and returned
/// as [`Status::Panicked`] with their message and location; they print
/// nothing, as the host reports them.
pub fn dispatch(plugin: &dyn SectionPlugin, op: u32, input: &[u8]) -> (Status, Vec<u8>) {
    install_quiet_panic_hook();
    DISPATCHING.with(|d| d.set(true));
    let result =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| answer(plugin, op, input)));
    DISPATCHING.with(|d| d.set(false));
    result.unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the plugin panicked".into());
        let message = match PANIC_LOCATION.with(|slot| slot.borrow_mut().take()) {
            Some(location) => format!("{message} (at {location})"),
            None => message,
        };
        (Status::Panicked, message.into_bytes())
    })
}

/// The answer to one operation (panics propagate to [`dispatch`]).
fn answer(plugin: &dyn SectionPlugin, op: u32, input: &[u8]) -> (Status, Vec<u8>) {
    match op {
        OP_INFO => json(Status::Ok, &plugin.info()),
        OP_BUILD => match serde_json::from_slice::<SectionRequest>(input) {
            Ok(request) => match plugin.build(&request) {
                Ok(response) => json(Status::Ok, &response),
                Err(error) => json(Status::PluginError, &error),
            },
            Err(e) => (
                Status::BadRequest,
                format!("the request is not valid JSON for this plugin: {e}").into_bytes(),
            ),
        },
        other => (
            Status::UnknownOperation,
            format!("unknown operation {other}").into_bytes(),
        ),
    }
}

fn json<T: serde::Serialize>(status: Status, value: &T) -> (Status, Vec<u8>) {
    match serde_json::to_vec(value) {
        Ok(bytes) => (status, bytes),
        Err(e) => {
            let error = PluginError::Failed(format!("cannot serialise the answer: {e}"));
            (
                Status::PluginError,
                serde_json::to_vec(&crate::PluginErrors::from(error)).unwrap_or_default(),
            )
        }
    }
}

/// Exports a [`SectionPlugin`] from a `cdylib` crate under the versioned
/// symbol. The type must be a unit struct (or a constant expression).
///
/// ```ignore
/// pub struct MyPlugin;
/// impl quire_plugin::SectionPlugin for MyPlugin { /* … */ }
/// quire_plugin::export_plugin!(MyPlugin);
/// ```
#[macro_export]
macro_rules! export_plugin {
    ($plugin:expr) => {
        // An anonymous scope: the names below cannot clash with the crate's,
        // and `$plugin` resolves where the macro is invoked.
        const _: () = {
            use $crate::abi::{PluginBuffer, PluginTable};

            #[allow(unsafe_code)]
            unsafe extern "C" fn call(
                op: u32,
                in_ptr: *const u8,
                in_len: usize,
                out: *mut PluginBuffer,
            ) -> i32 {
                let input: &[u8] = if in_ptr.is_null() || in_len == 0 {
                    &[]
                } else {
                    // SAFETY: the host lends `in_len` readable bytes at
                    // `in_ptr` for the duration of this call (the ABI's rule).
                    unsafe { ::std::slice::from_raw_parts(in_ptr, in_len) }
                };
                let (status, bytes) = $crate::abi::dispatch(&$plugin, op, input);
                if !out.is_null() {
                    // SAFETY: `out` points at a buffer slot the host owns and
                    // checked for null; we only write our freshly made buffer.
                    unsafe { out.write(PluginBuffer::from_vec(bytes)) };
                }
                status as i32
            }

            #[allow(unsafe_code)]
            unsafe extern "C" fn free(buffer: PluginBuffer) {
                if !buffer.ptr.is_null() {
                    // SAFETY: the buffer was made by `PluginBuffer::from_vec`
                    // in this library, with this pointer, length and capacity,
                    // and the host hands each buffer back exactly once.
                    drop(unsafe {
                        ::std::vec::Vec::from_raw_parts(buffer.ptr, buffer.len, buffer.cap)
                    });
                }
            }

            static TABLE: PluginTable = PluginTable {
                abi_minor: $crate::abi::ABI_MINOR,
                call,
                free,
            };

            /// The versioned entry point the engine looks up.
            #[allow(unsafe_code)]
            #[unsafe(no_mangle)]
            pub extern "C" fn quire_plugin_v2() -> *const PluginTable {
                &TABLE
            }
        };
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PluginInfo, SectionResponse};

    struct Panics;

    impl SectionPlugin for Panics {
        fn info(&self) -> PluginInfo {
            PluginInfo::new("panics", "0", "")
        }

        fn build(&self, _: &SectionRequest) -> Result<SectionResponse, crate::PluginErrors> {
            panic!("boom at {}", 42)
        }
    }

    #[test]
    fn minor_versions_are_backward_compatible_only() {
        assert!(compatible(0, 0));
        assert!(compatible(3, 2));
        assert!(!compatible(2, 3), "a plugin newer than the host is refused");
    }

    #[test]
    fn symbol_carries_the_major_version() {
        assert_eq!(SYMBOL, format!("quire_plugin_v{ABI_MAJOR}\0").as_bytes());
    }

    #[test]
    fn panics_become_a_status_with_the_message() {
        let request = crate::SectionRequest::new(
            crate::SectionContext {
                id: "x".into(),
                label: "sec-x".into(),
            },
            quire_model::Meta::default(),
        );
        let input = serde_json::to_vec(&request).unwrap();
        let (status, bytes) = dispatch(&Panics, OP_BUILD, &input);
        assert_eq!(status, Status::Panicked);
        let message = String::from_utf8(bytes).unwrap();
        assert!(message.starts_with("boom at 42 (at "), "{message}");
        assert!(
            message.contains("abi.rs:"),
            "the panic's location: {message}"
        );
    }

    #[test]
    fn bad_input_and_unknown_operations_are_statuses() {
        assert_eq!(
            dispatch(&Panics, OP_BUILD, b"not json").0,
            Status::BadRequest
        );
        assert_eq!(dispatch(&Panics, 99, b"").0, Status::UnknownOperation);
        let (status, info) = dispatch(&Panics, OP_INFO, b"");
        assert_eq!(status, Status::Ok);
        assert_eq!(
            serde_json::from_slice::<PluginInfo>(&info).unwrap().name,
            "panics"
        );
    }

    #[test]
    fn status_codes_round_trip() {
        for s in [
            Status::Ok,
            Status::PluginError,
            Status::Panicked,
            Status::BadRequest,
            Status::UnknownOperation,
        ] {
            assert_eq!(Status::from_code(s as i32), Some(s));
        }
        assert_eq!(Status::from_code(77), None);
    }
}
