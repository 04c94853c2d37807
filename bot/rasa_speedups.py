"""Two fixes for work Rasa 3.6 repeats on every turn, found by profiling the running Rasa server
(py-spy, a 14-message conversation in a loop; see the README's performance section).

1. Rasa checks every answer from the action server against its JSON schema with
   `jsonschema.validate`, which first checks the schema itself against the metaschema and builds a
   new validator: about 15 ms of CPU per action call, a quarter of Rasa's busy time. The schema is
   fixed, so it is checked once and the validator is kept. Answers are still validated, as strictly.
2. Rasa finds the class of every stored event it reads by walking all subclasses of `Event` (40
   classes, with `inspect.isabstract` on each) once per event: 6 % of a long conversation's turn.
   The lookup is now a table, built again whenever an event class Rasa has not seen turns up.

Both replace one method with one that gives the same answers (tests/test_rasa_speedups.py compares
them) and are applied only to the Rasa version they were written for. Rasa imports the gateway
channel (bot/rasa_channel.py) at start, which applies them.
"""
from __future__ import annotations

import functools
import logging
from typing import Any, Dict, Optional, Text, Type

import rasa
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

logger = logging.getLogger(__name__)

WRITTEN_FOR_RASA = "3.6.21"


@functools.lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    """RemoteAction._validate_action_result with the validator built once."""
    from jsonschema import ValidationError
    from jsonschema.exceptions import best_match

    error = best_match(_action_response_validator().iter_errors(result))
    if error is None:
        return True
    assert isinstance(error, ValidationError)
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the "
        f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


_event_classes: Dict[Text, Type[Event]] = {}


def _event_class_table() -> Dict[Text, Type[Event]]:
    table: Dict[Text, Type[Event]] = {}
    for cls in all_subclasses(Event):
        table.setdefault(cls.type_name, cls)  # the first found wins, as in Rasa's loop
    return table


def resolve_event_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    """Event.resolve_by_type through a table instead of a walk over all subclasses."""
    global _event_classes
    cls = _event_classes.get(type_name)
    if cls is None:
        _event_classes = _event_class_table()
        cls = _event_classes.get(type_name)
    if cls is not None:
        return cls
    if type_name == "topic":
        return None  # Rasa's backwards compatibility for old TopicSet events
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


def apply() -> bool:
    """Applies both fixes once; False (and a warning) on a Rasa version they were not written for."""
    if rasa.__version__ != WRITTEN_FOR_RASA:
        logger.warning("Rasa %s is not %s: its own (slower) event lookup and action-answer check are kept",
                       rasa.__version__, WRITTEN_FOR_RASA)
        return False
    RemoteAction._validate_action_result = validate_action_result
    Event.resolve_by_type = staticmethod(resolve_event_type)
    return True
