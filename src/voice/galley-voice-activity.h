/* galley-voice-activity.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A small energy detector for hands-free offline voice: 20 ms frames, an utterance starts
 * after min-speech-ms of frames above the threshold and ends after hangover-ms of frames
 * below it. No timers: it only counts the samples it is fed, so it is exact in tests.
 *
 * "speech-started" is emitted once the onset is long enough (the caller keeps a little
 * audio from before it); "speech-stopped" once the hangover has passed. Every start has
 * exactly one stop (galley_voice_activity_reset() ends an utterance without one). */

#define GALLEY_VOICE_ACTIVITY_FRAME_MS        20
#define GALLEY_VOICE_ACTIVITY_THRESHOLD       0.02    /* RMS of full scale, about -34 dBFS */
#define GALLEY_VOICE_ACTIVITY_MIN_SPEECH_MS   200
#define GALLEY_VOICE_ACTIVITY_HANGOVER_MS     700

#define GALLEY_TYPE_VOICE_ACTIVITY (galley_voice_activity_get_type ())
G_DECLARE_FINAL_TYPE (GalleyVoiceActivity, galley_voice_activity, GALLEY, VOICE_ACTIVITY, GObject)

GalleyVoiceActivity *galley_voice_activity_new               (guint                rate);
guint                galley_voice_activity_get_rate          (GalleyVoiceActivity *self);
void                 galley_voice_activity_set_threshold     (GalleyVoiceActivity *self,
                                                              double               threshold);
void                 galley_voice_activity_set_min_speech_ms (GalleyVoiceActivity *self,
                                                              guint                ms);
void                 galley_voice_activity_set_hangover_ms   (GalleyVoiceActivity *self,
                                                              guint                ms);
gboolean             galley_voice_activity_get_speaking      (GalleyVoiceActivity *self);
/* Length of the current (or last) utterance, from its first voiced frame to its last. */
guint                galley_voice_activity_get_utterance_ms  (GalleyVoiceActivity *self);
void                 galley_voice_activity_feed              (GalleyVoiceActivity *self,
                                                              const gint16        *pcm,
                                                              gsize                n_samples);
void                 galley_voice_activity_reset             (GalleyVoiceActivity *self);

G_END_DECLS
