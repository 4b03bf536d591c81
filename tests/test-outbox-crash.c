/* test-outbox-crash.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Crash safety of the outbox (R-OUT-1..4): a child process makes status changes offline and
 * is killed with SIGKILL at a random moment, often in the middle of a database write. Galley
 * then starts again (the outbox is reopened), reconnects (the store gets the server's rows)
 * and replays. Every change the child reported as made must have reached the server, each
 * transition exactly once: the server refused none and applied each step one time.
 *
 * Half of the changes are deferred (an undo window of 50-300 ms, so many are still inside it
 * when Galley starts again: they must still go out, once), and a quarter are cancelled right
 * after being made (undo): a change whose cancel was reported before the kill never reaches
 * the server.
 *
 * The same binary is the child: test-outbox-crash --child OUTBOX PLAN
 * PLAN lines: ORDER_ID STATUS DELAY_MS CANCEL(0|1)
 *
 * Orders made at the counter (R-OUT-7) get the same treatment, live: a child saves orders
 * and sends them to the demo server while the parent answers, and is killed at a random
 * moment, often between a request and its reply. After the restart every order the child
 * saved exists exactly once on the server.
 *
 * That child: test-outbox-crash --child-create OUTBOX URL TOKEN PREFIX N
 */
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley-testutil.h"
#include "demo/galley-demo-server.h"
#include "net/galley-outbox.h"
#include "util/galley-json.h"

#define ORDERS_PER_TRIAL 4

/* ------------------------------------------------------------------ the child */

static int
child_main (const char *outbox_path,
            const char *plan_path)
{
  g_autoptr(GalleyNetSession) session = galley_net_session_new ();
  g_autoptr(GalleyRestClient) rest = galley_rest_client_new (session);
  g_autoptr(GalleyOrderStore) store = galley_order_store_new ();
  g_autoptr(GalleyOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plan = NULL;
  g_auto (GStrv) lines = NULL;

  outbox = galley_outbox_new (outbox_path, rest, store, &error);
  if (outbox == NULL || !g_file_get_contents (plan_path, &plan, NULL, &error))
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }

  /* offline: the outbox is never live here, it only writes */
  lines = g_strsplit (plan, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) parts = g_strsplit (lines[i], " ", 4);
      gint64 seq;

      if (g_strv_length (parts) != 4)
        continue;
      seq = galley_outbox_add_status_deferred (outbox, parts[0],
                                               galley_order_status_from_string (parts[1]),
                                               (guint) g_ascii_strtoull (parts[2], NULL, 10),
                                               &error);
      if (seq == 0)
        {
          g_printerr ("child: %s\n", error->message);
          return 1;
        }
      /* only now may the screen show it: report it as made */
      printf ("made %s %s\n", parts[0], parts[1]);
      fflush (stdout);

      if (strcmp (parts[3], "1") == 0)
        {
          /* the cook's undo, inside the window (offline: nothing has started) */
          printf ("cancelling %s %s\n", parts[0], parts[1]);
          fflush (stdout);
          if (!galley_outbox_cancel (outbox, seq))
            {
              printf ("cancel-failed %s %s\n", parts[0], parts[1]);
              fflush (stdout);
              return 1;
            }
          printf ("cancelled %s %s\n", parts[0], parts[1]);
          fflush (stdout);
        }
    }

  printf ("all\n");
  fflush (stdout);
  for (;;)
    g_usleep (G_USEC_PER_SEC);   /* until the parent kills us */

  return 0;
}

static void
create_changed_cb (GalleyOutbox *outbox,
                   const char   *ref,
                   gpointer      data)
{
  if (galley_outbox_get_create_state (outbox, ref, NULL, NULL) == GALLEY_OUTBOX_CREATE_SENT)
    {
      printf ("sent %s\n", ref);
      fflush (stdout);
    }
}

