/* bench-offline.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The offline recogniser's figures (spec/voice.md §8.4) on two menus, §8.3's example (4 items)
 * and the demo restaurant's (44 items), with the accuracy set of tests/voice/
 * galley-offline-speech.c (40 orders, two espeak-ng voices, with and without pink noise; the
 * small menu's 5 orders in the two clean voices), at 16 kHz:
 *   start      new() until "ready": model and grammar loaded on the worker (ms)
 *   memory     resident memory the recogniser added (MB)
 *   rebuild    a menu change until an utterance queued behind the new grammar returns (ms)
 *   per voice  orders right ("right": the same {item: quantity} multiset, as in §8.4) and
 *              the decode time per utterance, p50 and p95 (the end of the utterance until
 *              the proposals are back on the main thread; the audio is fed first in 40 ms
 *              chunks, as the panel does), and the real-time factor
 *
 * Usage: bench-offline [ROUNDS]   (default 1: each order decoded ROUNDS times, median kept)
 * BENCH_VERBOSE=1 prints every order (else only the wrong ones); BENCH_DEMO_ONLY=1 skips the
 * small menu.
 */
#include "config.h"

#include <stdlib.h>
#include <sys/resource.h>
#include <string.h>

#include <glib/gstdio.h>

#include "demo/galley-demo-menu.h"
#include "menu/galley-menu.h"
#include "voice/galley-offline-recogniser.h"
#include "galley-offline-speech.h"

/* spec/voice.md §8.3's example menu and orders like §8.4's */
static const char spec_menu[] =
  "{\"categories\":[],\"items\":["
  " {\"id\":\"burger\",\"name\":\"Cheeseburger\",\"price\":9.5,\"modifiers\":["
  "  {\"id\":\"g-remove\",\"name\":\"Remove\",\"options\":["
  "   {\"id\":\"m-no-onions\",\"name\":\"No onions\",\"price\":0},"
  "   {\"id\":\"m-no-pickles\",\"name\":\"No pickles\",\"price\":0},"
  "   {\"id\":\"m-extra-cheese\",\"name\":\"Extra cheese\",\"price\":1}]}]},"
  " {\"id\":\"fries\",\"name\":\"Fries\",\"price\":4},"
  " {\"id\":\"coke\",\"name\":\"Coke\",\"price\":3,\"modifiers\":["
  "  {\"id\":\"g-size\",\"name\":\"Size\",\"max\":1,\"options\":["
  "   {\"id\":\"m-small\",\"name\":\"Small\",\"price\":0},"
  "   {\"id\":\"m-medium\",\"name\":\"Medium\",\"price\":0.5},"
  "   {\"id\":\"m-large\",\"name\":\"Large\",\"price\":1}]},"
  "  {\"id\":\"g-ice\",\"name\":\"Ice\",\"options\":["
  "   {\"id\":\"m-no-ice\",\"name\":\"No ice\",\"price\":0}]}]},"
  " {\"id\":\"chicken\",\"name\":\"Chicken Sandwich\",\"price\":11}"
  "]}";

static const GalleyOfflineSpeechOrder spec_orders[] = {
  { "two cheeseburgers and a large coke", "burger:2 coke:1" },
  { "one chicken sandwich and fries", "chicken:1 fries:1" },
  { "three cokes please", "coke:3" },
  { "a cheeseburger no onions and a small coke", "burger:1 coke:1" },
  { "i'd like two chicken sandwiches with fries", "chicken:2 fries:1" },
};

typedef struct
{
  GPtrArray *proposals;
  char      *heard;
  gboolean   done;
} Decoded;

static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return 0.0;

  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

static void
spin_until (gboolean *flag)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!*flag && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  if (!*flag)
    g_error ("no answer from the recogniser in 60 s");
}

static void
ready_cb (GObject    *object,
          GParamSpec *pspec,
          gboolean   *ready)
{
  *ready = galley_offline_recogniser_get_ready (GALLEY_OFFLINE_RECOGNISER (object));
}

static void
decoded_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Decoded *decoded = user_data;
  g_autoptr(GError) error = NULL;

  decoded->proposals = galley_offline_recogniser_end_utterance_finish (
                         GALLEY_OFFLINE_RECOGNISER (source), result, &decoded->heard, &error);
  if (decoded->proposals == NULL)
    g_error ("decoding failed: %s", error->message);
  decoded->done = TRUE;
}

