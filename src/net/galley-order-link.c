/* galley-order-link.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The order WebSocket as an explicit state machine (spec/order-protocol.md §1, §6.1-6.4):
 * first-frame auth, an app-level ping every 30 s, "stale" exactly 60 s after the last frame,
 * reconnects with jittered backoff, and an auth failure that stops instead of looping. One
 * link per server is shared by every view: each subscribes to the message types it wants
 * and unsubscribes with its handle; when the last one leaves, the socket closes after a
 * short grace period and no timer or handler is left.
 *
 * Every timer has its own field and name, and each is cleared on the state change that
 * makes it obsolete (R-RECON-6). The handshake owns a GCancellable; a new attempt or
 * dispose cancels it.
 */
#define G_LOG_DOMAIN "galley-order-link"

#include <glib/gi18n.h>

#include "net/galley-backoff.h"
#include "net/galley-order-link-private.h"
#include "util/galley-source.h"
#include "util/galley-validate.h"

G_DEFINE_FINAL_TYPE (GalleyOrderLink, galley_order_link, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static const GEnumValue state_values[] = {
  { GALLEY_LINK_DISCONNECTED, "GALLEY_LINK_DISCONNECTED", "disconnected" },
  { GALLEY_LINK_CONNECTING, "GALLEY_LINK_CONNECTING", "connecting" },
  { GALLEY_LINK_AUTHENTICATING, "GALLEY_LINK_AUTHENTICATING", "authenticating" },
  { GALLEY_LINK_SYNCING, "GALLEY_LINK_SYNCING", "syncing" },
  { GALLEY_LINK_LIVE, "GALLEY_LINK_LIVE", "live" },
  { GALLEY_LINK_WAITING, "GALLEY_LINK_WAITING", "waiting" },
  { GALLEY_LINK_AUTH_FAILED, "GALLEY_LINK_AUTH_FAILED", "auth-failed" },
  { GALLEY_LINK_STOPPED, "GALLEY_LINK_STOPPED", "stopped" },
  { 0, NULL, NULL }
};

GType
galley_link_state_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("GalleyLinkState", state_values));

  return type_id;
}

const char *
_galley_order_link_state_nick (GalleyLinkState state)
{
  return state_values[state].value_nick;
}

/* Notifies @prop_id; the satellites change state too. */
void
_galley_order_link_notify (GalleyOrderLink *self,
                           guint            prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/**
 * galley_link_timings_init_default:
 *
 * The figures of spec/order-protocol.md §6.3-6.4 and the issue: ping every 30 s, stale after
 * 60 s, auth reply within 10 s, handshake within 15 s, backoff 2 s doubling to 30 s, stop
 * after 15 attempts, close 5 s after the last subscriber leaves.
 */
void
galley_link_timings_init_default (GalleyLinkTimings *timings)
{
  g_return_if_fail (timings != NULL);

  *timings = (GalleyLinkTimings) {
    .ping_interval_ms = 30000,
    .dead_after_ms = 60000,
    .auth_timeout_ms = 10000,
    .handshake_timeout_ms = 15000,
    .backoff_base_ms = GALLEY_BACKOFF_BASE_MS,
    .backoff_cap_ms = GALLEY_BACKOFF_CAP_MS,
    .max_attempts = 15,
    .idle_grace_ms = 5000,
  };
}

/* ------------------------------------------------------------------ subscribers */

static void
subscriber_free (Subscriber *subscriber)
{
  if (subscriber->destroy != NULL)
    subscriber->destroy (subscriber->user_data);
  g_free (subscriber->type);
  g_free (subscriber);
}

int
_galley_order_link_compare_ids (gconstpointer a,
                                gconstpointer b)
{
  guint ia = GPOINTER_TO_UINT (*(gconstpointer *) a);
  guint ib = GPOINTER_TO_UINT (*(gconstpointer *) b);

  return ia < ib ? -1 : ia > ib;
}

/* ------------------------------------------------------------------ GObject */

static void
galley_order_link_dispose (GObject *object)
{
  GalleyOrderLink *self = GALLEY_ORDER_LINK (object);

  /* 1-4: timers, the handshake in flight, the socket (closed with 1000) */
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->grace_id, g_source_remove);
  _galley_order_link_teardown_connection (self, TRUE);
  g_clear_handle_id (&self->release_id, g_source_remove);
  g_ptr_array_set_size (self->retired, 0);

  /* subscribers' user data is released (their destroy notifies run) */
  g_hash_table_remove_all (self->subscribers);

  /* 5. references */
  g_clear_object (&self->session);

  G_OBJECT_CLASS (galley_order_link_parent_class)->dispose (object);
}

