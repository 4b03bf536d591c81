/* galley-demo-menu.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The demo restaurant's built-in menu: 7 categories, 44 items, modifier groups with prices,
 * aliases for voice matching, allergens, one item 86'd. Shapes follow
 * spec/order-protocol.md §3.8; "modifiers" holds Galley's modifier groups and "allergens" is
 * a Galley extension. */

JsonArray  *galley_demo_menu_build_categories (void);
JsonArray  *galley_demo_menu_build_items      (gint64      updated_us);
char       *galley_demo_menu_uuid             (const char *namespace_,
                                               const char *name);

/* Texts the order generator attaches to lines, by class of spec §3.5. */
typedef enum
{
  GALLEY_DEMO_MOD_ALLERGY,
  GALLEY_DEMO_MOD_REMOVAL,
  GALLEY_DEMO_MOD_ADDITION,
  GALLEY_DEMO_MOD_TEMPERATURE,
  GALLEY_DEMO_MOD_SUBSTITUTION,
  GALLEY_DEMO_MOD_OTHER,
  GALLEY_DEMO_MOD_N_CLASSES,
} GalleyDemoModClass;

const char *galley_demo_menu_modification     (GalleyDemoModClass cls,
                                               guint              index);
guint       galley_demo_menu_n_modifications  (GalleyDemoModClass cls);

/* Guests' names for takeout and delivery orders. */
const char *galley_demo_menu_customer_name    (guint index);
guint       galley_demo_menu_n_customer_names (void);

G_END_DECLS
