"""Handoff end to end through the gateway, with the real Rasa and action servers."""
import pytest
from sqlalchemy import select

from bot.store.models import AuditEntry, HandoffCase
from tests.helpers import case_of, login, payloads, rows, say, texts

pytestmark = pytest.mark.rasa


async def test_citizen_asks_for_a_person_advisor_takes_over_and_hands_back(gateway, rasa_stack):
    citizen = "handoff-anna"
    await login(gateway, "citizen", citizen, "Anna")
    await say(gateway, "hej")
    offer = await say(gateway, "jeg vil gerne tale med en medarbjder")
    assert "/choose_chat" in payloads(offer)
    created = await say(gateway, "/choose_chat")
    assert "JA-" in texts(created) and "nummer 1 i køen" in texts(created)

    await login(gateway, "advisor", "raadgiver-1", "Rita")
    case = await case_of(gateway, citizen)
    assert (case["role"], case["reason"], case["priority"], case["status"]) == (
        "citizen", "asked_for_person", "normal", "open")
    turns = case["summary"]["last_turns"]
    assert "Jobassistenten" in turns[0]["text"]  # the greeting at login
    assert turns[1] == {"sender": "user", "text": "hej"}
    detail = await (await gateway.get(f"/api/advisor/cases/{case['id']}")).json()
    assert [t["text"] for t in detail["transcript"] if t["sender"] == "user"][:2] == [
        "hej", "jeg vil gerne tale med en medarbjder"]
    claimed = await gateway.post(f"/api/advisor/cases/{case['id']}/claim", json={})
    assert claimed.status == 200 and (await claimed.json())["case"]["advisor_name"] == "Rita"

    await login(gateway, "citizen", citizen, "Anna")
    silent = await say(gateway, "hallo, er der nogen?")
    assert silent["messages"] == [] and silent["handoff"]["status"] == "claimed"
    updates = await (await gateway.get("/api/chat/updates?after=0")).json()
    assert "Rita" in updates["messages"][0]["text"]  # "a member of staff has joined"

    await login(gateway, "advisor", "raadgiver-1", "Rita")
    live = await (await gateway.get(f"/api/advisor/cases/{case['id']}/messages?after=0")).json()
    assert [(m["sender"], m["text"]) for m in live["messages"]][-1] == ("user", "hallo, er der nogen?")
    sent = await gateway.post(f"/api/advisor/cases/{case['id']}/messages",
                              json={"text": "Hej Anna, jeg hedder Rita. Hvad kan jeg hjælpe med?"})
    assert sent.status == 201

    await login(gateway, "citizen", citizen, "Anna")
    last_seen = updates["messages"][-1]["id"]
    updates = await (await gateway.get(f"/api/chat/updates?after={last_seen}")).json()
    assert [(m["sender"], m["text"]) for m in updates["messages"] if m["sender"] != "user"] == [
        ("advisor", "Hej Anna, jeg hedder Rita. Hvad kan jeg hjælpe med?")]

    await login(gateway, "advisor", "raadgiver-1", "Rita")
    closed = await gateway.post(f"/api/advisor/cases/{case['id']}/close", json={"note": "Talt om brevet"})
    assert closed.status == 200 and (await closed.json())["case"]["status"] == "closed"

    await login(gateway, "citizen", citizen, "Anna")
    back = await say(gateway, "tak for hjaelpen")
    assert "Selv tak" in texts(back)
    updates = await (await gateway.get("/api/chat/updates?after=0")).json()
    assert "forladt samtalen" in updates["messages"][-1]["text"]

    actions = rows(rasa_stack, select(AuditEntry.action).where(
        AuditEntry.actor_id == "raadgiver-1", AuditEntry.subject == f"citizen-{citizen}"))
    assert {"read_case", "claim_case", "message_user", "close_case"} <= set(actions)


async def test_citizens_and_employers_get_403_on_advisor_routes(gateway):
    for role in ("citizen", "employer"):
        await login(gateway, role, f"not-advisor-{role}")
        for method, path in [("GET", "/api/advisor/cases"), ("GET", "/api/advisor/cases/1"),
                             ("POST", "/api/advisor/cases/1/claim"),
                             ("POST", "/api/advisor/cases/1/messages"),
                             ("POST", "/api/advisor/cases/1/close")]:
            response = await gateway.request(method, path, json={"text": "x"})
            assert response.status == 403, (role, path)
            assert "jobrådgivere" in (await response.json())["error"]
    await gateway.post("/api/logout", json={})
    assert (await gateway.get("/api/advisor/cases")).status == 401