static void
galley_order_link_finalize (GObject *object)
{
  GalleyOrderLink *self = GALLEY_ORDER_LINK (object);

  g_assert (self->conn == NULL);
  g_assert (self->retry_id == 0 && self->grace_id == 0 && self->ping_id == 0);
  g_assert (self->deadline_id == 0 && self->auth_id == 0 && self->handshake_id == 0);
  g_assert (self->release_id == 0);

  g_clear_pointer (&self->subscribers, g_hash_table_unref);
  g_clear_pointer (&self->retired, g_ptr_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_free (self->base_url);
  g_free (self->restaurant_id);
  g_free (self->token);
  g_free (self->config_error);
  g_free (self->last_error);

  G_OBJECT_CLASS (galley_order_link_parent_class)->finalize (object);
}

static void
galley_order_link_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GalleyOrderLink *self = GALLEY_ORDER_LINK (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ATTEMPT:
      g_value_set_uint (value, self->attempt);
      break;

    case PROP_NEXT_RETRY:
      g_value_set_int64 (value, self->next_retry);
      break;

    case PROP_LAST_FRAME:
      g_value_set_int64 (value, self->last_frame);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_RECONNECTS:
      g_value_set_uint (value, self->reconnects);
      break;

    case PROP_N_SUBSCRIBERS:
      g_value_set_uint (value, g_hash_table_size (self->subscribers));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_order_link_class_init (GalleyOrderLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = galley_order_link_dispose;
  object_class->finalize = galley_order_link_finalize;
  object_class->get_property = galley_order_link_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, GALLEY_TYPE_LINK_STATE, GALLEY_LINK_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ATTEMPT] =
    g_param_spec_uint ("attempt", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_RETRY] =
    g_param_spec_int64 ("next-retry", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_FRAME] =
    g_param_spec_int64 ("last-frame", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECONNECTS] =
    g_param_spec_uint ("reconnects", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SUBSCRIBERS] =
    g_param_spec_uint ("n-subscribers", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_order_link_init (GalleyOrderLink *self)
{
  galley_link_timings_init_default (&self->timings);
  self->subscribers = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) subscriber_free);
  self->rand = g_rand_new ();
  self->retired = g_ptr_array_new_with_free_func (g_object_unref);
  self->state = GALLEY_LINK_DISCONNECTED;
}

/* ------------------------------------------------------------------ public API */

/**
 * galley_order_link_new:
 * @session: the process's network session
 *
 * Returns: (transfer full): a link that connects when the first subscriber comes
 */
GalleyOrderLink *
galley_order_link_new (GalleyNetSession *session)
{
  GalleyOrderLink *self;

  g_return_val_if_fail (GALLEY_IS_NET_SESSION (session), NULL);

  self = g_object_new (GALLEY_TYPE_ORDER_LINK, NULL);
  self->session = g_object_ref (session);

  return self;
}

void
galley_order_link_set_timings (GalleyOrderLink         *self,
                               const GalleyLinkTimings *timings)
{
  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));
  g_return_if_fail (timings != NULL);

  self->timings = *timings;
}

void
galley_order_link_get_timings (GalleyOrderLink   *self,
                               GalleyLinkTimings *timings)
{
  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));
  g_return_if_fail (timings != NULL);

  *timings = self->timings;
}

