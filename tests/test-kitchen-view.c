/* test-kitchen-view.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Kitchen and Expo views as a cook uses them: cards for fixture orders, the bump-bar keys
 * (select, bump, undo, recall, acknowledge, paging) sent through the view's key controller,
 * the card's buttons, the link banner, the PIN sign-in dialog, and the views opened and closed
 * a thousand times while the demo server streams orders, under the leak gates.
 */
#include "config.h"

#include "galley-testutil.h"
#include "galley-testutil-gtk.h"
#include "galley-test-orders.h"
#include "app/galley-help-overlay.h"
#include "app/galley-sign-in-dialog.h"
#include "core/galley-services.h"
#include "diag/galley-diagnostics-view.h"
#include "kitchen/galley-kitchen-view-private.h"
#include "kitchen/galley-order-card-private.h"
#include "util/galley-time.h"

typedef struct
{
  char             *dir;
  GSettings        *settings;
  GalleyDemoServer *demo;
  GalleyServices   *services;
  gint64            t0;         /* "now" for the fixture orders: an edit keeps created_at */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean with_demo = GPOINTER_TO_INT (data);

  f->t0 = g_get_real_time ();
  f->dir = g_dir_make_tmp ("galley-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->settings = g_settings_new (BASE_APPLICATION_ID);
  if (with_demo)
    {
      f->demo = galley_demo_server_new ();
      /* a busy feed: a new order a second (3,600 an hour), moved along as other terminals
       * would (every step an order:updated), while the views come and go; faster would only
       * grow the store past the sampler's growth warning on a slow machine */
      g_object_set (f->demo, "port", 0, "seed", (gint64) 11, "rate", 60.0,
                    "auto-progress", TRUE, NULL);
      g_assert_true (galley_demo_server_start (f->demo, &error));
      g_assert_no_error (error);
    }
  f->services = galley_services_new (f->settings, f->demo, f->dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  galley_services_shutdown (f->services);
  g_assert_finalize_object (f->services);
  if (f->demo != NULL)
    g_assert_finalize_object (f->demo);
  g_settings_reset (f->settings, "cards-per-page");
  g_settings_reset (f->settings, "board-layout");
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
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_check_labelled (GtkWidget     *widget,
                   gconstpointer  label)
{
  return GTK_IS_CHECK_BUTTON (widget) &&
         g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0;
}

static void
click (GtkWidget  *root,
       const char *label)
{
  GtkWidget *button = find_widget (root, is_button_labelled, label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

/* As a bump bar does: a key press reaches the view's key controller. */
static gboolean
press (GalleyKitchenView *view,
       guint              keyval)
{
  GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0,
                               &handled);
    }
  g_object_unref (controllers);
  galley_test_drain_main_context ();

  return handled;
}

/* An open order @minutes old: number @n, with a burger and fries; @extra members if any, or
 * "allergy" for a nut allergy on the burger. */
static void
add_order (Fixture    *f,
           guint       n,
           int         minutes,
           const char *extra)
{
  GalleyOrderStore *store = galley_services_get_store (f->services);
  g_autofree char *created = galley_time_format_db (f->t0 - (gint64) minutes * 60 *
                                                    G_USEC_PER_SEC);
  gboolean allergy = extra != NULL && g_str_equal (extra, "allergy");
  g_autofree char *l1 = galley_test_item_json ("burger", "Smash Burger", 2,
                                               allergy ? "'modifications':['nut allergy']" : NULL);
  g_autofree char *l2 = galley_test_item_json ("fries", "Fries", 1, NULL);
  g_autofree char *json = NULL;
  g_autoptr(GalleyOrder) order = NULL;

  json = g_strdup_printf ("{'id':'00000000-0000-4000-8000-%012u','order_number':'20251105-%04u',"
                          "'type':'online','table_number':'%u','status':'confirmed',"
                          "'created_at':'%s','updated_at':'%s','items':[%s,%s]%s%s}",
                          n, n, n, created, created, l1, l2,
                          extra != NULL && !allergy ? "," : "",
                          extra != NULL && !allergy ? extra : "");
  order = galley_test_order_new (json);
  galley_order_store_apply (store, order);
}

/* The bump bar's keys reach the view: the focus is on it or inside it. */
static gboolean
focus_in_view (GalleyKitchenView *view)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (view)));

  return focus != NULL &&
         (focus == GTK_WIDGET (view) || gtk_widget_is_ancestor (focus, GTK_WIDGET (view)));
}

static char *
order_id (guint n)
{
  return g_strdup_printf ("00000000-0000-4000-8000-%012u", n);
}

static gboolean
on_board (GalleyKitchenView *view,
          guint              n)
{
  g_autofree char *id = order_id (n);
  GalleyTicket *ticket = galley_board_lookup (galley_kitchen_view_get_board (view), id);

  return ticket != NULL && galley_board_get_position (galley_kitchen_view_get_board (view),
                                                      ticket) >= 0;
}

typedef struct
{
  GtkWidget         *window;
  GalleyKitchenView *view;
} Shown;

static Shown
show_view (Fixture  *f,
           gboolean  expo)
{
  Shown shown;

  shown.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (shown.window), 1200, 800);
  shown.view = GALLEY_KITCHEN_VIEW (galley_kitchen_view_new (f->services, expo));
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

/* ------------------------------------------------------------------ the card */

typedef struct
{
  char *action;
  guint n;
} Requests;

static void
request_cb (GtkWidget  *card,
            const char *action,
            const char *item_id,
            Requests   *requests)
{
  g_free (requests->action);
  requests->action = g_strdup (action);
  requests->n++;
}

static void
test_card (void)
{
  g_autofree char *l1 = galley_test_item_json ("l1", "Pad Thai", 1, "'modifications':['nut allergy']");
  g_autofree char *json = g_strdup_printf ("{'table_number':'7','type':'online','items':[%s]}", l1);
  g_autoptr(GalleyOrder) order = galley_test_order_new (json);
  GalleyTicket *ticket = galley_ticket_new (order, NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *card;
  Requests requests = { 0 };
  g_autoptr(GalleyTestWidgetWatch) watch = NULL;

  galley_ticket_refresh (ticket, NULL, NULL);
  card = galley_order_card_new (ticket);
  g_object_ref (card);
  g_signal_connect (card, "request", G_CALLBACK (request_cb), &requests);
  gtk_window_set_child (GTK_WINDOW (window), card);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (is_mapped, card, 5000));

  g_assert_true (galley_order_card_get_ticket (GALLEY_ORDER_CARD (card)) == ticket);
  galley_order_card_set_position (GALLEY_ORDER_CARD (card), 3);
  g_assert_cmpuint (galley_order_card_get_position (GALLEY_ORDER_CARD (card)), ==, 3);
  galley_order_card_set_selected (GALLEY_ORDER_CARD (card), TRUE);
  g_assert_true (galley_order_card_get_selected (GALLEY_ORDER_CARD (card)));
  g_assert_true (gtk_widget_has_css_class (card, "selected"));

  /* the allergy banner's button and the bump button are requests the view carries out */
  click (card, "Acknowledge Allergy");
  g_assert_cmpstr (requests.action, ==, "acknowledge");
  click (card, "Bump");
  g_assert_cmpstr (requests.action, ==, "bump");
  g_assert_cmpuint (requests.n, ==, 2);

  watch = galley_test_widget_watch_new (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (card);
  g_assert_true (galley_test_widget_watch_wait (watch, 5000));
  g_assert_finalize_object (ticket);
  g_free (requests.action);
}

static GalleyOrder *
versioned_order (int         version,
                 const char *items)
{
  g_autofree char *json = g_strdup_printf ("{'table_number':'7','type':'online','version':%d,"
                                           "'updated_at':'2025-11-05T18:0%d:00Z','items':[%s]}",
                                           version, version, items);

  return galley_test_order_new (json);
}

/* The card's line rows, first to last, and the item id each shows. */
static GPtrArray *
card_rows (GtkWidget *card)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (GALLEY_ORDER_CARD (card)->lines_box);
       row != NULL; row = gtk_widget_get_next_sibling (row))
    g_ptr_array_add (rows, row);

  return rows;
}

