"""The windowed tracker store (bot/tracker_store.py) on SQLite and the real PostgreSQL: a long
conversation loads a bounded part, in the same state as the whole, and every event is stored once."""
import asyncio
import json

import pytest
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from bot.store.insight import EVENTS_TIME_INDEX
from bot.tracker_store import NOTED_EVENTS, WindowedSQLTrackerStore, window_start
from tests.helpers import domain

SENDER = "citizen-window"


def make_store(database_url, **window):
    url = make_url(database_url)
    config = {"dialect": url.get_backend_name(), "db": url.database}
    if url.get_backend_name() != "sqlite":
        config.update(host=url.host, port=url.port, username=url.username, password=url.password,
                      query=dict(url.query))
    return WindowedSQLTrackerStore(domain(), **config, **window)


def run(coroutine):
    return asyncio.run(coroutine)


def turn_events(number: int):
    """One turn as Rasa writes it: the user's message, slots, an action and its answer. The journal
    form runs from turn 3 to turn 12."""
    in_form = 3 <= number <= 12
    events = [UserUttered(f"besked {number}", {"name": "log_job_activity", "confidence": 1.0}),
              ActionExecuted("journal_form" if in_form else "action_journal_show"),
              SlotSet("journal_employer", f"Firma {number}")]
    if number == 3:
        events.append(ActiveLoop("journal_form"))
    if in_form:
        events.append(SlotSet("requested_slot", "journal_job_title" if number < 12 else None))
    if number == 12:
        events.append(ActiveLoop(None))
    events += [BotUttered(f"svar {number}"), ActionExecuted(ACTION_LISTEN_NAME)]
    return events


def converse(store, turns, start=1):
    """Rasa's way: retrieve (or create) the tracker, add a turn, save; returns every event added."""
    added = []
    for number in range(start, start + turns):
        tracker = run(store.retrieve(SENDER))
        if tracker is None:
            tracker = DialogueStateTracker(SENDER, domain().slots)
            first = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted(ACTION_LISTEN_NAME)]
            for event in first:
                tracker.update(event)
            added += first
        for event in turn_events(number):
            tracker.update(event)
        added += turn_events(number)
        run(store.save(tracker))
    return added


def stored_events(store):
    with store.engine.connect() as connection:
        return [json.loads(data) for (data,) in connection.execute(
            text("SELECT data FROM events WHERE sender_id = :sender ORDER BY id"), {"sender": SENDER})]


@pytest.fixture
def store(database_url):
    created = make_store(database_url, window_turns=6, compact_after_turns=10)
    yield created
    created.engine.dispose()


def users(tracker):
    return [event.text for event in tracker.events if isinstance(event, UserUttered)]


def test_a_short_conversation_loads_whole(store):
    converse(store, 10)
    tracker = run(store.retrieve(SENDER))
    assert users(tracker) == [f"besked {n}" for n in range(1, 11)]
    assert getattr(tracker, NOTED_EVENTS) == 0


def test_a_long_conversation_loads_a_bounded_part_in_the_same_state(store):
    added = converse(store, 40)
    windowed = run(store.retrieve(SENDER))
    whole = DialogueStateTracker.from_dict(SENDER, [event.as_dict() for event in added], domain().slots)

    assert 6 <= len(users(windowed)) <= 10
    assert users(windowed) == users(whole)[-len(users(windowed)):]
    assert windowed.current_slot_values() == whole.current_slot_values()
    assert windowed.active_loop_name == whole.active_loop_name
    # What the policies see of the last turns (they look back 5) is the same.
    assert windowed.past_states(domain())[-6:] == whole.past_states(domain())[-6:]
    # Nothing was lost or written twice, and the full history still has every event.
    assert [event["event"] for event in stored_events(store)] == [event.as_dict()["event"] for event in added]
    assert len(run(store.retrieve_full_tracker(SENDER)).events) == len(added)


