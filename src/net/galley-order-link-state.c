/* galley-order-link-state.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyOrderLink's state machine (spec §6.1-6.4): the state and its notifications, the
 * reconnect schedule with jittered backoff, the handshake and its cancellable, and the
 * teardown that clears every timer made obsolete by a change of state (R-RECON-6).
 */
#define G_LOG_DOMAIN "galley-order-link"

#include <glib/gi18n.h>
#include <string.h>

#include "net/galley-backoff.h"
#include "net/galley-order-link-private.h"
#include "util/galley-source.h"
#include "util/galley-time.h"
#include "util/galley-weak.h"

/* ------------------------------------------------------------------ state */

void
_galley_order_link_set_state (GalleyOrderLink *self,
                              GalleyLinkState  state)
{
  if (self->state == state)
    return;

  g_debug ("State %s → %s (attempt %u)", _galley_order_link_state_nick (self->state),
           _galley_order_link_state_nick (state), self->attempt);
  self->state = state;
  _galley_order_link_notify (self, PROP_STATE);
}

void
_galley_order_link_set_last_error (GalleyOrderLink *self,
                                   const char      *error)
{
  if (g_strcmp0 (self->last_error, error) == 0)
    return;

  g_free (self->last_error);
  self->last_error = g_strdup (error);
  _galley_order_link_notify (self, PROP_LAST_ERROR);
}

void
_galley_order_link_set_attempt (GalleyOrderLink *self,
                                guint            attempt)
{
  if (self->attempt == attempt)
    return;

  self->attempt = attempt;
  _galley_order_link_notify (self, PROP_ATTEMPT);
}

void
_galley_order_link_set_next_retry (GalleyOrderLink *self,
                                   gint64           next_retry)
{
  if (self->next_retry == next_retry)
    return;

  self->next_retry = next_retry;
  _galley_order_link_notify (self, PROP_NEXT_RETRY);
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
void
_galley_order_link_teardown_connection (GalleyOrderLink *self,
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

static gboolean
retry_cb (gpointer user_data)
{
  GalleyOrderLink *self = user_data;

  self->retry_id = 0;
  _galley_order_link_set_next_retry (self, 0);
  self->reconnects++;
  _galley_order_link_notify (self, PROP_RECONNECTS);
  _galley_order_link_connect_now (self);

  return G_SOURCE_REMOVE;
}

/* A failure that is worth retrying: close, count the attempt, wait per R-RECON-1. */
void
_galley_order_link_schedule_retry (GalleyOrderLink *self,
                                   const char      *reason)
{
  guint delay;

  _galley_order_link_teardown_connection (self, FALSE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  _galley_order_link_set_last_error (self, reason);

  if (g_hash_table_size (self->subscribers) == 0)
    {
      _galley_order_link_set_next_retry (self, 0);
      _galley_order_link_set_state (self, GALLEY_LINK_DISCONNECTED);
      return;
    }

  _galley_order_link_set_attempt (self, self->attempt + 1);
  if (self->timings.max_attempts > 0 && self->attempt > self->timings.max_attempts)
    {
      g_message ("Gave up after %u attempts: %s", self->timings.max_attempts, reason);
      _galley_order_link_set_next_retry (self, 0);
      _galley_order_link_set_state (self, GALLEY_LINK_STOPPED);
      return;
    }

  delay = galley_backoff_delay_ms (self->attempt, g_rand_double (self->rand),
                                   self->timings.backoff_base_ms, self->timings.backoff_cap_ms);
  g_debug ("Retrying in %u ms (attempt %u): %s", delay, self->attempt, reason);
  _galley_order_link_set_next_retry (self, g_get_monotonic_time () + (gint64) delay * 1000);
  self->retry_id =
    galley_timeout_add_named ("galley-order-link-retry", delay, retry_cb, self, NULL);
  _galley_order_link_set_state (self, GALLEY_LINK_WAITING);
}

void
_galley_order_link_enter_auth_failed (GalleyOrderLink *self,
                                      const char      *reason)
{
  _galley_order_link_teardown_connection (self, FALSE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  _galley_order_link_set_next_retry (self, 0);
  _galley_order_link_set_last_error (self, reason);
  g_message ("Sign-in refused: no automatic retries until Galley is signed in again");
  _galley_order_link_set_state (self, GALLEY_LINK_AUTH_FAILED);
}

/* Nobody wants orders any more, or the object is going away: close with 1000 and stop. */
static void
disconnect (GalleyOrderLink *self)
{
  _galley_order_link_teardown_connection (self, TRUE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);
  _galley_order_link_set_next_retry (self, 0);
  _galley_order_link_set_attempt (self, 0);
  _galley_order_link_set_state (self, GALLEY_LINK_DISCONNECTED);
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
  _galley_order_link_send_frame (self, frame);
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
      _galley_order_link_schedule_retry (self, _("Galley cannot reach the restaurant server. "
                                                 "Reconnecting."));
      return;
    }

  self->conn = g_steal_pointer (&conn);
  soup_websocket_connection_set_max_incoming_payload_size (self->conn,
                                                           GALLEY_LINK_MESSAGE_MAX_SIZE);
  soup_websocket_connection_set_keepalive_interval (self->conn, 0);
  self->message_id =
    g_signal_connect (self->conn, "message", G_CALLBACK (_galley_order_link_message_cb), self);
  self->closed_id =
    g_signal_connect (self->conn, "closed", G_CALLBACK (_galley_order_link_closed_cb), self);
  self->error_id =
    g_signal_connect (self->conn, "error", G_CALLBACK (_galley_order_link_error_cb), self);

  _galley_order_link_set_state (self, GALLEY_LINK_AUTHENTICATING);
  send_auth (self);
  self->auth_id = galley_timeout_add_named ("galley-order-link-auth", self->timings.auth_timeout_ms,
                                            _galley_order_link_auth_timeout_cb, self, NULL);
  _galley_order_link_arm_deadline (self);
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

void
_galley_order_link_connect_now (GalleyOrderLink *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;

  _galley_order_link_teardown_connection (self, FALSE);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);

  if (self->config_error != NULL)
    {
      _galley_order_link_set_last_error (self, self->config_error);
      _galley_order_link_set_state (self, GALLEY_LINK_STOPPED);
      return;
    }

  if (self->token == NULL)
    {
      _galley_order_link_enter_auth_failed (self,
                                            _("Galley is not signed in. Sign in to see orders."));
      return;
    }

  url = websocket_url (self);
  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      _galley_order_link_set_last_error (self, _("The restaurant server address is not valid. "
                                                 "Check Preferences."));
      _galley_order_link_set_state (self, GALLEY_LINK_STOPPED);
      return;
    }

  _galley_order_link_set_state (self, GALLEY_LINK_CONNECTING);
  self->connect_cancellable = g_cancellable_new ();
  self->handshake_id =
    galley_timeout_add_named ("galley-order-link-handshake", self->timings.handshake_timeout_ms,
                              _galley_order_link_handshake_timeout_cb, self, NULL);
  soup_session_websocket_connect_async (galley_net_session_get_soup (self->session), msg, NULL,
                                        NULL, G_PRIORITY_DEFAULT, self->connect_cancellable,
                                        connected_cb, galley_weak_new (self));
}

gboolean
_galley_order_link_grace_cb (gpointer user_data)
{
  GalleyOrderLink *self = user_data;

  self->grace_id = 0;
  g_debug ("No subscriber left: closing");
  disconnect (self);

  return G_SOURCE_REMOVE;
}
