/* galley-order-feed-resync.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyOrderFeed's resync (R-SYNC-1/2/5): after every auth:success, the open orders are
 * paged through over REST status by status, rows that changed status meanwhile are read one
 * by one, and the store is reconciled with the result before the link is declared live.
 */
#define G_LOG_DOMAIN "galley-order-feed"

#include <glib/gi18n.h>

#include "net/galley-order-feed-private.h"
#include "util/galley-source.h"
#include "util/galley-weak.h"

#define properties _galley_order_feed_properties
#define signals _galley_order_feed_signals

/* The statuses to page through, in forward order (R-SYNC-2). */
static const char * const open_statuses[] = {
  "new", "pending", "confirmed", "preparing", "ready", "picked-up",
};

void
_galley_order_feed_resync_free (Resync *resync)
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
    _galley_order_feed_resync_free (self->resync);
  self->resync = resync;

  if (was != (resync != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

void
_galley_order_feed_cancel_resync (GalleyOrderFeed *self)
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
  _galley_order_feed_cancel_resync (self);

  if (g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_SIGNED_IN))
    galley_order_link_auth_failed (self->link, error->message);
  else
    galley_order_link_fail (self->link, error->message);
}

GalleyOrder *
_galley_order_feed_parse_row (GalleyOrderFeed *self,
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
      _galley_order_feed_start_resync (self);
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
      order = _galley_order_feed_parse_row (self, node);
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
      GalleyOrder *order = _galley_order_feed_parse_row (self, json_array_get_element (rows, i));

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

void
_galley_order_feed_start_resync (GalleyOrderFeed *self)
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
