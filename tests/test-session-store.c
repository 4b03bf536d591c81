/* test-session-store.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The signed-in session kept in the keyring (GalleySessionStore) and how the services use
 * it: a terminal restarted mid-shift is signed in again without a PIN; sign-out and a
 * refused session leave nothing to restore; an expired token is not restored; nothing is
 * kept per server and restaurant but their own. Run under tests/voice/with-keyring.sh (a
 * private gnome-keyring on a private bus, GALLEY_TEST_KEYRING=1); without one, only the
 * no-keyring behaviour is checked and the rest is skipped with a TAP message.
 */
#include "config.h"
#include "galley-testutil.h"
#include "core/galley-services.h"
#include "core/galley-session-store.h"
#include "demo/galley-demo-server.h"
#include "util/galley-jwt.h"

#define WAIT_MS 10000

static gboolean
have_keyring (void)
{
  if (g_strcmp0 (g_getenv ("GALLEY_TEST_KEYRING"), "1") == 0)
    return TRUE;

  g_test_skip ("no secret service (run under tests/voice/with-keyring.sh)");
  return FALSE;
}

static void
result_cb (GObject      *source,
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

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  g_assert_true (galley_test_spin_until (have_result, slot, WAIT_MS));

  return *slot;
}

static void
save (GalleySessionStore *store,
      const char         *server,
      const char         *restaurant,
      const char         *token,
      const char         *role)
{
  GalleyStoredSession session = { (char *) token, (char *) role, (char *) "Kim Kitchen" };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  galley_session_store_save_async (store, server, restaurant, &session, NULL, result_cb, &result);
  g_assert_true (galley_session_store_save_finish (store, wait_result (&result), &error));
  g_assert_no_error (error);
}

static GalleyStoredSession *
load (GalleySessionStore *store,
      const char         *server,
      const char         *restaurant)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GalleyStoredSession *session;

  galley_session_store_load_async (store, server, restaurant, NULL, result_cb, &result);
  session = galley_session_store_load_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);

  return session;
}

static void
clear (GalleySessionStore *store,
       const char         *server,
       const char         *restaurant)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  galley_session_store_clear_async (store, server, restaurant, NULL, result_cb, &result);
  g_assert_true (galley_session_store_clear_finish (store, wait_result (&result), &error));
  g_assert_no_error (error);
}

static char *
token_expiring_in (gint64 seconds)
{
  g_autoptr(JsonObject) claims = json_object_new ();

  json_object_set_string_member (claims, "sub", "kitchen");
  json_object_set_int_member (claims, "exp", g_get_real_time () / G_USEC_PER_SEC + seconds);

  return galley_jwt_encode_hs256 (claims, "test-secret");
}

