/* galley-menu.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The restaurant's menu (spec/order-protocol.md §3.8, §4.4): a GListModel of GalleyMenuItem
 * sorted by category display order then name, the categories as a second model, and hashed
 * lookups by item id, by menu_item_id (order lines carry either), by name or alias, and by
 * category id, so that routing a line costs O(1).
 *
 * A load replaces the whole content or nothing: the new menu is parsed and checked aside,
 * bad items and categories are skipped and counted, and only then is it swapped in with one
 * items-changed per model covering just the range that differs. Items and categories whose
 * JSON did not change keep their instances, so a reload that changes one price rebuilds one
 * row. Parsing and indexing a menu is in galley-menu-content.c; loading from the server and
 * the offline copy on disk are in galley-menu-load.c.
 */
#define G_LOG_DOMAIN "galley-menu"

#include <glib/gi18n.h>

#include "menu/galley-menu.h"
#include "menu/galley-menu-private.h"

struct _GalleyMenu
{
  GObject       parent_instance;

  char         *cache_path;
  GalleyMenuContent content;
  GListStore   *categories;      /* the model of content.categories */
  GCancellable *cancellable;     /* the load in flight, if any */

  gint64        loaded_at;
  gboolean      from_cache;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_QUARK (galley-menu-error-quark, galley_menu_error)

G_DEFINE_FINAL_TYPE_WITH_CODE (GalleyMenu, galley_menu, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CACHE_PATH,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_LOADED_AT,
  PROP_FROM_CACHE,
  PROP_LOADING,
  PROP_N_SKIPPED_ITEMS,
  PROP_N_SKIPPED_CATEGORIES,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ GListModel */

static GType
get_item_type (GListModel *model)
{
  return GALLEY_TYPE_MENU_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return GALLEY_MENU (model)->content.items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  GalleyMenu *self = GALLEY_MENU (model);

  if (position >= self->content.items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->content.items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ------------------------------------------------------------------ GObject */

static void
galley_menu_dispose (GObject *object)
{
  GalleyMenu *self = GALLEY_MENU (object);
  GCancellable *load;

  /* 3. The load in flight: its callback sees G_IO_ERROR_CANCELLED. Taken out of the field
   *    first, so that a callback run from within the cancel finds nothing to clear. */
  load = g_steal_pointer (&self->cancellable);
  g_cancellable_cancel (load);
  g_clear_object (&load);

  G_OBJECT_CLASS (galley_menu_parent_class)->dispose (object);
}

static void
galley_menu_finalize (GObject *object)
{
  GalleyMenu *self = GALLEY_MENU (object);

  g_assert (self->cancellable == NULL);

  _galley_menu_content_clear (&self->content);
  g_clear_object (&self->categories);
  g_free (self->cache_path);

  G_OBJECT_CLASS (galley_menu_parent_class)->finalize (object);
}

static void
galley_menu_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  GalleyMenu *self = GALLEY_MENU (object);

  switch (prop_id)
    {
    case PROP_CACHE_PATH:
      g_value_set_string (value, self->cache_path);
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, GALLEY_TYPE_MENU_ITEM);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->content.items->len);
      break;
    case PROP_LOADED_AT:
      g_value_set_int64 (value, self->loaded_at);
      break;
    case PROP_FROM_CACHE:
      g_value_set_boolean (value, self->from_cache);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    case PROP_N_SKIPPED_ITEMS:
      g_value_set_uint (value, self->content.skipped_items);
      break;
    case PROP_N_SKIPPED_CATEGORIES:
      g_value_set_uint (value, self->content.skipped_categories);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_menu_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  GalleyMenu *self = GALLEY_MENU (object);

  switch (prop_id)
    {
    case PROP_CACHE_PATH:
      self->cache_path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_menu_class_init (GalleyMenuClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = galley_menu_dispose;
  object_class->finalize = galley_menu_finalize;
  object_class->get_property = galley_menu_get_property;
  object_class->set_property = galley_menu_set_property;

  /* where the offline copy lives; NULL keeps none */
  properties[PROP_CACHE_PATH] =
    g_param_spec_string ("cache-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM_TYPE] = g_param_spec_gtype ("item-type", NULL, NULL,
                                                   GALLEY_TYPE_MENU_ITEM, ro);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /* wall-clock µs of the menu shown: when it was fetched, or when its saved copy was
   * written; 0 before the first load */
  properties[PROP_LOADED_AT] = g_param_spec_int64 ("loaded-at", NULL, NULL,
                                                   0, G_MAXINT64, 0, ro);
  /* the menu shown came from the saved copy, not from the server in this run */
  properties[PROP_FROM_CACHE] = g_param_spec_boolean ("from-cache", NULL, NULL, FALSE, ro);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  /* bad entries left out by the last load */
  properties[PROP_N_SKIPPED_ITEMS] = g_param_spec_uint ("n-skipped-items", NULL, NULL,
                                                        0, G_MAXUINT, 0, ro);
  properties[PROP_N_SKIPPED_CATEGORIES] = g_param_spec_uint ("n-skipped-categories", NULL, NULL,
                                                             0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GalleyMenu::changed:
   *
   * Emitted after a load changed the items or the categories, once the models have
   * emitted their items-changed. A load that brings the same menu again does not emit it.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
galley_menu_init (GalleyMenu *self)
{
  _galley_menu_content_init (&self->content);
  self->categories = g_list_store_new (GALLEY_TYPE_MENU_CATEGORY);
}

/* ------------------------------------------------------------------ module */

/* Parses @menu ({categories:[…], items:[…]}) and swaps it in whole, or leaves everything
 * as it was and returns FALSE (GALLEY_MENU_ERROR_INVALID, a message for the log). */
gboolean
_galley_menu_apply (GalleyMenu  *self,
                    JsonObject  *menu,
                    gboolean     from_cache,
                    gint64       loaded_at,
                    GError     **error)
{
  GalleyMenuContent content;
  g_autoptr(GPtrArray) added_categories = NULL;
  guint cat_pos, cat_removed, cat_added;
  guint pos, removed, added;
  guint old_skipped_items, old_skipped_categories, old_n_items;
  gboolean old_from_cache;

  if (!_galley_menu_content_parse (&content, menu, &self->content, error))
    return FALSE;

  _galley_menu_diff_range (self->content.categories, content.categories, &cat_pos,
                           &cat_removed, &cat_added);
  _galley_menu_diff_range (self->content.items, content.items, &pos, &removed, &added);

  /* the new categories for the store, before the old content goes */
  added_categories = g_ptr_array_new ();
  for (guint i = 0; i < cat_added; i++)
    g_ptr_array_add (added_categories, g_ptr_array_index (content.categories, cat_pos + i));

  old_skipped_items = self->content.skipped_items;
  old_skipped_categories = self->content.skipped_categories;
  old_n_items = self->content.items->len;
  old_from_cache = self->from_cache;

  /* swap first, so that handlers of the signals below see the new menu everywhere */
  _galley_menu_content_clear (&self->content);
  self->content = content;
  self->loaded_at = loaded_at;
  self->from_cache = from_cache;

  g_debug ("Menu loaded%s: %u categories, %u items; categories %u−%u+%u, items at %u −%u +%u",
           from_cache ? " from the saved copy" : "", self->content.categories->len,
           self->content.items->len, cat_pos, cat_removed, cat_added, pos, removed, added);

  if (cat_removed > 0 || cat_added > 0)
    g_list_store_splice (self->categories, cat_pos, cat_removed,
                         added_categories->pdata, cat_added);
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), pos, removed, added);

  if (old_n_items != self->content.items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED_AT]);
  if (old_from_cache != from_cache)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROM_CACHE]);
  if (old_skipped_items != self->content.skipped_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SKIPPED_ITEMS]);
  if (old_skipped_categories != self->content.skipped_categories)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SKIPPED_CATEGORIES]);

  if (cat_removed > 0 || cat_added > 0 || removed > 0 || added > 0)
    g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}

