use super::*;

const LIMIT: Limit = Limit {
    bytes: 16,
    what: "test files",
};

fn project() -> (tempfile::TempDir, ProjectRoot) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("project")).unwrap();
    std::fs::write(dir.path().join("project/inside.txt"), b"inside").unwrap();
    std::fs::write(dir.path().join("secret.txt"), b"secret").unwrap();
    let root = ProjectRoot::new(&dir.path().join("project")).unwrap();
    (dir, root)
}

#[test]
fn a_file_inside_is_read() {
    let (_dir, root) = project();
    assert_eq!(
        root.read(Path::new("inside.txt"), LIMIT).unwrap(),
        b"inside"
    );
    assert_eq!(
        root.read(&root.path().join("inside.txt"), LIMIT).unwrap(),
        b"inside"
    );
}

#[test]
fn parents_and_absolute_paths_out_are_refused() {
    let (dir, root) = project();
    for path in [
        PathBuf::from("../secret.txt"),
        dir.path().join("secret.txt"),
        PathBuf::from("/etc/hostname"),
    ] {
        let error = root.read(&path, LIMIT).unwrap_err();
        assert!(
            matches!(error, FileError::Outside { .. }),
            "{path:?}: {error}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_link_through_a_folder_out_is_refused_even_when_the_path_looks_inside() {
    let (dir, root) = project();
    std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("elsewhere"), root.path().join("lnk")).unwrap();
    // `lnk/../secret.txt` is `./secret.txt` on paper, but the kernel
    // resolves `..` from the link's target.
    let error = root
        .read(Path::new("lnk/../secret.txt"), LIMIT)
        .unwrap_err();
    assert!(matches!(error, FileError::Outside { .. }), "{error}");
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.path().join("s.txt")).unwrap();
    let error = root.read(Path::new("s.txt"), LIMIT).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("leads outside the project folder")
    );
}

#[cfg(unix)]
#[test]
fn a_link_inside_to_a_file_inside_is_read() {
    let (_dir, root) = project();
    std::os::unix::fs::symlink("inside.txt", root.path().join("alias.txt")).unwrap();
    assert_eq!(root.read(Path::new("alias.txt"), LIMIT).unwrap(), b"inside");
}

#[cfg(unix)]
#[test]
fn only_regular_files_are_opened_and_a_pipe_never_blocks() {
    let (_dir, root) = project();
    let pipe = root.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status();
    assert!(made.unwrap().success());
    let error = root.read(Path::new("pipe"), LIMIT).unwrap_err();
    assert_eq!(error.to_string(), "it is a named pipe, not a file");
    std::fs::create_dir(root.path().join("folder")).unwrap();
    let error = root.read(Path::new("folder"), LIMIT).unwrap_err();
    assert_eq!(error.to_string(), "it is a folder, not a file");
    let error = read_regular(&pipe, LIMIT).unwrap_err();
    assert!(matches!(error, FileError::NotAFile { .. }));
}

#[test]
fn missing_files_and_dangling_links_do_not_exist() {
    let (_dir, root) = project();
    assert!(matches!(
        root.read(Path::new("nothing.txt"), LIMIT),
        Err(FileError::Missing)
    ));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("nowhere.txt", root.path().join("dangling")).unwrap();
        assert!(matches!(
            root.read(Path::new("dangling"), LIMIT),
            Err(FileError::Missing)
        ));
    }
}

#[test]
fn a_file_past_the_limit_is_refused_unread() {
    let (_dir, root) = project();
    std::fs::write(root.path().join("big.txt"), [b'x'; 17]).unwrap();
    let error = root.read(Path::new("big.txt"), LIMIT).unwrap_err();
    assert_eq!(
        error.to_string(),
        "it is 0.0 MiB, and Quire reads test files of at most 0.0 MiB"
    );
    std::fs::write(root.path().join("fits.txt"), [b'x'; 16]).unwrap();
    assert_eq!(root.read(Path::new("fits.txt"), LIMIT).unwrap().len(), 16);
}

#[test]
fn entries_are_sorted_and_hide_dot_files() {
    let (_dir, root) = project();
    std::fs::create_dir(root.path().join("fonts")).unwrap();
    for name in ["b.ttf", ".hidden.ttf", "a.ttf"] {
        std::fs::write(root.path().join("fonts").join(name), b"").unwrap();
    }
    let names: Vec<_> = root
        .entries(Path::new("fonts"))
        .unwrap()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["a.ttf", "b.ttf"]);
    std::fs::write(root.path().join("fonts/OFL.txt"), b"").unwrap();
    std::fs::write(root.path().join("fonts/C.OTF"), b"").unwrap();
    let fonts: Vec<_> = root
        .font_files(Path::new("fonts"))
        .unwrap()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        fonts,
        ["C.OTF", "a.ttf", "b.ttf"],
        "fonts only, of any case"
    );
    assert!(root.entries(Path::new("inside.txt")).is_err());
    assert!(matches!(
        root.entries(Path::new("..")),
        Err(FileError::Outside { .. })
    ));
}

#[test]
fn normalize_resolves_parents_on_paper() {
    assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
    assert_eq!(normalize(Path::new("../a")), PathBuf::from("../a"));
}

#[test]
fn a_place_to_write_may_not_exist_yet_but_must_lead_inside() {
    let (dir, root) = project();
    assert_eq!(
        root.resolve_for_writing(Path::new("out/pdf")).unwrap(),
        root.path().join("out/pdf")
    );
    assert!(matches!(
        root.resolve_for_writing(Path::new("new/../../out")),
        Err(FileError::Outside { .. })
    ));
    #[cfg(unix)]
    {
        std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), root.path().join("lnk")).unwrap();
        assert!(matches!(
            root.resolve_for_writing(Path::new("lnk/out")),
            Err(FileError::Outside { .. })
        ));
        std::os::unix::fs::symlink(dir.path().join("gone"), root.path().join("dangling")).unwrap();
        assert!(matches!(
            root.resolve_for_writing(Path::new("dangling/out")),
            Err(FileError::Outside { .. })
        ));
    }
}
