/* galley-counter-view.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cart/galley-cart.h"
#include "core/galley-services.h"
#include "counter/galley-cart-panel.h"
#include "counter/galley-counter-format.h"

G_BEGIN_DECLS

#define GALLEY_TYPE_COUNTER_VIEW (galley_counter_view_get_type ())
G_DECLARE_FINAL_TYPE (GalleyCounterView, galley_counter_view, GALLEY, COUNTER_VIEW, GtkWidget)

GtkWidget         *galley_counter_view_new              (GalleyServices    *services);
GalleyServices    *galley_counter_view_get_services     (GalleyCounterView *self);
GalleyCart        *galley_counter_view_get_cart         (GalleyCounterView *self);
GalleyCartPanel   *galley_counter_view_get_cart_panel   (GalleyCounterView *self);
GtkWidget         *galley_counter_view_get_menu_slot    (GalleyCounterView *self);

GalleyCounterType  galley_counter_view_get_order_type   (GalleyCounterView *self);
void               galley_counter_view_set_order_type   (GalleyCounterView *self,
                                                         GalleyCounterType  type);
const char        *galley_counter_view_get_table        (GalleyCounterView *self);
void               galley_counter_view_set_table        (GalleyCounterView *self,
                                                         const char        *table);
const char        *galley_counter_view_get_customer_name (GalleyCounterView *self);
void               galley_counter_view_set_customer_name (GalleyCounterView *self,
                                                         const char        *name);
gboolean           galley_counter_view_get_rush         (GalleyCounterView *self);
void               galley_counter_view_set_rush         (GalleyCounterView *self,
                                                         gboolean           rush);

const char        *galley_counter_view_get_blocker      (GalleyCounterView *self);
GtkWidget         *galley_counter_view_review           (GalleyCounterView *self);
gboolean           galley_counter_view_submit           (GalleyCounterView *self,
                                                         GError           **error);
const char        *galley_counter_view_get_client_ref   (GalleyCounterView *self);
const char        *galley_counter_view_get_message      (GalleyCounterView *self);

guint              galley_counter_view_refresh_today    (GalleyCounterView *self);
char              *galley_counter_view_dup_today_status (GalleyCounterView *self,
                                                         const char        *client_ref);
GtkWidget         *galley_counter_view_open_order       (GalleyCounterView *self,
                                                         const char        *client_ref);
gboolean           galley_counter_view_restore_order    (GalleyCounterView *self,
                                                         const char        *client_ref,
                                                         GError           **error);

G_END_DECLS
