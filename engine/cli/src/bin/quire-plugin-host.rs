//! The plugin host: runs one plugin library for a `quire` build in a
//! process of its own, talking over standard input and output (see
//! `quire_core::isolated`). A binary of its own, small beside `quire`, so
//! that starting one per plugin costs a build little; builds start it
//! themselves, and `quire plugin-host LIBRARY` does the same where it is
//! missing.

use std::process::ExitCode;

fn main() -> ExitCode {
    // The same words as `quire plugin-host LIBRARY`, so either program
    // can be started the same way.
    let mut args = std::env::args_os().skip(1);
    match (args.next(), args.next(), args.next()) {
        (Some(command), Some(library), None) if command == quire_core::isolated::HOST_COMMAND => {
            let code = quire_core::isolated::serve(std::path::Path::new(&library));
            ExitCode::from(u8::try_from(code).unwrap_or(2))
        }
        _ => {
            eprintln!(
                "usage: quire-plugin-host plugin-host LIBRARY (started by `quire build` for each loaded plugin)"
            );
            ExitCode::from(2)
        }
    }
}
