//! Plugin libraries built for the tests: the fixture plugins
//! (`tests/fixtures/plugins`) and the built-in plugin crates as loadable
//! cdylibs. They are built once per test binary, with the repository's own
//! lock file, into `target/fixture-plugins` (a folder of their own, as the
//! running `cargo test` holds `target/debug`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use super::repo;

/// The built-in plugin crates (`plugins/<name>`), by plugin name.
pub const BUILTINS: [&str; 9] = [
    "overview",
    "baseline",
    "aims",
    "partnership",
    "plan",
    "theme",
    "process",
    "prose",
    "committee",
];

/// Where the plugins for the tests are built.
pub fn target_dir() -> PathBuf {
    // The test binary is `target/<profile>/deps/<name>`.
    let exe = std::env::current_exe().unwrap();
    exe.ancestors().nth(3).unwrap().join("fixture-plugins")
}

fn cargo_build(args: &[String]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["build", "--quiet", "--locked", "--manifest-path"])
        .arg(repo().join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target_dir())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "building plugins failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn library_name(crate_name: &str) -> String {
    format!(
        "{}{}{}",
        std::env::consts::DLL_PREFIX,
        crate_name.replace('-', "_"),
        std::env::consts::DLL_SUFFIX
    )
}

/// The fixture plugin `name` (`probe`, `bad_json`, `wrong_major`…: the
/// files in `tests/fixtures/plugins/examples`), built as a shared library.
pub fn fixture(name: &str) -> PathBuf {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        cargo_build(&[
            "-p".into(),
            "quire-fixture-plugins".into(),
            "--examples".into(),
        ])
    });
    target_dir().join("debug/examples").join(library_name(name))
}

/// The built-in plugin `name` (`theme`) built as a cdylib with its
/// `export` feature: a plugin any engine can load.
pub fn builtin(name: &str) -> PathBuf {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        let mut args = Vec::new();
        let mut features = Vec::new();
        for plugin in BUILTINS {
            args.extend(["-p".to_string(), format!("quire-section-{plugin}")]);
            features.push(format!("quire-section-{plugin}/export"));
        }
        args.extend(["--features".to_string(), features.join(",")]);
        cargo_build(&args)
    });
    target_dir()
        .join("debug")
        .join(library_name(&format!("quire-section-{name}")))
}

/// Copies `library` into the project's default plugin folder
/// (`sections/plugins`), returning its new path.
pub fn install(project: &Path, library: &Path) -> PathBuf {
    let folder = project.join("sections/plugins");
    std::fs::create_dir_all(&folder).unwrap();
    let target = folder.join(library.file_name().unwrap());
    std::fs::copy(library, &target).unwrap();
    target
}

/// Appends TOML to the project's manifest.
pub fn append_to_manifest(project: &Path, toml: &str) {
    super::append(&project.join("sections/quire.toml"), toml);
}

/// A section using plugin `plugin`, with data file `data/<id>.toml` holding `data`.
pub fn add_section(project: &Path, id: &str, plugin: &str, data: &str) {
    std::fs::write(project.join(format!("sections/data/{id}.toml")), data).unwrap();
    append_to_manifest(
        project,
        &format!(
            "\n[[sections]]\nid = \"{id}\"\nplugin = \"{plugin}\"\ndata = \"data/{id}.toml\"\n"
        ),
    );
}
