"""The citizen's data rights in a real browser: the privacy notice before the first message (320 px,
keyboard only), and their data downloaded as JSON and PDF matching what the JSON API shows."""
import json
from pathlib import Path

import pytest

from tests.test_chat_page import past_the_privacy_notice, send

pytestmark = [pytest.mark.browser, pytest.mark.rasa]


def dev_login(page, base_url, user_id, name):
    page.goto(base_url + "/")
    page.select_option("#login-role", "citizen")
    page.fill("#login-id", user_id)
    page.fill("#login-name", name)
    page.press("#login-name", "Enter")


def test_the_privacy_notice_comes_before_the_first_message_at_320px_and_by_keyboard(gateway_server, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    dev_login(page, gateway_server, "privacy-first-time", "Petra")
    page.wait_for_selector("#privacy-section", state="visible")
    assert page.locator("#chat-section").is_hidden()  # no chat before the notice
    notice = page.locator("#privacy-section").inner_text()
    assert "Hvad gemmer vi?" in notice and "Samtalen: 90 dage efter din sidste besked" in notice
    assert "slet mine oplysninger" in notice
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # Keyboard only: focus starts on the heading; Tab reaches the button, Enter opens the chat.
    assert page.evaluate("document.activeElement.id") == "privacy-heading"
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "privacy-ok":
            break
    assert page.evaluate("document.activeElement.id") == "privacy-ok"
    page.keyboard.press("Enter")
    page.wait_for_selector("#chat-input", state="visible")
    assert page.evaluate("document.activeElement.id") == "chat-input"

    # Read once: not shown first again; still reachable, and in English.
    page.reload()
    page.wait_for_selector("#chat-input", state="visible")
    assert page.locator("#privacy-section").is_hidden()
    page.click("#privacy-open")
    page.wait_for_selector("#privacy-section", state="visible")
    page.click("#privacy-language")
    assert "How we use your information" in page.locator("#privacy-heading").inner_text()
    assert "The conversation: 90 days after your last message" in page.locator("#privacy-section").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_a_citizen_downloads_their_data_as_json_and_pdf_matching_the_api(gateway_server, browser_page, tmp_path):
    page = browser_page
    dev_login(page, gateway_server, "download-borger", "Dorthe")
    past_the_privacy_notice(page)
    send(page, "jeg sogte som kok hos Café Ærøskøbing i gaar via jobnet")
    send(page, "ja")
    send(page, "send mig mine data")
    links = page.locator(".message--bot").last.locator(".downloads a")
    assert links.count() == 3

    with page.expect_download() as json_download:
        links.filter(has_text="JSON").click()
    data = json.loads(Path(json_download.value.path()).read_text(encoding="utf-8"))
    journal = page.request.get(gateway_server + "/api/me/journal").json()["entries"]
    profile = page.request.get(gateway_server + "/api/me/profile").json()
    assert data["journal"] == journal and len(journal) == 1
    assert journal[0]["employer"] == "Café Ærøskøbing"
    assert data["profile"] == profile["profile"]
    assert data["user"]["id"] == "download-borger"
    assert any("Café Ærøskøbing" in line["text"] for line in data["transcript"] if line.get("text"))

    with page.expect_download() as pdf_download:
        links.filter(has_text="PDF").click()
    pdf = Path(pdf_download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF") and pdf_download.value.suggested_filename.endswith(".pdf")

    # The transcript from the page's own panel.
    page.click("#privacy-open")
    with page.expect_download() as text_download:
        page.locator("#privacy-section a", has_text="Samtalen").click()
    transcript = Path(text_download.value.path()).read_text(encoding="utf-8")
    assert "Du: send mig mine data" in transcript and "Café Ærøskøbing" in transcript
