/* galley-demo-server-main.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * galley-demo-server: the demo restaurant as its own process, so several Galley windows or
 * terminals can share one feed (galley --server http://127.0.0.1:3001).
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "demo/galley-demo-server.h"
#include "util/galley-source.h"

typedef struct
{
  GMainLoop *loop;
  guint      sigint_id;
  guint      sigterm_id;
} Run;

static gboolean
stop_cb (gpointer user_data)
{
  Run *run = user_data;

  g_main_loop_quit (run->loop);

  return G_SOURCE_CONTINUE;   /* both ids are removed below */
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GalleyDemoServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_auto (GStrv) settings = NULL;
  g_autofree char *url = NULL;
  g_autofree char *seed_text = NULL;
  gboolean version = FALSE, auto_progress = FALSE, virtual_clock = FALSE;
  int port = 3001;
  gint64 seed = -1;
  double rate = -1;
  Run run = { 0 };
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, N_("Port to listen on, on 127.0.0.1 (default 3001; 0: any)"), N_("PORT") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed for the orders, to repeat a run"), N_("N") },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, N_("Orders per minute (default 2)"), N_("ORDERS_PER_MIN") },
    { "auto-progress", 0, 0, G_OPTION_ARG_NONE, &auto_progress, N_("Move orders along as other terminals would"), NULL },
    { "virtual-clock", 0, 0, G_OPTION_ARG_NONE, &virtual_clock, N_("Let time pass only through POST /_demo/advance"), NULL },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &settings, N_("Any demo setting or quirk flag, such as seq_numbers=on"), N_("NAME=VALUE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Show the version and exit"), NULL },
    G_OPTION_ENTRY_NULL
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("A demo restaurant server for Galley: it speaks the "
                                           "restaurant server's protocol and invents orders."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("galley-demo-server: %s\n", error->message);
      return 2;
    }
  if (version)
    {
      g_print ("galley-demo-server %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (port < 0 || port > 65535)
    {
      g_printerr ("galley-demo-server: %s\n", _("--port must be between 0 and 65535"));
      return 2;
    }

  server = galley_demo_server_new ();
  g_object_set (server, "port", (guint) port, NULL);
  if (!galley_demo_server_apply_environment (server, &error))
    {
      g_printerr ("galley-demo-server: %s\n", error->message);
      return 2;
    }
  if (seed >= 0)
    g_object_set (server, "seed", seed, NULL);
  if (rate >= 0)
    g_object_set (server, "rate", rate, NULL);
  if (auto_progress)
    g_object_set (server, "auto-progress", TRUE, NULL);
  if (virtual_clock)
    g_object_set (server, "virtual-clock", TRUE, NULL);
  for (guint i = 0; settings != NULL && settings[i] != NULL; i++)
    {
      g_auto (GStrv) pair = g_strsplit (settings[i], "=", 2);

      if (g_strv_length (pair) != 2 ||
          !galley_demo_server_set_option (server, pair[0], pair[1], &error))
        {
          g_printerr ("galley-demo-server: %s\n",
                      error != NULL ? error->message : _("--set needs NAME=VALUE"));
          return 2;
        }
    }

  if (!galley_demo_server_start (server, &error))
    {
      g_printerr ("galley-demo-server: %s\n", error->message);
      return 1;
    }

  url = galley_demo_server_dup_base_url (server);
  seed_text = g_strdup_printf ("%" G_GINT64_FORMAT, galley_demo_server_get_seed (server));
  g_print (_("Demo restaurant %s at %s (seed %s)\n"),
           galley_demo_server_get_restaurant_id (server), url, seed_text);
  g_print (_("PINs: manager %s, kitchen %s, expo %s, server %s, cashier %s\n"),
           galley_demo_server_get_pin ("manager"), galley_demo_server_get_pin ("kitchen"),
           galley_demo_server_get_pin ("expo"), galley_demo_server_get_pin ("server"),
           galley_demo_server_get_pin ("cashier"));

  run.loop = g_main_loop_new (NULL, FALSE);
  run.sigint_id = galley_unix_signal_add_named ("galley-demo-server-sigint", SIGINT, stop_cb, &run);
  run.sigterm_id = galley_unix_signal_add_named ("galley-demo-server-sigterm", SIGTERM, stop_cb,
                                                 &run);

  g_main_loop_run (run.loop);

  /* closes every socket with 1001 "Server shutting down" */
  galley_demo_server_stop (server);
  g_clear_handle_id (&run.sigint_id, g_source_remove);
  g_clear_handle_id (&run.sigterm_id, g_source_remove);
  g_main_loop_unref (run.loop);

  return 0;
}
