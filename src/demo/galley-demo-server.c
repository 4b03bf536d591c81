/* galley-demo-server.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An in-process restaurant server speaking the protocol of spec/order-protocol.md (§7 is its
 * contract): REST and the order WebSocket on one loopback port, orders generated from a
 * seeded PRNG, upstream quirks on by default, and fault hooks for the tests. This file holds
 * the object, its lifecycle and its public API; the clock and timer queue, stats and
 * transcript (-clock.c), users and tokens (-users.c), settings (-settings.c), REST (-http*.c),
 * WebSocket (-ws.c) and order logic (-orders.c and its satellites) live in satellite files.
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include "demo/galley-demo-server-private.h"

/* Virtual time starts here, so deterministic runs produce the same timestamps. */
#define VIRTUAL_EPOCH_US (G_GINT64_CONSTANT (1762362000) * G_USEC_PER_SEC)  /* 2025-11-05T17:00Z */

G_DEFINE_QUARK (galley-demo-server-error-quark, galley_demo_server_error)

G_DEFINE_FINAL_TYPE (GalleyDemoServer, galley_demo_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PORT,
  PROP_SEED,
  PROP_RATE,
  PROP_VIRTUAL_CLOCK,
  PROP_AUTO_PROGRESS,
  PROP_HEARTBEAT_MS,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ GObject */

static void
galley_demo_server_dispose (GObject *object)
{
  GalleyDemoServer *self = GALLEY_DEMO_SERVER (object);

  /* 1. sources; 4. streams: stop() removes the timer, closes every socket and the listener */
  galley_demo_server_stop (self);
  g_clear_handle_id (&self->timer_id, g_source_remove);

  G_OBJECT_CLASS (galley_demo_server_parent_class)->dispose (object);
}

static void
galley_demo_server_finalize (GObject *object)
{
  GalleyDemoServer *self = GALLEY_DEMO_SERVER (object);

  g_assert (self->timer_id == 0);
  g_assert (self->server == NULL);
  g_assert (self->listener == NULL);
  g_assert (g_hash_table_size (self->clients) == 0);

  g_queue_clear_full (&self->timers, (GDestroyNotify) _galley_demo_server_timer_free);
  g_queue_clear_full (&self->log, (GDestroyNotify) json_object_unref);
  g_clear_pointer (&self->clients, g_hash_table_unref);
  g_clear_pointer (&self->orders_by_id, g_hash_table_unref);
  g_clear_pointer (&self->orders, g_ptr_array_unref);
  g_clear_pointer (&self->idempotency, g_hash_table_unref);
  g_clear_pointer (&self->categories, json_array_unref);
  g_clear_pointer (&self->items, json_array_unref);
  g_clear_pointer (&self->tables, json_array_unref);
  g_clear_pointer (&self->refresh_tokens, g_hash_table_unref);
  g_clear_pointer (&self->pin_failures, g_hash_table_unref);
  g_clear_pointer (&self->pin_locked_until, g_hash_table_unref);
  g_clear_pointer (&self->delay_path, g_free);
  g_clear_pointer (&self->stall_paths, g_ptr_array_unref);
  g_clear_pointer (&self->stalled, g_ptr_array_unref);
  g_clear_pointer (&self->rest_error_path, g_free);
  g_clear_pointer (&self->held_events, g_hash_table_unref);
  g_clear_pointer (&self->frames_in, g_hash_table_unref);
  g_clear_pointer (&self->frames_out, g_hash_table_unref);
  g_clear_pointer (&self->rest_counts, g_hash_table_unref);
  g_clear_pointer (&self->realtime_calls_us, g_array_unref);
  g_clear_pointer (&self->realtime_secrets, g_hash_table_unref);
  g_clear_pointer (&self->rand, g_rand_free);

  G_OBJECT_CLASS (galley_demo_server_parent_class)->finalize (object);
}

static void
galley_demo_server_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GalleyDemoServer *self = GALLEY_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_PORT:
      g_value_set_uint (value, self->server != NULL ? self->port : self->port_requested);
      break;

    case PROP_SEED:
      g_value_set_int64 (value, self->seed);
      break;

    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;

    case PROP_VIRTUAL_CLOCK:
      g_value_set_boolean (value, self->virtual_clock);
      break;

    case PROP_AUTO_PROGRESS:
      g_value_set_boolean (value, self->auto_progress);
      break;

    case PROP_HEARTBEAT_MS:
      g_value_set_uint (value, self->heartbeat_ms);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->server != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_demo_server_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GalleyDemoServer *self = GALLEY_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_PORT:
      self->port_requested = g_value_get_uint (value);
      break;

    case PROP_SEED:
      self->seed = g_value_get_int64 (value);
      if (self->rand != NULL && self->seed >= 0)
        g_rand_set_seed (self->rand, (guint32) self->seed);
      break;

    case PROP_RATE:
      self->rate = g_value_get_double (value);
      if (self->server != NULL)
        _galley_demo_server_schedule_next_generation (self);
      break;

    case PROP_VIRTUAL_CLOCK:
      self->virtual_clock = g_value_get_boolean (value);
      break;

    case PROP_AUTO_PROGRESS:
      self->auto_progress = g_value_get_boolean (value);
      break;

    case PROP_HEARTBEAT_MS:
      self->heartbeat_ms = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_demo_server_class_init (GalleyDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = galley_demo_server_dispose;
  object_class->finalize = galley_demo_server_finalize;
  object_class->get_property = galley_demo_server_get_property;
  object_class->set_property = galley_demo_server_set_property;

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEED] =
    g_param_spec_int64 ("seed", NULL, NULL, -1, G_MAXUINT32, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, 0.0, 6000.0, 2.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIRTUAL_CLOCK] =
    g_param_spec_boolean ("virtual-clock", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_PROGRESS] =
    g_param_spec_boolean ("auto-progress", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEARTBEAT_MS] =
    g_param_spec_uint ("heartbeat-ms", NULL, NULL, 10, G_MAXUINT, 60000,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_demo_server_init (GalleyDemoServer *self)
{
  self->seed = -1;
  self->rate = 2.0;
  self->heartbeat_ms = 60000;
  self->items_min = 1;
  self->items_max = 6;
  self->modifier_rate = 0.4;
  self->scheduled_rate = 0.05;
  self->edit_rate = 0.1;
  self->type_mix[0] = 0.50;
  self->type_mix[1] = 0.20;
  self->type_mix[2] = 0.15;
  self->type_mix[3] = 0.10;
  self->type_mix[4] = 0.05;

  self->strict_transitions = TRUE;
  self->sync_complete_empty = TRUE;
  self->drop_snake_case_create_fields = TRUE;
  self->auth_frame_overrides_claim = TRUE;
  self->no_auth_timeout = TRUE;

  self->virtual_now_us = VIRTUAL_EPOCH_US;
  g_queue_init (&self->timers);
  g_queue_init (&self->log);

  self->clients = g_hash_table_new_full (NULL, NULL, NULL,
                                         (GDestroyNotify) _galley_demo_server_client_free);
  self->orders = g_ptr_array_new_with_free_func ((GDestroyNotify) _galley_demo_server_order_free);
  self->orders_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->realtime_rate_limit = 20;
  self->realtime_calls_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->realtime_secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->idempotency = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->refresh_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pin_failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pin_locked_until = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->stall_paths = g_ptr_array_new_with_free_func (g_free);
  self->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  self->held_events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) json_object_unref);
  self->frames_in = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->frames_out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rest_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* ------------------------------------------------------------------ public API */

/**
 * galley_demo_server_new:
 *
 * Returns: (transfer full): a stopped demo server with the defaults of spec §7.2
 */
GalleyDemoServer *
galley_demo_server_new (void)
{
  return g_object_new (GALLEY_TYPE_DEMO_SERVER, NULL);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  GalleyDemoServer *self = user_data;
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  g_autoptr(GError) error = NULL;

  if (self->server == NULL ||
      !soup_server_accept_iostream (self->server, G_IO_STREAM (connection), local, remote, &error))
    g_debug ("Connection not accepted: %s", error != NULL ? error->message : "server stopped");

  return TRUE;
}

/**
 * galley_demo_server_start:
 *
 * Seeds the data, listens on 127.0.0.1 (port 0 picks a free one) and starts generating.
 *
 * Returns: whether the server is listening
 */
gboolean
galley_demo_server_start (GalleyDemoServer  *self,
                          GError           **error)
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSocketService) listener = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), FALSE);

  if (self->server != NULL)
    return TRUE;

  if (self->seed < 0)
    {
      self->seed = g_random_int ();
      g_message ("Demo server seed: %" G_GINT64_FORMAT " (use it to repeat this run)",
                 self->seed);
    }
  /* one stream for the object's life: reseeding on a restart would replay the ids in use */
  if (self->rand == NULL)
    self->rand = g_rand_new_with_seed ((guint32) self->seed);

  server = soup_server_new ("server-header", "galley-demo-server ", NULL);
  soup_server_add_handler (server, NULL, _galley_demo_server_http_cb, self, NULL);
  soup_server_add_websocket_handler (server, NULL, NULL, NULL,
                                     _galley_demo_server_ws_cb, self, NULL);

  /* Listen with our own GSocketService and hand each connection to the SoupServer: libsoup
   * 3.2.3's listener never releases an accepted GSocket nor its local address (fixed in 3.4). */
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, (guint16) self->port_requested);
  listener = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (listener), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, &local_error))
    {
      g_socket_listener_close (G_SOCKET_LISTENER (listener));
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Cannot listen on 127.0.0.1:%u: ", self->port_requested);
      return FALSE;
    }
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->listener = g_steal_pointer (&listener);
  self->incoming_id = g_signal_connect (self->listener, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->listener);

  self->server = g_steal_pointer (&server);
  self->down = FALSE;

  _galley_demo_server_seed_data (self);
  _galley_demo_server_schedule (self, (gint64) self->heartbeat_ms * 1000,
                                DEMO_TIMER_HEARTBEAT, 0, NULL, NULL);
  _galley_demo_server_schedule_next_generation (self);
  _galley_demo_server_schedule_edits (self);

  g_debug ("Demo server listening on http://127.0.0.1:%u", self->port);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  return TRUE;
}

