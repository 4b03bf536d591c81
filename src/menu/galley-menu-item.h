/* galley-menu-item.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One choice of a modifier group ("Extra cheese", +100 cents). Read-only: owned by the item
 * and valid as long as it. */
typedef struct
{
  char   *id;        /* nullable: plain-string modifiers have none */
  char   *name;
  gint64  price;     /* cents added to one unit; may be negative (a discount) */
} GalleyMenuModifierOption;

/* A group of options with its limits ("Temperature": required, exactly one). Modifiers the
 * server sent outside any group (flat option objects or plain strings) are collected in one
 * implicit group at the end, whose id and name are NULL and which has no limits. */
typedef struct
{
  char                     *id;         /* nullable */
  char                     *name;       /* nullable only for the implicit group */
  gboolean                  required;   /* at least `min` (≥ 1) options must be chosen */
  guint                     min;
  int                       max;        /* -1: no upper limit */
  GalleyMenuModifierOption *options;
  guint                     n_options;
  JsonObject               *json;       /* the group as sent; NULL for the implicit group */
} GalleyMenuModifierGroup;

#define GALLEY_TYPE_MENU_ITEM (galley_menu_item_get_type ())
G_DECLARE_FINAL_TYPE (GalleyMenuItem, galley_menu_item, GALLEY, MENU_ITEM, GObject)

GalleyMenuItem                 *galley_menu_item_new_from_json          (JsonObject      *object,
                                                                         GError         **error);
gboolean                        galley_menu_item_equal                  (GalleyMenuItem  *a,
                                                                         GalleyMenuItem  *b);
const char                     *galley_menu_item_get_id                 (GalleyMenuItem  *self);
const char                     *galley_menu_item_get_menu_item_id       (GalleyMenuItem  *self);
const char                     *galley_menu_item_get_category_id        (GalleyMenuItem  *self);
const char                     *galley_menu_item_get_name               (GalleyMenuItem  *self);
const char                     *galley_menu_item_get_description        (GalleyMenuItem  *self);
gint64                          galley_menu_item_get_price              (GalleyMenuItem  *self);
gboolean                        galley_menu_item_get_available          (GalleyMenuItem  *self);
const char * const             *galley_menu_item_get_aliases            (GalleyMenuItem  *self);
const char * const             *galley_menu_item_get_dietary_flags      (GalleyMenuItem  *self);
const char * const             *galley_menu_item_get_allergens          (GalleyMenuItem  *self);
gboolean                        galley_menu_item_has_allergens          (GalleyMenuItem  *self);
int                             galley_menu_item_get_prep_time_minutes  (GalleyMenuItem  *self);
guint                           galley_menu_item_get_n_modifier_groups  (GalleyMenuItem  *self);
const GalleyMenuModifierGroup  *galley_menu_item_get_modifier_group     (GalleyMenuItem  *self,
                                                                         guint            index);
const GalleyMenuModifierOption *galley_menu_item_find_option            (GalleyMenuItem  *self,
                                                                         const char      *option_id,
                                                                         const GalleyMenuModifierGroup **group);
JsonNode                       *galley_menu_item_get_modifiers_json     (GalleyMenuItem  *self);
JsonObject                     *galley_menu_item_get_json               (GalleyMenuItem  *self);

G_END_DECLS
