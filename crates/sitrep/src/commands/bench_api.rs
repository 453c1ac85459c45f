//! `sitrep bench api`: latency of the HTTP API under a fixed request rate.
//!
//! The load generator runs in this process on its own threads and talks HTTP/1.1 with
//! keep-alive to a server on 127.0.0.1: either one it starts on a free port over `--db`, or
//! one already running at `--url`. Requests are sent on a fixed schedule (open loop): request
//! `i` is due at `i / rate` seconds, and its latency counts from that moment, so a server that
//! falls behind is charged for the queue it builds (no coordinated omission). The request mix
//! covers the main read endpoints with and without filters drawn from the store's own actors,
//! CAMEO roots and dates; a fixed seed makes the sequence the same on every run.

use crate::cli::BenchApiArgs;
use anyhow::{bail, Context, Result};
use serde::Serialize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The endpoints in the mix, with their weights.
const ENDPOINTS: [(&str, u32); 8] = [
    ("summary", 2),
    ("timeline", 3),
    ("network", 3),
    ("map", 3),
    ("events", 4),
    ("quotes", 3),
    ("actors", 2),
    ("articles", 2),
];

/// Latency figures of one endpoint (microseconds).
#[derive(Debug, Serialize)]
pub struct Stats {
    /// Endpoint.
    pub endpoint: String,
    /// Requests sent.
    pub requests: usize,
    /// Answers that were not 200.
    pub errors: usize,
    /// Median.
    pub p50_ms: f64,
    /// 90th percentile.
    pub p90_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Slowest.
    pub max_ms: f64,
}

/// The whole run.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Target rate.
    pub rate: u32,
    /// Rate achieved (requests answered per second of the run).
    pub achieved_rate: f64,
    /// Seconds.
    pub seconds: f64,
    /// Whether the server cached answers.
    pub cache: bool,
    /// Events in the store.
    pub events: u64,
    /// Per endpoint, then `all`.
    pub endpoints: Vec<Stats>,
}

/// xorshift64*: a small deterministic generator for the request mix.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

fn agent(connections: usize) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_idle_connections(connections)
        .max_idle_connections_per_host(connections)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

fn get_json(agent: &ureq::Agent, url: &str) -> Result<serde_json::Value> {
    let mut r = agent
        .get(url)
        .call()
        .with_context(|| format!("GET {url}"))?;
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string()?;
    if status != 200 {
        bail!("GET {url}: {status} {text}");
    }
    Ok(serde_json::from_str(&text)?)
}

/// What the mix draws its filters from.
struct Pool {
    actors: Vec<String>,
    roots: Vec<String>,
    days: Vec<String>,
}

fn pool(agent: &ureq::Agent, base: &str) -> Result<(Pool, u64)> {
    let summary = get_json(agent, &format!("{base}api/summary"))?;
    let events = summary["events"].as_u64().unwrap_or(0);
    let actors = get_json(agent, &format!("{base}api/actors?limit=100"))?;
    let timeline = get_json(agent, &format!("{base}api/timeline"))?;
    let strings = |v: &serde_json::Value, key: &str| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x[key].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok((
        Pool {
            actors: strings(&actors["items"], "code"),
            roots: strings(&summary["roots"], "root"),
            days: strings(&timeline["days"], "date"),
        },
        events,
    ))
}

/// The `n` request paths, deterministic.
fn plan(pool: &Pool, n: usize) -> Vec<(usize, String)> {
    let mut rng = Rng(0x5175_7265_7000_0001);
    let total: u32 = ENDPOINTS.iter().map(|e| e.1).sum();
    (0..n)
        .map(|_| {
            let mut pick = u32::try_from(rng.below(total as usize)).unwrap_or(0);
            let mut which = 0;
            for (i, (_, w)) in ENDPOINTS.iter().enumerate() {
                if pick < *w {
                    which = i;
                    break;
                }
                pick -= w;
            }
            let mut q: Vec<String> = Vec::new();
            match rng.below(10) {
                0..=3 => {}
                4..=6 if !pool.actors.is_empty() => {
                    q.push(format!(
                        "actor={}",
                        pool.actors[rng.below(pool.actors.len())]
                    ));
                }
                7 if !pool.roots.is_empty() => {
                    q.push(format!("root={}", pool.roots[rng.below(pool.roots.len())]));
                }
                _ if pool.days.len() > 1 => {
                    let a = rng.below(pool.days.len());
                    let b = rng.below(pool.days.len());
                    let (a, b) = (a.min(b), a.max(b));
                    q.push(format!("since={}&until={}", pool.days[a], pool.days[b]));
                }
                _ => {}
            }
            let name = ENDPOINTS[which].0;
            if matches!(name, "events" | "quotes" | "articles") && rng.below(4) == 0 {
                q.push(format!("offset={}", 50 * rng.below(20)));
            }
            let path = if q.is_empty() {
                format!("api/{name}")
            } else {
                format!("api/{name}?{}", q.join("&"))
            };
            (which, path)
        })
        .collect()
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let i = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    #[allow(clippy::cast_precision_loss)]
    let ms = sorted[i.min(sorted.len() - 1)] as f64 / 1000.0;
    (ms * 100.0).round() / 100.0
}

