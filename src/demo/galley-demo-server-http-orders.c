/* galley-demo-server-http-orders.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo server's data routes (spec §4.3-4.5): /orders, /menu, /tables, cash payments,
 * /restaurants and the health checks.
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include <string.h>

#include "demo/galley-demo-server-private.h"
#include "orders/galley-order-status.h"
#include "util/galley-json.h"
#include "util/galley-time.h"

/* ------------------------------------------------------------------ /orders */

static const char *
query_param (DemoRequest *req,
             const char  *name)
{
  return req->query != NULL ? g_hash_table_lookup (req->query, name) : NULL;
}

static gboolean
query_uint (DemoRequest *req,
            const char  *name,
            guint64      fallback,
            guint64     *out)
{
  const char *text = query_param (req, name);

  if (text == NULL)
    {
      *out = fallback;
      return TRUE;
    }

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, out, NULL))
    {
      _galley_demo_server_respond_invalid_field (req, name, "Expected a non-negative integer");
      return FALSE;
    }

  return TRUE;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const DemoOrder *oa = *(const DemoOrder * const *) a;
  const DemoOrder *ob = *(const DemoOrder * const *) b;

  if (oa->created_us != ob->created_us)
    return oa->created_us > ob->created_us ? -1 : 1;

  return 0;
}

static void
orders_list (DemoRequest *req)
{
  GalleyDemoServer *self = req->self;
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  g_autoptr(JsonArray) out = json_array_new ();
  const char *status = query_param (req, "status");
  const char *type = query_param (req, "type");
  const char *start = query_param (req, "startDate");
  const char *end = query_param (req, "endDate");
  gint64 start_us = G_MININT64, end_us = G_MAXINT64;
  guint64 limit, offset;

  if (!query_uint (req, "limit", 50, &limit) || !query_uint (req, "offset", 0, &offset))
    return;
  if (start != NULL && !galley_time_parse (start, &start_us))
    {
      _galley_demo_server_respond_invalid_field (req, "startDate", "Invalid date");
      return;
    }
  if (end != NULL && !galley_time_parse (end, &end_us))
    {
      _galley_demo_server_respond_invalid_field (req, "endDate", "Invalid date");
      return;
    }

  for (guint i = 0; i < self->orders->len; i++)
    {
      DemoOrder *order = g_ptr_array_index (self->orders, i);

      if (status != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (order->row, "status", NULL),
                     status) != 0)
        continue;
      if (type != NULL && g_strcmp0 (json_object_get_string_member (order->row, "type"), type) != 0)
        continue;
      if (order->created_us < start_us || order->created_us > end_us)
        continue;
      g_ptr_array_add (matching, order);
    }

  /* newest first; the sort is stable, so ties stay newest-created first too */
  for (guint i = 0; i < matching->len / 2; i++)
    {
      gpointer tmp = matching->pdata[i];

      matching->pdata[i] = matching->pdata[matching->len - 1 - i];
      matching->pdata[matching->len - 1 - i] = tmp;
    }
  g_ptr_array_sort (matching, compare_newest_first);

  for (guint64 i = offset; i < matching->len && i < offset + limit; i++)
    {
      DemoOrder *order = g_ptr_array_index (matching, i);

      json_array_add_object_element (out, json_object_ref (order->row));
    }

  _galley_demo_server_respond_array (req->msg, SOUP_STATUS_OK, out);
}

static void
orders_create (DemoRequest *req)
{
  GalleyDemoServer *self = req->self;
  g_autoptr(JsonObject) field_errors = NULL;
  const char *flow = _galley_demo_server_header (req, "X-Client-Flow");
  const char *key =
    self->idempotency_key ? _galley_demo_server_header (req, "Idempotency-Key") : NULL;
  DemoOrder *order;

  if (_galley_demo_server_has_credentials (req))
    {
      if (!_galley_demo_server_authenticate (req, TRUE) ||
          !_galley_demo_server_require_scope (req, "orders:create") ||
          !_galley_demo_server_require_restaurant_access (req))
        return;
    }
  else if (g_strcmp0 (flow, "kiosk") != 0 && g_strcmp0 (flow, "online") != 0)
    {
      _galley_demo_server_respond_error (req, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORIZED",
                                         "Authentication required");
      return;
    }
  else if (g_strcmp0 (_galley_demo_server_header (req, "x-restaurant-id"),
                      GALLEY_DEMO_RESTAURANT_ID) != 0)
    {
      _galley_demo_server_respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_RESTAURANT",
                                         "Invalid restaurant");
      return;
    }

  if (key != NULL)
    {
      const char *existing = g_hash_table_lookup (self->idempotency, key);

      if (existing != NULL && (order = _galley_demo_server_find_order (self, existing)) != NULL)
        {
          _galley_demo_server_respond_order (req, SOUP_STATUS_CREATED, order);
          return;
        }
    }

  order = _galley_demo_server_create_order (self, req->body, TRUE, &field_errors);
  if (order == NULL)
    {
      _galley_demo_server_respond_invalid (req->msg, g_steal_pointer (&field_errors));
      return;
    }

  if (key != NULL)
    g_hash_table_replace (self->idempotency, g_strdup (key), g_strdup (order->id));

  _galley_demo_server_respond_order (req, SOUP_STATUS_CREATED, order);
}

