"""What to teach it next, the pure part: personal details scrubbed out of a misunderstood message (Danish
and English, with typos), which messages are worth keeping and why, grouping near-identical messages,
the export formats and the chart."""
import re
import xml.etree.ElementTree as ElementTree

import pytest
import yaml
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from bot.rules.teach import (
    MAX_TEXT_CHARS, Miss, bar_chart_svg, fallback_reason, group_misses, guessed_intent, heldout_yaml,
    missed_before_offer, mostly_placeholders, normalised, nlu_training_yaml, scrub, similarity, text_to_keep,
    with_stand_ins,
)


@pytest.mark.parametrize("written, kept", [
    # CPR numbers, in every shape people type them; a typo in one (an impossible date) still goes.
    ("mit cpr er 010190-1234", "mit cpr er [cpr]"),
    ("cpr 0101901234 tak", "cpr [cpr] tak"),
    ("cprnr: 01 01 90 1234", "cprnr: [cpr]"),
    ("my cpr is 311299-1234 ok", "my cpr is [cpr] ok"),
    ("cpr 310290-1234", "cpr [cpr]"),  # 31 February: not a real CPR number, but clearly meant as one
    ("jeg har [cpr-nummer] her", "jeg har [cpr] her"),  # as the gateway already left it
    # Phone numbers.
    ("ring på 20304050", "ring på [telefon]"),
    ("ring på 20 30 40 50", "ring på [telefon]"),
    ("tlf 2030 4050 efter kl 12", "tlf [telefon] efter kl 12"),
    ("mit nr er +45 20 30 40 50", "mit nr er [telefon]"),
    ("call me on +44 7700 900123", "call me on [telefon]"),
    ("0045-20304050 er mit nummer", "[telefon] er mit nummer"),
    # E-mail addresses, also spelt out.
    ("skriv til anna.hansen@gmail.com", "skriv til [email]"),
    ("min mail er anna (at) mail.dk", "min mail er [email]"),
    ("mail me at john.smith at outlook.com please", "mail me at [email] please"),
    # Names after "jeg hedder", "mit navn er", "my name is", with typos and in lower case.
    ("jeg hedder Mette Kowalski og søger job", "jeg hedder [navn] og søger job"),
    ("jeg heder anna og har mistet mit job", "jeg heder [navn] og har mistet mit job"),
    ("mit navm er søren", "mit navm er [navn]"),
    ("my name is John Smith and I need help", "my name is [navn] and I need help"),
    ("my nam is kate", "my nam is [navn]"),
    # Known first names and -sen surnames wherever they stand; a name that is also a word is kept at the
    # start of a sentence.
    ("hej det er Mette", "hej det er [navn]"),
    ("kan Ahmed Jensen ringe til mig", "kan [navn] ringe til mig"),
    ("min sagsbehandler Hansen svarer ikke", "min sagsbehandler [navn] svarer ikke"),
    ("Per uge søger jeg fem job", "Per uge søger jeg fem job"),
    ("det er svært at finde job", "det er svært at finde job"),
    # Health details, through the project's own health words (bot/privacy.py).
    ("jeg har kræft og kan ikke arbejde", "jeg har [helbred] og kan ikke arbejde"),
    ("jeg har depresion og stres", "jeg har [helbred] og [helbred]"),
    ("i have diabetes and cannot work", "i have [helbred] and cannot work"),
    ("jeg har [helbredsoplysning]", "jeg har [helbred]"),
    # Street addresses with house numbers, floors and postcodes.
    ("jeg bor på Vestergade 12, 2. tv, 8000 Aarhus C", "jeg bor på [adresse]"),
    ("flyttet til nørrebrogade 4b", "flyttet til [adresse]"),
    ("jeg bor på frederiksberg allé 5 st th", "jeg bor på [adresse]"),
    ("I live at 221 Baker Street", "I live at [adresse]"),
    # What is no personal detail stays: dates, amounts, small numbers, employers.
    ("sygemeldt fra 01-03-2024 og får 12.500 kr", "sygemeldt fra 01-03-2024 og får 12.500 kr"),
    ("har søgt 3 job hos Netto", "har søgt 3 job hos Netto"),
    # A user's own brackets cannot pass as an entity in training data.
    ("arbejder hos [Netto](employer)", "arbejder hos (Netto)(employer)"),
])
def test_personal_details_are_replaced_by_placeholders(written, kept):
    assert scrub(written) == kept


def test_the_name_the_login_gave_is_taken_out_wherever_and_however_it_is_written():
    assert scrub("hej det er zofia wisniewska her, kan i ringe", ["Zofia Wiśniewska"]) == \
        "hej det er [navn] wisniewska her, kan i ringe"
    assert scrub("hilsen ZOFIA", ["Zofia Wiśniewska"]) == "hilsen [navn]"
    assert scrub("jeg er Bjørk fra Aarhus", ["Bjørk Ø"]) == "jeg er [navn] fra Aarhus"
    assert scrub("hilsen bjoerk", ["Bjørk Ø"]) == "hilsen [navn]"


