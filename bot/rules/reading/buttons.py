"""Which offered button a typed message presses: by title, by number, or by a yes or no."""
from __future__ import annotations

import re
from typing import List, Mapping, Optional, Sequence, Tuple

from rapidfuzz.distance import OSA

from bot.rules.reading.numbers import read_number
from bot.rules.reading.words import plain_words, same_word
from bot.rules.reading.yes_no import read_yes_no, value_after_no

_POLITE_WORDS = {"tak", "mange", "tusind", "gerne", "please", "pls", "venligst", "ja", "jo", "bare", "lige", "sa",
                 "the", "thanks", "thank", "you", "thx", "den", "det", "it"}
_NUMBER_LABELS = {"nummer", "nr", "number", "no", "num", "valg", "option", "mulighed", "knap", "button"}
_LEADING_NUMBER = re.compile(r"\s*/?\s*#?\s*(\d+)(?!\d)")
_BUTTON_WORD_TYPO_LENGTH = 5


def _content(words: Sequence[str]) -> List[str]:
    return [word for word in words if word not in _POLITE_WORDS]


def _edit_budget(letters: int) -> int:
    """Typos forgiven in a whole title: none below four letters, one below ten, then two."""
    return 0 if letters < 4 else 1 if letters < 10 else 2


def _title_match(words: Sequence[str], title: Optional[str]) -> Optional[Tuple[int, int]]:
    """How well a message matches a title, higher is better: (4, 0) as written, (3, 0) without polite
    words, (2, -typos) with typos, (1, 0) the title's first words; None when it does not match."""
    title_words = plain_words(title)
    if len(title_words) > 1 and title_words[0].isdecimal():
        title_words = title_words[1:]       # "1. Lagerarbejder – Bilka": "lagerarbejder" is enough
    content = _content(words)
    wanted = _content(title_words) or title_words
    if not title_words or list(words) == title_words:
        return (4, 0) if title_words else None
    if not content:
        return None
    if content == wanted:
        return 3, 0
    typed, written = " ".join(content), " ".join(wanted)
    edits = OSA.distance(typed, written)
    if edits <= _edit_budget(len(written.replace(" ", ""))):
        return 2, -edits
    if len(content) < len(wanted) and all(same_word(typed_word, word, _BUTTON_WORD_TYPO_LENGTH)
                                          for typed_word, word in zip(content, wanted)):
        return 1, 0
    return None


def _number_chosen(words: Sequence[str]) -> Optional[int]:
    """ "1", "nummer 1", "nr. 2", "number three": the number picked."""
    content = _content(words)
    labelled = bool(content) and content[0] in _NUMBER_LABELS
    content = content[1:] if labelled else content
    if len(content) == 1 and content[0].isdecimal():
        return int(content[0])
    value = read_number(" ".join(content)) if labelled else None
    return int(value) if value is not None and value == int(value) else None


def _numbered(buttons: Sequence[Mapping[str, str]], number: int) -> List[Mapping[str, str]]:
    def starts_with_number(value: object) -> bool:
        match = _LEADING_NUMBER.match(str(value or ""))
        return bool(match) and int(match.group(1)) == number
    return [button for button in buttons if starts_with_number(button.get("payload"))
            or starts_with_number(button.get("title"))]


def _yes_no_button(text: str, words: Sequence[str], buttons: Sequence[Mapping[str, str]]) -> Optional[str]:
    answer = read_yes_no(text)
    if answer is None or value_after_no(text):
        return None  # "nej, 30" gives the right value: the form reads it, no button says that
    intent = re.compile(r"^\s*/(?:affirm)\b" if answer else r"^\s*/(?:deny)\b", re.IGNORECASE)
    chosen = [button for button in buttons if intent.match(str(button.get("payload") or ""))
              or read_yes_no(button.get("title")) is answer]
    if len(chosen) != 1:
        return None
    # "ja, men ret datoen" next to a "Ret" button says more than yes.
    other_words = {word for button in buttons if button is not chosen[0]
                   for word in _content(plain_words(button.get("title"))) if len(word) >= 3}
    return None if other_words & set(words) else chosen[0].get("payload")


def match_button(text: Optional[str], buttons: Sequence[Mapping[str, str]]) -> Optional[str]:
    """The payload of the button a typed message presses, or None.

    A title matches ignoring case, æøå spelling, punctuation and emoji, with a typo or two (see
    _edit_budget) and polite words around it ("ja tak, gem" presses "Gem"); the first words of one
    title are enough ("skriftligt tak" presses "Skriftligt svar"). "1" or "nummer 1" presses the button
    whose payload or title starts with 1. Otherwise a yes or no (read_yes_no) presses the button with
    payload /affirm or /deny, or whose title reads as yes or no. Two buttons matching equally well,
    or a message with more in it than a title ("gem den men ret datoen"), press none."""
    words = plain_words(text)
    number = _number_chosen(words)
    if number is not None:
        numbered = _numbered(buttons, number)
        if len(numbered) == 1:
            return numbered[0].get("payload")
    scored = [(score, button) for button in buttons for score in [_title_match(words, button.get("title"))] if score]
    if scored:
        best = max(score for score, _button in scored)
        top = [button for score, button in scored if score == best]
        return top[0].get("payload") if len(top) == 1 else None
    return _yes_no_button(text or "", words, buttons)
