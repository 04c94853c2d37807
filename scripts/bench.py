"""`make bench`: the whole stack against a stock `rasa init` bot, loaded by the same generator in one run.

    .venv/bin/python scripts/bench.py [--no-training] [--smoke] [--rasa-processes N] [--out DIR]

Measures, for both bots one after the other on this machine: one user's p50/p95; 10 and 50 users'
p50/p95 and throughput (closed loop, each user in a conversation of its own); the p50 of the first and
of the ~100th turns of one long conversation; full training and retraining after a one-line NLU edit
(in temporary copies, with a fresh cache); and the resident memory of every process. With
`--rasa-processes N` it also runs the stack with N Rasa processes on PostgreSQL and Redis (from
var/test-services.env, `make services`) against the same layout with one. Prints one table and writes
report.md, results.json and latency.png to the report folder (default var/reports/bench). A measuring
tool, not a test: the numbers depend on the machine and on what else runs on it.

The stock bot lives in var/bench/stock (made by `rasa init` once, then reused); each run of the stack
gets a fresh var/bench/stack-<n> folder and so a fresh SQLite database.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import psutil

import bench_load as load
from bot.free_ports import free_port, free_port_blocks
from bot.private_files import keep_new_files_private, make_private, open_private, write_private_text

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BENCH_DIR = ROOT / "var" / "bench"
STOCK_DIR = BENCH_DIR / "stock"
DEFAULT_OUT = ROOT / "var" / "reports" / "bench"
SERVICES_ENV = ROOT / "var" / "test-services.env"
QUIET_RASA = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
# The load would otherwise be held back by the chat limits, which are per user and per address.
NO_CHAT_LIMITS = {"RATE_LIMIT_CHAT_PER_USER": "100000 per second", "RATE_LIMIT_CHAT_PER_ADDRESS": "100000 per second"}
# What the caller's environment must not decide for a stack the bench starts.
STACK_VARIABLES = ("DATABASE_URL", "LOCK_STORE_URL", "RASA_PROCESSES", "RASA_TOKEN", "SESSION_SECRET",
                   "ACTION_SERVER_TOKEN", "GATEWAY_HOST")
KEEP_STACK_DIRS = 5
MB = 1_000_000


class BenchError(RuntimeError):
    pass


@dataclass(frozen=True)
class Profile:
    single_warmup: int
    single_count: int
    user_levels: tuple
    warmup_seconds: float
    seconds: float
    turns: int  # of the one long conversation
    window: int  # turns in each of its two p50 windows
    late_start: int  # first turn (1-based) of the late window
    training: bool
    scaled: bool


FULL = Profile(single_warmup=6, single_count=60, user_levels=(10, 50), warmup_seconds=10, seconds=30,
               turns=108, window=12, late_start=97, training=True, scaled=True)
SMOKE = Profile(single_warmup=1, single_count=5, user_levels=(2,), warmup_seconds=1, seconds=3,
                turns=12, window=6, late_start=7, training=False, scaled=False)


# --- ports, processes, memory ---------------------------------------------------------------------

def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    url: str
    log: Path

    def wait_until_up(self, health_url: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"{self.name} stopped while starting; {self.log}:\n{_tail(self.log)}")
            if _answers(health_url):
                return
            time.sleep(1)
        self.stop()
        raise BenchError(f"{self.name} did not answer {health_url} within {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        """SIGTERM to the process group (the launcher stops its servers on it); what is left after
        30 s, the group and every process started below it, is killed."""
        try:
            below = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            below = []
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        for process in psutil.wait_procs(below, timeout=15)[1]:
            process.kill()


def process_name(command: Sequence[str]) -> str:
    line = " ".join(command)
    for marker, name in (("bot.launcher", "launcher"), ("bot.gateway", "gateway"),
                         ("actions.server", "actions"), ("rasa_sdk", "actions")):
        if marker in line:
            return name
    if any(Path(part).name == "rasa" for part in command[:2]) and "run" in command:
        return "rasa"
    return Path(command[0]).name if command else "?"


def resident_memory(root_pid: int) -> Dict[str, int]:
    """RSS in bytes of the process and everything below it, named by command line (rasa, rasa-2, ...)."""
    try:
        root = psutil.Process(root_pid)
        processes = [root] + root.children(recursive=True)
    except psutil.NoSuchProcess:
        return {}
    memory: Dict[str, int] = {}
    for process in sorted(processes, key=lambda p: p.pid):
        try:
            name, rss = process_name(process.cmdline()), process.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        number = 1
        while (f"{name}-{number}" if number > 1 else name) in memory:
            number += 1
        memory[f"{name}-{number}" if number > 1 else name] = rss
    return memory


class MemorySampler(threading.Thread):
    """Samples the RSS of a bot's processes every second while it is loaded; keeps each one's peak and
    the peak of their sum at one moment."""

    def __init__(self, root_pid: int) -> None:
        super().__init__(daemon=True)
        self.root_pid = root_pid
        self.peak: Dict[str, int] = {}
        self.total_peak = 0
        self.finished = threading.Event()

    def sample(self) -> None:
        memory = resident_memory(self.root_pid)
        for name, rss in memory.items():
            self.peak[name] = max(rss, self.peak.get(name, 0))
        self.total_peak = max(self.total_peak, sum(memory.values()))

    def run(self) -> None:
        while not self.finished.wait(1.0):
            self.sample()

    def result(self) -> Dict:
        self.finished.set()
        self.join()
        self.sample()
        return {"peak_mb": {name: round(rss / MB) for name, rss in self.peak.items()},
                "total_peak_mb": round(self.total_peak / MB)}


# --- the two bots -----------------------------------------------------------------------------------

def rasa_environment(**extra: str) -> Dict[str, str]:
    return {**os.environ, **QUIET_RASA, **extra}


def ensure_stock_bot() -> Path:
    """A `rasa init` bot in var/bench/stock, trained; made once and reused."""
    if list((STOCK_DIR / "models").glob("*.tar.gz")):
        return STOCK_DIR
    print(f"Making the stock bot with `rasa init` in {STOCK_DIR} (trains it; once) ...", flush=True)
    shutil.rmtree(STOCK_DIR, ignore_errors=True)
    STOCK_DIR.mkdir(parents=True)
    log = BENCH_DIR / "stock-init.log"
    with open_private(log, "wb") as output:
        done = subprocess.run(
            [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", "."], cwd=STOCK_DIR, stdout=output,
            stderr=subprocess.STDOUT, env=rasa_environment(RASA_CACHE_DIRECTORY=str(STOCK_DIR / ".rasa" / "cache")),
        )
    if done.returncode != 0 or not list((STOCK_DIR / "models").glob("*.tar.gz")):
        shutil.rmtree(STOCK_DIR, ignore_errors=True)
        raise BenchError(f"`rasa init` failed; see {log}:\n{_tail(log)}")
    return STOCK_DIR


def start_stock() -> Server:
    port = free_port()
    log = BENCH_DIR / "stock.log"
    with open_private(log, "wb") as output:
        process = subprocess.Popen(
            [str(BIN / "rasa"), "run", "--interface", "127.0.0.1", "--port", str(port),
             "--credentials", "credentials.yml", "--model", "models"],
            cwd=STOCK_DIR, env=rasa_environment(), stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )
    server = Server("stock Rasa", process, f"http://127.0.0.1:{port}", log)
    server.wait_until_up(f"{server.url}/webhooks/rest/", timeout=300)
    return server


def new_stack_dir() -> Path:
    """var/bench/stack-<n>, n one higher than any before; only the newest few are kept."""
    existing = sorted((int(m.group(1)), path) for path in BENCH_DIR.glob("stack-*")
                      if (m := re.fullmatch(r"stack-(\d+)", path.name)))
    for _, old in existing[:max(0, len(existing) - KEEP_STACK_DIRS + 1)]:
        shutil.rmtree(old, ignore_errors=True)
    path = BENCH_DIR / f"stack-{(existing[-1][0] + 1) if existing else 1}"
    make_private(path)
    return path


def model_is_current() -> bool:
    from bot.launcher import MODELS_DIR, model_fingerprint, model_path

    fingerprint = MODELS_DIR / "jobassistent.fingerprint"
    return model_path().exists() and fingerprint.exists() and fingerprint.read_text() == model_fingerprint()


def start_stack(processes: int = 1, database_url: Optional[str] = None, lock_store_url: Optional[str] = None) -> Server:
    """`python -m bot.launcher run` as a black box, on free ports, in a fresh var folder."""
    var_dir = new_stack_dir()
    gateway, rasa, actions = free_port_blocks(1, processes, processes)
    env = {name: value for name, value in rasa_environment().items() if name not in STACK_VARIABLES}
    env.update(NO_CHAT_LIMITS, JOBASSISTENT_VAR_DIR=str(var_dir), DEV_LOGIN="1", GATEWAY_PORT=str(gateway),
               RASA_PORT=str(rasa), ACTION_SERVER_PORT=str(actions))
    if processes > 1 or lock_store_url:
        env["RASA_PROCESSES"] = str(processes)
    env.update({name: value for name, value in (("DATABASE_URL", database_url), ("LOCK_STORE_URL", lock_store_url))
                if value})
    timeout = 300
    if not model_is_current():
        print("  The model's inputs changed since it was trained: the launcher trains it first (not measured).")
        timeout = 3600
    log = var_dir / "launcher.log"
    with open_private(log, "wb") as output:
        process = subprocess.Popen([sys.executable, "-m", "bot.launcher", "run"], cwd=ROOT, env=env, stdout=output,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(f"Jobassistent ({processes} Rasa process{'es' if processes > 1 else ''})", process,
                    f"http://127.0.0.1:{gateway}", log)
    server.wait_until_up(f"{server.url}/healthz", timeout=timeout)
    return server


def measure_bot(target, server: Server, profile: Profile, run_id: str, only_users: bool = False) -> Dict:
    """Every load measurement of one running bot, its memory sampled all along."""
    sampler = MemorySampler(server.process.pid)
    sampler.start()
    result: Dict = {}
    try:
        if not only_users:
            result["single"] = load.run(load.single_user, target, f"{run_id}-one", profile.single_warmup,
                                        profile.single_count)
            result["conversation"] = load.run(load.long_conversation, target, f"{run_id}-long", profile.turns,
                                              profile.window, profile.late_start)
        result["users"] = {}
        for users in profile.user_levels:
            senders = [f"{run_id}-u{users}-{number}" for number in range(users)]
            result["users"][str(users)] = load.run(load.many_users, target, senders, profile.warmup_seconds,
                                                   profile.seconds)
    finally:
        result["memory"] = sampler.result()
    result["errors_total"] = sum(part["errors"]["count"] for part in _parts(result))
    return result


def _parts(result: Dict) -> List[Dict]:
    return [result[key] for key in ("single", "conversation") if key in result] + list(result["users"].values())


def run_bot(kind: str, profile: Profile, run_id: str, show_replies: bool) -> Dict:
    print(f"\n== {kind} ==", flush=True)
    server = start_stock() if kind == "stock" else start_stack()
    target = load.StockRasa(server.url) if kind == "stock" else load.Jobassistent(server.url)
    try:
        print(f"  up at {server.url}; measuring ...", flush=True)
        result = measure_bot(target, server, profile, f"bench-{run_id}-{kind[:5]}")
    finally:
        server.stop()
    _print_progress(result, show_replies)
    return result


def _print_progress(result: Dict, show_replies: bool) -> None:
    single = result["single"]
    print(f"  1 user: p50 {single['p50_ms']} ms, p95 {single['p95_ms']} ms; errors: {result['errors_total']}")
    for users, part in result["users"].items():
        print(f"  {users} users: p50 {part['p50_ms']} ms, p95 {part['p95_ms']} ms, "
              f"{part['throughput_msgs_per_s']} msg/s")
    if show_replies:
        for exchange in single["replies"]:
            print(f"    > {exchange[0]}\n" + "".join(f"      < {text[:110]!r}\n" for text in exchange[1:]), end="")


# --- scale-out ---------------------------------------------------------------------------------------

def test_services() -> Dict[str, str]:
    if not SERVICES_ENV.exists():
        return {}
    found = re.findall(r"^export (\w+)=(.*)$", SERVICES_ENV.read_text(), flags=re.M)
    return {name: value.strip().strip("'\"") for name, value in found}


def _run_outside_transaction(base_url: str, statement: str) -> None:
    from sqlalchemy import create_engine, text

    # CREATE/DROP DATABASE cannot run inside a transaction.
    engine = create_engine(base_url, isolation_level="AUTOCOMMIT", future=True)
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def create_database(base_url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    _run_outside_transaction(base_url, f'CREATE DATABASE "{name}"')
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def drop_database(base_url: str, name: str) -> None:
    # FORCE (PostgreSQL 13+) ends connections a stopped server may have left behind.
    _run_outside_transaction(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_scaled(processes: int, profile: Profile, run_id: str) -> Dict:
    """The production layout (PostgreSQL, Redis lock store) with 1 and with N Rasa processes, each on a
    database of its own made for the run; 10 and 50 users only."""
    services = test_services()
    base, redis = services.get("TEST_DATABASE_URL"), services.get("TEST_REDIS_URL")
    if not base or not redis:
        return {"skipped": f"no TEST_DATABASE_URL and TEST_REDIS_URL in {SERVICES_ENV.relative_to(ROOT)} "
                           "(run `make services` first)"}
    result: Dict = {"processes": processes}
    for count in (1, processes):
        print(f"\n== Jobassistent, {count} Rasa process(es), PostgreSQL + Redis ==", flush=True)
        name = f"bench_{run_id}_{count}"
        try:
            database_url = create_database(base, name)
        except Exception as error:  # the server is down or the user may not create databases
            return {"skipped": f"could not create a PostgreSQL database for the run: {error}"}
        try:
            server = start_stack(count, database_url, redis)
            try:
                part = measure_bot(load.Jobassistent(server.url), server, profile, f"bench-{run_id}-p{count}",
                                   only_users=True)
            finally:
                server.stop()
        finally:
            drop_database(base, name)
        for users, numbers in part["users"].items():
            print(f"  {users} users: p95 {numbers['p95_ms']} ms, {numbers['throughput_msgs_per_s']} msg/s")
        result[str(count)] = part
    return result


# --- training -----------------------------------------------------------------------------------------

def append_nlu_example(path: Path, intent: str, example: str) -> None:
    """The one-line edit: `example` added as the first example of `intent`, as a person would add it."""
    lines = path.read_text().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- intent: {intent}")
    first = next(i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("- "))
    indent = lines[first][:len(lines[first]) - len(lines[first].lstrip())]
    lines.insert(first, f"{indent}- {example}\n")
    path.write_text("".join(lines))


def custom_components_origin(work: Path) -> str:
    """Imports the custom components named in config.yml as `rasa train` in `work` will (the working
    folder on the path), and says where they were imported from."""
    import yaml

    names = [part["name"] for part in yaml.safe_load((work / "config.yml").read_text())["pipeline"]
             if "." in part["name"]]
    script = ("import importlib, os, sys; sys.path.insert(1, os.getcwd()); "
              f"[importlib.import_module(n.rsplit('.', 1)[0]) for n in {names!r}]; "
              "import components; print(os.path.dirname(components.__file__))")
    done = subprocess.run([sys.executable, "-c", script], cwd=work, capture_output=True, text=True,
                          env=rasa_environment())
    if done.returncode != 0:
        raise BenchError(f"the custom components do not import from {work}:\n{done.stderr[-2000:]}")
    return done.stdout.strip()


def timed_train(work: Path, env: Dict[str, str], log: Path) -> float:
    before = set((work / "models").glob("*.tar.gz"))
    started = time.perf_counter()
    with open_private(log, "ab") as output:
        done = subprocess.run([str(BIN / "rasa"), "train", "--out", "models"], cwd=work, env=env, stdout=output,
                              stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    if done.returncode != 0 or not set((work / "models").glob("*.tar.gz")) - before:
        raise BenchError(f"`rasa train` in {work} made no new model; see {log}:\n{_tail(log)}")
    return round(seconds, 1)


TRAINING_INPUTS = {"stock": (STOCK_DIR, ["config.yml", "domain.yml", "data"], "data/nlu.yml", "greet",
                             "hello there my friend"),
                   "jobassistent": (ROOT, ["config.yml", "domain.yml", "data", "components"], "data/nlu/base.yml",
                                    "greet", "hej med dig jobassistent")}


def measure_training(kind: str, out: Path) -> Dict:
    """Full training in a temporary copy of the bot's inputs with an empty cache, then retraining after
    one example is added to one intent (same cache). The project's own model is never touched."""
    source, inputs, nlu_file, intent, example = TRAINING_INPUTS[kind]
    work = Path(tempfile.mkdtemp(prefix=f"bench-train-{kind}-"))
    log = out / f"training-{kind}.log"
    log.unlink(missing_ok=True)
    try:
        for name in inputs:
            copy = shutil.copytree if (source / name).is_dir() else shutil.copy2
            copy(source / name, work / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                                if (source / name).is_dir() else {}))
        origin = custom_components_origin(work) if kind == "jobassistent" else None
        env = rasa_environment(RASA_CACHE_DIRECTORY=str(work / "cache"))
        print(f"  {kind}: full training ...", flush=True)
        full = timed_train(work, env, log)
        append_nlu_example(work / nlu_file, intent, example)
        print(f"  {kind}: retraining after one new example of '{intent}' in {nlu_file} ...", flush=True)
        retrain = timed_train(work, env, log)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"  {kind}: full {full} s, retrain {retrain} s")
    return {"full_seconds": full, "retrain_seconds": retrain, "nlu_edit": f"'{example}' added to {intent} in {nlu_file}",
            "components_imported_from": origin, "log": str(log)}


