"""A whitespace tokenizer that hands the featurizers each word's dictionary lemma, folded the way
Danes type without æ/ø/å ("søgte", "soegte" and "ansøgninger" become "soege" and "ansoegning"), so
inflected forms and both spellings share features.

The lemmas come from simplemma's Danish and English dictionaries, which ship inside the package:
nothing is downloaded. Danish dictionary keys are written with æ/ø/å, so a word typed without them
("laegen", "sogte") is looked up in a map from its folded (or squashed) form to the lemma, built once,
lazily, from the same dictionary.
"""
from __future__ import annotations

import sys
import threading
from functools import lru_cache
from typing import Dict, List, Optional, Text

import simplemma
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from simplemma.strategies.dictionaries import DefaultDictionaryFactory

from bot.text import fold_danish, squash_danish

LANGUAGES = ("da", "en")

_maps_lock = threading.Lock()
_maps: Optional[Dict[str, Dict[str, str]]] = None


def _ascii_maps() -> Dict[str, Dict[str, str]]:
    """{"folded": {"laegen": "læge", ...}, "squashed": {"lagen": "læge", ...}} for every Danish
    dictionary form with æ/ø/å in it. Where two forms fold alike, the first one in the dictionary
    wins; a squashed form that is itself a Danish word ("far") is left out, so it keeps its own
    meaning."""
    global _maps
    with _maps_lock:
        if _maps is None:
            dictionary = DefaultDictionaryFactory().get_dictionary("da")
            folded: Dict[str, str] = {}
            squashed: Dict[str, str] = {}
            for form in dictionary:
                lower = form.lower()
                fold = fold_danish(lower)
                if fold == lower:
                    continue
                lemma = sys.intern(dictionary[form])  # many forms share one lemma
                folded.setdefault(fold, lemma)
                squash = squash_danish(lower)
                if squash != fold and squash not in dictionary:
                    squashed.setdefault(squash, lemma)
            _maps = {"folded": folded, "squashed": squashed}
        return _maps


def _is_ascii_spelling(word: str) -> bool:
    return word.isascii() and word.isalpha()


@lru_cache(maxsize=65536)
def folded_lemma(word: Text) -> Text:
    """The lemma of `word` in Danish (or else English), lower-cased and folded: "Søgte" -> "soege",
    "ansoegninger" -> "ansoegning", "applied" -> "apply". Words the dictionaries do not know come
    back folded as they are."""
    lower = word.lower()
    lemma = simplemma.lemmatize(lower, lang=LANGUAGES)
    if lemma == lower and _is_ascii_spelling(lower) and not simplemma.is_known(lower, lang=LANGUAGES):
        maps = _ascii_maps()
        lemma = maps["folded"].get(lower) or maps["squashed"].get(lower) or lower
    return fold_danish(lemma)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class DanishFoldingTokenizer(WhitespaceTokenizer):
    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens = super().tokenize(message, attribute)
        for token in tokens:
            # CountVectorsFeaturizer reads the lemma (use_lemma defaults to true); the token's text
            # and offsets stay untouched so entity positions still point into the original message.
            token.lemma = folded_lemma(token.text)
        return tokens
