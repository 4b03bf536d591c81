/* test-ticket.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyTicket and GalleyTicketLine: station filtering, change diffs against what the cook
 * last saw, allergy and its acknowledgement, thresholds, titles and screen-reader labels.
 */
#include "config.h"

#include "galley-testutil.h"
#include "galley-test-orders.h"
#include "kitchen/galley-ticket.h"

#define MIN_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

/* line-1, line-2 and line-3 go to grill, fry, cold; anything else nowhere */
static const char *
route_by_id (GalleyOrderItem *item,
             gpointer         user_data)
{
  const char *id = galley_order_item_get_id (item);

  if (g_str_equal (id, "line-1") || g_str_equal (id, "line-4"))
    return "grill";
  if (g_str_equal (id, "line-2"))
    return "fry";
  if (g_str_equal (id, "line-3"))
    return "cold";

  return NULL;
}

static GalleyOrder *
order_with_items (int         version,
                  const char *items,
                  const char *extra)
{
  g_autofree char *json = g_strdup_printf ("{'version':%d,'updated_at':'2025-11-05T18:0%d:00Z',"
                                           "'items':[%s]%s%s}", version, version, items,
                                           extra != NULL ? "," : "", extra != NULL ? extra : "");

  return galley_test_order_new (json);
}

static GalleyTicketLine *
line_at (GalleyTicket *ticket,
         guint         i)
{
  g_autoptr(GalleyTicketLine) line = g_list_model_get_item (galley_ticket_get_lines (ticket), i);

  return line;   /* the ticket keeps it */
}

