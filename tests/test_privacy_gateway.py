"""No CPR number and no health detail is kept, end to end through the gateway with the real Rasa and action
servers: a conversation full of both as citizen, employer and advisor – with a handoff, a takeover, button
payloads and a rejected posting – then a search of every table (Rasa's events too), the servers' log files,
the gateway's log and what the advisor and the users are shown."""
import asyncio
import json
import logging
import re
from datetime import timedelta

import pytest
from sqlalchemy import inspect, select, text

from bot.privacy import CPR_PLACEHOLDER, HEALTH_PLACEHOLDER, find_cpr_numbers, is_health_word, privacy_notice
from bot.store import vacancy as vacancy_store
from bot.store.db import Database
from bot.store.models import CaseMessage, HandoffCase, User, Vacancy
from bot.store.users import record_login
from tests.helpers import case_of, in_stack_database, login, payloads, rows, texts, today_in_denmark

pytestmark = pytest.mark.rasa

CITIZEN, EMPLOYER, ADVISOR = "privacy-citizen", "privacy-employer", "privacy-advisor"
# Every CPR number typed below, compact; searched for literally as well as by shape.
TYPED_CPR_NUMBERS = ("0101901234", "3112991234", "2110625629", "0101054321", "2902604001")
# Health words typed below: none may be found in the users' rows or views.
TYPED_HEALTH_WORDS = ("brystkræft", "kræften", "kræft", "depressionen", "gravid", "pregnant", "angst",
                      "stress", "rygoperation", "alkoholmisbrug", "kemoterapi", "hiv", "depression",
                      "leukæmi", "graviditeten")


def notices_in(bodies, kind, role, language="da"):
    notice = privacy_notice(kind, role, language)
    return sum(message.get("text") == notice for body in bodies for message in body["messages"])


async def say(client, message):
    """The user's message to the chat API: the body of the answer, after waiting out the rate limit."""
    for _ in range(10):
        response = await client.post("/api/chat", json={"message": message})
        if response.status != 429:
            assert response.status == 200, await response.text()
            return await response.json()
        await asyncio.sleep(int(response.headers.get("Retry-After", "1")))
    raise AssertionError("still rate limited")


async def say_all(client, *messages):
    return [await say(client, message) for message in messages]


async def citizen_talks_to_the_assistant(gateway):
    """The first login: CPR numbers and health words typed, in a payload, in English, then a handoff."""
    await login(gateway, "citizen", CITIZEN, "Anna 010190-1234")
    bodies = await say_all(
        gateway,
        "hej, mit cpr er 010190-1234",
        "jeg er syg og har brystkræft, cpr 0101901234",
        "/stop",
        '/log_job_activity{"journal_note":"cpr 01 01 90 12 34 og depressionen"}',
        "/stop",
        "jeg sogte som lagerarbejder hos bilka igar via jobnet, cpr 311299-1234, selvom jeg er gravid",
    )
    bodies.append(await say(gateway, "ja" if "/affirm" in payloads(bodies[-1]) else "/stop"))
    bodies += await say_all(gateway, "my CPR number is 3112991234 and I am pregnant",
                            "jeg vil gerne tale med en medarbejder om kræften", "/ask_human", "/choose_chat")
    assert "JA-" in texts(bodies[-1])
    return bodies


