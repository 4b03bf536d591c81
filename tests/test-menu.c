/* test-menu.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyMenu, GalleyMenuItem, GalleyMenuCategory and GalleyStationRouter. The demo menu is
 * fetched from the in-process demo server through the real REST client over loopback HTTP;
 * answers the demo server cannot give (not JSON, the wrong shape) come from a small raw
 * HTTP responder in this file. Every wait is bounded; every test ends with the leak gates.
 */
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <string.h>

#include <libsoup/soup.h>

#include "demo/galley-demo-menu.h"
#include "demo/galley-demo-server.h"
#include "kitchen/galley-station-router.h"
#include "menu/galley-menu.h"
#include "net/galley-net-session.h"
#include "net/galley-rest-client.h"
#include "util/galley-json.h"

#include "galley-testutil.h"

#define SCHEMA      "io.github.galleypos.Galley"
#define WAIT_MS     20000
#define REST_DOMAIN "galley-rest-client"
#define MENU_DOMAIN "galley-menu"
#define ROUTER_DOMAIN "galley-station-router"
#define N_DEMO_ITEMS      44
#define N_DEMO_CATEGORIES 7

/* ================================================================== helpers */

static JsonObject *
demo_menu_json (void)
{
  JsonObject *menu = json_object_new ();

  json_object_set_array_member (menu, "categories", galley_demo_menu_build_categories ());
  json_object_set_array_member (menu, "items",
                                galley_demo_menu_build_items (G_GINT64_CONSTANT (1762365600000000)));

  return menu;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = galley_json_parse_object (text, -1, &error);

  g_assert_no_error (error);

  return object;
}

/* The demo item with external id @id, in the JSON of @menu. */
static JsonObject *
find_json_item (JsonObject *menu,
                const char *id)
{
  JsonArray *items = json_object_get_array_member (menu, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "id"), id) == 0)
        return item;
    }

  g_assert_not_reached ();
}

static guint
find_json_index (JsonObject *menu,
                 const char *id)
{
  JsonArray *items = json_object_get_array_member (menu, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i),
                                                  "id"), id) == 0)
      return i;

  g_assert_not_reached ();
}

/* A deep copy, so that a test can change a menu the GalleyMenu still refers to. */
static JsonObject *
copy_object (JsonObject *object)
{
  g_autofree char *text = galley_json_object_to_string (object);

  return parse_object (text);
}

static guint
position_of (GListModel *model,
             gpointer    item)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) held = g_list_model_get_item (model, i);

      if (held == item)
        return i;
    }

  return G_MAXUINT;
}

/* What a model and a menu emitted. */
typedef struct
{
  guint items_changed;
  guint position, removed, added;
  guint categories_changed;
  guint cat_position, cat_removed, cat_added;
  guint changed;
  guint loaded_at_notifies;
} Events;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Events     *ev)
{
  ev->items_changed++;
  ev->position = position;
  ev->removed = removed;
  ev->added = added;
}

static void
categories_changed_cb (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       Events     *ev)
{
  ev->categories_changed++;
  ev->cat_position = position;
  ev->cat_removed = removed;
  ev->cat_added = added;
}

static void
count_cb (gpointer  source,
          guint    *count)
{
  (*count)++;
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
watch_menu (GalleyMenu *menu,
            Events     *ev)
{
  g_signal_connect (menu, "items-changed", G_CALLBACK (items_changed_cb), ev);
  g_signal_connect (galley_menu_get_categories (menu), "items-changed",
                    G_CALLBACK (categories_changed_cb), ev);
  g_signal_connect (menu, "changed", G_CALLBACK (count_cb), &ev->changed);
  g_signal_connect (menu, "notify::loaded-at", G_CALLBACK (notify_count_cb),
                    &ev->loaded_at_notifies);
}

static void
unwatch_menu (GalleyMenu *menu,
              Events     *ev)
{
  g_assert_cmpuint (g_signal_handlers_disconnect_by_data (menu, ev), ==, 1);
  g_assert_cmpuint (g_signal_handlers_disconnect_by_data (menu, &ev->changed), ==, 1);
  g_assert_cmpuint (g_signal_handlers_disconnect_by_data (menu, &ev->loaded_at_notifies), ==, 1);
  g_assert_cmpuint (g_signal_handlers_disconnect_by_data (galley_menu_get_categories (menu), ev),
                    ==, 1);
}

static void
assert_user_message (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "The menu could not be loaded: ") ||
                 g_str_has_prefix (error->message, "The saved menu") ||
                 g_str_has_prefix (error->message, "There is no saved menu") ||
                 g_str_has_prefix (error->message, "This terminal keeps no copy"));
  /* a sentence, not a library's words */
  g_assert_true (g_str_has_suffix (error->message, "."));
  g_assert_null (strstr (error->message, "HTTP"));
  g_assert_null (strstr (error->message, "JSON"));
}

/* ================================================================== raw responder */

/* Answers every request with one canned response (for answers the demo server cannot
 * give: not JSON, the wrong shape). */
typedef struct
{
  GSocketService *service;
  guint           port;
  guint           hits;
  guint           open;
  GBytes         *response;
} RawServer;

typedef struct
{
  RawServer         *raw;
  GSocketConnection *conn;
  GString           *in;
  guint8             buf[4096];
} RawConn;

static void
raw_conn_free (RawConn *rc)
{
  /* NULL error: the peer may have closed first; the fd is closed either way */
  g_io_stream_close (G_IO_STREAM (rc->conn), NULL, NULL);
  g_object_unref (rc->conn);
  g_string_free (rc->in, TRUE);
  rc->raw->open--;
  g_free (rc);
}

static void
raw_written_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  /* NULL error: a client that gave up early breaks the pipe; nothing to do about it */
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  raw_conn_free (user_data);
}

static void
raw_read_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RawConn *rc = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      raw_conn_free (rc);
      return;
    }

  g_string_append_len (rc->in, (const char *) rc->buf, n);
  if (strstr (rc->in->str, "\r\n\r\n") == NULL)    /* GET: no body */
    {
      g_input_stream_read_async (G_INPUT_STREAM (source), rc->buf, sizeof rc->buf,
                                 G_PRIORITY_DEFAULT, NULL, raw_read_cb, rc);
      return;
    }

  rc->raw->hits++;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (rc->conn)),
                                   g_bytes_get_data (rc->raw->response, NULL),
                                   g_bytes_get_size (rc->raw->response), G_PRIORITY_DEFAULT,
                                   NULL, raw_written_cb, rc);
}

static gboolean
raw_incoming_cb (GSocketService    *service,
                 GSocketConnection *connection,
                 GObject           *source_object,
                 RawServer         *raw)
{
  RawConn *rc = g_new0 (RawConn, 1);

  rc->raw = raw;
  rc->conn = g_object_ref (connection);
  rc->in = g_string_new (NULL);
  raw->open++;
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)), rc->buf,
                             sizeof rc->buf, G_PRIORITY_DEFAULT, NULL, raw_read_cb, rc);

  return TRUE;
}

static RawServer *
raw_server_new (void)
{
  RawServer *raw = g_new0 (RawServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  raw->service = g_socket_service_new ();
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (raw->service), address,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &effective, &error));
  g_assert_no_error (error);
  raw->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (raw->service, "incoming", G_CALLBACK (raw_incoming_cb), raw);
  g_socket_service_start (raw->service);

  return raw;
}

static void
raw_respond (RawServer  *raw,
             const char *body)
{
  g_autofree char *text =
    g_strdup_printf ("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json"
                     "\r\nContent-Length: %zu\r\n\r\n%s", strlen (body), body);

  g_clear_pointer (&raw->response, g_bytes_unref);
  raw->response = g_bytes_new (text, strlen (text));
}

static gboolean
raw_idle (gpointer data)
{
  return ((RawServer *) data)->open == 0;
}

static void
raw_server_free (RawServer *raw)
{
  g_assert_true (galley_test_spin_until (raw_idle, raw, WAIT_MS));
  g_socket_service_stop (raw->service);
  g_socket_listener_close (G_SOCKET_LISTENER (raw->service));
  g_object_unref (raw->service);
  g_clear_pointer (&raw->response, g_bytes_unref);
  g_free (raw);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawServer, raw_server_free)

/* ================================================================== fixture */

typedef struct
{
  GalleyDemoServer *server;
  GalleyNetSession *session;
  char             *base_url;
  char             *dir;        /* a fresh directory for cache files */
  GSettingsBackend *backend;    /* a private memory backend: nothing leaks between tests */
  GSettings        *settings;
} Fixture;

static gboolean
no_net_objects (gpointer data)
{
  return galley_test_tracked_count (SOUP_TYPE_MESSAGE) == 0 &&
         galley_test_tracked_count (G_TYPE_CANCELLABLE) == 0;
}

static gboolean
no_messages (gpointer data)
{
  return galley_test_tracked_count (SOUP_TYPE_MESSAGE) == 0;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = galley_demo_server_new ();
  g_object_set (f->server, "port", 0, "seed", (gint64) 1234, "rate", 0.0,
                "virtual-clock", TRUE, NULL);
  g_assert_true (galley_demo_server_start (f->server, &error));
  g_assert_no_error (error);
  f->base_url = galley_demo_server_dup_base_url (f->server);
  f->session = galley_net_session_new ();
  f->dir = g_dir_make_tmp ("galley-test-menu-XXXXXX", &error);
  g_assert_no_error (error);
  f->backend = g_memory_settings_backend_new ();
  f->settings = g_settings_new_with_backend (SCHEMA, f->backend);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&f->settings));
  g_assert_finalize_object (g_steal_pointer (&f->backend));
  g_assert_finalize_object (g_steal_pointer (&f->session));
  galley_demo_server_stop (f->server);
  g_assert_finalize_object (g_steal_pointer (&f->server));
  g_free (f->base_url);
  galley_test_remove_dir (f->dir);
  g_free (f->dir);

  g_assert_true (galley_test_spin_until (no_net_objects, NULL, WAIT_MS));
  galley_test_assert_tracked (GALLEY_TYPE_MENU, 0);
  galley_test_assert_tracked (GALLEY_TYPE_MENU_ITEM, 0);
  galley_test_assert_tracked (GALLEY_TYPE_MENU_CATEGORY, 0);
  galley_test_assert_tracked (GALLEY_TYPE_STATION_ROUTER, 0);
  galley_test_assert_tracked (GALLEY_TYPE_REST_CLIENT, 0);
  galley_test_assert_tracked (GALLEY_TYPE_ORDER, 0);
  galley_test_assert_tracked (GALLEY_TYPE_ORDER_ITEM, 0);
  g_assert_cmpuint (galley_test_count_sources ("galley-"), ==, 0);
}

