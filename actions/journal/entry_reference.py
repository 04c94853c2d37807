"""Which journal entry a message points at ("slet den med DSV", "den sidste", "Vestsa") and what it
asks to have done with it ("ret datoen på den med Vestas til 25/11"). Pure: no Rasa, no database.
It belongs with the journal's rules in bot/rules/journal.py, and stays here while that module is
owned by another change."""
from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Sequence, Tuple

from bot.rules import journal as rules
from bot.rules.reading import read_correction
from bot.text import one_edit_apart, squash_danish

logger = logging.getLogger(__name__)


def _squashed_set(*words: str) -> set:
    return {squash_danish(word) for word in words}


_TOKEN = re.compile(r"[^\W_]+")
_DELETE_STEMS = _squashed_set("slet", "fjern")
_DELETE_WORDS = _squashed_set("delete", "remove", "erase")
_EDIT_WORDS = _squashed_set("ret", "rette", "retter", "rettes", "ændr", "ændre", "ændres", "endre", "rediger",
                            "redigere", "opdater", "opdatere", "change", "edit", "correct", "fix", "update")
_NEWEST_WORDS = _squashed_set("sidste", "allersidste", "seneste", "nyeste", "last", "latest", "newest", "recent")
# "i sidste uge", "last Monday": a time, not the newest entry.
_PERIOD_WORDS = _squashed_set("uge", "ugen", "måned", "måneden", "år", "året", "weekend", "week", "month", "year",
                              "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag", "monday",
                              "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The words around a name that only say which entry is meant: "på den med Vestas", "the Scandic entry".
_REFERENCE_BEFORE = _squashed_set(
    "på", "for", "i", "ved", "fra", "om", "af", "den", "det", "min", "mit", "mine", "ansøgning", "ansøgningen",
    "aktivitet", "aktiviteten", "med", "til", "hos", "the", "one", "on", "of", "in", "at", "with", "from", "my",
    "most", "entry", "application", "activity")
_REFERENCE_AFTER = _squashed_set("ansøgning", "ansøgningen", "aktivitet", "aktiviteten", "entry", "application",
                                 "activity")
_LOGGED_BY = _squashed_set("jeg", "i")
_LOGGED_WORDS = _squashed_set("loggede", "skrev", "lavede", "sendte", "søgte", "tilføjede", "gemte", "logged",
                              "wrote", "added", "made", "saved", "entered", "sent")
_NAME_TYPO_LENGTH = 5

Token = Tuple[str, int, int]
Span = Tuple[int, int]


def _tokens(text: str) -> List[Token]:
    """Squashed words with where they stand in the text."""
    return [(squash_danish(match.group(0)), match.start(), match.end()) for match in _TOKEN.finditer(text or "")]


def _same_name_word(typed: str, word: str) -> bool:
    return typed == word or (len(word) >= _NAME_TYPO_LENGTH and len(typed) >= _NAME_TYPO_LENGTH - 1
                             and one_edit_apart(typed, word))


def _name_span(tokens: Sequence[Token], name: Optional[str], one_word: bool = False) -> Optional[Span]:
    """The tokens where `name` is written (æøå spelt any way, one typo forgiven in longer words)."""
    wanted = [word for word, _start, _end in _tokens(name or "")]
    for first in range(len(tokens) - len(wanted) + 1 if wanted else 0):
        if all(_same_name_word(tokens[first + offset][0], word) for offset, word in enumerate(wanted)):
            return first, first + len(wanted)
    # One telling word of a longer name is enough ("slet den med Solbakken" for "Solbakken
    # Plejecenter"), when no entry is named in full (see entries_named).
    for index, (typed, _start, _end) in enumerate(tokens if one_word and len(wanted) > 1 else ()):
        if any(len(word) >= 5 and _same_name_word(typed, word) for word in wanted):
            return index, index + 1
    return None


def _entry_span(tokens: Sequence[Token], entry: Dict[str, Any], one_word: bool = False) -> Optional[Span]:
    return _name_span(tokens, entry["employer"], one_word) or _name_span(tokens, entry["job_title"], one_word)


def _newest_span(tokens: Sequence[Token]) -> Optional[Span]:
    """ "den sidste", "min seneste", "the last one"; not "i sidste uge"."""
    for index, (word, _start, _end) in enumerate(tokens):
        after = tokens[index + 1][0] if index + 1 < len(tokens) else ""
        if word in _NEWEST_WORDS and after not in _PERIOD_WORDS:
            return index, index + 1
    return None


def _reference_span(tokens: Sequence[Token], span: Span) -> Span:
    """`span` widened to the words that only point at the entry: "på den med Vestas", "den sidste jeg
    loggede", "the Scandic entry"."""
    first, end = span
    while first > 0 and tokens[first - 1][0] in _REFERENCE_BEFORE:
        first -= 1
    while end < len(tokens) and (tokens[end][0] in _REFERENCE_AFTER or tokens[end][0] == "one"):
        end += 1
    if end + 1 < len(tokens) and tokens[end][0] in _LOGGED_BY and tokens[end + 1][0] in _LOGGED_WORDS:
        end += 2
    return first, end


def _merged(spans: Sequence[Span]) -> List[Span]:
    merged: List[Span] = []
    for first, end in sorted(spans):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((first, end))
    return merged


def _without(text: str, tokens: Sequence[Token], spans: Sequence[Span]) -> str:
    for first, end in reversed(_merged(spans)):
        text = text[:tokens[first][1]] + " " + text[tokens[end - 1][2]:]
    return text


def entries_named(text: str, entries: Sequence[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The entries whose employer or job title the text names ("den med DSV", "Vestsa", "fotex")."""
    tokens = _tokens(text)
    named = [entry for entry in entries if _entry_span(tokens, entry)]
    return named or [entry for entry in entries if _entry_span(tokens, entry, one_word=True)]


def entry_in_message(text: str, entries: Sequence[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The one entry a message points at: the only one it names, or the newest ("den sidste", "the
    last one") of those it names or of all. `entries` are newest first."""
    tokens = _tokens(text)
    named = entries_named(text, entries)
    if _newest_span(tokens):
        pool = named or list(entries)
        return pool[0] if pool else None
    return named[0] if len(named) == 1 else None


def _request_kind(words: set) -> Optional[str]:
    deletes = bool(words & _DELETE_WORDS) or any(word.startswith(stem) for word in words for stem in _DELETE_STEMS)
    edits = bool(words & _EDIT_WORDS)
    if deletes == edits:
        return None
    return "delete" if deletes else "edit"


def read_pick_request(text: str, pointed_at: Sequence[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """What a change message asks for besides which entry: {"action": "delete"} when it points at an
    entry ("slet den med DSV", "den sidste"), {"action": "edit", "field": ..., "value": ...} (field and
    value None when not given), or None. "ret datoen på den med Vestas til 25/11" → edit applied_on
    "25/11": the words pointing at the entries in `pointed_at` are left out first."""
    tokens = _tokens(text)
    pointers = [span for entry in pointed_at
                for span in [_entry_span(tokens, entry) or _entry_span(tokens, entry, one_word=True)] if span]
    pointers += [span for span in [_newest_span(tokens)] if span]
    # "på min ansøgning" points at no entry in particular, but is no part of the new value either.
    nouns = [(index, index + 1) for index, (word, _start, _end) in enumerate(tokens) if word in _REFERENCE_AFTER]
    references = [_reference_span(tokens, span) for span in pointers + nouns]
    correction = read_correction(_without(text, tokens, references), rules.FIELD_WORDS)
    kind = _request_kind({word for word, _start, _end in tokens})
    if kind == "delete":
        # "slet en ansøgning" names no entry: the chosen one is shown with its buttons, as always.
        return {"action": "delete"} if pointers else None
    if kind == "edit" or correction.field:
        return {"action": "edit", "field": correction.field, "value": correction.value}
    return None

