/* galley-services.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "demo/galley-demo-server.h"
#include "diag/galley-sampler.h"
#include "util/galley-clock.h"

G_BEGIN_DECLS

#define GALLEY_TYPE_SERVICES (galley_services_get_type ())
G_DECLARE_FINAL_TYPE (GalleyServices, galley_services, GALLEY, SERVICES, GObject)

GalleyServices   *galley_services_new                (GSettings        *settings,
                                                      GalleyDemoServer *demo_server);
GSettings        *galley_services_get_settings       (GalleyServices   *self);
GalleySampler    *galley_services_get_sampler        (GalleyServices   *self);
GalleyClock      *galley_services_get_clock          (GalleyServices   *self);
GalleyDemoServer *galley_services_get_demo_server    (GalleyServices   *self);
const char       *galley_services_get_server_url     (GalleyServices   *self);
const char       *galley_services_get_restaurant_id  (GalleyServices   *self);
const char       *galley_services_get_station        (GalleyServices   *self);
void              galley_services_set_overrides      (GalleyServices   *self,
                                                      const char       *server_url,
                                                      const char       *restaurant_id,
                                                      const char       *station);
void              galley_services_start              (GalleyServices   *self);
void              galley_services_shutdown           (GalleyServices   *self);

G_END_DECLS
