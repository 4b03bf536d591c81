/* test-diag.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The diagnostics core: the instance counter, resource readings and the sampler's leak
 * warning. (The Diagnostics view itself is cycled in test-window.)
 */
#include <fcntl.h>
#include <unistd.h>

#include "galley-testutil.h"
#include "diag/galley-instances.h"
#include "diag/galley-resources.h"
#include "diag/galley-sampler.h"
#include "util/galley-clock.h"

static void
test_instances_count (void)
{
  GalleyClock *clocks[3];
  int before = galley_instances_total_galley ();

  g_assert_true (galley_instances_is_tracked (GALLEY_TYPE_CLOCK));
  g_assert_cmpint (galley_instances_count (GALLEY_TYPE_CLOCK), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (clocks); i++)
    clocks[i] = galley_clock_new (1000);

  g_assert_cmpint (galley_instances_count (GALLEY_TYPE_CLOCK), ==, 3);
  g_assert_cmpint (galley_instances_total_galley (), ==, before + 3);

  for (guint i = 0; i < G_N_ELEMENTS (clocks); i++)
    g_assert_finalize_object (clocks[i]);

  g_assert_cmpint (galley_instances_count (GALLEY_TYPE_CLOCK), ==, 0);
  g_assert_cmpint (galley_instances_total_galley (), ==, before);
  g_assert_cmpint (galley_instances_count (G_TYPE_BINDING), ==, -1);   /* not tracked */
}

static void
test_instances_every_type_tracked (void)
{
  guint n = 0;

  /* the generated list holds every G_DEFINE_*TYPE of src/: spot-check a few and the size */
  for (guint i = 0; galley_type_getters[i] != NULL; i++, n++)
    g_assert_true (galley_instances_is_tracked (galley_type_getters[i] ()));

  g_assert_cmpuint (n, >=, 9);
  g_assert_true (galley_instances_is_tracked (GALLEY_TYPE_SAMPLER));
  g_assert_true (galley_instances_is_tracked (G_TYPE_CANCELLABLE));
}

static void
test_instances_related_refused (void)
{
  /* GObject is related to every tracked type: refused with a critical, nothing changes */
  g_test_expect_message ("galley-instances", G_LOG_LEVEL_CRITICAL, "*related to the tracked*");
  galley_instances_track (G_TYPE_OBJECT);
  g_test_assert_expected_messages ();
  g_assert_false (galley_instances_is_tracked (G_TYPE_OBJECT));
}

static void
test_instances_snapshot_and_counters (void)
{
  g_autoptr(GArray) snapshot = NULL;
  GalleyClock *clock = galley_clock_new (1000);
  gboolean found_clock = FALSE, found_counter = FALSE;

  galley_instances_counter_add ("test-streams", 2);
  galley_instances_counter_add ("test-streams", -1);
  g_assert_cmpint (galley_instances_counter_get ("test-streams"), ==, 1);
  g_assert_cmpint (galley_instances_counter_get ("never-used"), ==, 0);

  snapshot = galley_instances_snapshot ();
  for (guint i = 0; i < snapshot->len; i++)
    {
      const GalleyInstanceCount *c = &g_array_index (snapshot, GalleyInstanceCount, i);

      if (i > 0)
        g_assert_cmpstr (g_array_index (snapshot, GalleyInstanceCount, i - 1).name, <, c->name);
      if (g_strcmp0 (c->name, "GalleyClock") == 0)
        found_clock = c->live == 1;
      if (g_strcmp0 (c->name, "test-streams") == 0)
        found_counter = c->live == 1;
    }
  g_assert_true (found_clock);
  g_assert_true (found_counter);

  galley_instances_counter_add ("test-streams", -1);
  g_assert_finalize_object (clock);
}

static void
test_resources (void)
{
  guint fds = galley_resources_count_fds ();
  int fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  g_auto (GStrv) list = NULL;
  gboolean seen = FALSE;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpuint (galley_resources_count_fds (), ==, fds + 1);
  list = galley_resources_list_fds ();
  for (guint i = 0; list[i] != NULL; i++)
    seen |= g_str_has_suffix (list[i], "/dev/null");
  g_assert_true (seen);
  close (fd);
  g_assert_cmpuint (galley_resources_count_fds (), ==, fds);

  g_assert_cmpuint (galley_resources_rss_bytes (), >, 1024 * 1024);
}

static void
push_rss (GalleySampler *sampler,
          guint64        rss)
{
  GalleySample sample = { g_get_monotonic_time (), rss, 10, 2, 5 };

  galley_sampler_push (sampler, &sample);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    data)
{
  (*(guint *) data)++;
}

