/* galley-demo-server-http-auth.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo server's /auth routes (spec §4.2): e-mail, PIN and station logins with the PIN
 * lockout, refresh, logout and the signed-in user.
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include <string.h>

#include "demo/galley-demo-server-private.h"
#include "util/galley-json.h"
#include "util/galley-jwt.h"
#include "util/galley-time.h"

#define PIN_MAX_FAILURES    5
#define PIN_LOCKOUT_US      (G_GINT64_CONSTANT (15) * 60 * G_USEC_PER_SEC)
#define EMAIL_TOKEN_LIFE_S  28800
#define PIN_TOKEN_LIFE_S    43200
#define STATION_LIFE_S      14400

static gboolean
restaurant_matches (DemoRequest *req,
                    const char  *member)
{
  const char *restaurant = NULL;

  if (!galley_json_get_string (req->body, member, &restaurant))
    {
      _galley_demo_server_respond_invalid_field (req, member, "Required");
      return FALSE;
    }

  if (g_ascii_strcasecmp (restaurant, GALLEY_DEMO_RESTAURANT_ID) != 0)
    {
      _galley_demo_server_respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_RESTAURANT",
                                         "Invalid restaurant");
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ /auth */

static void
auth_login (DemoRequest *req)
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
      _galley_demo_server_respond_invalid_field (req, "email", "Email and password are required");
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
      _galley_demo_server_respond_error (req, SOUP_STATUS_UNAUTHORIZED, "INVALID_CREDENTIALS",
                                         "Invalid email or password");
      return;
    }

  token = _galley_demo_server_sign_token (self, user, "email", EMAIL_TOKEN_LIFE_S);
  refresh = _galley_demo_server_new_uuid (self);
  g_hash_table_insert (self->refresh_tokens, g_strdup (refresh), g_strdup (user->role));

  json_object_set_object_member (reply, "user", _galley_demo_server_user_object (user, FALSE));
  json_object_set_string_member (session, "access_token", token);
  json_object_set_string_member (session, "refresh_token", refresh);
  json_object_set_int_member (session, "expires_in", EMAIL_TOKEN_LIFE_S);
  json_object_set_object_member (reply, "session", session);
  json_object_set_string_member (reply, "restaurantId", GALLEY_DEMO_RESTAURANT_ID);

  _galley_demo_server_add_session_cookies (req, token, EMAIL_TOKEN_LIFE_S);
  _galley_demo_server_respond_object (req->msg, SOUP_STATUS_OK, reply);
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
auth_pin_login (DemoRequest *req)
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
      _galley_demo_server_respond_invalid_field (req, "pin", "PIN must be 4 to 6 digits");
      return;
    }
  if (!restaurant_matches (req, "restaurantId"))
    return;

  locked_until = g_hash_table_lookup (self->pin_locked_until, peer);
  if (locked_until != NULL && *locked_until > _galley_demo_server_now_us (self))
    {
      _galley_demo_server_respond_error (req, 429, "TOO_MANY_ATTEMPTS",
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
      _galley_demo_server_respond_error (req, SOUP_STATUS_UNAUTHORIZED, "INVALID_PIN",
                                         "Invalid PIN");
      return;
    }

  g_hash_table_remove (self->pin_failures, peer);
  g_hash_table_remove (self->pin_locked_until, peer);

  token = _galley_demo_server_sign_token (self, user, "pin", PIN_TOKEN_LIFE_S);
  reply = json_object_new ();
  json_object_set_object_member (reply, "user", _galley_demo_server_user_object (user, FALSE));
  json_object_set_string_member (reply, "token", token);
  json_object_set_int_member (reply, "expiresIn", PIN_TOKEN_LIFE_S);
  json_object_set_string_member (reply, "restaurantId", GALLEY_DEMO_RESTAURANT_ID);

  _galley_demo_server_add_session_cookies (req, token, PIN_TOKEN_LIFE_S);
  _galley_demo_server_respond_object (req->msg, SOUP_STATUS_OK, reply);
}

