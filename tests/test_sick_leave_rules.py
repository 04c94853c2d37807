"""The sick-leave triage rule and the reading of answers, as pure functions."""
from datetime import date, timedelta

import pytest

from bot.privacy import redact_health_details
from bot.rules import sick_leave as rules
from bot.rules.reading import field_named_in
from bot.rules.sick_leave import SickLeaveFacts, read_employer_statement, triage_sick_leave
from bot.settings import load_settings

TODAY = date(2026, 11, 23)
FIRST_DAY = date(2026, 11, 16)


def facts(situation="employed", days=14, contact=False, earlier=0):
    expected = None if days is None else FIRST_DAY + timedelta(days=days)
    return SickLeaveFacts(first_day=FIRST_DAY, situation=situation, expected_return=expected,
                          wants_contact=contact, earlier_leaves_last_12_months=earlier)


@pytest.mark.parametrize("case, threshold, track, reasons", [
    (facts(days=14), 12, "self_service", ()),
    (facts(days=12 * 7), 12, "self_service", ()),                       # exactly 12 weeks
    (facts(days=12 * 7 + 1), 12, "advisor", ("over_threshold",)),       # 12 weeks and one day
    (facts(days=12 * 7 + 1), 26, "self_service", ()),                   # the 2025 law's 26 weeks
    (facts(days=26 * 7 + 1), 26, "advisor", ("over_threshold",)),
    (facts(days=4 * 7 + 1), 4, "advisor", ("over_threshold",)),         # a stricter municipality
    (facts(days=None), 12, "advisor", ("duration_unknown",)),
    (facts(situation="unemployed"), 12, "advisor", ("unemployed",)),
    (facts(situation="self_employed"), 12, "advisor", ("self_employed",)),
    (facts(situation="other"), 12, "advisor", ("other_situation",)),
    (facts(contact=True), 12, "advisor", ("contact_wished",)),
    (facts(earlier=1), 12, "self_service", ()),
    (facts(earlier=2), 12, "advisor", ("third_in_12_months",)),
    (facts(situation="unemployed", days=None, contact=True, earlier=2), 12, "advisor",
     ("unemployed", "third_in_12_months", "duration_unknown", "contact_wished")),
])
def test_triage(case, threshold, track, reasons):
    result = triage_sick_leave(case, threshold)
    assert (result.track, result.reasons) == (track, reasons)


def test_expected_days_count_from_the_first_sick_day_to_the_day_back():
    assert triage_sick_leave(facts(days=21)).expected_days == 21
    assert triage_sick_leave(facts(days=None)).expected_days is None


@pytest.mark.parametrize("days, possible", [(56, False), (57, True), (None, True)])
def test_fast_track_is_mentioned_when_the_absence_may_pass_eight_weeks(days, possible):
    assert triage_sick_leave(facts(days=days)).fast_track_possible is possible


def test_reasons_are_described_in_the_users_language_with_the_threshold():
    assert rules.describe_reasons(("over_threshold", "contact_wished"), "da", 12) == \
        "forventet fravær over 12 uger, ønsker kontakt med en medarbejder"
    assert rules.describe_reasons(("unemployed",), "en", 12) == "unemployed and sick"


@pytest.mark.parametrize("value, expected", [("12", 12), ("26", 26), ("1", 1)])
def test_the_threshold_is_a_setting(value, expected):
    assert load_settings({"SICK_LEAVE_THRESHOLD_WEEKS": value}).sick_leave_threshold_weeks == expected
    assert load_settings({}).sick_leave_threshold_weeks == 12


@pytest.mark.parametrize("value", ["0", "53", "tolv", "-4"])
def test_a_wrong_threshold_stops_the_start_with_a_clear_message(value):
    with pytest.raises(ValueError, match="SICK_LEAVE_THRESHOLD_WEEKS"):
        load_settings({"SICK_LEAVE_THRESHOLD_WEEKS": value})


