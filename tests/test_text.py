"""Text helpers behind the NLU components: æ/ø/å folding and the typo-tolerant vocabulary."""
import pytest

import re

from bot.text import Vocabulary, danish_pattern, fold_danish, nearest_word, one_edit_apart, squash_danish


@pytest.mark.parametrize("text, folded", [
    ("Hjælp", "hjaelp"), ("SØG", "soeg"), ("får", "faar"), ("Småjob", "smaajob"), ("café", "cafe"),
    ("hjaelp", "hjaelp"),
])
def test_fold_danish_writes_aeoeaa_like_a_keyboard_without_them(text, folded):
    assert fold_danish(text) == folded


VOCABULARY = Vocabulary(["hej", "medarbejder", "jobjournal", "sygemeldt", "kontanthjælp", "tak"])


@pytest.mark.parametrize("word", [
    "hej", "HEJ", "medarbejder", "medarbjder", "medarbejdre", "medarbejderr", "jobjornal",
    "sygmeldt", "kontanthjaelp", "kontanthjælp",
])
def test_known_words_and_single_typos_are_known(word):
    assert VOCABULARY.knows(word)


@pytest.mark.parametrize("word", ["xqzv", "kartoffel", "he", "hj", "tk", "medrbjeder", "blørk"])
def test_unknown_words_short_typos_and_double_typos_are_unknown(word):
    assert not VOCABULARY.knows(word)


@pytest.mark.parametrize("text, squashed", [
    ("søgte", "sogte"), ("soegte", "sogte"), ("sogte", "sogte"), ("Pædagog", "padagog"), ("i går", "i gar"),
    ("i gaar", "i gar"),
])
def test_squash_danish_makes_every_keyboard_spelling_one(text, squashed):
    assert squash_danish(text) == squashed


@pytest.mark.parametrize("text", ["Pædagog", "paedagog", "padagog", "PÆDAGOG"])
def test_a_danish_pattern_matches_every_spelling_in_the_original_text(text):
    match = re.search(danish_pattern("pædagog"), f"jeg er {text}", re.IGNORECASE)
    assert match and match.group(0) == text


@pytest.mark.parametrize("word, other, near", [
    ("medarbejder", "medarbjder", True), ("medarbejder", "medarbejdre", True), ("korrekt", "korekt", True),
    ("korrekt", "korrektt", True), ("korrekt", "kurrekt", True), ("korrekt", "krorekt", True),
    ("korrekt", "kroket", False),
    ("korrekt", "korrekt", True), ("ja", "nej", False),
])
def test_one_edit_apart_forgives_one_typo(word, other, near):
    assert one_edit_apart(word, other) is near


@pytest.mark.parametrize("word, expected", [
    ("annuller", "annuller"), ("anuller", "annuller"), ("afbyrd", "afbryd"), ("afbryde", "afbryd"),
    ("stop", "stop"), ("stp", None),           # too short to guess
    ("annullre", None),                        # one typo from two words: not guessed
    ("kartoffel", None),
])
def test_nearest_word_guesses_only_one_long_word(word, expected):
    assert nearest_word(word, ["annuller", "annullere", "afbryd", "stop"], min_length=6) == expected
