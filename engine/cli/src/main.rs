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
    /// Build the document: writes <out>/<name>.pdf and <out>/<name>.docx.
    ///
    /// Examples:
    ///   quire build                       (uses ./quire.toml or ./sections/quire.toml)
    ///   quire build sections/quire.toml --out /tmp/draft
    ///   quire build --profile committee     (the Word committee paper, and its PDF)
    Build {
        /// The manifest. Default: ./quire.toml, or else ./sections/quire.toml.
        manifest: Option<PathBuf>,
        /// Write outputs here instead of the manifest's `output.dir`.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Build a profile from the manifest's `[profiles]` (e.g. `committee`).
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
        /// Write only these formats (default: pdf and docx).
        #[arg(long, value_name = "FORMAT", value_delimiter = ',', value_parser = ["pdf", "docx"])]
        only: Vec<String>,
    },
    /// List the section plugins a project can use: built-in, and loaded from
    /// its plugin folders.
    ///
    /// Examples:
    ///   quire plugins
    ///   quire plugins --schema strand > strand.schema.json
    Plugins {
        /// The manifest. Default: ./quire.toml, or else ./sections/quire.toml.
        manifest: Option<PathBuf>,
        /// Print the JSON Schema of this plugin's data file instead.
        #[arg(long, value_name = "NAME")]
        schema: Option<String>,
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            manifest,
            out,
            profile,
            only,
        } => {
            let formats = if only.is_empty() {
                quire::build::Formats::default()
            } else {
                quire::build::Formats {
                    pdf: only.iter().any(|f| f == "pdf"),
                    docx: only.iter().any(|f| f == "docx"),
                }
            };
            quire::build::run(
                manifest,
                quire::build::Options {
                    out,
                    profile,
                    formats,
                },
            )
        }
        Command::Plugins { manifest, schema } => quire::plugins::run(manifest, schema),
        Command::NewPlugin { name, dir, sdk } => {
            let sdk = sdk.unwrap_or_else(quire::scaffold::default_sdk);
            match quire::scaffold::new_plugin(&name, &dir, &sdk) {
                Ok(created) => {
                    println!("{}", created.next_steps());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
