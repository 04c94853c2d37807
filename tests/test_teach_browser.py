"""What to teach it next in a real browser: a manager logs in with the development login, sees the top
misunderstood messages as a chart and a table, marks three with their right intent and downloads them as
Rasa NLU training data; an advisor sees the same page, a citizen is turned away. The page needs no Rasa, so
the gateway runs alone here on a database of its own (the fallback action that fills the table is tested in
tests/test_teach_actions.py)."""
import os
import time
import uuid
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from bot.launcher import start_servers, stop_servers
from bot.migrate import upgrade
from bot.store.db import Database
from bot.store.teach import record_miss
from tests.conftest import _wait_for, free_port, make_settings
from tests.test_chat_page import past_the_privacy_notice

pytestmark = [pytest.mark.browser]

# Three questions the assistant has no journey for, each its own group, with the intent they should have had.
TO_MARK = {"hvor finder jeg kaffeautomaten i jobcentret": "out_of_scope",
           "kan jeg se hvad jeg kan bruge chatten til": "ask_capabilities",
           "vil gerne snakke med en rigtig sagsbehandler": "ask_human"}


@pytest.fixture(scope="module")
def teach_gateway(tmp_path_factory):
    """The gateway alone as its own process with the development login, and its database: (url, settings)."""
    var_dir = tmp_path_factory.mktemp("teach")
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


def dev_login(page, base_url, role, user_id, name):
    page.goto(base_url + "/")
    page.select_option("#login-role", role)
    page.fill("#login-id", user_id)
    page.fill("#login-name", name)
    page.press("#login-name", "Enter")
    page.wait_for_selector("#logout", state="visible")


def seed(settings, run):
    database = Database(settings.database_url)

    def work(session):
        for text, intent in TO_MARK.items():
            for _ in range(2 if intent == "ask_human" else 1):
                record_miss(session, f"{text} {run}", "greet", 0.3, "fallback", "citizen")
        record_miss(session, f"jeg hedder [navn] og xqzv blorf {run}", "greet", 0.2, "rephrase", "citizen")

    try:
        database.run_sync(work)
    finally:
        database.dispose()


def test_a_manager_sees_the_chart_marks_three_messages_and_downloads_them_as_nlu_data(teach_gateway, browser_page,
                                                                                      tmp_path):
    base_url, settings = teach_gateway
    run = uuid.uuid4().hex[:6]
    seed(settings, run)
    page = browser_page
    dev_login(page, base_url, "manager", "leder-1", "Lise Leder")
    page.goto(base_url + "/insight/teach")
    page.wait_for_selector("#chart svg rect")
    assert "Lise Leder (leder)" in page.locator("#who").inner_text()
    chart = page.locator("#chart svg")
    assert chart.get_attribute("role") == "img"
    assert chart.locator("rect").count() >= 3
    assert page.locator("#chart svg title").text_content().startswith("De hyppigste")

    for text, intent in TO_MARK.items():
        row = page.locator("tr.group", has_text=f"{text} {run}")
        assert row.count() == 1
        expected_count = "2" if intent == "ask_human" else "1"
        assert row.locator("td[data-label='Antal']").inner_text() == expected_count
        assert row.locator("td[data-label='Modellens gæt']").inner_text() == "greet"
        controls = row.locator("td[data-label='Markér']")
        controls.locator("select").first.select_option(intent)
        controls.locator("button").click()
        controls.locator(f".marked:has-text('{intent}')").first.wait_for()
    assert "Markeret" in page.locator("#status").inner_text()

    with page.expect_download() as download:
        page.click("#export-training")
    assert download.value.suggested_filename.startswith("nlu-")
    exported = tmp_path / "nlu.yml"
    exported.write_text(Path(download.value.path()).read_text(encoding="utf-8"), encoding="utf-8")
    examples = sorted((m.get("intent"), m.get("text")) for m in load_data(str(exported)).intent_examples)
    assert examples == sorted((intent, f"{text} {run}") for text, intent in TO_MARK.items())

    # After a reload the marks are still shown.
    page.reload()
    page.wait_for_selector("#chart svg rect")
    row = page.locator("tr.group", has_text=f"vil gerne snakke med en rigtig sagsbehandler {run}")
    assert "Markeret: ask_human (Træning)" in row.locator("td[data-label='Markér'] .marked").first.inner_text()


def test_an_advisor_sees_the_page_and_a_citizen_is_turned_away(teach_gateway, browser_page):
    base_url, _ = teach_gateway
    page = browser_page
    dev_login(page, base_url, "advisor", "raad-laer", "Rita")
    page.goto(base_url + "/insight/teach")
    page.wait_for_selector("#teach-view", state="visible")
    assert "(jobrådgiver)" in page.locator("#who").inner_text()
    assert page.locator("#no-access").is_hidden()
    page.context.clear_cookies()
    dev_login(page, base_url, "citizen", "laer-borger-2", "Bo")
    past_the_privacy_notice(page)
    response = page.goto(base_url + "/insight/teach")
    assert response.url.endswith("/insight/teach") and response.status == 403
    assert "Only managers and advisors" in page.content()  # headless Chromium asks for English


def test_the_page_fits_a_phone_and_every_control_has_a_label(teach_gateway, browser_page):
    base_url, settings = teach_gateway
    seed(settings, uuid.uuid4().hex[:6])
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    dev_login(page, base_url, "manager", "leder-2", "Leif")
    page.goto(base_url + "/insight/teach")
    page.wait_for_selector("#chart svg rect")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    unlabelled = page.evaluate("""Array.from(document.querySelectorAll('select, input, button')).filter(
        function (c) { return !(c.labels && c.labels.length) && !c.getAttribute('aria-label')
                              && !c.textContent.trim(); }).length""")
    assert unlabelled == 0
