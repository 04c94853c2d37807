"""Danish postcodes with a point each, so a job seeker's postcode and a job's can be compared by distance.

The table is bot/data/postcodes_dk.csv (GeoNames, CC BY 4.0; see postcodes_dk.md beside it).
"""
from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "postcodes_dk.csv"
EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


@dataclass(frozen=True)
class Postcode:
    postcode: str
    name: str
    latitude: float
    longitude: float


@lru_cache(maxsize=1)
def _table() -> Dict[str, Postcode]:
    """Read once, on first use, so importing the module costs nothing."""
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        return {
            row["postcode"]: Postcode(
                row["postcode"], row["name"], float(row["latitude"]), float(row["longitude"])
            )
            for row in rows
        }


def place(postcode: str) -> Optional[Postcode]:
    """The postcode's name and point, or None when it is not four digits or not a Danish postcode."""
    if not isinstance(postcode, str):
        return None
    code = postcode.strip()
    if not re.fullmatch(r"[0-9]{4}", code):
        return None
    return _table().get(code)


def is_known(postcode: str) -> bool:
    return place(postcode) is not None


def distance_km(postcode_a: str, postcode_b: str) -> Optional[float]:
    """Straight-line (great-circle) distance between the two postcodes' points, to 0.1 km.

    It is as the crow flies, not by road or ferry, and each postcode is one point, so it only says
    roughly how far apart two places are; None when either postcode is unknown."""
    a, b = place(postcode_a), place(postcode_b)
    if a is None or b is None:
        return None
    lat_a, lat_b = math.radians(a.latitude), math.radians(b.latitude)
    half_chord = (
        math.sin((lat_b - lat_a) / 2) ** 2
        + math.cos(lat_a) * math.cos(lat_b) * math.sin(math.radians(b.longitude - a.longitude) / 2) ** 2
    )
    return round(2 * EARTH_RADIUS_KM * math.asin(math.sqrt(half_chord)), 1)