static const char *
row_item (GPtrArray *rows,
          guint      i)
{
  return g_object_get_data (g_ptr_array_index (rows, i), "galley-item-id");
}

/* A line edit changes that line's row only: the other rows are the same widgets, in the
 * ticket's order; a done mark or a voided line still shows on its row. */
static void
test_card_lines_kept (void)
{
  g_autofree char *l1 = galley_test_item_json ("l1", "Smash Burger", 2, NULL);
  g_autofree char *l2 = galley_test_item_json ("l2", "Fries", 1, NULL);
  g_autofree char *l3 = galley_test_item_json ("l3", "Salad", 1, "'notes':'dressing aside'");
  g_autofree char *l2_mod = galley_test_item_json ("l2", "Fries", 1, "'modifications':['no salt']");
  g_autofree char *l4 = galley_test_item_json ("l4", "Shake", 1, NULL);
  g_autofree char *v1 = g_strjoin (",", l1, l2, l3, NULL);
  g_autofree char *v2 = g_strjoin (",", l1, l2_mod, l3, NULL);
  g_autofree char *v3 = g_strjoin (",", l1, l3, l4, NULL);
  g_autoptr(GalleyOrder) order = versioned_order (1, v1);
  g_autoptr(GalleyOrder) second = versioned_order (2, v2);
  g_autoptr(GalleyOrder) third = versioned_order (3, v3);
  GalleyTicket *ticket = galley_ticket_new (order, NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *card;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) last = NULL;
  g_autoptr(GalleyTestWidgetWatch) watch = NULL;

  galley_ticket_refresh (ticket, NULL, NULL);
  card = galley_order_card_new (ticket);
  g_object_ref (card);
  gtk_window_set_child (GTK_WINDOW (window), card);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (is_mapped, card, 5000));

  before = card_rows (card);
  g_assert_cmpuint (before->len, ==, 3);
  g_assert_cmpstr (row_item (before, 0), ==, "l1");
  g_assert_cmpstr (row_item (before, 1), ==, "l2");
  g_assert_cmpstr (row_item (before, 2), ==, "l3");

  /* the fries get a modifier: their row is new and says so, the others stay */
  g_assert_true (galley_order_update_from (order, second));
  g_assert_true (galley_ticket_refresh (ticket, NULL, NULL) & GALLEY_TICKET_REFRESH_LINES);
  after = card_rows (card);
  g_assert_cmpuint (after->len, ==, 3);
  g_assert_true (g_ptr_array_index (after, 0) == g_ptr_array_index (before, 0));
  g_assert_true (g_ptr_array_index (after, 1) != g_ptr_array_index (before, 1));
  g_assert_true (g_ptr_array_index (after, 2) == g_ptr_array_index (before, 2));
  g_assert_cmpstr (row_item (after, 1), ==, "l2");
  g_assert_true (gtk_widget_has_css_class (g_ptr_array_index (after, 1), "modified"));
  g_assert_true (gtk_widget_get_sensitive (g_ptr_array_index (after, 1)));

  /* a kept row follows its new line object: done on the ticket, done on the card */
  g_assert_true (galley_ticket_set_line_done (ticket, "l1", TRUE));
  g_assert_true (gtk_widget_has_css_class (g_ptr_array_index (after, 0), "done"));

  /* the fries go (voided, kept struck through, last) and a shake comes: the rows follow the
   * ticket's order, the burger's and the salad's rows are still the first ones */
  g_assert_true (galley_order_update_from (order, third));
  galley_ticket_refresh (ticket, NULL, NULL);
  last = card_rows (card);
  g_assert_cmpuint (last->len, ==, g_list_model_get_n_items (galley_ticket_get_lines (ticket)));
  g_assert_cmpuint (last->len, ==, 4);
  for (guint i = 0; i < last->len; i++)
    {
      g_autoptr(GalleyTicketLine) line = g_list_model_get_item (galley_ticket_get_lines (ticket), i);

      g_assert_cmpstr (row_item (last, i), ==, galley_ticket_line_get_item_id (line));
      g_assert_cmpint (gtk_widget_get_sensitive (g_ptr_array_index (last, i)), ==,
                       galley_ticket_line_get_change (line) != GALLEY_LINE_CHANGE_VOIDED);
    }
  g_assert_true (g_ptr_array_index (last, 0) == g_ptr_array_index (before, 0));
  g_assert_true (g_ptr_array_index (last, 1) == g_ptr_array_index (before, 2));
  g_assert_true (gtk_widget_has_css_class (g_ptr_array_index (last, 0), "done"));
  /* one handler a shown line, none left over from the rows that went */
  g_assert_cmpuint (GALLEY_ORDER_CARD (card)->line_handlers->len, ==, 4);

  g_ptr_array_set_size (before, 0);
  g_ptr_array_set_size (after, 0);
  g_ptr_array_set_size (last, 0);
  watch = galley_test_widget_watch_new (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (card);
  g_assert_true (galley_test_widget_watch_wait (watch, 5000));
  g_assert_finalize_object (ticket);
}

/* ------------------------------------------------------------------ keyboard */

