"""What the assistant does with a message it does not understand or cannot help with."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.benefits import person_button, topic_button, topics
from actions.common import SUGGESTION_RESPONSE, language_of, response_for_role, role_of
from bot.rules.benefit_questions import topic_to_suggest
from bot.rules.fallback import intent_to_suggest, miss_response

# The button for each journey a first miss may be offered, in Danish and English.
JOURNEY_TITLES = {
    "log_job_activity": ("Skriv en ansøgning ind", "Add an application"),
    "change_journal_entry": ("Ret eller slet en ansøgning", "Change or delete an application"),
    "update_job_status": ("Nyt om en ansøgning", "News about an application"),
    "show_journal": ("Se min jobjournal", "See my job journal"),
    "start_journal": ("Jobjournal", "Job journal"),
    "update_profile": ("Opdater min profil", "Update my profile"),
    "show_profile": ("Se min profil", "See my profile"),
    "start_sick_leave": ("Meld mig syg", "Report sick"),
    "update_sick_leave": ("Ny dato for hvornår jeg er tilbage", "A new return date"),
    "report_partial_return": ("Jeg arbejder nogle timer igen", "I work some hours again"),
    "report_return": ("Jeg er rask igen", "I am back at work"),
    "show_sick_leave": ("Se min sygemelding", "See my sick leave"),
    "ask_human": ("Tal med en medarbejder", "Talk to a member of staff"),
    "complaint_or_sanction": ("Klage eller afgørelse", "A complaint or a decision"),
    "ask_own_benefit_case": ("Spørgsmål om min egen sag", "A question about my own case"),
    "post_vacancy": ("Slå et småjob op", "Post a small job"),
    "vacancy_status": ("Status på mine opslag", "Status of my postings"),
}
EMPLOYER_ONLY = {"post_vacancy", "vacancy_status"}
EMPLOYER_JOURNEYS = EMPLOYER_ONLY | {"ask_human", "complaint_or_sanction"}


class ActionHandleFallback(Action):
    def name(self) -> Text:
        return "action_handle_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        response = miss_response(tracker.events)
        suggested = topic_to_suggest(tracker.latest_message or {})
        language = language_of(tracker)
        if response in ("utter_rephrase", "utter_offer_person") and suggested in topics():
            dispatcher.utter_message(response="utter_benefits_did_you_mean",
                                     buttons=[topic_button(suggested, language), person_button(language)])
            return []
        journey = journey_to_suggest(tracker) if response == "utter_rephrase" else None
        if journey:
            titles = JOURNEY_TITLES[journey]
            buttons = [{"title": titles[1 if language == "en" else 0], "payload": f"/{journey}"}]
            if journey != "ask_human":
                buttons.append(person_button(language))
            dispatcher.utter_message(response=SUGGESTION_RESPONSE, buttons=buttons)
            return []
        dispatcher.utter_message(response=response_for_role(response, tracker, domain))
        return []


def journey_to_suggest(tracker: Tracker) -> Optional[str]:
    """The journey a first miss most likely meant, when it is one of the user's role's journeys."""
    allowed = {"citizen": set(JOURNEY_TITLES) - EMPLOYER_ONLY, "employer": EMPLOYER_JOURNEYS}
    journey = intent_to_suggest(tracker.latest_message or {})
    return journey if journey in allowed.get(role_of(tracker), set()) else None
