#!/usr/bin/env bash
# Installs (from Debian's packages, when missing) what the tests use for real: a PostgreSQL server,
# started here with a throwaway test database, a Redis server for Rasa's lock store, and Chromium for
# the browser tests, and the test-only OpenID Connect providers (scripts/oidc-test-provider.sh). Their
# addresses go to var/test-services.env.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
source scripts/local-services.sh

# Not Redis's default port, so a Redis the machine already runs is left alone.
TEST_REDIS_PORT=6380

install_from_debian postgresql redis-server chromium
start_postgres
ensure_postgres_database jobassistent_test jobassistent_test jobassistent_test CREATEDB
start_redis "$TEST_REDIS_PORT" var/redis-test
scripts/oidc-test-provider.sh

(umask 077 && {
  echo "export TEST_DATABASE_URL=postgresql://jobassistent_test:jobassistent_test@127.0.0.1:$postgres_port/jobassistent_test"
  echo "export TEST_REDIS_URL=redis://127.0.0.1:$TEST_REDIS_PORT/0"
  echo "export CHROMIUM_PATH=$(command -v chromium)"
  scripts/oidc-test-provider.sh env
} > var/test-services.env)
echo "PostgreSQL $postgres_version is up on port $postgres_port (test database jobassistent_test);" \
  "Redis on port $TEST_REDIS_PORT."
