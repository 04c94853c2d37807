"""Småjob postings from employers: the fields, how each answer is checked, and how several fields are
read from one chat message. Pure functions: no Rasa, no database.

Text values are kept exactly as the employer typed them, HTML and script included ("<b>Kok</b>" stays
"<b>Kok</b>"): whoever shows a value escapes it (templates autoescape, Rasa sends plain text). Removing
markup here would change a posting without telling the employer. Only the filler around a name answer
goes ("det er Bakken Bageri" → "Bakken Bageri"; bot.rules.reading.clean_name), and the summary shows it.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from typing import Dict, List, Mapping, NamedTuple, Optional, Tuple, Union

from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

from bot.rules.dates import find_date, format_date, parse_date_answer
from bot.rules.journal import has_letters_or_digits, trim
from bot.rules.phone import normalize_danish_phone
from bot.rules.profile import parse_profile_answer
from bot.rules.reading import (
    NUMBER_WORDS, clean_name, field_named_in, read_hours, read_range, read_yes_no,
)
from bot.text import Vocabulary, danish_pattern, squash_danish

FIELDS = ("company", "cvr", "contact_person", "email", "phone", "job_title", "tasks", "hours_per_week",
          "postcode", "start_date", "duration_kind", "requirements", "suits_far_from_labour_market")
# The summary follows the order the form asks in, so the employer recognises their own answers.
SUMMARY_FIELDS = FIELDS
DURATION_KINDS = ("one_off", "period", "ongoing")
CLOSED_STATUSES = ("closed", "filled", "withdrawn", "expired")

# Småjob has no definition in law; kk.dk describes 5, 15 or 20 hours a week (facts-da.md §5).
MIN_HOURS_PER_WEEK = 1
MAX_HOURS_PER_WEEK = 20
MAX_START_DAYS_AHEAD = 365
# A start date without a year that passed less than this many days ago is refused as past (probably a
# slip); an older one means next year ("1/6" written in November).
RECENT_PAST_DAYS = 31

MAX_COMPANY_CHARS = 120
MAX_CONTACT_CHARS = 100
MAX_JOB_TITLE_CHARS = 120
MAX_TASKS_CHARS = 1000
MAX_REQUIREMENTS_CHARS = 500
MAX_EMAIL_CHARS = 254
_TEXT_LIMITS = {"company": MAX_COMPANY_CHARS, "contact_person": MAX_CONTACT_CHARS,
                "job_title": MAX_JOB_TITLE_CHARS, "tasks": MAX_TASKS_CHARS,
                "requirements": MAX_REQUIREMENTS_CHARS}
TEXT_FIELDS = tuple(_TEXT_LIMITS)
_MULTILINE_FIELDS = ("tasks", "requirements")
# A name answer loses the filler around it ("det er Bakken Bageri", "som opvasker"): see
# bot.rules.reading.clean_name; the name itself stays as typed.
_NAME_FIELDS = ("company", "contact_person", "job_title")

FIELD_LABELS: Dict[str, Tuple[str, str]] = {
    "company": ("Virksomhed", "Company"),
    "cvr": ("CVR-nummer", "CVR number"),
    "contact_person": ("Kontaktperson", "Contact person"),
    "email": ("E-mail", "Email"),
    "phone": ("Telefon", "Phone"),
    "job_title": ("Stilling", "Job title"),
    "tasks": ("Opgaver", "Tasks"),
    "hours_per_week": ("Timer om ugen", "Hours per week"),
    "postcode": ("Postnummer", "Postcode"),
    "start_date": ("Start", "Start"),
    "duration_kind": ("Varighed", "Duration"),
    "requirements": ("Krav", "Requirements"),
    "suits_far_from_labour_market": ("Kan passe til en ledig langt fra arbejdsmarkedet",
                                     "Can suit someone far from the labour market"),
}
DURATION_LABELS: Dict[str, Tuple[str, str]] = {
    "one_off": ("Engangsopgave", "One-off"),
    "period": ("En periode", "A period"),
    "ongoing": ("Løbende", "Ongoing"),
}


class Checked(NamedTuple):
    """A checked answer: `value` to store, or `problem` (a code the caller turns into a reply)."""

    value: object
    problem: Optional[str]


class HoursCheck(NamedTuple):
    value: Optional[Union[int, float]]
    problem: Optional[str]
    minimum: Union[int, float]
    maximum: Union[int, float]


class TextCheck(NamedTuple):
    value: Optional[str]
    problem: Optional[str]
    trimmed: bool


class Found(NamedTuple):
    """A field read from a longer message: `raw` is the piece of text it came from, so the caller can
    say "I read 12345678 as the phone number, but ..." when `problem` is set."""

    value: object
    problem: Optional[str]
    raw: str
    trimmed: bool = False


def _compile(pattern: str) -> "re.Pattern[str]":
    return re.compile(danish_pattern(pattern), re.IGNORECASE)


# --- CVR ---------------------------------------------------------------------------------------

_CVR_LABEL = re.compile(r"^\s*(?:cvr|vat)(?:[\s.-]*(?:nr|nummer|no|number))?\.?\s*[:=]?\s*", re.IGNORECASE)


def validate_cvr(text: Optional[str]) -> Checked:
    """ "13 74 81 36", "DK13748136", "cvr: 13748136" → Checked("13748136", None).

    Problems: 'empty'; 'not_digits'; 'wrong_length' (not 8 digits); 'checksum' (8 digits no CVR number
    has: the modulus-11 check fails, or it starts with 0)."""
    raw = _CVR_LABEL.sub("", text or "").strip()
    if not raw:
        return Checked(None, "empty")
    try:
        return Checked(stdnum_cvr.validate(raw), None)
    except InvalidChecksum:
        return Checked(None, "checksum")
    except InvalidLength:
        return Checked(None, "wrong_length")
    except ValidationError:
        # stdnum reports letters and a leading 0 alike as a format error; the user needs to hear which.
        compact = stdnum_cvr.compact(raw)
        if re.fullmatch(r"[0-9]+", compact):
            return Checked(None, "checksum" if len(compact) == 8 else "wrong_length")
        return Checked(None, "not_digits")


# --- E-mail ------------------------------------------------------------------------------------

_LOCAL_ATOM = r"[\w!#$%&'*+/=?^`{|}~-]+"
_DOMAIN_LABEL = r"[^\W_](?:(?:[^\W_]|-)*[^\W_])?"
_EMAIL = re.compile(rf"({_LOCAL_ATOM}(?:\.{_LOCAL_ATOM})*)@((?:{_DOMAIN_LABEL}\.)+[^\W\d_]{{2,63}})")
_EMAIL_LABEL = re.compile(r"^\s*(?:e-?mail(?:adresse)?|mail(?:adresse)?)(?:\s*[:=]\s*|\s+)", re.IGNORECASE)


def validate_email(text: Optional[str]) -> Checked:
    """local@domain.tld with no spaces, at most 254 characters (64 before the @), every domain label
    at most 63. Letters such as æ, ø and å are allowed on both sides (RFC 6531): refusing a real
    address is worse than accepting one the summary lets the employer correct. The domain is
    lower-cased; the part before the @ is kept as typed.

    Problems: 'empty', 'missing_at', 'too_long', 'invalid'."""
    raw = _EMAIL_LABEL.sub("", text or "").strip()
    raw = re.sub(r"^mailto:", "", raw.strip("<>"), flags=re.IGNORECASE).strip().rstrip(".,;:!?")
    if not raw:
        return Checked(None, "empty")
    if "@" not in raw:
        return Checked(None, "missing_at")
    if len(raw) > MAX_EMAIL_CHARS:
        return Checked(None, "too_long")
    match = _EMAIL.fullmatch(raw)
    if not match or len(match.group(1)) > 64 or any(len(label) > 63 for label in match.group(2).split(".")):
        return Checked(None, "invalid")
    return Checked(f"{match.group(1)}@{match.group(2).lower()}", None)


# --- Phone -------------------------------------------------------------------------------------

_PHONE_LABEL = re.compile(r"^\s*(?:telefon\w*|tlf|tel|mobil\w*|phone|mobile)\b\.?\s*(?:nr\.?)?\s*[:=]?\s*",
                          re.IGNORECASE)


def format_phone(digits: str) -> str:
    """ "23456789" → "+45 23 45 67 89"."""
    return "+45 " + " ".join(digits[i:i + 2] for i in range(0, 8, 2))


def validate_phone(text: Optional[str]) -> Checked:
    """A Danish number: 8 digits, "+45"/"0045" allowed, spaces, dashes, dots and brackets ignored.
    Returns it as "+45 23 45 67 89".

    Problems: 'empty', 'not_digits', 'wrong_length', 'not_danish' (another country code, or 8 digits
    starting with 0 or 1, which Danish numbers never do)."""
    raw = _PHONE_LABEL.sub("", text or "").strip()
    compact = re.sub(r"[\s\-().]", "", raw)
    if not compact:
        return Checked(None, "empty")
    national = re.sub(r"^(?:\+45|0045)", "", compact)
    if national == compact and compact.startswith(("+", "00")) and len(compact) > 8:
        return Checked(None, "not_danish")
    if not re.fullmatch(r"[0-9]+", national):
        return Checked(None, "not_digits")
    if len(national) != 8:
        return Checked(None, "wrong_length")
    digits = normalize_danish_phone(raw)
    if digits is None:
        return Checked(None, "not_danish")
    return Checked(format_phone(digits), None)


# --- Hours -------------------------------------------------------------------------------------

_NUM = r"-?\d+(?:[.,]\d+)?"
_NUMBER_WORD_CHOICE = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
# Matched on squash_danish() text: "om måneden" is "om maneden" there.
_NOT_WEEKLY = re.compile(r"\b(?:om|pr\.?|per|a|each)\s+(?:dag(?:en)?|dogn(?:et)?|maned(?:en)?|md\.?|day|month)\b"
                         r"|\bdaglig|\bdaily\b|\bmanedlig|\bmonthly\b")


def validate_hours(text: Optional[str], minimum: Union[int, float] = MIN_HOURS_PER_WEEK,
                   maximum: Union[int, float] = MAX_HOURS_PER_WEEK) -> HoursCheck:
    """Hours per week, read by bot.rules.reading.read_hours: "10", "7,5", "ti timer", "ca. 10 timer om
    ugen", "to til tre timer".

    A range ("10-15 timer", "mellem 10 og 15") counts as its upper number: the range check is there
    to keep a småjob small, so what the employer may ask for at most is what must fit.

    Problems: 'empty', 'not_a_number', 'not_weekly' (per day or month: ask again per week),
    'below_range', 'above_range'; minimum and maximum come back for the reply."""
    def result(value, problem):
        return HoursCheck(value, problem, minimum, maximum)

    squashed = squash_danish(text or "").strip()
    if not squashed:
        return result(None, "empty")
    if _NOT_WEEKLY.search(squashed):
        return result(None, "not_weekly")
    value, problem = read_hours(text)
    if problem == "range":
        value, problem = read_range(text)[1], None
    if problem == "negative":
        return result(None, "below_range")
    if value is None:
        return result(None, "not_a_number")
    if value < minimum:
        return result(None, "below_range")
    if value > maximum:
        return result(None, "above_range")
    return result(int(value) if value.is_integer() else value, None)


# --- Postcode ----------------------------------------------------------------------------------

def validate_postcode(text: Optional[str]) -> Checked:
    """Four digits, 0800-9990, as the CV profile reads them ("2100 København Ø" → "2100").
    Problems: 'empty', 'bad_postcode'."""
    answer = parse_profile_answer("postcode", text or "")
    if answer.clear or answer.problem == "empty":
        return Checked(None, "empty")
    if answer.problem:
        return Checked(None, answer.problem)
    return Checked(answer.value, None)


# --- Start date --------------------------------------------------------------------------------

_ASAP = re.compile(r"\b(?:snarest(?:\s+muligt)?|hurtigst(?:\s+muligt)?|straks|med\s+det\s+samme|asap"
                   r"|as\s+soon\s+as\s+possible|right\s+away|immediately)\b")
_ASAP_IN_TEXT = re.compile(_ASAP.pattern, re.IGNORECASE)
_NOW = {"nu", "now", "i dag", "idag", "today"}
_WEEKDAY_WORDS = _compile(r"\b(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|monday|tuesday"
                          r"|wednesday|thursday|friday|saturday|sunday)s?\b")
_EXPLICIT_YEAR = re.compile(r"\d{4}|\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{2}")
_RELATIVE = re.compile(r"\bi\s*(?:dag|gar|morgen)|forgar|yesterday|today|tomorrow|siden|ago|\bom\s|\bin\s|uge|week")
_TOMORROW = re.compile(r"\bi\s*morgen\b|\btomorrow\b")
_DAY_AFTER_TOMORROW = re.compile(r"\bi\s*overmorgen\b|\bday\s+after\s+tomorrow\b")
_NEXT_WEEK = re.compile(r"\bnaste\s+uge\b|\bnext\s+week\b")  # squashed: "næste", "naeste", "naste"


def _start_date_in(text: str, today: date) -> Optional[date]:
    """A date ahead, read with bot.rules.dates (which looks back, as journals do): a weekday is the
    next one, and a day and month without a year that passed over a month ago is next year's."""
    if re.search(r"\d", text):
        # "tirsdag den 1. december": the date decides, not the weekday in front of it.
        text = _WEEKDAY_WORDS.sub(" ", text)
    squashed = squash_danish(text)
    if _DAY_AFTER_TOMORROW.search(squashed):
        return today + timedelta(days=2)
    if _TOMORROW.search(squashed):
        return today + timedelta(days=1)
    if _NEXT_WEEK.search(squashed):
        return today + timedelta(days=7 - today.weekday())
    found = find_date(text, today)
    value = found.value if found else parse_date_answer(text, today)
    if value is None:
        return None
    if _WEEKDAY_WORDS.search(text):
        while value <= today:
            value += timedelta(days=7)
    elif (value < today - timedelta(days=RECENT_PAST_DAYS) and not _EXPLICIT_YEAR.search(text)
            and not _RELATIVE.search(squashed)):
        try:
            value = value.replace(year=value.year + 1)
        except ValueError:
            return None
    return value


