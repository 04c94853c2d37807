#!/usr/bin/env bash
# The scaled layout on one machine: RASA_PROCESSES Rasa processes (2 unless set) and as many action
# servers, sharing one tracker store on PostgreSQL and one lock store on Redis, behind the gateway.
# Without DATABASE_URL and LOCK_STORE_URL it installs (from Debian's packages, when missing) and
# starts a local PostgreSQL with the database `jobassistent` (role `jobassistent`, its password made
# once and kept in var/scaled-services.env) and a Redis on 127.0.0.1:6381; the tests' database and
# Redis are separate ones (scripts/test-services.sh). Ctrl-C stops the bot; PostgreSQL and Redis
# keep running for the next start.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
chmod 700 var
source scripts/local-services.sh

SCALED_REDIS_PORT=6381
SCALED_SERVICES=var/scaled-services.env

if [ ! -x .venv/bin/python ]; then
  echo "The project's venv (.venv) is missing: run \`make install\` first." >&2
  exit 1
fi

if [ -z "${DATABASE_URL:-}" ]; then
  [ -f "$SCALED_SERVICES" ] && source "$SCALED_SERVICES"
  if [ -z "${SCALED_DATABASE_PASSWORD:-}" ]; then
    SCALED_DATABASE_PASSWORD=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
    (umask 077 && echo "SCALED_DATABASE_PASSWORD=$SCALED_DATABASE_PASSWORD" > "$SCALED_SERVICES")
  fi
  install_from_debian postgresql
  start_postgres
  ensure_postgres_database jobassistent "$SCALED_DATABASE_PASSWORD" jobassistent
  DATABASE_URL="postgresql://jobassistent:$SCALED_DATABASE_PASSWORD@127.0.0.1:$postgres_port/jobassistent"
  echo "PostgreSQL $postgres_version is up on port $postgres_port (database jobassistent)."
fi
if [ -z "${LOCK_STORE_URL:-}" ]; then
  install_from_debian redis-server
  start_redis "$SCALED_REDIS_PORT" var/redis
  LOCK_STORE_URL="redis://127.0.0.1:$SCALED_REDIS_PORT/0"
  echo "Redis is up on port $SCALED_REDIS_PORT."
fi

export DATABASE_URL LOCK_STORE_URL
export RASA_PROCESSES=${RASA_PROCESSES:-2}
export DEV_LOGIN=${DEV_LOGIN:-1}  # as `make run`: a local try needs the development login
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
exec .venv/bin/python -m bot.launcher run