async def test_no_cpr_number_or_health_detail_is_kept_anywhere(gateway, rasa_stack, caplog):
    caplog.set_level(logging.DEBUG)

    # A citizen: told once per login why, in the chat and in the history.
    first_login = await citizen_talks_to_the_assistant(gateway)
    assert notices_in(first_login, "cpr", "citizen") == 1
    assert notices_in(first_login, "health", "citizen") == 1
    assert "CPR-nummer" in texts(first_login[0])  # said right after the answer to the first CPR number
    history = (await (await gateway.get("/api/chat/history")).json())["messages"]
    assert [m["text"] for m in history].count(privacy_notice("cpr", "citizen", "da")) == 1
    said = " ".join(m["text"] for m in history if m["sender"] == "user")
    assert CPR_PLACEHOLDER in said and HEALTH_PLACEHOLDER in said

    # The advisor takes over and writes a CPR number and a health word: kept without them, and told why.
    await login(gateway, "advisor", ADVISOR, "Rita")
    case = await case_of(gateway, CITIZEN)
    assert CPR_PLACEHOLDER in json.dumps(case["summary"], ensure_ascii=False)  # the handoff summary
    assert (await gateway.post(f"/api/advisor/cases/{case['id']}/claim", json={})).status == 200
    written = "Hej Anna. Jeg kan se dit cpr 010190-1234 – hvordan går det med kræften?"
    sent = await gateway.post(f"/api/advisor/cases/{case['id']}/messages", json={"text": written})
    assert sent.status == 201
    sent = await sent.json()
    assert sent["message"]["text"] == (f"Hej Anna. Jeg kan se dit cpr {CPR_PLACEHOLDER} – hvordan går det med "
                                       f"{HEALTH_PLACEHOLDER}?")
    assert sent["notice"] == " ".join(privacy_notice(kind, "advisor", "da") for kind in ("cpr", "health"))

    # The citizen, logged in again, writes to the advisor: relayed without them; told again (a new login).
    await login(gateway, "citizen", CITIZEN, "Anna")
    relayed = await say(gateway, "mit cpr er 211062-5629 og jeg har angst efter kemoterapi")
    assert relayed["handoff"]["status"] == "claimed"
    assert [m["text"] for m in relayed["messages"]] == [privacy_notice("cpr", "citizen", "da"),
                                                        privacy_notice("health", "citizen", "da")]
    again = await say(gateway, "og 010105-4321 er min søns, han har hiv")
    assert again["messages"] == []  # once per login: the assistant stays silent during the takeover

    await login(gateway, "advisor", ADVISOR, "Rita")
    live = (await (await gateway.get(f"/api/advisor/cases/{case['id']}/messages?after=0")).json())["messages"]
    assert (f"mit cpr er {CPR_PLACEHOLDER} og jeg har {HEALTH_PLACEHOLDER} efter {HEALTH_PLACEHOLDER}"
            in [m["text"] for m in live])
    closed = await gateway.post(f"/api/advisor/cases/{case['id']}/close",
                                json={"note": "Borger 0101901234 har brystkræft og stress"})
    note = (await closed.json())["case"]["close_note"]
    assert note == f"Borger {CPR_PLACEHOLDER} har {HEALTH_PLACEHOLDER} og {HEALTH_PLACEHOLDER}"

    # An employer writes about an employee, and asks for a person.
    await login(gateway, "employer", EMPLOYER, "Bakken Bageri")
    employer = await say_all(gateway, "min medarbejder 010190-1234 har leukæmi og er sygemeldt med stress",
                             "/ask_human", "/choose_written")
    assert notices_in(employer, "cpr", "employer") == 1 and notices_in(employer, "health", "employer") == 1
    assert "heller ikke" in privacy_notice("health", "employer", "da")

    # An advisor writes to the assistant, and rejects a posting with a reason.
    await login(gateway, "advisor", ADVISOR, "Rita")
    advisor = await say_all(gateway, "borgeren med cpr 2902604001 har en depression og en rygoperation bag sig")
    assert notices_in(advisor, "cpr", "advisor") == 1 and notices_in(advisor, "health", "advisor") == 1
    posting = in_stack_database(rasa_stack, lambda session: vacancy_store.create(
        session, record_login(session, "employer", EMPLOYER, "Bakken Bageri").id, {
            "company": "Bakken Bageri", "cvr": "13748136", "contact_person": "Mette", "email": "mette@bakken.dk",
            "phone": "23456789", "job_title": "opvasker", "tasks": "opvask", "hours_per_week": 10,
            "postcode": "2100", "start_date": today_in_denmark() + timedelta(days=14), "duration_kind": "ongoing",
            "requirements": "", "suits_far_from_labour_market": True}).id)
    rejected = await gateway.post(f"/api/advisor/vacancies/{posting}/reject",
                                  json={"reason": "Kontaktpersonen 3112991234 er gravid, skriv en anden"})
    assert (await rejected.json())["vacancy"]["review_reason"] == \
        f"Kontaktpersonen {CPR_PLACEHOLDER} er {HEALTH_PLACEHOLDER}, skriv en anden"

    # A CPR number is no login id.
    refused = await gateway.post("/api/dev/login", json={"role": "citizen", "id": "0101901234", "name": "x"})
    assert refused.status == 400

    # The search.
    views = await everything_shown(gateway)
    tables, cells = database_cells(rasa_stack)
    logs = {path.name: path.read_text(errors="replace") for path in (rasa_stack.var_dir / "log").glob("*.log")}
    logs["gateway (in-process)"] = caplog.text
    # A request id is 32 random hex digits, and now and then ten of them in a row look like a CPR number
    # ("…b37a1207090433af", seen in CI): ids are no personal data, so they are left out of the search.
    logs = {name: REQUEST_ID.sub("", text) for name, text in logs.items()}
    found = {
        "database": cpr_hits(cells),
        "logs": cpr_hits(logs.values()),
        "advisor and user views": cpr_hits(views),
    }
    print(f"\nSearched {len(tables)} tables ({', '.join(sorted(tables))}), {len(cells)} text cells, "
          f"{len(logs)} logs ({', '.join(sorted(logs))}, {sum(map(len, logs.values()))} characters) and "
          f"{len(views)} advisor and user views for CPR numbers: {found}")
    assert {"events", "users", "handoff_cases", "case_messages", "audit_log", "vacancies"} <= tables
    assert found == {"database": [], "logs": [], "advisor and user views": []}

    ours = our_cells(rasa_stack)
    health = {"database": health_hits(ours), "logs": typed_health_hits(logs.values()),
              "advisor and user views": health_hits(views)}
    print(f"Searched {len(ours)} of our users' cells, the logs and the views for health words: {health}")
    assert health == {"database": [], "logs": [], "advisor and user views": []}
    assert any(CPR_PLACEHOLDER in cell for cell in ours) and any(HEALTH_PLACEHOLDER in cell for cell in ours)


