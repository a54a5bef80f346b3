//! The layout both sides of the C ABI agree on: the versions, the symbol,
//! the operation codes, the status codes and the `#[repr(C)]` buffer and
//! table, and which minor versions a host accepts.

/// The major ABI version; it is part of [`SYMBOL`].
///
/// Version 2 (model version 2): no raw blocks, engine-owned fields refused
/// on input, origins on content, warnings with a data path, and a list of
/// errors from `build`.
pub const ABI_MAJOR: u32 = 2;
/// The minor ABI version this SDK speaks.
///
/// Minor 1: [`quire_wire::PluginInfo`] may carry an `example` (the plugin's data
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

/// Operation: return the plugin's [`quire_wire::PluginInfo`] as JSON.
pub const OP_INFO: u32 = 1;
/// Operation: build a section from a [`quire_wire::SectionRequest`] (JSON) and return
/// a [`quire_wire::SectionResponse`] as JSON.
pub const OP_BUILD: u32 = 2;

/// What a call returns.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The output holds the answer as JSON.
    Ok = 0,
    /// The output holds a [`quire_wire::PluginErrors`] (a list) as JSON.
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

#[cfg(test)]
mod tests {
    use super::*;

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
