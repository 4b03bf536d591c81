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
#include <string.h>
#include <unistd.h>

#include "galley-testutil.h"
#include "kitchen/galley-kitchen-view.h"
#include "counter/galley-counter-view.h"
#include "app/galley-about.h"
#include "app/galley-preferences-window.h"
#include "galley-testutil-gtk.h"
#include "app/galley-window.h"
#include "core/galley-services.h"
#include "diag/galley-diagnostics-view.h"
#include "diag/galley-rss-graph.h"
#include "util/galley-validate.h"

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

/* Each screen shows only what the signed-in role may use: a cashier gets the counter and a
 * gate on the kitchen screens (with a way to sign in as someone else), kitchen staff the
 * reverse; a role change swaps them at once. */
static GtkWidget *
find_named_descendant (GtkWidget  *root,
                       const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0 && gtk_widget_get_mapped (child))
        return child;
      found = find_named_descendant (child, name);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The window's focus is in a view of @type (or is that view). */
static gboolean
focus_in (GalleyWindow *window,
          GType         type)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_get_ancestor (focus, type) != NULL;
}

static void
test_window_role_gates (Fixture       *f,
                        gconstpointer  data)
{
  GalleyWindow *window = g_object_ref_sink (galley_window_new (NULL, f->services));

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (is_mapped, window, 5000));

  galley_services_sign_in_token (f->services, "token-for-a-test", "cashier");
  galley_window_show_view (window, "kitchen");
  galley_test_drain_main_context ();
  g_assert_nonnull (find_named_descendant (GTK_WIDGET (window), "role-gate"));
  galley_test_assert_tracked (GALLEY_TYPE_KITCHEN_VIEW, 0);
  galley_window_show_view (window, "counter");
  galley_test_drain_main_context ();
  g_assert_null (find_named_descendant (GTK_WIDGET (window), "role-gate"));
  galley_test_assert_tracked (GALLEY_TYPE_COUNTER_VIEW, 1);

  /* kitchen staff now: the counter view goes, the kitchen view comes */
  galley_services_sign_in_token (f->services, "token-for-a-test", "kitchen");
  galley_test_drain_main_context ();
  g_assert_nonnull (find_named_descendant (GTK_WIDGET (window), "role-gate"));
  galley_test_assert_tracked (GALLEY_TYPE_COUNTER_VIEW, 0);
  galley_window_show_view (window, "kitchen");
  galley_test_drain_main_context ();
  g_assert_null (find_named_descendant (GTK_WIDGET (window), "role-gate"));
  galley_test_assert_tracked (GALLEY_TYPE_KITCHEN_VIEW, 1);
  /* the keyboard is in the board, not on the view switcher: the bump bar works at once */
  g_assert_true (focus_in (window, GALLEY_TYPE_KITCHEN_VIEW));

  /* a manager may use every screen; the focus follows the view shown */
  galley_services_sign_in_token (f->services, "token-for-a-test", "manager");
  galley_window_show_view (window, "counter");
  galley_test_drain_main_context ();
  g_assert_null (find_named_descendant (GTK_WIDGET (window), "role-gate"));
  g_assert_true (focus_in (window, GALLEY_TYPE_COUNTER_VIEW));
  galley_window_show_view (window, "expo");
  galley_test_drain_main_context ();
  g_assert_true (focus_in (window, GALLEY_TYPE_KITCHEN_VIEW));
  g_assert_true (galley_kitchen_view_get_expo (GALLEY_KITCHEN_VIEW (
    gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GALLEY_TYPE_KITCHEN_VIEW))));

  galley_services_sign_in_token (f->services, NULL, NULL);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  galley_test_drain_main_context ();
  g_settings_reset (f->settings, "last-view");
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

/* The widget of @type named @name (gtk_widget_set_name; NULL: any) under @root, depth first. */
static gpointer
find_named (GtkWidget  *root,
            GType       type,
            const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gpointer found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (name == NULL || g_strcmp0 (gtk_widget_get_name (child), name) == 0))
        return child;
      if ((found = find_named (child, type, name)) != NULL)
        return found;
    }

  return NULL;
}

static guint
count_named (GtkWidget  *root,
             const char *name)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += (g_strcmp0 (gtk_widget_get_name (child), name) == 0) + count_named (child, name);

  return n;
}

/* TRUE when a label under @root shows @text (a toast, a caption): what the cook sees. */
static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child) &&
          strstr (gtk_label_get_text (GTK_LABEL (child)), text) != NULL)
        return TRUE;
      if (shows_text (child, text))
        return TRUE;
    }

  return FALSE;
}

static GtkWidget *
find_row (GalleyPreferencesWindow *prefs,
          GType                    type,
          const char              *title)
{
  GtkWidget *row = find_widget (GTK_WIDGET (prefs), type, title);

  g_assert_nonnull (row);

  return row;
}

static gpointer
find_named_widget (GalleyPreferencesWindow *prefs,
                   GType                    type,
                   const char              *name)
{
  gpointer widget = find_named (GTK_WIDGET (prefs), type, name);

  if (widget == NULL)
    g_error ("no %s named %s", g_type_name (type), name != NULL ? name : "(any)");

  return widget;
}

static const char *
combo_text (GtkWidget *row)
{
  GObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (row));

  return item != NULL ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : NULL;
}

/* Selects the item labelled @text; fails when the chooser has none. */
static void
combo_choose (GtkWidget  *row,
              const char *text)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), text) == 0)
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
          return;
        }
    }

  g_error ("“%s” is not a choice of %s", text, gtk_widget_get_name (row));
}

static void
show_kitchen_page (GalleyPreferencesWindow *prefs)
{
  AdwViewStack *stack = find_named_widget (prefs, ADW_TYPE_VIEW_STACK, NULL);

  adw_view_stack_set_visible_child_name (stack, "kitchen");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "kitchen");
}

