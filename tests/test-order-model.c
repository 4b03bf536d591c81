/* test-order-model.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The order model (GalleyOrder, GalleyOrderItem) and the order-WebSocket frame parser
 * (GalleyLinkMessage), against spec/order-protocol.md §2, §3 and §6.6.
 */
#include <string.h>

#include "galley-testutil.h"
#include "net/galley-link-message.h"
#include "orders/galley-order.h"
#include "util/galley-json.h"
#include "util/galley-json-tokens.h"

/* ------------------------------------------------------------------ spec frames (§2.2) */

/* Copied verbatim from spec/order-protocol.md §2.2, one frame per constant. */
static const char frame_connected[] =
  "{\"type\":\"connected\",\"timestamp\":\"2025-11-05T18:04:12.101Z\","
  "\"auth_required\":true}";

static const char frame_auth_success[] =
  "{\"type\":\"auth:success\",\"timestamp\":\"2025-11-05T18:04:12.140Z\"}";

static const char frame_auth_failed[] =
  "{\"type\":\"auth:failed\",\"error\":\"Authentication failed\","
  "\"timestamp\":\"2025-11-05T18:04:12.140Z\"}";

static const char frame_error_auth_required[] =
  "{\"type\":\"error\",\"error\":\"Authentication required\","
  "\"timestamp\":\"2025-11-05T18:04:12.140Z\"}";

static const char frame_error_unknown_type[] =
  "{\"type\":\"error\",\"payload\":{\"message\":\"Unknown message type\","
  "\"type\":\"kds:hello\"},\"timestamp\":\"2025-11-05T18:05:00.002Z\"}";

static const char frame_invalid_format[] =
  "{\"error\":\"Invalid message format\"}";

static const char frame_pong[] =
  "{\"type\":\"pong\"}";

static const char frame_sync_complete[] =
  "{\"type\":\"sync_complete\",\"payload\":{\"status\":\"synced\"},"
  "\"timestamp\":\"2025-11-05T18:04:12.190Z\"}";

static const char frame_order_created[] =
  "{\"type\":\"order:created\","
  "\"payload\":{\"order\":{\"id\":\"6f1c2a9e-3b7d-4c1e-9a55-0d2f8e41b7c3\","
  "\"restaurant_id\":\"11111111-1111-1111-1111-111111111111\","
  "\"order_number\":\"20251105-0004\",\"type\":\"online\",\"status\":\"pending\","
  "\"items\":[{\"id\":\"line-1\",\"menu_item_id\":\"5d7e0c4a-2f1b-4b8e-8c0d-3a9f6e2b1c77\","
  "\"name\":\"Soul Bowl\",\"quantity\":1,\"price\":14.0}],\"subtotal\":14.0,\"tax\":1.12,"
  "\"total_amount\":15.12,\"notes\":null,\"customer_name\":null,\"table_number\":\"7\","
  "\"seat_number\":2,\"metadata\":{\"originalType\":\"dine-in\",\"uiType\":\"dine-in\"},"
  "\"created_at\":\"2025-11-05T18:06:30.412877+00:00\","
  "\"updated_at\":\"2025-11-05T18:06:30.412877+00:00\",\"preparing_at\":null,"
  "\"ready_at\":null,\"completed_at\":null,\"cancelled_at\":null,"
  "\"scheduled_pickup_time\":null,\"auto_fire_time\":null,\"is_scheduled\":false,"
  "\"manually_fired\":false,\"version\":1,\"payment_status\":\"unpaid\","
  "\"payment_method\":null,\"payment_amount\":null,\"cash_received\":null,"
  "\"change_given\":null,\"payment_id\":null,\"check_closed_at\":null,"
  "\"closed_by_user_id\":null}},\"timestamp\":\"2025-11-05T18:06:30.431Z\"}";

static const char frame_order_updated[] =
  "{\"type\":\"order:updated\","
  "\"payload\":{\"order\":{\"id\":\"6f1c2a9e-3b7d-4c1e-9a55-0d2f8e41b7c3\","
  "\"restaurant_id\":\"11111111-1111-1111-1111-111111111111\","
  "\"order_number\":\"20251105-0004\",\"type\":\"online\",\"status\":\"preparing\","
  "\"items\":[{\"id\":\"line-1\",\"menu_item_id\":\"5d7e0c4a-2f1b-4b8e-8c0d-3a9f6e2b1c77\","
  "\"name\":\"Soul Bowl\",\"quantity\":1,\"price\":14.0}],\"subtotal\":14.0,\"tax\":1.12,"
  "\"total_amount\":15.12,\"notes\":null,\"customer_name\":null,\"table_number\":\"7\","
  "\"seat_number\":2,\"metadata\":{\"originalType\":\"dine-in\",\"uiType\":\"dine-in\"},"
  "\"created_at\":\"2025-11-05T18:06:30.412877+00:00\","
  "\"updated_at\":\"2025-11-05T18:09:02.004311+00:00\","
  "\"preparing_at\":\"2025-11-05T18:09:02.004311+00:00\",\"ready_at\":null,"
  "\"completed_at\":null,\"cancelled_at\":null,\"scheduled_pickup_time\":null,"
  "\"auto_fire_time\":null,\"is_scheduled\":false,\"manually_fired\":false,\"version\":3,"
  "\"payment_status\":\"unpaid\",\"payment_method\":null,\"payment_amount\":null,"
  "\"cash_received\":null,\"change_given\":null,\"payment_id\":null,"
  "\"check_closed_at\":null,\"closed_by_user_id\":null}},"
  "\"timestamp\":\"2025-11-05T18:09:02.020Z\"}";

static const char frame_table_status_updated[] =
  "{\"type\":\"table:status_updated\","
  "\"payload\":{\"table_id\":\"0b6d9f3e-8a41-4c52-9e77-1f2a3b4c5d6e\",\"status\":\"paid\","
  "\"table_number\":\"7\",\"label\":\"Table 7\"},"
  "\"timestamp\":\"2025-11-05T19:12:44.870Z\"}";

static const char frame_order_status_changed[] =
  "{\"type\":\"order:status_changed\","
  "\"payload\":{\"orderId\":\"6f1c2a9e-3b7d-4c1e-9a55-0d2f8e41b7c3\",\"status\":\"ready\","
  "\"previousStatus\":\"preparing\","
  "\"updatedBy\":\"a3c1e2d4-0000-4000-8000-000000000042\"},"
  "\"timestamp\":\"2025-11-05T18:14:51.300Z\"}";

static const char frame_order_deleted[] =
  "{\"type\":\"order:deleted\","
  "\"payload\":{\"orderId\":\"6f1c2a9e-3b7d-4c1e-9a55-0d2f8e41b7c3\"},"
  "\"timestamp\":\"2025-11-05T18:20:00.000Z\"}";

static const char frame_order_item_status_changed[] =
  "{\"type\":\"order:item_status_changed\","
  "\"payload\":{\"orderId\":\"6f1c2a9e-3b7d-4c1e-9a55-0d2f8e41b7c3\",\"itemId\":\"line-1\","
  "\"status\":\"ready\",\"previousStatus\":\"preparing\","
  "\"updatedBy\":\"a3c1e2d4-0000-4000-8000-000000000042\"},"
  "\"timestamp\":\"2025-11-05T18:14:10.000Z\"}";
static const char * const spec_frames[] = {
  frame_connected, frame_auth_success, frame_auth_failed, frame_error_auth_required,
  frame_error_unknown_type, frame_invalid_format, frame_pong, frame_sync_complete,
  frame_order_created, frame_order_updated, frame_table_status_updated,
  frame_order_status_changed, frame_order_deleted, frame_order_item_status_changed,
};

#define ORDER_ID "6f1c2a9e-3b7d-4c1e-9a55-0d2f8e41b7c3"
#define T_CREATED 1762365990412877   /* 2025-11-05T18:06:30.412877+00:00 */
#define T_UPDATED 1762366142004311   /* 2025-11-05T18:09:02.004311+00:00 */

/* ------------------------------------------------------------------ helpers */

static void
assert_no_live_objects (void)
{
  galley_test_assert_tracked (GALLEY_TYPE_ORDER, 0);
  galley_test_assert_tracked (GALLEY_TYPE_ORDER_ITEM, 0);
}

/* JSON written with ' for " reads better in C. */
static char *
dq (const char *text)
{
  char *copy = g_strdup (text);

  g_strdelimit (copy, "'", '"');

  return copy;
}

static JsonObject *
object_new (const char *squoted)
{
  g_autofree char *text = dq (squoted);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char base_row[] =
  "{'id':'order-1','restaurant_id':'11111111-1111-1111-1111-111111111111',"
  "'order_number':'20251105-0004','type':'online','status':'pending',"
  "'items':[{'id':'line-1','menu_item_id':'m-1','name':'Soul Bowl','quantity':1,'price':14.0}],"
  "'subtotal':14.0,'tax':1.12,'total_amount':15.12,'notes':null,'customer_name':null,"
  "'table_number':null,'seat_number':null,'metadata':{},"
  "'created_at':'2025-11-05T18:06:30.412877+00:00',"
  "'updated_at':'2025-11-05T18:06:30.412877+00:00','preparing_at':null,'ready_at':null,"
  "'completed_at':null,'cancelled_at':null,'scheduled_pickup_time':null,'auto_fire_time':null,"
  "'is_scheduled':false,'manually_fired':false,'version':1,'payment_status':'unpaid',"
  "'payment_method':null,'payment_amount':null,'cash_received':null,'change_given':null,"
  "'payment_id':null,'check_closed_at':null,'closed_by_user_id':null}";

/* base_row with the members of @set replaced or added and those named in @remove
 * (comma separated) removed. */
static JsonObject *
row_new (const char *set,
         const char *remove)
{
  JsonObject *row = object_new (base_row);

  if (set != NULL)
    {
      g_autoptr(JsonObject) overrides = object_new (set);
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      json_object_iter_init (&iter, overrides);
      while (json_object_iter_next (&iter, &name, &node))
        json_object_set_member (row, name, json_node_copy (node));
    }

  if (remove != NULL)
    {
      g_auto(GStrv) names = g_strsplit (remove, ",", -1);

      for (guint i = 0; names[i] != NULL; i++)
        json_object_remove_member (row, names[i]);
    }

  return row;
}

static GalleyOrder *
order_new (const char *set,
           const char *remove)
{
  g_autoptr(JsonObject) row = row_new (set, remove);
  g_autoptr(GError) error = NULL;
  GalleyOrder *order = galley_order_new_from_json (row, &error);

  g_assert_no_error (error);
  g_assert_nonnull (order);

  return order;
}

static GalleyOrderItem *
item_new (const char *squoted)
{
  g_autoptr(JsonObject) object = object_new (squoted);
  g_autoptr(GError) error = NULL;
  GalleyOrderItem *item = galley_order_item_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_nonnull (item);

  return item;
}

static GalleyLinkMessage *
parse_ok (const char *frame)
{
  g_autoptr(GError) error = NULL;
  GalleyLinkMessage *message = galley_link_message_parse (frame, strlen (frame), &error);

  g_assert_no_error (error);
  g_assert_nonnull (message);

  return message;
}

static void
assert_strv (const char * const *strv,
             const char         *joined)
{
  g_autofree char *got = g_strjoinv ("|", (char **) strv);

  g_assert_cmpstr (got, ==, joined);
}

/* Counts "notify" per property name and "changed". */
typedef struct
{
  GHashTable *counts;
  guint       total;
  guint       changed;
} Watch;

static void
watch_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 Watch      *watch)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (watch->counts, pspec->name));

  g_hash_table_insert (watch->counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
  watch->total++;
}

static void
watch_changed_cb (GalleyOrder *order,
                  Watch       *watch)
{
  watch->changed++;
}

static void
watch_init (Watch   *watch,
            gpointer object)
{
  watch->counts = g_hash_table_new (g_str_hash, g_str_equal);
  watch->total = 0;
  watch->changed = 0;
  g_signal_connect (object, "notify", G_CALLBACK (watch_notify_cb), watch);
  if (GALLEY_IS_ORDER (object))
    g_signal_connect (object, "changed", G_CALLBACK (watch_changed_cb), watch);
}

