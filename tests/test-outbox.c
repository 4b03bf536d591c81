/* test-outbox.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox on its own against the demo server (no WebSocket: the store is filled from the
 * server's rows and the outbox is made live by hand): deferred changes and their undo
 * window, cancel, one global order with a deferred head, the window across a restart, the
 * schema migration of an old database file, a server without the line-status extension,
 * orders made at the counter (sent, offline, refused, an ambiguous reply, a restart after an
 * attempt), and the lifecycle gates. What reached the server is read from its request log.
 */
#include <sqlite3.h>
#include <string.h>

#include "galley-testutil.h"
#include "demo/galley-demo-menu.h"
#include "demo/galley-demo-server.h"
#include "net/galley-outbox.h"
#include "util/galley-json.h"

#define OLD_SCHEMA "CREATE TABLE outbox (" \
                   "  seq INTEGER PRIMARY KEY AUTOINCREMENT," \
                   "  kind TEXT NOT NULL," \
                   "  order_id TEXT NOT NULL," \
                   "  item_id TEXT," \
                   "  target TEXT NOT NULL," \
                   "  created_at INTEGER NOT NULL)"

typedef struct
{
  char             *dir;
  char             *outbox_path;
  GalleyDemoServer *demo;
  GalleyNetSession *session;
  GalleyRestClient *rest;
  GalleyOrderStore *store;
  GalleyOutbox     *outbox;
  GPtrArray        *conflicts;
  GArray           *committed;        /* gint64 seqs, in signal order */
  gint64            last_committed_us; /* monotonic */
  guint             info_lines;       /* "line status" info messages of galley-outbox */
  guint             info_handler;
} Fixture;

static void
conflict_cb (GalleyOutbox *outbox,
             const char   *order_id,
             const char   *message,
             Fixture      *f)
{
  g_ptr_array_add (f->conflicts, g_strdup (message));
}

static void
committed_cb (GalleyOutbox *outbox,
              gint64        seq,
              Fixture      *f)
{
  /* from the signal on, the entry cannot be taken back */
  g_assert_true (galley_outbox_is_committed (outbox, seq));
  g_assert_false (galley_outbox_cancel (outbox, seq));
  g_array_append_val (f->committed, seq);
  f->last_committed_us = g_get_monotonic_time ();
}

static void
info_cb (const char     *domain,
         GLogLevelFlags  level,
         const char     *message,
         gpointer        data)
{
  Fixture *f = data;

  if (strstr (message, "line status") != NULL)
    f->info_lines++;
}

static void
load_store (Fixture *f)
{
  g_autoptr(JsonArray) rows = galley_demo_server_dup_orders (f->demo);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GalleyOrder) order =
        galley_order_new_from_json (json_array_get_object_element (rows, i), &error);

      g_assert_no_error (error);
      galley_order_store_apply (f->store, order);
    }
}

static GalleyOutbox *
open_outbox (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GalleyOutbox *outbox = galley_outbox_new (f->outbox_path, f->rest, f->store, &error);

  g_assert_no_error (error);
  galley_outbox_set_retry_delay (outbox, 10);
  g_signal_connect (outbox, "conflict", G_CALLBACK (conflict_cb), f);
  g_signal_connect (outbox, "committed", G_CALLBACK (committed_cb), f);

  return outbox;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;

  f->dir = g_dir_make_tmp ("galley-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  f->outbox_path = g_build_filename (f->dir, "outbox.sqlite", NULL);
  f->conflicts = g_ptr_array_new_with_free_func (g_free);
  f->committed = g_array_new (FALSE, FALSE, sizeof (gint64));

  f->demo = galley_demo_server_new ();
  g_object_set (f->demo, "port", 0, "seed", (gint64) 23, "rate", 0.0, NULL);
  g_assert_true (galley_demo_server_start (f->demo, &error));
  url = galley_demo_server_dup_base_url (f->demo);
  token = galley_demo_server_issue_token (f->demo, "kitchen", 3600);

  f->session = galley_net_session_new ();
  f->rest = galley_rest_client_new (f->session);
  galley_rest_client_set_base_url (f->rest, url);
  galley_rest_client_set_restaurant_id (f->rest, GALLEY_DEMO_RESTAURANT_ID);
  galley_rest_client_set_retry_delay (f->rest, 10);
  galley_rest_client_set_token (f->rest, token);

  f->store = galley_order_store_new ();
  load_store (f);
  f->outbox = open_outbox (f);

  f->info_handler = g_log_set_handler ("galley-outbox", G_LOG_LEVEL_INFO, info_cb, f);
  galley_demo_server_clear_log (f->demo);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_log_remove_handler ("galley-outbox", f->info_handler);
  g_assert_finalize_object (f->outbox);
  g_assert_finalize_object (f->rest);
  g_assert_finalize_object (f->store);
  galley_demo_server_stop (f->demo);
  g_assert_finalize_object (f->demo);
  galley_test_drain_main_context ();
  g_assert_finalize_object (f->session);
  galley_test_drain_main_context ();

  galley_test_assert_no_galley_objects ();
  galley_test_assert_tracked (SOUP_TYPE_MESSAGE, 0);
  galley_test_assert_tracked (SOUP_TYPE_SESSION, 0);
  g_assert_cmpuint (galley_test_count_sources ("galley-outbox-"), ==, 0);

  g_array_unref (f->committed);
  g_ptr_array_unref (f->conflicts);
  galley_test_remove_dir (f->dir);
  g_free (f->outbox_path);
  g_free (f->dir);
}

/* ------------------------------------------------------------------ helpers */

static gboolean
outbox_empty (gpointer data)
{
  Fixture *f = data;

  return galley_outbox_get_depth (f->outbox) == 0 && !galley_outbox_get_busy (f->outbox);
}

static void
wait_empty (Fixture *f)
{
  g_assert_true (galley_test_spin_until (outbox_empty, f, 5000));
}

static gboolean
busy (gpointer outbox)
{
  return galley_outbox_get_busy (outbox);
}

static gboolean
drained (gpointer outbox)
{
  return galley_outbox_get_depth (outbox) == 0 && !galley_outbox_get_busy (outbox);
}

static void
assert_patch (GPtrArray  *sent,
              guint       i,
              const char *format,
              ...) G_GNUC_PRINTF (3, 4);

static void
assert_patch (GPtrArray  *sent,
              guint       i,
              const char *format,
              ...)
{
  g_autofree char *want = NULL;
  va_list args;

  va_start (args, format);
  want = g_strdup_vprintf (format, args);
  va_end (args);

  g_assert_cmpuint (i, <, sent->len);
  g_assert_cmpstr (g_ptr_array_index (sent, i), ==, want);
}

/* The REST requests the server received, as "METHOD path" (query left off). */
static GPtrArray *
requests (Fixture *f)
{
  g_autoptr(JsonArray) log = galley_demo_server_dup_log (f->demo);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      JsonObject *entry = json_array_get_object_element (log, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (entry, "kind", ""), "rest") != 0)
        continue;
      g_ptr_array_add (out, g_strdup_printf ("%s %s",
                                             json_object_get_string_member (entry, "method"),
                                             json_object_get_string_member (entry, "path")));
    }

  return out;
}

