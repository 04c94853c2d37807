"""The benefits actions with constructed trackers: the answer of the chosen topic with its figures,
the offers around it, and the calculators with bad input."""
from datetime import date

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.rules.answers import render_answer
from bot.rules.rates import load_rates
from tests.test_journal_actions import responses, slot_events

TODAY = date(2026, 11, 23)


def tracker(text, intent, ranking=(), entities=None, slots=None, language="da", requested=None, loop=None):
    parse = {"text": text, "intent": {"name": intent}, "entities": entities or [],
             "response_selector": {"faq": {"ranking": [{"intent_response_key": f"faq/{key}", "confidence": c}
                                                       for key, c in ranking]}}}
    return Tracker(sender_id="citizen-anna", slots={"language": language, "requested_slot": requested,
                                                    **(slots or {})},
                   latest_message=parse, events=[{"event": "user", "text": text, "parse_data": parse}],
                   paused=False, followup_action=None, active_loop={"name": loop} if loop else {},
                   latest_action_name="action_listen")


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    import actions.benefits

    monkeypatch.setattr(actions.benefits, "today", lambda: TODAY)


async def answer(t):
    from actions.benefits import ActionAnswerBenefitQuestion

    dispatcher = CollectingDispatcher()
    await ActionAnswerBenefitQuestion().run(dispatcher, t, {})
    return dispatcher


async def test_the_chosen_topic_is_answered_with_its_figures_and_the_calculator():
    dispatcher = await answer(tracker("hvor meget kan jeg få i dagpenge", "faq", [("dagpenge_rate", 0.9)]))
    [message] = dispatcher.messages
    assert message["response"] == "utter_benefit_answer"
    assert message["answer"] == render_answer("dagpenge_rate", "da", load_rates(), TODAY)
    assert "21.092 kr." in message["answer"] and "2025" in message["answer"]
    assert message["buttons"][0]["payload"] == "/calculate_dagpenge"


async def test_english_gets_the_english_answer():
    dispatcher = await answer(tracker("how much dagpenge can I get", "faq", [("dagpenge_rate", 0.9)], language="en"))
    assert "DKK 21,092" in dispatcher.messages[0]["answer"]
    assert dispatcher.messages[0]["buttons"][0]["title"] == "Estimate my dagpenge"


async def test_a_mixed_question_gets_the_likeliest_topic_and_an_offer_of_the_other():
    dispatcher = await answer(tracker("hvor længe kan jeg få dagpenge og skal jeg have et cv", "faq",
                                      [("dagpenge_period", 0.6), ("dagpenge_cv", 0.3)]))
    message = dispatcher.messages[0]
    assert message["answer"] == render_answer("dagpenge_period", "da", load_rates(), TODAY)
    assert '/benefit_topic{"benefit_topic":"dagpenge_cv"}' in [b["payload"] for b in message["buttons"]]


async def test_a_topic_button_is_answered_directly():
    dispatcher = await answer(tracker('/benefit_topic{"benefit_topic":"how_to_complain"}', "benefit_topic",
                                      entities=[{"entity": "benefit_topic", "value": "how_to_complain"}]))
    assert dispatcher.messages[0]["answer"] == render_answer("how_to_complain", "da", load_rates(), TODAY)


async def test_an_own_case_question_says_so_and_offers_a_person():
    dispatcher = await answer(tracker("hvorfor har jeg fået mindre i sygedagpenge", "faq",
                                      [("sygedagpenge_rate", 0.8)]))
    assert responses(dispatcher) == ["utter_benefits_own_case", "utter_benefit_answer"]
    assert "/ask_human" in [b["payload"] for b in dispatcher.messages[1]["buttons"]]


async def test_an_unsure_match_is_not_answered():
    dispatcher = await answer(tracker("hvad med min hund", "faq", [("dagpenge_rate", 0.06)]))
    assert responses(dispatcher) == ["utter_benefits_not_sure"]


FORMS = {"dagpenge_calculator_form": {"required_slots": ["calc_monthly_income", "calc_insured"]},
         "sygedagpenge_calculator_form": {"required_slots": ["calc_hourly_wage", "calc_weekly_hours"]}}


async def validate(form_class, requested, text, slots=None):
    dispatcher = CollectingDispatcher()
    action = form_class()
    loop = action.name().replace("validate_", "")
    events = await action.run(dispatcher, tracker(text, "inform", requested=requested, slots=slots, loop=loop),
                              {"forms": FORMS, "slots": {}})
    return slot_events(events), responses(dispatcher)


@pytest.mark.parametrize("text, stored, said", [
    ("28.000 kr", "28000", []), ("kr. 25.000,-", "25000", []), ("-5000", None, ["utter_calc_income_zero_or_negative"]),
    ("0", None, ["utter_calc_income_zero_or_negative"]), ("ved ikke", None, ["utter_calc_income_not_a_number"]),
    ("10.000.000", None, ["utter_calc_income_absurd"]), ("20000 eller 30000", None, ["utter_calc_income_several_numbers"]),
])
async def test_monthly_income_is_checked(text, stored, said):
    from actions.benefits import ValidateCalculatorForms

    slots, said_list = await validate(ValidateCalculatorForms, "calc_monthly_income", text)
    assert slots["calc_monthly_income"] == stored and said_list == said


@pytest.mark.parametrize("text, stored", [("fuldtid", "full_time"), ("Deltidsforsikret", "part_time"),
                                          ("part-time", "part_time"), ("ved ikke", None)])
async def test_insurance_type_is_read(text, stored):
    from actions.benefits import ValidateCalculatorForms

    slots, said = await validate(ValidateCalculatorForms, "calc_insured", text, {"calc_monthly_income": "30000"})
    assert slots["calc_insured"] == stored
    assert said == ([] if stored else ["utter_calc_insured_unclear"])


@pytest.mark.parametrize("requested, text, said", [
    ("calc_hourly_wage", "-180", ["utter_calc_wage_zero_or_negative"]),
    ("calc_hourly_wage", "10.000 kr i timen", ["utter_calc_wage_absurd"]),
    ("calc_weekly_hours", "200", ["utter_calc_hours_absurd"]),
    ("calc_weekly_hours", "mange", ["utter_calc_hours_not_a_number"]),
])
async def test_sygedagpenge_inputs_are_checked(requested, text, said):
    from actions.benefits import ValidateSygedagpengeCalculatorForm

    slots, said_list = await validate(ValidateSygedagpengeCalculatorForm, requested, text)
    assert slots[requested] is None and said_list == said


async def test_the_dagpenge_estimate_is_capped_and_dated():
    from actions.benefits import ActionCalculateDagpenge

    dispatcher = CollectingDispatcher()
    events = await ActionCalculateDagpenge().run(dispatcher, tracker("fuldtid", "inform", slots={
        "calc_monthly_income": "40000", "calc_insured": "full_time"}), {})
    result = dispatcher.messages[0]["result"]
    assert "21.092 kr." in result and "2025" in result and "skøn" in result
    assert slot_events(events) == {"calc_monthly_income": None, "calc_insured": None, "calc_hourly_wage": None,
                                   "calc_weekly_hours": None}


async def test_the_sygedagpenge_estimate_shows_its_inputs():
    from actions.benefits import ActionCalculateSygedagpenge

    dispatcher = CollectingDispatcher()
    await ActionCalculateSygedagpenge().run(dispatcher, tracker("20", "inform", slots={
        "calc_hourly_wage": "100", "calc_weekly_hours": "20"}), {})
    result = dispatcher.messages[0]["result"]
    assert "100" in result and "20" in result and "2.000 kr." in result and "2024" in result
