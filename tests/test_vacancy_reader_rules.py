"""Reading a whole småjob message: every field one message gives, each checked as its own answer
would be, and the field a correction names. Pure functions, no Rasa, no database."""
from datetime import date

import pytest

from bot.rules.reading import field_named_in
from bot.rules.vacancy import FIELD_WORDS, MAX_TASKS_CHARS, parse_vacancy_message

TODAY = date(2026, 11, 23)  # a Monday


# --- One message -------------------------------------------------------------------------------

def _values(found):
    return {field: (result.value, result.problem) for field, result in found.items()}


# The posting most of the messages below describe, as read from one that gives it all.
BAKKEN = {
    "company": ("Bakken Bageri", None), "cvr": ("13748136", None), "job_title": ("opvasker", None),
    "hours_per_week": (10, None), "postcode": ("2100", None), "start_date": (date(2026, 12, 1), None),
    "contact_person": ("Mette", None), "email": ("mette@bakken.dk", None), "phone": ("+45 23 45 67 89", None),
}
WITH_A_FOREIGN_PHONE = ("Vi er Bakken Bageri, cvr 13748136, søger en opvasker 10 timer om ugen i 2100 "
                        "fra 1. december, kontakt Mette på mette@bakken.dk eller 12345678")


@pytest.mark.parametrize("text, expected", [
    # Not a CVR (checksum fails) and not a Danish phone number (starts with 1): asked again.
    pytest.param(WITH_A_FOREIGN_PHONE, {**BAKKEN, "phone": (None, "not_danish")}, id="most_fields"),
    pytest.param("vi er bakken bageri, cvr 13748136, soger en opvasker 10 timer om ugen i 2100 fra 1. dec, "
                 "kontakt mette pa mette@bakken.dk el. 23456789",
                 {**BAKKEN, "company": ("bakken bageri", None), "contact_person": ("mette", None)},
                 id="without_æøå_in_lower_case"),
    pytest.param("We are Bakken Bakery, CVR DK13748136, looking for a dishwasher 10 hours a week in 2100 starting "
                 "December 1, contact Mette on +45 23 45 67 89 or mette@bakken.dk",
                 {**BAKKEN, "company": ("Bakken Bakery", None), "job_title": ("dishwasher", None)}, id="in_english"),
    pytest.param("Firma: Bakken Bageri\nCVR: 13 74 81 36\nKontaktperson: Mette Hansen\nE-mail: mette@bakken.dk\n"
                 "Telefon: 23 45 67 89\nStilling: Opvasker\nOpgaver: opvask, rengøring og oprydning\nTimer: 7,5\n"
                 "Postnummer: 2100\nStart: 1/12\nVarighed: løbende\nKrav: taler dansk",
                 {**BAKKEN, "contact_person": ("Mette Hansen", None), "job_title": ("Opvasker", None),
                  "tasks": ("opvask, rengøring og oprydning", None), "hours_per_week": (7.5, None),
                  "duration_kind": ("ongoing", None), "requirements": ("taler dansk", None)},
                 id="labels_on_lines"),
    pytest.param("Bakken Bageri søger en opvasker hurtigst muligt, 10-15 timer, 2100 København Ø. "
                 "Ring til Mette på 2345 6789. Ingen krav.",
                 {"company": ("Bakken Bageri", None), "job_title": ("opvasker", None), "start_date": (TODAY, None),
                  "hours_per_week": (15, None), "postcode": ("2100", None), "contact_person": ("Mette", None),
                  "phone": ("+45 23 45 67 89", None), "requirements": ("", None)},
                 id="asap_a_range_a_town_and_no_requirements"),
])
def test_one_message_fills_every_field_it_gives(text, expected):
    assert _values(parse_vacancy_message(text, TODAY)) == expected


def test_a_phone_number_asked_for_again_keeps_what_was_written():
    assert parse_vacancy_message(WITH_A_FOREIGN_PHONE, TODAY)["phone"].raw == "12345678"


