"""The digital match's chat rules: which messages ask for suggestions, say yes or no to them or show
interest (with typos, without æøå, in English) and which do not; travel distance and contact details
read from an answer; the summary a citizen shares, which never names them."""
import pytest

from bot.rules.match_chat import (
    INTEREST, NOT_WANTED, SHOW, WANT, MatchRequest, danish_time, missing_for_matching, payload, read_contact,
    read_match_request, read_travel_km, share_question,
)
from bot.chat_input import clean_chat_message
from bot.rules.match_sharing import shared_summary, summary_lines


def safe_as_a_button_payload(text):
    """The chat passes a pressed button's payload on unchanged (typed text starting with / is not)."""
    return clean_chat_message(text, 1000) == text


@pytest.mark.parametrize("text, action", [
    ("vis småjobs til mig", SHOW), ("Vis smajobs til mig", SHOW), ("vis mig smaajobs", SHOW),
    ("hvilke småjobs passer til mig?", SHOW), ("har i nogle småjob til mig", SHOW), ("mine småjobs", SHOW),
    ("show me small jobs", SHOW), ("any small jobs for me", SHOW), ("småjobs til mig tak", SHOW),
    ("stop med småjobs", NOT_WANTED), ("jeg vil ikke have flere småjobs", NOT_WANTED),
    ("afmeld smajobs", NOT_WANTED), ("no more small jobs", NOT_WANTED),
    ("giv mig besked om småjobs", WANT), ("jeg vil gerne have småjobs", WANT), ("send me small jobs", WANT),
    ("jeg er interesseret", INTEREST), ("jeg er intresseret", INTEREST), ("I'm interested", INTEREST),
])
def test_the_requests_are_read(text, action):
    assert read_match_request(text).action == action


@pytest.mark.parametrize("text", [
    "hvad er et småjob", "jeg vil slå et småjob op", "er jeg interesseret?", "jeg er ikke interesseret",
    "hvad er dagpenge", "jeg har søgt et job hos Netto", "kan man få småjobs ved siden af dagpenge?" * 5,
])
def test_other_messages_are_left_to_the_model(text):
    assert read_match_request(text) is None


def test_a_travel_distance_is_read_outside_the_question_too():
    assert read_match_request("højst 10 km") == MatchRequest("travel", "10")
    assert read_match_request("jeg vil max rejse 30 kilometer") is None  # words between: the model reads it
    assert read_match_request("at most 25 km please") == MatchRequest("travel", "25")


def test_a_posting_number_is_read_in_any_common_shape():
    for text in ("jeg er interesseret i SJ-000007", "interesseret i sj 7", "I'm interested in SJ-7"):
        assert read_match_request(text) == MatchRequest(INTEREST, "SJ-000007")


def test_button_payloads_are_read_exactly_and_unknown_ones_are_not():
    assert read_match_request(payload("share", "SJ-000003")) == MatchRequest("share", "SJ-000003")
    assert read_match_request(payload("accept", 12)) == MatchRequest("accept", "12")
    assert read_match_request("/match_hack") is None and read_match_request('/match_share{"argument": "<b>"}') is None
    assert payload("share", "SJ-000003") == '/match_share{"argument": "SJ-000003"}'
    assert safe_as_a_button_payload(payload("accept", 12)) and safe_as_a_button_payload(payload("want"))


@pytest.mark.parametrize("text, km", [("15", 15), ("15 km", 15), ("ca. 20 kilometer", 20), ("tyve", 20),
                                      ("7,5 km", 8), ("0", None), ("500 km", None), ("langt", None)])
def test_travel_distance(text, km):
    assert read_travel_km(text) == km


@pytest.mark.parametrize("text, contact", [
    ("22334455", {"phone": "22334455"}), ("mit nr er 22 33 44 55", {"phone": "22334455"}),
    ("+45 22 33 44 55", {"phone": "22334455"}), ("sofie@example.dk", {"email": "sofie@example.dk"}),
    ("ring på 22334455 eller skriv til sofie@example.dk", {"phone": "22334455", "email": "sofie@example.dk"}),
    ("det ved jeg ikke", None), ("1234", None),
])
def test_contact_details_in_an_answer(text, contact):
    assert read_contact(text) == contact


def test_the_shared_summary_names_nobody_and_no_former_employer():
    profile = {"wished_jobs": ["opvasker"], "experience": [{"title": "lagerarbejder", "employer": "Bilka", "years": 3}],
               "education": ["9. klasse"], "hours_per_week": 10, "postcode": "4200", "driving_licence": ["B"],
               "certificates": [], "languages": ["dansk"], "name": "Sofie", "cpr": "0101011234", "phone": "22334455"}
    summary = shared_summary(profile)
    assert summary == {"wished_jobs": ["opvasker"], "experience": [{"title": "lagerarbejder", "years": 3}],
                       "education": ["9. klasse"], "hours_per_week": 10, "area": "4200 Slagelse",
                       "driving_licence": ["B"], "certificates": [], "languages": ["dansk"]}
    lines = summary_lines(summary, "da")
    assert "Erfaring: lagerarbejder (3 år)" in lines and "Område: 4200 Slagelse" in lines
    assert "Experience: lagerarbejder (3 years)" in summary_lines(summary, "en")
    question = share_question({"company": "Korn", "job_title": "Opvasker", "reference": "SJ-000001"}, summary, "da")
    assert "Bilka" not in question and "Sofie" not in question and "22334455" not in question


def test_what_the_profile_lacks_is_said_in_words():
    assert missing_for_matching({"has_jobs": False, "postcode": None}, "da") == "ønskejob eller erfaring og dit postnummer"
    assert missing_for_matching({"has_jobs": True, "postcode": None}, "en") == "your postcode"
    assert missing_for_matching({"has_jobs": True, "postcode": "4200"}, "da") is None


def test_times_are_said_in_danish_time():
    assert danish_time("2026-12-08T09:00:00+00:00", "da") == "tirsdag 8. december kl. 10.00"
    assert danish_time("2026-07-08T09:00:00+00:00", "en") == "Wednesday 8 July at 11:00"