static GalleyRestClient *
new_client (Fixture    *f,
            const char *base_url)
{
  GalleyRestClient *client = galley_rest_client_new (f->session);

  galley_rest_client_set_base_url (client, base_url != NULL ? base_url : f->base_url);
  galley_rest_client_set_restaurant_id (client, GALLEY_DEMO_RESTAURANT_ID);
  galley_rest_client_set_retry_delay (client, 10);

  return client;
}

typedef struct
{
  guint         calls;
  GObject      *source;
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *w = user_data;

  w->calls++;
  w->source = source;
  g_set_object (&w->result, result);
}

static gboolean
wait_called (gpointer data)
{
  return ((Wait *) data)->calls > 0;
}

/* Loads @menu from @client and waits for the answer. */
static gboolean
load (GalleyMenu        *menu,
      GalleyRestClient  *client,
      GError           **error)
{
  Wait w = { 0 };
  gboolean ok;

  galley_menu_load_async (menu, client, NULL, wait_cb, &w);
  g_assert_true (galley_menu_get_loading (menu));
  g_assert_true (galley_test_spin_until (wait_called, &w, WAIT_MS));
  g_assert_cmpuint (w.calls, ==, 1);
  g_assert_null (w.source);
  ok = galley_menu_load_finish (menu, w.result, error);
  g_clear_object (&w.result);
  g_assert_false (galley_menu_get_loading (menu));

  return ok;
}

/* ================================================================== menu: parsing */

static void
test_menu_demo (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GalleyRestClient) client = new_client (f, NULL);
  g_autoptr(GalleyMenu) menu = galley_menu_new (NULL);
  g_autoptr(GError) error = NULL;
  GListModel *categories = galley_menu_get_categories (menu);
  static const char * const slugs[] = {
    "starters", "burgers", "mains", "bowls", "sides", "desserts", "drinks",
  };
  Events ev = { 0 };
  int last_order = G_MININT;
  gint64 before = g_get_real_time ();

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (menu)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (menu)) == GALLEY_TYPE_MENU_ITEM);
  g_assert_cmpint (galley_menu_get_loaded_at (menu), ==, 0);

  watch_menu (menu, &ev);
  g_assert_true (load (menu, client, &error));
  g_assert_no_error (error);

  /* one items-changed per model, one changed */
  g_assert_cmpuint (ev.items_changed, ==, 1);
  g_assert_cmpuint (ev.position, ==, 0);
  g_assert_cmpuint (ev.removed, ==, 0);
  g_assert_cmpuint (ev.added, ==, N_DEMO_ITEMS);
  g_assert_cmpuint (ev.categories_changed, ==, 1);
  g_assert_cmpuint (ev.cat_added, ==, N_DEMO_CATEGORIES);
  g_assert_cmpuint (ev.changed, ==, 1);
  g_assert_cmpuint (ev.loaded_at_notifies, ==, 1);
  unwatch_menu (menu, &ev);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (menu)), ==, N_DEMO_ITEMS);
  g_assert_cmpuint (galley_menu_get_n_skipped_items (menu), ==, 0);
  g_assert_cmpuint (galley_menu_get_n_skipped_categories (menu), ==, 0);
  g_assert_false (galley_menu_get_from_cache (menu));
  g_assert_cmpint (galley_menu_get_loaded_at (menu), >=, before);
  g_assert_cmpint (galley_menu_get_loaded_at (menu), <=, g_get_real_time ());

  /* categories in display order */
  g_assert_cmpuint (g_list_model_get_n_items (categories), ==, N_DEMO_CATEGORIES);
  for (guint i = 0; i < N_DEMO_CATEGORIES; i++)
    {
      g_autoptr(GalleyMenuCategory) category = g_list_model_get_item (categories, i);

      g_assert_cmpstr (galley_menu_category_get_slug (category), ==, slugs[i]);
      g_assert_cmpint (galley_menu_category_get_display_order (category), ==, (int) i + 1);
      g_assert_nonnull (galley_menu_category_get_description (category));
      g_assert_true (galley_menu_lookup_category (menu, galley_menu_category_get_id (category))
                     == category);
    }

  /* items by category display order, then name */
  for (guint i = 0; i < N_DEMO_ITEMS; i++)
    {
      g_autoptr(GalleyMenuItem) item = g_list_model_get_item (G_LIST_MODEL (menu), i);
      GalleyMenuCategory *category = galley_menu_get_item_category (menu, item);
      int order;

      g_assert_nonnull (category);
      order = galley_menu_category_get_display_order (category);
      g_assert_cmpint (order, >=, last_order);
      if (i > 0 && order == last_order)
        {
          g_autoptr(GalleyMenuItem) previous = g_list_model_get_item (G_LIST_MODEL (menu), i - 1);

          g_assert_cmpint (g_utf8_collate (galley_menu_item_get_name (previous),
                                           galley_menu_item_get_name (item)), <, 0);
        }
      last_order = order;
    }
  {
    g_autoptr(GalleyMenuItem) first = g_list_model_get_item (G_LIST_MODEL (menu), 0);
    g_autoptr(GalleyMenuItem) last = g_list_model_get_item (G_LIST_MODEL (menu),
                                                            N_DEMO_ITEMS - 1);

    g_assert_cmpstr (galley_menu_item_get_name (first), ==, "Buffalo Wings");
    g_assert_cmpstr (galley_menu_item_get_name (last), ==, "Vanilla Milkshake");
  }

  galley_test_assert_tracked (GALLEY_TYPE_MENU_ITEM, N_DEMO_ITEMS);
  g_assert_finalize_object (g_steal_pointer (&menu));
  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_menu_item_fields (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GalleyRestClient) client = new_client (f, NULL);
  g_autoptr(GalleyMenu) menu = galley_menu_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = galley_demo_menu_uuid ("item", "burger-classic");
  g_autofree char *category_uuid = galley_demo_menu_uuid ("category", "burgers");
  const GalleyMenuModifierGroup *group, *found_group = NULL;
  const GalleyMenuModifierOption *option;
  GalleyMenuItem *burger, *fish;
  g_autofree char *id = NULL, *menu_item_id = NULL, *category_id = NULL, *name = NULL;
  g_autofree char *description = NULL;
  g_auto (GStrv) aliases = NULL, dietary = NULL, allergens = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(JsonObject) json = NULL;
  gint64 price;
  gboolean available;
  int prep;

  g_assert_true (load (menu, client, &error));
  g_assert_no_error (error);

  burger = galley_menu_lookup_item (menu, "burger-classic");
  g_assert_nonnull (burger);

  /* every field is a property too */
  g_object_get (burger, "id", &id, "menu-item-id", &menu_item_id, "category-id", &category_id,
                "name", &name, "description", &description, "price", &price,
                "available", &available, "aliases", &aliases, "dietary-flags", &dietary,
                "allergens", &allergens, "prep-time-minutes", &prep,
                "modifier-groups", &groups, "json", &json, NULL);
  g_assert_cmpstr (id, ==, "burger-classic");
  g_assert_cmpstr (menu_item_id, ==, uuid);
  g_assert_cmpstr (category_id, ==, category_uuid);
  g_assert_cmpstr (name, ==, "Classic Burger");
  g_assert_cmpstr (description, ==, "Cheddar, lettuce, tomato, onion");
  g_assert_cmpint (price, ==, 1300);
  g_assert_true (available);
  g_assert_true (g_strv_contains ((const char * const *) aliases, "cheeseburger"));
  g_assert_cmpuint (g_strv_length (aliases), ==, 3);
  g_assert_cmpuint (g_strv_length (dietary), ==, 0);
  g_assert_cmpstrv (allergens, ((const char * const[]) { "gluten", "dairy", NULL }));
  g_assert_true (galley_menu_item_has_allergens (burger));
  g_assert_cmpint (prep, ==, 12);
  g_assert_cmpuint (groups->len, ==, 4);
  g_assert_true (json == galley_menu_item_get_json (burger));
  g_assert_cmpstr (json_object_get_string_member (json, "updated_at"), !=, NULL);

  /* modifier groups with their limits and priced options */
  g_assert_cmpuint (galley_menu_item_get_n_modifier_groups (burger), ==, 4);
  group = galley_menu_item_get_modifier_group (burger, 0);
  g_assert_true (group == g_ptr_array_index (groups, 0));
  g_assert_cmpstr (group->id, ==, "grp-temperature");
  g_assert_cmpstr (group->name, ==, "Temperature");
  g_assert_true (group->required);
  g_assert_cmpuint (group->min, ==, 1);
  g_assert_cmpint (group->max, ==, 1);
  g_assert_cmpuint (group->n_options, ==, 4);
  g_assert_cmpstr (group->options[1].name, ==, "Medium rare");
  g_assert_nonnull (group->json);
  group = galley_menu_item_get_modifier_group (burger, 1);
  g_assert_cmpstr (group->id, ==, "grp-burger-extras");
  g_assert_false (group->required);
  g_assert_cmpuint (group->min, ==, 0);
  g_assert_cmpint (group->max, ==, 3);
  option = galley_menu_item_find_option (burger, "mod-double-patty", &found_group);
  g_assert_nonnull (option);
  g_assert_true (found_group == group);
  g_assert_cmpstr (option->name, ==, "Double patty");
  g_assert_cmpint (option->price, ==, 350);
  g_assert_null (galley_menu_item_find_option (burger, "mod-oat-milk", &found_group));
  g_assert_null (found_group);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (galley_menu_item_get_modifiers_json (burger)));

  /* the 86'd item is there, marked */
  fish = galley_menu_lookup_item (menu, "burger-fish");
  g_assert_nonnull (fish);
  g_assert_false (galley_menu_item_get_available (fish));

  /* an item without modifiers */
  g_assert_cmpuint (galley_menu_item_get_n_modifier_groups (
                      galley_menu_lookup_item (menu, "starter-calamari")), ==, 0);

  g_clear_pointer (&groups, g_ptr_array_unref);
  g_clear_pointer (&json, json_object_unref);
  g_assert_finalize_object (g_steal_pointer (&menu));
  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_menu_lookups (void)
{
  g_autoptr(GalleyMenu) menu = galley_menu_new (NULL);
  g_autoptr(JsonObject) json = demo_menu_json ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = galley_demo_menu_uuid ("item", "burger-classic");
  g_autofree char *category_uuid = galley_demo_menu_uuid ("category", "burgers");
  GalleyMenuItem *burger;

  g_assert_true (galley_menu_load_json (menu, json, &error));
  g_assert_no_error (error);

  /* by either id; each explicit lookup only by its own */
  burger = galley_menu_lookup_item_by_id (menu, "burger-classic");
  g_assert_nonnull (burger);
  g_assert_true (galley_menu_lookup_item_by_menu_item_id (menu, uuid) == burger);
  g_assert_true (galley_menu_lookup_item (menu, "burger-classic") == burger);
  g_assert_true (galley_menu_lookup_item (menu, uuid) == burger);
  g_assert_null (galley_menu_lookup_item_by_id (menu, uuid));
  g_assert_null (galley_menu_lookup_item_by_menu_item_id (menu, "burger-classic"));
  g_assert_null (galley_menu_lookup_item (menu, "burger-nonexistent"));
  g_assert_null (galley_menu_lookup_item (menu, NULL));

  /* names and aliases, ignoring case, accents and spacing */
  g_assert_true (galley_menu_lookup_item_by_name (menu, "Classic Burger") == burger);
  g_assert_true (galley_menu_lookup_item_by_name (menu, "  CLASSIC   burger ") == burger);
  g_assert_true (galley_menu_lookup_item_by_name (menu, "cheeseburger") == burger);
  g_assert_true (galley_menu_lookup_item_by_name (menu, "Chéeseburger") == burger);
  g_assert_true (galley_menu_lookup_item_by_name (menu, "wings") ==
                 galley_menu_lookup_item (menu, "starter-wings"));
  g_assert_true (galley_menu_lookup_item_by_name (menu, "Fish & Chips") ==
                 galley_menu_lookup_item (menu, "main-fish-chips"));
  g_assert_null (galley_menu_lookup_item_by_name (menu, "cheese"));
  g_assert_null (galley_menu_lookup_item_by_name (menu, ""));

  /* categories */
  g_assert_cmpstr (galley_menu_category_for_item (menu, burger), ==, "burgers");
  g_assert_true (galley_menu_get_item_category (menu, burger) ==
                 galley_menu_lookup_category (menu, category_uuid));
  g_assert_cmpstr (galley_menu_category_get_name (galley_menu_lookup_category (menu,
                                                                               category_uuid)),
                   ==, "Burgers");
  g_assert_null (galley_menu_lookup_category (menu, "nope"));

  g_assert_finalize_object (g_steal_pointer (&menu));
}

