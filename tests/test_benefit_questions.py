"""Reading a benefits question: the model's topics, a close second topic, and own-case questions."""
import pytest

from bot.rules import benefit_questions as q


@pytest.mark.parametrize("text", [
    "hvorfor har jeg fået mindre i dagpenge denne måned", "min udbetaling er forkert",
    "hvornår får jeg mine sygedagpenge", "er min ansogning om kontanthjaelp godkendt",
    "why did I get less money", "when will I get my payment", "hvad står der i mit brev om kontanthjælp",
])
def test_questions_about_the_users_own_case(text):
    assert q.is_about_own_case(text)


@pytest.mark.parametrize("text", [
    "hvor meget kan man få i dagpenge", "hvad er dimittendsatsen", "how long can I get dagpenge",
    "hvordan klager jeg over en afgørelse", "hvad er et oplysningsskema",
])
def test_general_questions(text):
    assert not q.is_about_own_case(text)


def parse(*ranking):
    return {"response_selector": {"faq": {
        "response": {"intent_response_key": ranking[0][0] if ranking else None,
                     "confidence": ranking[0][1] if ranking else 0},
        "ranking": [{"intent_response_key": key, "confidence": confidence} for key, confidence in ranking]}}}


def test_the_best_topic_and_a_close_second_are_chosen():
    ranked = q.ranked_topics(parse(("faq/dagpenge_rate", 0.3), ("faq/dagpenge_period", 0.2), ("faq/x", 0.01)))
    assert ranked == [("dagpenge_rate", 0.3), ("dagpenge_period", 0.2), ("x", 0.01)]
    assert q.choose_topics(ranked) == ("dagpenge_rate", "dagpenge_period")


def test_a_far_second_is_not_offered():
    assert q.choose_topics(q.ranked_topics(parse(("faq/dagpenge_rate", 0.9), ("faq/dagpenge_period", 0.02)))) == \
        ("dagpenge_rate", None)


def test_an_unsure_answer_is_not_given():
    assert q.choose_topics(q.ranked_topics(parse(("faq/dagpenge_rate", 0.08), ("faq/dagpenge_period", 0.07)))) == \
        (None, None)
    assert q.choose_topics(q.ranked_topics({})) == (None, None)


@pytest.mark.parametrize("key, topic", [("faq/dagpenge_rate", "dagpenge_rate"), ("chitchat/x", None),
                                        ("faq/", None), (None, None), ("dagpenge_rate", None)])
def test_topic_of(key, topic):
    assert q.topic_of(key) == topic


def unsure(runner_up, *ranking):
    parsed = parse(*ranking)
    parsed["intent"] = {"name": "nlu_fallback", "confidence": 0.55}
    parsed["intent_ranking"] = [{"name": "nlu_fallback", "confidence": 0.55},
                                {"name": runner_up, "confidence": 0.5}, {"name": "greet", "confidence": 0.1}]
    return parsed


@pytest.mark.parametrize("runner_up", ["faq", "ask_benefits"])
def test_an_unsure_benefits_question_with_a_clear_topic_gets_the_topic_suggested(runner_up):
    assert q.topic_to_suggest(unsure(runner_up, ("faq/how_to_complain", 0.94), ("faq/x", 0.01))) == "how_to_complain"


@pytest.mark.parametrize("parsed", [
    unsure("faq", ("faq/how_to_complain", 0.3), ("faq/x", 0.2)),          # the topic itself is unclear
    unsure("complaint_or_sanction", ("faq/how_to_complain", 0.94)),       # most likely not a benefits question
    unsure("faq"),                                                         # no topic at all
    {**parse(("faq/how_to_complain", 0.94)), "intent": {"name": "faq", "confidence": 0.9}},  # understood anyway
    {},
])
def test_no_topic_is_suggested_when_the_guess_would_be_weak(parsed):
    assert q.topic_to_suggest(parsed) is None
