#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# with-keyring.sh TEST [ARGS...] — runs TEST on a private session bus with a fresh, unlocked
# gnome-keyring secret service in a temporary home; the daemon is this script's own child,
# stopped by its pid. Without dbus-run-session or gnome-keyring-daemon, or when the service
# does not come up within 5 s, TEST runs without GALLEY_TEST_KEYRING and skips its keyring
# paths with a TAP skip message.
set -eu
if ! command -v dbus-run-session >/dev/null 2>&1 ||
   ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  exec "$@"
fi
run=$(mktemp -d)
trap 'rm -rf "$run"' EXIT
mkdir -p "$run/home" "$run/runtime"
chmod 700 "$run/runtime"
status=0
HOME="$run/home" XDG_DATA_HOME="$run/home/.local/share" XDG_RUNTIME_DIR="$run/runtime" \
  dbus-run-session -- sh -c '
    # a (test-only) password on stdin creates and unlocks the login keyring
    printf "galley-test" | gnome-keyring-daemon --foreground --unlock --components=secrets \
      >/dev/null 2>&1 &
    pid=$!
    up=0
    for i in $(seq 50); do
      if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
           org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
         grep -q "boolean true"; then
        up=1
        break
      fi
      sleep 0.1
    done
    status=0
    if [ "$up" = 1 ]; then
      GALLEY_TEST_KEYRING=1 "$@" || status=$?
    else
      "$@" || status=$?
    fi
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    exit $status' sh "$@" || status=$?
exit $status
