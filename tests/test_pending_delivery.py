"""A message kept while Rasa was down is answered by the real Rasa once it is back: a gateway that cannot
reach Rasa keeps it, and a gateway on the same database that can delivers it, once, in order."""
import asyncio
from dataclasses import replace

import pytest
from sqlalchemy import select

from bot.gateway.app import init_app
from bot.store.db import Database
from bot.store.models import PendingMessage
from tests.conftest import AT_SCRIPT_SPEED, free_port
from tests.helpers import login, texts

pytestmark = pytest.mark.rasa

NEXT_JOURNAL_QUESTION = "Hvilket job"


@pytest.fixture
async def shared_database(rasa_stack):
    database = Database(rasa_stack.database_url)
    yield database
    database.dispose()


def kept_texts(database, external_id):
    return database.run_sync(lambda session: [row.text for row in session.execute(
        select(PendingMessage).where(PendingMessage.user_external_id == external_id)
        .order_by(PendingMessage.id)).scalars()])


async def test_a_message_kept_while_rasa_was_down_is_answered_once_when_it_is_back(rasa_stack, aiohttp_client,
                                                                                   shared_database):
    down = await aiohttp_client(init_app(replace(rasa_stack, rasa_port=free_port(), action_port=free_port(),
                                                 **AT_SCRIPT_SPEED), shared_database))
    await login(down, "citizen", "kept-netto")
    kept = await down.post("/api/chat", json={"message": "jeg har søgt et job hos Netto"})
    assert kept.status == 503 and (await kept.json())["pending"] is True
    assert kept_texts(shared_database, "kept-netto") == ["jeg har søgt et job hos Netto"]

    back = await aiohttp_client(init_app(replace(rasa_stack, **AT_SCRIPT_SPEED), shared_database))
    await login(back, "citizen", "kept-netto")
    # Two polls at once (two tabs): the message reaches Rasa once.
    answers = await asyncio.gather(*(back.post("/api/chat/pending", json={}) for _ in range(2)))
    bodies = [await answer.json() for answer in answers]

    assert sum(texts(body).count(NEXT_JOURNAL_QUESTION) for body in bodies) == 1
    [delivered] = [body for body in bodies if NEXT_JOURNAL_QUESTION in texts(body)]
    assert delivered["pending"] == 0
    assert kept_texts(shared_database, "kept-netto") == []
    again = await back.post("/api/chat/pending", json={})
    assert again.status == 200 and await again.json() == {"messages": [], "pending": 0}
    history = (await (await back.get("/api/chat/history")).json())["messages"]
    assert [m["text"] for m in history if m["sender"] == "user"] == ["jeg har søgt et job hos Netto"]


async def test_a_new_message_goes_after_the_kept_ones_once_rasa_is_back(rasa_stack, aiohttp_client, shared_database):
    down = await aiohttp_client(init_app(replace(rasa_stack, rasa_port=free_port(), action_port=free_port(),
                                                 **AT_SCRIPT_SPEED), shared_database))
    await login(down, "citizen", "kept-order")
    assert (await down.post("/api/chat", json={"message": "jeg har søgt et job hos Netto"})).status == 503

    back = await aiohttp_client(init_app(replace(rasa_stack, **AT_SCRIPT_SPEED), shared_database))
    await login(back, "citizen", "kept-order")
    answer = await back.post("/api/chat", json={"message": "som kassemedarbejder"})

    assert answer.status == 200
    shown = texts(await answer.json())
    # The kept message first (the form asks for the job), then the new one answers that question.
    assert NEXT_JOURNAL_QUESTION in shown and "Hvilken dag" in shown
    assert shown.index(NEXT_JOURNAL_QUESTION) < shown.index("Hvilken dag")
    assert kept_texts(shared_database, "kept-order") == []
    history = (await (await back.get("/api/chat/history")).json())["messages"]
    assert [m["text"] for m in history if m["sender"] == "user"] == ["jeg har søgt et job hos Netto",
                                                                     "som kassemedarbejder"]
