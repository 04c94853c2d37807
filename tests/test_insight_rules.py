"""The insight page's pure rules: the "<5" rule, days and weeks in Danish time, which journey a message
is about, what counts as solved without a person, the figures, their CSV and their SVG charts."""
from datetime import date, datetime, timedelta, timezone
from xml.etree import ElementTree

import pytest

from bot.insight_charts import chart_svg
from bot.rules.insight import (
    ALL_JOURNEYS, DANISH_TIME, SUPPRESSED, ConversationActivity, InsightCounts, build_figures, day_number, day_of_number, day_of_unix_time,
    figure_csv, is_feedback_topic, iso_week, journey_of_intent, journey_of_topic, last_settled_day, period_bounds,
    shown_count,
    shown_median, shown_share, utc_offsets, weeks_between,
)


@pytest.mark.parametrize("count, shown", [(0, "<5"), (1, "<5"), (4, "<5"), (5, 5), (6, 6), (1234, 1234)])
def test_a_count_below_five_is_shown_as_less_than_five(count, shown):
    assert shown_count(count) == shown


@pytest.mark.parametrize("part, whole, share", [
    (5, 10, 50.0), (4, 10, None), (5, 4, None), (7, 21, 33.3), (0, 100, None), (100, 100, 100.0),
])
def test_a_share_of_few_or_of_a_handful_is_not_shown(part, whole, share):
    assert shown_share(part, whole) == share


def test_a_median_of_fewer_than_five_durations_is_not_shown():
    assert shown_median([1, 2, 3, 4]) is None
    assert shown_median([1, 2, 3, 4, 100]) == 3
    assert shown_median([1.25, 2.5, 3.75, 5.0, 6.25, 7.5], 1) == 4.4


@pytest.mark.parametrize("hour_utc, day", [
    # 22:00 UTC on 31 May is midnight in Danish summer time: the next day.
    (datetime(2025, 5, 31, 21, tzinfo=timezone.utc), date(2025, 5, 31)),
    (datetime(2025, 5, 31, 22, tzinfo=timezone.utc), date(2025, 6, 1)),
    # In winter the day turns an hour later in UTC.
    (datetime(2025, 1, 15, 22, tzinfo=timezone.utc), date(2025, 1, 15)),
    (datetime(2025, 1, 15, 23, tzinfo=timezone.utc), date(2025, 1, 16)),
])
def test_a_moment_counts_on_its_danish_day(hour_utc, day):
    offsets = utc_offsets(*period_bounds(date(2025, 1, 1), date(2025, 12, 31)))
    assert day_of_number(day_of_unix_time(hour_utc.timestamp(), offsets)) == day


def test_a_period_runs_from_danish_midnight_to_danish_midnight():
    start, end = period_bounds(date(2025, 3, 30), date(2025, 3, 30))  # the day summer time starts
    assert start == datetime(2025, 3, 29, 23, tzinfo=timezone.utc)
    assert end == datetime(2025, 3, 30, 22, tzinfo=timezone.utc)


def test_weeks_are_iso_weeks_across_new_year():
    assert iso_week(date(2024, 12, 30)) == "2025-U01"
    assert weeks_between(date(2024, 12, 23), date(2025, 1, 6)) == ["2024-U52", "2025-U01", "2025-U02"]


@pytest.mark.parametrize("intent, journey", [
    ("log_job_activity", "journal"), ("update_profile", "journal"), ("start_sick_leave", "sick_leave"),
    ("faq", "benefits"), ("calculate_dagpenge", "benefits"), ("post_vacancy", "vacancy"),
    ("ask_human", "handoff"), ("affirm", None), ("greet", None), (None, None),
])
def test_a_message_belongs_to_the_journey_of_its_intent(intent, journey):
    assert journey_of_intent(intent) == journey


def test_feedback_topics_are_journey_ends_or_known_benefit_topics():
    benefit_topics = {"dagpenge_rate"}
    assert is_feedback_topic("journal", benefit_topics) and is_feedback_topic("dagpenge_rate", benefit_topics)
    for bad in ("unknown_topic", "Journal", "", None, 1, "dagpenge_rate; drop", "x" * 41):
        assert not is_feedback_topic(bad, benefit_topics)
    assert journey_of_topic("profile") == "journal" and journey_of_topic("dagpenge_rate") == "benefits"


