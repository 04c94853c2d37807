"""Småjob posting rules: checking each field, spotting jobs the form cannot take, duplicates and the
summary (reading a whole message is in test_vacancy_reader_rules.py). Pure functions, no Rasa, no
database."""
from datetime import date

import pytest
from stdnum.dk import cvr as stdnum_cvr

from bot.rules import vacancy
from bot.rules.vacancy import (
    FIELDS, MAX_JOB_TITLE_CHARS, MAX_TASKS_CHARS, SUMMARY_FIELDS, format_value, is_same_posting,
    needs_person_instead, parse_duration_kind, parse_yes_no, validate_cvr, validate_email, validate_hours,
    validate_phone, validate_postcode, validate_start_date, validate_text,
)

TODAY = date(2026, 11, 23)  # a Monday

# Each passes the modulus-11 check (13748136 is the worked example on erhvervsstyrelsen.dk).
VALID_CVRS = ["13748136", "25313763", "10150817", "24256790", "30060946", "61126228"]


@pytest.mark.parametrize("number", VALID_CVRS)
def test_the_valid_cvr_list_passes_stdnum_itself(number):
    assert stdnum_cvr.is_valid(number)


@pytest.mark.parametrize("text, expected", [
    ("13748136", "13748136"),
    ("13 74 81 36", "13748136"),
    ("1374 8136", "13748136"),
    ("13-74-81-36", "13748136"),
    ("DK13748136", "13748136"),
    ("dk 13748136", "13748136"),
    ("cvr 13748136", "13748136"),
    ("CVR-nr.: 13748136", "13748136"),
    ("cvr nummer 25313763", "25313763"),
    (" 10150817 ", "10150817"),
    ("24256790", "24256790"),
    ("30060946", "30060946"),
    ("61126228", "61126228"),
])
def test_valid_cvr_numbers_come_back_compact(text, expected):
    assert validate_cvr(text) == (expected, None)


@pytest.mark.parametrize("text, problem", [
    ("13748137", "checksum"),       # last digit changed
    ("13748163", "checksum"),       # two digits swapped
    ("12345678", "checksum"),
    ("03748136", "checksum"),       # no CVR number starts with 0
    ("1374813", "wrong_length"),    # 7 digits
    ("137481366", "wrong_length"),  # 9 digits
    ("1234", "wrong_length"),
    ("1374813a", "not_digits"),
    ("abcdefgh", "not_digits"),
    ("DKabc", "not_digits"),
    ("", "empty"),
    ("   ", "empty"),
    ("cvr:", "empty"),
    (None, "empty"),
])
def test_invalid_cvr_numbers_say_why(text, problem):
    assert validate_cvr(text) == (None, problem)


@pytest.mark.parametrize("text, expected", [
    ("mette@bakken.dk", "mette@bakken.dk"),
    ("  mette@bakken.dk  ", "mette@bakken.dk"),
    ("Mette.Hansen@Bakken.DK", "Mette.Hansen@bakken.dk"),
    ("mette+job@bakken-bageri.co.uk", "mette+job@bakken-bageri.co.uk"),
    ("e-mail: mette@bakken.dk.", "mette@bakken.dk"),
    ("<mailto:mette@bakken.dk>", "mette@bakken.dk"),
    ("søren@bøgeskov.dk", "søren@bøgeskov.dk"),
])
def test_valid_email_addresses(text, expected):
    assert validate_email(text) == (expected, None)


@pytest.mark.parametrize("text, problem", [
    ("", "empty"),
    ("mette bakken.dk", "missing_at"),
    ("mette@bakken", "invalid"),
    ("mette@@bakken.dk", "invalid"),
    ("mette@bakken,dk", "invalid"),
    ("mette @bakken.dk", "invalid"),
    ("@bakken.dk", "invalid"),
    ("mette@", "invalid"),
    (".mette@bakken.dk", "invalid"),
    ("mette..hansen@bakken.dk", "invalid"),
    ("mette@-bakken.dk", "invalid"),
    ("mette@bakken.d", "invalid"),
    ("m" * 65 + "@bakken.dk", "invalid"),
    ("mette@" + "a" * 250 + ".dk", "too_long"),
])
def test_invalid_email_addresses(text, problem):
    assert validate_email(text) == (None, problem)


