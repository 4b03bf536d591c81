/* test-window.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application shell under the leak gates: the main window opened and closed many times
 * against a running demo server, the Diagnostics view, the memory graph and the preferences
 * window. GALLEY_LEAK_MODE=1..5 plants one leak per cycle in /window/gate, so the gates are
 * shown to catch each kind (the 'gate' suite expects those runs to fail).
 */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "galley-testutil.h"
#include "app/galley-preferences-window.h"
#include "galley-testutil-gtk.h"
#include "app/galley-window.h"
#include "core/galley-services.h"
#include "diag/galley-diagnostics-view.h"
#include "diag/galley-rss-graph.h"

typedef struct
{
  char             *dir;
  GSettings        *settings;
  GalleyDemoServer *demo;
  GalleyServices   *services;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("galley-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->settings = g_settings_new (BASE_APPLICATION_ID);
  f->demo = galley_demo_server_new ();
  /* a busy feed: ten new orders a second while the windows come and go */
  g_object_set (f->demo, "port", 0, "seed", (gint64) 7, "rate", 600.0, NULL);
  g_assert_true (galley_demo_server_start (f->demo, &error));
  g_assert_no_error (error);
  f->services = galley_services_new (f->settings, f->demo, f->dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->services);
  g_assert_finalize_object (f->demo);
  g_assert_finalize_object (f->settings);
  galley_test_drain_main_context ();
  galley_test_assert_no_galley_objects ();
  galley_test_remove_dir (f->dir);
  g_free (f->dir);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* ------------------------------------------------------------------ planted leaks */

static int
leak_mode (void)
{
  const char *mode = g_getenv ("GALLEY_LEAK_MODE");

  return mode != NULL ? atoi (mode) : 0;
}

static gboolean
leak_tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
leak_notify_cb (GObject    *object,
                GParamSpec *pspec,
                gpointer    data)
{
}

static void
plant_leak (GalleyWindow   *window,
            GalleyServices *services)
{
  int fd;

  switch (leak_mode ())
    {
    case 1:   /* a named timer never removed */
      galley_timeout_add_named ("galley-test-leaked-timer", 100000, leak_tick_cb, NULL, NULL);
      break;
    case 2:   /* a handler on a long-lived object never disconnected */
      g_signal_connect (services, "notify::station", G_CALLBACK (leak_notify_cb), NULL);
      break;
    case 3:   /* an extra reference: the window never finalizes */
      g_object_ref (window);
      break;
    case 4:   /* an fd never closed */
      fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
      g_assert_cmpint (fd, >=, 0);
      break;
    case 5:   /* a bare g_timeout_add(): the link-time wrap names it "galley-anon-…" */
      g_timeout_add (100000, leak_tick_cb, NULL);
      break;
    default:
      break;
    }
}

/* ------------------------------------------------------------------ window cycles */

static void
cycle_window (Fixture  *f,
              gboolean  visit_views)
{
  GalleyWindow *window = galley_window_new (NULL, f->services);
  g_autoptr(GalleyTestWidgetWatch) watch = NULL;
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (is_mapped, window, 5000));
  galley_test_assert_tracked (GALLEY_TYPE_WINDOW, 1);

  if (visit_views)
    {
      galley_window_show_view (window, "kitchen");
      galley_window_show_view (window, "diagnostics");
      galley_test_drain_main_context ();
    }

  plant_leak (window, f->services);

  watch = galley_test_widget_watch_new (GTK_WIDGET (window));
  gtk_window_close (GTK_WINDOW (window));   /* as the user does: saves state, then destroys */
  g_assert_true (galley_test_spin_until (galley_test_is_null, &weak, 5000));
  g_assert_true (galley_test_widget_watch_wait (watch, 5000));
}

static void
run_window_cycles (Fixture *f,
                   guint    n)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  GalleySampler *sampler = galley_services_get_sampler (f->services);
  GalleyClock *clock = galley_services_get_clock (f->services);
  guint handlers_services, handlers_sampler, handlers_clock, handlers_settings;
  gint64 t0;

  cycle_window (f, TRUE);   /* warm-up: GTK singletons, fonts, icons, GLib workers */
  galley_test_baseline_take (&base);
  handlers_services = galley_test_count_signal_handlers (f->services);
  handlers_sampler = galley_test_count_signal_handlers (sampler);
  handlers_clock = galley_test_count_signal_handlers (clock);
  handlers_settings = galley_test_count_signal_handlers (f->settings);

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    cycle_window (f, TRUE);
  g_test_message ("%u window cycles: %.2f s (%.1f ms each); demo orders generated: %u", n,
                  (g_get_monotonic_time () - t0) / 1e6,
                  (g_get_monotonic_time () - t0) / 1e3 / MAX (n, 1),
                  galley_demo_server_get_orders_generated (f->demo));

  galley_test_assert_tracked (GALLEY_TYPE_WINDOW, 0);
  galley_test_assert_tracked (GALLEY_TYPE_DIAGNOSTICS_VIEW, 0);
  galley_test_assert_tracked (GALLEY_TYPE_RSS_GRAPH, 0);
  g_assert_cmpuint (galley_test_count_signal_handlers (f->services), ==, handlers_services);
  g_assert_cmpuint (galley_test_count_signal_handlers (sampler), ==, handlers_sampler);
  g_assert_cmpuint (galley_test_count_signal_handlers (clock), ==, handlers_clock);
  g_assert_cmpuint (galley_test_count_signal_handlers (f->settings), ==, handlers_settings);
  g_assert_false (galley_clock_get_running (clock));
  galley_test_baseline_assert (&base);
}

