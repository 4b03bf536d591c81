/* galley-menu-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers shared by the menu module's files (galley-menu*.c) and its tests only.
 */
#pragma once

#include "menu/galley-menu.h"

G_BEGIN_DECLS

#define GALLEY_MENU_NAME_MAX_CHARS        200    /* R-IN-5 */
#define GALLEY_MENU_DESCRIPTION_MAX_CHARS 1000   /* R-IN-5 (notes) */
#define GALLEY_MENU_MONEY_MAX             1e9    /* dollars, as for order lines */
#define GALLEY_MENU_LIST_MAX              64     /* aliases, flags, allergens per item */
#define GALLEY_MENU_GROUPS_MAX            64     /* modifier groups per item */
#define GALLEY_MENU_OPTIONS_MAX           256    /* options per group */
#define GALLEY_MENU_PREP_MAX_MINUTES      (24 * 60)
#define GALLEY_MENU_DEFAULT_PREP_MINUTES  10     /* spec §3.8 */

/* galley-menu-parse.c */
char       *_galley_menu_normalize_name   (const char  *text);
gboolean    _galley_menu_get_opt_string   (JsonObject  *object,
                                           const char  *member,
                                           const char **value,
                                           GError     **error);
gboolean    _galley_menu_get_req_string   (JsonObject  *object,
                                           const char  *member,
                                           const char **value,
                                           GError     **error);
char      **_galley_menu_get_string_list  (JsonObject  *object,
                                           const char  *member,
                                           GError     **error);
GPtrArray  *_galley_menu_parse_modifiers  (JsonObject  *object,
                                           const char  *item_id);

/* galley-menu-content.c, for galley-menu.c */
/* A parsed menu waiting to be swapped in; the hash tables borrow from the arrays. */
typedef struct
{
  GPtrArray  *items;             /* GalleyMenuItem*, owned, sorted */
  GPtrArray  *categories;        /* GalleyMenuCategory*, owned, sorted */
  GHashTable *by_id;
  GHashTable *by_menu_item_id;
  GHashTable *by_name;           /* normalised name → item or AMBIGUOUS; keys owned */
  GHashTable *by_alias;          /* normalised alias → item or AMBIGUOUS; keys owned */
  GHashTable *categories_by_id;
  guint       skipped_items;
  guint       skipped_categories;
} GalleyMenuContent;

void            _galley_menu_content_init        (GalleyMenuContent        *content);
void            _galley_menu_content_clear       (GalleyMenuContent        *content);
gboolean        _galley_menu_content_parse       (GalleyMenuContent        *content,
                                                  JsonObject               *menu,
                                                  const GalleyMenuContent  *old,
                                                  GError                  **error);
GalleyMenuItem *_galley_menu_content_lookup_name (const GalleyMenuContent  *content,
                                                  const char               *name);
void            _galley_menu_diff_range          (GPtrArray                *old,
                                                  GPtrArray                *new,
                                                  guint                    *position,
                                                  guint                    *removed,
                                                  guint                    *added);

/* galley-menu.c, for galley-menu-load.c */
gboolean      _galley_menu_apply      (GalleyMenu   *self,
                                       JsonObject   *menu,
                                       gboolean      from_cache,
                                       gint64        loaded_at,
                                       GError      **error);
GCancellable *_galley_menu_begin_load (GalleyMenu   *self);
void          _galley_menu_end_load   (GalleyMenu   *self,
                                       GCancellable *load);

G_END_DECLS
