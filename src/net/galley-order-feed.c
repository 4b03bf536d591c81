/* galley-order-feed.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keeps the order store equal to the server's truth. Events from the link are applied as
 * they come; after every auth:success (first connect and every reconnect) the full working
 * set is fetched over REST and reconciled before the link is declared live (R-SYNC-1/2), so
 * nothing that happened while the terminal was cut off is lost — the original client's
 * worst defect. With sequence numbers (the demo server's extension), a gap also triggers
 * the resync (R-SYNC-9). The resync itself is in galley-order-feed-resync.c.
 */
#define G_LOG_DOMAIN "galley-order-feed"

#include <glib/gi18n.h>

#include "net/galley-order-feed-private.h"
#include "util/galley-source.h"
#include "util/galley-weak.h"

#define PRUNE_INTERVAL_S 60
G_DEFINE_FINAL_TYPE (GalleyOrderFeed, galley_order_feed, G_TYPE_OBJECT)

GParamSpec *_galley_order_feed_properties[N_PROPS];
guint _galley_order_feed_signals[N_SIGNALS];

#define properties _galley_order_feed_properties
#define signals _galley_order_feed_signals

/* ------------------------------------------------------------------ events */

static void
status_reread_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GalleyWeak) weak = user_data;
  g_autoptr(GalleyOrderFeed) self = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GalleyOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  row = galley_rest_client_get_order_finish (GALLEY_REST_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = galley_weak_get (weak);
  if (self == NULL)
    return;

  if (row == NULL)
    {
      /* the next resync settles it */
      g_debug ("Re-reading an order failed: %s", error->message);
      return;
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, row);
  order = _galley_order_feed_parse_row (self, node);
  if (order != NULL)
    galley_order_store_apply (self->store, order);
}

static void
count_applied (GalleyOrderFeed   *self,
               GalleyStoreResult  result)
{
  if (result == GALLEY_STORE_STALE)
    self->events_stale++;
  else
    self->events_applied++;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS_APPLIED]);
}

static void
check_seq (GalleyOrderFeed         *self,
           const GalleyLinkMessage *message)
{
  gboolean gap;

  if (!message->has_seq)
    return;

  gap = self->have_seq && message->seq != self->last_seq + 1;
  self->have_seq = TRUE;
  self->last_seq = message->seq;

  if (gap && message->kind != GALLEY_LINK_MESSAGE_AUTH_SUCCESS)
    {
      self->seq_gaps++;
      g_message ("Sequence gap (%" G_GINT64_FORMAT "): resyncing", message->seq);
      _galley_order_feed_start_resync (self);
    }
}

static void
message_cb (const GalleyLinkMessage *message,
            gpointer                 user_data)
{
  GalleyOrderFeed *self = user_data;

  if (message->kind == GALLEY_LINK_MESSAGE_AUTH_SUCCESS)
    {
      /* a new connection: its sequence starts again, and events may have been missed */
      self->have_seq = message->has_seq;
      self->last_seq = message->seq;
      _galley_order_feed_cancel_resync (self);
      _galley_order_feed_start_resync (self);
      return;
    }

  check_seq (self, message);

  switch (message->kind)
    {
    case GALLEY_LINK_MESSAGE_ORDER_CREATED:
    case GALLEY_LINK_MESSAGE_ORDER_UPDATED:
      count_applied (self, galley_order_store_apply (self->store, message->order));
      break;

    case GALLEY_LINK_MESSAGE_ORDER_DELETED:
      galley_order_store_remove (self->store, message->order_id);
      count_applied (self, GALLEY_STORE_UPDATED);
      break;

    case GALLEY_LINK_MESSAGE_ORDER_STATUS_CHANGED:
      /* no version: only a legal step, then the full row (R-SYNC-6) */
      if (galley_order_store_apply_status_change (self->store, message->order_id, message->status))
        {
          count_applied (self, GALLEY_STORE_UPDATED);
          galley_rest_client_get_order_async (self->rest, message->order_id,
                                              self->reread_cancellable, status_reread_cb,
                                              galley_weak_new (self));
        }
      else
        count_applied (self, GALLEY_STORE_STALE);
      break;

    case GALLEY_LINK_MESSAGE_ORDER_ITEM_STATUS_CHANGED:
      galley_order_store_apply_item_status (self->store, message->order_id, message->item_id,
                                            message->item_status);
      count_applied (self, GALLEY_STORE_UPDATED);
      break;

    case GALLEY_LINK_MESSAGE_TABLE_STATUS_UPDATED:
    case GALLEY_LINK_MESSAGE_SYNC_COMPLETE:
    case GALLEY_LINK_MESSAGE_PONG:
    case GALLEY_LINK_MESSAGE_CONNECTED:
    case GALLEY_LINK_MESSAGE_AUTH_SUCCESS:
    case GALLEY_LINK_MESSAGE_AUTH_FAILED:
    case GALLEY_LINK_MESSAGE_SERVER_ERROR:
    case GALLEY_LINK_MESSAGE_INVALID_FORMAT:
    case GALLEY_LINK_MESSAGE_UNKNOWN:
    default:
      break;
    }
}

