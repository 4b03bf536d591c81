/* galley-menu-tile.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One dish in the menu panel's grid: its name (bold, up to two lines) and its details (price,
 * allergens after a warning sign, "Sold out"; up to three lines), drawn by the widget itself.
 * GTK 4.8's grid view keeps tiles for up to 30 rows of its columns and creates one for every
 * dish that enters that range, so a keystroke in the search may create a hundred: a tile of
 * labels or inscriptions (each with its own Pango context) made that the bulk of a
 * keystroke's cost. This tile is one widget whose size does not depend on its text; its
 * Pango layouts are made when it is first drawn. The texts and the accessible name are set
 * by the panel (galley_menu_tile_set_item()).
 */
#define G_LOG_DOMAIN "galley-menu-tile"

#include "config.h"

#include <glib/gi18n.h>

#include "cart/galley-cart.h"
#include "counter/galley-menu-panel-private.h"
#include "counter/galley-menu-tile.h"

#define NAME_LINES    2
#define DETAIL_LINES  3
#define NAT_CHARS     18
#define MIN_CHARS     10
#define SPACING       4     /* px between the name and the details */

struct _GalleyMenuTile
{
  GtkWidget    parent_instance;

  char        *name;
  char        *details;
  PangoLayout *name_layout;      /* made on first draw */
  PangoLayout *details_layout;
};

G_DEFINE_FINAL_TYPE (GalleyMenuTile, galley_menu_tile, GTK_TYPE_WIDGET)

/* ------------------------------------------------------------------ layout */

static void
font_metrics (GalleyMenuTile *self,
              int            *char_width,
              int            *line_height)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);

  *char_width = PANGO_PIXELS_CEIL (pango_font_metrics_get_approximate_char_width (metrics));
  *line_height = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics));
  if (*line_height <= 0)
    *line_height = PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (metrics) +
                                      pango_font_metrics_get_descent (metrics));
  pango_font_metrics_unref (metrics);
}

static PangoLayout *
make_layout (GalleyMenuTile *self,
             const char     *text,
             int             lines,
             gboolean        bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, -lines);
  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }

  return layout;
}

static void
galley_menu_tile_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  int char_width, line_height;

  font_metrics (GALLEY_MENU_TILE (widget), &char_width, &line_height);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = char_width * MIN_CHARS;
      *natural = char_width * NAT_CHARS;
    }
  else
    *minimum = *natural = line_height * (NAME_LINES + DETAIL_LINES) + SPACING;
}

static void
galley_menu_tile_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  GalleyMenuTile *self = GALLEY_MENU_TILE (widget);
  int width = gtk_widget_get_width (widget);
  GdkRGBA color;
  int name_height;

  if (self->name_layout == NULL)
    {
      self->name_layout = make_layout (self, self->name, NAME_LINES, TRUE);
      self->details_layout = make_layout (self, self->details, DETAIL_LINES, FALSE);
    }
  pango_layout_set_width (self->name_layout, width * PANGO_SCALE);
  pango_layout_set_width (self->details_layout, width * PANGO_SCALE);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  gtk_snapshot_append_layout (snapshot, self->name_layout, &color);
  pango_layout_get_pixel_size (self->name_layout, NULL, &name_height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, name_height + SPACING));
  gtk_snapshot_append_layout (snapshot, self->details_layout, &color);
  gtk_snapshot_restore (snapshot);
}

/* ------------------------------------------------------------------ GObject */

static void
galley_menu_tile_dispose (GObject *object)
{
  GalleyMenuTile *self = GALLEY_MENU_TILE (object);

  g_clear_object (&self->name_layout);
  g_clear_object (&self->details_layout);

  G_OBJECT_CLASS (galley_menu_tile_parent_class)->dispose (object);
}

static void
galley_menu_tile_finalize (GObject *object)
{
  GalleyMenuTile *self = GALLEY_MENU_TILE (object);

  g_free (self->name);
  g_free (self->details);

  G_OBJECT_CLASS (galley_menu_tile_parent_class)->finalize (object);
}

static void
galley_menu_tile_class_init (GalleyMenuTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = galley_menu_tile_dispose;
  object_class->finalize = galley_menu_tile_finalize;
  widget_class->measure = galley_menu_tile_measure;
  widget_class->snapshot = galley_menu_tile_snapshot;

  gtk_widget_class_set_css_name (widget_class, "menutile");
}

static void
galley_menu_tile_init (GalleyMenuTile *self)
{
  self->name = g_strdup ("");
  self->details = g_strdup ("");
}

/* ------------------------------------------------------------------ public */

GtkWidget *
galley_menu_tile_new (void)
{
  return g_object_new (GALLEY_TYPE_MENU_TILE, NULL);
}

/* Shows @item: its name, price, allergens and availability, and says them in the
 * accessible name ("Soul Bowl, 14.00, contains sesame, sold out"). */
void
galley_menu_tile_set_item (GalleyMenuTile *self,
                           GalleyMenuItem *item)
{
  g_autofree char *label = NULL;

  g_return_if_fail (GALLEY_IS_MENU_TILE (self));
  g_return_if_fail (GALLEY_IS_MENU_ITEM (item));

  g_free (self->name);
  self->name = g_strdup (galley_menu_item_get_name (item));
  g_free (self->details);
  self->details = _galley_menu_panel_dup_tile_details (item);
  if (self->name_layout != NULL)
    {
      pango_layout_set_text (self->name_layout, self->name, -1);
      pango_layout_set_text (self->details_layout, self->details, -1);
    }

  if (galley_menu_item_get_available (item))
    gtk_widget_remove_css_class (GTK_WIDGET (self), "sold-out");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "sold-out");
  label = _galley_menu_panel_dup_tile_label (item);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
galley_menu_tile_get_name (GalleyMenuTile *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_TILE (self), NULL);

  return self->name;
}

/* Returns: the lines under the name: "14.00\n⚠ Contains sesame\nSold out" */
const char *
galley_menu_tile_get_details (GalleyMenuTile *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_TILE (self), NULL);

  return self->details;
}
