/* galley-voice-panel-engine.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What is behind GalleyVoicePanel's talk button:
 *
 *   online:  microphone 24 kHz ─chunk─▶ GalleyRealtimeSession ─audio-delta─▶ speaker
 *                                           │ function calls ─▶ the cart
 *                                           └ transcript, problem, review-requested ─▶ panel
 *   offline: microphone 16 kHz ─chunk─▶ GalleyOfflineRecogniser ─proposals─▶ the cart (unsure)
 *
 * With push-to-talk the microphone is open only while the button is held (V-1), so the
 * model never hears itself; hands-free (galley-voice-panel-handsfree.c) it stays open until
 * the button is pressed again. A press while a reply plays stops it, and the session truncates the reply at what
 * the speaker actually played (§4.5), which this file reports before every press.
 */
#define G_LOG_DOMAIN "galley-voice-panel"

#include <glib/gi18n.h>

#include "util/galley-weak.h"
#include "voice/galley-offline-proposal.h"
#include "voice/galley-voice-panel-private.h"

enum {
  SESSION_STATE,
  SESSION_AUDIO_DELTA,
  SESSION_AUDIO_STOP,
  SESSION_TRANSCRIPT,
  SESSION_REVIEW,
  SESSION_PROBLEM,
};

/* "automatic", "realtime" or "offline" */
static char *
dup_engine_setting (GalleyVoicePanel *self)
{
  return g_settings_get_string (galley_services_get_settings (self->services), "voice-engine");
}

static GalleyAudioEngine *
audio_engine (GalleyVoicePanel *self)
{
  return galley_services_get_audio_engine (self->services);
}

/* ------------------------------------------------------------------ microphone */

static void
chunk_cb (GalleyAudioCapture *capture,
          GBytes             *pcm,
          GalleyVoicePanel   *self)
{
  gsize size = 0;
  const gint16 *samples = g_bytes_get_data (pcm, &size);

  if (!self->talking)
    return;

  if (self->mode == GALLEY_VOICE_MODE_ONLINE && self->session != NULL)
    galley_realtime_session_append_audio (self->session, samples, size / sizeof (gint16));
  else if (self->mode == GALLEY_VOICE_MODE_OFFLINE && self->hands_free)
    _galley_voice_panel_handsfree_feed (self, samples, size / sizeof (gint16));
  else if (self->mode == GALLEY_VOICE_MODE_OFFLINE && self->recogniser != NULL)
    galley_offline_recogniser_feed (self->recogniser, samples, size / sizeof (gint16));
}

static void
level_cb (GalleyAudioCapture *capture,
          GParamSpec         *pspec,
          GalleyVoicePanel   *self)
{
  if (self->talking)
    gtk_level_bar_set_value (self->level_bar, galley_audio_capture_get_level (capture));
}

static void
capture_problem_cb (GalleyAudioCapture *capture,
                    const GError       *error,
                    GalleyVoicePanel   *self)
{
  /* the microphone went away mid-sentence: what was heard is still sent */
  g_message ("The microphone stopped: %s", error->message);
  _galley_voice_panel_set_problem (self, error->message);
  if (self->talking)
    galley_voice_panel_stop_talking (self);
}

static void
drop_capture (GalleyVoicePanel *self)
{
  if (self->capture == NULL)
    return;

  galley_audio_capture_stop (self->capture);
  g_clear_signal_handler (&self->chunk_id, self->capture);
  g_clear_signal_handler (&self->level_id, self->capture);
  g_clear_signal_handler (&self->capture_problem_id, self->capture);
  g_clear_object (&self->capture);
}

