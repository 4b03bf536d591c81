#!/usr/bin/python3
# SPDX-FileCopyrightText: The Galley contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Lints the two flatpak-builder manifests offline (no flatpak-builder run, no network):
#
#   check-flatpak.py BASE_APP_ID RELEASE.json DEVEL.json
#   check-flatpak.py --self-test BASE_APP_ID RELEASE.json DEVEL.json
#
# BASE_APP_ID is meson's base_id. The release manifest must use it as its app id and
# build with -Ddevel=false from a pinned git tag or commit; the Devel manifest uses
# BASE_APP_ID.Devel, -Ddevel=true and the local tree ("dir" source). Both: the GNOME runtime
# at a pinned version, command galley, exactly the sandbox holes in FINISH_ARGS, every
# downloaded source pinned by a sha256 (or sha512) checksum, and the offline recogniser's
# modules (sphinxbase, pocketsphinx) built before Galley.
#
# --self-test proves the checks can fail: it breaks valid copies of the manifests one way
# at a time and expects a complaint for each.

import copy
import json
import re
import sys

RUNTIME = "org.gnome.Platform"
SDK = "org.gnome.Sdk"
COMMAND = "galley"
FINISH_ARGS = [
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--filesystem=xdg-run/pipewire-0",
]
REQUIRED_MODULES = ["sphinxbase", "pocketsphinx"]
# GNOME 43 is the first runtime with GTK >= 4.8 and libadwaita >= 1.2
MIN_RUNTIME = 43
DOWNLOADED = {"archive", "file", "extra-data"}
CHECKSUM_RE = {"sha256": re.compile(r"^[0-9a-f]{64}$"), "sha512": re.compile(r"^[0-9a-f]{128}$")}
GIT_COMMIT_RE = re.compile(r"^[0-9a-f]{40}$")


def check_sources(name, sources, devel):
    problems = []
    if not isinstance(sources, list) or not sources:
        return [f"module {name!r} has no sources"]
    for i, source in enumerate(sources):
        where = f"module {name!r} source {i}"
        if not isinstance(source, dict):
            problems.append(f"{where} is not an object (an external source file?)")
            continue
        kind = source.get("type")
        if kind in DOWNLOADED:
            sums = [k for k in CHECKSUM_RE if k in source]
            if not sums:
                problems.append(f"{where} ({kind}) has no sha256 checksum")
            for k in sums:
                if not isinstance(source[k], str) or not CHECKSUM_RE[k].match(source[k]):
                    problems.append(f"{where} has a malformed {k}: {source[k]!r}")
            url = source.get("url", "")
            if not isinstance(url, str) or not url.startswith("https://"):
                problems.append(f"{where} is not fetched over https: {url!r}")
        elif kind == "git":
            commit = source.get("commit")
            tag = source.get("tag")
            if "branch" in source:
                problems.append(f"{where} follows a branch; pin a tag or commit")
            if commit is None and tag is None:
                problems.append(f"{where} (git) pins neither a tag nor a commit")
            if commit is not None and not (isinstance(commit, str) and GIT_COMMIT_RE.match(commit)):
                problems.append(f"{where} has a malformed commit: {commit!r}")
            if tag is not None and not (isinstance(tag, str) and tag):
                problems.append(f"{where} has an empty tag")
        elif kind == "dir":
            if not devel:
                problems.append(f"{where} is a local dir: the release manifest builds a tag")
        elif kind == "patch":
            if "path" not in source and "paths" not in source:
                problems.append(f"{where} (patch) has no path")
        else:
            problems.append(f"{where} has a type this check does not know: {kind!r}")
    return problems


