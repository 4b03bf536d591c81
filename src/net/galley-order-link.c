/* galley-order-link.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The order WebSocket as an explicit state machine (spec/order-protocol.md §1, §6.1-6.4):
 * first-frame auth, an app-level ping every 30 s, "stale" exactly 60 s after the last frame,
 * reconnects with jittered backoff, and an auth failure that stops instead of looping. One
 * link per server is shared by every view: each subscribes to the message types it wants
 * and unsubscribes with its handle; when the last one leaves, the socket closes after a
 * short grace period and no timer or handler is left.
 *
 * Every timer has its own field and name, and each is cleared on the state change that
 * makes it obsolete (R-RECON-6). The handshake owns a GCancellable; a new attempt or
 * dispose cancels it.
 */
#define G_LOG_DOMAIN "galley-order-link"

#include <glib/gi18n.h>
#include <string.h>

#include "net/galley-backoff.h"
#include "net/galley-order-link.h"
#include "util/galley-json.h"
#include "util/galley-source.h"
#include "util/galley-time.h"
#include "util/galley-validate.h"
#include "util/galley-weak.h"

#define ALL_TYPES "*"

typedef struct
{
  guint              id;
  char              *type;
  GalleyLinkHandler  handler;
  gpointer           user_data;
  GDestroyNotify     destroy;
} Subscriber;

struct _GalleyOrderLink
{
  GObject                  parent_instance;

  GalleyNetSession        *session;
  GalleyLinkTimings        timings;
  char                    *base_url;
  char                    *restaurant_id;
  char                    *token;         /* never logged */
  char                    *config_error;
  GRand                   *rand;

  GHashTable              *subscribers;   /* id -> Subscriber* (owned) */
  guint                    next_subscriber_id;

  GalleyLinkState          state;
  guint                    attempt;
  gint64                   next_retry;    /* monotonic µs, 0 when none */
  gint64                   last_frame;    /* monotonic µs, 0 before the first */
  char                    *last_error;
  guint                    reconnects;
  guint64                  frames_received;
  guint64                  frames_rejected;

  GCancellable            *connect_cancellable;
  SoupWebsocketConnection *conn;
  GPtrArray               *retired;       /* connections to release outside their signals */
  gulong                   message_id;
  gulong                   closed_id;
  gulong                   error_id;

  guint                    retry_id;
  guint                    handshake_id;
  guint                    auth_id;
  guint                    deadline_id;
  guint                    ping_id;
  guint                    grace_id;
  guint                    release_id;
};

G_DEFINE_FINAL_TYPE (GalleyOrderLink, galley_order_link, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_ATTEMPT,
  PROP_NEXT_RETRY,
  PROP_LAST_FRAME,
  PROP_LAST_ERROR,
  PROP_RECONNECTS,
  PROP_N_SUBSCRIBERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GEnumValue state_values[] = {
  { GALLEY_LINK_DISCONNECTED, "GALLEY_LINK_DISCONNECTED", "disconnected" },
  { GALLEY_LINK_CONNECTING, "GALLEY_LINK_CONNECTING", "connecting" },
  { GALLEY_LINK_AUTHENTICATING, "GALLEY_LINK_AUTHENTICATING", "authenticating" },
  { GALLEY_LINK_SYNCING, "GALLEY_LINK_SYNCING", "syncing" },
  { GALLEY_LINK_LIVE, "GALLEY_LINK_LIVE", "live" },
  { GALLEY_LINK_WAITING, "GALLEY_LINK_WAITING", "waiting" },
  { GALLEY_LINK_AUTH_FAILED, "GALLEY_LINK_AUTH_FAILED", "auth-failed" },
  { GALLEY_LINK_STOPPED, "GALLEY_LINK_STOPPED", "stopped" },
  { 0, NULL, NULL }
};

GType
galley_link_state_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("GalleyLinkState", state_values));

  return type_id;
}

/**
 * galley_link_timings_init_default:
 *
 * The figures of spec/order-protocol.md §6.3-6.4 and the issue: ping every 30 s, stale after
 * 60 s, auth reply within 10 s, handshake within 15 s, backoff 2 s doubling to 30 s, stop
 * after 15 attempts, close 5 s after the last subscriber leaves.
 */
