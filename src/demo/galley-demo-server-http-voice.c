/* galley-demo-server-http-voice.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo server's voice session endpoint (spec/voice.md §1.2, §9.4): POST
 * /api/v1/realtime/session answers with upstream's shape, a secret "ek_test_<n>" valid for
 * 60 s, the model "gpt-realtime", the seed menu rendered as menu_context, and the top-level
 * expires_at in milliseconds (upstream's fallback form), so that Galley's unit handling is
 * exercised. Switches give the GA shape and the failures of §1.2. No OpenAI call is made:
 * the secrets open the fake Realtime server (tests) only.
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include <string.h>

#include "demo/galley-demo-server-private.h"
#include "menu/galley-menu.h"
#include "util/galley-json.h"
#include "voice/galley-realtime-config.h"

#define RATE_WINDOW_US     (G_GINT64_CONSTANT (300) * G_USEC_PER_SEC)
#define SECRET_LIFETIME_S  60

static char *
render_menu (GalleyDemoServer *self)
{
  g_autoptr(GalleyMenu) menu = galley_menu_new (NULL);
  g_autoptr(JsonObject) json = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_array_member (json, "categories", json_array_ref (self->categories));
  json_object_set_array_member (json, "items", json_array_ref (self->items));
  if (!galley_menu_load_json (menu, json, &error))
    {
      g_warning ("Demo menu not renderable: %s", error->message);
      return NULL;
    }

  return galley_realtime_render_menu (menu);
}

/* 429 after realtime_rate_limit calls within five minutes (upstream: 20 in production). */
static gboolean
rate_limited (GalleyDemoServer *self)
{
  gint64 now = g_get_monotonic_time ();
  guint keep = 0;

  for (guint i = 0; i < self->realtime_calls_us->len; i++)
    if (now - g_array_index (self->realtime_calls_us, gint64, i) < RATE_WINDOW_US)
      g_array_index (self->realtime_calls_us, gint64, keep++) =
        g_array_index (self->realtime_calls_us, gint64, i);
  g_array_set_size (self->realtime_calls_us, keep);

  if (self->realtime_calls_us->len >= self->realtime_rate_limit)
    return TRUE;

  g_array_append_val (self->realtime_calls_us, now);

  return FALSE;
}

