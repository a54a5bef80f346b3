# The `{{name}}` section plugin

A section plugin for Quire, made by
`quire new-plugin {{name}}`. It builds a section with a heading, a short
Markdown summary, an optional prose template and a list of items, from a
TOML data file like [`sample.toml`](sample.toml).

## Build, install, use

```sh
cargo test                      # the plugin's own tests
cargo build --release           # writes target/release/{{lib}}
```

Copy `target/release/{{lib}}` into the document project's plugin folder
(by default `plugins/` next to the manifest, e.g. `sections/plugins/`),
copy `sample.toml` to `sections/data/{{name}}.toml`, and add the section
to the manifest (`sections/quire.toml`) where it should appear:

```toml
[[sections]]
id = "{{name}}"
plugin = "{{name}}"
data = "data/{{name}}.toml"
# prose = { intro = "prose/{{name}}-intro.md" }   # optional
```

Then `quire build`. Quire loads every library in the plugin folder; if a
library cannot be loaded, the error names the file.

## Changing it

- `src/lib.rs`: `Data` is the data file's shape (unknown fields are
  refused, so authors learn about typos with the field's path); `build`
  turns it into blocks of Quire's document model. `read_data` checks the
  data against `Data`'s schema first, so every wrong field in a file is
  reported at once; the doc comment on each field is what authors read
  when it is missing, and on the reference page.
- `sample.toml` is the plugin's example (`info()` gives it): `quire plugins
  --example {{name}}` prints it and `quire plugins --reference {{name}}`
  shows it under every field of the data file. Keep it complete and
  commented; the tests build it.
- Return `PluginError::data("field.path", "what was expected")` for bad
  data: Quire points the author at that field's line in the data file.
  Collect several in `PluginErrors` (`errors.keep(result)`) so an author
  sees every problem in one build; `response.warn_at("field.path", "…")`
  warns about one data item, shown at its line.
- Keep the name in `info()` unique: it is the name the manifest uses, and
  a clash with a built-in plugin is refused unless the manifest's
  `[plugins] override` lists it.
- Rebuild the plugin whenever the engine's SDK changes major version: the
  engine refuses plugins built for another major ABI version, or for a
  newer minor version than its own.
- Keep `panic = "unwind"` (the default): a panic is then caught and reported
  as an error; with `panic = "abort"` it would end the whole build.
