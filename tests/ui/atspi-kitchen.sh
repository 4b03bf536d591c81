#!/bin/sh
# SPDX-FileCopyrightText: The Galley contributors
# SPDX-License-Identifier: GPL-3.0-or-later
# atspi-kitchen.sh — runs atspi-kitchen.py (or SCRIPT) on an X server and a session bus of its own.
# Usage: atspi-kitchen.sh GALLEY SCHEMA_DIR [SCRIPT]   (meson: suite 'ui', tests 'atspi-kitchen',
#        'atspi-counter', 'atspi-walk'); SCRIPT is a python file next to this one, by default
#        atspi-kitchen.py, run with the arguments GALLEY SCHEMA_DIR.
#
# Why not the display and bus around `meson test`: synthesised keys go through the a11y
# registry, which sends them with XTest to the display it was started with. Under the usual
# `dbus-run-session -- xvfb-run … meson test` the bus, hence the registry, has no DISPLAY and
# the keys go nowhere. Other GUI tests' windows on a shared display would also take the
# keyboard focus. So: a private Xvfb (-displayfd picks a free display number atomically, no
# xvfb-run -a race with other runs on the machine), then a private bus started with DISPLAY
# set. Everything is bounded: Xvfb start 10 s, the test 80 s (meson's timeout is 90 s;
# GALLEY_UI_LIMIT_S changes it).
# By hand, with the app under valgrind (every wait ten times longer):
#   GALLEY_UI_TIME_SCALE=10 GALLEY_UI_APP_WRAPPER="valgrind --error-exitcode=99 ..." \
#     tests/ui/atspi-kitchen.sh _build/src/galley _build/data
# (With Galley as it is now this stops at "Signed out": under valgrind the demo's PIN sign-in
# takes longer than the REST client's 15 s and is not tried again.)
set -u
here=$(cd "$(dirname "$0")" && pwd)
galley=$1 schema_dir=$2 script=${3:-atspi-kitchen.py}

run=$(mktemp -d "${TMPDIR:-/tmp}/galley-atspi-x.XXXXXX")
xpid=
cleanup () {
  if [ -n "$xpid" ]; then
    kill "$xpid" 2>/dev/null
    wait "$xpid" 2>/dev/null
  fi
  rm -rf "$run"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset 3>"$run/display" \
  >"$run/xvfb.log" 2>&1 &
xpid=$!

display=
i=0
while [ $i -lt 100 ]; do
  display=$(head -n 1 "$run/display" 2>/dev/null)
  [ -n "$display" ] && break
  if ! kill -0 "$xpid" 2>/dev/null; then
    break
  fi
  sleep 0.1
  i=$((i + 1))
done
if [ -z "$display" ]; then
  echo "FAIL: Xvfb did not start" >&2
  cat "$run/xvfb.log" >&2
  exit 1
fi

DISPLAY=":$display"
export DISPLAY
unset WAYLAND_DISPLAY GTK_A11Y NO_AT_BRIDGE
# GALLEY_UI_TIME_SCALE (the python scripts) stretches this limit too; GALLEY_UI_LIMIT_S sets
# it for a longer script (meson's timeout must be longer still)
limit=$(awk "BEGIN { print int(${GALLEY_UI_LIMIT_S:-80} * ${GALLEY_UI_TIME_SCALE:-1}) }")
# dbus-daemon's "Failed to set fd limit" complaint is harmless (guide/testing.md)
timeout -k 5 "$limit" dbus-run-session -- /usr/bin/python3 "$here/$script" "$galley" "$schema_dir"