def validate_start_date(text: Optional[str], today: date,
                        max_days_ahead: int = MAX_START_DAYS_AHEAD) -> Checked:
    """ "1. december", "1/12", "i morgen", "i overmorgen", "mandag" (the next one), "næste uge" (its
    Monday), "om 2 uger", and "snarest", "hurtigst muligt", "straks", "asap" (all today).

    A day and month without a year is the next such day, except one that passed less than a month
    ago, which is refused as past. Problems: 'empty', 'not_a_date', 'in_past', 'too_far'."""
    squashed = squash_danish(text or "").strip(" .!")
    if not squashed:
        return Checked(None, "empty")
    if _ASAP.search(squashed) or squashed in _NOW:
        value: Optional[date] = today
    else:
        value = _start_date_in(text or "", today)
    if value is None:
        return Checked(None, "not_a_date")
    if value < today:
        return Checked(None, "in_past")
    if (value - today).days > max_days_ahead:
        return Checked(None, "too_far")
    return Checked(value, None)


# --- Duration ----------------------------------------------------------------------------------

_COUNT = rf"(?:\d+|{_NUMBER_WORD_CHOICE}|én|et\s+par|nogle|a|a\s+few|a\s+couple\s+of|some)"
_SPAN = r"(?:dage?|days?|uger?|weeks?|måneder?|months?)"
_DURATION_PATTERNS = (
    ("one_off", _compile(
        r"\bengangs\w*|\ben\s*gangs\w*|\benkeltstående|\benkelt\s*dag\b|\bkun\s+(?:en|én|1)\s+(?:dag|gang)\b|\b(?:en|én)\s+gang\b(?!\s+(?:om|hver|pr|per|i|a)\b)"
        r"|\bone[\s-]?off\b|\bone[\s-]?time\b|\bonce\b(?!\s+(?:a|every|per)\b)|\bsingle\s+day\b"
        r"|\bone\s+day\s+only\b|\bjust\s+one\s+day\b")),
    ("period", _compile(
        rf"\bperiode\w*|\bperiod\b|\bmidlertidig\w*|\bsæson\w*|\bvikariat\w*|\btemporar\w*|\bseasonal\b"
        rf"|\b(?:i|for)\s+{_COUNT}\s+{_SPAN}\b|^\s*{_COUNT}\s+{_SPAN}\s*$"
        rf"|\b(?:frem\s+)?til\s+(?:jul|nytår|påske|sommer\w*|efterår\w*)\b|\bsommerferie\w*|\bsummer\b")),
    ("ongoing", _compile(
        r"\bfast\b|\bfastansat\w*|\bfastansættelse\w*|\bløbende\b|\bfortløbende\b|\bpermanent\w*"
        r"|\bvedvarende\b|\buden\s+slutdato\b|\bindtil\s+videre\b|\btil\s+videre\b|\btidsubegrænset\b"
        r"|\bongoing\b|\bregular(?:ly)?\b|\bno\s+end\s+date\b|\bopen[\s-]ended\b|\bon[\s-]going\b")),
)
# One typo's slack for the longer words (bot.text.Vocabulary): "lobene", "perode", "engangsopgve".
_DURATION_VOCABULARY = (
    ("one_off", Vocabulary(["engangsopgave", "engangsjob", "enkeltstående"])),
    ("period", Vocabulary(["periode", "perioden", "midlertidig", "midlertidigt", "sæsonjob", "temporary"])),
    ("ongoing", Vocabulary(["løbende", "fortløbende", "permanent", "fastansat", "fastansættelse", "ongoing"])),
)


