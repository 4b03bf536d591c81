/* galley-time.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "galley-time"

#include "config.h"

#include <glib/gi18n.h>

#include "util/galley-time.h"

static GDateTime *
utc_from_us (gint64 unix_us)
{
  g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (0);

  return g_date_time_add (epoch, unix_us);
}

/**
 * galley_time_format_js:
 *
 * Returns: (transfer full): "YYYY-MM-DDTHH:MM:SS.mmmZ"
 */
char *
galley_time_format_js (gint64 unix_us)
{
  g_autoptr(GDateTime) dt = utc_from_us (unix_us);
  g_autofree char *base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  gint64 us = unix_us % G_USEC_PER_SEC;

  if (us < 0)
    us += G_USEC_PER_SEC;

  return g_strdup_printf ("%s.%03dZ", base, (int) (us / 1000));
}

/**
 * galley_time_format_db:
 *
 * Returns: (transfer full): "YYYY-MM-DDTHH:MM:SS.uuuuuu+00:00"
 */
char *
galley_time_format_db (gint64 unix_us)
{
  g_autoptr(GDateTime) dt = utc_from_us (unix_us);
  g_autofree char *base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  gint64 us = unix_us % G_USEC_PER_SEC;

  if (us < 0)
    us += G_USEC_PER_SEC;

  return g_strdup_printf ("%s.%06d+00:00", base, (int) us);
}

/**
 * galley_time_parse:
 * @unix_us: (out): microseconds since the epoch
 *
 * Parses any RFC 3339 timestamp with a zone ("Z" or an offset).
 *
 * Returns: whether @text was a valid timestamp
 */
gboolean
galley_time_parse (const char *text,
                   gint64     *unix_us)
{
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (unix_us != NULL, FALSE);

  if (text == NULL || *text == '\0')
    return FALSE;

  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;

  *unix_us = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);

  return TRUE;
}

/**
 * galley_time_format_clock:
 * @time: (nullable): a local time
 *
 * The time of day for a cook or cashier, in the convention of their language ("18:45" in
 * German and Spanish; a translation may choose a 12-hour clock). Without seconds: a kitchen
 * does not plan by the second, so the locale's "%X" (which has them) is not used.
 *
 * Returns: (transfer full): the text, or "—" for %NULL
 */
char *
galley_time_format_clock (GDateTime *time)
{
  if (time == NULL)
    return g_strdup ("—");

  /* Translators: a time of day without seconds, in g_date_time_format() codes: "%H:%M" for
   * a 24-hour clock (18:45), "%l:%M %p" for a 12-hour one (6:45 PM) */
  return g_date_time_format (time, C_("time of day", "%H:%M"));
}
