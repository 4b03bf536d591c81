/* galley-sampler.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Samples the process's resident memory, fds, named sources and live Galley objects at a
 * fixed interval, keeps the last GALLEY_SAMPLER_WINDOW samples, and raises a warning when
 * memory grew by more than 20 % across a full window: the early sign of a leak on a terminal
 * that runs for weeks.
 */
#define G_LOG_DOMAIN "galley-sampler"

#include "diag/galley-instances.h"
#include "diag/galley-resources.h"
#include "diag/galley-sampler.h"
#include "util/galley-source.h"

#define RSS_GROWTH_LIMIT 0.20

struct _GalleySampler
{
  GObject      parent_instance;

  guint        interval_ms;
  guint        sample_id;

  GalleySample ring[GALLEY_SAMPLER_WINDOW];
  guint        first;      /* index of the oldest sample */
  guint        n_samples;
  guint        n_pushed;     /* since start, to skip the warm-up */

  gboolean     rss_warning;
};

G_DEFINE_FINAL_TYPE (GalleySampler, galley_sampler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INTERVAL,
  PROP_RSS_WARNING,
  N_PROPS
};

enum {
  SAMPLED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_warning (GalleySampler *self)
{
  double growth = galley_sampler_get_rss_growth (self);
  gboolean warning = self->n_pushed >= GALLEY_SAMPLER_WINDOW + GALLEY_SAMPLER_WARMUP &&
                     growth > RSS_GROWTH_LIMIT;

  if (warning == self->rss_warning)
    return;

  self->rss_warning = warning;
  if (warning)
    g_warning ("Memory grew by %.0f %% over the last %u samples (%.1f MiB now): possible leak",
               growth * 100.0, self->n_samples,
               galley_sampler_get_latest (self)->rss_bytes / (1024.0 * 1024.0));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RSS_WARNING]);
}

static gboolean
sample_cb (gpointer user_data)
{
  GalleySampler *self = user_data;

  galley_sampler_sample_now (self);

  return G_SOURCE_CONTINUE;
}

static void
galley_sampler_dispose (GObject *object)
{
  GalleySampler *self = GALLEY_SAMPLER (object);

  g_clear_handle_id (&self->sample_id, g_source_remove);

  G_OBJECT_CLASS (galley_sampler_parent_class)->dispose (object);
}

