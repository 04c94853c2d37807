# Shared by scripts/test-services.sh and scripts/run-scaled.sh (sourced, not run): installs
# PostgreSQL and Redis from Debian's packages when missing and starts them on this machine.
# Everything written under var/ is the owner's only, like the rest of var/.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Installing and starting PostgreSQL needs root: run as root or install sudo." >&2
    echo "Or by hand: sudo apt-get update && sudo apt-get install -y postgresql redis-server" >&2
    exit 1
  fi
}

# install_from_debian PACKAGE... : installs those of the given Debian packages that are missing.
install_from_debian() {
  local missing=() package
  for package in "$@"; do
    case "$package" in
      postgresql) ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql) ;;
      redis-server) command -v redis-server >/dev/null 2>&1 || missing+=(redis-server) ;;
      *) command -v "$package" >/dev/null 2>&1 || missing+=("$package") ;;
    esac
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing from Debian's packages: ${missing[*]} ..."
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# start_postgres: starts the newest installed PostgreSQL's main cluster; sets postgres_port.
start_postgres() {
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then
    as_root pg_createcluster "$version" main >/dev/null
  fi
  if ! pg_lsclusters -h | grep -q "^$version main .* online"; then
    as_root pg_ctlcluster "$version" main start
  fi
  postgres_version=$version
  postgres_port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
}

run_psql() { as_root runuser -u postgres -- psql -p "$postgres_port" -v ON_ERROR_STOP=1 -qAt "$@"; }

# ensure_postgres_database ROLE PASSWORD DATABASE [ROLE OPTIONS]: the role (with that password) and
# its database, made when missing; an existing role gets the password given. The password goes to
# psql on its input, never on a command line, which `ps` shows to everyone.
ensure_postgres_database() {
  local role=$1 password=$2 database=$3 options=${4:-}
  if [ "$(run_psql -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != "1" ]; then
    run_psql <<< "CREATE ROLE $role LOGIN PASSWORD '$password' $options"
  else
    run_psql <<< "ALTER ROLE $role PASSWORD '$password'"
  fi
  if [ "$(run_psql -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
    run_psql -c "CREATE DATABASE $database OWNER $role"
  fi
}

# start_redis PORT DIRECTORY: a Redis server on 127.0.0.1:PORT as a daemon, its files in DIRECTORY;
# nothing is started when one already answers there. It holds only Rasa's conversation locks, which
# live for seconds, so nothing is saved to disk.
start_redis() {
  local port=$1 directory=$2
  if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; then
    return 0
  fi
  mkdir -p "$directory"
  chmod 700 "$directory"
  (umask 077 && redis-server --bind 127.0.0.1 --port "$port" --daemonize yes \
    --dir "$(cd "$directory" && pwd)" --pidfile "$(cd "$directory" && pwd)/redis.pid" \
    --logfile "$(cd "$directory" && pwd)/redis.log" --save "" --appendonly no)
  local tries
  for tries in $(seq 50); do
    [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ] && return 0
    sleep 0.1
  done
  echo "Redis did not start on port $port; see $directory/redis.log" >&2
  exit 1
}
