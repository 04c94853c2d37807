"""The gateway's JSON API end to end, against the real Rasa and action servers."""
import json
import re

import pytest
from sqlalchemy import select

from bot.gateway.app import init_app
from bot.gateway.http import OPENAPI_FILE
from bot.store.models import HandoffCase, User
from tests.helpers import login, payloads, rows, say, texts

pytestmark = pytest.mark.rasa


async def test_hej_gets_a_danish_greeting_with_the_journey_menu(gateway):
    await login(gateway, user_id="greet-da")
    body = await say(gateway, "hej")
    assert "Jobassistenten" in texts(body)
    assert payloads(body) == ["/start_journal", "/start_sick_leave", "/ask_benefits", "/ask_human"]
    titles = [b["title"] for m in body["messages"] for b in m["buttons"]]
    assert "Tal med en medarbejder" in titles


async def test_hello_gets_an_english_greeting_and_danish_switches_back(gateway):
    await login(gateway, user_id="greet-en")
    body = await say(gateway, "hello")
    assert "I'm the Job Assistant" in texts(body)
    assert "Talk to a person" in [b["title"] for m in body["messages"] for b in m["buttons"]]
    assert "You're welcome" in texts(await say(gateway, "thanks"))
    assert "Selv tak" in texts(await say(gateway, "tak"))


async def test_bot_challenge_goodbye_and_out_of_scope(gateway):
    await login(gateway, user_id="smalltalk")
    assert "robot" in texts(await say(gateway, "er du en robot?"))
    out_of_scope = await say(gateway, "kan du bestille en pizza til mig")
    assert "kan jeg desværre ikke hjælpe med" in texts(out_of_scope)
    assert "/ask_human" in payloads(out_of_scope)
    assert "Farvel" in texts(await say(gateway, "farvel"))


async def test_out_of_scope_twice_in_a_row_offers_a_person(gateway):
    await login(gateway, user_id="out-of-scope-twice")
    await say(gateway, "hvad bliver vejret i weekenden")
    second = await say(gateway, "kan du fortælle mig en vittighed")
    assert "tale med en medarbejder" in texts(second)
    assert payloads(second)[0] == "/ask_human"


async def test_two_misunderstandings_in_a_row_offer_a_person(gateway):
    await login(gateway, user_id="fallback")
    first = await say(gateway, "xqzv plorg wibble")
    assert "forstod jeg ikke" in texts(first)
    second = await say(gateway, "kartoffelmos")
    assert "tale med en medarbejder" in texts(second)
    assert payloads(second)[0] == "/ask_human"


async def test_odd_but_valid_text_gets_a_normal_answer(gateway):
    await login(gateway, user_id="odd")
    for message in ["🙂🙂🙂", "<script>alert('x')</script>", "a" * 4000, "?"]:
        body = await say(gateway, message)
        assert body["messages"], message


async def test_login_is_recorded_and_the_conversation_id_comes_from_the_session(gateway, rasa_stack):
    await login(gateway, role="citizen", user_id="owner-1", name="Ejer")
    await say(gateway, "hej")
    # A client cannot pick another conversation: "sender" in the body is ignored.
    response = await gateway.post("/api/chat", json={"message": "tak", "sender": "citizen-someone"})
    assert response.status == 200
    history = await (await gateway.get("/api/chat/history")).json()
    user_texts = [m["text"] for m in history["messages"] if m["sender"] == "user"]
    assert user_texts == ["hej", "tak"]
    users = rows(rasa_stack, select(User).where(User.external_id == "owner-1"))
    assert [(u.role, u.display_name) for u in users] == [("citizen", "Ejer")]


async def test_history_shows_button_titles_not_payloads(gateway):
    await login(gateway, user_id="buttons")
    await say(gateway, "hej")
    await say(gateway, "/ask_capabilities")
    history = await (await gateway.get("/api/chat/history")).json()
    assert [m["text"] for m in history["messages"] if m["sender"] == "user"] == ["hej", "/ask_capabilities"]
    await say(gateway, "/start_journal")
    history = await (await gateway.get("/api/chat/history")).json()
    assert history["messages"][-2] == {"sender": "user", "text": "Jobjournal", "buttons": []}


