/* galley-kitchen-view.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/galley-services.h"
#include "kitchen/galley-board.h"

G_BEGIN_DECLS

#define GALLEY_TYPE_KITCHEN_VIEW (galley_kitchen_view_get_type ())
G_DECLARE_FINAL_TYPE (GalleyKitchenView, galley_kitchen_view, GALLEY, KITCHEN_VIEW, GtkWidget)

GtkWidget      *galley_kitchen_view_new             (GalleyServices    *services,
                                                     gboolean           expo);
GalleyServices *galley_kitchen_view_get_services    (GalleyKitchenView *self);
GalleyBoard    *galley_kitchen_view_get_board       (GalleyKitchenView *self);
gboolean        galley_kitchen_view_get_expo        (GalleyKitchenView *self);
guint           galley_kitchen_view_get_page        (GalleyKitchenView *self);
guint           galley_kitchen_view_get_n_pages     (GalleyKitchenView *self);
guint           galley_kitchen_view_get_page_size   (GalleyKitchenView *self);
GalleyTicket   *galley_kitchen_view_get_selected    (GalleyKitchenView *self);
GtkWidget      *galley_kitchen_view_get_card        (GalleyKitchenView *self,
                                                     GalleyTicket      *ticket);
const char     *galley_kitchen_view_get_notice      (GalleyKitchenView *self);
void            galley_kitchen_view_tick            (GalleyKitchenView *self);

G_END_DECLS
