"""Benefit rates and amounts, read from one data file per year (data/rates/<year>.yml), and the
newest verified figure for a given day. Pure functions: no Rasa, no database."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Dict, Mapping, Optional, Union

import yaml

DEFAULT_RATES_DIR = Path(__file__).resolve().parents[3] / "data" / "rates"
UNITS = ("kr/måned", "kr/uge", "kr/time", "kr/dag", "kr")
SOURCE_KINDS = ("official", "third_party")
_REQUIRED = ("value", "unit", "source", "source_kind", "verified")


class RatesFileError(ValueError):
    """A year file a municipal editor wrote does not have the expected shape; says where."""


class UnknownFigure(KeyError):
    """No year file has a figure by this name (a typo in an answer or in a rates file)."""


class NoVerifiedFigure(LookupError):
    """The figure exists, but no year up to today has a verified value for it."""

    def __init__(self, name: str, unverified: Optional["RateEntry"]) -> None:
        super().__init__(name)
        self.name = name
        self.unverified = unverified


@dataclass(frozen=True)
class RateEntry:
    """One figure as written in one year's file."""

    name: str
    year: int
    value: Decimal
    unit: str
    source: str
    source_kind: str
    verified: bool
    note_da: Optional[str] = None
    note_en: Optional[str] = None


@dataclass(frozen=True)
class Figure:
    """The figure to quote on a given day: the newest verified one up to that day's year."""

    name: str
    value: Decimal
    unit: str
    year: int
    source: str
    source_kind: str
    stale: bool  # from a year before the current one: the answer must say which year
    note_da: Optional[str] = None
    note_en: Optional[str] = None

    @property
    def official(self) -> bool:
        return self.source_kind == "official"


# year -> figure name -> entry
Rates = Mapping[int, Mapping[str, RateEntry]]


def load_rates(directory: Union[str, Path, None] = None) -> Dict[int, Dict[str, RateEntry]]:
    """Every <year>.yml in `directory` (default data/rates), checked so a wrong edit fails loudly."""
    folder = Path(directory) if directory is not None else DEFAULT_RATES_DIR
    rates: Dict[int, Dict[str, RateEntry]] = {}
    for path in sorted(folder.glob("*.yml")):
        year, figures = _read_year_file(path)
        rates[year] = figures
    if not rates:
        raise RatesFileError(f"no rates files (<year>.yml) in {folder}")
    return rates


def _read_year_file(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not isinstance(data.get("year"), int):
        raise RatesFileError(f"{path.name}: needs 'year: <number>' at the top")
    year = data["year"]
    if path.stem != str(year):
        raise RatesFileError(f"{path.name}: says year {year}; the file must be called {year}.yml")
    figures = data.get("figures")
    if not isinstance(figures, dict) or not figures:
        raise RatesFileError(f"{path.name}: needs a 'figures:' section")
    return year, {name: _entry(path.name, year, name, raw) for name, raw in figures.items()}


def require_keys(raw, required, where: str, error: type) -> None:
    """A data-file entry must be a mapping with every required key; else `error` says where."""
    if not isinstance(raw, dict):
        raise error(f"{where}: must be a mapping with {', '.join(required)}")
    missing = [key for key in required if key not in raw]
    if missing:
        raise error(f"{where}: missing {', '.join(missing)}")


def _entry(file_name: str, year: int, name: str, raw) -> RateEntry:
    where = f"{file_name}, {name}"
    require_keys(raw, _REQUIRED, where, RatesFileError)
    if isinstance(raw["value"], bool) or not isinstance(raw["value"], (int, float)):
        raise RatesFileError(f"{where}: value must be a number written like 21092 or 126.89")
    try:
        value = Decimal(str(raw["value"]))
    except InvalidOperation:
        raise RatesFileError(f"{where}: value {raw['value']!r} is not a number") from None
    if value <= 0:
        raise RatesFileError(f"{where}: value must be above zero")
    if raw["unit"] not in UNITS:
        raise RatesFileError(f"{where}: unit must be one of {', '.join(UNITS)}")
    if not str(raw["source"]).startswith("https://"):
        raise RatesFileError(f"{where}: source must be a link starting with https://")
    if raw["source_kind"] not in SOURCE_KINDS:
        raise RatesFileError(f"{where}: source_kind must be official or third_party")
    if not isinstance(raw["verified"], bool):
        raise RatesFileError(f"{where}: verified must be true or false")
    return RateEntry(name=name, year=year, value=value, unit=raw["unit"], source=raw["source"],
                     source_kind=raw["source_kind"], verified=raw["verified"],
                     note_da=raw.get("note_da"), note_en=raw.get("note_en"))


def figure_names(rates: Rates) -> set:
    return {name for figures in rates.values() for name in figures}


def figure(rates: Rates, name: str, today: date) -> Figure:
    """The newest verified value of `name` from a year up to today's year.

    Raises UnknownFigure if no file has the name, NoVerifiedFigure if none of its values up to
    this year is verified (so an unverified figure is never presented as a fact).
    """
    entries = sorted((figures[name] for year, figures in rates.items()
                      if name in figures and year <= today.year), key=lambda e: e.year, reverse=True)
    if not entries and name not in figure_names(rates):
        raise UnknownFigure(name)
    for entry in entries:
        if entry.verified:
            return Figure(name=name, value=entry.value, unit=entry.unit, year=entry.year,
                          source=entry.source, source_kind=entry.source_kind,
                          stale=entry.year < today.year, note_da=entry.note_da, note_en=entry.note_en)
    raise NoVerifiedFigure(name, entries[0] if entries else None)


def format_amount(value: Decimal, language: str) -> str:
    """ "21.092 kr.", "126,89 kr." in Danish; "DKK 21,092", "DKK 126.89" in English.
    Whole kroner are shown without decimals, anything else with two."""
    value = Decimal(value)
    whole = value == value.to_integral_value()
    quantized = value.quantize(Decimal("1") if whole else Decimal("0.01"), rounding=ROUND_HALF_UP)
    english = f"{quantized:,}"  # 21,092 or 126.89
    if language == "en":
        return f"DKK {english}"
    danish = english.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return f"{danish} kr."
