/* galley-cart-line-resolve.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyCartLine's resolution facet: the candidates of an unsure line, the cashier's tap
 * that confirms it or corrects its item, and following a reloaded menu.
 */
#define G_LOG_DOMAIN "galley-cart-line"

#include "config.h"

#include <glib/gi18n.h>

#include "cart/galley-cart.h"
#include "cart/galley-cart-private.h"
#include "cart/galley-cart-line-private.h"

/* Follows a new menu: the item and the candidates are looked up again by id; chosen
 * options take their new prices. An item that left the menu or was 86'd, or an option that
 * left the item, flags the line; nothing is dropped. Returns whether anything changed. */
gboolean
_galley_cart_line_rebind (GalleyCartLine *line,
                          GalleyMenu     *menu)
{
  gboolean unavailable = FALSE, changed = FALSE;
  gint64 old_price = galley_cart_line_get_unit_price (line);

  if (line->item != NULL)
    {
      GalleyMenuItem *item = menu != NULL
        ? galley_menu_lookup_item_by_id (menu, galley_menu_item_get_id (line->item)) : NULL;

      if (item == NULL)
        unavailable = TRUE;
      else
        {
          if (item != line->item)
            {
              g_set_object (&line->item, item);
              changed = TRUE;
              _galley_cart_line_notify (line, PROP_ITEM);
            }
          unavailable = !galley_menu_item_get_available (item);
          for (guint i = 0; i < line->modifiers->len; i++)
            {
              GalleyCartModifier *m = &g_array_index (line->modifiers, GalleyCartModifier, i);
              const GalleyMenuModifierOption *option;

              if (m->group_id == NULL && g_str_has_prefix (m->id, "voice-mod-"))
                continue;
              option = galley_menu_item_find_option (item, m->id, NULL);
              if (option == NULL)
                unavailable = TRUE;
              else
                m->price = option->price;
            }
        }
    }

  for (guint i = 0; i < line->candidates->len; i++)
    {
      GalleyMenuItem *old = g_ptr_array_index (line->candidates, i);
      GalleyMenuItem *item = menu != NULL
        ? galley_menu_lookup_item_by_id (menu, galley_menu_item_get_id (old)) : NULL;

      if (item != NULL && item != old)
        {
          g_ptr_array_index (line->candidates, i) = g_object_ref (item);
          g_object_unref (old);
        }
    }

  if (unavailable != line->unavailable)
    {
      line->unavailable = unavailable;
      changed = TRUE;
      _galley_cart_line_notify (line, PROP_UNAVAILABLE);
    }
  if (old_price != galley_cart_line_get_unit_price (line))
    {
      changed = TRUE;
      _galley_cart_line_prices_changed (line);
    }
  if (changed)
    _galley_cart_line_emit_changed (line);

  return changed;
}

/**
 * galley_cart_line_get_candidates:
 *
 * Returns: (transfer none) (element-type GalleyMenuItem): the items an unsure line may be,
 *   best first, for the cashier's buttons; none is preselected
 */
GPtrArray *
galley_cart_line_get_candidates (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), NULL);

  return self->candidates;
}

void
galley_cart_line_set_candidates (GalleyCartLine *self,
                                 GPtrArray      *items)
{
  g_return_if_fail (GALLEY_IS_CART_LINE (self));

  g_ptr_array_set_size (self->candidates, 0);
  for (guint i = 0; items != NULL && i < items->len; i++)
    g_ptr_array_add (self->candidates, g_object_ref (g_ptr_array_index (items, i)));
  _galley_cart_line_emit_changed (self);
}

/**
 * galley_cart_line_confirm:
 *
 * The cashier's tap on an unsure line: it becomes confirmed with confidence 1. A line
 * without an item cannot be confirmed (pick a candidate with
 * galley_cart_line_replace_item() first); neither can one whose item is sold out.
 *
 * Returns: %FALSE with %GALLEY_CART_ERROR_NO_ITEM or %GALLEY_CART_ERROR_UNAVAILABLE
 */