/* Starts a load: cancels the one in flight, if any (a newer load supersedes it).
 * Returns: (transfer full): the new load's cancellable */
GCancellable *
_galley_menu_begin_load (GalleyMenu *self)
{
  gboolean was_loading = self->cancellable != NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (!was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  return g_object_ref (self->cancellable);
}

/* Ends the load of @load, unless a newer one has replaced it. */
void
_galley_menu_end_load (GalleyMenu   *self,
                       GCancellable *load)
{
  if (self->cancellable == NULL || self->cancellable != load)
    return;

  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* ------------------------------------------------------------------ public */

/**
 * galley_menu_new:
 * @cache_path: (nullable): where to keep the offline copy of the menu, usually
 *   galley_menu_dup_default_cache_path(); %NULL keeps none
 *
 * Returns: (transfer full): an empty menu
 */
GalleyMenu *
galley_menu_new (const char *cache_path)
{
  return g_object_new (GALLEY_TYPE_MENU, "cache-path", cache_path, NULL);
}

/**
 * galley_menu_dup_default_cache_path:
 *
 * Returns: (transfer full): `$XDG_CACHE_HOME/galley/menu.json`
 */
char *
galley_menu_dup_default_cache_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "galley", "menu.json", NULL);
}

/**
 * galley_menu_get_cache_path:
 *
 * Returns: (nullable): where the offline copy is kept
 */
