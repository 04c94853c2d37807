"""What every form shares: a message is first read as the answer to the field the form asked for,
only a clear interrupt (crisis, stop, a person, a question) leaves the form; and the summary that a
form with a draft ends with, to confirm or correct."""
from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any, Callable, Collection, Dict, List, Optional, Pattern, Text, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker, utils
from rasa_sdk.events import ActionExecutionRejected, ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions.common import in_language, language_of, latest_intent, latest_text, person_button
from bot.rules.form_interrupts import form_interrupt
from bot.rules.reading import read_yes_no, value_after_no

logger = logging.getLogger(__name__)


def interrupt_of(tracker: Tracker) -> Optional[str]:
    """"crisis", "stop", "person" or "question" when the latest message leaves the form."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    return form_interrupt(intent.get("name"), float(intent.get("confidence") or 0.0), latest_text(tracker))


class ReadingFormValidation(FormValidationAction):
    """The validation of every form; the only code in actions/ that reaches into rasa-sdk's forms.

    Rasa puts the message, as typed, into the slot the form asked for (the `from_text` mappings in
    domain.yml). On a clear interrupt this empties the slot again and rejects the form, so the rules
    take the message; otherwise the journey reads the answer (`read_answer`, which may fill several
    slots from one message), each slot read goes through its `validate_<slot>`, and every slot read
    is passed on, also those the form never asks for (a place, a note, a duplicate flag).
    """

    # False for a form whose slot mapping itself leaves out what is no answer (`not_intent`, as the
    # phone form's does): Rasa then rejects the form when it finds nothing to fill.
    reads_interrupts = True

    @abstractmethod
    def name(self) -> Text:
        """validate_<form name>"""

    async def read_opening(self, dispatcher: CollectingDispatcher,
                           tracker: Tracker) -> Optional[Dict[Text, Any]]:
        """The slots the message that started the form fills, read as the form starts (before it
        asks anything); None leaves what the journey's prefill set to be validated as usual."""
        return None

    async def read_answer(self, requested: Text, text: Text, dispatcher: CollectingDispatcher,
                          tracker: Tracker) -> Dict[Text, Any]:
        """The slots a typed answer to `requested` fills; by default the text itself, which the
        slot's `validate_<slot>` reads."""
        return {requested: text}

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        if requested is None or _starts_on_latest_message(tracker, self.form_name()):
            return await self._start(requested, dispatcher, tracker, domain)
        answered, answer = self._answer(tracker, requested, domain)
        if not answered:
            return await self._validated({}, dispatcher, tracker, domain)
        if self.reads_interrupts and interrupt_of(tracker):
            # Rejected, the form gives the message to the rules, as when Rasa finds nothing to fill.
            return [SlotSet(requested, None), ActionExecutionRejected(self.form_name())]
        _forget_raw_answer(tracker, requested)
        if isinstance(answer, str):
            read = await self.read_answer(requested, answer, dispatcher, tracker)
        else:  # a yes or no Rasa read from the intent (a `from_intent` mapping)
            read = {requested: answer}
        # A slot the answer did not fill is asked again, not left holding the raw text.
        read.setdefault(requested, None)
        events = await self._validated(read, dispatcher, tracker, domain)
        if not _filled(requested, events) and \
                times_said_in_this_form(tracker, f"utter_ask_{requested}") >= TRIES_BEFORE_A_WAY_OUT:
            offer_a_way_out(dispatcher, tracker)
        return events

    async def _start(self, leftover: Optional[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> List[EventType]:
        """The form starts: what the opening message says, and the slots the journey's prefill set.
        A requested slot is left over from a form an interrupt did not end; when the two forms share
        it, Rasa has put the message in it, and that is no answer."""
        undone = {}
        if leftover is not None and leftover in tracker.slots_to_validate():
            _forget_raw_answer(tracker, leftover)
            undone = {leftover: None}
        opening = await self.read_opening(dispatcher, tracker)
        if opening is not None:
            return [SlotSet(name, value) for name, value in {**undone, **opening}.items()]
        return await self._validated(undone, dispatcher, tracker, domain)

    def _answer(self, tracker: Tracker, requested: Text, domain: DomainDict) -> Tuple[bool, Any]:
        """(True, the answer) when this run reads an answer to `requested`: the value Rasa put in
        it from the latest message, or what the slot's mappings take from that message when Rasa
        skipped the slot (see _skipped_while_rejected). (False, None) when the form comes back
        after an interrupt the rules answered."""
        candidates = tracker.slots_to_validate()
        if requested in candidates:
            return True, candidates[requested]
        if self.reads_interrupts and _skipped_while_rejected(tracker, self.form_name()):
            return True, _mapped_answer(tracker, requested, domain)
        return False, None

    async def _validated(self, read: Dict[Text, Any], dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> List[EventType]:
        """rasa-sdk validates the form's required slots (and picks the next one to ask for); the
        slots read that it leaves out go through their own validation here."""
        tracker.add_slots([SlotSet(name, value) for name, value in read.items()])
        validation = await self._extract_validation_events(dispatcher, tracker, domain)
        validated = {event["name"] for event in validation if event.get("event") == "slot"}
        passed_on: Dict[Text, Any] = {}
        for name, value in read.items():
            if name in validated:
                continue
            validate = getattr(self, f"validate_{name}", None)
            checked = await utils.call_potential_coroutine(validate(value, dispatcher, tracker, domain)) \
                if validate else None
            passed_on.update(checked if isinstance(checked, dict) else {name: value})
        return [SlotSet(name, value) for name, value in passed_on.items()] + validation


# From this many answers to one question that could not be read on, the question comes with a way out
# each time: once was not enough, the buttons scrolled away while the question kept coming back.
TRIES_BEFORE_A_WAY_OUT = 2


def offer_a_way_out(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Nobody should be stuck answering the same question: the buttons to stop or to reach a person
    come with it (typing the answer still works)."""
    dispatcher.utter_message(response="utter_form_way_out",
                             buttons=[{"title": "Stop", "payload": "/stop"}, person_button(language_of(tracker))])


def _filled(slot: Text, events: List[EventType]) -> bool:
    return any(event.get("event") == "slot" and event.get("name") == slot and event.get("value") is not None
               for event in events)


def _forget_raw_answer(tracker: Tracker, requested: Text) -> None:
    """Takes the text Rasa put in the requested slot out of this run's tracker, so the journey reads
    the answer against the slots as they were, and rasa-sdk validates the slots in the order read."""
    index = len(tracker.events)
    while index and tracker.events[index - 1].get("event") == "slot":
        index -= 1
    tracker.events[index:] = [event for event in tracker.events[index:] if event.get("name") != requested]
    tracker.slots[requested] = None


def _mapped_answer(tracker: Tracker, slot: Text, domain: DomainDict) -> Any:
    """What the slot's mappings in the domain take from the latest message: the value of a
    `from_intent` mapping for the message's intent, otherwise the text."""
    intent = latest_intent(tracker)
    for mapping in ((domain.get("slots") or {}).get(slot) or {}).get("mappings") or []:
        intents = mapping.get("intent")
        if mapping.get("type") == "from_intent" and intent in (intents if isinstance(intents, list) else [intents]):
            return mapping.get("value")
    return latest_text(tracker)


def _starts_on_latest_message(tracker: Tracker, form: Text) -> bool:
    """Whether Rasa starts the form on the latest message (it validates once as a form starts)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "active_loop" and event.get("name") == form:
            return True
    return False


def _skipped_while_rejected(tracker: Tracker, form: Text) -> bool:
    """Whether Rasa left the requested slot empty only because the form was marked rejected when the
    message came (an interrupt the rules handled without leaving the form, such as another journey's
    button that only shows something): Rasa then fills no slot the form asked for, yet when the form
    runs on that message, it is still the answer."""
    events = reversed(tracker.events)
    # Rasa logs the form's own run just before the slots it hands over for validation.
    if next((event for event in events if event.get("event") == "action"), {}).get("name") != form:
        return False
    for event in events:
        if event.get("event") == "action":
            return False  # something ran since the message: the form comes back after an interrupt
        if event.get("event") == "user":
            break
    for event in events:
        kind, name = event.get("event"), event.get("name")
        if kind == "action_execution_rejected" and name == form:
            return True
        if kind == "active_loop" or (kind == "action" and name == form):
            return False
    return False


def times_said_in_this_form(tracker: Tracker, response: str) -> int:
    """How often `response` was said since the active form started: a form that keeps getting answers
    it cannot read gives up instead of asking the same question forever."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name"):
            break
        if event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == response:
            count += 1
    return count


def yes_no_or_save(text: str, intent: Optional[str], save_answer: Pattern) -> Optional[bool]:
    """The answer to a summary that says 'Tryk "Gem"': a typed answer is read (a save word such as
    "ja, gem den" is a yes; "ja måske" is no yes, whatever the intent model thinks), a pressed button
    ("/affirm", "/deny") says it by its intent."""
    if text.startswith("/"):
        return {"affirm": True, "deny": False}.get(intent or "")
    return True if save_answer.match(text) else read_yes_no(text)


def read_value_confirmation(tracker: Tracker, text: str, value_slot: str, confirmed_slot: str) -> Dict[str, Any]:
    """The answer to "shall I save this value?": a yes or a no, or — "nej, 30" — the right value
    instead of the one shown, which is then shown again."""
    instead = value_after_no(text)
    answer = None if instead else read_yes_no(text)
    intent = latest_intent(tracker)
    if answer is None and not instead and intent in ("affirm", "deny"):
        answer = intent == "affirm"
    if answer is not None:
        return {confirmed_slot: answer}
    return {value_slot: instead or text, confirmed_slot: None}


def read_code(value: Any, codes: Collection[str], parse: Callable[[str], Optional[str]],
              dispatcher: CollectingDispatcher, unclear_response: Text) -> Optional[str]:
    """The code an answer names: a code as it is (a button's payload), or the one read from the typed
    words; None, with `unclear_response` said, when the words name none. No answer is None, unsaid."""
    if value is None:
        return None
    code = value if value in codes else parse(str(value))
    if code is None:
        dispatcher.utter_message(response=unclear_response)
    return code


def validated_confirmation(slot: str, value: Any) -> Dict[str, Any]:
    """A yes confirms; a no ends the form, and the action after it says that nothing was changed."""
    if value is False:
        return {slot: False, "requested_slot": None}
    return {slot: True if value is True else None}


class AskToConfirmDraft(Action, ABC):
    """The question a form ends with: the draft's summary to confirm or correct, or, once the same
    thing turned out to be saved already (`duplicate_slot` set), whether to save it again."""

    duplicate_slot: Optional[Text] = None

    @abstractmethod
    def name(self) -> Text:
        """action_ask_<journey>_confirmed"""

    @abstractmethod
    def draft(self, tracker: Tracker) -> Dict[str, Any]:
        """The draft's values, read from its slots."""

    @abstractmethod
    def show_summary(self, dispatcher: CollectingDispatcher, values: Dict[str, Any], language: str) -> None:
        """Says the summary, with a button per field where the journey has them."""

    def ask_about_duplicate(self, dispatcher: CollectingDispatcher, values: Dict[str, Any], language: str) -> None:
        """Asks whether to save what is saved already: for a journey with a `duplicate_slot`."""
        raise NotImplementedError

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> List[EventType]:
        language = language_of(tracker)
        values = self.draft(tracker)
        if self.duplicate_slot and tracker.get_slot(self.duplicate_slot):
            self.ask_about_duplicate(dispatcher, values, language)
        else:
            self.show_summary(dispatcher, values, language)
        return []


def leave_form(tracker: Tracker) -> List[EventType]:
    """Stops the active form and keeps everything it was given, so it can go on later."""
    if not tracker.active_loop.get("name"):
        return []
    return [ActiveLoop(None), SlotSet("requested_slot", None)]


# (payload that starts the journey again, the slots of its draft, button titles in Danish and English)
RESUMABLE_JOURNEYS = (
    ("/log_job_activity", ("journal_employer", "journal_job_title", "journal_applied_on", "journal_channel"),
     "Fortsæt jobloggen", "Continue the job log"),
    ("/start_sick_leave", ("sick_first_day", "sick_situation", "sick_employer", "sick_expected_return"),
     "Fortsæt sygemeldingen", "Continue the sick-leave report"),
    ("/post_vacancy", ("vacancy_company", "vacancy_cvr", "vacancy_job_title", "vacancy_tasks"),
     "Fortsæt småjobopslaget", "Continue the small-job posting"),
)


def offer_to_resume(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """After an interruption, a button back into each half-filled form."""
    buttons = resume_buttons(tracker, language_of(tracker))
    if buttons:
        dispatcher.utter_message(response="utter_resume_form", buttons=buttons)


def resume_buttons(tracker: Tracker, language: str) -> List[dict]:
    """A button for each journey with a half-filled draft: the form starts again where it stopped,
    because each journey's prefill keeps what was already given."""
    return [{"title": in_language(titles, language), "payload": payload}
            for payload, slots, *titles in RESUMABLE_JOURNEYS
            if any(tracker.get_slot(slot) is not None for slot in slots)]
