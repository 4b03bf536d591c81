#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-po.sh — every translation in po/LINGUAS compiles (with format checks) and is complete:
# no untranslated and no fuzzy messages.
# Usage: check-po.sh SOURCE_ROOT
set -u
root=$1
rc=0
for lang in $(grep -v '^#' "$root/po/LINGUAS"); do
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$root/po/$lang.po" 2>&1) || rc=1
  echo "$lang: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*) echo "$lang.po is incomplete" >&2; rc=1 ;;
  esac
done
exit $rc