static void
test_window_lifecycle (Fixture       *f,
                       gconstpointer  data)
{
  run_window_cycles (f, galley_test_iterations (1000));
}

static void
test_window_gate (Fixture       *f,
                  gconstpointer  data)
{
  run_window_cycles (f, galley_test_iterations (50));
}

static void
test_window_without_services (void)
{
  GalleyWindow *window = galley_window_new (NULL, NULL);

  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (is_mapped, window, 5000));
  g_assert_null (galley_window_get_services (window));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_window_views_and_toast (Fixture       *f,
                             gconstpointer  data)
{
  GalleyWindow *window = g_object_ref_sink (galley_window_new (NULL, f->services));

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (is_mapped, window, 5000));

  /* the settings default opens the live Diagnostics until the kitchen board exists */
  g_assert_cmpstr (galley_window_get_visible_view (window), ==, "diagnostics");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "expo"));
  g_assert_cmpstr (galley_window_get_visible_view (window), ==, "expo");
  galley_window_show_view (window, "counter");
  g_assert_cmpstr (galley_window_get_visible_view (window), ==, "counter");

  /* server strings are never markup: "&" must not warn */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-error", "s",
                                             "Fish & Chips <b>86'd</b>"));
  galley_test_drain_main_context ();

  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (is_mapped, window, 10) == FALSE ||
                 !gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_finalize_object (window);

  /* the view shown last is remembered */
  {
    g_autofree char *last = g_settings_get_string (f->settings, "last-view");

    g_assert_cmpstr (last, ==, "counter");
  }
  g_settings_reset (f->settings, "last-view");
}

/* ------------------------------------------------------------------ diagnostics */

static void
test_rss_graph (Fixture       *f,
                gconstpointer  data)
{
  GalleySampler *sampler = galley_services_get_sampler (f->services);
  guint handlers = galley_test_count_signal_handlers (sampler);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *graph = galley_rss_graph_new ();
  gpointer weak_window = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  galley_rss_graph_set_sampler (GALLEY_RSS_GRAPH (graph), sampler);
  g_assert_cmpuint (galley_test_count_signal_handlers (sampler), ==, handlers + 1);
  gtk_window_set_child (GTK_WINDOW (window), graph);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (is_mapped, graph, 5000));

  for (guint i = 0; i < 150; i++)   /* wraps the window; each sample redraws */
    galley_sampler_sample_now (sampler);
  galley_test_drain_main_context ();

  galley_rss_graph_set_sampler (GALLEY_RSS_GRAPH (graph), NULL);
  g_assert_cmpuint (galley_test_count_signal_handlers (sampler), ==, handlers);
  galley_rss_graph_set_sampler (GALLEY_RSS_GRAPH (graph), sampler);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (galley_test_is_null, &weak_window, 5000));
  galley_test_assert_tracked (GALLEY_TYPE_RSS_GRAPH, 0);
  g_assert_cmpuint (galley_test_count_signal_handlers (sampler), ==, handlers);
}

static gboolean
demo_label_filled (gpointer data)
{
  GtkWidget *view = data;

  return gtk_widget_get_mapped (view);
}

