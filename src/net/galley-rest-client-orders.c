/* galley-rest-client-orders.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyRestClient's order and menu calls (spec §4.3, §4.4): listing and fetching orders,
 * creating them, status and item-status changes, and the menu; and the voice session
 * (spec/voice.md §1.2).
 */
#define G_LOG_DOMAIN "galley-rest-client"

#include "net/galley-rest-client-private.h"
#include "util/galley-time.h"

static char *
escape_segment (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

/**
 * galley_rest_client_list_orders_async:
 * @query: (nullable): filters and paging; %NULL for the newest 50
 *
 * GET /orders. Retried on network errors, timeouts, 5xx and 429.
 */
void
galley_rest_client_list_orders_async (GalleyRestClient           *self,
                                      const GalleyRestOrderQuery *query,
                                      GCancellable               *cancellable,
                                      GAsyncReadyCallback         callback,
                                      gpointer                    user_data)
{
  g_autoptr(GString) path = g_string_new ("/orders");
  char sep = '?';

  g_return_if_fail (GALLEY_IS_REST_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

#define ADD_PARAM(name, value)                                                  \
  G_STMT_START {                                                                \
    g_autofree char *escaped_ = g_uri_escape_string ((value), NULL, FALSE);    \
    g_string_append_printf (path, "%c%s=%s", sep, (name), escaped_);           \
    sep = '&';                                                                  \
  } G_STMT_END

  if (query != NULL)
    {
      if (query->status != NULL)
        ADD_PARAM ("status", query->status);
      if (query->type != NULL)
        ADD_PARAM ("type", query->type);
      if (query->start_date != 0)
        {
          g_autofree char *date = galley_time_format_js (query->start_date);

          ADD_PARAM ("startDate", date);
        }
      if (query->end_date != 0)
        {
          g_autofree char *date = galley_time_format_js (query->end_date);

          ADD_PARAM ("endDate", date);
        }
      if (query->limit != 0)
        {
          g_autofree char *number = g_strdup_printf ("%u", query->limit);

          ADD_PARAM ("limit", number);
        }
      if (query->offset != 0)
        {
          g_autofree char *number = g_strdup_printf ("%u", query->offset);

          ADD_PARAM ("offset", number);
        }
    }

#undef ADD_PARAM

  _galley_rest_start_call (self, CALL_LIST_ORDERS, path->str, NULL, NULL, NULL, NULL,
                           cancellable, callback, user_data);
}

/**
 * galley_rest_client_list_orders_finish:
 *
 * Returns: (transfer full) (nullable): the order rows, newest first
 */
JsonArray *
galley_rest_client_list_orders_finish (GalleyRestClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  return _galley_rest_propagate (self, result, CALL_LIST_ORDERS, error);
}

/**
 * galley_rest_client_get_order_async:
 *
 * GET /orders/:id. Retried like galley_rest_client_list_orders_async().
 */
void
galley_rest_client_get_order_async (GalleyRestClient    *self,
                                    const char          *order_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *id = NULL, *path = NULL;

  g_return_if_fail (GALLEY_IS_REST_CLIENT (self));
  g_return_if_fail (order_id != NULL && *order_id != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  id = escape_segment (order_id);
  path = g_strconcat ("/orders/", id, NULL);

  _galley_rest_start_call (self, CALL_GET_ORDER, path, NULL, NULL, NULL, NULL,
                           cancellable, callback, user_data);
}

/**
 * galley_rest_client_get_order_finish:
 *
 * Returns: (transfer full) (nullable): the order row
 */
JsonObject *
galley_rest_client_get_order_finish (GalleyRestClient  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  return _galley_rest_propagate (self, result, CALL_GET_ORDER, error);
}

/**
 * galley_rest_client_create_order_async:
 * @body: the create body of spec §4.3.1; serialised at once, not kept
 * @idempotency_key: (nullable): sent as Idempotency-Key
 *
 * POST /orders. Never retried here: after an ambiguous failure the outbox looks for
 * metadata.client_order_ref before sending again.
 */
void
galley_rest_client_create_order_async (GalleyRestClient    *self,
                                       JsonObject          *body,
                                       const char          *idempotency_key,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (GALLEY_IS_REST_CLIENT (self));
  g_return_if_fail (body != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _galley_rest_start_call (self, CALL_CREATE_ORDER, "/orders", body, NULL, idempotency_key, NULL,
                           cancellable, callback, user_data);
}

/**
 * galley_rest_client_create_order_finish:
 *
 * Returns: (transfer full) (nullable): the new order row
 */
JsonObject *
galley_rest_client_create_order_finish (GalleyRestClient  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  return _galley_rest_propagate (self, result, CALL_CREATE_ORDER, error);
}

/**
 * galley_rest_client_set_status_async:
 * @notes: (nullable): kept in the server's status history
 *
 * PATCH /orders/:id/status. Never retried here (the server rejects X → X, so a blind
 * resend is not idempotent: R-OUT-4). An illegal step fails with
 * %GALLEY_REST_ERROR_INVALID_TRANSITION.
 */
void
galley_rest_client_set_status_async (GalleyRestClient    *self,
                                     const char          *order_id,
                                     const char          *status,
                                     const char          *notes,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *id = NULL, *path = NULL;

  g_return_if_fail (GALLEY_IS_REST_CLIENT (self));
  g_return_if_fail (order_id != NULL && *order_id != '\0');
  g_return_if_fail (status != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  id = escape_segment (order_id);
  path = g_strconcat ("/orders/", id, "/status", NULL);
  body = json_object_new ();
  json_object_set_string_member (body, "status", status);
  if (notes != NULL)
    json_object_set_string_member (body, "notes", notes);

  _galley_rest_start_call (self, CALL_SET_STATUS, path, body, NULL, NULL, status,
                           cancellable, callback, user_data);
}

/**
 * galley_rest_client_set_status_finish:
 *
 * Returns: (transfer full) (nullable): the updated order row
 */
JsonObject *
galley_rest_client_set_status_finish (GalleyRestClient  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  return _galley_rest_propagate (self, result, CALL_SET_STATUS, error);
}

/**
 * galley_rest_client_set_item_status_async:
 * @status: "pending", "preparing" or "ready"
 *
 * PATCH /orders/:id/items/:item_id/status, Galley's line-level extension.
 */
void
galley_rest_client_set_item_status_async (GalleyRestClient    *self,
                                          const char          *order_id,
                                          const char          *item_id,
                                          const char          *status,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *id = NULL, *item = NULL, *path = NULL;

  g_return_if_fail (GALLEY_IS_REST_CLIENT (self));
  g_return_if_fail (order_id != NULL && *order_id != '\0');
  g_return_if_fail (item_id != NULL && *item_id != '\0');
  g_return_if_fail (status != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  id = escape_segment (order_id);
  item = escape_segment (item_id);
  path = g_strconcat ("/orders/", id, "/items/", item, "/status", NULL);
  body = json_object_new ();
  json_object_set_string_member (body, "status", status);

  _galley_rest_start_call (self, CALL_SET_ITEM_STATUS, path, body, NULL, NULL, NULL,
                           cancellable, callback, user_data);
}

/**
 * galley_rest_client_set_item_status_finish:
 *
 * Returns: (transfer full) (nullable): the updated order row
 */
JsonObject *
galley_rest_client_set_item_status_finish (GalleyRestClient  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  return _galley_rest_propagate (self, result, CALL_SET_ITEM_STATUS, error);
}

/**
 * galley_rest_client_get_menu_async:
 *
 * GET /menu, with the token when there is one and the restaurant header otherwise.
 * Retried like galley_rest_client_list_orders_async().
 */
void
galley_rest_client_get_menu_async (GalleyRestClient    *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (GALLEY_IS_REST_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _galley_rest_start_call (self, CALL_GET_MENU, "/menu", NULL, NULL, NULL, NULL,
                           cancellable, callback, user_data);
}

/**
 * galley_rest_client_get_menu_finish:
 *
 * Returns: (transfer full) (nullable): {categories, items}
 */
JsonObject *
galley_rest_client_get_menu_finish (GalleyRestClient  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  return _galley_rest_propagate (self, result, CALL_GET_MENU, error);
}

/**
 * galley_rest_client_realtime_session_async:
 * @context: "server" for staff terminals, "kiosk" otherwise
 *
 * POST /realtime/session with the token when there is one (required by the server for
 * "server"), the restaurant header and the CSRF pair. Not retried: every connect asks anew.
 * Waits up to 20 s (R-VC-2).
 */
void
galley_rest_client_realtime_session_async (GalleyRestClient    *self,
                                           const char          *context,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (GALLEY_IS_REST_CLIENT (self));
  g_return_if_fail (context != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  json_object_set_string_member (body, "context", context);
  _galley_rest_start_call (self, CALL_REALTIME_SESSION, "/realtime/session", body, NULL, NULL,
                           NULL, cancellable, callback, user_data);
}

/**
 * galley_rest_client_realtime_session_finish:
 *
 * Returns: (transfer full) (nullable): the server's answer (spec/voice.md §1.2), which holds
 *   the secret
 */
JsonObject *
galley_rest_client_realtime_session_finish (GalleyRestClient  *self,
                                            GAsyncResult      *result,
                                            GError           **error)
{
  return _galley_rest_propagate (self, result, CALL_REALTIME_SESSION, error);
}
