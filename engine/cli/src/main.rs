//! `quire`: assemble a document project into a typeset PDF.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use quire::report::{ColorWhen, MessageFormat};
use quire::ui::{EXIT_ERRORS, Ui};

/// Quire assembles long policy documents from section plugins, structured
/// data (TOML) and prose templates (Markdown with Handlebars) into a
/// typeset PDF and a Word copy.
#[derive(Debug, Parser)]
#[command(
    name = "quire",
    version,
    about,
    long_about = None,
    after_help = "Exit codes: 0 success; 1 the document has errors (nothing was written) or an \
                  output could not be written; 2 the command line is wrong.\n\n\
                  Examples:\n  quire build\n  quire check --message-format short\n  \
                  quire build --profile committee --out /tmp/draft"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// How to print errors and warnings: `human` (quoted and underlined) or
    /// `short` (one `file:line:col: error: message` line each, for editors).
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t,
        value_name = "FORMAT"
    )]
    message_format: MessageFormat,
    /// Colour: `auto` (on a terminal, unless NO_COLOR is set), `always`, `never`.
    #[arg(long, global = true, value_enum, default_value_t, value_name = "WHEN")]
    color: ColorWhen,
    /// Print only errors and warnings.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Also print timings per stage.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    verbose: bool,
    /// Make warnings errors (`--deny warnings`), for CI: `build` and
    /// `watch` then write nothing and `check` fails when there are any.
    #[arg(long, global = true, value_enum, value_name = "WHAT")]
    deny: Vec<Denied>,
    /// Also load the plugin libraries in this folder, outside the project
    /// (plugins run as part of the build: only name a folder you trust).
    /// May be given more than once.
    #[arg(long, global = true, value_name = "DIR")]
    plugin_dir: Vec<PathBuf>,
}

/// What `--deny` makes errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Denied {
    /// Every warning.
    Warnings,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the document: writes <out>/<name>.pdf, .docx and .html.
    ///
    /// Examples:
    ///   quire build                          (./quire.toml or ./sections/quire.toml)
    ///   quire build sections/quire.toml --out /tmp/draft
    ///   quire build --profile committee      (the committee paper, Word and PDF)
    ///   quire build --all                    (the document and every profile)
    ///   quire build a/quire.toml b/quire.toml  (two documents in one run)
    #[command(verbatim_doc_comment)]
    Build(BuildCommand),
    /// Build, then rebuild whenever a file of the project changes (manifest,
    /// data, prose, images, style, template, fonts, plugins). A failed
    /// rebuild prints its errors and keeps the last good outputs.
    ///
    /// Examples:
    ///   quire watch
    ///   quire watch --only pdf --out /tmp/draft
    ///   quire watch --serve               (the HTML edition at http://127.0.0.1:3000/)
    #[command(verbatim_doc_comment)]
    Watch(WatchCommand),
    /// Check the whole project without typesetting: manifest, style, data,
    /// prose templates, plugins, labels and cross-references, for the
    /// document and every profile. Exits 0 when clean, 1 on errors.
    ///
    /// Examples:
    ///   quire check
    ///   quire check sections/quire.toml --message-format short
    ///   quire check --a11y   (the accessibility report: typesets both outputs in memory)
    #[command(verbatim_doc_comment)]
    Check {
        /// The manifest. Default: ./quire.toml, or else ./sections/quire.toml.
        manifest: Option<PathBuf>,
        /// Also make the PDF and the Word copy in memory (nothing is
        /// written) and report every accessibility check, what passed, and
        /// what a person must still check by hand. Exit 1 if a check fails.
        #[arg(long)]
        a11y: bool,
    },
    /// Make a new document project that builds at once: a manifest, data,
    /// prose, and the house style with its template and fonts.
    ///
    /// Examples:
    ///   quire init annual-report && cd annual-report && quire build
    ///   quire init hate-crime --example southwark   (the full shipped strategy)
    #[command(verbatim_doc_comment)]
    Init {
        /// The new project's folder (it must not exist, or be empty).
        dir: PathBuf,
        /// What to start from.
        #[arg(long, value_enum, default_value_t)]
        example: quire::init::Example,
    },
    /// List the section plugins a project can use: built-in, and loaded from
    /// its plugin folders.
    ///
    /// Examples:
    ///   quire plugins
    ///   quire plugins --example baseline > data/baseline.toml
    ///   quire plugins --reference baseline
    ///   quire plugins --schema theme > theme.schema.json
    #[command(verbatim_doc_comment)]
    Plugins {
        /// The manifest. Default: ./quire.toml, or else ./sections/quire.toml.
        manifest: Option<PathBuf>,
        /// Print the JSON Schema of this plugin's data file instead.
        #[arg(long, value_name = "NAME", conflicts_with_all = ["example", "reference"])]
        schema: Option<String>,
        /// Print a complete data file for this plugin instead, as commented
        /// TOML that builds.
        #[arg(long, value_name = "NAME", conflicts_with = "reference")]
        example: Option<String>,
        /// Print this plugin's reference page instead (Markdown): every
        /// field of its data file, what it takes, its default, what it is
        /// for, and the example.
        #[arg(long, value_name = "NAME")]
        reference: Option<String>,
    },
    /// Make a new section plugin crate that builds and loads with no edits.
    ///
    /// Writes <DIR>/<NAME>/: Cargo.toml (a cdylib), src/lib.rs implementing
    /// the plugin through the SDK's `export_plugin!`, sample.toml (its data)
    /// and a README, then prints the next steps.
    ///
    /// Examples:
    ///   quire new-plugin key-dates
    ///   quire new-plugin contacts --dir ~/src
    #[command(verbatim_doc_comment)]
    NewPlugin {
        /// The plugin's name, as manifests will use it: lowercase letters,
        /// digits and `-` (`key-dates`).
        name: String,
        /// Make the crate's folder inside this folder.
        #[arg(long, value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// The plugin SDK (`quire-plugin`) to build against. Default: the
        /// SDK in the source tree this engine was built from.
        #[arg(long, value_name = "DIR")]
        sdk: Option<PathBuf>,
    },
    /// Runs one plugin library for a build in another Quire process
    /// (internal: builds start it, talking over its standard input and output).
    #[command(name = "plugin-host", hide = true)]
    PluginHost {
        /// The plugin library, by its absolute path, then how to run it:
        /// `[--project DIR] [--memory BYTES] [--unconfined]`.
        #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<std::ffi::OsString>,
    },
}

