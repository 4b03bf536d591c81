/* test-order-feed.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The live order feed against the demo server: the link's state machine, the snapshot after
 * every (re)connect, events, the outbox round trip, and every fault of spec §7.3, each ending
 * with the store equal to the server's truth and nothing leaked. Timings are shortened: the
 * link's figures scale down together (ping, stale, backoff).
 */
#include <string.h>

#include "galley-testutil.h"
#include "demo/galley-demo-server.h"
#include "net/galley-order-feed.h"
#include "net/galley-outbox.h"
#include "util/galley-json.h"
#include "util/galley-time.h"

typedef struct
{
  char             *dir;
  char             *outbox_path;
  GalleyDemoServer *demo;
  GalleyNetSession *session;
  GalleyRestClient *rest;
  GalleyOrderLink  *link;
  GalleyOrderStore *store;
  GalleyOrderFeed  *feed;
  GalleyOutbox     *outbox;
  gulong            state_id;
  GPtrArray        *conflicts;
} Fixture;

static void
test_timings (GalleyLinkTimings *t)
{
  galley_link_timings_init_default (t);
  t->ping_interval_ms = 200;
  t->dead_after_ms = 1200;
  t->auth_timeout_ms = 1000;
  t->handshake_timeout_ms = 2000;
  t->backoff_base_ms = 20;
  t->backoff_cap_ms = 200;
  t->max_attempts = 0;
  t->idle_grace_ms = 50;
}

static void
link_state_cb (GalleyOrderLink *link,
               GParamSpec      *pspec,
               Fixture         *f)
{
  galley_outbox_set_live (f->outbox, galley_order_link_get_state (link) == GALLEY_LINK_LIVE);
}

static void
conflict_cb (GalleyOutbox *outbox,
             const char   *order_id,
             const char   *message,
             Fixture      *f)
{
  g_ptr_array_add (f->conflicts, g_strdup (message));
}

typedef struct
{
  gboolean         done;
  GalleyRestLogin *login;
  GError          *error;
} LoginWait;

static void
login_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  LoginWait *wait = user_data;

  wait->login = galley_rest_client_login_finish (GALLEY_REST_CLIENT (source), result, &wait->error);
  wait->done = TRUE;
}

