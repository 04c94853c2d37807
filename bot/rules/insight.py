"""The municipality's insight figures as pure rules: which journey a message belongs to, which day and
week a moment falls on in Danish time, medians and shares, and the rule that no count below five is
shown. No Rasa, no database, no web: the store counts, these rules decide what may be shown."""
from __future__ import annotations

import csv
import io
import re
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple, Union
from zoneinfo import ZoneInfo

DANISH_TIME = ZoneInfo("Europe/Copenhagen")

# A count below this is shown as "<5": with fewer, a figure can point at a person.
SMALL_COUNT = 5
SUPPRESSED = "<5"
Shown = Union[int, float, str, None]

# The journeys a conversation can be about, in the order the page lists them.
JOURNEYS: Tuple[str, ...] = ("journal", "sick_leave", "benefits", "vacancy", "handoff")
JOURNEY_NAMES_DA: Dict[str, str] = {
    "journal": "Jobjournal og profil", "sick_leave": "Sygemelding", "benefits": "Spørgsmål om ydelser",
    "vacancy": "Småjobopslag", "handoff": "Kontakt til en medarbejder",
}
# The intents that put a user's message in a journey (domain.yml). The greeting and small talk belong
# to none; answers inside a form (yes, no, a date) count through the journey's other messages that day.
JOURNEY_OF_INTENT: Dict[str, str] = {
    **{intent: "journal" for intent in (
        "start_journal", "log_job_activity", "show_journal", "change_journal_entry", "update_job_status",
        "show_profile", "update_profile", "journal_correct", "journal_edit_picked", "journal_delete_picked")},
    **{intent: "sick_leave" for intent in (
        "start_sick_leave", "report_return", "update_sick_leave", "report_partial_return", "show_sick_leave",
        "sick_correct")},
    **{intent: "benefits" for intent in (
        "ask_benefits", "faq", "benefit_topic", "ask_own_benefit_case", "calculate_dagpenge",
        "calculate_sygedagpenge")},
    **{intent: "vacancy" for intent in ("post_vacancy", "vacancy_status")},
    **{intent: "handoff" for intent in (
        "ask_human", "complaint_or_sanction", "choose_chat", "choose_phone", "choose_written")},
}
# Messages that start no conversation of their own: the greeting the gateway triggers at every login.
NOT_A_CONVERSATION = frozenset({"greet"})
# Only citizens' and employers' conversations are the assistant's work; staff only log in.
CONVERSATION_ROLES = ("citizen", "employer")

# "Was this helpful?" topics: the end of a journey, or a benefits topic (data/answers/benefits.yml).
JOURNEY_END_TOPICS: Dict[str, str] = {
    "journal": "journal", "profile": "journal", "sick_leave": "sick_leave", "vacancy": "vacancy",
}
TOPIC_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

PRIORITIES = ("urgent", "high", "normal")
PRIORITY_NAMES_DA = {"urgent": "Akut", "high": "Høj", "normal": "Normal"}
TRACK_NAMES_DA = {"self_service": "Selvbetjening", "advisor": "Til en medarbejder"}
VACANCY_STATUS_NAMES_DA = {"awaiting_review": "Afventer godkendelse", "approved": "Godkendt",
                           "rejected": "Afvist"}


def shown_count(count: int) -> Union[int, str]:
    """The count as the page may show it: "<5" for any count below five, zero included."""
    return count if count >= SMALL_COUNT else SUPPRESSED


def shown_share(part: int, whole: int) -> Optional[float]:
    """`part` of `whole` in per cent with one decimal, or None when either is below five (a share of a
    few, or of a handful, gives the count away)."""
    if whole < SMALL_COUNT or part < SMALL_COUNT:
        return None
    return round(100.0 * part / whole, 1)


def danish_decimal(value: float) -> str:
    """One decimal with a decimal comma, as Danish text writes it: 71,8."""
    return f"{value:.1f}".replace(".", ",")


def shown_median(values: Sequence[float], digits: int = 0) -> Optional[float]:
    """The median of `values`, or None for fewer than five of them."""
    if len(values) < SMALL_COUNT:
        return None
    return round(statistics.median(values), digits)


def journey_of_intent(intent: Optional[str]) -> Optional[str]:
    return JOURNEY_OF_INTENT.get(intent or "")


def intents_of(journey: str) -> List[str]:
    return sorted(intent for intent, owner in JOURNEY_OF_INTENT.items() if owner == journey)


