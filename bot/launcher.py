"""Sets up and starts everything on one machine: `python -m bot.launcher [run|train|endpoints]`.

`run` applies migrations, trains the model only when its inputs changed, writes Rasa's endpoints
file from the settings, starts the action server, Rasa and the gateway, waits until all three
answer, prints the URL and stops all three on Ctrl-C.
"""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional

from sqlalchemy.engine import make_url

from bot.internal_auth import SECRET_HEADER
from bot.private_files import (
    PRIVATE_UMASK, keep_new_files_private, make_private, open_private, write_private_text,
)
from bot.settings import PROJECT_ROOT, Settings, load_settings

MODEL_NAME = "jobassistent"
MODELS_DIR = PROJECT_ROOT / "models"
# Everything that changes what `rasa train` produces.
MODEL_INPUTS = ["config.yml", "domain.yml", "data", "components", "bot/text.py"]
# Read by the actions or the gateway, not by `rasa train`: a municipality's yearly rates update, or a
# health word added to data/privacy/, needs no retraining.
NOT_MODEL_INPUTS = ["data/answers", "data/rates", "data/privacy"]
STARTUP_TIMEOUT_SECONDS = 300


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def model_fingerprint(root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256()
    for name in MODEL_INPUTS:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.suffix in {".pyc"} or "__pycache__" in file.parts:
                continue
            if any(file.is_relative_to(root / skipped) for skipped in NOT_MODEL_INPUTS):
                continue
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def model_path(models_dir: Path = MODELS_DIR) -> Path:
    return models_dir / f"{MODEL_NAME}.tar.gz"


def ensure_model(models_dir: Path = MODELS_DIR, root: Path = PROJECT_ROOT) -> Path:
    """Trains only when the inputs changed since the last model; returns the model's path."""
    fingerprint_file = models_dir / f"{MODEL_NAME}.fingerprint"
    fingerprint = model_fingerprint(root)
    model = model_path(models_dir)
    if model.exists() and fingerprint_file.exists() and fingerprint_file.read_text() == fingerprint:
        print(f"Modellen er opdateret ({model.relative_to(root)}); springer træning over.")
        return model
    print("Træner Rasa-modellen (data, domain.yml eller config.yml er ændret) ...", flush=True)
    subprocess.run(
        [_bin("rasa"), "train", "--fixed-model-name", MODEL_NAME, "--out", str(models_dir),
         "--force"],
        cwd=root, check=True,
    )
    fingerprint_file.write_text(fingerprint)
    return model


def tracker_store_config(database_url: str) -> Dict[str, object]:
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return {"type": "SQL", "dialect": "sqlite", "db": url.database}
    config: Dict[str, object] = {"type": "SQL", "dialect": backend, "db": url.database}
    for key, value in (("url", url.host), ("port", url.port), ("username", url.username),
                       ("password", url.password)):
        if value is not None:
            config[key] = value
    return config


def endpoints_yaml(settings: Settings) -> str:
    import yaml

    endpoints = {
        # Rasa reads the secret from its environment when it loads this file, so the file holds none.
        "action_endpoint": {"url": f"{settings.action_server_url}/webhook",
                            "headers": {SECRET_HEADER: "${ACTION_SERVER_TOKEN}"}},
        "tracker_store": tracker_store_config(settings.database_url),
        "lock_store": {"type": "in_memory"},
    }
    return yaml.safe_dump(endpoints, sort_keys=False)


def write_endpoints(settings: Settings) -> Path:
    path = settings.var_dir / "endpoints.yml"
    make_private(settings.var_dir)
    write_private_text(path, endpoints_yaml(settings))
    return path


def server_commands(settings: Settings, model: Path, endpoints: Path) -> Dict[str, List[str]]:
    """No secret on a command line (`ps` shows them to everyone): they go in the environment. Rasa's
    HTTP API stays off; the gateway talks to the channel in credentials.yml (bot/rasa_channel.py)."""
    return {
        "actions": [sys.executable, "-m", "actions.server", "--host", settings.host,
                    "--port", str(settings.action_port)],
        "rasa": [_bin("rasa"), "run",
                 "--interface", settings.host, "--port", str(settings.rasa_port),
                 "--model", str(model), "--endpoints", str(endpoints),
                 "--credentials", str(PROJECT_ROOT / "credentials.yml")],
        "gateway": [sys.executable, "-m", "bot.gateway"],
    }


def server_environment(settings: Settings) -> Dict[str, str]:
    env = dict(os.environ)
    env["JOBASSISTENT_VAR_DIR"] = str(settings.var_dir)
    env["DATABASE_URL"] = settings.database_url
    env["RASA_TOKEN"] = settings.rasa_token
    env["SESSION_SECRET"] = settings.session_key
    env["ACTION_SERVER_TOKEN"] = settings.action_server_token
    env["OPENING_HOURS"] = settings.opening_hours
    env["SICK_LEAVE_THRESHOLD_WEEKS"] = str(settings.sick_leave_threshold_weeks)
    env["SMALLJOB_MIN_HOURS"] = str(settings.vacancy_min_hours)
    env["SMALLJOB_MAX_HOURS"] = str(settings.vacancy_max_hours)
    env["RATE_LIMIT_POSTINGS_PER_EMPLOYER"] = settings.rate_limit_postings_per_employer
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return env


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def start_servers(settings: Settings, model: Path, log_dir: Path,
                  names: tuple = ("actions", "rasa", "gateway")) -> Dict[str, subprocess.Popen]:
    endpoints = write_endpoints(settings)
    make_private(log_dir)
    processes = {}
    for name, command in server_commands(settings, model, endpoints).items():
        if name not in names:
            continue
        with open_private(log_dir / f"{name}.log") as log_file:
            processes[name] = subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=server_environment(settings), stdout=log_file,
                stderr=subprocess.STDOUT, start_new_session=True, umask=PRIVATE_UMASK,
            )
    return processes


