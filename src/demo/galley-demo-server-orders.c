/* galley-demo-server-orders.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo server's orders: creation with the server's validation, totals and numbering,
 * status changes by the transition table, cash payments, the seeded order generator, the
 * simulation of other terminals, and the changes a restart hides from connected clients.
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include <math.h>
#include <string.h>

#include "demo/galley-demo-menu.h"
#include "demo/galley-demo-server-private.h"
#include "orders/galley-order-status.h"
#include "util/galley-json.h"
#include "util/galley-time.h"

#define N_TABLES            15
#define N_HISTORICAL        24
#define TAX_RATE            0.08
#define RESTAURANT_TIMEZONE "America/New_York"

static const char * const ui_types[] = { "dine-in", "takeout", "online", "drive-thru", "delivery" };

static const char * const item_keys[] = {
  "id", "menu_item_id", "name", "quantity", "price", "subtotal", "modifiers", "modifications",
  "notes", "special_instructions", "specialInstructions", NULL
};

void
_galley_demo_server_order_free (DemoOrder *order)
{
  g_free (order->id);
  json_object_unref (order->row);
  json_array_unref (order->history);
  g_free (order);
}

DemoOrder *
_galley_demo_server_find_order (GalleyDemoServer *self,
                                const char       *id)
{
  if (id == NULL)
    return NULL;

  return g_hash_table_lookup (self->orders_by_id, id);
}

JsonObject *
_galley_demo_server_find_item (GalleyDemoServer *self,
                               const char       *id)
{
  for (guint i = 0; self->items != NULL && i < json_array_get_length (self->items); i++)
    {
      JsonObject *item = json_array_get_object_element (self->items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "id"), id) == 0 ||
          g_strcmp0 (json_object_get_string_member (item, "menu_item_id"), id) == 0)
        return item;
    }

  return NULL;
}

JsonObject *
_galley_demo_server_find_table (GalleyDemoServer *self,
                                const char       *id)
{
  for (guint i = 0; self->tables != NULL && i < json_array_get_length (self->tables); i++)
    {
      JsonObject *table = json_array_get_object_element (self->tables, i);

      if (g_strcmp0 (json_object_get_string_member (table, "id"), id) == 0)
        return table;
    }

  return NULL;
}

static double
random_unit (GalleyDemoServer *self)
{
  return g_rand_double (self->rand);
}

static guint
random_below (GalleyDemoServer *self,
              guint             n)
{
  if (n <= 1)
    return 0;

  return (guint) g_rand_int_range (self->rand, 0, (gint32) n);
}

/* ------------------------------------------------------------------ creation */

static const char *
stored_type (const char *ui_type)
{
  /* spec §3.3 */
  if (ui_type == NULL)
    return "online";
  if (strcmp (ui_type, "drive-thru") == 0 || strcmp (ui_type, "takeout") == 0 ||
      strcmp (ui_type, "pickup") == 0)
    return "pickup";
  if (strcmp (ui_type, "delivery") == 0)
    return "delivery";

  return "online";
}

static gboolean
accepted_type (const char *type)
{
  static const char * const accepted[] = {
    "online", "kiosk", "voice", "drive-thru", "dine-in", "dine_in", "takeout", "delivery",
    "pickup", NULL
  };

  return g_strv_contains (accepted, type);
}

static void
field_error (JsonObject **errors,
             const char  *field,
             const char  *message)
{
  JsonArray *list;

  if (*errors == NULL)
    *errors = json_object_new ();

  list = galley_json_get_array (*errors, field);
  if (list == NULL)
    {
      list = json_array_new ();
      json_object_set_array_member (*errors, field, list);
    }
  json_array_add_string_element (list, message);
}

static gboolean
string_in_range (JsonObject *object,
                 const char *member,
                 gsize       min,
                 gsize       max)
{
  const char *value;
  glong len;

  if (galley_json_is_null_or_absent (object, member))
    return TRUE;

  if (!galley_json_get_string (object, member, &value))
    return FALSE;

  len = g_utf8_strlen (value, -1);

  return len >= (glong) min && len <= (glong) max;
}

