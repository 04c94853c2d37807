"""The data-rights requests with the real Rasa and action servers: answered by the gateway in the
middle of a form, written into the conversation, and the form goes on where it was."""
import pytest

from bot.store.models import JournalEntry
from tests.helpers import login, rows_of_user, say, texts

pytestmark = pytest.mark.rasa


async def test_a_request_for_my_data_inside_a_form_is_answered_and_the_form_goes_on(gateway, rasa_stack):
    await login(gateway, "citizen", "rights-in-form", "Rikke")
    assert "Hvilket job" in texts(await say(gateway, "jeg har søgt et job hos Netto"))
    answer = await say(gateway, "kan jeg faa en kopi af mine data")
    [message] = answer["messages"]
    assert message["text"].startswith("Du kan hente alt") and len(message["downloads"]) == 3
    assert "Hvilken dag" in texts(await say(gateway, "kassemedarbejder"))
    assert "Hvordan søgte du" in texts(await say(gateway, "i går"))
    summary = await say(gateway, "Jobopslag")
    assert "Stilling: kassemedarbejder" in texts(summary) and "Arbejdsgiver: Netto" in texts(summary)
    await say(gateway, "ja")
    [entry] = rows_of_user(rasa_stack, JournalEntry.user_id, "rights-in-form")
    assert (entry.employer, entry.job_title) == ("Netto", "kassemedarbejder")

    history = [(line["sender"], line["text"])
               for line in (await (await gateway.get("/api/chat/history")).json())["messages"]]
    asked = history.index(("user", "kan jeg faa en kopi af mine data"))
    assert history[asked + 1][0] == "bot" and history[asked + 1][1].startswith("Du kan hente alt")


async def test_an_erasure_request_in_english_is_answered_in_english_with_the_reference(gateway, rasa_stack):
    await login(gateway, "citizen", "rights-english", "Emma")
    [message] = (await say(gateway, "please delete all my personal data"))["messages"]
    assert message["text"].startswith("I have sent your request") and "JA-" in message["text"]
    # The model goes on as before.
    assert "dagpenge" in texts(await say(gateway, "hvad er dagpenge")).lower()