@pytest.mark.parametrize("text, expected", [
    ("cvr: 1374813", {"cvr": (None, "wrong_length")}),
    ("cvr 13748137", {"cvr": (None, "checksum")}),
    ("CVR-nr. 13 74 81 36", {"cvr": ("13748136", None)}),
    ("e-mail: mette@bakken", {"email": (None, "invalid")}),
    ("skriv til mette@bakken,dk", {"email": (None, "invalid")}),
    ("Stilling: <script>alert(1)</script>\nTimer: 60",
     {"job_title": ("<script>alert(1)</script>", None), "hours_per_week": (None, "above_range")}),
    ("start: 1. november", {"start_date": (None, "in_past")}),
    ("tlf: 23456789 eller 87654321", {"phone": ("+45 23 45 67 89", None)}),
    # An unlabelled 8-digit number that passes the CVR check is the CVR when no phone word is near ...
    ("Vi er Bageriet, 25313763", {"company": ("Bageriet", None), "cvr": ("25313763", None)}),
    # ... and the phone when the message asks to call.
    ("Vi er Bageriet. Ring på 25313763", {"company": ("Bageriet", None), "phone": ("+45 25 31 37 63", None)}),
    ("Hej, Kiosken søger en ekspedient", {"company": ("Kiosken", None), "job_title": ("ekspedient", None)}),
    ("der er en kiosk der søger en ekspedient", {"job_title": ("ekspedient", None)}),
    ("vi leder efter en pedelmedhjælper i 3 måneder, 8200 Aarhus N, start 5/1, tlf. 87 65 43 21",
     {"job_title": ("pedelmedhjælper", None), "duration_kind": ("period", None), "postcode": ("8200", None),
      "start_date": (date(2027, 1, 5), None), "phone": ("+45 87 65 43 21", None)}),
    ("Vi har et job i 2026 og i 4000 Roskilde", {"postcode": ("4000", None)}),   # 2026 is a year
    ("opvasker fra 10-14 hver lørdag", {}),                                      # a time, not a date
    ("Det er en engangsopgave den 24/12, 5 timer",
     {"duration_kind": ("one_off", None), "hours_per_week": (5, None)}),
    ("", {}),
])
def test_one_message_variants(text, expected):
    assert _values(parse_vacancy_message(text, TODAY)) == expected


def test_one_message_marks_long_labelled_tasks_as_trimmed():
    found = parse_vacancy_message("Opgaver: " + "opvask og rengøring " * 100, TODAY)
    assert found["tasks"].trimmed is True
    assert len(found["tasks"].value) <= MAX_TASKS_CHARS


def test_a_postcode_followed_by_a_comma_is_read():
    found = parse_vacancy_message("vi søger en rengøringshjælp 5 timer om ugen i 4200, cvr 13748136, tlf 23456789",
                                  TODAY)
    assert found["postcode"].value == "4200" and found["cvr"].value == "13748136"
    assert "postcode" not in parse_vacancy_message("løn 4200,50 kr om måneden", TODAY)


def test_a_labelled_description_on_one_line_ends_where_the_next_field_starts():
    found = parse_vacancy_message(
        "job: opvasker, opgaver: opvask, rengøring og oprydning, 5 timer om ugen, postnr 4200, tlf 23456789", TODAY)
    assert _values(found)["tasks"] == ("opvask, rengøring og oprydning", None)
    assert _values(found)["hours_per_week"] == (5, None)
    assert _values(found)["postcode"] == ("4200", None)


def test_the_first_part_answers_the_question_asked_when_the_rest_gives_other_fields():
    text = "Bageriet Hansen, cvr 10150817, tlf 20304050"
    assert "company" not in parse_vacancy_message(text, TODAY)
    found = parse_vacancy_message(text, TODAY, answering="company")
    assert _values(found)["company"] == ("Bageriet Hansen", None)
    assert _values(found)["cvr"] == ("10150817", None)
    # A single answer is left to the question's own check.
    assert parse_vacancy_message("Bageriet Hansen", TODAY, answering="company") == {}


# --- The field a correction names --------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("ret telefonnummeret", "phone"),
    ("change the phone number", "phone"),
    ("mobilnummeret er forkert", "phone"),
    ("ret tlf", "phone"),
    ("change the email", "email"),
    ("ret e-mailen", "email"),
    ("forkert cvr", "cvr"),
    ("ret cvr-nummeret", "cvr"),
    ("ret firmanavnet", "company"),
    ("change the company name", "company"),
    ("kontaktpersonen er forkert", "contact_person"),
    ("ret mit navn", "contact_person"),
    ("ret stillingen", "job_title"),
    ("change the job title", "job_title"),
    ("ret opgaverne", "tasks"),
    ("ret timetallet", "hours_per_week"),
    ("the hours are wrong", "hours_per_week"),
    ("ret de faste timer", "hours_per_week"),
    ("forkert postnummer", "postcode"),
    ("ret startdatoen", "start_date"),
    ("ret datoen", "start_date"),
    ("change the start date", "start_date"),
    ("varigheden er forkert", "duration_kind"),
    ("ret kravene", "requirements"),
    ("kørekort er ikke et krav", "requirements"),
    ("ret postnumeret", "postcode"),       # one typo in a field word of eight letters or more
    ("virksomhedsnavnet er forkert", "company"),
    ("ret stedet", "postcode"),
    ("ret navnet", None),          # company or contact person: ask
    ("hej", None),
    ("", None),
])
def test_field_from_text(text, expected):
    assert field_named_in(text, FIELD_WORDS) == expected
