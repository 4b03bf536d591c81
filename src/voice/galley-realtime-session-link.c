/* galley-realtime-session-link.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyRealtimeSession's link (spec/voice.md §1): a fresh secret before every connect, the
 * GA handshake (model in the URL, Bearer, no OpenAI-Beta, no Origin, no subprotocol), the
 * 16 MiB payload limit set before the first frame, keepalive and an own liveness watchdog,
 * the state timeouts of §1.8, the reconnect policy R-VC-4 and the rotation before expiry.
 * Error and close share one teardown, which disconnects every handler of the socket.
 */
#define G_LOG_DOMAIN "galley-realtime-session"

#include <glib/gi18n.h>
#include <string.h>

#include "net/galley-backoff.h"
#include "util/galley-json.h"
#include "util/galley-source.h"
#include "util/galley-weak.h"
#include "voice/galley-realtime-config.h"
#include "voice/galley-realtime-session-private.h"

#define HTTP_TOO_MANY_REQUESTS 429

/* ------------------------------------------------------------------ sending */

static void
sent_event_free (gpointer data)
{
  SentEvent *event = data;

  g_free (event->event_id);
  g_free (event->kind);
  g_free (event);
}

/* Records an event id with its kind: an error quoting it can be tied to its cause (§3). */
static void
remember_event (GalleyRealtimeSession *self,
                const char            *event_id,
                const char            *kind)
{
  SentEvent *event = g_new0 (SentEvent, 1);

  event->event_id = g_strdup (event_id);
  event->kind = g_strdup (kind);
  g_queue_push_tail (&self->sent_events, event);
  while (self->sent_events.length > MAX_EVENT_IDS)
    {
      sent_event_free (g_queue_pop_head (&self->sent_events));
    }
}

/**
 * _galley_realtime_session_send_event:
 * @event: a client event with its "type"; an event_id is added
 *
 * Returns: (transfer full) (nullable): the event id, or %NULL when there is no open socket
 */
char *
_galley_realtime_session_send_event (GalleyRealtimeSession *self,
                                     JsonObject            *event)
{
  g_autofree char *text = NULL;
  const char *type = NULL;
  char *event_id;

  if (self->conn == NULL ||
      soup_websocket_connection_get_state (self->conn) != SOUP_WEBSOCKET_STATE_OPEN)
    return NULL;

  galley_json_get_string (event, "type", &type);
  event_id = g_strdup_printf ("g%u-%04u", self->connection_serial, ++self->event_serial);
  json_object_set_string_member (event, "event_id", event_id);
  remember_event (self, event_id, type);
  text = galley_json_object_to_string (event);
  g_debug ("→ %s %s (%zu bytes)", type, event_id, strlen (text));
  soup_websocket_connection_send_text (self->conn, text);

  return event_id;
}

const char *
_galley_realtime_session_event_kind (GalleyRealtimeSession *self,
                                     const char            *event_id)
{
  if (event_id == NULL)
    return NULL;

  for (GList *l = self->sent_events.tail; l != NULL; l = l->prev)
    {
      SentEvent *event = l->data;

      if (strcmp (event->event_id, event_id) == 0)
        return event->kind;
    }

  return NULL;
}

/* ------------------------------------------------------------------ timers */

static gboolean
stage_timeout_cb (gpointer user_data)
{
  GalleyRealtimeSession *self = user_data;

  self->stage_id = 0;
  g_message ("No progress in state %d within its time: reconnecting", self->state);
  _galley_realtime_session_link_lost (self, 0, "state timeout");

  return G_SOURCE_REMOVE;
}

void
_galley_realtime_session_arm_stage (GalleyRealtimeSession *self,
                                    guint                  ms)
{
  g_clear_handle_id (&self->stage_id, g_source_remove);
  self->stage_id = galley_timeout_add_named ("galley-realtime-session-stage", ms,
                                             stage_timeout_cb, self, NULL);
}

static gboolean
liveness_cb (gpointer user_data)
{
  GalleyRealtimeSession *self = user_data;

  self->liveness_id = 0;
  g_message ("Nothing from the Realtime server for %u ms: treating the link as lost",
             self->timings.liveness_ms);
  _galley_realtime_session_link_lost (self, SOUP_WEBSOCKET_CLOSE_ABNORMAL, "liveness timeout");

  return G_SOURCE_REMOVE;
}