static JsonObject *
order_body (guint i)
{
  JsonObject *body = json_object_new ();
  JsonArray *lines = json_array_new ();
  JsonObject *line = json_object_new ();

  json_object_set_string_member (line, "id", "line-1");
  json_object_set_string_member (line, "menu_item_id", "5d7e0c4a-2f1b-4b8e-8c0d-3a9f6e2b1c77");
  json_object_set_string_member (line, "name", "Soul Bowl");
  json_object_set_int_member (line, "quantity", 1 + i % 3);
  json_object_set_double_member (line, "price", 14.0);
  json_array_add_object_element (lines, line);
  json_object_set_string_member (body, "type", "dine-in");
  json_object_set_array_member (body, "items", lines);
  json_object_set_string_member (body, "customerName", "Table 9");
  json_object_set_string_member (body, "tableNumber", "9");

  return body;
}

static int
child_create_main (const char *outbox_path,
                   const char *url,
                   const char *token,
                   const char *prefix,
                   guint       n)
{
  g_autoptr(GalleyNetSession) session = galley_net_session_new ();
  g_autoptr(GalleyRestClient) rest = galley_rest_client_new (session);
  g_autoptr(GalleyOrderStore) store = galley_order_store_new ();
  g_autoptr(GalleyOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;

  galley_rest_client_set_base_url (rest, url);
  galley_rest_client_set_restaurant_id (rest, GALLEY_DEMO_RESTAURANT_ID);
  galley_rest_client_set_token (rest, token);
  outbox = galley_outbox_new (outbox_path, rest, store, &error);
  if (outbox == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }
  galley_outbox_set_retry_delay (outbox, 5);
  g_signal_connect (outbox, "create-changed", G_CALLBACK (create_changed_cb), NULL);
  galley_outbox_set_live (outbox, TRUE);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *ref = g_strdup_printf ("%s-%u", prefix, i);
      g_autoptr(JsonObject) body = order_body (i);

      if (galley_outbox_add_create (outbox, body, ref, &error) == 0)
        {
          g_printerr ("child: %s\n", error->message);
          return 1;
        }
      /* only now may the counter say "saved": report it as made */
      printf ("made %s\n", ref);
      fflush (stdout);
      /* let the main loop send a little before the next order */
      for (guint k = 0; k < 3; k++)
        g_main_context_iteration (NULL, FALSE);
    }

  for (;;)
    g_main_context_iteration (NULL, TRUE);   /* sending, until the parent kills us */

  return 0;
}

/* ------------------------------------------------------------------ the parent */

typedef struct
{
  GalleyDemoServer *demo;
  char             *binary;
  char             *dir;
  GRand            *rand;
  guint             all_written;
  guint             cancelled;        /* cancels reported before the kill */
  guint             in_window;        /* entries still in their undo window at restart */
} Crash;

/* Entries of the file that are still inside their undo window now. */
static guint
count_in_window (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM outbox WHERE not_before > ?", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = (guint) sqlite3_column_int (stmt, 0);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

typedef struct
{
  GalleyOrderStatus status;
  gboolean          cancel;
  gboolean          made;
  gboolean          cancelling;
  gboolean          cancelled;
} PlanLine;

static gboolean
outbox_drained (gpointer data)
{
  GalleyOutbox *outbox = data;

  return galley_outbox_get_depth (outbox) == 0 && !galley_outbox_get_busy (outbox);
}

static void
load_store (Crash            *c,
            GalleyOrderStore *store)
{
  g_autoptr(JsonArray) rows = galley_demo_server_dup_orders (c->demo);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GalleyOrder) order =
        galley_order_new_from_json (json_array_get_object_element (rows, i), &error);

      g_assert_no_error (error);
      galley_order_store_apply (store, order);
    }
}

static guint
count_patches (Crash      *c,
               const char *order_id)
{
  g_autoptr(JsonArray) log = galley_demo_server_dup_log (c->demo);
  g_autofree char *suffix = g_strdup_printf ("/orders/%s/status", order_id);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      JsonObject *entry = json_array_get_object_element (log, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (entry, "method", ""), "PATCH") == 0 &&
          g_str_has_suffix (json_object_get_string_member_with_default (entry, "path", ""), suffix))
        n++;
    }

  return n;
}

