/* galley-demo-server-status.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo server's order and item status changes by the transition table (spec §3.6),
 * with their timestamps and history, and cash payments with the table they close.
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include "demo/galley-demo-server-private.h"
#include "orders/galley-order-status.h"
#include "util/galley-json.h"

/* ------------------------------------------------------------------ status and payment */

static const char *
timestamp_column (GalleyOrderStatus status)
{
  switch (status)
    {
    case GALLEY_ORDER_STATUS_PREPARING:
      return "preparing_at";
    case GALLEY_ORDER_STATUS_READY:
      return "ready_at";
    case GALLEY_ORDER_STATUS_COMPLETED:
      return "completed_at";
    case GALLEY_ORDER_STATUS_CANCELLED:
      return "cancelled_at";
    case GALLEY_ORDER_STATUS_UNKNOWN:
    case GALLEY_ORDER_STATUS_NEW:
    case GALLEY_ORDER_STATUS_PENDING:
    case GALLEY_ORDER_STATUS_CONFIRMED:
    case GALLEY_ORDER_STATUS_PICKED_UP:
    default:
      return NULL;
    }
}

/**
 * _galley_demo_server_change_status:
 *
 * Applies one transition as `PATCH /orders/:id/status` does (spec §3.2): version + 1,
 * updated_at, the timestamp column, a history row, and `order:updated`.
 */
gboolean
_galley_demo_server_change_status (GalleyDemoServer  *self,
                                   DemoOrder         *order,
                                   const char        *status,
                                   const char        *notes,
                                   gboolean           broadcast,
                                   GError           **error)
{
  GalleyOrderStatus to = galley_order_status_from_string (status);
  g_autofree char *previous = NULL, *now = NULL;
  GalleyOrderStatus from;
  const char *column;

  if (to == GALLEY_ORDER_STATUS_UNKNOWN)
    {
      g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID,
                   "Invalid status: %s", status != NULL ? status : "(none)");
      return FALSE;
    }

  previous = g_strdup (json_object_get_string_member_with_default (order->row, "status", NULL));
  from = galley_order_status_from_string (previous);

  if (!galley_order_status_can_transition (from, to))
    {
      g_autofree char *valid = galley_order_status_valid_next (from);

      g_set_error (error, GALLEY_DEMO_SERVER_ERROR,
                   self->strict_transitions ? GALLEY_DEMO_SERVER_ERROR_TRANSITION
                                            : GALLEY_DEMO_SERVER_ERROR_CONFLICT,
                   "Invalid state transition: %s → %s. Valid next states: %s",
                   previous != NULL ? previous : "null", status, valid);
      return FALSE;
    }

  now = _galley_demo_server_now_db (self);
  json_object_set_string_member (order->row, "status", status);
  json_object_set_string_member (order->row, "updated_at", now);
  json_object_set_int_member (order->row, "version",
                              json_object_get_int_member_with_default (order->row, "version", 1) + 1);
  column = timestamp_column (to);
  if (column != NULL)
    json_object_set_string_member (order->row, column, now);
  if (to == GALLEY_ORDER_STATUS_PREPARING &&
      json_object_get_boolean_member_with_default (order->row, "is_scheduled", FALSE))
    json_object_set_boolean_member (order->row, "manually_fired", TRUE);
  _galley_demo_server_history_append (order, previous, status, notes, now);

  if (broadcast)
    _galley_demo_server_broadcast_order (self, "order:updated", order, previous);

  _galley_demo_server_schedule_progress (self, order);

  return TRUE;
}

/**
 * _galley_demo_server_change_item_status:
 *
 * [Galley extension] A line's status ("pending", "preparing", "ready"), kept in the line's
 * "status" member. The order gets a new version and `order:updated`, and with the
 * extended_events flag `order:item_status_changed` as well.
 */