def test_a_form_is_loaded_whole(store):
    converse(store, 12)  # the form ran from turn 3 to turn 12, longer than the window
    tracker = run(store.retrieve(SENDER))
    assert "besked 3" in users(tracker)
    converse(store, 8, start=13)
    tracker = run(store.retrieve(SENDER))
    assert "besked 3" not in users(tracker)
    assert tracker.active_loop_name is None
    assert tracker.get_slot("journal_employer") == "Firma 20"


def test_saving_a_windowed_tracker_writes_only_the_new_events(store):
    converse(store, 30)
    before = len(stored_events(store))
    tracker = run(store.retrieve(SENDER))
    tracker.update(UserUttered("en til", {"name": "greet", "confidence": 1.0}))
    run(store.save(tracker))
    run(store.save(tracker))  # saving again adds nothing
    assert len(stored_events(store)) == before + 1
    assert users(run(store.retrieve(SENDER)))[-1] == "en til"


def test_a_new_session_starts_from_its_own_first_event(store):
    converse(store, 30)
    tracker = run(store.retrieve(SENDER))
    for event in [ActionExecuted("action_session_start"), SessionStarted(),
                  SlotSet("journal_employer", "Firma 30"), ActionExecuted(ACTION_LISTEN_NAME)]:
        tracker.update(event)
    run(store.save(tracker))
    converse(store, 2, start=31)
    fresh = run(store.retrieve(SENDER))
    assert users(fresh) == ["besked 31", "besked 32"]
    assert getattr(fresh, NOTED_EVENTS) == 0
    assert fresh.get_slot("journal_employer") == "Firma 32"


def test_a_note_whose_events_are_gone_is_dropped(store):
    converse(store, 30)
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM events WHERE sender_id = :sender"), {"sender": SENDER})
    assert run(store.retrieve(SENDER)) is None
    converse(store, 2)
    assert users(run(store.retrieve(SENDER))) == ["besked 1", "besked 2"]
    assert len(stored_events(store)) == 3 + 2 * len(turn_events(1))


def test_the_window_must_cover_what_the_policies_look_back_on(tmp_path):
    with pytest.raises(ValueError, match="window_turns"):
        make_store(f"sqlite:///{tmp_path / 'x.db'}", window_turns=3, compact_after_turns=10)
    with pytest.raises(ValueError, match="window_turns"):
        make_store(f"sqlite:///{tmp_path / 'x.db'}", window_turns=8, compact_after_turns=8)


def listen():
    return {"event": "action", "name": ACTION_LISTEN_NAME}


def user(text_):
    return {"event": "user", "text": text_}


def test_the_window_starts_at_the_listen_before_the_kept_turns():
    events = [listen(), user("a"), {"event": "bot"}, listen(), user("b"), listen(), user("c")]
    assert window_start(events, 2) == 3
    assert window_start(events, 1) == 5
    assert window_start(events, 3) is None  # nothing to leave out


def test_no_window_where_a_user_message_does_not_follow_a_listen():
    events = [listen(), user("a"), listen(), user("b"), {"event": "action", "name": "utter_x"}, user("c"),
              listen(), user("d")]
    assert window_start(events, 2) == 2


def test_no_window_inside_a_form():
    form_on = {"event": "active_loop", "name": "journal_form"}
    form_off = {"event": "active_loop", "name": None}
    events = [listen(), user("a"), form_on, listen(), user("b"), listen(), user("c"), form_off, listen(), user("d")]
    assert window_start(events, 1) == 8
    assert window_start(events, 2) is None  # only before "a", where nothing is left out
    assert window_start([listen(), user("a"), listen(), user("b"), listen(), user("c")], 1,
                        active_loop_at_start="journal_form") is None


def test_the_store_indexes_the_events_by_time_for_the_insight_page_and_the_retention_job(database_url):
    store = make_store(database_url)
    store.engine.dispose()
    again = make_store(database_url)  # a second Rasa process starting: the index is there already
    indexes = inspect(again.engine).get_indexes("events")
    assert any(index["name"] == EVENTS_TIME_INDEX and index["column_names"] == ["timestamp"] for index in indexes)
    again.engine.dispose()