def wait_until_up(settings: Settings, processes: Dict[str, subprocess.Popen],
                  timeout: float = STARTUP_TIMEOUT_SECONDS) -> Optional[str]:
    """Returns None when all answer, or the name of the part that died or never answered."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                return name
        if _answers(f"http://127.0.0.1:{settings.gateway_port}/healthz"):
            return None
        time.sleep(1)
    return "timeout"


def stop_servers(processes: Dict[str, subprocess.Popen]) -> None:
    for process in processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _tail(path: Path, lines: int = 25) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def run() -> int:
    from bot.migrate import upgrade

    keep_new_files_private()
    settings = load_settings()
    upgrade(settings.database_url)
    model = ensure_model()
    log_dir = settings.var_dir / "log"
    print("Starter action-server, Rasa og gateway ...", flush=True)
    processes = start_servers(settings, model, log_dir)

    stopping = False

    def request_stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    failed = wait_until_up(settings, processes)
    if failed and not stopping:
        print(f"\nKunne ikke starte: {failed}. Se logfilerne i {log_dir}:", file=sys.stderr)
        log_name = failed if failed in processes else "rasa"
        print(_tail(log_dir / f"{log_name}.log"), file=sys.stderr)
        stop_servers(processes)
        return 1
    if not stopping:
        print(f"\nJobassistent kører på {settings.gateway_url}  (logfiler: {log_dir})")
        print("Tryk Ctrl-C for at stoppe.", flush=True)
    while not stopping:
        died = [name for name, process in processes.items() if process.poll() is not None]
        if died:
            print(f"{', '.join(died)} stoppede uventet; se {log_dir}. Stopper resten.", file=sys.stderr)
            stop_servers(processes)
            return 1
        time.sleep(0.5)
    print("\nStopper ...", flush=True)
    stop_servers(processes)
    print("Stoppet.")
    return 0


def main(argv: List[str]) -> int:
    verb = argv[0] if argv else "run"
    try:
        if verb == "run":
            return run()
        if verb == "train":
            ensure_model()
            return 0
    except subprocess.CalledProcessError:
        print("\nTræningen af Rasa-modellen fejlede; se fejlen ovenfor (ofte i data/ eller domain.yml). "
              "`make validate` viser problemerne.", file=sys.stderr)
        return 1
    if verb == "endpoints":
        print(write_endpoints(load_settings()))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
