/* bench-counter.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Counter's figures, with a 500-item menu:
 *   add        a line added to the cart (galley_cart_add_line, as a tap on the menu does), timed
 *              to the end of the first painted frame that shows its row in sight (frame clock
 *              after-paint; the cart scrolls to a new line at its end), and to that frame's
 *              frame-clock time (goal: < 1 frame, 16.7 ms)
 *   open       the Counter view made and put in a shown window, to the end of its first
 *              painted frame (goal: < 100 ms); the first open of the process separately
 * With each figure, the CPU time of this thread, since other work on the machine stretches
 * the wall-clock times.
 *
 *              The adds run twice: back to back (the next add as soon as the last frame is
 *              painted, so the frame clock paces them one a frame and each waits for its
 *              slot), and at a cashier's pace (150–400 ms between taps, so each add finds the
 *              frame clock idle, as a real tap does).
 * Usage: bench-counter [ADDS] [OPENS] [TAPS]   (default 500 adds back to back, 50 opens, 200
 *        paced taps). Needs a display (Xvfb);
 *        GSK_RENDERER=cairo and GSETTINGS_SCHEMA_DIR to the build's data/ as bench/run.sh sets
 *        them.
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include <glib/gstdio.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "counter/galley-counter-view-private.h"
#include "demo/galley-demo-menu.h"
#include "bench-util.h"
#include "util/galley-source.h"

#define N_ITEMS       500
#define WINDOW_WIDTH  1280
#define WINDOW_HEIGHT 1024
#define MAX_LINES     60      /* the cart is cleared past this, as orders are sent */

typedef struct
{
  GtkWidget         *window;
  GalleyCounterView *view;
  guint64            n_frames;
  gint64             last_frame_time;
  gint64             last_paint_end;
  guint              n_late;      /* frames painted before the new line was in sight */
} Bench;

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  b->n_frames++;
  b->last_frame_time = gdk_frame_clock_get_frame_time (clock);
  b->last_paint_end = g_get_monotonic_time ();
}

static gboolean
wake_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;

  return G_SOURCE_REMOVE;
}

static void
spin_for (guint ms)
{
  gboolean woken = FALSE;

  galley_timeout_add_named ("galley-bench-counter-wait", ms, wake_cb, &woken, NULL);
  while (!woken)
    g_main_context_iteration (NULL, TRUE);
}

/* Iterates until a frame after @frames was painted; FALSE after 5 s. */
static gboolean
wait_frame (Bench   *b,
            guint64  frames)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (b->n_frames <= frames)
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }

  return TRUE;
}

static void
print_figure (const char *name,
              GArray     *values,
              const char *unit)
{
  double *v = (double *) values->data;
  guint n = values->len;

  if (n == 0)
    {
      g_print ("%s: no samples\n", name);
      return;
    }
  g_array_sort (values, bench_compare_double);
  g_print ("%s: median %.2f %s, p95 %.2f %s, p99 %.2f %s, max %.2f %s (%u samples)\n", name,
           v[n / 2], unit, v[MIN (n - 1, n * 95 / 100)], unit, v[MIN (n - 1, n * 99 / 100)], unit,
           v[n - 1], unit, n);
}

static void
show (Bench          *b,
      GalleyServices *services)
{
  b->view = GALLEY_COUNTER_VIEW (galley_counter_view_new (services));
  gtk_window_set_child (GTK_WINDOW (b->window), GTK_WIDGET (b->view));
}

/* The row lies wholly inside its scrolled window's visible area. */
static gboolean
row_in_sight (GtkWidget *row)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (row) || !gtk_widget_compute_bounds (row, scroller, &bounds))
    return FALSE;

  return bounds.origin.y >= 0 && bounds.size.height > 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller) + 0.5;
}

/* @n adds of a menu item each, timed to the frame that shows the new row. With @pause_ms,
 * a pause of @pause_ms plus up to 250 ms (fixed seed) before each add, as between taps. */
