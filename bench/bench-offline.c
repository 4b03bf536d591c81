/* bench-offline.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The offline recogniser's figures (spec/voice.md §8.4) on two menus, §8.3's example (4 items)
 * and the demo restaurant's (44 items), with orders spoken by espeak-ng in two voices (its
 * default, and en-us+f3 at 150 words a minute) and converted to 16 kHz with sox:
 *   start      new() until "ready": model and grammar loaded on the worker (ms)
 *   memory     resident memory the recogniser added (MB)
 *   rebuild    a menu change until an utterance queued behind the new grammar returns (ms)
 *   utterance  per order: audio length, decode time (end of the utterance until the
 *              proposals are back on the main thread), real-time factor, right or wrong
 *              ("right": the same {item: quantity} multiset, as in §8.4)
 *
 * Usage: bench-offline [ROUNDS]   (default 3: each order decoded ROUNDS times, median kept)
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "demo/galley-demo-menu.h"
#include "menu/galley-menu.h"
#include "voice/galley-offline-recogniser.h"

typedef struct
{
  const char *text;
  const char *order;
} Order;

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

static const Order spec_orders[] = {
  { "two cheeseburgers and a large coke", "burger:2 coke:1" },
  { "one chicken sandwich and fries", "chicken:1 fries:1" },
  { "three cokes please", "coke:3" },
  { "a cheeseburger no onions and a small coke", "burger:1 coke:1" },
  { "i'd like two chicken sandwiches with fries", "chicken:2 fries:1" },
};

/* the demo restaurant's 44 items */
static const Order demo_orders[] = {
  { "two cheeseburgers and a large coke", "burger-classic:2 drink-cola:1" },
  { "one chicken sandwich and fries", "burger-chicken:1 side-fries:1" },
  { "three lemonades please", "drink-lemonade:3" },
  { "a poke bowl and an iced tea", "bowl-poke:1 drink-iced-tea:1" },
  { "two fish and chips and a coffee", "drink-coffee:1 main-fish-chips:2" },
  { "i'd like a ribeye steak and a side salad", "main-steak:1 side-salad:1" },
};

static const char * const voices[][2] = {
  { "en", "175" },
  { "en-us+f3", "150" },
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

static GArray *
synthesise (const char *text,
            const char *voice,
            const char *speed)
{
  g_autofree char *dir = g_dir_make_tmp ("galley-bench-offline-XXXXXX", NULL);
  g_autofree char *raw = g_build_filename (dir, "espeak.wav", NULL);
  g_autofree char *wav = g_build_filename (dir, "16k.wav", NULL);
  const char *espeak[] = { "espeak-ng", "-v", voice, "-s", speed, "-w", raw, text, NULL };
  const char *sox[] = { "sox", raw, "-r", "16000", "-c", "1", "-b", "16", "-e",
                        "signed-integer", "-t", "raw", wav, NULL };
  g_autofree char *data = NULL;
  gsize len = 0;
  int status = 0;
  GArray *samples = g_array_new (FALSE, FALSE, sizeof (gint16));

  if (!g_spawn_sync (NULL, (char **) espeak, NULL, G_SPAWN_SEARCH_PATH |
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, NULL) || status != 0 ||
      !g_spawn_sync (NULL, (char **) sox, NULL, G_SPAWN_SEARCH_PATH |
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, NULL) || status != 0 ||
      !g_file_get_contents (wav, &data, &len, NULL))
    g_error ("espeak-ng or sox failed (both are needed)");
  g_array_append_vals (samples, data, len / 2);   /* raw S16LE, this machine's order */
  g_unlink (raw);
  g_unlink (wav);
  g_rmdir (dir);

  return samples;
}

static char *
order_key (GPtrArray *proposals)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) keys = NULL;
  GString *key = g_string_new (NULL);

  for (guint i = 0; i < proposals->len; i++)
    {
      GalleyOfflineProposal *p = g_ptr_array_index (proposals, i);
      const char *id = p->item != NULL ? galley_menu_item_get_id (p->item) : "?";

      g_hash_table_insert (counts, (gpointer) id,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, id))
                                             + p->quantity));
    }
  keys = g_list_sort (g_hash_table_get_keys (counts), (GCompareFunc) strcmp);
  for (GList *l = keys; l != NULL; l = l->next)
    g_string_append_printf (key, "%s%s:%u", key->len > 0 ? " " : "", (char *) l->data,
                            GPOINTER_TO_UINT (g_hash_table_lookup (counts, l->data)));

  return g_string_free (key, FALSE);
}