static void
test_menu_ambiguous_names (void)
{
  g_autoptr(GalleyMenu) menu = galley_menu_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = parse_object (
    "{\"categories\":[{\"id\":\"c1\",\"name\":\"Drinks\",\"slug\":\"drinks\",\"display_order\":1}],"
    "\"items\":["
    "{\"id\":\"a\",\"name\":\"Cola\",\"price\":3,\"category_id\":\"c1\",\"aliases\":[\"soda\",\"pop\"]},"
    "{\"id\":\"b\",\"name\":\"Lemon Soda\",\"price\":3,\"category_id\":\"c1\",\"aliases\":[\"soda\",\"cola\"]},"
    "{\"id\":\"c\",\"name\":\"Tea\",\"price\":2,\"category_id\":\"c1\"},"
    "{\"id\":\"d\",\"name\":\"tea\",\"price\":2,\"category_id\":\"c1\"}]}");

  g_assert_true (galley_menu_load_json (menu, json, &error));
  g_assert_no_error (error);

  /* a name wins over another item's alias */
  g_assert_cmpstr (galley_menu_item_get_id (galley_menu_lookup_item_by_name (menu, "cola")),
                   ==, "a");
  g_assert_cmpstr (galley_menu_item_get_id (galley_menu_lookup_item_by_name (menu, "pop")),
                   ==, "a");
  /* shared alias, shared name: no guess */
  g_assert_null (galley_menu_lookup_item_by_name (menu, "soda"));
  g_assert_null (galley_menu_lookup_item_by_name (menu, "TEA"));

  g_assert_finalize_object (g_steal_pointer (&menu));
}

static void
test_menu_bad_items (void)
{
  g_autoptr(GalleyMenu) menu = galley_menu_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = parse_object (
    "{\"categories\":["
    " {\"id\":\"c1\",\"name\":\"Mains\",\"slug\":\"Mains\",\"display_order\":2,\"extra\":{}},"
    " {\"id\":\"c2\",\"name\":\"Hot Drinks\",\"display_order\":1},"
    " {\"id\":\"c3\",\"name\":7},"
    " {\"id\":\"c4\",\"name\":\"Old\",\"active\":false},"
    " \"not a category\","
    " {\"id\":\"c1\",\"name\":\"Duplicate\"}],"
    "\"items\":["
    " {\"id\":\"ok-1\",\"name\":\"Stew\",\"price\":9.5,\"category_id\":\"c1\",\"unknown\":[1,2],"
    "  \"modifiers\":[\"no salt\",{\"id\":\"m1\",\"name\":\"Extra bread\",\"price\":1.25},"
    "   {\"id\":\"g1\",\"name\":\"Size\",\"min\":1,\"max\":1,\"options\":[{\"id\":\"s\",\"name\":\"Small\"},"
    "    {\"id\":\"l\",\"name\":\"Large\",\"price\":2},42]},"
    "   {\"id\":\"g2\",\"options\":\"nope\"},"
    "   {\"id\":\"g3\",\"name\":\"Impossible\",\"min\":3,\"max\":1,\"options\":[\"x\"]},"
    "   17]},"
    " {\"id\":\"ok-2\",\"name\":\"Tea\",\"price\":2,\"category_id\":\"c2\",\"available\":false,"
    "  \"modifiers\":{\"shape\":\"unknown\"},\"prep_time_minutes\":3.0},"
    " {\"id\":\"ok-3\",\"name\":\"Mystery\",\"price\":0,\"category_id\":\"nowhere\"},"
    " {\"id\":\"inactive\",\"name\":\"Gone\",\"price\":1,\"active\":false},"
    " {\"name\":\"No id\",\"price\":1},"
    " {\"id\":\"bad-price\",\"name\":\"Free?\",\"price\":\"1.00\"},"
    " {\"id\":\"neg-price\",\"name\":\"Negative\",\"price\":-1},"
    " {\"id\":\"bad-alias\",\"name\":\"Alias\",\"price\":1,\"aliases\":[\"ok\",3]},"
    " {\"id\":\"bad-allergens\",\"name\":\"Allergens\",\"price\":1,\"allergens\":\"nuts\"},"
    " {\"id\":\"bad-available\",\"name\":\"Avail\",\"price\":1,\"available\":\"yes\"},"
    " {\"id\":\"bad-prep\",\"name\":\"Prep\",\"price\":1,\"prep_time_minutes\":-5},"
    " {\"id\":\"bad-active\",\"name\":\"Active\",\"price\":1,\"active\":1},"
    " [1,2,3],"
    " {\"id\":\"ok-1\",\"name\":\"Duplicate id\",\"price\":1}]}");
  GalleyMenuItem *stew, *tea, *mystery;
  const GalleyMenuModifierGroup *group;
  GListModel *categories = galley_menu_get_categories (menu);
  g_autoptr(GalleyMenuCategory) first = NULL;

  g_test_expect_message (MENU_DOMAIN, G_LOG_LEVEL_WARNING,
                         "The menu has 10 unusable items and 3 unusable categories*");
  g_assert_true (galley_menu_load_json (menu, json, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  g_assert_cmpuint (galley_menu_get_n_skipped_items (menu), ==, 10);
  g_assert_cmpuint (galley_menu_get_n_skipped_categories (menu), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (menu)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (categories), ==, 2);

  /* a category without a slug gets one from its name; slugs are lower case */
  first = g_list_model_get_item (categories, 0);
  g_assert_cmpstr (galley_menu_category_get_slug (first), ==, "hot-drinks");
  g_assert_cmpstr (galley_menu_category_get_slug (galley_menu_lookup_category (menu, "c1")),
                   ==, "mains");

  /* sorted by category order: Tea (order 1), Stew (2), Mystery (no known category) */
  tea = galley_menu_lookup_item (menu, "ok-2");
  stew = galley_menu_lookup_item (menu, "ok-1");
  mystery = galley_menu_lookup_item (menu, "ok-3");
  g_assert_cmpuint (position_of (G_LIST_MODEL (menu), tea), ==, 0);
  g_assert_cmpuint (position_of (G_LIST_MODEL (menu), stew), ==, 1);
  g_assert_cmpuint (position_of (G_LIST_MODEL (menu), mystery), ==, 2);
  g_assert_null (galley_menu_category_for_item (menu, mystery));
  g_assert_null (galley_menu_lookup_item (menu, "inactive"));

  /* defaults and the fields that were there */
  g_assert_cmpint (galley_menu_item_get_price (stew), ==, 950);
  g_assert_null (galley_menu_item_get_menu_item_id (stew));
  g_assert_cmpint (galley_menu_item_get_prep_time_minutes (stew), ==, 10);
  g_assert_true (galley_menu_item_get_available (stew));
  g_assert_cmpuint (g_strv_length ((char **) galley_menu_item_get_aliases (stew)), ==, 0);
  g_assert_false (galley_menu_item_get_available (tea));
  g_assert_cmpint (galley_menu_item_get_prep_time_minutes (tea), ==, 3);

  /* modifiers read tolerantly: one good group (its bad option dropped), the loose option
   * and string in an implicit group; the rest only in the raw JSON */
  g_assert_cmpuint (galley_menu_item_get_n_modifier_groups (stew), ==, 2);
  group = galley_menu_item_get_modifier_group (stew, 0);
  g_assert_cmpstr (group->id, ==, "g1");
  g_assert_true (group->required);
  g_assert_cmpuint (group->n_options, ==, 2);
  g_assert_cmpint (group->options[1].price, ==, 200);
  group = galley_menu_item_get_modifier_group (stew, 1);
  g_assert_null (group->id);
  g_assert_null (group->name);
  g_assert_null (group->json);
  g_assert_false (group->required);
  g_assert_cmpint (group->max, ==, -1);
  g_assert_cmpuint (group->n_options, ==, 2);
  g_assert_cmpstr (group->options[0].name, ==, "no salt");
  g_assert_null (group->options[0].id);
  g_assert_cmpstr (group->options[1].id, ==, "m1");
  g_assert_cmpint (group->options[1].price, ==, 125);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (
                      galley_menu_item_get_modifiers_json (stew))), ==, 6);
  g_assert_cmpuint (galley_menu_item_get_n_modifier_groups (tea), ==, 0);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (galley_menu_item_get_modifiers_json (tea)));
  g_assert_true (json_object_has_member (galley_menu_item_get_json (stew), "unknown"));

  g_assert_finalize_object (g_steal_pointer (&menu));
}