@pytest.mark.parametrize("kwargs, status, reason", [
    ({"json": {"message": ""}}, 400, "tom"),
    ({"json": {"message": "   "}}, 400, "tom"),
    ({"json": {"message": "x" * 10_000}}, 413, "for lang"),
    ({"json": {}}, 400, "mangler"),
    ({"json": {"message": 5}}, 400, "mangler"),
    ({"json": ["hej"]}, 400, "JSON-objekt"),
    ({"data": "{not json", "headers": {"Content-Type": "application/json"}}, 400, "ikke gyldig JSON"),
    ({"data": "message=hej", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 415, "JSON"),
    ({"data": b"\xff\xfe", "headers": {"Content-Type": "application/json"}}, 400, "JSON"),
])
async def test_malformed_chat_requests_get_4xx_with_a_reason(gateway, kwargs, status, reason):
    await login(gateway, user_id="bad-input")
    response = await gateway.post("/api/chat", **kwargs)
    assert response.status == status
    assert reason in (await response.json())["error"]


async def test_errors_are_in_english_for_english_users(gateway):
    await login(gateway, user_id="bad-input-en")
    response = await gateway.post("/api/chat", json={"message": "hello " + "x" * 10_000})
    assert response.status == 413
    assert "too long" in (await response.json())["error"]
    response = await gateway.post("/api/chat", json={"message": ""}, headers={"Accept-Language": "en-GB"})
    assert "empty" in (await response.json())["error"]


async def test_chat_without_a_session_is_401(gateway):
    response = await gateway.post("/api/chat", json={"message": "hej"})
    assert response.status == 401
    assert "logget ind" in (await response.json())["error"]
    response = await gateway.get("/api/chat/history")
    assert response.status == 401


async def test_logout_ends_the_session(gateway):
    await login(gateway, user_id="leaver")
    assert (await (await gateway.get("/api/session")).json())["user"]["id"] == "leaver"
    await gateway.post("/api/logout", json={})
    assert (await (await gateway.get("/api/session")).json())["user"] is None
    assert (await gateway.post("/api/chat", json={"message": "hej"})).status == 401


@pytest.mark.parametrize("body, status", [
    ({"role": "king", "id": "x"}, 400), ({"role": "citizen", "id": ""}, 400),
    ({"role": "citizen", "id": "has space"}, 400), ({"role": "citizen"}, 400),
])
async def test_dev_login_refuses_bad_roles_and_ids(gateway, body, status):
    response = await gateway.post("/api/dev/login", json=body)
    assert response.status == status
    assert (await response.json())["error"]


async def test_dev_login_is_off_unless_configured(rasa_stack, aiohttp_client):
    from dataclasses import replace

    client = await aiohttp_client(init_app(replace(rasa_stack, dev_login=False)))
    response = await client.post("/api/dev/login", json={"role": "citizen", "id": "x"})
    assert response.status == 404
    assert (await (await client.get("/api/session")).json())["dev_login"] is False


async def test_healthz_reports_each_part(gateway):
    response = await gateway.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"status": "ok", "rasa": "ok", "action_server": "ok",
                                     "database": "ok", "down": []}


async def test_healthz_names_the_part_that_is_down(rasa_stack, aiohttp_client, unused_tcp_port):
    from dataclasses import replace

    broken = replace(rasa_stack, action_port=unused_tcp_port)
    client = await aiohttp_client(init_app(broken))
    response = await client.get("/healthz")
    assert response.status == 503
    body = await response.json()
    assert body["down"] == ["action_server"] and body["rasa"] == "ok"


async def test_chat_when_rasa_is_down_says_the_message_is_kept(rasa_stack, aiohttp_client, unused_tcp_port):
    from dataclasses import replace

    client = await aiohttp_client(init_app(replace(rasa_stack, rasa_port=unused_tcp_port)))
    await login(client, user_id="rasa-down")
    response = await client.post("/api/chat", json={"message": "hej"})
    assert response.status == 503
    body = await response.json()
    assert "Din besked er gemt" in body["error"] and body["pending"] is True  # tests/test_pending_messages.py


async def test_chat_page_and_assets_are_served_with_a_strict_csp(gateway):
    response = await gateway.get("/")
    assert response.status == 200
    page = await response.text()
    assert 'lang="da"' in page and "/static/chat.js" in page
    assert "<script>" not in page and not re.search(r"\son[a-z]+=", page)
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "http://" not in page and "https://" not in page  # no CDN
    for asset in ("/static/chat.js", "/static/chat.css"):
        assert (await gateway.get(asset)).status == 200


async def test_unknown_api_route_is_json_404(gateway):
    response = await gateway.get("/api/nothing-here")
    assert response.status == 404
    assert "findes ikke" in (await response.json())["error"]


async def test_openapi_documents_every_route_the_gateway_serves(gateway):
    response = await gateway.get("/api/openapi.json")
    spec = await response.json()
    assert spec["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, item in spec["paths"].items() for method in item}
    served = {
        (route.resource.canonical, route.method)
        for route in gateway.app.router.routes()
        if route.method != "HEAD" and not route.resource.canonical.startswith("/static")
    }
    assert served - documented == set()
    assert documented - served == set()


def test_openapi_file_is_valid_json():
    spec = json.loads(OPENAPI_FILE.read_text())
    assert "/api/chat" in spec["paths"]


@pytest.mark.parametrize("role, user_id, shown, offered, never", [
    ("citizen", "menu-citizen", "jobjournal", ["/start_journal", "/start_sick_leave", "/ask_benefits", "/ask_human"],
     "/post_vacancy"),
    ("employer", "menu-employer", "småjob", ["/post_vacancy", "/vacancy_status", "/ask_human"], "/start_journal"),
    ("advisor", "menu-advisor", "/advisor", ["/ask_benefits"], "/start_sick_leave"),
])
async def test_each_role_is_greeted_with_its_own_menu_right_after_login(gateway, role, user_id, shown, offered,
                                                                       never):
    await login(gateway, role, user_id)
    history = (await (await gateway.get("/api/chat/history")).json())["messages"]
    assert [m["sender"] for m in history] == ["bot"]  # the login itself is not shown as a message
    assert shown in history[0]["text"]
    assert [b["payload"] for b in history[0]["buttons"]] == offered
    out_of_scope = await say(gateway, "hvad bliver vejret i morgen")
    assert never not in payloads(out_of_scope)


async def test_typing_a_button_label_acts_as_pressing_it(gateway, rasa_stack):
    await login(gateway, "citizen", "typed-buttons")
    offer = await say(gateway, "jeg vil gerne tale med en medarbejder")
    assert "/choose_written" in payloads(offer)
    created = await say(gateway, "skriftligt tak")
    assert "JA-" in texts(created)
    [case] = rows(rasa_stack, select(HandoffCase).where(HandoffCase.user_external_id == "typed-buttons"))
    assert case.contact_wish == "written"
    history = (await (await gateway.get("/api/chat/history")).json())["messages"]
    assert [m["text"] for m in history if m["sender"] == "user"][-1] == "Skriftligt svar"

