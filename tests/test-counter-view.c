/* test-counter-view.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Counter as a cashier uses it: the cart panel's lines and totals, − and +, confirming
 * and changing an unsure voice line, removing, sold-out lines, the order type with its
 * table or name, the review dialog, the keys, sending through the outbox against the
 * in-process demo server (once only, offline, refused), today's orders, and the view opened
 * and closed a thousand times under the leak gates.
 */
#include "config.h"

#include <string.h>

#include "galley-testutil.h"
#include "galley-testutil-gtk.h"
#include "core/galley-services.h"
#include "counter/galley-cart-panel.h"
#include "counter/galley-cart-row.h"
#include "counter/galley-counter-format.h"
#include "counter/galley-counter-view-private.h"
#include "counter/galley-item-dialog.h"
#include "counter/galley-menu-panel.h"
#include "counter/galley-review-dialog.h"
#include "demo/galley-demo-menu.h"

typedef struct
{
  char             *dir;
  GSettings        *settings;
  GalleyDemoServer *demo;
  GalleyServices   *services;
} Fixture;

static JsonObject *
demo_menu_json (void)
{
  JsonObject *menu = json_object_new ();

  json_object_set_array_member (menu, "categories", galley_demo_menu_build_categories ());
  json_object_set_array_member (menu, "items",
                                galley_demo_menu_build_items (G_GINT64_CONSTANT (1762365600000000)));

  return menu;
}

static void
load_menu (GalleyMenu *menu)
{
  g_autoptr(JsonObject) json = demo_menu_json ();
  g_autoptr(GError) error = NULL;

  g_assert_true (galley_menu_load_json (menu, json, &error));
  g_assert_no_error (error);
}

/* The demo menu with one item sold out (or back). */
static void
set_available (GalleyMenu *menu,
               const char *name,
               gboolean    available)
{
  g_autoptr(JsonObject) json = demo_menu_json ();
  JsonArray *items = json_object_get_array_member (json, "items");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "name"), name) == 0)
        json_object_set_boolean_member (item, "available", available);
    }
  g_assert_true (galley_menu_load_json (menu, json, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean with_demo = GPOINTER_TO_INT (data);

  f->dir = g_dir_make_tmp ("galley-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->settings = g_settings_new (BASE_APPLICATION_ID);
  if (with_demo)
    {
      f->demo = galley_demo_server_new ();
      g_object_set (f->demo, "port", 0, "seed", (gint64) 7, "rate", 0.0, NULL);
      g_assert_true (galley_demo_server_start (f->demo, &error));
      g_assert_no_error (error);
    }
  f->services = galley_services_new (f->settings, f->demo, f->dir);
  /* the demo server's menu, as the services load it after signing in */
  load_menu (galley_services_get_menu (f->services));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  galley_services_shutdown (f->services);
  g_assert_finalize_object (f->services);
  if (f->demo != NULL)
    g_assert_finalize_object (f->demo);
  g_settings_reset (f->settings, "sound-muted");
  g_assert_finalize_object (f->settings);
  galley_test_drain_main_context ();
  galley_test_assert_no_galley_objects ();
  galley_test_remove_dir (f->dir);
  g_free (f->dir);
}

/* ------------------------------------------------------------------ helpers */

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static GalleyMenuItem *
menu_item (GalleyMenu *menu,
           const char *name)
{
  GalleyMenuItem *item = galley_menu_lookup_item_by_name (menu, name);

  g_assert_nonnull (item);

  return item;
}

static GalleyCartLine *
add (GalleyCart *cart,
     const char *name,
     guint       quantity)
{
  g_autoptr(GalleyCartLine) line =
    galley_cart_line_new (menu_item (galley_cart_get_menu (cart), name), NULL, quantity);
  g_autoptr(GError) error = NULL;
  GalleyCartLine *added = galley_cart_add_line (cart, line, GALLEY_CART_ADD_NO_MERGE, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (added);

  return added;
}

/* A voice line the recogniser was unsure of: heard "calamares", candidates calamari and
 * bruschetta. */
static GalleyCartLine *
add_unsure (GalleyCart *cart)
{
  GalleyMenu *menu = galley_cart_get_menu (cart);
  g_autoptr(GalleyCartLine) line =
    galley_cart_line_new (menu_item (menu, "Fried Calamari"), "calamares", 1);
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GalleyCartLine *added;

  g_ptr_array_add (candidates, g_object_ref (menu_item (menu, "Fried Calamari")));
  g_ptr_array_add (candidates, g_object_ref (menu_item (menu, "Tomato Bruschetta")));
  galley_cart_line_set_source (line, GALLEY_CART_SOURCE_VOICE);
  galley_cart_line_set_candidates (line, candidates);
  galley_cart_line_set_confidence (line, 0.5);
  galley_cart_line_set_check (line, GALLEY_CART_CHECK_MATCH);
  g_assert_true (galley_cart_line_get_unsure (line));
  added = galley_cart_add_line (cart, line, GALLEY_CART_ADD_NO_MERGE, NULL, &error);
  g_assert_no_error (error);

  return added;
}

typedef gboolean (*WidgetMatch) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
find_widget (GtkWidget     *root,
             WidgetMatch    match,
             gconstpointer  data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_visible_label (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
is_spin (GtkWidget     *widget,
         gconstpointer  data)
{
  return GTK_IS_SPIN_BUTTON (widget);
}

static gboolean
is_mic (GtkWidget     *widget,
        gconstpointer  data)
{
  return GTK_IS_IMAGE (widget) &&
         g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (widget)), "audio-input-microphone-symbolic") == 0;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static GtkWidget *
button_named (GtkWidget  *root,
              const char *a11y_prefix)
{
  /* icon buttons have no label: they are found by their tooltip, as a pointer user would */
  GtkWidget *found = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL && found == NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_widget_get_tooltip_text (child), a11y_prefix) == 0)
        return child;
      found = button_named (child, a11y_prefix);
    }

  return found;
}

static void
click (GtkWidget  *root,
       const char *tooltip)
{
  GtkWidget *button = button_named (root, tooltip);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  galley_test_drain_main_context ();
}

typedef struct
{
  GtkWidget         *window;
  GalleyCounterView *view;
} Shown;

static Shown
show_view (Fixture *f)
{
  Shown shown;

  shown.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (shown.window), 1200, 800);
  shown.view = GALLEY_COUNTER_VIEW (galley_counter_view_new (f->services));
  g_object_ref (shown.view);
  gtk_window_set_child (GTK_WINDOW (shown.window), GTK_WIDGET (shown.view));
  gtk_window_present (GTK_WINDOW (shown.window));
  g_assert_true (galley_test_spin_until (is_mapped, shown.view, 5000));
  galley_test_drain_main_context ();

  return shown;
}

