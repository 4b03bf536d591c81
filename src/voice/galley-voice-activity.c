/* galley-voice-activity.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Energy voice activity detection with a hangover, for hands-free offline voice (the online
 * engine leaves turn detection to the server's VAD). See galley-voice-activity.h.
 */
#define G_LOG_DOMAIN "galley-voice-activity"

#include <math.h>

#include "voice/galley-voice-activity.h"

struct _GalleyVoiceActivity
{
  GObject  parent_instance;

  guint    rate;
  guint    frame_samples;
  double   threshold;
  guint    min_speech_frames;
  guint    hangover_frames;

  /* the frame being filled */
  double   sum_squares;
  guint    filled;

  gboolean speaking;
  guint    voiced_run;        /* voiced frames in a row (before the start) */
  guint    silent_run;        /* unvoiced frames in a row (while speaking) */
  guint    utterance_frames;  /* from the first voiced frame to the last */
};

G_DEFINE_FINAL_TYPE (GalleyVoiceActivity, galley_voice_activity, G_TYPE_OBJECT)

enum {
  SIGNAL_SPEECH_STARTED,
  SIGNAL_SPEECH_STOPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
frames_for_ms (guint ms)
{
  return MAX (1u, (ms + GALLEY_VOICE_ACTIVITY_FRAME_MS - 1) / GALLEY_VOICE_ACTIVITY_FRAME_MS);
}

static void
end_frame (GalleyVoiceActivity *self)
{
  double rms = sqrt (self->sum_squares / self->filled) / 32768.0;
  gboolean voiced = rms >= self->threshold;

  self->sum_squares = 0;
  self->filled = 0;

  if (!self->speaking)
    {
      self->voiced_run = voiced ? self->voiced_run + 1 : 0;
      if (self->voiced_run >= self->min_speech_frames)
        {
          self->speaking = TRUE;
          self->silent_run = 0;
          self->utterance_frames = self->voiced_run;
          self->voiced_run = 0;
          g_debug ("Speech started");
          g_signal_emit (self, signals[SIGNAL_SPEECH_STARTED], 0);
        }
      return;
    }

  if (voiced)
    {
      self->utterance_frames += self->silent_run + 1;
      self->silent_run = 0;
      return;
    }

  if (++self->silent_run >= self->hangover_frames)
    {
      self->speaking = FALSE;
      self->silent_run = 0;
      g_debug ("Speech stopped after %u ms", galley_voice_activity_get_utterance_ms (self));
      g_signal_emit (self, signals[SIGNAL_SPEECH_STOPPED], 0);
    }
}

static void
galley_voice_activity_class_init (GalleyVoiceActivityClass *klass)
{
  /**
   * GalleyVoiceActivity::speech-started:
   *
   * min-speech-ms of voiced frames in a row were fed: an utterance began.
   */
  signals[SIGNAL_SPEECH_STARTED] = g_signal_new ("speech-started", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 0);
  /**
   * GalleyVoiceActivity::speech-stopped:
   *
   * hangover-ms of silence followed the utterance: it ended.
   */
  signals[SIGNAL_SPEECH_STOPPED] = g_signal_new ("speech-stopped", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 0);
}

static void
galley_voice_activity_init (GalleyVoiceActivity *self)
{
  self->threshold = GALLEY_VOICE_ACTIVITY_THRESHOLD;
  self->min_speech_frames = frames_for_ms (GALLEY_VOICE_ACTIVITY_MIN_SPEECH_MS);
  self->hangover_frames = frames_for_ms (GALLEY_VOICE_ACTIVITY_HANGOVER_MS);
}

/**
 * galley_voice_activity_new:
 * @rate: samples per second of what will be fed (8000 to 48000)
 */
GalleyVoiceActivity *
galley_voice_activity_new (guint rate)
{
  GalleyVoiceActivity *self;

  g_return_val_if_fail (rate >= 8000 && rate <= 48000, NULL);

  self = g_object_new (GALLEY_TYPE_VOICE_ACTIVITY, NULL);
  self->rate = rate;
  self->frame_samples = rate * GALLEY_VOICE_ACTIVITY_FRAME_MS / 1000;

  return self;
}

guint
galley_voice_activity_get_rate (GalleyVoiceActivity *self)
{
  g_return_val_if_fail (GALLEY_IS_VOICE_ACTIVITY (self), 0);

  return self->rate;
}

void
galley_voice_activity_set_threshold (GalleyVoiceActivity *self,
                                     double               threshold)
{
  g_return_if_fail (GALLEY_IS_VOICE_ACTIVITY (self));
  g_return_if_fail (threshold > 0.0 && threshold < 1.0);

  self->threshold = threshold;
}

void
galley_voice_activity_set_min_speech_ms (GalleyVoiceActivity *self,
                                         guint                ms)
{
  g_return_if_fail (GALLEY_IS_VOICE_ACTIVITY (self));

  self->min_speech_frames = frames_for_ms (ms);
}

void
galley_voice_activity_set_hangover_ms (GalleyVoiceActivity *self,
                                       guint                ms)
{
  g_return_if_fail (GALLEY_IS_VOICE_ACTIVITY (self));

  self->hangover_frames = frames_for_ms (ms);
}

gboolean
galley_voice_activity_get_speaking (GalleyVoiceActivity *self)
{
  g_return_val_if_fail (GALLEY_IS_VOICE_ACTIVITY (self), FALSE);

  return self->speaking;
}

guint
galley_voice_activity_get_utterance_ms (GalleyVoiceActivity *self)
{
  g_return_val_if_fail (GALLEY_IS_VOICE_ACTIVITY (self), 0);

  return self->utterance_frames * GALLEY_VOICE_ACTIVITY_FRAME_MS;
}

/**
 * galley_voice_activity_feed:
 * @pcm: (array length=n_samples): mono samples at the rate given to new
 *
 * Any count per call; the signals are emitted from inside, at the frame that decides them.
 */
void
galley_voice_activity_feed (GalleyVoiceActivity *self,
                            const gint16        *pcm,
                            gsize                n_samples)
{
  g_return_if_fail (GALLEY_IS_VOICE_ACTIVITY (self));
  g_return_if_fail (pcm != NULL || n_samples == 0);

  g_object_ref (self);   /* a handler may drop the owner's reference */
  for (gsize i = 0; i < n_samples; i++)
    {
      double sample = pcm[i];

      self->sum_squares += sample * sample;
      if (++self->filled == self->frame_samples)
        end_frame (self);
    }
  g_object_unref (self);
}

/* Forgets everything heard: an utterance under way ends without "speech-stopped". */
void
galley_voice_activity_reset (GalleyVoiceActivity *self)
{
  g_return_if_fail (GALLEY_IS_VOICE_ACTIVITY (self));

  self->sum_squares = 0;
  self->filled = 0;
  self->speaking = FALSE;
  self->voiced_run = 0;
  self->silent_run = 0;
  self->utterance_frames = 0;
}
