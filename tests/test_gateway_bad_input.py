"""Bad input never crashes the gateway: deeply nested JSON, ids no row can have, text that is no text,
and a seeded fuzz over every route, method and role. The app runs in-process on a real database
(SQLite and PostgreSQL) with Rasa and the action server unreachable."""
import json
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Dict, List, Optional

import aiohttp
import pytest

from bot.gateway.app import init_app
from bot.gateway.http import MAX_ID
from bot.store import vacancy as vacancy_store
from bot.store.handoff import claim_case, open_case
from bot.store.users import record_login
from tests.conftest import free_port, make_settings

LONE_SURROGATE = "\ud800"
POSTING = {"company": "Bakken Bageri", "cvr": "13748136", "contact_person": "Mette", "email": "mette@bakken.dk",
           "phone": "+45 23 45 67 89", "job_title": "Opvasker", "tasks": "Opvask", "hours_per_week": 10,
           "postcode": "2100", "start_date": date(2026, 12, 1), "duration_kind": "ongoing", "requirements": "",
           "suits_far_from_labour_market": True}
DEEP = 5000
TOO_BIG_IDS = [str(MAX_ID + 1), str(2**63 - 1), str(2**63), str(10**40)]
ID_ROUTES = [  # every route with an id in its path, as routes.py has them
    ("GET", "/api/advisor/cases/{id}"), ("POST", "/api/advisor/cases/{id}/claim"),
    ("POST", "/api/advisor/cases/{id}/messages"), ("GET", "/api/advisor/cases/{id}/messages"),
    ("POST", "/api/advisor/cases/{id}/close"), ("POST", "/api/advisor/cases/{id}/weekly-target"),
    ("POST", "/api/advisor/vacancies/{id}/approve"), ("POST", "/api/advisor/vacancies/{id}/reject"),
    ("GET", "/api/advisor/vacancies/{id}/matches"),
]
# Only these routes need Rasa to answer; with Rasa unreachable they say so with a 503, which is an
# honest "try again shortly" (tested in test_gateway.py), not a crash.
NEEDS_RASA = {"/api/me/transcript", "/api/chat", "/api/chat/pending", "/api/chat/history", "/healthz", "/readyz"}
BODY_LIMIT = 256 * 1024  # the gateway's client_max_size
# A longer request line is refused by aiohttp's HTTP parser with a plain 400 before the gateway sees it.
HTTP_PARSER_LINE_LIMIT = 8190


@dataclass
class Seeded:
    open_case_id: int        # a citizen's case waiting for an advisor
    taken_case_id: int       # a case the advisor "fuzz-raad" holds: its citizen talks to the advisor only
    vacancy_id: int


def seed(database) -> Seeded:
    def work(session):
        employer = record_login(session, "employer", "fuzz-firma", "Firma")
        vacancy = vacancy_store.create(session, employer.id, POSTING)
        waiting = _case(session, "fuzz-borger")
        taken = _case(session, "fuzz-taget")
        claim_case(session, taken.id, "fuzz-raad", "Rita")
        return Seeded(waiting.id, taken.id, vacancy.id)

    return database.run_sync(work)


def _case(session, external_id):
    record_login(session, "citizen", external_id, "Borger")
    return open_case(session, role="citizen", external_id=external_id, name="", language="da",
                     reason_code="asked_for_person", contact_wish="chat", phone=None, summary={})[0]


@pytest.fixture
async def server(tmp_path, db, aiohttp_server):
    settings = make_settings(tmp_path, database_url=db.url, rasa_port=free_port(), action_port=free_port())
    return await aiohttp_server(init_app(settings, db))


@pytest.fixture
def seeded(db) -> Seeded:
    return seed(db)


async def logged_in(aiohttp_client, server, role: Optional[str], user_id: str = ""):
    client = await aiohttp_client(server)
    await log_in_again(client, role, user_id)
    return client


async def log_in_again(client, role: Optional[str], user_id: str) -> None:
    """The client's session as `role` again (anonymous for None), whatever the last request did to it."""
    client.session.cookie_jar.clear()
    if role is not None:
        response = await client.post("/api/dev/login", json={"role": role, "id": user_id, "name": "Fuzz"})
        assert response.status == 200, await response.text()


