/* galley-station-router.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which kitchen station makes an order line (kitchen-and-counter.md K-13): the line's menu
 * item, that item's category, and the `station-categories` setting (category slug →
 * station), restricted to the stations of the `stations` setting. A line that cannot be
 * routed (unknown item, no or unknown category, a category mapped to no station, or to a
 * station that is not in `stations`) is unrouted: the kitchen shows it at expo with an
 * "Unrouted" alarm, never nowhere.
 *
 * Routing a line is O(1): the menu's lookups are hashed, and the category → station map is
 * rebuilt here only when the settings or the menu change. Each rebuild that changes the
 * routing bumps the generation and emits `changed`, so that views can re-route what they
 * show. Station ids are interned strings: the pointers returned stay valid for the life of
 * the process.
 */
#define G_LOG_DOMAIN "galley-station-router"

#include <glib/gi18n.h>

#include "kitchen/galley-station-router.h"
#include "util/galley-validate.h"

struct _GalleyStationRouter
{
  GObject      parent_instance;

  GSettings   *settings;
  GalleyMenu  *menu;
  gulong       stations_changed_id;
  gulong       categories_changed_id;
  gulong       menu_changed_id;

  const char **stations;            /* interned, in expo order, NULL-terminated */
  GHashTable  *station_index;       /* interned station → its index + 1 */
  GHashTable  *slug_station;        /* category slug → interned station; keys owned */
  GHashTable  *category_station;    /* category id → interned station; keys owned */
  guint64      generation;
};

G_DEFINE_FINAL_TYPE (GalleyStationRouter, galley_station_router, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_MENU,
  PROP_GENERATION,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The default stations' names; any other station shows its id with a capital. */
static const struct
{
  const char *id;
  const char *label;
} known_stations[] = {
  { "grill", NC_("kitchen station", "Grill") },
  { "fry", NC_("kitchen station", "Fry") },
  { "cold", NC_("kitchen station", "Cold") },
  { "bar", NC_("kitchen station", "Bar") },
  { "expo", NC_("kitchen station", "Expo") },
};

/* A station id as the settings should hold it ("Grill " → "grill"), or NULL. */
static const char *
intern_station (const char *text)
{
  g_autofree char *normalized = NULL;
  g_autoptr(GError) error = NULL;

  if (!galley_validate_station (text, &normalized, &error))
    {
      g_message ("Ignoring the station “%s”: %s", text, error->message);
      return NULL;
    }

  return g_intern_string (normalized);
}

/* Reads both settings keys. Mappings to stations not in `stations` are dropped (and
 * logged): their categories stay unrouted, so that the alarm shows the mistake. */
static void
read_settings (GalleyStationRouter  *self,
               const char         ***stations_out,
               GHashTable          **index_out,
               GHashTable          **slug_out)
{
  g_auto (GStrv) configured = g_settings_get_strv (self->settings, "stations");
  g_autoptr(GVariant) map = g_settings_get_value (self->settings, "station-categories");
  GPtrArray *stations = g_ptr_array_new ();
  GHashTable *index = g_hash_table_new (NULL, NULL);
  GHashTable *slugs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GVariantIter iter;
  const char *slug, *station;

  for (guint i = 0; configured[i] != NULL; i++)
    {
      const char *id = intern_station (configured[i]);

      if (id == NULL || g_hash_table_contains (index, id))
        continue;
      g_ptr_array_add (stations, (gpointer) id);
      g_hash_table_insert (index, (gpointer) id, GUINT_TO_POINTER (stations->len));
    }
  g_ptr_array_add (stations, NULL);

  g_variant_iter_init (&iter, map);
  while (g_variant_iter_next (&iter, "{&s&s}", &slug, &station))
    {
      g_autofree char *key = g_utf8_strdown (slug, -1);
      const char *id = intern_station (station);

      g_strstrip (key);
      if (*key == '\0' || id == NULL)
        continue;
      if (!g_hash_table_contains (index, id))
        {
          g_message ("The category “%s” goes to “%s”, which is not one of the stations: "
                     "its items will show as unrouted", key, id);
          continue;
        }
      g_hash_table_insert (slugs, g_steal_pointer (&key), (gpointer) id);
    }

  *stations_out = (const char **) g_ptr_array_free (stations, FALSE);
  *index_out = index;
  *slug_out = slugs;
}

static gboolean
same_map (GHashTable *a,
          GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_hash_table_lookup (b, key) != value)
      return FALSE;

  return TRUE;
}