static void
test_menu_lengths (void)
{
  g_autoptr(GalleyMenu) menu = galley_menu_new (NULL);
  g_autoptr(JsonObject) json = json_object_new ();
  JsonArray *items = json_array_new ();
  JsonObject *item = json_object_new ();
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) description = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  GalleyMenuItem *parsed;

  for (int i = 0; i < 300; i++)
    g_string_append (name, "é");
  for (int i = 0; i < 3000; i++)
    g_string_append_c (description, 'd');
  json_object_set_string_member (item, "id", "long");
  json_object_set_string_member (item, "name", name->str);
  json_object_set_string_member (item, "description", description->str);
  json_object_set_double_member (item, "price", 1.005);
  json_array_add_object_element (items, item);
  json_object_set_array_member (json, "categories", json_array_new ());
  json_object_set_array_member (json, "items", items);

  g_assert_true (galley_menu_load_json (menu, json, &error));
  g_assert_no_error (error);
  parsed = galley_menu_lookup_item (menu, "long");
  g_assert_cmpint (g_utf8_strlen (galley_menu_item_get_name (parsed), -1), ==, 200);
  g_assert_true (g_utf8_validate (galley_menu_item_get_name (parsed), -1, NULL));
  g_assert_cmpint (g_utf8_strlen (galley_menu_item_get_description (parsed), -1), ==, 1000);
  g_assert_cmpint (galley_menu_item_get_price (parsed), ==, galley_money_to_cents (1.005));

  g_assert_finalize_object (g_steal_pointer (&menu));
}

/* A menu that is not {categories:[…], items:[…]} changes nothing at all. */
static void
test_menu_wrong_shape (void)
{
  static const char * const bodies[] = {
    "{}",
    "{\"items\":[]}",
    "{\"categories\":[]}",
    "{\"categories\":[],\"items\":{}}",
    "{\"categories\":{},\"items\":[]}",
    "{\"categories\":null,\"items\":[]}",
    "{\"menu\":{\"categories\":[],\"items\":[]}}",
  };
  g_autoptr(GalleyMenu) menu = galley_menu_new (NULL);
  g_autoptr(JsonObject) json = demo_menu_json ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GalleyMenuItem) first = NULL;
  Events ev = { 0 };
  gint64 loaded_at;

  g_assert_true (galley_menu_load_json (menu, json, &error));
  loaded_at = galley_menu_get_loaded_at (menu);
  first = g_list_model_get_item (G_LIST_MODEL (menu), 0);
  watch_menu (menu, &ev);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonObject) bad = parse_object (bodies[i]);

      g_test_expect_message (MENU_DOMAIN, G_LOG_LEVEL_WARNING, "Menu not applied: *");
      g_assert_false (galley_menu_load_json (menu, bad, &error));
      g_test_assert_expected_messages ();
      g_assert_error (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_INVALID);
      assert_user_message (error);
      g_clear_error (&error);
    }

  g_assert_cmpuint (ev.items_changed + ev.categories_changed + ev.changed +
                    ev.loaded_at_notifies, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (menu)), ==, N_DEMO_ITEMS);
  g_assert_cmpint (galley_menu_get_loaded_at (menu), ==, loaded_at);
  {
    g_autoptr(GalleyMenuItem) still = g_list_model_get_item (G_LIST_MODEL (menu), 0);

    g_assert_true (still == first);
  }
  unwatch_menu (menu, &ev);

  g_clear_object (&first);
  g_assert_finalize_object (g_steal_pointer (&menu));
}

/* Reloads emit items-changed for just what changed and keep unchanged instances. */
static void
test_menu_minimal_changes (void)
{
  g_autoptr(GalleyMenu) menu = galley_menu_new (NULL);
  g_autoptr(JsonObject) json = demo_menu_json ();
  g_autoptr(JsonObject) same = demo_menu_json ();
  g_autoptr(JsonObject) cheaper = NULL, fewer = NULL, renamed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  GalleyMenuItem *burger;
  guint burger_pos;
  Events ev = { 0 };

  g_assert_true (galley_menu_load_json (menu, json, &error));
  for (guint i = 0; i < N_DEMO_ITEMS; i++)
    g_ptr_array_add (before, g_list_model_get_item (G_LIST_MODEL (menu), i));
  burger = galley_menu_lookup_item (menu, "burger-classic");
  burger_pos = position_of (G_LIST_MODEL (menu), burger);
  watch_menu (menu, &ev);

  /* the same menu again: no change at all, only a new loaded-at */
  g_assert_true (galley_menu_load_json (menu, same, &error));
  g_assert_cmpuint (ev.items_changed, ==, 0);
  g_assert_cmpuint (ev.categories_changed, ==, 0);
  g_assert_cmpuint (ev.changed, ==, 0);
  g_assert_cmpuint (ev.loaded_at_notifies, ==, 1);
  for (guint i = 0; i < N_DEMO_ITEMS; i++)
    {
      g_autoptr(GalleyMenuItem) item = g_list_model_get_item (G_LIST_MODEL (menu), i);

      g_assert_true (item == g_ptr_array_index (before, i));
    }

  /* one price: one row replaced, every other instance kept */
  cheaper = copy_object (json);
  json_object_set_double_member (find_json_item (cheaper, "burger-classic"), "price", 12.0);
  g_assert_true (galley_menu_load_json (menu, cheaper, &error));
  g_assert_cmpuint (ev.items_changed, ==, 1);
  g_assert_cmpuint (ev.position, ==, burger_pos);
  g_assert_cmpuint (ev.removed, ==, 1);
  g_assert_cmpuint (ev.added, ==, 1);
  g_assert_cmpuint (ev.categories_changed, ==, 0);
  g_assert_cmpuint (ev.changed, ==, 1);
  g_assert_cmpint (galley_menu_item_get_price (galley_menu_lookup_item (menu, "burger-classic")),
                   ==, 1200);
  for (guint i = 0; i < N_DEMO_ITEMS; i++)
    {
      g_autoptr(GalleyMenuItem) item = g_list_model_get_item (G_LIST_MODEL (menu), i);

      g_assert_true ((item == g_ptr_array_index (before, i)) == (i != burger_pos));
    }

  /* one item gone: one removal */
  fewer = copy_object (cheaper);
  json_array_remove_element (json_object_get_array_member (fewer, "items"),
                             find_json_index (fewer, "drink-cola"));
  memset (&ev, 0, sizeof ev);
  g_assert_true (galley_menu_load_json (menu, fewer, &error));
  g_assert_cmpuint (ev.items_changed, ==, 1);
  g_assert_cmpuint (ev.removed, ==, 1);
  g_assert_cmpuint (ev.added, ==, 0);
  g_assert_cmpuint (ev.changed, ==, 1);
  g_assert_null (galley_menu_lookup_item (menu, "drink-cola"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (menu)), ==, N_DEMO_ITEMS - 1);

  /* a category renamed: one category row, no item moves */
  renamed = copy_object (fewer);
  json_object_set_string_member (
    json_array_get_object_element (json_object_get_array_member (renamed, "categories"), 2),
    "name", "Plates");
  memset (&ev, 0, sizeof ev);
  g_assert_true (galley_menu_load_json (menu, renamed, &error));
  g_assert_cmpuint (ev.categories_changed, ==, 1);
  g_assert_cmpuint (ev.cat_position, ==, 2);
  g_assert_cmpuint (ev.cat_removed, ==, 1);
  g_assert_cmpuint (ev.cat_added, ==, 1);
  g_assert_cmpuint (ev.items_changed, ==, 0);
  g_assert_cmpuint (ev.changed, ==, 1);

  /* nothing: every row goes */
  memset (&ev, 0, sizeof ev);
  {
    g_autoptr(JsonObject) empty = parse_object ("{\"categories\":[],\"items\":[]}");

    g_assert_true (galley_menu_load_json (menu, empty, &error));
  }
  g_assert_cmpuint (ev.items_changed, ==, 1);
  g_assert_cmpuint (ev.removed, ==, N_DEMO_ITEMS - 1);
  g_assert_cmpuint (ev.categories_changed, ==, 1);
  g_assert_cmpuint (ev.cat_removed, ==, N_DEMO_CATEGORIES);
  g_assert_null (galley_menu_lookup_item (menu, "burger-classic"));
  g_assert_null (galley_menu_lookup_item_by_name (menu, "cheeseburger"));

  unwatch_menu (menu, &ev);
  g_clear_pointer (&before, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&menu));
  galley_test_assert_tracked (GALLEY_TYPE_MENU_ITEM, 0);
}

