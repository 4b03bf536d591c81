/* galley-demo-server-orders.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo server's orders: lookup, and creation with the server's validation, totals and
 * numbering. Status changes and payments are in galley-demo-server-status.c, the generator and
 * the simulation of other terminals in galley-demo-server-generator.c.
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include <string.h>

#include "demo/galley-demo-server-private.h"
#include "util/galley-json.h"
#include "util/galley-time.h"

#define TAX_RATE            0.08
#define RESTAURANT_TIMEZONE "America/New_York"

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

/**
 * _galley_demo_server_line_set_member:
 * @node: (transfer full): the value
 *
 * Sets a member of an order line, adding a new one at its place in the order of spec §3.5
 * (as creation stores them) rather than at the end.
 */
void
_galley_demo_server_line_set_member (JsonObject *line,
                                     const char *name,
                                     JsonNode   *node)
{
  g_autoptr(GPtrArray) later = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  guint rank, k;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  for (k = 0; item_keys[k] != NULL && strcmp (item_keys[k], name) != 0; k++)
    ;
  rank = k;

  if (json_object_has_member (line, name) || item_keys[rank] == NULL)
    {
      json_object_set_member (line, name, node);
      return;
    }

  /* the members that belong after @name (and any extension) move behind it */
  json_object_iter_init_ordered (&iter, line);
  while (json_object_iter_next_ordered (&iter, &member, &value))
    {
      for (k = 0; item_keys[k] != NULL && strcmp (item_keys[k], member) != 0; k++)
        ;
      if (k > rank)
        {
          g_ptr_array_add (later, g_strdup (member));
          g_ptr_array_add (nodes, json_node_ref (value));
        }
    }
  for (guint i = 0; i < later->len; i++)
    json_object_remove_member (line, g_ptr_array_index (later, i));

  json_object_set_member (line, name, node);
  for (guint i = 0; i < later->len; i++)
    json_object_set_member (line, g_ptr_array_index (later, i),
                            json_node_ref (g_ptr_array_index (nodes, i)));
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

/**
 * _galley_demo_server_recompute_totals:
 *
 * Sets subtotal, tax and total_amount from the order's lines as creation does (spec §3.7):
 * the tip stays what metadata.tip says.
 */
void
_galley_demo_server_recompute_totals (DemoOrder *order)
{
  JsonArray *items = galley_json_get_array (order->row, "items");
  JsonObject *metadata = galley_json_get_object (order->row, "metadata");
  gint64 subtotal = 0, tax, tip = 0;
  double tip_dollars = 0;

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    subtotal += line_cents (json_array_get_object_element (items, i));
  tax = galley_money_to_cents (galley_cents_to_money (subtotal) * TAX_RATE);
  if (metadata != NULL && galley_json_get_number (metadata, "tip", &tip_dollars))
    tip = galley_money_to_cents (tip_dollars);

  json_object_set_double_member (order->row, "subtotal", galley_cents_to_money (subtotal));
  json_object_set_double_member (order->row, "tax", galley_cents_to_money (tax));
  json_object_set_double_member (order->row, "total_amount",
                                 galley_cents_to_money (subtotal + tax + tip));
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

void
_galley_demo_server_history_append (DemoOrder  *order,
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
  _galley_demo_server_history_append (order, NULL, "pending", NULL, now);
  self->orders_created++;

  if (broadcast)
    _galley_demo_server_broadcast_order (self, "order:created", order, NULL);

  return order;
}
