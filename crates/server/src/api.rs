//! Routes, handlers and the layers every request goes through.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use sitrep_store::{Filter, Paging, Period, Store};
use sitrep_types::{DocFormat, Document, Origin, OriginKind};

use crate::assets;
use crate::error::{code_of, ApiError};
use crate::AppState;

type St = State<Arc<AppState>>;

/// The OpenAPI description of these routes.
pub(crate) const OPENAPI: &str = include_str!("openapi.json");

/// Longest query string accepted.
const MAX_QUERY: usize = 4096;

pub(crate) fn router(state: Arc<AppState>) -> Router {
    let max_body = state.config.max_body;
    Router::new()
        .route("/", get(index))
        .route("/assets/{*path}", get(asset))
        .route("/api/health", get(health))
        .route("/api/version", get(version))
        .route("/api/openapi.json", get(openapi))
        .route("/api/summary", get(summary))
        .route("/api/timeline", get(timeline))
        .route("/api/network", get(network))
        .route("/api/map", get(map))
        .route("/api/events", get(events))
        .route("/api/quotes", get(quotes))
        .route("/api/actors", get(actors))
        .route("/api/articles", get(articles))
        .route("/api/articles/{id}", get(article))
        .route("/api/dyads", get(dyads))
        .route("/api/stances", get(stances))
        .route("/api/code", axum::routing::post(code))
        .route(
            "/api/ingest",
            axum::routing::post(ingest).get(ingest_status),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn_with_state(Arc::clone(&state), guard))
        .with_state(state)
}

/// Every request: query length, time limit, JSON error bodies, security headers.
async fn guard(State(state): St, req: Request, next: Next) -> Response {
    if req.uri().query().is_some_and(|q| q.len() > MAX_QUERY) {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!("the query string is longer than {MAX_QUERY} bytes"),
        )
        .into_response();
    }
    let timeout = state.config.timeout;
    let mut resp = match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(r) => r,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the request took longer than {} s", timeout.as_secs_f64()),
        )
        .into_response(),
    };
    if resp.status().is_client_error() || resp.status().is_server_error() {
        resp = json_error(resp).await;
    }
    let h = resp.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
             connect-src 'self'; frame-ancestors 'none'",
        ),
    );
    resp
}

/// An error answer made by the HTTP layer (axum's rejections: plain text) gets the JSON body.
async fn json_error(resp: Response) -> Response {
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json {
        return resp;
    }
    let status = resp.status();
    let (parts, body) = resp.into_parts();
    let text = axum::body::to_bytes(body, 64 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("request failed")
            .to_string()
    } else {
        text
    };
    let mut out = ApiError {
        status,
        code: code_of(status),
        message,
    }
    .into_response();
    // Keep `Allow` on 405 and similar headers.
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("no route for {method} {}", uri.path()))
}

// ---------------------------------------------------------------------------------------------
// Page and assets
// ---------------------------------------------------------------------------------------------

async fn index() -> Response {
    serve_asset("index.html")
}

async fn asset(Path(path): Path<String>) -> Response {
    if path.is_empty()
        || path.contains("..")
        || path.contains('\\')
        || path.starts_with('/')
        || path.contains('\0')
    {
        return ApiError::bad_request(format!("bad asset path {path:?}")).into_response();
    }
    serve_asset(&path)
}

