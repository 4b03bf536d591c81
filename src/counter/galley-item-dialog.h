/* galley-item-dialog.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cart/galley-cart.h"
#include "menu/galley-menu.h"

G_BEGIN_DECLS

#define GALLEY_TYPE_ITEM_DIALOG (galley_item_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GalleyItemDialog, galley_item_dialog, GALLEY, ITEM_DIALOG, AdwWindow)

GtkWidget      *galley_item_dialog_new          (GtkWindow        *parent,
                                                 GalleyMenu       *menu,
                                                 GalleyCart       *cart,
                                                 GalleyMenuItem   *item);
GtkWidget      *galley_item_dialog_new_for_line (GtkWindow        *parent,
                                                 GalleyMenu       *menu,
                                                 GalleyCart       *cart,
                                                 GalleyCartLine   *line);
GalleyCartLine *galley_item_dialog_get_line     (GalleyItemDialog *self);

G_END_DECLS
