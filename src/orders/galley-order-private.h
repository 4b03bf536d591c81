/* galley-order-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the files of GalleyOrder only (core, parse, accessors).
 */
#pragma once

#include "orders/galley-order.h"
#include "util/galley-json-tokens.h"

G_BEGIN_DECLS

/* The row an order was read from: the tree given to galley_order_new_from_json(), or the
 * text of an event, read into a tree only if someone asks (galley_order_get_json()). Shared,
 * reference-counted (g_rc_box), by the orders updated from it. */
typedef struct
{
  char       *text;
  JsonObject *json;
} GalleyOrderRow;

struct _GalleyOrder
{
  GObject parent_instance;

  GalleyOrderRow    *row;
  JsonObject        *metadata;
  GListStore        *items;

  char              *id;
  char              *restaurant_id;
  char              *order_number;
  char              *stored_type;
  GalleyOrderStatus  status;
  char              *status_text;
  gint64             subtotal;
  gint64             tax;
  gint64             total;
  char              *notes;
  char              *customer_name;
  char              *table_number;
  int                seat_number;
  gint64             created_at;
  gint64             updated_at;
  gint64             preparing_at;
  gint64             ready_at;
  gint64             completed_at;
  gint64             cancelled_at;
  gint64             scheduled_pickup_time;
  gint64             auto_fire_time;
  gboolean           is_scheduled;
  gboolean           manually_fired;
  gint64             version;
  char              *payment_status;
  char              *payment_method;
  gint64             payment_amount;
  gint64             cash_received;
  gint64             change_given;
  char              *payment_id;
  gint64             check_closed_at;
  char              *closed_by_user_id;
};

/* galley-order-parse.c */
gboolean
_galley_order_parse_row (GalleyOrder       *self,
                         GalleyJsonTokens  *doc,
                         guint              row,
                         GError           **error);

G_END_DECLS
