/* galley-testutil-gtk.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Widget-tree leak watch: before a view is destroyed, weak-reference every widget in its
 * tree (library widgets too, which the type counter cannot see); after it is destroyed,
 * assert that all of them were finalised. This caught libadwaita 1.2's
 * AdwPreferencesWindow keeping every row it ever held alive.
 *
 * Widget lookups the GUI tests share: find a widget in a tree by a predicate.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _GalleyTestWidgetWatch GalleyTestWidgetWatch;

/* Weak-references @root and every descendant. */
GalleyTestWidgetWatch *galley_test_widget_watch_new    (GtkWidget *root);
/* Number of watched widgets still alive. */
guint                  galley_test_widget_watch_alive  (GalleyTestWidgetWatch *watch);
/* Spins up to timeout_ms for all to finalise; on failure prints the survivors' types. */
gboolean               galley_test_widget_watch_wait   (GalleyTestWidgetWatch *watch,
                                                        guint                  timeout_ms);
void                   galley_test_widget_watch_free   (GalleyTestWidgetWatch *watch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GalleyTestWidgetWatch, galley_test_widget_watch_free)

/* For galley_test_spin_until (): the widget is mapped. */
gboolean               galley_test_is_mapped           (gpointer widget);

typedef gboolean (*GalleyTestWidgetMatch) (GtkWidget *widget, gconstpointer data);

/* @root or its first descendant (depth first) that @match accepts with @data, or NULL. */
GtkWidget             *galley_test_find_widget         (GtkWidget             *root,
                                                        GalleyTestWidgetMatch  match,
                                                        gconstpointer          data);
/* Matches: a visible GtkButton whose label is @label. */
gboolean               galley_test_is_button_labelled  (GtkWidget     *widget,
                                                        gconstpointer  label);
/* Matches: a visible GtkLabel whose text is @text. */
gboolean               galley_test_is_visible_label    (GtkWidget     *widget,
                                                        gconstpointer  text);

G_END_DECLS
