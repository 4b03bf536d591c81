/* galley-sign-in-dialog-station.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sign-in dialog's Station page (order protocol §4.2 station login). Station tokens do
 * not pass REST or WebSocket auth, so a station token cannot run the kitchen; what a
 * restaurant needs is a screen set up for a station on which cooks sign in with their PIN. A
 * signed-in manager names the station, the server confirms that a manager asks
 * (POST /auth/station-login), and Galley keeps only the station's type and name in the
 * settings: the token in the reply is dropped at once, never stored or logged. The manager is
 * signed out and the dialog goes back to the PIN page, saying so.
 */
#define G_LOG_DOMAIN "galley-sign-in-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "app/galley-sign-in-dialog-private.h"
#include "util/galley-json.h"

/* the station types of POST /auth/station-login, in the order of the drop-down */
static const char * const station_types[] = { "kitchen", "expo", "bar", "prep" };

/* "Grill 2" -> "grill-2": the form the kitchen's station setting uses */
static char *
station_slug (const char *name)
{
  g_autofree char *down = g_utf8_strdown (name, -1);
  GString *slug = g_string_new (NULL);

  for (const char *p = down; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (slug, c);
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);

  return g_string_free (slug, FALSE);
}

/* Kitchen, bar and prep screens show their station's lines; an expo screen opens on Expo. */
static void
apply_station (GalleySignInDialog *self,
               const char         *type,
               const char         *name)
{
  GSettings *settings = galley_services_get_settings (self->services);
  g_autofree char *slug = station_slug (name);

  if (g_strcmp0 (type, "expo") == 0 || *slug == '\0')
    {
      g_settings_set_string (settings, "station", "all");
      g_settings_set_string (settings, "last-view", g_strcmp0 (type, "expo") == 0 ? "expo"
                                                                                  : "kitchen");
      return;
    }

  {
    g_auto(GStrv) stations = g_settings_get_strv (settings, "stations");

    if (!g_strv_contains ((const char * const *) stations, slug))
      {
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
        g_auto(GStrv) longer = NULL;

        g_strv_builder_addv (builder, (const char **) stations);
        g_strv_builder_add (builder, slug);
        longer = g_strv_builder_end (builder);
        g_settings_set_strv (settings, "stations", (const char * const *) longer);
      }
  }
  g_settings_set_string (settings, "station", slug);
  g_settings_set_string (settings, "last-view", "kitchen");
}

static char *
station_error_message (const GError *error)
{
  if (g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_FORBIDDEN) ||
      g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_SIGNED_IN))
    return g_strdup (_("Only a manager can set up a station. Sign in as a manager with PIN or "
                       "Email, then try again."));
  if (g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NETWORK) ||
      g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_TIMEOUT))
    return g_strdup (_("The restaurant server cannot be reached. Check the network and try "
                       "again."));

  /* Translators: %s is the server's reason, as it gave it */
  return g_strdup_printf (_("The server did not set up the station: %s"), error->message);
}

static void
station_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  GalleySignInDialog *self;
  const char *type = NULL, *name = NULL;
  g_autofree char *notice = NULL;

  reply = galley_rest_client_station_login_finish (GALLEY_REST_CLIENT (source), result, &error);
  if (reply == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the dialog is gone */

  self = GALLEY_SIGN_IN_DIALOG (user_data);
  _galley_sign_in_dialog_set_busy (self, FALSE);

  if (reply == NULL)
    {
      g_autofree char *message = station_error_message (error);

      g_message ("Station setup refused: %s", error->message);
      _galley_sign_in_dialog_set_error (self, message);
      return;
    }

  /* the station token in @reply is not kept anywhere: it cannot run the kitchen (§4.2) */
  if (!galley_json_get_string (reply, "stationType", &type) ||
      !galley_json_get_string (reply, "stationName", &name))
    {
      _galley_sign_in_dialog_set_error (self, _("The server's answer was not understood. Try again."));
      return;
    }

  apply_station (self, type, name);
  g_message ("This screen is now the %s station \"%s\"", type, name);
  galley_services_sign_out (self->services);

  /* Translators: %s is the station's name, as the manager typed it */
  notice = g_strdup_printf (_("This screen is now the %s station. Cooks sign in here with "
                              "their own PIN."), name);
  gtk_label_set_text (self->notice_label, notice);
  gtk_editable_set_text (self->station_name_entry, "");
  gtk_stack_set_visible_child_name (self->method_stack, "pin");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), TRUE);
}

void
_galley_sign_in_dialog_station_clicked (GalleySignInDialog *self)
{
  g_autofree char *name = NULL;
  guint type;

  if (!_galley_sign_in_dialog_station_page (self) || !_galley_sign_in_dialog_station_valid (self) || self->services == NULL ||
      gtk_widget_get_visible (GTK_WIDGET (self->spinner)))
    return;

  /* nobody signed in: said here; any signed-in role is left to the server, which checks
   * that a manager asks (a cook is refused in station_done_cb) */
  if (galley_services_get_signed_in_role (self->services) == NULL)
    {
      _galley_sign_in_dialog_set_error (self, _("Sign in as a manager first (PIN or Email), then come back to this "
                         "page."));
      return;
    }

  type = gtk_drop_down_get_selected (self->station_type_dropdown);
  if (type >= G_N_ELEMENTS (station_types))
    type = 0;
  name = g_strstrip (g_strdup (gtk_editable_get_text (self->station_name_entry)));

  _galley_sign_in_dialog_set_error (self, NULL);
  _galley_sign_in_dialog_set_busy (self, TRUE);
  galley_rest_client_station_login_async (galley_services_get_rest (self->services),
                                          station_types[type], name, self->cancellable,
                                          station_done_cb, self);
}

