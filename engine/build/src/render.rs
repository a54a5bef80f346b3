//! Every output asked for, made in parallel from one render context.

use std::path::PathBuf;
use std::time::Instant;

use quire_core::Assembled;
use quire_render::{Conformance, ContentsPages, RenderContext, RenderError, Rendered, Renderer};
use quire_style::Layout;

use crate::estimate::estimate;
use crate::renderers::renderers;
use crate::{BuildError, Options, OutputTimings};

/// What a render context borrows that is worked out for the build; kept
/// with what the build made, so later readers (the accessibility checks)
/// see the context the outputs were made from.
pub struct Context {
    display_date: String,
    layout: Layout,
    fonts_dir: PathBuf,
    conformance: Conformance,
    contents_pages: ContentsPages,
}

impl Context {
    /// The context's parts for an assembled document built with `options`;
    /// `paginated`: whether a renderer will publish the contents' pages.
    pub fn new(assembled: &Assembled, options: &Options, paginated: bool) -> Self {
        let project = &assembled.project;
        Self {
            display_date: project.display_date(),
            layout: Layout::new(&project.style),
            fonts_dir: project.style_dir().join(&project.style.fonts_dir),
            conformance: Conformance {
                accessible: project.manifest.output.pdf_ua,
                archival: options.pdf_a || project.manifest.output.pdf_a,
            },
            contents_pages: if paginated {
                ContentsPages::new()
            } else {
                ContentsPages::none()
            },
        }
    }

    /// The one context every renderer reads.
    pub fn render_context<'a>(&'a self, assembled: &'a Assembled) -> RenderContext<'a> {
        let project = &assembled.project;
        RenderContext {
            document: &assembled.document,
            style: &project.style,
            layout: &self.layout,
            style_dir: project.style_dir(),
            fonts_dir: &self.fonts_dir,
            files: &project.root,
            images: &assembled.images,
            display_date: &self.display_date,
            name: &project.name,
            conformance: self.conformance,
            missing_glyphs: &assembled.missing_glyphs,
            contents_pages: &self.contents_pages,
        }
    }
}

/// Each output made, by extension, in the renderers' order.
pub type Outputs = Vec<(&'static str, Rendered)>;

/// What one renderer's job came to: its output (none when it only laid the
/// document out in pages for the others) and its time.
type Job = (Result<Option<Rendered>, RenderError>, std::time::Duration);

/// Makes every output `options` asks for. The renderer that lays the
/// document out in pages runs whenever an output asked for prints page
/// numbers, even if its own output was not asked for; the others wait for
/// its pages only when they need them. The first error, in the renderers'
/// order, is the build's.
pub fn render(
    assembled: &Assembled,
    options: &Options,
) -> Result<(Context, Outputs, Vec<OutputTimings>), BuildError> {
    let project = &assembled.project;
    let all = renderers();
    let wanted = |r: &dyn Renderer| options.formats.wants(r.extension());
    let needs_pages = all.iter().any(|r| wanted(r.as_ref()) && r.needs_pages());
    // Each renderer's part: make its output, only paginate, or nothing.
    let jobs: Vec<(&dyn Renderer, bool)> = all
        .iter()
        .map(|r| r.as_ref())
        .filter_map(|r| match (wanted(r), r.paginates() && needs_pages) {
            (true, _) => Some((r, true)),
            (false, true) => Some((r, false)),
            (false, false) => None,
        })
        .collect();
    let context = Context::new(assembled, options, jobs.iter().any(|(r, _)| r.paginates()));
    let done: Vec<Job> = {
        let cx = context.render_context(assembled);
        // The template is the project's own code: the outputs are made under
        // the caller's guard (the command line's time and memory limit).
        let _guarded = options.guard.map(|guard| {
            guard(
                &project.style_dir().join(&project.style.template),
                estimate(assembled),
            )
        });
        std::thread::scope(|scope| {
            let running: Vec<_> = jobs
                .iter()
                .map(|&(renderer, make)| {
                    let cx = &cx;
                    scope.spawn(move || {
                        // Pages never published when the job ends, even by a
                        // panic, end the others' wait.
                        let _closes = renderer.paginates().then(|| CloseOnDrop(cx.contents_pages));
                        let started = Instant::now();
                        let result = if make {
                            renderer.render(cx).map(Some)
                        } else {
                            renderer.paginate_only(cx).map(|()| None)
                        };
                        (result, started.elapsed())
                    })
                })
                .collect();
            running
                .into_iter()
                .map(|job| job.join().expect("a renderer does not panic"))
                .collect()
        })
    };
    let mut outputs = Vec::new();
    let mut timings = Vec::new();
    for ((renderer, _), (result, elapsed)) in jobs.iter().zip(done) {
        let Some(made) = result.map_err(BuildError::Render)? else {
            continue;
        };
        timings.push(OutputTimings {
            extension: renderer.extension(),
            total: if made.stages.is_empty() {
                elapsed
            } else {
                made.stages.iter().map(|(_, d)| *d).sum()
            },
            stages: made.stages.clone(),
        });
        outputs.push((renderer.extension(), made));
    }
    Ok((context, outputs, timings))
}

/// Closes the contents' pages when dropped: a publisher that ends without
/// publishing (an error, a panic) leaves no renderer waiting.
struct CloseOnDrop<'a>(&'a ContentsPages);

impl Drop for CloseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}
