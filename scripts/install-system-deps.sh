#!/bin/sh
# Install the system packages Handout Kit needs, only where they are missing.
# - WeasyPrint needs Pango (with HarfBuzz and fontconfig) and HarfBuzz-Subset to embed font
#   subsets; cairosvg needs cairo.
# - LibreOffice Impress draws the slides as a real PowerPoint client would: for the gallery's
#   slide pictures and for the tests' render check.
# Idempotent: on a machine that has them this does nothing and needs no network.
set -eu

packages=""
for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0 libcairo.so.2 \
    libfontconfig.so.1; do
    if ! ldconfig -p 2>/dev/null | grep -q "$lib"; then
        packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libcairo2 libfontconfig1 fonts-dejavu-core"
    fi
done
if ! command -v soffice >/dev/null 2>&1; then
    packages="$packages libreoffice-impress"
fi
# Fonts for every script a handout may use (the per-script fallback chain in
# src/handoutkit/fonts/data/scripts.toml names their families): Noto for Arabic, Hebrew,
# Indic, Cyrillic, Greek, Vietnamese and more, Noto CJK for Chinese, Japanese and Korean.
if [ ! -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ]; then
    packages="$packages fonts-noto-core"
fi
if [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then
    packages="$packages fonts-noto-cjk"
fi
# The browser tests (tests/browser) lay the HTML outputs out in Chromium, driven by
# Playwright, and run axe-core in it, which npm installs.
# Optional: where Chromium cannot be installed, the build works and those tests are skipped,
# each saying why.
optional=""
if ! command -v chromium >/dev/null 2>&1; then
    optional="chromium"
fi
if ! command -v npm >/dev/null 2>&1; then
    packages="$packages nodejs npm"
fi
if ! command -v pdftoppm >/dev/null 2>&1; then
    packages="$packages poppler-utils"
fi

if [ -z "$packages" ] && [ -z "$optional" ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    if [ -n "$packages" ]; then
        echo "Handout Kit needs: $packages; install them with your system's package manager." >&2
        exit 1
    fi
    echo "No apt-get: install $optional yourself to run the browser tests." >&2
    exit 0
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
    SUDO="sudo"
fi
$SUDO apt-get update -qq
if [ -n "$packages" ]; then
    echo "Installing system packages Handout Kit needs:$packages"
    # shellcheck disable=SC2086 # the list is meant to split into words
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $packages
fi
if [ -n "$optional" ]; then
    echo "Installing the browser the browser tests use: $optional"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        "$optional" ||
        echo "Could not install $optional: the browser tests will be skipped." >&2
fi
