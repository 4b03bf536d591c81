/* galley-realtime-session.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyRealtimeSession: one OpenAI Realtime conversation (spec/voice.md, GA only) between
 * the counter and the cart. This file holds the object, its properties and signals; the
 * satellites hold the link (secret, handshake, reconnects, timers: -link.c), the server's
 * events (-events.c) and the turn (audio, response slot, tools, barge-in: -turn.c).
 *
 * Lifetime rules (spec §10.1): every timer has a field and a name and is cleared by the state
 * change that obsoletes it; one GCancellable per connect attempt; error and close go through
 * one teardown that disconnects every handler of the socket before it is released.
 */
#define G_LOG_DOMAIN "galley-realtime-session"

#include <glib/gi18n.h>
#include <string.h>

#include "util/galley-source.h"
#include "voice/galley-realtime-session-private.h"

G_DEFINE_FINAL_TYPE (GalleyRealtimeSession, galley_realtime_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_BASE_URL,
  PROP_CART,
  PROP_PUSH_TO_TALK,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint _galley_realtime_session_signals[N_SIGNALS];

static const GEnumValue state_values[] = {
  { GALLEY_REALTIME_IDLE, "GALLEY_REALTIME_IDLE", "idle" },
  { GALLEY_REALTIME_FETCHING_SECRET, "GALLEY_REALTIME_FETCHING_SECRET", "fetching-secret" },
  { GALLEY_REALTIME_CONNECTING, "GALLEY_REALTIME_CONNECTING", "connecting" },
  { GALLEY_REALTIME_CONFIGURING, "GALLEY_REALTIME_CONFIGURING", "configuring" },
  { GALLEY_REALTIME_READY, "GALLEY_REALTIME_READY", "ready" },
  { GALLEY_REALTIME_LISTENING, "GALLEY_REALTIME_LISTENING", "listening" },
  { GALLEY_REALTIME_RESPONDING, "GALLEY_REALTIME_RESPONDING", "responding" },
  { GALLEY_REALTIME_RECONNECTING, "GALLEY_REALTIME_RECONNECTING", "reconnecting" },
  { GALLEY_REALTIME_OFFLINE, "GALLEY_REALTIME_OFFLINE", "offline" },
  { 0, NULL, NULL }
};

GType
galley_realtime_state_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("GalleyRealtimeState", state_values));

  return type_id;
}

/**
 * galley_realtime_timings_init_default:
 *
 * The figures of spec/voice.md §1.5, §1.7 and §1.8.
 */
void
galley_realtime_timings_init_default (GalleyRealtimeTimings *timings)
{
  g_return_if_fail (timings != NULL);

  *timings = (GalleyRealtimeTimings) {
    .fetch_timeout_ms = 20000,
    .connect_timeout_ms = 10000,
    .configure_timeout_ms = 5000,
    .liveness_ms = 30000,
    .idle_close_ms = 300000,
    .backoff_base_ms = 500,
    .backoff_cap_ms = 8000,
    .max_attempts = 5,
    .rate_limit_wait_ms = 30000,
    .rotate_before_s = 300,
    .answer_timeout_ms = 15000,
    .max_utterance_ms = 45000,
  };
}

/* ------------------------------------------------------------------ helpers */

static gboolean
utterance_cb (gpointer user_data)
{
  GalleyRealtimeSession *self = user_data;

  self->utterance_id = 0;
  g_debug ("Longest utterance reached: released");
  galley_realtime_session_stop_talking (self);

  return G_SOURCE_REMOVE;
}

