/* test-order-store.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The order store: the newer-row rule from events and snapshots in every combination,
 * minimal items-changed, reconcile with missing orders, status and line events, pruning,
 * and the pure backoff function of the link.
 */
#include "galley-testutil.h"
#include "net/galley-backoff.h"
#include "orders/galley-order-store.h"
#include "util/galley-json.h"
#include "util/galley-time.h"

#define T0 G_GINT64_CONSTANT (1762365600000000)   /* 2025-11-05T18:00:00Z */

static GalleyOrder *
make_order (const char *id,
            gint64      version,
            gint64      created_us,
            gint64      updated_us,
            const char *status,
            int         quantity)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *created = galley_time_format_db (created_us);
  g_autofree char *updated = galley_time_format_db (updated_us);
  JsonArray *items = json_array_new ();
  JsonObject *item = json_object_new ();
  GalleyOrder *order;

  json_object_set_string_member (item, "id", "line-1");
  json_object_set_string_member (item, "menu_item_id", "soul-bowl");
  json_object_set_string_member (item, "name", "Soul Bowl");
  json_object_set_int_member (item, "quantity", quantity);
  json_object_set_double_member (item, "price", 14.0);
  json_array_add_object_element (items, item);

  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "restaurant_id", "11111111-1111-1111-1111-111111111111");
  json_object_set_string_member (row, "order_number", "20251105-0001");
  json_object_set_string_member (row, "type", "online");
  json_object_set_string_member (row, "status", status);
  json_object_set_array_member (row, "items", items);
  json_object_set_double_member (row, "subtotal", 14.0);
  json_object_set_double_member (row, "tax", 1.12);
  json_object_set_double_member (row, "total_amount", 15.12);
  json_object_set_string_member (row, "created_at", created);
  json_object_set_string_member (row, "updated_at", updated);
  if (g_strcmp0 (status, "completed") == 0)
    json_object_set_string_member (row, "completed_at", updated);
  if (version > 0)
    json_object_set_int_member (row, "version", version);

  order = galley_order_new_from_json (row, &error);
  g_assert_no_error (error);

  return order;
}

typedef struct
{
  guint calls;
  guint position, removed, added;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->calls++;
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
}

static void
test_insert_sorted_and_lookup (void)
{
  GalleyOrderStore *store = galley_order_store_new ();
  Changes changes = { 0 };
  g_autoptr(GalleyOrder) late = make_order ("c", 1, T0 + 300, T0 + 300, "pending", 1);
  g_autoptr(GalleyOrder) early = make_order ("a", 1, T0 + 100, T0 + 100, "pending", 1);
  g_autoptr(GalleyOrder) middle = make_order ("b", 1, T0 + 200, T0 + 200, "pending", 1);
  g_autoptr(GalleyOrder) first = NULL;

  g_signal_connect (store, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  g_assert_cmpint (galley_order_store_apply (store, late), ==, GALLEY_STORE_INSERTED);
  g_assert_cmpint (galley_order_store_apply (store, early), ==, GALLEY_STORE_INSERTED);
  g_assert_cmpuint (changes.position, ==, 0);   /* oldest first */
  g_assert_cmpint (galley_order_store_apply (store, middle), ==, GALLEY_STORE_INSERTED);
  g_assert_cmpuint (changes.position, ==, 1);
  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);

  first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpstr (galley_order_get_id (first), ==, "a");
  g_assert_true (galley_order_store_lookup (store, "b") == middle);
  g_assert_null (galley_order_store_lookup (store, "zz"));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (store), 3));

  g_assert_true (galley_order_store_remove (store, "b"));
  g_assert_cmpuint (changes.position, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_false (galley_order_store_remove (store, "b"));

  g_assert_finalize_object (store);
}

