/* galley-order-store.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "orders/galley-order.h"

G_BEGIN_DECLS

typedef enum
{
  GALLEY_STORE_INSERTED,     /* a new order */
  GALLEY_STORE_UPDATED,      /* newer than the held row, and something changed */
  GALLEY_STORE_UNCHANGED,    /* newer, but the same content */
  GALLEY_STORE_STALE,        /* older than or as old as the held row: dropped (R-SYNC-3) */
} GalleyStoreResult;

typedef struct
{
  guint inserted;
  guint updated;
  guint removed;
  guint stale;
  guint unchanged;
} GalleyReconcileStats;

#define GALLEY_TYPE_ORDER_STORE (galley_order_store_get_type ())
G_DECLARE_FINAL_TYPE (GalleyOrderStore, galley_order_store, GALLEY, ORDER_STORE, GObject)

GalleyOrderStore  *galley_order_store_new                 (void);
GalleyOrder       *galley_order_store_lookup              (GalleyOrderStore     *self,
                                                           const char           *id);
GalleyStoreResult  galley_order_store_apply               (GalleyOrderStore     *self,
                                                           GalleyOrder          *incoming);
gboolean           galley_order_store_remove              (GalleyOrderStore     *self,
                                                           const char           *id);
gboolean           galley_order_store_apply_status_change (GalleyOrderStore     *self,
                                                           const char           *id,
                                                           GalleyOrderStatus     status);
gboolean           galley_order_store_apply_item_status   (GalleyOrderStore     *self,
                                                           const char           *order_id,
                                                           const char           *item_id,
                                                           const char           *status);
GPtrArray         *galley_order_store_reconcile           (GalleyOrderStore     *self,
                                                           GPtrArray            *snapshot,
                                                           GalleyReconcileStats *stats);
guint              galley_order_store_prune               (GalleyOrderStore     *self,
                                                           gint64                now_us,
                                                           gint64                keep_us);
void               galley_order_store_clear               (GalleyOrderStore     *self);

G_END_DECLS