/* How many requests were received whose "METHOD path" contains @needle. */
static guint
count_requests (Fixture    *f,
                const char *needle)
{
  g_autoptr(GPtrArray) all = requests (f);
  guint n = 0;

  for (guint i = 0; i < all->len; i++)
    n += strstr (g_ptr_array_index (all, i), needle) != NULL;

  return n;
}

/* The bodies of the PATCH requests, in the order received: "ID STATUS" */
static GPtrArray *
patches (Fixture *f)
{
  g_autoptr(JsonArray) log = galley_demo_server_dup_log (f->demo);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      JsonObject *entry = json_array_get_object_element (log, i);
      g_autoptr(JsonObject) body = NULL;
      g_auto (GStrv) parts = NULL;

      if (g_strcmp0 (json_object_get_string_member_with_default (entry, "method", ""), "PATCH") != 0)
        continue;
      parts = g_strsplit (json_object_get_string_member (entry, "path"), "/", -1);
      body = galley_json_parse_object (json_object_get_string_member (entry, "body"), -1, NULL);
      g_assert_nonnull (body);
      /* /api/v1/orders/ID/status or /api/v1/orders/ID/items/ITEM/status */
      g_ptr_array_add (out, g_strdup_printf ("%s %s%s%s", parts[4],
                                             g_strv_length (parts) == 8 ? parts[6] : "",
                                             g_strv_length (parts) == 8 ? " " : "",
                                             json_object_get_string_member (body, "status")));
    }

  return out;
}

static char *
order_with_status (Fixture    *f,
                   const char *status,
                   guint       nth)
{
  g_autoptr(JsonArray) rows = galley_demo_server_dup_orders (f->demo);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (row, "status", ""), status) == 0 &&
          nth-- == 0)
        return g_strdup (json_object_get_string_member (row, "id"));
    }

  g_assert_not_reached ();
}

static char *
server_status (Fixture    *f,
               const char *id)
{
  g_autoptr(JsonObject) row = galley_demo_server_dup_order (f->demo, id);

  return g_strdup (json_object_get_string_member (row, "status"));
}

static char *
first_item (Fixture    *f,
            const char *id)
{
  g_autoptr(JsonObject) row = galley_demo_server_dup_order (f->demo, id);
  JsonArray *items = json_object_get_array_member (row, "items");

  return g_strdup (json_object_get_string_member (json_array_get_object_element (items, 0), "id"));
}

static char *
item_status (Fixture    *f,
             const char *id,
             const char *item_id)
{
  g_autoptr(JsonObject) row = galley_demo_server_dup_order (f->demo, id);
  JsonArray *items = json_object_get_array_member (row, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "id"), item_id) == 0)
        return g_strdup (json_object_get_string_member_with_default (item, "status", "pending"));
    }

  g_assert_not_reached ();
}

static gint64
add_deferred (Fixture           *f,
              const char        *id,
              GalleyOrderStatus  target,
              guint              delay_ms)
{
  g_autoptr(GError) error = NULL;
  gint64 seq = galley_outbox_add_status_deferred (f->outbox, id, target, delay_ms, &error);

  g_assert_no_error (error);
  g_assert_cmpint (seq, >, 0);

  return seq;
}

