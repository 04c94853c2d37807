"""What to teach it next through the gateway (no Rasa behind it), on SQLite and PostgreSQL: only managers
and advisors, the groups with their chart, marking with an intent of the domain (audited), and the exports
loading as Rasa NLU training data and as the held-out set's format."""
from datetime import datetime, timedelta, timezone

import pytest
import yaml
from rasa.shared.nlu.training_data.loading import load_data
from sqlalchemy import select

from bot.store.models import AuditEntry, UnrecognisedMessage
from bot.store.teach import record_miss
from tests.helpers import login

API_ROUTES = [("GET", "/api/teach/groups"), ("POST", "/api/teach/messages/1/mark"),
              ("POST", "/api/teach/messages/mark"), ("GET", "/api/teach/export.yml"),
              ("GET", "/api/teach/export-heldout.yml")]
NOW = datetime.now(timezone.utc)


def seed(database):
    """Three groups: four ways of asking about flexjob, two about the CV, one on its own."""
    rows = [("hvordan søger jeg fleksjob", "ask_benefits", "fallback"),
            ("hvordan soeger jeg flexjob", "ask_benefits", "rephrase"),
            ("Hvordan søger jeg fleksjob?", "faq", "low_confidence"),
            ("hvordan sogr jeg fleksjob", "ask_benefits", "handoff_not_understood"),
            ("kan [navn] hjælpe med mit cv", "update_profile", "fallback"),
            ("kan [navn] hjaelpe med mit cv", "update_profile", "fallback"),
            ("jeg har [helbred] og vil tale med nogen", "start_sick_leave", "rephrase")]

    def work(session):
        return [record_miss(session, text, intent, 0.3, reason, "citizen", NOW - timedelta(minutes=i)).id
                for i, (text, intent, reason) in enumerate(rows)]

    return database.run_sync(work)


async def as_role(start, role, user_id="staff-1"):
    client, _, database = await start()
    if role:
        await login(client, role, user_id, "Lise Leder")
    return client, database


@pytest.mark.parametrize("method, path", API_ROUTES)
async def test_nobody_logged_in_gets_401_and_the_page_sends_them_to_log_in(gateway_without_rasa, method, path):
    client, _ = await as_role(gateway_without_rasa, None)
    response = await client.request(method, path, json={"intent": "greet", "ids": [1]})
    assert response.status == 401
    page = await client.get("/insight/teach", allow_redirects=False)
    assert page.status == 302 and page.headers["Location"] == "/"


@pytest.mark.parametrize("role", ["citizen", "employer", "dpo"])
async def test_citizens_employers_and_the_dpo_get_403(gateway_without_rasa, role):
    client, database = await as_role(gateway_without_rasa, role)
    seed(database)
    for method, path in API_ROUTES:
        response = await client.request(method, path, json={"intent": "greet", "ids": [1]})
        assert response.status == 403, path
        assert "ledere og jobrådgivere" in (await response.json())["error"]
    page = await client.get("/insight/teach")
    assert page.status == 403


@pytest.mark.parametrize("role", ["manager", "advisor"])
async def test_managers_and_advisors_see_the_groups_with_counts_guesses_reasons_and_a_chart(gateway_without_rasa,
                                                                                            role):
    client, database = await as_role(gateway_without_rasa, role)
    ids = seed(database)
    page = await client.get("/insight/teach")
    assert page.status == 200 and "hvad skal den lære?" in await page.text()
    assert page.headers["Cache-Control"] == "no-store"  # the next user of a shared PC never gets it from a cache
    body = await (await client.get("/api/teach/groups")).json()
    assert body["total"] == 7 and body["group_count"] == 3
    assert [(g["count"], g["guessed_intent"]) for g in body["groups"]] == [
        (4, "ask_benefits"), (2, "update_profile"), (1, "start_sick_leave")]
    fleksjob = body["groups"][0]
    assert fleksjob["message_ids"] == sorted(ids[:4])
    assert fleksjob["reasons"] == {"fallback": 1, "low_confidence": 1, "rephrase": 1, "handoff_not_understood": 1}
    assert set(body["messages"]) == {str(i) for i in ids}
    assert body["messages"][str(ids[4])]["text"] == "kan [navn] hjælpe med mit cv"
    assert body["chart"].startswith("<svg") and body["chart"].count("<rect") == 3
    assert "ask_human" in body["intents"] and "nlu_fallback" not in body["intents"]


async def test_the_period_limits_the_groups_and_a_wrong_date_is_a_400(gateway_without_rasa):
    client, database = await as_role(gateway_without_rasa, "manager")
    seed(database)
    today = NOW.date()
    none_yet = await (await client.get(f"/api/teach/groups?to={today - timedelta(days=2)}")).json()
    assert none_yet["total"] == 0 and none_yet["groups"] == []
    window = f"from={today - timedelta(days=1)}&to={today + timedelta(days=1)}"
    assert (await (await client.get("/api/teach/groups?" + window)).json())["total"] == 7
    for bad in ("from=31-12-2024", "to=2024-02-30", f"from={today}&to={today - timedelta(days=1)}"):
        response = await client.get("/api/teach/groups?" + bad)
        assert response.status == 400, bad


