/* galley-demo-server-generator.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo server's seeded order generator (spec §7.2), the simulation of the other
 * terminals that move orders along, the changes a restart hides from connected clients,
 * and the seed data: tables and the orders of the day so far.
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

static const char * const ui_types[] = { "dine-in", "takeout", "online", "drive-thru", "delivery" };

void
_galley_demo_server_schedule_progress (GalleyDemoServer *self,
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

/**
 * _galley_demo_server_modifier_object:
 * @group: a modifier group of a menu item
 * @option: one of its options
 *
 * Returns: (transfer full): the modifier as a line carries it: {id, name, price, category}
 */
JsonObject *
_galley_demo_server_modifier_object (JsonObject *group,
                                     JsonObject *option)
{
  JsonObject *out = json_object_new ();

  json_object_set_string_member (out, "id", json_object_get_string_member (option, "id"));
  json_object_set_string_member (out, "name", json_object_get_string_member (option, "name"));
  json_object_set_double_member (out, "price", json_object_get_double_member (option, "price"));
  json_object_set_string_member (out, "category", json_object_get_string_member (group, "name"));

  return out;
}

static JsonObject *
pick_option (GalleyDemoServer *self,
             JsonObject       *group)
{
  JsonArray *options = galley_json_get_array (group, "options");
  JsonObject *option;

  if (options == NULL || json_array_get_length (options) == 0)
    return NULL;

  option = json_array_get_object_element (options,
                                          random_below (self, json_array_get_length (options)));

  return _galley_demo_server_modifier_object (group, option);
}

/**
 * _galley_demo_server_generate_line:
 * @item: (nullable): the menu item, or %NULL for a random available one
 * @index: the line's index: its id is "line-<index + 1>"
 *
 * Returns: (transfer full): a line as a guest would order it (spec §3.5)
 */
JsonObject *
_galley_demo_server_generate_line (GalleyDemoServer *self,
                                   JsonObject       *item,
                                   guint             index)
{
  JsonObject *line = json_object_new ();
  JsonArray *modifiers = json_array_new ();
  JsonArray *groups;
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
    json_array_add_object_element (lines, _galley_demo_server_generate_line (self, NULL, i));

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

  _galley_demo_server_schedule_progress (self, order);

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
