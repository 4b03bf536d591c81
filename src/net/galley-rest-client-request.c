/* galley-rest-client-request.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyRestClient's request engine: a call's GTask and Request, its attempts with their
 * timeout and cancellables, the bounded read of the answer, the retries of idempotent GETs
 * and the hand-over of the result.
 */
#define G_LOG_DOMAIN "galley-rest-client"

#include <glib/gi18n.h>
#include <string.h>

#include "net/galley-rest-client-private.h"
#include "util/galley-json.h"
#include "util/galley-source.h"

static const struct
{
  const char *name;
  const char *method;
  AuthMode    auth;
  gboolean    idempotent;   /* retried here; everything else is the outbox's job */
  gboolean    array;        /* the answer is a JSON array, not an object */
  gboolean    login;        /* the answer is a session: GalleyRestLogin */
} calls[] = {
  [CALL_LOGIN_PIN] =
    { "galley_rest_client_login_pin_async", "POST", AUTH_NONE, FALSE, FALSE, TRUE },
  [CALL_LOGIN_EMAIL] =
    { "galley_rest_client_login_email_async", "POST", AUTH_NONE, FALSE, FALSE, TRUE },
  [CALL_REFRESH] =
    { "galley_rest_client_refresh_async", "POST", AUTH_NONE, FALSE, FALSE, TRUE },
  [CALL_STATION_LOGIN] =
    { "galley_rest_client_station_login_async", "POST", AUTH_REQUIRED, FALSE, FALSE, FALSE },
  [CALL_LIST_ORDERS] =
    { "galley_rest_client_list_orders_async", "GET", AUTH_REQUIRED, TRUE, TRUE, FALSE },
  [CALL_GET_ORDER] =
    { "galley_rest_client_get_order_async", "GET", AUTH_REQUIRED, TRUE, FALSE, FALSE },
  [CALL_CREATE_ORDER] =
    { "galley_rest_client_create_order_async", "POST", AUTH_REQUIRED, FALSE, FALSE, FALSE },
  [CALL_SET_STATUS] =
    { "galley_rest_client_set_status_async", "PATCH", AUTH_REQUIRED, FALSE, FALSE, FALSE },
  [CALL_SET_ITEM_STATUS] =
    { "galley_rest_client_set_item_status_async", "PATCH", AUTH_REQUIRED, FALSE, FALSE, FALSE },
  [CALL_GET_MENU] =
    { "galley_rest_client_get_menu_async", "GET", AUTH_OPTIONAL, TRUE, FALSE, FALSE },
  [CALL_REALTIME_SESSION] =
    { "galley_rest_client_realtime_session_async", "POST", AUTH_OPTIONAL, FALSE, FALSE, FALSE },
};

/* A call's entry in the table is its task's source tag: see TAG(). */
gpointer
_galley_rest_tag (Call call)
{
  return (gpointer) &calls[call];
}

const char *
_galley_rest_call_method (Call call)
{
  return calls[call].method;
}

static gboolean
is_mutation (const char *method)
{
  return strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0;
}

/* ------------------------------------------------------------------ requests */

static void
request_free (gpointer data)
{
  Request *req = data;

  g_assert (req->client == NULL);
  g_assert (req->timeout_id == 0);
  g_assert (req->retry_id == 0);
  g_assert (req->caller_handler == 0);
  g_assert (req->client_handler == 0);
  g_assert (req->msg == NULL);
  g_assert (req->stream == NULL);

  g_clear_object (&req->soup);
  g_free (req->url);
  g_free (req->path);
  g_free (req->request_id);
  g_clear_pointer (&req->body, g_bytes_unref);
  _galley_rest_clear_secret (&req->secret);
  _galley_rest_clear_secret (&req->token);
  _galley_rest_clear_secret (&req->csrf);
  g_free (req->restaurant_id);
  g_free (req->idempotency_key);
  g_free (req->target_status);
  g_free (req);
}

