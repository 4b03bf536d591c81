#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# extract-pot.sh — extracts Galley's translatable strings (po/POTFILES.in) into a template.
# Used by tests/data/check-po.sh and tools/update-po.sh, so both see the same messages.
# Usage: extract-pot.sh SOURCE_ROOT OUTPUT.pot
set -eu
root=$1
out=$2
exec xgettext --package-name=galley --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
  --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_set_error:4:c-format --flag=g_print:1:c-format --flag=g_printerr:1:c-format \
  -D "$root" -f "$root/po/POTFILES.in" -o "$out"