static void
close_view (Shown *shown)
{
  g_autoptr(GalleyTestWidgetWatch) watch = galley_test_widget_watch_new (shown->window);

  gtk_window_destroy (GTK_WINDOW (shown->window));
  g_assert_finalize_object (shown->view);
  g_assert_true (galley_test_widget_watch_wait (watch, 5000));
}

/* ------------------------------------------------------------------ format */

static void
test_format (void)
{
  g_autofree char *a = galley_counter_format_money (1250);
  g_autofree char *b = galley_counter_format_money (5);
  g_autofree char *c = galley_counter_format_money (-4172);
  GalleyCounterType type;

  g_assert_cmpstr (a, ==, "$12.50");
  g_assert_cmpstr (b, ==, "$0.05");
  g_assert_cmpstr (c, ==, "-$41.72");
  g_assert_cmpstr (galley_counter_type_to_wire (GALLEY_COUNTER_TYPE_DRIVE_THRU), ==, "drive-thru");
  g_assert_cmpstr (galley_counter_type_to_label (GALLEY_COUNTER_TYPE_DINE_IN), ==, "Dine-in");
  g_assert_true (galley_counter_type_from_wire ("takeout", &type));
  g_assert_cmpint (type, ==, GALLEY_COUNTER_TYPE_TAKEOUT);
  g_assert_false (galley_counter_type_from_wire ("online", &type));
  g_assert_cmpstr (galley_counter_status_to_label (GALLEY_ORDER_STATUS_PREPARING), ==, "Cooking");
}

/* ------------------------------------------------------------------ row and panel */

static void
test_row (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GalleyCart) cart = galley_cart_new (galley_services_get_menu (f->services));
  GalleyCartLine *line = add (cart, "Classic Burger", 2);
  guint handlers = galley_test_count_signal_handlers (line);
  GtkWidget *row = g_object_ref_sink (galley_cart_row_new (cart, line));

  g_assert_true (galley_cart_row_get_line (GALLEY_CART_ROW (row)) == line);
  g_assert_cmpuint (galley_test_count_signal_handlers (line), ==, handlers + 2);
  g_assert_nonnull (find_widget (row, is_visible_label, "Classic Burger"));
  g_assert_nonnull (find_widget (row, is_visible_label, "$26.00"));
  g_assert_true (galley_cart_row_change_quantity (GALLEY_CART_ROW (row), 1));
  g_assert_nonnull (find_widget (row, is_visible_label, "$39.00"));
  g_assert_finalize_object (row);
  g_assert_cmpuint (galley_test_count_signal_handlers (line), ==, handlers);
  galley_test_assert_tracked (GALLEY_TYPE_CART_ROW, 0);
}

static gboolean
counter_nonzero (gpointer data)
{
  return *(guint *) data > 0;
}

/* The row lies wholly inside its scrolled window's visible area. */
static gboolean
row_in_sight (gpointer data)
{
  GtkWidget *row = GTK_WIDGET (data);
  GtkWidget *scroller = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (row) ||
      !gtk_widget_compute_bounds (row, scroller, &bounds))
    return FALSE;

  return bounds.origin.y >= 0 && bounds.size.height > 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller) + 0.5;
}