fn serve_asset(name: &str) -> Response {
    match assets::get(name) {
        Some(a) => (
            [
                (header::CONTENT_TYPE, a.mime),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            a.bytes,
        )
            .into_response(),
        None => ApiError::not_found(format!("no asset {name:?}")).into_response(),
    }
}

// ---------------------------------------------------------------------------------------------
// Small endpoints
// ---------------------------------------------------------------------------------------------

fn json_bytes(body: Vec<u8>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

async fn health() -> Response {
    json_bytes(br#"{"status":"ok"}"#.to_vec())
}

async fn version(State(state): St) -> Result<Response, ApiError> {
    let schema = read(&state, |s| Ok(s.schema_version()?)).await?;
    Ok(json_bytes(
        serde_json::to_vec(&serde_json::json!({
            "name": "sitrep",
            "version": env!("CARGO_PKG_VERSION"),
            "schema": schema,
            "record_schema": sitrep_types::SCHEMA_VERSION,
        }))
        .map_err(|e| ApiError::internal(e.to_string()))?,
    ))
}

async fn openapi() -> Response {
    json_bytes(OPENAPI.as_bytes().to_vec())
}

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

/// The query string of the read endpoints. Unknown names are refused; empty values count as
/// not given.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    since: Option<String>,
    until: Option<String>,
    actor: Option<String>,
    speaker: Option<String>,
    root: Option<String>,
    cameo: Option<String>,
    plover: Option<String>,
    quad: Option<String>,
    outlet: Option<String>,
    country: Option<String>,
    q: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
    top: Option<String>,
    period: Option<String>,
}

fn given(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn number<T: std::str::FromStr>(name: &str, v: &Option<String>) -> Result<Option<T>, ApiError> {
    match given(v) {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| {
            ApiError::bad_request(format!("`{name}` must be a whole number, not {s:?}"))
        }),
    }
}

/// Which optional parameters an endpoint takes besides the filters.
#[derive(Clone, Copy, Default)]
struct Takes {
    paging: bool,
    top: bool,
    period: bool,
    speaker: bool,
}

impl Params {
    fn filter(&self, takes: Takes) -> Result<Filter, ApiError> {
        let refuse = |name: &str, v: &Option<String>, ok: bool| {
            if !ok && given(v).is_some() {
                Err(ApiError::bad_request(format!(
                    "`{name}` does not apply to this endpoint"
                )))
            } else {
                Ok(())
            }
        };
        refuse("limit", &self.limit, takes.paging)?;
        refuse("offset", &self.offset, takes.paging)?;
        refuse("top", &self.top, takes.top)?;
        refuse("period", &self.period, takes.period)?;
        refuse("speaker", &self.speaker, takes.speaker)?;
        let actor = match (given(&self.actor), given(&self.speaker)) {
            (Some(_), Some(_)) => {
                return Err(ApiError::bad_request("give `actor` or `speaker`, not both"))
            }
            (a, s) => a.or(s),
        };
        let filter = Filter {
            since: given(&self.since),
            until: given(&self.until),
            actor,
            root: given(&self.root),
            cameo: given(&self.cameo),
            plover: given(&self.plover),
            quad: number("quad", &self.quad)?,
            outlet: given(&self.outlet),
            country: given(&self.country),
            q: given(&self.q),
        };
        Ok(filter)
    }

    fn paging(&self) -> Result<Paging, ApiError> {
        let d = Paging::default();
        Ok(Paging {
            limit: number("limit", &self.limit)?.unwrap_or(d.limit),
            offset: number("offset", &self.offset)?.unwrap_or(0),
        })
    }
}

/// Runs `f` on a pooled store connection off the async threads.
async fn read<T: Send + 'static>(
    state: &Arc<AppState>,
    f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let _permit = state
        .readers
        .acquire()
        .await
        .map_err(|_| ApiError::internal("the server is shutting down"))?;
    let st = Arc::clone(state);
    tokio::task::spawn_blocking(move || {
        let store = st.take()?;
        let r = f(&store);
        st.give(store);
        r
    })
    .await
    .map_err(|e| ApiError::internal(format!("query failed: {e}")))?
}

/// A read endpoint's JSON, from the cache when the store has not changed since.
async fn cached<T: serde::Serialize>(
    state: &Arc<AppState>,
    uri: &Uri,
    f: impl FnOnce(&Store) -> Result<T, sitrep_store::Error> + Send + 'static,
) -> Result<Response, ApiError> {
    let key = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_string(), ToString::to_string);
    let st = Arc::clone(state);
    let body = read(state, move |store| {
        if let Some(hit) = st.cached(&key)? {
            return Ok(hit);
        }
        let value = f(store)?;
        let body =
            Arc::new(serde_json::to_vec(&value).map_err(|e| ApiError::internal(e.to_string()))?);
        st.remember(key, Arc::clone(&body));
        Ok(body)
    })
    .await?;
    Ok(json_bytes(body.as_ref().clone()))
}

async fn summary(State(s): St, uri: Uri, Query(p): Query<Params>) -> Result<Response, ApiError> {
    let f = p.filter(Takes::default())?;
    cached(&s, &uri, move |st| st.summary(&f)).await
}

async fn timeline(State(s): St, uri: Uri, Query(p): Query<Params>) -> Result<Response, ApiError> {
    let f = p.filter(Takes::default())?;
    cached(&s, &uri, move |st| {
        Ok(serde_json::json!({ "days": st.timeline(&f)? }))
    })
    .await
}

/// Most nodes `/api/network` returns.
const MAX_TOP: usize = 500;

async fn network(State(s): St, uri: Uri, Query(p): Query<Params>) -> Result<Response, ApiError> {
    let f = p.filter(Takes {
        top: true,
        ..Takes::default()
    })?;
    let top = number::<usize>("top", &p.top)?.unwrap_or(60);
    if top == 0 || top > MAX_TOP {
        return Err(ApiError::bad_request(format!(
            "`top` must be 1 to {MAX_TOP}, not {top}"
        )));
    }
    cached(&s, &uri, move |st| st.network(&f, top)).await
}