async def assert_refused(response, status: int, reason: str) -> None:
    assert response.status == status, await response.text()
    assert reason in (await response.json())["error"]


# --- JSON nested thousands of levels ---------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "[" * DEEP + "]" * DEEP,
    '{"a":' * DEEP + "1" + "}" * DEEP,
    '{"role": "citizen", "id": "x", "name": ' + "[" * DEEP + "]" * DEEP + "}",
])
async def test_json_nested_thousands_of_levels_is_a_400_in_the_users_language(server, aiohttp_client, body):
    client = await logged_in(aiohttp_client, server, None)
    json_headers = {"Content-Type": "application/json"}
    await assert_refused(await client.post("/api/dev/login", data=body, headers=json_headers), 400, "niveauer")
    english = await client.post("/api/dev/login", data=body, headers={**json_headers, "Accept-Language": "en"})
    await assert_refused(english, 400, "nested too deeply")


async def test_a_button_payload_nested_thousands_of_levels_is_read_as_text(server, aiohttp_client, seeded):
    client = await logged_in(aiohttp_client, server, "citizen", "fuzz-taget")
    message = '/greet{"a":' + "[" * 2000 + "]" * 2000 + "}"
    response = await client.post("/api/chat", json={"message": message})
    assert response.status == 200  # relayed to the advisor who holds the chat, as text
    assert (await response.json())["handoff"]["status"] == "claimed"


# --- ids no row can have ---------------------------------------------------------------------------

@pytest.mark.parametrize("method, route", ID_ROUTES)
async def test_ids_beyond_what_the_database_holds_are_a_404(server, aiohttp_client, seeded, method, route):
    client = await logged_in(aiohttp_client, server, "advisor", "fuzz-raad")
    body = {"text": "hej", "note": "ok", "reason": "nej", "weekly_target": 3}
    for number in TOO_BIG_IDS:
        response = await client.request(method, route.format(id=number), json=body)
        reason = "Opslaget findes ikke" if "vacancies" in route else "Sagen findes ikke"
        await assert_refused(response, 404, reason)


@pytest.mark.parametrize("role, path", [
    ("citizen", "/api/chat/updates?after={}"), ("advisor", "/api/advisor/cases/{{case}}/messages?after={}"),
])
async def test_after_beyond_what_the_database_holds_is_a_400(server, aiohttp_client, seeded, role, path):
    client = await logged_in(aiohttp_client, server, role, "fuzz-raad")
    for after in TOO_BIG_IDS + ["-1"]:
        url = path.format(after).replace("{case}", str(seeded.taken_case_id))
        await assert_refused(await client.get(url), 400, "after skal være et helt tal")
    english = await client.get(path.format(2**63).replace("{case}", "1"), headers={"Accept-Language": "en"})
    await assert_refused(english, 400, "after must be a whole number")


# --- lone surrogates: valid JSON, but no text -------------------------------------------------------

async def test_a_lone_surrogate_in_a_login_name_is_a_400(server, aiohttp_client):
    client = await logged_in(aiohttp_client, server, None)
    login = {"role": "citizen", "id": "surrogat", "name": "Anna " + LONE_SURROGATE}
    await assert_refused(await client.post("/api/dev/login", json=login), 400, "ikke er gyldig tekst")
    english = await client.post("/api/dev/login", json=login, headers={"Accept-Language": "en"})
    await assert_refused(english, 400, "not valid text")


async def test_a_lone_surrogate_during_an_advisor_takeover_is_a_400(server, aiohttp_client, seeded):
    citizen = await logged_in(aiohttp_client, server, "citizen", "fuzz-taget")
    response = await citizen.post("/api/chat", json={"message": "hej " + LONE_SURROGATE + " er der nogen?"})
    await assert_refused(response, 400, "ikke er gyldig tekst")
    assert (await citizen.post("/api/chat", json={"message": "hej, er der nogen?"})).status == 200
    advisor = await logged_in(aiohttp_client, server, "advisor", "fuzz-raad")
    case = f"/api/advisor/cases/{seeded.taken_case_id}"
    await assert_refused(await advisor.post(f"{case}/messages", json={"text": "\udfff"}), 400, "ikke er gyldig tekst")
    await assert_refused(await advisor.post(f"{case}/close", json={"note": "\udc80"}), 400, "ikke er gyldig tekst")
    keyed = await advisor.post(f"{case}/close", json={LONE_SURROGATE: "x"})
    await assert_refused(keyed, 400, "ikke er gyldig tekst")
    messages = (await (await advisor.get(f"{case}/messages?after=0")).json())["messages"]
    assert [m["text"] for m in messages if m["sender"] == "user"] == ["hej, er der nogen?"]


