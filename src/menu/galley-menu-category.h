/* galley-menu-category.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GALLEY_TYPE_MENU_CATEGORY (galley_menu_category_get_type ())
G_DECLARE_FINAL_TYPE (GalleyMenuCategory, galley_menu_category, GALLEY, MENU_CATEGORY, GObject)

GalleyMenuCategory *galley_menu_category_new_from_json     (JsonObject         *object,
                                                            GError            **error);
gboolean            galley_menu_category_equal             (GalleyMenuCategory *a,
                                                            GalleyMenuCategory *b);
const char         *galley_menu_category_get_id            (GalleyMenuCategory *self);
const char         *galley_menu_category_get_name          (GalleyMenuCategory *self);
const char         *galley_menu_category_get_slug          (GalleyMenuCategory *self);
const char         *galley_menu_category_get_description   (GalleyMenuCategory *self);
int                 galley_menu_category_get_display_order (GalleyMenuCategory *self);

G_END_DECLS
