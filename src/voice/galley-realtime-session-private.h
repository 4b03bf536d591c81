/* galley-realtime-session-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the files of GalleyRealtimeSession only (core, link, events, turn, audio).
 */
#pragma once

#include <libsoup/soup.h>

#include "cart/galley-menu-matcher.h"
#include "voice/galley-realtime-session.h"

G_BEGIN_DECLS

#define MAX_AUDIO_ITEMS       32
#define MAX_EVENT_IDS         256                  /* §3: the last 256 with their kind */
#define MAX_CALL_ARGS         (16 * 1024)          /* §3.2: the "working…" buffer */
#define MAX_HANDLED_CALLS     256
#define MAX_ORDER_ITEMS       256
#define HELD_AUDIO_MAX_BYTES  (3 * 48000)          /* §4.2: 3 s before the first ready */
#define WARNING_INTERVAL_US   (10 * G_USEC_PER_SEC)

typedef enum
{
  SLOT_FREE,
  SLOT_REQUESTED,
  SLOT_ACTIVE,
} SlotState;

typedef struct
{
  char   *item_id;
  gint64  received_samples;
  gint64  played_ms;
  gboolean done;             /* response.output_audio.done seen */
  gboolean has_odd;
  guint8  odd_byte;
} AudioItem;

typedef struct
{
  char    *call_id;
  char    *name;
  GString *arguments;        /* deltas, bounded: only for a "working…" hint */
} PendingCall;

typedef struct
{
  char *event_id;
  char *kind;
} SentEvent;

struct _GalleyRealtimeSession
{
  GObject                  parent_instance;

  GalleyNetSession        *net;
  GalleyVoiceCredentials  *credentials;
  GalleyCart              *cart;
  GalleyMenuMatcher       *matcher;         /* for the cart's current menu */
  GalleyRealtimeTimings    timings;
  GRand                   *rand;

  char                    *base_url;
  char                    *restaurant_name;
  char                    *menu_context;    /* the server's, from the last secret */
  gboolean                 push_to_talk;

  GalleyRealtimeState      state;
  char                    *problem;
  guint                    frames_dropped;
  guint                    reconnects;
  gint64                   last_warning_us;

  /* one connect attempt: the secret and the handshake */
  GCancellable            *cancellable;
  SoupMessage             *handshake;
  guint                    attempt;
  guint                    auth_retries;
  guint                    rate_limit_waits;
  guint                    too_big;
  gboolean                 connected_once;  /* a session reached ready since connect() */
  gboolean                 replay_cart;     /* the next session gets the cart as context */
  gboolean                 rotate_due;

  /* the socket */
  SoupWebsocketConnection *conn;
  GPtrArray               *retired;         /* released outside their own signals */
  gulong                   message_id;
  gulong                   closed_id;
  gulong                   error_id;
  gulong                   pong_id;
  guint                    connection_serial;
  guint                    event_serial;
  GQueue                   sent_events;     /* SentEvent*, newest last */
  gint64                   expires_at;      /* unix s, from session.created */

  /* timers: each cleared by the state change that makes it obsolete, and in dispose */
  guint                    stage_id;        /* fetching / connecting / configuring */
  guint                    liveness_id;
  guint                    retry_id;
  guint                    idle_id;
  guint                    rotate_id;
  guint                    release_id;
  guint                    answer_id;       /* responding: no server event for too long */
  guint                    utterance_id;    /* listening (push-to-talk): longest utterance */

  /* audio in */
  gint16                   chunk[GALLEY_REALTIME_CHUNK_SAMPLES];
  gsize                    chunk_fill;
  gsize                    bytes_since_commit;
  gint64                   last_append_us;  /* hands-free: the microphone keeps the link busy */
  GByteArray              *held;            /* before the first ready only */
  gboolean                 talking;         /* push-to-talk button held */

  /* audio out */
  GPtrArray               *audio_items;     /* AudioItem*, oldest first */

  /* the response slot (§3.5) */
  SlotState                slot;
  gboolean                 slot_pending;
  gboolean                 create_retried;
  char                    *create_event_id;
  char                    *response_id;

