/* test-demo-server.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The embedded demo restaurant server (spec/order-protocol.md §7), driven in-process over real
 * loopback HTTP and WebSocket connections: the REST surface of §4, the WebSocket protocol of
 * §1-2, the order model of §3, the quirk flags, the simulation, every fault hook and control
 * endpoint, determinism, and start/stop cycles under the leak gates (guide/testing.md §4, §7).
 *
 * Most tests run with the virtual clock, a fixed seed, rate 0 and edit_rate 0, so nothing
 * happens unless the test makes it happen; the few timing tests use the real clock with waits of a few hundred
 * milliseconds. Every wait is bounded. */

#include <string.h>

#include <libsoup/soup.h>

#include "demo/galley-demo-server.h"
#include "demo/galley-demo-server-private.h"   /* DEMO_JWT_SECRET, to forge claims */
#include "util/galley-json.h"
#include "util/galley-jwt.h"
#include "util/galley-time.h"

#include "galley-testutil.h"

#define RESTAURANT     GALLEY_DEMO_RESTAURANT_ID
#define OTHER_UUID     "22222222-2222-4222-8222-222222222222"
#define API            "/api/v1"
#define CSRF_VALUE     "csrf-test-0d9f1b7e6a2c4e58"
#define TEST_SEED      1234
#define WAIT_MS        10000     /* upper bound for something that must happen */
#define QUIET_MS       300       /* how long "nothing arrives" is watched */
#define VIRTUAL_START  "2025-11-05T17:00:00.000Z"

/* a create body after the spec's §4.3.1 example: 2 × 14.00 + one 3.00 modifier, tip 5.00 */
#define SPEC_ORDER_BODY                                                                        \
  "{\"type\":\"dine-in\",\"items\":[{\"id\":\"line-1\","                                       \
  "\"menu_item_id\":\"5d7e0c4a-2f1b-4b8e-8c0d-3a9f6e2b1c77\",\"name\":\"Soul Bowl\","          \
  "\"quantity\":2,\"price\":14.0,\"modifiers\":[{\"id\":\"mod-chicken\","                      \
  "\"name\":\"Extra chicken\",\"price\":3.0}],\"special_instructions\":\"Nut allergy\","       \
  "\"bogus\":true}],\"customerName\":\"Table 7 - Seat 2\",\"tableNumber\":\"7\","             \
  "\"seatNumber\":2,\"tip\":5.0,\"subtotal\":1,\"tax\":1,\"total_amount\":2,"                  \
  "\"metadata\":{\"client_order_ref\":\"b7e4c0d2-6a1f-4e3b-9c8d-7f6e5d4c3b2a\"}}"

#define SIMPLE_ORDER_BODY                                                                      \
  "{\"type\":\"takeout\",\"items\":[{\"id\":\"line-1\",\"menu_item_id\":\"burger-classic\","   \
  "\"name\":\"Classic Burger\",\"quantity\":1,\"price\":12.5}],\"customerName\":\"Ada\"}"

/* ================================================================== fixture */

typedef struct
{
  GalleyDemoServer *server;
  SoupSession      *session;
  GPtrArray        *clients;   /* WsClient*, closed and freed by the teardown */
} Fixture;

static void ws_client_free (gpointer data);

/* Some are released a main-loop iteration later (close handshakes, the listener's pending
 * accept holding its cancellable). */
static gboolean
no_soup_objects (gpointer data)
{
  return galley_test_tracked_count (G_TYPE_CANCELLABLE) == 0 &&
         galley_test_tracked_count (SOUP_TYPE_WEBSOCKET_CONNECTION) == 0 &&
         galley_test_tracked_count (SOUP_TYPE_MESSAGE) == 0 &&
         galley_test_tracked_count (SOUP_TYPE_SERVER) == 0 &&
         galley_test_tracked_count (SOUP_TYPE_SESSION) == 0;
}

static void
assert_no_objects (void)
{
  galley_test_spin_until (no_soup_objects, NULL, WAIT_MS);
  galley_test_assert_tracked (GALLEY_TYPE_DEMO_SERVER, 0);
  galley_test_assert_tracked (SOUP_TYPE_SERVER, 0);
  galley_test_assert_tracked (SOUP_TYPE_WEBSOCKET_CONNECTION, 0);
  galley_test_assert_tracked (SOUP_TYPE_MESSAGE, 0);
  galley_test_assert_tracked (SOUP_TYPE_SESSION, 0);
  galley_test_assert_tracked (G_TYPE_CANCELLABLE, 0);
}

static void
start_server (GalleyDemoServer *server)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (galley_demo_server_start (server, &error));
  g_assert_no_error (error);
  g_assert_true (galley_demo_server_get_running (server));
  g_assert_cmpuint (galley_demo_server_get_port (server), >, 0);
}

static void
fixture_init (Fixture  *f,
              gint64    seed,
              gboolean  virtual_clock)
{
  f->server = galley_demo_server_new ();
  g_object_set (f->server, "port", 0, "seed", seed, "rate", 0.0,
                "virtual-clock", virtual_clock, NULL);
  g_assert_true (galley_demo_server_set_option (f->server, "edit_rate", "0", NULL));
  start_server (f->server);
  f->session = soup_session_new ();
  f->clients = g_ptr_array_new_with_free_func (ws_client_free);
}

/* Closes the clients, stops the server and asserts that everything was finalized. */
static void
fixture_fini (Fixture *f)
{
  g_clear_pointer (&f->clients, g_ptr_array_unref);

  galley_demo_server_stop (f->server);
  g_assert_false (galley_demo_server_get_running (f->server));
  g_assert_finalize_object (g_steal_pointer (&f->server));

  soup_session_abort (f->session);
  g_clear_object (&f->session);

  assert_no_objects ();
}

static void
setup_virtual (Fixture       *f,
               gconstpointer  data)
{
  fixture_init (f, TEST_SEED, TRUE);
}

static void
setup_real (Fixture       *f,
            gconstpointer  data)
{
  fixture_init (f, TEST_SEED, FALSE);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  fixture_fini (f);
}

/* Stops the server, applies one setting that only takes effect at start, starts again. */
static void
restart_with (Fixture    *f,
              const char *name,
              const char *value)
{
  g_autoptr(GError) error = NULL;

  galley_demo_server_stop (f->server);
  g_assert_true (galley_demo_server_set_option (f->server, name, value, &error));
  g_assert_no_error (error);
  start_server (f->server);
}

static void
set_option (Fixture    *f,
            const char *name,
            const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (galley_demo_server_set_option (f->server, name, value, &error));
  g_assert_no_error (error);
}

static char *
server_url (Fixture    *f,
            const char *scheme,
            const char *path)
{
  return g_strdup_printf ("%s://127.0.0.1:%u%s", scheme,
                          galley_demo_server_get_port (f->server), path);
}

/* ================================================================== JSON helpers */

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = galley_json_parse_object (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (object);

  return object;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  const char *value = NULL;

  if (!galley_json_get_string (object, member, &value))
    g_error ("member %s is not a string", member);

  return value;
}

static gint64
get_int (JsonObject *object,
         const char *member)
{
  gint64 value = 0;

  if (!galley_json_get_int (object, member, &value))
    g_error ("member %s is not an integer", member);

  return value;
}

static double
get_number (JsonObject *object,
            const char *member)
{
  double value = 0;

  if (!galley_json_get_number (object, member, &value))
    g_error ("member %s is not a number", member);

  return value;
}

static gboolean
get_bool (JsonObject *object,
          const char *member)
{
  gboolean value = FALSE;

  if (!galley_json_get_bool (object, member, &value))
    g_error ("member %s is not a boolean", member);

  return value;
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonObject *value = galley_json_get_object (object, member);

  if (value == NULL)
    g_error ("member %s is not an object", member);

  return value;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonArray *value = galley_json_get_array (object, member);

  if (value == NULL)
    g_error ("member %s is not an array", member);

  return value;
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (node), value) == 0)
        return TRUE;
    }

  return FALSE;
}

/* "a,b,c": the member names of @object in order */
static char *
member_names (JsonObject *object)
{
  GString *names = g_string_new (NULL);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (names->len > 0)
        g_string_append_c (names, ',');
      g_string_append (names, name);
    }

  return g_string_free (names, FALSE);
}

static JsonObject *
json_obj (const char *text)
{
  return parse_object (text);
}

/* ================================================================== HTTP */

typedef struct
{
  SoupMessage  *msg;
  GCancellable *cancellable;
  gboolean      done;
  guint         status;
  char         *text;         /* the body */
  JsonNode     *json;         /* the body parsed, or NULL */
  GError       *error;
  gint64        started_us;
  gint64        elapsed_us;
} Reply;

static void
reply_free (Reply *r)
{
  if (!r->done)
    {
      g_cancellable_cancel (r->cancellable);
      galley_test_spin_until (galley_test_is_true, &r->done, WAIT_MS);
      g_assert_true (r->done);
    }

  g_clear_object (&r->msg);
  g_clear_object (&r->cancellable);
  g_free (r->text);
  g_clear_pointer (&r->json, json_node_unref);
  g_clear_error (&r->error);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
http_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Reply *r = user_data;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               &r->error);

  r->status = soup_message_get_status (r->msg);
  if (bytes != NULL)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (bytes, &size);

      r->text = g_strndup (data != NULL ? data : "", size);
      r->json = galley_json_parse (r->text, -1, NULL);
    }
  r->elapsed_us = g_get_monotonic_time () - r->started_us;
  r->done = TRUE;
}

/* Sends a request; @headers is a NULL-terminated list of name, value pairs. */
static Reply *
http_begin_full (Fixture            *f,
                 const char         *method,
                 const char         *path,
                 const char         *body,
                 SoupMessageFlags    flags,
                 const char * const *headers)
{
  Reply *r = g_new0 (Reply, 1);
  g_autofree char *uri = server_url (f, "http", path);
  SoupMessageHeaders *request_headers;

  r->msg = soup_message_new (method, uri);
  g_assert_nonnull (r->msg);
  soup_message_add_flags (r->msg, flags);

  request_headers = soup_message_get_request_headers (r->msg);
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_append (request_headers, headers[i], headers[i + 1]);

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (r->msg, "application/json", bytes);
    }

  r->cancellable = g_cancellable_new ();
  r->started_us = g_get_monotonic_time ();
  soup_session_send_and_read_async (f->session, r->msg, G_PRIORITY_DEFAULT, r->cancellable,
                                    http_done_cb, r);

  return r;
}

static void
reply_wait (Reply *r)
{
  if (!galley_test_spin_until (galley_test_is_true, &r->done, WAIT_MS))
    g_error ("no reply to %s %s within %u ms", soup_message_get_method (r->msg),
             g_uri_get_path (soup_message_get_uri (r->msg)), WAIT_MS);
  g_assert_no_error (r->error);
}

static Reply *
http_full (Fixture            *f,
           const char         *method,
           const char         *path,
           const char         *body,
           SoupMessageFlags    flags,
           const char * const *headers)
{
  Reply *r = http_begin_full (f, method, path, body, flags, headers);

  reply_wait (r);

  return r;
}

static Reply *
http_beginv (Fixture    *f,
             const char *method,
             const char *path,
             const char *body,
             va_list     args)
{
  g_autoptr(GPtrArray) headers = g_ptr_array_new ();
  const char *name;

  while ((name = va_arg (args, const char *)) != NULL)
    {
      g_ptr_array_add (headers, (gpointer) name);
      g_ptr_array_add (headers, (gpointer) va_arg (args, const char *));
    }
  g_ptr_array_add (headers, NULL);

  return http_begin_full (f, method, path, body, 0, (const char * const *) headers->pdata);
}

/* A request with the given headers (name, value, ..., NULL), waited for. */
static G_GNUC_NULL_TERMINATED Reply *
http (Fixture    *f,
      const char *method,
      const char *path,
      const char *body,
      ...)
{
  va_list args;
  Reply *r;

  va_start (args, body);
  r = http_beginv (f, method, path, body, args);
  va_end (args);
  reply_wait (r);

  return r;
}

/* A call as Galley makes it: /api/v1 + @path, Bearer @token (if any), x-restaurant-id and a
 * matching CSRF cookie/header pair. */
static Reply *
api_begin (Fixture    *f,
           const char *method,
           const char *path,
           const char *token,
           const char *body)
{
  g_autofree char *full = g_strconcat (API, path, NULL);
  g_autofree char *bearer = token != NULL ? g_strconcat ("Bearer ", token, NULL) : NULL;
  const char *headers[] = {
    "x-restaurant-id", RESTAURANT,
    "Cookie", "csrf_token=" CSRF_VALUE,
    "X-CSRF-Token", CSRF_VALUE,
    bearer != NULL ? "Authorization" : NULL, bearer,
    NULL
  };

  return http_begin_full (f, method, full, body, 0, headers);
}

static Reply *
api (Fixture    *f,
     const char *method,
     const char *path,
     const char *token,
     const char *body)
{
  Reply *r = api_begin (f, method, path, token, body);

  reply_wait (r);

  return r;
}

static JsonObject *
reply_object (Reply *r)
{
  if (r->json == NULL || !JSON_NODE_HOLDS_OBJECT (r->json))
    g_error ("reply %u is not a JSON object: %s", r->status, r->text);

  return json_node_get_object (r->json);
}

static JsonArray *
reply_array (Reply *r)
{
  if (r->json == NULL || !JSON_NODE_HOLDS_ARRAY (r->json))
    g_error ("reply %u is not a JSON array: %s", r->status, r->text);

  return json_node_get_array (r->json);
}

static void
assert_status (Reply *r,
               guint  status)
{
  if (r->status != status)
    g_error ("%s %s: expected %u, got %u: %s", soup_message_get_method (r->msg),
             g_uri_get_path (soup_message_get_uri (r->msg)), status, r->status,
             r->text != NULL ? r->text : "(no body)");
}

/* {"error":{"message","code","statusCode","timestamp"}} */
static void
assert_error_object (Reply      *r,
                     guint       status,
                     const char *message_prefix)
{
  g_autofree char *names = NULL;
  JsonObject *error;
  gint64 at;

  assert_status (r, status);
  error = get_object (reply_object (r), "error");
  names = member_names (error);
  g_assert_cmpstr (names, ==, "message,code,statusCode,timestamp");
  g_assert_true (g_str_has_prefix (get_string (error, "message"), message_prefix));
  g_assert_cmpstr (get_string (error, "code"), !=, "");
  g_assert_cmpint (get_int (error, "statusCode"), ==, status);
  g_assert_true (galley_time_parse (get_string (error, "timestamp"), &at));
}

/* {"error":"<message>"} */
static void
assert_error_string (Reply      *r,
                     guint       status,
                     const char *message)
{
  JsonObject *body;

  assert_status (r, status);
  body = reply_object (r);
  g_assert_cmpuint (json_object_get_size (body), ==, 1);
  g_assert_cmpstr (get_string (body, "error"), ==, message);
}

/* {"error":"INVALID_REQUEST","details":{"formErrors":[],"fieldErrors":{<field>:[...]}}} */
static void
assert_invalid (Reply      *r,
                const char *field)
{
  JsonObject *details, *field_errors;
  JsonArray *list;

  assert_status (r, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpstr (get_string (reply_object (r), "error"), ==, "INVALID_REQUEST");
  details = get_object (reply_object (r), "details");
  g_assert_cmpuint (json_array_get_length (get_array (details, "formErrors")), ==, 0);
  field_errors = get_object (details, "fieldErrors");
  list = get_array (field_errors, field);
  g_assert_cmpuint (json_array_get_length (list), >=, 1);
}

/* ================================================================== WebSocket */

typedef struct
{
  Fixture                 *f;
  SoupMessage             *msg;
  GCancellable            *cancellable;
  SoupWebsocketConnection *conn;
  GError                  *connect_error;
  gboolean                 connect_done;
  gsize                    max_incoming;   /* 0: libsoup's default (128 KiB) */
  gboolean                 closed;
  gushort                  close_code;     /* as received from the server; 0: none */
  char                    *close_data;
  GError                  *error;          /* the connection's "error" signal, first one */
  GPtrArray               *frames;         /* char*, every text frame received */
  guint                    cursor;         /* the next frame ws_next() returns */
} WsClient;

static void
ws_message_cb (SoupWebsocketConnection *conn,
               SoupWebsocketDataType    type,
               GBytes                  *message,
               gpointer                 user_data)
{
  WsClient *c = user_data;
  gsize size = 0;
  const char *data = g_bytes_get_data (message, &size);

  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  g_ptr_array_add (c->frames, g_strndup (data, size));
}

static void
ws_error_cb (SoupWebsocketConnection *conn,
             GError                  *error,
             gpointer                 user_data)
{
  WsClient *c = user_data;

  if (c->error == NULL)
    c->error = g_error_copy (error);
}

static void
ws_closed_cb (SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  WsClient *c = user_data;

  c->closed = TRUE;
  c->close_code = soup_websocket_connection_get_close_code (conn);
  c->close_data = g_strdup (soup_websocket_connection_get_close_data (conn));
}

static void
ws_connect_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  WsClient *c = user_data;

  c->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result,
                                                   &c->connect_error);
  if (c->conn != NULL)
    {
      /* before the main loop runs again, so no frame is missed */
      if (c->max_incoming > 0)
        soup_websocket_connection_set_max_incoming_payload_size (c->conn, c->max_incoming);
      g_signal_connect (c->conn, "message", G_CALLBACK (ws_message_cb), c);
      g_signal_connect (c->conn, "closed", G_CALLBACK (ws_closed_cb), c);
      g_signal_connect (c->conn, "error", G_CALLBACK (ws_error_cb), c);
    }
  c->connect_done = TRUE;
}

static void
ws_client_free (gpointer data)
{
  WsClient *c = data;

  if (!c->connect_done)
    {
      g_cancellable_cancel (c->cancellable);
      galley_test_spin_until (galley_test_is_true, &c->connect_done, WAIT_MS);
    }

  if (c->conn != NULL)
    {
      if (soup_websocket_connection_get_state (c->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (c->conn, SOUP_WEBSOCKET_CLOSE_NORMAL,
                                         "Client disconnect");
      galley_test_spin_until (galley_test_is_true, &c->closed, WAIT_MS);
      g_signal_handlers_disconnect_by_data (c->conn, c);
      g_clear_object (&c->conn);
    }

  g_clear_object (&c->msg);
  g_clear_object (&c->cancellable);
  g_clear_error (&c->connect_error);
  g_clear_error (&c->error);
  g_free (c->close_data);
  g_ptr_array_unref (c->frames);
  g_free (c);
}

/* Starts a WebSocket handshake to @path_query and waits for its outcome; the client belongs to
 * the fixture. A refused upgrade leaves conn NULL and connect_error set. */
static WsClient *
ws_open (Fixture    *f,
         const char *path_query,
         gsize       max_incoming)
{
  WsClient *c = g_new0 (WsClient, 1);
  g_autofree char *uri = server_url (f, "ws", path_query);

  c->f = f;
  c->frames = g_ptr_array_new_with_free_func (g_free);
  c->max_incoming = max_incoming;
  c->msg = soup_message_new ("GET", uri);
  g_assert_nonnull (c->msg);
  c->cancellable = g_cancellable_new ();
  g_ptr_array_add (f->clients, c);

  soup_session_websocket_connect_async (f->session, c->msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        c->cancellable, ws_connect_cb, c);
  if (!galley_test_spin_until (galley_test_is_true, &c->connect_done, WAIT_MS))
    g_error ("WebSocket handshake to %s did not finish", uri);

  return c;
}

static gboolean
ws_has_frames (gpointer data)
{
  WsClient *c = data;

  return c->frames->len > c->cursor || c->closed;
}

/* The next frame not yet looked at (waits for it). */
static const char *
ws_next (WsClient *c)
{
  if (!galley_test_spin_until (ws_has_frames, c, WAIT_MS) || c->frames->len <= c->cursor)
    g_error ("no frame %u arrived (closed: %d, code %u)", c->cursor, c->closed, c->close_code);

  return g_ptr_array_index (c->frames, c->cursor++);
}

static JsonObject *
ws_next_object (WsClient *c)
{
  return parse_object (ws_next (c));
}

static char *
frame_type (const char *text)
{
  g_autoptr(JsonObject) frame = galley_json_parse_object (text, -1, NULL);
  const char *type = NULL;

  if (frame != NULL)
    galley_json_get_string (frame, "type", &type);

  return g_strdup (type);
}

/* The next frame of @type at or after the cursor (waits for it); frames before it are
 * skipped. Returns it parsed. */
static JsonObject *
ws_wait_type (WsClient   *c,
              const char *type)
{
  gint64 end = g_get_monotonic_time () + (gint64) WAIT_MS * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (c->cursor < c->frames->len)
        {
          const char *text = g_ptr_array_index (c->frames, c->cursor++);
          g_autofree char *t = frame_type (text);

          if (g_strcmp0 (t, type) == 0)
            return parse_object (text);
        }
      if (c->closed)
        break;
      galley_test_spin_until (ws_has_frames, c, 50);
    }

  g_error ("no %s frame arrived (closed: %d, code %u)", type, c->closed, c->close_code);
  return NULL;
}

/* Skips to the next frame of @type (waits for it). */
static void
ws_expect (WsClient   *c,
           const char *type)
{
  json_object_unref (ws_wait_type (c, type));
}

static guint
ws_count_type (WsClient   *c,
               const char *type)
{
  guint n = 0;

  for (guint i = 0; i < c->frames->len; i++)
    {
      g_autofree char *t = frame_type (g_ptr_array_index (c->frames, i));

      if (g_strcmp0 (t, type) == 0)
        n++;
    }

  return n;
}

static void
ws_wait_closed (WsClient *c)
{
  if (!galley_test_spin_until (galley_test_is_true, &c->closed, WAIT_MS))
    g_error ("the WebSocket was not closed within %u ms", WAIT_MS);
}

/* Nothing arrives (and the link stays up) for QUIET_MS. */
static void
ws_assert_quiet (WsClient *c)
{
  guint n = c->frames->len;

  galley_test_spin_for (QUIET_MS);
  if (c->frames->len != n)
    g_error ("unexpected frame: %s", (const char *) g_ptr_array_index (c->frames, n));
  g_assert_false (c->closed);
}

static void
ws_send (WsClient   *c,
         const char *text)
{
  g_assert_nonnull (c->conn);
  soup_websocket_connection_send_text (c->conn, text);
}

static void
ws_send_auth (WsClient   *c,
              const char *token,
              const char *restaurant_id)
{
  g_autofree char *frame = NULL;

  if (restaurant_id != NULL)
    frame = g_strdup_printf ("{\"type\":\"auth\",\"token\":\"%s\",\"restaurant_id\":\"%s\","
                             "\"timestamp\":\"" VIRTUAL_START "\"}", token, restaurant_id);
  else
    frame = g_strdup_printf ("{\"type\":\"auth\",\"token\":\"%s\","
                             "\"timestamp\":\"" VIRTUAL_START "\"}", token);
  ws_send (c, frame);
}

static void
ws_send_ping (WsClient *c)
{
  ws_send (c, "{\"type\":\"ping\",\"payload\":{\"timestamp\":1762365882120},"
              "\"timestamp\":\"" VIRTUAL_START "\",\"restaurant_id\":\"" RESTAURANT "\"}");
}

typedef struct
{
  WsClient *c;
  guint     len;
} FrameWait;

static gboolean
ws_grew (gpointer data)
{
  FrameWait *w = data;

  return w->c->frames->len > w->len || w->c->closed;
}

/* Sends an app-level ping and waits for its pong: every frame the server sent before has
 * arrived by then. The cursor does not move. */
static void
ws_barrier (WsClient *c)
{
  guint pongs = ws_count_type (c, "pong");
  gint64 end = g_get_monotonic_time () + (gint64) WAIT_MS * 1000;

  ws_send_ping (c);
  while (ws_count_type (c, "pong") == pongs)
    {
      FrameWait w = { c, c->frames->len };

      if (c->closed || g_get_monotonic_time () > end)
        g_error ("no pong arrived (closed: %d)", c->closed);
      galley_test_spin_until (ws_grew, &w, 100);
    }
}

/* Connects to ws://…/?restaurant_id=… and checks the greeting. */
static WsClient *
ws_connect (Fixture *f)
{
  WsClient *c = ws_open (f, "/?restaurant_id=" RESTAURANT, 0);
  g_autoptr(JsonObject) connected = NULL;

  g_assert_no_error (c->connect_error);
  g_assert_nonnull (c->conn);
  connected = ws_next_object (c);
  g_assert_cmpstr (get_string (connected, "type"), ==, "connected");

  return c;
}

/* Connects and authenticates as @role's demo user; the cursor is after auth:success. */
static WsClient *
ws_authed (Fixture    *f,
           const char *role)
{
  WsClient *c = ws_connect (f);
  g_autofree char *token = galley_demo_server_issue_token (f->server, role, 3600);
  g_autoptr(JsonObject) reply = NULL;

  ws_send_auth (c, token, RESTAURANT);
  reply = ws_next_object (c);
  g_assert_cmpstr (get_string (reply, "type"), ==, "auth:success");

  return c;
}

static gboolean
no_clients (gpointer data)
{
  return galley_demo_server_get_clients (data) == 0;
}

/* ================================================================== orders */

static char *
token_for (Fixture    *f,
           const char *role)
{
  return galley_demo_server_issue_token (f->server, role, 3600);
}

/* Generates one order in-process and returns its id. */
static char *
new_order_id (Fixture *f)
{
  g_autoptr(JsonArray) orders = NULL;
  JsonObject *last;

  galley_demo_server_generate (f->server, 1);
  orders = galley_demo_server_dup_orders (f->server);
  last = json_array_get_object_element (orders, json_array_get_length (orders) - 1);

  return g_strdup (get_string (last, "id"));
}

/* POST /orders as the server role; returns the created row. */
static JsonObject *
create_order (Fixture    *f,
              const char *body)
{
  g_autofree char *token = token_for (f, "server");
  g_autoptr(Reply) r = api (f, "POST", "/orders", token, body);

  assert_status (r, SOUP_STATUS_CREATED);

  return json_object_ref (reply_object (r));
}

static Reply *
patch_status (Fixture    *f,
              const char *id,
              const char *status)
{
  g_autofree char *token = token_for (f, "kitchen");
  g_autofree char *path = g_strdup_printf ("/orders/%s/status", id);
  g_autofree char *body = g_strdup_printf ("{\"status\":\"%s\"}", status);

  return api (f, "PATCH", path, token, body);
}

static void
patch_status_ok (Fixture    *f,
                 const char *id,
                 const char *status)
{
  g_autoptr(Reply) r = patch_status (f, id, status);

  assert_status (r, SOUP_STATUS_OK);
  g_assert_cmpstr (get_string (reply_object (r), "status"), ==, status);
}

static JsonObject *
get_order (Fixture    *f,
           const char *id)
{
  g_autofree char *token = token_for (f, "kitchen");
  g_autofree char *path = g_strdup_printf ("/orders/%s", id);
  g_autoptr(Reply) r = api (f, "GET", path, token, NULL);

  assert_status (r, SOUP_STATUS_OK);

  return json_object_ref (reply_object (r));
}

static void
fault (Fixture    *f,
       const char *params)
{
  g_autoptr(JsonObject) object = json_obj (params);
  g_autoptr(GError) error = NULL;

  g_assert_true (galley_demo_server_fault (f->server, object, &error));
  g_assert_no_error (error);
}

static void
fault_http (Fixture    *f,
            const char *params)
{
  g_autoptr(Reply) r = http (f, "POST", "/_demo/fault", params, NULL);

  assert_status (r, SOUP_STATUS_OK);
  g_assert_true (get_bool (reply_object (r), "ok"));
}

static void
demo_post (Fixture    *f,
           const char *what,
           const char *body)
{
  g_autofree char *path = g_strconcat ("/_demo/", what, NULL);
  g_autoptr(Reply) r = http (f, "POST", path, body, NULL);

  assert_status (r, SOUP_STATUS_OK);
}

/* spec §3.7, in integer cents */
static gint64
expected_subtotal_cents (JsonArray *items)
{
  gint64 total = 0;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      gint64 quantity = get_int (item, "quantity");
      JsonArray *modifiers = galley_json_get_array (item, "modifiers");

      total += galley_money_to_cents (get_number (item, "price")) * quantity;
      for (guint m = 0; modifiers != NULL && m < json_array_get_length (modifiers); m++)
        {
          JsonNode *node = json_array_get_element (modifiers, m);
          double price;

          if (JSON_NODE_HOLDS_OBJECT (node) &&
              galley_json_get_number (json_node_get_object (node), "price", &price))
            total += galley_money_to_cents (price) * quantity;
        }
    }

  return total;
}

/* ================================================================== auth REST (§4.2) */