static JsonObject *
copy_item (JsonObject  *item,
           guint        index,
           JsonObject **errors)
{
  g_autoptr(JsonObject) out = json_object_new ();
  g_autofree char *prefix = g_strdup_printf ("items.%u", index);
  const char *s;
  gint64 quantity;
  double price;

  if (!galley_json_get_string (item, "id", &s) || *s == '\0')
    field_error (errors, prefix, "id is required");
  if (!galley_json_get_string (item, "menu_item_id", &s) || *s == '\0')
    field_error (errors, prefix, "menu_item_id is required");
  if (!galley_json_get_string (item, "name", &s))
    field_error (errors, prefix, "name is required");
  if (!galley_json_get_int (item, "quantity", &quantity) || quantity < 1)
    field_error (errors, prefix, "quantity must be an integer of at least 1");
  if (!galley_json_get_number (item, "price", &price) || price < 0)
    field_error (errors, prefix, "price must be a number of at least 0");
  for (guint k = 0; k < 3; k++)
    {
      static const char * const note_keys[] = { "notes", "special_instructions",
                                                 "specialInstructions" };

      if (!string_in_range (item, note_keys[k], 0, 500))
        field_error (errors, prefix, "notes must be text of at most 500 characters");
    }
  if (!galley_json_is_null_or_absent (item, "modifiers") &&
      galley_json_get_array (item, "modifiers") == NULL)
    field_error (errors, prefix, "modifiers must be an array");
  if (!galley_json_is_null_or_absent (item, "modifications") &&
      galley_json_get_array (item, "modifications") == NULL)
    field_error (errors, prefix, "modifications must be an array");

  /* unknown keys are stripped, the rest is kept verbatim, in the creator's order */
  for (guint k = 0; item_keys[k] != NULL; k++)
    if (json_object_has_member (item, item_keys[k]))
      json_object_set_member (out, item_keys[k],
                              json_node_copy (json_object_get_member (item, item_keys[k])));

  return g_steal_pointer (&out);
}

/* spec §3.7, in integer cents */
static gint64
line_cents (JsonObject *item)
{
  double price = 0, mod_price = 0;
  gint64 quantity = 0, cents;
  JsonArray *modifiers;

  galley_json_get_number (item, "price", &price);
  galley_json_get_int (item, "quantity", &quantity);
  cents = galley_money_to_cents (price) * quantity;

  modifiers = galley_json_get_array (item, "modifiers");
  for (guint i = 0; modifiers != NULL && i < json_array_get_length (modifiers); i++)
    {
      JsonNode *node = json_array_get_element (modifiers, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          galley_json_get_number (json_node_get_object (node), "price", &mod_price))
        cents += galley_money_to_cents (mod_price) * quantity;
    }

  return cents;
}

static char *
next_order_number (GalleyDemoServer *self,
                   gint64            now_us)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (RESTAURANT_TIMEZONE);
  g_autoptr(GDateTime) now_utc = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now_local = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autofree char *date = g_date_time_format (now_utc, "%Y%m%d");
  gint64 midnight_us;
  guint count = 0;

  if (tz == NULL)
    tz = g_time_zone_new_offset (-5 * 3600);

  now_local = g_date_time_to_timezone (now_utc, tz);
  midnight = g_date_time_new (tz, g_date_time_get_year (now_local),
                              g_date_time_get_month (now_local),
                              g_date_time_get_day_of_month (now_local), 0, 0, 0);
  midnight_us = g_date_time_to_unix (midnight) * G_USEC_PER_SEC;

  /* [quirk] not transactional upstream; here the server is single-threaded */
  for (guint i = 0; i < self->orders->len; i++)
    {
      DemoOrder *order = g_ptr_array_index (self->orders, i);

      if (order->created_us >= midnight_us)
        count++;
    }

  return g_strdup_printf ("%s-%04u", date, count + 1);
}

static void
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static void
history_append (DemoOrder  *order,
                const char *from,
                const char *to,
                const char *notes,
                const char *at)
{
  JsonObject *entry = json_object_new ();

  set_string_or_null (entry, "from_status", from);
  json_object_set_string_member (entry, "to_status", to);
  set_string_or_null (entry, "notes", notes);
  json_object_set_string_member (entry, "created_at", at);
  json_array_add_object_element (order->history, entry);
}

