//! End to end: plugins put in a project's plugin folder are loaded by the
//! `quire` binary, used by the manifest, and appear in both outputs; every
//! broken plugin stops the build with an error naming its file, and writes
//! nothing. A loaded plugin replaces a built-in only when the manifest says so.

use crate::common;

use common::plugins::{BUILTINS, add_section, append_to_manifest, builtin, fixture, install};
use common::{builds, copy_project, fails_with, pdf_text, quire};

#[test]
fn a_plugin_in_the_plugin_folder_appears_in_both_outputs() {
    let p = copy_project();
    let library = install(p.path(), &fixture("probe"));
    let listed = quire(p.path(), &["plugins"]);
    let listing = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.status.success(), "{listing}");
    let path = library.canonicalize().unwrap();
    let line = format!("probe        0.1.0    {}", path.display());
    assert!(listing.contains(&line), "{listing}");
    let builtin = format!("theme        {}    built-in", env!("CARGO_PKG_VERSION"));
    assert!(listing.contains(&builtin), "{listing}");
    add_section(
        p.path(),
        "probe",
        "probe",
        "say = \"Words from a loaded plugin\"\n",
    );
    builds(p.path());
    let pdf = pdf_text(&p.path().join("out/hate-crime-strategy.pdf"));
    assert!(pdf.contains("Words from a loaded plugin"), "{pdf}");
    let docx = std::fs::read(p.path().join("out/hate-crime-strategy.docx")).unwrap();
    let document = common::docx_part(&docx, "word/document.xml");
    assert!(document.contains("Words from a loaded plugin"));
}

#[test]
fn the_shipped_strategy_built_by_loaded_built_ins_is_byte_identical() {
    let statically = copy_project();
    builds(statically.path());

    let dynamically = copy_project();
    for name in BUILTINS {
        install(dynamically.path(), &builtin(name));
    }
    let names = BUILTINS.map(|n| format!("\"{n}\"")).join(", ");
    append_to_manifest(
        dynamically.path(),
        &format!("\n[plugins]\noverride = [{names}]\n"),
    );
    builds(dynamically.path());

    for file in ["hate-crime-strategy.pdf", "hate-crime-strategy.docx"] {
        let a = std::fs::read(statically.path().join("out").join(file)).unwrap();
        let b = std::fs::read(dynamically.path().join("out").join(file)).unwrap();
        assert!(a == b, "{file} differs between static and loaded plugins");
    }
}

#[test]
fn a_clash_with_a_built_in_is_an_error_unless_the_manifest_overrides_it() {
    let p = copy_project();
    let library = install(p.path(), &builtin("theme"));
    fails_with(
        p.path(),
        &[
            &library.display().to_string(),
            "also the name of a built-in plugin",
            "override = [\"theme\"]",
        ],
    );
    append_to_manifest(p.path(), "\n[plugins]\noverride = [\"theme\"]\n");
    builds(p.path());
}

#[test]
fn an_override_that_replaces_nothing_is_an_error() {
    let p = copy_project();
    append_to_manifest(
        p.path(),
        "\n[plugins]\noverride = [\"theme\", \"tables\"]\n",
    );
    fails_with(
        p.path(),
        &[
            "sections/quire.toml:",
            "no library in the plugin folders is called `theme`",
            "no built-in plugin called `tables`",
        ],
    );
}

#[test]
fn a_missing_plugin_folder_is_an_error_at_its_line() {
    let p = copy_project();
    append_to_manifest(p.path(), "\n[plugins]\ndirs = [\"no-such-folder\"]\n");
    fails_with(
        p.path(),
        &[
            "sections/quire.toml:",
            "plugin folder `no-such-folder` does not exist",
        ],
    );
}