static void
test_sampler_window_and_warning (void)
{
  GalleySampler *sampler = galley_sampler_new (1000);
  guint notifies = 0;

  g_signal_connect (sampler, "notify::rss-warning", G_CALLBACK (notify_cb), &notifies);
  g_assert_null (galley_sampler_get_latest (sampler));
  g_assert_cmpfloat (galley_sampler_get_rss_growth (sampler), ==, 0.0);

  /* start-up: GTK, fonts and caches double the memory; not a leak, and it leaves the window */
  for (guint i = 0; i < GALLEY_SAMPLER_WARMUP; i++)
    push_rss (sampler, 40000000);

  /* a full window growing 20 % exactly: no warning */
  for (guint i = 0; i < GALLEY_SAMPLER_WINDOW; i++)
    push_rss (sampler, 100000000 + i * 20000000 / (GALLEY_SAMPLER_WINDOW - 1));
  g_assert_cmpuint (galley_sampler_get_n_samples (sampler), ==, GALLEY_SAMPLER_WINDOW);
  g_assert_cmpfloat_with_epsilon (galley_sampler_get_rss_growth (sampler), 0.2, 0.001);
  g_assert_false (galley_sampler_get_rss_warning (sampler));

  /* the ring drops the oldest: index 0 is now the second sample pushed */
  push_rss (sampler, 119000000);
  g_assert_cmpuint (galley_sampler_get_n_samples (sampler), ==, GALLEY_SAMPLER_WINDOW);
  g_assert_cmpuint (galley_sampler_get_latest (sampler)->rss_bytes, ==, 119000000);
  g_assert_cmpuint (galley_sampler_get_sample (sampler, 0)->rss_bytes, >, 100000000);
  g_assert_cmpuint (notifies, ==, 0);

  /* past 20 %: warned once, logged */
  g_test_expect_message ("galley-sampler", G_LOG_LEVEL_WARNING, "*possible leak*");
  push_rss (sampler, 140000000);
  g_test_assert_expected_messages ();
  g_assert_true (galley_sampler_get_rss_warning (sampler));
  g_assert_cmpuint (notifies, ==, 1);

  push_rss (sampler, 141000000);   /* still growing: no second warning */
  g_assert_cmpuint (notifies, ==, 1);

  /* memory falls back: the warning clears */
  for (guint i = 0; i < GALLEY_SAMPLER_WINDOW; i++)
    push_rss (sampler, 100000000);
  g_assert_false (galley_sampler_get_rss_warning (sampler));
  g_assert_cmpuint (notifies, ==, 2);

  g_assert_finalize_object (sampler);
}

static void
test_sampler_no_warning_before_full_window (void)
{
  GalleySampler *sampler = galley_sampler_new (1000);

  /* start-up growth (the first minutes) is not a leak */
  push_rss (sampler, 50000000);
  push_rss (sampler, 150000000);
  g_assert_cmpfloat (galley_sampler_get_rss_growth (sampler), >, 1.0);
  g_assert_false (galley_sampler_get_rss_warning (sampler));

  /* nor when the window first fills with the start-up samples still in it */
  for (guint i = 2; i < GALLEY_SAMPLER_WINDOW + GALLEY_SAMPLER_WARMUP - 1; i++)
    push_rss (sampler, i < GALLEY_SAMPLER_WARMUP ? 50000000 : 150000000);
  g_assert_cmpuint (galley_sampler_get_n_samples (sampler), ==, GALLEY_SAMPLER_WINDOW);
  g_assert_false (galley_sampler_get_rss_warning (sampler));

  g_assert_finalize_object (sampler);
}

static gboolean
has_samples (gpointer data)
{
  return galley_sampler_get_n_samples (data) >= 3;
}

static void
test_sampler_runs_and_stops (void)
{
  GalleySampler *sampler = galley_sampler_new (10);
  const GalleySample *latest;

  galley_sampler_start (sampler);
  g_assert_cmpuint (galley_test_count_sources ("galley-sampler-"), ==, 1);
  g_assert_true (galley_test_spin_until (has_samples, sampler, 5000));
  latest = galley_sampler_get_latest (sampler);
  g_assert_cmpuint (latest->rss_bytes, >, 0);
  g_assert_cmpuint (latest->fds, >, 2);
  g_assert_cmpuint (latest->sources, >=, 1);   /* its own timer */

  galley_sampler_stop (sampler);
  g_assert_cmpuint (galley_test_count_sources ("galley-sampler-"), ==, 0);

  galley_sampler_start (sampler);   /* disposing a running sampler removes its timer */
  g_assert_finalize_object (sampler);
  g_assert_cmpuint (galley_test_count_sources ("galley-sampler-"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();
  galley_test_track_all ();

  g_test_add_func ("/diag/instances/count", test_instances_count);
  g_test_add_func ("/diag/instances/every-type-tracked", test_instances_every_type_tracked);
  g_test_add_func ("/diag/instances/related-refused", test_instances_related_refused);
  g_test_add_func ("/diag/instances/snapshot-counters", test_instances_snapshot_and_counters);
  g_test_add_func ("/diag/resources", test_resources);
  g_test_add_func ("/diag/sampler/window-warning", test_sampler_window_and_warning);
  g_test_add_func ("/diag/sampler/no-warning-before-full",
                   test_sampler_no_warning_before_full_window);
  g_test_add_func ("/diag/sampler/runs-and-stops", test_sampler_runs_and_stops);

  return g_test_run ();
}
