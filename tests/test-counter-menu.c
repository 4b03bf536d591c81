/* test-counter-menu.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The counter's menu side: GalleyMenuPanel (search, categories, tiles, adding to the cart,
 * following a menu reload) and GalleyItemDialog (modifier rules through the cart's own
 * checks, quantity and its confirmation, notes, allergy notes, editing a line), each
 * finalised after use and the panel cycled under the leak gates. The menu is the demo's,
 * loaded from its JSON, with one dish whose name has accents ("Crème Brûlée").
 */
#include "config.h"

#include <adwaita.h>

#include "galley-testutil.h"
#include "galley-testutil-gtk.h"
#include "cart/galley-cart.h"
#include "counter/galley-item-dialog.h"
#include "counter/galley-item-dialog-private.h"
#include "counter/galley-menu-panel.h"
#include "counter/galley-menu-panel-private.h"
#include "counter/galley-menu-tile.h"
#include "demo/galley-demo-menu.h"
#include "menu/galley-menu.h"

/* ------------------------------------------------------------------ fixtures */

/* The demo menu and one more dessert; @change_id, when set, is 86'd (or, with @price,
 * re-priced). */
static JsonObject *
menu_json (const char *change_id,
           gboolean    available,
           double      price)
{
  JsonObject *menu = json_object_new ();
  JsonArray *items = galley_demo_menu_build_items (G_GINT64_CONSTANT (1762365600000000));
  JsonObject *extra = json_object_new ();
  JsonArray *allergens = json_array_new ();
  g_autofree char *desserts = galley_demo_menu_uuid ("category", "desserts");

  json_object_set_string_member (extra, "id", "dessert-creme");
  json_object_set_string_member (extra, "menu_item_id", "6a1e1bd2-0000-4000-8000-00000000c4e3");
  json_object_set_string_member (extra, "category_id", desserts);
  json_object_set_string_member (extra, "name", "Crème Brûlée");
  json_object_set_string_member (extra, "description", "Vanilla custard, burnt sugar");
  json_object_set_double_member (extra, "price", 8.0);
  json_object_set_boolean_member (extra, "active", TRUE);
  json_object_set_boolean_member (extra, "available", TRUE);
  json_array_add_string_element (allergens, "dairy");
  json_array_add_string_element (allergens, "egg");
  json_object_set_array_member (extra, "allergens", allergens);
  json_array_add_object_element (items, extra);

  for (guint i = 0; change_id != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "id"), change_id) != 0)
        continue;
      json_object_set_boolean_member (item, "available", available);
      if (price > 0)
        json_object_set_double_member (item, "price", price);
    }

  json_object_set_array_member (menu, "categories", galley_demo_menu_build_categories ());
  json_object_set_array_member (menu, "items", items);

  return menu;
}

static void
load (GalleyMenu *menu,
      const char *change_id,
      gboolean    available,
      double      price)
{
  g_autoptr(JsonObject) json = menu_json (change_id, available, price);
  g_autoptr(GError) error = NULL;

  g_assert_true (galley_menu_load_json (menu, json, &error));
  g_assert_no_error (error);
}

typedef struct
{
  GalleyMenu *menu;
  GalleyCart *cart;
  GtkWidget  *window;
  GalleyMenuPanel *panel;
  guint       n_added;
  GalleyCartLine *last_added;   /* not a reference */
  guint       n_errors;
  char       *last_error;
} Fixture;

static void
item_added_cb (GalleyMenuPanel *panel,
               GalleyCartLine  *line,
               Fixture         *f)
{
  f->n_added++;
  f->last_added = line;
}

static void
error_cb (GalleyMenuPanel *panel,
          const char      *message,
          Fixture         *f)
{
  f->n_errors++;
  g_free (f->last_error);
  f->last_error = g_strdup (message);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->menu = galley_menu_new (NULL);
  load (f->menu, NULL, TRUE, 0);
  f->cart = galley_cart_new (f->menu);
  f->panel = GALLEY_MENU_PANEL (g_object_ref_sink (galley_menu_panel_new (f->menu, f->cart)));
  g_signal_connect (f->panel, "item-added", G_CALLBACK (item_added_cb), f);
  g_signal_connect (f->panel, "error", G_CALLBACK (error_cb), f);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->panel));
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (galley_test_spin_until (galley_test_is_mapped, f->panel, 5000));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  guint handlers = 0;

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_signal_handlers_disconnect_by_data (f->panel, f);
  g_assert_finalize_object (f->panel);
  handlers = galley_test_count_signal_handlers (f->menu);
  g_assert_finalize_object (f->cart);
  /* the cart's group was the last handler on the menu */
  g_assert_cmpuint (galley_test_count_signal_handlers (f->menu), <, handlers);
  g_assert_cmpuint (galley_test_count_signal_handlers (f->menu), ==, 0);
  g_assert_finalize_object (f->menu);
  g_free (f->last_error);
  galley_test_drain_main_context ();
  galley_test_assert_no_galley_objects ();
}

