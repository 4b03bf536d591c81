/* galley-link-message.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parses one server frame of the order WebSocket (spec/order-protocol.md §2.2) and checks it
 * against R-IN-1..R-IN-3. Nothing here logs above debug level: the link decides how to report
 * a rejected frame (R-IN-2, R-IN-4).
 */
#define G_LOG_DOMAIN "galley-link-message"

#include <string.h>

#include "net/galley-link-message.h"
#include "util/galley-json.h"
#include "util/galley-json-tokens.h"
#include "util/galley-time.h"

#define TEXT_MAX_CHARS   200    /* R-IN-5 */
#define ERROR_MAX_CHARS  1000

G_DEFINE_QUARK (galley-link-message-error-quark, galley_link_message_error)

static const struct
{
  const char            *type;
  GalleyLinkMessageKind  kind;
} known_types[] = {
  { "connected", GALLEY_LINK_MESSAGE_CONNECTED },
  { "auth:success", GALLEY_LINK_MESSAGE_AUTH_SUCCESS },
  { "auth:failed", GALLEY_LINK_MESSAGE_AUTH_FAILED },
  { "error", GALLEY_LINK_MESSAGE_SERVER_ERROR },
  { "pong", GALLEY_LINK_MESSAGE_PONG },
  { "sync_complete", GALLEY_LINK_MESSAGE_SYNC_COMPLETE },
  { "order:created", GALLEY_LINK_MESSAGE_ORDER_CREATED },
  { "order:updated", GALLEY_LINK_MESSAGE_ORDER_UPDATED },
  { "order:deleted", GALLEY_LINK_MESSAGE_ORDER_DELETED },
  { "order:status_changed", GALLEY_LINK_MESSAGE_ORDER_STATUS_CHANGED },
  { "order:item_status_changed", GALLEY_LINK_MESSAGE_ORDER_ITEM_STATUS_CHANGED },
  { "table:status_updated", GALLEY_LINK_MESSAGE_TABLE_STATUS_UPDATED },
};


static gboolean
bad_payload (GError     **error,
             const char  *type,
             const char  *what)
{
  g_set_error (error, GALLEY_LINK_MESSAGE_ERROR, GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD,
               "%s: %s", type, what);
  return FALSE;
}

/* The first of @members that is a string, camelCase or snake_case. A member that is present
 * with another type is an error, not a reason to look at the next one. */
static gboolean
get_either_string (GalleyJsonTokens  *doc,
                   guint              object,
                   const char        *camel,
                   const char        *snake,
                   const char       **value,
                   gboolean          *wrong_type)
{
  const char *members[] = { camel, snake };

  *value = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      if (members[i] == NULL || galley_json_tokens_is_null_or_absent (doc, object, members[i]))
        continue;
      if (!galley_json_tokens_get_string (doc, object, members[i], value))
        {
          *wrong_type = TRUE;
          return FALSE;
        }
      return TRUE;
    }

  return FALSE;
}

/* An id member (orderId/order_id, itemId/item_id): a non-empty string. */
static gboolean
get_id (GalleyJsonTokens  *doc,
        guint              payload,
        const char        *camel,
        const char        *snake,
        char             **out)
{
  const char *value;
  gboolean wrong_type = FALSE;

  if (!get_either_string (doc, payload, camel, snake, &value, &wrong_type) || *value == '\0' ||
      !g_utf8_validate (value, -1, NULL))
    return FALSE;

  *out = g_strdup (value);

  return TRUE;
}

