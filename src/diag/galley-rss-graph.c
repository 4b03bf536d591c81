/* galley-rss-graph.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A line graph of resident memory over the sampler's window, drawn with cairo. Its
 * accessible description says what the line shows, for people who cannot see it.
 */
#define G_LOG_DOMAIN "galley-rss-graph"

#include <glib/gi18n.h>

#include "diag/galley-rss-graph.h"

struct _GalleyRssGraph
{
  GtkWidget      parent_instance;

  GalleySampler *sampler;
  GSignalGroup  *sampler_signals;
};

G_DEFINE_FINAL_TYPE (GalleyRssGraph, galley_rss_graph, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SAMPLER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_description (GalleyRssGraph *self)
{
  g_autofree char *text = NULL;
  const GalleySample *first, *last;
  guint n;

  n = self->sampler != NULL ? galley_sampler_get_n_samples (self->sampler) : 0;
  if (n == 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("No memory samples yet"), -1);
      return;
    }

  first = galley_sampler_get_sample (self->sampler, 0);
  last = galley_sampler_get_latest (self->sampler);
  text = g_strdup_printf (ngettext ("Memory over the last %u sample: from %.1f MB to %.1f MB",
                                    "Memory over the last %u samples: from %.1f MB to %.1f MB",
                                    n),
                          n, first->rss_bytes / 1e6, last->rss_bytes / 1e6);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text, -1);
}

static void
sampled_cb (GalleyRssGraph *self,
            GalleySampler  *sampler)
{
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
galley_rss_graph_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  GalleyRssGraph *self = GALLEY_RSS_GRAPH (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  guint64 lo = G_MAXUINT64, hi = 0;
  cairo_t *cr;
  GdkRGBA color, accent;
  double x0 = 0;
  guint n;

  if (self->sampler == NULL || width <= 0 || height <= 0)
    return;

  n = galley_sampler_get_n_samples (self->sampler);
  if (n == 0)
    return;

  for (guint i = 0; i < n; i++)
    {
      guint64 rss = galley_sampler_get_sample (self->sampler, i)->rss_bytes;

      lo = MIN (lo, rss);
      hi = MAX (hi, rss);
    }
  /* keep a flat line from filling the whole height: show at least 1 MB of range */
  if (hi - lo < 1000000)
    {
      guint64 mid = (hi + lo) / 2;

      lo = mid > 500000 ? mid - 500000 : 0;
      hi = lo + 1000000;
    }

  gtk_style_context_get_color (style, &color);
  if (!gtk_style_context_lookup_color (style, "accent_color", &accent))
    accent = color;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* the frame */
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * 0.25);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, 0.5, 0.5, width - 1, height - 1);
  cairo_stroke (cr);

  /* the line, oldest sample on the left of a window of GALLEY_SAMPLER_WINDOW */
  for (guint i = 0; i < n; i++)
    {
      guint64 rss = galley_sampler_get_sample (self->sampler, i)->rss_bytes;
      double x = 2 + (width - 4) * (double) (GALLEY_SAMPLER_WINDOW - n + i) /
                 (double) (GALLEY_SAMPLER_WINDOW - 1);
      double y = 2 + (height - 4) * (1.0 - (double) (rss - lo) / (double) (hi - lo));

      if (i == 0)
        {
          x0 = x;
          cairo_move_to (cr, x, y);
        }
      else
        cairo_line_to (cr, x, y);
    }
  if (n == 1)
    cairo_rel_line_to (cr, 1, 0);

  cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, accent.alpha);
  cairo_set_line_width (cr, 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke_preserve (cr);

  /* the area under it, lightly */
  cairo_line_to (cr, width - 2, height - 2);
  cairo_line_to (cr, x0, height - 2);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, accent.alpha * 0.15);
  cairo_fill (cr);

  cairo_destroy (cr);
}

static void
galley_rss_graph_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 400;
    }
  else
    {
      *minimum = 60;
      *natural = 96;
    }
}

static void
galley_rss_graph_dispose (GObject *object)
{
  GalleyRssGraph *self = GALLEY_RSS_GRAPH (object);

  g_signal_group_set_target (self->sampler_signals, NULL);
  g_clear_object (&self->sampler);

  G_OBJECT_CLASS (galley_rss_graph_parent_class)->dispose (object);
}

static void
galley_rss_graph_finalize (GObject *object)
{
  GalleyRssGraph *self = GALLEY_RSS_GRAPH (object);

  g_assert (self->sampler == NULL);
  g_clear_object (&self->sampler_signals);

  G_OBJECT_CLASS (galley_rss_graph_parent_class)->finalize (object);
}

static void
galley_rss_graph_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GalleyRssGraph *self = GALLEY_RSS_GRAPH (object);

  switch (prop_id)
    {
    case PROP_SAMPLER:
      g_value_set_object (value, self->sampler);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_rss_graph_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GalleyRssGraph *self = GALLEY_RSS_GRAPH (object);

  switch (prop_id)
    {
    case PROP_SAMPLER:
      galley_rss_graph_set_sampler (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_rss_graph_class_init (GalleyRssGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = galley_rss_graph_dispose;
  object_class->finalize = galley_rss_graph_finalize;
  object_class->get_property = galley_rss_graph_get_property;
  object_class->set_property = galley_rss_graph_set_property;

  widget_class->snapshot = galley_rss_graph_snapshot;
  widget_class->measure = galley_rss_graph_measure;

  properties[PROP_SAMPLER] =
    g_param_spec_object ("sampler", NULL, NULL, GALLEY_TYPE_SAMPLER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "rssgraph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
galley_rss_graph_init (GalleyRssGraph *self)
{
  self->sampler_signals = g_signal_group_new (GALLEY_TYPE_SAMPLER);
  g_signal_group_connect_object (self->sampler_signals, "sampled", G_CALLBACK (sampled_cb),
                                 self, G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Memory graph"), -1);
  update_description (self);
}

GtkWidget *
galley_rss_graph_new (void)
{
  return g_object_new (GALLEY_TYPE_RSS_GRAPH, NULL);
}

/**
 * galley_rss_graph_get_sampler:
 *
 * Returns: (transfer none) (nullable): the sampler drawn
 */
GalleySampler *
galley_rss_graph_get_sampler (GalleyRssGraph *self)
{
  g_return_val_if_fail (GALLEY_IS_RSS_GRAPH (self), NULL);

  return self->sampler;
}

void
galley_rss_graph_set_sampler (GalleyRssGraph *self,
                              GalleySampler  *sampler)
{
  g_return_if_fail (GALLEY_IS_RSS_GRAPH (self));
  g_return_if_fail (sampler == NULL || GALLEY_IS_SAMPLER (sampler));

  if (!g_set_object (&self->sampler, sampler))
    return;

  g_signal_group_set_target (self->sampler_signals, sampler);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAMPLER]);
}
