//! The plugin host: runs one plugin library for a `quire` build in a
//! process of its own, talking over standard input and output (see
//! `quire_core::isolated`). A binary of its own, small beside `quire`, so
//! that starting one per plugin costs a build little; builds start it
//! themselves, and `quire plugin-host LIBRARY` does the same where it is
//! missing.

use std::process::ExitCode;

fn main() -> ExitCode {
    // The same words as `quire plugin-host LIBRARY [--project DIR]
    // [--memory BYTES] [--unconfined]`, so either program can be started
    // the same way.
    let mut args = std::env::args_os().skip(1);
    let options = match args.next() {
        Some(command) if command == quire_core::isolated::HOST_COMMAND => {
            quire_core::isolated::HostOptions::parse(args)
        }
        _ => Err("the first word must be `plugin-host`".into()),
    };
    match options {
        Ok(options) => {
            let code = quire_core::isolated::serve(&options);
            ExitCode::from(u8::try_from(code).unwrap_or(2))
        }
        Err(e) => {
            eprintln!(
                "quire-plugin-host: {e}\nusage: quire-plugin-host plugin-host LIBRARY [--project DIR] [--memory BYTES] [--unconfined] (started by `quire build` for each loaded plugin)"
            );
            ExitCode::from(2)
        }
    }
}
