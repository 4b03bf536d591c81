#!/usr/bin/python3
# SPDX-FileCopyrightText: The Galley contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""atspi-kitchen.py — the Kitchen view driven by the keyboard alone, checked through AT-SPI.

Starts `galley --demo` (fixed seed, moderate rate) with a private keyfile settings backend
whose last-view is "kitchen", waits until the board shows cards, and then, with synthesised
key events only (Atspi.generate_keyboard_event: the a11y registry sends them through XTest):

  1. the keyboard focus is already inside the Kitchen view, with no Tab (the window puts it
     there, so the bump bar's keys work at once);
  2. the select-next key moves the selection off the first card, digit 1 selects and focuses
     the first card again; its role and accessible name are read back ("Order 0010, …");
  3. an allergy not yet acknowledged is acknowledged with the acknowledge key;
  4. the bump key takes the card's order off the board: no accessible named "Order 0010, …"
     is left in the Kitchen view;
  5. once the undo window has closed (the Undo button is disabled again: the bump was sent),
     the recall key brings the order back: its name is present again, ending in "recalled".

It also checks that every button in the Kitchen view has an accessible name (not empty,
not a bare GTK class name such as "GtkMenuButton", which is what GTK 4 exposes for a widget
without one) and that every card on the board has the role panel and a name starting with
"Order ".

Usage: atspi-kitchen.py GALLEY SCHEMA_DIR
Run it on an X display of its own, with a session bus started after DISPLAY was set (the
registry needs DISPLAY for XTest): tests/ui/atspi-kitchen.sh does both. The app must NOT run
with GTK_A11Y=none. Debian's /usr/bin/python3 (python3-gi, gir1.2-atspi-2.0).
Exit status: 0 pass, 1 fail (the accessible tree and the app's log go to stderr).
"""
import ctypes
import ctypes.util
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import warnings

import gi
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi, GLib  # noqa: E402

warnings.filterwarnings('ignore', category=DeprecationWarning)

APP_NAME = 'galley'
SCHEMA_ID = 'io.github.galleypos.Galley'
# seed 2: the first card has an allergy, so the acknowledge key is exercised too
DEMO_ARGS = ['--demo', '--demo-seed=2', '--demo-rate=12']
# GALLEY_UI_TIME_SCALE stretches every wait (e.g. 10 with the app under valgrind, by hand)
SCALE = float(os.environ.get('GALLEY_UI_TIME_SCALE') or 1)
TOTAL_S = 75 * SCALE    # the whole run, whatever happens (meson's timeout is 90 s)
START_S = 30 * SCALE    # app on the bus with cards on the board
KEY_S = 8 * SCALE       # a key's effect shows in the tree
UNDO_S = 20 * SCALE     # the undo window closes (about 5 s, plus a loaded machine)
BUTTON_ROLES = {'push button', 'toggle button', 'radio button', 'check box', 'menu button'}
CLASS_NAME = re.compile(r'^(Gtk|Adw|Galley)[A-Z][A-Za-z]*$')

deadline = time.monotonic() + TOTAL_S


class Failure(Exception):
    pass


# ------------------------------------------------------------------ the accessible tree

def children(node):
    try:
        n = node.get_child_count()
    except GLib.Error:
        return []
    out = []
    for i in range(n):
        try:
            c = node.get_child_at_index(i)
        except GLib.Error:
            continue          # the tree changes under us: new orders arrive
        if c is not None:
            out.append(c)
    return out


def walk(node):
    yield node
    for c in children(node):
        yield from walk(c)


def role(node):
    try:
        return node.get_role_name()
    except GLib.Error:
        return '(gone)'


def name(node):
    if node is None:
        return ''
    try:
        return node.get_name() or ''
    except GLib.Error:
        return ''


def has_state(node, state):
    try:
        return node.get_state_set().contains(state)
    except GLib.Error:
        return False


def parent(node):
    try:
        return node.get_parent()
    except GLib.Error:
        return None


def ancestors(node):
    out = []
    while node is not None:
        out.append(node)
        node = parent(node)
    return out


def same(a, b):
    """One accessible object: libatspi keeps one proxy per object path and application."""
    return a is not None and b is not None and a.path == b.path


def is_inside(node, root):
    return any(same(a, root) for a in ancestors(node))


def flags(node):
    out = []
    for state, mark in ((Atspi.StateType.FOCUSED, 'focused'),
                        (Atspi.StateType.SELECTED, 'selected')):
        if has_state(node, state):
            out.append(mark)
    if role(node) in BUTTON_ROLES and not has_state(node, Atspi.StateType.SENSITIVE):
        out.append('insensitive')
    return ' (' + ', '.join(out) + ')' if out else ''


def dump(node, out=sys.stderr):
    def rec(n, depth):
        print('  ' * depth + f'[{role(n)}] {name(n)!r}{flags(n)}', file=out)
        for c in children(n):
            rec(c, depth + 1)
    if node is not None:
        rec(node, 0)


def wait_for(what, fn, timeout):
    end = min(time.monotonic() + timeout, deadline)
    while True:
        hit = fn()
        if hit:
            return hit
        if time.monotonic() >= end:
            raise Failure(f'timed out after {timeout} s waiting for {what}')
        time.sleep(0.1)


# ------------------------------------------------------------------ keys

_x11 = ctypes.CDLL(ctypes.util.find_library('X11') or 'libX11.so.6')
_x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
_x11.XStringToKeysym.restype = ctypes.c_ulong


def keysym(key_name):
    sym = _x11.XStringToKeysym(key_name.encode())
    if sym == 0:
        raise Failure(f'unknown key name {key_name!r}')
    return sym


def press(key_name):
    """One key press and release, as the keyboard (XTest) would send it."""
    print(f'# key {key_name}')
    Atspi.generate_keyboard_event(keysym(key_name), None, Atspi.KeySynthType.SYM)


# ------------------------------------------------------------------ the app

def order_key(card_name):
    """"Order 0010, Table 15, …" → "Order 0010": stays the same while minutes, flags change."""
    return card_name.split(',')[0]


def position(card):
    """The bump-bar digit shown on a board card (its first label), or None."""
    for n in walk(card):
        if role(n) == 'label':
            text = name(n)
            return int(text) if text.isdigit() else None
    return None


class Kitchen:
    def __init__(self, app):
        self.app = app
        self.root = None      # the Kitchen view's accessible subtree (found from its parts)
        self.grid = None      # the board's cards

    def find(self, want_role, want_name, top=None):
        for n in walk(top or self.root or self.app):
            if role(n) == want_role and name(n) == want_name:
                return n
        return None

    def locate(self):
        """The board (parent of the cards with a digit) and the view: the common ancestor of
        the board and the page buttons and undo bar around it (the view's root box)."""
        anchors = []
        grid = None
        for n in walk(self.app):
            if role(n) == 'push button' and name(n) in ('Next Page', 'Previous Page', 'Undo'):
                anchors.append(n)
            if grid is None and role(n) == 'panel' and name(n).startswith('Order ') and \
                    position(n) is not None:
                grid = parent(n)
        if not anchors or grid is None:
            return False
        grid_up = ancestors(grid)
        best = None
        for anchor in anchors:
            for depth, a in enumerate(grid_up):
                if any(same(a, b) for b in ancestors(anchor)):
                    if best is None or depth > best[0]:
                        best = (depth, a)
                    break
        self.root, self.grid = best[1], grid
        return True

    def cards(self):
        return children(self.grid)

    def card_at(self, pos):
        for c in self.cards():
            if position(c) == pos:
                return c
        return None

    def selected_at(self, pos, focused):
        """The card at bump-bar position @pos if it is selected (and has the focus)."""
        c = self.card_at(pos)
        if c is None or not has_state(c, Atspi.StateType.SELECTED):
            return None
        if focused and not has_state(c, Atspi.StateType.FOCUSED):
            return None
        return c

    def focused(self):
        for n in walk(self.app):
            if has_state(n, Atspi.StateType.FOCUSED):
                return n
        return None

    def order_present(self, key):
        """Any accessible in the Kitchen view named for this order (board or side panels)."""
        for n in walk(self.root):
            if name(n) == key or name(n).startswith(key + ','):
                return n
        return None


def settings_setup(config_home, schema_dir):
    """The private settings the app will read: keyfile backend in a temporary folder."""
    os.environ['GSETTINGS_BACKEND'] = 'keyfile'
    os.environ['GSETTINGS_SCHEMA_DIR'] = schema_dir
    os.environ['XDG_CONFIG_HOME'] = config_home
    gi.require_version('Gio', '2.0')
    from gi.repository import Gio
    source = Gio.SettingsSchemaSource.new_from_directory(schema_dir, None, False)
    schema = source.lookup(SCHEMA_ID, False)
    if schema is None:
        raise Failure(f'no schema {SCHEMA_ID} in {schema_dir}')
    settings = Gio.Settings.new_full(schema, None, None)
    settings.set_string('last-view', 'kitchen')
    settings.set_int('window-width', 1280)
    settings.set_int('window-height', 800)
    keys = dict(settings.get_value('bump-keys').unpack())
    if 'acknowledge' not in keys:
        # a map without an acknowledge key (older schemas): give it one no action uses
        spare = next(k for k in ('k', 'y', 'z', 'x') if k not in keys.values())
        keys['acknowledge'] = spare
        settings.set_value('bump-keys', GLib.Variant('a{ss}', keys))
    Gio.Settings.sync()
    return keys


def main():
    galley, schema_dir = sys.argv[1:3]
    tmp = tempfile.mkdtemp(prefix='galley-atspi-')
    log_path = os.path.join(tmp, 'galley.log')
    proc = None
    kitchen = None
    step = 'setting up'
    try:
        keys = settings_setup(os.path.join(tmp, 'config'), schema_dir)
        for action in ('bump', 'recall', 'select-next', 'acknowledge'):
            if action not in keys:
                raise Failure(f'bump-keys has no key for {action!r}: {keys}')
        print(f'# bump-bar keys: {keys}')

        env = dict(os.environ)
        for var in ('GTK_A11Y', 'NO_AT_BRIDGE', 'LANGUAGE'):
            env.pop(var, None)
        env.update({
            'GDK_BACKEND': 'x11', 'GSK_RENDERER': 'cairo', 'GDK_DEBUG': 'gl-disable',
            'ADW_DISABLE_PORTAL': '1', 'GIO_USE_VFS': 'local', 'LC_ALL': 'C.UTF-8',
            'XDG_DATA_HOME': os.path.join(tmp, 'data'),
            'XDG_STATE_HOME': os.path.join(tmp, 'state'),
            'XDG_CACHE_HOME': os.path.join(tmp, 'cache'),
        })
        # GLib 2.74 drops its first 16 KiB quark block on purpose once a process has more than
        # 2,048 quarks (g_quark_new() never frees the old array: other threads may still read
        # it), which a full app run passes; with Debian's libglib (no frame pointers) LSan
        # sees only g_malloc, so no suppression can match that block alone (see
        # tests/leaks/lsan.supp; a test can split, the app cannot). The app runs
        # without LeakSanitizer here; ASan's and UBSan's error checks still apply, and a
        # sanitizer error fails the test through the exit status. Leaks are the gui and unit
        # suites' job (instance counts, named sources, fds, LSan).
        if env.get('ASAN_OPTIONS'):
            env['ASAN_OPTIONS'] += ':detect_leaks=0'
        # GALLEY_UI_APP_WRAPPER: a command to run the app under, e.g. valgrind and its options
        wrapper = os.environ.get('GALLEY_UI_APP_WRAPPER', '').split()
        step = 'starting galley'
        with open(log_path, 'wb') as log:
            proc = subprocess.Popen(wrapper + [galley] + DEMO_ARGS, env=env, stdout=log,
                                    stderr=subprocess.STDOUT)
        t0 = time.monotonic()

        desktop = Atspi.get_desktop(0)

        def find_app():
            if proc.poll() is not None:
                raise Failure(f'galley exited with status {proc.returncode}')
            for a in children(desktop):
                if name(a) == APP_NAME:
                    return a
            return None

        step = 'waiting for the app and its cards'
        app = wait_for(f'{APP_NAME!r} on the accessibility bus', find_app, START_S)
        kitchen = Kitchen(app)
        wait_for('order cards in the Kitchen view', kitchen.locate, START_S)
        print(f'# Kitchen view with {len(kitchen.cards())} cards after '
              f'{time.monotonic() - t0:.1f} s')

        step = 'checking names'
        check_names(kitchen)

        step = 'the keyboard focus starts in the Kitchen view'
        # the window puts it there when it is shown: a bump bar works without a Tab first
        # (the view itself, "Kitchen tickets", or something inside it)
        f = wait_for('the focus on or inside the Kitchen view',
                     lambda: (lambda g: g if g is not None and
                              (is_inside(g, kitchen.root) or
                               any(same(a, g) for a in ancestors(kitchen.root)) and
                               name(g) == 'Kitchen tickets')
                              else None)(kitchen.focused()), KEY_S)
        print(f'# focus in the Kitchen view with no Tab: [{role(f)}] {name(f)!r}')

        step = 'select-next, then digit 1'
        if len(kitchen.cards()) > 1:
            press(keys['select-next'])
            wait_for('the select-next key to select the second card',
                     lambda: kitchen.selected_at(2, focused=False), KEY_S)
        press('1')
        card = wait_for('digit 1 to select and focus the first card',
                        lambda: kitchen.selected_at(1, focused=True), KEY_S)
        card_name = name(card)
        print(f'# card 1: [{role(card)}] {card_name!r}')
        if role(card) != 'panel' or not card_name.startswith('Order '):
            raise Failure(f'card 1 is [{role(card)}] {card_name!r}, wanted [panel] "Order …"')
        key = order_key(card_name)

        if 'allergy not acknowledged' in card_name:
            step = 'acknowledging the allergy'
            press(keys['acknowledge'])
            wait_for(f'{key} to read "allergy acknowledged"',
                     lambda: 'allergy acknowledged' in name(kitchen.order_present(key)), KEY_S)
            print(f'# allergy acknowledged: {name(kitchen.order_present(key))!r}')

        step = f'bumping {key}'
        press(keys['bump'])
        wait_for(f'{key} to leave the board after the bump key',
                 lambda: kitchen.order_present(key) is None, KEY_S)
        print(f'# {key} is off the board')

        step = 'waiting for the undo window to close'
        t_bump = time.monotonic()
        undo = kitchen.find('push button', 'Undo')
        if undo is None:
            raise Failure('no Undo button after the bump')
        wait_for('the Undo button to be disabled again (the bump sent)',
                 lambda: not has_state(undo, Atspi.StateType.SENSITIVE), UNDO_S)
        print(f'# undo window closed {time.monotonic() - t_bump:.1f} s after the bump')
        if kitchen.order_present(key) is not None:
            raise Failure(f'{key} came back on the board by itself')

        step = f'recalling {key}'
        f = kitchen.focused()
        if f is None or not is_inside(f, kitchen.root):
            raise Failure('after the bump the keyboard focus left the Kitchen view '
                          f'(it is on {"nothing" if f is None else repr(name(f))}): '
                          'the recall key cannot reach the board')
        press(keys['recall'])
        back = wait_for(f'{key} to come back after the recall key',
                        lambda: kitchen.order_present(key), KEY_S)
        print(f'# recalled: [{role(back)}] {name(back)!r}')
        if role(back) != 'panel' or not name(back).endswith('recalled'):
            raise Failure(f'the recalled card is [{role(back)}] {name(back)!r}, '
                          'wanted a panel whose name ends in "recalled"')

        step = 'checking names again'
        check_names(kitchen)

        step = 'stopping galley'
        rc = stop(proc)
        if rc != 0:
            raise Failure(f'galley exited with status {rc} on SIGTERM, wanted 0')
        print(f'PASS: {key} selected, bumped and recalled with the keyboard alone; galley quit '
              f'cleanly ({time.monotonic() - t0:.1f} s)')
        return 0
    except Exception as e:    # noqa: BLE001 — any error: say where, show the tree and the log
        if not isinstance(e, Failure):
            traceback.print_exc()
        print(f'FAIL while {step}: {e}', file=sys.stderr)
        if kitchen is not None:
            f = kitchen.focused()
            print(f'--- keyboard focus: {"none" if f is None else f"[{role(f)}] {name(f)!r}"}',
                  file=sys.stderr)
            print('--- accessible tree of the Kitchen view' if kitchen.root else
                  '--- accessible tree of galley', file=sys.stderr)
            dump(kitchen.root or kitchen.app)
        if proc is not None:
            print(f'--- galley stopped: {stop(proc)}', file=sys.stderr)
        print('--- galley output:', file=sys.stderr)
        try:
            with open(log_path, encoding='utf-8', errors='replace') as f:
                text = f.read()
            # its start (how it came up) and its end (how it went down)
            sys.stderr.write(text if len(text) <= 12000 else
                             text[:4000] + '\n[…]\n' + text[-8000:])
        except OSError:
            pass
        return 1
    finally:
        if proc is not None:
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


def stop(proc):
    """SIGTERM (galley quits as its Quit action does), bounded; its exit status."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15 * SCALE)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return f'killed after {15 * SCALE:g} s'
    return proc.returncode


def check_names(kitchen):
    problems = []
    for n in walk(kitchen.root):
        r, nm = role(n), name(n)
        if r in BUTTON_ROLES and (not nm.strip() or CLASS_NAME.match(nm)):
            problems.append(f'a {r} has no accessible name (GTK gives {nm!r})')
    cards = kitchen.cards()
    if not cards:
        problems.append('the board has no cards')
    for c in cards:
        if role(c) != 'panel' or not name(c).startswith('Order '):
            problems.append(f'a card is [{role(c)}] {name(c)!r}, wanted [panel] "Order …"')
    if problems:
        raise Failure('; '.join(problems))
    print(f'# names: every button in the Kitchen view has one, and all {len(cards)} cards')


if __name__ == '__main__':
    sys.exit(main())
