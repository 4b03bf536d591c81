/* bench-window.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cost of one main-window open/close cycle against a running demo server: new, present,
 * wait until mapped and drawn, close, wait until finalized. Prints the median and the spread.
 *
 * Usage: bench-window [CYCLES]   (needs a display; GSETTINGS_SCHEMA_DIR to the build's data/)
 */
#include "config.h"

#include <stdlib.h>

#include "app/galley-window.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static gboolean
spin_until_mapped (GtkWidget *widget)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  return gtk_widget_get_mapped (widget);
}

static double
one_cycle (GalleyServices *services)
{
  gint64 start = g_get_monotonic_time ();
  GalleyWindow *window = galley_window_new (NULL, services);
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_present (GTK_WINDOW (window));
  if (!spin_until_mapped (GTK_WIDGET (window)))
    g_error ("The window was not mapped within 5 s");
  while (g_main_context_iteration (NULL, FALSE))   /* the first frame */
    ;
  gtk_window_close (GTK_WINDOW (window));
  while (weak != NULL)
    g_main_context_iteration (NULL, TRUE);

  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  int cycles = argc > 1 ? atoi (argv[1]) : 200;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GalleyDemoServer) demo = NULL;
  g_autoptr(GalleyServices) services = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *outbox = NULL;
  double total = 0;

  if (cycles < 1)
    return 2;

  adw_init ();
  settings = g_settings_new (BASE_APPLICATION_ID);
  demo = galley_demo_server_new ();
  g_object_set (demo, "port", 0, "seed", (gint64) 1, "rate", 60.0, NULL);
  if (!galley_demo_server_start (demo, &error))
    g_error ("%s", error->message);
  dir = g_dir_make_tmp ("galley-bench-XXXXXX", NULL);
  outbox = g_build_filename (dir, "outbox.sqlite", NULL);
  services = galley_services_new (settings, demo, outbox);

  one_cycle (services);   /* warm-up */
  for (int i = 0; i < cycles; i++)
    {
      double ms = one_cycle (services);

      total += ms;
      g_array_append_val (times, ms);
    }
  g_array_sort (times, compare_doubles);

  g_print ("window: open/close cycle of the main window: median %.1f ms, mean %.1f ms, "
           "p95 %.1f ms (%d cycles)\n",
           g_array_index (times, double, cycles / 2), total / cycles,
           g_array_index (times, double, MIN (cycles - 1, cycles * 95 / 100)), cycles);

  galley_services_shutdown (services);

  return 0;
}
