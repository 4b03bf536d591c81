/* galley-order.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One order row (spec/order-protocol.md §3.4), parsed and checked as a whole: a row that fails
 * any check is rejected, never half-applied (R-IN-2). Newer copies of the row are merged in
 * with galley_order_update_from(), which notifies only what changed.
 *
 * This file holds the GObject core and the comparison and update of rows; the parsing is in
 * galley-order-parse.c and the accessors in galley-order-accessors.c.
 */
#define G_LOG_DOMAIN "galley-order"

#include "orders/galley-order-private.h"

G_DEFINE_FINAL_TYPE (GalleyOrder, galley_order, G_TYPE_OBJECT)

G_DEFINE_QUARK (galley-order-error-quark, galley_order_error)

G_DEFINE_ENUM_TYPE (GalleyOrderStatus, galley_order_status,
  G_DEFINE_ENUM_VALUE (GALLEY_ORDER_STATUS_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (GALLEY_ORDER_STATUS_NEW, "new"),
  G_DEFINE_ENUM_VALUE (GALLEY_ORDER_STATUS_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (GALLEY_ORDER_STATUS_CONFIRMED, "confirmed"),
  G_DEFINE_ENUM_VALUE (GALLEY_ORDER_STATUS_PREPARING, "preparing"),
  G_DEFINE_ENUM_VALUE (GALLEY_ORDER_STATUS_READY, "ready"),
  G_DEFINE_ENUM_VALUE (GALLEY_ORDER_STATUS_PICKED_UP, "picked-up"),
  G_DEFINE_ENUM_VALUE (GALLEY_ORDER_STATUS_COMPLETED, "completed"),
  G_DEFINE_ENUM_VALUE (GALLEY_ORDER_STATUS_CANCELLED, "cancelled"))

G_DEFINE_ENUM_TYPE (GalleyOrderKind, galley_order_kind,
  G_DEFINE_ENUM_VALUE (GALLEY_ORDER_KIND_DINE_IN, "dine-in"),
  G_DEFINE_ENUM_VALUE (GALLEY_ORDER_KIND_TAKEOUT, "takeout"),
  G_DEFINE_ENUM_VALUE (GALLEY_ORDER_KIND_PICKUP, "pickup"),
  G_DEFINE_ENUM_VALUE (GALLEY_ORDER_KIND_DELIVERY, "delivery"),
  G_DEFINE_ENUM_VALUE (GALLEY_ORDER_KIND_DRIVE_THRU, "drive-thru"),
  G_DEFINE_ENUM_VALUE (GALLEY_ORDER_KIND_ONLINE, "online"),
  G_DEFINE_ENUM_VALUE (GALLEY_ORDER_KIND_KIOSK, "kiosk"),
  G_DEFINE_ENUM_VALUE (GALLEY_ORDER_KIND_VOICE, "voice"))

enum {
  PROP_0,
  PROP_ID,
  PROP_RESTAURANT_ID,
  PROP_ORDER_NUMBER,
  PROP_STORED_TYPE,
  PROP_STATUS,
  PROP_STATUS_TEXT,
  PROP_ITEMS,
  PROP_SUBTOTAL,
  PROP_TAX,
  PROP_TOTAL,
  PROP_NOTES,
  PROP_CUSTOMER_NAME,
  PROP_TABLE_NUMBER,
  PROP_SEAT_NUMBER,
  PROP_METADATA,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_PREPARING_AT,
  PROP_READY_AT,
  PROP_COMPLETED_AT,
  PROP_CANCELLED_AT,
  PROP_SCHEDULED_PICKUP_TIME,
  PROP_AUTO_FIRE_TIME,
  PROP_IS_SCHEDULED,
  PROP_MANUALLY_FIRED,
  PROP_VERSION,
  PROP_PAYMENT_STATUS,
  PROP_PAYMENT_METHOD,
  PROP_PAYMENT_AMOUNT,
  PROP_CASH_RECEIVED,
  PROP_CHANGE_GIVEN,
  PROP_PAYMENT_ID,
  PROP_CHECK_CLOSED_AT,
  PROP_CLOSED_BY_USER_ID,
  /* derived */
  PROP_KIND,
  PROP_DISPLAY_NUMBER,
  PROP_RUSH,
  PROP_CLIENT_ORDER_REF,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The plain fields, for get_property and update_from: one row per property. */
typedef enum
{
  FIELD_STRING,
  FIELD_INT64,
  FIELD_INT,
  FIELD_BOOLEAN,
  FIELD_STATUS,
} FieldType;

typedef struct
{
  guint     prop_id;
  FieldType type;
  gsize     offset;
} Field;

#define FIELD(prop, type, member) { prop, type, G_STRUCT_OFFSET (GalleyOrder, member) }

static const Field fields[] = {
  FIELD (PROP_ID, FIELD_STRING, id),
  FIELD (PROP_RESTAURANT_ID, FIELD_STRING, restaurant_id),
  FIELD (PROP_ORDER_NUMBER, FIELD_STRING, order_number),
  FIELD (PROP_STORED_TYPE, FIELD_STRING, stored_type),
  FIELD (PROP_STATUS, FIELD_STATUS, status),
  FIELD (PROP_STATUS_TEXT, FIELD_STRING, status_text),
  FIELD (PROP_SUBTOTAL, FIELD_INT64, subtotal),
  FIELD (PROP_TAX, FIELD_INT64, tax),
  FIELD (PROP_TOTAL, FIELD_INT64, total),
  FIELD (PROP_NOTES, FIELD_STRING, notes),
  FIELD (PROP_CUSTOMER_NAME, FIELD_STRING, customer_name),
  FIELD (PROP_TABLE_NUMBER, FIELD_STRING, table_number),
  FIELD (PROP_SEAT_NUMBER, FIELD_INT, seat_number),
  FIELD (PROP_CREATED_AT, FIELD_INT64, created_at),
  FIELD (PROP_UPDATED_AT, FIELD_INT64, updated_at),
  FIELD (PROP_PREPARING_AT, FIELD_INT64, preparing_at),
  FIELD (PROP_READY_AT, FIELD_INT64, ready_at),
  FIELD (PROP_COMPLETED_AT, FIELD_INT64, completed_at),
  FIELD (PROP_CANCELLED_AT, FIELD_INT64, cancelled_at),
  FIELD (PROP_SCHEDULED_PICKUP_TIME, FIELD_INT64, scheduled_pickup_time),
  FIELD (PROP_AUTO_FIRE_TIME, FIELD_INT64, auto_fire_time),
  FIELD (PROP_IS_SCHEDULED, FIELD_BOOLEAN, is_scheduled),
  FIELD (PROP_MANUALLY_FIRED, FIELD_BOOLEAN, manually_fired),
  FIELD (PROP_VERSION, FIELD_INT64, version),
  FIELD (PROP_PAYMENT_STATUS, FIELD_STRING, payment_status),
  FIELD (PROP_PAYMENT_METHOD, FIELD_STRING, payment_method),
  FIELD (PROP_PAYMENT_AMOUNT, FIELD_INT64, payment_amount),
  FIELD (PROP_CASH_RECEIVED, FIELD_INT64, cash_received),
  FIELD (PROP_CHANGE_GIVEN, FIELD_INT64, change_given),
  FIELD (PROP_PAYMENT_ID, FIELD_STRING, payment_id),
  FIELD (PROP_CHECK_CLOSED_AT, FIELD_INT64, check_closed_at),
  FIELD (PROP_CLOSED_BY_USER_ID, FIELD_STRING, closed_by_user_id),
};

#define FIELD_PTR(self, field, ctype) ((ctype *) (gpointer) ((guint8 *) (self) + (field)->offset))

/* The derived values, compared before and after an update. */
typedef struct
{
  GalleyOrderKind  kind;
  char            *display_number;
  gboolean         rush;
  char            *client_order_ref;
} Derived;

static void
derived_init (Derived     *derived,
              GalleyOrder *self)
{
  derived->kind = galley_order_get_kind (self);
  derived->display_number = galley_order_dup_display_number (self);
  derived->rush = galley_order_get_rush (self);
  derived->client_order_ref = g_strdup (galley_order_get_client_order_ref (self));
}

static void
derived_clear (Derived *derived)
{
  g_clear_pointer (&derived->display_number, g_free);
  g_clear_pointer (&derived->client_order_ref, g_free);
}

static gboolean
items_same (GListModel *a,
            guint       pos_a,
            GListModel *b,
            guint       pos_b)
{
  g_autoptr(GalleyOrderItem) item_a = g_list_model_get_item (a, pos_a);
  g_autoptr(GalleyOrderItem) item_b = g_list_model_get_item (b, pos_b);

  return galley_order_item_equal (item_a, item_b);
}

static void
replace_items (GListStore *store,
               guint       position,
               guint       n_removals,
               GListModel *from,
               guint       from_position,
               guint       n_additions)
{
  g_autoptr(GPtrArray) additions = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_additions; i++)
    g_ptr_array_add (additions, g_list_model_get_item (from, from_position + i));

  g_list_store_splice (store, position, n_removals, additions->pdata, additions->len);
}

/* Brings self->items to @next with few, small items-changed: equal lines (same id, same
 * content) keep their object; with the same number of lines in the changed middle, each run
 * of changed lines is replaced where it is, otherwise the middle is replaced at once. */
static gboolean
update_items (GalleyOrder *self,
              GListModel  *next)
{
  GListModel *current = G_LIST_MODEL (self->items);
  guint n_old = g_list_model_get_n_items (current);
  guint n_new = g_list_model_get_n_items (next);
  guint prefix = 0, suffix = 0, old_mid, new_mid;

  while (prefix < n_old && prefix < n_new && items_same (current, prefix, next, prefix))
    prefix++;

  while (suffix < n_old - prefix && suffix < n_new - prefix &&
         items_same (current, n_old - 1 - suffix, next, n_new - 1 - suffix))
    suffix++;

  old_mid = n_old - prefix - suffix;
  new_mid = n_new - prefix - suffix;

  if (old_mid == 0 && new_mid == 0)
    return FALSE;

  if (old_mid != new_mid)
    {
      replace_items (self->items, prefix, old_mid, next, prefix, new_mid);
      return TRUE;
    }

  for (guint i = 0; i < old_mid;)
    {
      guint run = 0;

      while (i + run < old_mid && !items_same (current, prefix + i + run, next, prefix + i + run))
        run++;

      if (run == 0)
        {
          i++;
          continue;
        }

      replace_items (self->items, prefix + i, run, next, prefix + i, run);
      i += run;
    }

  return TRUE;
}

static void
row_clear (gpointer data)
{
  GalleyOrderRow *row = data;

  g_free (row->text);
  g_clear_pointer (&row->json, json_object_unref);
}

static void
row_release (GalleyOrderRow *row)
{
  g_rc_box_release_full (row, row_clear);
}

static void
galley_order_dispose (GObject *object)
{
  GalleyOrder *self = GALLEY_ORDER (object);

  g_clear_object (&self->items);
  g_clear_pointer (&self->metadata, json_object_unref);
  g_clear_pointer (&self->row, row_release);

  G_OBJECT_CLASS (galley_order_parent_class)->dispose (object);
}

static void
galley_order_finalize (GObject *object)
{
  GalleyOrder *self = GALLEY_ORDER (object);

  g_assert (self->items == NULL);
  g_assert (self->metadata == NULL);
  g_assert (self->row == NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].type == FIELD_STRING)
      g_free (*FIELD_PTR (self, &fields[i], char *));

  G_OBJECT_CLASS (galley_order_parent_class)->finalize (object);
}

static void
galley_order_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GalleyOrder *self = GALLEY_ORDER (object);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *field = &fields[i];

      if (field->prop_id != prop_id)
        continue;

      switch (field->type)
        {
        case FIELD_STRING:
          g_value_set_string (value, *FIELD_PTR (self, field, char *));
          break;
        case FIELD_INT64:
          g_value_set_int64 (value, *FIELD_PTR (self, field, gint64));
          break;
        case FIELD_INT:
          g_value_set_int (value, *FIELD_PTR (self, field, int));
          break;
        case FIELD_BOOLEAN:
          g_value_set_boolean (value, *FIELD_PTR (self, field, gboolean));
          break;
        case FIELD_STATUS:
          g_value_set_enum (value, *FIELD_PTR (self, field, GalleyOrderStatus));
          break;
        default:
          g_assert_not_reached ();
        }
      return;
    }

  switch (prop_id)
    {
    case PROP_ITEMS:
      g_value_set_object (value, self->items);
      break;
    case PROP_METADATA:
      g_value_set_boxed (value, self->metadata);
      break;
    case PROP_KIND:
      g_value_set_enum (value, galley_order_get_kind (self));
      break;
    case PROP_DISPLAY_NUMBER:
      g_value_take_string (value, galley_order_dup_display_number (self));
      break;
    case PROP_RUSH:
      g_value_set_boolean (value, galley_order_get_rush (self));
      break;
    case PROP_CLIENT_ORDER_REF:
      g_value_set_string (value, galley_order_get_client_order_ref (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_order_class_init (GalleyOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = galley_order_dispose;
  object_class->finalize = galley_order_finalize;
  object_class->get_property = galley_order_get_property;

#define STRING_PROP(id, name) \
  properties[id] = g_param_spec_string (name, NULL, NULL, NULL, flags)
#define INT64_PROP(id, name, min) \
  properties[id] = g_param_spec_int64 (name, NULL, NULL, min, G_MAXINT64, 0, flags)
#define BOOLEAN_PROP(id, name) \
  properties[id] = g_param_spec_boolean (name, NULL, NULL, FALSE, flags)

  STRING_PROP (PROP_ID, "id");
  STRING_PROP (PROP_RESTAURANT_ID, "restaurant-id");
  STRING_PROP (PROP_ORDER_NUMBER, "order-number");
  /* the row's `type`: online, pickup or delivery; see "kind" for what to show */
  STRING_PROP (PROP_STORED_TYPE, "stored-type");
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, GALLEY_TYPE_ORDER_STATUS,
                                               GALLEY_ORDER_STATUS_UNKNOWN, flags);
  /* the status as received, also when unknown; NULL for a null status */
  STRING_PROP (PROP_STATUS_TEXT, "status-text");
  /* a GListModel of GalleyOrderItem; the same model for the order's life */
  properties[PROP_ITEMS] = g_param_spec_object ("items", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  /* money in cents */
  INT64_PROP (PROP_SUBTOTAL, "subtotal", G_MININT64);
  INT64_PROP (PROP_TAX, "tax", G_MININT64);
  INT64_PROP (PROP_TOTAL, "total", G_MININT64);
  STRING_PROP (PROP_NOTES, "notes");
  STRING_PROP (PROP_CUSTOMER_NAME, "customer-name");
  STRING_PROP (PROP_TABLE_NUMBER, "table-number");
  /* 0 when the row has none */
  properties[PROP_SEAT_NUMBER] = g_param_spec_int ("seat-number", NULL, NULL,
                                                   0, G_MAXINT, 0, flags);
  properties[PROP_METADATA] = g_param_spec_boxed ("metadata", NULL, NULL,
                                                  JSON_TYPE_OBJECT, flags);
  /* timestamps in unix microseconds, 0 for null */
  INT64_PROP (PROP_CREATED_AT, "created-at", G_MININT64);
  INT64_PROP (PROP_UPDATED_AT, "updated-at", G_MININT64);
  INT64_PROP (PROP_PREPARING_AT, "preparing-at", G_MININT64);
  INT64_PROP (PROP_READY_AT, "ready-at", G_MININT64);
  INT64_PROP (PROP_COMPLETED_AT, "completed-at", G_MININT64);
  INT64_PROP (PROP_CANCELLED_AT, "cancelled-at", G_MININT64);
  INT64_PROP (PROP_SCHEDULED_PICKUP_TIME, "scheduled-pickup-time", G_MININT64);
  INT64_PROP (PROP_AUTO_FIRE_TIME, "auto-fire-time", G_MININT64);
  BOOLEAN_PROP (PROP_IS_SCHEDULED, "is-scheduled");
  BOOLEAN_PROP (PROP_MANUALLY_FIRED, "manually-fired");
  /* 0 when the row has none */
  INT64_PROP (PROP_VERSION, "version", 0);
  STRING_PROP (PROP_PAYMENT_STATUS, "payment-status");
  STRING_PROP (PROP_PAYMENT_METHOD, "payment-method");
  INT64_PROP (PROP_PAYMENT_AMOUNT, "payment-amount", G_MININT64);
  INT64_PROP (PROP_CASH_RECEIVED, "cash-received", G_MININT64);
  INT64_PROP (PROP_CHANGE_GIVEN, "change-given", G_MININT64);
  STRING_PROP (PROP_PAYMENT_ID, "payment-id");
  INT64_PROP (PROP_CHECK_CLOSED_AT, "check-closed-at", G_MININT64);
  STRING_PROP (PROP_CLOSED_BY_USER_ID, "closed-by-user-id");
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, GALLEY_TYPE_ORDER_KIND,
                                             GALLEY_ORDER_KIND_ONLINE, flags);
  STRING_PROP (PROP_DISPLAY_NUMBER, "display-number");
  BOOLEAN_PROP (PROP_RUSH, "rush");
  STRING_PROP (PROP_CLIENT_ORDER_REF, "client-order-ref");

#undef STRING_PROP
#undef INT64_PROP
#undef BOOLEAN_PROP

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GalleyOrder::changed:
   *
   * Emitted once after galley_order_update_from() or galley_order_set_status() changed
   * anything, after the property notifications.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
galley_order_init (GalleyOrder *self)
{
  self->items = g_list_store_new (GALLEY_TYPE_ORDER_ITEM);
}

/**
 * galley_order_new_from_json:
 * @row: an order row (§3.4), as in a REST response or `payload.order`
 *
 * Parses and checks a whole row. Unknown members are ignored and an unknown status is kept as
 * %GALLEY_ORDER_STATUS_UNKNOWN (R-IN-3); anything of the wrong type rejects the row (R-IN-2).
 * Keeps a reference to @row.
 *
 * Returns: (transfer full) (nullable): the order, or %NULL with @error set
 *   (%GALLEY_ORDER_ERROR_INVALID, naming the member or the item index)
 */
GalleyOrder *
galley_order_new_from_json (JsonObject  *row,
                            GError     **error)
{
  g_autoptr(GalleyJsonTokens) doc = NULL;
  g_autoptr(GalleyOrder) self = NULL;

  g_return_val_if_fail (row != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = galley_json_tokens_new_for_object (row);
  self = g_object_new (GALLEY_TYPE_ORDER, NULL);
  if (!_galley_order_parse_row (self, doc, 0, error))
    return NULL;

  self->row = g_rc_box_new0 (GalleyOrderRow);
  self->row->json = json_object_ref (row);

  return g_steal_pointer (&self);
}

/**
 * galley_order_new_from_tokens:
 * @doc: a parsed document (galley_json_tokens_parse())
 * @row: the order row in @doc, an object
 *
 * As galley_order_new_from_json(), for a row read as text: the order feed's way, which builds
 * no json-glib tree. The order keeps the row's text; galley_order_get_json() reads it into a
 * tree when asked.
 *
 * Returns: (transfer full) (nullable): the order, or %NULL with @error set
 *   (%GALLEY_ORDER_ERROR_INVALID, naming the member or the item index)
 */
GalleyOrder *
galley_order_new_from_tokens (GalleyJsonTokens  *doc,
                              guint              row,
                              GError           **error)
{
  g_autoptr(GalleyOrder) self = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = galley_json_tokens_dup_source (doc, row);
  g_return_val_if_fail (text != NULL, NULL);

  if (galley_json_tokens_get_value_type (doc, row) != GALLEY_JSON_TOKEN_OBJECT)
    {
      g_set_error_literal (error, GALLEY_ORDER_ERROR, GALLEY_ORDER_ERROR_INVALID,
                           "The order is not an object");
      return NULL;
    }

  self = g_object_new (GALLEY_TYPE_ORDER, NULL);
  if (!_galley_order_parse_row (self, doc, row, error))
    return NULL;

  self->row = g_rc_box_new0 (GalleyOrderRow);
  self->row->text = g_steal_pointer (&text);

  return g_steal_pointer (&self);
}

/**
 * galley_order_update_from:
 * @newer: a newer copy of the same order (same id), usually just parsed
 *
 * Copies every field of @newer into @self. Only the properties whose value changed are
 * notified; the items model is updated in place (unchanged lines keep their objects), and
 * "changed" is emitted last if anything changed. Whether @newer really is newer is the
 * caller's decision (galley_order_is_newer_than()).
 *
 * Returns: whether anything changed
 */
gboolean
galley_order_update_from (GalleyOrder *self,
                          GalleyOrder *newer)
{
  Derived before, after;
  gboolean changed = FALSE;

  g_return_val_if_fail (GALLEY_IS_ORDER (self), FALSE);
  g_return_val_if_fail (GALLEY_IS_ORDER (newer), FALSE);
  g_return_val_if_fail (g_strcmp0 (self->id, newer->id) == 0, FALSE);

  if (self == newer)
    return FALSE;

  derived_init (&before, self);
  g_object_freeze_notify (G_OBJECT (self));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *field = &fields[i];
      gboolean differs = FALSE;

      switch (field->type)
        {
        case FIELD_STRING:
          {
            char **mine = FIELD_PTR (self, field, char *);
            char *theirs = *FIELD_PTR (newer, field, char *);

            differs = g_strcmp0 (*mine, theirs) != 0;
            if (differs)
              {
                g_free (*mine);
                *mine = g_strdup (theirs);
              }
          }
          break;

        case FIELD_INT64:
          differs = *FIELD_PTR (self, field, gint64) != *FIELD_PTR (newer, field, gint64);
          *FIELD_PTR (self, field, gint64) = *FIELD_PTR (newer, field, gint64);
          break;

        case FIELD_INT:
          differs = *FIELD_PTR (self, field, int) != *FIELD_PTR (newer, field, int);
          *FIELD_PTR (self, field, int) = *FIELD_PTR (newer, field, int);
          break;

        case FIELD_BOOLEAN:
          differs = *FIELD_PTR (self, field, gboolean) != *FIELD_PTR (newer, field, gboolean);
          *FIELD_PTR (self, field, gboolean) = *FIELD_PTR (newer, field, gboolean);
          break;

        case FIELD_STATUS:
          differs = *FIELD_PTR (self, field, GalleyOrderStatus) !=
                    *FIELD_PTR (newer, field, GalleyOrderStatus);
          *FIELD_PTR (self, field, GalleyOrderStatus) =
            *FIELD_PTR (newer, field, GalleyOrderStatus);
          break;

        default:
          g_assert_not_reached ();
        }

      if (differs)
        {
          g_object_notify_by_pspec (G_OBJECT (self), properties[field->prop_id]);
          changed = TRUE;
        }
    }

  if (!json_object_equal (self->metadata, newer->metadata))
    {
      g_clear_pointer (&self->metadata, json_object_unref);
      self->metadata = json_object_ref (newer->metadata);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METADATA]);
      changed = TRUE;
    }

  /* members Galley ignores may differ too: keep the newest row */
  g_clear_pointer (&self->row, row_release);
  self->row = g_rc_box_acquire (newer->row);

  if (update_items (self, G_LIST_MODEL (newer->items)))
    changed = TRUE;

  derived_init (&after, self);
  if (before.kind != after.kind)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
  if (g_strcmp0 (before.display_number, after.display_number) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NUMBER]);
  if (before.rush != after.rush)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUSH]);
  if (g_strcmp0 (before.client_order_ref, after.client_order_ref) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT_ORDER_REF]);
  derived_clear (&before);
  derived_clear (&after);

  g_object_thaw_notify (G_OBJECT (self));

  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);

  return changed;
}

