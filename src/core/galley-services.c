/* galley-services.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application's shared services in one object, handed to the window and from it to each
 * view: settings, the shared clock, the resource sampler and, with --demo, the embedded demo
 * server. Views never reach for globals; a test builds its own GalleyServices.
 */
#define G_LOG_DOMAIN "galley-services"

#include "core/galley-services.h"

struct _GalleyServices
{
  GObject           parent_instance;

  GSettings        *settings;
  GalleyDemoServer *demo_server;
  GalleySampler    *sampler;
  GalleyClock      *clock;
  gulong            settings_changed_id;

  /* command-line values win over settings for this run only */
  char             *server_url_override;
  char             *restaurant_override;
  char             *station_override;

  char             *server_url;
  char             *restaurant_id;
  char             *station;
};

G_DEFINE_FINAL_TYPE (GalleyServices, galley_services, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_DEMO_SERVER,
  PROP_SERVER_URL,
  PROP_RESTAURANT_ID,
  PROP_STATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
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
    return;

  g_free (*field);
  *field = g_steal_pointer (&value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
update_all (GalleyServices *self)
{
  update_value (self, &self->server_url, self->server_url_override, "server-url",
                PROP_SERVER_URL);
  update_value (self, &self->restaurant_id, self->restaurant_override, "restaurant-id",
                PROP_RESTAURANT_ID);
  update_value (self, &self->station, self->station_override, "station", PROP_STATION);
}

static void
settings_changed_cb (GalleyServices *self,
                     const char     *key,
                     GSettings      *settings)
{
  update_all (self);
}

static void
galley_services_constructed (GObject *object)
{
  GalleyServices *self = GALLEY_SERVICES (object);

  G_OBJECT_CLASS (galley_services_parent_class)->constructed (object);

  g_assert (self->settings != NULL);

  self->settings_changed_id = g_signal_connect_object (self->settings, "changed",
                                                       G_CALLBACK (settings_changed_cb), self,
                                                       G_CONNECT_SWAPPED);
  update_all (self);
}

static void
galley_services_dispose (GObject *object)
{
  GalleyServices *self = GALLEY_SERVICES (object);

  /* 2. handlers on the settings, which the application may keep */
  g_clear_signal_handler (&self->settings_changed_id, self->settings);

  /* 4. the demo server's sockets and listener */
  if (self->demo_server != NULL)
    galley_demo_server_stop (self->demo_server);

  /* 5. references */
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

  g_free (self->server_url_override);
  g_free (self->restaurant_override);
  g_free (self->station_override);
  g_free (self->server_url);
  g_free (self->restaurant_id);
  g_free (self->station);

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

    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;

    case PROP_RESTAURANT_ID:
      g_value_set_string (value, self->restaurant_id);
      break;

    case PROP_STATION:
      g_value_set_string (value, self->station);
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
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESTAURANT_ID] =
    g_param_spec_string ("restaurant-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATION] =
    g_param_spec_string ("station", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_services_init (GalleyServices *self)
{
  self->sampler = galley_sampler_new (5000);
  self->clock = galley_clock_get_default ();
}

/**
 * galley_services_new:
 * @settings: the application's settings
 * @demo_server: (nullable): a running demo server, which then is the restaurant server
 *
 * Returns: (transfer full): the services
 */
GalleyServices *
galley_services_new (GSettings        *settings,
                     GalleyDemoServer *demo_server)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (demo_server == NULL || GALLEY_IS_DEMO_SERVER (demo_server), NULL);

  return g_object_new (GALLEY_TYPE_SERVICES,
                       "settings", settings,
                       "demo-server", demo_server,
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
 * Starts the background work of a running application (resource sampling).
 */
void
galley_services_start (GalleyServices *self)
{
  g_return_if_fail (GALLEY_IS_SERVICES (self));

  galley_sampler_start (self->sampler);
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

  galley_sampler_stop (self->sampler);
  if (self->demo_server != NULL)
    galley_demo_server_stop (self->demo_server);
}