static void
one_trial (Crash *c,
           guint  trial)
{
  static const GalleyOrderStatus chain[] = {
    GALLEY_ORDER_STATUS_CONFIRMED, GALLEY_ORDER_STATUS_PREPARING, GALLEY_ORDER_STATUS_READY,
    GALLEY_ORDER_STATUS_COMPLETED,
  };
  g_autofree char *outbox_path = g_strdup_printf ("%s/outbox-%u.sqlite", c->dir, trial);
  g_autofree char *plan_path = g_strdup_printf ("%s/plan-%u.txt", c->dir, trial);
  g_autoptr(GString) plan = g_string_new (NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) plan_lines = g_array_new (FALSE, TRUE, sizeof (PlanLine));
  g_autoptr(GArray) plan_order = g_array_new (FALSE, TRUE, sizeof (guint));     /* line -> o */
  GalleyOrderStatus initial[ORDERS_PER_TRIAL];
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GalleyNetSession) session = NULL;
  g_autoptr(GalleyRestClient) rest = NULL;
  g_autoptr(GalleyOrderStore) store = NULL;
  g_autoptr(GalleyOutbox) outbox = NULL;
  g_autofree char *url = galley_demo_server_dup_base_url (c->demo);
  g_auto (GStrv) lines = NULL;
  guint steps[ORDERS_PER_TRIAL] = { 0 };
  guint remaining = 0;

  /* fresh pending orders, and a plan: each order moves forward in random jumps, interleaved */
  galley_demo_server_clear_log (c->demo);
  for (guint i = 0; i < ORDERS_PER_TRIAL; i++)
    {
      g_autoptr(JsonArray) rows = NULL;
      JsonObject *row;

      galley_demo_server_generate (c->demo, 1);
      rows = galley_demo_server_dup_orders (c->demo);
      row = json_array_get_object_element (rows, json_array_get_length (rows) - 1);
      g_ptr_array_add (ids, g_strdup (json_object_get_string_member (row, "id")));
      initial[i] = galley_order_status_from_string (json_object_get_string_member (row, "status"));
      steps[i] = 0;
      remaining += G_N_ELEMENTS (chain);
    }
  while (remaining > 0)
    {
      guint o = (guint) g_rand_int_range (c->rand, 0, ORDERS_PER_TRIAL);
      guint jump;

      if (steps[o] == G_N_ELEMENTS (chain))
        continue;
      jump = (guint) g_rand_int_range (c->rand, 1, 3);
      jump = MIN (jump, G_N_ELEMENTS (chain) - steps[o]);
      steps[o] += jump;
      remaining -= jump;
      {
        PlanLine line = { chain[steps[o] - 1], g_rand_int_range (c->rand, 0, 4) == 0,
                          FALSE, FALSE, FALSE };
        guint delay = g_rand_boolean (c->rand) ? (guint) g_rand_int_range (c->rand, 50, 301) : 0;

        g_string_append_printf (plan, "%s %s %u %d\n", (char *) g_ptr_array_index (ids, o),
                                galley_order_status_to_string (line.status), delay, line.cancel);
        g_array_append_val (plan_lines, line);
        g_array_append_val (plan_order, o);
      }
    }
  g_assert_true (g_file_set_contents (plan_path, plan->str, -1, &error));

  /* the child writes, and dies at a random moment */
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, c->binary, "--child",
                            outbox_path, plan_path, NULL);
  g_assert_no_error (error);
  g_usleep ((gulong) g_rand_int_range (c->rand, 2000, 60000));
  g_subprocess_force_exit (child);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  out = g_input_stream_read_bytes (g_subprocess_get_stdout_pipe (child), 1 << 20, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));

    lines = g_strsplit (text, "\n", -1);
  }
  /* the child reports in plan order: match each report with the next plan line */
  {
    guint next_made = 0;

    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_auto (GStrv) parts = g_strsplit (lines[i], " ", 3);
        PlanLine *line;

        if (g_strv_length (parts) == 1 && g_strcmp0 (parts[0], "all") == 0)
          c->all_written++;
        if (g_strv_length (parts) != 3)
          continue;
        g_assert_cmpstr (parts[0], !=, "cancel-failed");

        if (g_strcmp0 (parts[0], "made") == 0)
          {
            g_assert_cmpuint (next_made, <, plan_lines->len);
            line = &g_array_index (plan_lines, PlanLine, next_made++);
            line->made = TRUE;
          }
        else
          {
            g_assert_cmpuint (next_made, >, 0);
            line = &g_array_index (plan_lines, PlanLine, next_made - 1);
            line->cancelling |= g_strcmp0 (parts[0], "cancelling") == 0;
            line->cancelled |= g_strcmp0 (parts[0], "cancelled") == 0;
            c->cancelled += g_strcmp0 (parts[0], "cancelled") == 0;
          }
        g_assert_cmpstr (g_ptr_array_index (ids, g_array_index (plan_order, guint,
                                                                next_made - 1)), ==, parts[1]);
        g_assert_cmpint (line->status, ==, galley_order_status_from_string (parts[2]));
      }
  }
  c->in_window += count_in_window (outbox_path);

  /* Galley starts again: the outbox is reopened, the link is live after a snapshot */
  session = galley_net_session_new ();
  rest = galley_rest_client_new (session);
  galley_rest_client_set_base_url (rest, url);
  galley_rest_client_set_restaurant_id (rest, GALLEY_DEMO_RESTAURANT_ID);
  {
    g_autofree char *token = galley_demo_server_issue_token (c->demo, "kitchen", 3600);

    galley_rest_client_set_token (rest, token);
  }
  store = galley_order_store_new ();
  load_store (c, store);
  outbox = galley_outbox_new (outbox_path, rest, store, &error);
  g_assert_no_error (error);
  galley_outbox_set_retry_delay (outbox, 5);
  galley_outbox_set_live (outbox, TRUE);
  g_assert_true (galley_test_spin_until (outbox_drained, outbox, 10000));
  g_assert_cmpuint (galley_outbox_get_conflicts (outbox), ==, 0);

  for (guint o = 0; o < ids->len; o++)
    {
      const char *id = g_ptr_array_index (ids, o);
      g_autoptr(JsonObject) row = galley_demo_server_dup_order (c->demo, id);
      GalleyOrderStatus final = galley_order_status_from_string (
        json_object_get_string_member (row, "status"));
      GalleyOrderStatus kept = GALLEY_ORDER_STATUS_UNKNOWN;   /* made, never undone */
      GalleyOrderStatus allowed = initial[o];                 /* not reported as undone */
      gint64 version = json_object_get_int_member (row, "version");

      for (guint j = 0; j < plan_lines->len; j++)
        {
          PlanLine *line = &g_array_index (plan_lines, PlanLine, j);

          if (g_array_index (plan_order, guint, j) != o)
            continue;
          if (line->made && !line->cancelling)
            kept = line->status;
          if (!line->cancelled)
            allowed = line->status;
        }

      /* nothing reported as made is lost (deferred or not); nothing undone or beyond the
       * plan happened */
      if (kept != GALLEY_ORDER_STATUS_UNKNOWN)
        g_assert_true (galley_order_status_reached (final, kept));
      g_assert_true (final <= allowed);

      /* exactly once: every PATCH was accepted (none refused as a repeat), one per step */
      g_assert_cmpuint (count_patches (c, id), ==, (guint) (version - 1));
    }
}

