/* galley-audio-engine.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is for the main thread only.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * GalleyAudioState:
 * @GALLEY_AUDIO_STATE_DISCONNECTED: not started, or stopped: nothing is held
 * @GALLEY_AUDIO_STATE_CONNECTING: connected to the sound service, waiting for its answer
 * @GALLEY_AUDIO_STATE_READY: streams can be opened
 * @GALLEY_AUDIO_STATE_FAILED: no sound service, or it went away; a retry is scheduled
 *
 * Where the engine's connection to PipeWire stands.
 */
typedef enum
{
  GALLEY_AUDIO_STATE_DISCONNECTED,
  GALLEY_AUDIO_STATE_CONNECTING,
  GALLEY_AUDIO_STATE_READY,
  GALLEY_AUDIO_STATE_FAILED,
} GalleyAudioState;

#define GALLEY_TYPE_AUDIO_STATE (galley_audio_state_get_type ())
GType galley_audio_state_get_type (void);

#define GALLEY_TYPE_AUDIO_ENGINE (galley_audio_engine_get_type ())
G_DECLARE_FINAL_TYPE (GalleyAudioEngine, galley_audio_engine, GALLEY, AUDIO_ENGINE, GObject)

GalleyAudioEngine *galley_audio_engine_new                  (void);
void               galley_audio_engine_start                (GalleyAudioEngine *self);
void               galley_audio_engine_stop                 (GalleyAudioEngine *self);
void               galley_audio_engine_set_backoff          (GalleyAudioEngine *self,
                                                             guint              base_ms,
                                                             guint              cap_ms);

GalleyAudioState   galley_audio_engine_get_state            (GalleyAudioEngine *self);
const char        *galley_audio_engine_get_error_message    (GalleyAudioEngine *self);
gint64             galley_audio_engine_get_next_retry       (GalleyAudioEngine *self);
guint              galley_audio_engine_get_streams_open     (GalleyAudioEngine *self);
guint              galley_audio_engine_get_buffers_played   (GalleyAudioEngine *self);
guint              galley_audio_engine_get_underruns        (GalleyAudioEngine *self);
guint              galley_audio_engine_get_reconnects       (GalleyAudioEngine *self);
guint              galley_audio_engine_get_connect_attempts (GalleyAudioEngine *self);

G_END_DECLS
