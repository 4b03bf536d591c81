/* galley-cart-panel.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cart/galley-cart.h"
#include "counter/galley-cart-row.h"

G_BEGIN_DECLS

#define GALLEY_TYPE_CART_PANEL (galley_cart_panel_get_type ())
G_DECLARE_FINAL_TYPE (GalleyCartPanel, galley_cart_panel, GALLEY, CART_PANEL, GtkWidget)

GtkWidget      *galley_cart_panel_new               (void);
GalleyCart     *galley_cart_panel_get_cart          (GalleyCartPanel *self);
void            galley_cart_panel_set_cart          (GalleyCartPanel *self,
                                                     GalleyCart      *cart);
void            galley_cart_panel_set_reason        (GalleyCartPanel *self,
                                                     const char      *reason);
const char     *galley_cart_panel_get_reason        (GalleyCartPanel *self);
GalleyCartLine *galley_cart_panel_get_selected_line (GalleyCartPanel *self);
void            galley_cart_panel_select_line       (GalleyCartPanel *self,
                                                     GalleyCartLine  *line);
GalleyCartRow  *galley_cart_panel_get_row           (GalleyCartPanel *self,
                                                     guint            position);
char           *galley_cart_panel_dup_totals_text   (GalleyCartPanel *self);

G_END_DECLS
