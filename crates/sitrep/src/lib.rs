//! The `sitrep` command line: argument parsing and one module per subcommand.
//!
//! `main.rs` calls [`run`], which parses the arguments, runs the command and maps errors to
//! exit codes: 0 success, 1 some inputs failed, 2 usage or fatal error. A broken pipe exits 0.
#![deny(missing_docs)]

pub mod cli;
pub mod commands;
pub mod pipeline;

use std::process::ExitCode;

/// Exit code when the command ran but some inputs failed.
pub const EXIT_PARTIAL: u8 = 1;
/// Exit code for a usage error or a fatal error.
pub const EXIT_FATAL: u8 = 2;

/// Parse the command line, run the command, and return the process exit code.
#[must_use]
pub fn run() -> ExitCode {
    use clap::Parser;
    let args = cli::Cli::parse();
    match commands::dispatch(args) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("sitrep: error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(EXIT_FATAL)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