/* Ends the current attempt: its timeout, cancellable, message and stream. */
static void
attempt_clear (Request *req)
{
  g_clear_handle_id (&req->timeout_id, g_source_remove);

  if (req->stream != NULL)
    {
      /* Synchronous but does no I/O: the body was read to its end, or it is abandoned, in
       * which case libsoup drops the connection instead of reading the rest. NULL error: a
       * failure here changes nothing, the answer is already decided. */
      g_input_stream_close (req->stream, NULL, NULL);
      g_clear_object (&req->stream);
    }

  g_clear_object (&req->msg);
  g_clear_object (&req->attempt_cancellable);
  g_clear_pointer (&req->buf, g_byte_array_unref);
}

/* Releases everything the request holds, so that nothing outlives it. */
static void
request_teardown (Request *req)
{
  attempt_clear (req);
  g_clear_handle_id (&req->retry_id, g_source_remove);
  g_clear_signal_handler (&req->caller_handler, req->caller_cancellable);
  g_clear_signal_handler (&req->client_handler, req->client_cancellable);
  g_clear_object (&req->caller_cancellable);
  g_clear_object (&req->client_cancellable);

  if (req->client != NULL)
    {
      g_ptr_array_remove_fast (req->client->requests, req);
      req->client = NULL;
    }
}

static void
request_return_error (Request *req,
                      GError  *error)
{
  g_autoptr(GTask) task = g_object_ref (req->task);   /* a retry source may hold the last ref */

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("%s %s: cancelled", calls[req->call].method, req->path);
  else
    g_debug ("%s %s: failed after %u attempt(s) in %" G_GINT64_FORMAT " ms: %s",
             calls[req->call].method, req->path, req->attempt,
             (g_get_monotonic_time () - req->started_us) / 1000, error->message);

  request_teardown (req);
  g_task_return_error (task, error);
}

static void
request_return_pointer (Request        *req,
                        gpointer        result,
                        GDestroyNotify  free_func)
{
  g_autoptr(GTask) task = g_object_ref (req->task);

  request_teardown (req);
  g_task_return_pointer (task, result, free_func);
}

static void attempt_start (Request *req);

static gboolean
retry_cb (gpointer user_data)
{
  Request *req = g_task_get_task_data (G_TASK (user_data));

  req->retry_id = 0;
  attempt_start (req);

  return G_SOURCE_REMOVE;
}

static gboolean
retryable (const Request *req,
           const GError  *error)
{
  return calls[req->call].idempotent && req->attempt <= MAX_RETRIES &&
         (g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NETWORK) ||
          g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_TIMEOUT) ||
          g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_SERVER) ||
          g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_RATE_LIMITED));
}

/* The attempt failed with @error (taken): retry an idempotent call, or end the request. */
static void
attempt_failed (Request *req,
                GError  *error)
{
  guint delay;

  attempt_clear (req);

  if (req->cancelled)
    {
      g_error_free (error);
      request_return_error (req, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                      "Operation was cancelled"));
      return;
    }

  if (!retryable (req, error))
    {
      request_return_error (req, error);
      return;
    }

  /* base × 2^(n−1), plus up to a quarter of jitter so terminals behind one NAT spread out */
  delay = req->retry_base_ms << (req->attempt - 1);
  delay += (guint) g_random_int_range (0, (gint32) (delay / 4) + 1);
  g_debug ("%s %s: %s; retry %u of %u in %u ms", calls[req->call].method, req->path,
           error->message, req->attempt, MAX_RETRIES, delay);
  g_error_free (error);

  /* the source holds the task: nothing else does while the request waits */
  req->retry_id = galley_timeout_add_named ("galley-rest-client-retry", delay, retry_cb,
                                            g_object_ref (req->task), g_object_unref);
}

static void
attempt_failed_transport (Request      *req,
                          const GError *error)
{
  gint64 ms = (g_get_monotonic_time () - req->attempt_started_us) / 1000;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (req->timed_out && !req->cancelled)
        {
          _galley_rest_log_failure (req, FALSE, "no answer within %u ms", req->timeout_ms);
          attempt_failed (req, _galley_rest_timeout_error ());
        }
      else
        {
          req->cancelled = TRUE;
          attempt_failed (req, g_error_copy (error));
        }
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      _galley_rest_log_failure (req, FALSE, "timed out after %" G_GINT64_FORMAT " ms: %s", ms,
                                error->message);
      attempt_failed (req, _galley_rest_timeout_error ());
      return;
    }

  if (g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING) ||
      g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_ENCODING) ||
      g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS) ||
      g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_REDIRECT_NO_LOCATION))
    {
      _galley_rest_log_failure (req, TRUE, "unreadable answer: %s", error->message);
      attempt_failed (req, _galley_rest_bad_response_error ());
      return;
    }

  _galley_rest_log_failure (req, FALSE, "network error after %" G_GINT64_FORMAT " ms: %s", ms,
                            error->message);
  attempt_failed (req, _galley_rest_network_error ());
}

