"""What the gateway, Rasa and the action server share to be watched: the Prometheus metrics, the request
id that follows one message through all three, and JSON log lines that carry it.

The three are separate processes, so with PROMETHEUS_MULTIPROC_DIR set (the launcher sets it) each writes
its metrics to files there and the gateway's /metrics adds them up; without it (unit tests, one process)
the metrics live in this process's default registry."""
from __future__ import annotations

import logging
import os
import re
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterable, Iterator, Mapping, Optional

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
# The key of the request id in a user message's metadata, where the actions find it in the tracker.
REQUEST_ID_METADATA_KEY = "request_id"
# Which of the launcher's processes this is ("gateway", "rasa", "actions-2", ...), for the log lines.
PROCESS_NAME_VARIABLE = "JOBASSISTENT_PROCESS"
MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"

# An id from outside is taken only when it cannot smuggle anything into a log line or a label.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")

current_request_id: ContextVar[Optional[str]] = ContextVar("request_id", default=None)

# Up to Rasa's timeout and beyond it (RASA_TIMEOUT_SECONDS is 30 by default).
_REQUEST_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0)
_ACTION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# From seconds to a working day: how long a citizen waits for an advisor.
_CLAIM_WAIT_BUCKETS = (10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 28800, 86400)

HTTP_REQUEST_SECONDS = Histogram(
    "jobassistent_http_request_duration_seconds",
    "Time the gateway took to answer a request, by route and method.",
    ["route", "method"], buckets=_REQUEST_BUCKETS)
HTTP_ERRORS = Counter(
    "jobassistent_http_errors_total",
    "Gateway requests that ended in a server error (5xx answer or an exception), by route.",
    ["route", "status_class"])
RASA_REQUEST_SECONDS = Histogram(
    "jobassistent_rasa_request_duration_seconds",
    "Time of each call from the gateway to Rasa, by kind of call.",
    ["operation"], buckets=_REQUEST_BUCKETS)
RASA_ERRORS = Counter(
    "jobassistent_rasa_errors_total",
    "Calls from the gateway to Rasa that failed (no answer in time, or an error), by kind of call.",
    ["operation"])
ACTION_SECONDS = Histogram(
    "jobassistent_action_duration_seconds",
    "Time the action server took to run a custom action, by action.",
    ["action"], buckets=_ACTION_BUCKETS)
ACTION_ERRORS = Counter(
    "jobassistent_action_errors_total",
    "Custom action runs that ended in a server error, by action.",
    ["action"])
CHAT_TURN_WAIT_SECONDS = Histogram(
    "jobassistent_chat_turn_wait_seconds",
    "Time a chat message waited for its turn with Rasa (the admission queue), including those turned away.",
    buckets=_REQUEST_BUCKETS)
HANDOFF_CLAIM_WAIT_SECONDS = Histogram(
    "jobassistent_handoff_claim_wait_seconds",
    "Time from a handoff case's creation until an advisor claimed it.",
    buckets=_CLAIM_WAIT_BUCKETS)


def safe_request_id(value: object) -> Optional[str]:
    """`value` when it is a plain token of 8 to 64 letters, digits and dashes; otherwise None."""
    if isinstance(value, str) and _SAFE_REQUEST_ID.fullmatch(value):
        return value
    return None


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextmanager
def request_id_context(request_id: Optional[str]) -> Iterator[None]:
    """The log lines (and threads started with asyncio.to_thread) inside carry `request_id`."""
    token = current_request_id.set(request_id)
    try:
        yield
    finally:
        current_request_id.reset(token)


def this_process_name(default: str) -> str:
    return os.environ.get(PROCESS_NAME_VARIABLE) or default


def log_format_from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """LOG_FORMAT as bot.settings reads it, for Rasa's process, which loads no settings of ours."""
    return "json" if (environ.get("LOG_FORMAT") or "").strip().lower() == "json" else "text"


class RequestIdFilter(logging.Filter):
    """Gives every record the request id of the work it was written in (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


def json_formatter(process_name: str) -> JsonFormatter:
    """One JSON object a line: time, level, logger, process, request_id, message (and a traceback).
    The message is the log call's own text; no log call of ours puts a user's words in it."""
    return JsonFormatter(
        "{levelname}{name}{message}{request_id}", style="{", timestamp="time",
        rename_fields={"levelname": "level", "name": "logger"}, static_fields={"process": process_name},
        json_ensure_ascii=False,
    )


# Sanic's loggers do not pass their records on to the root logger (Rasa and rasa-sdk switch that off).
_SANIC_LOGGERS = ("sanic.root", "sanic.error")


def configure_logging(log_format: str, process_name: str) -> None:
    """With log_format "json", every record of this process goes out as a JSON line on stderr (which the
    launcher writes to the process's log file). With "text", the process keeps the logging it has."""
    if log_format != "json":
        return
    root = logging.getLogger()
    if any(isinstance(handler.formatter, JsonFormatter) for handler in root.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(json_formatter(process_name))
    handler.addFilter(RequestIdFilter())
    for replaced in root.handlers[:]:
        for kept_filter in replaced.filters:  # e.g. Rasa's filter of repeated lines
            handler.addFilter(kept_filter)
        root.removeHandler(replaced)
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    for name in _SANIC_LOGGERS:
        sanic_logger = logging.getLogger(name)
        for replaced in sanic_logger.handlers[:]:
            sanic_logger.removeHandler(replaced)
        sanic_logger.addHandler(handler)


def _scrape_registry() -> CollectorRegistry:
    if os.environ.get(MULTIPROCESS_DIR_VARIABLE):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return registry
    return REGISTRY


class _WithExtraMetrics:
    """A registry's metrics followed by metrics computed for this one scrape."""

    def __init__(self, registry: CollectorRegistry, extra: Iterable[Metric]) -> None:
        self._registry, self._extra = registry, list(extra)

    def collect(self) -> Iterator[Metric]:
        yield from self._registry.collect()
        yield from self._extra


def metrics_exposition(extra: Iterable[Metric] = ()) -> bytes:
    """Every process's metrics and `extra` in Prometheus' text format. Reads files in multiprocess mode:
    run it off the event loop."""
    return generate_latest(_WithExtraMetrics(_scrape_registry(), extra))


def handoff_queue_metrics(cases_by_status: Mapping[str, int], oldest_unclaimed_seconds: float) -> list:
    """The handoff queue as gauges, from numbers read from the database at scrape time."""
    active = GaugeMetricFamily("jobassistent_handoff_cases_active",
                               "Handoff cases not closed, by status (open: waiting for an advisor; "
                               "claimed: an advisor has it).", labels=["status"])
    for status in ("open", "claimed"):
        active.add_metric([status], cases_by_status.get(status, 0))
    oldest = GaugeMetricFamily("jobassistent_handoff_oldest_unclaimed_seconds",
                               "Age of the oldest case no advisor has claimed yet (0 when none waits).",
                               value=oldest_unclaimed_seconds)
    return [active, oldest]