void
_galley_demo_server_route_realtime (DemoRequest *req)
{
  GalleyDemoServer *self = req->self;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *secret = NULL, *session_id = NULL, *menu = NULL;
  const char *context = "kiosk";
  const char *restaurant;
  gint64 expires_at;

  galley_json_get_string (req->body, "context", &context);
  if (strcmp (context, "server") != 0 && strcmp (context, "kiosk") != 0)
    {
      _galley_demo_server_respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_CONTEXT",
                                         "context must be kiosk or server");
      return;
    }

  /* staff: Bearer required, the JWT's restaurant wins; kiosk: may be anonymous */
  if (!_galley_demo_server_authenticate (req, strcmp (context, "server") == 0))
    return;
  restaurant = _galley_demo_server_header (req, "x-restaurant-id");
  if (req->claims == NULL && g_strcmp0 (restaurant, GALLEY_DEMO_RESTAURANT_ID) != 0)
    {
      _galley_demo_server_respond_error (req, SOUP_STATUS_BAD_REQUEST, "INVALID_RESTAURANT",
                                         "Invalid restaurant");
      return;
    }
  if (req->claims != NULL && !_galley_demo_server_require_restaurant_access (req))
    return;

  if (rate_limited (self))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Retry-After", "300");
      _galley_demo_server_respond_error (req, 429, "RATE_LIMITED",
                                         "Too many voice sessions, try again later");
      return;
    }
  if (self->realtime_no_key)
    {
      _galley_demo_server_respond_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                         "SESSION_CREATE_ERROR", "OpenAI API key not configured");
      return;
    }
  menu = render_menu (self);
  if (self->realtime_menu_load_failed || menu == NULL)
    {
      _galley_demo_server_respond_error (req, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                         "MENU_LOAD_FAILED", "Menu could not be loaded");
      return;
    }
  if (self->realtime_openai_timeout)
    {
      _galley_demo_server_respond_error (req, SOUP_STATUS_GATEWAY_TIMEOUT, "OPENAI_TIMEOUT",
                                         "OpenAI did not answer in time");
      return;
    }

  self->realtime_issued++;
  secret = g_strdup_printf ("ek_test_%u", self->realtime_issued);
  session_id = g_strdup_printf ("sess_%03u", self->realtime_issued);
  expires_at = g_get_real_time () / G_USEC_PER_SEC + SECRET_LIFETIME_S;
  g_hash_table_replace (self->realtime_secrets, g_strdup (secret),
                        g_memdup2 (&expires_at, sizeof expires_at));

  if (self->realtime_ga_shape)
    {
      /* POST /v1/realtime/client_secrets (§1.3): value and expires_at (s) at the top */
      JsonObject *session = json_object_new ();

      json_object_set_string_member (session, "id", session_id);
      json_object_set_string_member (session, "object", "realtime.session");
      json_object_set_string_member (session, "type", "realtime");
      json_object_set_string_member (session, "model", GALLEY_REALTIME_DEFAULT_MODEL);
      json_object_set_string_member (body, "value", secret);
      json_object_set_int_member (body, "expires_at", expires_at);
      json_object_set_object_member (body, "session", session);
    }
  else
    {
      JsonObject *client_secret = json_object_new ();

      json_object_set_string_member (body, "id", session_id);
      json_object_set_string_member (body, "object", "realtime.session");
      json_object_set_string_member (body, "model", GALLEY_REALTIME_DEFAULT_MODEL);
      json_object_set_string_member (client_secret, "value", secret);
      json_object_set_int_member (client_secret, "expires_at", expires_at);
      json_object_set_object_member (body, "client_secret", client_secret);
    }
  json_object_set_string_member (body, "restaurant_id", GALLEY_DEMO_RESTAURANT_ID);
  json_object_set_string_member (body, "menu_context", menu);
  if (!self->realtime_ga_shape)
    json_object_set_int_member (body, "expires_at", expires_at * 1000);   /* [quirk] ms */

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Cache-Control", "no-store");
  _galley_demo_server_respond_object (req->msg, SOUP_STATUS_OK, body);
}

/**
 * galley_demo_server_set_realtime_switch:
 * @name: "ga_shape", "menu_load_failed", "openai_timeout", "no_key" or "rate_limit"
 * @value: 0 or 1 for the flags; calls per five minutes for "rate_limit"
 *
 * Returns: %FALSE for an unknown name
 */
gboolean
galley_demo_server_set_realtime_switch (GalleyDemoServer *self,
                                        const char       *name,
                                        guint             value)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (strcmp (name, "ga_shape") == 0)
    self->realtime_ga_shape = value != 0;
  else if (strcmp (name, "menu_load_failed") == 0)
    self->realtime_menu_load_failed = value != 0;
  else if (strcmp (name, "openai_timeout") == 0)
    self->realtime_openai_timeout = value != 0;
  else if (strcmp (name, "no_key") == 0)
    self->realtime_no_key = value != 0;
  else if (strcmp (name, "rate_limit") == 0)
    {
      self->realtime_rate_limit = value;
      g_array_set_size (self->realtime_calls_us, 0);
    }
  else
    return FALSE;

  return TRUE;
}

/**
 * galley_demo_server_get_realtime_issued:
 *
 * Returns: voice secrets issued since the server was made
 */
guint
galley_demo_server_get_realtime_issued (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), 0);

  return self->realtime_issued;
}

/**
 * galley_demo_server_check_realtime_secret:
 *
 * Returns: %TRUE when @secret was issued here and has not expired (for the fake Realtime
 *   server's optional handshake check, §9.1)
 */
gboolean
galley_demo_server_check_realtime_secret (GalleyDemoServer *self,
                                          const char       *secret)
{
  const gint64 *expires_at;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), FALSE);

  if (secret == NULL)
    return FALSE;
  expires_at = g_hash_table_lookup (self->realtime_secrets, secret);

  return expires_at != NULL && *expires_at > g_get_real_time () / G_USEC_PER_SEC;
}
