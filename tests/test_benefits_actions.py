"""The benefits actions with constructed trackers: the answer of the chosen topic with its figures,
the offers around it, requests to do something, questions out of scope, and the calculators with what
the opening question already says and with bad input."""
from datetime import date

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.rules.benefits.answers import render_answer
from bot.rules.benefits.rates import load_rates
from tests.helpers import make_tracker, responses, slot_events, validate_form

TODAY = date(2026, 11, 23)


def question(text, intent, ranking=(), entities=None, language="da"):
    """A message with the benefits topics the ResponseSelector ranked for it."""
    ranked = [{"intent_response_key": f"faq/{key}", "confidence": confidence} for key, confidence in ranking]
    return make_tracker(text, intent, {"language": language}, entities=entities,
                        response_selector={"faq": {"ranking": ranked}})


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
    dispatcher = await answer(question("hvor meget kan jeg få i dagpenge", "faq", [("dagpenge_rate", 0.9)]))
    [message] = dispatcher.messages
    assert message["response"] == "utter_benefit_answer"
    assert message["answer"] == render_answer("dagpenge_rate", "da", load_rates(), TODAY)
    assert "21.092 kr." in message["answer"] and "2025" in message["answer"]
    assert message["buttons"][0]["payload"] == "/calculate_dagpenge"


async def test_english_gets_the_english_answer():
    dispatcher = await answer(question("how much dagpenge can I get", "faq", [("dagpenge_rate", 0.9)], language="en"))
    assert "DKK 21,092" in dispatcher.messages[0]["answer"]
    assert dispatcher.messages[0]["buttons"][0]["title"] == "Estimate my dagpenge"


async def test_a_mixed_question_gets_the_likeliest_topic_and_an_offer_of_the_other():
    dispatcher = await answer(question("hvor længe kan jeg få dagpenge og skal jeg have et cv", "faq",
                                       [("dagpenge_period", 0.6), ("dagpenge_cv", 0.3)]))
    message = dispatcher.messages[0]
    assert message["answer"] == render_answer("dagpenge_period", "da", load_rates(), TODAY)
    assert '/benefit_topic{"benefit_topic":"dagpenge_cv"}' in [b["payload"] for b in message["buttons"]]


async def test_a_topic_button_is_answered_directly():
    dispatcher = await answer(question('/benefit_topic{"benefit_topic":"how_to_complain"}', "benefit_topic",
                                       entities=[{"entity": "benefit_topic", "value": "how_to_complain"}]))
    assert dispatcher.messages[0]["answer"] == render_answer("how_to_complain", "da", load_rates(), TODAY)


async def test_an_own_case_question_says_so_and_offers_a_person():
    dispatcher = await answer(question("hvorfor har jeg fået mindre i sygedagpenge", "faq",
                                       [("sygedagpenge_rate", 0.8)]))
    assert responses(dispatcher) == ["utter_benefits_own_case", "utter_benefit_answer"]
    assert "/ask_human" in [b["payload"] for b in dispatcher.messages[1]["buttons"]]


@pytest.mark.parametrize("text, ranking", [
    ("hvad med min hund", [("dagpenge_rate", 0.06)]),                       # a guess
    ("hvor meget kan jeg få i dagpenge", [("dagpenge_rate", 0.06)]),         # a guess, even about benefits
    ("hvad koster et nyt pas", [("employment_reform_2026", 0.09)]),
    ("hvad koster et nyt pas", [("employment_reform_2026", 0.95)]),          # sure, but about something else
    ("hvornår kører toget til Aarhus", [("sygedagpenge_follow_up", 0.5)]),
    ("hvad er klokken", []),
])
async def test_a_question_out_of_scope_gets_an_honest_answer_not_an_article(text, ranking):
    dispatcher = await answer(question(text, "faq", ranking))
    assert responses(dispatcher) == ["utter_benefits_out_of_scope"]


async def test_an_unemployed_person_asking_whether_a_former_employer_pays_gets_the_a_kasse_rule():
    dispatcher = await answer(question("jeg er blevet fyret og er syg, skal min gamle arbejdsgiver betale", "faq",
                                       [("sygedagpenge_from_employer", 0.79), ("sygedagpenge_friattest", 0.03)]))
    assert dispatcher.messages[0]["answer"] == render_answer("sick_while_unemployed", "da", load_rates(), TODAY)