static gint64
add_item (Fixture    *f,
          const char *id,
          const char *item_id,
          const char *status)
{
  g_autoptr(GError) error = NULL;
  gint64 seq = galley_outbox_add_item_status (f->outbox, id, item_id, status, &error);

  g_assert_no_error (error);
  g_assert_cmpint (seq, >, 0);

  return seq;
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

/* ------------------------------------------------------------------ deferred */

static void
test_deferred_not_before (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = order_with_status (f, "pending", 0);
  g_autofree char *status = NULL;
  gint64 t0, seq;

  galley_outbox_set_live (f->outbox, TRUE);
  t0 = g_get_monotonic_time ();
  seq = add_deferred (f, id, GALLEY_ORDER_STATUS_CONFIRMED, 300);

  /* durable and shown as pending at once, but nothing sent inside the window */
  g_assert_true (galley_outbox_is_pending (f->outbox, seq));
  g_assert_false (galley_outbox_is_committed (f->outbox, seq));
  g_assert_cmpint (galley_outbox_get_pending_status (f->outbox, id), ==,
                   GALLEY_ORDER_STATUS_CONFIRMED);
  g_assert_cmpint (query_int (f->outbox_path, "SELECT count(*) FROM outbox"), ==, 1);
  galley_test_spin_for (200);
  g_assert_cmpuint (galley_test_count_sources ("galley-outbox-defer"), ==, 1);
  g_assert_cmpuint (count_requests (f, "/orders/"), ==, 0);
  g_assert_cmpuint (f->committed->len, ==, 0);
  g_assert_true (galley_outbox_is_pending (f->outbox, seq));

  /* sent once the window is over, and not a moment before */
  wait_empty (f);
  g_assert_cmpuint (f->committed->len, ==, 1);
  g_assert_cmpint (g_array_index (f->committed, gint64, 0), ==, seq);
  g_assert_cmpint (f->last_committed_us - t0, >=, 300 * 1000);
  g_assert_cmpuint (count_requests (f, "PATCH /api/v1/orders/"), ==, 1);
  status = server_status (f, id);
  g_assert_cmpstr (status, ==, "confirmed");
  g_assert_false (galley_outbox_is_pending (f->outbox, seq));
  g_assert_cmpint (galley_outbox_get_pending_status (f->outbox, id), ==,
                   GALLEY_ORDER_STATUS_UNKNOWN);
  galley_test_drain_main_context ();
  g_assert_cmpuint (galley_test_count_sources ("galley-outbox-"), ==, 0);
  g_assert_cmpuint (f->conflicts->len, ==, 0);
}

static void
test_deferred_cancel_before_send (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *id = order_with_status (f, "pending", 0);
  g_autofree char *status = NULL;
  GalleyOutbox *other;
  gint64 seq, version;

  {
    g_autoptr(JsonObject) row = galley_demo_server_dup_order (f->demo, id);

    version = json_object_get_int_member (row, "version");
  }

  galley_outbox_set_live (f->outbox, TRUE);
  seq = add_deferred (f, id, GALLEY_ORDER_STATUS_READY, 200);
  galley_test_spin_for (50);

  /* another opener of the file (Galley after a crash) would find it */
  other = galley_outbox_new (f->outbox_path, f->rest, f->store, NULL);
  g_assert_cmpuint (galley_outbox_get_depth (other), ==, 1);
  g_assert_finalize_object (other);

  g_assert_true (galley_outbox_cancel (f->outbox, seq));
  g_assert_false (galley_outbox_is_pending (f->outbox, seq));
  g_assert_cmpuint (galley_outbox_get_depth (f->outbox), ==, 0);
  g_assert_cmpint (galley_outbox_get_pending_status (f->outbox, id), ==,
                   GALLEY_ORDER_STATUS_UNKNOWN);
  g_assert_cmpuint (galley_test_count_sources ("galley-outbox-defer"), ==, 0);
  g_assert_false (galley_outbox_cancel (f->outbox, seq));   /* only once */

  /* gone from the file too: a restart does not send it */
  g_assert_cmpint (query_int (f->outbox_path, "SELECT count(*) FROM outbox"), ==, 0);
  other = galley_outbox_new (f->outbox_path, f->rest, f->store, NULL);
  g_assert_cmpuint (galley_outbox_get_depth (other), ==, 0);
  g_assert_finalize_object (other);

  /* nothing reached the server, well past the window */
  galley_test_spin_for (400);
  g_assert_cmpuint (count_requests (f, "/orders/"), ==, 0);
  g_assert_cmpuint (f->committed->len, ==, 0);
  status = server_status (f, id);
  g_assert_cmpstr (status, ==, "pending");
  {
    g_autoptr(JsonObject) row = galley_demo_server_dup_order (f->demo, id);

    g_assert_cmpint (json_object_get_int_member (row, "version"), ==, version);
  }
  g_assert_cmpuint (galley_test_count_sources ("galley-outbox-"), ==, 0);
}

static void
test_deferred_cancel_after_send (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *a = order_with_status (f, "pending", 0);
  g_autofree char *b = order_with_status (f, "pending", 1);
  g_autofree char *status = NULL;
  gint64 seq;

  galley_outbox_set_live (f->outbox, TRUE);

  /* done: nothing left to cancel */
  seq = add_deferred (f, a, GALLEY_ORDER_STATUS_CONFIRMED, 50);
  wait_empty (f);
  g_assert_false (galley_outbox_cancel (f->outbox, seq));
  status = server_status (f, a);
  g_assert_cmpstr (status, ==, "confirmed");

  /* in flight (the server answers slowly): too late as well, and it still arrives */
  galley_demo_server_set_delay (f->demo, 0, 300, 0, "/status");
  seq = add_deferred (f, b, GALLEY_ORDER_STATUS_PREPARING, 50);
  g_assert_true (galley_test_spin_until (busy, f->outbox, 2000));
  g_assert_true (galley_outbox_is_committed (f->outbox, seq));
  g_assert_false (galley_outbox_cancel (f->outbox, seq));
  g_assert_true (galley_outbox_is_pending (f->outbox, seq));
  wait_empty (f);
  g_clear_pointer (&status, g_free);
  status = server_status (f, b);
  g_assert_cmpstr (status, ==, "preparing");
  g_assert_cmpuint (count_requests (f, "PATCH"), ==, 3);   /* a: 1, b: 2 steps */
  g_assert_cmpuint (f->committed->len, ==, 2);
}

static void
test_deferred_order (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *a = order_with_status (f, "pending", 0);
  g_autofree char *b = order_with_status (f, "pending", 1);
  g_autofree char *c = order_with_status (f, "pending", 2);
  g_autofree char *item = first_item (f, c);
  g_autoptr(GPtrArray) sent = NULL;
  gint64 seq_a, seq_b;

  galley_outbox_set_live (f->outbox, TRUE);

  /* a deferred head holds back everything made after it: one global order (R-OUT-2) */
  seq_a = add_deferred (f, a, GALLEY_ORDER_STATUS_CONFIRMED, 300);
  seq_b = add_deferred (f, b, GALLEY_ORDER_STATUS_CONFIRMED, 0);
  add_item (f, c, item, "ready");
  add_deferred (f, a, GALLEY_ORDER_STATUS_PREPARING, 0);
  galley_test_spin_for (200);
  g_assert_cmpuint (count_requests (f, "/orders/"), ==, 0);
  g_assert_false (galley_outbox_is_committed (f->outbox, seq_b));
  g_assert_cmpuint (galley_outbox_get_depth (f->outbox), ==, 4);

  wait_empty (f);
  sent = patches (f);
  g_assert_cmpuint (sent->len, ==, 4);
  assert_patch (sent, 0, "%s confirmed", a);
  assert_patch (sent, 1, "%s confirmed", b);
  assert_patch (sent, 2, "%s %s ready", c, item);
  assert_patch (sent, 3, "%s preparing", a);
  g_assert_cmpuint (f->committed->len, ==, 4);
  g_assert_cmpint (g_array_index (f->committed, gint64, 0), ==, seq_a);
  g_assert_cmpint (g_array_index (f->committed, gint64, 1), ==, seq_b);
}

static void
test_deferred_cancel_head_unblocks (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *a = order_with_status (f, "pending", 0);
  g_autofree char *b = order_with_status (f, "pending", 1);
  g_autofree char *status = NULL;
  gint64 seq_a, seq_b, t0;

  galley_outbox_set_live (f->outbox, TRUE);
  seq_a = add_deferred (f, a, GALLEY_ORDER_STATUS_CONFIRMED, 5000);
  seq_b = add_deferred (f, b, GALLEY_ORDER_STATUS_CONFIRMED, 0);
  galley_test_spin_for (100);
  g_assert_cmpuint (count_requests (f, "/orders/"), ==, 0);

  /* undo of the head: the change behind it goes at once, the head never */
  t0 = g_get_monotonic_time ();
  g_assert_true (galley_outbox_cancel (f->outbox, seq_a));
  wait_empty (f);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (f->committed->len, ==, 1);
  g_assert_cmpint (g_array_index (f->committed, gint64, 0), ==, seq_b);
  status = server_status (f, a);
  g_assert_cmpstr (status, ==, "pending");
  g_clear_pointer (&status, g_free);
  status = server_status (f, b);
  g_assert_cmpstr (status, ==, "confirmed");
  g_assert_cmpuint (count_requests (f, a), ==, 0);

  /* a middle entry can be taken back as well */
  galley_outbox_set_live (f->outbox, FALSE);
  add_deferred (f, a, GALLEY_ORDER_STATUS_CONFIRMED, 0);
  seq_b = add_deferred (f, b, GALLEY_ORDER_STATUS_PREPARING, 0);
  add_deferred (f, a, GALLEY_ORDER_STATUS_PREPARING, 0);
  g_assert_true (galley_outbox_cancel (f->outbox, seq_b));
  g_assert_cmpint (galley_outbox_get_pending_status (f->outbox, b), ==,
                   GALLEY_ORDER_STATUS_UNKNOWN);
  galley_outbox_set_live (f->outbox, TRUE);
  wait_empty (f);
  g_clear_pointer (&status, g_free);
  status = server_status (f, a);
  g_assert_cmpstr (status, ==, "preparing");
  g_clear_pointer (&status, g_free);
  status = server_status (f, b);
  g_assert_cmpstr (status, ==, "confirmed");
}

static void
test_deferred_offline (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = order_with_status (f, "pending", 0);
  gint64 seq;

  /* offline, a window that has passed keeps the change cancellable: nothing started */
  seq = add_deferred (f, id, GALLEY_ORDER_STATUS_CONFIRMED, 50);
  galley_test_spin_for (150);
  g_assert_false (galley_outbox_is_committed (f->outbox, seq));
  g_assert_cmpuint (galley_test_count_sources ("galley-outbox-defer"), ==, 0);

  /* live: it goes at once */
  galley_outbox_set_live (f->outbox, TRUE);
  wait_empty (f);
  g_assert_cmpuint (count_requests (f, "PATCH"), ==, 1);

  /* a window still running when the link drops: the timeout goes with it */
  seq = add_deferred (f, id, GALLEY_ORDER_STATUS_PREPARING, 300);
  galley_test_spin_for (20);
  g_assert_cmpuint (galley_test_count_sources ("galley-outbox-defer"), ==, 1);
  galley_outbox_set_live (f->outbox, FALSE);
  g_assert_cmpuint (galley_test_count_sources ("galley-outbox-defer"), ==, 0);
  galley_test_spin_for (400);
  g_assert_true (galley_outbox_is_pending (f->outbox, seq));
  galley_outbox_set_live (f->outbox, TRUE);
  wait_empty (f);
  g_assert_cmpuint (count_requests (f, "PATCH"), ==, 2);
}

static void
test_deferred_restart (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *a = order_with_status (f, "pending", 0);
  g_autofree char *b = order_with_status (f, "pending", 1);
  g_autofree char *status = NULL;
  gint64 t0, seq;

  /* Galley stops inside the window; the file keeps the not-before time */
  galley_outbox_set_live (f->outbox, TRUE);
  t0 = g_get_monotonic_time ();
  seq = add_deferred (f, a, GALLEY_ORDER_STATUS_CONFIRMED, 400);
  g_assert_finalize_object (f->outbox);
  g_assert_cmpint (query_int (f->outbox_path, "SELECT not_before - created_at FROM outbox"), ==,
                   400 * 1000);

  /* started again: the rest of the window is kept, then it is sent once */
  f->outbox = open_outbox (f);
  g_assert_true (galley_outbox_is_pending (f->outbox, seq));
  g_assert_cmpint (galley_outbox_get_pending_status (f->outbox, a), ==,
                   GALLEY_ORDER_STATUS_CONFIRMED);
  galley_outbox_set_live (f->outbox, TRUE);
  galley_test_spin_for (100);
  g_assert_cmpuint (count_requests (f, "/orders/"), ==, 0);
  wait_empty (f);
  g_assert_cmpint (f->last_committed_us - t0, >=, 400 * 1000);
  g_assert_cmpuint (count_requests (f, "PATCH"), ==, 1);
  status = server_status (f, a);
  g_assert_cmpstr (status, ==, "confirmed");

  /* a window that ended while Galley was down: sent at once */
  g_assert_finalize_object (f->outbox);
  f->outbox = open_outbox (f);
  add_deferred (f, b, GALLEY_ORDER_STATUS_CONFIRMED, 100);
  g_assert_finalize_object (f->outbox);
  galley_test_spin_for (200);
  f->outbox = open_outbox (f);
  t0 = g_get_monotonic_time ();
  galley_outbox_set_live (f->outbox, TRUE);
  wait_empty (f);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, G_USEC_PER_SEC);
  g_clear_pointer (&status, g_free);
  status = server_status (f, b);
  g_assert_cmpstr (status, ==, "confirmed");
  g_assert_cmpuint (count_requests (f, "PATCH"), ==, 2);
}

