"""Benefits questions: a dated, sourced answer per topic (picked by Rasa's ResponseSelector, written in
data/answers/benefits.yml, figures from data/rates), and the dagpenge and sygedagpenge calculators."""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import language_of
from actions.storage import today
from bot.rules import benefit_questions as questions
from bot.rules import calculators
from bot.rules.answers import load_topics, render_answer
from bot.rules.rates import load_rates

CALCULATOR_SLOTS = ("calc_monthly_income", "calc_insured", "calc_hourly_wage", "calc_weekly_hours")
INTERRUPTING_INTENTS = {"stop", "ask_human", "crisis", "complaint_or_sanction"}


@lru_cache(maxsize=1)
def rates():
    return load_rates()


@lru_cache(maxsize=1)
def topics():
    return load_topics()


def topic_button(key: str, language: str) -> Dict[str, str]:
    return {"title": topics()[key].title(language), "payload": '/benefit_topic{"benefit_topic":"%s"}' % key}


def person_button(language: str) -> Dict[str, str]:
    return {"title": "Tal med en medarbejder" if language != "en" else "Talk to a member of staff",
            "payload": "/ask_human"}


def calculator_button(kind: str, language: str) -> Dict[str, str]:
    titles = {"dagpenge": ("Beregn mine dagpenge", "Estimate my dagpenge"),
              "sygedagpenge": ("Beregn mine sygedagpenge", "Estimate my sygedagpenge")}
    return {"title": titles[kind][1 if language == "en" else 0], "payload": f"/calculate_{kind}"}


class ActionAnswerBenefitQuestion(Action):
    """Answers the topic the question is about, offers a close second topic, the calculator when the
    topic has one, and a person when the question is about the user's own case or too unsure."""

    def name(self) -> Text:
        return "action_answer_benefit_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        language = language_of(tracker)
        message = tracker.latest_message or {}
        chosen = next((e.get("value") for e in message.get("entities") or []
                       if e.get("entity") == "benefit_topic"), None)
        if chosen in topics():
            topic, second = chosen, None
        else:
            topic, second = questions.choose_topics(questions.ranked_topics(message))
        if topic not in topics():
            dispatcher.utter_message(response="utter_benefits_not_sure")
            return []
        own_case = questions.is_about_own_case(message.get("text") or "")
        if own_case:
            dispatcher.utter_message(response="utter_benefits_own_case")
        answer = render_answer(topic, language, rates(), today(), topics())
        buttons = []
        if topics()[topic].calculator:
            buttons.append(calculator_button(topics()[topic].calculator, language))
        if second and second != topic:
            buttons.append(topic_button(second, language))
        else:
            buttons += [topic_button(key, language) for key in topics()[topic].related[:2]]
        if own_case or topics()[topic].own_case:
            buttons.append(person_button(language))
        dispatcher.utter_message(response="utter_benefit_answer", answer=answer, buttons=buttons)
        return []


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


class ValidateCalculatorForms(FormValidationAction):
    """Shared reading for both calculator forms: the requested slot takes the raw answer."""

    def name(self) -> Text:
        return "validate_dagpenge_calculator_form"

    async def get_extraction_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: Dict[Text, Any]) -> List[EventType]:
        requested = tracker.get_slot("requested_slot")
        intent = (tracker.latest_message or {}).get("intent", {}).get("name")
        if not requested or intent in INTERRUPTING_INTENTS:
            return []
        text = (tracker.latest_message or {}).get("text") or ""
        tracker.slots[requested] = text
        return [SlotSet(requested, text)]

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


class ActionCalculateDagpenge(Action):
    def name(self) -> Text:
        return "action_calculate_dagpenge"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        income, insured = tracker.get_slot("calc_monthly_income"), tracker.get_slot("calc_insured")
        if income and insured:
            estimate = calculators.estimate_dagpenge(Decimal(income), insured, rates(), today())
            dispatcher.utter_message(response="utter_calc_result",
                                     result=calculators.describe_dagpenge(estimate, language_of(tracker)))
        return [SlotSet(name, None) for name in CALCULATOR_SLOTS]


class ActionCalculateSygedagpenge(Action):
    def name(self) -> Text:
        return "action_calculate_sygedagpenge"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        wage, hours = tracker.get_slot("calc_hourly_wage"), tracker.get_slot("calc_weekly_hours")
        if wage and hours:
            estimate = calculators.estimate_sygedagpenge(Decimal(wage), Decimal(hours), rates(), today())
            dispatcher.utter_message(response="utter_calc_result",
                                     result=calculators.describe_sygedagpenge(estimate, language_of(tracker)))
        return [SlotSet(name, None) for name in CALCULATOR_SLOTS]


class ActionCalculatorCancel(Action):
    def name(self) -> Text:
        return "action_calculator_cancel"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_calc_cancelled")
        return [SlotSet(name, None) for name in CALCULATOR_SLOTS]
