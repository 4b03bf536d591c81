/* galley-cart-line-modifiers.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyCartLine's modifiers facet: choosing options within the item's group limits, checking
 * required groups and minimums, the prices they add, and when two lines are the same order.
 */
#define G_LOG_DOMAIN "galley-cart-line"

#include "config.h"

#include <glib/gi18n.h>

#include "cart/galley-cart.h"
#include "cart/galley-cart-private.h"
#include "cart/galley-cart-line-private.h"

static int
group_index_of (GalleyMenuItem *item,
                const GalleyMenuModifierGroup *group)
{
  guint n = galley_menu_item_get_n_modifier_groups (item);

  for (guint i = 0; i < n; i++)
    if (galley_menu_item_get_modifier_group (item, i) == group)
      return (int) i;

  return -1;
}

static const char *
group_label (const GalleyMenuModifierGroup *group)
{
  return group->name != NULL ? group->name : _("Extras");
}

guint
galley_cart_line_get_n_modifiers (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), 0);

  return self->modifiers->len;
}

const GalleyCartModifier *
galley_cart_line_get_modifier (GalleyCartLine *self,
                               guint           index)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), NULL);
  g_return_val_if_fail (index < self->modifiers->len, NULL);

  return &g_array_index (self->modifiers, GalleyCartModifier, index);
}

/**
 * galley_cart_line_set_modifiers:
 * @option_ids: (nullable): ids of options of the line's item
 * @free_text: (nullable): spoken modifications that matched no option; each becomes a
 *   zero-price modifier "voice-mod-<n>" (spec/voice.md §5.2)
 *
 * Replaces the chosen modifiers. Each option must belong to the item, once, and no group
 * may get more than its maximum; required groups and minimums are checked by
 * galley_cart_line_check_modifiers(), since a voice line may lack them for a while.
 *
 * Returns: %FALSE with a %GALLEY_CART_ERROR_MODIFIER_* error, leaving the line unchanged
 */
gboolean
galley_cart_line_set_modifiers (GalleyCartLine     *self,
                                const char * const *option_ids,
                                const char * const *free_text,
                                GError            **error)
{
  g_autoptr(GArray) modifiers = NULL;
  g_autoptr(GHashTable) per_group = NULL;
  gint64 old_price;
  guint n_free = 0;

  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  modifiers = g_array_new (FALSE, TRUE, sizeof (GalleyCartModifier));
  g_array_set_clear_func (modifiers, _galley_cart_modifier_clear);
  per_group = g_hash_table_new (NULL, NULL);

  for (guint i = 0; option_ids != NULL && option_ids[i] != NULL; i++)
    {
      const GalleyMenuModifierGroup *group = NULL;
      const GalleyMenuModifierOption *option = NULL;
      GalleyCartModifier m = { 0 };
      guint count;

      if (self->item != NULL)
        option = galley_menu_item_find_option (self->item, option_ids[i], &group);
      if (option == NULL || g_strv_contains ((const char * const *) option_ids + i + 1,
                                             option_ids[i]))
        {
          g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_UNKNOWN,
                       option == NULL ? _("“%s” is not a choice for %s.")
                                      : _("“%s” was chosen twice for %s."),
                       option != NULL && option->name != NULL ? option->name : option_ids[i],
                       galley_cart_line_get_name (self));
          return FALSE;
        }
      count = GPOINTER_TO_UINT (g_hash_table_lookup (per_group, group)) + 1;
      g_hash_table_insert (per_group, (gpointer) group, GUINT_TO_POINTER (count));
      if (group->max >= 0 && count > (guint) group->max)
        {
          g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_TOO_MANY,
                       g_dngettext (GETTEXT_PACKAGE, "Choose at most %d option for “%s”.",
                                    "Choose at most %d options for “%s”.", group->max),
                       group->max, group_label (group));
          return FALSE;
        }

      m.id = g_strdup (option->id);
      m.name = g_strdup (option->name);
      m.group_id = g_strdup (group->id);
      m.price = option->price;
      g_array_append_val (modifiers, m);
    }

  for (guint i = 0; free_text != NULL && free_text[i] != NULL; i++)
    {
      GalleyCartModifier m = { 0 };
      char *name = _galley_cart_line_dup_limited (free_text[i]);

      if (name == NULL)
        continue;
      m.id = g_strdup_printf ("voice-mod-%u", ++n_free);
      m.name = name;
      g_array_append_val (modifiers, m);
    }

  old_price = galley_cart_line_get_unit_price (self);
  g_array_unref (self->modifiers);
  self->modifiers = g_steal_pointer (&modifiers);
  _galley_cart_line_notify (self, PROP_N_MODIFIERS);
  if (old_price != galley_cart_line_get_unit_price (self))
    _galley_cart_line_prices_changed (self);
  _galley_cart_line_emit_changed (self);

  return TRUE;
}