def journey_of_topic(topic: str) -> str:
    """The journey a "was this helpful?" topic belongs to: a journey's end, else a benefits answer."""
    return JOURNEY_END_TOPICS.get(topic, "benefits")


def is_feedback_topic(topic: object, benefit_topics: Iterable[str]) -> bool:
    return isinstance(topic, str) and bool(TOPIC_PATTERN.match(topic)) and (
        topic in JOURNEY_END_TOPICS or topic in set(benefit_topics))


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes; every moment the store writes is UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def utc_offsets(start: datetime, end: datetime) -> List[Tuple[float, int]]:
    """Danish time's offset from UTC in seconds over [start, end): [(from this Unix time on, offset)], the
    first from `start`. Lets a database tell the Danish day of a moment with plain arithmetic."""
    def offset_at(moment: datetime) -> int:
        return int(moment.astimezone(DANISH_TIME).utcoffset().total_seconds())

    moment = as_utc(start).replace(minute=0, second=0, microsecond=0)
    offsets: List[Tuple[float, int]] = [(as_utc(start).timestamp(), offset_at(moment))]
    while moment < end:
        # Summer time starts and ends on a whole hour: a day's steps find the day, its hours the hour.
        following = moment + timedelta(days=1)
        if offset_at(following) != offsets[-1][1]:
            hour = moment
            while offset_at(hour) == offsets[-1][1]:
                hour += timedelta(hours=1)
            offsets.append((hour.timestamp(), offset_at(hour)))
        moment = following
    return offsets


def day_number(day: date) -> int:
    """Days since 1 January 1970: how the store names a Danish day."""
    return (day - date(1970, 1, 1)).days


def day_of_number(number: int) -> date:
    return date(1970, 1, 1) + timedelta(days=number)


