/* galley-demo-server-http.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo server's REST API (spec/order-protocol.md §4) with its cross-cutting rules
 * (Bearer or cookie auth, CSRF double submit, the three error shapes), the REST faults, and
 * the /_demo/ control endpoints of §7.3.
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include <string.h>

#include "demo/galley-demo-server-private.h"
#include "util/galley-json.h"
#include "util/galley-jwt.h"

#define API_PREFIX          "/api/v1"

/* ------------------------------------------------------------------ responses */

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

static void
respond_node (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  g_autofree char *text = galley_json_to_string (node);

  respond_text (msg, status, text);
}

void
_galley_demo_server_respond_object (SoupServerMessage *msg,
                                    guint              status,
                                    JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  respond_node (msg, status, node);
}

void
_galley_demo_server_respond_array (SoupServerMessage *msg,
                                   guint              status,
                                   JsonArray         *array)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (node, array);
  respond_node (msg, status, node);
}

/* {"error":{"message","code","statusCode","timestamp"}}: the server's usual shape */
void
_galley_demo_server_respond_error (DemoRequest *req,
                                   guint        status,
                                   const char  *code,
                                   const char  *message)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *error = json_object_new ();
  g_autofree char *now = _galley_demo_server_now_js (req->self);

  json_object_set_string_member (error, "message", message);
  json_object_set_string_member (error, "code", code);
  json_object_set_int_member (error, "statusCode", status);
  json_object_set_string_member (error, "timestamp", now);
  json_object_set_object_member (body, "error", error);
  _galley_demo_server_respond_object (req->msg, status, body);
}

/* {"error":"..."}: the CSRF middleware's shape */
void
_galley_demo_server_respond_error_string (SoupServerMessage *msg,
                                          guint              status,
                                          const char        *message)
{
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "error", message);
  _galley_demo_server_respond_object (msg, status, body);
}

/* {"error":"INVALID_REQUEST","details":{...}}: the validator's shape; takes @field_errors */
void
_galley_demo_server_respond_invalid (SoupServerMessage *msg,
                                     JsonObject        *field_errors)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *details = json_object_new ();

  json_object_set_string_member (body, "error", "INVALID_REQUEST");
  json_object_set_array_member (details, "formErrors", json_array_new ());
  json_object_set_object_member (details, "fieldErrors",
                                 field_errors != NULL ? field_errors : json_object_new ());
  json_object_set_object_member (body, "details", details);
  _galley_demo_server_respond_object (msg, SOUP_STATUS_BAD_REQUEST, body);
}

void
_galley_demo_server_respond_invalid_field (DemoRequest *req,
                                           const char  *field,
                                           const char  *message)
{
  JsonObject *errors = json_object_new ();
  JsonArray *list = json_array_new ();

  json_array_add_string_element (list, message);
  json_object_set_array_member (errors, field, list);
  _galley_demo_server_respond_invalid (req->msg, errors);
}

void
_galley_demo_server_respond_not_found (DemoRequest *req,
                                       const char  *what)
{
  _galley_demo_server_respond_error (req, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", what);
}

void
_galley_demo_server_respond_order (DemoRequest *req,
                                   guint        status,
                                   DemoOrder   *order)
{
  _galley_demo_server_respond_object (req->msg, status, order->row);
}

/* ------------------------------------------------------------------ request helpers */

const char *
_galley_demo_server_header (DemoRequest *req,
                            const char  *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg), name);
}

static char *
cookie (DemoRequest *req,
        const char  *name)
{
  const char *text = _galley_demo_server_header (req, "Cookie");
  g_autoptr(GHashTable) pairs = NULL;

  if (text == NULL)
    return NULL;

  pairs = soup_header_parse_semi_param_list (text);

  return g_strdup (g_hash_table_lookup (pairs, name));
}

gboolean
_galley_demo_server_has_credentials (DemoRequest *req)
{
  g_autofree char *token = cookie (req, "auth_token");

  return token != NULL || _galley_demo_server_header (req, "Authorization") != NULL;
}

