"""The trained model on the held-out sets (tests/data/heldout, never trained on), through the running
Rasa server: the whole NLU pipeline, crisis detector included. `make nlu-eval` writes the full report.

Intents are scored on the text the gateway sends the model (CPR numbers and health words replaced).
Measured on the 424 intent messages nobody tuning has seen: 82.1 % on 2026-12-02 before that day's new
training data, 86.1 % after it (81.0 % on 2026-12-01 with the text as typed; 68.3 % before issue 12's
work). Crisis: 61 of 62 answered, the 62nd asked about; 0 of 36 idioms flagged. The issue's target is
95 % intent accuracy, which is not reached; the floor here is what the model reaches less two points (for
a model retrained on another machine), so a change that makes it clearly worse fails. Crisis messages must all get the crisis answer or the gentle question, and idioms
must not."""
import pytest

from bot.nlu_eval import as_the_gateway_sends, load_untouched_and_seen, score_crisis, score_intents
from tests.helpers import parse_with_rasa

pytestmark = pytest.mark.rasa
MIN_INTENT_ACCURACY = 0.84
MAX_IDIOMS_FLAGGED = 0


def parser(stack):
    return lambda text: parse_with_rasa(stack, text)


def test_held_out_intents_are_understood(rasa_stack):
    untouched, _seen = load_untouched_and_seen("intents.yml")
    score = score_intents(untouched, as_the_gateway_sends(parser(rasa_stack)))
    misses = [f"{m.expected} -> {m.predicted}: {m.text}" for m in score.misses]
    assert score.accuracy >= MIN_INTENT_ACCURACY, misses


def test_every_held_out_crisis_message_is_answered_or_asked_about_and_idioms_are_left_alone(rasa_stack):
    untouched, _seen = load_untouched_and_seen("crisis.yml")
    score = score_crisis(untouched, parser(rasa_stack))
    misses = [f"{m.expected} -> {m.predicted}: {m.text}" for m in score.misses]
    assert score.caught == 1.0, misses
    assert score.unsure_caught == score.unsure_total, misses
    assert score.idioms_flagged <= MAX_IDIOMS_FLAGGED, misses
