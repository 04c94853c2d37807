"""Setup pieces of `make run`: training only on change, Rasa's endpoints, finding a Python, and the
layout with several Rasa processes."""
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from bot import launcher
from bot.launcher import (
    endpoints_file, endpoints_yaml, lock_store_config, model_fingerprint, scale_out_problem, server_commands,
    server_environment, start_servers, tracker_store_config, write_endpoints,
)
from bot.settings import PROJECT_ROOT, load_settings


def copy_model_inputs(destination: Path) -> None:
    for name in ("config.yml", "domain.yml"):
        shutil.copy(PROJECT_ROOT / name, destination / name)
    shutil.copytree(PROJECT_ROOT / "data", destination / "data")
    shutil.copytree(PROJECT_ROOT / "components", destination / "components",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (destination / "bot").mkdir()
    shutil.copy(PROJECT_ROOT / "bot" / "text.py", destination / "bot" / "text.py")


def test_fingerprint_changes_with_training_data_and_not_otherwise(tmp_path):
    copy_model_inputs(tmp_path)
    before = model_fingerprint(tmp_path)
    assert model_fingerprint(tmp_path) == before
    (tmp_path / "README.md").write_text("not a model input")
    assert model_fingerprint(tmp_path) == before
    (tmp_path / "data" / "rates" / "2026.yml").write_text("year: 2026\nfigures: {}\n")  # next year's rates
    with open(tmp_path / "data" / "answers" / "benefits.yml", "a") as answers:
        answers.write("\n# a clearer sentence\n")
    assert model_fingerprint(tmp_path) == before
    with open(tmp_path / "data" / "nlu" / "base.yml", "a") as nlu:
        nlu.write("\n# changed\n")
    assert model_fingerprint(tmp_path) != before


def test_tracker_store_uses_the_same_database_as_the_app():
    assert tracker_store_config("sqlite:////srv/var/j.db") == {
        "type": "bot.tracker_store.WindowedSQLTrackerStore", "dialect": "sqlite", "db": "/srv/var/j.db"}
    assert tracker_store_config("postgresql://u:p@db.local:5433/jobs") == {
        "type": "bot.tracker_store.WindowedSQLTrackerStore", "dialect": "postgresql", "db": "jobs", "url": "db.local", "port": 5433,
        "username": "u", "password": "p"}


def test_endpoints_point_at_the_local_action_server(settings, tmp_path):
    # BaseLoader: as written; once Rasa is imported, safe_load would expand ${ACTION_SERVER_TOKEN}.
    endpoints = yaml.load(endpoints_yaml(replace(settings, action_port=6123)), Loader=yaml.BaseLoader)
    assert endpoints["action_endpoint"]["url"] == "http://127.0.0.1:6123/webhook"
    assert endpoints["tracker_store"]["db"] == str(tmp_path / "jobassistent.db")


def test_secrets_are_generated_once_and_kept(tmp_path):
    first = load_settings({"JOBASSISTENT_VAR_DIR": str(tmp_path)})
    second = load_settings({"JOBASSISTENT_VAR_DIR": str(tmp_path)})
    assert first.rasa_token == second.rasa_token and len(first.rasa_token) >= 32
    assert first.session_key == second.session_key != first.rasa_token
    assert oct((tmp_path / "secrets.json").stat().st_mode)[-3:] == "600"


def test_defaults_are_local_and_dev_login_is_off(tmp_path):
    settings = load_settings({"JOBASSISTENT_VAR_DIR": str(tmp_path)})
    assert settings.gateway_port == 8080 and settings.gateway_host == "127.0.0.1"
    assert settings.host == "127.0.0.1"
    assert settings.dev_login is False
    assert settings.database_url.startswith("sqlite:///")


def test_find_python_prints_a_python_rasa_can_run_on():
    found = subprocess.run([str(PROJECT_ROOT / "scripts" / "find-python.sh")],
                           capture_output=True, text=True, check=True).stdout.strip()
    version = subprocess.run([found, "-c", "import sys; print(sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert version in {"(3, 9)", "(3, 10)"}


def test_find_python_explains_what_to_install_when_there_is_none(tmp_path):
    empty_path = tmp_path / "bin"
    empty_path.mkdir()
    (empty_path / "bash").symlink_to(shutil.which("bash"))
    result = subprocess.run(
        ["/bin/bash", str(PROJECT_ROOT / "scripts" / "find-python.sh")],
        capture_output=True, text=True, env={"PATH": str(empty_path)},
    )
    assert result.returncode == 1
    assert "Python 3.9 or 3.10" in result.stderr and "pyenv install 3.10.13" in result.stderr


# --- Several Rasa processes (RASA_PROCESSES, LOCK_STORE_URL) ---

def scaled_settings(tmp_path, **environ):
    return make_settings(tmp_path, **{"RASA_PROCESSES": "3", "LOCK_STORE_URL": "redis://127.0.0.1:6380/2",
                                      "DATABASE_URL": "postgresql://u:p@127.0.0.1:5432/jobs",
                                      "RASA_PORT": "6110", "ACTION_SERVER_PORT": "6120", **environ})


def make_settings(tmp_path, **environ):
    return load_settings({"JOBASSISTENT_VAR_DIR": str(tmp_path), **environ})


def test_one_rasa_process_and_no_lock_store_by_default(tmp_path):
    settings = make_settings(tmp_path)
    assert settings.rasa_processes == 1 and settings.lock_store_url is None
    assert settings.rasa_urls == ("http://127.0.0.1:5005",) and settings.rasa_url == "http://127.0.0.1:5005"
    assert settings.action_server_urls == (settings.action_server_url,) == ("http://127.0.0.1:5055",)
    assert lock_store_config(settings.lock_store_url) == {"type": "in_memory"}
    assert scale_out_problem(settings) is None


def test_process_i_uses_the_next_ports(tmp_path):
    settings = scaled_settings(tmp_path)
    assert settings.rasa_urls == ("http://127.0.0.1:6110", "http://127.0.0.1:6111", "http://127.0.0.1:6112")
    assert settings.action_server_urls == (
        "http://127.0.0.1:6120", "http://127.0.0.1:6121", "http://127.0.0.1:6122")
    assert settings.rasa_url == "http://127.0.0.1:6110" and settings.action_server_url == "http://127.0.0.1:6120"


@pytest.mark.parametrize("value", ["0", "17", "-1", "two", "1.5", ""])
def test_rasa_processes_must_be_a_whole_number_from_1_to_16(tmp_path, value):
    with pytest.raises(ValueError, match="RASA_PROCESSES must be a whole number .* from 1 to 16"):
        make_settings(tmp_path, RASA_PROCESSES=value)


@pytest.mark.parametrize("value, reason", [
    ("127.0.0.1:6379", "must look like redis://"), ("http://127.0.0.1:6379/1", "must look like redis://"),
    ("redis:///1", "must look like redis://"), ("redis://127.0.0.1:notaport/1", "must look like redis://"),
    ("redis://127.0.0.1:6379/first", "database number"),
    ("redis://127.0.0.1:6379/1?key_prefix=job-assistent", "letters and digits"),
])
def test_a_lock_store_url_that_is_no_redis_url_is_refused_with_the_reason(tmp_path, value, reason):
    with pytest.raises(ValueError, match=reason) as refused:
        make_settings(tmp_path, LOCK_STORE_URL=value)
    assert "LOCK_STORE_URL" in str(refused.value)


def test_the_lock_store_is_a_redis_lock_store_from_the_url():
    redis_lock_store = "bot.rasa_lock_store.AtomicRedisLockStore"
    assert lock_store_config("redis://127.0.0.1:6380/2") == {
        "type": redis_lock_store, "url": "127.0.0.1", "port": 6380, "db": 2}
    assert lock_store_config("redis://locks.internal") == {
        "type": redis_lock_store, "url": "locks.internal", "port": 6379, "db": 0}
    # The password stays out of the file: Rasa reads it from its environment (server_environment).
    assert lock_store_config("rediss://bot:s%40cret@locks.internal:6390/5?key_prefix=jobassistent") == {
        "type": redis_lock_store, "url": "locks.internal", "port": 6390, "db": 5, "username": "bot",
        "password": "${LOCK_STORE_PASSWORD}", "use_ssl": True, "key_prefix": "jobassistent"}


def test_rasa_builds_its_redis_lock_store_from_the_endpoints_file(tmp_path, monkeypatch):
    from rasa.core.lock_store import LockStore
    from rasa.utils.endpoints import read_endpoint_config

    from bot.rasa_lock_store import AtomicRedisLockStore

    settings = scaled_settings(tmp_path, LOCK_STORE_URL="redis://:pw%21@127.0.0.1:6380/3?key_prefix=abc1")
    path = write_endpoints(settings)
    assert "pw!" not in path.read_text()
    for name in ("LOCK_STORE_PASSWORD", "ACTION_SERVER_TOKEN"):
        monkeypatch.setenv(name, server_environment(settings)[name])
    lock_store = LockStore.create(read_endpoint_config(str(path), "lock_store"))  # connects on first use
    assert isinstance(lock_store, AtomicRedisLockStore)
    connection = lock_store.red.connection_pool.connection_kwargs
    assert (connection["host"], connection["port"], connection["db"], connection["password"]) == (
        "127.0.0.1", 6380, 3, "pw!")
    assert lock_store.key_prefix.startswith("abc1")


def test_each_rasa_process_gets_its_own_endpoints_file_and_action_server(tmp_path):
    settings = scaled_settings(tmp_path)
    first = write_endpoints(settings)
    files = [tmp_path / "endpoints.yml", tmp_path / "endpoints-2.yml", tmp_path / "endpoints-3.yml"]
    assert first == files[0] and [endpoints_file(first, n) for n in range(3)] == files
    for process, path in enumerate(files):
        endpoints = yaml.load(path.read_text(), Loader=yaml.BaseLoader)
        assert endpoints["action_endpoint"]["url"] == f"http://127.0.0.1:{6120 + process}/webhook"
        assert endpoints["tracker_store"]["db"] == "jobs"  # one tracker store for all
        assert endpoints["lock_store"] == {"type": "bot.rasa_lock_store.AtomicRedisLockStore",
                                           "url": "127.0.0.1", "port": "6380", "db": "2"}
        assert oct(path.stat().st_mode)[-3:] == "600"

    commands = server_commands(settings, tmp_path / "model.tar.gz", first)
    assert list(commands) == ["actions", "actions-2", "actions-3", "rasa", "rasa-2", "rasa-3", "gateway"]
    for process, name in enumerate(["rasa", "rasa-2", "rasa-3"]):
        command = " ".join(commands[name])
        assert f"--port {6110 + process}" in command and f"--endpoints {files[process]}" in command
    assert [commands[name][-1] for name in ("actions", "actions-2", "actions-3")] == ["6120", "6121", "6122"]


def test_the_tracker_store_keeps_the_database_urls_options():
    # The scale-out test puts each run in a PostgreSQL schema of its own this way.
    assert tracker_store_config("postgresql://u:p@h/jobs?options=-csearch_path%3Dt_1")["query"] == {
        "options": "-csearch_path=t_1"}


def test_the_gateway_learns_every_rasa_process_from_its_environment(tmp_path):
    settings = scaled_settings(tmp_path, GATEWAY_PORT="6130")
    env = server_environment(settings)
    assert (env["RASA_PROCESSES"], env["RASA_PORT"], env["ACTION_SERVER_PORT"], env["GATEWAY_PORT"]) == (
        "3", "6110", "6120", "6130")
    gateway_settings = load_settings(env)
    assert gateway_settings.rasa_urls == settings.rasa_urls
    assert gateway_settings.action_server_urls == settings.action_server_urls
    assert "LOCK_STORE_PASSWORD" not in env


def test_more_than_one_rasa_process_needs_a_lock_store_and_postgresql(tmp_path):
    assert scale_out_problem(scaled_settings(tmp_path)) is None
    assert scale_out_problem(scaled_settings(tmp_path, RASA_PROCESSES="1", LOCK_STORE_URL="",
                                             DATABASE_URL="")) is None
    no_lock_store = scale_out_problem(scaled_settings(tmp_path, LOCK_STORE_URL=""))
    assert "RASA_PROCESSES=3 kræver LOCK_STORE_URL" in no_lock_store
    on_sqlite = scale_out_problem(scaled_settings(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'j.db'}"))
    assert "DATABASE_URL" in on_sqlite and "PostgreSQL" in on_sqlite and "SQLite" in on_sqlite
    with pytest.raises(ValueError, match="LOCK_STORE_URL"):
        start_servers(scaled_settings(tmp_path, LOCK_STORE_URL=""), tmp_path / "model.tar.gz", tmp_path / "log")


def test_the_launcher_refuses_before_touching_anything_and_names_the_setting(tmp_path, monkeypatch, capsys):
    from bot.launcher import main

    monkeypatch.setenv("JOBASSISTENT_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("RASA_PROCESSES", "2")
    monkeypatch.delenv("LOCK_STORE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    umask = os.umask(0o022)  # run() makes new files private for the whole process; not for the other tests
    try:
        assert main(["run"]) == 1
    finally:
        os.umask(umask)
    assert "LOCK_STORE_URL" in capsys.readouterr().err
    assert not (tmp_path / "jobassistent.db").exists()  # no migration ran


class FakeProcess:
    def __init__(self, alive: bool = True) -> None:
        self.alive = alive

    def poll(self):
        return None if self.alive else 1


def test_later_rasa_processes_start_once_the_first_answers(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(launcher, "_start", lambda name, *rest: started.append(name) or FakeProcess())
    asked = []
    monkeypatch.setattr(launcher, "_answers", lambda url, headers=None: asked.append(started[:]) or True)
    settings = scaled_settings(tmp_path)
    processes = start_servers(settings, tmp_path / "model.tar.gz", tmp_path / "log")
    first_wave = ["actions", "actions-2", "actions-3", "rasa", "gateway"]
    assert asked == [first_wave] and started == first_wave + ["rasa-2", "rasa-3"]
    assert set(processes) == set(started)

    started.clear()
    only = start_servers(settings, tmp_path / "model.tar.gz", tmp_path / "log", names=("rasa-2", "actions-2"))
    assert started == ["actions-2", "rasa-2"] and set(only) == {"actions-2", "rasa-2"}


def test_later_rasa_processes_are_not_started_when_the_first_dies(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(launcher, "_start",
                        lambda name, *rest: started.append(name) or FakeProcess(alive=name != "rasa"))
    monkeypatch.setattr(launcher, "_answers", lambda url, headers=None: False)
    processes = start_servers(scaled_settings(tmp_path), tmp_path / "model.tar.gz", tmp_path / "log")
    assert "rasa-2" not in processes and "rasa-3" not in processes
    assert launcher.wait_until_up(scaled_settings(tmp_path), processes, timeout=5) == "rasa"
