#!/usr/bin/python3
# SPDX-FileCopyrightText: The Galley contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What appstreamcli and desktop-file-validate do not check, and Flathub wants:
#
#   check-metainfo.py SOURCE_ROOT APP_ID BASE_ID VERSION METAINFO.xml DESKTOP_FILE
#
# the built metainfo and desktop file agree with meson (app id, version) and with each other
# (icon, launchable, categories, command); every screenshot in data/screenshots/ is listed with
# a caption, and only those, as tools/screenshots.sh makes them; the release notes, OARS
# rating, keywords, supported input, developer and URLs are there; the icons exist in every
# form. The same checks are first run on broken copies, each of which must be refused.
# TAP output.

import configparser
import copy
import os
import re
import sys
import xml.etree.ElementTree as ET

SCREENSHOT_PREFIX = "https://raw.githubusercontent.com/galleypos/galley/main/data/screenshots/"


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def untranslated(root, path):
    """The elements at path without xml:lang (the English originals, not the merged translations)."""
    return [e for e in root.findall(path) if e.get(XML_LANG) is None]


def texts(root, path):
    return [(e.text or "").strip() for e in untranslated(root, path)]


def check(ctx):
    """Problems with ctx = {root (metainfo), desktop (configparser section), files, ...}."""
    root = ctx["root"]
    desktop = ctx["desktop"]
    app_id = ctx["app_id"]
    p = []

    if texts(root, "id") != [app_id]:
        p.append(f"metainfo id is {texts(root, 'id')}, meson's app id is {app_id}")
    launchables = root.findall("launchable")
    if [(e.get("type"), (e.text or "").strip()) for e in launchables] != \
            [("desktop-id", app_id + ".desktop")]:
        p.append(f"launchable is not the desktop id {app_id}.desktop")
    if texts(root, "project_license") != ["GPL-3.0-or-later"]:
        p.append("project_license is not GPL-3.0-or-later")
    if texts(root, "metadata_license") != ["CC0-1.0"]:
        p.append("metadata_license is not CC0-1.0")
    if not texts(root, "developer/name") or not texts(root, "developer_name"):
        p.append("no developer name (both <developer><name> and <developer_name>)")
    if len(root.findall("description/p")) < 1 or len(root.findall("description/ul/li")) < 3:
        p.append("the description has no paragraph or fewer than three features")

    urls = {e.get("type"): (e.text or "").strip() for e in root.findall("url")}
    if urls.get("homepage") != "https://github.com/galleypos/galley":
        p.append(f"homepage url is {urls.get('homepage')!r}")
    if urls.get("bugtracker") != "https://github.com/galleypos/galley/issues":
        p.append(f"bugtracker url is {urls.get('bugtracker')!r}")

    # screenshots: the committed files, each once, each with a caption, one default
    shots = root.findall("screenshots/screenshot")
    listed = []
    for s in shots:
        caption = texts(s, "caption")
        image = texts(s, "image")
        if not caption or not caption[0]:
            p.append("a screenshot has no caption")
        if len(image) != 1 or not image[0].startswith(SCREENSHOT_PREFIX):
            p.append(f"a screenshot image is not under {SCREENSHOT_PREFIX}: {image}")
            continue
        listed.append(image[0][len(SCREENSHOT_PREFIX):])
    if [s.get("type") for s in shots].count("default") != 1:
        p.append("not exactly one default screenshot")
    files = ctx["screenshot_files"]
    for name in sorted(set(files) - set(listed)):
        p.append(f"data/screenshots/{name} is committed but not in the metainfo")
    for name in sorted(set(listed) - set(files)):
        p.append(f"the metainfo lists {name}, which is not in data/screenshots/")
    if len(listed) != len(set(listed)):
        p.append("a screenshot is listed twice")
    made = ctx["screenshots_made"]
    if sorted(made) != sorted(files):
        p.append(f"tools/screenshots.sh makes {sorted(made)}, data/screenshots/ has {sorted(files)}")

    # releases: newest first, the first is meson's version, each dated and described
    releases = root.findall("releases/release")
    if not releases:
        p.append("no releases")
    else:
        if releases[0].get("version") != ctx["version"]:
            p.append(f"the newest release is {releases[0].get('version')}, "
                     f"meson's version is {ctx['version']}")
        for r in releases:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", r.get("date") or ""):
                p.append(f"release {r.get('version')} has no date")
            if r.find("description") is None:
                p.append(f"release {r.get('version')} has no description")

    ratings = root.findall("content_rating")
    if [r.get("type") for r in ratings] != ["oars-1.1"]:
        p.append("no OARS 1.1 content rating")

    categories = texts(root, "categories/category")
    if not categories:
        p.append("no categories")
    if len(texts(root, "keywords/keyword")) < 3:
        p.append("fewer than three keywords")
    controls = texts(root, "supports/control") + texts(root, "recommends/control")
    for control in ("keyboard", "touch"):
        if control not in controls:
            p.append(f"{control} is not a supported or recommended control")
    binaries = texts(root, "provides/binary")
    for b in ("galley", "galley-demo-server"):
        if b not in binaries:
            p.append(f"<provides> lacks the binary {b}")

    # the desktop file agrees
    if desktop.get("Icon") != app_id:
        p.append(f"desktop Icon is {desktop.get('Icon')!r}, expected {app_id!r}")
    if desktop.get("Exec", "").split(" ")[0] != "galley":
        p.append(f"desktop Exec is {desktop.get('Exec')!r}")
    keywords = desktop.get("Keywords", "")
    if len([k for k in keywords.split(";") if k]) < 3 or not keywords.endswith(";"):
        p.append("desktop Keywords missing, fewer than three, or not ending in ;")
    desktop_categories = [c for c in desktop.get("Categories", "").split(";") if c]
    if desktop_categories != categories:
        p.append(f"desktop Categories {desktop_categories} differ from metainfo's {categories}")

    # icons in every form
    for path in ctx["icons"]:
        full = os.path.join(ctx["source_root"], path)
        try:
            svg = ET.parse(full).getroot()
        except (OSError, ET.ParseError) as e:
            p.append(f"{path}: {e}")
            continue
        if svg.tag != "{http://www.w3.org/2000/svg}svg" or not svg.get("viewBox"):
            p.append(f"{path} is not an SVG with a viewBox")
    return p