static gboolean
is_mutation (const char *method)
{
  return strcmp (method, "POST") == 0 || strcmp (method, "PUT") == 0 ||
         strcmp (method, "PATCH") == 0 || strcmp (method, "DELETE") == 0;
}

gboolean
_galley_demo_server_segment_is (DemoRequest *req,
                                guint        index,
                                const char  *value)
{
  return index < req->n_segments && strcmp (req->segments[index], value) == 0;
}

/* Normalises ids out of a path so the request counters group by route. */
static char *
route_key (const char *method,
           const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  GString *key = g_string_new (method);

  g_string_append_c (key, ' ');
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gboolean id = i > 0 && (g_strcmp0 (parts[i - 1], "orders") == 0 ||
                              g_strcmp0 (parts[i - 1], "items") == 0 ||
                              g_strcmp0 (parts[i - 1], "tables") == 0 ||
                              g_strcmp0 (parts[i - 1], "restaurants") == 0) &&
                    strcmp (parts[i], "voice") != 0 && parts[i][0] != '\0';

      if (i > 0)
        g_string_append_c (key, '/');
      g_string_append (key, id ? ":id" : parts[i]);
    }

  return g_string_free (key, FALSE);
}

static gboolean
path_matches (const char *filter,
              const char *path)
{
  return filter == NULL || *filter == '\0' || strstr (path, filter) != NULL;
}

/* Verifies the token from the auth_token cookie (checked first, as upstream does) or the
 * Bearer header. Sets 401 and returns FALSE when @required and there is none that passes. */
gboolean
_galley_demo_server_authenticate (DemoRequest *req,
                                  gboolean     required)
{
  g_autofree char *from_cookie = cookie (req, "auth_token");
  const char *authorization = _galley_demo_server_header (req, "Authorization");
  const char *token = NULL;
  g_autoptr(GError) error = NULL;

  if (from_cookie != NULL)
    token = from_cookie;
  else if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    token = authorization + 7;

  if (token == NULL)
    {
      if (required)
        _galley_demo_server_respond_error (req, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORIZED",
                                           "Authentication required");
      return !required;
    }

  req->claims = _galley_demo_server_verify_token (req->self, token, &error);
  if (req->claims == NULL)
    {
      gboolean expired = g_error_matches (error, GALLEY_JWT_ERROR, GALLEY_JWT_ERROR_EXPIRED);

      /* a token that does not verify is refused even where auth is optional */
      _galley_demo_server_respond_error (req, SOUP_STATUS_UNAUTHORIZED,
                                         expired ? "TOKEN_EXPIRED" : "UNAUTHORIZED",
                                         expired ? "Token expired" : "Invalid token");
      return FALSE;
    }

  return TRUE;
}

static const char *
claim_role (DemoRequest *req)
{
  const char *role = NULL;

  galley_json_get_string (req->claims, "role", &role);

  return role;
}

static gboolean
has_scope (DemoRequest *req,
           const char  *scope)
{
  JsonArray *scopes = galley_json_get_array (req->claims, "scope");

  if (g_strcmp0 (claim_role (req), "admin") == 0 ||
      g_strcmp0 (claim_role (req), "super_admin") == 0)
    return TRUE;

  for (guint i = 0; scopes != NULL && i < json_array_get_length (scopes); i++)
    if (g_strcmp0 (json_array_get_string_element (scopes, i), scope) == 0)
      return TRUE;

  return FALSE;
}

gboolean
_galley_demo_server_require_scope (DemoRequest *req,
                                   const char  *scope)
{
  if (has_scope (req, scope))
    return TRUE;

  _galley_demo_server_respond_error (req, SOUP_STATUS_FORBIDDEN, "FORBIDDEN",
                                     "Insufficient permissions");

  return FALSE;
}

/* user-restaurant membership: every demo user belongs to the demo restaurant */
gboolean
_galley_demo_server_require_restaurant_access (DemoRequest *req)
{
  const char *restaurant = NULL;

  if (g_strcmp0 (claim_role (req), "admin") == 0 ||
      g_strcmp0 (claim_role (req), "super_admin") == 0)
    return TRUE;

  if (galley_json_get_string (req->claims, "restaurant_id", &restaurant) &&
      g_strcmp0 (restaurant, GALLEY_DEMO_RESTAURANT_ID) == 0)
    return TRUE;

  _galley_demo_server_respond_error (req, SOUP_STATUS_FORBIDDEN, "RESTAURANT_ACCESS_DENIED",
                                     "Access to this restaurant is denied");

  return FALSE;
}