void
galley_link_timings_init_default (GalleyLinkTimings *timings)
{
  g_return_if_fail (timings != NULL);

  *timings = (GalleyLinkTimings) {
    .ping_interval_ms = 30000,
    .dead_after_ms = 60000,
    .auth_timeout_ms = 10000,
    .handshake_timeout_ms = 15000,
    .backoff_base_ms = GALLEY_BACKOFF_BASE_MS,
    .backoff_cap_ms = GALLEY_BACKOFF_CAP_MS,
    .max_attempts = 15,
    .idle_grace_ms = 5000,
  };
}

/* ------------------------------------------------------------------ subscribers */

static void
subscriber_free (Subscriber *subscriber)
{
  if (subscriber->destroy != NULL)
    subscriber->destroy (subscriber->user_data);
  g_free (subscriber->type);
  g_free (subscriber);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  guint ia = GPOINTER_TO_UINT (*(gconstpointer *) a);
  guint ib = GPOINTER_TO_UINT (*(gconstpointer *) b);

  return ia < ib ? -1 : ia > ib;
}

/* Calls every subscriber of the message's type and of "*", in the order they subscribed.
 * A handler may unsubscribe itself or others: ids are looked up again before each call. */
static void
dispatch (GalleyOrderLink         *self,
          const GalleyLinkMessage *message)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->subscribers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Subscriber *subscriber = value;

      if (g_strcmp0 (subscriber->type, ALL_TYPES) == 0 ||
          g_strcmp0 (subscriber->type, message->type) == 0)
        g_ptr_array_add (ids, key);
    }
  g_ptr_array_sort (ids, compare_ids);

  g_object_ref (self);
  for (guint i = 0; i < ids->len; i++)
    {
      Subscriber *subscriber = g_hash_table_lookup (self->subscribers, g_ptr_array_index (ids, i));

      if (subscriber != NULL)
        subscriber->handler (message, subscriber->user_data);
    }
  g_object_unref (self);
}

/* ------------------------------------------------------------------ state */

static void
set_state (GalleyOrderLink *self,
           GalleyLinkState  state)
{
  if (self->state == state)
    return;

  g_debug ("State %s → %s (attempt %u)", state_values[self->state].value_nick,
           state_values[state].value_nick, self->attempt);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (GalleyOrderLink *self,
                const char      *error)
{
  if (g_strcmp0 (self->last_error, error) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_attempt (GalleyOrderLink *self,
             guint            attempt)
{
  if (self->attempt == attempt)
    return;

  self->attempt = attempt;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPT]);
}

static void
set_next_retry (GalleyOrderLink *self,
                gint64           next_retry)
{
  if (self->next_retry == next_retry)
    return;

  self->next_retry = next_retry;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RETRY]);
}

static gboolean
release_cb (gpointer user_data)
{
  GalleyOrderLink *self = user_data;

  self->release_id = 0;
  g_ptr_array_set_size (self->retired, 0);

  return G_SOURCE_REMOVE;
}

/* Ends the current connection, if any, and every timer that belongs to it. The connection
 * object is released from an idle: this often runs inside its own "message" emission, and
 * libsoup 3.2 keeps using the object after the handler returns. */
static void
teardown_connection (GalleyOrderLink *self,
                     gboolean         send_close)
{
  g_clear_handle_id (&self->handshake_id, g_source_remove);
  g_clear_handle_id (&self->auth_id, g_source_remove);
  g_clear_handle_id (&self->deadline_id, g_source_remove);
  g_clear_handle_id (&self->ping_id, g_source_remove);

  if (self->connect_cancellable != NULL)
    {
      g_cancellable_cancel (self->connect_cancellable);
      g_clear_object (&self->connect_cancellable);
    }

  if (self->conn != NULL)
    {
      g_clear_signal_handler (&self->message_id, self->conn);
      g_clear_signal_handler (&self->closed_id, self->conn);
      g_clear_signal_handler (&self->error_id, self->conn);
      if (send_close &&
          soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->conn, SOUP_WEBSOCKET_CLOSE_NORMAL,
                                         "Client disconnect");
      g_ptr_array_add (self->retired, g_steal_pointer (&self->conn));
      if (self->release_id == 0)
        self->release_id = galley_idle_add_named ("galley-order-link-release", release_cb,
                                                  self, NULL);
    }
}