static gboolean
parse_order (GalleyLinkMessage  *message,
             GalleyJsonTokens   *doc,
             guint               envelope,
             GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  guint payload = galley_json_tokens_get_object (doc, envelope, "payload");
  guint row;

  if (payload == GALLEY_JSON_TOKEN_NONE)
    return bad_payload (error, message->type, "the payload is not an object");

  row = galley_json_tokens_get_object (doc, payload, "order");
  if (row == GALLEY_JSON_TOKEN_NONE &&
      !galley_json_tokens_is_null_or_absent (doc, payload, "order"))
    return bad_payload (error, message->type, "payload.order is not an object");

  /* The upstream client takes payload.order or, for order:created, the payload itself. */
  if (row == GALLEY_JSON_TOKEN_NONE && message->kind == GALLEY_LINK_MESSAGE_ORDER_CREATED &&
      galley_json_tokens_lookup (doc, payload, "id") != GALLEY_JSON_TOKEN_NONE)
    row = payload;

  if (row == GALLEY_JSON_TOKEN_NONE)
    return bad_payload (error, message->type, "the payload has no order");

  message->order = galley_order_new_from_tokens (doc, row, &local_error);
  if (message->order == NULL)
    {
      g_set_error (error, GALLEY_LINK_MESSAGE_ERROR, GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD,
                   "%s: %s", message->type, local_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_deleted (GalleyLinkMessage  *message,
               GalleyJsonTokens   *doc,
               guint               envelope,
               GError            **error)
{
  guint payload = galley_json_tokens_get_object (doc, envelope, "payload");

  if (payload == GALLEY_JSON_TOKEN_NONE)
    return bad_payload (error, message->type, "the payload is not an object");

  if (!get_id (doc, payload, "orderId", "order_id", &message->order_id) &&
      !get_id (doc, payload, "id", NULL, &message->order_id))
    return bad_payload (error, message->type, "no orderId, order_id or id");

  return TRUE;
}

static gboolean
parse_status_changed (GalleyLinkMessage  *message,
                      GalleyJsonTokens   *doc,
                      guint               envelope,
                      GError            **error)
{
  guint payload = galley_json_tokens_get_object (doc, envelope, "payload");
  const char *status, *previous;
  gboolean wrong_type = FALSE;

  if (payload == GALLEY_JSON_TOKEN_NONE)
    return bad_payload (error, message->type, "the payload is not an object");

  if (!get_id (doc, payload, "orderId", "order_id", &message->order_id))
    return bad_payload (error, message->type, "no orderId or order_id string");

  if (!galley_json_tokens_get_string (doc, payload, "status", &status))
    return bad_payload (error, message->type, "“status” is missing or not a string");

  /* Without a known target nothing can be applied (R-SYNC-6 checks the transition). */
  message->status = galley_order_status_from_string (status);
  if (message->status == GALLEY_ORDER_STATUS_UNKNOWN)
    return bad_payload (error, message->type, "“status” is not a known status");

  if (get_either_string (doc, payload, "previousStatus", "previous_status", &previous, &wrong_type))
    message->previous_status = galley_order_status_from_string (previous);
  else if (wrong_type)
    return bad_payload (error, message->type, "“previousStatus” is not a string");

  return TRUE;
}

static gboolean
parse_item_status_changed (GalleyLinkMessage  *message,
                           GalleyJsonTokens   *doc,
                           guint               envelope,
                           GError            **error)
{
  guint payload = galley_json_tokens_get_object (doc, envelope, "payload");
  const char *status;

  if (payload == GALLEY_JSON_TOKEN_NONE)
    return bad_payload (error, message->type, "the payload is not an object");

  if (!get_id (doc, payload, "orderId", "order_id", &message->order_id) ||
      !get_id (doc, payload, "itemId", "item_id", &message->item_id))
    return bad_payload (error, message->type, "no orderId/order_id or itemId/item_id string");

  /* item statuses are not defined upstream [uncertain]: any text */
  if (!galley_json_tokens_get_string (doc, payload, "status", &status))
    return bad_payload (error, message->type, "“status” is missing or not a string");
  message->item_status = galley_json_dup_text (status, TEXT_MAX_CHARS);

  return TRUE;
}

static gboolean
parse_table_status (GalleyLinkMessage  *message,
                    GalleyJsonTokens   *doc,
                    guint               envelope,
                    GError            **error)
{
  guint payload = galley_json_tokens_get_object (doc, envelope, "payload");
  const char *status, *number;

  if (payload == GALLEY_JSON_TOKEN_NONE)
    return bad_payload (error, message->type, "the payload is not an object");

  if (!get_id (doc, payload, "table_id", NULL, &message->table_id))
    return bad_payload (error, message->type, "no table_id string");

  if (!galley_json_tokens_get_string (doc, payload, "status", &status))
    return bad_payload (error, message->type, "“status” is missing or not a string");
  message->table_status = galley_json_dup_text (status, TEXT_MAX_CHARS);

  /* string or number [uncertain] */
  if (galley_json_tokens_get_string (doc, payload, "table_number", &number))
    message->table_number = galley_json_dup_text (number, TEXT_MAX_CHARS);
  else if (galley_json_tokens_get_number (doc, payload, "table_number", NULL))
    {
      g_autoptr(JsonNode) node =
        galley_json_tokens_dup_node (doc, galley_json_tokens_lookup (doc, payload, "table_number"));

      message->table_number = galley_json_to_string (node);
    }
  else if (!galley_json_tokens_is_null_or_absent (doc, payload, "table_number"))
    return bad_payload (error, message->type, "“table_number” is not a string or a number");

  return TRUE;
}

static void
parse_error_text (GalleyLinkMessage *message,
                  GalleyJsonTokens  *doc,
                  guint              envelope)
{
  guint payload;
  const char *text;

  if (galley_json_tokens_get_string (doc, envelope, "error", &text))
    {
      message->error = galley_json_dup_text (text, ERROR_MAX_CHARS);
      return;
    }

  payload = galley_json_tokens_get_object (doc, envelope, "payload");
  if (galley_json_tokens_get_string (doc, payload, "message", &text))
    message->error = galley_json_dup_text (text, ERROR_MAX_CHARS);
}

/**
 * galley_link_message_parse:
 * @data: (array length=length): one text frame
 * @length: its size in bytes
 *
 * Parses and checks one server frame. Frames of an unknown type are not an error: they come
 * back with kind %GALLEY_LINK_MESSAGE_UNKNOWN and their type (R-IN-3).
 *
 * Returns: (transfer full) (nullable): the message, or %NULL with @error set in the
 *   %GALLEY_LINK_MESSAGE_ERROR domain
 */
GalleyLinkMessage *
galley_link_message_parse (const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_autoptr(GalleyLinkMessage) message = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GalleyJsonTokens) doc = NULL;
  const guint envelope = 0;   /* the root */
  guint type_member;
  const char *text;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > GALLEY_LINK_MESSAGE_MAX_SIZE)
    {
      g_set_error (error, GALLEY_LINK_MESSAGE_ERROR, GALLEY_LINK_MESSAGE_ERROR_TOO_LARGE,
                   "Frame of %" G_GSIZE_FORMAT " bytes, more than %d", length,
                   GALLEY_LINK_MESSAGE_MAX_SIZE);
      return NULL;
    }

  if (length == 0 || memchr (data, '\0', length) != NULL ||
      !g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, GALLEY_LINK_MESSAGE_ERROR, GALLEY_LINK_MESSAGE_ERROR_NOT_JSON,
                           "Empty frame, or not UTF-8 text");
      return NULL;
    }

  /* also refuses deep nesting and several values, which json-glib 1.6 mishandles */
  doc = galley_json_tokens_parse (data, length, &local_error);
  if (doc == NULL)
    {
      g_set_error (error, GALLEY_LINK_MESSAGE_ERROR, GALLEY_LINK_MESSAGE_ERROR_NOT_JSON,
                   "Not JSON: %s", local_error->message);
      return NULL;
    }

  if (galley_json_tokens_get_value_type (doc, envelope) != GALLEY_JSON_TOKEN_OBJECT)
    {
      g_set_error_literal (error, GALLEY_LINK_MESSAGE_ERROR, GALLEY_LINK_MESSAGE_ERROR_NOT_OBJECT,
                           "The frame is not a JSON object");
      return NULL;
    }

  message = g_new0 (GalleyLinkMessage, 1);
  message->kind = GALLEY_LINK_MESSAGE_UNKNOWN;
  message->status = GALLEY_ORDER_STATUS_UNKNOWN;
  message->previous_status = GALLEY_ORDER_STATUS_UNKNOWN;

  type_member = galley_json_tokens_lookup (doc, envelope, "type");
  if (type_member == GALLEY_JSON_TOKEN_NONE && galley_json_tokens_get_string (doc, envelope, "error", &text) &&
      strcmp (text, "Invalid message format") == 0)
    {
      /* the server could not parse what we sent (R-IN-4) */
      message->kind = GALLEY_LINK_MESSAGE_INVALID_FORMAT;
      message->error = g_strdup (text);
      return g_steal_pointer (&message);
    }

  if (!galley_json_tokens_get_string (doc, envelope, "type", &text))
    {
      g_set_error_literal (error, GALLEY_LINK_MESSAGE_ERROR, GALLEY_LINK_MESSAGE_ERROR_NO_TYPE,
                           type_member == GALLEY_JSON_TOKEN_NONE ? "The frame has no “type”"
                                             : "The frame’s “type” is not a string");
      return NULL;
    }

  message->type = galley_json_dup_text (text, TEXT_MAX_CHARS);
  for (guint i = 0; i < G_N_ELEMENTS (known_types); i++)
    if (strcmp (text, known_types[i].type) == 0)
      message->kind = known_types[i].kind;

  /* R-SYNC-9 [Galley]: optional, but when present it must be an integer */
  if (!galley_json_tokens_is_null_or_absent (doc, envelope, "seq"))
    {
      if (!galley_json_tokens_get_int (doc, envelope, "seq", &message->seq))
        {
          bad_payload (error, message->type, "“seq” is not an integer");
          return NULL;
        }
      message->has_seq = TRUE;
    }

  /* informative only: a bad timestamp is no reason to drop an order */
  if (galley_json_tokens_get_string (doc, envelope, "timestamp", &text) &&
      !galley_time_parse (text, &message->timestamp))
    {
      g_debug ("%s: ignoring the unparsable timestamp", message->type);
      message->timestamp = 0;
    }

  switch (message->kind)
    {
    case GALLEY_LINK_MESSAGE_AUTH_FAILED:
    case GALLEY_LINK_MESSAGE_SERVER_ERROR:
      parse_error_text (message, doc, envelope);
      break;

    case GALLEY_LINK_MESSAGE_ORDER_CREATED:
    case GALLEY_LINK_MESSAGE_ORDER_UPDATED:
      if (!parse_order (message, doc, envelope, error))
        return NULL;
      break;

    case GALLEY_LINK_MESSAGE_ORDER_DELETED:
      if (!parse_deleted (message, doc, envelope, error))
        return NULL;
      break;

    case GALLEY_LINK_MESSAGE_ORDER_STATUS_CHANGED:
      if (!parse_status_changed (message, doc, envelope, error))
        return NULL;
      break;

    case GALLEY_LINK_MESSAGE_ORDER_ITEM_STATUS_CHANGED:
      if (!parse_item_status_changed (message, doc, envelope, error))
        return NULL;
      break;

    case GALLEY_LINK_MESSAGE_TABLE_STATUS_UPDATED:
      if (!parse_table_status (message, doc, envelope, error))
        return NULL;
      break;

    case GALLEY_LINK_MESSAGE_UNKNOWN:
      g_debug ("Frame of unknown type “%s”", message->type);
      break;

    case GALLEY_LINK_MESSAGE_CONNECTED:
    case GALLEY_LINK_MESSAGE_AUTH_SUCCESS:
    case GALLEY_LINK_MESSAGE_PONG:
    case GALLEY_LINK_MESSAGE_SYNC_COMPLETE:
    case GALLEY_LINK_MESSAGE_INVALID_FORMAT:
    default:
      break;
    }

  return g_steal_pointer (&message);
}

void
galley_link_message_free (GalleyLinkMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->type);
  g_free (message->error);
  g_clear_object (&message->order);
  g_free (message->order_id);
  g_free (message->item_id);
  g_free (message->item_status);
  g_free (message->table_id);
  g_free (message->table_number);
  g_free (message->table_status);
  g_free (message);
}

/**
 * galley_link_message_kind_name:
 *
 * Returns: (transfer none): a static name for logs: the wire type of a known kind,
 *   "unknown" or "invalid-format"
 */
const char *
galley_link_message_kind_name (GalleyLinkMessageKind kind)
{
  if (kind == GALLEY_LINK_MESSAGE_UNKNOWN)
    return "unknown";
  if (kind == GALLEY_LINK_MESSAGE_INVALID_FORMAT)
    return "invalid-format";

  for (guint i = 0; i < G_N_ELEMENTS (known_types); i++)
    if (known_types[i].kind == kind)
      return known_types[i].type;

  return "invalid-kind";
}