static void
watch_reset (Watch *watch)
{
  g_hash_table_remove_all (watch->counts);
  watch->total = 0;
  watch->changed = 0;
}

static void
watch_clear (Watch   *watch,
             gpointer object)
{
  g_signal_handlers_disconnect_by_data (object, watch);
  g_clear_pointer (&watch->counts, g_hash_table_unref);
}

static guint
watch_count (Watch      *watch,
             const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (watch->counts, name));
}

/* Records items-changed as "pos,removed,added;" */
static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GString    *log)
{
  g_string_append_printf (log, "%u,%u,%u;", position, removed, added);
}

/* ------------------------------------------------------------------ items */

static void
test_item_basic (void)
{
  GalleyOrderItem *item = item_new ("{'id':'line-1','menu_item_id':'m-1','name':'Soul Bowl',"
                                    "'quantity':2.0,'price':14.5,'subtotal':29,'unknown':[1]}");
  g_autofree char *id = NULL, *name = NULL, *status = NULL;
  g_auto(GStrv) modifiers = NULL;
  int quantity;
  gint64 price;

  g_assert_cmpstr (galley_order_item_get_id (item), ==, "line-1");
  g_assert_cmpstr (galley_order_item_get_menu_item_id (item), ==, "m-1");
  g_assert_cmpstr (galley_order_item_get_name (item), ==, "Soul Bowl");
  g_assert_cmpint (galley_order_item_get_quantity (item), ==, 2);   /* JS may send 2.0 */
  g_assert_cmpint (galley_order_item_get_price (item), ==, 1450);
  g_assert_cmpint (galley_order_item_get_modifiers_price (item), ==, 0);
  assert_strv (galley_order_item_get_modifiers (item), "");
  g_assert_null (galley_order_item_get_notes (item));
  g_assert_cmpstr (galley_order_item_get_status (item), ==, "pending");
  g_assert_false (galley_order_item_has_allergy (item));

  g_object_get (item, "id", &id, "name", &name, "quantity", &quantity, "price", &price,
                "modifiers", &modifiers, "status", &status, NULL);
  g_assert_cmpstr (id, ==, "line-1");
  g_assert_cmpstr (name, ==, "Soul Bowl");
  g_assert_cmpint (quantity, ==, 2);
  g_assert_cmpint (price, ==, 1450);
  g_assert_cmpuint (g_strv_length (modifiers), ==, 0);
  g_assert_cmpstr (status, ==, "pending");

  g_assert_finalize_object (item);
  assert_no_live_objects ();
}

static void
test_item_modifiers_objects (void)
{
  GalleyOrderItem *item =
    item_new ("{'id':'line-1','menu_item_id':'m-1','name':'Soul Bowl','quantity':2,'price':14.0,"
              "'modifiers':[{'id':'mod-chicken','name':'Extra chicken','price':3.0},"
              "{'id':'mod-2','name':'Avocado','price':1.25,'category':'add-ons'},"
              "{'id':'mod-3','name':'No onions','price':null}]}");

  assert_strv (galley_order_item_get_modifiers (item), "Extra chicken|Avocado|No onions");
  /* one unit's modifiers: the quantity (2) is not applied */
  g_assert_cmpint (galley_order_item_get_modifiers_price (item), ==, 425);
  g_assert_false (galley_order_item_has_allergy (item));

  g_assert_finalize_object (item);
  assert_no_live_objects ();
}

static void
test_item_modifiers_strings (void)
{
  GalleyOrderItem *item =
    item_new ("{'id':'line-1','menu_item_id':'m-1','name':'Burger','quantity':1,'price':9,"
              "'modifiers':['Extra cheese','No pickles','Peanut sauce']}");

  assert_strv (galley_order_item_get_modifiers (item), "Extra cheese|No pickles|Peanut sauce");
  g_assert_cmpint (galley_order_item_get_modifiers_price (item), ==, 0);
  g_assert_true (galley_order_item_has_allergy (item));   /* "Peanut sauce" */

  g_assert_finalize_object (item);
  assert_no_live_objects ();
}

static void
test_item_modifications (void)
{
  GalleyOrderItem *item =
    item_new ("{'id':'line-1','menu_item_id':'m-1','name':'Burger','quantity':1,'price':9,"
              "'modifiers':[{'id':'m','name':'Bacon','price':2}],"
              "'modifications':['no onions',{'name':'Gluten-free bun','price':1}],"
              "'notes':'Well done'}");

  /* modifiers first, then modifications; only modifier objects carry a price */
  assert_strv (galley_order_item_get_modifiers (item), "Bacon|no onions|Gluten-free bun");
  g_assert_cmpint (galley_order_item_get_modifiers_price (item), ==, 200);
  g_assert_cmpstr (galley_order_item_get_notes (item), ==, "Well done");
  g_assert_true (galley_order_item_has_allergy (item));   /* "Gluten-free bun" */

  g_assert_finalize_object (item);
  assert_no_live_objects ();
}

static void
test_item_notes (void)
{
  static const struct {
    const char *members;
    const char *notes;
    gboolean    allergy;
  } cases[] = {
    { "'special_instructions':'A','specialInstructions':'B','notes':'C'", "A", FALSE },
    { "'special_instructions':'','specialInstructions':'B','notes':'C'", "B", FALSE },
    { "'special_instructions':null,'specialInstructions':'','notes':'C'", "C", FALSE },
    { "'notes':'Nut allergy'", "Nut allergy", TRUE },
    { "'specialInstructions':'Celiac, please be careful'", "Celiac, please be careful", TRUE },
    { "'special_instructions':'','notes':''", NULL, FALSE },
    { "'notes':null", NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{'id':'l','menu_item_id':'m','name':'n',"
                                               "'quantity':1,'price':1,%s}", cases[i].members);
      GalleyOrderItem *item = item_new (text);

      g_assert_cmpstr (galley_order_item_get_notes (item), ==, cases[i].notes);
      g_assert_cmpint (galley_order_item_has_allergy (item), ==, cases[i].allergy);
      g_assert_finalize_object (item);
    }

  assert_no_live_objects ();
}

static void
test_item_limits (void)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonArray) modifiers = json_array_new ();
  GalleyOrderItem *item;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *got;

  for (guint i = 0; i < 300; i++)
    g_string_append (name, "é");          /* two bytes each: a cut must not split one */
  for (guint i = 0; i < 1500; i++)
    g_string_append_c (notes, 'x');

  json_object_set_string_member (object, "id", "line-1");
  json_object_set_string_member (object, "menu_item_id", "m-1");
  json_object_set_string_member (object, "name", name->str);
  json_object_set_int_member (object, "quantity", 1);
  json_object_set_double_member (object, "price", 1.0);
  json_object_set_string_member (object, "special_instructions", notes->str);
  json_array_add_string_element (modifiers, name->str);
  json_object_set_array_member (object, "modifiers", json_array_ref (modifiers));

  item = galley_order_item_new_from_json (object, &error);
  g_assert_no_error (error);
  got = galley_order_item_get_name (item);
  g_assert_true (g_utf8_validate (got, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (got, -1), ==, 200);
  g_assert_cmpuint (strlen (got), ==, 400);
  g_assert_cmpint (g_utf8_strlen (galley_order_item_get_modifiers (item)[0], -1), ==, 200);
  g_assert_cmpuint (strlen (galley_order_item_get_notes (item)), ==, 1000);
  g_assert_finalize_object (item);

  /* "\ud800" is decoded by json-glib into invalid UTF-8: it must come out valid */
  json_parser_load_from_data (parser,
                              "{\"id\":\"l\",\"menu_item_id\":\"m\",\"name\":\"a\\ud800b\","
                              "\"quantity\":1,\"price\":1}", -1, &error);
  g_assert_no_error (error);
  item = galley_order_item_new_from_json (json_node_get_object (json_parser_get_root (parser)),
                                          &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (galley_order_item_get_name (item), -1, NULL));
  g_assert_true (g_str_has_prefix (galley_order_item_get_name (item), "a"));
  g_assert_finalize_object (item);

  assert_no_live_objects ();
}

static void
assert_item_rejected (const char *squoted)
{
  g_autoptr(JsonObject) object = object_new (squoted);
  g_autoptr(GError) error = NULL;
  GalleyOrderItem *item = galley_order_item_new_from_json (object, &error);

  if (item != NULL)
    g_error ("accepted: %s", squoted);
  g_assert_error (error, GALLEY_ORDER_ERROR, GALLEY_ORDER_ERROR_INVALID);
}