async def test_a_nul_character_is_a_400_as_postgresql_cannot_store_it(server, aiohttp_client, seeded):
    anonymous = await logged_in(aiohttp_client, server, None)
    login = {"role": "citizen", "id": "nul", "name": "Anna\x00"}
    await assert_refused(await anonymous.post("/api/dev/login", json=login), 400, "ikke er gyldig tekst")
    advisor = await logged_in(aiohttp_client, server, "advisor", "fuzz-raad")
    case = f"/api/advisor/cases/{seeded.taken_case_id}"
    for path, body in [(f"{case}/messages", {"text": "hej\x00"}), (f"{case}/close", {"note": "\x00"}),
                       (f"/api/advisor/vacancies/{seeded.vacancy_id}/reject", {"reason": "nej\x00"})]:
        await assert_refused(await advisor.post(path, json=body), 400, "ikke er gyldig tekst")
    citizen = await logged_in(aiohttp_client, server, "citizen", "fuzz-taget")
    await assert_refused(await citizen.post("/api/chat", json={"message": "hej\x00"}), 400, "ikke er gyldig tekst")


async def test_an_unknown_charset_in_the_content_type_is_read_as_utf8(server, aiohttp_client):
    client = await logged_in(aiohttp_client, server, None)
    body = json.dumps({"role": "citizen", "id": "charset", "name": "Søren"}, ensure_ascii=False).encode()
    response = await client.post("/api/dev/login", data=body,
                                 headers={"Content-Type": "application/json; charset=no-such-charset"})
    assert response.status == 200
    assert (await response.json())["user"]["name"] == "Søren"


# --- the fuzz ---------------------------------------------------------------------------------------

ROLES = {None: "", "citizen": "fuzz-taget", "employer": "fuzz-firma", "advisor": "fuzz-raad"}
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
BAD_NUMBERS = ["0", "-1", "2147483647", *TOO_BIG_IDS, "1e3", "0x10", "1.5", "%20", "%00", "%ED%A0%80",
               "%C3%A6", "%D9%A1%D9%A2", "abc", "1_000", "+1", "9" * 5000, "%2F..%2F"]
QUERIES = ["", "?after=0", "?after=-1", "?after=9223372036854775808", "?after=1e3", "?after=%00",
           "?after=" + "9" * 5000, "?after=%D9%A1%D9%A2", "?after=1&after=2", "?status=open",
           "?status=active", "?status=approved", "?status=%ED%A0%80", "?status=%ff", "?status=" + "x" * 3000,
           "?status=", "?%%%", "?status[]=1", "?after=%ff%fe"]