/* Any inbound frame or pong re-arms it (§1.5: libsoup 3.2 cannot see a silent peer). */
void
_galley_realtime_session_arm_liveness (GalleyRealtimeSession *self)
{
  g_clear_handle_id (&self->liveness_id, g_source_remove);
  self->liveness_id = galley_timeout_add_named ("galley-realtime-session-liveness",
                                                self->timings.liveness_ms, liveness_cb, self,
                                                NULL);
}

static gboolean
answer_timeout_cb (gpointer user_data)
{
  GalleyRealtimeSession *self = user_data;

  self->answer_id = 0;
  g_message ("No server event for %u ms while responding: cancelled",
             self->timings.answer_timeout_ms);
  _galley_realtime_session_barge_in (self, TRUE);
  _galley_realtime_session_problem (self, _("Voice did not answer. Please say it again."));

  return G_SOURCE_REMOVE;
}

/* Responding: re-armed by every server event (§1.8). */
void
_galley_realtime_session_arm_answer (GalleyRealtimeSession *self)
{
  g_clear_handle_id (&self->answer_id, g_source_remove);
  if (self->timings.answer_timeout_ms > 0)
    self->answer_id = galley_timeout_add_named ("galley-realtime-session-answer",
                                                self->timings.answer_timeout_ms,
                                                answer_timeout_cb, self, NULL);
}

static gboolean
idle_close_cb (gpointer user_data)
{
  GalleyRealtimeSession *self = user_data;

  self->idle_id = 0;
  /* hands-free with the microphone open: the cashier may speak at any moment */
  if (!self->push_to_talk &&
      g_get_monotonic_time () - self->last_append_us < (gint64) self->timings.idle_close_ms * 1000)
    {
      _galley_realtime_session_arm_idle (self);
      return G_SOURCE_REMOVE;
    }
  g_debug ("No turn for %u ms: closing", self->timings.idle_close_ms);
  _galley_realtime_session_teardown (self, TRUE);
  _galley_realtime_session_set_state (self, GALLEY_REALTIME_IDLE);

  return G_SOURCE_REMOVE;
}

void
_galley_realtime_session_arm_idle (GalleyRealtimeSession *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->timings.idle_close_ms > 0)
    self->idle_id = galley_timeout_add_named ("galley-realtime-session-idle",
                                              self->timings.idle_close_ms, idle_close_cb, self,
                                              NULL);
}

/* Rotation (§1.7): a new session at the next moment between turns. The old one is closed
 * with 1000 first, then the new one opened: the cart is replayed into it. */
void
_galley_realtime_session_rotate_if_due (GalleyRealtimeSession *self)
{
  if (!self->rotate_due || _galley_realtime_session_mid_turn (self) ||
      self->state != GALLEY_REALTIME_READY)
    return;

  g_message ("Rotating the Realtime session before it expires");
  self->rotate_due = FALSE;
  self->replay_cart = TRUE;
  self->reconnects++;
  _galley_realtime_session_teardown (self, TRUE);
  _galley_realtime_session_start_attempt (self);
}

static gboolean
rotate_cb (gpointer user_data)
{
  GalleyRealtimeSession *self = user_data;

  self->rotate_id = 0;
  self->rotate_due = TRUE;
  _galley_realtime_session_rotate_if_due (self);

  return G_SOURCE_REMOVE;
}

void
_galley_realtime_session_arm_rotation (GalleyRealtimeSession *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 due;

  g_clear_handle_id (&self->rotate_id, g_source_remove);
  if (self->expires_at <= 0)
    return;

  due = self->expires_at - self->timings.rotate_before_s - now;
  due = CLAMP (due, 0, G_MAXUINT / 1000);
  self->rotate_id = galley_timeout_add_named ("galley-realtime-session-rotate",
                                              (guint) due * 1000, rotate_cb, self, NULL);
}

/* ------------------------------------------------------------------ teardown */

static gboolean
release_cb (gpointer user_data)
{
  GalleyRealtimeSession *self = user_data;

  self->release_id = 0;
  g_ptr_array_set_size (self->retired, 0);

  return G_SOURCE_REMOVE;
}

/**
 * _galley_realtime_session_teardown:
 * @send_close: close an open socket with 1000 (Galley's own close, never retried)
 *
 * The one teardown of a connection, for error, close, timeout, rotation and dispose: the
 * attempt in flight is cancelled, every handler on the socket disconnected, the socket closed
 * and released from an idle (this often runs inside its own "message" emission), and every
 * timer that belongs to the connection removed. The turn's state goes with it.
 */