async def test_advisor_bad_input_gets_clear_4xx(gateway):
    await login(gateway, "citizen", "bad-advisor-input")
    await say(gateway, "/ask_human")
    await say(gateway, "/choose_written")
    await login(gateway, "advisor", "raadgiver-2", "Rune")
    case = await case_of(gateway, "bad-advisor-input")
    base = f"/api/advisor/cases/{case['id']}"
    assert (await gateway.post(f"{base}/messages", json={"text": "hej"})).status == 409  # not claimed
    assert (await gateway.post(f"{base}/claim", json={})).status == 200
    empty = await gateway.post(f"{base}/messages", json={"text": "   "})
    assert empty.status == 400 and "tom" in (await empty.json())["error"]
    assert (await gateway.post(f"{base}/close", json={"note": "svaret skriftligt"})).status == 200
    again = await gateway.post(f"{base}/claim", json={})
    assert again.status == 409 and "lukket" in (await again.json())["error"]
    late = await gateway.post(f"{base}/messages", json={"text": "hej"})
    assert late.status == 409
    assert (await gateway.post(f"{base}/close", json={"note": "x"})).status == 409
    assert (await gateway.get("/api/advisor/cases/999999")).status == 404
    assert (await gateway.get("/api/advisor/cases/abc")).status == 404
    assert (await gateway.get("/api/advisor/cases?status=nonsense")).status == 400


async def test_crisis_language_answers_with_emergency_numbers_and_an_urgent_case(gateway, rasa_stack):
    await login(gateway, "citizen", "crisis-1")
    body = await say(gateway, "jeg kan ikke mere, jeg vil ikke leve mere")
    assert "112" in texts(body) and "70 201 201" in texts(body) and "1813" in texts(body)
    cases = rows(rasa_stack, select(HandoffCase).where(HandoffCase.user_external_id == "crisis-1"))
    assert [(c.reason_code, c.priority) for c in cases] == [("crisis", "urgent")]


async def test_a_letter_the_user_does_not_understand_goes_to_a_person(gateway, rasa_stack):
    await login(gateway, "citizen", "letter-1")
    body = await say(gateway, "jeg har faaet et brev fra kommunen som jeg ikke forstaar")
    assert "medarbejder" in texts(body)
    await say(gateway, "/choose_phone")
    asked_again = await say(gateway, "mit nummer er hemmeligt")
    assert "8 cifre" in texts(asked_again)
    done = await say(gateway, "+45 20 30 40 50")
    assert "JA-" in texts(done)
    cases = rows(rasa_stack, select(HandoffCase).where(HandoffCase.user_external_id == "letter-1"))
    assert [(c.reason_code, c.priority, c.contact_wish, c.phone) for c in cases] == [
        ("complaint_or_sanction", "high", "phone", "20304050")]


async def test_crisis_inside_a_form_outvotes_everything_and_an_unsure_one_is_asked_gently(gateway, rasa_stack):
    await login(gateway, "citizen", "crisis-form")
    assert "arbejdsgiver" in texts(await say(gateway, "jeg har søgt et job")).lower()
    answer = texts(await say(gateway, "hvis de stopper min kontanthjaelp saa goer jeg en ende paa det"))
    assert "70 201 201" in answer and "112" in answer
    cases = rows(rasa_stack, select(HandoffCase).where(HandoffCase.user_external_id == "crisis-form"))
    assert [(c.reason_code, c.priority) for c in cases] == [("crisis", "urgent")]

    await login(gateway, "citizen", "crisis-unsure")
    await say(gateway, "jeg har søgt et job hos Netto")
    asked = await say(gateway, "intet giver mening mere for mig")
    assert "Tænker du på at gøre dig selv noget" in texts(asked)
    declined = await say(gateway, "nej")  # typed, not pressed
    assert "Livslinien" in texts(declined) and "/log_job_activity" in payloads(declined)
    resumed = texts(await say(gateway, "Fortsæt jobloggen"))
    assert "Hvilket job" in resumed  # Netto was kept; the form goes on where it stopped
    assert rows(rasa_stack, select(HandoffCase).where(HandoffCase.user_external_id == "crisis-unsure")) == []


async def test_crisis_while_a_person_holds_the_chat_gets_the_numbers_and_makes_the_case_urgent(gateway, rasa_stack):
    citizen = "crisis-held"
    await login(gateway, "citizen", citizen, "Bo")
    await say(gateway, "jeg vil tale med en medarbejder")
    await say(gateway, "/choose_chat")
    await login(gateway, "advisor", "raadgiver-krise", "Kim")
    case = await case_of(gateway, citizen)
    assert (await gateway.post(f"/api/advisor/cases/{case['id']}/claim", json={})).status == 200
    await login(gateway, "citizen", citizen, "Bo")
    answered = await say(gateway, "jeg vil ikke leve mere")
    assert "70 201 201" in texts(answered) and answered["handoff"]["status"] == "claimed"
    [held] = rows(rasa_stack, select(HandoffCase).where(HandoffCase.user_external_id == citizen))
    assert (held.priority, held.status) == ("urgent", "claimed")
