/* galley-services.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application's shared services in one object, handed to the window and from it to each
 * view: settings, the shared clock, the resource sampler, the network session, the REST
 * client, the order link, the order store with the feed that keeps it, the durable outbox
 * and, with --demo, the embedded demo server. Views never reach for globals; a test builds
 * its own GalleyServices.
 */
#define G_LOG_DOMAIN "galley-services"

#include <glib/gi18n.h>

#include "core/galley-services-private.h"
#include "util/galley-weak.h"


G_DEFINE_FINAL_TYPE (GalleyServices, galley_services, G_TYPE_OBJECT)


GParamSpec *_galley_services_properties[N_PROPS];

#define properties _galley_services_properties

static gboolean
update_value (GalleyServices  *self,
              char           **field,
              const char      *override,
              const char      *key,
              int              prop)
{
  g_autofree char *value = NULL;

  if (override != NULL)
    value = g_strdup (override);
  else if (self->demo_server != NULL && prop == PROP_SERVER_URL)
    value = galley_demo_server_dup_base_url (self->demo_server);
  else if (self->demo_server != NULL && prop == PROP_RESTAURANT_ID)
    value = g_strdup (galley_demo_server_get_restaurant_id (self->demo_server));
  else
    value = g_settings_get_string (self->settings, key);

  if (g_strcmp0 (value, *field) == 0)
    return FALSE;

  g_free (*field);
  *field = g_steal_pointer (&value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);

  return TRUE;
}

static void
update_all (GalleyServices *self)
{
  gboolean endpoint_changed = FALSE;

  endpoint_changed |= update_value (self, &self->server_url, self->server_url_override,
                                    "server-url", PROP_SERVER_URL);
  endpoint_changed |= update_value (self, &self->restaurant_id, self->restaurant_override,
                                    "restaurant-id", PROP_RESTAURANT_ID);
  update_value (self, &self->station, self->station_override, "station", PROP_STATION);

  if (endpoint_changed && self->rest != NULL)
    {
      galley_rest_client_set_base_url (self->rest, self->server_url);
      galley_rest_client_set_restaurant_id (self->rest, self->restaurant_id);
      galley_order_link_configure (self->link, self->server_url, self->restaurant_id);
    }
}

static void
settings_changed_cb (GalleyServices *self,
                     const char     *key,
                     GSettings      *settings)
{
  update_all (self);
}

/* The outbox sends only while the link is live: after the snapshot (R-OUT-2). */
static void
link_state_cb (GalleyServices *self,
               GParamSpec     *pspec,
               GalleyOrderLink *link)
{
  if (self->outbox != NULL)
    galley_outbox_set_live (self->outbox,
                            galley_order_link_get_state (link) == GALLEY_LINK_LIVE);
}

