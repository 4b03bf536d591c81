/* test-rest-client.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* GalleyNetSession and GalleyRestClient against the in-process demo server (spec §4, §7.3)
 * over real loopback HTTP: sign-in, orders and menu round trips, the headers of §4.1, the
 * mapping of every failure to a GalleyRestError, retries, timeouts, cancellation, disposal
 * with calls in flight, a lifecycle loop under the leak gates, and a check that no secret
 * reaches the log. What the demo server cannot send (garbage, oversized or wrongly shaped
 * answers, redirects) comes from a small raw HTTP responder in this file, which also records
 * the request headers the client really sent. Every wait is bounded. */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "demo/galley-demo-server.h"
#include "diag/galley-resources.h"
#include "net/galley-net-session.h"
#include "net/galley-rest-client.h"
#include "util/galley-json.h"
#include "util/galley-jwt.h"

#include "galley-testutil.h"

#define DOMAIN        "galley-rest-client"
#define RESTAURANT    GALLEY_DEMO_RESTAURANT_ID
#define WAIT_MS       20000     /* upper bound for something that must happen */
#define QUIET_MS      200       /* how long "nothing else happens" is watched */
#define MANAGER_EMAIL "manager@demo.galley.test"
#define PASSWORD      "galley-demo"
#define HUGE_BODY     (17 * 1024 * 1024)

#define SIMPLE_ORDER_BODY                                                                      \
  "{\"type\":\"takeout\",\"items\":[{\"id\":\"line-1\",\"menu_item_id\":\"burger-classic\","   \
  "\"name\":\"Classic Burger\",\"quantity\":1,\"price\":12.5}],\"customerName\":\"Ada\","      \
  "\"metadata\":{\"client_order_ref\":\"b7e4c0d2-6a1f-4e3b-9c8d-7f6e5d4c3b2a\"}}"

/* ================================================================== raw responder */

/* Answers every request with one canned response and records what it received. */
typedef struct
{
  GSocketService *service;
  guint           port;
  guint           hits;
  GPtrArray      *conns;
  GString        *last_request;
  GBytes         *response;         /* the whole response: status line, headers, body */
} RawServer;

typedef struct
{
  RawServer         *server;        /* not a reference: the server waits for its conns */
  GSocketConnection *conn;
  GCancellable      *cancellable;
  GString           *in;
  guint8             buf[4096];
} RawConn;

static void
raw_conn_free (RawConn *rc)
{
  g_ptr_array_remove (rc->server->conns, rc);
  /* NULL error: the peer may have gone first; the fd is closed either way */
  g_io_stream_close (G_IO_STREAM (rc->conn), NULL, NULL);
  g_object_unref (rc->conn);
  g_object_unref (rc->cancellable);
  g_string_free (rc->in, TRUE);
  g_free (rc);
}

static void
raw_written_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RawConn *rc = user_data;

  /* NULL error: a client that stops reading early (the size cap) breaks the pipe */
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  raw_conn_free (rc);
}

static gboolean
raw_request_complete (GString *in)
{
  const char *end = strstr (in->str, "\r\n\r\n");
  const char *length;
  guint64 n = 0;

  if (end == NULL)
    return FALSE;

  length = strstr (in->str, "Content-Length: ");
  if (length != NULL && length < end)
    n = g_ascii_strtoull (length + strlen ("Content-Length: "), NULL, 10);

  return (gsize) (end + 4 - in->str) + n <= in->len;
}

static void
raw_read_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RawConn *rc = user_data;
  GOutputStream *out;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);
  if (n <= 0)
    {
      raw_conn_free (rc);
      return;
    }

  g_string_append_len (rc->in, (const char *) rc->buf, n);
  if (!raw_request_complete (rc->in))
    {
      g_input_stream_read_async (G_INPUT_STREAM (source), rc->buf, sizeof rc->buf,
                                 G_PRIORITY_DEFAULT, rc->cancellable, raw_read_cb, rc);
      return;
    }

  rc->server->hits++;
  g_string_assign (rc->server->last_request, rc->in->str);

  out = g_io_stream_get_output_stream (G_IO_STREAM (rc->conn));
  g_output_stream_write_all_async (out, g_bytes_get_data (rc->server->response, NULL),
                                   g_bytes_get_size (rc->server->response), G_PRIORITY_DEFAULT,
                                   rc->cancellable, raw_written_cb, rc);
}

static gboolean
raw_incoming_cb (GSocketService    *service,
                 GSocketConnection *connection,
                 GObject           *source_object,
                 gpointer           user_data)
{
  RawServer *raw = user_data;
  RawConn *rc = g_new0 (RawConn, 1);

  rc->server = raw;
  rc->conn = g_object_ref (connection);
  rc->cancellable = g_cancellable_new ();
  rc->in = g_string_new (NULL);
  g_ptr_array_add (raw->conns, rc);

  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)), rc->buf,
                             sizeof rc->buf, G_PRIORITY_DEFAULT, rc->cancellable, raw_read_cb, rc);

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
  raw->conns = g_ptr_array_new ();
  raw->last_request = g_string_new (NULL);
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (raw->service), address,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &effective, &error));
  g_assert_no_error (error);
  raw->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (raw->service, "incoming", G_CALLBACK (raw_incoming_cb), raw);
  g_socket_service_start (raw->service);

  return raw;
}

static gboolean
raw_idle (gpointer data)
{
  return ((RawServer *) data)->conns->len == 0;
}

static void
raw_server_free (RawServer *raw)
{
  for (guint i = 0; i < raw->conns->len; i++)
    g_cancellable_cancel (((RawConn *) g_ptr_array_index (raw->conns, i))->cancellable);
  g_assert_true (galley_test_spin_until (raw_idle, raw, WAIT_MS));

  g_socket_service_stop (raw->service);
  g_socket_listener_close (G_SOCKET_LISTENER (raw->service));
  g_object_unref (raw->service);
  g_ptr_array_unref (raw->conns);
  g_string_free (raw->last_request, TRUE);
  g_clear_pointer (&raw->response, g_bytes_unref);
  g_free (raw);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawServer, raw_server_free)

/* @headers: extra header lines, each ending in "\r\n"; @length: FALSE for a body that
 * ends with the connection */
static void
raw_respond (RawServer    *raw,
             guint         status,
             const char   *headers,
             const guint8 *body,
             gsize         body_len,
             gboolean      length)
{
  GString *text = g_string_new (NULL);
  GByteArray *all;

  g_string_append_printf (text, "HTTP/1.1 %u %s\r\nConnection: close\r\n"
                                "Content-Type: application/json\r\n%s", status,
                          soup_status_get_phrase (status), headers != NULL ? headers : "");
  if (length)
    g_string_append_printf (text, "Content-Length: %" G_GSIZE_FORMAT "\r\n", body_len);
  g_string_append (text, "\r\n");

  all = g_byte_array_sized_new ((guint) (text->len + body_len));
  g_byte_array_append (all, (const guint8 *) text->str, (guint) text->len);
  g_byte_array_append (all, body, (guint) body_len);
  g_string_free (text, TRUE);

  g_clear_pointer (&raw->response, g_bytes_unref);
  raw->response = g_byte_array_free_to_bytes (all);
}

static void
raw_respond_text (RawServer  *raw,
                  guint       status,
                  const char *body)
{
  raw_respond (raw, status, NULL, (const guint8 *) body, strlen (body), TRUE);
}

static char *
raw_url (RawServer *raw)
{
  return g_strdup_printf ("http://127.0.0.1:%u", raw->port);
}

/* The value of header @name in the last request (names compared without case). */
static char *
raw_header (RawServer  *raw,
            const char *name)
{
  g_auto (GStrv) lines = g_strsplit (raw->last_request->str, "\r\n", -1);
  gsize len = strlen (name);

  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    if (g_ascii_strncasecmp (lines[i], name, len) == 0 && lines[i][len] == ':')
      return g_strstrip (g_strdup (lines[i] + len + 1));

  return NULL;
}

static guint
raw_header_count (RawServer  *raw,
                  const char *name)
{
  g_auto (GStrv) lines = g_strsplit (raw->last_request->str, "\r\n", -1);
  gsize len = strlen (name);
  guint n = 0;

  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    if (g_ascii_strncasecmp (lines[i], name, len) == 0 && lines[i][len] == ':')
      n++;

  return n;
}

/* ================================================================== fixture */

typedef struct
{
  GalleyDemoServer *server;
  GalleyNetSession *session;     /* private: tests never share the default one */
  GalleyRestClient *client;      /* base URL and restaurant set, no token */
  char             *base_url;
} Fixture;

static gboolean
no_net_objects (gpointer data)
{
  return galley_test_tracked_count (SOUP_TYPE_MESSAGE) == 0 &&
         galley_test_tracked_count (SOUP_TYPE_SESSION) == 0 &&
         galley_test_tracked_count (G_TYPE_CANCELLABLE) == 0;
}