/* Without a session bus nothing is kept and nothing is found; no bus is started. */
static void
test_no_keyring (void)
{
  g_autofree char *bus = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_autoptr(GalleySessionStore) store = galley_session_store_new ();
  g_autoptr(GalleyStoredSession) session = NULL;

  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_assert_false (galley_session_store_get_available (store));
  save (store, "https://a.example", "r1", "tok", "kitchen");
  session = load (store, "https://a.example", "r1");
  g_assert_null (session);
  clear (store, "https://a.example", "r1");
  if (bus != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_keyring (void)
{
  g_autoptr(GalleySessionStore) store = NULL;
  g_autofree char *fresh = token_expiring_in (3600);
  g_autofree char *stale = token_expiring_in (-10);

  if (!have_keyring ())
    return;

  store = galley_session_store_new ();
  g_assert_true (galley_session_store_get_available (store));

  save (store, "https://a.example", "r1", fresh, "kitchen");
  {
    g_autoptr(GalleyStoredSession) session = load (store, "https://a.example", "r1");

    g_assert_nonnull (session);
    g_assert_cmpstr (session->token, ==, fresh);
    g_assert_cmpstr (session->role, ==, "kitchen");
    g_assert_cmpstr (session->user_name, ==, "Kim Kitchen");
  }
  /* another restaurant or server has its own (none here) */
  {
    g_autoptr(GalleyStoredSession) other = load (store, "https://a.example", "r2");
    g_autoptr(GalleyStoredSession) elsewhere = load (store, "https://b.example", "r1");

    g_assert_null (other);
    g_assert_null (elsewhere);
  }
  /* an expired token is not handed back */
  save (store, "https://a.example", "r1", stale, "kitchen");
  {
    g_autoptr(GalleyStoredSession) session = load (store, "https://a.example", "r1");

    g_assert_null (session);
  }
  save (store, "https://a.example", "r1", fresh, "kitchen");
  clear (store, "https://a.example", "r1");
  {
    g_autoptr(GalleyStoredSession) session = load (store, "https://a.example", "r1");

    g_assert_null (session);
  }
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* ------------------------------------------------------------------ with the services */

static gboolean
is_signed_in (gpointer services)
{
  return galley_services_get_signed_in_role (services) != NULL;
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (galley_services_sign_in_pin_finish (GALLEY_SERVICES (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

/* The demo server as a plain restaurant server (no --demo sign-in): a PIN sign-in is kept,
 * the next start is signed in without one, and after sign-out the next start is not. */
static void
test_services_restore (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GalleyDemoServer) demo = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *url = NULL;
  g_autofree char *dir = NULL;
  gboolean done = FALSE;

  if (!have_keyring ())
    return;

  dir = g_dir_make_tmp ("galley-session-XXXXXX", &error);
  g_assert_no_error (error);
  demo = galley_demo_server_new ();
  g_object_set (demo, "port", 0, "rate", 0.0, NULL);
  g_assert_true (galley_demo_server_start (demo, &error));
  url = galley_demo_server_dup_base_url (demo);
  settings = g_settings_new (BASE_APPLICATION_ID);
  g_settings_set_string (settings, "server-url", url);
  g_settings_set_string (settings, "restaurant-id", GALLEY_DEMO_RESTAURANT_ID);

  /* first run: a PIN */
  {
    g_autoptr(GalleyServices) services = galley_services_new (settings, NULL, dir);

    galley_services_start (services);
    galley_test_spin_for (200);
    g_assert_null (galley_services_get_signed_in_role (services));
    galley_services_sign_in_pin_async (services, galley_demo_server_get_pin ("kitchen"), NULL,
                                       signed_in_cb, &done);
    g_assert_true (galley_test_spin_until (galley_test_is_true, &done, WAIT_MS));
    galley_test_spin_for (300);   /* the keyring write */
    galley_services_shutdown (services);
  }
  galley_test_drain_main_context ();

  /* second run: signed in again, no PIN; then signed out */
  {
    g_autoptr(GalleyServices) services = galley_services_new (settings, NULL, dir);

    galley_services_start (services);
    g_assert_true (galley_test_spin_until (is_signed_in, services, WAIT_MS));
    g_assert_cmpstr (galley_services_get_signed_in_role (services), ==, "kitchen");
    g_assert_nonnull (galley_services_get_user_name (services));
    galley_services_sign_out (services);
    galley_test_spin_for (300);   /* the keyring clear */
    galley_services_shutdown (services);
  }
  galley_test_drain_main_context ();

  /* third run: nothing kept */
  {
    g_autoptr(GalleyServices) services = galley_services_new (settings, NULL, dir);

    galley_services_start (services);
    galley_test_spin_for (500);
    g_assert_null (galley_services_get_signed_in_role (services));
    galley_services_shutdown (services);
  }
  galley_test_drain_main_context ();

  galley_demo_server_stop (demo);
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "restaurant-id");
  galley_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();
  galley_test_track_all ();

  g_test_add_func ("/session-store/no-keyring", test_no_keyring);
  g_test_add_func ("/session-store/keyring", test_keyring);
  g_test_add_func ("/session-store/services-restore", test_services_restore);

  return g_test_run ();
}
