#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# check-cli.sh — the command lines of galley and galley-demo-server, through the real binaries:
# exit codes (0 ok, 2 usage error), messages, --version, --help, and a short --demo run.
# Usage: check-cli.sh GALLEY GALLEY_DEMO_SERVER   (TAP output)
set -u
galley=$1
demo=$2
n=0
failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

check () {   # check DESCRIPTION EXPECTED_RC EXPECTED_TEXT COMMAND...
  desc=$1 want_rc=$2 want_text=$3
  shift 3
  n=$((n + 1))
  timeout 30 "$@" >"$out" 2>&1
  rc=$?
  if [ "$rc" -eq "$want_rc" ] && grep -q -- "$want_text" "$out"; then
    echo "ok $n - $desc"
  else
    echo "not ok $n - $desc (exit $rc, wanted $want_rc and \"$want_text\")"
    sed 's/^/# /' "$out"
    failed=1
  fi
}

check "galley --version" 0 "galley 0" "$galley" --version
check "galley --help lists --demo" 0 "--demo-rate" "$galley" --help
check "unknown option exits 2" 2 "Unknown option --bogus" "$galley" --bogus
check "malformed number exits 2" 2 "demo-rate" "$galley" --demo --demo-rate=fast
check "negative rate exits 2" 2 "demo-rate must be" "$galley" --demo --demo-rate=-3
check "slug restaurant exits 2" 2 "not a restaurant ID" "$galley" --restaurant=grow
check "bad server URL exits 2" 2 "not a server address" "$galley" --server=ftp://x
check "demo options need --demo" 2 "need --demo" "$galley" --demo-seed=4
check "stray argument exits 2" 2 "Unexpected argument" "$galley" order.json
check "demo with --server exits 2" 2 "leave out --server" "$galley" --demo --server=http://localhost:1
check "bad station exits 2" 2 "station name" "$galley" --station='a;b'
check "galley-demo-server --version" 0 "galley-demo-server 0" "$demo" --version
check "galley-demo-server bad port exits 2" 2 "port must be" "$demo" --port=70000
check "galley-demo-server unknown setting exits 2" 2 "Unknown demo setting" "$demo" --port=0 --set=colour=blue
check "galley-demo-server bad env exits 2" 2 "GALLEY_DEMO_RATE" env GALLEY_DEMO_RATE=lots "$demo" --port=0

# galley-demo-server serves until SIGTERM, then exits 0
n=$((n + 1))
"$demo" --port=0 --rate=0 >"$out" 2>&1 &
pid=$!
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/.* at \(http:[^ ]*\) .*/\1/p' "$out" | head -n 1)
  [ -n "$url" ] && break
  sleep 0.05
done
body=$(/usr/bin/python3 -c "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1] + '/api/v1/health', timeout=5).read().decode())" "$url" 2>&1)
kill -TERM "$pid"
wait "$pid"
rc=$?
if [ -n "$url" ] && echo "$body" | grep -q healthy && [ "$rc" -eq 0 ]; then
  echo "ok $n - galley-demo-server answers /api/v1/health and stops on SIGTERM"
else
  echo "not ok $n - galley-demo-server run (url '$url', body '$body', exit $rc)"
  sed 's/^/# /' "$out"
  failed=1
fi

# galley --demo paints a window and quits cleanly (needs a display)
n=$((n + 1))
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  GALLEY_REPORT_FIRST_FRAME=1 GALLEY_QUIT_AFTER_FIRST_FRAME=1 timeout 60 "$galley" --demo --demo-rate=30 >"$out" 2>&1
  rc=$?
  if [ "$rc" -eq 0 ] && grep -q "first frame" "$out" && grep -q "Demo restaurant running" "$out"; then
    echo "ok $n - galley --demo shows a window and quits with status 0"
  else
    echo "not ok $n - galley --demo (exit $rc)"
    sed 's/^/# /' "$out"
    failed=1
  fi
else
  echo "ok $n # SKIP no display"
fi

echo "1..$n"
exit $failed
