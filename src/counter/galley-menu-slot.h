/* galley-menu-slot.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "menu/galley-menu-item.h"

G_BEGIN_DECLS

#define GALLEY_TYPE_MENU_SLOT (galley_menu_slot_get_type ())
G_DECLARE_FINAL_TYPE (GalleyMenuSlot, galley_menu_slot, GALLEY, MENU_SLOT, GObject)

GalleyMenuSlot *galley_menu_slot_new      (GalleyMenuItem *item);
GalleyMenuItem *galley_menu_slot_get_item (GalleyMenuSlot *self);
void            galley_menu_slot_set_item (GalleyMenuSlot *self,
                                           GalleyMenuItem *item);

G_END_DECLS
