"""Several småjob fields read from one chat message ("Vi er Bakken Bageri, cvr 13748136, søger en
opvasker ..."): labels first, then numbers, addresses, dates and names by their shape and the words
around them. Pure functions: no Rasa, no database."""
from __future__ import annotations

import re
from datetime import date
from typing import Dict, List, NamedTuple, Optional, Tuple

from stdnum.dk import cvr as stdnum_cvr

from bot.rules.phone import normalize_danish_phone
from bot.rules.vacancy.fields import (
    MULTILINE_FIELDS, NUMBER_PATTERN, NUMBER_WORD_CHOICE, TEXT_FIELDS, validate_cvr, validate_email,
    validate_hours, validate_phone, validate_postcode, validate_text,
)
from bot.rules.vacancy.timing import (
    ASAP_IN_TEXT, duration_match, parse_duration_kind, start_date_in, validate_start_date,
)
from bot.text import danish_pattern, danish_regex


class Found(NamedTuple):
    """A field read from a longer message: `raw` is the piece of text it came from, so the caller can
    say "I read 12345678 as the phone number, but ..." when `problem` is set."""

    value: object
    problem: Optional[str]
    raw: str
    trimmed: bool = False


_LABELS = (
    ("company", r"firma(?:navn|et)?|virksomhed(?:ens\s+navn|snavn|en)?|arbejdsgiver(?:en)?"
                r"|company(?:\s+name)?|employer|business"),
    ("cvr", r"cvr(?:[\s.-]*(?:nr|nummer|no|number)\.?)?|vat(?:\s+(?:no|number)\.?)?"),
    ("contact_person", r"kontakt(?:person(?:en)?)?|contact(?:\s+person)?|navn|name"),
    ("email", r"e-?mail(?:adresse)?|mail(?:adresse)?|e-post"),
    ("phone", r"telefon(?:nummer|nr\.?)?|tlf\.?(?:\s*nr\.?)?|tel\.?|mobil(?:nummer|nr\.?)?"
              r"|phone(?:\s+number)?|mobile"),
    ("job_title", r"stilling(?:en|sbetegnelse)?|job(?:titel|title)?|titel|title|position"),
    ("tasks", r"(?:arbejds)?opgaver?(?:ne)?|beskrivelse|tasks?|duties|description"),
    ("hours_per_week", r"timer(?:\s+(?:om|pr\.?|per)\s+ugen?)?|timetal|antal\s+timer|hours(?:\s+per\s+week)?"),
    ("postcode", r"post\s*(?:nummer|nr\.?)|postcode|post\s+code|zip(?:\s*code)?|postal\s+code"),
    ("start_date", r"start(?:dato)?|opstart|tiltrædelse|starttidspunkt|start\s+date|starting"),
    ("duration_kind", r"varighed|duration|periode|period"),
    ("requirements", r"krav(?:ene)?|kvalifikationer|requirements|qualifications"),
)
_LABEL = re.compile("|".join(rf"(?P<{field}>(?<![\w@.-])(?:{danish_pattern(pattern)})\s*[:=])"
                             for field, pattern in _LABELS), re.IGNORECASE)
_SINGLE_LINE_END = re.compile(r"\n|;|,(?!\d)")
_NEXT_FIELD_AFTER_COMMA = re.compile(
    r"[,;]\s*(?=\d+(?:[.,]\d+)?\s*(?:-\s*\d+\s*)?(?:timer|time|t|hours?|hrs?)\b|\d{4}\b"
    r"|(?:post\s*(?:nummer|nr)|postcode|zip|cvr|vat|tlf|tel|telefon|mobil|phone|e-?mail|mail|kontakt|contact"
    r"|start|opstart|fra\s+(?:d\.\s*)?\d|from\s+\d|snarest|straks|asap)\b|[^\s,]+@)",
    re.IGNORECASE)
# "tlf: 23456789 eller 87654321": a number or address field ends at "og"/"eller" too; a name may not.
_NUMBER_FIELDS = ("cvr", "email", "phone", "postcode")
_CONJUNCTION = danish_regex(r"\s(?:og|eller|and|or)\s")