static gboolean
prune_cb (gpointer user_data)
{
  GalleyOrderFeed *self = user_data;

  galley_order_store_prune (self->store, g_get_real_time (), GALLEY_ORDER_FEED_RECALL_US);

  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------ GObject */

static void
galley_order_feed_dispose (GObject *object)
{
  GalleyOrderFeed *self = GALLEY_ORDER_FEED (object);

  /* 1. sources; 2. the subscription; 3. requests in flight */
  g_clear_handle_id (&self->prune_id, g_source_remove);
  if (self->subscription != 0 && self->link != NULL)
    galley_order_link_unsubscribe (self->link, self->subscription);
  self->subscription = 0;
  _galley_order_feed_cancel_resync (self);
  g_cancellable_cancel (self->reread_cancellable);
  g_clear_object (&self->reread_cancellable);

  /* 5. references */
  g_clear_object (&self->link);
  g_clear_object (&self->rest);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (galley_order_feed_parent_class)->dispose (object);
}

static void
galley_order_feed_finalize (GObject *object)
{
  GalleyOrderFeed *self = GALLEY_ORDER_FEED (object);

  g_assert (self->prune_id == 0);
  g_assert (self->subscription == 0);
  g_assert (self->resync == NULL);

  G_OBJECT_CLASS (galley_order_feed_parent_class)->finalize (object);
}

static void
galley_order_feed_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GalleyOrderFeed *self = GALLEY_ORDER_FEED (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->subscription != 0);
      break;

    case PROP_SYNCING:
      g_value_set_boolean (value, self->resync != NULL);
      break;

    case PROP_EVENTS_APPLIED:
      g_value_set_uint64 (value, self->events_applied);
      break;

    case PROP_RESYNCS:
      g_value_set_uint (value, self->resyncs);
      break;

    case PROP_CORRECTIONS:
      g_value_set_uint64 (value, self->corrections);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_order_feed_class_init (GalleyOrderFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = galley_order_feed_dispose;
  object_class->finalize = galley_order_feed_finalize;
  object_class->get_property = galley_order_feed_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENTS_APPLIED] =
    g_param_spec_uint64 ("events-applied", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESYNCS] =
    g_param_spec_uint ("resyncs", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CORRECTIONS] =
    g_param_spec_uint64 ("corrections", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GalleyOrderFeed::resynced:
   * @corrections: how many orders the snapshot added, changed or removed
   */
  signals[RESYNCED] = g_signal_new ("resynced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
galley_order_feed_init (GalleyOrderFeed *self)
{
  self->reread_cancellable = g_cancellable_new ();
}

/**
 * galley_order_feed_new:
 *
 * Returns: (transfer full): a stopped feed
 */
GalleyOrderFeed *
galley_order_feed_new (GalleyOrderLink  *link,
                       GalleyRestClient *rest,
                       GalleyOrderStore *store)
{
  GalleyOrderFeed *self;

  g_return_val_if_fail (GALLEY_IS_ORDER_LINK (link), NULL);
  g_return_val_if_fail (GALLEY_IS_REST_CLIENT (rest), NULL);
  g_return_val_if_fail (GALLEY_IS_ORDER_STORE (store), NULL);

  self = g_object_new (GALLEY_TYPE_ORDER_FEED, NULL);
  self->link = g_object_ref (link);
  self->rest = g_object_ref (rest);
  self->store = g_object_ref (store);

  return self;
}

/**
 * galley_order_feed_start:
 *
 * Subscribes to the link (which connects) and keeps the store up to date from then on.
 */
void
galley_order_feed_start (GalleyOrderFeed *self)
{
  g_return_if_fail (GALLEY_IS_ORDER_FEED (self));

  if (self->subscription != 0)
    return;

  self->subscription = galley_order_link_subscribe (self->link, "*", message_cb, self, NULL);
  self->prune_id = galley_timeout_add_seconds_named ("galley-order-feed-prune", PRUNE_INTERVAL_S,
                                                     prune_cb, self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/**
 * galley_order_feed_stop:
 *
 * Unsubscribes (the link closes when nobody else listens) and cancels a resync in flight.
 */
void
galley_order_feed_stop (GalleyOrderFeed *self)
{
  g_return_if_fail (GALLEY_IS_ORDER_FEED (self));

  if (self->subscription == 0)
    return;

  g_clear_handle_id (&self->prune_id, g_source_remove);
  galley_order_link_unsubscribe (self->link, self->subscription);
  self->subscription = 0;
  _galley_order_feed_cancel_resync (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/**
 * galley_order_feed_resync:
 *
 * Fetches the full working set again (a gap, or a person who wants to be sure).
 */
void
galley_order_feed_resync (GalleyOrderFeed *self)
{
  g_return_if_fail (GALLEY_IS_ORDER_FEED (self));

  if (self->subscription != 0 && galley_order_link_get_state (self->link) == GALLEY_LINK_LIVE)
    _galley_order_feed_start_resync (self);
}

gboolean
galley_order_feed_get_running (GalleyOrderFeed *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_FEED (self), FALSE);

  return self->subscription != 0;
}

gboolean
galley_order_feed_get_syncing (GalleyOrderFeed *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_FEED (self), FALSE);

  return self->resync != NULL;
}

/**
 * galley_order_feed_get_store:
 *
 * Returns: (transfer none): the store it keeps
 */
GalleyOrderStore *
galley_order_feed_get_store (GalleyOrderFeed *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_FEED (self), NULL);

  return self->store;
}

/**
 * galley_order_feed_get_link:
 *
 * Returns: (transfer none): the link it listens to
 */
GalleyOrderLink *
galley_order_feed_get_link (GalleyOrderFeed *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_FEED (self), NULL);

  return self->link;
}

guint64
galley_order_feed_get_events_applied (GalleyOrderFeed *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_FEED (self), 0);

  return self->events_applied;
}

guint64
galley_order_feed_get_events_stale (GalleyOrderFeed *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_FEED (self), 0);

  return self->events_stale;
}

guint64
galley_order_feed_get_rows_rejected (GalleyOrderFeed *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_FEED (self), 0);

  return self->rows_rejected;
}

guint
galley_order_feed_get_resyncs (GalleyOrderFeed *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_FEED (self), 0);

  return self->resyncs;
}

guint64
galley_order_feed_get_corrections (GalleyOrderFeed *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_FEED (self), 0);

  return self->corrections;
}

guint
galley_order_feed_get_last_corrections (GalleyOrderFeed *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_FEED (self), 0);

  return self->last_corrections;
}

/**
 * galley_order_feed_get_last_resync:
 *
 * Returns: when the last resync finished (unix µs), or 0
 */
gint64
galley_order_feed_get_last_resync (GalleyOrderFeed *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_FEED (self), 0);

  return self->last_resync;
}

guint
galley_order_feed_get_seq_gaps (GalleyOrderFeed *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_FEED (self), 0);

  return self->seq_gaps;
}
