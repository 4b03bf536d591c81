#!/usr/bin/python3
# SPDX-FileCopyrightText: The Galley contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""atspi-counter.py — an order entered and sent at the Counter by the keyboard alone.

Starts `galley --demo` (it signs in as the demo manager) showing the Kitchen view, and then,
with synthesised key events only (through the a11y registry, as atspi-kitchen.py does):

  1. Alt+3 shows the Counter view: its "Table number" entry appears;
  2. Tab until the focus is on the "Table number" entry (dine-in is the default order type),
     type the table number; the entry's text is read back;
  3. Ctrl+F focuses the menu search; typing "calamari" leaves one dish (Fried Calamari, no
     modifier groups) and Enter adds it: a line naming it appears in the order's lines;
  4. Ctrl+Enter opens the review, which reads "Dine-in · Table 47"; its default button ("Send to Kitchen") is pressed with Enter;
     the review closes;
  5. the demo server's REST API (PIN sign-in as the manager, GET /api/v1/orders) has an order
     for that table with Fried Calamari in it, which it did not have before step 4.

Usage: atspi-counter.py GALLEY SCHEMA_DIR — run by tests/ui/atspi-kitchen.sh (own X display
and session bus). Exit status: 0 pass, 1 fail (the tree and the app's log go to stderr).
"""
import json
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_common as c  # noqa: E402
from atspi_common import Atspi, Failure, name, role, walk, has_state  # noqa: E402

TABLE = '47'              # the demo's generator uses tables 1 to 15 only
DISH = 'Fried Calamari'
QUERY = 'calamari'
RESTAURANT = '11111111-1111-1111-1111-111111111111'
MANAGER_PIN = '1234'
START_S = 30 * c.SCALE
KEY_S = 8 * c.SCALE
SEND_S = 20 * c.SCALE


def api(base, path, body=None, token=None):
    headers = {'Content-Type': 'application/json', 'X-Restaurant-ID': RESTAURANT}
    if token:
        headers['Authorization'] = f'Bearer {token}'
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, headers=headers,
                                 method='POST' if body is not None else 'GET')
    with urllib.request.urlopen(req, timeout=10 * c.SCALE) as r:
        return json.loads(r.read().decode())


def orders_for_table(base, token):
    """The demo server's orders for TABLE that have DISH in them."""
    reply = api(base, '/api/v1/orders?limit=1000', token=token)
    rows = reply if isinstance(reply, list) else reply.get('data', [])
    out = []
    for o in rows:
        if str(o.get('table_number')) != TABLE:
            continue
        if DISH in json.dumps(o.get('items', o)):
            out.append(o)
    return out


def demo_base(log_path):
    with open(log_path, encoding='utf-8', errors='replace') as f:
        m = re.search(r'Demo server listening on (http://127\.0\.0\.1:\d+)', f.read())
    return m.group(1) if m else None


def text_of(node):
    """The text in an entry (GTK 4.8 gives it to the entry's accessible, not a child)."""
    try:
        return Atspi.Text.get_text(node, 0, Atspi.Text.get_character_count(node)) or ''
    except Exception:   # noqa: BLE001 — not a text, or gone
        return ''


def showing(node):
    return has_state(node, Atspi.StateType.VISIBLE)


def find(app, want_role, want_name):
    for n in walk(app):
        if role(n) == want_role and name(n) == want_name and showing(n):
            return n
    return None


def cart_line(app):
    """A line of the order naming DISH (inside the list "Lines of the order")."""
    for n in walk(app):
        if name(n) == 'Lines of the order' and role(n) in ('list', 'list box'):
            for m in walk(n):
                if DISH in name(m) or DISH in text_of(m):
                    return m
    return None


def review_dialog(app):
    for w in c.children(app):
        for n in walk(w):
            # libadwaita 1.2's response buttons read "_Send to Kitchen Send to Kitchen"
            if role(n) == 'push button' and 'Send to Kitchen' in name(n) and showing(n):
                return w
    return None


def main():
    galley, schema_dir = sys.argv[1:3]
    c.set_deadline(75)
    tmp = tempfile.mkdtemp(prefix='galley-atspi-counter-')
    log_path = os.path.join(tmp, 'galley.log')
    proc = app = None
    step = 'setting up'
    try:
        c.settings_setup(os.path.join(tmp, 'config'), schema_dir)
        step = 'starting galley'
        proc = c.start_galley(galley, tmp, log_path,
                              ['--demo', '--demo-seed=2', '--demo-rate=6'],
                              {'G_MESSAGES_DEBUG': 'galley-demo-server'})
        t0 = time.monotonic()
        app = c.wait_for(f'{c.APP_NAME!r} on the accessibility bus',
                         lambda: c.find_app(proc), START_S)
        base = c.wait_for('the demo server\'s address in galley\'s output',
                          lambda: demo_base(log_path), START_S)
        c.wait_for('order cards in the Kitchen view (signed in)',
                   lambda: c.board_shown(app), START_S)
        print(f'# galley up after {time.monotonic() - t0:.1f} s, demo server at {base}')

        step = 'showing the Counter with Alt+3'
        table = None
        for attempt in range(3):      # a key pressed while the window is still mapping is lost
            c.combo(['Alt_L'], '3')
            end = time.monotonic() + KEY_S
            while table is None and time.monotonic() < end:
                table = find(app, 'text', 'Table number')
                time.sleep(0.1)
            if table is not None:
                break
        if table is None:
            raise Failure('Alt+3 (three times) did not show the Counter\'s "Table number" entry')
        print('# Counter view shown')

        step = 'moving the focus to the table number with Tab'
        tabs = 0
        while True:
            f = c.focused(app)
            if f is not None and c.same(f, table):
                break
            if tabs >= 40:
                raise Failure('40 Tabs did not bring the focus to the "Table number" entry '
                              f'(it is on {"nothing" if f is None else c.path_of(f)})')
            c.press('Tab')
            tabs += 1
            time.sleep(0.15)
        print(f'# focus on "Table number" after {tabs} Tab(s)')
        c.type_text(TABLE)
        c.wait_for(f'"Table number" to read {TABLE!r}', lambda: text_of(table) == TABLE, KEY_S)
        print(f'# "Table number" reads {text_of(table)!r}')

        step = f'adding {DISH} from the menu search'
        c.combo(['Control_L'], 'f')
        search = c.wait_for('Ctrl+F to focus the menu search ("Search the menu")',
                            lambda: (lambda f: f if f is not None and
                                     name(f) == 'Search the menu' else None)(c.focused(app)),
                            KEY_S)
        print(f'# search focused: {c.path_of(search)}')
        c.type_text(QUERY)
        c.wait_for(f'the search to read {QUERY!r}', lambda: text_of(search) == QUERY, KEY_S)
        line = None
        for attempt in range(3):      # Enter adds a dish only once the search left one
            time.sleep(0.5 * c.SCALE)
            c.press('Return')
            end = time.monotonic() + KEY_S / 2
            while line is None and time.monotonic() < end:
                line = cart_line(app)
                time.sleep(0.1)
            if line is not None:
                break
        if line is None:
            raise Failure(f'Enter in the search did not put {DISH} in the order')
        print(f'# in the order: [{role(line)}] {name(line)!r}')

        step = 'checking the demo server has no such order yet'
        token = api(base, '/api/v1/auth/pin-login',
                    {'pin': MANAGER_PIN, 'restaurantId': RESTAURANT})['token']
        before = orders_for_table(base, token)
        if before:
            raise Failure(f'the demo server has an order for table {TABLE} before it was sent: '
                          f'{before}')

        step = 'opening the review with Ctrl+Enter'
        if text_of(table) != TABLE:
            raise Failure(f'"Table number" reads {text_of(table)!r} now, wanted {TABLE!r}')
        c.combo(['Control_L'], 'Return')
        dialog = c.wait_for('the review dialog', lambda: review_dialog(app), KEY_S)
        print(f'# review open: [{role(dialog)}] {name(dialog)!r}')
        # the default order type is dine-in (the server stores it as its own "online")
        heading = f'Dine-in · Table {TABLE}'
        if not any(role(n) == 'label' and name(n) == heading for n in walk(dialog)):
            raise Failure(f'the review does not read {heading!r}')

        step = 'sending with the review\'s default button (Enter)'
        c.press('Return')
        c.wait_for('the review to close', lambda: review_dialog(app) is None, KEY_S)

        step = 'waiting for the order on the demo server'
        sent = c.wait_for(f'an order for table {TABLE} with {DISH} on the demo server',
                          lambda: orders_for_table(base, token), SEND_S)
        o = sent[0]
        print(f'# on the demo server: order {o.get("order_number")!r}, table '
              f'{o.get("table_number")!r}, type {o.get("type")!r}, status {o.get("status")!r}')

        step = 'stopping galley'
        rc = c.stop(proc)
        if rc != 0:
            raise Failure(f'galley exited with status {rc} on SIGTERM, wanted 0')
        print(f'PASS: {DISH} for table {TABLE} entered and sent at the Counter by keyboard '
              f'alone ({time.monotonic() - t0:.1f} s)')
        return 0
    except Exception as e:    # noqa: BLE001 — any error: say where, show the tree and the log
        c.report_failure(step, e, app, proc, log_path)
        return 1
    finally:
        if proc is not None:
            c.stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
