"""Which messages leave a form, and which are read as the answer to the field it asked for; and how a
form leaves: the text Rasa put in the slot it asked for is taken out again, and Rasa gives the message
to the rules just as when a form finds nothing to fill."""
import pytest
from rasa.core.actions import forms as rasa_forms
from rasa.core.actions.action import ActionExecutionRejection
from rasa.core.actions.forms import FormAction
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.events import ActionExecuted, ActionExecutionRejected, BotUttered, SlotSet, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from bot.rules.form_interrupts import form_interrupt
from tests.helpers import answered_conversation, as_sent, domain, domain_dict, form_tracker, slot_events


@pytest.mark.parametrize("intent, confidence, text, interrupt", [
    # Answers, whatever the classifier thinks of them.
    ("ask_human", 0.98, "social- og sundhedsmedarbejder", None),
    ("ask_human", 0.91, "lagermedarbejder", None),
    ("faq", 1.0, "dagpenge", None),  # a word, not a question
    ("complaint_or_sanction", 0.95, "klagesagsbehandler", None),
    ("nlu_fallback", 0.55, "Netto, det skrev jeg", None),
    ("affirm", 1.0, "/affirm", None),
    ("journal_correct", 1.0, '/journal_correct{"journal_field":"employer"}', None),
    # Clear interrupts.
    ("crisis", 1.0, "jeg vil ikke leve mere", "crisis"),
    ("crisis_unsure", 1.0, "jeg kan ikke mere", "crisis"),
    ("stop", 0.99, "glem det", "stop"),
    ("nlu_fallback", 0.55, "annuller", "stop"),
    ("ask_human", 0.97, "jeg vil gerne tale med en medarbejder", "person"),
    ("bot_challenge", 0.6, "kan jeg ikke bare snakke med et menneske", "person"),
    ("complaint_or_sanction", 0.96, "jeg vil klage over min sagsbehandler", "person"),
    ("faq", 0.95, "hvor mange ansøgninger skal jeg sende om ugen?", "question"),
    ("faq", 0.5, "hvad er dagpenge?", None),  # unsure it is a benefits question: read as the answer
    ("ask_human", 1.0, "/ask_human", "person"),
    ("stop", 1.0, "/stop", "stop"),
    ("faq", 1.0, '/faq', "question"),
    ("greet", 1.0, "/greet", "other"),
])
def test_only_clear_interrupts_leave_a_form(intent, confidence, text, interrupt):
    assert form_interrupt(intent, confidence, text) == interrupt


def action_server() -> ActionExecutor:
    executor = ActionExecutor()
    executor.register_package("actions")
    return executor


def test_every_form_has_its_validation_action_and_their_base_is_no_action():
    registered = {name for name in action_server().actions if name.startswith("validate_")}
    assert registered == {f"validate_{form}" for form in domain().form_names}


# A question each form asks, and who is asked it (an employer posts småjobs, a citizen does the rest).
ASKED = [
    ("journal_form", "journal_employer", "citizen-anna"),
    ("journal_form", "journal_confirmed", "citizen-anna"),
    ("journal_pick_form", "journal_pick", "citizen-anna"),
    ("profile_form", "profile_value", "citizen-anna"),
    ("sick_leave_form", "sick_first_day", "citizen-anna"),
    ("sick_leave_form", "sick_wants_contact", "citizen-anna"),
    ("sick_update_form", "sick_new_return", "citizen-anna"),
    ("sick_hours_form", "sick_change_confirmed", "citizen-anna"),
    ("sick_return_form", "sick_returned_on", "citizen-anna"),
    ("dagpenge_calculator_form", "calc_monthly_income", "citizen-anna"),
    ("sygedagpenge_calculator_form", "calc_weekly_hours", "citizen-anna"),
    ("vacancy_form", "vacancy_company", "employer-bakken"),
    ("vacancy_form", "vacancy_suits_far_from_labour_market", "employer-bakken"),
]
INTERRUPTS = [
    ("jeg vil ikke leve mere", "crisis"),
    ("annuller", "stop"),
    ("nej, stop", "deny"),
    ("jeg vil gerne tale med en medarbejder", "ask_human"),
    ("hvor mange ansøgninger skal jeg sende om ugen?", "faq"),
    ("/show_journal", "show_journal"),
]


