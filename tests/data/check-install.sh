#!/bin/sh
# SPDX-FileCopyrightText: The Galley contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-install.sh — `meson install` yields a working Galley: installs the build into a
# temporary DESTDIR and runs what was installed, never the build tree's binaries.
# Usage: check-install.sh MESON BUILD_DIR APP_ID VERSION   (TAP output)
#
# With DESTDIR set, meson skips the post-install steps (schemas, icon cache, desktop
# database), as a distribution package would; this script compiles the installed schema
# itself, and checks that the post-install step is there for a plain `meson install`.
# Translations: the binaries look in the build's prefix for them (LOCALEDIR), which a
# DESTDIR install does not fill, so the installed catalogue is read with msgunfmt.
set -u
meson=$1
build=$2
app_id=$3
version=$4

n=0
failed=0
dest=$(mktemp -d)
out="$dest/out.txt"
pid=""
cleanup () {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf "$dest"
}
trap cleanup EXIT

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () {
  n=$((n + 1)); echo "not ok $n - $1"; failed=1
  [ -f "$out" ] && sed 's/^/# /' "$out"
}
check () {   # check DESCRIPTION COMMAND... (passes when the command succeeds)
  desc=$1; shift
  if "$@" >"$out" 2>&1; then ok "$desc"; else not_ok "$desc"; fi
}

# 1. install
if timeout 120 "$meson" install -C "$build" --no-rebuild --destdir "$dest/root" >"$out" 2>&1; then
  ok "meson install --destdir"
else
  not_ok "meson install --destdir"
  echo "1..$n"
  exit 1
fi

prefix=$("$meson" introspect --buildoptions "$build" |
         /usr/bin/python3 -c 'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
root="$dest/root$prefix"
bin="$root/bin"
share="$root/share"

# 2. the files a desktop, AppStream and man need, under their app-id names
for f in \
  "bin/galley" "bin/galley-demo-server" \
  "share/applications/$app_id.desktop" \
  "share/metainfo/$app_id.metainfo.xml" \
  "share/glib-2.0/schemas/io.github.galleypos.Galley.gschema.xml" \
  "share/icons/hicolor/scalable/apps/$app_id.svg" \
  "share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg" \
  "share/man/man1/galley.1" "share/man/man1/galley-demo-server.1" \
  "share/locale/de/LC_MESSAGES/galley.mo"
do
  if [ -s "$root/$f" ]; then ok "installed $f"; else : >"$out"; not_ok "installed $f (missing or empty)"; fi
done

# nothing of the build tree leaks into the install (tests, static libraries, headers)
find "$root" -type f | grep -E '/test-|\.a$|\.h$' >"$out"
if [ -s "$out" ]; then not_ok "no test programs, libraries or headers installed"; else ok "no test programs, libraries or headers installed"; fi

# the installed data files validate as installed
check "installed desktop file validates" desktop-file-validate "$share/applications/$app_id.desktop"
check "installed metainfo validates" appstreamcli validate --no-net "$share/metainfo/$app_id.metainfo.xml"
check "installed desktop file runs galley" grep -qx 'Exec=galley' "$share/applications/$app_id.desktop"

# the post-install step that compiles schemas for a plain `meson install`
if grep -q "glib-compile-schemas" "$build/meson-private/install.dat" 2>/dev/null; then
  ok "a plain meson install compiles the schemas (post-install step present)"
else
  : >"$out"; not_ok "a plain meson install compiles the schemas (post-install step present)"
fi

# 3. translations: the installed German catalogue has the --help strings
check "installed German catalogue translates the options" sh -c \
  "msgunfmt '$share/locale/de/LC_MESSAGES/galley.mo' | grep -A1 -x 'msgid \"Show the version and exit\"' | grep -q '^msgstr \"[^\"]'"

# 4. the installed programs run, with the schema compiled the way post-install does it
check "glib-compile-schemas on the installed schema" glib-compile-schemas --strict "$share/glib-2.0/schemas"
export GSETTINGS_SCHEMA_DIR="$share/glib-2.0/schemas"
export GSETTINGS_BACKEND=memory
export XDG_STATE_HOME="$dest/state" XDG_CACHE_HOME="$dest/cache" XDG_CONFIG_HOME="$dest/config"
export XDG_DATA_HOME="$dest/data"

check "installed galley --version" sh -c "timeout 30 '$bin/galley' --version | grep -qx 'galley $version'"
check "installed galley --help" sh -c "timeout 30 '$bin/galley' --help | grep -q -- '--demo-rate'"
check "installed galley-demo-server --version" sh -c "timeout 30 '$bin/galley-demo-server' --version | grep -qx 'galley-demo-server $version'"
check "installed galley-demo-server --help" sh -c "timeout 30 '$bin/galley-demo-server' --help | grep -q -- '--virtual-clock'"

# 5. a short demo: the installed server on port 0 answers, then stops on SIGTERM with 0
"$bin/galley-demo-server" --port=0 --rate=0 >"$out" 2>&1 &
pid=$!
url=""
i=0
while [ $i -lt 200 ] && [ -z "$url" ]; do
  url=$(sed -n 's/.* at \(http:[^ ]*\) .*/\1/p' "$out" | head -n 1)
  [ -n "$url" ] || sleep 0.05
  i=$((i + 1))
done
body=$(/usr/bin/python3 -c "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1] + '/api/v1/health', timeout=5).read().decode())" "$url" 2>&1)
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=""
if [ -n "$url" ] && echo "$body" | grep -q healthy && [ "$rc" -eq 0 ]; then
  ok "installed galley-demo-server answers /api/v1/health and stops on SIGTERM"
else
  echo "# url '$url', body '$body', exit $rc" >>"$out"
  not_ok "installed galley-demo-server answers /api/v1/health and stops on SIGTERM"
fi

# the installed galley --demo paints a window (resources embedded) and quits with 0
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  GALLEY_REPORT_FIRST_FRAME=1 GALLEY_QUIT_AFTER_FIRST_FRAME=1 GDK_DEBUG=gl-disable \
    timeout 60 "$bin/galley" --demo --demo-rate=30 >"$out" 2>&1
  rc=$?
  if [ "$rc" -eq 0 ] && grep -q "first frame" "$out" && grep -q "Demo restaurant running" "$out" &&
     ! grep -qE "CRITICAL|WARNING" "$out"; then
    ok "installed galley --demo shows a window and quits with status 0"
  else
    echo "# exit $rc" >>"$out"
    not_ok "installed galley --demo shows a window and quits with status 0"
  fi
else
  n=$((n + 1)); echo "ok $n # SKIP installed galley --demo: no display"
fi

echo "1..$n"
exit $failed
