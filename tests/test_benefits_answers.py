"""Benefits FAQ: every topic renders in Danish and English with each figure equal to the rates file and
dated, sources last with official ones first, and every topic has training and held-out phrasings."""
import re
from datetime import date
from decimal import Decimal

import pytest
import yaml

from bot.language import guess_language
from bot.rules.benefits import answers as a
from bot.rules.benefits.rates import UnknownFigure, figure_names, load_rates
from bot.text import fold_danish, squash_danish
from tests.helpers import NLU_DIR, PROJECT_ROOT, benefit_questions, nlu_examples

DATES = (date(2026, 11, 23), date(2025, 6, 1))
LANGUAGES = ("da", "en")

RATES = load_rates()
TOPICS = a.load_topics()
KEYS = list(TOPICS)

# "21.092 kr." / "126,89 kr." and "DKK 21,092" / "DKK 126.89", with what follows them.
AMOUNT = {
    "da": re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*(?:,\d{2})?) kr\.(?=(?P<after>.{0,40}))"),
    "en": re.compile(r"DKK (\d{1,3}(?:,\d{3})*(?:\.\d{2})?)(?![\d,])(?=(?P<after>.{0,40}))"),
}
YEAR_AFTER = {
    "da": re.compile(r"^(?: (?:om måneden|om ugen|i timen|om dagen))? \((?:sats|tal) for (\d{4})\)"),
    "en": re.compile(r"^(?: (?:a month|a week|an hour|a day))? \((\d{4}) (?:rate|figure)\)"),
}
# Anything that looks like money, however written; every such spot must be a dated figure.
MONEY_LIKE = re.compile(r"\d[\d.,]*\s*(?:kr\b|kroner|DKK)|(?:kr\.?|DKK)\s*\d", re.IGNORECASE)


def to_decimal(text, language):
    if language == "da":
        return Decimal(text.replace(".", "").replace(",", "."))
    return Decimal(text.replace(",", ""))


def body(rendered):
    """The answer without the sources line (URLs hold digits that are not amounts)."""
    return rendered.rsplit("\n\n", 1)[0]


BENEFIT_EXAMPLES = nlu_examples(NLU_DIR / "benefits.yml")
OTHER_EXAMPLES = {intent: examples for path in sorted(NLU_DIR.glob("*.yml")) if path.name != "benefits.yml"
                  for intent, examples in nlu_examples(path).items()}
HELD_OUT_QUESTIONS = benefit_questions()


def normalised(text):
    """Strict: "søgte", "soegte" and "sogte" are the same question."""
    return " ".join(re.sub(r"[^\w\s§-]", " ", squash_danish(text)).split())


def as_featurised(text):
    """What the tokenizer hands the featurizers: æøå folded to ae/oe/aa, so "ø" and "o" still differ."""
    return " ".join(re.sub(r"[^\w\s§-]", " ", fold_danish(text)).split())


def test_there_are_at_least_42_topics_with_unique_snake_case_keys():
    assert len(TOPICS) >= 42
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", key) for key in TOPICS)


@pytest.mark.parametrize("today", DATES)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", KEYS)
def test_every_topic_renders_without_placeholders(key, language, today):
    text = a.render_answer(key, language, RATES, today)
    assert "{" not in text and "}" not in text
    assert len(body(text)) > 80


@pytest.mark.parametrize("today", DATES)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", KEYS)
def test_every_amount_equals_the_rates_file_and_states_its_year(key, language, today):
    text = body(a.render_answer(key, language, RATES, today))
    in_files = {(item.value, year) for year, figures in RATES.items() for item in figures.values()}
    matches = list(AMOUNT[language].finditer(text))
    for match in matches:
        year = YEAR_AFTER[language].match(match.group("after"))
        assert year, f"no year next to {match.group(0)!r}"
        assert (to_decimal(match.group(1), language), int(year.group(1))) in in_files, match.group(0)
        assert int(year.group(1)) <= today.year
    assert len(MONEY_LIKE.findall(text)) == len(matches), "an amount in a form the test does not know"


@pytest.mark.parametrize("key", KEYS)
def test_answers_hold_no_literal_amounts_only_placeholders(key):
    topic = TOPICS[key]
    for text in (topic.da, topic.en):
        assert not MONEY_LIKE.search(text), text
        assert set(a.placeholders(text)) <= figure_names(RATES)
    assert set(a.placeholders(topic.da)) == set(a.placeholders(topic.en))


def test_the_figures_answers_quote_are_in_the_rates_files():
    quoted = {name for topic in TOPICS.values() for name in a.placeholders(topic.da)}
    assert quoted and quoted <= figure_names(RATES)


@pytest.mark.parametrize("key", KEYS)
def test_answers_are_two_to_five_short_sentences(key):
    for text in (TOPICS[key].da, TOPICS[key].en):
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\"])", text)
        assert 2 <= len(sentences) <= 5, text