void
_galley_realtime_session_set_state (GalleyRealtimeSession *self,
                                    GalleyRealtimeState    state)
{
  if (self->state == state)
    return;

  g_debug ("State %s → %s", state_values[self->state].value_nick, state_values[state].value_nick);
  /* each state owns its timers (§1.8): leaving it removes them */
  if (self->state == GALLEY_REALTIME_READY)
    g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->state == GALLEY_REALTIME_RESPONDING)
    g_clear_handle_id (&self->answer_id, g_source_remove);
  if (self->state == GALLEY_REALTIME_LISTENING)
    g_clear_handle_id (&self->utterance_id, g_source_remove);
  self->state = state;
  if (state == GALLEY_REALTIME_READY)
    _galley_realtime_session_arm_idle (self);
  else if (state == GALLEY_REALTIME_RESPONDING)
    _galley_realtime_session_arm_answer (self);
  else if (state == GALLEY_REALTIME_LISTENING && self->push_to_talk)
    self->utterance_id = galley_timeout_add_named ("galley-realtime-session-utterance",
                                                   self->timings.max_utterance_ms,
                                                   utterance_cb, self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* A message for the cashier: the "problem" signal and property. */
void
_galley_realtime_session_problem (GalleyRealtimeSession *self,
                                  const char            *message)
{
  g_free (self->problem);
  self->problem = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
  g_signal_emit (self, _galley_realtime_session_signals[SIGNAL_PROBLEM], 0, message);
}

/* TRUE when a repeated warning may be logged now (at most one per 10 s per session). */
gboolean
_galley_realtime_session_rate_limit (GalleyRealtimeSession *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->last_warning_us != 0 && now - self->last_warning_us < WARNING_INTERVAL_US)
    return FALSE;

  self->last_warning_us = now;

  return TRUE;
}

static gboolean
is_secret_start (const char *p)
{
  return g_str_has_prefix (p, "sk-") || g_str_has_prefix (p, "ek_") ||
         g_str_has_prefix (p, "Bearer ");
}

/**
 * _galley_realtime_redact:
 * @text: (nullable): a server's words, for the log
 *
 * Replaces anything that looks like a key or a secret ("sk-…", "ek_…", "Bearer …") with
 * "[redacted]": OpenAI quotes part of a rejected key in its error messages.
 *
 * Returns: (transfer full): the text, valid UTF-8, at most 500 characters
 */
