"""The job journal's rules: what an activity is, how it is read from free text, checked, counted,
and which tip fits the citizen's own mix of search channels."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from bot.rules.dates import date_problem, find_date, parse_date_answer
from bot.rules.reading import clean_name, field_named_in, read_corrections
from bot.text import clean_text_value, has_letters_or_digits, label_in, squash_danish, tidy_name

MAX_EMPLOYER_CHARS = 120
MAX_JOB_TITLE_CHARS = 120
MAX_PLACE_CHARS = 80
MAX_NOTE_CHARS = 500
NUDGE_AFTER_DAYS = 14

FIELDS = ("employer", "job_title", "applied_on", "channel", "status")

CHANNELS: Dict[str, Tuple[str, str]] = {
    "job_ad": ("Jobopslag", "Job ad"),
    "unsolicited": ("Uopfordret ansøgning", "Unsolicited application"),
    "network": ("Eget netværk", "Own network"),
    "agency": ("Rekrutterings- eller vikarbureau", "Recruitment or temp agency"),
    "internship": ("Via praktik- eller løntilskudsvirksomhed", "Via an internship or wage-subsidy employer"),
    "personal_contact": ("Telefon eller personlig henvendelse", "Phone or personal contact"),
    "interview": ("Jobsamtale", "Job interview"),
    # A talk agreed in the digital match (bot/rules/match_sharing.py); set by the match, never read from text.
    "jobcentre_contact": ("Kontakt med virksomhed via jobcentret", "Contact with an employer via the job centre"),
}
STATUSES: Dict[str, Tuple[str, str]] = {
    "sent": ("Sendt", "Sent"),
    "interview": ("Til samtale", "Interview"),
    "rejected": ("Afslag", "Rejected"),
    "offered": ("Tilbudt jobbet", "Offered the job"),
    "hired": ("Fik jobbet", "Got the job"),
}
# Slagelse's analysis (seed 001): these channels raise the chance of a job; job banks,
# newspapers and own network alone do not.
EFFECTIVE_CHANNELS = ("unsolicited", "agency", "internship")

# Keyword stems, written squashed (see bot.text.squash_danish); a word matches when it starts with
# one of them. Order matters: the first channel or status that matches wins.
_CHANNEL_WORDS: Sequence[Tuple[str, Tuple[str, ...]]] = (
    ("unsolicited", ("uopfordr", "unsolicit", "spontan", "opfordr")),
    ("internship", ("praktik", "lontilskud", "internship", "wage-subsid", "virksomhedspraktik")),
    ("agency", ("vikarbureau", "vikarbureu", "bureau", "rekrutteringsbureau", "rekruttering",
                "vikar", "agency", "recruit", "adecco", "manpower", "randstad", "temp")),
    ("network", ("netvark", "netverk", "network", "venner", "ven", "familie", "bekendt", "friend",
                 "family", "kontakter")),
    ("personal_contact", ("ringede", "ringet", "telefon", "opringning", "personligt", "modte",
                          "kiggede", "phone", "called", "person")),
    ("job_ad", ("jobnet", "jobopslag", "opslag", "stillingsopslag", "annonce", "jobindex",
                "jobbank", "jobportal", "linkedin", "indeed", "avis", "ofir", "stepstone",
                "advert", "ad", "ads", "posting", "website", "hjemmeside", "nettet", "online")),
)
_INTERVIEW_CHANNEL_WORDS = ("jobsamtale", "samtale", "interview")
_STATUS_WORDS: Sequence[Tuple[str, Tuple[str, ...]]] = (
    ("hired", ("fik jobbet", "fik job", "fik stillingen", "fik den", "blev ansat", "er ansat",
               "ansat", "got the job", "got it", "hired", "fikjobbet", "fået jobbet", "fik et job", "fået et job",
               # starting is news that it went well: "startede i nyt job i mandags", "I started my new job"
               "startede i nyt job", "startet i nyt job", "begyndte i nyt job", "begyndt i nyt job",
               "startede i mit nye job", "starter i nyt job", "begynder i nyt job", "got a job",
               "started my new job", "started a new job", "started the job", "started working at",
               "start my new job", "starting my new job")),
    ("offered", ("tilbudt", "tilbud om", "jobtilbud", "offered", "an offer", "job offer")),
    ("rejected", ("afslag", "afvist", "fik nej", "sagde nej", "rejected", "rejection",
                  "turned down", "didn't get", "did not get", "fik det ikke", "fik ikke")),
    ("interview", ("samtale", "interview", "jobsamtale")),
    ("sent", ("sendt", "sendte", "sogte", "sogt", "soger", "ansogning", "ansogte", "applied",
              "application", "sent", "apply", "sendt afsted")),
)

_EMPLOYER_MARKERS = {"hos", "ved", "at", "with", "firma", "firmaet", "virksomheden"}
_TITLE_MARKERS = {"som", "as"}
_TO_MARKERS = {"til", "to", "for"}
_STOP_WORDS = {
    "hos", "ved", "som", "til", "via", "gennem", "igennem", "pa", "i", "og", "men", "da", "den",
    "det", "d", "fra", "efter", "med", "at", "as", "through", "on", "and", "but", "from", "to",
    "for", "in", "the", "yesterday", "today", "ikke", "jeg", "har", "hvor", "where", "by",
}
_LEADING_FILLERS = {"en", "et", "a", "an", "the", "job", "jobbet", "stilling", "stillingen",
                    "stillingen", "position", "som", "as", "hos", "ved", "at", "det", "var", "er",
                    "it", "was", "is", "til"}
# The words that name each field in a correction or a labelled value ("arbejdsgiver: Netto", "ret
# datoen"), inflections included (see bot.rules.reading.field_named_in).
FIELD_WORDS: Dict[str, Tuple[str, ...]] = {
    "employer": ("arbejdsgiver", "arbejdsgiveren", "virksomhed", "virksomheden", "firma", "firmaet", "employer",
                 "company"),
    "job_title": ("stilling", "stillingen", "stillingsbetegnelse", "jobtitel", "jobtitlen", "titel", "titlen",
                  "jobbet", "job title", "title", "position"),
    "applied_on": ("dato", "datoen", "ansøgningsdato", "date"),
    "channel": ("søgemåde", "søgemåden", "søgekanal", "kanal", "kanalen", "channel"),
    "status": ("status", "statussen"),
    "place": ("sted", "stedet", "arbejdssted", "place", "city", "town"),
}
_NOTE = re.compile(r"(?:^|\s)(?:note|noten|bem(?:æ|ae|a)rkning|kommentar|comment)\s*:\s*(.*)$",
                   re.IGNORECASE | re.DOTALL)


def _squashed_all(words: Iterable[str]) -> set:
    return {squash_danish(word) for word in words}


# The word lists above are compared with squashed words, so they are squashed once here too.
_CHANNEL_WORDS = tuple((code, tuple(squash_danish(s) for s in stems)) for code, stems in _CHANNEL_WORDS)
_STATUS_WORDS = tuple((code, tuple(squash_danish(s) for s in stems)) for code, stems in _STATUS_WORDS)
_EMPLOYER_MARKERS = _squashed_all(_EMPLOYER_MARKERS)
_TITLE_MARKERS = _squashed_all(_TITLE_MARKERS)
_TO_MARKERS = _squashed_all(_TO_MARKERS)
_STOP_WORDS = _squashed_all(_STOP_WORDS)
_LEADING_FILLERS = _squashed_all(_LEADING_FILLERS)

# A word may end in a hyphen: "social-" in "social- og sundhedsmedarbejder".
_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*-?|[^\w\s]", re.UNICODE)
_COMPOUND_JOINS = {"og", "eller", "and", "or"}


@dataclass
class ParsedActivity:
    """Fields read from one message; only what the user actually wrote is set."""

    employer: Optional[str] = None
    job_title: Optional[str] = None
    applied_on: Optional[date] = None
    channel: Optional[str] = None
    status: Optional[str] = None
    place: Optional[str] = None
    note: Optional[str] = None
    named_fields: List[str] = field(default_factory=list)

    def values(self) -> Dict[str, object]:
        return {name: getattr(self, name)
                for name in ("employer", "job_title", "applied_on", "channel", "status", "place", "note")
                if getattr(self, name) is not None}


def _tokens(text: str) -> List[str]:
    return _WORD.findall(text)


def _matches_stem(word: str, stems: Iterable[str]) -> bool:
    return any(word == stem or (len(stem) >= 4 and word.startswith(stem)) for stem in stems)


def _phrase_in(squashed_text: str, phrases: Iterable[str]) -> bool:
    padded = f" {squashed_text} "
    for phrase in phrases:
        if " " in phrase or "'" in phrase:
            if f" {phrase}" in padded:
                return True
        elif any(_matches_stem(word, (phrase,)) for word in squashed_text.split()):
            return True
    return False


def parse_channel(text: str, include_interview: bool = True) -> Optional[str]:
    """The search channel named in `text`, if any."""
    words = [squash_danish(token) for token in _tokens(text)]
    for code, stems in _CHANNEL_WORDS:
        if any(_matches_stem(word, stems) for word in words):
            return code
    if include_interview and any(_matches_stem(word, _INTERVIEW_CHANNEL_WORDS) for word in words):
        return "interview"
    return None


def parse_status(text: str) -> Optional[str]:
    """The application status named in `text`, if any."""
    squashed = " ".join(squash_danish(token) for token in _tokens(text))
    for code, phrases in _STATUS_WORDS:
        if _phrase_in(squashed, phrases):
            return code
    return None


def _is_keyword(word: str) -> bool:
    return any(_matches_stem(word, stems) for _code, stems in _CHANNEL_WORDS) or any(
        _matches_stem(word, tuple(p for p in phrases if " " not in p)) for _c, phrases in _STATUS_WORDS)


def _date_token_indexes(squashed_tokens: List[str], today: date) -> Tuple[Optional[date], set]:
    joined, offsets = "", []
    for token in squashed_tokens:
        offsets.append((len(joined), len(joined) + len(token)))
        joined += token + " "
    found = find_date(joined, today)
    if not found:
        return None, set()
    covered = {i for i, (start, end) in enumerate(offsets) if start < found.end and end > found.start}
    return found.value, covered


def _value_after(tokens: List[str], squashed: List[str], start: int, stop_indexes: set) -> Optional[str]:
    words = []
    index = start
    while index < len(tokens):
        word = squashed[index]
        continues_compound = bool(words) and words[-1].endswith("-") and word in _COMPOUND_JOINS
        if not continues_compound and (index in stop_indexes or word in _STOP_WORDS or _is_keyword(word)
                                       or tokens[index] in ",.;!?"):
            if words or word not in _LEADING_FILLERS:
                break
        if not words and word in _LEADING_FILLERS:
            index += 1
            continue
        words.append(tokens[index])
        index += 1
    value = clean_text_value(" ".join(words))
    return value or None


def _first_marked(tokens, squashed, markers, stop_indexes) -> Optional[str]:
    for index, word in enumerate(squashed):
        if word in markers and index not in stop_indexes:
            value = _value_after(tokens, squashed, index + 1, stop_indexes)
            if value and has_letters_or_digits(value):
                return value
    return None


def _labelled_values(text: str, today: date) -> Tuple[Dict[str, object], List[str]]:
    """ "arbejdsgiver: Netto", "stillingen er kok", "ret datoen til 20/11": the values given for named
    fields, and the fields named (the one a correction is about first; see
    bot.rules.reading.read_correction)."""
    values: Dict[str, object] = {}
    named: List[str] = []
    for correction in read_corrections(text, FIELD_WORDS):
        if correction.field in named:
            continue
        named.append(correction.field)
        value = _labelled_value(correction.field, correction.value, today) if correction.value else None
        if value is not None:
            values[correction.field] = value
    main = field_named_in(text, FIELD_WORDS)
    if main:
        named = [main] + [name for name in named if name != main]
    return values, named


def _labelled_value(field: str, raw: str, today: date) -> object:
    if field in ("employer", "job_title", "place"):
        return raw if has_letters_or_digits(raw) and squash_danish(raw) not in _STOP_WORDS else None
    if field == "applied_on":
        return parse_date_answer(raw, today)
    if field == "channel":
        return parse_channel(raw)
    return parse_status(raw)


def parse_activity(text: str, today: date) -> ParsedActivity:
    """Reads an activity from a whole sentence, e.g. "jeg søgte som lagerarbejder hos Bilka i går
    via jobnet". Only fields the text names are set; the caller asks for the rest."""
    parsed = ParsedActivity()
    note = _NOTE.search(text)
    if note:
        parsed.note = clean_text_value(note.group(1)) or None
        text = text[: note.start()]
    tokens = _tokens(text)
    squashed = [squash_danish(token) for token in tokens]
    parsed.applied_on, date_indexes = _date_token_indexes(squashed, today)
    parsed.channel = parse_channel(text, include_interview=False)
    parsed.status = parse_status(text)
    parsed.job_title = _first_marked(tokens, squashed, _TITLE_MARKERS, date_indexes)
    parsed.employer = _first_marked(tokens, squashed, _EMPLOYER_MARKERS, date_indexes)
    if parsed.employer is None:
        # "sendte en ansøgning til Netto": "til" names the employer unless a status follows it.
        parsed.employer = _first_marked(tokens, squashed, _TO_MARKERS, date_indexes)
    if parsed.employer and parsed.job_title and squash_danish(parsed.employer) == squash_danish(parsed.job_title):
        parsed.employer = None
    labelled, named = _labelled_values(text, today)
    for name, value in labelled.items():
        setattr(parsed, name, value)
    _drop_echoes(parsed, labelled)
    parsed.named_fields = named + (["note"] if note else [])
    if parsed.employer:
        parsed.employer = tidy_name(parsed.employer)
    return parsed