async fn map(State(s): St, uri: Uri, Query(p): Query<Params>) -> Result<Response, ApiError> {
    let f = p.filter(Takes::default())?;
    cached(&s, &uri, move |st| {
        Ok(serde_json::json!({ "places": st.map(&f)? }))
    })
    .await
}

const PAGED: Takes = Takes {
    paging: true,
    top: false,
    period: false,
    speaker: false,
};

async fn events(State(s): St, uri: Uri, Query(p): Query<Params>) -> Result<Response, ApiError> {
    let f = p.filter(PAGED)?;
    let page = p.paging()?;
    cached(&s, &uri, move |st| st.events(&f, page)).await
}

async fn quotes(State(s): St, uri: Uri, Query(p): Query<Params>) -> Result<Response, ApiError> {
    let f = p.filter(Takes {
        speaker: true,
        ..PAGED
    })?;
    let page = p.paging()?;
    cached(&s, &uri, move |st| st.quotes(&f, page)).await
}

async fn actors(State(s): St, uri: Uri, Query(p): Query<Params>) -> Result<Response, ApiError> {
    let f = p.filter(PAGED)?;
    let page = p.paging()?;
    cached(&s, &uri, move |st| st.actors(&f, page)).await
}

/// An article in a listing, as `sitrep query articles --json` prints it.
#[derive(serde::Serialize)]
struct ArticleItem {
    id: String,
    url: Option<String>,
    outlet: Option<String>,
    title: Option<String>,
    published: Option<sitrep_types::Published>,
    tags: Vec<String>,
    snippet: String,
    warnings: usize,
}

async fn articles(State(s): St, uri: Uri, Query(p): Query<Params>) -> Result<Response, ApiError> {
    let f = p.filter(PAGED)?;
    let page = p.paging()?;
    cached(&s, &uri, move |st| {
        let pg = st.article_page(&f, page)?;
        Ok(sitrep_store::Page {
            total: pg.total,
            limit: pg.limit,
            offset: pg.offset,
            items: pg
                .items
                .into_iter()
                .map(|r| ArticleItem {
                    id: r.id,
                    url: r.url,
                    outlet: r.outlet,
                    title: r.title,
                    published: r.published,
                    tags: r.tags,
                    snippet: r.snippet,
                    warnings: r.warnings,
                })
                .collect(),
        })
    })
    .await
}

async fn article(State(s): St, Path(id): Path<String>) -> Result<Response, ApiError> {
    if id.is_empty()
        || id.len() > 128
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(ApiError::bad_request(format!("bad article id {id:?}")));
    }
    let key = id.clone();
    let record = read(&s, move |st| Ok(st.record(&key)?)).await?;
    match record {
        Some(r) => Ok(json_bytes(
            serde_json::to_vec(&r).map_err(|e| ApiError::internal(e.to_string()))?,
        )),
        None => Err(ApiError::not_found(format!("no article {id}"))),
    }
}

async fn dyads(State(s): St, uri: Uri, Query(p): Query<Params>) -> Result<Response, ApiError> {
    let f = p.filter(Takes {
        period: true,
        ..PAGED
    })?;
    let page = p.paging()?;
    let period = match given(&p.period).as_deref() {
        None | Some("month") => Period::Month,
        Some("week") => Period::Week,
        Some("day") => Period::Day,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "`period` must be day, week or month, not {other:?}"
            )))
        }
    };
    cached(&s, &uri, move |st| st.dyads(&f, period, page)).await
}

