"""Logins kept on the server: logout, idleness and age end them, so a saved copy of the session cookie
stops working; the gateway app on SQLite and PostgreSQL, with no Rasa behind it."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.gateway.app import SESSION_COOKIE
from bot.settings import load_settings
from bot.store import login_sessions
from bot.store.handoff import open_case
from bot.store.models import LoginSession, utcnow
from tests.helpers import login


def session_cookie(client) -> str:
    [cookie] = [c for c in client.session.cookie_jar if c.key == SESSION_COOKIE]
    return cookie.value


def with_cookie(value: str, **headers) -> dict:
    return {"Cookie": f"{SESSION_COOKIE}={value}", **headers}


def last_seen(database, idle_minutes=None, logged_in_hours_ago=None):
    """Moves every login's last activity back by `idle_minutes` (and its start back by
    `logged_in_hours_ago`); returns the logins' last activity times as they are after that."""
    def work(session):
        logins = session.execute(select(LoginSession)).scalars().all()
        for row in logins:
            if idle_minutes is not None:
                row.last_seen_at = utcnow() - timedelta(minutes=idle_minutes)
            if logged_in_hours_ago is not None:
                row.created_at = utcnow() - timedelta(hours=logged_in_hours_ago)
        session.flush()
        return [login_sessions._as_utc(row.last_seen_at) for row in logins]
    return database.run_sync(work)


async def error_of(response) -> str:
    return (await response.json())["error"]


