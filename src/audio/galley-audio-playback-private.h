/* galley-audio-playback-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the files of GalleyAudioPlayback only: the core (galley-audio-playback.c: the
 * object, its properties and the engine's callbacks), galley-audio-playback-queue.c (writes,
 * items, prebuffer, settle, flush, problems), galley-audio-playback-drain.c (drain tasks) and
 * galley-audio-playback-stream.c (the PipeWire stream, its data thread and events).
 */
#pragma once

#include <stdatomic.h>

#include "audio/galley-audio-engine-private.h"
#include "audio/galley-audio-playback.h"
#include "audio/galley-ring-buffer.h"

G_BEGIN_DECLS

/* end_pos while an item is still being written: the data thread must not call it the end */
#define END_OPEN G_MAXUINT64

/* What the data thread may touch: the stream, the wake-up event source on the engine's
 * loop, and (through the playback's Shared) the ring and the atomics. */
typedef struct
{
  GalleyAudioPlayback  *playback;         /* main-thread callbacks only */
  struct _Shared       *shared;
  struct pw_loop       *main_loop;        /* the engine's loop, iterated on the main thread */
  struct pw_stream     *stream;
  struct spa_hook       listener;
  struct spa_source    *wake;             /* signalled by the data thread */
  gboolean              active;           /* main thread: as last set */
} PlaybackStream;

/* Lives as long as the playback; the data thread reads it while a stream exists. */
typedef struct _Shared
{
  GalleyRingBuffer     *ring;
  atomic_int            gate;             /* 1: play from the ring (prebuffer done) */
  _Atomic guint64       end_pos;          /* write position where queued audio ends, or END_OPEN */
  atomic_int            tail_signalled;   /* the end was reached and reported */
  _Atomic guint64       underruns;        /* cycles padded with silence mid-item */
} Shared;

typedef struct
{
  GTask        *task;
  GCancellable *cancellable;
  gulong        cancelled_id;
  gboolean      cancelled;
} Drain;

struct _GalleyAudioPlayback
{
  GObject             parent_instance;

  GalleyAudioEngine  *engine;
  guint               client_id;
  gulong              engine_state_id;
  guint               rate;

  Shared              shared;
  PlaybackStream     *ps;
  gboolean            lost;               /* the engine closed our stream */
  char               *target;             /* PW_KEY_TARGET_OBJECT, or NULL: the default speaker */
  gboolean            retarget;           /* the target changed while the stream played */

  gboolean            playing;
  gboolean            item_open;
  guint64             item_start;         /* write positions (bytes) of the current item */
  guint64             item_end;
  gint64              frozen_played_ms;   /* after a flush: what had played; else -1 */
  int                 carry;              /* an odd trailing byte for the next write, or -1 */
  gboolean            overflow_logged;    /* once per item */

  GPtrArray          *drains;             /* Drain */
  guint               drain_timeout_id;
  guint               drain_idle_id;
  guint               settle_id;
  guint               settle_tries;
  guint               watchdog_id;
  guint64             watchdog_pos;       /* read position when playing started */

  gboolean            ev_tail;            /* recorded by stream callbacks, applied by event_cb */
  gboolean            ev_failed;
  char               *ev_error;
  guint               event_id;

  guint64             overflows_notified;
  guint64             underruns_notified;
};

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_RATE,
  PROP_OVERFLOWS,
  PROP_UNDERRUNS,
  PROP_PLAYING,
  PROP_TARGET,
  N_PROPS
};

/* galley-audio-playback.c */
void     _galley_audio_playback_notify           (GalleyAudioPlayback *self,
                                                  guint                prop_id);
void     _galley_audio_playback_emit_problem     (GalleyAudioPlayback *self,
                                                  const GError        *error);

/* galley-audio-playback-queue.c */
gsize    _galley_audio_playback_ms_to_bytes      (GalleyAudioPlayback *self,
                                                  guint                ms);
gint64   _galley_audio_playback_bytes_to_ms      (GalleyAudioPlayback *self,
                                                  guint64              bytes);
void     _galley_audio_playback_set_playing      (GalleyAudioPlayback *self,
                                                  gboolean             playing);
void     _galley_audio_playback_refresh_counters (GalleyAudioPlayback *self);
gint64   _galley_audio_playback_current_played_ms (GalleyAudioPlayback *self);
void     _galley_audio_playback_drop_queue       (GalleyAudioPlayback *self);
void     _galley_audio_playback_start_playing    (GalleyAudioPlayback *self);
void     _galley_audio_playback_problem          (GalleyAudioPlayback *self,
                                                  GalleyAudioError     code,
                                                  const char          *detail);
void     _galley_audio_playback_tail_reached     (GalleyAudioPlayback *self);

/* galley-audio-playback-drain.c */
void     _galley_audio_playback_complete_drains  (GalleyAudioPlayback *self,
                                                  const GError        *error);

/* galley-audio-playback-stream.c */
gboolean _galley_audio_playback_create_stream    (GalleyAudioPlayback *self);
void     _galley_audio_playback_destroy_stream   (GalleyAudioPlayback *self);
void     _galley_audio_playback_set_active       (GalleyAudioPlayback *self,
                                                  gboolean             active);
void     _galley_audio_playback_flush_stream     (GalleyAudioPlayback *self);

G_END_DECLS
