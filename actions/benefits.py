"""Benefits questions: a dated, sourced answer per topic (picked by Rasa's ResponseSelector, written in
data/answers/benefits.yml, figures from data/rates), and the dagpenge and sygedagpenge calculators."""
from __future__ import annotations

import logging
from decimal import Decimal
from functools import lru_cache
from typing import Any, Dict, FrozenSet, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import in_language, journey_button, language_of, latest_intent, person_button, text_to_read
from actions.forms import ReadingFormValidation
from actions.storage import today
from bot.rules.benefits import questions as questions
from bot.rules.benefits import calculators
from bot.rules.benefits.answers import load_topics, render_answer
from bot.rules.benefits.rates import load_rates
from bot.settings import load_settings

logger = logging.getLogger(__name__)

CALCULATOR_SLOTS = ("calc_monthly_income", "calc_insured", "calc_hourly_wage", "calc_weekly_hours")


@lru_cache(maxsize=1)
def rates():
    return load_rates()


@lru_cache(maxsize=1)
def topics():
    return load_topics()


def municipal_settings_on() -> FrozenSet[str]:
    """The municipal settings an answer can depend on that are turned on (bot/settings.py)."""
    settings = load_settings()
    return frozenset({"journal_counts_as_jobnet_joblog"} if settings.journal_counts_as_jobnet_joblog else ())


def topic_button(key: str, language: str) -> Dict[str, str]:
    return {"title": topics()[key].title(language), "payload": '/benefit_topic{"benefit_topic":"%s"}' % key}


def calculator_button(kind: str, language: str) -> Dict[str, str]:
    titles = {"dagpenge": ("Beregn mine dagpenge", "Estimate my dagpenge"),
              "sygedagpenge": ("Beregn mine sygedagpenge", "Estimate my sygedagpenge")}
    return {"title": in_language(titles[kind], language), "payload": f"/calculate_{kind}"}


def topic_of_message(message: Dict[str, Any]) -> Tuple[Optional[str], Optional[str]]:
    """(topic to answer, second topic to offer) for a typed question; (None, None) when it is out of
    scope. A topic chosen with a button is taken as it is."""
    chosen = next((e.get("value") for e in message.get("entities") or [] if e.get("entity") == "benefit_topic"),
                  None)
    if chosen in topics():
        return chosen, None
    text, ranked = message.get("text") or "", questions.ranked_topics(message)
    if questions.is_out_of_scope(text, ranked, topics()):
        return None, None
    topic, second = questions.choose_topics(ranked)
    return questions.topic_for_situation(topic, text), second


class ActionAnswerBenefitQuestion(Action):
    """Answers the topic the question is about, offers a close second topic, the calculator when the
    topic has one, and a person when the question is about the user's own case. A request to do
    something gets the journey instead; a question about something else gets an honest "I don't know"."""

    def name(self) -> Text:
        return "action_answer_benefit_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        language, message = language_of(tracker), tracker.latest_message or {}
        topic, second = topic_of_message(message)
        journey = None if latest_intent(tracker) == "benefit_topic" else questions.requested_journey(
            message.get("text") or "")
        if journey:
            buttons = [journey_button(journey, language)] + ([topic_button(topic, language)] if topic else [])
            dispatcher.utter_message(response=f"utter_benefits_offer_{journey}", buttons=buttons)
        elif topic is None:
            dispatcher.utter_message(response="utter_benefits_out_of_scope")
        else:
            answer_topic(dispatcher, topic, second, message.get("text") or "", language)
        return []


def answer_topic(dispatcher: CollectingDispatcher, topic: str, second: Optional[str], text: str,
                 language: str) -> None:
    own_case = questions.is_about_own_case(text)
    if own_case:
        dispatcher.utter_message(response="utter_benefits_own_case")
    answer = render_answer(topic, language, rates(), today(), topics(), municipal_settings_on())
    buttons = []
    if topics()[topic].calculator:
        buttons.append(calculator_button(topics()[topic].calculator, language))
    if second and second != topic:
        buttons.append(topic_button(second, language))
    else:
        buttons += [topic_button(key, language) for key in topics()[topic].related[:2]]
    if own_case or topics()[topic].own_case:
        buttons.append(person_button(language))
    # The topic lets the chat page ask "was this helpful?" under the answer (POST /api/feedback).
    dispatcher.utter_message(response="utter_benefit_answer", answer=answer, buttons=buttons,
                             json_message={"feedback_topic": topic})


class ActionBenefitsMenu(Action):
    """ "Spørgsmål om ydelser": the areas, the calculators and a few common questions as buttons."""

    def name(self) -> Text:
        return "action_benefits_menu"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        language = language_of(tracker)
        keys = ("dagpenge_rate", "kontanthjaelp_who", "sygedagpenge_entitlement", "smaajob_on_benefits")
        buttons = [topic_button(key, language) for key in keys if key in topics()]
        buttons += [calculator_button("dagpenge", language), calculator_button("sygedagpenge", language)]
        dispatcher.utter_message(response="utter_benefits_menu", buttons=buttons)
        return []