static void
test_diagnostics_view (Fixture       *f,
                       gconstpointer  data)
{
  GalleyClock *clock = galley_services_get_clock (f->services);
  guint clock_handlers = galley_test_count_signal_handlers (clock);
  g_auto (GalleyTestBaseline) base = { 0 };

  for (guint round = 0; round < galley_test_iterations (100) + 1; round++)
    {
      GtkWidget *window = gtk_window_new ();
      GtkWidget *view = galley_diagnostics_view_new (f->services);
      gpointer weak = window;

      if (round == 1)
        galley_test_baseline_take (&base);

      g_object_add_weak_pointer (G_OBJECT (window), &weak);
      gtk_window_set_child (GTK_WINDOW (window), view);
      gtk_window_present (GTK_WINDOW (window));
      g_assert_true (galley_test_spin_until (demo_label_filled, view, 5000));

      /* mapped: it holds the shared clock and listens to it */
      g_assert_true (galley_clock_get_running (clock));
      g_assert_cmpuint (galley_test_count_signal_handlers (clock), ==, clock_handlers + 1);
      galley_diagnostics_view_refresh (GALLEY_DIAGNOSTICS_VIEW (view));

      /* hidden: it lets the clock stop */
      gtk_widget_set_visible (view, FALSE);
      g_assert_false (galley_clock_get_running (clock));
      gtk_widget_set_visible (view, TRUE);
      g_assert_true (galley_test_spin_until (demo_label_filled, view, 5000));

      gtk_window_destroy (GTK_WINDOW (window));
      g_assert_true (galley_test_spin_until (galley_test_is_null, &weak, 5000));
      g_assert_false (galley_clock_get_running (clock));
      g_assert_cmpuint (galley_test_count_signal_handlers (clock), ==, clock_handlers);
    }

  galley_test_assert_tracked (GALLEY_TYPE_DIAGNOSTICS_VIEW, 0);
  galley_test_baseline_assert (&base);
}

static void
test_diagnostics_view_ticks (Fixture       *f,
                             gconstpointer  data)
{
  /* a second-long wait: the shared clock really drives the refresh */
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = galley_diagnostics_view_new (f->services);
  GalleyClock *clock = galley_services_get_clock (f->services);
  guint64 ticks;
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (is_mapped, view, 5000));
  ticks = galley_clock_get_ticks (clock);
  galley_test_spin_for (1100);
  g_assert_cmpuint (galley_clock_get_ticks (clock), >, ticks);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (galley_test_is_null, &weak, 5000));
}

/* ------------------------------------------------------------------ preferences */

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      if ((found = find_widget (child, type, title)) != NULL)
        return found;
    }

  return NULL;
}

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  guint handlers = galley_test_count_signal_handlers (f->settings);
  g_auto (GalleyTestBaseline) base = { 0 };

  for (guint round = 0; round < galley_test_iterations (100) + 1; round++)
    {
      GalleyPreferencesWindow *prefs = galley_preferences_window_new (NULL, f->settings);
      GtkWidget *server_row, *restaurant_row;
      g_autoptr(GalleyTestWidgetWatch) watch = NULL;
      gpointer weak = prefs;
      g_autofree char *url = NULL;
      g_autofree char *restaurant = NULL;

      if (round == 1)
        galley_test_baseline_take (&base);

      g_object_add_weak_pointer (G_OBJECT (prefs), &weak);
      gtk_window_present (GTK_WINDOW (prefs));
      g_assert_true (galley_test_spin_until (is_mapped, prefs, 5000));

      server_row = find_widget (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Server address");
      restaurant_row = find_widget (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Restaurant ID");
      g_assert_nonnull (server_row);
      g_assert_nonnull (restaurant_row);

      /* a wrong value is not saved and is marked */
      gtk_editable_set_text (GTK_EDITABLE (server_row), "not a server");
      g_signal_emit_by_name (server_row, "apply");
      url = g_settings_get_string (f->settings, "server-url");
      g_assert_cmpstr (url, ==, "https://localhost:3001");
      g_assert_true (gtk_widget_has_css_class (server_row, "error"));

      /* a good one is normalised and saved */
      gtk_editable_set_text (GTK_EDITABLE (server_row), "http://127.0.0.1:3001/api/v1/");
      g_signal_emit_by_name (server_row, "apply");
      g_clear_pointer (&url, g_free);
      url = g_settings_get_string (f->settings, "server-url");
      g_assert_cmpstr (url, ==, "http://127.0.0.1:3001");
      g_assert_false (gtk_widget_has_css_class (server_row, "error"));

      gtk_editable_set_text (GTK_EDITABLE (restaurant_row), "grow");
      g_signal_emit_by_name (restaurant_row, "apply");
      restaurant = g_settings_get_string (f->settings, "restaurant-id");
      g_assert_cmpstr (restaurant, ==, "11111111-1111-1111-1111-111111111111");

      /* a change made elsewhere shows up */
      g_settings_set_string (f->settings, "server-url", "https://pos.example");
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (server_row)), ==,
                       "https://pos.example");
      g_settings_reset (f->settings, "server-url");

      watch = galley_test_widget_watch_new (GTK_WIDGET (prefs));
      gtk_window_destroy (GTK_WINDOW (prefs));
      g_assert_true (galley_test_spin_until (galley_test_is_null, &weak, 5000));
      /* every row, entry and label of the window is gone too, not only the window */
      g_assert_true (galley_test_widget_watch_wait (watch, 5000));
      g_assert_cmpuint (galley_test_count_signal_handlers (f->settings), ==, handlers);
    }

  galley_test_assert_tracked (GALLEY_TYPE_PREFERENCES_WINDOW, 0);
  galley_test_baseline_assert (&base);
}