static char *
login (Fixture    *f,
       const char *role)
{
  LoginWait wait = { 0 };
  char *token;

  galley_rest_client_login_pin_async (f->rest, galley_demo_server_get_pin (role), NULL,
                                      login_cb, &wait);
  g_assert_true (galley_test_spin_until (galley_test_is_true, &wait.done, 5000));
  g_assert_no_error (wait.error);
  token = g_strdup (wait.login->token);
  galley_rest_login_free (wait.login);

  return token;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  GalleyLinkTimings timings;

  f->dir = g_dir_make_tmp ("galley-feed-XXXXXX", &error);
  g_assert_no_error (error);
  f->outbox_path = g_build_filename (f->dir, "outbox.sqlite", NULL);
  f->conflicts = g_ptr_array_new_with_free_func (g_free);

  f->demo = galley_demo_server_new ();
  g_object_set (f->demo, "port", 0, "seed", (gint64) 11, "rate", 0.0, NULL);
  /* no simulated edits either: the tests count versions and frames */
  g_assert_true (galley_demo_server_set_option (f->demo, "edit_rate", "0", NULL));
  g_assert_true (galley_demo_server_start (f->demo, &error));
  url = galley_demo_server_dup_base_url (f->demo);

  f->session = galley_net_session_new ();
  f->rest = galley_rest_client_new (f->session);
  galley_rest_client_set_base_url (f->rest, url);
  galley_rest_client_set_restaurant_id (f->rest, GALLEY_DEMO_RESTAURANT_ID);
  galley_rest_client_set_retry_delay (f->rest, 10);
  token = login (f, "kitchen");

  f->link = galley_order_link_new (f->session);
  test_timings (&timings);
  galley_order_link_set_timings (f->link, &timings);
  galley_order_link_configure (f->link, url, GALLEY_DEMO_RESTAURANT_ID);
  galley_order_link_set_token (f->link, token);

  f->store = galley_order_store_new ();
  f->feed = galley_order_feed_new (f->link, f->rest, f->store);
  f->outbox = galley_outbox_new (f->outbox_path, f->rest, f->store, &error);
  g_assert_no_error (error);
  galley_outbox_set_retry_delay (f->outbox, 10);
  f->state_id = g_signal_connect (f->link, "notify::state", G_CALLBACK (link_state_cb), f);
  g_signal_connect (f->outbox, "conflict", G_CALLBACK (conflict_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  galley_order_feed_stop (f->feed);
  g_clear_signal_handler (&f->state_id, f->link);
  g_assert_finalize_object (f->feed);
  g_assert_finalize_object (f->outbox);
  g_assert_finalize_object (f->link);
  g_assert_finalize_object (f->rest);
  g_assert_finalize_object (f->store);
  galley_demo_server_stop (f->demo);
  g_assert_finalize_object (f->demo);
  galley_test_drain_main_context ();
  g_assert_finalize_object (f->session);
  galley_test_drain_main_context ();

  galley_test_assert_no_galley_objects ();
  galley_test_assert_tracked (SOUP_TYPE_WEBSOCKET_CONNECTION, 0);
  galley_test_assert_tracked (SOUP_TYPE_MESSAGE, 0);
  galley_test_assert_tracked (SOUP_TYPE_SESSION, 0);

  g_ptr_array_unref (f->conflicts);
  galley_test_remove_dir (f->dir);
  g_free (f->outbox_path);
  g_free (f->dir);
}

/* ------------------------------------------------------------------ waiting and checking */

typedef struct
{
  GalleyOrderLink *link;
  GalleyLinkState  state;
} StateWait;

static gboolean
in_state (gpointer data)
{
  StateWait *wait = data;

  return galley_order_link_get_state (wait->link) == wait->state;
}

static gboolean
wait_state (Fixture         *f,
            GalleyLinkState  state,
            guint            timeout_ms)
{
  StateWait wait = { f->link, state };

  return galley_test_spin_until (in_state, &wait, timeout_ms);
}

static gboolean
outbox_empty (gpointer data)
{
  Fixture *f = data;

  return galley_outbox_get_depth (f->outbox) == 0 && !galley_outbox_get_busy (f->outbox);
}

/* The working set of R-SYNC-2 as the protocol can fetch it: every unfinished order, and the
 * finished ones the startDate query returns (it filters on created_at). */
static gboolean
in_working_set (JsonObject *row)
{
  GalleyOrderStatus status = galley_order_status_from_string (
    json_object_get_string_member_with_default (row, "status", NULL));
  gint64 created = 0;

  if (!galley_order_status_is_final (status))
    return TRUE;

  galley_time_parse (json_object_get_string_member (row, "created_at"), &created);

  return created >= g_get_real_time () - GALLEY_ORDER_FEED_RECALL_US;
}

/* TRUE when the store holds the server's working set, and every order it holds (finished
 * ones stay until pruned) is at the server's status and version. */
static gboolean
store_matches_server (gpointer data)
{
  Fixture *f = data;
  g_autoptr(JsonArray) rows = galley_demo_server_dup_orders (f->demo);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *model = G_LIST_MODEL (f->store);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      g_hash_table_insert (by_id, (gpointer) json_object_get_string_member (row, "id"), row);
      if (in_working_set (row) &&
          galley_order_store_lookup (f->store, json_object_get_string_member (row, "id")) == NULL)
        return FALSE;
    }

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GalleyOrder) held = g_list_model_get_item (model, i);
      JsonObject *row = g_hash_table_lookup (by_id, galley_order_get_id (held));

      if (row == NULL ||
          galley_order_get_version (held) != json_object_get_int_member (row, "version") ||
          g_strcmp0 (galley_order_get_status_text (held),
                     json_object_get_string_member (row, "status")) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
assert_store_matches_server (Fixture *f)
{
  if (!galley_test_spin_until (store_matches_server, f, 5000))
    {
      g_autoptr(JsonArray) rows = galley_demo_server_dup_orders (f->demo);

      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *row = json_array_get_object_element (rows, i);
          const char *id = json_object_get_string_member (row, "id");
          GalleyOrder *held = galley_order_store_lookup (f->store, id);

          g_printerr ("server %s %s v%" G_GINT64_FORMAT " | store %s v%" G_GINT64_FORMAT "\n", id,
                      json_object_get_string_member (row, "status"),
                      json_object_get_int_member (row, "version"),
                      held != NULL ? galley_order_get_status_text (held) : "-",
                      held != NULL ? galley_order_get_version (held) : 0);
        }
      g_printerr ("store holds %u orders\n", g_list_model_get_n_items (G_LIST_MODEL (f->store)));
      g_assert_not_reached ();
    }
}

static guint
stat (Fixture    *f,
      const char *name)
{
  g_autoptr(JsonObject) stats = galley_demo_server_dup_stats (f->demo);

  return (guint) json_object_get_int_member (stats, name);
}

static char *
first_order_with_status (Fixture    *f,
                         const char *status)
{
  g_autoptr(JsonArray) rows = galley_demo_server_dup_orders (f->demo);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (row, "status", ""), status) == 0)
        return g_strdup (json_object_get_string_member (row, "id"));
    }

  return NULL;
}

