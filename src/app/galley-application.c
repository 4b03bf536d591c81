/* galley-application.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application: command line, settings, the shared services (and with --demo the
 * embedded demo server), application actions and the style.
 */
#define G_LOG_DOMAIN "galley-application"

#include "config.h"

#include <glib-unix.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "app/galley-about.h"
#include "app/galley-application.h"
#include "app/galley-preferences-window.h"
#include "app/galley-window.h"
#include "diag/galley-instances.h"
#include "util/galley-source.h"
#include "util/galley-validate.h"

struct _GalleyApplication
{
  AdwApplication    parent_instance;

  GSettings        *settings;
  GalleyServices   *services;
  GalleyDemoServer *demo_server;   /* made from the command line, handed to the services */
  char             *demo_dir;      /* the demo's throw-away outbox, removed at exit */
  gulong            theme_changed_id;
  gulong            window_map_id;
  gulong            first_frame_id;
  guint             sigterm_id;
  guint             sigint_id;

  char             *server_url;
  char             *restaurant_id;
  char             *station;
};

G_DEFINE_FINAL_TYPE (GalleyApplication, galley_application, ADW_TYPE_APPLICATION)

/* Storage for the pre-check of the command line; GApplication parses for real afterwards. */
static gboolean opt_flag;
static char *opt_string;
static int opt_int;
static gint64 opt_int64;
static double opt_double;

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run against a built-in demo restaurant that invents orders"), NULL },
  { "demo-port", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Port for the demo server (default: any free port)"), N_("PORT") },
  { "demo-seed", 0, 0, G_OPTION_ARG_INT64, NULL,
    N_("Seed for the demo orders, to repeat a run"), N_("N") },
  { "demo-rate", 0, 0, G_OPTION_ARG_DOUBLE, NULL,
    N_("Demo orders per minute (default: 2)"), N_("ORDERS_PER_MIN") },
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Restaurant server address for this run"), N_("URL") },
  { "restaurant", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Restaurant ID for this run"), N_("ID") },
  { "station", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Kitchen station for this run, such as grill or expo"), N_("NAME") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  G_OPTION_ENTRY_NULL
};

static gpointer
option_storage (GOptionArg arg)
{
  switch (arg)
    {
    case G_OPTION_ARG_NONE:
      return &opt_flag;
    case G_OPTION_ARG_STRING:
      return &opt_string;
    case G_OPTION_ARG_INT:
      return &opt_int;
    case G_OPTION_ARG_INT64:
      return &opt_int64;
    case G_OPTION_ARG_DOUBLE:
      return &opt_double;
    case G_OPTION_ARG_CALLBACK:
    case G_OPTION_ARG_FILENAME:
    case G_OPTION_ARG_STRING_ARRAY:
    case G_OPTION_ARG_FILENAME_ARRAY:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
wants_help (char **argv)
{
  for (guint i = 1; argv[i] != NULL; i++)
    if (g_str_has_prefix (argv[i], "--help") || g_strcmp0 (argv[i], "-h") == 0 ||
        g_strcmp0 (argv[i], "-?") == 0)
      return TRUE;

  return FALSE;
}

static int
usage_error (const char *message)
{
  g_printerr ("galley: %s\n", message);
  g_printerr (_("Run “galley --help” to see the options.\n"));

  return 2;
}

/* GApplication exits 1 on an unknown or malformed option; a kitchen terminal's start-up
 * script deserves the usual 2 and a hint, so the command line is checked first. */
static gboolean
galley_application_local_command_line (GApplication   *application,
                                       char         ***arguments,
                                       int            *exit_status)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree GOptionEntry *entries = NULL;
  g_auto (GStrv) copy = NULL;
  int argc;
  char **argv;

  if (!wants_help (*arguments))
    {
      entries = g_memdup2 (option_entries, sizeof option_entries);
      for (guint i = 0; entries[i].long_name != NULL; i++)
        entries[i].arg_data = option_storage (entries[i].arg);

      context = g_option_context_new (NULL);
      g_option_context_set_help_enabled (context, FALSE);
      g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

      copy = g_strdupv (*arguments);
      argv = g_memdup2 (copy, sizeof (char *) * (g_strv_length (copy) + 1));
      argc = (int) g_strv_length (argv);

      if (!g_option_context_parse (context, &argc, &argv, &error))
        {
          g_free (argv);
          g_clear_pointer (&opt_string, g_free);
          *exit_status = usage_error (error->message);
          return TRUE;
        }
      g_clear_pointer (&opt_string, g_free);

      if (argc > 1)
        {
          g_autofree char *message = g_strdup_printf (_("Unexpected argument “%s”"), argv[1]);

          g_free (argv);
          *exit_status = usage_error (message);
          return TRUE;
        }
      g_free (argv);
    }

  return G_APPLICATION_CLASS (galley_application_parent_class)->local_command_line (application,
                                                                                   arguments,
                                                                                   exit_status);
}

static int
start_demo (GalleyApplication *self,
            GVariantDict      *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *seed_text = NULL;
  gint64 seed;
  double rate;
  int port;

  self->demo_server = galley_demo_server_new ();

  if (!galley_demo_server_apply_environment (self->demo_server, &error))
    return usage_error (error->message);

  if (g_variant_dict_lookup (options, "demo-port", "i", &port))
    {
      if (port < 0 || port > 65535)
        return usage_error (_("--demo-port must be between 0 and 65535"));
      g_object_set (self->demo_server, "port", (guint) port, NULL);
    }
  if (g_variant_dict_lookup (options, "demo-seed", "x", &seed))
    {
      if (seed < 0 || seed > G_MAXUINT32)
        return usage_error (_("--demo-seed must be between 0 and 4294967295"));
      g_object_set (self->demo_server, "seed", seed, NULL);
    }
  if (g_variant_dict_lookup (options, "demo-rate", "d", &rate))
    {
      if (!(rate >= 0 && rate <= 6000))
        return usage_error (_("--demo-rate must be between 0 and 6000 orders per minute"));
      g_object_set (self->demo_server, "rate", rate, NULL);
    }

  if (!galley_demo_server_start (self->demo_server, &error))
    {
      g_printerr (_("galley: the demo server could not start: %s\n"), error->message);
      return 1;
    }

  url = galley_demo_server_dup_base_url (self->demo_server);
  seed = galley_demo_server_get_seed (self->demo_server);
  seed_text = g_strdup_printf ("%" G_GINT64_FORMAT, seed);
  g_print (_("Demo restaurant running at %s (seed %s). Kitchen PIN %s.\n"),
           url, seed_text, galley_demo_server_get_pin ("kitchen"));

  /* several demo instances may run side by side (tests, a screen per station) */
  g_application_set_flags (G_APPLICATION (self),
                           g_application_get_flags (G_APPLICATION (self)) |
                           G_APPLICATION_NON_UNIQUE);

  return -1;
}

static int
galley_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  GalleyApplication *self = GALLEY_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  const char *text = NULL;
  gboolean demo = g_variant_dict_contains (options, "demo");

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("galley %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "server", "&s", &text) &&
      !galley_validate_server_url (text, &self->server_url, &error))
    return usage_error (error->message);
  if (g_variant_dict_lookup (options, "restaurant", "&s", &text) &&
      !galley_validate_restaurant_id (text, &self->restaurant_id, &error))
    return usage_error (error->message);
  if (g_variant_dict_lookup (options, "station", "&s", &text) &&
      !galley_validate_station (text, &self->station, &error))
    return usage_error (error->message);

  if (!demo && (g_variant_dict_contains (options, "demo-port") ||
                g_variant_dict_contains (options, "demo-seed") ||
                g_variant_dict_contains (options, "demo-rate")))
    return usage_error (_("--demo-port, --demo-seed and --demo-rate need --demo"));

  if (demo && (self->server_url != NULL || self->restaurant_id != NULL))
    return usage_error (_("--demo runs its own server: leave out --server and --restaurant"));

  if (demo)
    return start_demo (self, options);

  return -1;
}

static void
apply_theme (GalleyApplication *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autofree char *theme = g_settings_get_string (self->settings, "theme");

  if (g_strcmp0 (theme, "light") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_strcmp0 (theme, "dark") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
theme_changed_cb (GalleyApplication *self,
                  const char        *key,
                  GSettings         *settings)
{
  apply_theme (self);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GalleyApplication *self = user_data;
  GList *windows;

  /* destroy windows first so each saves its state and releases what it holds */
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (windows->data);

  g_application_quit (G_APPLICATION (self));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GalleyApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GalleyPreferencesWindow *window = galley_preferences_window_new (parent, self->settings);

  /* the menu's categories, so each can be routed to a station (K-13) */
  if (self->services != NULL)
    {
      GListModel *categories = galley_menu_get_categories (galley_services_get_menu (self->services));
      guint n = g_list_model_get_n_items (categories);
      g_autoptr(GPtrArray) slugs = g_ptr_array_new_full (n + 1, NULL);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GalleyMenuCategory) category = g_list_model_get_item (categories, i);

          g_ptr_array_add (slugs, (gpointer) galley_menu_category_get_slug (category));
        }
      g_ptr_array_add (slugs, NULL);
      galley_preferences_window_set_categories (window, (const char * const *) slugs->pdata);
    }

  gtk_window_present (GTK_WINDOW (window));
}

static void
test_sound_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GalleyApplication *self = user_data;

  if (self->services != NULL)
    galley_services_test_sound (self->services);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GalleyApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (galley_about_window_new (parent)));
}

