#!/usr/bin/env bash
# Starts, stops and reports the project-local Postgres and Redis used when no
# DATABASE_URL / REDIS_URL is configured. Data lives under .data/ (git-ignored);
# only servers whose pid files live there are ever stopped.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data="${ANALYTICS_DATA_DIR:-$root/.data}"
pg_port="${ANALYTICS_PG_PORT:-54329}"
redis_port="${ANALYTICS_REDIS_PORT:-63799}"
pg_dir="$data/postgres"
redis_dir="$data/redis"

# As root the cluster belongs to 'postgres', which must be able to reach its
# folder; a checkout under a private home (e.g. /root) is not reachable, so the
# cluster then lives in a per-checkout folder under /var/tmp instead.
resolve_pg_dir() {
  if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 && [ -z "${ANALYTICS_DATA_DIR:-}" ]; then
    if ! runuser -u postgres -- test -x "$root" 2>/dev/null; then
      pg_dir="/var/tmp/agent-analytics-$(printf '%s' "$root" | md5sum | cut -c1-12)/postgres"
    fi
  fi
}

say() { printf '[services] %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

find_pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

can_apt_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

install_missing() {
  local pkgs=()
  find_pg_bin >/dev/null || pkgs+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || pkgs+=(redis-server)
  [ ${#pkgs[@]} -eq 0 ] && return 0
  if can_apt_install; then
    say "installing ${pkgs[*]} with apt-get (one-time)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    # policy-rc.d keeps the packages from starting their own system-wide servers.
    local policy=/usr/sbin/policy-rc.d created_policy=0
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1
    fi
    apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >&2
    [ "$created_policy" = 1 ] && rm -f "$policy"
  else
    fail "missing ${pkgs[*]}. Install them (Debian/Ubuntu: sudo apt-get install postgresql redis-server; macOS: brew install postgresql redis), set DATABASE_URL and REDIS_URL to servers you run, or use infra/compose.yaml."
  fi
}

# Postgres refuses to run as root, so as root the cluster belongs to 'postgres'.
as_pg_owner() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_running() { [ -f "$pg_dir/postmaster.pid" ] && as_pg_owner "$(find_pg_bin)/pg_ctl" -D "$pg_dir" status >/dev/null 2>&1; }
redis_running() { [ -f "$redis_dir/redis.pid" ] && kill -0 "$(cat "$redis_dir/redis.pid")" 2>/dev/null; }

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_up() {
  local bin
  bin=$(find_pg_bin)
  if pg_running; then say "postgres already running on 127.0.0.1:$pg_port"; return 0; fi
  port_taken "$pg_port" && fail "port $pg_port is in use by a server this project did not start; stop it or set ANALYTICS_PG_PORT"
  mkdir -p "$data"
  if [ ! -s "$pg_dir/PG_VERSION" ]; then
    say "initialising postgres cluster in $pg_dir"
    mkdir -p "$pg_dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$pg_dir"
    [ "$(id -u)" = 0 ] && chmod 755 "$(dirname "$pg_dir")"
    chmod 700 "$pg_dir"
    as_pg_owner "$bin/initdb" -D "$pg_dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  say "starting postgres on 127.0.0.1:$pg_port"
  as_pg_owner "$bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" -w -t 60 start \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $pg_dir -c max_connections=300 -c fsync=${ANALYTICS_PG_FSYNC:-on}" >/dev/null \
    || fail "postgres did not start; see $pg_dir/server.log"
}

redis_up() {
  if redis_running; then say "redis already running on 127.0.0.1:$redis_port"; return 0; fi
  port_taken "$redis_port" && fail "port $redis_port is in use by a server this project did not start; stop it or set ANALYTICS_REDIS_PORT"
  mkdir -p "$redis_dir"
  say "starting redis on 127.0.0.1:$redis_port"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$redis_dir" --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" --daemonize yes >/dev/null
  for _ in $(seq 1 50); do redis_running && port_taken "$redis_port" && return 0; sleep 0.1; done
  fail "redis did not start; see $redis_dir/redis.log"
}

pg_down() {
  if pg_running; then
    say "stopping postgres"
    as_pg_owner "$(find_pg_bin)/pg_ctl" -D "$pg_dir" -m fast -w stop >/dev/null
  else
    say "postgres not running (from $pg_dir)"
  fi
}

redis_down() {
  if redis_running; then
    say "stopping redis"
    local pid
    pid=$(cat "$redis_dir/redis.pid")
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$redis_dir/redis.pid"
  else
    say "redis not running (from $redis_dir)"
  fi
}

status() {
  if pg_running; then echo "postgres: running  DATABASE_URL=postgres://postgres@127.0.0.1:$pg_port/postgres"; else echo "postgres: stopped"; fi
  if redis_running; then echo "redis:    running  REDIS_URL=redis://127.0.0.1:$redis_port"; else echo "redis:    stopped"; fi
}

case "${1:-status}" in
  # `up postgres` or `up redis` starts only that one.
  up)
    install_missing
    resolve_pg_dir
    case "${2:-all}" in
      postgres) pg_up ;;
      redis) redis_up ;;
      all) pg_up; redis_up ;;
      *) echo "usage: $0 up [postgres|redis]" >&2; exit 2 ;;
    esac
    status ;;
  # `down postgres` or `down redis` stops only that one.
  down)
    resolve_pg_dir
    case "${2:-all}" in
      postgres) pg_down ;;
      redis) redis_down ;;
      all) redis_down; pg_down ;;
      *) echo "usage: $0 down [postgres|redis]" >&2; exit 2 ;;
    esac ;;
  status) resolve_pg_dir; status ;;
  *) echo "usage: $0 up|down [postgres|redis] | status" >&2; exit 2 ;;
esac
