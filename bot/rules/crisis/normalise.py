"""A message as the crisis tables read it: lower-case ASCII words, sentence breaks, short spellings
written out and one typo in a key word corrected."""
from __future__ import annotations

import re

from bot.text import one_edit_apart, squash_danish

_SPELLINGS = {"ik": "ikke", "ikk": "ikke", "ike": "ikke", "jg": "jeg", "mg": "mig", "mej": "mig",
              "migselv": "mig selv", "cannot": "cant", "wanna": "want to", "gonna": "going to",
              "kms": "kill myself"}
_PHRASES = [(re.compile(rf"(?<!\w){old}(?!\w)"), new) for old, new in (
    ("my self", "myself"), ("selv mord", "selvmord"), ("selv skad", "selvskad"), ("i hjel", "ihjel"),
    (r"self (harm\w*|injur\w*)", r"self\1"), ("do not", "dont"), ("can not", "cant"), ("i am", "im"),
    ("will not", "wont"), ("any more", "anymore"))]

# Key words whose typos are corrected; stems also cover compounds and inflections ("selvmordstanker").
_FUZZY_STEMS = ("selvmord", "selvskad", "suicid", "afskedsbrev", "farvelbrev", "overdos", "ligegyldig",
                "meningslos", "hablos", "livslede")
_FUZZY_WORDS = ("ihjel", "livet", "drabe", "draber", "skare", "skarer", "skade", "skader", "hange", "hanger",
                "springe", "toget", "taget", "piller", "pillerne", "tabletter", "farvel", "vagne", "vagner",
                "savne", "byrde", "pointen", "orker", "magter", "onsker", "myself", "himself", "herself",
                "killing", "burden", "goodbye", "better", "without", "anymore", "alive", "living", "cutter",
                "hurting", "nobody", "everyone", "hopeless", "pointless", "wrists")
# Ordinary words one letter from a key word, which must stay what they are.
_ORDINARY_WORDS = frozenset((
    "live", "lives", "lived", "liver", "river", "drab", "drage", "drager", "rabe", "kare", "sare", "spare",
    "sparer", "sparet", "share", "skarp", "stare", "skabe", "skaber", "kade", "hang", "hane", "hage", "hande",
    "hander", "change", "range", "danger", "hunger", "vane", "save", "farve", "farver", "farvet", "piler",
    "killer", "letter", "bitter", "butter", "setter", "batter", "alike", "olive", "giving", "loving",
    "liking", "lining", "diving", "billing", "filling", "willing", "gutter", "overdo", "overdone", "order",
    "worker", "matter", "mager", "hurtig", "tage", "tager", "noise", "nose", "skyde", "skyder", "burde"))
_ORDINARY_PREFIXES = ("selvmodsig",)  # selvmodsigende, selvmodsigelse: self-contradictory


def _corrected(word: str) -> str:
    """The key word a typo stands for. The first letter must match: typos rarely hit it, and most
    ordinary words one letter from a key word differ there ("mange", "bange" and "hange")."""
    if len(word) < 4 or word in _ORDINARY_WORDS or word in _FUZZY_WORDS or word.startswith(_ORDINARY_PREFIXES):
        return word
    for stem in _FUZZY_STEMS:
        if word.startswith(stem):
            return word
        for cut in (len(stem), len(stem) - 1, len(stem) + 1):
            if word[0] == stem[0] and len(word) >= cut and one_edit_apart(word[:cut], stem):
                return stem + word[cut:]
    matches = [key for key in _FUZZY_WORDS if key[0] == word[0] and one_edit_apart(word, key)]
    # A missing letter is the commonest typo: "osker" is "onsker" before it is "orker".
    return min(matches, key=lambda key: len(key) != len(word) + 1, default=word)


def normalise(text: str) -> str:
    """The message as lower-case ASCII words with single spaces and " . " between sentences."""
    squashed = re.sub(r"['’`´]", "", squash_danish(text))
    # A comma is no break: Danish puts one before "at" ("jeg ville ønske, at jeg var død").
    squashed = re.sub(r"[.!?;:()\[\]\n]+", " . ", squashed)
    words = " ".join(_SPELLINGS.get(word, word) for word in re.sub(r"[^a-z0-9.]+", " ", squashed).split())
    for phrase, replacement in _PHRASES:
        words = phrase.sub(replacement, words)
    return " ".join(_corrected(word) for word in words.split())
