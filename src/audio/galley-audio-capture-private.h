/* galley-audio-capture-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the files of GalleyAudioCapture only: the core (galley-audio-capture.c: the
 * object, its properties, the engine's callbacks and the public API) and
 * galley-audio-capture-stream.c (the PipeWire stream, its data thread, the chunk events, the
 * no-microphone watchdog, stopping and problems).
 */
#pragma once

#include "audio/galley-audio-capture.h"
#include "audio/galley-audio-engine-private.h"
#include "audio/galley-ring-buffer.h"

G_BEGIN_DECLS

/* What the data thread may touch: the stream, the ring, the atomics and the wake-up event
 * source on the engine's loop. Made per start, freed on stop after the stream is destroyed. */
typedef struct
{
  GalleyAudioCapture   *capture;          /* main-thread callbacks only */
  struct pw_loop       *main_loop;        /* the engine's loop, iterated on the main thread */
  struct pw_stream     *stream;
  struct spa_hook       listener;
  struct spa_source    *wake;             /* signalled by the data thread */
  GalleyRingBuffer     *ring;
  gint                  wake_bytes;       /* atomic: wake the main thread at this much */
  gint                  signalled;        /* atomic: a wake-up is on its way */
  gint                  got_buffer;       /* atomic: PipeWire delivered audio at least once */
} CaptureStream;

struct _GalleyAudioCapture
{
  GObject             parent_instance;

  GalleyAudioEngine  *engine;
  guint               client_id;
  gulong              engine_state_id;

  guint               rate;
  guint               chunk_ms;
  char               *target;

  gboolean            running;
  gboolean            lost;               /* the engine closed our stream: tell why on its state */
  double              level;
  guint64             overflows_past;     /* samples dropped by the rings of earlier starts */
  guint64             overflows_notified;

  CaptureStream      *cs;
  guint               generation;         /* bumped whenever the stream goes */
  gboolean            ev_wake;            /* recorded by stream callbacks, applied by event_cb */
  gboolean            ev_failed;
  char               *ev_error;
  guint               event_id;
  guint               watchdog_id;
};

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_RATE,
  PROP_CHUNK_MS,
  PROP_TARGET,
  PROP_LEVEL,
  PROP_OVERFLOWS,
  PROP_RUNNING,
  N_PROPS
};

/* galley-audio-capture.c */
void     _galley_audio_capture_notify          (GalleyAudioCapture *self,
                                                guint               prop_id);
void     _galley_audio_capture_emit_chunk      (GalleyAudioCapture *self,
                                                GBytes             *pcm);
void     _galley_audio_capture_emit_problem    (GalleyAudioCapture *self,
                                                const GError       *error);
gsize    _galley_audio_capture_chunk_bytes     (GalleyAudioCapture *self);

/* galley-audio-capture-stream.c */
void     _galley_audio_capture_stop_internal   (GalleyAudioCapture *self);
void     _galley_audio_capture_problem         (GalleyAudioCapture *self,
                                                GalleyAudioError    code,
                                                const char         *detail);
gboolean _galley_audio_capture_create_stream   (GalleyAudioCapture *self);
void     _galley_audio_capture_destroy_stream  (GalleyAudioCapture *self);
guint64  _galley_audio_capture_ring_overflows  (GalleyAudioCapture *self);

G_END_DECLS