static void
respond_status_error (DemoRequest *req,
                      GError      *error)
{
  if (g_error_matches (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_TRANSITION))
    _galley_demo_server_respond_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                                       error->message);
  else if (g_error_matches (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_CONFLICT))
    _galley_demo_server_respond_error (req, SOUP_STATUS_CONFLICT, "CONFLICT", error->message);
  else
    _galley_demo_server_respond_invalid_field (req, "status", error->message);
}

static void
orders_set_status (DemoRequest *req,
                   DemoOrder   *order,
                   const char  *status,
                   const char  *notes)
{
  g_autoptr(GError) error = NULL;

  if (!_galley_demo_server_change_status (req->self, order, status, notes, TRUE, &error))
    {
      respond_status_error (req, error);
      return;
    }

  _galley_demo_server_respond_order (req, SOUP_STATUS_OK, order);
}

void
_galley_demo_server_route_orders (DemoRequest *req)
{
  const char *id = req->n_segments > 1 ? req->segments[1] : NULL;
  DemoOrder *order = NULL;

  if (strcmp (req->method, "POST") == 0 && req->n_segments == 1)
    {
      orders_create (req);
      return;
    }

  if (!_galley_demo_server_authenticate (req, TRUE) ||
      !_galley_demo_server_require_restaurant_access (req))
    return;

  if (req->n_segments == 1)
    {
      if (strcmp (req->method, "GET") == 0)
        orders_list (req);
      else
        _galley_demo_server_respond_not_found (req, "Route not found");
      return;
    }

  order = _galley_demo_server_find_order (req->self, id);

  if (req->n_segments == 2 && strcmp (req->method, "GET") == 0)
    {
      if (order == NULL)
        _galley_demo_server_respond_not_found (req, "Order not found");
      else
        _galley_demo_server_respond_order (req, SOUP_STATUS_OK, order);
    }
  else if (req->n_segments == 3 && _galley_demo_server_segment_is (req, 2, "status") &&
           strcmp (req->method, "PATCH") == 0)
    {
      const char *status = NULL, *notes = NULL;

      if (!galley_json_get_string (req->body, "status", &status))
        {
          _galley_demo_server_respond_invalid_field (req, "status", "Required");
          return;
        }
      if (!galley_json_is_null_or_absent (req->body, "notes") &&
          !galley_json_get_string (req->body, "notes", &notes))
        {
          _galley_demo_server_respond_invalid_field (req, "notes", "Expected text");
          return;
        }
      if (galley_order_status_from_string (status) == GALLEY_ORDER_STATUS_UNKNOWN)
        {
          _galley_demo_server_respond_invalid_field (req, "status", "Invalid status");
          return;
        }
      if (order == NULL)
        {
          _galley_demo_server_respond_not_found (req, "Order not found");
          return;
        }
      orders_set_status (req, order, status, notes);
    }
  else if (req->n_segments == 5 && _galley_demo_server_segment_is (req, 2, "items") &&
           _galley_demo_server_segment_is (req, 4, "status") && strcmp (req->method, "PATCH") == 0)
    {
      /* [Galley] line-level status, which upstream has no route for */
      static const char * const item_statuses[] = { "pending", "preparing", "ready", NULL };
      const char *status = NULL;
      g_autoptr(GError) error = NULL;

      if (!galley_json_get_string (req->body, "status", &status) ||
          !g_strv_contains (item_statuses, status))
        {
          _galley_demo_server_respond_invalid_field (req, "status", "Invalid item status");
          return;
        }
      if (order == NULL)
        {
          _galley_demo_server_respond_not_found (req, "Order not found");
          return;
        }
      if (!_galley_demo_server_change_item_status (req->self, order, req->segments[3], status,
                                                   TRUE, &error))
        {
          _galley_demo_server_respond_not_found (req, error->message);
          return;
        }
      _galley_demo_server_respond_order (req, SOUP_STATUS_OK, order);
    }
  else if (req->n_segments == 2 && strcmp (req->method, "DELETE") == 0)
    {
      const char *reason = NULL;

      galley_json_get_string (req->body, "reason", &reason);
      if (order == NULL)
        _galley_demo_server_respond_not_found (req, "Order not found");
      else
        orders_set_status (req, order, "cancelled", reason);
    }
  else
    _galley_demo_server_respond_not_found (req, "Route not found");
}

