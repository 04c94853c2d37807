"""The launcher's supervisor with real processes and no Rasa: small Python children stand in for the
gateway, Rasa and the action server, which it restarts, gives up on and stops gracefully."""
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Tuple

import pytest

from bot.launcher import Supervisor, restart_policy, start_part, stop_stages
from bot.settings import PROJECT_ROOT, load_settings
from bot.supervision import RestartPolicy

QUICK = RestartPolicy(max_restarts=3, window_seconds=30, first_backoff_seconds=0.05, max_backoff_seconds=0.2)

# A part that notes when it is ready, when it gets SIGTERM and when it exits; with "ignore" it pays
# SIGTERM no heed.
PART = textwrap.dedent("""
    import os, signal, sys, time
    events, on_term = sys.argv[1], sys.argv[2]
    def note(what):
        with open(events, "a") as file:
            file.write(f"{what} {os.getpid()} {time.monotonic()}\\n")
    def finish(signum, frame):
        note("term")
        time.sleep(0.3)
        note("exit")
        sys.exit(0)
    signal.signal(signal.SIGTERM, finish if on_term == "exit" else signal.SIG_IGN)
    note("ready")
    while True:
        time.sleep(0.1)
""")
DIES_AT_ONCE = [sys.executable, "-c", "import sys; sys.exit(3)"]
# Leaves a process of its own behind, as a crashing server could, then dies.
DIES_LEAVING_A_CHILD = textwrap.dedent("""
    import subprocess, sys, time
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    open(sys.argv[1], "a").write(f"{child.pid}\\n")
    time.sleep(0.2)
    sys.exit(1)
""")
# supervise() in a process of its own, so SIGTERM can reach it: argv[1] is a JSON list of its arguments.
SUPERVISOR = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from bot.launcher import supervise
    from bot.supervision import RestartPolicy
    commands, log_dir, policy, grace_seconds = json.loads(sys.argv[1])
    sys.exit(supervise(commands, Path(log_dir), RestartPolicy(**policy), grace_seconds, poll_seconds=0.05))
""")


def part(events: Path, on_term: str = "exit") -> List[str]:
    return [sys.executable, "-c", PART, str(events), on_term]


def events(path: Path) -> List[Tuple[str, int, float]]:
    if not path.exists():
        return []
    return [(what, int(pid), float(at)) for what, pid, at in
            (line.split() for line in path.read_text().splitlines())]


def event_time(path: Path, wanted: str) -> float:
    [at] = [at for what, _, at in events(path) if what == wanted]
    return at


def is_running(pid: int) -> bool:
    """A zombie counts as gone: in a container nobody may reap an orphan that was killed."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def wait_for(condition: Callable[[], bool], timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def ready(*paths: Path) -> bool:
    return all(any(what == "ready" for what, _, _ in events(path)) for path in paths)


@contextmanager
def supervising(tmp_path: Path, commands: Dict[str, List[str]], policy: RestartPolicy = QUICK,
                grace_seconds: float = 5) -> Iterator[Tuple[Supervisor, Dict[str, object]]]:
    """A supervisor watching `commands` in a thread; what watch() returned lands in the dict."""
    log_dir = tmp_path / "log"
    log_dir.mkdir()
    supervisor = Supervisor(lambda name, command: start_part(name, command, log_dir), log_dir, policy,
                            grace_seconds, poll_seconds=0.05)
    for name, command in commands.items():
        supervisor.add(name, command)
    outcome: Dict[str, object] = {}
    watcher = threading.Thread(target=lambda: outcome.update(given_up=supervisor.watch()), daemon=True)
    watcher.start()
    try:
        yield supervisor, outcome
    finally:
        supervisor.request_stop()
        watcher.join(timeout=10)
        supervisor.stop()