@pytest.mark.parametrize("text, situation", [
    ("ansat", "employed"), ("Jeg er ansat i Netto", "employed"), ("jeg har et job", "employed"),
    ("ledig", "unemployed"), ("jeg er arbejdsløs", "unemployed"), ("jeg faar dagpenge", "unemployed"),
    ("jeg er ledig og søger job", "unemployed"), ("kontanthjælp", "unemployed"),
    ("selvstændig", "self_employed"), ("selvstaendig", "self_employed"), ("I'm self-employed", "self_employed"),
    ("andet", "other"), ("studerende", "other"), ("employed", "employed"), ("unemployed", "unemployed"),
    ("ansat og selvstændig", None),  # contradictory: asked again
    ("hvad mener du", None), ("", None),
])
def test_situation(text, situation):
    assert rules.parse_situation(text) == situation


@pytest.mark.parametrize("text, expected", [
    ("3 uger", date(2026, 12, 7)), ("tre uger", date(2026, 12, 7)), ("10 dage", date(2026, 11, 26)),
    ("fjorten dage", date(2026, 11, 30)), ("en uge", date(2026, 11, 23)), ("a week", date(2026, 11, 23)),
    ("2 måneder", date(2027, 1, 15)), ("2 maaneder", date(2027, 1, 15)), ("3 weeks", date(2026, 12, 7)),
    ("til 15. december", date(2026, 12, 15)), ("15/12", date(2026, 12, 15)), ("mandag", date(2026, 11, 30)),
    ("15/1", date(2027, 1, 15)),  # January written in November is the coming one
    ("i morgen", date(2026, 11, 24)),
])
def test_expected_return_as_a_date_or_a_duration(text, expected):
    assert rules.parse_expected_return(text, FIRST_DAY, TODAY) == (expected, True)


@pytest.mark.parametrize("text", ["ved ikke", "Ved det ikke", "aner det ikke", "don't know", "usikkert"])
def test_not_knowing_the_return_is_understood(text):
    assert rules.parse_expected_return(text, FIRST_DAY, TODAY) == (None, True)


def test_an_unreadable_return_is_not_understood():
    assert rules.parse_expected_return("snart håber jeg", FIRST_DAY, TODAY) == (None, False)


@pytest.mark.parametrize("text, expected", [
    ("den er forlænget med 2 uger", date(2026, 12, 14)), ("2 uger mere", date(2026, 12, 14)),
    ("forlaenget med fjorten dage", date(2026, 12, 14)), ("en uge senere", date(2026, 12, 7)),
    ("en uge til", date(2026, 12, 7)), ("a week later", date(2026, 12, 7)),
    ("en uge tidligere", date(2026, 11, 23)),      # a shift back counts from the current return too
    ("tre dage før", date(2026, 11, 27)),
    ("6 uger", date(2026, 12, 28)),                # without a direction: from the first sick day, as when reporting
])
def test_a_change_counts_from_the_current_return_day(text, expected):
    assert rules.parse_new_return(text, FIRST_DAY, date(2026, 11, 30), TODAY) == (expected, True)


def test_an_extension_of_a_passed_return_day_counts_from_today():
    assert rules.parse_new_return("en uge mere", FIRST_DAY, date(2026, 11, 20), TODAY) == (date(2026, 11, 30), True)


def test_a_vague_shift_is_not_understood():
    assert rules.parse_new_return("et par dage senere", FIRST_DAY, date(2026, 11, 30), TODAY) == (None, False)


@pytest.mark.parametrize("returned, problem", [
    (date(2026, 11, 16), "before_first_day"), (date(2026, 11, 10), "before_first_day"),
    (date(2026, 11, 22), "in_past"), (date(2026, 11, 23), None), (date(2026, 12, 24), None),
])
def test_return_problem(returned, problem):
    assert rules.return_problem(returned, FIRST_DAY, TODAY) == problem


@pytest.mark.parametrize("first_day, problem", [
    (TODAY, None), (TODAY - timedelta(days=365), None), (TODAY + timedelta(days=1), "future"),
    (TODAY - timedelta(days=366), "too_old"),
])
def test_first_day_problem(first_day, problem):
    assert rules.first_day_problem(first_day, TODAY) == problem


