/* galley-help-overlay.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The keyboard shortcuts window (gtk/help-overlay.ui) lists the kitchen's bump-bar keys, which
 * the cook can change in Preferences. GTK 4.8 cannot add shortcuts to a built
 * GtkShortcutsGroup, so the .ui holds one GtkShortcutsShortcut per kitchen action, named
 * "kitchen-<action>", and this fills in the configured key or hides the row when the action has
 * no key.
 */
#define G_LOG_DOMAIN "galley-window"

#include "config.h"

#include <string.h>

#include "app/galley-help-overlay.h"

#define PREFIX "kitchen-"

static guint
apply_to_tree (GtkWidget *widget,
               GVariant  *bump_keys)
{
  guint n = 0;

  if (GTK_IS_SHORTCUTS_SHORTCUT (widget) &&
      g_str_has_prefix (gtk_widget_get_name (widget), PREFIX))
    {
      const char *action = gtk_widget_get_name (widget) + strlen (PREFIX);
      const char *key = NULL;
      guint keyval = 0;

      if (g_str_equal (action, "select"))   /* digits 1–9: fixed, in the .ui */
        return 0;

      if (g_variant_lookup (bump_keys, action, "&s", &key))
        keyval = gdk_keyval_from_name (key);

      if (keyval != 0 && keyval != GDK_KEY_VoidSymbol)
        {
          g_object_set (widget, "accelerator", key, NULL);
          gtk_widget_set_visible (widget, TRUE);
          n++;
        }
      else
        {
          g_object_set (widget, "accelerator", "", NULL);
          gtk_widget_set_visible (widget, FALSE);
        }
      return n;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += apply_to_tree (child, bump_keys);

  return n;
}

/**
 * galley_help_overlay_apply_keys:
 * @overlay: the GtkShortcutsWindow built from gtk/help-overlay.ui
 * @bump_keys: the `bump-keys` setting (a{ss}: action → GDK key name)
 *
 * Shows each kitchen action's configured key in the shortcuts window; an action without a
 * (valid) key is hidden.
 *
 * Returns: how many kitchen actions have a key shown
 */
guint
galley_help_overlay_apply_keys (GtkWidget *overlay,
                                GVariant  *bump_keys)
{
  g_return_val_if_fail (GTK_IS_WIDGET (overlay), 0);
  g_return_val_if_fail (g_variant_is_of_type (bump_keys, G_VARIANT_TYPE ("a{ss}")), 0);

  return apply_to_tree (overlay, bump_keys);
}