@pytest.mark.parametrize("text", [
    "23456789", "23 45 67 89", "2345 6789", "23-45-67-89", "+45 23 45 67 89", "+4523456789",
    "0045 23456789", "(+45) 23 45 67 89", "tlf: 23 45 67 89", "Telefon 23456789", "tel. 23456789",
    "tlf.nr. 23456789", "Telefonnummer: 23 45 67 89", "mobil: 23456789",
])
def test_danish_phone_numbers_are_normalised(text):
    assert validate_phone(text) == ("+45 23 45 67 89", None)


@pytest.mark.parametrize("text, problem", [
    ("", "empty"),
    ("12345678", "not_danish"),         # Danish numbers never start with 1 (112, 1813 are short codes)
    ("02345678", "not_danish"),
    ("+46 70 123 45 67", "not_danish"),
    ("2345678", "wrong_length"),
    ("234567890", "wrong_length"),
    ("112", "wrong_length"),
    ("2345678a", "not_digits"),
    ("ring til mig", "not_digits"),
])
def test_invalid_phone_numbers_say_why(text, problem):
    assert validate_phone(text) == (None, problem)


@pytest.mark.parametrize("text, expected", [
    ("1", 1),
    ("20", 20),
    ("10", 10),
    ("7,5", 7.5),
    ("7.5", 7.5),
    ("ti", 10),
    ("fem timer om ugen", 5),
    ("ca. 10 timer", 10),
    ("10 timer om ugen", 10),
    ("10-15 timer", 15),           # a range counts as its upper number
    ("10 til 15", 15),
    ("mellem 10 og 15 timer", 15),
    ("to til tre timer", 3),
    ("op til 15 timer", 15),
    ("10 hours a week", 10),
    ("10 timer, 2 dage om ugen", 10),
    ("femten timer", 15),          # number words as everywhere else (bot.rules.reading)
    ("tolv", 12),
    ("femten timer om ugen", 15),
    ("halvanden time", 1.5),
    ("ti til tolv timer", 12),
    ("10t/uge", 10),
    ("twenty hours", 20),
])
def test_hours_in_range(text, expected):
    check = validate_hours(text)
    assert (check.value, check.problem) == (expected, None)
    assert type(check.value) is type(expected)


@pytest.mark.parametrize("text, problem", [
    ("0", "below_range"),
    ("-3", "below_range"),
    ("21", "above_range"),
    ("60", "above_range"),
    ("20,5", "above_range"),
    ("37 timer", "above_range"),
    ("15-25 timer", "above_range"),
    ("", "empty"),
    ("ingen", "not_a_number"),
    ("mange", "not_a_number"),
    ("et par timer", "not_a_number"),
    ("tredive timer", "above_range"),
    ("8 timer om dagen", "not_weekly"),
    ("40 timer om måneden", "not_weekly"),
    ("40 hours a month", "not_weekly"),
])
def test_hours_refused_with_the_range(text, problem):
    assert validate_hours(text) == (None, problem, 1, 20)


def test_hours_range_is_configurable():
    assert validate_hours("30", minimum=5, maximum=30) == (30, None, 5, 30)
    assert validate_hours("3", minimum=5, maximum=30) == (None, "below_range", 5, 30)


@pytest.mark.parametrize("text, expected", [
    ("2100", "2100"), ("0800", "0800"), ("9990", "9990"), ("2100 København Ø", "2100"), ("DK-8000", "8000"),
])
def test_valid_postcodes(text, expected):
    assert validate_postcode(text) == (expected, None)


@pytest.mark.parametrize("text, problem", [
    ("0799", "bad_postcode"), ("9999", "bad_postcode"), ("210", "bad_postcode"), ("21000", "bad_postcode"),
    ("abcd", "bad_postcode"), ("2100 og 2200", "bad_postcode"), ("", "empty"), ("ingen", "empty"),
])
def test_invalid_postcodes(text, problem):
    assert validate_postcode(text) == (None, problem)