/**
 * galley_order_is_newer_than:
 * @held: the copy held so far
 *
 * R-SYNC-3: @self replaces @held iff its version is greater, or the versions are equal and
 * its updated_at is later. When either has no version (0), updated_at alone decides.
 *
 * Returns: whether @self should replace @held
 */
gboolean
galley_order_is_newer_than (GalleyOrder *self,
                            GalleyOrder *held)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), FALSE);
  g_return_val_if_fail (GALLEY_IS_ORDER (held), FALSE);

  if (self->version == 0 || held->version == 0)
    return self->updated_at > held->updated_at;

  if (self->version != held->version)
    return self->version > held->version;

  return self->updated_at > held->updated_at;
}

/**
 * galley_order_set_status:
 *
 * Sets the status locally (for an optimistic overlay); notifies "status" (and "status-text")
 * and emits "changed" when it differs. Setting %GALLEY_ORDER_STATUS_UNKNOWN clears the text.
 */
void
galley_order_set_status (GalleyOrder       *self,
                         GalleyOrderStatus  status)
{
  const char *text;

  g_return_if_fail (GALLEY_IS_ORDER (self));
  g_return_if_fail (status <= GALLEY_ORDER_STATUS_LAST);

  if (self->status == status)
    return;

  self->status = status;
  text = galley_order_status_to_string (status);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  if (g_strcmp0 (self->status_text, text) != 0)
    {
      g_free (self->status_text);
      self->status_text = g_strdup (text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[CHANGED], 0);
}
