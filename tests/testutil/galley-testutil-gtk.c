/* galley-testutil-gtk.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "galley-testutil-gtk.h"
#include "galley-testutil.h"

struct _GalleyTestWidgetWatch
{
  GHashTable *alive;   /* GObject * -> type name (static) */
};

static void
widget_finalized_cb (gpointer  data,
                     GObject  *where_the_object_was)
{
  GalleyTestWidgetWatch *watch = data;

  g_hash_table_remove (watch->alive, where_the_object_was);
}

static void
watch_tree (GalleyTestWidgetWatch *watch,
            GtkWidget             *widget)
{
  /* GTK keeps one tooltip window per display and reuses it for every window: not ours */
  if (g_strcmp0 (G_OBJECT_TYPE_NAME (widget), "GtkTooltipWindow") == 0)
    return;

  if (!g_hash_table_contains (watch->alive, widget))
    {
      g_hash_table_insert (watch->alive, widget, (gpointer) G_OBJECT_TYPE_NAME (widget));
      g_object_weak_ref (G_OBJECT (widget), widget_finalized_cb, watch);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    watch_tree (watch, child);
}

GalleyTestWidgetWatch *
galley_test_widget_watch_new (GtkWidget *root)
{
  GalleyTestWidgetWatch *watch = g_new0 (GalleyTestWidgetWatch, 1);

  watch->alive = g_hash_table_new (NULL, NULL);
  watch_tree (watch, root);

  return watch;
}

guint
galley_test_widget_watch_alive (GalleyTestWidgetWatch *watch)
{
  return g_hash_table_size (watch->alive);
}

static gboolean
all_gone (gpointer data)
{
  return galley_test_widget_watch_alive (data) == 0;
}

gboolean
galley_test_widget_watch_wait (GalleyTestWidgetWatch *watch,
                               guint                  timeout_ms)
{
  GHashTableIter iter;
  gpointer object, name;

  if (galley_test_spin_until (all_gone, watch, timeout_ms))
    return TRUE;

  g_printerr ("%u widgets outlived their view:\n", g_hash_table_size (watch->alive));
  g_hash_table_iter_init (&iter, watch->alive);
  while (g_hash_table_iter_next (&iter, &object, &name))
    g_printerr ("  %s %p (ref_count %u)\n", (const char *) name, object,
                G_OBJECT (object)->ref_count);

  return FALSE;
}

void
galley_test_widget_watch_free (GalleyTestWidgetWatch *watch)
{
  GHashTableIter iter;
  gpointer object;

  if (watch == NULL)
    return;

  g_hash_table_iter_init (&iter, watch->alive);
  while (g_hash_table_iter_next (&iter, &object, NULL))
    g_object_weak_unref (object, widget_finalized_cb, watch);
  g_hash_table_unref (watch->alive);
  g_free (watch);
}

gboolean
galley_test_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

GtkWidget *
galley_test_find_widget (GtkWidget             *root,
                         GalleyTestWidgetMatch  match,
                         gconstpointer          data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = galley_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

gboolean
galley_test_is_button_labelled (GtkWidget     *widget,
                                gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

gboolean
galley_test_is_visible_label (GtkWidget     *widget,
                              gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}
