/* galley-cue-player-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the files of GalleyCuePlayer only: the core (galley-cue-player.c: the object,
 * the queue and its counters, the public API) and galley-cue-player-stream.c (the PipeWire
 * stream, its data thread, events and watchdog).
 */
#pragma once

#include <spa/utils/ringbuffer.h>

#include "audio/galley-audio-engine-private.h"
#include "audio/galley-cue-player.h"

G_BEGIN_DECLS

#define NO_CUE        (-1)

/* What the data thread may touch: the ring, the armed flag, the engine's atomic counters and
 * the cue-done event source. */
typedef struct
{
  GalleyCuePlayer      *player;           /* main-thread callbacks only */
  GalleyAudioEngine    *engine;           /* counters only; the player holds the reference */
  struct pw_loop       *main_loop;        /* the engine's loop, iterated on the main thread */
  struct pw_stream     *stream;
  struct spa_hook       listener;
  struct spa_source    *cue_done;         /* signalled by the data thread */
  struct spa_ringbuffer ring;
  guint8               *ring_data;
  gint                  armed;            /* atomic: a cue is in the ring, not yet all queued */
  gboolean              draining;         /* main thread: flushed with drain, waiting */
} CueStream;

struct _GalleyCuePlayer
{
  GObject            parent_instance;

  GalleyAudioEngine *engine;
  guint              client_id;
  gulong             engine_state_id;

  double             volume;
  gboolean           muted;
  char              *target;              /* PW_KEY_TARGET_OBJECT, or NULL: the default speaker */

  GalleyCue          pending[GALLEY_CUE_PLAYER_MAX_PENDING];
  guint              n_pending;
  int                current;             /* GalleyCue playing, or NO_CUE */
  gint64             last_started[GALLEY_N_CUES];

  CueStream         *cs;
  gboolean           ev_cue_done;         /* recorded by stream callbacks, applied by event_cb */
  gboolean           ev_drained;
  gboolean           ev_failed;
  char              *ev_error;
  guint              event_id;
  guint              watchdog_id;
  gboolean           warned;              /* a failure was logged since the last good cue */

  guint              cues_played;
  guint              cues_dropped;
  guint              cues_coalesced;
};

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_VOLUME,
  PROP_MUTED,
  PROP_PLAYING,
  PROP_N_PENDING,
  PROP_CUES_PLAYED,
  PROP_CUES_DROPPED,
  PROP_CUES_COALESCED,
  PROP_TARGET,
  N_PROPS
};

/* galley-cue-player.c */
void     _galley_cue_player_notify            (GalleyCuePlayer *self,
                                               guint            prop_id);
void     _galley_cue_player_emit_cue_played   (GalleyCuePlayer *self,
                                               GalleyCue        cue);
void     _galley_cue_player_count_dropped     (GalleyCuePlayer *self,
                                               guint            n,
                                               const char      *why);
void     _galley_cue_player_set_n_pending     (GalleyCuePlayer *self,
                                               guint            n);
void     _galley_cue_player_drop_pending      (GalleyCuePlayer *self,
                                               const char      *why);

/* galley-cue-player-stream.c */
void     _galley_cue_player_kick              (GalleyCuePlayer *self);
void     _galley_cue_player_destroy_stream    (GalleyCuePlayer *self,
                                               gboolean         notify);

G_END_DECLS