  /* function calls of the current response (§3.4) */
  GHashTable              *calls;           /* call_id -> PendingCall* */
  GHashTable              *handled_calls;   /* call_id set */
  GQueue                   handled_order;   /* call_id (borrowed from handled_calls) */
  guint                    response_calls;
  guint                    response_outputs;
  GPtrArray               *order_items;     /* char*: conversation items of this order */
};

/* galley-realtime-session.c */
void        _galley_realtime_session_set_state   (GalleyRealtimeSession *self,
                                                  GalleyRealtimeState    state);
void        _galley_realtime_session_problem     (GalleyRealtimeSession *self,
                                                  const char            *message);
gboolean    _galley_realtime_session_rate_limit  (GalleyRealtimeSession *self);
char       *_galley_realtime_redact              (const char            *text);

/* galley-realtime-session-link.c */
void        _galley_realtime_session_start_attempt (GalleyRealtimeSession *self);
void        _galley_realtime_session_teardown    (GalleyRealtimeSession *self,
                                                  gboolean               send_close);
void        _galley_realtime_session_link_lost   (GalleyRealtimeSession *self,
                                                  gushort                code,
                                                  const char            *reason);
void        _galley_realtime_session_go_offline  (GalleyRealtimeSession *self,
                                                  const char            *message);
void        _galley_realtime_session_arm_liveness (GalleyRealtimeSession *self);
void        _galley_realtime_session_arm_stage   (GalleyRealtimeSession *self,
                                                  guint                  ms);
void        _galley_realtime_session_arm_idle    (GalleyRealtimeSession *self);
void        _galley_realtime_session_arm_answer  (GalleyRealtimeSession *self);
void        _galley_realtime_session_arm_rotation (GalleyRealtimeSession *self);
void        _galley_realtime_session_rotate_if_due (GalleyRealtimeSession *self);
char       *_galley_realtime_session_send_event  (GalleyRealtimeSession *self,
                                                  JsonObject            *event);
const char *_galley_realtime_session_event_kind  (GalleyRealtimeSession *self,
                                                  const char            *event_id);

/* galley-realtime-session-events.c */
void        _galley_realtime_session_message_cb  (SoupWebsocketConnection *conn,
                                                  SoupWebsocketDataType    type,
                                                  GBytes                  *message,
                                                  gpointer                 user_data);
void        _galley_realtime_session_send_update (GalleyRealtimeSession *self);

/* galley-realtime-session-turn.c */
void        _galley_realtime_session_send_simple (GalleyRealtimeSession *self,
                                                  const char            *type);
void        _galley_realtime_session_reset_turn  (GalleyRealtimeSession *self);
void        _galley_realtime_session_end_turn_lost (GalleyRealtimeSession *self);
gboolean    _galley_realtime_session_mid_turn    (GalleyRealtimeSession *self);
void        _galley_realtime_session_request_create (GalleyRealtimeSession *self);
void        _galley_realtime_session_barge_in    (GalleyRealtimeSession *self,
                                                  gboolean               cancel);
void        _galley_realtime_session_flush_held  (GalleyRealtimeSession *self);
void        _galley_realtime_session_audio_delta (GalleyRealtimeSession *self,
                                                  const char            *item_id,
                                                  const char            *base64);
void        _galley_realtime_session_audio_done  (GalleyRealtimeSession *self,
                                                  const char            *item_id);
void        _galley_realtime_session_run_call    (GalleyRealtimeSession *self,
                                                  const char            *call_id,
                                                  const char            *name,
                                                  const char            *arguments);
void        _galley_realtime_session_response_done (GalleyRealtimeSession *self,
                                                  JsonObject            *response);
void        _galley_realtime_session_send_cart_context (GalleyRealtimeSession *self,
                                                  const char            *preface);
void        _galley_realtime_session_track_item  (GalleyRealtimeSession *self,
                                                  const char            *item_id);
void        _galley_realtime_session_emit_audio_stop (GalleyRealtimeSession *self);

/* signals, emitted by the satellites */
enum {
  SIGNAL_AUDIO_DELTA,
  SIGNAL_AUDIO_STOP,
  SIGNAL_TRANSCRIPT,
  SIGNAL_REVIEW_REQUESTED,
  SIGNAL_PROBLEM,
  N_SIGNALS
};

extern guint _galley_realtime_session_signals[N_SIGNALS];

G_END_DECLS
