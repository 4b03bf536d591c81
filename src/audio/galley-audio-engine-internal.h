/* galley-audio-engine-internal.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the files of GalleyAudioEngine only: the core (galley-audio-engine.c: the object,
 * its state and the public API), galley-audio-engine-connection.c (connecting, PipeWire's
 * callbacks, failure and retry) and galley-audio-engine-streams.c (what stream users call).
 * galley-audio-engine-private.h, which this includes, is the engine's interface for stream
 * users such as the cue player; they do not see the struct.
 */
#pragma once

#include "audio/galley-audio-engine-private.h"

G_BEGIN_DECLS

typedef struct
{
  guint                  id;
  GalleyAudioClosingFunc closing;
  gpointer               user_data;
} Client;

struct _GalleyAudioEngine
{
  GObject            parent_instance;

  GalleyAudioState   state;
  char              *error_message;
  guint              backoff_base_ms;
  guint              backoff_cap_ms;
  GRand             *rand;
  guint              attempt;           /* failures in a row; 0 once READY */
  gint64             next_retry;        /* monotonic µs, 0 when none */

  guint              streams_open;
  gint               buffers_played;    /* atomic: written by the data thread */
  gint               underruns;         /* atomic */
  guint              buffers_notified;
  guint              underruns_notified;
  guint              reconnects;
  guint              connect_attempts;

  /* PipeWire: all NULL/0 unless CONNECTING or READY */
  struct pw_loop    *loop;
  guint              loop_source_id;
  struct pw_context *context;
  struct pw_core    *core;
  struct spa_hook    core_listener;
  int                sync_seq;

  /* recorded by PipeWire callbacks, applied by dispatch_cb */
  gboolean           pending_ready;
  int                pending_error;     /* -errno */
  char              *pending_detail;
  guint              dispatch_id;

  guint              connect_timeout_id;
  guint              retry_id;

  GArray            *clients;           /* Client */
  guint              next_client_id;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_NEXT_RETRY,
  PROP_STREAMS_OPEN,
  PROP_BUFFERS_PLAYED,
  PROP_UNDERRUNS,
  PROP_RECONNECTS,
  PROP_CONNECT_ATTEMPTS,
  N_PROPS
};

/* galley-audio-engine.c */
void     _galley_audio_engine_notify             (GalleyAudioEngine *self,
                                                  guint              prop_id);
void     _galley_audio_engine_set_state          (GalleyAudioEngine *self,
                                                  GalleyAudioState   state);
void     _galley_audio_engine_set_error_message  (GalleyAudioEngine *self,
                                                  const char        *message);
void     _galley_audio_engine_set_next_retry     (GalleyAudioEngine *self,
                                                  gint64             next_retry);

/* galley-audio-engine-connection.c */
void     _galley_audio_engine_connect            (GalleyAudioEngine *self);
void     _galley_audio_engine_teardown           (GalleyAudioEngine *self);

G_END_DECLS
