//! `sitrep serve`: the HTTP API and the web page for a store (crate `sitrep-server`).

use crate::cli::ServeArgs;
use crate::pipeline::Pipeline;
use anyhow::{Context, Result};
use sitrep_types::{Document, Record};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// The document pipeline behind `POST /api/code` and `POST /api/ingest`.
#[derive(Debug)]
pub struct PipelineCoder(pub Pipeline);

impl sitrep_server::Coder for PipelineCoder {
    fn code(&self, doc: Document) -> Result<Record, String> {
        self.0.code(&doc).map_err(|e| e.to_string())
    }
}

/// The full pipeline (models, dictionaries, gazetteer) as a coder for the server.
///
/// # Errors
/// When the models or dictionaries cannot be loaded.
pub fn coder(models: Option<&Path>) -> Result<Arc<dyn sitrep_server::Coder>> {
    let pipeline = Pipeline::builder()
        .analyzer(super::nlp::try_load_analyzer(models)?)
        .events(Some(super::nlp::load_event_coding()?))
        .build();
    Ok(Arc::new(PipelineCoder(pipeline)))
}

/// Run `sitrep serve`.
pub fn run(args: &ServeArgs) -> Result<u8> {
    let ServeArgs {
        db,
        addr,
        token,
        max_body,
        timeout,
        models,
    } = args;
    let mut config = sitrep_server::Config::new(db);
    config.addr = *addr;
    config.token.clone_from(token);
    config.max_body = *max_body;
    config.timeout = Duration::from_secs((*timeout).max(1));
    config.coder = Some(coder(models.as_deref())?);
    serve(config)?;
    Ok(0)
}

/// Serve until Ctrl-C, printing the URL once listening.
///
/// # Errors
/// When the store cannot be opened or the address is taken.
pub fn serve(config: sitrep_server::Config) -> Result<()> {
    let db = config.db.clone();
    let writes = if config.token.is_some() {
        "POST /api/ingest on (bearer token)"
    } else {
        "read-only (no --token)"
    };
    sitrep_server::run(config, |addr: SocketAddr| {
        eprintln!(
            "sitrep serve: {} on http://{addr}/ — API at http://{addr}/api/openapi.json, {writes}; Ctrl-C stops",
            db.display()
        );
    })
    .with_context(|| "the server stopped".to_string())
}