async def everything_shown(gateway):
    """Every advisor view of our users' cases and postings, and what each user is shown, as JSON text."""
    shown = []
    await login(gateway, "advisor", ADVISOR, "Rita")
    for status in ("open", "claimed", "closed", "active"):
        shown.append(await (await gateway.get(f"/api/advisor/cases?status={status}")).text())
    cases = [case for case in (await (await gateway.get("/api/advisor/cases?status=closed")).json())["cases"]
             + (await (await gateway.get("/api/advisor/cases?status=active")).json())["cases"]
             if case["user_id"] in (CITIZEN, EMPLOYER)]
    assert {case["user_id"] for case in cases} == {CITIZEN, EMPLOYER}
    for case in cases:
        shown.append(await (await gateway.get(f"/api/advisor/cases/{case['id']}")).text())
        shown.append(await (await gateway.get(f"/api/advisor/cases/{case['id']}/messages?after=0")).text())
    shown.append(await (await gateway.get("/api/advisor/vacancies")).text())
    shown.append(await (await gateway.get("/api/chat/history")).text())
    for role, user, paths in (("citizen", CITIZEN, ("/api/me/journal", "/api/me/profile", "/api/me/sick-leave")),
                              ("employer", EMPLOYER, ("/api/me/vacancies",))):
        await login(gateway, role, user)
        for path in ("/api/chat/history", "/api/chat/updates?after=0", *paths):
            shown.append(await (await gateway.get(path)).text())
    return [_decoded(view) for view in shown]


def _decoded(cell: str) -> str:
    """JSON with its escapes undone (a non-breaking space or "ø" stored as \\u00a0 is searched as typed)."""
    try:
        return cell + "\n" + json.dumps(json.loads(cell), ensure_ascii=False)
    except ValueError:
        return cell


# A UUID, with or without dashes, or a SHA-256 digest.
_HEX_ID = re.compile(r"\b(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}|[0-9a-f]{64})\b")


def database_cells(stack):
    """The names of every table of the stack's database, and every non-empty cell of every row, as text.
    Hashes and ids are left out: a hex digest or a UUID (Rasa's message ids) holds no user text, but can
    hold ten digits that read as a CPR number."""
    database = Database(stack.database_url)
    try:
        tables = set(inspect(database.engine).get_table_names())
        with database.engine.connect() as connection:
            cells = [_HEX_ID.sub("", _decoded(str(value))) for table in tables
                     for row in connection.execute(text(f'SELECT * FROM "{table}"'))
                     for column, value in row._mapping.items()
                     if value not in (None, "") and not column.endswith("_hash")]
    finally:
        database.dispose()
    return tables, cells


def our_cells(stack):
    """The cells of the rows of this test's users: their Rasa events, users, cases, case messages and postings."""
    senders = [f"citizen-{CITIZEN}", f"employer-{EMPLOYER}", f"advisor-{ADVISOR}"]
    database = Database(stack.database_url)
    try:
        with database.engine.connect() as connection:
            events = connection.execute(text("SELECT data FROM events WHERE sender_id IN (:a, :b, :c)"),
                                        dict(zip("abc", senders))).scalars().all()
    finally:
        database.dispose()
    ids = (CITIZEN, EMPLOYER, ADVISOR)
    cases = rows(stack, select(HandoffCase).where(HandoffCase.user_external_id.in_(ids)))
    messages = rows(stack, select(CaseMessage).where(CaseMessage.case_id.in_([case.id for case in cases])))
    users = rows(stack, select(User).where(User.external_id.in_(ids)))
    postings = rows(stack, select(Vacancy).join(User, User.id == Vacancy.employer_user_id)
                    .where(User.external_id == EMPLOYER))
    cells = [_decoded(event) for event in events]
    for row in [*cases, *messages, *users, *postings]:
        cells += [str(value) for value in vars(row).values() if isinstance(value, str)]
    return cells


REQUEST_ID = re.compile(r"\b[0-9a-f]{32}\b")


def cpr_hits(texts_searched):
    hits = []
    for searched in texts_searched:
        hits += find_cpr_numbers(searched)
        hits += [number for number in TYPED_CPR_NUMBERS if number in searched]
    return hits


def health_hits(texts_searched):
    return sorted({word for searched in texts_searched for word in re.findall(r"[^\W\d_]+", searched)
                   if is_health_word(word)})


def typed_health_hits(texts_searched):
    # A server log has words of its own ("operation" in TensorFlow's notes): only what was typed is looked for.
    return sorted({word for searched in texts_searched for word in re.findall(r"[^\W\d_]+", searched.lower())
                   if word in TYPED_HEALTH_WORDS})