/* ------------------------------------------------------------------ helpers */

static guint
n_shown (Fixture *f)
{
  return g_list_model_get_n_items (_galley_menu_panel_get_model (f->panel));
}

static gboolean
shows (Fixture    *f,
       const char *id)
{
  GListModel *model = _galley_menu_panel_get_model (f->panel);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GalleyMenuItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (galley_menu_item_get_id (item), id) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
search (Fixture    *f,
        const char *text)
{
  gtk_editable_set_text (_galley_menu_panel_get_search_entry (f->panel), text);
}

/* Taps the dish's tile, as the grid view's ::activate does. */
static void
tap (Fixture    *f,
     const char *id)
{
  GListModel *model = _galley_menu_panel_get_model (f->panel);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GalleyMenuItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (galley_menu_item_get_id (item), id) == 0)
        {
          g_signal_emit_by_name (_galley_menu_panel_get_grid_view (f->panel), "activate", i);
          return;
        }
    }
  g_error ("%s is not shown", id);
}

static guint
n_in_category (GalleyMenu *menu,
               const char *category_id)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (menu)); i++)
    {
      g_autoptr(GalleyMenuItem) item = g_list_model_get_item (G_LIST_MODEL (menu), i);

      n += g_strcmp0 (galley_menu_item_get_category_id (item), category_id) == 0;
    }

  return n;
}

static GalleyCartLine *
cart_line (GalleyCart *cart,
           guint       position)
{
  g_autoptr(GalleyCartLine) line = g_list_model_get_item (G_LIST_MODEL (cart), position);

  return line;   /* the cart keeps it */
}

