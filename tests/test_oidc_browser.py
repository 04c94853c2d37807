"""A citizen, an employer and an advisor each log in through the local test OpenID provider in
Chromium (the development login is off) and do their main task."""
from __future__ import annotations

import os
import time
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.free_ports import free_port
from bot.launcher import start_servers, stop_servers
from bot.rules.login_claims import NO_STAFF_ROLE

from bot.store.db import Database
from bot.store.models import JournalEntry, User, Vacancy
from tests.conftest import AT_SCRIPT_SPEED, _wait_for
from tests.helpers import today_in_denmark
from tests.oidc_test_provider import CITIZEN_USERS, PASSWORD, oidc_environment
from tests.test_chat_page import send

pytestmark = [pytest.mark.browser, pytest.mark.rasa]


@pytest.fixture(scope="module")
def oidc_gateway(rasa_stack, trained_model):
    """The gateway as its own process with both test providers configured, on the shared Rasa stack."""
    settings = replace(rasa_stack, gateway_port=free_port())
    log_dir = settings.var_dir / "log-oidc"
    env_overrides = {"GATEWAY_PORT": str(settings.gateway_port), "DEV_LOGIN": "0",
                     "RASA_PORT": str(rasa_stack.rasa_port), "ACTION_SERVER_PORT": str(rasa_stack.action_port),
                     **oidc_environment("mitid", "personale"),
                     **{name.upper(): value for name, value in AT_SCRIPT_SPEED.items()}}
    old = {key: os.environ.get(key) for key in env_overrides}
    os.environ.update(env_overrides)
    try:
        processes = start_servers(settings, trained_model, log_dir, names=("gateway",))
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    try:
        _wait_for(f"http://127.0.0.1:{settings.gateway_port}/api/session", time.monotonic() + 60, processes, log_dir)
        yield f"http://127.0.0.1:{settings.gateway_port}"
    finally:
        stop_servers(processes)


def log_in_with(page, base_url: str, button: str, login: str) -> None:
    """From the chat page's login, through the provider's login and consent pages, back to our page."""
    page.goto(base_url + "/")
    assert page.locator("#login-form").is_hidden()  # no development login
    page.get_by_role("link", name=button).click()
    page.wait_for_selector('input[name="login"]')
    page.fill('input[name="login"]', login)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]:has-text("Sign-in")')
    page.click('button[type="submit"]:has-text("Continue")')
    page.wait_for_url(base_url + "/**")
    if "/advisor" not in page.url and page.locator("#privacy-ok").count():
        page.wait_for_selector("#chat-input:visible, #privacy-ok:visible, #login-section:visible")
        if page.locator("#privacy-section").is_visible():
            page.click("#privacy-ok")


