#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# update-po.sh — merges the current sources' strings into every po/*.po listed in po/LINGUAS,
# so a translator sees what is new (untranslated) or changed (fuzzy). tests/data/check-po.sh
# fails until each of those is translated.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/tools/extract-pot.sh" "$root" "$tmp/galley.pot"
for lang in $(grep -v '^#' "$root/po/LINGUAS"); do
  msgmerge --quiet --update --backup=none "$root/po/$lang.po" "$tmp/galley.pot"
  printf '%s: ' "$lang"
  LC_ALL=C msgfmt --check --statistics -o /dev/null "$root/po/$lang.po"
done
