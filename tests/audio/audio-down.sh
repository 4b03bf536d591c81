#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# audio-down.sh — stop the PipeWire + WirePlumber that audio-up.sh started in RUNTIME_DIR, by their
# saved pids (never by name), and wait until they are gone (SIGKILL after 2 s each).
# Usage: tests/audio/audio-down.sh RUNTIME_DIR
GALLEY_AUDIO_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=audio-lib.sh
. "$GALLEY_AUDIO_DIR/audio-lib.sh"
galley_audio_down "${1:?usage: audio-down.sh RUNTIME_DIR}"
