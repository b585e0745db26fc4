#!/usr/bin/env bash
# The full test suite, as CI runs it: static checks, then every jest tier
# against real Postgres and Redis (started here when none is configured), the
# portal's production build with its code-split check, and the browser tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n==> %s\n' "$*"; }

step "typecheck (service and portal)"
npm run typecheck --silent
npm run typecheck -w portal --silent
step "lint"
npm run lint --silent

if [ -z "${DATABASE_URL:-}" ] || [ -z "${REDIS_URL:-}" ]; then
  step "local services"
  bash infra/services.sh up
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
