/* galley-demo-server-ws.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo server's order WebSocket (spec/order-protocol.md §1-2): the connections, sending
 * frames, the first-frame auth handshake, app-level ping/pong, orders:sync and the 60 s
 * protocol heartbeat with its isAlive rule. Broadcasts and the faults that act on frames are
 * in galley-demo-server-ws-broadcast.c.
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include <string.h>
#include <sys/socket.h>

#include "demo/galley-demo-server-private.h"
#include "util/galley-json.h"
#include "util/galley-validate.h"

#define SERVER_MAX_INCOMING (5 * 1024 * 1024)
#define AUTH_TIMEOUT_US     (10 * G_USEC_PER_SEC)

void
_galley_demo_server_client_free (DemoClient *client)
{
  g_clear_signal_handler (&client->message_id, client->conn);
  g_clear_signal_handler (&client->closed_id, client->conn);
  g_clear_signal_handler (&client->pong_id, client->conn);
  g_clear_signal_handler (&client->error_id, client->conn);
  g_clear_object (&client->conn);
  g_free (client->peer);
  g_free (client->restaurant_id);
  g_free (client);
}

/* libsoup sends protocol pings in whole seconds: half the sweep interval, at least 1 s */
static guint
keepalive_s (GalleyDemoServer *self)
{
  return MAX (1, self->heartbeat_ms / 2000);
}

gboolean
_galley_demo_server_client_open (DemoClient *client)
{
  return client->conn != NULL &&
         soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_OPEN;
}

/**
 * _galley_demo_server_send_text:
 * @type: the frame's type, for the counters
 *
 * Sends (or, with the delay fault, schedules) one text frame to @client.
 */
void
_galley_demo_server_send_text (GalleyDemoServer *self,
                               DemoClient       *client,
                               const char       *type,
                               const char       *text)
{
  if (client->silent || !_galley_demo_server_client_open (client))
    return;

  _galley_demo_server_count (self->frames_out, type != NULL ? type : "(none)");
  _galley_demo_server_log (self, "ws-out", client->id, NULL, NULL, text);

  if (self->ws_delay_ms > 0 || self->delay_jitter_ms > 0)
    {
      gint64 delay = (gint64) self->ws_delay_ms * 1000;

      if (self->delay_jitter_ms > 0)
        delay += (gint64) g_rand_int_range (self->rand, 0, (gint32) self->delay_jitter_ms) * 1000;
      _galley_demo_server_schedule (self, delay, DEMO_TIMER_WS_FRAME, client->id, text, NULL);
      return;
    }

  soup_websocket_connection_send_text (client->conn, text);
}

void
_galley_demo_server_ws_frame_due (GalleyDemoServer *self,
                                  guint             client_id,
                                  const char       *text)
{
  DemoClient *client = g_hash_table_lookup (self->clients, GUINT_TO_POINTER (client_id));

  if (client != NULL && !client->silent && _galley_demo_server_client_open (client))
    soup_websocket_connection_send_text (client->conn, text);
}

/**
 * _galley_demo_server_send_frame:
 *
 * Serialises @frame (adding the client's next "seq" when that extension is on) and sends it.
 */
void
_galley_demo_server_send_frame (GalleyDemoServer *self,
                                DemoClient       *client,
                                JsonObject       *frame)
{
  g_autofree char *text = NULL;
  const char *type = NULL;

  if (self->seq_numbers)
    json_object_set_int_member (frame, "seq", (gint64) ++client->seq);

  galley_json_get_string (frame, "type", &type);
  text = galley_json_object_to_string (frame);
  _galley_demo_server_send_text (self, client, type != NULL ? type : "(error)", text);
}

/* {"type", "timestamp"}: members are added after these */
JsonObject *
_galley_demo_server_new_frame (GalleyDemoServer *self,
                               const char       *type)
{
  JsonObject *frame = json_object_new ();
  g_autofree char *now = _galley_demo_server_now_js (self);

  json_object_set_string_member (frame, "type", type);
  json_object_set_string_member (frame, "timestamp", now);

  return frame;
}

/* {"type", "payload", "timestamp"}, in upstream's member order; takes @payload */
JsonObject *
_galley_demo_server_new_frame_with_payload (GalleyDemoServer *self,
                                            const char       *type,
                                            JsonObject       *payload)
{
  JsonObject *frame = json_object_new ();
  g_autofree char *now = _galley_demo_server_now_js (self);

  json_object_set_string_member (frame, "type", type);
  json_object_set_object_member (frame, "payload", payload);
  json_object_set_string_member (frame, "timestamp", now);

  return frame;
}