CONTENT_TYPES = ["application/json", "application/json; charset=utf-8", "application/json; charset=nonsense",
                 "application/json; charset=utf-16", "APPLICATION/JSON", "application/json;;;=",
                 "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                 "multipart/form-data; boundary=x", "", None, "*/*", "application/jsonx"]
FIELDS = ["message", "text", "note", "reason", "weekly_target", "role", "id", "name", "sender", "metadata"]
FIXED_BODIES = [
    None, b"", b"{", b"[]", b"null", b"1", b'"x"', b"{}", b"\xef\xbb\xbf{}", b"\xff\xfe\x00",
    b"[" * DEEP + b"]" * DEEP, b'{"a":' * DEEP + b"1" + b"}" * DEEP,
    b'{"message": ' + b"[" * DEEP + b"]" * DEEP + b"}",
    b'{"weekly_target": 1' + b"0" * 5000 + b"}", b'{"weekly_target": 1e999, "reason": NaN}',
    b'{"message": "\xff\xfe"}', json.dumps({"message": "hej"}).encode("utf-16"),
    json.dumps({"message": "x" * 300_000}).encode(),  # over the gateway's body limit
    json.dumps({"message": '/greet{"a":' + "[" * 2000 + "]" * 2000 + "}"}).encode(),
    json.dumps({"role": "citizen", "id": "fuzz-ny", "name": LONE_SURROGATE}).encode(),
    json.dumps({LONE_SURROGATE: LONE_SURROGATE, "message": "\udc00", "text": "\udbff", "reason": "a\ud800"}).encode(),
    json.dumps({"message": "/restart"}).encode(), json.dumps({"message": "\x00" * 10}).encode(),
    json.dumps({"role": "citizen", "id": "fuzz-nul", "name": "\x00"}).encode(),
    json.dumps({"text": "a\x00", "note": "\x00", "reason": "\x00", "weekly_target": 2}).encode(),
    json.dumps({"text": "hej", "note": "ok", "reason": "nej", "weekly_target": 3}).encode(),
    json.dumps({"weekly_target": True, "reason": {}, "note": [], "text": 5, "message": None}).encode(),
]
HEADER_SETS = [
    {}, {"Accept-Language": "en"}, {"Accept-Language": ""}, {"Accept-Language": "x" * 5000},
    {"Accept-Language": "da;q=abc,,,"}, {"Accept-Language": "\xff\xfe"}, {"Origin": "OWN"},
    {"Sec-Fetch-Site": "same-origin"}, {"Origin": "http://127.0.0.1:1", "Sec-Fetch-Site": "same-site"},
    {"Origin": "null"}, {"Origin": "http://[::1"}, {"Origin": "http://a:99999"}, {"Sec-Fetch-Site": "\xff"},
    {"Cookie": "jobassistent_session=garbage"}, {"Cookie": "jobassistent_session=\xff\xfe"},
    {"Cookie": "jobassistent_session=" + "A" * 4000}, {"Accept": "text/html"}, {"X-Forwarded-Host": "evil"},
]


@dataclass
class FuzzCase:
    role: Optional[str]
    method: str
    path: str
    body: Optional[bytes]
    content_type: Optional[str]
    headers: Dict[str, str]


def random_text(rng: random.Random) -> str:
    alphabet = ["a", "æ", " ", "\x00", "\n", "/", "{", "\u202e", "\ufeff", "🙂", "\ud800", "\udfff", "\\", '"']
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))


def random_value(rng: random.Random, depth: int = 0):
    kind = rng.choice(["text", "int", "float", "bool", "null", "list", "object"] if depth < 4 else ["text", "int"])
    if kind == "text":
        return random_text(rng)
    if kind == "int":
        return rng.choice([0, -1, 1, 3, MAX_ID, MAX_ID + 1, 2**63, -(2**63) - 1, 10**30])
    if kind == "float":
        return rng.choice([0.5, -0.0, 1e308, 3.0])
    if kind in ("bool", "null"):
        return rng.choice([True, False, None])
    if kind == "list":
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(FIELDS + [random_text(rng)]): random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def random_body(rng: random.Random) -> Optional[bytes]:
    if rng.random() < 0.4:
        return rng.choice(FIXED_BODIES)
    value = {field: random_value(rng) for field in rng.sample(FIELDS, rng.randint(1, 4))}
    # Written as UTF-8 a lone surrogate becomes bytes that are not UTF-8; escaped it is valid JSON.
    return json.dumps(value, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")


def concrete_paths(canonical: str, seeded: Seeded) -> List[str]:
    if canonical == "/static/{name}":
        return ["/static/chat.js", "/static/advisor.html", "/static/..%2f..%2fsettings.py", "/static/%00",
                "/static/" + "a" * 3000, "/static/nothing.js"]
    if "{" not in canonical:
        return [canonical]
    own = seeded.vacancy_id if "{vacancy_id}" in canonical else seeded.open_case_id
    return [canonical.replace("{case_id}", n).replace("{vacancy_id}", n) for n in [str(own), *BAD_NUMBERS]]


def role_for(canonical: str) -> Optional[str]:
    if canonical == "/api/dev/login":
        return None
    return "advisor" if "/advisor" in canonical else "citizen"


def fuzz_cases(routes: List[str], posts: List[str], seeded: Seeded, rng: random.Random) -> List[FuzzCase]:
    """Every route x method x role once, each POST route x fixed body once (in the role the route is
    for, so that the body reaches the handler), then random mixes of everything."""
    extra_paths = ["/api/nothing", "/" + "x" * 5000, "//", "/api/advisor/cases/1/nothing", "/advisor/"]
    paths = {canonical: concrete_paths(canonical, seeded) for canonical in routes}
    paths.update({path: [path] for path in extra_paths})

    def case(role, method, path, body=None, through_the_gate=True) -> FuzzCase:
        body = random_body(rng) if body is None else body
        if through_the_gate and rng.random() < 0.7:  # mostly past the CSRF check, to reach the handlers
            return FuzzCase(role, method, path + rng.choice(QUERIES), body, "application/json",
                            rng.choice([{}, {"Origin": "OWN"}, {"Sec-Fetch-Site": "same-origin"}]))
        return FuzzCase(role, method, path + rng.choice(QUERIES), body, rng.choice(CONTENT_TYPES),
                        rng.choice(HEADER_SETS))

    cases = [case(role, method, rng.choice(paths[c])) for c in paths for method in METHODS for role in ROLES]
    cases += [case(role_for(c), "POST", rng.choice(paths[c]), body) for c in posts for body in FIXED_BODIES]
    cases += [case(rng.choice(list(ROLES)), rng.choice(METHODS), rng.choice(rng.choice(list(paths.values()))),
                   through_the_gate=False) for _ in range(300)]
    return cases


async def send(client, fuzz: FuzzCase):
    headers = {name: f"http://{client.host}:{client.port}" if value == "OWN" else value
               for name, value in fuzz.headers.items()}
    if fuzz.content_type is not None:
        headers["Content-Type"] = fuzz.content_type
    if len(fuzz.body or b"") > BODY_LIMIT:
        # The gateway refuses such a body without reading it all: a connection that carried one is
        # not used again, or the next request on it waits for the rest to drain.
        headers["Connection"] = "close"
    return await client.request(fuzz.method, fuzz.path, data=fuzz.body, headers=headers, allow_redirects=False)


async def answer(client, fuzz: FuzzCase):
    """The gateway's response, or None when it hung up on a body over the limit (it answers 413 or 405
    without reading the rest, and may close the connection while the client is still sending)."""
    try:
        return await send(client, fuzz)
    except (aiohttp.ClientOSError, aiohttp.ServerDisconnectedError):
        if len(fuzz.body or b"") > BODY_LIMIT:
            return None
        raise


async def test_a_thousand_bad_requests_on_every_route_get_no_5xx(server, aiohttp_client, seeded):
    table = list(server.app.router.routes())  # every route in routes.py, the static files included
    routes = sorted({route.resource.canonical for route in table})
    posts = sorted({route.resource.canonical for route in table if route.method == "POST"})
    cases = fuzz_cases(routes, posts, seeded, random.Random(14))
    assert len(cases) >= 1000
    clients = {role: await logged_in(aiohttp_client, server, role, user_id) for role, user_id in ROLES.items()}
    crashes, without_reason, statuses = [], [], Counter()
    for fuzz in cases:
        route = fuzz.path.split("?")[0]
        response = await answer(clients[fuzz.role], fuzz)
        if response is None:
            statuses["closed"] += 1
            continue
        statuses[response.status] += 1
        seen = (response.status, fuzz.role, fuzz.method, fuzz.path[:100], (fuzz.body or b"")[:60],
                fuzz.content_type, {name: value[:40] for name, value in fuzz.headers.items()})
        if response.status >= 500 and not (response.status == 503 and route in NEEDS_RASA):
            crashes.append(seen)
        elif (response.status >= 400 and route.startswith("/api/") and fuzz.method != "HEAD"
              and len(fuzz.path) < HTTP_PARSER_LINE_LIMIT):
            # An error from the gateway is JSON with a reason, never an HTML page.
            if response.content_type != "application/json" or "error" not in await response.json():
                without_reason.append(seen)
        # Back to the pool: a client holds at most 100 connections, and unread answers keep theirs. Read
        # first: a large answer (/metrics) released unread leaves the next request on that client hanging.
        await response.read()
        response.release()
        if route in ("/api/logout", "/api/dev/login") or fuzz.role is None:
            await log_in_again(clients[fuzz.role], fuzz.role, ROLES[fuzz.role])  # keep each session its role
    assert crashes == [], "\n".join(map(repr, crashes))
    assert without_reason == [], "\n".join(map(repr, without_reason))
    print(f"{len(cases)} requests: {dict(sorted(statuses.items(), key=str))}")