#[test]
fn libraries_that_cannot_be_plugins_are_refused_naming_the_file() {
    let newer = format!(
        "was built for plugin ABI 2.{}",
        quire_plugin::abi::ABI_MINOR + 1
    );
    for (fixture_name, expected) in [
        ("no_entry", "has no `quire_plugin_v2` entry point"),
        ("wrong_major", "built for plugin ABI version 1"),
        ("newer_minor", newer.as_str()),
    ] {
        let p = copy_project();
        let library = install(p.path(), &fixture(fixture_name));
        fails_with(p.path(), &[&library.display().to_string(), expected]);
    }
    let p = copy_project();
    let fake = p.path().join("sections/plugins/libnotes.so");
    std::fs::create_dir_all(fake.parent().unwrap()).unwrap();
    std::fs::write(&fake, "meeting notes, not a library").unwrap();
    // The system loader's own reason is passed on, not only "dlopen failed".
    #[cfg(target_os = "linux")]
    let reason = "file too short";
    #[cfg(not(target_os = "linux"))]
    let reason = "";
    fails_with(
        p.path(),
        &[
            &fake.display().to_string(),
            "is not a plugin library",
            reason,
        ],
    );
}

#[test]
fn a_plugin_that_fails_panics_or_answers_garbage_is_reported_with_the_rest() {
    let p = copy_project();
    for name in ["probe", "bad_json", "bad_model", "newer_model"] {
        install(p.path(), &fixture(name));
    }
    add_section(p.path(), "failing", "probe", "mode = \"fail\"\n");
    add_section(p.path(), "panicking", "probe", "mode = \"panic\"\n");
    add_section(p.path(), "garbage", "bad-json", "");
    add_section(p.path(), "nonsense", "bad-model", "");
    add_section(p.path(), "future", "newer-model", "");
    // An unrelated author's mistake is still reported alongside.
    common::edit(
        &p.path().join("sections/quire.toml"),
        "plugin = \"aims\"",
        "plugin = \"aimz\"",
    );
    let stderr = fails_with(
        p.path(),
        &[
            "sections/data/failing.toml",
            "the probe was asked to fail",
            "libprobe",
            "probe panicked on purpose (at ",
            "libbad_json",
            "not valid JSON",
            "libbad_model",
            "a block of a type this engine does not know",
            "libnewer_model",
            "model version 3",
            "no plugin called `aimz`",
        ],
    );
    assert!(!stderr.contains("stack backtrace"), "{stderr}");
}

#[test]
fn a_plugin_that_hangs_is_reported_by_name_after_the_timeout_with_the_rest() {
    let p = copy_project();
    install(p.path(), &fixture("probe"));
    append_to_manifest(p.path(), "\n[plugins]\ntimeout = 1\n");
    add_section(p.path(), "hanging", "probe", "mode = \"hang\"\n");
    // The hung process was stopped: the next section gets a fresh one.
    add_section(p.path(), "after", "probe", "mode = \"fail\"\n");
    common::edit(
        &p.path().join("sections/quire.toml"),
        "plugin = \"aims\"",
        "plugin = \"aimz\"",
    );
    let started = std::time::Instant::now();
    let stderr = fails_with(
        p.path(),
        &[
            "section `hanging`: the `probe` plugin did not finish within 1 s; its process was stopped",
            "raise `timeout` (in seconds) under `[plugins]`",
            "the probe was asked to fail",
            "no plugin called `aimz`",
        ],
    );
    assert!(!stderr.contains("still running"), "{stderr}");
    let took = started.elapsed();
    // One timeout, not one per section; generous for a slow machine.
    assert!(
        took < std::time::Duration::from_secs(20),
        "{took:?}\n{stderr}"
    );
}

#[test]
fn in_process_a_hung_plugin_is_left_running_and_not_waited_for_twice() {
    let p = copy_project();
    install(p.path(), &fixture("probe"));
    append_to_manifest(p.path(), "\n[plugins]\ntimeout = 1\nisolation = \"none\"\n");
    add_section(p.path(), "hanging", "probe", "mode = \"hang\"\n");
    add_section(p.path(), "after", "probe", "say = \"hello\"\n");
    fails_with(
        p.path(),
        &[
            "section `hanging`: the `probe` plugin did not finish within 1 s; it was left running",
            "section `after`: the `probe` plugin is still running section `hanging`",
            "restart Quire",
        ],
    );
}

