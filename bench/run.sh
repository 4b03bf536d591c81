#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run.sh — build and run every benchmark and print the figures with the machine facts.
# Usage: bench/run.sh [BUILD_DIR]   (default _bench; an optimised build). Needs the packages of
# tools/install-deps.sh. Runs under its own Xvfb and session bus. Takes a few minutes
# (GALLEY_BENCH_RECONNECTS=1000 shortens the reconnect figure, GALLEY_BENCH_BUMPS the kitchen
# log's, GALLEY_BENCH_EVENTS the kitchen board's event figure, GALLEY_BENCH_MATCHES the
# matcher's, GALLEY_BENCH_OFFLINE_ROUNDS the offline recogniser's decodes per order,
# GALLEY_BENCH_KEYSTROKES the counter search's, at least 200; GALLEY_BENCH_ADDS and
# GALLEY_BENCH_TAPS the counter's add-to-cart figures, back to back and at a cashier's pace; GALLEY_BENCH_VOICE="BURSTS TURNS SESSIONS" the voice figures,
# default "24 12 110").
set -eu
cd "$(dirname "$0")/.."
build=${1:-_bench}

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dbuildtype=release -Dtests=false >/dev/null
fi
ninja -C "$build" >/dev/null

echo "== machine"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores"
echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
echo "kernel: $(uname -r); $(. /etc/os-release && echo "$PRETTY_NAME")"
echo "gtk $(pkg-config --modversion gtk4), libadwaita $(pkg-config --modversion libadwaita-1), glib $(pkg-config --modversion glib-2.0), libsoup $(pkg-config --modversion libsoup-3.0)"
echo "display: Xvfb, GSK_RENDERER=cairo"
echo

export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" GSK_RENDERER=cairo \
       GDK_DEBUG=gl-disable ADW_DISABLE_PORTAL=1 GTK_A11Y=none NO_AT_BRIDGE=1

echo "== order feed (no display needed)"
"$build/bench/bench-feed" "${GALLEY_BENCH_RECONNECTS:-10000}"
echo

echo "== kitchen log (no display needed; on the disk of the build folder)"
"$build/bench/bench-kitchen-log" "${GALLEY_BENCH_BUMPS:-1000}" "$build"
echo

echo "== menu matcher (no display needed)"
"$build/bench/bench-matcher" "${GALLEY_BENCH_MATCHES:-2000}"
echo

echo "== offline voice (no display needed; espeak-ng and sox speak the orders)"
"$build/bench/bench-offline" "${GALLEY_BENCH_OFFLINE_ROUNDS:-3}"
echo

echo "== figures"
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" sh -c "
  '$build/bench/bench-startup' '$build/src/galley' 7
  '$build/bench/bench-window' 200
  '$build/bench/bench-rss' '$build/src/galley' 60
" 2>/dev/null
echo

echo "== kitchen board (500 open orders; the outbox and kitchen log on the disk of the build folder)"
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
  "$build/bench/bench-kitchen" "${GALLEY_BENCH_EVENTS:-1200}" "$build" 2>/dev/null
echo

echo "== counter menu search (500 dishes, in a mapped menu panel)"
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
  "$build/bench/bench-counter-search" "${GALLEY_BENCH_KEYSTROKES:-400}" 2>/dev/null
echo

echo "== counter (a 500-item menu)"
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x1024x24" \
  "$build/bench/bench-counter" "${GALLEY_BENCH_ADDS:-500}" 50 "${GALLEY_BENCH_TAPS:-200}" 2>/dev/null
echo

echo "== voice (a private PipeWire, tests/audio/with-audio.sh; the fake Realtime server in process)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
tests/audio/with-audio.sh "$build/bench/bench-voice" ${GALLEY_BENCH_VOICE:-24 12 110} 2>/dev/null