# --- the report ---------------------------------------------------------------------------------------

def _commit() -> str:
    """The checked-out commit, read from .git without running git."""
    try:
        head = (ROOT / ".git" / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        if (ROOT / ".git" / ref).exists():
            return (ROOT / ".git" / ref).read_text().strip()
        packed = (ROOT / ".git" / "packed-refs").read_text()
        return next(line.split()[0] for line in packed.splitlines() if line.endswith(" " + ref))
    except (OSError, StopIteration):
        return "unknown"


def machine() -> Dict:
    return {"cores": os.cpu_count(), "ram_gb": round(psutil.virtual_memory().total / 1e9, 1),
            "cpu": platform.processor() or platform.machine(), "system": platform.platform(),
            "python": platform.python_version(), "rasa": version("rasa"), "rasa_sdk": version("rasa-sdk"),
            "commit": _commit(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def _ms(value) -> str:
    return "—" if value is None else f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def _ratio(ours, stock, kind: str) -> str:
    """Jobassistent / stock, said in words: for throughput more is better, for the rest less is."""
    if not ours or not stock:
        return "—"
    ratio = ours / stock
    if kind == "rate":
        return f"{ratio:.2f}× ({'more' if ratio >= 1 else 'fewer'} msg/s; >1 is better)"
    higher, lower = ("more", "less") if kind == "memory" else ("slower", "faster")
    return f"{ratio:.2f}× ({higher if ratio > 1 else lower})"


def _met(ok: Optional[bool]) -> str:
    return "" if ok is None else "yes" if ok else "**no**"


def _le(value, limit) -> Optional[bool]:
    return None if value is None or limit is None else value <= limit


def table_rows(results: Dict) -> List[List[str]]:
    stock, ours = results["stock"], results["jobassistent"]
    rows = []
    s1, o1 = stock["single"], ours["single"]
    rows.append(["1 user, p50", _ms(s1["p50_ms"]), _ms(o1["p50_ms"]), _ratio(o1["p50_ms"], s1["p50_ms"], "latency"),
                 "≤ 1.5× stock", _met(_le(o1["p50_ms"], 1.5 * s1["p50_ms"]))])
    rows.append(["1 user, p95", _ms(s1["p95_ms"]), _ms(o1["p95_ms"]), _ratio(o1["p95_ms"], s1["p95_ms"], "latency"),
                 "", ""])
    for users in ours["users"]:
        rows += _user_rows(users, stock["users"][users], ours["users"][users])
    rows += _conversation_rows(stock["conversation"], ours["conversation"])
    rows += _training_rows(results["training"])
    rows += _memory_rows(stock["memory"], ours["memory"])
    rows.append(["errors (non-200 answers)", str(stock["errors_total"]), str(ours["errors_total"]), "", "0",
                 _met(stock["errors_total"] == 0 and ours["errors_total"] == 0)])
    rows += _scaled_rows(results.get("scaled"), ours)
    return rows


def _user_rows(users: str, stock: Dict, ours: Dict) -> List[List[str]]:
    ten = users == "10"
    rate = f"{users} users, throughput"
    return [
        [f"{users} users, p50", _ms(stock["p50_ms"]), _ms(ours["p50_ms"]),
         _ratio(ours["p50_ms"], stock["p50_ms"], "latency"), "", ""],
        [f"{users} users, p95", _ms(stock["p95_ms"]), _ms(ours["p95_ms"]),
         _ratio(ours["p95_ms"], stock["p95_ms"], "latency"), "≤ 300 ms" if ten else "",
         _met(_le(ours["p95_ms"], 300)) if ten else ""],
        [rate, f"{stock['throughput_msgs_per_s']:.1f} msg/s", f"{ours['throughput_msgs_per_s']:.1f} msg/s",
         _ratio(ours["throughput_msgs_per_s"], stock["throughput_msgs_per_s"], "rate"),
         "≥ 1.0× stock" if ten else "",
         _met(ours["throughput_msgs_per_s"] >= stock["throughput_msgs_per_s"]) if ten else ""],
    ]


def _conversation_rows(stock: Dict, ours: Dict) -> List[List[str]]:
    early, late = "turns {0}–{1}".format(*ours["early_turns"]), "turns {0}–{1}".format(*ours["late_turns"])
    growth_stock = stock["late_p50_ms"] / stock["early_p50_ms"]
    growth_ours = ours["late_p50_ms"] / ours["early_p50_ms"]
    return [
        [f"one conversation, p50 of {early}", _ms(stock["early_p50_ms"]), _ms(ours["early_p50_ms"]),
         _ratio(ours["early_p50_ms"], stock["early_p50_ms"], "latency"), "", ""],
        [f"one conversation, p50 of {late}", _ms(stock["late_p50_ms"]), _ms(ours["late_p50_ms"]),
         _ratio(ours["late_p50_ms"], stock["late_p50_ms"], "latency"), "", ""],
        [f"growth: p50 {late} / p50 {early}", f"{growth_stock:.2f}×", f"{growth_ours:.2f}×", "",
         "≤ 1.5× (Jobassistent)", _met(growth_ours <= 1.5)],
    ]


def _training_rows(training: Dict) -> List[List[str]]:
    if "skipped" in training:
        return [["training", "not measured", "not measured", "", "", training["skipped"]]]
    stock, ours = training["stock"], training["jobassistent"]
    return [
        ["full training (empty cache)", f"{stock['full_seconds']:.0f} s", f"{ours['full_seconds']:.0f} s",
         _ratio(ours["full_seconds"], stock["full_seconds"], "time"), "≤ 300 s", _met(_le(ours["full_seconds"], 300))],
        ["retraining after a one-line NLU edit", f"{stock['retrain_seconds']:.0f} s", f"{ours['retrain_seconds']:.0f} s",
         _ratio(ours["retrain_seconds"], stock["retrain_seconds"], "time"), "≤ 120 s",
         _met(_le(ours["retrain_seconds"], 120))],
    ]


def _memory_rows(stock: Dict, ours: Dict) -> List[List[str]]:
    rows = []
    for name in sorted(set(stock["peak_mb"]) | set(ours["peak_mb"])):
        mine, theirs = ours["peak_mb"].get(name), stock["peak_mb"].get(name)
        rows.append([f"RSS {name} (peak)", f"{theirs:,} MB" if theirs else "—", f"{mine:,} MB" if mine else "—",
                     "", "", ""])
    rows.append(["RSS all processes together (peak)", f"{stock['total_peak_mb']:,} MB", f"{ours['total_peak_mb']:,} MB",
                 _ratio(ours["total_peak_mb"], stock["total_peak_mb"], "memory"), "≤ 2,500 MB",
                 _met(ours["total_peak_mb"] <= 2500)])
    return rows


def _scaled_rows(scaled: Optional[Dict], ours: Dict) -> List[List[str]]:
    if not scaled:
        return []
    if "skipped" in scaled:
        return [["N Rasa processes", "", "not measured", "", "≥ 1.5× one process", scaled["skipped"]]]
    count = scaled["processes"]
    one, many = scaled["1"], scaled[str(count)]
    rows = []
    for users in many["users"]:
        base, more = one["users"][users]["throughput_msgs_per_s"], many["users"][users]["throughput_msgs_per_s"]
        ratio = more / base if base else 0
        rows.append([f"{users} users, throughput, {count} Rasa processes (PostgreSQL + Redis)", "",
                     f"{more:.1f} msg/s (1 process: {base:.1f})", f"{ratio:.2f}× one process",
                     "≥ 1.5× one process", _met(ratio >= 1.5)])
        rows.append([f"{users} users, p95, {count} Rasa processes", "",
                     f"{_ms(many['users'][users]['p95_ms'])} (1 process: {_ms(one['users'][users]['p95_ms'])})",
                     "", "", ""])
    rows.append([f"RSS all processes together, {count} Rasa processes (peak)", "",
                 f"{many['memory']['total_peak_mb']:,} MB", "", "≤ 2,500 MB",
                 _met(many["memory"]["total_peak_mb"] <= 2500)])
    return rows


def markdown_table(rows: List[List[str]]) -> str:
    header = ["measure", "stock Rasa", "Jobassistent", "ratio (Jobassistent / stock)", "target", "met?"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def plot_latency(results: Dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(7.5, 4.5))
    series = [("stock Rasa", results["stock"], "tab:gray"), ("Jobassistent", results["jobassistent"], "tab:blue")]
    scaled = results.get("scaled") or {}
    if "processes" in scaled:
        series += [("Jobassistent, 1 process, PostgreSQL", scaled["1"], "tab:green"),
                   (f"Jobassistent, {scaled['processes']} processes, PostgreSQL", scaled[str(scaled["processes"])],
                    "tab:orange")]
    for label, result, color in series:
        points = ([(1, result["single"])] if "single" in result else []) + \
                 [(int(users), part) for users, part in result["users"].items()]
        users = [count for count, _ in points]
        axes.plot(users, [part["p50_ms"] for _, part in points], "o-", color=color, label=f"{label}, p50")
        axes.plot(users, [part["p95_ms"] for _, part in points], "s--", color=color, label=f"{label}, p95")
    levels = sorted({1, *(int(users) for users in results["jobassistent"]["users"])})
    axes.set_xscale("log")
    axes.set_xticks(levels)
    axes.set_xticklabels([str(level) for level in levels])
    axes.minorticks_off()
    axes.set_xlabel("simultaneous users (closed loop)")
    axes.set_ylabel("latency per message (ms)")
    axes.set_yscale("log")
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize=7)
    axes.set_title("Latency against users")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write_report(results: Dict, out: Path) -> str:
    make_private(out)
    info = results["machine"]
    table = markdown_table(table_rows(results))
    notes = [f"- {note}" for note in results["notes"]]
    report = "\n".join([
        "# make bench", "",
        f"Run {results['date']} on {info['cores']} cores, {info['ram_gb']} GB RAM ({info['cpu']}, {info['system']}); "
        f"Python {info['python']}, Rasa {info['rasa']}, rasa-sdk {info['rasa_sdk']}; commit {info['commit']}; "
        f"load average at the start {info['load_average_at_start']}.", "",
        table, "", *notes, "",
    ])
    write_private_text(out / "report.md", report)
    write_private_text(out / "results.json", json.dumps(results, indent=2, ensure_ascii=False))
    plot_latency(results, out / "latency.png")
    return table


def notes(profile: Profile) -> List[str]:
    users = ", ".join(str(n) for n in profile.user_levels)
    return [
        f"1 user: {profile.single_count} messages after {profile.single_warmup} untimed, in one conversation; {users} users: each in its "
        f"own conversation, the next message as soon as the answer arrives, {profile.seconds:g} s measured after "
        f"{profile.warmup_seconds:g} s of warm-up. Throughput counts the answers that arrived in the measured time.",
        f"One conversation of {profile.turns} turns; p50 of the first {profile.window} turns against the "
        f"{profile.window} turns from turn {profile.late_start}.",
        "Stock Rasa: `rasa init` bot, `rasa run` with the in-memory tracker and the REST channel, no action server. "
        "Jobassistent: `python -m bot.launcher run` (gateway, Rasa with the SQL tracker store on SQLite, action "
        "server), each user logged in with the dev login; the chat limits raised for the load.",
        "Memory: the resident set (RSS) of each process, sampled every second during the load; the total is the "
        "highest sum at one moment. Shared pages are counted in each process.",
        "Training: `rasa train` in a temporary copy of the bot's inputs with an empty RASA_CACHE_DIRECTORY, then "
        "again after one example is added to one intent.",
        "Both bots ran one after the other on the same machine as the load generator.",
    ]


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-training", action="store_true", help="skip the two training measurements")
    parser.add_argument("--smoke", action="store_true", help="a tiny run that shows everything works")
    parser.add_argument("--rasa-processes", type=int, default=0, metavar="N",
                        help="also run the stack with N Rasa processes (PostgreSQL + Redis) against 1")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"report folder (default {DEFAULT_OUT})")
    parser.add_argument("--show-replies", action="store_true", help="print each bot's replies to the first messages")
    arguments = parser.parse_args(argv)
    profile = SMOKE if arguments.smoke else FULL
    keep_new_files_private()
    make_private(BENCH_DIR)
    run_id = secrets.token_hex(4)
    results: Dict = {"date": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
                     "machine": machine(), "profile": asdict(profile), "notes": notes(profile)}
    try:
        ensure_stock_bot()
        for kind in ("stock", "jobassistent"):
            results[kind] = run_bot(kind, profile, run_id, arguments.show_replies)
        results["scaled"] = _scaled(arguments.rasa_processes, profile, run_id)
        results["training"] = _training(profile, arguments.no_training, arguments.out)
    except BenchError as error:
        print(f"\nmake bench stopped: {error}", file=sys.stderr)
        return 1
    scaled = results["scaled"]
    if scaled and "skipped" in scaled:
        results["notes"].append(f"Scale-out not measured: {scaled['skipped']}.")
    elif scaled:
        results["notes"].append(
            f"Scale-out: the stack on a PostgreSQL database made for the run and the Redis lock store, with "
            f"RASA_PROCESSES=1 and ={scaled['processes']} ({', '.join(map(str, profile.user_levels))} users only); "
            "its ratio is against one process on the same layout.")
    print("\n" + write_report(results, arguments.out))
    print(f"\nReport: {arguments.out / 'report.md'} (results.json, latency.png)")
    return 0


def _scaled(processes: int, profile: Profile, run_id: str) -> Optional[Dict]:
    if processes <= 1:
        return None
    if not profile.scaled:
        return {"skipped": "not in a smoke run"}
    return run_scaled(processes, profile, run_id)


def _training(profile: Profile, skip: bool, out: Path) -> Dict:
    if not profile.training or skip:
        return {"skipped": "skipped (--no-training)" if skip else "skipped (smoke run)"}
    print("\n== training ==", flush=True)
    make_private(out)
    return {kind: measure_training(kind, out) for kind in ("stock", "jobassistent")}


if __name__ == "__main__":
    sys.exit(main())
