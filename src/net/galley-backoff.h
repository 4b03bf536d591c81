/* galley-backoff.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GALLEY_BACKOFF_BASE_MS 2000
#define GALLEY_BACKOFF_CAP_MS  30000

guint galley_backoff_delay_ms (guint  attempt,
                               double jitter,
                               guint  base_ms,
                               guint  cap_ms);

G_END_DECLS