static void
test_item_invalid (void)
{
  static const char * const cases[] = {
    "{'menu_item_id':'m','name':'n','quantity':1,'price':1}",
    "{'id':'','menu_item_id':'m','name':'n','quantity':1,'price':1}",
    "{'id':5,'menu_item_id':'m','name':'n','quantity':1,'price':1}",
    "{'id':null,'menu_item_id':'m','name':'n','quantity':1,'price':1}",
    "{'id':'l','name':'n','quantity':1,'price':1}",
    "{'id':'l','menu_item_id':7,'name':'n','quantity':1,'price':1}",
    "{'id':'l','menu_item_id':'m','quantity':1,'price':1}",
    "{'id':'l','menu_item_id':'m','name':5,'quantity':1,'price':1}",
    "{'id':'l','menu_item_id':'m','name':'n','price':1}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':0,'price':1}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':-1,'price':1}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':'2','price':1}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':1.5,'price':1}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':null,'price':1}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':1e12,'price':1}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':1}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':1,'price':-0.01}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':1,'price':'14.00'}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':1,'price':null}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':1,'price':1e300}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':1,'price':1,'modifiers':'cheese'}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':1,'price':1,'modifiers':[5]}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':1,'price':1,'modifiers':[null]}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':1,'price':1,'modifiers':[{'price':1}]}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':1,'price':1,'modifiers':[{'name':5}]}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':1,'price':1,'modifications':{}}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':1,'price':1,'modifications':[[]]}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':1,'price':1,'notes':5}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':1,'price':1,'special_instructions':[]}",
    "{'id':'l','menu_item_id':'m','name':'n','quantity':1,'price':1,'status':5}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_item_rejected (cases[i]);

  assert_item_rejected ("{'id':'l','menu_item_id':'m','name':'n','quantity':1,'price':1,"
                        "'modifiers':[{'name':'x','price':'1'}]}");
  assert_item_rejected ("{'id':'l','menu_item_id':'m','name':'n','quantity':1,'price':1,"
                        "'modifiers':[{'name':'x','price':1e300}]}");

  assert_no_live_objects ();
}

static void
test_item_status (void)
{
  GalleyOrderItem *item = item_new ("{'id':'l','menu_item_id':'m','name':'n','quantity':1,"
                                    "'price':1,'status':'cooking'}");
  Watch watch;

  g_assert_cmpstr (galley_order_item_get_status (item), ==, "cooking");

  watch_init (&watch, item);
  galley_order_item_set_status (item, "ready");
  g_assert_cmpstr (galley_order_item_get_status (item), ==, "ready");
  g_assert_cmpuint (watch_count (&watch, "status"), ==, 1);
  galley_order_item_set_status (item, "ready");             /* same: silent */
  g_assert_cmpuint (watch_count (&watch, "status"), ==, 1);
  galley_order_item_set_status (item, "served");
  g_assert_cmpuint (watch_count (&watch, "status"), ==, 2);
  g_assert_cmpuint (watch.total, ==, 2);
  watch_clear (&watch, item);

  g_assert_finalize_object (item);
  assert_no_live_objects ();
}

static void
test_item_equal (void)
{
  const char *text = "{'id':'l','menu_item_id':'m','name':'n','quantity':1,'price':1,"
                     "'modifiers':['a',{'name':'b','price':1}],'notes':'x'}";
  GalleyOrderItem *a = item_new (text);
  GalleyOrderItem *b = item_new (text);
  GalleyOrderItem *c = item_new ("{'id':'l','menu_item_id':'m','name':'n','quantity':2,"
                                 "'price':1,'modifiers':['a',{'name':'b','price':1}],"
                                 "'notes':'x'}");
  GalleyOrderItem *d = item_new ("{'id':'l2','menu_item_id':'m','name':'n','quantity':1,"
                                 "'price':1,'modifiers':['a',{'name':'b','price':1}],"
                                 "'notes':'x'}");

  g_assert_true (galley_order_item_equal (a, a));
  g_assert_true (galley_order_item_equal (a, b));
  g_assert_false (galley_order_item_equal (a, c));
  g_assert_false (galley_order_item_equal (a, d));
  galley_order_item_set_status (b, "ready");
  g_assert_false (galley_order_item_equal (a, b));

  g_assert_finalize_object (a);
  g_assert_finalize_object (b);
  g_assert_finalize_object (c);
  g_assert_finalize_object (d);
  assert_no_live_objects ();
}

/* ------------------------------------------------------------------ classification */

static void
test_classify (void)
{
  static const struct {
    const char          *text;
    GalleyModifierClass  expected;
  } cases[] = {
    /* allergy: contains, anywhere */
    { "Nut allergy", GALLEY_MODIFIER_ALLERGY },
    { "GLUTEN FREE", GALLEY_MODIFIER_ALLERGY },
    { "dairy-free", GALLEY_MODIFIER_ALLERGY },
    { "Allergic to shellfish", GALLEY_MODIFIER_ALLERGY },
    { "celiac", GALLEY_MODIFIER_ALLERGY },
    { "peanut sauce", GALLEY_MODIFIER_ALLERGY },
    { "walnuts on top", GALLEY_MODIFIER_ALLERGY },
    { "Glazed donut", GALLEY_MODIFIER_ALLERGY },          /* literal "contains": a safe alarm */
    /* precedence: allergy before every other class */
    { "no nuts", GALLEY_MODIFIER_ALLERGY },
    { "Extra peanuts", GALLEY_MODIFIER_ALLERGY },
    { "Hold the dairy", GALLEY_MODIFIER_ALLERGY },
    { "Sub almond milk for dairy", GALLEY_MODIFIER_ALLERGY },
    { "gluten-free, well done", GALLEY_MODIFIER_ALLERGY },
    /* removal: prefixes */
    { "No onions", GALLEY_MODIFIER_REMOVAL },
    { "NO ICE", GALLEY_MODIFIER_REMOVAL },
    { "  no tomato", GALLEY_MODIFIER_REMOVAL },
    { "without cheese", GALLEY_MODIFIER_REMOVAL },
    { "Remove pickles", GALLEY_MODIFIER_REMOVAL },
    { "hold the mayo", GALLEY_MODIFIER_REMOVAL },
    { "no ice, extra cold", GALLEY_MODIFIER_REMOVAL },     /* removal before temperature */
    /* addition: prefixes */
    { "Extra chicken", GALLEY_MODIFIER_ADDITION },
    { "add bacon", GALLEY_MODIFIER_ADDITION },
    { "Double shot", GALLEY_MODIFIER_ADDITION },
    { "triple cheese", GALLEY_MODIFIER_ADDITION },
    { "More sauce", GALLEY_MODIFIER_ADDITION },
    { "extra hot", GALLEY_MODIFIER_ADDITION },             /* addition before temperature */
    { "Add avocado instead of cheese", GALLEY_MODIFIER_ADDITION },
    /* temperature: whole words */
    { "Medium rare", GALLEY_MODIFIER_TEMPERATURE },
    { "well-done", GALLEY_MODIFIER_TEMPERATURE },
    { "Well done", GALLEY_MODIFIER_TEMPERATURE },
    { "medium-well", GALLEY_MODIFIER_TEMPERATURE },
    { "Served hot", GALLEY_MODIFIER_TEMPERATURE },
    { "COLD", GALLEY_MODIFIER_TEMPERATURE },
    { "temp: 140F", GALLEY_MODIFIER_TEMPERATURE },
    { "room temperature", GALLEY_MODIFIER_TEMPERATURE },
    { "rare, swap fries", GALLEY_MODIFIER_TEMPERATURE },   /* temperature before substitution */
    /* substitution: contains */
    { "Sub fries for salad", GALLEY_MODIFIER_SUBSTITUTION },
    { "substitute brown rice", GALLEY_MODIFIER_SUBSTITUTION },
    { "Rice instead of fries", GALLEY_MODIFIER_SUBSTITUTION },
    { "swap bun for lettuce", GALLEY_MODIFIER_SUBSTITUTION },
    { "sub tempeh for chicken", GALLEY_MODIFIER_SUBSTITUTION },   /* "tempeh" is no "temp" */
    /* other */
    { "Side of ranch", GALLEY_MODIFIER_OTHER },
    { "Beef Wellington", GALLEY_MODIFIER_OTHER },          /* no "well" inside words */
    { "tempura flakes", GALLEY_MODIFIER_OTHER },
    { "2 shots", GALLEY_MODIFIER_OTHER },
    { "Large", GALLEY_MODIFIER_OTHER },
    { "nothing", GALLEY_MODIFIER_OTHER },                  /* "no" without the space */
    { "", GALLEY_MODIFIER_OTHER },
    { NULL, GALLEY_MODIFIER_OTHER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GalleyModifierClass got = galley_modifier_classify (cases[i].text);

      if (got != cases[i].expected)
        g_error ("“%s”: class %d, expected %d", cases[i].text, got, cases[i].expected);
    }

  /* invalid UTF-8 from a careless caller: classified, no critical */
  g_assert_cmpint (galley_modifier_classify ("no \xff onions"), ==, GALLEY_MODIFIER_REMOVAL);
}

/* ------------------------------------------------------------------ orders */

static void
check_spec_order (GalleyOrder *order,
                  gboolean     updated)
{
  GalleyOrderItem *item;
  JsonObject *metadata;

  g_assert_cmpstr (galley_order_get_id (order), ==, ORDER_ID);
  g_assert_cmpstr (galley_order_get_restaurant_id (order), ==,
                   "11111111-1111-1111-1111-111111111111");
  g_assert_cmpstr (galley_order_get_order_number (order), ==, "20251105-0004");
  g_assert_cmpstr (galley_order_get_stored_type (order), ==, "online");
  g_assert_cmpint (galley_order_get_status (order), ==,
                   updated ? GALLEY_ORDER_STATUS_PREPARING : GALLEY_ORDER_STATUS_PENDING);
  g_assert_cmpstr (galley_order_get_status_text (order), ==, updated ? "preparing" : "pending");

  g_assert_cmpuint (g_list_model_get_n_items (galley_order_get_items (order)), ==, 1);
  item = galley_order_find_item (order, "line-1");
  g_assert_nonnull (item);
  g_assert_cmpstr (galley_order_item_get_menu_item_id (item), ==,
                   "5d7e0c4a-2f1b-4b8e-8c0d-3a9f6e2b1c77");
  g_assert_cmpstr (galley_order_item_get_name (item), ==, "Soul Bowl");
  g_assert_cmpint (galley_order_item_get_quantity (item), ==, 1);
  g_assert_cmpint (galley_order_item_get_price (item), ==, 1400);
  g_assert_cmpint (galley_order_item_get_modifiers_price (item), ==, 0);
  assert_strv (galley_order_item_get_modifiers (item), "");
  g_assert_null (galley_order_item_get_notes (item));
  g_assert_cmpstr (galley_order_item_get_status (item), ==, "pending");
  g_assert_false (galley_order_item_has_allergy (item));
  g_assert_null (galley_order_find_item (order, "line-2"));

  g_assert_cmpint (galley_order_get_subtotal (order), ==, 1400);
  g_assert_cmpint (galley_order_get_tax (order), ==, 112);
  g_assert_cmpint (galley_order_get_total (order), ==, 1512);
  g_assert_null (galley_order_get_notes (order));
  g_assert_null (galley_order_get_customer_name (order));
  g_assert_cmpstr (galley_order_get_table_number (order), ==, "7");
  g_assert_cmpint (galley_order_get_seat_number (order), ==, 2);

  metadata = galley_order_get_metadata (order);
  g_assert_cmpuint (json_object_get_size (metadata), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (metadata, "originalType"), ==, "dine-in");
  g_assert_cmpstr (json_object_get_string_member (metadata, "uiType"), ==, "dine-in");

  g_assert_cmpint (galley_order_get_created_at (order), ==, T_CREATED);
  g_assert_cmpint (galley_order_get_updated_at (order), ==, updated ? T_UPDATED : T_CREATED);
  g_assert_cmpint (galley_order_get_preparing_at (order), ==, updated ? T_UPDATED : 0);
  g_assert_cmpint (galley_order_get_ready_at (order), ==, 0);
  g_assert_cmpint (galley_order_get_completed_at (order), ==, 0);
  g_assert_cmpint (galley_order_get_cancelled_at (order), ==, 0);
  g_assert_cmpint (galley_order_get_scheduled_pickup_time (order), ==, 0);
  g_assert_cmpint (galley_order_get_auto_fire_time (order), ==, 0);
  g_assert_false (galley_order_get_is_scheduled (order));
  g_assert_false (galley_order_get_manually_fired (order));
  g_assert_cmpint (galley_order_get_version (order), ==, updated ? 3 : 1);
  g_assert_cmpstr (galley_order_get_payment_status (order), ==, "unpaid");
  g_assert_null (galley_order_get_payment_method (order));
  g_assert_cmpint (galley_order_get_payment_amount (order), ==, 0);
  g_assert_cmpint (galley_order_get_cash_received (order), ==, 0);
  g_assert_cmpint (galley_order_get_change_given (order), ==, 0);
  g_assert_null (galley_order_get_payment_id (order));
  g_assert_cmpint (galley_order_get_check_closed_at (order), ==, 0);
  g_assert_null (galley_order_get_closed_by_user_id (order));

  g_assert_cmpint (galley_order_get_kind (order), ==, GALLEY_ORDER_KIND_DINE_IN);
  {
    g_autofree char *number = galley_order_dup_display_number (order);
    g_assert_cmpstr (number, ==, "0004");
  }
  g_assert_false (galley_order_get_rush (order));
  g_assert_null (galley_order_get_client_order_ref (order));

  g_assert_cmpstr (json_object_get_string_member (galley_order_get_json (order), "id"), ==,
                   ORDER_ID);
}

static void
test_order_spec_rows (void)
{
  GalleyLinkMessage *created = parse_ok (frame_order_created);
  GalleyLinkMessage *updated = parse_ok (frame_order_updated);

  g_assert_cmpint (created->kind, ==, GALLEY_LINK_MESSAGE_ORDER_CREATED);
  check_spec_order (created->order, FALSE);
  g_assert_cmpint (updated->kind, ==, GALLEY_LINK_MESSAGE_ORDER_UPDATED);
  check_spec_order (updated->order, TRUE);

  g_assert_true (galley_order_is_newer_than (updated->order, created->order));
  g_assert_false (galley_order_is_newer_than (created->order, updated->order));

  g_clear_pointer (&created, galley_link_message_free);
  g_clear_pointer (&updated, galley_link_message_free);
  assert_no_live_objects ();
}

static void
test_order_properties (void)
{
  GalleyLinkMessage *message = parse_ok (frame_order_updated);
  GalleyOrder *order = g_object_ref (message->order);
  g_autofree char *id = NULL, *status_text = NULL, *table = NULL, *display = NULL;
  g_autofree char *payment_status = NULL, *stored_type = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(JsonObject) metadata = NULL;
  GalleyOrderStatus status;
  GalleyOrderKind kind;
  gint64 total, created_at, version, ready_at;
  int seat;
  gboolean rush, scheduled;
  GParamSpec **pspecs;
  guint n_pspecs;
  GEnumClass *enum_class;

  galley_link_message_free (message);

  g_object_get (order,
                "id", &id, "stored-type", &stored_type, "status", &status,
                "status-text", &status_text, "items", &items, "total", &total,
                "table-number", &table, "seat-number", &seat, "metadata", &metadata,
                "created-at", &created_at, "ready-at", &ready_at, "version", &version,
                "is-scheduled", &scheduled, "payment-status", &payment_status,
                "kind", &kind, "display-number", &display, "rush", &rush,
                NULL);
  g_assert_cmpstr (id, ==, ORDER_ID);
  g_assert_cmpstr (stored_type, ==, "online");
  g_assert_cmpint (status, ==, GALLEY_ORDER_STATUS_PREPARING);
  g_assert_cmpstr (status_text, ==, "preparing");
  g_assert_true (items == galley_order_get_items (order));
  g_assert_cmpint (total, ==, 1512);
  g_assert_cmpstr (table, ==, "7");
  g_assert_cmpint (seat, ==, 2);
  g_assert_true (metadata == galley_order_get_metadata (order));
  g_assert_cmpint (created_at, ==, T_CREATED);
  g_assert_cmpint (ready_at, ==, 0);
  g_assert_cmpint (version, ==, 3);
  g_assert_false (scheduled);
  g_assert_cmpstr (payment_status, ==, "unpaid");
  g_assert_cmpint (kind, ==, GALLEY_ORDER_KIND_DINE_IN);
  g_assert_cmpstr (display, ==, "0004");
  g_assert_false (rush);

  /* every property: read-only, explicit notify, no nick or blurb */
  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (order), &n_pspecs);
  g_assert_cmpuint (n_pspecs, ==, 38);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      g_assert_true (pspecs[i]->flags & G_PARAM_READABLE);
      g_assert_false (pspecs[i]->flags & G_PARAM_WRITABLE);
      g_assert_true (pspecs[i]->flags & G_PARAM_EXPLICIT_NOTIFY);
      g_value_init (&value, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (order), pspecs[i]->name, &value);
    }
  g_free (pspecs);

  enum_class = g_type_class_ref (GALLEY_TYPE_ORDER_STATUS);
  g_assert_cmpstr (g_enum_get_value (enum_class, GALLEY_ORDER_STATUS_PICKED_UP)->value_nick, ==,
                   "picked-up");
  g_type_class_unref (enum_class);
  enum_class = g_type_class_ref (GALLEY_TYPE_ORDER_KIND);
  g_assert_cmpstr (g_enum_get_value (enum_class, GALLEY_ORDER_KIND_DRIVE_THRU)->value_nick, ==,
                   "drive-thru");
  g_type_class_unref (enum_class);

  g_clear_object (&items);
  g_assert_finalize_object (order);
  assert_no_live_objects ();
}

