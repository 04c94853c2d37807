"""Text helpers behind the NLU components: æ/ø/å folding and the typo-tolerant vocabulary."""
import pytest

from bot.text import Vocabulary, fold_danish


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


@pytest.mark.parametrize("words, share", [
    ([], 0.0), (["hej"], 1.0), (["hej", "kartoffel"], 0.5), (["xqzv", "plorg", "tak"], 1 / 3),
])
def test_known_share_is_the_fraction_of_known_words(words, share):
    assert VOCABULARY.known_share(words) == pytest.approx(share)
