#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# screenshots.sh — the screenshots of README.md and the metainfo, taken from the real app
# running its demo restaurant under Xvfb: data/screenshots/main.png (default style) and
# data/screenshots/main-dark.png. Look at them before committing.
# Usage: tools/screenshots.sh [BUILD_DIR]   (default _build, already built)
set -eu
cd "$(dirname "$0")/.."
build=${1:-_build}
out=data/screenshots
mkdir -p "$out"

shoot () {   # shoot FILE THEME
  dir=$(mktemp -d)
  # a private settings file, so the style and window size are chosen here and nothing leaks out
  XDG_CONFIG_HOME="$dir" GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data" \
    gsettings set io.github.galleypos.Galley theme "$2"
  XDG_CONFIG_HOME="$dir" GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data" \
    gsettings set io.github.galleypos.Galley window-width 1100
  XDG_CONFIG_HOME="$dir" GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data" \
    gsettings set io.github.galleypos.Galley window-height 760
  XDG_CONFIG_HOME="$dir" GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data" \
    GSK_RENDERER=cairo DELAY_S=6 \
    dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
    tests/ui/screenshot.sh "$1" "$build/src/galley" --demo --demo-rate=40 --demo-seed=42
  rm -rf "$dir"
  echo "wrote $1"
}

shoot "$out/main.png" system
shoot "$out/main-dark.png" dark