static void
galley_services_constructed (GObject *object)
{
  GalleyServices *self = GALLEY_SERVICES (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (galley_services_parent_class)->constructed (object);

  g_assert (self->settings != NULL);

  self->rest = galley_rest_client_new (self->net_session);
  self->link = galley_order_link_new (self->net_session);
  self->feed = galley_order_feed_new (self->link, self->rest, self->store);
  {
    g_autofree char *outbox_path = self->state_dir != NULL
                                   ? g_build_filename (self->state_dir, "outbox.sqlite", NULL)
                                   : NULL;

    self->outbox = galley_outbox_new (outbox_path, self->rest, self->store, &error);
  }
  if (self->outbox == NULL)
    {
      g_warning ("The outbox cannot be used: %s", error->message);
      self->outbox_error = g_strdup (error->message);
    }

  _galley_services_kitchen_init (self);

  self->link_state_id = g_signal_connect_swapped (self->link, "notify::state",
                                                  G_CALLBACK (link_state_cb), self);
  self->settings_changed_id = g_signal_connect_object (self->settings, "changed",
                                                       G_CALLBACK (settings_changed_cb), self,
                                                       G_CONNECT_SWAPPED);
  update_all (self);
  galley_rest_client_set_base_url (self->rest, self->server_url);
  galley_rest_client_set_restaurant_id (self->rest, self->restaurant_id);
  galley_order_link_configure (self->link, self->server_url, self->restaurant_id);
}

static void
galley_services_dispose (GObject *object)
{
  GalleyServices *self = GALLEY_SERVICES (object);

  /* 2. handlers on the settings (which the application may keep) and the link */
  g_clear_signal_handler (&self->settings_changed_id, self->settings);
  g_clear_signal_handler (&self->link_state_id, self->link);

  /* 3. a sign-in in flight, or waiting to be tried again */
  g_clear_handle_id (&self->demo_sign_in_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  /* 4. the feed's subscription and the outbox's database; the demo server's sockets */
  if (self->feed != NULL)
    galley_order_feed_stop (self->feed);
  if (self->demo_server != NULL)
    galley_demo_server_stop (self->demo_server);

  /* 5. references, users before what they use */
  _galley_services_kitchen_dispose (self);
  g_clear_object (&self->feed);
  g_clear_object (&self->outbox);
  g_clear_object (&self->link);
  g_clear_object (&self->rest);
  g_clear_object (&self->store);
  g_clear_object (&self->net_session);
  g_clear_object (&self->sampler);
  g_clear_object (&self->clock);
  g_clear_object (&self->demo_server);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (galley_services_parent_class)->dispose (object);
}

static void
galley_services_finalize (GObject *object)
{
  GalleyServices *self = GALLEY_SERVICES (object);

  g_assert (self->settings_changed_id == 0);
  g_assert (self->link_state_id == 0);

  g_free (self->state_dir);
  g_free (self->kitchen_log_error);
  g_free (self->user_name);
  g_free (self->outbox_error);
  g_free (self->server_url_override);
  g_free (self->restaurant_override);
  g_free (self->station_override);
  g_free (self->server_url);
  g_free (self->restaurant_id);
  g_free (self->station);
  g_free (self->role);

  G_OBJECT_CLASS (galley_services_parent_class)->finalize (object);
}

static void
galley_services_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GalleyServices *self = GALLEY_SERVICES (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_DEMO_SERVER:
      g_value_set_object (value, self->demo_server);
      break;

    case PROP_STATE_DIR:
      g_value_set_string (value, self->state_dir);
      break;

    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;

    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;

    case PROP_RESTAURANT_ID:
      g_value_set_string (value, self->restaurant_id);
      break;

    case PROP_STATION:
      g_value_set_string (value, self->station);
      break;

    case PROP_SIGNED_IN_ROLE:
      g_value_set_string (value, self->role);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_services_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GalleyServices *self = GALLEY_SERVICES (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_DEMO_SERVER:
      self->demo_server = g_value_dup_object (value);
      break;

    case PROP_STATE_DIR:
      self->state_dir = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_services_class_init (GalleyServicesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = galley_services_constructed;
  object_class->dispose = galley_services_dispose;
  object_class->finalize = galley_services_finalize;
  object_class->get_property = galley_services_get_property;
  object_class->set_property = galley_services_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEMO_SERVER] =
    g_param_spec_object ("demo-server", NULL, NULL, GALLEY_TYPE_DEMO_SERVER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_DIR] =
    g_param_spec_string ("state-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_NAME] =
    g_param_spec_string ("user-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESTAURANT_ID] =
    g_param_spec_string ("restaurant-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATION] =
    g_param_spec_string ("station", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIGNED_IN_ROLE] =
    g_param_spec_string ("signed-in-role", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_services_init (GalleyServices *self)
{
  self->sampler = galley_sampler_new (5000);
  self->clock = galley_clock_get_default ();
  self->net_session = galley_net_session_get_default ();
  self->store = galley_order_store_new ();
  self->cancellable = g_cancellable_new ();
}

/**
 * galley_services_new:
 * @settings: the application's settings
 * @demo_server: (nullable): a running demo server, which then is the restaurant server
 * @state_dir: (nullable): the folder for the outbox, the kitchen log and the menu cache, or
 *   %NULL for the usual places ($XDG_STATE_HOME/galley, $XDG_CACHE_HOME/galley)
 *
 * Returns: (transfer full): the services, not started
 */
GalleyServices *
galley_services_new (GSettings        *settings,
                     GalleyDemoServer *demo_server,
                     const char       *state_dir)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (demo_server == NULL || GALLEY_IS_DEMO_SERVER (demo_server), NULL);

  return g_object_new (GALLEY_TYPE_SERVICES,
                       "settings", settings,
                       "demo-server", demo_server,
                       "state-dir", state_dir,
                       NULL);
}

/**
 * galley_services_get_settings:
 *
 * Returns: (transfer none): the settings
 */
GSettings *
galley_services_get_settings (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->settings;
}

/**
 * galley_services_get_sampler:
 *
 * Returns: (transfer none): the resource sampler
 */
GalleySampler *
galley_services_get_sampler (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->sampler;
}

/**
 * galley_services_get_clock:
 *
 * Returns: (transfer none): the shared one-second clock
 */
GalleyClock *
galley_services_get_clock (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->clock;
}

/**
 * galley_services_get_demo_server:
 *
 * Returns: (transfer none) (nullable): the embedded demo server
 */
GalleyDemoServer *
galley_services_get_demo_server (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->demo_server;
}

/**
 * galley_services_get_net_session:
 *
 * Returns: (transfer none): the process's network session
 */
GalleyNetSession *
galley_services_get_net_session (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->net_session;
}

/**
 * galley_services_get_rest:
 *
 * Returns: (transfer none): the REST client
 */
GalleyRestClient *
galley_services_get_rest (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->rest;
}

/**
 * galley_services_get_link:
 *
 * Returns: (transfer none): the shared order link
 */
GalleyOrderLink *
galley_services_get_link (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->link;
}

/**
 * galley_services_get_store:
 *
 * Returns: (transfer none): the live orders
 */
GalleyOrderStore *
galley_services_get_store (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->store;
}

/**
 * galley_services_get_feed:
 *
 * Returns: (transfer none): the feed that keeps the store
 */
GalleyOrderFeed *
galley_services_get_feed (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->feed;
}

/**
 * galley_services_get_outbox:
 *
 * Returns: (transfer none) (nullable): the outbox, or %NULL if its database cannot be used
 */
GalleyOutbox *
galley_services_get_outbox (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->outbox;
}

/**
 * galley_services_get_outbox_error:
 *
 * Returns: (nullable): why the outbox cannot be used, for the person at the screen
 */
const char *
galley_services_get_outbox_error (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->outbox_error;
}

const char *
galley_services_get_server_url (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->server_url;
}

const char *
galley_services_get_restaurant_id (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->restaurant_id;
}

const char *
galley_services_get_station (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->station;
}

/**
 * galley_services_get_signed_in_role:
 *
 * Returns: (nullable): the signed-in user's role ("kitchen", "expo", …)
 */
const char *
galley_services_get_signed_in_role (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->role;
}

/**
 * galley_services_set_overrides:
 * @server_url: (nullable): from --server
 * @restaurant_id: (nullable): from --restaurant
 * @station: (nullable): from --station
 *
 * Values given on the command line win over the settings for this run, without changing
 * what is saved.
 */
void
galley_services_set_overrides (GalleyServices *self,
                               const char     *server_url,
                               const char     *restaurant_id,
                               const char     *station)
{
  g_return_if_fail (GALLEY_IS_SERVICES (self));

  g_free (self->server_url_override);
  self->server_url_override = g_strdup (server_url);
  g_free (self->restaurant_override);
  self->restaurant_override = g_strdup (restaurant_id);
  g_free (self->station_override);
  self->station_override = g_strdup (station);

  update_all (self);
}

/**
 * galley_services_start:
 *
 * Starts the background work of a running application: resource sampling and the order
 * feed. With the demo server, Galley first signs in with the demo PIN of the station's role.
 */
void
galley_services_start (GalleyServices *self)
{
  g_return_if_fail (GALLEY_IS_SERVICES (self));

  galley_sampler_start (self->sampler);

  if (self->demo_server != NULL && !galley_rest_client_has_token (self->rest))
    {
      _galley_services_demo_sign_in (self);
      return;
    }

  galley_order_feed_start (self->feed);
}

/**
 * galley_services_shutdown:
 *
 * Stops everything the services run; they can be disposed afterwards.
 */
void
galley_services_shutdown (GalleyServices *self)
{
  g_return_if_fail (GALLEY_IS_SERVICES (self));

  g_clear_handle_id (&self->demo_sign_in_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  galley_sampler_stop (self->sampler);
  galley_order_feed_stop (self->feed);
  if (self->outbox != NULL)
    galley_outbox_set_live (self->outbox, FALSE);
  if (self->demo_server != NULL)
    galley_demo_server_stop (self->demo_server);
}