static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  Shown shown;
  GalleyBoard *board;
  GalleyTicket *first;
  g_autofree char *id1 = order_id (1);

  g_settings_set_uint (f->settings, "cards-per-page", 6);
  /* fourteen orders, the oldest first; order 3 has an allergy */
  for (guint n = 1; n <= 14; n++)
    add_order (f, n, 30 - (int) n, n == 3 ? "allergy" : NULL);

  shown = show_view (f, FALSE);
  board = galley_kitchen_view_get_board (shown.view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (board)), ==, 14);
  g_assert_cmpuint (galley_kitchen_view_get_page_size (shown.view), ==, 6);
  g_assert_cmpuint (galley_kitchen_view_get_n_pages (shown.view), ==, 3);

  /* 1 selects the first ticket on the page; its card says so */
  g_assert_true (press (shown.view, GDK_KEY_1));
  first = galley_kitchen_view_get_selected (shown.view);
  g_assert_nonnull (first);
  g_assert_cmpstr (galley_order_get_id (galley_ticket_get_order (first)), ==, id1);
  g_assert_true (galley_order_card_get_selected (
    GALLEY_ORDER_CARD (galley_kitchen_view_get_card (shown.view, first))));

  /* Return bumps it: off the board at once, and the change waits in the outbox */
  g_assert_true (press (shown.view, GDK_KEY_Return));
  g_assert_false (on_board (shown.view, 1));
  g_assert_true (focus_in_view (shown.view));
  g_assert_nonnull (galley_kitchen_view_get_selected (shown.view));
  g_assert_true (galley_board_get_can_undo (board));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (board)), ==, 13);

  /* u undoes it within the undo window */
  g_assert_true (press (shown.view, GDK_KEY_u));
  g_assert_true (on_board (shown.view, 1));
  g_assert_false (galley_board_get_can_undo (board));

  /* bump again, then r recalls the last bump */
  press (shown.view, GDK_KEY_1);
  press (shown.view, GDK_KEY_Return);
  g_assert_false (on_board (shown.view, 1));
  g_assert_true (press (shown.view, GDK_KEY_r));
  g_assert_true (on_board (shown.view, 1));

  /* the allergy order cannot be bumped before k acknowledges it */
  {
    g_autofree char *id3 = order_id (3);
    GalleyTicket *allergy = galley_board_lookup (board, id3);
    guint slot = (guint) galley_board_get_position (board, allergy);

    g_assert_cmpuint (slot, <, 6);
    press (shown.view, GDK_KEY_1 + slot);
    g_assert_true (galley_kitchen_view_get_selected (shown.view) == allergy);
    press (shown.view, GDK_KEY_Return);
    g_assert_true (on_board (shown.view, 3));
    g_assert_nonnull (strstr (galley_kitchen_view_get_notice (shown.view), "allergy"));
    g_assert_true (press (shown.view, GDK_KEY_k));
    g_assert_false (galley_ticket_get_needs_ack (allergy));
    press (shown.view, GDK_KEY_Return);
    g_assert_false (on_board (shown.view, 3));
  }

  /* paging: Page Down and Page Up, and arrows cross pages */
  g_assert_cmpuint (galley_kitchen_view_get_page (shown.view), ==, 0);
  g_assert_true (press (shown.view, GDK_KEY_Page_Down));
  g_assert_cmpuint (galley_kitchen_view_get_page (shown.view), ==, 1);
  g_assert_true (press (shown.view, GDK_KEY_Page_Up));
  g_assert_cmpuint (galley_kitchen_view_get_page (shown.view), ==, 0);
  press (shown.view, GDK_KEY_6);
  g_assert_true (press (shown.view, GDK_KEY_Right));
  g_assert_cmpuint (galley_kitchen_view_get_page (shown.view), ==, 1);
  g_assert_cmpint (galley_board_get_position (board, galley_kitchen_view_get_selected (shown.view)),
                   ==, 6);

  /* the page keeps its place when orders arrive or leave: a new order goes last and moves
   * nothing; when an order before the page leaves, the cards close up and the selection
   * stays on the same slot instead of chasing its ticket to another page */
  {
    GalleyTicket *before = galley_kitchen_view_get_selected (shown.view);

    add_order (f, 15, 0, NULL);
    galley_test_drain_main_context ();
    g_assert_cmpuint (galley_kitchen_view_get_page (shown.view), ==, 1);
    g_assert_true (galley_kitchen_view_get_selected (shown.view) == before);

    galley_order_store_remove (galley_services_get_store (f->services), id1);
    galley_test_drain_main_context ();
    g_assert_false (on_board (shown.view, 1));
    g_assert_cmpuint (galley_kitchen_view_get_page (shown.view), ==, 1);
    g_assert_cmpint (galley_board_get_position (board,
                                                galley_kitchen_view_get_selected (shown.view)),
                     ==, 6);
  }

  /* a key nobody configured is left to the window */
  g_assert_false (press (shown.view, GDK_KEY_z));

  /* keys follow the settings live */
  {
    g_autoptr(GVariant) keys = g_variant_ref_sink (g_variant_new_parsed ("{'bump': 'x', 'recall': 'y'}"));

    g_settings_set_value (f->settings, "bump-keys", keys);
    galley_test_drain_main_context ();
    g_assert_false (press (shown.view, GDK_KEY_Return));
    g_assert_true (press (shown.view, GDK_KEY_x));
    g_settings_reset (f->settings, "bump-keys");
  }

  close_view (&shown);
}

/* ------------------------------------------------------------------ what the cards show */

/* Any order: @n, @minutes old, of @ui_type (metadata.uiType, spec §3.3), at @version, with
 * @items (a JSON list body), @rush or not. */
static void
put_order (Fixture    *f,
           guint       n,
           int         minutes,
           const char *ui_type,
           int         version,
           const char *items,
           gboolean    rush)
{
  gint64 created_us = f->t0 - (gint64) minutes * 60 * G_USEC_PER_SEC;
  g_autofree char *created = galley_time_format_db (created_us);
  g_autofree char *updated = galley_time_format_db (created_us + version * G_USEC_PER_SEC);
  g_autofree char *json = NULL;
  g_autoptr(GalleyOrder) order = NULL;

  json = g_strdup_printf ("{'id':'00000000-0000-4000-8000-%012u','order_number':'20251105-%04u',"
                          "'type':'online','metadata':{'uiType':'%s','rush':%s},"
                          "'customer_name':'Guest %u','status':'confirmed',"
                          "'version':%d,'created_at':'%s','updated_at':'%s','items':[%s]}",
                          n, n, ui_type, rush ? "true" : "false", n, version, created, updated,
                          items);
  order = galley_test_order_new (json);
  g_assert_cmpint (galley_order_store_apply (galley_services_get_store (f->services), order), !=,
                   GALLEY_STORE_STALE);
  galley_test_drain_main_context ();
}

static GtkWidget *
card_of (GalleyKitchenView *view,
         guint              n)
{
  g_autofree char *id = order_id (n);
  GalleyTicket *ticket = galley_board_lookup (galley_kitchen_view_get_board (view), id);

  g_assert_nonnull (ticket);

  return galley_kitchen_view_get_card (view, ticket);
}