/* A whole answer was read: decide. */
static void
attempt_complete (Request *req)
{
  guint status = soup_message_get_status (req->msg);
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_debug ("%s %s: HTTP %u, %u bytes in %" G_GINT64_FORMAT " ms (attempt %u, request %.8s)",
           calls[req->call].method, req->path, status, req->buf->len,
           (g_get_monotonic_time () - req->attempt_started_us) / 1000, req->attempt,
           req->request_id);

  /* the answer was already on its way when the call was cancelled: it is not wanted */
  if (req->cancelled)
    {
      attempt_failed (req, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                "Operation was cancelled"));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *message = _galley_rest_server_message (req->buf);
      g_autofree char *text = _galley_rest_loggable (req, message);
      GError *error = _galley_rest_status_error (req, status, message);

      _galley_rest_log_failure (req, error->code == GALLEY_REST_ERROR_SERVER ||
                                     error->code == GALLEY_REST_ERROR_BAD_RESPONSE,
                                "HTTP %u: %s", status, text);
      attempt_failed (req, error);
      return;
    }

  node = _galley_rest_parse_body (req->buf, &parse_error);
  if (node == NULL)
    {
      _galley_rest_log_failure (req, TRUE, "HTTP %u with a body that is not JSON (%u bytes): %s",
                                status, req->buf->len, parse_error->message);
      attempt_failed (req, _galley_rest_bad_response_error ());
      return;
    }

  if (calls[req->call].array ? !JSON_NODE_HOLDS_ARRAY (node) : !JSON_NODE_HOLDS_OBJECT (node))
    {
      _galley_rest_log_failure (req, TRUE, "HTTP %u with a %s where a JSON %s was expected", status,
                                json_node_type_name (node),
                                calls[req->call].array ? "array" : "object");
      attempt_failed (req, _galley_rest_bad_response_error ());
      return;
    }

  if (calls[req->call].login)
    {
      GalleyRestLogin *login = _galley_rest_parse_login (json_node_get_object (node), &parse_error);

      if (login == NULL)
        {
          _galley_rest_log_failure (req, TRUE, "HTTP %u with an unusable session: %s", status,
                                    parse_error->message);
          attempt_failed (req, _galley_rest_bad_response_error ());
          return;
        }

      /* the new session is the client's, unless the caller gave up on it */
      if (req->client != NULL && !req->cancelled &&
          !g_cancellable_is_cancelled (g_task_get_cancellable (req->task)))
        galley_rest_client_set_token (req->client, login->token);

      g_debug ("Signed in as %s (role %s, %u scopes)", login->user_id, login->role,
               g_strv_length (login->scopes));
      request_return_pointer (req, login, (GDestroyNotify) galley_rest_login_free);
      return;
    }

  if (calls[req->call].array)
    request_return_pointer (req, json_array_ref (json_node_get_array (node)),
                            (GDestroyNotify) json_array_unref);
  else
    request_return_pointer (req, json_object_ref (json_node_get_object (node)),
                            (GDestroyNotify) json_object_unref);
}

static void read_next (Request *req);

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL)
    {
      attempt_failed_transport (req, error);
      return;
    }

  size = g_bytes_get_size (bytes);
  if (size == 0)
    {
      attempt_complete (req);
      return;
    }

  if (req->buf->len + size > MAX_BODY)
    {
      _galley_rest_log_failure (req, TRUE, "answer larger than %u bytes, abandoned", MAX_BODY);
      attempt_failed (req, _galley_rest_bad_response_error ());
      return;
    }

  g_byte_array_append (req->buf, g_bytes_get_data (bytes, NULL), (guint) size);
  read_next (req);
}

