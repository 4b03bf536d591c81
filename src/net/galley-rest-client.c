/* galley-rest-client.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The restaurant server's REST API (spec/order-protocol.md §4): sign-in, orders, menu.
 *
 * Each call is a GTask carrying a Request. A request owns, while it runs:
 *   - a child cancellable per attempt, cancelled by the caller's cancellable, by the client's
 *     own cancellable (cancelled in dispose) or by the attempt's timeout;
 *   - one named timeout source per attempt ("galley-rest-client-timeout") and, between the
 *     attempts of an idempotent GET, one named retry source ("galley-rest-client-retry");
 *   - the SoupMessage and its response stream, read in chunks up to a 16 MiB cap (R-IN-1).
 * Every one of these is released before the task returns, so nothing outlives a request.
 *
 * The tasks have no source object: a call in flight holds no reference on the client, so
 * dropping the client cancels its calls (their callbacks see G_IO_ERROR_CANCELLED) instead
 * of keeping it alive. The _finish functions therefore accept the client or NULL.
 *
 * Tokens, PINs, passwords, refresh tokens and the CSRF value are never logged (R-IN-6), nor
 * is any request or response body.
 */
#define G_LOG_DOMAIN "galley-rest-client"

#include <glib/gi18n.h>
#include <string.h>

#include "net/galley-rest-client.h"
#include "orders/galley-order-status.h"
#include "util/galley-json.h"
#include "util/galley-jwt.h"
#include "util/galley-source.h"
#include "util/galley-time.h"

#define API_PREFIX            "/api/v1"
#define DEFAULT_TIMEOUT_MS    15000
#define DEFAULT_RETRY_BASE_MS 500
#define MAX_RETRIES           3
#define MAX_BODY              (16 * 1024 * 1024)    /* R-IN-1 */
#define READ_CHUNK            (64 * 1024)
#define MAX_JSON_DEPTH        100
#define LOG_TEXT_MAX          200
#define WARNING_INTERVAL_US   (10 * G_USEC_PER_SEC)
#define HTTP_TOO_MANY_REQUESTS 429   /* libsoup 3.2 has no name for it */

typedef enum
{
  AUTH_NONE,        /* sign-in calls: an old token must not ride along */
  AUTH_OPTIONAL,    /* sent when there is one (menu) */
  AUTH_REQUIRED,    /* NOT_SIGNED_IN without a token, and no request */
} AuthMode;

typedef enum
{
  CALL_LOGIN_PIN,
  CALL_LOGIN_EMAIL,
  CALL_REFRESH,
  CALL_STATION_LOGIN,
  CALL_LIST_ORDERS,
  CALL_GET_ORDER,
  CALL_CREATE_ORDER,
  CALL_SET_STATUS,
  CALL_SET_ITEM_STATUS,
  CALL_GET_MENU,
} Call;

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
};

/* The source tag of a call's task: its entry in the table (a function pointer is not a
 * gpointer in ISO C). */
#define TAG(call) ((gpointer) &calls[(call)])

typedef struct _Request Request;

struct _GalleyRestClient
{
  GObject           parent_instance;

  GalleyNetSession *session;
  GCancellable     *cancellable;      /* cancelled in dispose: every request hangs off it */
  GPtrArray        *requests;         /* Request*, not owned: the live calls */

  char             *base_url;
  char             *restaurant_id;
  char             *token;            /* never logged */
  char             *csrf;             /* never logged; one value per sign-in */

  guint             timeout_ms;
  guint             retry_base_ms;

  gint64            last_warning_us;  /* warnings are rate-limited per client */
  guint             warnings_suppressed;
};

G_DEFINE_FINAL_TYPE (GalleyRestClient, galley_rest_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (galley-rest-error-quark, galley_rest_error)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_BASE_URL,
  PROP_RESTAURANT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _Request
{
  GalleyRestClient *client;              /* not a reference: the client's dispose clears it */
  GTask            *task;                /* not a reference: the task owns this struct */
  Call              call;
  SoupSession      *soup;

  char             *url;
  char             *path;                /* for the log: no secret goes into a path */
  char             *request_id;
  GBytes           *body;                /* never logged */
  char             *secret;              /* PIN, password or refresh token: kept out of logs */
  char             *token;               /* snapshot taken when the call started */
  char             *csrf;
  char             *restaurant_id;
  char             *idempotency_key;
  char             *target_status;       /* set_status: for the user's message */

  guint             timeout_ms;
  guint             retry_base_ms;
  guint             attempt;             /* 1 for the first try */
  gboolean          cancelled;
  gboolean          timed_out;
  gint64            started_us;
  gint64            attempt_started_us;

  GCancellable     *caller_cancellable;
  gulong            caller_handler;
  GCancellable     *client_cancellable;
  gulong            client_handler;

  GCancellable     *attempt_cancellable;
  guint             timeout_id;
  guint             retry_id;
  SoupMessage      *msg;
  GInputStream     *stream;
  GByteArray       *buf;
};

/* ------------------------------------------------------------------ small helpers */

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    {
      /* volatile: the compiler must not drop the writes to memory about to be freed */
      for (volatile char *p = *secret; *p != '\0'; p++)
        *p = '\0';
      g_clear_pointer (secret, g_free);
    }
}

