/* galley-order-status.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The order status vocabulary and the server's transition table (spec/order-protocol.md
 * §3.1-3.2), shared by the demo server, which enforces it, and by the outbox, which walks it.
 */
#define G_LOG_DOMAIN "galley-order-status"

#include <string.h>

#include "orders/galley-order-status.h"

static const char * const names[] = {
  [GALLEY_ORDER_STATUS_UNKNOWN] = NULL,
  [GALLEY_ORDER_STATUS_NEW] = "new",
  [GALLEY_ORDER_STATUS_PENDING] = "pending",
  [GALLEY_ORDER_STATUS_CONFIRMED] = "confirmed",
  [GALLEY_ORDER_STATUS_PREPARING] = "preparing",
  [GALLEY_ORDER_STATUS_READY] = "ready",
  [GALLEY_ORDER_STATUS_PICKED_UP] = "picked-up",
  [GALLEY_ORDER_STATUS_COMPLETED] = "completed",
  [GALLEY_ORDER_STATUS_CANCELLED] = "cancelled",
};

/* Bit masks of the allowed targets, one per source status (§3.2). */
#define BIT(s) (1u << (s))
static const guint transitions[] = {
  [GALLEY_ORDER_STATUS_UNKNOWN] = 0,
  [GALLEY_ORDER_STATUS_NEW] = BIT (GALLEY_ORDER_STATUS_PENDING) | BIT (GALLEY_ORDER_STATUS_CANCELLED),
  [GALLEY_ORDER_STATUS_PENDING] = BIT (GALLEY_ORDER_STATUS_CONFIRMED) |
                                  BIT (GALLEY_ORDER_STATUS_CANCELLED),
  [GALLEY_ORDER_STATUS_CONFIRMED] = BIT (GALLEY_ORDER_STATUS_PREPARING) |
                                    BIT (GALLEY_ORDER_STATUS_CANCELLED),
  [GALLEY_ORDER_STATUS_PREPARING] = BIT (GALLEY_ORDER_STATUS_READY) |
                                    BIT (GALLEY_ORDER_STATUS_CANCELLED),
  [GALLEY_ORDER_STATUS_READY] = BIT (GALLEY_ORDER_STATUS_PICKED_UP) |
                                BIT (GALLEY_ORDER_STATUS_COMPLETED) |
                                BIT (GALLEY_ORDER_STATUS_CANCELLED),
  [GALLEY_ORDER_STATUS_PICKED_UP] = BIT (GALLEY_ORDER_STATUS_COMPLETED) |
                                    BIT (GALLEY_ORDER_STATUS_CANCELLED),
  [GALLEY_ORDER_STATUS_COMPLETED] = 0,
  [GALLEY_ORDER_STATUS_CANCELLED] = 0,
};

/**
 * galley_order_status_from_string:
 * @str: (nullable): a status as spelled on the wire
 *
 * Returns: the status, or %GALLEY_ORDER_STATUS_UNKNOWN for %NULL or an unknown spelling
 */
GalleyOrderStatus
galley_order_status_from_string (const char *str)
{
  if (str == NULL)
    return GALLEY_ORDER_STATUS_UNKNOWN;

  for (guint i = GALLEY_ORDER_STATUS_NEW; i <= GALLEY_ORDER_STATUS_LAST; i++)
    if (strcmp (names[i], str) == 0)
      return (GalleyOrderStatus) i;

  return GALLEY_ORDER_STATUS_UNKNOWN;
}

/**
 * galley_order_status_to_string:
 *
 * Returns: (nullable): the wire spelling, or %NULL for %GALLEY_ORDER_STATUS_UNKNOWN
 */
const char *
galley_order_status_to_string (GalleyOrderStatus status)
{
  if (status > GALLEY_ORDER_STATUS_LAST)
    return NULL;

  return names[status];
}

gboolean
galley_order_status_is_final (GalleyOrderStatus status)
{
  return status == GALLEY_ORDER_STATUS_COMPLETED || status == GALLEY_ORDER_STATUS_CANCELLED;
}

/* ACTIVE group of §3.1 */
gboolean
galley_order_status_is_active (GalleyOrderStatus status)
{
  return status >= GALLEY_ORDER_STATUS_NEW && status <= GALLEY_ORDER_STATUS_PREPARING;
}