static gboolean
commit_enabled (GalleyItemDialog *dialog)
{
  /* the Add/Save button follows the enabled state of item.commit */
  return gtk_widget_get_sensitive (_galley_item_dialog_get_commit_button (dialog));
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* The dialog the panel opened for @id. */
static GalleyItemDialog *
open_dialog (Fixture    *f,
             const char *id)
{
  GtkWindow *dialog;

  tap (f, id);
  dialog = _galley_menu_panel_get_dialog (f->panel);
  g_assert_nonnull (dialog);
  g_assert_true (GALLEY_IS_ITEM_DIALOG (dialog));
  g_assert_null (galley_item_dialog_get_line (GALLEY_ITEM_DIALOG (dialog)));
  g_assert_true (gtk_window_get_modal (dialog));

  return GALLEY_ITEM_DIALOG (dialog);
}

static void
choose (GalleyItemDialog *dialog,
        guint             group,
        int               option,
        gboolean          active)
{
  GtkCheckButton *button = _galley_item_dialog_get_option (dialog, group, option);

  g_assert_nonnull (button);
  gtk_check_button_set_active (button, active);
}

/* Commits and waits for the dialog to close itself. */
static void
commit (GalleyItemDialog *dialog)
{
  gpointer weak = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  g_assert_true (commit_enabled (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "item.commit", NULL));
  g_assert_true (galley_test_spin_until (window_gone, &weak, 5000));
}

/* Clicks the button labelled @label inside @root, as a tap would. */
static void
click_button (GtkWidget  *root,
              const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    {
      g_signal_emit_by_name (root, "clicked");
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gpointer weak = child;

      g_object_add_weak_pointer (G_OBJECT (child), &weak);
      click_button (child, label);
      if (weak == NULL)
        return;
      g_object_remove_weak_pointer (G_OBJECT (child), &weak);
    }
}

/* ------------------------------------------------------------------ money */

static void
test_money (void)
{
  static const struct { gint64 cents; const char *text; } cases[] = {
    { 1400, "14.00" }, { 5, "0.05" }, { 0, "0.00" }, { -50, "-0.50" },
    { 123456789, "1234567.89" }, { G_MININT64, "-92233720368547758.08" },
  };

  /* the tests run in C.UTF-8: no currency symbol, no grouping, "." */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = galley_cart_format_money (cases[i].cents);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* ------------------------------------------------------------------ panel */

static void
test_new_destroy (void)
{
  GalleyMenu *menu = galley_menu_new (NULL);
  GalleyCart *cart;
  GtkWidget *panel;
  guint handlers;

  load (menu, NULL, TRUE, 0);
  cart = galley_cart_new (menu);
  handlers = galley_test_count_signal_handlers (menu);
  panel = g_object_ref_sink (galley_menu_panel_new (menu, cart));
  g_assert_cmpuint (galley_test_count_signal_handlers (menu), >, handlers);
  g_assert_true (galley_menu_panel_get_menu (GALLEY_MENU_PANEL (panel)) == menu);
  g_assert_true (galley_menu_panel_get_cart (GALLEY_MENU_PANEL (panel)) == cart);
  g_assert_cmpuint (g_list_model_get_n_items (_galley_menu_panel_get_model (GALLEY_MENU_PANEL (panel))),
                    ==, g_list_model_get_n_items (G_LIST_MODEL (menu)));
  g_assert_finalize_object (panel);
  g_assert_cmpuint (galley_test_count_signal_handlers (menu), ==, handlers);

  /* an empty menu: the panel says so */
  g_assert_finalize_object (cart);
  g_assert_finalize_object (menu);
  menu = galley_menu_new (NULL);
  cart = galley_cart_new (menu);
  panel = g_object_ref_sink (galley_menu_panel_new (menu, cart));
  g_assert_cmpstr (_galley_menu_panel_get_page (GALLEY_MENU_PANEL (panel)), ==, "no-menu");
  g_assert_cmpuint (_galley_menu_panel_get_n_categories (GALLEY_MENU_PANEL (panel)), ==, 1);
  load (menu, NULL, TRUE, 0);
  g_assert_cmpstr (_galley_menu_panel_get_page (GALLEY_MENU_PANEL (panel)), ==, "grid");
  g_assert_cmpuint (_galley_menu_panel_get_n_categories (GALLEY_MENU_PANEL (panel)), ==,
                    1 + g_list_model_get_n_items (galley_menu_get_categories (menu)));
  g_assert_finalize_object (panel);
  g_assert_finalize_object (cart);
  g_assert_finalize_object (menu);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  guint all = g_list_model_get_n_items (G_LIST_MODEL (f->menu));

  g_assert_cmpuint (n_shown (f), ==, all);
  g_assert_cmpstr (_galley_menu_panel_get_page (f->panel), ==, "grid");

  /* accents and case ignored, both ways */
  search (f, "CRÈME brulee");
  g_assert_cmpuint (n_shown (f), ==, 1);
  g_assert_true (shows (f, "dessert-creme"));
  search (f, "creme");
  g_assert_cmpuint (n_shown (f), ==, 1);
  /* description words ("Sautéed mushrooms") and aliases ("cheeseburger") */
  search (f, "sauteed");
  g_assert_cmpuint (n_shown (f), ==, 1);
  g_assert_true (shows (f, "burger-mushroom"));
  search (f, "cheeseburger");
  g_assert_true (shows (f, "burger-classic"));
  /* every word must be found; a word of two letters starts a word only */
  search (f, "fish chips");
  g_assert_true (shows (f, "main-fish-chips"));
  g_assert_false (shows (f, "burger-fish"));
  search (f, "sh");
  g_assert_true (shows (f, "main-pasta"));      /* "Shrimp Linguine" */
  g_assert_false (shows (f, "burger-fish"));    /* "Fish Sandwich": "sh" only inside a word */
  search (f, "ish");
  g_assert_true (shows (f, "burger-fish"));

  /* nothing: the empty state says so */
  search (f, "zzzz");
  g_assert_cmpuint (n_shown (f), ==, 0);
  g_assert_cmpstr (_galley_menu_panel_get_page (f->panel), ==, "empty");

  /* Escape (stop-search) clears */
  g_signal_emit_by_name (_galley_menu_panel_get_search_entry (f->panel), "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (_galley_menu_panel_get_search_entry (f->panel)), ==, "");
  g_assert_cmpuint (n_shown (f), ==, all);
  g_assert_cmpstr (_galley_menu_panel_get_page (f->panel), ==, "grid");

  /* Enter in the search adds the one dish left */
  search (f, "calamari");
  g_assert_cmpuint (n_shown (f), ==, 1);
  g_signal_emit_by_name (_galley_menu_panel_get_search_entry (f->panel), "activate");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 1);
  g_assert_cmpuint (f->n_added, ==, 1);

  /* Ctrl+F's action puts the focus in the search */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), "menu-panel.focus-search",
                                             NULL));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         GTK_WIDGET (_galley_menu_panel_get_search_entry (f->panel))));
}

static void
test_category (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *bowls = galley_demo_menu_uuid ("category", "bowls");
  g_autofree char *desserts = galley_demo_menu_uuid ("category", "desserts");
  guint n_bowls = n_in_category (f->menu, bowls);

  g_assert_cmpuint (n_bowls, >, 2);
  g_assert_cmpstr (_galley_menu_panel_get_category (f->panel), ==, "");
  _galley_menu_panel_set_category (f->panel, bowls);
  g_assert_cmpstr (_galley_menu_panel_get_category (f->panel), ==, bowls);
  g_assert_cmpuint (n_shown (f), ==, n_bowls);
  g_assert_true (shows (f, "bowl-soul"));
  g_assert_false (shows (f, "burger-classic"));

  /* category and search together */
  search (f, "salmon");
  g_assert_cmpuint (n_shown (f), ==, 1);
  g_assert_true (shows (f, "bowl-poke"));
  search (f, "brulee");
  g_assert_cmpuint (n_shown (f), ==, 0);
  g_assert_cmpstr (_galley_menu_panel_get_page (f->panel), ==, "empty");
  _galley_menu_panel_set_category (f->panel, desserts);
  g_assert_cmpuint (n_shown (f), ==, 1);

  /* All */
  search (f, "");
  _galley_menu_panel_set_category (f->panel, NULL);
  g_assert_cmpstr (_galley_menu_panel_get_category (f->panel), ==, "");
  g_assert_cmpuint (n_shown (f), ==, g_list_model_get_n_items (G_LIST_MODEL (f->menu)));
}