/// `quire build`: what to build and where, and more than one document.
#[derive(Debug, clap::Args)]
struct BuildCommand {
    #[command(flatten)]
    args: BuildArgs,
    /// More manifests, built with the first in one run, in parallel.
    #[arg(value_name = "MORE")]
    more: Vec<PathBuf>,
    /// Build the document and every profile its manifest defines (for each
    /// manifest named), in parallel in one process.
    #[arg(long, conflicts_with = "profile")]
    all: bool,
}

/// `quire watch`: what to build and where, and the HTML edition served.
#[derive(Debug, clap::Args)]
struct WatchCommand {
    #[command(flatten)]
    args: BuildArgs,
    /// Serve the HTML edition, reloading open pages after each rebuild.
    #[arg(long)]
    serve: bool,
    /// The port to serve on (0: any free port).
    #[arg(long, value_name = "N", default_value_t = 3000, requires = "serve")]
    port: u16,
    /// The address to listen on. Only the loopback address unless asked:
    /// another address makes the page (and the output folder) visible to
    /// the network.
    #[arg(
        long,
        value_name = "ADDR",
        default_value = "127.0.0.1",
        requires = "serve"
    )]
    bind: std::net::IpAddr,
}

/// What to build and where: shared by `build` and `watch`.
#[derive(Debug, clap::Args)]
struct BuildArgs {
    /// The manifest. Default: ./quire.toml, or else ./sections/quire.toml.
    manifest: Option<PathBuf>,
    /// Write outputs here instead of the manifest's `output.dir`.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Build a profile from the manifest's `[profiles]` (e.g. `committee`).
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
    /// Write only these formats (default: pdf, docx and html).
    #[arg(long, value_name = "FORMAT", value_delimiter = ',', value_parser = clap::builder::PossibleValuesParser::new(quire_build::renderers::extensions()))]
    only: Vec<String>,
    /// Make the PDF PDF/A-2b (for archiving) as well as PDF/UA-1 (always).
    #[arg(long)]
    pdf_a: bool,
}

impl BuildArgs {
    fn split(self) -> (Option<PathBuf>, quire::build::Options) {
        let formats = quire::build::Formats::only(&self.only);
        let options = quire::build::Options {
            out: self.out,
            profile: self.profile,
            formats,
            pdf_a: self.pdf_a,
            progress: None,
            waiting: Some(|dir| {
                eprintln!(
                    "waiting for another Quire build to finish writing into {}",
                    quire_core::source::shown_path(dir).display()
                )
            }),
            deny_warnings: false,
            guard: None,
        };
        (self.manifest, options)
    }
}

