/* bench-counter-search.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The counter's menu search on a 500-item menu (the demo's 45 items and variants of them
 * with other names and aliases, as bench-matcher builds it), in a mapped GalleyMenuPanel:
 *   prepare    the search texts of all items, done once per menu change (ms)
 *   keystroke  one keystroke in the search entry until the filtered list and the grid view
 *              have taken the change: the text set, the filter run over 500 items, the
 *              list models' items-changed through to the grid (us); typing and deleting
 *              words, the main loop run to idle between keystrokes (layout and drawing of
 *              the next frame are not in the figure)
 *   list only  the same keystrokes with the grid view detached: the search and the filtered
 *              list model alone, the figure the panel adds on top of GTK's grid (us)
 *   category   a tap on a category button, measured like a keystroke (us)
 * Wall-clock times (what a cashier waits) and this thread's CPU time (what the search
 * costs on a busy shared machine) are both printed. Goal: keystroke p99 < 5 ms.
 *
 * Usage: bench-counter-search [KEYSTROKES]   (default 400, at least 200)
 */
#include <stdlib.h>
#include <time.h>

#include <adwaita.h>

#include "counter/galley-menu-panel.h"
#include "counter/galley-menu-panel-private.h"
#include "demo/galley-demo-menu.h"
#include "bench-util.h"
#include "util/galley-json.h"

#define N_ITEMS 500

/* what a cashier types, letter by letter, then deletes */
static const char * const queries[] = {
  "chicken", "burger", "soul bowl", "crème", "fries", "spicy tacos", "latte", "salmon",
  "golden wings", "mac", "iced tea", "brownie", "zzz", "pad thai", "steak",
};

