#!/usr/bin/env bash
# Extraction speed and accuracy, sitrep and trafilatura 2.3.1 back to back on the same pages
# and machine, so the ratio is measured in one run. Usage:
#   scripts/bench-extract-side-by-side.sh [../shared/corpora/extract]
# Needs python3; creates .venv-ref (git-ignored) with trafilatura the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
C="${1:-../shared/corpora/extract}"
if [ ! -x .venv-ref/bin/python ]; then
  python3 -m venv .venv-ref
  .venv-ref/bin/pip install -q trafilatura==2.3.1 lxml_html_clean
fi
cargo build --release -q -p sitrep
echo "== sitrep $(./target/release/sitrep --version)"
./target/release/sitrep bench extract "$C/scrapinghub/html" --repeat 3
./target/release/sitrep bench extract "$C/trafilatura-eval/html" --repeat 2
./target/release/sitrep eval extract --scrapinghub "$C/scrapinghub" --trafilatura-eval "$C/trafilatura-eval"
echo "== trafilatura 2.3.1 (include_comments=False, as in the benchmark's own runner)"
.venv-ref/bin/python scripts/bench_trafilatura.py --scrapinghub "$C/scrapinghub" \
  --trafilatura-eval "$C/trafilatura-eval" --repeat 2 --no-comments
