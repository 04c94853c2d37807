"""Sets up and starts everything on one machine: `python -m bot.launcher [run|train|endpoints]`.

`run` applies migrations, trains the model only when its inputs changed, writes Rasa's endpoints
file from the settings, starts the action server, Rasa and the gateway, waits until all three
answer and prints the URL. Then it keeps them running: a part that dies is started again on its own
(bot/supervision.py says when, and when to give up); Ctrl-C or SIGTERM stops them all gracefully.

With RASA_PROCESSES=N it starts N action servers and N Rasa processes (actions, actions-2, ...;
rasa, rasa-2, ...), each Rasa with an endpoints file of its own that points at its own action
server, all sharing one tracker store on PostgreSQL and one lock store on Redis (LOCK_STORE_URL).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence

from sqlalchemy.engine import make_url

from bot.gateway.rasa_client import CHANNEL_PATH
from bot.internal_auth import SECRET_HEADER
from bot.observability import MULTIPROCESS_DIR_VARIABLE, PROCESS_NAME_VARIABLE
from bot.private_files import (
    PRIVATE_UMASK, keep_new_files_private, make_private, open_private, write_private_text,
)
from bot.settings import PROJECT_ROOT, Settings, load_settings, redis_address
from bot.supervision import PartHistory, RestartPolicy

MODEL_NAME = "jobassistent"
MODELS_DIR = PROJECT_ROOT / "models"
# Everything that changes what `rasa train` produces.
MODEL_INPUTS = ["config.yml", "domain.yml", "data", "components", "bot/text.py"]
# The code among them, which Rasa's training cache does not look at.
MODEL_CODE = ["components", "bot/text.py"]
# Read by the actions or the gateway, not by `rasa train`: a municipality's yearly rates update, or a
# health word added to data/privacy/, needs no retraining.
NOT_MODEL_INPUTS = ["data/answers", "data/rates", "data/privacy"]
STARTUP_TIMEOUT_SECONDS = 300
# Rasa reads the lock store's password from its environment, so the endpoints file holds none.
LOCK_STORE_PASSWORD_VARIABLE = "LOCK_STORE_PASSWORD"
# Rasa's RedisLockStore, made safe for several processes (see bot/rasa_lock_store.py).
REDIS_LOCK_STORE = "bot.rasa_lock_store.AtomicRedisLockStore"
SUPERVISION_POLL_SECONDS = 0.5


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def model_fingerprint(root: Path = PROJECT_ROOT, inputs: Sequence[str] = MODEL_INPUTS) -> str:
    digest = hashlib.sha256()
    for name in inputs:
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
    # Rasa's training cache (.rasa/cache) retrains only what the changed data touches: a one-line
    # NLU edit leaves the dialogue policies alone. It cannot see our own components' code, though,
    # so a change there trains everything again.
    code_file = models_dir / f"{MODEL_NAME}.code-fingerprint"
    code = model_fingerprint(root, MODEL_CODE)
    train_everything = not model.exists() or not code_file.exists() or code_file.read_text() != code
    print("Træner Rasa-modellen (data, domain.yml eller config.yml er ændret) ...", flush=True)
    subprocess.run(
        [_bin("rasa"), "train", "--fixed-model-name", MODEL_NAME, "--out", str(models_dir)]
        + (["--force"] if train_everything else []),
        cwd=root, check=True,
    )
    fingerprint_file.write_text(fingerprint)
    code_file.write_text(code)
    return model


# Rasa's SQL tracker store, loading only the recent part of a long conversation (bot/tracker_store.py).
TRACKER_STORE = "bot.tracker_store.WindowedSQLTrackerStore"


def tracker_store_config(database_url: str) -> Dict[str, object]:
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return {"type": TRACKER_STORE, "dialect": "sqlite", "db": url.database}
    config: Dict[str, object] = {"type": TRACKER_STORE, "dialect": backend, "db": url.database}
    for key, value in (("url", url.host), ("port", url.port), ("username", url.username),
                       ("password", url.password)):
        if value is not None:
            config[key] = value
    if url.query:
        # e.g. ?options=-csearch_path%3Dname: the tracker store then lives in that schema too.
        config["query"] = dict(url.query)
    return config


def lock_store_config(lock_store_url: Optional[str]) -> Dict[str, object]:
    """A Redis lock store from a redis:// URL, with the keys of Rasa 3.6's RedisLockStore; Rasa's
    in-memory lock store without one."""
    if not lock_store_url:
        return {"type": "in_memory"}
    address = redis_address(lock_store_url)
    config: Dict[str, object] = {"type": REDIS_LOCK_STORE, "url": address.host, "port": address.port,
                                 "db": address.db}
    if address.username:
        config["username"] = address.username
    if address.password:
        config["password"] = "${%s}" % LOCK_STORE_PASSWORD_VARIABLE
    if address.use_ssl:
        config["use_ssl"] = True
    if address.key_prefix:
        config["key_prefix"] = address.key_prefix
    return config


def scale_out_problem(settings: Settings) -> Optional[str]:
    """Why more than one Rasa process cannot run with these settings, or None. Without a shared lock
    store two processes can take turns of one conversation at once and lose one; SQLite cannot be
    shared by several Rasa processes writing at once."""
    processes = settings.rasa_processes
    if processes == 1:
        return None
    if not settings.lock_store_url:
        return (f"RASA_PROCESSES={processes} kræver LOCK_STORE_URL, en Redis som Rasa-processerne deler "
                "låse i (fx redis://127.0.0.1:6379/1), så to processer ikke behandler samme samtale på "
                "én gang. Sæt LOCK_STORE_URL, eller brug scripts/run-scaled.sh, der starter en.")
    if make_url(settings.database_url).get_backend_name() == "sqlite":
        return (f"RASA_PROCESSES={processes} kræver at DATABASE_URL peger på PostgreSQL "
                "(fx postgresql://bruger:kode@127.0.0.1/jobassistent): Rasa-processerne deler én "
                "samtaledatabase, og det kan SQLite ikke. Sæt DATABASE_URL, eller brug scripts/run-scaled.sh.")
    return None


def endpoints_yaml(settings: Settings, process: int = 0) -> str:
    """The endpoints file of Rasa process `process` (0 is the first): its own action server, and the
    tracker store and lock store that all processes share."""
    import yaml

    endpoints = {
        # Rasa reads the secret from its environment when it loads this file, so the file holds none.
        "action_endpoint": {"url": f"{settings.action_server_urls[process]}/webhook",
                            "headers": {SECRET_HEADER: "${ACTION_SERVER_TOKEN}"}},
        "tracker_store": tracker_store_config(settings.database_url),
        "lock_store": lock_store_config(settings.lock_store_url),
    }
    return yaml.safe_dump(endpoints, sort_keys=False)


def process_name(kind: str, process: int) -> str:
    """The first process keeps the plain name ("rasa"); the others are "rasa-2", "rasa-3", ..."""
    return kind if process == 0 else f"{kind}-{process + 1}"


def endpoints_file(first: Path, process: int) -> Path:
    """Where process `process`'s endpoints file lies, next to the first's (endpoints.yml, endpoints-2.yml)."""
    return first if process == 0 else first.with_name(f"{first.stem}-{process + 1}{first.suffix}")


def first_endpoints_file(settings: Settings) -> Path:
    return settings.var_dir / "endpoints.yml"


def write_endpoints(settings: Settings) -> Path:
    """Writes every Rasa process's endpoints file; returns the first's."""
    first = first_endpoints_file(settings)
    make_private(settings.var_dir)
    for process in range(settings.rasa_processes):
        write_private_text(endpoints_file(first, process), endpoints_yaml(settings, process))
    return first


def server_commands(settings: Settings, model: Path, endpoints: Path) -> Dict[str, List[str]]:
    """Every process to start, by name: the action servers, the Rasa processes, then the gateway.
    `endpoints` is the first Rasa process's endpoints file (see endpoints_file for the others).
    No secret on a command line (`ps` shows them to everyone): they go in the environment. Rasa's
    HTTP API stays off; the gateway talks to the channel in credentials.yml (bot/rasa_channel.py)."""
    processes = range(settings.rasa_processes)
    commands = {
        process_name("actions", process): [
            sys.executable, "-m", "actions.server", "--host", settings.host,
            "--port", str(settings.action_port + process)]
        for process in processes
    }
    for process in processes:
        commands[process_name("rasa", process)] = [
            _bin("rasa"), "run", "--interface", settings.host, "--port", str(settings.rasa_port + process),
            "--model", str(model), "--endpoints", str(endpoints_file(endpoints, process)),
            "--credentials", str(PROJECT_ROOT / "credentials.yml")]
    commands["gateway"] = [sys.executable, "-m", "bot.gateway"]
    return commands


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
    # The gateway finds every Rasa process and action server from these.
    env["RASA_PROCESSES"] = str(settings.rasa_processes)
    env["RASA_PORT"] = str(settings.rasa_port)
    env["ACTION_SERVER_PORT"] = str(settings.action_port)
    env["GATEWAY_PORT"] = str(settings.gateway_port)
    env["LOG_FORMAT"] = settings.log_format
    # Every process writes its metrics here; the gateway's /metrics adds them up (bot/observability.py).
    env[MULTIPROCESS_DIR_VARIABLE] = str(metrics_dir(settings))
    env.pop(LOCK_STORE_PASSWORD_VARIABLE, None)
    if settings.lock_store_url:
        env["LOCK_STORE_URL"] = settings.lock_store_url
        password = redis_address(settings.lock_store_url).password
        if password:
            env[LOCK_STORE_PASSWORD_VARIABLE] = password
    else:
        env.pop("LOCK_STORE_URL", None)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return env


def metrics_dir(settings: Settings) -> Path:
    return settings.var_dir / "metrics"


def prepare_metrics_dir(settings: Settings, empty: bool) -> Path:
    """Creates the metrics folder (the owner's only). `empty` when everything starts: the files of the
    processes of an earlier run would otherwise count forever in every scrape. Starting only some
    processes keeps the files of those already running."""
    folder = metrics_dir(settings)
    if empty and folder.exists():
        shutil.rmtree(folder)
    make_private(folder)
    return folder


def _answers(url: str, headers: Optional[Dict[str, str]] = None) -> bool:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def log_file(log_dir: Path, name: str) -> Path:
    return log_dir / f"{name}.log"


def start_part(name: str, command: List[str], log_dir: Path,
               env: Optional[Dict[str, str]] = None) -> subprocess.Popen:
    """Starts one part in a process group of its own (so stopping it reaches whatever it starts),
    appending its output to its log file."""
    with open_private(log_file(log_dir, name)) as log:
        return subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            umask=PRIVATE_UMASK,
        )


def _start(name: str, command: List[str], settings: Settings, log_dir: Path) -> subprocess.Popen:
    return start_part(name, command, log_dir, {**server_environment(settings), PROCESS_NAME_VARIABLE: name})


def _first_rasa_ready(settings: Settings, first: subprocess.Popen, keep_waiting: Callable[[], bool]) -> bool:
    """Waits until the first Rasa process has its model loaded, so its tracker store table exists."""
    status_url = f"{settings.rasa_url}{CHANNEL_PATH}/status"
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline and keep_waiting() and first.poll() is None:
        if _answers(status_url, {SECRET_HEADER: settings.rasa_token}):
            return True
        time.sleep(1)
    return False


def start_servers(settings: Settings, model: Path, log_dir: Path, names: Optional[Iterable[str]] = None,
                  keep_waiting: Callable[[], bool] = lambda: True) -> Dict[str, subprocess.Popen]:
    """Starts the processes named in `names` (all by default; see server_commands). Rasa processes
    after the first start once the first answers: started together, they would all try to create
    the shared tracker store's table at once. Should the first never answer (or `keep_waiting`
    turn false), the others are not started; wait_until_up then says which part failed."""
    problem = scale_out_problem(settings)
    if problem:
        raise ValueError(problem)
    endpoints = write_endpoints(settings)
    make_private(log_dir)
    prepare_metrics_dir(settings, empty=names is None)
    commands = server_commands(settings, model, endpoints)
    wanted = [name for name in commands if names is None or name in names]
    later = [name for name in wanted if name.startswith("rasa-")] if "rasa" in wanted else []
    processes = {name: _start(name, commands[name], settings, log_dir) for name in wanted if name not in later}
    if later and _first_rasa_ready(settings, processes["rasa"], keep_waiting):
        processes.update({name: _start(name, commands[name], settings, log_dir) for name in later})
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


def stop_stages(names: Iterable[str]) -> List[List[str]]:
    """The order parts stop in: the gateway (and any other part) first, so no new message comes in,
    then Rasa, which may still be finishing turns, then the action servers those turns call."""
    names = list(names)
    rasa = [name for name in names if name == "rasa" or name.startswith("rasa-")]
    actions = [name for name in names if name == "actions" or name.startswith("actions-")]
    front = [name for name in names if name not in rasa and name not in actions]
    return [stage for stage in (front, rasa, actions) if stage]


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass  # the part and everything it started are gone already


def stop_servers(processes: Dict[str, subprocess.Popen], grace_seconds: float = 15) -> List[str]:
    """Sends SIGTERM stage by stage (see stop_stages), each stage once the one before has exited;
    whatever still runs when `grace_seconds` are over is killed. Returns the names of the killed."""
    deadline = time.monotonic() + grace_seconds
    killed = []
    for stage in stop_stages(processes):
        for name in stage:
            if processes[name].poll() is None:
                _signal_group(processes[name], signal.SIGTERM)
        for name in stage:
            try:
                processes[name].wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(processes[name], signal.SIGKILL)
                killed.append(name)
                try:
                    processes[name].wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass  # stuck in the kernel; nothing more a launcher can do
    return killed


def _reap_if_dead(process: subprocess.Popen) -> Optional[int]:
    """The exit code of a part that died, once what is left of its process group is killed (a process
    it started may still hold its port); None while it runs. The group is killed before the part is
    reaped: until then no other process can be given its group id."""
    if process.returncode is not None:
        return process.returncode
    try:
        if os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
            return None
        _signal_group(process, signal.SIGKILL)
    except ChildProcessError:
        pass  # reaped elsewhere: its group id may be someone else's by now
    return process.wait()


def _exit_description(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"dræbt af {signal.Signals(-returncode).name}"
        except ValueError:
            return f"dræbt af signal {-returncode}"
    return f"slutkode {returncode}"


class Supervisor:
    """Keeps each part running on its own: a part that dies is started again after a wait that grows
    with each death (bot/supervision.py), while the others run on untouched. Gives up, naming the part,
    when one keeps dying. `start(name, command)` starts a part; request_stop is safe in a signal handler."""

    def __init__(self, start: Callable[[str, List[str]], subprocess.Popen], log_dir: Path,
                 policy: RestartPolicy, grace_seconds: float, poll_seconds: float = SUPERVISION_POLL_SECONDS):
        self.start, self.log_dir, self.policy = start, log_dir, policy
        self.grace_seconds, self.poll_seconds = grace_seconds, poll_seconds
        self.commands: Dict[str, List[str]] = {}
        self.processes: Dict[str, subprocess.Popen] = {}
        self.histories: Dict[str, PartHistory] = {}
        self.restart_at: Dict[str, float] = {}
        self.stop_requested = False

    def add(self, name: str, command: List[str], process: Optional[subprocess.Popen] = None) -> None:
        """Supervises a part from now on: `process` if it is running already, else it is started."""
        self.commands[name] = command
        self.histories[name] = PartHistory(self.policy)
        self.processes[name] = process if process is not None else self.start(name, command)
        self.histories[name].started(time.monotonic())

    def request_stop(self, *signal_arguments: object) -> None:
        self.stop_requested = True

    def watch(self) -> Optional[str]:
        """Supervises until a stop is requested (returns None) or a part keeps dying (returns its name).
        Stops nothing itself: that is stop()."""
        while not self.stop_requested:
            given_up = self.check()
            if given_up:
                return given_up
            time.sleep(self.poll_seconds)
        return None

    def check(self) -> Optional[str]:
        """One look at every part: restarts those whose wait is over, schedules a restart for those
        that died. Returns the name of a part it gives up on."""
        now = time.monotonic()
        for name, process in list(self.processes.items()):
            if name in self.restart_at:
                if now >= self.restart_at[name]:
                    self._restart(name)
                continue
            returncode = _reap_if_dead(process)
            if returncode is None:
                continue
            decision = self.histories[name].died(now)
            log = log_file(self.log_dir, name)
            if decision.give_up:
                print(f"{name} stoppede igen ({_exit_description(returncode)}) efter {self.policy.max_restarts} "
                      f"genstarter inden for {self.policy.window_seconds:g} s; se {log}. "
                      "Giver op og stopper alle dele.", file=sys.stderr, flush=True)
                return name
            print(f"{name} stoppede uventet ({_exit_description(returncode)}); se {log}. "
                  f"Starter den igen om {decision.backoff_seconds:g} s ({decision.restart_number}. genstart "
                  f"af højst {self.policy.max_restarts} inden for {self.policy.window_seconds:g} s). "
                  "De andre dele kører videre.", file=sys.stderr, flush=True)
            self.restart_at[name] = decision.restart_at
        return None

    def _restart(self, name: str) -> None:
        del self.restart_at[name]
        self.processes[name] = self.start(name, self.commands[name])
        self.histories[name].started(time.monotonic())
        print(f"{name} er startet igen.", file=sys.stderr, flush=True)

    def stop(self) -> List[str]:
        """Stops every part gracefully (see stop_servers); returns the names of those that had to be killed."""
        self.stop_requested = True
        return stop_servers(self.processes, self.grace_seconds)


def stop_on_signals(stop: Callable[..., None]) -> None:
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def supervise(commands: Dict[str, List[str]], log_dir: Path, policy: RestartPolicy, grace_seconds: float,
              env: Optional[Dict[str, str]] = None, poll_seconds: float = SUPERVISION_POLL_SECONDS) -> int:
    """Starts `commands` (part name -> command) and keeps them running until SIGTERM or SIGINT (0) or
    until a part keeps dying (1); stops them all either way. What `run` does after startup, for any
    commands. Call it from the main thread: it takes over SIGTERM and SIGINT."""
    make_private(log_dir)
    supervisor = Supervisor(lambda name, command: start_part(name, command, log_dir, env), log_dir, policy,
                            grace_seconds, poll_seconds)
    stop_on_signals(supervisor.request_stop)
    for name, command in commands.items():
        supervisor.add(name, command)
    given_up = supervisor.watch()
    supervisor.stop()
    return 0 if given_up is None else 1


def restart_policy(settings: Settings) -> RestartPolicy:
    return RestartPolicy(max_restarts=settings.supervisor_max_restarts,
                         window_seconds=settings.supervisor_restart_window_seconds,
                         first_backoff_seconds=min(1.0, settings.supervisor_max_backoff_seconds),
                         max_backoff_seconds=settings.supervisor_max_backoff_seconds)


def _tail(path: Path, lines: int = 25) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def run() -> int:
    from bot.check import start_refusal
    from bot.migrate import upgrade

    keep_new_files_private()
    # Production with an error from the configuration check, or the development login next to real
    # login in any profile: refused before anything is touched.
    refusal = start_refusal(os.environ)
    if refusal:
        print(refusal, file=sys.stderr)
        return 1
    settings = load_settings()
    problem = scale_out_problem(settings)
    if problem:
        print(f"Kunne ikke starte: {problem}", file=sys.stderr)
        return 1
    upgrade(settings.database_url)
    model = ensure_model()
    log_dir = settings.var_dir / "log"
    print(_starting_message(settings.rasa_processes), flush=True)

    supervisor = Supervisor(lambda name, command: _start(name, command, settings, log_dir), log_dir,
                            restart_policy(settings), settings.shutdown_grace_seconds)
    stop_on_signals(supervisor.request_stop)
    processes = start_servers(settings, model, log_dir, keep_waiting=lambda: not supervisor.stop_requested)
    failed = wait_until_up(settings, processes)
    if failed and not supervisor.stop_requested:
        print(f"\nKunne ikke starte: {failed}. Se logfilerne i {log_dir}:", file=sys.stderr)
        log_name = failed if failed in processes else "rasa"
        print(_tail(log_dir / f"{log_name}.log"), file=sys.stderr)
        stop_servers(processes, settings.shutdown_grace_seconds)
        return 1
    commands = server_commands(settings, model, first_endpoints_file(settings))
    for name, process in processes.items():
        supervisor.add(name, commands[name], process)
    if not supervisor.stop_requested and settings.profile == "production":
        # The retention job, at once and then daily (bot/retention.py); supervised like the rest.
        supervisor.add("retention", [sys.executable, "-m", "bot.retention", "--daily"])
    if not supervisor.stop_requested:
        print(f"\nJobassistent kører på {settings.gateway_url}  (logfiler: {log_dir})")
        print("Tryk Ctrl-C for at stoppe.", flush=True)
    return _supervise_until_stopped(supervisor, log_dir)


def _supervise_until_stopped(supervisor: Supervisor, log_dir: Path) -> int:
    given_up = supervisor.watch()
    if given_up:
        print(_tail(log_file(log_dir, given_up)), file=sys.stderr)
    else:
        print("\nStopper ...", flush=True)
    killed = supervisor.stop()
    if killed:
        print(f"{', '.join(killed)} stoppede ikke inden for {supervisor.grace_seconds:g} s efter SIGTERM "
              "og blev dræbt.", file=sys.stderr)
    if given_up:
        return 1
    print("Stoppet.")
    return 0


def _starting_message(rasa_processes: int) -> str:
    if rasa_processes == 1:
        return "Starter action-server, Rasa og gateway ..."
    return (f"Starter {rasa_processes} action-servere, {rasa_processes} Rasa-processer og gateway "
            "(Rasa-processerne efter den første, når den første svarer) ...")


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