static void
test_sold_out (Fixture       *f,
               gconstpointer  data)
{
  GalleyMenuItem *soul;
  g_autofree char *label = NULL;

  soul = galley_menu_lookup_item_by_id (f->menu, "bowl-soul");
  label = _galley_menu_panel_dup_tile_label (soul);
  g_assert_cmpstr (label, ==, "Soul Bowl, 14.00, contains sesame");
  g_clear_pointer (&label, g_free);

  /* 86'd: still shown, marked, and the cart refuses it with its own words */
  load (f->menu, "bowl-soul", FALSE, 0);
  soul = galley_menu_lookup_item_by_id (f->menu, "bowl-soul");
  g_assert_false (galley_menu_item_get_available (soul));
  label = _galley_menu_panel_dup_tile_label (soul);
  g_assert_cmpstr (label, ==, "Soul Bowl, 14.00, contains sesame, sold out");
  g_assert_true (shows (f, "bowl-soul"));

  tap (f, "bowl-soul");   /* it has modifier groups: no dialog for a sold-out dish either */
  g_assert_null (_galley_menu_panel_get_dialog (f->panel));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 0);
  g_assert_cmpuint (f->n_added, ==, 0);
  g_assert_cmpuint (f->n_errors, ==, 1);
  g_assert_nonnull (strstr (f->last_error, "sold out"));

  load (f->menu, "starter-calamari", FALSE, 0);
  tap (f, "starter-calamari");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 0);
  g_assert_cmpuint (f->n_errors, ==, 2);
}

/* A tile shows and says what the panel gives it; it is finalised with its last reference. */
static void
test_tile (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *tile = g_object_ref_sink (galley_menu_tile_new ());
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_child (GTK_WINDOW (window), g_object_ref (tile));
  g_object_unref (tile);
  galley_menu_tile_set_item (GALLEY_MENU_TILE (tile),
                             galley_menu_lookup_item_by_id (f->menu, "bowl-padthai"));
  g_assert_cmpstr (galley_menu_tile_get_name (GALLEY_MENU_TILE (tile)), ==, "Pad Thai");
  g_assert_cmpstr (galley_menu_tile_get_details (GALLEY_MENU_TILE (tile)), ==,
                   "15.00\n\u26a0 Contains peanuts, soy, eggs, fish");
  g_assert_false (gtk_widget_has_css_class (tile, "sold-out"));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (galley_test_is_mapped, tile, 5000));
  galley_test_drain_main_context ();   /* drawn once: its layouts exist */
  g_assert_cmpint (gtk_widget_get_height (tile), >, 0);

  load (f->menu, "starter-calamari", FALSE, 0);
  galley_menu_tile_set_item (GALLEY_MENU_TILE (tile),
                             galley_menu_lookup_item_by_id (f->menu, "starter-calamari"));
  g_assert_cmpstr (galley_menu_tile_get_details (GALLEY_MENU_TILE (tile)), ==,
                   "12.00\n\u26a0 Contains shellfish, gluten, eggs\nSold out");
  g_assert_true (gtk_widget_has_css_class (tile, "sold-out"));
  galley_test_drain_main_context ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (tile);
}

