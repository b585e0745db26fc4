#!/usr/bin/env bash
# Makes sure Debian's Chromium is present for the browser tests (playwright-core
# drives it; it never downloads a browser of its own).
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "[chromium] installing Debian's chromium with apt-get (one-time)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
else
  echo "[chromium] $chromium not found: install Chromium (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH" >&2
  exit 1
fi