def test_a_figure_from_an_earlier_year_says_so_and_links_the_current_rates():
    da = a.render_answer("dagpenge_rate", "da", RATES, date(2026, 11, 23))
    assert "21.092 kr. om måneden (sats for 2025)" in da
    assert "Det nyeste tal, vi har, er fra 2025 — se den aktuelle sats på https://bm.dk/satser/." in da
    en = a.render_answer("dagpenge_rate", "en", RATES, date(2026, 11, 23))
    assert "DKK 21,092 a month (2025 rate)" in en and "The newest figure we have is from 2025" in en


def test_a_current_figure_has_no_stale_sentence():
    da = a.render_answer("dagpenge_rate", "da", RATES, date(2025, 6, 1))
    assert "(sats for 2025)" in da and "nyeste tal" not in da


def test_sygedagpenge_rates_say_they_are_from_2024_and_not_official():
    da = a.render_answer("sygedagpenge_rate", "da", RATES, date(2025, 6, 1))
    assert "126,89 kr. i timen (sats for 2024)" in da and "4.695 kr. om ugen (sats for 2024)" in da
    assert "Det nyeste tal, vi har, er fra 2024" in da
    assert "Tallene fra 2024 kommer fra dag.dk, som ikke er en officiel kilde." in da
    en = a.render_answer("sygedagpenge_rate", "en", RATES, date(2025, 6, 1))
    assert "the 2024 figures come from dag.dk, which is not an official source" in en


def test_a_lump_sum_is_dated_as_a_figure_not_a_rate():
    da = a.render_answer("dagpenge_earning_right", "da", RATES, date(2025, 6, 1))
    assert "273.504 kr. (tal for 2025)" in da


@pytest.mark.parametrize("language, label", [("da", "Kilde"), ("en", "Source")])
@pytest.mark.parametrize("key", KEYS)
def test_every_answer_ends_with_its_sources(key, language, label):
    last = a.render_answer(key, language, RATES, date(2026, 11, 23)).rsplit("\n\n", 1)[1]
    assert last.startswith(label)
    for source in TOPICS[key].sources:
        assert source.url in last


@pytest.mark.parametrize("key", KEYS)
def test_every_topic_has_https_sources_with_official_ones_first(key):
    sources = TOPICS[key].sources
    assert sources and all(source.url.startswith("https://") for source in sources)
    kinds = [source.kind for source in sources]
    assert kinds == sorted(kinds, key=lambda kind: kind != "official")


def test_most_topics_have_an_official_source():
    with_official = [key for key, topic in TOPICS.items() if any(s.official for s in topic.sources)]
    assert len(with_official) >= len(TOPICS) - 6


@pytest.mark.parametrize("key", KEYS)
def test_related_topics_exist_and_the_fields_are_valid(key):
    topic = TOPICS[key]
    assert all(other in TOPICS and other != key for other in topic.related)
    assert topic.calculator in (None, "dagpenge", "sygedagpenge")
    assert topic.own_case is False
    assert topic.title_da and topic.title_en


def test_the_rate_topics_offer_the_calculators():
    assert TOPICS["dagpenge_rate"].calculator == "dagpenge"
    assert TOPICS["sygedagpenge_rate"].calculator == "sygedagpenge"


def test_the_reform_topics_say_from_when():
    for key in ("kontanthjaelp_reform_2025", "kontanthjaelp_225_hour_rule", "kontanthjaelp_ceiling",
                "kontanthjaelp_uddannelseshjaelp", "kontanthjaelp_rates"):
        assert "1. juli 2025" in TOPICS[key].da and "1 July 2025" in TOPICS[key].en
    assert "1. januar 2025" in TOPICS["kontanthjaelp_work_obligation"].da


def test_unverified_amounts_are_said_to_be_unverified_not_guessed():
    assert "ikke kunnet bekræfte" in TOPICS["kontanthjaelp_rates"].da
    assert "ikke kunnet bekræfte" in TOPICS["kontanthjaelp_earnings"].da
    assert not a.placeholders(TOPICS["kontanthjaelp_earnings"].da)
    # The new kontanthjælp rates have no verified amounts: only the old rates' figures are quoted.
    assert set(a.placeholders(TOPICS["kontanthjaelp_rates"].da)) == {
        "kontanthjaelp_30_plus_with_children", "kontanthjaelp_30_plus_without_children",
        "kontanthjaelp_under_30_living_away_from_home", "kontanthjaelp_under_30_living_at_home"}


