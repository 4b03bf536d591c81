/* galley-backoff.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "galley-backoff"

#include "net/galley-backoff.h"

/**
 * galley_backoff_delay_ms:
 * @attempt: 1 for the first retry
 * @jitter: a uniform random number in [0, 1)
 * @base_ms: the first delay (GALLEY_BACKOFF_BASE_MS)
 * @cap_ms: the largest delay before jitter (GALLEY_BACKOFF_CAP_MS)
 *
 * The reconnect delay of R-RECON-1: min (base × 2^(attempt−1), cap) × (1 + jitter / 4).
 * Jitter comes after the cap, so terminals that lost the server together do not all come
 * back in the same second (upstream clips it and reconnects in lock-step).
 *
 * Returns: the delay in milliseconds
 */
guint
galley_backoff_delay_ms (guint  attempt,
                         double jitter,
                         guint  base_ms,
                         guint  cap_ms)
{
  guint64 delay = base_ms;

  if (attempt == 0)
    attempt = 1;
  jitter = CLAMP (jitter, 0.0, 1.0);

  for (guint i = 1; i < attempt && delay < cap_ms; i++)
    delay *= 2;
  delay = MIN (delay, (guint64) cap_ms);

  return (guint) (delay + (guint64) (delay * jitter * 0.25));
}
