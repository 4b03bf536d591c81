/* galley-rest-client-auth.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyRestClient's sign-in calls (spec §4.2): PIN, e-mail and refresh logins, the
 * station login and signing out. PINs, passwords and tokens are never logged.
 */
#define G_LOG_DOMAIN "galley-rest-client"

#include <glib/gi18n.h>
#include <string.h>

#include "net/galley-rest-client-private.h"
#include "util/galley-json.h"
#include "util/galley-jwt.h"

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

GalleyRestLogin *
_galley_rest_parse_login (JsonObject  *body,
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

  _galley_rest_fail_call (self, call,
                          _galley_rest_error_new (GALLEY_REST_ERROR_INVALID_REQUEST,
                                                  _("No restaurant is set. Choose it in "
                                                    "Preferences.")),
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
      _galley_rest_fail_call (self, CALL_LOGIN_PIN,
                              _galley_rest_error_new (GALLEY_REST_ERROR_INVALID_REQUEST,
                                                      _("A PIN has 4 to 6 digits.")),
                              cancellable, callback, user_data);
      return;
    }

  body = json_object_new ();
  json_object_set_string_member (body, "pin", pin);
  json_object_set_string_member (body, "restaurantId", self->restaurant_id);

  _galley_rest_start_call (self, CALL_LOGIN_PIN, "/auth/pin-login", body, pin, NULL, NULL,
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

  _galley_rest_start_call (self, CALL_LOGIN_EMAIL, "/auth/login", body, password, NULL, NULL,
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

  _galley_rest_start_call (self, CALL_REFRESH, "/auth/refresh", body, refresh_token, NULL, NULL,
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

  _galley_rest_start_call (self, CALL_STATION_LOGIN, "/auth/station-login", body, NULL, NULL, NULL,
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
  return _galley_rest_propagate (self, result, CALL_STATION_LOGIN, error);
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