/* ================================================================== menu: errors */

static void
test_menu_http_errors (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *cache = g_build_filename (f->dir, "menu.json", NULL);
  g_autoptr(GalleyMenu) menu = galley_menu_new (cache);
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL, *after = NULL;
  g_autoptr(GalleyMenuItem) first = NULL;
  Events ev = { 0 };

  {
    g_autoptr(GalleyRestClient) client = new_client (f, NULL);

    g_assert_true (load (menu, client, &error));
    g_assert_no_error (error);
    g_assert_finalize_object (g_steal_pointer (&client));
  }
  g_assert_true (g_file_get_contents (cache, &saved, NULL, NULL));
  first = g_list_model_get_item (G_LIST_MODEL (menu), 0);
  watch_menu (menu, &ev);

  /* 500, after the REST client's retries */
  {
    g_autoptr(GalleyRestClient) client = new_client (f, NULL);

    galley_demo_server_fail_rest (f->server, "/menu", 500, 10);
    g_test_expect_message (REST_DOMAIN, G_LOG_LEVEL_WARNING, "*GET /api/v1/menu: HTTP 500*");
    g_assert_false (load (menu, client, &error));
    g_test_assert_expected_messages ();
    g_assert_error (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_SERVER);
    assert_user_message (error);
    g_clear_error (&error);
    galley_demo_server_clear_faults (f->server);
    g_assert_finalize_object (g_steal_pointer (&client));
  }

  /* 404: no menu for this restaurant (an expected failure: no warning) */
  {
    g_autoptr(GalleyRestClient) client = new_client (f, NULL);

    galley_rest_client_set_restaurant_id (client, "22222222-2222-2222-2222-222222222222");
    g_assert_false (load (menu, client, &error));
    g_assert_error (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_NOT_FOUND);
    assert_user_message (error);
    g_clear_error (&error);
    g_assert_finalize_object (g_steal_pointer (&client));
  }

  /* 401 and 403 from the fault hook */
  {
    g_autoptr(GalleyRestClient) client = new_client (f, NULL);

    galley_demo_server_fail_rest (f->server, "/menu", 403, 1);
    g_assert_false (load (menu, client, &error));
    g_assert_error (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_REFUSED);
    assert_user_message (error);
    g_clear_error (&error);
    galley_demo_server_clear_faults (f->server);
    g_assert_finalize_object (g_steal_pointer (&client));
  }

  /* nobody listening */
  {
    g_autoptr(GalleyRestClient) client = new_client (f, "http://127.0.0.1:1");

    g_assert_false (load (menu, client, &error));
    g_assert_error (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_OFFLINE);
    assert_user_message (error);
    g_clear_error (&error);
    g_assert_finalize_object (g_steal_pointer (&client));
  }

  /* nothing half-applied, and the offline copy untouched */
  g_assert_cmpuint (ev.items_changed + ev.categories_changed + ev.changed +
                    ev.loaded_at_notifies, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (menu)), ==, N_DEMO_ITEMS);
  {
    g_autoptr(GalleyMenuItem) still = g_list_model_get_item (G_LIST_MODEL (menu), 0);

    g_assert_true (still == first);
  }
  g_assert_true (g_file_get_contents (cache, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, saved);
  unwatch_menu (menu, &ev);

  g_clear_object (&first);
  g_assert_finalize_object (g_steal_pointer (&menu));
}

static void
test_menu_malformed (Fixture       *f,
                     gconstpointer  data)
{
  static const struct
  {
    const char *body;
    const char *warning_domain;
    const char *warning;
  } cases[] = {
    { "{\"categories\":[", REST_DOMAIN, "*not JSON*" },
    { "not json at all", REST_DOMAIN, "*not JSON*" },
    { "[{\"id\":\"x\"}]", REST_DOMAIN, "*where a JSON object was expected*" },
    { "{\"categories\":[],\"items\":7}", MENU_DOMAIN, "The server's menu is not usable*" },
    { "{\"data\":{\"categories\":[],\"items\":[]}}", MENU_DOMAIN,
      "The server's menu is not usable*" },
  };
  g_autofree char *cache = g_build_filename (f->dir, "menu.json", NULL);
  g_autoptr(GalleyMenu) menu = galley_menu_new (cache);
  g_autoptr(JsonObject) json = demo_menu_json ();
  g_autoptr(RawServer) raw = raw_server_new ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", raw->port);
  g_autoptr(GError) error = NULL;
  Events ev = { 0 };

  g_assert_true (galley_menu_load_json (menu, json, &error));
  watch_menu (menu, &ev);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* a client per case: the REST client rate-limits its warnings */
      g_autoptr(GalleyRestClient) client = new_client (f, url);

      raw_respond (raw, cases[i].body);
      g_test_expect_message (cases[i].warning_domain, G_LOG_LEVEL_WARNING, cases[i].warning);
      g_assert_false (load (menu, client, &error));
      g_test_assert_expected_messages ();
      g_assert_error (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_INVALID);
      assert_user_message (error);
      g_clear_error (&error);
      g_assert_finalize_object (g_steal_pointer (&client));
    }
  g_assert_cmpuint (raw->hits, >=, G_N_ELEMENTS (cases));

  g_assert_cmpuint (ev.items_changed + ev.categories_changed + ev.changed +
                    ev.loaded_at_notifies, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (menu)), ==, N_DEMO_ITEMS);
  /* nothing fetched, nothing saved */
  g_assert_false (g_file_test (cache, G_FILE_TEST_EXISTS));
  unwatch_menu (menu, &ev);

  g_assert_finalize_object (g_steal_pointer (&menu));
}

/* ================================================================== menu: offline copy */

static void
test_menu_cache (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *cache = g_build_filename (f->dir, "sub", "menu.json", NULL);
  g_autoptr(GalleyRestClient) client = new_client (f, NULL);
  g_autoptr(GalleyMenu) online = galley_menu_new (cache);
  g_autoptr(GalleyMenu) offline = galley_menu_new (cache);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) saved = NULL;
  GStatBuf st;
  gint64 mtime;
  Events ev = { 0 };
  guint from_cache_notifies = 0;

  /* no copy yet */
  g_assert_false (galley_menu_load_cache (offline, &error));
  g_assert_error (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_NO_CACHE);
  assert_user_message (error);
  g_clear_error (&error);

  /* a successful fetch writes it, parent directories included */
  g_assert_true (load (online, client, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (galley_menu_get_cache_path (online), ==, cache);
  g_assert_true (g_file_get_contents (cache, &text, NULL, NULL));
  saved = parse_object (text);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (saved, "items")), ==,
                    N_DEMO_ITEMS);
  g_assert_cmpint (g_stat (cache, &st), ==, 0);
  mtime = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;

  /* another menu (the next start) reads it, offline */
  watch_menu (offline, &ev);
  g_signal_connect (offline, "notify::from-cache", G_CALLBACK (notify_count_cb),
                    &from_cache_notifies);
  g_assert_true (galley_menu_load_cache (offline, &error));
  g_assert_no_error (error);
  g_assert_true (galley_menu_get_from_cache (offline));
  g_assert_cmpuint (from_cache_notifies, ==, 1);
  g_assert_cmpint (galley_menu_get_loaded_at (offline), ==, mtime);
  g_assert_cmpuint (ev.changed, ==, 1);
  g_assert_cmpuint (ev.added, ==, N_DEMO_ITEMS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (offline)), ==, N_DEMO_ITEMS);
  g_assert_cmpstr (galley_menu_category_for_item (offline,
                                                  galley_menu_lookup_item (offline,
                                                                           "drink-cola")),
                   ==, "drinks");
  for (guint i = 0; i < N_DEMO_ITEMS; i++)
    {
      g_autoptr(GalleyMenuItem) a = g_list_model_get_item (G_LIST_MODEL (online), i);
      g_autoptr(GalleyMenuItem) b = g_list_model_get_item (G_LIST_MODEL (offline), i);

      g_assert_true (galley_menu_item_equal (a, b));
    }

  /* then the server: same content, so no items-changed, but no longer from the cache */
  memset (&ev, 0, sizeof ev);
  g_assert_true (load (offline, client, &error));
  g_assert_false (galley_menu_get_from_cache (offline));
  g_assert_cmpuint (from_cache_notifies, ==, 2);
  g_assert_cmpuint (ev.items_changed, ==, 0);
  g_assert_cmpuint (ev.changed, ==, 0);
  g_assert_cmpuint (g_signal_handlers_disconnect_by_data (offline, &from_cache_notifies), ==, 1);
  unwatch_menu (offline, &ev);

  /* a damaged copy: refused whole, the menu untouched */
  g_assert_true (g_file_set_contents (cache, "{\"categories\":[],\"items\":[{\"id\"", -1, NULL));
  g_test_expect_message (MENU_DOMAIN, G_LOG_LEVEL_WARNING, "The saved menu * is damaged*");
  g_assert_false (galley_menu_load_cache (offline, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_CACHE);
  assert_user_message (error);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (cache, "{\"items\":[]}", -1, NULL));
  g_test_expect_message (MENU_DOMAIN, G_LOG_LEVEL_WARNING, "The saved menu * is damaged*");
  g_assert_false (galley_menu_load_cache (offline, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_CACHE);
  g_clear_error (&error);
  g_assert_false (galley_menu_get_from_cache (offline));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (offline)), ==, N_DEMO_ITEMS);

  /* no cache path: nothing read, nothing written */
  {
    g_autoptr(GalleyMenu) none = galley_menu_new (NULL);

    g_assert_null (galley_menu_get_cache_path (none));
    g_assert_false (galley_menu_load_cache (none, &error));
    g_assert_error (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_NO_CACHE);
    assert_user_message (error);
    g_clear_error (&error);
    g_assert_true (load (none, client, &error));
    g_assert_finalize_object (g_steal_pointer (&none));
  }

  g_remove (cache);
  {
    g_autofree char *sub = g_path_get_dirname (cache);

    g_rmdir (sub);
  }
  g_assert_finalize_object (g_steal_pointer (&online));
  g_assert_finalize_object (g_steal_pointer (&offline));
  g_assert_finalize_object (g_steal_pointer (&client));
}

