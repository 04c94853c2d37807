"""Rasa's FailSafeTrackerStore would read an empty conversation and keep the turn in memory while the
database is away; with bot.tracker_store.refuse_in_memory_fallback the error reaches the channel."""
import pytest
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import OperationalError

from bot.tracker_store import RASA_FALLBACK_HANDLERS, refuse_in_memory_fallback


class DatabaseAway(InMemoryTrackerStore):
    async def retrieve(self, sender_id):
        raise OperationalError("SELECT", {}, Exception("the database system is shutting down"))

    async def retrieve_full_tracker(self, sender_id):
        return await self.retrieve(sender_id)

    async def save(self, tracker):
        raise OperationalError("INSERT", {}, Exception("the database system is shutting down"))


@pytest.fixture
def fail_safe_store(monkeypatch):
    # Rasa's own handlers for the test, whatever an earlier test started; put back as found afterwards.
    for name, handler in RASA_FALLBACK_HANDLERS.items():
        monkeypatch.setattr(FailSafeTrackerStore, name, handler)
    return FailSafeTrackerStore(DatabaseAway(Domain.empty()))


async def test_rasa_alone_forgets_the_conversation_and_keeps_the_turn_in_memory(fail_safe_store):
    assert await fail_safe_store.retrieve("citizen-1") is None  # a form in progress is gone
    await fail_safe_store.save(DialogueStateTracker("citizen-1", slots=[]))
    assert await fail_safe_store.fallback_tracker_store.retrieve("citizen-1") is not None


async def test_with_the_fallback_refused_the_error_reaches_the_caller(fail_safe_store):
    refuse_in_memory_fallback()
    with pytest.raises(OperationalError):
        await fail_safe_store.retrieve("citizen-1")
    with pytest.raises(OperationalError):
        await fail_safe_store.retrieve_full_tracker("citizen-1")
    with pytest.raises(OperationalError):
        await fail_safe_store.save(DialogueStateTracker("citizen-1", slots=[]))
    assert await fail_safe_store.fallback_tracker_store.retrieve("citizen-1") is None