static void
run_adds (Bench     *b,
          GPtrArray *menu_items,
          guint      n,
          guint      pause_ms,
          GArray    *paint,
          GArray    *frame,
          GArray    *cpu)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < n; i++)
    {
      GalleyCart *cart = galley_counter_view_get_cart (b->view);
      GalleyMenuItem *item = g_ptr_array_index (menu_items, (i * 7) % menu_items->len);
      g_autoptr(GalleyCartLine) line = galley_cart_line_new (item, NULL, 1);
      g_autoptr(GError) error = NULL;
      guint64 frames;
      gint64 t0, c0;
      double ms;

      if (g_list_model_get_n_items (G_LIST_MODEL (cart)) >= MAX_LINES)
        {
          galley_cart_clear (cart);
          spin_for (50);
        }
      if (pause_ms > 0)
        {
          guint64 before = b->n_frames;
          spin_for (pause_ms + (guint) g_rand_int_range (rand, 0, 250));
          if (g_getenv ("BENCH_DEBUG") && b->n_frames != before)
            g_printerr ("%u: %" G_GUINT64_FORMAT " frames in the pause\n", i, b->n_frames - before);
        }
      frames = b->n_frames;
      t0 = g_get_monotonic_time ();
      c0 = bench_cpu_us ();
      if (galley_cart_add_line (cart, line, GALLEY_CART_ADD_NO_MERGE, NULL, &error) == NULL)
        g_error ("add: %s", error->message);
      /* the first painted frame with the new line in sight (a long order scrolls to it) */
      for (guint f = 0;; f++)
        {
          GalleyCartPanel *panel = galley_counter_view_get_cart_panel (b->view);
          guint n_lines = g_list_model_get_n_items (G_LIST_MODEL (cart));

          if (!wait_frame (b, frames))
            g_error ("no frame after an add");
          frames = b->n_frames;
          if (row_in_sight (GTK_WIDGET (galley_cart_panel_get_row (panel, n_lines - 1))))
            break;
          if (f == 10)
            g_error ("the new line is not in sight after 10 frames");
          b->n_late++;
        }
      ms = (b->last_paint_end - t0) / 1000.0;
      g_array_append_val (paint, ms);
      ms = (b->last_frame_time - t0) / 1000.0;
      g_array_append_val (frame, ms);
      ms = (bench_cpu_us () - c0) / 1000.0;
      g_array_append_val (cpu, ms);
    }
}