static void connect_now (GalleyOrderLink *self);

static gboolean
retry_cb (gpointer user_data)
{
  GalleyOrderLink *self = user_data;

  self->retry_id = 0;
  set_next_retry (self, 0);
  self->reconnects++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECTS]);
  connect_now (self);

  return G_SOURCE_REMOVE;
}

/* A failure that is worth retrying: close, count the attempt, wait per R-RECON-1. */
static void
schedule_retry (GalleyOrderLink *self,
                const char      *reason)
{
  guint delay;

  teardown_connection (self, FALSE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  set_last_error (self, reason);

  if (g_hash_table_size (self->subscribers) == 0)
    {
      set_next_retry (self, 0);
      set_state (self, GALLEY_LINK_DISCONNECTED);
      return;
    }

  set_attempt (self, self->attempt + 1);
  if (self->timings.max_attempts > 0 && self->attempt > self->timings.max_attempts)
    {
      g_message ("Gave up after %u attempts: %s", self->timings.max_attempts, reason);
      set_next_retry (self, 0);
      set_state (self, GALLEY_LINK_STOPPED);
      return;
    }

  delay = galley_backoff_delay_ms (self->attempt, g_rand_double (self->rand),
                                   self->timings.backoff_base_ms, self->timings.backoff_cap_ms);
  g_debug ("Retrying in %u ms (attempt %u): %s", delay, self->attempt, reason);
  set_next_retry (self, g_get_monotonic_time () + (gint64) delay * 1000);
  self->retry_id = galley_timeout_add_named ("galley-order-link-retry", delay, retry_cb, self, NULL);
  set_state (self, GALLEY_LINK_WAITING);
}

static void
enter_auth_failed (GalleyOrderLink *self,
                   const char      *reason)
{
  teardown_connection (self, FALSE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  set_next_retry (self, 0);
  set_last_error (self, reason);
  g_message ("Sign-in refused: no automatic retries until Galley is signed in again");
  set_state (self, GALLEY_LINK_AUTH_FAILED);
}

/* Nobody wants orders any more, or the object is going away: close with 1000 and stop. */
static void
disconnect (GalleyOrderLink *self)
{
  teardown_connection (self, TRUE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);
  set_next_retry (self, 0);
  set_attempt (self, 0);
  set_state (self, GALLEY_LINK_DISCONNECTED);
}

/* ------------------------------------------------------------------ timers of a connection */

static gboolean
deadline_cb (gpointer user_data)
{
  GalleyOrderLink *self = user_data;
  g_autofree char *reason = NULL;

  self->deadline_id = 0;
  g_message ("No frame for %u ms: the link is stale, reconnecting", self->timings.dead_after_ms);
  reason = g_strdup_printf (_("No updates for %u seconds. Reconnecting."),
                            (self->timings.dead_after_ms + 999) / 1000);
  schedule_retry (self, reason);

  return G_SOURCE_REMOVE;
}

static void
arm_deadline (GalleyOrderLink *self)
{
  g_clear_handle_id (&self->deadline_id, g_source_remove);
  self->deadline_id = galley_timeout_add_named ("galley-order-link-deadline",
                                                self->timings.dead_after_ms, deadline_cb,
                                                self, NULL);
}

static void
send_frame (GalleyOrderLink *self,
            JsonObject      *frame)
{
  g_autofree char *text = galley_json_object_to_string (frame);

  if (self->conn != NULL &&
      soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (self->conn, text);
}

static gboolean
ping_cb (gpointer user_data)
{
  GalleyOrderLink *self = user_data;
  g_autoptr(JsonObject) frame = json_object_new ();
  JsonObject *payload = json_object_new ();
  gint64 now = g_get_real_time ();
  g_autofree char *timestamp = galley_time_format_js (now);

  json_object_set_string_member (frame, "type", "ping");
  json_object_set_int_member (payload, "timestamp", now / 1000);
  json_object_set_object_member (frame, "payload", payload);
  json_object_set_string_member (frame, "timestamp", timestamp);
  json_object_set_string_member (frame, "restaurant_id", self->restaurant_id);
  send_frame (self, frame);

  return G_SOURCE_CONTINUE;
}

static gboolean
auth_timeout_cb (gpointer user_data)
{
  GalleyOrderLink *self = user_data;

  self->auth_id = 0;
  /* R-LIVE-3: a network failure, not an auth failure */
  schedule_retry (self, _("The restaurant server did not answer Galley's sign-in. Reconnecting."));

  return G_SOURCE_REMOVE;
}

static gboolean
handshake_timeout_cb (gpointer user_data)
{
  GalleyOrderLink *self = user_data;

  self->handshake_id = 0;
  schedule_retry (self, _("The restaurant server did not answer in time. Reconnecting."));

  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------ frames */

static void
reject_frame (GalleyOrderLink *self,
              const char      *text,
              gsize            length,
              const GError    *error)
{
  g_autofree char *head = g_strndup (text, MIN (length, 200));

  self->frames_rejected++;
  /* rate-limited: the first ten, then one in a hundred */
  if (self->frames_rejected <= 10 || self->frames_rejected % 100 == 0)
    g_warning ("Frame rejected (%" G_GUINT64_FORMAT " so far): %s: %s", self->frames_rejected,
               error->message, head);
}

static void
handle_message (GalleyOrderLink   *self,
                GalleyLinkMessage *message)
{
  switch (message->kind)
    {
    case GALLEY_LINK_MESSAGE_AUTH_SUCCESS:
      if (self->state != GALLEY_LINK_AUTHENTICATING)
        {
          g_debug ("auth:success while %s: ignored", state_values[self->state].value_nick);
          return;
        }
      g_clear_handle_id (&self->auth_id, g_source_remove);
      g_clear_handle_id (&self->ping_id, g_source_remove);
      self->ping_id = galley_timeout_add_named ("galley-order-link-ping",
                                                self->timings.ping_interval_ms, ping_cb,
                                                self, NULL);
      set_state (self, GALLEY_LINK_SYNCING);
      dispatch (self, message);
      return;

    case GALLEY_LINK_MESSAGE_AUTH_FAILED:
      enter_auth_failed (self, _("The restaurant server did not accept Galley's sign-in. "
                                 "Sign in again."));
      return;

    case GALLEY_LINK_MESSAGE_SERVER_ERROR:
      if (g_strcmp0 (message->error, "Authentication required") == 0)
        {
          enter_auth_failed (self, _("The restaurant server asked Galley to sign in again."));
          return;
        }
      /* R-IN-4: logged and otherwise ignored */
      g_warning ("The server reported an error: %s", message->error != NULL ? message->error : "?");
      return;

    case GALLEY_LINK_MESSAGE_INVALID_FORMAT:
      g_warning ("The server could not read a frame Galley sent (a bug in Galley)");
      return;

    case GALLEY_LINK_MESSAGE_UNKNOWN:
      g_debug ("Frame of unknown type %s ignored", message->type);
      return;

    case GALLEY_LINK_MESSAGE_PONG:
    case GALLEY_LINK_MESSAGE_CONNECTED:
    case GALLEY_LINK_MESSAGE_SYNC_COMPLETE:
    case GALLEY_LINK_MESSAGE_ORDER_CREATED:
    case GALLEY_LINK_MESSAGE_ORDER_UPDATED:
    case GALLEY_LINK_MESSAGE_ORDER_DELETED:
    case GALLEY_LINK_MESSAGE_ORDER_STATUS_CHANGED:
    case GALLEY_LINK_MESSAGE_ORDER_ITEM_STATUS_CHANGED:
    case GALLEY_LINK_MESSAGE_TABLE_STATUS_UPDATED:
    default:
      dispatch (self, message);
      return;
    }
}

static void
message_cb (SoupWebsocketConnection *conn,
            SoupWebsocketDataType    data_type,
            GBytes                  *bytes,
            gpointer                 user_data)
{
  GalleyOrderLink *self = user_data;
  g_autoptr(GalleyLinkMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  /* handlers may drop the last reference to the link */
  g_autoptr(GalleyOrderLink) hold G_GNUC_UNUSED = g_object_ref (self);

  /* any frame proves the link is alive (R-LIVE-1) */
  self->last_frame = g_get_monotonic_time ();
  self->frames_received++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_FRAME]);
  arm_deadline (self);

  if (data_type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      g_set_error_literal (&error, GALLEY_LINK_MESSAGE_ERROR, GALLEY_LINK_MESSAGE_ERROR_NOT_JSON,
                           "binary frame");
      reject_frame (self, "", 0, error);
      return;
    }

  message = galley_link_message_parse (data, length, &error);
  if (message == NULL)
    {
      reject_frame (self, data, length, error);
      return;
    }

  handle_message (self, message);
}

static void
closed_cb (SoupWebsocketConnection *conn,
           gpointer                 user_data)
{
  GalleyOrderLink *self = user_data;
  gushort code = soup_websocket_connection_get_close_code (conn);
  const char *reason = soup_websocket_connection_get_close_data (conn);

  g_debug ("Socket closed with code %u (%s)", code, reason != NULL ? reason : "");

  if (code == SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION)
    {
      /* 1008: bad credentials. Never a retry loop (R-RECON-3). */
      enter_auth_failed (self, _("The restaurant server did not accept Galley's sign-in. "
                                 "Sign in again."));
      return;
    }

  if (code == SOUP_WEBSOCKET_CLOSE_TOO_BIG)
    schedule_retry (self, _("The restaurant server sent more than Galley accepts. Reconnecting."));
  else if (code == SOUP_WEBSOCKET_CLOSE_GOING_AWAY)
    schedule_retry (self, _("The restaurant server is restarting. Reconnecting."));
  else
    schedule_retry (self, _("The connection to the restaurant server was lost. Reconnecting."));
}

static void
error_cb (SoupWebsocketConnection *conn,
          GError                  *error,
          gpointer                 user_data)
{
  g_debug ("Socket error: %s", error->message);
}

static void
send_auth (GalleyOrderLink *self)
{
  g_autoptr(JsonObject) frame = json_object_new ();
  g_autofree char *timestamp = galley_time_format_js (g_get_real_time ());

  /* sent raw, without the envelope (spec §1.2); never logged */
  json_object_set_string_member (frame, "type", "auth");
  json_object_set_string_member (frame, "token", self->token);
  json_object_set_string_member (frame, "restaurant_id", self->restaurant_id);
  json_object_set_string_member (frame, "timestamp", timestamp);
  send_frame (self, frame);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GalleyWeak) weak = user_data;
  g_autoptr(GalleyOrderLink) self = NULL;
  g_autoptr(SoupWebsocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;

  conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* a new attempt, a timeout or dispose: they handle the state */

  self = galley_weak_get (weak);
  if (self == NULL)
    return;

  g_clear_handle_id (&self->handshake_id, g_source_remove);
  g_clear_object (&self->connect_cancellable);

  if (conn == NULL)
    {
      g_debug ("Handshake failed: %s", error->message);
      schedule_retry (self, _("Galley cannot reach the restaurant server. Reconnecting."));
      return;
    }

  self->conn = g_steal_pointer (&conn);
  soup_websocket_connection_set_max_incoming_payload_size (self->conn,
                                                           GALLEY_LINK_MESSAGE_MAX_SIZE);
  soup_websocket_connection_set_keepalive_interval (self->conn, 0);
  self->message_id = g_signal_connect (self->conn, "message", G_CALLBACK (message_cb), self);
  self->closed_id = g_signal_connect (self->conn, "closed", G_CALLBACK (closed_cb), self);
  self->error_id = g_signal_connect (self->conn, "error", G_CALLBACK (error_cb), self);

  set_state (self, GALLEY_LINK_AUTHENTICATING);
  send_auth (self);
  self->auth_id = galley_timeout_add_named ("galley-order-link-auth",
                                            self->timings.auth_timeout_ms, auth_timeout_cb,
                                            self, NULL);
  arm_deadline (self);
}

static char *
websocket_url (GalleyOrderLink *self)
{
  const char *rest;
  const char *scheme;

  if (g_str_has_prefix (self->base_url, "https://"))
    {
      scheme = "wss://";
      rest = self->base_url + strlen ("https://");
    }
  else
    {
      scheme = "ws://";
      rest = self->base_url + strlen ("http://");
    }

  return g_strdup_printf ("%s%s/?restaurant_id=%s", scheme, rest, self->restaurant_id);
}

static void
connect_now (GalleyOrderLink *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;

  teardown_connection (self, FALSE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);

  if (self->config_error != NULL)
    {
      set_last_error (self, self->config_error);
      set_state (self, GALLEY_LINK_STOPPED);
      return;
    }

  if (self->token == NULL)
    {
      enter_auth_failed (self, _("Galley is not signed in. Sign in to see orders."));
      return;
    }

  url = websocket_url (self);
  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      set_last_error (self, _("The restaurant server address is not valid. Check Preferences."));
      set_state (self, GALLEY_LINK_STOPPED);
      return;
    }

  set_state (self, GALLEY_LINK_CONNECTING);
  self->connect_cancellable = g_cancellable_new ();
  self->handshake_id = galley_timeout_add_named ("galley-order-link-handshake",
                                                 self->timings.handshake_timeout_ms,
                                                 handshake_timeout_cb, self, NULL);
  soup_session_websocket_connect_async (galley_net_session_get_soup (self->session), msg, NULL,
                                        NULL, G_PRIORITY_DEFAULT, self->connect_cancellable,
                                        connected_cb, galley_weak_new (self));
}

static gboolean
grace_cb (gpointer user_data)
{
  GalleyOrderLink *self = user_data;

  self->grace_id = 0;
  g_debug ("No subscriber left: closing");
  disconnect (self);

  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------ GObject */

static void
galley_order_link_dispose (GObject *object)
{
  GalleyOrderLink *self = GALLEY_ORDER_LINK (object);

  /* 1-4: timers, the handshake in flight, the socket (closed with 1000) */
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);
  teardown_connection (self, TRUE);
  g_clear_handle_id (&self->release_id, g_source_remove);
  g_ptr_array_set_size (self->retired, 0);

  /* subscribers' user data is released (their destroy notifies run) */
  g_hash_table_remove_all (self->subscribers);

  /* 5. references */
  g_clear_object (&self->session);

  G_OBJECT_CLASS (galley_order_link_parent_class)->dispose (object);
}

static void
galley_order_link_finalize (GObject *object)
{
  GalleyOrderLink *self = GALLEY_ORDER_LINK (object);

  g_assert (self->conn == NULL);
  g_assert (self->retry_id == 0 && self->grace_id == 0 && self->ping_id == 0);
  g_assert (self->deadline_id == 0 && self->auth_id == 0 && self->handshake_id == 0);
  g_assert (self->release_id == 0);

  g_clear_pointer (&self->subscribers, g_hash_table_unref);
  g_clear_pointer (&self->retired, g_ptr_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_free (self->base_url);
  g_free (self->restaurant_id);
  g_free (self->token);
  g_free (self->config_error);
  g_free (self->last_error);

  G_OBJECT_CLASS (galley_order_link_parent_class)->finalize (object);
}

static void
galley_order_link_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GalleyOrderLink *self = GALLEY_ORDER_LINK (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ATTEMPT:
      g_value_set_uint (value, self->attempt);
      break;

    case PROP_NEXT_RETRY:
      g_value_set_int64 (value, self->next_retry);
      break;

    case PROP_LAST_FRAME:
      g_value_set_int64 (value, self->last_frame);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_RECONNECTS:
      g_value_set_uint (value, self->reconnects);
      break;

    case PROP_N_SUBSCRIBERS:
      g_value_set_uint (value, g_hash_table_size (self->subscribers));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_order_link_class_init (GalleyOrderLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = galley_order_link_dispose;
  object_class->finalize = galley_order_link_finalize;
  object_class->get_property = galley_order_link_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, GALLEY_TYPE_LINK_STATE, GALLEY_LINK_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTEMPT] =
    g_param_spec_uint ("attempt", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_RETRY] =
    g_param_spec_int64 ("next-retry", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_FRAME] =
    g_param_spec_int64 ("last-frame", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECONNECTS] =
    g_param_spec_uint ("reconnects", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SUBSCRIBERS] =
    g_param_spec_uint ("n-subscribers", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_order_link_init (GalleyOrderLink *self)
{
  galley_link_timings_init_default (&self->timings);
  self->subscribers = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) subscriber_free);
  self->rand = g_rand_new ();
  self->retired = g_ptr_array_new_with_free_func (g_object_unref);
  self->state = GALLEY_LINK_DISCONNECTED;
}

/* ------------------------------------------------------------------ public API */

/**
 * galley_order_link_new:
 * @session: the process's network session
 *
 * Returns: (transfer full): a link that connects when the first subscriber comes
 */
GalleyOrderLink *
galley_order_link_new (GalleyNetSession *session)
{
  GalleyOrderLink *self;

  g_return_val_if_fail (GALLEY_IS_NET_SESSION (session), NULL);

  self = g_object_new (GALLEY_TYPE_ORDER_LINK, NULL);
  self->session = g_object_ref (session);

  return self;
}

void
galley_order_link_set_timings (GalleyOrderLink         *self,
                               const GalleyLinkTimings *timings)
{
  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));
  g_return_if_fail (timings != NULL);

  self->timings = *timings;
}

void
galley_order_link_get_timings (GalleyOrderLink   *self,
                               GalleyLinkTimings *timings)
{
  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));
  g_return_if_fail (timings != NULL);

  *timings = self->timings;
}