static void
start_live (Fixture *f)
{
  galley_order_feed_start (f->feed);
  g_assert_true (wait_state (f, GALLEY_LINK_LIVE, 5000));
  assert_store_matches_server (f);
}

/* ------------------------------------------------------------------ the happy path */

static void
test_connect_sync_live (Fixture       *f,
                        gconstpointer  data)
{
  g_assert_cmpint (galley_order_link_get_state (f->link), ==, GALLEY_LINK_DISCONNECTED);
  galley_order_feed_start (f->feed);
  g_assert_cmpuint (galley_order_link_get_n_subscribers (f->link), ==, 1);
  g_assert_true (wait_state (f, GALLEY_LINK_LIVE, 5000));
  assert_store_matches_server (f);

  /* one connection, one auth, one snapshot (spec §7.4 cold start) */
  g_assert_cmpuint (stat (f, "connections_opened"), ==, 1);
  g_assert_cmpuint (stat (f, "auth_ok"), ==, 1);
  g_assert_cmpuint (galley_order_feed_get_resyncs (f->feed), ==, 1);
  g_assert_cmpuint (galley_order_link_get_attempt (f->link), ==, 0);
  g_assert_cmpint (galley_order_link_get_last_frame (f->link), >, 0);
  g_assert_null (galley_order_link_get_last_error (f->link));

  /* the seeded history has orders in every status, finished ones included */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), >=, 20);
}

static gboolean
store_has (gpointer data)
{
  Fixture *f = data;

  return g_list_model_get_n_items (G_LIST_MODEL (f->store)) >=
         GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (f->store), "want"));
}

static void
test_live_events (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *pending = NULL;
  guint before;

  start_live (f);
  before = g_list_model_get_n_items (G_LIST_MODEL (f->store));

  galley_demo_server_generate (f->demo, 5);
  g_object_set_data (G_OBJECT (f->store), "want", GUINT_TO_POINTER (before + 5));
  g_assert_true (galley_test_spin_until (store_has, f, 5000));
  assert_store_matches_server (f);

  /* another terminal moves an order on */
  pending = first_order_with_status (f, "pending");
  g_assert_nonnull (pending);
  g_assert_true (galley_demo_server_set_order_status (f->demo, pending, "confirmed", TRUE, NULL));
  assert_store_matches_server (f);
  g_assert_cmpint (galley_order_get_status (galley_order_store_lookup (f->store, pending)), ==,
                   GALLEY_ORDER_STATUS_CONFIRMED);
  g_assert_cmpuint (galley_order_feed_get_events_applied (f->feed), >=, 6);

  /* pings went out and pongs came back */
  galley_test_spin_for (500);
  g_assert_cmpint (galley_order_link_get_state (f->link), ==, GALLEY_LINK_LIVE);
  {
    g_autoptr(JsonObject) stats = galley_demo_server_dup_stats (f->demo);
    JsonObject *in = json_object_get_object_member (stats, "frames_in");

    g_assert_cmpint (json_object_get_int_member_with_default (in, "ping", 0), >=, 1);
  }
}

