"""Small text helpers shared by the NLU components and the rules."""
from __future__ import annotations

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

    def known_share(self, words) -> float:
        """The share of `words` the model has seen (0.0 for no words)."""
        words = [word for word in words if word]
        if not words:
            return 0.0
        return sum(1 for word in words if self.knows(word)) / len(words)


_SQUASHES = (("aa", "a"), ("ae", "a"), ("oe", "o"))


def squash_danish(text: str) -> str:
    """fold_danish, then ae/oe/aa down to one letter, so "søgte", "soegte" and "sogte" all match
    "sogte": what people type on a keyboard without æ, ø and å varies."""
    folded = fold_danish(text)
    for long, short in _SQUASHES:
        folded = folded.replace(long, short)
    return folded
