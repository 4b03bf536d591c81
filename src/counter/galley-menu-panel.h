/* galley-menu-panel.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cart/galley-cart.h"
#include "menu/galley-menu.h"

G_BEGIN_DECLS

#define GALLEY_TYPE_MENU_PANEL (galley_menu_panel_get_type ())
G_DECLARE_FINAL_TYPE (GalleyMenuPanel, galley_menu_panel, GALLEY, MENU_PANEL, GtkWidget)

GtkWidget  *galley_menu_panel_new          (GalleyMenu      *menu,
                                            GalleyCart      *cart);
void        galley_menu_panel_focus_search (GalleyMenuPanel *self);
GalleyMenu *galley_menu_panel_get_menu     (GalleyMenuPanel *self);
GalleyCart *galley_menu_panel_get_cart     (GalleyMenuPanel *self);

G_END_DECLS
