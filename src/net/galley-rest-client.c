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

#include <string.h>

#include "net/galley-rest-client-private.h"

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

/* ------------------------------------------------------------------ small helpers */

void
_galley_rest_clear_secret (char **secret)
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
  _galley_rest_clear_secret (&self->token);
  _galley_rest_clear_secret (&self->csrf);

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
  _galley_rest_clear_secret (&login->token);
  _galley_rest_clear_secret (&login->refresh_token);
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

  _galley_rest_clear_secret (&self->token);
  _galley_rest_clear_secret (&self->csrf);

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
