#!/usr/bin/env bash
# Exports (issue 7): the demo store in every format, each checked by a reader that is not ours.
#   .ci/exports.sh PATH/TO/sitrep SCRATCH_DIR
# Prints one line per check; exits non-zero on the first failure. The Parquet read-back needs
# a sitrep built with --features parquet and pyarrow or duckdb from PyPI; without them that
# check is skipped with a line saying so (the Rust test covers it).
set -euo pipefail
cd "$(dirname "$0")/.."
SITREP="$(realpath "${1:?usage: .ci/exports.sh SITREP_BINARY SCRATCH_DIR}")"
OUT="${2:?usage: .ci/exports.sh SITREP_BINARY SCRATCH_DIR}"
mkdir -p "$OUT"
OUT="$(realpath "$OUT")"
rm -f "$OUT/demo.db" "$OUT/demo.db-wal" "$OUT/demo.db-shm"

"$SITREP" demo --db "$OUT/demo.db" --no-serve > "$OUT/demo.txt"
echo "exports: demo store built ($(grep -m1 '^articles stored' "$OUT/demo.txt" || echo 'articles stored: ?'))"

for f in gdelt plover csv jsonl; do
  extra=()
  [ "$f" = gdelt ] && extra=(--header)
  "$SITREP" export --db "$OUT/demo.db" --format "$f" "${extra[@]}" --out "$OUT/demo.$f" --quiet
done

# GDELT: the header is GDELT's, and every line has 61 tab-separated fields.
rows=$(($(wc -l < "$OUT/demo.gdelt") - 1))
bad=$(awk -F'\t' 'NF != 61' "$OUT/demo.gdelt" | wc -l)
head -n1 "$OUT/demo.gdelt" | grep -q $'^GlobalEventID\tDay\tMonthYear\tYear\tFractionDate\tActor1Code' \
  || { echo "exports: FAIL gdelt header"; exit 1; }
[ "$rows" -gt 0 ] || { echo "exports: FAIL gdelt has no event rows"; exit 1; }
[ "$bad" -eq 0 ] || { echo "exports: FAIL gdelt: $bad lines without 61 fields"; exit 1; }
echo "exports: ok gdelt header + $rows rows, 61 fields each"

# PLOVER: every line valid against docs/schemas/plover.schema.json.
python3 -c 'import jsonschema' 2>/dev/null || pip install -q jsonschema >/dev/null 2>&1 \
  || pip install -q --break-system-packages jsonschema >/dev/null 2>&1 || true
if python3 -c 'import jsonschema' 2>/dev/null; then
  if report=$(python3 scripts/validate-plover.py "$OUT/demo.plover"); then
    echo "exports: ok ${report##*$'\n'}"
  else
    echo "$report" | head -n 21; echo "exports: FAIL plover schema"; exit 1
  fi
else
  echo "exports: FAIL plover: the Python package jsonschema cannot be installed"; exit 1
fi
plover_rows=$(wc -l < "$OUT/demo.plover")
[ "$plover_rows" -eq "$rows" ] || { echo "exports: FAIL plover $plover_rows lines, gdelt $rows"; exit 1; }

# CSV: Python's csv module reads the same number of events, every row as wide as the header.
python3 - "$OUT/demo.csv" "$rows" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
assert len(body) == int(sys.argv[2]), f"{len(body)} csv rows, expected {sys.argv[2]}"
assert all(len(r) == len(header) for r in body), "ragged csv rows"
print(f"exports: ok csv {len(body)} rows x {len(header)} columns")
PY

# JSONL: one record per stored article, each with the contract's keys.
python3 - "$OUT/demo.jsonl" "$rows" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
events = sum(len(r["events"]) for r in recs)
assert all({"article", "entities", "quotes", "events", "places", "times"} <= r.keys() for r in recs)
assert events == int(sys.argv[2]), f"{events} events in jsonl, expected {sys.argv[2]}"
print(f"exports: ok jsonl {len(recs)} records, {events} events")
PY

# Parquet: only in a build with the feature; read back with pyarrow or duckdb when installable.
if "$SITREP" export --db "$OUT/demo.db" --format parquet --out "$OUT/demo.parquet" --quiet 2> "$OUT/parquet.err"; then
  reader=""
  for mod in pyarrow duckdb; do
    if python3 -c "import $mod" 2>/dev/null \
      || timeout 120 pip install -q "$mod" >/dev/null 2>&1 \
      || timeout 120 pip install -q --break-system-packages "$mod" >/dev/null 2>&1; then
      python3 -c "import $mod" 2>/dev/null && { reader=$mod; break; }
    fi
  done
  if [ -z "$reader" ]; then
    echo "exports: skip parquet read-back (neither pyarrow nor duckdb installs; the Rust test reads it back)"
  else
    python3 - "$OUT/demo.parquet" "$rows" "$reader" <<'PY'
import sys
path, want, reader = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if reader == "pyarrow":
    import pyarrow.parquet as pq
    n = pq.ParquetFile(path).metadata.num_rows
else:
    import duckdb
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()[0]
assert n == want, f"{n} parquet rows, expected {want}"
print(f"exports: ok parquet {n} rows (read with {reader})")
PY
  fi
elif grep -q -- '--features parquet' "$OUT/parquet.err"; then
  echo "exports: skip parquet (this sitrep is built without --features parquet, and says so)"
else
  cat "$OUT/parquet.err"; echo "exports: FAIL parquet"; exit 1
fi
