#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# po-set-translations.py — fills msgstr in a .po file from a JSON object and clears the fuzzy
# flags (and "#|" previous-msgid comments) of the messages it fills.
# Usage: po-set-translations.py FILE.po TRANSLATIONS.json
#   Keys:   "MSGID" for a message without msgctxt, "CONTEXT\u0004MSGID" for one with
#           msgctxt "CONTEXT". A plain "MSGID" key also fills the messages with a msgctxt
#           and that msgid which have no exact "CONTEXT\u0004MSGID" key, as long as the file
#           has no message with that msgid and no msgctxt (older callers pass plain keys).
#   Values: a string, or for a plural message (msgid_plural) a list with one string per
#           plural form (msgstr[0], msgstr[1], …; as many as the header's nplurals).
# msgids and msgctxts continued over several lines are understood, so wrapped files work;
# filled msgstrs are written on one line (run msgcat --no-wrap first to keep the file even).
# Prints the keys it found no message for; exits 1 if a value does not fit its message.
import json
import re
import sys

KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')
CONTINUATION = re.compile(r'^"(.*)"\s*$')
ESCAPES = {'n': '\n', 't': '\t', 'r': '\r', '\\': '\\', '"': '"', 'a': '\a', 'b': '\b',
           'f': '\f', 'v': '\v'}


def unescape(s):
    return re.sub(r'\\(.)', lambda m: ESCAPES.get(m.group(1), m.group(0)), s)


def escape(s):
    return (s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')
            .replace('\t', '\\t').replace('\r', '\\r'))


def parse(block):
    """Returns {field: value} and the line numbers of the msgstr lines (with continuations)."""
    fields, msgstr_lines, current = {}, [], None
    for i, line in enumerate(block.split('\n')):
        m = KEYWORD.match(line)
        if m:
            current = m.group(1)
            fields[current] = unescape(m.group(3))
            if current.startswith('msgstr'):
                msgstr_lines.append(i)
            continue
        m = CONTINUATION.match(line)
        if m and current is not None:
            fields[current] += unescape(m.group(1))
            if current.startswith('msgstr'):
                msgstr_lines.append(i)
        else:
            current = None
    return fields, msgstr_lines


def fill(block, msgstr_lines, values, plural):
    lines = block.split('\n')
    first = msgstr_lines[0]
    if plural:
        new = ['msgstr[%d] "%s"' % (n, escape(v)) for n, v in enumerate(values)]
    else:
        new = ['msgstr "%s"' % escape(values)]
    lines = [l for i, l in enumerate(lines) if i not in set(msgstr_lines[1:])]
    lines[first:first + 1] = new
    out = []
    for line in lines:
        if line.startswith('#|'):
            continue
        if line.startswith('#,'):
            flags = [f.strip() for f in line[2:].split(',')]
            flags = [f for f in flags if f and f != 'fuzzy']
            if not flags:
                continue
            line = '#, ' + ', '.join(flags)
        out.append(line)
    return '\n'.join(out)


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: po-set-translations.py FILE.po TRANSLATIONS.json')
    path, tpath = sys.argv[1], sys.argv[2]
    with open(tpath, encoding='utf-8') as f:
        tr = json.load(f)
    with open(path, encoding='utf-8') as f:
        blocks = f.read().split('\n\n')

    parsed = [parse(b) for b in blocks]
    nplurals = None
    plain_ids = set()
    for fields, _ in parsed:
        if fields.get('msgid') == '' and 'msgctxt' not in fields:
            m = re.search(r'nplurals\s*=\s*(\d+)', fields.get('msgstr', ''))
            if m:
                nplurals = int(m.group(1))
        elif 'msgid' in fields and 'msgctxt' not in fields:
            plain_ids.add(fields['msgid'])

    out, done, bad, errors = [], set(), set(), []
    for block, (fields, msgstr_lines) in zip(blocks, parsed):
        mid = fields.get('msgid')
        if not mid or not msgstr_lines:
            out.append(block)
            continue
        if 'msgctxt' in fields:
            key = fields['msgctxt'] + '\x04' + mid
            if key not in tr and mid not in plain_ids and mid in tr:
                key = mid
        else:
            key = mid
        if key not in tr:
            out.append(block)
            continue
        value = tr[key]
        plural = 'msgid_plural' in fields
        expected = nplurals or sum(1 for k in fields if k.startswith('msgstr['))
        if plural:
            ok = (isinstance(value, list) and len(value) == expected
                  and all(isinstance(v, str) for v in value))
            want = 'a list of %d strings' % expected
        else:
            ok = isinstance(value, str)
            want = 'a string'
        if not ok:
            errors.append('%r: needs %s' % (key, want))
            bad.add(key)
            out.append(block)
            continue
        out.append(fill(block, msgstr_lines, value, plural))
        done.add(key)

    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n\n'.join(out))
    missing = set(tr) - done - bad
    if missing:
        print('not found:', sorted(missing))
    for err in errors:
        print('not filled:', err, file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == '__main__':
    main()
