"""The assessment of one message: the tables applied in order (see the package docstring)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Match, Optional, Tuple

from bot.rules.crisis.normalise import normalise
from bot.rules.crisis.patterns import Table, table_pattern
from bot.rules.crisis.signs import GONE, PLANS, PREPARATIONS, UNSURE_STATEMENTS
from bot.rules.crisis.tables import CRISIS_STATEMENTS, IDIOMS, NEGATED

CRISIS, UNSURE, NONE = "crisis", "unsure", "none"


@dataclass(frozen=True)
class CrisisAssessment:
    level: str             # "crisis" | "unsure" | "none"
    signal: Optional[str]  # a short code of what matched, never message text


_MENTION = table_pattern(r"(?:selvmord|suicid)\w*|(?:selvskad|selfharm|selfinjur|unalive)\w*")
_CONDITION = table_pattern(r"hvis|if|ellers|otherwise|unless|medmindre")
_FIRST_PERSON = table_pattern(r"jeg|mig|min|mit|mine|im|ive|id|ill|me|my|myself"
                              r"|i (?:am|have|feel|think|want|need|do|dont|was|will|cant|can|had|keep|get)")
_ABSTRACT_TOPIC = re.compile(r"(?:(?<!\w)|selvmords|suicide )(?:opgave|artikel|kursus|undervisning|forebyg"
                             r"|statistik|prevention|statistics|research|forskning|awareness|rapport)")
_ABSTRACT_QUESTION = table_pattern(r"man|en der|nogen der|folk der|someone|somebody|people|hvad er|hvad betyder"
                                   r"|what is|whats|what does")


def _blanked(words: str, table: Table) -> Tuple[str, List[str]]:
    """The words with every match of the table replaced by a clause break, and the signals found."""
    found = []
    for signal, pattern in table:
        words, count = pattern.subn(" . ", words)
        if count:
            found.append(signal)
    return " ".join(words.split()), found


def _first(words: str, table: Table) -> Optional[Tuple[str, Match]]:
    """The signal and match of the first pattern in the table that matches."""
    for signal, pattern in table:
        match = pattern.search(words)
        if match:
            return signal, match
    return None


def _crisis_signal(signal: str, words: str, start: int) -> str:
    """A threat made in an "if ..." clause is reported as conditional."""
    if signal in ("suicide", "self_harm", "wish_dead", "pills_taken", "plan") and _CONDITION.search(words[:start]):
        return "conditional"
    return signal


def _mention(words: str) -> Optional[CrisisAssessment]:
    """Any mention of suicide or self-harm left over: unsure when asked about in the abstract."""
    match = _MENTION.search(words)
    if not match:
        return None
    if _ABSTRACT_TOPIC.search(words) or (_ABSTRACT_QUESTION.search(words) and not _FIRST_PERSON.search(words)):
        return CrisisAssessment(UNSURE, "abstract")
    signal = "suicide" if match.group().startswith(("selvmord", "suicid")) else "self_harm"
    return CrisisAssessment(CRISIS, _crisis_signal(signal, words, match.start()))


def _prepared(words: str) -> Optional[CrisisAssessment]:
    """A plan, a letter or a gift: a crisis next to death, being gone or giving up; a bare plan is unsure."""
    rest, plans = _blanked(words, PLANS)
    rest, preparations = _blanked(rest, PREPARATIONS)
    found = plans + preparations
    if not found:
        return None
    if _MENTION.search(rest) or any(_first(rest, table) for table in (GONE, UNSURE_STATEMENTS)):
        return CrisisAssessment(CRISIS, found[0])
    return CrisisAssessment(UNSURE, "plan") if plans else None


def assess_crisis(text: str) -> CrisisAssessment:
    """Whether a message speaks of suicide or self-harm ("crisis"), might ("unsure"), or not ("none")."""
    words, idioms = _blanked(normalise(text or ""), IDIOMS)
    words, unsure_signals = _blanked(words, NEGATED)
    crisis = _first(words, CRISIS_STATEMENTS)
    if crisis:
        signal, match = crisis
        return CrisisAssessment(CRISIS, _crisis_signal(signal, words, match.start()))
    prepared = _prepared(words)
    if prepared:
        return prepared
    mention = _mention(words)
    if mention:
        return mention
    if unsure_signals:
        return CrisisAssessment(UNSURE, unsure_signals[0])
    unsure = _first(words, UNSURE_STATEMENTS)
    if unsure:
        return CrisisAssessment(UNSURE, unsure[0])
    # "jeg keder mig ihjel": the idiom is what the message is about, and callers may trust that.
    return CrisisAssessment(NONE, "idiom" if idioms else None)