static gboolean
is_label_with (GtkWidget     *widget,
               gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
sound_box_shown (gpointer view)
{
  return gtk_widget_get_visible (GALLEY_KITCHEN_VIEW (view)->sound_box);
}

static void
count_cue_cb (GalleyBoard    *board,
              GalleyBoardCue  cue,
              guint          *counts)
{
  counts[cue]++;
}

/* Thresholds and their cues (colour, icon and word), rush first, the order-type filter, the
 * all-day counts, a change shown until confirmed, a cancelled ticket until dismissed, and the
 * board's sounds reaching the cue player. */
static void
test_cards (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *burger = galley_test_item_json ("burger", "Smash Burger", 2, NULL);
  g_autofree char *burger3 = galley_test_item_json ("burger", "Smash Burger", 3, NULL);
  g_autofree char *fries = galley_test_item_json ("fries", "Fries", 1, "'modifications':['no salt']");
  g_autofree char *both = g_strjoin (",", burger, fries, NULL);
  g_autofree char *changed = g_strjoin (",", burger3, fries, NULL);
  GalleyCuePlayer *player = galley_services_get_cue_player (f->services);
  guint cues[GALLEY_BOARD_CUE_READY + 1] = { 0 };
  GalleyBoard *board;
  Shown shown;
  guint dropped;
  gulong cue_id;

  g_settings_set_uint (f->settings, "cards-per-page", 8);
  g_settings_set_boolean (f->settings, "sound-muted", TRUE);
  put_order (f, 1, 5, "dine-in", 1, both, FALSE);      /* fresh */
  put_order (f, 2, 12, "dine-in", 1, burger, FALSE);   /* past 10 min: running late */
  put_order (f, 3, 20, "dine-in", 1, burger, FALSE);   /* past 15 min: late */
  put_order (f, 4, 1, "takeout", 1, fries, TRUE);

  shown = show_view (f, FALSE);
  board = galley_kitchen_view_get_board (shown.view);
  cue_id = g_signal_connect (board, "cue", G_CALLBACK (count_cue_cb), cues);

  /* urgency by colour, icon and word; rush first */
  g_assert_false (gtk_widget_has_css_class (card_of (shown.view, 1), "warning"));
  g_assert_true (gtk_widget_has_css_class (card_of (shown.view, 2), "warning"));
  g_assert_nonnull (find_widget (card_of (shown.view, 2), is_label_with, "Running late"));
  g_assert_true (gtk_widget_has_css_class (card_of (shown.view, 3), "late"));
  g_assert_nonnull (find_widget (card_of (shown.view, 3), is_label_with, "Late"));
  g_assert_cmpuint (galley_board_get_n_late (board), ==, 1);
  g_assert_true (gtk_widget_has_css_class (card_of (shown.view, 4), "rush"));
  g_assert_cmpint (galley_board_get_position (board, galley_order_card_get_ticket (
                     GALLEY_ORDER_CARD (card_of (shown.view, 4)))), ==, 0);

  /* thresholds are settings, taken live: dine-in late after 4 minutes */
  {
    g_autoptr(GVariant) thresholds =
      g_variant_ref_sink (g_variant_new_parsed ("{'dine-in': (@u 2, @u 4)}"));

    g_settings_set_value (f->settings, "thresholds", thresholds);
    galley_test_drain_main_context ();
    galley_kitchen_view_tick (shown.view);
    g_assert_true (gtk_widget_has_css_class (card_of (shown.view, 1), "late"));
    g_assert_cmpuint (galley_board_get_n_late (board), ==, 3);
    g_settings_reset (f->settings, "thresholds");
    galley_test_drain_main_context ();
    galley_kitchen_view_tick (shown.view);
    g_assert_false (gtk_widget_has_css_class (card_of (shown.view, 1), "late"));
  }

  /* the order-type filter: unticking Takeout hides the rush order, and says so */
  {
    GtkWidget *takeout = find_widget (shown.view->filter_box, is_check_labelled, "Takeout");

    g_assert_true (GTK_IS_CHECK_BUTTON (takeout));
    gtk_check_button_set_active (GTK_CHECK_BUTTON (takeout), FALSE);
    galley_test_drain_main_context ();
    g_assert_false (on_board (shown.view, 4));
    g_assert_cmpuint (galley_board_get_n_hidden (board), ==, 1);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shown.view->hidden_label)));
    g_assert_cmpstr (gtk_label_get_text (shown.view->hidden_label), ==, "1 hidden by filter");
    gtk_check_button_set_active (GTK_CHECK_BUTTON (takeout), TRUE);
    galley_test_drain_main_context ();
    g_assert_true (on_board (shown.view, 4));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (shown.view->hidden_label)));
  }

  /* all-day counts: 2 + 2 + 2 burgers, 2 fries of which 2 without salt */
  g_assert_true (press (shown.view, GDK_KEY_a));
  g_assert_true (shown.view->show_all_day);
  {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (shown.view->all_day_list, 0);
    GtkListBoxRow *row2 = gtk_list_box_get_row_at_index (shown.view->all_day_list, 1);
    const char *t1 = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
    const char *t2 = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row2));

    g_assert_true (g_strcmp0 (t1, "6 × Smash Burger") == 0 || g_strcmp0 (t2, "6 × Smash Burger") == 0);
    g_assert_true (g_strcmp0 (t1, "2 × Fries") == 0 || g_strcmp0 (t2, "2 × Fries") == 0);
    g_assert_null (gtk_list_box_get_row_at_index (shown.view->all_day_list, 2));
  }
  press (shown.view, GDK_KEY_a);
  g_assert_false (shown.view->show_all_day);

  /* a new order: cue and sound (muted here: the player counts it as dropped) */
  dropped = galley_cue_player_get_cues_dropped (player);
  put_order (f, 5, 0, "dine-in", 1, burger, FALSE);
  g_assert_cmpuint (cues[GALLEY_BOARD_CUE_NEW], ==, 1);
  g_assert_cmpuint (galley_cue_player_get_cues_dropped (player), ==, dropped + 1);

  /* a change stays on the card until the cook confirms it */
  put_order (f, 1, 5, "dine-in", 2, changed, FALSE);
  g_assert_cmpuint (cues[GALLEY_BOARD_CUE_CHANGED], ==, 1);
  g_assert_true (gtk_widget_has_css_class (card_of (shown.view, 1), "changed"));
  galley_kitchen_view_tick (shown.view);
  g_assert_true (gtk_widget_has_css_class (card_of (shown.view, 1), "changed"));
  {
    guint slot = (guint) galley_board_get_position (board, galley_order_card_get_ticket (
                   GALLEY_ORDER_CARD (card_of (shown.view, 1))));

    press (shown.view, GDK_KEY_1 + slot);
    g_assert_true (press (shown.view, GDK_KEY_c));
    g_assert_false (gtk_widget_has_css_class (card_of (shown.view, 1), "changed"));
  }

  /* a cancelled order: voided sound, marked until dismissed */
  {
    g_autoptr(GalleyOrder) order = NULL;
    g_autofree char *json = NULL;
    g_autofree char *created = galley_time_format_db (f->t0 - 12 * 60 * G_USEC_PER_SEC);
    g_autofree char *now = galley_time_format_db (g_get_real_time ());

    json = g_strdup_printf ("{'id':'00000000-0000-4000-8000-%012u','order_number':'20251105-%04u',"
                            "'type':'online','metadata':{'uiType':'dine-in'},'status':'cancelled',"
                            "'version':9,'created_at':'%s','updated_at':'%s','items':[%s]}",
                            2, 2, created, now, burger);
    order = galley_test_order_new (json);
    galley_order_store_apply (galley_services_get_store (f->services), order);
    galley_test_drain_main_context ();
  }
  g_assert_cmpuint (cues[GALLEY_BOARD_CUE_VOIDED], ==, 1);
  g_assert_true (gtk_widget_has_css_class (card_of (shown.view, 2), "cancelled"));
  click (card_of (shown.view, 2), "Dismiss");
  galley_test_drain_main_context ();
  g_assert_false (on_board (shown.view, 2));

  g_clear_signal_handler (&cue_id, board);

  /* a cook who cannot hear new orders sees why: muted, or no sound service */
  g_assert_true (gtk_widget_get_visible (shown.view->sound_box));
  g_assert_cmpstr (gtk_label_get_text (shown.view->sound_label), ==, "Sound off");
  g_settings_set_boolean (f->settings, "sound-muted", FALSE);
  galley_test_drain_main_context ();
  g_assert_false (gtk_widget_get_visible (shown.view->sound_box));
  galley_services_test_sound (f->services);   /* PIPEWIRE_REMOTE names no daemon (main) */
  g_assert_true (galley_test_spin_until (sound_box_shown, shown.view, 10000));
  g_assert_cmpstr (gtk_label_get_text (shown.view->sound_label), ==, "No sound");
  g_assert_nonnull (gtk_widget_get_tooltip_text (shown.view->sound_box));

  /* the filter's station choice: a look at the grill's tickets, then back to all */
  {
    GtkWidget *grill, *all;

    _galley_kitchen_view_build_stations (shown.view);
    grill = find_widget (shown.view->station_box, is_check_labelled, "Grill");
    all = find_widget (shown.view->station_box, is_check_labelled, "All Stations");
    g_assert_nonnull (grill);
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (all)));
    gtk_check_button_set_active (GTK_CHECK_BUTTON (grill), TRUE);
    galley_test_drain_main_context ();
    g_assert_cmpstr (galley_board_get_station (galley_kitchen_view_get_board (shown.view)), ==,
                     "grill");
    g_assert_cmpstr (gtk_label_get_text (shown.view->station_label), ==, "Grill");
    gtk_check_button_set_active (GTK_CHECK_BUTTON (all), TRUE);
    galley_test_drain_main_context ();
    g_assert_cmpstr (galley_board_get_station (galley_kitchen_view_get_board (shown.view)), ==,
                     "all");
    g_assert_true (on_board (shown.view, 1));
    /* a new board while a card had the focus: the focus stays in the view, no card leaks */
    gtk_widget_grab_focus (card_of (shown.view, 1));
    _galley_kitchen_view_rebuild_board (shown.view);
    galley_test_drain_main_context ();
    g_assert_true (focus_in_view (shown.view));
  }

  close_view (&shown);
}