/* ------------------------------------------------------------------ migration */

static void
test_migration (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *a = order_with_status (f, "pending", 0);
  g_autofree char *b = order_with_status (f, "pending", 1);
  g_autofree char *path = g_build_filename (f->dir, "old.sqlite", NULL);
  g_autofree char *insert = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GalleyOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  gint64 seq;

  /* a file as the first Galley wrote it: no not_before, user_version 0, one change */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                   ==, SQLITE_OK);
  exec_sql (db, "PRAGMA journal_mode=WAL");
  exec_sql (db, OLD_SCHEMA);
  insert = g_strdup_printf ("INSERT INTO outbox (kind, order_id, item_id, target, created_at) "
                            "VALUES ('status', '%s', NULL, 'confirmed', %" G_GINT64_FORMAT ")",
                            a, g_get_real_time ());
  exec_sql (db, insert);
  sqlite3_close (db);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, 0);

  g_test_expect_message ("galley-outbox", G_LOG_LEVEL_MESSAGE, "*brought up to schema version 2");
  outbox = galley_outbox_new (path, f->rest, f->store, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (galley_outbox_get_depth (outbox), ==, 1);
  g_assert_cmpint (galley_outbox_get_pending_status (outbox, a), ==, GALLEY_ORDER_STATUS_CONFIRMED);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM pragma_table_info('outbox') "
                                    "WHERE name = 'not_before'"), ==, 1);

  /* the old change goes at once (not_before 0); a new deferred one keeps its window */
  seq = galley_outbox_add_status_deferred (outbox, b, GALLEY_ORDER_STATUS_CONFIRMED, 250, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (path, "SELECT not_before - created_at FROM outbox "
                                    "ORDER BY seq DESC LIMIT 1"), ==, 250 * 1000);
  g_assert_finalize_object (g_steal_pointer (&outbox));

  /* opening it again changes nothing (no second migration) */
  outbox = galley_outbox_new (path, f->rest, f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (galley_outbox_get_depth (outbox), ==, 2);
  g_assert_true (galley_outbox_is_pending (outbox, seq));
  galley_outbox_set_retry_delay (outbox, 10);
  galley_outbox_set_live (outbox, TRUE);
  g_assert_true (galley_test_spin_until (drained, outbox, 5000));
  status = server_status (f, a);
  g_assert_cmpstr (status, ==, "confirmed");
  g_clear_pointer (&status, g_free);
  status = server_status (f, b);
  g_assert_cmpstr (status, ==, "confirmed");
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, 2);
  g_assert_finalize_object (g_steal_pointer (&outbox));

  /* a file from a newer Galley (user_version 7) is used as it is */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  exec_sql (db, "PRAGMA user_version = 7");
  sqlite3_close (db);
  g_test_expect_message ("galley-outbox", G_LOG_LEVEL_MESSAGE, "*newer than this Galley*");
  outbox = galley_outbox_new (path, f->rest, f->store, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpint (galley_outbox_add_status (outbox, a, GALLEY_ORDER_STATUS_PREPARING, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, 7);
}

/* ------------------------------------------------------------------ line status */

static void
test_line_status_relayed (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = order_with_status (f, "preparing", 0);
  g_autofree char *item = first_item (f, id);
  g_autofree char *status = NULL;

  galley_outbox_set_live (f->outbox, TRUE);
  add_item (f, id, item, "ready");
  wait_empty (f);
  status = item_status (f, id, item);
  g_assert_cmpstr (status, ==, "ready");
  g_assert_true (galley_outbox_get_line_status_supported (f->outbox));
  g_assert_cmpuint (count_requests (f, "/items/"), ==, 1);
  g_assert_cmpuint (f->conflicts->len, ==, 0);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* The server answers @http_status on the line route, as one without the extension would. */
static void
check_line_route_missing (Fixture *f,
                          guint    http_status,
                          guint    tries)
{
  g_autofree char *a = order_with_status (f, "preparing", 0);
  g_autofree char *b = order_with_status (f, "pending", 0);
  g_autofree char *item_a = first_item (f, a);
  g_autofree char *item_b = first_item (f, b);
  g_autofree char *line = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autofree char *get_a = g_strdup_printf ("GET /api/v1/orders/%s", a);
  guint notified = 0;

  g_signal_connect (f->outbox, "notify::line-status-supported", G_CALLBACK (notify_count_cb),
                    &notified);
  galley_demo_server_fail_rest (f->demo, "/items/", http_status, G_MAXUINT);
  if (http_status >= 500)
    g_test_expect_message ("galley-rest-client", G_LOG_LEVEL_WARNING, "*HTTP 501*");

  galley_outbox_set_live (f->outbox, TRUE);
  add_item (f, a, item_a, "ready");
  add_deferred (f, b, GALLEY_ORDER_STATUS_CONFIRMED, 0);
  add_item (f, b, item_b, "preparing");
  add_item (f, a, item_a, "pending");
  wait_empty (f);
  if (http_status >= 500)
    g_test_assert_expected_messages ();

  /* the route was tried (and the order read to tell "gone" from "no route"), then no more */
  g_assert_false (galley_outbox_get_line_status_supported (f->outbox));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (count_requests (f, "/items/"), ==, tries);
  g_assert_cmpuint (count_requests (f, get_a), ==, tries);
  g_assert_cmpuint (f->info_lines, ==, 1);

  /* no conflict shown; the order change behind it went through */
  g_assert_cmpuint (f->conflicts->len, ==, 0);
  g_assert_cmpuint (galley_outbox_get_conflicts (f->outbox), ==, 0);
  sent = patches (f);
  g_assert_cmpuint (sent->len, ==, tries + 1);
  status = server_status (f, b);
  g_assert_cmpstr (status, ==, "confirmed");
  line = item_status (f, a, item_a);
  g_assert_cmpstr (line, ==, "pending");   /* never changed on the server */

  /* later line changes are dropped without a request, and without another log line */
  add_item (f, b, item_b, "ready");
  wait_empty (f);
  g_assert_cmpuint (count_requests (f, "/items/"), ==, tries);
  g_assert_cmpuint (f->info_lines, ==, 1);
  g_assert_cmpuint (f->committed->len, ==, 5);
}

static void
test_line_status_404 (Fixture       *f,
                      gconstpointer  data)
{
  check_line_route_missing (f, 404, 1);
}

static void
test_line_status_405 (Fixture       *f,
                      gconstpointer  data)
{
  check_line_route_missing (f, 405, 1);
}

static void
test_line_status_501 (Fixture       *f,
                      gconstpointer  data)
{
  /* a 5xx may pass: the route counts as missing after three, the order readable each time */
  check_line_route_missing (f, 501, 3);
}

static void
test_line_status_transient (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *id = order_with_status (f, "preparing", 0);
  g_autofree char *item = first_item (f, id);
  g_autofree char *status = NULL;

  /* two 503s, then the route answers: relayed, still supported */
  galley_demo_server_fail_rest (f->demo, "/items/", 503, 2);
  g_test_expect_message ("galley-rest-client", G_LOG_LEVEL_WARNING, "*HTTP 503*");
  galley_outbox_set_live (f->outbox, TRUE);
  add_item (f, id, item, "ready");
  wait_empty (f);
  g_test_assert_expected_messages ();
  g_assert_true (galley_outbox_get_line_status_supported (f->outbox));
  g_assert_cmpuint (count_requests (f, "/items/"), ==, 3);
  status = item_status (f, id, item);
  g_assert_cmpstr (status, ==, "ready");
  g_assert_cmpuint (f->info_lines, ==, 0);
}

static void
test_line_status_line_or_order_gone (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *id = order_with_status (f, "preparing", 0);

  galley_outbox_set_live (f->outbox, TRUE);

  /* a line the order does not have: 404 from a route that exists; dropped quietly */
  add_item (f, id, "no-such-line", "ready");
  wait_empty (f);
  g_assert_true (galley_outbox_get_line_status_supported (f->outbox));
  g_assert_cmpuint (f->conflicts->len, ==, 0);
  g_assert_cmpuint (count_requests (f, "/items/"), ==, 1);

  /* an order the server does not know: reported like any change for a vanished order */
  g_test_expect_message ("galley-outbox", G_LOG_LEVEL_MESSAGE, "*dropped*");
  add_item (f, "00000000-0000-4000-8000-000000000000", "line-1", "ready");
  wait_empty (f);
  g_test_assert_expected_messages ();
  g_assert_true (galley_outbox_get_line_status_supported (f->outbox));
  g_assert_cmpuint (f->conflicts->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (f->conflicts, 0), "no longer exists"));
  g_assert_cmpuint (f->info_lines, ==, 0);
}

static void
test_line_status_reset (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *id = order_with_status (f, "preparing", 0);
  g_autofree char *item = first_item (f, id);
  g_autofree char *url = galley_demo_server_dup_base_url (f->demo);
  g_autofree char *url2 = g_strconcat (url, "/api/v1", NULL);
  g_autofree char *status = NULL;
  guint notified = 0;

  g_signal_connect (f->outbox, "notify::line-status-supported", G_CALLBACK (notify_count_cb),
                    &notified);

  /* the setter: silent when nothing changes */
  galley_outbox_set_line_status_supported (f->outbox, TRUE);
  g_assert_cmpuint (notified, ==, 0);
  g_object_set (f->outbox, "line-status-supported", FALSE, NULL);
  g_assert_cmpuint (notified, ==, 1);
  galley_outbox_set_line_status_supported (f->outbox, FALSE);
  g_assert_cmpuint (notified, ==, 1);

  /* off: kept on the terminal, no request */
  galley_outbox_set_live (f->outbox, TRUE);
  add_item (f, id, item, "ready");
  wait_empty (f);
  g_assert_cmpuint (count_requests (f, "/items/"), ==, 0);

  /* another server (the same one under another spelling here): tried again */
  galley_rest_client_set_base_url (f->rest, url2);
  g_assert_true (galley_outbox_get_line_status_supported (f->outbox));
  g_assert_cmpuint (notified, ==, 2);
  add_item (f, id, item, "ready");
  wait_empty (f);
  status = item_status (f, id, item);
  g_assert_cmpstr (status, ==, "ready");

  /* another restaurant too */
  galley_outbox_set_line_status_supported (f->outbox, FALSE);
  galley_rest_client_set_restaurant_id (f->rest, "22222222-2222-2222-2222-222222222222");
  g_assert_true (galley_outbox_get_line_status_supported (f->outbox));
  g_assert_cmpuint (notified, ==, 4);
  galley_rest_client_set_restaurant_id (f->rest, GALLEY_DEMO_RESTAURANT_ID);
  g_assert_cmpuint (notified, ==, 4);
}

/* ------------------------------------------------------------------ lifecycle */

static char *
new_order (Fixture *f)
{
  g_autoptr(JsonArray) rows = NULL;

  galley_demo_server_generate (f->demo, 1);
  rows = galley_demo_server_dup_orders (f->demo);

  return g_strdup (json_object_get_string_member (
    json_array_get_object_element (rows, json_array_get_length (rows) - 1), "id"));
}

/* One outbox life: changes made, one cancelled, the outbox dropped with the rest waiting
 * for the window (even cycles) or in flight (odd ones), then the next one finishes them. */
static void
lifecycle_cycle (Fixture *f,
                 guint    i)
{
  g_autofree char *id = new_order (f);   /* not in the store: read first, then sent */
  g_autoptr(GError) error = NULL;
  GalleyOutbox *outbox = open_outbox (f);
  gboolean deferred = i % 2 == 0;
  gint64 keep, drop;

  keep = galley_outbox_add_status_deferred (outbox, id, GALLEY_ORDER_STATUS_CONFIRMED,
                                            deferred ? 2000 : 0, &error);
  g_assert_no_error (error);
  drop = galley_outbox_add_item_status_deferred (outbox, id, "line-x", "ready", 1000, &error);
  g_assert_no_error (error);
  g_assert_true (galley_outbox_cancel (outbox, drop));
  galley_outbox_set_live (outbox, TRUE);
  if (deferred)
    galley_test_spin_for (i % 4 == 0 ? 5 : 0);
  else
    g_assert_true (galley_test_spin_until (busy, outbox, 2000));
  g_assert_true (galley_outbox_is_pending (outbox, keep));
  g_assert_finalize_object (outbox);

  /* the next life: the deferred change is taken back, the other one finished */
  outbox = open_outbox (f);
  g_assert_true (galley_outbox_is_pending (outbox, keep));
  if (deferred)
    g_assert_true (galley_outbox_cancel (outbox, keep));
  galley_outbox_set_live (outbox, TRUE);
  g_assert_true (galley_test_spin_until (drained, outbox, 5000));
  g_assert_finalize_object (outbox);
}

/* ------------------------------------------------------------------ orders made here */

/* A small dine-in order of the demo menu's first available dish. */
static JsonObject *
order_body (guint quantity)
{
  g_autoptr(JsonArray) items = galley_demo_menu_build_items (g_get_real_time ());
  JsonObject *body = json_object_new ();
  JsonArray *lines = json_array_new ();
  JsonObject *line = json_object_new ();

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (!json_object_get_boolean_member (item, "available"))
        continue;
      json_object_set_string_member (line, "menu_item_id",
                                     json_object_get_string_member (item, "menu_item_id"));
      json_object_set_string_member (line, "name", json_object_get_string_member (item, "name"));
      json_object_set_double_member (line, "price", json_object_get_double_member (item, "price"));
      break;
    }
  json_object_set_string_member (line, "id", "line-1");
  json_object_set_int_member (line, "quantity", quantity);
  json_array_add_object_element (lines, line);
  json_object_set_string_member (body, "type", "dine-in");
  json_object_set_array_member (body, "items", lines);
  json_object_set_string_member (body, "customerName", "Table 4");
  json_object_set_string_member (body, "tableNumber", "4");

  return body;
}

