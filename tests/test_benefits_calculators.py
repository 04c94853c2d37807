"""Dagpenge and sygedagpenge calculators: reading amounts typed the Danish and English way, the inputs an
opening question already gives, the caps, bad input, and the plain-language explanation. Pure functions,
no Rasa."""
from datetime import date
from decimal import Decimal as D

import pytest

from bot.rules.benefits import calculators as c
from bot.rules.benefits.rates import load_rates

TODAY = date(2026, 11, 23)
IN_2025 = date(2025, 6, 1)


@pytest.fixture
def round_rates(tmp_path):
    """Caps where "exactly at the cap" is exact: dagpenge 18.630/12.420 (90 % of 92 % of 22.500 and 15.000),
    sygedagpenge 100/time, 3.700/uge."""
    def item(name, value, unit):
        return (f"  {name}:\n    value: {value}\n    unit: {unit}\n    source: https://example.org/{name}\n"
                f"    source_kind: official\n    verified: true\n")
    (tmp_path / "2025.yml").write_text(
        "year: 2025\nfigures:\n" + item("dagpenge_max_full_time", 18630, "kr/måned")
        + item("dagpenge_max_part_time", 12420, "kr/måned") + item("sygedagpenge_max_hourly", 100, "kr/time")
        + item("sygedagpenge_max_weekly", 3700, "kr/uge"), encoding="utf-8")
    return load_rates(tmp_path)


@pytest.mark.parametrize("text, value", [
    ("25000", D("25000")),
    ("25.000", D("25000")),
    ("25.000 kr", D("25000")),
    ("25.000 kr.", D("25000")),
    ("25000,50", D("25000.50")),
    ("25.000,50 kr", D("25000.50")),
    ("25 000", D("25000")),
    ("25\u00a0000 kr", D("25000")),
    ("kr. 25.000,-", D("25000")),
    ("180,5 kr i timen", D("180.5")),
    ("180,50", D("180.50")),
    ("25,000", D("25000")),                 # English thousands
    ("25,000.50", D("25000.50")),
    ("DKK 25,000", D("25000")),
    ("jeg tjente ca. 31.500 kr om måneden", D("31500")),
    ("I earned 28,400 a month", D("28400")),
    ("37,5", D("37.5")),
    ("37.5 hours", D("37.5")),
    ("25k", D("25000")),
    ("25 tusind", D("25000")),
])
def test_amounts_written_the_danish_or_english_way_are_read(text, value):
    assert c.parse_amount(text) == (value, None)


@pytest.mark.parametrize("text, problem", [
    ("", "not_a_number"),
    ("ved ikke", "not_a_number"),
    ("tyve tusind", "not_a_number"),
    ("a lot", "not_a_number"),
    ("1.2.3", "not_a_number"),
    ("0", "zero_or_negative"),
    ("0 kr", "zero_or_negative"),
    ("-25000", "zero_or_negative"),
    ("- 25.000 kr", "zero_or_negative"),
    ("minus 5000", "zero_or_negative"),
    ("10000000", "absurd"),                 # 10 million kroner a month
    ("10.000.000 kr", "absurd"),
    ("10 mio", "absurd"),
    ("10 millioner kroner", "absurd"),
    ("1.000.001", "absurd"),
    ("25000 eller 30000", "several_numbers"),
    ("25.000-30.000", "several_numbers"),
    ("mellem 20 000 og 25 000", "several_numbers"),
])
def test_bad_monthly_income_gets_a_problem_code(text, problem):
    assert c.parse_monthly_income(text) == (None, problem)


def test_the_upper_bound_is_inclusive():
    assert c.parse_monthly_income("1.000.000") == (D("1000000"), None)


@pytest.mark.parametrize("text, result", [
    ("180,5 kr i timen", (D("180.5"), None)),
    ("5.000", (D("5000"), None)),
    ("5.001", (None, "absurd")),
    ("25.000", (None, "absurd")),            # a monthly wage typed as the hourly wage
    ("nul", (None, "not_a_number")),
])
def test_hourly_wage_has_its_own_bound(text, result):
    assert c.parse_hourly_wage(text) == result


