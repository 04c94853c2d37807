"""The launcher's restart policy (bot/supervision.py): how long it waits before starting a dead part
again, and when it gives up, with the time passed in."""
import pytest

from bot.supervision import PartHistory, RestartPolicy

POLICY = RestartPolicy(max_restarts=5, window_seconds=60, first_backoff_seconds=1, max_backoff_seconds=30)


def dies_at_once(history: PartHistory, now: float):
    """The part dies at `now` and is started again when the policy says; returns the decision."""
    decision = history.died(now)
    history.started(decision.restart_at)
    return decision


def test_the_wait_doubles_from_the_first_backoff_and_stops_at_the_cap():
    assert [POLICY.backoff_seconds(deaths) for deaths in range(1, 9)] == [1, 2, 4, 8, 16, 30, 30, 30]
    assert RestartPolicy(first_backoff_seconds=0.05, max_backoff_seconds=0.2).backoff_seconds(3) == 0.2


def test_a_part_that_dies_again_right_after_each_restart_waits_longer_each_time():
    history = PartHistory(POLICY)
    history.started(0)
    now, waits = 0.5, []
    for _ in range(5):
        decision = dies_at_once(history, now)
        assert not decision.give_up
        waits.append(decision.backoff_seconds)
        now = decision.restart_at + 0.5
    assert waits == [1, 2, 4, 8, 16]


def test_the_death_after_max_restarts_within_the_window_gives_up():
    history = PartHistory(POLICY)
    history.started(0)
    decisions = [dies_at_once(history, now) for now in (1, 3, 7, 15, 31)]
    assert [decision.restart_number for decision in decisions] == [1, 2, 3, 4, 5]
    assert not any(decision.give_up for decision in decisions)
    assert history.died(48).give_up


def test_deaths_that_left_the_window_are_forgotten_but_the_wait_keeps_growing():
    history = PartHistory(POLICY)
    history.started(0)
    for now in (10, 11, 12, 13, 14):
        dies_at_once(history, now)
    history.started(72)
    decision = history.died(72.5)  # 10, 11 and 12 are more than 60 s ago
    assert not decision.give_up
    assert decision.restart_number == 3
    assert decision.backoff_seconds == 30  # a run of half a second is no stable run


def test_a_part_that_ran_a_whole_window_starts_afresh():
    history = PartHistory(POLICY)
    history.started(0)
    for now in (1, 3, 7, 15, 31):
        dies_at_once(history, now)
    history.started(100)
    decision = dies_at_once(history, 160)
    assert (decision.give_up, decision.restart_number, decision.backoff_seconds) == (False, 1, 1)
    # Five more restarts are allowed again before it gives up.
    later = [dies_at_once(history, now) for now in (161.5, 163.5, 167.5, 175.5)]
    assert [decision.give_up for decision in later] == [False] * 4
    assert history.died(192).give_up


def test_a_run_just_short_of_the_window_keeps_the_growing_wait():
    history = PartHistory(POLICY)
    history.started(0)
    for now in (1, 3, 7):
        dies_at_once(history, now)
    history.started(20)
    assert history.died(79.9).backoff_seconds == 8


@pytest.mark.parametrize("arguments", [
    {"max_restarts": 0}, {"window_seconds": 0}, {"first_backoff_seconds": 0},
    {"first_backoff_seconds": 5, "max_backoff_seconds": 2},
])
def test_a_policy_that_could_never_restart_or_never_wait_is_refused(arguments):
    with pytest.raises(ValueError):
        RestartPolicy(**arguments)
