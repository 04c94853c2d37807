import csv

import pytest

from bot.rules import postcodes
from bot.rules.postcodes import Postcode, distance_km, is_known, place


def read_rows():
    with postcodes.CSV_PATH.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["postcode", "name", "latitude", "longitude"]
        return list(reader)


@pytest.mark.parametrize(
    "code, name",
    [
        ("4200", "Slagelse"),
        ("4180", "Sorø"),
        ("8000", "Aarhus C"),
        ("2100", "København Ø"),
        ("3700", "Rønne"),
        ("9990", "Skagen"),
        ("6700", "Esbjerg"),
        ("5000", "Odense C"),
        ("9000", "Aalborg"),
        ("1050", "København K"),
        ("6720", "Fanø"),
    ],
)
def test_known_places(code, name):
    found = place(code)
    assert found is not None and found.postcode == code and found.name == name
    assert is_known(code)


def test_place_has_the_towns_point():
    slagelse = place("4200")
    assert slagelse == Postcode("4200", "Slagelse", slagelse.latitude, slagelse.longitude)
    assert 55.3 < slagelse.latitude < 55.5 and 11.2 < slagelse.longitude < 11.5
    ronne = place("3700")
    assert 55.0 < ronne.latitude < 55.2 and 14.6 < ronne.longitude < 14.8


def test_postcode_is_frozen():
    with pytest.raises(AttributeError):
        place("4200").name = "Sorø"


def test_surrounding_whitespace_is_accepted():
    assert place(" 4200\n") == place("4200")
    assert is_known("\t8000 ")
    assert distance_km(" 4200", "4180 ") == distance_km("4200", "4180")


@pytest.mark.parametrize(
    "bad", ["", "   ", "420", "42000", "42 00", "4200a", "DK-4200", "-420", "4.20", "٤٢٠٠", None, 4200]
)
def test_bad_input_is_neither_a_place_nor_known(bad):
    assert place(bad) is None
    assert is_known(bad) is False
    assert distance_km(bad, "4200") is None
    assert distance_km("4200", bad) is None


@pytest.mark.parametrize("unknown", ["0000", "1000", "3900", "0100", "9999", "0960"])
def test_unknown_postcodes(unknown):
    # 3900 Nuuk and 0100 Tórshavn are Greenland and the Faroe Islands; 0960 is mail abroad.
    assert place(unknown) is None
    assert not is_known(unknown)
    assert distance_km(unknown, "4200") is None
    assert distance_km("4200", unknown) is None


@pytest.mark.parametrize(
    "a, b, low, high",
    [
        ("4200", "4180", 10, 20),  # Slagelse–Sorø
        ("1050", "8000", 150, 190),  # Copenhagen–Aarhus across the Kattegat
        ("9990", "4874", 300, 420),  # Skagen–Gedser, the length of the country
        ("3700", "1050", 130, 170),  # Rønne–Copenhagen across the Baltic
        ("6700", "2100", 240, 280),  # Esbjerg–Copenhagen
        ("5000", "4200", 50, 70),  # Odense–Slagelse across the Great Belt
        ("2100", "2200", 0.5, 5),  # neighbouring Copenhagen postcodes
    ],
)
def test_distances_in_sensible_ranges(a, b, low, high):
    km = distance_km(a, b)
    assert low <= km <= high, km


def test_distance_is_symmetric_and_rounded():
    for a, b in [("4200", "4180"), ("9990", "3700"), ("6720", "8000")]:
        km = distance_km(a, b)
        assert km == distance_km(b, a)
        assert km == round(km, 1)


def test_same_postcode_is_zero():
    assert distance_km("4200", "4200") == 0.0
    assert distance_km("4200", " 4200 ") == 0.0


def test_table_is_loaded_once():
    place("4200")
    before = postcodes._table.cache_info().misses
    for code in ("4180", "8000", "9990"):
        place(code)
    assert postcodes._table.cache_info().misses == before


def test_csv_has_one_row_per_postcode_sorted():
    codes = [row["postcode"] for row in read_rows()]
    assert len(codes) == len(set(codes))
    assert codes == sorted(codes)
    assert all(len(code) == 4 and code.isdigit() for code in codes)
    assert 1000 <= len(codes) <= 1200


def test_csv_coordinates_fall_inside_denmark():
    for row in read_rows():
        lat, lon = float(row["latitude"]), float(row["longitude"])
        assert 54.5 <= lat <= 57.8 and 8.0 <= lon <= 15.2, row
        assert row["name"].strip() == row["name"] != ""


def test_csv_excludes_greenland_and_faroe_islands():
    codes = {row["postcode"] for row in read_rows()}
    assert not any(code.startswith("39") for code in codes)
    assert not any(code < "0800" for code in codes)
    # Every ordinary postcode of the country's ends is there.
    for code in ("0800", "1050", "1473", "2000", "3790", "4874", "6857", "7680", "9850", "9990"):
        assert code in codes, code