async def test_an_employee_asking_whether_the_employer_pays_gets_the_employee_rule():
    dispatcher = await answer(question("betaler min arbejdsgiver mig når jeg er syg", "faq",
                                       [("sygedagpenge_from_employer", 0.8)]))
    assert dispatcher.messages[0]["answer"] == render_answer("sygedagpenge_from_employer", "da", load_rates(), TODAY)


@pytest.mark.parametrize("text, language, ranking, response, buttons", [
    ("jeg skal melde mig syg", "da", [("sick_while_unemployed", 0.25)], "utter_benefits_offer_start_sick_leave",
     [("Meld mig syg", "/start_sick_leave"),
      ("Syg som ledig", '/benefit_topic{"benefit_topic":"sick_while_unemployed"}')]),
    ("I need to report that I'm sick", "en", [("sygedagpenge_how_to_report", 0.34)],
     "utter_benefits_offer_start_sick_leave",
     [("Report sick", "/start_sick_leave"),
      ("How sick leave is reported", '/benefit_topic{"benefit_topic":"sygedagpenge_how_to_report"}')]),
    ("jeg vil logge en ansøgning", "da", [("dagpenge_joblog", 0.26)], "utter_benefits_offer_log_job_activity",
     [("Skriv en ansøgning ind", "/log_job_activity"),
      ("Joblog på dagpenge", '/benefit_topic{"benefit_topic":"dagpenge_joblog"}')]),
    ("jeg vil slå et småjob op", "da", [("smaajob_on_benefits", 0.9)], "utter_benefits_offer_post_vacancy",
     [("Slå et småjob op", "/post_vacancy"),
      ("Småjob ved siden af en ydelse", '/benefit_topic{"benefit_topic":"smaajob_on_benefits"}')]),
    ("jeg vil tale med en medarbejder om mine dagpenge", "da", [("side_job_on_dagpenge", 0.25)],
     "utter_benefits_offer_ask_human",
     [("Tal med en medarbejder", "/ask_human"),
      ("Arbejde ved siden af dagpenge", '/benefit_topic{"benefit_topic":"side_job_on_dagpenge"}')]),
    ("meld mig syg tak", "da", [("employment_reform_2026", 0.05)], "utter_benefits_offer_start_sick_leave",
     [("Meld mig syg", "/start_sick_leave")]),                           # no topic worth offering
])
async def test_a_request_to_do_something_gets_the_journey_and_the_article_as_buttons(
        text, language, ranking, response, buttons):
    dispatcher = await answer(question(text, "faq", ranking, language=language))
    [message] = dispatcher.messages
    assert message["response"] == response and "answer" not in message
    assert [(button["title"], button["payload"]) for button in message["buttons"]] == buttons


async def test_a_topic_button_is_answered_even_if_its_payload_looks_like_a_request():
    dispatcher = await answer(question('/benefit_topic{"benefit_topic":"sygedagpenge_how_to_report"}', "benefit_topic",
                                       entities=[{"entity": "benefit_topic", "value": "sygedagpenge_how_to_report"}]))
    assert responses(dispatcher) == ["utter_benefit_answer"]


@pytest.mark.parametrize("value, starts", [(None, "Nej."), ("on", "Ja."), ("off", "Nej.")])
async def test_the_joblog_answer_follows_the_municipal_setting(monkeypatch, tmp_path, value, starts):
    monkeypatch.setenv("JOBASSISTENT_VAR_DIR", str(tmp_path))
    if value is None:
        monkeypatch.delenv("JOURNAL_COUNTS_AS_JOBNET_JOBLOG", raising=False)
    else:
        monkeypatch.setenv("JOURNAL_COUNTS_AS_JOBNET_JOBLOG", value)
    dispatcher = await answer(question("tæller det jeg skriver her med i min joblog på jobnet", "faq",
                                       [("journal_and_jobnet_joblog", 0.7)]))
    assert dispatcher.messages[0]["answer"].startswith(starts)


@pytest.mark.parametrize("environ, counts", [({}, False), ({"JOURNAL_COUNTS_AS_JOBNET_JOBLOG": "ja"}, True),
                                             ({"JOURNAL_COUNTS_AS_JOBNET_JOBLOG": "0"}, False)])