def test_a_conversation_is_solved_without_a_person_only_when_something_finished_and_nobody_was_asked_for():
    activity = ConversationActivity()
    day = date(2025, 5, 2)
    for conversation in ("a", "b", "c", "d"):
        activity.add_message(conversation, day, "journal")
    activity.add_message("e", day, "benefits")
    activity.add_completion("a", day, "journal")
    activity.add_completion("b", day, "journal")
    activity.add_handoff("b", day)  # saved, but then asked for a person the same day
    activity.add_completion("c", date(2025, 5, 3), "journal")  # finished another day
    activity.add_completion("e", day, "benefits")
    assert activity.per_day(None) == {day: (5, 2)}
    assert activity.per_day("journal") == {day: (4, 1)}
    assert activity.per_journey()["journal"] == (4, 1) and activity.per_journey()["benefits"] == (1, 1)
    assert activity.per_journey()["vacancy"] == (0, 0)
    totals = activity.day_totals([day, date(2025, 5, 3)])
    assert totals[(day, ALL_JOURNEYS)] == (5, 2) and totals[(day, "journal")] == (4, 1)
    assert totals[(date(2025, 5, 3), ALL_JOURNEYS)] == (0, 0)  # counted, and nobody talked that day
    assert (day, "vacancy") not in totals and activity.day_totals([]) == {}


def test_day_totals_of_several_days_add_up_per_day_and_per_journey():
    counts = InsightCounts()
    first, second = date(2025, 5, 2), date(2025, 5, 3)
    counts.add_day_totals({(first, ALL_JOURNEYS): (6, 3), (first, "journal"): (4, 2), (second, ALL_JOURNEYS): (0, 0)})
    counts.add_day_totals({(second, ALL_JOURNEYS): (2, 1), (second, "journal"): (2, 1)})
    assert counts.per_day(None) == {first: (6, 3), second: (2, 1)}
    assert counts.per_day("journal") == {first: (4, 2), second: (2, 1)}
    assert counts.per_journey()["journal"] == (6, 3) and counts.per_journey()["benefits"] == (0, 0)


def test_a_day_is_settled_an_hour_after_danish_midnight():
    just_after = datetime(2025, 5, 2, 0, 30, tzinfo=DANISH_TIME)
    assert last_settled_day(just_after) == date(2025, 4, 30)
    assert last_settled_day(just_after + timedelta(hours=1)) == date(2025, 5, 1)
    # Summer time ends on 26 October 2025: an hour after midnight is still counted in Danish time.
    assert last_settled_day(datetime(2025, 10, 27, 1, 5, tzinfo=DANISH_TIME)) == date(2025, 10, 26)


def counts_of_known_sizes() -> InsightCounts:
    counts, activity = InsightCounts(), ConversationActivity()
    day = date(2025, 5, 2)
    for number in range(12):
        conversation = f"citizen-{number}"
        activity_journey = "journal" if number < 8 else "benefits"
        activity.add_message(conversation, day, activity_journey)
        if number < 6:
            activity.add_completion(conversation, day, "journal")
    counts.add_day_totals(activity.day_totals([day]))
    counts.handoffs = {("crisis", "urgent"): 2, ("asked_for_person", "normal"): 7}
    counts.claim_minutes = {"normal": [10, 20, 30, 40, 50, 60], "urgent": [1, 2]}
    counts.active_now = {("open", "normal"): 9}
    counts.crisis_days = [day, day]
    counts.sick_leave_tracks = {"self_service": 5, "advisor": 3}
    counts.postings = {"approved": 6, "rejected": 1}
    counts.review_hours = {"approved": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "rejected": [8.0]}
    counts.journal_days = [day] * 6
    counts.feedback = {("dagpenge_rate", True): 9, ("dagpenge_rate", False): 5, ("journal", False): 2}
    return counts


