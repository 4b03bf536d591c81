#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks the flatpak-builder manifests given on the command line against what
# Galley needs: the right app id, runtime and command, exactly the sandbox
# holes listed below, and the app itself built with meson from the source tree.

import json
import sys

APP_ID_PREFIX = "io.github.galleypos.Galley"
RUNTIME = "org.gnome.Platform"
COMMAND = "galley"
FINISH_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--filesystem=xdg-run/pipewire-0",
}


def check(path):
    """Return a list of problems with the manifest at path (empty if fine)."""
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except OSError as e:
        return [f"cannot read: {e}"]
    except json.JSONDecodeError as e:
        return [f"not valid JSON: {e}"]

    if not isinstance(manifest, dict):
        return ["top level is not a JSON object"]

    problems = []

    app_id = manifest.get("app-id", manifest.get("id"))
    if not isinstance(app_id, str) or not (app_id == APP_ID_PREFIX
                                           or app_id.startswith(APP_ID_PREFIX + ".")):
        problems.append(f"app-id is {app_id!r}, expected one starting with {APP_ID_PREFIX!r}")

    runtime = manifest.get("runtime")
    if runtime != RUNTIME:
        problems.append(f"runtime is {runtime!r}, expected {RUNTIME!r}")

    command = manifest.get("command")
    if command != COMMAND:
        problems.append(f"command is {command!r}, expected {COMMAND!r}")

    finish_args = manifest.get("finish-args")
    if not isinstance(finish_args, list) or not all(isinstance(a, str) for a in finish_args):
        problems.append("finish-args is missing or not a list of strings")
    else:
        extra = sorted(set(finish_args) - FINISH_ARGS)
        missing = sorted(FINISH_ARGS - set(finish_args))
        duplicated = sorted({a for a in finish_args if finish_args.count(a) > 1})
        if extra:
            problems.append(f"finish-args has unexpected entries: {', '.join(extra)}")
        if missing:
            problems.append(f"finish-args lacks: {', '.join(missing)}")
        if duplicated:
            problems.append(f"finish-args repeats: {', '.join(duplicated)}")

    modules = manifest.get("modules")
    if not isinstance(modules, list) or not modules:
        problems.append("modules is missing or empty")
    else:
        last = modules[-1]
        if not isinstance(last, dict):
            problems.append("the last module is not an object (an external module file?)")
        else:
            name = last.get("name", "<unnamed>")
            if last.get("buildsystem") != "meson":
                problems.append(f"last module {name!r} has buildsystem "
                                f"{last.get('buildsystem')!r}, expected 'meson'")
            sources = last.get("sources")
            if not isinstance(sources, list) or not any(
                    isinstance(s, dict) and s.get("type") == "dir" for s in sources):
                problems.append(f"last module {name!r} has no source of type 'dir'")

    return problems


def main(argv):
    if len(argv) < 2:
        print(f"usage: {argv[0]} MANIFEST.json...", file=sys.stderr)
        return 2

    failed = False
    for path in argv[1:]:
        problems = check(path)
        if problems:
            failed = True
            for problem in problems:
                print(f"{path}: {problem}", file=sys.stderr)
        else:
            print(f"{path}: OK")

    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