/* Every newer/older combination of R-SYNC-3 through apply(). */
static void
test_newer_rule (void)
{
  static const struct
  {
    gint64 held_version, held_updated;
    gint64 in_version, in_updated;
    GalleyStoreResult expected;
  } cases[] = {
    { 2, 100, 3, 100, GALLEY_STORE_UPDATED },   /* higher version */
    { 2, 100, 3, 50, GALLEY_STORE_UPDATED },    /* higher version, older timestamp: version wins */
    { 3, 100, 2, 200, GALLEY_STORE_STALE },     /* lower version */
    { 2, 100, 2, 200, GALLEY_STORE_UPDATED },   /* same version, newer timestamp */
    { 2, 100, 2, 100, GALLEY_STORE_STALE },     /* identical: a duplicate event */
    { 2, 200, 2, 100, GALLEY_STORE_STALE },     /* same version, older */
    { 0, 100, 0, 200, GALLEY_STORE_UPDATED },   /* no versions: timestamps */
    { 0, 200, 0, 100, GALLEY_STORE_STALE },
    { 0, 100, 5, 50, GALLEY_STORE_STALE },      /* one side without version: timestamps alone */
    { 5, 100, 0, 150, GALLEY_STORE_UPDATED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GalleyOrderStore *store = galley_order_store_new ();
      g_autoptr(GalleyOrder) held = make_order ("o", cases[i].held_version, T0,
                                                T0 + cases[i].held_updated, "pending", 1);
      /* a change that shows: the quantity */
      g_autoptr(GalleyOrder) incoming = make_order ("o", cases[i].in_version, T0,
                                                    T0 + cases[i].in_updated, "pending", 2);

      g_test_message ("case %u", i);
      galley_order_store_apply (store, held);
      g_assert_cmpint (galley_order_store_apply (store, incoming), ==, cases[i].expected);

      /* the held object stays; its content follows the rule */
      g_assert_true (galley_order_store_lookup (store, "o") == held);
      {
        g_autoptr(GalleyOrderItem) line = g_list_model_get_item (galley_order_get_items (held), 0);

        g_assert_cmpint (galley_order_item_get_quantity (line), ==,
                         cases[i].expected == GALLEY_STORE_UPDATED ? 2 : 1);
      }
      g_assert_finalize_object (store);
    }
}

static void
test_update_in_place_no_items_changed (void)
{
  GalleyOrderStore *store = galley_order_store_new ();
  Changes changes = { 0 };
  g_autoptr(GalleyOrder) v1 = make_order ("o", 1, T0, T0, "pending", 1);
  g_autoptr(GalleyOrder) v2 = make_order ("o", 2, T0, T0 + 10, "confirmed", 1);
  g_autoptr(GalleyOrder) v3 = make_order ("o", 3, T0, T0 + 20, "confirmed", 1);

  galley_order_store_apply (store, v1);
  g_signal_connect (store, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  /* the card keeps its object: no items-changed for an update */
  g_assert_cmpint (galley_order_store_apply (store, v2), ==, GALLEY_STORE_UPDATED);
  g_assert_cmpint (galley_order_get_status (v1), ==, GALLEY_ORDER_STATUS_CONFIRMED);
  g_assert_cmpuint (changes.calls, ==, 0);

  /* a newer version with the same lines is still an update (version, updated_at) */
  g_assert_cmpint (galley_order_store_apply (store, v3), ==, GALLEY_STORE_UPDATED);
  g_assert_cmpuint (changes.calls, ==, 0);
  g_assert_cmpint (galley_order_store_apply (store, v1), ==, GALLEY_STORE_UNCHANGED);   /* itself */

  g_assert_finalize_object (store);
}

static GPtrArray *
snapshot_of (GalleyOrder *first,
             ...)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first);
  for (GalleyOrder *o = first; o != NULL; o = va_arg (args, GalleyOrder *))
    g_ptr_array_add (rows, o);
  va_end (args);

  return rows;
}