def test_the_figures_show_known_counts_with_small_ones_suppressed():
    figures = {figure.key: figure for figure in build_figures(
        counts_of_known_sizes(), date(2025, 5, 1), date(2025, 5, 3), None, {"dagpenge_rate": "Dagpengesats"})}
    assert figures["conversations"].rows == (("2025-05-01", "<5", "<5"), ("2025-05-02", 12, 6),
                                             ("2025-05-03", "<5", "<5"))
    assert "I alt 12 samtaledage; 6 løst uden en person (50,0 %)" in figures["conversations"].description
    journeys = {row[0]: row[1:] for row in figures["journeys"].rows}
    assert journeys["Jobjournal og profil"] == (8, 6, 75.0)
    assert journeys["Spørgsmål om ydelser"] == ("<5", "<5", None)
    assert figures["handoffs"].rows == (("Krise", "<5", "<5", "<5"), ("Bad om en medarbejder", "<5", "<5", 7))
    assert figures["handoff_wait"].rows[0] == ("Akut", "<5", None, "<5", "<5")
    assert figures["handoff_wait"].rows[2] == ("Normal", 6, 35, 9, "<5")
    assert figures["crisis"].rows == (("2025-05", "<5"),)
    assert figures["sick_leave"].rows == (("Selvbetjening", 5), ("Til en medarbejder", "<5"))
    assert figures["postings"].rows == (("Afventer godkendelse", "<5", None), ("Godkendt", 6, 3.5),
                                        ("Afvist", "<5", None))
    assert figures["journal"].rows == (("2025-U18", 6),)
    assert figures["feedback"].rows == (("Dagpengesats", 9, 5, 64.3), ("journal", "<5", "<5", None))


def test_a_journey_filter_keeps_its_own_figures_and_the_shared_ones():
    keys = [figure.key for figure in build_figures(counts_of_known_sizes(), date(2025, 5, 1), date(2025, 5, 3),
                                                    "benefits", {})]
    assert keys == ["conversations", "journeys", "handoffs", "handoff_wait", "crisis", "feedback"]
    figures = {figure.key: figure for figure in build_figures(
        counts_of_known_sizes(), date(2025, 5, 2), date(2025, 5, 2), "journal", {})}
    assert figures["conversations"].rows == (("2025-05-02", 8, 6),)
    assert [row[0] for row in figures["feedback"].rows] == ["journal"]
    assert "journal" in figures and "sick_leave" not in figures


def test_the_csv_has_the_table_with_decimal_commas_and_no_formulas():
    figure = next(figure for figure in build_figures(counts_of_known_sizes(), date(2025, 5, 2), date(2025, 5, 2),
                                                      None, {"dagpenge_rate": "=HYPERLINK(1)"})
                  if figure.key == "feedback")
    lines = figure_csv(figure).split("\r\n")
    assert lines[0] == "Emne;Hjalp;Hjalp ikke;Andel der hjalp (%)"
    assert lines[1] == "'=HYPERLINK(1);9;5;64,3"
    assert lines[2] == "journal;<5;<5;"


def test_a_chart_is_valid_svg_with_a_bar_per_shown_value_and_a_mark_for_each_suppressed_one():
    figures = {figure.key: figure for figure in build_figures(
        counts_of_known_sizes(), date(2025, 5, 1), date(2025, 5, 3), None, {"dagpenge_rate": "<b>Dagpenge</b>"})}
    svg = ElementTree.fromstring(chart_svg(figures["feedback"]))
    namespace = "{http://www.w3.org/2000/svg}"
    bars = [rect for rect in svg.iter(namespace + "rect") if rect.find(namespace + "title") is not None]
    assert sorted(bar.find(namespace + "title").text for bar in bars) == [
        "<b>Dagpenge</b>: Hjalp 9", "<b>Dagpenge</b>: Hjalp ikke 5"]
    texts = [text.text for text in svg.iter(namespace + "text")]
    assert texts.count(SUPPRESSED) == 2 and svg.get("role") == "img"
    assert "<b>" not in chart_svg(figures["feedback"]).replace("&lt;b&gt;", "")


def test_a_line_chart_leaves_a_gap_for_suppressed_days():
    figures = {figure.key: figure for figure in build_figures(
        counts_of_known_sizes(), date(2025, 5, 1), date(2025, 5, 3), None, {})}
    svg = ElementTree.fromstring(chart_svg(figures["conversations"]))
    namespace = "{http://www.w3.org/2000/svg}"
    # Only 2 May is shown: a point per series, no line through the days below five.
    assert len(list(svg.iter(namespace + "polyline"))) == 0
    assert len(list(svg.iter(namespace + "circle"))) == 2


def test_danish_times_offset_changes_on_the_hour_summer_time_starts_and_ends():
    start, end = period_bounds(date(2025, 3, 29), date(2025, 10, 27))
    assert utc_offsets(start, end) == [
        (start.timestamp(), 3600),
        (datetime(2025, 3, 30, 1, tzinfo=timezone.utc).timestamp(), 7200),
        (datetime(2025, 10, 26, 1, tzinfo=timezone.utc).timestamp(), 3600)]
    assert day_of_number(day_number(date(2025, 3, 30))) == date(2025, 3, 30) and day_number(date(1970, 1, 2)) == 1