static gboolean
csrf_exempt (DemoRequest *req)
{
  const char *flow = _galley_demo_server_header (req, "X-Client-Flow");

  if (g_str_has_prefix (req->path, "/auth/login") ||
      g_str_has_prefix (req->path, "/auth/pin-login") ||
      g_str_has_prefix (req->path, "/auth/station-login") ||
      g_str_has_prefix (req->path, "/auth/refresh") ||
      g_str_has_prefix (req->path, "/payments/webhook"))
    return TRUE;

  if ((g_strcmp0 (flow, "kiosk") == 0 || g_strcmp0 (flow, "online") == 0) &&
      (g_str_has_prefix (req->path, "/orders") || g_str_has_prefix (req->path, "/payments")))
    return TRUE;

  return FALSE;
}

/* Stateless double submit: any equal cookie/header pair passes. */
static gboolean
check_csrf (DemoRequest *req)
{
  g_autofree char *from_cookie = NULL;
  const char *from_header;

  if (!is_mutation (req->method) || csrf_exempt (req))
    return TRUE;

  from_cookie = cookie (req, "csrf_token");
  from_header = _galley_demo_server_header (req, "X-CSRF-Token");
  if (from_cookie == NULL || from_header == NULL || *from_header == '\0')
    {
      _galley_demo_server_respond_error_string (req->msg, SOUP_STATUS_FORBIDDEN,
                                                "CSRF token required");
      return FALSE;
    }
  if (strcmp (from_cookie, from_header) != 0)
    {
      _galley_demo_server_respond_error_string (req->msg, SOUP_STATUS_FORBIDDEN,
                                                "Invalid CSRF token");
      return FALSE;
    }

  return TRUE;
}

void
_galley_demo_server_add_session_cookies (DemoRequest *req,
                                         const char  *token,
                                         gint64       lifetime_s)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  g_autofree char *csrf = _galley_demo_server_new_uuid (req->self);
  g_autofree char *auth = g_strdup_printf ("auth_token=%s; Path=/; Max-Age=%" G_GINT64_FORMAT
                                           "; HttpOnly; SameSite=Strict", token, lifetime_s);
  g_autofree char *csrf_cookie = g_strdup_printf ("csrf_token=%s; Path=/; Max-Age=%" G_GINT64_FORMAT
                                                  "; SameSite=Lax", csrf, lifetime_s);

  soup_message_headers_append (headers, "Set-Cookie", auth);
  soup_message_headers_append (headers, "Set-Cookie", csrf_cookie);
}

JsonObject *
_galley_demo_server_user_object (const DemoUser *user,
                                 gboolean        full)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", user->id);
  json_object_set_string_member (object, "email", user->email);
  if (full)
    {
      json_object_set_string_member (object, "displayName", user->display_name);
      json_object_set_null_member (object, "phone");
      json_object_set_null_member (object, "employeeId");
    }
  json_object_set_string_member (object, "role", user->role);
  json_object_set_array_member (object, "scopes", _galley_demo_server_role_scopes (user->role));

  return object;
}

