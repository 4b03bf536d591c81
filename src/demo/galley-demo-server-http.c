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
#include "orders/galley-order-status.h"
#include "util/galley-json.h"
#include "util/galley-jwt.h"
#include "util/galley-time.h"

#define API_PREFIX          "/api/v1"
#define PIN_MAX_FAILURES    5
#define PIN_LOCKOUT_US      (G_GINT64_CONSTANT (15) * 60 * G_USEC_PER_SEC)
#define EMAIL_TOKEN_LIFE_S  28800
#define PIN_TOKEN_LIFE_S    43200
#define STATION_LIFE_S      14400

typedef struct
{
  GalleyDemoServer  *self;
  SoupServerMessage *msg;
  const char        *method;
  const char        *path;        /* without API_PREFIX */
  char             **segments;    /* path split on "/", without empty parts */
  guint              n_segments;
  GHashTable        *query;
  JsonObject        *body;        /* {} when there was no body */
  JsonObject        *claims;      /* verified token, or NULL */
} Request;

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

static void
respond_object (SoupServerMessage *msg,
                guint              status,
                JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  respond_node (msg, status, node);
}

static void
respond_array (SoupServerMessage *msg,
               guint              status,
               JsonArray         *array)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (node, array);
  respond_node (msg, status, node);
}

/* {"error":{"message","code","statusCode","timestamp"}}: the server's usual shape */
static void
respond_error (Request    *req,
               guint       status,
               const char *code,
               const char *message)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *error = json_object_new ();
  g_autofree char *now = _galley_demo_server_now_js (req->self);

  json_object_set_string_member (error, "message", message);
  json_object_set_string_member (error, "code", code);
  json_object_set_int_member (error, "statusCode", status);
  json_object_set_string_member (error, "timestamp", now);
  json_object_set_object_member (body, "error", error);
  respond_object (req->msg, status, body);
}

/* {"error":"..."}: the CSRF middleware's shape */
static void
respond_error_string (SoupServerMessage *msg,
                      guint              status,
                      const char        *message)
{
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "error", message);
  respond_object (msg, status, body);
}

/* {"error":"INVALID_REQUEST","details":{...}}: the validator's shape; takes @field_errors */
static void
respond_invalid (SoupServerMessage *msg,
                 JsonObject        *field_errors)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *details = json_object_new ();

  json_object_set_string_member (body, "error", "INVALID_REQUEST");
  json_object_set_array_member (details, "formErrors", json_array_new ());
  json_object_set_object_member (details, "fieldErrors",
                                 field_errors != NULL ? field_errors : json_object_new ());
  json_object_set_object_member (body, "details", details);
  respond_object (msg, SOUP_STATUS_BAD_REQUEST, body);
}

static void
respond_invalid_field (Request    *req,
                       const char *field,
                       const char *message)
{
  JsonObject *errors = json_object_new ();
  JsonArray *list = json_array_new ();

  json_array_add_string_element (list, message);
  json_object_set_array_member (errors, field, list);
  respond_invalid (req->msg, errors);
}

static void
respond_not_found (Request    *req,
                   const char *what)
{
  respond_error (req, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", what);
}

static void
respond_order (Request   *req,
               guint      status,
               DemoOrder *order)
{
  respond_object (req->msg, status, order->row);
}

/* ------------------------------------------------------------------ request helpers */

static const char *
header (Request    *req,
        const char *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg), name);
}

static char *
cookie (Request    *req,
        const char *name)
{
  const char *text = header (req, "Cookie");
  g_autoptr(GHashTable) pairs = NULL;

  if (text == NULL)
    return NULL;

  pairs = soup_header_parse_semi_param_list (text);

  return g_strdup (g_hash_table_lookup (pairs, name));
}

static gboolean
has_credentials (Request *req)
{
  g_autofree char *token = cookie (req, "auth_token");

  return token != NULL || header (req, "Authorization") != NULL;
}

static gboolean
is_mutation (const char *method)
{
  return strcmp (method, "POST") == 0 || strcmp (method, "PUT") == 0 ||
         strcmp (method, "PATCH") == 0 || strcmp (method, "DELETE") == 0;
}