const char *
galley_menu_get_cache_path (GalleyMenu *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU (self), NULL);

  return self->cache_path;
}

/**
 * galley_menu_load_json:
 * @menu: the body of GET /menu: `{categories:[…], items:[…]}`; items keep references to
 *   its members, so it must not be changed afterwards
 *
 * Replaces the menu with @menu, or leaves it untouched when @menu does not have that
 * shape. Bad items and categories are left out, counted in `n-skipped-items` and
 * `n-skipped-categories`, and logged; inactive ones are left out silently. The offline copy
 * is not written (only galley_menu_load_async() writes it); `from-cache` becomes %FALSE and
 * `loaded-at` now.
 *
 * Returns: %TRUE when @menu was applied; %FALSE with @error set
 *   (%GALLEY_MENU_ERROR_INVALID, a message for a cook or a cashier) otherwise
 */
gboolean
galley_menu_load_json (GalleyMenu  *self,
                       JsonObject  *menu,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (GALLEY_IS_MENU (self), FALSE);
  g_return_val_if_fail (menu != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (_galley_menu_apply (self, menu, FALSE, g_get_real_time (), &local_error))
    return TRUE;

  g_warning ("Menu not applied: %s", local_error->message);
  g_set_error_literal (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_INVALID,
                       _("The menu could not be loaded: it is not in a form Galley can read. "
                         "The menu shown stays as it was."));

  return FALSE;
}

/**
 * galley_menu_get_loading:
 *
 * Returns: whether a galley_menu_load_async() is in flight
 */
gboolean
galley_menu_get_loading (GalleyMenu *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU (self), FALSE);

  return self->cancellable != NULL;
}

/**
 * galley_menu_get_loaded_at:
 *
 * Returns: wall-clock µs: when the menu shown was fetched, or when its saved copy was
 *   written if it came from there; 0 before the first load
 */
gint64
galley_menu_get_loaded_at (GalleyMenu *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU (self), 0);

  return self->loaded_at;
}

/**
 * galley_menu_get_from_cache:
 *
 * Returns: whether the menu shown is the saved copy rather than one fetched in this run
 */
gboolean
galley_menu_get_from_cache (GalleyMenu *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU (self), FALSE);

  return self->from_cache;
}

/**
 * galley_menu_get_n_skipped_items:
 *
 * Returns: how many items the last load left out as unusable
 */
guint
galley_menu_get_n_skipped_items (GalleyMenu *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU (self), 0);

  return self->content.skipped_items;
}

/**
 * galley_menu_get_n_skipped_categories:
 *
 * Returns: how many categories the last load left out as unusable
 */
guint
galley_menu_get_n_skipped_categories (GalleyMenu *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU (self), 0);

  return self->content.skipped_categories;
}

/**
 * galley_menu_get_categories:
 *
 * Returns: (transfer none): a #GListModel of #GalleyMenuCategory in display order, owned
 *   by @self and updated with it
 */
