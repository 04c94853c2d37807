#!/usr/bin/env bash
# Installs (from Debian's packages, when missing) what the tests use for real: a PostgreSQL server,
# started here with a throwaway test database whose URL goes to var/test-services.env, and
# Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "The tests need PostgreSQL from Debian's packages, and installing it needs root." >&2
    echo "Run: sudo apt-get update && sudo apt-get install -y postgresql" >&2
    exit 1
  fi
}

missing=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing from Debian's packages: ${missing[*]} ..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then
  as_root pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | grep -q "^$version main .* online"; then
  as_root pg_ctlcluster "$version" main start
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')

run_psql() { as_root runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qAt "$@"; }
if [ "$(run_psql -c "SELECT 1 FROM pg_roles WHERE rolname = 'jobassistent_test'")" != "1" ]; then
  run_psql -c "CREATE ROLE jobassistent_test LOGIN PASSWORD 'jobassistent_test' CREATEDB"
fi
if [ "$(run_psql -c "SELECT 1 FROM pg_database WHERE datname = 'jobassistent_test'")" != "1" ]; then
  run_psql -c "CREATE DATABASE jobassistent_test OWNER jobassistent_test"
fi

{
  echo "export TEST_DATABASE_URL=postgresql://jobassistent_test:jobassistent_test@127.0.0.1:$port/jobassistent_test"
  echo "export CHROMIUM_PATH=$(command -v chromium)"
} > var/test-services.env
echo "PostgreSQL $version is up on port $port (test database jobassistent_test)."
