/* bench-kitchen-log.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kitchen log's figures:
 *   bumps      bumps written per second, each committed with a full sync (the audit path)
 *   lines      lines struck per second (WAL, synchronous=NORMAL)
 *   speed      the board header's speed-of-service query over a day of BUMPS bumps (ms)
 *   recent     the recently bumped list of the last 30 minutes (ms)
 *
 * Usage: bench-kitchen-log [BUMPS] [DIR]   (default 1000 bumps, a new folder under $TMPDIR)
 * The figures depend on the disk under DIR: /tmp is often a tmpfs, where a sync costs nothing.
 * bench/run.sh puts DIR in the build folder.
 */
#include <stdlib.h>

#include <glib/gstdio.h>

#include "kitchen/galley-kitchen-log.h"
#include "orders/galley-order-status.h"

#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

static void
remove_files (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_dir_close (d);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median_ms (GArray *samples)
{
  g_array_sort (samples, compare_double);

  return g_array_index (samples, double, samples->len / 2);
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 1000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GalleyKitchenLog) log = NULL;
  g_autoptr(GArray) speed_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) recent_ms = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 now = g_get_real_time ();
  gint64 from, to, t0;
  double seconds;

  if (n == 0)
    n = 1000;
  if (argc > 2)
    {
      dir = g_build_filename (argv[2], "bench-kitchen-log-XXXXXX", NULL);
      if (g_mkdtemp (dir) == NULL)
        {
          g_printerr ("bench-kitchen-log: cannot create a folder in %s\n", argv[2]);
          return 1;
        }
    }
  else if ((dir = g_dir_make_tmp ("bench-kitchen-log-XXXXXX", &error)) == NULL)
    {
      g_printerr ("bench-kitchen-log: %s\n", error->message);
      return 1;
    }
  path = g_build_filename (dir, "kitchen.db", NULL);

  log = galley_kitchen_log_new (path, &error);
  if (log == NULL)
    {
      g_printerr ("bench-kitchen-log: %s\n", error->message);
      return 1;
    }

  /* a day of bumps, spread over the last 20 hours, each durably written */
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *order_id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i);
      g_autofree char *label = g_strdup_printf ("Order #%04u", i % 10000);
      gint64 bumped = now - (gint64) (n - i) * (20 * 60 * MINUTE / n);
      GalleyBumpRecord record = {
        .order_id = order_id,
        .order_label = label,
        .station = (char *) (i % 3 == 0 ? "fry" : "grill"),
        .target = GALLEY_ORDER_STATUS_READY,
        .previous = GALLEY_ORDER_STATUS_PREPARING,
        .started_at = bumped - (gint64) (i % 20) * MINUTE,
        .bumped_at = bumped,
      };

      if (galley_kitchen_log_add_bump (log, &record, 10 * MINUTE, 15 * MINUTE, &error) == 0)
        {
          g_printerr ("bench-kitchen-log: %s\n", error->message);
          return 1;
        }
    }
  seconds = (g_get_monotonic_time () - t0) / 1e6;
  g_print ("bumps: %u written in %.3f s: %.0f inserts/s (each with a full sync) in %s\n",
           n, seconds, n / seconds, dir);

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *order_id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i / 3);
      g_autofree char *item_id = g_strdup_printf ("line-%u", i % 3);

      if (!galley_kitchen_log_set_line_done (log, order_id, item_id, "grill", TRUE, 0, &error))
        {
          g_printerr ("bench-kitchen-log: %s\n", error->message);
          return 1;
        }
    }
  seconds = (g_get_monotonic_time () - t0) / 1e6;
  g_print ("lines: %u struck in %.3f s: %.0f inserts/s (synchronous=NORMAL)\n",
           n, seconds, n / seconds);

  galley_kitchen_log_today_range (now, &from, &to);
  from = MIN (from, now - 21 * 60 * MINUTE);   /* the whole day of bumps, whatever the hour */
  for (guint r = 0; r < 21; r++)
    {
      GalleySpeedOfService speed;
      g_autoptr(GPtrArray) recent = NULL;
      double ms;

      t0 = g_get_monotonic_time ();
      galley_kitchen_log_get_speed (log, "grill", from, to, &speed);
      ms = (g_get_monotonic_time () - t0) / 1e3;
      g_array_append_val (speed_ms, ms);
      if (r == 0)
        g_print ("speed: %u bumps at grill, average %.1f min, worst %.1f min, %u past warning, "
                 "%u late\n", speed.bumped, speed.average_us / 60e6, speed.worst_us / 60e6,
                 speed.past_warning, speed.past_late);

      t0 = g_get_monotonic_time ();
      recent = galley_kitchen_log_list_recent_bumps (log, "grill", now - 30 * MINUTE);
      ms = (g_get_monotonic_time () - t0) / 1e3;
      g_array_append_val (recent_ms, ms);
    }
  g_print ("speed: query over %u bumps in %.3f ms (median of 21)\n", n, median_ms (speed_ms));
  g_print ("recent: last 30 minutes listed in %.3f ms (median of 21)\n", median_ms (recent_ms));

  g_clear_object (&log);
  remove_files (dir);
  g_rmdir (dir);

  return 0;
}
