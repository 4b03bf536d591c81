/* galley-demo-server-ws-broadcast.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo server's broadcasts (spec/order-protocol.md §2.2): order events to the
 * authenticated sockets of the restaurant, with the suppress, reorder and duplicate faults,
 * and the faults that act on frames and links (spec §7.3): dropped connections, skipped
 * sequence numbers, malformed, unknown and oversized frames.
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include <string.h>

#include "demo/galley-demo-server-private.h"
#include "util/galley-json.h"

/* ------------------------------------------------------------------ broadcasts */

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  guint ia = GPOINTER_TO_UINT (a), ib = GPOINTER_TO_UINT (b);

  return ia < ib ? -1 : ia > ib;
}

/**
 * _galley_demo_server_broadcast_frame:
 *
 * Sends @frame to every authenticated client (of the demo restaurant: the only one).
 */
void
_galley_demo_server_broadcast_frame (GalleyDemoServer *self,
                                     JsonObject       *frame)
{
  g_autofree char *text = NULL;
  g_autoptr(GList) ids = NULL;
  const char *type = NULL;

  galley_json_get_string (frame, "type", &type);
  if (!self->seq_numbers)
    text = galley_json_object_to_string (frame);

  /* by ascending id, so transcripts do not depend on hash order */
  ids = g_hash_table_get_keys (self->clients);
  ids = g_list_sort (ids, compare_ids);
  for (GList *l = ids; l != NULL; l = l->next)
    {
      DemoClient *client = g_hash_table_lookup (self->clients, l->data);

      /* [quirk] case-sensitive string comparison of restaurant ids */
      if (!client->authenticated ||
          g_strcmp0 (client->restaurant_id, GALLEY_DEMO_RESTAURANT_ID) != 0)
        continue;

      if (text != NULL)
        _galley_demo_server_send_text (self, client, type, text);
      else
        _galley_demo_server_send_frame (self, client, frame);
    }
}

static JsonObject *
order_frame (GalleyDemoServer *self,
             const char       *type,
             DemoOrder        *order)
{
  JsonObject *payload = json_object_new ();

  /* a copy: a later change must not alter a frame that is held back or padded */
  json_object_set_object_member (payload, "order", _galley_demo_server_copy_object (order->row));

  return _galley_demo_server_new_frame_with_payload (self, type, payload);
}

/**
 * _galley_demo_server_broadcast_order:
 * @previous_status: (nullable): the status before a change, for `order:status_changed`
 *
 * Broadcasts an order event, applying the suppress, reorder and duplicate faults.
 */
void
_galley_demo_server_broadcast_order (GalleyDemoServer *self,
                                     const char       *type,
                                     DemoOrder        *order,
                                     const char       *previous_status)
{
  g_autoptr(JsonObject) frame = NULL;
  JsonObject *held;
  const char *status;

  if (self->down)
    return;

  if (self->suppress_count != 0)
    {
      if (self->suppress_count > 0)
        self->suppress_count--;
      g_debug ("Broadcast of %s suppressed", type);
      return;
    }

  frame = order_frame (self, type, order);

  if (self->reorder_window > 0)
    {
      held = g_hash_table_lookup (self->held_events, order->id);
      if (held == NULL)
        {
          /* hold this one back until a newer event for the same order goes out */
          g_hash_table_insert (self->held_events, g_strdup (order->id), g_steal_pointer (&frame));
          return;
        }

      _galley_demo_server_broadcast_frame (self, frame);
      _galley_demo_server_broadcast_frame (self, held);
      g_hash_table_remove (self->held_events, order->id);
      self->reorder_window--;
      return;
    }

  _galley_demo_server_broadcast_frame (self, frame);
  if (self->duplicate_count > 0)
    {
      self->duplicate_count--;
      _galley_demo_server_broadcast_frame (self, frame);
    }

  status = json_object_get_string_member_with_default (order->row, "status", NULL);
  if (self->extended_events && previous_status != NULL && g_strcmp0 (previous_status, status) != 0)
    {
      JsonObject *payload = json_object_new ();
      g_autoptr(JsonObject) changed = NULL;

      json_object_set_string_member (payload, "orderId", order->id);
      json_object_set_string_member (payload, "status", status);
      json_object_set_string_member (payload, "previousStatus", previous_status);
      changed = _galley_demo_server_new_frame_with_payload (self, "order:status_changed", payload);
      _galley_demo_server_broadcast_frame (self, changed);
    }
}

/* [Galley] order:item_status_changed, in the camelCase of upstream's consumer (spec §2.2) */
void
_galley_demo_server_broadcast_item_status (GalleyDemoServer *self,
                                           DemoOrder        *order,
                                           const char       *item_id,
                                           const char       *status,
                                           const char       *previous_status)
{
  JsonObject *payload = json_object_new ();
  g_autoptr(JsonObject) frame = NULL;

  if (self->down || self->suppress_count != 0)
    return;

  json_object_set_string_member (payload, "orderId", order->id);
  json_object_set_string_member (payload, "itemId", item_id);
  json_object_set_string_member (payload, "status", status);
  json_object_set_string_member (payload, "previousStatus", previous_status);
  frame = _galley_demo_server_new_frame_with_payload (self, "order:item_status_changed", payload);
  _galley_demo_server_broadcast_frame (self, frame);
}

void
_galley_demo_server_flush_held (GalleyDemoServer *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->held_events);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    _galley_demo_server_broadcast_frame (self, value);
  g_hash_table_remove_all (self->held_events);
}

/* ------------------------------------------------------------------ frame faults */