void
_galley_realtime_session_teardown (GalleyRealtimeSession *self,
                                   gboolean               send_close)
{
  g_clear_handle_id (&self->stage_id, g_source_remove);
  g_clear_handle_id (&self->liveness_id, g_source_remove);
  g_clear_handle_id (&self->rotate_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->answer_id, g_source_remove);
  g_clear_handle_id (&self->utterance_id, g_source_remove);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_clear_object (&self->handshake);

  if (self->conn != NULL)
    {
      g_clear_signal_handler (&self->message_id, self->conn);
      g_clear_signal_handler (&self->closed_id, self->conn);
      g_clear_signal_handler (&self->error_id, self->conn);
      g_clear_signal_handler (&self->pong_id, self->conn);
      if (send_close &&
          soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_ptr_array_add (self->retired, g_steal_pointer (&self->conn));
      if (self->release_id == 0)
        self->release_id = galley_idle_add_named ("galley-realtime-session-release", release_cb,
                                                  self, NULL);
    }

  self->expires_at = 0;
  self->rotate_due = FALSE;
  g_queue_clear_full (&self->sent_events, sent_event_free);
  if (self->order_items != NULL)
    g_ptr_array_set_size (self->order_items, 0);   /* a new session has none of them */
  _galley_realtime_session_reset_turn (self);
}

/**
 * _galley_realtime_session_go_offline:
 * @message: (nullable): for the cashier
 *
 * Fatal configuration errors and exhausted attempts (R-VC-4): no more retries until the
 * next galley_realtime_session_connect().
 */
void
_galley_realtime_session_go_offline (GalleyRealtimeSession *self,
                                     const char            *message)
{
  if (_galley_realtime_session_mid_turn (self))
    _galley_realtime_session_emit_audio_stop (self);
  _galley_realtime_session_teardown (self, TRUE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  _galley_realtime_session_set_state (self, GALLEY_REALTIME_OFFLINE);
  if (message != NULL)
    _galley_realtime_session_problem (self, message);
}

static gboolean
retry_cb (gpointer user_data)
{
  GalleyRealtimeSession *self = user_data;

  self->retry_id = 0;
  self->reconnects++;
  _galley_realtime_session_start_attempt (self);

  return G_SOURCE_REMOVE;
}

/* R-VC-4: 0.5 s × 2ⁿ capped at 8 s, times a random factor in 0.75–1.0; 5 attempts. */
static void
schedule_retry (GalleyRealtimeSession *self,
                guint                  delay_ms,
                const char            *reason)
{
  _galley_realtime_session_teardown (self, FALSE);
  g_clear_handle_id (&self->retry_id, g_source_remove);

  self->attempt++;
  if (self->timings.max_attempts > 0 && self->attempt > self->timings.max_attempts)
    {
      g_message ("Realtime link given up after %u attempts (%s)", self->timings.max_attempts,
                 reason);
      _galley_realtime_session_go_offline (self,
                                           _("Voice is offline. Use the touch screen; the "
                                             "next press of Talk tries again."));
      return;
    }

  if (delay_ms == 0)
    {
      delay_ms = galley_backoff_delay_ms (self->attempt, 0, self->timings.backoff_base_ms,
                                          self->timings.backoff_cap_ms);
      delay_ms = (guint) (delay_ms * (0.75 + 0.25 * g_rand_double (self->rand)));
    }

  g_debug ("Reconnecting in %u ms (attempt %u): %s", delay_ms, self->attempt, reason);
  self->replay_cart = self->replay_cart || self->connected_once;
  self->retry_id = galley_timeout_add_named ("galley-realtime-session-retry", delay_ms,
                                             retry_cb, self, NULL);
  _galley_realtime_session_set_state (self, GALLEY_REALTIME_RECONNECTING);
}

/**
 * _galley_realtime_session_link_lost:
 * @code: the close code (0: none, e.g. a timeout before the socket opened)
 *
 * A socket lost mid-turn ends the turn: playback stops, partial arguments are dropped, and
 * the captured audio is never replayed. The reconnect happens after the backoff, between
 * turns, with the cart replayed into the new session.
 */
void
_galley_realtime_session_link_lost (GalleyRealtimeSession *self,
                                    gushort                code,
                                    const char            *reason)
{
  if (_galley_realtime_session_mid_turn (self))
    _galley_realtime_session_end_turn_lost (self);

  if (code == 4000)
    {
      g_warning ("Realtime server closed with 4000 (%s): the beta interface was refused", reason);
      _galley_realtime_session_go_offline (self, _("Voice needs a server update. Use the touch "
                                                   "screen for now."));
      return;
    }

  if (code == SOUP_WEBSOCKET_CLOSE_TOO_BIG)
    {
      if (++self->too_big > 1)
        {
          g_warning ("Realtime messages too large twice: giving up");
          _galley_realtime_session_go_offline (self, _("A voice message was too large. Use the "
                                                       "touch screen for now."));
          return;
        }
    }

  schedule_retry (self, 0, reason);
}

/* ------------------------------------------------------------------ socket signals */

static void
closed_cb (SoupWebsocketConnection *conn,
           gpointer                 user_data)
{
  GalleyRealtimeSession *self = user_data;
  gushort code = soup_websocket_connection_get_close_code (conn);
  g_autofree char *reason = _galley_realtime_redact (soup_websocket_connection_get_close_data (conn));

  g_message ("Realtime socket closed by the server: code %u %s", code, reason);
  _galley_realtime_session_link_lost (self, code != 0 ? code : SOUP_WEBSOCKET_CLOSE_ABNORMAL,
                                      "closed");
}

static void
error_cb (SoupWebsocketConnection *conn,
          GError                  *error,
          gpointer                 user_data)
{
  GalleyRealtimeSession *self = user_data;

  g_message ("Realtime socket error: %s", error->message);
  if (g_error_matches (error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_TOO_BIG))
    _galley_realtime_session_link_lost (self, SOUP_WEBSOCKET_CLOSE_TOO_BIG, "too big");
  else
    _galley_realtime_session_link_lost (self, SOUP_WEBSOCKET_CLOSE_ABNORMAL, "error");
}

static void
pong_cb (SoupWebsocketConnection *conn,
         GBytes                  *message,
         gpointer                 user_data)
{
  _galley_realtime_session_arm_liveness (user_data);
}

/* ------------------------------------------------------------------ connect */

static gboolean
is_loopback_url (GUri *uri)
{
  const char *host = g_uri_get_host (uri);

  return g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "localhost") == 0 ||
         g_strcmp0 (host, "::1") == 0 || g_strcmp0 (host, "[::1]") == 0;
}

static guint
retry_after_ms (SoupMessage *msg,
                guint        fallback_ms)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "Retry-After");
  guint64 seconds;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 0, 3600, &seconds, NULL))
    return (guint) seconds * 1000;

  return fallback_ms;
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GalleyWeak) weak = user_data;
  g_autoptr(GalleyRealtimeSession) self = NULL;
  g_autoptr(SoupWebsocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* teardown, a timeout or dispose: they handle the state */

  self = galley_weak_get (weak);
  if (self == NULL)
    return;

  g_clear_handle_id (&self->stage_id, g_source_remove);
  g_clear_object (&self->cancellable);

  if (conn == NULL)
    {
      status = self->handshake != NULL ? soup_message_get_status (self->handshake) : 0;
      g_message ("Realtime handshake failed (HTTP %u): %s", status, error->message);

      if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
        {
          g_clear_object (&self->handshake);
          if (self->auth_retries++ == 0)
            {
              _galley_realtime_session_start_attempt (self);   /* one new secret, once */
              return;
            }
          _galley_realtime_session_go_offline (self, _("The voice service refused this "
                                                       "terminal's pass. Ask the manager to "
                                                       "check the voice set-up."));
          return;
        }

      if (status == HTTP_TOO_MANY_REQUESTS)
        {
          guint wait = retry_after_ms (self->handshake, self->timings.rate_limit_wait_ms);

          g_clear_object (&self->handshake);
          if (++self->rate_limit_waits > 3)
            {
              _galley_realtime_session_go_offline (self, _("Voice is busy. Use the touch "
                                                           "screen for now."));
              return;
            }
          _galley_realtime_session_problem (self, _("Voice is busy. Galley tries again in a "
                                                    "moment."));
          schedule_retry (self, wait, "rate limited");
          return;
        }

      g_clear_object (&self->handshake);
      schedule_retry (self, 0, "handshake failed");
      return;
    }

  g_clear_object (&self->handshake);
  self->conn = g_steal_pointer (&conn);
  /* §1.5: before returning to the main loop, so no frame meets the 128 KiB default */
  soup_websocket_connection_set_max_incoming_payload_size (self->conn,
                                                           GALLEY_REALTIME_MAX_PAYLOAD);
  soup_websocket_connection_set_keepalive_interval (self->conn, 15);
  self->message_id = g_signal_connect (self->conn, "message",
                                       G_CALLBACK (_galley_realtime_session_message_cb), self);
  self->closed_id = g_signal_connect (self->conn, "closed", G_CALLBACK (closed_cb), self);
  self->error_id = g_signal_connect (self->conn, "error", G_CALLBACK (error_cb), self);
  self->pong_id = g_signal_connect (self->conn, "pong", G_CALLBACK (pong_cb), self);
  self->connection_serial++;
  self->event_serial = 0;

  _galley_realtime_session_set_state (self, GALLEY_REALTIME_CONFIGURING);
  _galley_realtime_session_arm_stage (self, self->timings.configure_timeout_ms);
  _galley_realtime_session_arm_liveness (self);
}