def check(manifest, base_id, devel):
    """Return a list of problems with a parsed manifest (empty if fine)."""
    if not isinstance(manifest, dict):
        return ["top level is not a JSON object"]

    problems = []
    want_id = base_id + ".Devel" if devel else base_id

    app_id = manifest.get("app-id", manifest.get("id"))
    if app_id != want_id:
        problems.append(f"app-id is {app_id!r}, meson's is {want_id!r}")

    if manifest.get("runtime") != RUNTIME:
        problems.append(f"runtime is {manifest.get('runtime')!r}, expected {RUNTIME!r}")
    if manifest.get("sdk") != SDK:
        problems.append(f"sdk is {manifest.get('sdk')!r}, expected {SDK!r}")
    version = manifest.get("runtime-version")
    if not isinstance(version, str) or not re.fullmatch(r"[0-9]+", version):
        problems.append(f"runtime-version is {version!r}: pin a GNOME release such as \"46\"")
    elif int(version) < MIN_RUNTIME:
        problems.append(f"runtime-version {version} is older than GNOME {MIN_RUNTIME} "
                        "(GTK 4.8, libadwaita 1.2)")

    if manifest.get("command") != COMMAND:
        problems.append(f"command is {manifest.get('command')!r}, expected {COMMAND!r}")

    finish_args = manifest.get("finish-args")
    if not isinstance(finish_args, list) or not all(isinstance(a, str) for a in finish_args):
        problems.append("finish-args is missing or not a list of strings")
    else:
        extra = [a for a in finish_args if a not in FINISH_ARGS]
        missing = [a for a in FINISH_ARGS if a not in finish_args]
        repeated = sorted({a for a in finish_args if finish_args.count(a) > 1})
        if extra:
            problems.append(f"finish-args has unexpected entries: {', '.join(extra)}")
        if missing:
            problems.append(f"finish-args lacks: {', '.join(missing)}")
        if repeated:
            problems.append(f"finish-args repeats: {', '.join(repeated)}")

    modules = manifest.get("modules")
    if not isinstance(modules, list) or not modules:
        return problems + ["modules is missing or empty"]

    names = []
    for module in modules:
        if not isinstance(module, dict):
            problems.append(f"module {module!r} is not an object (an external module file?)")
            continue
        name = module.get("name", "<unnamed>")
        names.append(name)
        problems += check_sources(name, module.get("sources"), devel)

    for needed in REQUIRED_MODULES:
        if needed not in names:
            problems.append(f"no {needed!r} module (the runtime lacks the offline recogniser)")

    last = modules[-1]
    if isinstance(last, dict):
        if last.get("name") != "galley":
            problems.append(f"the last module is {last.get('name')!r}, expected 'galley'")
        if last.get("buildsystem") != "meson":
            problems.append(f"module 'galley' has buildsystem {last.get('buildsystem')!r}, "
                            "expected 'meson'")
        opts = last.get("config-opts", [])
        want = "-Ddevel=true" if devel else "-Ddevel=false"
        if not isinstance(opts, list) or want not in opts:
            problems.append(f"module 'galley' config-opts lack {want}")
        if isinstance(opts, list) and "-Dtests=false" not in opts:
            problems.append("module 'galley' config-opts lack -Dtests=false")
        kinds = [s.get("type") for s in last.get("sources", []) if isinstance(s, dict)]
        if devel and "dir" not in kinds:
            problems.append("module 'galley' of the Devel manifest does not build the local tree")
        if not devel and "git" not in kinds:
            problems.append("module 'galley' of the release manifest does not build from git")

    return problems


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def run(base_id, release_path, devel_path):
    failed = False
    for path, devel in ((release_path, False), (devel_path, True)):
        try:
            problems = check(load(path), base_id, devel)
        except OSError as e:
            problems = [f"cannot read: {e}"]
        except json.JSONDecodeError as e:
            problems = [f"not valid JSON: {e}"]
        if problems:
            failed = True
            for problem in problems:
                print(f"{path}: {problem}", file=sys.stderr)
        else:
            print(f"{path}: OK")
    return 1 if failed else 0


def galley_module(m):
    return m["modules"][-1]


def module(m, name):
    return next(x for x in m["modules"] if x.get("name") == name)


