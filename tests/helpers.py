"""What the tests share: the conversations action tests run on (trackers as the action server gets
them from Rasa, built with Rasa's own tracker and, for a form's validation, Rasa's own slot mappings
from domain.yml), talking to the gateway as a user, the rows the stack wrote, and the training data."""
from __future__ import annotations

import json
import urllib.request
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple
from zoneinfo import ZoneInfo

import yaml
from rasa.core.actions.action import ActionExtractSlots
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import inspect, select

from bot.gateway.rasa_client import CHANNEL_PATH
from bot.internal_auth import SECRET_HEADER
from bot.store.db import Database
from bot.store.models import User
from bot.store.users import record_login

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SENDER = "citizen-anna"


@lru_cache(maxsize=1)
def domain() -> Domain:
    """The assistant's domain: the schema with each journey's responses merged in, as Rasa loads it."""
    return Domain.load([str(PROJECT_ROOT / "domain.yml"), str(PROJECT_ROOT / "data" / "responses")])


def domain_dict() -> Dict[str, Any]:
    """The domain as the action server receives it."""
    return domain().as_dict()


def message(text: str, intent: str = "inform", entities: Optional[List[dict]] = None, confidence: float = 1.0,
            **parse: Any) -> Dict[str, Any]:
    """A user message event; `parse` adds to what NLU found (e.g. "response_selector")."""
    intent_found = {"name": intent, "confidence": confidence}
    return UserUttered(text, intent_found, entities or [], parse_data=parse or None).as_dict()


def make_tracker(text: str, intent: str = "inform", slots: Optional[Dict[str, Any]] = None, *,
                 sender: str = SENDER, entities: Optional[List[dict]] = None, earlier: Iterable[dict] = (),
                 active_loop: Optional[str] = None, **parse: Any) -> Tracker:
    """The conversation an action runs on: `earlier` events, the slots, an active form, and the user's
    latest message."""
    return as_sent(_conversation(text, intent, slots, sender, entities, earlier, active_loop, (), parse))


async def answered_conversation(form: str, requested: Optional[str], text: str, intent: str = "inform",
                                slots: Optional[Dict[str, Any]] = None, *, sender: str = SENDER,
                                entities: Optional[List[dict]] = None, earlier: Iterable[dict] = (),
                                since_asked: Iterable[dict] = (), **parse: Any) -> DialogueStateTracker:
    """The conversation as Rasa has it when it runs `form` on the user's message: the form asked for
    `requested` (`since_asked` are events between the question and the message), and Rasa has put
    what the slot mappings in domain.yml take from the message into the slots (action_extract_slots).
    With `requested` None the message is about to start the form."""
    asked = [SlotSet("requested_slot", requested), ActionExecuted(form), *map(_event, since_asked)]
    tracker = _conversation(text, intent, slots, sender, entities, earlier, requested and form,
                            asked if requested else (), parse)
    extracted = await ActionExtractSlots(None).run(
        CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain().responses), tracker, domain())
    tracker.update_with_events(extracted, domain())
    return tracker


async def form_tracker(form: str, requested: Optional[str], text: str, intent: str = "inform",
                       slots: Optional[Dict[str, Any]] = None, **details: Any) -> Tracker:
    """The tracker `validate_<form>` gets when the user answers the form's question for `requested`
    (see answered_conversation for `details`): Rasa logs the form's run and hands the form's slots set
    since the message over to validation (FormAction.validate). With `requested` None the message
    starts the form, and Rasa hands over the form's slots that are already filled (FormAction.activate)."""
    tracker = await answered_conversation(form, requested, text, intent, slots, **details)
    required = domain().required_slots_for_form(form)
    if requested:
        message_at = max(index for index, event in enumerate(tracker.events) if isinstance(event, UserUttered))
        candidates = [event for event in list(tracker.events)[message_at:]
                      if isinstance(event, SlotSet) and event.key in {*required, requested}]
    else:
        tracker.update(ActiveLoop(form))
        candidates = [SlotSet(name, tracker.get_slot(name)) for name in required if tracker.get_slot(name) is not None]
    handed_over = DialogueStateTracker.from_events(
        tracker.sender_id, tracker.events_after_latest_restart()
        + [SlotSet("requested_slot", requested), ActionExecuted(form)] + candidates, slots=domain().slots)
    return as_sent(handed_over)


def slot_events(events: Iterable[dict]) -> Dict[str, Any]:
    """The slots an action sets, by name (the last value of each)."""
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


def responses(dispatcher: CollectingDispatcher) -> List[str]:
    return [message["response"] for message in dispatcher.messages]


