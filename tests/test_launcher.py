"""Setup pieces of `make run`: training only on change, Rasa's endpoints, finding a Python."""
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import yaml

from bot.launcher import endpoints_yaml, model_fingerprint, tracker_store_config
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
        "type": "SQL", "dialect": "sqlite", "db": "/srv/var/j.db"}
    assert tracker_store_config("postgresql://u:p@db.local:5433/jobs") == {
        "type": "SQL", "dialect": "postgresql", "db": "jobs", "url": "db.local", "port": 5433,
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