static GtkEventController *
find_capture_controller (GalleyPreferencesWindow *prefs)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (prefs));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "galley-bump-key-capture") == 0)
        {
          g_assert_true (GTK_IS_EVENT_CONTROLLER_KEY (controller));
          return controller;   /* the window holds it */
        }
    }

  g_assert_not_reached ();
}

/* Synthesises a key press as the key controller would report it. */
static gboolean
press_key (GtkEventController *controller,
           guint               keyval,
           GdkModifierType     state)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);

  return handled;
}

static char *
bump_key (GSettings  *settings,
          const char *action)
{
  g_autoptr(GVariant) map = g_settings_get_value (settings, "bump-keys");
  char *name = NULL;

  g_variant_lookup (map, action, "s", &name);

  return name;
}

static void
get_threshold (GSettings  *settings,
               const char *type,
               guint      *warning,
               guint      *late)
{
  g_autoptr(GVariant) map = g_settings_get_value (settings, "thresholds");

  g_assert_true (g_variant_lookup (map, type, "(uu)", warning, late));
}

static char *
route_of (GSettings  *settings,
          const char *category)
{
  g_autoptr(GVariant) map = g_settings_get_value (settings, "station-categories");
  char *station = NULL;

  g_variant_lookup (map, category, "s", &station);

  return station;
}

static void
reset_kitchen_settings (GSettings *settings)
{
  static const char * const keys[] = {
    "station", "stations", "station-categories", "thresholds", "board-layout",
    "cards-per-page", "sound-volume", "sound-muted", "large-text", "high-contrast", "bump-keys",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
}

static GalleyPreferencesWindow *
open_preferences (Fixture *f)
{
  GalleyPreferencesWindow *prefs = galley_preferences_window_new (NULL, f->settings);

  g_object_ref_sink (prefs);
  gtk_window_present (GTK_WINDOW (prefs));
  g_assert_true (galley_test_spin_until (is_mapped, prefs, 5000));
  show_kitchen_page (prefs);
  galley_test_drain_main_context ();

  return prefs;
}

static void
close_preferences (Fixture                 *f,
                   GalleyPreferencesWindow *prefs,
                   guint                    handlers)
{
  g_autoptr(GalleyTestWidgetWatch) watch = galley_test_widget_watch_new (GTK_WIDGET (prefs));

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_finalize_object (prefs);
  g_assert_true (galley_test_widget_watch_wait (watch, 5000));
  g_assert_cmpuint (galley_test_count_signal_handlers (f->settings), ==, handlers);
  reset_kitchen_settings (f->settings);
}

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const categories[] = { "hot-drinks", "burgers", NULL };
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

      /* the Kitchen page, mapped, with rows made in code, a toast and a key being waited for */
      show_kitchen_page (prefs);
      galley_preferences_window_set_categories (prefs, categories);
      combo_choose (find_row (prefs, ADW_TYPE_COMBO_ROW, "Station"), "Grill");
      combo_choose (find_row (prefs, ADW_TYPE_COMBO_ROW, "Hot drinks"), "Bar");
      gtk_spin_button_set_value (find_named_widget (prefs, GTK_TYPE_SPIN_BUTTON,
                                                    "threshold-late-voice"), 3);   /* toast */
      g_signal_emit_by_name (find_named_widget (prefs, GTK_TYPE_BUTTON, "bump-key-fire"),
                             "clicked");
      g_assert_true (press_key (find_capture_controller (prefs), GDK_KEY_7, 0));   /* toast */
      galley_test_drain_main_context ();
      reset_kitchen_settings (f->settings);

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

static void
test_preferences_this_screen (Fixture       *f,
                              gconstpointer  data)
{
  guint handlers = galley_test_count_signal_handlers (f->settings);
  GalleyPreferencesWindow *prefs = open_preferences (f);
  GtkWidget *station = find_row (prefs, ADW_TYPE_COMBO_ROW, "Station");
  GtkWidget *layout = find_row (prefs, ADW_TYPE_COMBO_ROW, "Layout");
  GtkSpinButton *cards = find_named_widget (prefs, GTK_TYPE_SPIN_BUTTON, "cards-per-page");
  g_autofree char *value = NULL;
  GListModel *model;

  /* the station: "All Stations", then each station with a capital letter */
  g_assert_cmpstr (combo_text (station), ==, "All Stations");
  model = adw_combo_row_get_model (ADW_COMBO_ROW (station));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  combo_choose (station, "Fry");
  value = g_settings_get_string (f->settings, "station");
  g_assert_cmpstr (value, ==, "fry");
  g_clear_pointer (&value, g_free);
  combo_choose (station, "All Stations");
  value = g_settings_get_string (f->settings, "station");
  g_assert_cmpstr (value, ==, "all");
  g_clear_pointer (&value, g_free);

  /* set elsewhere: shown; a value outside the list is shown as such, not changed */
  g_settings_set_string (f->settings, "station", "bar");
  g_assert_cmpstr (combo_text (station), ==, "Bar");
  g_settings_set_string (f->settings, "station", "expo");
  g_assert_cmpstr (combo_text (station), ==, "Expo (not in the station list)");
  value = g_settings_get_string (f->settings, "station");
  g_assert_cmpstr (value, ==, "expo");
  g_clear_pointer (&value, g_free);
  combo_choose (station, "Cold");
  value = g_settings_get_string (f->settings, "station");
  g_assert_cmpstr (value, ==, "cold");
  g_clear_pointer (&value, g_free);
  /* the value chosen away from stays offered while the window is open */
  combo_choose (station, "Expo (not in the station list)");
  value = g_settings_get_string (f->settings, "station");
  g_assert_cmpstr (value, ==, "expo");
  g_clear_pointer (&value, g_free);
  combo_choose (station, "Cold");

  /* the layout */
  g_assert_cmpstr (combo_text (layout), ==, "Grid");
  combo_choose (layout, "List");
  g_assert_cmpint (g_settings_get_enum (f->settings, "board-layout"), ==, 1);
  g_settings_set_enum (f->settings, "board-layout", 0);
  g_assert_cmpstr (combo_text (layout), ==, "Grid");

  /* tickets per page: 0 is "Automatic", both ways */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cards)), ==, "Automatic");
  gtk_spin_button_set_value (cards, 8);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "cards-per-page"), ==, 8);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cards)), ==, "8");
  gtk_editable_set_text (GTK_EDITABLE (cards), "automatic");
  gtk_spin_button_update (cards);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "cards-per-page"), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cards)), ==, "Automatic");
  gtk_editable_set_text (GTK_EDITABLE (cards), "30");   /* clamped to the key's range */
  gtk_spin_button_update (cards);
  g_assert_cmpuint (g_settings_get_uint (f->settings, "cards-per-page"), ==, 24);
  g_settings_set_uint (f->settings, "cards-per-page", 12);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (cards), ==, 12);

  close_preferences (f, prefs, handlers);
}

