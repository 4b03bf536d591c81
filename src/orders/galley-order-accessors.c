/* galley-order-accessors.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyOrder's accessors: the parsed fields, and the values derived from them (kind,
 * display number, rush, client order reference).
 */
#define G_LOG_DOMAIN "galley-order"

#include <string.h>

#include "orders/galley-order-private.h"
#include "util/galley-json.h"

/**
 * galley_order_get_json:
 *
 * Returns: (transfer none): the row the order was parsed from (the newest one after an update)
 */
JsonObject *
galley_order_get_json (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);

  /* a row read as text (galley_order_new_from_tokens()): the same reader, it cannot fail */
  if (self->row->json == NULL)
    self->row->json = galley_json_parse_object (self->row->text, -1, NULL);
  g_assert (self->row->json != NULL);

  return self->row->json;
}

const char *
galley_order_get_id (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);

  return self->id;
}

const char *
galley_order_get_restaurant_id (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);

  return self->restaurant_id;
}

const char *
galley_order_get_order_number (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);

  return self->order_number;
}

/**
 * galley_order_get_stored_type:
 *
 * Returns: the row's `type` (online, pickup or delivery); see galley_order_get_kind()
 */
const char *
galley_order_get_stored_type (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);

  return self->stored_type;
}

GalleyOrderStatus
galley_order_get_status (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), GALLEY_ORDER_STATUS_UNKNOWN);

  return self->status;
}

/**
 * galley_order_get_status_text:
 *
 * Returns: (nullable): the status as spelled in the row, also when unknown; %NULL for null
 */
const char *
galley_order_get_status_text (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);

  return self->status_text;
}

/**
 * galley_order_get_items:
 *
 * Returns: (transfer none): a #GListModel of #GalleyOrderItem, updated in place
 */
GListModel *
galley_order_get_items (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);

  return G_LIST_MODEL (self->items);
}

/**
 * galley_order_find_item:
 * @item_id: a line id
 *
 * Returns: (transfer none) (nullable): the first line with that id
 */
GalleyOrderItem *
galley_order_find_item (GalleyOrder *self,
                        const char  *item_id)
{
  guint n;

  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);
  g_return_val_if_fail (item_id != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyOrderItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (g_strcmp0 (galley_order_item_get_id (item), item_id) == 0)
        return item;   /* the store keeps its own reference */
    }

  return NULL;
}

/* Money in cents (null in the row: 0). */
gint64
galley_order_get_subtotal (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), 0);

  return self->subtotal;
}

gint64
galley_order_get_tax (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), 0);

  return self->tax;
}

/**
 * galley_order_get_total:
 *
 * Returns: `total_amount` in cents
 */
gint64
galley_order_get_total (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), 0);

  return self->total;
}

const char *
galley_order_get_notes (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);

  return self->notes;
}

const char *
galley_order_get_customer_name (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);

  return self->customer_name;
}

/**
 * galley_order_get_table_number:
 *
 * Returns: (nullable): the table as text (a number in the row is converted)
 */
const char *
galley_order_get_table_number (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);

  return self->table_number;
}

/**
 * galley_order_get_seat_number:
 *
 * Returns: the seat, or 0 when the row has none
 */
int
galley_order_get_seat_number (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), 0);

  return self->seat_number;
}

/**
 * galley_order_get_metadata:
 *
 * Returns: (transfer none): the row's metadata, an empty object when null
 */
JsonObject *
galley_order_get_metadata (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);

  return self->metadata;
}

/* Timestamps in unix microseconds, 0 for null. */
gint64
galley_order_get_created_at (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), 0);

  return self->created_at;
}

gint64
galley_order_get_updated_at (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), 0);

  return self->updated_at;
}

gint64
galley_order_get_preparing_at (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), 0);

  return self->preparing_at;
}

gint64
galley_order_get_ready_at (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), 0);

  return self->ready_at;
}

gint64
galley_order_get_completed_at (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), 0);

  return self->completed_at;
}

gint64
galley_order_get_cancelled_at (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), 0);

  return self->cancelled_at;
}

gint64
galley_order_get_scheduled_pickup_time (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), 0);

  return self->scheduled_pickup_time;
}

gint64
galley_order_get_auto_fire_time (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), 0);

  return self->auto_fire_time;
}

gboolean
galley_order_get_is_scheduled (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), FALSE);

  return self->is_scheduled;
}

gboolean
galley_order_get_manually_fired (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), FALSE);

  return self->manually_fired;
}

/**
 * galley_order_get_version:
 *
 * Returns: the row's version, or 0 when it has none ("no version" for R-SYNC-3)
 */
gint64
galley_order_get_version (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), 0);

  return self->version;
}

/**
 * galley_order_get_payment_status:
 *
 * Returns: `payment_status`, "unpaid" when null
 */
const char *
galley_order_get_payment_status (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);

  return self->payment_status;
}

