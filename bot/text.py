"""Small text helpers shared by the NLU components and the rules."""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Mapping, Optional, Tuple

from rapidfuzz.distance import OSA

_FOLDS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ä": "ae", "ö": "oe"})


def fold_danish(text: str) -> str:
    """Lower-cases and writes æ, ø and å the way a keyboard without them does (ae, oe, aa)."""
    return text.lower().translate(_FOLDS)


def _one_deleted(word: str) -> set:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class Vocabulary:
    """The words a model was trained on, matched with one typo's slack (a letter missing, extra,
    wrong or two swapped) for words of four letters or more."""

    FUZZY_MIN_LENGTH = 4

    def __init__(self, words) -> None:
        self.words = {fold_danish(word) for word in words if word}
        self._with_one_deleted = set()
        for word in self.words:
            if len(word) >= self.FUZZY_MIN_LENGTH:
                self._with_one_deleted |= _one_deleted(word)

    def knows(self, word: str) -> bool:
        word = fold_danish(word)
        if word in self.words:
            return True
        if len(word) < self.FUZZY_MIN_LENGTH:
            return False
        if word in self._with_one_deleted:
            return True
        shorter = _one_deleted(word)
        return bool(shorter & self.words) or bool(shorter & self._with_one_deleted)


_SQUASHES = (("aa", "a"), ("ae", "a"), ("oe", "o"))


def squash_danish(text: str) -> str:
    """fold_danish, then ae/oe/aa down to one letter, so "søgte", "soegte" and "sogte" all match
    "sogte": what people type on a keyboard without æ, ø and å varies."""
    folded = fold_danish(text)
    for long, short in _SQUASHES:
        folded = folded.replace(long, short)
    return folded


def danish_pattern(pattern: str) -> str:
    """A regex written with æ, ø and å that also matches ae/oe/aa and a/o/a, against the original
    text (so match positions stay those of the text, unlike squash_danish)."""
    return (pattern.replace("æ", "(?:æ|ae|a)").replace("ø", "(?:ø|oe|o)").replace("å", "(?:å|aa|a)")
            .replace("é", "(?:é|e)"))


def danish_regex(pattern: str) -> "re.Pattern[str]":
    """danish_pattern(pattern) compiled to match regardless of case."""
    return re.compile(danish_pattern(pattern), re.IGNORECASE)


def one_edit_apart(word: str, other: str) -> bool:
    """Whether two words differ by at most one letter missing, extra or wrong, or two letters swapped."""
    return OSA.distance(word, other, score_cutoff=1) <= 1


def nearest_word(word: str, candidates: Iterable[str], min_length: int = 4) -> Optional[str]:
    """`word` itself when it is a candidate; else the one candidate of at least `min_length` letters
    it is one typo away from (the typed word may be a letter shorter). None when there is none, or
    more than one: a typo that could be either word is not guessed."""
    candidates = set(candidates)
    if word in candidates:
        return word
    if len(word) < min_length - 1:
        return None
    close = [candidate for candidate in candidates
             if len(candidate) >= min_length and one_edit_apart(word, candidate)]
    return close[0] if len(close) == 1 else None


def clean_text_value(raw: str) -> str:
    """Whitespace collapsed, control characters and surrounding punctuation dropped."""
    kept = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C" or ch in " \t\n")
    return re.sub(r"\s+", " ", kept).strip(" \t\n.,;:!?\"'()[]")


def has_letters_or_digits(value: str) -> bool:
    return any(ch.isalnum() for ch in value)


def tidy_name(value: str) -> str:
    """Capitalises a name written all in lower case ("bilka" → "Bilka"); leaves others alone."""
    return value[0].upper() + value[1:] if value and value.islower() else value


def trim(value: str, limit: int) -> Tuple[str, bool]:
    """`value` cut to `limit` characters at a word boundary, and whether it was cut."""
    if len(value) <= limit:
        return value, False
    cut = value[:limit]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:-"), True


def label_in(labels: Mapping[str, Tuple[str, str]], code: Optional[str], language: str) -> str:
    """The (Danish, English) label of `code` in the user's language; "–" for no code or an unknown one."""
    pair = labels.get(code or "")
    return (pair[1] if language == "en" else pair[0]) if pair else "–"