/* A capture stream at @rate (the two engines want different rates). */
static GalleyAudioCapture *
ensure_capture (GalleyVoicePanel *self,
                guint             rate)
{
  GSettings *settings = galley_services_get_settings (self->services);
  g_autofree char *target = g_settings_get_string (settings, "microphone");

  if (self->capture != NULL && galley_audio_capture_get_rate (self->capture) != rate)
    drop_capture (self);

  if (self->capture == NULL)
    {
      self->capture = galley_audio_capture_new (audio_engine (self), rate);
      self->chunk_id = g_signal_connect (self->capture, "chunk", G_CALLBACK (chunk_cb), self);
      self->level_id = g_signal_connect (self->capture, "notify::level", G_CALLBACK (level_cb),
                                         self);
      self->capture_problem_id = g_signal_connect (self->capture, "problem",
                                                   G_CALLBACK (capture_problem_cb), self);
    }
  galley_audio_capture_set_target (self->capture, *target != '\0' ? target : NULL);

  return self->capture;
}

/* ------------------------------------------------------------------ online */

static void
report_played (GalleyVoicePanel *self)
{
  if (self->session != NULL && self->playback != NULL && self->playing_item != NULL)
    galley_realtime_session_set_played_ms (self->session, self->playing_item,
                                           galley_audio_playback_get_played_ms (self->playback));
}

static void
state_cb (GalleyRealtimeSession *session,
          GParamSpec            *pspec,
          GalleyVoicePanel      *self)
{
  GalleyRealtimeState state = galley_realtime_session_get_state (session);
  g_autofree char *engine = dup_engine_setting (self);
  gboolean automatic = g_strcmp0 (engine, "automatic") == 0;

  _galley_voice_panel_show_stop (self, state == GALLEY_REALTIME_RESPONDING);
  if (state != GALLEY_REALTIME_RESPONDING && self->playback != NULL)
    galley_audio_playback_end_item (self->playback);   /* play the tail of the reply */

  switch (state)
    {
    case GALLEY_REALTIME_FETCHING_SECRET:
    case GALLEY_REALTIME_CONNECTING:
    case GALLEY_REALTIME_CONFIGURING:
      _galley_voice_panel_set_status (self, _("Connecting voice…"));
      break;

    case GALLEY_REALTIME_READY:
    case GALLEY_REALTIME_IDLE:
      self->online_failed = FALSE;
      if (self->hands_free && self->talking)
        _galley_voice_panel_set_status (self, _("Listening. Speak any time."));
      else if (self->hands_free)
        _galley_voice_panel_set_status (self, _("Hands-free: press the button once, then speak."));
      else
        _galley_voice_panel_set_status (self, _("Voice is ready. Hold the button and speak."));
      break;

    case GALLEY_REALTIME_LISTENING:
      _galley_voice_panel_set_status (self, _("Listening…"));
      break;

    case GALLEY_REALTIME_RESPONDING:
      _galley_voice_panel_set_status (self, _("Answering… Lines appear in the order as they are heard."));
      break;

    case GALLEY_REALTIME_RECONNECTING:
      _galley_voice_panel_set_status (self, _("Voice connection lost. Reconnecting…"));
      break;

    case GALLEY_REALTIME_OFFLINE:
    default:
      if (automatic)
        {
          self->online_failed = TRUE;
          _galley_voice_panel_set_status (self, _("Online voice is not available. Offline voice "
                                                  "is used: lines are proposed for you to confirm."));
        }
      else
        _galley_voice_panel_set_status (self, _("Online voice is not available. "
                                                "Enter the order by touch."));
      break;
    }
}

static void
audio_delta_cb (GalleyRealtimeSession *session,
                const char            *item_id,
                GBytes                *pcm,
                GalleyVoicePanel      *self)
{
  if (self->playback == NULL)
    return;

  if (g_strcmp0 (self->playing_item, item_id) != 0)
    {
      if (self->playing_item != NULL)
        galley_audio_playback_end_item (self->playback);
      g_free (self->playing_item);
      self->playing_item = g_strdup (item_id);
    }
  galley_audio_playback_write (self->playback, pcm);
  report_played (self);
}