/* A copy that cannot be written costs the offline start only: the load still succeeds. */
static void
test_menu_cache_unwritable (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (f->dir, "file", NULL);
  g_autofree char *cache = g_build_filename (blocker, "menu.json", NULL);
  g_autoptr(GalleyRestClient) client = new_client (f, NULL);
  g_autoptr(GalleyMenu) menu = galley_menu_new (cache);
  g_autoptr(GError) error = NULL;

  /* a file where the directory should be */
  g_assert_true (g_file_set_contents (blocker, "x", -1, NULL));
  g_test_expect_message (MENU_DOMAIN, G_LOG_LEVEL_WARNING,
                         "The menu could not be saved for offline use*");
  g_assert_true (load (menu, client, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (menu)), ==, N_DEMO_ITEMS);

  g_assert_finalize_object (g_steal_pointer (&menu));
  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_menu_default_cache_path (void)
{
  g_autofree char *path = galley_menu_dup_default_cache_path ();
  g_autofree char *expected = g_build_filename (g_get_user_cache_dir (), "galley", "menu.json",
                                                NULL);
  const char *xdg = g_getenv ("XDG_CACHE_HOME");

  g_assert_cmpstr (path, ==, expected);
  if (xdg != NULL)
    g_assert_true (g_str_has_prefix (path, xdg));
}

/* ================================================================== menu: cancellation */

static void
test_menu_cancel (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GalleyRestClient) client = new_client (f, NULL);
  g_autoptr(GError) error = NULL;
  Wait w1 = { 0 }, w2 = { 0 }, w3 = { 0 }, w4 = { 0 };
  guint loading_notifies = 0;

  /* a newer load supersedes the one in flight */
  {
    g_autoptr(GalleyMenu) menu = galley_menu_new (NULL);

    g_signal_connect (menu, "notify::loading", G_CALLBACK (notify_count_cb), &loading_notifies);
    galley_menu_load_async (menu, client, NULL, wait_cb, &w1);
    galley_menu_load_async (menu, client, NULL, wait_cb, &w2);
    g_assert_true (galley_menu_get_loading (menu));
    g_assert_true (galley_test_spin_until (wait_called, &w1, WAIT_MS));
    g_assert_true (galley_test_spin_until (wait_called, &w2, WAIT_MS));
    g_assert_false (galley_menu_load_finish (NULL, w1.result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_true (galley_menu_load_finish (menu, w2.result, &error));
    g_assert_no_error (error);
    g_assert_false (galley_menu_get_loading (menu));
    g_assert_cmpuint (loading_notifies, ==, 2);    /* on, then off once */
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (menu)), ==, N_DEMO_ITEMS);
    g_assert_cmpuint (g_signal_handlers_disconnect_by_data (menu, &loading_notifies), ==, 1);
    g_assert_finalize_object (g_steal_pointer (&menu));
  }

  /* the caller's cancellable: nothing applied */
  {
    g_autoptr(GalleyMenu) menu = galley_menu_new (NULL);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    galley_menu_load_async (menu, client, cancellable, wait_cb, &w3);
    g_cancellable_cancel (cancellable);
    g_assert_true (galley_test_spin_until (wait_called, &w3, WAIT_MS));
    g_assert_false (galley_menu_load_finish (menu, w3.result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_false (galley_menu_get_loading (menu));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (menu)), ==, 0);
    g_assert_cmpuint (galley_test_count_signal_handlers (cancellable), ==, 0);
    g_assert_finalize_object (g_steal_pointer (&menu));
    g_clear_object (&w3.result);     /* the task holds the caller's cancellable */
    g_assert_finalize_object (g_steal_pointer (&cancellable));
  }

  /* dropping the menu cancels its load; nothing keeps it alive */
  {
    GalleyMenu *menu = galley_menu_new (NULL);

    galley_menu_load_async (menu, client, NULL, wait_cb, &w4);
    g_assert_finalize_object (menu);
    g_assert_true (galley_test_spin_until (wait_called, &w4, WAIT_MS));
    g_assert_false (galley_menu_load_finish (NULL, w4.result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  g_clear_object (&w1.result);
  g_clear_object (&w2.result);
  g_clear_object (&w3.result);
  g_clear_object (&w4.result);
  g_assert_finalize_object (g_steal_pointer (&client));
}

/* ================================================================== router */

static GalleyOrder *
make_order (const char         *id,
            const char * const *lines)   /* menu_item_id, name, menu_item_id, name, …, NULL */
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *items = json_array_new ();
  GalleyOrder *order;

  for (guint i = 0; lines[i] != NULL; i += 2)
    {
      JsonObject *item = json_object_new ();
      g_autofree char *line_id = g_strdup_printf ("line-%u", i / 2);

      json_object_set_string_member (item, "id", line_id);
      json_object_set_string_member (item, "menu_item_id", lines[i]);
      json_object_set_string_member (item, "name", lines[i + 1]);
      json_object_set_int_member (item, "quantity", 1);
      json_object_set_double_member (item, "price", 5.0);
      json_array_add_object_element (items, item);
    }

  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "restaurant_id", GALLEY_DEMO_RESTAURANT_ID);
  json_object_set_string_member (row, "order_number", "20251105-0001");
  json_object_set_string_member (row, "type", "online");
  json_object_set_string_member (row, "status", "pending");
  json_object_set_array_member (row, "items", items);
  json_object_set_double_member (row, "subtotal", 5.0);
  json_object_set_double_member (row, "tax", 0.4);
  json_object_set_double_member (row, "total_amount", 5.4);
  json_object_set_string_member (row, "created_at", "2025-11-05T18:00:00.000000+00:00");
  json_object_set_string_member (row, "updated_at", "2025-11-05T18:00:00.000000+00:00");

  order = galley_order_new_from_json (row, &error);
  g_assert_no_error (error);

  return order;
}

/* Routes one line with the given menu_item_id and name. */
static const char *
route (GalleyStationRouter *router,
       const char          *menu_item_id,
       const char          *name)
{
  const char *lines[] = { menu_item_id, name, NULL };
  g_autoptr(GalleyOrder) order = make_order ("o-route", lines);
  g_autoptr(GalleyOrderItem) item = g_list_model_get_item (galley_order_get_items (order), 0);

  return galley_station_router_route_item (router, item);
}

static void
set_categories (GSettings  *settings,
                const char *text)
{
  g_autoptr(GVariant) value = g_variant_parse (G_VARIANT_TYPE ("a{ss}"), text, NULL, NULL,
                                               NULL);

  g_assert_nonnull (value);
  g_assert_true (g_settings_set_value (settings, "station-categories", value));
  galley_test_drain_main_context ();
}

static void
set_stations (GSettings          *settings,
              const char * const *stations)
{
  g_assert_true (g_settings_set_strv (settings, "stations", stations));
  galley_test_drain_main_context ();
}

static GalleyMenu *
demo_menu (void)
{
  GalleyMenu *menu = galley_menu_new (NULL);
  g_autoptr(JsonObject) json = demo_menu_json ();
  g_autoptr(GError) error = NULL;

  g_assert_true (galley_menu_load_json (menu, json, &error));
  g_assert_no_error (error);

  return menu;
}

static void
test_router_default_mapping (Fixture       *f,
                             gconstpointer  data)
{
  static const struct
  {
    const char *id;
    const char *station;
  } cases[] = {
    { "starter-wings", "cold" },
    { "burger-classic", "grill" },
    { "burger-fish", "grill" },          /* 86'd, still routed: it may be on an order */
    { "main-steak", "grill" },
    { "bowl-soul", "cold" },
    { "side-fries", "fry" },
    { "dessert-brownie", "cold" },
    { "drink-latte", "bar" },
  };
  g_autoptr(GalleyRestClient) client = new_client (f, NULL);
  g_autoptr(GalleyMenu) menu = galley_menu_new (NULL);
  g_autoptr(GalleyStationRouter) router = NULL;
  g_autoptr(GError) error = NULL;
  const char * const expected[] = { "grill", "fry", "cold", "bar", NULL };

  /* the real demo menu, through the REST client */
  g_assert_true (load (menu, client, &error));
  router = galley_station_router_new (f->settings, menu);
  g_assert_true (galley_station_router_get_settings (router) == f->settings);
  g_assert_true (galley_station_router_get_menu (router) == menu);
  g_assert_cmpstrv (galley_station_router_get_stations (router), expected);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *uuid = galley_demo_menu_uuid ("item", cases[i].id);
      const char *by_id = route (router, cases[i].id, "whatever");
      const char *by_uuid = route (router, uuid, "whatever");

      g_assert_cmpstr (by_id, ==, cases[i].station);
      g_assert_cmpstr (by_uuid, ==, cases[i].station);
      /* interned: the same pointer every time */
      g_assert_true (by_id == by_uuid);
      g_assert_true (by_id == g_intern_string (cases[i].station));
      g_assert_cmpstr (galley_station_router_route_menu_item (
                         router, galley_menu_lookup_item (menu, cases[i].id)),
                       ==, cases[i].station);
    }

  /* every demo item routes somewhere by default */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (menu)); i++)
    {
      g_autoptr(GalleyMenuItem) item = g_list_model_get_item (G_LIST_MODEL (menu), i);

      g_assert_nonnull (galley_station_router_route_menu_item (router, item));
    }

  g_assert_finalize_object (g_steal_pointer (&router));
  g_assert_finalize_object (g_steal_pointer (&menu));
  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_router_unrouted (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GalleyMenu) menu = galley_menu_new (NULL);
  g_autoptr(GalleyStationRouter) router = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = parse_object (
    "{\"categories\":["
    " {\"id\":\"c-b\",\"name\":\"Burgers\",\"slug\":\"burgers\",\"display_order\":1},"
    " {\"id\":\"c-s\",\"name\":\"Specials\",\"slug\":\"specials\",\"display_order\":2}],"
    "\"items\":["
    " {\"id\":\"b\",\"name\":\"Burger\",\"price\":10,\"category_id\":\"c-b\"},"
    " {\"id\":\"s\",\"name\":\"Special\",\"price\":10,\"category_id\":\"c-s\"},"
    " {\"id\":\"n\",\"name\":\"Nowhere\",\"price\":10,\"category_id\":\"c-gone\"},"
    " {\"id\":\"x\",\"name\":\"Loose\",\"price\":10}]}");

  g_assert_true (galley_menu_load_json (menu, json, &error));
  router = galley_station_router_new (f->settings, menu);

  g_assert_cmpstr (route (router, "b", "Burger"), ==, "grill");
  g_assert_null (route (router, "s", "Special"));           /* category not mapped */
  g_assert_null (route (router, "n", "Nowhere"));           /* category unknown */
  g_assert_null (route (router, "x", "Loose"));             /* no category */
  g_assert_null (route (router, "unknown", "Unknown dish")); /* item unknown */
  g_assert_null (galley_station_router_route_menu_item (router,
                                                        galley_menu_lookup_item (menu, "s")));

  /* a category mapped to a station that is not one of the stations */
  g_test_expect_message (ROUTER_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "The category “burgers” goes to “pizza-oven”, which is not one of*");
  set_categories (f->settings, "{'burgers': 'pizza-oven'}");
  g_test_assert_expected_messages ();
  g_assert_null (route (router, "b", "Burger"));

  /* an empty menu routes nothing */
  {
    g_autoptr(GalleyMenu) empty = galley_menu_new (NULL);
    g_autoptr(GalleyStationRouter) bare = NULL;

    g_test_expect_message (ROUTER_DOMAIN, G_LOG_LEVEL_MESSAGE, "The category “burgers”*");
    bare = galley_station_router_new (f->settings, empty);
    g_test_assert_expected_messages ();

    g_assert_null (route (bare, "b", "Burger"));
    g_assert_finalize_object (g_steal_pointer (&bare));
    g_assert_finalize_object (g_steal_pointer (&empty));
  }

  g_assert_finalize_object (g_steal_pointer (&router));
  g_assert_finalize_object (g_steal_pointer (&menu));
}

