/* galley-order-feed-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by galley-order-feed.c and galley-order-feed-resync.c only.
 */
#pragma once

#include "net/galley-order-feed.h"

G_BEGIN_DECLS

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

typedef enum {
  PROP_0,
  PROP_RUNNING,
  PROP_SYNCING,
  PROP_EVENTS_APPLIED,
  PROP_RESYNCS,
  PROP_CORRECTIONS,
  N_PROPS
} GalleyOrderFeedProp;

typedef enum {
  RESYNCED,
  N_SIGNALS
} GalleyOrderFeedSignal;

extern GParamSpec *_galley_order_feed_properties[N_PROPS];
extern guint _galley_order_feed_signals[N_SIGNALS];

/* galley-order-feed-resync.c */
void     _galley_order_feed_start_resync  (GalleyOrderFeed *self);
void     _galley_order_feed_cancel_resync (GalleyOrderFeed *self);
void     _galley_order_feed_resync_free   (Resync          *resync);
GalleyOrder *_galley_order_feed_parse_row (GalleyOrderFeed *self,
                                           JsonNode        *node);

G_END_DECLS
