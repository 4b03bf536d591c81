#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a libFuzzer target over a scratch copy of its corpus, so the sources stay untouched.
# Usage: run-fuzzer.sh FUZZER CORPUS-DIR ARTIFACT-DIR [libFuzzer options...]
set -eu

fuzzer=$1
corpus=$2
artifacts=$3
shift 3

work=$(mktemp -d "${TMPDIR:-/tmp}/galley-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

cp "$corpus"/* "$work"/
mkdir -p "$artifacts"

"$fuzzer" -artifact_prefix="$artifacts/" -print_final_stats=1 "$@" "$work"