/* ------------------------------------------------------------------ /menu, /tables */

static gboolean
menu_restaurant (DemoRequest *req)
{
  const char *restaurant = _galley_demo_server_header (req, "x-restaurant-id");

  /* optional auth: the token's restaurant wins over the header */
  if (!_galley_demo_server_authenticate (req, FALSE))
    return FALSE;
  if (req->claims != NULL)
    galley_json_get_string (req->claims, "restaurant_id", &restaurant);

  if (restaurant == NULL)
    {
      _galley_demo_server_respond_error (req, SOUP_STATUS_BAD_REQUEST, "BAD_REQUEST",
                                         "Restaurant ID is required");
      return FALSE;
    }
  if (g_ascii_strcasecmp (restaurant, GALLEY_DEMO_RESTAURANT_ID) != 0)
    {
      _galley_demo_server_respond_not_found (req, "Restaurant not found");
      return FALSE;
    }

  return TRUE;
}

static void
menu_patch_item (DemoRequest *req,
                 JsonObject  *item)
{
  const char *expected = NULL;
  gboolean available;
  g_autofree char *now = NULL;

  if (!_galley_demo_server_authenticate (req, TRUE) ||
      !_galley_demo_server_require_scope (req, "menu:manage"))
    return;

  if (!galley_json_get_bool (req->body, "is_available", &available))
    {
      _galley_demo_server_respond_invalid_field (req, "is_available", "Expected true or false");
      return;
    }
  if (galley_json_get_string (req->body, "updated_at", &expected) &&
      g_strcmp0 (expected, json_object_get_string_member (item, "updated_at")) != 0)
    {
      _galley_demo_server_respond_error (req, SOUP_STATUS_CONFLICT, "CONFLICT",
                                         "The item was changed by someone else. Reload and try "
                                         "again.");
      return;
    }

  now = _galley_demo_server_now_db (req->self);
  json_object_set_boolean_member (item, "available", available);
  json_object_set_string_member (item, "updated_at", now);
  _galley_demo_server_respond_object (req->msg, SOUP_STATUS_OK, item);
}

void
_galley_demo_server_route_menu (DemoRequest *req)
{
  GalleyDemoServer *self = req->self;
  gboolean get = strcmp (req->method, "GET") == 0;

  if (_galley_demo_server_segment_is (req, 1, "items") && req->n_segments == 3 &&
      strcmp (req->method, "PATCH") == 0)
    {
      JsonObject *item = _galley_demo_server_find_item (self, req->segments[2]);

      if (item == NULL)
        _galley_demo_server_respond_not_found (req, "Menu item not found");
      else
        menu_patch_item (req, item);
      return;
    }

  if (!get)
    {
      _galley_demo_server_respond_not_found (req, "Route not found");
      return;
    }

  if (!menu_restaurant (req))
    return;

  if (req->n_segments == 1)
    {
      g_autoptr(JsonObject) reply = json_object_new ();

      json_object_set_array_member (reply, "categories", json_array_ref (self->categories));
      json_object_set_array_member (reply, "items", json_array_ref (self->items));
      _galley_demo_server_respond_object (req->msg, SOUP_STATUS_OK, reply);
    }
  else if (req->n_segments == 2 && _galley_demo_server_segment_is (req, 1, "items"))
    _galley_demo_server_respond_array (req->msg, SOUP_STATUS_OK, self->items);
  else if (req->n_segments == 2 && _galley_demo_server_segment_is (req, 1, "categories"))
    _galley_demo_server_respond_array (req->msg, SOUP_STATUS_OK, self->categories);
  else if (req->n_segments == 3 && _galley_demo_server_segment_is (req, 1, "items"))
    {
      JsonObject *item = _galley_demo_server_find_item (self, req->segments[2]);

      if (item == NULL)
        _galley_demo_server_respond_not_found (req, "Menu item not found");
      else
        _galley_demo_server_respond_object (req->msg, SOUP_STATUS_OK, item);
    }
  else
    _galley_demo_server_respond_not_found (req, "Route not found");
}