static void
galley_sampler_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GalleySampler *self = GALLEY_SAMPLER (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval_ms);
      break;

    case PROP_RSS_WARNING:
      g_value_set_boolean (value, self->rss_warning);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_sampler_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GalleySampler *self = GALLEY_SAMPLER (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      self->interval_ms = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_sampler_class_init (GalleySamplerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = galley_sampler_dispose;
  object_class->get_property = galley_sampler_get_property;
  object_class->set_property = galley_sampler_set_property;

  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 10, G_MAXUINT, 5000,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RSS_WARNING] =
    g_param_spec_boolean ("rss-warning", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GalleySampler::sampled:
   *
   * Emitted after each new sample.
   */
  signals[SAMPLED] = g_signal_new ("sampled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
galley_sampler_init (GalleySampler *self)
{
  self->interval_ms = 5000;
}

/**
 * galley_sampler_new:
 * @interval_ms: time between samples once started
 *
 * Returns: (transfer full): a stopped sampler
 */
GalleySampler *
galley_sampler_new (guint interval_ms)
{
  return g_object_new (GALLEY_TYPE_SAMPLER, "interval", interval_ms, NULL);
}

guint
galley_sampler_get_interval (GalleySampler *self)
{
  g_return_val_if_fail (GALLEY_IS_SAMPLER (self), 0);

  return self->interval_ms;
}

void
galley_sampler_start (GalleySampler *self)
{
  g_return_if_fail (GALLEY_IS_SAMPLER (self));

  if (self->sample_id != 0)
    return;

  galley_sampler_sample_now (self);
  self->sample_id = galley_timeout_add_named ("galley-sampler-sample", self->interval_ms,
                                              sample_cb, self, NULL);
}

void
galley_sampler_stop (GalleySampler *self)
{
  g_return_if_fail (GALLEY_IS_SAMPLER (self));

  g_clear_handle_id (&self->sample_id, g_source_remove);
}

/**
 * galley_sampler_sample_now:
 *
 * Takes a sample of the running process and adds it to the window.
 */
void
galley_sampler_sample_now (GalleySampler *self)
{
  GalleySample sample;

  g_return_if_fail (GALLEY_IS_SAMPLER (self));

  sample.monotonic_us = g_get_monotonic_time ();
  sample.rss_bytes = galley_resources_rss_bytes ();
  sample.fds = galley_resources_count_fds ();
  sample.sources = galley_source_count_live (GALLEY_SOURCE_PREFIX);
  sample.galley_objects = galley_instances_total_galley ();

  galley_sampler_push (self, &sample);
}

/**
 * galley_sampler_push:
 *
 * Adds @sample to the window, dropping the oldest one when it is full. Tests use this to
 * feed known figures.
 */
void
galley_sampler_push (GalleySampler      *self,
                     const GalleySample *sample)
{
  g_return_if_fail (GALLEY_IS_SAMPLER (self));
  g_return_if_fail (sample != NULL);

  if (self->n_pushed < G_MAXUINT)
    self->n_pushed++;
  if (self->n_samples < GALLEY_SAMPLER_WINDOW)
    {
      self->ring[(self->first + self->n_samples) % GALLEY_SAMPLER_WINDOW] = *sample;
      self->n_samples++;
    }
  else
    {
      self->ring[self->first] = *sample;
      self->first = (self->first + 1) % GALLEY_SAMPLER_WINDOW;
    }

  update_warning (self);
  g_signal_emit (self, signals[SAMPLED], 0);
}

guint
galley_sampler_get_n_samples (GalleySampler *self)
{
  g_return_val_if_fail (GALLEY_IS_SAMPLER (self), 0);

  return self->n_samples;
}

/**
 * galley_sampler_get_sample:
 * @index: 0 for the oldest sample in the window
 *
 * Returns: (transfer none): the sample
 */
const GalleySample *
galley_sampler_get_sample (GalleySampler *self,
                           guint          index)
{
  g_return_val_if_fail (GALLEY_IS_SAMPLER (self), NULL);
  g_return_val_if_fail (index < self->n_samples, NULL);

  return &self->ring[(self->first + index) % GALLEY_SAMPLER_WINDOW];
}

/**
 * galley_sampler_get_latest:
 *
 * Returns: (transfer none) (nullable): the newest sample, or %NULL before the first one
 */
const GalleySample *
galley_sampler_get_latest (GalleySampler *self)
{
  g_return_val_if_fail (GALLEY_IS_SAMPLER (self), NULL);

  if (self->n_samples == 0)
    return NULL;

  return galley_sampler_get_sample (self, self->n_samples - 1);
}

/**
 * galley_sampler_get_rss_growth:
 *
 * Returns: the relative growth of resident memory from the oldest to the newest sample
 *   in the window (0.25 for 25 %), or 0 with fewer than two samples
 */
double
galley_sampler_get_rss_growth (GalleySampler *self)
{
  const GalleySample *oldest, *newest;

  g_return_val_if_fail (GALLEY_IS_SAMPLER (self), 0.0);

  if (self->n_samples < 2)
    return 0.0;

  oldest = galley_sampler_get_sample (self, 0);
  newest = galley_sampler_get_latest (self);
  if (oldest->rss_bytes == 0)
    return 0.0;

  return ((double) newest->rss_bytes - (double) oldest->rss_bytes) / (double) oldest->rss_bytes;
}

gboolean
galley_sampler_get_rss_warning (GalleySampler *self)
{
  g_return_val_if_fail (GALLEY_IS_SAMPLER (self), FALSE);

  return self->rss_warning;
}
