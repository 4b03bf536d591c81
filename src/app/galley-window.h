/* galley-window.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/galley-services.h"

G_BEGIN_DECLS

#define GALLEY_TYPE_WINDOW (galley_window_get_type ())
G_DECLARE_FINAL_TYPE (GalleyWindow, galley_window, GALLEY, WINDOW, AdwApplicationWindow)

GalleyWindow   *galley_window_new              (GtkApplication *application,
                                                GalleyServices *services);
GalleyServices *galley_window_get_services     (GalleyWindow   *self);
const char     *galley_window_get_visible_view (GalleyWindow   *self);
void            galley_window_show_view        (GalleyWindow   *self,
                                                const char     *name);
void            galley_window_show_toast       (GalleyWindow   *self,
                                                const char     *message);

G_END_DECLS
