#!/usr/bin/env bash
# The web page's end-to-end test (issue 7): `sitrep serve` on the demo store, driven by a real
# headless Chromium (Debian's /usr/bin/chromium) through playwright-core. Installs what is missing
# itself: the chromium package and the npm package pinned in tests/web/package-lock.json.
# Prints PASS and leaves a screenshot at target/web-e2e.png (or $SITREP_SCREENSHOT).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

echo "== web e2e: tools"
if ! command -v chromium > /dev/null; then
  (apt-get update && apt-get install -y chromium) || { echo "web e2e: cannot install chromium" >&2; exit 1; }
fi
command -v node > /dev/null || { echo "web e2e: node is required (Debian package nodejs)" >&2; exit 1; }
(cd tests/web && npm ci --no-audit --no-fund --loglevel=error)

echo "== web e2e: build"
if [ -n "${SITREP_BIN:-}" ]; then
  bin="$SITREP_BIN"   # .ci/run passes the binary it built (with --features parquet)
else
  cargo build --release -p sitrep --quiet
  bin="${CARGO_TARGET_DIR:-target}/release/sitrep"
fi

tmp="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== web e2e: demo store"
no_serve=""
if "$bin" demo --help | grep -q -- '--no-serve'; then no_serve="--no-serve"; fi
"$bin" demo --db "$tmp/demo.db" $no_serve > "$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log" >&2; exit 1; }

port="${SITREP_E2E_PORT:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}"
url="http://127.0.0.1:$port/"
"$bin" serve --db "$tmp/demo.db" --addr "127.0.0.1:$port" > "$tmp/serve.log" 2>&1 &
server=$!

echo "== web e2e: waiting for $url"
for _ in $(seq 1 60); do
  if curl -fsS "${url}api/health" > /dev/null 2>&1; then break; fi
  if ! kill -0 "$server" 2> /dev/null; then
    echo "web e2e: sitrep serve exited before answering; its log:" >&2
    cat "$tmp/serve.log" >&2
    exit 1
  fi
  sleep 0.5
done
if ! curl -fsS "${url}api/health" > /dev/null 2>&1; then
  echo "web e2e: sitrep serve did not answer ${url}api/health within 30 s; its log:" >&2
  cat "$tmp/serve.log" >&2
  exit 1
fi

echo "== web e2e: chromium"
SITREP_URL="$url" node tests/web/e2e.mjs
