#!/usr/bin/env bash
# Install the Debian packages the service tests use: `chromium` (browser test, driven by Python
# playwright with executable_path=/usr/bin/chromium — never `playwright install`) and `postgresql`
# (the PostgreSQL store test starts a throw-away server with initdb/pg_ctl on 127.0.0.1).
#
# Same rules as scripts/system-deps.sh, which does the work: idempotent, `apt-get update` only when
# a package is unknown to apt, and without root or apt-get a warning and exit 0 (the tests that
# need these binaries then skip with a message saying so).
#
# Usage: sudo scripts/service-deps.sh
set -euo pipefail
exec bash "$(dirname "$0")/system-deps.sh" chromium postgresql