static void
test_order_nulls_and_defaults (void)
{
  GalleyOrder *order = order_new ("{'status':null,'subtotal':null,'tax':null,"
                                  "'total_amount':null,'metadata':null,'is_scheduled':null,"
                                  "'manually_fired':null,'table_number':12,'version':null,"
                                  "'payment_status':null,'payment_amount':15.12,"
                                  "'cash_received':20,'change_given':4.88,'notes':'',"
                                  "'unknown_member':{'a':[1,2]},'total':99}",
                                  "seat_number,ready_at,payment_method");

  g_assert_cmpint (galley_order_get_status (order), ==, GALLEY_ORDER_STATUS_UNKNOWN);
  g_assert_null (galley_order_get_status_text (order));
  g_assert_cmpint (galley_order_get_subtotal (order), ==, 0);
  g_assert_cmpint (galley_order_get_tax (order), ==, 0);
  g_assert_cmpint (galley_order_get_total (order), ==, 0);
  g_assert_nonnull (galley_order_get_metadata (order));
  g_assert_cmpuint (json_object_get_size (galley_order_get_metadata (order)), ==, 0);
  g_assert_false (galley_order_get_is_scheduled (order));
  g_assert_false (galley_order_get_manually_fired (order));
  g_assert_cmpstr (galley_order_get_table_number (order), ==, "12");
  g_assert_cmpint (galley_order_get_seat_number (order), ==, 0);
  g_assert_cmpint (galley_order_get_ready_at (order), ==, 0);
  g_assert_cmpint (galley_order_get_version (order), ==, 0);
  g_assert_cmpstr (galley_order_get_payment_status (order), ==, "unpaid");
  g_assert_null (galley_order_get_payment_method (order));
  g_assert_cmpint (galley_order_get_payment_amount (order), ==, 1512);
  g_assert_cmpint (galley_order_get_cash_received (order), ==, 2000);
  g_assert_cmpint (galley_order_get_change_given (order), ==, 488);
  g_assert_cmpstr (galley_order_get_notes (order), ==, "");
  g_assert_finalize_object (order);

  /* an unknown status is kept as text; a fractional table number too */
  order = order_new ("{'status':'on-hold','table_number':7.5,'version':4,'seat_number':3,"
                     "'is_scheduled':true,'manually_fired':true,"
                     "'scheduled_pickup_time':'2025-11-05T19:00:00Z',"
                     "'auto_fire_time':'2025-11-05T18:40:00.5-05:00',"
                     "'payment_status':'paid','payment_method':'cash','payment_id':'pi_1',"
                     "'check_closed_at':'2025-11-05T19:12:44.870Z',"
                     "'closed_by_user_id':'u-1','customer_name':'Ada'}", NULL);
  g_assert_cmpint (galley_order_get_status (order), ==, GALLEY_ORDER_STATUS_UNKNOWN);
  g_assert_cmpstr (galley_order_get_status_text (order), ==, "on-hold");
  g_assert_cmpstr (galley_order_get_table_number (order), ==, "7.5");
  g_assert_cmpint (galley_order_get_version (order), ==, 4);
  g_assert_cmpint (galley_order_get_seat_number (order), ==, 3);
  g_assert_true (galley_order_get_is_scheduled (order));
  g_assert_true (galley_order_get_manually_fired (order));
  g_assert_cmpint (galley_order_get_scheduled_pickup_time (order), ==, 1762369200000000);
  g_assert_cmpint (galley_order_get_auto_fire_time (order), ==, 1762386000500000);
  g_assert_cmpstr (galley_order_get_payment_status (order), ==, "paid");
  g_assert_cmpstr (galley_order_get_payment_method (order), ==, "cash");
  g_assert_cmpstr (galley_order_get_payment_id (order), ==, "pi_1");
  g_assert_cmpint (galley_order_get_check_closed_at (order), ==, 1762369964870000);
  g_assert_cmpstr (galley_order_get_closed_by_user_id (order), ==, "u-1");
  g_assert_cmpstr (galley_order_get_customer_name (order), ==, "Ada");
  g_assert_finalize_object (order);

  assert_no_live_objects ();
}

static void
test_order_limits (void)
{
  g_autoptr(GString) longer = g_string_new (NULL);
  g_autoptr(JsonObject) row = row_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  GalleyOrder *order;

  for (guint i = 0; i < 1500; i++)
    g_string_append (longer, "ü");
  json_object_set_string_member (row, "notes", longer->str);
  json_object_set_string_member (row, "customer_name", longer->str);
  json_object_set_string_member (row, "status", longer->str);

  order = galley_order_new_from_json (row, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_utf8_strlen (galley_order_get_notes (order), -1), ==, 1000);
  g_assert_cmpint (g_utf8_strlen (galley_order_get_customer_name (order), -1), ==, 200);
  g_assert_cmpint (g_utf8_strlen (galley_order_get_status_text (order), -1), ==, 200);
  g_assert_true (g_utf8_validate (galley_order_get_notes (order), -1, NULL));
  g_assert_finalize_object (order);

  /* markup is text: kept as it is, for the views to escape */
  order = order_new ("{'customer_name':'Fish & Chips <b>','notes':'<i>x</i>'}", NULL);
  g_assert_cmpstr (galley_order_get_customer_name (order), ==, "Fish & Chips <b>");
  g_assert_cmpstr (galley_order_get_notes (order), ==, "<i>x</i>");
  g_assert_finalize_object (order);

  assert_no_live_objects ();
}

static const struct
{
  const char *set;
  const char *remove;
  const char *message_part;
} invalid_rows[] = {
  { NULL, "id", "id" },
  { "{'id':''}", NULL, "id" },
  { "{'id':42}", NULL, "id" },
  { NULL, "restaurant_id", "restaurant_id" },
  { "{'order_number':4}", NULL, "order_number" },
  { NULL, "type", "type" },
  { "{'status':3}", NULL, "status" },
  { NULL, "items", "items" },
  { "{'items':{}}", NULL, "items" },
  { "{'items':null}", NULL, "items" },
  { "{'items':[{'id':'a','menu_item_id':'m','name':'n','quantity':1,'price':1},"
    "{'id':'b','menu_item_id':'m','name':'n','quantity':0,'price':1}]}", NULL, "item 1" },
  { "{'items':[{'id':'a','menu_item_id':'m','name':'n','quantity':1,'price':1},5]}",
    NULL, "item 1" },
  { "{'items':[{'id':'a','menu_item_id':'m','name':'n','quantity':'2','price':1}]}",
    NULL, "item 0" },
  { "{'subtotal':'14.00'}", NULL, "subtotal" },
  { "{'tax':true}", NULL, "tax" },
  { "{'total_amount':1e300}", NULL, "total_amount" },
  { "{'payment_amount':'5'}", NULL, "payment_amount" },
  { "{'notes':5}", NULL, "notes" },
  { "{'customer_name':[]}", NULL, "customer_name" },
  { "{'table_number':{}}", NULL, "table_number" },
  { "{'seat_number':'2'}", NULL, "seat_number" },
  { "{'seat_number':1.5}", NULL, "seat_number" },
  { "{'metadata':[]}", NULL, "metadata" },
  { "{'metadata':'{}'}", NULL, "metadata" },
  { NULL, "created_at", "created_at" },
  { "{'created_at':'yesterday'}", NULL, "created_at" },
  { "{'updated_at':null}", NULL, "updated_at" },
  { "{'updated_at':1762365990}", NULL, "updated_at" },
  { "{'ready_at':'2025-13-45T99:00:00Z'}", NULL, "ready_at" },
  { "{'check_closed_at':5}", NULL, "check_closed_at" },
  { "{'is_scheduled':'false'}", NULL, "is_scheduled" },
  { "{'manually_fired':0}", NULL, "manually_fired" },
  { "{'version':'3'}", NULL, "version" },
  { "{'version':1.5}", NULL, "version" },
  { "{'version':-1}", NULL, "version" },
  { "{'payment_status':1}", NULL, "payment_status" },
  { "{'closed_by_user_id':{}}", NULL, "closed_by_user_id" },
};

static void
test_order_invalid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_rows); i++)
    {
      g_autoptr(JsonObject) row = row_new (invalid_rows[i].set, invalid_rows[i].remove);
      g_autoptr(GError) error = NULL;
      GalleyOrder *order = galley_order_new_from_json (row, &error);

      if (order != NULL)
        g_error ("case %u accepted (%s / -%s)", i, invalid_rows[i].set, invalid_rows[i].remove);
      g_assert_error (error, GALLEY_ORDER_ERROR, GALLEY_ORDER_ERROR_INVALID);
      if (strstr (error->message, invalid_rows[i].message_part) == NULL)
        g_error ("case %u: “%s” does not name %s", i, error->message, invalid_rows[i].message_part);
    }

  assert_no_live_objects ();
}

/* The feed reads rows as text (galley_order_new_from_tokens()), everyone else from a tree:
 * the same row must give the same order, or the same error, both ways. */
static GalleyOrder *
order_from_text (JsonObject  *row,
                 GError     **error)
{
  g_autofree char *text = galley_json_object_to_string (row);
  g_autoptr(GalleyJsonTokens) doc = galley_json_tokens_parse (text, strlen (text), NULL);

  g_assert_nonnull (doc);

  return galley_order_new_from_tokens (doc, 0, error);
}

