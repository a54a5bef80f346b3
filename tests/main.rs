//! The end-to-end tests: the `e2e` test target of the `quire` package (they
//! run its binary). Every other `tests/*.rs` file is a module of it, found
//! by `engine/cli/build.rs`, so a new file runs with no registration. One
//! file's tests: `cargo test -p quire --test e2e -- docx::`.

mod common;

include!(concat!(env!("OUT_DIR"), "/e2e_modules.rs"));
