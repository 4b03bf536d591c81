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
 * the resync (R-SYNC-9).
 */
#define G_LOG_DOMAIN "galley-order-feed"

#include <glib/gi18n.h>

#include "net/galley-order-feed.h"
#include "util/galley-source.h"
#include "util/galley-weak.h"

#define PRUNE_INTERVAL_S 60

/* The statuses to page through, in forward order (R-SYNC-2). */
static const char * const open_statuses[] = {
  "new", "pending", "confirmed", "preparing", "ready", "picked-up",
};

typedef struct
{
  GPtrArray  *rows;          /* GalleyOrder*, newest row per id */
  GHashTable *by_id;         /* id -> index in rows */
  guint       status_index;  /* into open_statuses, then the recent phase */
  guint       offset;
  guint       pages;
  gboolean    capped;
  GPtrArray  *reread;        /* ids to GET one by one (R-SYNC-5) */
  guint       reread_index;
  GalleyReconcileStats stats;
  guint       removed;
} Resync;

struct _GalleyOrderFeed
{
  GObject           parent_instance;

  GalleyOrderLink  *link;
  GalleyRestClient *rest;
  GalleyOrderStore *store;

  guint             subscription;
  guint             prune_id;
  GCancellable     *resync_cancellable;
  Resync           *resync;
  gboolean          resync_again;
  GCancellable     *reread_cancellable;   /* single re-reads after status_changed */

  gboolean          have_seq;
  gint64            last_seq;

  guint64           events_applied;
  guint64           events_stale;
  guint64           rows_rejected;
  guint             resyncs;
  guint64           corrections;
  guint             last_corrections;
  gint64            last_resync;
  guint             seq_gaps;
};

G_DEFINE_FINAL_TYPE (GalleyOrderFeed, galley_order_feed, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_SYNCING,
  PROP_EVENTS_APPLIED,
  PROP_RESYNCS,
  PROP_CORRECTIONS,
  N_PROPS
};

enum {
  RESYNCED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_resync (GalleyOrderFeed *self);

static void
resync_free (Resync *resync)
{
  g_clear_pointer (&resync->rows, g_ptr_array_unref);
  g_clear_pointer (&resync->by_id, g_hash_table_unref);
  g_clear_pointer (&resync->reread, g_ptr_array_unref);
  g_free (resync);
}

static void
set_syncing (GalleyOrderFeed *self,
             Resync          *resync)
{
  gboolean was = self->resync != NULL;

  if (self->resync != NULL && self->resync != resync)
    resync_free (self->resync);
  self->resync = resync;

  if (was != (resync != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

static void
cancel_resync (GalleyOrderFeed *self)
{
  if (self->resync_cancellable != NULL)
    {
      g_cancellable_cancel (self->resync_cancellable);
      g_clear_object (&self->resync_cancellable);
    }
  self->resync_again = FALSE;
  set_syncing (self, NULL);
}

/* A REST failure while syncing: sign in again on 401, otherwise back off and retry. */
static void
resync_failed (GalleyOrderFeed *self,
               const GError    *error)
{
  g_debug ("Resync failed: %s", error->message);
  cancel_resync (self);

  if (g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_SIGNED_IN))
    galley_order_link_auth_failed (self->link, error->message);
  else
    galley_order_link_fail (self->link, error->message);
}

static GalleyOrder *
parse_row (GalleyOrderFeed *self,
           JsonNode        *node)
{
  g_autoptr(GError) error = NULL;
  GalleyOrder *order;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      self->rows_rejected++;
      g_warning ("An order row is not an object: ignored");
      return NULL;
    }

  order = galley_order_new_from_json (json_node_get_object (node), &error);
  if (order == NULL)
    {
      self->rows_rejected++;
      g_warning ("An order row was rejected: %s", error->message);
    }

  return order;
}

static void
collect_row (Resync      *resync,
             GalleyOrder *order)
{
  gpointer index;

  /* newest-first paging with concurrent inserts repeats rows: keep the newest */
  if (g_hash_table_lookup_extended (resync->by_id, galley_order_get_id (order), NULL, &index))
    {
      GalleyOrder *held = g_ptr_array_index (resync->rows, GPOINTER_TO_UINT (index));

      if (galley_order_is_newer_than (order, held))
        {
          g_object_unref (held);
          resync->rows->pdata[GPOINTER_TO_UINT (index)] = order;
        }
      else
        g_object_unref (order);
      return;
    }

  g_hash_table_insert (resync->by_id, (gpointer) galley_order_get_id (order),
                       GUINT_TO_POINTER (resync->rows->len));
  g_ptr_array_add (resync->rows, order);
}

static void fetch_page (GalleyOrderFeed *self);
static void reread_next (GalleyOrderFeed *self);

static void
finish_resync (GalleyOrderFeed *self)
{
  Resync *resync = self->resync;
  guint corrections = resync->stats.inserted + resync->stats.updated + resync->removed;

  /* the first snapshot loads the store: only later ones correct what events missed */
  if (self->resyncs == 0)
    corrections = 0;

  self->resyncs++;
  self->last_corrections = corrections;
  self->corrections += corrections;
  self->last_resync = g_get_real_time ();
  g_debug ("Resync %u: %u rows, %u added, %u updated, %u removed, %u stale%s", self->resyncs,
           resync->rows->len, resync->stats.inserted, resync->stats.updated, resync->removed,
           resync->stats.stale, resync->capped ? " (page cap reached)" : "");
  if (corrections > 0)
    g_message ("A resync corrected %u order(s) that events had missed", corrections);

  g_clear_object (&self->resync_cancellable);
  set_syncing (self, NULL);
  galley_order_store_prune (self->store, g_get_real_time (), GALLEY_ORDER_FEED_RECALL_US);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESYNCS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CORRECTIONS]);
  g_signal_emit (self, signals[RESYNCED], 0, corrections);