static DemoOrder *
insert_order (GalleyDemoServer *self,
              JsonObject       *row,
              gint64            created_us)
{
  DemoOrder *order = g_new0 (DemoOrder, 1);

  order->id = g_strdup (json_object_get_string_member (row, "id"));
  order->row = json_object_ref (row);
  order->history = json_array_new ();
  order->created_us = created_us;

  g_ptr_array_add (self->orders, order);
  g_hash_table_insert (self->orders_by_id, order->id, order);

  return order;
}

/* Reads a create field under its camelCase name, or (when the quirk is off) its snake one. */
static JsonNode *
create_field (GalleyDemoServer *self,
              JsonObject       *body,
              const char       *camel,
              const char       *snake)
{
  JsonNode *node = NULL;

  if (json_object_has_member (body, camel))
    node = json_object_get_member (body, camel);
  else if (!self->drop_snake_case_create_fields && json_object_has_member (body, snake))
    node = json_object_get_member (body, snake);

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

static void
validate_create (GalleyDemoServer  *self,
                 JsonObject        *body,
                 JsonObject       **errors)
{
  static const char * const pairs[][2] = {
    { "customerName", "customer_name" }, { "customerEmail", "customer_email" },
    { "customerPhone", "customer_phone" },
  };
  const char *type;
  JsonNode *node;

  if (!galley_json_is_null_or_absent (body, "type") &&
      (!galley_json_get_string (body, "type", &type) || !accepted_type (type)))
    field_error (errors, "type", "Invalid order type");

  /* both spellings pass validation, whatever the quirk does with them afterwards */
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    for (guint k = 0; k < 2; k++)
      if (!string_in_range (body, pairs[i][k], i == 0 ? 1 : 0, i == 0 ? 100 : 254))
        field_error (errors, pairs[i][k], "Invalid text");

  for (guint k = 0; k < 2; k++)
    {
      const char *key = k == 0 ? "tableNumber" : "table_number";

      node = json_object_has_member (body, key) ? json_object_get_member (body, key) : NULL;
      if (node != NULL && !JSON_NODE_HOLDS_NULL (node) &&
          !(JSON_NODE_HOLDS_VALUE (node) &&
            (json_node_get_value_type (node) == G_TYPE_STRING ||
             json_node_get_value_type (node) == G_TYPE_INT64 ||
             json_node_get_value_type (node) == G_TYPE_DOUBLE)))
        field_error (errors, key, "Expected text or a number");
    }

  for (guint k = 0; k < 2; k++)
    {
      const char *key = k == 0 ? "seatNumber" : "seat_number";
      gint64 seat;

      if (!galley_json_is_null_or_absent (body, key) &&
          (!galley_json_get_int (body, key, &seat) || seat < 1))
        field_error (errors, key, "Expected an integer of at least 1");
    }

  if (!string_in_range (body, "notes", 0, 1000))
    field_error (errors, "notes", "Notes must be text of at most 1000 characters");

  if (!galley_json_is_null_or_absent (body, "tip") && !galley_json_get_number (body, "tip", NULL))
    field_error (errors, "tip", "Expected a number");

  if (!galley_json_is_null_or_absent (body, "metadata") &&
      galley_json_get_object (body, "metadata") == NULL)
    field_error (errors, "metadata", "Expected an object");
}

/**
 * _galley_demo_server_create_order:
 * @body: a create body (spec §4.3.1)
 * @field_errors: (out) (transfer full) (nullable): what was wrong, keyed by field
 *
 * Returns: (transfer none) (nullable): the new order, or %NULL if @body was invalid
 */
DemoOrder *
_galley_demo_server_create_order (GalleyDemoServer  *self,
                                  JsonObject        *body,
                                  gboolean           broadcast,
                                  JsonObject       **field_errors)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(JsonObject) errors = NULL;
  g_autoptr(JsonObject) metadata = NULL;
  g_autofree char *id = NULL, *number = NULL, *now = NULL;
  JsonArray *body_items;
  JsonObject *body_metadata;
  JsonNode *node;
  const char *ui_type = NULL;
  gint64 subtotal = 0, tax, tip = 0, now_us, seat;
  double tip_dollars = 0;
  DemoOrder *order;

  body_items = galley_json_get_array (body, "items");
  if (body_items == NULL || json_array_get_length (body_items) == 0)
    field_error (&errors, "items", "Array must contain at least 1 element(s)");

  for (guint i = 0; body_items != NULL && i < json_array_get_length (body_items); i++)
    {
      JsonNode *element = json_array_get_element (body_items, i);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_autofree char *field = g_strdup_printf ("items.%u", i);

          field_error (&errors, field, "Expected an object");
          continue;
        }
      json_array_add_object_element (items, copy_item (json_node_get_object (element), i,
                                                       &errors));
    }

  validate_create (self, body, &errors);

  if (errors != NULL)
    {
      if (field_errors != NULL)
        *field_errors = g_steal_pointer (&errors);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    subtotal += line_cents (json_array_get_object_element (items, i));
  tax = galley_money_to_cents (galley_cents_to_money (subtotal) * TAX_RATE);
  if (galley_json_get_number (body, "tip", &tip_dollars))
    tip = galley_money_to_cents (tip_dollars);

  galley_json_get_string (body, "type", &ui_type);

  body_metadata = galley_json_get_object (body, "metadata");
  if (body_metadata != NULL)
    {
      g_autoptr(JsonNode) meta_node = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonNode) meta_copy = NULL;

      json_node_set_object (meta_node, body_metadata);
      meta_copy = json_node_copy (meta_node);
      metadata = json_object_ref (json_node_get_object (meta_copy));
    }
  else
    metadata = json_object_new ();

  if (ui_type != NULL)
    {
      json_object_set_string_member (metadata, "originalType", ui_type);
      json_object_set_string_member (metadata, "uiType", ui_type);
    }
  if ((node = create_field (self, body, "customerEmail", "customer_email")) != NULL)
    json_object_set_member (metadata, "customerEmail", json_node_copy (node));
  if ((node = create_field (self, body, "customerPhone", "customer_phone")) != NULL)
    json_object_set_member (metadata, "customerPhone", json_node_copy (node));
  if (tip > 0)
    json_object_set_double_member (metadata, "tip", galley_cents_to_money (tip));

  now_us = _galley_demo_server_now_us (self);
  now = galley_time_format_db (now_us);
  id = _galley_demo_server_new_uuid (self);
  number = next_order_number (self, now_us);

  /* the field order of spec §3.4 */
  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "restaurant_id", GALLEY_DEMO_RESTAURANT_ID);
  json_object_set_string_member (row, "order_number", number);
  json_object_set_string_member (row, "type", stored_type (ui_type));
  json_object_set_string_member (row, "status", "pending");
  json_object_set_array_member (row, "items", g_steal_pointer (&items));
  json_object_set_double_member (row, "subtotal", galley_cents_to_money (subtotal));
  json_object_set_double_member (row, "tax", galley_cents_to_money (tax));
  json_object_set_double_member (row, "total_amount", galley_cents_to_money (subtotal + tax + tip));
  if (galley_json_get_string (body, "notes", NULL))
    json_object_set_member (row, "notes", json_node_copy (json_object_get_member (body, "notes")));
  else
    json_object_set_null_member (row, "notes");

  if ((node = create_field (self, body, "customerName", "customer_name")) != NULL)
    json_object_set_member (row, "customer_name", json_node_copy (node));
  else
    json_object_set_null_member (row, "customer_name");

  node = create_field (self, body, "tableNumber", "table_number");
  if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
    json_object_set_string_member (row, "table_number", json_node_get_string (node));
  else if (node != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               (gint64) json_node_get_double (node));

      json_object_set_string_member (row, "table_number", text);
    }
  else
    json_object_set_null_member (row, "table_number");

  node = create_field (self, body, "seatNumber", "seat_number");
  if (node != NULL && galley_json_get_int (body, json_object_has_member (body, "seatNumber")
                                                 ? "seatNumber" : "seat_number", &seat))
    json_object_set_int_member (row, "seat_number", seat);
  else
    json_object_set_null_member (row, "seat_number");

  json_object_set_object_member (row, "metadata", g_steal_pointer (&metadata));
  json_object_set_string_member (row, "created_at", now);
  json_object_set_string_member (row, "updated_at", now);
  json_object_set_null_member (row, "preparing_at");
  json_object_set_null_member (row, "ready_at");
  json_object_set_null_member (row, "completed_at");
  json_object_set_null_member (row, "cancelled_at");
  json_object_set_null_member (row, "scheduled_pickup_time");
  json_object_set_null_member (row, "auto_fire_time");
  json_object_set_boolean_member (row, "is_scheduled", FALSE);
  json_object_set_boolean_member (row, "manually_fired", FALSE);
  json_object_set_int_member (row, "version", 1);
  json_object_set_string_member (row, "payment_status", "unpaid");
  json_object_set_null_member (row, "payment_method");
  json_object_set_null_member (row, "payment_amount");
  json_object_set_null_member (row, "cash_received");
  json_object_set_null_member (row, "change_given");
  json_object_set_null_member (row, "payment_id");
  json_object_set_null_member (row, "check_closed_at");
  json_object_set_null_member (row, "closed_by_user_id");

  order = insert_order (self, row, now_us);
  history_append (order, NULL, "pending", NULL, now);
  self->orders_created++;

  if (broadcast)
    _galley_demo_server_broadcast_order (self, "order:created", order, NULL);

  return order;
}

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

