"""The words of a chat answer, and phrases found among them: what every reader here starts from."""
from __future__ import annotations

import re
from typing import Iterable, List, Optional, Sequence, Tuple

from bot.text import one_edit_apart, squash_danish

_ELONGATED = re.compile(r"([^\W\d_])\1{2,}")
WORD = re.compile(r"[^\W_]+")


def plain_words(text: Optional[str]) -> List[str]:
    """Squashed words without punctuation or emoji: "Jaaa, tak!" → ["ja", "tak"], "don't" → ["dont"]."""
    text = _ELONGATED.sub(r"\1", (text or "").lower()).replace("'", "").replace("’", "")
    return WORD.findall(squash_danish(text))


def phrase_table(*phrases: str) -> Tuple[Tuple[str, ...], ...]:
    """Phrases as the word tuples the readers compare with ("ja tak" → ("ja", "tak"))."""
    return tuple(tuple(plain_words(phrase)) for phrase in phrases)


def same_word(typed: str, word: str, typo_length: Optional[int]) -> bool:
    if typed == word:
        return True
    return (typo_length is not None and len(word) >= typo_length and len(typed) >= typo_length - 1
            and one_edit_apart(typed, word))


def phrase_length_at(words: Sequence[str], index: int, phrase: Sequence[str],
                     typo_length: Optional[int] = None) -> int:
    """How many words `phrase` covers at `index` (0 when it is not there)."""
    if index + len(phrase) > len(words):
        return 0
    matches = all(same_word(words[index + offset], word, typo_length) for offset, word in enumerate(phrase))
    return len(phrase) if matches else 0


def longest_phrase_at(words: Sequence[str], index: int, phrases: Iterable[Sequence[str]],
                      typo_length: Optional[int] = None) -> Tuple[Tuple[str, ...], int]:
    best: Tuple[Tuple[str, ...], int] = ((), 0)
    for phrase in phrases:
        exact = phrase_length_at(words, index, phrase)
        covered = exact or phrase_length_at(words, index, phrase, typo_length)
        if covered and (covered, bool(exact)) > (best[1], False):
            best = (tuple(phrase), covered)
    return best


def contains_phrase(words: Sequence[str], phrases: Iterable[Sequence[str]]) -> bool:
    phrases = list(phrases)
    return any(phrase_length_at(words, index, phrase) for index in range(len(words)) for phrase in phrases)
