/* galley-voice-panel.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cart/galley-cart.h"
#include "core/galley-services.h"

G_BEGIN_DECLS

/* How the panel hears the cashier (GSettings "voice-engine"). */
typedef enum
{
  GALLEY_VOICE_MODE_NONE,       /* not started yet */
  GALLEY_VOICE_MODE_ONLINE,     /* the Realtime session */
  GALLEY_VOICE_MODE_OFFLINE,    /* the local recogniser */
} GalleyVoiceMode;

/* The talk key held this long talks while held; a shorter tap toggles. */
#define GALLEY_VOICE_PANEL_HOLD_MS 400

#define GALLEY_TYPE_VOICE_PANEL (galley_voice_panel_get_type ())
G_DECLARE_FINAL_TYPE (GalleyVoicePanel, galley_voice_panel, GALLEY, VOICE_PANEL, GtkWidget)

GtkWidget       *galley_voice_panel_new            (GalleyServices   *services,
                                                    GalleyCart       *cart);
void             galley_voice_panel_set_cart       (GalleyVoicePanel *self,
                                                    GalleyCart       *cart);
void             galley_voice_panel_new_order      (GalleyVoicePanel *self);
GalleyVoiceMode  galley_voice_panel_get_mode       (GalleyVoicePanel *self);
gboolean         galley_voice_panel_get_talking    (GalleyVoicePanel *self);
const char      *galley_voice_panel_get_status     (GalleyVoicePanel *self);
const char      *galley_voice_panel_get_problem    (GalleyVoicePanel *self);
void             galley_voice_panel_start_talking  (GalleyVoicePanel *self);
void             galley_voice_panel_stop_talking   (GalleyVoicePanel *self);
void             galley_voice_panel_toggle_talking (GalleyVoicePanel *self);
void             galley_voice_panel_talk_key       (GalleyVoicePanel *self,
                                                    gboolean          pressed);
gboolean         galley_voice_panel_get_hands_free (GalleyVoicePanel *self);
guint            galley_voice_panel_get_n_transcript_rows (GalleyVoicePanel *self);

/* tests */
guint            galley_voice_panel_get_n_utterances (GalleyVoicePanel *self);
void             galley_voice_panel_set_realtime_url (GalleyVoicePanel *self,
                                                      const char       *url);
void             galley_voice_panel_set_offline_model_dir (GalleyVoicePanel *self,
                                                      const char       *model_dir);

G_END_DECLS
