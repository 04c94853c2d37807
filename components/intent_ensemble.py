"""A second opinion on the intent: a logistic regression over the same sparse features, blended with
DIET's ranking.

DIET is confidently wrong on messages unlike its training data (a long story about a broken wrist
came out as a benefits question at 1.00). A linear model with balanced class weights does not let one
big intent (the benefits questions) swallow the small ones, and is rarely that sure. Averaging the
two rankings keeps DIET where it is right and lets the regression pull it back where it is not.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

RANKING_LENGTH = 10


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class IntentEnsemble(LogisticRegressionClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # The regression's share of the blend; DIET keeps the rest.
        return {**LogisticRegressionClassifier.get_default_config(), "regression_weight": 0.5}

    def process(self, messages: List[Message]) -> List[Message]:
        if not messages or not hasattr(self.clf, "classes_"):
            return messages
        probabilities = self.clf.predict_proba(self._create_X(messages))
        weight = float(self.config.get("regression_weight", 0.5))
        for message, row in zip(messages, probabilities):
            regression = dict(zip(self.clf.classes_, row))
            diet = {ranked["name"]: ranked["confidence"] for ranked in message.get(INTENT_RANKING_KEY) or []}
            blended = blend(diet, regression, weight)
            if not blended:
                continue
            message.set(INTENT, blended[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, blended[:RANKING_LENGTH], add_to_output=True)
        return messages


def blend(first: Dict[str, float], second: Dict[str, float], second_weight: float) -> List[Dict[str, Any]]:
    """The weighted average of two rankings (an intent missing from one counts 0 there), best first."""
    names = set(first) | set(second)
    scores = {name: (1 - second_weight) * first.get(name, 0.0) + second_weight * float(second.get(name, 0.0))
              for name in names}
    return [{"name": name, "confidence": score}
            for name, score in sorted(scores.items(), key=lambda item: (-item[1], item[0]))]