def _duration_match(text: str) -> Optional[Tuple[str, int, int]]:
    for kind, pattern in _DURATION_PATTERNS:
        match = pattern.search(text)
        if match:
            return kind, match.start(), match.end()
    for word in re.finditer(r"[^\W\d_]{6,}", text):
        for kind, vocabulary in _DURATION_VOCABULARY:
            if vocabulary.knows(word.group(0)):
                return kind, word.start(), word.end()
    return None


def parse_duration_kind(text: Optional[str]) -> Optional[str]:
    """'one_off' ("engangsopgave", "en enkelt dag", "one-off"), 'period' ("en periode", "i 3 måneder",
    "sæsonjob", "temporary") or 'ongoing' ("fast", "løbende", "indtil videre", "ongoing"); None when
    unclear. Checked in that order, so "fast i 3 måneder" is a period."""
    found = _duration_match(text or "")
    return found[0] if found else None


# --- Yes / no ----------------------------------------------------------------------------------

def parse_yes_no(text: Optional[str]) -> Optional[bool]:
    """True, False, or None when unclear ("måske"): bot.rules.reading.read_yes_no. The answer must
    start with the yes or no ("ja, men ikke om aftenen" is yes; "det tror jeg ikke" is no)."""
    return read_yes_no(text)


# --- Free-text fields --------------------------------------------------------------------------

