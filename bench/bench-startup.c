/* bench-startup.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cold start to first frame of `galley --demo`: from spawning the process to the window's
 * first painted frame (GALLEY_REPORT_FIRST_FRAME), several runs, median and spread in ms.
 *
 * Usage: bench-startup GALLEY [RUNS]   (needs a display)
 */
#include <gio/gio.h>
#include <stdlib.h>

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static double
one_run (const char *galley)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, first_frame = 0;
  char *line;

  g_subprocess_launcher_setenv (launcher, "GALLEY_REPORT_FIRST_FRAME", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "GALLEY_QUIT_AFTER_FIRST_FRAME", "1", TRUE);

  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawn (launcher, &error, galley, "--demo", "--demo-rate=30", NULL);
  if (process == NULL)
    g_error ("Cannot start %s: %s", galley, error->message);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while ((line = g_data_input_stream_read_line (lines, NULL, NULL, &error)) != NULL)
    {
      if (first_frame == 0 && g_str_has_prefix (line, "galley: first frame"))
        first_frame = g_get_monotonic_time ();
      g_free (line);
    }

  if (!g_subprocess_wait_check (process, NULL, &error))
    g_error ("galley failed: %s", error->message);
  if (first_frame == 0)
    g_error ("galley did not report a first frame");

  return (first_frame - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  int runs = argc > 2 ? atoi (argv[2]) : 7;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  if (argc < 2 || runs < 1)
    {
      g_printerr ("Usage: %s GALLEY [RUNS]\n", argv[0]);
      return 2;
    }

  one_run (argv[1]);   /* warm the page cache: "cold" here means a new process */
  for (int i = 0; i < runs; i++)
    {
      double ms = one_run (argv[1]);

      g_array_append_val (times, ms);
    }
  g_array_sort (times, compare_doubles);

  g_print ("startup: galley --demo, spawn to first frame: median %.0f ms (min %.0f, max %.0f, %d runs)\n",
           g_array_index (times, double, runs / 2), g_array_index (times, double, 0),
           g_array_index (times, double, runs - 1), runs);

  return 0;
}
