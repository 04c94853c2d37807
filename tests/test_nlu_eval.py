"""The held-out scoring: accuracy, per-intent precision/recall/F1, crisis recall and the report."""
import yaml

from bot.nlu_eval import (DEV_DIR, FRESH_SET, HELD_OUT_DIR, as_the_gateway_sends, load_set, load_untouched_and_seen, per_intent_table,
                          score_crisis, score_intents, split_seen, write_report)
from bot.settings import PROJECT_ROOT


def fake_parser(answers):
    return lambda text: {"intent": {"name": answers[text], "confidence": 0.9}}


def test_intent_accuracy_counts_misses_with_what_was_predicted():
    parse = fake_parser({"jeg er syg": "start_sick_leave", "jeg er stadig syg": "start_sick_leave", "hej": "greet"})
    score = score_intents({"start_sick_leave": ["jeg er syg"], "update_sick_leave": ["jeg er stadig syg"],
                           "greet": ["hej"]}, parse)
    assert (score.correct, score.total) == (2, 3)
    assert [(m.expected, m.predicted, m.text) for m in score.misses] == [
        ("update_sick_leave", "start_sick_leave", "jeg er stadig syg")]


def test_per_intent_precision_recall_and_f1():
    pairs = [("a", "a"), ("a", "b"), ("b", "b"), ("b", "b")]
    rows = {intent: (p, r, f1, n) for intent, p, r, f1, n in per_intent_table(pairs)}
    assert rows["a"] == (1.0, 0.5, 2 * 0.5 / 1.5, 2)
    assert rows["b"][:2] == (2 / 3, 1.0) and rows["b"][3] == 2


def test_crisis_recall_counts_the_answer_and_the_gentle_question_apart():
    parse = fake_parser({"a": "crisis", "b": "crisis_unsure", "c": "faq", "idiom": "crisis",
                         "hopeless": "crisis_unsure"})
    score = score_crisis({"crisis": ["a", "b", "c"], "not_crisis": ["idiom"], "unsure": ["hopeless"]}, parse)
    assert (score.crisis_answered, score.crisis_asked, score.crisis_total) == (1, 1, 3)
    assert score.recall == 1 / 3 and score.caught == 2 / 3
    assert (score.idioms_flagged, score.unsure_caught) == (1, 1)
    assert {m.text for m in score.misses} == {"b", "c", "idiom"}


def test_report_has_the_table_the_misses_and_a_png(tmp_path):
    parse = fake_parser({"x": "greet", "y": "faq"})
    intents = score_intents({"greet": ["x", "y"]}, parse)
    crisis = score_crisis({"crisis": []}, parse)
    report = write_report(intents, crisis, tmp_path).read_text()
    assert "Intent accuracy: 1/2 = 50.0%" in report
    assert "| greet | faq | 0.90 | y |" in report
    assert (tmp_path / "confusion.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_report_puts_the_fresh_set_first_with_its_own_misses_and_picture(tmp_path):
    parse = fake_parser({"x": "greet", "y": "faq", "z": "thank"})
    intents = score_intents({"greet": ["x"]}, parse)
    fresh = score_intents({"thank": ["z", "y"]}, parse)
    report = write_report(intents, score_crisis({"crisis": []}, parse), tmp_path, fresh_intents=fresh).read_text()
    assert report.index("Fresh intent accuracy: 1/2 = 50.0%") < report.index("Intent accuracy: 1/1 = 100.0%")
    assert "| thank | faq | 0.90 | y |" in report.split("### Fresh set: misread intents")[1]
    assert (tmp_path / "confusion-fresh.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_messages_seen_while_tuning_are_scored_apart():
    untouched, seen = split_seen({"greet": ["hej", "hejsa"], "thank": ["tak"]}, {"greet": ["hejsa"]})
    assert untouched == {"greet": ["hej"], "thank": ["tak"]}
    assert seen == {"greet": ["hejsa"], "thank": []}


def test_the_untouched_held_out_sets_are_big_enough():
    intents, _ = load_untouched_and_seen("intents.yml")
    crisis, _ = load_untouched_and_seen("crisis.yml")
    fresh = load_set(FRESH_SET)
    assert sum(len(texts) for texts in intents.values()) + sum(len(texts) for texts in fresh.values()) >= 400
    assert sum(len(texts) for texts in fresh.values()) >= 200
    assert len(crisis["crisis"]) >= 60 and len(crisis["not_crisis"]) >= 20


def training_examples():
    examples = set()
    for path in (PROJECT_ROOT / "data" / "nlu").glob("*.yml"):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            for line in str(block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    examples.add(line.strip()[2:].strip().lower())
    return examples


def test_no_held_out_or_development_message_is_a_training_example():
    trained = training_examples()
    assert len(trained) > 1000
    evaluated = [(name, text) for name, directory in (("held-out", HELD_OUT_DIR), ("dev", DEV_DIR))
                 for texts in load_set("intents.yml", directory).values() for text in texts]
    evaluated += [("crisis", text) for texts in load_set("crisis.yml").values() for text in texts]
    evaluated += [("fresh", text) for texts in load_set(FRESH_SET).values() for text in texts]
    leaked = [(name, text) for name, text in evaluated if text.strip().lower() in trained]
    assert leaked == []


def test_intents_are_scored_on_the_text_the_gateway_sends_to_the_model():
    read = []
    parse = as_the_gateway_sends(lambda text: read.append(text) or {"intent": {"name": "start_sick_leave"}})
    parse("jeg har fået lungebetændelse og mit cpr er 010190-1234")
    assert "lungebetændelse" not in read[0] and "010190-1234" not in read[0]
    assert read[0].startswith("jeg har fået ")