/**
 * galley_cart_line_check_modifiers:
 * @group: (out) (optional): the first group that is wrong
 *
 * Checks the item's group rules: required groups filled, minimums and maximums kept.
 *
 * Returns: %FALSE with a %GALLEY_CART_ERROR_MODIFIER_* error naming the group
 */
gboolean
galley_cart_line_check_modifiers (GalleyCartLine                 *self,
                                  const GalleyMenuModifierGroup **group,
                                  GError                        **error)
{
  guint n;

  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (group != NULL)
    *group = NULL;
  if (self->item == NULL)
    return TRUE;

  n = galley_menu_item_get_n_modifier_groups (self->item);
  for (guint g = 0; g < n; g++)
    {
      const GalleyMenuModifierGroup *grp = galley_menu_item_get_modifier_group (self->item, g);
      guint count = 0;

      for (guint i = 0; i < self->modifiers->len; i++)
        {
          const GalleyCartModifier *m = &g_array_index (self->modifiers, GalleyCartModifier, i);
          const GalleyMenuModifierGroup *mg = NULL;

          if (m->group_id == NULL && g_str_has_prefix (m->id, "voice-mod-"))
            continue;
          if (galley_menu_item_find_option (self->item, m->id, &mg) != NULL &&
              group_index_of (self->item, mg) == (int) g)
            count++;
        }

      if (grp->required && count == 0)
        {
          g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_REQUIRED,
                       _("Choose the %s for %s."), group_label (grp),
                       galley_cart_line_get_name (self));
        }
      else if (count < grp->min)
        {
          g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_TOO_FEW,
                       g_dngettext (GETTEXT_PACKAGE, "Choose at least %u option for “%s”.",
                                    "Choose at least %u options for “%s”.", grp->min),
                       grp->min, group_label (grp));
        }
      else if (grp->max >= 0 && count > (guint) grp->max)
        {
          g_set_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_TOO_MANY,
                       g_dngettext (GETTEXT_PACKAGE, "Choose at most %d option for “%s”.",
                                    "Choose at most %d options for “%s”.", grp->max),
                       grp->max, group_label (grp));
        }
      else
        continue;

      if (group != NULL)
        *group = grp;
      return FALSE;
    }

  return TRUE;
}

/* Cents for one unit: the item's price and each modifier's (order protocol §3.7). */
gint64
galley_cart_line_get_unit_price (GalleyCartLine *self)
{
  gint64 price;

  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), 0);

  if (self->item == NULL)
    return 0;
  price = galley_menu_item_get_price (self->item);
  for (guint i = 0; i < self->modifiers->len; i++)
    price += g_array_index (self->modifiers, GalleyCartModifier, i).price;

  return price;
}

gint64
galley_cart_line_get_line_price (GalleyCartLine *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_LINE (self), 0);

  return galley_cart_line_get_unit_price (self) * (gint64) self->quantity;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
sorted_modifier_keys (GalleyCartLine *line)
{
  GPtrArray *keys = g_ptr_array_new ();

  for (guint i = 0; i < line->modifiers->len; i++)
    {
      const GalleyCartModifier *m = &g_array_index (line->modifiers, GalleyCartModifier, i);

      /* free text is compared by its words: its id is only its position */
      g_ptr_array_add (keys, m->group_id == NULL && g_str_has_prefix (m->id, "voice-mod-")
                             ? m->name : m->id);
    }
  g_ptr_array_sort (keys, compare_strings);

  return keys;
}

/* Whether @b may be merged into @a (spec/voice.md §5.2): both confirmed, same menu item,
 * same modifiers (in any order), same notes and allergy notes. */
gboolean
galley_cart_line_same_order (GalleyCartLine *a,
                             GalleyCartLine *b)
{
  g_autoptr(GPtrArray) ka = NULL;
  g_autoptr(GPtrArray) kb = NULL;

  g_return_val_if_fail (GALLEY_IS_CART_LINE (a), FALSE);
  g_return_val_if_fail (GALLEY_IS_CART_LINE (b), FALSE);

  if (a->item == NULL || b->item == NULL ||
      galley_cart_line_get_unsure (a) || galley_cart_line_get_unsure (b) ||
      a->unavailable || b->unavailable ||
      g_strcmp0 (galley_menu_item_get_id (a->item), galley_menu_item_get_id (b->item)) != 0 ||
      g_strcmp0 (a->notes, b->notes) != 0 ||
      g_strcmp0 (a->allergy_notes, b->allergy_notes) != 0 ||
      a->modifiers->len != b->modifiers->len)
    return FALSE;

  ka = sorted_modifier_keys (a);
  kb = sorted_modifier_keys (b);
  for (guint i = 0; i < ka->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ka, i), g_ptr_array_index (kb, i)) != 0)
      return FALSE;

  return TRUE;
}