/* ------------------------------------------------------------------ Diagnostics: sound */

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "numeric");
}

static const char *
sound_state (GtkWidget *view)
{
  GtkWidget *row = find_widget (view, is_row_titled, "Sound service");

  g_assert_nonnull (row);
  galley_diagnostics_view_refresh (GALLEY_DIAGNOSTICS_VIEW (view));

  return gtk_label_get_text (GTK_LABEL (find_widget (row, is_label, NULL)));
}

static gboolean
sound_failed (gpointer data)
{
  return galley_audio_engine_get_state (data) == GALLEY_AUDIO_STATE_FAILED;
}

/* The Diagnostics view says whether the kitchen's sounds can play, and why not. */
static void
test_diagnostics_sound (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = galley_diagnostics_view_new (f->services);
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (is_mapped, view, 5000));

  g_assert_cmpstr (sound_state (view), ==, "Not connected (connects for the first sound)");
  g_settings_set_boolean (f->settings, "sound-muted", TRUE);
  galley_test_drain_main_context ();
  g_assert_cmpstr (sound_state (view), ==, "Muted in Preferences");
  g_settings_set_boolean (f->settings, "sound-muted", FALSE);
  galley_test_drain_main_context ();
  galley_services_test_sound (f->services);
  g_assert_true (galley_test_spin_until (sound_failed, galley_services_get_audio_engine (f->services),
                                         10000));
  g_assert_cmpstr (sound_state (view), ==,
                   galley_audio_engine_get_error_message (galley_services_get_audio_engine (f->services)));
  g_assert_true (g_str_has_prefix (sound_state (view), "No sound"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (galley_test_is_null, &weak, 5000));
}

/* ------------------------------------------------------------------ the help overlay */

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static char *
accelerator_of (GtkWidget  *overlay,
                const char *name)
{
  GtkWidget *shortcut = find_widget (overlay, is_named, name);
  char *accelerator = NULL;

  g_assert_true (GTK_IS_SHORTCUTS_SHORTCUT (shortcut));
  if (gtk_widget_get_visible (shortcut))
    g_object_get (shortcut, "accelerator", &accelerator, NULL);

  return accelerator;
}

/* The shortcuts window lists the bump-bar keys the cook configured. */
static void
test_help_overlay (Fixture       *f,
                   gconstpointer  data)
{
  GtkBuilder *builder =
    gtk_builder_new_from_resource ("/io/github/galleypos/Galley/gtk/help-overlay.ui");
  GtkWidget *overlay = g_object_ref (GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay")));
  g_autoptr(GVariant) defaults = g_settings_get_value (f->settings, "bump-keys");
  g_autoptr(GVariant) few = g_variant_ref_sink (g_variant_new_parsed ("{'bump': 'KP_Enter', "
                                                                      "'recall': 'NoSuchKey'}"));
  g_autofree char *bump = NULL, *recall = NULL, *fire = NULL, *select = NULL;

  g_object_unref (builder);

  g_assert_cmpuint (galley_help_overlay_apply_keys (overlay, defaults), ==,
                    g_variant_n_children (defaults));
  bump = accelerator_of (overlay, "kitchen-bump");
  fire = accelerator_of (overlay, "kitchen-fire");
  select = accelerator_of (overlay, "kitchen-select");
  g_assert_cmpstr (bump, ==, "Return");
  g_assert_cmpstr (fire, ==, "f");
  g_assert_cmpstr (select, ==, "1...9");
  g_clear_pointer (&bump, g_free);

  /* a key the cook changed shows; an action without a usable key is not listed */
  g_assert_cmpuint (galley_help_overlay_apply_keys (overlay, few), ==, 1);
  bump = accelerator_of (overlay, "kitchen-bump");
  recall = accelerator_of (overlay, "kitchen-recall");
  g_assert_cmpstr (bump, ==, "KP_Enter");
  g_assert_null (recall);

  gtk_window_destroy (GTK_WINDOW (overlay));
  g_assert_finalize_object (overlay);
}

/* ------------------------------------------------------------------ open and close */

/* One view opened in the (long-lived) window, drawn with its cards, and closed again. */
static void
cycle_view (Fixture   *f,
            GtkWindow *window,
            gboolean   expo)
{
  GtkWidget *view = galley_kitchen_view_new (f->services, expo);
  g_autoptr(GalleyTestWidgetWatch) watch = NULL;

  g_object_ref (view);
  gtk_window_set_child (window, view);
  g_assert_true (galley_test_spin_until (is_mapped, view, 5000));
  galley_test_drain_main_context ();
  galley_test_assert_tracked (GALLEY_TYPE_KITCHEN_VIEW, 1);
  /* a full board, with cards drawn for its first page */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (galley_kitchen_view_get_board (GALLEY_KITCHEN_VIEW (view)))),
                    >, 0);
  g_assert_cmpint (galley_test_tracked_count (GALLEY_TYPE_ORDER_CARD), >, 0);

  watch = galley_test_widget_watch_new (view);
  gtk_window_set_child (window, NULL);
  g_assert_finalize_object (view);
  g_assert_true (galley_test_widget_watch_wait (watch, 5000));
}

static gboolean
has_orders (gpointer data)
{
  Fixture *f = data;

  return g_list_model_get_n_items (G_LIST_MODEL (galley_services_get_store (f->services))) >= 20;
}