/**
 * galley_order_link_configure:
 * @base_url: the restaurant server, e.g. "https://pos.example:3001"
 * @restaurant_id: the restaurant's UUID
 *
 * A bad address or a restaurant id that is not a UUID is a configuration error: the link
 * stops and says so, and never retries it (R-RECON-4). A change reconnects.
 */
void
galley_order_link_configure (GalleyOrderLink *self,
                             const char      *base_url,
                             const char      *restaurant_id)
{
  g_autofree char *url = NULL, *restaurant = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));

  g_clear_pointer (&self->config_error, g_free);
  if (!galley_validate_server_url (base_url, &url, &error) ||
      !galley_validate_restaurant_id (restaurant_id, &restaurant, &error))
    self->config_error = g_strdup (error->message);

  if (g_strcmp0 (url, self->base_url) == 0 && g_strcmp0 (restaurant, self->restaurant_id) == 0 &&
      self->config_error == NULL)
    return;

  g_free (self->base_url);
  self->base_url = g_steal_pointer (&url);
  g_free (self->restaurant_id);
  self->restaurant_id = g_steal_pointer (&restaurant);

  if (g_hash_table_size (self->subscribers) > 0)
    {
      _galley_order_link_set_attempt (self, 0);
      _galley_order_link_connect_now (self);
    }
}

/**
 * galley_order_link_set_token:
 * @token: (nullable): the signed-in session's token
 *
 * A new token after a refused sign-in reconnects at once; %NULL signs out and closes.
 */
void
galley_order_link_set_token (GalleyOrderLink *self,
                             const char      *token)
{
  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));

  if (g_strcmp0 (self->token, token) == 0)
    return;

  g_free (self->token);
  self->token = g_strdup (token);

  if (g_hash_table_size (self->subscribers) == 0)
    return;

  _galley_order_link_set_attempt (self, 0);
  if (token != NULL)
    _galley_order_link_connect_now (self);
  else
    _galley_order_link_enter_auth_failed (self,
                                          _("Galley is not signed in. Sign in to see orders."));
}

/**
 * galley_order_link_subscribe:
 * @type: a message type ("order:created", "auth:success", …) or "*" for every message
 * @handler: called for each such message
 * @destroy: (nullable): frees @user_data when the subscription ends
 *
 * The first subscriber opens the connection.
 *
 * Returns: a handle for galley_order_link_unsubscribe()
 */
guint
galley_order_link_subscribe (GalleyOrderLink   *self,
                             const char        *type,
                             GalleyLinkHandler  handler,
                             gpointer           user_data,
                             GDestroyNotify     destroy)
{
  Subscriber *subscriber;

  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), 0);
  g_return_val_if_fail (type != NULL, 0);
  g_return_val_if_fail (handler != NULL, 0);

  subscriber = g_new0 (Subscriber, 1);
  subscriber->id = ++self->next_subscriber_id;
  subscriber->type = g_strdup (type);
  subscriber->handler = handler;
  subscriber->user_data = user_data;
  subscriber->destroy = destroy;
  g_hash_table_insert (self->subscribers, GUINT_TO_POINTER (subscriber->id), subscriber);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SUBSCRIBERS]);

  g_clear_handle_id (&self->grace_id, g_source_remove);
  if (self->state == GALLEY_LINK_DISCONNECTED)
    _galley_order_link_connect_now (self);

  return subscriber->id;
}

/**
 * galley_order_link_unsubscribe:
 *
 * Ends one subscription; no other subscriber is affected (R-LIFE-4). When the last one
 * leaves, the connection closes after the grace period.
 */
void
galley_order_link_unsubscribe (GalleyOrderLink *self,
                               guint            id)
{
  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));

  if (!g_hash_table_remove (self->subscribers, GUINT_TO_POINTER (id)))
    {
      g_critical ("No subscription %u", id);
      return;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SUBSCRIBERS]);

  if (g_hash_table_size (self->subscribers) > 0 || self->state == GALLEY_LINK_DISCONNECTED)
    return;

  g_clear_handle_id (&self->grace_id, g_source_remove);
  self->grace_id = galley_timeout_add_named ("galley-order-link-grace", self->timings.idle_grace_ms,
                                             _galley_order_link_grace_cb, self, NULL);
}