gboolean
galley_order_status_kitchen_visible (GalleyOrderStatus status)
{
  return galley_order_status_is_active (status) || status == GALLEY_ORDER_STATUS_READY;
}

gboolean
galley_order_status_expo_visible (GalleyOrderStatus status)
{
  return galley_order_status_kitchen_visible (status) || status == GALLEY_ORDER_STATUS_PICKED_UP;
}

/**
 * galley_order_status_can_transition:
 *
 * Returns: whether the server accepts a change from @from to @to (X -> X never)
 */
gboolean
galley_order_status_can_transition (GalleyOrderStatus from,
                                    GalleyOrderStatus to)
{
  if (from > GALLEY_ORDER_STATUS_LAST || to > GALLEY_ORDER_STATUS_LAST)
    return FALSE;

  return (transitions[from] & BIT (to)) != 0;
}

/**
 * galley_order_status_valid_next:
 *
 * Returns: (transfer full): the allowed targets from @from, comma separated, as the
 *   server's error message lists them ("confirmed, cancelled"), or "none"
 */
char *
galley_order_status_valid_next (GalleyOrderStatus from)
{
  GString *str = g_string_new (NULL);

  for (guint i = GALLEY_ORDER_STATUS_NEW; i <= GALLEY_ORDER_STATUS_LAST; i++)
    if (galley_order_status_can_transition (from, (GalleyOrderStatus) i))
      g_string_append_printf (str, "%s%s", str->len > 0 ? ", " : "", names[i]);

  if (str->len == 0)
    g_string_append (str, "none");

  return g_string_free (str, FALSE);
}

/**
 * galley_order_status_reached:
 *
 * Returns: whether an order at @current already is at or past @target on the progress
 *   order (new < pending < ... < completed); cancelled only reaches cancelled
 */
gboolean
galley_order_status_reached (GalleyOrderStatus current,
                             GalleyOrderStatus target)
{
  if (current == GALLEY_ORDER_STATUS_UNKNOWN || target == GALLEY_ORDER_STATUS_UNKNOWN)
    return FALSE;

  if (current == target)
    return TRUE;

  if (current == GALLEY_ORDER_STATUS_CANCELLED || target == GALLEY_ORDER_STATUS_CANCELLED)
    return FALSE;

  return current > target;
}

/**
 * galley_order_status_path:
 * @steps: (out caller-allocates) (array length=max_steps): the statuses to send, in order
 *
 * Finds the shortest legal chain of transitions from @from to @to (breadth first over the
 * transition table), e.g. pending -> confirmed -> preparing -> ready.
 *
 * Returns: the number of steps written, or 0 when no legal chain exists (or @from == @to)
 */
guint
galley_order_status_path (GalleyOrderStatus  from,
                          GalleyOrderStatus  to,
                          GalleyOrderStatus *steps,
                          guint              max_steps)
{
  int prev[GALLEY_ORDER_STATUS_LAST + 1];
  GalleyOrderStatus queue[GALLEY_ORDER_STATUS_LAST + 1];
  GalleyOrderStatus reversed[GALLEY_ORDER_STATUS_LAST + 1];
  guint head = 0, tail = 0, n = 0;

  g_return_val_if_fail (steps != NULL || max_steps == 0, 0);

  if (from == to || from > GALLEY_ORDER_STATUS_LAST || to > GALLEY_ORDER_STATUS_LAST)
    return 0;

  for (guint i = 0; i <= GALLEY_ORDER_STATUS_LAST; i++)
    prev[i] = -1;

  prev[from] = (int) from;
  queue[tail++] = from;
  while (head < tail && prev[to] < 0)
    {
      GalleyOrderStatus s = queue[head++];

      for (guint next = GALLEY_ORDER_STATUS_NEW; next <= GALLEY_ORDER_STATUS_LAST; next++)
        if (prev[next] < 0 && galley_order_status_can_transition (s, (GalleyOrderStatus) next))
          {
            prev[next] = (int) s;
            queue[tail++] = (GalleyOrderStatus) next;
          }
    }

  if (prev[to] < 0)
    return 0;

  for (GalleyOrderStatus s = to; s != from; s = (GalleyOrderStatus) prev[s])
    reversed[n++] = s;

  if (n > max_steps)
    return 0;

  for (guint i = 0; i < n; i++)
    steps[i] = reversed[n - 1 - i];

  return n;
}