static void
test_cycles (Fixture       *f,
             gconstpointer  data)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  GalleyClock *clock = galley_services_get_clock (f->services);
  GalleyOrderStore *store = galley_services_get_store (f->services);
  guint n = galley_test_iterations (1000);
  GtkWidget *window;
  guint handlers_services, handlers_store, handlers_clock, handlers_settings, handlers_outbox;
  gint64 t0;

  /* silent: with no sound service here the audio engine's retry timer would come and go
   * (the cues themselves are tested in test-audio) */
  g_settings_set_boolean (f->settings, "sound-muted", TRUE);
  /* two cards a page, so the grid's churn is in every cycle: a page that fits the window
   * (four cards here) makes each cycle about five times dearer than one card, and 1,000 of
   * them on a loaded 2-core machine ran for ten minutes; /kitchen/view/cards lays out more */
  g_settings_set_uint (f->settings, "cards-per-page", 2);
  galley_services_start (f->services);
  g_assert_true (galley_test_spin_until (has_orders, f, 20000));

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (is_mapped, window, 5000));
  cycle_view (f, GTK_WINDOW (window), FALSE);   /* warm-up: GTK singletons, icons, fonts, CSS */
  cycle_view (f, GTK_WINDOW (window), TRUE);
  galley_test_baseline_take (&base);
  handlers_services = galley_test_count_signal_handlers (f->services);
  handlers_store = galley_test_count_signal_handlers (store);
  handlers_clock = galley_test_count_signal_handlers (clock);
  handlers_settings = galley_test_count_signal_handlers (f->settings);
  handlers_outbox = galley_test_count_signal_handlers (galley_services_get_outbox (f->services));

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    cycle_view (f, GTK_WINDOW (window), i % 2 == 1);
  g_test_message ("%u kitchen/expo cycles: %.2f s; %u orders on the store, %u generated", n,
                  (g_get_monotonic_time () - t0) / 1e6, g_list_model_get_n_items (G_LIST_MODEL (store)),
                  galley_demo_server_get_orders_generated (f->demo));

  gtk_window_destroy (GTK_WINDOW (window));
  galley_test_assert_tracked (GALLEY_TYPE_KITCHEN_VIEW, 0);
  galley_test_assert_tracked (GALLEY_TYPE_BOARD, 0);
  galley_test_assert_tracked (GALLEY_TYPE_TICKET, 0);
  galley_test_assert_tracked (GALLEY_TYPE_ORDER_CARD, 0);
  galley_test_assert_tracked (GALLEY_TYPE_LINK_BANNER, 0);
  g_assert_cmpuint (galley_test_count_signal_handlers (f->services), ==, handlers_services);
  g_assert_cmpuint (galley_test_count_signal_handlers (store), ==, handlers_store);
  g_assert_cmpuint (galley_test_count_signal_handlers (clock), ==, handlers_clock);
  g_assert_cmpuint (galley_test_count_signal_handlers (f->settings), ==, handlers_settings);
  g_assert_cmpuint (galley_test_count_signal_handlers (galley_services_get_outbox (f->services)),
                    ==, handlers_outbox);
  g_assert_false (galley_clock_get_running (clock));
  galley_test_baseline_assert (&base);
}

/* ------------------------------------------------------------------ the link banner */

typedef struct
{
  GalleyOrderLink *link;
  GalleyLinkState  state;
} WaitState;

static gboolean
link_in_state (gpointer data)
{
  WaitState *wait = data;

  return galley_order_link_get_state (wait->link) == wait->state;
}

static void
wait_link (GalleyOrderLink *link,
           GalleyLinkState  state)
{
  WaitState wait = { link, state };

  g_assert_true (galley_test_spin_until (link_in_state, &wait, 20000));
  galley_test_drain_main_context ();
}

static gboolean
is_shown_child (GtkWidget     *widget,
                gconstpointer  label)
{
  return is_button_labelled (widget, label) && gtk_widget_get_child_visible (widget) &&
         gtk_widget_is_visible (widget);
}

/* Offline with the countdown, the age of the last update and Retry; signed out asks to sign
 * in again and does not retry; live hides the banner. */
static void
test_banner (Fixture       *f,
             gconstpointer  data)
{
  GalleyOrderLink *link = galley_services_get_link (f->services);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *banner = galley_link_banner_new ();
  GalleyLinkBanner *b = GALLEY_LINK_BANNER (banner);
  g_autoptr(GalleyTestWidgetWatch) watch = NULL;
  g_autofree char *status = NULL;

  g_object_ref (banner);
  galley_link_banner_set_link (b, link);
  galley_link_banner_set_outbox (b, galley_services_get_outbox (f->services));
  gtk_window_set_child (GTK_WINDOW (window), banner);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (is_mapped, banner, 5000));
  g_assert_false (galley_link_banner_get_shown (b));

  galley_services_start (f->services);
  wait_link (link, GALLEY_LINK_LIVE);
  g_assert_false (galley_link_banner_get_shown (b));
  status = galley_link_banner_dup_status (b);
  g_assert_true (g_str_has_prefix (status, "Live · "));

  /* the server drops the line: offline, with the countdown and the last update */
  galley_demo_server_drop_connections (f->demo, GALLEY_DEMO_DROP_ABORT, 0, NULL);
  wait_link (link, GALLEY_LINK_WAITING);
  galley_link_banner_refresh (b);
  g_assert_true (galley_link_banner_get_shown (b));
  g_assert_cmpstr (galley_link_banner_get_title (b), ==,
                   "Offline — changes are saved and will be sent");
  g_assert_nonnull (strstr (galley_link_banner_get_detail (b), "Trying again in "));
  g_assert_nonnull (strstr (galley_link_banner_get_detail (b), "Last update "));
  g_assert_nonnull (find_widget (banner, is_shown_child, "Retry Now"));
  g_assert_null (find_widget (banner, is_shown_child, "Sign In"));

  /* Retry Now does not wait for the countdown */
  click (banner, "Retry Now");
  g_assert_cmpint (galley_order_link_get_state (link), !=, GALLEY_LINK_WAITING);
  wait_link (link, GALLEY_LINK_LIVE);
  g_assert_false (galley_link_banner_get_shown (b));

  /* the server refuses the sign-in: ask for it, never loop */
  galley_demo_server_reject_auth (f->demo, GALLEY_DEMO_REJECT_AUTH_FAILED);
  galley_demo_server_drop_connections (f->demo, GALLEY_DEMO_DROP_ABORT, 0, NULL);
  wait_link (link, GALLEY_LINK_AUTH_FAILED);
  g_assert_true (galley_link_banner_get_shown (b));
  g_assert_cmpstr (galley_link_banner_get_title (b), ==, "Signed out — new orders are not arriving");
  g_assert_nonnull (find_widget (banner, is_shown_child, "Sign In"));
  g_assert_null (find_widget (banner, is_shown_child, "Retry Now"));
  galley_test_spin_for (300);
  g_assert_cmpint (galley_order_link_get_state (link), ==, GALLEY_LINK_AUTH_FAILED);
  galley_demo_server_reject_auth (f->demo, GALLEY_DEMO_REJECT_NONE);

  watch = galley_test_widget_watch_new (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (banner);
  g_assert_true (galley_test_widget_watch_wait (watch, 5000));
}

/* ------------------------------------------------------------------ sign-in */

static gboolean
is_signed_in (gpointer data)
{
  return galley_services_get_signed_in_role (data) != NULL;
}

static gboolean
is_idle (gpointer dialog)
{
  return !galley_sign_in_dialog_get_busy (dialog);
}

static void
enter_pin (GalleySignInDialog *dialog,
           const char         *pin)
{
  for (const char *c = pin; *c != '\0'; c++)
    {
      char key[2] = { *c, '\0' };

      click (GTK_WIDGET (dialog), key);
    }
  click (GTK_WIDGET (dialog), "_Sign In");
}

/* The PIN pad against the demo server: a wrong PIN is refused in words, the right one signs
 * in and closes the dialog. */