/* category id → station, for the menu's categories as they are now. */
static void
rebuild_categories (GalleyStationRouter *self)
{
  GListModel *categories = galley_menu_get_categories (self->menu);
  guint n = g_list_model_get_n_items (categories);

  g_hash_table_remove_all (self->category_station);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyMenuCategory) category = g_list_model_get_item (categories, i);
      const char *station = g_hash_table_lookup (self->slug_station,
                                                 galley_menu_category_get_slug (category));

      if (station != NULL)
        g_hash_table_insert (self->category_station,
                             g_strdup (galley_menu_category_get_id (category)),
                             (gpointer) station);
    }
}

static void
bump (GalleyStationRouter *self)
{
  self->generation++;
  g_debug ("Routing changed (generation %" G_GUINT64_FORMAT "): %u stations, %u categories "
           "routed", self->generation, g_hash_table_size (self->station_index),
           g_hash_table_size (self->category_station));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATION]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Re-reads the settings; FALSE when the routing they give did not change. */
static gboolean
reload_settings (GalleyStationRouter *self)
{
  const char **stations = NULL;
  GHashTable *index = NULL, *slugs = NULL;
  gboolean same;

  read_settings (self, &stations, &index, &slugs);

  same = self->stations != NULL &&
         g_strv_equal ((const char * const *) self->stations, (const char * const *) stations) &&
         same_map (self->slug_station, slugs);

  g_free (self->stations);
  g_clear_pointer (&self->station_index, g_hash_table_unref);
  g_clear_pointer (&self->slug_station, g_hash_table_unref);
  self->stations = stations;
  self->station_index = index;
  self->slug_station = slugs;

  rebuild_categories (self);

  return !same;
}

static void
settings_changed_cb (GalleyStationRouter *self,
                     const char          *key,
                     GSettings           *settings)
{
  /* g_signal_connect_object() handlers can still run during our dispose (style §7) */
  if (self->menu == NULL)
    return;

  if (reload_settings (self))
    bump (self);
}

static void
menu_changed_cb (GalleyStationRouter *self,
                 GalleyMenu          *menu)
{
  if (self->menu == NULL)
    return;

  rebuild_categories (self);
  bump (self);
}