@pytest.mark.parametrize("text, expected", [
    ("1. december", date(2026, 12, 1)),
    ("1. dec", date(2026, 12, 1)),
    ("1/12", date(2026, 12, 1)),
    ("tirsdag den 1. december", date(2026, 12, 1)),
    ("december 1st", date(2026, 12, 1)),
    ("i morgen", date(2026, 11, 24)),
    ("imorgen", date(2026, 11, 24)),
    ("tomorrow", date(2026, 11, 24)),
    ("mandag", date(2026, 11, 30)),        # today is Monday: the next one
    ("på fredag", date(2026, 11, 27)),
    ("om 2 uger", date(2026, 12, 7)),
    ("i overmorgen", date(2026, 11, 25)),
    ("næste uge", date(2026, 11, 30)),     # the Monday of next week
    ("naeste uge", date(2026, 11, 30)),
    ("next monday", date(2026, 11, 30)),
    ("mandag d. 30/11", date(2026, 11, 30)),
    ("30.11.26", date(2026, 11, 30)),
    ("31/12", date(2026, 12, 31)),
    ("1. januar", date(2027, 1, 1)),
    ("i dag", TODAY),
    ("snarest", TODAY),
    ("hurtigst muligt", TODAY),
    ("Hurtigst muligt!", TODAY),
    ("straks", TODAY),
    ("med det samme", TODAY),
    ("asap", TODAY),
    ("as soon as possible", TODAY),
    ("15/1", date(2027, 1, 15)),
    ("1/6", date(2027, 6, 1)),             # half a year ago without a year: next June
    ("1. juni 2027", date(2027, 6, 1)),
    ("23/11/2027", date(2027, 11, 23)),    # exactly a year ahead is still allowed
])
def test_start_dates(text, expected):
    assert validate_start_date(text, TODAY) == (expected, None)


@pytest.mark.parametrize("text, problem", [
    ("i går", "in_past"),
    ("20/11", "in_past"),
    ("1. november", "in_past"),            # passed three weeks ago: a slip, not next November
    ("1/11/2026", "in_past"),
    ("24/11/2027", "too_far"),
    ("1/12/2028", "too_far"),
    ("december", "not_a_date"),
    ("ved ikke", "not_a_date"),
    ("", "empty"),
])
def test_start_dates_refused(text, problem):
    assert validate_start_date(text, TODAY) == (None, problem)


@pytest.mark.parametrize("text, expected", [
    ("engangsopgave", "one_off"),
    ("Det er en engangsopgave", "one_off"),
    ("engangsopgve", "one_off"),           # one typo
    ("en enkelt dag", "one_off"),
    ("kun en dag", "one_off"),
    ("én gang", "one_off"),
    ("one-off", "one_off"),
    ("a single day", "one_off"),
    ("periode", "period"),
    ("i en periode", "period"),
    ("i 3 måneder", "period"),
    ("3 maaneder", "period"),
    ("for 6 months", "period"),
    ("midlertidigt", "period"),
    ("sæsonjob", "period"),
    ("saesonjob", "period"),
    ("frem til jul", "period"),
    ("temporary", "period"),
    ("fast i 3 måneder", "period"),        # a fixed period, not a permanent job
    ("fast", "ongoing"),
    ("det er fast", "ongoing"),
    ("løbende", "ongoing"),
    ("lobende", "ongoing"),
    ("loebende", "ongoing"),
    ("løbene", "ongoing"),                 # one typo
    ("indtil videre", "ongoing"),
    ("permanent", "ongoing"),
    ("ongoing", "ongoing"),
])
def test_duration_words(text, expected):
    assert parse_duration_kind(text) == expected


@pytest.mark.parametrize("text", ["ved ikke", "en gang om ugen", "en dag om ugen", "om 2 uger",
                                  "10 timer om ugen", "", "🙂"])
def test_unclear_duration_gives_none(text):
    assert parse_duration_kind(text) is None