static Reply *
pin_login (Fixture    *f,
           const char *pin)
{
  g_autofree char *body = g_strdup_printf ("{\"pin\":\"%s\",\"restaurantId\":\"%s\"}", pin,
                                           RESTAURANT);

  /* no CSRF pair: the route is exempt */
  return http (f, "POST", API "/auth/pin-login", body, "x-restaurant-id", RESTAURANT, NULL);
}

static SoupCookie *
find_cookie (GSList     *cookies,
             const char *name)
{
  for (GSList *l = cookies; l != NULL; l = l->next)
    if (g_strcmp0 (soup_cookie_get_name (l->data), name) == 0)
      return l->data;

  return NULL;
}

/* Login responses set auth_token (HttpOnly, Strict) = the token and a script-readable
 * csrf_token (Lax), spec §4.1 and §7.1 interop. */
static void
assert_session_cookies (Reply      *r,
                        const char *token,
                        gint64      lifetime_s)
{
  GSList *cookies = soup_cookies_from_response (r->msg);
  SoupCookie *auth = find_cookie (cookies, "auth_token");
  SoupCookie *csrf = find_cookie (cookies, "csrf_token");

  g_assert_nonnull (auth);
  g_assert_nonnull (csrf);
  g_assert_cmpstr (soup_cookie_get_value (auth), ==, token);
  g_assert_true (soup_cookie_get_http_only (auth));
  g_assert_cmpint (soup_cookie_get_same_site_policy (auth), ==, SOUP_SAME_SITE_POLICY_STRICT);
  g_assert_cmpuint (strlen (soup_cookie_get_value (csrf)), >=, 16);
  g_assert_false (soup_cookie_get_http_only (csrf));
  g_assert_cmpint (soup_cookie_get_same_site_policy (csrf), ==, SOUP_SAME_SITE_POLICY_LAX);
  /* Max-Age = the token's lifetime (cookies live on the real clock) */
  g_assert_nonnull (soup_cookie_get_expires (auth));
  g_assert_cmpint (ABS (g_date_time_to_unix (soup_cookie_get_expires (auth)) -
                        g_get_real_time () / G_USEC_PER_SEC - lifetime_s), <=, 60);
  g_slist_free_full (cookies, (GDestroyNotify) soup_cookie_free);
}

static void
test_auth_pin_login (Fixture       *f,
                     gconstpointer  data)
{
  static const struct { const char *role; const char *pin; guint n_scopes; } roles[] = {
    { "manager", "1234", 15 }, { "kitchen", "2222", 3 }, { "expo", "3333", 3 },
    { "server", "4444", 7 }, { "cashier", "5555", 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autoptr(Reply) r = NULL;
      g_autoptr(JsonObject) claims = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *names = NULL, *user_names = NULL;
      JsonObject *body, *user;
      JsonArray *scopes;

      /* the documented demo PINs of §7.1 */
      g_assert_cmpstr (galley_demo_server_get_pin (roles[i].role), ==, roles[i].pin);

      r = pin_login (f, roles[i].pin);
      assert_status (r, SOUP_STATUS_OK);
      body = reply_object (r);
      names = member_names (body);
      g_assert_cmpstr (names, ==, "user,token,expiresIn,restaurantId");
      user = get_object (body, "user");
      user_names = member_names (user);
      g_assert_cmpstr (user_names, ==, "id,email,role,scopes");
      g_assert_cmpstr (get_string (user, "role"), ==, roles[i].role);
      g_assert_true (g_str_has_suffix (get_string (user, "email"), "@demo.galley.test"));
      scopes = get_array (user, "scopes");
      g_assert_cmpuint (json_array_get_length (scopes), ==, roles[i].n_scopes);
      g_assert_true (array_has_string (scopes, "orders:read"));
      g_assert_false (array_has_string (scopes, "system:config"));
      g_assert_cmpint (get_int (body, "expiresIn"), ==, 43200);
      g_assert_cmpstr (get_string (body, "restaurantId"), ==, RESTAURANT);

      /* an HS256 token the server itself accepts, with the claims of §4.2 */
      claims = galley_jwt_verify_hs256 (get_string (body, "token"), DEMO_JWT_SECRET,
                                        galley_demo_server_now_us (f->server) / G_USEC_PER_SEC,
                                        &error);
      g_assert_no_error (error);
      g_assert_cmpstr (get_string (claims, "sub"), ==, get_string (user, "id"));
      g_assert_cmpstr (get_string (claims, "role"), ==, roles[i].role);
      g_assert_cmpstr (get_string (claims, "restaurant_id"), ==, RESTAURANT);
      g_assert_cmpstr (get_string (claims, "auth_method"), ==, "pin");
      g_assert_cmpint (get_int (claims, "exp") - get_int (claims, "iat"), ==, 43200);
      g_assert_cmpuint (json_array_get_length (get_array (claims, "scope")), ==,
                        roles[i].n_scopes);

      assert_session_cookies (r, get_string (body, "token"), 43200);
    }

  g_assert_null (galley_demo_server_get_pin ("nobody"));
}

static void
test_auth_pin_wrong (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Reply) r = pin_login (f, "0000");
  g_autoptr(Reply) other = NULL;
  GSList *cookies;

  assert_error_object (r, SOUP_STATUS_UNAUTHORIZED, "Invalid PIN");
  cookies = soup_cookies_from_response (r->msg);
  g_assert_null (cookies);

  /* the wrong restaurant is a 400, not a failed attempt */
  other = http (f, "POST", API "/auth/pin-login",
                "{\"pin\":\"1234\",\"restaurantId\":\"" OTHER_UUID "\"}", NULL);
  assert_error_object (other, SOUP_STATUS_BAD_REQUEST, "Invalid restaurant");
}

static void
test_auth_pin_lockout (Fixture       *f,
                       gconstpointer  data)
{
  /* a success in between resets the count */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(Reply) r = pin_login (f, "0000");

      assert_status (r, SOUP_STATUS_UNAUTHORIZED);
    }
  {
    g_autoptr(Reply) r = pin_login (f, "2222");

    assert_status (r, SOUP_STATUS_OK);
  }

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(Reply) r = pin_login (f, "9876");

      assert_error_object (r, SOUP_STATUS_UNAUTHORIZED, "Invalid PIN");
    }

  /* locked: even the right PIN is refused for 15 minutes */
  {
    g_autoptr(Reply) r = pin_login (f, "2222");

    assert_error_object (r, 429, "Too many failed attempts");
  }
  galley_demo_server_advance (f->server, 15 * 60 * 1000 - 1000);
  {
    g_autoptr(Reply) r = pin_login (f, "2222");

    assert_status (r, 429);
  }
  galley_demo_server_advance (f->server, 2000);
  {
    g_autoptr(Reply) r = pin_login (f, "2222");

    assert_status (r, SOUP_STATUS_OK);
  }
}

static void
test_auth_pin_malformed (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const bodies[] = {
    "{\"pin\":\"12ab\",\"restaurantId\":\"" RESTAURANT "\"}",
    "{\"pin\":\"123\",\"restaurantId\":\"" RESTAURANT "\"}",
    "{\"pin\":\"1234567\",\"restaurantId\":\"" RESTAURANT "\"}",
    "{\"pin\":1234,\"restaurantId\":\"" RESTAURANT "\"}",
    "{\"restaurantId\":\"" RESTAURANT "\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(Reply) r = http (f, "POST", API "/auth/pin-login", bodies[i], NULL);

      assert_invalid (r, "pin");
    }

  /* six-digit PINs are well-formed (and unknown here) */
  {
    g_autoptr(Reply) r = pin_login (f, "123456");

    assert_status (r, SOUP_STATUS_UNAUTHORIZED);
  }
}

static Reply *
email_login (Fixture    *f,
             const char *email,
             const char *password)
{
  g_autofree char *body = g_strdup_printf ("{\"email\":\"%s\",\"password\":\"%s\","
                                           "\"restaurantId\":\"%s\"}", email, password,
                                           RESTAURANT);

  return http (f, "POST", API "/auth/login", body, NULL);
}

static void
test_auth_email_login (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Reply) ok = email_login (f, "kitchen@demo.galley.test", "galley-demo");
  g_autoptr(Reply) upper = email_login (f, "KITCHEN@demo.galley.test", "galley-demo");
  g_autoptr(Reply) bad_password = email_login (f, "kitchen@demo.galley.test", "wrong");
  g_autoptr(Reply) unknown = email_login (f, "nobody@demo.galley.test", "galley-demo");
  g_autoptr(Reply) missing = http (f, "POST", API "/auth/login",
                                   "{\"email\":\"kitchen@demo.galley.test\","
                                   "\"restaurantId\":\"" RESTAURANT "\"}", NULL);
  g_autofree char *names = NULL;
  JsonObject *body, *session;

  assert_status (ok, SOUP_STATUS_OK);
  body = reply_object (ok);
  names = member_names (body);
  g_assert_cmpstr (names, ==, "user,session,restaurantId");
  g_assert_cmpstr (get_string (get_object (body, "user"), "role"), ==, "kitchen");
  session = get_object (body, "session");
  g_assert_cmpint (get_int (session, "expires_in"), ==, 28800);
  g_assert_cmpstr (get_string (session, "refresh_token"), !=, "");
  assert_session_cookies (ok, get_string (session, "access_token"), 28800);

  assert_status (upper, SOUP_STATUS_OK);
  assert_error_object (bad_password, SOUP_STATUS_UNAUTHORIZED, "Invalid email or password");
  assert_error_object (unknown, SOUP_STATUS_UNAUTHORIZED, "Invalid email or password");
  assert_invalid (missing, "email");
}

static void
test_auth_me (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *token = token_for (f, "expo");
  g_autoptr(Reply) me = api (f, "GET", "/auth/me", token, NULL);
  g_autoptr(Reply) anonymous = api (f, "GET", "/auth/me", NULL, NULL);
  g_autoptr(Reply) garbage = api (f, "GET", "/auth/me", "not.a.token", NULL);
  g_autofree char *names = NULL;
  JsonObject *user;

  assert_status (me, SOUP_STATUS_OK);
  user = get_object (reply_object (me), "user");
  names = member_names (user);
  g_assert_cmpstr (names, ==, "id,email,displayName,phone,employeeId,role,scopes");
  g_assert_cmpstr (get_string (user, "role"), ==, "expo");
  g_assert_cmpstr (get_string (reply_object (me), "restaurantId"), ==, RESTAURANT);

  assert_error_object (anonymous, SOUP_STATUS_UNAUTHORIZED, "Authentication required");
  assert_error_object (garbage, SOUP_STATUS_UNAUTHORIZED, "Invalid token");
}

/* The auth_token cookie is checked before the Bearer header (§4.1). */
static void
test_auth_cookie_first (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *kitchen = token_for (f, "kitchen");
  g_autofree char *manager = token_for (f, "manager");
  g_autofree char *cookie = g_strconcat ("auth_token=", kitchen, NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", manager, NULL);
  g_autoptr(Reply) r = http (f, "GET", API "/auth/me", NULL, "Cookie", cookie,
                             "Authorization", bearer, NULL);
  g_autoptr(Reply) cookie_only = http (f, "GET", API "/auth/me", NULL, "Cookie", cookie, NULL);

  assert_status (r, SOUP_STATUS_OK);
  g_assert_cmpstr (get_string (get_object (reply_object (r), "user"), "role"), ==, "kitchen");
  assert_status (cookie_only, SOUP_STATUS_OK);
}

static Reply *
refresh (Fixture    *f,
         const char *refresh_token)
{
  g_autofree char *body = g_strdup_printf ("{\"refreshToken\":\"%s\"}", refresh_token);

  return http (f, "POST", API "/auth/refresh", body, NULL);
}

static void
test_auth_refresh (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Reply) login = email_login (f, "server@demo.galley.test", "galley-demo");
  g_autofree char *first = NULL;
  g_autoptr(Reply) rotated = NULL, reused = NULL, again = NULL, me = NULL, missing = NULL;
  JsonObject *session;

  assert_status (login, SOUP_STATUS_OK);
  first = g_strdup (get_string (get_object (reply_object (login), "session"), "refresh_token"));

  rotated = refresh (f, first);
  assert_status (rotated, SOUP_STATUS_OK);
  session = get_object (reply_object (rotated), "session");
  g_assert_cmpstr (get_string (session, "refresh_token"), !=, first);
  g_assert_cmpint (get_int (session, "expires_in"), ==, 28800);

  /* the new access token works */
  me = api (f, "GET", "/auth/me", get_string (session, "access_token"), NULL);
  assert_status (me, SOUP_STATUS_OK);
  g_assert_cmpstr (get_string (get_object (reply_object (me), "user"), "role"), ==, "server");

  /* the old refresh token is spent; the new one works once */
  reused = refresh (f, first);
  assert_error_object (reused, SOUP_STATUS_UNAUTHORIZED, "Invalid refresh token");
  again = refresh (f, get_string (session, "refresh_token"));
  assert_status (again, SOUP_STATUS_OK);

  missing = http (f, "POST", API "/auth/refresh", "{}", NULL);
  assert_invalid (missing, "refreshToken");
}

static void
test_auth_logout (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *token = token_for (f, "kitchen");
  g_autoptr(Reply) r = api (f, "POST", "/auth/logout", token, NULL);
  g_autoptr(Reply) no_csrf = http (f, "POST", API "/auth/logout", NULL, NULL);
  GSList *cookies;

  assert_status (r, SOUP_STATUS_OK);
  g_assert_true (get_bool (reply_object (r), "success"));
  get_string (reply_object (r), "message");
  cookies = soup_cookies_from_response (r->msg);
  g_assert_nonnull (find_cookie (cookies, "auth_token"));
  g_assert_cmpstr (soup_cookie_get_value (find_cookie (cookies, "auth_token")), ==, "");
  g_slist_free_full (cookies, (GDestroyNotify) soup_cookie_free);

  /* not CSRF-exempt */
  assert_error_string (no_csrf, SOUP_STATUS_FORBIDDEN, "CSRF token required");
}

static void
test_auth_station_login (Fixture       *f,
                         gconstpointer  data)
{
  const char *body = "{\"stationType\":\"kitchen\",\"stationName\":\"Grill\","
                     "\"restaurantId\":\"" RESTAURANT "\"}";
  g_autofree char *kitchen = token_for (f, "kitchen");
  g_autofree char *manager = token_for (f, "manager");
  g_autofree char *names = NULL;
  g_autoptr(Reply) forbidden = api (f, "POST", "/auth/station-login", kitchen, body);
  g_autoptr(Reply) anonymous = api (f, "POST", "/auth/station-login", NULL, body);
  g_autoptr(Reply) bad_type = api (f, "POST", "/auth/station-login", manager,
                                   "{\"stationType\":\"pastry\",\"stationName\":\"P\","
                                   "\"restaurantId\":\"" RESTAURANT "\"}");
  g_autoptr(Reply) ok = api (f, "POST", "/auth/station-login", manager, body);
  g_autoptr(Reply) orders = NULL;
  g_autoptr(JsonObject) auth_reply = NULL;
  gint64 expires;
  WsClient *c;
  JsonObject *reply;

  assert_error_object (forbidden, SOUP_STATUS_FORBIDDEN, "Insufficient permissions");
  assert_status (anonymous, SOUP_STATUS_UNAUTHORIZED);
  assert_invalid (bad_type, "stationType");

  assert_status (ok, SOUP_STATUS_OK);
  reply = reply_object (ok);
  names = member_names (reply);
  g_assert_cmpstr (names, ==, "token,expiresAt,stationType,stationName,restaurantId");
  g_assert_cmpstr (get_string (reply, "stationType"), ==, "kitchen");
  g_assert_cmpstr (get_string (reply, "stationName"), ==, "Grill");
  g_assert_true (galley_time_parse (get_string (reply, "expiresAt"), &expires));
  g_assert_cmpint (expires - galley_demo_server_now_us (f->server), ==,
                   G_GINT64_CONSTANT (14400) * G_USEC_PER_SEC);

  /* [quirk] station tokens pass neither REST authentication nor WebSocket auth */
  orders = api (f, "GET", "/orders", get_string (reply, "token"), NULL);
  assert_error_object (orders, SOUP_STATUS_UNAUTHORIZED, "Invalid token");

  c = ws_connect (f);
  ws_send_auth (c, get_string (reply, "token"), RESTAURANT);
  auth_reply = ws_next_object (c);
  g_assert_cmpstr (get_string (auth_reply, "type"), ==, "auth:failed");
  ws_wait_closed (c);
  g_assert_cmpuint (c->close_code, ==, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
}

/* ================================================================== CSRF (§4.1) */

static void
test_csrf_missing (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = new_order_id (f);
  g_autofree char *path = g_strdup_printf (API "/orders/%s/status", id);
  g_autofree char *token = token_for (f, "kitchen");
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  const char *body = "{\"status\":\"confirmed\"}";
  g_autoptr(Reply) none = http (f, "PATCH", path, body, "Authorization", bearer, NULL);
  g_autoptr(Reply) cookie_only = http (f, "PATCH", path, body, "Authorization", bearer,
                                       "Cookie", "csrf_token=abc", NULL);
  g_autoptr(Reply) header_only = http (f, "PATCH", path, body, "Authorization", bearer,
                                       "X-CSRF-Token", "abc", NULL);
  g_autoptr(JsonObject) order = NULL;

  assert_error_string (none, SOUP_STATUS_FORBIDDEN, "CSRF token required");
  assert_error_string (cookie_only, SOUP_STATUS_FORBIDDEN, "CSRF token required");
  assert_error_string (header_only, SOUP_STATUS_FORBIDDEN, "CSRF token required");

  /* nothing changed */
  order = get_order (f, id);
  g_assert_cmpstr (get_string (order, "status"), ==, "pending");
  g_assert_cmpint (get_int (order, "version"), ==, 1);
}

static void
test_csrf_mismatch (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = new_order_id (f);
  g_autofree char *path = g_strdup_printf (API "/orders/%s/status", id);
  g_autofree char *token = token_for (f, "kitchen");
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(Reply) r = http (f, "PATCH", path, "{\"status\":\"confirmed\"}",
                             "Authorization", bearer, "Cookie", "csrf_token=abc",
                             "X-CSRF-Token", "abd", NULL);

  assert_error_string (r, SOUP_STATUS_FORBIDDEN, "Invalid CSRF token");
}

static void
test_csrf_match (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = new_order_id (f);
  g_autofree char *path = g_strdup_printf (API "/orders/%s/status", id);
  g_autofree char *token = token_for (f, "kitchen");
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  /* stateless double submit: any equal pair passes, next to other cookies */
  g_autoptr(Reply) r = http (f, "PATCH", path, "{\"status\":\"confirmed\"}",
                             "Authorization", bearer,
                             "Cookie", "theme=dark; csrf_token=anything-equal",
                             "X-CSRF-Token", "anything-equal", NULL);

  assert_status (r, SOUP_STATUS_OK);
  g_assert_cmpstr (get_string (reply_object (r), "status"), ==, "confirmed");
}

static void
test_csrf_exempt (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *token = token_for (f, "server");
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(Reply) pin = pin_login (f, "4444");
  g_autoptr(Reply) kiosk = http (f, "POST", API "/orders", SIMPLE_ORDER_BODY,
                                 "X-Client-Flow", "kiosk", "x-restaurant-id", RESTAURANT, NULL);
  g_autoptr(Reply) online = http (f, "POST", API "/orders", SIMPLE_ORDER_BODY,
                                  "X-Client-Flow", "online", "x-restaurant-id", RESTAURANT, NULL);
  g_autoptr(Reply) server_flow = http (f, "POST", API "/orders", SIMPLE_ORDER_BODY,
                                       "X-Client-Flow", "server", "Authorization", bearer,
                                       "x-restaurant-id", RESTAURANT, NULL);
  g_autoptr(Reply) analytics = http (f, "POST", API "/analytics/performance", "{}", NULL);

  assert_status (pin, SOUP_STATUS_OK);
  assert_status (kiosk, SOUP_STATUS_CREATED);
  assert_status (online, SOUP_STATUS_CREATED);
  /* the counter's flow is not exempt */
  assert_error_string (server_flow, SOUP_STATUS_FORBIDDEN, "CSRF token required");
  /* what upstream answers the web client's load-time post (§7.1) */
  assert_error_string (analytics, SOUP_STATUS_FORBIDDEN, "CSRF token required");
}

/* ================================================================== orders REST (§4.3, §3) */

static JsonArray *
list_orders (Fixture    *f,
             const char *query,
             Reply     **out)
{
  g_autofree char *token = token_for (f, "kitchen");
  g_autofree char *path = g_strconcat ("/orders", query, NULL);
  Reply *r = api (f, "GET", path, token, NULL);

  assert_status (r, SOUP_STATUS_OK);
  *out = r;

  return reply_array (r);
}

static void
assert_newest_first (JsonArray *orders)
{
  gint64 previous = G_MAXINT64;

  for (guint i = 0; i < json_array_get_length (orders); i++)
    {
      gint64 created;

      g_assert_true (galley_time_parse (get_string (json_array_get_object_element (orders, i),
                                                    "created_at"), &created));
      g_assert_cmpint (created, <=, previous);
      previous = created;
    }
}

/* 70 orders one minute apart (on top of the seed history) */
static void
generate_spaced (Fixture *f,
                 guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      galley_demo_server_generate (f->server, 1);
      galley_demo_server_advance (f->server, 60 * 1000);
    }
}

static void
test_orders_list_default (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(Reply) r = NULL, anonymous = NULL;
  g_autoptr(JsonArray) all = NULL;
  JsonArray *orders;
  guint n;

  generate_spaced (f, 70);
  n = galley_demo_server_get_n_orders (f->server);
  g_assert_cmpuint (n, >=, 70 + 20);

  orders = list_orders (f, "", &r);
  g_assert_cmpuint (json_array_get_length (orders), ==, 50);
  assert_newest_first (orders);

  /* the newest is the last one generated */
  all = galley_demo_server_dup_orders (f->server);
  g_assert_cmpstr (get_string (json_array_get_object_element (orders, 0), "id"), ==,
                   get_string (json_array_get_object_element (all, n - 1), "id"));
  g_assert_cmpstr (get_string (json_array_get_object_element (orders, 49), "id"), ==,
                   get_string (json_array_get_object_element (all, n - 50), "id"));

  anonymous = api (f, "GET", "/orders", NULL, NULL);
  assert_error_object (anonymous, SOUP_STATUS_UNAUTHORIZED, "Authentication required");
}

static void
test_orders_list_paging (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(Reply) r_all = NULL, r_page = NULL, r_tail = NULL, r_zero = NULL;
  JsonArray *all, *page, *tail, *zero;
  guint n;

  generate_spaced (f, 30);
  n = galley_demo_server_get_n_orders (f->server);

  all = list_orders (f, "?limit=1000", &r_all);
  g_assert_cmpuint (json_array_get_length (all), ==, n);
  assert_newest_first (all);

  page = list_orders (f, "?limit=10&offset=5", &r_page);
  g_assert_cmpuint (json_array_get_length (page), ==, 10);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpstr (get_string (json_array_get_object_element (page, i), "id"), ==,
                     get_string (json_array_get_object_element (all, i + 5), "id"));

  tail = list_orders (f, "?limit=50&offset=40", &r_tail);
  g_assert_cmpuint (json_array_get_length (tail), ==, n - 40);

  zero = list_orders (f, "?limit=0", &r_zero);
  g_assert_cmpuint (json_array_get_length (zero), ==, 0);
}

static guint
count_matching (Fixture    *f,
                const char *member,
                const char *value)
{
  g_autoptr(JsonArray) all = galley_demo_server_dup_orders (f->server);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (all); i++)
    {
      const char *v = NULL;

      galley_json_get_string (json_array_get_object_element (all, i), member, &v);
      n += g_strcmp0 (v, value) == 0;
    }

  return n;
}

static void
test_orders_list_filters (Fixture       *f,
                          gconstpointer  data)
{
  static const char * const statuses[] = { "new", "pending", "confirmed", "preparing", "ready",
                                           "picked-up", "completed", "cancelled" };
  static const char * const types[] = { "online", "pickup", "delivery" };
  g_autofree char *t0 = galley_time_format_js (galley_demo_server_now_us (f->server));
  g_autofree char *from = NULL, *to = NULL, *query = NULL;
  g_autoptr(Reply) r_range = NULL, r_start = NULL;
  JsonArray *range, *start_only;

  generate_spaced (f, 10);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(Reply) r = NULL;
      g_autofree char *q = g_strdup_printf ("?limit=1000&status=%s", statuses[i]);
      JsonArray *orders = list_orders (f, q, &r);

      g_assert_cmpuint (json_array_get_length (orders), ==,
                        count_matching (f, "status", statuses[i]));
      g_assert_cmpuint (json_array_get_length (orders), >=, 1);   /* seed history: every status */
      for (guint k = 0; k < json_array_get_length (orders); k++)
        g_assert_cmpstr (get_string (json_array_get_object_element (orders, k), "status"), ==,
                         statuses[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(Reply) r = NULL;
      g_autofree char *q = g_strdup_printf ("?limit=1000&type=%s", types[i]);
      JsonArray *orders = list_orders (f, q, &r);

      g_assert_cmpuint (json_array_get_length (orders), ==, count_matching (f, "type", types[i]));
      for (guint k = 0; k < json_array_get_length (orders); k++)
        g_assert_cmpstr (get_string (json_array_get_object_element (orders, k), "type"), ==,
                         types[i]);
    }
  {
    g_autoptr(Reply) r = NULL;

    /* the UI type is not a stored type */
    g_assert_cmpuint (json_array_get_length (list_orders (f, "?type=dine-in", &r)), ==, 0);
  }

  /* orders i = 0..9 were created at t0 + i min; [t0+3, t0+6] holds 3, 4, 5, 6 (inclusive) */
  {
    gint64 start;

    g_assert_true (galley_time_parse (t0, &start));
    from = galley_time_format_js (start + G_GINT64_CONSTANT (3) * 60 * G_USEC_PER_SEC);
    to = galley_time_format_js (start + G_GINT64_CONSTANT (6) * 60 * G_USEC_PER_SEC);
  }
  query = g_strdup_printf ("?startDate=%s&endDate=%s", from, to);
  range = list_orders (f, query, &r_range);
  g_assert_cmpuint (json_array_get_length (range), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      gint64 created, lo, hi;

      g_assert_true (galley_time_parse (get_string (json_array_get_object_element (range, i),
                                                    "created_at"), &created));
      g_assert_true (galley_time_parse (from, &lo));
      g_assert_true (galley_time_parse (to, &hi));
      g_assert_cmpint (created, >=, lo);
      g_assert_cmpint (created, <=, hi);
    }
  assert_newest_first (range);

  g_free (query);
  query = g_strdup_printf ("?startDate=%s", from);
  start_only = list_orders (f, query, &r_start);
  g_assert_cmpuint (json_array_get_length (start_only), ==, 7);
}

static void
test_orders_list_bad_params (Fixture       *f,
                             gconstpointer  data)
{
  static const struct { const char *query; const char *field; } cases[] = {
    { "?limit=abc", "limit" }, { "?limit=-1", "limit" }, { "?limit=1.5", "limit" },
    { "?offset=x", "offset" }, { "?startDate=yesterday", "startDate" },
    { "?endDate=2025-13-45", "endDate" },
    { "?startDate=2025-11-05T17:00:00.000Z&endDate=soon", "endDate" },
  };
  g_autofree char *token = token_for (f, "kitchen");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/orders", cases[i].query, NULL);
      g_autoptr(Reply) r = api (f, "GET", path, token, NULL);

      assert_invalid (r, cases[i].field);
    }
}

static void
test_orders_get (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = new_order_id (f);
  g_autofree char *token = token_for (f, "expo");
  g_autofree char *path = g_strdup_printf ("/orders/%s", id);
  g_autoptr(Reply) r = api (f, "GET", path, token, NULL);
  g_autoptr(Reply) missing = api (f, "GET", "/orders/00000000-0000-4000-8000-000000000000",
                                  token, NULL);
  g_autoptr(Reply) anonymous = api (f, "GET", path, NULL, NULL);
  g_autoptr(JsonObject) expected = galley_demo_server_dup_order (f->server, id);
  g_autofree char *expected_text = galley_json_object_to_string (expected);

  assert_status (r, SOUP_STATUS_OK);
  g_assert_cmpstr (get_string (reply_object (r), "id"), ==, id);
  /* byte for byte the server's row */
  g_assert_cmpstr (r->text, ==, expected_text);

  assert_error_object (missing, SOUP_STATUS_NOT_FOUND, "Order not found");
  g_assert_cmpstr (get_string (get_object (reply_object (missing), "error"), "code"), ==,
                   "NOT_FOUND");
  assert_status (anonymous, SOUP_STATUS_UNAUTHORIZED);
}

