#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# audio-up.sh — start a private PipeWire + WirePlumber for Galley's audio tests: virtual speaker
# "ci_speaker" (default sink), virtual microphone "ci_mic" (default source) fed through the sink
# "ci_mic_feed". No sound card, no systemd, no D-Bus; works as root.
#
# Usage:  run=$(mktemp -d)
#         env_lines=$(tests/audio/audio-up.sh "$run") && eval "$env_lines"
#         ... clients (the app, pw-cat, pw-record) find the daemon through the exported vars ...
#         tests/audio/audio-down.sh "$run"
# Prints only the export line on stdout; logs go to $run/pipewire.log and $run/wireplumber.log.
# Ready = WirePlumber has published both default nodes (~75 ms; ~250 ms on a loaded machine).
# The daemons outlive this script and are reparented to PID 1, which may leave zombies after
# audio-down.sh where PID 1 does not reap: prefer with-audio.sh, which keeps them as children.
set -eu
GALLEY_AUDIO_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=audio-lib.sh
. "$GALLEY_AUDIO_DIR/audio-lib.sh"
galley_audio_up "${1:?usage: audio-up.sh RUNTIME_DIR}" >&2
echo "export XDG_RUNTIME_DIR='$XDG_RUNTIME_DIR' PIPEWIRE_RUNTIME_DIR='$PIPEWIRE_RUNTIME_DIR'"