static gboolean
time_reached (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *) data;
}

static void
test_preferences_thresholds (Fixture       *f,
                             gconstpointer  data)
{
  guint handlers = galley_test_count_signal_handlers (f->settings);
  GalleyPreferencesWindow *prefs = open_preferences (f);
  GtkSpinButton *warning = find_named_widget (prefs, GTK_TYPE_SPIN_BUTTON,
                                              "threshold-warning-dine-in");
  GtkSpinButton *late = find_named_widget (prefs, GTK_TYPE_SPIN_BUTTON, "threshold-late-dine-in");
  GtkWidget *takeout = find_named_widget (prefs, ADW_TYPE_EXPANDER_ROW, "threshold-takeout");
  g_autoptr(GVariant) map = NULL;
  guint w, l;

  g_assert_cmpint (gtk_spin_button_get_value_as_int (warning), ==, 10);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (late), ==, 15);

  gtk_spin_button_set_value (warning, 12);
  get_threshold (f->settings, "dine-in", &w, &l);
  g_assert_cmpuint (w, ==, 12);
  g_assert_cmpuint (l, ==, 15);
  gtk_spin_button_set_value (late, 20);
  get_threshold (f->settings, "dine-in", &w, &l);
  g_assert_cmpuint (l, ==, 20);
  get_threshold (f->settings, "takeout", &w, &l);   /* the other types are untouched */
  g_assert_cmpuint (w, ==, 10);
  g_assert_cmpuint (l, ==, 15);
  g_assert_false (shows_text (GTK_WIDGET (prefs), "now late after"));

  /* late before running late: late is clamped to it, and the toast says so */
  gtk_spin_button_set_value (late, 5);
  get_threshold (f->settings, "dine-in", &w, &l);
  g_assert_cmpuint (w, ==, 12);
  g_assert_cmpuint (l, ==, 12);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (late), ==, 12);
  g_assert_true (shows_text (GTK_WIDGET (prefs), "Dine-in tickets are now late after 12 min"));

  /* running late pushed past late: late follows */
  gtk_spin_button_set_value (warning, 30);
  get_threshold (f->settings, "dine-in", &w, &l);
  g_assert_cmpuint (w, ==, 30);
  g_assert_cmpuint (l, ==, 30);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (late), ==, 30);
  g_assert_true (shows_text (GTK_WIDGET (prefs), "Dine-in tickets are now late after 30 min"));
  g_assert_false (shows_text (GTK_WIDGET (prefs), "Dine-in tickets are now late after 12 min"));

  /* a change made elsewhere shows, and a type this version does not know is kept */
  g_settings_set_value (f->settings, "thresholds",
                        g_variant_new_parsed ("{'takeout': (@u 5, @u 7), 'catering': (@u 30, @u 45)}"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (
                     find_named_widget (prefs, GTK_TYPE_SPIN_BUTTON, "threshold-warning-takeout")),
                   ==, 5);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (
                     find_named_widget (prefs, GTK_TYPE_SPIN_BUTTON, "threshold-late-takeout")),
                   ==, 7);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (takeout)), ==,
                   "Running late after 5 min, late after 7 min");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (warning), ==, 10);   /* missing: default */
  gtk_spin_button_set_value (late, 25);
  get_threshold (f->settings, "dine-in", &w, &l);
  g_assert_cmpuint (w, ==, 10);
  g_assert_cmpuint (l, ==, 25);
  get_threshold (f->settings, "catering", &w, &l);
  g_assert_cmpuint (w, ==, 30);
  g_assert_cmpuint (l, ==, 45);
  map = g_settings_get_value (f->settings, "thresholds");
  g_assert_cmpuint (g_variant_n_children (map), ==, 3);

  /* a toast on screen for a while is replaced by a new one (the old one fades out), not
   * rewritten; the window's frames go on meanwhile, so the show animation is over */
  {
    gint64 until = g_get_monotonic_time () + 1100 * 1000;

    g_assert_true (galley_test_spin_until (time_reached, &until, 5000));
  }
  gtk_spin_button_set_value (late, 5);
  g_assert_true (shows_text (GTK_WIDGET (prefs), "Dine-in tickets are now late after 10 min"));
  g_assert_true (shows_text (GTK_WIDGET (prefs), "Dine-in tickets are now late after 30 min"));
  galley_test_drain_main_context ();

  close_preferences (f, prefs, handlers);
}