@pytest.mark.parametrize("text, expected", [
    ("ja", True), ("Ja tak", True), ("jo", True), ("gerne", True), ("selvfølgelig", True),
    ("selvfolgelig", True), ("yes", True), ("hvorfor ikke", True), ("ja, men ikke om aftenen", True),
    ("nej", False), ("nej tak", False), ("no", False), ("det tror jeg ikke", False), ("ikke rigtig", False),
    ("måske", None), ("det kommer an på", None), ("", None), ("🙂", None),
    ("jep", True), ("korekt", True), ("👍", True), ("det passer ikke", False), ("ja nej", None),
    # A sentence that is no answer stays unclear, whatever words are inside it.
    ("vi har ikke tænkt over det", None), ("ja måske", None),
])
def test_yes_no(text, expected):
    assert parse_yes_no(text) is expected


# --- Free text ---------------------------------------------------------------------------------

def test_a_script_title_is_kept_verbatim_as_text():
    assert validate_text("job_title", "<script>alert(1)</script>") == ("<script>alert(1)</script>", None, False)


@pytest.mark.parametrize("field, text, expected", [
    ("company", "  Bakken   Bageri  ", "Bakken Bageri"),
    ("company", "Bakken Bageri (Valby)", "Bakken Bageri (Valby)"),
    ("job_title", "Kok <b>deltid</b>", "Kok <b>deltid</b>"),
    ("contact_person", "Mette\u200b Hansen", "Mette Hansen"),
    ("tasks", "- opvask\n\n  - rengøring  \n", "- opvask\n- rengøring"),
    ("requirements", "kørekort B, taler dansk", "kørekort B, taler dansk"),
    # Filler around a name goes (bot.rules.reading.clean_name); the name stays as typed.
    ("company", "det er Bakken Bageri", "Bakken Bageri"),
    ("company", "Virksomheden hedder Bakken Bageri.", "Bakken Bageri"),
    ("company", "Hos Anna", "Hos Anna"),
    ("job_title", "som opvasker", "opvasker"),
    ("job_title", "social- og sundhedsmedarbejder", "social- og sundhedsmedarbejder"),
    ("contact_person", "Mette, tak", "Mette"),
    ("tasks", "det er opvask", "det er opvask"),
    ("requirements", "ingen", ""),
    ("requirements", "Ingen særlige krav.", ""),
    ("requirements", "none", ""),
])
def test_text_fields_are_tidied_not_rewritten(field, text, expected):
    assert validate_text(field, text) == (expected, None, False)


@pytest.mark.parametrize("field, text", [
    ("company", ""), ("company", "   "), ("company", "🙂🙂"), ("company", "..."), ("job_title", "!?"),
    ("job_title", "👍"), ("contact_person", "-"), ("tasks", "\n\n"),
])
def test_empty_or_symbol_only_text_is_refused(field, text):
    assert validate_text(field, text) == (None, "empty", False)


def test_long_tasks_are_shortened_at_a_word_with_a_flag():
    value, problem, trimmed = validate_text("tasks", "opvask og rengøring " * 100)
    assert problem is None and trimmed is True
    assert len(value) <= MAX_TASKS_CHARS
    assert value.endswith(("opvask", "og", "rengøring"))


def test_long_titles_are_shortened_with_a_flag():
    value, problem, trimmed = validate_text("job_title", "x" * 200)
    assert (len(value), problem, trimmed) == (MAX_JOB_TITLE_CHARS, None, True)


def test_text_at_the_limit_is_not_flagged():
    assert validate_text("job_title", "x" * MAX_JOB_TITLE_CHARS) == ("x" * MAX_JOB_TITLE_CHARS, None, False)


def test_unknown_text_field_is_a_programming_error():
    with pytest.raises(ValueError):
        validate_text("cvr", "13748136")