static char *
new_csrf_value (void)
{
  return g_uuid_string_random ();
}

static gboolean
is_mutation (const char *method)
{
  return strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0;
}

static gboolean
valid_pin (const char *pin)
{
  gsize len = strlen (pin);

  if (len < 4 || len > 6)
    return FALSE;

  for (const char *p = pin; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

static char *
escape_segment (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

/* Text for the log: at most LOG_TEXT_MAX characters on one line, and never a secret. */
static char *
loggable (const Request *req,
          const char    *text)
{
  g_autofree char *line = NULL;

  if (text == NULL)
    return g_strdup ("(no message)");

  if (req->secret != NULL && *req->secret != '\0' && strstr (text, req->secret) != NULL)
    return g_strdup ("(withheld: it repeats what was sent)");
  if ((req->token != NULL && strstr (text, req->token) != NULL) ||
      (req->csrf != NULL && strstr (text, req->csrf) != NULL))
    return g_strdup ("(withheld: it repeats the token)");

  line = g_utf8_make_valid (text, -1);
  g_strdelimit (line, "\r\n\t", ' ');
  if (g_utf8_strlen (line, -1) > LOG_TEXT_MAX)
    {
      g_autofree char *cut = g_utf8_substring (line, 0, LOG_TEXT_MAX);

      return g_strconcat (cut, "...", NULL);
    }

  return g_steal_pointer (&line);
}

/* json-glib parses recursively: a hostile body of 16 MiB of "[" would overflow the stack.
 * Counts nesting outside strings before parsing. */
static gboolean
json_depth_ok (const guint8 *data,
               gsize         len,
               guint         max_depth)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

static JsonNode *
parse_body (const GByteArray  *buf,
            GError           **error)
{
  if (buf == NULL || buf->len == 0)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, "Empty body");
      return NULL;
    }

  if (!json_depth_ok (buf->data, buf->len, MAX_JSON_DEPTH))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                   "Nested deeper than %u levels", MAX_JSON_DEPTH);
      return NULL;
    }

  return galley_json_parse ((const char *) buf->data, (gssize) buf->len, error);
}

/* The server's words from any of its three error shapes (spec §4.1), for the log only. */
static char *
server_message (const GByteArray *buf)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *body, *error_object, *details, *fields;
  const char *text = NULL;
  GString *out;

  /* NULL error: an error body that is not JSON simply has no message to log */
  node = parse_body (buf, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  body = json_node_get_object (node);

  if ((error_object = galley_json_get_object (body, "error")) != NULL)
    {
      if (galley_json_get_string (error_object, "message", &text))
        return g_strdup (text);
      return NULL;
    }

  if (!galley_json_get_string (body, "error", &text))
    {
      if (galley_json_get_string (body, "message", &text))
        return g_strdup (text);
      return NULL;
    }

  out = g_string_new (text);
  details = galley_json_get_object (body, "details");
  fields = details != NULL ? galley_json_get_object (details, "fieldErrors") : NULL;
  if (fields != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (fields);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonArray *list = galley_json_get_array (fields, l->data);

          g_string_append_printf (out, "%s %s", l == members ? ":" : ";", (const char *) l->data);
          for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
            {
              JsonNode *element = json_array_get_element (list, i);

              if (JSON_NODE_HOLDS_VALUE (element) &&
                  json_node_get_value_type (element) == G_TYPE_STRING)
                g_string_append_printf (out, "%s %s", i == 0 ? ":" : ",",
                                        json_node_get_string (element));
            }
        }
    }

  return g_string_free (out, FALSE);
}

static const char *
status_label (GalleyOrderStatus status)
{
  switch (status)
    {
    case GALLEY_ORDER_STATUS_NEW:
      return C_("order status", "New Order");
    case GALLEY_ORDER_STATUS_PENDING:
      return C_("order status", "Pending");
    case GALLEY_ORDER_STATUS_CONFIRMED:
      return C_("order status", "Confirmed");
    case GALLEY_ORDER_STATUS_PREPARING:
      return C_("order status", "Preparing");
    case GALLEY_ORDER_STATUS_READY:
      return C_("order status", "Ready");
    case GALLEY_ORDER_STATUS_PICKED_UP:
      return C_("order status", "Picked Up");
    case GALLEY_ORDER_STATUS_COMPLETED:
      return C_("order status", "Completed");
    case GALLEY_ORDER_STATUS_CANCELLED:
      return C_("order status", "Cancelled");
    case GALLEY_ORDER_STATUS_UNKNOWN:
    default:
      return NULL;
    }
}

/* "Invalid state transition: pending → ready. Valid next states: …" gives the two statuses,
 * which are the only server words a user may see, and only as Galley's own labels. */
