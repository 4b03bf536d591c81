/* galley-rest-client-errors.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyRestClient's error mapping: the server's answers (spec §4.1) turned into
 * GALLEY_REST_ERROR codes with words for a cook or a cashier, the bodies parsed with a
 * depth limit, and the rate-limited failure log that never repeats a secret (R-IN-6).
 */
#define G_LOG_DOMAIN "galley-rest-client"

#include <glib/gi18n.h>
#include <string.h>

#include "net/galley-rest-client-private.h"
#include "orders/galley-order-status.h"
#include "util/galley-json.h"

/* Text for the log: at most LOG_TEXT_MAX characters on one line, and never a secret. */
char *
_galley_rest_loggable (const Request *req,
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

JsonNode *
_galley_rest_parse_body (const GByteArray  *buf,
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
char *
_galley_rest_server_message (const GByteArray *buf)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *body, *error_object, *details, *fields;
  const char *text = NULL;
  GString *out;

  /* NULL error: an error body that is not JSON simply has no message to log */
  node = _galley_rest_parse_body (buf, NULL);
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

GError *
_galley_rest_error_new (GalleyRestError  code,
                        const char      *message)
{
  return g_error_new_literal (GALLEY_REST_ERROR, code, message);
}

GError *
_galley_rest_network_error (void)
{
  return _galley_rest_error_new (GALLEY_REST_ERROR_NETWORK,
                                 _("Galley cannot reach the restaurant server. Check the network; "
                                   "Galley will try again."));
}

GError *
_galley_rest_timeout_error (void)
{
  return _galley_rest_error_new (GALLEY_REST_ERROR_TIMEOUT,
                                 _("The restaurant server did not answer in time. Galley will try "
                                   "again."));
}

GError *
_galley_rest_bad_response_error (void)
{
  return _galley_rest_error_new (GALLEY_REST_ERROR_BAD_RESPONSE,
                                 _("The restaurant server sent an answer Galley cannot read."));
}

GError *
_galley_rest_not_signed_in_error (void)
{
  return _galley_rest_error_new (GALLEY_REST_ERROR_NOT_SIGNED_IN,
                                 _("Galley is not signed in. Sign in again."));
}

static GError *
transition_error (const Request *req,
                  const char    *message)
{
  GalleyOrderStatus from, to;

  if (g_str_has_prefix (message, "Order status update conflict"))
    return _galley_rest_error_new (GALLEY_REST_ERROR_INVALID_TRANSITION,
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

  return _galley_rest_error_new (GALLEY_REST_ERROR_INVALID_TRANSITION,
                                 _("This order cannot be changed that way now. Galley will check "
                                   "it again."));
}

/* Maps an HTTP failure to what the caller should do, in words for a cook or a cashier. */
GError *
_galley_rest_status_error (const Request *req,
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
        return _galley_rest_error_new (GALLEY_REST_ERROR_INVALID_REQUEST,
                                       _("The server did not accept this sign-in. Check the "
                                         "restaurant in Preferences."));
      if (req->call == CALL_CREATE_ORDER)
        return _galley_rest_error_new (GALLEY_REST_ERROR_INVALID_REQUEST,
                                       _("The server did not accept this order. Check the items "
                                         "and try again."));
      return _galley_rest_error_new (GALLEY_REST_ERROR_INVALID_REQUEST,
                                     _("The server did not accept this request. Galley may need an "
                                       "update."));

    case SOUP_STATUS_UNAUTHORIZED:
      if (req->call == CALL_LOGIN_PIN)
        return _galley_rest_error_new (GALLEY_REST_ERROR_UNAUTHORIZED,
                                       _("That PIN was not accepted. Check it and try again."));
      if (req->call == CALL_LOGIN_EMAIL)
        return _galley_rest_error_new (GALLEY_REST_ERROR_UNAUTHORIZED,
                                       _("That email address and password were not accepted."));
      return _galley_rest_error_new (GALLEY_REST_ERROR_UNAUTHORIZED,
                                     _("The sign-in has ended. Sign in again."));

    case SOUP_STATUS_FORBIDDEN:
      if (req->call == CALL_STATION_LOGIN)
        return _galley_rest_error_new (GALLEY_REST_ERROR_FORBIDDEN,
                                       _("Only a manager can sign in a station."));
      if (req->call == CALL_CREATE_ORDER)
        return _galley_rest_error_new (GALLEY_REST_ERROR_FORBIDDEN,
                                       _("This sign-in may not take orders. Ask a manager."));
      return _galley_rest_error_new (GALLEY_REST_ERROR_FORBIDDEN,
                                     _("This sign-in may not do that. Ask a manager."));

    case SOUP_STATUS_NOT_FOUND:
      if (order_call)
        return _galley_rest_error_new (GALLEY_REST_ERROR_NOT_FOUND,
                                       _("That order no longer exists on the server."));
      if (req->call == CALL_GET_MENU)
        return _galley_rest_error_new (GALLEY_REST_ERROR_NOT_FOUND,
                                       _("The server has no menu for this restaurant. Check the "
                                         "restaurant in Preferences."));
      return _galley_rest_error_new (GALLEY_REST_ERROR_NOT_FOUND,
                                     _("The restaurant server address looks wrong. Check it in "
                                       "Preferences."));

    case SOUP_STATUS_CONFLICT:
      return _galley_rest_error_new (GALLEY_REST_ERROR_CONFLICT,
                                     _("Someone else changed this at the same moment. Reload and "
                                       "try again."));

    case HTTP_TOO_MANY_REQUESTS:
      if (req->call == CALL_LOGIN_PIN)
        return _galley_rest_error_new (GALLEY_REST_ERROR_RATE_LIMITED,
                                       _("Too many wrong PINs. Wait 15 minutes and try again."));
      if (req->call == CALL_LOGIN_EMAIL)
        return _galley_rest_error_new (GALLEY_REST_ERROR_RATE_LIMITED,
                                       _("Too many sign-in attempts. Wait a few minutes and try "
                                         "again."));
      return _galley_rest_error_new (GALLEY_REST_ERROR_RATE_LIMITED,
                                     _("The restaurant server is busy. Galley will try again in a "
                                       "moment."));

    default:
      if (SOUP_STATUS_IS_SERVER_ERROR (status))
        return _galley_rest_error_new (GALLEY_REST_ERROR_SERVER,
                                       _("The restaurant server has a problem. Galley will try "
                                         "again."));
      if (SOUP_STATUS_IS_CLIENT_ERROR (status))
        return _galley_rest_error_new (GALLEY_REST_ERROR_INVALID_REQUEST,
                                       _("The server did not accept this request. Galley may need "
                                         "an update."));
      /* 1xx and 3xx (redirects are not followed: the token stays with this server) */
      return _galley_rest_bad_response_error ();
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
void
_galley_rest_log_failure (Request    *req,
                          gboolean    unexpected,
                          const char *format,
                          ...)
{
  const char *method = _galley_rest_call_method (req->call);
  g_autofree char *text = NULL;
  va_list args;
  guint suppressed = 0;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  if (unexpected && req->client != NULL && client_may_warn (req->client, &suppressed))
    {
      if (suppressed > 0)
        g_warning ("%s %s: %s (%u similar warnings suppressed)", method,
                   req->path, text, suppressed);
      else
        g_warning ("%s %s: %s", method, req->path, text);
    }
  else
    g_debug ("%s %s: %s", method, req->path, text);
}