def _labelled(text: str) -> List[Tuple[str, int, int]]:
    """ "cvr: 13748136, tlf: 23456789": each label's field and the span of its value, which runs to
    the next label (single-line fields also stop at a comma, semicolon or line break)."""
    matches = list(_LABEL.finditer(text))
    found = []
    for index, match in enumerate(matches):
        field = match.lastgroup
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        start = match.end()
        while start < end and text[start] in " \t":
            start += 1
        if field in MULTILINE_FIELDS:
            blank = re.search(r"\n\s*\n", text[start:end])
            if blank:
                end = start + blank.start()
            elif "\n" not in text[start:end]:
                # "opgaver: opvask og rengøring, 10 timer om ugen, postnr 4200" on one line: the
                # description ends where a comma starts another field.
                next_field = _NEXT_FIELD_AFTER_COMMA.search(text, start, end)
                if next_field:
                    end = next_field.start()
        else:
            stop = _SINGLE_LINE_END.search(text, start, end)
            if stop:
                end = stop.start()
            conjunction = _CONJUNCTION.search(text, start, end) if field in _NUMBER_FIELDS else None
            if conjunction:
                end = conjunction.start()
        found.append((field, start, end))
    return found


def _check(field: str, raw: str, today: date) -> Found:
    raw = raw.strip().rstrip(".,;:!?")
    if field == "cvr":
        return Found(*validate_cvr(raw), raw)
    if field == "email":
        return Found(*validate_email(raw), raw)
    if field == "phone":
        return Found(*validate_phone(raw), raw)
    if field == "hours_per_week":
        check = validate_hours(raw)
        return Found(check.value, check.problem, raw)
    if field == "postcode":
        return Found(*validate_postcode(raw), raw)
    if field == "start_date":
        return Found(*validate_start_date(raw, today), raw)
    if field == "duration_kind":
        kind = parse_duration_kind(raw)
        return Found(kind, None if kind else "unclear", raw)
    check = validate_text(field, raw)
    return Found(check.value, check.problem, raw, check.trimmed)


class _Reader:
    """Keeps what was found and which stretches of the text were used, so one number or word
    fills one field only."""

    def __init__(self, text: str, today: date) -> None:
        self.text = text
        self.today = today
        self.found: Dict[str, Found] = {}
        self.used: List[Tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= used_start or start >= used_end for used_start, used_end in self.used)

    def clip(self, start: int, end: int) -> int:
        """`end`, moved back to where a stretch already used begins, if one begins before it."""
        return min([used_start for used_start, _used_end in self.used if start < used_start < end] + [end])

    def take(self, field: str, start: int, end: int, result: Found) -> None:
        if field not in self.found:
            self.found[field] = result
        self.used.append((start, end))


_CVR_AFTER_LABEL = re.compile(
    r"\b(?:cvr|vat)(?:[\s.-]*(?:nr|nummer|no|number)\.?)?\s*(?:[:=]|er|is)?\s*"
    r"((?:dk[\s-]?)?(?:\d{2}[\s.-]?\d{2}[\s.-]?\d{2}[\s.-]?\d{2}(?!\d)|\d{4}[\s.-]\d{4}(?!\d))|\d\w*)",
    re.IGNORECASE)
_NUMBER_LIKE = re.compile(
    r"(?<![\w+])(?P<prefix>(?:\+|00)\s?45[\s-]?|dk[\s-]?)?"
    r"(?P<digits>\d{2}(?:[ .-]?\d{2}){3}|\d{4}[ .-]\d{4}|\d{5,12})(?!\w)", re.IGNORECASE)
_DATE_SHAPED = re.compile(r"\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d{2}")
_CVR_CONTEXT = re.compile(r"\b(?:cvr|vat)\b[^\d]{0,20}$", re.IGNORECASE)
_PHONE_WORDS = r"(?:tlf|tel|telefon\w*|mobil\w*|ring\w*|sms|kontakt\w*|phone|call|mobile|contact)"
_PHONE_CONTEXT = re.compile(rf"\b{_PHONE_WORDS}\b[^\d@]{{0,30}}$", re.IGNORECASE)
_PHONE_ANYWHERE = re.compile(rf"\b{_PHONE_WORDS}\b", re.IGNORECASE)
_EMAIL_LIKE = re.compile(r"[^\s<>(),;:\"']+@[^\s<>(),;:\"']+")


def _read_cvr_after_label(reader: _Reader) -> None:
    for match in _CVR_AFTER_LABEL.finditer(reader.text):
        if reader.free(match.start(1), match.end(1)) and "cvr" not in reader.found:
            reader.take("cvr", match.start(1), match.end(1), _check("cvr", match.group(1), reader.today))