static gboolean
no_messages (gpointer data)
{
  return galley_test_tracked_count (SOUP_TYPE_MESSAGE) == 0;
}

static GalleyRestClient *
new_client (Fixture    *f,
            const char *role)
{
  GalleyRestClient *client = galley_rest_client_new (f->session);

  galley_rest_client_set_base_url (client, f->base_url);
  galley_rest_client_set_restaurant_id (client, RESTAURANT);
  galley_rest_client_set_retry_delay (client, 10);
  if (role != NULL)
    {
      g_autofree char *token = galley_demo_server_issue_token (f->server, role, 3600);

      galley_rest_client_set_token (client, token);
    }

  return client;
}

static void
setup_server (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = galley_demo_server_new ();
  g_object_set (f->server, "port", 0, "seed", (gint64) 1234, "rate", 0.0,
                "virtual-clock", TRUE, NULL);
  g_assert_true (galley_demo_server_set_option (f->server, "edit_rate", "0", NULL));
  g_assert_true (galley_demo_server_start (f->server, &error));
  g_assert_no_error (error);
  f->base_url = galley_demo_server_dup_base_url (f->server);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  setup_server (f, data);
  f->session = galley_net_session_new ();
  f->client = new_client (f, NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->client != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->client));
  if (f->session != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->session));

  galley_demo_server_stop (f->server);
  g_assert_finalize_object (g_steal_pointer (&f->server));
  g_free (f->base_url);

  galley_test_spin_until (no_net_objects, NULL, WAIT_MS);
  galley_test_assert_tracked (GALLEY_TYPE_REST_CLIENT, 0);
  galley_test_assert_tracked (GALLEY_TYPE_NET_SESSION, 0);
  galley_test_assert_tracked (SOUP_TYPE_SESSION, 0);
  galley_test_assert_tracked (SOUP_TYPE_MESSAGE, 0);
  galley_test_assert_tracked (G_TYPE_CANCELLABLE, 0);
  g_assert_cmpuint (galley_test_count_sources ("galley-rest-client-"), ==, 0);
}

/* ================================================================== waiting for calls */

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

static void
wait_done (Wait *w)
{
  g_assert_true (galley_test_spin_until (wait_called, w, WAIT_MS));
  g_assert_cmpuint (w->calls, ==, 1);
  /* no source object: a call in flight holds no reference on the client */
  g_assert_null (w->source);
}

static void
wait_clear (Wait *w)
{
  g_clear_object (&w->result);
}

static GalleyRestLogin *
login_pin (GalleyRestClient  *client,
           const char        *pin,
           GError           **error)
{
  Wait w = { 0 };
  GalleyRestLogin *login;

  galley_rest_client_login_pin_async (client, pin, NULL, wait_cb, &w);
  wait_done (&w);
  login = galley_rest_client_login_finish (GALLEY_REST_CLIENT (w.source), w.result, error);
  wait_clear (&w);

  return login;
}

static GalleyRestLogin *
login_email (GalleyRestClient  *client,
             const char        *email,
             const char        *password,
             GError           **error)
{
  Wait w = { 0 };
  GalleyRestLogin *login;

  galley_rest_client_login_email_async (client, email, password, NULL, wait_cb, &w);
  wait_done (&w);
  login = galley_rest_client_login_finish (client, w.result, error);
  wait_clear (&w);

  return login;
}

static GalleyRestLogin *
refresh (GalleyRestClient  *client,
         const char        *refresh_token,
         GError           **error)
{
  Wait w = { 0 };
  GalleyRestLogin *login;

  galley_rest_client_refresh_async (client, refresh_token, NULL, wait_cb, &w);
  wait_done (&w);
  login = galley_rest_client_login_finish (client, w.result, error);
  wait_clear (&w);

  return login;
}

static JsonObject *
station_login (GalleyRestClient  *client,
               GError           **error)
{
  Wait w = { 0 };
  JsonObject *reply;

  galley_rest_client_station_login_async (client, "kitchen", "Grill", NULL, wait_cb, &w);
  wait_done (&w);
  reply = galley_rest_client_station_login_finish (client, w.result, error);
  wait_clear (&w);

  return reply;
}

static JsonArray *
list_orders (GalleyRestClient            *client,
             const GalleyRestOrderQuery  *query,
             GError                     **error)
{
  Wait w = { 0 };
  JsonArray *rows;

  galley_rest_client_list_orders_async (client, query, NULL, wait_cb, &w);
  wait_done (&w);
  rows = galley_rest_client_list_orders_finish (client, w.result, error);
  wait_clear (&w);

  return rows;
}

static JsonObject *
get_order (GalleyRestClient  *client,
           const char        *id,
           GError           **error)
{
  Wait w = { 0 };
  JsonObject *row;

  galley_rest_client_get_order_async (client, id, NULL, wait_cb, &w);
  wait_done (&w);
  row = galley_rest_client_get_order_finish (client, w.result, error);
  wait_clear (&w);

  return row;
}

static JsonObject *
create_order (GalleyRestClient  *client,
              const char        *key,
              GError           **error)
{
  g_autoptr(JsonObject) body = galley_json_parse_object (SIMPLE_ORDER_BODY, -1, NULL);
  Wait w = { 0 };
  JsonObject *row;

  g_assert_nonnull (body);
  galley_rest_client_create_order_async (client, body, key, NULL, wait_cb, &w);
  wait_done (&w);
  row = galley_rest_client_create_order_finish (client, w.result, error);
  wait_clear (&w);

  return row;
}

static JsonObject *
set_status (GalleyRestClient  *client,
            const char        *id,
            const char        *status,
            GError           **error)
{
  Wait w = { 0 };
  JsonObject *row;

  galley_rest_client_set_status_async (client, id, status, "from the test", NULL, wait_cb, &w);
  wait_done (&w);
  row = galley_rest_client_set_status_finish (client, w.result, error);
  wait_clear (&w);

  return row;
}

static JsonObject *
set_item_status (GalleyRestClient  *client,
                 const char        *id,
                 const char        *item_id,
                 const char        *status,
                 GError           **error)
{
  Wait w = { 0 };
  JsonObject *row;

  galley_rest_client_set_item_status_async (client, id, item_id, status, NULL, wait_cb, &w);
  wait_done (&w);
  row = galley_rest_client_set_item_status_finish (client, w.result, error);
  wait_clear (&w);

  return row;
}

static JsonObject *
get_menu (GalleyRestClient  *client,
          GError           **error)
{
  Wait w = { 0 };
  JsonObject *menu;

  galley_rest_client_get_menu_async (client, NULL, wait_cb, &w);
  wait_done (&w);
  menu = galley_rest_client_get_menu_finish (client, w.result, error);
  wait_clear (&w);

  return menu;
}

/* ================================================================== helpers */

static const char *
get_string (JsonObject *object,
            const char *member)
{
  const char *value = NULL;

  g_assert_true (galley_json_get_string (object, member, &value));

  return value;
}

/* Requests the demo server received on one route ("PATCH /api/v1/orders/:id/status"). */
static gint64
rest_count (Fixture    *f,
            const char *route)
{
  g_autoptr(JsonObject) stats = galley_demo_server_dup_stats (f->server);
  JsonObject *rest = galley_json_get_object (stats, "rest");
  gint64 n = 0;

  galley_json_get_int (rest, route, &n);

  return n;
}

static gint64
rest_total (Fixture *f)
{
  g_autoptr(JsonObject) stats = galley_demo_server_dup_stats (f->server);
  JsonObject *rest = galley_json_get_object (stats, "rest");
  g_autoptr(GList) members = json_object_get_members (rest);
  gint64 total = 0;

  for (GList *l = members; l != NULL; l = l->next)
    total += json_object_get_int_member (rest, l->data);

  return total;
}

static char *
first_order_id (Fixture *f)
{
  g_autoptr(JsonArray) orders = galley_demo_server_dup_orders (f->server);

  g_assert_cmpuint (json_array_get_length (orders), >, 0);

  return g_strdup (get_string (json_array_get_object_element (orders, 0), "id"));
}

/* A fresh pending order, so that status tests know where they start. */
static char *
new_pending_order (Fixture *f)
{
  g_autoptr(JsonArray) orders = NULL;
  guint n;

  galley_demo_server_generate (f->server, 1);
  orders = galley_demo_server_dup_orders (f->server);
  n = json_array_get_length (orders);

  return g_strdup (get_string (json_array_get_object_element (orders, n - 1), "id"));
}

static const char *
server_status (Fixture    *f,
               const char *id)
{
  static char status[32];
  g_autoptr(JsonObject) row = galley_demo_server_dup_order (f->server, id);

  g_strlcpy (status, get_string (row, "status"), sizeof status);

  return status;
}

static gboolean
strv_has (char       **strv,
          const char  *value)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, value);
}

