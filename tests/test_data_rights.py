"""The citizen's data rights: the privacy notice (text from retention.yml, read once), download links in
an answer, and "slet mine oplysninger" becoming a case for an advisor."""
import pytest
from sqlalchemy import select

from bot.gateway.rasa_client import to_chat_messages
from bot.privacy_notice import privacy_notice
from bot.rules.retention import load_retention
from bot.store.models import HandoffCase
from bot.store.users import record_login
from tests.helpers import login


# --- the notice ---

def test_the_notice_says_the_periods_of_the_retention_file_in_both_languages():
    keep_days = {kind: rule.keep_days for kind, rule in load_retention().rules.items()}
    notice = privacy_notice(keep_days, "https://kommune.dk/privatliv")
    danish = " ".join(item for section in notice["da"]["sections"] for item in section["items"])
    english = " ".join(item for section in notice["en"]["sections"] for item in section["items"])
    days = keep_days["conversation_transcripts"]
    assert f"Samtalen: {days} dage efter din sidste besked" in danish
    assert f"The conversation: {days} days after your last message" in english
    assert "Beskeder, assistenten ikke forstod: 1 år." in danish and "tommel op eller ned" in danish
    assert "Messages the assistant did not understand: 1 year." in english
    assert notice["da"]["full_notice_url"] == "https://kommune.dk/privatliv"
    assert [section["heading"] for section in notice["da"]["sections"]] == [
        "Hvad gemmer vi?", "Hvorfor?", "Hvor længe?", "Hvem kan se det?", "Dine rettigheder"]


@pytest.mark.parametrize("days, danish, english", [
    (90, "90 dage", "90 days"), (365, "1 år", "1 year"), (730, "2 år", "2 years"), (1461, "4 år", "4 years"),
    (1825, "5 år", "5 years"), (180, "6 måneder", "6 months"),
])
def test_periods_are_said_the_way_people_say_them(days, danish, english):
    notice = privacy_notice({"journal_entries": days}, None)
    assert f"Jobjournalen: {danish}." in notice["da"]["sections"][2]["items"]
    assert f"The job journal: {english}." in notice["en"]["sections"][2]["items"]


async def test_the_notice_is_shown_until_read_and_then_stays_reachable(gateway_without_rasa):
    client, _, _ = await gateway_without_rasa(privacy_notice_url="https://kommune.dk/privatliv")
    notice = await (await client.get("/api/privacy-notice")).json()
    assert notice["da"]["title"] == "Sådan bruger vi dine oplysninger"
    assert notice["en"]["full_notice_url"] == "https://kommune.dk/privatliv"
    assert (await client.post("/api/me/privacy-notice/seen", json={})).status == 401
    await login(client, "citizen", "privacy-reader", "Rita")
    assert (await (await client.get("/api/session")).json())["privacy_notice_seen"] is False
    answer = await client.post("/api/me/privacy-notice/seen", json={})
    assert (await answer.json()) == {"privacy_notice_seen": True}
    assert (await (await client.get("/api/session")).json())["privacy_notice_seen"] is True
    # Read is read, at the next login too.
    await client.post("/api/logout", json={})
    await login(client, "citizen", "privacy-reader", "Rita")
    assert (await (await client.get("/api/session")).json())["privacy_notice_seen"] is True


# --- download links in an answer ---

def test_download_links_join_the_text_they_belong_to_and_only_the_users_own_files_pass():
    messages = to_chat_messages([
        {"recipient_id": "x", "text": "Hent dine data"},
        {"recipient_id": "x", "custom": {"downloads": [
            {"title": "PDF", "url": "/api/me/data.pdf"},
            {"title": "Elsewhere", "url": "https://evil.example/steal"},
            {"title": "Up", "url": "/api/me/../advisor/cases"},
            {"title": 5, "url": "/api/me/data"},
        ]}},
    ])
    assert messages == [{"buttons": [], "text": "Hent dine data",
                         "downloads": [{"title": "PDF", "url": "/api/me/data.pdf"}]}]
    assert to_chat_messages([{"custom": {"something": "else"}}]) == []


# --- "slet mine oplysninger" and "send mig mine data", answered by the gateway ---

async def test_an_erasure_request_becomes_a_case_for_an_advisor_and_the_citizen_is_told_what_happens(
        gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    await login(client, "citizen", "erase-me", "Erik")
    answer = await client.post("/api/chat", json={"message": "kan i slete mine oplysninger"})
    assert answer.status == 200
    [message] = (await answer.json())["messages"]
    [case] = database.run_sync(lambda session: list(session.execute(select(HandoffCase)).scalars()))
    assert (case.user_external_id, case.user_name, case.reason_code, case.priority, case.contact_wish) == (
        "erase-me", "Erik", "erasure_request", "high", "written")
    assert case.reference in message["text"] and "inden for en måned" in message["text"]
    # Asking twice keeps the one case.
    await client.post("/api/chat", json={"message": "slet mine data"})
    assert database.run_sync(lambda session: len(list(session.execute(select(HandoffCase)).scalars()))) == 1


async def test_the_my_data_answer_carries_the_download_links_in_english_too(gateway_without_rasa):
    client, _, _ = await gateway_without_rasa()
    await login(client, "citizen", "copy-me", "Carla")
    [message] = (await (await client.post("/api/chat", json={"message": "please send me my data"})).json())["messages"]
    assert message["text"].startswith("You can download everything")
    assert [link["url"] for link in message["downloads"]] == ["/api/me/data.pdf", "/api/me/data", "/api/me/transcript"]


async def test_staff_have_nothing_to_erase(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    await login(client, "advisor", "rita", "Rita")
    [message] = (await (await client.post("/api/chat", json={"message": "slet mine data"})).json())["messages"]
    assert message["text"].startswith("Som medarbejder har du ingen egne data")
    assert database.run_sync(lambda session: session.execute(select(HandoffCase)).first()) is None


def test_an_answer_the_gateway_gave_shows_in_the_transcript_after_the_words_it_answers():
    from bot.gateway.rasa_client import transcript_from_events
    from bot.rules.handoff import last_turns

    events = [{"event": "bot", "text": "Hvad hedder stillingen?"},
              {"event": "bot", "text": "Du kan hente alt", "metadata": {"in_reply_to": "send mig mine data"}}]
    assert [(line["sender"], line["text"]) for line in transcript_from_events(events)] == [
        ("bot", "Hvad hedder stillingen?"), ("user", "send mig mine data"), ("bot", "Du kan hente alt")]
    assert [turn["sender"] for turn in last_turns(events)] == ["bot", "user", "bot"]
