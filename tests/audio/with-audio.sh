#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# with-audio.sh — run one command with its own private PipeWire + WirePlumber in a fresh
# mktemp -d runtime dir, then stop the daemons (reaped: this shell is their parent) and remove
# the dir, whatever the command did. Exit status is the command's. Parallel runs are independent.
# Usage: tests/audio/with-audio.sh build/tests/test-voice-capture [args...]
#        (from meson: test('voice', with_audio, args: [exe], suite: 'audio', env: test_env))
set -eu
GALLEY_AUDIO_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=audio-lib.sh
. "$GALLEY_AUDIO_DIR/audio-lib.sh"
run=$(mktemp -d -t galley-audio.XXXXXX)
trap 'galley_audio_down "$run"; rm -rf "$run"' EXIT
trap 'exit 143' INT TERM
galley_audio_up "$run"
rc=0
"$@" || rc=$?
exit $rc