def test_every_kind_of_personal_detail_in_one_message_goes():
    written = ("Hej jeg hedder Anna Hansen, cpr 010190-1234, tlf 20304050, anna@hansen.dk, bor på Vestergade 3 "
               "og har stress")
    assert scrub(written) == ("Hej jeg hedder [navn], cpr [cpr], tlf [telefon], [email], bor på [adresse] "
                              "og har [helbred]")


@pytest.mark.parametrize("written, kept", [
    ("hvordan søger jeg fleksjob", "hvordan søger jeg fleksjob"),
    ("jeg hedder Anna", "jeg hedder [navn]"),
    ("ring 20304050", "ring [telefon]"),          # as many words as placeholders: kept
    ("Anna Hansen 20304050", None),               # only placeholders
    ("010190-1234", None),
    ("anna@hansen.dk 20304050 hej", None),        # more placeholders than words
    ("/ask_human", None),                         # a button pressed, not a message written
    ("", None),
    ("???", None),
])
def test_only_messages_that_say_more_than_their_placeholders_are_kept(written, kept):
    assert text_to_keep(written) == kept


def test_a_long_message_is_kept_cut_at_a_word():
    written = "jeg vil gerne vide " + "noget om dagpenge " * 40
    kept = text_to_keep(written)
    assert MAX_TEXT_CHARS - 10 <= len(kept) <= MAX_TEXT_CHARS and written.startswith(kept + " ")
    assert mostly_placeholders("[navn] [telefon] hej") and not mostly_placeholders("[navn] hej med dig")


def test_the_guessed_intent_is_the_first_that_is_not_the_fallback():
    parse = {"intent": {"name": "nlu_fallback", "confidence": 0.4},
             "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.4},
                                {"name": "log_job_activity", "confidence": 0.31},
                                {"name": "greet", "confidence": 0.2}]}
    assert guessed_intent(parse) == ("log_job_activity", 0.31)
    assert guessed_intent({"intent": {"name": "out_of_scope", "confidence": 0.9}}) == ("out_of_scope", 0.9)
    assert guessed_intent({"intent": {"name": "nlu_fallback", "confidence": 0.3}}) == (None, None)


@pytest.mark.parametrize("response, second_miss, reason", [
    ("utter_rephrase", False, "fallback"),
    ("utter_out_of_scope", False, "fallback"),
    ("utter_did_you_mean", False, "low_confidence"),
    ("utter_benefits_did_you_mean", False, "low_confidence"),
    ("utter_offer_person", True, "rephrase"),
    ("utter_benefits_did_you_mean", True, "rephrase"),
])
def test_why_a_missed_message_is_kept_follows_what_the_assistant_answered(response, second_miss, reason):
    assert fallback_reason(response, second_miss) == reason


def user(text, intent):
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def test_a_handoff_for_not_understood_is_about_the_message_before_the_yes_to_a_person():
    offer = {"event": "action", "name": "action_offer_contact"}
    events = [user("xq", "nlu_fallback"), user("zz blabla", "nlu_fallback"), user("ja", "affirm"), offer,
              user("skriftligt", "choose_written"), user("20304050", "nlu_fallback")]
    assert missed_before_offer(events)["text"] == "zz blabla"
    assert missed_before_offer([user("hej", "greet"), user("tal med en person", "ask_human")]) is None
    assert missed_before_offer([user("zz", "nlu_fallback"), user("tal med en person", "ask_human")])["text"] == "zz"


# --- Grouping ---

def misses(*texts, intent="faq", reason="fallback"):
    return [Miss(id=i + 1, text=text, guessed_intent=intent, reason=reason) for i, text in enumerate(texts)]


def test_near_identical_messages_are_grouped_with_counts_and_the_most_common_guess():
    items = [
        Miss(1, "hvordan søger jeg fleksjob", "ask_benefits", "fallback"),
        Miss(2, "hvordan soeger jeg flexjob", "ask_benefits", "rephrase"),
        Miss(3, "Hvordan søger jeg fleksjob?", "faq", "fallback"),
        Miss(4, "hvordan sogr jeg fleksjob", "ask_benefits", "low_confidence"),
        Miss(5, "kan jeg få hjælp til mit cv", "update_profile", "fallback"),
        Miss(6, "kan jeg faa hjaelp til mit cv", "update_profile", "handoff_not_understood"),
        Miss(7, "hvornår udbetales dagpenge", "faq", "fallback"),
    ]
    groups = group_misses(items)
    assert [(g.count, sorted(g.message_ids)) for g in groups] == [(4, [1, 2, 3, 4]), (2, [5, 6]), (1, [7])]
    fleksjob, cv, dagpenge = groups
    assert fleksjob.guessed_intent == "ask_benefits"
    assert fleksjob.reasons == {"fallback": 2, "low_confidence": 1, "rephrase": 1}
    assert fleksjob.representative in {"hvordan søger jeg fleksjob", "Hvordan søger jeg fleksjob?"}
    assert cv.reasons == {"fallback": 1, "handoff_not_understood": 1}
    assert dagpenge.representative == "hvornår udbetales dagpenge"