#define ROW_FIELDS                                                                             \
  "id,restaurant_id,order_number,type,status,items,subtotal,tax,total_amount,notes,"           \
  "customer_name,table_number,seat_number,metadata,created_at,updated_at,preparing_at,"        \
  "ready_at,completed_at,cancelled_at,scheduled_pickup_time,auto_fire_time,is_scheduled,"      \
  "manually_fired,version,payment_status,payment_method,payment_amount,cash_received,"         \
  "change_given,payment_id,check_closed_at,closed_by_user_id"

static void
assert_row_shape (JsonObject *row)
{
  g_autofree char *names = member_names (row);

  g_assert_cmpstr (names, ==, ROW_FIELDS);
}

static void
test_orders_create (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) row = create_order (f, SPEC_ORDER_BODY);
  g_autoptr(JsonObject) second = create_order (f, SIMPLE_ORDER_BODY);
  g_autoptr(JsonObject) fetched = NULL;
  g_autofree char *item_names = NULL;
  JsonObject *metadata, *item;
  JsonArray *items;

  assert_row_shape (row);
  g_assert_cmpuint (strlen (get_string (row, "id")), ==, 36);
  g_assert_cmpstr (get_string (row, "restaurant_id"), ==, RESTAURANT);
  /* §3.6: UTC date of the (virtual) clock, then 24 seeded orders since local midnight + 1 */
  g_assert_cmpstr (get_string (row, "order_number"), ==, "20251105-0025");
  g_assert_cmpstr (get_string (second, "order_number"), ==, "20251105-0026");
  g_assert_cmpstr (get_string (row, "type"), ==, "online");
  g_assert_cmpstr (get_string (row, "status"), ==, "pending");

  /* §3.7: client totals ignored, 2 × (14.00 + 3.00) = 34.00, tax 2.72, + tip 5.00 */
  g_assert_cmpfloat (get_number (row, "subtotal"), ==, 34.0);
  g_assert_cmpfloat (get_number (row, "tax"), ==, 2.72);
  g_assert_cmpfloat (get_number (row, "total_amount"), ==, 41.72);
  g_assert_cmpfloat (get_number (second, "subtotal"), ==, 12.5);
  g_assert_cmpfloat (get_number (second, "tax"), ==, 1.0);
  g_assert_cmpfloat (get_number (second, "total_amount"), ==, 13.5);

  g_assert_cmpstr (get_string (row, "customer_name"), ==, "Table 7 - Seat 2");
  g_assert_cmpstr (get_string (row, "table_number"), ==, "7");
  g_assert_cmpint (get_int (row, "seat_number"), ==, 2);
  g_assert_true (galley_json_is_null_or_absent (row, "notes"));
  g_assert_cmpstr (get_string (row, "created_at"), ==, get_string (row, "updated_at"));
  g_assert_cmpstr (get_string (row, "created_at"), ==, "2025-11-05T17:00:00.000000+00:00");
  g_assert_true (galley_json_is_null_or_absent (row, "preparing_at"));
  g_assert_false (get_bool (row, "is_scheduled"));
  g_assert_cmpint (get_int (row, "version"), ==, 1);
  g_assert_cmpstr (get_string (row, "payment_status"), ==, "unpaid");

  metadata = get_object (row, "metadata");
  g_assert_cmpstr (get_string (metadata, "client_order_ref"), ==,
                   "b7e4c0d2-6a1f-4e3b-9c8d-7f6e5d4c3b2a");
  g_assert_cmpstr (get_string (metadata, "originalType"), ==, "dine-in");
  g_assert_cmpstr (get_string (metadata, "uiType"), ==, "dine-in");
  g_assert_cmpfloat (get_number (metadata, "tip"), ==, 5.0);

  /* §3.5: unknown item keys stripped, the rest verbatim and in order */
  items = get_array (row, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  item = json_array_get_object_element (items, 0);
  item_names = member_names (item);
  g_assert_cmpstr (item_names, ==,
                   "id,menu_item_id,name,quantity,price,modifiers,special_instructions");
  g_assert_cmpstr (get_string (item, "special_instructions"), ==, "Nut allergy");

  /* stored: GET returns the same row */
  fetched = get_order (f, get_string (row, "id"));
  g_assert_true (json_object_equal (fetched, row));
  g_assert_cmpuint (galley_demo_server_get_n_orders (f->server), ==, 24 + 2);
}

static void
test_orders_create_rounding (Fixture       *f,
                             gconstpointer  data)
{
  /* 3 × 0.99 + 3 × 0.33 = 3.96; tax round(31.68 ¢) = 0.32; tip 1.10; a string modifier has no
   * price */
  g_autoptr(JsonObject) row = create_order (f,
    "{\"items\":[{\"id\":\"l\",\"menu_item_id\":\"m\",\"name\":\"Tea\",\"quantity\":3,"
    "\"price\":0.99,\"modifiers\":[{\"id\":\"x\",\"name\":\"Honey\",\"price\":0.33},"
    "\"plain string modifier\"]}],\"tip\":1.1}");

  g_assert_cmpfloat (get_number (row, "subtotal"), ==, 3.96);
  g_assert_cmpfloat (get_number (row, "tax"), ==, 0.32);
  g_assert_cmpfloat (get_number (row, "total_amount"), ==, 5.38);
  g_assert_cmpfloat (get_number (get_object (row, "metadata"), "tip"), ==, 1.1);
  /* no type: stored online, no originalType */
  g_assert_cmpstr (get_string (row, "type"), ==, "online");
  g_assert_false (json_object_has_member (get_object (row, "metadata"), "originalType"));
}

static void
test_orders_create_types (Fixture       *f,
                          gconstpointer  data)
{
  static const struct { const char *ui; const char *stored; } types[] = {
    { "dine-in", "online" }, { "takeout", "pickup" }, { "delivery", "delivery" },
    { "kiosk", "online" }, { "voice", "online" }, { "online", "online" },
    { "drive-thru", "pickup" }, { "pickup", "pickup" }, { "dine_in", "online" },
  };
  g_autofree char *token = token_for (f, "server");

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *body = g_strdup_printf (
        "{\"type\":\"%s\",\"items\":[{\"id\":\"l\",\"menu_item_id\":\"m\",\"name\":\"N\","
        "\"quantity\":1,\"price\":1}]}", types[i].ui);
      g_autoptr(JsonObject) row = create_order (f, body);
      JsonObject *metadata = get_object (row, "metadata");

      g_assert_cmpstr (get_string (row, "type"), ==, types[i].stored);
      g_assert_cmpstr (get_string (metadata, "originalType"), ==, types[i].ui);
      g_assert_cmpstr (get_string (metadata, "uiType"), ==, types[i].ui);
    }

  {
    g_autoptr(Reply) r = api (f, "POST", "/orders", token,
                              "{\"type\":\"catering\",\"items\":[{\"id\":\"l\","
                              "\"menu_item_id\":\"m\",\"name\":\"N\",\"quantity\":1,"
                              "\"price\":1}]}");

    assert_invalid (r, "type");
  }
}

static void
test_orders_create_snake_case (Fixture       *f,
                               gconstpointer  data)
{
  const char *body =
    "{\"items\":[{\"id\":\"l\",\"menu_item_id\":\"m\",\"name\":\"N\",\"quantity\":1,"
    "\"price\":2}],\"customer_name\":\"Snake\",\"table_number\":12,\"seat_number\":3,"
    "\"customer_email\":\"s@example.com\",\"customer_phone\":\"555\"}";
  g_autoptr(JsonObject) dropped = create_order (f, body);
  g_autoptr(JsonObject) kept = NULL;
  g_autoptr(JsonObject) camel = create_order (f,
    "{\"items\":[{\"id\":\"l\",\"menu_item_id\":\"m\",\"name\":\"N\",\"quantity\":1,"
    "\"price\":2}],\"customerName\":\"Camel\",\"tableNumber\":12,\"seatNumber\":3,"
    "\"customerEmail\":\"c@example.com\",\"customerPhone\":\"556\"}");

  /* [quirk] snake_case variants pass validation but are dropped */
  g_assert_true (galley_json_is_null_or_absent (dropped, "customer_name"));
  g_assert_true (galley_json_is_null_or_absent (dropped, "table_number"));
  g_assert_true (galley_json_is_null_or_absent (dropped, "seat_number"));
  g_assert_false (json_object_has_member (get_object (dropped, "metadata"), "customerEmail"));

  /* camelCase is kept; a numeric table number is stored as text */
  g_assert_cmpstr (get_string (camel, "customer_name"), ==, "Camel");
  g_assert_cmpstr (get_string (camel, "table_number"), ==, "12");
  g_assert_cmpint (get_int (camel, "seat_number"), ==, 3);
  g_assert_cmpstr (get_string (get_object (camel, "metadata"), "customerEmail"), ==,
                   "c@example.com");
  g_assert_cmpstr (get_string (get_object (camel, "metadata"), "customerPhone"), ==, "556");

  /* with the quirk off the snake_case spellings are read too */
  set_option (f, "drop_snake_case_create_fields", "off");
  kept = create_order (f, body);
  g_assert_cmpstr (get_string (kept, "customer_name"), ==, "Snake");
  g_assert_cmpstr (get_string (kept, "table_number"), ==, "12");
  g_assert_cmpint (get_int (kept, "seat_number"), ==, 3);
  g_assert_cmpstr (get_string (get_object (kept, "metadata"), "customerEmail"), ==,
                   "s@example.com");
}

static void
test_orders_create_invalid (Fixture       *f,
                            gconstpointer  data)
{
  static const struct { const char *body; const char *field; } cases[] = {
    { "{\"items\":[]}", "items" },
    { "{\"type\":\"takeout\"}", "items" },
    { "{\"items\":{}}", "items" },
    { "{\"items\":[{\"id\":\"l\",\"menu_item_id\":\"m\",\"name\":\"N\",\"quantity\":0,"
      "\"price\":1}]}", "items.0" },
    { "{\"items\":[{\"id\":\"l\",\"menu_item_id\":\"m\",\"name\":\"N\",\"quantity\":1.5,"
      "\"price\":1}]}", "items.0" },
    { "{\"items\":[{\"id\":\"l\",\"menu_item_id\":\"m\",\"name\":\"N\",\"quantity\":1,"
      "\"price\":-1}]}", "items.0" },
    { "{\"items\":[{\"menu_item_id\":\"m\",\"name\":\"N\",\"quantity\":1,\"price\":1}]}",
      "items.0" },
    { "{\"items\":[42]}", "items.0" },
    { "{\"items\":[{\"id\":\"l\",\"menu_item_id\":\"m\",\"name\":\"N\",\"quantity\":1,"
      "\"price\":1}],\"seatNumber\":0}", "seatNumber" },
    { "{\"items\":[{\"id\":\"l\",\"menu_item_id\":\"m\",\"name\":\"N\",\"quantity\":1,"
      "\"price\":1}],\"customerName\":\"\"}", "customerName" },
    { "{\"items\":[{\"id\":\"l\",\"menu_item_id\":\"m\",\"name\":\"N\",\"quantity\":1,"
      "\"price\":1}],\"tip\":\"lots\"}", "tip" },
    { "{\"items\":[{\"id\":\"l\",\"menu_item_id\":\"m\",\"name\":\"N\",\"quantity\":1,"
      "\"price\":1}],\"metadata\":[1]}", "metadata" },
  };
  g_autofree char *token = token_for (f, "server");
  guint n = galley_demo_server_get_n_orders (f->server);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) r = api (f, "POST", "/orders", token, cases[i].body);

      assert_invalid (r, cases[i].field);
    }

  /* the spec's example error */
  {
    g_autoptr(Reply) r = api (f, "POST", "/orders", token, "{\"items\":[]}");
    JsonArray *list = get_array (get_object (get_object (reply_object (r), "details"),
                                             "fieldErrors"), "items");

    g_assert_cmpstr (json_array_get_string_element (list, 0), ==,
                     "Array must contain at least 1 element(s)");
  }

  /* not JSON, or JSON but not an object */
  {
    g_autoptr(Reply) r = api (f, "POST", "/orders", token, "{\"items\": [");
    g_autoptr(Reply) array = api (f, "POST", "/orders", token, "[1,2]");

    assert_error_object (r, SOUP_STATUS_BAD_REQUEST, "Invalid JSON");
    assert_error_object (array, SOUP_STATUS_BAD_REQUEST, "Invalid JSON");
  }

  g_assert_cmpuint (galley_demo_server_get_n_orders (f->server), ==, n);
}

static void
test_orders_create_auth (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *cashier = token_for (f, "cashier");
  g_autofree char *kitchen = token_for (f, "kitchen");
  g_autofree char *manager = token_for (f, "manager");
  g_autoptr(Reply) anonymous = api (f, "POST", "/orders", NULL, SIMPLE_ORDER_BODY);
  g_autoptr(Reply) as_cashier = api (f, "POST", "/orders", cashier, SIMPLE_ORDER_BODY);
  g_autoptr(Reply) as_kitchen = api (f, "POST", "/orders", kitchen, SIMPLE_ORDER_BODY);
  g_autoptr(Reply) as_manager = api (f, "POST", "/orders", manager, SIMPLE_ORDER_BODY);
  g_autoptr(Reply) bad_token = api (f, "POST", "/orders", "x.y.z", SIMPLE_ORDER_BODY);
  g_autoptr(Reply) kiosk_no_restaurant = http (f, "POST", API "/orders", SIMPLE_ORDER_BODY,
                                               "X-Client-Flow", "kiosk", NULL);
  guint n = galley_demo_server_get_n_orders (f->server);

  assert_error_object (anonymous, SOUP_STATUS_UNAUTHORIZED, "Authentication required");
  assert_error_object (as_cashier, SOUP_STATUS_FORBIDDEN, "Insufficient permissions");
  assert_error_object (as_kitchen, SOUP_STATUS_FORBIDDEN, "Insufficient permissions");
  assert_status (as_manager, SOUP_STATUS_CREATED);
  assert_error_object (bad_token, SOUP_STATUS_UNAUTHORIZED, "Invalid token");
  assert_error_object (kiosk_no_restaurant, SOUP_STATUS_BAD_REQUEST, "Invalid restaurant");
  g_assert_cmpuint (n, ==, 24 + 1);
}

static void
test_orders_status_chain (Fixture       *f,
                          gconstpointer  data)
{
  static const char * const chain[] = { "confirmed", "preparing", "ready", "completed" };
  g_autofree char *id = new_order_id (f);
  g_autofree char *preparing_at = NULL;
  g_autoptr(JsonObject) initial = galley_demo_server_dup_order (f->server, id);
  char *previous_updated = g_strdup (get_string (initial, "updated_at"));

  for (guint i = 0; i < G_N_ELEMENTS (chain); i++)
    {
      g_autoptr(Reply) r = NULL;
      JsonObject *row;

      galley_demo_server_advance (f->server, 30 * 1000);
      r = patch_status (f, id, chain[i]);
      assert_status (r, SOUP_STATUS_OK);
      row = reply_object (r);
      assert_row_shape (row);
      g_assert_cmpstr (get_string (row, "status"), ==, chain[i]);
      g_assert_cmpint (get_int (row, "version"), ==, 2 + i);
      g_assert_cmpstr (get_string (row, "updated_at"), !=, previous_updated);
      g_free (previous_updated);
      previous_updated = g_strdup (get_string (row, "updated_at"));

      if (strcmp (chain[i], "confirmed") == 0)
        g_assert_true (galley_json_is_null_or_absent (row, "preparing_at"));
      if (strcmp (chain[i], "preparing") == 0)
        {
          preparing_at = g_strdup (get_string (row, "preparing_at"));
          g_assert_cmpstr (preparing_at, ==, get_string (row, "updated_at"));
        }
      if (strcmp (chain[i], "ready") == 0)
        {
          g_assert_cmpstr (get_string (row, "ready_at"), ==, get_string (row, "updated_at"));
          g_assert_cmpstr (get_string (row, "preparing_at"), ==, preparing_at);
          g_assert_true (galley_json_is_null_or_absent (row, "completed_at"));
        }
      if (strcmp (chain[i], "completed") == 0)
        {
          g_assert_cmpstr (get_string (row, "completed_at"), ==, get_string (row, "updated_at"));
          g_assert_true (galley_json_is_null_or_absent (row, "cancelled_at"));
        }
    }
  g_free (previous_updated);

  /* the picked-up branch, and notes are accepted */
  {
    g_autofree char *other = new_order_id (f);
    g_autofree char *token = token_for (f, "expo");
    g_autofree char *path = g_strdup_printf ("/orders/%s/status", other);
    g_autoptr(Reply) r = NULL;

    patch_status_ok (f, other, "confirmed");
    patch_status_ok (f, other, "preparing");
    patch_status_ok (f, other, "ready");
    r = api (f, "PATCH", path, token, "{\"status\":\"picked-up\",\"notes\":\"bumped at grill\"}");
    assert_status (r, SOUP_STATUS_OK);
    g_assert_cmpstr (get_string (reply_object (r), "status"), ==, "picked-up");
    patch_status_ok (f, other, "completed");
  }
}

static void
test_orders_status_illegal (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *id = new_order_id (f);
  g_autoptr(Reply) skip = patch_status (f, id, "ready");
  g_autoptr(Reply) same = patch_status (f, id, "pending");
  g_autoptr(Reply) unknown_status = patch_status (f, id, "done");
  g_autoptr(Reply) underscore = patch_status (f, id, "picked_up");
  g_autoptr(Reply) unknown_id = patch_status (f, "00000000-0000-4000-8000-000000000000",
                                              "confirmed");
  g_autoptr(Reply) final = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *token = token_for (f, "kitchen");
  g_autofree char *path = g_strdup_printf ("/orders/%s/status", id);
  g_autoptr(Reply) no_status = api (f, "PATCH", path, token, "{\"notes\":\"x\"}");
  g_autoptr(Reply) anonymous = api (f, "PATCH", path, NULL, "{\"status\":\"confirmed\"}");

  /* [quirk] 500 with the upstream message */
  assert_error_object (skip, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Invalid state transition");
  g_assert_cmpstr (get_string (get_object (reply_object (skip), "error"), "message"), ==,
                   "Invalid state transition: pending → ready. Valid next states: confirmed, "
                   "cancelled");
  assert_error_object (same, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Invalid state transition");
  assert_invalid (unknown_status, "status");
  assert_invalid (underscore, "status");
  assert_invalid (no_status, "status");
  assert_error_object (unknown_id, SOUP_STATUS_NOT_FOUND, "Order not found");
  assert_status (anonymous, SOUP_STATUS_UNAUTHORIZED);

  /* nothing moved */
  row = get_order (f, id);
  g_assert_cmpstr (get_string (row, "status"), ==, "pending");
  g_assert_cmpint (get_int (row, "version"), ==, 1);

  /* final states are final */
  patch_status_ok (f, id, "cancelled");
  final = patch_status (f, id, "pending");
  assert_error_object (final, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                       "Invalid state transition: cancelled → pending");
}

static void
test_orders_status_lenient (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *id = new_order_id (f);
  g_autoptr(Reply) r = NULL;

  set_option (f, "strict_transitions", "off");
  r = patch_status (f, id, "ready");
  assert_error_object (r, SOUP_STATUS_CONFLICT, "Invalid state transition");
  g_assert_cmpstr (get_string (get_object (reply_object (r), "error"), "code"), ==, "CONFLICT");
}

static void
test_orders_delete (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = new_order_id (f);
  g_autofree char *token = token_for (f, "kitchen");
  g_autofree char *path = g_strdup_printf ("/orders/%s", id);
  g_autoptr(Reply) r = NULL, again = NULL, missing = NULL;
  WsClient *c = ws_authed (f, "kitchen");
  g_autoptr(JsonObject) event = NULL;
  JsonObject *row;

  galley_demo_server_advance (f->server, 1000);
  r = api (f, "DELETE", path, token, "{\"reason\":\"guest left\"}");
  assert_status (r, SOUP_STATUS_OK);
  row = reply_object (r);
  assert_row_shape (row);
  g_assert_cmpstr (get_string (row, "status"), ==, "cancelled");
  g_assert_cmpstr (get_string (row, "cancelled_at"), ==, get_string (row, "updated_at"));
  g_assert_cmpint (get_int (row, "version"), ==, 2);

  event = ws_wait_type (c, "order:updated");
  g_assert_cmpstr (get_string (get_object (get_object (event, "payload"), "order"), "status"),
                   ==, "cancelled");

  again = api (f, "DELETE", path, token, NULL);
  assert_error_object (again, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Invalid state transition");
  missing = api (f, "DELETE", "/orders/00000000-0000-4000-8000-000000000000", token, NULL);
  assert_error_object (missing, SOUP_STATUS_NOT_FOUND, "Order not found");
}

static Reply *
post_with_key (Fixture    *f,
               const char *key)
{
  g_autofree char *token = token_for (f, "server");
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

  return http (f, "POST", API "/orders", SIMPLE_ORDER_BODY, "Authorization", bearer,
               "Cookie", "csrf_token=" CSRF_VALUE, "X-CSRF-Token", CSRF_VALUE,
               "Idempotency-Key", key, NULL);
}

static void
test_orders_idempotency (Fixture       *f,
                         gconstpointer  data)
{
  guint n = galley_demo_server_get_n_orders (f->server);
  g_autoptr(Reply) off1 = post_with_key (f, "k-1");
  g_autoptr(Reply) off2 = post_with_key (f, "k-1");
  g_autoptr(Reply) on1 = NULL, on2 = NULL, on3 = NULL;
  WsClient *c = ws_authed (f, "kitchen");

  /* [quirk] by default there is no idempotency */
  assert_status (off1, SOUP_STATUS_CREATED);
  assert_status (off2, SOUP_STATUS_CREATED);
  g_assert_cmpstr (get_string (reply_object (off1), "id"), !=,
                   get_string (reply_object (off2), "id"));
  g_assert_cmpuint (galley_demo_server_get_n_orders (f->server), ==, n + 2);

  set_option (f, "idempotency_key", "on");
  on1 = post_with_key (f, "k-2");
  on2 = post_with_key (f, "k-2");
  on3 = post_with_key (f, "k-3");
  assert_status (on1, SOUP_STATUS_CREATED);
  assert_status (on2, SOUP_STATUS_CREATED);
  assert_status (on3, SOUP_STATUS_CREATED);
  g_assert_cmpstr (get_string (reply_object (on1), "id"), ==,
                   get_string (reply_object (on2), "id"));
  g_assert_cmpstr (on1->text, ==, on2->text);
  g_assert_cmpstr (get_string (reply_object (on1), "id"), !=,
                   get_string (reply_object (on3), "id"));
  g_assert_cmpuint (galley_demo_server_get_n_orders (f->server), ==, n + 4);

  /* the replay is not broadcast again */
  ws_send_ping (c);
  ws_expect (c, "pong");
  g_assert_cmpuint (ws_count_type (c, "order:created"), ==, 2);
}

/* ================================================== menu, tables, payments (§4.4-4.6) */

static void
test_menu (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Reply) r = api (f, "GET", "/menu", NULL, NULL);
  g_autoptr(Reply) no_restaurant = http (f, "GET", API "/menu", NULL, NULL);
  g_autoptr(Reply) other = http (f, "GET", API "/menu", NULL, "x-restaurant-id", OTHER_UUID, NULL);
  g_autofree char *token = token_for (f, "kitchen");
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(Reply) by_token = http (f, "GET", API "/menu", NULL, "Authorization", bearer, NULL);
  g_autoptr(Reply) items_r = api (f, "GET", "/menu/items", NULL, NULL);
  g_autoptr(Reply) categories_r = api (f, "GET", "/menu/categories", NULL, NULL);
  g_autoptr(Reply) missing = api (f, "GET", "/menu/items/no-such-item", NULL, NULL);
  JsonArray *categories, *items;
  guint unavailable = 0, with_groups = 0, with_priced_option = 0, with_allergens = 0;
  guint with_aliases = 0;
  const char *previous_name = "";

  assert_status (r, SOUP_STATUS_OK);
  categories = get_array (reply_object (r), "categories");
  items = get_array (reply_object (r), "items");
  g_assert_cmpuint (json_array_get_length (categories), >=, 6);
  g_assert_cmpuint (json_array_get_length (items), >=, 40);

  for (guint i = 0; i < json_array_get_length (categories); i++)
    {
      JsonObject *category = json_array_get_object_element (categories, i);

      get_string (category, "id");
      get_string (category, "name");
      get_string (category, "slug");
      g_assert_cmpint (get_int (category, "display_order"), ==, i + 1);   /* sorted */
      g_assert_true (get_bool (category, "active"));
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonArray *groups = get_array (item, "modifiers");

      get_string (item, "id");
      g_assert_cmpuint (strlen (get_string (item, "menu_item_id")), ==, 36);
      g_assert_cmpuint (strlen (get_string (item, "category_id")), ==, 36);
      g_assert_cmpfloat (get_number (item, "price"), >, 0);
      g_assert_true (get_bool (item, "active"));
      g_assert_cmpint (get_int (item, "prep_time_minutes"), >, 0);
      get_array (item, "dietary_flags");
      /* items are sorted by name */
      g_assert_cmpint (g_utf8_collate (previous_name, get_string (item, "name")), <=, 0);
      previous_name = get_string (item, "name");

      unavailable += !get_bool (item, "available");
      with_aliases += json_array_get_length (get_array (item, "aliases")) > 0;
      with_allergens += json_array_get_length (get_array (item, "allergens")) > 0;
      with_groups += json_array_get_length (groups) > 0;
      for (guint g = 0; g < json_array_get_length (groups); g++)
        {
          JsonArray *options = get_array (json_array_get_object_element (groups, g), "options");

          for (guint o = 0; o < json_array_get_length (options); o++)
            if (get_number (json_array_get_object_element (options, o), "price") > 0)
              {
                with_priced_option++;
                g = json_array_get_length (groups);
                break;
              }
        }
    }
  g_assert_cmpuint (unavailable, >=, 1);
  g_assert_cmpuint (with_aliases, >=, 1);
  g_assert_cmpuint (with_allergens, >=, 1);
  g_assert_cmpuint (with_groups, >=, 1);
  g_assert_cmpuint (with_priced_option, >=, 1);

  assert_error_object (no_restaurant, SOUP_STATUS_BAD_REQUEST, "Restaurant ID is required");
  assert_error_object (other, SOUP_STATUS_NOT_FOUND, "Restaurant not found");
  assert_status (by_token, SOUP_STATUS_OK);
  g_assert_cmpstr (by_token->text, ==, r->text);

  assert_status (items_r, SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (reply_array (items_r)), ==,
                    json_array_get_length (items));
  assert_status (categories_r, SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (reply_array (categories_r)), ==,
                    json_array_get_length (categories));
  assert_error_object (missing, SOUP_STATUS_NOT_FOUND, "Menu item not found");

  /* an item by its external id and by its UUID */
  {
    JsonObject *first = json_array_get_object_element (items, 0);
    g_autofree char *by_id = g_strdup_printf ("/menu/items/%s", get_string (first, "id"));
    g_autofree char *by_uuid = g_strdup_printf ("/menu/items/%s",
                                                get_string (first, "menu_item_id"));
    g_autoptr(Reply) a = api (f, "GET", by_id, NULL, NULL);
    g_autoptr(Reply) b = api (f, "GET", by_uuid, NULL, NULL);

    assert_status (a, SOUP_STATUS_OK);
    assert_status (b, SOUP_STATUS_OK);
    g_assert_true (json_object_equal (reply_object (a), first));
    g_assert_true (json_object_equal (reply_object (b), first));
  }
}

static void
test_menu_patch (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Reply) menu = api (f, "GET", "/menu/items", NULL, NULL);
  JsonObject *item = json_array_get_object_element (reply_array (menu), 0);
  g_autofree char *path = g_strdup_printf ("/menu/items/%s", get_string (item, "id"));
  g_autofree char *stale = g_strdup (get_string (item, "updated_at"));
  g_autofree char *manager = token_for (f, "manager");
  g_autofree char *kitchen = token_for (f, "kitchen");
  g_autofree char *stale_body = g_strdup_printf ("{\"is_available\":true,\"updated_at\":\"%s\"}",
                                                 stale);
  g_autofree char *fresh_body = NULL;
  g_autofree char *full_path = g_strconcat (API, path, NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", manager, NULL);
  g_autoptr(Reply) forbidden = api (f, "PATCH", path, kitchen, "{\"is_available\":false}");
  g_autoptr(Reply) no_csrf = http (f, "PATCH", full_path, "{\"is_available\":false}",
                                   "Authorization", bearer, NULL);
  g_autoptr(Reply) bad = api (f, "PATCH", path, manager, "{\"is_available\":\"no\"}");
  g_autoptr(Reply) unknown = api (f, "PATCH", "/menu/items/no-such-item", manager,
                                  "{\"is_available\":false}");
  g_autoptr(Reply) off = NULL, check = NULL, conflict = NULL, on = NULL;

  g_assert_true (get_bool (item, "available"));
  assert_error_object (forbidden, SOUP_STATUS_FORBIDDEN, "Insufficient permissions");
  assert_error_string (no_csrf, SOUP_STATUS_FORBIDDEN, "CSRF token required");
  assert_invalid (bad, "is_available");
  assert_error_object (unknown, SOUP_STATUS_NOT_FOUND, "Menu item not found");

  /* 86 it */
  galley_demo_server_advance (f->server, 5000);
  off = api (f, "PATCH", path, manager, "{\"is_available\":false}");
  assert_status (off, SOUP_STATUS_OK);
  g_assert_false (get_bool (reply_object (off), "available"));
  g_assert_cmpstr (get_string (reply_object (off), "updated_at"), !=, stale);
  check = api (f, "GET", path, NULL, NULL);
  g_assert_false (get_bool (reply_object (check), "available"));

  /* a change based on the old updated_at is refused */
  conflict = api (f, "PATCH", path, manager, stale_body);
  assert_error_object (conflict, SOUP_STATUS_CONFLICT, "The item was changed");

  fresh_body = g_strdup_printf ("{\"is_available\":true,\"updated_at\":\"%s\"}",
                                get_string (reply_object (off), "updated_at"));
  on = api (f, "PATCH", path, manager, fresh_body);
  assert_status (on, SOUP_STATUS_OK);
  g_assert_true (get_bool (reply_object (on), "available"));
}

static void
test_tables (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *kitchen = token_for (f, "kitchen");
  g_autofree char *manager = token_for (f, "manager");
  g_autofree char *server = token_for (f, "server");
  g_autoptr(Reply) r = api (f, "GET", "/tables", kitchen, NULL);
  g_autoptr(Reply) anonymous = api (f, "GET", "/tables", NULL, NULL);
  g_autoptr(Reply) one = NULL, missing = NULL, patched = NULL, as_server = NULL, bad = NULL;
  g_autofree char *path = NULL, *status_path = NULL;
  JsonArray *tables;

  assert_status (r, SOUP_STATUS_OK);
  tables = reply_array (r);
  g_assert_cmpuint (json_array_get_length (tables), >=, 12);
  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *table = json_array_get_object_element (tables, i);

      g_assert_cmpuint (strlen (get_string (table, "id")), ==, 36);
      get_string (table, "table_number");
      get_string (table, "label");
      g_assert_cmpstr (get_string (table, "status"), ==, "available");
    }
  assert_status (anonymous, SOUP_STATUS_UNAUTHORIZED);

  path = g_strdup_printf ("/tables/%s",
                          get_string (json_array_get_object_element (tables, 2), "id"));
  one = api (f, "GET", path, kitchen, NULL);
  assert_status (one, SOUP_STATUS_OK);
  g_assert_true (json_object_equal (reply_object (one),
                                    json_array_get_object_element (tables, 2)));
  missing = api (f, "GET", "/tables/00000000-0000-4000-8000-000000000000", kitchen, NULL);
  assert_error_object (missing, SOUP_STATUS_NOT_FOUND, "Table not found");

  status_path = g_strconcat (path, "/status", NULL);
  patched = api (f, "PATCH", status_path, manager, "{\"status\":\"occupied\"}");
  assert_status (patched, SOUP_STATUS_OK);
  g_assert_cmpstr (get_string (reply_object (patched), "status"), ==, "occupied");
  /* [quirk] the server role lacks tables:manage */
  as_server = api (f, "PATCH", status_path, server, "{\"status\":\"available\"}");
  assert_error_object (as_server, SOUP_STATUS_FORBIDDEN, "Insufficient permissions");
  bad = api (f, "PATCH", status_path, manager, "{\"status\":\"dirty\"}");
  assert_invalid (bad, "status");
}

/* A table number none of whose orders is still open and unpaid (so paying one order there
 * settles the table). */
static char *
free_table (Fixture *f)
{
  g_autoptr(JsonArray) orders = galley_demo_server_dup_orders (f->server);

  for (guint t = 1; t <= 15; t++)
    {
      g_autofree char *number = g_strdup_printf ("%u", t);
      gboolean busy = FALSE;

      for (guint i = 0; i < json_array_get_length (orders) && !busy; i++)
        {
          JsonObject *order = json_array_get_object_element (orders, i);
          const char *table = NULL;

          galley_json_get_string (order, "table_number", &table);
          busy = g_strcmp0 (table, number) == 0 &&
                 g_strcmp0 (get_string (order, "status"), "cancelled") != 0 &&
                 g_strcmp0 (get_string (order, "payment_status"), "paid") != 0;
        }
      if (!busy)
        return g_steal_pointer (&number);
    }

  g_error ("every table has an open order");
  return NULL;
}

static void
test_payments_cash (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *table = free_table (f);
  g_autofree char *body = g_strdup_printf (
    "{\"type\":\"dine-in\",\"items\":[{\"id\":\"l\",\"menu_item_id\":\"m\",\"name\":\"N\","
    "\"quantity\":2,\"price\":10}],\"tableNumber\":\"%s\"}", table);
  g_autoptr(JsonObject) row = create_order (f, body);
  g_autofree char *server = token_for (f, "server");
  g_autofree char *kitchen = token_for (f, "kitchen");
  g_autofree char *pay = g_strdup_printf ("{\"order_id\":\"%s\",\"amount_received\":30}",
                                          get_string (row, "id"));
  g_autofree char *too_little = g_strdup_printf ("{\"order_id\":\"%s\",\"amount_received\":5}",
                                                 get_string (row, "id"));
  g_autoptr(Reply) forbidden = NULL, short_r = NULL, ok = NULL, twice = NULL, unknown = NULL;
  g_autoptr(JsonObject) updated = NULL, table_event = NULL;
  WsClient *c = ws_authed (f, "kitchen");
  JsonObject *paid, *payload;

  /* 20.00 + 1.60 tax */
  g_assert_cmpfloat (get_number (row, "total_amount"), ==, 21.6);

  forbidden = api (f, "POST", "/payments/cash", kitchen, pay);
  assert_error_object (forbidden, SOUP_STATUS_FORBIDDEN, "Insufficient permissions");
  short_r = api (f, "POST", "/payments/cash", server, too_little);
  assert_status (short_r, SOUP_STATUS_BAD_REQUEST);
  unknown = api (f, "POST", "/payments/cash", server,
                 "{\"order_id\":\"00000000-0000-4000-8000-000000000000\",\"amount_received\":1}");
  assert_error_object (unknown, SOUP_STATUS_NOT_FOUND, "Order not found");

  ok = api (f, "POST", "/payments/cash", server, pay);
  assert_status (ok, SOUP_STATUS_OK);
  g_assert_true (get_bool (reply_object (ok), "success"));
  g_assert_cmpfloat (get_number (reply_object (ok), "change"), ==, 8.4);
  paid = get_object (reply_object (ok), "order");
  g_assert_cmpstr (get_string (paid, "payment_status"), ==, "paid");
  g_assert_cmpstr (get_string (paid, "payment_method"), ==, "cash");
  g_assert_cmpfloat (get_number (paid, "payment_amount"), ==, 21.6);
  g_assert_cmpfloat (get_number (paid, "cash_received"), ==, 30);
  g_assert_cmpfloat (get_number (paid, "change_given"), ==, 8.4);
  get_string (paid, "check_closed_at");

  /* re-broadcast as order:updated, then the table flips to paid */
  updated = ws_wait_type (c, "order:updated");
  g_assert_cmpstr (get_string (get_object (get_object (updated, "payload"), "order"),
                               "payment_status"), ==, "paid");
  table_event = ws_wait_type (c, "table:status_updated");
  payload = get_object (table_event, "payload");
  g_assert_cmpstr (get_string (payload, "status"), ==, "paid");
  g_assert_cmpstr (get_string (payload, "table_number"), ==, table);
  g_assert_cmpuint (strlen (get_string (payload, "table_id")), ==, 36);
  get_string (payload, "label");

  twice = api (f, "POST", "/payments/cash", server, pay);
  assert_error_object (twice, SOUP_STATUS_CONFLICT, "Order is already paid");
}

static void
test_health (Fixture       *f,
             gconstpointer  data)
{
  static const char * const paths[] = { "/health", "/status", "/ready", "/live", "/healthz" };
  const char *no_headers[] = { NULL };
  g_autoptr(Reply) redirect = http_full (f, "GET", "/health", NULL, SOUP_MESSAGE_NO_REDIRECT,
                                         no_headers);
  g_autoptr(Reply) redirect_api = http_full (f, "GET", "/api/health", NULL,
                                             SOUP_MESSAGE_NO_REDIRECT, no_headers);
  g_autoptr(Reply) followed = http (f, "GET", "/health", NULL, NULL);
  const char *location;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *path = g_strconcat (API, paths[i], NULL);
      g_autoptr(Reply) r = http (f, "GET", path, NULL, NULL);

      assert_status (r, SOUP_STATUS_OK);
      g_assert_cmpstr (get_string (reply_object (r), "status"), ==, "healthy");
      g_assert_cmpstr (get_string (reply_object (r), "timestamp"), ==, VIRTUAL_START);
    }

  assert_status (redirect, SOUP_STATUS_MOVED_PERMANENTLY);
  location = soup_message_headers_get_one (soup_message_get_response_headers (redirect->msg),
                                           "Location");
  g_assert_true (g_str_has_suffix (location, "/api/v1/health"));
  assert_status (redirect_api, SOUP_STATUS_MOVED_PERMANENTLY);
  assert_status (followed, SOUP_STATUS_OK);
  g_assert_cmpstr (get_string (reply_object (followed), "status"), ==, "healthy");
}