static void
test_extended_events (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *confirmed = NULL;

  galley_demo_server_set_option (f->demo, "extended_events", "on", NULL);
  start_live (f);

  /* order:status_changed (no version): applied when legal, then the row is re-read */
  confirmed = first_order_with_status (f, "confirmed");
  g_assert_true (galley_demo_server_set_order_status (f->demo, confirmed, "preparing", TRUE, NULL));
  assert_store_matches_server (f);
}

static void
test_outbox_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *pending = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) log = NULL;
  guint patches = 0;

  start_live (f);
  pending = first_order_with_status (f, "pending");

  /* a bump straight to ready walks the chain, one PATCH per step */
  g_assert_cmpint (galley_outbox_add_status (f->outbox, pending, GALLEY_ORDER_STATUS_READY,
                                             &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (galley_outbox_get_pending_status (f->outbox, pending), ==,
                   GALLEY_ORDER_STATUS_READY);
  g_assert_true (galley_test_spin_until (outbox_empty, f, 5000));
  assert_store_matches_server (f);
  g_assert_cmpint (galley_order_get_status (galley_order_store_lookup (f->store, pending)), ==,
                   GALLEY_ORDER_STATUS_READY);
  g_assert_cmpint (galley_outbox_get_pending_status (f->outbox, pending), ==,
                   GALLEY_ORDER_STATUS_UNKNOWN);

  log = galley_demo_server_dup_log (f->demo);
  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      JsonObject *entry = json_array_get_object_element (log, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (entry, "method", ""), "PATCH") == 0)
        patches++;
    }
  g_assert_cmpuint (patches, ==, 3);   /* confirmed, preparing, ready */
  g_assert_cmpuint (galley_outbox_get_sent (f->outbox), ==, 3);

  /* the same bump again is already done: no request */
  g_assert_cmpint (galley_outbox_add_status (f->outbox, pending, GALLEY_ORDER_STATUS_PREPARING,
                                             &error), >, 0);
  g_assert_true (galley_test_spin_until (outbox_empty, f, 5000));
  g_assert_cmpuint (galley_outbox_get_sent (f->outbox), ==, 3);
  g_assert_cmpuint (f->conflicts->len, ==, 0);
}

static void
test_outbox_offline_then_replay (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *a = NULL, *b = NULL;
  g_autoptr(GError) error = NULL;

  /* changes made before the link is live wait, in order */
  a = first_order_with_status (f, "pending");
  b = first_order_with_status (f, "preparing");
  galley_outbox_add_status (f->outbox, a, GALLEY_ORDER_STATUS_PREPARING, &error);
  galley_outbox_add_status (f->outbox, b, GALLEY_ORDER_STATUS_READY, &error);
  galley_outbox_add_status (f->outbox, a, GALLEY_ORDER_STATUS_COMPLETED, &error);
  g_assert_no_error (error);
  galley_test_spin_for (100);
  g_assert_cmpuint (galley_outbox_get_depth (f->outbox), ==, 3);

  start_live (f);
  g_assert_true (galley_test_spin_until (outbox_empty, f, 5000));
  assert_store_matches_server (f);
  g_assert_cmpint (galley_order_get_status (galley_order_store_lookup (f->store, a)), ==,
                   GALLEY_ORDER_STATUS_COMPLETED);
  g_assert_cmpint (galley_order_get_status (galley_order_store_lookup (f->store, b)), ==,
                   GALLEY_ORDER_STATUS_READY);
}

static void
test_outbox_conflict (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *pending = NULL;
  g_autoptr(GError) error = NULL;

  start_live (f);
  pending = first_order_with_status (f, "pending");

  /* another terminal cancels the order first; the bump cannot happen: dropped, reported */
  galley_demo_server_suppress_broadcasts (f->demo, 1);
  g_assert_true (galley_demo_server_set_order_status (f->demo, pending, "cancelled", TRUE, NULL));
  galley_outbox_add_status (f->outbox, pending, GALLEY_ORDER_STATUS_READY, &error);
  g_assert_true (galley_test_spin_until (outbox_empty, f, 5000));
  g_assert_cmpuint (f->conflicts->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (f->conflicts, 0), "cancelled"));
  g_assert_cmpuint (galley_outbox_get_conflicts (f->outbox), ==, 1);
  assert_store_matches_server (f);
}

