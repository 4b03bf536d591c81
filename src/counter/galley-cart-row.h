/* galley-cart-row.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cart/galley-cart.h"

G_BEGIN_DECLS

#define GALLEY_TYPE_CART_ROW (galley_cart_row_get_type ())
G_DECLARE_FINAL_TYPE (GalleyCartRow, galley_cart_row, GALLEY, CART_ROW, GtkWidget)

GtkWidget      *galley_cart_row_new           (GalleyCart     *cart,
                                               GalleyCartLine *line);
GalleyCartLine *galley_cart_row_get_line      (GalleyCartRow  *self);
gboolean        galley_cart_row_change_quantity (GalleyCartRow *self,
                                               int             delta);
gboolean        galley_cart_row_remove        (GalleyCartRow  *self);
gboolean        galley_cart_row_confirm       (GalleyCartRow  *self);
gboolean        galley_cart_row_choose        (GalleyCartRow  *self,
                                               GalleyMenuItem *item);

G_END_DECLS