static gboolean
segment_is (Request    *req,
            guint       index,
            const char *value)
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
static gboolean
authenticate (Request  *req,
              gboolean  required)
{
  g_autofree char *from_cookie = cookie (req, "auth_token");
  const char *authorization = header (req, "Authorization");
  const char *token = NULL;
  g_autoptr(GError) error = NULL;

  if (from_cookie != NULL)
    token = from_cookie;
  else if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    token = authorization + 7;

  if (token == NULL)
    {
      if (required)
        respond_error (req, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORIZED", "Authentication required");
      return !required;
    }

  req->claims = _galley_demo_server_verify_token (req->self, token, &error);
  if (req->claims == NULL)
    {
      gboolean expired = g_error_matches (error, GALLEY_JWT_ERROR, GALLEY_JWT_ERROR_EXPIRED);

      /* a token that does not verify is refused even where auth is optional */
      respond_error (req, SOUP_STATUS_UNAUTHORIZED, expired ? "TOKEN_EXPIRED" : "UNAUTHORIZED",
                     expired ? "Token expired" : "Invalid token");
      return FALSE;
    }

  return TRUE;
}

static const char *
claim_role (Request *req)
{
  const char *role = NULL;

  galley_json_get_string (req->claims, "role", &role);

  return role;
}

static gboolean
has_scope (Request    *req,
           const char *scope)
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

static gboolean
require_scope (Request    *req,
               const char *scope)
{
  if (has_scope (req, scope))
    return TRUE;

  respond_error (req, SOUP_STATUS_FORBIDDEN, "FORBIDDEN", "Insufficient permissions");

  return FALSE;
}

/* user-restaurant membership: every demo user belongs to the demo restaurant */
static gboolean
require_restaurant_access (Request *req)
{
  const char *restaurant = NULL;

  if (g_strcmp0 (claim_role (req), "admin") == 0 ||
      g_strcmp0 (claim_role (req), "super_admin") == 0)
    return TRUE;

  if (galley_json_get_string (req->claims, "restaurant_id", &restaurant) &&
      g_strcmp0 (restaurant, GALLEY_DEMO_RESTAURANT_ID) == 0)
    return TRUE;

  respond_error (req, SOUP_STATUS_FORBIDDEN, "RESTAURANT_ACCESS_DENIED",
                 "Access to this restaurant is denied");

  return FALSE;
}

static gboolean
csrf_exempt (Request *req)
{
  const char *flow = header (req, "X-Client-Flow");

  if (g_str_has_prefix (req->path, "/auth/login") || g_str_has_prefix (req->path, "/auth/pin-login") ||
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
check_csrf (Request *req)
{
  g_autofree char *from_cookie = NULL;
  const char *from_header;

  if (!is_mutation (req->method) || csrf_exempt (req))
    return TRUE;

  from_cookie = cookie (req, "csrf_token");
  from_header = header (req, "X-CSRF-Token");
  if (from_cookie == NULL || from_header == NULL || *from_header == '\0')
    {
      respond_error_string (req->msg, SOUP_STATUS_FORBIDDEN, "CSRF token required");
      return FALSE;
    }
  if (strcmp (from_cookie, from_header) != 0)
    {
      respond_error_string (req->msg, SOUP_STATUS_FORBIDDEN, "Invalid CSRF token");
      return FALSE;
    }

  return TRUE;
}

static void
add_session_cookies (Request    *req,
                     const char *token,
                     gint64      lifetime_s)
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

static JsonObject *
user_object (const DemoUser *user,
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

static gboolean
restaurant_matches (Request    *req,
                    const char *member)
{
  const char *restaurant = NULL;

  if (!galley_json_get_string (req->body, member, &restaurant))
    {
      respond_invalid_field (req, member, "Required");
      return FALSE;
    }

  if (g_ascii_strcasecmp (restaurant, GALLEY_DEMO_RESTAURANT_ID) != 0)
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_RESTAURANT", "Invalid restaurant");
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ /auth */

static void
auth_login (Request *req)
{
  GalleyDemoServer *self = req->self;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonObject *session = json_object_new ();
  const char *email = NULL, *password = NULL;
  const DemoUser *user;
  g_autofree char *token = NULL, *refresh = NULL;

  if (!galley_json_get_string (req->body, "email", &email) ||
      !galley_json_get_string (req->body, "password", &password))
    {
      json_object_unref (session);
      respond_invalid_field (req, "email", "Email and password are required");
      return;
    }
  if (!restaurant_matches (req, "restaurantId"))
    {
      json_object_unref (session);
      return;
    }

  user = _galley_demo_server_user_by_email (email);
  if (user == NULL || g_strcmp0 (user->password, password) != 0)
    {
      json_object_unref (session);
      respond_error (req, SOUP_STATUS_UNAUTHORIZED, "INVALID_CREDENTIALS",
                     "Invalid email or password");
      return;
    }

  token = _galley_demo_server_sign_token (self, user, "email", EMAIL_TOKEN_LIFE_S);
  refresh = _galley_demo_server_new_uuid (self);
  g_hash_table_insert (self->refresh_tokens, g_strdup (refresh), g_strdup (user->role));

  json_object_set_object_member (reply, "user", user_object (user, FALSE));
  json_object_set_string_member (session, "access_token", token);
  json_object_set_string_member (session, "refresh_token", refresh);
  json_object_set_int_member (session, "expires_in", EMAIL_TOKEN_LIFE_S);
  json_object_set_object_member (reply, "session", session);
  json_object_set_string_member (reply, "restaurantId", GALLEY_DEMO_RESTAURANT_ID);

  add_session_cookies (req, token, EMAIL_TOKEN_LIFE_S);
  respond_object (req->msg, SOUP_STATUS_OK, reply);
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

static void
auth_pin_login (Request *req)
{
  GalleyDemoServer *self = req->self;
  g_autoptr(JsonObject) reply = NULL;
  const char *pin = NULL;
  const char *peer = soup_server_message_get_remote_host (req->msg);
  gint64 *locked_until;
  const DemoUser *user;
  g_autofree char *token = NULL;
  guint failures;

  if (peer == NULL)
    peer = "unknown";

  if (!galley_json_get_string (req->body, "pin", &pin) || !valid_pin (pin))
    {
      respond_invalid_field (req, "pin", "PIN must be 4 to 6 digits");
      return;
    }
  if (!restaurant_matches (req, "restaurantId"))
    return;

  locked_until = g_hash_table_lookup (self->pin_locked_until, peer);
  if (locked_until != NULL && *locked_until > _galley_demo_server_now_us (self))
    {
      respond_error (req, 429, "TOO_MANY_ATTEMPTS",
                     "Too many failed attempts. Try again in 15 minutes.");
      return;
    }

  user = _galley_demo_server_user_by_pin (pin);
  if (user == NULL)
    {
      failures = GPOINTER_TO_UINT (g_hash_table_lookup (self->pin_failures, peer)) + 1;
      g_hash_table_replace (self->pin_failures, g_strdup (peer), GUINT_TO_POINTER (failures));
      if (failures >= PIN_MAX_FAILURES)
        {
          g_hash_table_replace (self->pin_locked_until, g_strdup (peer),
                                g_memdup2 (&(gint64) { _galley_demo_server_now_us (self) +
                                                       PIN_LOCKOUT_US }, sizeof (gint64)));
          g_hash_table_remove (self->pin_failures, peer);
        }
      respond_error (req, SOUP_STATUS_UNAUTHORIZED, "INVALID_PIN", "Invalid PIN");
      return;
    }

  g_hash_table_remove (self->pin_failures, peer);
  g_hash_table_remove (self->pin_locked_until, peer);

  token = _galley_demo_server_sign_token (self, user, "pin", PIN_TOKEN_LIFE_S);
  reply = json_object_new ();
  json_object_set_object_member (reply, "user", user_object (user, FALSE));
  json_object_set_string_member (reply, "token", token);
  json_object_set_int_member (reply, "expiresIn", PIN_TOKEN_LIFE_S);
  json_object_set_string_member (reply, "restaurantId", GALLEY_DEMO_RESTAURANT_ID);

  add_session_cookies (req, token, PIN_TOKEN_LIFE_S);
  respond_object (req->msg, SOUP_STATUS_OK, reply);
}

static void
auth_station_login (Request *req)
{
  static const char * const station_types[] = { "kitchen", "expo", "bar", "prep", NULL };
  g_autoptr(JsonObject) claims = json_object_new ();
  g_autoptr(JsonObject) reply = json_object_new ();
  const char *type = NULL, *name = NULL;
  g_autofree char *token = NULL, *expires = NULL, *fingerprint = NULL;
  gint64 now_us = _galley_demo_server_now_us (req->self);

  if (!authenticate (req, TRUE) || !require_scope (req, "staff:manage"))
    return;

  if (!galley_json_get_string (req->body, "stationType", &type) ||
      !g_strv_contains (station_types, type))
    {
      respond_invalid_field (req, "stationType", "Invalid station type");
      return;
    }
  if (!galley_json_get_string (req->body, "stationName", &name) || *name == '\0')
    {
      respond_invalid_field (req, "stationName", "Required");
      return;
    }
  if (!restaurant_matches (req, "restaurantId"))
    return;

  /* [quirk] signed with another secret: unusable for REST and the WebSocket */
  fingerprint = _galley_demo_server_new_uuid (req->self);
  json_object_set_string_member (claims, "sub", fingerprint);
  json_object_set_string_member (claims, "type", "station");
  json_object_set_string_member (claims, "station_type", type);
  json_object_set_string_member (claims, "station_name", name);
  json_object_set_string_member (claims, "restaurant_id", GALLEY_DEMO_RESTAURANT_ID);
  json_object_set_string_member (claims, "device_fingerprint", fingerprint);
  json_object_set_int_member (claims, "iat", now_us / G_USEC_PER_SEC);
  json_object_set_int_member (claims, "exp", now_us / G_USEC_PER_SEC + STATION_LIFE_S);
  token = galley_jwt_encode_hs256 (claims, DEMO_STATION_SECRET);
  expires = galley_time_format_js (now_us + (gint64) STATION_LIFE_S * G_USEC_PER_SEC);

  json_object_set_string_member (reply, "token", token);
  json_object_set_string_member (reply, "expiresAt", expires);
  json_object_set_string_member (reply, "stationType", type);
  json_object_set_string_member (reply, "stationName", name);
  json_object_set_string_member (reply, "restaurantId", GALLEY_DEMO_RESTAURANT_ID);
  respond_object (req->msg, SOUP_STATUS_OK, reply);
}

static void
auth_refresh (Request *req)
{
  GalleyDemoServer *self = req->self;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonObject *session;
  const char *refresh = NULL;
  g_autofree char *old = NULL, *role = NULL, *token = NULL, *next = NULL;
  const DemoUser *user;

  if (!galley_json_get_string (req->body, "refreshToken", &refresh))
    {
      respond_invalid_field (req, "refreshToken", "Required");
      return;
    }

  /* one use only: the old refresh token is gone either way */
  if (!g_hash_table_steal_extended (self->refresh_tokens, refresh, (gpointer *) &old,
                                    (gpointer *) &role) ||
      (user = _galley_demo_server_find_user (role)) == NULL)
    {
      respond_error (req, SOUP_STATUS_UNAUTHORIZED, "INVALID_REFRESH_TOKEN",
                     "Invalid refresh token");
      return;
    }

  token = _galley_demo_server_sign_token (self, user, "email", EMAIL_TOKEN_LIFE_S);
  next = _galley_demo_server_new_uuid (self);
  g_hash_table_insert (self->refresh_tokens, g_strdup (next), g_strdup (user->role));

  session = json_object_new ();
  json_object_set_string_member (session, "access_token", token);
  json_object_set_string_member (session, "refresh_token", next);
  json_object_set_int_member (session, "expires_in", EMAIL_TOKEN_LIFE_S);
  json_object_set_object_member (reply, "session", session);
  respond_object (req->msg, SOUP_STATUS_OK, reply);
}

static void
respond_success (Request    *req,
                 const char *message)
{
  g_autoptr(JsonObject) reply = json_object_new ();

  json_object_set_boolean_member (reply, "success", TRUE);
  json_object_set_string_member (reply, "message", message);
  respond_object (req->msg, SOUP_STATUS_OK, reply);
}

static void
auth_logout (Request *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);

  soup_message_headers_append (headers, "Set-Cookie", "auth_token=; Path=/; Max-Age=0");
  soup_message_headers_append (headers, "Set-Cookie", "csrf_token=; Path=/; Max-Age=0");
  respond_success (req, "Logged out successfully");
}

static void
auth_me (Request *req)
{
  g_autoptr(JsonObject) reply = json_object_new ();
  const char *sub = NULL;
  const DemoUser *user;

  if (!authenticate (req, TRUE))
    return;

  galley_json_get_string (req->claims, "sub", &sub);
  user = _galley_demo_server_user_by_id (sub);
  if (user == NULL)
    {
      respond_not_found (req, "User not found");
      return;
    }

  json_object_set_object_member (reply, "user", user_object (user, TRUE));
  json_object_set_string_member (reply, "restaurantId", GALLEY_DEMO_RESTAURANT_ID);
  respond_object (req->msg, SOUP_STATUS_OK, reply);
}

static void
route_auth (Request *req)
{
  const char *what = req->n_segments > 1 ? req->segments[1] : "";
  gboolean post = strcmp (req->method, "POST") == 0;

  if (post && strcmp (what, "login") == 0)
    auth_login (req);
  else if (post && strcmp (what, "pin-login") == 0)
    auth_pin_login (req);
  else if (post && strcmp (what, "station-login") == 0)
    auth_station_login (req);
  else if (post && strcmp (what, "refresh") == 0)
    auth_refresh (req);
  else if (post && strcmp (what, "logout") == 0)
    auth_logout (req);
  else if (strcmp (req->method, "GET") == 0 && strcmp (what, "me") == 0)
    auth_me (req);
  else if (post && (strcmp (what, "set-pin") == 0 || strcmp (what, "revoke-stations") == 0))
    {
      if (authenticate (req, TRUE))
        respond_success (req, "Done");
    }
  else
    respond_not_found (req, "Route not found");
}

/* ------------------------------------------------------------------ /orders */

static const char *
query_param (Request    *req,
             const char *name)
{
  return req->query != NULL ? g_hash_table_lookup (req->query, name) : NULL;
}

static gboolean
query_uint (Request    *req,
            const char *name,
            guint64     fallback,
            guint64    *out)
{
  const char *text = query_param (req, name);

  if (text == NULL)
    {
      *out = fallback;
      return TRUE;
    }

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, out, NULL))
    {
      respond_invalid_field (req, name, "Expected a non-negative integer");
      return FALSE;
    }

  return TRUE;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const DemoOrder *oa = *(const DemoOrder * const *) a;
  const DemoOrder *ob = *(const DemoOrder * const *) b;

  if (oa->created_us != ob->created_us)
    return oa->created_us > ob->created_us ? -1 : 1;

  return 0;
}

static void
orders_list (Request *req)
{
  GalleyDemoServer *self = req->self;
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  g_autoptr(JsonArray) out = json_array_new ();
  const char *status = query_param (req, "status");
  const char *type = query_param (req, "type");
  const char *start = query_param (req, "startDate");
  const char *end = query_param (req, "endDate");
  gint64 start_us = G_MININT64, end_us = G_MAXINT64;
  guint64 limit, offset;

  if (!query_uint (req, "limit", 50, &limit) || !query_uint (req, "offset", 0, &offset))
    return;
  if (start != NULL && !galley_time_parse (start, &start_us))
    {
      respond_invalid_field (req, "startDate", "Invalid date");
      return;
    }
  if (end != NULL && !galley_time_parse (end, &end_us))
    {
      respond_invalid_field (req, "endDate", "Invalid date");
      return;
    }

  for (guint i = 0; i < self->orders->len; i++)
    {
      DemoOrder *order = g_ptr_array_index (self->orders, i);

      if (status != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (order->row, "status", NULL),
                     status) != 0)
        continue;
      if (type != NULL && g_strcmp0 (json_object_get_string_member (order->row, "type"), type) != 0)
        continue;
      if (order->created_us < start_us || order->created_us > end_us)
        continue;
      g_ptr_array_add (matching, order);
    }

  /* newest first; the sort is stable, so ties stay newest-created first too */
  for (guint i = 0; i < matching->len / 2; i++)
    {
      gpointer tmp = matching->pdata[i];

      matching->pdata[i] = matching->pdata[matching->len - 1 - i];
      matching->pdata[matching->len - 1 - i] = tmp;
    }
  g_ptr_array_sort (matching, compare_newest_first);

  for (guint64 i = offset; i < matching->len && i < offset + limit; i++)
    {
      DemoOrder *order = g_ptr_array_index (matching, i);

      json_array_add_object_element (out, json_object_ref (order->row));
    }

  respond_array (req->msg, SOUP_STATUS_OK, out);
}

static void
orders_create (Request *req)
{
  GalleyDemoServer *self = req->self;
  g_autoptr(JsonObject) field_errors = NULL;
  const char *flow = header (req, "X-Client-Flow");
  const char *key = self->idempotency_key ? header (req, "Idempotency-Key") : NULL;
  DemoOrder *order;

  if (has_credentials (req))
    {
      if (!authenticate (req, TRUE) || !require_scope (req, "orders:create") ||
          !require_restaurant_access (req))
        return;
    }
  else if (g_strcmp0 (flow, "kiosk") != 0 && g_strcmp0 (flow, "online") != 0)
    {
      respond_error (req, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORIZED", "Authentication required");
      return;
    }
  else if (g_strcmp0 (header (req, "x-restaurant-id"), GALLEY_DEMO_RESTAURANT_ID) != 0)
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_RESTAURANT", "Invalid restaurant");
      return;
    }

  if (key != NULL)
    {
      const char *existing = g_hash_table_lookup (self->idempotency, key);

      if (existing != NULL && (order = _galley_demo_server_find_order (self, existing)) != NULL)
        {
          respond_order (req, SOUP_STATUS_CREATED, order);
          return;
        }
    }

  order = _galley_demo_server_create_order (self, req->body, TRUE, &field_errors);
  if (order == NULL)
    {
      respond_invalid (req->msg, g_steal_pointer (&field_errors));
      return;
    }

  if (key != NULL)
    g_hash_table_replace (self->idempotency, g_strdup (key), g_strdup (order->id));

  respond_order (req, SOUP_STATUS_CREATED, order);
}

static void
respond_status_error (Request *req,
                      GError  *error)
{
  if (g_error_matches (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_TRANSITION))
    respond_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", error->message);
  else if (g_error_matches (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_CONFLICT))
    respond_error (req, SOUP_STATUS_CONFLICT, "CONFLICT", error->message);
  else
    respond_invalid_field (req, "status", error->message);
}

static void
orders_set_status (Request    *req,
                   DemoOrder  *order,
                   const char *status,
                   const char *notes)
{
  g_autoptr(GError) error = NULL;

  if (!_galley_demo_server_change_status (req->self, order, status, notes, TRUE, &error))
    {
      respond_status_error (req, error);
      return;
    }

  respond_order (req, SOUP_STATUS_OK, order);
}

static void
route_orders (Request *req)
{
  const char *id = req->n_segments > 1 ? req->segments[1] : NULL;
  DemoOrder *order = NULL;

  if (strcmp (req->method, "POST") == 0 && req->n_segments == 1)
    {
      orders_create (req);
      return;
    }

  if (!authenticate (req, TRUE) || !require_restaurant_access (req))
    return;

  if (req->n_segments == 1)
    {
      if (strcmp (req->method, "GET") == 0)
        orders_list (req);
      else
        respond_not_found (req, "Route not found");
      return;
    }

  order = _galley_demo_server_find_order (req->self, id);

  if (req->n_segments == 2 && strcmp (req->method, "GET") == 0)
    {
      if (order == NULL)
        respond_not_found (req, "Order not found");
      else
        respond_order (req, SOUP_STATUS_OK, order);
    }
  else if (req->n_segments == 3 && segment_is (req, 2, "status") &&
           strcmp (req->method, "PATCH") == 0)
    {
      const char *status = NULL, *notes = NULL;

      if (!galley_json_get_string (req->body, "status", &status))
        {
          respond_invalid_field (req, "status", "Required");
          return;
        }
      if (!galley_json_is_null_or_absent (req->body, "notes") &&
          !galley_json_get_string (req->body, "notes", &notes))
        {
          respond_invalid_field (req, "notes", "Expected text");
          return;
        }
      if (galley_order_status_from_string (status) == GALLEY_ORDER_STATUS_UNKNOWN)
        {
          respond_invalid_field (req, "status", "Invalid status");
          return;
        }
      if (order == NULL)
        {
          respond_not_found (req, "Order not found");
          return;
        }
      orders_set_status (req, order, status, notes);
    }
  else if (req->n_segments == 5 && segment_is (req, 2, "items") && segment_is (req, 4, "status") &&
           strcmp (req->method, "PATCH") == 0)
    {
      /* [Galley] line-level status, which upstream has no route for */
      static const char * const item_statuses[] = { "pending", "preparing", "ready", NULL };
      const char *status = NULL;
      g_autoptr(GError) error = NULL;

      if (!galley_json_get_string (req->body, "status", &status) ||
          !g_strv_contains (item_statuses, status))
        {
          respond_invalid_field (req, "status", "Invalid item status");
          return;
        }
      if (order == NULL)
        {
          respond_not_found (req, "Order not found");
          return;
        }
      if (!_galley_demo_server_change_item_status (req->self, order, req->segments[3], status,
                                                   TRUE, &error))
        {
          respond_not_found (req, error->message);
          return;
        }
      respond_order (req, SOUP_STATUS_OK, order);
    }
  else if (req->n_segments == 2 && strcmp (req->method, "DELETE") == 0)
    {
      const char *reason = NULL;

      galley_json_get_string (req->body, "reason", &reason);
      if (order == NULL)
        respond_not_found (req, "Order not found");
      else
        orders_set_status (req, order, "cancelled", reason);
    }
  else
    respond_not_found (req, "Route not found");
}

/* ------------------------------------------------------------------ /menu, /tables */

static gboolean
menu_restaurant (Request *req)
{
  const char *restaurant = header (req, "x-restaurant-id");

  /* optional auth: the token's restaurant wins over the header */
  if (!authenticate (req, FALSE))
    return FALSE;
  if (req->claims != NULL)
    galley_json_get_string (req->claims, "restaurant_id", &restaurant);

  if (restaurant == NULL)
    {
      respond_error (req, SOUP_STATUS_BAD_REQUEST, "BAD_REQUEST", "Restaurant ID is required");
      return FALSE;
    }
  if (g_ascii_strcasecmp (restaurant, GALLEY_DEMO_RESTAURANT_ID) != 0)
    {
      respond_not_found (req, "Restaurant not found");
      return FALSE;
    }

  return TRUE;
}

static void
menu_patch_item (Request    *req,
                 JsonObject *item)
{
  const char *expected = NULL;
  gboolean available;
  g_autofree char *now = NULL;

  if (!authenticate (req, TRUE) || !require_scope (req, "menu:manage"))
    return;

  if (!galley_json_get_bool (req->body, "is_available", &available))
    {
      respond_invalid_field (req, "is_available", "Expected true or false");
      return;
    }
  if (galley_json_get_string (req->body, "updated_at", &expected) &&
      g_strcmp0 (expected, json_object_get_string_member (item, "updated_at")) != 0)
    {
      respond_error (req, SOUP_STATUS_CONFLICT, "CONFLICT",
                     "The item was changed by someone else. Reload and try again.");
      return;
    }

  now = _galley_demo_server_now_db (req->self);
  json_object_set_boolean_member (item, "available", available);
  json_object_set_string_member (item, "updated_at", now);
  respond_object (req->msg, SOUP_STATUS_OK, item);
}

static void
route_menu (Request *req)
{
  GalleyDemoServer *self = req->self;
  gboolean get = strcmp (req->method, "GET") == 0;

  if (segment_is (req, 1, "items") && req->n_segments == 3 && strcmp (req->method, "PATCH") == 0)
    {
      JsonObject *item = _galley_demo_server_find_item (self, req->segments[2]);

      if (item == NULL)
        respond_not_found (req, "Menu item not found");
      else
        menu_patch_item (req, item);
      return;
    }

  if (!get)
    {
      respond_not_found (req, "Route not found");
      return;
    }

  if (!menu_restaurant (req))
    return;

  if (req->n_segments == 1)
    {
      g_autoptr(JsonObject) reply = json_object_new ();

      json_object_set_array_member (reply, "categories", json_array_ref (self->categories));
      json_object_set_array_member (reply, "items", json_array_ref (self->items));
      respond_object (req->msg, SOUP_STATUS_OK, reply);
    }
  else if (req->n_segments == 2 && segment_is (req, 1, "items"))
    respond_array (req->msg, SOUP_STATUS_OK, self->items);
  else if (req->n_segments == 2 && segment_is (req, 1, "categories"))
    respond_array (req->msg, SOUP_STATUS_OK, self->categories);
  else if (req->n_segments == 3 && segment_is (req, 1, "items"))
    {
      JsonObject *item = _galley_demo_server_find_item (self, req->segments[2]);

      if (item == NULL)
        respond_not_found (req, "Menu item not found");
      else
        respond_object (req->msg, SOUP_STATUS_OK, item);
    }
  else
    respond_not_found (req, "Route not found");
}

static void
route_tables (Request *req)
{
  static const char * const statuses[] = {
    "available", "occupied", "reserved", "unavailable", "cleaning", "paid", NULL
  };
  JsonObject *table = NULL;

  if (!authenticate (req, TRUE) || !require_restaurant_access (req))
    return;

  if (req->n_segments >= 2)
    table = _galley_demo_server_find_table (req->self, req->segments[1]);

  if (req->n_segments == 1 && strcmp (req->method, "GET") == 0)
    respond_array (req->msg, SOUP_STATUS_OK, req->self->tables);
  else if (req->n_segments == 2 && strcmp (req->method, "GET") == 0)
    {
      if (table == NULL)
        respond_not_found (req, "Table not found");
      else
        respond_object (req->msg, SOUP_STATUS_OK, table);
    }
  else if (req->n_segments == 3 && segment_is (req, 2, "status") &&
           strcmp (req->method, "PATCH") == 0)
    {
      const char *status = NULL;

      if (!require_scope (req, "tables:manage"))
        return;
      if (!galley_json_get_string (req->body, "status", &status) || !g_strv_contains (statuses, status))
        {
          respond_invalid_field (req, "status", "Invalid table status");
          return;
        }
      if (table == NULL)
        {
          respond_not_found (req, "Table not found");
          return;
        }
      json_object_set_string_member (table, "status", status);
      respond_object (req->msg, SOUP_STATUS_OK, table);
    }
  else
    respond_not_found (req, "Route not found");
}

/* ------------------------------------------------------------------ the rest */

static void
payments_cash (Request *req)
{
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autoptr(GError) error = NULL;
  const char *order_id = NULL;
  double received = 0, change = 0;
  DemoOrder *order;

  if (!authenticate (req, TRUE) || !require_scope (req, "payments:process") ||
      !require_restaurant_access (req))
    return;

  if (!galley_json_get_string (req->body, "order_id", &order_id))
    {
      respond_invalid_field (req, "order_id", "Required");
      return;
    }
  if (!galley_json_get_number (req->body, "amount_received", &received) || received < 0)
    {
      respond_invalid_field (req, "amount_received", "Expected a number of at least 0");
      return;
    }

  order = _galley_demo_server_find_order (req->self, order_id);
  if (order == NULL)
    {
      respond_not_found (req, "Order not found");
      return;
    }

  if (!_galley_demo_server_pay_cash (req->self, order, received, TRUE, &error))
    {
      if (g_error_matches (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_CONFLICT))
        respond_error (req, SOUP_STATUS_CONFLICT, "CONFLICT", error->message);
      else
        respond_error (req, SOUP_STATUS_BAD_REQUEST, "BAD_REQUEST", error->message);
      return;
    }

  galley_json_get_number (order->row, "change_given", &change);
  json_object_set_boolean_member (reply, "success", TRUE);
  json_object_set_object_member (reply, "order", json_object_ref (order->row));
  json_object_set_double_member (reply, "change", change);
  respond_object (req->msg, SOUP_STATUS_OK, reply);
}

static JsonObject *
restaurant_object (gboolean full)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", GALLEY_DEMO_RESTAURANT_ID);
  json_object_set_string_member (object, "name", "Grow Kitchen (demo)");
  json_object_set_string_member (object, "slug", "grow");
  json_object_set_string_member (object, "timezone", "America/New_York");
  if (full)
    {
      json_object_set_object_member (object, "settings", json_object_new ());
      json_object_set_boolean_member (object, "active", TRUE);
    }
  json_object_set_double_member (object, "tax_rate", 0.08);

  return object;
}

static void
route_restaurants (Request *req)
{
  g_autoptr(JsonObject) object = NULL;
  gboolean public = req->n_segments == 3 && segment_is (req, 2, "public");

  if (strcmp (req->method, "GET") != 0 || (req->n_segments != 2 && !public))
    {
      respond_not_found (req, "Route not found");
      return;
    }

  if (!public && !authenticate (req, TRUE))
    return;

  if (g_ascii_strcasecmp (req->segments[1], GALLEY_DEMO_RESTAURANT_ID) != 0)
    {
      respond_not_found (req, "Restaurant not found");
      return;
    }

  object = restaurant_object (!public);
  respond_object (req->msg, SOUP_STATUS_OK, object);
}

static void
respond_health (Request *req)
{
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autofree char *now = _galley_demo_server_now_js (req->self);

  json_object_set_string_member (reply, "status", "healthy");
  json_object_set_string_member (reply, "timestamp", now);
  json_object_set_string_member (reply, "server", "galley-demo-server");
  respond_object (req->msg, SOUP_STATUS_OK, reply);
}

static void
route_api (Request *req)
{
  const char *first = req->n_segments > 0 ? req->segments[0] : "";
  static const char * const health[] = { "health", "status", "ready", "live", "healthz", NULL };

  if (!check_csrf (req))
    return;

  if (req->n_segments == 1 && g_strv_contains (health, first) && strcmp (req->method, "GET") == 0)
    respond_health (req);
  else if (strcmp (first, "auth") == 0)
    route_auth (req);
  else if (strcmp (first, "orders") == 0)
    route_orders (req);
  else if (strcmp (first, "menu") == 0)
    route_menu (req);
  else if (strcmp (first, "tables") == 0)
    route_tables (req);
  else if (strcmp (first, "payments") == 0 && segment_is (req, 1, "cash") &&
           strcmp (req->method, "POST") == 0)
    payments_cash (req);
  else if (strcmp (first, "restaurants") == 0)
    route_restaurants (req);
  else if (strcmp (first, "analytics") == 0 && strcmp (req->method, "POST") == 0)
    respond_success (req, "Recorded");
  else
    respond_not_found (req, "Route not found");
}

/* ------------------------------------------------------------------ /_demo */

static gboolean
parse_enum (const char  *text,
            const char * const *names,
            guint        n_names,
            guint       *out)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], text) == 0)
      {
        *out = i;
        return TRUE;
      }

  return FALSE;
}

