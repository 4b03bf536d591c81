/* galley-cart-validate.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyCart's checks facet: finding a line by id, whether the cart can be sent, and the
 * server's rounding of the tax (order protocol §3.7). Only the cart's public API is used.
 */
#define G_LOG_DOMAIN "galley-cart"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "cart/galley-cart.h"

/**
 * galley_cart_lookup_line:
 * @line_id: "L1", …
 *
 * Returns: (transfer none) (nullable): the line
 */
GalleyCartLine *
galley_cart_lookup_line (GalleyCart *self,
                         const char *line_id)
{
  g_return_val_if_fail (GALLEY_IS_CART (self), NULL);

  for (guint i = 0; line_id != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self)); i++)
    {
      g_autoptr(GalleyCartLine) line = g_list_model_get_item (G_LIST_MODEL (self), i);

      /* the cart holds its lines: the pointer stays valid after the unref */
      if (g_strcmp0 (galley_cart_line_get_id (line), line_id) == 0)
        return line;
    }

  return NULL;
}

/**
 * galley_cart_validate:
 * @bad_line: (out) (optional) (transfer none): the first line that is wrong
 * @bad_group: (out) (optional): its modifier group that is wrong, if that is the fault
 *
 * Whether the cart can be sent: not empty, no line waiting for the cashier, no line without
 * an item or sold out, every line's modifier groups complete.
 *
 * Returns: %FALSE with a %GALLEY_CART_ERROR saying what to fix
 */
gboolean
galley_cart_validate (GalleyCart                     *self,
                      GalleyCartLine                **bad_line,
                      const GalleyMenuModifierGroup **bad_group,
                      GError                        **error)
{
  g_return_val_if_fail (GALLEY_IS_CART (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (bad_line != NULL)
    *bad_line = NULL;
  if (bad_group != NULL)
    *bad_group = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self)) == 0)
    {
      g_set_error_literal (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_EMPTY,
                           _("The order is empty. Add an item first."));
      return FALSE;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self)); i++)
    {
      g_autoptr(GalleyCartLine) line = g_list_model_get_item (G_LIST_MODEL (self), i);

      if (bad_line != NULL)
        *bad_line = line;
      if (galley_cart_line_get_item (line) == NULL)
        {
          g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_NO_ITEM,
                       _("Choose which item “%s” is, or remove the line."),
                       galley_cart_line_get_name (line));
          return FALSE;
        }
      if (galley_cart_line_get_unavailable (line))
        {
          g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_UNAVAILABLE,
                       _("%s is sold out. Remove the line or choose another item."),
                       galley_cart_line_get_name (line));
          return FALSE;
        }
      if (galley_cart_line_get_unsure (line))
        {
          g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_NEEDS_CASHIER,
                       _("Confirm %s before sending the order."),
                       galley_cart_line_get_name (line));
          return FALSE;
        }
      if (!galley_cart_line_check_modifiers (line, bad_group, error))
        return FALSE;
    }

  if (bad_line != NULL)
    *bad_line = NULL;

  return TRUE;
}

/* JavaScript's Math.round of the double product, as the server does (§3.7): halves go
 * toward +∞. */
gint64
galley_cart_compute_tax (gint64 subtotal,
                         double tax_rate)
{
  return (gint64) floor ((double) subtotal * tax_rate + 0.5);
}
