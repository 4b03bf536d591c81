/* galley-voice-panel-handsfree.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyVoicePanel's hands-free mode (GSettings "voice-hands-free"): the talk button opens
 * the microphone until it is pressed again, and pauses end what was said.
 *
 *   online:  the Realtime session runs with server VAD (push-to-talk off): the server commits
 *            and answers; the mode can change mid-session (a new session.update is sent).
 *   offline: GalleyVoiceActivity (energy, 700 ms hangover, 200 ms minimum) decides where an
 *            utterance starts and ends; the 400 ms before a start are kept and fed too, so
 *            the first word is not cut. Each utterance is decoded like a push-to-talk one
 *            and proposes lines to confirm; speech while one is decoded is not heard.
 */
#define G_LOG_DOMAIN "galley-voice-panel"

#include <glib/gi18n.h>

#include "voice/galley-voice-panel-private.h"

#define PREROLL_MS 400

enum {
  ACTIVITY_STARTED,
  ACTIVITY_STOPPED,
};

static gsize
preroll_max_bytes (GalleyVoicePanel *self)
{
  return galley_voice_activity_get_rate (self->activity) * PREROLL_MS / 1000 * sizeof (gint16);
}

static void
speech_started_cb (GalleyVoiceActivity *activity,
                   GalleyVoicePanel    *self)
{
  if (self->recognising || self->recogniser == NULL)
    {
      g_debug ("Speech while the last sentence is decoded: not heard");
      return;
    }

  self->in_utterance = TRUE;
  galley_offline_recogniser_start_utterance (self->recogniser);
  galley_offline_recogniser_feed (self->recogniser, (const gint16 *) self->preroll->data,
                                  self->preroll->len / sizeof (gint16));
  g_byte_array_set_size (self->preroll, 0);
  _galley_voice_panel_set_status (self, _("Hearing you…"));
}

static void
speech_stopped_cb (GalleyVoiceActivity *activity,
                   GalleyVoicePanel    *self)
{
  if (!self->in_utterance)
    return;

  self->in_utterance = FALSE;
  self->n_utterances++;
  _galley_voice_panel_engine_recognise (self);
}

static void
hands_free_changed_cb (GalleyVoicePanel *self)
{
  GSettings *settings = galley_services_get_settings (self->services);
  gboolean hands_free = g_settings_get_boolean (settings, "voice-hands-free");

  if (hands_free == self->hands_free)
    return;

  /* what was said in the old mode is sent (push-to-talk) or heard to its end (offline) */
  if (self->talking)
    galley_voice_panel_stop_talking (self);

  self->hands_free = hands_free;
  if (self->session != NULL)
    galley_realtime_session_set_push_to_talk (self->session, !hands_free);

  _galley_voice_panel_update_talk_label (self);
  _galley_voice_panel_set_status (self, hands_free
                                        ? _("Hands-free: press the button once, then speak.")
                                        : _("Voice is ready. Hold the button and speak."));
  _galley_voice_panel_notify_hands_free (self);
}

/* Called once the template is built and the services are known. */
void
_galley_voice_panel_handsfree_init (GalleyVoicePanel *self)
{
  GSettings *settings = galley_services_get_settings (self->services);

  self->hands_free = g_settings_get_boolean (settings, "voice-hands-free");
  g_settings_bind (settings, "voice-hands-free", self->hands_free_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  self->hands_free_id = g_signal_connect_object (settings, "changed::voice-hands-free",
                                                 G_CALLBACK (hands_free_changed_cb), self,
                                                 G_CONNECT_SWAPPED);
  _galley_voice_panel_update_talk_label (self);
  if (self->hands_free)
    _galley_voice_panel_set_status (self, _("Hands-free: press the button once, then speak."));
}

/* Offline: the microphone just opened. */
void
_galley_voice_panel_handsfree_start (GalleyVoicePanel *self)
{
  if (self->activity == NULL)
    {
      self->activity = galley_voice_activity_new (GALLEY_OFFLINE_SAMPLE_RATE);
      self->activity_ids[ACTIVITY_STARTED] =
        g_signal_connect (self->activity, "speech-started", G_CALLBACK (speech_started_cb), self);
      self->activity_ids[ACTIVITY_STOPPED] =
        g_signal_connect (self->activity, "speech-stopped", G_CALLBACK (speech_stopped_cb), self);
      self->preroll = g_byte_array_new ();
    }

  galley_voice_activity_reset (self->activity);
  g_byte_array_set_size (self->preroll, 0);
  self->in_utterance = FALSE;
}

/* Offline: a microphone chunk. */
void
_galley_voice_panel_handsfree_feed (GalleyVoicePanel *self,
                                    const gint16     *samples,
                                    gsize             n_samples)
{
  if (self->activity == NULL)
    return;

  /* the chunk goes where it belongs before the detector decides on it */
  if (self->in_utterance)
    galley_offline_recogniser_feed (self->recogniser, samples, n_samples);
  else
    {
      gsize max = preroll_max_bytes (self);

      g_byte_array_append (self->preroll, (const guint8 *) samples, n_samples * sizeof (gint16));
      if (self->preroll->len > max)
        g_byte_array_remove_range (self->preroll, 0, self->preroll->len - max);
    }

  galley_voice_activity_feed (self->activity, samples, n_samples);
}

/* Offline: the microphone closed; a sentence under way is decoded. */
void
_galley_voice_panel_handsfree_stop (GalleyVoicePanel *self)
{
  gboolean was_speaking = self->in_utterance;

  if (self->activity != NULL)
    galley_voice_activity_reset (self->activity);
  if (self->preroll != NULL)
    g_byte_array_set_size (self->preroll, 0);
  self->in_utterance = FALSE;

  if (was_speaking)
    {
      self->n_utterances++;
      _galley_voice_panel_engine_recognise (self);
    }
  else if (!self->recognising)
    _galley_voice_panel_set_status (self, _("Hands-free: press the button once, then speak."));
}

void
_galley_voice_panel_handsfree_dispose (GalleyVoicePanel *self)
{
  if (self->activity != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (self->activity_ids); i++)
        g_clear_signal_handler (&self->activity_ids[i], self->activity);
    }
  g_clear_object (&self->activity);
  g_clear_pointer (&self->preroll, g_byte_array_unref);
  if (self->services != NULL)
    g_clear_signal_handler (&self->hands_free_id, galley_services_get_settings (self->services));
}