static void
test_panel (Fixture       *f,
            gconstpointer  data)
{
  GalleyMenu *menu = galley_services_get_menu (f->services);
  g_autoptr(GalleyCart) cart = galley_cart_new (menu);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *panel = galley_cart_panel_new ();
  GalleyCartPanel *p = GALLEY_CART_PANEL (panel);
  g_autoptr(GalleyTestWidgetWatch) watch = NULL;
  GalleyCartRow *row;
  GalleyCartLine *burger, *unsure;
  g_autofree char *totals = NULL;
  guint changed = 0;

  g_object_ref (panel);
  g_signal_connect_swapped (panel, "cart-changed", G_CALLBACK (galley_test_count_cb), &changed);
  galley_cart_panel_set_cart (p, cart);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 600);
  gtk_window_set_child (GTK_WINDOW (window), panel);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (is_mapped, panel, 5000));
  g_assert_nonnull (find_widget (panel, is_visible_label,
                                 "Nothing in the order yet. Choose items from the menu."));

  /* lines and totals: 2 × 13.00 + 1 × 12.00 = 38.00, tax 8 % = 3.04 */
  burger = add (cart, "Classic Burger", 2);
  add (cart, "Fried Calamari", 1);
  galley_test_drain_main_context ();
  g_assert_cmpuint (changed, >, 0);
  g_assert_true (galley_cart_panel_get_row (p, 0) != NULL);
  g_assert_true (galley_cart_row_get_line (galley_cart_panel_get_row (p, 0)) == burger);
  g_assert_null (galley_cart_panel_get_row (p, 2));
  /* the line just added is selected, for − / + and Delete */
  g_assert_cmpstr (galley_cart_line_get_name (galley_cart_panel_get_selected_line (p)), ==,
                   "Fried Calamari");
  totals = galley_cart_panel_dup_totals_text (p);
  g_assert_cmpstr (totals, ==, "Subtotal $38.00 · Tax $3.04 · Tip $0.00 · Total $41.04");
  g_clear_pointer (&totals, g_free);

  /* the quantity buttons: + then −, and − is off at 1 */
  row = galley_cart_panel_get_row (p, 0);
  click (GTK_WIDGET (row), "One more");
  g_assert_cmpuint (galley_cart_line_get_quantity (burger), ==, 3);
  click (GTK_WIDGET (row), "One less");
  click (GTK_WIDGET (row), "One less");
  g_assert_cmpuint (galley_cart_line_get_quantity (burger), ==, 1);
  g_assert_false (gtk_widget_is_sensitive (button_named (GTK_WIDGET (row), "One less")));
  g_assert_false (galley_cart_row_change_quantity (row, -1));
  g_assert_cmpuint (galley_cart_line_get_quantity (burger), ==, 1);
  totals = galley_cart_panel_dup_totals_text (p);
  g_assert_cmpstr (totals, ==, "Subtotal $25.00 · Tax $2.00 · Tip $0.00 · Total $27.00");
  g_clear_pointer (&totals, g_free);

  /* modifiers and notes are shown on the line */
  {
    const char * const options[] = { "mod-temp-medium", "mod-add-bacon", NULL };
    g_autoptr(GError) error = NULL;

    g_assert_true (galley_cart_line_set_modifiers (burger, options, NULL, &error));
    g_assert_no_error (error);
    galley_cart_line_set_notes (burger, "cut in half");
    galley_cart_line_set_allergy_notes (burger, "sesame");
    g_assert_nonnull (find_widget (GTK_WIDGET (row), is_visible_label,
                                   "Medium, Add bacon (+$2.00)"));
    g_assert_nonnull (find_widget (GTK_WIDGET (row), is_visible_label, "cut in half"));
    g_assert_nonnull (find_widget (GTK_WIDGET (row), is_visible_label, "Allergy: sesame"));
  }

  /* a tip from the spin button reaches the cart and the total */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_widget (panel, is_spin, NULL)),
                             5.0);
  g_assert_cmpint (galley_cart_get_tip (cart), ==, 500);
  totals = galley_cart_panel_dup_totals_text (p);
  g_assert_cmpstr (totals, ==, "Subtotal $27.00 · Tax $2.16 · Tip $5.00 · Total $34.16");
  g_clear_pointer (&totals, g_free);

  /* an unsure voice line: microphone, "Heard …", out of the total, Confirm puts it in */
  unsure = add_unsure (cart);
  galley_test_drain_main_context ();
  row = galley_cart_panel_get_row (p, 2);
  g_assert_true (galley_cart_row_get_line (row) == unsure);
  g_assert_nonnull (find_widget (GTK_WIDGET (row), is_visible_label,
                                 "Heard “calamares” — is this right?"));
  g_assert_nonnull (find_widget (panel, is_visible_label, "1 line to check, not in the total yet"));
  g_assert_true (gtk_widget_get_visible (find_widget (GTK_WIDGET (row), is_mic,
                                                      NULL)));
  g_assert_cmpint (galley_cart_get_subtotal (cart), ==, 2700);
  {
    GtkWidget *confirm = find_widget (GTK_WIDGET (row), is_button_labelled, "Confirm");

    g_assert_nonnull (confirm);
    g_signal_emit_by_name (confirm, "clicked");
  }
  g_assert_false (galley_cart_line_get_unsure (unsure));
  g_assert_cmpint (galley_cart_get_subtotal (cart), ==, 3900);
  g_assert_null (find_widget (panel, is_visible_label, "1 line to check, not in the total yet"));

  /* Change: one tap on a candidate replaces the item and confirms it */
  unsure = add_unsure (cart);
  galley_test_drain_main_context ();
  row = galley_cart_panel_get_row (p, 3);
  g_assert_true (galley_cart_row_choose (row, menu_item (menu, "Tomato Bruschetta")));
  g_assert_false (galley_cart_line_get_unsure (unsure));
  g_assert_cmpstr (galley_cart_line_get_name (unsure), ==, "Tomato Bruschetta");

  /* sold out after a menu reload: flagged on the line */
  set_available (menu, "Fried Calamari", FALSE);
  galley_test_drain_main_context ();
  row = galley_cart_panel_get_row (p, 1);
  g_assert_nonnull (find_widget (GTK_WIDGET (row), is_visible_label, "Sold out — remove or change"));

  /* remove */
  click (GTK_WIDGET (row), "Remove from the order");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cart)), ==, 3);
  galley_test_drain_main_context ();

  /* a long order: the line added last is in sight in the first frame painted after it */
  {
    GdkFrameClock *clock = gtk_widget_get_frame_clock (panel);
    guint frames = 0;
    gulong id = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (galley_test_count_cb),
                                          &frames);

    galley_test_drain_main_context ();
    frames = 0;
    for (guint i = 0; i < 30; i++)
      add (cart, "Classic Burger", 1);
    g_assert_true (galley_test_spin_until (counter_nonzero, &frames, 5000));
    row = galley_cart_panel_get_row (p, g_list_model_get_n_items (G_LIST_MODEL (cart)) - 1);
    g_assert_true (row_in_sight (row));
    g_assert_false (row_in_sight (galley_cart_panel_get_row (p, 0)));
    g_signal_handler_disconnect (clock, id);
  }
  galley_cart_clear (cart);
  galley_test_drain_main_context ();

  /* a new cart: the panel follows it, the old one is let go */
  {
    g_autoptr(GalleyCart) other = galley_cart_new (menu);
    guint handlers = galley_test_count_signal_handlers (cart);

    galley_cart_panel_set_cart (p, other);
    g_assert_null (galley_cart_panel_get_row (p, 0));
    g_assert_cmpuint (galley_test_count_signal_handlers (cart), <, handlers);
    galley_cart_panel_set_cart (p, NULL);
  }
  set_available (menu, "Fried Calamari", TRUE);

  watch = galley_test_widget_watch_new (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (panel);
  g_assert_true (galley_test_widget_watch_wait (watch, 5000));
  galley_test_assert_tracked (GALLEY_TYPE_CART_ROW, 0);
}