/* No user-facing message may carry the server's own words. */
static void
assert_user_message (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_null (strstr (error->message, "HTTP"));
  g_assert_null (strstr (error->message, "Invalid state transition"));
  g_assert_null (strstr (error->message, "Internal Server Error"));
  g_assert_null (strstr (error->message, "Service Unavailable"));
  g_assert_null (strstr (error->message, "Unauthorized"));
  g_assert_null (strstr (error->message, "Invalid PIN"));
}

/* ================================================================== session */

static void
test_session_default (void)
{
  GalleyNetSession *a = galley_net_session_get_default ();
  GalleyNetSession *b = galley_net_session_get_default ();
  GalleyNetSession *own = galley_net_session_new ();
  SoupSession *soup = galley_net_session_get_soup (a);
  g_autofree char *agent = NULL;
  guint timeout = 0, idle = 0, max_conns = 0;

  g_assert_true (a == b);
  g_assert_true (own != a);
  g_assert_true (galley_net_session_get_soup (own) != soup);

  g_object_get (soup, "user-agent", &agent, "timeout", &timeout, "idle-timeout", &idle,
                "max-conns", &max_conns, NULL);
  g_assert_cmpstr (agent, ==, "Galley/" PACKAGE_VERSION);
  g_assert_cmpuint (timeout, ==, 30);
  g_assert_cmpuint (idle, ==, 60);
  g_assert_cmpuint (max_conns, >=, 4);
  g_assert_cmpuint (max_conns, <=, 64);
  g_assert_null (soup_session_get_feature (soup, SOUP_TYPE_COOKIE_JAR));
  g_assert_nonnull (soup_session_get_tls_database (soup));   /* verification stays on */

  g_object_unref (b);
  g_assert_finalize_object (own);
  g_assert_finalize_object (a);   /* the last reference frees the shared one */
  galley_test_assert_tracked (SOUP_TYPE_SESSION, 0);

  /* and the next call makes a new one */
  a = galley_net_session_get_default ();
  galley_test_assert_tracked (GALLEY_TYPE_NET_SESSION, 1);
  g_assert_finalize_object (a);
}

/* ================================================================== properties */

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_properties (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GalleyRestClient) client = galley_rest_client_new (f->session);
  g_autoptr(GalleyNetSession) session = NULL;
  g_autofree char *url = NULL;
  guint base_notifies = 0, restaurant_notifies = 0;

  g_signal_connect (client, "notify::base-url", G_CALLBACK (notify_cb), &base_notifies);
  g_signal_connect (client, "notify::restaurant-id", G_CALLBACK (notify_cb),
                    &restaurant_notifies);

  g_assert_null (galley_rest_client_get_base_url (client));
  galley_rest_client_set_base_url (client, "http://127.0.0.1:3001");
  galley_rest_client_set_base_url (client, "http://127.0.0.1:3001");
  g_assert_cmpuint (base_notifies, ==, 1);
  g_object_set (client, "base-url", "http://127.0.0.1:3002", NULL);
  g_assert_cmpuint (base_notifies, ==, 2);
  g_object_get (client, "base-url", &url, "session", &session, NULL);
  g_assert_cmpstr (url, ==, "http://127.0.0.1:3002");
  g_assert_true (session == f->session);

  galley_rest_client_set_restaurant_id (client, RESTAURANT);
  galley_rest_client_set_restaurant_id (client, RESTAURANT);
  g_assert_cmpuint (restaurant_notifies, ==, 1);
  galley_rest_client_set_restaurant_id (client, NULL);
  g_assert_cmpuint (restaurant_notifies, ==, 2);
  g_assert_null (galley_rest_client_get_restaurant_id (client));

  g_assert_false (galley_rest_client_has_token (client));
  galley_rest_client_set_token (client, "a.b.c");
  g_assert_true (galley_rest_client_has_token (client));
  galley_rest_client_sign_out (client);
  g_assert_false (galley_rest_client_has_token (client));

  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_default_session_client (Fixture       *f,
                             gconstpointer  data)
{
  GalleyRestClient *client = galley_rest_client_new (NULL);
  g_autoptr(GalleyNetSession) session = NULL;
  g_autoptr(GalleyNetSession) shared = galley_net_session_get_default ();

  g_object_get (client, "session", &session, NULL);
  g_assert_true (session == shared);
  g_clear_object (&session);
  g_assert_finalize_object (client);
  g_assert_finalize_object (g_steal_pointer (&shared));
}

/* ================================================================== sign-in */

static void
test_login_pin (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GalleyRestLogin) login = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GError) error = NULL;
  gint64 exp = 0;

  login = login_pin (f->client, galley_demo_server_get_pin ("kitchen"), &error);
  g_assert_no_error (error);
  g_assert_nonnull (login);
  g_assert_true (galley_rest_client_has_token (f->client));

  g_assert_cmpstr (login->user_id, ==, "a3c1e2d4-0000-4000-8000-000000000003");
  g_assert_cmpstr (login->email, ==, "kitchen@demo.galley.test");
  g_assert_cmpstr (login->role, ==, "kitchen");
  g_assert_true (strv_has (login->scopes, "orders:read"));
  g_assert_true (strv_has (login->scopes, "orders:status"));
  g_assert_nonnull (login->token);
  g_assert_null (login->refresh_token);

  claims = galley_jwt_decode (login->token, &error);
  g_assert_no_error (error);
  g_assert_true (galley_json_get_int (claims, "exp", &exp));
  g_assert_cmpint (login->expires_at, ==, exp);
  g_assert_cmpint (exp, >, galley_demo_server_now_us (f->server) / G_USEC_PER_SEC);

  /* the token works: a call that needs it succeeds */
  {
    g_autoptr(JsonArray) rows = list_orders (f->client, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (rows);
  }
}

static void
test_login_pin_failures (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GalleyRestClient) unset = galley_rest_client_new (f->session);
  g_autoptr(GError) error = NULL;
  GalleyRestLogin *login;

  /* a PIN of the wrong form, or no restaurant: refused before any request */
  login = login_pin (f->client, "12", &error);
  g_assert_null (login);
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_INVALID_REQUEST);
  assert_user_message (error);
  g_clear_error (&error);
  login = login_pin (f->client, "12a4", &error);
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_INVALID_REQUEST);
  g_clear_error (&error);
  galley_rest_client_set_base_url (unset, f->base_url);
  login = login_pin (unset, "2222", &error);
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_INVALID_REQUEST);
  g_clear_error (&error);
  g_assert_cmpint (rest_total (f), ==, 0);

  /* a wrong PIN: 401, in a cook's words */
  login = login_pin (f->client, "0000", &error);
  g_assert_null (login);
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "PIN was not accepted"));
  assert_user_message (error);
  g_clear_error (&error);
  g_assert_false (galley_rest_client_has_token (f->client));

  /* five wrong ones lock the terminal out: 429 */
  for (guint i = 0; i < 4; i++)
    {
      login = login_pin (f->client, "0000", &error);
      g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_UNAUTHORIZED);
      g_clear_error (&error);
    }
  login = login_pin (f->client, galley_demo_server_get_pin ("kitchen"), &error);
  g_assert_null (login);
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_RATE_LIMITED);
  g_assert_cmpstr (error->message, ==, "Too many wrong PINs. Wait 15 minutes and try again.");
  g_clear_error (&error);
  g_assert_false (galley_rest_client_has_token (f->client));

  /* sign-in is never retried */
  g_assert_cmpint (rest_count (f, "POST /api/v1/auth/pin-login"), ==, 6);
  g_assert_finalize_object (g_steal_pointer (&unset));
}

static void
test_login_email_refresh (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GalleyRestLogin) first = NULL, second = NULL;
  g_autoptr(GError) error = NULL;
  GalleyRestLogin *none;

  none = login_email (f->client, MANAGER_EMAIL, "wrong", &error);
  g_assert_null (none);
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_UNAUTHORIZED);
  assert_user_message (error);
  g_clear_error (&error);

  first = login_email (f->client, MANAGER_EMAIL, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->role, ==, "manager");
  g_assert_cmpstr (first->email, ==, MANAGER_EMAIL);
  g_assert_cmpstr (first->user_id, ==, "a3c1e2d4-0000-4000-8000-000000000002");
  g_assert_true (strv_has (first->scopes, "staff:manage"));
  g_assert_nonnull (first->token);
  g_assert_nonnull (first->refresh_token);
  g_assert_cmpint (first->expires_at, >, 0);
  g_assert_true (galley_rest_client_has_token (f->client));

  /* the answer of /auth/refresh has no user: the fields come from the token's claims */
  galley_rest_client_sign_out (f->client);
  second = refresh (f->client, first->refresh_token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second->role, ==, "manager");
  g_assert_cmpstr (second->email, ==, MANAGER_EMAIL);
  g_assert_cmpstr (second->user_id, ==, first->user_id);
  g_assert_true (strv_has (second->scopes, "staff:manage"));
  g_assert_nonnull (second->refresh_token);
  g_assert_cmpstr (second->refresh_token, !=, first->refresh_token);
  g_assert_cmpint (second->expires_at, >, 0);
  g_assert_true (galley_rest_client_has_token (f->client));

  /* a refresh token works once */
  none = refresh (f->client, first->refresh_token, &error);
  g_assert_null (none);
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  {
    g_autoptr(JsonObject) menu = get_menu (f->client, &error);

    g_assert_no_error (error);
    g_assert_nonnull (menu);
  }
}

