"""The two fixes of bot/rasa_speedups.py give the same answers as the Rasa methods they replace."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered

from bot import rasa_speedups

ORIGINAL_VALIDATE = RemoteAction._validate_action_result
ORIGINAL_RESOLVE = Event.resolve_by_type

VALID = {"events": [{"event": "slot", "name": "journal_employer", "value": "Netto", "timestamp": None}],
         "responses": [{"text": "Hvilket job?", "buttons": [{"title": "Gem", "payload": "/affirm"}]}]}
INVALID = [
    {"events": "not a list"},
    {"events": [{"event": "slot", "name": "x"}], "responses": "nope"},
    {"events": [{"name": "no event key"}]},
    {"events": [{"event": "slot", "name": 7, "value": 1}]},
]


def test_a_valid_action_answer_passes_both_checks():
    action = RemoteAction.__new__(RemoteAction)
    assert ORIGINAL_VALIDATE(action, VALID) is True
    assert rasa_speedups.validate_action_result(action, VALID) is True


@pytest.mark.parametrize("answer", INVALID)
def test_an_invalid_action_answer_is_refused_with_the_same_message(answer):
    action = RemoteAction.__new__(RemoteAction)
    with pytest.raises(ValidationError) as by_rasa:
        ORIGINAL_VALIDATE(action, answer)
    with pytest.raises(ValidationError) as by_us:
        rasa_speedups.validate_action_result(action, answer)
    assert by_us.value.message == by_rasa.value.message
    assert "Failed to validate Action server response" in by_us.value.message


def test_every_event_type_resolves_to_the_class_rasa_finds():
    type_names = {cls.type_name for cls in rasa_speedups.all_subclasses(Event)}
    assert {"user", "action", "slot", "session_started", "active_loop", "bot"} <= type_names
    for name in type_names:
        assert rasa_speedups.resolve_event_type(name) is ORIGINAL_RESOLVE(name)


def test_unknown_event_types_behave_as_in_rasa():
    assert rasa_speedups.resolve_event_type("topic") is None
    assert rasa_speedups.resolve_event_type("no-such-event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name 'no-such-event'"):
        rasa_speedups.resolve_event_type("no-such-event")


def test_an_event_class_defined_later_is_found():
    rasa_speedups.resolve_event_type("user")  # the table exists before the new class does

    class LateEvent(ActionExecuted):
        type_name = "jobassistent_late_event"

    assert rasa_speedups.resolve_event_type("jobassistent_late_event") is LateEvent


def test_events_read_back_through_the_table_are_equal(monkeypatch):
    monkeypatch.setattr(Event, "resolve_by_type", staticmethod(rasa_speedups.resolve_event_type))
    stored = [UserUttered("hej", {"name": "greet", "confidence": 1.0}), ActionExecuted("utter_greet"),
              SlotSet("language", "da")]
    read_back = [Event.from_parameters(event.as_dict()) for event in stored]
    assert read_back == stored


def test_applied_only_to_the_rasa_version_it_was_written_for(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", ORIGINAL_VALIDATE)
    monkeypatch.setattr(Event, "resolve_by_type", ORIGINAL_RESOLVE)
    monkeypatch.setattr(rasa_speedups.rasa, "__version__", "3.7.0")
    assert rasa_speedups.apply() is False
    assert RemoteAction._validate_action_result is ORIGINAL_VALIDATE
    monkeypatch.setattr(rasa_speedups.rasa, "__version__", rasa_speedups.WRITTEN_FOR_RASA)
    assert rasa_speedups.apply() is True
    assert RemoteAction._validate_action_result is rasa_speedups.validate_action_result
    assert Event.resolve_by_type("user") is UserUttered