_NONE_ANSWERS = {"ingen", "ingen krav", "intet", "nej", "none", "no", "nothing", "no requirements",
                 "ikke noget", "ingen sarlige", "ingen sarlige krav", "nope", "-"}


def _clean(text: str, keep_lines: bool) -> str:
    """Control characters dropped, whitespace collapsed (line breaks kept for multi-line fields),
    surrounding spaces, commas, semicolons and colons removed. Nothing else is touched."""
    text = unicodedata.normalize("NFC", text or "").replace("\t", " ").replace("\r\n", "\n")
    kept = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C")
    lines = [re.sub(r"\s+", " ", line).strip() for line in kept.split("\n")]
    joined = "\n".join(line for line in lines if line) if keep_lines else " ".join(lines)
    return re.sub(r" +", " ", joined).strip(" \n,;:")


def validate_text(field: str, text: Optional[str]) -> TextCheck:
    """company, contact_person, job_title, tasks or requirements, kept as typed (see the module
    docstring on HTML), name fields without the filler around them. Text without a letter or digit ("", "🙂", "...") is 'empty'. Longer text is
    cut at a word boundary to the field's limit with trimmed=True, so the caller can say so.
    requirements accepts "ingen"/"none" as the value "" (no requirements; None means not asked)."""
    if field not in _TEXT_LIMITS:
        raise ValueError(f"not a free-text vacancy field: {field!r}")
    value = _clean(text or "", keep_lines=field in _MULTILINE_FIELDS)
    if field in _NAME_FIELDS:
        value = clean_name(value)
    if field == "requirements" and squash_danish(value).strip(" .!") in _NONE_ANSWERS:
        return TextCheck("", None, False)
    if not value or not has_letters_or_digits(value):
        return TextCheck(None, "empty", False)
    value, trimmed = trim(value, _TEXT_LIMITS[field])
    return TextCheck(value, None, trimmed)