@pytest.mark.parametrize("language, expected", [
    ("da", ["Beløbene for de nye satser har jeg ikke kunnet bekræfte",
            "de gamle satser fra før 1. juli 2025",
            "fyldt 30 med børn 16.382 kr. om måneden (sats for 2024)",
            "fyldt 30 uden børn 12.326 kr. om måneden (sats for 2024)",
            "under 30 og udeboende 7.945 kr. om måneden (sats for 2024)",
            "under 30 og hjemmeboende 3.834 kr. om måneden (sats for 2024)",
            "Det nyeste tal, vi har, er fra 2024 — se den aktuelle sats på https://bm.dk/satser/.",
            "Bemærk: Nogle af tallene fra 2024 kommer fra seniorfolk.dk, som ikke er en officiel kilde.",
            "https://bm.dk/satser/satser-for-2024/kontanthjaelpsloft"]),
    ("en", ["I have not been able to confirm the amounts of the new rates",
            "aged 30 or over with children DKK 16,382 a month (2024 rate)",
            "under 30 and living with your parents DKK 3,834 a month (2024 rate)",
            "The newest figure we have is from 2024 — see the current rate at https://bm.dk/satser/.",
            "Note: some of the 2024 figures come from seniorfolk.dk, which is not an official source."]),
])
def test_kontanthjaelp_rates_give_the_newest_verified_figures_with_their_year_and_the_official_page(
        language, expected):
    text = a.render_answer("kontanthjaelp_rates", language, RATES, date(2026, 12, 1))
    for part in expected:
        assert part in text


def test_a_year_with_only_third_party_figures_says_all_of_them_are_third_party():
    da = a.render_answer("sygedagpenge_rate", "da", RATES, date(2026, 12, 1))
    assert "Bemærk: Tallene fra 2024 kommer fra dag.dk" in da and "Nogle af" not in da


# ---------------------------------------------------------------- an answer that depends on the municipality

JOURNAL_SETTING = "journal_counts_as_jobnet_joblog"


@pytest.mark.parametrize("language, settings_on, starts, says", [
    ("da", (), "Nej.", "skal du stadig skrive dine ansøgninger i jobloggen på Jobnet"),
    ("en", (), "No.", "you must still enter your applications in the job log on Jobnet"),
    ("da", (JOURNAL_SETTING,), "Ja.", "tæller som din joblog"),
    ("en", (JOURNAL_SETTING,), "Yes.", "counts as your job log"),
])
def test_whether_the_journal_counts_as_the_jobnet_joblog_follows_the_municipal_setting(
        language, settings_on, starts, says):
    text = a.render_answer("journal_and_jobnet_joblog", language, RATES, date(2026, 12, 1), settings_on=settings_on)
    assert text.startswith(starts) and says in text
    assert "https://www.star.dk/" in text.rsplit("\n\n", 1)[1]


def test_a_setting_no_topic_depends_on_changes_no_answer():
    assert a.render_answer("dagpenge_rate", "da", RATES, date(2026, 12, 1), settings_on=(JOURNAL_SETTING,)) == \
        a.render_answer("dagpenge_rate", "da", RATES, date(2026, 12, 1))


@pytest.mark.parametrize("key", [key for key, topic in TOPICS.items() if topic.setting])
def test_the_setting_variants_follow_the_same_rules_as_the_answers(key):
    topic = TOPICS[key]
    assert topic.setting in a.MUNICIPAL_SETTINGS
    for text in (topic.da_when_on, topic.en_when_on):
        assert not MONEY_LIKE.search(text)
        assert 2 <= len(re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\"])", text)) <= 5, text
    assert set(a.placeholders(topic.da_when_on)) == set(a.placeholders(topic.en_when_on))


@pytest.mark.parametrize("when_on, message", [
    ("  when_setting_on: {setting: no_such_setting, da: x, en: x}\n", "no_such_setting|must be one of"),
    ("  when_setting_on: {setting: journal_counts_as_jobnet_joblog, da: x}\n", "needs setting, da and en"),
])
def test_a_broken_setting_variant_fails_and_says_where(tmp_path, when_on, message):
    path = tmp_path / "benefits.yml"
    path.write_text("topics:\n- key: a\n  title_da: A\n  title_en: A\n  da: x\n  en: x\n  own_case: false\n"
                    "  sources: [{title: S, url: 'https://a.dk', kind: official}]\n" + when_on, encoding="utf-8")
    with pytest.raises(a.TopicsFileError, match=message):
        a.load_topics(path)


def make_topic(text):
    return {"t": a.Topic(key="t", title_da="T", title_en="T", da=text, en=text, related=(), calculator=None,
                         own_case=False, sources=(a.Source("S", "https://example.org", "official"),))}


def test_an_unknown_placeholder_raises_instead_of_reaching_a_citizen():
    with pytest.raises(UnknownFigure):
        a.render_answer("t", "da", RATES, date(2025, 6, 1), topics=make_topic("Satsen er {no_such_figure}. Ja."))