static void
test_router_name_fallback (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GalleyMenu) menu = demo_menu ();
  g_autoptr(GalleyStationRouter) router = galley_station_router_new (f->settings, menu);

  /* an id the menu does not know: the line's name, then the aliases */
  g_assert_cmpstr (route (router, "deleted-item-42", "Classic Burger"), ==, "grill");
  g_assert_cmpstr (route (router, "deleted-item-42", "CLASSIC BURGER"), ==, "grill");
  g_assert_cmpstr (route (router, "deleted-item-42", "hot wings"), ==, "cold");
  g_assert_cmpstr (route (router, "deleted-item-42", "Sweet Fries"), ==, "fry");
  g_assert_cmpstr (route (router, "deleted-item-42", "coke"), ==, "bar");
  g_assert_null (route (router, "deleted-item-42", "Classic Burger with extra cheese"));
  g_assert_null (route (router, "deleted-item-42", "Beef Wellington"));
  /* a known id wins over a misleading name */
  g_assert_cmpstr (route (router, "drink-cola", "Classic Burger"), ==, "bar");

  g_assert_finalize_object (g_steal_pointer (&router));
  g_assert_finalize_object (g_steal_pointer (&menu));
}

static void
test_router_settings_change (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GalleyMenu) menu = demo_menu ();
  g_autoptr(GalleyStationRouter) router = galley_station_router_new (f->settings, menu);
  guint changed = 0, generation_notifies = 0;
  guint64 generation = galley_station_router_get_generation (router);
  const char * const no_bar[] = { "grill", "fry", "cold", NULL };
  const char * const with_bar[] = { "grill", "fry", "cold", "bar", NULL };

  g_signal_connect (router, "changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect (router, "notify::generation", G_CALLBACK (notify_count_cb),
                    &generation_notifies);
  g_assert_cmpuint (generation, >, 0);
  g_assert_cmpstr (route (router, "drink-cola", "Cola"), ==, "bar");

  /* drinks move to the cold station: one change, re-routed */
  set_categories (f->settings, "{'starters': 'cold', 'burgers': 'grill', 'mains': 'grill', "
                               "'bowls': 'cold', 'sides': 'fry', 'desserts': 'cold', "
                               "'drinks': 'cold'}");
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (generation_notifies, ==, 1);
  g_assert_cmpuint (galley_station_router_get_generation (router), ==, generation + 1);
  g_assert_cmpstr (route (router, "drink-cola", "Cola"), ==, "cold");
  g_assert_cmpstr (route (router, "burger-classic", "Classic Burger"), ==, "grill");

  /* the same value again, or the same mapping in another order or case: no change */
  set_categories (f->settings, "{'DRINKS': 'Cold', 'starters': 'cold', 'burgers': 'grill', "
                               "'mains': 'grill', 'bowls': 'cold', 'sides': 'fry', "
                               "'desserts': 'cold'}");
  g_assert_cmpuint (changed, ==, 1);

  /* back, then the bar removed from the stations: its mapping no longer routes */
  g_settings_reset (f->settings, "station-categories");
  galley_test_drain_main_context ();
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpstr (route (router, "drink-cola", "Cola"), ==, "bar");
  g_test_expect_message (ROUTER_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "The category “drinks” goes to “bar”, which is not one of*");
  set_stations (f->settings, no_bar);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (changed, ==, 3);
  g_assert_cmpstrv (galley_station_router_get_stations (router), no_bar);
  g_assert_null (route (router, "drink-cola", "Cola"));
  set_stations (f->settings, with_bar);
  g_assert_cmpuint (changed, ==, 4);
  g_assert_cmpstr (route (router, "drink-cola", "Cola"), ==, "bar");

  /* a menu change: once */
  {
    g_autoptr(JsonObject) json = demo_menu_json ();
    g_autoptr(GError) error = NULL;
    g_autofree char *burgers = galley_demo_menu_uuid ("category", "burgers");

    json_object_set_string_member (find_json_item (json, "drink-cola"), "category_id", burgers);
    g_assert_true (galley_menu_load_json (menu, json, &error));
    g_assert_cmpuint (changed, ==, 5);
    g_assert_cmpstr (route (router, "drink-cola", "Cola"), ==, "grill");

    /* the same menu again: the menu does not change, nor does the routing */
    g_assert_true (galley_menu_load_json (menu, json, &error));
    g_assert_cmpuint (changed, ==, 5);
  }
  g_assert_cmpuint (galley_station_router_get_generation (router), ==, generation + 5);
  g_assert_cmpuint (generation_notifies, ==, 5);

  /* unrelated keys: nothing */
  g_settings_set_string (f->settings, "station", "grill");
  g_settings_set_boolean (f->settings, "sound-muted", TRUE);
  galley_test_drain_main_context ();
  g_assert_cmpuint (changed, ==, 5);

  g_assert_cmpuint (g_signal_handlers_disconnect_by_data (router, &changed), ==, 1);
  g_assert_cmpuint (g_signal_handlers_disconnect_by_data (router, &generation_notifies), ==, 1);
  g_assert_finalize_object (g_steal_pointer (&router));
  g_assert_finalize_object (g_steal_pointer (&menu));
}

