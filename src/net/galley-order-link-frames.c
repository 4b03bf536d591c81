/* galley-order-link-frames.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyOrderLink's frames and heartbeat (spec §1, §6.2): the app-level ping, the stale
 * deadline, the auth and handshake timeouts, incoming frames checked and dispatched to the
 * subscribers, and the socket's close and error signals.
 */
#define G_LOG_DOMAIN "galley-order-link"

#include <glib/gi18n.h>

#include "net/galley-order-link-private.h"
#include "util/galley-json.h"
#include "util/galley-source.h"
#include "util/galley-time.h"

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
  g_ptr_array_sort (ids, _galley_order_link_compare_ids);

  g_object_ref (self);
  for (guint i = 0; i < ids->len; i++)
    {
      Subscriber *subscriber = g_hash_table_lookup (self->subscribers, g_ptr_array_index (ids, i));

      if (subscriber != NULL)
        subscriber->handler (message, subscriber->user_data);
    }
  g_object_unref (self);
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
  _galley_order_link_schedule_retry (self, reason);

  return G_SOURCE_REMOVE;
}

void
_galley_order_link_arm_deadline (GalleyOrderLink *self)
{
  g_clear_handle_id (&self->deadline_id, g_source_remove);
  self->deadline_id = galley_timeout_add_named ("galley-order-link-deadline",
                                                self->timings.dead_after_ms, deadline_cb,
                                                self, NULL);
}

void
_galley_order_link_send_frame (GalleyOrderLink *self,
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
  _galley_order_link_send_frame (self, frame);

  return G_SOURCE_CONTINUE;
}

gboolean
_galley_order_link_auth_timeout_cb (gpointer user_data)
{
  GalleyOrderLink *self = user_data;

  self->auth_id = 0;
  /* R-LIVE-3: a network failure, not an auth failure */
  _galley_order_link_schedule_retry (self, _("The restaurant server did not answer Galley's "
                                             "sign-in. Reconnecting."));

  return G_SOURCE_REMOVE;
}

gboolean
_galley_order_link_handshake_timeout_cb (gpointer user_data)
{
  GalleyOrderLink *self = user_data;

  self->handshake_id = 0;
  _galley_order_link_schedule_retry (self, _("The restaurant server did not answer in time. "
                                             "Reconnecting."));

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
          g_debug ("auth:success while %s: ignored", _galley_order_link_state_nick (self->state));
          return;
        }
      g_clear_handle_id (&self->auth_id, g_source_remove);
      g_clear_handle_id (&self->ping_id, g_source_remove);
      self->ping_id = galley_timeout_add_named ("galley-order-link-ping",
                                                self->timings.ping_interval_ms, ping_cb,
                                                self, NULL);
      _galley_order_link_set_state (self, GALLEY_LINK_SYNCING);
      dispatch (self, message);
      return;

    case GALLEY_LINK_MESSAGE_AUTH_FAILED:
      _galley_order_link_enter_auth_failed (self, _("The restaurant server did not accept Galley's "
                                                    "sign-in. Sign in again."));
      return;

    case GALLEY_LINK_MESSAGE_SERVER_ERROR:
      if (g_strcmp0 (message->error, "Authentication required") == 0)
        {
          _galley_order_link_enter_auth_failed (self, _("The restaurant server asked Galley to "
                                                        "sign in again."));
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

void
_galley_order_link_message_cb (SoupWebsocketConnection *conn,
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
  _galley_order_link_notify (self, PROP_LAST_FRAME);
  _galley_order_link_arm_deadline (self);

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

void
_galley_order_link_closed_cb (SoupWebsocketConnection *conn,
                              gpointer                 user_data)
{
  GalleyOrderLink *self = user_data;
  gushort code = soup_websocket_connection_get_close_code (conn);
  const char *reason = soup_websocket_connection_get_close_data (conn);

  g_debug ("Socket closed with code %u (%s)", code, reason != NULL ? reason : "");

  if (code == SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION)
    {
      /* 1008: bad credentials. Never a retry loop (R-RECON-3). */
      _galley_order_link_enter_auth_failed (self, _("The restaurant server did not accept Galley's "
                                                    "sign-in. Sign in again."));
      return;
    }

  if (code == SOUP_WEBSOCKET_CLOSE_TOO_BIG)
    _galley_order_link_schedule_retry (self, _("The restaurant server sent more than Galley "
                                               "accepts. Reconnecting."));
  else if (code == SOUP_WEBSOCKET_CLOSE_GOING_AWAY)
    _galley_order_link_schedule_retry (self,
                                       _("The restaurant server is restarting. Reconnecting."));
  else
    _galley_order_link_schedule_retry (self, _("The connection to the restaurant server was lost. "
                                               "Reconnecting."));
}

void
_galley_order_link_error_cb (SoupWebsocketConnection *conn,
                             GError                  *error,
                             gpointer                 user_data)
{
  g_debug ("Socket error: %s", error->message);
}
