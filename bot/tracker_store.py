"""Rasa's SQL tracker store, loading only the recent part of a long conversation.

Rasa reads every event of the current session on every turn, works out the dialogue state of each
earlier turn for its policies and sends all of it to the action server: a turn costs more the
longer the conversation is (profiled: turn 100 took 3× turn 1). What a turn needs is the values of
the slots, the active form, and the last few turns (the policies look back 5, an advisor's case the
last 10 messages). So once a session holds more than `compact_after_turns` user messages, the store
notes the slots and the active form as they were just before the `window_turns`-th last user
message (table `tracker_windows`), and from then on loads that note plus the events after it.

Nothing is deleted or rewritten: every event stays in Rasa's `events` table, the full history
(`retrieve_full_tracker`, the chat history, an advisor's transcript) reads all of it, and a new
session starts from its own first event as before. Configured in endpoints.yml by bot/launcher.py:
    tracker_store: {type: bot.tracker_store.WindowedSQLTrackerStore, dialect: ..., db: ...,
                    window_turns: 8, compact_after_turns: 16}
"""
from __future__ import annotations

import itertools
import json
import logging
from typing import Any, Dict, Iterator, List, Optional, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActiveLoop, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.orm import declarative_base

from bot.store.db import server_engine_options
from bot.store.insight import add_events_time_index

logger = logging.getLogger(__name__)

DEFAULT_WINDOW_TURNS = 8
DEFAULT_COMPACT_AFTER_TURNS = 16
# How many events of a loaded tracker are the note's, not stored events: set on every tracker this
# store returns, read when Rasa saves it, so that only the events added since are written.
NOTED_EVENTS = "_jobassistent_noted_events"

WindowBase = declarative_base()


class TrackerWindow(WindowBase):
    """Where the loaded part of a conversation starts, and the state of the conversation there."""

    __tablename__ = "tracker_windows"

    sender_id = sa.Column(sa.String(255), primary_key=True)
    first_event_id = sa.Column(sa.Integer, nullable=False)
    slots = sa.Column(sa.Text, nullable=False)
    active_loop = sa.Column(sa.String(255))


def window_start(events: List[Dict[str, Any]], window_turns: int, active_loop_at_start: Optional[str] = None
                 ) -> Optional[int]:
    """Index of the `action_listen` where the loaded part can start: the latest one that comes right
    before a user message, leaves at least `window_turns` user messages after it, and is outside any
    form (Rasa folds a form's turns back to where the form began, so a form is loaded whole). None
    when there is no such place."""
    places = []
    active_loop = active_loop_at_start
    for index, event in enumerate(events):
        kind = event.get("event")
        if kind == "active_loop":
            active_loop = event.get("name")
        elif (kind == "user" and index > 0 and not active_loop and events[index - 1].get("event") == "action"
              and events[index - 1].get("name") == ACTION_LISTEN_NAME):
            places.append(index - 1)
    user_count_after = {}
    users_seen = 0
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "user":
            users_seen += 1
        user_count_after[index] = users_seen
    fitting = [place for place in places if user_count_after[place] >= window_turns and place > 0]
    return fitting[-1] if fitting else None


def noted_events(slots: Dict[str, Any], active_loop: Optional[str]) -> List[Dict[str, Any]]:
    """The events that put a fresh tracker in the noted state, as Rasa's own session start does
    (slots carried over), without its session-start events: this is still the same session."""
    events = [SlotSet(name, value).as_dict() for name, value in slots.items()]
    if active_loop:
        events.append(ActiveLoop(active_loop).as_dict())
    return events


class WindowedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, domain=None, window_turns: int = DEFAULT_WINDOW_TURNS,
                 compact_after_turns: int = DEFAULT_COMPACT_AFTER_TURNS, **kwargs: Any) -> None:
        if not 5 <= int(window_turns) < int(compact_after_turns):
            # The policies look back 5 turns (max_history in config.yml).
            raise ValueError("window_turns must be at least 5 and less than compact_after_turns")
        self.window_turns = int(window_turns)
        self.compact_after_turns = int(compact_after_turns)
        super().__init__(domain, **kwargs)
        if self.engine.dialect.name != "sqlite":
            self._outlive_database_restarts()
        try:
            WindowBase.metadata.create_all(self.engine)
            add_events_time_index(self.engine)
        except (sa.exc.OperationalError, sa.exc.ProgrammingError, sa.exc.IntegrityError) as error:
            # Several Rasa processes starting at once may race to create them, as for Rasa's own table.
            logger.error("Could not create the tracker_windows table or the events' time index: %s", error)

    def _outlive_database_restarts(self) -> None:
        """Rasa's engine hands out pooled connections untested: after a PostgreSQL restart each of them
        is dead, and the turn that draws one fails. The same engine (Rasa's pool size and schema), made
        again with the options of the app's own engine (bot/store/db.py)."""
        rasa_engine = self.engine
        options = create_engine_kwargs(rasa_engine.url)
        ours = server_engine_options(rasa_engine.url)
        connect_args = {**ours.pop("connect_args", {}), **options.pop("connect_args", {})}
        self.engine = sa.create_engine(rasa_engine.url, **options, **ours, connect_args=connect_args)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        rasa_engine.dispose()

    def _loaded_from(self, session, sender_id: str) -> Tuple[Optional[int], Optional[TrackerWindow]]:
        """(id of the first event to load, the note to start from) for the current session."""
        session_start = session.query(sa.func.max(self.SQLEvent.id)).filter(
            self.SQLEvent.sender_id == sender_id, self.SQLEvent.type_name == SessionStarted.type_name,
        ).scalar()
        window = session.get(TrackerWindow, sender_id)
        if window is not None and window.first_event_id > (session_start or 0):
            return window.first_event_id, window
        return session_start, None

    def _stored_query(self, session, sender_id: str, first_id: Optional[int]):
        query = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id)
        if first_id is not None:
            query = query.filter(self.SQLEvent.id >= first_id)
        return query

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        with self.session_scope() as session:
            first_id, window = self._loaded_from(session, sender_id)
            rows = self._stored_query(session, sender_id, first_id).order_by(self.SQLEvent.id).all()
            if not rows and window is not None:
                # The events it noted are gone (deleted as expired): so is the note.
                session.delete(window)
                session.commit()
                first_id, window = self._loaded_from(session, sender_id)
                rows = self._stored_query(session, sender_id, first_id).order_by(self.SQLEvent.id).all()
            if not rows or not self.domain:
                return None
            events = [json.loads(row.data) for row in rows]
            noted = noted_events(json.loads(window.slots), window.active_loop) if window else []
            if sum(1 for event in events if event.get("event") == "user") > self.compact_after_turns:
                start = window_start(events, self.window_turns, window.active_loop if window else None)
                if start is not None:
                    before = DialogueStateTracker.from_dict(sender_id, noted + events[:start], self.domain.slots)
                    slots = {name: slot.value for name, slot in before.slots.items()
                             if slot.value != slot.initial_value}
                    window = session.merge(TrackerWindow(
                        sender_id=sender_id, first_event_id=rows[start].id,
                        slots=json.dumps(slots), active_loop=before.active_loop_name))
                    session.commit()
                    noted, events = noted_events(slots, before.active_loop_name), events[start:]
            tracker = DialogueStateTracker.from_dict(sender_id, noted + events, self.domain.slots)
            setattr(tracker, NOTED_EVENTS, len(noted))
            return tracker

    def _additional_events(self, session, tracker: DialogueStateTracker) -> Iterator:
        first_id, _ = self._loaded_from(session, tracker.sender_id)
        stored = self._stored_query(session, tracker.sender_id, first_id).count()
        skipped = getattr(tracker, NOTED_EVENTS, 0) + stored
        return itertools.islice(tracker.events, skipped, len(tracker.events))


# Rasa's own handlers, for the tests that show what they do.
RASA_FALLBACK_HANDLERS = {name: getattr(FailSafeTrackerStore, name)
                          for name in ("on_tracker_store_error", "on_tracker_store_retrieve_error")}


def _refuse_the_turn(self: FailSafeTrackerStore, error: Exception) -> None:
    logger.error("The tracker store failed (%s); the turn is refused instead of kept in memory",
                 type(error).__name__)
    raise error


def refuse_in_memory_fallback() -> None:
    """Rasa wraps every tracker store in a FailSafeTrackerStore that, when the database is away, reads an
    empty conversation and saves the turn in the process's memory: a form in progress is forgotten, the
    user gets an answer to a question nobody asked, and the turn is lost when the database is back. With
    this the error reaches the gateway channel instead, which answers 503, and the gateway keeps the
    message until the turn can be stored. Called by the channel when Rasa starts (bot/rasa_channel.py)."""
    FailSafeTrackerStore.on_tracker_store_error = _refuse_the_turn
    FailSafeTrackerStore.on_tracker_store_retrieve_error = _refuse_the_turn
