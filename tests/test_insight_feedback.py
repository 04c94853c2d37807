""""Was this helpful?": the topic travels from a benefits answer or a journey's end (the domain's responses)
through the gateway to the chat page, and POST /api/feedback keeps the topic, the verdict and the role only
(SQLite and PostgreSQL)."""
from datetime import date

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from bot.gateway.rasa_client import to_chat_messages
from bot.rules.insight import JOURNEY_END_TOPICS
from bot.settings import PROJECT_ROOT
from bot.store.models import Feedback
from tests.helpers import domain, login, make_tracker

# The journey ends that ask "Hjalp det?", with their Danish text, which the topic must leave as it was.
TAGGED = {
    ("journal.yml", "utter_journal_saved"): ("journal", "Gemt i din jobjournal: {entry}."),
    ("journal.yml", "utter_profile_saved"): ("profile", "Gemt i din profil: {value}"),
    ("sick_leave.yml", "utter_sick_leave_saved"): ("sick_leave",
                                                   "Tak. Din sygemelding fra {first_day} er registreret."),
    ("vacancy.yml", "utter_vacancy_saved"): ("vacancy", "Tak! Dit opslag har referencen {reference}. Det afventer "
                                             "nu godkendelse hos en medarbejder i jobcentret, før det bliver vist "
                                             "for jobsøgende. Skriv \"status på mit opslag\" for at se, hvordan "
                                             "det går."),
}


def test_the_topic_of_a_responses_custom_part_goes_with_the_message_before_it():
    messages = to_chat_messages([
        {"recipient_id": "x", "text": "Gemt i din profil: kok", "buttons": [{"title": "Se min profil",
                                                                               "payload": "/show_profile"}]},
        {"recipient_id": "x", "custom": {"feedback_topic": "profile"}},
        {"recipient_id": "x", "text": "Noget andet"},
        {"recipient_id": "x", "custom": {"feedback_topic": "Not A Topic<script>"}},
    ])
    assert messages == [
        {"text": "Gemt i din profil: kok", "buttons": [{"title": "Se min profil", "payload": "/show_profile"}],
         "feedback_topic": "profile"},
        {"text": "Noget andet", "buttons": []},
    ]


async def test_a_benefits_answer_carries_its_topic(monkeypatch):
    import actions.benefits
    from actions.benefits import ActionAnswerBenefitQuestion

    monkeypatch.setattr(actions.benefits, "today", lambda: date(2025, 6, 1))
    tracker = make_tracker("hvor meget kan jeg få i dagpenge", "faq", {"language": "da"}, response_selector={
        "faq": {"ranking": [{"intent_response_key": "faq/dagpenge_rate", "confidence": 0.9}]}})
    dispatcher = CollectingDispatcher()
    await ActionAnswerBenefitQuestion().run(dispatcher, tracker, {})
    [answer] = dispatcher.messages
    assert answer["response"] == "utter_benefit_answer" and answer["custom"] == {"feedback_topic": "dagpenge_rate"}


def test_the_journey_end_responses_carry_a_topic_in_danish_and_english_with_their_text_kept():
    for (file, name), (topic, danish_text) in TAGGED.items():
        variants = yaml.safe_load((PROJECT_ROOT / "data" / "responses" / file).read_text(encoding="utf-8"))[
            "responses"][name]
        assert [variant["custom"] for variant in variants] == [{"feedback_topic": topic}] * 2
        assert variants[0]["text"] == danish_text and "condition" in variants[1]
        assert all(set(variant) <= {"text", "buttons", "condition", "custom"} for variant in variants)
        assert topic in JOURNEY_END_TOPICS
    # Rasa reads them: the domain has the custom part.
    assert domain().responses["utter_journal_saved"][0]["custom"] == {"feedback_topic": "journal"}


async def test_a_rating_is_kept_with_topic_verdict_and_role_only(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    assert (await client.post("/api/feedback", json={"topic": "journal", "helpful": True})).status == 401
    await login(client, "employer", "firma-1")
    response = await client.post("/api/feedback", json={"topic": "vacancy", "helpful": False})
    assert response.status == 201 and await response.json() == {"stored": True}
    await login(client, "citizen", "borger-1")
    assert (await client.post("/api/feedback", json={"topic": "dagpenge_rate", "helpful": True})).status == 201
    stored = database.run_sync(lambda session: [(row.topic, row.helpful, row.role) for row in
                                                session.execute(select(Feedback).order_by(Feedback.id)).scalars()])
    assert stored == [("vacancy", False, "employer"), ("dagpenge_rate", True, "citizen")]


@pytest.mark.parametrize("body", [
    {"topic": "no_such_topic", "helpful": True}, {"topic": "journal", "helpful": "yes"},
    {"topic": "journal", "helpful": 1}, {"topic": "journal"}, {"helpful": True},
    {"topic": ["journal"], "helpful": True},
    {"topic": "JOURNAL", "helpful": False},
])
async def test_a_rating_without_a_known_topic_or_a_yes_or_no_is_refused(gateway_without_rasa, body):
    client, _, database = await gateway_without_rasa()
    await login(client, "citizen", "borger-1")
    response = await client.post("/api/feedback", json=body)
    assert response.status == 400 and "kendt emne" in (await response.json())["error"]
    assert database.run_sync(lambda session: session.execute(select(Feedback)).all()) == []


async def test_one_login_cannot_fill_the_table_with_ratings(gateway_without_rasa, monkeypatch):
    from bot.gateway import insight_routes

    monkeypatch.setattr(insight_routes, "MAX_RATINGS_PER_LOGIN", 3)
    client, _, _ = await gateway_without_rasa()
    await login(client, "citizen", "borger-1")
    statuses = [(await client.post("/api/feedback", json={"topic": "journal", "helpful": True})).status
                for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