static void
test_crash_safety (void)
{
  Crash c = { 0 };
  g_autoptr(GError) error = NULL;
  guint trials = galley_test_iterations (200);
  gint64 t0 = g_get_monotonic_time ();

  c.binary = g_test_build_filename (G_TEST_BUILT, "test-outbox-crash", NULL);
  c.dir = g_dir_make_tmp ("galley-crash-XXXXXX", &error);
  g_assert_no_error (error);
  c.rand = g_rand_new_with_seed (g_test_rand_int ());
  c.demo = galley_demo_server_new ();
  g_object_set (c.demo, "port", 0, "seed", (gint64) 5, "rate", 0.0, NULL);
  /* no simulated edits either: every version bump must be one of the outbox's PATCHes */
  g_assert_true (galley_demo_server_set_option (c.demo, "edit_rate", "0", NULL));
  g_assert_true (galley_demo_server_start (c.demo, &error));

  for (guint i = 0; i < trials; i++)
    one_trial (&c, i);

  g_test_message ("%u trials in %.1f s; %u children wrote their whole plan before the kill; "
                  "%u changes undone before it; %u still in their undo window at restart",
                  trials, (g_get_monotonic_time () - t0) / 1e6, c.all_written, c.cancelled,
                  c.in_window);
  /* the kills must land mid-plan most of the time, or the test proves little; and the
   * deferred and undone paths must have been taken (asserted with enough trials: with the
   * 20 of a valgrind run, slow child start-ups can leave every kill before the first undo) */
  g_assert_cmpuint (c.all_written, <, trials);
  if (trials >= 100)
    {
      g_assert_cmpuint (c.cancelled, >, 0);
      g_assert_cmpuint (c.in_window, >, 0);
    }

  galley_demo_server_stop (c.demo);
  g_assert_finalize_object (c.demo);
  galley_test_drain_main_context ();
  galley_test_assert_no_galley_objects ();
  galley_test_remove_dir (c.dir);
  g_rand_free (c.rand);
  g_free (c.binary);
  g_free (c.dir);
}