static gboolean
parse_transition (const char        *message,
                  GalleyOrderStatus *from,
                  GalleyOrderStatus *to)
{
  static const char prefix[] = "Invalid state transition:";
  g_autofree char *from_word = NULL;
  const char *p, *end;

  if (message == NULL || !g_str_has_prefix (message, prefix))
    return FALSE;

  p = message + strlen (prefix);
  while (*p == ' ')
    p++;
  end = p;
  while (g_ascii_isalpha (*end) || *end == '-' || *end == '_')
    end++;
  from_word = g_strndup (p, (gsize) (end - p));

  p = end;
  if (g_str_has_prefix (p, " → "))
    p += strlen (" → ");
  else if (g_str_has_prefix (p, " -> "))
    p += strlen (" -> ");
  else
    return FALSE;
  end = p;
  while (g_ascii_isalpha (*end) || *end == '-' || *end == '_')
    end++;

  {
    g_autofree char *to_word = g_strndup (p, (gsize) (end - p));

    *from = galley_order_status_from_string (from_word);
    *to = galley_order_status_from_string (to_word);
  }

  return *from != GALLEY_ORDER_STATUS_UNKNOWN && *to != GALLEY_ORDER_STATUS_UNKNOWN;
}

/* ------------------------------------------------------------------ user-facing errors */

static GError *
rest_error (GalleyRestError  code,
            const char      *message)
{
  return g_error_new_literal (GALLEY_REST_ERROR, code, message);
}

static GError *
network_error (void)
{
  return rest_error (GALLEY_REST_ERROR_NETWORK,
                     _("Galley cannot reach the restaurant server. Check the network; "
                       "Galley will try again."));
}

static GError *
timeout_error (void)
{
  return rest_error (GALLEY_REST_ERROR_TIMEOUT,
                     _("The restaurant server did not answer in time. Galley will try again."));
}

static GError *
bad_response_error (void)
{
  return rest_error (GALLEY_REST_ERROR_BAD_RESPONSE,
                     _("The restaurant server sent an answer Galley cannot read."));
}

static GError *
not_signed_in_error (void)
{
  return rest_error (GALLEY_REST_ERROR_NOT_SIGNED_IN, _("Galley is not signed in. Sign in again."));
}

static GError *
transition_error (const Request *req,
                  const char    *message)
{
  GalleyOrderStatus from, to;

  if (g_str_has_prefix (message, "Order status update conflict"))
    return rest_error (GALLEY_REST_ERROR_INVALID_TRANSITION,
                       _("Another terminal changed this order at the same moment. "
                         "Galley will check it again."));

  if (parse_transition (message, &from, &to))
    return g_error_new (GALLEY_REST_ERROR, GALLEY_REST_ERROR_INVALID_TRANSITION,
                        /* Translators: both are order statuses ("Pending", "Ready") */
                        _("This order is “%s” on the server, so it cannot be marked “%s”."),
                        status_label (from), status_label (to));

  to = galley_order_status_from_string (req->target_status);
  if (to != GALLEY_ORDER_STATUS_UNKNOWN)
    return g_error_new (GALLEY_REST_ERROR, GALLEY_REST_ERROR_INVALID_TRANSITION,
                        /* Translators: an order status ("Ready") */
                        _("This order cannot be marked “%s” now. Galley will check it again."),
                        status_label (to));

  return rest_error (GALLEY_REST_ERROR_INVALID_TRANSITION,
                     _("This order cannot be changed that way now. Galley will check it again."));
}

