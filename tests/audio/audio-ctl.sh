#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# audio-ctl.sh — a private PipeWire + WirePlumber that a test drives line by line, for the
# "sound service dies and comes back" test (tests/test-audio.c, /audio/daemon/kill-restart).
# Galley's addition to the verified recipe scripts; it only sequences audio-lib.sh.
#
# Usage: tests/audio/audio-ctl.sh RUNTIME_DIR   (the test sets XDG_RUNTIME_DIR/PIPEWIRE_RUNTIME_DIR
#        to the same dir), then one command per line on stdin, one reply line on stdout:
#   up     start both daemons (galley_audio_up): "ok" once the default nodes exist, else "fail"
#   kill   kill -9 PipeWire (a crash: its clients get no goodbye), then stop WirePlumber: "ok"
#   nosm   stop WirePlumber only (no session manager: streams are never linked): "ok"
#   down   stop both: "ok"
# End of input stops the daemons and exits. The daemons are this shell's children, so every
# one of them is reaped here (no zombies, even when PID 1 does not reap), and they are
# stopped by saved pid, never by name.
set -u
GALLEY_AUDIO_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=audio-lib.sh
. "$GALLEY_AUDIO_DIR/audio-lib.sh"
run=${1:?usage: audio-ctl.sh RUNTIME_DIR}
trap 'galley_audio_down "$run"' EXIT
trap 'exit 143' INT TERM

while read -r cmd; do
  case $cmd in
    up)
      if galley_audio_up "$run" >&2; then echo ok; else echo fail; fi
      ;;
    kill)
      if [ -f "$run/pipewire.pid" ]; then
        p=$(cat "$run/pipewire.pid")
        kill -9 "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
      fi
      galley_audio_down "$run"   # WirePlumber; PipeWire is already gone
      echo ok
      ;;
    nosm)
      if [ -f "$run/wireplumber.pid" ]; then
        p=$(cat "$run/wireplumber.pid")
        kill "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
        rm -f "$run/wireplumber.pid"
      fi
      echo ok
      ;;
    down)
      galley_audio_down "$run"
      echo ok
      ;;
    *)
      echo "unknown command: $cmd"
      ;;
  esac
done
