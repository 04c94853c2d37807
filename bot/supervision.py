"""When a part of the service that died is started again, and when the launcher gives up on it: the
restart policy alone, with the time passed in, so it is tested without processes or sleeping."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List


@dataclass(frozen=True)
class RestartPolicy:
    """A part is started again at most `max_restarts` times within `window_seconds`; the next death in
    that window gives up. The wait before each restart doubles from `first_backoff_seconds` up to
    `max_backoff_seconds`. A part that ran a whole window without dying starts afresh."""
    max_restarts: int = 5
    window_seconds: float = 60.0
    first_backoff_seconds: float = 1.0
    max_backoff_seconds: float = 30.0

    def __post_init__(self) -> None:
        if self.max_restarts < 1 or self.window_seconds <= 0:
            raise ValueError("max_restarts must be at least 1 and window_seconds above 0")
        if not 0 < self.first_backoff_seconds <= self.max_backoff_seconds:
            raise ValueError("first_backoff_seconds must be above 0 and at most max_backoff_seconds")

    def backoff_seconds(self, deaths_in_a_row: int) -> float:
        """The wait before restarting a part that died `deaths_in_a_row` times without a stable run."""
        doublings = min(max(deaths_in_a_row, 1) - 1, 62)  # beyond that the cap has long been reached
        return min(self.first_backoff_seconds * 2 ** doublings, self.max_backoff_seconds)


@dataclass(frozen=True)
class RestartDecision:
    give_up: bool
    # Restarts within the window so far, this one included (when not giving up).
    restart_number: int
    backoff_seconds: float
    restart_at: float


@dataclass
class PartHistory:
    """One part's deaths, as the launcher sees them: `started` each time it starts the part, `died`
    each time it finds the part gone."""
    policy: RestartPolicy
    started_at: float = 0.0
    deaths_in_a_row: int = 0
    recent_deaths: List[float] = field(default_factory=list)

    def started(self, now: float) -> None:
        self.started_at = now

    def died(self, now: float) -> RestartDecision:
        if now - self.started_at >= self.policy.window_seconds:
            self.deaths_in_a_row = 0
            self.recent_deaths.clear()
        self.deaths_in_a_row += 1
        self.recent_deaths = [death for death in self.recent_deaths if now - death < self.policy.window_seconds]
        self.recent_deaths.append(now)
        # Each death in the window asks for one more restart; the one past max_restarts is refused.
        restart_number = len(self.recent_deaths)
        backoff = self.policy.backoff_seconds(self.deaths_in_a_row)
        return RestartDecision(give_up=restart_number > self.policy.max_restarts, restart_number=restart_number,
                               backoff_seconds=backoff, restart_at=now + backoff)