static void
galley_station_router_constructed (GObject *object)
{
  GalleyStationRouter *self = GALLEY_STATION_ROUTER (object);

  G_OBJECT_CLASS (galley_station_router_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));
  g_assert (GALLEY_IS_MENU (self->menu));

  reload_settings (self);

  /* the settings and the menu are shared: they can outlive the router */
  self->stations_changed_id =
    g_signal_connect_object (self->settings, "changed::stations",
                             G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  self->categories_changed_id =
    g_signal_connect_object (self->settings, "changed::station-categories",
                             G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  self->menu_changed_id =
    g_signal_connect_object (self->menu, "changed",
                             G_CALLBACK (menu_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
galley_station_router_dispose (GObject *object)
{
  GalleyStationRouter *self = GALLEY_STATION_ROUTER (object);

  /* 2. Handlers on the settings and the menu, which outlive the router. */
  g_clear_signal_handler (&self->stations_changed_id, self->settings);
  g_clear_signal_handler (&self->categories_changed_id, self->settings);
  g_clear_signal_handler (&self->menu_changed_id, self->menu);

  /* 5. References. */
  g_clear_object (&self->settings);
  g_clear_object (&self->menu);

  G_OBJECT_CLASS (galley_station_router_parent_class)->dispose (object);
}

static void
galley_station_router_finalize (GObject *object)
{
  GalleyStationRouter *self = GALLEY_STATION_ROUTER (object);

  g_assert (self->stations_changed_id == 0);
  g_assert (self->categories_changed_id == 0);
  g_assert (self->menu_changed_id == 0);
  g_assert (self->settings == NULL);
  g_assert (self->menu == NULL);

  g_free (self->stations);
  g_clear_pointer (&self->station_index, g_hash_table_unref);
  g_clear_pointer (&self->slug_station, g_hash_table_unref);
  g_clear_pointer (&self->category_station, g_hash_table_unref);

  G_OBJECT_CLASS (galley_station_router_parent_class)->finalize (object);
}

static void
galley_station_router_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GalleyStationRouter *self = GALLEY_STATION_ROUTER (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_MENU:
      g_value_set_object (value, self->menu);
      break;
    case PROP_GENERATION:
      g_value_set_uint64 (value, self->generation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_station_router_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  GalleyStationRouter *self = GALLEY_STATION_ROUTER (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_MENU:
      self->menu = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_station_router_class_init (GalleyStationRouterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                G_PARAM_STATIC_STRINGS;

  object_class->constructed = galley_station_router_constructed;
  object_class->dispose = galley_station_router_dispose;
  object_class->finalize = galley_station_router_finalize;
  object_class->get_property = galley_station_router_get_property;
  object_class->set_property = galley_station_router_set_property;

  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                                                   construct);
  properties[PROP_MENU] = g_param_spec_object ("menu", NULL, NULL, GALLEY_TYPE_MENU, construct);
  properties[PROP_GENERATION] =
    g_param_spec_uint64 ("generation", NULL, NULL, 0, G_MAXUINT64, 1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GalleyStationRouter::changed:
   *
   * Emitted when the routing may have changed: the `stations` or `station-categories`
   * setting changed what they route, or the menu changed. The generation has been bumped.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
galley_station_router_init (GalleyStationRouter *self)
{
  self->category_station = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->generation = 1;
}

/**
 * galley_station_router_new:
 * @settings: settings of the `io.github.galleypos.Galley` schema
 * @menu: the menu the order lines refer to
 *
 * Returns: (transfer full): a router following @settings and @menu
 */
GalleyStationRouter *
galley_station_router_new (GSettings  *settings,
                           GalleyMenu *menu)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (GALLEY_IS_MENU (menu), NULL);

  return g_object_new (GALLEY_TYPE_STATION_ROUTER, "settings", settings, "menu", menu, NULL);
}

/**
 * galley_station_router_get_settings:
 *
 * Returns: (transfer none) (nullable): the settings; %NULL once disposed
 */
GSettings *
galley_station_router_get_settings (GalleyStationRouter *self)
{
  g_return_val_if_fail (GALLEY_IS_STATION_ROUTER (self), NULL);

  return self->settings;
}

/**
 * galley_station_router_get_menu:
 *
 * Returns: (transfer none) (nullable): the menu; %NULL once disposed
 */
GalleyMenu *
galley_station_router_get_menu (GalleyStationRouter *self)
{
  g_return_val_if_fail (GALLEY_IS_STATION_ROUTER (self), NULL);

  return self->menu;
}

/**
 * galley_station_router_route_menu_item:
 *
 * Returns: (nullable): the station that makes @item (an interned string), or %NULL when
 *   its category is unknown or mapped to no station
 */
const char *
galley_station_router_route_menu_item (GalleyStationRouter *self,
                                       GalleyMenuItem      *item)
{
  const char *category_id;

  g_return_val_if_fail (GALLEY_IS_STATION_ROUTER (self), NULL);
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (item), NULL);

  category_id = galley_menu_item_get_category_id (item);
  if (category_id == NULL)
    return NULL;

  return g_hash_table_lookup (self->category_station, category_id);
}

/**
 * galley_station_router_route_item:
 * @item: an order line
 *
 * Finds the line's menu item by its `menu_item_id` (an item id or a menu_item_id), or
 * failing that by its name against the menu's names and aliases (ignoring case), then
 * routes it by the item's category. O(1).
 *
 * Returns: (nullable): the station (an interned string, valid for the life of the process),
 *   or %NULL when the line is unrouted: its item is unknown, the item's category is unknown
 *   or the category is mapped to no station
 */
const char *
galley_station_router_route_item (GalleyStationRouter *self,
                                  GalleyOrderItem     *item)
{
  GalleyMenuItem *menu_item;

  g_return_val_if_fail (GALLEY_IS_STATION_ROUTER (self), NULL);
  g_return_val_if_fail (GALLEY_IS_ORDER_ITEM (item), NULL);

  if (self->menu == NULL)
    return NULL;

  menu_item = galley_menu_lookup_item (self->menu, galley_order_item_get_menu_item_id (item));
  if (menu_item == NULL)
    menu_item = galley_menu_lookup_item_by_name (self->menu, galley_order_item_get_name (item));
  if (menu_item == NULL)
    return NULL;

  return galley_station_router_route_menu_item (self, menu_item);
}

/**
 * galley_station_router_dup_stations_for_order:
 *
 * Returns: (transfer full): the distinct stations of @order's lines, in the order of the
 *   `stations` setting (expo order); unrouted lines add none. Never %NULL.
 */
GStrv
galley_station_router_dup_stations_for_order (GalleyStationRouter *self,
                                              GalleyOrder         *order)
{
  GListModel *items;
  guint n, n_stations;
  g_autofree gboolean *used = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (GALLEY_IS_STATION_ROUTER (self), NULL);
  g_return_val_if_fail (GALLEY_IS_ORDER (order), NULL);

  n_stations = g_hash_table_size (self->station_index);
  used = g_new0 (gboolean, n_stations + 1);

  items = galley_order_get_items (order);
  n = g_list_model_get_n_items (items);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyOrderItem) item = g_list_model_get_item (items, i);
      const char *station = galley_station_router_route_item (self, item);

      if (station != NULL)
        used[GPOINTER_TO_UINT (g_hash_table_lookup (self->station_index, station))] = TRUE;
    }

  for (guint s = 0; s < n_stations; s++)
    if (used[s + 1])
      g_strv_builder_add (builder, self->stations[s]);

  return g_strv_builder_end (builder);
}

/**
 * galley_station_router_order_has_unrouted:
 *
 * Returns: whether a line of @order has no station (it must raise the "Unrouted" alarm)
 */
gboolean
galley_station_router_order_has_unrouted (GalleyStationRouter *self,
                                          GalleyOrder         *order)
{
  GListModel *items;
  guint n;

  g_return_val_if_fail (GALLEY_IS_STATION_ROUTER (self), FALSE);
  g_return_val_if_fail (GALLEY_IS_ORDER (order), FALSE);

  items = galley_order_get_items (order);
  n = g_list_model_get_n_items (items);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyOrderItem) item = g_list_model_get_item (items, i);

      if (galley_station_router_route_item (self, item) == NULL)
        return TRUE;
    }

  return FALSE;
}

/**
 * galley_station_router_get_stations:
 *
 * Returns: (transfer none) (array zero-terminated=1): the stations of the `stations`
 *   setting, in lower case, without duplicates, in expo order; valid until `changed`
 */
const char * const *
galley_station_router_get_stations (GalleyStationRouter *self)
{
  g_return_val_if_fail (GALLEY_IS_STATION_ROUTER (self), NULL);

  return (const char * const *) self->stations;
}

/**
 * galley_station_router_dup_station_label:
 * @station: a station id ("grill")
 *
 * Returns: (transfer full): the name to show: translated for the default stations
 *   ("Grill"), else the id with a capital first letter ("Pastry")
 */
char *
galley_station_router_dup_station_label (GalleyStationRouter *self,
                                         const char          *station)
{
  gunichar first;
  char buf[8];
  gint len;

  g_return_val_if_fail (GALLEY_IS_STATION_ROUTER (self), NULL);
  g_return_val_if_fail (station != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (known_stations); i++)
    if (g_ascii_strcasecmp (station, known_stations[i].id) == 0)
      return g_strdup (g_dpgettext2 (NULL, "kitchen station",
                                     known_stations[i].label));

  if (*station == '\0' || !g_utf8_validate (station, -1, NULL))
    return g_strdup (station);

  first = g_unichar_totitle (g_utf8_get_char (station));
  len = g_unichar_to_utf8 (first, buf);
  buf[len] = '\0';

  return g_strconcat (buf, g_utf8_next_char (station), NULL);
}

/**
 * galley_station_router_get_generation:
 *
 * Returns: a number that grows each time the routing may have changed (each `changed`)
 */
guint64
galley_station_router_get_generation (GalleyStationRouter *self)
{
  g_return_val_if_fail (GALLEY_IS_STATION_ROUTER (self), 0);

  return self->generation;
}
