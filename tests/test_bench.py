"""`make bench` in miniature: the smoke run starts both bots, loads them and writes a complete report."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.rasa

ROOT = Path(__file__).resolve().parents[1]
NUMBER = r"[\d,.]+ (ms|msg/s|MB)"


def test_the_smoke_run_reports_numbers_for_both_bots_without_errors(tmp_path):
    # The first run makes the stock bot with `rasa init` (a minute or two); later runs reuse it.
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--smoke", "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    report = (tmp_path / "report.md").read_text()
    for measure in ("1 user, p50", "2 users, p95", "2 users, throughput", "one conversation, p50 of turns 1–6",
                    "RSS all processes together (peak)"):
        [row] = [line for line in report.splitlines() if line.startswith(f"| {measure} |")]
        stock, ours = row.split(" | ")[1:3]
        assert re.fullmatch(NUMBER, stock) and re.fullmatch(NUMBER, ours), row

    results = json.loads((tmp_path / "results.json").read_text())
    for bot in ("stock", "jobassistent"):
        measured = [results[bot]["single"], *results[bot]["users"].values()]
        assert all(part["p50_ms"] > 0 and part["p95_ms"] > 0 for part in measured)
        assert results[bot]["conversation"]["early_p50_ms"] > 0 and results[bot]["conversation"]["late_p50_ms"] > 0
        assert results[bot]["errors_total"] == 0
    assert (tmp_path / "latency.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