/* ------------------------------------------------------------------ services */

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    data)
{
  (*(guint *) data)++;
}

static void
test_services (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *demo_url = galley_demo_server_dup_base_url (f->demo);
  guint notifies = 0;
  gulong id;

  /* with a demo server, it is the restaurant server */
  g_assert_cmpstr (galley_services_get_server_url (f->services), ==, demo_url);
  g_assert_cmpstr (galley_services_get_restaurant_id (f->services), ==,
                   GALLEY_DEMO_RESTAURANT_ID);
  g_assert_cmpstr (galley_services_get_station (f->services), ==, "all");
  g_assert_true (galley_services_get_demo_server (f->services) == f->demo);

  id = g_signal_connect (f->services, "notify::station", G_CALLBACK (notify_count_cb), &notifies);
  g_settings_set_string (f->settings, "station", "grill");
  g_assert_cmpstr (galley_services_get_station (f->services), ==, "grill");
  g_assert_cmpuint (notifies, ==, 1);
  g_settings_set_string (f->settings, "station", "grill");   /* same value: silent */
  g_assert_cmpuint (notifies, ==, 1);

  /* the command line wins for this run, without touching the settings */
  galley_services_set_overrides (f->services, NULL, NULL, "fry");
  g_assert_cmpstr (galley_services_get_station (f->services), ==, "fry");
  g_assert_cmpuint (notifies, ==, 2);
  g_settings_set_string (f->settings, "station", "bar");
  g_assert_cmpstr (galley_services_get_station (f->services), ==, "fry");
  galley_services_set_overrides (f->services, NULL, NULL, NULL);
  g_assert_cmpstr (galley_services_get_station (f->services), ==, "bar");

  g_signal_handler_disconnect (f->services, id);
  g_settings_reset (f->settings, "station");

  galley_services_start (f->services);
  g_assert_cmpuint (galley_test_count_sources ("galley-sampler-"), ==, 1);
  galley_services_shutdown (f->services);
  g_assert_cmpuint (galley_test_count_sources ("galley-sampler-"), ==, 0);
  g_assert_false (galley_demo_server_get_running (f->demo));
}

static void
test_services_plain (void)
{
  GSettings *settings = g_settings_new (BASE_APPLICATION_ID);
  g_autofree char *dir = g_dir_make_tmp ("galley-test-XXXXXX", NULL);
  GalleyServices *services = galley_services_new (settings, NULL, dir);

  g_assert_cmpstr (galley_services_get_server_url (services), ==, "https://localhost:3001");
  g_assert_null (galley_services_get_demo_server (services));
  galley_services_start (services);
  g_assert_finalize_object (services);
  g_assert_cmpuint (galley_test_count_sources ("galley-sampler-"), ==, 0);
  g_assert_finalize_object (settings);
  galley_test_remove_dir (dir);
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

  ADD ("/window/lifecycle", test_window_lifecycle);
  ADD ("/window/gate", test_window_gate);
  ADD ("/window/views-and-toast", test_window_views_and_toast);
  g_test_add_func ("/window/without-services", test_window_without_services);
  ADD ("/diag/rss-graph", test_rss_graph);
  ADD ("/diag/diagnostics-view/cycle", test_diagnostics_view);
  ADD ("/diag/diagnostics-view/ticks", test_diagnostics_view_ticks);
  ADD ("/app/preferences/cycle", test_preferences);
  ADD ("/core/services", test_services);
  g_test_add_func ("/core/services/plain", test_services_plain);

#undef ADD

  return g_test_run ();
}
