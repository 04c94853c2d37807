"""What a citizen shares with an employer in the digital match, and the states an interest goes through.
Pure rules: no Rasa, no database. The summary holds the CV facts the match used and nothing that names
the person (no name, CPR, address, phone or e-mail, and no former employers' names)."""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from bot.rules.postcodes import place

# An interest's states. "shared": the citizen agreed to share the summary; "invited": the employer asks
# them to a talk; "accepted"/"declined": the citizen's answer; "not_selected": the employer's polite no;
# "withdrawn": the citizen took it back; "closed": the posting was filled or closed.
SHARED, INVITED, ACCEPTED, DECLINED, NOT_SELECTED, WITHDRAWN, CLOSED = (
    "shared", "invited", "accepted", "declined", "not_selected", "withdrawn", "closed")
OPEN_INTEREST_STATES = (SHARED, INVITED)
# Journal channel of a talk agreed through the assistant (bot/rules/journal.py CHANNELS).
JOURNAL_CHANNEL = "jobcentre_contact"
# A posting the employer or an advisor closed: "stillingen er besat"; one closed before it was approved
# is withdrawn.
FILLED = "filled"
WITHDRAWN_POSTING = "withdrawn"
MAX_INVITATION_NOTE_CHARS = 500


def area_of(postcode: Optional[str]) -> Optional[str]:
    """ "4200 Slagelse": the postcode and its town, never a street."""
    if not postcode:
        return None
    found = place(postcode)
    return f"{postcode} {found.name}" if found else str(postcode)


def shared_summary(profile: Mapping[str, Any]) -> Dict[str, Any]:
    """The short profile an employer sees once the citizen agreed: what they want, what they have done
    (job and years, not where), hours, area, licence, certificates and languages."""
    experience = [{"title": item.get("title", ""), **({"years": item["years"]} if item.get("years") else {})}
                  for item in profile.get("experience") or [] if isinstance(item, Mapping) and item.get("title")]
    return {
        "wished_jobs": list(profile.get("wished_jobs") or []),
        "experience": experience,
        "education": list(profile.get("education") or []),
        "hours_per_week": profile.get("hours_per_week"),
        "area": area_of(profile.get("postcode")),
        "driving_licence": profile.get("driving_licence"),
        "certificates": list(profile.get("certificates") or []),
        "languages": list(profile.get("languages") or []),
    }


_SUMMARY_LABELS = {
    "wished_jobs": ("Ønsker", "Wishes"), "experience": ("Erfaring", "Experience"),
    "education": ("Uddannelse", "Education"), "hours_per_week": ("Timer om ugen", "Hours a week"),
    "area": ("Område", "Area"), "driving_licence": ("Kørekort", "Driving licence"),
    "certificates": ("Certifikater", "Certificates"), "languages": ("Sprog", "Languages"),
}


def summary_lines(summary: Mapping[str, Any], language: str) -> List[str]:
    """The summary as lines to show ("Erfaring: opvasker (1 år)"), leaving out what is empty."""
    english = language == "en"
    lines = []
    for field, (label_da, label_en) in _SUMMARY_LABELS.items():
        value = summary.get(field)
        if field == "experience":
            value = ", ".join(
                item["title"] + (f" ({_years(item['years'], english)})" if item.get("years") else "")
                for item in value or [])
        elif field == "driving_licence":
            value = (", ".join(value) if value else ("none" if english else "intet")) if value is not None else None
        elif isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        if value not in (None, ""):
            lines.append(f"{label_en if english else label_da}: {value}")
    return lines


def _years(years: Any, english: bool) -> str:
    number = f"{years:g}".replace(".", ",") if isinstance(years, float) and not english else f"{years:g}"
    if english:
        return f"{number} year" + ("" if years == 1 else "s")
    return f"{number} år"
