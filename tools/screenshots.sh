#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# screenshots.sh — the screenshots of README.md and the metainfo, taken from the real app
# running its demo restaurant under Xvfb:
#   data/screenshots/main.png, main-dark.png          Diagnostics, default and dark style
#   data/screenshots/kitchen.png, kitchen-dark.png     Kitchen view with a busy feed
#   data/screenshots/kitchen-high-contrast.png         the same with the high-contrast setting
#   data/screenshots/kitchen-large-text.png            the Kitchen view with the large-text setting
#   data/screenshots/counter-large-text.png            the Counter with the large-text setting
# Look at them before committing.
# Usage: tools/screenshots.sh [BUILD_DIR]   (default _build, already built)
#        SCREENSHOTS_ONLY=NAME.png tools/screenshots.sh   retakes only that one
set -eu
cd "$(dirname "$0")/.."
build=${1:-_build}
out=data/screenshots
mkdir -p "$out"

# a private PipeWire (tests/audio/), so the Kitchen view's header does not say "No sound"
with_audio=
if command -v pipewire >/dev/null && command -v wireplumber >/dev/null; then
  with_audio=tests/audio/with-audio.sh
fi

# shoot FILE VIEW WIDTH HEIGHT [KEY=VALUE...]: settings are GSettings keys, values in
# gsettings syntax; the view is the one Galley starts on (the last-view key).
shoot () {
  file=$1 view=$2 width=$3 height=$4
  shift 4
  if [ -n "${SCREENSHOTS_ONLY:-}" ] && [ "$(basename "$file")" != "$SCREENSHOTS_ONLY" ]; then
    return 0
  fi
  dir=$(mktemp -d)
  # a private settings file, so the style and window size are chosen here and nothing leaks out
  set -- "last-view=$view" "window-width=$width" "window-height=$height" "$@"
  for setting in "$@"; do
    XDG_CONFIG_HOME="$dir" GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data" \
      gsettings set io.github.galleypos.Galley "${setting%%=*}" "${setting#*=}"
  done
  XDG_CONFIG_HOME="$dir" GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$build/data" \
    GSK_RENDERER=cairo DELAY_S=6 \
    $with_audio dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
    tests/ui/screenshot.sh "$file" "$build/src/galley" --demo --demo-rate=40 --demo-seed=42
  rm -rf "$dir"
  echo "wrote $file"
}

shoot "$out/main.png" diagnostics 1100 760 theme=system
shoot "$out/main-dark.png" diagnostics 1100 760 theme=dark
# the default window size: four cards a page (the Kitchen view fits a card in every 280 pixels)
shoot "$out/kitchen.png" kitchen 1280 800 theme=system
shoot "$out/kitchen-dark.png" kitchen 1280 800 theme=dark
shoot "$out/kitchen-high-contrast.png" kitchen 1280 800 theme=system high-contrast=true
# large text (Preferences → Kitchen → Large text): read from across the kitchen or the counter
shoot "$out/kitchen-large-text.png" kitchen 1280 800 theme=system large-text=true
shoot "$out/counter-large-text.png" counter 1280 800 theme=system large-text=true