def test_the_joblog_setting_is_off_unless_the_municipality_turns_it_on(environ, counts):
    from bot.settings import load_settings

    settings = load_settings({"RASA_TOKEN": "t", "SESSION_SECRET": "s", **environ})
    assert settings.journal_counts_as_jobnet_joblog is counts


async def validate(form_class, requested, text, slots=None):
    return await validate_form(form_class(), requested, text, "inform", slots)


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


async def prefill(text, intent, language="da"):
    from actions.benefits import ActionCalculatorPrefill

    dispatcher = CollectingDispatcher()
    events = await ActionCalculatorPrefill().run(dispatcher, make_tracker(text, intent, {"language": language}), {})
    return events, dispatcher


CLEARED = {"calc_monthly_income": None, "calc_insured": None, "calc_hourly_wage": None, "calc_weekly_hours": None}


@pytest.mark.parametrize("text, intent, filled", [
    ("beregn mine dagpenge, jeg tjente 28.000 om måneden", "calculate_dagpenge", {"calc_monthly_income": "28000"}),
    ("hvad får jeg i sygedagpenge, jeg tjener 180 kr i timen", "calculate_sygedagpenge", {"calc_hourly_wage": "180"}),
    ("beregn mine sygedagpenge, jeg arbejder 37 timer", "calculate_sygedagpenge", {"calc_weekly_hours": "37"}),
    ("beregn mine dagpenge", "calculate_dagpenge", {}),
    ("beregn mine dagpenge for 2025", "calculate_dagpenge", {}),
    # what the other calculator needs is not taken
    ("beregn mine dagpenge, jeg tjener 180 kr i timen", "calculate_dagpenge", {}),
])
async def test_the_prefill_fills_only_what_the_question_clearly_gives(text, intent, filled):
    events, dispatcher = await prefill(text, intent)
    assert slot_events(events) == {**CLEARED, **filled}
    assert dispatcher.messages == [] and not [e for e in events if e.get("event") == "followup"]


@pytest.mark.parametrize("text, intent, says", [
    ("hvad får jeg i sygedagpenge, jeg tjener 180 kr i timen og arbejder 37 timer", "calculate_sygedagpenge",
     "126,89 kr. × 37 timer = 4.694,93 kr."),
    ("beregn mine dagpenge, jeg tjente 28.000 om måneden og er fuldtidsforsikret", "calculate_dagpenge",
     "28.000 kr. − 2.240 kr. = 25.760 kr."),
])
async def test_a_question_that_gives_everything_gets_the_estimate_at_once(text, intent, says):
    events, dispatcher = await prefill(text, intent)
    [message] = dispatcher.messages
    assert message["response"] == "utter_calc_result" and says in message["result"]
    assert slot_events(events) == CLEARED
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_listen"}


async def test_prefilled_values_pass_the_forms_own_checks():
    from actions.benefits import ValidateCalculatorForms

    events, _ = await prefill("jeg tjente 31.500 kr om måneden, beregn mine dagpenge", "calculate_dagpenge")
    value = slot_events(events)["calc_monthly_income"]
    slots, said = await validate(ValidateCalculatorForms, "calc_monthly_income", value)
    assert slots["calc_monthly_income"] == "31500" and said == []


async def test_the_dagpenge_estimate_is_capped_and_dated():
    from actions.benefits import ActionCalculateDagpenge

    dispatcher = CollectingDispatcher()
    events = await ActionCalculateDagpenge().run(dispatcher, make_tracker("fuldtid", "inform", {
        "calc_monthly_income": "40000", "calc_insured": "full_time"}), {})
    result = dispatcher.messages[0]["result"]
    assert "21.092 kr." in result and "2025" in result and "skøn" in result
    assert slot_events(events) == {"calc_monthly_income": None, "calc_insured": None, "calc_hourly_wage": None,
                                   "calc_weekly_hours": None}


async def test_the_sygedagpenge_estimate_shows_its_inputs():
    from actions.benefits import ActionCalculateSygedagpenge

    dispatcher = CollectingDispatcher()
    await ActionCalculateSygedagpenge().run(dispatcher, make_tracker("20", "inform", {
        "calc_hourly_wage": "100", "calc_weekly_hours": "20"}), {})
    result = dispatcher.messages[0]["result"]
    assert "100" in result and "20" in result and "2.000 kr." in result and "2024" in result