static void
read_next (Request *req)
{
  g_input_stream_read_bytes_async (req->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   req->attempt_cancellable, read_cb, g_object_ref (req->task));
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  req->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (req->stream == NULL)
    {
      attempt_failed_transport (req, error);
      return;
    }

  if (req->cancelled)
    {
      attempt_failed (req, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                "Operation was cancelled"));
      return;
    }

  headers = soup_message_get_response_headers (req->msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > MAX_BODY)
    {
      _galley_rest_log_failure (req, TRUE,
                                "HTTP %u announcing %" G_GINT64_FORMAT " bytes, over the %u cap",
                                soup_message_get_status (req->msg),
                                soup_message_headers_get_content_length (headers), MAX_BODY);
      attempt_failed (req, _galley_rest_bad_response_error ());
      return;
    }

  req->buf = g_byte_array_new ();
  read_next (req);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Request *req = user_data;

  req->timeout_id = 0;
  req->timed_out = TRUE;

  /* The operation's callback ends the attempt, perhaps from inside this call: req must
   * not be touched after it. */
  g_cancellable_cancel (req->attempt_cancellable);

  return G_SOURCE_REMOVE;
}

static SoupMessage *
build_message (Request *req)
{
  g_autoptr(GUri) uri = g_uri_parse (req->url, SOUP_HTTP_URI_FLAGS, NULL);
  SoupMessage *msg = soup_message_new_from_uri (calls[req->call].method, uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  /* redirects are not followed: the token goes to this server and nowhere else */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "X-Request-ID", req->request_id);

  if (req->token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", req->token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
      _galley_rest_clear_secret (&bearer);
    }

  if (req->restaurant_id != NULL)
    soup_message_headers_replace (headers, "x-restaurant-id", req->restaurant_id);

  /* stateless double submit (spec §4.1): the same value as cookie and header */
  if (req->csrf != NULL && is_mutation (calls[req->call].method))
    {
      g_autofree char *cookie = g_strconcat ("csrf_token=", req->csrf, NULL);

      soup_message_headers_replace (headers, "Cookie", cookie);
      soup_message_headers_replace (headers, "X-CSRF-Token", req->csrf);
      _galley_rest_clear_secret (&cookie);
    }

  if (req->idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", req->idempotency_key);

  if (req->body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", req->body);

  return msg;
}

static void
attempt_start (Request *req)
{
  g_assert (req->msg == NULL);
  g_assert (req->timeout_id == 0);

  req->attempt++;
  req->timed_out = FALSE;
  req->attempt_started_us = g_get_monotonic_time ();
  req->attempt_cancellable = g_cancellable_new ();
  req->msg = build_message (req);

  g_debug ("%s %s (attempt %u, request %.8s)", calls[req->call].method, req->path,
           req->attempt, req->request_id);

  req->timeout_id = galley_timeout_add_named ("galley-rest-client-timeout", req->timeout_ms,
                                              timeout_cb, req, NULL);
  soup_session_send_async (req->soup, req->msg, G_PRIORITY_DEFAULT, req->attempt_cancellable,
                           send_cb, g_object_ref (req->task));
}

/* The caller's cancellable or the client's (dispose). Runs on the main thread, inside
 * g_cancellable_cancel(). */
static void
request_cancelled_cb (Request      *req,
                      GCancellable *cancellable)
{
  if (req->cancelled)
    return;

  req->cancelled = TRUE;
  g_clear_handle_id (&req->timeout_id, g_source_remove);

  if (req->attempt_cancellable != NULL)
    {
      /* the operation's callback ends the request, perhaps from inside this call */
      g_cancellable_cancel (req->attempt_cancellable);
      return;
    }

  if (req->retry_id != 0)
    request_return_error (req, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                    "Operation was cancelled"));
}

static char *
build_url (const char  *base_url,
           const char  *path)
{
  g_autofree char *base = NULL;
  g_autoptr(GUri) uri = NULL;
  char *url;
  gsize len;

  if (base_url == NULL || *base_url == '\0')
    return NULL;

  base = g_strdup (base_url);
  len = strlen (base);
  while (len > 0 && base[len - 1] == '/')
    base[--len] = '\0';

  url = g_str_has_suffix (base, API_PREFIX) ? g_strconcat (base, path, NULL)
                                            : g_strconcat (base, API_PREFIX, path, NULL);

  /* NULL error: an unusable address is reported to the user as such below */
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
                      g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_free (url);
      return NULL;
    }

  return url;
}