fn main() -> ExitCode {
    // A write past a file-size limit (`ulimit -f`) then fails with an error
    // that is reported, like a full disk, instead of killing the process.
    #[cfg(unix)]
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let cli = Cli::parse();
    let mut ui = Ui::new(cli.message_format, cli.color, cli.quiet, cli.verbose);
    ui.deny_warnings = cli.deny.contains(&Denied::Warnings);
    quire::typeset_limits::install(ui, matches!(cli.command, Command::Watch(_)));
    for dir in &cli.plugin_dir {
        // Said even with --quiet: code from outside the project will run.
        eprintln!(
            "note: loading plugins from outside the project: {} (--plugin-dir)",
            quire_core::source::shown_path(dir).display()
        );
    }
    quire::builtins::set_loading(quire::builtins::Loading {
        trusted: cli.plugin_dir.clone(),
        // Loaded plugins run in processes of their own: hosted by the small
        // `quire-plugin-host` installed beside this binary, or by this one.
        host: std::env::current_exe().ok().map(|me| {
            let small =
                me.with_file_name(format!("quire-plugin-host{}", std::env::consts::EXE_SUFFIX));
            if small.is_file() { small } else { me }
        }),
    });
    let code = run(cli, ui);
    // Every plugin host, with every process its plugin started, ends with
    // the command.
    quire_core::isolated::stop_all();
    code
}

/// Runs the command.
fn run(cli: Cli, ui: Ui) -> ExitCode {
    match cli.command {
        Command::Check {
            manifest,
            a11y: false,
        } => quire::check::run(manifest, &ui),
        Command::Check {
            manifest,
            a11y: true,
        } => quire::a11y::run(manifest, &ui),
        Command::Build(BuildCommand { args, more, all }) => {
            let (manifest, mut options) = args.split();
            options.deny_warnings = ui.deny_warnings;
            if all || !more.is_empty() {
                let manifests =
                    std::iter::once(manifest.unwrap_or_else(quire::build::default_manifest))
                        .chain(more)
                        .collect();
                quire::build_all::run(manifests, all, options, &ui)
            } else {
                quire::build::run(manifest, options, &ui)
            }
        }
        Command::Watch(WatchCommand {
            args,
            serve,
            port,
            bind,
        }) => {
            let (manifest, mut options) = args.split();
            options.deny_warnings = ui.deny_warnings;
            let serve = serve.then(|| std::net::SocketAddr::new(bind, port));
            quire::watch::run(manifest, options, serve, &ui)
        }
        Command::Init { dir, example } => match quire::init::init(&dir, example) {
            Ok(manifest) => {
                ui.say(&format!(
                    "Created a document project in {}\n\nNext steps:\n  cd {}\n  quire build      \
                     (writes out/*.pdf, *.docx and *.html)\n  quire watch --serve   (rebuilds as you edit, and shows the page)\n\n\
                     The manifest is {}.",
                    dir.display(),
                    dir.display(),
                    manifest.display()
                ));
                ExitCode::SUCCESS
            }
            Err(e) => {
                ui.reporter
                    .eprint(&ui.reporter.render_message(true, &e.to_string()));
                ExitCode::from(EXIT_ERRORS)
            }
        },
        Command::PluginHost { args } => match quire_core::isolated::HostOptions::parse(args) {
            Ok(options) => {
                ExitCode::from(quire_core::isolated::serve(&options).clamp(0, 255) as u8)
            }
            Err(e) => {
                eprintln!("quire plugin-host: {e}");
                ExitCode::from(2)
            }
        },
        Command::Plugins {
            manifest,
            schema,
            example,
            reference,
        } => {
            use quire::plugins::Show;
            let show = match (schema, example, reference) {
                (Some(name), _, _) => Show::Schema(name),
                (_, Some(name), _) => Show::Example(name),
                (_, _, Some(name)) => Show::Reference(name),
                _ => Show::List,
            };
            quire::plugins::run(manifest, show, &ui)
        }
        Command::NewPlugin { name, dir, sdk } => {
            let sdk = sdk.unwrap_or_else(quire::scaffold::default_sdk);
            match quire::scaffold::new_plugin(&name, &dir, &sdk) {
                Ok(created) => {
                    ui.say(&created.next_steps());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    ui.reporter
                        .eprint(&ui.reporter.render_message(true, &e.to_string()));
                    ExitCode::from(EXIT_ERRORS)
                }
            }
        }
    }
}
