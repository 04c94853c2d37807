"""The employer's småjob page in a real browser: an employer logs in with the development login, sees
their approved posting with one interested candidate's summary (no name), invites the candidate to a
talk by keyboard alone, sees "Inviteret", and closes the posting as filled; the page fits a 320 px phone
with every control labelled, in Danish and in English; the page is Danish unless the browser's first
language is English, and its button switches language, remembers it and has the API answer in it; a
citizen is turned away. The page needs no Rasa, so the gateway runs alone on a database of its own.

Headless Chromium asks for English (en-US); the Danish employer's browser is a page with a Danish locale,
which changes navigator.language and Accept-Language but not how a date field is typed."""
import os
import time
import uuid
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.launcher import start_servers, stop_servers
from bot.migrate import upgrade
from bot.rules.match_chat import DANISH_TIME
from bot.store import digital_match as match
from bot.store import vacancy as vacancy_store
from bot.store.db import Database
from bot.store.models import MatchNotice, Vacancy, VacancyInterest
from bot.store.profile import save_profile_field
from bot.store.users import record_login
from tests.conftest import _wait_for, free_port, make_settings
from tests.test_teach_browser import dev_login

pytestmark = [pytest.mark.browser]

POSTING = {"company": "Bakken Bageri", "cvr": "13748136", "contact_person": "Mette", "email": "mette@bakken.dk",
           "phone": "+45 23 45 67 89", "job_title": "Opvasker", "tasks": "Opvask og oprydning",
           "hours_per_week": 10, "postcode": "2100", "start_date": date(2026, 12, 1), "duration_kind": "ongoing",
           "requirements": "", "suits_far_from_labour_market": True}

_WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december")


@pytest.fixture(scope="module")
def employer_gateway(tmp_path_factory):
    """The gateway alone as its own process with the development login, and its database: (url, settings)."""
    var_dir = tmp_path_factory.mktemp("employer")
    settings = make_settings(var_dir, gateway_port=free_port(), rasa_port=free_port(), action_port=free_port())
    upgrade(settings.database_url)
    old = os.environ.get("DEV_LOGIN")
    os.environ["DEV_LOGIN"] = "1"
    try:
        processes = start_servers(settings, var_dir / "no-model", var_dir / "log", names=("gateway",))
    finally:
        if old is None:
            os.environ.pop("DEV_LOGIN", None)
        else:
            os.environ["DEV_LOGIN"] = old
    try:
        _wait_for(f"http://127.0.0.1:{settings.gateway_port}/api/session", time.monotonic() + 60, processes,
                  var_dir / "log")
        yield f"http://127.0.0.1:{settings.gateway_port}", settings
    finally:
        stop_servers(processes)


@pytest.fixture
def danish_page(browser_page):
    """A page of the same browser whose first language is Danish (da-DK)."""
    page = browser_page.context.browser.new_page(locale="da-DK")
    yield page
    page.close()


def in_database(settings, work):
    database = Database(settings.database_url)
    try:
        return database.run_sync(work)
    finally:
        database.dispose()


def seed(settings, run):
    """An approved posting of employer `bakken-<run>` with one citizen interested: (employer id, posting
    id, reference, interest id)."""
    employer_id, citizen_id = f"bakken-{run}", f"borger-{run}"

    def work(session):
        employer = record_login(session, "employer", employer_id, "Bakken Bageri")
        posting = vacancy_store.create(session, employer.id, POSTING)
        vacancy_store.review(session, posting.id, "raad-1", approve=True)
        citizen = record_login(session, "citizen", citizen_id, "Sofie Skjult")
        save_profile_field(session, citizen.id, "wished_jobs", ["opvasker"])
        save_profile_field(session, citizen.id, "postcode", "2200")
        match.set_suggestions_wanted(session, citizen_id, True)
        interest = match.share_interest(session, citizen_id, posting.reference)
        return employer_id, posting.id, posting.reference, interest.id

    return in_database(settings, work)