@pytest.mark.parametrize("text, hours, problem", [
    ("20", 20.0, None), ("0", 0.0, None), ("7,5 timer", 7.5, None), ("36.5", 36.5, None),
    ("37", None, "full_time"), ("38", None, "out_of_range"), ("-5", None, "out_of_range"),
    # Number words are read as everywhere else (bot.rules.reading.read_hours): "tyve" is 20.
    ("tyve", 20.0, None), ("ti timer", 10.0, None), ("Ti timer om ugen", 10.0, None), ("halvanden time", 1.5, None),
    ("20 hours", 20.0, None), ("syvogtredive", None, "full_time"), ("minus 3", None, "out_of_range"),
    # One number is needed: a range, two numbers or a vague count is asked again.
    ("10 eller 20", None, "not_a_number"), ("10-12 timer", None, "not_a_number"),
    ("mellem 10 og 12", None, "not_a_number"), ("et par timer", None, "not_a_number"), ("", None, "not_a_number"),
])
def test_hours_still_worked(text, hours, problem):
    assert rules.parse_hours_worked(text) == (hours, problem)


@pytest.mark.parametrize("text, extent", [
    ("helt", ("full", None)), ("fuldt sygemeldt", ("full", None)), ("fully", ("full", None)),
    ("delvis", ("partial", None)), ("delvist, 20 timer", ("partial", 20.0)), ("15 timer", ("partial", 15.0)),
    ("partly", ("partial", None)), ("jeg ved ikke", (None, None)), ("delvis, ti timer", ("partial", 10.0)),
    ("ti timer", ("partial", 10.0)), ("delvist 50 %", ("partial", None)), ("helt, 100 %", ("full", None)),
])
def test_extent(text, extent):
    assert rules.parse_extent(text) == extent


@pytest.mark.parametrize("text, answer", [
    ("ja", True), ("Ja tak", True), ("yes please", True), ("ja, ring gerne", True), ("jep", True),
    ("korekt", True), ("ja, men ikke om aftenen", True), ("👍", True),
    ("nej", False), ("nej tak", False), ("no", False), ("nej, ikke nødvendigt", False), ("ikke nødvendigt", False),
    ("det passer ikke", False), ("👎", False),
    ("måske", None), ("ja nej", None), ("", None), ("ja, måske", None), ("de sagde ja", None),
    ("jeg vil gerne ændre datoen", None),
    # This journey's own whole answers.
    ("kontakt mig", True), ("Kontakt mig!", True), ("jeg vil gerne kontaktes", True), ("gem", True),
    ("ring til mig", True), ("jeg klarer mig selv", False),
])
def test_yes_or_no(text, answer):
    assert rules.parse_yes_no(text) == answer


@pytest.mark.parametrize("text, field", [
    ("første sygedag er forkert", "first_day"), ("ret arbejdsgiveren", "employer"),
    ("jeg er tilbage en anden dag", "expected_return"), ("timerne er forkerte", "partial_hours"),
    ("jeg vil alligevel gerne kontaktes", "wants_contact"), ("datoen", "first_day"), ("hmm", None),
    ("arbejdsgivren er forkert", "employer"), ("ret datoen, jeg er tilbage en anden dag", "expected_return"),
    ("jeg er delvist sygemeldt", "extent"), ("situationen er forkert", "situation"), ("kontanthjælp", None),
    ("the first day is wrong", "first_day"), ("change the employer", "employer"),
])
def test_a_correction_names_its_field(text, field):
    assert field_named_in(text, rules.FIELD_WORDS) == field


def test_earlier_leaves_count_only_the_twelve_months_before():
    days = [date(2025, 11, 22), date(2025, 11, 23), date(2026, 6, 1), date(2026, 11, 16)]
    assert rules.earlier_leaves_within_12_months(days, date(2026, 11, 23)) == 3  # 22/11/2025 is too early
    assert rules.earlier_leaves_within_12_months(days, date(2026, 11, 24)) == 2
    assert rules.earlier_leaves_within_12_months(days, date(2026, 11, 16)) == 3  # not itself