void
_galley_demo_server_close_client (DemoClient *client,
                                  gushort     code,
                                  const char *reason)
{
  if (_galley_demo_server_client_open (client))
    soup_websocket_connection_close (client->conn, code, reason);
}

/* Drops the TCP connection with a reset and no close frame, as `terminate()` and a crash do. */
void
_galley_demo_server_abort_client (DemoClient *client)
{
  GIOStream *stream;

  if (client->conn == NULL ||
      soup_websocket_connection_get_state (client->conn) == SOUP_WEBSOCKET_STATE_CLOSED)
    return;

  stream = soup_websocket_connection_get_io_stream (client->conn);
  if (G_IS_SOCKET_CONNECTION (stream))
    {
      GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));
      struct linger lg = { 1, 0 };

      if (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &lg, sizeof lg) != 0)
        g_debug ("SO_LINGER failed: %s", g_strerror (errno));
    }

  /* libsoup sees the stream fail and emits "closed" with no code */
  g_io_stream_close (stream, NULL, NULL);   /* errors do not matter: the socket is gone */
}

/* {"type", "error", "timestamp"}, the order of upstream's auth replies */
static JsonObject *
new_error_frame (GalleyDemoServer *self,
                 const char       *type,
                 const char       *error)
{
  JsonObject *frame = json_object_new ();
  g_autofree char *now = _galley_demo_server_now_js (self);

  json_object_set_string_member (frame, "type", type);
  json_object_set_string_member (frame, "error", error);
  json_object_set_string_member (frame, "timestamp", now);

  return frame;
}

static void
auth_failed (GalleyDemoServer *self,
             DemoClient       *client,
             const char       *why)
{
  g_autoptr(JsonObject) frame = new_error_frame (self, "auth:failed", "Authentication failed");

  g_debug ("Client %u: auth failed (%s)", client->id, why);
  self->auth_failed++;
  _galley_demo_server_send_frame (self, client, frame);
  _galley_demo_server_close_client (client, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                    "Authentication failed");
}

static void
auth_required (GalleyDemoServer *self,
               DemoClient       *client)
{
  g_autoptr(JsonObject) frame = new_error_frame (self, "error", "Authentication required");

  self->auth_failed++;
  _galley_demo_server_send_frame (self, client, frame);
  _galley_demo_server_close_client (client, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                    "Authentication required");
}

/* Binds the socket to a restaurant if the token and ids pass (spec §1.2). */
static gboolean
authenticate (GalleyDemoServer *self,
              DemoClient       *client,
              const char       *token,
              const char       *frame_restaurant,
              const char      **why)
{
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GError) error = NULL;
  const char *claim_restaurant = NULL;
  const char *restaurant;

  claims = _galley_demo_server_verify_token (self, token, &error);
  if (claims == NULL)
    {
      *why = "invalid token";
      return FALSE;
    }

  /* STRICT_AUTH: the token must name a restaurant */
  if (!galley_json_get_string (claims, "restaurant_id", &claim_restaurant))
    {
      *why = "token without restaurant_id";
      return FALSE;
    }

  if (frame_restaurant != NULL && !self->auth_frame_overrides_claim &&
      g_strcmp0 (frame_restaurant, claim_restaurant) != 0)
    {
      *why = "restaurant differs from the token's";
      return FALSE;
    }

  /* [quirk] the frame's id wins without a cross-check */
  restaurant = frame_restaurant != NULL ? frame_restaurant : claim_restaurant;
  if (!galley_is_uuid (restaurant))
    {
      *why = "restaurant id is not a UUID";
      return FALSE;
    }

  g_free (client->restaurant_id);
  client->restaurant_id = g_strdup (restaurant);
  client->authenticated = TRUE;
  client->alive = TRUE;

  return TRUE;
}

static void
handle_auth (GalleyDemoServer *self,
             DemoClient       *client,
             JsonObject       *frame)
{
  const char *token = NULL, *restaurant = NULL, *why = NULL;
  g_autoptr(JsonObject) reply = NULL;

  switch (self->reject_auth)
    {
    case GALLEY_DEMO_REJECT_AUTH_FAILED:
      auth_failed (self, client, "fault");
      return;

    case GALLEY_DEMO_REJECT_AUTH_REQUIRED:
      auth_required (self, client);
      return;

    case GALLEY_DEMO_REJECT_CLOSE_1008_ONLY:
      self->auth_failed++;
      _galley_demo_server_close_client (client, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                        "Authentication failed");
      return;

    case GALLEY_DEMO_REJECT_NO_REPLY:
      return;

    case GALLEY_DEMO_REJECT_NONE:
    default:
      break;
    }

  galley_json_get_string (frame, "token", &token);
  galley_json_get_string (frame, "restaurant_id", &restaurant);

  if (!authenticate (self, client, token, restaurant, &why))
    {
      auth_failed (self, client, why);
      return;
    }

  self->auth_ok++;
  reply = _galley_demo_server_new_frame (self, "auth:success");
  _galley_demo_server_send_frame (self, client, reply);
}