static void
test_restaurants (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *token = token_for (f, "kitchen");
  g_autoptr(Reply) pub = api (f, "GET", "/restaurants/" RESTAURANT "/public", NULL, NULL);
  g_autoptr(Reply) full_anonymous = api (f, "GET", "/restaurants/" RESTAURANT, NULL, NULL);
  g_autoptr(Reply) full = api (f, "GET", "/restaurants/" RESTAURANT, token, NULL);
  g_autoptr(Reply) unknown = api (f, "GET", "/restaurants/" OTHER_UUID "/public", NULL, NULL);
  g_autoptr(Reply) slug = api (f, "GET", "/restaurants/grow/public", NULL, NULL);
  JsonObject *restaurant;
  double tax_rate;

  assert_status (pub, SOUP_STATUS_OK);
  restaurant = reply_object (pub);
  g_assert_cmpstr (get_string (restaurant, "id"), ==, RESTAURANT);
  g_assert_cmpstr (get_string (restaurant, "slug"), ==, "grow");
  g_assert_cmpstr (get_string (restaurant, "timezone"), ==, "America/New_York");
  /* the web client requires a number in [0, 1] */
  tax_rate = get_number (restaurant, "tax_rate");
  g_assert_cmpfloat (tax_rate, ==, 0.08);
  g_assert_false (json_object_has_member (restaurant, "settings"));

  assert_status (full_anonymous, SOUP_STATUS_UNAUTHORIZED);
  assert_status (full, SOUP_STATUS_OK);
  get_object (reply_object (full), "settings");
  g_assert_true (get_bool (reply_object (full), "active"));
  assert_error_object (unknown, SOUP_STATUS_NOT_FOUND, "Restaurant not found");
  assert_status (slug, SOUP_STATUS_NOT_FOUND);
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(Reply) api_route = api (f, "GET", "/nope", NULL, NULL);
  g_autoptr(Reply) bare = http (f, "GET", "/nope", NULL, NULL);
  g_autoptr(Reply) wrong_method = api (f, "PUT", "/orders", NULL, "{}");
  g_autoptr(Reply) demo = http (f, "GET", "/_demo/nope", NULL, NULL);

  assert_error_object (api_route, SOUP_STATUS_NOT_FOUND, "Route not found");
  g_assert_cmpstr (get_string (get_object (reply_object (api_route), "error"), "code"), ==,
                   "NOT_FOUND");
  assert_error_object (bare, SOUP_STATUS_NOT_FOUND, "Route not found");
  g_assert_cmpuint (wrong_method->status, !=, SOUP_STATUS_OK);
  assert_error_string (demo, SOUP_STATUS_NOT_FOUND, "Unknown demo control");
}

/* §7.1 seed data: ≥ 20 historical orders spread over all statuses. */
/* dup_order()/dup_orders() hand out copies: they neither follow nor affect the server. */
static void
test_dup_is_copy (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = new_order_id (f);
  g_autoptr(JsonObject) snapshot = galley_demo_server_dup_order (f->server, id);
  g_autoptr(JsonArray) all = galley_demo_server_dup_orders (f->server);
  g_autoptr(JsonObject) now = NULL;
  JsonObject *last = json_array_get_object_element (all, json_array_get_length (all) - 1);

  patch_status_ok (f, id, "confirmed");
  g_assert_cmpstr (get_string (snapshot, "status"), ==, "pending");
  g_assert_cmpstr (get_string (last, "status"), ==, "pending");

  json_object_set_string_member (snapshot, "status", "completed");
  json_object_set_string_member (get_object (snapshot, "metadata"), "uiType", "hacked");
  json_array_add_string_element (get_array (last, "items"), "hacked");
  now = get_order (f, id);
  g_assert_cmpstr (get_string (now, "status"), ==, "confirmed");
  g_assert_cmpstr (get_string (get_object (now, "metadata"), "uiType"), !=, "hacked");
  g_assert_false (array_has_string (get_array (now, "items"), "hacked"));
  g_assert_null (galley_demo_server_dup_order (f->server, "no-such-order"));
}

