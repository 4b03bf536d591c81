/* galley-audio-capture.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is for the main thread only.
 */
#pragma once

#include <glib-object.h>

#include "audio/galley-audio-engine.h"
#include "audio/galley-audio-error.h"

G_BEGIN_DECLS

/* The PipeWire node of the voice capture stream (spec/voice.md §7.1). */
#define GALLEY_AUDIO_CAPTURE_NODE_NAME    "galley-voice-capture"
/* Chunk length: default and range (ms). */
#define GALLEY_AUDIO_CAPTURE_CHUNK_MS     20
#define GALLEY_AUDIO_CAPTURE_CHUNK_MS_MIN 20
#define GALLEY_AUDIO_CAPTURE_CHUNK_MS_MAX 40
/* What the ring between PipeWire's data thread and the main loop holds (§7.3). */
#define GALLEY_AUDIO_CAPTURE_RING_MS      3000
/* No buffer this long after the stream connected: "No microphone found" (§7.6). */
#define GALLEY_AUDIO_CAPTURE_WATCHDOG_MS  3000

#define GALLEY_TYPE_AUDIO_CAPTURE (galley_audio_capture_get_type ())
G_DECLARE_FINAL_TYPE (GalleyAudioCapture, galley_audio_capture, GALLEY, AUDIO_CAPTURE, GObject)

GalleyAudioCapture *galley_audio_capture_new           (GalleyAudioEngine  *engine,
                                                        guint               rate);
gboolean            galley_audio_capture_start         (GalleyAudioCapture *self,
                                                        GError            **error);
void                galley_audio_capture_stop          (GalleyAudioCapture *self);

GalleyAudioEngine  *galley_audio_capture_get_engine    (GalleyAudioCapture *self);
guint               galley_audio_capture_get_rate      (GalleyAudioCapture *self);
guint               galley_audio_capture_get_chunk_ms  (GalleyAudioCapture *self);
void                galley_audio_capture_set_chunk_ms  (GalleyAudioCapture *self,
                                                        guint               chunk_ms);
const char         *galley_audio_capture_get_target    (GalleyAudioCapture *self);
void                galley_audio_capture_set_target    (GalleyAudioCapture *self,
                                                        const char         *target);
double              galley_audio_capture_get_level     (GalleyAudioCapture *self);
guint64             galley_audio_capture_get_overflows (GalleyAudioCapture *self);
gboolean            galley_audio_capture_get_running   (GalleyAudioCapture *self);

G_END_DECLS