@pytest.mark.parametrize("text, result", [
    ("37", (D("37"), None)),
    ("37,5 timer", (D("37.5"), None)),
    ("80", (D("80"), None)),
    ("81", (None, "absurd")),
    ("168", (None, "absurd")),
    ("0 timer", (None, "zero_or_negative")),
    ("fuld tid", (None, "not_a_number")),
    ("tyve timer", (D("20"), None)),  # read like every other hours answer
    ("20-25 timer", (None, "several_numbers")),
])
def test_weekly_hours_above_80_are_absurd(text, result):
    assert c.parse_weekly_hours(text) == result


@pytest.mark.parametrize("income, insured, am_bidrag, after, uncapped, amount, capped", [
    (D("10000"), "full_time", D("800"), D("9200"), D("8280"), D("8280"), False),        # normal
    (D("22500"), "full_time", D("1800"), D("20700"), D("18630"), D("18630"), False),    # exactly at the cap
    (D("30000"), "full_time", D("2400"), D("27600"), D("24840"), D("18630"), True),     # above the cap
    (D("10000"), "part_time", D("800"), D("9200"), D("8280"), D("8280"), False),
    (D("15000"), "part_time", D("1200"), D("13800"), D("12420"), D("12420"), False),
    (D("16000"), "part_time", D("1280"), D("14720"), D("13248"), D("12420"), True),     # part-time: own, lower cap
])
def test_dagpenge_are_90_percent_of_the_income_after_am_bidrag_capped_at_the_maximum(
        round_rates, income, insured, am_bidrag, after, uncapped, amount, capped):
    result = c.estimate_dagpenge(income, insured, round_rates, IN_2025)
    assert (result.am_bidrag, result.after_am_bidrag) == (am_bidrag, after)
    assert (result.uncapped, result.amount, result.cap_applied) == (uncapped, amount, capped)
    assert result.monthly_income == income and result.insured == insured
    assert result.figure_years == (2025,)


@pytest.mark.parametrize("income, insured, amount, capped, cap", [
    (D("28000"), "full_time", D("21092"), True, D("21092")),      # the fact sheet's example: 23.184 before the cap
    (D("25000"), "full_time", D("20700"), False, D("21092")),
    (D("20000"), "full_time", D("16560"), False, D("21092")),
    (D("15000"), "part_time", D("12420"), False, D("14061")),
    (D("17000"), "part_time", D("14061"), True, D("14061")),
])
def test_dagpenge_with_the_real_2025_rates(income, insured, amount, capped, cap):
    result = c.estimate_dagpenge(income, insured, load_rates(), TODAY)
    assert (result.amount, result.cap_applied, result.cap.value, result.cap.year) == (amount, capped, cap, 2025)
    assert result.cap.stale  # 2026: the 2025 rate is the newest we have


@pytest.mark.parametrize("wage, hours, amount, counted, hourly, weekly", [
    (D("80"), D("20"), D("1600"), D("20"), False, False),        # normal
    (D("100"), D("37"), D("3700"), D("37"), False, False),       # exactly at both caps
    (D("150"), D("37"), D("3700"), D("37"), True, False),        # above the hourly cap
    (D("150"), D("20"), D("2000"), D("20"), True, False),
    (D("80"), D("45"), D("2960"), D("37"), False, False),        # hours above 37 count as 37
    (D("80.5"), D("37.5"), D("2978.5"), D("37"), False, False),
])
def test_sygedagpenge_are_wage_times_hours_capped_per_hour_and_week(round_rates, wage, hours, amount, counted,
                                                                     hourly, weekly):
    result = c.estimate_sygedagpenge(wage, hours, round_rates, IN_2025)
    assert (result.amount, result.counted_hours) == (amount, counted)
    assert (result.hourly_cap_applied, result.weekly_cap_applied) == (hourly, weekly)
    assert result.uncapped == wage * hours
    assert result.hours_capped is (hours > 37)
    assert result.figure_years == (2025,)