# --- Wrong kind of job -------------------------------------------------------------------------

_NEGATION = _compile(r"\b(?:ikke|ingen|uden|not|no|without|never|aldrig)\b")
_PERSON_PATTERNS = (
    ("wage_subsidy", _compile(
        r"\bløntilskud\w*|\bfleks\s*-?\s*job\w*|\bflex\s*-?\s*job\w*|\bfleksløn\w*|\bskånejob\w*"
        r"|\bwage[\s-]subsid\w*|\bsubsidi[sz]ed\s+(?:job|employment|position)")),
    ("internship", _compile(
        r"\bvirksomhedspraktik\w*|\bpraktik(?:ant|anter|plads|pladser|forløb|ken|en)?\b"
        r"|\barbejdsprøvning\w*|\bulønnet\b|\binternships?\b|\bwork\s+placements?\b"
        r"|\bunpaid\b")),
    ("above_range", _compile(r"\bfuldtid\w*|\bfuld\s+tid\b|\bfull[\s-]?time\b")),
)
_HOURS_AMOUNT = re.compile(rf"(?:(?:mellem|between)\s+)?{_NUM}(?:\s*(?:-|–|til|to|og|and)\s*{_NUM})?"
                           r"\s*(?:timer|time|t|hours?|hrs?)\b(?:\s*(?:om|pr\.?|per|a|i|hver|every|each|/)\s*"
                           r"(?:ugen?|week|dagen|dag|day|maneden|maned|md|month))?")


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 40):start].split()[-4:]
    return bool(_NEGATION.search(" ".join(before)))