void
_galley_demo_server_route_tables (DemoRequest *req)
{
  static const char * const statuses[] = {
    "available", "occupied", "reserved", "unavailable", "cleaning", "paid", NULL
  };
  JsonObject *table = NULL;

  if (!_galley_demo_server_authenticate (req, TRUE) ||
      !_galley_demo_server_require_restaurant_access (req))
    return;

  if (req->n_segments >= 2)
    table = _galley_demo_server_find_table (req->self, req->segments[1]);

  if (req->n_segments == 1 && strcmp (req->method, "GET") == 0)
    _galley_demo_server_respond_array (req->msg, SOUP_STATUS_OK, req->self->tables);
  else if (req->n_segments == 2 && strcmp (req->method, "GET") == 0)
    {
      if (table == NULL)
        _galley_demo_server_respond_not_found (req, "Table not found");
      else
        _galley_demo_server_respond_object (req->msg, SOUP_STATUS_OK, table);
    }
  else if (req->n_segments == 3 && _galley_demo_server_segment_is (req, 2, "status") &&
           strcmp (req->method, "PATCH") == 0)
    {
      const char *status = NULL;

      if (!_galley_demo_server_require_scope (req, "tables:manage"))
        return;
      if (!galley_json_get_string (req->body, "status", &status) ||
          !g_strv_contains (statuses, status))
        {
          _galley_demo_server_respond_invalid_field (req, "status", "Invalid table status");
          return;
        }
      if (table == NULL)
        {
          _galley_demo_server_respond_not_found (req, "Table not found");
          return;
        }
      json_object_set_string_member (table, "status", status);
      _galley_demo_server_respond_object (req->msg, SOUP_STATUS_OK, table);
    }
  else
    _galley_demo_server_respond_not_found (req, "Route not found");
}

/* ------------------------------------------------------------------ the rest */

void
_galley_demo_server_payments_cash (DemoRequest *req)
{
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autoptr(GError) error = NULL;
  const char *order_id = NULL;
  double received = 0, change = 0;
  DemoOrder *order;

  if (!_galley_demo_server_authenticate (req, TRUE) ||
      !_galley_demo_server_require_scope (req, "payments:process") ||
      !_galley_demo_server_require_restaurant_access (req))
    return;

  if (!galley_json_get_string (req->body, "order_id", &order_id))
    {
      _galley_demo_server_respond_invalid_field (req, "order_id", "Required");
      return;
    }
  if (!galley_json_get_number (req->body, "amount_received", &received) || received < 0)
    {
      _galley_demo_server_respond_invalid_field (req, "amount_received",
                                                 "Expected a number of at least 0");
      return;
    }

  order = _galley_demo_server_find_order (req->self, order_id);
  if (order == NULL)
    {
      _galley_demo_server_respond_not_found (req, "Order not found");
      return;
    }

  if (!_galley_demo_server_pay_cash (req->self, order, received, TRUE, &error))
    {
      if (g_error_matches (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_CONFLICT))
        _galley_demo_server_respond_error (req, SOUP_STATUS_CONFLICT, "CONFLICT", error->message);
      else
        _galley_demo_server_respond_error (req, SOUP_STATUS_BAD_REQUEST, "BAD_REQUEST",
                                           error->message);
      return;
    }

  galley_json_get_number (order->row, "change_given", &change);
  json_object_set_boolean_member (reply, "success", TRUE);
  json_object_set_object_member (reply, "order", json_object_ref (order->row));
  json_object_set_double_member (reply, "change", change);
  _galley_demo_server_respond_object (req->msg, SOUP_STATUS_OK, reply);
}

static JsonObject *
restaurant_object (gboolean full)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", GALLEY_DEMO_RESTAURANT_ID);
  json_object_set_string_member (object, "name", "Grow Kitchen (demo)");
  json_object_set_string_member (object, "slug", "grow");
  json_object_set_string_member (object, "timezone", "America/New_York");
  if (full)
    {
      json_object_set_object_member (object, "settings", json_object_new ());
      json_object_set_boolean_member (object, "active", TRUE);
    }
  json_object_set_double_member (object, "tax_rate", 0.08);

  return object;
}

void
_galley_demo_server_route_restaurants (DemoRequest *req)
{
  g_autoptr(JsonObject) object = NULL;
  gboolean public = req->n_segments == 3 && _galley_demo_server_segment_is (req, 2, "public");

  if (strcmp (req->method, "GET") != 0 || (req->n_segments != 2 && !public))
    {
      _galley_demo_server_respond_not_found (req, "Route not found");
      return;
    }

  if (!public && !_galley_demo_server_authenticate (req, TRUE))
    return;

  if (g_ascii_strcasecmp (req->segments[1], GALLEY_DEMO_RESTAURANT_ID) != 0)
    {
      _galley_demo_server_respond_not_found (req, "Restaurant not found");
      return;
    }

  object = restaurant_object (!public);
  _galley_demo_server_respond_object (req->msg, SOUP_STATUS_OK, object);
}

void
_galley_demo_server_respond_health (DemoRequest *req)
{
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autofree char *now = _galley_demo_server_now_js (req->self);

  json_object_set_string_member (reply, "status", "healthy");
  json_object_set_string_member (reply, "timestamp", now);
  json_object_set_string_member (reply, "server", "galley-demo-server");
  _galley_demo_server_respond_object (req->msg, SOUP_STATUS_OK, reply);
}