/**
 * galley_order_link_configure:
 * @base_url: the restaurant server, e.g. "https://pos.example:3001"
 * @restaurant_id: the restaurant's UUID
 *
 * A bad address or a restaurant id that is not a UUID is a configuration error: the link
 * stops and says so, and never retries it (R-RECON-4). A change reconnects.
 */
void
galley_order_link_configure (GalleyOrderLink *self,
                             const char      *base_url,
                             const char      *restaurant_id)
{
  g_autofree char *url = NULL, *restaurant = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));

  g_clear_pointer (&self->config_error, g_free);
  if (!galley_validate_server_url (base_url, &url, &error) ||
      !galley_validate_restaurant_id (restaurant_id, &restaurant, &error))
    self->config_error = g_strdup (error->message);

  if (g_strcmp0 (url, self->base_url) == 0 && g_strcmp0 (restaurant, self->restaurant_id) == 0 &&
      self->config_error == NULL)
    return;

  g_free (self->base_url);
  self->base_url = g_steal_pointer (&url);
  g_free (self->restaurant_id);
  self->restaurant_id = g_steal_pointer (&restaurant);

  if (g_hash_table_size (self->subscribers) > 0)
    {
      set_attempt (self, 0);
      connect_now (self);
    }
}

/**
 * galley_order_link_set_token:
 * @token: (nullable): the signed-in session's token
 *
 * A new token after a refused sign-in reconnects at once; %NULL signs out and closes.
 */
