#!/usr/bin/env bash
# The full test suite, as CI runs it: static checks, then every jest tier
# against real Postgres and Redis (started here when none is configured).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }

step "typecheck"
npm run typecheck --silent
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