static void
schedule_progress (GalleyDemoServer *self,
                   DemoOrder        *order)
{
  GalleyOrderStatus status;

  if (!self->auto_progress)
    return;

  status = galley_order_status_from_string (json_object_get_string_member (order->row, "status"));
  if (galley_order_status_is_final (status))
    return;

  _galley_demo_server_schedule (self, (gint64) (20 + random_below (self, 70)) * G_USEC_PER_SEC,
                                DEMO_TIMER_PROGRESS, 0, order->id, NULL);
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
  history_append (order, previous, status, notes, now);

  if (broadcast)
    _galley_demo_server_broadcast_order (self, "order:updated", order, previous);

  schedule_progress (self, order);

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

/* ------------------------------------------------------------------ generator */

static const char *
pick_type (GalleyDemoServer *self)
{
  double u = random_unit (self), acc = 0;

  for (guint i = 0; i < G_N_ELEMENTS (ui_types); i++)
    {
      acc += self->type_mix[i];
      if (u < acc)
        return ui_types[i];
    }

  return ui_types[0];
}

static JsonObject *
pick_option (GalleyDemoServer *self,
             JsonObject       *group)
{
  JsonArray *options = galley_json_get_array (group, "options");
  JsonObject *option, *out;

  if (options == NULL || json_array_get_length (options) == 0)
    return NULL;

  option = json_array_get_object_element (options,
                                          random_below (self, json_array_get_length (options)));
  out = json_object_new ();
  json_object_set_string_member (out, "id", json_object_get_string_member (option, "id"));
  json_object_set_string_member (out, "name", json_object_get_string_member (option, "name"));
  json_object_set_double_member (out, "price", json_object_get_double_member (option, "price"));
  json_object_set_string_member (out, "category", json_object_get_string_member (group, "name"));

  return out;
}

static JsonObject *
generate_line (GalleyDemoServer *self,
               guint             index)
{
  JsonObject *line = json_object_new ();
  JsonArray *modifiers = json_array_new ();
  JsonArray *groups;
  JsonObject *item = NULL;
  g_autofree char *line_id = g_strdup_printf ("line-%u", index + 1);
  guint n = json_array_get_length (self->items);

  /* any available item; the menu always has some */
  for (guint tries = 0; tries < 100 && item == NULL; tries++)
    {
      JsonObject *candidate = json_array_get_object_element (self->items, random_below (self, n));

      if (json_object_get_boolean_member (candidate, "available"))
        item = candidate;
    }
  g_assert (item != NULL);

  json_object_set_string_member (line, "id", line_id);
  json_object_set_string_member (line, "menu_item_id",
                                 json_object_get_string_member (item, "menu_item_id"));
  json_object_set_string_member (line, "name", json_object_get_string_member (item, "name"));
  json_object_set_int_member (line, "quantity", random_unit (self) < 0.8 ? 1 : 2 + random_below (self, 2));
  json_object_set_double_member (line, "price", json_object_get_double_member (item, "price"));

  groups = galley_json_get_array (item, "modifiers");
  for (guint g = 0; groups != NULL && g < json_array_get_length (groups); g++)
    {
      JsonObject *group = json_array_get_object_element (groups, g);
      JsonObject *option = NULL;

      if (json_object_get_boolean_member (group, "required") || random_unit (self) < 0.15)
        option = pick_option (self, group);
      if (option != NULL)
        json_array_add_object_element (modifiers, option);
    }
  json_object_set_array_member (line, "modifiers", modifiers);

  if (random_unit (self) < self->modifier_rate)
    {
      JsonArray *modifications = json_array_new ();
      GalleyDemoModClass cls = random_below (self, GALLEY_DEMO_MOD_N_CLASSES);
      const char *text = galley_demo_menu_modification (
        cls, random_below (self, galley_demo_menu_n_modifications (cls)));

      json_array_add_string_element (modifications, text);
      json_object_set_array_member (line, "modifications", modifications);
      if (cls == GALLEY_DEMO_MOD_ALLERGY)
        json_object_set_string_member (line, "special_instructions", text);
    }

  return line;
}

/**
 * _galley_demo_server_generate_one:
 *
 * Creates one realistic order from the seeded PRNG, as a guest or cashier would.
 *
 * Returns: (transfer none): the order
 */
DemoOrder *
_galley_demo_server_generate_one (GalleyDemoServer *self,
                                  gboolean          broadcast)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonArray *lines = json_array_new ();
  JsonObject *metadata = json_object_new ();
  const char *type = pick_type (self);
  guint n_lines = self->items_min + random_below (self, self->items_max - self->items_min + 1);
  g_autofree char *ref = _galley_demo_server_new_uuid (self);
  gboolean rush = random_unit (self) < 0.05;
  DemoOrder *order;

  for (guint i = 0; i < n_lines; i++)
    json_array_add_object_element (lines, generate_line (self, i));

  json_object_set_string_member (body, "type", type);
  json_object_set_array_member (body, "items", lines);
  if (strcmp (type, "dine-in") == 0)
    {
      g_autofree char *table = g_strdup_printf ("%u", 1 + random_below (self, N_TABLES));

      json_object_set_string_member (body, "tableNumber", table);
      if (random_unit (self) < 0.5)
        json_object_set_int_member (body, "seatNumber", 1 + random_below (self, 4));
    }
  else
    json_object_set_string_member (body, "customerName",
                                   galley_demo_menu_customer_name (
                                     random_below (self, galley_demo_menu_n_customer_names ())));

  if (rush)
    {
      json_object_set_string_member (body, "notes", "RUSH");
      json_object_set_boolean_member (metadata, "rush", TRUE);
    }
  json_object_set_string_member (metadata, "client_order_ref", ref);
  json_object_set_object_member (body, "metadata", metadata);

  order = _galley_demo_server_create_order (self, body, FALSE, NULL);
  g_assert (order != NULL);

  if (random_unit (self) < self->scheduled_rate)
    {
      gint64 now_us = _galley_demo_server_now_us (self);
      gint64 pickup = now_us + (gint64) (30 + random_below (self, 60)) * 60 * G_USEC_PER_SEC;
      g_autofree char *pickup_s = galley_time_format_db (pickup);
      g_autofree char *fire_s = galley_time_format_db (pickup - 15 * 60 * G_USEC_PER_SEC);

      json_object_set_string_member (order->row, "scheduled_pickup_time", pickup_s);
      json_object_set_string_member (order->row, "auto_fire_time", fire_s);
      json_object_set_boolean_member (order->row, "is_scheduled", TRUE);
    }

  self->orders_generated++;

  if (broadcast)
    _galley_demo_server_broadcast_order (self, "order:created", order, NULL);

  schedule_progress (self, order);

  return order;
}