def focused_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def tab_to(page, element_id, most=3):
    """Presses Tab until the element has the focus (a date field has its calendar button to pass)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if focused_id(page) == element_id:
            return
    raise AssertionError(f"Tab did not reach #{element_id}; the focus is on #{focused_id(page)}")


def invite_by_keyboard(page, interest_id, day, note, opener="Inviter kandidat 1 til samtale"):
    """Keyboard only: opens the form, types the time (10.00 Danish time on `day`) and the note, sends."""
    page.get_by_role("button", name=opener).focus()
    page.keyboard.press("Enter")
    assert focused_id(page) == f"invite-{interest_id}-time"
    # Headless Chromium is en-US: month, day, year, hour, minute, AM/PM, each moving on to the next.
    page.keyboard.type(f"{day.month:02d}{day.day:02d}{day.year}1000AM")
    assert page.input_value(f"#invite-{interest_id}-time") == f"{day.isoformat()}T10:00"
    tab_to(page, f"invite-{interest_id}-note")  # past the field's own calendar button
    page.keyboard.type(note)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")


def close_by_keyboard(page, posting_id):
    """Closing takes a second, confirming step: its question gets the focus, the yes is one Tab on."""
    page.get_by_role("button", name="Stillingen er besat").focus()
    page.keyboard.press("Enter")
    assert focused_id(page) == f"close-{posting_id}-question"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")


def test_an_employer_invites_a_candidate_by_keyboard_and_closes_the_filled_posting(employer_gateway, danish_page):
    base_url, settings = employer_gateway
    employer_id, posting_id, reference, interest_id = seed(settings, uuid.uuid4().hex[:6])
    page = danish_page
    dev_login(page, base_url, "employer", employer_id, "Bakken Bageri")
    page.goto(base_url + "/employer")
    page.wait_for_selector("article.posting")
    assert "Bakken Bageri (arbejdsgiver)" in page.locator("#who").inner_text()
    assert page.get_by_role("link", name="Tilbage til chatten").get_attribute("href") == "/"
    posting = page.locator("article.posting")
    assert posting.locator("h3").inner_text() == f"{reference} – Opvasker"
    assert "Godkendt og synlig for borgere" in posting.locator(".facts").inner_text()
    candidate = posting.locator("li.interest")
    assert candidate.locator("h4").inner_text() == "Kandidat 1"
    assert candidate.locator(".interest__state").inner_text() == "Interesseret"
    assert candidate.locator(".summary li").all_inner_texts() == ["Ønsker: opvasker", "Område: 2200 København N"]
    assert "Sofie" not in page.content()  # no name before a yes to a talk

    talk_day = datetime.now(DANISH_TIME).date() + timedelta(days=6)
    invite_by_keyboard(page, interest_id, talk_day, "Mød op i bageriet, spørg efter Mette.")
    page.wait_for_selector("#status:has-text('Invitationen til samtale')")
    assert "kl. 10.00 er sendt" in page.locator("#status").inner_text()
    state = page.locator("li.interest .interest__state").inner_text()
    assert state.startswith("Inviteret til samtale ")
    assert state.endswith(f"{talk_day.day}. {_MONTHS[talk_day.month - 1]} kl. 10.00")
    assert page.locator("li.interest").get_by_text("Din besked: Mød op i bageriet, spørg efter Mette.").count() == 1
    assert focused_id(page) == f"posting-{posting_id}-heading"

    close_by_keyboard(page, posting_id)
    page.wait_for_selector("#status:has-text('er lukket')")
    assert page.locator("#status").inner_text() == f"Opslaget {reference} er lukket. 1 interesserede får besked."
    assert "Besat og lukket" in page.locator("article.posting .facts").inner_text()
    assert page.locator("li.interest .interest__state").inner_text() == "Opslaget er lukket"
    assert page.get_by_role("button", name="Stillingen er besat").count() == 0

    def stored(session):
        interest = session.get(VacancyInterest, interest_id)
        kinds = sorted(session.execute(select(MatchNotice.kind).where(MatchNotice.interest_id == interest_id))
                       .scalars())
        return session.get(Vacancy, posting_id).status, interest.status, interest.invitation_note, kinds

    assert in_database(settings, stored) == ("filled", "closed", "Mød op i bageriet, spørg efter Mette.",
                                             ["invited", "posting_closed"])


OPENERS = {"da": ("Inviter kandidat 1 til samtale", "Afslå kandidat 1 venligt", "Ret opslaget", "Stillingen er besat"),
           "en": ("Invite candidate 1 to a talk", "Decline candidate 1 politely", "Change the posting",
                  "The job is filled")}


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_page_fits_a_phone_and_every_control_has_a_label(employer_gateway, danish_page, language):
    base_url, settings = employer_gateway
    employer_id, posting_id, _, interest_id = seed(settings, uuid.uuid4().hex[:6])
    page = danish_page
    page.set_viewport_size({"width": 320, "height": 640})
    dev_login(page, base_url, "employer", employer_id, "Bakken Bageri")
    page.goto(base_url + "/employer")
    page.wait_for_selector("article.posting")
    if language == "en":
        page.get_by_role("button", name="Read in English").click()
    # Every form and confirming step open, so their controls are measured and checked too.
    for name in OPENERS[language]:
        page.get_by_role("button", name=name).click()
    for form in (f"#invite-{interest_id}-form", f"#change-{posting_id}-form", f"#close-{posting_id}",
                 f"#decline-{interest_id}"):
        assert page.locator(form).is_visible(), form
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    unlabelled = page.evaluate("""Array.from(document.querySelectorAll('select, input, textarea, button')).filter(
        function (c) { return !(c.labels && c.labels.length) && !c.getAttribute('aria-label')
                              && !c.textContent.trim(); }).length""")
    assert unlabelled == 0
    assert page.locator("#status").get_attribute("aria-live") == "polite"
    assert page.locator("html").get_attribute("lang") == language


def html_lang(page):
    return page.locator("html").get_attribute("lang")


def test_the_button_switches_to_english_the_choice_survives_a_reload_and_errors_come_in_english(
        employer_gateway, danish_page):
    base_url, settings = employer_gateway
    employer_id, _, _, interest_id = seed(settings, uuid.uuid4().hex[:6])
    page = danish_page
    dev_login(page, base_url, "employer", employer_id, "Bakken Bageri")
    page.goto(base_url + "/employer")
    page.wait_for_selector("article.posting")
    switch = page.locator("#language")
    assert (html_lang(page), switch.inner_text(), switch.get_attribute("lang")) == ("da", "Read in English", "en")

    switch.focus()
    page.keyboard.press("Enter")
    assert (html_lang(page), switch.inner_text(), switch.get_attribute("lang")) == ("en", "Læs på dansk", "da")
    assert focused_id(page) == "language"
    assert page.locator("#status").inner_text() == "The page is now in English."
    assert page.locator("#postings-heading").inner_text() == "Postings and interested candidates"
    assert page.get_by_role("button", name="Invite candidate 1 to a talk").inner_text() == "Invite to a talk"
    assert page.locator("li.interest .interest__state").inner_text() == "Interested"
    assert page.locator("li.interest .summary li").all_inner_texts() == ["Wishes: opvasker", "Area: 2200 København N"]
    assert "1 December 2026" in page.locator("article.posting .facts").inner_text()
    assert page.evaluate("localStorage.getItem('employer-language')") == "en"

    page.reload()
    page.wait_for_selector("article.posting")
    assert (html_lang(page), page.title()) == ("en", "Jobassistent – your small-job postings")
    assert page.locator("h1").inner_text() == "Jobassistent – your small-job postings"
    assert "Bakken Bageri (employer)" in page.locator("#who").inner_text()
    # The browser asks for Danish; the page asks the API for English, so the refusal comes in English.
    page.get_by_role("button", name="Invite candidate 1 to a talk").focus()
    page.keyboard.press("Enter")
    assert focused_id(page) == f"invite-{interest_id}-time"
    page.get_by_role("button", name="Send invitation").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#invite-{interest_id}-error:not(:empty)")
    assert page.locator(f"#invite-{interest_id}-error").inner_text() == "Choose a date and time for the talk."
    assert page.locator("#error").inner_text() == "Choose a date and time for the talk."
    assert focused_id(page) == f"invite-{interest_id}-time"
    assert page.locator(f"#invite-{interest_id}-time").get_attribute("aria-invalid") == "true"


def test_an_english_browser_gets_english_with_english_dates_and_can_switch_to_danish(employer_gateway,
                                                                                     browser_page):
    base_url, settings = employer_gateway
    employer_id, _, _, interest_id = seed(settings, uuid.uuid4().hex[:6])
    page = browser_page  # headless Chromium: en-US first
    dev_login(page, base_url, "employer", employer_id, "Bakken Bageri")
    postings_fetched = []
    page.on("request", lambda request: postings_fetched.append(request.url)
            if request.url.endswith("/api/employer/postings") else None)
    page.goto(base_url + "/employer")
    page.wait_for_selector("article.posting")
    assert (html_lang(page), page.locator("#language").inner_text()) == ("en", "Læs på dansk")

    talk_day = datetime.now(DANISH_TIME).date() + timedelta(days=6)
    invite_by_keyboard(page, interest_id, talk_day, "Ask for Mette.", opener="Invite candidate 1 to a talk")
    page.wait_for_selector("#status:has-text('The invitation to a talk')")
    when = f"{talk_day:%A} {talk_day.day} {talk_day:%B} at 10:00"
    assert page.locator("#status").inner_text() == (
        f"The invitation to a talk on {when} has been sent. The candidate will be told the next time they log in.")
    assert page.locator("li.interest .interest__state").inner_text() == f"Invited to a talk on {when}"
    assert page.locator("li.interest").get_by_text("Your note: Ask for Mette.").count() == 1

    page.get_by_role("button", name="Læs på dansk").click()
    assert html_lang(page) == "da"
    assert page.locator("li.interest .interest__state").inner_text() == (
        f"Inviteret til samtale {_WEEKDAYS[talk_day.weekday()]} {talk_day.day}. {_MONTHS[talk_day.month - 1]} "
        "kl. 10.00")
    assert len(postings_fetched) == 2  # on opening and after the invitation; the switch asks for nothing


def test_a_citizen_is_turned_away_from_the_employer_page(employer_gateway, browser_page):
    base_url, _ = employer_gateway
    page = browser_page
    dev_login(page, base_url, "citizen", f"borger-ude-{uuid.uuid4().hex[:6]}", "Bo")
    response = page.goto(base_url + "/employer")
    assert response.status == 403
    assert "Only employers have access" in page.content()  # headless Chromium asks for English