def test_different_questions_about_one_topic_stay_apart():
    groups = group_misses(misses("hvad er dagpengesatsen", "hvornår får jeg dagpenge", "hvad er dagpengesatsen"))
    assert sorted(g.count for g in groups) == [1, 2]
    assert similarity("hvad er dagpengesatsen", "hvornår får jeg dagpenge") < 0.6


def test_grouping_is_the_same_whatever_order_the_messages_come_in():
    texts = ["hvordan søger jeg fleksjob", "jeg vil tale med min sagsbehandler", "hvordan soger jeg fleksjob",
             "jeg vil tale med min sagsbehandlr", "hvad med ferie", "hvad med feriepenge"]
    forwards = group_misses(misses(*texts))
    backwards = group_misses(list(reversed(misses(*texts))))
    assert [(g.representative, g.count, g.message_ids) for g in forwards] == \
        [(g.representative, g.count, g.message_ids) for g in backwards]


def test_the_most_frequent_text_represents_its_group_and_marks_are_counted():
    items = [Miss(1, "hjælp", None, "fallback", "ask_human"), Miss(2, "hjælp!", None, "fallback", "ask_human"),
             Miss(3, "hjælp!", None, "fallback", None)]
    [group] = group_misses(items)
    assert group.representative == "hjælp!" and group.count == 3 and group.guessed_intent is None
    assert group.marked == {"ask_human": 2}
    assert group.texts == [("hjælp!", 2), ("hjælp", 1)]
    assert normalised("Hjælp!  Æbler, SØ  ") == "hjalp abler so"


# --- Export ---

def test_the_training_export_is_valid_rasa_nlu_data_with_stand_ins_for_the_placeholders():
    marked = [("ask_human", "jeg vil tale med [navn] om min sag"), ("start_sick_leave", "jeg har [helbred] i dag"),
              ("ask_human", "ring mig op på [telefon]"), ("greet", "hej hej"),
              ("ask_human", "hej hej"),  # marked again later: the newest mark wins
              ("faq", "hvad er satsen")]   # a retrieval intent needs its topic: left out, with a note
    text = nlu_training_yaml(marked, note="Exported for a test")
    data = RasaYAMLReader().reads(text)
    examples = {(m.get("intent"), m.get("text")) for m in data.intent_examples}
    assert examples == {("ask_human", "jeg vil tale med Anna om min sag"), ("ask_human", "ring mig op på 12345678"),
                        ("ask_human", "hej hej"), ("start_sick_leave", "jeg har [helbredsoplysning] i dag")}
    assert all(not m.get("entities") for m in data.intent_examples)
    assert text.startswith("# Exported for a test\n# 1 message(s) marked faq are left out")
    assert 'version: "3.1"\nnlu:\n- intent: ask_human\n  examples: |\n    - hej hej\n' in text


def test_an_empty_training_export_is_still_valid():
    assert RasaYAMLReader().reads(nlu_training_yaml([])).intent_examples == []


def test_the_heldout_export_has_the_shape_of_the_projects_evaluation_set():
    text = heldout_yaml([("ask_human", "kan jeg snakke med [navn]"), ("greet", "halløj: er der nogen?"),
                         ("ask_human", "- en person tak")], note="Marked in a test")
    assert text.startswith("# Marked in a test\n")
    assert yaml.safe_load(text) == {"ask_human": ["- en person tak", "kan jeg snakke med Anna"],
                                    "greet": ["halløj: er der nogen?"]}
    assert "\nask_human:\n  - " in "\n" + text  # lists indented as tests/data/heldout/intents.yml has them
    assert yaml.safe_load(heldout_yaml([])) == {}


def test_a_stand_in_never_touches_a_parenthesis_so_rasa_reads_no_entity():
    assert with_stand_ins("[cpr](ikke sikker)") == "[cpr-nummer] (ikke sikker)"


# --- The chart ---

def test_the_chart_has_one_bar_per_group_as_long_as_its_count_with_text_escaped():
    groups = group_misses(misses(*(["<script>alert(1)</script> & hvad"] * 4 + ["hvad med ferie"] * 2 + ["zz"])))
    svg = bar_chart_svg(groups)
    root = ElementTree.fromstring(svg)  # well-formed XML: nothing a message says can break out of it
    ns = {"svg": "http://www.w3.org/2000/svg"}
    widths = [float(rect.get("width")) for rect in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert len(widths) == 3 and widths[0] == 2 * widths[1] and widths[0] > widths[2]
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert root.get("role") == "img" and root.find("svg:title", ns).text.startswith("De hyppigste")
    counts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if re.fullmatch(r"\d+", t.text or "")]
    assert counts == ["4", "2", "1"]


def test_the_chart_shows_at_most_ten_groups():
    groups = group_misses(misses(*[f"{word} {word}" for word in
                                   "alfa bravo charlie delta echo foxtrot golf hotel india juliet kilo lima".split()]))
    assert len(groups) == 12
    assert bar_chart_svg(groups).count("<rect") == 10
