#!/usr/bin/env bash
# Install the Debian packages cvmatch uses at run time: tesseract OCR for scanned PDFs, with the
# English, French, German and Spanish language packs; and Korean and Chinese fonts (Nanum,
# WenQuanYi Micro Hei) that the tests need to write KO/ZH PDFs (tests/languages; skipped without).
#
# Idempotent: packages already installed are skipped, and `apt-get update` runs only when a
# package is missing from the local package lists. Without root or apt-get it warns and exits 0,
# because OCR is optional (cvmatch reports OcrUnavailableError for scanned PDFs instead).
#
# Usage: sudo scripts/system-deps.sh [PACKAGE...]
# With no arguments it installs the OCR packages below; scripts/service-deps.sh passes its own.
set -euo pipefail

if [ "$#" -gt 0 ]; then
    PACKAGES=("$@")
else
    PACKAGES=(
        tesseract-ocr
        tesseract-ocr-eng
        tesseract-ocr-fra
        tesseract-ocr-deu
        tesseract-ocr-spa
        fonts-nanum
        fonts-wqy-microhei
    )
fi

log() { echo "system-deps: $*"; }
warn() { echo "system-deps: warning: $*" >&2; }

if ! command -v apt-get >/dev/null 2>&1; then
    warn "apt-get not found; install ${PACKAGES[*]} with your package manager"
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
# Refresh the package lists only when one of the missing packages is unknown to apt.
for pkg in "${missing[@]}"; do
    if ! apt-cache show "$pkg" >/dev/null 2>&1; then
        log "package lists lack $pkg; running apt-get update"
        apt-get update
        break
    fi
done

log "installing ${missing[*]}"
if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
    # Stale package lists point at files the mirror no longer has: refresh once and retry.
    log "install failed; running apt-get update and retrying"
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
fi
log "done: ${PACKAGES[*]}"