static void
assert_orders_same (GalleyOrder *a,
                    GalleyOrder *b)
{
  guint n_props;
  g_autofree GParamSpec **pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (a),
                                                                   &n_props);
  GListModel *items_a = galley_order_get_items (a), *items_b = galley_order_get_items (b);
  g_autoptr(JsonNode) json_a = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) json_b = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < n_props; i++)
    {
      g_auto(GValue) va = G_VALUE_INIT;
      g_auto(GValue) vb = G_VALUE_INIT;

      if (pspecs[i]->value_type == G_TYPE_LIST_MODEL)
        continue;   /* the items, compared below */

      g_value_init (&va, pspecs[i]->value_type);
      g_value_init (&vb, pspecs[i]->value_type);
      g_object_get_property (G_OBJECT (a), pspecs[i]->name, &va);
      g_object_get_property (G_OBJECT (b), pspecs[i]->name, &vb);
      if (pspecs[i]->value_type == JSON_TYPE_OBJECT)
        {
          g_assert_true (json_object_equal (g_value_get_boxed (&va), g_value_get_boxed (&vb)));
          continue;
        }
      if (g_param_values_cmp (pspecs[i], &va, &vb) != 0)
        {
          g_autofree char *sa = g_strdup_value_contents (&va);
          g_autofree char *sb = g_strdup_value_contents (&vb);

          g_error ("“%s” differs: %s and %s", pspecs[i]->name, sa, sb);
        }
    }

  g_assert_cmpuint (g_list_model_get_n_items (items_a), ==, g_list_model_get_n_items (items_b));
  for (guint i = 0; i < g_list_model_get_n_items (items_a); i++)
    {
      g_autoptr(GalleyOrderItem) ia = g_list_model_get_item (items_a, i);
      g_autoptr(GalleyOrderItem) ib = g_list_model_get_item (items_b, i);

      g_assert_true (galley_order_item_equal (ia, ib));
      g_assert_cmpint (galley_order_item_has_allergy (ia), ==, galley_order_item_has_allergy (ib));
    }

  json_node_set_object (json_a, galley_order_get_json (a));
  json_node_set_object (json_b, galley_order_get_json (b));
  g_assert_true (json_node_equal (json_a, json_b));
}

static void
test_order_text_like_tree (void)
{
  static const struct {
    const char *set;
    const char *remove;
  } valid[] = {
    { NULL, NULL },
    { "{'status':'preparing','notes':'RUSH please','customer_name':'Ann','table_number':7,"
      "'seat_number':2,'metadata':{'uiType':'dine-in','rush':true,'client_order_ref':'c-1',"
      "'nested':{'a':[1,2,{'b':null}]}},'preparing_at':'2025-11-05T18:07:00Z','version':4}", NULL },
    { "{'status':'someday','table_number':7.5,'payment_status':null,'version':2.0,"
      "'unknown':{'x':[1,'y']},'is_scheduled':true,'scheduled_pickup_time':'2025-11-05T19:00:00Z'}",
      "notes,customer_name,metadata,version" },
    { "{'items':[{'id':'a','menu_item_id':'m','name':'Burger','quantity':2,'price':13.5,"
      "'modifiers':[{'id':'x','name':'Extra cheese','price':1},'No onions',{'name':'Nut-free'}],"
      "'modifications':['well done'],'special_instructions':'','notes':'peanut allergy',"
      "'status':'fired'},{'id':'b','menu_item_id':'m2','name':'Fries \\u00e9\\n','quantity':1,"
      "'price':0,'modifiers':null}],'subtotal':null}", NULL },
  };
  g_autoptr(JsonObject) newer_row = row_new ("{'status':'confirmed','version':2}", NULL);
  g_autoptr(GalleyOrder) held = NULL;
  g_autoptr(GalleyOrder) newer = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(JsonObject) row = row_new (valid[i].set, valid[i].remove);
      g_autoptr(GError) error = NULL;
      g_autoptr(GalleyOrder) from_tree = galley_order_new_from_json (row, &error);
      g_autoptr(GalleyOrder) from_text = NULL;

      g_assert_no_error (error);
      from_text = order_from_text (row, &error);
      g_assert_no_error (error);
      assert_orders_same (from_tree, from_text);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid_rows); i++)
    {
      g_autoptr(JsonObject) row = row_new (invalid_rows[i].set, invalid_rows[i].remove);
      g_autoptr(GError) tree_error = NULL, text_error = NULL;
      g_autoptr(GalleyOrder) from_tree = galley_order_new_from_json (row, &tree_error);
      g_autoptr(GalleyOrder) from_text = order_from_text (row, &text_error);

      g_assert_null (from_tree);
      g_assert_null (from_text);
      g_assert_error (text_error, GALLEY_ORDER_ERROR, GALLEY_ORDER_ERROR_INVALID);
      g_assert_cmpstr (text_error->message, ==, tree_error->message);
    }

  /* an order read as text keeps the newest row, read into a tree only when asked */
  {
    g_autoptr(JsonObject) row = row_new (NULL, NULL);

    held = order_from_text (row, NULL);
    newer = order_from_text (newer_row, NULL);
    g_assert_true (galley_order_update_from (held, newer));
    g_assert_cmpint (galley_order_get_status (held), ==, GALLEY_ORDER_STATUS_CONFIRMED);
    g_assert_true (galley_order_get_json (held) == galley_order_get_json (newer));
    g_assert_cmpstr (json_object_get_string_member (galley_order_get_json (held), "status"), ==,
                     "confirmed");
  }

  g_clear_object (&held);
  g_clear_object (&newer);
  assert_no_live_objects ();
}

static void
test_order_kind (void)
{
  static const struct {
    const char      *set;
    GalleyOrderKind  expected;
  } cases[] = {
    { "{'metadata':{'uiType':'dine-in'}}", GALLEY_ORDER_KIND_DINE_IN },
    { "{'metadata':{'uiType':'dine_in'}}", GALLEY_ORDER_KIND_DINE_IN },
    { "{'metadata':{'uiType':'takeout'},'type':'pickup'}", GALLEY_ORDER_KIND_TAKEOUT },
    { "{'metadata':{'uiType':'pickup'},'type':'pickup'}", GALLEY_ORDER_KIND_PICKUP },
    { "{'metadata':{'uiType':'delivery'},'type':'delivery'}", GALLEY_ORDER_KIND_DELIVERY },
    { "{'metadata':{'uiType':'drive-thru'},'type':'pickup'}", GALLEY_ORDER_KIND_DRIVE_THRU },
    { "{'metadata':{'uiType':'online'}}", GALLEY_ORDER_KIND_ONLINE },
    { "{'metadata':{'uiType':'kiosk'}}", GALLEY_ORDER_KIND_KIOSK },
    { "{'metadata':{'uiType':'voice'}}", GALLEY_ORDER_KIND_VOICE },
    { "{'metadata':{'uiType':'Drive-Thru'}}", GALLEY_ORDER_KIND_DRIVE_THRU },
    /* uiType wins over the table */
    { "{'metadata':{'uiType':'takeout'},'table_number':'7'}", GALLEY_ORDER_KIND_TAKEOUT },
    /* unknown or missing uiType: the table, then the stored type */
    { "{'metadata':{'uiType':'spaceship'},'table_number':'7'}", GALLEY_ORDER_KIND_DINE_IN },
    { "{'metadata':{'uiType':5},'type':'pickup'}", GALLEY_ORDER_KIND_PICKUP },
    { "{'table_number':'12','type':'delivery'}", GALLEY_ORDER_KIND_DINE_IN },
    { "{'table_number':3}", GALLEY_ORDER_KIND_DINE_IN },
    { "{'table_number':'','type':'delivery'}", GALLEY_ORDER_KIND_DELIVERY },
    { "{'metadata':null,'type':'pickup'}", GALLEY_ORDER_KIND_PICKUP },
    { "{'type':'online'}", GALLEY_ORDER_KIND_ONLINE },
    { "{'type':'catering'}", GALLEY_ORDER_KIND_ONLINE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GalleyOrder *order = order_new (cases[i].set, NULL);

      if (galley_order_get_kind (order) != cases[i].expected)
        g_error ("%s: kind %d, expected %d", cases[i].set, galley_order_get_kind (order),
                 cases[i].expected);
      g_assert_finalize_object (order);
    }

  assert_no_live_objects ();
}

static void
test_order_display_number (void)
{
  static const struct {
    const char *number;
    const char *expected;
  } cases[] = {
    { "20251105-0004", "0004" },
    { "20251105-12345", "12345" },
    { "20251105-7", "0007" },
    { "20251105-0", "0000" },
    { "0042", "0042" },
    { "42", "0042" },
    { "A-B-C12", "C12" },
    { "20251105-", "20251105-" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) row = row_new (NULL, NULL);
      g_autofree char *number = NULL;
      GalleyOrder *order;

      json_object_set_string_member (row, "order_number", cases[i].number);
      order = galley_order_new_from_json (row, NULL);
      g_assert_nonnull (order);
      number = galley_order_dup_display_number (order);
      g_assert_cmpstr (number, ==, cases[i].expected);
      g_assert_finalize_object (order);
    }

  assert_no_live_objects ();
}

static void
test_order_rush_and_ref (void)
{
  static const struct {
    const char *set;
    gboolean    rush;
    const char *ref;
  } cases[] = {
    { "{'metadata':{'rush':true}}", TRUE, NULL },
    { "{'metadata':{'rush':false}}", FALSE, NULL },
    { "{'metadata':{'rush':'yes'}}", FALSE, NULL },
    { "{'notes':'RUSH - VIP table'}", TRUE, NULL },
    { "{'notes':'rush order'}", TRUE, NULL },
    { "{'notes':'  Rush'}", TRUE, NULL },
    { "{'notes':'Not a rush'}", FALSE, NULL },
    { "{'notes':'RUS'}", FALSE, NULL },
    { "{'notes':null}", FALSE, NULL },
    { "{'metadata':{'client_order_ref':'b7e4c0d2-6a1f-4e3b-9c8d-7f6e5d4c3b2a'}}", FALSE,
      "b7e4c0d2-6a1f-4e3b-9c8d-7f6e5d4c3b2a" },
    { "{'metadata':{'client_order_ref':7}}", FALSE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GalleyOrder *order = order_new (cases[i].set, NULL);

      g_assert_cmpint (galley_order_get_rush (order), ==, cases[i].rush);
      g_assert_cmpstr (galley_order_get_client_order_ref (order), ==, cases[i].ref);
      g_assert_finalize_object (order);
    }

  assert_no_live_objects ();
}

static void
test_order_update_from (void)
{
  GalleyOrder *held = order_new (NULL, NULL);
  GalleyOrder *newer = order_new ("{'status':'preparing','version':3,"
                                  "'updated_at':'2025-11-05T18:09:02.004311+00:00',"
                                  "'preparing_at':'2025-11-05T18:09:02.004311+00:00'}", NULL);
  GalleyOrder *same = order_new ("{'status':'preparing','version':3,"
                                 "'updated_at':'2025-11-05T18:09:02.004311+00:00',"
                                 "'preparing_at':'2025-11-05T18:09:02.004311+00:00',"
                                 "'ignored_member':true}", NULL);
  GalleyOrder *meta = order_new ("{'status':'preparing','version':4,"
                                 "'updated_at':'2025-11-05T18:09:02.004311+00:00',"
                                 "'preparing_at':'2025-11-05T18:09:02.004311+00:00',"
                                 "'order_number':'20251105-0005',"
                                 "'metadata':{'uiType':'takeout','rush':true}}", NULL);
  g_autoptr(GString) items_log = g_string_new (NULL);
  GalleyOrderItem *line;
  Watch watch;

  line = g_list_model_get_item (galley_order_get_items (held), 0);
  g_object_unref (line);   /* the store keeps it */

  watch_init (&watch, held);
  g_signal_connect (galley_order_get_items (held), "items-changed",
                    G_CALLBACK (items_changed_cb), items_log);

  g_assert_true (galley_order_update_from (held, newer));
  g_assert_cmpuint (watch_count (&watch, "status"), ==, 1);
  g_assert_cmpuint (watch_count (&watch, "status-text"), ==, 1);
  g_assert_cmpuint (watch_count (&watch, "version"), ==, 1);
  g_assert_cmpuint (watch_count (&watch, "updated-at"), ==, 1);
  g_assert_cmpuint (watch_count (&watch, "preparing-at"), ==, 1);
  g_assert_cmpuint (watch.total, ==, 5);
  g_assert_cmpuint (watch.changed, ==, 1);
  g_assert_cmpstr (items_log->str, ==, "");     /* the line did not change */
  g_assert_true (g_list_model_get_item (galley_order_get_items (held), 0) == line);
  g_object_unref (line);
  g_assert_cmpint (galley_order_get_status (held), ==, GALLEY_ORDER_STATUS_PREPARING);
  g_assert_cmpint (galley_order_get_version (held), ==, 3);
  g_assert_cmpint (galley_order_get_preparing_at (held), ==, T_UPDATED);
  g_assert_true (galley_order_get_json (held) == galley_order_get_json (newer));

  /* the same content again (an unknown member differs): nothing */
  watch_reset (&watch);
  g_assert_false (galley_order_update_from (held, same));
  g_assert_false (galley_order_update_from (held, held));
  g_assert_cmpuint (watch.total, ==, 0);
  g_assert_cmpuint (watch.changed, ==, 0);
  g_assert_true (galley_order_get_json (held) == galley_order_get_json (same));

  /* metadata and the order number: their derived properties follow */
  watch_reset (&watch);
  g_assert_true (galley_order_update_from (held, meta));
  g_assert_cmpuint (watch_count (&watch, "version"), ==, 1);
  g_assert_cmpuint (watch_count (&watch, "order-number"), ==, 1);
  g_assert_cmpuint (watch_count (&watch, "display-number"), ==, 1);
  g_assert_cmpuint (watch_count (&watch, "metadata"), ==, 1);
  g_assert_cmpuint (watch_count (&watch, "kind"), ==, 1);
  g_assert_cmpuint (watch_count (&watch, "rush"), ==, 1);
  g_assert_cmpuint (watch.total, ==, 6);
  g_assert_cmpuint (watch.changed, ==, 1);
  g_assert_cmpint (galley_order_get_kind (held), ==, GALLEY_ORDER_KIND_TAKEOUT);
  g_assert_true (galley_order_get_rush (held));

  g_signal_handlers_disconnect_by_data (galley_order_get_items (held), items_log);
  watch_clear (&watch, held);
  g_assert_finalize_object (newer);
  g_assert_finalize_object (same);
  g_assert_finalize_object (meta);
  g_assert_finalize_object (held);
  assert_no_live_objects ();
}

static const char line_a[] = "{'id':'a','menu_item_id':'m','name':'A','quantity':1,'price':1}";
static const char line_a2[] = "{'id':'a','menu_item_id':'m','name':'A','quantity':3,'price':1}";
static const char line_b[] = "{'id':'b','menu_item_id':'m','name':'B','quantity':1,'price':2}";
static const char line_b2[] = "{'id':'b','menu_item_id':'m','name':'B','quantity':2,'price':2}";
static const char line_c[] = "{'id':'c','menu_item_id':'m','name':'C','quantity':1,'price':3}";
static const char line_c2[] = "{'id':'c','menu_item_id':'m','name':'C2','quantity':1,'price':3}";
static const char line_d[] = "{'id':'d','menu_item_id':'m','name':'D','quantity':1,'price':4}";
static const char line_e[] = "{'id':'e','menu_item_id':'m','name':'E','quantity':1,'price':5}";

static GalleyOrder *
order_with_lines (guint              version,
                  const char * const *lines)
{
  g_autofree char *joined = g_strjoinv (",", (char **) lines);
  g_autofree char *set = g_strdup_printf ("{'version':%u,'items':[%s]}", version, joined);

  return order_new (set, NULL);
}

static char *
item_ids (GalleyOrder *order)
{
  GListModel *items = galley_order_get_items (order);
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GalleyOrderItem) item = g_list_model_get_item (items, i);

      g_string_append_printf (ids, "%s%s:%d", i > 0 ? " " : "", galley_order_item_get_id (item),
                              galley_order_item_get_quantity (item));
    }

  return g_string_free (ids, FALSE);
}