static void
test_add_simple (Fixture       *f,
                 gconstpointer  data)
{
  GalleyCartLine *line;

  g_assert_cmpuint (galley_menu_item_get_n_modifier_groups (
                      galley_menu_lookup_item_by_id (f->menu, "starter-calamari")), ==, 0);
  tap (f, "starter-calamari");
  g_assert_null (_galley_menu_panel_get_dialog (f->panel));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 1);
  line = cart_line (f->cart, 0);
  g_assert_cmpuint (f->n_added, ==, 1);
  g_assert_true (f->last_added == line);
  g_assert_cmpstr (galley_menu_item_get_id (galley_cart_line_get_item (line)), ==,
                   "starter-calamari");
  g_assert_cmpuint (galley_cart_line_get_quantity (line), ==, 1);
  g_assert_cmpint (galley_cart_line_get_source (line), ==, GALLEY_CART_SOURCE_TOUCH);

  /* again: the same line, one more */
  tap (f, "starter-calamari");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 1);
  g_assert_cmpuint (galley_cart_line_get_quantity (line), ==, 2);
  g_assert_cmpuint (f->n_added, ==, 2);
  g_assert_true (f->last_added == line);
  g_assert_cmpuint (f->n_errors, ==, 0);

  /* a full cart: the cart's message, as an error */
  for (guint i = 1; i < GALLEY_CART_MAX_LINES; i++)
    {
      g_autoptr(GalleyCartLine) other = galley_cart_line_new (
        galley_menu_lookup_item_by_id (f->menu, "starter-edamame"), NULL, 1);

      g_assert_nonnull (galley_cart_add_line (f->cart, other, GALLEY_CART_ADD_NO_MERGE, NULL,
                                              NULL));
    }
  tap (f, "main-risotto");
  g_assert_cmpuint (f->n_errors, ==, 1);
  g_assert_nonnull (strstr (f->last_error, "100 lines"));
}

/* ------------------------------------------------------------------ dialog */

static void
test_dialog_required (Fixture       *f,
                      gconstpointer  data)
{
  GalleyItemDialog *dialog = open_dialog (f, "main-steak");   /* Temperature, Side: required */
  GalleyCartLine *line;

  g_assert_true (galley_test_spin_until (galley_test_is_mapped, dialog, 5000));
  g_assert_false (commit_enabled (dialog));
  g_assert_nonnull (strstr (_galley_item_dialog_get_message (dialog), "Temperature"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "item.commit", NULL) &&
                  g_list_model_get_n_items (G_LIST_MODEL (f->cart)) > 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 0);

  choose (dialog, 0, 1, TRUE);          /* Medium rare */
  g_assert_false (commit_enabled (dialog));
  g_assert_nonnull (strstr (_galley_item_dialog_get_message (dialog), "Side"));
  /* a required single choice has no "None" */
  g_assert_null (_galley_item_dialog_get_option (dialog, 0, -1));
  choose (dialog, 1, 2, TRUE);          /* Sweet potato fries, +1.00 */
  g_assert_true (commit_enabled (dialog));
  g_assert_cmpstr (_galley_item_dialog_get_message (dialog), ==, "");
  g_assert_cmpstr (_galley_item_dialog_get_price (dialog), ==, "Line: 30.00");
  g_assert_cmpstr (gtk_check_button_get_label (_galley_item_dialog_get_option (dialog, 1, 2)),
                   ==, "Sweet potato fries (+1.00)");
  /* radio buttons: another choice replaces the first */
  choose (dialog, 0, 3, TRUE);          /* Well done */
  g_assert_false (gtk_check_button_get_active (_galley_item_dialog_get_option (dialog, 0, 1)));

  commit (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 1);
  line = cart_line (f->cart, 0);
  g_assert_cmpuint (f->n_added, ==, 1);
  g_assert_true (f->last_added == line);
  g_assert_cmpuint (galley_cart_line_get_n_modifiers (line), ==, 2);
  g_assert_cmpstr (galley_cart_line_get_modifier (line, 0)->id, ==, "mod-temp-well");
  g_assert_cmpstr (galley_cart_line_get_modifier (line, 1)->id, ==, "mod-side-sweet-potato");
  g_assert_cmpint (galley_cart_line_get_line_price (line), ==, 3000);
  g_assert_null (_galley_menu_panel_get_dialog (f->panel));

  /* Escape cancels: nothing added */
  dialog = open_dialog (f, "main-steak");
  {
    gpointer weak = dialog;

    g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
    g_assert_true (galley_test_spin_until (window_gone, &weak, 5000));
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 1);
  g_assert_cmpuint (f->n_added, ==, 1);
}

static void
test_dialog_max (Fixture       *f,
                 gconstpointer  data)
{
  /* Classic Burger: Temperature (one), Extras (up to 3), Leave off (up to 4), Side (one) */
  GalleyItemDialog *dialog = open_dialog (f, "burger-classic");
  GalleyCartLine *line;

  choose (dialog, 0, 2, TRUE);
  choose (dialog, 3, 0, TRUE);
  g_assert_true (commit_enabled (dialog));
  choose (dialog, 1, 0, TRUE);          /* Extra cheese +1.00 */
  choose (dialog, 1, 1, TRUE);          /* Add bacon +2.00 */
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (_galley_item_dialog_get_option (dialog, 1, 4))));
  choose (dialog, 1, 2, TRUE);          /* Double patty +3.50: the third, the maximum */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (_galley_item_dialog_get_option (dialog, 1, 3))));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (_galley_item_dialog_get_option (dialog, 1, 4))));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (_galley_item_dialog_get_option (dialog, 1, 0))));
  g_assert_cmpstr (_galley_item_dialog_get_price (dialog), ==, "Line: 19.50");
  /* one more anyway (not through the insensitive button): the cart's rule refuses it */
  choose (dialog, 1, 3, TRUE);
  g_assert_false (commit_enabled (dialog));
  g_assert_nonnull (strstr (_galley_item_dialog_get_message (dialog), "at most 3"));
  choose (dialog, 1, 3, FALSE);
  g_assert_true (commit_enabled (dialog));
  choose (dialog, 1, 0, FALSE);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (_galley_item_dialog_get_option (dialog, 1, 3))));

  commit (dialog);
  line = cart_line (f->cart, 0);
  g_assert_cmpuint (galley_cart_line_get_n_modifiers (line), ==, 4);
  g_assert_cmpint (galley_cart_line_get_unit_price (line), ==, 1300 + 200 + 350);
}