static void
test_preferences_stations (Fixture       *f,
                           gconstpointer  data)
{
  static const struct { const char *text; const char *toast; } bad[] = {
    { "grill, expo", "“expo” cannot be a station" },
    { "grill, fry, grill", "“grill” is listed twice" },
    { "grill, cold line", "“cold line” is not a station name" },
    { " , ", "List at least one station" },
    { "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q", "up to 16 stations" },
  };
  guint handlers = galley_test_count_signal_handlers (f->settings);
  GalleyPreferencesWindow *prefs = open_preferences (f);
  GtkWidget *row = find_named_widget (prefs, ADW_TYPE_ENTRY_ROW, "stations");
  GtkWidget *station = find_row (prefs, ADW_TYPE_COMBO_ROW, "Station");
  GtkWidget *burgers = find_named_widget (prefs, ADW_TYPE_COMBO_ROW, "route-burgers");
  g_auto(GStrv) stations = NULL;

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "grill, fry, cold, bar");

  /* a good list is normalised, saved, and offered by the station choosers */
  gtk_editable_set_text (GTK_EDITABLE (row), " Grill,fry , Pastry,");
  g_signal_emit_by_name (row, "apply");
  stations = g_settings_get_strv (f->settings, "stations");
  g_assert_cmpstrv (stations, ((const char * const []) { "grill", "fry", "pastry", NULL }));
  g_clear_pointer (&stations, g_strfreev);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "grill, fry, pastry");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  combo_choose (station, "Pastry");
  combo_choose (burgers, "Pastry");

  /* each wrong list is refused, marked and explained, and the setting is kept */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gtk_editable_set_text (GTK_EDITABLE (row), bad[i].text);
      g_signal_emit_by_name (row, "apply");
      stations = g_settings_get_strv (f->settings, "stations");
      g_assert_cmpstrv (stations, ((const char * const []) { "grill", "fry", "pastry", NULL }));
      g_clear_pointer (&stations, g_strfreev);
      g_assert_true (gtk_widget_has_css_class (row, "error"));
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, bad[i].text);
      if (!shows_text (GTK_WIDGET (prefs), bad[i].toast))
        g_error ("no toast “%s” for “%s”", bad[i].toast, bad[i].text);
    }

  /* a change made elsewhere replaces the text and clears the mark; a station dropped from
   * the list stays chosen where it was chosen, shown as outside the list */
  g_settings_set_strv (f->settings, "stations",
                       (const char * const []) { "grill", "wok", NULL });
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "grill, wok");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (combo_text (station), ==, "Pastry (not in the station list)");
  g_assert_cmpstr (combo_text (burgers), ==, "Pastry (not in the station list)");
  combo_choose (station, "Wok");
  {
    g_autofree char *value = g_settings_get_string (f->settings, "station");

    g_assert_cmpstr (value, ==, "wok");
  }

  close_preferences (f, prefs, handlers);
}

static void
test_preferences_routing (Fixture       *f,
                          gconstpointer  data)
{
  static const char * const menu[] = { "hot-drinks", "burgers", "", NULL };
  guint handlers = galley_test_count_signal_handlers (f->settings);
  GalleyPreferencesWindow *prefs = open_preferences (f);
  GtkWidget *burgers = find_row (prefs, ADW_TYPE_COMBO_ROW, "Burgers");
  GtkWidget *hot_drinks;
  g_autofree char *route = NULL;

  g_assert_null (find_widget (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW, "Hot drinks"));
  g_assert_false (gtk_widget_get_visible (find_row (prefs, ADW_TYPE_ACTION_ROW,
                                                    "No Menu Categories Yet")));
  g_assert_true (shows_text (GTK_WIDGET (prefs), "go to expo, marked “Unrouted”"));

  /* the menu's categories get rows, unrouted until a station is chosen */
  galley_preferences_window_set_categories (prefs, menu);
  hot_drinks = find_row (prefs, ADW_TYPE_COMBO_ROW, "Hot drinks");
  g_assert_cmpstr (combo_text (hot_drinks), ==, "Not Routed");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (hot_drinks)), ==,
                   "Goes to expo, marked “Unrouted”");
  g_assert_cmpstr (combo_text (burgers), ==, "Grill");
  galley_preferences_window_set_categories (prefs, menu);   /* no second row */
  g_assert_cmpuint (count_named (GTK_WIDGET (prefs), "route-hot-drinks"), ==, 1);
  g_assert_cmpuint (count_named (GTK_WIDGET (prefs), "route-burgers"), ==, 1);
  g_assert_cmpuint (count_named (GTK_WIDGET (prefs), "route-"), ==, 0);   /* "" is no slug */

  combo_choose (hot_drinks, "Bar");
  route = route_of (f->settings, "hot-drinks");
  g_assert_cmpstr (route, ==, "bar");
  g_clear_pointer (&route, g_free);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (hot_drinks)), ==, "");

  /* "Not Routed" removes the key; the row stays, saying where the items go */
  combo_choose (burgers, "Not Routed");
  route = route_of (f->settings, "burgers");
  g_assert_null (route);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (burgers)), ==,
                   "Goes to expo, marked “Unrouted”");
  g_assert_true (find_row (prefs, ADW_TYPE_COMBO_ROW, "Burgers") == burgers);
  route = route_of (f->settings, "mains");   /* the others are untouched */
  g_assert_cmpstr (route, ==, "grill");
  g_clear_pointer (&route, g_free);

  /* a change made elsewhere shows, including a category new to this window */
  g_settings_set_value (f->settings, "station-categories",
                        g_variant_new_parsed ("{'burgers': 'fry', 'salads': 'cold'}"));
  g_assert_cmpstr (combo_text (burgers), ==, "Fry");
  g_assert_cmpstr (combo_text (hot_drinks), ==, "Not Routed");
  g_assert_cmpstr (combo_text (find_row (prefs, ADW_TYPE_COMBO_ROW, "Salads")), ==, "Cold");
  g_assert_cmpstr (combo_text (find_row (prefs, ADW_TYPE_COMBO_ROW, "Mains")), ==, "Not Routed");

  close_preferences (f, prefs, handlers);

  /* with no category at all, the group says why it is empty */
  g_settings_set_value (f->settings, "station-categories", g_variant_new_parsed ("@a{ss} {}"));
  prefs = open_preferences (f);
  g_assert_true (gtk_widget_get_visible (find_row (prefs, ADW_TYPE_ACTION_ROW,
                                                   "No Menu Categories Yet")));
  galley_preferences_window_set_categories (prefs, menu);
  g_assert_false (gtk_widget_get_visible (find_row (prefs, ADW_TYPE_ACTION_ROW,
                                                    "No Menu Categories Yet")));
  close_preferences (f, prefs, handlers);
}

