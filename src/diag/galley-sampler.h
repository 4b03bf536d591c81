/* galley-sampler.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GALLEY_SAMPLER_WINDOW 100
/* The first samples after start (a minute at the default interval) are warm-up: windows,
 * fonts, caches and the first snapshot. The growth warning only compares later ones. */
#define GALLEY_SAMPLER_WARMUP 12

typedef struct
{
  gint64  monotonic_us;
  guint64 rss_bytes;
  guint   fds;
  guint   sources;        /* live "galley-" sources */
  int     galley_objects; /* live instances of tracked Galley types */
} GalleySample;

#define GALLEY_TYPE_SAMPLER (galley_sampler_get_type ())
G_DECLARE_FINAL_TYPE (GalleySampler, galley_sampler, GALLEY, SAMPLER, GObject)

GalleySampler      *galley_sampler_new              (guint                interval_ms);
guint               galley_sampler_get_interval     (GalleySampler       *self);
void                galley_sampler_start            (GalleySampler       *self);
void                galley_sampler_stop             (GalleySampler       *self);
void                galley_sampler_sample_now       (GalleySampler       *self);
void                galley_sampler_push             (GalleySampler       *self,
                                                     const GalleySample  *sample);
guint               galley_sampler_get_n_samples    (GalleySampler       *self);
const GalleySample *galley_sampler_get_sample       (GalleySampler       *self,
                                                     guint                index);
const GalleySample *galley_sampler_get_latest       (GalleySampler       *self);
double              galley_sampler_get_rss_growth   (GalleySampler       *self);
gboolean            galley_sampler_get_rss_warning  (GalleySampler       *self);

G_END_DECLS