# ---------------------------------------------------------------- calculators

def given_slots(intent: Optional[str], text: str) -> Dict[str, str]:
    """The calculator slots the opening question already fills: "beregn mine dagpenge, jeg tjente
    28.000 om måneden" gives the income, so the form does not ask for it again."""
    given = calculators.inputs_given_in(text)
    if intent == "calculate_dagpenge":
        values = {"calc_monthly_income": given.monthly_income, "calc_insured": given.insured}
    elif intent == "calculate_sygedagpenge":
        values = {"calc_hourly_wage": given.hourly_wage, "calc_weekly_hours": given.weekly_hours}
    else:
        values = {}
    return {slot: str(value) for slot, value in values.items() if value is not None}


class ActionCalculatorPrefill(Action):
    """Runs before a calculator form: fills what the question already says. When it says everything,
    the estimate comes at once: a form with nothing left to ask would end before it began, and no rule
    follows a form that was never active."""

    def name(self) -> Text:
        return "action_calculator_prefill"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        intent = latest_intent(tracker)
        given = given_slots(intent, text_to_read(tracker))
        cleared = forget_answers()
        kind = (intent or "").replace("calculate_", "")
        if given and utter_estimate(kind, given, dispatcher, language_of(tracker)):
            return cleared + [FollowupAction("action_listen")]
        return cleared + [SlotSet(name, value) for name, value in given.items()]


def utter_estimate(kind: str, values: Dict[str, Optional[str]], dispatcher: CollectingDispatcher,
                   language: str) -> bool:
    """Says the estimate when `values` holds every input of the `kind` calculator; False otherwise."""
    if kind == "dagpenge" and values.get("calc_monthly_income") and values.get("calc_insured"):
        estimate = calculators.estimate_dagpenge(Decimal(values["calc_monthly_income"]), values["calc_insured"],
                                                 rates(), today())
        result = calculators.describe_dagpenge(estimate, language)
    elif kind == "sygedagpenge" and values.get("calc_hourly_wage") and values.get("calc_weekly_hours"):
        estimate = calculators.estimate_sygedagpenge(Decimal(values["calc_hourly_wage"]),
                                                     Decimal(values["calc_weekly_hours"]), rates(), today())
        result = calculators.describe_sygedagpenge(estimate, language)
    else:
        return False
    dispatcher.utter_message(response="utter_calc_result", result=result)
    return True


class ValidateCalculatorForms(ReadingFormValidation):
    """The dagpenge calculator's form, and the base of the sygedagpenge calculator's: each answer is
    read by its slot's validation."""

    def name(self) -> Text:
        return "validate_dagpenge_calculator_form"

    def validate_calc_monthly_income(self, value, dispatcher, tracker, domain):
        return read_amount("calc_monthly_income", value, calculators.parse_monthly_income, "income", dispatcher)

    def validate_calc_insured(self, value, dispatcher, tracker, domain):
        if value in calculators.INSURANCE_TYPES:
            return {"calc_insured": value}
        insured = calculators.parse_insurance_type(str(value or ""))
        if insured is None:
            dispatcher.utter_message(response="utter_calc_insured_unclear")
        return {"calc_insured": insured}


class ValidateSygedagpengeCalculatorForm(ValidateCalculatorForms):
    def name(self) -> Text:
        return "validate_sygedagpenge_calculator_form"

    def validate_calc_hourly_wage(self, value, dispatcher, tracker, domain):
        return read_amount("calc_hourly_wage", value, calculators.parse_hourly_wage, "wage", dispatcher)

    def validate_calc_weekly_hours(self, value, dispatcher, tracker, domain):
        return read_amount("calc_weekly_hours", value, calculators.parse_weekly_hours, "hours", dispatcher)


def read_amount(slot: str, value, parse, kind: str, dispatcher: CollectingDispatcher) -> Dict[str, Any]:
    if value is None:
        return {slot: None}
    amount, problem = parse(str(value))
    if problem:
        dispatcher.utter_message(response=f"utter_calc_{kind}_{problem}")
        return {slot: None}
    return {slot: str(amount)}


def forget_answers() -> List[EventType]:
    return [SlotSet(name, None) for name in CALCULATOR_SLOTS]


def estimate_from_answers(kind: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """The `kind` calculator's estimate from the form's answers, which are then forgotten."""
    utter_estimate(kind, {name: tracker.get_slot(name) for name in CALCULATOR_SLOTS}, dispatcher,
                   language_of(tracker))
    return forget_answers()


class ActionCalculateDagpenge(Action):
    def name(self) -> Text:
        return "action_calculate_dagpenge"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        return estimate_from_answers("dagpenge", dispatcher, tracker)


class ActionCalculateSygedagpenge(Action):
    def name(self) -> Text:
        return "action_calculate_sygedagpenge"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        return estimate_from_answers("sygedagpenge", dispatcher, tracker)


class ActionCalculatorCancel(Action):
    def name(self) -> Text:
        return "action_calculator_cancel"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_calc_cancelled")
        return forget_answers()
