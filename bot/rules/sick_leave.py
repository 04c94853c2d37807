"""Sick leave: reading the answers, and the triage that decides between self-service and an advisor.

The threshold is a municipal setting (SICK_LEAVE_THRESHOLD_WEEKS, default 12): KL's proposal (seed 004)
lets employed citizens who return within it serve themselves."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import List, Optional, Sequence, Tuple

from bot.rules.dates import date_problem, find_date, parse_date_answer
from bot.rules.reading import clean_name, find_duration, read_hours, read_relative_shift, read_yes_no
from bot.text import squash_danish

DEFAULT_THRESHOLD_WEEKS = 12
FULL_TIME_HOURS = 37
FAST_TRACK_AFTER_WEEKS = 8
MAX_EMPLOYER_CHARS = 120
SITUATIONS = ("employed", "unemployed", "self_employed", "other")
UNKNOWN = "unknown"

# The order is the order of importance: the first reason is the case's headline.
REASONS = {
    "unemployed": ("ledig og syg", "unemployed and sick"),
    "third_in_12_months": ("tredje sygemelding inden for 12 måneder", "third sick leave within 12 months"),
    "over_threshold": ("forventet fravær over {weeks} uger", "expected absence over {weeks} weeks"),
    "duration_unknown": ("ved ikke, hvor længe fraværet varer", "does not know how long the absence will last"),
    "self_employed": ("selvstændig", "self-employed"),
    "other_situation": ("anden situation end ansat", "a situation other than employed"),
    "contact_wished": ("ønsker kontakt med en medarbejder", "wants contact with a member of staff"),
}

_SITUATION_WORDS = (
    ("self_employed", ("selvstandig", "selvstaendig", "egen virksomhed", "self-employed", "self employed",
                       "freelance", "own business", "mit eget firma")),
    ("unemployed", ("ledig", "arbejdslos", "dagpenge", "kontanthjalp", "a-kasse", "unemployed",
                    "uddannelseshjalp", "jobsoger", "ikke i arbejde", "no job")),
    ("employed", ("ansat", "i arbejde", "har et job", "arbejder", "employed", "lonmodtager", "job",
                  "fastansat", "deltid", "fuldtid", "work")),
    ("other", ("andet", "other", "studerende", "student", "pension", "fleksjob")),
)
_UNKNOWN_WORDS = ("ved ikke", "vedikke", "aner det ikke", "aner ikke", "uvist", "usikkert", "ingen anelse",
                  "don't know", "dont know", "do not know", "not sure", "unknown", "kan ikke sige",
                  "ved det ikke", "uklart")


@dataclass(frozen=True)
class SickLeaveFacts:
    first_day: date
    situation: str
    expected_return: Optional[date]
    wants_contact: bool
    earlier_leaves_last_12_months: int = 0
    partial_hours: Optional[float] = None


@dataclass(frozen=True)
class Triage:
    track: str              # "self_service" or "advisor"
    reasons: Tuple[str, ...]
    expected_days: Optional[int]

    @property
    def fast_track_possible(self) -> bool:
        return self.expected_days is None or self.expected_days > FAST_TRACK_AFTER_WEEKS * 7


def expected_absence_days(first_day: date, expected_return: Optional[date]) -> Optional[int]:
    """Days away from work: from the first sick day up to (not including) the day back."""
    return None if expected_return is None else (expected_return - first_day).days


def triage_sick_leave(facts: SickLeaveFacts, threshold_weeks: int = DEFAULT_THRESHOLD_WEEKS) -> Triage:
    """Self-service only for an employed citizen whose known expected absence is within the threshold,
    who does not want contact and has not had two other sick leaves in the last 12 months."""
    days = expected_absence_days(facts.first_day, facts.expected_return)
    reasons: List[str] = []
    if facts.situation == "unemployed":
        reasons.append("unemployed")
    if facts.earlier_leaves_last_12_months >= 2:
        reasons.append("third_in_12_months")
    if days is not None and days > threshold_weeks * 7:
        reasons.append("over_threshold")
    if days is None:
        reasons.append("duration_unknown")
    if facts.situation == "self_employed":
        reasons.append("self_employed")
    if facts.situation == "other":
        reasons.append("other_situation")
    if facts.wants_contact:
        reasons.append("contact_wished")
    return Triage("advisor" if reasons else "self_service", tuple(reasons), days)


def describe_reasons(reasons: Sequence[str], language: str, threshold_weeks: int) -> str:
    index = 1 if language == "en" else 0
    return ", ".join(REASONS[code][index].format(weeks=threshold_weeks) for code in reasons)


def _situations_named(text: str) -> List[str]:
    squashed = squash_danish(text)
    padded = f" {squashed} "
    named = []
    for code, words in _SITUATION_WORDS:
        for word in words:
            word = squash_danish(word)
            if (" " in word and word in squashed) or re.search(r"(?<![a-z])" + re.escape(word), padded):
                named.append(code)
                break
    return named


def parse_situation(text: str) -> Optional[str]:
    """The situation an answer names; None when it names none, or two that contradict each other
    ("jeg er ansat og selvstændig"). Unemployed words win over the broad employed ones ("ledig og
    søger job")."""
    named = _situations_named(text)
    if not named:
        return None
    strong = [code for code in named if code in ("self_employed", "unemployed")]
    if len(strong) > 1 or (strong == ["self_employed"] and "employed" in named and _says_employee(text)):
        return None
    return strong[0] if strong else named[0]


def _says_employee(text: str) -> bool:
    return bool(re.search(r"(?<![-\w])(ansat|lonmodtager|employee|employed)\b", squash_danish(text)))


# "jeg arbejder hos Netto", "ansat i Bilka", "I work at DSV": the employer named in passing, so the
# report does not ask for it again. The name is what follows, up to a comma or a new clause.
_EMPLOYER_STATEMENT = re.compile(
    r"\b(?:arbejder|arbejdede|ansat|job|jobber|work|working|employed)\s+(?:som\s+\S+\s+)?(?:hos|i|ved|på|paa|for|at)"
    r"\s+(?P<name>[A-ZÆØÅ0-9][\wÆØÅæøå&.'-]*(?:\s+(?:[A-ZÆØÅ0-9][\wÆØÅæøå&.'-]*|og|&|A/S|ApS))*)")


# "søgte job hos DSV", "sendt mit cv til Netto", "applied for a job at ISS": a job-search report names the
# place applied to, which is no employer, and its "job" says nothing about being employed.
_JOB_SEARCH = re.compile(r"(?<![a-z])(?:sog(?:t|te|er|e)|soeg\w*|ansog\w*|jobsog\w*|applied|apply\w*|application\w*"
                         r"|jobsamtale\w*|interview\w*|(?:sendt|sendte|sent|send) (?:\w+ )?cv)(?![a-z])")


def reads_as_job_search(text: str) -> bool:
    """Whether a message reports or asks about looking for a job ("søgte job hos DSV i går")."""
    return bool(_JOB_SEARCH.search(squash_danish(text or "")))


def read_employer_statement(text: str) -> Optional[str]:
    """The employer a message names in passing ("jeg arbejder hos Netto" → "Netto"): a capitalised
    name after "arbejder hos", "ansat i" or "work at"; a lower-case word may be anything. Not in a
    job-search report ("søgte job hos DSV")."""
    if reads_as_job_search(text):
        return None
    match = _EMPLOYER_STATEMENT.search(text or "")
    if not match:
        return None
    name = clean_name(match.group("name")).strip(" .,")
    return name[:MAX_EMPLOYER_CHARS] or None


_FULL_WORDS = ("helt", "fuldt", "fuld", "100", "hele", "slet ikke", "full", "fully", "completely", "not at all",
               "arbejder ikke", "kan ikke arbejde", "ingen timer")
_PARTIAL_WORDS = ("delvis", "delvist", "deltid", "nogle timer", "nedsat", "halv", "halvt", "partly", "partial",
                  "part time", "part-time", "some hours", "a few hours", "lidt")


def parse_extent(text: str) -> Tuple[Optional[str], Optional[float]]:
    """'full' or 'partial' sick leave, and the hours still worked when the answer gives them
    ("delvis, 20 timer"). A bare number of hours means partial."""
    squashed = squash_danish(text)
    hours, _problem = read_hours(text, needs_unit=True)
    partial = any(re.search(r"(?<![a-z])" + re.escape(squash_danish(w)) + r"(?![a-z])", squashed)
                  for w in _PARTIAL_WORDS)
    full = any(re.search(r"(?<![a-z])" + re.escape(squash_danish(w)) + r"(?![a-z])", squashed)
               for w in _FULL_WORDS)
    if hours is not None and hours > 0 and not full:
        return "partial", hours
    if partial and not full:
        return "partial", hours
    if full and not partial:
        return "full", None
    return None, None


def _plain(text: str) -> str:
    """ "Kontakt mig!" → "kontakt mig": squashed words only, for comparing whole answers."""
    return " ".join(re.findall(r"[a-z0-9]+", squash_danish(text or "").replace("'", "")))


# Whole answers that are a yes or no only to this journey's questions ("kontakt mig" to "do you want
# contact?", "gem" to "shall I save?"); any other answer is read by bot.rules.reading.read_yes_no.
_JOURNEY_YES = {_plain(answer) for answer in (
    "kontakt mig", "ja kontakt mig", "kontakt mig gerne", "contact me", "please contact me", "ring til mig",
    "ring mig op", "call me", "jeg vil gerne kontaktes", "jeg vil gerne ringes op", "gem", "gem den", "ja gem",
    "save")}
_JOURNEY_NO = {_plain(answer) for answer in (
    "jeg klarer mig selv", "klarer mig selv", "det klarer jeg selv", "I can manage", "I'll manage")}


def parse_yes_no(text: str) -> Optional[bool]:
    """True for yes, False for no, None for anything else (including "ja ... nej"): this journey's own
    whole answers, then bot.rules.reading.read_yes_no."""
    plain = _plain(text)
    if plain in _JOURNEY_YES:
        return True
    if plain in _JOURNEY_NO:
        return False
    return read_yes_no(text)


# Fields the summary can correct, and the words that name them in a correction ("datoen er forkert"),
# inflections included (see bot.rules.reading.field_named_in).
FIELD_WORDS = {
    "first_day": ("første dag", "første sygedag", "sygedag", "sygedagen", "startdato", "startdatoen",
                  "fra hvornår", "first day", "start date", "dato", "datoen", "date"),
    "expected_return": ("tilbage", "raskmeld", "hvornår jeg er tilbage", "slutdato", "slutdatoen", "varighed",
                        "uger", "ugerne", "return", "back", "how long"),
    "employer": ("arbejdsgiver", "firma", "virksomhed", "employer", "company"),
    "partial_hours": ("timer", "hours"),
    "extent": ("delvis", "helt syg", "fuldt", "omfang", "partial", "full"),
    "situation": ("situation", "ansat", "ledig", "selvstændig", "employed", "unemployed"),
    "wants_contact": ("kontakt", "ringe", "medarbejder", "contact", "call"),
}


RETURN_DAYS_AHEAD = 14


def returned_on_problem(returned_on: date, first_day: date, today: date) -> Optional[str]:
    """Why a day back at work cannot be used: 'before_first_day', 'too_far_ahead', or None. A few
    days ahead is fine: people often know on Thursday that they start again on Monday."""
    if returned_on <= first_day:
        return "before_first_day"
    if returned_on > today + timedelta(days=RETURN_DAYS_AHEAD):
        return "too_far_ahead"
    return None


def check_in_due(track: str, status: str, expected_return: Optional[date], today: date) -> bool:
    """A self-service case whose expected return day has come: ask whether the citizen is back."""
    return track == "self_service" and status == "open" and expected_return is not None \
        and expected_return <= today


def parse_expected_return(text: str, first_day: date, today: date) -> Tuple[Optional[date], bool]:
    """ "3 uger" (counted from the first sick day), "til 15. december", "mandag", "ved ikke".

    Returns (date, understood): (None, True) means the user does not know; (None, False) that the
    answer could not be read."""
    squashed = squash_danish(text).strip()
    if any(squash_danish(word) in squashed for word in _UNKNOWN_WORDS) or squashed in {"?", "nej", "no"}:
        return None, True
    duration = find_duration(text)
    if duration:
        return first_day + timedelta(days=duration.days), True
    found = forward_date(text, today)
    return (found, True) if found else (None, False)


def forward_date(text: str, today: date) -> Optional[date]:
    """A date ahead: a day and month without a year is the next such day, a weekday the next one."""
    squashed = squash_danish(text)
    if re.search(r"\b(i\s*morgen|tomorrow)\b", squashed):
        return today + timedelta(days=1)
    found = find_date(text, today)
    if found is None:
        return parse_date_answer(text, today)
    value = found.value
    explicit_year = re.search(r"\d{4}|\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{2}", text)
    if explicit_year or re.search(r"\bi\s*(dag|gar)|forgar|yesterday|today|siden|ago", squashed):
        return value
    if re.search(r"mandag|tirsdag|onsdag|torsdag|fredag|lordag|sondag|day\b", squashed):
        while value <= today:
            value += timedelta(days=7)
    elif value < today - timedelta(days=180):
        # "15/1" written in November means next January; "1/11" stays, to be refused as past.
        try:
            value = value.replace(year=value.year + 1)
        except ValueError:
            return None
    return value


def first_day_problem(first_day: date, today: date) -> Optional[str]:
    return date_problem(first_day, today)


def return_problem(expected_return: date, first_day: date, today: date) -> Optional[str]:
    """Why an expected return date cannot be used: 'before_first_day', 'in_past', or None."""
    if expected_return <= first_day:
        return "before_first_day"
    if expected_return < today:
        return "in_past"
    return None


def parse_hours_worked(text: str) -> Tuple[Optional[float], Optional[str]]:
    """Hours still worked per week while partly sick, read by bot.rules.reading.read_hours ("20", "ti
    timer", "7,5 timer"): (hours, problem). A range is 'not_a_number' (one number is needed), a
    negative number 'out_of_range'."""
    hours, problem = read_hours(text)
    if problem == "negative":
        return None, "out_of_range"
    if problem:
        return None, "not_a_number"
    if hours > FULL_TIME_HOURS:
        return None, "out_of_range"
    if hours == FULL_TIME_HOURS:
        return None, "full_time"
    return hours, None


def earlier_leaves_within_12_months(first_days: Sequence[date], new_first_day: date) -> int:
    return sum(1 for day in first_days if new_first_day - timedelta(days=365) <= day < new_first_day)


_SINCE = re.compile(r"\b(siden|since|var|was|startede|started|begyndte|fra i gar|from yesterday)\b")
_EXTRA = re.compile(r"\b(med|yderligere|mere|ekstra|extra|more|another|further|by)\b")


def parse_return_day(text: str, today: date) -> Optional[date]:
    """The day back at work: "i dag", "i går", "siden mandag" (past) or "på mandag" (ahead)."""
    squashed = squash_danish(text)
    if _SINCE.search(squashed):
        found = find_date(text, today)
        if found:
            return found.value
    return forward_date(text, today)


def parse_new_return(text: str, first_day: date, current_return: Optional[date],
                     today: date) -> Tuple[Optional[date], bool]:
    """A changed expected return: a date, a duration, a shift or "ved ikke". "Forlænget med 2 uger" and
    "en uge senere" count from the present expected return (from today when that has passed and the
    return moves later); "en uge tidligere" moves it back; a bare "3 uger" counts from the first sick
    day, as when reporting."""
    squashed = squash_danish(text)
    shift = read_relative_shift(text)
    later_start = current_return if current_return and current_return >= today else today
    if shift is not None:
        start = current_return if current_return and shift < 0 else later_start
        return start + timedelta(days=shift), True
    duration = find_duration(text)
    if duration and _EXTRA.search(squashed[:duration.start] + " " + squashed[duration.end:]):
        return later_start + timedelta(days=duration.days), True
    return parse_expected_return(text, first_day, today)