@pytest.mark.parametrize("track, status, expected, due", [
    ("self_service", "open", TODAY, True), ("self_service", "open", TODAY - timedelta(days=3), True),
    ("self_service", "open", TODAY + timedelta(days=1), False), ("self_service", "open", None, False),
    ("advisor", "open", TODAY, False), ("self_service", "closed", TODAY, False),
])
def test_check_in_is_due_on_and_after_the_expected_return(track, status, expected, due):
    assert rules.check_in_due(track, status, expected, TODAY) is due


@pytest.mark.parametrize("returned, problem", [
    (date(2026, 11, 16), "before_first_day"), (date(2026, 11, 17), None), (TODAY + timedelta(days=14), None),
    (TODAY + timedelta(days=15), "too_far_ahead"),
])
def test_a_day_back_at_work(returned, problem):
    assert rules.returned_on_problem(returned, FIRST_DAY, TODAY) == problem


@pytest.mark.parametrize("text, expected", [
    ("i dag", TODAY), ("i går", TODAY - timedelta(days=1)), ("i morgen", TODAY + timedelta(days=1)),
    ("jeg starter på mandag", date(2026, 11, 30)), ("jeg har været tilbage siden mandag", date(2026, 11, 16)),
])
def test_the_day_back(text, expected):
    assert rules.parse_return_day(text, TODAY) == expected


@pytest.mark.parametrize("text, redacted", [
    ("jeg har brækket benet", "jeg har [helbredsoplysning] benet"),
    ("Jeg har influenza og feber", "Jeg har [helbredsoplysning] og [helbredsoplysning]"),
    ("jeg har ondt i ryggen", "jeg har [helbredsoplysning]"),
    ("sygemeldt med stress fra i dag", "sygemeldt med [helbredsoplysning] fra i dag"),
    ("I have the flu", "I have the [helbredsoplysning]"),
])
def test_health_details_are_taken_out(text, redacted):
    assert redact_health_details(text) == (redacted, True)


@pytest.mark.parametrize("text", ["jeg er syg", "jeg søgte som operationssygeplejerske", "Netto", "20 timer"])
def test_messages_without_health_details_are_left_alone(text):
    assert redact_health_details(text) == (text, False)


@pytest.mark.parametrize("text, expected", [
    ("til 15. decmber", date(2026, 12, 15)), ("15 janaur", date(2027, 1, 15)), ("1. desember", date(2026, 12, 1)),
])
def test_a_month_name_with_one_typo_is_still_a_date(text, expected):
    assert rules.parse_expected_return(text, FIRST_DAY, TODAY) == (expected, True)


@pytest.mark.parametrize("text, employer", [
    ("jeg er syg, jeg arbejder hos Netto", "Netto"),
    ("jeg arbejder som kok hos Restaurant Noma i byen", "Restaurant Noma"),
    ("I work at DSV and I am ill", "DSV"),
    ("ansat i Bilka siden 2019", "Bilka"),
    ("jeg arbejder hos netto", None),  # lower case: could be anything ("hos nogen")
    ("jeg arbejder i weekenden", None),
    ("jeg er ledig", None),
])
def test_an_employer_named_in_passing_is_read(text, employer):
    assert read_employer_statement(text) == employer


@pytest.mark.parametrize("text", [
    "søgte job som lagermedarbejder hos DSV i går", "I applied for a job at ISS", "har sendt mit cv til Coop",
    "var til jobsamtale hos Lego", "har soegt job hos Netto",
])
def test_a_job_search_report_names_no_employer(text):
    assert rules.reads_as_job_search(text)
    assert read_employer_statement(text) is None


@pytest.mark.parametrize("text", ["jeg arbejder hos Netto", "jeg har job hos Vestas", "jeg er syg fra i dag"])
def test_work_and_sickness_are_no_job_search(text):
    assert not rules.reads_as_job_search(text)
