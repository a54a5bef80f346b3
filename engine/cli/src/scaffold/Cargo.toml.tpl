# The `{{name}}` section plugin for Quire, made by `quire new-plugin`.
[package]
name = "{{crate}}"
version = "0.1.0"
edition = "2024"
publish = false

[lib]
# `cdylib`: the shared library Quire loads from a project's plugin folder.
# `rlib`: lets tests and other crates use the plugin as a library too.
crate-type = ["cdylib", "rlib"]

[dependencies]
# The plugin SDK: the trait, the wire types, the model and `export_plugin!`.
# Build against the SDK of the engine that will load the plugin.
quire-plugin = { path = "{{sdk}}" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[dev-dependencies]
quire-plugin = { path = "{{sdk}}", features = ["testing"] }

# Panics must unwind: the SDK catches them at the boundary and the engine
# reports them. With `panic = "abort"` a panic would end the whole build.
[profile.release]
panic = "unwind"

[profile.dev]
panic = "unwind"

# A workspace of its own, so it builds wherever it is put.
[workspace]