/* ------------------------------------------------------------------ orders made here */

#define CREATES_PER_TRIAL 3

typedef struct
{
  guint kills_in_flight;   /* an order sent, no reply recorded, at the kill */
  guint kills_unsent;      /* an order saved, never tried, at the kill */
  guint made;
  guint found_after_lookup;
} CreateStats;

static guint
query_count (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

/* How many of the server's orders carry @ref. */
static guint
orders_with_ref (GalleyDemoServer *demo,
                 const char       *ref)
{
  g_autoptr(JsonArray) rows = galley_demo_server_dup_orders (demo);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *metadata =
        json_object_get_object_member (json_array_get_object_element (rows, i), "metadata");

      n += metadata != NULL &&
           g_strcmp0 (json_object_get_string_member_with_default (metadata, "client_order_ref",
                                                                  ""), ref) == 0;
    }

  return n;
}

static void
child_waited (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL));
  *(gboolean *) data = TRUE;
}

static void
create_trial (Crash       *c,
              CreateStats *stats,
              guint        trial)
{
  g_autofree char *outbox_path = g_strdup_printf ("%s/creates-%u.sqlite", c->dir, trial);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *prefix = g_strdup_printf ("t%u-%s", trial, uuid);
  g_autofree char *url = galley_demo_server_dup_base_url (c->demo);
  g_autofree char *token = galley_demo_server_issue_token (c->demo, "server", 3600);
  g_autofree char *n_text = g_strdup_printf ("%u", CREATES_PER_TRIAL);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GalleyNetSession) session = NULL;
  g_autoptr(GalleyRestClient) rest = NULL;
  g_autoptr(GalleyOrderStore) store = NULL;
  g_autoptr(GalleyOutbox) outbox = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr(GHashTable) made = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean gone = FALSE;

  /* the child sends while this process's main loop answers, and dies at a random moment */
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, c->binary,
                            "--child-create", outbox_path, url, token, prefix, n_text, NULL);
  g_assert_no_error (error);
  galley_test_spin_for ((guint) g_rand_int_range (c->rand, 5, 120));
  g_subprocess_force_exit (child);
  g_subprocess_wait_async (child, NULL, child_waited, &gone);
  g_assert_true (galley_test_spin_until (galley_test_is_true, &gone, 10000));
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  out = g_input_stream_read_bytes (g_subprocess_get_stdout_pipe (child), 1 << 20, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));

    lines = g_strsplit (text, "\n", -1);
  }
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "made "))
        g_hash_table_add (made, g_strdup (lines[i] + 5));
      else if (g_str_has_prefix (lines[i], "sent "))
        g_hash_table_add (sent, g_strdup (lines[i] + 5));
    }
  stats->made += g_hash_table_size (made);

  if (g_file_test (outbox_path, G_FILE_TEST_EXISTS))
    {
      stats->kills_in_flight +=
        query_count (outbox_path, "SELECT count(*) FROM creates WHERE attempted = 1 AND state = 1") > 0;
      stats->kills_unsent +=
        query_count (outbox_path, "SELECT count(*) FROM creates WHERE attempted = 0 AND state = 1") > 0;
    }

  /* Galley starts again and sends what is left */
  session = galley_net_session_new ();
  rest = galley_rest_client_new (session);
  galley_rest_client_set_base_url (rest, url);
  galley_rest_client_set_restaurant_id (rest, GALLEY_DEMO_RESTAURANT_ID);
  galley_rest_client_set_token (rest, token);
  store = galley_order_store_new ();
  outbox = galley_outbox_new (outbox_path, rest, store, &error);
  g_assert_no_error (error);
  galley_outbox_set_retry_delay (outbox, 5);
  galley_outbox_set_live (outbox, TRUE);
  g_assert_true (galley_test_spin_until (outbox_drained, outbox, 10000));

  /* every order the child saved (reported or not) is on the server exactly once */
  for (guint i = 0; i < CREATES_PER_TRIAL; i++)
    {
      g_autofree char *ref = g_strdup_printf ("%s-%u", prefix, i);
      GalleyOutboxCreateState state = galley_outbox_get_create_state (outbox, ref, NULL, NULL);
      guint n = orders_with_ref (c->demo, ref);

      if (g_hash_table_contains (made, ref) || g_hash_table_contains (sent, ref))
        {
          g_assert_cmpint (state, ==, GALLEY_OUTBOX_CREATE_SENT);
          g_assert_cmpuint (n, ==, 1);
        }
      else if (state == GALLEY_OUTBOX_CREATE_SENT)
        g_assert_cmpuint (n, ==, 1);   /* saved just before the kill, not yet reported */
      else
        {
          g_assert_cmpint (state, ==, GALLEY_OUTBOX_CREATE_UNKNOWN);   /* never saved */
          g_assert_cmpuint (n, ==, 0);
        }
    }
}

