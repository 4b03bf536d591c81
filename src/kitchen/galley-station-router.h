/* galley-station-router.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "menu/galley-menu.h"
#include "orders/galley-order.h"

G_BEGIN_DECLS

#define GALLEY_TYPE_STATION_ROUTER (galley_station_router_get_type ())
G_DECLARE_FINAL_TYPE (GalleyStationRouter, galley_station_router, GALLEY, STATION_ROUTER, GObject)

GalleyStationRouter *galley_station_router_new                    (GSettings           *settings,
                                                                   GalleyMenu          *menu);
GSettings           *galley_station_router_get_settings           (GalleyStationRouter *self);
GalleyMenu          *galley_station_router_get_menu               (GalleyStationRouter *self);

const char          *galley_station_router_route_item             (GalleyStationRouter *self,
                                                                   GalleyOrderItem     *item);
const char          *galley_station_router_route_menu_item        (GalleyStationRouter *self,
                                                                   GalleyMenuItem      *item);
GStrv                galley_station_router_dup_stations_for_order (GalleyStationRouter *self,
                                                                   GalleyOrder         *order);
gboolean             galley_station_router_order_has_unrouted     (GalleyStationRouter *self,
                                                                   GalleyOrder         *order);
const char * const  *galley_station_router_get_stations           (GalleyStationRouter *self);
char                *galley_station_router_dup_station_label      (GalleyStationRouter *self,
                                                                   const char          *station);
guint64              galley_station_router_get_generation         (GalleyStationRouter *self);

G_END_DECLS
