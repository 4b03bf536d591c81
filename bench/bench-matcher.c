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
#include "util/galley-json.h"

#define N_ITEMS 500

static const char * const words[] = {
  "Smoky", "Spicy", "Garden", "Harvest", "Coastal", "Golden", "Rustic", "Herb", "Citrus",
  "Maple", "Sesame", "Truffle", "Chipotle", "Lemon", "Ginger", "Basil", "Honey", "Pepper",
  "Cajun", "Teriyaki", "Tandoori", "Miso",
};

static gint64
cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);

  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static JsonObject *
big_menu (void)
{
  JsonObject *menu = json_object_new ();
  JsonArray *items = galley_demo_menu_build_items (G_GINT64_CONSTANT (1762365600000000));
  guint n_demo = json_array_get_length (items);
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), items);
  g_autofree char *text = galley_json_to_string (node);
  g_autoptr(JsonNode) copy = galley_json_parse (text, -1, NULL);
  JsonArray *templates = json_node_get_array (copy);

  for (guint i = 0; json_array_get_length (items) < N_ITEMS; i++)
    {
      JsonObject *template = json_array_get_object_element (templates, i % n_demo);
      g_autofree char *one = galley_json_object_to_string (template);
      JsonObject *item = galley_json_parse_object (one, -1, NULL);
      const char *word = words[(i / n_demo) % G_N_ELEMENTS (words)];
      g_autofree char *name = g_strdup_printf ("%s %s", word,
                                               json_object_get_string_member (template, "name"));
      g_autofree char *id = g_strdup_printf ("bench-%u", i);
      g_autofree char *uuid = galley_demo_menu_uuid ("bench-item", id);
      JsonArray *aliases = json_array_new ();
      g_autofree char *alias = g_ascii_strdown (name, -1);

      json_array_add_string_element (aliases, alias);
      json_object_set_string_member (item, "id", id);
      json_object_set_string_member (item, "menu_item_id", uuid);
      json_object_set_string_member (item, "name", name);
      json_object_set_array_member (item, "aliases", aliases);
      json_array_add_object_element (items, item);
    }
  json_object_set_array_member (menu, "categories", galley_demo_menu_build_categories ());
  json_object_set_array_member (menu, "items", items);

  return menu;
}

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
        gint64 t0 = cpu_us ();
        GalleyMenuMatch *match = galley_menu_matcher_match (matcher, phrases[p]);
        double us = (double) (cpu_us () - t0);

        galley_menu_match_free (match);
        g_array_append_val (samples, us);
      }
  g_array_sort (samples, compare_double);
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
  g_autoptr(JsonObject) json = big_menu ();
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
  t0 = cpu_us ();
  galley_menu_match_free (galley_menu_matcher_match (matcher, "warm-up"));
  g_print ("index: %.2f ms (built on the first match)\n",
           (cpu_us () - t0) / 1000.0);

  measure (matcher, "exact", exact, rounds);
  measure (matcher, "alias", alias, rounds);
  measure (matcher, "substring", substring, rounds);
  measure (matcher, "fuzzy", fuzzy, rounds);
  measure (matcher, "not found", none, rounds);

  burger = galley_menu_lookup_item_by_id (menu, "burger-classic");
  for (guint r = 0; r < rounds; r++)
    {
      double us;

      t0 = cpu_us ();
      galley_menu_matcher_match_modifier (matcher, burger, "hold the pickles", NULL);
      us = (double) (cpu_us () - t0);
      g_array_append_val (samples, us);
    }
  g_array_sort (samples, compare_double);
  g_print ("%-10s median %.0f us, p99 %.0f us\n", "modifier",
           g_array_index (samples, double, samples->len / 2),
           g_array_index (samples, double, samples->len * 99 / 100));

  return 0;
}