static void
test_order_update_items (void)
{
  static const struct {
    const char *lines[6];
    const char *expected_log;
    const char *expected_ids;
  } steps[] = {
    /* start: a b c */
    { { line_a, line_b2, line_c, NULL }, "1,1,1;", "a:1 b:2 c:1" },          /* one quantity */
    { { line_a, line_b2, line_c, line_d, NULL }, "3,0,1;", "a:1 b:2 c:1 d:1" }, /* append */
    { { line_a, line_c, line_d, NULL }, "1,1,0;", "a:1 c:1 d:1" },            /* remove */
    { { line_e, line_a, line_c, line_d, NULL }, "0,0,1;", "e:1 a:1 c:1 d:1" }, /* prepend */
    { { line_e, line_a2, line_c2, line_d, NULL }, "1,2,2;", "e:1 a:3 c:1 d:1" }, /* a run */
    { { line_a2, line_c2, line_d, line_e, NULL }, "0,4,4;", "a:3 c:1 d:1 e:1" }, /* rotated */
    { { line_a, line_c2, line_d, line_b, NULL }, "0,1,1;3,1,1;", "a:1 c:1 d:1 b:1" }, /* 2 runs */
    { { line_a, line_c2, line_d, line_b, NULL }, "", "a:1 c:1 d:1 b:1" },     /* unchanged */
    { { NULL }, "0,4,0;", "" },                                              /* all gone */
    { { line_a, NULL }, "0,0,1;", "a:1" },
  };
  const char * const start[] = { line_a, line_b, line_c, NULL };
  GalleyOrder *held = order_with_lines (1, start);
  GListModel *items = galley_order_get_items (held);
  g_autoptr(GString) log = g_string_new (NULL);
  Watch watch;

  watch_init (&watch, held);
  g_signal_connect (items, "items-changed", G_CALLBACK (items_changed_cb), log);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      GalleyOrder *newer = order_with_lines (1, steps[i].lines);
      g_autoptr(GalleyOrderItem) kept = NULL;
      g_autofree char *ids = NULL;
      gboolean expect_change = steps[i].expected_log[0] != '\0';

      if (i == 0)
        kept = g_list_model_get_item (items, 2);   /* line c is not touched by step 0 */

      g_string_truncate (log, 0);
      watch_reset (&watch);
      g_assert_cmpint (galley_order_update_from (held, newer), ==, expect_change);
      g_assert_cmpstr (log->str, ==, steps[i].expected_log);
      ids = item_ids (held);
      g_assert_cmpstr (ids, ==, steps[i].expected_ids);
      g_assert_cmpuint (watch.changed, ==, expect_change ? 1 : 0);
      g_assert_cmpuint (watch.total, ==, 0);      /* the items model is the same object */

      if (kept != NULL)
        {
          g_autoptr(GalleyOrderItem) now = g_list_model_get_item (items, 2);
          g_assert_true (now == kept);
        }

      g_assert_finalize_object (newer);
    }

  g_signal_handlers_disconnect_by_data (items, log);
  watch_clear (&watch, held);
  g_assert_finalize_object (held);
  assert_no_live_objects ();
}

static void
test_order_set_status (void)
{
  GalleyOrder *order = order_new ("{'status':'on-hold'}", NULL);
  Watch watch;

  watch_init (&watch, order);
  galley_order_set_status (order, GALLEY_ORDER_STATUS_UNKNOWN);   /* already unknown */
  g_assert_cmpuint (watch.total, ==, 0);
  g_assert_cmpstr (galley_order_get_status_text (order), ==, "on-hold");

  galley_order_set_status (order, GALLEY_ORDER_STATUS_READY);
  g_assert_cmpint (galley_order_get_status (order), ==, GALLEY_ORDER_STATUS_READY);
  g_assert_cmpstr (galley_order_get_status_text (order), ==, "ready");
  g_assert_cmpuint (watch_count (&watch, "status"), ==, 1);
  g_assert_cmpuint (watch_count (&watch, "status-text"), ==, 1);
  g_assert_cmpuint (watch.changed, ==, 1);

  galley_order_set_status (order, GALLEY_ORDER_STATUS_READY);     /* same: silent */
  g_assert_cmpuint (watch.total, ==, 2);
  g_assert_cmpuint (watch.changed, ==, 1);

  galley_order_set_status (order, GALLEY_ORDER_STATUS_PICKED_UP);
  g_assert_cmpstr (galley_order_get_status_text (order), ==, "picked-up");
  g_assert_cmpuint (watch.total, ==, 4);
  g_assert_cmpuint (watch.changed, ==, 2);

  watch_clear (&watch, order);
  g_assert_finalize_object (order);
  assert_no_live_objects ();
}

static GalleyOrder *
versioned (int         version,
           const char *updated_at)
{
  g_autofree char *set = NULL;

  if (version < 0)
    {
      set = g_strdup_printf ("{'updated_at':'%s'}", updated_at);
      return order_new (set, "version");
    }

  set = g_strdup_printf ("{'version':%d,'updated_at':'%s'}", version, updated_at);

  return order_new (set, NULL);
}

static void
test_order_is_newer_than (void)
{
  static const char * const times[] = {
    "2025-11-05T18:00:00.000001+00:00",
    "2025-11-05T18:00:00.000002+00:00",
    "2025-11-05T18:00:00.000003+00:00",
  };
  /* held: version 5 at times[1]; incoming: version 4/5/6 (or none) at times[0..2] */
  const int held_version = 5;

  for (int v = -1; v <= 2; v++)
    for (int t = 0; t < 3; t++)
      for (int held_has_version = 0; held_has_version <= 1; held_has_version++)
        {
          int version = v < 0 ? -1 : held_version - 1 + v;
          GalleyOrder *held = versioned (held_has_version ? held_version : -1, times[1]);
          GalleyOrder *incoming = versioned (version, times[t]);
          gboolean expected;

          if (version < 0 || !held_has_version)
            expected = t > 1;                          /* updated_at alone */
          else if (version != held_version)
            expected = version > held_version;         /* version wins, whatever the time */
          else
            expected = t > 1;

          if (galley_order_is_newer_than (incoming, held) != expected)
            g_error ("version %d at %s vs %s at %s: expected %d", version, times[t],
                     held_has_version ? "5" : "none", times[1], expected);

          g_assert_finalize_object (incoming);
          g_assert_finalize_object (held);
        }

  /* version 0 on the wire is "no version" too */
  {
    GalleyOrder *a = versioned (0, times[2]);
    GalleyOrder *b = versioned (9, times[1]);

    g_assert_true (galley_order_is_newer_than (a, b));
    g_assert_false (galley_order_is_newer_than (b, a));
    g_assert_finalize_object (a);
    g_assert_finalize_object (b);
  }

  assert_no_live_objects ();
}

/* ------------------------------------------------------------------ link messages */