static void
test_sound_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       data)
{
  (*(guint *) data)++;
}

/* The Voice page: the engine, the microphone, the speaker and hands-free follow the settings both
 * ways; an API key is sent to the keyring (with no keyring here, its refusal is said in a toast), never to the
 * settings, and the field is not filled back. */
static gboolean
has_toast (gpointer prefs)
{
  return shows_text (prefs, "keyring") || shows_text (prefs, "Keyring");
}

static void
test_preferences_voice (Fixture       *f,
                        gconstpointer  data)
{
  guint handlers = galley_test_count_signal_handlers (f->settings);
  GalleyPreferencesWindow *prefs = open_preferences (f);
  GtkWidget *engine = find_row (prefs, ADW_TYPE_COMBO_ROW, "Voice engine");
  GtkWidget *microphone = find_row (prefs, ADW_TYPE_ENTRY_ROW, "Microphone (empty for the default)");
  GtkWidget *speaker = find_row (prefs, ADW_TYPE_ENTRY_ROW,
                                 "Speaker for sounds and voice replies (empty for the default)");
  GtkWidget *key = find_row (prefs, ADW_TYPE_PASSWORD_ENTRY_ROW, "New API key");
  GtkWidget *hands_free_row = find_row (prefs, ADW_TYPE_ACTION_ROW, "Hands-free");
  GtkSwitch *hands_free;
  g_autofree char *value = NULL;

  g_assert_cmpstr (combo_text (engine), ==, "Automatic");
  combo_choose (engine, "This Terminal Only");
  value = g_settings_get_string (f->settings, "voice-engine");
  g_assert_cmpstr (value, ==, "offline");
  g_clear_pointer (&value, g_free);
  g_settings_set_string (f->settings, "voice-engine", "realtime");
  g_assert_cmpstr (combo_text (engine), ==, "Online Only");

  gtk_editable_set_text (GTK_EDITABLE (microphone), "  alsa_input.usb-mic  ");
  g_signal_emit_by_name (microphone, "apply");
  value = g_settings_get_string (f->settings, "microphone");
  g_assert_cmpstr (value, ==, "alsa_input.usb-mic");
  g_clear_pointer (&value, g_free);
  g_assert_true (shows_text (GTK_WIDGET (prefs), "Voice uses this microphone from the next press."));
  g_settings_set_string (f->settings, "microphone", "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (microphone)), ==, "");

  /* hands-free: the switch and the key follow each other */
  hands_free = GTK_SWITCH (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (hands_free_row)));
  g_assert_nonnull (hands_free);
  g_assert_false (gtk_switch_get_active (hands_free));
  gtk_switch_set_active (hands_free, TRUE);
  g_assert_true (g_settings_get_boolean (f->settings, "voice-hands-free"));
  g_settings_set_boolean (f->settings, "voice-hands-free", FALSE);
  g_assert_false (gtk_switch_get_active (hands_free));

  /* the speaker: saved trimmed, said in a toast, and follows the settings back */
  gtk_editable_set_text (GTK_EDITABLE (speaker), " ci_speaker2 ");
  g_signal_emit_by_name (speaker, "apply");
  value = g_settings_get_string (f->settings, "speaker");
  g_assert_cmpstr (value, ==, "ci_speaker2");
  g_clear_pointer (&value, g_free);
  g_assert_true (shows_text (GTK_WIDGET (prefs),
                             "Sounds and voice replies use this speaker from the next sound."));
  g_settings_set_string (f->settings, "speaker", "alsa_output.hdmi");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (speaker)), ==, "alsa_output.hdmi");
  gtk_editable_set_text (GTK_EDITABLE (speaker), "");
  g_signal_emit_by_name (speaker, "apply");
  value = g_settings_get_string (f->settings, "speaker");
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);
  g_assert_true (shows_text (GTK_WIDGET (prefs), "Sounds and voice replies use the default speaker."));

  /* an empty key is not sent */
  g_signal_emit_by_name (key, "apply");
  g_assert_true (shows_text (GTK_WIDGET (prefs), "Type or paste the key first."));

  /* a key: to the keyring only (refused here, in words), never into the settings */
  gtk_editable_set_text (GTK_EDITABLE (key), "sk-galleytest-prefs");
  g_signal_emit_by_name (key, "apply");
  galley_test_spin_until (has_toast, prefs, 5000);
  {
    g_autoptr(GSettingsSchema) schema = NULL;
    g_auto(GStrv) keys = NULL;

    g_object_get (f->settings, "settings-schema", &schema, NULL);
    keys = g_settings_schema_list_keys (schema);
    for (guint i = 0; keys[i] != NULL; i++)
      {
        g_autoptr(GVariant) v = g_settings_get_value (f->settings, keys[i]);
        g_autofree char *text = g_variant_print (v, FALSE);

        g_assert_null (strstr (text, "sk-galleytest-prefs"));
      }
  }

  g_settings_reset (f->settings, "voice-engine");
  g_settings_reset (f->settings, "voice-hands-free");
  close_preferences (f, prefs, handlers);
}