def load(args):
    source_root, app_id, base_id, version, metainfo, desktop_path = args
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(desktop_path, encoding="utf-8")
    shots_dir = os.path.join(source_root, "data", "screenshots")
    with open(os.path.join(source_root, "tools", "screenshots.sh"), encoding="utf-8") as f:
        made = re.findall(r'^shoot "\$out/([\w.-]+\.png)"', f.read(), re.M)
    return {
        "source_root": source_root,
        "app_id": app_id,
        "version": version,
        "root": ET.parse(metainfo).getroot(),
        "desktop": dict(parser["Desktop Entry"]),
        "screenshot_files": sorted(n for n in os.listdir(shots_dir) if n.endswith(".png")),
        "screenshots_made": made,
        "icons": [f"data/icons/hicolor/scalable/apps/{base_id}.svg",
                  f"data/icons/hicolor/symbolic/apps/{base_id}-symbolic.svg"],
    }


def remove_first(root, path):
    """Removes the first untranslated element at path, and its translations (same tag, with
    xml:lang, under the same parent)."""
    parent = root.find(path.rsplit("/", 1)[0]) if "/" in path else root
    tag = path.rsplit("/", 1)[-1]
    originals = [e for e in parent if e.tag == tag and e.get(XML_LANG) is None]
    parent.remove(originals[0])
    for e in [e for e in parent if e.tag == tag and e.get(XML_LANG) is not None]:
        parent.remove(e)


MUTATIONS = [
    ("screenshot missing", lambda c: remove_first(c["root"], "screenshots/screenshot")),
    ("caption missing", lambda c: remove_first(c["root"], "screenshots/screenshot/caption")),
    ("uncommitted screenshot", lambda c: c["screenshot_files"].remove(c["screenshot_files"][0])),
    ("extra committed file", lambda c: c["screenshot_files"].append("stale.png")),
    ("script makes another", lambda c: c["screenshots_made"].append("counter.png")),
    ("release version", lambda c: c.__setitem__("version", "9.9.9")),
    ("no OARS", lambda c: remove_first(c["root"], "content_rating")),
    ("no touch", lambda c: [s.remove(e) for s in c["root"].findall("supports")
                            for e in list(s) if e.text == "touch"]),
    ("no bugtracker", lambda c: [c["root"].remove(e) for e in c["root"].findall("url")
                                 if e.get("type") == "bugtracker"]),
    ("app id", lambda c: c.__setitem__("app_id", c["app_id"] + ".Other")),
    ("desktop icon", lambda c: c["desktop"].__setitem__("Icon", "galley")),
    ("desktop keywords", lambda c: c["desktop"].pop("Keywords")),
    ("desktop categories", lambda c: c["desktop"].__setitem__("Categories", "Game;")),
    ("icon missing", lambda c: c["icons"].append("data/icons/hicolor/scalable/apps/none.svg")),
    ("no developer", lambda c: remove_first(c["root"], "developer_name")),
]


def main(argv):
    if len(argv) != 7:
        print(f"usage: {argv[0]} SOURCE_ROOT APP_ID BASE_ID VERSION METAINFO DESKTOP",
              file=sys.stderr)
        return 2
    ctx = load(argv[1:])
    n = 0
    failed = False
    for name, mutate in MUTATIONS:
        n += 1
        broken = copy.deepcopy(ctx)
        mutate(broken)
        problems = check(broken)
        if problems:
            print(f"ok {n} - broken copy refused: {name}: {problems[0]}")
        else:
            print(f"not ok {n} - broken copy passed: {name}")
            failed = True
    n += 1
    problems = check(ctx)
    if problems:
        print(f"not ok {n} - metainfo, desktop file, screenshots and icons")
        for problem in problems:
            print(f"# {problem}")
        failed = True
    else:
        print(f"ok {n} - metainfo, desktop file, screenshots and icons")
    print(f"1..{n}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