async def test_a_cookie_saved_before_logout_is_refused_after_it(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    await login(client, "citizen", "leaver-1")
    saved = session_cookie(client)
    assert (await client.get("/api/me/journal")).status == 200
    assert (await client.post("/api/logout", json={})).status == 200
    assert database.run_sync(lambda s: s.execute(select(LoginSession)).scalars().all()) == []

    client.session.cookie_jar.clear()
    replayed = await client.get("/api/me/journal", headers=with_cookie(saved))
    assert replayed.status == 401
    assert await error_of(replayed) == "Du er logget ud. Log ind igen for at fortsætte."
    chat = await client.post("/api/chat", json={"message": "hej"}, headers=with_cookie(saved))
    assert chat.status == 401
    english = await client.get("/api/chat/updates", headers=with_cookie(saved, **{"Accept-Language": "en"}))
    assert await error_of(english) == "You have been logged out. Please log in again to continue."
    info = await (await client.get("/api/session", headers=with_cookie(saved))).json()
    assert info["user"] is None and "logget ud" in info["notice"]


async def test_a_citizen_idle_for_30_minutes_is_logged_out_with_a_polite_401(gateway_without_rasa):
    client, settings, database = await gateway_without_rasa()
    assert settings.session_idle_minutes_citizen == 30
    await login(client, "citizen", "idle-1")
    last_seen(database, idle_minutes=29)
    assert (await client.get("/api/me/journal")).status == 200
    [seen] = last_seen(database)
    assert utcnow() - seen < timedelta(minutes=1)  # a request is activity: 30 more minutes from now

    saved = session_cookie(client)
    last_seen(database, idle_minutes=31)
    response = await client.get("/api/me/journal")
    assert response.status == 401
    assert await error_of(response) == ("Du er blevet logget ud, fordi du ikke har brugt siden i 30 minutter. "
                                        "Log ind igen for at fortsætte.")
    client.session.cookie_jar.clear()
    again = await client.get("/api/me/profile", headers=with_cookie(saved, **{"Accept-Language": "en-GB"}))
    assert again.status == 401
    assert await error_of(again) == "You have been logged out. Please log in again to continue."


async def test_the_idle_notice_is_in_english_for_english_users_and_shown_at_the_login(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    await login(client, "citizen", "idle-en")
    last_seen(database, idle_minutes=45)
    info = await (await client.get("/api/session", headers={"Accept-Language": "en"})).json()
    assert info["user"] is None
    assert info["notice"] == ("You have been logged out because you had not used the page for 30 minutes. "
                              "Please log in again to continue.")


@pytest.mark.parametrize("role, route, minutes_ok, minutes_out", [
    ("employer", "/api/me/vacancies", 59, 61),
    ("advisor", "/api/advisor/vacancies", 59, 61),
    ("citizen", "/api/me/journal", 29, 31),
])
async def test_each_role_has_its_own_idle_time(gateway_without_rasa, role, route, minutes_ok, minutes_out):
    client, settings, database = await gateway_without_rasa()
    await login(client, role, f"idle-{role}")
    last_seen(database, idle_minutes=minutes_ok)
    assert (await client.get(route)).status == 200
    last_seen(database, idle_minutes=minutes_out)
    response = await client.get(route)
    assert response.status == 401
    assert f"{int(settings.idle_timeout(role).total_seconds() // 60)} minutter" in await error_of(response)


async def test_a_login_ends_after_eight_hours_however_active(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    await login(client, "citizen", "all-day")
    last_seen(database, idle_minutes=1, logged_in_hours_ago=8.1)
    response = await client.get("/api/me/journal")
    assert response.status == 401
    assert "logget ind i 8 timer" in await error_of(response)


async def test_polling_keeps_an_idle_login_alive_only_while_waiting_for_a_person(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    await login(client, "citizen", "poller")
    [before] = last_seen(database, idle_minutes=20)
    assert (await client.get("/api/chat/updates?after=0")).status == 200
    assert last_seen(database) == [before]  # the page's polling every 3 seconds is not the user

    database.run_sync(lambda s: open_case(s, role="citizen", external_id="poller", name="", language="da",
                                          reason_code="asked_for_person", contact_wish="chat", phone=None,
                                          summary={}))
    body = await (await client.get("/api/chat/updates?after=0")).json()
    assert body["handoff"]["queue_position"] == 1
    [seen] = last_seen(database)
    assert utcnow() - seen < timedelta(minutes=1)  # waiting in the queue is not idleness


async def test_the_advisor_workspace_polling_keeps_no_idle_login_alive(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    await login(client, "advisor", "watcher")
    [before] = last_seen(database, idle_minutes=50)
    assert (await client.get("/api/advisor/cases?status=active")).status == 200
    assert last_seen(database) == [before]
    last_seen(database, idle_minutes=61)
    assert (await client.get("/api/advisor/cases?status=active")).status == 401


async def test_logging_in_again_in_the_same_browser_ends_the_earlier_login(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    await login(client, "citizen", "first-user")
    first = session_cookie(client)
    await login(client, "citizen", "second-user")
    assert (await client.get("/api/me/journal")).status == 200
    client.session.cookie_jar.clear()
    assert (await client.get("/api/me/journal", headers=with_cookie(first))).status == 401
    assert len(database.run_sync(lambda s: s.execute(select(LoginSession)).scalars().all())) == 1


def test_logins_that_can_no_longer_be_used_are_cleared_out_at_the_next_login(db):
    from bot.store.users import record_login

    user_id = db.run_sync(lambda s: record_login(s, "citizen", "old-logins", "").id)
    long_ago = utcnow() - timedelta(hours=9)
    db.run_sync(login_sessions.start, user_id, timedelta(hours=8), long_ago)
    token = db.run_sync(login_sessions.start, user_id, timedelta(hours=8))
    assert len(db.run_sync(lambda s: s.execute(select(LoginSession)).scalars().all())) == 1
    assert db.run_sync(login_sessions.check, token, timedelta(minutes=30), timedelta(hours=8), True) == "active"
    assert db.run_sync(login_sessions.check, "not-a-token", timedelta(minutes=30), timedelta(hours=8), True) \
        == "ended"


def test_the_session_settings_have_defaults_and_refuse_nonsense():
    base = {"RASA_TOKEN": "t", "SESSION_SECRET": "s", "ACTION_SERVER_TOKEN": "a", "JOBASSISTENT_VAR_DIR": "/tmp"}
    settings = load_settings(base)
    assert [settings.idle_timeout(role) for role in ("citizen", "employer", "advisor")] == [
        timedelta(minutes=30), timedelta(minutes=60), timedelta(minutes=60)]
    assert settings.session_max_hours == 8
    assert load_settings({**base, "SESSION_IDLE_MINUTES_ADVISOR": "15"}).idle_timeout("advisor") == timedelta(minutes=15)
    for name, value in [("SESSION_IDLE_MINUTES_CITIZEN", "0"), ("SESSION_IDLE_MINUTES_EMPLOYER", "abc"),
                        ("SESSION_IDLE_MINUTES_ADVISOR", "481"), ("SESSION_MAX_HOURS", "25")]:
        with pytest.raises(ValueError, match=name):
            load_settings({**base, name: value})