static void
test_preferences_sound_and_access (Fixture       *f,
                                   gconstpointer  data)
{
  guint handlers = galley_test_count_signal_handlers (f->settings);
  GalleyPreferencesWindow *prefs = open_preferences (f);
  GtkRange *volume = find_named_widget (prefs, GTK_TYPE_SCALE, "volume");
  GtkSwitch *muted = find_named_widget (prefs, GTK_TYPE_SWITCH, "muted");
  GtkWidget *muted_row = find_row (prefs, ADW_TYPE_ACTION_ROW, "Mute Sounds");
  GtkSwitch *large = find_named_widget (prefs, GTK_TYPE_SWITCH, "large-text");
  GtkSwitch *contrast = find_named_widget (prefs, GTK_TYPE_SWITCH, "high-contrast");
  GtkWidget *test_sound = find_named_widget (prefs, GTK_TYPE_BUTTON, "test-sound");
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("test-sound", NULL);
  guint played = 0;

  /* volume in per cent, the setting from 0 to 1 */
  g_assert_cmpfloat_with_epsilon (gtk_range_get_value (volume), 80, 1e-9);
  gtk_range_set_value (volume, 35);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (f->settings, "sound-volume"), 0.35, 1e-9);
  g_settings_set_double (f->settings, "sound-volume", 0.5);
  g_assert_cmpfloat_with_epsilon (gtk_range_get_value (volume), 50, 1e-9);

  /* muted, with the word on screen */
  g_assert_false (shows_text (muted_row, "Muted"));
  gtk_switch_set_active (muted, TRUE);
  g_assert_true (g_settings_get_boolean (f->settings, "sound-muted"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (muted_row)), ==, "Muted");
  g_assert_true (shows_text (muted_row, "Muted"));
  g_settings_set_boolean (f->settings, "sound-muted", FALSE);
  g_assert_false (gtk_switch_get_active (muted));
  g_assert_false (shows_text (muted_row, "Muted"));
  g_settings_set_boolean (f->settings, "sound-muted", TRUE);
  g_assert_true (gtk_switch_get_active (muted));
  g_assert_true (shows_text (muted_row, "Muted"));

  /* the test button follows app.test-sound: insensitive without it */
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (test_sound)), ==,
                   "app.test-sound");
  g_assert_false (gtk_widget_is_sensitive (test_sound));
  g_signal_connect (action, "activate", G_CALLBACK (test_sound_cb), &played);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (GTK_WIDGET (prefs), "app", G_ACTION_GROUP (group));
  g_assert_true (gtk_widget_is_sensitive (test_sound));
  g_signal_emit_by_name (test_sound, "clicked");
  g_assert_cmpuint (played, ==, 1);
  gtk_widget_insert_action_group (GTK_WIDGET (prefs), "app", NULL);
  g_assert_false (gtk_widget_is_sensitive (test_sound));

  /* accessibility */
  gtk_switch_set_active (large, TRUE);
  g_assert_true (g_settings_get_boolean (f->settings, "large-text"));
  gtk_switch_set_active (contrast, TRUE);
  g_assert_true (g_settings_get_boolean (f->settings, "high-contrast"));
  g_settings_set_boolean (f->settings, "large-text", FALSE);
  g_assert_false (gtk_switch_get_active (large));
  g_settings_set_boolean (f->settings, "high-contrast", FALSE);
  g_assert_false (gtk_switch_get_active (contrast));

  close_preferences (f, prefs, handlers);
}

