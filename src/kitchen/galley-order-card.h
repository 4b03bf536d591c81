/* galley-order-card.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kitchen/galley-ticket.h"

G_BEGIN_DECLS

#define GALLEY_TYPE_ORDER_CARD (galley_order_card_get_type ())
G_DECLARE_FINAL_TYPE (GalleyOrderCard, galley_order_card, GALLEY, ORDER_CARD, GtkWidget)

GtkWidget    *galley_order_card_new          (GalleyTicket    *ticket);
GalleyTicket *galley_order_card_get_ticket   (GalleyOrderCard *self);
guint         galley_order_card_get_position (GalleyOrderCard *self);
void          galley_order_card_set_position (GalleyOrderCard *self,
                                              guint            position);
gboolean      galley_order_card_get_selected (GalleyOrderCard *self);
void          galley_order_card_set_selected (GalleyOrderCard *self,
                                              gboolean         selected);
gboolean      galley_order_card_get_highlighted (GalleyOrderCard *self);
void          galley_order_card_set_highlighted (GalleyOrderCard *self,
                                                 gboolean         highlighted);

G_END_DECLS