# Each breaks one thing; (name, applies to devel?, mutation)
MUTATIONS = [
    ("extra finish-arg", lambda m: m["finish-args"].append("--talk-name=org.freedesktop.secrets")),
    ("home filesystem", lambda m: m["finish-args"].append("--filesystem=home")),
    ("missing finish-arg", lambda m: m["finish-args"].remove("--device=dri")),
    ("repeated finish-arg", lambda m: m["finish-args"].append("--share=ipc")),
    ("unpinned runtime", lambda m: m.pop("runtime-version")),
    ("runtime master", lambda m: m.__setitem__("runtime-version", "master")),
    ("old runtime", lambda m: m.__setitem__("runtime-version", "42")),
    ("other runtime", lambda m: m.__setitem__("runtime", "org.freedesktop.Platform")),
    ("app id", lambda m: m.__setitem__("app-id", "io.github.galleypos.Galley.Other")),
    ("command", lambda m: m.__setitem__("command", "sh")),
    ("no checksum", lambda m: module(m, "pocketsphinx")["sources"][0].pop("sha256")),
    ("bad checksum", lambda m: module(m, "sphinxbase")["sources"][0].__setitem__("sha256", "abc")),
    ("http source", lambda m: module(m, "sphinxbase")["sources"][0].__setitem__(
        "url", module(m, "sphinxbase")["sources"][0]["url"].replace("https:", "http:"))),
    ("no recogniser", lambda m: m["modules"].remove(module(m, "pocketsphinx"))),
    ("devel flag", lambda m: galley_module(m)["config-opts"].remove(
        next(o for o in galley_module(m)["config-opts"] if o.startswith("-Ddevel=")))),
    ("tests built", lambda m: galley_module(m)["config-opts"].remove("-Dtests=false")),
    ("external module", lambda m: m["modules"].insert(0, "shared-modules/foo.json")),
    ("unknown source", lambda m: module(m, "sphinxbase")["sources"].append({"type": "shell"})),
]
RELEASE_ONLY = [
    ("release from dir", lambda m: galley_module(m).__setitem__(
        "sources", [{"type": "dir", "path": ".."}])),
    ("git branch", lambda m: galley_module(m)["sources"][0].__setitem__("branch", "main")),
    ("git unpinned", lambda m: [galley_module(m)["sources"][0].pop(k, None)
                                for k in ("tag", "commit")]),
]


def self_test(base_id, release_path, devel_path):
    originals = {False: load(release_path), True: load(devel_path)}
    for devel, m in originals.items():
        problems = check(m, base_id, devel)
        if problems:
            print(f"self-test: the manifests are not valid to start with: {problems}",
                  file=sys.stderr)
            return 1
        if check(m, base_id, not devel) == []:
            print(f"self-test: the {'Devel' if devel else 'release'} manifest also passes as the "
                  "other one", file=sys.stderr)
            return 1

    n = 0
    failed = False
    cases = [(name, mutate, d) for name, mutate in MUTATIONS for d in (False, True)]
    cases += [(name, mutate, False) for name, mutate in RELEASE_ONLY]
    for name, mutate, devel in cases:
        n += 1
        m = copy.deepcopy(originals[devel])
        mutate(m)
        problems = check(m, base_id, devel)
        label = f"{name} ({'Devel' if devel else 'release'})"
        if problems:
            print(f"ok {n} - {label}: {problems[0]}")
        else:
            print(f"not ok {n} - {label}: the broken manifest passed")
            failed = True
    print(f"1..{n}")
    return 1 if failed else 0


def main(argv):
    args = argv[1:]
    selftest = bool(args) and args[0] == "--self-test"
    if selftest:
        args = args[1:]
    if len(args) != 3:
        print(f"usage: {argv[0]} [--self-test] BASE_APP_ID RELEASE.json DEVEL.json",
              file=sys.stderr)
        return 2
    if selftest:
        return self_test(*args)
    return run(*args)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