gboolean
galley_cart_line_confirm (GalleyCartLine  *self,
                          GError         **error)
{
  gboolean was_unsure;

  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->item == NULL)
    {
      g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_NO_ITEM,
                   _("Choose which item “%s” is first."), galley_cart_line_get_name (self));
      return FALSE;
    }
  if (self->unavailable)
    {
      g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_UNAVAILABLE,
                   _("%s is sold out. Remove the line or choose another item."),
                   galley_cart_line_get_name (self));
      return FALSE;
    }

  was_unsure = galley_cart_line_get_unsure (self);
  if (self->check != GALLEY_CART_CHECK_NONE)
    {
      self->check = GALLEY_CART_CHECK_NONE;
      _galley_cart_line_notify (self, PROP_CHECK);
    }
  if (self->confidence != 1.0)
    {
      self->confidence = 1.0;
      _galley_cart_line_notify (self, PROP_CONFIDENCE);
    }
  if (self->candidates->len > 0)
    g_ptr_array_set_size (self->candidates, 0);
  if (was_unsure)
    _galley_cart_line_notify (self, PROP_UNSURE);
  _galley_cart_line_emit_changed (self);

  return TRUE;
}

/**
 * galley_cart_line_replace_item:
 *
 * Corrects the line with one tap: the item becomes @item, confirmed. Modifiers that are
 * options of the old item are dropped (they need not exist on the new one); free-text
 * modifications, notes and quantity stay.
 *
 * Returns: %FALSE with %GALLEY_CART_ERROR_UNAVAILABLE if @item is sold out
 */
gboolean
galley_cart_line_replace_item (GalleyCartLine  *self,
                               GalleyMenuItem  *item,
                               GError         **error)
{
  gint64 old_price;
  gboolean was_unsure, was_unavailable;

  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), FALSE);
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (item), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!galley_menu_item_get_available (item))
    {
      g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_UNAVAILABLE,
                   _("%s is sold out."), galley_menu_item_get_name (item));
      return FALSE;
    }

  old_price = galley_cart_line_get_unit_price (self);
  was_unsure = galley_cart_line_get_unsure (self);
  was_unavailable = self->unavailable;

  if (self->item != item)
    {
      gboolean same = self->item != NULL &&
        g_strcmp0 (galley_menu_item_get_id (self->item), galley_menu_item_get_id (item)) == 0;

      g_set_object (&self->item, item);
      if (!same)
        {
          for (guint i = self->modifiers->len; i > 0; i--)
            {
              GalleyCartModifier *m = &g_array_index (self->modifiers, GalleyCartModifier,
                                                      i - 1);

              if (!(m->group_id == NULL && g_str_has_prefix (m->id, "voice-mod-")))
                g_array_remove_index (self->modifiers, i - 1);
            }
          _galley_cart_line_notify (self, PROP_N_MODIFIERS);
        }
      _galley_cart_line_notify (self, PROP_ITEM);
      _galley_cart_line_notify (self, PROP_NAME);
    }
  self->unavailable = FALSE;
  if (was_unavailable)
    _galley_cart_line_notify (self, PROP_UNAVAILABLE);
  if (self->check == GALLEY_CART_CHECK_MATCH)
    {
      self->check = GALLEY_CART_CHECK_NONE;
      _galley_cart_line_notify (self, PROP_CHECK);
    }
  if (self->confidence != 1.0)
    {
      self->confidence = 1.0;
      _galley_cart_line_notify (self, PROP_CONFIDENCE);
    }
  g_ptr_array_set_size (self->candidates, 0);
  if (was_unsure != galley_cart_line_get_unsure (self))
    _galley_cart_line_notify (self, PROP_UNSURE);
  if (old_price != galley_cart_line_get_unit_price (self))
    _galley_cart_line_prices_changed (self);
  _galley_cart_line_emit_changed (self);

  return TRUE;
}
