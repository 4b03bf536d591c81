-- SPDX-License-Identifier: GPL-3.0-or-later
-- 60-galley-headless.lua — WirePlumber 0.4 settings for Galley's private test PipeWire:
-- no hardware monitors, nothing that needs D-Bus, and no state restored between runs.
-- The name must sort after 50-*-config.lua and before 90-enable-all.lua (a 99-* file runs too late).
alsa_monitor.enabled = false
v4l2_monitor.enabled = false
libcamera_monitor.enabled = false
default_access.properties["enable-flatpak-portal"] = false      -- needs D-Bus
stream_defaults.properties["restore-props"] = false             -- deterministic tests
stream_defaults.properties["restore-target"] = false
device_defaults.properties["use-persistent-storage"] = false
device_defaults.properties["auto-echo-cancel"] = false