/* How many of the server's orders carry @ref. */
static guint
server_orders_with_ref (Fixture    *f,
                        const char *ref)
{
  g_autoptr(JsonArray) rows = galley_demo_server_dup_orders (f->demo);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *metadata = json_object_get_object_member (json_array_get_object_element (rows, i),
                                                            "metadata");

      n += metadata != NULL &&
           g_strcmp0 (json_object_get_string_member_with_default (metadata, "client_order_ref", ""),
                      ref) == 0;
    }

  return n;
}

static void
create_changed_cb (GalleyOutbox *outbox,
                   const char   *ref,
                   guint        *n)
{
  (*n)++;
}

typedef struct
{
  GalleyOutbox *outbox;
  const char   *ref;
} CreateWait;

static gboolean
create_settled (gpointer data)
{
  CreateWait *w = data;
  GalleyOutboxCreateState state = galley_outbox_get_create_state (w->outbox, w->ref, NULL, NULL);

  return state != GALLEY_OUTBOX_CREATE_WAITING && !galley_outbox_get_busy (w->outbox);
}

/* Orders are taken by a front-of-house role (the kitchen's may not create them). */
static void
sign_in_as_server (Fixture *f)
{
  g_autofree char *token = galley_demo_server_issue_token (f->demo, "server", 3600);

  galley_rest_client_set_token (f->rest, token);
}