static gint64
param_int (JsonObject *params,
           const char *name,
           gint64      fallback)
{
  gint64 value;

  return galley_json_get_int (params, name, &value) ? value : fallback;
}

static const char *
param_string (JsonObject *params,
              const char *name)
{
  const char *value = NULL;

  galley_json_get_string (params, name, &value);

  return value;
}

static gboolean
bad_param (GError     **error,
           const char  *hook,
           const char  *param)
{
  g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID,
               "Fault %s: invalid or missing parameter %s", hook, param);
  return FALSE;
}

/**
 * galley_demo_server_fault:
 * @params: {"hook": "<name>", ...parameters} as in spec §7.3
 *
 * Arms a fault by name; the body of POST /_demo/fault.
 */
gboolean
galley_demo_server_fault (GalleyDemoServer  *self,
                          JsonObject        *params,
                          GError           **error)
{
  static const char * const drop_modes[] = { "close", "abort", "silent" };
  static const char * const malformed[] = {
    "truncated", "not_json", "not_object", "no_type", "wrong_payload_type"
  };
  static const char * const reject_modes[] = {
    "none", "auth_failed", "auth_required", "close_1008_only", "no_reply"
  };
  const char *hook;
  guint value;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), FALSE);

  hook = param_string (params, "hook");
  if (hook == NULL)
    return bad_param (error, "(none)", "hook");

  if (self->server == NULL && strcmp (hook, "restart") != 0)
    {
      g_set_error_literal (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_NOT_RUNNING,
                           "The demo server is not running");
      return FALSE;
    }

  if (strcmp (hook, "drop_connection") == 0)
    {
      if (!parse_enum (param_string (params, "mode") != NULL ? param_string (params, "mode") : "close",
                       drop_modes, G_N_ELEMENTS (drop_modes), &value))
        return bad_param (error, hook, "mode");
      galley_demo_server_drop_connections (self, value, (gushort) param_int (params, "code", 1001),
                                           param_string (params, "reason"));
    }
  else if (strcmp (hook, "malformed_json") == 0)
    {
      if (!parse_enum (param_string (params, "kind") != NULL ? param_string (params, "kind") : "not_json",
                       malformed, G_N_ELEMENTS (malformed), &value))
        return bad_param (error, hook, "kind");
      galley_demo_server_send_malformed (self, value, (guint) param_int (params, "count", 1));
    }
  else if (strcmp (hook, "unknown_type") == 0)
    galley_demo_server_send_unknown_type (self, param_string (params, "type"),
                                          (guint) param_int (params, "count", 1));
  else if (strcmp (hook, "oversized_frame") == 0)
    galley_demo_server_send_oversized (self, (gsize) param_int (params, "bytes", 2 * 1024 * 1024));
  else if (strcmp (hook, "delay") == 0)
    galley_demo_server_set_delay (self, (guint) param_int (params, "ws_ms", 0),
                                  (guint) param_int (params, "rest_ms", 0),
                                  (guint) param_int (params, "jitter_ms", 0),
                                  param_string (params, "path"));
  else if (strcmp (hook, "stall_rest") == 0)
    galley_demo_server_stall_rest (self, param_string (params, "path"));
  else if (strcmp (hook, "rest_error") == 0)
    {
      gint64 status = param_int (params, "status", 500);

      if (status < 400 || status > 599)
        return bad_param (error, hook, "status");
      galley_demo_server_fail_rest (self, param_string (params, "path"), (guint) status,
                                    (guint) param_int (params, "count", 1));
    }
  else if (strcmp (hook, "reject_auth") == 0)
    {
      if (!parse_enum (param_string (params, "mode") != NULL ? param_string (params, "mode") : "auth_failed",
                       reject_modes, G_N_ELEMENTS (reject_modes), &value))
        return bad_param (error, hook, "mode");
      galley_demo_server_reject_auth (self, value);
    }
  else if (strcmp (hook, "expire_tokens") == 0)
    galley_demo_server_expire_tokens (self);
  else if (strcmp (hook, "duplicate_event") == 0)
    galley_demo_server_duplicate_events (self, (guint) param_int (params, "count", 1));
  else if (strcmp (hook, "reorder_events") == 0)
    galley_demo_server_reorder_events (self, (guint) param_int (params, "window", 1));
  else if (strcmp (hook, "suppress_broadcasts") == 0)
    galley_demo_server_suppress_broadcasts (self, (int) param_int (params, "count", -1));
  else if (strcmp (hook, "skip_seq") == 0)
    galley_demo_server_skip_seq (self, (guint) param_int (params, "count", 1));
  else if (strcmp (hook, "restart") == 0)
    {
      gboolean refuse = FALSE;

      galley_json_get_bool (params, "refuse_rest", &refuse);
      galley_demo_server_restart (self, (guint) param_int (params, "downtime_ms", 2000),
                                  (guint) param_int (params, "missed_events", 0), refuse);
    }
  else
    {
      g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID,
                   "Unknown fault hook %s", hook);
      return FALSE;
    }

  g_debug ("Fault armed: %s", hook);

  return TRUE;
}