void
galley_order_link_set_token (GalleyOrderLink *self,
                             const char      *token)
{
  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));

  if (g_strcmp0 (self->token, token) == 0)
    return;

  g_free (self->token);
  self->token = g_strdup (token);

  if (g_hash_table_size (self->subscribers) == 0)
    return;

  set_attempt (self, 0);
  if (token != NULL)
    connect_now (self);
  else
    enter_auth_failed (self, _("Galley is not signed in. Sign in to see orders."));
}

/**
 * galley_order_link_subscribe:
 * @type: a message type ("order:created", "auth:success", …) or "*" for every message
 * @handler: called for each such message
 * @destroy: (nullable): frees @user_data when the subscription ends
 *
 * The first subscriber opens the connection.
 *
 * Returns: a handle for galley_order_link_unsubscribe()
 */
guint
galley_order_link_subscribe (GalleyOrderLink   *self,
                             const char        *type,
                             GalleyLinkHandler  handler,
                             gpointer           user_data,
                             GDestroyNotify     destroy)
{
  Subscriber *subscriber;

  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), 0);
  g_return_val_if_fail (type != NULL, 0);
  g_return_val_if_fail (handler != NULL, 0);

  subscriber = g_new0 (Subscriber, 1);
  subscriber->id = ++self->next_subscriber_id;
  subscriber->type = g_strdup (type);
  subscriber->handler = handler;
  subscriber->user_data = user_data;
  subscriber->destroy = destroy;
  g_hash_table_insert (self->subscribers, GUINT_TO_POINTER (subscriber->id), subscriber);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SUBSCRIBERS]);

  g_clear_handle_id (&self->grace_id, g_source_remove);
  if (self->state == GALLEY_LINK_DISCONNECTED)
    connect_now (self);

  return subscriber->id;
}

