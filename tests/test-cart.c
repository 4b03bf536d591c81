/* test-cart.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyCart and GalleyCartLine against the demo menu (src/demo/galley-demo-menu.c, loaded
 * from its JSON as test-menu does): every operation and bound with the cashier's message,
 * the server's totals and rounding, modifier-group rules, a menu refresh under an open cart,
 * minimal items-changed, and the JSON forms. Every test ends with the finalisation gates.
 */
#include <string.h>

#include <glib/gi18n.h>

#include "cart/galley-cart.h"
#include "cart/galley-cart-tools.h"
#include "cart/galley-menu-matcher.h"
#include "demo/galley-demo-menu.h"
#include "menu/galley-menu.h"
#include "util/galley-json.h"

#include "galley-testutil.h"

/* ================================================================== helpers */

static JsonObject *
demo_menu_json (void)
{
  JsonObject *menu = json_object_new ();
  JsonArray *items = galley_demo_menu_build_items (G_GINT64_CONSTANT (1762365600000000));

  json_object_set_array_member (menu, "categories", galley_demo_menu_build_categories ());
  json_object_set_array_member (menu, "items", items);

  return menu;
}

static GalleyMenu *
demo_menu (void)
{
  GalleyMenu *menu = galley_menu_new (NULL);
  g_autoptr(JsonObject) json = demo_menu_json ();
  g_autoptr(GError) error = NULL;

  g_assert_true (galley_menu_load_json (menu, json, &error));
  g_assert_no_error (error);

  return menu;
}

/* The demo menu with one item's availability changed, or the item removed. */
static void
reload_menu (GalleyMenu *menu,
             const char *item_id,
             gboolean    remove,
             gboolean    available)
{
  g_autoptr(JsonObject) json = demo_menu_json ();
  JsonArray *items = json_object_get_array_member (json, "items");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "id"), item_id) != 0)
        continue;
      if (remove)
        json_array_remove_element (items, i);
      else
        json_object_set_boolean_member (item, "available", available);
      break;
    }
  g_assert_true (galley_menu_load_json (menu, json, &error));
  g_assert_no_error (error);
}

static GalleyMenuItem *
item (GalleyMenu *menu,
      const char *id)
{
  GalleyMenuItem *found = galley_menu_lookup_item_by_id (menu, id);

  g_assert_nonnull (found);

  return found;
}

static GalleyCartLine *
add (GalleyCart *cart,
     GalleyMenu *menu,
     const char *id,
     guint       quantity)
{
  g_autoptr(GalleyCartLine) line = galley_cart_line_new (item (menu, id), NULL, quantity);
  g_autoptr(GError) error = NULL;
  GalleyCartLine *added = galley_cart_add_line (cart, line, GALLEY_CART_ADD_NONE, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (added);

  return added;
}

typedef struct
{
  guint position, removed, added;
  guint count;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *record)
{
  record->position = position;
  record->removed = removed;
  record->added = added;
  record->count++;
}

static void
assert_items_changed (ItemsChanged *record,
                      guint         count,
                      guint         position,
                      guint         removed,
                      guint         added)
{
  g_assert_cmpuint (record->count, ==, count);
  if (count > 0)
    {
      g_assert_cmpuint (record->position, ==, position);
      g_assert_cmpuint (record->removed, ==, removed);
      g_assert_cmpuint (record->added, ==, added);
    }
  memset (record, 0, sizeof *record);
}

static void
gates (void)
{
  galley_test_assert_tracked (GALLEY_TYPE_CART, 0);
  galley_test_assert_tracked (GALLEY_TYPE_CART_LINE, 0);
  galley_test_assert_tracked (GALLEY_TYPE_MENU_MATCHER, 0);
  galley_test_assert_tracked (GALLEY_TYPE_MENU_ITEM, 0);
  galley_test_assert_tracked (GALLEY_TYPE_MENU, 0);
  g_assert_cmpuint (galley_test_count_sources ("galley-"), ==, 0);
}

/* ================================================================== cart model */

static void
test_cart_new_destroy (void)
{
  GalleyMenu *menu = demo_menu ();
  guint handlers = galley_test_count_signal_handlers (menu);
  GalleyCart *cart = galley_cart_new (menu);

  g_assert_true (galley_cart_get_menu (cart) == menu);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cart)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (cart)) == GALLEY_TYPE_CART_LINE);
  g_assert_cmpint (galley_cart_get_total (cart), ==, 0);
  g_assert_cmpfloat (galley_cart_get_tax_rate (cart), ==, 0.08);
  g_assert_cmpuint (galley_test_count_signal_handlers (menu), ==, handlers + 1);
  add (cart, menu, "burger-classic", 1);

  g_object_run_dispose (G_OBJECT (cart));
  g_object_run_dispose (G_OBJECT (cart));          /* twice is fine */
  g_assert_cmpuint (galley_test_count_signal_handlers (menu), ==, handlers);
  g_assert_finalize_object (cart);
  g_assert_finalize_object (menu);
  gates ();
}

static void
test_cart_add_merge_remove (void)
{
  GalleyMenu *menu = demo_menu ();
  GalleyCart *cart = galley_cart_new (menu);
  ItemsChanged record = { 0 };
  g_autoptr(GError) error = NULL;
  GalleyCartLine *first, *second, *merged_into;
  GalleyCartLine *line;
  gboolean merged = TRUE;

  g_signal_connect (cart, "items-changed", G_CALLBACK (items_changed_cb), &record);

  first = add (cart, menu, "burger-classic", 2);
  assert_items_changed (&record, 1, 0, 0, 1);
  g_assert_cmpstr (galley_cart_line_get_id (first), ==, "L1");
  g_assert_cmpstr (galley_cart_line_get_name (first), ==, "Classic Burger");
  g_assert_cmpint (galley_cart_line_get_unit_price (first), ==, 1300);
  g_assert_cmpint (galley_cart_line_get_line_price (first), ==, 2600);
  g_assert_false (galley_cart_line_get_unsure (first));
  g_assert_cmpfloat (galley_cart_line_get_confidence (first), ==, 1.0);

  /* an equal line merges: no items-changed, the quantity grows */
  line = galley_cart_line_new (item (menu, "burger-classic"), "cheeseburger", 1);
  merged_into = galley_cart_add_line (cart, line, GALLEY_CART_ADD_NONE, &merged, &error);
  g_assert_no_error (error);
  g_assert_true (merged);
  g_assert_true (merged_into == first);
  g_assert_cmpuint (galley_cart_line_get_quantity (first), ==, 3);
  assert_items_changed (&record, 0, 0, 0, 0);
  g_assert_finalize_object (line);

  /* other notes: a new line */
  line = galley_cart_line_new (item (menu, "burger-classic"), NULL, 1);
  galley_cart_line_set_notes (line, "  cut in half  ");
  g_assert_cmpstr (galley_cart_line_get_notes (line), ==, "cut in half");
  second = galley_cart_add_line (cart, line, GALLEY_CART_ADD_NONE, &merged, &error);
  g_assert_no_error (error);
  g_assert_false (merged);
  g_assert_true (second == line);
  g_object_unref (line);
  assert_items_changed (&record, 1, 1, 0, 1);
  g_assert_cmpstr (galley_cart_line_get_id (second), ==, "L2");

  /* NO_MERGE */
  line = galley_cart_line_new (item (menu, "burger-classic"), NULL, 1);
  g_assert_true (galley_cart_add_line (cart, line, GALLEY_CART_ADD_NO_MERGE, &merged,
                                       &error) == line);
  g_assert_false (merged);
  assert_items_changed (&record, 1, 2, 0, 1);
  g_assert_true (galley_cart_lookup_line (cart, "L3") == line);

  /* remove the middle line: (1, 1, 0) */
  g_assert_true (galley_cart_remove_line (cart, second, &error));
  g_assert_no_error (error);
  assert_items_changed (&record, 1, 1, 1, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cart)), ==, 2);

  /* removing a line twice: a cashier's error */
  g_assert_true (galley_cart_remove_line (cart, line, &error));
  g_assert_no_error (error);
  assert_items_changed (&record, 1, 1, 1, 0);
  g_assert_false (galley_cart_remove_line (cart, line, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_NOT_IN_CART);
  g_assert_cmpstr (error->message, ==, "This line is no longer in the order.");
  g_clear_error (&error);
  g_assert_finalize_object (line);

  /* set notes, allergy notes and source on a line in the cart: no items-changed */
  galley_cart_line_set_allergy_notes (first, "peanuts");
  galley_cart_line_set_source (first, GALLEY_CART_SOURCE_VOICE);
  g_assert_cmpstr (galley_cart_line_get_allergy_notes (first), ==, "peanuts");
  g_assert_cmpint (galley_cart_line_get_source (first), ==, GALLEY_CART_SOURCE_VOICE);
  assert_items_changed (&record, 0, 0, 0, 0);

  /* clear: one (0, n, 0); ids start again */
  galley_cart_clear (cart);
  assert_items_changed (&record, 1, 0, 1, 0);
  galley_cart_clear (cart);
  assert_items_changed (&record, 0, 0, 0, 0);
  first = add (cart, menu, "drink-cola", 1);
  g_assert_cmpstr (galley_cart_line_get_id (first), ==, "L1");

  g_assert_finalize_object (cart);
  g_assert_finalize_object (menu);
  gates ();
}

