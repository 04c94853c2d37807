"""Benefit rates: loading the year files, picking the newest verified figure for a day, the stale flag,
and Danish/English amounts. Pure functions, no Rasa."""
from datetime import date
from decimal import Decimal

import pytest

from bot.rules.benefits import rates as r

TODAY = date(2026, 11, 23)


def write_year(folder, year, figures_yaml):
    (folder / f"{year}.yml").write_text(f"year: {year}\nfigures:\n{figures_yaml}", encoding="utf-8")


def entry(name, value, verified=True, kind="official", unit="kr/måned"):
    return (f"  {name}:\n    value: {value}\n    unit: {unit}\n    source: https://example.org/{name}\n"
            f"    source_kind: {kind}\n    verified: {str(verified).lower()}\n")


@pytest.fixture
def small_rates(tmp_path):
    """2023 verified, 2024 verified, 2025 unverified, 2027 verified (the future)."""
    write_year(tmp_path, 2023, entry("rate", 100) + entry("only_unverified", 5, verified=False))
    write_year(tmp_path, 2024, entry("rate", 110, kind="third_party"))
    write_year(tmp_path, 2025, entry("rate", 120, verified=False))
    write_year(tmp_path, 2027, entry("rate", 140) + entry("future_only", 7))
    return r.load_rates(tmp_path)


def test_the_real_rates_files_load_and_are_one_file_per_year():
    rates = r.load_rates()
    assert sorted(rates) == [2023, 2024, 2025]
    for year, figures in rates.items():
        for name, item in figures.items():
            assert item.year == year and item.name == name
            assert item.source.startswith("https://")
            assert item.unit in r.UNITS and item.source_kind in r.SOURCE_KINDS
            assert item.value > 0


@pytest.mark.parametrize("name, value, year", [
    ("dagpenge_max_full_time", Decimal("21092"), 2025),
    ("dagpenge_max_part_time", Decimal("14061"), 2025),
    ("dagpenge_max_with_employment_supplement_full_time", Decimal("25070"), 2025),
    ("dimittend_with_children", Decimal("17295"), 2025),
    ("dimittend_without_children_first_481_hours", Decimal("15081"), 2025),
    ("dimittend_30_plus_after_481_hours", Decimal("13100"), 2025),
    ("dimittend_under_30_after_481_hours", Decimal("10371"), 2025),
    ("dagpenge_income_requirement", Decimal("273504"), 2025),
    ("dagpenge_income_requirement_monthly_max", Decimal("22792"), 2025),
    ("kontanthjaelp_child_supplement", Decimal("2784"), 2025),
    ("kontanthjaelp_single_provider_supplement", Decimal("1638"), 2025),
    ("kontanthjaelp_single_non_provider_supplement", Decimal("1092"), 2025),
    ("kontanthjaelp_special_youth_supplement_18_24", Decimal("1036"), 2025),
    ("kontanthjaelp_special_youth_supplement_higher", Decimal("2590"), 2025),
    ("boligstoetteloft_forhoejet_sats_couples", Decimal("363"), 2025),
    ("kontanthjaelp_30_plus_with_children", Decimal("16382"), 2024),
    ("kontanthjaelp_30_plus_without_children", Decimal("12326"), 2024),
    ("kontanthjaelp_under_30_living_away_from_home", Decimal("7945"), 2024),
    ("kontanthjaelp_under_30_living_at_home", Decimal("3834"), 2024),
    ("sygedagpenge_max_weekly", Decimal("4695"), 2024),
    ("sygedagpenge_max_hourly", Decimal("126.89"), 2024),
])
def test_the_real_figures_are_the_ones_in_the_fact_sheet(name, value, year):
    found = r.figure(r.load_rates(), name, TODAY)
    assert (found.value, found.year) == (value, year)


def test_sygedagpenge_2024_is_third_party_and_2023_is_official():
    rates = r.load_rates()
    assert r.figure(rates, "sygedagpenge_max_weekly", date(2024, 3, 1)).source_kind == "third_party"
    in_2023 = r.figure(rates, "sygedagpenge_max_hourly", date(2023, 3, 1))
    assert (in_2023.value, in_2023.year, in_2023.official, in_2023.stale) == (Decimal("122.97"), 2023, True, False)