/**
 * galley_order_link_unsubscribe:
 *
 * Ends one subscription; no other subscriber is affected (R-LIFE-4). When the last one
 * leaves, the connection closes after the grace period.
 */
void
galley_order_link_unsubscribe (GalleyOrderLink *self,
                               guint            id)
{
  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));

  if (!g_hash_table_remove (self->subscribers, GUINT_TO_POINTER (id)))
    {
      g_critical ("No subscription %u", id);
      return;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SUBSCRIBERS]);

  if (g_hash_table_size (self->subscribers) > 0 || self->state == GALLEY_LINK_DISCONNECTED)
    return;

  g_clear_handle_id (&self->grace_id, g_source_remove);
  self->grace_id = galley_timeout_add_named ("galley-order-link-grace",
                                             self->timings.idle_grace_ms, grace_cb, self, NULL);
}

guint
galley_order_link_get_n_subscribers (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), 0);

  return g_hash_table_size (self->subscribers);
}

/**
 * galley_order_link_retry_now:
 *
 * The Retry button: reconnect at once from waiting, stopped or auth-failed (R-RECON-2).
 */
void
galley_order_link_retry_now (GalleyOrderLink *self)
{
  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));

  if (g_hash_table_size (self->subscribers) == 0)
    return;

  switch (self->state)
    {
    case GALLEY_LINK_STOPPED:
    case GALLEY_LINK_AUTH_FAILED:
      set_attempt (self, 0);
      G_GNUC_FALLTHROUGH;
    case GALLEY_LINK_WAITING:
    case GALLEY_LINK_DISCONNECTED:
      set_next_retry (self, 0);
      connect_now (self);
      break;

    case GALLEY_LINK_CONNECTING:
    case GALLEY_LINK_AUTHENTICATING:
    case GALLEY_LINK_SYNCING:
    case GALLEY_LINK_LIVE:
    default:
      break;
    }
}

