/* galley-testutil-gtk.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Widget-tree leak watch: before a view is destroyed, weak-reference every widget in its
 * tree (library widgets too, which the type counter cannot see); after it is destroyed,
 * assert that all of them were finalised. This caught libadwaita 1.2's
 * AdwPreferencesWindow keeping every row it ever held alive.
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

G_END_DECLS