@pytest.mark.parametrize("today, value, year, stale", [
    (date(2023, 6, 1), Decimal("100"), 2023, False),
    (date(2024, 1, 1), Decimal("110"), 2024, False),
    (date(2025, 6, 1), Decimal("110"), 2024, True),    # 2025 is unverified: never chosen
    (date(2026, 11, 23), Decimal("110"), 2024, True),
    (date(2027, 1, 1), Decimal("140"), 2027, False),
    (date(2030, 1, 1), Decimal("140"), 2027, True),
])
def test_the_newest_verified_figure_up_to_today_is_chosen(small_rates, today, value, year, stale):
    found = r.figure(small_rates, "rate", today)
    assert (found.value, found.year, found.stale) == (value, year, stale)


def test_an_unverified_value_is_never_chosen(small_rates):
    with pytest.raises(r.NoVerifiedFigure) as raised:
        r.figure(small_rates, "only_unverified", date(2026, 1, 1))
    assert raised.value.unverified.value == Decimal("5")


def test_a_figure_only_in_a_future_year_is_not_used(small_rates):
    with pytest.raises(r.NoVerifiedFigure):
        r.figure(small_rates, "future_only", date(2026, 1, 1))
    assert r.figure(small_rates, "future_only", date(2027, 1, 1)).value == Decimal("7")


def test_before_the_first_year_there_is_no_figure():
    with pytest.raises(r.NoVerifiedFigure):
        r.figure(r.load_rates(), "sygedagpenge_max_weekly", date(2022, 12, 31))


def test_an_unknown_name_is_a_clear_error():
    with pytest.raises(r.UnknownFigure, match="dagpenge_maks"):
        r.figure(r.load_rates(), "dagpenge_maks", TODAY)


@pytest.mark.parametrize("content, message", [
    ("year: 2024\nfigures:\n" + entry("x", 1), "2024.yml"),                      # file name and year differ
    ("year: 2025\nfigures:\n  x:\n    value: '126,89'\n    unit: kr/time\n    source: https://a.dk\n"
     "    source_kind: official\n    verified: true\n", "number"),
    ("year: 2025\nfigures:\n  x:\n    value: 5\n    unit: kr/time\n    source: http://a.dk\n"
     "    source_kind: official\n    verified: true\n", "https"),
    ("year: 2025\nfigures:\n  x:\n    value: 5\n    unit: kroner\n    source: https://a.dk\n"
     "    source_kind: official\n    verified: true\n", "unit"),
    ("year: 2025\nfigures:\n  x:\n    value: 5\n    unit: kr/time\n    source: https://a.dk\n"
     "    source_kind: official\n", "verified"),
    ("year: 2025\nfigures:\n  x:\n    value: 5\n    unit: kr/time\n    source: https://a.dk\n"
     "    source_kind: kommunen\n    verified: true\n", "source_kind"),
])
def test_a_wrong_edit_of_a_year_file_fails_and_says_where(tmp_path, content, message):
    (tmp_path / "2025.yml").write_text(content, encoding="utf-8")
    with pytest.raises(r.RatesFileError, match=message):
        r.load_rates(tmp_path)


def test_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(r.RatesFileError):
        r.load_rates(tmp_path)


@pytest.mark.parametrize("value, danish, english", [
    (Decimal("21092"), "21.092 kr.", "DKK 21,092"),
    (Decimal("126.89"), "126,89 kr.", "DKK 126.89"),
    (Decimal("363"), "363 kr.", "DKK 363"),
    (Decimal("273504"), "273.504 kr.", "DKK 273,504"),
    (Decimal("1234567.5"), "1.234.567,50 kr.", "DKK 1,234,567.50"),
    (Decimal("4694.93"), "4.694,93 kr.", "DKK 4,694.93"),
    (Decimal("122.97"), "122,97 kr.", "DKK 122.97"),
    (Decimal("22500.00"), "22.500 kr.", "DKK 22,500"),
])
def test_amounts_are_written_the_danish_and_the_english_way(value, danish, english):
    assert r.format_amount(value, "da") == danish
    assert r.format_amount(value, "en") == english


@pytest.mark.parametrize("name, kind", [
    ("kontanthjaelp_30_plus_with_children", "official"),          # matches bm.dk's 2024 kontanthjælpsloft page
    ("kontanthjaelp_30_plus_without_children", "official"),
    ("kontanthjaelp_under_30_living_away_from_home", "third_party"),  # only found at seniorfolk.dk
    ("kontanthjaelp_under_30_living_at_home", "third_party"),
])
def test_the_old_kontanthjaelp_rates_are_dated_2024_with_their_kind_of_source(name, kind):
    found = r.figure(r.load_rates(), name, TODAY)
    assert (found.year, found.source_kind, found.stale) == (2024, kind, True)
