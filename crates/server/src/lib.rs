//! sitrep's HTTP API and web page.
//!
//! [`run`] serves a store on an address until Ctrl-C; [`spawn`] does the same on a background
//! thread and hands back a [`Running`] server (for tests, benchmarks and `sitrep demo`).
//!
//! - `GET /api/…` answers the analyst's queries ([`sitrep_store::Filter`] in the query string,
//!   paging with `limit` and `offset`) and the aggregates the page draws; the routes are
//!   described by the OpenAPI document at `/api/openapi.json`.
//! - `POST /api/code` codes one document and returns its record; `POST /api/ingest` queues a
//!   document for the single writer loop, which codes it and stores it. Both need a
//!   [`Coder`]; ingest is off unless the server has a token, and then needs
//!   `Authorization: Bearer <token>`.
//! - `/` and `/assets/…` serve the web page from files embedded in the binary.
//!
//! Every 4xx and 5xx answer has the body `{"error": {"code": "...", "message": "..."}}`, also
//! for errors raised by the HTTP layer itself (unknown route, bad query string, body too
//! large). Requests are limited in body size and time; store reads run on a bounded pool of
//! SQLite connections off the async threads, and the answers of the read endpoints are cached
//! until the store changes (SQLite's `data_version`).

mod api;
pub mod assets;
mod error;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sitrep_store::{Snapshot, Store};
use sitrep_types::{Document, Record};

pub use error::{code_of, ApiError, ServerError};

/// Codes documents for `POST /api/code` and `POST /api/ingest` (the binary plugs its
/// pipeline in here, so this crate does not depend on the models).
pub trait Coder: Send + Sync {
    /// Extract and code one document.
    ///
    /// # Errors
    /// A message for the client when the document cannot be read as an article.
    fn code(&self, doc: Document) -> Result<Record, String>;
}

/// How to serve.
#[derive(Clone)]
pub struct Config {
    /// The store.
    pub db: PathBuf,
    /// Where to listen (port 0 picks a free one).
    pub addr: SocketAddr,
    /// Bearer token for the write endpoints; without one they answer 403.
    pub token: Option<String>,
    /// Largest request body in bytes.
    pub max_body: usize,
    /// Longest time a request may take.
    pub timeout: Duration,
    /// Largest number of store reads at once (and of pooled connections).
    pub readers: usize,
    /// Documents the ingest queue holds before answering 503.
    pub queue: usize,
    /// The pipeline for the code and ingest endpoints.
    pub coder: Option<Arc<dyn Coder>>,
    /// Keep the answers of the read endpoints until the store changes.
    pub cache: bool,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("db", &self.db)
            .field("addr", &self.addr)
            .field("token", &self.token.as_ref().map(|_| "…"))
            .field("max_body", &self.max_body)
            .field("timeout", &self.timeout)
            .field("readers", &self.readers)
            .field("queue", &self.queue)
            .field("coder", &self.coder.is_some())
            .field("cache", &self.cache)
            .finish()
    }
}

impl Config {
    /// Defaults: 127.0.0.1:8080, no token, 2 MiB bodies, 30 s per request, 8 readers, a queue of
    /// 256 documents, no coder, answers cached.
    #[must_use]
    pub fn new(db: impl Into<PathBuf>) -> Self {
        Config {
            db: db.into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            max_body: 2 << 20,
            timeout: Duration::from_secs(30),
            readers: 8,
            queue: 256,
            coder: None,
            cache: true,
        }
    }
}

/// The ingest loop's counts, for `GET /api/ingest`.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct IngestStatus {
    /// Documents accepted into the queue.
    pub queued: u64,
    /// Documents coded and stored.
    pub stored: u64,
    /// Documents that failed, with the last few reasons.
    pub failed: u64,
    /// The last errors, newest last.
    pub errors: Vec<String>,
}

/// Responses kept until the store changes.
#[derive(Default)]
struct Cache {
    version: Option<i64>,
    entries: HashMap<String, Arc<Vec<u8>>>,
}

/// Largest number of cached answers; the cache is emptied when it is full.
const CACHE_ENTRIES: usize = 4096;

/// What every handler shares.
pub(crate) struct AppState {
    config: Config,
    pool: Mutex<Vec<Store>>,
    readers: tokio::sync::Semaphore,
    coders: tokio::sync::Semaphore,
    /// A connection that only reads `data_version`.
    watch: Mutex<Store>,
    cache: Mutex<Cache>,
    /// The in-memory analysis columns and the `data_version` they were read at.
    snapshot: Mutex<Option<(i64, Arc<Snapshot>)>>,
    ingest: Option<std::sync::mpsc::SyncSender<Document>>,
    status: Arc<Mutex<IngestStatus>>,
}

impl AppState {
    fn take(&self) -> Result<Store, ApiError> {
        if let Some(s) = self.pool.lock().map_err(poisoned)?.pop() {
            return Ok(s);
        }
        Store::open(&self.config.db).map_err(|e| ApiError::internal(e.to_string()))
    }

    fn give(&self, store: Store) {
        if let Ok(mut pool) = self.pool.lock() {
            if pool.len() < self.config.readers {
                pool.push(store);
            }
        }
    }

    /// The snapshot of the store as it is now, loaded again (with `store`) after a change.
    /// Requests arriving during a reload wait for it rather than read a stale snapshot.
    fn snapshot(&self, store: &Store) -> Result<Arc<Snapshot>, ApiError> {
        let version = self.watch.lock().map_err(poisoned)?.data_version()?;
        let mut slot = self.snapshot.lock().map_err(poisoned)?;
        if let Some((v, snap)) = slot.as_ref() {
            if *v == version {
                return Ok(Arc::clone(snap));
            }
        }
        let snap = Arc::new(Snapshot::load(store)?);
        *slot = Some((version, Arc::clone(&snap)));
        Ok(snap)
    }

