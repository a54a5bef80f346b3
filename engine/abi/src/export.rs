//! The plugin side of a call: [`dispatch`] runs one operation on a
//! [`SectionPlugin`], catching its panics, and [`crate::export_plugin!`]
//! exports a plugin under the versioned symbol with a `call` and a `free`
//! that wrap it.

use std::cell::{Cell, RefCell};
use std::sync::Once;

use quire_wire::{PluginError, PluginErrors, SectionPlugin, SectionRequest};

use crate::{OP_BUILD, OP_INFO, Status};

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
                serde_json::to_vec(&PluginErrors::from(error)).unwrap_or_default(),
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
            use $crate::{PluginBuffer, PluginTable};

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
                let (status, bytes) = $crate::dispatch(&$plugin, op, input);
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
                abi_minor: $crate::ABI_MINOR,
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
    use quire_wire::{PluginInfo, SectionContext, SectionResponse};

    struct Panics;

    impl SectionPlugin for Panics {
        fn info(&self) -> PluginInfo {
            PluginInfo::new("panics", "0", "")
        }

        fn build(&self, _: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
            panic!("boom at {}", 42)
        }
    }

    #[test]
    fn panics_become_a_status_with_the_message() {
        let request = SectionRequest::new(
            SectionContext {
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
            message.contains("export.rs:"),
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
}