# --- Jobs the form cannot take -----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Vi vil gerne have en i løntilskud", "wage_subsidy"),
    ("lontilskud", "wage_subsidy"),
    ("et fleksjob på 12 timer", "wage_subsidy"),
    ("flexjob", "wage_subsidy"),
    ("a wage subsidy job", "wage_subsidy"),
    ("virksomhedspraktik i 4 uger", "internship"),
    ("vi tager gerne en i praktik", "internship"),
    ("en praktikant", "internship"),
    ("ulønnet hjælp", "internship"),
    ("an internship", "internship"),
    ("fuldtid", "above_range"),
    ("en fuldtidsstilling", "above_range"),
    ("full-time", "above_range"),
    ("37 timer om ugen", "above_range"),
    ("25 timer", "above_range"),
    ("15-25 timer", "above_range"),
    ("søger en opvasker 10 timer om ugen", None),
    ("20 timer", None),
    ("8 timer om dagen", None),
    ("praktiske opgaver i køkkenet", None),
    ("intern oplæring", None),                       # Danish "intern" means in-house
    ("det er ikke løntilskud, almindelig løn", None),
    ("uden løntilskud", None),
    ("ikke fuldtid, kun 10 timer", None),
    ("", None),
])
def test_needs_person_instead(text, expected):
    assert needs_person_instead(text) == expected


def test_needs_person_instead_follows_the_configured_maximum():
    assert needs_person_instead("25 timer", maximum=30) is None


# --- Duplicates --------------------------------------------------------------------------------

POSTING = {"cvr": "13748136", "job_title": "Opvasker", "postcode": "2100", "status": "open"}


@pytest.mark.parametrize("other", [
    {"cvr": "13748136", "job_title": "Opvasker", "postcode": "2100"},
    {"cvr": "DK 13 74 81 36", "job_title": "  opvasker ", "postcode": "2100"},
    {"cvr": "13748136", "job_title": "OPVASKER", "postcode": "2100", "status": "open"},
])
def test_same_posting(other):
    assert is_same_posting(POSTING, other)


def test_same_posting_ignores_æøå_spelling_and_whitespace():
    a = {"cvr": "13748136", "job_title": "Pædagogmedhjælper", "postcode": "2100"}
    b = {"cvr": "13748136", "job_title": "paedagog medhjaelper", "postcode": "2100"}
    assert is_same_posting(a, b)


@pytest.mark.parametrize("other", [
    {"cvr": "25313763", "job_title": "Opvasker", "postcode": "2100"},
    {"cvr": "13748136", "job_title": "Kok", "postcode": "2100"},
    {"cvr": "13748136", "job_title": "Opvasker", "postcode": "2200"},
    {"cvr": "13748136", "job_title": "Opvasker", "postcode": "2100", "status": "closed"},
    {"cvr": "13748136", "job_title": "Opvasker", "postcode": "2100", "status": "filled"},
    {"cvr": "13748136", "job_title": "Opvasker", "postcode": "2100", "closed": True},
    {"cvr": None, "job_title": "Opvasker", "postcode": "2100"},
    {"cvr": "13748136", "job_title": "", "postcode": "2100"},
])
def test_not_the_same_posting(other):
    assert not is_same_posting(POSTING, other)


def test_missing_fields_never_match_each_other():
    assert not is_same_posting({"cvr": "13748136", "job_title": "Opvasker"},
                               {"cvr": "13748136", "job_title": "Opvasker"})


# --- Summary -----------------------------------------------------------------------------------

def test_summary_lists_every_field_once_in_the_asking_order():
    assert SUMMARY_FIELDS == FIELDS
    assert len(set(SUMMARY_FIELDS)) == len(SUMMARY_FIELDS) == 13
    assert set(vacancy.FIELD_LABELS) == set(FIELDS)


@pytest.mark.parametrize("field, value, danish, english", [
    ("start_date", date(2026, 12, 1), "1/12/2026", "1/12/2026"),
    ("hours_per_week", 7.5, "7,5", "7.5"),
    ("hours_per_week", 10, "10", "10"),
    ("duration_kind", "ongoing", "Løbende", "Ongoing"),
    ("requirements", "", "Ingen", "None"),
    ("suits_far_from_labour_market", True, "Ja", "Yes"),
    ("phone", None, "–", "–"),
    ("job_title", "<b>Kok</b>", "<b>Kok</b>", "<b>Kok</b>"),
])
def test_format_value(field, value, danish, english):
    assert (format_value(field, value, "da"), format_value(field, value, "en")) == (danish, english)
