//! `quire`: assemble a document project into a typeset PDF.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Quire assembles long policy documents from section plugins, structured
/// data (TOML) and prose templates (Markdown with Handlebars).
#[derive(Debug, Parser)]
#[command(name = "quire", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the document: writes <out>/<name>.pdf.
    ///
    /// Examples:
    ///   quire build                       (uses ./quire.toml or ./sections/quire.toml)
    ///   quire build sections/quire.toml --out /tmp/draft
    Build {
        /// The manifest. Default: ./quire.toml, or else ./sections/quire.toml.
        manifest: Option<PathBuf>,
        /// Write outputs here instead of the manifest's `output.dir`.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { manifest, out } => quire::build::run(manifest, out),
    }
}