static void
test_cart_bounds (void)
{
  GalleyMenu *menu = demo_menu ();
  GalleyCart *cart = galley_cart_new (menu);
  g_autoptr(GError) error = NULL;
  GalleyCartLine *line, *in_cart;

  /* quantity 1..50; above that only confirmed; never above 999 */
  line = galley_cart_line_new (item (menu, "drink-water"), NULL, 51);
  g_assert_null (galley_cart_add_line (cart, line, GALLEY_CART_ADD_NONE, NULL, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_QUANTITY);
  g_assert_cmpstr (error->message, ==,
                   "51 is more than 50. Check the quantity and confirm it to use it.");
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cart)), ==, 0);
  g_assert_true (galley_cart_add_line (cart, line, GALLEY_CART_ADD_CONFIRM_QUANTITY, NULL,
                                       &error) == line);
  g_assert_no_error (error);
  g_assert_true (galley_cart_remove_line (cart, line, &error));
  g_assert_finalize_object (line);

  line = galley_cart_line_new (item (menu, "drink-water"), NULL, 18000);
  g_assert_null (galley_cart_add_line (cart, line, GALLEY_CART_ADD_CONFIRM_QUANTITY, NULL,
                                       &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_QUANTITY);
  g_assert_cmpstr (error->message, ==, "18000 is too many for one line. The most is 999.");
  g_clear_error (&error);
  g_assert_finalize_object (line);

  in_cart = add (cart, menu, "drink-water", 50);
  g_assert_false (galley_cart_line_set_quantity (in_cart, 0, FALSE, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_QUANTITY);
  g_assert_cmpstr (error->message, ==, "The quantity must be at least 1.");
  g_clear_error (&error);
  g_assert_false (galley_cart_line_set_quantity (in_cart, 60, FALSE, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_QUANTITY);
  g_clear_error (&error);
  g_assert_cmpuint (galley_cart_line_get_quantity (in_cart), ==, 50);
  g_assert_true (galley_cart_line_set_quantity (in_cart, 60, TRUE, &error));
  g_assert_true (galley_cart_line_set_quantity (in_cart, 50, FALSE, &error));
  g_assert_no_error (error);

  /* a merge that would pass 50 needs the confirmation too */
  line = galley_cart_line_new (item (menu, "drink-water"), NULL, 1);
  g_assert_null (galley_cart_add_line (cart, line, GALLEY_CART_ADD_NONE, NULL, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_QUANTITY);
  g_clear_error (&error);
  g_assert_cmpuint (galley_cart_line_get_quantity (in_cart), ==, 50);
  g_assert_finalize_object (line);

  /* 86'd: the demo's Fish Sandwich */
  line = galley_cart_line_new (item (menu, "burger-fish"), NULL, 1);
  g_assert_null (galley_cart_add_line (cart, line, GALLEY_CART_ADD_NONE, NULL, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, "Fish Sandwich is sold out and cannot be added.");
  g_clear_error (&error);
  g_assert_finalize_object (line);

  /* at most 100 lines */
  galley_cart_clear (cart);
  for (guint i = 0; i < GALLEY_CART_MAX_LINES; i++)
    {
      line = galley_cart_line_new (item (menu, "drink-cola"), NULL, 1);
      g_assert_nonnull (galley_cart_add_line (cart, line, GALLEY_CART_ADD_NO_MERGE, NULL,
                                              &error));
      g_object_unref (line);
    }
  line = galley_cart_line_new (item (menu, "drink-coffee"), NULL, 1);
  g_assert_null (galley_cart_add_line (cart, line, GALLEY_CART_ADD_NONE, NULL, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_FULL);
  g_assert_cmpstr (error->message, ==,
                   "This order already has 100 lines. Send it, or remove a line first.");
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cart)), ==, 100);
  g_assert_finalize_object (line);
  /* merging into an existing line still works when full */
  line = galley_cart_line_new (item (menu, "drink-cola"), NULL, 1);
  g_assert_nonnull (galley_cart_add_line (cart, line, GALLEY_CART_ADD_NONE, NULL, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (line);

  g_assert_finalize_object (cart);
  g_assert_finalize_object (menu);
  gates ();
}

static void
test_cart_totals (void)
{
  static const struct
  {
    gint64 subtotal;
    double rate;
    gint64 tax;
  } rounding[] = {
    { 3400, 0.08, 272 },     /* the protocol's example */
    { 1000, 0.0825, 83 },    /* 82.5: half up */
    { 1300, 0.0825, 107 },   /* 107.25 */
    { 1450, 0.0825, 120 },   /* 119.625 */
    { 1, 0.5, 1 },           /* 0.5: Math.round, not to even */
    { 5, 0.5, 3 },           /* 2.5: 3, not 2 */
    { 1005, 0.07, 70 },      /* 70.35000000000001 */
    { 15, 0.1, 2 },          /* 1.5000000000000002 */
    { 0, 0.08, 0 },
  };
  GalleyMenu *menu = demo_menu ();
  GalleyCart *cart = galley_cart_new (menu);
  const char *protein[] = { "mod-protein-chicken", "mod-base-rice", NULL };
  g_autoptr(GError) error = NULL;
  GalleyCartLine *bowl;
  guint total_notifies = 0, subtotal_notifies = 0;

  for (guint i = 0; i < G_N_ELEMENTS (rounding); i++)
    g_assert_cmpint (galley_cart_compute_tax (rounding[i].subtotal, rounding[i].rate), ==,
                     rounding[i].tax);

  g_signal_connect_swapped (cart, "notify::total", G_CALLBACK (galley_test_count_cb),
                            &total_notifies);
  g_signal_connect_swapped (cart, "notify::subtotal", G_CALLBACK (galley_test_count_cb),
                            &subtotal_notifies);

  /* order protocol §3.7: 2 × Soul Bowl 14.00 + chicken 3.00, tax 0.08, tip 5.00 */
  bowl = add (cart, menu, "bowl-soul", 2);
  g_assert_cmpuint (total_notifies, ==, 1);
  g_assert_true (galley_cart_line_set_modifiers (bowl, protein, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (total_notifies, ==, 2);
  galley_cart_set_tip (cart, 500);
  g_assert_cmpint (galley_cart_get_subtotal (cart), ==, 3400);
  g_assert_cmpint (galley_cart_get_tax (cart), ==, 272);
  g_assert_cmpint (galley_cart_get_total (cart), ==, 4172);
  g_assert_cmpuint (total_notifies, ==, 3);
  g_assert_cmpuint (subtotal_notifies, ==, 2);

  /* a note moves no total: no notify */
  galley_cart_line_set_notes (bowl, "extra napkins");
  g_assert_cmpuint (total_notifies, ==, 3);

  /* unsure lines are left out; confirming brings them in */
  {
    g_autoptr(GalleyCartLine) unsure = galley_cart_line_new (item (menu, "drink-cola"),
                                                             "coke", 1);

    galley_cart_line_set_confidence (unsure, 0.7);
    g_assert_true (galley_cart_line_get_unsure (unsure));
    g_assert_nonnull (galley_cart_add_line (cart, unsure, GALLEY_CART_ADD_NONE, NULL, &error));
    g_assert_cmpint (galley_cart_get_subtotal (cart), ==, 3400);
    g_assert_cmpuint (galley_cart_get_n_unsure (cart), ==, 1);
    g_assert_true (galley_cart_line_confirm (unsure, &error));
    g_assert_no_error (error);
    g_assert_false (galley_cart_line_get_unsure (unsure));
    g_assert_cmpfloat (galley_cart_line_get_confidence (unsure), ==, 1.0);
    g_assert_cmpuint (galley_cart_get_n_unsure (cart), ==, 0);
    g_assert_cmpint (galley_cart_get_subtotal (cart), ==, 3700);
    g_assert_cmpint (galley_cart_get_tax (cart), ==, 296);
  }

  /* the tax rate from the restaurant's settings */
  galley_cart_set_tax_rate (cart, 0.0825);
  g_assert_cmpint (galley_cart_get_tax (cart), ==, 305);   /* 305.25 */
  g_assert_cmpint (galley_cart_get_total (cart), ==, 3700 + 305 + 500);

  g_assert_finalize_object (cart);
  g_assert_finalize_object (menu);
  gates ();
}

static void
test_cart_modifiers (void)
{
  GalleyMenu *menu = demo_menu ();
  GalleyCart *cart = galley_cart_new (menu);
  g_autoptr(GError) error = NULL;
  const GalleyMenuModifierGroup *group = NULL;
  GalleyCartLine *bad = NULL;
  GalleyCartLine *line;
  const char *unknown[] = { "mod-milk-oat", NULL };
  const char *twice[] = { "mod-extra-cheese", "mod-extra-cheese", NULL };
  const char *too_many[] = { "mod-extra-cheese", "mod-add-bacon", "mod-double-patty",
                             "mod-add-avocado", NULL };
  const char *two_temps[] = { "mod-temp-rare", "mod-temp-well", NULL };
  const char *good[] = { "mod-temp-medium", "mod-side-fries", "mod-extra-cheese",
                         "mod-no-onions", NULL };
  const char *free_text[] = { "light on the salt", "  ", NULL };

  line = galley_cart_line_new (item (menu, "burger-classic"), NULL, 1);
  g_assert_false (galley_cart_line_set_modifiers (line, unknown, NULL, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_UNKNOWN);
  g_assert_cmpstr (error->message, ==, "“mod-milk-oat” is not a choice for Classic Burger.");
  g_clear_error (&error);
  g_assert_false (galley_cart_line_set_modifiers (line, twice, NULL, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_UNKNOWN);
  g_assert_cmpstr (error->message, ==, "“Extra cheese” was chosen twice for Classic Burger.");
  g_clear_error (&error);
  g_assert_false (galley_cart_line_set_modifiers (line, too_many, NULL, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_TOO_MANY);
  g_assert_cmpstr (error->message, ==, "Choose at most 3 options for “Extras”.");
  g_clear_error (&error);
  g_assert_false (galley_cart_line_set_modifiers (line, two_temps, NULL, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_TOO_MANY);
  g_assert_cmpstr (error->message, ==, "Choose at most 1 option for “Temperature”.");
  g_clear_error (&error);
  g_assert_cmpuint (galley_cart_line_get_n_modifiers (line), ==, 0);

  /* required groups: Temperature and Side */
  g_assert_false (galley_cart_line_check_modifiers (line, &group, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_REQUIRED);
  g_assert_cmpstr (error->message, ==, "Choose the Temperature for Classic Burger.");
  g_assert_cmpstr (group->id, ==, "grp-temperature");
  g_clear_error (&error);

  /* touch adds enforce them; voice lines may wait (validate reports them) */
  g_assert_null (galley_cart_add_line (cart, line, GALLEY_CART_ADD_REQUIRE_COMPLETE, NULL,
                                       &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_REQUIRED);
  g_clear_error (&error);
  g_assert_true (galley_cart_add_line (cart, line, GALLEY_CART_ADD_NONE, NULL, &error) == line);
  g_assert_false (galley_cart_validate (cart, &bad, &group, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_REQUIRED);
  g_assert_true (bad == line);
  g_assert_cmpstr (group->id, ==, "grp-temperature");
  g_clear_error (&error);

  g_assert_true (galley_cart_line_set_modifiers (line, good, free_text, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (galley_cart_line_get_n_modifiers (line), ==, 5);
  g_assert_cmpstr (galley_cart_line_get_modifier (line, 4)->id, ==, "voice-mod-1");
  g_assert_cmpstr (galley_cart_line_get_modifier (line, 4)->name, ==, "light on the salt");
  g_assert_cmpint (galley_cart_line_get_modifier (line, 4)->price, ==, 0);
  g_assert_cmpint (galley_cart_line_get_unit_price (line), ==, 1400);
  g_assert_true (galley_cart_line_check_modifiers (line, &group, &error));
  g_assert_null (group);
  g_assert_true (galley_cart_validate (cart, &bad, &group, &error));
  g_assert_no_error (error);
  g_assert_null (bad);

  /* the one-tap correction keeps free text and notes, drops the old item's options */
  g_assert_true (galley_cart_line_replace_item (line, item (menu, "burger-veggie"), &error));
  g_assert_cmpstr (galley_cart_line_get_name (line), ==, "Black Bean Burger");
  g_assert_cmpuint (galley_cart_line_get_n_modifiers (line), ==, 1);
  g_assert_cmpint (galley_cart_get_subtotal (cart), ==, 1350);
  g_assert_false (galley_cart_line_replace_item (line, item (menu, "burger-fish"), &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, "Fish Sandwich is sold out.");
  g_clear_error (&error);

  g_object_unref (line);
  g_assert_finalize_object (cart);
  g_assert_finalize_object (menu);
  gates ();
}

/* A group asking for at least two choices, not required: the demo menu has none. */
static void
test_cart_modifier_minimum (void)
{
  GalleyMenu *menu = galley_menu_new (NULL);
  g_autoptr(JsonObject) json = demo_menu_json ();
  JsonArray *items = json_object_get_array_member (json, "items");
  const char *one[] = { "mod-scoop-vanilla", NULL };
  const char *two[] = { "mod-scoop-vanilla", "mod-scoop-whipped", NULL };
  const GalleyMenuModifierGroup *group = NULL;
  g_autoptr(GError) error = NULL;
  GalleyCartLine *line;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonArray *groups;

      if (g_strcmp0 (json_object_get_string_member (item, "id"), "dessert-brownie") != 0)
        continue;
      groups = json_object_get_array_member (item, "modifiers");
      json_object_set_int_member (json_array_get_object_element (groups, 0), "min", 2);
    }
  g_assert_true (galley_menu_load_json (menu, json, &error));
  g_assert_no_error (error);

  line = galley_cart_line_new (item (menu, "dessert-brownie"), NULL, 1);
  g_assert_false (galley_cart_line_check_modifiers (line, &group, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_TOO_FEW);
  g_assert_cmpstr (error->message, ==, "Choose at least 2 options for “Topping”.");
  g_assert_cmpstr (group->id, ==, "grp-topping");
  g_clear_error (&error);
  g_assert_true (galley_cart_line_set_modifiers (line, one, NULL, &error));
  g_assert_false (galley_cart_line_check_modifiers (line, NULL, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_MODIFIER_TOO_FEW);
  g_clear_error (&error);
  g_assert_true (galley_cart_line_set_modifiers (line, two, NULL, &error));
  g_assert_true (galley_cart_line_check_modifiers (line, &group, &error));
  g_assert_no_error (error);
  g_assert_null (group);
  g_assert_cmpint (galley_cart_line_get_unit_price (line), ==, 700 + 150 + 75);

  g_assert_finalize_object (line);
  g_assert_finalize_object (menu);
  gates ();
}

static void
test_cart_unsure_lines (void)
{
  GalleyMenu *menu = demo_menu ();
  GalleyCart *cart = galley_cart_new (menu);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  GalleyCartLine *bad = NULL;
  GalleyCartLine *line = galley_cart_line_new (NULL, "chicken", 1);

  g_assert_true (galley_cart_line_get_unsure (line));
  g_assert_cmpint (galley_cart_line_get_check (line), ==, GALLEY_CART_CHECK_MATCH);
  g_assert_cmpstr (galley_cart_line_get_name (line), ==, "chicken");
  g_ptr_array_add (candidates, item (menu, "main-chicken"));
  g_ptr_array_add (candidates, item (menu, "burger-chicken"));
  galley_cart_line_set_candidates (line, candidates);
  g_assert_nonnull (galley_cart_add_line (cart, line, GALLEY_CART_ADD_NONE, NULL, &error));
  g_assert_cmpuint (galley_cart_get_n_unsure (cart), ==, 1);
  g_assert_cmpint (galley_cart_get_subtotal (cart), ==, 0);

  g_assert_false (galley_cart_line_confirm (line, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_NO_ITEM);
  g_assert_cmpstr (error->message, ==, "Choose which item “chicken” is first.");
  g_clear_error (&error);
  g_assert_false (galley_cart_validate (cart, &bad, NULL, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_NO_ITEM);
  g_assert_true (bad == line);
  g_clear_error (&error);
  {
    JsonObject *payload = galley_cart_to_create_payload (cart, "takeout", NULL, "ref", &error);

    g_assert_null (payload);
    g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_NO_ITEM);
    g_clear_error (&error);
  }

  /* a candidate tapped */
  g_assert_true (galley_cart_line_replace_item (line, g_ptr_array_index (
                   galley_cart_line_get_candidates (line), 0), &error));
  g_assert_false (galley_cart_line_get_unsure (line));
  g_assert_cmpuint (galley_cart_line_get_candidates (line)->len, ==, 0);
  g_assert_cmpint (galley_cart_get_subtotal (cart), ==, 1950);

  /* quantity and allergy checks wait for a tap too */
  galley_cart_line_set_check (line, GALLEY_CART_CHECK_ALLERGY);
  g_assert_false (galley_cart_validate (cart, NULL, NULL, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_NEEDS_CASHIER);
  g_assert_cmpstr (error->message, ==, "Confirm Roast Half Chicken before sending the order.");
  g_clear_error (&error);
  g_assert_true (galley_cart_line_confirm (line, &error));

  galley_cart_clear (cart);
  g_assert_false (galley_cart_validate (cart, NULL, NULL, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_EMPTY);
  g_assert_cmpstr (error->message, ==, "The order is empty. Add an item first.");
  g_clear_error (&error);

  g_assert_finalize_object (line);
  g_assert_finalize_object (cart);
  g_assert_finalize_object (menu);
  gates ();
}

static void
test_cart_menu_refresh (void)
{
  GalleyMenu *menu = demo_menu ();
  GalleyCart *cart = galley_cart_new (menu);
  ItemsChanged record = { 0 };
  g_autoptr(GError) error = NULL;
  GalleyCartLine *burger, *cola, *wings;
  guint unavailable_notifies = 0;

  burger = add (cart, menu, "main-pasta", 1);
  cola = add (cart, menu, "side-rings", 2);
  wings = add (cart, menu, "starter-wings", 1);
  g_signal_connect (cart, "items-changed", G_CALLBACK (items_changed_cb), &record);
  g_signal_connect_swapped (cart, "notify::n-unavailable", G_CALLBACK (galley_test_count_cb),
                            &unavailable_notifies);
  g_assert_cmpint (galley_cart_get_subtotal (cart), ==, 2100 + 1100 + 1150);

  /* the onion rings are 86'd: flagged, kept, no items-changed */
  reload_menu (menu, "side-rings", FALSE, FALSE);
  g_assert_true (galley_cart_line_get_unavailable (cola));
  g_assert_false (galley_cart_line_get_unavailable (burger));
  g_assert_cmpuint (galley_cart_get_n_unavailable (cart), ==, 1);
  g_assert_cmpuint (unavailable_notifies, ==, 1);
  assert_items_changed (&record, 0, 0, 0, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cart)), ==, 3);
  g_assert_false (galley_cart_validate (cart, NULL, NULL, &error));
  g_assert_error (error, GALLEY_CART_ERROR, GALLEY_CART_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==,
                   "Onion Rings is sold out. Remove the line or choose another item.");
  g_clear_error (&error);

  /* the wings leave the menu: a second flag; the burger follows its new instance */
  reload_menu (menu, "starter-wings", TRUE, TRUE);
  g_assert_true (galley_cart_line_get_unavailable (wings));
  g_assert_false (galley_cart_line_get_unavailable (cola));   /* available again in that load */
  g_assert_cmpuint (galley_cart_get_n_unavailable (cart), ==, 1);
  g_assert_true (galley_cart_line_get_item (burger) ==
                 galley_menu_lookup_item_by_id (menu, "main-pasta"));
  assert_items_changed (&record, 0, 0, 0, 0);

  /* rebinding to another menu object */
  {
    GalleyMenu *other = demo_menu ();

    galley_cart_set_menu (cart, other);
    g_assert_false (galley_cart_line_get_unavailable (wings));
    g_assert_cmpuint (galley_cart_get_n_unavailable (cart), ==, 0);
    g_assert_true (galley_cart_line_get_item (wings) ==
                   galley_menu_lookup_item_by_id (other, "starter-wings"));
    g_object_unref (other);
  }
  g_assert_finalize_object (menu);   /* the cart no longer holds it */

  g_assert_finalize_object (cart);
  gates ();
}

static void
test_cart_json (void)
{
  GalleyMenu *menu = demo_menu ();
  GalleyCart *cart = galley_cart_new (menu);
  g_autoptr(GError) error = NULL;
  const char *bowl_mods[] = { "mod-protein-chicken", "mod-base-quinoa", NULL };
  GalleyCartLine *bowl;
  g_autoptr(GalleyCartLine) unsure = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(JsonObject) tool = NULL;
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *empty = galley_cart_dup_summary (cart);

  g_assert_cmpstr (empty, ==, "Current order: empty. Lines awaiting the cashier: none.");
  bowl = add (cart, menu, "bowl-soul", 2);
  g_assert_true (galley_cart_line_set_modifiers (bowl, bowl_mods, NULL, &error));
  galley_cart_line_set_allergy_notes (bowl, "Nut allergy");
  galley_cart_line_set_notes (bowl, "no sesame");
  galley_cart_set_tip (cart, 500);
  galley_cart_set_rush (cart, TRUE);

  payload = galley_cart_to_create_payload (cart, "dine-in", "Table 7 - Seat 2", "ref-1", &error);
  g_assert_no_error (error);
  text = galley_json_object_to_string (payload);
  g_assert_cmpstr (text, ==,
                   "{\"type\":\"dine-in\",\"items\":[{\"id\":\"L1\",\"menu_item_id\":\"bowl-soul\","
                   "\"name\":\"Soul Bowl\",\"quantity\":2,\"price\":14,\"modifiers\":["
                   "{\"id\":\"mod-protein-chicken\",\"name\":\"Chicken\",\"price\":3},"
                   "{\"id\":\"mod-base-quinoa\",\"name\":\"Quinoa\",\"price\":0.5}],"
                   "\"special_instructions\":\"ALLERGY: Nut allergy. no sesame\"}],"
                   "\"customerName\":\"Table 7 - Seat 2\",\"notes\":\"RUSH\",\"tip\":5,"
                   "\"metadata\":{\"client_order_ref\":\"ref-1\",\"rush\":true}}");
  g_clear_pointer (&text, g_free);

  unsure = galley_cart_line_new (NULL, "large coke", 1);
  g_assert_nonnull (galley_cart_add_line (cart, unsure, GALLEY_CART_ADD_NONE, NULL, &error));
  tool = galley_cart_to_tool_json (cart);
  text = galley_json_object_to_string (tool);
  g_assert_cmpstr (text, ==,
                   "{\"lines\":[{\"line\":\"L1\",\"item\":\"Soul Bowl\",\"quantity\":2,"
                   "\"modifications\":[\"Chicken\",\"Quinoa\"],\"state\":\"confirmed\"},"
                   "{\"line\":\"L2\",\"heard\":\"large coke\",\"quantity\":1,"
                   "\"state\":\"needs_cashier\"}],\"needs_cashier\":1,\"subtotal\":\"35.00\","
                   "\"rush\":true}");
  summary = galley_cart_dup_summary (cart);
  g_assert_cmpstr (summary, ==,
                   "Current order: L1 2 x Soul Bowl (Chicken, Quinoa); L2 1 x large coke "
                   "[awaiting the cashier]. Lines awaiting the cashier: L2.");

  g_assert_finalize_object (cart);
  g_assert_finalize_object (menu);
  g_assert_finalize_object (g_steal_pointer (&unsure));
  gates ();
}

static void
test_cart_notify (void)
{
  GalleyMenu *menu = demo_menu ();
  g_autoptr(GalleyCartLine) line = galley_cart_line_new (item (menu, "drink-cola"), NULL, 1);
  guint quantity = 0, notes = 0, changed = 0;
  g_autoptr(GError) error = NULL;

  g_signal_connect_swapped (line, "notify::quantity", G_CALLBACK (galley_test_count_cb),
                            &quantity);
  g_signal_connect_swapped (line, "notify::notes", G_CALLBACK (galley_test_count_cb), &notes);
  g_signal_connect_swapped (line, "changed", G_CALLBACK (galley_test_count_cb), &changed);
  g_assert_true (galley_cart_line_set_quantity (line, 2, FALSE, &error));
  g_assert_true (galley_cart_line_set_quantity (line, 2, FALSE, &error));
  g_assert_true (galley_cart_line_set_quantity (line, 3, FALSE, &error));
  g_assert_cmpuint (quantity, ==, 2);
  galley_cart_line_set_notes (line, "ice");
  galley_cart_line_set_notes (line, "ice");
  galley_cart_line_set_notes (line, "");
  g_assert_null (galley_cart_line_get_notes (line));
  g_assert_cmpuint (notes, ==, 2);
  g_assert_cmpuint (changed, ==, 4);

  g_assert_finalize_object (g_steal_pointer (&line));
  g_assert_finalize_object (menu);
  gates ();
}

/* ================================================================== matcher */

typedef struct
{
  const char *phrase;
  GalleyMenuMatchKind kind;
  const char *item;        /* NULL: ambiguous or none */
  gboolean unsure;
  const char *size;
} MatchCase;

static void
test_matcher_phrases (void)
{
  static const MatchCase cases[] = {
    /* exact, case- and accent-insensitive */
    { "Classic Burger", GALLEY_MENU_MATCH_EXACT, "burger-classic", FALSE, NULL },
    { "classic burger", GALLEY_MENU_MATCH_EXACT, "burger-classic", FALSE, NULL },
    { "CLASSIC BURGERS", GALLEY_MENU_MATCH_EXACT, "burger-classic", FALSE, NULL },
    { "the ribeye steak", GALLEY_MENU_MATCH_EXACT, "main-steak", FALSE, NULL },
    { "Fish & Chips", GALLEY_MENU_MATCH_EXACT, "main-fish-chips", FALSE, NULL },
    { "fish and chips", GALLEY_MENU_MATCH_EXACT, "main-fish-chips", FALSE, NULL },
    { "Mac & Cheese", GALLEY_MENU_MATCH_EXACT, "side-mac", FALSE, NULL },
    { "mac and cheese please", GALLEY_MENU_MATCH_EXACT, "side-mac", FALSE, NULL },
    { "Soup of the Day", GALLEY_MENU_MATCH_EXACT, "starter-soup", FALSE, NULL },
    { "new york cheesecake", GALLEY_MENU_MATCH_EXACT, "dessert-cheesecake", FALSE, NULL },
    { "Pad-Thai", GALLEY_MENU_MATCH_EXACT, "bowl-padthai", FALSE, NULL },
    { "french fries", GALLEY_MENU_MATCH_EXACT, "side-fries", FALSE, NULL },
    { "a latte", GALLEY_MENU_MATCH_EXACT, "drink-latte", FALSE, NULL },
    { "Lattés", GALLEY_MENU_MATCH_EXACT, "drink-latte", FALSE, NULL },
    { "onion rings", GALLEY_MENU_MATCH_EXACT, "side-rings", FALSE, NULL },
    { "iced teas", GALLEY_MENU_MATCH_EXACT, "drink-iced-tea", FALSE, NULL },
    { "chocolate brownies", GALLEY_MENU_MATCH_EXACT, "dessert-brownie", FALSE, NULL },
    /* aliases, with generated variants */
    { "cheeseburger", GALLEY_MENU_MATCH_ALIAS, "burger-classic", FALSE, NULL },
    { "cheese burger", GALLEY_MENU_MATCH_ALIAS, "burger-classic", FALSE, NULL },
    { "cheeseburgers", GALLEY_MENU_MATCH_ALIAS, "burger-classic", FALSE, NULL },
    { "wings", GALLEY_MENU_MATCH_ALIAS, "starter-wings", FALSE, NULL },
    { "hot wings", GALLEY_MENU_MATCH_ALIAS, "starter-wings", FALSE, NULL },
    { "fish n chips", GALLEY_MENU_MATCH_ALIAS, "main-fish-chips", FALSE, NULL },
    { "nachos", GALLEY_MENU_MATCH_ALIAS, "starter-nachos", FALSE, NULL },
    { "coke", GALLEY_MENU_MATCH_ALIAS, "drink-cola", FALSE, NULL },
    { "poke bowl", GALLEY_MENU_MATCH_ALIAS, "bowl-poke", FALSE, NULL },
    { "soul", GALLEY_MENU_MATCH_ALIAS, "bowl-soul", FALSE, NULL },
    { "brownie", GALLEY_MENU_MATCH_ALIAS, "dessert-brownie", FALSE, NULL },
    { "milkshakes", GALLEY_MENU_MATCH_ALIAS, "drink-shake", FALSE, NULL },
    { "tacos", GALLEY_MENU_MATCH_ALIAS, "main-tacos", FALSE, NULL },
    { "squid", GALLEY_MENU_MATCH_ALIAS, "starter-calamari", FALSE, NULL },
    { "ice cream", GALLEY_MENU_MATCH_ALIAS, "dessert-sundae", FALSE, NULL },
    /* size words split off when the item has a size choice */
    { "large coke", GALLEY_MENU_MATCH_ALIAS, "drink-cola", FALSE, "large" },
    { "small fries", GALLEY_MENU_MATCH_ALIAS, "side-fries", FALSE, "small" },
    { "medium latte", GALLEY_MENU_MATCH_EXACT, "drink-latte", FALSE, "medium" },
    /* whole-word substring either way */
    { "ribeye steak medium rare", GALLEY_MENU_MATCH_SUBSTRING, "main-steak", FALSE, NULL },
    { "smash", GALLEY_MENU_MATCH_SUBSTRING, "burger-bacon", FALSE, NULL },
    { "salmon poke", GALLEY_MENU_MATCH_SUBSTRING, "bowl-poke", FALSE, NULL },
    { "mango", GALLEY_MENU_MATCH_SUBSTRING, "dessert-sorbet", FALSE, NULL },
    { "loaded nachos with extra cheese", GALLEY_MENU_MATCH_SUBSTRING, "starter-nachos", FALSE,
      NULL },
    { "edamame beans", GALLEY_MENU_MATCH_SUBSTRING, "starter-edamame", FALSE, NULL },
    /* ambiguous: reported, none picked */
    { "chicken", GALLEY_MENU_MATCH_SUBSTRING, NULL, TRUE, NULL },
    { "salad", GALLEY_MENU_MATCH_ALIAS, "bowl-caesar", FALSE, NULL },
    { "mushroom", GALLEY_MENU_MATCH_SUBSTRING, NULL, TRUE, NULL },
    { "sweet", GALLEY_MENU_MATCH_SUBSTRING, "side-sweet-fries", FALSE, NULL },
    /* fuzzy: never confident */
    { "cheesburger", GALLEY_MENU_MATCH_FUZZY, "burger-classic", TRUE, NULL },
    { "calamary", GALLEY_MENU_MATCH_FUZZY, "starter-calamari", TRUE, NULL },
    { "brusheta", GALLEY_MENU_MATCH_FUZZY, "starter-bruschetta", TRUE, NULL },
    { "risoto", GALLEY_MENU_MATCH_FUZZY, "main-risotto", TRUE, NULL },
    /* not found */
    { "sprite zero", GALLEY_MENU_MATCH_NONE, NULL, TRUE, NULL },
    { "helicopter", GALLEY_MENU_MATCH_NONE, NULL, TRUE, NULL },
    { "", GALLEY_MENU_MATCH_NONE, NULL, TRUE, NULL },
  };
  GalleyMenu *menu = demo_menu ();
  GalleyMenuMatcher *matcher = galley_menu_matcher_new (menu);
  guint failures = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GalleyMenuMatch) m = galley_menu_matcher_match (matcher, cases[i].phrase);
      const char *got = m->item != NULL ? galley_menu_item_get_id (m->item) : NULL;

      if (m->kind != cases[i].kind || g_strcmp0 (got, cases[i].item) != 0 ||
          m->unsure != cases[i].unsure || g_strcmp0 (m->size, cases[i].size) != 0)
        {
          g_printerr ("“%s”: kind %d item %s unsure %d size %s (%u candidates: %s)\n",
                      cases[i].phrase, m->kind, got, m->unsure, m->size, m->candidates->len,
                      m->candidates->len > 0
                        ? galley_menu_item_get_id (g_ptr_array_index (m->candidates, 0)) : "");
          failures++;
        }
      if (!m->unsure)
        g_assert_cmpfloat (m->confidence, >=, GALLEY_CART_MATCH_THRESHOLD);
      else
        g_assert_cmpfloat (m->confidence, <, GALLEY_CART_MATCH_THRESHOLD);
    }
  g_assert_cmpuint (failures, ==, 0);

  g_assert_finalize_object (matcher);
  g_assert_finalize_object (menu);
  gates ();
}

static void
test_matcher_modifiers (void)
{
  static const struct
  {
    const char *item;
    const char *phrase;
    const char *option;      /* NULL: free text */
  } cases[] = {
    { "burger-classic", "no onions", "mod-no-onions" },
    { "burger-classic", "without onions", "mod-no-onions" },
    { "burger-classic", "hold the pickles", "mod-no-pickles" },
    { "burger-classic", "extra cheese", "mod-extra-cheese" },
    { "burger-classic", "with bacon", "mod-add-bacon" },
    { "burger-classic", "Medium Rare", "mod-temp-medium-rare" },
    { "burger-classic", "well done", "mod-temp-well" },
    { "burger-classic", "sweet potato fries", "mod-side-sweet-potato" },
    { "burger-classic", "no cheese", NULL },           /* never "Extra cheese" */
    { "burger-classic", "cut in half", NULL },
    { "drink-cola", "large", "mod-size-large" },
    { "drink-latte", "oat milk", "mod-milk-oat" },
    { "drink-latte", "almond mlk", "mod-milk-almond" },   /* close spelling */
    { "bowl-soul", "tofu", "mod-protein-tofu" },
    { "bowl-soul", "chicken", "mod-protein-chicken" },
  };
  GalleyMenu *menu = demo_menu ();
  GalleyMenuMatcher *matcher = galley_menu_matcher_new (menu);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const GalleyMenuModifierGroup *group = NULL;
      const GalleyMenuModifierOption *option =
        galley_menu_matcher_match_modifier (matcher, item (menu, cases[i].item),
                                            cases[i].phrase, &group);

      g_test_message ("%s: %s", cases[i].item, cases[i].phrase);
      g_assert_cmpstr (option != NULL ? option->id : NULL, ==, cases[i].option);
      g_assert_true ((group != NULL) == (option != NULL));
    }

  g_assert_finalize_object (matcher);
  g_assert_finalize_object (menu);
  gates ();
}

static void
test_matcher_menu_reload (void)
{
  GalleyMenu *menu = demo_menu ();
  GalleyMenuMatcher *matcher = galley_menu_matcher_new (menu);
  g_autoptr(GalleyMenuMatch) before = galley_menu_matcher_match (matcher, "wings");
  g_autoptr(GalleyMenuMatch) after = NULL;
  g_autoptr(GalleyMenuMatch) fish = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;

  g_assert_cmpstr (galley_menu_item_get_id (before->item), ==, "starter-wings");
  g_clear_pointer (&before, galley_menu_match_free);

  /* the index follows the menu */
  reload_menu (menu, "starter-wings", TRUE, TRUE);
  after = galley_menu_matcher_match (matcher, "buffalo wings");
  g_assert_true (after->kind != GALLEY_MENU_MATCH_EXACT);
  g_assert_null (after->item != NULL &&
                 g_str_equal (galley_menu_item_get_id (after->item), "starter-wings")
                 ? after->item : NULL);

  /* a sold-out item is still matched (the caller says so) and has suggestions */
  fish = galley_menu_matcher_match (matcher, "fish sandwich");
  g_assert_cmpint (fish->kind, ==, GALLEY_MENU_MATCH_EXACT);
  g_assert_false (galley_menu_item_get_available (fish->item));
  suggestions = galley_menu_matcher_suggest (matcher, fish->item);
  g_assert_cmpuint (suggestions->len, ==, 3);
  for (guint i = 0; i < suggestions->len; i++)
    {
      GalleyMenuItem *s = g_ptr_array_index (suggestions, i);

      g_assert_true (galley_menu_item_get_available (s));
      g_assert_cmpstr (galley_menu_item_get_category_id (s), ==,
                       galley_menu_item_get_category_id (fish->item));
    }
  g_clear_pointer (&suggestions, g_ptr_array_unref);
  g_clear_pointer (&fish, galley_menu_match_free);
  g_clear_pointer (&after, galley_menu_match_free);

  /* two fuzzy candidates too close: ambiguous, nothing chosen */
  {
    g_autoptr(GalleyMenuMatch) m = galley_menu_matcher_match (matcher, "tofu bowl");

    g_assert_cmpint (m->kind, ==, GALLEY_MENU_MATCH_FUZZY);
    g_assert_true (m->unsure);
    g_assert_true (m->ambiguous);
    g_assert_null (m->item);
    g_assert_cmpuint (m->candidates->len, >=, 2);
  }
  g_assert_cmpfloat (galley_menu_matcher_similarity ("Jalapeño Poppers", "jalapeno popper"),
                     ==, 1.0);
  {
    g_autofree char *n = galley_menu_matcher_normalize ("  Fish & Chips!! ");

    g_assert_cmpstr (n, ==, "fish and chip");
  }

  g_assert_finalize_object (matcher);
  g_assert_finalize_object (menu);
  gates ();
}

/* ================================================================== tools */

typedef struct
{
  GalleyMenu        *menu;
  GalleyCart        *cart;
  GalleyMenuMatcher *matcher;
} Tools;

static void
tools_setup (Tools         *t,
             gconstpointer  data)
{
  t->menu = demo_menu ();
  t->cart = galley_cart_new (t->menu);
  t->matcher = galley_menu_matcher_new (t->menu);
}

static void
tools_teardown (Tools         *t,
                gconstpointer  data)
{
  g_assert_finalize_object (t->matcher);
  g_assert_finalize_object (t->cart);
  g_assert_finalize_object (t->menu);
  gates ();
}

/* Runs a call and returns its output, also checked to be valid JSON text. */
static JsonObject *
call (Tools      *t,
      const char *tool,
      const char *arguments)
{
  g_autofree char *text = galley_cart_tools_apply_to_string (t->cart, t->matcher, tool,
                                                             arguments);
  g_autoptr(GError) error = NULL;
  JsonObject *output = galley_json_parse_object (text, -1, &error);

  g_assert_no_error (error);
  g_test_message ("%s %.200s → %.400s", tool, arguments != NULL ? arguments : "(none)", text);
  g_assert_true (json_object_has_member (output, "order"));

  return output;
}

static JsonObject *
result (JsonObject *output,
        guint       index)
{
  JsonArray *results = json_object_get_array_member (output, "results");

  g_assert_true (json_object_get_boolean_member (output, "ok"));
  g_assert_cmpuint (index, <, json_array_get_length (results));

  return json_array_get_object_element (results, index);
}

static const char *
status (JsonObject *output,
        guint       index)
{
  return json_object_get_string_member (result (output, index), "status");
}

static void
assert_bad (Tools      *t,
            const char *tool,
            const char *arguments,
            const char *detail)
{
  g_autoptr(JsonObject) output = NULL;
  guint before = g_list_model_get_n_items (G_LIST_MODEL (t->cart));
  gint64 subtotal = galley_cart_get_subtotal (t->cart);

  output = call (t, tool, arguments);
  g_assert_false (json_object_get_boolean_member (output, "ok"));
  g_assert_cmpstr (json_object_get_string_member (output, "error"), ==, "bad_arguments");
  g_assert_cmpstr (json_object_get_string_member (output, "detail"), ==, detail);
  /* nothing ran */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (t->cart)), ==, before);
  g_assert_cmpint (galley_cart_get_subtotal (t->cart), ==, subtotal);
}

static void
test_tools_add (Tools         *t,
                gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;
  JsonObject *r;
  GalleyCartLine *line;

  out = call (t, "add_to_order",
              "{\"items\":[{\"name\":\"cheeseburger\",\"quantity\":2,"
              "\"modifications\":[\"no onions\",\"medium rare\",\"light on the salt\"]},"
              "{\"name\":\"large coke\",\"quantity\":1},"
              "{\"name\":\"sprite zero\",\"quantity\":1},"
              "{\"name\":\"fish sandwich\",\"quantity\":1},"
              "{\"name\":\"chicken\",\"quantity\":1}]}");
  g_assert_cmpstr (status (out, 0), ==, "added");
  r = result (out, 0);
  g_assert_cmpstr (json_object_get_string_member (r, "item"), ==, "Classic Burger");
  g_assert_cmpstr (json_object_get_string_member (r, "line"), ==, "L1");
  g_assert_cmpstr (json_object_get_string_member (r, "message"), ==, "Added 2 x Classic Burger.");
  /* the side is still to choose: the model asks */
  g_assert_cmpstr (json_array_get_string_element (
                     json_object_get_array_member (r, "missing_choices"), 0), ==, "Side");
  line = galley_cart_lookup_line (t->cart, "L1");
  g_assert_cmpuint (galley_cart_line_get_n_modifiers (line), ==, 3);
  g_assert_cmpstr (galley_cart_line_get_modifier (line, 0)->id, ==, "mod-no-onions");
  g_assert_cmpstr (galley_cart_line_get_modifier (line, 1)->id, ==, "mod-temp-medium-rare");
  g_assert_cmpstr (galley_cart_line_get_modifier (line, 2)->id, ==, "voice-mod-1");
  g_assert_cmpint (galley_cart_line_get_source (line), ==, GALLEY_CART_SOURCE_VOICE);

  g_assert_cmpstr (status (out, 1), ==, "added");
  line = galley_cart_lookup_line (t->cart, "L2");
  g_assert_cmpstr (galley_cart_line_get_modifier (line, 0)->id, ==, "mod-size-large");
  g_assert_cmpint (galley_cart_line_get_unit_price (line), ==, 400);

  g_assert_cmpstr (status (out, 2), ==, "not_found");
  g_assert_cmpstr (status (out, 3), ==, "unavailable");
  r = result (out, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r, "suggestions")),
                    ==, 3);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (r, "message"),
                                   "Fish Sandwich is sold out. Nothing was added."));

  /* ambiguous: a line for the cashier, no item chosen, out of the total */
  g_assert_cmpstr (status (out, 4), ==, "unsure");
  r = result (out, 4);
  g_assert_cmpstr (json_object_get_string_member (r, "state"), ==, "needs_cashier");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r, "candidates")),
                    ==, 3);
  line = galley_cart_lookup_line (t->cart, "L3");
  g_assert_null (galley_cart_line_get_item (line));
  g_assert_true (galley_cart_line_get_unsure (line));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (t->cart)), ==, 3);
  g_assert_cmpint (galley_cart_get_subtotal (t->cart), ==, 2 * 1300 + 400);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (out, "order"),
                                               "needs_cashier"), ==, 1);
  g_clear_pointer (&out, json_object_unref);

  /* the same burger again merges */
  out = call (t, "add_to_order",
              "{\"items\":[{\"name\":\"Cheeseburger\",\"quantity\":1,"
              "\"modifiers\":[\"medium rare\",\"no onions\",\"light on the salt\"]}]}");
  g_assert_cmpstr (status (out, 0), ==, "merged");
  g_assert_cmpint (json_object_get_int_member (result (out, 0), "quantity"), ==, 3);
  g_clear_pointer (&out, json_object_unref);

  /* a confident answer resolves the open line */
  out = call (t, "add_to_order", "{\"items\":[{\"name\":\"roast chicken\",\"quantity\":1}]}");
  g_assert_cmpstr (status (out, 0), ==, "resolved");
  g_assert_cmpstr (json_object_get_string_member (result (out, 0), "line"), ==, "L3");
  g_assert_false (galley_cart_line_get_unsure (galley_cart_lookup_line (t->cart, "L3")));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (t->cart)), ==, 3);
  g_clear_pointer (&out, json_object_unref);

  /* fuzzy: unsure with the item, never confirmed */
  out = call (t, "add_to_order", "{\"items\":[{\"name\":\"calamary\",\"quantity\":1}]}");
  g_assert_cmpstr (status (out, 0), ==, "unsure");
  line = galley_cart_lookup_line (t->cart, "L4");
  g_assert_cmpstr (galley_cart_line_get_name (line), ==, "Fried Calamari");
  g_assert_true (galley_cart_line_get_unsure (line));
  g_assert_cmpfloat (galley_cart_line_get_confidence (line), <, GALLEY_CART_MATCH_THRESHOLD);
  g_clear_pointer (&out, json_object_unref);

  /* allergy and rush */
  out = call (t, "add_to_order",
              "{\"items\":[{\"name\":\"pad thai\",\"quantity\":1,\"allergyNotes\":\"peanut "
              "allergy\",\"specialInstructions\":\"mild\",\"rushOrder\":true}]}");
  g_assert_cmpstr (status (out, 0), ==, "added");
  g_assert_cmpstr (json_object_get_string_member (result (out, 0), "state"), ==,
                   "needs_cashier");
  line = galley_cart_lookup_line (t->cart, "L5");
  g_assert_cmpint (galley_cart_line_get_check (line), ==, GALLEY_CART_CHECK_ALLERGY);
  g_assert_cmpstr (galley_cart_line_get_notes (line), ==, "mild");
  g_assert_cmpstr (galley_cart_line_get_allergy_notes (line), ==, "peanut allergy");
  g_assert_true (galley_cart_get_rush (t->cart));
}