static void
handle_authenticated (GalleyDemoServer *self,
                      DemoClient       *client,
                      const char       *type,
                      JsonObject       *frame)
{
  g_autoptr(JsonObject) reply = NULL;

  if (g_strcmp0 (type, "ping") == 0)
    {
      reply = json_object_new ();
      json_object_set_string_member (reply, "type", "pong");
    }
  else if (g_strcmp0 (type, "orders:sync") == 0)
    {
      JsonObject *payload = json_object_new ();

      json_object_set_string_member (payload, "status", "synced");
      if (!self->sync_complete_empty)
        {
          JsonArray *orders = json_array_new ();

          for (guint i = 0; i < self->orders->len; i++)
            {
              DemoOrder *order = g_ptr_array_index (self->orders, i);

              json_array_add_object_element (orders, json_object_ref (order->row));
            }
          json_object_set_array_member (payload, "orders", orders);
        }
      reply = _galley_demo_server_new_frame_with_payload (self, "sync_complete", payload);
    }
  else if (g_strcmp0 (type, "order:update_status") == 0 ||
           g_strcmp0 (type, "order:update_item_status") == 0 ||
           g_strcmp0 (type, "auth") == 0)
    {
      /* upstream logs these and does nothing */
      g_debug ("Client %u: %s ignored", client->id, type);
      return;
    }
  else
    {
      JsonObject *payload = json_object_new ();

      json_object_set_string_member (payload, "message", "Unknown message type");
      if (type != NULL)
        json_object_set_string_member (payload, "type", type);
      else
        json_object_set_null_member (payload, "type");
      reply = _galley_demo_server_new_frame_with_payload (self, "error", payload);
    }

  _galley_demo_server_send_frame (self, client, reply);
}

static void
message_cb (SoupWebsocketConnection *conn,
            SoupWebsocketDataType    data_type,
            GBytes                  *message,
            gpointer                 user_data)
{
  DemoClient *client = user_data;
  GalleyDemoServer *self = client->server;
  g_autoptr(JsonObject) frame = NULL;
  g_autofree char *text = NULL;
  const char *type = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (message, &size);

  if (client->silent)
    return;

  text = g_strndup (data, size);
  _galley_demo_server_log (self, "ws-in", client->id, NULL, NULL, text);

  frame = data_type == SOUP_WEBSOCKET_DATA_TEXT ? galley_json_parse_object (text, -1, NULL) : NULL;
  if (frame == NULL)
    {
      g_autoptr(JsonObject) reply = json_object_new ();

      self->malformed_in++;
      _galley_demo_server_count (self->frames_in, "(invalid)");
      json_object_set_string_member (reply, "error", "Invalid message format");
      _galley_demo_server_send_frame (self, client, reply);
      return;
    }

  galley_json_get_string (frame, "type", &type);
  _galley_demo_server_count (self->frames_in, type != NULL ? type : "(none)");

  if (!client->authenticated)
    {
      if (g_strcmp0 (type, "auth") == 0)
        handle_auth (self, client, frame);
      else
        auth_required (self, client);
      return;
    }

  handle_authenticated (self, client, type, frame);
}

static void
pong_cb (SoupWebsocketConnection *conn,
         GBytes                  *message,
         gpointer                 user_data)
{
  DemoClient *client = user_data;

  client->alive = TRUE;
  client->alive_us = g_get_monotonic_time ();
}

static void
error_cb (SoupWebsocketConnection *conn,
          GError                  *error,
          gpointer                 user_data)
{
  DemoClient *client = user_data;

  g_debug ("Client %u: %s", client->id, error->message);
}

static void
closed_cb (SoupWebsocketConnection *conn,
           gpointer                 user_data)
{
  DemoClient *client = user_data;
  GalleyDemoServer *self = client->server;

  g_debug ("Client %u closed (code %u)", client->id,
           soup_websocket_connection_get_close_code (conn));
  _galley_demo_server_log (self, "ws-close", client->id, NULL, NULL, NULL);

  /* frees the client; libsoup holds its own reference across this emission */
  g_hash_table_remove (self->clients, GUINT_TO_POINTER (client->id));
}

/**
 * _galley_demo_server_ws_cb:
 *
 * A client completed the upgrade (the HTTP handler already refused it during a simulated
 * restart): greet it and wait for its auth frame.
 */