def wait_for_text(page, selector: str, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while text not in page.locator(selector).inner_text():
        assert time.monotonic() < deadline, f"{text!r} never appeared in {selector}"
        page.wait_for_timeout(200)


def rows(rasa_stack, model, **where):
    database = Database(rasa_stack.database_url)
    try:
        return database.run_sync(lambda session: list(session.execute(select(model).filter_by(**where)).scalars()))
    finally:
        database.dispose()


def user_named(rasa_stack, name: str) -> User:
    [user] = rows(rasa_stack, User, display_name=name)
    return user


def test_a_citizen_logs_in_with_mitid_keeps_the_journal_and_logs_out_at_the_provider_too(
        oidc_gateway, rasa_stack, browser_page):
    page = browser_page
    log_in_with(page, oidc_gateway, "Log ind med MitID", "borger")
    page.wait_for_selector("#chat-input", state="visible")
    assert "Bente Borger" in page.locator("#user-info").inner_text()
    wait_for_text(page, "#chat-log", "jobjournal")  # the citizen's menu greets them

    said = page.locator("#chat-log")
    send(page, "jeg sogte som lagerarbjeder hos bilka igar via jobnet")
    assert "Arbejdsgiver: Bilka" in said.inner_text()
    send(page, "ja")
    assert "Gemt i din jobjournal" in said.inner_text()
    citizen = user_named(rasa_stack, "Bente Borger")
    assert citizen.external_id.startswith("mitid.") and citizen.role == "citizen"
    [entry] = rows(rasa_stack, JournalEntry, user_id=citizen.id)
    assert (entry.employer, entry.applied_on) == ("Bilka", today_in_denmark() - timedelta(days=1))

    page.click("#logout")
    page.click('button[name="logout"][value="yes"]')  # the provider asks before it ends its login
    page.wait_for_url(oidc_gateway + "/**")
    page.wait_for_selector("#login-section", state="visible")
    # Logged out at the provider too: the next login asks who you are again.
    page.get_by_role("link", name="Log ind med MitID").click()
    page.wait_for_selector('input[name="login"]')


def test_an_employer_posts_a_small_job_for_the_company_of_the_business_login(
        oidc_gateway, rasa_stack, browser_page):
    page = browser_page
    log_in_with(page, oidc_gateway, "Log ind med MitID", "virksomhed")
    page.wait_for_selector("#chat-input", state="visible")
    login_cvr = CITIZEN_USERS["virksomhed"]["cvr"]
    start = today_in_denmark() + timedelta(days=14)
    # The employer writes another company's CVR by mistake: the login's is used, and they are told.
    send(page, f"Vi er Bageriet Hansen, cvr 13748136, og søger en opvasker 10 timer om ugen i 2100 fra "
               f"{start.day}/{start.month}, kontakt Mette på mette@bageriet.dk eller 23456789")
    said = page.locator("#chat-log")
    assert f"CVR-nummer {login_cvr}" in said.inner_text()
    answers = {"væk fra arbejdsmarkedet": "ja", "opgaverne": "Opvask og oprydning", "engangsopgave": "løbende",
               "er der krav": "ingen"}
    for _ in range(8):
        last = page.locator(".message--bot").last.inner_text()
        assert "cvr-nummer?" not in last.lower()  # never asked
        if "Er opslaget rigtigt?" in last:
            break
        key = next(key for key in answers if key in last.lower())
        send(page, answers[key])
    assert f"CVR-nummer: {login_cvr}" in page.locator(".message--bot").last.inner_text()  # the summary
    send(page, "ja")
    employer = user_named(rasa_stack, "Vera Virksomhed")
    [posting] = rows(rasa_stack, Vacancy, employer_user_id=employer.id)
    assert posting.cvr == login_cvr and posting.reference in page.locator(".message--bot").last.inner_text()


def test_an_advisor_logs_in_with_the_staff_login_and_approves_the_posting(oidc_gateway, rasa_stack, browser_page):
    page = browser_page
    log_in_with(page, oidc_gateway, "Log ind som medarbejder", "raadgiver")
    page.wait_for_url(oidc_gateway + "/advisor")
    wait_for_text(page, "#who", "Rikke Rådgiver")
    # The employer's posting from the test before, found by its reference: other tests post "opvasker" too.
    [posted] = rows(rasa_stack, Vacancy, employer_user_id=user_named(rasa_stack, "Vera Virksomhed").id)
    posting = page.locator("#vacancy-list article, #vacancy-list li, #vacancy-list > *", has_text=posted.reference).first
    posting.wait_for(timeout=15000)
    posting.get_by_role("button", name="Godkend").click()
    wait_for_text(page, "#status", "Opslaget er godkendt.")
    [approved] = rows(rasa_stack, Vacancy, id=posted.id)
    assert approved.status == "approved"


def test_a_citizen_at_the_staff_login_is_told_plainly_and_gets_no_workspace(oidc_gateway, browser_page):
    page = browser_page
    log_in_with(page, oidc_gateway, "Log ind som medarbejder", "borger")
    page.wait_for_selector("#login-section", state="visible")
    # In the browser's language (this headless Chromium asks for English).
    wait_for_text(page, "#app-error", NO_STAFF_ROLE.reason_en if "en" in page.evaluate("navigator.language")
                  else NO_STAFF_ROLE.reason_da)
    page.goto(oidc_gateway + "/advisor")  # not logged in: sent back to the login
    page.wait_for_url(oidc_gateway + "/")
    page.wait_for_selector("#login-section", state="visible")