guint
galley_order_link_get_n_subscribers (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), 0);

  return g_hash_table_size (self->subscribers);
}

/**
 * galley_order_link_retry_now:
 *
 * The Retry button: reconnect at once from waiting, stopped or auth-failed (R-RECON-2).
 */
void
galley_order_link_retry_now (GalleyOrderLink *self)
{
  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));

  if (g_hash_table_size (self->subscribers) == 0)
    return;

  switch (self->state)
    {
    case GALLEY_LINK_STOPPED:
    case GALLEY_LINK_AUTH_FAILED:
      _galley_order_link_set_attempt (self, 0);
      G_GNUC_FALLTHROUGH;
    case GALLEY_LINK_WAITING:
    case GALLEY_LINK_DISCONNECTED:
      _galley_order_link_set_next_retry (self, 0);
      _galley_order_link_connect_now (self);
      break;

    case GALLEY_LINK_CONNECTING:
    case GALLEY_LINK_AUTHENTICATING:
    case GALLEY_LINK_SYNCING:
    case GALLEY_LINK_LIVE:
    default:
      break;
    }
}

/**
 * galley_order_link_mark_live:
 *
 * The snapshot after auth:success is applied: the link is live and the attempt counter
 * starts again (it resets only here: R-RECON-1).
 */
void
galley_order_link_mark_live (GalleyOrderLink *self)
{
  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));

  if (self->state != GALLEY_LINK_SYNCING && self->state != GALLEY_LINK_LIVE)
    return;

  _galley_order_link_set_attempt (self, 0);
  _galley_order_link_set_next_retry (self, 0);
  _galley_order_link_set_last_error (self, NULL);
  _galley_order_link_set_state (self, GALLEY_LINK_LIVE);
}

/**
 * galley_order_link_fail:
 * @reason: for the person at the screen
 *
 * Something needed for the link failed (the snapshot): reconnect with backoff.
 */
void
galley_order_link_fail (GalleyOrderLink *self,
                        const char      *reason)
{
  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));

  if (self->state == GALLEY_LINK_DISCONNECTED || self->state == GALLEY_LINK_AUTH_FAILED ||
      self->state == GALLEY_LINK_STOPPED)
    return;

  _galley_order_link_schedule_retry (self, reason);
}

/**
 * galley_order_link_auth_failed:
 *
 * The REST side was refused (401): stop like a refused WebSocket sign-in.
 */
void
galley_order_link_auth_failed (GalleyOrderLink *self,
                               const char      *reason)
{
  g_return_if_fail (GALLEY_IS_ORDER_LINK (self));

  _galley_order_link_enter_auth_failed (self, reason);
}

GalleyLinkState
galley_order_link_get_state (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), GALLEY_LINK_DISCONNECTED);

  return self->state;
}

const char *
galley_order_link_get_state_name (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), NULL);

  return state_values[self->state].value_nick;
}

guint
galley_order_link_get_attempt (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), 0);

  return self->attempt;
}

/**
 * galley_order_link_get_next_retry:
 *
 * Returns: when the next attempt starts (monotonic µs), or 0
 */
gint64
galley_order_link_get_next_retry (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), 0);

  return self->next_retry;
}

/**
 * galley_order_link_get_last_frame:
 *
 * Returns: when the last frame arrived (monotonic µs), or 0
 */
gint64
galley_order_link_get_last_frame (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), 0);

  return self->last_frame;
}

/**
 * galley_order_link_get_last_error:
 *
 * Returns: (nullable): why the link is not live, in words for the person at the screen
 */
const char *
galley_order_link_get_last_error (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), NULL);

  return self->last_error;
}

guint
galley_order_link_get_reconnects (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), 0);

  return self->reconnects;
}

guint64
galley_order_link_get_frames_received (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), 0);

  return self->frames_received;
}

guint64
galley_order_link_get_frames_rejected (GalleyOrderLink *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (self), 0);

  return self->frames_rejected;
}