def test_the_weekly_cap_applies_when_it_is_below_37_hours_of_the_hourly_cap(tmp_path):
    def item(name, value, unit):
        return (f"  {name}:\n    value: {value}\n    unit: {unit}\n    source: https://example.org/{name}\n"
                f"    source_kind: official\n    verified: true\n")
    (tmp_path / "2025.yml").write_text("year: 2025\nfigures:\n" + item("sygedagpenge_max_hourly", 100, "kr/time")
                                       + item("sygedagpenge_max_weekly", 3000, "kr/uge"), encoding="utf-8")
    result = c.estimate_sygedagpenge(D("100"), D("37"), load_rates(tmp_path), IN_2025)
    assert (result.amount, result.weekly_cap_applied) == (D("3000"), True)


def test_sygedagpenge_with_the_real_rates_use_2024_caps():
    result = c.estimate_sygedagpenge(D("180.5"), D("37"), load_rates(), TODAY)
    assert result.amount == D("126.89") * 37 == D("4694.93")
    assert result.hourly_cap.value == D("126.89") and result.weekly_cap.value == D("4695")
    assert result.figure_years == (2024,) and result.hourly_cap.stale
    assert result.hourly_cap.source_kind == "third_party"


@pytest.mark.parametrize("call", [
    lambda rates: c.estimate_dagpenge(D("25000"), "halvtid", rates, TODAY),
    lambda rates: c.estimate_dagpenge(D("0"), "full_time", rates, TODAY),
    lambda rates: c.estimate_dagpenge(D("-1"), "full_time", rates, TODAY),
    lambda rates: c.estimate_dagpenge(D("10000000"), "full_time", rates, TODAY),
    lambda rates: c.estimate_sygedagpenge(D("0"), D("37"), rates, TODAY),
    lambda rates: c.estimate_sygedagpenge(D("150"), D("81"), rates, TODAY),
    lambda rates: c.estimate_sygedagpenge(D("6000"), D("37"), rates, TODAY),
])
def test_estimates_refuse_input_that_was_not_read_first(call):
    with pytest.raises(ValueError):
        call(load_rates())


def test_the_dagpenge_text_shows_inputs_am_bidrag_rule_year_and_who_decides():
    result = c.estimate_dagpenge(D("28000"), "full_time", load_rates(), IN_2025)
    assert c.describe_dagpenge(result, "da").split("\n") == [
        "Du har oplyst: en indkomst på 28.000 kr. om måneden, og at du er fuldtidsforsikret.",
        "Reglen: dagpenge er 90 % af din tidligere indkomst, efter at der er trukket arbejdsmarkedsbidrag (8 %) "
        "fra, men højst 21.092 kr. om måneden for fuldtidsforsikrede (sats for 2025).",
        "Først trækkes arbejdsmarkedsbidrag (8 %) fra: 28.000 kr. − 2.240 kr. = 25.760 kr.",
        "90 % af 25.760 kr. er 23.184 kr. Det er mere end den højeste sats, så du får højst satsen.",
        "Dit skøn: ca. 21.092 kr. om måneden.",
        "Det er et skøn — a-kassen afgør det endelige beløb.",
        "Kilde: https://bm.dk/satser/satser-for-2025/dagpenge",
    ]


def test_the_dagpenge_text_says_the_rate_is_from_an_earlier_year():
    result = c.estimate_dagpenge(D("10000"), "part_time", load_rates(), TODAY)
    da, en = c.describe_dagpenge(result, "da"), c.describe_dagpenge(result, "en")
    assert "deltidsforsikret" in da and "10.000 kr. − 800 kr. = 9.200 kr." in da
    assert "90 % af 9.200 kr. er 8.280 kr." in da and "Satsen er fra 2025" in da
    assert "insured part-time" in en and "the labour market contribution (8%)" in en
    assert "DKK 10,000 − DKK 800 = DKK 9,200" in en and "90% of DKK 9,200 is DKK 8,280." in en
    assert "The rate is from 2025" in en
    assert "This is an estimate — your a-kasse decides the final amount." in en