def _drop_echoes(parsed: ParsedActivity, labelled: Dict[str, object]) -> None:
    """ "ret stillingen til kok": "til kok" also reads as an employer; a value given for one named
    field is not another field's too."""
    given = {squash_danish(value) for value in labelled.values() if isinstance(value, str)}
    for name in ("employer", "job_title", "place"):
        value = getattr(parsed, name)
        if name not in labelled and value and squash_danish(value) in given:
            setattr(parsed, name, None)


def leading_value(text: str, today: date) -> Optional[str]:
    """The answer to "which employer?" or "which job?" when the text has no marker word: the name
    (bot.rules.reading.clean_name: "det var Bilka tror jeg" → "Bilka") before any date, channel or
    status words ("Bilka i går via jobnet" → "Bilka")."""
    tokens = _tokens(clean_name(text))
    squashed = [squash_danish(token) for token in tokens]
    _value, date_indexes = _date_token_indexes(squashed, today)
    return _value_after(tokens, squashed, 0, date_indexes)


def employer_problem(value: Optional[str], today: Optional[date] = None) -> Optional[str]:
    if value is None or not clean_text_value(value):
        return "empty"
    if not has_letters_or_digits(value):
        return "no_letters"
    if today is not None and is_just_a_date(value, today):
        return "a_date"
    return None