@pytest.mark.parametrize("form, requested, sender", ASKED)
@pytest.mark.parametrize("text, intent", INTERRUPTS)
async def test_a_clear_interrupt_is_taken_out_of_the_slot_and_leaves_the_form(form, requested, sender, text, intent):
    answered = await form_tracker(form, requested, text, intent, sender=sender)
    assert answered.get_slot(requested) is not None  # Rasa has put the message in the slot
    dispatcher = CollectingDispatcher()
    events = await action_server().actions[f"validate_{form}"](dispatcher, answered, domain_dict())
    assert events == [{"event": "slot", "name": requested, "value": None, "timestamp": None},
                      {"event": "action_execution_rejected", "name": form, "policy": None, "confidence": None,
                       "timestamp": None}]
    assert dispatcher.messages == []


@pytest.mark.parametrize("text, intent", [
    ("social- og sundhedsmedarbejder", "ask_human"), ("klagesagsbehandler", "complaint_or_sanction"),
    ("dagpenge", "faq"),
])
async def test_an_answer_is_read_whatever_the_classifier_thinks_of_it(text, intent):
    from actions.journal.form import ValidateJournalForm

    answered = await form_tracker("journal_form", "journal_job_title", text, intent, {"journal_employer": "Netto"})
    events = await ValidateJournalForm().run(CollectingDispatcher(), answered, domain_dict())
    assert slot_events(events) == {"journal_job_title": text}


async def test_a_message_rasa_skipped_because_the_form_was_rejected_is_still_the_answer():
    """Another journey's button that only shows something leaves the form active but rejected, and
    Rasa then fills no slot the form asks for; when the form runs on the next message, it reads it."""
    from actions.journal.form import ValidateJournalForm

    rejected = [{"event": "action_execution_rejected", "name": "journal_form"},
                {"event": "action", "name": "action_journal_show"}, {"event": "action", "name": "action_listen"},
                {"event": "user", "text": "hej", "parse_data": {"intent": {"name": "greet"}}},
                {"event": "action", "name": "utter_greet"}]
    answered = await form_tracker("journal_form", "journal_employer", "Netto", "inform", since_asked=rejected)
    assert answered.get_slot("journal_employer") is None  # skipped by Rasa
    events = await ValidateJournalForm().run(CollectingDispatcher(), answered, domain_dict())
    assert slot_events(events) == {"journal_employer": "Netto"}


class InProcessValidation:
    """Stands in for the action server: runs the project's validation action on what Rasa sends it."""

    def __init__(self, name, _endpoint):
        self.name = name

    async def run(self, _output_channel, _nlg, tracker, domain_):
        dispatcher = CollectingDispatcher()
        events = await action_server().actions[self.name](dispatcher, as_sent(tracker), domain_.as_dict())
        return [BotUttered(metadata={"utter_action": m["response"]}) for m in dispatcher.messages] + \
            deserialise_events(events)


async def run_form(tracker, form):
    nlg = TemplatedNaturalLanguageGenerator(domain().responses)
    return await FormAction(form, None).run(CollectingOutputChannel(), nlg, tracker, domain())