static void
auth_station_login (DemoRequest *req)
{
  static const char * const station_types[] = { "kitchen", "expo", "bar", "prep", NULL };
  g_autoptr(JsonObject) claims = json_object_new ();
  g_autoptr(JsonObject) reply = json_object_new ();
  const char *type = NULL, *name = NULL;
  g_autofree char *token = NULL, *expires = NULL, *fingerprint = NULL;
  gint64 now_us = _galley_demo_server_now_us (req->self);

  if (!_galley_demo_server_authenticate (req, TRUE) ||
      !_galley_demo_server_require_scope (req, "staff:manage"))
    return;

  if (!galley_json_get_string (req->body, "stationType", &type) ||
      !g_strv_contains (station_types, type))
    {
      _galley_demo_server_respond_invalid_field (req, "stationType", "Invalid station type");
      return;
    }
  if (!galley_json_get_string (req->body, "stationName", &name) || *name == '\0')
    {
      _galley_demo_server_respond_invalid_field (req, "stationName", "Required");
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
  _galley_demo_server_respond_object (req->msg, SOUP_STATUS_OK, reply);
}

static void
auth_refresh (DemoRequest *req)
{
  GalleyDemoServer *self = req->self;
  g_autoptr(JsonObject) reply = json_object_new ();
  JsonObject *session;
  const char *refresh = NULL;
  g_autofree char *old = NULL, *role = NULL, *token = NULL, *next = NULL;
  const DemoUser *user;

  if (!galley_json_get_string (req->body, "refreshToken", &refresh))
    {
      _galley_demo_server_respond_invalid_field (req, "refreshToken", "Required");
      return;
    }

  /* one use only: the old refresh token is gone either way */
  if (!g_hash_table_steal_extended (self->refresh_tokens, refresh, (gpointer *) &old,
                                    (gpointer *) &role) ||
      (user = _galley_demo_server_find_user (role)) == NULL)
    {
      _galley_demo_server_respond_error (req, SOUP_STATUS_UNAUTHORIZED, "INVALID_REFRESH_TOKEN",
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
  _galley_demo_server_respond_object (req->msg, SOUP_STATUS_OK, reply);
}

void
_galley_demo_server_respond_success (DemoRequest *req,
                                     const char  *message)
{
  g_autoptr(JsonObject) reply = json_object_new ();

  json_object_set_boolean_member (reply, "success", TRUE);
  json_object_set_string_member (reply, "message", message);
  _galley_demo_server_respond_object (req->msg, SOUP_STATUS_OK, reply);
}

static void
auth_logout (DemoRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);

  soup_message_headers_append (headers, "Set-Cookie", "auth_token=; Path=/; Max-Age=0");
  soup_message_headers_append (headers, "Set-Cookie", "csrf_token=; Path=/; Max-Age=0");
  _galley_demo_server_respond_success (req, "Logged out successfully");
}

static void
auth_me (DemoRequest *req)
{
  g_autoptr(JsonObject) reply = json_object_new ();
  const char *sub = NULL;
  const DemoUser *user;

  if (!_galley_demo_server_authenticate (req, TRUE))
    return;

  galley_json_get_string (req->claims, "sub", &sub);
  user = _galley_demo_server_user_by_id (sub);
  if (user == NULL)
    {
      _galley_demo_server_respond_not_found (req, "User not found");
      return;
    }

  json_object_set_object_member (reply, "user", _galley_demo_server_user_object (user, TRUE));
  json_object_set_string_member (reply, "restaurantId", GALLEY_DEMO_RESTAURANT_ID);
  _galley_demo_server_respond_object (req->msg, SOUP_STATUS_OK, reply);
}

void
_galley_demo_server_route_auth (DemoRequest *req)
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
      if (_galley_demo_server_authenticate (req, TRUE))
        _galley_demo_server_respond_success (req, "Done");
    }
  else
    _galley_demo_server_respond_not_found (req, "Route not found");
}
