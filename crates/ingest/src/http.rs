//! HTTP(S) inputs through `ureq` (rustls with ring).

use std::io::BufReader;

use chrono::{SecondsFormat, Utc};
use sitrep_types::{Document, OriginKind};
use ureq::ResponseExt;

use crate::error::{IngestError, Limits};
use crate::sniff::{binary_format, sniff, Kind, SNIFF_LEN};
use crate::source::{self, fail, read_head, Ctx, Reader};
use crate::{Documents, HttpOptions, Result, SourceOptions};

/// An agent configured from `opts`: timeouts, redirect limit, user agent; HTTP error statuses
/// come back as responses so that they can be reported with the URL.
pub(crate) fn agent(opts: &HttpOptions) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .timeout_connect(Some(opts.connect_timeout.min(opts.timeout)))
        .max_redirects(opts.max_redirects)
        .max_redirects_will_error(true)
        .http_status_as_error(false)
        .user_agent(opts.user_agent.as_str())
        .build()
        .into()
}

/// Map a ureq error about `input` to an [`IngestError`].
pub(crate) fn from_ureq(input: &str, e: &ureq::Error, limits: Limits) -> IngestError {
    let input = input.to_string();
    match e {
        ureq::Error::StatusCode(status) => IngestError::HttpStatus {
            input,
            status: *status,
        },
        ureq::Error::Timeout(which) => IngestError::HttpTimeout {
            input,
            reason: format!("{which} timeout"),
            timeout: limits.timeout,
        },
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            IngestError::HttpTimeout {
                input,
                reason: io.to_string(),
                timeout: limits.timeout,
            }
        }
        ureq::Error::TooManyRedirects => IngestError::TooManyRedirects {
            input,
            max: limits.max_redirects,
        },
        ureq::Error::BodyExceedsLimit(limit) => IngestError::TooLarge {
            input,
            size: None,
            limit: *limit,
        },
        other => IngestError::Http {
            input,
            reason: other.to_string(),
        },
    }
}

/// GET `url`: check the status and the announced size, and return the body as a stream
/// bounded by `max_bytes`, with what the response says about it.
fn get(agent: &ureq::Agent, url: &str, opts: &SourceOptions) -> Result<(Ctx, Reader)> {
    let limits = opts.http.limits();
    let resp = agent
        .get(url)
        .call()
        .map_err(|e| from_ureq(url, &e, limits))?;
    let status = resp.status().as_u16();
    if status >= 400 {
        return Err(IngestError::HttpStatus {
            input: url.to_string(),
            status,
        });
    }
    if (300..400).contains(&status) {
        // Only when redirects are off (max_redirects = 0): a redirect not followed.
        return Err(IngestError::TooManyRedirects {
            input: url.to_string(),
            max: opts.http.max_redirects,
        });
    }
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let content_type = header("content-type");
    // ureq undoes gzip itself; the announced length is then that of the compressed body.
    let length = header("content-length")
        .filter(|_| header("content-encoding").is_none())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(len) = length.filter(|&l| l > opts.http.max_bytes) {
        return Err(IngestError::TooLarge {
            input: url.to_string(),
            size: Some(len),
            limit: opts.http.max_bytes,
        });
    }
    let mut ctx = Ctx::new(url, OriginKind::Http, opts);
    ctx.url = Some(resp.get_uri().to_string());
    ctx.content_type = content_type;
    ctx.fetched_at = Some(Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true));
    ctx.size = length;
    ctx.fetch_links = opts.fetch_url_feed_links;
    ctx.what = "response";
    let body = resp
        .into_body()
        .into_with_config()
        .limit(opts.http.max_bytes)
        .reader();
    Ok((ctx, Box::new(BufReader::with_capacity(64 * 1024, body))))
}

/// Fetch `url` and read it like a file: a page, a feed, a WARC, JSON lines.
pub(crate) fn open_url(url: &str, opts: &SourceOptions) -> Documents {
    match get(&agent(&opts.http), url, opts) {
        Ok((ctx, reader)) => source::documents(ctx, reader, opts),
        Err(e) => fail(e),
    }
}

/// Fetch one page (an HTML or text document), as for a feed item's link.
pub(crate) fn fetch_page(agent: &ureq::Agent, url: &str, opts: &SourceOptions) -> Result<Document> {
    let (ctx, mut reader) = get(agent, url, opts)?;
    let head = read_head(&mut reader, SNIFF_LEN).map_err(|e| ctx.io_error(e))?;
    match sniff(&head) {
        kind @ (Kind::Html | Kind::Text) => source::read_single(&ctx, head, reader, kind, opts),
        Kind::Empty => Err(IngestError::Empty {
            input: ctx.label,
            what: ctx.what,
        }),
        Kind::Binary => Err(IngestError::Binary {
            input: ctx.label,
            what: ctx.what,
            format: binary_format(&head),
        }),
        other => Err(IngestError::Unsupported {
            input: ctx.label,
            reason: format!("expected a page, got {other}"),
        }),
    }
}