/* Starts a call. @body is serialised now (not kept); @secret is what the body carries that
 * must never reach the log. */
void
_galley_rest_start_call (GalleyRestClient    *self,
                         Call                 call,
                         const char          *path,
                         JsonObject          *body,
                         const char          *secret,
                         const char          *idempotency_key,
                         const char          *target_status,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Request *req = g_new0 (Request, 1);

  g_task_set_source_tag (task, TAG (call));
  g_task_set_name (task, calls[call].name);
  g_task_set_task_data (task, req, request_free);

  req->task = task;
  req->call = call;
  req->path = g_strconcat (API_PREFIX, path, NULL);
  req->started_us = g_get_monotonic_time ();

  if (g_task_return_error_if_cancelled (task))
    return;

  if (calls[call].auth == AUTH_REQUIRED && self->token == NULL)
    {
      g_debug ("%s %s: not signed in, nothing sent", calls[call].method, req->path);
      g_task_return_error (task, _galley_rest_not_signed_in_error ());
      return;
    }

  req->url = build_url (self->base_url, path);
  if (req->url == NULL)
    {
      g_debug ("%s %s: no usable server address, nothing sent", calls[call].method, req->path);
      g_task_return_error (task,
                           _galley_rest_error_new (GALLEY_REST_ERROR_NETWORK,
                                                   _("The restaurant server address is missing or "
                                                     "wrong. Check it in Preferences.")));
      return;
    }

  if (body != NULL)
    {
      char *text = galley_json_object_to_string (body);

      req->body = g_bytes_new_take (text, strlen (text));
    }

  req->soup = g_object_ref (galley_net_session_get_soup (self->session));
  req->request_id = g_uuid_string_random ();
  req->secret = g_strdup (secret);
  req->token = calls[call].auth != AUTH_NONE ? g_strdup (self->token) : NULL;
  req->csrf = g_strdup (self->csrf);
  req->restaurant_id = g_strdup (self->restaurant_id);
  req->idempotency_key = g_strdup (idempotency_key);
  req->target_status = g_strdup (target_status);
  req->timeout_ms = self->timeout_ms;
  /* the voice session call waits longer than the others, unless a test shortened them all */
  if (call == CALL_REALTIME_SESSION && self->timeout_ms == DEFAULT_TIMEOUT_MS)
    req->timeout_ms = REALTIME_SESSION_TIMEOUT_MS;
  req->retry_base_ms = self->retry_base_ms;

  req->client = self;
  g_ptr_array_add (self->requests, req);

  /* g_task_return_error_if_cancelled() above: neither is cancelled yet */
  if (cancellable != NULL)
    {
      req->caller_cancellable = g_object_ref (cancellable);
      req->caller_handler = g_signal_connect_swapped (cancellable, "cancelled",
                                                      G_CALLBACK (request_cancelled_cb), req);
    }
  req->client_cancellable = g_object_ref (self->cancellable);
  req->client_handler = g_signal_connect_swapped (self->cancellable, "cancelled",
                                                  G_CALLBACK (request_cancelled_cb), req);

  attempt_start (req);
}

/* Fails a call before any request is made (bad arguments a user could have typed). */
void
_galley_rest_fail_call (GalleyRestClient    *self,
                        Call                 call,
                        GError              *error,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, TAG (call));
  g_task_set_name (task, calls[call].name);
  g_debug ("Call refused before sending: %s", error->message);
  g_task_return_error (task, error);
}

gpointer
_galley_rest_propagate (GalleyRestClient  *self,
                        GAsyncResult      *result,
                        Call               call,
                        GError           **error)
{
  g_return_val_if_fail (self == NULL || GALLEY_IS_REST_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, TAG (call)), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
