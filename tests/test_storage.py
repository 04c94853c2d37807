"""Migrations and repositories on the embedded SQLite default and on a real PostgreSQL server."""
import pytest
from sqlalchemy import inspect, select, text

from bot.store.db import make_engine
from bot.migrate import downgrade, upgrade
from bot.store.models import User
from bot.store.users import InvalidLogin, find_user, record_login, validate_login


def test_migrations_go_up_and_down_and_leave_rasa_tables_alone(database_url):
    upgrade(database_url)
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY)"))
    assert {"users", "alembic_version", "events"} <= set(inspect(engine).get_table_names())
    downgrade(database_url, "base")
    tables = set(inspect(engine).get_table_names())
    assert "users" not in tables and "events" in tables
    upgrade(database_url)
    assert "users" in set(inspect(engine).get_table_names())
    engine.dispose()


def test_login_is_recorded_once_per_user_and_updates_the_name(db):
    first = db.run_sync(record_login, "citizen", "borger-1", "Anna")
    again = db.run_sync(record_login, "citizen", "borger-1", "Anna Hansen")
    other_role = db.run_sync(record_login, "advisor", "borger-1", "")
    assert first.id == again.id != other_role.id
    found = db.run_sync(find_user, "citizen", "borger-1")
    assert found.display_name == "Anna Hansen"
    assert found.conversation_id == "citizen-borger-1"
    count = db.run_sync(lambda session: len(session.execute(select(User)).scalars().all()))
    assert count == 2


async def test_database_work_runs_off_the_event_loop(db):
    user = await db.run(record_login, "employer", "firma-7", "Bager Hansen")
    assert user.role == "employer" and user.display_name == "Bager Hansen"


@pytest.mark.parametrize("role, user_id, name", [
    ("admin", "x", ""), ("citizen", "", ""), ("citizen", "a b", ""), ("citizen", "x" * 65, ""),
    ("citizen", "<script>", ""), ("citizen", 7, ""), ("citizen", "ok", ["list"]),
])
def test_invalid_logins_are_refused(role, user_id, name):
    with pytest.raises(InvalidLogin):
        validate_login(role, user_id, name)


def test_valid_login_is_trimmed_and_long_names_are_cut():
    assert validate_login("citizen", " borger-1 ", " Anna ") == ("citizen", "borger-1", "Anna")
    assert len(validate_login("advisor", "r1", "n" * 500)[2]) == 100