def needs_person_instead(text: Optional[str], maximum: Union[int, float] = MAX_HOURS_PER_WEEK) -> Optional[str]:
    """Whether the employer describes something the småjob form cannot take, so the caller explains
    briefly and offers a person: 'wage_subsidy' (løntilskud, and fleksjob, which is also paid partly
    by the kommune), 'internship' (virksomhedspraktik, praktik, unpaid work), 'above_range'
    ("fuldtid", "37 timer", any weekly hours above `maximum`), or None. "ikke løntilskud" is not a
    match."""
    text = text or ""
    for code, pattern in _PERSON_PATTERNS:
        for match in pattern.finditer(text):
            if not _negated(text, match.start()):
                return code
    squashed = squash_danish(text)
    for match in _HOURS_AMOUNT.finditer(squashed):
        check = validate_hours(match.group(0), maximum=maximum)
        if check.problem == "above_range" and not _negated(squashed, match.start()):
            return "above_range"
    return None


# --- Duplicates and corrections ----------------------------------------------------------------

def is_closed(posting: Mapping[str, object]) -> bool:
    return bool(posting.get("closed")) or str(posting.get("status") or "").lower() in CLOSED_STATUSES


def _title_key(value: object) -> str:
    return re.sub(r"[\s.,;:!?\"'()-]+", "", squash_danish(str(value or "")))


def _postcode_key(value: object) -> str:
    return re.sub(r"\D", "", str(value or "")).lstrip("0")


def _cvr_key(value: object) -> str:
    return stdnum_cvr.compact(str(value or ""))


def is_same_posting(a: Mapping[str, object], b: Mapping[str, object]) -> bool:
    """Whether two postings are the same job: same CVR, same job title (case, whitespace,
    punctuation and æ/ae/a spelling ignored), same postcode, and neither closed (a 'closed' flag or
    a status in CLOSED_STATUSES). A missing CVR, title or postcode never matches."""
    if is_closed(a) or is_closed(b):
        return False
    keys_a = (_cvr_key(a.get("cvr")), _title_key(a.get("job_title")), _postcode_key(a.get("postcode")))
    keys_b = (_cvr_key(b.get("cvr")), _title_key(b.get("job_title")), _postcode_key(b.get("postcode")))
    return all(keys_a) and keys_a == keys_b