def is_just_a_date(text: str, today: date) -> bool:
    """ "20. novmber" or "i går" given where a name was asked for: an answer to an earlier date
    question, not an employer or a job."""
    squashed = squash_danish(clean_text_value(text))
    found = find_date(squashed, today)
    if not found:
        return False
    rest = squashed[:found.start] + squashed[found.end:]
    return not re.sub(r"\b(?:den|d|the|on)\b", "", rest).strip(" .,-")


def activity_date_problem(value: date, today: date) -> Optional[str]:
    return date_problem(value, today)


def parse_applied_on(text: str, today: date) -> Optional[date]:
    return parse_date_answer(text, today)


def is_duplicate(candidate: Dict[str, object], existing: Iterable[Dict[str, object]]) -> bool:
    """The same employer, job, date and channel (case and æøå spelling ignored)."""
    def key(entry):
        return (squash_danish(str(entry["employer"])).strip(), squash_danish(str(entry["job_title"])).strip(),
                str(entry["applied_on"]), entry["channel"])
    wanted = key(candidate)
    return any(key(entry) == wanted for entry in existing)


@dataclass(frozen=True)
class WeekCount:
    week_number: int
    monday: date
    count: int


@dataclass(frozen=True)
class JournalOverview:
    this_week: WeekCount
    previous_weeks: List[WeekCount]
    weekly_target: Optional[int]
    days_since_last: Optional[int]

    @property
    def needs_nudge(self) -> bool:
        return self.days_since_last is None or self.days_since_last >= NUDGE_AFTER_DAYS

    @property
    def last_four_weeks_total(self) -> int:
        return sum(week.count for week in self.previous_weeks)


