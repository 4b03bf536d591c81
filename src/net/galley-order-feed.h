/* galley-order-feed.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "net/galley-order-link.h"
#include "net/galley-rest-client.h"
#include "orders/galley-order-store.h"

G_BEGIN_DECLS

#define GALLEY_ORDER_FEED_PAGE_SIZE     50
#define GALLEY_ORDER_FEED_MAX_PAGES     40
#define GALLEY_ORDER_FEED_RECALL_US     (G_GINT64_CONSTANT (60) * 60 * G_USEC_PER_SEC)

#define GALLEY_TYPE_ORDER_FEED (galley_order_feed_get_type ())
G_DECLARE_FINAL_TYPE (GalleyOrderFeed, galley_order_feed, GALLEY, ORDER_FEED, GObject)

GalleyOrderFeed  *galley_order_feed_new                     (GalleyOrderLink  *link,
                                                             GalleyRestClient *rest,
                                                             GalleyOrderStore *store);
void              galley_order_feed_start                   (GalleyOrderFeed  *self);
void              galley_order_feed_stop                    (GalleyOrderFeed  *self);
void              galley_order_feed_resync                  (GalleyOrderFeed  *self);
gboolean          galley_order_feed_get_running             (GalleyOrderFeed  *self);
gboolean          galley_order_feed_get_syncing             (GalleyOrderFeed  *self);
GalleyOrderStore *galley_order_feed_get_store               (GalleyOrderFeed  *self);
GalleyOrderLink  *galley_order_feed_get_link                (GalleyOrderFeed  *self);
guint64           galley_order_feed_get_events_applied      (GalleyOrderFeed  *self);
guint64           galley_order_feed_get_events_stale        (GalleyOrderFeed  *self);
guint64           galley_order_feed_get_rows_rejected       (GalleyOrderFeed  *self);
guint             galley_order_feed_get_resyncs             (GalleyOrderFeed  *self);
guint64           galley_order_feed_get_corrections         (GalleyOrderFeed  *self);
guint             galley_order_feed_get_last_corrections    (GalleyOrderFeed  *self);
gint64            galley_order_feed_get_last_resync         (GalleyOrderFeed  *self);
guint             galley_order_feed_get_seq_gaps            (GalleyOrderFeed  *self);

G_END_DECLS
