/* galley-counter-outbox-stub.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TEMPORARY (issue 6): the outbox's order-creation API as announced for main ("Outbox: order
 * creation"), which has not landed on this branch yet. These stand-ins store nothing and send
 * nothing: adding an order fails with a message, so the counter keeps the order. This file
 * goes when main's API is merged.
 */
#pragma once

#include "net/galley-outbox.h"

G_BEGIN_DECLS

typedef enum
{
  GALLEY_OUTBOX_CREATE_UNKNOWN,
  GALLEY_OUTBOX_CREATE_WAITING,
  GALLEY_OUTBOX_CREATE_SENT,
  GALLEY_OUTBOX_CREATE_REFUSED,
} GalleyOutboxCreateState;

gint64                  galley_outbox_add_create        (GalleyOutbox  *self,
                                                         JsonObject    *body,
                                                         const char    *client_ref,
                                                         GError       **error);
GalleyOutboxCreateState galley_outbox_get_create_state  (GalleyOutbox  *self,
                                                         const char    *client_ref,
                                                         char         **order_id,
                                                         char         **message);
char                  **galley_outbox_dup_creates_since (GalleyOutbox  *self,
                                                         gint64         since_us);
JsonObject             *galley_outbox_dup_create_body   (GalleyOutbox  *self,
                                                         const char    *client_ref);

G_END_DECLS
