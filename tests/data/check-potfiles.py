#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a source file with translatable strings is missing from po/POTFILES.in, when
POTFILES.in names a file that does not exist, or when it is not sorted.

Usage: check-potfiles.py SOURCE_ROOT
"""
import os
import re
import sys

MARKERS = re.compile(r'(?<![A-Za-z0-9_])(_|N_|C_|NC_|ngettext)\s*\(\s*"|translatable="yes"')
EXTENSIONS = ('.c', '.ui', '.in', '.xml')


def main():
    root = sys.argv[1]
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        listed = [line.strip() for line in f
                  if line.strip() and not line.startswith('#')]
    problems = []
    if listed != sorted(listed):
        problems.append('po/POTFILES.in is not sorted')
    for path in listed:
        if not os.path.exists(os.path.join(root, path)):
            problems.append('po/POTFILES.in lists a missing file: ' + path)
    for top in ('src', 'data'):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for name in files:
                if not name.endswith(EXTENSIONS) or name.endswith('.gresource.xml'):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                with open(path, encoding='utf-8') as f:
                    text = f.read()
                if MARKERS.search(text) and rel not in listed:
                    problems.append('has translatable strings but is not in po/POTFILES.in: ' + rel)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
