/* galley-link-message.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orders/galley-order.h"

G_BEGIN_DECLS

/* One server frame of the order WebSocket (spec/order-protocol.md §2), parsed and checked.
 * A frame that fails any check is rejected whole (R-IN-2): never a half-applied order. */

#define GALLEY_LINK_MESSAGE_MAX_SIZE (1024 * 1024)   /* R-IN-1 */

#define GALLEY_LINK_MESSAGE_ERROR (galley_link_message_error_quark ())

typedef enum
{
  GALLEY_LINK_MESSAGE_ERROR_TOO_LARGE,
  GALLEY_LINK_MESSAGE_ERROR_NOT_JSON,
  GALLEY_LINK_MESSAGE_ERROR_NOT_OBJECT,
  GALLEY_LINK_MESSAGE_ERROR_NO_TYPE,
  GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD,
} GalleyLinkMessageError;

typedef enum
{
  GALLEY_LINK_MESSAGE_UNKNOWN,             /* any other type: ignored (R-IN-3) */
  GALLEY_LINK_MESSAGE_CONNECTED,
  GALLEY_LINK_MESSAGE_AUTH_SUCCESS,
  GALLEY_LINK_MESSAGE_AUTH_FAILED,
  GALLEY_LINK_MESSAGE_SERVER_ERROR,        /* "error": auth required, unknown type, … */
  GALLEY_LINK_MESSAGE_INVALID_FORMAT,      /* {"error":"Invalid message format"}: we sent bad JSON */
  GALLEY_LINK_MESSAGE_PONG,
  GALLEY_LINK_MESSAGE_SYNC_COMPLETE,
  GALLEY_LINK_MESSAGE_ORDER_CREATED,
  GALLEY_LINK_MESSAGE_ORDER_UPDATED,
  GALLEY_LINK_MESSAGE_ORDER_DELETED,
  GALLEY_LINK_MESSAGE_ORDER_STATUS_CHANGED,
  GALLEY_LINK_MESSAGE_ORDER_ITEM_STATUS_CHANGED,
  GALLEY_LINK_MESSAGE_TABLE_STATUS_UPDATED,
} GalleyLinkMessageKind;

typedef struct
{
  GalleyLinkMessageKind  kind;
  char                  *type;            /* as received */
  gboolean               has_seq;
  gint64                 seq;             /* R-SYNC-9 extension */
  gint64                 timestamp;       /* unix µs, 0 when absent or unparsable */
  char                  *error;           /* "error" text of auth:failed / error frames */
  GalleyOrder           *order;           /* order:created / order:updated */
  char                  *order_id;        /* deleted / status_changed / item_status_changed */
  char                  *item_id;         /* item_status_changed */
  GalleyOrderStatus      status;          /* status_changed */
  GalleyOrderStatus      previous_status; /* status_changed (UNKNOWN when absent) */
  char                  *item_status;     /* item_status_changed */
  char                  *table_id;        /* table:status_updated */
  char                  *table_number;
  char                  *table_status;
} GalleyLinkMessage;

GQuark              galley_link_message_error_quark (void);

GalleyLinkMessage  *galley_link_message_parse       (const char         *data,
                                                     gsize               length,
                                                     GError            **error);
void                galley_link_message_free        (GalleyLinkMessage  *message);
const char         *galley_link_message_kind_name   (GalleyLinkMessageKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GalleyLinkMessage, galley_link_message_free)

G_END_DECLS