/**
 * _galley_demo_server_schedule_next_generation:
 *
 * Arms the next arrival of the Poisson process at the configured rate (none at rate 0).
 */
void
_galley_demo_server_schedule_next_generation (GalleyDemoServer *self)
{
  double minutes;

  _galley_demo_server_cancel_timers (self, DEMO_TIMER_GENERATE);

  if (self->rate <= 0 || self->server == NULL)
    return;

  minutes = -log (1.0 - random_unit (self)) / self->rate;
  _galley_demo_server_schedule (self, (gint64) (minutes * 60.0 * G_USEC_PER_SEC),
                                DEMO_TIMER_GENERATE, 0, NULL, NULL);
}

/* Moves an order one step along the chain, as another terminal would. */
static gboolean
progress_one (GalleyDemoServer *self,
              DemoOrder        *order,
              gboolean          broadcast)
{
  GalleyOrderStatus status =
    galley_order_status_from_string (json_object_get_string_member_with_default (order->row,
                                                                                 "status", NULL));
  GalleyOrderStatus next;
  g_autoptr(GError) error = NULL;

  switch (status)
    {
    case GALLEY_ORDER_STATUS_NEW:
      next = GALLEY_ORDER_STATUS_PENDING;
      break;
    case GALLEY_ORDER_STATUS_PENDING:
      next = GALLEY_ORDER_STATUS_CONFIRMED;
      break;
    case GALLEY_ORDER_STATUS_CONFIRMED:
      next = GALLEY_ORDER_STATUS_PREPARING;
      break;
    case GALLEY_ORDER_STATUS_PREPARING:
      next = GALLEY_ORDER_STATUS_READY;
      break;
    case GALLEY_ORDER_STATUS_READY:
      next = random_unit (self) < 0.3 ? GALLEY_ORDER_STATUS_PICKED_UP
                                      : GALLEY_ORDER_STATUS_COMPLETED;
      break;
    case GALLEY_ORDER_STATUS_PICKED_UP:
      next = GALLEY_ORDER_STATUS_COMPLETED;
      break;
    case GALLEY_ORDER_STATUS_UNKNOWN:
    case GALLEY_ORDER_STATUS_COMPLETED:
    case GALLEY_ORDER_STATUS_CANCELLED:
    default:
      return FALSE;
    }

  if (!_galley_demo_server_change_status (self, order, galley_order_status_to_string (next),
                                          NULL, broadcast, &error))
    {
      g_warning ("Demo progression failed: %s", error->message);
      return FALSE;
    }

  return TRUE;
}