static void
test_preferences_bump_keys (Fixture       *f,
                            gconstpointer  data)
{
  guint handlers = galley_test_count_signal_handlers (f->settings);
  GalleyPreferencesWindow *prefs = open_preferences (f);
  GtkEventController *capture = find_capture_controller (prefs);
  GtkButton *recall = find_named_widget (prefs, GTK_TYPE_BUTTON, "bump-key-recall");
  GtkButton *undo = find_named_widget (prefs, GTK_TYPE_BUTTON, "bump-key-undo");
  GtkButton *reset = find_named_widget (prefs, GTK_TYPE_BUTTON, "bump-keys-reset");
  g_autofree char *key = NULL;

  g_assert_cmpstr (gtk_button_get_label (recall), ==, "R");
  g_assert_cmpstr (gtk_button_get_label (find_named_widget (prefs, GTK_TYPE_BUTTON,
                                                            "bump-key-scheduled")), ==, "S");
  g_assert_false (press_key (capture, GDK_KEY_x, 0));   /* not waiting: keys pass through */

  g_signal_emit_by_name (recall, "clicked");
  g_assert_cmpstr (gtk_button_get_label (recall), ==, "Press a key…");

  /* a modifier alone: still waiting */
  g_assert_true (press_key (capture, GDK_KEY_Shift_L, 0));
  g_assert_cmpstr (gtk_button_get_label (recall), ==, "Press a key…");

  /* digits select tickets: refused, still waiting */
  g_assert_true (press_key (capture, GDK_KEY_5, 0));
  key = bump_key (f->settings, "recall");
  g_assert_cmpstr (key, ==, "r");
  g_clear_pointer (&key, g_free);
  g_assert_true (shows_text (GTK_WIDGET (prefs), "Keys 1 to 9 select the ticket"));
  g_assert_cmpstr (gtk_button_get_label (recall), ==, "Press a key…");
  g_assert_true (press_key (capture, GDK_KEY_KP_3, 0));
  key = bump_key (f->settings, "recall");
  g_assert_cmpstr (key, ==, "r");
  g_clear_pointer (&key, g_free);

  /* another action's key (Shift+A is A): refused, naming the action */
  g_assert_true (press_key (capture, GDK_KEY_A, GDK_SHIFT_MASK));
  key = bump_key (f->settings, "recall");
  g_assert_cmpstr (key, ==, "r");
  g_clear_pointer (&key, g_free);
  g_assert_true (shows_text (GTK_WIDGET (prefs), "A is already the key for “Show all-day counts”"));
  /* the newer explanation took the place of the one just shown */
  g_assert_false (shows_text (GTK_WIDGET (prefs), "Keys 1 to 9 select the ticket"));

  /* with Ctrl: refused */
  g_assert_true (press_key (capture, GDK_KEY_x, GDK_CONTROL_MASK));
  g_assert_true (shows_text (GTK_WIDGET (prefs), "without Ctrl, Alt or Super"));
  key = bump_key (f->settings, "recall");
  g_assert_cmpstr (key, ==, "r");
  g_clear_pointer (&key, g_free);

  /* a free key: saved, shown, waiting over */
  g_assert_true (press_key (capture, GDK_KEY_x, 0));
  key = bump_key (f->settings, "recall");
  g_assert_cmpstr (key, ==, "x");
  g_clear_pointer (&key, g_free);
  g_assert_cmpstr (gtk_button_get_label (recall), ==, "X");
  g_assert_false (press_key (capture, GDK_KEY_y, 0));
  key = bump_key (f->settings, "undo");   /* the others are untouched */
  g_assert_cmpstr (key, ==, "u");
  g_clear_pointer (&key, g_free);

  /* Escape keeps the old key; so does choosing the waiting button again */
  g_signal_emit_by_name (undo, "clicked");
  g_assert_true (press_key (capture, GDK_KEY_Escape, 0));
  g_assert_cmpstr (gtk_button_get_label (undo), ==, "U");
  g_assert_false (press_key (capture, GDK_KEY_z, 0));
  g_signal_emit_by_name (undo, "clicked");
  g_signal_emit_by_name (undo, "clicked");
  g_assert_cmpstr (gtk_button_get_label (undo), ==, "U");
  g_assert_false (press_key (capture, GDK_KEY_z, 0));

  /* Tab moves on: the old key stays and the key press goes on to move the focus */
  g_signal_emit_by_name (undo, "clicked");
  g_assert_false (press_key (capture, GDK_KEY_Tab, 0));
  g_assert_cmpstr (gtk_button_get_label (undo), ==, "U");
  key = bump_key (f->settings, "undo");
  g_assert_cmpstr (key, ==, "u");
  g_clear_pointer (&key, g_free);
  g_assert_false (press_key (capture, GDK_KEY_z, 0));

  /* choosing another button moves the wait there */
  g_signal_emit_by_name (undo, "clicked");
  g_signal_emit_by_name (recall, "clicked");
  g_assert_cmpstr (gtk_button_get_label (undo), ==, "U");
  g_assert_cmpstr (gtk_button_get_label (recall), ==, "Press a key…");
  g_assert_true (press_key (capture, GDK_KEY_F5, 0));
  key = bump_key (f->settings, "recall");
  g_assert_cmpstr (key, ==, "F5");
  g_clear_pointer (&key, g_free);

  /* a change made elsewhere shows; an action this version does not know is kept */
  g_settings_set_value (f->settings, "bump-keys",
                        g_variant_new_parsed ("{'recall': 'z', 'undo': 'BackSpace', "
                                              "'custom': 'q'}"));
  g_assert_cmpstr (gtk_button_get_label (recall), ==, "Z");
  g_assert_cmpstr (gtk_button_get_label (find_named_widget (prefs, GTK_TYPE_BUTTON,
                                                            "bump-key-bump")), ==, "None");
  g_signal_emit_by_name (undo, "clicked");
  g_assert_true (press_key (capture, GDK_KEY_z, 0));   /* recall's now */
  g_assert_true (shows_text (GTK_WIDGET (prefs), "Z is already the key for “Recall last bump”"));
  g_assert_true (press_key (capture, GDK_KEY_Delete, 0));
  key = bump_key (f->settings, "undo");
  g_assert_cmpstr (key, ==, "Delete");
  g_clear_pointer (&key, g_free);
  key = bump_key (f->settings, "custom");
  g_assert_cmpstr (key, ==, "q");
  g_clear_pointer (&key, g_free);

  /* back to the defaults */
  g_signal_emit_by_name (reset, "clicked");
  key = bump_key (f->settings, "recall");
  g_assert_cmpstr (key, ==, "r");
  g_clear_pointer (&key, g_free);
  key = bump_key (f->settings, "acknowledge");
  g_assert_cmpstr (key, ==, "k");
  g_clear_pointer (&key, g_free);
  g_assert_cmpstr (gtk_button_get_label (recall), ==, "R");
  g_assert_cmpstr (gtk_button_get_label (undo), ==, "U");

  /* closing while waiting leaves nothing behind */
  g_signal_emit_by_name (undo, "clicked");
  close_preferences (f, prefs, handlers);
}