/* ------------------------------------------------------------------ view */

static void
test_view_validation (Fixture       *f,
                      gconstpointer  data)
{
  Shown shown = show_view (f);
  GalleyCounterView *view = shown.view;
  GalleyCart *cart = galley_counter_view_get_cart (view);
  GtkWidget *dialog;
  const char *summary;

  g_assert_nonnull (cart);
  g_assert_true (galley_cart_get_menu (cart) == galley_services_get_menu (f->services));
  g_assert_cmpint (galley_counter_view_get_order_type (view), ==, GALLEY_COUNTER_TYPE_DINE_IN);

  /* empty: Review is off, and says why */
  g_assert_cmpstr (galley_counter_view_get_blocker (view), ==, "The order is empty. Add an item first.");
  g_assert_cmpstr (galley_cart_panel_get_reason (galley_counter_view_get_cart_panel (view)), ==,
                   "The order is empty. Add an item first.");
  g_assert_false (gtk_widget_is_sensitive (find_widget (GTK_WIDGET (view), is_button_labelled,
                                                        "Review Order")));
  g_assert_null (galley_counter_view_review (view));
  g_assert_cmpstr (galley_counter_view_get_message (view), ==, "The order is empty. Add an item first.");

  /* dine-in needs a table */
  add (cart, "Fish & Chips", 2);
  g_assert_cmpstr (galley_counter_view_get_blocker (view), ==,
                   "Enter the table number for a dine-in order.");
  galley_counter_view_set_table (view, "  ");
  g_assert_cmpstr (galley_counter_view_get_blocker (view), ==,
                   "Enter the table number for a dine-in order.");
  galley_counter_view_set_table (view, "7");
  g_assert_null (galley_counter_view_get_blocker (view));
  g_assert_true (gtk_widget_is_sensitive (find_widget (GTK_WIDGET (view), is_button_labelled,
                                                       "Review Order")));

  /* the other types need a name (Alt+2: takeout) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "counter.order-type", "i", 1));
  g_assert_cmpint (galley_counter_view_get_order_type (view), ==, GALLEY_COUNTER_TYPE_TAKEOUT);
  g_assert_cmpstr (galley_counter_view_get_blocker (view), ==, "Enter the customer’s name.");
  galley_counter_view_set_customer_name (view, "Ada");
  g_assert_null (galley_counter_view_get_blocker (view));

  /* an unsure line blocks until confirmed */
  add_unsure (cart);
  g_assert_cmpstr (galley_counter_view_get_blocker (view), ==,
                   "Confirm Fried Calamari before sending the order.");
  galley_cart_line_confirm (galley_cart_lookup_line (cart, "L2"), NULL);
  g_assert_null (galley_counter_view_get_blocker (view));

  /* the review shows the order as the kitchen will get it */
  galley_counter_view_set_rush (view, TRUE);
  g_assert_true (galley_cart_get_rush (cart));
  dialog = galley_counter_view_review (view);
  g_assert_nonnull (dialog);
  g_assert_null (galley_counter_view_review (view));   /* one review at a time */
  summary = galley_review_dialog_get_summary (GALLEY_REVIEW_DIALOG (dialog));
  g_assert_cmpstr (summary, ==,
                   "Takeout · Ada · Rush order\n"
                   "2 × Fish & Chips — $35.00\n"
                   "1 × Fried Calamari — $12.00\n"
                   "Subtotal $47.00 · Tax $3.76 · Tip $0.00 · Total $50.76");
  g_assert_cmpint (galley_review_dialog_get_total (GALLEY_REVIEW_DIALOG (dialog)), ==,
                   galley_cart_get_total (cart));
  g_assert_nonnull (galley_counter_view_get_client_ref (view));
  gtk_window_present (GTK_WINDOW (dialog));
  g_signal_emit_by_name (find_widget (dialog, is_button_labelled, "_Back to the Order"), "clicked");
  galley_test_drain_main_context ();
  g_assert_null (shown.view->review_dialog);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cart)), ==, 2);
  /* back from the review, the order can be reviewed again */
  g_assert_true (gtk_widget_is_sensitive (find_widget (GTK_WIDGET (view), is_button_labelled,
                                                       "Review Order")));

  /* a review left open goes with the view */
  dialog = galley_counter_view_review (view);
  g_assert_nonnull (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  close_view (&shown);
  galley_test_assert_tracked (GALLEY_TYPE_REVIEW_DIALOG, 0);
}