static void
test_tools_quantities (Tools         *t,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;

  /* the 18,000 waters: nothing added, the model is told */
  out = call (t, "add_to_order", "{\"items\":[{\"name\":\"water\",\"quantity\":18000}]}");
  g_assert_cmpstr (status (out, 0), ==, "limit");
  g_assert_cmpstr (json_object_get_string_member (result (out, 0), "message"), ==,
                   "A quantity of 18000 was not added: more than 50 of one item must be "
                   "entered by the cashier.");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (t->cart)), ==, 0);
  g_clear_pointer (&out, json_object_unref);

  out = call (t, "add_to_order", "{\"items\":[{\"name\":\"water\",\"quantity\":1e300}]}");
  g_assert_cmpstr (status (out, 0), ==, "limit");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (t->cart)), ==, 0);
  g_clear_pointer (&out, json_object_unref);

  /* 21..50: added, waiting for a tap */
  out = call (t, "add_to_order", "{\"items\":[{\"name\":\"water\",\"quantity\":21}]}");
  g_assert_cmpstr (status (out, 0), ==, "quantity_check");
  g_assert_cmpint (galley_cart_line_get_check (galley_cart_lookup_line (t->cart, "L1")), ==,
                   GALLEY_CART_CHECK_QUANTITY);
  g_assert_cmpint (galley_cart_get_subtotal (t->cart), ==, 0);
  g_clear_pointer (&out, json_object_unref);

  /* 20 is fine; a merge past 50 is refused */
  out = call (t, "add_to_order", "{\"items\":[{\"name\":\"coffee\",\"quantity\":20},"
                                 "{\"name\":\"coffee\",\"quantity\":20},"
                                 "{\"name\":\"coffee\",\"quantity\":20}]}");
  g_assert_cmpstr (status (out, 0), ==, "added");
  g_assert_cmpstr (status (out, 1), ==, "merged");
  g_assert_cmpstr (status (out, 2), ==, "limit");
  g_assert_cmpuint (galley_cart_line_get_quantity (galley_cart_lookup_line (t->cart, "L2")), ==,
                    40);
}