def _read_email(reader: _Reader) -> None:
    for match in _EMAIL_LIKE.finditer(reader.text):
        if reader.free(match.start(), match.end()) and "email" not in reader.found:
            reader.take("email", match.start(), match.end(), _check("email", match.group(0), reader.today))


def _read_numbers(reader: _Reader) -> None:
    """CVR and phone numbers by shape. Rule: a number right after "cvr"/"vat" or written "DK…" is the
    CVR; one written "+45"/"0045" or shortly after tlf/telefon/mobil/ring/sms/kontakt/phone/call is
    the phone. An unlabelled 8-digit number is the CVR when it passes the CVR check and either cannot
    be a phone (starts with 0 or 1) or the message has no phone word at all; otherwise it is the
    phone (its problem reported if it is not a valid Danish number). The summary lets the employer
    correct a wrong guess."""
    text = reader.text
    has_phone_word = bool(_PHONE_ANYWHERE.search(text))
    for match in _NUMBER_LIKE.finditer(text):
        if not reader.free(match.start(), match.end()) or _DATE_SHAPED.fullmatch(match.group(0).strip()):
            continue
        raw, prefix = match.group(0), (match.group("prefix") or "").lower()
        before = text[max(0, match.start() - 40):match.start()]
        digit_count = len(re.sub(r"\D", "", match.group("digits")))
        if prefix.startswith("dk") or _CVR_CONTEXT.search(before):
            field = "cvr"
        elif prefix or _PHONE_CONTEXT.search(before):
            field = "phone"
        elif digit_count != 8:
            continue
        else:
            digits = re.sub(r"\D", "", raw)
            could_be_phone = normalize_danish_phone(digits) is not None
            field = ("cvr" if "cvr" not in reader.found and stdnum_cvr.is_valid(digits)
                     and (not could_be_phone or not has_phone_word) else "phone")
        if field not in reader.found:
            reader.take(field, match.start(), match.end(), _check(field, raw, reader.today))


_HOURS_IN_TEXT = danish_regex(
    rf"(?:(?:mellem|between)\s+)?(?:{NUMBER_PATTERN}|\b(?:{NUMBER_WORD_CHOICE})\b)"
    rf"(?:\s*(?:-|–|til|to|og|and)\s*(?:{NUMBER_PATTERN}|\b(?:{NUMBER_WORD_CHOICE})\b))?"
    r"\s*(?:timer|time|t|hours?|hrs?)\b(?:\s*(?:om|pr\.?|per|a|i|hver|every|each|/)\s*"
    r"(?:ugen?|week|dagen|dag|day|måneden|måned|md|month)\b)?")


def _read_hours(reader: _Reader) -> None:
    for match in _HOURS_IN_TEXT.finditer(reader.text):
        if reader.free(match.start(), match.end()):
            reader.take("hours_per_week", match.start(), match.end(),
                        _check("hours_per_week", match.group(0), reader.today))
            return


_START_WORDS = danish_regex(r"\b(?:(?:start(?:er|dato)?|opstart|begynder|tiltræder|tiltrædelse|fra|per|from"
                            r"|starting|beginning)\b|pr\.)\s*(?:den\s+|d\.\s*|on\s+|the\s+|på\s+)?")
_SEGMENT_END = danish_regex(r"[,;\n]|\s(?:og|and|kontakt|contact|ring|i\s+\d{4})\b")


def _read_start(reader: _Reader) -> None:
    if "start_date" in reader.found:
        return
    asap = ASAP_IN_TEXT.search(reader.text)
    if asap:
        reader.take("start_date", asap.start(), asap.end(), Found(reader.today, None, asap.group(0)))
        return
    for match in _START_WORDS.finditer(reader.text):
        rest = reader.text[match.end():match.end() + 40]
        stop = _SEGMENT_END.search(rest)
        segment = rest[:stop.start()] if stop else rest
        start, end = match.end(), match.end() + len(segment)
        if segment.strip() and reader.free(start, end) and start_date_in(segment, reader.today):
            reader.take("start_date", start, end, _check("start_date", segment, reader.today))
            return


