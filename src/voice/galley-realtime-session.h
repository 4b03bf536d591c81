/* galley-realtime-session.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cart/galley-cart.h"
#include "net/galley-net-session.h"
#include "voice/galley-voice-credentials.h"

G_BEGIN_DECLS

/* One OpenAI Realtime conversation over a WebSocket (spec/voice.md, GA interface only). No
 * audio device code: the owner feeds microphone samples in and plays what comes out.
 *
 * Audio in:  galley_realtime_session_append_audio() with S16 mono 24 kHz samples.
 * Audio out: "audio-delta" (item_id, GBytes of S16LE mono 24 kHz) as the reply arrives;
 *            "audio-stop" when playback must be flushed at once (barge-in, cancel, link lost).
 *            The owner reports how much of an item it has played with
 *            galley_realtime_session_set_played_ms(), so a barge-in truncates the server's
 *            copy of the reply at what the cashier actually heard (§4.5).
 * Text:      "transcript" (is_user, item_id, text, final): a non-final text is a fragment to
 *            append to that item's row; a final one is the whole row.
 * Cart:      function calls change the cart given with galley_realtime_session_set_cart();
 *            confirm_order emits "review-requested" (action: "review", "checkout" or
 *            "cancel") and never submits.
 * Problems:  "problem" (message for the cashier, translated); the details go to the log. */

typedef enum
{
  GALLEY_REALTIME_IDLE,
  GALLEY_REALTIME_FETCHING_SECRET,
  GALLEY_REALTIME_CONNECTING,
  GALLEY_REALTIME_CONFIGURING,
  GALLEY_REALTIME_READY,
  GALLEY_REALTIME_LISTENING,
  GALLEY_REALTIME_RESPONDING,
  GALLEY_REALTIME_RECONNECTING,
  GALLEY_REALTIME_OFFLINE,
} GalleyRealtimeState;

GType galley_realtime_state_get_type (void) G_GNUC_CONST;
#define GALLEY_TYPE_REALTIME_STATE (galley_realtime_state_get_type ())

/* The figures of §1.7-1.8; tests shorten them. */
typedef struct
{
  guint fetch_timeout_ms;       /* 20 s */
  guint connect_timeout_ms;     /* 10 s */
  guint configure_timeout_ms;   /* 5 s for session.created, 5 s for session.updated */
  guint liveness_ms;            /* 30 s without any frame or pong: the link is dead */
  guint idle_close_ms;          /* 300 s in ready without a turn: close 1000 */
  guint backoff_base_ms;        /* 500 ms, doubling */
  guint backoff_cap_ms;         /* 8 s */
  guint max_attempts;           /* 5, then offline */
  guint rate_limit_wait_ms;     /* 30 s after a 429 without Retry-After */
  guint rotate_before_s;        /* 300 s before expires_at */
  guint answer_timeout_ms;      /* 15 s without a server event while responding: cancel */
  guint max_utterance_ms;       /* 45 s of push-to-talk: released automatically */
} GalleyRealtimeTimings;

void galley_realtime_timings_init_default (GalleyRealtimeTimings *timings);

#define GALLEY_REALTIME_DEFAULT_URL      "wss://api.openai.com/v1/realtime"
#define GALLEY_REALTIME_SAMPLE_RATE      24000
#define GALLEY_REALTIME_CHUNK_SAMPLES    480     /* 20 ms, the capture's own chunk (R-AU-1) */
#define GALLEY_REALTIME_MIN_COMMIT_BYTES 4800    /* 100 ms (R-AU-2) */
#define GALLEY_REALTIME_MAX_PAYLOAD      (16 * 1024 * 1024)   /* §1.5 */
#define GALLEY_REALTIME_TRUNCATE_MARGIN_MS 100   /* §4.5 step 2 */

#define GALLEY_TYPE_REALTIME_SESSION (galley_realtime_session_get_type ())
G_DECLARE_FINAL_TYPE (GalleyRealtimeSession, galley_realtime_session, GALLEY, REALTIME_SESSION,
                      GObject)

GalleyRealtimeSession *galley_realtime_session_new              (GalleyNetSession       *net,
                                                                 GalleyVoiceCredentials *credentials);

void                galley_realtime_session_set_base_url        (GalleyRealtimeSession *self,
                                                                 const char            *url);
const char         *galley_realtime_session_get_base_url        (GalleyRealtimeSession *self);
void                galley_realtime_session_set_cart            (GalleyRealtimeSession *self,
                                                                 GalleyCart            *cart);
GalleyCart         *galley_realtime_session_get_cart            (GalleyRealtimeSession *self);
void                galley_realtime_session_set_restaurant_name (GalleyRealtimeSession *self,
                                                                 const char            *name);
void                galley_realtime_session_set_push_to_talk    (GalleyRealtimeSession *self,
                                                                 gboolean               push_to_talk);
gboolean            galley_realtime_session_get_push_to_talk    (GalleyRealtimeSession *self);
void                galley_realtime_session_set_timings         (GalleyRealtimeSession *self,
                                                                 const GalleyRealtimeTimings *timings);
GalleyRealtimeState galley_realtime_session_get_state           (GalleyRealtimeSession *self);
const char         *galley_realtime_session_get_problem         (GalleyRealtimeSession *self);
guint               galley_realtime_session_get_frames_dropped  (GalleyRealtimeSession *self);
guint               galley_realtime_session_get_reconnects      (GalleyRealtimeSession *self);

/* Opens the link (idle or offline → fetching_secret …); closes it with 1000 (→ idle). */
void                galley_realtime_session_connect             (GalleyRealtimeSession *self);
void                galley_realtime_session_disconnect          (GalleyRealtimeSession *self);

/* Microphone samples, any count per call: sent in 20 ms chunks while the link listens. */
void                galley_realtime_session_append_audio        (GalleyRealtimeSession *self,
                                                                 const gint16          *pcm,
                                                                 gsize                  n_samples);
/* Talk button. Press: barge-in if a reply plays, clear the input buffer (push-to-talk).
 * Release: commit (≥ 100 ms) and ask for a response, or clear and hint (push-to-talk). */
void                galley_realtime_session_start_talking       (GalleyRealtimeSession *self);
void                galley_realtime_session_stop_talking        (GalleyRealtimeSession *self);
/* Order boundary (§1.7): the session is kept, the previous order's items are deleted from
 * the conversation and the (new, usually empty) cart is given as context. */
void                galley_realtime_session_start_new_order     (GalleyRealtimeSession *self);
/* Stop button: barge-in without new speech. */
void                galley_realtime_session_cancel_response     (GalleyRealtimeSession *self);
/* How many ms of @item_id's audio reached the speaker (monotonic per item). */
void                galley_realtime_session_set_played_ms       (GalleyRealtimeSession *self,
                                                                 const char            *item_id,
                                                                 gint64                 ms);

G_END_DECLS
