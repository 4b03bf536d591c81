/* galley-counter-outbox-stub.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TEMPORARY (issue 6): see galley-counter-outbox-stub.h. Nothing is stored or sent.
 */
#define G_LOG_DOMAIN "galley-counter-outbox-stub"

#include "config.h"

#include <glib/gi18n.h>

#include "counter/galley-counter-outbox-stub.h"

gint64
galley_outbox_add_create (GalleyOutbox  *self,
                          JsonObject    *body,
                          const char    *client_ref,
                          GError       **error)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), 0);

  g_set_error_literal (error, GALLEY_OUTBOX_ERROR, GALLEY_OUTBOX_ERROR_STORAGE,
                       "this outbox cannot create orders yet");

  return 0;
}

GalleyOutboxCreateState
galley_outbox_get_create_state (GalleyOutbox  *self,
                                const char    *client_ref,
                                char         **order_id,
                                char         **message)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), GALLEY_OUTBOX_CREATE_UNKNOWN);

  if (order_id != NULL)
    *order_id = NULL;
  if (message != NULL)
    *message = NULL;

  return GALLEY_OUTBOX_CREATE_UNKNOWN;
}

char **
galley_outbox_dup_creates_since (GalleyOutbox *self,
                                 gint64        since_us)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), NULL);

  return g_new0 (char *, 1);
}

JsonObject *
galley_outbox_dup_create_body (GalleyOutbox *self,
                               const char   *client_ref)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), NULL);

  return NULL;
}
