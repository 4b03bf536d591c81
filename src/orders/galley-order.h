/* galley-order.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "orders/galley-order-item.h"
#include "orders/galley-order-status.h"
#include "util/galley-json-tokens.h"

G_BEGIN_DECLS

#define GALLEY_ORDER_ERROR (galley_order_error_quark ())

typedef enum
{
  GALLEY_ORDER_ERROR_INVALID,
} GalleyOrderError;

/* What the card shows (spec §3.3): from metadata.uiType, else table_number, else type. */
typedef enum
{
  GALLEY_ORDER_KIND_DINE_IN,
  GALLEY_ORDER_KIND_TAKEOUT,
  GALLEY_ORDER_KIND_PICKUP,
  GALLEY_ORDER_KIND_DELIVERY,
  GALLEY_ORDER_KIND_DRIVE_THRU,
  GALLEY_ORDER_KIND_ONLINE,
  GALLEY_ORDER_KIND_KIOSK,
  GALLEY_ORDER_KIND_VOICE,
} GalleyOrderKind;

/* GEnum types for the "status" and "kind" properties (registered in galley-order.c). */
#define GALLEY_TYPE_ORDER_STATUS (galley_order_status_get_type ())
GType              galley_order_status_get_type         (void);
#define GALLEY_TYPE_ORDER_KIND (galley_order_kind_get_type ())
GType              galley_order_kind_get_type           (void);

#define GALLEY_TYPE_ORDER (galley_order_get_type ())
G_DECLARE_FINAL_TYPE (GalleyOrder, galley_order, GALLEY, ORDER, GObject)

GQuark             galley_order_error_quark             (void);

GalleyOrder       *galley_order_new_from_json           (JsonObject   *row,
                                                         GError      **error);
GalleyOrder       *galley_order_new_from_tokens         (GalleyJsonTokens *doc,
                                                         guint         row,
                                                         GError      **error);
gboolean           galley_order_update_from             (GalleyOrder  *self,
                                                         GalleyOrder  *newer);
gboolean           galley_order_is_newer_than           (GalleyOrder  *self,
                                                         GalleyOrder  *held);
JsonObject        *galley_order_get_json                (GalleyOrder  *self);

const char        *galley_order_get_id                  (GalleyOrder  *self);
const char        *galley_order_get_restaurant_id       (GalleyOrder  *self);
const char        *galley_order_get_order_number        (GalleyOrder  *self);
const char        *galley_order_get_stored_type         (GalleyOrder  *self);
GalleyOrderStatus  galley_order_get_status              (GalleyOrder  *self);
const char        *galley_order_get_status_text         (GalleyOrder  *self);
void               galley_order_set_status              (GalleyOrder  *self,
                                                         GalleyOrderStatus status);
GListModel        *galley_order_get_items               (GalleyOrder  *self);
GalleyOrderItem   *galley_order_find_item               (GalleyOrder  *self,
                                                         const char   *item_id);
gint64             galley_order_get_subtotal            (GalleyOrder  *self);
gint64             galley_order_get_tax                 (GalleyOrder  *self);
gint64             galley_order_get_total               (GalleyOrder  *self);
const char        *galley_order_get_notes               (GalleyOrder  *self);
const char        *galley_order_get_customer_name       (GalleyOrder  *self);
const char        *galley_order_get_table_number        (GalleyOrder  *self);
int                galley_order_get_seat_number         (GalleyOrder  *self);
JsonObject        *galley_order_get_metadata            (GalleyOrder  *self);
gint64             galley_order_get_created_at          (GalleyOrder  *self);
gint64             galley_order_get_updated_at          (GalleyOrder  *self);
gint64             galley_order_get_preparing_at        (GalleyOrder  *self);
gint64             galley_order_get_ready_at            (GalleyOrder  *self);
gint64             galley_order_get_completed_at        (GalleyOrder  *self);
gint64             galley_order_get_cancelled_at        (GalleyOrder  *self);
gint64             galley_order_get_scheduled_pickup_time (GalleyOrder *self);
gint64             galley_order_get_auto_fire_time      (GalleyOrder  *self);
gboolean           galley_order_get_is_scheduled        (GalleyOrder  *self);
gboolean           galley_order_get_manually_fired      (GalleyOrder  *self);
gint64             galley_order_get_version             (GalleyOrder  *self);
const char        *galley_order_get_payment_status      (GalleyOrder  *self);
const char        *galley_order_get_payment_method      (GalleyOrder  *self);
gint64             galley_order_get_payment_amount      (GalleyOrder  *self);
gint64             galley_order_get_cash_received       (GalleyOrder  *self);
gint64             galley_order_get_change_given        (GalleyOrder  *self);
const char        *galley_order_get_payment_id          (GalleyOrder  *self);
gint64             galley_order_get_check_closed_at     (GalleyOrder  *self);
const char        *galley_order_get_closed_by_user_id   (GalleyOrder  *self);

GalleyOrderKind    galley_order_get_kind                (GalleyOrder  *self);
char              *galley_order_dup_display_number      (GalleyOrder  *self);
gboolean           galley_order_get_rush                (GalleyOrder  *self);
const char        *galley_order_get_client_order_ref    (GalleyOrder  *self);

G_END_DECLS
