/* galley-cue.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kitchen's cues as tone patterns, and their synthesis: sine tones with short
 * raised-cosine ramps, rendered once per cue as mono float samples. Pure code, no PipeWire:
 * the cue player hands the samples to its stream.
 *
 * The patterns differ in pitch, number of beeps and rhythm, so a cook can tell them apart
 * without looking: rising for news, falling for a cancellation, fast for rush, high and long
 * for an allergy.
 */
#define G_LOG_DOMAIN "galley-cue"

#include <math.h>

#include "audio/galley-cue.h"

static const GalleyCueTone new_tones[] = {
  { 880, 120, 60 }, { 1175, 180, 0 },
};
static const GalleyCueTone changed_tones[] = {
  { 740, 90, 70 }, { 740, 90, 0 },
};
static const GalleyCueTone voided_tones[] = {
  { 988, 150, 60 }, { 587, 260, 0 },
};
static const GalleyCueTone rush_tones[] = {
  { 1319, 60, 40 }, { 1319, 60, 40 }, { 1319, 60, 0 },
};
static const GalleyCueTone allergy_tones[] = {
  { 1760, 160, 90 }, { 1760, 160, 90 }, { 1760, 160, 0 },
};
static const GalleyCueTone ready_tones[] = {
  { 523, 110, 30 }, { 659, 110, 30 }, { 784, 220, 0 },
};
static const GalleyCueTone test_tones[] = {
  { 1047, 350, 0 },
};

static const struct
{
  const GalleyCueTone *tones;
  guint                n_tones;
} patterns[GALLEY_N_CUES] = {
  [GALLEY_CUE_NEW] = { new_tones, G_N_ELEMENTS (new_tones) },
  [GALLEY_CUE_CHANGED] = { changed_tones, G_N_ELEMENTS (changed_tones) },
  [GALLEY_CUE_VOIDED] = { voided_tones, G_N_ELEMENTS (voided_tones) },
  [GALLEY_CUE_RUSH] = { rush_tones, G_N_ELEMENTS (rush_tones) },
  [GALLEY_CUE_ALLERGY] = { allergy_tones, G_N_ELEMENTS (allergy_tones) },
  [GALLEY_CUE_READY] = { ready_tones, G_N_ELEMENTS (ready_tones) },
  [GALLEY_CUE_TEST] = { test_tones, G_N_ELEMENTS (test_tones) },
};

static const GEnumValue cue_values[] = {
  { GALLEY_CUE_NEW, "GALLEY_CUE_NEW", "new" },
  { GALLEY_CUE_CHANGED, "GALLEY_CUE_CHANGED", "changed" },
  { GALLEY_CUE_VOIDED, "GALLEY_CUE_VOIDED", "voided" },
  { GALLEY_CUE_RUSH, "GALLEY_CUE_RUSH", "rush" },
  { GALLEY_CUE_ALLERGY, "GALLEY_CUE_ALLERGY", "allergy" },
  { GALLEY_CUE_READY, "GALLEY_CUE_READY", "ready" },
  { GALLEY_CUE_TEST, "GALLEY_CUE_TEST", "test" },
  { 0, NULL, NULL }
};

GType
galley_cue_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("GalleyCue", cue_values));

  return type_id;
}

/**
 * galley_cue_get_name:
 * @cue: a cue
 *
 * Returns: the cue's short name for logs and Diagnostics ("new", "allergy", …)
 */
const char *
galley_cue_get_name (GalleyCue cue)
{
  g_return_val_if_fail (cue < GALLEY_N_CUES, "invalid");

  return cue_values[cue].value_nick;
}

/**
 * galley_cue_get_tones:
 * @cue: a cue
 * @n_tones: (out): the number of tones
 *
 * Returns: (transfer none): the cue's pattern, one entry per beep
 */
const GalleyCueTone *
galley_cue_get_tones (GalleyCue  cue,
                      guint     *n_tones)
{
  g_return_val_if_fail (cue < GALLEY_N_CUES, NULL);
  g_return_val_if_fail (n_tones != NULL, NULL);

  *n_tones = patterns[cue].n_tones;

  return patterns[cue].tones;
}

static gsize
ms_to_frames (guint ms,
              guint rate)
{
  return (gsize) ms * rate / 1000;
}

/**
 * galley_cue_get_n_frames:
 * @cue: a cue
 * @rate: samples per second
 *
 * Returns: the length of the rendered cue in frames, gaps included
 */
gsize
galley_cue_get_n_frames (GalleyCue cue,
                         guint     rate)
{
  const GalleyCueTone *tones;
  guint n_tones;
  gsize n = 0;

  g_return_val_if_fail (cue < GALLEY_N_CUES, 0);
  g_return_val_if_fail (rate > 0, 0);

  tones = galley_cue_get_tones (cue, &n_tones);
  for (guint i = 0; i < n_tones; i++)
    n += ms_to_frames (tones[i].duration_ms, rate) + ms_to_frames (tones[i].gap_ms, rate);

  return n;
}

/**
 * galley_cue_render:
 * @cue: a cue
 * @rate: samples per second (the stream's rate)
 * @volume: 0 (silence) to 1 (#GALLEY_CUE_PEAK), a linear factor on the samples
 * @n_frames: (out): the number of frames returned
 *
 * Synthesises the cue: each tone is a sine that starts at phase 0 and fades in and out over
 * #GALLEY_CUE_RAMP_MS with a raised cosine, so no tone starts or stops with a click.
 *
 * Returns: (transfer full) (array length=n_frames): mono float samples; g_free() them
 */
float *
galley_cue_render (GalleyCue  cue,
                   guint      rate,
                   double     volume,
                   gsize     *n_frames)
{
  const GalleyCueTone *tones;
  guint n_tones;
  gsize total, pos = 0;
  float *samples;
  double amplitude;

  g_return_val_if_fail (cue < GALLEY_N_CUES, NULL);
  g_return_val_if_fail (rate >= 8000, NULL);
  g_return_val_if_fail (n_frames != NULL, NULL);

  amplitude = GALLEY_CUE_PEAK * CLAMP (volume, 0.0, 1.0);
  tones = galley_cue_get_tones (cue, &n_tones);
  total = galley_cue_get_n_frames (cue, rate);
  samples = g_new0 (float, MAX (total, 1));

  for (guint t = 0; t < n_tones; t++)
    {
      gsize len = ms_to_frames (tones[t].duration_ms, rate);
      gsize ramp = MIN (ms_to_frames (GALLEY_CUE_RAMP_MS, rate), len / 2);
      double step = 2.0 * G_PI * tones[t].freq_hz / rate;

      for (gsize i = 0; i < len; i++)
        {
          double env = 1.0;

          if (i < ramp)
            env = 0.5 - 0.5 * cos (G_PI * (double) i / (double) ramp);
          else if (i >= len - ramp)
            env = 0.5 - 0.5 * cos (G_PI * (double) (len - 1 - i) / (double) ramp);

          samples[pos + i] = (float) (amplitude * env * sin (step * (double) i));
        }
      pos += len + ms_to_frames (tones[t].gap_ms, rate);
    }
  g_assert (pos == total);

  *n_frames = total;

  return samples;
}