/* A terminal shut down by its system (SIGTERM) or a Ctrl+C quits as the Quit action does:
 * windows save their state, the demo server closes its sockets. */
static gboolean
signal_quit_cb (gpointer user_data)
{
  GalleyApplication *self = user_data;

  g_message ("Quitting on a signal");
  g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);

  return G_SOURCE_CONTINUE;
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action, NULL, NULL, NULL, { 0 } },
  { "preferences", preferences_action, NULL, NULL, NULL, { 0 } },
  { "test-sound", test_sound_action, NULL, NULL, NULL, { 0 } },
  { "about", about_action, NULL, NULL, NULL, { 0 } },
};

/* GALLEY_REPORT_FIRST_FRAME=1 prints when the first frame of the window was painted, for
 * bench/; GALLEY_QUIT_AFTER_FIRST_FRAME=1 then quits. */
static void
first_frame_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  GalleyApplication *self = user_data;

  g_clear_signal_handler (&self->first_frame_id, clock);
  g_print ("galley: first frame at %" G_GINT64_FORMAT " us\n", g_get_monotonic_time ());
  fflush (stdout);
  if (g_getenv ("GALLEY_QUIT_AFTER_FIRST_FRAME") != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
}

static void
window_mapped_cb (GtkWidget *window,
                  gpointer   user_data)
{
  GalleyApplication *self = user_data;

  g_clear_signal_handler (&self->window_map_id, window);
  self->first_frame_id = g_signal_connect_object (gtk_widget_get_frame_clock (window),
                                                  "after-paint", G_CALLBACK (first_frame_cb),
                                                  self, 0);
}

