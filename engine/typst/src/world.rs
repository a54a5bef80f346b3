//! The in-memory Typst world: project files from disk (inside the project
//! folder only), the model and style as virtual JSON files, and the style's
//! own fonts — never the machine's.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use quire_files::image::Images;
use quire_files::{FileError as ReadError, Limit, ProjectRoot};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};
use typst_kit::files::{FileLoader, FileStore};
use typst_kit::fonts::FontStore;

use crate::{EmittedSources, TypstError, fonts};

/// Where the generated main file lives in the virtual project.
pub const MAIN_PATH: &str = "/.quire/main.typ";
/// Where the document model's JSON lives in the virtual project.
pub const DOCUMENT_PATH: &str = "/.quire/document.json";
/// Where the style's JSON lives in the virtual project.
pub const STYLE_PATH: &str = "/.quire/style.json";

/// Typst's standard library, built once per process and shared by every
/// world (a watch loop makes one per rebuild). With Typst's accessibility
/// extras, for the row-scoped header cells of key-value tables
/// (`pdf.header-cell`).
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| {
    LazyHash::new(
        Library::builder()
            .with_features([Feature::A11yExtras].into_iter().collect())
            .build(),
    )
});

/// A Typst world for one document project.
pub struct QuireWorld {
    library: &'static LazyHash<Library>,
    fonts: Arc<FontStore>,
    own_families: Vec<String>,
    files: FileStore<ProjectFiles>,
}

/// The most a template may read of one file (its imports, `read`,
/// `json`…): as much as any text file the build reads.
const TEMPLATE_READ: Limit = Limit {
    bytes: 8 * 1024 * 1024,
    what: "files for the template",
};

struct ProjectFiles {
    root: ProjectRoot,
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
                // The same rule as every other read: through links to the
                // real file, which must be a regular file inside the
                // project folder.
                let path = self.root.path().join(id.vpath().get_without_slash());
                self.root
                    .read(&path, TEMPLATE_READ)
                    .map(Bytes::new)
                    .map_err(|e| match e {
                        ReadError::Missing => FileError::NotFound(path),
                        other => FileError::Other(Some(
                            format!("`{}` cannot be read: {other}", id.vpath().get_with_slash())
                                .into(),
                        )),
                    })
            }
            VirtualRoot::Package(_) => Err(FileError::Other(Some(
                "Typst packages are not available to Quire templates".into(),
            ))),
        }
    }
}

impl QuireWorld {
    /// A world rooted at the project folder, holding the emitted sources,
    /// the figures' images (read and checked before) and the fonts of the
    /// style's font folder (plus Typst's own fonts as a fallback for
    /// characters the house fonts lack).
    pub fn new(
        files: &ProjectRoot,
        sources: EmittedSources,
        images: &Images,
    ) -> Result<Self, TypstError> {
        let main = project_file(MAIN_PATH);
        let fonts::Fonts {
            store: fonts,
            own_families,
        } = fonts::load(files, &sources.fonts_dir)?;
        // The sources move into the world: a 400-page model is megabytes of JSON.
        let mut generated = HashMap::from([
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
        for (path, image) in images {
            let id = VirtualPath::new(format!("/{path}"))
                .map(|vpath| RootedPath::new(VirtualRoot::Project, vpath).intern())
                .map_err(|_| {
                    TypstError::message(format!("the image path `{path}` is not one Typst takes"))
                })?;
            generated.insert(id, Bytes::new(image.bytes.to_vec()));
        }
        let files = FileStore::new(ProjectFiles {
            root: files.clone(),
            main,
            generated,
        });
        Ok(Self {
            library: &LIBRARY,
            fonts,
            own_families,
            files,
        })
    }

    /// The families of the style's font folder (Typst's own fonts, which
    /// follow them, are the fallback).
    pub fn own_families(&self) -> Vec<String> {
        self.own_families.clone()
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