static void
test_view_keyboard (Fixture       *f,
                    gconstpointer  data)
{
  Shown shown = show_view (f);
  GalleyCounterView *view = shown.view;
  GalleyCart *cart = galley_counter_view_get_cart (view);
  GalleyCartPanel *panel = galley_counter_view_get_cart_panel (view);
  GalleyCartLine *fries;

  add (cart, "Classic Burger", 1);
  fries = add (cart, "Loaded Nachos", 1);
  galley_test_drain_main_context ();
  g_assert_true (galley_cart_panel_get_selected_line (panel) == fries);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "counter.more", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "counter.more", NULL));
  g_assert_cmpuint (galley_cart_line_get_quantity (fries), ==, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "counter.less", NULL));
  g_assert_cmpuint (galley_cart_line_get_quantity (fries), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "counter.remove-line", NULL));
  galley_test_drain_main_context ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cart)), ==, 1);
  /* the remaining line took the selection: Delete again empties the cart */
  g_assert_nonnull (galley_cart_panel_get_selected_line (panel));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "counter.remove-line", NULL));
  galley_test_drain_main_context ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cart)), ==, 0);

  /* Ctrl+1..5 through the order-type action; 5 is drive-thru */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "counter.order-type", "i", 4));
  g_assert_cmpint (galley_counter_view_get_order_type (view), ==, GALLEY_COUNTER_TYPE_DRIVE_THRU);
  /* Review is an action the key and the button share: off while the order is empty */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (view), "counter.review", NULL) &&
                  shown.view->review_dialog != NULL);

  close_view (&shown);
}


/* The menu panel in the view's slot adds to the view's cart; Ctrl+F searches it; "Edit" on a
 * line opens the item dialog, which goes with the view. */
static gboolean
is_menu_panel (GtkWidget     *widget,
               gconstpointer  data)
{
  return GALLEY_IS_MENU_PANEL (widget);
}

static void
test_view_menu_panel (Fixture       *f,
                      gconstpointer  data)
{
  Shown shown = show_view (f);
  GalleyCounterView *view = shown.view;
  GalleyCart *cart = galley_counter_view_get_cart (view);
  GtkWidget *panel = find_widget (galley_counter_view_get_menu_slot (view), is_menu_panel, NULL);
  GtkWidget *focus;
  GalleyCartLine *first, *second;

  g_assert_nonnull (panel);
  g_assert_true (galley_menu_panel_get_cart (GALLEY_MENU_PANEL (panel)) == cart);

  /* Ctrl+F: the focus goes into the menu panel */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "counter.search", NULL));
  galley_test_drain_main_context ();
  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (view)));
  g_assert_nonnull (focus);
  g_assert_true (focus == panel || gtk_widget_is_ancestor (focus, panel));

  /* what the panel added is selected in the cart; its errors reach the cashier */
  first = add (cart, "Fish & Chips", 1);
  second = add (cart, "Fried Calamari", 1);
  galley_test_drain_main_context ();
  g_signal_emit_by_name (panel, "item-added", first);
  g_assert_true (galley_cart_panel_get_selected_line (galley_counter_view_get_cart_panel (view)) == first);
  g_signal_emit_by_name (panel, "error", "Ribeye Steak is sold out.");
  g_assert_cmpstr (galley_counter_view_get_message (view), ==, "Ribeye Steak is sold out.");

  /* Edit opens the item dialog for the line; it closes with the view */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "counter.edit-line", "s",
                                             galley_cart_line_get_id (second)));
  galley_test_drain_main_context ();
  g_assert_nonnull (view->item_dialog);
  galley_test_assert_tracked (GALLEY_TYPE_ITEM_DIALOG, 1);
  close_view (&shown);
  galley_test_drain_main_context ();
  galley_test_assert_tracked (GALLEY_TYPE_ITEM_DIALOG, 0);
  galley_test_assert_tracked (GALLEY_TYPE_MENU_PANEL, 0);
}

/* ------------------------------------------------------------------ sending */

static guint
server_orders_with_ref (Fixture    *f,
                        const char *ref)
{
  g_autoptr(JsonArray) rows = galley_demo_server_dup_orders (f->demo);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      JsonObject *metadata = json_object_has_member (row, "metadata") &&
                             JSON_NODE_HOLDS_OBJECT (json_object_get_member (row, "metadata")) ?
                             json_object_get_object_member (row, "metadata") : NULL;

      n += metadata != NULL &&
           g_strcmp0 (json_object_get_string_member_with_default (metadata, "client_order_ref", ""),
                      ref) == 0;
    }

  return n;
}

