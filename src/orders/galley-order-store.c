/* galley-order-store.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The orders this terminal knows, as a GListModel in a stable order (oldest first, then by
 * id) with an index by id, so an event costs a hash lookup and a view sees the smallest
 * items-changed (R-SYNC-8). Every row, from an event or a snapshot, goes through the same
 * rule: it replaces the held one only if it is newer (R-SYNC-3), so the order in which
 * events and snapshots arrive does not matter, and a repeated event is harmless.
 */
#define G_LOG_DOMAIN "galley-order-store"

#include "orders/galley-order-store.h"

struct _GalleyOrderStore
{
  GObject      parent_instance;

  GSequence   *orders;   /* GalleyOrder*, owned, sorted by (created_at, id) */
  GHashTable  *by_id;    /* id (a copy) -> GSequenceIter* */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GalleyOrderStore, galley_order_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return GALLEY_TYPE_ORDER;
}

static guint
get_n_items (GListModel *model)
{
  GalleyOrderStore *self = GALLEY_ORDER_STORE (model);

  return (guint) g_sequence_get_length (self->orders);
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  GalleyOrderStore *self = GALLEY_ORDER_STORE (model);
  GSequenceIter *iter = g_sequence_get_iter_at_pos (self->orders, (int) position);

  if (g_sequence_iter_is_end (iter))
    return NULL;

  return g_object_ref (g_sequence_get (iter));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static int
compare_orders (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  GalleyOrder *oa = (GalleyOrder *) a, *ob = (GalleyOrder *) b;
  gint64 ca = galley_order_get_created_at (oa), cb = galley_order_get_created_at (ob);

  if (ca != cb)
    return ca < cb ? -1 : 1;

  return g_strcmp0 (galley_order_get_id (oa), galley_order_get_id (ob));
}

static void
items_changed (GalleyOrderStore *self,
               guint             position,
               guint             removed,
               guint             added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
insert (GalleyOrderStore *self,
        GalleyOrder      *order)
{
  GSequenceIter *iter;

  iter = g_sequence_insert_sorted (self->orders, g_object_ref (order), compare_orders, NULL);
  g_hash_table_insert (self->by_id, g_strdup (galley_order_get_id (order)), iter);
  items_changed (self, (guint) g_sequence_iter_get_position (iter), 0, 1);
}

static void
remove_iter (GalleyOrderStore *self,
             GSequenceIter    *iter)
{
  GalleyOrder *order = g_sequence_get (iter);
  guint position = (guint) g_sequence_iter_get_position (iter);

  g_hash_table_remove (self->by_id, galley_order_get_id (order));
  g_sequence_remove (iter);   /* unrefs the order */
  items_changed (self, position, 1, 0);
}

static void
galley_order_store_finalize (GObject *object)
{
  GalleyOrderStore *self = GALLEY_ORDER_STORE (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->orders, g_sequence_free);

  G_OBJECT_CLASS (galley_order_store_parent_class)->finalize (object);
}

static void
galley_order_store_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GalleyOrderStore *self = GALLEY_ORDER_STORE (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, get_n_items (G_LIST_MODEL (self)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_order_store_class_init (GalleyOrderStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = galley_order_store_finalize;
  object_class->get_property = galley_order_store_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_order_store_init (GalleyOrderStore *self)
{
  self->orders = g_sequence_new (g_object_unref);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * galley_order_store_new:
 *
 * Returns: (transfer full): an empty store
 */
GalleyOrderStore *
galley_order_store_new (void)
{
  return g_object_new (GALLEY_TYPE_ORDER_STORE, NULL);
}

/**
 * galley_order_store_lookup:
 *
 * Returns: (transfer none) (nullable): the held order with @id
 */
GalleyOrder *
galley_order_store_lookup (GalleyOrderStore *self,
                           const char       *id)
{
  GSequenceIter *iter;

  g_return_val_if_fail (GALLEY_IS_ORDER_STORE (self), NULL);

  if (id == NULL)
    return NULL;

  iter = g_hash_table_lookup (self->by_id, id);

  return iter != NULL ? g_sequence_get (iter) : NULL;
}

/**
 * galley_order_store_apply:
 * @incoming: an order parsed from an event or a snapshot row
 *
 * Inserts @incoming if its id is new (also for `order:updated`: R-SYNC-4), replaces the held
 * order's content if @incoming is newer (R-SYNC-3), and drops it otherwise. The held object
 * is updated in place, so whoever shows it keeps its reference.
 *
 * Returns: what happened
 */
GalleyStoreResult
galley_order_store_apply (GalleyOrderStore *self,
                          GalleyOrder      *incoming)
{
  GSequenceIter *iter;
  GalleyOrder *held;

  g_return_val_if_fail (GALLEY_IS_ORDER_STORE (self), GALLEY_STORE_STALE);
  g_return_val_if_fail (GALLEY_IS_ORDER (incoming), GALLEY_STORE_STALE);

  iter = g_hash_table_lookup (self->by_id, galley_order_get_id (incoming));
  if (iter == NULL)
    {
      insert (self, incoming);
      return GALLEY_STORE_INSERTED;
    }

  held = g_sequence_get (iter);
  if (held == incoming)
    return GALLEY_STORE_UNCHANGED;

  if (!galley_order_is_newer_than (incoming, held))
    {
      g_debug ("Stale row for order %s dropped (version %" G_GINT64_FORMAT " ≤ %" G_GINT64_FORMAT ")",
               galley_order_get_id (incoming), galley_order_get_version (incoming),
               galley_order_get_version (held));
      return GALLEY_STORE_STALE;
    }

  if (galley_order_get_created_at (incoming) != galley_order_get_created_at (held))
    {
      /* the sort key moved (a server quirk, but possible): move the row */
      g_object_ref (held);
      remove_iter (self, iter);
      galley_order_update_from (held, incoming);
      insert (self, held);
      g_object_unref (held);
      return GALLEY_STORE_UPDATED;
    }

  return galley_order_update_from (held, incoming) ? GALLEY_STORE_UPDATED : GALLEY_STORE_UNCHANGED;
}

/**
 * galley_order_store_remove:
 *
 * Returns: whether an order with @id was held
 */
gboolean
galley_order_store_remove (GalleyOrderStore *self,
                           const char       *id)
{
  GSequenceIter *iter;

  g_return_val_if_fail (GALLEY_IS_ORDER_STORE (self), FALSE);

  iter = id != NULL ? g_hash_table_lookup (self->by_id, id) : NULL;
  if (iter == NULL)
    return FALSE;

  remove_iter (self, iter);

  return TRUE;
}

/**
 * galley_order_store_apply_status_change:
 *
 * `order:status_changed` carries no version (R-SYNC-6): it is applied only when it is a legal
 * step from the held status. The caller re-reads the order afterwards for the full row.
 *
 * Returns: whether the status was applied
 */
gboolean
galley_order_store_apply_status_change (GalleyOrderStore  *self,
                                        const char        *id,
                                        GalleyOrderStatus  status)
{
  GalleyOrder *held;

  g_return_val_if_fail (GALLEY_IS_ORDER_STORE (self), FALSE);

  held = galley_order_store_lookup (self, id);
  if (held == NULL || !galley_order_status_can_transition (galley_order_get_status (held), status))
    return FALSE;

  galley_order_set_status (held, status);

  return TRUE;
}

/**
 * galley_order_store_apply_item_status:
 *
 * Returns: whether the order and its line were held and the status changed
 */
gboolean
galley_order_store_apply_item_status (GalleyOrderStore *self,
                                      const char       *order_id,
                                      const char       *item_id,
                                      const char       *status)
{
  GalleyOrder *held;
  GalleyOrderItem *item;

  g_return_val_if_fail (GALLEY_IS_ORDER_STORE (self), FALSE);

  held = galley_order_store_lookup (self, order_id);
  item = held != NULL ? galley_order_find_item (held, item_id) : NULL;
  if (item == NULL || g_strcmp0 (galley_order_item_get_status (item), status) == 0)
    return FALSE;

  galley_order_item_set_status (item, status);
  /* whoever shows the order redraws it, as for any other change */
  g_signal_emit_by_name (held, "changed");

  return TRUE;
}

/**
 * galley_order_store_reconcile:
 * @snapshot: (element-type GalleyOrder): the complete working set from the server
 * @stats: (out caller-allocates): what changed
 *
 * Applies a full snapshot after a (re)connect (R-SYNC-1): each row through
 * galley_order_store_apply(). Held orders absent from the snapshot are not removed here:
 * an unfinished one must be re-read first (R-SYNC-5), a finished one stays until pruned.
 *
 * Returns: (transfer full) (element-type utf8): ids of unfinished held orders missing from
 *   @snapshot, for the caller to re-read
 */
GPtrArray *
galley_order_store_reconcile (GalleyOrderStore     *self,
                              GPtrArray            *snapshot,
                              GalleyReconcileStats *stats)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *missing = g_ptr_array_new_with_free_func (g_free);
  GSequenceIter *iter;

  g_return_val_if_fail (GALLEY_IS_ORDER_STORE (self), missing);
  g_return_val_if_fail (snapshot != NULL, missing);
  g_return_val_if_fail (stats != NULL, missing);

  *stats = (GalleyReconcileStats) { 0 };

  for (guint i = 0; i < snapshot->len; i++)
    {
      GalleyOrder *order = g_ptr_array_index (snapshot, i);

      g_hash_table_add (seen, (gpointer) galley_order_get_id (order));
      switch (galley_order_store_apply (self, order))
        {
        case GALLEY_STORE_INSERTED:
          stats->inserted++;
          break;
        case GALLEY_STORE_UPDATED:
          stats->updated++;
          break;
        case GALLEY_STORE_UNCHANGED:
          stats->unchanged++;
          break;
        case GALLEY_STORE_STALE:
        default:
          stats->stale++;
          break;
        }
    }

  for (iter = g_sequence_get_begin_iter (self->orders); !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    {
      GalleyOrder *order = g_sequence_get (iter);
      GalleyOrderStatus status = galley_order_get_status (order);

      if (!g_hash_table_contains (seen, galley_order_get_id (order)) &&
          !galley_order_status_is_final (status))
        g_ptr_array_add (missing, g_strdup (galley_order_get_id (order)));
    }

  return missing;
}

/**
 * galley_order_store_prune:
 * @keep_us: how long a finished order stays (the recall window, R-SYNC-5)
 *
 * Forgets finished orders that finished more than @keep_us before @now_us.
 *
 * Returns: how many orders were removed
 */
guint
galley_order_store_prune (GalleyOrderStore *self,
                          gint64            now_us,
                          gint64            keep_us)
{
  GSequenceIter *iter;
  guint removed = 0;

  g_return_val_if_fail (GALLEY_IS_ORDER_STORE (self), 0);

  iter = g_sequence_get_begin_iter (self->orders);
  while (!g_sequence_iter_is_end (iter))
    {
      GSequenceIter *next = g_sequence_iter_next (iter);
      GalleyOrder *order = g_sequence_get (iter);
      gint64 finished = MAX (galley_order_get_completed_at (order),
                             galley_order_get_cancelled_at (order));

      if (finished == 0)
        finished = galley_order_get_updated_at (order);

      if (galley_order_status_is_final (galley_order_get_status (order)) &&
          finished < now_us - keep_us)
        {
          remove_iter (self, iter);
          removed++;
        }
      iter = next;
    }

  return removed;
}

/**
 * galley_order_store_clear:
 *
 * Forgets every order (sign-out, another restaurant).
 */
void
galley_order_store_clear (GalleyOrderStore *self)
{
  guint n;

  g_return_if_fail (GALLEY_IS_ORDER_STORE (self));

  n = get_n_items (G_LIST_MODEL (self));
  if (n == 0)
    return;

  g_hash_table_remove_all (self->by_id);
  g_sequence_remove_range (g_sequence_get_begin_iter (self->orders),
                           g_sequence_get_end_iter (self->orders));
  items_changed (self, 0, n, 0);
}