static void
test_seed_data (Fixture       *f,
                gconstpointer  data)
{
  static const char * const statuses[] = { "new", "pending", "confirmed", "preparing", "ready",
                                           "picked-up", "completed", "cancelled" };
  g_autoptr(JsonArray) orders = galley_demo_server_dup_orders (f->server);
  gint64 now = galley_demo_server_now_us (f->server);

  g_assert_cmpuint (json_array_get_length (orders), >=, 20);
  g_assert_cmpuint (galley_demo_server_get_orders_generated (f->server), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    g_assert_cmpuint (count_matching (f, "status", statuses[i]), >=, 1);

  for (guint i = 0; i < json_array_get_length (orders); i++)
    {
      JsonObject *order = json_array_get_object_element (orders, i);
      gint64 created;

      assert_row_shape (order);
      g_assert_true (galley_time_parse (get_string (order, "created_at"), &created));
      g_assert_cmpint (created, <, now);
    }
}

/* ================================================================== WebSocket (§1, §2) */

static void
test_ws_connected (Fixture       *f,
                   gconstpointer  data)
{
  WsClient *c = ws_open (f, "/?restaurant_id=" RESTAURANT, 0);
  g_autofree char *expected = g_strdup ("{\"type\":\"connected\",\"timestamp\":\"" VIRTUAL_START
                                        "\",\"auth_required\":true}");

  g_assert_no_error (c->connect_error);
  /* exactly the upstream greeting, members in upstream's order */
  g_assert_cmpstr (ws_next (c), ==, expected);
  g_assert_cmpuint (galley_demo_server_get_clients (f->server), ==, 1);
  g_assert_cmpuint (galley_demo_server_get_clients_authenticated (f->server), ==, 0);

  /* [quirk] no auth timeout by default: an idle unauthenticated socket stays */
  galley_demo_server_advance (f->server, 10 * 60 * 1000);
  ws_assert_quiet (c);
}

static void
test_ws_auth_success (Fixture       *f,
                      gconstpointer  data)
{
  WsClient *c = ws_open (f, "/?restaurant_id=" RESTAURANT, 0);
  g_autofree char *token = token_for (f, "kitchen");
  g_autoptr(JsonObject) connected = NULL, success = NULL;
  g_autofree char *names = NULL;

  /* the upstream web client sends auth without waiting for connected */
  ws_send_auth (c, token, RESTAURANT);
  connected = ws_next_object (c);
  g_assert_cmpstr (get_string (connected, "type"), ==, "connected");
  g_assert_true (get_bool (connected, "auth_required"));
  success = ws_next_object (c);
  names = member_names (success);
  g_assert_cmpstr (names, ==, "type,timestamp");
  g_assert_cmpstr (get_string (success, "type"), ==, "auth:success");
  g_assert_cmpuint (galley_demo_server_get_clients_authenticated (f->server), ==, 1);

  /* a second auth frame is ignored */
  ws_send_auth (c, token, RESTAURANT);
  ws_assert_quiet (c);

  /* the token's claim is used when the frame has no restaurant_id */
  {
    WsClient *d = ws_connect (f);
    g_autoptr(JsonObject) reply = NULL;

    ws_send_auth (d, token, NULL);
    reply = ws_next_object (d);
    g_assert_cmpstr (get_string (reply, "type"), ==, "auth:success");
  }
}

static void
test_ws_ping (Fixture       *f,
              gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");

  ws_send_ping (c);
  g_assert_cmpstr (ws_next (c), ==, "{\"type\":\"pong\"}");
  ws_send (c, "{\"type\":\"ping\"}");
  g_assert_cmpstr (ws_next (c), ==, "{\"type\":\"pong\"}");
}

static void
test_ws_sync (Fixture       *f,
              gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  g_autoptr(JsonObject) reply = NULL;
  g_autofree char *names = NULL;
  JsonObject *payload;

  ws_send (c, "{\"type\":\"orders:sync\",\"payload\":{\"request_full_sync\":true},"
              "\"timestamp\":\"" VIRTUAL_START "\",\"restaurant_id\":\"" RESTAURANT "\"}");
  reply = ws_next_object (c);
  names = member_names (reply);
  g_assert_cmpstr (names, ==, "type,payload,timestamp");
  g_assert_cmpstr (get_string (reply, "type"), ==, "sync_complete");
  payload = get_object (reply, "payload");
  /* [quirk] no order data */
  g_assert_cmpuint (json_object_get_size (payload), ==, 1);
  g_assert_cmpstr (get_string (payload, "status"), ==, "synced");
}

static void
test_ws_unknown_type (Fixture       *f,
                      gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  g_autoptr(JsonObject) reply = NULL, no_type = NULL;
  JsonObject *payload;

  ws_send (c, "{\"type\":\"kds:hello\",\"payload\":{}}");
  reply = ws_next_object (c);
  g_assert_cmpstr (get_string (reply, "type"), ==, "error");
  payload = get_object (reply, "payload");
  g_assert_cmpstr (get_string (payload, "message"), ==, "Unknown message type");
  g_assert_cmpstr (get_string (payload, "type"), ==, "kds:hello");
  get_string (reply, "timestamp");

  ws_send (c, "{\"payload\":{}}");
  no_type = ws_next_object (c);
  g_assert_cmpstr (get_string (get_object (no_type, "payload"), "message"), ==,
                   "Unknown message type");

  /* the link stays */
  ws_send_ping (c);
  ws_expect (c, "pong");
}

static void
test_ws_ignored_types (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = new_order_id (f);
  g_autofree char *frame = g_strdup_printf (
    "{\"type\":\"order:update_status\",\"payload\":{\"order_id\":\"%s\",\"status\":\"confirmed\","
    "\"timestamp\":\"" VIRTUAL_START "\"},\"timestamp\":\"" VIRTUAL_START "\"}", id);
  g_autofree char *item_frame = g_strdup_printf (
    "{\"type\":\"order:update_item_status\",\"payload\":{\"order_id\":\"%s\","
    "\"item_id\":\"line-1\",\"status\":\"ready\"}}", id);
  WsClient *c = ws_authed (f, "kitchen");
  g_autoptr(JsonObject) order = NULL;

  /* logged only, no effect, no reply */
  ws_send (c, frame);
  ws_send (c, item_frame);
  ws_assert_quiet (c);
  order = galley_demo_server_dup_order (f->server, id);
  g_assert_cmpstr (get_string (order, "status"), ==, "pending");
}

static void
test_ws_bad_json (Fixture       *f,
                  gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  WsClient *fresh = ws_connect (f);

  ws_send (c, "{not json");
  g_assert_cmpstr (ws_next (c), ==, "{\"error\":\"Invalid message format\"}");
  ws_send (c, "[1,2,3]");
  g_assert_cmpstr (ws_next (c), ==, "{\"error\":\"Invalid message format\"}");
  ws_send_ping (c);
  ws_expect (c, "pong");

  /* before auth too, and it does not count as the first frame */
  ws_send (fresh, "nope");
  g_assert_cmpstr (ws_next (fresh), ==, "{\"error\":\"Invalid message format\"}");
  g_assert_false (fresh->closed);
}

static void
assert_rejected (WsClient   *c,
                 const char *type,
                 const char *error)
{
  g_autoptr(JsonObject) reply = ws_next_object (c);
  g_autofree char *names = member_names (reply);

  g_assert_cmpstr (names, ==, "type,error,timestamp");
  g_assert_cmpstr (get_string (reply, "type"), ==, type);
  g_assert_cmpstr (get_string (reply, "error"), ==, error);
  ws_wait_closed (c);
  g_assert_cmpuint (c->close_code, ==, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
  g_assert_cmpstr (c->close_data, ==, error);
}

static void
test_ws_auth_required (Fixture       *f,
                       gconstpointer  data)
{
  WsClient *c = ws_connect (f);

  ws_send_ping (c);
  assert_rejected (c, "error", "Authentication required");
}

static void
test_ws_auth_bad_token (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const tokens[] = {
    "garbage",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIuLi4ifQ.c2lnbmF0dXJl",
  };

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      WsClient *c = ws_connect (f);

      ws_send_auth (c, tokens[i], RESTAURANT);
      assert_rejected (c, "auth:failed", "Authentication failed");
    }

  /* no token member at all */
  {
    WsClient *c = ws_connect (f);

    ws_send (c, "{\"type\":\"auth\",\"restaurant_id\":\"" RESTAURANT "\"}");
    assert_rejected (c, "auth:failed", "Authentication failed");
  }
  g_assert_cmpuint (galley_demo_server_get_clients (f->server), ==, 0);
}

static void
test_ws_auth_expired (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *token = galley_demo_server_issue_token (f->server, "kitchen", 60);
  WsClient *c;

  galley_demo_server_advance (f->server, 61 * 1000);
  c = ws_connect (f);
  ws_send_auth (c, token, RESTAURANT);
  assert_rejected (c, "auth:failed", "Authentication failed");
}

static void
test_ws_auth_slug (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *token = token_for (f, "kitchen");
  WsClient *c = ws_connect (f);

  /* [quirk] a slug fails even with a valid token */
  ws_send_auth (c, token, "grow");
  assert_rejected (c, "auth:failed", "Authentication failed");
}

static char *
forge_token (Fixture    *f,
             const char *restaurant_id)
{
  g_autoptr(JsonObject) claims = json_object_new ();
  gint64 now_s = galley_demo_server_now_us (f->server) / G_USEC_PER_SEC;

  json_object_set_string_member (claims, "sub", "a3c1e2d4-0000-4000-8000-000000000003");
  json_object_set_string_member (claims, "role", "kitchen");
  if (restaurant_id != NULL)
    json_object_set_string_member (claims, "restaurant_id", restaurant_id);
  json_object_set_int_member (claims, "iat", now_s);
  json_object_set_int_member (claims, "exp", now_s + 3600);

  return galley_jwt_encode_hs256 (claims, DEMO_JWT_SECRET);
}

/* STRICT_AUTH: a token must carry restaurant_id, even when the frame has one. */
static void
test_ws_auth_strict (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *no_claim = forge_token (f, NULL);
  g_autofree char *with_claim = forge_token (f, RESTAURANT);
  WsClient *c = ws_connect (f);
  WsClient *d = ws_connect (f);
  g_autoptr(JsonObject) ok = NULL;

  ws_send_auth (c, no_claim, RESTAURANT);
  assert_rejected (c, "auth:failed", "Authentication failed");

  ws_send_auth (d, with_claim, NULL);
  ok = ws_next_object (d);
  g_assert_cmpstr (get_string (ok, "type"), ==, "auth:success");
}

static void
test_ws_legacy_url_token (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *token = token_for (f, "kitchen");
  g_autofree char *path = g_strdup_printf ("/?restaurant_id=%s&token=%s", RESTAURANT, token);
  g_autoptr(JsonObject) connected = NULL;
  WsClient *c;

  g_test_expect_message ("galley-demo-server", G_LOG_LEVEL_MESSAGE,
                         "Client * authenticated with a URL token (deprecated)");
  c = ws_open (f, path, 0);
  connected = ws_next_object (c);
  g_test_assert_expected_messages ();

  g_assert_cmpstr (get_string (connected, "type"), ==, "connected");
  g_assert_false (get_bool (connected, "auth_required"));
  g_assert_cmpuint (galley_demo_server_get_clients_authenticated (f->server), ==, 1);
  galley_demo_server_generate (f->server, 1);
  ws_expect (c, "order:created");
}

static void
test_ws_paths (Fixture       *f,
               gconstpointer  data)
{
  WsClient *voice = ws_open (f, "/api/v1/voice-stream?x=1", 0);
  WsClient *any = ws_open (f, "/some/other/path", 0);
  g_autoptr(JsonObject) connected = NULL;

  /* reserved for voice: not an order socket */
  g_assert_null (voice->conn);
  g_assert_nonnull (voice->connect_error);
  g_assert_cmpuint (soup_message_get_status (voice->msg), ==, SOUP_STATUS_NOT_FOUND);

  /* [quirk] any other path is accepted */
  g_assert_no_error (any->connect_error);
  connected = ws_next_object (any);
  g_assert_cmpstr (get_string (connected, "type"), ==, "connected");
}

static void
test_ws_events (Fixture       *f,
                gconstpointer  data)
{
  WsClient *kitchen = ws_authed (f, "kitchen");
  WsClient *expo = ws_authed (f, "expo");
  WsClient *unauthenticated = ws_connect (f);
  g_autoptr(JsonObject) created = NULL, created2 = NULL, updated = NULL, from_rest = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autofree char *names = NULL, *id = NULL;
  JsonObject *order;

  galley_demo_server_generate (f->server, 1);
  created = ws_next_object (kitchen);
  names = member_names (created);
  g_assert_cmpstr (names, ==, "type,payload,timestamp");
  g_assert_cmpstr (get_string (created, "type"), ==, "order:created");
  order = get_object (get_object (created, "payload"), "order");
  assert_row_shape (order);
  id = g_strdup (get_string (order, "id"));
  row = galley_demo_server_dup_order (f->server, id);
  g_assert_true (json_object_equal (order, row));

  created2 = ws_next_object (expo);
  g_assert_cmpstr (get_string (created2, "type"), ==, "order:created");

  /* a REST status change */
  patch_status_ok (f, id, "confirmed");
  updated = ws_next_object (kitchen);
  g_assert_cmpstr (get_string (updated, "type"), ==, "order:updated");
  order = get_object (get_object (updated, "payload"), "order");
  g_assert_cmpstr (get_string (order, "status"), ==, "confirmed");
  g_assert_cmpint (get_int (order, "version"), ==, 2);
  ws_expect (expo, "order:updated");

  /* a REST create */
  g_clear_pointer (&row, json_object_unref);
  row = create_order (f, SIMPLE_ORDER_BODY);
  from_rest = ws_next_object (kitchen);
  g_assert_cmpstr (get_string (from_rest, "type"), ==, "order:created");
  g_assert_true (json_object_equal (get_object (get_object (from_rest, "payload"), "order"), row));

  /* an in-process status change, silent or not */
  g_assert_true (galley_demo_server_set_order_status (f->server, id, "preparing", FALSE, NULL));
  ws_assert_quiet (kitchen);
  g_assert_true (galley_demo_server_set_order_status (f->server, id, "ready", TRUE, NULL));
  ws_expect (kitchen, "order:updated");

  /* unauthenticated sockets hear nothing */
  g_assert_cmpuint (unauthenticated->frames->len, ==, 1);
  g_assert_cmpuint (ws_count_type (kitchen, "order:status_changed"), ==, 0);
}

/* [quirk] broadcasts go to sockets whose restaurant id string-equals the order's. */
static void
test_ws_broadcast_scope (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *token = token_for (f, "kitchen");
  WsClient *lower_c = ws_authed (f, "kitchen");
  WsClient *upper_c = ws_connect (f);
  WsClient *other_c = ws_connect (f);
  g_autoptr(JsonObject) ok1 = NULL, ok2 = NULL;

  /* a valid UUID in capitals (the demo id has no letters) is a different string */
  ws_send_auth (upper_c, token, "AAAAAAAA-1111-1111-1111-111111111111");
  ok1 = ws_next_object (upper_c);
  g_assert_cmpstr (get_string (ok1, "type"), ==, "auth:success");
  ws_send_auth (other_c, token, OTHER_UUID);
  ok2 = ws_next_object (other_c);
  g_assert_cmpstr (get_string (ok2, "type"), ==, "auth:success");

  galley_demo_server_generate (f->server, 1);
  ws_expect (lower_c, "order:created");
  ws_assert_quiet (upper_c);
  ws_assert_quiet (other_c);
}

static void
test_ws_extended_events (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id = new_order_id (f);
  WsClient *c = ws_authed (f, "kitchen");
  g_autoptr(JsonObject) updated = NULL, changed = NULL;
  JsonObject *payload;

  set_option (f, "extended_events", "on");
  patch_status_ok (f, id, "confirmed");
  updated = ws_next_object (c);
  g_assert_cmpstr (get_string (updated, "type"), ==, "order:updated");
  changed = ws_next_object (c);
  g_assert_cmpstr (get_string (changed, "type"), ==, "order:status_changed");
  payload = get_object (changed, "payload");
  g_assert_cmpstr (get_string (payload, "orderId"), ==, id);
  g_assert_cmpstr (get_string (payload, "status"), ==, "confirmed");
  g_assert_cmpstr (get_string (payload, "previousStatus"), ==, "pending");

  /* a creation has no previous status */
  galley_demo_server_generate (f->server, 1);
  ws_expect (c, "order:created");
  ws_assert_quiet (c);

  set_option (f, "extended_events", "off");
  patch_status_ok (f, id, "preparing");
  ws_expect (c, "order:updated");
  ws_assert_quiet (c);
}

static void
test_ws_seq_numbers (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *token = token_for (f, "kitchen");
  WsClient *c;
  WsClient *d;

  set_option (f, "seq_numbers", "on");
  c = ws_connect (f);
  ws_send_auth (c, token, RESTAURANT);
  d = ws_authed (f, "expo");
  ws_next (c);
  ws_send_ping (c);
  ws_next (c);
  galley_demo_server_generate (f->server, 2);
  ws_send (c, "{\"type\":\"orders:sync\"}");
  ws_send (c, "{\"type\":\"bogus\"}");
  ws_send (c, "{broken");
  ws_expect (c, "error");
  g_assert_cmpstr (ws_next (c), !=, NULL);   /* the invalid-format reply */

  /* every frame: connected, auth:success, pong, 2 × created, sync_complete, error, invalid */
  g_assert_cmpuint (c->frames->len, ==, 8);
  for (guint i = 0; i < c->frames->len; i++)
    {
      g_autoptr(JsonObject) frame = parse_object (g_ptr_array_index (c->frames, i));

      g_assert_cmpint (get_int (frame, "seq"), ==, i + 1);
    }

  /* per connection: d counts on its own */
  ws_expect (d, "order:created");
  {
    g_autoptr(JsonObject) second = ws_wait_type (d, "order:created");

    g_assert_cmpint (get_int (second, "seq"), ==, 4);
  }
}

static void
test_ws_stop (Fixture       *f,
              gconstpointer  data)
{
  WsClient *a = ws_authed (f, "kitchen");
  WsClient *b = ws_connect (f);

  galley_demo_server_stop (f->server);
  ws_wait_closed (a);
  ws_wait_closed (b);
  g_assert_cmpuint (a->close_code, ==, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
  g_assert_cmpstr (a->close_data, ==, "Server shutting down");
  g_assert_cmpuint (b->close_code, ==, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
  g_assert_cmpuint (galley_demo_server_get_clients (f->server), ==, 0);

  /* stop twice is harmless; a fault needs a running server */
  galley_demo_server_stop (f->server);
  {
    g_autoptr(JsonObject) params = json_obj ("{\"hook\":\"expire_tokens\"}");
    g_autoptr(GError) error = NULL;

    g_assert_false (galley_demo_server_fault (f->server, params, &error));
    g_assert_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_NOT_RUNNING);
  }
}

/* A ping padded to @size bytes. */
static char *
padded_ping (gsize size)
{
  char *text = g_malloc (size + 1);

  memset (text, 'x', size);
  memcpy (text, "{\"type\":\"ping\",\"pad\":\"", 22);
  memcpy (text + size - 2, "\"}", 2);
  text[size] = '\0';

  return text;
}

/* The server takes client frames up to 5 MiB (not libsoup's default 128 KiB) and refuses
 * larger ones (§1.1). */
static void
test_ws_client_oversized (Fixture       *f,
                          gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  g_autofree char *fits = padded_ping (5 * 1024 * 1024 - 1024);
  g_autofree char *too_big = padded_ping (5 * 1024 * 1024 + 1024);

  ws_send (c, fits);
  g_assert_cmpstr (ws_next (c), ==, "{\"type\":\"pong\"}");

  ws_send (c, too_big);
  ws_wait_closed (c);
  /* the server sends 1009 and drops the connection while the client is still writing, so the
   * client sees either the code or an abnormal close */
  g_test_message ("close code %u", c->close_code);
  g_assert_true (c->close_code == SOUP_WEBSOCKET_CLOSE_TOO_BIG || c->close_code == 0);
  g_assert_cmpuint (ws_count_type (c, "pong"), ==, 1);
  g_assert_true (galley_test_spin_until (no_clients, f->server, WAIT_MS));
}

/* ================================================================== quirk flags (§7.1) */

static void
test_quirk_sync_complete (Fixture       *f,
                          gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  g_autoptr(JsonObject) reply = NULL;
  JsonArray *orders;

  set_option (f, "sync_complete_empty", "off");
  ws_send (c, "{\"type\":\"orders:sync\",\"payload\":{\"request_full_sync\":true}}");
  reply = ws_wait_type (c, "sync_complete");
  orders = get_array (get_object (reply, "payload"), "orders");
  g_assert_cmpuint (json_array_get_length (orders), ==,
                    galley_demo_server_get_n_orders (f->server));
  assert_row_shape (json_array_get_object_element (orders, 0));
}

static void
test_quirk_auth_frame_claim (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *token = token_for (f, "kitchen");
  WsClient *c = ws_connect (f);
  WsClient *d;
  g_autoptr(JsonObject) ok = NULL;

  /* [quirk] the frame's restaurant wins without a cross-check */
  ws_send_auth (c, token, OTHER_UUID);
  ok = ws_next_object (c);
  g_assert_cmpstr (get_string (ok, "type"), ==, "auth:success");

  set_option (f, "auth_frame_overrides_claim", "off");
  d = ws_connect (f);
  ws_send_auth (d, token, OTHER_UUID);
  assert_rejected (d, "auth:failed", "Authentication failed");
}

static void
test_quirk_auth_timeout (Fixture       *f,
                         gconstpointer  data)
{
  WsClient *idle, *authed;

  set_option (f, "no_auth_timeout", "off");
  idle = ws_connect (f);
  authed = ws_authed (f, "kitchen");

  galley_demo_server_advance (f->server, 9 * 1000);
  g_assert_false (idle->closed);
  galley_demo_server_advance (f->server, 1000);
  ws_wait_closed (idle);
  g_assert_cmpuint (idle->close_code, ==, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
  g_assert_cmpstr (idle->close_data, ==, "Authentication timeout");
  ws_assert_quiet (authed);
}

/* ================================================================== determinism (§7.2) */

/* One scripted session against a fresh server: every REST reply and frame, concatenated. */
static void
run_scenario (gint64   seed,
              char   **orders_out,
              char   **transcript_out)
{
  Fixture f = { 0 };
  g_autoptr(GString) transcript = g_string_new (NULL);
  g_autoptr(Reply) list = NULL;
  g_autoptr(JsonArray) orders = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autofree char *first_id = NULL, *token = NULL;
  WsClient *c;

  fixture_init (&f, seed, TRUE);
  c = ws_authed (&f, "kitchen");

  galley_demo_server_generate (f.server, 5);
  galley_demo_server_advance (f.server, 90 * 1000);
  orders = galley_demo_server_dup_orders (f.server);
  first_id = g_strdup (get_string (json_array_get_object_element (
                                     orders, json_array_get_length (orders) - 5), "id"));
  patch_status_ok (&f, first_id, "confirmed");
  galley_demo_server_advance (f.server, 1000);
  patch_status_ok (&f, first_id, "preparing");
  created = create_order (&f, SPEC_ORDER_BODY);
  g_string_append_printf (transcript, "created %s\n", get_string (created, "id"));

  /* the generator and the simulated terminals */
  set_option (&f, "auto_progress", "on");
  set_option (&f, "rate", "6");
  galley_demo_server_advance (f.server, 5 * 60 * 1000);
  set_option (&f, "rate", "0");

  ws_send_ping (c);
  ws_expect (c, "pong");

  token = token_for (&f, "kitchen");
  list = api (&f, "GET", "/orders?limit=1000", token, NULL);
  assert_status (list, SOUP_STATUS_OK);
  *orders_out = g_strdup (list->text);

  for (guint i = 0; i < c->frames->len; i++)
    {
      g_string_append (transcript, g_ptr_array_index (c->frames, i));
      g_string_append_c (transcript, '\n');
    }
  *transcript_out = g_strdup (transcript->str);

  g_clear_pointer (&list, reply_free);
  fixture_fini (&f);
}

static void
test_determinism_same_seed (void)
{
  g_autofree char *orders1 = NULL, *orders2 = NULL, *orders3 = NULL;
  g_autofree char *frames1 = NULL, *frames2 = NULL, *frames3 = NULL;

  run_scenario (7, &orders1, &frames1);
  run_scenario (7, &orders2, &frames2);
  run_scenario (8, &orders3, &frames3);

  /* enough happened to make the comparison meaningful */
  g_assert_cmpuint (strlen (orders1), >, 10000);
  g_assert_nonnull (strstr (frames1, "\"order:created\""));
  g_assert_nonnull (strstr (frames1, "\"status\":\"preparing\""));

  /* byte-identical for the same seed and calls */
  g_assert_cmpstr (orders1, ==, orders2);
  g_assert_cmpstr (frames1, ==, frames2);

  /* and different for another seed */
  g_assert_cmpstr (orders1, !=, orders3);
  g_assert_cmpstr (frames1, !=, frames3);
}

/* ================================================================== generation (§7.2) */

static void
test_generation_rate (Fixture       *f,
                      gconstpointer  data)
{
  guint generated;

  /* rate 0: nothing arrives */
  galley_demo_server_advance (f->server, 10 * 60 * 1000);
  g_assert_cmpuint (galley_demo_server_get_orders_generated (f->server), ==, 0);

  set_option (f, "rate", "60");
  galley_demo_server_advance (f->server, 10 * 60 * 1000);
  generated = galley_demo_server_get_orders_generated (f->server);
  g_test_message ("generated %u orders in 10 virtual minutes at 60/min", generated);
  g_assert_cmpuint (generated, >=, 400);
  g_assert_cmpuint (generated, <=, 800);
  g_assert_cmpuint (galley_demo_server_get_n_orders (f->server), ==, 24 + generated);

  /* the virtual clock moved by exactly what was asked */
  g_assert_cmpint (galley_demo_server_now_us (f->server), ==,
                   G_GINT64_CONSTANT (1762362000) * G_USEC_PER_SEC +
                   G_GINT64_CONSTANT (20) * 60 * G_USEC_PER_SEC);
}

/* The upstream KDS's modifier classes (spec §3.5), first match wins. */
static guint
modifier_class (const char *text)
{
  static const char * const allergy[] = { "allergy", "allergic", "gluten", "dairy", "nut",
                                          "peanut", "shellfish", "celiac", NULL };
  static const char * const removal[] = { "no ", "without", "remove", "hold", NULL };
  static const char * const addition[] = { "extra", "add", "double", "triple", "more", NULL };
  static const char * const temperature[] = { "rare", "medium", "well", "well-done", "hot",
                                              "cold", "temp", NULL };
  static const char * const substitution[] = { "sub ", "substitute", "instead", "swap", NULL };
  g_autofree char *lower = g_ascii_strdown (text, -1);

  for (guint i = 0; allergy[i] != NULL; i++)
    if (strstr (lower, allergy[i]) != NULL)
      return 0;
  for (guint i = 0; removal[i] != NULL; i++)
    if (g_str_has_prefix (lower, removal[i]))
      return 1;
  for (guint i = 0; addition[i] != NULL; i++)
    if (g_str_has_prefix (lower, addition[i]))
      return 2;
  for (guint i = 0; temperature[i] != NULL; i++)
    if (strstr (lower, temperature[i]) != NULL)
      return 3;
  for (guint i = 0; substitution[i] != NULL; i++)
    if (strstr (lower, substitution[i]) != NULL)
      return 4;

  return 5;
}

static void
test_generation_orders (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const ui_types[] = { "dine-in", "takeout", "online", "drive-thru",
                                           "delivery" };
  guint counts[G_N_ELEMENTS (ui_types)] = { 0 };
  guint with_modifications = 0, scheduled = 0, min_items = 100, max_items = 0;
  guint classes[6] = { 0 };
  g_autoptr(JsonArray) orders = NULL;
  guint n = 500;

  galley_demo_server_generate (f->server, n);
  g_assert_cmpuint (galley_demo_server_get_orders_generated (f->server), ==, n);
  orders = galley_demo_server_dup_orders (f->server);

  for (guint i = 24; i < json_array_get_length (orders); i++)
    {
      JsonObject *order = json_array_get_object_element (orders, i);
      JsonArray *items = get_array (order, "items");
      const char *ui = get_string (get_object (order, "metadata"), "uiType");
      gint64 subtotal = expected_subtotal_cents (items);
      gint64 tax = galley_money_to_cents (galley_cents_to_money (subtotal) * 0.08);
      guint n_items = json_array_get_length (items);

      assert_row_shape (order);
      g_assert_cmpstr (get_string (order, "status"), ==, "pending");
      min_items = MIN (min_items, n_items);
      max_items = MAX (max_items, n_items);
      for (guint t = 0; t < G_N_ELEMENTS (ui_types); t++)
        counts[t] += strcmp (ui, ui_types[t]) == 0;

      /* §3.7 totals hold for every generated order */
      g_assert_cmpint (galley_money_to_cents (get_number (order, "subtotal")), ==, subtotal);
      g_assert_cmpint (galley_money_to_cents (get_number (order, "tax")), ==, tax);
      g_assert_cmpint (galley_money_to_cents (get_number (order, "total_amount")), ==,
                       subtotal + tax);

      /* dine-in orders have a table, the others a customer name */
      if (strcmp (ui, "dine-in") == 0)
        get_string (order, "table_number");
      else
        get_string (order, "customer_name");

      for (guint k = 0; k < n_items; k++)
        {
          JsonObject *item = json_array_get_object_element (items, k);

          g_assert_cmpint (get_int (item, "quantity"), >=, 1);
          get_string (item, "menu_item_id");
          if (json_object_has_member (item, "modifications"))
            {
              JsonArray *mods = get_array (item, "modifications");
              guint cls;

              with_modifications++;
              g_assert_cmpuint (json_array_get_length (mods), >=, 1);
              cls = modifier_class (json_array_get_string_element (mods, 0));
              classes[cls]++;
              /* an allergy is repeated where the upstream KDS shows notes */
              if (cls == 0)
                g_assert_cmpstr (get_string (item, "special_instructions"), ==,
                                 json_array_get_string_element (mods, 0));
            }
        }
      if (get_bool (order, "is_scheduled"))
        {
          gint64 pickup, fire;

          scheduled++;
          g_assert_true (galley_time_parse (get_string (order, "scheduled_pickup_time"), &pickup));
          g_assert_true (galley_time_parse (get_string (order, "auto_fire_time"), &fire));
          g_assert_cmpint (fire, <, pickup);
        }
    }

  g_assert_cmpuint (min_items, ==, 1);
  g_assert_cmpuint (max_items, ==, 6);
  for (guint t = 0; t < G_N_ELEMENTS (ui_types); t++)
    {
      g_test_message ("%s: %u", ui_types[t], counts[t]);
      g_assert_cmpuint (counts[t], >, 0);
    }
  /* dine-in 50 %, delivery 5 % */
  g_assert_cmpuint (counts[0], >=, n * 35 / 100);
  g_assert_cmpuint (counts[0], <=, n * 65 / 100);
  g_assert_cmpuint (counts[4], <=, n * 12 / 100);
  g_assert_cmpuint (with_modifications, >, 0);
  /* allergy, removal, addition, temperature, substitution and other texts all occur */
  for (guint k = 0; k < G_N_ELEMENTS (classes); k++)
    g_assert_cmpuint (classes[k], >, 0);
  g_assert_cmpuint (scheduled, >, 0);
  g_assert_cmpuint (scheduled, <, n / 5);
}

static void
test_generation_auto_progress (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(JsonArray) still = NULL;
  g_autoptr(JsonArray) orders = NULL;
  WsClient *c = ws_authed (f, "expo");
  guint completed = 0, paid = 0;
  guint first;

  /* off: nothing moves */
  galley_demo_server_generate (f->server, 3);
  galley_demo_server_advance (f->server, 30 * 60 * 1000);
  still = galley_demo_server_dup_orders (f->server);
  for (guint i = 24; i < 27; i++)
    g_assert_cmpstr (get_string (json_array_get_object_element (still, i), "status"), ==,
                     "pending");

  set_option (f, "auto_progress", "on");
  first = galley_demo_server_get_n_orders (f->server);
  galley_demo_server_generate (f->server, 20);
  galley_demo_server_advance (f->server, 60 * 1000);
  {
    g_autoptr(JsonArray) early = galley_demo_server_dup_orders (f->server);
    guint moved = 0;

    for (guint i = first; i < first + 20; i++)
      moved += strcmp (get_string (json_array_get_object_element (early, i), "status"),
                       "pending") != 0;
    g_assert_cmpuint (moved, >, 0);
  }
  galley_demo_server_advance (f->server, 30 * 60 * 1000);

  orders = galley_demo_server_dup_orders (f->server);
  for (guint i = first; i < first + 20; i++)
    {
      JsonObject *order = json_array_get_object_element (orders, i);

      /* walked the whole legal chain: pending → … → completed (maybe via picked-up) */
      g_assert_cmpstr (get_string (order, "status"), ==, "completed");
      g_assert_cmpint (get_int (order, "version"), >=, 5);
      get_string (order, "preparing_at");
      get_string (order, "ready_at");
      completed++;
      paid += strcmp (get_string (order, "payment_status"), "paid") == 0;
    }
  g_assert_cmpuint (completed, ==, 20);
  g_assert_cmpuint (paid, >, 0);
  g_assert_cmpuint (paid, <, 20);

  /* the other terminals' changes were broadcast */
  ws_barrier (c);
  g_assert_cmpuint (ws_count_type (c, "order:created"), ==, 23);
  g_assert_cmpuint (ws_count_type (c, "order:updated"), >=, 20 * 4 + paid);
}

/* ============================================================ heartbeat (§1.4, real clock) */

/* A libsoup client answers protocol pings, so a short sweep interval must not kill it. */
static void
test_heartbeat_healthy (Fixture       *f,
                        gconstpointer  data)
{
  WsClient *authed, *idle;

  restart_with (f, "heartbeat_ms", "200");
  authed = ws_authed (f, "kitchen");
  idle = ws_connect (f);

  galley_test_spin_for (2500);
  g_assert_false (authed->closed);
  g_assert_false (idle->closed);
  g_assert_cmpuint (galley_demo_server_get_clients (f->server), ==, 2);
  ws_send_ping (authed);
  ws_expect (authed, "pong");
}

/* A socket made silent by the fault plays a hung server: the server's own sweep must not reap
 * it (the client is the one to notice). */
static void
test_heartbeat_silent (Fixture       *f,
                       gconstpointer  data)
{
  WsClient *c;

  restart_with (f, "heartbeat_ms", "200");
  c = ws_authed (f, "kitchen");
  fault (f, "{\"hook\":\"drop_connection\",\"mode\":\"silent\"}");
  galley_test_spin_for (3000);
  g_assert_false (c->closed);
  g_assert_cmpuint (galley_demo_server_get_clients (f->server), ==, 1);
}

static gboolean
has_client (gpointer data)
{
  return galley_demo_server_get_clients (data) > 0;
}

/* A peer that never answers protocol pings is terminated (no close frame). */
static void
test_heartbeat_dead (Fixture       *f,
                     gconstpointer  data)
{
  const char *request =
    "GET /?restaurant_id=" RESTAURANT " HTTP/1.1\r\n"
    "Host: 127.0.0.1\r\n"
    "Upgrade: websocket\r\n"
    "Connection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Version: 13\r\n\r\n";
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketConnection) raw = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  restart_with (f, "heartbeat_ms", "200");
  raw = g_socket_client_connect_to_host (socket_client, "127.0.0.1",
                                         (guint16) galley_demo_server_get_port (f->server),
                                         NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (raw)),
                                            request, strlen (request), NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (galley_test_spin_until (has_client, f->server, WAIT_MS));

  /* it never reads, so never answers a ping */
  start = g_get_monotonic_time ();
  g_test_expect_message ("galley-demo-server", G_LOG_LEVEL_MESSAGE,
                         "Terminating dead connection *");
  g_assert_true (galley_test_spin_until (no_clients, f->server, WAIT_MS));
  g_test_assert_expected_messages ();
  g_test_message ("dead peer terminated after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);

  g_io_stream_close (G_IO_STREAM (raw), NULL, NULL);
}

/* ================================================================== order edits (K-11, §7.2) */

/* two lines after the spec's §3.7 example: 2 × 13.00 with a free required option, 1 × 3.00,
 * tip 2.00: subtotal 29.00, tax 2.32, total 33.32 */
#define EDIT_ORDER_BODY                                                                        \
  "{\"type\":\"dine-in\",\"items\":[{\"id\":\"line-1\",\"menu_item_id\":\"burger-classic\","   \
  "\"name\":\"Classic Burger\",\"quantity\":2,\"price\":13.0,\"modifiers\":[{\"id\":"          \
  "\"mod-temp-medium\",\"name\":\"Medium\",\"price\":0,\"category\":\"Temperature\"}],"        \
  "\"special_instructions\":\"Nut allergy\"},{\"id\":\"line-2\",\"menu_item_id\":"             \
  "\"drink-cola\",\"name\":\"Cola\",\"quantity\":1,\"price\":3.0}],\"tip\":2.0}"

static const char * const line_keys[] = {
  "id", "menu_item_id", "name", "quantity", "price", "subtotal", "modifiers", "modifications",
  "notes", "special_instructions", "specialInstructions", NULL
};

/* spec §3.5: the members a line may have, with their types, in the order creation keeps */
static void
assert_line_shape (JsonObject *line)
{
  JsonArray *modifiers = galley_json_get_array (line, "modifiers");
  JsonArray *modifications = galley_json_get_array (line, "modifications");
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  guint last = 0;

  g_assert_cmpstr (get_string (line, "id"), !=, "");
  g_assert_cmpstr (get_string (line, "menu_item_id"), !=, "");
  get_string (line, "name");
  g_assert_cmpint (get_int (line, "quantity"), >=, 1);
  g_assert_cmpfloat (get_number (line, "price"), >=, 0);

  for (guint i = 0; modifiers != NULL && i < json_array_get_length (modifiers); i++)
    {
      JsonObject *modifier = json_array_get_object_element (modifiers, i);
      g_autofree char *names = member_names (modifier);

      g_assert_cmpstr (names, ==, "id,name,price,category");
      g_assert_cmpfloat (get_number (modifier, "price"), >=, 0);
    }
  for (guint i = 0; modifications != NULL && i < json_array_get_length (modifications); i++)
    g_assert_nonnull (json_array_get_string_element (modifications, i));

  json_object_iter_init_ordered (&iter, line);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      guint k;

      for (k = 0; line_keys[k] != NULL && strcmp (line_keys[k], name) != 0; k++)
        ;
      if (line_keys[k] == NULL)
        g_error ("unexpected line member %s", name);
      g_assert_cmpuint (k, >=, last);
      last = k;
    }
}

/* A row as §3.4 and §3.5 describe it, with the totals of §3.7 and distinct line ids. */
static void
assert_order_valid (JsonObject *row)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *items = get_array (row, "items");
  gint64 subtotal = expected_subtotal_cents (items);
  gint64 tax = galley_money_to_cents (galley_cents_to_money (subtotal) * 0.08);
  double tip = 0;

  assert_row_shape (row);
  g_assert_cmpuint (json_array_get_length (items), >=, 1);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *line = json_array_get_object_element (items, i);

      assert_line_shape (line);
      g_assert_true (g_hash_table_add (ids, (gpointer) get_string (line, "id")));
    }

  galley_json_get_number (get_object (row, "metadata"), "tip", &tip);
  g_assert_cmpint (galley_money_to_cents (get_number (row, "subtotal")), ==, subtotal);
  g_assert_cmpint (galley_money_to_cents (get_number (row, "tax")), ==, tax);
  g_assert_cmpint (galley_money_to_cents (get_number (row, "total_amount")), ==,
                   subtotal + tax + galley_money_to_cents (tip));
}

static JsonObject *
line_by_id (JsonObject *row,
            const char *line_id)
{
  JsonArray *items = get_array (row, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *line = json_array_get_object_element (items, i);

      if (strcmp (get_string (line, "id"), line_id) == 0)
        return line;
    }

  return NULL;
}

static guint
n_lines (JsonObject *row)
{
  return json_array_get_length (get_array (row, "items"));
}

/* A second of virtual time, then one edit through the C API that must succeed: the row it
 * returns is valid, one version newer with updated_at now, and is what GET returns and
 * what @c (if any) hears in order:updated. */
static JsonObject *
edit_ok (Fixture            *f,
         WsClient           *c,
         const char         *id,
         GalleyDemoEditKind  kind,
         const char         *params)
{
  g_autoptr(JsonObject) before = galley_demo_server_dup_order (f->server, id);
  g_autoptr(JsonObject) object = params != NULL ? json_obj (params) : NULL;
  g_autoptr(JsonObject) fetched = NULL;
  g_autoptr(GError) error = NULL;
  guint edited = galley_demo_server_get_orders_edited (f->server);
  gint64 before_us, after_us;
  JsonObject *row;

  g_assert_nonnull (before);
  galley_demo_server_advance (f->server, 1000);
  row = galley_demo_server_edit_order (f->server, id, kind, object, &error);
  g_assert_no_error (error);
  g_assert_nonnull (row);

  assert_order_valid (row);
  g_assert_cmpstr (get_string (row, "id"), ==, id);
  g_assert_cmpint (get_int (row, "version"), ==, get_int (before, "version") + 1);
  g_assert_true (galley_time_parse (get_string (before, "updated_at"), &before_us));
  g_assert_true (galley_time_parse (get_string (row, "updated_at"), &after_us));
  g_assert_cmpint (after_us, >, before_us);
  g_assert_cmpint (after_us, ==, galley_demo_server_now_us (f->server));
  g_assert_cmpstr (get_string (row, "created_at"), ==, get_string (before, "created_at"));
  g_assert_cmpuint (galley_demo_server_get_orders_edited (f->server), ==, edited + 1);

  fetched = get_order (f, id);
  g_assert_true (json_object_equal (fetched, row));

  if (c != NULL)
    {
      g_autoptr(JsonObject) frame = ws_wait_type (c, "order:updated");

      g_assert_true (json_object_equal (get_object (get_object (frame, "payload"), "order"), row));
    }

  return row;
}

/* An edit that must fail with @code and change nothing. */
static void
edit_fails (Fixture               *f,
            const char            *id,
            GalleyDemoEditKind     kind,
            const char            *params,
            GalleyDemoServerError  code)
{
  g_autoptr(JsonObject) before = galley_demo_server_dup_order (f->server, id);
  g_autoptr(JsonObject) object = params != NULL ? json_obj (params) : NULL;
  g_autoptr(JsonObject) after = NULL, row = NULL;
  g_autoptr(GError) error = NULL;
  guint edited = galley_demo_server_get_orders_edited (f->server);

  row = galley_demo_server_edit_order (f->server, id, kind, object, &error);
  g_assert_null (row);
  g_assert_error (error, GALLEY_DEMO_SERVER_ERROR, (int) code);
  g_assert_cmpuint (galley_demo_server_get_orders_edited (f->server), ==, edited);

  after = galley_demo_server_dup_order (f->server, id);
  if (before != NULL)
    g_assert_true (json_object_equal (before, after));
  else
    g_assert_null (after);
}

/* EDIT_ORDER_BODY, created over REST and heard by @c */
static char *
new_edit_order (Fixture  *f,
                WsClient *c)
{
  g_autoptr(JsonObject) created = create_order (f, EDIT_ORDER_BODY);

  assert_order_valid (created);
  g_assert_cmpfloat (get_number (created, "total_amount"), ==, 33.32);
  ws_expect (c, "order:created");

  return g_strdup (get_string (created, "id"));
}