# The words that name each field in a correction, inflections included (see
# bot.rules.reading.field_named_in: words of five letters or more also match inflected).
FIELD_WORDS = {
    "cvr": ("cvr", "cvrnr", "cvrnummer", "vat", "momsnummer", "virksomhedsnummer"),
    "email": ("email", "mail", "mailen", "mailadresse", "e-post"),
    "phone": ("telefon", "tlf", "tlfnr", "mobil", "phone", "mobile"),
    "contact_person": ("kontakt", "contact", "mit navn", "my name"),
    "company": ("virksomhed", "firma", "company", "business", "arbejdsgiver", "employer", "forretning"),
    "job_title": ("stilling", "titel", "titlen", "jobtitel", "jobbet", "job", "title", "position"),
    "tasks": ("opgave", "arbejdsopgave", "beskrivelse", "task", "tasks", "description", "duties", "duty"),
    "hours_per_week": ("timer", "timetal", "timeantal", "hours"),
    "postcode": ("postnummer", "postnr", "adresse", "arbejdssted", "sted", "stedet", "postcode", "zip", "address",
                 "location"),
    "start_date": ("start", "dato", "datoen", "begynd", "opstart", "tiltræd", "date", "hvornår", "when"),
    "duration_kind": ("varighed", "periode", "period", "duration", "hvor længe", "how long", "engang", "fast",
                      "løbende", "ongoing", "one-off"),
    "requirements": ("krav", "kravene", "kravet", "kvalifikation", "sprog", "kørekort", "certifikat",
                     "requirement", "qualification", "language", "licence", "license"),
    "suits_far_from_labour_market": ("langt fra", "ledig", "målgruppe", "egnet", "far from", "suitable", "suits",
                                     "unemployed"),
}


def field_from_text(text: Optional[str]) -> Optional[str]:
    """The field a correction names: "ret telefonnummeret" → 'phone', "change the email" → 'email',
    "forkert cvr" → 'cvr'. None when no field is named (e.g. "ret navnet", which could be the company
    or the contact person). See bot.rules.reading.field_named_in for which wins when several are."""
    return field_named_in(text, FIELD_WORDS)


def format_value(field: str, value: object, language: str) -> str:
    """A stored value as the summary shows it."""
    english = language == "en"
    if value is None:
        return "–"
    if field == "start_date" and isinstance(value, date):
        return format_date(value, language)
    if field == "duration_kind":
        labels = DURATION_LABELS.get(str(value))
        return (labels[1] if english else labels[0]) if labels else "–"
    if field == "suits_far_from_labour_market":
        return ("Yes" if value else "No") if english else ("Ja" if value else "Nej")
    if field == "hours_per_week" and isinstance(value, float) and not english:
        return str(value).replace(".", ",")
    if field == "requirements" and value == "":
        return "None" if english else "Ingen"
    return str(value)


# --- One message, several fields ---------------------------------------------------------------

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
_CONJUNCTION = _compile(r"\s(?:og|eller|and|or)\s")


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
        if field in _MULTILINE_FIELDS:
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


_HOURS_IN_TEXT = _compile(
    rf"(?:(?:mellem|between)\s+)?(?:{_NUM}|\b(?:{_NUMBER_WORD_CHOICE})\b)"
    rf"(?:\s*(?:-|–|til|to|og|and)\s*(?:{_NUM}|\b(?:{_NUMBER_WORD_CHOICE})\b))?"
    r"\s*(?:timer|time|t|hours?|hrs?)\b(?:\s*(?:om|pr\.?|per|a|i|hver|every|each|/)\s*"
    r"(?:ugen?|week|dagen|dag|day|måneden|måned|md|month)\b)?")


def _read_hours(reader: _Reader) -> None:
    for match in _HOURS_IN_TEXT.finditer(reader.text):
        if reader.free(match.start(), match.end()):
            reader.take("hours_per_week", match.start(), match.end(),
                        _check("hours_per_week", match.group(0), reader.today))
            return


