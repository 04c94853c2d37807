#!/usr/bin/env bash
# The production profile on one machine (`make run-production`): reads the settings from an env file
# (ENV_FILE, default /etc/jobassistent/production.env; deploy/production.env.example describes every
# setting), runs the configuration check and stops on any error, makes sure the model is trained,
# brings the database up to date and starts the launcher with JOBASSISTENT_PROFILE=production.
# PostgreSQL and Redis are the municipality's own (DATABASE_URL, LOCK_STORE_URL); nothing is
# installed or started here. SIGTERM or Ctrl-C stops every process cleanly.
#
# `scripts/run-production.sh check` only runs the check against the env file.
set -euo pipefail
cd "$(dirname "$0")/.."

ENV_FILE=${ENV_FILE:-/etc/jobassistent/production.env}
PYTHON=.venv/bin/python

if [ ! -x "$PYTHON" ]; then
  echo "The project's venv (.venv) is missing: run \`make install\` first." >&2
  exit 1
fi
if [ ! -r "$ENV_FILE" ]; then
  echo "Cannot read the settings file $ENV_FILE." >&2
  echo "Copy deploy/production.env.example there (chmod 600), fill it in, or point ENV_FILE at yours." >&2
  exit 1
fi
if [ -n "$(find "$ENV_FILE" -perm -o=r)" ]; then
  echo "Warning: $ENV_FILE holds secrets and everyone on this machine can read it: chmod 600 $ENV_FILE" >&2
fi

# The env file is read as data, never run as shell code: NAME=value per line, # starts a comment line,
# a value may be quoted, and a space followed by # ends an unquoted value (as Docker Compose reads it).
load_env_file() {
  local line name value number=0
  while IFS= read -r line || [ -n "$line" ]; do
    number=$((number + 1))
    line=${line%$'\r'}
    [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
    line=${line#"${line%%[![:space:]]*}"}
    line=${line#export }
    name=${line%%=*}
    value=${line#*=}
    if [[ "$line" != *=* || ! "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
      echo "$ENV_FILE line $number is not NAME=value." >&2
      exit 1
    fi
    if [[ "$value" =~ ^\"(.*)\"[[:space:]]*$ || "$value" =~ ^\'(.*)\'[[:space:]]*$ ]]; then
      value=${BASH_REMATCH[1]}
    else
      value=${value%%[[:space:]]#*}
      value=${value%"${value##*[![:space:]]}"}
    fi
    export "$name=$value"
  done < "$1"
}

load_env_file "$ENV_FILE"
export JOBASSISTENT_PROFILE=production RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2

if ! "$PYTHON" -m bot.check; then
  echo "Not started: fix the errors above in $ENV_FILE." >&2
  exit 1
fi
if [ "${1:-}" = "check" ]; then
  exit 0
fi
"$PYTHON" -m bot.launcher train
"$PYTHON" -m bot.migrate upgrade
exec "$PYTHON" -m bot.launcher run