static void
route_demo (GalleyDemoServer  *self,
            SoupServerMessage *msg,
            const char        *what,
            JsonObject        *body)
{
  g_autoptr(GError) error = NULL;
  GInetSocketAddress *remote = G_INET_SOCKET_ADDRESS (soup_server_message_get_remote_address (msg));
  gboolean post = strcmp (soup_server_message_get_method (msg), "POST") == 0;

  /* loopback only: the control API is never part of the upstream surface */
  if (remote == NULL || !g_inet_address_get_is_loopback (g_inet_socket_address_get_address (remote)))
    {
      respond_error_string (msg, SOUP_STATUS_FORBIDDEN, "Demo control is loopback only");
      return;
    }

  if (post && strcmp (what, "fault") == 0)
    {
      if (!galley_demo_server_fault (self, body, &error))
        {
          respond_error_string (msg, SOUP_STATUS_BAD_REQUEST, error->message);
          return;
        }
    }
  else if (post && strcmp (what, "clear") == 0)
    galley_demo_server_clear_faults (self);
  else if (post && strcmp (what, "generate") == 0)
    galley_demo_server_generate (self, (guint) CLAMP (param_int (body, "count", 1), 0, 10000));
  else if (post && strcmp (what, "advance") == 0)
    galley_demo_server_advance (self, (guint64) MAX (param_int (body, "ms", 0), 0));
  else if (post && strcmp (what, "config") == 0)
    {
      if (!galley_demo_server_configure (self, body, &error))
        {
          respond_error_string (msg, SOUP_STATUS_BAD_REQUEST, error->message);
          return;
        }
    }
  else if (!post && strcmp (what, "stats") == 0)
    {
      g_autoptr(JsonObject) stats = galley_demo_server_dup_stats (self);

      respond_object (msg, SOUP_STATUS_OK, stats);
      return;
    }
  else if (!post && strcmp (what, "log") == 0)
    {
      g_autoptr(JsonArray) log = galley_demo_server_dup_log (self);

      respond_array (msg, SOUP_STATUS_OK, log);
      return;
    }
  else
    {
      respond_error_string (msg, SOUP_STATUS_NOT_FOUND, "Unknown demo control");
      return;
    }

  {
    g_autoptr(JsonObject) reply = json_object_new ();

    json_object_set_boolean_member (reply, "ok", TRUE);
    respond_object (msg, SOUP_STATUS_OK, reply);
  }
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
      respond_error_string (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "Service unavailable");
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
  Request req = { 0 };
  gsize body_len = 0;
  const char *body_data;

  if (is_upgrade (msg))
    {
      if (strstr (path, "/voice-stream") != NULL)
        respond_error_string (msg, SOUP_STATUS_NOT_FOUND, "Not an order socket");
      else if (self->down)
        respond_error_string (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "Server restarting");
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
        respond_error_string (msg, SOUP_STATUS_BAD_REQUEST, "Invalid JSON body");
      else
        route_demo (self, msg, path + strlen ("/_demo/"), body);
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
      respond_error_string (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "Server restarting");
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
      respond_error (&req, self->rest_error_status,
                     self->rest_error_status == 401 ? "UNAUTHORIZED"
                     : self->rest_error_status == 403 ? "FORBIDDEN"
                     : self->rest_error_status == 404 ? "NOT_FOUND"
                     : self->rest_error_status == 429 ? "RATE_LIMITED"
                     : self->rest_error_status == 503 ? "SERVICE_UNAVAILABLE" : "INTERNAL_ERROR",
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
      respond_not_found (&req, "Route not found");
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
    respond_error (&req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                   "Request body too large");
  else if (body_len > 0 && (body = galley_json_parse_object (body_text, -1, NULL)) == NULL)
    respond_error (&req, SOUP_STATUS_BAD_REQUEST, "BAD_REQUEST", "Invalid JSON in request body");
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

/* ------------------------------------------------------------------ fault setters */

void
galley_demo_server_set_delay (GalleyDemoServer *self,
                              guint             ws_ms,
                              guint             rest_ms,
                              guint             jitter_ms,
                              const char       *path_filter)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  self->ws_delay_ms = ws_ms;
  self->rest_delay_ms = rest_ms;
  self->delay_jitter_ms = jitter_ms;
  g_free (self->delay_path);
  self->delay_path = g_strdup (path_filter);
}

void
galley_demo_server_stall_rest (GalleyDemoServer *self,
                               const char       *path_filter)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  g_ptr_array_add (self->stall_paths, g_strdup (path_filter != NULL ? path_filter : ""));
}

void
galley_demo_server_fail_rest (GalleyDemoServer *self,
                              const char       *path_filter,
                              guint             status,
                              guint             count)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));
  g_return_if_fail (status >= 400 && status <= 599);

  g_free (self->rest_error_path);
  self->rest_error_path = g_strdup (path_filter);
  self->rest_error_status = status;
  self->rest_error_count = count;
}