# A comma may end the postcode ("i 4200, cvr ..."), but not start decimals ("4200,50 kr").
_POSTCODE_CANDIDATE = re.compile(r"(?<![\d.,:/-])\d{4}(?![\d./-]|,\d|\s*(?:timer|t\b|hours|kr))")
_POSTCODE_LABEL_BEFORE = danish_regex(r"\b(?:postnummer|postnr\.?|post\s+nr\.?|postcode)\s*$")
_PLACE_BEFORE = danish_regex(r"(?:\b(?:i|in|ved|på|at|near)|,)\s*$")
_YEAR = re.compile(r"19\d\d|20\d\d")
_TOWN_AFTER = re.compile(r"^\s+[A-ZÆØÅ]")


def _read_postcode(reader: _Reader) -> None:
    """A four-digit number is the postcode after "postnummer", before a capitalised town name
    ("2100 København Ø"), or after "i"/"in"/"ved"/"på" unless it looks like a year (1900-2099: "i 2026"
    is a year; of real postcodes only 2000 Frederiksberg is lost, and asked for later)."""
    text = reader.text
    for match in _POSTCODE_CANDIDATE.finditer(text):
        if not reader.free(match.start(), match.end()):
            continue
        before = text[max(0, match.start() - 20):match.start()]
        if _POSTCODE_LABEL_BEFORE.search(before) or _TOWN_AFTER.match(text[match.end():]) or (
                _PLACE_BEFORE.search(before) and not _YEAR.fullmatch(match.group(0))):
            result = _check("postcode", match.group(0), reader.today)
            if result.problem is None:
                reader.take("postcode", match.start(), match.end(), result)
                return


_NOT_NAMES = {"os", "mig", "us", "me", "vi", "we", "jeg", "i", "hej", "hi", "hello", "vores", "our", "min",
              "mit", "my", "en", "et", "a", "an", "the", "nogen", "someone", "dem", "them", "her", "here"}
_VALUE_END = danish_regex(r"[,;.!?\n(]|@|\d|\s(?:og|and|i|in|på|ved|at|from|fra|søger|mangler|leder|seeking"
                          r"|looking|hiring|needs?|cvr|med|with|har|have|eller|or|on|via|tlf|telefon|til|to"
                          r"|som|om|for|hos|der|who|that|ca|cirka)\b")
_COMPANY_INTRO = danish_regex(r"\b(?:vi\s+er|we\s+are|we'?re|jeg\s+(?:ringer|skriver)\s+fra|i'?m\s+(?:writing\s+)?from"
                          r"|this\s+is|hos)\s+")
# Case-sensitive on purpose: the name must start with a capital ("der er en kiosk der søger" has none).
_COMPANY_BEFORE_VERB = re.compile(danish_pattern(
    r"^\s*(?:[Hh]ej[,!.]?\s+)?([A-ZÆØÅ][^\s,;.!?]*(?:\s+[^\s,;.!?]+){0,4}?)\s+"
    r"(?:søger|mangler|leder\s+efter|is\s+looking|is\s+hiring|seeks|needs)\b"))
_TITLE_INTRO = danish_regex(r"\b(?:søger|søge|mangler|leder\s+efter|har\s+brug\s+for|ansætter|looking\s+for"
                        r"|seeking|hiring|need|needs|job\s+som|stilling\s+som|arbejde\s+som)\s+"
                        r"(?:(?:en|et|to|tre|nogle|flere|\d+|a|an|some|two|three)\s+)?")
_CONTACT_INTRO = danish_regex(r"\b(?:kontakt(?:person(?:en)?(?:\s+er)?)?|spørg\s+efter|ring\s+til|skriv\s+til"
                          r"|contact|ask\s+for|call|mvh\.?|med\s+venlig\s+hilsen|hilsen|kind\s+regards"
                          r"|best\s+regards|regards)[\s,]+")


def _phrase_after(text: str, start: int, max_words: int) -> Optional[Tuple[int, int]]:
    rest = text[start:start + 200]
    stop = _VALUE_END.search(rest)
    value = rest[:stop.start()] if stop else rest
    stripped = value.strip()
    words = stripped.split()
    if not words or len(words) > max_words or words[0].lower() in _NOT_NAMES:
        return None
    offset = start + value.index(stripped)
    return offset, offset + len(stripped)


