//! The `sitrep` command line. All logic lives in the library crates and `commands/`.

fn main() -> std::process::ExitCode {
    sitrep::run()
}