void
_galley_demo_server_progress_due (GalleyDemoServer *self,
                                  const char       *order_id)
{
  DemoOrder *order = _galley_demo_server_find_order (self, order_id);

  if (order == NULL || !self->auto_progress)
    return;

  if (progress_one (self, order, TRUE) &&
      g_strcmp0 (json_object_get_string_member (order->row, "status"), "completed") == 0 &&
      random_unit (self) < 0.5)
    {
      double total = 0;

      galley_json_get_number (order->row, "total_amount", &total);
      _galley_demo_server_pay_cash (self, order, ceil (total), TRUE, NULL);
    }
}

static DemoOrder *
pick_open_order (GalleyDemoServer *self)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new ();

  for (guint i = 0; i < self->orders->len; i++)
    {
      DemoOrder *order = g_ptr_array_index (self->orders, i);
      GalleyOrderStatus status = galley_order_status_from_string (
        json_object_get_string_member_with_default (order->row, "status", NULL));

      if (status != GALLEY_ORDER_STATUS_UNKNOWN && !galley_order_status_is_final (status))
        g_ptr_array_add (open, order);
    }

  if (open->len == 0)
    return NULL;

  return g_ptr_array_index (open, random_below (self, open->len));
}

/**
 * _galley_demo_server_apply_missed:
 *
 * Makes @count changes that no connected client hears of: new orders, legal progressions,
 * one cancel and one payment, as happen while a terminal is cut off.
 */