/* Maps an HTTP failure to what the caller should do, in words for a cook or a cashier. */
static GError *
status_error (const Request *req,
              guint          status,
              const char    *message)
{
  gboolean order_call = req->call == CALL_GET_ORDER || req->call == CALL_SET_STATUS ||
                        req->call == CALL_SET_ITEM_STATUS;

  if (status == SOUP_STATUS_INTERNAL_SERVER_ERROR && message != NULL &&
      (g_str_has_prefix (message, "Invalid state transition") ||
       g_str_has_prefix (message, "Order status update conflict")))
    return transition_error (req, message);

  switch (status)
    {
    case SOUP_STATUS_BAD_REQUEST:
      if (req->call == CALL_LOGIN_PIN || req->call == CALL_LOGIN_EMAIL)
        return rest_error (GALLEY_REST_ERROR_INVALID_REQUEST,
                           _("The server did not accept this sign-in. Check the restaurant "
                             "in Preferences."));
      if (req->call == CALL_CREATE_ORDER)
        return rest_error (GALLEY_REST_ERROR_INVALID_REQUEST,
                           _("The server did not accept this order. Check the items and "
                             "try again."));
      return rest_error (GALLEY_REST_ERROR_INVALID_REQUEST,
                         _("The server did not accept this request. Galley may need an "
                           "update."));

    case SOUP_STATUS_UNAUTHORIZED:
      if (req->call == CALL_LOGIN_PIN)
        return rest_error (GALLEY_REST_ERROR_UNAUTHORIZED,
                           _("That PIN was not accepted. Check it and try again."));
      if (req->call == CALL_LOGIN_EMAIL)
        return rest_error (GALLEY_REST_ERROR_UNAUTHORIZED,
                           _("That email address and password were not accepted."));
      return rest_error (GALLEY_REST_ERROR_UNAUTHORIZED,
                         _("The sign-in has ended. Sign in again."));

    case SOUP_STATUS_FORBIDDEN:
      if (req->call == CALL_STATION_LOGIN)
        return rest_error (GALLEY_REST_ERROR_FORBIDDEN,
                           _("Only a manager can sign in a station."));
      if (req->call == CALL_CREATE_ORDER)
        return rest_error (GALLEY_REST_ERROR_FORBIDDEN,
                           _("This sign-in may not take orders. Ask a manager."));
      return rest_error (GALLEY_REST_ERROR_FORBIDDEN,
                         _("This sign-in may not do that. Ask a manager."));

    case SOUP_STATUS_NOT_FOUND:
      if (order_call)
        return rest_error (GALLEY_REST_ERROR_NOT_FOUND,
                           _("That order no longer exists on the server."));
      if (req->call == CALL_GET_MENU)
        return rest_error (GALLEY_REST_ERROR_NOT_FOUND,
                           _("The server has no menu for this restaurant. Check the "
                             "restaurant in Preferences."));
      return rest_error (GALLEY_REST_ERROR_NOT_FOUND,
                         _("The restaurant server address looks wrong. Check it in "
                           "Preferences."));

    case SOUP_STATUS_CONFLICT:
      return rest_error (GALLEY_REST_ERROR_CONFLICT,
                         _("Someone else changed this at the same moment. Reload and try "
                           "again."));

    case HTTP_TOO_MANY_REQUESTS:
      if (req->call == CALL_LOGIN_PIN)
        return rest_error (GALLEY_REST_ERROR_RATE_LIMITED,
                           _("Too many wrong PINs. Wait 15 minutes and try again."));
      if (req->call == CALL_LOGIN_EMAIL)
        return rest_error (GALLEY_REST_ERROR_RATE_LIMITED,
                           _("Too many sign-in attempts. Wait a few minutes and try again."));
      return rest_error (GALLEY_REST_ERROR_RATE_LIMITED,
                         _("The restaurant server is busy. Galley will try again in a "
                           "moment."));

    default:
      if (SOUP_STATUS_IS_SERVER_ERROR (status))
        return rest_error (GALLEY_REST_ERROR_SERVER,
                           _("The restaurant server has a problem. Galley will try again."));
      if (SOUP_STATUS_IS_CLIENT_ERROR (status))
        return rest_error (GALLEY_REST_ERROR_INVALID_REQUEST,
                           _("The server did not accept this request. Galley may need an "
                             "update."));
      /* 1xx and 3xx (redirects are not followed: the token stays with this server) */
      return bad_response_error ();
    }
}

/* ------------------------------------------------------------------ logging */

static gboolean
client_may_warn (GalleyRestClient *self,
                 guint            *suppressed)
{
  gint64 now = g_get_monotonic_time ();

  if (self->last_warning_us != 0 && now - self->last_warning_us < WARNING_INTERVAL_US)
    {
      self->warnings_suppressed++;
      return FALSE;
    }

  self->last_warning_us = now;
  *suppressed = self->warnings_suppressed;
  self->warnings_suppressed = 0;

  return TRUE;
}

/* Unexpected failures (5xx, unreadable answers) are warnings, at most one per client every
 * WARNING_INTERVAL_US; expected ones (4xx, offline, cancelled) are debug messages. */
static void log_failure (Request    *req,
                         gboolean    unexpected,
                         const char *format,
                         ...) G_GNUC_PRINTF (3, 4);

static void
log_failure (Request    *req,
             gboolean    unexpected,
             const char *format,
             ...)
{
  g_autofree char *text = NULL;
  va_list args;
  guint suppressed = 0;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  if (unexpected && req->client != NULL && client_may_warn (req->client, &suppressed))
    {
      if (suppressed > 0)
        g_warning ("%s %s: %s (%u similar warnings suppressed)", calls[req->call].method,
                   req->path, text, suppressed);
      else
        g_warning ("%s %s: %s", calls[req->call].method, req->path, text);
    }
  else
    g_debug ("%s %s: %s", calls[req->call].method, req->path, text);
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
  clear_secret (&req->secret);
  clear_secret (&req->token);
  clear_secret (&req->csrf);
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
          log_failure (req, FALSE, "no answer within %u ms", req->timeout_ms);
          attempt_failed (req, timeout_error ());
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
      log_failure (req, FALSE, "timed out after %" G_GINT64_FORMAT " ms: %s", ms, error->message);
      attempt_failed (req, timeout_error ());
      return;
    }

  if (g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING) ||
      g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_ENCODING) ||
      g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS) ||
      g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_REDIRECT_NO_LOCATION))
    {
      log_failure (req, TRUE, "unreadable answer: %s", error->message);
      attempt_failed (req, bad_response_error ());
      return;
    }

  log_failure (req, FALSE, "network error after %" G_GINT64_FORMAT " ms: %s", ms,
               error->message);
  attempt_failed (req, network_error ());
}