static void
test_router_order_stations (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GalleyMenu) menu = demo_menu ();
  g_autoptr(GalleyStationRouter) router = galley_station_router_new (f->settings, menu);
  const char * const lines[] = {
    "drink-cola", "Cola",
    "side-fries", "French Fries",
    "burger-classic", "Classic Burger",
    "drink-latte", "Latte",
    "mystery-1", "Chef's surprise",
    NULL,
  };
  const char * const routed_lines[] = {
    "drink-cola", "Cola",
    "burger-bacon", "Bacon Smash Burger",
    NULL,
  };
  const char * const unrouted_lines[] = { "mystery-1", "Chef's surprise", NULL };
  const char * const bar_first[] = { "bar", "cold", "fry", "grill", NULL };
  g_autoptr(GalleyOrder) order = make_order ("o-1", lines);
  g_autoptr(GalleyOrder) routed = make_order ("o-2", routed_lines);
  g_autoptr(GalleyOrder) unrouted = make_order ("o-3", unrouted_lines);
  g_auto (GStrv) stations = NULL;
  g_auto (GStrv) reordered = NULL;
  g_auto (GStrv) none = NULL;

  /* distinct, in the `stations` order, unrouted lines adding nothing */
  stations = galley_station_router_dup_stations_for_order (router, order);
  g_assert_cmpstrv (stations, ((const char * const[]) { "grill", "fry", "bar", NULL }));
  g_assert_true (galley_station_router_order_has_unrouted (router, order));
  g_assert_false (galley_station_router_order_has_unrouted (router, routed));
  g_assert_true (galley_station_router_order_has_unrouted (router, unrouted));
  none = galley_station_router_dup_stations_for_order (router, unrouted);
  g_assert_nonnull (none);
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  /* the expo order comes from the setting */
  set_stations (f->settings, bar_first);
  reordered = galley_station_router_dup_stations_for_order (router, order);
  g_assert_cmpstrv (reordered, ((const char * const[]) { "bar", "fry", "grill", NULL }));

  g_clear_object (&order);
  g_clear_object (&routed);
  g_clear_object (&unrouted);
  g_assert_finalize_object (g_steal_pointer (&router));
  g_assert_finalize_object (g_steal_pointer (&menu));
}

static void
test_router_labels (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GalleyMenu) menu = galley_menu_new (NULL);
  g_autoptr(GalleyStationRouter) router = NULL;
  const char * const messy[] = { " Grill ", "grill", "PASTRY", "", "bad/station", "écran",
                                 NULL };
  static const struct
  {
    const char *station;
    const char *label;
  } cases[] = {
    { "grill", "Grill" },
    { "fry", "Fry" },
    { "cold", "Cold" },
    { "bar", "Bar" },
    { "expo", "Expo" },
    { "GRILL", "Grill" },
    { "pastry", "Pastry" },
    { "écran", "Écran" },
    { "x", "X" },
    { "", "" },
  };

  /* stations are normalised: trimmed, lower case, without duplicates or invalid names */
  set_categories (f->settings, "{'cakes': 'pastry'}");
  g_test_expect_message (ROUTER_DOMAIN, G_LOG_LEVEL_MESSAGE, "Ignoring the station “”*");
  g_test_expect_message (ROUTER_DOMAIN, G_LOG_LEVEL_MESSAGE,
                         "Ignoring the station “bad/station”*");
  set_stations (f->settings, messy);
  router = galley_station_router_new (f->settings, menu);
  g_test_assert_expected_messages ();
  g_assert_cmpstrv (galley_station_router_get_stations (router),
                    ((const char * const[]) { "grill", "pastry", "écran", NULL }));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = galley_station_router_dup_station_label (router,
                                                                        cases[i].station);

      g_assert_cmpstr (label, ==, cases[i].label);
    }

  g_assert_finalize_object (g_steal_pointer (&router));
  g_assert_finalize_object (g_steal_pointer (&menu));
}

static void
router_cycle (GSettings  *settings,
              GalleyMenu *menu)
{
  GalleyStationRouter *router = galley_station_router_new (settings, menu);
  const char * const lines[] = { "burger-classic", "Classic Burger", NULL };
  g_autoptr(GalleyOrder) order = make_order ("o-cycle", lines);
  g_auto (GStrv) stations = galley_station_router_dup_stations_for_order (router, order);

  g_assert_cmpstrv (stations, ((const char * const[]) { "grill", NULL }));
  g_assert_finalize_object (router);
}

/* Routers come and go; the settings and the menu they follow keep no trace of them. */
static void
test_router_lifecycle (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GalleyMenu) menu = demo_menu ();
  g_auto (GalleyTestBaseline) base = { 0 };
  guint settings_handlers, menu_handlers;
  guint n = galley_test_iterations (200);

  router_cycle (f->settings, menu);               /* warm-up */
  galley_test_baseline_take (&base);
  settings_handlers = galley_test_count_signal_handlers (f->settings);
  menu_handlers = galley_test_count_signal_handlers (menu);

  /* while it lives it is connected to both */
  {
    g_autoptr(GalleyStationRouter) router = galley_station_router_new (f->settings, menu);

    g_assert_cmpuint (galley_test_count_signal_handlers (f->settings), ==,
                      settings_handlers + 2);
    g_assert_cmpuint (galley_test_count_signal_handlers (menu), ==, menu_handlers + 1);
    g_assert_finalize_object (g_steal_pointer (&router));
  }
  g_assert_cmpuint (galley_test_count_signal_handlers (f->settings), ==, settings_handlers);
  g_assert_cmpuint (galley_test_count_signal_handlers (menu), ==, menu_handlers);

  for (guint i = 0; i < n; i++)
    router_cycle (f->settings, menu);

  /* a router disposed early (as a window's dispose would) lets go at once */
  {
    GalleyStationRouter *router = galley_station_router_new (f->settings, menu);

    g_object_run_dispose (G_OBJECT (router));
    g_object_run_dispose (G_OBJECT (router));    /* twice is fine */
    g_assert_cmpuint (galley_test_count_signal_handlers (f->settings), ==, settings_handlers);
    g_assert_cmpuint (galley_test_count_signal_handlers (menu), ==, menu_handlers);
    g_assert_null (galley_station_router_get_menu (router));
    /* the settings can still change: nothing reaches the disposed router */
    set_categories (f->settings, "{'burgers': 'fry'}");
    g_assert_cmpuint (galley_station_router_get_generation (router), ==, 1);
    g_assert_finalize_object (router);
  }

  galley_test_assert_tracked (GALLEY_TYPE_STATION_ROUTER, 0);
  g_assert_cmpuint (galley_test_count_signal_handlers (f->settings), ==, settings_handlers);
  g_assert_cmpuint (galley_test_count_signal_handlers (menu), ==, menu_handlers);
  galley_test_baseline_assert (&base);
  g_assert_finalize_object (g_steal_pointer (&menu));
}

/* Menus loaded over HTTP and dropped, many times: no object, source or fd left. */
static void
test_menu_lifecycle (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *cache = g_build_filename (f->dir, "menu.json", NULL);
  g_autoptr(GalleyRestClient) client = new_client (f, NULL);
  g_auto (GalleyTestBaseline) base = { 0 };
  guint n = galley_test_iterations (50);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n + 1; i++)
    {
      GalleyMenu *menu = galley_menu_new (cache);
      GalleyStationRouter *router = galley_station_router_new (f->settings, menu);

      if (i > 0)
        g_assert_true (galley_menu_load_cache (menu, &error));
      g_assert_true (load (menu, client, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (galley_station_router_get_generation (router), >=, 2);
      g_assert_finalize_object (router);
      g_assert_finalize_object (menu);
      galley_test_assert_tracked (GALLEY_TYPE_MENU_ITEM, 0);
      galley_test_assert_tracked (GALLEY_TYPE_MENU_CATEGORY, 0);

      if (i == 0)
        galley_test_baseline_take (&base);    /* after the warm-up cycle */
    }

  /* the demo server keeps cancellables of its own while it runs: count messages only */
  g_assert_true (galley_test_spin_until (no_messages, NULL, WAIT_MS));
  galley_test_baseline_assert (&base);
  g_remove (cache);
  g_assert_finalize_object (g_steal_pointer (&client));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();
  galley_test_track_all ();

  g_test_add ("/menu/demo/parse", Fixture, NULL, setup, test_menu_demo, teardown);
  g_test_add ("/menu/demo/item-fields", Fixture, NULL, setup, test_menu_item_fields, teardown);
  g_test_add_func ("/menu/lookups", test_menu_lookups);
  g_test_add_func ("/menu/ambiguous-names", test_menu_ambiguous_names);
  g_test_add_func ("/menu/bad-items-skipped", test_menu_bad_items);
  g_test_add_func ("/menu/length-limits", test_menu_lengths);
  g_test_add_func ("/menu/wrong-shape", test_menu_wrong_shape);
  g_test_add_func ("/menu/minimal-changes", test_menu_minimal_changes);
  g_test_add ("/menu/http-errors", Fixture, NULL, setup, test_menu_http_errors, teardown);
  g_test_add ("/menu/malformed", Fixture, NULL, setup, test_menu_malformed, teardown);
  g_test_add ("/menu/cache/offline-load", Fixture, NULL, setup, test_menu_cache, teardown);
  g_test_add ("/menu/cache/unwritable", Fixture, NULL, setup, test_menu_cache_unwritable,
              teardown);
  g_test_add_func ("/menu/cache/default-path", test_menu_default_cache_path);
  g_test_add ("/menu/cancel", Fixture, NULL, setup, test_menu_cancel, teardown);
  g_test_add ("/menu/lifecycle", Fixture, NULL, setup, test_menu_lifecycle, teardown);
  g_test_add ("/kitchen/router/default-mapping", Fixture, NULL, setup,
              test_router_default_mapping, teardown);
  g_test_add ("/kitchen/router/unrouted", Fixture, NULL, setup, test_router_unrouted, teardown);
  g_test_add ("/kitchen/router/name-fallback", Fixture, NULL, setup, test_router_name_fallback,
              teardown);
  g_test_add ("/kitchen/router/settings-change", Fixture, NULL, setup,
              test_router_settings_change, teardown);
  g_test_add ("/kitchen/router/order-stations", Fixture, NULL, setup,
              test_router_order_stations, teardown);
  g_test_add ("/kitchen/router/labels", Fixture, NULL, setup, test_router_labels, teardown);
  g_test_add ("/kitchen/router/lifecycle", Fixture, NULL, setup, test_router_lifecycle,
              teardown);

  return g_test_run ();
}