void
_galley_demo_server_ws_cb (SoupServer              *server,
                           SoupServerMessage       *msg,
                           const char              *path,
                           SoupWebsocketConnection *conn,
                           gpointer                 user_data)
{
  GalleyDemoServer *self = user_data;
  DemoClient *client = g_new0 (DemoClient, 1);
  g_autoptr(JsonObject) greeting = NULL;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);

  client->server = self;
  client->id = ++self->next_client_id;
  client->conn = g_object_ref (conn);
  client->peer = g_strdup (soup_server_message_get_remote_host (msg));
  /* as upstream's isAlive: a new socket gets a full sweep to answer its first ping */
  client->alive = TRUE;
  client->alive_us = g_get_monotonic_time ();
  g_hash_table_insert (self->clients, GUINT_TO_POINTER (client->id), client);
  self->connections_opened++;

  soup_websocket_connection_set_max_incoming_payload_size (conn, SERVER_MAX_INCOMING);
  /* protocol pings twice per sweep, so a live peer always answered one since the last sweep */
  if (!self->virtual_clock)
    soup_websocket_connection_set_keepalive_interval (conn, keepalive_s (self));

  client->message_id = g_signal_connect (conn, "message", G_CALLBACK (message_cb), client);
  client->closed_id = g_signal_connect (conn, "closed", G_CALLBACK (closed_cb), client);
  client->pong_id = g_signal_connect (conn, "pong", G_CALLBACK (pong_cb), client);
  client->error_id = g_signal_connect (conn, "error", G_CALLBACK (error_cb), client);

  _galley_demo_server_log (self, "ws-open", client->id, NULL, path, query);
  g_debug ("Client %u connected from %s", client->id, client->peer);

  /* legacy ?token= authentication (upstream logs a deprecation warning) */
  if (query != NULL)
    {
      g_autoptr(GHashTable) params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
      const char *token = params != NULL ? g_hash_table_lookup (params, "token") : NULL;
      const char *why = NULL;

      if (token != NULL && authenticate (self, client, token, NULL, &why))
        {
          g_message ("Client %u authenticated with a URL token (deprecated)", client->id);
          self->auth_ok++;
        }
    }

  greeting = _galley_demo_server_new_frame (self, "connected");
  json_object_set_boolean_member (greeting, "auth_required", !client->authenticated);
  _galley_demo_server_send_frame (self, client, greeting);

  if (!self->no_auth_timeout && !client->authenticated)
    _galley_demo_server_schedule (self, AUTH_TIMEOUT_US, DEMO_TIMER_AUTH_TIMEOUT, client->id,
                                  NULL, NULL);
}

void
_galley_demo_server_auth_timeout (GalleyDemoServer *self,
                                  guint             client_id)
{
  DemoClient *client = g_hash_table_lookup (self->clients, GUINT_TO_POINTER (client_id));

  if (client != NULL && !client->authenticated)
    _galley_demo_server_close_client (client, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                      "Authentication timeout");
}

/**
 * _galley_demo_server_heartbeat:
 *
 * The 60 s sweep: a socket that answered no protocol ping since the last sweep is
 * terminated (no close frame). The virtual clock sends no protocol pings, so it only marks.
 * Pings go out in whole seconds, so with a sweep shorter than two ping intervals (tests
 * shorten it) a socket is also given two ping intervals since its last pong. A socket made
 * silent by the drop_connection fault plays a hung server, which reaps nothing.
 */
void
_galley_demo_server_heartbeat (GalleyDemoServer *self)
{
  GHashTableIter iter;
  gpointer value;
  g_autoptr(GPtrArray) dead = g_ptr_array_new ();
  gint64 grace_us = 2 * (gint64) keepalive_s (self) * G_USEC_PER_SEC;
  gint64 now = g_get_monotonic_time ();

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      DemoClient *client = value;

      if (!_galley_demo_server_client_open (client) || client->silent)
        continue;

      if (!client->alive && !self->virtual_clock && now - client->alive_us > grace_us)
        g_ptr_array_add (dead, client);
      else
        client->alive = self->virtual_clock;
    }

  for (guint i = 0; i < dead->len; i++)
    {
      DemoClient *client = g_ptr_array_index (dead, i);

      g_message ("Terminating dead connection %u", client->id);
      _galley_demo_server_abort_client (client);
    }
}

/**
 * _galley_demo_server_close_all:
 *
 * Starts the close handshake on every socket; each client is freed when its "closed" comes.
 */
void
_galley_demo_server_close_all (GalleyDemoServer *self,
                               gushort           code,
                               const char       *reason)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    _galley_demo_server_close_client (value, code, reason);
}

