"""Counts the action-server calls each chat message costs, and times each message through the gateway.

    .venv/bin/python scripts/action_calls.py [--repeat N] [--model models/jobassistent.tar.gz]

Starts its own action server, Rasa and gateway on free ports with a throwaway SQLite database, puts
a counting proxy between Rasa and the action server, and plays a fixed set of conversations (every
journey, in Danish with typos and in English) through the gateway as a logged-in user would. Prints a
row per message and a summary, and writes var/reports/action-calls.json. A measuring tool, not a test:
the absolute times depend on the machine.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Dict, List, Tuple

import aiohttp
import yaml
from aiohttp import web

from bot.free_ports import free_port_blocks
from bot.internal_auth import SECRET_HEADER
from bot.private_files import keep_new_files_private, write_private_text

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# (role, user id, messages): every journey once, with the typos and answers people really write.
CONVERSATIONS: List[Tuple[str, str, List[str]]] = [
    ("citizen", "calls-journal", [
        "jeg har sogt job som lagermedarbejder hos Netto i gaar", "jobnet", "ja tak",
        "vis min joblog", "hvad kan du",
    ]),
    ("citizen", "calls-journal-slow", [
        "jeg vil skrive en ansøgning i min joblog", "Bilka", "kassemedarbejder", "i forgårs",
        "på mail", "venter på svar", "nej, arbejdsgiveren hedder Føtex", "ja", "stop",
    ]),
    ("citizen", "calls-sick", [
        "jeg er syg fra i dag", "ansat", "Bageriet Hansen", "helt", "2 uger", "nej", "ja",
        "jeg bliver syg en uge længere", "ja",
    ]),
    ("citizen", "calls-benefits", [
        "hvor meget kan jeg få i dagpenge", "hvem kan få kontanthjælp", "tak for hjælpen",
    ]),
    ("citizen", "calls-profile", ["jeg vil gerne opdatere min profil", "ønskejob", "pædagogmedhjælper", "ja"]),
    ("citizen", "calls-english", ["I need to talk to a person", "no thanks", "what can you do"]),
    ("employer", "calls-employer", [
        "vi vil gerne slå et småjob op", "Bageriet Hansen ApS", "10150817", "Hanne Hansen",
        "hanne@bageriet.dk", "12345678", "ekspedient", "hjælpe i butikken om lørdagen", "8", "4200",
        "1. februar", "fast", "ingen", "ja", "ja",
    ]),
]


class CountingProxy:
    """Forwards Rasa's calls to the action server and remembers which action each one ran."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.calls: List[str] = []

    async def forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        if request.path == "/webhook":
            try:
                self.calls.append(json.loads(body).get("next_action") or "?")
            except ValueError:
                self.calls.append("?")
        # Rasa's secret goes on to the action server, which refuses calls without it.
        headers = {"Content-Type": request.content_type}
        if SECRET_HEADER in request.headers:
            headers[SECRET_HEADER] = request.headers[SECRET_HEADER]
        async with aiohttp.ClientSession() as session:
            async with session.request(request.method, self.target + request.path_qs, data=body,
                                       headers=headers) as reply:
                return web.Response(body=await reply.read(), status=reply.status,
                                    content_type=reply.content_type)


def wait_for(url: str, process: subprocess.Popen, seconds: float = 300) -> None:
    import urllib.request
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{process.args[:3]} stopped while starting")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except Exception:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds} s")


async def play(gateway: str, proxy: CountingProxy, repeat: int) -> List[Dict]:
    rows = []
    for round_number in range(repeat):
        for role, user_id, messages in CONVERSATIONS:
            jar = aiohttp.CookieJar(unsafe=True)
            async with aiohttp.ClientSession(cookie_jar=jar) as session:
                login = await session.post(f"{gateway}/api/dev/login",
                                           json={"role": role, "id": f"{user_id}-{round_number}", "name": "Test"})
                login.raise_for_status()
                for message in messages:
                    before = len(proxy.calls)
                    started = time.perf_counter()
                    reply = await session.post(f"{gateway}/api/chat", json={"message": message})
                    body = await reply.json()
                    elapsed_ms = (time.perf_counter() - started) * 1000
                    calls = proxy.calls[before:]
                    rows.append({"user": user_id, "message": message, "status": reply.status,
                                 "ms": round(elapsed_ms, 1), "calls": len(calls), "actions": calls,
                                 "answer": [m.get("text", "") for m in body.get("messages", [])]})
    return rows