def test_the_sygedagpenge_text_shows_the_caps_the_37_hours_and_the_third_party_source():
    result = c.estimate_sygedagpenge(D("180.5"), D("45"), load_rates(), TODAY)
    da = c.describe_sygedagpenge(result, "da")
    assert "180,50 kr." in da and "45 timer om ugen" in da
    assert "126,89 kr. i timen" in da and "4.695 kr. om ugen" in da and "satser for 2024" in da
    assert "højst 37 timer" in da
    assert "126,89 kr. × 37 timer = 4.694,93 kr." in da
    assert "ca. 4.695 kr. om ugen" in da
    assert "dag.dk, som ikke er en officiel kilde" in da
    assert "Satserne er fra 2024" in da
    assert "Det er et skøn — kommunen afgør det endelige beløb." in da
    en = c.describe_sygedagpenge(result, "en")
    assert "DKK 180.50" in en and "45 hours a week" in en and "2024 rates" in en
    assert "not an official source" in en and "the municipality (kommunen) decides the final amount" in en


def test_the_sygedagpenge_text_for_a_normal_wage_has_no_cap_notices():
    result = c.estimate_sygedagpenge(D("100"), D("20"), load_rates(), date(2024, 6, 1))
    da = c.describe_sygedagpenge(result, "da")
    assert "100 kr. × 20 timer = 2.000 kr." in da and "ca. 2.000 kr. om ugen" in da
    assert "højst 37 timer" not in da and "højere end den højeste timesats" not in da
    assert "Satserne er fra" not in da        # 2024 figures in 2024 are current


# ---------------------------------------------------------------- inputs given in the opening question

@pytest.mark.parametrize("text, income, insured, wage, hours", [
    ("beregn mine dagpenge, jeg tjente 28.000 om måneden", D("28000"), None, None, None),
    ("hvad får jeg i sygedagpenge, jeg tjener 180 kr i timen og arbejder 37 timer", None, None, D("180"), D("37")),
    ("jeg tjente 28.000 kr før skat", D("28000"), None, None, None),
    ("kr. 25.000 om måneden", D("25000"), None, None, None),
    ("min månedsløn var 31.500", D("31500"), None, None, None),
    ("hvor meget får jeg i dagpenge hvis jeg tjente 30000", D("30000"), None, None, None),
    ("I earned 28,400 a month and I am insured full-time", D("28400"), "full_time", None, None),
    ("beregn dagpenge, 28k om mdr, jeg er deltidsforsikret", D("28000"), "part_time", None, None),
    ("min timeløn er 180,50 og jeg arbejder 37,5 timer om ugen", None, None, D("180.50"), D("37.5")),
    ("I earn DKK 150 an hour and work 30 hours a week", None, None, D("150"), D("30")),
    ("hourly wage of 150, 37 hours", None, None, D("150"), D("37")),
])
def test_values_the_opening_question_clearly_gives_are_read(text, income, insured, wage, hours):
    assert c.inputs_given_in(text) == c.GivenInputs(monthly_income=income, insured=insured, hourly_wage=wage,
                                                    weekly_hours=hours)


@pytest.mark.parametrize("text", [
    "beregn mine dagpenge",
    "beregn mine dagpenge for 2025",                       # a year, not an amount
    "jeg har været ledig i 3 måneder",                     # months, not money
    "jeg tjente 350.000 om året",                          # a yearly income is not the monthly one
    "jeg har tjent 273.504 kr på 3 år",
    "jeg får 4.000 kr om ugen",                            # a weekly amount
    "jeg tjente 25.000-30.000 om måneden",                 # a range: the form asks
    "jeg tjente mellem 25 000 og 30 000 kr om måneden",
    "jeg tjente 28.000 om måneden, senere 31.000 om måneden",  # two different values
    "jeg arbejder 20 timer om måneden",                    # monthly hours are not weekly hours
    "jeg har arbejdet 240 timer",                          # more hours than a week has room for
    "jeg arbejder fuldtid",                                # working full-time is not being insured full-time
    "jeg tjener 10 millioner om måneden",                  # absurd: the form asks again
])
def test_nothing_unclear_is_read_from_the_opening_question(text):
    assert c.inputs_given_in(text) == c.GivenInputs()
