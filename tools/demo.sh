#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# demo.sh — build Galley (in _build) and run it against its built-in demo restaurant, from the
# source tree without installing. Extra arguments go to galley, e.g. --demo-rate=20.
set -eu
cd "$(dirname "$0")/.."
if [ ! -f _build/build.ninja ]; then
  meson setup _build
fi
ninja -C _build
exec meson devenv -C _build galley --demo "$@"
