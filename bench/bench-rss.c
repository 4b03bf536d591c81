/* bench-rss.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Resident memory of `galley --demo` after SECONDS of demo traffic (default 60 s at 60 orders
 * a minute), read from /proc/PID/status, with the figure at 5 s for comparison.
 *
 * Usage: bench-rss GALLEY [SECONDS]   (needs a display)
 */
#include <gio/gio.h>
#include <stdlib.h>

static long
rss_kib (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;

  line = strstr (text, "VmRSS:");

  return line != NULL ? strtol (line + 6, NULL, 10) : -1;
}

static void
sleep_ms (guint ms)
{
  g_usleep ((gulong) ms * 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  int seconds = argc > 2 ? atoi (argv[2]) : 60;
  const char *pid;
  long early, late;

  if (argc < 2 || seconds < 6)
    {
      g_printerr ("Usage: %s GALLEY [SECONDS >= 6]\n", argv[0]);
      return 2;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  process = g_subprocess_launcher_spawn (launcher, &error, argv[1], "--demo", "--demo-rate=60",
                                         "--demo-seed=1", NULL);
  if (process == NULL)
    g_error ("Cannot start %s: %s", argv[1], error->message);
  pid = g_subprocess_get_identifier (process);

  sleep_ms (5000);
  early = rss_kib (pid);
  sleep_ms ((guint) (seconds - 5) * 1000);
  late = rss_kib (pid);

  g_subprocess_send_signal (process, SIGTERM);
  if (!g_subprocess_wait_check (process, NULL, &error))
    g_printerr ("galley did not exit cleanly: %s\n", error->message);

  if (early < 0 || late < 0)
    g_error ("galley exited before the measurement ended");

  g_print ("rss: galley --demo at 60 orders/min: %.1f MB after 5 s, %.1f MB after %d s\n",
           early / 1024.0, late / 1024.0, seconds);

  return 0;
}