static GalleyRestLogin *
parse_login (JsonObject  *body,
             GError     **error)
{
  g_autoptr(GalleyRestLogin) login = g_new0 (GalleyRestLogin, 1);
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GPtrArray) scopes = g_ptr_array_new ();
  JsonObject *user = galley_json_get_object (body, "user");
  JsonObject *session = galley_json_get_object (body, "session");
  JsonArray *scope_list = NULL;
  const char *token = NULL, *refresh = NULL, *user_id = NULL, *email = NULL, *role = NULL;
  gint64 exp = 0, expires_in = 0;

  if (!galley_json_get_string (body, "token", &token) && session != NULL)
    galley_json_get_string (session, "access_token", &token);
  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "no token in the answer");
      return NULL;
    }
  if (session != NULL)
    galley_json_get_string (session, "refresh_token", &refresh);

  /* NULL error: a token that is not a readable JWT just gives no claims; the user and
   * expiry must then come from the body */
  claims = galley_jwt_decode (token, NULL);

  if (user != NULL)
    {
      galley_json_get_string (user, "id", &user_id);
      galley_json_get_string (user, "email", &email);
      galley_json_get_string (user, "role", &role);
      scope_list = galley_json_get_array (user, "scopes");
    }
  if (claims != NULL)
    {
      if (user_id == NULL)
        galley_json_get_string (claims, "sub", &user_id);
      if (email == NULL)
        galley_json_get_string (claims, "email", &email);
      if (role == NULL)
        galley_json_get_string (claims, "role", &role);
      if (scope_list == NULL)
        scope_list = galley_json_get_array (claims, "scope");
      galley_json_get_int (claims, "exp", &exp);
    }

  if (exp <= 0 && (galley_json_get_int (body, "expiresIn", &expires_in) ||
                   (session != NULL && galley_json_get_int (session, "expires_in", &expires_in))))
    exp = g_get_real_time () / G_USEC_PER_SEC + expires_in;

  if (user_id == NULL || role == NULL || exp <= 0)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "no user, role or expiry in the answer");
      return NULL;
    }

  for (guint i = 0; scope_list != NULL && i < json_array_get_length (scope_list); i++)
    {
      JsonNode *element = json_array_get_element (scope_list, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_ptr_array_add (scopes, g_strdup (json_node_get_string (element)));
    }
  g_ptr_array_add (scopes, NULL);

  login->user_id = g_strdup (user_id);
  login->email = g_strdup (email);
  login->role = g_strdup (role);
  login->scopes = (char **) g_ptr_array_steal (scopes, NULL);
  login->token = g_strdup (token);
  login->refresh_token = g_strdup (refresh);
  login->expires_at = exp;

  return g_steal_pointer (&login);
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
      g_autofree char *message = server_message (req->buf);
      g_autofree char *text = loggable (req, message);
      GError *error = status_error (req, status, message);

      log_failure (req, error->code == GALLEY_REST_ERROR_SERVER ||
                        error->code == GALLEY_REST_ERROR_BAD_RESPONSE,
                   "HTTP %u: %s", status, text);
      attempt_failed (req, error);
      return;
    }

  node = parse_body (req->buf, &parse_error);
  if (node == NULL)
    {
      log_failure (req, TRUE, "HTTP %u with a body that is not JSON (%u bytes): %s", status,
                   req->buf->len, parse_error->message);
      attempt_failed (req, bad_response_error ());
      return;
    }

  if (calls[req->call].array ? !JSON_NODE_HOLDS_ARRAY (node) : !JSON_NODE_HOLDS_OBJECT (node))
    {
      log_failure (req, TRUE, "HTTP %u with a %s where a JSON %s was expected", status,
                   json_node_type_name (node), calls[req->call].array ? "array" : "object");
      attempt_failed (req, bad_response_error ());
      return;
    }

  if (calls[req->call].login)
    {
      GalleyRestLogin *login = parse_login (json_node_get_object (node), &parse_error);

      if (login == NULL)
        {
          log_failure (req, TRUE, "HTTP %u with an unusable session: %s", status,
                       parse_error->message);
          attempt_failed (req, bad_response_error ());
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
      log_failure (req, TRUE, "answer larger than %u bytes, abandoned", MAX_BODY);
      attempt_failed (req, bad_response_error ());
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
      log_failure (req, TRUE, "HTTP %u announcing %" G_GINT64_FORMAT " bytes, over the %u cap",
                   soup_message_get_status (req->msg),
                   soup_message_headers_get_content_length (headers), MAX_BODY);
      attempt_failed (req, bad_response_error ());
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
      clear_secret (&bearer);
    }

  if (req->restaurant_id != NULL)
    soup_message_headers_replace (headers, "x-restaurant-id", req->restaurant_id);

  /* stateless double submit (spec §4.1): the same value as cookie and header */
  if (req->csrf != NULL && is_mutation (calls[req->call].method))
    {
      g_autofree char *cookie = g_strconcat ("csrf_token=", req->csrf, NULL);

      soup_message_headers_replace (headers, "Cookie", cookie);
      soup_message_headers_replace (headers, "X-CSRF-Token", req->csrf);
      clear_secret (&cookie);
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
static void
start_call (GalleyRestClient    *self,
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
      g_task_return_error (task, not_signed_in_error ());
      return;
    }

  req->url = build_url (self->base_url, path);
  if (req->url == NULL)
    {
      g_debug ("%s %s: no usable server address, nothing sent", calls[call].method, req->path);
      g_task_return_error (task, rest_error (GALLEY_REST_ERROR_NETWORK,
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
static void
fail_call (GalleyRestClient    *self,
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

static gpointer
propagate (GalleyRestClient  *self,
           GAsyncResult      *result,
           Call               call,
           GError           **error)
{
  g_return_val_if_fail (self == NULL || GALLEY_IS_REST_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, TAG (call)), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ GObject */

static void
galley_rest_client_constructed (GObject *object)
{
  GalleyRestClient *self = GALLEY_REST_CLIENT (object);

  G_OBJECT_CLASS (galley_rest_client_parent_class)->constructed (object);

  if (self->session == NULL)
    self->session = galley_net_session_get_default ();
}

static void
galley_rest_client_dispose (GObject *object)
{
  GalleyRestClient *self = GALLEY_REST_CLIENT (object);

  /* 1. Sources: the client has none of its own; each request's end with it (step 3). */

  /* 3. Work in flight: detach the requests, then cancel them. Their callbacks see
   *    G_IO_ERROR_CANCELLED; their timers go now, their messages when libsoup reports the
   *    cancellation. */
  for (guint i = 0; self->requests != NULL && i < self->requests->len; i++)
    ((Request *) g_ptr_array_index (self->requests, i))->client = NULL;
  if (self->requests != NULL)
    g_ptr_array_set_size (self->requests, 0);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  /* 5. References. */
  g_clear_object (&self->session);

  G_OBJECT_CLASS (galley_rest_client_parent_class)->dispose (object);
}

static void
galley_rest_client_finalize (GObject *object)
{
  GalleyRestClient *self = GALLEY_REST_CLIENT (object);

  g_assert (self->cancellable == NULL);
  g_assert (self->session == NULL);
  g_assert (self->requests->len == 0);

  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_free (self->base_url);
  g_free (self->restaurant_id);
  clear_secret (&self->token);
  clear_secret (&self->csrf);

  G_OBJECT_CLASS (galley_rest_client_parent_class)->finalize (object);
}

static void
galley_rest_client_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GalleyRestClient *self = GALLEY_REST_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_RESTAURANT_ID:
      g_value_set_string (value, self->restaurant_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_rest_client_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GalleyRestClient *self = GALLEY_REST_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_BASE_URL:
      galley_rest_client_set_base_url (self, g_value_get_string (value));
      break;

    case PROP_RESTAURANT_ID:
      galley_rest_client_set_restaurant_id (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_rest_client_class_init (GalleyRestClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = galley_rest_client_constructed;
  object_class->dispose = galley_rest_client_dispose;
  object_class->finalize = galley_rest_client_finalize;
  object_class->get_property = galley_rest_client_get_property;
  object_class->set_property = galley_rest_client_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, GALLEY_TYPE_NET_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESTAURANT_ID] =
    g_param_spec_string ("restaurant-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_rest_client_init (GalleyRestClient *self)
{
  self->cancellable = g_cancellable_new ();
  self->requests = g_ptr_array_new ();
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
  self->retry_base_ms = DEFAULT_RETRY_BASE_MS;
}

/* ------------------------------------------------------------------ public API */

/**
 * galley_rest_login_free:
 *
 * Frees @login, wiping its tokens first.
 */
void
galley_rest_login_free (GalleyRestLogin *login)
{
  if (login == NULL)
    return;

  g_free (login->user_id);
  g_free (login->email);
  g_free (login->role);
  g_strfreev (login->scopes);
  clear_secret (&login->token);
  clear_secret (&login->refresh_token);
  g_free (login);
}

/**
 * galley_rest_client_new:
 * @session: (nullable): the network session, or %NULL for the shared one
 *
 * Returns: (transfer full): a client with no server address, restaurant or token yet
 */
GalleyRestClient *
galley_rest_client_new (GalleyNetSession *session)
{
  g_return_val_if_fail (session == NULL || GALLEY_IS_NET_SESSION (session), NULL);

  return g_object_new (GALLEY_TYPE_REST_CLIENT, "session", session, NULL);
}

/**
 * galley_rest_client_set_base_url:
 * @base_url: (nullable): "http://host:3001" or "http://host:3001/api/v1"
 *
 * Calls go to @base_url plus "/api/v1" unless it already ends with it. An address that is
 * missing or not http(s) makes every call fail with %GALLEY_REST_ERROR_NETWORK.
 */
void
galley_rest_client_set_base_url (GalleyRestClient *self,
                                 const char       *base_url)
{
  g_return_if_fail (GALLEY_IS_REST_CLIENT (self));

  if (g_strcmp0 (self->base_url, base_url) == 0)
    return;

  g_free (self->base_url);
  self->base_url = g_strdup (base_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

const char *
galley_rest_client_get_base_url (GalleyRestClient *self)
{
  g_return_val_if_fail (GALLEY_IS_REST_CLIENT (self), NULL);

  return self->base_url;
}

/**
 * galley_rest_client_set_restaurant_id:
 * @restaurant_id: (nullable): the restaurant's UUID
 *
 * Sent as x-restaurant-id on every call and as restaurantId in sign-in bodies.
 */
void
galley_rest_client_set_restaurant_id (GalleyRestClient *self,
                                      const char       *restaurant_id)
{
  g_return_if_fail (GALLEY_IS_REST_CLIENT (self));

  if (g_strcmp0 (self->restaurant_id, restaurant_id) == 0)
    return;

  g_free (self->restaurant_id);
  self->restaurant_id = g_strdup (restaurant_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESTAURANT_ID]);
}

const char *
galley_rest_client_get_restaurant_id (GalleyRestClient *self)
{
  g_return_val_if_fail (GALLEY_IS_REST_CLIENT (self), NULL);

  return self->restaurant_id;
}

/**
 * galley_rest_client_set_token:
 * @token: (nullable): a JWT, or %NULL to forget it
 *
 * Sets the Bearer token for the calls started from now on, with a fresh CSRF value.
 * Sign-in calls do this themselves.
 */
void
galley_rest_client_set_token (GalleyRestClient *self,
                              const char       *token)
{
  g_return_if_fail (GALLEY_IS_REST_CLIENT (self));

  clear_secret (&self->token);
  clear_secret (&self->csrf);

  if (token != NULL && *token != '\0')
    {
      self->token = g_strdup (token);
      self->csrf = new_csrf_value ();
    }

  g_debug ("Token %s", self->token != NULL ? "set, new CSRF value" : "cleared");
}

gboolean
galley_rest_client_has_token (GalleyRestClient *self)
{
  g_return_val_if_fail (GALLEY_IS_REST_CLIENT (self), FALSE);

  return self->token != NULL;
}

/**
 * galley_rest_client_set_timeout:
 * @timeout_ms: how long one attempt may take, send to last byte (default 15 s)
 */
void
galley_rest_client_set_timeout (GalleyRestClient *self,
                                guint             timeout_ms)
{
  g_return_if_fail (GALLEY_IS_REST_CLIENT (self));
  g_return_if_fail (timeout_ms > 0);

  self->timeout_ms = timeout_ms;
}

/**
 * galley_rest_client_set_retry_delay:
 * @base_ms: the wait before the first retry of a GET; it doubles each time (default 500 ms)
 */
void
galley_rest_client_set_retry_delay (GalleyRestClient *self,
                                    guint             base_ms)
{
  g_return_if_fail (GALLEY_IS_REST_CLIENT (self));
  g_return_if_fail (base_ms > 0 && base_ms <= G_MAXUINT / 16);

  self->retry_base_ms = base_ms;
}

/* Sign-in calls need the restaurant; a missing one is a setting to fix, not a retry. */
static gboolean
check_restaurant (GalleyRestClient    *self,
                  Call                 call,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  if (self->restaurant_id != NULL && *self->restaurant_id != '\0')
    return TRUE;

  fail_call (self, call,
             rest_error (GALLEY_REST_ERROR_INVALID_REQUEST,
                         _("No restaurant is set. Choose it in Preferences.")),
             cancellable, callback, user_data);

  return FALSE;
}

/**
 * galley_rest_client_login_pin_async:
 * @pin: 4 to 6 digits; never logged
 *
 * POST /auth/pin-login. A PIN of the wrong form fails with
 * %GALLEY_REST_ERROR_INVALID_REQUEST without a request; a wrong one with
 * %GALLEY_REST_ERROR_UNAUTHORIZED; the lockout after five with
 * %GALLEY_REST_ERROR_RATE_LIMITED. Finish with galley_rest_client_login_finish().
 */
void
galley_rest_client_login_pin_async (GalleyRestClient    *self,
                                    const char          *pin,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (GALLEY_IS_REST_CLIENT (self));
  g_return_if_fail (pin != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!check_restaurant (self, CALL_LOGIN_PIN, cancellable, callback, user_data))
    return;

  if (!valid_pin (pin))
    {
      fail_call (self, CALL_LOGIN_PIN,
                 rest_error (GALLEY_REST_ERROR_INVALID_REQUEST, _("A PIN has 4 to 6 digits.")),
                 cancellable, callback, user_data);
      return;
    }

  body = json_object_new ();
  json_object_set_string_member (body, "pin", pin);
  json_object_set_string_member (body, "restaurantId", self->restaurant_id);

  start_call (self, CALL_LOGIN_PIN, "/auth/pin-login", body, pin, NULL, NULL,
              cancellable, callback, user_data);
}

/**
 * galley_rest_client_login_finish:
 *
 * Finishes galley_rest_client_login_pin_async(), _login_email_async() and
 * _refresh_async(). On success the client already uses the new token.
 *
 * Returns: (transfer full) (nullable): the session
 */
GalleyRestLogin *
galley_rest_client_login_finish (GalleyRestClient  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (self == NULL || GALLEY_IS_REST_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, TAG (CALL_LOGIN_PIN)) ||
                        g_async_result_is_tagged (result, TAG (CALL_LOGIN_EMAIL)) ||
                        g_async_result_is_tagged (result, TAG (CALL_REFRESH)), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * galley_rest_client_login_email_async:
 * @password: never logged
 *
 * POST /auth/login. The session carries a refresh token.
 */
void
galley_rest_client_login_email_async (GalleyRestClient    *self,
                                      const char          *email,
                                      const char          *password,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (GALLEY_IS_REST_CLIENT (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!check_restaurant (self, CALL_LOGIN_EMAIL, cancellable, callback, user_data))
    return;

  body = json_object_new ();
  json_object_set_string_member (body, "email", email);
  json_object_set_string_member (body, "password", password);
  json_object_set_string_member (body, "restaurantId", self->restaurant_id);

  start_call (self, CALL_LOGIN_EMAIL, "/auth/login", body, password, NULL, NULL,
              cancellable, callback, user_data);
}

/**
 * galley_rest_client_refresh_async:
 * @refresh_token: from an email sign-in; never logged
 *
 * POST /auth/refresh. The server accepts a refresh token once; the new session carries
 * the next one.
 */
void
galley_rest_client_refresh_async (GalleyRestClient    *self,
                                  const char          *refresh_token,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (GALLEY_IS_REST_CLIENT (self));
  g_return_if_fail (refresh_token != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  body = json_object_new ();
  json_object_set_string_member (body, "refreshToken", refresh_token);

  start_call (self, CALL_REFRESH, "/auth/refresh", body, refresh_token, NULL, NULL,
              cancellable, callback, user_data);
}

/**
 * galley_rest_client_station_login_async:
 * @station_type: "kitchen", "expo", "bar" or "prep"
 *
 * POST /auth/station-login, as a signed-in manager. The station token is returned, not
 * used: the server does not accept it for orders (spec §4.2).
 */
void
galley_rest_client_station_login_async (GalleyRestClient    *self,
                                        const char          *station_type,
                                        const char          *station_name,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (GALLEY_IS_REST_CLIENT (self));
  g_return_if_fail (station_type != NULL);
  g_return_if_fail (station_name != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!check_restaurant (self, CALL_STATION_LOGIN, cancellable, callback, user_data))
    return;

  body = json_object_new ();
  json_object_set_string_member (body, "stationType", station_type);
  json_object_set_string_member (body, "stationName", station_name);
  json_object_set_string_member (body, "restaurantId", self->restaurant_id);

  start_call (self, CALL_STATION_LOGIN, "/auth/station-login", body, NULL, NULL, NULL,
              cancellable, callback, user_data);
}

/**
 * galley_rest_client_station_login_finish:
 *
 * Returns: (transfer full) (nullable): {token, expiresAt, stationType, stationName,
 *   restaurantId}
 */
JsonObject *
galley_rest_client_station_login_finish (GalleyRestClient  *self,
                                         GAsyncResult      *result,
                                         GError           **error)
{
  return propagate (self, result, CALL_STATION_LOGIN, error);
}

/**
 * galley_rest_client_sign_out:
 *
 * Forgets the token and the CSRF value. Calls already started keep the token they began
 * with.
 */
void
galley_rest_client_sign_out (GalleyRestClient *self)
{
  g_return_if_fail (GALLEY_IS_REST_CLIENT (self));

  galley_rest_client_set_token (self, NULL);
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

  start_call (self, CALL_LIST_ORDERS, path->str, NULL, NULL, NULL, NULL,
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
  return propagate (self, result, CALL_LIST_ORDERS, error);
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

  start_call (self, CALL_GET_ORDER, path, NULL, NULL, NULL, NULL,
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
  return propagate (self, result, CALL_GET_ORDER, error);
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

  start_call (self, CALL_CREATE_ORDER, "/orders", body, NULL, idempotency_key, NULL,
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
  return propagate (self, result, CALL_CREATE_ORDER, error);
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

  start_call (self, CALL_SET_STATUS, path, body, NULL, NULL, status,
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
  return propagate (self, result, CALL_SET_STATUS, error);
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

  start_call (self, CALL_SET_ITEM_STATUS, path, body, NULL, NULL, NULL,
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
  return propagate (self, result, CALL_SET_ITEM_STATUS, error);
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

  start_call (self, CALL_GET_MENU, "/menu", NULL, NULL, NULL, NULL,
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
  return propagate (self, result, CALL_GET_MENU, error);
}
