/* galley-cart-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the cart module's files (galley-cart*.c) and its tests only.
 */
#pragma once

#include "cart/galley-cart.h"

G_BEGIN_DECLS

void     _galley_cart_line_set_id       (GalleyCartLine *line,
                                         const char     *id);
gpointer _galley_cart_line_get_owner    (GalleyCartLine *line);
void     _galley_cart_line_set_owner    (GalleyCartLine *line,
                                         gpointer        owner);
gboolean _galley_cart_line_rebind       (GalleyCartLine *line,
                                         GalleyMenu     *menu);
void     _galley_cart_line_add_quantity (GalleyCartLine *line,
                                         guint           quantity);

gboolean _galley_cart_check_quantity    (guint           quantity,
                                         gboolean        confirmed,
                                         GError        **error);

G_END_DECLS
