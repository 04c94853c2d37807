"""Keeps CPR numbers and health details out of everything the assistant keeps: both are replaced by a
placeholder where a person's text enters the gateway – before Rasa's tracker, an advisor's case, the
database or any log sees it – whoever writes it (citizen, employer, advisor) and however (typed, a button
payload, during a takeover). Reporting sick never needs a diagnosis, and the job centre knows who a
citizen is from the login, never from a CPR number typed in the chat.

The health words are a data file with its decisions written down: data/privacy/health_words.yml."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Dict, FrozenSet, Iterable, List, Tuple

import yaml
from stdnum.dk import cpr

from bot.settings import PROJECT_ROOT
from bot.text import danish_pattern, fold_danish, squash_danish

CPR_PLACEHOLDER = "[cpr-nummer]"
HEALTH_PLACEHOLDER = "[helbredsoplysning]"
HEALTH_WORDS_FILE = PROJECT_ROOT / "data" / "privacy" / "health_words.yml"

# --- CPR numbers ---

# DDMMYY-SSSS as people type it: "010190-1234", "0101901234", "010190 1234", "01 01 90 1234",
# "01-01-90-1234", "01 01 90 12 34". Not an 8-digit phone or CVR number, not "01-01-1990" or "12.500 kr":
# those have too few digits. Whether ten digits are a CPR number is stdnum's call: a real date of birth,
# not in the future. No modulus-11 check: numbers given since 2007 often fail it and are just as real.
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
_SPACES = " \u00a0\u202f"
_CPR_SHAPES = re.compile(
    rf"(?<!\d)(\d\d)[{_SPACES}{_DASHES}]?(\d\d)[{_SPACES}{_DASHES}]?(\d\d)"
    rf"(?:[{_SPACES}]?[{_DASHES}][{_SPACES}]?|[{_SPACES}])?(\d{{4}})(?!\d)"
    rf"|(?<!\d)(\d\d) (\d\d) (\d\d) (\d\d) (\d\d)(?!\d)")


def _cpr_digits(match: re.Match) -> str:
    # int() reads any script's digits, so "٠١٠١٩٠١٢٣٤" is checked as the number it is.
    return "".join(str(int(digit)) for group in match.groups() if group for digit in group)


def find_cpr_numbers(text: str) -> List[str]:
    """The CPR numbers in `text`, as written."""
    return [match.group(0) for match in _CPR_SHAPES.finditer(text) if cpr.is_valid(_cpr_digits(match))]


def redact_cpr_numbers(text: str) -> Tuple[str, bool]:
    """The text with every CPR number replaced by a placeholder, and whether there was any."""
    found = False

    def replace(match: re.Match) -> str:
        nonlocal found
        if not cpr.is_valid(_cpr_digits(match)):
            return match.group(0)
        found = True
        return CPR_PLACEHOLDER

    return _CPR_SHAPES.sub(replace, text), found


# --- Health details ---

_WORD = re.compile(r"[^\W\d_]+")
_LINKING_LETTERS = ("s", "e")      # "depressions|behandling", "lårben|s|brud", "migræne|anfald"
_MIN_COMPOUND_PREFIX = 3           # "bryst|kræft" and "hud|kræft", never "be|kræft"


@dataclass(frozen=True)
class _Lexicon:
    """The word list with every form written out, in one way of typing Danish letters."""

    words: FrozenSet[str]
    compound_heads: FrozenSet[str]
    first_parts: FrozenSet[str]
    patient_heads: FrozenSet[str]
    body_parts: FrozenSet[str]
    body_heads: FrozenSet[str]
    not_health: FrozenSet[str]

    def says_health(self, word: str) -> bool:
        if any(word[start:] in self.not_health for start in range(len(word))):
            return False
        if word in self.words:
            return True
        for split in range(2, len(word) - 1):
            prefix, rest = word[:split], word[split:]
            if ((rest in self.compound_heads and split >= _MIN_COMPOUND_PREFIX)
                    or (rest in self.body_heads and self._ends_with_body_part(prefix))
                    or (rest in self.patient_heads and self._is_first_part(prefix))):
                return True
        return False

    def _is_first_part(self, prefix: str) -> bool:
        return any(part in self.first_parts for part in _without_linking_letter(prefix))

    def _ends_with_body_part(self, prefix: str) -> bool:
        # "ryg", "lårben" and "underarm" count; "alarm" does not end in "arm" for this ("al" is too short).
        return any(part in self.body_parts or any(
            part.endswith(body) and len(part) - len(body) >= _MIN_COMPOUND_PREFIX and len(body) >= 3
            for body in self.body_parts) for part in _without_linking_letter(prefix))


def _without_linking_letter(prefix: str) -> Tuple[str, ...]:
    return (prefix, prefix[:-1]) if prefix.endswith(_LINKING_LETTERS) else (prefix,)


def _forms(entries: Dict[str, Any], endings: Dict[str, List[str]], normalize: Callable[[str], str]) -> FrozenSet[str]:
    """Every form of every entry ({word: ending class or list of endings}), normalized."""
    forms = set()
    for word, inflection in entries.items():
        word_endings = endings[inflection] if isinstance(inflection, str) else ["", *inflection]
        forms.update(normalize(word + ending) for ending in word_endings)
    return frozenset(forms)


def _build_lexicon(data: Dict[str, Any], normalize: Callable[[str], str], body_parts: bool = True) -> _Lexicon:
    endings = data["endings"]
    words = {word: inflection for group in data["words"].values() for word, inflection in group.items()}
    heads = {word: words[word] for word in data["compound_heads"]} | data["head_only"]
    return _Lexicon(
        words=_forms(words, endings, normalize),
        compound_heads=_forms(heads, endings, normalize),
        first_parts=frozenset(map(normalize, data["first_parts"])),
        patient_heads=_forms(data["patient_heads"], endings, normalize),
        body_parts=frozenset(map(normalize, data["body_parts"] if body_parts else ())),
        body_heads=_forms(data["body_heads"], endings, normalize),
        not_health=_forms(data["not_health"]["words"], endings, normalize),
    )


def _alternation(patterns: Iterable[str]) -> "re.Pattern[str]":
    return re.compile(r"\b(?:" + "|".join(f"(?:{danish_pattern(p)})" for p in patterns) + r")(?!\w)",
                      re.IGNORECASE)


@dataclass(frozen=True)
class _HealthWords:
    lexicons: Tuple[Tuple[Callable[[str], str], _Lexicon], ...]
    case_sensitive: FrozenSet[str]
    phrases: "re.Pattern[str]"
    kept_phrases: "re.Pattern[str]"


@lru_cache(maxsize=1)
def _health_words() -> _HealthWords:
    data = yaml.safe_load(HEALTH_WORDS_FILE.read_text(encoding="utf-8"))
    # Read twice: with æ/ø/å as typed or as ae/oe/aa ("kraeft"), and squashed to a/o ("brakket"). A word
    # the squashed reading confuses with another ("kraft") is in not_health and only read the first way.
    # Body parts are read the first way only: squashed, "hæl" is "hal" and a "halskæde" (necklace) an injury.
    return _HealthWords(
        lexicons=((fold_danish, _build_lexicon(data, fold_danish)),
                  (squash_danish, _build_lexicon(data, squash_danish, body_parts=False))),
        case_sensitive=frozenset(data["case_sensitive"]),
        phrases=_alternation(data["phrases"]),
        kept_phrases=_alternation(data["not_health"]["phrases"]),
    )


@lru_cache(maxsize=20000)
def is_health_word(word: str) -> bool:
    """Whether one word (letters only) names an illness, injury, treatment, pregnancy or addiction."""
    health = _health_words()
    if word in health.case_sensitive:
        return True
    return any(lexicon.says_health(normalize(word)) for normalize, lexicon in health.lexicons)


def _overlaps(span: Tuple[int, int], others: List[Tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


def _health_spans(text: str) -> List[Tuple[int, int]]:
    health = _health_words()
    kept = [match.span() for match in health.kept_phrases.finditer(text)]
    spans = [match.span() for match in health.phrases.finditer(text)]
    spans += [match.span() for match in _WORD.finditer(text) if is_health_word(match.group(0))]
    spans = sorted(span for span in spans if not _overlaps(span, kept))
    merged: List[Tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def redact_health_details(text: str) -> Tuple[str, bool]:
    """The text with illness, injury, treatment, pregnancy and addiction words replaced by a placeholder,
    and whether any were."""
    spans = _health_spans(text)
    if not spans:
        return text, False
    parts, position = [], 0
    for start, end in spans:
        parts += [text[position:start], HEALTH_PLACEHOLDER]
        position = end
    parts.append(text[position:])
    return "".join(parts), True


# --- Everything a person writes ---

@dataclass(frozen=True)
class Redaction:
    text: str
    cpr_removed: bool
    health_removed: bool

    @property
    def changed(self) -> bool:
        return self.cpr_removed or self.health_removed


def _redact_text(text: str) -> Redaction:
    without_cpr, cpr_removed = redact_cpr_numbers(text)
    redacted, health_removed = redact_health_details(without_cpr)
    return Redaction(redacted, cpr_removed, health_removed)


# A button payload: "/intent{...}". Its values are what the user gave (a journal note, an employer), so
# they are redacted like typed text; the JSON stays JSON so Rasa still reads the entities.
_PAYLOAD = re.compile(r"^(/[^{]*)(\{.*\})$", re.DOTALL)


def _redact_value(value: Any, found: List[Redaction]) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return value
    if isinstance(value, int):
        redacted = _redact_text(str(value))
        found.append(redacted)
        return redacted.text if redacted.changed else value
    if isinstance(value, str):
        redacted = _redact_text(value)
        found.append(redacted)
        return redacted.text
    return value


def _redact_payload(text: str) -> Redaction | None:
    payload = _PAYLOAD.match(text)
    if not payload:
        return None
    try:
        values = json.loads(payload.group(2))
    except ValueError:
        return None
    if not isinstance(values, dict):
        return None
    found: List[Redaction] = [_redact_text(payload.group(1))]
    redacted = {_redact_value(key, found): _redact_value(value, found) for key, value in values.items()}
    cpr_removed = any(r.cpr_removed for r in found)
    health_removed = any(r.health_removed for r in found)
    if not (cpr_removed or health_removed):
        return Redaction(text, False, False)  # unchanged, so the transcript still shows the button's title
    return Redaction(found[0].text + json.dumps(redacted, ensure_ascii=False), cpr_removed, health_removed)


def redact_personal_details(text: str) -> Redaction:
    """What may be kept of a message anyone wrote: CPR numbers and health details replaced by placeholders,
    in typed text and in a button payload's values alike."""
    return _redact_payload(text) or _redact_text(text)