static void
test_message_spec_frames (void)
{
  GalleyLinkMessage *m;

  m = parse_ok (frame_connected);
  g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_CONNECTED);
  g_assert_cmpstr (m->type, ==, "connected");
  g_assert_false (m->has_seq);
  g_assert_cmpint (m->timestamp, ==, 1762365852101000);
  g_assert_null (m->error);
  g_assert_null (m->order);
  galley_link_message_free (m);

  m = parse_ok (frame_auth_success);
  g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_AUTH_SUCCESS);
  g_assert_cmpint (m->timestamp, ==, 1762365852140000);
  galley_link_message_free (m);

  m = parse_ok (frame_auth_failed);
  g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_AUTH_FAILED);
  g_assert_cmpstr (m->error, ==, "Authentication failed");
  galley_link_message_free (m);

  m = parse_ok (frame_error_auth_required);
  g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_SERVER_ERROR);
  g_assert_cmpstr (m->type, ==, "error");
  g_assert_cmpstr (m->error, ==, "Authentication required");
  galley_link_message_free (m);

  m = parse_ok (frame_error_unknown_type);
  g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_SERVER_ERROR);
  g_assert_cmpstr (m->error, ==, "Unknown message type");
  g_assert_cmpint (m->timestamp, ==, 1762365900002000);
  galley_link_message_free (m);

  m = parse_ok (frame_invalid_format);
  g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_INVALID_FORMAT);
  g_assert_null (m->type);
  g_assert_cmpstr (m->error, ==, "Invalid message format");
  g_assert_cmpint (m->timestamp, ==, 0);
  galley_link_message_free (m);

  m = parse_ok (frame_pong);
  g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_PONG);
  g_assert_cmpint (m->timestamp, ==, 0);
  galley_link_message_free (m);

  m = parse_ok (frame_sync_complete);
  g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_SYNC_COMPLETE);
  g_assert_null (m->order);
  galley_link_message_free (m);

  m = parse_ok (frame_order_created);
  g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_ORDER_CREATED);
  g_assert_cmpstr (m->type, ==, "order:created");
  g_assert_cmpint (m->timestamp, ==, 1762365990431000);
  check_spec_order (m->order, FALSE);
  galley_link_message_free (m);

  m = parse_ok (frame_order_updated);
  g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_ORDER_UPDATED);
  g_assert_cmpint (m->timestamp, ==, 1762366142020000);
  check_spec_order (m->order, TRUE);
  galley_link_message_free (m);

  m = parse_ok (frame_table_status_updated);
  g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_TABLE_STATUS_UPDATED);
  g_assert_cmpstr (m->table_id, ==, "0b6d9f3e-8a41-4c52-9e77-1f2a3b4c5d6e");
  g_assert_cmpstr (m->table_status, ==, "paid");
  g_assert_cmpstr (m->table_number, ==, "7");
  g_assert_cmpint (m->timestamp, ==, 1762369964870000);
  galley_link_message_free (m);

  m = parse_ok (frame_order_status_changed);
  g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_ORDER_STATUS_CHANGED);
  g_assert_cmpstr (m->order_id, ==, ORDER_ID);
  g_assert_cmpint (m->status, ==, GALLEY_ORDER_STATUS_READY);
  g_assert_cmpint (m->previous_status, ==, GALLEY_ORDER_STATUS_PREPARING);
  g_assert_cmpint (m->timestamp, ==, 1762366491300000);
  g_assert_null (m->order);
  galley_link_message_free (m);

  m = parse_ok (frame_order_deleted);
  g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_ORDER_DELETED);
  g_assert_cmpstr (m->order_id, ==, ORDER_ID);
  galley_link_message_free (m);

  m = parse_ok (frame_order_item_status_changed);
  g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_ORDER_ITEM_STATUS_CHANGED);
  g_assert_cmpstr (m->order_id, ==, ORDER_ID);
  g_assert_cmpstr (m->item_id, ==, "line-1");
  g_assert_cmpstr (m->item_status, ==, "ready");
  galley_link_message_free (m);

  assert_no_live_objects ();
}

static void
test_message_variants (void)
{
  GalleyLinkMessage *m;
  g_autofree char *text = NULL;

  /* snake_case spellings */
  text = dq ("{'type':'order:status_changed','payload':{'order_id':'o-1','status':'picked-up',"
             "'previous_status':'ready','updated_by':'u'},'seq':12}");
  m = parse_ok (text);
  g_assert_cmpstr (m->order_id, ==, "o-1");
  g_assert_cmpint (m->status, ==, GALLEY_ORDER_STATUS_PICKED_UP);
  g_assert_cmpint (m->previous_status, ==, GALLEY_ORDER_STATUS_READY);
  g_assert_true (m->has_seq);
  g_assert_cmpint (m->seq, ==, 12);
  galley_link_message_free (m);
  g_free (text);

  /* previousStatus absent or unknown: UNKNOWN, not an error */
  text = dq ("{'type':'order:status_changed','payload':{'orderId':'o-1','status':'cancelled'}}");
  m = parse_ok (text);
  g_assert_cmpint (m->status, ==, GALLEY_ORDER_STATUS_CANCELLED);
  g_assert_cmpint (m->previous_status, ==, GALLEY_ORDER_STATUS_UNKNOWN);
  galley_link_message_free (m);
  g_free (text);

  text = dq ("{'type':'order:status_changed','payload':{'orderId':'o-1','status':'ready',"
             "'previousStatus':'simmering'}}");
  m = parse_ok (text);
  g_assert_cmpint (m->previous_status, ==, GALLEY_ORDER_STATUS_UNKNOWN);
  galley_link_message_free (m);
  g_free (text);

  text = dq ("{'type':'order:deleted','payload':{'order_id':'o-2'},'seq':0}");
  m = parse_ok (text);
  g_assert_cmpstr (m->order_id, ==, "o-2");
  g_assert_true (m->has_seq);
  g_assert_cmpint (m->seq, ==, 0);
  galley_link_message_free (m);
  g_free (text);

  text = dq ("{'type':'order:deleted','payload':{'id':'o-3'}}");
  m = parse_ok (text);
  g_assert_cmpstr (m->order_id, ==, "o-3");
  galley_link_message_free (m);
  g_free (text);

  text = dq ("{'type':'order:item_status_changed','payload':{'order_id':'o-4','item_id':'l-1',"
             "'status':'plated','previous_status':'cooking','updated_by':'u'}}");
  m = parse_ok (text);
  g_assert_cmpstr (m->order_id, ==, "o-4");
  g_assert_cmpstr (m->item_id, ==, "l-1");
  g_assert_cmpstr (m->item_status, ==, "plated");
  galley_link_message_free (m);
  g_free (text);

  /* table_number as a number; seq sent as 3.0 by JavaScript */
  text = dq ("{'type':'table:status_updated','payload':{'table_id':'t-1','status':'paid',"
             "'table_number':7,'label':'Table 7'},'seq':3.0}");
  m = parse_ok (text);
  g_assert_cmpstr (m->table_number, ==, "7");
  g_assert_cmpint (m->seq, ==, 3);
  galley_link_message_free (m);
  g_free (text);

  /* order:created whose payload is the order itself (upstream client behaviour) */
  {
    g_autoptr(JsonObject) row = row_new ("{'id':'o-5'}", NULL);
    g_autoptr(JsonObject) envelope = json_object_new ();
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

    json_object_set_string_member (envelope, "type", "order:created");
    json_object_set_object_member (envelope, "payload", json_object_ref (row));
    json_object_set_int_member (envelope, "seq", 41);
    json_object_set_string_member (envelope, "timestamp", "not a time");
    json_node_set_object (node, envelope);
    text = galley_json_to_string (node);
    m = parse_ok (text);
    g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_ORDER_CREATED);
    g_assert_cmpstr (galley_order_get_id (m->order), ==, "o-5");
    g_assert_cmpint (m->seq, ==, 41);
    g_assert_cmpint (m->timestamp, ==, 0);    /* unparsable: ignored */
    galley_link_message_free (m);
    g_free (text);

    /* ... which order:updated does not accept */
    json_object_set_string_member (envelope, "type", "order:updated");
    text = galley_json_to_string (node);
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (galley_link_message_parse (text, strlen (text), &error));
      g_assert_error (error, GALLEY_LINK_MESSAGE_ERROR, GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD);
    }
    g_free (text);
  }

  /* unknown types are no error; their payload is not looked at */
  text = dq ("{'type':'menu:updated','payload':'anything','seq':5}");
  m = parse_ok (text);
  g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_UNKNOWN);
  g_assert_cmpstr (m->type, ==, "menu:updated");
  g_assert_true (m->has_seq);
  galley_link_message_free (m);
  g_free (text);

  text = dq ("{'type':'order:cancelled','payload':{'orderId':'x'}}");
  m = parse_ok (text);
  g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_UNKNOWN);
  galley_link_message_free (m);
  g_free (text);

  /* unknown members are ignored; "seq": null is no seq */
  text = dq ("{'type':'pong','extra':{'deep':[1,2,3]},'seq':null,'timestamp':null}");
  m = parse_ok (text);
  g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_PONG);
  g_assert_false (m->has_seq);
  galley_link_message_free (m);
  g_clear_pointer (&text, g_free);

  /* an auth:failed without its text, an error without any */
  m = parse_ok ("{\"type\":\"auth:failed\"}");
  g_assert_null (m->error);
  galley_link_message_free (m);
  m = parse_ok ("{\"type\":\"error\",\"payload\":{}}");
  g_assert_null (m->error);
  galley_link_message_free (m);

  /* a frame of exactly the maximum size is accepted */
  {
    gsize size = GALLEY_LINK_MESSAGE_MAX_SIZE;
    char *big = g_malloc (size);

    memset (big, ' ', size);
    memcpy (big, "{\"type\":\"pong\"}", 15);
    {
      g_autoptr(GError) error = NULL;

      m = galley_link_message_parse (big, size, &error);
      g_assert_no_error (error);
      g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_PONG);
      galley_link_message_free (m);
    }
    g_free (big);
  }

  /* nesting up to the limit is fine */
  {
    g_autoptr(GString) nested = g_string_new ("{\"type\":\"x\",\"payload\":");

    for (guint i = 0; i < 63; i++)
      g_string_append_c (nested, '[');
    for (guint i = 0; i < 63; i++)
      g_string_append_c (nested, ']');
    g_string_append (nested, ",\"s\":\"[[[[\\\"{{{{\"}");
    m = parse_ok (nested->str);
    g_assert_cmpint (m->kind, ==, GALLEY_LINK_MESSAGE_UNKNOWN);
    galley_link_message_free (m);
  }

  assert_no_live_objects ();
}

typedef struct
{
  const char             *name;
  const char             *frame;     /* ' for " */
  GalleyLinkMessageError  code;
} Malformed;

#define CREATED(row) "{'type':'order:created','payload':{'order':" row "}}"
#define ROW_HEAD "'restaurant_id':'r','order_number':'20251105-0001','type':'online'," \
                 "'created_at':'2025-11-05T18:06:30Z','updated_at':'2025-11-05T18:06:30Z'"
#define ITEM(fields) "{'id':'o'," ROW_HEAD ",'items':[{'id':'l','menu_item_id':'m'," fields "}]}"
#define GOOD_ITEM "'name':'n','quantity':1,'price':1"