/**
 * galley_demo_server_stop:
 *
 * Closes every WebSocket with 1001 "Server shutting down", answers stalled requests, stops
 * every timer and the listener. Safe to call twice.
 */
void
galley_demo_server_stop (GalleyDemoServer *self)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  if (self->server == NULL)
    return;

  _galley_demo_server_cancel_timers (self, DEMO_TIMER_REST_RESUME);   /* answers delayed calls */
  _galley_demo_server_close_all (self, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "Server shutting down");
  /* clients still closing are let go: their sockets close with the connection objects */
  g_hash_table_remove_all (self->clients);
  _galley_demo_server_release_stalled (self);

  g_queue_clear_full (&self->timers, (GDestroyNotify) _galley_demo_server_timer_free);
  g_clear_handle_id (&self->timer_id, g_source_remove);

  g_clear_signal_handler (&self->incoming_id, self->listener);
  g_socket_service_stop (self->listener);
  g_socket_listener_close (G_SOCKET_LISTENER (self->listener));
  g_clear_object (&self->listener);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gboolean
galley_demo_server_get_running (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), FALSE);

  return self->server != NULL;
}

guint
galley_demo_server_get_port (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), 0);

  return self->port;
}

/**
 * galley_demo_server_dup_base_url:
 *
 * Returns: (transfer full): "http://127.0.0.1:PORT"
 */
