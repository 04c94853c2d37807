"""Sick leave end to end through the gateway, with the real Rasa and action servers, checking the rows
written and the advisor cases created."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.store.models import HandoffCase, SickLeaveCase
from bot.store.users import record_login
from tests.helpers import (
    case_of, in_stack_database, login, payloads, rows, rows_of_user, say, texts, today_in_denmark,
)

pytestmark = pytest.mark.rasa


def short(day):
    return f"{day.day}/{day.month}/{day.year}"


def sick_cases(stack, external_id):
    return rows_of_user(stack, SickLeaveCase.user_id, external_id)


def handoff_cases(stack, external_id):
    return rows(stack, select(HandoffCase).where(HandoffCase.user_external_id == external_id))


async def test_an_employee_reports_extends_past_the_threshold_and_reports_back(gateway, rasa_stack):
    citizen = "sick-ida"
    await login(gateway, "citizen", citizen, "Ida")
    first = await say(gateway, "jeg er syg siden i gaar og har influenza")
    shown = texts(first)
    assert "Du behøver ikke fortælle, hvad du fejler" in shown
    assert "Hvad er din situation" in shown  # the first day was read from the message
    history = await (await gateway.get("/api/chat/history")).json()
    said = " ".join(m["text"] for m in history["messages"] if m["sender"] == "user")
    assert "influenza" not in said and "[helbredsoplysning]" in said  # never stored by Rasa
    told = [m["text"] for m in history["messages"] if m["sender"] == "bot" and "hvad du fejler" in m["text"]]
    assert len(told) == 1  # the notice is part of the conversation, once

    assert "arbejdsgiver" in texts(await say(gateway, "ansat")).lower()
    assert "helt sygemeldt" in texts(await say(gateway, "Netto")).lower()
    assert "hvornår regner du med" in texts(await say(gateway, "helt")).lower()
    assert "efter din første sygedag" in texts(await say(gateway, short(today_in_denmark() - timedelta(days=3))))
    assert "tale med en medarbejder" in texts(await say(gateway, "3 uger"))
    summary = texts(await say(gateway, "nej tak"))
    expected = today_in_denmark() - timedelta(days=1) + timedelta(weeks=3)
    assert f"Første sygedag: {short(today_in_denmark() - timedelta(days=1))}" in summary
    assert "Arbejdsgiver: Netto" in summary and f"Forventet tilbage: {short(expected)}" in summary
    assert sick_cases(rasa_stack, citizen) == []  # nothing before it is confirmed

    saved = texts(await say(gateway, "ja"))
    assert "er registreret" in saved and "klarer resten selv" in saved
    assert "30 dage" in saved and "inden 8 dage" in saved
    [case] = sick_cases(rasa_stack, citizen)
    assert (case.first_day, case.situation, case.employer, case.partial_hours, case.expected_return,
            case.track, case.status) == (today_in_denmark() - timedelta(days=1), "employed", "Netto", None, expected,
                                         "self_service", "open")
    assert handoff_cases(rasa_stack, citizen) == []
    listed = (await (await gateway.get("/api/me/sick-leave")).json())["sick_leaves"]
    assert [{k: item[k] for k in ("id", "first_day", "situation", "partial_hours", "expected_return", "track",
                                  "status", "returned_on")} for item in listed] == [{
        "id": case.id, "first_day": case.first_day.isoformat(), "situation": "employed", "partial_hours": None,
        "expected_return": expected.isoformat(), "track": "self_service", "status": "open", "returned_on": None}]

    again = texts(await say(gateway, "jeg er syg"))
    assert "allerede en åben sygemelding" in again
    assert len(sick_cases(rasa_stack, citizen)) == 1

    asked = texts(await say(gateway, "jeg er stadig syg"))
    assert "Hvornår regner du nu med" in asked
    far = today_in_denmark() + timedelta(weeks=14)
    shown = texts(await say(gateway, short(far)))
    assert f"ændres fra {short(expected)} til {short(far)}" in shown  # shown before it is stored
    assert sick_cases(rasa_stack, citizen)[0].expected_return == expected
    moved = texts(await say(gateway, "ja tak"))
    assert f"tilbage {short(far)}" in moved and "forventet fravær over 12 uger" in moved
    [case] = sick_cases(rasa_stack, citizen)
    assert (case.track, case.expected_return, case.reasons) == ("advisor", far, ["over_threshold"])
    [advisor_case] = handoff_cases(rasa_stack, citizen)
    assert advisor_case.reason_code == "sick_leave" and advisor_case.id == case.handoff_case_id
    assert "influenza" not in advisor_case.summary_json

    shown = texts(await say(gateway, "hvad har jeg meldt?"))
    assert "Arbejdsgiver: Netto" in shown and "medarbejder fra jobcentret følger op" in shown

    asked = texts(await say(gateway, "jeg er rask igen"))
    assert "Hvilken dag er du" in asked
    assert "ikke efter din første sygedag" in texts(await say(gateway, short(today_in_denmark() - timedelta(days=5))))
    assert "lukkes. Skal jeg gemme det?" in texts(await say(gateway, "i dag"))
    assert sick_cases(rasa_stack, citizen)[0].status == "open"
    closed = texts(await say(gateway, "jep"))
    assert f"raskmeldt fra {short(today_in_denmark())}" in closed and "lukket" in closed
    [case] = sick_cases(rasa_stack, citizen)
    assert (case.status, case.returned_on) == ("closed", today_in_denmark())

    await login(gateway, "advisor", "raadgiver-syg", "Sara")
    listed_case = await case_of(gateway, citizen)
    assert listed_case["reason"] == "sick_leave"
    detail = await (await gateway.get(f"/api/advisor/cases/{listed_case['id']}")).json()
    [registered] = detail["registered"]["sick_leave"]
    assert (registered["employer"], registered["status"], registered["track"]) == ("Netto", "closed", "advisor")


async def test_an_unemployed_citizen_who_does_not_know_goes_to_a_person(gateway, rasa_stack):
    citizen = "sick-omar"
    await login(gateway, "citizen", citizen, "Omar")
    await say(gateway, "jeg er ledig og er blevet syg")
    await say(gateway, "i dag")
    await say(gateway, "ved ikke")
    summary = texts(await say(gateway, "/deny"))
    assert "Situation: ledig" in summary and "Forventet tilbage: ved ikke endnu" in summary
    saved = texts(await say(gateway, "/affirm"))
    assert "ledig og syg" in saved and "Jobnet" in saved and "14 dage" in saved
    [case] = sick_cases(rasa_stack, citizen)
    assert (case.track, case.reasons, case.expected_return) == ("advisor", ["unemployed", "duration_unknown"], None)
    [advisor_case] = handoff_cases(rasa_stack, citizen)
    assert advisor_case.reason_text.endswith("ledig og syg, ved ikke, hvor længe fraværet varer")


async def test_cancelling_half_way_saves_nothing_and_says_so(gateway, rasa_stack):
    citizen = "sick-lea"
    await login(gateway, "citizen", citizen, "Lea")
    await say(gateway, "jeg vil sygemelde mig")
    assert "situation" in texts(await say(gateway, "i dag"))
    assert "forstod jeg ikke" in texts(await say(gateway, "blå"))  # not a situation: asked again
    stopped = texts(await say(gateway, "annuller"))
    assert "Intet er gemt" in stopped
    assert sick_cases(rasa_stack, citizen) == []


async def test_a_citizen_back_after_the_return_day_is_first_asked_if_they_are_back(gateway, rasa_stack):
    citizen = "sick-eva"
    await login(gateway, "citizen", citizen, "Eva")

    def open_case(session):
        user = record_login(session, "citizen", citizen, "Eva")
        session.add(SickLeaveCase(user_id=user.id, first_day=today_in_denmark() - timedelta(days=10),
                                  situation="employed", employer="Coop", expected_return=today_in_denmark(),
                                  wants_contact=False, track="self_service", reasons=[], status="open"))

    in_stack_database(rasa_stack, open_case)
    greeted = await say(gateway, "/session_start")
    assert f"Du regnede med at være tilbage på arbejde {short(today_in_denmark())}" in texts(greeted)
    assert "/report_return" in payloads(greeted)
    asked = texts(await say(gateway, "/report_return"))
    assert "Hvilken dag er du" in asked
    await say(gateway, "i dag")
    closed = texts(await say(gateway, "/affirm"))
    assert "raskmeldt" in closed
    [case] = sick_cases(rasa_stack, citizen)
    assert case.status == "closed"


async def test_a_job_application_earlier_in_the_chat_is_not_taken_as_employer_or_situation(gateway, rasa_stack):
    await login(gateway, "citizen", "sick-applicant", "Ida")
    await say(gateway, "søgte job som lagermedarbejder hos DSV i Hedehusene i går")
    await say(gateway, "stop")
    asked = texts(await say(gateway, "jeg er syg fra i dag"))
    assert "situation" in asked.lower() and "DSV" not in asked


async def test_a_change_relative_to_what_was_stored_is_computed_from_it_and_waits_for_a_yes(gateway, rasa_stack):
    citizen = "sick-karl"
    await login(gateway, "citizen", citizen, "Karl")
    await say(gateway, "jeg arbejder hos Bageriet Hansen")
    asked = texts(await say(gateway, "jeg er syg fra i dag"))
    # The employer (and so the situation) was said earlier in the conversation: not asked again.
    assert "helt sygemeldt" in asked.lower() and "arbejdsgiver" not in asked.lower()
    await say(gateway, "helt")
    await say(gateway, "2 uger")
    await say(gateway, "nej")
    await say(gateway, "ja")
    [case] = sick_cases(rasa_stack, citizen)
    stored = today_in_denmark() + timedelta(weeks=2)
    assert (case.employer, case.expected_return) == ("Bageriet Hansen", stored)

    shown = texts(await say(gateway, "jeg bliver syg en uge længere end jeg skrev"))
    later = stored + timedelta(weeks=1)
    assert f"ændres fra {short(stored)} til {short(later)}" in shown
    shown = texts(await say(gateway, "nej, tre dage senere end jeg skrev"))
    assert f"til {short(stored + timedelta(days=3))}" in shown
    assert sick_cases(rasa_stack, citizen)[0].expected_return == stored  # nothing changed without a yes
    await say(gateway, "jep")
    assert sick_cases(rasa_stack, citizen)[0].expected_return == stored + timedelta(days=3)