static const Malformed malformed[] = {
  { "not JSON", "hello", GALLEY_LINK_MESSAGE_ERROR_NOT_JSON },
  { "empty", "", GALLEY_LINK_MESSAGE_ERROR_NOT_JSON },
  { "whitespace", "   ", GALLEY_LINK_MESSAGE_ERROR_NOT_JSON },
  { "truncated object", "{'type':'pong'", GALLEY_LINK_MESSAGE_ERROR_NOT_JSON },
  { "truncated string", "{'type':'po", GALLEY_LINK_MESSAGE_ERROR_NOT_JSON },
  { "trailing comma", "{'type':'pong',}", GALLEY_LINK_MESSAGE_ERROR_NOT_JSON },
  { "trailing garbage", "{'type':'pong'} x", GALLEY_LINK_MESSAGE_ERROR_NOT_JSON },
  { "comment", "{'type':'pong'/* hi */}", GALLEY_LINK_MESSAGE_ERROR_NOT_JSON },
  { "bare word", "{type:'pong'}", GALLEY_LINK_MESSAGE_ERROR_NOT_JSON },
  /* json-glib 1.6 would keep the last of these values and leak the others */
  { "two objects", "{'type':'order:created'}{'type':'pong'}", GALLEY_LINK_MESSAGE_ERROR_NOT_JSON },
  { "two arrays", "[1] [2]", GALLEY_LINK_MESSAGE_ERROR_NOT_JSON },
  { "number, object", "9{'error':'Invalid message format'}", GALLEY_LINK_MESSAGE_ERROR_NOT_JSON },
  { "string, object", "'x' {'type':'pong'}", GALLEY_LINK_MESSAGE_ERROR_NOT_JSON },
  { "object, string", "{'type':'pong'}'x'", GALLEY_LINK_MESSAGE_ERROR_NOT_JSON },
  { "array", "[{'type':'pong'}]", GALLEY_LINK_MESSAGE_ERROR_NOT_OBJECT },
  { "string", "'pong'", GALLEY_LINK_MESSAGE_ERROR_NOT_OBJECT },
  { "number", "42", GALLEY_LINK_MESSAGE_ERROR_NOT_OBJECT },
  { "null", "null", GALLEY_LINK_MESSAGE_ERROR_NOT_OBJECT },
  { "true", "true", GALLEY_LINK_MESSAGE_ERROR_NOT_OBJECT },
  { "no type", "{}", GALLEY_LINK_MESSAGE_ERROR_NO_TYPE },
  { "type number", "{'type':3}", GALLEY_LINK_MESSAGE_ERROR_NO_TYPE },
  { "type null", "{'type':null}", GALLEY_LINK_MESSAGE_ERROR_NO_TYPE },
  { "type object", "{'type':{'name':'pong'}}", GALLEY_LINK_MESSAGE_ERROR_NO_TYPE },
  { "type array", "{'type':['pong']}", GALLEY_LINK_MESSAGE_ERROR_NO_TYPE },
  { "other error, no type", "{'error':'Something else'}", GALLEY_LINK_MESSAGE_ERROR_NO_TYPE },
  { "invalid format with type null", "{'type':null,'error':'Invalid message format'}",
    GALLEY_LINK_MESSAGE_ERROR_NO_TYPE },
  { "created, payload string", "{'type':'order:created','payload':'o'}",
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "created, payload array", "{'type':'order:created','payload':[]}",
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "created, payload null", "{'type':'order:created','payload':null}",
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "created, payload missing", "{'type':'order:created'}",
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "created, payload empty", "{'type':'order:created','payload':{}}",
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "created, order string", "{'type':'order:created','payload':{'order':'o'}}",
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "updated, order null", "{'type':'order:updated','payload':{'order':null}}",
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "order id missing", CREATED ("{" ROW_HEAD ",'items':[]}"),
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "order id empty", CREATED ("{'id':''," ROW_HEAD ",'items':[]}"),
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "order id number", CREATED ("{'id':7," ROW_HEAD ",'items':[]}"),
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "items not an array", CREATED ("{'id':'o'," ROW_HEAD ",'items':{}}"),
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "items missing", CREATED ("{'id':'o'," ROW_HEAD "}"), GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "quantity 0", CREATED (ITEM ("'name':'n','quantity':0,'price':1")),
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "quantity '2'", CREATED (ITEM ("'name':'n','quantity':'2','price':1")),
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "quantity -1", CREATED (ITEM ("'name':'n','quantity':-1,'price':1")),
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "price negative", CREATED (ITEM ("'name':'n','quantity':1,'price':-1")),
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "price string", CREATED (ITEM ("'name':'n','quantity':1,'price':'1'")),
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "created_at missing",
    CREATED ("{'id':'o','restaurant_id':'r','order_number':'1','type':'online',"
             "'updated_at':'2025-11-05T18:06:30Z','items':[]}"),
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "created_at garbage",
    CREATED ("{'id':'o','restaurant_id':'r','order_number':'1','type':'online',"
             "'created_at':'garbage','updated_at':'2025-11-05T18:06:30Z','items':[]}"),
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "status a number", CREATED ("{'id':'o'," ROW_HEAD ",'items':[],'status':5}"),
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "version a string", CREATED ("{'id':'o'," ROW_HEAD ",'items':[],'version':'2'}"),
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "money a string", CREATED ("{'id':'o'," ROW_HEAD ",'items':[],'total_amount':'15.12'}"),
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "deleted without id", "{'type':'order:deleted','payload':{}}",
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "deleted, empty id", "{'type':'order:deleted','payload':{'orderId':''}}",
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "deleted, id number", "{'type':'order:deleted','payload':{'orderId':5}}",
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "deleted, no payload", "{'type':'order:deleted'}", GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "status_changed without orderId",
    "{'type':'order:status_changed','payload':{'status':'ready'}}",
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "status_changed, unknown status",
    "{'type':'order:status_changed','payload':{'orderId':'o','status':'done'}}",
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "status_changed, status number",
    "{'type':'order:status_changed','payload':{'orderId':'o','status':4}}",
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "status_changed, status missing",
    "{'type':'order:status_changed','payload':{'orderId':'o'}}",
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "status_changed, previousStatus number",
    "{'type':'order:status_changed','payload':{'orderId':'o','status':'ready',"
    "'previousStatus':3}}", GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "item_status_changed without itemId",
    "{'type':'order:item_status_changed','payload':{'orderId':'o','status':'ready'}}",
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "item_status_changed without status",
    "{'type':'order:item_status_changed','payload':{'orderId':'o','itemId':'l'}}",
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "table without table_id", "{'type':'table:status_updated','payload':{'status':'paid'}}",
    GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "table number an object",
    "{'type':'table:status_updated','payload':{'table_id':'t','status':'paid',"
    "'table_number':{}}}", GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "seq 1.5", "{'type':'pong','seq':1.5}", GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "seq '3'", "{'type':'pong','seq':'3'}", GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
  { "seq true", "{'type':'menu:updated','seq':true}", GALLEY_LINK_MESSAGE_ERROR_BAD_PAYLOAD },
};

static void
assert_rejected (const char             *name,
                 const char             *data,
                 gsize                   length,
                 GalleyLinkMessageError  code)
{
  g_autoptr(GError) error = NULL;
  GalleyLinkMessage *message = galley_link_message_parse (data, length, &error);

  if (message != NULL)
    g_error ("%s: accepted as %s", name, galley_link_message_kind_name (message->kind));
  g_assert_nonnull (error);
  g_assert_true (error->domain == GALLEY_LINK_MESSAGE_ERROR);
  if (error->code != (int) code)
    g_error ("%s: error %d (%s), expected %d", name, error->code, error->message, code);
}

static void
test_message_malformed (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  char *big;

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *frame = dq (malformed[i].frame);

      assert_rejected (malformed[i].name, frame, strlen (frame), malformed[i].code);
    }

  /* single quotes are not JSON (json-glib would take them) */
  assert_rejected ("single quotes", "{'type':'pong'}", 15, GALLEY_LINK_MESSAGE_ERROR_NOT_JSON);

  /* a spec frame cut short, at several places */
  for (gsize cut = 1; cut < strlen (frame_order_created); cut += 97)
    assert_rejected ("truncated order:created", frame_order_created, cut,
                     GALLEY_LINK_MESSAGE_ERROR_NOT_JSON);

  /* a NUL byte in the middle, invalid UTF-8 */
  assert_rejected ("NUL byte", "{\"type\":\"po\0ng\"}", 16, GALLEY_LINK_MESSAGE_ERROR_NOT_JSON);
  assert_rejected ("invalid UTF-8", "{\"type\":\"p\xffong\"}", 16,
                   GALLEY_LINK_MESSAGE_ERROR_NOT_JSON);
  assert_rejected ("overlong UTF-8", "{\"type\":\"\xc0\xafpong\"}", 17,
                   GALLEY_LINK_MESSAGE_ERROR_NOT_JSON);

  /* deep nesting: json-glib would recurse until the stack overflows */
  g_string_append (deep, "{\"type\":\"x\",\"payload\":");
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  assert_rejected ("deep nesting", deep->str, deep->len, GALLEY_LINK_MESSAGE_ERROR_NOT_JSON);
  g_string_assign (deep, "{\"type\":\"x\",\"payload\":");
  for (guint i = 0; i < 64; i++)
    g_string_append_c (deep, '{');
  assert_rejected ("65 levels", deep->str, deep->len, GALLEY_LINK_MESSAGE_ERROR_NOT_JSON);

  /* over 1 MiB: rejected before parsing, even if it would be valid */
  big = g_malloc (GALLEY_LINK_MESSAGE_MAX_SIZE + 1);
  memset (big, ' ', GALLEY_LINK_MESSAGE_MAX_SIZE + 1);
  memcpy (big, "{\"type\":\"pong\"}", 15);
  assert_rejected ("oversized", big, GALLEY_LINK_MESSAGE_MAX_SIZE + 1,
                   GALLEY_LINK_MESSAGE_ERROR_TOO_LARGE);
  g_free (big);

  g_assert_cmpuint (G_N_ELEMENTS (malformed) + 8, >=, 30);
  assert_no_live_objects ();
}

static void
test_message_kind_names (void)
{
  static const struct {
    GalleyLinkMessageKind  kind;
    const char            *name;
  } names[] = {
    { GALLEY_LINK_MESSAGE_UNKNOWN, "unknown" },
    { GALLEY_LINK_MESSAGE_CONNECTED, "connected" },
    { GALLEY_LINK_MESSAGE_AUTH_SUCCESS, "auth:success" },
    { GALLEY_LINK_MESSAGE_AUTH_FAILED, "auth:failed" },
    { GALLEY_LINK_MESSAGE_SERVER_ERROR, "error" },
    { GALLEY_LINK_MESSAGE_INVALID_FORMAT, "invalid-format" },
    { GALLEY_LINK_MESSAGE_PONG, "pong" },
    { GALLEY_LINK_MESSAGE_SYNC_COMPLETE, "sync_complete" },
    { GALLEY_LINK_MESSAGE_ORDER_CREATED, "order:created" },
    { GALLEY_LINK_MESSAGE_ORDER_UPDATED, "order:updated" },
    { GALLEY_LINK_MESSAGE_ORDER_DELETED, "order:deleted" },
    { GALLEY_LINK_MESSAGE_ORDER_STATUS_CHANGED, "order:status_changed" },
    { GALLEY_LINK_MESSAGE_ORDER_ITEM_STATUS_CHANGED, "order:item_status_changed" },
    { GALLEY_LINK_MESSAGE_TABLE_STATUS_UPDATED, "table:status_updated" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpstr (galley_link_message_kind_name (names[i].kind), ==, names[i].name);

  galley_link_message_free (NULL);
}

static void
test_leak_loop (void)
{
  guint n = galley_test_iterations (10000);

  for (guint i = 0; i < n; i++)
    for (guint f = 0; f < G_N_ELEMENTS (spec_frames); f++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GalleyLinkMessage) message =
          galley_link_message_parse (spec_frames[f], strlen (spec_frames[f]), &error);

        g_assert_no_error (error);
        g_assert_nonnull (message);
      }

  assert_no_live_objects ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();
  galley_test_track_type (GALLEY_TYPE_ORDER);
  galley_test_track_type (GALLEY_TYPE_ORDER_ITEM);

  g_test_add_func ("/orders/order-item/basic", test_item_basic);
  g_test_add_func ("/orders/order-item/modifiers-objects", test_item_modifiers_objects);
  g_test_add_func ("/orders/order-item/modifiers-strings", test_item_modifiers_strings);
  g_test_add_func ("/orders/order-item/modifications", test_item_modifications);
  g_test_add_func ("/orders/order-item/notes", test_item_notes);
  g_test_add_func ("/orders/order-item/limits", test_item_limits);
  g_test_add_func ("/orders/order-item/invalid", test_item_invalid);
  g_test_add_func ("/orders/order-item/status", test_item_status);
  g_test_add_func ("/orders/order-item/equal", test_item_equal);
  g_test_add_func ("/orders/modifier/classify", test_classify);
  g_test_add_func ("/orders/order/spec-rows", test_order_spec_rows);
  g_test_add_func ("/orders/order/properties", test_order_properties);
  g_test_add_func ("/orders/order/nulls-and-defaults", test_order_nulls_and_defaults);
  g_test_add_func ("/orders/order/limits", test_order_limits);
  g_test_add_func ("/orders/order/invalid", test_order_invalid);
  g_test_add_func ("/orders/order/text-like-tree", test_order_text_like_tree);
  g_test_add_func ("/orders/order/kind", test_order_kind);
  g_test_add_func ("/orders/order/display-number", test_order_display_number);
  g_test_add_func ("/orders/order/rush-and-ref", test_order_rush_and_ref);
  g_test_add_func ("/orders/order/update-from", test_order_update_from);
  g_test_add_func ("/orders/order/update-items", test_order_update_items);
  g_test_add_func ("/orders/order/set-status", test_order_set_status);
  g_test_add_func ("/orders/order/is-newer-than", test_order_is_newer_than);
  g_test_add_func ("/net/link-message/spec-frames", test_message_spec_frames);
  g_test_add_func ("/net/link-message/variants", test_message_variants);
  g_test_add_func ("/net/link-message/malformed", test_message_malformed);
  g_test_add_func ("/net/link-message/kind-names", test_message_kind_names);
  g_test_add_func ("/net/link-message/leak-loop", test_leak_loop);

  return g_test_run ();
}