static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  const char *pin = galley_demo_server_get_pin ("kitchen");
  GalleySignInDialog *dialog;
  gpointer weak;

  g_assert_nonnull (pin);
  g_assert_null (galley_services_get_signed_in_role (f->services));

  dialog = galley_sign_in_dialog_new (NULL, f->services);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (galley_test_spin_until (is_mapped, dialog, 5000));

  enter_pin (dialog, "8080");
  g_assert_true (galley_sign_in_dialog_get_busy (dialog));
  g_assert_true (galley_test_spin_until (is_idle, dialog, 10000));
  g_assert_nonnull (weak);
  g_assert_nonnull (galley_sign_in_dialog_get_error (dialog));
  g_assert_null (galley_services_get_signed_in_role (f->services));

  enter_pin (dialog, pin);
  g_assert_true (galley_test_spin_until (galley_test_is_null, &weak, 10000));
  g_assert_true (is_signed_in (f->services));
  g_assert_cmpstr (galley_services_get_signed_in_role (f->services), ==, "kitchen");

  /* closed while a sign-in is in flight: the request is cancelled, nothing runs late */
  dialog = galley_sign_in_dialog_new (NULL, f->services);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (galley_test_spin_until (is_mapped, dialog, 5000));
  galley_demo_server_set_delay (f->demo, 0, 2000, 0, NULL);
  enter_pin (dialog, pin);
  g_assert_true (galley_sign_in_dialog_get_busy (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (galley_test_spin_until (galley_test_is_null, &weak, 5000));
  galley_demo_server_set_delay (f->demo, 0, 0, 0, NULL);
  galley_test_drain_main_context ();
}

/* Email and password (managers): a wrong password is refused in words and the password field
 * is emptied; the right one signs in as that role; signing out forgets the session. */
static GtkEditable *
find_entry (GtkWidget  *root,
            const char *placeholder)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkEditable *found;

      if (GTK_IS_ENTRY (child) || GTK_IS_PASSWORD_ENTRY (child))
        {
          g_autofree char *text = NULL;

          g_object_get (child, "placeholder-text", &text, NULL);
          if (g_strcmp0 (text, placeholder) == 0)
            return GTK_EDITABLE (child);
        }
      found = find_entry (child, placeholder);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_sign_in_email (Fixture       *f,
                    gconstpointer  data)
{
  GalleySignInDialog *dialog;
  GtkEditable *email, *password;
  gpointer weak;

  dialog = galley_sign_in_dialog_new (NULL, f->services);
  weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &weak);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (galley_test_spin_until (is_mapped, dialog, 5000));
  galley_sign_in_dialog_show_method (dialog, "email");

  email = find_entry (GTK_WIDGET (dialog), "Email address");
  password = find_entry (GTK_WIDGET (dialog), "Password");
  g_assert_nonnull (email);
  g_assert_nonnull (password);

  /* nothing to send yet: no address */
  gtk_editable_set_text (password, "secret");
  click (GTK_WIDGET (dialog), "_Sign In");
  g_assert_false (galley_sign_in_dialog_get_busy (dialog));

  gtk_editable_set_text (email, "manager@demo.galley.test");
  gtk_editable_set_text (password, "wrong-password");
  click (GTK_WIDGET (dialog), "_Sign In");
  g_assert_true (galley_sign_in_dialog_get_busy (dialog));
  g_assert_true (galley_test_spin_until (is_idle, dialog, 10000));
  g_assert_nonnull (galley_sign_in_dialog_get_error (dialog));
  g_assert_cmpstr (gtk_editable_get_text (password), ==, "");
  g_assert_null (galley_services_get_signed_in_role (f->services));

  gtk_editable_set_text (password, "galley-demo");
  click (GTK_WIDGET (dialog), "_Sign In");
  g_assert_true (galley_test_spin_until (galley_test_is_null, &weak, 10000));
  g_assert_cmpstr (galley_services_get_signed_in_role (f->services), ==, "manager");
  g_assert_nonnull (galley_services_get_user_name (f->services));

  galley_services_sign_out (f->services);
  g_assert_null (galley_services_get_signed_in_role (f->services));
  g_assert_null (galley_services_get_user_name (f->services));
  g_assert_false (galley_rest_client_has_token (galley_services_get_rest (f->services)));
  galley_test_drain_main_context ();
}

/* The Station page: a manager sets this screen up as a station. Nobody signed in, or a cook,
 * is refused in words and nothing changes; a manager's request sets the station (kitchen) or
 * the Expo view (expo), signs the manager out, goes back to the PIN page and says so; the
 * station token is kept nowhere. The dialog finalises. */
static GalleySignInDialog *
open_dialog (Fixture  *f,
             gpointer *weak)
{
  GalleySignInDialog *dialog = galley_sign_in_dialog_new (NULL, f->services);

  *weak = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), weak);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (galley_test_spin_until (is_mapped, dialog, 5000));

  return dialog;
}

static void
sign_in_as (Fixture    *f,
            const char *role)
{
  gpointer weak;
  GalleySignInDialog *dialog = open_dialog (f, &weak);

  enter_pin (dialog, galley_demo_server_get_pin (role));
  g_assert_true (galley_test_spin_until (galley_test_is_null, &weak, 10000));
  g_assert_cmpstr (galley_services_get_signed_in_role (f->services), ==, role);
}

static gboolean
is_drop_down (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_DROP_DOWN (widget);
}

static gboolean
label_contains (GtkWidget     *widget,
                gconstpointer  needle)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL;
}

static void
set_up_station (GalleySignInDialog *dialog,
                guint               type,
                const char         *name)
{
  GtkDropDown *types = GTK_DROP_DOWN (find_widget (GTK_WIDGET (dialog),
                                                   is_drop_down, NULL));

  galley_sign_in_dialog_show_method (dialog, "station");
  gtk_drop_down_set_selected (types, type);
  gtk_editable_set_text (find_entry (GTK_WIDGET (dialog), "Station name, such as Grill"), name);
  click (GTK_WIDGET (dialog), "Set _Up This Screen");
}

static void
assert_settings_clean (Fixture *f)
{
  g_autofree char *station = g_settings_get_string (f->settings, "station");

  g_assert_cmpstr (station, ==, "all");
  g_assert_false (g_settings_get_user_value (f->settings, "stations") != NULL);
}

static char *
label_text_of_notice (GalleySignInDialog *dialog,
                      const char         *needle)
{
  GtkWidget *label = find_widget (GTK_WIDGET (dialog), label_contains, needle);

  return label != NULL && gtk_widget_get_visible (label)
         ? g_strdup (gtk_label_get_text (GTK_LABEL (label))) : NULL;
}

