#!/usr/bin/env bash
# The full test suite, as CI runs it: static checks, then every jest tier
# against real Postgres and Redis (started here when none is configured, on the
# test ports of infra/test-services.env, and stopped again at the end), the
# portal's production build with its code-split check, and the browser tests.
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NEXT_TELEMETRY_DISABLED=1

current_step="starting"
step() {
  current_step=$*
  printf '\n==> %s\n' "$*"
}
trap 'printf "\n[test] failed in step: %s (exit %s)\n" "$current_step" "$?" >&2' ERR

# Test ports and data folder, unless given in the environment.
while IFS='=' read -r name value; do
  if [ -z "${!name:-}" ]; then export "$name=$value"; fi
done < <(grep -E '^[A-Z_]+=' infra/test-services.env)

started_services=()
stop_started_services() {
  local service
  for service in "${started_services[@]}"; do
    bash infra/services.sh down "$service" || true
  done
}
trap stop_started_services EXIT

step "typecheck (service and portal)"
npm run typecheck --silent
npm run typecheck -w portal --silent
step "lint"
npm run lint --silent

if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  step "local services for the tests (Postgres :$ANALYTICS_PG_PORT, Redis :$ANALYTICS_REDIS_PORT)"
  before=$(bash infra/services.sh status)
  bash infra/services.sh up
  for service in postgres redis; do
    if grep -q "^$service: *stopped" <<<"$before"; then started_services+=("$service"); fi
  done
fi

step "unit tests"
npm run test:unit --silent
step "integration tests"
npm run test:int --silent

step "portal build and code-split check"
npm run build -w portal --silent
npm run check:bundle -w portal --silent

step "browser tests"
bash infra/chromium.sh
npm run test:e2e --silent