static void
test_station_login (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GalleyRestLogin) login = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (station_login (f->client, &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  g_assert_cmpint (rest_total (f), ==, 0);

  login = login_pin (f->client, galley_demo_server_get_pin ("kitchen"), &error);
  g_assert_no_error (error);
  g_assert_null (station_login (f->client, &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_FORBIDDEN);
  assert_user_message (error);
  g_clear_error (&error);
  g_clear_pointer (&login, galley_rest_login_free);

  login = login_pin (f->client, galley_demo_server_get_pin ("manager"), &error);
  g_assert_no_error (error);
  reply = station_login (f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (get_string (reply, "stationType"), ==, "kitchen");
  g_assert_cmpstr (get_string (reply, "stationName"), ==, "Grill");
  g_assert_nonnull (get_string (reply, "token"));
}

/* ================================================================== orders and menu */

static void
test_orders_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GalleyRestLogin) login = NULL;
  g_autoptr(JsonArray) all = NULL, some = NULL, page = NULL, none = NULL, pending = NULL;
  g_autoptr(JsonObject) row = NULL, menu = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *item_id;
  GalleyRestOrderQuery query = { 0 };
  gint64 now = galley_demo_server_now_us (f->server);
  guint n;

  galley_demo_server_generate (f->server, 3);
  n = galley_demo_server_get_n_orders (f->server);
  g_assert_cmpuint (n, >=, 3);

  login = login_pin (f->client, galley_demo_server_get_pin ("kitchen"), &error);
  g_assert_no_error (error);

  all = list_orders (f->client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (all), ==, MIN (n, 50));

  query.limit = 2;
  some = list_orders (f->client, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (some), ==, 2);
  query.offset = 1;
  page = list_orders (f->client, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (get_string (json_array_get_object_element (page, 0), "id"), ==,
                   get_string (json_array_get_object_element (some, 1), "id"));

  query = (GalleyRestOrderQuery) { .start_date = now + G_USEC_PER_SEC * (gint64) 3600 };
  none = list_orders (f->client, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (none), ==, 0);

  query = (GalleyRestOrderQuery) { .status = "pending", .type = "online",
                                   .start_date = now - G_USEC_PER_SEC * (gint64) 24 * 3600,
                                   .end_date = now + G_USEC_PER_SEC * (gint64) 3600, .limit = 50 };
  pending = list_orders (f->client, &query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (pending); i++)
    {
      JsonObject *o = json_array_get_object_element (pending, i);

      g_assert_cmpstr (get_string (o, "status"), ==, "pending");
      g_assert_cmpstr (get_string (o, "type"), ==, "online");
    }

  /* get, then walk the legal chain with PATCHes (which need the CSRF pair) */
  id = new_pending_order (f);
  row = get_order (f->client, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (get_string (row, "id"), ==, id);
  g_assert_cmpstr (get_string (row, "status"), ==, "pending");
  item_id = get_string (json_array_get_object_element (galley_json_get_array (row, "items"), 0),
                        "id");

  {
    static const char * const chain[] = { "confirmed", "preparing", "ready" };

    for (guint i = 0; i < G_N_ELEMENTS (chain); i++)
      {
        g_autoptr(JsonObject) updated = set_status (f->client, id, chain[i], &error);

        g_assert_no_error (error);
        g_assert_cmpstr (get_string (updated, "status"), ==, chain[i]);
        g_assert_cmpstr (server_status (f, id), ==, chain[i]);
      }
  }

  {
    g_autoptr(JsonObject) updated = set_item_status (f->client, id, item_id, "ready", &error);
    JsonObject *item;

    g_assert_no_error (error);
    item = json_array_get_object_element (galley_json_get_array (updated, "items"), 0);
    g_assert_cmpstr (get_string (item, "id"), ==, item_id);
    g_assert_cmpstr (get_string (item, "status"), ==, "ready");
  }

  menu = get_menu (f->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (galley_json_get_array (menu, "categories"));
  g_assert_cmpuint (json_array_get_length (galley_json_get_array (menu, "items")), >, 0);

  g_assert_cmpint (rest_count (f, "PATCH /api/v1/orders/:id/status"), ==, 3);
  g_assert_cmpint (rest_count (f, "PATCH /api/v1/orders/:id/items/:id/status"), ==, 1);
}

static void
test_create_order (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GalleyRestLogin) login = NULL;
  g_autoptr(JsonObject) a = NULL, b = NULL, c = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) stored = NULL;
  guint n = galley_demo_server_get_n_orders (f->server);

  /* kitchen staff may not take orders */
  login = login_pin (f->client, galley_demo_server_get_pin ("kitchen"), &error);
  g_assert_no_error (error);
  g_assert_null (create_order (f->client, NULL, &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_clear_pointer (&login, galley_rest_login_free);

  login = login_pin (f->client, galley_demo_server_get_pin ("manager"), &error);
  g_assert_no_error (error);
  a = create_order (f->client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (get_string (a, "status"), ==, "pending");
  g_assert_cmpuint (galley_demo_server_get_n_orders (f->server), ==, n + 1);
  stored = galley_demo_server_dup_order (f->server, get_string (a, "id"));
  g_assert_nonnull (stored);
  g_assert_cmpstr (get_string (stored, "customer_name"), ==, "Ada");

  /* the Idempotency-Key header reaches the server (which honours it with this option) */
  g_assert_true (galley_demo_server_set_option (f->server, "idempotency_key", "on", NULL));
  b = create_order (f->client, "key-1", &error);
  g_assert_no_error (error);
  c = create_order (f->client, "key-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (get_string (b, "id"), ==, get_string (c, "id"));
  g_assert_cmpuint (galley_demo_server_get_n_orders (f->server), ==, n + 2);
}

static void
test_base_url (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *with_prefix = g_strconcat (f->base_url, "/api/v1/", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) menu = NULL;

  galley_rest_client_set_base_url (f->client, with_prefix);
  menu = get_menu (f->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (menu);

  galley_rest_client_set_base_url (f->client, NULL);
  g_assert_null (get_menu (f->client, &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NETWORK);
  assert_user_message (error);
  g_clear_error (&error);
  galley_rest_client_set_base_url (f->client, "ftp://127.0.0.1/");
  g_assert_null (get_menu (f->client, &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpint (rest_total (f), ==, 1);
}

/* ================================================================== headers */

static void
test_headers (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RawServer) raw = raw_server_new ();
  g_autoptr(GalleyRestLogin) login = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = raw_url (raw);
  g_autofree char *auth = NULL, *cookie = NULL, *csrf = NULL, *first_csrf = NULL;
  g_autofree char *request_id = NULL, *agent = NULL, *bearer = NULL, *ctype = NULL;
  g_autofree char *accept = NULL, *restaurant = NULL, *key = NULL;

  login = login_pin (f->client, galley_demo_server_get_pin ("manager"), &error);
  g_assert_no_error (error);
  bearer = g_strconcat ("Bearer ", login->token, NULL);

  galley_rest_client_set_base_url (f->client, url);
  raw_respond_text (raw, 200, "{\"id\":\"x\",\"status\":\"ready\"}");

  /* a mutation: Bearer, restaurant, request id, JSON both ways, the CSRF pair */
  {
    g_autoptr(JsonObject) row = set_status (f->client, "order-1", "ready", &error);

    g_assert_no_error (error);
    g_assert_nonnull (row);
  }
  g_assert_cmpuint (raw->hits, ==, 1);
  g_assert_true (g_str_has_prefix (raw->last_request->str,
                                   "PATCH /api/v1/orders/order-1/status HTTP/1.1\r\n"));
  auth = raw_header (raw, "Authorization");
  g_assert_cmpstr (auth, ==, bearer);
  restaurant = raw_header (raw, "x-restaurant-id");
  g_assert_cmpstr (restaurant, ==, RESTAURANT);
  request_id = raw_header (raw, "X-Request-ID");
  g_assert_true (g_uuid_string_is_valid (request_id));
  accept = raw_header (raw, "Accept");
  g_assert_cmpstr (accept, ==, "application/json");
  ctype = raw_header (raw, "Content-Type");
  g_assert_cmpstr (ctype, ==, "application/json");
  agent = raw_header (raw, "User-Agent");
  g_assert_cmpstr (agent, ==, "Galley/" PACKAGE_VERSION);
  csrf = raw_header (raw, "X-CSRF-Token");
  g_assert_nonnull (csrf);
  g_assert_cmpuint (strlen (csrf), >=, 16);
  cookie = raw_header (raw, "Cookie");
  g_assert_cmpuint (raw_header_count (raw, "Cookie"), ==, 1);
  {
    /* exactly our CSRF cookie: the auth_token cookie the login answer set was not kept */
    g_autofree char *expected = g_strconcat ("csrf_token=", csrf, NULL);

    g_assert_cmpstr (cookie, ==, expected);
  }
  g_assert_true (g_str_has_suffix (raw->last_request->str,
                                   "{\"status\":\"ready\",\"notes\":\"from the test\"}"));
  first_csrf = g_steal_pointer (&csrf);
  g_clear_pointer (&cookie, g_free);

  /* a read: no CSRF pair, no body */
  {
    g_autoptr(JsonObject) row = get_order (f->client, "order-1", &error);

    g_assert_no_error (error);
    g_assert_nonnull (row);
  }
  g_assert_true (g_str_has_prefix (raw->last_request->str, "GET /api/v1/orders/order-1 "));
  g_assert_cmpuint (raw_header_count (raw, "Cookie"), ==, 0);
  g_assert_cmpuint (raw_header_count (raw, "X-CSRF-Token"), ==, 0);
  g_assert_cmpuint (raw_header_count (raw, "Authorization"), ==, 1);

  /* ids are escaped into one path segment */
  {
    g_autoptr(JsonObject) row = get_order (f->client, "../menu?x=1", &error);

    g_assert_no_error (error);
    g_assert_nonnull (row);
  }
  g_assert_true (g_str_has_prefix (raw->last_request->str,
                                   "GET /api/v1/orders/..%2Fmenu%3Fx%3D1 "));

  /* the Idempotency-Key header */
  {
    g_autoptr(JsonObject) row = create_order (f->client, "key-42", &error);

    g_assert_no_error (error);
    g_assert_nonnull (row);
  }
  key = raw_header (raw, "Idempotency-Key");
  g_assert_cmpstr (key, ==, "key-42");

  /* a new token brings a new CSRF value */
  galley_rest_client_set_token (f->client, login->token);
  {
    g_autoptr(JsonObject) row = set_status (f->client, "order-1", "ready", &error);

    g_assert_no_error (error);
    g_assert_nonnull (row);
  }
  csrf = raw_header (raw, "X-CSRF-Token");
  g_assert_cmpstr (csrf, !=, first_csrf);

  /* sign-in calls carry no old token */
  raw_respond_text (raw, 401, "{\"error\":{\"message\":\"Invalid PIN\"}}");
  g_assert_null (login_pin (f->client, "2222", &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_cmpuint (raw_header_count (raw, "Authorization"), ==, 0);
  g_assert_true (g_str_has_suffix (raw->last_request->str,
                                   "{\"pin\":\"2222\",\"restaurantId\":\"" RESTAURANT "\"}"));

  /* signed out: nothing is sent */
  galley_rest_client_sign_out (f->client);
  raw->hits = 0;
  g_assert_null (set_status (f->client, "order-1", "ready", &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_SIGNED_IN);
  g_assert_cmpuint (raw->hits, ==, 0);
}

/* ================================================================== errors */

typedef struct
{
  guint            status;
  GalleyRestError  code;
  gboolean         warns;
} StatusCase;

static void
test_error_status (Fixture       *f,
                   gconstpointer  data)
{
  static const StatusCase cases[] = {
    { 400, GALLEY_REST_ERROR_INVALID_REQUEST, FALSE },
    { 401, GALLEY_REST_ERROR_UNAUTHORIZED, FALSE },
    { 403, GALLEY_REST_ERROR_FORBIDDEN, FALSE },
    { 404, GALLEY_REST_ERROR_NOT_FOUND, FALSE },
    { 409, GALLEY_REST_ERROR_CONFLICT, FALSE },
    { 422, GALLEY_REST_ERROR_INVALID_REQUEST, FALSE },
    { 429, GALLEY_REST_ERROR_RATE_LIMITED, FALSE },
    { 500, GALLEY_REST_ERROR_SERVER, TRUE },
    { 502, GALLEY_REST_ERROR_SERVER, TRUE },
    { 503, GALLEY_REST_ERROR_SERVER, TRUE },
  };
  g_autofree char *id = first_order_id (f);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* a client each: warnings are rate-limited per client */
      g_autoptr(GalleyRestClient) client = new_client (f, "kitchen");
      g_autoptr(GError) error = NULL;
      gint64 before = rest_count (f, "PATCH /api/v1/orders/:id/status");
      g_autofree char *pattern = g_strdup_printf ("*HTTP %u*", cases[i].status);

      galley_demo_server_fail_rest (f->server, "/status", cases[i].status, 1);
      if (cases[i].warns)
        g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING, pattern);
      g_assert_null (set_status (client, id, "confirmed", &error));
      g_test_assert_expected_messages ();

      g_assert_error (error, GALLEY_REST_ERROR, (int) cases[i].code);
      assert_user_message (error);
      /* a PATCH is never retried here */
      g_assert_cmpint (rest_count (f, "PATCH /api/v1/orders/:id/status"), ==, before + 1);
      g_assert_finalize_object (g_steal_pointer (&client));
    }

  /* the same through GETs that fail for real, without retries on 4xx */
  {
    g_autoptr(GalleyRestClient) client = new_client (f, "kitchen");
    g_autoptr(GError) error = NULL;

    g_assert_null (get_order (client, "no-such-order", &error));
    g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_FOUND);
    g_assert_cmpstr (error->message, ==, "That order no longer exists on the server.");
    g_assert_cmpint (rest_count (f, "GET /api/v1/orders/:id"), ==, 1);
    g_clear_error (&error);

    galley_rest_client_set_token (client, "not-a-token");
    g_assert_null (list_orders (client, NULL, &error));
    g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_UNAUTHORIZED);
    g_assert_cmpint (rest_count (f, "GET /api/v1/orders"), ==, 1);
    g_clear_error (&error);

    galley_demo_server_expire_tokens (f->server);
    galley_rest_client_set_token (client, NULL);
    {
      g_autofree char *token = galley_demo_server_issue_token (f->server, "kitchen", 3600);

      galley_rest_client_set_token (client, token);
    }
    g_assert_null (get_order (client, id, &error));
    g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_UNAUTHORIZED);
    g_assert_finalize_object (g_steal_pointer (&client));
  }
}

static void
test_error_transition (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RawServer) raw = raw_server_new ();
  g_autoptr(GalleyRestClient) client = new_client (f, "kitchen");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = new_pending_order (f);
  g_autofree char *url = raw_url (raw);

  /* pending → ready skips steps: the server's 500, with the two statuses in plain words */
  g_assert_null (set_status (client, id, "ready", &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_INVALID_TRANSITION);
  g_assert_nonnull (strstr (error->message, "Pending"));
  g_assert_nonnull (strstr (error->message, "Ready"));
  assert_user_message (error);
  g_clear_error (&error);
  g_assert_cmpstr (server_status (f, id), ==, "pending");

  /* X → X is illegal too */
  g_assert_null (set_status (client, id, "pending", &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);
  g_assert_cmpint (rest_count (f, "PATCH /api/v1/orders/:id/status"), ==, 2);

  /* the version conflict's 500, which the demo server cannot produce */
  galley_rest_client_set_base_url (client, url);
  raw_respond_text (raw, 500, "{\"error\":{\"message\":\"Order status update conflict for "
                              "order 42\",\"code\":\"INTERNAL_ERROR\",\"statusCode\":500}}");
  g_assert_null (set_status (client, id, "confirmed", &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_INVALID_TRANSITION);
  assert_user_message (error);
  g_assert_null (strstr (error->message, "42"));
  g_clear_error (&error);

  /* an unreadable transition message still says which status was refused */
  raw_respond_text (raw, 500, "{\"error\":\"Invalid state transition: ??? → !!!\"}");
  g_assert_null (set_status (client, id, "confirmed", &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_INVALID_TRANSITION);
  g_assert_nonnull (strstr (error->message, "Confirmed"));
  g_assert_null (strstr (error->message, "???"));
  g_clear_error (&error);

  /* the other two error shapes parse too, and a plain 500 is a SERVER error */
  raw_respond_text (raw, 500, "{\"error\":\"Something broke\"}");
  g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING, "*HTTP 500: Something broke*");
  g_assert_null (set_status (client, id, "confirmed", &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_SERVER);
  g_clear_error (&error);
  g_assert_cmpuint (raw->hits, ==, 3);

  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_error_timeout (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GalleyRestClient) client = new_client (f, "kitchen");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = first_order_id (f);
  gint64 start;

  galley_rest_client_set_timeout (client, 200);
  galley_demo_server_stall_rest (f->server, "/orders");

  /* a PATCH: one attempt, then TIMEOUT */
  start = g_get_monotonic_time ();
  g_assert_null (set_status (client, id, "confirmed", &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_TIMEOUT);
  g_assert_cmpstr (error->message, ==,
                   "The restaurant server did not answer in time. Galley will try again.");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * 1000);
  g_assert_cmpint (rest_count (f, "PATCH /api/v1/orders/:id/status"), ==, 1);
  g_assert_cmpuint (galley_test_count_sources ("galley-rest-client-"), ==, 0);
  g_clear_error (&error);

  /* a GET: the first try and three retries */
  g_assert_null (get_order (client, id, &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_TIMEOUT);
  g_assert_cmpint (rest_count (f, "GET /api/v1/orders/:id"), ==, 4);
  g_assert_cmpuint (galley_test_count_sources ("galley-rest-client-"), ==, 0);

  galley_demo_server_clear_faults (f->server);
  g_assert_finalize_object (g_steal_pointer (&client));
  g_assert_true (galley_test_spin_until (no_messages, NULL, WAIT_MS));
}

static void
test_error_network (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GalleyRestClient) client = new_client (f, "kitchen");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) menu = get_menu (client, &error);
  gint64 start;

  g_assert_no_error (error);
  g_assert_nonnull (menu);
  galley_demo_server_stop (f->server);

  /* a PATCH fails at once */
  start = g_get_monotonic_time ();
  g_assert_null (set_status (client, "some-order", "confirmed", &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NETWORK);
  assert_user_message (error);
  g_clear_error (&error);

  /* a GET waits 10 + 20 + 40 ms (plus jitter) between its four attempts */
  g_assert_null (list_orders (client, NULL, &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NETWORK);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 70 * 1000);
  g_assert_cmpuint (galley_test_count_sources ("galley-rest-client-"), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_error_bad_response (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RawServer) raw = raw_server_new ();
  g_autofree char *url = raw_url (raw);
  g_autofree guint8 *huge = g_malloc (HUGE_BODY);
  g_autofree char *deep = g_strnfill (200000, '[');
  enum { GET_ORDER, LIST, LOGIN };
  struct
  {
    const char   *what;
    int           call;
    guint         status;
    const char   *headers;
    const guint8 *body;
    gsize         len;
    gboolean      length;
    const char   *warning;
  } cases[] = {
    { "not JSON", GET_ORDER, 200, NULL, (const guint8 *) "<html>oops</html>", 17, TRUE,
      "*not JSON*" },
    { "empty", GET_ORDER, 200, NULL, (const guint8 *) "", 0, TRUE, "*not JSON*" },
    { "truncated", GET_ORDER, 200, NULL, (const guint8 *) "{\"id\":", 6, TRUE, "*not JSON*" },
    { "array for object", GET_ORDER, 200, NULL, (const guint8 *) "[]", 2, TRUE,
      "*JsonArray where a JSON object*" },
    { "object for array", LIST, 200, NULL, (const guint8 *) "{}", 2, TRUE,
      "*JsonObject where a JSON array*" },
    { "announced too large", GET_ORDER, 200, "Content-Length: 20000000\r\n",
      (const guint8 *) "{}", 2, FALSE, "*announcing 20000000 bytes*" },
    { "too large", LIST, 200, NULL, huge, HUGE_BODY, FALSE, "*larger than 16777216*" },
    { "too deep", LIST, 200, NULL, (const guint8 *) deep, 200000, TRUE, "*deeper than*" },
    { "redirect", GET_ORDER, 302, "Location: http://127.0.0.1:9/elsewhere\r\n",
      (const guint8 *) "{}", 2, TRUE, "*HTTP 302*" },
    { "login without token", LOGIN, 200, NULL, (const guint8 *) "{\"user\":{}}", 11, TRUE,
      "*unusable session*" },
  };

  memset (huge, 'a', HUGE_BODY);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GalleyRestClient) client = new_client (f, "kitchen");
      g_autoptr(GError) error = NULL;
      gpointer result = NULL;

      g_test_message ("case: %s", cases[i].what);
      galley_rest_client_set_base_url (client, url);
      raw_respond (raw, cases[i].status, cases[i].headers, cases[i].body, cases[i].len,
                   cases[i].length);
      raw->hits = 0;

      g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING, cases[i].warning);
      if (cases[i].call == GET_ORDER)
        result = get_order (client, "order-1", &error);
      else if (cases[i].call == LIST)
        result = list_orders (client, NULL, &error);
      else
        result = login_pin (client, "2222", &error);
      g_test_assert_expected_messages ();

      g_assert_null (result);
      g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_BAD_RESPONSE);
      assert_user_message (error);
      /* not retried, and the redirect not followed */
      g_assert_cmpuint (raw->hits, ==, 1);
      g_assert_finalize_object (g_steal_pointer (&client));
    }
}

static void
test_not_signed_in (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) menu = NULL;

  g_assert_false (galley_rest_client_has_token (f->client));

  g_assert_null (list_orders (f->client, NULL, &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_SIGNED_IN);
  g_assert_cmpstr (error->message, ==, "Galley is not signed in. Sign in again.");
  g_clear_error (&error);
  g_assert_null (get_order (f->client, "x", &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  g_assert_null (create_order (f->client, NULL, &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  g_assert_null (set_status (f->client, "x", "ready", &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  g_assert_null (set_item_status (f->client, "x", "y", "ready", &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  g_assert_cmpint (rest_total (f), ==, 0);
  g_assert_cmpuint (galley_test_tracked_count (SOUP_TYPE_MESSAGE), ==, 0);

  /* the menu needs no token: the restaurant header is enough */
  menu = get_menu (f->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (menu);
  g_assert_cmpint (rest_total (f), ==, 1);
}

/* ================================================================== retries */

static void
test_retry_get (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GalleyRestClient) client = new_client (f, "kitchen");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(JsonObject) menu = NULL;
  g_autofree char *id = first_order_id (f);

  /* two 503s, then success; one warning (the second is rate-limited) */
  galley_demo_server_fail_rest (f->server, "/orders", 503, 2);
  g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING, "*GET /api/v1/orders: HTTP 503*");
  rows = list_orders (client, NULL, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_nonnull (rows);
  g_assert_cmpint (rest_count (f, "GET /api/v1/orders"), ==, 3);

  /* 429 is retried too, quietly */
  galley_demo_server_fail_rest (f->server, "/menu", 429, 3);
  menu = get_menu (client, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rest_count (f, "GET /api/v1/menu"), ==, 4);

  /* at most three retries */
  galley_demo_server_fail_rest (f->server, "/orders/", 500, 10);
  g_assert_null (get_order (client, id, &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_SERVER);
  g_assert_cmpint (rest_count (f, "GET /api/v1/orders/:id"), ==, 4);
  g_clear_error (&error);

  /* never on 4xx */
  galley_demo_server_fail_rest (f->server, "/orders/", 403, 10);
  g_assert_null (get_order (client, id, &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_FORBIDDEN);
  g_assert_cmpint (rest_count (f, "GET /api/v1/orders/:id"), ==, 5);

  galley_demo_server_clear_faults (f->server);
  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_retry_patch (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GalleyRestClient) client = new_client (f, "kitchen");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) log = NULL;
  g_autofree char *id = new_pending_order (f);
  guint patches = 0;

  galley_demo_server_clear_log (f->server);
  galley_demo_server_fail_rest (f->server, "/status", 503, 2);
  g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING, "*HTTP 503*");
  g_assert_null (set_status (client, id, "confirmed", &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_SERVER);

  /* exactly one request reached the server, and nothing more follows */
  galley_test_spin_for (QUIET_MS);
  g_assert_cmpint (rest_count (f, "PATCH /api/v1/orders/:id/status"), ==, 1);
  log = galley_demo_server_dup_log (f->server);
  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      JsonObject *entry = json_array_get_object_element (log, i);
      const char *method = NULL;

      if (galley_json_get_string (entry, "method", &method) && strcmp (method, "PATCH") == 0)
        patches++;
    }
  g_assert_cmpuint (patches, ==, 1);
  g_assert_cmpstr (server_status (f, id), ==, "pending");
  g_assert_cmpuint (galley_test_count_sources ("galley-rest-client-"), ==, 0);

  galley_demo_server_clear_faults (f->server);
  g_assert_finalize_object (g_steal_pointer (&client));
}

/* ================================================================== cancellation */

static gboolean
request_arrived (gpointer data)
{
  Fixture *f = data;

  return rest_total (f) > 0;
}

static gboolean
login_arrived (gpointer data)
{
  return rest_count (data, "POST /api/v1/auth/pin-login") > 0;
}

static gboolean
retry_pending (gpointer data)
{
  return galley_test_count_sources ("galley-rest-client-retry") == 1;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GalleyRestClient) client = new_client (f, "kitchen");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = first_order_id (f);
  Wait w = { 0 };

  /* in flight: the request reached the server, which does not answer */
  galley_demo_server_stall_rest (f->server, "/orders");
  galley_rest_client_list_orders_async (client, NULL, cancellable, wait_cb, &w);
  g_assert_true (galley_test_spin_until (request_arrived, f, WAIT_MS));
  g_assert_cmpuint (galley_test_count_sources ("galley-rest-client-timeout"), ==, 1);
  g_cancellable_cancel (cancellable);
  wait_done (&w);
  g_assert_null (galley_rest_client_list_orders_finish (client, w.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  wait_clear (&w);
  g_assert_cmpuint (galley_test_count_sources ("galley-rest-client-"), ==, 0);
  galley_test_spin_for (QUIET_MS);
  g_assert_cmpuint (w.calls, ==, 1);
  g_assert_true (galley_test_spin_until (no_messages, NULL, WAIT_MS));
  g_assert_cmpint (rest_total (f), ==, 1);

  /* already cancelled: nothing is sent */
  w = (Wait) { 0 };
  galley_rest_client_get_order_async (client, id, cancellable, wait_cb, &w);
  wait_done (&w);
  g_assert_null (galley_rest_client_get_order_finish (client, w.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  wait_clear (&w);
  g_assert_cmpint (rest_total (f), ==, 1);
  galley_demo_server_clear_faults (f->server);

  /* while waiting to retry: the retry source goes at once */
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  w = (Wait) { 0 };
  galley_rest_client_set_retry_delay (client, 60000);
  galley_demo_server_fail_rest (f->server, "/menu", 503, 5);
  g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING, "*HTTP 503*");
  galley_rest_client_get_menu_async (client, cancellable, wait_cb, &w);
  g_assert_true (galley_test_spin_until (retry_pending, NULL, WAIT_MS));
  g_test_assert_expected_messages ();
  g_cancellable_cancel (cancellable);
  if (galley_test_count_sources ("galley-rest-client-") != 0)
    galley_test_dump_sources ();
  g_assert_cmpuint (galley_test_count_sources ("galley-rest-client-"), ==, 0);
  wait_done (&w);
  g_assert_null (galley_rest_client_get_menu_finish (client, w.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  wait_clear (&w);
  g_assert_cmpint (rest_count (f, "GET /api/v1/menu"), ==, 1);
  galley_demo_server_clear_faults (f->server);

  /* a cancelled sign-in does not sign the client in */
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  w = (Wait) { 0 };
  galley_rest_client_sign_out (client);
  galley_demo_server_stall_rest (f->server, "/auth");
  galley_rest_client_login_pin_async (client, galley_demo_server_get_pin ("kitchen"),
                                      cancellable, wait_cb, &w);
  g_assert_true (galley_test_spin_until (login_arrived, f, WAIT_MS));
  g_cancellable_cancel (cancellable);
  wait_done (&w);
  g_assert_null (galley_rest_client_login_finish (client, w.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  wait_clear (&w);
  galley_test_spin_for (QUIET_MS);
  g_assert_false (galley_rest_client_has_token (client));
  g_assert_cmpuint (w.calls, ==, 1);

  galley_demo_server_clear_faults (f->server);
  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_dispose_in_flight (Fixture       *f,
                        gconstpointer  data)
{
  GalleyRestClient *client = new_client (f, "kitchen");
  g_autofree char *id = first_order_id (f);
  Wait w[4] = { { 0 } };

  galley_demo_server_stall_rest (f->server, "/orders");
  galley_demo_server_fail_rest (f->server, "/menu", 503, 10);
  galley_rest_client_set_retry_delay (client, 60000);

  galley_rest_client_list_orders_async (client, NULL, NULL, wait_cb, &w[0]);
  galley_rest_client_get_order_async (client, id, NULL, wait_cb, &w[1]);
  galley_rest_client_set_status_async (client, id, "confirmed", NULL, NULL, wait_cb, &w[2]);
  g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING, "*HTTP 503*");
  galley_rest_client_get_menu_async (client, NULL, wait_cb, &w[3]);
  g_assert_true (galley_test_spin_until (retry_pending, NULL, WAIT_MS));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (galley_test_count_sources ("galley-rest-client-timeout"), ==, 3);

  /* nothing in flight keeps the client alive, and its timers go with it */
  g_assert_finalize_object (client);
  g_assert_cmpuint (galley_test_count_sources ("galley-rest-client-"), ==, 0);

  /* each callback comes once, with CANCELLED; the _finish functions take a NULL client */
  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    wait_done (&w[i]);
  {
    g_autoptr(GError) e0 = NULL, e1 = NULL, e2 = NULL, e3 = NULL;

    g_assert_null (galley_rest_client_list_orders_finish (NULL, w[0].result, &e0));
    g_assert_error (e0, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (galley_rest_client_get_order_finish (NULL, w[1].result, &e1));
    g_assert_error (e1, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (galley_rest_client_set_status_finish (NULL, w[2].result, &e2));
    g_assert_error (e2, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (galley_rest_client_get_menu_finish (NULL, w[3].result, &e3));
    g_assert_error (e3, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    wait_clear (&w[i]);

  galley_test_spin_for (QUIET_MS);
  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    g_assert_cmpuint (w[i].calls, ==, 1);
  g_assert_true (galley_test_spin_until (no_messages, NULL, WAIT_MS));
  g_assert_cmpuint (galley_test_count_sources ("galley-rest-client-"), ==, 0);
  galley_demo_server_clear_faults (f->server);
}

/* ================================================================== lifecycle */

typedef struct
{
  guint  done;
} Cycle;

static void
cycle_list_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = galley_rest_client_list_orders_finish (NULL, result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  ((Cycle *) user_data)->done++;
}

static void
cycle_order_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = galley_rest_client_get_order_finish (NULL, result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (row);
  ((Cycle *) user_data)->done++;
}

static void
cycle_menu_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) menu = galley_rest_client_get_menu_finish (NULL, result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (menu);
  ((Cycle *) user_data)->done++;
}

static gboolean
cycle_done (gpointer data)
{
  return ((Cycle *) data)->done == 3;
}

static void
lifecycle_cycle (Fixture    *f,
                 const char *token,
                 const char *id)
{
  GalleyRestClient *client = galley_rest_client_new (NULL);
  Cycle c = { 0 };

  galley_rest_client_set_base_url (client, f->base_url);
  galley_rest_client_set_restaurant_id (client, RESTAURANT);
  galley_rest_client_set_token (client, token);

  galley_rest_client_get_menu_async (client, NULL, cycle_menu_cb, &c);
  galley_rest_client_list_orders_async (client, NULL, NULL, cycle_list_cb, &c);
  galley_rest_client_get_order_async (client, id, NULL, cycle_order_cb, &c);
  g_assert_true (galley_test_spin_until (cycle_done, &c, WAIT_MS));

  g_assert_finalize_object (client);
}

static gboolean
fds_back (gpointer data)
{
  const GalleyTestBaseline *base = data;
  g_auto (GStrv) now = galley_resources_list_fds ();

  for (guint i = 0; now[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) base->fds, now[i]))
      return FALSE;

  return TRUE;
}

static void
test_lifecycle (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GalleyNetSession) shared = galley_net_session_get_default ();
  SoupSession *soup = galley_net_session_get_soup (shared);
  g_auto (GalleyTestBaseline) base = { 0 };
  g_autofree char *token = galley_demo_server_issue_token (f->server, "kitchen", 3600);
  g_autofree char *id = first_order_id (f);
  guint n = galley_test_iterations (200);

  /* warm-up: GLib's process-wide fds, the first connections */
  lifecycle_cycle (f, token, id);
  soup_session_abort (soup);
  galley_test_drain_main_context ();
  galley_test_baseline_take (&base);

  for (guint i = 0; i < n; i++)
    {
      lifecycle_cycle (f, token, id);
      g_assert_cmpint (galley_test_tracked_count (GALLEY_TYPE_NET_SESSION), ==, 1);
    }

  galley_test_assert_tracked (GALLEY_TYPE_REST_CLIENT, 0);
  g_assert_true (galley_test_spin_until (no_messages, NULL, WAIT_MS));
  galley_test_assert_tracked (SOUP_TYPE_MESSAGE, 0);
  g_assert_cmpint (galley_test_tracked_count (SOUP_TYPE_SESSION), <=, 1);
  g_assert_cmpuint (galley_test_count_sources ("galley-rest-client-"), ==, 0);

  /* the pool's idle connections are the session's, not a leak: close them, then compare */
  soup_session_abort (soup);
  galley_test_spin_until (fds_back, &base, WAIT_MS);
  galley_test_baseline_assert (&base);

  g_assert_finalize_object (g_steal_pointer (&shared));
  galley_test_assert_tracked (SOUP_TYPE_SESSION, 0);
}

/* ================================================================== secrets in the log */

typedef struct
{
  GString  *text;
  GLogFunc  previous;
  gpointer  previous_data;
} Capture;

static Capture capture;

/* Sees every message, debug included, whatever G_MESSAGES_DEBUG says, then passes it on. */
static void
capture_handler (const char     *domain,
                 GLogLevelFlags  level,
                 const char     *message,
                 gpointer        data)
{
  g_string_append_printf (capture.text, "%s: %s\n", domain != NULL ? domain : "", message);
  capture.previous (domain, level, message, capture.previous_data);
}

static void
capture_start (void)
{
  g_assert_null (capture.text);
  capture.text = g_string_new (NULL);
  capture.previous = g_log_set_default_handler (capture_handler, NULL);
  capture.previous_data = NULL;
}

static char *
capture_stop (void)
{
  char *text;

  g_log_set_default_handler (capture.previous, capture.previous_data);
  text = g_string_free (capture.text, FALSE);
  capture = (Capture) { 0 };

  return text;
}

/* The CSRF value of the client's current session, as the server receives it. */
static char *
sniff_csrf (Fixture          *f,
            GalleyRestClient *client,
            RawServer        *raw)
{
  g_autofree char *url = raw_url (raw);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;

  raw_respond_text (raw, 200, "{}");
  galley_rest_client_set_base_url (client, url);
  row = set_status (client, "order-1", "ready", &error);
  g_assert_no_error (error);
  galley_rest_client_set_base_url (client, f->base_url);

  return raw_header (raw, "X-CSRF-Token");
}

static void
test_no_secrets_logged (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RawServer) raw = raw_server_new ();
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GalleyRestLogin) pin = NULL, email = NULL, refreshed = NULL;
  g_autoptr(JsonObject) station = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = new_pending_order (f);
  g_autofree char *log = NULL;

  capture_start ();

  /* PIN sign-in, calls, a failure */
  pin = login_pin (f->client, galley_demo_server_get_pin ("kitchen"), &error);
  g_assert_no_error (error);
  g_ptr_array_add (secrets, g_strdup (pin->token));
  g_ptr_array_add (secrets, sniff_csrf (f, f->client, raw));
  {
    g_autoptr(JsonArray) rows = list_orders (f->client, NULL, &error);
    g_autoptr(JsonObject) row = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (rows);
    row = set_status (f->client, id, "confirmed", &error);
    g_assert_no_error (error);
    g_assert_null (set_status (f->client, id, "ready", &error));
    g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_INVALID_TRANSITION);
    g_clear_error (&error);
  }
  g_assert_null (login_pin (f->client, "0000", &error));
  g_clear_error (&error);

  /* email sign-in, refresh, station sign-in */
  email = login_email (f->client, MANAGER_EMAIL, PASSWORD, &error);
  g_assert_no_error (error);
  g_ptr_array_add (secrets, g_strdup (email->token));
  g_ptr_array_add (secrets, g_strdup (email->refresh_token));
  g_ptr_array_add (secrets, sniff_csrf (f, f->client, raw));
  refreshed = refresh (f->client, email->refresh_token, &error);
  g_assert_no_error (error);
  g_ptr_array_add (secrets, g_strdup (refreshed->token));
  g_ptr_array_add (secrets, g_strdup (refreshed->refresh_token));
  g_ptr_array_add (secrets, sniff_csrf (f, f->client, raw));
  station = station_login (f->client, &error);
  g_assert_no_error (error);
  g_ptr_array_add (secrets, g_strdup (get_string (station, "token")));

  /* a 401 through an expired token */
  galley_demo_server_expire_tokens (f->server);
  g_assert_null (list_orders (f->client, NULL, &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  log = capture_stop ();

  /* the capture sees the client's debug lines, so it would see a token logged with them */
  g_assert_nonnull (strstr (log, DOMAIN ": POST /api/v1/auth/pin-login"));
  g_assert_nonnull (strstr (log, DOMAIN ": PATCH /api/v1/orders/"));
  g_assert_nonnull (strstr (log, DOMAIN ": POST /api/v1/auth/refresh"));

  for (guint i = 0; i < secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (secrets, i);

      g_assert_nonnull (secret);
      g_assert_cmpuint (strlen (secret), >=, 16);
      if (strstr (log, secret) != NULL)
        g_error ("secret %u was logged", i);
    }
  g_assert_null (strstr (log, PASSWORD));
  g_assert_null (strstr (log, "\"pin\""));
  g_assert_null (strstr (log, "\"2222\""));
  g_assert_null (strstr (log, "\"0000\""));
  g_assert_null (strstr (log, "csrf_token="));
  g_assert_null (strstr (log, "Bearer"));
}

/* The server's words, from each of its three error shapes, reach the log (only). */
static void
test_error_server_message (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(RawServer) raw = raw_server_new ();
  g_autoptr(GalleyRestClient) client = new_client (f, "manager");
  g_autoptr(JsonObject) bad = galley_json_parse_object ("{\"items\":[],\"customerName\":\"Ada\"}",
                                                        -1, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = raw_url (raw);
  g_autofree char *log = NULL;
  Wait w = { 0 };

  capture_start ();

  /* {"error":{"message":...}} */
  g_assert_null (get_order (client, "no-such-order", &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* {"error":"INVALID_REQUEST","details":{...}} */
  galley_rest_client_create_order_async (client, bad, NULL, NULL, wait_cb, &w);
  wait_done (&w);
  g_assert_null (galley_rest_client_create_order_finish (client, w.result, &error));
  wait_clear (&w);
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_INVALID_REQUEST);
  g_assert_null (strstr (error->message, "Array must contain"));
  assert_user_message (error);
  g_clear_error (&error);

  /* {"error":"..."} */
  galley_rest_client_set_base_url (client, url);
  raw_respond_text (raw, 403, "{\"error\":\"CSRF token required\"}");
  g_assert_null (set_status (client, "order-1", "ready", &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_FORBIDDEN);
  g_assert_null (strstr (error->message, "CSRF"));
  g_clear_error (&error);

  /* not JSON, and a message of many lines */
  raw_respond_text (raw, 404, "<html>Not here</html>");
  g_assert_null (get_order (client, "order-1", &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_FOUND);
  g_clear_error (&error);
  raw_respond_text (raw, 409, "{\"error\":{\"message\":\"first\\nsecond\"}}");
  g_assert_null (set_status (client, "order-1", "ready", &error));
  g_assert_error (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_CONFLICT);
  g_clear_error (&error);

  log = capture_stop ();
  g_assert_nonnull (strstr (log, "GET /api/v1/orders/no-such-order: HTTP 404: Order not found"));
  g_assert_nonnull (strstr (log, "POST /api/v1/orders: HTTP 400: INVALID_REQUEST: items: "
                                 "Array must contain at least 1 element(s)"));
  g_assert_nonnull (strstr (log, "HTTP 403: CSRF token required"));
  g_assert_nonnull (strstr (log, "GET /api/v1/orders/order-1: HTTP 404: (no message)"));
  g_assert_nonnull (strstr (log, "HTTP 409: first second"));

  g_assert_finalize_object (g_steal_pointer (&client));
}

/* ================================================================== main */

#define ADD(path, func) \
  g_test_add ("/net/rest-client/" path, Fixture, NULL, setup, func, teardown)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();
  galley_test_track_all ();

  g_test_add_func ("/net/session/default", test_session_default);

  ADD ("properties", test_properties);
  ADD ("default-session", test_default_session_client);
  ADD ("login/pin", test_login_pin);
  ADD ("login/pin-failures", test_login_pin_failures);
  ADD ("login/email-refresh", test_login_email_refresh);
  ADD ("login/station", test_station_login);
  ADD ("orders/round-trip", test_orders_round_trip);
  ADD ("orders/create", test_create_order);
  ADD ("base-url", test_base_url);
  ADD ("headers", test_headers);
  ADD ("errors/status", test_error_status);
  ADD ("errors/transition", test_error_transition);
  ADD ("errors/timeout", test_error_timeout);
  ADD ("errors/network", test_error_network);
  ADD ("errors/bad-response", test_error_bad_response);
  ADD ("errors/not-signed-in", test_not_signed_in);
  ADD ("errors/server-message", test_error_server_message);
  ADD ("retry/get", test_retry_get);
  ADD ("retry/patch", test_retry_patch);
  ADD ("cancel", test_cancel);
  ADD ("dispose-in-flight", test_dispose_in_flight);
  ADD ("no-secrets-logged", test_no_secrets_logged);
  g_test_add ("/net/rest-client/lifecycle", Fixture, NULL, setup_server, test_lifecycle,
              teardown);

  return g_test_run ();
}
