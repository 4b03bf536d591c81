#!/usr/bin/python3
# SPDX-FileCopyrightText: The Galley contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""atspi-walk.py — every view walked with Tab alone; every control it reaches has a name and role.

Starts `galley --demo` (signed in as the demo manager, who may use every screen) and, for each
view, shows it with its shortcut (Alt+1 Kitchen, Alt+2 Expo, Alt+4 Diagnostics, Alt+3
Counter, the Counter last), waits for the view switcher's tab for it to be selected, and presses Tab
until the focus comes back to the first control it reached (at most 80 presses). Each control
that had the focus must have

  * an accessible name that is not empty and not a bare GTK class name (what GTK 4 gives a
    widget without one), or a labelled-by relation, and
  * a role that says what it is: not "unknown", "filler" or "invalid", and not an unnamed
    "panel" (a named panel — a ticket card on the board, "Order 0010, …" — is a group the
    cook moves between, which GTK 4.8 has no better role for).

Every failing control is listed with its path in the tree and the view; then the test fails.
It also fails when Tab reaches nothing in a view, or the focus never leaves a single control.

Usage: atspi-walk.py GALLEY SCHEMA_DIR — run by tests/ui/atspi-kitchen.sh (own X display and
session bus). Exit status: 0 pass, 1 fail.
"""
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_common as c  # noqa: E402
from atspi_common import Atspi, Failure, name, role, walk, has_state  # noqa: E402

VIEWS = [('Kitchen', '1'), ('Expo', '2'), ('Diagnostics', '4'), ('Counter', '3')]
MAX_TABS = 80
START_S = 30 * c.SCALE
KEY_S = 8 * c.SCALE
BAD_ROLES = {'unknown', 'filler', 'invalid', 'redundant object'}
CLASS_NAME = re.compile(r'^(Gtk|Adw|Galley)[A-Z][A-Za-z]*$')


def switcher_checked(app, view):
    """The view switcher's tab for @view, if it is selected (the view is shown)."""
    for n in walk(app):
        if role(n) == 'page tab' and name(n) == view and \
                has_state(n, Atspi.StateType.SELECTED) and has_state(n, Atspi.StateType.VISIBLE):
            return n
    return None


def labelled_by(node):
    try:
        for r in node.get_relation_set():
            if r.get_relation_type() == Atspi.RelationType.LABELLED_BY and r.get_n_targets() > 0:
                text = ' '.join(name(r.get_target(i)) for i in range(r.get_n_targets()))
                if text.strip():
                    return text
    except Exception:   # noqa: BLE001 — gone
        pass
    return None


def problem(node):
    r, nm = role(node), name(node).strip()
    named = (nm and not CLASS_NAME.match(nm)) or labelled_by(node)
    if not named:
        return f'no accessible name (GTK gives {name(node)!r})'
    if r in BAD_ROLES:
        return f'role {r!r} says nothing about the control'
    if r == 'panel' and not nm:
        return 'an unnamed panel'
    return None


def walk_view(app, view):
    """Tab around @view; returns (controls reached, problems)."""
    first = None
    seen = []
    problems = []
    last = None
    stuck = 0
    for i in range(MAX_TABS):
        c.press('Tab')
        end = time.monotonic() + 2 * c.SCALE
        f = None
        # the focus moves (or, for a single control, stays): wait for it to settle on one
        while time.monotonic() < end:
            f = c.focused(app)
            if f is not None and (last is None or not c.same(f, last)):
                break
            time.sleep(0.05)
        if f is None:
            problems.append(f'{view}: Tab {i + 1} left the keyboard focus on nothing')
            continue
        if last is not None and c.same(f, last):
            stuck += 1
            if stuck >= 3:
                raise Failure(f'{view}: Tab does not move the focus off {c.path_of(f)}')
            continue
        stuck = 0
        last = f
        if first is not None and c.same(f, first):
            break
        if first is None:
            first = f
        where = c.path_of(f)
        seen.append(f'[{role(f)}] {name(f)!r}')
        p = problem(f)
        print(f'# {view} tab {i + 1}: {where}' + (f'  <-- {p}' if p else ''))
        if p:
            problems.append(f'{view}: {where}: {p}')
    else:
        print(f'# {view}: the focus did not come back to the first control in {MAX_TABS} Tabs')
    if not seen:
        raise Failure(f'{view}: Tab reached no control')
    return seen, problems


def main():
    galley, schema_dir = sys.argv[1:3]
    c.set_deadline(190)          # atspi-kitchen.sh stops it at 200 s (GALLEY_UI_LIMIT_S)
    tmp = tempfile.mkdtemp(prefix='galley-atspi-walk-')
    log_path = os.path.join(tmp, 'galley.log')
    proc = app = None
    step = 'setting up'
    try:
        c.settings_setup(os.path.join(tmp, 'config'), schema_dir)
        step = 'starting galley'
        proc = c.start_galley(galley, tmp, log_path, ['--demo', '--demo-seed=2', '--demo-rate=6'])
        t0 = time.monotonic()
        app = c.wait_for(f'{c.APP_NAME!r} on the accessibility bus',
                         lambda: c.find_app(proc), START_S)
        c.wait_for('order cards in the Kitchen view (signed in)',
                   lambda: c.board_shown(app), START_S)
        print(f'# galley up after {time.monotonic() - t0:.1f} s')

        problems = []
        counts = []
        for view, digit in VIEWS:
            step = f'showing {view} with Alt+{digit}'
            shown = None
            for attempt in range(3):
                c.combo(['Alt_L'], digit)
                end = time.monotonic() + KEY_S
                while shown is None and time.monotonic() < end:
                    shown = switcher_checked(app, view)
                    time.sleep(0.1)
                if shown is not None:
                    break
            if shown is None:
                raise Failure(f'Alt+{digit} (three times) did not show {view}')
            time.sleep(0.3 * c.SCALE)
            step = f'walking {view} with Tab'
            seen, found = walk_view(app, view)
            counts.append(f'{view} {len(seen)}')
            problems += found

        step = 'stopping galley'
        rc = c.stop(proc)
        if problems:
            raise Failure(f'{len(problems)} control(s) without a usable name or role:\n  ' +
                          '\n  '.join(problems))
        if rc != 0:
            raise Failure(f'galley exited with status {rc} on SIGTERM, wanted 0')
        print(f'PASS: every control Tab reaches has a name and a role '
              f'({", ".join(counts)} controls; {time.monotonic() - t0:.1f} s)')
        return 0
    except Exception as e:    # noqa: BLE001
        c.report_failure(step, e, app if proc is not None and proc.poll() is None else None,
                         proc, log_path)
        return 1
    finally:
        if proc is not None:
            c.stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