    /// The cached answer for `key`, after emptying the cache if the store changed.
    fn cached(&self, key: &str) -> Result<Option<Arc<Vec<u8>>>, ApiError> {
        if !self.config.cache {
            return Ok(None);
        }
        let version = self.watch.lock().map_err(poisoned)?.data_version()?;
        let mut cache = self.cache.lock().map_err(poisoned)?;
        if cache.version != Some(version) {
            cache.entries.clear();
            cache.version = Some(version);
            return Ok(None);
        }
        Ok(cache.entries.get(key).cloned())
    }

    fn remember(&self, key: String, body: Arc<Vec<u8>>) {
        if !self.config.cache {
            return;
        }
        if let Ok(mut cache) = self.cache.lock() {
            if cache.entries.len() >= CACHE_ENTRIES {
                cache.entries.clear();
            }
            cache.entries.insert(key, body);
        }
    }
}

fn poisoned<T>(_: T) -> ApiError {
    ApiError::internal("a worker panicked; the server is shutting down")
}

/// A server running on a background thread.
#[derive(Debug)]
pub struct Running {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<(), ServerError>>>,
}

impl Running {
    /// The address it listens on.
    #[must_use]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://addr/`.
    #[must_use]
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Stops accepting, finishes the requests in flight and waits for the thread.
    ///
    /// # Errors
    /// When the server failed while running.
    pub fn stop(mut self) -> Result<(), ServerError> {
        self.shutdown()
    }

    fn shutdown(&mut self) -> Result<(), ServerError> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        match self.thread.take() {
            Some(t) => t
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("server thread panicked").into())),
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.shutdown();
    }
}

/// Opens the store, binds the address and serves on a background thread.
///
/// # Errors
/// When the store cannot be opened or the address cannot be bound.
pub fn spawn(config: Config) -> Result<Running, ServerError> {
    let state = build_state(config.clone())?;
    let listener =
        std::net::TcpListener::bind(config.addr).map_err(|source| ServerError::Bind {
            addr: config.addr,
            source,
        })?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("sitrep-serve".into())
        .spawn(move || {
            let rt = runtime()?;
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)?;
                axum::serve(listener, api::router(state))
                    .with_graceful_shutdown(async {
                        let _ = rx.await;
                    })
                    .await
            })
            .map_err(ServerError::from)
        })?;
    Ok(Running {
        addr,
        stop: Some(tx),
        thread: Some(thread),
    })
}

/// Serves until Ctrl-C; calls `ready` with the bound address first.
///
/// # Errors
/// When the store cannot be opened, the address cannot be bound or the server fails.
pub fn run(config: Config, ready: impl FnOnce(SocketAddr)) -> Result<(), ServerError> {
    let state = build_state(config.clone())?;
    let rt = runtime()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| ServerError::Bind {
                addr: config.addr,
                source,
            })?;
        ready(listener.local_addr()?);
        axum::serve(listener, api::router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(ServerError::from)
    })
}

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("sitrep-http")
        .build()
}

/// The shared state, and the writer loop's thread when ingest is on (detached: it ends once
/// the state, which holds the queue's only sender, is gone).
fn build_state(config: Config) -> Result<Arc<AppState>, ServerError> {
    let open = |path: &PathBuf| {
        Store::open(path).map_err(|source| ServerError::Store {
            path: path.clone(),
            source,
        })
    };
    let first = open(&config.db)?;
    let watch = open(&config.db)?;
    let status = Arc::new(Mutex::new(IngestStatus::default()));
    let ingest = match (&config.coder, &config.token) {
        (Some(coder), Some(_)) => {
            let store = open(&config.db)?;
            let (tx, rx) = std::sync::mpsc::sync_channel::<Document>(config.queue.max(1));
            let coder = Arc::clone(coder);
            let status = Arc::clone(&status);
            std::thread::Builder::new()
                .name("sitrep-ingest".into())
                .spawn(move || writer_loop(store, coder.as_ref(), &rx, &status))?;
            Some(tx)
        }
        _ => None,
    };
    let state = AppState {
        readers: tokio::sync::Semaphore::new(config.readers.max(1)),
        coders: tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(1, usize::from),
        ),
        pool: Mutex::new(vec![first]),
        watch: Mutex::new(watch),
        cache: Mutex::new(Cache::default()),
        snapshot: Mutex::new(None),
        ingest,
        status,
        config,
    };
    Ok(Arc::new(state))
}

/// The one writer: codes each queued document and stores it in its own transaction.
fn writer_loop(
    mut store: Store,
    coder: &dyn Coder,
    rx: &std::sync::mpsc::Receiver<Document>,
    status: &Mutex<IngestStatus>,
) {
    const KEEP_ERRORS: usize = 20;
    while let Ok(doc) = rx.recv() {
        let name = doc
            .url
            .clone()
            .unwrap_or_else(|| "document posted to /api/ingest".into());
        let result = coder
            .code(doc)
            .and_then(|rec| store.write_batch(&[rec]).map_err(|e| e.to_string()));
        if let Ok(mut s) = status.lock() {
            match result {
                Ok(_) => s.stored += 1,
                Err(e) => {
                    s.failed += 1;
                    s.errors.push(format!("{name}: {e}"));
                    if s.errors.len() > KEEP_ERRORS {
                        s.errors.remove(0);
                    }
                }
            }
        }
    }
}
