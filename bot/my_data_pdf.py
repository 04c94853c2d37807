"""The readable forms of a user's own data: a PDF of everything kept about them and the conversation as
plain text, in Danish or English. The PDF uses fpdf2's core fonts: they are Latin-1, which holds every
Danish letter, so no font file ships with the project; what Latin-1 lacks becomes its nearest
Latin-1 look-alike or "?"."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple
from zoneinfo import ZoneInfo

from fpdf import FPDF, XPos, YPos

from bot.rules.dates import format_date
from bot.rules.journal import CHANNELS, STATUSES as JOURNAL_STATUSES
from bot.rules.profile import FIELDS as PROFILE_FIELDS
from bot.rules.sick_leave import DEFAULT_THRESHOLD_WEEKS, describe_reasons
from bot.rules.vacancy.fields import DURATION_LABELS, FIELD_LABELS as VACANCY_LABELS
from bot.text import label_in

DENMARK = ZoneInfo("Europe/Copenhagen")
Pair = Tuple[str, str]  # (Danish, English)

WORDS: Dict[str, Pair] = {
    "title": ("Mine data hos Jobassistenten", "My data at the Job Assistant"),
    "generated": ("Udtrukket", "Generated"),
    "nothing": ("Intet gemt", "Nothing kept"),
    "about": ("Om dig", "About you"),
    "journal": ("Jobjournal", "Job journal"),
    "profile": ("Profil", "Profile"),
    "sick_leaves": ("Sygemeldinger", "Sick leave"),
    "vacancies": ("Småjobopslag", "Small-job postings"),
    "cases": ("Sager hos en medarbejder", "Cases with a member of staff"),
    "messages": ("Beskeder i sagen", "Messages in the case"),
    "transcript": ("Samtalen", "The conversation"),
    "no_transcript": ("Samtalen med assistenten kunne ikke hentes lige nu. Prøv igen om lidt.",
                      "The conversation with the assistant could not be fetched right now. "
                      "Please try again shortly."),
    "buttons": ("Knapper", "Buttons"),
    "page": ("Side", "Page"),
}
SENDERS: Dict[str, Pair] = {
    "user": ("Du", "You"), "bot": ("Jobassistenten", "The Job Assistant"),
    "advisor": ("Medarbejder", "Member of staff"), "system": ("Jobcentret", "Job centre"),
}
_YES_NO = {"True": ("Ja", "Yes"), "False": ("Nej", "No")}
_ROLES = {"citizen": ("Borger", "Citizen"), "employer": ("Arbejdsgiver", "Employer"),
          "advisor": ("Jobrådgiver", "Job advisor")}
_SITUATIONS = {"employed": ("Ansat", "Employed"), "unemployed": ("Ledig", "Unemployed"),
               "self_employed": ("Selvstændig", "Self-employed"), "other": ("Andet", "Other")}
_TRACKS = {"self_service": ("Selvbetjening", "Self-service"), "advisor": ("En medarbejder følger op",
                                                                         "A member of staff follows up")}
_OPEN_CLOSED = {"open": ("Åben", "Open"), "closed": ("Afsluttet", "Closed"), "claimed": ("Hos en medarbejder",
                                                                                          "With a member of staff")}
_VACANCY_STATUSES = {"awaiting_review": ("Afventer godkendelse", "Awaiting review"),
                     "approved": ("Godkendt", "Approved"), "rejected": ("Afvist", "Rejected")}
_CONTACT_WISHES = {"chat": ("Chat", "Chat"), "phone": ("Telefon", "Phone"), "written": ("Skriftligt", "In writing")}
_SET_BY = {"citizen": ("dig", "you"), "advisor": ("din jobrådgiver", "your job advisor")}
# Typography outside Latin-1 that has a look-alike inside it.
_LATIN1_LOOK_ALIKES = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "‚": ",", "“": '"', "”": '"',
                                     "„": '"', "…": "...", "•": "·", "€": "EUR", "\u2009": " ", "\u202f": " ",
                                     "\u200b": "", "\t": "    "})
# Control characters (but the newline): Latin-1 has C1 codes that the PDF's encoding would draw as glyphs.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


# How a stored value reads: each takes (value, language) and gives text.
def _text(value: Any, language: str) -> str:
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, bool):
        return _in(_YES_NO[str(value)], language)
    if isinstance(value, list):
        return "; ".join(_text(item, language) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_text(item, language)}" for key, item in value.items())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _day(value: Optional[str], language: str) -> str:
    return format_date(date.fromisoformat(value), language) if value else "-"


def moment_text(value: Optional[str], language: str) -> str:
    """An ISO time as Danish time of day: "3/2/2025 kl. 14:05" ("3/02/2025 14:05" in English)."""
    if not value:
        return "-"
    moment = datetime.fromisoformat(value)
    local = (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(DENMARK)
    at = " kl." if language != "en" else ""
    return f"{format_date(local.date(), language)}{at} {local:%H:%M}"


def _in(pair: Pair, language: str) -> str:
    return pair[1] if language == "en" else pair[0]


def _labelled(labels: Dict[str, Pair]) -> Callable[[Any, str], str]:
    """A code shown by its label; a code without one as it is."""
    return lambda value, language: _in(labels[value], language) if value in labels else _text(value, language)


def _experience(value: Any, language: str) -> str:
    if not value:
        return "-"
    parts = []
    for item in value:
        if not isinstance(item, dict):
            parts.append(_text(item, language))
            continue
        part = str(item.get("title") or "")
        if item.get("employer"):
            part += f" - {item['employer']}"
        if item.get("years") is not None:
            part += f" ({_text(item['years'], language)})"
        parts.append(part)
    return "; ".join(parts)


Field = Tuple[str, Pair, Callable[[Any, str], str]]

USER_FIELDS: Sequence[Field] = (
    ("role", ("Rolle", "Role"), _labelled(_ROLES)), ("name", ("Navn", "Name"), _text),
    ("id", ("Login-id", "Login id"), _text), ("cvr", ("CVR-nummer", "CVR number"), _text),
    ("created_at", ("Første login", "First login"), moment_text),
    ("last_seen_at", ("Sidst logget ind", "Last logged in"), moment_text),
)
JOURNAL_FIELDS: Sequence[Field] = (
    ("applied_on", ("Søgt den", "Applied on"), _day), ("employer", ("Arbejdsgiver", "Employer"), _text),
    ("job_title", ("Stilling", "Job title"), _text), ("channel", ("Søgemåde", "How"), _labelled(CHANNELS)),
    ("status", ("Status", "Status"), _labelled(JOURNAL_STATUSES)), ("place", ("Sted", "Place"), _text),
    ("note", ("Note", "Note"), _text), ("created_at", ("Oprettet", "Created"), moment_text),
    ("updated_at", ("Ændret", "Changed"), moment_text),
)
_PROFILE_LABELS: Dict[str, Pair] = {
    "experience": ("Erfaring", "Experience"), "education": ("Uddannelse", "Education"),
    "wished_jobs": ("Ønskejob", "Wished-for jobs"), "driving_licence": ("Kørekort", "Driving licence"),
    "certificates": ("Certifikater", "Certificates"), "languages": ("Sprog", "Languages"),
    "hours_per_week": ("Timer om ugen", "Hours a week"), "postcode": ("Område (postnummer)", "Area (postcode)"),
    "weekly_target": ("Ugentligt mål", "Weekly target"),
}
PROFILE_SHOWN: Sequence[Field] = tuple(
    (name, _PROFILE_LABELS[name], _experience if name == "experience" else _text) for name in PROFILE_FIELDS
) + (("weekly_target_set_by", ("Ugemål sat af", "Weekly target set by"), _labelled(_SET_BY)),
     ("updated_at", ("Ændret", "Changed"), moment_text))
VACANCY_FIELDS: Sequence[Field] = (
    ("reference", ("Reference", "Reference"), _text),
    *((name, VACANCY_LABELS[name], _day if name == "start_date" else
       _labelled(DURATION_LABELS) if name == "duration_kind" else _text) for name in VACANCY_LABELS),
    ("status", ("Status", "Status"), _labelled(_VACANCY_STATUSES)),
    ("review_reason", ("Begrundelse", "Reason"), _text),
    ("reviewed_at", ("Gennemgået", "Reviewed"), moment_text), ("created_at", ("Oprettet", "Created"), moment_text),
)
CASE_FIELDS: Sequence[Field] = (
    ("reason_text", ("Årsag", "Reason"), _text), ("status", ("Status", "Status"), _labelled(_OPEN_CLOSED)),
    ("contact_wish", ("Kontakt", "Contact"), _labelled(_CONTACT_WISHES)), ("phone", ("Telefon", "Phone"), _text),
    ("created_at", ("Oprettet", "Created"), moment_text),
    ("claimed_at", ("Taget af en medarbejder", "Taken by a member of staff"), moment_text),
    ("closed_at", ("Lukket", "Closed"), moment_text),
    ("advisor_name", ("Medarbejder", "Member of staff"), _text),
    ("close_note", ("Afslutning", "Closing note"), _text),
)


def _sick_leave_fields(threshold_weeks: int) -> Sequence[Field]:
    def reasons(value: Any, language: str) -> str:
        return describe_reasons(value, language, threshold_weeks) if value else "-"

    def case_reference(value: Any, language: str) -> str:
        return f"JA-{value:06d}" if isinstance(value, int) else "-"

    return (
        ("first_day", ("Første sygedag", "First day of absence"), _day),
        ("situation", ("Situation", "Situation"), _labelled(_SITUATIONS)),
        ("employer", ("Arbejdsgiver", "Employer"), _text),
        ("partial_hours", ("Delvist sygemeldt, timer om ugen", "Partly off sick, hours a week"), _text),
        ("expected_return", ("Forventet tilbage", "Expected back"), _day),
        ("wants_contact", ("Ønsker kontakt", "Wants contact"), _text),
        ("track", ("Forløb", "Track"), _labelled(_TRACKS)), ("reasons", ("Hvorfor", "Why"), reasons),
        ("status", ("Status", "Status"), _labelled(_OPEN_CLOSED)),
        ("returned_on", ("Raskmeldt fra", "Back from"), _day),
        ("handoff_case_id", ("Sag", "Case"), case_reference),
        ("created_at", ("Oprettet", "Created"), moment_text), ("updated_at", ("Ændret", "Changed"), moment_text),
    )


def latin1(text: str) -> str:
    """`text` as the core fonts can write it: Danish letters kept, other typography as a look-alike,
    anything else (emoji, other scripts) as "?"."""
    latin = text.translate(_LATIN1_LOOK_ALIKES).encode("latin-1", errors="replace").decode("latin-1")
    return _CONTROL.sub(" ", latin)


def sender_name(line: Dict[str, Any], language: str) -> str:
    """Who wrote a transcript line: "Du", "Jobassistenten", the advisor's name, "Jobcentret"."""
    if line.get("sender") == "advisor" and line.get("name"):
        return str(line["name"])
    return label_in(SENDERS, line.get("sender"), language)


