/* galley-services.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "audio/galley-audio-engine.h"
#include "audio/galley-cue-player.h"
#include "demo/galley-demo-server.h"
#include "diag/galley-sampler.h"
#include "net/galley-net-session.h"
#include "net/galley-order-feed.h"
#include "net/galley-order-link.h"
#include "net/galley-outbox.h"
#include "net/galley-rest-client.h"
#include "orders/galley-order-store.h"
#include "util/galley-clock.h"
#include "kitchen/galley-board.h"
#include "kitchen/galley-kitchen-log.h"
#include "kitchen/galley-station-router.h"
#include "menu/galley-menu.h"

G_BEGIN_DECLS

#define GALLEY_TYPE_SERVICES (galley_services_get_type ())
G_DECLARE_FINAL_TYPE (GalleyServices, galley_services, GALLEY, SERVICES, GObject)

GalleyServices   *galley_services_new                (GSettings        *settings,
                                                      GalleyDemoServer *demo_server,
                                                      const char       *state_dir);
GSettings        *galley_services_get_settings       (GalleyServices   *self);
GalleySampler    *galley_services_get_sampler        (GalleyServices   *self);
GalleyClock      *galley_services_get_clock          (GalleyServices   *self);
GalleyDemoServer *galley_services_get_demo_server    (GalleyServices   *self);
GalleyNetSession *galley_services_get_net_session    (GalleyServices   *self);
GalleyRestClient *galley_services_get_rest           (GalleyServices   *self);
GalleyOrderLink  *galley_services_get_link           (GalleyServices   *self);
GalleyOrderStore *galley_services_get_store          (GalleyServices   *self);
GalleyOrderFeed  *galley_services_get_feed           (GalleyServices   *self);
GalleyOutbox     *galley_services_get_outbox         (GalleyServices   *self);
const char       *galley_services_get_outbox_error   (GalleyServices   *self);
const char       *galley_services_get_server_url     (GalleyServices   *self);
const char       *galley_services_get_restaurant_id  (GalleyServices   *self);
const char       *galley_services_get_station        (GalleyServices   *self);
const char       *galley_services_get_signed_in_role (GalleyServices   *self);
void              galley_services_set_overrides      (GalleyServices   *self,
                                                      const char       *server_url,
                                                      const char       *restaurant_id,
                                                      const char       *station);
void              galley_services_sign_in_token      (GalleyServices   *self,
                                                      const char       *token,
                                                      const char       *role);
void              galley_services_sign_in            (GalleyServices   *self,
                                                      const GalleyRestLogin *login);
void              galley_services_sign_in_pin_async  (GalleyServices   *self,
                                                      const char       *pin,
                                                      GCancellable     *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer          user_data);
gboolean          galley_services_sign_in_pin_finish (GalleyServices   *self,
                                                      GAsyncResult     *result,
                                                      GError          **error);
void              galley_services_sign_in_email_async  (GalleyServices *self,
                                                        const char     *email,
                                                        const char     *password,
                                                        GCancellable   *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer        user_data);
gboolean          galley_services_sign_in_email_finish (GalleyServices *self,
                                                        GAsyncResult   *result,
                                                        GError        **error);
void              galley_services_sign_out           (GalleyServices   *self);
const char       *galley_services_get_user_name      (GalleyServices   *self);
GalleyMenu       *galley_services_get_menu           (GalleyServices   *self);
GalleyStationRouter *galley_services_get_router      (GalleyServices   *self);
GalleyKitchenLog *galley_services_get_kitchen_log    (GalleyServices   *self);
const char       *galley_services_get_kitchen_log_error (GalleyServices *self);
GalleyCuePlayer  *galley_services_get_cue_player     (GalleyServices   *self);
GalleyAudioEngine *galley_services_get_audio_engine (GalleyServices   *self);
void              galley_services_play_cue           (GalleyServices   *self,
                                                      GalleyBoardCue    cue);
void              galley_services_test_sound         (GalleyServices   *self);
void              galley_services_start              (GalleyServices   *self);
void              galley_services_shutdown           (GalleyServices   *self);

G_END_DECLS
