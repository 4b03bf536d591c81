#!/usr/bin/python3
# SPDX-FileCopyrightText: The Galley contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The man pages and the programs must never drift apart:
#
#   check-man.py PROGRAM PAGE.1 [GROFF]
#
# runs PROGRAM --help-all (falling back to --help), and fails when an option it prints is not
# documented in PAGE.1's OPTIONS section, or when that section documents an option the program
# does not have. With GROFF, the page must also format without a warning. Before checking the
# real page, the check is run on copies of it with one option taken out, and must refuse each.
# TAP output.

import os
import re
import subprocess
import sys

OPTION_RE = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def help_options(program):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="")
    out = ""
    for flag in ("--help-all", "--help"):
        proc = subprocess.run([program, flag], capture_output=True, text=True, env=env, timeout=30)
        if proc.returncode == 0:
            out = proc.stdout
            break
    options = []
    for line in out.splitlines():
        # option lines are indented and start with a dash: "  -p, --port=PORT   text"
        m = re.match(r"^\s+(-[^ ,]*(?:, -[^ ,]*)*)\s", line + " ")
        if not m:
            continue
        for token in m.group(1).split(", "):
            name = token.split("=", 1)[0]
            if OPTION_RE.fullmatch(name):
                options.append(name)
    return options


def plain(roff):
    """roff source to searchable text: \\- to -, font changes and requests dropped."""
    text = roff.replace("\\-", "-").replace("\\(em", "-")
    text = re.sub(r"\\f[BIRP]|\\f\(..|\\&|\\c", "", text)
    return text


def documented_options(roff):
    """Options named at the head of a .TP entry in the OPTIONS section."""
    lines = roff.splitlines()
    found = []
    in_options = False
    for i, line in enumerate(lines):
        if line.startswith(".SH"):
            in_options = line.split(None, 1)[1:] == ["OPTIONS"]
            continue
        if in_options and line.startswith(".TP") and i + 1 < len(lines):
            found += OPTION_RE.findall(plain(lines[i + 1]))
    return found


def problems(options, roff):
    listed = documented_options(roff)
    out = []
    if not options:
        out.append("the program printed no options")
    for o in options:
        if o not in listed:
            out.append(f"{o} is printed by --help but not documented under OPTIONS")
    for o in listed:
        if o not in options:
            out.append(f"{o} is documented under OPTIONS but the program does not have it")
    return out


def without(roff, option):
    """The page with every .TP entry heading that names option removed."""
    lines = roff.splitlines()
    keep = []
    skip_next = False
    for i, line in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        if line.startswith(".TP") and i + 1 < len(lines) and \
                option in OPTION_RE.findall(plain(lines[i + 1])):
            skip_next = True
            continue
        keep.append(line)
    return "\n".join(keep)


def main(argv):
    if len(argv) not in (3, 4):
        print(f"usage: {argv[0]} PROGRAM PAGE.1 [GROFF]", file=sys.stderr)
        return 2
    program, page = argv[1], argv[2]
    groff = argv[3] if len(argv) == 4 else None
    with open(page, encoding="utf-8") as f:
        roff = f.read()

    options = help_options(program)
    n = 0
    failed = False

    def report(ok, text, details=()):
        nonlocal n, failed
        n += 1
        print(f"{'ok' if ok else 'not ok'} {n} - {text}")
        for d in details:
            print(f"# {d}")
        failed = failed or not ok

    name = os.path.basename(program)
    # the check itself can fail: each option taken out of the page is noticed
    for o in options:
        report(any(o in p for p in problems(options, without(roff, o))),
               f"{name}: a page without {o} is refused")
    # and a program option the page lacks, as if the program grew one
    report(bool(problems(options + ["--not-documented"], roff)),
           f"{name}: a new program option missing from the page is refused")

    found = problems(options, roff)
    report(not found, f"{name}: {len(options)} options of --help documented in "
           f"{os.path.basename(page)}, and no others", found)

    if groff is not None:
        proc = subprocess.run([groff, "-man", "-ww", "-z", "-K", "utf8", page],
                              capture_output=True, text=True, timeout=30)
        report(proc.returncode == 0 and proc.stderr.strip() == "",
               f"{os.path.basename(page)} formats without warnings",
               proc.stderr.splitlines())

    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "ENVIRONMENT",
                    "FILES", "EXAMPLES", "SEE ALSO"):
        report(re.search(rf"^\.SH \"?{section}\"?$", roff, re.M) is not None,
               f"{os.path.basename(page)} has a {section} section")

    print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