static gint64
add_create (Fixture    *f,
            const char *ref,
            guint       quantity)
{
  g_autoptr(JsonObject) body = order_body (quantity);
  g_autoptr(GError) error = NULL;
  gint64 seq = galley_outbox_add_create (f->outbox, body, ref, &error);

  g_assert_no_error (error);
  g_assert_cmpint (seq, >, 0);

  return seq;
}

static void
test_create_sent (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *ref = g_uuid_string_random ();
  g_autofree char *order_id = NULL;
  g_autofree char *message = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_auto (GStrv) today = NULL;
  CreateWait w = { f->outbox, ref };
  guint changes = 0;
  gint64 seq;

  sign_in_as_server (f);

  g_signal_connect (f->outbox, "create-changed", G_CALLBACK (create_changed_cb), &changes);
  galley_outbox_set_live (f->outbox, TRUE);
  seq = add_create (f, ref, 2);
  g_assert_cmpuint (changes, ==, 1);   /* saved */
  g_assert_cmpint (galley_outbox_get_create_state (f->outbox, ref, NULL, NULL), ==,
                   GALLEY_OUTBOX_CREATE_WAITING);
  /* a second tap on "Send" makes no second order */
  g_assert_cmpint (add_create (f, ref, 2), ==, seq);
  g_assert_cmpuint (galley_outbox_get_depth (f->outbox), ==, 1);
  /* an order, once saved, is not taken back */
  g_assert_false (galley_outbox_cancel (f->outbox, seq));

  g_assert_true (galley_test_spin_until (create_settled, &w, 5000));
  g_assert_cmpint (galley_outbox_get_create_state (f->outbox, ref, &order_id, &message), ==,
                   GALLEY_OUTBOX_CREATE_SENT);
  g_assert_nonnull (order_id);
  g_assert_null (message);
  g_assert_cmpuint (changes, ==, 2);   /* and sent */
  g_assert_cmpuint (server_orders_with_ref (f, ref), ==, 1);
  g_assert_cmpuint (count_requests (f, "POST /api/v1/orders"), ==, 1);
  /* the server's row reached the store, so the counter shows its live status */
  g_assert_nonnull (galley_order_store_lookup (f->store, order_id));

  /* still one order after the tap that comes too late */
  g_assert_cmpint (add_create (f, ref, 2), ==, seq);
  wait_empty (f);
  g_assert_cmpuint (server_orders_with_ref (f, ref), ==, 1);

  today = galley_outbox_dup_creates_since (f->outbox, g_get_real_time () - G_USEC_PER_SEC * 60);
  g_assert_cmpuint (g_strv_length (today), ==, 1);
  g_assert_cmpstr (today[0], ==, ref);
  body = galley_outbox_dup_create_body (f->outbox, ref);
  g_assert_nonnull (body);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "metadata"),
                                                  "client_order_ref"), ==, ref);
  g_assert_cmpint (galley_outbox_get_create_state (f->outbox, "no-such-ref", NULL, NULL), ==,
                   GALLEY_OUTBOX_CREATE_UNKNOWN);
}