static void
test_edit_quantity (Fixture       *f,
                    gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  g_autofree char *id = new_edit_order (f, c);
  g_autoptr(JsonObject) row = NULL, row2 = NULL, row3 = NULL;
  g_autofree char *same = NULL;
  guint changed = 0;

  /* 3 × 13.00 + 3.00 = 42.00, tax 3.36, tip 2.00 */
  row = edit_ok (f, c, id, GALLEY_DEMO_EDIT_QUANTITY, "{\"item_id\":\"line-1\",\"quantity\":3}");
  g_assert_cmpint (get_int (line_by_id (row, "line-1"), "quantity"), ==, 3);
  g_assert_cmpint (get_int (line_by_id (row, "line-2"), "quantity"), ==, 1);
  g_assert_cmpfloat (get_number (row, "subtotal"), ==, 42.0);
  g_assert_cmpfloat (get_number (row, "tax"), ==, 3.36);
  g_assert_cmpfloat (get_number (row, "total_amount"), ==, 47.36);
  g_assert_cmpint (get_int (row, "version"), ==, 2);
  g_assert_cmpstr (get_string (row, "status"), ==, "pending");

  /* no quantity: one more or one less, and from 1 always 2 */
  row2 = edit_ok (f, c, id, GALLEY_DEMO_EDIT_QUANTITY, "{\"item_id\":\"line-2\"}");
  g_assert_cmpint (get_int (line_by_id (row2, "line-2"), "quantity"), ==, 2);

  /* no line either: one line changes by one */
  row3 = edit_ok (f, c, id, GALLEY_DEMO_EDIT_QUANTITY, NULL);
  for (guint i = 0; i < n_lines (row3); i++)
    {
      JsonObject *a = json_array_get_object_element (get_array (row2, "items"), i);
      JsonObject *b = json_array_get_object_element (get_array (row3, "items"), i);
      gint64 delta = get_int (b, "quantity") - get_int (a, "quantity");

      g_assert_cmpint (ABS (delta), <=, 1);
      changed += delta != 0;
    }
  g_assert_cmpuint (changed, ==, 1);

  /* refused: nothing changes and nothing is broadcast */
  same = g_strdup_printf ("{\"item_id\":\"line-1\",\"quantity\":%" G_GINT64_FORMAT "}",
                          get_int (line_by_id (row3, "line-1"), "quantity"));
  edit_fails (f, id, GALLEY_DEMO_EDIT_QUANTITY, same, GALLEY_DEMO_SERVER_ERROR_INVALID);
  edit_fails (f, id, GALLEY_DEMO_EDIT_QUANTITY, "{\"quantity\":0}",
              GALLEY_DEMO_SERVER_ERROR_INVALID);
  edit_fails (f, id, GALLEY_DEMO_EDIT_QUANTITY, "{\"quantity\":100}",
              GALLEY_DEMO_SERVER_ERROR_INVALID);
  edit_fails (f, id, GALLEY_DEMO_EDIT_QUANTITY, "{\"quantity\":\"2\"}",
              GALLEY_DEMO_SERVER_ERROR_INVALID);
  edit_fails (f, id, GALLEY_DEMO_EDIT_QUANTITY, "{\"item_id\":\"line-9\",\"quantity\":2}",
              GALLEY_DEMO_SERVER_ERROR_NOT_FOUND);
  edit_fails (f, OTHER_UUID, GALLEY_DEMO_EDIT_QUANTITY, NULL, GALLEY_DEMO_SERVER_ERROR_NOT_FOUND);
  ws_assert_quiet (c);
  g_assert_cmpuint (galley_demo_server_get_orders_edited (f->server), ==, 3);
}

static void
test_edit_add (Fixture       *f,
               gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  g_autofree char *id = new_edit_order (f, c);
  g_autoptr(JsonObject) before = galley_demo_server_dup_order (f->server, id);
  g_autoptr(JsonObject) row = NULL, row2 = NULL, row3 = NULL, row4 = NULL;
  JsonObject *line;
  JsonArray *modifiers;

  /* a named item: French Fries 4.50, its required size chosen as a guest would */
  row = edit_ok (f, c, id, GALLEY_DEMO_EDIT_ADD,
                 "{\"menu_item_id\":\"side-fries\",\"quantity\":2}");
  g_assert_cmpuint (n_lines (row), ==, 3);
  line = json_array_get_object_element (get_array (row, "items"), 2);
  g_assert_cmpstr (get_string (line, "id"), ==, "line-3");
  g_assert_cmpstr (get_string (line, "name"), ==, "French Fries");
  g_assert_cmpfloat (get_number (line, "price"), ==, 4.5);
  g_assert_cmpint (get_int (line, "quantity"), ==, 2);
  modifiers = get_array (line, "modifiers");
  g_assert_cmpuint (json_array_get_length (modifiers), ==, 1);
  g_assert_cmpstr (get_string (json_array_get_object_element (modifiers, 0), "category"), ==,
                   "Size");
  /* the other lines are untouched */
  for (guint i = 0; i < 2; i++)
    g_assert_true (json_object_equal (json_array_get_object_element (get_array (row, "items"), i),
                                      json_array_get_object_element (get_array (before, "items"),
                                                                     i)));
  g_assert_cmpfloat (get_number (row, "subtotal"), >=, 29.0 + 9.0);

  /* a random available item */
  row2 = edit_ok (f, c, id, GALLEY_DEMO_EDIT_ADD, NULL);
  g_assert_cmpuint (n_lines (row2), ==, 4);
  line = json_array_get_object_element (get_array (row2, "items"), 3);
  g_assert_cmpstr (get_string (line, "id"), ==, "line-4");
  g_assert_cmpint (get_int (line, "quantity"), >=, 1);

  /* a voided line's id is never used again */
  row3 = edit_ok (f, c, id, GALLEY_DEMO_EDIT_VOID, "{\"item_id\":\"line-4\"}");
  g_assert_null (line_by_id (row3, "line-4"));
  row4 = edit_ok (f, c, id, GALLEY_DEMO_EDIT_ADD, "{\"menu_item_id\":\"drink-water\"}");
  g_assert_nonnull (line_by_id (row4, "line-5"));
  g_assert_null (line_by_id (row4, "line-4"));

  edit_fails (f, id, GALLEY_DEMO_EDIT_ADD, "{\"menu_item_id\":\"burger-fish\"}",
              GALLEY_DEMO_SERVER_ERROR_INVALID);      /* not available */
  edit_fails (f, id, GALLEY_DEMO_EDIT_ADD, "{\"menu_item_id\":\"no-such-item\"}",
              GALLEY_DEMO_SERVER_ERROR_NOT_FOUND);
  edit_fails (f, id, GALLEY_DEMO_EDIT_ADD, "{\"menu_item_id\":7}",
              GALLEY_DEMO_SERVER_ERROR_INVALID);
  edit_fails (f, id, GALLEY_DEMO_EDIT_ADD, "{\"quantity\":-1}", GALLEY_DEMO_SERVER_ERROR_INVALID);
  ws_assert_quiet (c);
}

static void
test_edit_void (Fixture       *f,
                gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  g_autofree char *id = new_edit_order (f, c);
  g_autoptr(JsonObject) row = NULL, row2 = NULL, row3 = NULL;

  /* the burgers go: 3.00 + tax 0.24 + tip 2.00 */
  row = edit_ok (f, c, id, GALLEY_DEMO_EDIT_VOID, "{\"item_id\":\"line-1\"}");
  g_assert_cmpuint (n_lines (row), ==, 1);
  g_assert_null (line_by_id (row, "line-1"));
  g_assert_nonnull (line_by_id (row, "line-2"));
  g_assert_cmpfloat (get_number (row, "subtotal"), ==, 3.0);
  g_assert_cmpfloat (get_number (row, "tax"), ==, 0.24);
  g_assert_cmpfloat (get_number (row, "total_amount"), ==, 5.24);

  /* the last line stays: that is a cancellation */
  edit_fails (f, id, GALLEY_DEMO_EDIT_VOID, "{\"item_id\":\"line-2\"}",
              GALLEY_DEMO_SERVER_ERROR_INVALID);
  edit_fails (f, id, GALLEY_DEMO_EDIT_VOID, NULL, GALLEY_DEMO_SERVER_ERROR_INVALID);

  /* a random line of two */
  row2 = edit_ok (f, c, id, GALLEY_DEMO_EDIT_ADD, "{\"menu_item_id\":\"side-slaw\"}");
  g_assert_cmpuint (n_lines (row2), ==, 2);
  edit_fails (f, id, GALLEY_DEMO_EDIT_VOID, "{\"item_id\":\"line-1\"}",
              GALLEY_DEMO_SERVER_ERROR_NOT_FOUND);   /* voided already */
  row3 = edit_ok (f, c, id, GALLEY_DEMO_EDIT_VOID, NULL);
  g_assert_cmpuint (n_lines (row3), ==, 1);
  ws_assert_quiet (c);
}

static void
test_edit_modifier (Fixture       *f,
                    gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  g_autofree char *id = new_edit_order (f, c);
  g_autoptr(JsonObject) row = NULL, row2 = NULL, row3 = NULL, row4 = NULL, row5 = NULL;
  g_autoptr(JsonObject) row6 = NULL;
  g_autofree char *names = NULL;
  JsonArray *modifiers;

  /* a priced option of the burger's menu: 2 × (13.00 + 2.00) + 3.00 */
  row = edit_ok (f, c, id, GALLEY_DEMO_EDIT_MODIFIER,
                 "{\"item_id\":\"line-1\",\"action\":\"add\",\"modifier_id\":\"mod-add-bacon\"}");
  modifiers = get_array (line_by_id (row, "line-1"), "modifiers");
  g_assert_cmpuint (json_array_get_length (modifiers), ==, 2);
  g_assert_cmpstr (get_string (json_array_get_object_element (modifiers, 1), "name"), ==,
                   "Add bacon");
  g_assert_cmpstr (get_string (json_array_get_object_element (modifiers, 1), "category"), ==,
                   "Extras");
  g_assert_cmpfloat (get_number (row, "subtotal"), ==, 33.0);
  g_assert_cmpfloat (get_number (row, "tax"), ==, 2.64);
  g_assert_cmpfloat (get_number (row, "total_amount"), ==, 37.64);

  /* the menu's limits: one temperature, which is required; options of this item only */
  edit_fails (f, id, GALLEY_DEMO_EDIT_MODIFIER,
              "{\"item_id\":\"line-1\",\"action\":\"add\",\"modifier_id\":\"mod-temp-rare\"}",
              GALLEY_DEMO_SERVER_ERROR_INVALID);
  edit_fails (f, id, GALLEY_DEMO_EDIT_MODIFIER,
              "{\"item_id\":\"line-1\",\"action\":\"remove\",\"modifier_id\":\"mod-temp-medium\"}",
              GALLEY_DEMO_SERVER_ERROR_INVALID);
  edit_fails (f, id, GALLEY_DEMO_EDIT_MODIFIER,
              "{\"item_id\":\"line-1\",\"modifier_id\":\"mod-protein-chicken\"}",
              GALLEY_DEMO_SERVER_ERROR_NOT_FOUND);
  edit_fails (f, id, GALLEY_DEMO_EDIT_MODIFIER,
              "{\"item_id\":\"line-1\",\"action\":\"add\",\"modifier_id\":\"mod-add-bacon\"}",
              GALLEY_DEMO_SERVER_ERROR_INVALID);     /* has it already */
  edit_fails (f, id, GALLEY_DEMO_EDIT_MODIFIER,
              "{\"item_id\":\"line-2\",\"action\":\"remove\",\"text\":\"no ice\"}",
              GALLEY_DEMO_SERVER_ERROR_NOT_FOUND);
  edit_fails (f, id, GALLEY_DEMO_EDIT_MODIFIER,
              "{\"modifier_id\":\"mod-add-bacon\",\"text\":\"no onions\"}",
              GALLEY_DEMO_SERVER_ERROR_INVALID);
  edit_fails (f, id, GALLEY_DEMO_EDIT_MODIFIER, "{\"action\":\"toggle\"}",
              GALLEY_DEMO_SERVER_ERROR_INVALID);

  /* no action: the bacon the line has goes again */
  row2 = edit_ok (f, c, id, GALLEY_DEMO_EDIT_MODIFIER,
                  "{\"item_id\":\"line-1\",\"modifier_id\":\"mod-add-bacon\"}");
  g_assert_cmpuint (json_array_get_length (get_array (line_by_id (row2, "line-1"), "modifiers")),
                    ==, 1);
  g_assert_cmpfloat (get_number (row2, "total_amount"), ==, 33.32);

  /* a kitchen instruction goes to "modifications", before the note (spec §3.5 order) */
  row3 = edit_ok (f, c, id, GALLEY_DEMO_EDIT_MODIFIER,
                  "{\"item_id\":\"line-1\",\"text\":\"no onions\"}");
  names = member_names (line_by_id (row3, "line-1"));
  g_assert_cmpstr (names, ==,
                   "id,menu_item_id,name,quantity,price,modifiers,modifications,"
                   "special_instructions");
  g_assert_true (array_has_string (get_array (line_by_id (row3, "line-1"), "modifications"),
                                   "no onions"));
  g_assert_cmpfloat (get_number (row3, "total_amount"), ==, 33.32);   /* instructions are free */
  g_clear_pointer (&names, g_free);

  /* a line with no modifiers at all gets the member at its place */
  row4 = edit_ok (f, c, id, GALLEY_DEMO_EDIT_MODIFIER,
                  "{\"item_id\":\"line-2\",\"action\":\"add\",\"modifier_id\":\"mod-size-large\"}");
  names = member_names (line_by_id (row4, "line-2"));
  g_assert_cmpstr (names, ==, "id,menu_item_id,name,quantity,price,modifiers");
  g_assert_cmpfloat (get_number (row4, "subtotal"), ==, 30.0);

  row5 = edit_ok (f, c, id, GALLEY_DEMO_EDIT_MODIFIER,
                  "{\"item_id\":\"line-1\",\"action\":\"remove\",\"text\":\"no onions\"}");
  g_assert_cmpuint (json_array_get_length (get_array (line_by_id (row5, "line-1"),
                                                      "modifications")), ==, 0);
  get_string (line_by_id (row5, "line-1"), "special_instructions");

  /* an allergy repeated as the note goes with it (as the generator writes them) */
  g_clear_pointer (&row5, json_object_unref);
  g_clear_pointer (&row6, json_object_unref);
  row6 = edit_ok (f, c, id, GALLEY_DEMO_EDIT_MODIFIER,
                  "{\"item_id\":\"line-1\",\"text\":\"Nut allergy\"}");
  row5 = edit_ok (f, c, id, GALLEY_DEMO_EDIT_MODIFIER,
                  "{\"item_id\":\"line-1\",\"text\":\"Nut allergy\"}");
  g_assert_false (json_object_has_member (line_by_id (row5, "line-1"), "special_instructions"));
  g_clear_pointer (&row6, json_object_unref);

  /* random: something about one line's modifiers changes, and only that */
  row6 = edit_ok (f, c, id, GALLEY_DEMO_EDIT_MODIFIER, NULL);
  g_assert_cmpuint (n_lines (row6), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *a = json_array_get_object_element (get_array (row5, "items"), i);
      JsonObject *b = json_array_get_object_element (get_array (row6, "items"), i);

      g_assert_cmpint (get_int (a, "quantity"), ==, get_int (b, "quantity"));
      g_assert_cmpstr (get_string (a, "id"), ==, get_string (b, "id"));
    }
  g_assert_false (json_array_equal (get_array (row5, "items"), get_array (row6, "items")));
  ws_assert_quiet (c);
}

static void
test_edit_cancel (Fixture       *f,
                  gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  g_autofree char *id = new_edit_order (f, c);
  g_autofree char *confirmed = NULL, *preparing = NULL, *ready = NULL;
  g_autoptr(JsonObject) row = NULL, changed = NULL, row2 = NULL, row3 = NULL;

  set_option (f, "extended_events", "on");
  row = edit_ok (f, c, id, GALLEY_DEMO_EDIT_CANCEL, NULL);
  g_assert_cmpstr (get_string (row, "status"), ==, "cancelled");
  g_assert_cmpstr (get_string (row, "cancelled_at"), ==, get_string (row, "updated_at"));
  g_assert_cmpfloat (get_number (row, "total_amount"), ==, 33.32);
  g_assert_cmpuint (n_lines (row), ==, 2);
  /* through the transition path: extended events name the change */
  changed = ws_wait_type (c, "order:status_changed");
  g_assert_cmpstr (get_string (get_object (changed, "payload"), "previousStatus"), ==, "pending");

  /* a finished order is not edited any more */
  edit_fails (f, id, GALLEY_DEMO_EDIT_QUANTITY, NULL, GALLEY_DEMO_SERVER_ERROR_CONFLICT);
  edit_fails (f, id, GALLEY_DEMO_EDIT_ADD, NULL, GALLEY_DEMO_SERVER_ERROR_CONFLICT);
  edit_fails (f, id, GALLEY_DEMO_EDIT_VOID, NULL, GALLEY_DEMO_SERVER_ERROR_CONFLICT);
  edit_fails (f, id, GALLEY_DEMO_EDIT_MODIFIER, NULL, GALLEY_DEMO_SERVER_ERROR_CONFLICT);
  edit_fails (f, id, GALLEY_DEMO_EDIT_CANCEL, NULL, GALLEY_DEMO_SERVER_ERROR_CONFLICT);

  /* confirmed and preparing are active; ready is not */
  confirmed = new_edit_order (f, c);
  patch_status_ok (f, confirmed, "confirmed");
  row2 = edit_ok (f, NULL, confirmed, GALLEY_DEMO_EDIT_CANCEL, "{\"notes\":\"Guest left\"}");
  g_assert_cmpstr (get_string (row2, "status"), ==, "cancelled");
  preparing = new_edit_order (f, c);
  patch_status_ok (f, preparing, "confirmed");
  patch_status_ok (f, preparing, "preparing");
  row3 = edit_ok (f, NULL, preparing, GALLEY_DEMO_EDIT_QUANTITY, NULL);
  g_assert_cmpstr (get_string (row3, "status"), ==, "preparing");
  ready = new_edit_order (f, c);
  patch_status_ok (f, ready, "confirmed");
  patch_status_ok (f, ready, "preparing");
  patch_status_ok (f, ready, "ready");
  edit_fails (f, ready, GALLEY_DEMO_EDIT_CANCEL, NULL, GALLEY_DEMO_SERVER_ERROR_CONFLICT);
  edit_fails (f, ready, GALLEY_DEMO_EDIT_ADD, NULL, GALLEY_DEMO_SERVER_ERROR_CONFLICT);
  edit_fails (f, preparing, GALLEY_DEMO_EDIT_CANCEL, "{\"notes\":\"\"}",
              GALLEY_DEMO_SERVER_ERROR_INVALID);
}

/* whether a line of @row has the instruction @text */
static gboolean
has_modification (JsonObject *row,
                  const char *text)
{
  JsonArray *items = get_array (row, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonArray *modifications = galley_json_get_array (json_array_get_object_element (items, i),
                                                        "modifications");

      if (modifications != NULL && array_has_string (modifications, text))
        return TRUE;
    }

  return FALSE;
}

/* POST /_demo/edit with @body; returns the reply */
static Reply *
edit_http (Fixture    *f,
           const char *body)
{
  return http (f, "POST", "/_demo/edit", body, NULL);
}

static void
test_edit_http (Fixture       *f,
                gconstpointer  data)
{
  static const char * const kinds[] = { "quantity", "add", "void", "modifier", "cancel" };
  WsClient *c = ws_authed (f, "kitchen");
  g_autofree char *id = new_edit_order (f, c);
  g_autofree char *done = new_edit_order (f, c);
  g_autoptr(JsonObject) last = NULL, untouched = NULL;
  gint64 version = 1;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"order_id\":\"%s\",\"kind\":\"%s\"%s}", id,
                                               kinds[i],
                                               i == 3 ? ",\"text\":\"sauce on the side\"" : "");
      g_autoptr(Reply) r = edit_http (f, body);
      g_autoptr(JsonObject) frame = NULL;
      JsonObject *row;
      GalleyDemoEditKind kind;

      assert_status (r, SOUP_STATUS_OK);
      row = reply_object (r);
      assert_order_valid (row);
      g_assert_cmpint (get_int (row, "version"), ==, ++version);
      frame = ws_wait_type (c, "order:updated");
      g_assert_true (json_object_equal (get_object (get_object (frame, "payload"), "order"), row));
      g_assert_true (galley_demo_server_edit_kind_from_string (kinds[i], &kind));
      g_assert_cmpint (kind, ==, (GalleyDemoEditKind) i);
      if (i == 3)
        g_assert_true (has_modification (row, "sauce on the side"));
    }
  last = galley_demo_server_dup_order (f->server, id);
  g_assert_cmpstr (get_string (last, "status"), ==, "cancelled");

  {
    g_autofree char *unknown = g_strdup_printf ("{\"order_id\":\"%s\",\"kind\":\"add\"}",
                                                OTHER_UUID);
    g_autofree char *finished = g_strdup_printf ("{\"order_id\":\"%s\",\"kind\":\"add\"}", id);
    g_autofree char *bad_kind = g_strdup_printf ("{\"order_id\":\"%s\",\"kind\":\"eat\"}", done);
    g_autofree char *bad_qty = g_strdup_printf ("{\"order_id\":\"%s\",\"kind\":\"quantity\","
                                                "\"quantity\":0}", done);
    g_autofree char *bad_line = g_strdup_printf ("{\"order_id\":\"%s\",\"kind\":\"void\","
                                                 "\"item_id\":\"line-7\"}", done);
    g_autoptr(Reply) r1 = edit_http (f, "{\"kind\":\"add\"}");
    g_autoptr(Reply) r2 = edit_http (f, bad_kind);
    g_autoptr(Reply) r3 = edit_http (f, unknown);
    g_autoptr(Reply) r4 = edit_http (f, finished);
    g_autoptr(Reply) r5 = edit_http (f, bad_qty);
    g_autoptr(Reply) r6 = edit_http (f, bad_line);
    g_autoptr(Reply) r7 = edit_http (f, "not json");
    g_autoptr(Reply) r8 = http (f, "GET", "/_demo/edit", NULL, NULL);

    assert_error_string (r1, SOUP_STATUS_BAD_REQUEST, "Edit: invalid or missing parameter order_id");
    assert_status (r2, SOUP_STATUS_BAD_REQUEST);
    assert_status (r3, SOUP_STATUS_NOT_FOUND);
    assert_status (r4, SOUP_STATUS_CONFLICT);
    assert_status (r5, SOUP_STATUS_BAD_REQUEST);
    assert_status (r6, SOUP_STATUS_NOT_FOUND);
    assert_status (r7, SOUP_STATUS_BAD_REQUEST);
    assert_status (r8, SOUP_STATUS_NOT_FOUND);
  }
  ws_assert_quiet (c);
  untouched = galley_demo_server_dup_order (f->server, done);
  g_assert_cmpint (get_int (untouched, "version"), ==, 1);
}

static void
test_edit_faults (Fixture       *f,
                  gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  g_autofree char *id = new_edit_order (f, c);
  g_autoptr(JsonObject) row = NULL, row2 = NULL, row3 = NULL, row4 = NULL, row5 = NULL;
  g_autoptr(JsonObject) newer = NULL, older = NULL;
  const char *first, *second;

  /* suppressed: the edit happens unheard, the next one is heard */
  fault (f, "{\"hook\":\"suppress_broadcasts\",\"count\":1}");
  row = edit_ok (f, NULL, id, GALLEY_DEMO_EDIT_QUANTITY, "{\"item_id\":\"line-2\"}");
  ws_assert_quiet (c);
  row2 = edit_ok (f, c, id, GALLEY_DEMO_EDIT_QUANTITY, "{\"item_id\":\"line-2\"}");
  g_assert_cmpint (get_int (row2, "version"), ==, 3);

  /* duplicated */
  fault (f, "{\"hook\":\"duplicate_event\",\"count\":1}");
  row3 = edit_ok (f, NULL, id, GALLEY_DEMO_EDIT_ADD, NULL);
  first = ws_next (c);
  second = ws_next (c);
  g_assert_cmpstr (first, ==, second);
  g_assert_nonnull (strstr (first, "\"order:updated\""));
  ws_assert_quiet (c);

  /* reordered: the older edit arrives after the newer one */
  fault (f, "{\"hook\":\"reorder_events\",\"window\":1}");
  row4 = edit_ok (f, NULL, id, GALLEY_DEMO_EDIT_VOID, NULL);
  ws_assert_quiet (c);
  row5 = edit_ok (f, NULL, id, GALLEY_DEMO_EDIT_MODIFIER, NULL);
  newer = ws_next_object (c);
  older = ws_next_object (c);
  g_assert_true (json_object_equal (get_object (get_object (newer, "payload"), "order"), row5));
  g_assert_true (json_object_equal (get_object (get_object (older, "payload"), "order"), row4));

  /* during a simulated restart nobody hears it; the row has it all the same */
  galley_demo_server_restart (f->server, 5000, 0, FALSE);
  ws_wait_closed (c);
  g_clear_pointer (&row, json_object_unref);
  row = edit_ok (f, NULL, id, GALLEY_DEMO_EDIT_CANCEL, NULL);
  g_assert_cmpstr (get_string (row, "status"), ==, "cancelled");
}

typedef enum
{
  SEEN_QUANTITY,
  SEEN_ADD,
  SEEN_VOID,
  SEEN_MODIFIER,
  SEEN_CANCEL,
  N_SEEN
} SeenKind;

/* Which edit turned @before into @after (exactly one edit apart). */
static SeenKind
classify_edit (JsonObject *before,
               JsonObject *after)
{
  if (strcmp (get_string (after, "status"), get_string (before, "status")) != 0)
    {
      g_assert_cmpstr (get_string (after, "status"), ==, "cancelled");
      g_assert_true (json_array_equal (get_array (before, "items"), get_array (after, "items")));
      return SEEN_CANCEL;
    }
  if (n_lines (after) == n_lines (before) + 1)
    return SEEN_ADD;
  if (n_lines (after) + 1 == n_lines (before))
    return SEEN_VOID;

  g_assert_cmpuint (n_lines (after), ==, n_lines (before));
  for (guint i = 0; i < n_lines (after); i++)
    {
      JsonObject *a = json_array_get_object_element (get_array (before, "items"), i);
      JsonObject *b = json_array_get_object_element (get_array (after, "items"), i);

      g_assert_cmpstr (get_string (a, "id"), ==, get_string (b, "id"));
      if (get_int (a, "quantity") != get_int (b, "quantity"))
        return SEEN_QUANTITY;
    }

  /* the only other change: a modifier or an instruction */
  g_assert_false (json_array_equal (get_array (before, "items"), get_array (after, "items")));
  return SEEN_MODIFIER;
}

static void
test_edit_simulation (Fixture       *f,
                      gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) json_object_unref);
  g_autoptr(GHashTable) inactive = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) json_object_unref);
  g_autoptr(JsonArray) orders = NULL, final = NULL;
  guint seen[N_SEEN] = { 0 }, frames = 0;
  GHashTableIter iter;
  gpointer key, value;

  galley_demo_server_generate (f->server, 30);
  ws_barrier (c);
  orders = galley_demo_server_dup_orders (f->server);
  for (guint i = 0; i < json_array_get_length (orders); i++)
    {
      JsonObject *order = json_array_get_object_element (orders, i);
      const char *status = get_string (order, "status");
      gboolean active = strcmp (status, "pending") == 0 || strcmp (status, "confirmed") == 0 ||
                        strcmp (status, "preparing") == 0;

      g_hash_table_insert (active ? rows : inactive, g_strdup (get_string (order, "id")),
                           json_object_ref (order));
    }
  g_assert_cmpuint (g_hash_table_size (rows), >=, 30);
  g_assert_cmpuint (g_hash_table_size (inactive), >, 0);

  /* edit_rate 0: an hour of nothing */
  galley_demo_server_advance (f->server, 60 * 60 * 1000);
  ws_assert_quiet (c);
  g_assert_cmpuint (galley_demo_server_get_orders_edited (f->server), ==, 0);

  /* one edit per active order and minute on average, for five minutes */
  demo_post (f, "config", "{\"edit_rate\":1}");
  galley_demo_server_advance (f->server, 59 * 1000);
  ws_assert_quiet (c);   /* the first look comes a minute after the setting */
  galley_demo_server_advance (f->server, 4 * 60 * 1000 + 1000);
  set_option (f, "edit_rate", "0");
  ws_barrier (c);

  for (guint i = 0; i < c->frames->len; i++)
    {
      g_autoptr(JsonObject) frame = parse_object (g_ptr_array_index (c->frames, i));
      JsonObject *row, *before;

      if (strcmp (get_string (frame, "type"), "order:updated") != 0)
        continue;
      row = get_object (get_object (frame, "payload"), "order");
      before = g_hash_table_lookup (rows, get_string (row, "id"));
      g_assert_nonnull (before);   /* only active orders are edited */
      assert_order_valid (row);
      g_assert_cmpint (get_int (row, "version"), ==, get_int (before, "version") + 1);
      seen[classify_edit (before, row)]++;
      g_hash_table_insert (rows, g_strdup (get_string (row, "id")), json_object_ref (row));
      frames++;
    }
  g_test_message ("%u edits: %u quantity, %u add, %u void, %u modifier, %u cancel", frames,
                  seen[SEEN_QUANTITY], seen[SEEN_ADD], seen[SEEN_VOID], seen[SEEN_MODIFIER],
                  seen[SEEN_CANCEL]);
  g_assert_cmpuint (frames, ==, galley_demo_server_get_orders_edited (f->server));
  g_assert_cmpuint (frames, >=, 50);
  for (guint k = 0; k < N_SEEN; k++)
    g_assert_cmpuint (seen[k], >, 0);

  /* the server's rows are the last ones heard; the others never changed */
  final = galley_demo_server_dup_orders (f->server);
  for (guint i = 0; i < json_array_get_length (final); i++)
    {
      JsonObject *order = json_array_get_object_element (final, i);
      JsonObject *heard = g_hash_table_lookup (rows, get_string (order, "id"));

      g_assert_true (json_object_equal (order, heard != NULL
                                                 ? heard
                                                 : g_hash_table_lookup (inactive,
                                                                        get_string (order, "id"))));
    }
  g_hash_table_iter_init (&iter, inactive);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_false (g_hash_table_contains (rows, key));

  /* back at 0: quiet again */
  galley_demo_server_advance (f->server, 10 * 60 * 1000);
  ws_assert_quiet (c);
}

