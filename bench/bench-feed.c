/* bench-feed.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The order feed's figures:
 *   ingest     order events per second through parse + store (goal >= 50,000/s)
 *   resync     a full snapshot of 2,000 orders: parse + reconcile (goal < 50 ms)
 *   reconnect  reconnect to live on loopback against the demo server (ms), and resident
 *              memory over RECONNECTS reconnects (goal: flat)
 *
 * Usage: bench-feed [RECONNECTS]   (default 10000)
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo/galley-demo-server.h"
#include "diag/galley-resources.h"
#include "net/galley-link-message.h"
#include "net/galley-order-feed.h"
#include "util/galley-json.h"
#include "util/galley-time.h"

#define T0 G_GINT64_CONSTANT (1762365600000000)

/* CPU time of this thread: what the work costs, whatever else the machine runs. */
static gint64
cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);

  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static JsonObject *
make_row (guint  n,
          gint64 version)
{
  JsonObject *row = json_object_new ();
  JsonArray *items = json_array_new ();
  g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-%012u", n);
  g_autofree char *number = g_strdup_printf ("20251105-%04u", n % 10000);
  g_autofree char *created = galley_time_format_db (T0 + (gint64) n * 1000);
  g_autofree char *updated = galley_time_format_db (T0 + (gint64) n * 1000 + version);

  for (guint i = 0; i < 3; i++)
    {
      JsonObject *item = json_object_new ();
      JsonArray *modifiers = json_array_new ();
      JsonObject *modifier = json_object_new ();
      g_autofree char *line = g_strdup_printf ("line-%u", i + 1);

      json_object_set_string_member (modifier, "id", "mod-extra-cheese");
      json_object_set_string_member (modifier, "name", "Extra cheese");
      json_object_set_double_member (modifier, "price", 1.0);
      json_array_add_object_element (modifiers, modifier);
      json_object_set_string_member (item, "id", line);
      json_object_set_string_member (item, "menu_item_id", "burger-classic");
      json_object_set_string_member (item, "name", "Classic Burger");
      json_object_set_int_member (item, "quantity", 1 + i);
      json_object_set_double_member (item, "price", 13.0);
      json_object_set_array_member (item, "modifiers", modifiers);
      json_array_add_object_element (items, item);
    }

  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "restaurant_id", GALLEY_DEMO_RESTAURANT_ID);
  json_object_set_string_member (row, "order_number", number);
  json_object_set_string_member (row, "type", "online");
  json_object_set_string_member (row, "status", version % 2 ? "preparing" : "confirmed");
  json_object_set_array_member (row, "items", items);
  json_object_set_double_member (row, "subtotal", 84.0);
  json_object_set_double_member (row, "tax", 6.72);
  json_object_set_double_member (row, "total_amount", 90.72);
  json_object_set_null_member (row, "notes");
  json_object_set_string_member (row, "table_number", "7");
  json_object_set_object_member (row, "metadata", json_object_new ());
  json_object_set_string_member (row, "created_at", created);
  json_object_set_string_member (row, "updated_at", updated);
  json_object_set_int_member (row, "version", version);

  return row;
}

static void
bench_ingest (void)
{
  const guint n_orders = 500, n_events = 200000;
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GalleyOrderStore) store = galley_order_store_new ();
  gint64 t0, cpu0;
  double seconds, cpu_seconds;

  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr(JsonObject) frame = json_object_new ();
      JsonObject *payload = json_object_new ();

      json_object_set_string_member (frame, "type", i < n_orders ? "order:created" : "order:updated");
      json_object_set_object_member (payload, "order", make_row (i % n_orders, 1 + i / n_orders));
      json_object_set_object_member (frame, "payload", payload);
      json_object_set_string_member (frame, "timestamp", "2025-11-05T18:04:12.101Z");
      g_ptr_array_add (frames, galley_json_object_to_string (frame));
    }

  t0 = g_get_monotonic_time ();
  cpu0 = cpu_us ();
  for (guint i = 0; i < frames->len; i++)
    {
      const char *text = g_ptr_array_index (frames, i);
      g_autoptr(GalleyLinkMessage) message = galley_link_message_parse (text, strlen (text), NULL);

      g_assert (message != NULL && message->order != NULL);
      galley_order_store_apply (store, message->order);
    }
  seconds = (g_get_monotonic_time () - t0) / 1e6;
  cpu_seconds = (cpu_us () - cpu0) / 1e6;

  g_print ("ingest: %u order events (parse + store) in %.3f s: %.0f events/s (goal >= 50,000/s); "
           "CPU %.3f s (%.0f %% of a core): %.0f events/s of CPU\n",
           n_events, seconds, n_events / seconds, cpu_seconds, 100 * cpu_seconds / seconds,
           n_events / cpu_seconds);
}

static char *
rows_text (guint  n,
           gint64 version)
{
  g_autoptr(JsonArray) page = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < n; i++)
    json_array_add_object_element (page, make_row (i, version));
  json_node_set_array (node, page);

  return galley_json_to_string (node);
}

