"""The chat page in a real browser: login, Danish and English greetings, markup shown as text."""
import time

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.rasa]


def log_in(page, base_url, user_id, role="citizen", name="Browser Borger"):
    page.goto(base_url + "/")
    page.select_option("#login-role", role)
    page.fill("#login-id", user_id)
    page.fill("#login-name", name)
    page.press("#login-name", "Enter")
    past_the_privacy_notice(page)


def past_the_privacy_notice(page):
    """Waits for the chat; on a first login the privacy notice comes first and is read and closed."""
    page.wait_for_selector("#chat-input:visible, #privacy-ok:visible")
    if page.locator("#privacy-section").is_visible():
        page.click("#privacy-ok")
    page.wait_for_selector("#chat-input", state="visible")


def wait_for_more_bot_messages(page, before, timeout=60):
    # Polled from Python: the page's CSP (rightly) forbids the eval that wait_for_function needs.
    deadline = time.monotonic() + timeout
    while page.locator(".message--bot").count() <= before:
        assert time.monotonic() < deadline, "no answer from the assistant in the page"
        page.wait_for_timeout(100)


def send(page, text):
    before = page.locator(".message--bot").count()
    page.fill("#chat-input", text)
    page.press("#chat-input", "Enter")
    wait_for_more_bot_messages(page, before)


def click_quick_reply(page, title):
    before = page.locator(".message--bot").count()
    page.locator(".quick-reply", has_text=title).last.click()
    wait_for_more_bot_messages(page, before)


def test_hej_and_hello_in_the_page_with_keyboard_only(gateway_server, browser_page):
    page = browser_page
    log_in(page, gateway_server, "browser-greet")
    # Right after login the chat is not empty: the citizen's own menu is already there.
    page.locator(".message--bot").first.wait_for()
    assert "Jobassistenten" in page.locator(".message--bot").first.inner_text()
    assert page.locator(".quick-reply", has_text="Slå et småjob op").count() == 0
    send(page, "hej")
    assert "Jobassistenten" in page.locator(".message--bot").last.inner_text()
    assert page.locator(".quick-reply", has_text="Tal med en medarbejder").count() == 2
    send(page, "hello")
    assert "Job Assistant" in page.locator(".message--bot").last.inner_text()
    # Focus stays in the message field so the next message can be typed at once.
    assert page.evaluate("document.activeElement.id") == "chat-input"


def test_quick_reply_button_sends_its_payload_and_shows_its_title(gateway_server, browser_page):
    page = browser_page
    log_in(page, gateway_server, "browser-buttons")
    send(page, "hej")
    click_quick_reply(page, "Jobjournal")
    assert page.locator(".message--user").last.inner_text().strip().endswith("Jobjournal")
    assert "Her er din jobjournal" in page.locator(".message--bot").last.inner_text()


def test_markup_in_a_message_is_shown_as_text_and_never_run(gateway_server, browser_page):
    page = browser_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, gateway_server, "browser-xss")
    send(page, "<img src=x onerror=alert(1)><script>alert(2)</script><b>fed</b>")
    user_bubble = page.locator(".message--user").last
    assert "<script>alert(2)</script>" in user_bubble.inner_text()
    assert page.locator("#chat-log img, #chat-log script, #chat-log b").count() == 0
    page.reload()
    page.wait_for_selector(".message--user")
    assert "<b>fed</b>" in page.locator(".message--user").last.inner_text()
    assert dialogs == []