#[test]
fn a_plugin_that_crashes_aborts_or_exits_is_that_sections_error_and_the_build_goes_on() {
    let p = copy_project();
    install(p.path(), &fixture("probe"));
    add_section(p.path(), "crashing", "probe", "mode = \"segfault\"\n");
    add_section(p.path(), "aborting", "probe", "mode = \"abort\"\n");
    add_section(p.path(), "exiting", "probe", "mode = \"exit\"\n");
    add_section(p.path(), "failing", "probe", "mode = \"fail\"\n");
    let out = quire(p.path(), &["build"]);
    let stderr = common::no_crash(&out, "crashing plugins");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for expected in [
        "section `crashing`: the `probe` plugin crashed with a segmentation fault (signal 11) while building the section",
        "section `aborting`: the `probe` plugin crashed with an abort (signal 6) while building the section",
        "section `exiting`: the `probe` plugin exited with code 0 without answering while building the section",
        "the probe was asked to fail",
        "report the crash to the plugin's author",
        "the build stopped with 4 errors",
    ] {
        assert!(stderr.contains(expected), "{expected:?} in:\n{stderr}");
    }
    assert!(!p.path().join("out").exists(), "nothing was written");
}

#[test]
fn what_a_plugin_prints_never_garbles_its_answer() {
    let p = copy_project();
    install(p.path(), &fixture("probe"));
    add_section(p.path(), "printing", "probe", "mode = \"print\"\n");
    builds(p.path());
    let docx = std::fs::read(p.path().join("out/hate-crime-strategy.docx")).unwrap();
    let document = common::docx_part(&docx, "word/document.xml");
    assert!(document.contains("printed and answered"));
}

#[cfg(target_os = "linux")]
#[test]
fn a_library_whose_constructor_hangs_is_stopped_naming_the_file() {
    let p = copy_project();
    let library = install(p.path(), &fixture("constructor"));
    // Unconfined: a confined plugin does not see the variable that makes
    // the constructor hang (a confined host keeps only a few, such as the
    // locale's).
    append_to_manifest(p.path(), "\n[plugins]\ntimeout = 0.5\nsandbox = \"off\"\n");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("build")
        .current_dir(p.path())
        .env("NO_COLOR", "1")
        .env("QUIRE_FIXTURE_HANG", "1")
        .output()
        .unwrap();
    let stderr = common::no_crash(&out, "constructor");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let expected = format!(
        "`{}` did not finish loading within 500 ms; it was stopped",
        library.canonicalize().unwrap().display()
    );
    assert!(stderr.contains(&expected), "{expected:?} in:\n{stderr}");
}

#[test]
fn a_timeout_that_cannot_be_used_is_an_error_at_its_line() {
    for bad in ["0", "-3", "1e9", "\"soon\""] {
        let p = copy_project();
        append_to_manifest(p.path(), &format!("\n[plugins]\ntimeout = {bad}\n"));
        fails_with(p.path(), &["sections/quire.toml:", "timeout"]);
    }
}

/// Where the small `quire-plugin-host` is not installed beside `quire`,
/// `quire` hosts its loaded plugins itself (`quire plugin-host`), still
/// each in a process of its own.
#[test]
fn without_the_small_host_quire_hosts_its_plugins_itself() {
    let p = copy_project();
    install(p.path(), &fixture("probe"));
    add_section(
        p.path(),
        "hosted",
        "probe",
        "say = \"Hosted by quire itself\"\n",
    );
    add_section(p.path(), "crashing", "probe", "mode = \"abort\"\n");
    let alone = tempfile::tempdir().unwrap();
    let quire_alone = alone.path().join("quire");
    std::fs::copy(env!("CARGO_BIN_EXE_quire"), &quire_alone).unwrap();
    let out = std::process::Command::new(&quire_alone)
        .arg("build")
        .current_dir(p.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = common::no_crash(&out, "quire alone");
    // The crash is that section's error, so the host was a process of its own.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("section `crashing`: the `probe` plugin crashed with an abort"),
        "{stderr}"
    );
    assert!(!stderr.contains("section `hosted`"), "{stderr}");
}
