/* galley-counter-format.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "orders/galley-order-status.h"

G_BEGIN_DECLS

/* The counter's order types (kitchen-and-counter.md C-4, K-15), as sent in `type` (§3.3). */
typedef enum
{
  GALLEY_COUNTER_TYPE_DINE_IN,
  GALLEY_COUNTER_TYPE_TAKEOUT,
  GALLEY_COUNTER_TYPE_PICKUP,
  GALLEY_COUNTER_TYPE_DELIVERY,
  GALLEY_COUNTER_TYPE_DRIVE_THRU,
} GalleyCounterType;

#define GALLEY_COUNTER_N_TYPES 5

char       *galley_counter_format_money       (gint64             cents);
const char *galley_counter_type_to_wire       (GalleyCounterType  type);
const char *galley_counter_type_to_label      (GalleyCounterType  type);
gboolean    galley_counter_type_from_wire     (const char        *wire,
                                               GalleyCounterType *type);
const char *galley_counter_status_to_label    (GalleyOrderStatus  status);

G_END_DECLS