static void
test_dialog_quantity_notes (Fixture       *f,
                            gconstpointer  data)
{
  GalleyItemDialog *dialog = open_dialog (f, "bowl-padthai");   /* Protein: required */
  GalleyCartLine *line;
  GtkWindow *confirm;
  gpointer weak;

  choose (dialog, 0, 1, TRUE);          /* Tofu +2.00 */
  gtk_spin_button_set_value (_galley_item_dialog_get_quantity (dialog), 3);
  g_assert_cmpstr (_galley_item_dialog_get_price (dialog), ==, "Line: 51.00");
  gtk_editable_set_text (_galley_item_dialog_get_notes (dialog), "  extra lime ");
  gtk_editable_set_text (_galley_item_dialog_get_allergy (dialog), "Peanut allergy");
  commit (dialog);
  line = cart_line (f->cart, 0);
  g_assert_cmpuint (galley_cart_line_get_quantity (line), ==, 3);
  g_assert_cmpstr (galley_cart_line_get_notes (line), ==, "extra lime");
  g_assert_cmpstr (galley_cart_line_get_allergy_notes (line), ==, "Peanut allergy");
  g_assert_cmpint (galley_cart_line_get_line_price (line), ==, 3 * 1700);

  /* above 50: asked first; "Change Quantity" adds nothing, "Use 60" adds */
  dialog = open_dialog (f, "bowl-padthai");
  choose (dialog, 0, 0, TRUE);
  gtk_spin_button_set_value (_galley_item_dialog_get_quantity (dialog), 60);
  g_assert_true (commit_enabled (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "item.commit", NULL));
  confirm = _galley_item_dialog_get_confirm (dialog);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (confirm));
  g_assert_true (gtk_window_get_transient_for (confirm) == GTK_WINDOW (dialog));
  weak = confirm;
  g_object_add_weak_pointer (G_OBJECT (confirm), &weak);
  click_button (GTK_WIDGET (confirm), "_Change Quantity");
  g_assert_true (galley_test_spin_until (window_gone, &weak, 5000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 1);
  g_assert_true (_galley_menu_panel_get_dialog (f->panel) == GTK_WINDOW (dialog));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "item.commit", NULL));
  confirm = _galley_item_dialog_get_confirm (dialog);
  g_assert_nonnull (confirm);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  click_button (GTK_WIDGET (confirm), "_Use 60");
  g_assert_true (galley_test_spin_until (window_gone, &weak, 5000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 2);
  line = cart_line (f->cart, 1);
  g_assert_cmpuint (galley_cart_line_get_quantity (line), ==, 60);
  g_assert_cmpuint (f->n_added, ==, 2);
}

