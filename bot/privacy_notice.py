"""The privacy notice the chat page shows before the first message: what is stored, why, for how long,
who sees it, how to get a copy or have it deleted. The periods come from retention.yml, so the notice
says what the retention job really does."""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional


def _duration(days: int, language: str) -> str:
    if days % 365 == 0 or days % 1461 == 0:
        years = round(days / 365.25)
        return (f"{years} år" if language == "da" else f"{years} year{'s' if years != 1 else ''}")
    if days >= 60 and days % 30 == 0 and days != 90:
        months = days // 30
        return f"{months} måneder" if language == "da" else f"{months} months"
    return f"{days} dage" if language == "da" else f"{days} days"


def privacy_notice(keep_days: Mapping[str, int], full_notice_url: Optional[str]) -> Dict[str, Any]:
    """{"da": notice, "en": notice}; each notice is {"title", "sections": [{"heading", "items"}],
    "full_notice_url"}. `keep_days` is the retention period of each kind in retention.yml."""

    def kept(kind: str, language: str) -> str:
        days = keep_days.get(kind)
        return _duration(days, language) if days else ("indtil du beder om sletning" if language == "da"
                                                       else "until you ask us to delete it")

    da_sections: List[Dict[str, Any]] = [
        {"heading": "Hvad gemmer vi?",
         "items": ["Det, du skriver i chatten, og det, assistenten svarer.",
                   "Det, du selv gemmer: jobjournal, CV-oplysninger, sygemeldinger og småjobopslag.",
                   "Henvendelser til en medarbejder og jeres beskeder.",
                   "Vi gemmer ikke dit CPR-nummer eller oplysninger om dit helbred. Skriver du dem, fjerner vi dem.",
                   "En besked, assistenten ikke forstod, uden navne, CPR-nummer, telefon, e-mail, adresse og "
                   "helbredsord og uden at den kan føres tilbage til dig: så medarbejdere kan lære assistenten "
                   "at forstå den slags beskeder.",
                   "Trykker du tommel op eller ned under et svar, gemmer vi kun emnet og din vurdering."]},
        {"heading": "Hvorfor?",
         "items": ["Så assistenten kan hjælpe dig videre, hvor du slap.",
                   "Så din rådgiver kan forberede sig, og jobcentret kan dokumentere din jobsøgning og sager, "
                   "som loven kræver."]},
        {"heading": "Hvor længe?",
         "items": [f"Samtalen: {kept('conversation_transcripts', 'da')} efter din sidste besked "
                   "(længere, mens en medarbejder arbejder med din sag).",
                   f"Jobjournalen: {kept('journal_entries', 'da')}.",
                   f"CV-oplysninger: {kept('citizen_profiles', 'da')} efter du sidst var logget ind.",
                   f"Sygemeldinger: {kept('closed_sick_leaves', 'da')} efter de er afsluttet.",
                   f"Sager hos en medarbejder: {kept('closed_handoff_cases', 'da')} efter de er lukket.",
                   f"Beskeder, assistenten ikke forstod: {kept('unrecognised_messages', 'da')}."]},
        {"heading": "Hvem kan se det?",
         "items": ["Du selv, når du er logget ind.",
                   "Jobcentrets medarbejdere, når du har en sag hos dem eller har slået et job op. "
                   "Hver gang en medarbejder ser dine oplysninger, bliver det skrevet ned.",
                   "Kommunens databeskyttelsesrådgiver kan se, hvem der har set hvad."]},
        {"heading": "Dine rettigheder",
         "items": ["Skriv \"send mig mine data\" for at hente alt, vi har gemt om dig (PDF eller JSON).",
                   "Skriv \"slet mine oplysninger\" for at bede om at få dem slettet. En medarbejder sletter "
                   "alt, undtagen det jobcentret efter loven skal gemme.",
                   "Det er frivilligt at bruge Jobassistenten. Du kan altid ringe til eller møde op i jobcentret."]},
    ]
    en_sections: List[Dict[str, Any]] = [
        {"heading": "What do we keep?",
         "items": ["What you write in the chat, and what the assistant answers.",
                   "What you save yourself: job journal, CV facts, sick leaves and small-job postings.",
                   "Requests to a member of staff and your messages with them.",
                   "We do not keep your CPR number or details about your health. If you write them, we remove them.",
                   "A message the assistant did not understand, without names, CPR number, phone, e-mail, address "
                   "and health words and with nothing that links it to you: so staff can teach the assistant to "
                   "understand such messages.",
                   "If you give an answer a thumbs up or down, we keep only the topic and your rating."]},
        {"heading": "Why?",
         "items": ["So the assistant can help you carry on where you left off.",
                   "So your advisor can prepare, and the job centre can document your job search and cases, as "
                   "the law requires."]},
        {"heading": "For how long?",
         "items": [f"The conversation: {kept('conversation_transcripts', 'en')} after your last message "
                   "(longer while a member of staff works on your case).",
                   f"The job journal: {kept('journal_entries', 'en')}.",
                   f"CV facts: {kept('citizen_profiles', 'en')} after you last logged in.",
                   f"Sick leaves: {kept('closed_sick_leaves', 'en')} after they end.",
                   f"Cases with a member of staff: {kept('closed_handoff_cases', 'en')} after they are closed.",
                   f"Messages the assistant did not understand: {kept('unrecognised_messages', 'en')}."]},
        {"heading": "Who can see it?",
         "items": ["You, when you are logged in.",
                   "Job centre staff, when you have a case with them or have posted a job. Every time a member "
                   "of staff looks at your data, it is recorded.",
                   "The municipality's data protection officer can see who looked at what."]},
        {"heading": "Your rights",
         "items": ["Write \"send me my data\" to download everything we keep about you (PDF or JSON).",
                   "Write \"delete my data\" to ask for it to be erased. A member of staff erases everything "
                   "except what the job centre must keep by law.",
                   "Using Jobassistent is voluntary. You can always call or visit the job centre."]},
    ]
    return {
        "da": {"title": "Sådan bruger vi dine oplysninger", "sections": da_sections,
               "full_notice_url": full_notice_url},
        "en": {"title": "How we use your information", "sections": en_sections,
               "full_notice_url": full_notice_url},
    }