/* ------------------------------------------------------------------ faults */

static void
expect_frame_warnings (guint n)
{
  for (guint i = 0; i < n; i++)
    g_test_expect_message ("galley-order-link", G_LOG_LEVEL_WARNING, "Frame rejected*");
}

static void
test_fault_abort (Fixture       *f,
                  gconstpointer  data)
{
  start_live (f);

  galley_demo_server_drop_connections (f->demo, GALLEY_DEMO_DROP_ABORT, 0, NULL);
  galley_demo_server_generate (f->demo, 3);   /* made while the link is down */
  g_assert_true (wait_state (f, GALLEY_LINK_WAITING, 5000) ||
                 galley_order_link_get_reconnects (f->link) > 0);
  g_assert_true (wait_state (f, GALLEY_LINK_LIVE, 5000));
  assert_store_matches_server (f);
  g_assert_cmpuint (galley_order_link_get_reconnects (f->link), >=, 1);
  g_assert_cmpuint (galley_order_feed_get_resyncs (f->feed), >=, 2);
}

static void
test_fault_close_codes (Fixture       *f,
                        gconstpointer  data)
{
  start_live (f);

  galley_demo_server_drop_connections (f->demo, GALLEY_DEMO_DROP_CLOSE, 1001, "Server shutting down");
  g_assert_true (wait_state (f, GALLEY_LINK_WAITING, 5000));
  g_assert_true (wait_state (f, GALLEY_LINK_LIVE, 5000));
  assert_store_matches_server (f);
}

static void
test_fault_malformed (Fixture       *f,
                      gconstpointer  data)
{
  guint reconnects;

  start_live (f);
  reconnects = galley_order_link_get_reconnects (f->link);

  /* R-IN-2: dropped, logged, counted; the link stays */
  expect_frame_warnings (5);
  for (GalleyDemoMalformedKind kind = GALLEY_DEMO_MALFORMED_TRUNCATED;
       kind <= GALLEY_DEMO_MALFORMED_WRONG_PAYLOAD_TYPE; kind++)
    galley_demo_server_send_malformed (f->demo, kind, 1);
  galley_demo_server_send_unknown_type (f->demo, "kds:hello", 3);   /* ignored quietly */
  galley_demo_server_generate (f->demo, 1);
  assert_store_matches_server (f);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (galley_order_link_get_frames_rejected (f->link), ==, 5);
  g_assert_cmpint (galley_order_link_get_state (f->link), ==, GALLEY_LINK_LIVE);
  g_assert_cmpuint (galley_order_link_get_reconnects (f->link), ==, reconnects);
}

static void
test_fault_oversized (Fixture       *f,
                      gconstpointer  data)
{
  start_live (f);

  /* over the 1 MiB limit: libsoup closes with 1009, the link reconnects */
  galley_demo_server_send_oversized (f->demo, 2 * 1024 * 1024);
  g_assert_true (wait_state (f, GALLEY_LINK_WAITING, 5000));
  g_assert_cmpstr (galley_order_link_get_last_error (f->link), !=, NULL);
  g_assert_true (wait_state (f, GALLEY_LINK_LIVE, 5000));
  assert_store_matches_server (f);
}

static void
test_fault_stalled (Fixture       *f,
                    gconstpointer  data)
{
  gint64 last, detected;

  start_live (f);

  /* the server stops sending anything: stale exactly dead_after after the last frame */
  galley_demo_server_drop_connections (f->demo, GALLEY_DEMO_DROP_SILENT, 0, NULL);
  last = galley_order_link_get_last_frame (f->link);
  g_assert_true (wait_state (f, GALLEY_LINK_WAITING, 5000));
  detected = g_get_monotonic_time ();
  g_assert_cmpint ((detected - last) / 1000, >=, 1200 - 50);
  g_assert_cmpint ((detected - last) / 1000, <=, 1200 + 400);
  g_assert_true (wait_state (f, GALLEY_LINK_LIVE, 5000));
  assert_store_matches_server (f);
}

