/* galley-cue.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * GalleyCue:
 * @GALLEY_CUE_NEW: an order arrived (two rising beeps)
 * @GALLEY_CUE_CHANGED: an order was edited (two equal beeps)
 * @GALLEY_CUE_VOIDED: a line or an order was cancelled (a falling pair)
 * @GALLEY_CUE_RUSH: a rush order (a fast triple)
 * @GALLEY_CUE_ALLERGY: an order with an allergy note (three long, high beeps)
 * @GALLEY_CUE_READY: expo: an order is ready (a rising three-note chime)
 * @GALLEY_CUE_TEST: the "Test sound" button of Preferences (one steady tone)
 *
 * The kitchen's sound cues. Each is a distinct pattern of sine tones generated in code.
 */
typedef enum
{
  GALLEY_CUE_NEW,
  GALLEY_CUE_CHANGED,
  GALLEY_CUE_VOIDED,
  GALLEY_CUE_RUSH,
  GALLEY_CUE_ALLERGY,
  GALLEY_CUE_READY,
  GALLEY_CUE_TEST,
} GalleyCue;

#define GALLEY_N_CUES (GALLEY_CUE_TEST + 1)

/**
 * GalleyCueTone:
 * @freq_hz: the tone's pitch
 * @duration_ms: how long it sounds, ramps included
 * @gap_ms: silence after it
 *
 * One beep of a cue's pattern.
 */
typedef struct
{
  guint16 freq_hz;
  guint16 duration_ms;
  guint16 gap_ms;
} GalleyCueTone;

/* Peak amplitude of a cue at volume 1.0 (full scale is 1.0): headroom for the resampler. */
#define GALLEY_CUE_PEAK 0.7
/* Length of the raised-cosine attack and release of every tone: no clicks. */
#define GALLEY_CUE_RAMP_MS 5

#define GALLEY_TYPE_CUE (galley_cue_get_type ())
GType                galley_cue_get_type     (void);

const char          *galley_cue_get_name     (GalleyCue  cue);
const GalleyCueTone *galley_cue_get_tones    (GalleyCue  cue,
                                              guint     *n_tones);
gsize                galley_cue_get_n_frames (GalleyCue  cue,
                                              guint      rate);
float               *galley_cue_render       (GalleyCue  cue,
                                              guint      rate,
                                              double     volume,
                                              gsize     *n_frames);

G_END_DECLS
