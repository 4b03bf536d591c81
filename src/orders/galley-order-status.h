/* galley-order-status.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The eight statuses of spec/order-protocol.md §3.1, plus UNKNOWN for NULL or anything the
 * server invents later (shown as "Unknown", no transitions offered: R-IN-3). The order of
 * the values is the progress order of §3.2; CANCELLED is outside it. */
typedef enum
{
  GALLEY_ORDER_STATUS_UNKNOWN = 0,
  GALLEY_ORDER_STATUS_NEW,
  GALLEY_ORDER_STATUS_PENDING,
  GALLEY_ORDER_STATUS_CONFIRMED,
  GALLEY_ORDER_STATUS_PREPARING,
  GALLEY_ORDER_STATUS_READY,
  GALLEY_ORDER_STATUS_PICKED_UP,
  GALLEY_ORDER_STATUS_COMPLETED,
  GALLEY_ORDER_STATUS_CANCELLED,
} GalleyOrderStatus;

#define GALLEY_ORDER_STATUS_LAST GALLEY_ORDER_STATUS_CANCELLED

GalleyOrderStatus  galley_order_status_from_string     (const char        *str);
const char        *galley_order_status_to_string       (GalleyOrderStatus  status);
gboolean           galley_order_status_is_final        (GalleyOrderStatus  status);
gboolean           galley_order_status_is_active       (GalleyOrderStatus  status);
gboolean           galley_order_status_kitchen_visible (GalleyOrderStatus  status);
gboolean           galley_order_status_expo_visible    (GalleyOrderStatus  status);
gboolean           galley_order_status_can_transition  (GalleyOrderStatus  from,
                                                        GalleyOrderStatus  to);
char              *galley_order_status_valid_next      (GalleyOrderStatus  from);
gboolean           galley_order_status_reached         (GalleyOrderStatus  current,
                                                        GalleyOrderStatus  target);
guint              galley_order_status_path            (GalleyOrderStatus  from,
                                                        GalleyOrderStatus  to,
                                                        GalleyOrderStatus *steps,
                                                        guint              max_steps);

G_END_DECLS