static void
audio_stop_cb (GalleyRealtimeSession *session,
               GalleyVoicePanel      *self)
{
  if (self->playback != NULL)
    galley_audio_playback_flush (self->playback);
  g_clear_pointer (&self->playing_item, g_free);
}

static void
transcript_cb (GalleyRealtimeSession *session,
               gboolean               is_user,
               const char            *item_id,
               const char            *text,
               gboolean               final,
               GalleyVoicePanel      *self)
{
  _galley_voice_panel_add_transcript (self, is_user, item_id, text, final);
}

static void
review_cb (GalleyRealtimeSession *session,
           const char            *action,
           GalleyVoicePanel      *self)
{
  _galley_voice_panel_emit_review (self, action);
}

static void
session_problem_cb (GalleyRealtimeSession *session,
                    const char            *message,
                    GalleyVoicePanel      *self)
{
  _galley_voice_panel_set_problem (self, message);
}

static void
playback_problem_cb (GalleyAudioPlayback *playback,
                     const GError        *error,
                     GalleyVoicePanel    *self)
{
  /* replies are still shown as text; the cart still fills */
  g_message ("The speaker stopped: %s", error->message);
  _galley_voice_panel_set_problem (self, error->message);
}

static void
ensure_online (GalleyVoicePanel *self)
{
  GSettings *settings = galley_services_get_settings (self->services);
  g_autofree char *url = g_settings_get_string (settings, "realtime-url");

  if (self->session != NULL)
    return;

  self->credentials = galley_voice_credentials_new (galley_services_get_rest (self->services));
  self->session = galley_realtime_session_new (galley_services_get_net_session (self->services),
                                               self->credentials);
  galley_realtime_session_set_base_url (self->session,
                                        self->realtime_url != NULL ? self->realtime_url : url);
  galley_realtime_session_set_push_to_talk (self->session, !self->hands_free);
  galley_realtime_session_set_cart (self->session, self->cart);

  self->session_ids[SESSION_STATE] =
    g_signal_connect (self->session, "notify::state", G_CALLBACK (state_cb), self);
  self->session_ids[SESSION_AUDIO_DELTA] =
    g_signal_connect (self->session, "audio-delta", G_CALLBACK (audio_delta_cb), self);
  self->session_ids[SESSION_AUDIO_STOP] =
    g_signal_connect (self->session, "audio-stop", G_CALLBACK (audio_stop_cb), self);
  self->session_ids[SESSION_TRANSCRIPT] =
    g_signal_connect (self->session, "transcript", G_CALLBACK (transcript_cb), self);
  self->session_ids[SESSION_REVIEW] =
    g_signal_connect (self->session, "review-requested", G_CALLBACK (review_cb), self);
  self->session_ids[SESSION_PROBLEM] =
    g_signal_connect (self->session, "problem", G_CALLBACK (session_problem_cb), self);

  self->playback = galley_audio_playback_new (audio_engine (self), GALLEY_REALTIME_SAMPLE_RATE);
  self->playback_problem_id = g_signal_connect (self->playback, "problem",
                                                G_CALLBACK (playback_problem_cb), self);
  /* the speaker follows the preferences live (unbound before the playback goes) */
  g_settings_bind (galley_services_get_settings (self->services), "speaker", self->playback,
                   "target", G_SETTINGS_BIND_GET);
}

static void
start_online (GalleyVoicePanel *self)
{
  g_autoptr(GError) error = NULL;
  GalleyRealtimeState state;

  ensure_online (self);
  _galley_voice_panel_set_mode (self, GALLEY_VOICE_MODE_ONLINE);

  state = galley_realtime_session_get_state (self->session);
  if (state == GALLEY_REALTIME_IDLE || state == GALLEY_REALTIME_OFFLINE)
    galley_realtime_session_connect (self->session);   /* the next press probes again */

  report_played (self);
  galley_realtime_session_start_talking (self->session);

  if (!galley_audio_capture_start (ensure_capture (self, GALLEY_REALTIME_SAMPLE_RATE), &error))
    {
      g_message ("The microphone did not open: %s", error->message);
      galley_realtime_session_stop_talking (self->session);
      _galley_voice_panel_set_problem (self, error->message);
      return;
    }

  _galley_voice_panel_set_problem (self, NULL);
  _galley_voice_panel_set_talking (self, TRUE);
  if (self->hands_free &&
      galley_realtime_session_get_state (self->session) == GALLEY_REALTIME_READY)
    _galley_voice_panel_set_status (self, _("Listening. Speak any time."));
}