/* Runs the main loop until nothing is pending (bounded). */
static void
drain (void)
{
  for (guint i = 0; i < 10000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

typedef struct
{
  GArray *wall;
  GArray *cpu;
} Samples;

static void
add_sample (Samples *s,
            gint64   wall_us,
            gint64   cpu)
{
  double w = (double) wall_us, c = (double) cpu;

  g_array_append_val (s->wall, w);
  g_array_append_val (s->cpu, c);
}

static void
report (const char *label,
        Samples    *s)
{
  g_array_sort (s->wall, bench_compare_double);
  g_array_sort (s->cpu, bench_compare_double);
  g_print ("%-10s wall p50 %.0f us, p99 %.0f us, max %.0f us; cpu p50 %.0f us, p99 %.0f us "
           "(%u)\n", label,
           g_array_index (s->wall, double, s->wall->len / 2),
           g_array_index (s->wall, double, s->wall->len * 99 / 100),
           g_array_index (s->wall, double, s->wall->len - 1),
           g_array_index (s->cpu, double, s->cpu->len / 2),
           g_array_index (s->cpu, double, s->cpu->len * 99 / 100), s->wall->len);
}

static void
type_text (GtkEditable *entry,
           const char  *text,
           Samples     *s)
{
  gint64 w0 = g_get_monotonic_time ();
  gint64 c0 = bench_cpu_us ();

  gtk_editable_set_text (entry, text);
  add_sample (s, g_get_monotonic_time () - w0, bench_cpu_us () - c0);
  drain ();
}

/* Types the queries letter by letter and deletes them again, @keystrokes in all. */
static void
type_queries (GtkWidget *panel,
              guint      keystrokes,
              Samples   *s,
              guint     *min_shown,
              guint     *max_shown)
{
  GtkEditable *entry = _galley_menu_panel_get_search_entry (GALLEY_MENU_PANEL (panel));
  guint typed = 0;

  for (guint q = 0; typed < keystrokes; q = (q + 1) % G_N_ELEMENTS (queries))
    {
      const char *query = queries[q];
      glong len = g_utf8_strlen (query, -1);

      /* type it letter by letter, then delete it letter by letter */
      for (glong n = 1; n <= len && typed < keystrokes; n++, typed++)
        {
          g_autofree char *prefix = g_utf8_substring (query, 0, n);
          guint shown;

          type_text (entry, prefix, s);
          shown = g_list_model_get_n_items (_galley_menu_panel_get_model (GALLEY_MENU_PANEL (panel)));
          *min_shown = MIN (*min_shown, shown);
          *max_shown = MAX (*max_shown, shown);
        }
      for (glong n = len - 1; n >= 0 && typed < keystrokes; n--, typed++)
        {
          g_autofree char *prefix = g_utf8_substring (query, 0, n);

          type_text (entry, prefix, s);
        }
    }
  gtk_editable_set_text (entry, "");
  drain ();
}

int
main (int   argc,
      char *argv[])
{
  guint keystrokes = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 400;
  g_autoptr(JsonObject) json = bench_big_menu (N_ITEMS);
  g_autoptr(GalleyMenu) menu = galley_menu_new (NULL);
  g_autoptr(GalleyCart) cart = NULL;
  g_autoptr(GError) error = NULL;
  Samples keys = { g_array_new (FALSE, FALSE, sizeof (double)),
                   g_array_new (FALSE, FALSE, sizeof (double)) };
  Samples filter_only = { g_array_new (FALSE, FALSE, sizeof (double)),
                          g_array_new (FALSE, FALSE, sizeof (double)) };
  Samples cats = { g_array_new (FALSE, FALSE, sizeof (double)),
                   g_array_new (FALSE, FALSE, sizeof (double)) };
  GalleyMenuSearch *search;
  GtkWidget *window, *panel;
  GListModel *categories;
  guint min_shown = G_MAXUINT, max_shown = 0;
  gint64 t0;

  keystrokes = MAX (keystrokes, 200);
  adw_init ();
  if (!galley_menu_load_json (menu, json, &error))
    {
      g_printerr ("bench-counter-search: %s\n", error->message);
      return 1;
    }
  cart = galley_cart_new (menu);
  g_print ("menu: %u items\n", g_list_model_get_n_items (G_LIST_MODEL (menu)));

  /* prepare: what a menu change costs the search */
  search = _galley_menu_search_new ();
  t0 = bench_cpu_us ();
  _galley_menu_search_prepare (search, G_LIST_MODEL (menu));
  g_print ("prepare    %.2f ms (cpu, %u items)\n", (bench_cpu_us () - t0) / 1000.0,
           g_list_model_get_n_items (G_LIST_MODEL (menu)));
  _galley_menu_search_free (search);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  panel = galley_menu_panel_new (menu, cart);
  gtk_window_set_child (GTK_WINDOW (window), panel);
  gtk_window_present (GTK_WINDOW (window));
  t0 = g_get_monotonic_time ();
  while (!gtk_widget_get_mapped (panel) && g_get_monotonic_time () - t0 < 10 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  if (!gtk_widget_get_mapped (panel))
    {
      g_printerr ("bench-counter-search: the window was not mapped in 10 s\n");
      return 1;
    }
  drain ();

  type_queries (panel, keystrokes, &keys, &min_shown, &max_shown);
  g_print ("results    %u to %u dishes shown while typing\n", min_shown, max_shown);
  report ("keystroke", &keys);

  categories = galley_menu_get_categories (menu);
  for (guint i = 0; i < 10 * (g_list_model_get_n_items (categories) + 1); i++)
    {
      guint n = g_list_model_get_n_items (categories);
      g_autoptr(GalleyMenuCategory) category = i % (n + 1) < n
                                                 ? g_list_model_get_item (categories, i % (n + 1))
                                                 : NULL;
      gint64 w0 = g_get_monotonic_time ();
      gint64 c0 = bench_cpu_us ();

      _galley_menu_panel_set_category (GALLEY_MENU_PANEL (panel),
                                       category != NULL ? galley_menu_category_get_id (category)
                                                        : NULL);
      add_sample (&cats, g_get_monotonic_time () - w0, bench_cpu_us () - c0);
      drain ();
    }
  report ("category", &cats);

  /* the same keystrokes with the grid view detached: the search and the filtered list alone */
  gtk_grid_view_set_model (_galley_menu_panel_get_grid_view (GALLEY_MENU_PANEL (panel)), NULL);
  drain ();
  type_queries (panel, keystrokes, &filter_only, &min_shown, &max_shown);
  report ("list only", &filter_only);


  gtk_window_destroy (GTK_WINDOW (window));
  drain ();
  g_array_unref (keys.wall);
  g_array_unref (keys.cpu);
  g_array_unref (filter_only.wall);
  g_array_unref (filter_only.cpu);
  g_array_unref (cats.wall);
  g_array_unref (cats.cpu);

  return 0;
}
