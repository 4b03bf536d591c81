#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-tests.sh — build Galley twice and run every test headless (guide/testing.md):
#   1. gcc, warnings as errors: every suite (unit, net, gui, gate, data, cli, install, audio, ui)
#   2. clang with AddressSanitizer + UndefinedBehaviorSanitizer + LeakSanitizer: the leak tests
#      (audio included: each audio test runs its own private PipeWire), a minute of
#      libFuzzer on the order-frame parser, and the keyboard-driven Kitchen view (ui: ASan and
#      UBSan errors; its app runs without LSan, see tests/ui/atspi-kitchen.py)
#   3. valgrind memcheck on the gcc build (suites unit, net, gui; 20 iterations per cycle test),
#      then the audio-memcheck suite: the audio tests with valgrind inside tests/audio/
#      with-audio.sh (3 iterations; PipeWire clients run 20-30x slower under memcheck)
#   4. a screenshot of `galley --demo` in _ci/artifacts/
# Each step has its own Xvfb and session bus, and a time limit. Exit status: 0 when all pass.
set -eu
cd "$(dirname "$0")/.."

out=_ci
mkdir -p "$out/artifacts"
xrun () {   # xrun SECONDS COMMAND...: under a private X server and session bus, with a limit
  limit=$1
  shift
  timeout "$limit" dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" "$@"
}
step () {
  echo
  echo "==== $* ($(date -u +%H:%M:%S))"
}
setup () {   # setup DIR OPTIONS...
  dir=$1
  shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
}

step "gcc build"
setup "$out/build" -Dbuildtype=debugoptimized -Dwerror=true
ninja -C "$out/build"

step "clang build with address and undefined-behaviour sanitizers"
CC=clang setup "$out/asan" -Dbuildtype=debug -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false \
  -Dfuzzing=true
ninja -C "$out/asan"

step "all tests (gcc)"
xrun 1500 meson test -C "$out/build" --no-rebuild --print-errorlogs --num-processes 2

step "leak tests under ASan/LSan (clang)"
# 200 open/close cycles per view here (LSan reports at exit whatever the count); the gcc run
# above does the full 1,000 with the leak gates
GALLEY_TEST_ITER=200 xrun 1500 meson test -C "$out/asan" --no-rebuild --print-errorlogs --num-processes 2 \
  --suite unit --suite net --suite gui --suite cli --suite install --suite fuzz --suite audio --suite ui \
  --suite keyring

step "leak tests under valgrind memcheck (gcc)"
xrun 2400 meson test -C "$out/build" --no-rebuild --print-errorlogs --num-processes 2 \
  --setup valgrind --suite unit --suite net --suite gui
# not --setup valgrind: valgrind must run inside the audio wrapper, not around it
xrun 1800 meson test -C "$out/build" --no-rebuild --print-errorlogs --num-processes 2 \
  --suite audio-memcheck

step "screenshot"
GSETTINGS_SCHEMA_DIR="$out/build/data" DELAY_S=3 \
  xrun 120 tests/ui/screenshot.sh "$out/artifacts/main.png" "$out/build/src/galley" --demo --demo-rate=30 || \
  echo "screenshot failed (not a test)"

echo
echo "==== all tests passed ($(date -u +%H:%M:%S))"
