"""The municipality's insight page for managers (and advisors, read-only): how much the assistant solves,
where it fails, and what users think of its answers, as figures with charts, tables and CSV. Every
figure is a count over many people; and the "was this helpful?" thumbs that feed one of them."""
from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from aiohttp import web
from aiohttp_session import get_session

from bot.chat_input import language_of_request
from bot.gateway.auth import current_user, require_user
from bot.gateway.http import DATABASE, PAGES_DIR, BadRequest, read_json_object
from bot.insight_charts import chart_svg
from bot.rules.benefits.answers import load_topics
from bot.rules.insight import (
    DANISH_TIME, FIGURE_KEYS, JOURNEY_NAMES_DA, JOURNEYS, Figure, build_figures, figure_csv, is_feedback_topic,
    topic_titles_da,
)
from bot.store.feedback import record_feedback
from bot.store.insight import insight_counts

INSIGHT_ROLES = ("manager", "advisor")
STAFF_ONLY = ("Kun ledere og jobrådgivere har adgang til indsigtssiden.",
              "Only managers and job advisors have access to the insight page.")
DEFAULT_DAYS = 30
# A longer period is a job for the database; two years covers every comparison a year back.
MAX_DAYS = 731
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Ratings one login may give: far more than a conversation offers, few enough that nobody fills the table.
MAX_RATINGS_PER_LOGIN = 200
RATINGS_GIVEN = "feedback_given"
# The page asks for the figures and then for each chart: the figures of a period are made once and
# kept a minute (they hold counts only), so the charts cost no second count.
FIGURES_KEPT_SECONDS = 60
FIGURES_KEPT_PERIODS = 16
FIGURE_CACHE = web.AppKey("insight_figures", dict)


@lru_cache(maxsize=1)
def benefit_topic_titles() -> Dict[str, str]:
    return {key: topic.title("da") for key, topic in load_topics().items()}


def _date_of(request: web.Request, name: str, default: date) -> date:
    value = request.query.get(name, "").strip()
    if not value:
        return default
    try:
        if not _DATE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(400, f"{name} skal være en dato som ÅÅÅÅ-MM-DD, fx 2025-05-31.",
                         f"{name} must be a date as YYYY-MM-DD, e.g. 2025-05-31.")


def period_and_journey(request: web.Request) -> Tuple[date, date, Optional[str]]:
    """?from=&to=&journey= (the last 30 days and every journey when left out); 400 with the reason."""
    today = datetime.now(DANISH_TIME).date()
    last = _date_of(request, "to", today)
    first = _date_of(request, "from", last - timedelta(days=DEFAULT_DAYS - 1))
    if last < first:
        raise BadRequest(400, "Til-datoen ligger før fra-datoen.", "The to date is before the from date.")
    if (last - first).days + 1 > MAX_DAYS:
        raise BadRequest(400, f"Vælg en periode på højst {MAX_DAYS} dage.",
                         f"Choose a period of at most {MAX_DAYS} days.")
    journey = request.query.get("journey", "").strip() or None
    if journey is not None and journey not in JOURNEYS:
        raise BadRequest(400, "Ukendt forløb. Vælg et af: " + ", ".join(JOURNEYS) + ".",
                         "Unknown journey. Choose one of: " + ", ".join(JOURNEYS) + ".")
    return first, last, journey


async def require_insight_reader(request: web.Request) -> Dict[str, str]:
    user = await require_user(request)
    if user["role"] not in INSIGHT_ROLES:
        raise BadRequest(403, *STAFF_ONLY)
    return user


async def figures_of(request: web.Request) -> Tuple[date, date, Optional[str], List[Figure]]:
    await require_insight_reader(request)
    first, last, journey = period_and_journey(request)
    titles = topic_titles_da(benefit_topic_titles())
    cache, key, now = request.app[FIGURE_CACHE], (first, last, journey), time.monotonic()
    kept = cache.get(key)
    if kept is not None and kept[0] > now:
        return first, last, journey, kept[1]

    def work(session):
        return build_figures(insight_counts(session, first, last), first, last, journey, titles)

    figures = await request.app[DATABASE].run(work)
    for stale in [old for old, (until, _) in cache.items() if until <= now]:
        del cache[stale]
    if len(cache) >= FIGURES_KEPT_PERIODS:
        cache.pop(next(iter(cache)))
    cache[key] = (now + FIGURES_KEPT_SECONDS, figures)
    return first, last, journey, figures