char *
_galley_realtime_redact (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *valid = NULL;
  const char *p;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  for (p = valid; *p != '\0';)
    {
      if ((p == valid || !g_ascii_isalnum (p[-1])) && is_secret_start (p))
        {
          if (g_str_has_prefix (p, "Bearer "))
            p += strlen ("Bearer ");
          while (*p != '\0' && !g_ascii_isspace (*p) && *p != '"' && *p != '\'' && *p != ',')
            p++;
          g_string_append (out, "[redacted]");
          continue;
        }
      g_string_append_c (out, *p++);
    }

  if (g_utf8_strlen (out->str, -1) > 500)
    {
      char *end = g_utf8_offset_to_pointer (out->str, 500);

      g_string_truncate (out, end - out->str);
      g_string_append (out, "…");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
sent_event_free (gpointer data)
{
  SentEvent *event = data;

  g_free (event->event_id);
  g_free (event->kind);
  g_free (event);
}

static void
audio_item_free (gpointer data)
{
  AudioItem *item = data;

  g_free (item->item_id);
  g_free (item);
}

static void
pending_call_free (gpointer data)
{
  PendingCall *call = data;

  g_free (call->call_id);
  g_free (call->name);
  g_string_free (call->arguments, TRUE);
  g_free (call);
}

/* ------------------------------------------------------------------ GObject */

static void
galley_realtime_session_dispose (GObject *object)
{
  GalleyRealtimeSession *self = GALLEY_REALTIME_SESSION (object);

  /* 1. sources: nothing may fire into a half-disposed session */
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->answer_id, g_source_remove);
  g_clear_handle_id (&self->utterance_id, g_source_remove);

  /* 2-4. the attempt in flight (cancelled), the socket's handlers (disconnected), the socket
   *      (closed with 1000) and the timers that belong to it */
  _galley_realtime_session_teardown (self, TRUE);

  /* the retired sockets are released now: dispose never runs inside their signals' emission
   * with the last reference (the emitter holds one) */
  g_clear_handle_id (&self->release_id, g_source_remove);
  if (self->retired != NULL)
    g_ptr_array_set_size (self->retired, 0);

  /* 5. references */
  g_clear_object (&self->matcher);
  g_clear_object (&self->cart);
  g_clear_object (&self->credentials);
  g_clear_object (&self->net);

  G_OBJECT_CLASS (galley_realtime_session_parent_class)->dispose (object);
}

static void
galley_realtime_session_finalize (GObject *object)
{
  GalleyRealtimeSession *self = GALLEY_REALTIME_SESSION (object);

  g_assert (self->conn == NULL);
  g_assert (self->cancellable == NULL && self->handshake == NULL);
  g_assert (self->stage_id == 0 && self->liveness_id == 0 && self->retry_id == 0);
  g_assert (self->idle_id == 0 && self->rotate_id == 0 && self->release_id == 0);
  g_assert (self->answer_id == 0 && self->utterance_id == 0);

  g_queue_clear_full (&self->sent_events, sent_event_free);
  g_queue_clear (&self->handled_order);
  g_clear_pointer (&self->handled_calls, g_hash_table_unref);
  g_clear_pointer (&self->calls, g_hash_table_unref);
  g_clear_pointer (&self->audio_items, g_ptr_array_unref);
  g_clear_pointer (&self->held, g_byte_array_unref);
  g_clear_pointer (&self->order_items, g_ptr_array_unref);
  g_clear_pointer (&self->retired, g_ptr_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_free (self->create_event_id);
  g_free (self->response_id);
  g_free (self->base_url);
  g_free (self->restaurant_name);
  g_free (self->menu_context);
  g_free (self->problem);

  G_OBJECT_CLASS (galley_realtime_session_parent_class)->finalize (object);
}

static void
galley_realtime_session_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  GalleyRealtimeSession *self = GALLEY_REALTIME_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_CART:
      g_value_set_object (value, self->cart);
      break;

    case PROP_PUSH_TO_TALK:
      g_value_set_boolean (value, self->push_to_talk);
      break;

    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_realtime_session_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  GalleyRealtimeSession *self = GALLEY_REALTIME_SESSION (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      galley_realtime_session_set_base_url (self, g_value_get_string (value));
      break;

    case PROP_CART:
      galley_realtime_session_set_cart (self, g_value_get_object (value));
      break;

    case PROP_PUSH_TO_TALK:
      galley_realtime_session_set_push_to_talk (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_realtime_session_class_init (GalleyRealtimeSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = galley_realtime_session_dispose;
  object_class->finalize = galley_realtime_session_finalize;
  object_class->get_property = galley_realtime_session_get_property;
  object_class->set_property = galley_realtime_session_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, GALLEY_TYPE_REALTIME_STATE, GALLEY_REALTIME_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, GALLEY_REALTIME_DEFAULT_URL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CART] =
    g_param_spec_object ("cart", NULL, NULL, GALLEY_TYPE_CART,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PUSH_TO_TALK] =
    g_param_spec_boolean ("push-to-talk", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GalleyRealtimeSession::audio-delta:
   * @item_id: the assistant item the audio belongs to (for set_played_ms())
   * @pcm: S16LE mono 24 kHz samples, in arrival order
   */
  _galley_realtime_session_signals[SIGNAL_AUDIO_DELTA] =
    g_signal_new ("audio-delta", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BYTES);
  /**
   * GalleyRealtimeSession::audio-stop:
   *
   * Flush playback now (barge-in, cancel, link lost): what is queued must not be heard.
   */
  _galley_realtime_session_signals[SIGNAL_AUDIO_STOP] =
    g_signal_new ("audio-stop", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  /**
   * GalleyRealtimeSession::transcript:
   * @is_user: %TRUE for what the cashier said, %FALSE for the model's words
   * @item_id: the row's key (transcripts may arrive before their item)
   * @text: a fragment to append when not @final; the whole text when @final
   * @final: the row is complete
   */
  _galley_realtime_session_signals[SIGNAL_TRANSCRIPT] =
    g_signal_new ("transcript", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 4, G_TYPE_BOOLEAN, G_TYPE_STRING, G_TYPE_STRING,
                  G_TYPE_BOOLEAN);
  /**
   * GalleyRealtimeSession::review-requested:
   * @action: "review", "checkout" or "cancel" (confirm_order); nothing was submitted
   */
  _galley_realtime_session_signals[SIGNAL_REVIEW_REQUESTED] =
    g_signal_new ("review-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * GalleyRealtimeSession::problem:
   * @message: for the cashier, translated; the details are in the log
   */
  _galley_realtime_session_signals[SIGNAL_PROBLEM] =
    g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
galley_realtime_session_init (GalleyRealtimeSession *self)
{
  galley_realtime_timings_init_default (&self->timings);
  self->rand = g_rand_new ();
  self->base_url = g_strdup (GALLEY_REALTIME_DEFAULT_URL);
  self->retired = g_ptr_array_new_with_free_func (g_object_unref);
  self->held = g_byte_array_new ();
  self->order_items = g_ptr_array_new_with_free_func (g_free);
  self->audio_items = g_ptr_array_new_with_free_func (audio_item_free);
  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, pending_call_free);
  self->handled_calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->sent_events);
  g_queue_init (&self->handled_order);
}

/* ------------------------------------------------------------------ public */

/**
 * galley_realtime_session_new:
 * @net: the process's one SoupSession (R-VC-3)
 * @credentials: where each connect's secret comes from
 *
 * Returns: (transfer full): an idle session; galley_realtime_session_connect() opens it
 */
GalleyRealtimeSession *
galley_realtime_session_new (GalleyNetSession       *net,
                             GalleyVoiceCredentials *credentials)
{
  GalleyRealtimeSession *self;

  g_return_val_if_fail (GALLEY_IS_NET_SESSION (net), NULL);
  g_return_val_if_fail (GALLEY_IS_VOICE_CREDENTIALS (credentials), NULL);

  self = g_object_new (GALLEY_TYPE_REALTIME_SESSION, NULL);
  self->net = g_object_ref (net);
  self->credentials = g_object_ref (credentials);

  return self;
}

/**
 * galley_realtime_session_set_base_url:
 * @url: (nullable): wss://…/v1/realtime; ws:// only for a loopback address (tests, demo);
 *   %NULL for GALLEY_REALTIME_DEFAULT_URL. Used from the next connect on.
 */
void
galley_realtime_session_set_base_url (GalleyRealtimeSession *self,
                                      const char            *url)
{
  g_return_if_fail (GALLEY_IS_REALTIME_SESSION (self));

  if (url == NULL || *url == '\0')
    url = GALLEY_REALTIME_DEFAULT_URL;
  if (g_strcmp0 (self->base_url, url) == 0)
    return;

  g_free (self->base_url);
  self->base_url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

const char *
galley_realtime_session_get_base_url (GalleyRealtimeSession *self)
{
  g_return_val_if_fail (GALLEY_IS_REALTIME_SESSION (self), NULL);

  return self->base_url;
}

/**
 * galley_realtime_session_set_cart:
 * @cart: (nullable): the cart the tools change; without one every call answers "no_order"
 */
void
galley_realtime_session_set_cart (GalleyRealtimeSession *self,
                                  GalleyCart            *cart)
{
  g_return_if_fail (GALLEY_IS_REALTIME_SESSION (self));
  g_return_if_fail (cart == NULL || GALLEY_IS_CART (cart));

  if (!g_set_object (&self->cart, cart))
    return;

  g_clear_object (&self->matcher);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CART]);
}

/**
 * galley_realtime_session_get_cart:
 *
 * Returns: (transfer none) (nullable): the cart
 */
GalleyCart *
galley_realtime_session_get_cart (GalleyRealtimeSession *self)
{
  g_return_val_if_fail (GALLEY_IS_REALTIME_SESSION (self), NULL);

  return self->cart;
}

/**
 * galley_realtime_session_set_restaurant_name:
 *
 * The name in the instructions' role line; used from the next connect on.
 */
void
galley_realtime_session_set_restaurant_name (GalleyRealtimeSession *self,
                                             const char            *name)
{
  g_return_if_fail (GALLEY_IS_REALTIME_SESSION (self));

  g_free (self->restaurant_name);
  self->restaurant_name = g_strdup (name);
}

/**
 * galley_realtime_session_set_push_to_talk:
 *
 * %TRUE: turn_detection null, the talk button bounds each utterance (commit on release).
 * %FALSE (default): server VAD, the server commits and answers; speech during a reply is a
 * barge-in. Before galley_realtime_session_connect() the server learns it from the first
 * session.update; on a configured link a new session.update is sent at once (an utterance
 * under way is cleared, not committed).
 */
void
galley_realtime_session_set_push_to_talk (GalleyRealtimeSession *self,
                                          gboolean               push_to_talk)
{
  g_return_if_fail (GALLEY_IS_REALTIME_SESSION (self));

  push_to_talk = !!push_to_talk;
  if (self->push_to_talk == push_to_talk)
    return;

  self->push_to_talk = push_to_talk;
  self->talking = FALSE;
  self->chunk_fill = 0;
  self->bytes_since_commit = 0;

  /* mid-session: the server learns the new turn detection at once; what was heard so far
   * in the old mode is dropped rather than committed */
  if (self->state == GALLEY_REALTIME_READY || self->state == GALLEY_REALTIME_LISTENING ||
      self->state == GALLEY_REALTIME_RESPONDING)
    {
      _galley_realtime_session_send_simple (self, "input_audio_buffer.clear");
      _galley_realtime_session_send_update (self);
      if (self->state == GALLEY_REALTIME_LISTENING)
        _galley_realtime_session_set_state (self, GALLEY_REALTIME_READY);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PUSH_TO_TALK]);
}

gboolean
galley_realtime_session_get_push_to_talk (GalleyRealtimeSession *self)
{
  g_return_val_if_fail (GALLEY_IS_REALTIME_SESSION (self), FALSE);

  return self->push_to_talk;
}

void
galley_realtime_session_set_timings (GalleyRealtimeSession       *self,
                                     const GalleyRealtimeTimings *timings)
{
  g_return_if_fail (GALLEY_IS_REALTIME_SESSION (self));
  g_return_if_fail (timings != NULL);

  self->timings = *timings;
}

GalleyRealtimeState
galley_realtime_session_get_state (GalleyRealtimeSession *self)
{
  g_return_val_if_fail (GALLEY_IS_REALTIME_SESSION (self), GALLEY_REALTIME_IDLE);

  return self->state;
}

/**
 * galley_realtime_session_get_problem:
 *
 * Returns: (nullable): the last message for the cashier
 */
const char *
galley_realtime_session_get_problem (GalleyRealtimeSession *self)
{
  g_return_val_if_fail (GALLEY_IS_REALTIME_SESSION (self), NULL);

  return self->problem;
}

/**
 * galley_realtime_session_get_frames_dropped:
 *
 * Returns: server frames dropped as malformed since the session was made
 */
guint
galley_realtime_session_get_frames_dropped (GalleyRealtimeSession *self)
{
  g_return_val_if_fail (GALLEY_IS_REALTIME_SESSION (self), 0);

  return self->frames_dropped;
}

/**
 * galley_realtime_session_get_reconnects:
 *
 * Returns: connects after the first one (link lost, expiry, rotation)
 */
guint
galley_realtime_session_get_reconnects (GalleyRealtimeSession *self)
{
  g_return_val_if_fail (GALLEY_IS_REALTIME_SESSION (self), 0);

  return self->reconnects;
}

/**
 * galley_realtime_session_connect:
 *
 * Opens the link from idle or offline: fetch a secret, open the socket, configure. Does
 * nothing while the link is already open or opening.
 */
void
galley_realtime_session_connect (GalleyRealtimeSession *self)
{
  g_return_if_fail (GALLEY_IS_REALTIME_SESSION (self));

  if (self->state != GALLEY_REALTIME_IDLE && self->state != GALLEY_REALTIME_OFFLINE)
    return;

  self->attempt = 0;
  self->auth_retries = 0;
  self->rate_limit_waits = 0;
  self->too_big = 0;
  self->connected_once = FALSE;
  self->replay_cart = FALSE;
  g_byte_array_set_size (self->held, 0);
  _galley_realtime_session_start_attempt (self);
}

/**
 * galley_realtime_session_disconnect:
 *
 * Closes the link with 1000 (never retried) and stops any retry: state idle.
 */
void
galley_realtime_session_disconnect (GalleyRealtimeSession *self)
{
  g_return_if_fail (GALLEY_IS_REALTIME_SESSION (self));

  if (_galley_realtime_session_mid_turn (self))
    _galley_realtime_session_emit_audio_stop (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  _galley_realtime_session_teardown (self, TRUE);
  g_byte_array_set_size (self->held, 0);
  _galley_realtime_session_set_state (self, GALLEY_REALTIME_IDLE);
}