static void
test_lines_and_station_filter (void)
{
  g_autofree char *l1 = galley_test_item_json ("line-1", "Smash Burger", 2, NULL);
  g_autofree char *l2 = galley_test_item_json ("line-2", "Fries", 1, NULL);
  g_autofree char *l3 = galley_test_item_json ("line-3", "Salad", 1, NULL);
  g_autofree char *items = g_strjoin (",", l1, l2, l3, NULL);
  g_autoptr(GalleyOrder) order = order_with_items (1, items, NULL);
  GalleyTicket *all = galley_ticket_new (order, NULL);
  GalleyTicket *grill = galley_ticket_new (order, "grill");
  g_autofree char *quantity = NULL;

  g_assert_cmpint (galley_ticket_refresh (all, route_by_id, NULL), ==, GALLEY_TICKET_REFRESH_LINES);
  g_assert_cmpint (galley_ticket_refresh (grill, route_by_id, NULL), ==, GALLEY_TICKET_REFRESH_LINES);
  g_assert_cmpstr (galley_ticket_get_station (all), ==, GALLEY_TICKET_STATION_ALL);

  g_assert_cmpuint (g_list_model_get_n_items (galley_ticket_get_lines (all)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (galley_ticket_get_lines (grill)), ==, 1);
  g_assert_cmpstr (galley_ticket_line_get_station (line_at (all, 1)), ==, "fry");
  g_assert_cmpstr (galley_ticket_line_get_item_id (line_at (grill, 0)), ==, "line-1");
  quantity = galley_ticket_line_dup_quantity_text (line_at (grill, 0));
  g_assert_cmpstr (quantity, ==, "2 ×");

  /* a second refresh with nothing new changes nothing */
  g_assert_cmpint (galley_ticket_refresh (all, route_by_id, NULL), ==, GALLEY_TICKET_REFRESH_NONE);
  g_assert_false (galley_ticket_get_has_changes (all));

  /* line done */
  g_assert_cmpuint (galley_ticket_get_n_lines_open (all), ==, 3);
  g_assert_true (galley_ticket_set_line_done (all, "line-2", TRUE));
  g_assert_false (galley_ticket_set_line_done (all, "line-2", TRUE));
  g_assert_false (galley_ticket_set_line_done (all, "no-such-line", TRUE));
  g_assert_cmpuint (galley_ticket_get_n_lines_open (all), ==, 2);
  /* done survives a refresh */
  galley_ticket_refresh (all, route_by_id, NULL);
  g_assert_true (galley_ticket_line_get_done (galley_ticket_find_line (all, "line-2")));

  g_assert_finalize_object (all);
  g_assert_finalize_object (grill);
}

static void
test_change_diffs (void)
{
  g_autofree char *l1 = galley_test_item_json ("line-1", "Smash Burger", 2, NULL);
  g_autofree char *l2 = galley_test_item_json ("line-2", "Fries", 1, NULL);
  g_autofree char *l1_one = galley_test_item_json ("line-1", "Smash Burger", 1, NULL);
  g_autofree char *l3 = galley_test_item_json ("line-3", "Salad", 1, NULL);
  g_autofree char *l2_mod = galley_test_item_json ("line-2", "Fries", 1, "'modifications':['no salt']");
  g_autofree char *v1 = g_strjoin (",", l1, l2, NULL);
  g_autofree char *v2 = g_strjoin (",", l1_one, l3, NULL);   /* 2 → 1, fries voided, salad added */
  g_autofree char *v3 = g_strjoin (",", l1_one, l2_mod, l3, NULL);
  g_autoptr(GalleyOrder) order = order_with_items (1, v1, NULL);
  g_autoptr(GalleyOrder) second = order_with_items (2, v2, NULL);
  g_autoptr(GalleyOrder) third = order_with_items (3, v3, NULL);
  GalleyTicket *ticket = galley_ticket_new (order, GALLEY_TICKET_STATION_ALL);
  GalleyTicketRefresh flags;
  g_autofree char *quantity = NULL;
  g_autofree char *spoken = NULL;

  galley_ticket_refresh (ticket, route_by_id, NULL);
  galley_ticket_set_line_done (ticket, "line-1", TRUE);

  g_assert_true (galley_order_update_from (order, second));
  flags = galley_ticket_refresh (ticket, route_by_id, NULL);
  g_assert_true (flags & GALLEY_TICKET_REFRESH_LINES);
  g_assert_true (flags & GALLEY_TICKET_REFRESH_ADDED);
  g_assert_true (flags & GALLEY_TICKET_REFRESH_VOIDED);
  g_assert_true (flags & GALLEY_TICKET_REFRESH_MODIFIED);
  g_assert_true (galley_ticket_get_has_changes (ticket));

  g_assert_cmpuint (g_list_model_get_n_items (galley_ticket_get_lines (ticket)), ==, 3);
  g_assert_cmpint (galley_ticket_line_get_change (line_at (ticket, 0)), ==, GALLEY_LINE_CHANGE_QUANTITY);
  g_assert_cmpint (galley_ticket_line_get_old_quantity (line_at (ticket, 0)), ==, 2);
  g_assert_true (galley_ticket_line_get_done (line_at (ticket, 0)));
  quantity = galley_ticket_line_dup_quantity_text (line_at (ticket, 0));
  g_assert_cmpstr (quantity, ==, "2 → 1 ×");
  g_assert_cmpint (galley_ticket_line_get_change (line_at (ticket, 1)), ==, GALLEY_LINE_CHANGE_ADDED);
  g_assert_cmpstr (galley_ticket_line_get_item_id (line_at (ticket, 2)), ==, "line-2");
  g_assert_cmpint (galley_ticket_line_get_change (line_at (ticket, 2)), ==, GALLEY_LINE_CHANGE_VOIDED);
  spoken = galley_ticket_line_dup_accessible_text (line_at (ticket, 2));
  g_assert_cmpstr (spoken, ==, "1 Fries, voided");
  g_assert_cmpuint (galley_ticket_get_n_lines_live (ticket), ==, 2);

  /* the same update again: nothing new to announce */
  g_assert_cmpint (galley_ticket_refresh (ticket, route_by_id, NULL), ==, GALLEY_TICKET_REFRESH_NONE);

  /* fries come back with a modifier: compared with what the cook saw, it is modified */
  g_assert_true (galley_order_update_from (order, third));
  flags = galley_ticket_refresh (ticket, route_by_id, NULL);
  g_assert_true (flags & GALLEY_TICKET_REFRESH_MODIFIED);
  g_assert_false (flags & GALLEY_TICKET_REFRESH_VOIDED);
  g_assert_cmpint (galley_ticket_line_get_change (galley_ticket_find_line (ticket, "line-2")), ==,
                   GALLEY_LINE_CHANGE_MODIFIED);

  /* the cook touches the card: marks go, the current lines become the baseline */
  galley_ticket_clear_changes (ticket);
  g_assert_false (galley_ticket_get_has_changes (ticket));
  g_assert_cmpuint (g_list_model_get_n_items (galley_ticket_get_lines (ticket)), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (galley_ticket_line_get_change (line_at (ticket, i)), ==, GALLEY_LINE_CHANGE_NONE);
  g_assert_cmpint (galley_ticket_refresh (ticket, route_by_id, NULL), ==, GALLEY_TICKET_REFRESH_NONE);

  g_assert_finalize_object (ticket);
}

static void
test_station_sees_only_its_changes (void)
{
  g_autofree char *l1 = galley_test_item_json ("line-1", "Smash Burger", 1, NULL);
  g_autofree char *l2 = galley_test_item_json ("line-2", "Fries", 1, NULL);
  g_autofree char *l2b = galley_test_item_json ("line-2", "Fries", 3, NULL);
  g_autofree char *v1 = g_strjoin (",", l1, l2, NULL);
  g_autofree char *v2 = g_strjoin (",", l1, l2b, NULL);
  g_autoptr(GalleyOrder) order = order_with_items (1, v1, NULL);
  g_autoptr(GalleyOrder) second = order_with_items (2, v2, NULL);
  GalleyTicket *grill = galley_ticket_new (order, "grill");

  galley_ticket_refresh (grill, route_by_id, NULL);
  g_assert_true (galley_order_update_from (order, second));
  g_assert_cmpint (galley_ticket_refresh (grill, route_by_id, NULL), ==, GALLEY_TICKET_REFRESH_NONE);
  g_assert_false (galley_ticket_get_has_changes (grill));

  g_assert_finalize_object (grill);
}

/* The same allergy in a modifier and in the notes of one dish is said once. */
static void
test_allergy_said_once (void)
{
  g_autofree char *l1 = galley_test_item_json ("line-1", "Ice Cream Sundae", 1,
                                               "'modifications':['Nut allergy'],"
                                               "'special_instructions':'nut allergy'");
  g_autofree char *l2 = galley_test_item_json ("line-2", "Brownie", 1,
                                               "'modifications':['nut allergy']");
  g_autofree char *items = g_strjoin (",", l1, l2, NULL);
  g_autoptr(GalleyOrder) order = order_with_items (1, items, NULL);
  GalleyTicket *ticket = galley_ticket_new (order, NULL);
  g_autofree char *allergens = NULL;

  galley_ticket_refresh (ticket, route_by_id, NULL);
  allergens = galley_ticket_dup_allergens (ticket);
  g_assert_cmpstr (allergens, ==, "Nut allergy (Ice Cream Sundae); nut allergy (Brownie)");
  g_assert_finalize_object (ticket);
}

static void
test_allergy_and_acknowledgement (void)
{
  g_autofree char *l1 = galley_test_item_json ("line-1", "Soul Bowl", 1,
                                               "'modifications':['nut allergy','no onions']");
  g_autofree char *l2 = galley_test_item_json ("line-2", "Fries", 1, NULL);
  g_autofree char *l2_allergy = galley_test_item_json ("line-2", "Fries", 1,
                                                       "'special_instructions':'gluten free please'");
  g_autofree char *v2 = g_strjoin (",", l1, l2_allergy, NULL);
  g_autoptr(GalleyOrder) order = order_with_items (1, l1, NULL);
  g_autoptr(GalleyOrder) second = order_with_items (2, v2, NULL);
  g_autoptr(GalleyOrder) plain = order_with_items (1, l2, NULL);
  GalleyTicket *ticket = galley_ticket_new (order, NULL);
  GalleyTicket *plain_ticket = galley_ticket_new (plain, NULL);
  g_autofree char *allergens = NULL;
  g_autofree char *label = NULL;
  GalleyTicketRefresh flags;

  galley_ticket_refresh (ticket, route_by_id, NULL);
  galley_ticket_refresh (plain_ticket, route_by_id, NULL);
  g_assert_false (galley_ticket_get_allergy (plain_ticket));
  g_assert_false (galley_ticket_get_needs_ack (plain_ticket));

  g_assert_true (galley_ticket_get_allergy (ticket));
  g_assert_true (galley_ticket_get_needs_ack (ticket));
  g_assert_true (galley_ticket_line_get_allergy (line_at (ticket, 0)));
  allergens = galley_ticket_dup_allergens (ticket);
  g_assert_cmpstr (allergens, ==, "nut allergy (Soul Bowl)");
  label = galley_ticket_dup_accessible_label (ticket);
  g_assert_nonnull (strstr (label, "allergy not acknowledged"));

  galley_ticket_set_acknowledged (ticket, "Sam (kitchen)", GALLEY_TEST_T0 + MIN_US);
  g_assert_false (galley_ticket_get_needs_ack (ticket));
  g_assert_cmpstr (galley_ticket_get_acknowledged_by (ticket), ==, "Sam (kitchen)");
  g_assert_cmpint (galley_ticket_get_acknowledged_at (ticket), ==, GALLEY_TEST_T0 + MIN_US);

  /* a new allergy on the order needs a new acknowledgement */
  g_assert_true (galley_order_update_from (order, second));
  flags = galley_ticket_refresh (ticket, route_by_id, NULL);
  g_assert_true (flags & GALLEY_TICKET_REFRESH_ALLERGY);
  g_assert_true (flags & GALLEY_TICKET_REFRESH_ADDED);
  g_assert_true (galley_ticket_get_needs_ack (ticket));
  g_assert_null (galley_ticket_get_acknowledged_by (ticket));

  g_assert_finalize_object (ticket);
  g_assert_finalize_object (plain_ticket);
}

static void
test_rush_and_cancel (void)
{
  g_autofree char *l1 = galley_test_item_json ("line-1", "Smash Burger", 1, NULL);
  g_autoptr(GalleyOrder) order = order_with_items (1, l1, NULL);
  g_autoptr(GalleyOrder) rushed = order_with_items (2, l1, "'metadata':{'rush':true},'notes':'RUSH'");
  g_autoptr(GalleyOrder) cancelled = order_with_items (3, l1, "'metadata':{'rush':true},'notes':'RUSH',"
                                                        "'status':'cancelled'");
  GalleyTicket *ticket = galley_ticket_new (order, NULL);
  g_autofree char *label = NULL;

  galley_ticket_refresh (ticket, route_by_id, NULL);
  g_assert_false (galley_ticket_get_rush (ticket));

  g_assert_true (galley_order_update_from (order, rushed));
  g_assert_true (galley_ticket_refresh (ticket, route_by_id, NULL) & GALLEY_TICKET_REFRESH_RUSH);
  g_assert_true (galley_ticket_get_rush (ticket));

  g_assert_true (galley_order_update_from (order, cancelled));
  g_assert_true (galley_ticket_refresh (ticket, route_by_id, NULL) & GALLEY_TICKET_REFRESH_CANCELLED);
  g_assert_true (galley_ticket_get_cancelled (ticket));
  label = galley_ticket_dup_accessible_label (ticket);
  g_assert_nonnull (strstr (label, "cancelled"));
  g_assert_nonnull (strstr (label, "rush"));

  g_assert_finalize_object (ticket);
}

static void
test_thresholds (void)
{
  g_autofree char *l1 = galley_test_item_json ("line-1", "Smash Burger", 1, NULL);
  g_autoptr(GalleyOrder) order = order_with_items (1, l1, "'table_number':'7','seat_number':2");
  GalleyTicket *ticket = galley_ticket_new (order, NULL);
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;
  guint notifies = 0;

  galley_ticket_refresh (ticket, route_by_id, NULL);
  g_signal_connect_swapped (ticket, "notify::urgency", G_CALLBACK (galley_test_count_cb), &notifies);
  g_assert_cmpint (galley_ticket_get_started_at (ticket), ==, GALLEY_TEST_T0);

  g_assert_false (galley_ticket_tick (ticket, GALLEY_TEST_T0 - MIN_US, 600, 900));   /* clock behind */
  g_assert_cmpint (galley_ticket_get_elapsed (ticket), ==, 0);
  g_assert_true (galley_ticket_tick (ticket, GALLEY_TEST_T0 + 9 * MIN_US + 59 * G_USEC_PER_SEC, 600, 900));
  g_assert_cmpint (galley_ticket_get_urgency (ticket), ==, GALLEY_TICKET_NORMAL);
  text = galley_ticket_dup_elapsed_text (ticket);
  g_assert_cmpstr (text, ==, "9:59");
  g_assert_true (galley_ticket_tick (ticket, GALLEY_TEST_T0 + 10 * MIN_US, 600, 900));
  g_assert_cmpint (galley_ticket_get_urgency (ticket), ==, GALLEY_TICKET_WARNING);
  g_assert_false (galley_ticket_tick (ticket, GALLEY_TEST_T0 + 10 * MIN_US + 1, 600, 900));
  g_assert_true (galley_ticket_tick (ticket, GALLEY_TEST_T0 + 15 * MIN_US, 600, 900));
  g_assert_cmpint (galley_ticket_get_urgency (ticket), ==, GALLEY_TICKET_LATE);
  g_assert_cmpuint (notifies, ==, 2);

  label = galley_ticket_dup_accessible_label (ticket);
  g_assert_cmpstr (label, ==, "Order 0001, Table 7 · Seat 2, 15 minutes, late, 1 item");

  g_clear_pointer (&text, g_free);
  g_assert_true (galley_ticket_tick (ticket, GALLEY_TEST_T0 + 75 * MIN_US + 2 * G_USEC_PER_SEC, 600, 900));
  text = galley_ticket_dup_elapsed_text (ticket);
  g_assert_cmpstr (text, ==, "75:02");

  /* a recalled ticket keeps its time; a fired one restarts it */
  galley_ticket_set_recalled (ticket, TRUE);
  g_assert_cmpint (galley_ticket_get_started_at (ticket), ==, GALLEY_TEST_T0);
  galley_ticket_set_started_at (ticket, GALLEY_TEST_T0 + 70 * MIN_US);
  galley_ticket_tick (ticket, GALLEY_TEST_T0 + 75 * MIN_US, 600, 900);
  g_assert_cmpint (galley_ticket_get_urgency (ticket), ==, GALLEY_TICKET_NORMAL);

  g_assert_finalize_object (ticket);
}

static void
test_titles (void)
{
  struct {
    const char *extra;
    const char *title;
  } cases[] = {
    { "'table_number':'7','seat_number':2", "Table 7 · Seat 2" },
    { "'table_number':'12'", "Table 12" },
    { "'customer_name':'Ada Lovelace'", "Ada Lovelace" },
    { "'customer_name':''", "Order #0042" },
    { NULL, "Order #0042" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{'order_number':'20251105-0042'%s%s}",
                                               cases[i].extra ? "," : "",
                                               cases[i].extra ? cases[i].extra : "");
      g_autoptr(GalleyOrder) order = galley_test_order_new (json);
      GalleyTicket *ticket = galley_ticket_new (order, NULL);
      g_autofree char *title = galley_ticket_dup_title (ticket);
      g_autofree char *number = galley_ticket_dup_number (ticket);

      g_assert_cmpstr (title, ==, cases[i].title);
      g_assert_cmpstr (number, ==, "0042");
      g_assert_finalize_object (ticket);
    }
}

static void
test_progress_and_also_at (void)
{
  g_autoptr(GalleyOrder) order = galley_test_order_new ("{}");
  GalleyTicket *ticket = galley_ticket_new (order, GALLEY_TICKET_STATION_EXPO);
  const char *stations[] = { "grill", "fry", NULL };
  const char *also[] = { "fry", NULL };
  guint notifies = 0;

  g_signal_connect_swapped (ticket, "notify::progress", G_CALLBACK (galley_test_count_cb), &notifies);
  galley_ticket_set_progress (ticket, stations, 0x1, 1);
  galley_ticket_set_progress (ticket, stations, 0x1, 1);
  g_assert_cmpuint (notifies, ==, 1);
  g_assert_cmpstrv (galley_ticket_get_progress_stations (ticket), stations);
  g_assert_cmpuint (galley_ticket_get_progress_done (ticket), ==, 0x1);
  g_assert_cmpint (galley_ticket_get_progress_slowest (ticket), ==, 1);

  galley_ticket_set_also_at (ticket, also);
  g_assert_cmpstrv (galley_ticket_get_also_at (ticket), also);
  galley_ticket_set_also_at (ticket, NULL);
  g_assert_null (galley_ticket_get_also_at (ticket));

  galley_ticket_set_scheduled (ticket, TRUE);
  g_assert_true (galley_ticket_get_scheduled (ticket));

  g_assert_finalize_object (ticket);
}

static void
test_many_tickets_lifecycle (void)
{
  g_autofree char *l1 = galley_test_item_json ("line-1", "Smash Burger", 1, NULL);
  g_autoptr(GalleyOrder) order = order_with_items (1, l1, NULL);

  for (guint i = 0; i < galley_test_iterations (1000); i++)
    {
      GalleyTicket *ticket = galley_ticket_new (order, "grill");

      galley_ticket_refresh (ticket, route_by_id, NULL);
      galley_ticket_tick (ticket, GALLEY_TEST_T0 + i * G_USEC_PER_SEC, 600, 900);
      g_object_unref (ticket);
    }

  galley_test_assert_tracked (GALLEY_TYPE_TICKET, 0);
  galley_test_assert_tracked (GALLEY_TYPE_TICKET_LINE, 0);
  g_assert_cmpuint (G_OBJECT (order)->ref_count, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();
  galley_test_track_all ();

  g_test_add_func ("/kitchen/ticket/lines-and-station-filter", test_lines_and_station_filter);
  g_test_add_func ("/kitchen/ticket/change-diffs", test_change_diffs);
  g_test_add_func ("/kitchen/ticket/station-sees-only-its-changes", test_station_sees_only_its_changes);
  g_test_add_func ("/kitchen/ticket/allergy-and-acknowledgement", test_allergy_and_acknowledgement);
  g_test_add_func ("/kitchen/ticket/allergy-said-once", test_allergy_said_once);
  g_test_add_func ("/kitchen/ticket/rush-and-cancel", test_rush_and_cancel);
  g_test_add_func ("/kitchen/ticket/thresholds", test_thresholds);
  g_test_add_func ("/kitchen/ticket/titles", test_titles);
  g_test_add_func ("/kitchen/ticket/progress-and-also-at", test_progress_and_also_at);
  g_test_add_func ("/kitchen/ticket/many-lifecycle", test_many_tickets_lifecycle);

  return g_test_run ();
}