def summary(rows: List[Dict]) -> Dict:
    per_action = Counter(action for row in rows for action in row["actions"])
    times = sorted(row["ms"] for row in rows)
    return {
        "messages": len(rows),
        "action_calls": sum(row["calls"] for row in rows),
        "calls_per_message": round(sum(row["calls"] for row in rows) / len(rows), 2),
        "messages_without_call": sum(1 for row in rows if row["calls"] == 0),
        "gateway_p50_ms": round(statistics.median(times), 1),
        "gateway_p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
        "calls_by_action": dict(per_action.most_common()),
        "errors": sum(1 for row in rows if row["status"] != 200),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds of all conversations (default 3)")
    parser.add_argument("--model", default=str(ROOT / "models" / "jobassistent.tar.gz"))
    arguments = parser.parse_args()

    keep_new_files_private()
    work = Path(tempfile.mkdtemp(prefix="action-calls-"))
    names = ("actions", "proxy", "rasa", "gateway")
    ports = dict(zip(names, free_port_blocks(*[1] * len(names))))
    database_url = f"sqlite:///{work / 'calls.db'}"
    # Throwaway secrets for throwaway servers, in the environment only (never on a command line).
    env = dict(os.environ, JOBASSISTENT_VAR_DIR=str(work), DATABASE_URL=database_url,
               RASA_TOKEN=secrets.token_urlsafe(32), ACTION_SERVER_TOKEN=secrets.token_urlsafe(32),
               SESSION_SECRET=secrets.token_urlsafe(32), DEV_LOGIN="1", GATEWAY_PORT=str(ports["gateway"]),
               RASA_PORT=str(ports["rasa"]), ACTION_SERVER_PORT=str(ports["proxy"]), TF_CPP_MIN_LOG_LEVEL="2",
               RASA_TELEMETRY_ENABLED="false")
    subprocess.run([sys.executable, "-m", "bot.migrate", "upgrade"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoints = work / "endpoints.yml"
    write_private_text(endpoints, yaml.safe_dump({
        "action_endpoint": {"url": f"http://127.0.0.1:{ports['proxy']}/webhook",
                            "headers": {SECRET_HEADER: "${ACTION_SERVER_TOKEN}"}},
        "tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(work / "calls.db")},
    }))
    logs = {name: open(work / f"{name}.log", "w") for name in ("actions", "rasa", "gateway")}
    commands = {
        "actions": [sys.executable, "-m", "actions.server", "--host", "127.0.0.1", "--port", str(ports["actions"])],
        "rasa": [str(BIN / "rasa"), "run", "--interface", "127.0.0.1",
                 "--port", str(ports["rasa"]), "--model", arguments.model, "--endpoints", str(endpoints),
                 "--credentials", str(ROOT / "credentials.yml")],
        "gateway": [sys.executable, "-m", "bot.gateway"],
    }
    processes = {}
    try:
        for name in ("actions", "rasa"):
            processes[name] = subprocess.Popen(commands[name], cwd=ROOT, env=env, stdout=logs[name],
                                               stderr=subprocess.STDOUT)
        rows = asyncio.run(run_with_proxy(ports, processes, commands, env, logs, arguments.repeat))
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    result = {"summary": summary(rows), "rows": rows}
    for row in rows[: len(rows) // arguments.repeat]:
        print(f"{row['calls']:>2} calls {row['ms']:>7.1f} ms  {row['message'][:45]:<45} {', '.join(row['actions'])}")
    print(json.dumps(result["summary"], indent=2, ensure_ascii=False))
    report = ROOT / "var" / "reports" / "action-calls.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    write_private_text(report, json.dumps(result, indent=2, ensure_ascii=False))
    print(f"Report: {report} (logs in {work})")
    return 0


async def run_with_proxy(ports, processes, commands, env, logs, repeat) -> List[Dict]:
    proxy = CountingProxy(f"http://127.0.0.1:{ports['actions']}")
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", proxy.forward)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", ports["proxy"]).start()
    try:
        await asyncio.to_thread(wait_for, f"http://127.0.0.1:{ports['actions']}/health", processes["actions"])
        await asyncio.to_thread(wait_for, f"http://127.0.0.1:{ports['rasa']}/", processes["rasa"])
        processes["gateway"] = subprocess.Popen(commands["gateway"], cwd=ROOT, env=env, stdout=logs["gateway"],
                                                stderr=subprocess.STDOUT)
        await asyncio.to_thread(wait_for, f"http://127.0.0.1:{ports['gateway']}/healthz", processes["gateway"])
        proxy.calls.clear()
        return await play(f"http://127.0.0.1:{ports['gateway']}", proxy, repeat)
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    sys.exit(main())