static void
galley_application_activate (GApplication *application)
{
  GalleyApplication *self = GALLEY_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (galley_window_new (GTK_APPLICATION (self), self->services));
      /* for bench/: the first frame a person would see */
      if (g_getenv ("GALLEY_REPORT_FIRST_FRAME") != NULL && self->window_map_id == 0)
        self->window_map_id = g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb),
                                                self);
    }

  gtk_window_present (window);
}

static void
galley_application_startup (GApplication *application)
{
  GalleyApplication *self = GALLEY_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (galley_application_parent_class)->startup (application);

  /* count every Galley object and the library objects it makes (Diagnostics) */
  galley_instances_track_galley_types ();
  galley_instances_track_library_types ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         help_accels);

  self->settings = g_settings_new (BASE_APPLICATION_ID);
  self->theme_changed_id = g_signal_connect_object (self->settings, "changed::theme",
                                                    G_CALLBACK (theme_changed_cb), self,
                                                    G_CONNECT_SWAPPED);
  apply_theme (self);

  self->sigterm_id = galley_unix_signal_add_named ("galley-application-sigterm", SIGTERM,
                                                  signal_quit_cb, self);
  self->sigint_id = galley_unix_signal_add_named ("galley-application-sigint", SIGINT,
                                                 signal_quit_cb, self);

  /* a demo's changes go to a throw-away outbox and kitchen log: its orders vanish with the demo server and
   * must never be sent to a real restaurant server later */
  if (self->demo_server != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->demo_dir = g_dir_make_tmp ("galley-demo-XXXXXX", &error);
      if (self->demo_dir == NULL)
        g_warning ("No folder for the demo's outbox: %s", error->message);
    }
  self->services = galley_services_new (self->settings, self->demo_server, self->demo_dir);
  galley_services_set_overrides (self->services, self->server_url, self->restaurant_id,
                                 self->station);
  galley_services_start (self->services);
}

