#!/usr/bin/env bash
# Install the Debian packages the service tests use: `chromium` (browser test, driven by Python
# playwright with executable_path=/usr/bin/chromium — never `playwright install`) and `postgresql`
# (the PostgreSQL store test starts a throw-away server with initdb/pg_ctl on 127.0.0.1).
#
# Idempotent: installed packages are skipped and `apt-get update` runs only when a package is
# unknown to apt. Without root or apt-get it warns and exits 0; the tests that need these
# binaries then skip with a message saying so.
#
# Usage: sudo scripts/service-deps.sh
set -euo pipefail

PACKAGES=(chromium postgresql)

log() { echo "service-deps: $*"; }
warn() { echo "service-deps: warning: $*" >&2; }

if ! command -v apt-get >/dev/null 2>&1; then
    warn "apt-get not found; install chromium and postgresql with your package manager"
    exit 0
fi

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
for pkg in "${PACKAGES[@]}"; do
    if is_installed "$pkg"; then
        log "$pkg already installed, skipping"
    else
        missing+=("$pkg")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    log "nothing to install"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    warn "not root; run: sudo apt-get install -y --no-install-recommends ${missing[*]}"
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
for pkg in "${missing[@]}"; do
    if ! apt-cache show "$pkg" >/dev/null 2>&1; then
        log "package lists lack $pkg; running apt-get update"
        apt-get update
        break
    fi
done

log "installing ${missing[*]}"
if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
    log "install failed; running apt-get update and retrying"
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
fi
log "done"
