//! The `quire` command line, as a library so end-to-end tests can reach the
//! built-in plugin set.

pub mod a11y;
pub mod build;
pub mod build_all;
pub mod builtins;
pub mod check;
pub mod init;
pub mod plugins;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod typeset_limits;
pub mod ui;
pub mod watch;

/// The allocator of every program that links Quire's command line (the
/// `quire` binary, its tests and benches). Typesetting allocates and frees
/// millions of small objects per build; see `benches/authoring.rs` for what
/// this saves over the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
