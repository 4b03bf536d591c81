#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# install-deps.sh — install what Galley needs to build, run its demo and run its tests on
# Debian 12. Idempotent: installs only the packages that are missing. Run as root (or with sudo).
# Sound: libpipewire-0.3-dev to build; libspa-0.2-modules holds the SPA plugins the engine loads;
# the audio tests run a private daemon (pipewire, wireplumber) and use pw-cli, pw-link,
# pw-metadata, pw-record and pw-cat (all in pipewire-bin, per dpkg -S); tests/audio/
# audio-selftest.sh also needs espeak-ng, sox (and soxi) and bc.
# Voice: libsecret-1-dev to build (the API key in the keyring); the keyring test runs a
# private gnome-keyring-daemon on a private session bus (dbus, dbus-x11).
# Offline voice (spec/voice.md §8): libpocketsphinx-dev and libsphinxbase-dev to build,
# pocketsphinx-en-us for the model; tests/test-offline-voice.c speaks its orders with espeak-ng
# and converts them to 16 kHz with sox.
# Locales: tests/test-locale.c formats money and times under de_DE.UTF-8, es_ES.UTF-8 and
# en_US.UTF-8 (skipped when missing); generate_locales (below) makes the missing ones.
set -eu

packages="
  gcc clang libclang-rt-14-dev pkg-config meson ninja-build gettext itstool
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libsqlite3-dev
  libsecret-1-dev gnome-keyring
  libgtk-4-bin desktop-file-utils appstream python3 python3-gi gir1.2-atspi-2.0
  xvfb xauth dbus dbus-x11 at-spi2-core fonts-dejavu-core adwaita-icon-theme imagemagick
  valgrind procps groff-base
  libpipewire-0.3-dev libspa-0.2-modules pipewire pipewire-bin wireplumber sox espeak-ng bc
  libpocketsphinx-dev libsphinxbase-dev pocketsphinx-en-us
  locales
"

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

# Idempotent: enables in /etc/locale.gen only the test locales that `locale -a` lacks, then
# runs locale-gen once (it rebuilds the enabled ones, which are then all present).
generate_locales() {
  need=""
  for l in de_DE.UTF-8 es_ES.UTF-8 en_US.UTF-8; do
    short=$(echo "$l" | sed 's/UTF-8/utf8/')
    if ! locale -a 2>/dev/null | grep -qx "$short"; then
      need="$need $l"
    fi
  done
  if [ -z "$need" ]; then
    echo "install-deps: test locales present"
    return 0
  fi
  echo "install-deps: generating locales$need"
  for l in $need; do
    if grep -q "^# *$l UTF-8" /etc/locale.gen; then
      $sudo sed -i "s/^# *$l UTF-8/$l UTF-8/" /etc/locale.gen
    elif ! grep -q "^$l UTF-8" /etc/locale.gen; then
      echo "$l UTF-8" | $sudo tee -a /etc/locale.gen >/dev/null
    fi
  done
  $sudo locale-gen
}

if [ -z "$missing" ]; then
  echo "install-deps: all packages present"
  generate_locales
  exit 0
fi

echo "install-deps: installing$missing"
$sudo apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
generate_locales