static void
route_api (DemoRequest *req)
{
  const char *first = req->n_segments > 0 ? req->segments[0] : "";
  static const char * const health[] = { "health", "status", "ready", "live", "healthz", NULL };

  if (!check_csrf (req))
    return;

  if (req->n_segments == 1 && g_strv_contains (health, first) && strcmp (req->method, "GET") == 0)
    _galley_demo_server_respond_health (req);
  else if (strcmp (first, "auth") == 0)
    _galley_demo_server_route_auth (req);
  else if (strcmp (first, "orders") == 0)
    _galley_demo_server_route_orders (req);
  else if (strcmp (first, "menu") == 0)
    _galley_demo_server_route_menu (req);
  else if (strcmp (first, "tables") == 0)
    _galley_demo_server_route_tables (req);
  else if (strcmp (first, "payments") == 0 && _galley_demo_server_segment_is (req, 1, "cash") &&
           strcmp (req->method, "POST") == 0)
    _galley_demo_server_payments_cash (req);
  else if (strcmp (first, "realtime") == 0 && _galley_demo_server_segment_is (req, 1, "session") &&
           req->n_segments == 2 && strcmp (req->method, "POST") == 0)
    _galley_demo_server_route_realtime (req);
  else if (strcmp (first, "restaurants") == 0)
    _galley_demo_server_route_restaurants (req);
  else if (strcmp (first, "analytics") == 0 && strcmp (req->method, "POST") == 0)
    _galley_demo_server_respond_success (req, "Recorded");
  else
    _galley_demo_server_respond_not_found (req, "Route not found");
}

/* ------------------------------------------------------------------ pausing */

static void
message_finished_cb (SoupServerMessage *msg,
                     gpointer           user_data)
{
  GalleyDemoServer *self = user_data;

  g_object_set_data (G_OBJECT (msg), "galley-demo-finished", GINT_TO_POINTER (TRUE));
  g_ptr_array_remove (self->stalled, msg);
}

static void
pause_message (GalleyDemoServer  *self,
               SoupServerMessage *msg)
{
  soup_server_message_pause (msg);
  g_signal_connect_object (msg, "finished", G_CALLBACK (message_finished_cb), self, 0);
}

void
_galley_demo_server_resume_rest (GalleyDemoServer  *self,
                                 SoupServerMessage *msg)
{
  if (g_object_get_data (G_OBJECT (msg), "galley-demo-finished") == NULL)
    soup_server_message_unpause (msg);
}

/**
 * _galley_demo_server_release_stalled:
 *
 * Answers every stalled request with 503, so none is left hanging when the fault is cleared
 * or the server stops.
 */
void
_galley_demo_server_release_stalled (GalleyDemoServer *self)
{
  g_autoptr(GPtrArray) stalled = g_steal_pointer (&self->stalled);

  self->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < stalled->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (stalled, i);

      if (g_object_get_data (G_OBJECT (msg), "galley-demo-finished") != NULL)
        continue;
      _galley_demo_server_respond_error_string (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                                "Service unavailable");
      soup_server_message_unpause (msg);
    }
}

/* ------------------------------------------------------------------ entry point */

static gboolean
is_upgrade (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  return soup_message_headers_header_contains (headers, "Upgrade", "websocket");
}

/**
 * _galley_demo_server_http_cb:
 *
 * Every request on the port comes here first. WebSocket upgrades are let through (on any
 * path but /voice-stream, as upstream) unless a simulated restart is under way.
 */