char *
galley_demo_server_dup_base_url (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), NULL);

  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

gint64
galley_demo_server_get_seed (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), -1);

  return self->seed;
}

const char *
galley_demo_server_get_restaurant_id (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), NULL);

  return GALLEY_DEMO_RESTAURANT_ID;
}

guint
galley_demo_server_get_orders_generated (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), 0);

  return self->orders_generated;
}

guint
galley_demo_server_get_n_orders (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), 0);

  return self->orders->len;
}

guint
galley_demo_server_get_clients (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), 0);

  return g_hash_table_size (self->clients);
}

guint
galley_demo_server_get_clients_authenticated (GalleyDemoServer *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), 0);

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += ((DemoClient *) value)->authenticated;

  return n;
}

/**
 * galley_demo_server_generate:
 *
 * Creates @count orders now, as the generator would, and broadcasts them.
 */
void
galley_demo_server_generate (GalleyDemoServer *self,
                             guint             count)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));
  g_return_if_fail (self->rand != NULL);

  for (guint i = 0; i < count; i++)
    _galley_demo_server_generate_one (self, TRUE);
}

/**
 * galley_demo_server_dup_orders:
 *
 * Returns: (transfer full): copies of every order row, oldest first
 */
JsonArray *
galley_demo_server_dup_orders (GalleyDemoServer *self)
{
  JsonArray *array;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), NULL);

  array = json_array_sized_new (self->orders->len);
  for (guint i = 0; i < self->orders->len; i++)
    {
      DemoOrder *order = g_ptr_array_index (self->orders, i);

      json_array_add_object_element (array, _galley_demo_server_copy_object (order->row));
    }

  return array;
}

/**
 * galley_demo_server_dup_order:
 *
 * Returns: (transfer full) (nullable): a copy of the order row with @id
 */
JsonObject *
galley_demo_server_dup_order (GalleyDemoServer *self,
                              const char       *id)
{
  DemoOrder *order;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), NULL);

  order = _galley_demo_server_find_order (self, id);
  if (order == NULL)
    return NULL;

  return _galley_demo_server_copy_object (order->row);
}

/**
 * galley_demo_server_set_order_status:
 * @broadcast: whether connected clients hear of it (FALSE: a change they miss)
 *
 * Changes an order's status as another terminal would, with the transition rules.
 */
gboolean
galley_demo_server_set_order_status (GalleyDemoServer  *self,
                                     const char        *id,
                                     const char        *status,
                                     gboolean           broadcast,
                                     GError           **error)
{
  DemoOrder *order;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), FALSE);

  order = _galley_demo_server_find_order (self, id);
  if (order == NULL)
    {
      g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID,
                   "No order %s", id);
      return FALSE;
    }

  return _galley_demo_server_change_status (self, order, status, NULL, broadcast, error);
}
