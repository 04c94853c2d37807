"""The tokenizer hands the featurizers folded dictionary lemmas and leaves text and offsets alone."""
import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from components.danish_tokenizer import DanishFoldingTokenizer, folded_lemma


@pytest.fixture(scope="module")
def tokenizer():
    return DanishFoldingTokenizer(DanishFoldingTokenizer.get_default_config())


@pytest.mark.parametrize("word, lemma", [
    ("søgte", "soege"),
    ("søger", "soege"),
    ("ansøgninger", "ansoegning"),
    ("ansøgningen", "ansoegning"),
    ("lægen", "laege"),
    ("sygemeldt", "sygemelde"),
    ("forlænget", "forlaenge"),
    ("ryggen", "ryg"),
    ("jobbet", "job"),
    ("Søgte", "soege"),
])
def test_inflected_danish_words_share_their_lemma(word, lemma):
    assert folded_lemma(word) == lemma


@pytest.mark.parametrize("word, lemma", [
    ("soegte", "soege"),        # æ/ø/å written as ae/oe/aa
    ("ansoegninger", "ansoegning"),
    ("laegen", "laege"),
    ("forlaenget", "forlaenge"),
    ("sogte", "soege"),         # ... or left out altogether
    ("ansogninger", "ansoegning"),
    ("korekort", "koerekort"),
])
def test_words_typed_without_danish_letters_find_their_lemma(word, lemma):
    assert folded_lemma(word) == lemma


def test_a_squashed_spelling_that_is_a_word_of_its_own_keeps_its_meaning():
    assert folded_lemma("far") == "far"     # not "få"
    assert folded_lemma("lagen") == "lagen"  # a bed sheet, not "lægen"


@pytest.mark.parametrize("word, lemma", [
    ("applied", "apply"),
    ("working", "work"),
    ("sick", "sick"),
])
def test_english_words_are_lemmatized(word, lemma):
    assert folded_lemma(word) == lemma


@pytest.mark.parametrize("word", ["medarbejdr", "dsv", "4200", "xqzt"])
def test_unknown_words_come_back_folded_as_they_are(word):
    assert folded_lemma(word) == word


def test_text_and_offsets_are_unchanged(tokenizer):
    text = "Jeg søgte hos Føtex og har soegt 2 ansøgninger"
    tokens = tokenizer.tokenize(Message(data={TEXT: text}), TEXT)
    assert [token.text for token in tokens] == text.split()
    for token in tokens:
        assert text[token.start:token.end] == token.text
    assert [token.lemma for token in tokens] == [
        "jeg", "soege", "hos", "foetex", "og", "have", "soege", "2", "ansoegning"]


def test_lookups_are_cached():
    folded_lemma.cache_clear()
    folded_lemma("ansøgninger")
    folded_lemma("ansøgninger")
    assert folded_lemma.cache_info().hits == 1
