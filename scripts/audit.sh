#!/usr/bin/env bash
# The dependency audit (`make audit`, run by `make test`): pip-audit in a venv of its own under var/,
# so its dependencies never meet Rasa's pins, reading the project's installed packages. scripts/audit.py
# says what was and was not checked; see "Dependency audit" in the README for the policy.
set -uo pipefail
cd "$(dirname "$0")/.."

PIP_AUDIT_VERSION=2.10.1
AUDIT_VENV=var/audit-venv

not_done() {
  echo "Dependency audit NOT DONE: $1"
  echo "None of the installed packages was checked: this says nothing about whether they have known vulnerabilities."
  [ "${AUDIT_REQUIRED:-0}" = 1 ] && exit 2
  exit 0
}

if [ "$("$AUDIT_VENV/bin/pip-audit" --version 2>/dev/null)" != "pip-audit $PIP_AUDIT_VERSION" ]; then
  python_bin=$(scripts/find-python.sh) || exit 1
  rm -rf "$AUDIT_VENV"
  "$python_bin" -m venv "$AUDIT_VENV" || not_done "could not make the venv $AUDIT_VENV."
  "$AUDIT_VENV/bin/pip" install --quiet "pip-audit==$PIP_AUDIT_VERSION" 2>/dev/null \
    || { rm -rf "$AUDIT_VENV"; not_done "pip-audit $PIP_AUDIT_VERSION could not be installed (is PyPI reachable?)."; }
fi

site_packages=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])') \
  || not_done "the project's venv (.venv) is missing: run \`make install\` first."
exec "$AUDIT_VENV/bin/python" scripts/audit.py --pip-audit "$AUDIT_VENV/bin/pip-audit" \
  --site-packages "$site_packages" --accepted scripts/audit-accepted.txt