_START_WORDS = _compile(r"\b(?:(?:start(?:er|dato)?|opstart|begynder|tiltræder|tiltrædelse|fra|per|from"
                        r"|starting|beginning)\b|pr\.)\s*(?:den\s+|d\.\s*|on\s+|the\s+|på\s+)?")
_SEGMENT_END = _compile(r"[,;\n]|\s(?:og|and|kontakt|contact|ring|i\s+\d{4})\b")


def _read_start(reader: _Reader) -> None:
    if "start_date" in reader.found:
        return
    asap = _ASAP_IN_TEXT.search(reader.text)
    if asap:
        reader.take("start_date", asap.start(), asap.end(), Found(reader.today, None, asap.group(0)))
        return
    for match in _START_WORDS.finditer(reader.text):
        rest = reader.text[match.end():match.end() + 40]
        stop = _SEGMENT_END.search(rest)
        segment = rest[:stop.start()] if stop else rest
        start, end = match.end(), match.end() + len(segment)
        if segment.strip() and reader.free(start, end) and _start_date_in(segment, reader.today):
            reader.take("start_date", start, end, _check("start_date", segment, reader.today))
            return


# A comma may end the postcode ("i 4200, cvr ..."), but not start decimals ("4200,50 kr").
_POSTCODE_CANDIDATE = re.compile(r"(?<![\d.,:/-])\d{4}(?![\d./-]|,\d|\s*(?:timer|t\b|hours|kr))")
_POSTCODE_LABEL_BEFORE = _compile(r"\b(?:postnummer|postnr\.?|post\s+nr\.?|postcode)\s*$")
_PLACE_BEFORE = _compile(r"(?:\b(?:i|in|ved|på|at|near)|,)\s*$")
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
_VALUE_END = _compile(r"[,;.!?\n(]|@|\d|\s(?:og|and|i|in|på|ved|at|from|fra|søger|mangler|leder|seeking"
                      r"|looking|hiring|needs?|cvr|med|with|har|have|eller|or|on|via|tlf|telefon|til|to"
                      r"|som|om|for|hos|der|who|that|ca|cirka)\b")
_COMPANY_INTRO = _compile(r"\b(?:vi\s+er|we\s+are|we'?re|jeg\s+(?:ringer|skriver)\s+fra|i'?m\s+(?:writing\s+)?from"
                          r"|this\s+is|hos)\s+")
# Case-sensitive on purpose: the name must start with a capital ("der er en kiosk der søger" has none).
_COMPANY_BEFORE_VERB = re.compile(danish_pattern(
    r"^\s*(?:[Hh]ej[,!.]?\s+)?([A-ZÆØÅ][^\s,;.!?]*(?:\s+[^\s,;.!?]+){0,4}?)\s+"
    r"(?:søger|mangler|leder\s+efter|is\s+looking|is\s+hiring|seeks|needs)\b"))
_TITLE_INTRO = _compile(r"\b(?:søger|søge|mangler|leder\s+efter|har\s+brug\s+for|ansætter|looking\s+for"
                        r"|seeking|hiring|need|needs|job\s+som|stilling\s+som|arbejde\s+som)\s+"
                        r"(?:(?:en|et|to|tre|nogle|flere|\d+|a|an|some|two|three)\s+)?")
_CONTACT_INTRO = _compile(r"\b(?:kontakt(?:person(?:en)?(?:\s+er)?)?|spørg\s+efter|ring\s+til|skriv\s+til"
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


_NO_REQUIREMENTS = _compile(r"\b(?:ingen\s+(?:særlige\s+)?krav|no\s+(?:special\s+)?requirements)\b")


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
        duration = _duration_match(reader.text)
        if duration and reader.free(duration[1], duration[2]):
            reader.found["duration_kind"] = Found(duration[0], None, reader.text[duration[1]:duration[2]])
    no_requirements = _NO_REQUIREMENTS.search(reader.text)
    if no_requirements:
        reader.found.setdefault("requirements", Found("", None, no_requirements.group(0)))
    if answering:
        _read_leading_answer(reader, answering)
    return reader.found
