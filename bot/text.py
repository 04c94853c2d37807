"""Small text helpers shared by the NLU components and the rules."""
from __future__ import annotations

_FOLDS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ä": "ae", "ö": "oe"})


def fold_danish(text: str) -> str:
    """Lower-cases and writes æ, ø and å the way a keyboard without them does (ae, oe, aa)."""
    return text.lower().translate(_FOLDS)