/* A fixed script with the simulated and the asked-for edits: the orders and every frame. */
static void
run_edit_scenario (gint64   seed,
                   char   **orders_out,
                   char   **frames_out)
{
  static const GalleyDemoEditKind kinds[] = {
    GALLEY_DEMO_EDIT_QUANTITY, GALLEY_DEMO_EDIT_ADD, GALLEY_DEMO_EDIT_VOID,
    GALLEY_DEMO_EDIT_MODIFIER, GALLEY_DEMO_EDIT_CANCEL
  };
  Fixture f = { 0 };
  g_autoptr(GString) frames = g_string_new (NULL);
  g_autoptr(Reply) list = NULL;
  g_autoptr(JsonArray) orders = NULL;
  g_autofree char *token = NULL;
  WsClient *c;
  guint n;

  fixture_init (&f, seed, TRUE);
  c = ws_authed (&f, "kitchen");

  galley_demo_server_generate (f.server, 12);
  set_option (&f, "edit_rate", "2");
  galley_demo_server_advance (f.server, 6 * 60 * 1000);
  set_option (&f, "edit_rate", "0");
  g_assert_cmpuint (galley_demo_server_get_orders_edited (f.server), >, 10);

  /* one edit of each kind with every choice left to the PRNG */
  galley_demo_server_generate (f.server, G_N_ELEMENTS (kinds));
  orders = galley_demo_server_dup_orders (f.server);
  n = json_array_get_length (orders);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      JsonObject *order = json_array_get_object_element (orders, n - G_N_ELEMENTS (kinds) + i);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) row = NULL;
      GalleyDemoEditKind kind = kinds[i];

      if (kind == GALLEY_DEMO_EDIT_VOID &&
          json_array_get_length (get_array (order, "items")) < 2)
        kind = GALLEY_DEMO_EDIT_ADD;
      row = galley_demo_server_edit_order (f.server, get_string (order, "id"), kind, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (row);
    }
  ws_barrier (c);

  token = token_for (&f, "kitchen");
  list = api (&f, "GET", "/orders?limit=1000", token, NULL);
  assert_status (list, SOUP_STATUS_OK);
  *orders_out = g_strdup (list->text);
  for (guint i = 0; i < c->frames->len; i++)
    {
      g_string_append (frames, g_ptr_array_index (c->frames, i));
      g_string_append_c (frames, '\n');
    }
  *frames_out = g_strdup (frames->str);

  g_clear_pointer (&list, reply_free);
  fixture_fini (&f);
}

static void
test_edit_determinism (void)
{
  g_autofree char *orders1 = NULL, *orders2 = NULL, *orders3 = NULL;
  g_autofree char *frames1 = NULL, *frames2 = NULL, *frames3 = NULL;

  run_edit_scenario (21, &orders1, &frames1);
  run_edit_scenario (21, &orders2, &frames2);
  run_edit_scenario (22, &orders3, &frames3);

  g_assert_nonnull (strstr (frames1, "\"order:updated\""));
  g_assert_nonnull (strstr (frames1, "\"status\":\"cancelled\""));

  /* byte-identical for the same seed and calls, different for another seed */
  g_assert_cmpstr (orders1, ==, orders2);
  g_assert_cmpstr (frames1, ==, frames2);
  g_assert_cmpstr (orders1, !=, orders3);
  g_assert_cmpstr (frames1, !=, frames3);
}

static void
test_edit_settings (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const bad[] = { "-0.1", "61", "often", "" };
  g_autoptr(GError) error = NULL;
  g_autoptr(Reply) r = NULL;
  guint active = 0;

  g_assert_true (g_strv_contains (galley_demo_server_list_options (), "edit_rate"));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (galley_demo_server_set_option (f->server, "edit_rate", bad[i], &error));
      g_assert_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID);
      g_clear_error (&error);
    }
  r = http (f, "POST", "/_demo/config", "{\"edit_rate\":-1}", NULL);
  assert_status (r, SOUP_STATUS_BAD_REQUEST);

  /* the environment: at the highest rate every active order is edited in the first minute */
  galley_demo_server_generate (f->server, 8);
  {
    g_autoptr(JsonArray) orders = galley_demo_server_dup_orders (f->server);

    for (guint i = 0; i < json_array_get_length (orders); i++)
      {
        const char *status = get_string (json_array_get_object_element (orders, i), "status");

        active += strcmp (status, "pending") == 0 || strcmp (status, "confirmed") == 0 ||
                  strcmp (status, "preparing") == 0;
      }
  }
  g_setenv ("GALLEY_DEMO_EDIT_RATE", "60", TRUE);
  g_assert_true (galley_demo_server_apply_environment (f->server, &error));
  g_assert_no_error (error);
  galley_demo_server_advance (f->server, 60 * 1000);
  g_assert_cmpuint (galley_demo_server_get_orders_edited (f->server), ==, active);

  g_setenv ("GALLEY_DEMO_EDIT_RATE", "sometimes", TRUE);
  g_assert_false (galley_demo_server_apply_environment (f->server, &error));
  g_assert_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "GALLEY_DEMO_EDIT_RATE: "));
  g_unsetenv ("GALLEY_DEMO_EDIT_RATE");

  /* stats count them */
  {
    g_autoptr(JsonObject) stats = galley_demo_server_dup_stats (f->server);

    g_assert_cmpint (get_int (stats, "orders_edited"), ==, active);
  }
}

/* ================================================================== fault hooks (§7.3) */

static void
test_fault_drop_close (Fixture       *f,
                       gconstpointer  data)
{
  WsClient *authed = ws_authed (f, "kitchen");
  WsClient *idle = ws_connect (f);
  WsClient *again, *third;

  fault (f, "{\"hook\":\"drop_connection\",\"mode\":\"close\",\"code\":4000,"
            "\"reason\":\"test drop\"}");
  ws_wait_closed (authed);
  ws_wait_closed (idle);
  g_assert_cmpuint (authed->close_code, ==, 4000);
  g_assert_cmpstr (authed->close_data, ==, "test drop");
  g_assert_cmpuint (idle->close_code, ==, 4000);

  /* over HTTP, with the defaults: 1001 */
  again = ws_authed (f, "kitchen");
  fault_http (f, "{\"hook\":\"drop_connection\"}");
  ws_wait_closed (again);
  g_assert_cmpuint (again->close_code, ==, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);

  /* a one-off: the next connection is fine */
  third = ws_authed (f, "kitchen");
  ws_send_ping (third);
  ws_expect (third, "pong");
}

static void
test_fault_drop_abort (Fixture       *f,
                       gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");

  fault (f, "{\"hook\":\"drop_connection\",\"mode\":\"abort\"}");
  ws_wait_closed (c);
  /* no close frame: abnormal closure, no code */
  g_assert_cmpuint (c->close_code, ==, 0);
  g_assert_true (galley_test_spin_until (no_clients, f->server, WAIT_MS));
}

static void
test_fault_drop_silent (Fixture       *f,
                        gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");

  fault_http (f, "{\"hook\":\"drop_connection\",\"mode\":\"silent\"}");
  ws_send_ping (c);
  galley_demo_server_generate (f->server, 1);
  ws_assert_quiet (c);
  g_assert_cmpuint (galley_demo_server_get_clients (f->server), ==, 1);

  /* clearing the faults makes it talk again */
  demo_post (f, "clear", NULL);
  ws_send_ping (c);
  g_assert_cmpstr (ws_next (c), ==, "{\"type\":\"pong\"}");
}

static void
test_fault_malformed_json (Fixture       *f,
                           gconstpointer  data)
{
  static const struct { const char *kind; const char *text; } kinds[] = {
    { "truncated", "{\"type\":\"order:created\",\"payload\":{\"order\":{\"id\":\"6f1c" },
    { "not_json", "this is not JSON" },
    { "not_object", "[\"order:created\",42]" },
    { "no_type", "{\"payload\":{\"order\":{}},\"timestamp\":\"2025-11-05T18:04:12.101Z\"}" },
    { "wrong_payload_type",
      "{\"type\":\"order:created\",\"payload\":\"oops\","
      "\"timestamp\":\"2025-11-05T18:04:12.101Z\"}" },
  };
  WsClient *c = ws_authed (f, "kitchen");
  WsClient *idle = ws_connect (f);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *params = g_strdup_printf ("{\"hook\":\"malformed_json\",\"kind\":\"%s\","
                                                 "\"count\":2}", kinds[i].kind);

      if (i % 2 == 0)
        fault (f, params);
      else
        fault_http (f, params);
      g_assert_cmpstr (ws_next (c), ==, kinds[i].text);
      g_assert_cmpstr (ws_next (c), ==, kinds[i].text);
    }

  /* the link stays, and sockets that did not authenticate got none */
  ws_send_ping (c);
  g_assert_cmpstr (ws_next (c), ==, "{\"type\":\"pong\"}");
  g_assert_cmpuint (idle->frames->len, ==, 1);
  g_assert_false (c->closed);
}

static void
test_fault_unknown_type (Fixture       *f,
                         gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  g_autoptr(JsonObject) first = NULL, second = NULL, fallback = NULL;

  fault (f, "{\"hook\":\"unknown_type\",\"type\":\"menu:updated\",\"count\":2}");
  first = ws_next_object (c);
  second = ws_next_object (c);
  g_assert_cmpstr (get_string (first, "type"), ==, "menu:updated");
  g_assert_cmpstr (get_string (second, "type"), ==, "menu:updated");
  get_string (first, "timestamp");

  fault_http (f, "{\"hook\":\"unknown_type\"}");
  fallback = ws_next_object (c);
  g_assert_cmpstr (get_string (fallback, "type"), ==, "kds:hello");
  ws_assert_quiet (c);
}

static void
test_fault_oversized_frame (Fixture       *f,
                            gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");

  /* above libsoup's default 128 KiB: the client fails the link with 1009 (sent, not
   * received: the client drops the connection right after its close frame) */
  fault (f, "{\"hook\":\"oversized_frame\",\"bytes\":200000}");
  ws_wait_closed (c);
  g_assert_error (c->error, SOUP_WEBSOCKET_ERROR, SOUP_WEBSOCKET_CLOSE_TOO_BIG);
  g_assert_cmpuint (ws_count_type (c, "order:updated"), ==, 0);
}

static void
test_fault_oversized_frame_received (Fixture       *f,
                                     gconstpointer  data)
{
  WsClient *c = ws_open (f, "/?restaurant_id=" RESTAURANT, 4 * 1024 * 1024);
  g_autofree char *token = token_for (f, "kitchen");
  g_autoptr(JsonObject) frame = NULL;
  const char *text;
  JsonObject *order;

  ws_send_auth (c, token, RESTAURANT);
  ws_expect (c, "auth:success");

  /* the default size, 2 MiB: a valid order event padded in notes */
  galley_demo_server_generate (f->server, 1);
  ws_expect (c, "order:created");
  fault_http (f, "{\"hook\":\"oversized_frame\"}");
  text = ws_next (c);
  g_assert_cmpuint (strlen (text), >=, 2 * 1024 * 1024);
  frame = parse_object (text);
  g_assert_cmpstr (get_string (frame, "type"), ==, "order:updated");
  order = get_object (get_object (frame, "payload"), "order");
  assert_row_shape (order);
  g_assert_cmpuint (strlen (get_string (order, "notes")), ==, 2 * 1024 * 1024);
  g_assert_false (c->closed);

  /* the padding is in the frame only: the stored order is unchanged */
  {
    g_autoptr(JsonObject) stored = get_order (f, get_string (order, "id"));

    g_assert_true (galley_json_is_null_or_absent (stored, "notes"));
    g_assert_cmpuint (galley_demo_server_get_n_orders (f->server), ==, 24 + 1);
  }
}

static void
test_fault_delay_ws (Fixture       *f,
                     gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  gint64 start, elapsed;

  fault (f, "{\"hook\":\"delay\",\"ws_ms\":250}");
  start = g_get_monotonic_time ();
  ws_send_ping (c);
  g_assert_cmpstr (ws_next (c), ==, "{\"type\":\"pong\"}");
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("pong after %" G_GINT64_FORMAT " ms", elapsed / 1000);
  g_assert_cmpint (elapsed, >=, 250 * 1000);

  /* frames keep their order */
  galley_demo_server_generate (f->server, 3);
  for (guint i = 0; i < 3; i++)
    ws_expect (c, "order:created");

  demo_post (f, "clear", NULL);
  start = g_get_monotonic_time ();
  ws_send_ping (c);
  ws_expect (c, "pong");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 250 * 1000);
}

static void
test_fault_delay_rest (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *token = token_for (f, "kitchen");
  g_autoptr(Reply) delayed = NULL, other = NULL, filtered = NULL;

  fault_http (f, "{\"hook\":\"delay\",\"rest_ms\":250}");
  delayed = http (f, "GET", API "/health", NULL, NULL);
  assert_status (delayed, SOUP_STATUS_OK);
  g_test_message ("delayed reply after %" G_GINT64_FORMAT " ms", delayed->elapsed_us / 1000);
  g_assert_cmpint (delayed->elapsed_us, >=, 250 * 1000);

  /* with a path filter only matching requests wait */
  fault (f, "{\"hook\":\"delay\",\"rest_ms\":400,\"path\":\"/orders\"}");
  other = http (f, "GET", API "/health", NULL, NULL);
  filtered = api (f, "GET", "/orders", token, NULL);
  assert_status (other, SOUP_STATUS_OK);
  assert_status (filtered, SOUP_STATUS_OK);
  g_assert_cmpint (filtered->elapsed_us, >=, 400 * 1000);
  g_assert_cmpint (other->elapsed_us, <, 400 * 1000);
}

static void
test_fault_stall_rest (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *token = token_for (f, "kitchen");
  g_autoptr(Reply) stalled = NULL, health = NULL, after = NULL;

  fault_http (f, "{\"hook\":\"stall_rest\",\"path\":\"/orders\"}");
  stalled = api_begin (f, "GET", "/orders", token, NULL);
  health = http (f, "GET", API "/health", NULL, NULL);
  assert_status (health, SOUP_STATUS_OK);
  galley_test_spin_for (QUIET_MS);
  g_assert_false (stalled->done);

  /* answered (503) when the faults are cleared */
  demo_post (f, "clear", NULL);
  reply_wait (stalled);
  assert_error_string (stalled, SOUP_STATUS_SERVICE_UNAVAILABLE, "Service unavailable");

  after = api (f, "GET", "/orders", token, NULL);
  assert_status (after, SOUP_STATUS_OK);

  /* a request still stalled when the server stops is not left hanging: stop() answers it,
   * then drops the connection, usually before the answer is written */
  fault (f, "{\"hook\":\"stall_rest\"}");
  g_clear_pointer (&stalled, reply_free);
  stalled = api_begin (f, "GET", "/orders", token, NULL);
  galley_test_spin_for (100);
  g_assert_false (stalled->done);
  galley_demo_server_stop (f->server);
  g_assert_true (galley_test_spin_until (galley_test_is_true, &stalled->done, WAIT_MS));
  if (stalled->error != NULL)
    g_assert_error (stalled->error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  else
    g_assert_cmpuint (stalled->status, ==, SOUP_STATUS_SERVICE_UNAVAILABLE);
}

static void
test_fault_rest_error (Fixture       *f,
                       gconstpointer  data)
{
  static const struct { guint status; const char *code; } codes[] = {
    { 401, "UNAUTHORIZED" }, { 403, "FORBIDDEN" }, { 404, "NOT_FOUND" },
    { 429, "RATE_LIMITED" }, { 500, "INTERNAL_ERROR" }, { 503, "SERVICE_UNAVAILABLE" },
  };
  g_autofree char *token = token_for (f, "kitchen");

  fault_http (f, "{\"hook\":\"rest_error\",\"path\":\"/orders\",\"status\":503,\"count\":2}");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(Reply) health = http (f, "GET", API "/health", NULL, NULL);
      g_autoptr(Reply) r = api (f, "GET", "/orders", token, NULL);

      assert_status (health, SOUP_STATUS_OK);
      assert_error_object (r, SOUP_STATUS_SERVICE_UNAVAILABLE, "Service Unavailable");
    }
  {
    g_autoptr(Reply) r = api (f, "GET", "/orders", token, NULL);

    assert_status (r, SOUP_STATUS_OK);
  }

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *params = g_strdup_printf ("{\"hook\":\"rest_error\",\"status\":%u}",
                                                 codes[i].status);
      g_autoptr(Reply) r = NULL, next = NULL;

      fault (f, params);
      r = http (f, "GET", API "/health", NULL, NULL);
      assert_error_object (r, codes[i].status, "");
      g_assert_cmpstr (get_string (get_object (reply_object (r), "error"), "code"), ==,
                       codes[i].code);
      next = http (f, "GET", API "/health", NULL, NULL);
      assert_status (next, SOUP_STATUS_OK);
    }
}

static void
test_fault_reject_auth (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *token = token_for (f, "kitchen");
  WsClient *c;

  fault (f, "{\"hook\":\"reject_auth\",\"mode\":\"auth_failed\"}");
  for (guint i = 0; i < 2; i++)   /* persistent until cleared */
    {
      c = ws_connect (f);
      ws_send_auth (c, token, RESTAURANT);
      assert_rejected (c, "auth:failed", "Authentication failed");
    }

  fault_http (f, "{\"hook\":\"reject_auth\",\"mode\":\"auth_required\"}");
  c = ws_connect (f);
  ws_send_auth (c, token, RESTAURANT);
  assert_rejected (c, "error", "Authentication required");

  fault (f, "{\"hook\":\"reject_auth\",\"mode\":\"close_1008_only\"}");
  c = ws_connect (f);
  ws_send_auth (c, token, RESTAURANT);
  ws_wait_closed (c);
  g_assert_cmpuint (c->close_code, ==, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
  g_assert_cmpuint (c->frames->len, ==, 1);   /* connected only */

  fault (f, "{\"hook\":\"reject_auth\",\"mode\":\"no_reply\"}");
  c = ws_connect (f);
  ws_send_auth (c, token, RESTAURANT);
  ws_assert_quiet (c);
  g_assert_cmpuint (galley_demo_server_get_clients_authenticated (f->server), ==, 0);

  demo_post (f, "clear", NULL);
  c = ws_authed (f, "kitchen");
  g_assert_cmpuint (galley_demo_server_get_clients_authenticated (f->server), ==, 1);
}

static void
test_fault_expire_tokens (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *token = token_for (f, "kitchen");
  WsClient *before = ws_authed (f, "kitchen");
  WsClient *c;
  g_autoptr(Reply) r = NULL, pin = NULL, me = NULL, after = NULL;

  fault_http (f, "{\"hook\":\"expire_tokens\"}");
  r = api (f, "GET", "/orders", token, NULL);
  assert_error_object (r, SOUP_STATUS_UNAUTHORIZED, "Token expired");
  g_assert_cmpstr (get_string (get_object (reply_object (r), "error"), "code"), ==,
                   "TOKEN_EXPIRED");

  /* even freshly issued tokens */
  pin = pin_login (f, "2222");
  assert_status (pin, SOUP_STATUS_OK);
  me = api (f, "GET", "/auth/me", get_string (reply_object (pin), "token"), NULL);
  assert_status (me, SOUP_STATUS_UNAUTHORIZED);

  c = ws_connect (f);
  ws_send_auth (c, token, RESTAURANT);
  assert_rejected (c, "auth:failed", "Authentication failed");

  /* a socket authenticated before is not re-checked */
  ws_send_ping (before);
  ws_expect (before, "pong");

  galley_demo_server_clear_faults (f->server);
  after = api (f, "GET", "/orders", token, NULL);
  assert_status (after, SOUP_STATUS_OK);
}

static void
test_fault_duplicate_event (Fixture       *f,
                            gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  const char *first, *second;
  g_autofree char *id = NULL;

  fault (f, "{\"hook\":\"duplicate_event\",\"count\":1}");
  galley_demo_server_generate (f->server, 1);
  first = ws_next (c);
  second = ws_next (c);
  g_assert_cmpstr (first, ==, second);
  g_assert_nonnull (strstr (first, "\"order:created\""));

  /* only the next one */
  galley_demo_server_generate (f->server, 1);
  ws_expect (c, "order:created");
  ws_assert_quiet (c);
  g_assert_cmpuint (ws_count_type (c, "order:created"), ==, 3);

  /* over HTTP, for status changes */
  id = new_order_id (f);
  ws_expect (c, "order:created");
  fault_http (f, "{\"hook\":\"duplicate_event\",\"count\":2}");
  patch_status_ok (f, id, "confirmed");
  patch_status_ok (f, id, "preparing");
  patch_status_ok (f, id, "ready");
  ws_barrier (c);
  g_assert_cmpuint (ws_count_type (c, "order:updated"), ==, 2 + 2 + 1);
}

static void
test_fault_reorder_events (Fixture       *f,
                           gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  g_autoptr(JsonObject) newer = NULL, older = NULL;
  g_autofree char *id = NULL;
  JsonObject *newer_order, *older_order;

  fault_http (f, "{\"hook\":\"reorder_events\",\"window\":1}");
  id = new_order_id (f);
  ws_assert_quiet (c);   /* order:created is held back */

  patch_status_ok (f, id, "confirmed");
  newer = ws_next_object (c);
  older = ws_next_object (c);
  g_assert_cmpstr (get_string (newer, "type"), ==, "order:updated");
  g_assert_cmpstr (get_string (older, "type"), ==, "order:created");
  newer_order = get_object (get_object (newer, "payload"), "order");
  older_order = get_object (get_object (older, "payload"), "order");
  g_assert_cmpstr (get_string (newer_order, "id"), ==, id);
  g_assert_cmpstr (get_string (older_order, "id"), ==, id);
  g_assert_cmpint (get_int (newer_order, "version"), ==, 2);
  g_assert_cmpint (get_int (older_order, "version"), ==, 1);   /* the row as it was */

  /* window used up: back to order */
  patch_status_ok (f, id, "preparing");
  ws_expect (c, "order:updated");
  ws_assert_quiet (c);

  /* a held event is sent when the faults are cleared */
  fault (f, "{\"hook\":\"reorder_events\",\"window\":1}");
  patch_status_ok (f, id, "ready");
  ws_assert_quiet (c);
  galley_demo_server_clear_faults (f->server);
  ws_expect (c, "order:updated");
}

static void
test_fault_suppress_broadcasts (Fixture       *f,
                                gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  g_autofree char *id = new_order_id (f);
  g_autoptr(JsonObject) row = NULL;

  ws_expect (c, "order:created");

  /* count 1: one mutation goes unheard, the next is heard */
  fault (f, "{\"hook\":\"suppress_broadcasts\",\"count\":1}");
  patch_status_ok (f, id, "confirmed");
  ws_assert_quiet (c);
  patch_status_ok (f, id, "preparing");
  ws_expect (c, "order:updated");

  /* no count: until cleared */
  fault_http (f, "{\"hook\":\"suppress_broadcasts\"}");
  patch_status_ok (f, id, "ready");
  galley_demo_server_generate (f->server, 2);
  patch_status_ok (f, id, "completed");
  ws_assert_quiet (c);
  row = get_order (f, id);
  g_assert_cmpstr (get_string (row, "status"), ==, "completed");   /* the mutations happened */

  demo_post (f, "clear", NULL);
  galley_demo_server_generate (f->server, 1);
  ws_expect (c, "order:created");
}

static gboolean
order_is_paid (JsonObject *order)
{
  return strcmp (get_string (order, "payment_status"), "paid") == 0;
}

/* How many changes turned @before into @after: new orders, status steps and payments. */
static guint
count_changes (JsonArray *before,
               JsonArray *after)
{
  g_autoptr(GHashTable) old = g_hash_table_new (g_str_hash, g_str_equal);
  guint changes = 0;

  for (guint i = 0; i < json_array_get_length (before); i++)
    {
      JsonObject *order = json_array_get_object_element (before, i);

      g_hash_table_insert (old, (gpointer) get_string (order, "id"), order);
    }

  for (guint i = 0; i < json_array_get_length (after); i++)
    {
      JsonObject *order = json_array_get_object_element (after, i);
      JsonObject *was = g_hash_table_lookup (old, get_string (order, "id"));

      if (was == NULL)
        changes += 1 + (guint) (get_int (order, "version") - 1) + order_is_paid (order);
      else
        changes += (guint) (get_int (order, "version") - get_int (was, "version")) +
                   (order_is_paid (order) && !order_is_paid (was));
    }

  return changes;
}

static void
test_fault_restart (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *token = token_for (f, "kitchen");
  g_autoptr(Reply) before = api (f, "GET", "/orders?limit=1000", token, NULL);
  g_autoptr(Reply) refused = NULL, after = NULL, demo = NULL;
  g_autoptr(JsonObject) stats_before = galley_demo_server_dup_stats (f->server);
  g_autoptr(JsonObject) stats_after = NULL;
  WsClient *c = ws_authed (f, "kitchen");
  WsClient *during, *back;
  guint n_before = galley_demo_server_get_n_orders (f->server);

  g_test_expect_message ("galley-demo-server", G_LOG_LEVEL_MESSAGE,
                         "Demo server simulating a restart (5000 ms down, 8 missed changes)");
  fault_http (f, "{\"hook\":\"restart\",\"downtime_ms\":5000,\"missed_events\":8,"
                 "\"refuse_rest\":true}");
  g_test_assert_expected_messages ();

  /* every socket closed with 1001 */
  ws_wait_closed (c);
  g_assert_cmpuint (c->close_code, ==, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
  g_assert_cmpstr (c->close_data, ==, "Server shutting down");

  /* upgrades and REST refused during the downtime; the control API still answers */
  during = ws_open (f, "/?restaurant_id=" RESTAURANT, 0);
  g_assert_null (during->conn);
  g_assert_nonnull (during->connect_error);
  g_assert_cmpuint (soup_message_get_status (during->msg), ==, SOUP_STATUS_SERVICE_UNAVAILABLE);
  refused = api (f, "GET", "/orders", token, NULL);
  assert_error_string (refused, SOUP_STATUS_SERVICE_UNAVAILABLE, "Server restarting");
  demo = http (f, "GET", "/_demo/stats", NULL, NULL);
  assert_status (demo, SOUP_STATUS_OK);

  galley_demo_server_advance (f->server, 4000);
  g_clear_pointer (&refused, reply_free);
  refused = api (f, "GET", "/orders", token, NULL);
  assert_status (refused, SOUP_STATUS_SERVICE_UNAVAILABLE);

  g_test_expect_message ("galley-demo-server", G_LOG_LEVEL_MESSAGE,
                         "Demo server back up after a simulated restart");
  demo_post (f, "advance", "{\"ms\":1000}");
  g_test_assert_expected_messages ();

  /* back: all N changes visible over REST, none was ever broadcast */
  after = api (f, "GET", "/orders?limit=1000", token, NULL);
  assert_status (after, SOUP_STATUS_OK);
  g_assert_cmpuint (count_changes (reply_array (before), reply_array (after)), ==, 8);
  g_assert_cmpuint (galley_demo_server_get_n_orders (f->server), >, n_before);
  {
    guint cancelled_before = 0, cancelled_after = 0;

    for (guint i = 0; i < json_array_get_length (reply_array (before)); i++)
      cancelled_before += strcmp (get_string (json_array_get_object_element (
                                                reply_array (before), i), "status"),
                                  "cancelled") == 0;
    for (guint i = 0; i < json_array_get_length (reply_array (after)); i++)
      cancelled_after += strcmp (get_string (json_array_get_object_element (
                                               reply_array (after), i), "status"),
                                 "cancelled") == 0;
    g_assert_cmpuint (cancelled_after, ==, cancelled_before + 1);   /* one cancel among them */
  }

  stats_after = galley_demo_server_dup_stats (f->server);
  {
    JsonObject *out_before = get_object (stats_before, "frames_out");
    JsonObject *out_after = get_object (stats_after, "frames_out");

    g_assert_false (json_object_has_member (out_before, "order:created"));
    g_assert_false (json_object_has_member (out_after, "order:created"));
    g_assert_false (json_object_has_member (out_after, "order:updated"));
  }
  g_assert_cmpuint (ws_count_type (c, "order:created") + ws_count_type (c, "order:updated"),
                    ==, 0);

  back = ws_authed (f, "kitchen");
  ws_assert_quiet (back);
  galley_demo_server_generate (f->server, 1);
  ws_expect (back, "order:created");
}

/* Without refuse_rest, REST keeps working while upgrades are refused. */
static void
test_fault_restart_rest_up (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *token = token_for (f, "kitchen");
  g_autoptr(Reply) during = NULL;
  WsClient *refused, *back;

  g_test_expect_message ("galley-demo-server", G_LOG_LEVEL_MESSAGE,
                         "Demo server simulating a restart*");
  galley_demo_server_restart (f->server, 1000, 0, FALSE);
  g_test_assert_expected_messages ();

  during = api (f, "GET", "/orders", token, NULL);
  assert_status (during, SOUP_STATUS_OK);
  refused = ws_open (f, "/", 0);
  g_assert_null (refused->conn);

  g_test_expect_message ("galley-demo-server", G_LOG_LEVEL_MESSAGE,
                         "Demo server back up after a simulated restart");
  galley_demo_server_advance (f->server, 1000);
  g_test_assert_expected_messages ();
  back = ws_authed (f, "kitchen");
  g_assert_false (back->closed);
}

static void
test_fault_bad_params (Fixture       *f,
                       gconstpointer  data)
{
  static const struct { const char *body; const char *message; } cases[] = {
    { "{\"hook\":\"bogus\"}", "Unknown fault hook bogus" },
    { "{}", "Fault (none): invalid or missing parameter hook" },
    { "{\"hook\":\"drop_connection\",\"mode\":\"explode\"}",
      "Fault drop_connection: invalid or missing parameter mode" },
    { "{\"hook\":\"malformed_json\",\"kind\":\"weird\"}",
      "Fault malformed_json: invalid or missing parameter kind" },
    { "{\"hook\":\"reject_auth\",\"mode\":\"maybe\"}",
      "Fault reject_auth: invalid or missing parameter mode" },
    { "{\"hook\":\"rest_error\",\"status\":302}",
      "Fault rest_error: invalid or missing parameter status" },
  };
  g_autoptr(Reply) bad_json = http (f, "POST", "/_demo/fault", "{nope", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) r = http (f, "POST", "/_demo/fault", cases[i].body, NULL);
      g_autoptr(JsonObject) params = json_obj (cases[i].body);
      g_autoptr(GError) error = NULL;

      assert_error_string (r, SOUP_STATUS_BAD_REQUEST, cases[i].message);
      g_assert_false (galley_demo_server_fault (f->server, params, &error));
      g_assert_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID);
    }
  assert_error_string (bad_json, SOUP_STATUS_BAD_REQUEST, "Invalid JSON body");
}