def transcript_line(line: Dict[str, Any], language: str) -> str:
    """One line of the conversation: "3/2/2025 kl. 14:05  Du: ..." with the buttons that were offered."""
    text = " ".join(str(line.get("text") or "").split()) if line.get("text") else ""
    titles = [button["title"] for button in line.get("buttons") or []]
    if titles:
        text += f" [{label_in(WORDS, 'buttons', language)}: {' | '.join(titles)}]"
    return f"{moment_text(line.get('at'), language)}  {sender_name(line, language)}: {text.strip()}"


def transcript_text(lines: List[Dict[str, Any]], language: str) -> str:
    """The conversation as plain text, one line per message."""
    heading = label_in(WORDS, "transcript", language)
    body = [transcript_line(line, language) for line in lines] or [label_in(WORDS, "nothing", language)]
    return "\n".join([heading, ""] + body) + "\n"


class _Document(FPDF):
    def __init__(self, language: str) -> None:
        super().__init__(format="A4")
        self.language = language
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=18)
        self.set_lang(language)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 6, f"{label_in(WORDS, 'page', self.language)} {self.page_no()}/{{nb}}", align="C")

    def write_heading(self, text: str, size: int = 14) -> None:
        self.set_font("Helvetica", style="B", size=size)
        self.multi_cell(0, size * 0.55, latin1(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def write_text(self, text: str, bold: bool = False) -> None:
        self.set_font("Helvetica", style="B" if bold else "", size=10)
        self.multi_cell(0, 5, latin1(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def write_fields(self, item: Dict[str, Any], fields: Sequence[Field]) -> None:
        for key, label, show in fields:
            if key in item:
                self.write_text(f"{_in(label, self.language)}: {show(item[key], self.language)}")
        self.ln(2)


def my_data_pdf(data: Dict[str, Any], transcript: Optional[List[Dict[str, Any]]], language: str, *,
                sick_leave_threshold_weeks: int = DEFAULT_THRESHOLD_WEEKS) -> bytes:
    """The PDF of `data` (bot.store.my_data.collect_my_data) and the conversation `transcript` (None
    when it could not be fetched), with headings and labels in `language` ("da" or "en")."""
    pdf = _Document(language)
    pdf.set_title(label_in(WORDS, "title", language))
    pdf.set_creator("Jobassistenten")
    pdf.add_page()
    pdf.write_heading(label_in(WORDS, "title", language), size=18)
    pdf.write_text(f"{label_in(WORDS, 'generated', language)} {moment_text(data.get('generated_at'), language)}")
    pdf.ln(4)
    _section(pdf, "about", [data["user"]] if data.get("user") else [], USER_FIELDS)
    if "journal" in data:
        _section(pdf, "journal", data["journal"], JOURNAL_FIELDS)
    if "profile" in data:
        _section(pdf, "profile", [data["profile"]] if data["profile"].get("updated_at") else [], PROFILE_SHOWN)
    if "sick_leaves" in data:
        _section(pdf, "sick_leaves", data["sick_leaves"], _sick_leave_fields(sick_leave_threshold_weeks))
    if "vacancies" in data:
        _section(pdf, "vacancies", data["vacancies"], VACANCY_FIELDS)
    _cases_section(pdf, data.get("cases") or [])
    _transcript_section(pdf, transcript)
    return bytes(pdf.output())


def _section(pdf: _Document, name: str, items: List[Dict[str, Any]], fields: Sequence[Field]) -> None:
    pdf.write_heading(label_in(WORDS, name, pdf.language))
    if not items:
        pdf.write_text(label_in(WORDS, "nothing", pdf.language))
        pdf.ln(3)
    for item in items:
        pdf.write_fields(item, fields)
    pdf.ln(2)


def _cases_section(pdf: _Document, cases: List[Dict[str, Any]]) -> None:
    pdf.write_heading(label_in(WORDS, "cases", pdf.language))
    if not cases:
        pdf.write_text(label_in(WORDS, "nothing", pdf.language))
        pdf.ln(3)
    for case in cases:
        pdf.write_text(case["reference"], bold=True)
        pdf.write_fields(case, CASE_FIELDS)
        if case["messages"]:
            pdf.write_text(label_in(WORDS, "messages", pdf.language), bold=True)
            for message in case["messages"]:
                line = {"at": message["created_at"], "sender": message["sender"], "text": message["text"],
                        "name": case.get("advisor_name")}
                pdf.write_text(transcript_line(line, pdf.language))
            pdf.ln(3)
    pdf.ln(2)


def _transcript_section(pdf: _Document, transcript: Optional[List[Dict[str, Any]]]) -> None:
    pdf.write_heading(label_in(WORDS, "transcript", pdf.language))
    if transcript is None:
        pdf.write_text(label_in(WORDS, "no_transcript", pdf.language))
    elif not transcript:
        pdf.write_text(label_in(WORDS, "nothing", pdf.language))
    for line in transcript or []:
        pdf.write_text(transcript_line(line, pdf.language))