/* Every control of the Kitchen page can be named by a screen reader. */
static void
assert_named (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;   /* e.g. the expander rows' hidden enable switch */
      if ((GTK_IS_SPIN_BUTTON (child) || GTK_IS_SWITCH (child) || GTK_IS_SCALE (child)) &&
          !gtk_test_accessible_has_property (GTK_ACCESSIBLE (child),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("%s %s has no accessible name", G_OBJECT_TYPE_NAME (child),
                 gtk_widget_get_name (child));
      if (GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) == NULL &&
          gtk_button_get_icon_name (GTK_BUTTON (child)) == NULL &&
          !gtk_test_accessible_has_property (GTK_ACCESSIBLE (child),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("button %s has no accessible name", gtk_widget_get_name (child));
      assert_named (child);
    }
}

static void
test_preferences_accessible (Fixture       *f,
                             gconstpointer  data)
{
  guint handlers;
  GalleyPreferencesWindow *prefs;
  GtkWidget *recall;
  GtkWidget *page;

  /* accessible names are kept only by an accessibility context, which the other tests go
   * without (GTK_A11Y=none: nothing for valgrind to wade through): a child process has one */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 300 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  handlers = galley_test_count_signal_handlers (f->settings);
  prefs = open_preferences (f);
  recall = find_named_widget (prefs, GTK_TYPE_BUTTON, "bump-key-recall");
  page = find_named_widget (prefs, ADW_TYPE_VIEW_STACK, NULL);

  assert_named (page);
  gtk_test_accessible_assert_property (recall, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Key for “Recall last bump”: R");
  gtk_test_accessible_assert_property (
    find_named_widget (prefs, GTK_TYPE_SPIN_BUTTON, "threshold-late-drive-thru"),
    GTK_ACCESSIBLE_PROPERTY_LABEL, "Drive-thru: minutes until late");
  g_signal_emit_by_name (recall, "clicked");
  gtk_test_accessible_assert_property (recall, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Press the new key for “Recall last bump”, or Escape "
                                       "to keep the old one");

  close_preferences (f, prefs, handlers);
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

/* ------------------------------------------------------------------ About */

/* The label of the menu item that activates @action, in @model or its sections. */
static char *
menu_label_for_action (GMenuModel *model,
                       const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *item_action = NULL;
      g_autofree char *label = NULL;
      g_autoptr(GMenuModel) section = NULL;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &item_action) &&
          g_strcmp0 (item_action, action) == 0 &&
          g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        return g_steal_pointer (&label);

      section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      if (section != NULL)
        {
          char *found = menu_label_for_action (section, action);

          if (found != NULL)
            return found;
        }
    }

  return NULL;
}

/* The main menu opens the About window: version from meson, GPL-3.0-or-later, credits, the
 * project page and the issue tracker; closing it leaves nothing behind. */
static void
test_about (void)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  GalleyWindow *window = g_object_ref_sink (galley_window_new (NULL, NULL));
  g_autoptr(GalleyTestWidgetWatch) watch = NULL;
  GtkWidget *about, *menu_button;
  g_autofree char *label = NULL;
  g_autofree char *version = NULL, *website = NULL, *issue_url = NULL, *icon = NULL;
  g_autofree char *name = NULL, *developer = NULL, *credits = NULL, *info = NULL;
  g_autofree char *copyright = NULL, *comments = NULL;
  g_auto (GStrv) developers = NULL;
  GtkLicense license;
  GtkWindow *parent = NULL;
  gboolean modal;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (galley_test_spin_until (is_mapped, window, 5000));
  galley_test_drain_main_context ();
  galley_test_baseline_take (&base);

  /* the main menu has the item, and it activates app.about */
  menu_button = find_named (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_nonnull (menu_button);
  label = menu_label_for_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)),
                                 "app.about");
  g_assert_cmpstr (label, ==, "_About Galley");

  about = galley_about_window_new (GTK_WINDOW (window));
  g_assert_true (ADW_IS_ABOUT_WINDOW (about));
  g_object_ref (about);
  g_object_get (about,
                "application-name", &name,
                "application-icon", &icon,
                "developer-name", &developer,
                "version", &version,
                "website", &website,
                "issue-url", &issue_url,
                "license-type", &license,
                "developers", &developers,
                "translator-credits", &credits,
                "copyright", &copyright,
                "comments", &comments,
                "debug-info", &info,
                "transient-for", &parent,
                "modal", &modal,
                NULL);
  g_assert_cmpstr (name, ==, "Galley");
  g_assert_cmpstr (icon, ==, APPLICATION_ID);
  g_assert_cmpstr (developer, ==, "The Galley contributors");
  g_assert_cmpstr (version, ==, PACKAGE_VERSION);
  g_assert_cmpstr (website, ==, "https://github.com/galleypos/galley");
  g_assert_cmpstr (issue_url, ==, "https://github.com/galleypos/galley/issues");
  g_assert_cmpint (license, ==, GTK_LICENSE_GPL_3_0);
  g_assert_nonnull (developers);
  g_assert_true (g_strv_contains ((const char * const *) developers, "The Galley contributors"));
  g_assert_nonnull (credits);
  g_assert_cmpstr (credits, !=, "");
  g_assert_nonnull (strstr (copyright, "The Galley contributors"));
  g_assert_cmpstr (comments, !=, "");
  g_assert_nonnull (strstr (info, "Galley " PACKAGE_VERSION));
  g_assert_nonnull (strstr (info, "libadwaita "));
  g_assert_true (parent == GTK_WINDOW (window));
  g_assert_true (modal);
  g_clear_object (&parent);

  gtk_window_present (GTK_WINDOW (about));
  g_assert_true (galley_test_spin_until (is_mapped, about, 5000));
  galley_test_drain_main_context ();
  watch = galley_test_widget_watch_new (about);

  /* closed the way a person closes it (Escape, the close button) */
  gtk_window_close (GTK_WINDOW (about));
  galley_test_drain_main_context ();
  g_assert_finalize_object (about);
  g_assert_true (galley_test_widget_watch_wait (watch, 5000));
  galley_test_baseline_assert (&base);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* the child of /app/preferences/kitchen/accessible-names: GTK's in-memory accessibility
   * context (still no bus), so it can read accessible names; GTK reads this once a process */
  if (g_test_subprocess ())
    g_setenv ("GTK_A11Y", "test", TRUE);
  galley_test_quiet_debug ();
  adw_init ();
  galley_test_track_all ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/window/lifecycle", test_window_lifecycle);
  ADD ("/window/gate", test_window_gate);
  ADD ("/window/views-and-toast", test_window_views_and_toast);
  ADD ("/window/role-gates", test_window_role_gates);
  g_test_add_func ("/window/without-services", test_window_without_services);
  g_test_add_func ("/app/about", test_about);
  ADD ("/diag/rss-graph", test_rss_graph);
  ADD ("/diag/diagnostics-view/cycle", test_diagnostics_view);
  ADD ("/diag/diagnostics-view/ticks", test_diagnostics_view_ticks);
  ADD ("/app/preferences/cycle", test_preferences);
  ADD ("/app/preferences/kitchen/this-screen", test_preferences_this_screen);
  ADD ("/app/preferences/kitchen/thresholds", test_preferences_thresholds);
  ADD ("/app/preferences/kitchen/stations", test_preferences_stations);
  ADD ("/app/preferences/kitchen/routing", test_preferences_routing);
  ADD ("/app/preferences/kitchen/sound-and-accessibility", test_preferences_sound_and_access);
  ADD ("/app/preferences/voice", test_preferences_voice);
  ADD ("/app/preferences/kitchen/bump-keys", test_preferences_bump_keys);
  ADD ("/app/preferences/kitchen/accessible-names", test_preferences_accessible);
  ADD ("/core/services", test_services);
  g_test_add_func ("/core/services/plain", test_services_plain);

#undef ADD

  return g_test_run ();
}
