"""Benefits questions and calculators end to end through the gateway, with the real Rasa and action
servers."""
import re

import pytest

from bot.rules.benefits.rates import figure, format_amount, load_rates
from tests.helpers import login, payloads, say, texts

pytestmark = pytest.mark.rasa


async def test_a_question_with_a_typo_gets_a_dated_sourced_answer_and_the_calculator(gateway):
    await login(gateway, "citizen", "benefits-jens", "Jens")
    answered = await say(gateway, "hvor meget kan man hojst faa i dagpnge om maaneden")
    shown = texts(answered)
    maximum = figure(load_rates(), "dagpenge_max_full_time", __import__("datetime").date.today())
    assert f"{format_amount(maximum.value, 'da')} om måneden (sats for {maximum.year})" in shown
    assert "Kilde" in shown and "https://bm.dk/" in shown
    assert "/calculate_dagpenge" in payloads(answered)

    assert "Hvad tjente du" in texts(await say(gateway, "/calculate_dagpenge"))
    assert "større end 0" in texts(await say(gateway, "-200"))
    assert "for stort" in texts(await say(gateway, "10 millioner kr"))
    assert "kunne ikke læse et tal" in texts(await say(gateway, "det ved jeg ikke"))
    assert "fuldtids- eller deltidsforsikret" in texts(await say(gateway, "40.000 kr"))
    result = texts(await say(gateway, "fuldtid"))
    assert format_amount(maximum.value, "da") in result and str(maximum.year) in result
    assert "skøn" in result and "a-kassen" in result.lower()


async def test_a_sygedagpenge_estimate_in_english(gateway):
    await login(gateway, "citizen", "benefits-emma", "Emma")
    asked = texts(await say(gateway, "calculate my sickness benefit please"))
    assert "hourly wage" in asked
    assert "hours do you normally work" in texts(await say(gateway, "100 kr"))
    result = texts(await say(gateway, "20"))
    assert "2,000" in result and "estimate" in result.lower()
    assert re.search(r"20(\d{2})", result)


async def test_an_own_case_question_offers_a_person(gateway):
    await login(gateway, "citizen", "benefits-ole", "Ole")
    answered = await say(gateway, "hvorfor har jeg faaet mindre udbetalt i denne maaned")
    assert "kan ikke se din egen sag" in texts(answered).lower() or "din egen sag" in texts(answered)
    assert any(payload in payloads(answered) for payload in ("/ask_human", "/choose_chat", "/choose_phone"))


async def test_the_menu_lists_topics_and_calculators(gateway):
    await login(gateway, "citizen", "benefits-kim", "Kim")
    menu = await say(gateway, "/ask_benefits")
    assert "/calculate_dagpenge" in payloads(menu) and "/calculate_sygedagpenge" in payloads(menu)
    topic = [p for p in payloads(menu) if p.startswith("/benefit_topic")][0]
    answered = texts(await say(gateway, topic))
    assert "Kilde" in answered
