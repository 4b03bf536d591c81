/* galley-menu-panel-categories.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyMenuPanel's categories facet: "All" and a toggle button per menu category, rebuilt
 * when the menu's categories change, the chosen one kept while it exists.
 */
#define G_LOG_DOMAIN "galley-menu-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "counter/galley-menu-panel-private.h"

static void
set_category (GalleyMenuPanel *self,
              const char      *category_id)
{
  if (category_id == NULL)
    category_id = "";
  if (g_strcmp0 (category_id, self->category_id) == 0)
    return;
  g_free (self->category_id);
  self->category_id = g_strdup (category_id);
  _galley_menu_panel_refilter (self, FALSE);
}

static void
category_toggled_cb (GtkToggleButton *button,
                     GalleyMenuPanel *self)
{
  if (self->building_categories || !gtk_toggle_button_get_active (button))
    return;
  set_category (self, g_object_get_data (G_OBJECT (button), "galley-category-id"));
}

static GtkWidget *
add_category_button (GalleyMenuPanel *self,
                     const char      *label,
                     const char      *category_id,
                     GtkWidget       *group)
{
  GtkWidget *button = gtk_toggle_button_new_with_label (label);

  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "category-button");
  g_object_set_data_full (G_OBJECT (button), "galley-category-id", g_strdup (category_id),
                          g_free);
  if (group != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), GTK_TOGGLE_BUTTON (group));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button),
                                g_strcmp0 (category_id, self->category_id) == 0);
  g_signal_connect (button, "toggled", G_CALLBACK (category_toggled_cb), self);
  gtk_box_append (self->category_box, button);

  return button;
}

/* "All" and one button per category, the chosen one kept; a category that left the menu
 * falls back to All. */
void
_galley_menu_panel_rebuild_categories (GalleyMenuPanel *self)
{
  GListModel *categories = galley_menu_get_categories (self->menu);
  guint n = g_list_model_get_n_items (categories);
  gboolean found = *self->category_id == '\0';
  GtkWidget *child, *all;

  for (guint i = 0; i < n && !found; i++)
    {
      g_autoptr(GalleyMenuCategory) category = g_list_model_get_item (categories, i);

      found = g_strcmp0 (galley_menu_category_get_id (category), self->category_id) == 0;
    }
  if (!found)
    set_category (self, "");

  self->building_categories = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->category_box))) != NULL)
    gtk_box_remove (self->category_box, child);
  all = add_category_button (self, C_("menu category", "All"), "", NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyMenuCategory) category = g_list_model_get_item (categories, i);

      add_category_button (self, galley_menu_category_get_name (category),
                           galley_menu_category_get_id (category), all);
    }
  self->building_categories = FALSE;
}

/* ------------------------------------------------------------------ tests */

/* As a tap on the category's button would (NULL or "": All). */
void
_galley_menu_panel_set_category (GalleyMenuPanel *self,
                                 const char      *category_id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->category_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "galley-category-id"),
                   category_id != NULL ? category_id : "") == 0)
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child), TRUE);
}

/* category buttons, "All" included */
guint
_galley_menu_panel_get_n_categories (GalleyMenuPanel *self)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->category_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}
