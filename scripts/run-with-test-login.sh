#!/usr/bin/env bash
# `make run` with real OpenID Connect login instead of the development login: starts the local test
# providers (scripts/oidc-test-provider.sh) and points the app at them. For trying the login pages by
# hand; any password works. Logins: borger, borger-cpr, virksomhed, virksomhed2 ("Log ind med MitID"),
# raadgiver, raadgiver2, medarbejder ("Log ind som medarbejder"); see tests/oidc_test_provider.py.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/oidc-test-provider.sh
eval "$(scripts/oidc-test-provider.sh env)"
export TEST_OIDC_CITIZEN_ISSUER TEST_OIDC_STAFF_ISSUER TEST_OIDC_CLIENT_ID TEST_OIDC_CLIENT_SECRET
eval "$(.venv/bin/python -c '
import shlex
from tests.oidc_test_provider import oidc_environment
for name, value in oidc_environment().items():
    print(f"export {name}={shlex.quote(value)}")
')"
export DEV_LOGIN=0
exec .venv/bin/python -m bot.launcher run