static void
test_fault_auth_rejected (Fixture       *f,
                          gconstpointer  data)
{
  static const GalleyDemoRejectMode modes[] = {
    GALLEY_DEMO_REJECT_AUTH_FAILED, GALLEY_DEMO_REJECT_AUTH_REQUIRED,
    GALLEY_DEMO_REJECT_CLOSE_1008_ONLY,
  };

  start_live (f);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      guint opened;

      galley_demo_server_reject_auth (f->demo, modes[i]);
      galley_demo_server_drop_connections (f->demo, GALLEY_DEMO_DROP_CLOSE, 1001, "restart");
      g_assert_true (wait_state (f, GALLEY_LINK_AUTH_FAILED, 5000));
      opened = stat (f, "connections_opened");

      /* no retry loop: nothing more reaches the server (R-RECON-3) */
      galley_test_spin_for (600);
      g_assert_cmpuint (stat (f, "connections_opened"), ==, opened);
      g_assert_cmpint (galley_order_link_get_state (f->link), ==, GALLEY_LINK_AUTH_FAILED);
      g_assert_nonnull (galley_order_link_get_last_error (f->link));
      g_assert_cmpuint (galley_test_count_sources ("galley-order-link-"), ==, 0);

      /* signing in again (here: Retry) brings it back once the server accepts */
      galley_demo_server_reject_auth (f->demo, GALLEY_DEMO_REJECT_NONE);
      galley_order_link_retry_now (f->link);
      g_assert_true (wait_state (f, GALLEY_LINK_LIVE, 5000));
    }
}

static void
test_fault_auth_no_reply (Fixture       *f,
                          gconstpointer  data)
{
  start_live (f);

  /* no answer to auth within the timeout: a network failure, so backoff (R-LIVE-3) */
  galley_demo_server_reject_auth (f->demo, GALLEY_DEMO_REJECT_NO_REPLY);
  galley_demo_server_drop_connections (f->demo, GALLEY_DEMO_DROP_CLOSE, 1001, "restart");
  g_assert_true (wait_state (f, GALLEY_LINK_AUTHENTICATING, 5000));
  g_assert_true (wait_state (f, GALLEY_LINK_WAITING, 3000));
  galley_demo_server_reject_auth (f->demo, GALLEY_DEMO_REJECT_NONE);
  g_assert_true (wait_state (f, GALLEY_LINK_LIVE, 5000));
}

static void
test_fault_restart_missed_events (Fixture       *f,
                                  gconstpointer  data)
{
  guint corrections;

  start_live (f);
  corrections = galley_order_feed_get_corrections (f->feed);

  /* down for a while; 12 changes happen that nobody hears of */
  galley_demo_server_restart (f->demo, 300, 12, TRUE);
  g_assert_true (wait_state (f, GALLEY_LINK_WAITING, 5000));
  g_assert_true (wait_state (f, GALLEY_LINK_LIVE, 10000));
  assert_store_matches_server (f);
  g_assert_cmpuint (galley_order_feed_get_corrections (f->feed), >, corrections);
}

static void
test_fault_seq_gap (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *pending = NULL;

  galley_demo_server_set_option (f->demo, "seq_numbers", "on", NULL);
  start_live (f);
  pending = first_order_with_status (f, "pending");

  /* a change whose event is lost on the way: the next frame's seq shows the gap */
  galley_demo_server_suppress_broadcasts (f->demo, 1);
  galley_demo_server_set_order_status (f->demo, pending, "confirmed", TRUE, NULL);
  galley_demo_server_skip_seq (f->demo, 1);
  galley_demo_server_generate (f->demo, 1);
  assert_store_matches_server (f);
  g_assert_cmpuint (galley_order_feed_get_seq_gaps (f->feed), ==, 1);
  g_assert_cmpint (galley_order_get_status (galley_order_store_lookup (f->store, pending)), ==,
                   GALLEY_ORDER_STATUS_CONFIRMED);
}

