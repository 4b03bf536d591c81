/* galley-validate.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Checks for what a person types into Galley's configuration (command line and
 * Preferences), with messages written for the person, not for a developer. A bad value is a
 * configuration error to fix, never something to retry (R-RECON-4).
 */
#define G_LOG_DOMAIN "galley-validate"

#include <glib/gi18n.h>
#include <string.h>

#include "util/galley-validate.h"

G_DEFINE_QUARK (galley-validate-error-quark, galley_validate_error)

gboolean
galley_is_uuid (const char *text)
{
  static const int groups[] = { 8, 4, 4, 4, 12 };
  const char *p = text;

  if (text == NULL || strlen (text) != 36)
    return FALSE;

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      for (int i = 0; i < groups[g]; i++, p++)
        if (!g_ascii_isxdigit (*p))
          return FALSE;
      if (g + 1 < G_N_ELEMENTS (groups) && *p++ != '-')
        return FALSE;
    }

  return *p == '\0';
}

/**
 * galley_validate_server_url:
 * @normalized: (out) (optional): the address without a trailing slash or /api/v1
 *
 * Accepts http:// and https:// addresses with a host.
 */
gboolean
galley_validate_server_url (const char  *text,
                            char       **normalized,
                            GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *trimmed = NULL;
  const char *scheme;
  gsize len;

  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, GALLEY_VALIDATE_ERROR, GALLEY_VALIDATE_ERROR_INVALID,
                   _("“%s” is not a server address. Use the form https://server.example:3001"),
                   trimmed);
      return FALSE;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, GALLEY_VALIDATE_ERROR, GALLEY_VALIDATE_ERROR_INVALID,
                   _("The server address must not contain a user name, “?” or “#”."));
      return FALSE;
    }

  len = strlen (trimmed);
  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';
  if (g_str_has_suffix (trimmed, "/api/v1"))
    trimmed[len - strlen ("/api/v1")] = '\0';

  if (normalized != NULL)
    *normalized = g_steal_pointer (&trimmed);

  return TRUE;
}

/**
 * galley_validate_restaurant_id:
 * @normalized: (out) (optional): the id in lower case, as the server compares it
 *
 * The restaurant is a UUID; a slug such as "grow" fails the server's auth (spec §1.2).
 */
gboolean
galley_validate_restaurant_id (const char  *text,
                               char       **normalized,
                               GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (!galley_is_uuid (trimmed))
    {
      g_set_error (error, GALLEY_VALIDATE_ERROR, GALLEY_VALIDATE_ERROR_INVALID,
                   _("“%s” is not a restaurant ID. It looks like "
                     "11111111-2222-3333-4444-555555555555; ask your manager for it."),
                   trimmed);
      return FALSE;
    }

  if (normalized != NULL)
    *normalized = g_ascii_strdown (trimmed, -1);

  return TRUE;
}

/**
 * galley_validate_station:
 * @normalized: (out) (optional): the name in lower case
 *
 * A station is a short name: letters, digits, spaces and dashes, up to 40 characters.
 */
gboolean
galley_validate_station (const char  *text,
                         char       **normalized,
                         GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  glong len = g_utf8_strlen (trimmed, -1);

  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalnum (c) && c != ' ' && c != '-' && c != '_')
        {
          len = -1;
          break;
        }
    }

  if (len < 1 || len > 40)
    {
      g_set_error (error, GALLEY_VALIDATE_ERROR, GALLEY_VALIDATE_ERROR_INVALID,
                   _("A station name has 1 to 40 letters, digits, spaces or dashes, "
                     "such as “grill” or “expo”."));
      return FALSE;
    }

  if (normalized != NULL)
    *normalized = g_utf8_strdown (trimmed, -1);

  return TRUE;
}

/**
 * galley_validate_station_list:
 * @text: station ids separated by commas, such as "grill, fry, cold, bar"
 * @normalized: (out) (optional) (array zero-terminated=1) (transfer full): the ids, in order
 *
 * The restaurant's prep stations: 1 to %GALLEY_STATIONS_MAX ids of letters, digits and dashes
 * (lowered), each also a valid station for galley_validate_station(), none twice, and neither
 * "all" (every station) nor "expo" (the expo screen), which are not prep stations. Empty items
 * ("grill,,fry" or a trailing comma) are skipped.
 */
gboolean
galley_validate_station_list (const char   *text,
                              char       ***normalized,
                              GError      **error)
{
  g_auto(GStrv) items = g_strsplit (text != NULL ? text : "", ",", -1);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *id = g_ascii_strdown (g_strstrip (items[i]), -1);
      gboolean valid = strlen (id) <= 40;

      if (*id == '\0')
        continue;

      for (const char *p = id; *p != '\0' && valid; p++)
        valid = g_ascii_isalnum (*p) || *p == '-';

      if (!valid || !galley_validate_station (id, NULL, NULL))
        {
          g_set_error (error, GALLEY_VALIDATE_ERROR, GALLEY_VALIDATE_ERROR_INVALID,
                       _("“%s” is not a station name. Use up to 40 letters, digits and dashes, "
                         "such as “grill” or “cold-line”."),
                       items[i]);
          return FALSE;
        }

      if (g_str_equal (id, "all") || g_str_equal (id, "expo"))
        {
          g_set_error (error, GALLEY_VALIDATE_ERROR, GALLEY_VALIDATE_ERROR_INVALID,
                       _("“%s” cannot be a station: “all” means every station and “expo” is "
                         "the expo screen. Choose another name."),
                       id);
          return FALSE;
        }

      for (guint j = 0; j < ids->len; j++)
        if (g_str_equal (g_ptr_array_index (ids, j), id))
          {
            g_set_error (error, GALLEY_VALIDATE_ERROR, GALLEY_VALIDATE_ERROR_INVALID,
                         _("“%s” is listed twice. List each station once."), id);
            return FALSE;
          }

      g_ptr_array_add (ids, g_steal_pointer (&id));
    }

  if (ids->len == 0)
    {
      g_set_error (error, GALLEY_VALIDATE_ERROR, GALLEY_VALIDATE_ERROR_INVALID,
                   _("List at least one station, such as “grill”. Separate stations with "
                     "commas."));
      return FALSE;
    }

  if (ids->len > GALLEY_STATIONS_MAX)
    {
      g_set_error (error, GALLEY_VALIDATE_ERROR, GALLEY_VALIDATE_ERROR_INVALID,
                   _("Galley handles up to %d stations; this list has %u. Combine or remove "
                     "some."),
                   GALLEY_STATIONS_MAX, ids->len);
      return FALSE;
    }

  if (normalized != NULL)
    {
      g_ptr_array_add (ids, NULL);
      *normalized = (char **) g_ptr_array_steal (ids, NULL);
    }

  return TRUE;
}
