//! Print one line per document, and one per error, for each input on the command line.
//!
//! `cargo run -p sitrep-ingest --example ingest -- PATH|URL|- ...`

use sitrep_ingest::{open, SourceOptions};

fn main() {
    let opts = SourceOptions::default();
    let (mut docs, mut errors) = (0usize, 0usize);
    for input in std::env::args().skip(1) {
        for item in open(&input, &opts) {
            match item {
                Ok(d) => {
                    docs += 1;
                    println!(
                        "doc\t{:?}\t{:?}\t{}\t{}\t{} bytes",
                        d.origin.kind,
                        d.format,
                        d.origin.describe(),
                        d.url.as_deref().unwrap_or("-"),
                        d.bytes.len()
                    );
                }
                Err(e) => {
                    errors += 1;
                    eprintln!("error\t{}\t{e}", e.kind());
                }
            }
        }
    }
    eprintln!("{docs} documents, {errors} errors");
}