static void
test_reconcile (void)
{
  GalleyOrderStore *store = galley_order_store_new ();
  GalleyReconcileStats stats;
  g_autoptr(GPtrArray) snapshot = NULL;
  g_autoptr(GPtrArray) missing = NULL;

  /* held: a (v1), b (v3), c (unfinished, gone from the server), d (completed, gone) */
  {
    g_autoptr(GalleyOrder) a = make_order ("a", 1, T0 + 1, T0, "pending", 1);
    g_autoptr(GalleyOrder) b = make_order ("b", 3, T0 + 2, T0, "preparing", 1);
    g_autoptr(GalleyOrder) c = make_order ("c", 1, T0 + 3, T0, "ready", 1);
    g_autoptr(GalleyOrder) d = make_order ("d", 4, T0 + 4, T0, "completed", 1);

    galley_order_store_apply (store, a);
    galley_order_store_apply (store, b);
    galley_order_store_apply (store, c);
    galley_order_store_apply (store, d);
  }

  /* the server: a moved on (missed event), b is older than held (stale row), e is new
   * (created while offline), f unchanged newer */
  snapshot = snapshot_of (make_order ("a", 3, T0 + 1, T0 + 50, "preparing", 1),
                          make_order ("b", 2, T0 + 2, T0 + 10, "confirmed", 1),
                          make_order ("e", 1, T0 + 5, T0 + 5, "pending", 1),
                          NULL);
  missing = galley_order_store_reconcile (store, snapshot, &stats);

  g_assert_cmpuint (stats.inserted, ==, 1);
  g_assert_cmpuint (stats.updated, ==, 1);
  g_assert_cmpuint (stats.stale, ==, 1);
  g_assert_cmpuint (stats.removed, ==, 0);

  g_assert_cmpint (galley_order_get_status (galley_order_store_lookup (store, "a")), ==,
                   GALLEY_ORDER_STATUS_PREPARING);
  g_assert_cmpint (galley_order_get_status (galley_order_store_lookup (store, "b")), ==,
                   GALLEY_ORDER_STATUS_PREPARING);   /* the newer held row stays */
  g_assert_nonnull (galley_order_store_lookup (store, "e"));

  /* only the unfinished order that vanished is to be re-read (R-SYNC-5) */
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (missing, 0), ==, "c");
  g_assert_nonnull (galley_order_store_lookup (store, "d"));

  g_assert_finalize_object (store);
}

static void
test_status_and_item_events (void)
{
  GalleyOrderStore *store = galley_order_store_new ();
  g_autoptr(GalleyOrder) o = make_order ("o", 1, T0, T0, "pending", 1);

  galley_order_store_apply (store, o);

  /* R-SYNC-6: only a legal step applies */
  g_assert_false (galley_order_store_apply_status_change (store, "o", GALLEY_ORDER_STATUS_READY));
  g_assert_true (galley_order_store_apply_status_change (store, "o",
                                                         GALLEY_ORDER_STATUS_CONFIRMED));
  g_assert_cmpint (galley_order_get_status (o), ==, GALLEY_ORDER_STATUS_CONFIRMED);
  g_assert_false (galley_order_store_apply_status_change (store, "x",
                                                          GALLEY_ORDER_STATUS_CONFIRMED));

  g_assert_true (galley_order_store_apply_item_status (store, "o", "line-1", "ready"));
  g_assert_false (galley_order_store_apply_item_status (store, "o", "line-1", "ready"));
  g_assert_false (galley_order_store_apply_item_status (store, "o", "line-9", "ready"));
  g_assert_false (galley_order_store_apply_item_status (store, "x", "line-1", "ready"));

  g_assert_finalize_object (store);
}