# --- Telling the user why ---

# Said once per login, after the answer to the first message whose CPR number or health details were left
# out. A citizen is told about their own; an employer or an advisor about anyone's.
_NOTICES = {
    ("health", "citizen"): {
        "da": "Du behøver ikke fortælle, hvad du fejler – hverken jobcentret eller din arbejdsgiver skal vide det, "
              "for at du kan melde dig syg. Derfor har jeg ikke gemt det, du skrev om dit helbred.",
        "en": "You don't need to tell me what is wrong with you – neither the job centre nor your employer needs "
              "to know that for you to report sick. So I have not kept what you wrote about your health.",
    },
    ("health", "others"): {
        "da": "Jeg gemmer ikke oplysninger om nogens helbred – heller ikke om en medarbejder eller en borger. "
              "Derfor har jeg ikke gemt det, du skrev om helbred.",
        "en": "I don't keep details about anyone's health – not about an employee or a citizen either. "
              "So I have not kept what you wrote about health.",
    },
    ("cpr", "citizen"): {
        "da": "Du behøver ikke skrive dit CPR-nummer her – jobcentret ved, hvem du er, fra dit login. "
              "Derfor har jeg ikke gemt det.",
        "en": "You don't need to write your CPR number here – the job centre knows who you are from your login. "
              "So I have not kept it.",
    },
    ("cpr", "others"): {
        "da": "Skriv ikke CPR-numre i chatten – heller ikke andres. Jeg har ikke gemt det CPR-nummer, du skrev.",
        "en": "Please don't write CPR numbers in the chat – not other people's either. "
              "I have not kept the CPR number you wrote.",
    },
}
HEALTH_NOTICE = _NOTICES[("health", "citizen")]
CPR_NOTICE = _NOTICES[("cpr", "citizen")]


def privacy_notice(kind: str, role: str, language: str) -> str:
    """Why a "cpr" number or "health" details were left out, for a user of `role`, in "da" or "en"."""
    notice = _NOTICES[(kind, "citizen" if role == "citizen" else "others")]
    return notice.get(language, notice["da"])
