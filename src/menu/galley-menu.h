/* galley-menu.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "menu/galley-menu-category.h"
#include "menu/galley-menu-item.h"
#include "net/galley-rest-client.h"

G_BEGIN_DECLS

#define GALLEY_MENU_ERROR (galley_menu_error_quark ())

/* Why the menu could not be loaded, by what the caller should do. Messages of the errors
 * galley_menu_load_finish() and galley_menu_load_cache() return are written for a cook or a
 * cashier; the errors of galley_menu_item_new_from_json() and
 * galley_menu_category_new_from_json() (always INVALID) are for the log. */
typedef enum
{
  GALLEY_MENU_ERROR_INVALID,     /* not a menu: unreadable JSON or the wrong shape */
  GALLEY_MENU_ERROR_OFFLINE,     /* the server could not be reached or did not answer */
  GALLEY_MENU_ERROR_SERVER,      /* the server failed or is busy (5xx, 429): try later */
  GALLEY_MENU_ERROR_NOT_FOUND,   /* the server has no menu for this restaurant (404) */
  GALLEY_MENU_ERROR_REFUSED,     /* 400, 401, 403: sign-in or settings to fix */
  GALLEY_MENU_ERROR_NO_CACHE,    /* no saved menu: none configured or none written yet */
  GALLEY_MENU_ERROR_CACHE,       /* the saved menu could not be read */
} GalleyMenuError;

#define GALLEY_TYPE_MENU (galley_menu_get_type ())
G_DECLARE_FINAL_TYPE (GalleyMenu, galley_menu, GALLEY, MENU, GObject)

GQuark              galley_menu_error_quark               (void);

GalleyMenu         *galley_menu_new                       (const char      *cache_path);
char               *galley_menu_dup_default_cache_path    (void);
const char         *galley_menu_get_cache_path            (GalleyMenu      *self);

gboolean            galley_menu_load_json                 (GalleyMenu      *self,
                                                           JsonObject      *menu,
                                                           GError         **error);
void                galley_menu_load_async                (GalleyMenu      *self,
                                                           GalleyRestClient *rest,
                                                           GCancellable    *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer         user_data);
gboolean            galley_menu_load_finish               (GalleyMenu      *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);
gboolean            galley_menu_load_cache                (GalleyMenu      *self,
                                                           GError         **error);
gboolean            galley_menu_get_loading               (GalleyMenu      *self);

gint64              galley_menu_get_loaded_at             (GalleyMenu      *self);
gboolean            galley_menu_get_from_cache            (GalleyMenu      *self);
guint               galley_menu_get_n_skipped_items       (GalleyMenu      *self);
guint               galley_menu_get_n_skipped_categories  (GalleyMenu      *self);

GListModel         *galley_menu_get_categories            (GalleyMenu      *self);
GalleyMenuItem     *galley_menu_lookup_item               (GalleyMenu      *self,
                                                           const char      *id);
GalleyMenuItem     *galley_menu_lookup_item_by_id         (GalleyMenu      *self,
                                                           const char      *id);
GalleyMenuItem     *galley_menu_lookup_item_by_menu_item_id (GalleyMenu    *self,
                                                           const char      *menu_item_id);
GalleyMenuItem     *galley_menu_lookup_item_by_name       (GalleyMenu      *self,
                                                           const char      *name);
GalleyMenuCategory *galley_menu_lookup_category           (GalleyMenu      *self,
                                                           const char      *id);
GalleyMenuCategory *galley_menu_get_item_category         (GalleyMenu      *self,
                                                           GalleyMenuItem  *item);
const char         *galley_menu_category_for_item         (GalleyMenu      *self,
                                                           GalleyMenuItem  *item);

G_END_DECLS