async def run_action(action: Any, tracker: Tracker,
                     domain_: Optional[Dict[str, Any]] = None) -> Tuple[Dict[str, Any], List[str]]:
    """Runs a custom action as the action server does: the slots it sets and the responses it utters."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {} if domain_ is None else domain_)
    return slot_events(events), responses(dispatcher)


async def validate_form(validation: Any, requested: Optional[str], text: str, intent: str = "inform",
                        slots: Optional[Dict[str, Any]] = None, **details: Any) -> Tuple[Dict[str, Any], List[str]]:
    """Runs a form's validation action on the user's answer to `requested` (see form_tracker for
    `details`): the slots it sets and the responses it utters."""
    answered = await form_tracker(validation.form_name(), requested, text, intent, slots, **details)
    return await run_action(validation, answered, domain_dict())


def citizens(database: Database, *names: str) -> List[int]:
    """Logs each citizen in once (their id is their name in lower case): their user ids."""
    return database.run_sync(lambda session: [record_login(session, "citizen", name.lower(), name).id
                                              for name in names])


def citizen_on(today: date, database: Database, monkeypatch: Any, *modules: Any) -> Tuple[Database, int]:
    """Anna logged in as a citizen, on `today` as the action modules given (those that read the date)
    see it: the database and her user id."""
    for module in modules:
        monkeypatch.setattr(module, "today", lambda: today)
    [user_id] = citizens(database, "Anna")
    return database, user_id


def _conversation(text, intent, slots, sender, entities, earlier, active_loop, since_asked, parse):
    events: List[Event] = [*map(_event, earlier)]
    events += [SlotSet(name, value) for name, value in (slots or {}).items()]
    if active_loop:
        events.append(ActiveLoop(active_loop))
    events += [*since_asked, ActionExecuted("action_listen"), _event(message(text, intent, entities, **parse))]
    return DialogueStateTracker.from_events(sender, events, slots=domain().slots)


def _event(event: Any) -> Event:
    return event if isinstance(event, Event) else Event.from_parameters(event)


def as_sent(tracker: DialogueStateTracker) -> Tracker:
    """Rasa's tracker as the action server receives it."""
    return Tracker.from_dict(tracker.current_state(EventVerbosity.ALL))


# --- Through the gateway, with the real Rasa and action servers (tests marked rasa) ---

async def login(client, role: str = "citizen", user_id: str = "borger-1", name: str = "Test Borger") -> dict:
    response = await client.post("/api/dev/login", json={"role": role, "id": user_id, "name": name})
    assert response.status == 200, await response.text()
    return await response.json()


async def say(client, text: str) -> dict:
    """The user's message to the chat API: the body of the answer."""
    response = await client.post("/api/chat", json={"message": text})
    assert response.status == 200, await response.text()
    return await response.json()


def parse_with_rasa(stack, text: str) -> dict:
    """What the running Rasa server's NLU makes of `text`, through the gateway's channel."""
    request = urllib.request.Request(
        f"{stack.rasa_url}{CHANNEL_PATH}/model/parse", data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json", SECRET_HEADER: stack.rasa_token},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def texts(body: dict) -> str:
    return " ".join(message.get("text", "") for message in body["messages"])


def payloads(body: dict) -> List[str]:
    return [button["payload"] for message in body["messages"] for button in message["buttons"]]


async def case_of(client, user_id: str) -> dict:
    """The advisor's view of the user's active handoff case."""
    response = await client.get("/api/advisor/cases?status=active")
    assert response.status == 200
    return next(case for case in (await response.json())["cases"] if case["user_id"] == user_id)


def in_stack_database(stack, work: Callable[[Any], Any]) -> Any:
    """Runs `work(session)` in one transaction on the database of the stack's action server."""
    database = Database(stack.database_url)
    try:
        return database.run_sync(work)
    finally:
        database.dispose()


def rows(stack, query) -> list:
    return in_stack_database(stack, lambda session: session.execute(query).scalars().all())


def rows_of_user(stack, owner, external_id: str) -> list:
    """The rows whose `owner` column (e.g. JournalEntry.user_id) is the user with `external_id`, oldest first."""
    model = owner.class_
    return rows(stack, select(model).join(User, User.id == owner)
                .where(User.external_id == external_id).order_by(*inspect(model).primary_key))


def today_in_denmark() -> date:
    """Today as the running servers see it (the stack's "today" is not fixed)."""
    return datetime.now(ZoneInfo("Europe/Copenhagen")).date()


# --- Training data ---

NLU_DIR = PROJECT_ROOT / "data" / "nlu"


def nlu_examples(path: Path) -> Dict[str, List[str]]:
    """The examples of each intent in an NLU training data file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {item["intent"]: [line.strip()[2:].strip() for line in item["examples"].splitlines()
                             if line.strip().startswith("- ")]
            for item in data["nlu"] if "intent" in item}


def benefit_questions() -> Dict[str, List[str]]:
    """Benefits questions by topic, phrased apart from the training data (tests/data/benefit_questions.yml)."""
    path = PROJECT_ROOT / "tests" / "data" / "benefit_questions.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))
