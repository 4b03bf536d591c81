/* galley-menu-tile.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "menu/galley-menu-item.h"

G_BEGIN_DECLS

#define GALLEY_TYPE_MENU_TILE (galley_menu_tile_get_type ())
G_DECLARE_FINAL_TYPE (GalleyMenuTile, galley_menu_tile, GALLEY, MENU_TILE, GtkWidget)

GtkWidget  *galley_menu_tile_new         (void);
void        galley_menu_tile_set_item    (GalleyMenuTile *self,
                                          GalleyMenuItem *item);
const char *galley_menu_tile_get_name    (GalleyMenuTile *self);
const char *galley_menu_tile_get_details (GalleyMenuTile *self);

G_END_DECLS
