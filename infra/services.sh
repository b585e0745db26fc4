#!/usr/bin/env bash
# Installs (when missing), starts, stops and reports the project-local Postgres
# and Redis used when no DATABASE_URL / REDIS_URL is configured. Data lives
# under .data/ (git-ignored); only servers whose pid files live there are ever
# stopped.
#
# Every way out of this script says why: expected failures go through `fail`
# (what went wrong, then what to do next), and any other failing command is
# caught by the ERR trap, which names the step it happened in. Conditions are
# written as `if` statements, never as `A && B`, whose false A would otherwise
# end the script silently under `set -e`.
set -Eeuo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data="${ANALYTICS_DATA_DIR:-$root/.data}"
case "$data" in
  /*) ;;
  *) data="$root/$data" ;;
esac
pg_port="${ANALYTICS_PG_PORT:-54329}"
redis_port="${ANALYTICS_REDIS_PORT:-63799}"
pg_dir="$data/postgres"
redis_dir="$data/redis"
# Where Debian's invoke-rc.d asks whether a package may start its service, and
# where Debian puts each Postgres version's programs. Tests point both elsewhere.
policy="${ANALYTICS_POLICY_RC_D:-/usr/sbin/policy-rc.d}"
pg_bin_dirs="${ANALYTICS_PG_BIN_DIRS:-/usr/lib/postgresql/*/bin}"

step="reading the command line"
policy_written=0

say() { printf '[services] %s\n' "$*" >&2; }

# fail WHAT NEXT: the step, what went wrong, and the next thing to try.
fail() {
  say "error while $step: $1"
  say "next: $2"
  exit 1
}

on_unexpected_error() {
  local code=$1 line=$2 command=$3
  say "error while $step: '$command' failed (exit $code, infra/services.sh line $line)"
  say "next: fix the cause above and run 'bash infra/services.sh up' again; DATABASE_URL and REDIS_URL can point at servers you run yourself"
}
trap 'on_unexpected_error $? $LINENO "$BASH_COMMAND"' ERR

# The policy file is removed on every way out, but only when this run wrote it.
release_service_guard() {
  if [ "$policy_written" = 1 ]; then
    rm -f "$policy"
    policy_written=0
  fi
}
trap release_service_guard EXIT

is_root() { [ "$(id -u)" = 0 ]; }

