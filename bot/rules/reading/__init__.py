"""Every way a chat answer is read — yes/no, numbers, hours, names, corrections, date shifts, buttons,
stop, a request for a person, a question — exists once, here, in Danish and English.

All readers ignore case and the spelling of æ, ø and å (æ, ae or a; see bot.text.squash_danish).
Where a word is long enough that a typo cannot make it another word, one typo is forgiven (a letter
missing, extra or wrong, or two swapped); the minimum length is set per reader, next to the words.
"""
from bot.rules.reading.buttons import match_button
from bot.rules.reading.durations import FoundDuration, find_duration, find_durations, read_relative_shift
from bot.rules.reading.fields import Correction, clean_name, field_named_in, read_correction, read_corrections
from bot.rules.reading.intents import asks_for_person, is_stop, looks_like_question
from bot.rules.reading.numbers import NUMBER_WORDS, read_hours, read_number, read_range
from bot.rules.reading.yes_no import read_yes_no, value_after_no

__all__ = [
    "NUMBER_WORDS", "Correction", "FoundDuration", "asks_for_person", "clean_name", "field_named_in",
    "find_duration", "find_durations", "is_stop", "looks_like_question", "match_button", "read_correction",
    "read_corrections", "read_hours", "read_number", "read_range", "read_relative_shift",
    "read_yes_no", "value_after_no",
]