static void
test_sign_in_station (Fixture       *f,
                      gconstpointer  data)
{
  GalleySignInDialog *dialog;
  gpointer weak;

  g_settings_reset (f->settings, "station");
  g_settings_reset (f->settings, "stations");
  g_settings_reset (f->settings, "last-view");

  /* nobody signed in: said at once, no request */
  dialog = open_dialog (f, &weak);
  set_up_station (dialog, 0, "Grill 2");
  g_assert_false (galley_sign_in_dialog_get_busy (dialog));
  g_assert_nonnull (strstr (galley_sign_in_dialog_get_error (dialog), "manager"));
  assert_settings_clean (f);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (galley_test_spin_until (galley_test_is_null, &weak, 5000));

  /* a cook: the server refuses, the manager is told who may */
  sign_in_as (f, "kitchen");
  dialog = open_dialog (f, &weak);
  set_up_station (dialog, 0, "Grill 2");
  g_assert_true (galley_sign_in_dialog_get_busy (dialog));
  g_assert_true (galley_test_spin_until (is_idle, dialog, 10000));
  g_assert_cmpstr (galley_sign_in_dialog_get_error (dialog), ==,
                   "Only a manager can set up a station. Sign in as a manager with PIN or "
                   "Email, then try again.");
  assert_settings_clean (f);
  g_assert_cmpstr (galley_services_get_signed_in_role (f->services), ==, "kitchen");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (galley_test_spin_until (galley_test_is_null, &weak, 5000));

  /* a manager: the kitchen station is set, the manager signed out, back on the PIN page */
  sign_in_as (f, "manager");
  dialog = open_dialog (f, &weak);
  set_up_station (dialog, 0, "Grill 2");
  g_assert_true (galley_test_spin_until (is_idle, dialog, 10000));
  g_assert_null (galley_sign_in_dialog_get_error (dialog));
  {
    g_autofree char *station = g_settings_get_string (f->settings, "station");
    g_autofree char *view = g_settings_get_string (f->settings, "last-view");
    g_auto(GStrv) stations = g_settings_get_strv (f->settings, "stations");
    g_autofree char *notice = label_text_of_notice (dialog, "Cooks sign in here");

    g_assert_cmpstr (station, ==, "grill-2");
    g_assert_cmpstr (view, ==, "kitchen");
    g_assert_true (g_strv_contains ((const char * const *) stations, "grill-2"));
    g_assert_nonnull (notice);
    g_assert_nonnull (strstr (notice, "Grill 2"));
  }
  g_assert_null (galley_services_get_signed_in_role (f->services));
  g_assert_false (galley_rest_client_has_token (galley_services_get_rest (f->services)));
  g_assert_true (is_button_labelled (find_widget (GTK_WIDGET (dialog), is_button_labelled,
                                                  "_Sign In"), "_Sign In"));
  /* the station token went nowhere: not into any setting */
  {
    g_autoptr(GSettingsSchema) schema = NULL;
    g_auto(GStrv) keys = NULL;

    g_object_get (f->settings, "settings-schema", &schema, NULL);
    keys = g_settings_schema_list_keys (schema);
    for (guint i = 0; keys[i] != NULL; i++)
      {
        g_autoptr(GVariant) v = g_settings_get_value (f->settings, keys[i]);
        g_autofree char *text = g_variant_print (v, FALSE);

        g_assert_null (strstr (text, "eyJ"));   /* a JWT's first bytes */
      }
  }
  /* a cook signs in on the same dialog with their PIN */
  enter_pin (dialog, galley_demo_server_get_pin ("kitchen"));
  g_assert_true (galley_test_spin_until (galley_test_is_null, &weak, 10000));
  g_assert_cmpstr (galley_services_get_signed_in_role (f->services), ==, "kitchen");

  /* an expo screen opens on Expo and shows every station */
  sign_in_as (f, "manager");
  dialog = open_dialog (f, &weak);
  set_up_station (dialog, 1, "Pass");
  g_assert_true (galley_test_spin_until (is_idle, dialog, 10000));
  g_assert_null (galley_sign_in_dialog_get_error (dialog));
  {
    g_autofree char *station = g_settings_get_string (f->settings, "station");
    g_autofree char *view = g_settings_get_string (f->settings, "last-view");

    g_assert_cmpstr (station, ==, "all");
    g_assert_cmpstr (view, ==, "expo");
  }

  /* the server fails: said in words, nothing changes */
  g_settings_reset (f->settings, "last-view");
  sign_in_as (f, "manager");
  galley_demo_server_fail_rest (f->demo, "/auth/station-login", 503, 1);
  g_test_expect_message ("galley-rest-client", G_LOG_LEVEL_WARNING, "*station-login*503*");
  set_up_station (dialog, 0, "Fry");
  g_assert_true (galley_test_spin_until (is_idle, dialog, 10000));
  g_test_assert_expected_messages ();
  galley_demo_server_clear_faults (f->demo);
  g_assert_true (g_str_has_prefix (galley_sign_in_dialog_get_error (dialog),
                                   "The server did not set up the station: "));
  g_assert_cmpstr (galley_services_get_signed_in_role (f->services), ==, "manager");
  {
    g_autofree char *station = g_settings_get_string (f->settings, "station");

    g_assert_cmpstr (station, ==, "all");
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (galley_test_spin_until (galley_test_is_null, &weak, 5000));

  g_settings_reset (f->settings, "station");
  g_settings_reset (f->settings, "stations");
  g_settings_reset (f->settings, "last-view");
  galley_test_drain_main_context ();
}

/* The embedded demo server answers the first sign-ins with 503: Galley tries again and gets
 * in, instead of leaving the cook at a PIN prompt; when it never answers, the tries end
 * and nothing is left waiting. */
static guint
pin_logins (Fixture *f)
{
  g_autoptr(JsonArray) log = galley_demo_server_dup_log (f->demo);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (log); i++)
    n += g_str_has_suffix (json_object_get_string_member_with_default (
                             json_array_get_object_element (log, i), "path", ""),
                           "/auth/pin-login");

  return n;
}

static gboolean
four_pin_logins (gpointer data)
{
  return pin_logins (data) >= 4;
}

static void
test_demo_sign_in_retry (Fixture       *f,
                         gconstpointer  data)
{
  /* the failures are logged as warnings, which are the point here, not fatal */
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  galley_demo_server_fail_rest (f->demo, "/auth/pin-login", 503, 2);
  galley_services_start (f->services);
  g_assert_true (galley_test_spin_until (is_signed_in, f->services, 10000));
  g_assert_cmpstr (galley_services_get_signed_in_role (f->services), ==, "manager");
  g_assert_cmpuint (pin_logins (f), ==, 3);
  g_assert_cmpuint (galley_test_count_sources ("galley-services-demo-sign-in"), ==, 0);
  g_log_set_always_fatal (fatal);
}

static void
test_demo_sign_in_gives_up (Fixture       *f,
                            gconstpointer  data)
{
  /* the failures are logged as warnings, which are the point here, not fatal */
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  galley_demo_server_fail_rest (f->demo, "/auth/pin-login", 503, 100);
  galley_services_start (f->services);
  g_assert_true (galley_test_spin_until (four_pin_logins, f, 15000));
  galley_test_spin_for (2500);
  g_assert_cmpuint (pin_logins (f), ==, 4);
  g_assert_null (galley_services_get_signed_in_role (f->services));
  g_assert_cmpuint (galley_test_count_sources ("galley-services-demo-sign-in"), ==, 0);
  galley_demo_server_clear_faults (f->demo);
  g_log_set_always_fatal (fatal);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* no sound service, whatever runs on this machine: the kitchen says so */
  g_setenv ("PIPEWIRE_REMOTE", "galley-test-no-such-sound-service", TRUE);
  galley_test_quiet_debug ();
  adw_init ();
  galley_test_track_all ();

#define ADD(path, demo, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (demo), fixture_setup, func, fixture_teardown)

  g_test_add_func ("/kitchen/card", test_card);
  g_test_add_func ("/kitchen/card/lines-kept", test_card_lines_kept);
  ADD ("/kitchen/view/keyboard", FALSE, test_keyboard);
  ADD ("/kitchen/view/cards", FALSE, test_cards);
  ADD ("/kitchen/view/help-overlay", FALSE, test_help_overlay);
  ADD ("/kitchen/diagnostics-sound", FALSE, test_diagnostics_sound);
  ADD ("/kitchen/view/sign-in", TRUE, test_sign_in);
  ADD ("/kitchen/view/sign-in-email", TRUE, test_sign_in_email);
  ADD ("/kitchen/view/sign-in-station", TRUE, test_sign_in_station);
  ADD ("/kitchen/services/demo-sign-in-retry", TRUE, test_demo_sign_in_retry);
  ADD ("/kitchen/services/demo-sign-in-gives-up", TRUE, test_demo_sign_in_gives_up);
  ADD ("/kitchen/banner", TRUE, test_banner);
  ADD ("/kitchen/view/cycles", TRUE, test_cycles);

  return g_test_run ();
}