async fn stances(State(s): St, uri: Uri, Query(p): Query<Params>) -> Result<Response, ApiError> {
    let f = p.filter(Takes::default())?;
    cached(&s, &uri, move |st| {
        Ok(serde_json::json!({ "items": st.stances(&f)? }))
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Coding and ingest
// ---------------------------------------------------------------------------------------------

/// Options of `POST /api/code` and `POST /api/ingest` in the query string.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeParams {
    url: Option<String>,
    date: Option<String>,
    outlet: Option<String>,
    title: Option<String>,
}

/// A JSON request body: the document and what is known of it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeBody {
    html: Option<String>,
    text: Option<String>,
    url: Option<String>,
    date: Option<String>,
    outlet: Option<String>,
    title: Option<String>,
}

fn check_day(date: Option<&str>) -> Result<(), ApiError> {
    match date {
        Some(d) if !sitrep_store::is_valid_day(d) => Err(ApiError::bad_request(format!(
            "`date` must be a day as YYYY-MM-DD, not {d:?}"
        ))),
        _ => Ok(()),
    }
}

/// The document of a code or ingest request: the body as HTML (`text/html`), text
/// (`text/plain`), or a JSON object with `html` or `text` (`application/json`).
fn document(headers: &HeaderMap, p: CodeParams, body: &Bytes) -> Result<Document, ApiError> {
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if body.is_empty() {
        return Err(ApiError::bad_request("the request body is empty"));
    }
    let (bytes, format, meta) = match ctype.as_str() {
        "application/json" => {
            let b: CodeBody = serde_json::from_slice(body)
                .map_err(|e| ApiError::bad_request(format!("malformed JSON body: {e}")))?;
            let (bytes, format) = match (b.html, b.text) {
                (Some(h), None) => (h.into_bytes(), DocFormat::Html),
                (None, Some(t)) => (t.into_bytes(), DocFormat::Text),
                _ => {
                    return Err(ApiError::bad_request(
                        "the JSON body needs exactly one of `html` and `text`",
                    ))
                }
            };
            let meta = CodeParams {
                url: b.url.or(p.url),
                date: b.date.or(p.date),
                outlet: b.outlet.or(p.outlet),
                title: b.title.or(p.title),
            };
            (bytes, format, meta)
        }
        "text/html" | "application/xhtml+xml" => (body.to_vec(), DocFormat::Html, p),
        "text/plain" => (body.to_vec(), DocFormat::Text, p),
        "" => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "give a Content-Type: text/html, text/plain or application/json",
            ))
        }
        other => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("cannot code {other}: send text/html, text/plain or application/json"),
            ))
        }
    };
    check_day(meta.date.as_deref())?;
    Ok(Document {
        bytes,
        origin: Origin {
            kind: OriginKind::Api,
            url: meta.url.clone(),
            ..Origin::default()
        },
        content_type: Some(ctype),
        format,
        url: meta.url,
        published: meta.date,
        outlet: meta.outlet,
        title: meta.title,
        ..Document::default()
    })
}

async fn code(
    State(s): St,
    Query(p): Query<CodeParams>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let Some(coder) = s.config.coder.clone() else {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "this server has no pipeline to code documents with",
        ));
    };
    let doc = document(&headers, p, &body)?;
    let _permit = s
        .coders
        .acquire()
        .await
        .map_err(|_| ApiError::internal("the server is shutting down"))?;
    let record = tokio::task::spawn_blocking(move || coder.code(doc))
        .await
        .map_err(|e| ApiError::internal(format!("coding failed: {e}")))?
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e))?;
    Ok(json_bytes(
        serde_json::to_vec(&record).map_err(|e| ApiError::internal(e.to_string()))?,
    ))
}

/// Checks `Authorization: Bearer <token>` for the write endpoints.
fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.config.token else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "write endpoints are off: start the server with --token to turn them on",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "this endpoint needs `Authorization: Bearer <token>`",
        )),
        Some(g) if constant_time_eq(g.as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::new(StatusCode::UNAUTHORIZED, "wrong token")),
    }
}

/// Compares without stopping at the first difference, so timing does not tell how much of a
/// guessed token was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

async fn ingest(
    State(s): St,
    Query(p): Query<CodeParams>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    authorize(&s, &headers)?;
    let Some(tx) = &s.ingest else {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "this server has no pipeline to code documents with",
        ));
    };
    let doc = document(&headers, p, &body)?;
    match tx.try_send(doc) {
        Ok(()) => {}
        Err(std::sync::mpsc::TrySendError::Full(_)) => {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the ingest queue is full; try again later",
            ))
        }
        Err(std::sync::mpsc::TrySendError::Disconnected(_)) => {
            return Err(ApiError::internal("the ingest loop has stopped"))
        }
    }
    let queued = {
        let mut st = s.status.lock().map_err(crate::poisoned)?;
        st.queued += 1;
        st.queued
    };
    Ok((
        StatusCode::ACCEPTED,
        json_bytes(
            serde_json::to_vec(&serde_json::json!({ "queued": queued }))
                .map_err(|e| ApiError::internal(e.to_string()))?,
        ),
    )
        .into_response())
}

async fn ingest_status(State(s): St, headers: HeaderMap) -> Result<Response, ApiError> {
    authorize(&s, &headers)?;
    let status = s.status.lock().map_err(crate::poisoned)?.clone();
    Ok(json_bytes(
        serde_json::to_vec(&status).map_err(|e| ApiError::internal(e.to_string()))?,
    ))
}