fn stats(endpoint: &str, mut lat: Vec<u64>, errors: usize) -> Stats {
    lat.sort_unstable();
    Stats {
        endpoint: endpoint.to_string(),
        requests: lat.len(),
        errors,
        p50_ms: percentile(&lat, 50.0),
        p90_ms: percentile(&lat, 90.0),
        p99_ms: percentile(&lat, 99.0),
        max_ms: percentile(&lat, 100.0),
    }
}

/// Run `sitrep bench api`.
pub fn run(args: &BenchApiArgs) -> Result<u8> {
    if args.rate == 0 || args.seconds == 0 || args.connections == 0 {
        bail!("--rate, --seconds and --connections must be above 0");
    }
    let (server, base) = match (&args.db, &args.url) {
        (Some(db), None) => {
            super::query::open_existing(db)?;
            let mut config = sitrep_server::Config::new(db);
            config.addr = "127.0.0.1:0".parse()?;
            config.cache = !args.no_cache;
            config.readers = 8;
            let s = sitrep_server::spawn(config).context("starting the server")?;
            let url = s.url();
            (Some(s), url)
        }
        (None, Some(url)) => (None, format!("{}/", url.trim_end_matches('/'))),
        _ => bail!("give --db FILE or --url http://127.0.0.1:PORT/"),
    };
    let agent = agent(args.connections);
    let (pool, events) = pool(&agent, &base)?;
    let n = usize::try_from(args.rate * args.seconds)?;
    let plan = plan(&pool, n);
    let interval = Duration::from_secs(1) / args.rate;
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, u64, bool)>> = Mutex::new(Vec::with_capacity(n));
    let start = Instant::now() + Duration::from_millis(100);
    std::thread::scope(|scope| {
        for _ in 0..args.connections {
            scope.spawn(|| {
                let mut mine = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    let due = start + interval * u32::try_from(i).unwrap_or(u32::MAX);
                    let now = Instant::now();
                    if due > now {
                        std::thread::sleep(due - now);
                    }
                    let (which, path) = &plan[i];
                    let ok = match agent.get(&format!("{base}{path}")).call() {
                        Ok(mut r) => {
                            let ok = r.status().as_u16() == 200;
                            ok && r.body_mut().read_to_vec().is_ok()
                        }
                        Err(_) => false,
                    };
                    let micros = u64::try_from(due.elapsed().as_micros()).unwrap_or(u64::MAX);
                    mine.push((*which, micros, ok));
                }
                if let Ok(mut r) = results.lock() {
                    r.extend(mine);
                }
            });
        }
    });
    let elapsed = start.elapsed().as_secs_f64();
    if let Some(s) = server {
        s.stop()?;
    }
    let results = results
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a load thread panicked"))?;
    let mut endpoints = Vec::new();
    for (i, (name, _)) in ENDPOINTS.iter().enumerate() {
        let lat: Vec<u64> = results.iter().filter(|r| r.0 == i).map(|r| r.1).collect();
        let errors = results.iter().filter(|r| r.0 == i && !r.2).count();
        endpoints.push(stats(name, lat, errors));
    }
    let errors = results.iter().filter(|r| !r.2).count();
    endpoints.push(stats("all", results.iter().map(|r| r.1).collect(), errors));
    #[allow(clippy::cast_precision_loss)]
    let report = Report {
        rate: args.rate,
        achieved_rate: (results.len() as f64 / elapsed * 10.0).round() / 10.0,
        seconds: (elapsed * 10.0).round() / 10.0,
        cache: args.url.is_none() && !args.no_cache,
        events,
        endpoints,
    };
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "sitrep bench api: {} events, {} req/s for {} s ({} connections, cache {}): {} requests, {:.1} req/s answered",
            report.events,
            args.rate,
            args.seconds,
            args.connections,
            if args.url.is_some() { "as the server has it" } else if args.no_cache { "off" } else { "on" },
            results.len(),
            report.achieved_rate
        );
        println!(
            "{:<10} {:>8} {:>7} {:>9} {:>9} {:>9} {:>9}",
            "ENDPOINT", "REQUESTS", "ERRORS", "P50 ms", "P90 ms", "P99 ms", "MAX ms"
        );
        for s in &report.endpoints {
            println!(
                "{:<10} {:>8} {:>7} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
                s.endpoint, s.requests, s.errors, s.p50_ms, s.p90_ms, s.p99_ms, s.max_ms
            );
        }
    }
    Ok(if errors > 0 { crate::EXIT_PARTIAL } else { 0 })
}
