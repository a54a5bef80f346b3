//! The in-memory Typst world: project files from disk (inside the project
//! folder only), the model and style as virtual JSON files, and the style's
//! own fonts — never the machine's.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::files::{FileLoader, FileStore, FsRoot};
use typst_kit::fonts::FontStore;

use crate::{EmittedSources, TypstError, fonts};

/// Where the generated main file lives in the virtual project.
pub const MAIN_PATH: &str = "/.quire/main.typ";
/// Where the document model's JSON lives in the virtual project.
pub const DOCUMENT_PATH: &str = "/.quire/document.json";
/// Where the style's JSON lives in the virtual project.
pub const STYLE_PATH: &str = "/.quire/style.json";

/// Typst's standard library, built once per process and shared by every
/// world (a watch loop makes one per rebuild).
static LIBRARY: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(Library::builder().build()));

/// A Typst world for one document project.
pub struct QuireWorld {
    library: &'static LazyHash<Library>,
    fonts: Arc<FontStore>,
    files: FileStore<ProjectFiles>,
}

struct ProjectFiles {
    root: FsRoot,
    main: FileId,
    generated: HashMap<FileId, Bytes>,
}

fn project_file(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("generated paths are valid");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl FileLoader for ProjectFiles {
    fn load(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.generated.get(&id) {
            return Ok(bytes.clone());
        }
        match id.root() {
            VirtualRoot::Project => {
                // typst-kit keeps `..` inside the root but follows symbolic
                // links; one that leads out of the project folder is refused.
                let path = self.root.resolve(id.vpath())?;
                if let Ok(real) = path.canonicalize()
                    && !real.starts_with(self.root.path())
                {
                    return Err(FileError::Other(Some(
                        format!(
                            "`{}` is a link to a file outside the project folder, which templates may not read",
                            id.vpath().get_with_slash()
                        )
                        .into(),
                    )));
                }
                self.root.load(id.vpath())
            }
            VirtualRoot::Package(_) => Err(FileError::Other(Some(
                "Typst packages are not available to Quire templates".into(),
            ))),
        }
    }
}

impl QuireWorld {
    /// A world rooted at the project folder, holding the emitted sources and
    /// the fonts of the style's font folder (plus Typst's own fonts as a
    /// fallback for characters the house fonts lack).
    pub fn new(root: &Path, sources: EmittedSources) -> Result<Self, TypstError> {
        let main = project_file(MAIN_PATH);
        let fonts = fonts::load(&sources.fonts_dir)?;
        // The sources move into the world: a 400-page model is megabytes of JSON.
        let generated = HashMap::from([
            (main, Bytes::new(sources.main.into_bytes())),
            (
                project_file(DOCUMENT_PATH),
                Bytes::new(sources.document_json.into_bytes()),
            ),
            (
                project_file(STYLE_PATH),
                Bytes::new(sources.style_json.into_bytes()),
            ),
        ]);
        // The real path, so a link's target can be compared with it.
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let files = FileStore::new(ProjectFiles {
            root: FsRoot::new(root),
            main,
            generated,
        });
        Ok(Self {
            library: &LIBRARY,
            fonts,
            files,
        })
    }

    /// The project folder.
    pub fn root(&self) -> &Path {
        self.files.loader().root.path()
    }
}

impl World for QuireWorld {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.files.loader().main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.files.source(id)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.file(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    /// Documents carry their own date; `datetime.today()` is not offered, so
    /// builds are reproducible.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
