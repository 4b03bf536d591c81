/* galley-test-orders.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fixture orders for kitchen tests: write only the members a test cares about, as JSON text
 * (single quotes allowed for readability), and the required ones are filled in.
 */
#pragma once

#include "orders/galley-order.h"

G_BEGIN_DECLS

#define GALLEY_TEST_T0 G_GINT64_CONSTANT (1762365600000000)   /* 2025-11-05T18:00:00Z */

/* A row: @json_text with ' turned into ", plus defaults for every required member:
 * restaurant_id, order_number "20251105-0001", type "online", status "pending", totals,
 * created_at/updated_at = GALLEY_TEST_T0, version 1. */
JsonObject  *galley_test_order_row   (const char *json_text);
GalleyOrder *galley_test_order_new   (const char *json_text);
/* An item object: "{'id':'l1','name':'Soul Bowl','quantity':2}" plus menu_item_id and price. */
char        *galley_test_item_json   (const char *id,
                                      const char *name,
                                      int         quantity,
                                      const char *extra_members);   /* e.g. "'modifiers':['no onions']" or NULL */

G_END_DECLS
