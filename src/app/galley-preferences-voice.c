/* galley-preferences-voice.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Voice page of the preferences: the voice engine (automatic, online only, this
 * terminal only), the microphone, the speaker (kitchen sounds and voice replies; it changes
 * at the next sound, without restart), and the OpenAI API key, which goes straight to the
 * system keyring (GalleyVoiceCredentials) and is never shown, logged or kept in the
 * settings. Each change takes effect at the next talk press.
 */
#define G_LOG_DOMAIN "galley-preferences"

#include <glib/gi18n.h>

#include "app/galley-preferences-window-private.h"
#include "voice/galley-voice-credentials.h"

static const char * const engines[] = { "automatic", "realtime", "offline" };

static void
load_engine (GalleyPreferencesWindow *self)
{
  g_autofree char *engine = g_settings_get_string (self->settings, "voice-engine");

  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    if (g_str_equal (engine, engines[i]))
      adw_combo_row_set_selected (self->voice_engine_row, i);
}

static void
engine_selected_cb (GalleyPreferencesWindow *self)
{
  guint i = adw_combo_row_get_selected (self->voice_engine_row);

  if (self->loading > 0 || i >= G_N_ELEMENTS (engines))
    return;

  g_settings_set_string (self->settings, "voice-engine", engines[i]);
}

static void
microphone_apply_cb (GalleyPreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (
                                        GTK_EDITABLE (self->microphone_row))));

  g_settings_set_string (self->settings, "microphone", text);
  _galley_preferences_window_show_toast (self, *text != '\0'
                                               ? _("Voice uses this microphone from the next press.")
                                               : _("Voice uses the default microphone."));
}

static void
speaker_apply_cb (GalleyPreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (
                                        GTK_EDITABLE (self->speaker_row))));

  g_settings_set_string (self->settings, "speaker", text);
  _galley_preferences_window_show_toast (self, *text != '\0'
                                               ? _("Sounds and voice replies use this speaker from the next sound.")
                                               : _("Sounds and voice replies use the default speaker."));
}

static GalleyVoiceCredentials *
credentials (GalleyPreferencesWindow *self)
{
  if (self->credentials == NULL)
    self->credentials = galley_voice_credentials_new (NULL);

  return self->credentials;
}

static void
key_stored_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GalleyPreferencesWindow *self;

  if (!galley_voice_credentials_store_api_key_finish (GALLEY_VOICE_CREDENTIALS (source), result,
                                                      &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the window is gone */

  self = GALLEY_PREFERENCES_WINDOW (user_data);
  if (error != NULL)
    {
      g_message ("The API key was not stored: %s", error->message);
      _galley_preferences_window_show_toast (self, error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->api_key_row), "");
  _galley_preferences_window_show_toast (self, _("The API key is stored in the keyring."));
}

static void
api_key_apply_cb (GalleyPreferencesWindow *self)
{
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (
                                       GTK_EDITABLE (self->api_key_row))));

  if (*key == '\0')
    {
      _galley_preferences_window_show_toast (self, _("Type or paste the key first."));
      return;
    }

  /* the callback holds no reference: dispose cancels, so it never runs late */
  galley_voice_credentials_store_api_key_async (credentials (self), key, self->cancellable,
                                                key_stored_cb, self);
}

static void
key_cleared_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GalleyPreferencesWindow *self;

  if (!galley_voice_credentials_clear_api_key_finish (GALLEY_VOICE_CREDENTIALS (source), result,
                                                      &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = GALLEY_PREFERENCES_WINDOW (user_data);
  _galley_preferences_window_show_toast (self, error != NULL ? error->message
                                                             : _("The stored API key was removed."));
}

static void
api_key_clear_cb (GalleyPreferencesWindow *self)
{
  galley_voice_credentials_clear_api_key_async (credentials (self), self->cancellable,
                                                key_cleared_cb, self);
}

void
_galley_preferences_window_class_voice_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, voice_engine_row);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, microphone_row);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, hands_free_switch);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, speaker_row);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, api_key_row);
  gtk_widget_class_bind_template_callback (widget_class, microphone_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, speaker_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, api_key_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, api_key_clear_cb);
}

void
_galley_preferences_window_voice_init (GalleyPreferencesWindow *self)
{
  g_autofree char *microphone = g_settings_get_string (self->settings, "microphone");
  g_autofree char *speaker = g_settings_get_string (self->settings, "speaker");

  self->cancellable = g_cancellable_new ();
  self->loading++;
  load_engine (self);
  gtk_editable_set_text (GTK_EDITABLE (self->microphone_row), microphone);
  gtk_editable_set_text (GTK_EDITABLE (self->speaker_row), speaker);
  self->loading--;
  g_settings_bind (self->settings, "voice-hands-free", self->hands_free_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_swapped (self->voice_engine_row, "notify::selected",
                            G_CALLBACK (engine_selected_cb), self);
}

/* A key changed elsewhere (another window, gsettings): the page follows. */
void
_galley_preferences_window_voice_changed (GalleyPreferencesWindow *self,
                                          const char              *key)
{
  if (g_strcmp0 (key, "voice-engine") == 0)
    {
      self->loading++;
      load_engine (self);
      self->loading--;
    }
  else if (g_strcmp0 (key, "microphone") == 0)
    {
      g_autofree char *microphone = g_settings_get_string (self->settings, "microphone");

      gtk_editable_set_text (GTK_EDITABLE (self->microphone_row), microphone);
    }
  else if (g_strcmp0 (key, "speaker") == 0)
    {
      g_autofree char *speaker = g_settings_get_string (self->settings, "speaker");

      gtk_editable_set_text (GTK_EDITABLE (self->speaker_row), speaker);
    }
}

void
_galley_preferences_window_voice_dispose (GalleyPreferencesWindow *self)
{
  /* a keyring call in flight: its callback sees G_IO_ERROR_CANCELLED */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->credentials);
}
