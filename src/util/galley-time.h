/* galley-time.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Wire timestamps (spec/order-protocol.md §0): envelopes use JavaScript's ISO form
 * ("2025-11-05T18:04:12.345Z"), order rows Postgres's ("2025-11-05T18:04:12.345678+00:00").
 * Galley keeps times as microseconds since the Unix epoch. */

char     *galley_time_format_js  (gint64      unix_us);
char     *galley_time_format_clock (GDateTime *time);
char     *galley_time_format_db  (gint64      unix_us);
gboolean  galley_time_parse      (const char *text,
                                  gint64     *unix_us);

G_END_DECLS
