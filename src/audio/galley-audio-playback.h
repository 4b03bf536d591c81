/* galley-audio-playback.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is for the main thread only.
 */
#pragma once

#include <gio/gio.h>

#include "audio/galley-audio-engine.h"
#include "audio/galley-audio-error.h"

G_BEGIN_DECLS

/* The PipeWire node of the voice playback stream (spec/voice.md §7.1). */
#define GALLEY_AUDIO_PLAYBACK_NODE_NAME     "galley-voice-playback"
/* Output starts once this much is queued, or at the end of the item (§4.3: 100-200 ms). */
#define GALLEY_AUDIO_PLAYBACK_PREBUFFER_MS  150
/* What the ring holds (§7.3); more is dropped and counted. */
#define GALLEY_AUDIO_PLAYBACK_RING_MS       60000
/* A drain gives up this long after the queued audio should have played (§7.4). */
#define GALLEY_AUDIO_PLAYBACK_DRAIN_SLACK_MS 2000
/* Playing but nothing taken by PipeWire this long: "No speaker found" (§7.6). */
#define GALLEY_AUDIO_PLAYBACK_WATCHDOG_MS   3000

#define GALLEY_TYPE_AUDIO_PLAYBACK (galley_audio_playback_get_type ())
G_DECLARE_FINAL_TYPE (GalleyAudioPlayback, galley_audio_playback, GALLEY, AUDIO_PLAYBACK, GObject)

GalleyAudioPlayback *galley_audio_playback_new           (GalleyAudioEngine   *engine,
                                                          guint                rate);
void                 galley_audio_playback_write         (GalleyAudioPlayback *self,
                                                          GBytes              *pcm);
void                 galley_audio_playback_end_item      (GalleyAudioPlayback *self);
void                 galley_audio_playback_flush         (GalleyAudioPlayback *self);
gint64               galley_audio_playback_get_played_ms (GalleyAudioPlayback *self);
void                 galley_audio_playback_drain_async   (GalleyAudioPlayback *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean             galley_audio_playback_drain_finish  (GalleyAudioPlayback *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

GalleyAudioEngine   *galley_audio_playback_get_engine    (GalleyAudioPlayback *self);
guint                galley_audio_playback_get_rate      (GalleyAudioPlayback *self);
guint64              galley_audio_playback_get_overflows (GalleyAudioPlayback *self);
guint64              galley_audio_playback_get_underruns (GalleyAudioPlayback *self);
gboolean             galley_audio_playback_get_playing   (GalleyAudioPlayback *self);
const char          *galley_audio_playback_get_target    (GalleyAudioPlayback *self);
void                 galley_audio_playback_set_target    (GalleyAudioPlayback *self,
                                                          const char          *target);

G_END_DECLS