static void
test_tools_bad_arguments (Tools         *t,
                          gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;

  out = call (t, "add_to_order", "{\"items\":[{\"name\":\"coke\",\"quantity\":1}]}");
  g_clear_pointer (&out, json_object_unref);

  assert_bad (t, "add_to_order", NULL, "the arguments are missing or too long");
  assert_bad (t, "add_to_order", "", "the arguments are not a JSON object");
  assert_bad (t, "add_to_order", "{\"items\":[", "the arguments are not a JSON object");
  assert_bad (t, "add_to_order", "[1,2]", "the arguments are not a JSON object");
  assert_bad (t, "add_to_order", "{}", "\"items\" must be a non-empty array");
  assert_bad (t, "add_to_order", "{\"items\":[]}", "\"items\" must be a non-empty array");
  assert_bad (t, "add_to_order", "{\"items\":{\"name\":\"coke\"}}",
              "\"items\" must be a non-empty array");
  assert_bad (t, "add_to_order", "{\"items\":[\"coke\"]}", "items[0] must be an object");
  assert_bad (t, "add_to_order", "{\"items\":[{\"quantity\":1}]}",
              "items[0]: \"name\" is missing");
  assert_bad (t, "add_to_order", "{\"items\":[{\"name\":42}]}",
              "items[0]: \"name\" must be a string");
  assert_bad (t, "add_to_order", "{\"items\":[{\"name\":\"\"}]}", "items[0]: \"name\" is empty");
  /* the first item is fine, the second is not: neither runs */
  assert_bad (t, "add_to_order",
              "{\"items\":[{\"name\":\"coke\",\"quantity\":1},"
              "{\"name\":\"tea\",\"quantity\":\"2\"}]}",
              "items[1]: \"quantity\" must be a whole number of at least 1");
  assert_bad (t, "add_to_order", "{\"items\":[{\"name\":\"coke\",\"quantity\":2.5}]}",
              "items[0]: \"quantity\" must be a whole number of at least 1");
  assert_bad (t, "add_to_order", "{\"items\":[{\"name\":\"coke\",\"quantity\":0}]}",
              "items[0]: \"quantity\" must be a whole number of at least 1");
  assert_bad (t, "add_to_order", "{\"items\":[{\"name\":\"coke\",\"quantity\":-3}]}",
              "items[0]: \"quantity\" must be a whole number of at least 1");
  assert_bad (t, "add_to_order", "{\"items\":[{\"name\":\"coke\",\"modifications\":\"ice\"}]}",
              "items[0]: \"modifications\" must be an array of strings");
  assert_bad (t, "add_to_order", "{\"items\":[{\"name\":\"coke\",\"modifications\":[1]}]}",
              "items[0]: \"modifications\" must be an array of short strings");
  assert_bad (t, "add_to_order", "{\"items\":[{\"name\":\"coke\",\"rushOrder\":\"yes\"}]}",
              "items[0]: \"rushOrder\" must be true or false");
  assert_bad (t, "add_to_order", "{\"items\":[{\"name\":\"coke\",\"price\":0.01}]}",
              "items[0]: unknown field \"price\"");
  assert_bad (t, "add_to_order", "{\"items\":[],\"extra\":1}", "unknown field \"extra\"");
  assert_bad (t, "remove_from_order", "{}", "\"itemName\" is missing");
  assert_bad (t, "remove_from_order", "{\"itemName\":[\"coke\"]}",
              "\"itemName\" must be a string");
  assert_bad (t, "remove_from_order", "{\"itemName\":\"coke\",\"quantity\":0}",
              "\"quantity\" must be a whole number of at least 1");
  assert_bad (t, "confirm_order", "{}", "\"action\" is missing");
  assert_bad (t, "confirm_order", "{\"action\":\"submit\"}",
              "\"action\" must be \"checkout\", \"review\" or \"cancel\"");
  assert_bad (t, "confirm_order", "{\"action\":true}", "\"action\" must be a string");

  {
    GString *big = g_string_new ("{\"items\":[");

    for (guint i = 0; i < GALLEY_CART_MAX_LINES + 1; i++)
      g_string_append_printf (big, "%s{\"name\":\"coke\"}", i > 0 ? "," : "");
    g_string_append (big, "]}");
    assert_bad (t, "add_to_order", big->str, "\"items\" has too many entries");
    g_string_set_size (big, 0);
    g_string_append (big, "{\"items\":[{\"name\":\"");
    for (guint i = 0; i < GALLEY_CART_TOOLS_MAX_ARGUMENTS; i++)
      g_string_append_c (big, 'a');
    g_string_append (big, "\"}]}");
    assert_bad (t, "add_to_order", big->str, "the arguments are missing or too long");
    g_string_free (big, TRUE);
  }

  out = call (t, "order_pizza", "{}");
  g_assert_false (json_object_get_boolean_member (out, "ok"));
  g_assert_cmpstr (json_object_get_string_member (out, "error"), ==, "unknown_tool");
  g_assert_cmpstr (json_object_get_string_member (out, "detail"), ==,
                   "no tool named \"order_pizza\"");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (t->cart)), ==, 1);
}