static void
test_create_offline_restart (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *first = g_uuid_string_random ();
  g_autofree char *second = g_uuid_string_random ();
  g_auto (GStrv) today = NULL;
  CreateWait w = { NULL, second };

  sign_in_as_server (f);

  /* offline: saved, not sent; newest first in the day's list */
  add_create (f, first, 1);
  g_usleep (2000);
  add_create (f, second, 3);
  galley_test_spin_for (50);
  g_assert_cmpuint (count_requests (f, "POST /api/v1/orders"), ==, 0);
  g_assert_cmpint (galley_outbox_get_create_state (f->outbox, first, NULL, NULL), ==,
                   GALLEY_OUTBOX_CREATE_WAITING);
  today = galley_outbox_dup_creates_since (f->outbox, 0);
  g_assert_cmpuint (g_strv_length (today), ==, 2);
  g_assert_cmpstr (today[0], ==, second);
  g_assert_cmpstr (today[1], ==, first);

  /* Galley closes and starts again: both still waiting, then sent once each, in order */
  g_assert_finalize_object (f->outbox);
  f->outbox = open_outbox (f);
  g_assert_cmpint (galley_outbox_get_create_state (f->outbox, second, NULL, NULL), ==,
                   GALLEY_OUTBOX_CREATE_WAITING);
  g_assert_cmpuint (galley_outbox_get_depth (f->outbox), ==, 2);
  w.outbox = f->outbox;
  galley_outbox_set_live (f->outbox, TRUE);
  g_assert_true (galley_test_spin_until (create_settled, &w, 5000));
  wait_empty (f);
  g_assert_cmpint (galley_outbox_get_create_state (f->outbox, first, NULL, NULL), ==,
                   GALLEY_OUTBOX_CREATE_SENT);
  g_assert_cmpint (galley_outbox_get_create_state (f->outbox, second, NULL, NULL), ==,
                   GALLEY_OUTBOX_CREATE_SENT);
  g_assert_cmpuint (server_orders_with_ref (f, first), ==, 1);
  g_assert_cmpuint (server_orders_with_ref (f, second), ==, 1);
  /* never sent before, so nobody looked first */
  g_assert_cmpuint (count_requests (f, "GET /api/v1/orders"), ==, 0);
}

static void
test_create_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *bad = g_uuid_string_random ();
  g_autofree char *forbidden = g_uuid_string_random ();
  g_autofree char *message = NULL;
  g_autofree char *message2 = NULL;
  CreateWait w = { f->outbox, bad };

  sign_in_as_server (f);

  /* a quantity the server refuses (400): refused with its reason, nothing on the server */
  galley_outbox_set_live (f->outbox, TRUE);
  add_create (f, bad, 0);
  g_assert_true (galley_test_spin_until (create_settled, &w, 5000));
  g_assert_cmpint (galley_outbox_get_create_state (f->outbox, bad, NULL, &message), ==,
                   GALLEY_OUTBOX_CREATE_REFUSED);
  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");
  g_assert_cmpuint (server_orders_with_ref (f, bad), ==, 0);
  /* what the cashier fixes is still there */
  {
    g_autoptr(JsonObject) body = galley_outbox_dup_create_body (f->outbox, bad);

    g_assert_nonnull (body);
  }

  /* 403: this terminal may not take orders */
  galley_demo_server_fail_rest (f->demo, "/orders", 403, 1);
  w.ref = forbidden;
  add_create (f, forbidden, 1);
  g_assert_true (galley_test_spin_until (create_settled, &w, 5000));
  g_assert_cmpint (galley_outbox_get_create_state (f->outbox, forbidden, NULL, &message2), ==,
                   GALLEY_OUTBOX_CREATE_REFUSED);
  g_assert_nonnull (message2);
  g_assert_cmpuint (server_orders_with_ref (f, forbidden), ==, 0);
  wait_empty (f);
}

static gboolean
posted (gpointer data)
{
  return count_requests (data, "POST /api/v1/orders") > 0;
}