const char *
galley_order_get_payment_method (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);

  return self->payment_method;
}

gint64
galley_order_get_payment_amount (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), 0);

  return self->payment_amount;
}

gint64
galley_order_get_cash_received (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), 0);

  return self->cash_received;
}

gint64
galley_order_get_change_given (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), 0);

  return self->change_given;
}

const char *
galley_order_get_payment_id (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);

  return self->payment_id;
}

gint64
galley_order_get_check_closed_at (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), 0);

  return self->check_closed_at;
}

const char *
galley_order_get_closed_by_user_id (GalleyOrder *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);

  return self->closed_by_user_id;
}

/**
 * galley_order_get_kind:
 *
 * What the card shows (§3.3): `metadata.uiType` when Galley knows it, else dine-in when the
 * order has a table, else the stored type (online when it is unknown too).
 *
 * Returns: the kind
 */
GalleyOrderKind
galley_order_get_kind (GalleyOrder *self)
{
  static const struct {
    const char      *name;
    GalleyOrderKind  kind;
  } ui_types[] = {
    { "dine-in", GALLEY_ORDER_KIND_DINE_IN },
    { "dine_in", GALLEY_ORDER_KIND_DINE_IN },
    { "takeout", GALLEY_ORDER_KIND_TAKEOUT },
    { "pickup", GALLEY_ORDER_KIND_PICKUP },
    { "delivery", GALLEY_ORDER_KIND_DELIVERY },
    { "drive-thru", GALLEY_ORDER_KIND_DRIVE_THRU },
    { "online", GALLEY_ORDER_KIND_ONLINE },
    { "kiosk", GALLEY_ORDER_KIND_KIOSK },
    { "voice", GALLEY_ORDER_KIND_VOICE },
  };
  const char *ui_type;

  g_return_val_if_fail (GALLEY_IS_ORDER (self), GALLEY_ORDER_KIND_ONLINE);

  if (galley_json_get_string (self->metadata, "uiType", &ui_type))
    for (guint i = 0; i < G_N_ELEMENTS (ui_types); i++)
      if (g_ascii_strcasecmp (ui_type, ui_types[i].name) == 0)
        return ui_types[i].kind;

  if (self->table_number != NULL && self->table_number[0] != '\0')
    return GALLEY_ORDER_KIND_DINE_IN;

  if (g_strcmp0 (self->stored_type, "pickup") == 0)
    return GALLEY_ORDER_KIND_PICKUP;
  if (g_strcmp0 (self->stored_type, "delivery") == 0)
    return GALLEY_ORDER_KIND_DELIVERY;

  return GALLEY_ORDER_KIND_ONLINE;
}

/**
 * galley_order_dup_display_number:
 *
 * The number shown on the card (§3.6): the last dash-separated segment of `order_number`,
 * zero-padded to 4 digits when it is all digits ("20251105-0004" -> "0004", "20251105-12345"
 * -> "12345", "42" -> "0042"); any other text is shown as it is.
 *
 * Returns: (transfer full): the display number
 */
char *
galley_order_dup_display_number (GalleyOrder *self)
{
  const char *number, *dash, *segment;
  gsize len;
  gboolean digits = TRUE;

  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);

  number = self->order_number != NULL ? self->order_number : "";
  dash = strrchr (number, '-');
  segment = dash != NULL && dash[1] != '\0' ? dash + 1 : number;
  len = strlen (segment);

  for (const char *p = segment; *p != '\0'; p++)
    digits = digits && g_ascii_isdigit (*p);

  if (!digits || len == 0 || len >= 4)
    return g_strdup (segment);

  return g_strdup_printf ("%.*s%s", (int) (4 - len), "0000", segment);
}

/**
 * galley_order_get_rush:
 *
 * Returns: whether `metadata.rush` is true or the order notes start with "RUSH" (any case)
 */
gboolean
galley_order_get_rush (GalleyOrder *self)
{
  gboolean rush = FALSE;
  const char *notes;

  g_return_val_if_fail (GALLEY_IS_ORDER (self), FALSE);

  if (galley_json_get_bool (self->metadata, "rush", &rush) && rush)
    return TRUE;

  if (self->notes == NULL)
    return FALSE;

  for (notes = self->notes; g_ascii_isspace (*notes); notes++)
    ;

  return g_ascii_strncasecmp (notes, "rush", 4) == 0;
}

/**
 * galley_order_get_client_order_ref:
 *
 * Returns: (nullable): `metadata.client_order_ref` (R-OUT-7), if a string
 */
const char *
galley_order_get_client_order_ref (GalleyOrder *self)
{
  const char *ref = NULL;

  g_return_val_if_fail (GALLEY_IS_ORDER (self), NULL);

  if (!galley_json_get_string (self->metadata, "client_order_ref", &ref))
    return NULL;

  return ref;
}
