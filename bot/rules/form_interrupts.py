"""Whether a message sent while a form asks for a field leaves the form, or is the answer.

An answer inside a form is read as an answer first: "social- og sundhedsmedarbejder" is a job
title, not a request for a person, however much the intent classifier disagrees. Only clear
interrupts leave: crisis language, stop/cancel, an explicit request for a person, or a question.
"""
from __future__ import annotations

from typing import Optional

from bot.rules.reading import asks_for_person, is_stop, looks_like_question

# The intents crisis language gets: "crisis" is answered at once, "crisis_unsure" asked about.
CRISIS_INTENTS = ("crisis", "crisis_unsure")
# The intents that ask for a person: a request for a member of staff, a complaint or a decision.
PERSON_INTENTS = ("ask_human", "complaint_or_sanction")
# A benefits question is answered in the middle of a form, which then asks its question again
# (data/rules/benefits.yml); only a message that also reads as a question counts, so "dagpenge"
# typed as an answer stays an answer.
QUESTION_INTENTS = ("faq",)
QUESTION_CONFIDENCE = 0.8
# A complaint mid-form goes to a person; a one- or two-word answer is still read as the answer.
COMPLAINT_CONFIDENCE = 0.9
# The buttons forms offer themselves (yes/no, a field to correct in the summary).
FORM_BUTTON_INTENTS = ("affirm", "deny", "journal_correct", "sick_correct", "inform")


def form_interrupt(intent: Optional[str], confidence: float, text: str) -> Optional[str]:
    """"crisis", "stop", "person", "question" or "other" when the message leaves the form, else None."""
    if intent in CRISIS_INTENTS:
        return "crisis"
    if text.startswith("/"):
        return _payload_interrupt(intent)
    if is_stop(text):
        return "stop"
    if asks_for_person(text):
        return "person"
    if intent == "complaint_or_sanction" and confidence >= COMPLAINT_CONFIDENCE and len(text.split()) >= 3:
        return "person"
    if intent in QUESTION_INTENTS and confidence >= QUESTION_CONFIDENCE and looks_like_question(text):
        return "question"
    return None


def _payload_interrupt(intent: Optional[str]) -> Optional[str]:
    """A pressed button is meant exactly: the form's own buttons answer it, any other leaves it."""
    if intent in PERSON_INTENTS:
        return "person"
    if intent == "stop":
        return "stop"
    if intent in FORM_BUTTON_INTENTS:
        return None
    return "question" if intent in QUESTION_INTENTS else "other"
