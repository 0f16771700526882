#!/usr/bin/env bash
# Install the Debian/Ubuntu packages kotoex uses: Tesseract 5 with Finnish and Swedish data (OCR of
# scanned pages). Idempotent: does nothing when they are installed; runs `apt-get update` only when
# something must be installed. Works as root (containers) or through sudo; on other systems it
# prints what to install and exits 0 (kotoex runs without OCR, with a warning on scanned pages).
set -euo pipefail

# OCR: tesseract + Finnish/Swedish data + orientation detection (osd); base forms: Voikko; browser tests of the HTML reports: chromium
PACKAGES=(tesseract-ocr tesseract-ocr-osd tesseract-ocr-fin tesseract-ocr-swe libvoikko1 voikko-fi python3-libvoikko chromium chromium-driver)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
    for pkg in "${PACKAGES[@]}"; do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
        [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
    done
else
    if command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx fin \
        && tesseract --list-langs 2>/dev/null | grep -qx swe; then
        exit 0
    fi
    echo "install-system-deps: no dpkg here; install Tesseract 5 with Finnish and Swedish data yourself" >&2
    echo "  (macOS: brew install tesseract tesseract-lang). kotoex works without it, except OCR." >&2
    exit 0
fi

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    echo "install-system-deps: need root to install: ${missing[*]} (kotoex works without them, except OCR)" >&2
    exit 0
fi

echo "install-system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
