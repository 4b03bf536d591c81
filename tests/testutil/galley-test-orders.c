/* galley-test-orders.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "galley-test-orders.h"
#include "util/galley-json.h"
#include "util/galley-time.h"

static void
set_default_string (JsonObject *row,
                    const char *member,
                    const char *value)
{
  if (!json_object_has_member (row, member))
    json_object_set_string_member (row, member, value);
}

JsonObject *
galley_test_order_row (const char *json_text)
{
  g_autofree char *text = g_strdup (json_text);
  g_autofree char *t0 = galley_time_format_db (GALLEY_TEST_T0);
  g_autoptr(GError) error = NULL;
  JsonObject *row;

  g_strdelimit (text, "'", '"');
  row = galley_json_parse_object (text, -1, &error);
  g_assert_no_error (error);

  set_default_string (row, "id", "00000000-0000-4000-8000-000000000001");
  set_default_string (row, "restaurant_id", "11111111-1111-1111-1111-111111111111");
  set_default_string (row, "order_number", "20251105-0001");
  set_default_string (row, "type", "online");
  set_default_string (row, "status", "pending");
  set_default_string (row, "created_at", t0);
  set_default_string (row, "updated_at", t0);
  if (!json_object_has_member (row, "items"))
    json_object_set_array_member (row, "items", json_array_new ());
  if (!json_object_has_member (row, "subtotal"))
    json_object_set_double_member (row, "subtotal", 0);
  if (!json_object_has_member (row, "tax"))
    json_object_set_double_member (row, "tax", 0);
  if (!json_object_has_member (row, "total_amount"))
    json_object_set_double_member (row, "total_amount", 0);
  if (!json_object_has_member (row, "version"))
    json_object_set_int_member (row, "version", 1);

  return row;
}

GalleyOrder *
galley_test_order_new (const char *json_text)
{
  g_autoptr(JsonObject) row = galley_test_order_row (json_text);
  g_autoptr(GError) error = NULL;
  GalleyOrder *order = galley_order_new_from_json (row, &error);

  g_assert_no_error (error);

  return order;
}

char *
galley_test_item_json (const char *id,
                       const char *name,
                       int         quantity,
                       const char *extra_members)
{
  return g_strdup_printf ("{'id':'%s','menu_item_id':'menu-%s','name':'%s','quantity':%d,"
                          "'price':10.0%s%s}", id, id, name, quantity,
                          extra_members != NULL ? "," : "",
                          extra_members != NULL ? extra_members : "");
}