GListModel *
galley_menu_get_categories (GalleyMenu *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU (self), NULL);

  return G_LIST_MODEL (self->categories);
}

/**
 * galley_menu_lookup_item:
 * @id: what an order line's `menu_item_id` holds: an item's `id` or its `menu_item_id`
 *
 * Tries @id as an item id first, then as a menu_item_id. O(1).
 *
 * Returns: (transfer none) (nullable): the item, valid until the next load
 */
GalleyMenuItem *
galley_menu_lookup_item (GalleyMenu *self,
                         const char *id)
{
  GalleyMenuItem *item;

  g_return_val_if_fail (GALLEY_IS_MENU (self), NULL);

  if (id == NULL)
    return NULL;

  item = g_hash_table_lookup (self->content.by_id, id);
  if (item == NULL)
    item = g_hash_table_lookup (self->content.by_menu_item_id, id);

  return item;
}

/**
 * galley_menu_lookup_item_by_id:
 *
 * Returns: (transfer none) (nullable): the item whose `id` is @id
 */
GalleyMenuItem *
galley_menu_lookup_item_by_id (GalleyMenu *self,
                               const char *id)
{
  g_return_val_if_fail (GALLEY_IS_MENU (self), NULL);

  return id != NULL ? g_hash_table_lookup (self->content.by_id, id) : NULL;
}

/**
 * galley_menu_lookup_item_by_menu_item_id:
 *
 * Returns: (transfer none) (nullable): the item whose `menu_item_id` is @menu_item_id
 */
GalleyMenuItem *
galley_menu_lookup_item_by_menu_item_id (GalleyMenu *self,
                                         const char *menu_item_id)
{
  g_return_val_if_fail (GALLEY_IS_MENU (self), NULL);

  return menu_item_id != NULL
           ? g_hash_table_lookup (self->content.by_menu_item_id, menu_item_id)
           : NULL;
}

/**
 * galley_menu_lookup_item_by_name:
 * @name: a name as written on an order line or heard
 *
 * Exact match, ignoring case, accents and extra white space: first against the items'
 * names, then against their aliases. A name or alias shared by two items matches neither:
 * guessing between them would be a silent error.
 *
 * Returns: (transfer none) (nullable): the one item with that name or alias
 */
GalleyMenuItem *
galley_menu_lookup_item_by_name (GalleyMenu *self,
                                 const char *name)
{
  g_return_val_if_fail (GALLEY_IS_MENU (self), NULL);

  if (name == NULL)
    return NULL;

  return _galley_menu_content_lookup_name (&self->content, name);
}

/**
 * galley_menu_lookup_category:
 *
 * Returns: (transfer none) (nullable): the category with that id
 */
GalleyMenuCategory *
galley_menu_lookup_category (GalleyMenu *self,
                             const char *id)
{
  g_return_val_if_fail (GALLEY_IS_MENU (self), NULL);

  return id != NULL ? g_hash_table_lookup (self->content.categories_by_id, id) : NULL;
}

/**
 * galley_menu_get_item_category:
 *
 * Returns: (transfer none) (nullable): @item's category, if this menu has it
 */
GalleyMenuCategory *
galley_menu_get_item_category (GalleyMenu     *self,
                               GalleyMenuItem *item)
{
  g_return_val_if_fail (GALLEY_IS_MENU (self), NULL);
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (item), NULL);

  return galley_menu_lookup_category (self, galley_menu_item_get_category_id (item));
}

/**
 * galley_menu_category_for_item:
 *
 * Returns: (nullable): the slug of @item's category ("burgers"), or %NULL when the item has
 *   no category or this menu does not know it
 */
const char *
galley_menu_category_for_item (GalleyMenu     *self,
                               GalleyMenuItem *item)
{
  GalleyMenuCategory *category;

  g_return_val_if_fail (GALLEY_IS_MENU (self), NULL);
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (item), NULL);

  category = galley_menu_get_item_category (self, item);

  return category != NULL ? galley_menu_category_get_slug (category) : NULL;
}