/* One utterance: returns the decode time in ms; @decoded holds the result. */
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
  if (samples != NULL)
    galley_offline_recogniser_feed (recogniser, (const gint16 *) (gpointer) samples->data,
                                    samples->len);
  start = g_get_monotonic_time ();
  galley_offline_recogniser_end_utterance_async (recogniser, NULL, decoded_cb, decoded);
  spin_until (&decoded->done);

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
  guint  right, n;
  double audio_s, decode_ms;
} Tally;

/* One menu: start-up, every order in every voice, rebuilds, memory. */
static void
run_menu (gboolean      demo,
          const Order  *orders,
          guint         n_orders,
          guint         rounds)
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

  g_print ("menu: %s\n", demo ? "the demo restaurant (44 items)"
                              : "spec/voice.md §8.3 (4 items)");
  g_print ("start: %.0f ms to ready (model and grammar)\n", start_ms);

  for (guint v = 0; v < G_N_ELEMENTS (voices); v++)
    {
      Tally voice = { 0 };

      g_print ("voice %s, %s words/min:\n", voices[v][0], voices[v][1]);
      for (guint i = 0; i < n_orders; i++)
        {
          g_autoptr(GArray) samples = synthesise (orders[i].text, voices[v][0], voices[v][1]);
          g_autofree double *times = g_new0 (double, rounds);
          g_autofree char *key = NULL;
          double audio_s = (double) samples->len / GALLEY_OFFLINE_SAMPLE_RATE;
          gboolean ok;

          for (guint r = 0; r < rounds; r++)
            times[r] = decode (recogniser, samples, &decoded);
          qsort (times, rounds, sizeof (double), compare_double);
          key = order_key (decoded.proposals);
          ok = g_str_equal (key, orders[i].order);
          voice.right += ok;
          voice.n++;
          voice.audio_s += audio_s;
          voice.decode_ms += times[rounds / 2];
          g_print ("  %-44s %.1f s audio, decode %4.0f ms, RTF %.3f, %s (heard \"%s\")\n",
                   orders[i].text, audio_s, times[rounds / 2],
                   times[rounds / 2] / 1000 / audio_s, ok ? "right" : "wrong", decoded.heard);
        }
      g_print ("  right: %u of %u; decode %.0f ms per utterance, real-time factor %.3f\n",
               voice.right, voice.n, voice.decode_ms / voice.n,
               voice.decode_ms / 1000 / voice.audio_s);
      all.right += voice.right;
      all.n += voice.n;
      all.audio_s += voice.audio_s;
      all.decode_ms += voice.decode_ms;
    }

  for (guint r = 0; r < rounds; r++)
    {
      gint64 t = g_get_monotonic_time ();

      load_menu (menu, demo, r % 2 == 0);
      decode (recogniser, NULL, &decoded);   /* queued behind the new grammar */
      rebuild_ms += (g_get_monotonic_time () - t) / 1000.0;
    }

  g_print ("orders right: %u of %u\n", all.right, all.n);
  g_print ("decode: %.0f ms per utterance on average, real-time factor %.3f\n",
           all.decode_ms / all.n, all.decode_ms / 1000 / all.audio_s);
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
  guint rounds = argc > 1 ? (guint) MAX (1, atoi (argv[1])) : 3;

  g_print ("model: %s (grammar search only, no n-gram model)\n\n",
           GALLEY_POCKETSPHINX_MODEL_DIR);
  run_menu (FALSE, spec_orders, G_N_ELEMENTS (spec_orders), rounds);
  run_menu (TRUE, demo_orders, G_N_ELEMENTS (demo_orders), rounds);

  return EXIT_SUCCESS;
}
