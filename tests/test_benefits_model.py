"""The trained model sends held-out benefits questions (not in the training data, with typos and in
English) to their topic: answered directly, offered as the close second topic the action shows, or —
for "how do I report sick/well/complain" — the journey that does it.

Measured on this data: 213 of 220 (96.8 %) on 2026-11-23; 197 of 225 (87.6 %) on 2026-12-01, after
about 1,000 training examples for the other intents (sick-leave statements, English, profile
statements) made them compete with the sygedagpenge topics, and the 0.4 fallback threshold. Every
topic is reached by at least two of its five (sygedagpenge_partial: 2). The floors below catch a
model or data change that makes it clearly worse; every miss is printed."""
import pytest

from bot.rules.benefits.questions import choose_topics, ranked_topics, topic_to_suggest
from tests.helpers import benefit_questions, parse_with_rasa

pytestmark = pytest.mark.rasa
HELD_OUT = benefit_questions()
MIN_SHARE_REACHED = 0.86
MIN_PHRASINGS_REACHED_PER_TOPIC = 2


def parse(stack, text):
    return parse_with_rasa(stack, text)


# A question how to do something the assistant does itself starts doing it (issue 12: a benefits
# answer never swallows a request): "hvordan melder jeg mig rask" reports the return.
JOURNEY_OF_TOPIC = {"sygedagpenge_raskmelding": "report_return", "sygedagpenge_how_to_report": "start_sick_leave",
                    "how_to_complain": "complaint_or_sanction"}


def reaches(parsed, topic):
    """Answered, offered as the close second, suggested when the NLU was unsure (the fallback's
    "mener du ...?" button), or done when the question asks how to do what the assistant does."""
    if parsed["intent"]["name"] == JOURNEY_OF_TOPIC.get(topic):
        return True
    if parsed["intent"]["name"] == "faq":
        return topic in choose_topics(ranked_topics(parsed))
    return topic_to_suggest(parsed) == topic


def test_held_out_questions_reach_their_topic(rasa_stack):
    misses, reached_per_topic = [], {}
    for topic, texts in HELD_OUT.items():
        for text in texts:
            if reaches(parse(rasa_stack, text), topic):
                reached_per_topic[topic] = reached_per_topic.get(topic, 0) + 1
            else:
                misses.append(f"{topic}: {text}")
    total = sum(len(texts) for texts in HELD_OUT.values())
    assert (total - len(misses)) / total >= MIN_SHARE_REACHED, misses
    weak_topics = [topic for topic in HELD_OUT if reached_per_topic.get(topic, 0) < MIN_PHRASINGS_REACHED_PER_TOPIC]
    assert weak_topics == [], misses
