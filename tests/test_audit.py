"""The dependency audit's report (scripts/audit.py) on pip-audit reports made here: what fails the build,
what Rasa's pins hold back, and never a clean bill for packages that were not checked."""
import importlib.util
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "audit.py"


@pytest.fixture(scope="module")
def audit():
    spec = importlib.util.spec_from_file_location("audit_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["audit_script"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    yield module
    del sys.modules["audit_script"]


PINS = {"aiohttp": [("rasa 3.6.21", Requirement("aiohttp<3.10,>=3.9.0"))],
        "requests": [("rasa 3.6.21", Requirement("requests>=2.23"))]}


def report(*dependencies):
    return {"dependencies": list(dependencies), "fixes": []}


def vulnerable(name, version, vuln_id, *fixes):
    return {"name": name, "version": version, "vulns": [{"id": vuln_id, "fix_versions": list(fixes), "aliases": []}]}


def test_a_fix_that_fits_the_pins_fails_and_one_rasa_holds_back_is_reported(audit):
    result = audit.classify(report(vulnerable("aiohttp", "3.9.5", "GHSA-aio", "3.10.11"),
                                   vulnerable("requests", "2.31.0", "GHSA-req", "2.32.0"),
                                   {"name": "numpy", "version": "1.24.4", "vulns": []}),
                            "pypi", PINS, {})
    assert [f.vuln_id for f in result.fix_needed] == ["GHSA-req"]
    [held] = result.held_back
    assert held.vuln_id == "GHSA-aio" and held.held_by == ["rasa 3.6.21 requires aiohttp<3.10,>=3.9.0"]
    text = audit.render(result)
    assert "3 of 3 installed packages checked" in text
    assert "FIX NEEDED" in text and "requests 2.31.0  GHSA-req  (fixed in: 2.32.0)" in text
    assert "held back: rasa 3.6.21 requires aiohttp<3.10,>=3.9.0" in text
    assert "No known vulnerabilities" not in text


def test_an_accepted_vulnerability_and_one_without_a_fix_do_not_fail(audit):
    result = audit.classify(report(vulnerable("requests", "2.31.0", "GHSA-req", "2.32.0"),
                                   vulnerable("numpy", "1.24.4", "PYSEC-np")),
                            "pypi", PINS, {"GHSA-req": "only used against our own Rasa server"})
    assert result.fix_needed == [] and [f.vuln_id for f in result.no_fix_yet] == ["PYSEC-np"]
    assert "accepted: only used against our own Rasa server" in audit.render(result)


def test_packages_not_checked_are_named_and_never_called_clean(audit):
    result = audit.classify(report({"name": "numpy", "version": "1.24.4", "vulns": []},
                                   {"name": "absl-py", "skip_reason": "Dependency not found on PyPI"},
                                   {"name": "jobassistent", "skip_reason": "distribution marked as editable"}),
                            "pypi", PINS, {})
    text = audit.render(result)
    assert "1 of 2 installed packages checked" in text
    assert "No known vulnerabilities in the 1 packages checked." in text
    assert "NOT CHECKED (1; nothing is known about these):\n  absl-py: Dependency not found on PyPI" in text


def test_when_no_service_answers_the_audit_says_it_was_not_done(audit, monkeypatch, capsys, tmp_path):
    skipped = report(*[{"name": name, "skip_reason": f"Dependency not found on PyPI: {name}"}
                       for name in ("aiohttp", "rasa")])
    answers = {"pypi": (skipped, ""), "osv": (None, "ConnectionError: api.osv.dev")}
    monkeypatch.setattr(audit, "run_pip_audit", lambda tool, site, service: answers[service])
    assert audit.main(["--pip-audit", "pip-audit", "--site-packages", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Dependency audit NOT DONE")
    assert "None of the 2 packages was checked" in out and "No known vulnerabilities" not in out
    monkeypatch.setenv("AUDIT_REQUIRED", "1")
    assert audit.main(["--pip-audit", "pip-audit", "--site-packages", str(tmp_path)]) == 2


def test_a_fix_needed_makes_the_audit_fail(audit, monkeypatch, capsys, tmp_path):
    found = report(vulnerable("requests", "2.31.0", "GHSA-req", "2.32.0"))
    monkeypatch.setattr(audit, "run_pip_audit", lambda tool, site, service: (found, ""))
    assert audit.main(["--pip-audit", "pip-audit", "--site-packages", str(tmp_path)]) == 1
    assert "FIX NEEDED" in capsys.readouterr().out