/* ------------------------------------------------------------------ offline */

static void
recognised_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GalleyWeak) weak = user_data;
  g_autoptr(GalleyVoicePanel) self = NULL;
  g_autoptr(GPtrArray) proposals = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *heard = NULL;
  g_autofree char *key = NULL;
  guint refused = 0;

  proposals = galley_offline_recogniser_end_utterance_finish (GALLEY_OFFLINE_RECOGNISER (source),
                                                              result, &heard, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = galley_weak_get (weak);
  if (self == NULL)
    return;

  self->recognising = FALSE;
  if (proposals == NULL)
    {
      g_warning ("Offline voice failed: %s", error->message);
      _galley_voice_panel_set_problem (self, error->message);
      _galley_voice_panel_set_status (self, self->hands_free
                                              ? _("Hands-free: press the button once, then speak.")
                                              : _("Offline voice is ready. Hold the button and speak."));
      return;
    }

  key = g_strdup_printf ("offline-%u", ++self->offline_rows);
  if (heard != NULL && *heard != '\0')
    _galley_voice_panel_add_transcript (self, TRUE, key, heard, TRUE);

  if (proposals->len == 0 || self->cart == NULL)
    {
      _galley_voice_panel_set_status (self, _("Nothing was recognised. Speak again, closer to "
                                              "the microphone, or use the menu."));
      return;
    }

  /* proposals only: every line waits for the cashier's tap (§8.5) */
  lines = galley_offline_proposals_apply (proposals, self->cart, self->matcher, &refused);
  if (refused > 0)
    _galley_voice_panel_set_problem (self, _("Some words matched nothing that can be ordered "
                                             "now. Check the menu."));
  _galley_voice_panel_set_status (self, _("Check the lines marked Confirm in the order."));
}

static gboolean
ensure_offline (GalleyVoicePanel *self)
{
  GalleyMenu *menu = galley_services_get_menu (self->services);
  const char *problem;

  if (self->recogniser == NULL)
    {
      self->recogniser = self->offline_model_dir != NULL
                           ? galley_offline_recogniser_new_for_model (menu, self->offline_model_dir)
                           : galley_offline_recogniser_new (menu);
      self->matcher = galley_menu_matcher_new (menu);
    }

  problem = galley_offline_recogniser_get_problem (self->recogniser);
  if (problem != NULL)
    {
      _galley_voice_panel_set_problem (self, problem);
      return FALSE;
    }

  return TRUE;
}

static void
start_offline (GalleyVoicePanel *self)
{
  g_autoptr(GError) error = NULL;

  _galley_voice_panel_set_mode (self, GALLEY_VOICE_MODE_OFFLINE);
  if (self->recognising)
    return;   /* the last sentence is still being worked out */
  if (!ensure_offline (self))
    return;

  if (self->hands_free)
    _galley_voice_panel_handsfree_start (self);
  else
    galley_offline_recogniser_start_utterance (self->recogniser);
  if (!galley_audio_capture_start (ensure_capture (self, GALLEY_OFFLINE_SAMPLE_RATE), &error))
    {
      g_message ("The microphone did not open: %s", error->message);
      _galley_voice_panel_set_problem (self, error->message);
      return;
    }

  _galley_voice_panel_set_problem (self, NULL);
  _galley_voice_panel_set_talking (self, TRUE);
  _galley_voice_panel_set_status (self, self->hands_free
                                          ? _("Listening (offline voice). Speak any time.")
                                          : _("Listening (offline voice)…"));
}