static void
test_tools_remove (Tools         *t,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;

  out = call (t, "add_to_order",
              "{\"items\":[{\"name\":\"classic burger\",\"quantity\":3},"
              "{\"name\":\"classic burger\",\"quantity\":1,\"specialInstructions\":\"no bun\"},"
              "{\"name\":\"latte\",\"quantity\":2},{\"name\":\"mango sorbet\",\"quantity\":1}]}");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (t->cart)), ==, 4);
  g_clear_pointer (&out, json_object_unref);

  /* two burger lines: nothing removed, the model asks which */
  out = call (t, "remove_from_order", "{\"itemName\":\"cheeseburger\"}");
  g_assert_cmpstr (status (out, 0), ==, "unsure");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result (out, 0),
                                                                          "lines")), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (t->cart)), ==, 4);
  g_clear_pointer (&out, json_object_unref);

  /* by line id, part of the quantity */
  out = call (t, "remove_from_order", "{\"itemName\":\"L1\",\"quantity\":2}");
  g_assert_cmpstr (status (out, 0), ==, "removed");
  g_assert_cmpint (json_object_get_int_member (result (out, 0), "remaining"), ==, 1);
  g_assert_cmpuint (galley_cart_line_get_quantity (galley_cart_lookup_line (t->cart, "L1")), ==,
                    1);
  g_clear_pointer (&out, json_object_unref);

  /* by name, the whole line (quantity above what it has) */
  out = call (t, "remove_from_order", "{\"itemName\":\"Lattes\",\"quantity\":5}");
  g_assert_cmpstr (status (out, 0), ==, "removed");
  g_assert_cmpint (json_object_get_int_member (result (out, 0), "removed"), ==, 2);
  g_assert_null (galley_cart_lookup_line (t->cart, "L3"));
  g_clear_pointer (&out, json_object_unref);

  /* through the menu */
  out = call (t, "remove_from_order", "{\"itemName\":\"sorbet\"}");
  g_assert_cmpstr (status (out, 0), ==, "removed");
  g_assert_null (galley_cart_lookup_line (t->cart, "L4"));
  g_clear_pointer (&out, json_object_unref);

  out = call (t, "remove_from_order", "{\"itemName\":\"pad thai\"}");
  g_assert_cmpstr (status (out, 0), ==, "not_found");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (t->cart)), ==, 2);
}

