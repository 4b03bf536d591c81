#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# audio-selftest.sh — end-to-end check of the private test audio graph, both directions:
#   microphone: espeak-ng WAV -> pw-cat into "ci_mic_feed" -> loopback -> "ci_mic" -> pw-record
#   speaker:    pw-cat (standing in for the app) -> "ci_speaker" -> its monitor -> pw-record
# Each recording must be non-silent (sox RMS) and its non-silent length must match the
# reference within 50 ms. Use it as the pattern for the app's own capture/playback tests
# (the app replaces pw-record on the mic side and pw-cat on the speaker side).
# Usage: tests/audio/with-audio.sh tests/audio/audio-selftest.sh     (needs espeak-ng, sox, bc)
set -eu
: "${PIPEWIRE_RUNTIME_DIR:?run me under with-audio.sh (or after audio-up.sh)}"
w=$(mktemp -d -t galley-audio-check.XXXXXX)
trap 'rm -rf "$w"' EXIT

# wait (max 5 s) until node $1 has a link: linking is asynchronous; never rely on a fixed sleep
wait_linked() {
  i=0
  until pw-link -l 2>/dev/null | grep -q "^$1:"; do
    i=$((i + 1)); [ $i -le 500 ] || { echo "FAIL: $1 never linked" >&2; pw-link -l >&2; exit 1; }
    sleep 0.01
  done
}
rms() { sox "$1" -n stat 2>&1 | awk '/^RMS +amplitude/ { print $3 }'; }
voiced_s() {   # length of the part between the first and last non-silent sample
  sox "$1" "$w/trim.wav" silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse
  soxi -D "$w/trim.wav"
}
check() {   # check NAME REF REC
  r=$(rms "$3"); lr=$(voiced_s "$2"); lc=$(voiced_s "$3")
  ok=$(echo "$r > 0.01 && ($lc - $lr) < 0.05 && ($lr - $lc) < 0.05" | bc)
  echo "$1: rms=$r voiced_ref=${lr}s voiced_rec=${lc}s -> $([ "$ok" = 1 ] && echo PASS || echo FAIL)"
  [ "$ok" = 1 ]
}

espeak-ng -w "$w/ref.wav" "two cheeseburgers and a large coke"

# microphone direction
pw-record --target ci_mic --rate 24000 --channels 1 --format s16 "$w/mic.wav" & rec=$!
wait_linked pw-record
timeout 20 pw-cat --playback --target ci_mic_feed "$w/ref.wav"
sleep 0.3
kill -INT $rec; wait $rec || true      # SIGINT lets pw-record finish the WAV header
check microphone "$w/ref.wav" "$w/mic.wav"

# speaker direction (record the monitor of the virtual speaker)
pw-record -P '{ stream.capture.sink = true }' --target ci_speaker --rate 24000 --channels 1 \
  --format s16 "$w/spk.wav" & rec=$!
wait_linked pw-record
timeout 20 pw-cat --playback "$w/ref.wav"   # default sink = ci_speaker
sleep 0.3
kill -INT $rec; wait $rec || true
check speaker "$w/ref.wav" "$w/spk.wav"
