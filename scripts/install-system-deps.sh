#!/bin/sh
# Install the system libraries Handout Kit needs, only where they are missing.
# WeasyPrint needs Pango (with HarfBuzz and fontconfig) and HarfBuzz-Subset to embed
# font subsets; cairosvg needs cairo.
# Idempotent: on a machine that has them this does nothing and needs no network.
set -eu

missing=""
for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0 libcairo.so.2 \
    libfontconfig.so.1; do
    if ! ldconfig -p 2>/dev/null | grep -q "$lib"; then
        missing="yes"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "Handout Kit needs Pango, cairo and fontconfig; install them with your system's package manager." >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
    SUDO="sudo"
fi
echo "Installing Pango, HarfBuzz, cairo and fontconfig (needed by WeasyPrint)..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libcairo2 libfontconfig1 fonts-dejavu-core
