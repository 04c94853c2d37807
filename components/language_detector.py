"""Tells Rasa which language a message is written in, as the entity "language" ("da" or "en").

The `language` slot is filled from this entity by Rasa's own `from_entity` mapping, so keeping the
answer language in step with the user costs no call to the action server. A message that does not say
clearly (a name, a number, "ok", a button) adds no entity, and the slot keeps the language it had.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES, ENTITY_ATTRIBUTE_END, ENTITY_ATTRIBUTE_START, ENTITY_ATTRIBUTE_TYPE, ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR, TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.language import guess_language

LANGUAGE_ENTITY = "language"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageDetector(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LanguageDetector":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text: Optional[Text] = message.get(TEXT)
            language = guess_language(text)
            if not language:
                continue
            entities = [entity for entity in message.get(ENTITIES) or []
                        if entity.get(ENTITY_ATTRIBUTE_TYPE) != LANGUAGE_ENTITY]
            entities.append({
                ENTITY_ATTRIBUTE_TYPE: LANGUAGE_ENTITY, ENTITY_ATTRIBUTE_VALUE: language,
                ENTITY_ATTRIBUTE_START: 0, ENTITY_ATTRIBUTE_END: len(text), EXTRACTOR: self.__class__.__name__,
            })
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