def test_page_fits_a_320px_screen(gateway_server, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    log_in(page, gateway_server, "browser-narrow")
    send(page, "hej")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_advisor_claims_in_the_workspace_and_the_reply_appears_in_the_citizens_page(
        gateway_server, browser_page):
    citizen = browser_page
    log_in(citizen, gateway_server, "browser-handoff")
    send(citizen, "jeg vil gerne snakke med en medarbejder")
    click_quick_reply(citizen, "Chat nu her")
    assert "JA-" in citizen.locator("#chat-log").inner_text()

    advisor = citizen.context.browser.new_context().new_page()
    log_in(advisor, gateway_server, "browser-raadgiver", role="advisor", name="Rita")
    advisor.click("#advisor-link")
    row = advisor.locator("#queue-table tr", has_text="browser-handoff")
    row.wait_for(timeout=15000)
    row.get_by_role("link", name="Åbn").click()
    advisor.click("#claim-button")
    advisor.wait_for_selector("#reply-input", state="visible")
    advisor.fill("#reply-input", "Hej, det er Rita fra jobcenteret. <b>Hvad</b> kan jeg gøre?")
    advisor.press("#reply-input", "Enter")

    deadline = time.monotonic() + 20
    while citizen.locator(".message--advisor").count() == 0:
        assert time.monotonic() < deadline, "the advisor's reply never reached the citizen's page"
        citizen.wait_for_timeout(200)
    assert "<b>Hvad</b>" in citizen.locator(".message--advisor").last.inner_text()
    assert "Rita" in citizen.locator("#chat-status").inner_text()

    bot_messages_before = citizen.locator(".message--bot").count()
    citizen.fill("#chat-input", "Jeg forstår ikke mit brev")
    citizen.press("#chat-input", "Enter")
    advisor.locator(".case-message--user", has_text="Jeg forstår ikke mit brev").wait_for(timeout=15000)
    citizen.wait_for_timeout(1000)
    # The assistant stayed silent while Rita held the chat.
    assert citizen.locator(".message--bot").count() == bot_messages_before


def test_a_script_in_a_posting_is_shown_as_text_in_the_workspace(gateway_server, rasa_stack, browser_page):
    from datetime import date

    from bot.store import vacancy as vacancy_store
    from bot.store.users import record_login
    from tests.helpers import in_stack_database

    def post_with_markup(session):
        employer = record_login(session, "employer", "browser-firma", "Firma")
        vacancy_store.create(session, employer.id, {
            "company": "<b>Fed</b> ApS", "cvr": "13748136", "contact_person": "Mette", "email": "m@firma.dk",
            "phone": "+45 23 45 67 89", "job_title": "<script>alert('x')</script><img src=x onerror=alert(2)>",
            "tasks": "Opvask", "hours_per_week": 10, "postcode": "2100", "start_date": date(2027, 1, 4),
            "duration_kind": "ongoing", "requirements": "", "suits_far_from_labour_market": False})

    in_stack_database(rasa_stack, post_with_markup)
    page = browser_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, gateway_server, "browser-konsulent", role="advisor", name="Bo")
    page.goto(gateway_server + "/advisor")
    heading = page.locator("#vacancy-list h3", has_text="alert('x')")
    heading.wait_for(timeout=30000)
    assert "<script>alert('x')</script><img src=x onerror=alert(2)> – <b>Fed</b> ApS" in heading.inner_text()
    assert page.locator("#vacancy-list script, #vacancy-list img, #vacancy-list b").count() == 0
    page.wait_for_timeout(500)
    assert dialogs == []


def test_a_form_on_another_port_of_the_same_site_cannot_claim_a_case(gateway_server, rasa_stack, browser_page):
    from bot.store.handoff import get_case, open_case
    from tests.helpers import in_stack_database

    case_id = in_stack_database(rasa_stack, lambda session: open_case(
        session, role="citizen", external_id="browser-csrf", name="", language="da",
        reason_code="asked_for_person", contact_wish="chat", phone=None, summary={})[0].id)
    page = browser_page
    log_in(page, gateway_server, "browser-csrf-raad", role="advisor", name="Rita")
    # Another site's page, on the gateway's host but another port: same-site, so the browser sends the
    # advisor's SameSite=Lax cookie with its form post.
    other_port = gateway_server.rsplit(":", 1)[0] + ":9"
    page.route(other_port + "/", lambda route: route.fulfill(content_type="text/html", body=(
        f'<form method="post" action="{gateway_server}/api/advisor/cases/{case_id}/claim">'
        '<button id="go">Vind en præmie</button></form>')))
    page.goto(other_port + "/")
    with page.expect_response(lambda response: response.url.endswith("/claim")) as claim:
        page.click("#go")
    assert claim.value.status == 403
    assert "another website" in claim.value.json()["error"]  # headless Chromium asks for English
    assert in_stack_database(rasa_stack, lambda session: get_case(session, case_id).status) == "open"
    # The stack is shared: an open case left behind would move other tests' users down the queue.
    in_stack_database(rasa_stack, lambda session: setattr(get_case(session, case_id), "status", "closed"))


def test_a_login_idle_too_long_shows_the_login_again_with_the_reason(gateway_server, rasa_stack, browser_page):
    from datetime import timedelta

    from sqlalchemy import select

    from bot.store.models import LoginSession, User, utcnow
    from tests.helpers import in_stack_database

    page = browser_page
    log_in(page, gateway_server, "browser-idle")
    send(page, "hej")  # Danish, though the browser asks for English: the reason follows the user

    def idle_for_31_minutes(session):
        user = session.execute(select(User).where(User.role == "citizen", User.external_id == "browser-idle")).scalar_one()
        for login in session.execute(select(LoginSession).where(LoginSession.user_id == user.id)).scalars():
            login.last_seen_at = utcnow() - timedelta(minutes=31)

    in_stack_database(rasa_stack, idle_for_31_minutes)
    # The page's next poll for messages from a person finds the login over: the login comes back, saying why.
    page.wait_for_selector("#login-section", state="visible", timeout=15000)
    assert page.locator("#chat-section").is_hidden()
    assert page.locator("#login-error").inner_text() == (
        "Du er blevet logget ud, fordi du ikke har brugt siden i 30 minutter. Log ind igen for at fortsætte.")