/* One utterance: returns the decode time in ms; @decoded holds the result. */
/* CPU time of the process (both threads), ms: the decode's cost whatever the load */
static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);

  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

static double last_cpu_ms;

static double
decode (GalleyOfflineRecogniser *recogniser,
        GArray                  *samples,
        Decoded                 *decoded)
{
  gint64 start;

  g_clear_pointer (&decoded->proposals, g_ptr_array_unref);
  g_clear_pointer (&decoded->heard, g_free);
  decoded->done = FALSE;
  galley_offline_recogniser_start_utterance (recogniser);
  /* 40 ms chunks, as captured; the clock starts when the last one is in */
  for (guint at = 0; samples != NULL && at < samples->len; at += 640)
    galley_offline_recogniser_feed (recogniser, &g_array_index (samples, gint16, at),
                                    MIN (640, samples->len - at));
  start = g_get_monotonic_time ();
  last_cpu_ms = cpu_ms ();
  galley_offline_recogniser_end_utterance_async (recogniser, NULL, decoded_cb, decoded);
  spin_until (&decoded->done);

  last_cpu_ms = cpu_ms () - last_cpu_ms;

  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
load_menu (GalleyMenu *menu,
           gboolean    demo,
           gboolean    without_one)
{
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *items;

  if (demo)
    {
      json = json_object_new ();
      json_object_set_array_member (json, "categories", galley_demo_menu_build_categories ());
      json_object_set_array_member (json, "items", galley_demo_menu_build_items (
                                                     G_GINT64_CONSTANT (1762365600000000)));
    }
  else
    {
      node = json_from_string (spec_menu, &error);
      if (node == NULL)
        g_error ("spec menu: %s", error->message);
      json = json_object_ref (json_node_get_object (node));
    }
  items = json_object_get_array_member (json, "items");
  if (without_one)
    json_array_remove_element (items, 0);
  if (!galley_menu_load_json (menu, json, &error))
    g_error ("menu: %s", error->message);
}

typedef struct
{
  guint   right, n;
  double  audio_s;
  GArray *ms;   /* double: decode time of each utterance */
  GArray *cpu;  /* double: its CPU time */
} Tally;

static void
tally_print (const char *what,
             Tally      *t)
{
  double sum = 0;

  g_array_sort (t->ms, compare_double);
  for (guint i = 0; i < t->ms->len; i++)
    sum += g_array_index (t->ms, double, i);
  g_print ("  %-30s right %2u of %2u (%3.0f %%); decode p50 %4.0f ms, p95 %4.0f ms, "
           "mean %4.0f ms, real-time factor %.3f\n", what, t->right, t->n,
           100.0 * t->right / MAX (t->n, 1),
           g_array_index (t->ms, double, t->ms->len / 2),
           g_array_index (t->ms, double, MIN (t->ms->len - 1, (t->ms->len * 95 + 99) / 100 - 1)),
           sum / MAX (t->ms->len, 1), sum / 1000 / MAX (t->audio_s, 0.001));
  g_array_sort (t->cpu, compare_double);
  g_print ("  %-30s CPU p50 %4.0f ms, p95 %4.0f ms\n", "",
           g_array_index (t->cpu, double, t->cpu->len / 2),
           g_array_index (t->cpu, double, MIN (t->cpu->len - 1, (t->cpu->len * 95 + 99) / 100 - 1)));
}

/* One menu: start-up, every order in every voice, rebuilds, memory. */
static void
run_menu (gboolean                        demo,
          const GalleyOfflineSpeechOrder *orders,
          guint                           n_orders,
          guint                           first_voice,
          guint                           rounds,
          gboolean                        verbose)
{
  g_autoptr(GalleyMenu) menu = galley_menu_new (NULL);
  g_autoptr(GalleyOfflineRecogniser) recogniser = NULL;
  Decoded decoded = { 0 };
  gboolean ready = FALSE;
  double rss0, start_ms, rebuild_ms = 0;
  Tally all = { 0 };
  gint64 t0;

  load_menu (menu, demo, FALSE);
  rss0 = rss_mb ();
  t0 = g_get_monotonic_time ();
  recogniser = galley_offline_recogniser_new (menu);
  g_signal_connect (recogniser, "notify::ready", G_CALLBACK (ready_cb), &ready);
  while (!ready && galley_offline_recogniser_get_problem (recogniser) == NULL &&
         g_get_monotonic_time () - t0 < 60 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  if (!ready)
    g_error ("not ready: %s", galley_offline_recogniser_get_problem (recogniser));
  start_ms = (g_get_monotonic_time () - t0) / 1000.0;

  g_print ("menu: %s, %u orders\n", demo ? "the demo restaurant (44 items)"
                                         : "spec/voice.md §8.3 (4 items)", n_orders);
  g_print ("start: %.0f ms to ready (model and grammar)\n", start_ms);

  all.ms = g_array_new (FALSE, FALSE, sizeof (double));
  all.cpu = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint v = first_voice; v < galley_offline_speech_n_voices; v++)
    {
      const GalleyOfflineSpeechVoice *voice = &galley_offline_speech_voices[v];
      Tally tally = { 0 };

      tally.ms = g_array_new (FALSE, FALSE, sizeof (double));
      tally.cpu = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint i = 0; i < n_orders; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GArray) samples = galley_offline_speech_synthesise (orders[i].text, voice,
                                                                         &error);
          g_autofree double *times = g_new0 (double, rounds);
          g_autofree double *cpus = g_new0 (double, rounds);
          g_autofree char *key = NULL;
          double audio_s;
          gboolean ok;

          if (samples == NULL)
            g_error ("espeak-ng or sox failed: %s", error->message);
          audio_s = (double) samples->len / GALLEY_OFFLINE_SAMPLE_RATE;
          for (guint r = 0; r < rounds; r++)
            {
              times[r] = decode (recogniser, samples, &decoded);
              cpus[r] = last_cpu_ms;
            }
          qsort (times, rounds, sizeof (double), compare_double);
          qsort (cpus, rounds, sizeof (double), compare_double);
          key = galley_offline_speech_order_key (decoded.proposals);
          ok = g_str_equal (key, orders[i].order);
          tally.right += ok;
          tally.n++;
          tally.audio_s += audio_s;
          g_array_append_val (tally.ms, times[rounds / 2]);
          g_array_append_val (all.ms, times[rounds / 2]);
          g_array_append_val (tally.cpu, cpus[rounds / 2]);
          g_array_append_val (all.cpu, cpus[rounds / 2]);
          if (verbose || !ok)
            g_print ("    [%s] %-50s %.1f s, %4.0f ms, %s (heard \"%s\")\n", voice->voice,
                     orders[i].text, audio_s, times[rounds / 2], ok ? "right" : "WRONG",
                     decoded.heard);
        }
      tally_print (voice->name, &tally);
      all.right += tally.right;
      all.n += tally.n;
      all.audio_s += tally.audio_s;
      g_array_unref (tally.ms);
      g_array_unref (tally.cpu);
    }
  tally_print ("all", &all);
  g_array_unref (all.ms);
  g_array_unref (all.cpu);

  for (guint r = 0; r < rounds; r++)
    {
      gint64 t = g_get_monotonic_time ();

      load_menu (menu, demo, r % 2 == 0);
      decode (recogniser, NULL, &decoded);   /* queued behind the new grammar */
      rebuild_ms += (g_get_monotonic_time () - t) / 1000.0;
    }

  g_print ("rebuild: %.1f ms per menu change (grammar made, compiled and loaded)\n",
           rebuild_ms / rounds);
  g_print ("memory: %.0f MB resident added by the recogniser\n\n", rss_mb () - rss0);

  g_clear_pointer (&decoded.proposals, g_ptr_array_unref);
  g_clear_pointer (&decoded.heard, g_free);
}

int
main (int   argc,
      char *argv[])
{
  guint rounds = argc > 1 ? (guint) MAX (1, atoi (argv[1])) : 1;
  gboolean verbose = g_getenv ("BENCH_VERBOSE") != NULL;

  g_print ("model: %s (grammar search only, no n-gram model)\n\n",
           GALLEY_POCKETSPHINX_MODEL_DIR);
  if (g_getenv ("BENCH_DEMO_ONLY") == NULL)
    run_menu (FALSE, spec_orders, G_N_ELEMENTS (spec_orders), 2, rounds, verbose);
  run_menu (TRUE, galley_offline_speech_orders, galley_offline_speech_n_orders, 0, rounds,
            verbose);

  return EXIT_SUCCESS;
}