static void
test_fault_duplicate_and_reorder (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *pending = NULL;
  guint before;

  start_live (f);
  before = g_list_model_get_n_items (G_LIST_MODEL (f->store));

  galley_demo_server_duplicate_events (f->demo, 3);
  galley_demo_server_generate (f->demo, 3);
  g_object_set_data (G_OBJECT (f->store), "want", GUINT_TO_POINTER (before + 3));
  g_assert_true (galley_test_spin_until (store_has, f, 5000));
  galley_test_spin_for (100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, before + 3);

  /* an older event arriving after a newer one leaves the newer state */
  pending = first_order_with_status (f, "pending");
  galley_demo_server_reorder_events (f->demo, 1);
  galley_demo_server_set_order_status (f->demo, pending, "confirmed", TRUE, NULL);
  galley_demo_server_set_order_status (f->demo, pending, "preparing", TRUE, NULL);
  assert_store_matches_server (f);
  g_assert_cmpuint (galley_order_feed_get_events_stale (f->feed), >=, 1);
}

static void
test_max_attempts_then_retry (Fixture       *f,
                              gconstpointer  data)
{
  GalleyLinkTimings timings;

  galley_order_link_get_timings (f->link, &timings);
  timings.max_attempts = 3;
  galley_order_link_set_timings (f->link, &timings);
  start_live (f);

  /* the server refuses upgrades for long: 3 attempts, then stopped with a Retry action */
  galley_demo_server_restart (f->demo, 60000, 0, FALSE);
  g_assert_true (wait_state (f, GALLEY_LINK_STOPPED, 5000));
  g_assert_cmpuint (galley_test_count_sources ("galley-order-link-retry"), ==, 0);
  g_assert_nonnull (galley_order_link_get_last_error (f->link));

  galley_demo_server_clear_faults (f->demo);
  galley_order_link_retry_now (f->link);
  g_assert_true (wait_state (f, GALLEY_LINK_LIVE, 5000));
  assert_store_matches_server (f);
}

static void
test_config_error_never_retried (Fixture       *f,
                                 gconstpointer  data)
{
  /* a slug is not a restaurant id: stopped, said, not retried (R-RECON-4) */
  galley_order_link_configure (f->link, "http://127.0.0.1:1", "grow");
  galley_order_feed_start (f->feed);
  g_assert_cmpint (galley_order_link_get_state (f->link), ==, GALLEY_LINK_STOPPED);
  g_assert_nonnull (strstr (galley_order_link_get_last_error (f->link), "grow"));
  galley_test_spin_for (100);
  g_assert_cmpuint (stat (f, "connections_opened"), ==, 0);
}

static gboolean
no_demo_clients (gpointer data)
{
  return galley_demo_server_get_clients (data) == 0;
}

static void
test_unsubscribe_closes (Fixture       *f,
                         gconstpointer  data)
{
  start_live (f);

  galley_order_feed_stop (f->feed);
  g_assert_cmpint (galley_order_link_get_state (f->link), ==, GALLEY_LINK_LIVE);   /* grace */
  g_assert_true (wait_state (f, GALLEY_LINK_DISCONNECTED, 2000));
  galley_test_drain_main_context ();
  g_assert_cmpuint (galley_test_count_sources ("galley-order-link-"), ==, 0);
  g_assert_cmpuint (galley_test_count_sources ("galley-order-feed-"), ==, 0);

  /* the server saw the socket go */
  g_assert_true (galley_test_spin_until (no_demo_clients, f->demo, 2000));
}

/* ------------------------------------------------------------------ storm */

static void
storm_cycle (Fixture *f,
             guint    i)
{
  galley_order_feed_start (f->feed);
  g_assert_true (wait_state (f, GALLEY_LINK_LIVE, 5000));

  switch (i % 4)
    {
    case 0:
      galley_demo_server_drop_connections (f->demo, GALLEY_DEMO_DROP_ABORT, 0, NULL);
      break;
    case 1:
      galley_demo_server_drop_connections (f->demo, GALLEY_DEMO_DROP_CLOSE, 1001, "bye");
      break;
    case 2:
      /* one change nobody hears of, now and then (the store must pick it up) */
      galley_demo_server_restart (f->demo, 5, i % 40 == 2 ? 1 : 0, FALSE);
      break;
    default:
      galley_demo_server_send_oversized (f->demo, 1100 * 1024);
      break;
    }
  g_assert_true (wait_state (f, GALLEY_LINK_WAITING, 5000) ||
                 galley_order_link_get_state (f->link) == GALLEY_LINK_LIVE);
  g_assert_true (wait_state (f, GALLEY_LINK_LIVE, 5000));

  galley_order_feed_stop (f->feed);
  g_assert_true (wait_state (f, GALLEY_LINK_DISCONNECTED, 2000));
}

