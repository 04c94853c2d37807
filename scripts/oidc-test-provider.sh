#!/usr/bin/env bash
# Starts the test-only OpenID Connect providers that the login tests sign in at for real
# (scripts/oidc-test-provider/provider.mjs, on the certified npm package oidc-provider): citizens and
# employers at http://127.0.0.1:9411, staff at http://127.0.0.1:9412, one node process each, in the
# background. An issuer that already answers is left as it is, unless this script started it from other
# files (then it is restarted). Node.js and npm come from Debian's packages when missing, the npm
# packages from package-lock.json. Logs and pid files go to var/oidc-test-provider/.
#   scripts/oidc-test-provider.sh       start (scripts/test-services.sh runs it)
#   scripts/oidc-test-provider.sh env   print the tests' TEST_OIDC_* variables (for var/test-services.env)
set -euo pipefail
cd "$(dirname "$0")/.."

TEST_OIDC_CITIZEN_ISSUER=http://127.0.0.1:9411
TEST_OIDC_STAFF_ISSUER=http://127.0.0.1:9412
TEST_OIDC_CLIENT_ID=jobassistent
# Fixed, and good for these test providers only.
TEST_OIDC_CLIENT_SECRET=jobassistent-test-oidc-client-secret-4f1c9a

if [ "${1:-}" = env ]; then
  for name in TEST_OIDC_CITIZEN_ISSUER TEST_OIDC_STAFF_ISSUER TEST_OIDC_CLIENT_ID TEST_OIDC_CLIENT_SECRET; do
    echo "export $name=${!name}"
  done
  exit 0
fi

source scripts/local-services.sh

PROVIDER_DIR=scripts/oidc-test-provider
STATE_DIR=var/oidc-test-provider

# answers ISSUER: its discovery document answers and names that issuer.
answers() {
  node -e 'const issuer = process.argv[1];
    fetch(issuer + "/.well-known/openid-configuration", { signal: AbortSignal.timeout(2000) })
      .then((response) => response.json())
      .then((discovery) => process.exit(discovery.issuer === issuer ? 0 : 1), () => process.exit(1));' "$1"
}

# ensure_node_modules: `npm ci` when node_modules is missing or was installed from another package-lock.json.
ensure_node_modules() {
  local lock_sum stamp=$PROVIDER_DIR/node_modules/.package-lock.sha256
  lock_sum=$(sha256sum "$PROVIDER_DIR/package-lock.json" | cut -d' ' -f1)
  if [ ! -d "$PROVIDER_DIR/node_modules" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
    echo "Installing the test OpenID Connect provider's npm packages (npm ci) ..."
    (cd "$PROVIDER_DIR" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$lock_sum" > "$stamp"
  fi
}

# start_oidc_provider NAME ISSUER FINGERPRINT: `node provider.mjs NAME` in the background, unless ISSUER
# answers already. One this script started from other files (another FINGERPRINT) is restarted.
start_oidc_provider() {
  local name=$1 issuer=$2 fingerprint=$3 pid
  local pid_file=$STATE_DIR/$name.pid log=$STATE_DIR/$name.log stamp=$STATE_DIR/$name.fingerprint
  if answers "$issuer"; then
    [ "$(cat "$stamp" 2>/dev/null)" = "$fingerprint" ] && return 0
    pid=$(cat "$pid_file" 2>/dev/null || true)
    if [ -z "$pid" ] || ! grep -q "provider.mjs" "/proc/$pid/cmdline" 2>/dev/null; then
      echo "Something not started by this script answers as $issuer; it is left alone." >&2
      return 0
    fi
    echo "Restarting the test OpenID Connect provider at $issuer: its files changed."
    kill "$pid"
    local tries
    for tries in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  echo "--- $(date -Is) starting" >> "$log"
  # The secret goes to node in its environment, which only its owner can read, not on its command line.
  OIDC_TEST_CLIENT_ID=$TEST_OIDC_CLIENT_ID OIDC_TEST_CLIENT_SECRET=$TEST_OIDC_CLIENT_SECRET \
    setsid nohup node "$PROVIDER_DIR/provider.mjs" "$name" < /dev/null >> "$log" 2>&1 &
  echo $! > "$pid_file"
  echo "$fingerprint" > "$stamp"
}

# wait_for_oidc_provider NAME ISSUER: until its discovery document answers; else the log's tail, and exit 1.
wait_for_oidc_provider() {
  local name=$1 issuer=$2 tries pid
  pid=$(cat "$STATE_DIR/$name.pid" 2>/dev/null || true)
  for tries in $(seq 60); do
    answers "$issuer" && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      break
    fi
    sleep 0.5
  done
  echo "The test OpenID Connect provider '$name' did not answer at $issuer; $STATE_DIR/$name.log ends:" >&2
  tail -n 30 "$STATE_DIR/$name.log" >&2
  rm -f "$STATE_DIR/$name.fingerprint"
  exit 1
}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  install_from_debian nodejs npm
fi
ensure_node_modules
mkdir -p "$STATE_DIR"
chmod 700 "$STATE_DIR"
umask 077
fingerprint=$(cat "$PROVIDER_DIR/provider.mjs" "$PROVIDER_DIR/package-lock.json" \
  <(echo "$TEST_OIDC_CLIENT_ID $TEST_OIDC_CLIENT_SECRET") | sha256sum | cut -d' ' -f1)
start_oidc_provider citizen "$TEST_OIDC_CITIZEN_ISSUER" "$fingerprint"
start_oidc_provider staff "$TEST_OIDC_STAFF_ISSUER" "$fingerprint"
wait_for_oidc_provider citizen "$TEST_OIDC_CITIZEN_ISSUER"
wait_for_oidc_provider staff "$TEST_OIDC_STAFF_ISSUER"
echo "Test OpenID Connect providers are up: citizens and employers at $TEST_OIDC_CITIZEN_ISSUER," \
  "staff at $TEST_OIDC_STAFF_ISSUER (client $TEST_OIDC_CLIENT_ID)."
