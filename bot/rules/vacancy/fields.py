"""Småjob fields: which there are, their labels and limits, how each answer is checked, the words
that name them in a correction, and how a stored value is shown. Pure functions: no Rasa, no database."""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Dict, NamedTuple, Optional, Tuple, Union

from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

from bot.rules.dates import format_date
from bot.rules.phone import normalize_danish_phone
from bot.rules.profile import parse_profile_answer
from bot.rules.reading import NUMBER_WORDS, clean_name, read_hours, read_range, read_yes_no
from bot.text import danish_regex, has_letters_or_digits, label_in, squash_danish, trim

FIELDS = ("company", "cvr", "contact_person", "email", "phone", "job_title", "tasks", "hours_per_week",
          "postcode", "start_date", "duration_kind", "requirements", "suits_far_from_labour_market")
# The summary follows the order the form asks in, so the employer recognises their own answers.
SUMMARY_FIELDS = FIELDS
DURATION_KINDS = ("one_off", "period", "ongoing")

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
MULTILINE_FIELDS = ("tasks", "requirements")
# A number in digits, or any number word (longest first, so "femogtyve" is not read as "fem").
NUMBER_PATTERN = r"-?\d+(?:[.,]\d+)?"
NUMBER_WORD_CHOICE = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
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
    """company, contact_person, job_title, tasks or requirements, kept as typed (see the package
    docstring on HTML), name fields without the filler around them. Text without a letter or digit
    ("", "🙂", "...") is 'empty'. Longer text is cut at a word boundary to the field's limit with
    trimmed=True, so the caller can say so. requirements accepts "ingen"/"none" as the value ""
    (no requirements; None means not asked)."""
    if field not in _TEXT_LIMITS:
        raise ValueError(f"not a free-text vacancy field: {field!r}")
    value = _clean(text or "", keep_lines=field in MULTILINE_FIELDS)
    if field in _NAME_FIELDS:
        value = clean_name(value)
    if field == "requirements" and squash_danish(value).strip(" .!") in _NONE_ANSWERS:
        return TextCheck("", None, False)
    if not value or not has_letters_or_digits(value):
        return TextCheck(None, "empty", False)
    value, trimmed = trim(value, _TEXT_LIMITS[field])
    return TextCheck(value, None, trimmed)


# --- Wrong kind of job -------------------------------------------------------------------------

_NEGATION = danish_regex(r"\b(?:ikke|ingen|uden|not|no|without|never|aldrig)\b")
_PERSON_PATTERNS = (
    ("wage_subsidy", danish_regex(
        r"\bløntilskud\w*|\bfleks\s*-?\s*job\w*|\bflex\s*-?\s*job\w*|\bfleksløn\w*|\bskånejob\w*"
        r"|\bwage[\s-]subsid\w*|\bsubsidi[sz]ed\s+(?:job|employment|position)")),
    ("internship", danish_regex(
        r"\bvirksomhedspraktik\w*|\bpraktik(?:ant|anter|plads|pladser|forløb|ken|en)?\b"
        r"|\barbejdsprøvning\w*|\bulønnet\b|\binternships?\b|\bwork\s+placements?\b"
        r"|\bunpaid\b")),
    ("above_range", danish_regex(r"\bfuldtid\w*|\bfuld\s+tid\b|\bfull[\s-]?time\b")),
)
_HOURS_AMOUNT = re.compile(rf"(?:(?:mellem|between)\s+)?{NUMBER_PATTERN}"
                           rf"(?:\s*(?:-|–|til|to|og|and)\s*{NUMBER_PATTERN})?"
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


# --- Corrections and the summary ---------------------------------------------------------------

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


def format_value(field: str, value: object, language: str) -> str:
    """A stored value as the summary shows it."""
    english = language == "en"
    if value is None:
        return "–"
    if field == "start_date" and isinstance(value, date):
        return format_date(value, language)
    if field == "duration_kind":
        return label_in(DURATION_LABELS, str(value), language)
    if field == "suits_far_from_labour_market":
        return ("Yes" if value else "No") if english else ("Ja" if value else "Nej")
    if field == "hours_per_week" and isinstance(value, float) and not english:
        return str(value).replace(".", ",")
    if field == "requirements" and value == "":
        return "None" if english else "Ingen"
    return str(value)