void
galley_demo_server_reject_auth (GalleyDemoServer     *self,
                                GalleyDemoRejectMode  mode)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  self->reject_auth = mode;
}

void
galley_demo_server_expire_tokens (GalleyDemoServer *self)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  self->expire_tokens = TRUE;
}

void
galley_demo_server_duplicate_events (GalleyDemoServer *self,
                                     guint             count)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  self->duplicate_count = count;
}

void
galley_demo_server_reorder_events (GalleyDemoServer *self,
                                   guint             window)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  self->reorder_window = window;
}

/**
 * galley_demo_server_suppress_broadcasts:
 * @count: how many order events to swallow, or -1 until cleared
 */
void
galley_demo_server_suppress_broadcasts (GalleyDemoServer *self,
                                        int               count)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  self->suppress_count = count;
}

/**
 * galley_demo_server_restart:
 *
 * Simulates a restart: every socket is closed with 1001, upgrades (and with @refuse_rest,
 * REST calls) are refused for @downtime_ms, and @missed_events changes are made that no
 * client hears of.
 */
void
galley_demo_server_restart (GalleyDemoServer *self,
                            guint             downtime_ms,
                            guint             missed_events,
                            gboolean          refuse_rest)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  if (self->server == NULL)
    return;

  g_message ("Demo server simulating a restart (%u ms down, %u missed changes)",
             downtime_ms, missed_events);

  _galley_demo_server_close_all (self, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "Server shutting down");
  self->down = TRUE;
  self->refuse_rest = refuse_rest;
  _galley_demo_server_apply_missed (self, missed_events);
  _galley_demo_server_cancel_timers (self, DEMO_TIMER_RESTART_END);
  _galley_demo_server_schedule (self, (gint64) downtime_ms * 1000, DEMO_TIMER_RESTART_END, 0,
                                NULL, NULL);
}

/**
 * galley_demo_server_clear_faults:
 *
 * Clears every fault: held events are sent, stalled requests answered, a restart ends.
 */
void
galley_demo_server_clear_faults (GalleyDemoServer *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  galley_demo_server_set_delay (self, 0, 0, 0, NULL);
  g_ptr_array_set_size (self->stall_paths, 0);
  _galley_demo_server_release_stalled (self);
  galley_demo_server_fail_rest (self, NULL, 500, 0);
  self->reject_auth = GALLEY_DEMO_REJECT_NONE;
  self->expire_tokens = FALSE;
  self->duplicate_count = 0;
  self->reorder_window = 0;
  _galley_demo_server_flush_held (self);
  self->suppress_count = 0;
  self->down = FALSE;
  self->refuse_rest = FALSE;
  if (self->server != NULL)
    _galley_demo_server_cancel_timers (self, DEMO_TIMER_RESTART_END);

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((DemoClient *) value)->silent = FALSE;
}