static void
test_dialog_edit_line (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GalleyCartLine) line = NULL;
  const char *choices[] = { "mod-temp-rare", "mod-side-fries", NULL };
  const char *spoken[] = { "cut in half", NULL };
  GalleyItemDialog *dialog;
  guint added_before;

  line = galley_cart_line_new (galley_menu_lookup_item_by_id (f->menu, "main-steak"), NULL, 1);
  g_assert_true (galley_cart_line_set_modifiers (line, choices, spoken, NULL));
  galley_cart_line_set_notes (line, "no garnish");
  g_assert_true (galley_cart_add_line (f->cart, line, GALLEY_CART_ADD_NONE, NULL, NULL) == line);
  added_before = f->n_added;

  dialog = GALLEY_ITEM_DIALOG (galley_item_dialog_new_for_line (GTK_WINDOW (f->window), f->menu,
                                                                f->cart, line));
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (galley_item_dialog_get_line (dialog) == line);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (_galley_item_dialog_get_commit_button (dialog))),
                   ==, "Save");
  /* the line's choices are ticked, its notes filled in */
  g_assert_true (gtk_check_button_get_active (_galley_item_dialog_get_option (dialog, 0, 0)));
  g_assert_true (gtk_check_button_get_active (_galley_item_dialog_get_option (dialog, 1, 0)));
  g_assert_cmpstr (gtk_editable_get_text (_galley_item_dialog_get_notes (dialog)), ==, "no garnish");
  g_assert_true (commit_enabled (dialog));

  choose (dialog, 0, 2, TRUE);          /* Medium */
  gtk_spin_button_set_value (_galley_item_dialog_get_quantity (dialog), 2);
  gtk_editable_set_text (_galley_item_dialog_get_notes (dialog), "");
  gtk_editable_set_text (_galley_item_dialog_get_allergy (dialog), "dairy allergy");
  commit (dialog);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 1);
  g_assert_true (cart_line (f->cart, 0) == line);
  g_assert_cmpuint (galley_cart_line_get_quantity (line), ==, 2);
  g_assert_null (galley_cart_line_get_notes (line));
  g_assert_cmpstr (galley_cart_line_get_allergy_notes (line), ==, "dairy allergy");
  g_assert_cmpuint (galley_cart_line_get_n_modifiers (line), ==, 3);
  g_assert_cmpstr (galley_cart_line_get_modifier (line, 0)->id, ==, "mod-temp-medium");
  g_assert_cmpstr (galley_cart_line_get_modifier (line, 1)->id, ==, "mod-side-fries");
  /* the spoken modification stays */
  g_assert_cmpstr (galley_cart_line_get_modifier (line, 2)->name, ==, "cut in half");
  /* an edit is not an add */
  g_assert_cmpuint (f->n_added, ==, added_before);

  /* a line removed while its dialog is open: Save says so and changes nothing */
  dialog = GALLEY_ITEM_DIALOG (galley_item_dialog_new_for_line (NULL, f->menu, f->cart, line));
  g_object_ref (dialog);
  g_assert_true (galley_cart_remove_line (f->cart, line, NULL));
  gtk_spin_button_set_value (_galley_item_dialog_get_quantity (dialog), 5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "item.commit", NULL));
  g_assert_cmpuint (galley_cart_line_get_quantity (line), ==, 2);
  g_assert_nonnull (strstr (_galley_item_dialog_get_message (dialog), "no longer"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

static void
test_dialog_new_destroy (Fixture       *f,
                         gconstpointer  data)
{
  GalleyMenuItem *item = galley_menu_lookup_item_by_id (f->menu, "burger-classic");
  guint handlers = galley_test_count_signal_handlers (f->menu);
  GtkWidget *dialog = galley_item_dialog_new (GTK_WINDOW (f->window), f->menu, f->cart, item);

  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (galley_test_spin_until (galley_test_is_mapped, dialog, 5000));
  g_assert_cmpuint (galley_test_count_signal_handlers (f->menu), ==, handlers + 1);
  /* the menu 86's the dish while the dialog is open: Add goes insensitive */
  choose (GALLEY_ITEM_DIALOG (dialog), 0, 0, TRUE);
  choose (GALLEY_ITEM_DIALOG (dialog), 3, 0, TRUE);
  g_assert_true (commit_enabled (GALLEY_ITEM_DIALOG (dialog)));
  load (f->menu, "burger-classic", FALSE, 0);
  g_assert_false (commit_enabled (GALLEY_ITEM_DIALOG (dialog)));
  g_assert_nonnull (strstr (_galley_item_dialog_get_message (GALLEY_ITEM_DIALOG (dialog)),
                            "sold out"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
  g_assert_cmpuint (galley_test_count_signal_handlers (f->menu), ==, handlers);

  /* the panel closes the dialog it opened when it goes */
  load (f->menu, NULL, TRUE, 0);
  open_dialog (f, "main-steak");
  galley_test_assert_tracked (GALLEY_TYPE_ITEM_DIALOG, 1);
}

static void
test_menu_refresh (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *burgers = galley_demo_menu_uuid ("category", "burgers");
  GalleyCartLine *line;

  tap (f, "starter-calamari");
  line = cart_line (f->cart, 0);
  _galley_menu_panel_set_category (f->panel, burgers);
  search (f, "chicken");
  g_assert_cmpuint (n_shown (f), ==, 1);
  g_assert_true (shows (f, "burger-chicken"));

  /* a reload that re-prices the sandwich */
  load (f->menu, "burger-chicken", TRUE, 14.25);
  g_assert_cmpstr (gtk_editable_get_text (_galley_menu_panel_get_search_entry (f->panel)), ==,
                   "chicken");
  g_assert_cmpstr (_galley_menu_panel_get_category (f->panel), ==, burgers);
  g_assert_cmpuint (n_shown (f), ==, 1);
  {
    g_autoptr(GalleyMenuItem) shown = g_list_model_get_item (_galley_menu_panel_get_model (f->panel), 0);

    g_assert_cmpint (galley_menu_item_get_price (shown), ==, 1425);
  }
  /* a reload that 86's the calamari: the cart keeps its line, flagged by the cart itself */
  load (f->menu, "starter-calamari", FALSE, 0);
  g_assert_cmpuint (n_shown (f), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 1);
  g_assert_true (cart_line (f->cart, 0) == line);
  g_assert_true (galley_cart_line_get_unavailable (line));

  /* a category that leaves the menu falls back to All */
  {
    g_autoptr(JsonObject) json = menu_json (NULL, TRUE, 0);
    JsonArray *categories = json_object_get_array_member (json, "categories");
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < json_array_get_length (categories); i++)
      if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (categories, i),
                                                    "id"), burgers) == 0)
        {
          json_array_remove_element (categories, i);
          break;
        }
    g_assert_true (galley_menu_load_json (f->menu, json, &error));
  }
  g_assert_cmpstr (_galley_menu_panel_get_category (f->panel), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (_galley_menu_panel_get_search_entry (f->panel)), ==,
                   "chicken");
  g_assert_true (shows (f, "main-chicken"));
}