@pytest.mark.parametrize("text", ["Satsen er {dagpenge_max_full_time:>10}.", "Satsen er {}.", "En } for meget."])
def test_a_malformed_placeholder_raises(text):
    with pytest.raises(ValueError):
        a.render_answer("t", "da", RATES, date(2025, 6, 1), topics=make_topic(text))


def test_an_unknown_topic_raises():
    with pytest.raises(a.UnknownTopic):
        a.render_answer("no_such_topic", "da", RATES, date(2025, 6, 1))


def test_an_unverified_figure_is_never_shown_as_an_amount(tmp_path):
    (tmp_path / "2025.yml").write_text(
        "year: 2025\nfigures:\n  dagpenge_max_full_time:\n    value: 99999\n    unit: kr/måned\n"
        "    source: https://example.org/unverified\n    source_kind: third_party\n    verified: false\n",
        encoding="utf-8")
    text = a.render_answer("t", "da", load_rates(tmp_path), date(2025, 6, 1),
                           topics=make_topic("Du kan højst få {dagpenge_max_full_time}. Spørg a-kassen."))
    assert "99.999" not in text and "99999" not in text
    assert "et beløb, vi ikke har et bekræftet tal for (se https://example.org/unverified)" in text


def test_a_broken_topics_file_fails_and_says_where(tmp_path):
    path = tmp_path / "benefits.yml"
    path.write_text("topics:\n- key: a\n  title_da: A\n  title_en: A\n  da: x\n  en: x\n  own_case: false\n"
                    "  sources: [{title: S, url: 'https://a.dk', kind: official}]\n  related: [nope]\n",
                    encoding="utf-8")
    with pytest.raises(a.TopicsFileError, match="nope"):
        a.load_topics(path)


# ---------------------------------------------------------------- training and held-out phrasings

def test_the_nlu_file_has_exactly_one_retrieval_intent_per_topic():
    retrieval_intents = {intent for intent in BENEFIT_EXAMPLES if intent.startswith("faq/")}
    assert retrieval_intents == {f"faq/{key}" for key in TOPICS}


@pytest.mark.parametrize("key", KEYS)
def test_every_topic_has_six_danish_and_three_english_examples(key):
    examples = BENEFIT_EXAMPLES[f"faq/{key}"]
    languages = [guess_language(example) for example in examples]
    assert languages.count("da") >= 6, examples
    assert languages.count("en") >= 3, examples
    assert len({as_featurised(example) for example in examples}) == len(examples)


def test_benefit_examples_do_not_repeat_examples_of_other_intents():
    others = {normalised(example): intent for intent, examples in OTHER_EXAMPLES.items() for example in examples}
    seen = {}
    for intent, examples in BENEFIT_EXAMPLES.items():
        for example in examples:
            key = normalised(example)
            assert key not in others, f"{example!r} is also an example of {others[key]}"
            assert seen.setdefault(key, intent) == intent, f"{example!r} is in {intent} and {seen[key]}"


def test_every_topic_has_held_out_questions():
    assert set(HELD_OUT_QUESTIONS) == set(TOPICS)


@pytest.mark.parametrize("key", KEYS)
def test_held_out_questions_have_danish_and_english_phrasings(key):
    questions = HELD_OUT_QUESTIONS[key]
    assert len(questions) >= 3
    languages = [guess_language(question) for question in questions]
    assert "en" in languages and languages.count("en") < len(questions)


def test_held_out_questions_are_not_in_the_training_data():
    trained = {normalised(example) for examples in list(BENEFIT_EXAMPLES.values()) + list(OTHER_EXAMPLES.values())
               for example in examples}
    leaked = [q for questions in HELD_OUT_QUESTIONS.values() for q in questions if normalised(q) in trained]
    assert not leaked


RESPONSES = {name: variants for path in sorted((PROJECT_ROOT / "data" / "responses").glob("*.yml"))
             for name, variants in yaml.safe_load(path.read_text(encoding="utf-8"))["responses"].items()}


@pytest.mark.parametrize("key", KEYS)
def test_every_topic_has_its_title_response_for_the_response_selector(key):
    assert RESPONSES[f"utter_faq/{key}"] == [{"text": TOPICS[key].title_da}]


@pytest.mark.parametrize("intent", ["start_sick_leave", "log_job_activity", "post_vacancy", "ask_human"])
def test_requests_to_do_something_are_examples_of_the_journey_not_of_a_topic(intent):
    from bot.rules.benefits.questions import requested_journey

    faq_requests = [example for name, examples in BENEFIT_EXAMPLES.items() if name.startswith("faq/")
                    for example in examples if requested_journey(example) == intent]
    assert faq_requests == []
    assert all(requested_journey(example) == intent for example in BENEFIT_EXAMPLES.get(intent, []))
