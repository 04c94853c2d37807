"""Småjob postings from employers: the fields and how each answer is checked (fields, timing), how
several fields are read from one chat message (reader), and when two postings are the same job
(identity). Pure functions: no Rasa, no database.

Text values are kept exactly as the employer typed them, HTML and script included ("<b>Kok</b>" stays
"<b>Kok</b>"): whoever shows a value escapes it (templates autoescape, Rasa sends plain text). Removing
markup here would change a posting without telling the employer. Only the filler around a name answer
goes ("det er Bakken Bageri" → "Bakken Bageri"; bot.rules.reading.clean_name), and the summary shows it.
"""
from bot.rules.vacancy.fields import (
    DURATION_KINDS, DURATION_LABELS, FIELD_LABELS, FIELD_WORDS, FIELDS, MAX_COMPANY_CHARS, MAX_CONTACT_CHARS,
    MAX_EMAIL_CHARS, MAX_HOURS_PER_WEEK, MAX_JOB_TITLE_CHARS, MAX_REQUIREMENTS_CHARS, MAX_START_DAYS_AHEAD,
    MAX_TASKS_CHARS, MIN_HOURS_PER_WEEK, RECENT_PAST_DAYS, SUMMARY_FIELDS, TEXT_FIELDS, Checked, HoursCheck,
    TextCheck, format_phone, format_value, needs_person_instead, parse_yes_no, validate_cvr, validate_email,
    validate_hours, validate_phone, validate_postcode, validate_text,
)
from bot.rules.vacancy.identity import CLOSED_STATUSES, is_closed, is_same_posting
from bot.rules.vacancy.reader import Found, parse_vacancy_message
from bot.rules.vacancy.timing import parse_duration_kind, validate_start_date

__all__ = [
    "CLOSED_STATUSES", "DURATION_KINDS", "DURATION_LABELS", "FIELD_LABELS", "FIELD_WORDS", "FIELDS",
    "MAX_COMPANY_CHARS", "MAX_CONTACT_CHARS", "MAX_EMAIL_CHARS", "MAX_HOURS_PER_WEEK", "MAX_JOB_TITLE_CHARS",
    "MAX_REQUIREMENTS_CHARS", "MAX_START_DAYS_AHEAD", "MAX_TASKS_CHARS", "MIN_HOURS_PER_WEEK",
    "RECENT_PAST_DAYS", "SUMMARY_FIELDS", "TEXT_FIELDS", "Checked", "Found", "HoursCheck", "TextCheck",
    "format_phone", "format_value", "is_closed", "is_same_posting", "needs_person_instead",
    "parse_duration_kind", "parse_vacancy_message", "parse_yes_no", "validate_cvr", "validate_email",
    "validate_hours", "validate_phone", "validate_postcode", "validate_start_date", "validate_text",
]
