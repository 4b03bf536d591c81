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

xgettext --package-name=galley --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
  --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_set_error:4:c-format --flag=g_print:1:c-format --flag=g_printerr:1:c-format \
  -D "$root" -f "$root/po/POTFILES.in" -o "$tmp/galley.pot" 2>"$tmp/xgettext.log" || {
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
