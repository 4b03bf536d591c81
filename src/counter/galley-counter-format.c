/* galley-counter-format.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Words and figures the counter shows: money in the cashier's locale, the order types and
 * the order statuses in a cashier's words.
 */
#define G_LOG_DOMAIN "galley-counter-format"

#include "config.h"

#include <glib/gi18n.h>

#include "cart/galley-cart.h"
#include "counter/galley-counter-format.h"

static const struct
{
  const char *wire;
  const char *label;
} types[GALLEY_COUNTER_N_TYPES] = {
  { "dine-in", N_("Dine-in") },
  { "takeout", N_("Takeout") },
  { "pickup", N_("Pickup") },
  { "delivery", N_("Delivery") },
  { "drive-thru", N_("Drive-thru") },
};

/**
 * galley_counter_format_money:
 * @cents: an amount in cents
 *
 * The amount in dollars (the restaurant's currency, order protocol §3.7), always with its
 * symbol, laid out by the cashier's locale (galley_cart_format_money_full()).
 *
 * Returns: (transfer full): e.g. "$12.50" ("12,50 $" in de_DE and es_ES)
 */
char *
galley_counter_format_money (gint64 cents)
{
  return galley_cart_format_money_full (cents, TRUE);
}

const char *
galley_counter_type_to_wire (GalleyCounterType type)
{
  g_return_val_if_fail (type < GALLEY_COUNTER_N_TYPES, NULL);

  return types[type].wire;
}

const char *
galley_counter_type_to_label (GalleyCounterType type)
{
  g_return_val_if_fail (type < GALLEY_COUNTER_N_TYPES, NULL);

  return _(types[type].label);
}

gboolean
galley_counter_type_from_wire (const char        *wire,
                               GalleyCounterType *type)
{
  for (guint i = 0; wire != NULL && i < GALLEY_COUNTER_N_TYPES; i++)
    if (g_str_equal (types[i].wire, wire))
      {
        *type = i;
        return TRUE;
      }

  return FALSE;
}

const char *
galley_counter_status_to_label (GalleyOrderStatus status)
{
  switch (status)
    {
    case GALLEY_ORDER_STATUS_NEW:
    case GALLEY_ORDER_STATUS_PENDING:
      return _("Received");
    case GALLEY_ORDER_STATUS_CONFIRMED:
      return _("In the kitchen");
    case GALLEY_ORDER_STATUS_PREPARING:
      return _("Cooking");
    case GALLEY_ORDER_STATUS_READY:
      return _("Ready");
    case GALLEY_ORDER_STATUS_PICKED_UP:
      return _("Picked up");
    case GALLEY_ORDER_STATUS_COMPLETED:
      return _("Done");
    case GALLEY_ORDER_STATUS_CANCELLED:
      return _("Cancelled");
    case GALLEY_ORDER_STATUS_UNKNOWN:
    default:
      return _("Sent");
    }
}