find_pg_bin() {
  local dir
  # The glob is meant to expand here.
  # shellcheck disable=SC2086
  for dir in $pg_bin_dirs; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

has_redis() { command -v redis-server >/dev/null 2>&1; }

# The process listening on a TCP port, as "pid N (command line)", from /proc.
port_holder() {
  local hex inode fd pid
  hex=$(printf ':%04X' "$1")
  inode=$(awk -v port="$hex" '$4 == "0A" && substr($2, length($2) - 4) == port { print $10; exit }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null || true)
  if [ -n "$inode" ]; then
    for fd in /proc/[0-9]*/fd/*; do
      if [ "$(readlink "$fd" 2>/dev/null || true)" = "socket:[$inode]" ]; then
        pid=${fd#/proc/}
        pid=${pid%%/*}
        printf 'pid %s (%s)' "$pid" "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-120 | sed 's/ *$//')"
        return 0
      fi
    done
  fi
  printf 'another process'
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# As root the cluster belongs to 'postgres', which must be able to reach its
# folder; a data folder under a private home (e.g. /root) is not reachable, so
# the cluster then lives in a folder under /var/tmp named after the data folder.
resolve_pg_dir() {
  local existing=$data
  while [ ! -d "$existing" ]; do existing=$(dirname "$existing"); done
  if is_root && id postgres >/dev/null 2>&1; then
    if ! runuser -u postgres -- test -x "$existing" 2>/dev/null; then
      pg_dir="/var/tmp/agent-analytics-$(printf '%s' "$data" | md5sum | cut -c1-12)/postgres"
    fi
  fi
}

# Keeps the packages' own system-wide servers from starting while they are
# installed. An existing policy file is left exactly as it is.
guard_service_starts() {
  if [ -e "$policy" ] || [ -L "$policy" ]; then
    say "keeping the existing $policy"
    return 0
  fi
  printf '#!/bin/sh\n# Written by agent-analytics infra/services.sh while it installs packages.\nexit 101\n' >"$policy"
  policy_written=1
  chmod 755 "$policy"
}

# Runs a command with its output in a log file; on failure shows its last lines.
run_logged() {
  local log=$1
  shift
  if "$@" >>"$log" 2>&1; then
    return 0
  fi
  say "last lines of $log:"
  tail -n 15 "$log" | sed 's/^/    /' >&2
  return 1
}

# install_missing SERVICE...: installs what the named services need.
install_missing() {
  local service pkgs=() names="$*"
  step="checking for ${names// / and }"
  for service in "$@"; do
    if [ "$service" = postgres ] && ! find_pg_bin >/dev/null; then pkgs+=(postgresql); fi
    if [ "$service" = redis ] && ! has_redis; then pkgs+=(redis-server); fi
  done
  if [ ${#pkgs[@]} -eq 0 ]; then
    return 0
  fi
  local manual="install ${pkgs[*]} yourself (Debian/Ubuntu: sudo apt-get install ${pkgs[*]}; macOS: brew install ${pkgs[*]/redis-server/redis}), or set DATABASE_URL and REDIS_URL to servers you run, or use infra/compose.yaml"
  if ! is_root; then
    fail "${pkgs[*]} not installed, and only root can install them here" "$manual"
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    fail "${pkgs[*]} not installed, and there is no apt-get to install them with" "$manual"
  fi

  step="installing ${pkgs[*]} with apt-get"
  mkdir -p "$data"
  local log="$data/install.log"
  : >"$log"
  say "installing ${pkgs[*]} with apt-get (one-time, about a minute; output in $log)"
  export DEBIAN_FRONTEND=noninteractive
  guard_service_starts
  if ! run_logged "$log" apt-get update; then
    fail "apt-get update failed" "check the network and the apt sources (/etc/apt/sources.list*), then run 'bash infra/services.sh up' again; or $manual"
  fi
  if ! run_logged "$log" apt-get install -y --no-install-recommends "${pkgs[@]}"; then
    fail "apt-get install ${pkgs[*]} failed" "read $log, fix the cause (a held lock: wait for the other apt-get to finish), then run 'bash infra/services.sh up' again; or $manual"
  fi
  release_service_guard

  step="checking the installed packages"
  for service in "$@"; do
    if [ "$service" = postgres ] && ! find_pg_bin >/dev/null; then
      fail "initdb and pg_ctl are still not found after installing postgresql" "look for them under /usr/lib/postgresql/*/bin, and put that folder on PATH"
    fi
    if [ "$service" = redis ] && ! has_redis; then
      fail "redis-server is still not found after installing it" "put the folder that holds redis-server on PATH"
    fi
  done
  say "installed ${pkgs[*]}"
}

# Postgres refuses to run as root, so as root the cluster belongs to 'postgres'.
as_pg_owner() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

pg_running() {
  local bin
  if [ ! -f "$pg_dir/postmaster.pid" ]; then return 1; fi
  if ! bin=$(find_pg_bin); then return 1; fi
  as_pg_owner "$bin/pg_ctl" -D "$pg_dir" status >/dev/null 2>&1
}

redis_running() {
  if [ ! -f "$redis_dir/redis.pid" ]; then return 1; fi
  kill -0 "$(cat "$redis_dir/redis.pid")" 2>/dev/null
}

pg_up() {
  step="starting postgres"
  local bin
  bin=$(find_pg_bin)
  if pg_running; then
    say "postgres already running on 127.0.0.1:$pg_port"
    return 0
  fi
  if port_taken "$pg_port"; then
    fail "port $pg_port is held by $(port_holder "$pg_port"), not by this project's postgres" "stop that process, or choose another port with ANALYTICS_PG_PORT"
  fi
  mkdir -p "$data"
  if [ ! -s "$pg_dir/PG_VERSION" ]; then
    step="creating the postgres cluster in $pg_dir"
    say "initialising postgres cluster in $pg_dir"
    mkdir -p "$pg_dir"
    if is_root; then
      chown postgres:postgres "$pg_dir"
      chmod 755 "$(dirname "$pg_dir")"
    fi
    chmod 700 "$pg_dir"
    local init_log="$data/initdb.log"
    if ! as_pg_owner "$bin/initdb" -D "$pg_dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$init_log" 2>&1; then
      say "last lines of $init_log:"
      tail -n 15 "$init_log" | sed 's/^/    /' >&2
      fail "initdb failed" "fix the cause above, remove $pg_dir, and run 'bash infra/services.sh up' again"
    fi
    step="starting postgres"
  fi
  say "starting postgres on 127.0.0.1:$pg_port"
  if ! as_pg_owner "$bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" -w -t 60 start \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $pg_dir -c max_connections=300 -c fsync=${ANALYTICS_PG_FSYNC:-on}" >/dev/null 2>&1; then
    if [ -f "$pg_dir/server.log" ]; then
      say "last lines of $pg_dir/server.log:"
      tail -n 15 "$pg_dir/server.log" | sed 's/^/    /' >&2
    fi
    fail "postgres did not start" "fix the cause above (see $pg_dir/server.log), then run 'bash infra/services.sh up' again"
  fi
}

redis_up() {
  step="starting redis"
  if redis_running; then
    say "redis already running on 127.0.0.1:$redis_port"
    return 0
  fi
  if port_taken "$redis_port"; then
    fail "port $redis_port is held by $(port_holder "$redis_port"), not by this project's redis" "stop that process, or choose another port with ANALYTICS_REDIS_PORT"
  fi
  mkdir -p "$redis_dir"
  say "starting redis on 127.0.0.1:$redis_port"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$redis_dir" --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" --daemonize yes >/dev/null
  local attempt
  for attempt in $(seq 1 50); do
    if redis_running && port_taken "$redis_port"; then
      return 0
    fi
    sleep 0.1
  done
  if [ -f "$redis_dir/redis.log" ]; then
    say "last lines of $redis_dir/redis.log:"
    tail -n 15 "$redis_dir/redis.log" | sed 's/^/    /' >&2
  fi
  fail "redis did not answer on 127.0.0.1:$redis_port within 5 s (tried $attempt times)" "fix the cause above (see $redis_dir/redis.log), then run 'bash infra/services.sh up' again"
}

pg_down() {
  step="stopping postgres"
  if pg_running; then
    say "stopping postgres"
    as_pg_owner "$(find_pg_bin)/pg_ctl" -D "$pg_dir" -m fast -w stop >/dev/null
  else
    say "postgres not running (from $pg_dir)"
  fi
}

redis_down() {
  step="stopping redis"
  if ! redis_running; then
    say "redis not running (from $redis_dir)"
    return 0
  fi
  say "stopping redis"
  local pid
  pid=$(cat "$redis_dir/redis.pid")
  kill "$pid"
  for _ in $(seq 1 50); do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  rm -f "$redis_dir/redis.pid"
}

status() {
  step="reading the status"
  if pg_running; then
    echo "postgres: running  DATABASE_URL=postgres://postgres@127.0.0.1:$pg_port/postgres"
  else
    echo "postgres: stopped"
  fi
  if redis_running; then
    echo "redis:    running  REDIS_URL=redis://127.0.0.1:$redis_port"
  else
    echo "redis:    stopped"
  fi
}

usage() {
  echo "usage: $0 up [postgres|redis] | down [postgres|redis] | status" >&2
  exit 2
}

# `up postgres` or `up redis` installs and starts only that one.
services_named() {
  case "${1:-all}" in
    postgres | redis) echo "$1" ;;
    all) echo "postgres redis" ;;
    *) usage ;;
  esac
}

main() {
  local action=${1:-status} service
  case "$action" in
    up)
      local wanted
      wanted=$(services_named "${2:-all}")
      # Word splitting of the list is intended.
      # shellcheck disable=SC2086
      install_missing $wanted
      resolve_pg_dir
      for service in $wanted; do
        if [ "$service" = postgres ]; then pg_up; else redis_up; fi
      done
      status
      ;;
    down)
      local wanted
      wanted=$(services_named "${2:-all}")
      resolve_pg_dir
      # Redis first: it stops at once, Postgres last.
      for service in redis postgres; do
        case " $wanted " in
          *" $service "*) if [ "$service" = postgres ]; then pg_down; else redis_down; fi ;;
          *) ;;
        esac
      done
      ;;
    status)
      resolve_pg_dir
      status
      ;;
    *) usage ;;
  esac
}

main "$@"