void
_galley_demo_server_apply_missed (GalleyDemoServer *self,
                                  guint             count)
{
  gboolean cancelled = FALSE, paid = FALSE;

  for (guint i = 0; i < count; i++)
    {
      DemoOrder *order = NULL;

      switch (i % 4)
        {
        case 0:
          _galley_demo_server_generate_one (self, FALSE);
          continue;

        case 2:
          if (!cancelled && (order = pick_open_order (self)) != NULL &&
              _galley_demo_server_change_status (self, order, "cancelled", "restart", FALSE, NULL))
            {
              cancelled = TRUE;
              continue;
            }
          break;

        case 3:
          if (!paid && (order = pick_open_order (self)) != NULL)
            {
              double total = 0;

              galley_json_get_number (order->row, "total_amount", &total);
              if (_galley_demo_server_pay_cash (self, order, total, FALSE, NULL))
                {
                  paid = TRUE;
                  continue;
                }
            }
          break;

        default:
          break;
        }

      order = pick_open_order (self);
      if (order == NULL || !progress_one (self, order, FALSE))
        _galley_demo_server_generate_one (self, FALSE);
    }
}

/**
 * _galley_demo_server_prune_orders:
 *
 * Forgets finished orders a day after they finished, so a demo server running for weeks
 * holds a bounded amount of memory.
 */
