"""The digital match end to end in a real browser, with the real Rasa and action servers: a citizen with a
matching profile says yes to suggestions; an employer posts a småjob in the chat; an advisor approves it;
the citizen sees it with its reasons at the next visit, shows interest and agrees to share; the employer
invites on /employer; the citizen accepts in the chat; both see the other's contact details; the talk is
in the citizen's journal after their yes."""
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.store.models import JournalEntry, Vacancy, VacancyInterest
from bot.store.profile import save_profile_field
from bot.store.users import find_user
from tests.helpers import in_stack_database, today_in_denmark
from tests.test_chat_page import log_in, send, wait_for_more_bot_messages
from tests.test_match_employer_browser import invite_by_keyboard

pytestmark = [pytest.mark.browser, pytest.mark.rasa]


def press(page, title):
    """Clicks the chat's quick-reply button `title` and waits for the answer."""
    before = page.locator(".message--bot").count()
    page.get_by_role("button", name=title).last.click()
    wait_for_more_bot_messages(page, before)


def last_bot_text(page, count=1):
    return "\n".join(page.locator(".message--bot").nth(-n).inner_text() for n in range(count, 0, -1))


def switch_user(page, base_url, user_id, role, name):
    page.context.clear_cookies()
    log_in(page, base_url, user_id, role, name)


def test_an_employer_and_a_citizen_meet_through_the_assistant(gateway_server, rasa_stack, browser_page):
    run = uuid.uuid4().hex[:6]
    base_url, page = gateway_server, browser_page
    citizen, employer = f"e2e-borger-{run}", f"e2e-firma-{run}"

    # The citizen has a profile and says yes to suggestions (a travel distance by button).
    log_in(page, base_url, citizen, "citizen", "Sofie Sørensen")

    def profile(session):
        user = find_user(session, "citizen", citizen)
        for field, value in (("wished_jobs", ["opvasker"]), ("postcode", "4200"), ("hours_per_week", 10)):
            save_profile_field(session, user.id, field, value)
    in_stack_database(rasa_stack, profile)
    send(page, "vis smaajobs til mig")
    assert "Vil du have besked om småjobs" in last_bot_text(page, 2)
    press(page, "Ja, giv mig besked")
    assert "Hvor langt vil du højst rejse" in last_bot_text(page)
    press(page, "20 km")
    assert "Du får besked her i chatten" in last_bot_text(page)

    # The employer posts a småjob in the chat.
    switch_user(page, base_url, employer, "employer", "Lis Bager")
    start = today_in_denmark() + timedelta(days=14)
    send(page, f"Vi er Bageriet Korn, cvr 13748136, og søger en opvasker 8 timer om ugen i 4180 fra "
               f"{start.day}/{start.month}, kontakt Lis på lis@korn.dk eller 40404040")
    answers = {"væk fra arbejdsmarkedet": "ja", "opgaverne": "Opvask fredag og lørdag aften",
               "engangsopgave": "løbende", "er der krav": "ingen"}
    for _ in range(8):
        last = last_bot_text(page).lower()
        if "er opslaget rigtigt?" in last:
            break
        send(page, answers[next(key for key in answers if key in last)])
    send(page, "ja")
    [posting] = in_stack_database(rasa_stack, lambda session: session.execute(select(Vacancy).where(
        Vacancy.contact_person == "Lis", Vacancy.postcode == "4180", Vacancy.status == "awaiting_review")
        .order_by(Vacancy.id.desc()).limit(1)).scalars().all())
    assert posting.reference in last_bot_text(page)

    # An advisor approves it.
    switch_user(page, base_url, f"e2e-raad-{run}", "advisor", "Rita Rådgiver")
    page.goto(base_url + "/advisor")
    found = page.locator("#vacancy-list article, #vacancy-list li, #vacancy-list > *", has_text=posting.reference).first
    found.wait_for(timeout=15000)
    found.get_by_role("button", name="Godkend").click()
    page.locator("#status", has_text="godkendt").wait_for(timeout=15000)

    # The citizen's next visit: the posting with its reasons; interest, and the yes to share.
    switch_user(page, base_url, citizen, "citizen", "Sofie Sørensen")
    page.locator(".message--bot", has_text="Der er nye småjobs").wait_for(timeout=15000)
    news = page.locator(".message--bot", has_text="Der er nye småjobs").last.inner_text()
    assert posting.reference in news and "køkken · 8 timer · 4180 · 15 km" in news
    press(page, f"Jeg er interesseret i {posting.reference}")
    question = last_bot_text(page)
    assert "Må jeg sende dette korte resumé" in question and "Sofie" not in question
    press(page, "Ja, send resuméet")
    assert "Bageriet Korn kan nu se dit resumé" in last_bot_text(page)

    # The employer invites on /employer (in Danish: this headless Chromium's own language is English).
    switch_user(page, base_url, employer, "employer", "Lis Bager")
    page.evaluate("localStorage.setItem('employer-language', 'da')")
    page.get_by_role("link", name="Se dine opslag og interesserede").click()
    page.wait_for_selector("article.posting")
    assert "Sofie" not in page.content()
    [interest] = in_stack_database(rasa_stack, lambda session: session.execute(select(VacancyInterest).where(
        VacancyInterest.vacancy_id == posting.id)).scalars().all())
    article = page.locator("article.posting", has_text=posting.reference)
    assert "Ønsker: opvasker" in article.inner_text()
    invite_by_keyboard(page, interest.id, today_in_denmark() + timedelta(days=3), "Mød op ved bagdøren")
    article.locator(".interest__state", has_text="Inviteret").wait_for(timeout=15000)

    # The citizen accepts in the chat and gives a phone number (first a wrong one).
    switch_user(page, base_url, citizen, "citizen", "Sofie Sørensen")
    page.locator(".message--bot", has_text="vil gerne tale med dig").wait_for(timeout=15000)
    assert "Mød op ved bagdøren" in page.locator(".message--bot", has_text="vil gerne tale med dig").last.inner_text()
    press(page, "Ja til samtalen")
    assert "Hvilket telefonnummer eller hvilken e-mail" in last_bot_text(page)
    send(page, "ved ikke")
    assert "Jeg kunne ikke finde et dansk telefonnummer" in last_bot_text(page)
    send(page, "22 33 44 55")
    assert "Du kan kontakte Lis: +45 40 40 40 40 · lis@korn.dk" in last_bot_text(page, 2)
    press(page, "Ja, skriv det i jobjournalen")
    assert "Gemt i din jobjournal: opvasker hos Bageriet Korn" in last_bot_text(page)  # the title as typed

    # The employer sees the citizen's name and contact now.
    switch_user(page, base_url, employer, "employer", "Lis Bager")
    page.goto(base_url + "/employer")
    page.wait_for_selector("article.posting")
    seen = page.locator("article.posting", has_text=posting.reference).inner_text()
    assert "Sofie Sørensen" in seen and "22 33 44 55" in seen

    def journal(session):
        user = find_user(session, "citizen", citizen)
        return [(entry.channel, entry.employer, entry.job_title) for entry in session.execute(
            select(JournalEntry).where(JournalEntry.user_id == user.id)).scalars()]
    assert in_stack_database(rasa_stack, journal) == [("jobcentre_contact", "Bageriet Korn", "opvasker")]