int
main (int   argc,
      char *argv[])
{
  guint n_adds = argc > 1 ? (guint) atoi (argv[1]) : 500;
  guint n_opens = argc > 2 ? (guint) atoi (argv[2]) : 50;
  guint n_taps = argc > 3 ? (guint) atoi (argv[3]) : 200;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  g_autoptr(GalleyServices) services = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) add_paint = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) add_frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) add_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) tap_paint = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) tap_frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) tap_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) open_paint = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) open_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *state_dir = NULL;
  GPtrArray *menu_items;
  GalleyMenu *menu;
  GdkFrameClock *clock;
  gulong paint_id;
  Bench b = { 0 };
  double first_open = 0, first_open_cpu = 0;
  guint late_adds, late_taps;

  adw_init ();
  /* the application's own style sheet, which AdwApplication would load */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  backend = g_memory_settings_backend_new ();
  settings = g_settings_new_with_backend (BASE_APPLICATION_ID, backend);
  state_dir = g_dir_make_tmp ("galley-bench-counter-XXXXXX", &error);
  g_assert_no_error (error);
  services = galley_services_new (settings, NULL, state_dir);
  menu = galley_services_get_menu (services);
  json = bench_big_menu (N_ITEMS);
  if (!galley_menu_load_json (menu, json, &error))
    g_error ("menu: %s", error->message);
  if (galley_menu_get_n_skipped_items (menu) > 0)
    g_error ("menu: %u of the %u items left out", galley_menu_get_n_skipped_items (menu), N_ITEMS);

  /* the items a cashier would tap: those with no required choice */
  menu_items = g_ptr_array_new ();
  for (guint i = 0; i < N_ITEMS; i++)
    {
      GalleyMenuItem *item;
      gboolean required = FALSE;

      item = galley_menu_lookup_item_by_id (menu, json_object_get_string_member (
        json_array_get_object_element (json_object_get_array_member (json, "items"), i), "id"));
      if (item == NULL)
        continue;
      for (guint g = 0; g < galley_menu_item_get_n_modifier_groups (item); g++)
        required |= galley_menu_item_get_modifier_group (item, g)->required;
      if (!required)
        g_ptr_array_add (menu_items, item);
    }
  g_print ("menu: %u items, %u without a required choice\n", N_ITEMS, menu_items->len);

  b.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (b.window), WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_window_present (GTK_WINDOW (b.window));
  clock = gtk_widget_get_frame_clock (b.window);
  while (clock == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      clock = gtk_widget_get_frame_clock (b.window);
    }
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &b);
  spin_for (300);

  /* open: view made, set in the shown window, to the end of its first painted frame */
  for (guint i = 0; i < n_opens + 1; i++)
    {
      guint64 frames = b.n_frames;
      gint64 t0 = g_get_monotonic_time (), c0 = bench_cpu_us ();
      double ms, cpu;

      show (&b, services);
      gtk_widget_queue_draw (b.window);
      if (!wait_frame (&b, frames))
        g_error ("no frame after opening the view");
      ms = (b.last_paint_end - t0) / 1000.0;
      cpu = (bench_cpu_us () - c0) / 1000.0;
      if (i == 0)
        {
          first_open = ms;
          first_open_cpu = cpu;
        }
      else
        {
          g_array_append_val (open_paint, ms);
          g_array_append_val (open_cpu, cpu);
        }
      if (i < n_opens)
        {
          gtk_window_set_child (GTK_WINDOW (b.window), NULL);
          spin_for (20);
        }
    }

  /* add: one line, then the frame that shows it; first back to back (a tap every frame,
   * which the frame clock paces), then as a cashier taps (a pause of 150–400 ms, so each
   * add finds the frame clock idle) */
  spin_for (200);
  run_adds (&b, menu_items, n_adds, 0, add_paint, add_frame, add_cpu);
  late_adds = b.n_late;
  b.n_late = 0;
  run_adds (&b, menu_items, n_taps, 150, tap_paint, tap_frame, tap_cpu);
  late_taps = b.n_late;

  g_print ("counter view cold open (first in the process): %.1f ms, CPU %.1f ms\n",
           first_open, first_open_cpu);
  print_figure ("counter view open (next ones), to painted", open_paint, "ms");
  print_figure ("counter view open, CPU", open_cpu, "ms");
  print_figure ("add to cart at a cashier's pace, to painted", tap_paint, "ms");
  print_figure ("add to cart at a cashier's pace, to frame time", tap_frame, "ms");
  print_figure ("add to cart at a cashier's pace, CPU", tap_cpu, "ms");
  print_figure ("add to cart back to back (one a frame), to painted", add_paint, "ms");
  print_figure ("add to cart back to back (one a frame), to frame time", add_frame, "ms");
  print_figure ("add to cart back to back (one a frame), CPU", add_cpu, "ms");
  g_print ("frames painted before the new line was in sight: %u in %u paced taps, %u in %u back "
           "to back\n", late_taps, n_taps, late_adds, n_adds);

  g_clear_signal_handler (&paint_id, clock);
  gtk_window_destroy (GTK_WINDOW (b.window));
  g_ptr_array_unref (menu_items);
  galley_services_shutdown (services);
  g_clear_object (&services);
  {
    g_autoptr(GDir) dir = g_dir_open (state_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (state_dir, name, NULL);

        g_remove (path);
      }
    g_rmdir (state_dir);
  }

  return 0;
}
