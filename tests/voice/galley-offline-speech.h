/* galley-offline-speech.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The offline recogniser's accuracy set (issue 5), shared by tests/test-offline-voice.c and
 * bench/bench-offline.c: 40 orders over the demo menu, spoken by espeak-ng in two voices,
 * padded with silence, with or without pink noise mixed in by sox, at 16 kHz. Generated at
 * run time in a temporary directory (never committed as audio) and deterministic: espeak-ng
 * has no randomness and sox runs with -R (repeatable noise and dither).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *text;
  const char *order;   /* the {item id: quantity} multiset, sorted: "drink-cola:1 side-fries:2" */
} GalleyOfflineSpeechOrder;

typedef struct
{
  const char *name;      /* for reports: "en-us 160 wpm, noise -25 dB" */
  const char *voice;     /* espeak-ng -v */
  const char *speed;     /* espeak-ng -s, words a minute */
  int         noise_db;  /* pink noise level, dB below full scale; 0: none */
} GalleyOfflineSpeechVoice;

extern const GalleyOfflineSpeechOrder galley_offline_speech_orders[];
extern const guint                    galley_offline_speech_n_orders;
extern const GalleyOfflineSpeechVoice galley_offline_speech_voices[];
extern const guint                    galley_offline_speech_n_voices;

gboolean galley_offline_speech_tools_found (void);
/* @text in @voice at 16 kHz, mono, S16 in this machine's order; 0.4 s of silence before and
 * 0.5 s after the speech (what push-to-talk captures around it). */
GArray  *galley_offline_speech_synthesise  (const char                     *text,
                                            const GalleyOfflineSpeechVoice *voice,
                                            GError                        **error);
/* The key of proposals (GalleyOfflineProposal*), as in GalleyOfflineSpeechOrder.order;
 * a line whose item is not sure counts as "?". */
char    *galley_offline_speech_order_key   (GPtrArray                      *proposals);

G_END_DECLS
