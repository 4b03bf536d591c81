# SPDX-FileCopyrightText: The Galley contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""atspi_common.py — what atspi-counter.py and atspi-walk.py share with atspi-kitchen.py.

The accessible-tree helpers (children, walk, role, name, has_state, press, wait_for, stop,
settings_setup …) are atspi-kitchen.py's own, loaded from that file so there is one copy;
this adds starting `galley --demo` with the same private environment and reporting a failure
with the tree and the app's log. Run under tests/ui/atspi-kitchen.sh (a private X display and
session bus).
"""
import ctypes
import importlib.util
import os
import subprocess
import sys
import time

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('atspi_kitchen',
                                               os.path.join(_here, 'atspi-kitchen.py'))
k = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(k)

Atspi = k.Atspi
GLib = k.GLib
Failure = k.Failure
SCALE = k.SCALE
children, walk, role, name = k.children, k.walk, k.role, k.name
has_state, parent, ancestors, same, is_inside = (k.has_state, k.parent, k.ancestors, k.same,
                                                 k.is_inside)
press, dump, stop, settings_setup = k.press, k.dump, k.stop, k.settings_setup
keysym = k.keysym
APP_NAME = k.APP_NAME


def wait_for(what, fn, timeout):
    """As atspi-kitchen.py's, bounded by this script's own deadline, not the import time's."""
    end = min(time.monotonic() + timeout, deadline)
    while True:
        hit = fn()
        if hit:
            return hit
        if time.monotonic() >= end:
            raise Failure(f'timed out after {timeout:g} s waiting for {what}')
        time.sleep(0.1)


deadline = time.monotonic() + 75 * SCALE


def set_deadline(seconds):
    global deadline
    deadline = time.monotonic() + seconds * SCALE


_x11 = k._x11
_x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
_x11.XOpenDisplay.restype = ctypes.c_void_p
_x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
_x11.XKeysymToKeycode.restype = ctypes.c_ubyte
_display = None


def keycode(key_name):
    """The key that sends @key_name on this display (a modifier must be held by its key)."""
    global _display
    if _display is None:
        _display = _x11.XOpenDisplay(None)
        if not _display:
            raise Failure('cannot open the X display to look up keycodes')
    code = _x11.XKeysymToKeycode(_display, keysym(key_name))
    if code == 0:
        raise Failure(f'no key sends {key_name!r} on this display')
    return code


def combo(modifiers, key_name):
    """@key_name pressed with @modifiers held (X keysym names, e.g. ['Alt_L'], 'Return')."""
    print(f'# key {"+".join(modifiers + [key_name])}')
    held = []
    try:
        for m in modifiers:
            Atspi.generate_keyboard_event(keycode(m), None, Atspi.KeySynthType.PRESS)
            held.append(m)
        Atspi.generate_keyboard_event(keysym(key_name), None, Atspi.KeySynthType.SYM)
    finally:
        for m in reversed(held):
            Atspi.generate_keyboard_event(keycode(m), None, Atspi.KeySynthType.RELEASE)


def type_text(text):
    """@text typed key by key (letters and digits: their keysym names are themselves)."""
    print(f'# type {text!r}')
    for ch in text:
        Atspi.generate_keyboard_event(keysym(ch), None, Atspi.KeySynthType.SYM)


def start_galley(galley, tmp, log_path, args, extra_env=None):
    """`galley ARGS` with atspi-kitchen.py's private environment, its output in @log_path."""
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
    env.update(extra_env or {})
    # leaks are the gui and unit suites' job: see atspi-kitchen.py
    if env.get('ASAN_OPTIONS'):
        env['ASAN_OPTIONS'] += ':detect_leaks=0'
    wrapper = os.environ.get('GALLEY_UI_APP_WRAPPER', '').split()
    with open(log_path, 'wb') as log:
        return subprocess.Popen(wrapper + [galley] + args, env=env, stdout=log,
                                stderr=subprocess.STDOUT)


def find_app(proc):
    if proc.poll() is not None:
        raise Failure(f'galley exited with status {proc.returncode}')
    for a in children(Atspi.get_desktop(0)):
        if name(a) == APP_NAME:
            return a
    return None


def board_shown(app):
    """Signed in, the Kitchen view showing: a ticket card ("Order 0010, …") is on the board."""
    for n in walk(app):
        if role(n) == 'panel' and name(n).startswith('Order ') and \
                has_state(n, Atspi.StateType.VISIBLE):
            return n
    return None


def focused(app):
    """The accessible with the keyboard focus in @app (its windows and dialogs), or None."""
    for w in children(app):
        if not has_state(w, Atspi.StateType.ACTIVE):
            continue
        for n in walk(w):
            if has_state(n, Atspi.StateType.FOCUSED):
                return n
    for n in walk(app):
        if has_state(n, Atspi.StateType.FOCUSED):
            return n
    return None


def path_of(node):
    """"window 'Galley' > panel '' > push button 'Send'": where @node is in the tree."""
    parts = [f'{role(a)} {name(a)!r}' for a in reversed(ancestors(node))]
    return ' > '.join(parts[1:])    # without the application itself


def report_failure(step, e, app, proc, log_path):
    import traceback
    if not isinstance(e, Failure):
        traceback.print_exc()
    print(f'FAIL while {step}: {e}', file=sys.stderr)
    if app is not None:
        f = focused(app)
        print(f'--- keyboard focus: {"none" if f is None else path_of(f)}', file=sys.stderr)
        print('--- accessible tree of galley', file=sys.stderr)
        dump(app)
    if proc is not None:
        print(f'--- galley stopped: {stop(proc)}', file=sys.stderr)
    print('--- galley output:', file=sys.stderr)
    try:
        with open(log_path, encoding='utf-8', errors='replace') as f:
            text = f.read()
        sys.stderr.write(text if len(text) <= 12000 else
                         text[:4000] + '\n[…]\n' + text[-8000:])
    except OSError:
        pass