gboolean
_galley_demo_server_change_item_status (GalleyDemoServer  *self,
                                        DemoOrder         *order,
                                        const char        *item_id,
                                        const char        *status,
                                        gboolean           broadcast,
                                        GError           **error)
{
  JsonArray *items = galley_json_get_array (order->row, "items");
  JsonObject *item = NULL;
  g_autofree char *previous = NULL, *now = NULL;

  for (guint i = 0; items != NULL && i < json_array_get_length (items) && item == NULL; i++)
    {
      JsonObject *candidate = json_array_get_object_element (items, i);

      if (candidate != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (candidate, "id", NULL),
                     item_id) == 0)
        item = candidate;
    }

  if (item == NULL)
    {
      g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID,
                   "Order item not found");
      return FALSE;
    }

  previous = g_strdup (json_object_get_string_member_with_default (item, "status", "pending"));
  now = _galley_demo_server_now_db (self);
  json_object_set_string_member (item, "status", status);
  json_object_set_string_member (order->row, "updated_at", now);
  json_object_set_int_member (order->row, "version",
                              json_object_get_int_member_with_default (order->row, "version", 1) + 1);

  if (broadcast)
    {
      _galley_demo_server_broadcast_order (self, "order:updated", order, NULL);
      if (self->extended_events)
        _galley_demo_server_broadcast_item_status (self, order, item_id, status, previous);
    }

  return TRUE;
}

static void
update_table_paid (GalleyDemoServer *self,
                   const char       *table_number,
                   gboolean          broadcast)
{
  JsonObject *table = NULL;

  if (table_number == NULL)
    return;

  for (guint i = 0; i < self->orders->len; i++)
    {
      DemoOrder *order = g_ptr_array_index (self->orders, i);
      const char *status = json_object_get_string_member_with_default (order->row, "status", "");

      if (g_strcmp0 (json_object_get_string_member_with_default (order->row, "table_number", NULL),
                     table_number) == 0 &&
          g_strcmp0 (status, "cancelled") != 0 &&
          g_strcmp0 (json_object_get_string_member (order->row, "payment_status"), "paid") != 0)
        return;
    }

  for (guint i = 0; i < json_array_get_length (self->tables); i++)
    {
      JsonObject *t = json_array_get_object_element (self->tables, i);

      if (g_strcmp0 (json_object_get_string_member (t, "table_number"), table_number) == 0)
        table = t;
    }

  if (table == NULL)
    return;

  json_object_set_string_member (table, "status", "paid");

  if (broadcast)
    {
      g_autoptr(JsonObject) frame = json_object_new ();
      JsonObject *payload = json_object_new ();
      g_autofree char *now = _galley_demo_server_now_js (self);

      json_object_set_string_member (payload, "table_id",
                                     json_object_get_string_member (table, "id"));
      json_object_set_string_member (payload, "status", "paid");
      json_object_set_string_member (payload, "table_number", table_number);
      json_object_set_string_member (payload, "label",
                                     json_object_get_string_member (table, "label"));
      json_object_set_string_member (frame, "type", "table:status_updated");
      json_object_set_object_member (frame, "payload", payload);
      json_object_set_string_member (frame, "timestamp", now);
      _galley_demo_server_broadcast_frame (self, frame);
    }
}

/**
 * _galley_demo_server_pay_cash:
 *
 * Marks an order paid in cash (`POST /payments/cash`) and re-broadcasts it; paying the last
 * open order of a table also sends `table:status_updated`.
 */
gboolean
_galley_demo_server_pay_cash (GalleyDemoServer  *self,
                              DemoOrder         *order,
                              double             received,
                              gboolean           broadcast,
                              GError           **error)
{
  double total = 0;
  gint64 total_cents, received_cents;
  g_autofree char *now = NULL;

  if (g_strcmp0 (json_object_get_string_member (order->row, "payment_status"), "paid") == 0)
    {
      g_set_error_literal (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_CONFLICT,
                           "Order is already paid");
      return FALSE;
    }

  galley_json_get_number (order->row, "total_amount", &total);
  total_cents = galley_money_to_cents (total);
  received_cents = galley_money_to_cents (received);
  if (received_cents < total_cents)
    {
      g_set_error_literal (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID,
                           "Amount received is less than the order total");
      return FALSE;
    }

  now = _galley_demo_server_now_db (self);
  json_object_set_string_member (order->row, "updated_at", now);
  json_object_set_string_member (order->row, "payment_status", "paid");
  json_object_set_string_member (order->row, "payment_method", "cash");
  json_object_set_double_member (order->row, "payment_amount", galley_cents_to_money (total_cents));
  json_object_set_double_member (order->row, "cash_received", galley_cents_to_money (received_cents));
  json_object_set_double_member (order->row, "change_given",
                                 galley_cents_to_money (received_cents - total_cents));
  json_object_set_string_member (order->row, "check_closed_at", now);

  if (broadcast)
    _galley_demo_server_broadcast_order (self, "order:updated", order, NULL);

  update_table_paid (self,
                     json_object_get_string_member_with_default (order->row, "table_number", NULL),
                     broadcast);

  return TRUE;
}