static void
each_authenticated (GalleyDemoServer *self,
                    void (*func) (GalleyDemoServer *self, DemoClient *client, gpointer data),
                    gpointer data)
{
  g_autoptr(GList) ids = g_list_sort (g_hash_table_get_keys (self->clients), compare_ids);

  for (GList *l = ids; l != NULL; l = l->next)
    {
      DemoClient *client = g_hash_table_lookup (self->clients, l->data);

      if (client != NULL && client->authenticated && _galley_demo_server_client_open (client))
        func (self, client, data);
    }
}

static void
drop_one (GalleyDemoServer *self,
          DemoClient       *client,
          gpointer          data)
{
  const struct { GalleyDemoDropMode mode; gushort code; const char *reason; } *drop = data;

  switch (drop->mode)
    {
    case GALLEY_DEMO_DROP_CLOSE:
      _galley_demo_server_close_client (client, drop->code, drop->reason);
      break;

    case GALLEY_DEMO_DROP_ABORT:
      _galley_demo_server_abort_client (client);
      break;

    case GALLEY_DEMO_DROP_SILENT:
      client->silent = TRUE;
      soup_websocket_connection_set_keepalive_interval (client->conn, 0);
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * galley_demo_server_drop_connections:
 * @mode: close (with @code and @reason), abort (TCP reset) or silent (stop answering)
 *
 * Breaks every open link.
 */
void
galley_demo_server_drop_connections (GalleyDemoServer   *self,
                                     GalleyDemoDropMode  mode,
                                     gushort             code,
                                     const char         *reason)
{
  struct { GalleyDemoDropMode mode; gushort code; const char *reason; } drop = {
    mode, code != 0 ? code : SOUP_WEBSOCKET_CLOSE_GOING_AWAY, reason != NULL ? reason : ""
  };
  g_autoptr(GList) ids = NULL;

  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  /* unauthenticated sockets too: a dropped link is a dropped link */
  ids = g_hash_table_get_keys (self->clients);
  for (GList *l = ids; l != NULL; l = l->next)
    {
      DemoClient *client = g_hash_table_lookup (self->clients, l->data);

      if (client != NULL && _galley_demo_server_client_open (client))
        drop_one (self, client, &drop);
    }
}

static void
send_raw (GalleyDemoServer *self,
          DemoClient       *client,
          gpointer          data)
{
  const char * const *pair = data;   /* { type for the counters, text } */

  _galley_demo_server_send_text (self, client, pair[0], pair[1]);
}

/**
 * galley_demo_server_skip_seq:
 *
 * [Galley] With seq_numbers on, every client's next frame skips @count sequence numbers, as
 * if frames had been lost on the way: the client must see the gap and resync (R-SYNC-9).
 */
void
galley_demo_server_skip_seq (GalleyDemoServer *self,
                             guint             count)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((DemoClient *) value)->seq += count;
}

/**
 * galley_demo_server_send_malformed:
 *
 * Sends @count bad frames of @kind to every authenticated client.
 */
void
galley_demo_server_send_malformed (GalleyDemoServer        *self,
                                   GalleyDemoMalformedKind  kind,
                                   guint                    count)
{
  static const char * const texts[] = {
    [GALLEY_DEMO_MALFORMED_TRUNCATED] = "{\"type\":\"order:created\",\"payload\":{\"order\":{\"id\":\"6f1c",
    [GALLEY_DEMO_MALFORMED_NOT_JSON] = "this is not JSON",
    [GALLEY_DEMO_MALFORMED_NOT_OBJECT] = "[\"order:created\",42]",
    [GALLEY_DEMO_MALFORMED_NO_TYPE] = "{\"payload\":{\"order\":{}},\"timestamp\":\"2025-11-05T18:04:12.101Z\"}",
    [GALLEY_DEMO_MALFORMED_WRONG_PAYLOAD_TYPE] = "{\"type\":\"order:created\",\"payload\":\"oops\",\"timestamp\":\"2025-11-05T18:04:12.101Z\"}",
  };
  const char *pair[2];

  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));
  g_return_if_fail (kind <= GALLEY_DEMO_MALFORMED_WRONG_PAYLOAD_TYPE);

  pair[0] = "(malformed)";
  pair[1] = texts[kind];
  for (guint i = 0; i < count; i++)
    each_authenticated (self, send_raw, pair);
}

/**
 * galley_demo_server_send_unknown_type:
 *
 * Sends @count well-formed frames of a type the protocol does not define.
 */
void
galley_demo_server_send_unknown_type (GalleyDemoServer *self,
                                      const char       *type,
                                      guint             count)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(JsonObject) frame =
        _galley_demo_server_new_frame (self, type != NULL ? type : "kds:hello");

      _galley_demo_server_broadcast_frame (self, frame);
    }
}

/**
 * galley_demo_server_send_oversized:
 * @bytes: the frame size (a valid order event padded in "notes")
 *
 * Sends one oversized text frame to every authenticated client.
 */
void
galley_demo_server_send_oversized (GalleyDemoServer *self,
                                   gsize             bytes)
{
  g_autoptr(JsonObject) frame = NULL;
  g_autofree char *padding = NULL;
  DemoOrder *order;

  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));
  g_return_if_fail (self->rand != NULL);

  if (bytes == 0)
    bytes = 2 * 1024 * 1024;

  order = self->orders->len > 0 ? g_ptr_array_index (self->orders, self->orders->len - 1)
                                : _galley_demo_server_generate_one (self, FALSE);
  frame = order_frame (self, "order:updated", order);
  padding = g_malloc (bytes + 1);
  memset (padding, 'x', bytes);
  padding[bytes] = '\0';
  json_object_set_string_member (json_object_get_object_member (
                                   json_object_get_object_member (frame, "payload"), "order"),
                                 "notes", padding);
  _galley_demo_server_broadcast_frame (self, frame);
}
