/* galley-order-item.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "util/galley-json-tokens.h"

G_BEGIN_DECLS

/* How the kitchen classes a modifier (spec/order-protocol.md §3.5). */
typedef enum
{
  GALLEY_MODIFIER_OTHER,
  GALLEY_MODIFIER_ALLERGY,
  GALLEY_MODIFIER_REMOVAL,
  GALLEY_MODIFIER_ADDITION,
  GALLEY_MODIFIER_TEMPERATURE,
  GALLEY_MODIFIER_SUBSTITUTION,
} GalleyModifierClass;

#define GALLEY_TYPE_ORDER_ITEM (galley_order_item_get_type ())
G_DECLARE_FINAL_TYPE (GalleyOrderItem, galley_order_item, GALLEY, ORDER_ITEM, GObject)

GalleyOrderItem     *galley_order_item_new_from_json      (JsonObject       *object,
                                                           GError          **error);
GalleyOrderItem     *galley_order_item_new_from_tokens    (GalleyJsonTokens *doc,
                                                           guint             object,
                                                           GError          **error);
gboolean             galley_order_item_equal              (GalleyOrderItem  *a,
                                                           GalleyOrderItem  *b);
const char          *galley_order_item_get_id             (GalleyOrderItem  *self);
const char          *galley_order_item_get_menu_item_id   (GalleyOrderItem  *self);
const char          *galley_order_item_get_name           (GalleyOrderItem  *self);
int                  galley_order_item_get_quantity       (GalleyOrderItem  *self);
gint64               galley_order_item_get_price          (GalleyOrderItem  *self);
gint64               galley_order_item_get_modifiers_price (GalleyOrderItem *self);
const char * const  *galley_order_item_get_modifiers      (GalleyOrderItem  *self);
const char          *galley_order_item_get_notes          (GalleyOrderItem  *self);
const char          *galley_order_item_get_status         (GalleyOrderItem  *self);
void                 galley_order_item_set_status         (GalleyOrderItem  *self,
                                                           const char       *status);
gboolean             galley_order_item_has_allergy        (GalleyOrderItem  *self);

GalleyModifierClass  galley_modifier_classify             (const char       *text);

G_END_DECLS