static void
test_create_crash_safety (void)
{
  Crash c = { 0 };
  CreateStats stats = { 0 };
  g_autoptr(GError) error = NULL;
  guint trials = galley_test_iterations (200);
  gint64 t0 = g_get_monotonic_time ();

  c.binary = g_test_build_filename (G_TEST_BUILT, "test-outbox-crash", NULL);
  c.dir = g_dir_make_tmp ("galley-crash-XXXXXX", &error);
  g_assert_no_error (error);
  c.rand = g_rand_new_with_seed (g_test_rand_int ());
  c.demo = galley_demo_server_new ();
  g_object_set (c.demo, "port", 0, "seed", (gint64) 7, "rate", 0.0, NULL);
  g_assert_true (galley_demo_server_set_option (c.demo, "edit_rate", "0", NULL));
  g_assert_true (galley_demo_server_start (c.demo, &error));
  /* replies 0-15 ms late: room for a kill between a request and its reply */
  galley_demo_server_set_delay (c.demo, 0, 0, 15, "/orders");

  for (guint i = 0; i < trials; i++)
    create_trial (&c, &stats, i);

  g_test_message ("%u trials in %.1f s: %u orders reported saved; %u kills with an order sent "
                  "and no reply recorded, %u with an order saved and never tried",
                  trials, (g_get_monotonic_time () - t0) / 1e6, stats.made,
                  stats.kills_in_flight, stats.kills_unsent);
  /* the test proves little unless kills land between submit and reply */
  g_assert_cmpuint (stats.made, >, 0);
  if (trials >= 100)
    g_assert_cmpuint (stats.kills_in_flight, >=, trials / 10);

  galley_demo_server_stop (c.demo);
  g_assert_finalize_object (c.demo);
  galley_test_drain_main_context ();
  galley_test_assert_no_galley_objects ();
  galley_test_remove_dir (c.dir);
  g_rand_free (c.rand);
  g_free (c.binary);
  g_free (c.dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && strcmp (argv[1], "--child") == 0)
    return child_main (argv[2], argv[3]);
  if (argc == 7 && strcmp (argv[1], "--child-create") == 0)
    return child_create_main (argv[2], argv[3], argv[4], argv[5],
                              (guint) g_ascii_strtoull (argv[6], NULL, 10));

  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();
  galley_test_track_all ();

  g_test_add_func ("/outbox/crash-safety", test_crash_safety);
  g_test_add_func ("/outbox/create-crash-safety", test_create_crash_safety);

  return g_test_run ();
}
