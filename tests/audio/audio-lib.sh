# SPDX-License-Identifier: GPL-3.0-or-later
# audio-lib.sh — shell functions behind audio-up.sh, audio-down.sh and with-audio.sh (source it;
# POSIX sh). Starting the daemons from the caller's own shell makes that shell their parent, so
# galley_audio_down can reap them: no zombies even when PID 1 does not reap (CI containers).
#   galley_audio_up RUNTIME_DIR    start PipeWire + WirePlumber, export XDG_RUNTIME_DIR and
#                                  PIPEWIRE_RUNTIME_DIR, return once both default nodes exist
#   galley_audio_down RUNTIME_DIR  stop them by saved pid (never by name), wait until gone
# GALLEY_AUDIO_DIR must name the folder holding pipewire.conf and wireplumber/.

galley_audio_fail() {
  echo "audio-up: $1" >&2
  for _f in "$2/pipewire.log" "$2/wireplumber.log"; do
    [ -f "$_f" ] && { echo "--- $_f" >&2; tail -n 30 "$_f" >&2; }
  done
  galley_audio_down "$2"
  return 1
}

galley_audio_up() {
  _run=$1
  mkdir -p "$_run" && chmod 700 "$_run" && _run=$(cd "$_run" && pwd) || return 1
  export XDG_RUNTIME_DIR="$_run" PIPEWIRE_RUNTIME_DIR="$_run"
  if [ -S "$_run/pipewire-0" ] && pw-cli -r pipewire-0 info 0 >/dev/null 2>&1; then
    echo "audio-up: a PipeWire daemon already serves $_run" >&2
    return 1
  fi
  rm -f "$_run/pipewire-0" "$_run/pipewire-0.lock"

  # no D-Bus for the daemons: the stock WirePlumber config would exit without a session bus
  env -u DBUS_SESSION_BUS_ADDRESS PIPEWIRE_DEBUG="${PIPEWIRE_DEBUG:-2}" \
    pipewire -c "$GALLEY_AUDIO_DIR/pipewire.conf" </dev/null >"$_run/pipewire.log" 2>&1 &
  echo $! >"$_run/pipewire.pid"
  _i=0
  while [ ! -S "$_run/pipewire-0" ]; do
    _i=$((_i + 1)); [ $_i -le 1000 ] || { galley_audio_fail "no pipewire socket after 10 s" "$_run"; return 1; }
    sleep 0.01
  done

  # our WirePlumber config (wireplumber/ in GALLEY_AUDIO_DIR); its state stays in the run dir
  env -u DBUS_SESSION_BUS_ADDRESS XDG_CONFIG_HOME="$GALLEY_AUDIO_DIR" XDG_STATE_HOME="$_run/state" \
    wireplumber </dev/null >"$_run/wireplumber.log" 2>&1 &
  echo $! >"$_run/wireplumber.pid"
  _i=0
  until pw-metadata -n default 0 2>/dev/null | grep -q 'default.audio.source.*"ci_mic"' &&
        pw-metadata -n default 0 2>/dev/null | grep -q 'default.audio.sink.*"ci_speaker"'; do
    _i=$((_i + 1)); [ $_i -le 1000 ] || { galley_audio_fail "WirePlumber did not publish the default nodes after 10 s" "$_run"; return 1; }
    sleep 0.01
  done
}

galley_audio_down() {
  for _n in wireplumber pipewire; do
    _f="$1/$_n.pid"
    [ -f "$_f" ] || continue
    _p=$(cat "$_f")
    kill "$_p" 2>/dev/null || true
    _i=0
    # gone, or a zombie whose parent is another process: both count as stopped
    while kill -0 "$_p" 2>/dev/null && [ "$(cut -d' ' -f3 "/proc/$_p/stat" 2>/dev/null)" != Z ]; do
      _i=$((_i + 1))
      if [ $_i -gt 200 ]; then kill -9 "$_p" 2>/dev/null || true; break; fi
      sleep 0.01
    done
    wait "$_p" 2>/dev/null || true   # reaps it if this shell started it
    rm -f "$_f"
  done
  rm -f "$1/pipewire-0" "$1/pipewire-0.lock"
}