static void
test_create_ambiguous (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *ref = g_uuid_string_random ();
  g_autofree char *order_id = NULL;
  CreateWait w = { f->outbox, ref };

  sign_in_as_server (f);

  /* the server makes the order, but its answer comes after Galley stopped waiting */
  galley_rest_client_set_timeout (f->rest, 200);
  galley_demo_server_set_delay (f->demo, 0, 3000, 0, "/orders");
  galley_outbox_set_live (f->outbox, TRUE);
  add_create (f, ref, 1);
  g_assert_true (galley_test_spin_until (posted, f, 5000));
  g_assert_cmpuint (server_orders_with_ref (f, ref), ==, 1);
  /* the answer is late; a retry must look first */
  galley_demo_server_set_delay (f->demo, 0, 0, 0, NULL);

  g_assert_true (galley_test_spin_until (create_settled, &w, 10000));
  g_assert_cmpint (galley_outbox_get_create_state (f->outbox, ref, &order_id, NULL), ==,
                   GALLEY_OUTBOX_CREATE_SENT);
  g_assert_nonnull (order_id);
  g_assert_cmpuint (server_orders_with_ref (f, ref), ==, 1);
  g_assert_cmpuint (count_requests (f, "POST /api/v1/orders"), ==, 1);
  g_assert_cmpuint (count_requests (f, "GET /api/v1/orders"), >=, 1);
  galley_rest_client_set_timeout (f->rest, 10000);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static gboolean
have_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* Marks every saved order of the file as attempted, as a run killed mid-request leaves it. */
static void
mark_attempted (Fixture *f)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->outbox_path, &db), ==, SQLITE_OK);
  exec_sql (db, "UPDATE creates SET attempted = 1");
  sqlite3_close (db);
}

static void
test_create_restart_after_attempt (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *arrived = g_uuid_string_random ();
  g_autofree char *lost = g_uuid_string_random ();
  g_autofree char *order_id = NULL;
  CreateWait w = { NULL, lost };

  sign_in_as_server (f);

  /* two orders saved; the run dies after posting both. The server got the first only. */
  add_create (f, arrived, 1);
  add_create (f, lost, 1);
  g_assert_finalize_object (f->outbox);
  mark_attempted (f);
  {
    g_autoptr(JsonObject) body = order_body (1);
    JsonObject *metadata = json_object_new ();
    GAsyncResult *result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) row = NULL;

    json_object_set_string_member (metadata, "client_order_ref", arrived);
    json_object_set_object_member (body, "metadata", metadata);
    galley_rest_client_create_order_async (f->rest, body, NULL, NULL, store_result, &result);
    g_assert_true (galley_test_spin_until (have_result, &result, 5000));
    row = galley_rest_client_create_order_finish (f->rest, result, &error);
    g_object_unref (result);
    g_assert_no_error (error);
    order_id = g_strdup (json_object_get_string_member (row, "id"));
  }
  galley_demo_server_clear_log (f->demo);

  /* the next start looks before posting: the first is found, the second sent once */
  f->outbox = open_outbox (f);
  w.outbox = f->outbox;
  galley_outbox_set_live (f->outbox, TRUE);
  g_assert_true (galley_test_spin_until (create_settled, &w, 5000));
  wait_empty (f);
  {
    g_autofree char *found = NULL;

    g_assert_cmpint (galley_outbox_get_create_state (f->outbox, arrived, &found, NULL), ==,
                     GALLEY_OUTBOX_CREATE_SENT);
    g_assert_cmpstr (found, ==, order_id);
  }
  g_assert_cmpint (galley_outbox_get_create_state (f->outbox, lost, NULL, NULL), ==,
                   GALLEY_OUTBOX_CREATE_SENT);
  g_assert_cmpuint (server_orders_with_ref (f, arrived), ==, 1);
  g_assert_cmpuint (server_orders_with_ref (f, lost), ==, 1);
  g_assert_cmpuint (count_requests (f, "POST /api/v1/orders"), ==, 1);
}

static void
test_lifecycle (Fixture       *f,
                gconstpointer  data)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  guint handlers_rest, handlers_store;
  guint n = galley_test_iterations (100);

  /* the fixture's outbox goes first: the cycles make their own */
  g_assert_finalize_object (f->outbox);

  lifecycle_cycle (f, 0);
  lifecycle_cycle (f, 1);
  galley_test_drain_main_context ();
  galley_test_baseline_take (&base);
  handlers_rest = galley_test_count_signal_handlers (f->rest);
  handlers_store = galley_test_count_signal_handlers (f->store);

  for (guint i = 2; i < n + 2; i++)
    lifecycle_cycle (f, i);

  galley_test_drain_main_context ();
  galley_test_assert_tracked (GALLEY_TYPE_OUTBOX, 0);
  galley_test_assert_tracked (SOUP_TYPE_MESSAGE, 0);
  g_assert_cmpuint (galley_test_count_signal_handlers (f->rest), ==, handlers_rest);
  g_assert_cmpuint (galley_test_count_signal_handlers (f->store), ==, handlers_store);
  g_assert_cmpuint (galley_test_count_sources ("galley-outbox-"), ==, 0);
  galley_test_baseline_assert (&base);
  g_assert_cmpint (galley_instances_counter_get ("sqlite database"), ==, 0);
  g_assert_cmpuint (f->conflicts->len, ==, 0);

  f->outbox = open_outbox (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();
  galley_test_track_all ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/outbox/deferred/not-before", test_deferred_not_before);
  ADD ("/outbox/deferred/cancel-before-send", test_deferred_cancel_before_send);
  ADD ("/outbox/deferred/cancel-after-send", test_deferred_cancel_after_send);
  ADD ("/outbox/deferred/order", test_deferred_order);
  ADD ("/outbox/deferred/cancel-head-unblocks", test_deferred_cancel_head_unblocks);
  ADD ("/outbox/deferred/offline", test_deferred_offline);
  ADD ("/outbox/deferred/restart", test_deferred_restart);
  ADD ("/outbox/migration", test_migration);
  ADD ("/outbox/line-status/relayed", test_line_status_relayed);
  ADD ("/outbox/line-status/route-404", test_line_status_404);
  ADD ("/outbox/line-status/route-405", test_line_status_405);
  ADD ("/outbox/line-status/route-501", test_line_status_501);
  ADD ("/outbox/line-status/transient-503", test_line_status_transient);
  ADD ("/outbox/line-status/line-or-order-gone", test_line_status_line_or_order_gone);
  ADD ("/outbox/line-status/reset", test_line_status_reset);
  ADD ("/outbox/create/sent", test_create_sent);
  ADD ("/outbox/create/offline-restart", test_create_offline_restart);
  ADD ("/outbox/create/refused", test_create_refused);
  ADD ("/outbox/create/ambiguous-reply", test_create_ambiguous);
  ADD ("/outbox/create/restart-after-attempt", test_create_restart_after_attempt);
  ADD ("/outbox/lifecycle", test_lifecycle);

#undef ADD

  return g_test_run ();
}