def day_of_unix_time(seconds: float, offsets: Sequence[Tuple[float, int]]) -> int:
    """The number of the Danish day of a Unix time, as the store's SQL works it out from utc_offsets."""
    offset = next((change for since, change in reversed(offsets) if seconds >= since), offsets[0][1])
    return int((seconds + offset) // 86400)


def period_bounds(first: date, last: date) -> Tuple[datetime, datetime]:
    """From the start of `first` to the start of the day after `last`, Danish days, as UTC moments."""
    start = datetime(first.year, first.month, first.day, tzinfo=DANISH_TIME)
    after = last + timedelta(days=1)
    end = datetime(after.year, after.month, after.day, tzinfo=DANISH_TIME)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def days_between(first: date, last: date) -> List[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-U{week:02d}"


def weeks_between(first: date, last: date) -> List[str]:
    weeks: List[str] = []
    for day in days_between(first, last):
        if not weeks or weeks[-1] != iso_week(day):
            weeks.append(iso_week(day))
    return weeks


def month_of(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def months_between(first: date, last: date) -> List[str]:
    months: List[str] = []
    for day in days_between(first, last):
        if not months or months[-1] != month_of(day):
            months.append(month_of(day))
    return months


ConversationDay = Tuple[str, date]
# A day's totals are kept per (day, journey); this journey key stands for every journey together.
ALL_JOURNEYS = ""
DayTotalKey = Tuple[date, str]
# A Danish day is counted for good this long after it ended: a message sent just before midnight may
# still be on its way into Rasa's events.
DAY_SETTLES = timedelta(hours=1)


def last_settled_day(now: datetime) -> date:
    """The last Danish day that is over and settled at `now`: its totals will not change any more."""
    return (as_utc(now) - DAY_SETTLES).astimezone(DANISH_TIME).date() - timedelta(days=1)


@dataclass
class ConversationActivity:
    """What happened per conversation and Danish day: which journeys its messages were about, which
    journeys it finished on its own (something saved, an answer given), and whether a person was
    asked for. Built from the store's rows; holds conversation ids only while the figures are made."""

    days: Set[ConversationDay] = field(default_factory=set)
    journeys: Dict[ConversationDay, Set[str]] = field(default_factory=dict)
    completed: Dict[ConversationDay, Set[str]] = field(default_factory=dict)
    handed_over: Set[ConversationDay] = field(default_factory=set)

    def add_message(self, conversation: str, day: date, journey: Optional[str]) -> None:
        key = (conversation, day)
        self.days.add(key)
        if journey:
            self.journeys.setdefault(key, set()).add(journey)

    def add_completion(self, conversation: str, day: date, journey: str) -> None:
        self.completed.setdefault((conversation, day), set()).add(journey)

    def add_handoff(self, conversation: str, day: date) -> None:
        self.handed_over.add((conversation, day))

    def in_journey(self, key: ConversationDay, journey: Optional[str]) -> bool:
        return journey is None or journey in self.journeys.get(key, ())

    def solved_without_person(self, key: ConversationDay, journey: Optional[str]) -> bool:
        """Something finished that day (in `journey`, when given) and nobody was asked for that day."""
        if key in self.handed_over or key not in self.days:
            return False
        done = self.completed.get(key, set())
        return bool(done) if journey is None else journey in done

    def per_day(self, journey: Optional[str]) -> Dict[date, Tuple[int, int]]:
        """(conversations, of which solved without a person) per Danish day."""
        counts: Dict[date, List[int]] = {}
        for key in self.days:
            if not self.in_journey(key, journey):
                continue
            tally = counts.setdefault(key[1], [0, 0])
            tally[0] += 1
            tally[1] += self.solved_without_person(key, journey)
        return {day: (tally[0], tally[1]) for day, tally in counts.items()}

    def per_journey(self) -> Dict[str, Tuple[int, int]]:
        """(conversation days about the journey, of which the journey was finished without a person)."""
        counts = {journey: [0, 0] for journey in JOURNEYS}
        for key, journeys in self.journeys.items():
            for journey in journeys:
                counts[journey][0] += 1
                counts[journey][1] += self.solved_without_person(key, journey)
        return {journey: (tally[0], tally[1]) for journey, tally in counts.items()}

    def day_totals(self, days: Iterable[date]) -> Dict[DayTotalKey, Tuple[int, int]]:
        """(conversations, solved without a person) per day in `days` and journey (ALL_JOURNEYS for every
        journey, always there, zero included, so a day with no conversation is known to be counted)."""
        wanted = set(days)
        totals: Dict[DayTotalKey, Tuple[int, int]] = {(day, ALL_JOURNEYS): (0, 0) for day in wanted}
        for journey in (None, *JOURNEYS):
            for day, tally in self.per_day(journey).items():
                if day in wanted:
                    totals[(day, journey or ALL_JOURNEYS)] = tally
        return totals


REASON_NAMES_DA = {
    "crisis": "Krise", "complaint_or_sanction": "Klage, sanktion eller brev", "sick_leave": "Sygemelding",
    "not_understood": "Ikke forstået to gange", "form_failed": "Kom ikke gennem en formular",
    "erasure_request": "Anmodning om sletning", "asked_for_person": "Bad om en medarbejder",
}


@dataclass
class InsightCounts:
    """Everything the store counted for a period; only counts, days and durations, no person."""

    # (conversations, solved without a person) per (Danish day, journey or ALL_JOURNEYS).
    day_totals: Dict[DayTotalKey, Tuple[int, int]] = field(default_factory=dict)
    handoffs: Dict[Tuple[str, str], int] = field(default_factory=dict)  # (reason, priority) -> cases
    claim_minutes: Dict[str, List[float]] = field(default_factory=dict)  # priority -> minutes to claim
    active_now: Dict[Tuple[str, str], int] = field(default_factory=dict)  # (status, priority) -> cases
    crisis_days: List[date] = field(default_factory=list)
    sick_leave_tracks: Dict[str, int] = field(default_factory=dict)
    postings: Dict[str, int] = field(default_factory=dict)  # review status -> postings
    review_hours: Dict[str, List[float]] = field(default_factory=dict)  # review status -> hours to decide
    journal_days: List[date] = field(default_factory=list)
    feedback: Dict[Tuple[str, bool], int] = field(default_factory=dict)  # (topic, helpful) -> ratings

    def add_day_totals(self, totals: Dict[DayTotalKey, Tuple[int, int]]) -> None:
        for key, (conversations, solved) in totals.items():
            before = self.day_totals.get(key, (0, 0))
            self.day_totals[key] = (before[0] + conversations, before[1] + solved)

    def per_day(self, journey: Optional[str]) -> Dict[date, Tuple[int, int]]:
        """(conversations, of which solved without a person) per Danish day, in `journey` or in all."""
        wanted = journey or ALL_JOURNEYS
        return {day: tally for (day, key), tally in self.day_totals.items() if key == wanted and tally[0]}

    def per_journey(self) -> Dict[str, Tuple[int, int]]:
        """(conversation days about the journey, of which the journey was finished without a person)."""
        counts = {journey: [0, 0] for journey in JOURNEYS}
        for (_, journey), (conversations, solved) in self.day_totals.items():
            if journey in counts:
                counts[journey][0] += conversations
                counts[journey][1] += solved
        return {journey: (tally[0], tally[1]) for journey, tally in counts.items()}


@dataclass(frozen=True)
class Figure:
    """One figure as a table: the first column names the rows; `plotted` are the columns drawn."""

    key: str
    title: str
    description: str
    chart: str  # "bar" or "line"
    columns: Tuple[str, ...]
    rows: Tuple[Tuple[Shown, ...], ...]
    plotted: Tuple[int, ...] = (1,)
    unit: str = ""

    def as_json(self) -> Dict[str, object]:
        return {"key": self.key, "title": self.title, "description": self.description, "chart": self.chart,
                "columns": list(self.columns), "rows": [list(row) for row in self.rows],
                "plotted": list(self.plotted), "unit": self.unit}


# Figures that belong to one journey, left out when the page is filtered to another one.
FIGURE_JOURNEY = {"sick_leave": "sick_leave", "postings": "vacancy", "journal": "journal"}
FIGURE_KEYS = ("conversations", "journeys", "handoffs", "handoff_wait", "crisis", "sick_leave", "postings",
               "journal", "feedback")


def conversations_figure(counts: InsightCounts, first: date, last: date, journey: Optional[str]) -> Figure:
    per_day = counts.per_day(journey)
    rows = tuple((day.isoformat(), shown_count(per_day.get(day, (0, 0))[0]),
                  shown_count(per_day.get(day, (0, 0))[1])) for day in days_between(first, last))
    total = sum(conversations for conversations, _ in per_day.values())
    solved = sum(solved for _, solved in per_day.values())
    share = shown_share(solved, total)
    summary = (f"I alt {shown_count(total)} samtaledage; {shown_count(solved)} løst uden en person"
               + (f" ({danish_decimal(share)} %)." if share is not None else "."))
    return Figure("conversations", "Samtaler pr. dag", summary, "line",
                  ("Dag", "Samtaler", "Løst uden en person"), rows, (1, 2))


def journeys_figure(counts: InsightCounts, journey: Optional[str]) -> Figure:
    per_journey = counts.per_journey()
    rows = tuple((JOURNEY_NAMES_DA[name], shown_count(days), shown_count(solved), shown_share(solved, days))
                 for name, (days, solved) in per_journey.items() if journey in (None, name))
    return Figure("journeys", "Samtaler pr. forløb",
                  "En samtale tæller én gang pr. dag og forløb. Løst uden en person: noget blev gemt eller "
                  "besvaret i forløbet samme dag, og ingen bad om en medarbejder den dag.",
                  "bar", ("Forløb", "Samtaledage", "Løst uden en person", "Andel løst uden en person (%)"),
                  rows, (1, 2))


def handoffs_figure(counts: InsightCounts) -> Figure:
    reasons = sorted({reason for reason, _ in counts.handoffs},
                     key=lambda code: (list(REASON_NAMES_DA).index(code) if code in REASON_NAMES_DA else 99, code))
    rows = tuple((REASON_NAMES_DA.get(reason, reason),
                  *(shown_count(counts.handoffs.get((reason, priority), 0)) for priority in PRIORITIES))
                 for reason in reasons)
    return Figure("handoffs", "Sager til en medarbejder efter årsag og prioritet",
                  "Sager oprettet i perioden, alle forløb.", "bar",
                  ("Årsag", *(PRIORITY_NAMES_DA[priority] for priority in PRIORITIES)), rows, (1, 2, 3))


def handoff_wait_figure(counts: InsightCounts) -> Figure:
    rows = tuple((PRIORITY_NAMES_DA[priority], shown_count(len(counts.claim_minutes.get(priority, []))),
                  shown_median(counts.claim_minutes.get(priority, [])),
                  shown_count(counts.active_now.get(("open", priority), 0)),
                  shown_count(counts.active_now.get(("claimed", priority), 0)))
                 for priority in PRIORITIES)
    return Figure("handoff_wait", "Tid til en rådgiver tog sagen, og sager åbne nu",
                  "Medianen i minutter for sager oprettet i perioden og taget af en rådgiver; "
                  "åbne sager tælles lige nu, uanset periode.", "bar",
                  ("Prioritet", "Sager taget", "Minutter til taget (median)", "Venter nu", "Hos en rådgiver nu"),
                  rows, (2,), unit="minutter")


def crisis_figure(counts: InsightCounts, first: date, last: date) -> Figure:
    per_month: Dict[str, int] = {}
    for day in counts.crisis_days:
        per_month[month_of(day)] = per_month.get(month_of(day), 0) + 1
    rows = tuple((month, shown_count(per_month.get(month, 0))) for month in months_between(first, last))
    return Figure("crisis", "Krisesvar givet",
                  "Hvert krisesvar (112, 1813, Livslinien) åbner eller skærper en akut sag; her tælles sager "
                  "med årsagen krise pr. måned. Kun antal.", "bar", ("Måned", "Kriseforløb"), rows)


def sick_leave_figure(counts: InsightCounts) -> Figure:
    rows = tuple((TRACK_NAMES_DA[track], shown_count(counts.sick_leave_tracks.get(track, 0)))
                 for track in TRACK_NAMES_DA)
    return Figure("sick_leave", "Sygemeldinger efter spor", "Sygemeldinger registreret i perioden.", "bar",
                  ("Spor", "Sygemeldinger"), rows)


def postings_figure(counts: InsightCounts) -> Figure:
    rows = tuple((VACANCY_STATUS_NAMES_DA[status], shown_count(counts.postings.get(status, 0)),
                  shown_median(counts.review_hours.get(status, []), 1) if status != "awaiting_review" else None)
                 for status in VACANCY_STATUS_NAMES_DA)
    return Figure("postings", "Småjobopslag efter afgørelse",
                  "Opslag indsendt i perioden; tiden fra indsendt til godkendt eller afvist (median, timer).",
                  "bar", ("Afgørelse", "Opslag", "Timer til afgørelse (median)"), rows)


def journal_figure(counts: InsightCounts, first: date, last: date) -> Figure:
    per_week: Dict[str, int] = {}
    for day in counts.journal_days:
        per_week[iso_week(day)] = per_week.get(iso_week(day), 0) + 1
    rows = tuple((week, shown_count(per_week.get(week, 0))) for week in weeks_between(first, last))
    return Figure("journal", "Aktivitet i jobjournalen pr. uge", "Jobsøgningsaktiviteter gemt, i alt pr. uge.",
                  "bar", ("Uge", "Aktiviteter gemt"), rows)


def feedback_figure(counts: InsightCounts, journey: Optional[str], topic_titles: Dict[str, str]) -> Figure:
    topics = sorted({topic for topic, _ in counts.feedback if journey in (None, journey_of_topic(topic))})
    rows = []
    for topic in topics:
        helpful, unhelpful = counts.feedback.get((topic, True), 0), counts.feedback.get((topic, False), 0)
        rows.append((topic_titles.get(topic, topic), shown_count(helpful), shown_count(unhelpful),
                     shown_share(helpful, helpful + unhelpful)))
    return Figure("feedback", "Hjalp svaret? Brugernes vurdering pr. emne",
                  "Tommel op eller ned under svar om ydelser og når noget er gemt.", "bar",
                  ("Emne", "Hjalp", "Hjalp ikke", "Andel der hjalp (%)"), tuple(rows), (1, 2))


def build_figures(counts: InsightCounts, first: date, last: date, journey: Optional[str],
                  topic_titles: Dict[str, str]) -> List[Figure]:
    """The page's figures for the period (Danish days `first` to `last`) and journey (None: all)."""
    figures = [
        conversations_figure(counts, first, last, journey), journeys_figure(counts, journey),
        handoffs_figure(counts), handoff_wait_figure(counts), crisis_figure(counts, first, last),
        sick_leave_figure(counts), postings_figure(counts), journal_figure(counts, first, last),
        feedback_figure(counts, journey, topic_titles),
    ]
    return [figure for figure in figures if journey is None or FIGURE_JOURNEY.get(figure.key, journey) == journey]


def topic_titles_da(benefit_titles: Dict[str, str]) -> Dict[str, str]:
    return {"journal": "Jobjournal: aktivitet gemt", "profile": "Profil gemt", "sick_leave": "Sygemelding registreret",
            "vacancy": "Småjobopslag indsendt", **benefit_titles}


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Shown) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def figure_csv(figure: Figure) -> str:
    """The figure's table as CSV (semicolons, as a Danish spreadsheet expects; decimal commas)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(figure.columns)
    for row in figure.rows:
        writer.writerow([_csv_cell(str(value).replace(".", ",") if isinstance(value, float) else value)
                         for value in row])
    return out.getvalue()