static void
bench_resync (void)
{
  const guint n = 2000;
  g_autofree char *held_text = rows_text (n, 1);
  g_autofree char *text = rows_text (n, 2);
  double best = G_MAXDOUBLE, best_cpu = G_MAXDOUBLE;

  for (guint round = 0; round < 5; round++)
    {
      g_autoptr(GalleyOrderStore) store = galley_order_store_new ();
      g_autoptr(GPtrArray) snapshot = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) missing = NULL;
      g_autoptr(JsonNode) held = galley_json_parse (held_text, -1, NULL);
      g_autoptr(JsonNode) root = NULL;
      GalleyReconcileStats stats;
      JsonArray *rows;
      gint64 t0, cpu0;
      double ms;

      /* the store holds version 1 of every order; the snapshot brings version 2 */
      rows = json_node_get_array (held);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GalleyOrder) order =
            galley_order_new_from_json (json_array_get_object_element (rows, i), NULL);

          galley_order_store_apply (store, order);
        }

      t0 = g_get_monotonic_time ();
      cpu0 = cpu_us ();
      root = galley_json_parse (text, -1, NULL);
      rows = json_node_get_array (root);
      for (guint i = 0; i < json_array_get_length (rows); i++)
        g_ptr_array_add (snapshot,
                         galley_order_new_from_json (json_array_get_object_element (rows, i), NULL));
      missing = galley_order_store_reconcile (store, snapshot, &stats);
      ms = (g_get_monotonic_time () - t0) / 1e3;
      g_assert (stats.updated == n);
      best = MIN (best, ms);
      best_cpu = MIN (best_cpu, (cpu_us () - cpu0) / 1e3);
    }

  g_print ("resync: %u orders (%zu KB of JSON) parsed and reconciled in %.1f ms, best of 5 "
           "(goal < 50 ms); CPU %.1f ms, best of 5\n", n, strlen (text) / 1024, best, best_cpu);
}

typedef struct
{
  GalleyOrderLink *link;
  GalleyLinkState  state;
} StateWait;

static gboolean
wait_state (GalleyOrderLink *link,
            GalleyLinkState  state,
            guint            timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (galley_order_link_get_state (link) != state)
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }

  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static void
bench_reconnect (guint n)
{
  g_autoptr(GalleyDemoServer) demo = galley_demo_server_new ();
  g_autoptr(GalleyNetSession) session = galley_net_session_new ();
  g_autoptr(GalleyRestClient) rest = NULL;
  g_autoptr(GalleyOrderLink) link = NULL;
  g_autoptr(GalleyOrderStore) store = galley_order_store_new ();
  g_autoptr(GalleyOrderFeed) feed = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *token = NULL;
  GalleyLinkTimings timings;
  guint64 rss_start = 0, rss_end;

  g_object_set (demo, "port", 0, "seed", (gint64) 3, "rate", 0.0, NULL);
  if (!galley_demo_server_set_option (demo, "edit_rate", "0", &error))
    g_error ("%s", error->message);
  if (!galley_demo_server_start (demo, &error))
    g_error ("%s", error->message);
  url = galley_demo_server_dup_base_url (demo);
  token = galley_demo_server_issue_token (demo, "kitchen", 3600 * 24);

  rest = galley_rest_client_new (session);
  galley_rest_client_set_base_url (rest, url);
  galley_rest_client_set_restaurant_id (rest, GALLEY_DEMO_RESTAURANT_ID);
  galley_rest_client_set_token (rest, token);
  link = galley_order_link_new (session);
  galley_link_timings_init_default (&timings);
  timings.backoff_base_ms = 1;   /* measure the reconnect, not the wait before it */
  timings.backoff_cap_ms = 1;
  timings.max_attempts = 0;
  galley_order_link_set_timings (link, &timings);
  galley_order_link_configure (link, url, GALLEY_DEMO_RESTAURANT_ID);
  galley_order_link_set_token (link, token);
  feed = galley_order_feed_new (link, rest, store);
  galley_order_feed_start (feed);
  if (!wait_state (link, GALLEY_LINK_LIVE, 5000))
    g_error ("not live");

  for (guint i = 0; i < n; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      galley_demo_server_drop_connections (demo, GALLEY_DEMO_DROP_CLOSE, 1001, "bench");
      if (!wait_state (link, GALLEY_LINK_WAITING, 5000) || !wait_state (link, GALLEY_LINK_LIVE, 5000))
        g_error ("reconnect %u did not complete", i);
      ms = (g_get_monotonic_time () - t0) / 1e3;
      g_array_append_val (times, ms);

      if (i == MIN (n - 1, 99))
        rss_start = galley_resources_rss_bytes ();   /* after warm-up */
    }
  rss_end = galley_resources_rss_bytes ();
  g_array_sort (times, compare_doubles);

  g_print ("reconnect: close to live again (handshake, auth, snapshot of %u orders): "
           "median %.2f ms, p99 %.2f ms (%u reconnects)\n",
           g_list_model_get_n_items (G_LIST_MODEL (store)),
           g_array_index (times, double, n / 2),
           g_array_index (times, double, MIN (n - 1, n * 99 / 100)), n);
  g_print ("reconnect: resident memory %.1f MB after 100 reconnects, %.1f MB after %u (%+.1f MB)\n",
           rss_start / 1048576.0, rss_end / 1048576.0, n,
           ((double) rss_end - (double) rss_start) / 1048576.0);

  galley_order_feed_stop (feed);
  galley_demo_server_stop (demo);
}

int
main (int   argc,
      char *argv[])
{
  guint reconnects = argc > 1 ? (guint) atoi (argv[1]) : 10000;

  bench_ingest ();
  bench_resync ();
  if (reconnects > 0)
    bench_reconnect (reconnects);

  return 0;
}
