/* bench-matcher.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The menu matcher's figures on a 500-item menu (the demo's 44 items and 456 variants of
 * them with other names and aliases):
 *   index      building the matcher's index after a menu load (ms)
 *   <kind>     one phrase matched, per kind of phrase: exact, alias, substring, fuzzy (a
 *              misspelling), not found; median and p99 over ROUNDS rounds (us)
 *   modifier   one spoken modification matched within an item's groups (us)
 *
 * Times are this thread's CPU time, so that a busy shared machine preempting the process
 * does not show up as matching time.
 *
 * Usage: bench-matcher [ROUNDS]   (default 2000)
 */
#include <stdlib.h>
#include <time.h>

#include "cart/galley-menu-matcher.h"
#include "demo/galley-demo-menu.h"
#include "bench-util.h"
#include "util/galley-json.h"

#define N_ITEMS 500

static void
measure (GalleyMenuMatcher  *matcher,
         const char         *label,
         const char * const *phrases,
         guint               rounds)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint r = 0; r < rounds; r++)
    for (guint p = 0; phrases[p] != NULL; p++)
      {
        gint64 t0 = bench_cpu_us ();
        GalleyMenuMatch *match = galley_menu_matcher_match (matcher, phrases[p]);
        double us = (double) (bench_cpu_us () - t0);

        galley_menu_match_free (match);
        g_array_append_val (samples, us);
      }
  g_array_sort (samples, bench_compare_double);
  g_print ("%-10s median %.0f us, p99 %.0f us, max %.0f us (%u matches)\n", label,
           g_array_index (samples, double, samples->len / 2),
           g_array_index (samples, double, samples->len * 99 / 100),
           g_array_index (samples, double, samples->len - 1), samples->len);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const exact[] = { "Classic Burger", "mac and cheese please",
                                        "Smoky Soul Bowl", "Iced Teas", NULL };
  static const char * const alias[] = { "cheeseburger", "large coke", "fish n chips",
                                        "cheese burger", NULL };
  static const char * const substring[] = { "ribeye steak medium rare", "chicken", "mango",
                                            "salmon poke", NULL };
  static const char * const fuzzy[] = { "cheesburger", "calamary", "brusheta",
                                        "smokey mushrom risoto", NULL };
  static const char * const none[] = { "sprite zero", "helicopter",
                                       "a very long phrase that is on no menu at all", NULL };
  guint rounds = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 2000;
  g_autoptr(JsonObject) json = bench_big_menu (N_ITEMS);
  g_autoptr(GalleyMenu) menu = galley_menu_new (NULL);
  g_autoptr(GalleyMenuMatcher) matcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  GalleyMenuItem *burger;
  gint64 t0;

  if (rounds == 0)
    rounds = 2000;
  if (!galley_menu_load_json (menu, json, &error))
    {
      g_printerr ("bench-matcher: %s\n", error->message);
      return 1;
    }
  g_print ("menu: %u items\n", g_list_model_get_n_items (G_LIST_MODEL (menu)));

  matcher = galley_menu_matcher_new (menu);
  t0 = bench_cpu_us ();
  galley_menu_match_free (galley_menu_matcher_match (matcher, "warm-up"));
  g_print ("index: %.2f ms (built on the first match)\n",
           (bench_cpu_us () - t0) / 1000.0);

  measure (matcher, "exact", exact, rounds);
  measure (matcher, "alias", alias, rounds);
  measure (matcher, "substring", substring, rounds);
  measure (matcher, "fuzzy", fuzzy, rounds);
  measure (matcher, "not found", none, rounds);

  burger = galley_menu_lookup_item_by_id (menu, "burger-classic");
  for (guint r = 0; r < rounds; r++)
    {
      double us;

      t0 = bench_cpu_us ();
      galley_menu_matcher_match_modifier (matcher, burger, "hold the pickles", NULL);
      us = (double) (bench_cpu_us () - t0);
      g_array_append_val (samples, us);
    }
  g_array_sort (samples, bench_compare_double);
  g_print ("%-10s median %.0f us, p99 %.0f us\n", "modifier",
           g_array_index (samples, double, samples->len / 2),
           g_array_index (samples, double, samples->len * 99 / 100));

  return 0;
}
