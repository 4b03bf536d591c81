/* galley-voice-panel-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by galley-voice-panel.c (the widget) and galley-voice-panel-engine.c (the
 * microphone, the speaker, the Realtime session and the local recogniser behind it).
 */
#pragma once

#include <adwaita.h>

#include "audio/galley-audio-capture.h"
#include "audio/galley-audio-playback.h"
#include "cart/galley-menu-matcher.h"
#include "voice/galley-offline-recogniser.h"
#include "voice/galley-realtime-session.h"
#include "voice/galley-voice-activity.h"
#include "voice/galley-voice-credentials.h"
#include "voice/galley-voice-panel.h"

G_BEGIN_DECLS

/* Transcript rows kept on screen. */
#define GALLEY_VOICE_PANEL_MAX_ROWS 40

struct _GalleyVoicePanel
{
  GtkWidget               parent_instance;

  /* template */
  GtkWidget              *root;
  GtkButton              *talk_button;
  GtkSwitch              *hands_free_switch;
  GtkLabel               *talk_label;
  GtkLabel               *status_label;
  GtkLevelBar            *level_bar;
  GtkButton              *stop_button;
  GtkRevealer            *problem_revealer;
  GtkLabel               *problem_label;
  GtkScrolledWindow      *transcript_scroll;
  GtkListBox             *transcript;

  GalleyServices         *services;
  GalleyCart             *cart;
  GCancellable           *cancellable;     /* the recogniser's work; cancelled in dispose */

  /* made at the first talk press (galley-voice-panel-engine.c) */
  GalleyVoiceCredentials *credentials;
  GalleyRealtimeSession  *session;
  GalleyAudioCapture     *capture;         /* 24 kHz online, 16 kHz offline */
  GalleyAudioPlayback    *playback;
  GalleyOfflineRecogniser *recogniser;
  GalleyMenuMatcher      *matcher;
  gulong                  chunk_id;        /* on capture */
  gulong                  level_id;
  gulong                  capture_problem_id;
  gulong                  playback_problem_id;
  gulong                  session_ids[6];  /* on session */
  char                   *playing_item;    /* the assistant item the speaker plays */
  gboolean                online_failed;   /* automatic mode: offline until the next press probes */
  gboolean                recognising;     /* offline: an utterance is being decoded */

  /* hands-free (GSettings "voice-hands-free"; galley-voice-panel-handsfree.c) */
  gboolean                hands_free;
  gulong                  hands_free_id;   /* changed::voice-hands-free on the settings */
  GalleyVoiceActivity    *activity;        /* offline: where an utterance starts and ends */
  gulong                  activity_ids[2];
  GByteArray             *preroll;         /* offline: the audio just before a start */
  gboolean                in_utterance;    /* offline: the recogniser is being fed */
  guint                   n_utterances;    /* offline: utterances ended by a pause */

  GalleyVoiceMode         mode;
  gboolean                talking;
  gboolean                pointer_talk;
  gboolean                key_down;        /* the talk key is held */
  gboolean                key_opened;      /* its press opened the microphone */
  gint64                  key_down_us;
  gint64                  pointer_end_us;
  char                   *status;
  char                   *problem;
  GHashTable             *transcript_rows; /* key → GtkLabel (owned by the list) */
  guint                   n_rows;
  guint                   offline_rows;

  char                   *realtime_url;    /* tests; NULL: the default */
  char                   *offline_model_dir; /* tests; NULL: the installed model */
};

/* galley-voice-panel.c: what the engine shows */
void _galley_voice_panel_set_status        (GalleyVoicePanel *self,
                                            const char       *status);
void _galley_voice_panel_set_problem       (GalleyVoicePanel *self,
                                            const char       *problem);
void _galley_voice_panel_set_mode          (GalleyVoicePanel *self,
                                            GalleyVoiceMode   mode);
void _galley_voice_panel_set_talking       (GalleyVoicePanel *self,
                                            gboolean          talking);
void _galley_voice_panel_show_stop         (GalleyVoicePanel *self,
                                            gboolean          shown);
void _galley_voice_panel_emit_review       (GalleyVoicePanel *self,
                                            const char       *action);
void _galley_voice_panel_add_transcript    (GalleyVoicePanel *self,
                                            gboolean          is_user,
                                            const char       *key,
                                            const char       *text,
                                            gboolean          final);
void _galley_voice_panel_clear_transcript  (GalleyVoicePanel *self);

/* galley-voice-panel-engine.c */
void _galley_voice_panel_engine_start       (GalleyVoicePanel *self);
void _galley_voice_panel_engine_stop        (GalleyVoicePanel *self);
void _galley_voice_panel_engine_cancel_reply (GalleyVoicePanel *self);
void _galley_voice_panel_engine_retry       (GalleyVoicePanel *self);
void _galley_voice_panel_engine_cart_changed (GalleyVoicePanel *self);
void _galley_voice_panel_engine_dispose     (GalleyVoicePanel *self);
void _galley_voice_panel_engine_recognise   (GalleyVoicePanel *self);

/* galley-voice-panel-talk.c */
void _galley_voice_panel_talk_init          (GalleyVoicePanel *self);

/* galley-voice-panel-handsfree.c */
void _galley_voice_panel_handsfree_init     (GalleyVoicePanel *self);
void _galley_voice_panel_handsfree_start    (GalleyVoicePanel *self);
void _galley_voice_panel_handsfree_feed     (GalleyVoicePanel *self,
                                             const gint16     *samples,
                                             gsize             n_samples);
void _galley_voice_panel_handsfree_stop     (GalleyVoicePanel *self);
void _galley_voice_panel_handsfree_dispose  (GalleyVoicePanel *self);
void _galley_voice_panel_update_talk_label  (GalleyVoicePanel *self);
void _galley_voice_panel_notify_hands_free  (GalleyVoicePanel *self);

G_END_DECLS
