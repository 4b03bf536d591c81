/* galley-preferences-window.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GALLEY_TYPE_PREFERENCES_WINDOW (galley_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (GalleyPreferencesWindow, galley_preferences_window, GALLEY,
                      PREFERENCES_WINDOW, AdwWindow)

GalleyPreferencesWindow *galley_preferences_window_new  (GtkWindow               *parent,
                                                         GSettings               *settings);
void                     galley_preferences_window_set_categories
                                                        (GalleyPreferencesWindow *self,
                                                         const char * const      *slugs);

G_END_DECLS