/* ------------------------------------------------------------------ for the panel */

void
_galley_voice_panel_engine_start (GalleyVoicePanel *self)
{
  g_autofree char *engine = dup_engine_setting (self);

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();

  if (g_strcmp0 (engine, "offline") == 0 ||
      (g_strcmp0 (engine, "automatic") == 0 && self->online_failed))
    start_offline (self);
  else
    start_online (self);
}

void
_galley_voice_panel_engine_stop (GalleyVoicePanel *self)
{
  if (self->capture != NULL)
    galley_audio_capture_stop (self->capture);
  _galley_voice_panel_set_talking (self, FALSE);

  if (self->mode == GALLEY_VOICE_MODE_ONLINE && self->session != NULL)
    {
      galley_realtime_session_stop_talking (self->session);   /* nothing hands-free */
      if (self->hands_free)
        _galley_voice_panel_set_status (self, _("Hands-free: press the button once, then speak."));
    }
  else if (self->mode == GALLEY_VOICE_MODE_OFFLINE && self->hands_free)
    _galley_voice_panel_handsfree_stop (self);
  else if (self->mode == GALLEY_VOICE_MODE_OFFLINE && self->recogniser != NULL)
    _galley_voice_panel_engine_recognise (self);
}

/* Offline: the utterance fed so far is decoded; its proposals go to the cart. */
void
_galley_voice_panel_engine_recognise (GalleyVoicePanel *self)
{
  self->recognising = TRUE;
  _galley_voice_panel_set_status (self, _("Working out what was said…"));
  galley_offline_recogniser_end_utterance_async (self->recogniser, self->cancellable,
                                                 recognised_cb, galley_weak_new (self));
}

void
_galley_voice_panel_engine_cancel_reply (GalleyVoicePanel *self)
{
  if (self->session == NULL)
    return;

  report_played (self);
  galley_realtime_session_cancel_response (self->session);
}

/* The problem's Retry: the sound service and the online link are tried again now. */
void
_galley_voice_panel_engine_retry (GalleyVoicePanel *self)
{
  galley_audio_engine_start (audio_engine (self));
  self->online_failed = FALSE;
  if (self->session != NULL &&
      galley_realtime_session_get_state (self->session) == GALLEY_REALTIME_OFFLINE)
    galley_realtime_session_connect (self->session);
}

void
_galley_voice_panel_engine_cart_changed (GalleyVoicePanel *self)
{
  if (self->session == NULL)
    return;

  /* a new order: the model forgets the last one's items (§1.7, order boundary) */
  galley_realtime_session_set_cart (self->session, self->cart);
  galley_realtime_session_start_new_order (self->session);
}

/* The fixed teardown order of spec/voice.md §7.5. */
void
_galley_voice_panel_engine_dispose (GalleyVoicePanel *self)
{
  /* 1. work in flight (the recogniser's decode) */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  /* 2. the microphone: nothing more goes out; then what listened to it */
  drop_capture (self);
  _galley_voice_panel_handsfree_dispose (self);

  /* 3. the session: handlers, then its socket (close 1000) */
  if (self->session != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (self->session_ids); i++)
        g_clear_signal_handler (&self->session_ids[i], self->session);
      galley_realtime_session_disconnect (self->session);
    }

  /* 4. the speaker: what is queued is dropped */
  if (self->playback != NULL)
    {
      g_clear_signal_handler (&self->playback_problem_id, self->playback);
      g_settings_unbind (self->playback, "target");
      galley_audio_playback_flush (self->playback);
    }

  /* 5. the objects */
  g_clear_object (&self->session);
  g_clear_object (&self->credentials);
  g_clear_object (&self->playback);
  g_clear_object (&self->recogniser);
  g_clear_object (&self->matcher);
  g_clear_pointer (&self->playing_item, g_free);
}