static void
secret_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GalleyWeak) weak = user_data;
  g_autoptr(GalleyRealtimeSession) self = NULL;
  g_autoptr(GalleyVoiceSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *model = NULL, *query = NULL, *bearer = NULL;
  GCancellable *cancellable;

  secret = galley_voice_credentials_fetch_finish (GALLEY_VOICE_CREDENTIALS (source), result,
                                                  &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = galley_weak_get (weak);
  if (self == NULL)
    return;

  g_clear_handle_id (&self->stage_id, g_source_remove);

  if (secret == NULL)
    {
      if (g_error_matches (error, GALLEY_VOICE_CREDENTIALS_ERROR,
                           GALLEY_VOICE_CREDENTIALS_ERROR_RATE_LIMITED) ||
          g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NETWORK) ||
          g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_TIMEOUT) ||
          g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_SERVER))
        {
          g_message ("No voice secret yet: %s", error->message);
          schedule_retry (self, 0, "no secret");
          return;
        }
      g_message ("No voice secret: %s", error->message);
      _galley_realtime_session_go_offline (self, error->message);
      return;
    }

  g_free (self->menu_context);
  self->menu_context = g_strdup (secret->menu_context);

  base = g_uri_parse (self->base_url, SOUP_HTTP_URI_FLAGS, NULL);
  if (base == NULL ||
      !(g_strcmp0 (g_uri_get_scheme (base), "wss") == 0 ||
        (g_strcmp0 (g_uri_get_scheme (base), "ws") == 0 && is_loopback_url (base))))
    {
      g_warning ("Realtime address refused (wss://, or ws:// on loopback only)");
      _galley_realtime_session_go_offline (self, _("The voice service address is not valid. "
                                                   "Check Preferences."));
      return;
    }

  model = g_uri_escape_string (secret->model, NULL, FALSE);
  query = g_strconcat ("model=", model, NULL);
  uri = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (base), NULL, g_uri_get_host (base),
                     g_uri_get_port (base), g_uri_get_path (base), query, NULL);
  msg = soup_message_new_from_uri ("GET", uri);

  /* GA: Bearer only. Never OpenAI-Beta, never the key as a subprotocol, never an Origin. */
  bearer = g_strconcat ("Bearer ", secret->value, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  memset (bearer, 0, strlen (bearer));

  g_debug ("Connecting to %s://%s:%d%s (model %s)", g_uri_get_scheme (base),
           g_uri_get_host (base), g_uri_get_port (base), g_uri_get_path (base), secret->model);
  _galley_realtime_session_set_state (self, GALLEY_REALTIME_CONNECTING);
  self->cancellable = g_cancellable_new ();
  cancellable = self->cancellable;
  self->handshake = g_object_ref (msg);
  _galley_realtime_session_arm_stage (self, self->timings.connect_timeout_ms);
  soup_session_websocket_connect_async (galley_net_session_get_soup (self->net), msg,
                                        NULL /* origin */, NULL /* protocols */,
                                        G_PRIORITY_DEFAULT, cancellable, connected_cb,
                                        galley_weak_new (self));
}

/**
 * _galley_realtime_session_start_attempt:
 *
 * One connect: a fresh secret (never cached), then the handshake.
 */
void
_galley_realtime_session_start_attempt (GalleyRealtimeSession *self)
{
  _galley_realtime_session_teardown (self, FALSE);
  g_clear_handle_id (&self->retry_id, g_source_remove);

  _galley_realtime_session_set_state (self, GALLEY_REALTIME_FETCHING_SECRET);
  self->cancellable = g_cancellable_new ();
  _galley_realtime_session_arm_stage (self, self->timings.fetch_timeout_ms);
  galley_voice_credentials_fetch_async (self->credentials, self->cancellable, secret_cb,
                                        galley_weak_new (self));
}