async def insight_page(request: web.Request) -> web.StreamResponse:
    """For managers and advisors: others are sent to the chat page to log in, or told why not."""
    user = await current_user(request)
    if user is None:
        raise web.HTTPFound("/")
    if user["role"] not in INSIGHT_ROLES:
        language = language_of_request(None, request.headers.get("Accept-Language", ""))
        return web.Response(status=403, text=STAFF_ONLY[1 if language == "en" else 0])
    return web.FileResponse(PAGES_DIR / "insight.html")


async def insight(request: web.Request) -> web.Response:
    first, last, journey, figures = await figures_of(request)
    query = f"from={first.isoformat()}&to={last.isoformat()}" + (f"&journey={journey}" if journey else "")
    body = {
        "from": first.isoformat(), "to": last.isoformat(), "journey": journey,
        "journeys": [{"key": key, "name": JOURNEY_NAMES_DA[key]} for key in JOURNEYS],
        "figures": [{**figure.as_json(), "csv": f"/api/insight/{figure.key}.csv?{query}",
                     "svg": f"/api/insight/{figure.key}.svg?{query}"} for figure in figures],
    }
    return web.json_response(body)


async def _figure(request: web.Request) -> Tuple[date, date, Figure]:
    key = request.match_info["figure"]
    if key not in FIGURE_KEYS:
        raise BadRequest(404, "Den figur findes ikke.", "There is no such figure.")
    first, last, journey, figures = await figures_of(request)
    figure = next((figure for figure in figures if figure.key == key), None)
    if figure is None:
        raise BadRequest(404, "Figuren hører ikke til det valgte forløb.",
                         "The figure does not belong to the chosen journey.")
    return first, last, figure


async def figure_as_csv(request: web.Request) -> web.Response:
    first, last, figure = await _figure(request)
    name = f"indsigt-{figure.key}-{first.isoformat()}-{last.isoformat()}.csv"
    # The byte order mark tells a spreadsheet the file is UTF-8, so æ, ø and å come out right.
    return web.Response(body=("\ufeff" + figure_csv(figure)).encode("utf-8"), content_type="text/csv",
                        charset="utf-8", headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def figure_as_svg(request: web.Request) -> web.Response:
    _, _, figure = await _figure(request)
    return web.Response(text=chart_svg(figure), content_type="image/svg+xml", charset="utf-8")


async def feedback(request: web.Request) -> web.Response:
    """A thumb up or down under an answer: {"topic": "...", "helpful": true|false}. Kept with the topic and
    the user's role only."""
    user = await require_user(request)
    body = await read_json_object(request)
    topic, helpful = body.get("topic"), body.get("helpful")
    if not is_feedback_topic(topic, benefit_topic_titles()) or not isinstance(helpful, bool):
        raise BadRequest(400, "Send et kendt emne (topic) og helpful som true eller false.",
                         "Send a known topic and helpful as true or false.")
    session = await get_session(request)
    given = session.get(RATINGS_GIVEN, 0)
    if not isinstance(given, int) or given >= MAX_RATINGS_PER_LOGIN:
        raise BadRequest(429, "Tak, vi har fået mange vurderinger fra dig.",
                         "Thank you, we have many ratings from you.")
    await request.app[DATABASE].run(record_feedback, topic, helpful, user["role"])
    session[RATINGS_GIVEN] = given + 1
    return web.json_response({"stored": True}, status=201)


def add_insight_routes(app: web.Application) -> None:
    app[FIGURE_CACHE] = {}
    app.router.add_routes([
        web.get("/insight", insight_page),
        web.get("/api/insight", insight),
        web.get("/api/insight/{figure}.csv", figure_as_csv),
        web.get("/api/insight/{figure}.svg", figure_as_svg),
        web.post("/api/feedback", feedback),
    ])
