"""The insight page in a real browser: a manager logs in with the development login, opens the page from
the chat and sees each figure as a chart with its table; and a citizen rates a benefits answer with the
thumbs under it."""
import pytest
from sqlalchemy import select

from bot.store.models import Feedback
from tests.helpers import in_stack_database, rows
from tests.test_chat_page import log_in, send
from tests.test_insight_gateway import seed_busy_day
from tests.test_insight_store import DAY

pytestmark = [pytest.mark.browser, pytest.mark.rasa]


def test_a_manager_sees_the_charts_and_their_tables(gateway_server, rasa_stack, browser_page):
    in_stack_database(rasa_stack, seed_busy_day)
    page = browser_page
    page.goto(gateway_server + "/")
    page.select_option("#login-role", "manager")
    page.fill("#login-id", "leder-browser")
    page.fill("#login-name", "Lea")
    page.press("#login-name", "Enter")
    page.wait_for_selector("#insight-link", state="visible")
    page.click("#insight-link")
    page.wait_for_selector("#figure-conversations")
    assert "Logget ind som Lea (leder)" in page.locator("#who").inner_text()

    page.fill("#filter-from", DAY.isoformat())
    page.fill("#filter-to", DAY.isoformat())
    page.click("#filter-form button[type=submit]")
    page.wait_for_selector("#table-journeys >> text=Spørgsmål om ydelser")
    figures = page.locator("section.figure")
    assert figures.count() == 9
    for index in range(figures.count()):
        figure = figures.nth(index)
        chart = figure.locator("img.chart")
        assert chart.get_attribute("alt").startswith("Diagram: ")
        assert figure.locator("table caption").inner_text() == figure.locator("h3").inner_text()
        assert figure.locator("a", has_text="Hent tabellen som CSV").get_attribute("href").startswith("/api/insight/")
    # The charts are drawn: every picture loaded with its real size.
    page.wait_for_load_state("networkidle")
    widths = [figures.nth(index).locator("img.chart").evaluate("img => img.naturalWidth")
              for index in range(figures.count())]
    assert widths == [720] * 9
    row = page.locator("#table-journeys tr", has_text="Spørgsmål om ydelser")
    assert [cell.inner_text() for cell in row.locator("th, td").all()] == ["Spørgsmål om ydelser", "21", "21", "100"]
    assert page.locator("#table-crisis td").first.inner_text() == "<5"
    assert "/insight?from=2025-05-02&to=2025-05-02" in page.url

    page.select_option("#filter-journey", "benefits")
    page.click("#filter-form button[type=submit]")
    page.wait_for_selector("#figure-sick_leave", state="detached")
    assert page.locator("section.figure").count() == 6


def test_a_citizen_rates_a_benefits_answer_once_with_the_thumbs(gateway_server, rasa_stack, browser_page):
    page = browser_page
    log_in(page, gateway_server, "rates-an-answer")
    send(page, "hvor mange år kan jeg være på dagpenge")
    answer = page.locator(".message--bot").last
    feedback = answer.locator(".feedback")
    assert feedback.locator(".feedback__question").inner_text() == "Hjalp det?"
    up = feedback.get_by_role("button", name="Ja, det hjalp")
    down = feedback.get_by_role("button", name="Nej, det hjalp ikke")
    before = len(rows(rasa_stack, select(Feedback.id)))
    up.click()
    page.wait_for_selector(".feedback__thanks >> text=Tak for din vurdering.")
    assert up.get_attribute("aria-pressed") == "true" and up.is_disabled() and down.is_disabled()
    stored = rows(rasa_stack, select(Feedback).order_by(Feedback.id))
    assert len(stored) == before + 1
    assert (stored[-1].topic, stored[-1].helpful, stored[-1].role) == ("dagpenge_period", True, "citizen")
