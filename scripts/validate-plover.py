#!/usr/bin/env python3
"""Validate a sitrep PLOVER export (JSON lines) against docs/schemas/plover.schema.json.

Usage: scripts/validate-plover.py FILE [--schema SCHEMA]

Prints one line per invalid line (at most 20) and a count; exits 1 when any line is invalid or
is not JSON, 2 when the file or schema cannot be read, 0 otherwise. Needs the PyPI package
`jsonschema` (pip install jsonschema).
"""
import argparse
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("validate-plover: the Python package jsonschema is missing (pip install jsonschema)")

ROOT = pathlib.Path(__file__).resolve().parent.parent
MAX_SHOWN = 20


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--schema", default=str(ROOT / "docs" / "schemas" / "plover.schema.json"))
    args = ap.parse_args()
    try:
        schema = json.loads(pathlib.Path(args.schema).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        handle = open(args.file, encoding="utf-8")
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        print(f"validate-plover: {e}", file=sys.stderr)
        return 2
    total = invalid = 0
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            total += 1
            try:
                obj = json.loads(line)
            except ValueError as e:
                problems = [f"not JSON: {e}"]
            else:
                problems = [
                    f"{'/'.join(map(str, err.absolute_path)) or '<root>'}: {err.message}"
                    for err in validator.iter_errors(obj)
                ]
            if problems:
                invalid += 1
                if invalid <= MAX_SHOWN:
                    print(f"line {number}: {'; '.join(problems)}")
    print(f"validate-plover: {total - invalid} of {total} lines valid, {invalid} invalid ({args.file})")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