def run_supervisor(tmp_path: Path, commands: Dict[str, List[str]], policy: RestartPolicy,
                   grace_seconds: float) -> subprocess.Popen:
    arguments = [commands, str(tmp_path / "log"), policy.__dict__, grace_seconds]
    return subprocess.Popen([sys.executable, "-c", SUPERVISOR, json.dumps(arguments)], cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_killed_part_is_started_again_while_the_other_keeps_its_process(tmp_path, capsys):
    rasa_events, gateway_events = tmp_path / "rasa.events", tmp_path / "gateway.events"
    with supervising(tmp_path, {"rasa": part(rasa_events), "gateway": part(gateway_events)}) as (supervisor, _):
        assert wait_for(lambda: ready(rasa_events, gateway_events))
        rasa, gateway = supervisor.processes["rasa"], supervisor.processes["gateway"]
        os.kill(rasa.pid, signal.SIGKILL)
        assert wait_for(lambda: supervisor.processes["rasa"] is not rasa and len(events(rasa_events)) == 2)
        restarted = supervisor.processes["rasa"]
        assert restarted.pid != rasa.pid and restarted.poll() is None
        assert [pid for what, pid, _ in events(rasa_events)] == [rasa.pid, restarted.pid]
        assert supervisor.processes["gateway"] is gateway and gateway.poll() is None
        assert [what for what, _, _ in events(gateway_events)] == ["ready"]
    complaint = capsys.readouterr().err
    assert (f"rasa stoppede uventet (dræbt af SIGKILL); se {tmp_path / 'log' / 'rasa.log'}. "
            "Starter den igen om 0.05 s (1. genstart af højst 3 inden for 30 s)") in complaint
    assert "gateway" not in complaint


def test_a_part_that_keeps_dying_makes_supervise_give_up_with_1_and_stop_the_others(tmp_path):
    gateway_events = tmp_path / "gateway.events"
    supervisor = run_supervisor(tmp_path, {"actions": DIES_AT_ONCE, "gateway": part(gateway_events)}, QUICK, 5)
    _, complaints = supervisor.communicate(timeout=60)
    assert supervisor.returncode == 1
    assert complaints.count("actions stoppede uventet (slutkode 3)") == 3
    assert (f"actions stoppede igen (slutkode 3) efter 3 genstarter inden for 30 s; "
            f"se {tmp_path / 'log' / 'actions.log'}. Giver op og stopper alle dele.") in complaints
    [(_, gateway_pid, _)] = [event for event in events(gateway_events) if event[0] == "ready"]
    assert [what for what, _, _ in events(gateway_events)] == ["ready", "term", "exit"]
    assert not is_running(gateway_pid)


def test_sigterm_stops_the_gateway_then_rasa_then_the_action_server_and_supervise_returns_0(tmp_path):
    names = ("actions", "rasa", "gateway")
    files = {name: tmp_path / f"{name}.events" for name in names}
    supervisor = run_supervisor(tmp_path, {name: part(files[name]) for name in names}, QUICK, 10)
    try:
        assert wait_for(lambda: ready(*files.values()))
        asked = time.monotonic()
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(timeout=15)
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
    assert supervisor.returncode == 0
    assert time.monotonic() - asked < 10  # all went within the grace period; none was killed
    assert event_time(files["gateway"], "exit") <= event_time(files["rasa"], "term")
    assert event_time(files["rasa"], "exit") <= event_time(files["actions"], "term")
    for path in files.values():
        [(_, pid, _)] = [event for event in events(path) if event[0] == "exit"]
        assert not is_running(pid)


def test_a_part_that_ignores_sigterm_is_killed_when_the_grace_period_is_over(tmp_path):
    gateway_events, actions_events = tmp_path / "gateway.events", tmp_path / "actions.events"
    commands = {"gateway": part(gateway_events), "actions": part(actions_events, on_term="ignore")}
    with supervising(tmp_path, commands, grace_seconds=1.5) as (supervisor, _):
        assert wait_for(lambda: ready(gateway_events, actions_events))
        started = time.monotonic()
        killed = supervisor.stop()
        took = time.monotonic() - started
        assert killed == ["actions"]
        assert 1.5 <= took < 5
        assert supervisor.processes["actions"].returncode == -signal.SIGKILL
        assert supervisor.processes["gateway"].returncode == 0
        assert [what for what, _, _ in events(actions_events)] == ["ready"]


def test_what_a_dead_part_left_running_is_killed_so_it_cannot_hold_the_parts_port(tmp_path):
    children = tmp_path / "children"
    slow_restart = RestartPolicy(max_restarts=3, window_seconds=30, first_backoff_seconds=30, max_backoff_seconds=30)
    command = [sys.executable, "-c", DIES_LEAVING_A_CHILD, str(children)]
    with supervising(tmp_path, {"rasa": command}, policy=slow_restart) as (supervisor, _):
        assert wait_for(lambda: children.exists() and children.read_text().endswith("\n"))
        left_behind = int(children.read_text())
        assert wait_for(lambda: supervisor.processes["rasa"].returncode == 1)
        assert wait_for(lambda: not is_running(left_behind), timeout=5)


def test_the_stop_order_puts_the_gateway_and_other_parts_first_and_the_action_servers_last():
    names = ["actions", "actions-2", "rasa", "rasa-2", "gateway", "retention"]
    assert stop_stages(names) == [["gateway", "retention"], ["rasa", "rasa-2"], ["actions", "actions-2"]]
    assert stop_stages(["gateway"]) == [["gateway"]]


def test_the_restart_policy_and_grace_period_come_from_the_settings(tmp_path):
    defaults = load_settings({"JOBASSISTENT_VAR_DIR": str(tmp_path)})
    assert restart_policy(defaults) == RestartPolicy(max_restarts=5, window_seconds=60, first_backoff_seconds=1,
                                                     max_backoff_seconds=30)
    assert defaults.shutdown_grace_seconds == 20
    tuned = load_settings({"JOBASSISTENT_VAR_DIR": str(tmp_path), "SUPERVISOR_MAX_RESTARTS": "2",
                           "SUPERVISOR_RESTART_WINDOW_SECONDS": "10", "SUPERVISOR_MAX_BACKOFF_SECONDS": "0.5",
                           "SHUTDOWN_GRACE_SECONDS": "45"})
    assert restart_policy(tuned) == RestartPolicy(max_restarts=2, window_seconds=10, first_backoff_seconds=0.5,
                                                  max_backoff_seconds=0.5)
    assert tuned.shutdown_grace_seconds == 45


@pytest.mark.parametrize("name, value", [
    ("SUPERVISOR_MAX_RESTARTS", "0"), ("SUPERVISOR_MAX_RESTARTS", "many"),
    ("SUPERVISOR_RESTART_WINDOW_SECONDS", "0"), ("SUPERVISOR_MAX_BACKOFF_SECONDS", "-1"),
    ("SHUTDOWN_GRACE_SECONDS", "forever"),
])
def test_a_supervision_setting_out_of_range_is_refused_with_its_name(tmp_path, name, value):
    with pytest.raises(ValueError, match=name):
        load_settings({"JOBASSISTENT_VAR_DIR": str(tmp_path), name: value})
