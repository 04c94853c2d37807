"""Puts suicide and self-harm language first: after every other classifier, a message that
bot.rules.crisis reads as a crisis becomes the intent "crisis" (or "crisis_unsure") at full confidence.

Placed after FallbackClassifier, so neither the intent classifier nor the fallback can outvote it. Only the short signal
code is added to the parse data ("crisis_signal"), never any of the message's words.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.rules.crisis import CRISIS, UNSURE, assess_crisis

CRISIS_INTENT = "crisis"
CRISIS_UNSURE_INTENT = "crisis_unsure"
CRISIS_SIGNAL_KEY = "crisis_signal"
_INTENT_FOR_LEVEL = {CRISIS: CRISIS_INTENT, UNSURE: CRISIS_UNSURE_INTENT}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisDetector(GraphComponent):
    def __init__(self, config: Optional[Dict[Text, Any]] = None) -> None:
        self._config = {**self.get_default_config(), **(config or {})}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "CrisisDetector":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or text.startswith(INTENT_MESSAGE_PREFIX):
                continue  # a button payload such as "/crisis" already says what it is
            level, signal = _assessment(message, text)
            intent_name = _INTENT_FOR_LEVEL.get(level)
            if intent_name is None and signal == "idiom" and _intent_name(message) == CRISIS_INTENT:
                _drop_crisis(message)  # "jeg keder mig ihjel": the classifier took the idiom literally
                continue
            if intent_name is None and _intent_name(message) == CRISIS_INTENT:
                # The classifier heard a crisis the detector did not: ask instead of guessing.
                intent_name, signal = CRISIS_UNSURE_INTENT, "classifier"
            if not intent_name:
                continue
            # An unsure reading never downgrades a message the classifier already called a crisis.
            if not (intent_name == CRISIS_UNSURE_INTENT and _intent_name(message) == CRISIS_INTENT
                    and level == UNSURE):
                _put_first(message, intent_name)
            message.set(CRISIS_SIGNAL_KEY, signal, add_to_output=True)
        return messages


def _assessment(message: Message, text: Text):
    """(level, signal). The gateway reads the message as typed, before health words are taken out,
    and sends its level along as metadata; the detector's own reading is the fallback."""
    assessment = assess_crisis(text)
    sent = ((message.get("metadata") or {}).get("crisis_level"))
    if sent in (CRISIS, UNSURE) and assessment.level != CRISIS:
        return sent, assessment.signal or "gateway"
    return assessment.level, assessment.signal


def _drop_crisis(message: Message) -> None:
    """The next intent in the ranking takes the place of a crisis reading the detector ruled out."""
    ranking = [ranked for ranked in message.get(INTENT_RANKING_KEY) or [] if ranked.get("name") != CRISIS_INTENT]
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    message.set(INTENT, dict(ranking[0]) if ranking else {"name": None, "confidence": 0.0}, add_to_output=True)


def _intent_name(message: Message) -> Optional[Text]:
    return (message.get(INTENT) or {}).get("name")


def _put_first(message: Message, intent_name: Text) -> None:
    """The intent at full confidence, first in the ranking, with any earlier entry of it removed."""
    intent = {"name": intent_name, "confidence": 1.0}
    ranking = [ranked for ranked in message.get(INTENT_RANKING_KEY) or [] if ranked.get("name") != intent_name]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [dict(intent)] + ranking, add_to_output=True)