/**
 * galley_order_link_mark_live:
 *
 * The snapshot after auth:success is applied: the link is live and the attempt counter
 * starts again (it resets only here: R-RECON-1).
 */
void
galley_order_link_mark_live (GalleyOrderLink *self)
{
  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));

  if (self->state != GALLEY_LINK_SYNCING && self->state != GALLEY_LINK_LIVE)
    return;

  set_attempt (self, 0);
  set_next_retry (self, 0);
  set_last_error (self, NULL);
  set_state (self, GALLEY_LINK_LIVE);
}

/**
 * galley_order_link_fail:
 * @reason: for the person at the screen
 *
 * Something needed for the link failed (the snapshot): reconnect with backoff.
 */
void
galley_order_link_fail (GalleyOrderLink *self,
                        const char      *reason)
{
  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));

  if (self->state == GALLEY_LINK_DISCONNECTED || self->state == GALLEY_LINK_AUTH_FAILED ||
      self->state == GALLEY_LINK_STOPPED)
    return;

  schedule_retry (self, reason);
}

/**
 * galley_order_link_auth_failed:
 *
 * The REST side was refused (401): stop like a refused WebSocket sign-in.
 */
void
galley_order_link_auth_failed (GalleyOrderLink *self,
                               const char      *reason)
{
  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));

  enter_auth_failed (self, reason);
}

GalleyLinkState
galley_order_link_get_state (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), GALLEY_LINK_DISCONNECTED);

  return self->state;
}

const char *
galley_order_link_get_state_name (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), NULL);

  return state_values[self->state].value_nick;
}

guint
galley_order_link_get_attempt (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), 0);

  return self->attempt;
}

/**
 * galley_order_link_get_next_retry:
 *
 * Returns: when the next attempt starts (monotonic µs), or 0
 */
gint64
galley_order_link_get_next_retry (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), 0);

  return self->next_retry;
}

/**
 * galley_order_link_get_last_frame:
 *
 * Returns: when the last frame arrived (monotonic µs), or 0
 */
gint64
galley_order_link_get_last_frame (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), 0);

  return self->last_frame;
}

/**
 * galley_order_link_get_last_error:
 *
 * Returns: (nullable): why the link is not live, in words for the person at the screen
 */
const char *
galley_order_link_get_last_error (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), NULL);

  return self->last_error;
}

guint
galley_order_link_get_reconnects (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), 0);

  return self->reconnects;
}

guint64
galley_order_link_get_frames_received (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), 0);

  return self->frames_received;
}

guint64
galley_order_link_get_frames_rejected (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), 0);

  return self->frames_rejected;
}