static void
run_storm (Fixture *f,
           guint    n)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  guint handlers_link, handlers_store;
  GalleyLinkTimings timings;
  gint64 t0;

  /* the storm is about teardown, not waiting: short backoff and grace */
  galley_order_link_get_timings (f->link, &timings);
  timings.backoff_base_ms = 1;
  timings.backoff_cap_ms = 4;
  timings.idle_grace_ms = 1;
  galley_order_link_set_timings (f->link, &timings);

  storm_cycle (f, 0);
  storm_cycle (f, 1);
  galley_test_baseline_take (&base);
  handlers_link = galley_test_count_signal_handlers (f->link);
  handlers_store = galley_test_count_signal_handlers (f->store);

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    storm_cycle (f, i);
  g_test_message ("%u connect/fault/disconnect cycles: %.1f s", n,
                  (g_get_monotonic_time () - t0) / 1e6);

  galley_test_drain_main_context ();
  assert_store_matches_server (f);
  galley_test_assert_tracked (SOUP_TYPE_WEBSOCKET_CONNECTION, 0);
  galley_test_assert_tracked (SOUP_TYPE_MESSAGE, 0);
  g_assert_cmpuint (galley_test_count_signal_handlers (f->link), ==, handlers_link);
  g_assert_cmpuint (galley_test_count_signal_handlers (f->store), ==, handlers_store);
  g_assert_cmpuint (galley_test_count_sources ("galley-order-link-"), ==, 0);
  galley_test_baseline_assert (&base);
}

static void
test_storm (Fixture       *f,
            gconstpointer  data)
{
  run_storm (f, galley_test_iterations (1000));
}

static void
test_storm_slow (Fixture       *f,
                 gconstpointer  data)
{
  if (!g_test_slow ())
    {
      g_test_skip ("the 10,000-cycle storm runs with -m slow (suite 'slow')");
      return;
    }

  run_storm (f, galley_test_iterations (10000));
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

  ADD ("/feed/connect-sync-live", test_connect_sync_live);
  ADD ("/feed/live-events", test_live_events);
  ADD ("/feed/extended-events", test_extended_events);
  ADD ("/feed/outbox/round-trip", test_outbox_round_trip);
  ADD ("/feed/outbox/offline-then-replay", test_outbox_offline_then_replay);
  ADD ("/feed/outbox/conflict", test_outbox_conflict);
  ADD ("/feed/fault/abort", test_fault_abort);
  ADD ("/feed/fault/close", test_fault_close_codes);
  ADD ("/feed/fault/malformed", test_fault_malformed);
  ADD ("/feed/fault/oversized", test_fault_oversized);
  ADD ("/feed/fault/stalled", test_fault_stalled);
  ADD ("/feed/fault/auth-rejected", test_fault_auth_rejected);
  ADD ("/feed/fault/auth-no-reply", test_fault_auth_no_reply);
  ADD ("/feed/fault/restart-missed-events", test_fault_restart_missed_events);
  ADD ("/feed/fault/seq-gap", test_fault_seq_gap);
  ADD ("/feed/fault/duplicate-reorder", test_fault_duplicate_and_reorder);
  ADD ("/feed/max-attempts-then-retry", test_max_attempts_then_retry);
  ADD ("/feed/config-error", test_config_error_never_retried);
  ADD ("/feed/unsubscribe-closes", test_unsubscribe_closes);
  ADD ("/feed/storm", test_storm);
  ADD ("/feed/storm-slow", test_storm_slow);

#undef ADD

  return g_test_run ();
}
