"""Known vulnerabilities in the packages installed in the project's venv: runs pip-audit (from a venv of
its own) against PyPI's vulnerability data and says plainly what was checked, what was not, and which
vulnerabilities Rasa 3.6's pins keep us from fixing. Run by `make audit` (scripts/audit.sh); the policy
is in the README under "Dependency audit".

Exit status: 1 when a vulnerable package has a fixed version that fits every pin and is not accepted in
scripts/audit-accepted.txt; 0 otherwise, also when the data could not be reached (said loudly), unless
AUDIT_REQUIRED=1 makes that 2."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

OWN_PROJECT = "jobassistent"
SERVICES = ("pypi", "osv")  # PyPI's own data first; OSV is where PyPI gets it from


@dataclass
class Finding:
    package: str
    version: str
    vuln_id: str
    fix_versions: List[str]
    held_by: List[str] = field(default_factory=list)  # "rasa 3.6.21 requires aiohttp<3.10,>=3.8.3"
    accepted_because: str = ""


@dataclass
class Audit:
    service: str
    checked: List[str]
    not_checked: List[Tuple[str, str]]
    fix_needed: List[Finding] = field(default_factory=list)
    held_back: List[Finding] = field(default_factory=list)
    no_fix_yet: List[Finding] = field(default_factory=list)
    accepted: List[Finding] = field(default_factory=list)


def run_pip_audit(pip_audit: str, site_packages: str, service: str) -> Tuple[Optional[dict], str]:
    """pip-audit's JSON report, or None and why there is none."""
    command = [pip_audit, "--path", site_packages, "--skip-editable", "--format", "json",
               "--vulnerability-service", service, "--progress-spinner", "off", "--timeout", "20"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, str(error)
    try:
        return json.loads(done.stdout), ""
    except ValueError:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        return None, lines[-1] if lines else f"pip-audit exited with {done.returncode} and no report"


def requirements_on(site_packages: str) -> Dict[str, List[Tuple[str, Requirement]]]:
    """For each package, who among the installed ones (our own project left out: its pins are ours to
    change) requires it, and with which version range."""
    found: Dict[str, List[Tuple[str, Requirement]]] = {}
    for dist in metadata.distributions(path=[site_packages]):
        owner = dist.metadata["Name"] or "?"
        if canonicalize_name(owner) == OWN_PROJECT:
            continue
        for line in dist.requires or []:
            try:
                requirement = Requirement(line)
            except InvalidRequirement:
                continue
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
                continue  # an optional extra, or another platform's dependency
            found.setdefault(canonicalize_name(requirement.name), []).append(
                (f"{owner} {dist.version}", requirement))
    return found


def read_accepted(path: Path) -> Dict[str, str]:
    """Vulnerability id -> why it is accepted, from lines "ID  package  reason"; # starts a comment."""
    accepted = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("#", 1)[0].split(None, 2)
            if parts:
                accepted[parts[0]] = parts[2] if len(parts) > 2 else "(no reason given)"
    return accepted


def _fits(version: str, requirement: Requirement) -> bool:
    try:
        return requirement.specifier.contains(Version(version), prereleases=True)
    except InvalidVersion:
        return False


def classify(report: dict, service: str, required: Dict[str, List[Tuple[str, Requirement]]],
             accepted: Dict[str, str]) -> Audit:
    audit = Audit(service, [], [])
    for dependency in report.get("dependencies", []):
        name = dependency["name"]
        if "skip_reason" in dependency:
            if canonicalize_name(name) != OWN_PROJECT:
                audit.not_checked.append((name, dependency["skip_reason"]))
            continue
        audit.checked.append(name)
        pins = required.get(canonicalize_name(name), [])
        for vuln in dependency.get("vulns", []):
            found = Finding(name, dependency["version"], vuln["id"], list(vuln.get("fix_versions", [])))
            aliases = [vuln["id"], *vuln.get("aliases", [])]
            reason = next((accepted[alias] for alias in aliases if alias in accepted), None)
            fitting = [fix for fix in found.fix_versions if all(_fits(fix, pin) for _, pin in pins)]
            if reason is not None:
                found.accepted_because = reason
                audit.accepted.append(found)
            elif not found.fix_versions:
                audit.no_fix_yet.append(found)
            elif fitting:
                audit.fix_needed.append(found)
            else:
                found.held_by = [f"{owner} requires {pin}" for owner, pin in pins
                                 if not any(_fits(fix, pin) for fix in found.fix_versions)]
                audit.held_back.append(found)
    return audit


def _finding_line(finding: Finding) -> str:
    fixed = ", ".join(finding.fix_versions) or "no fixed version yet"
    line = f"  {finding.package} {finding.version}  {finding.vuln_id}  (fixed in: {fixed})"
    if finding.held_by:
        line += "\n      held back: " + "; ".join(finding.held_by)
    if finding.accepted_because:
        line += "\n      accepted: " + finding.accepted_because
    return line


def render(audit: Audit) -> str:
    total = len(audit.checked) + len(audit.not_checked)
    out = [f"Dependency audit against {audit.service} vulnerability data: "
           f"{len(audit.checked)} of {total} installed packages checked."]
    sections = [
        ("FIX NEEDED (fails the build): a fixed version fits every pin; raise the pin in requirements.in, "
         "run `make lock`, or accept it with a reason in scripts/audit-accepted.txt", audit.fix_needed),
        ("Held back by pins we cannot move (Rasa 3.6's): reported, not failing", audit.held_back),
        ("No fixed version released yet: reported, not failing", audit.no_fix_yet),
        ("Accepted in scripts/audit-accepted.txt", audit.accepted),
    ]
    for title, findings in sections:
        if findings:
            out.append(f"{title}:")
            out.extend(_finding_line(finding) for finding in findings)
    if not any(findings for _, findings in sections):
        out.append(f"No known vulnerabilities in the {len(audit.checked)} packages checked.")
    if audit.not_checked:
        out.append(f"NOT CHECKED ({len(audit.not_checked)}; nothing is known about these):")
        out.extend(f"  {name}: {reason}" for name, reason in audit.not_checked)
    return "\n".join(out)


def unreachable(reasons: Sequence[str], total: int) -> str:
    return ("Dependency audit NOT DONE: no vulnerability data could be reached "
            f"({'; '.join(reasons)}).\nNone of the {total or 'installed'} packages was checked: this says "
            "nothing about whether they have known vulnerabilities. Run `make audit` where PyPI's "
            "vulnerability data (https://pypi.org/pypi/<name>/<version>/json) can be reached.")


def audit_site(pip_audit: str, site_packages: str, accepted: Dict[str, str]) -> Tuple[Optional[Audit], str]:
    """The audit by the first service that answers for at least one package; else None and why not."""
    reasons, total = [], 0
    for service in SERVICES:
        report, error = run_pip_audit(pip_audit, site_packages, service)
        if report is None:
            reasons.append(f"{service}: {error}")
            continue
        audit = classify(report, service, requirements_on(site_packages), accepted)
        total = len(audit.checked) + len(audit.not_checked)
        if audit.checked:
            return audit, ""
        reasons.append(f"{service}: no package could be looked up, e.g. "
                       f"{audit.not_checked[0][1] if audit.not_checked else 'no packages found'}")
    return None, unreachable(reasons, total)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pip-audit", required=True)
    parser.add_argument("--site-packages", required=True)
    parser.add_argument("--accepted", type=Path, default=Path(__file__).with_name("audit-accepted.txt"))
    args = parser.parse_args(argv)
    audit, why_not = audit_site(args.pip_audit, args.site_packages, read_accepted(args.accepted))
    if audit is None:
        print(why_not)
        return 2 if os.environ.get("AUDIT_REQUIRED") == "1" else 0
    print(render(audit))
    return 1 if audit.fix_needed else 0


if __name__ == "__main__":
    sys.exit(main())
