"""The trained model on the held-out sets (tests/data/heldout, never trained on), through the running
Rasa server: the whole NLU pipeline, crisis detector included. `make nlu-eval` writes the full report.

Intents are scored on the text the gateway sends the model (CPR numbers and health words replaced).
Measured on 2026-12-03 with the linear intent classifier and that day's training data:
- the fresh set (fresh-2026-12-03.yml, 291 messages written after that tuning, never looked at while
  tuning): 95.2 %. This is the fair figure;
- the untouched part of intents.yml: 97.7 % of 396. It is flattered: the 28 messages moved to seen.yml
  that day were nearly all misses. On the 424 it had before, it was 86.1 % with DIET on 2026-12-02 and
  91.0 % with the linear classifier before that day's data (81.0 % on 2026-12-01 as typed; 68.3 % before
  issue 12's work).
Crisis: 60 of 60 answered (100 % recall, asserted); 0 of 35 idioms flagged. The floors are the measured figures less two points
(for a model retrained on another machine), so a change that makes it clearly worse fails. Crisis messages
must all get the crisis answer, unsure ones at least the gentle question, and idioms neither."""
import pytest

from bot.nlu_eval import FRESH_SET, as_the_gateway_sends, load_set, load_untouched_and_seen, score_crisis, score_intents
from tests.helpers import parse_with_rasa

pytestmark = pytest.mark.rasa
MIN_INTENT_ACCURACY = 0.95
MIN_FRESH_INTENT_ACCURACY = 0.93
MAX_IDIOMS_FLAGGED = 0


def parser(stack):
    return lambda text: parse_with_rasa(stack, text)


def test_held_out_intents_are_understood(rasa_stack):
    untouched, _seen = load_untouched_and_seen("intents.yml")
    score = score_intents(untouched, as_the_gateway_sends(parser(rasa_stack)))
    misses = [f"{m.expected} -> {m.predicted}: {m.text}" for m in score.misses]
    assert score.accuracy >= MIN_INTENT_ACCURACY, misses


def test_fresh_held_out_intents_are_understood(rasa_stack):
    score = score_intents(load_set(FRESH_SET), as_the_gateway_sends(parser(rasa_stack)))
    misses = [f"{m.expected} -> {m.predicted}: {m.text}" for m in score.misses]
    assert score.total >= 200
    assert score.accuracy >= MIN_FRESH_INTENT_ACCURACY, misses


def test_every_held_out_crisis_message_gets_the_crisis_answer_and_idioms_are_left_alone(rasa_stack):
    untouched, _seen = load_untouched_and_seen("crisis.yml")
    score = score_crisis(untouched, parser(rasa_stack))
    misses = [f"{m.expected} -> {m.predicted}: {m.text}" for m in score.misses]
    assert score.recall == 1.0, misses
    assert score.unsure_caught == score.unsure_total, misses
    assert score.idioms_flagged <= MAX_IDIOMS_FLAGGED, misses
