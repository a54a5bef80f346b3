//! No code. `quire` depends on this crate so that `cargo run -- build` and
//! `cargo test` resolve every dependency with the same features and share
//! one build; see this crate's `Cargo.toml`.