static void
remove_demo_dir (GalleyApplication *self)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (self->demo_dir == NULL)
    return;

  /* the demo's outbox, kitchen log and menu cache: nothing of a demo survives it */
  dir = g_dir_open (self->demo_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->demo_dir, name, NULL);

      if (g_unlink (path) != 0)
        g_debug ("Could not remove %s: %s", path, g_strerror (errno));
    }

  if (g_rmdir (self->demo_dir) != 0)
    g_debug ("Could not remove %s: %s", self->demo_dir, g_strerror (errno));
  g_clear_pointer (&self->demo_dir, g_free);
}

static void
galley_application_shutdown (GApplication *application)
{
  GalleyApplication *self = GALLEY_APPLICATION (application);

  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  if (self->services != NULL)
    galley_services_shutdown (self->services);
  g_clear_signal_handler (&self->theme_changed_id, self->settings);
  g_clear_object (&self->services);
  g_clear_object (&self->demo_server);
  remove_demo_dir (self);

  G_APPLICATION_CLASS (galley_application_parent_class)->shutdown (application);
}

static void
galley_application_dispose (GObject *object)
{
  GalleyApplication *self = GALLEY_APPLICATION (object);

  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  g_clear_signal_handler (&self->theme_changed_id, self->settings);
  g_clear_object (&self->services);
  if (self->demo_server != NULL)
    galley_demo_server_stop (self->demo_server);
  g_clear_object (&self->demo_server);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (galley_application_parent_class)->dispose (object);
}

static void
galley_application_finalize (GObject *object)
{
  GalleyApplication *self = GALLEY_APPLICATION (object);

  g_free (self->server_url);
  g_free (self->restaurant_id);
  g_free (self->station);
  g_free (self->demo_dir);

  G_OBJECT_CLASS (galley_application_parent_class)->finalize (object);
}

static void
galley_application_class_init (GalleyApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = galley_application_dispose;
  object_class->finalize = galley_application_finalize;

  app_class->local_command_line = galley_application_local_command_line;
  app_class->handle_local_options = galley_application_handle_local_options;
  app_class->startup = galley_application_startup;
  app_class->activate = galley_application_activate;
  app_class->shutdown = galley_application_shutdown;
}

static void
galley_application_init (GalleyApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (
    G_APPLICATION (self),
    _("Galley shows a restaurant's orders to the kitchen and takes orders at the counter."));
}

/**
 * galley_application_new:
 *
 * Returns: (transfer full): the application
 */
GalleyApplication *
galley_application_new (void)
{
  return g_object_new (GALLEY_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * galley_application_get_services:
 *
 * Returns: (transfer none) (nullable): the services, once started
 */
GalleyServices *
galley_application_get_services (GalleyApplication *self)
{
  g_return_val_if_fail (GALLEY_IS_APPLICATION (self), NULL);

  return self->services;
}