def _read_free_text(reader: _Reader, field: str, intro: "re.Pattern[str]", max_words: int,
                    needs_capital: bool = False) -> None:
    if field in reader.found:
        return
    for match in intro.finditer(reader.text):
        span = _phrase_after(reader.text[:reader.clip(match.end(), len(reader.text))], match.end(), max_words)
        if not span or not reader.free(*span):
            continue
        raw = reader.text[span[0]:span[1]]
        if needs_capital and not raw[0].isupper():
            continue
        result = _check(field, raw, reader.today)
        if result.problem is None:
            reader.take(field, span[0], span[1], result)
            return


def _read_company_before_verb(reader: _Reader) -> None:
    match = _COMPANY_BEFORE_VERB.search(reader.text)
    if "company" in reader.found or not match or match.group(1).split()[0].lower() in _NOT_NAMES:
        return
    result = _check("company", match.group(1), reader.today)
    if result.problem is None and reader.free(match.start(1), match.end(1)):
        reader.take("company", match.start(1), match.end(1), result)


_NO_REQUIREMENTS = danish_regex(r"\b(?:ingen\s+(?:særlige\s+)?krav|no\s+(?:special\s+)?requirements)\b")


def _read_leading_answer(reader: _Reader, field: str) -> None:
    """ "Bageriet Hansen, cvr 10150817, tlf 20304050" answering "Hvad hedder virksomheden?": the
    words before the first comma answer the question; the rest fills the other fields."""
    if field in reader.found or field not in TEXT_FIELDS or not reader.found:
        return
    first_end = _SINGLE_LINE_END.search(reader.text)
    end = reader.clip(0, first_end.start() if first_end else len(reader.text))
    raw = reader.text[:end]
    if not raw.strip() or not reader.free(0, end):
        return
    result = _check(field, raw, reader.today)
    if result.problem is None:
        reader.take(field, 0, end, result)


def parse_vacancy_message(text: Optional[str], today: date, answering: Optional[str] = None) -> Dict[str, Found]:
    """Fields read from one message, e.g. "Vi er Bakken Bageri, cvr 13748136, søger en opvasker 10
    timer om ugen i 2100 fra 1. december, kontakt Mette på mette@bakken.dk eller 23456789".

    Returns {field: Found(value, problem, raw, trimmed)} for the fields the message names; a field
    whose value was found but is invalid has value None and its problem, to be asked again. Labels
    ("cvr:", "telefon:", "e-mail:", "postnummer:", "timer:", "start:" ...) decide first; then e-mail
    addresses, CVR and phone numbers by shape (see _read_numbers for the rule), hours ("10 timer"),
    the start ("fra 1. december", "snarest"), the postcode ("i 2100"), company ("vi er …", "… søger"),
    job title ("søger en …"), contact ("kontakt …") and duration words. tasks and requirements are
    read only when labelled; suits_far_from_labour_market is always asked. `answering` is the field
    just asked for: when the message also gives other fields, its first part answers that field."""
    reader = _Reader(text or "", today)
    for field, start, end in _labelled(reader.text):
        raw = reader.text[start:end]
        if raw.strip() and field not in reader.found:
            reader.take(field, start, end, _check(field, raw, today))
    _read_cvr_after_label(reader)
    _read_email(reader)
    _read_start(reader)
    _read_numbers(reader)
    if "hours_per_week" not in reader.found:
        _read_hours(reader)
    if "postcode" not in reader.found:
        _read_postcode(reader)
    # A name is capitalised unless the whole message is lower case ("vi er glade for …" is no company).
    typed_in_lower_case = reader.text == reader.text.lower()
    _read_free_text(reader, "company", _COMPANY_INTRO, max_words=5, needs_capital=not typed_in_lower_case)
    _read_company_before_verb(reader)
    _read_free_text(reader, "job_title", _TITLE_INTRO, max_words=4)
    _read_free_text(reader, "contact_person", _CONTACT_INTRO, max_words=4)
    if "duration_kind" not in reader.found:
        duration = duration_match(reader.text)
        if duration and reader.free(duration[1], duration[2]):
            reader.found["duration_kind"] = Found(duration[0], None, reader.text[duration[1]:duration[2]])
    no_requirements = _NO_REQUIREMENTS.search(reader.text)
    if no_requirements:
        reader.found.setdefault("requirements", Found("", None, no_requirements.group(0)))
    if answering:
        _read_leading_answer(reader, answering)
    return reader.found