async def test_marking_a_message_stores_the_intent_and_writes_the_audit_log(gateway_without_rasa):
    client, database = await as_role(gateway_without_rasa, "manager", "leder-7")
    ids = seed(database)
    response = await client.post(f"/api/teach/messages/{ids[6]}/mark", json={"intent": "start_sick_leave"})
    assert response.status == 200
    [marked] = (await response.json())["messages"]
    assert marked["marked_intent"] == "start_sick_leave" and marked["marked_for"] == "training"
    assert marked["marked_by_role"] == "manager"
    [entry] = database.run_sync(lambda s: [(e.actor_role, e.actor_id, e.action, e.detail) for e in s.execute(
        select(AuditEntry).where(AuditEntry.action == "mark_unrecognised_message")).scalars()])
    assert entry == ("manager", "leder-7", "mark_unrecognised_message",
                     f"intent=start_sick_leave for=training messages={ids[6]}")


async def test_marking_a_whole_group_for_evaluation_and_taking_a_mark_back(gateway_without_rasa):
    client, database = await as_role(gateway_without_rasa, "advisor")
    ids = seed(database)
    response = await client.post("/api/teach/messages/mark",
                                 json={"ids": ids[:4], "intent": "ask_benefits", "for": "evaluation"})
    assert response.status == 200 and len((await response.json())["messages"]) == 4
    await client.post(f"/api/teach/messages/{ids[0]}/mark", json={"intent": None})
    marks = database.run_sync(lambda s: {r.id: (r.marked_intent, r.marked_for, r.marked_by_role)
                                         for r in s.execute(select(UnrecognisedMessage)).scalars()})
    assert marks[ids[0]] == (None, None, None)
    assert [marks[i] for i in ids[1:4]] == [("ask_benefits", "evaluation", "advisor")] * 3
    assert marks[ids[4]] == (None, None, None)


@pytest.mark.parametrize("path, body, status", [
    ("/api/teach/messages/{id}/mark", {"intent": "make_coffee"}, 400),       # not an intent of the domain
    ("/api/teach/messages/{id}/mark", {"intent": "nlu_fallback"}, 400),
    ("/api/teach/messages/{id}/mark", {"intent": "greet", "for": "both"}, 400),
    ("/api/teach/messages/999999/mark", {"intent": "greet"}, 404),
    ("/api/teach/messages/abc/mark", {"intent": "greet"}, 404),
    ("/api/teach/messages/mark", {"ids": [], "intent": "greet"}, 400),
    ("/api/teach/messages/mark", {"ids": ["1"], "intent": "greet"}, 400),
    ("/api/teach/messages/mark", {"ids": [True], "intent": "greet"}, 400),
    ("/api/teach/messages/mark", {"ids": ["real", 999999], "intent": "greet"}, 404),  # one real, one not
])
async def test_a_wrong_mark_is_refused_and_marks_nothing(gateway_without_rasa, path, body, status):
    client, database = await as_role(gateway_without_rasa, "manager")
    ids = seed(database)
    if body.get("ids") and body["ids"][0] == "real":
        body = {**body, "ids": [ids[0], 999999]}
    response = await client.post(path.replace("{id}", str(ids[0])), json=body)
    assert response.status == status
    assert "error" in await response.json()
    assert database.run_sync(lambda s: [r.marked_intent for r in s.execute(select(UnrecognisedMessage)).scalars()
                                        if r.marked_intent]) == []


async def test_the_export_loads_as_rasa_nlu_training_data(gateway_without_rasa, tmp_path):
    client, database = await as_role(gateway_without_rasa, "manager")
    ids = seed(database)
    for message_id, intent in ((ids[0], "ask_benefits"), (ids[4], "update_profile"), (ids[6], "start_sick_leave")):
        assert (await client.post(f"/api/teach/messages/{message_id}/mark", json={"intent": intent})).status == 200
    await client.post(f"/api/teach/messages/{ids[5]}/mark", json={"intent": "update_profile", "for": "evaluation"})
    response = await client.get("/api/teach/export.yml")
    assert response.status == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="nlu-')
    exported = tmp_path / "nlu.yml"
    exported.write_text(await response.text(), encoding="utf-8")
    data = load_data(str(exported))
    assert sorted((m.get("intent"), m.get("text")) for m in data.intent_examples) == [
        ("ask_benefits", "hvordan søger jeg fleksjob"),
        ("start_sick_leave", "jeg har [helbredsoplysning] og vil tale med nogen"),
        ("update_profile", "kan Anna hjælpe med mit cv"),
    ]
    exports = database.run_sync(lambda s: [e.detail for e in s.execute(
        select(AuditEntry).where(AuditEntry.action == "export_teach_data")).scalars()])
    assert exports == ["for=training rows=3"]


async def test_the_heldout_export_has_the_evaluation_sets_shape_and_only_what_was_marked_for_it(gateway_without_rasa):
    client, database = await as_role(gateway_without_rasa, "advisor")
    ids = seed(database)
    await client.post(f"/api/teach/messages/{ids[5]}/mark", json={"intent": "update_profile", "for": "evaluation"})
    await client.post(f"/api/teach/messages/{ids[0]}/mark", json={"intent": "ask_benefits"})
    response = await client.get("/api/teach/export-heldout.yml")
    assert response.status == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="heldout-')
    assert yaml.safe_load(await response.text()) == {"update_profile": ["kan Anna hjaelpe med mit cv"]}
