/* galley-demo-server-users.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo server's users and tokens: the seven demo staff with their PINs and roles, the
 * scopes of each role, and the signing and checking of access tokens (spec §4.2).
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include <string.h>

#include "demo/galley-demo-server-private.h"
#include "util/galley-jwt.h"

static const DemoUser users[] = {
  { "owner", "a3c1e2d4-0000-4000-8000-000000000001", "owner@demo.galley.test", "Olivia Owner",
    "1111", "galley-demo" },
  { "manager", "a3c1e2d4-0000-4000-8000-000000000002", "manager@demo.galley.test",
    "Marco Manager", "1234", "galley-demo" },
  { "kitchen", "a3c1e2d4-0000-4000-8000-000000000003", "kitchen@demo.galley.test",
    "Kim Kitchen", "2222", "galley-demo" },
  { "expo", "a3c1e2d4-0000-4000-8000-000000000004", "expo@demo.galley.test", "Eli Expo",
    "3333", "galley-demo" },
  { "server", "a3c1e2d4-0000-4000-8000-000000000005", "server@demo.galley.test",
    "Sasha Server", "4444", "galley-demo" },
  { "cashier", "a3c1e2d4-0000-4000-8000-000000000006", "cashier@demo.galley.test",
    "Casey Cashier", "5555", "galley-demo" },
  { "admin", "a3c1e2d4-0000-4000-8000-000000000007", "admin@demo.galley.test", "Ada Admin",
    "9999", "galley-demo" },
};

static const char * const all_scopes[] = {
  "orders:create", "orders:read", "orders:update", "orders:delete", "orders:status",
  "payments:process", "payments:refund", "payments:read", "reports:view", "reports:export",
  "staff:manage", "staff:schedule", "system:config", "menu:read", "menu:manage",
  "tables:manage", NULL
};

static const struct
{
  const char *role;
  const char *scopes;   /* "*" for all, "*-system" for all but system:config */
} role_scopes[] = {
  { "owner", "*" },
  { "admin", "*" },
  { "manager", "*-system" },
  { "server", "orders:create orders:read orders:update orders:status payments:process "
              "payments:read menu:read" },
  { "cashier", "orders:read payments:process payments:read menu:read" },
  { "kitchen", "orders:read orders:status menu:read" },
  { "expo", "orders:read orders:status menu:read" },
};

/* ------------------------------------------------------------------ users and tokens */

const DemoUser *
_galley_demo_server_find_user (const char *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    if (g_strcmp0 (users[i].role, role) == 0)
      return &users[i];

  return NULL;
}

const DemoUser *
_galley_demo_server_user_by_pin (const char *pin)
{
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    if (g_strcmp0 (users[i].pin, pin) == 0)
      return &users[i];

  return NULL;
}

const DemoUser *
_galley_demo_server_user_by_email (const char *email)
{
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    if (email != NULL && g_ascii_strcasecmp (users[i].email, email) == 0)
      return &users[i];

  return NULL;
}

const DemoUser *
_galley_demo_server_user_by_id (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    if (g_strcmp0 (users[i].id, id) == 0)
      return &users[i];

  return NULL;
}

/**
 * galley_demo_server_get_pin:
 *
 * Returns: (nullable): the documented demo PIN of @role's user
 */
const char *
galley_demo_server_get_pin (const char *role)
{
  const DemoUser *user = _galley_demo_server_find_user (role);

  return user != NULL ? user->pin : NULL;
}

JsonArray *
_galley_demo_server_role_scopes (const char *role)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (role_scopes); i++)
    {
      if (g_strcmp0 (role_scopes[i].role, role) != 0)
        continue;

      if (role_scopes[i].scopes[0] == '*')
        {
          gboolean no_system = strcmp (role_scopes[i].scopes, "*-system") == 0;

          for (guint s = 0; all_scopes[s] != NULL; s++)
            if (!no_system || strcmp (all_scopes[s], "system:config") != 0)
              json_array_add_string_element (array, all_scopes[s]);
        }
      else
        {
          g_auto (GStrv) parts = g_strsplit (role_scopes[i].scopes, " ", -1);

          for (guint s = 0; parts[s] != NULL; s++)
            json_array_add_string_element (array, parts[s]);
        }
    }

  return array;
}

gboolean
_galley_demo_server_role_has_scope (const char *role,
                                    const char *scope)
{
  g_autoptr(JsonArray) scopes = _galley_demo_server_role_scopes (role);

  for (guint i = 0; i < json_array_get_length (scopes); i++)
    if (g_strcmp0 (json_array_get_string_element (scopes, i), scope) == 0)
      return TRUE;

  return FALSE;
}

char *
_galley_demo_server_sign_token (GalleyDemoServer *self,
                                const DemoUser   *user,
                                const char       *auth_method,
                                gint64            lifetime_s)
{
  g_autoptr(JsonObject) claims = json_object_new ();
  gint64 now_s = _galley_demo_server_now_us (self) / G_USEC_PER_SEC;

  json_object_set_string_member (claims, "sub", user->id);
  json_object_set_string_member (claims, "email", user->email);
  json_object_set_string_member (claims, "role", user->role);
  json_object_set_string_member (claims, "restaurant_id", GALLEY_DEMO_RESTAURANT_ID);
  json_object_set_array_member (claims, "scope", _galley_demo_server_role_scopes (user->role));
  json_object_set_string_member (claims, "auth_method", auth_method);
  json_object_set_int_member (claims, "iat", now_s);
  json_object_set_int_member (claims, "exp", now_s + lifetime_s);

  return galley_jwt_encode_hs256 (claims, DEMO_JWT_SECRET);
}

/**
 * _galley_demo_server_verify_token:
 *
 * Returns: (transfer full) (nullable): the claims of a token this server issued and that has
 *   not expired (nor been expired by the expire_tokens fault)
 */
JsonObject *
_galley_demo_server_verify_token (GalleyDemoServer  *self,
                                  const char        *token,
                                  GError           **error)
{
  JsonObject *claims;

  claims = galley_jwt_verify_hs256 (token, DEMO_JWT_SECRET,
                                    _galley_demo_server_now_us (self) / G_USEC_PER_SEC, error);
  if (claims != NULL && self->expire_tokens)
    {
      json_object_unref (claims);
      g_set_error_literal (error, GALLEY_JWT_ERROR, GALLEY_JWT_ERROR_EXPIRED, "Token has expired");
      return NULL;
    }

  return claims;
}

/**
 * galley_demo_server_issue_token:
 * @role: a demo role ("kitchen", "manager", ...)
 *
 * Signs a token for @role's demo user, as PIN login would.
 *
 * Returns: (transfer full) (nullable): the token, or %NULL for an unknown role
 */
char *
galley_demo_server_issue_token (GalleyDemoServer *self,
                                const char       *role,
                                gint64            lifetime_s)
{
  const DemoUser *user;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), NULL);

  user = _galley_demo_server_find_user (role);
  if (user == NULL)
    return NULL;

  return _galley_demo_server_sign_token (self, user, "pin", lifetime_s);
}