static void
test_tools_confirm (Tools         *t,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) out = NULL;
  const char *good[] = { "mod-temp-medium", "mod-side-fries", NULL };

  out = call (t, "confirm_order", "{\"action\":\"checkout\"}");
  g_assert_cmpstr (status (out, 0), ==, "blocked");
  g_assert_cmpstr (json_object_get_string_member (result (out, 0), "blocked"), ==, "empty");
  g_clear_pointer (&out, json_object_unref);

  out = call (t, "add_to_order", "{\"items\":[{\"name\":\"burger\",\"quantity\":1},"
                                 "{\"name\":\"chicken\",\"quantity\":1}]}");
  g_clear_pointer (&out, json_object_unref);

  out = call (t, "confirm_order", "{\"action\":\"checkout\"}");
  g_assert_cmpstr (status (out, 0), ==, "blocked");
  g_assert_cmpstr (json_object_get_string_member (result (out, 0), "blocked"), ==,
                   "lines_need_cashier");
  g_clear_pointer (&out, json_object_unref);

  g_assert_true (galley_cart_remove_line (t->cart, galley_cart_lookup_line (t->cart, "L2"),
                                          NULL));
  out = call (t, "confirm_order", "{\"action\":\"checkout\"}");
  g_assert_cmpstr (status (out, 0), ==, "blocked");
  g_assert_cmpstr (json_object_get_string_member (result (out, 0), "blocked"), ==,
                   "missing_choices");
  g_clear_pointer (&out, json_object_unref);

  g_assert_true (galley_cart_line_set_modifiers (galley_cart_lookup_line (t->cart, "L1"), good,
                                                 NULL, NULL));
  out = call (t, "confirm_order", "{\"action\":\"checkout\"}");
  g_assert_cmpstr (status (out, 0), ==, "review");
  g_clear_pointer (&out, json_object_unref);

  /* review and cancel change nothing */
  out = call (t, "confirm_order", "{\"action\":\"review\"}");
  g_assert_cmpstr (status (out, 0), ==, "review");
  g_clear_pointer (&out, json_object_unref);
  out = call (t, "confirm_order", "{\"action\":\"cancel\"}");
  g_assert_cmpstr (status (out, 0), ==, "review");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (t->cart)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (out, "order"), "subtotal"), ==, "13.00");
}