def journal_overview(applied_dates: Sequence[date], today: date,
                     weekly_target: Optional[int], weeks_back: int = 4) -> JournalOverview:
    """Counts for this week (Monday to today) and each of the four weeks before it."""
    monday = today - timedelta(days=today.weekday())

    def count_week(start: date) -> WeekCount:
        end = start + timedelta(days=7)
        return WeekCount(start.isocalendar()[1], start,
                         sum(1 for day in applied_dates if start <= day < end and day <= today))

    previous = [count_week(monday - timedelta(weeks=n)) for n in range(1, weeks_back + 1)]
    past_dates = [day for day in applied_dates if day <= today]
    days_since = (today - max(past_dates)).days if past_dates else None
    return JournalOverview(count_week(monday), previous, weekly_target, days_since)


def pick_tip(recent_channels: Sequence[str]) -> Optional[str]:
    """At most one tip: only when none of the citizen's recent activities used a channel that raises
    the chance of a job; which one rotates with the number of activities so it is not always the same."""
    if not recent_channels or any(channel in EFFECTIVE_CHANNELS for channel in recent_channels):
        return None
    return EFFECTIVE_CHANNELS[len(recent_channels) % len(EFFECTIVE_CHANNELS)]


def parse_status_update(text: str) -> Tuple[Optional[str], Optional[str]]:
    """ "jeg fik jobbet hos Bilka" → ("hired", "Bilka"). The employer part may be missing."""
    status = parse_status(text)
    tokens = _tokens(text)
    squashed = [squash_danish(token) for token in tokens]
    employer = _first_marked(tokens, squashed, _EMPLOYER_MARKERS | {"fra", "from"}, set())
    return status, tidy_name(employer) if employer else None


def best_matching_entry(entries: Sequence[Dict[str, object]], employer_hint: Optional[str]):
    """The newest entry whose employer matches the hint (or the newest entry when there is none)."""
    if not entries:
        return None
    ordered = sorted(entries, key=lambda e: (e["applied_on"], e["id"]), reverse=True)
    if not employer_hint:
        return ordered[0]
    wanted = squash_danish(employer_hint).strip()
    for entry in ordered:
        have = squash_danish(str(entry["employer"])).strip()
        if have == wanted or wanted in have.split() or have in wanted.split():
            return entry
    return None


def channel_label(code: Optional[str], language: str) -> str:
    return label_in(CHANNELS, code, language)


def status_label(code: Optional[str], language: str) -> str:
    return label_in(STATUSES, code, language)


def activities_phrase(count: int, language: str) -> str:
    """ "1 aktivitet", "3 aktiviteter"; "1 activity", "3 activities"."""
    if language == "en":
        return f"{count} activity" if count == 1 else f"{count} activities"
    return f"{count} aktivitet" if count == 1 else f"{count} aktiviteter"
