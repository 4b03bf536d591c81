#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-po.sh — every translation in po/LINGUAS compiles (with format checks) and is complete
# against the sources as they are now: the template is extracted afresh (as meson's
# galley-pot target does), merged into a copy of each .po, and any untranslated or fuzzy
# message fails the test, naming it.
# Usage: check-po.sh SOURCE_ROOT
set -u
root=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0

"$root/tools/extract-pot.sh" "$root" "$tmp/galley.pot" 2>"$tmp/xgettext.log" || {
  cat "$tmp/xgettext.log" >&2
  exit 1
}

for lang in $(grep -v '^#' "$root/po/LINGUAS"); do
  msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" "$root/po/$lang.po" "$tmp/galley.pot" || rc=1
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1) || rc=1
  echo "$lang: $stats"
  if [ -n "$(msgattrib --untranslated --no-wrap "$tmp/$lang.po" | grep '^msgid ' | grep -v '^msgid ""$')" ]; then
    echo "$lang.po lacks these translations:" >&2
    msgattrib --untranslated --no-wrap "$tmp/$lang.po" | grep '^msgid ' | grep -v '^msgid ""$' >&2
    rc=1
  fi
  if [ -n "$(msgattrib --only-fuzzy --no-wrap "$tmp/$lang.po" | grep '^msgid ' | grep -v '^msgid ""$')" ]; then
    echo "$lang.po has fuzzy translations:" >&2
    msgattrib --only-fuzzy --no-wrap "$tmp/$lang.po" | grep '^msgid ' >&2
    rc=1
  fi
done
exit $rc
