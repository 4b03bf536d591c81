/* galley-services-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by galley-services.c and its satellites (galley-services-session.c,
 * galley-services-kitchen.c) only.
 */
#pragma once

#include "core/galley-services.h"

G_BEGIN_DECLS

struct _GalleyServices
{
  GObject           parent_instance;

  GSettings        *settings;
  GalleyDemoServer *demo_server;
  char             *state_dir;      /* outbox, kitchen log and menu cache; NULL: XDG */
  GalleySampler    *sampler;
  GalleyClock      *clock;
  GalleyNetSession *net_session;
  GalleyRestClient *rest;
  GalleyOrderLink  *link;
  GalleyOrderStore *store;
  GalleyOrderFeed  *feed;
  GalleyOutbox     *outbox;
  char             *outbox_error;
  GalleyMenu       *menu;
  GalleyStationRouter *router;
  GalleyKitchenLog *kitchen_log;
  GalleyAudioEngine *audio_engine;
  GalleyCuePlayer  *cue_player;
  char             *kitchen_log_error;
  GCancellable     *menu_cancellable;
  gboolean          menu_loading;
  GCancellable     *cancellable;
  gulong            settings_changed_id;
  gulong            link_state_id;
  guint             demo_sign_in_id;       /* galley-services-demo-sign-in: a retry */
  guint             demo_sign_in_attempts;

  /* command-line values win over settings for this run only */
  char             *server_url_override;
  char             *restaurant_override;
  char             *station_override;

  char             *server_url;
  char             *restaurant_id;
  char             *station;
  char             *role;
  char             *user_name;
};

typedef enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_DEMO_SERVER,
  PROP_STATE_DIR,
  PROP_SERVER_URL,
  PROP_RESTAURANT_ID,
  PROP_STATION,
  PROP_SIGNED_IN_ROLE,
  PROP_USER_NAME,
  N_PROPS
} GalleyServicesProp;

extern GParamSpec *_galley_services_properties[N_PROPS];

/* galley-services-session.c */
void _galley_services_demo_sign_in     (GalleyServices *self);

/* galley-services-kitchen.c */
void _galley_services_kitchen_init     (GalleyServices *self);
void _galley_services_kitchen_dispose  (GalleyServices *self);
void _galley_services_load_menu        (GalleyServices *self);

G_END_DECLS