void
_galley_demo_server_http_cb (SoupServer        *server,
                             SoupServerMessage *msg,
                             const char        *path,
                             GHashTable        *query,
                             gpointer           user_data)
{
  GalleyDemoServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GBytes) body_bytes = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *key = NULL, *body_text = NULL;
  g_autofree char *full_path = NULL;
  DemoRequest req = { 0 };
  gsize body_len = 0;
  const char *body_data;

  if (is_upgrade (msg))
    {
      if (strstr (path, "/voice-stream") != NULL)
        _galley_demo_server_respond_error_string (msg, SOUP_STATUS_NOT_FOUND,
                                                  "Not an order socket");
      else if (self->down)
        _galley_demo_server_respond_error_string (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                                  "Server restarting");
      /* otherwise no status: libsoup completes the upgrade and calls the WebSocket handler */
      return;
    }

  body_bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  body_data = g_bytes_get_data (body_bytes, &body_len);
  body_text = g_strndup (body_data, body_len);

  if (g_str_has_prefix (path, "/_demo/"))
    {
      g_autoptr(GError) error = NULL;

      body = body_len > 0 ? galley_json_parse_object (body_text, -1, &error) : json_object_new ();
      if (body == NULL)
        _galley_demo_server_respond_error_string (msg, SOUP_STATUS_BAD_REQUEST,
                                                  "Invalid JSON body");
      else
        _galley_demo_server_route_demo (self, msg, path + strlen ("/_demo/"), body);
      return;
    }

  key = route_key (method, path);
  _galley_demo_server_count (self->rest_counts, key);
  {
    GUri *uri = soup_server_message_get_uri (msg);

    full_path = g_uri_get_query (uri) != NULL
                  ? g_strconcat (path, "?", g_uri_get_query (uri), NULL)
                  : g_strdup (path);
  }
  _galley_demo_server_log (self, "rest", 0, method, full_path, body_len > 0 ? body_text : NULL);

  /* faults first: a restarting or failing server answers nothing else */
  if (self->down && self->refuse_rest)
    {
      _galley_demo_server_respond_error_string (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                                "Server restarting");
      return;
    }

  for (guint i = 0; i < self->stall_paths->len; i++)
    if (path_matches (g_ptr_array_index (self->stall_paths, i), path))
      {
        /* a status now: a handler that returns without one makes libsoup try the request as
         * a WebSocket handshake (the WebSocket handler shares the path), which writes a 400
         * page into the body that the eventual 503 would be appended to */
        soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
        pause_message (self, msg);
        g_ptr_array_add (self->stalled, g_object_ref (msg));
        return;
      }

  req.self = self;
  req.msg = msg;
  req.method = method;

  if (self->rest_error_count > 0 && path_matches (self->rest_error_path, path))
    {
      self->rest_error_count--;
      req.path = path;
      _galley_demo_server_respond_error (&req, self->rest_error_status,
                                         self->rest_error_status == 401 ? "UNAUTHORIZED"
                                         : self->rest_error_status == 403 ? "FORBIDDEN"
                                         : self->rest_error_status == 404 ? "NOT_FOUND"
                                         : self->rest_error_status == 429 ? "RATE_LIMITED"
                                         : self->rest_error_status == 503 ? "SERVICE_UNAVAILABLE"
                                         : "INTERNAL_ERROR",
                                         soup_status_get_phrase (self->rest_error_status));
      return;
    }

  if (strcmp (path, "/health") == 0 || strcmp (path, "/api/health") == 0)
    {
      soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, API_PREFIX "/health");
      return;
    }

  if (!g_str_has_prefix (path, API_PREFIX "/") && strcmp (path, API_PREFIX) != 0)
    {
      req.path = path;
      _galley_demo_server_respond_not_found (&req, "Route not found");
      return;
    }

  req.path = path + strlen (API_PREFIX);
  req.segments = g_strsplit (req.path + (req.path[0] == '/'), "/", -1);
  req.n_segments = g_strv_length (req.segments);
  while (req.n_segments > 0 && req.segments[req.n_segments - 1][0] == '\0')
    {
      g_free (req.segments[--req.n_segments]);
      req.segments[req.n_segments] = NULL;
    }
  req.query = query;

  if (body_len > DEMO_MAX_BODY)
    _galley_demo_server_respond_error (&req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                       "PAYLOAD_TOO_LARGE", "Request body too large");
  else if (body_len > 0 && (body = galley_json_parse_object (body_text, -1, NULL)) == NULL)
    _galley_demo_server_respond_error (&req, SOUP_STATUS_BAD_REQUEST, "BAD_REQUEST",
                                       "Invalid JSON in request body");
  else
    {
      req.body = body != NULL ? body : (body = json_object_new ());
      route_api (&req);
    }

  g_strfreev (req.segments);
  g_clear_pointer (&req.claims, json_object_unref);

  if ((self->rest_delay_ms > 0 || self->delay_jitter_ms > 0) &&
      path_matches (self->delay_path, path))
    {
      gint64 delay = (gint64) self->rest_delay_ms * 1000;

      if (self->delay_jitter_ms > 0)
        delay += (gint64) g_rand_int_range (self->rand, 0, (gint32) self->delay_jitter_ms) * 1000;
      pause_message (self, msg);
      _galley_demo_server_schedule (self, delay, DEMO_TIMER_REST_RESUME, 0, NULL, msg);
    }
}