/* Carts and matchers come and go over one menu: nothing of them stays behind. */
static void
test_cart_lifecycle (void)
{
  GalleyMenu *menu = demo_menu ();
  g_auto (GalleyTestBaseline) base = { 0 };
  guint handlers = galley_test_count_signal_handlers (menu);
  guint n = galley_test_iterations (200);

  for (guint i = 0; i < n + 1; i++)
    {
      GalleyCart *cart = galley_cart_new (menu);
      GalleyMenuMatcher *matcher = galley_menu_matcher_new (menu);
      g_autofree char *out = NULL;

      g_assert_cmpuint (galley_test_count_signal_handlers (menu), ==, handlers + 2);
      out = galley_cart_tools_apply_to_string (cart, matcher, "add_to_order",
                                               "{\"items\":[{\"name\":\"cheeseburger\","
                                               "\"quantity\":2},{\"name\":\"chicken\"}]}");
      g_assert_nonnull (out);
      if (i % 2 == 0)
        galley_cart_clear (cart);
      g_assert_finalize_object (matcher);
      g_assert_finalize_object (cart);
      galley_test_assert_tracked (GALLEY_TYPE_CART_LINE, 0);
      g_assert_cmpuint (galley_test_count_signal_handlers (menu), ==, handlers);
      if (i == 0)
        galley_test_baseline_take (&base);    /* after the warm-up cycle */
    }

  galley_test_baseline_assert (&base);
  g_assert_finalize_object (menu);
  gates ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();
  galley_test_track_all ();

  g_test_add_func ("/cart/new-destroy", test_cart_new_destroy);
  g_test_add_func ("/cart/add-merge-remove", test_cart_add_merge_remove);
  g_test_add_func ("/cart/bounds", test_cart_bounds);
  g_test_add_func ("/cart/totals", test_cart_totals);
  g_test_add_func ("/cart/modifiers", test_cart_modifiers);
  g_test_add_func ("/cart/modifier-minimum", test_cart_modifier_minimum);
  g_test_add_func ("/cart/unsure-lines", test_cart_unsure_lines);
  g_test_add_func ("/cart/menu-refresh", test_cart_menu_refresh);
  g_test_add_func ("/cart/json", test_cart_json);
  g_test_add_func ("/cart/notify", test_cart_notify);
  g_test_add_func ("/cart/matcher/phrases", test_matcher_phrases);
  g_test_add_func ("/cart/matcher/modifiers", test_matcher_modifiers);
  g_test_add_func ("/cart/matcher/menu-reload", test_matcher_menu_reload);
  g_test_add ("/cart/tools/add", Tools, NULL, tools_setup, test_tools_add, tools_teardown);
  g_test_add ("/cart/tools/quantities", Tools, NULL, tools_setup, test_tools_quantities,
              tools_teardown);
  g_test_add ("/cart/tools/bad-arguments", Tools, NULL, tools_setup, test_tools_bad_arguments,
              tools_teardown);
  g_test_add ("/cart/tools/remove", Tools, NULL, tools_setup, test_tools_remove,
              tools_teardown);
  g_test_add ("/cart/tools/confirm", Tools, NULL, tools_setup, test_tools_confirm,
              tools_teardown);
  g_test_add_func ("/cart/lifecycle", test_cart_lifecycle);

  return g_test_run ();
}