/* ------------------------------------------------------------------ cycles */

static void
cycle_panel (GalleyMenu *menu,
             GalleyCart *cart,
             GtkWindow  *window)
{
  GtkWidget *panel = galley_menu_panel_new (menu, cart);
  g_autoptr(GalleyTestWidgetWatch) watch = NULL;

  g_object_ref (panel);
  gtk_window_set_child (window, panel);
  g_assert_true (galley_test_spin_until (galley_test_is_mapped, panel, 5000));
  galley_test_drain_main_context ();
  galley_test_assert_tracked (GALLEY_TYPE_MENU_PANEL, 1);
  search (&(Fixture) { .panel = GALLEY_MENU_PANEL (panel) }, "bur");
  g_assert_cmpuint (g_list_model_get_n_items (_galley_menu_panel_get_model (GALLEY_MENU_PANEL (panel))),
                    >, 0);

  watch = galley_test_widget_watch_new (panel);
  gtk_window_set_child (window, NULL);
  g_assert_finalize_object (panel);
  g_assert_true (galley_test_widget_watch_wait (watch, 5000));
}

static void
test_cycles (void)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  GalleyMenu *menu = galley_menu_new (NULL);
  GalleyCart *cart;
  GtkWidget *window;
  guint n = galley_test_iterations (200);
  guint handlers_menu, handlers_cart, handlers_categories;
  gint64 t0;

  load (menu, NULL, TRUE, 0);
  cart = galley_cart_new (menu);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (galley_test_is_mapped, window, 5000));
  cycle_panel (menu, cart, GTK_WINDOW (window));   /* warm-up: GTK singletons, icons, CSS */
  galley_test_baseline_take (&base);
  handlers_menu = galley_test_count_signal_handlers (menu);
  handlers_cart = galley_test_count_signal_handlers (cart);
  handlers_categories = galley_test_count_signal_handlers (galley_menu_get_categories (menu));

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    cycle_panel (menu, cart, GTK_WINDOW (window));
  g_test_message ("%u menu panel cycles: %.2f s", n, (g_get_monotonic_time () - t0) / 1e6);

  gtk_window_destroy (GTK_WINDOW (window));
  galley_test_assert_tracked (GALLEY_TYPE_MENU_PANEL, 0);
  galley_test_assert_tracked (GALLEY_TYPE_ITEM_DIALOG, 0);
  g_assert_cmpuint (galley_test_count_signal_handlers (menu), ==, handlers_menu);
  g_assert_cmpuint (galley_test_count_signal_handlers (cart), ==, handlers_cart);
  g_assert_cmpuint (galley_test_count_signal_handlers (galley_menu_get_categories (menu)), ==,
                    handlers_categories);
  galley_test_baseline_assert (&base);
  g_assert_finalize_object (cart);
  g_assert_finalize_object (menu);
  galley_test_assert_no_galley_objects ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();
  adw_init ();
  galley_test_track_all ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/counter/money", test_money);
  g_test_add_func ("/counter/menu-panel/new-destroy", test_new_destroy);
  ADD ("/counter/menu-panel/search", test_search);
  ADD ("/counter/menu-panel/category", test_category);
  ADD ("/counter/menu-panel/sold-out", test_sold_out);
  ADD ("/counter/menu-panel/tile", test_tile);
  ADD ("/counter/menu-panel/add-simple", test_add_simple);
  ADD ("/counter/menu-panel/menu-refresh", test_menu_refresh);
  ADD ("/counter/item-dialog/new-destroy", test_dialog_new_destroy);
  ADD ("/counter/item-dialog/required", test_dialog_required);
  ADD ("/counter/item-dialog/max", test_dialog_max);
  ADD ("/counter/item-dialog/quantity-notes", test_dialog_quantity_notes);
  ADD ("/counter/item-dialog/edit-line", test_dialog_edit_line);
  g_test_add_func ("/counter/menu-panel/cycles", test_cycles);

  return g_test_run ();
}
