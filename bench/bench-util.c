/* bench-util.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bench-util.h"

#include <time.h>

#include "demo/galley-demo-menu.h"
#include "util/galley-json.h"

static const char * const words[] = {
  "Smoky", "Spicy", "Garden", "Harvest", "Coastal", "Golden", "Rustic", "Herb", "Citrus",
  "Maple", "Sesame", "Truffle", "Chipotle", "Lemon", "Ginger", "Basil", "Honey", "Pepper",
  "Cajun", "Teriyaki", "Tandoori", "Miso",
};

gint64
bench_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);

  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

int
bench_compare_double (gconstpointer a,
                      gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

JsonObject *
bench_big_menu (guint n_items)
{
  JsonObject *menu = json_object_new ();
  JsonArray *items = galley_demo_menu_build_items (G_GINT64_CONSTANT (1762365600000000));
  guint n_demo = json_array_get_length (items);
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), items);
  g_autofree char *text = galley_json_to_string (node);
  g_autoptr(JsonNode) copy = galley_json_parse (text, -1, NULL);
  JsonArray *templates = json_node_get_array (copy);

  for (guint i = 0; json_array_get_length (items) < n_items; i++)
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