void
_galley_demo_server_prune_orders (GalleyDemoServer *self)
{
  gint64 cutoff = _galley_demo_server_now_us (self) - DEMO_FINISHED_KEEP_US;

  for (guint i = self->orders->len; i > 0; i--)
    {
      DemoOrder *order = g_ptr_array_index (self->orders, i - 1);
      GalleyOrderStatus status = galley_order_status_from_string (
        json_object_get_string_member_with_default (order->row, "status", NULL));
      gint64 updated = 0;

      if (!galley_order_status_is_final (status))
        continue;
      if (!galley_time_parse (json_object_get_string_member (order->row, "updated_at"), &updated) ||
          updated >= cutoff)
        continue;

      g_hash_table_remove (self->orders_by_id, order->id);
      g_ptr_array_remove_index (self->orders, i - 1);
    }
}

/* ------------------------------------------------------------------ seed data */

static JsonArray *
build_tables (void)
{
  JsonArray *tables = json_array_new ();

  for (guint i = 1; i <= N_TABLES; i++)
    {
      JsonObject *table = json_object_new ();
      g_autofree char *number = g_strdup_printf ("%u", i);
      g_autofree char *label = g_strdup_printf ("Table %u", i);
      g_autofree char *id = galley_demo_menu_uuid ("table", number);

      json_object_set_string_member (table, "id", id);
      json_object_set_string_member (table, "table_number", number);
      json_object_set_string_member (table, "label", label);
      json_object_set_string_member (table, "status", "available");
      json_object_set_int_member (table, "capacity", i <= 8 ? 4 : 6);
      json_array_add_object_element (tables, table);
    }

  return tables;
}

/**
 * _galley_demo_server_seed_data:
 *
 * The menu, the tables and a history of orders over every status (spec §7.1), made once.
 */
void
_galley_demo_server_seed_data (GalleyDemoServer *self)
{
  static const char * const chain[] = {
    "new", "pending", "confirmed", "preparing", "ready", "picked-up", "completed", "cancelled"
  };
  gint64 now_us = _galley_demo_server_now_us (self);

  if (self->items != NULL)
    return;

  self->categories = galley_demo_menu_build_categories ();
  self->items = galley_demo_menu_build_items (now_us);
  self->tables = build_tables ();

  for (guint i = 0; i < N_HISTORICAL; i++)
    {
      const char *target = chain[i % G_N_ELEMENTS (chain)];
      gint64 back = (gint64) (N_HISTORICAL - i) * 7 * 60 * G_USEC_PER_SEC;
      DemoOrder *order;

      /* make it as if it had been created a while ago */
      if (self->virtual_clock)
        self->virtual_now_us = now_us - back;
      order = _galley_demo_server_generate_one (self, FALSE);
      self->orders_generated--;   /* history, not traffic */
      order->created_us = now_us - back;
      if (!self->virtual_clock)
        {
          g_autofree char *created = galley_time_format_db (now_us - back);

          json_object_set_string_member (order->row, "created_at", created);
          json_object_set_string_member (order->row, "updated_at", created);
        }

      if (strcmp (target, "new") == 0)
        {
          json_object_set_string_member (order->row, "status", "new");
          continue;
        }

      while (g_strcmp0 (json_object_get_string_member (order->row, "status"), target) != 0)
        {
          GalleyOrderStatus steps[8];
          guint n = galley_order_status_path (
            galley_order_status_from_string (json_object_get_string_member (order->row, "status")),
            galley_order_status_from_string (target), steps, G_N_ELEMENTS (steps));

          if (n == 0)
            break;
          _galley_demo_server_change_status (self, order, galley_order_status_to_string (steps[0]),
                                             NULL, FALSE, NULL);
        }
    }

  if (self->virtual_clock)
    self->virtual_now_us = now_us;
}