  if (self->resync_again)
    {
      self->resync_again = FALSE;
      start_resync (self);
      return;
    }

  galley_order_link_mark_live (self->link);
}

static void
reread_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GalleyWeak) weak = user_data;
  g_autoptr(GalleyOrderFeed) self = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  row = galley_rest_client_get_order_finish (GALLEY_REST_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = galley_weak_get (weak);
  if (self == NULL || self->resync == NULL)
    return;

  id = g_ptr_array_index (self->resync->reread, self->resync->reread_index - 1);
  if (row != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(GalleyOrder) order = NULL;

      json_node_set_object (node, row);
      order = parse_row (self, node);
      if (order != NULL && galley_order_store_apply (self->store, order) == GALLEY_STORE_UPDATED)
        self->resync->stats.updated++;
    }
  else if (g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_FOUND))
    {
      if (galley_order_store_remove (self->store, id))
        self->resync->removed++;
    }
  else
    {
      resync_failed (self, error);
      return;
    }

  reread_next (self);
}

static void
reread_next (GalleyOrderFeed *self)
{
  Resync *resync = self->resync;

  if (resync->reread_index >= resync->reread->len)
    {
      finish_resync (self);
      return;
    }

  galley_rest_client_get_order_async (self->rest,
                                      g_ptr_array_index (resync->reread, resync->reread_index++),
                                      self->resync_cancellable, reread_cb, galley_weak_new (self));
}

static void
reconcile (GalleyOrderFeed *self)
{
  Resync *resync = self->resync;

  if (resync->capped)
    {
      /* an incomplete snapshot may not prove an order gone: apply, re-read nothing */
      GPtrArray *missing = galley_order_store_reconcile (self->store, resync->rows, &resync->stats);

      g_ptr_array_unref (missing);
      resync->reread = g_ptr_array_new_with_free_func (g_free);
    }
  else
    resync->reread = galley_order_store_reconcile (self->store, resync->rows, &resync->stats);

  reread_next (self);
}

static void
page_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GalleyWeak) weak = user_data;
  g_autoptr(GalleyOrderFeed) self = NULL;
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  Resync *resync;
  guint n;

  rows = galley_rest_client_list_orders_finish (GALLEY_REST_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = galley_weak_get (weak);
  if (self == NULL || self->resync == NULL)
    return;

  if (rows == NULL)
    {
      resync_failed (self, error);
      return;
    }

  resync = self->resync;
  resync->pages++;
  n = json_array_get_length (rows);
  for (guint i = 0; i < n; i++)
    {
      GalleyOrder *order = parse_row (self, json_array_get_element (rows, i));

      if (order != NULL)
        collect_row (resync, order);
    }

  if (n >= GALLEY_ORDER_FEED_PAGE_SIZE)
    resync->offset += GALLEY_ORDER_FEED_PAGE_SIZE;
  else
    {
      resync->offset = 0;
      resync->status_index++;
    }

  if (resync->pages >= GALLEY_ORDER_FEED_MAX_PAGES &&
      resync->status_index <= G_N_ELEMENTS (open_statuses))
    {
      g_warning ("The snapshot stopped at %u pages: some orders may be missing until the next "
                 "resync", GALLEY_ORDER_FEED_MAX_PAGES);
      resync->capped = TRUE;
      reconcile (self);
      return;
    }

  if (resync->status_index > G_N_ELEMENTS (open_statuses))
    {
      reconcile (self);
      return;
    }

  fetch_page (self);
}

static void
fetch_page (GalleyOrderFeed *self)
{
  Resync *resync = self->resync;
  GalleyRestOrderQuery query = {
    .limit = GALLEY_ORDER_FEED_PAGE_SIZE,
    .offset = resync->offset,
  };

  if (resync->status_index < G_N_ELEMENTS (open_statuses))
    query.status = open_statuses[resync->status_index];
  else
    /* orders finished within the recall window, whatever their status */
    query.start_date = g_get_real_time () - GALLEY_ORDER_FEED_RECALL_US;

  galley_rest_client_list_orders_async (self->rest, &query, self->resync_cancellable, page_cb,
                                        galley_weak_new (self));
}

static void
start_resync (GalleyOrderFeed *self)
{
  Resync *resync;

  if (self->resync != NULL)
    {
      /* one at a time: the running one is followed by another */
      self->resync_again = TRUE;
      return;
    }

  resync = g_new0 (Resync, 1);
  resync->rows = g_ptr_array_new_with_free_func (g_object_unref);
  resync->by_id = g_hash_table_new (g_str_hash, g_str_equal);

  g_clear_object (&self->resync_cancellable);
  self->resync_cancellable = g_cancellable_new ();
  set_syncing (self, resync);
  fetch_page (self);
}

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
  order = parse_row (self, node);
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
      start_resync (self);
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
      cancel_resync (self);
      start_resync (self);
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
  cancel_resync (self);
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
  cancel_resync (self);
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
    start_resync (self);
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