static void
test_prune_and_clear (void)
{
  GalleyOrderStore *store = galley_order_store_new ();
  gint64 hour = G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  g_autoptr(GalleyOrder) done_long_ago = make_order ("old", 5, T0, T0, "completed", 1);
  g_autoptr(GalleyOrder) done_recently = make_order ("new", 5, T0, T0 + 2 * hour, "completed", 1);
  g_autoptr(GalleyOrder) open = make_order ("open", 1, T0, T0, "preparing", 1);
  Changes changes = { 0 };

  galley_order_store_apply (store, done_long_ago);
  galley_order_store_apply (store, done_recently);
  galley_order_store_apply (store, open);

  g_assert_cmpuint (galley_order_store_prune (store, T0 + 2 * hour + 10, hour), ==, 1);
  g_assert_null (galley_order_store_lookup (store, "old"));
  g_assert_nonnull (galley_order_store_lookup (store, "new"));
  g_assert_nonnull (galley_order_store_lookup (store, "open"));   /* never pruned while open */

  g_signal_connect (store, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  galley_order_store_clear (store);
  g_assert_cmpuint (changes.removed, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  g_assert_finalize_object (store);
}

static void
test_many_orders_lifecycle (void)
{
  GalleyOrderStore *store = galley_order_store_new ();
  guint n = galley_test_iterations (2000);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("order-%05u", i);
      g_autoptr(GalleyOrder) order = make_order (id, 1, T0 + i, T0 + i, "pending", 1);

      galley_order_store_apply (store, order);
    }
  for (guint i = 0; i < n; i += 2)
    {
      g_autofree char *id = g_strdup_printf ("order-%05u", i);

      g_assert_true (galley_order_store_remove (store, id));
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n - (n + 1) / 2);

  g_assert_finalize_object (store);
  galley_test_assert_tracked (GALLEY_TYPE_ORDER, 0);
  galley_test_assert_tracked (GALLEY_TYPE_ORDER_ITEM, 0);
}

/* ------------------------------------------------------------------ backoff */

static void
test_backoff_bounds (void)
{
  /* R-RECON-1: min (2 s × 2^(n−1), 30 s) × (1 + U(0, 0.25)), jitter after the cap */
  for (guint attempt = 1; attempt <= 20; attempt++)
    {
      guint64 base = MIN ((guint64) 2000 << MIN (attempt - 1, 20), 30000);
      guint lo = galley_backoff_delay_ms (attempt, 0.0, 2000, 30000);
      guint hi = galley_backoff_delay_ms (attempt, 0.999999, 2000, 30000);

      g_assert_cmpuint (lo, ==, base);
      g_assert_cmpuint (hi, <=, base + base / 4);
      g_assert_cmpuint (hi, >=, base + base / 4 - 1);

      for (guint k = 0; k < 100; k++)
        {
          guint d = galley_backoff_delay_ms (attempt, g_random_double (), 2000, 30000);

          g_assert_cmpuint (d, >=, lo);
          g_assert_cmpuint (d, <=, hi);
        }
    }

  /* the named figures */
  g_assert_cmpuint (galley_backoff_delay_ms (1, 0, 2000, 30000), ==, 2000);
  g_assert_cmpuint (galley_backoff_delay_ms (4, 0, 2000, 30000), ==, 16000);
  g_assert_cmpuint (galley_backoff_delay_ms (5, 0, 2000, 30000), ==, 30000);
  g_assert_cmpuint (galley_backoff_delay_ms (5, 0.999999, 2000, 30000), ==, 37499);
  g_assert_cmpuint (galley_backoff_delay_ms (1000, 0.5, 2000, 30000), ==, 33750);
  /* attempt 0 counts as the first; jitter outside [0, 1) is clamped */
  g_assert_cmpuint (galley_backoff_delay_ms (0, 0, 2000, 30000), ==, 2000);
  g_assert_cmpuint (galley_backoff_delay_ms (1, 7.0, 2000, 30000), ==, 2500);
  g_assert_cmpuint (galley_backoff_delay_ms (1, -1.0, 2000, 30000), ==, 2000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();
  galley_test_track_all ();

  g_test_add_func ("/orders/store/insert-sorted-lookup", test_insert_sorted_and_lookup);
  g_test_add_func ("/orders/store/newer-rule", test_newer_rule);
  g_test_add_func ("/orders/store/update-in-place", test_update_in_place_no_items_changed);
  g_test_add_func ("/orders/store/reconcile", test_reconcile);
  g_test_add_func ("/orders/store/status-and-item-events", test_status_and_item_events);
  g_test_add_func ("/orders/store/prune-and-clear", test_prune_and_clear);
  g_test_add_func ("/orders/store/many-orders", test_many_orders_lifecycle);
  g_test_add_func ("/net/backoff/bounds", test_backoff_bounds);

  return g_test_run ();
}
