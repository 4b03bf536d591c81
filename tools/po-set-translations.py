#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# po-set-translations.py — fills msgstr for the msgids in a JSON object {msgid: translation}
# and clears their fuzzy flags. Run msgcat --no-wrap on the .po first.
import json, re, sys
path, tpath = sys.argv[1], sys.argv[2]
tr = json.load(open(tpath))
def esc(s): return s.replace('\\','\\\\').replace('"','\\"').replace('\n','\\n')
blocks = open(path).read().split('\n\n')
out=[]; done=set()
for b in blocks:
    m = re.search(r'^msgid "(.*)"$', b, re.M)
    if m:
        mid = m.group(1).replace('\\"','"').replace('\\n','\n').replace('\\\\','\\')
        if mid in tr and mid:
            b = re.sub(r'^msgstr ".*"$', lambda _: 'msgstr "%s"' % esc(tr[mid]), b, flags=re.M)
            b = re.sub(r'^#, fuzzy\n', '', b, flags=re.M)
            b = re.sub(r'^(#,.*), fuzzy', r'\1', b, flags=re.M)
            b = re.sub(r'^#\| .*\n?', '', b, flags=re.M)
            done.add(mid)
    out.append(b)
open(path,'w').write('\n\n'.join(out))
missing = set(tr)-done
if missing: print("not found:", missing)