static JsonObject *
server_order_with_ref (Fixture    *f,
                       const char *ref)
{
  g_autoptr(JsonArray) rows = galley_demo_server_dup_orders (f->demo);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      JsonObject *metadata = json_object_get_object_member (row, "metadata");

      if (metadata != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (metadata, "client_order_ref", ""),
                     ref) == 0)
        return json_object_ref (row);
    }

  return NULL;
}

typedef struct
{
  GalleyCounterView *view;
  const char        *text;
} WaitMessage;

static gboolean
has_message (gpointer data)
{
  WaitMessage *w = data;

  return g_strcmp0 (galley_counter_view_get_message (w->view), w->text) == 0;
}

static void
wait_message (GalleyCounterView *view,
              const char        *text)
{
  WaitMessage w = { view, text };

  if (!galley_test_spin_until (has_message, &w, 10000))
    g_error ("Waited for “%s”, the last message is “%s”", text,
             galley_counter_view_get_message (view));
}

static gboolean
link_live (gpointer data)
{
  Fixture *f = data;

  return galley_order_link_get_state (galley_services_get_link (f->services)) == GALLEY_LINK_LIVE &&
         galley_outbox_get_live (galley_services_get_outbox (f->services));
}

static gboolean
menu_loaded (gpointer data)
{
  Fixture *f = data;

  return galley_menu_lookup_item_by_name (galley_services_get_menu (f->services),
                                          "Fish & Chips") != NULL;
}

/* Orders are taken by a front-of-house role: the counter signs in as a server would. */
static void
sign_in_as_server (Fixture *f)
{
  g_autofree char *token = galley_demo_server_issue_token (f->demo, "server", 3600);

  galley_services_sign_in_token (f->services, token, "server");
  g_assert_true (galley_test_spin_until (menu_loaded, f, 10000));
}

static void
go_live (Fixture *f)
{
  g_settings_set_boolean (f->settings, "sound-muted", TRUE);
  galley_services_start (f->services);
  g_assert_true (galley_test_spin_until (link_live, f, 20000));
}

typedef struct
{
  GalleyCounterView *view;
  const char        *ref;
  const char        *prefix;
} WaitStatus;

static gboolean
has_status (gpointer data)
{
  WaitStatus *w = data;
  g_autofree char *status = galley_counter_view_dup_today_status (w->view, w->ref);

  return g_str_has_prefix (status, w->prefix);
}

/* Dine-in at table 7: two fish and chips. */
static void
fill_order (GalleyCounterView *view)
{
  galley_counter_view_set_order_type (view, GALLEY_COUNTER_TYPE_DINE_IN);
  add (galley_counter_view_get_cart (view), "Fish & Chips", 2);
  galley_counter_view_set_table (view, "7");
  g_assert_null (galley_counter_view_get_blocker (view));
}

/* Review, then Send to Kitchen twice (Ctrl+Enter and the button): one order on the server,
 * "Sent to the kitchen", a new empty order, and the order listed with its live status. */