async def test_leaving_a_form_looks_to_rasa_like_a_form_that_found_nothing_to_fill(monkeypatch):
    monkeypatch.setattr(rasa_forms, "RemoteAction", InProcessValidation)
    conversation = await answered_conversation("journal_form", "journal_employer", "annuller", "stop")
    events = await run_form(conversation, "journal_form")
    # Nothing asked, the form not ended: the processor logs the events without the form's run.
    assert events == [SlotSet("journal_employer", None), ActionExecutionRejected("journal_form")]
    left = conversation.copy()
    left.update_with_events(events, domain())

    # Before the slot mappings took the text, nothing was filled: Rasa rejected the form itself.
    unfilled = DialogueStateTracker.from_events(
        conversation.sender_id, [event for event in conversation.events if event != SlotSet("journal_employer",
                                                                                           "annuller")],
        slots=domain().slots)
    with pytest.raises(ActionExecutionRejection):
        await run_form(unfilled.copy(), "journal_form")
    unfilled.update(ActionExecutionRejected("journal_form", "RulePolicy", 1.0))

    assert left.is_active_loop_rejected and unfilled.is_active_loop_rejected
    assert left.active_loop_name == unfilled.active_loop_name == "journal_form"
    assert left.current_slot_values() == unfilled.current_slot_values()
    assert left.past_states(domain()) == unfilled.past_states(domain())  # what the policies see


async def test_a_form_started_by_a_button_pressed_in_another_form_takes_nothing_from_the_button(monkeypatch):
    """ "Jeg er rask" pressed while asked to confirm a new return day: the change form is left (rejected)
    with its question still the requested slot, and the back-at-work form, which shares that slot,
    starts on the same message. The button is no answer to either."""
    monkeypatch.setattr(rasa_forms, "RemoteAction", InProcessValidation)
    case = {"sick_case_id": "1", "sick_case_first_day": "2026-11-20", "sick_case_return": "2026-12-07",
            "sick_new_return": "2026-12-10"}
    conversation = await answered_conversation("sick_update_form", "sick_change_confirmed", "/report_return",
                                               "report_return", case)
    conversation.update_with_events(await run_form(conversation, "sick_update_form"), domain())
    conversation.update_with_events([ActionExecuted("action_sick_change_prefill"),
                                     SlotSet("sick_new_return", None), SlotSet("sick_change_confirmed", None)],
                                    domain())
    events = await run_form(conversation, "sick_return_form")
    conversation.update_with_events(events, domain())
    assert not [event for event in events if isinstance(event, ActionExecutionRejected)]
    assert [event.metadata.get("utter_action") for event in events if isinstance(event, BotUttered)] == [
        "utter_ask_sick_returned_on"]
    assert conversation.active_loop_name == "sick_return_form"
    assert conversation.get_slot("requested_slot") == "sick_returned_on"
    assert conversation.get_slot("sick_change_confirmed") is None


def _asked(slot):
    return {"event": "bot", "text": "?", "metadata": {"utter_action": f"utter_ask_{slot}"}}


@pytest.mark.parametrize("asked_before, way_out", [(1, False), (2, True), (3, True), (6, True)])
async def test_a_second_and_every_later_answer_that_cannot_be_read_comes_with_a_way_out(asked_before, way_out):
    from actions.journal.form import ValidateJournalForm
    from tests.helpers import validate_form

    slots, said = await validate_form(
        ValidateJournalForm(), "journal_channel", "pr mail", "inform",
        {"journal_employer": "Netto", "journal_job_title": "lagermedarbejder", "journal_applied_on": "2026-11-30"},
        sender="citizen-way-out", since_asked=[_asked("journal_channel")] * asked_before)
    assert slots["journal_channel"] is None
    assert said == ["utter_journal_channel_unclear"] + (["utter_form_way_out"] if way_out else [])


async def test_an_answer_that_is_read_gets_no_way_out():
    from actions.journal.form import ValidateJournalForm
    from tests.helpers import validate_form

    slots, said = await validate_form(
        ValidateJournalForm(), "journal_channel", "jobnet", "inform",
        {"journal_employer": "Netto", "journal_job_title": "lagermedarbejder", "journal_applied_on": "2026-11-30"},
        sender="citizen-way-out", since_asked=[_asked("journal_channel")] * 2)
    assert slots["journal_channel"] is not None and "utter_form_way_out" not in said