/* ================================================================== control endpoints (§7.3) */

static void
test_control_config (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Reply) unknown = http (f, "POST", "/_demo/config",
                                   "{\"strict_transitions\":false,\"bogus\":1}", NULL);
  g_autoptr(Reply) bad_value = http (f, "POST", "/_demo/config", "{\"rate\":\"fast\"}", NULL);
  g_autoptr(Reply) bad_mix = http (f, "POST", "/_demo/config",
                                   "{\"type_mix\":{\"delivery\":-1}}", NULL);
  g_autoptr(Reply) illegal = NULL;
  g_autofree char *id = new_order_id (f);
  g_autoptr(JsonArray) orders = NULL;
  WsClient *c;
  double rate;

  /* an unknown key: 400 and nothing changes, not even the valid member before it */
  assert_error_string (unknown, SOUP_STATUS_BAD_REQUEST, "Unknown demo setting bogus");
  assert_status (bad_value, SOUP_STATUS_BAD_REQUEST);
  assert_status (bad_mix, SOUP_STATUS_BAD_REQUEST);
  illegal = patch_status (f, id, "ready");
  assert_status (illegal, SOUP_STATUS_INTERNAL_SERVER_ERROR);
  g_object_get (f->server, "rate", &rate, NULL);
  g_assert_cmpfloat (rate, ==, 0.0);

  /* valid changes apply */
  demo_post (f, "config", "{\"seq_numbers\":true,\"strict_transitions\":\"off\",\"rate\":0,"
                          "\"items_min\":2,\"items_max\":2,\"modifier_rate\":0,"
                          "\"scheduled_rate\":0,\"type_mix\":{\"delivery\":1}}");
  g_clear_pointer (&illegal, reply_free);
  illegal = patch_status (f, id, "ready");
  assert_status (illegal, SOUP_STATUS_CONFLICT);

  c = ws_connect (f);
  g_assert_nonnull (strstr (g_ptr_array_index (c->frames, 0), "\"seq\":1"));

  galley_demo_server_generate (f->server, 10);
  orders = galley_demo_server_dup_orders (f->server);
  for (guint i = json_array_get_length (orders) - 10; i < json_array_get_length (orders); i++)
    {
      JsonObject *order = json_array_get_object_element (orders, i);

      g_assert_cmpstr (get_string (get_object (order, "metadata"), "uiType"), ==, "delivery");
      g_assert_cmpuint (json_array_get_length (get_array (order, "items")), ==, 2);
      g_assert_false (get_bool (order, "is_scheduled"));
    }

  /* "clock" switches to the real clock */
  demo_post (f, "config", "{\"clock\":\"real\"}");
  g_assert_cmpint (ABS (galley_demo_server_now_us (f->server) - g_get_real_time ()), <,
                   60 * G_USEC_PER_SEC);

  /* the C API knows the same names */
  for (const char * const *name = galley_demo_server_list_options (); *name != NULL; name++)
    g_assert_true (strlen (*name) > 0);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (galley_demo_server_set_option (f->server, "heartbeat_ms", "5", &error));
    g_assert_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID);
  }
}

static void
test_control_environment (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  double rate;
  WsClient *c;

  g_setenv ("GALLEY_DEMO_RATE", "12.5", TRUE);
  g_setenv ("GALLEY_DEMO_SEQ_NUMBERS", "yes", TRUE);
  g_assert_true (galley_demo_server_apply_environment (f->server, &error));
  g_assert_no_error (error);
  g_object_get (f->server, "rate", &rate, NULL);
  g_assert_cmpfloat (rate, ==, 12.5);
  c = ws_connect (f);
  g_assert_nonnull (strstr (g_ptr_array_index (c->frames, 0), "\"seq\":1"));

  g_setenv ("GALLEY_DEMO_CLOCK", "sundial", TRUE);
  g_assert_false (galley_demo_server_apply_environment (f->server, &error));
  g_assert_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "GALLEY_DEMO_CLOCK: "));

  g_unsetenv ("GALLEY_DEMO_RATE");
  g_unsetenv ("GALLEY_DEMO_SEQ_NUMBERS");
  g_unsetenv ("GALLEY_DEMO_CLOCK");
  set_option (f, "rate", "0");
}

static void
test_control_stats (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *token = token_for (f, "kitchen");
  g_autofree char *id = new_order_id (f);
  g_autofree char *path = g_strdup_printf ("/orders/%s", id);
  WsClient *ok = ws_authed (f, "kitchen");
  WsClient *bad = ws_connect (f);
  g_autoptr(Reply) r1 = api (f, "GET", "/orders", token, NULL);
  g_autoptr(Reply) r2 = api (f, "GET", "/orders?limit=5", token, NULL);
  g_autoptr(Reply) r3 = api (f, "GET", path, token, NULL);
  g_autoptr(Reply) r4 = NULL, stats_r = NULL;
  JsonObject *stats, *in, *out, *rest;

  assert_status (r1, SOUP_STATUS_OK);
  assert_status (r2, SOUP_STATUS_OK);
  assert_status (r3, SOUP_STATUS_OK);
  ws_send (bad, "{\"type\":\"ping\"}");
  ws_wait_closed (bad);
  ws_send_ping (ok);
  ws_expect (ok, "pong");
  ws_send (ok, "garbage");
  ws_next (ok);
  r4 = patch_status (f, id, "confirmed");
  assert_status (r4, SOUP_STATUS_OK);
  ws_expect (ok, "order:updated");

  stats_r = http (f, "GET", "/_demo/stats", NULL, NULL);
  assert_status (stats_r, SOUP_STATUS_OK);
  stats = reply_object (stats_r);
  g_assert_cmpint (get_int (stats, "connections_opened"), ==, 2);
  g_assert_cmpint (get_int (stats, "connections_open"), ==, 1);
  g_assert_cmpint (get_int (stats, "clients_authenticated"), ==, 1);
  g_assert_cmpint (get_int (stats, "auth_ok"), ==, 1);
  g_assert_cmpint (get_int (stats, "auth_failed"), ==, 1);
  g_assert_cmpint (get_int (stats, "malformed_in"), ==, 1);
  g_assert_cmpint (get_int (stats, "orders_generated"), ==, 1);
  g_assert_cmpint (get_int (stats, "seed"), ==, TEST_SEED);

  in = get_object (stats, "frames_in");
  g_assert_cmpint (get_int (in, "auth"), ==, 1);
  g_assert_cmpint (get_int (in, "ping"), ==, 2);
  g_assert_cmpint (get_int (in, "(invalid)"), ==, 1);
  out = get_object (stats, "frames_out");
  g_assert_cmpint (get_int (out, "connected"), ==, 2);
  g_assert_cmpint (get_int (out, "auth:success"), ==, 1);
  g_assert_cmpint (get_int (out, "error"), ==, 1);
  g_assert_cmpint (get_int (out, "pong"), ==, 1);
  g_assert_cmpint (get_int (out, "order:updated"), ==, 1);
  g_assert_false (json_object_has_member (out, "order:created"));   /* before ok connected */

  /* REST by method and route; /_demo/ itself is not counted */
  rest = get_object (stats, "rest");
  g_assert_cmpint (get_int (rest, "GET /api/v1/orders"), ==, 2);
  g_assert_cmpint (get_int (rest, "GET /api/v1/orders/:id"), ==, 1);
  g_assert_cmpint (get_int (rest, "PATCH /api/v1/orders/:id/status"), ==, 1);
  g_assert_cmpuint (json_object_get_size (rest), ==, 3);

  /* the in-process copy is the same */
  {
    g_autoptr(JsonObject) direct = galley_demo_server_dup_stats (f->server);
    g_autofree char *text = galley_json_object_to_string (direct);

    g_assert_cmpstr (text, ==, stats_r->text);
  }
}

static JsonObject *
find_log_entry (JsonArray  *log,
                const char *kind,
                const char *needle,
                guint      *index)
{
  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      JsonObject *entry = json_array_get_object_element (log, i);
      const char *body = NULL, *path = NULL;

      if (strcmp (get_string (entry, "kind"), kind) != 0)
        continue;
      galley_json_get_string (entry, "body", &body);
      galley_json_get_string (entry, "path", &path);
      if (needle == NULL || (body != NULL && strstr (body, needle) != NULL) ||
          (path != NULL && strstr (path, needle) != NULL))
        {
          if (index != NULL)
            *index = i;
          return entry;
        }
    }

  return NULL;
}

static void
test_control_log (Fixture       *f,
                  gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(Reply) log_r = NULL, list = NULL;
  g_autofree char *token = token_for (f, "kitchen");
  JsonArray *log;
  JsonObject *entry;
  guint rest_index = 0, frame_index = 0;
  gint64 at;

  galley_demo_server_advance (f->server, 1500);
  created = create_order (f, SIMPLE_ORDER_BODY);
  ws_expect (c, "order:created");
  list = api (f, "GET", "/orders?limit=5", token, NULL);
  ws_send_ping (c);
  ws_expect (c, "pong");

  log_r = http (f, "GET", "/_demo/log", NULL, NULL);
  assert_status (log_r, SOUP_STATUS_OK);
  log = reply_array (log_r);

  entry = find_log_entry (log, "ws-open", NULL, NULL);
  g_assert_nonnull (entry);
  entry = find_log_entry (log, "ws-in", "\"type\":\"auth\"", NULL);
  g_assert_nonnull (entry);
  g_assert_cmpint (get_int (entry, "client"), ==, 1);
  entry = find_log_entry (log, "ws-out", "auth:success", NULL);
  g_assert_nonnull (entry);

  /* the REST call with method, path and body, before the frame it caused */
  entry = find_log_entry (log, "rest", "Classic Burger", &rest_index);
  g_assert_nonnull (entry);
  g_assert_cmpstr (get_string (entry, "method"), ==, "POST");
  g_assert_cmpstr (get_string (entry, "path"), ==, "/api/v1/orders");
  g_assert_cmpstr (get_string (entry, "body"), ==, SIMPLE_ORDER_BODY);
  g_assert_true (galley_time_parse (get_string (entry, "at"), &at));
  g_assert_cmpint (at, ==, galley_demo_server_now_us (f->server));   /* virtual timestamps */
  entry = find_log_entry (log, "ws-out", "order:created", &frame_index);
  g_assert_nonnull (entry);
  g_assert_cmpuint (rest_index, <, frame_index);

  entry = find_log_entry (log, "rest", "/api/v1/orders?limit=5", NULL);
  g_assert_nonnull (entry);
  g_assert_cmpstr (get_string (entry, "method"), ==, "GET");
  g_assert_false (json_object_has_member (entry, "body"));
  g_assert_nonnull (find_log_entry (log, "ws-in", "\"type\":\"ping\"", NULL));
  g_assert_nonnull (find_log_entry (log, "ws-out", "{\"type\":\"pong\"}", NULL));

  /* the control API is not in it, and it can be cleared */
  g_assert_null (find_log_entry (log, "rest", "/_demo/", NULL));
  galley_demo_server_clear_log (f->server);
  {
    g_autoptr(JsonArray) empty = galley_demo_server_dup_log (f->server);

    g_assert_cmpuint (json_array_get_length (empty), ==, 0);
  }
}

static void
test_control_generate_advance (Fixture       *f,
                               gconstpointer  data)
{
  WsClient *c = ws_authed (f, "kitchen");
  guint n = galley_demo_server_get_n_orders (f->server);
  gint64 now = galley_demo_server_now_us (f->server);

  demo_post (f, "generate", "{\"count\":3}");
  g_assert_cmpuint (galley_demo_server_get_n_orders (f->server), ==, n + 3);
  for (guint i = 0; i < 3; i++)
    ws_expect (c, "order:created");
  demo_post (f, "generate", NULL);   /* one by default */
  g_assert_cmpuint (galley_demo_server_get_n_orders (f->server), ==, n + 4);

  demo_post (f, "advance", "{\"ms\":60000}");
  g_assert_cmpint (galley_demo_server_now_us (f->server), ==, now + 60 * G_USEC_PER_SEC);

  /* advance fires due generation timers */
  demo_post (f, "config", "{\"rate\":30}");
  demo_post (f, "advance", "{\"ms\":120000}");
  g_assert_cmpuint (galley_demo_server_get_orders_generated (f->server), >, 4 + 20);
  ws_barrier (c);
  g_assert_cmpuint (ws_count_type (c, "order:created"), ==,
                    galley_demo_server_get_orders_generated (f->server));
}

/* ================================================================== lifecycle (§6.7, §7.4) */

static gboolean
server_saw_request (gpointer data)
{
  g_autoptr(JsonObject) stats = galley_demo_server_dup_stats (data);

  return json_object_get_size (get_object (stats, "rest")) > 1;
}

/* One start/stop with a client, a REST call and, by @variant, a fault that leaves something
 * pending at stop(): a delayed frame, a delayed or stalled reply, a held event, a silent or
 * aborted link, a restart under way. */
static void
lifecycle_cycle (guint variant)
{
  Fixture f = { 0 };
  g_autofree char *token = NULL;
  g_autoptr(Reply) r = NULL, pending = NULL;
  gboolean aborted = FALSE;
  WsClient *c;

  fixture_init (&f, TEST_SEED, FALSE);
  c = ws_authed (&f, "kitchen");
  token = token_for (&f, "kitchen");
  r = api (&f, "GET", "/orders?limit=1", token, NULL);
  assert_status (r, SOUP_STATUS_OK);

  switch (variant % 8)
    {
    case 1:
      fault (&f, "{\"hook\":\"delay\",\"ws_ms\":60000}");
      ws_send_ping (c);
      break;

    case 2:
    case 3:
      fault (&f, variant % 8 == 2 ? "{\"hook\":\"delay\",\"rest_ms\":60000}"
                                  : "{\"hook\":\"stall_rest\"}");
      pending = api_begin (&f, "GET", "/tables", token, NULL);
      g_assert_true (galley_test_spin_until (server_saw_request, f.server, WAIT_MS));
      g_assert_false (pending->done);
      break;

    case 4:
      fault (&f, "{\"hook\":\"reorder_events\",\"window\":1}");
      galley_demo_server_generate (f.server, 1);
      break;

    case 5:
      fault (&f, "{\"hook\":\"drop_connection\",\"mode\":\"silent\"}");
      break;

    case 6:
      fault (&f, "{\"hook\":\"drop_connection\",\"mode\":\"abort\"}");
      ws_wait_closed (c);
      aborted = TRUE;
      break;

    case 7:
      g_test_expect_message ("galley-demo-server", G_LOG_LEVEL_MESSAGE,
                             "Demo server simulating a restart*");
      fault (&f, "{\"hook\":\"restart\",\"downtime_ms\":60000,\"missed_events\":3}");
      g_test_assert_expected_messages ();
      ws_wait_closed (c);
      break;

    case 0:
    default:
      break;
    }

  galley_demo_server_stop (f.server);
  ws_wait_closed (c);
  g_assert_cmpuint (c->close_code, ==, aborted ? 0 : SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
  g_assert_cmpuint (galley_test_count_sources ("galley-"), ==, 0);
  if (pending != NULL)
    g_assert_true (galley_test_spin_until (galley_test_is_true, &pending->done, WAIT_MS));

  g_clear_pointer (&r, reply_free);
  g_clear_pointer (&pending, reply_free);
  fixture_fini (&f);
}

static void
test_lifecycle_cycles (void)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  guint n = galley_test_iterations (200);

  /* warm-up: GLib workers, the first fds; every variant once */
  for (guint v = 0; v < 8; v++)
    lifecycle_cycle (v);
  galley_test_baseline_take (&base);

  for (guint i = 0; i < n; i++)
    lifecycle_cycle (i);

  assert_no_objects ();
  galley_test_baseline_assert (&base);
}

/* Without a seed the server draws one and logs it, so a run can be repeated. */
static void
test_lifecycle_random_seed (void)
{
  g_autoptr(GalleyDemoServer) server = galley_demo_server_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (galley_demo_server_get_seed (server), ==, -1);
  g_object_set (server, "port", 0, "virtual-clock", TRUE, NULL);
  g_test_expect_message ("galley-demo-server", G_LOG_LEVEL_MESSAGE,
                         "Demo server seed: * (use it to repeat this run)");
  g_assert_true (galley_demo_server_start (server, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpint (galley_demo_server_get_seed (server), >=, 0);
  galley_demo_server_stop (server);
  g_assert_finalize_object (g_steal_pointer (&server));
  assert_no_objects ();
}

/* Stopping and starting the same object keeps its orders and never reuses an id. */
static void
test_lifecycle_restart_object (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonArray) orders = NULL;
  guint n;

  galley_demo_server_generate (f->server, 5);
  n = galley_demo_server_get_n_orders (f->server);

  galley_demo_server_stop (f->server);
  start_server (f->server);
  g_assert_cmpuint (galley_demo_server_get_n_orders (f->server), ==, n);
  galley_demo_server_generate (f->server, 30);

  orders = galley_demo_server_dup_orders (f->server);
  g_assert_cmpuint (json_array_get_length (orders), ==, n + 30);
  for (guint i = 0; i < json_array_get_length (orders); i++)
    {
      const char *id = get_string (json_array_get_object_element (orders, i), "id");

      if (!g_hash_table_add (ids, g_strdup (id)))
        g_error ("order id %s used twice", id);
    }

  /* and it still serves */
  {
    g_autofree char *token = token_for (f, "kitchen");
    g_autoptr(Reply) r = api (f, "GET", "/orders", token, NULL);

    assert_status (r, SOUP_STATUS_OK);
  }
}

/* ================================================================== main */

#define ADD_V(path, func) \
  g_test_add ("/demo-server/" path, Fixture, NULL, setup_virtual, func, teardown)
#define ADD_R(path, func) \
  g_test_add ("/demo-server/" path, Fixture, NULL, setup_real, func, teardown)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();
  galley_test_track_all ();

  ADD_V ("auth/pin-login", test_auth_pin_login);
  ADD_V ("auth/pin-wrong", test_auth_pin_wrong);
  ADD_V ("auth/pin-lockout", test_auth_pin_lockout);
  ADD_V ("auth/pin-malformed", test_auth_pin_malformed);
  ADD_V ("auth/email-login", test_auth_email_login);
  ADD_V ("auth/me", test_auth_me);
  ADD_V ("auth/cookie-first", test_auth_cookie_first);
  ADD_V ("auth/refresh", test_auth_refresh);
  ADD_V ("auth/logout", test_auth_logout);
  ADD_V ("auth/station-login", test_auth_station_login);

  ADD_V ("csrf/missing", test_csrf_missing);
  ADD_V ("csrf/mismatch", test_csrf_mismatch);
  ADD_V ("csrf/match", test_csrf_match);
  ADD_V ("csrf/exempt", test_csrf_exempt);

  ADD_V ("rest/orders/list-default", test_orders_list_default);
  ADD_V ("rest/orders/list-paging", test_orders_list_paging);
  ADD_V ("rest/orders/list-filters", test_orders_list_filters);
  ADD_V ("rest/orders/list-bad-params", test_orders_list_bad_params);
  ADD_V ("rest/orders/get", test_orders_get);
  ADD_V ("rest/orders/create", test_orders_create);
  ADD_V ("rest/orders/create-rounding", test_orders_create_rounding);
  ADD_V ("rest/orders/create-types", test_orders_create_types);
  ADD_V ("rest/orders/create-snake-case", test_orders_create_snake_case);
  ADD_V ("rest/orders/create-invalid", test_orders_create_invalid);
  ADD_V ("rest/orders/create-auth", test_orders_create_auth);
  ADD_V ("rest/orders/status-chain", test_orders_status_chain);
  ADD_V ("rest/orders/status-illegal", test_orders_status_illegal);
  ADD_V ("rest/orders/status-lenient", test_orders_status_lenient);
  ADD_V ("rest/orders/delete", test_orders_delete);
  ADD_V ("rest/orders/idempotency", test_orders_idempotency);
  ADD_V ("rest/menu", test_menu);
  ADD_V ("rest/menu-patch", test_menu_patch);
  ADD_V ("rest/tables", test_tables);
  ADD_V ("rest/payments-cash", test_payments_cash);
  ADD_V ("rest/health", test_health);
  ADD_V ("rest/restaurants", test_restaurants);
  ADD_V ("rest/not-found", test_not_found);
  ADD_V ("rest/seed-data", test_seed_data);
  ADD_V ("rest/dup-is-copy", test_dup_is_copy);

  ADD_V ("ws/connected", test_ws_connected);
  ADD_V ("ws/auth-success", test_ws_auth_success);
  ADD_V ("ws/ping", test_ws_ping);
  ADD_V ("ws/sync", test_ws_sync);
  ADD_V ("ws/unknown-type", test_ws_unknown_type);
  ADD_V ("ws/ignored-types", test_ws_ignored_types);
  ADD_V ("ws/bad-json", test_ws_bad_json);
  ADD_V ("ws/auth-required", test_ws_auth_required);
  ADD_V ("ws/auth-bad-token", test_ws_auth_bad_token);
  ADD_V ("ws/auth-expired", test_ws_auth_expired);
  ADD_V ("ws/auth-slug", test_ws_auth_slug);
  ADD_V ("ws/auth-strict", test_ws_auth_strict);
  ADD_V ("ws/legacy-url-token", test_ws_legacy_url_token);
  ADD_V ("ws/paths", test_ws_paths);
  ADD_V ("ws/events", test_ws_events);
  ADD_V ("ws/broadcast-scope", test_ws_broadcast_scope);
  ADD_V ("ws/extended-events", test_ws_extended_events);
  ADD_V ("ws/seq-numbers", test_ws_seq_numbers);
  ADD_V ("ws/stop", test_ws_stop);
  ADD_V ("ws/client-oversized", test_ws_client_oversized);
  ADD_R ("ws/heartbeat-healthy", test_heartbeat_healthy);
  ADD_R ("ws/heartbeat-dead", test_heartbeat_dead);
  ADD_R ("ws/heartbeat-silent", test_heartbeat_silent);

  ADD_V ("quirks/sync-complete", test_quirk_sync_complete);
  ADD_V ("quirks/auth-frame-claim", test_quirk_auth_frame_claim);
  ADD_V ("quirks/auth-timeout", test_quirk_auth_timeout);

  g_test_add_func ("/demo-server/determinism/seed", test_determinism_same_seed);

  ADD_V ("generation/rate", test_generation_rate);
  ADD_V ("generation/orders", test_generation_orders);
  ADD_V ("generation/auto-progress", test_generation_auto_progress);

  ADD_V ("edits/quantity", test_edit_quantity);
  ADD_V ("edits/add", test_edit_add);
  ADD_V ("edits/void", test_edit_void);
  ADD_V ("edits/modifier", test_edit_modifier);
  ADD_V ("edits/cancel", test_edit_cancel);
  ADD_V ("edits/http", test_edit_http);
  ADD_V ("edits/faults", test_edit_faults);
  ADD_V ("edits/simulation", test_edit_simulation);
  ADD_V ("edits/settings", test_edit_settings);
  g_test_add_func ("/demo-server/edits/determinism", test_edit_determinism);

  ADD_V ("fault/drop-close", test_fault_drop_close);
  ADD_V ("fault/drop-abort", test_fault_drop_abort);
  ADD_V ("fault/drop-silent", test_fault_drop_silent);
  ADD_V ("fault/malformed-json", test_fault_malformed_json);
  ADD_V ("fault/unknown-type", test_fault_unknown_type);
  ADD_V ("fault/oversized-frame", test_fault_oversized_frame);
  ADD_V ("fault/oversized-frame-received", test_fault_oversized_frame_received);
  ADD_R ("fault/delay-ws", test_fault_delay_ws);
  ADD_R ("fault/delay-rest", test_fault_delay_rest);
  ADD_V ("fault/stall-rest", test_fault_stall_rest);
  ADD_V ("fault/rest-error", test_fault_rest_error);
  ADD_V ("fault/reject-auth", test_fault_reject_auth);
  ADD_V ("fault/expire-tokens", test_fault_expire_tokens);
  ADD_V ("fault/duplicate-event", test_fault_duplicate_event);
  ADD_V ("fault/reorder-events", test_fault_reorder_events);
  ADD_V ("fault/suppress-broadcasts", test_fault_suppress_broadcasts);
  ADD_V ("fault/restart", test_fault_restart);
  ADD_V ("fault/restart-rest-up", test_fault_restart_rest_up);
  ADD_V ("fault/bad-params", test_fault_bad_params);

  ADD_V ("control/config", test_control_config);
  ADD_V ("control/environment", test_control_environment);
  ADD_V ("control/stats", test_control_stats);
  ADD_V ("control/log", test_control_log);
  ADD_V ("control/generate-advance", test_control_generate_advance);

  g_test_add_func ("/demo-server/lifecycle/cycles", test_lifecycle_cycles);
  ADD_V ("lifecycle/restart-object", test_lifecycle_restart_object);
  g_test_add_func ("/demo-server/lifecycle/random-seed", test_lifecycle_random_seed);

  return g_test_run ();
}