static void
test_submit_sent (Fixture       *f,
                  gconstpointer  data)
{
  Shown shown;
  GalleyCounterView *view;
  GalleyCart *first_cart;
  GtkWidget *dialog, *send;
  g_autofree char *ref = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;
  WaitStatus ws;

  sign_in_as_server (f);
  go_live (f);
  shown = show_view (f);
  view = shown.view;
  first_cart = galley_counter_view_get_cart (view);
  fill_order (view);
  galley_counter_view_set_rush (view, TRUE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "counter.review", NULL));
  dialog = view->review_dialog;
  g_assert_nonnull (dialog);
  ref = g_strdup (galley_counter_view_get_client_ref (view));
  g_assert_nonnull (ref);
  send = find_widget (dialog, is_button_labelled, "_Send to Kitchen");
  g_assert_nonnull (send);
  /* Ctrl+Enter in the dialog sends and closes it; the answer is given once: a second one (a
   * double click landing on the button before it goes) finds the button off and is dropped */
  g_object_ref (dialog);
  g_object_ref (send);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  g_assert_false (gtk_widget_is_sensitive (send));
  g_signal_emit_by_name (send, "clicked");
  g_assert_false (gtk_widget_get_visible (dialog));
  g_object_unref (send);
  g_object_unref (dialog);
  /* and Ctrl+Enter on the view again: the new order is empty, nothing opens */
  gtk_widget_activate_action (GTK_WIDGET (view), "counter.review", NULL);
  g_assert_null (view->review_dialog);
  g_assert_false (galley_counter_view_submit (view, &error));   /* the new order is empty */
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* the cart was cleared once the outbox stored the order */
  g_assert_true (galley_counter_view_get_cart (view) == first_cart);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (galley_counter_view_get_cart (view))),
                    ==, 0);
  g_assert_cmpstr (galley_counter_view_get_table (view), ==, "");
  g_assert_false (galley_counter_view_get_rush (view));
  g_assert_null (galley_counter_view_get_client_ref (view));

  wait_message (view, "Sent to the kitchen");
  galley_test_spin_for (200);
  g_assert_cmpuint (server_orders_with_ref (f, ref), ==, 1);
  row = server_order_with_ref (f, ref);
  g_assert_cmpstr (json_object_get_string_member (row, "table_number"), ==, "7");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (row, "metadata"),
                                                 "rush"));

  /* Today's Orders: the order with its number and status from the store */
  g_assert_cmpuint (galley_counter_view_refresh_today (view), ==, 1);
  ws = (WaitStatus) { view, ref, "No. " };
  g_assert_true (galley_test_spin_until (has_status, &ws, 10000));
  {
    GtkWidget *order = galley_counter_view_open_order (view, ref);

    g_assert_nonnull (order);
    g_assert_cmpint (galley_review_dialog_get_mode (GALLEY_REVIEW_DIALOG (order)), ==,
                     GALLEY_REVIEW_VIEW);
    g_assert_nonnull (strstr (galley_review_dialog_get_summary (GALLEY_REVIEW_DIALOG (order)),
                              "2 × Fish & Chips — $35.00"));
    gtk_window_present (GTK_WINDOW (order));
    galley_test_drain_main_context ();
  }

  /* a second order from the same view is a second order */
  fill_order (view);
  g_assert_true (galley_counter_view_submit (view, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (galley_counter_view_refresh_today (view), ==, 2);

  close_view (&shown);
  g_assert_cmpuint (server_orders_with_ref (f, ref), ==, 1);
}

/* Offline: saved, "Saved — will be sent when the connection is back", "Waiting to send";
 * sent once the link is live. */
static void
test_submit_offline (Fixture       *f,
                     gconstpointer  data)
{
  Shown shown;
  GalleyCounterView *view;
  g_autofree char *ref = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  WaitStatus ws;

  sign_in_as_server (f);
  shown = show_view (f);
  view = shown.view;
  fill_order (view);
  g_assert_nonnull (galley_counter_view_review (view));
  ref = g_strdup (galley_counter_view_get_client_ref (view));
  g_assert_true (galley_counter_view_submit (view, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (galley_counter_view_get_message (view), ==,
                   "Saved — will be sent when the connection is back");
  status = galley_counter_view_dup_today_status (view, ref);
  g_assert_cmpstr (status, ==, "Waiting to send");
  g_assert_cmpuint (galley_counter_view_refresh_today (view), ==, 1);
  galley_test_spin_for (100);
  g_assert_cmpuint (server_orders_with_ref (f, ref), ==, 0);

  go_live (f);
  wait_message (view, "Sent to the kitchen");
  g_assert_cmpuint (server_orders_with_ref (f, ref), ==, 1);
  ws = (WaitStatus) { view, ref, "No. " };
  g_assert_true (galley_test_spin_until (has_status, &ws, 10000));

  close_view (&shown);
}

/* The server refuses: the cashier reads why, the order is back in the cart, and sending it
 * again makes one order under a new reference. */
static void
test_submit_refused (Fixture       *f,
                     gconstpointer  data)
{
  Shown shown;
  GalleyCounterView *view;
  g_autofree char *ref = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  const char *message;
  GtkWidget *order;

  sign_in_as_server (f);
  go_live (f);
  shown = show_view (f);
  view = shown.view;
  fill_order (view);
  galley_cart_line_set_allergy_notes (galley_cart_lookup_line (galley_counter_view_get_cart (view),
                                                               "L1"), "peanuts");
  g_assert_nonnull (galley_counter_view_review (view));
  ref = g_strdup (galley_counter_view_get_client_ref (view));

  galley_demo_server_fail_rest (f->demo, "/orders", 403, 1);
  g_assert_true (galley_counter_view_submit (view, &error));
  g_assert_no_error (error);
  {
    WaitStatus ws = { view, ref, "Refused" };

    g_assert_true (galley_test_spin_until (has_status, &ws, 10000));
  }
  galley_test_drain_main_context ();
  message = galley_counter_view_get_message (view);
  g_assert_true (g_str_has_prefix (message, "The kitchen did not take the order: "));
  g_assert_true (g_str_has_suffix (message, "It is back in the cart: fix it and send it again."));
  g_assert_cmpuint (server_orders_with_ref (f, ref), ==, 0);

  /* the order is back: lines, allergy, type and table */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (galley_counter_view_get_cart (view))),
                    ==, 1);
  {
    g_autoptr(GalleyCartLine) line =
      g_list_model_get_item (G_LIST_MODEL (galley_counter_view_get_cart (view)), 0);

    g_assert_nonnull (line);
    g_assert_cmpstr (galley_cart_line_get_name (line), ==, "Fish & Chips");
    g_assert_cmpuint (galley_cart_line_get_quantity (line), ==, 2);
    g_assert_cmpstr (galley_cart_line_get_allergy_notes (line), ==, "peanuts");
  }
  g_assert_cmpstr (galley_counter_view_get_table (view), ==, "7");
  g_assert_null (galley_counter_view_get_blocker (view));

  /* Today's Orders shows it refused, read-only with "Fix and Resend" */
  status = galley_counter_view_dup_today_status (view, ref);
  g_assert_true (g_str_has_prefix (status, "Refused"));
  order = galley_counter_view_open_order (view, ref);
  g_assert_cmpint (galley_review_dialog_get_mode (GALLEY_REVIEW_DIALOG (order)), ==,
                   GALLEY_REVIEW_REFUSED);
  /* the cart is not empty: Fix and Resend says so and leaves the cart alone */
  g_assert_false (galley_counter_view_restore_order (view, ref, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  gtk_window_destroy (GTK_WINDOW (order));
  gtk_window_destroy (GTK_WINDOW (view->review_dialog));   /* the first review, never answered */
  galley_test_drain_main_context ();

  /* sent again: a new reference, one order */
  g_assert_nonnull (galley_counter_view_review (view));
  g_assert_cmpstr (galley_counter_view_get_client_ref (view), !=, ref);
  {
    g_autofree char *again = g_strdup (galley_counter_view_get_client_ref (view));

    g_assert_true (galley_counter_view_submit (view, &error));
    wait_message (view, "Sent to the kitchen");
    g_assert_cmpuint (server_orders_with_ref (f, again), ==, 1);
  }
  g_assert_cmpuint (server_orders_with_ref (f, ref), ==, 0);

  close_view (&shown);
}

/* ------------------------------------------------------------------ open and close */

static void
cycle_view (Fixture   *f,
            GtkWindow *window)
{
  GtkWidget *view = galley_counter_view_new (f->services);
  g_autoptr(GalleyTestWidgetWatch) watch = NULL;
  GalleyCart *cart;

  g_object_ref (view);
  gtk_window_set_child (window, view);
  g_assert_true (galley_test_spin_until (is_mapped, view, 5000));
  cart = galley_counter_view_get_cart (GALLEY_COUNTER_VIEW (view));
  add (cart, "Classic Burger", 1);
  add_unsure (cart);
  galley_test_drain_main_context ();
  galley_test_assert_tracked (GALLEY_TYPE_COUNTER_VIEW, 1);
  g_assert_cmpint (galley_test_tracked_count (GALLEY_TYPE_CART_ROW), ==, 2);

  watch = galley_test_widget_watch_new (view);
  gtk_window_set_child (window, NULL);
  g_assert_finalize_object (view);
  g_assert_true (galley_test_widget_watch_wait (watch, 5000));
}

static void
test_cycles (Fixture       *f,
             gconstpointer  data)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  GalleyMenu *menu = galley_services_get_menu (f->services);
  GalleyOrderStore *store = galley_services_get_store (f->services);
  GalleyOutbox *outbox = galley_services_get_outbox (f->services);
#ifdef GALLEY_HAVE_LSAN
  guint n = galley_test_iterations (200);    /* ASan: a cycle is several times dearer */
#else
  guint n = galley_test_iterations (1000);
#endif
  guint handlers_menu, handlers_store, handlers_outbox, handlers_services;
  GtkWidget *window;
  gint64 t0;

  g_assert_nonnull (outbox);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (is_mapped, window, 5000));
  cycle_view (f, GTK_WINDOW (window));   /* warm-up: GTK singletons, icons, fonts, CSS */
  galley_test_baseline_take (&base);
  handlers_menu = galley_test_count_signal_handlers (menu);
  handlers_store = galley_test_count_signal_handlers (store);
  handlers_outbox = galley_test_count_signal_handlers (outbox);
  handlers_services = galley_test_count_signal_handlers (f->services);

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    cycle_view (f, GTK_WINDOW (window));
  g_test_message ("%u counter cycles: %.2f s", n, (g_get_monotonic_time () - t0) / 1e6);

  gtk_window_destroy (GTK_WINDOW (window));
  galley_test_drain_main_context ();
  galley_test_assert_tracked (GALLEY_TYPE_COUNTER_VIEW, 0);
  galley_test_assert_tracked (GALLEY_TYPE_CART_PANEL, 0);
  galley_test_assert_tracked (GALLEY_TYPE_CART_ROW, 0);
  galley_test_assert_tracked (GALLEY_TYPE_MENU_PANEL, 0);
  galley_test_assert_tracked (GALLEY_TYPE_CART, 0);
  galley_test_assert_tracked (GALLEY_TYPE_CART_LINE, 0);
  g_assert_cmpuint (galley_test_count_signal_handlers (menu), ==, handlers_menu);
  g_assert_cmpuint (galley_test_count_signal_handlers (store), ==, handlers_store);
  g_assert_cmpuint (galley_test_count_signal_handlers (outbox), ==, handlers_outbox);
  g_assert_cmpuint (galley_test_count_signal_handlers (f->services), ==, handlers_services);
  galley_test_baseline_assert (&base);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("PIPEWIRE_REMOTE", "galley-test-no-such-sound-service", TRUE);
  galley_test_quiet_debug ();
  adw_init ();
  galley_test_track_all ();

#define ADD(path, demo, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (demo), fixture_setup, func, fixture_teardown)

  g_test_add_func ("/counter/format", test_format);
  ADD ("/counter/row", FALSE, test_row);
  ADD ("/counter/panel", FALSE, test_panel);
  ADD ("/counter/view/validation-review", FALSE, test_view_validation);
  ADD ("/counter/view/keyboard", FALSE, test_view_keyboard);
  ADD ("/counter/view/menu-panel", FALSE, test_view_menu_panel);
  ADD ("/counter/view/submit-sent", TRUE, test_submit_sent);
  ADD ("/counter/view/submit-offline", TRUE, test_submit_offline);
  ADD ("/counter/view/submit-refused", TRUE, test_submit_refused);
  ADD ("/counter/view/cycles", FALSE, test_cycles);

  return g_test_run ();
}
