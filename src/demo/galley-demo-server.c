/* galley-demo-server.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An in-process restaurant server speaking the protocol of spec/order-protocol.md (§7 is its
 * contract): REST and the order WebSocket on one loopback port, orders generated from a
 * seeded PRNG, upstream quirks on by default, and fault hooks for the tests. This file holds
 * the object, its clock and timer queue, settings, stats, the transcript and the users; the
 * REST, WebSocket and order logic live in the satellite files.
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include <math.h>
#include <string.h>

#include "demo/galley-demo-server-private.h"
#include "util/galley-jwt.h"
#include "util/galley-json.h"
#include "util/galley-source.h"
#include "util/galley-time.h"

/* Virtual time starts here, so deterministic runs produce the same timestamps. */
#define VIRTUAL_EPOCH_US (G_GINT64_CONSTANT (1762362000) * G_USEC_PER_SEC)  /* 2025-11-05T17:00Z */

G_DEFINE_QUARK (galley-demo-server-error-quark, galley_demo_server_error)

G_DEFINE_FINAL_TYPE (GalleyDemoServer, galley_demo_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PORT,
  PROP_SEED,
  PROP_RATE,
  PROP_VIRTUAL_CLOCK,
  PROP_AUTO_PROGRESS,
  PROP_HEARTBEAT_MS,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const DemoUser users[] = {
  { "owner", "a3c1e2d4-0000-4000-8000-000000000001", "owner@demo.galley.test", "Olivia Owner",
    "1111", "galley-demo" },
  { "manager", "a3c1e2d4-0000-4000-8000-000000000002", "manager@demo.galley.test",
    "Marco Manager", "1234", "galley-demo" },
  { "kitchen", "a3c1e2d4-0000-4000-8000-000000000003", "kitchen@demo.galley.test",
    "Kim Kitchen", "2222", "galley-demo" },
  { "expo", "a3c1e2d4-0000-4000-8000-000000000004", "expo@demo.galley.test", "Eli Expo",
    "3333", "galley-demo" },
  { "server", "a3c1e2d4-0000-4000-8000-000000000005", "server@demo.galley.test",
    "Sasha Server", "4444", "galley-demo" },
  { "cashier", "a3c1e2d4-0000-4000-8000-000000000006", "cashier@demo.galley.test",
    "Casey Cashier", "5555", "galley-demo" },
  { "admin", "a3c1e2d4-0000-4000-8000-000000000007", "admin@demo.galley.test", "Ada Admin",
    "9999", "galley-demo" },
};

static const char * const all_scopes[] = {
  "orders:create", "orders:read", "orders:update", "orders:delete", "orders:status",
  "payments:process", "payments:refund", "payments:read", "reports:view", "reports:export",
  "staff:manage", "staff:schedule", "system:config", "menu:read", "menu:manage",
  "tables:manage", NULL
};

static const struct
{
  const char *role;
  const char *scopes;   /* "*" for all, "*-system" for all but system:config */
} role_scopes[] = {
  { "owner", "*" },
  { "admin", "*" },
  { "manager", "*-system" },
  { "server", "orders:create orders:read orders:update orders:status payments:process "
              "payments:read menu:read" },
  { "cashier", "orders:read payments:process payments:read menu:read" },
  { "kitchen", "orders:read orders:status menu:read" },
  { "expo", "orders:read orders:status menu:read" },
};

/* ------------------------------------------------------------------ users and tokens */

const DemoUser *
_galley_demo_server_find_user (const char *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    if (g_strcmp0 (users[i].role, role) == 0)
      return &users[i];

  return NULL;
}

const DemoUser *
_galley_demo_server_user_by_pin (const char *pin)
{
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    if (g_strcmp0 (users[i].pin, pin) == 0)
      return &users[i];

  return NULL;
}

const DemoUser *
_galley_demo_server_user_by_email (const char *email)
{
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    if (email != NULL && g_ascii_strcasecmp (users[i].email, email) == 0)
      return &users[i];

  return NULL;
}

const DemoUser *
_galley_demo_server_user_by_id (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    if (g_strcmp0 (users[i].id, id) == 0)
      return &users[i];

  return NULL;
}

/**
 * galley_demo_server_get_pin:
 *
 * Returns: (nullable): the documented demo PIN of @role's user
 */
const char *
galley_demo_server_get_pin (const char *role)
{
  const DemoUser *user = _galley_demo_server_find_user (role);

  return user != NULL ? user->pin : NULL;
}

JsonArray *
_galley_demo_server_role_scopes (const char *role)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (role_scopes); i++)
    {
      if (g_strcmp0 (role_scopes[i].role, role) != 0)
        continue;

      if (role_scopes[i].scopes[0] == '*')
        {
          gboolean no_system = strcmp (role_scopes[i].scopes, "*-system") == 0;

          for (guint s = 0; all_scopes[s] != NULL; s++)
            if (!no_system || strcmp (all_scopes[s], "system:config") != 0)
              json_array_add_string_element (array, all_scopes[s]);
        }
      else
        {
          g_auto (GStrv) parts = g_strsplit (role_scopes[i].scopes, " ", -1);

          for (guint s = 0; parts[s] != NULL; s++)
            json_array_add_string_element (array, parts[s]);
        }
    }

  return array;
}

gboolean
_galley_demo_server_role_has_scope (const char *role,
                                    const char *scope)
{
  g_autoptr(JsonArray) scopes = _galley_demo_server_role_scopes (role);

  for (guint i = 0; i < json_array_get_length (scopes); i++)
    if (g_strcmp0 (json_array_get_string_element (scopes, i), scope) == 0)
      return TRUE;

  return FALSE;
}

char *
_galley_demo_server_sign_token (GalleyDemoServer *self,
                                const DemoUser   *user,
                                const char       *auth_method,
                                gint64            lifetime_s)
{
  g_autoptr(JsonObject) claims = json_object_new ();
  gint64 now_s = _galley_demo_server_now_us (self) / G_USEC_PER_SEC;

  json_object_set_string_member (claims, "sub", user->id);
  json_object_set_string_member (claims, "email", user->email);
  json_object_set_string_member (claims, "role", user->role);
  json_object_set_string_member (claims, "restaurant_id", GALLEY_DEMO_RESTAURANT_ID);
  json_object_set_array_member (claims, "scope", _galley_demo_server_role_scopes (user->role));
  json_object_set_string_member (claims, "auth_method", auth_method);
  json_object_set_int_member (claims, "iat", now_s);
  json_object_set_int_member (claims, "exp", now_s + lifetime_s);

  return galley_jwt_encode_hs256 (claims, DEMO_JWT_SECRET);
}

/**
 * _galley_demo_server_verify_token:
 *
 * Returns: (transfer full) (nullable): the claims of a token this server issued and that has
 *   not expired (nor been expired by the expire_tokens fault)
 */
JsonObject *
_galley_demo_server_verify_token (GalleyDemoServer  *self,
                                  const char        *token,
                                  GError           **error)
{
  JsonObject *claims;

  claims = galley_jwt_verify_hs256 (token, DEMO_JWT_SECRET,
                                    _galley_demo_server_now_us (self) / G_USEC_PER_SEC, error);
  if (claims != NULL && self->expire_tokens)
    {
      json_object_unref (claims);
      g_set_error_literal (error, GALLEY_JWT_ERROR, GALLEY_JWT_ERROR_EXPIRED, "Token has expired");
      return NULL;
    }

  return claims;
}

/**
 * galley_demo_server_issue_token:
 * @role: a demo role ("kitchen", "manager", ...)
 *
 * Signs a token for @role's demo user, as PIN login would.
 *
 * Returns: (transfer full) (nullable): the token, or %NULL for an unknown role
 */
char *
galley_demo_server_issue_token (GalleyDemoServer *self,
                                const char       *role,
                                gint64            lifetime_s)
{
  const DemoUser *user;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), NULL);

  user = _galley_demo_server_find_user (role);
  if (user == NULL)
    return NULL;

  return _galley_demo_server_sign_token (self, user, "pin", lifetime_s);
}

/* ------------------------------------------------------------------ clock and timers */

gint64
_galley_demo_server_now_us (GalleyDemoServer *self)
{
  if (self->virtual_clock)
    return self->virtual_now_us;

  return g_get_real_time ();
}

char *
_galley_demo_server_now_js (GalleyDemoServer *self)
{
  return galley_time_format_js (_galley_demo_server_now_us (self));
}

char *
_galley_demo_server_now_db (GalleyDemoServer *self)
{
  return galley_time_format_db (_galley_demo_server_now_us (self));
}

gint64
galley_demo_server_now_us (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), 0);

  return _galley_demo_server_now_us (self);
}

static void
timer_free (DemoTimer *timer)
{
  g_free (timer->text);
  g_clear_object (&timer->msg);
  g_free (timer);
}

static int
compare_timers (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const DemoTimer *ta = a, *tb = b;

  if (ta->due_us != tb->due_us)
    return ta->due_us < tb->due_us ? -1 : 1;

  return ta->serial < tb->serial ? -1 : (ta->serial > tb->serial);
}

static void fire_timer (GalleyDemoServer *self, DemoTimer *timer);
static void arm_real_timer (GalleyDemoServer *self);

static gboolean
real_timer_cb (gpointer user_data)
{
  GalleyDemoServer *self = user_data;
  gint64 now = g_get_real_time ();

  self->timer_id = 0;

  /* fire everything due; a timer may schedule others (the next arrival, a resend) */
  while (!g_queue_is_empty (&self->timers))
    {
      DemoTimer *head = g_queue_peek_head (&self->timers);

      if (head->due_us > now)
        break;

      g_queue_pop_head (&self->timers);
      fire_timer (self, head);
      timer_free (head);

      if (self->server == NULL)
        break;
    }

  arm_real_timer (self);

  return G_SOURCE_REMOVE;
}

static void
arm_real_timer (GalleyDemoServer *self)
{
  DemoTimer *head;
  gint64 delay_ms;

  if (self->virtual_clock || self->server == NULL)
    {
      g_clear_handle_id (&self->timer_id, g_source_remove);
      return;
    }

  head = g_queue_peek_head (&self->timers);
  if (head == NULL)
    {
      g_clear_handle_id (&self->timer_id, g_source_remove);
      return;
    }

  if (self->timer_id != 0 && self->timer_armed_for == head->due_us)
    return;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  delay_ms = MAX (0, (head->due_us - g_get_real_time () + 999) / 1000);
  self->timer_armed_for = head->due_us;
  self->timer_id = galley_timeout_add_named ("galley-demo-server-timer",
                                             (guint) MIN (delay_ms, G_MAXUINT),
                                             real_timer_cb, self, NULL);
}

void
_galley_demo_server_schedule (GalleyDemoServer  *self,
                              gint64             delay_us,
                              DemoTimerKind      kind,
                              guint              client_id,
                              const char        *text,
                              SoupServerMessage *msg)
{
  DemoTimer *timer = g_new0 (DemoTimer, 1);

  timer->due_us = _galley_demo_server_now_us (self) + MAX (delay_us, 0);
  timer->serial = self->timer_serial++;
  timer->kind = kind;
  timer->client_id = client_id;
  timer->text = g_strdup (text);
  timer->msg = msg != NULL ? g_object_ref (msg) : NULL;

  g_queue_insert_sorted (&self->timers, timer, compare_timers, NULL);
  arm_real_timer (self);
}

void
_galley_demo_server_cancel_timers (GalleyDemoServer *self,
                                   DemoTimerKind     kind)
{
  GList *l = self->timers.head;

  while (l != NULL)
    {
      GList *next = l->next;
      DemoTimer *timer = l->data;

      if (timer->kind == kind)
        {
          g_queue_delete_link (&self->timers, l);
          if (timer->kind == DEMO_TIMER_REST_RESUME && timer->msg != NULL)
            _galley_demo_server_resume_rest (self, timer->msg);
          timer_free (timer);
        }
      l = next;
    }

  arm_real_timer (self);
}

static void
fire_timer (GalleyDemoServer *self,
            DemoTimer        *timer)
{
  switch (timer->kind)
    {
    case DEMO_TIMER_GENERATE:
      _galley_demo_server_generate_one (self, TRUE);
      _galley_demo_server_schedule_next_generation (self);
      break;

    case DEMO_TIMER_PROGRESS:
      _galley_demo_server_progress_due (self, timer->text);
      break;

    case DEMO_TIMER_HEARTBEAT:
      _galley_demo_server_heartbeat (self);
      _galley_demo_server_prune_orders (self);
      _galley_demo_server_schedule (self, (gint64) self->heartbeat_ms * 1000,
                                    DEMO_TIMER_HEARTBEAT, 0, NULL, NULL);
      break;

    case DEMO_TIMER_RESTART_END:
      g_message ("Demo server back up after a simulated restart");
      self->down = FALSE;
      self->refuse_rest = FALSE;
      break;

    case DEMO_TIMER_WS_FRAME:
      _galley_demo_server_ws_frame_due (self, timer->client_id, timer->text);
      break;

    case DEMO_TIMER_REST_RESUME:
      _galley_demo_server_resume_rest (self, timer->msg);
      break;

    case DEMO_TIMER_AUTH_TIMEOUT:
      _galley_demo_server_auth_timeout (self, timer->client_id);
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * galley_demo_server_advance:
 * @ms: how far to move the virtual clock
 *
 * With the virtual clock, fires every timer that falls due in the next @ms milliseconds, in
 * order, and moves the clock. With the real clock this does nothing.
 */
void
galley_demo_server_advance (GalleyDemoServer *self,
                            guint64           ms)
{
  gint64 target;

  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  if (!self->virtual_clock)
    return;

  target = self->virtual_now_us + (gint64) ms * 1000;
  while (!g_queue_is_empty (&self->timers))
    {
      DemoTimer *head = g_queue_peek_head (&self->timers);

      if (head->due_us > target)
        break;

      g_queue_pop_head (&self->timers);
      self->virtual_now_us = MAX (self->virtual_now_us, head->due_us);
      fire_timer (self, head);
      timer_free (head);
    }

  self->virtual_now_us = target;
}

/* ------------------------------------------------------------------ ids, stats, transcript */

/**
 * _galley_demo_server_new_uuid:
 *
 * A UUID v4 drawn from the server's seeded PRNG, so ids repeat for a given seed.
 */
char *
_galley_demo_server_new_uuid (GalleyDemoServer *self)
{
  guint32 w[4];

  for (guint i = 0; i < 4; i++)
    w[i] = g_rand_int (self->rand);

  return g_strdup_printf ("%08x-%04x-4%03x-%04x-%04x%08x",
                          w[0], w[1] >> 16, w[1] & 0xfff,
                          0x8000 | ((w[2] >> 16) & 0x3fff), w[2] & 0xffff, w[3]);
}

void
_galley_demo_server_count (GHashTable *table,
                           const char *key)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (table, key));

  if (n == 0)
    g_hash_table_insert (table, g_strdup (key), GUINT_TO_POINTER (1));
  else
    g_hash_table_replace (table, g_strdup (key), GUINT_TO_POINTER (n + 1));
}

static JsonNode *
copy_node (JsonNode *node)
{
  JsonNode *copy;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, _galley_demo_server_copy_object (json_node_get_object (node)));
      return copy;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *out = json_array_sized_new (json_array_get_length (array));

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (out, copy_node (json_array_get_element (array, i)));
        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, out);
        return copy;
      }

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

/**
 * _galley_demo_server_copy_object:
 *
 * A deep copy of @object, members in the same order. (json_node_copy() shares the objects and
 * arrays inside, so a "copy" made with it changes with the original.)
 *
 * Returns: (transfer full): the copy
 */
JsonObject *
_galley_demo_server_copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    json_object_set_member (copy, name, copy_node (member));

  return copy;
}

/**
 * _galley_demo_server_log:
 * @kind: "rest", "ws-in" or "ws-out"
 *
 * Appends an entry to the transcript (bounded: the oldest entries go first).
 */
void
_galley_demo_server_log (GalleyDemoServer *self,
                         const char       *kind,
                         guint             client_id,
                         const char       *method,
                         const char       *path,
                         const char       *body)
{
  JsonObject *entry = json_object_new ();
  g_autofree char *at = _galley_demo_server_now_js (self);

  json_object_set_string_member (entry, "at", at);
  json_object_set_string_member (entry, "kind", kind);
  if (client_id != 0)
    json_object_set_int_member (entry, "client", client_id);
  if (method != NULL)
    json_object_set_string_member (entry, "method", method);
  if (path != NULL)
    json_object_set_string_member (entry, "path", path);
  if (body != NULL)
    {
      gsize len = strlen (body);

      if (len > DEMO_LOG_BODY_LIMIT)
        {
          g_autofree char *cut = g_strndup (body, 200);

          json_object_set_string_member (entry, "body", cut);
          json_object_set_int_member (entry, "length", (gint64) len);
        }
      else
        json_object_set_string_member (entry, "body", body);
    }

  g_queue_push_tail (&self->log, entry);
  while (self->log.length > DEMO_LOG_LIMIT)
    json_object_unref (g_queue_pop_head (&self->log));
}

static JsonObject *
counts_to_object (GHashTable *table)
{
  JsonObject *object = json_object_new ();
  g_autoptr(GList) keys = g_hash_table_get_keys (table);

  keys = g_list_sort (keys, (GCompareFunc) strcmp);
  for (GList *l = keys; l != NULL; l = l->next)
    json_object_set_int_member (object, l->data,
                                GPOINTER_TO_UINT (g_hash_table_lookup (table, l->data)));

  return object;
}

/**
 * galley_demo_server_dup_stats:
 *
 * Returns: (transfer full): the counters of GET /_demo/stats
 */
JsonObject *
galley_demo_server_dup_stats (GalleyDemoServer *self)
{
  JsonObject *stats;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), NULL);

  stats = json_object_new ();
  json_object_set_int_member (stats, "connections_opened", self->connections_opened);
  json_object_set_int_member (stats, "connections_open", g_hash_table_size (self->clients));
  json_object_set_int_member (stats, "clients_authenticated",
                              galley_demo_server_get_clients_authenticated (self));
  json_object_set_int_member (stats, "auth_ok", self->auth_ok);
  json_object_set_int_member (stats, "auth_failed", self->auth_failed);
  json_object_set_int_member (stats, "malformed_in", self->malformed_in);
  json_object_set_int_member (stats, "orders_generated", self->orders_generated);
  json_object_set_int_member (stats, "orders_created", self->orders_created);
  json_object_set_int_member (stats, "orders_held", self->orders->len);
  json_object_set_int_member (stats, "seed", self->seed);
  json_object_set_object_member (stats, "frames_in", counts_to_object (self->frames_in));
  json_object_set_object_member (stats, "frames_out", counts_to_object (self->frames_out));
  json_object_set_object_member (stats, "rest", counts_to_object (self->rest_counts));

  return stats;
}

/**
 * galley_demo_server_dup_log:
 *
 * Returns: (transfer full): the transcript of GET /_demo/log, oldest first
 */
JsonArray *
galley_demo_server_dup_log (GalleyDemoServer *self)
{
  JsonArray *array;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), NULL);

  array = json_array_sized_new (self->log.length);
  for (GList *l = self->log.head; l != NULL; l = l->next)
    json_array_add_object_element (array, json_object_ref (l->data));

  return array;
}

void
galley_demo_server_clear_log (GalleyDemoServer *self)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  g_queue_clear_full (&self->log, (GDestroyNotify) json_object_unref);
}

/* ------------------------------------------------------------------ GObject */

static void
galley_demo_server_dispose (GObject *object)
{
  GalleyDemoServer *self = GALLEY_DEMO_SERVER (object);

  /* 1. sources; 4. streams: stop() removes the timer, closes every socket and the listener */
  galley_demo_server_stop (self);
  g_clear_handle_id (&self->timer_id, g_source_remove);

  G_OBJECT_CLASS (galley_demo_server_parent_class)->dispose (object);
}

static void
galley_demo_server_finalize (GObject *object)
{
  GalleyDemoServer *self = GALLEY_DEMO_SERVER (object);

  g_assert (self->timer_id == 0);
  g_assert (self->server == NULL);
  g_assert (self->listener == NULL);
  g_assert (g_hash_table_size (self->clients) == 0);

  g_queue_clear_full (&self->timers, (GDestroyNotify) timer_free);
  g_queue_clear_full (&self->log, (GDestroyNotify) json_object_unref);
  g_clear_pointer (&self->clients, g_hash_table_unref);
  g_clear_pointer (&self->orders_by_id, g_hash_table_unref);
  g_clear_pointer (&self->orders, g_ptr_array_unref);
  g_clear_pointer (&self->idempotency, g_hash_table_unref);
  g_clear_pointer (&self->categories, json_array_unref);
  g_clear_pointer (&self->items, json_array_unref);
  g_clear_pointer (&self->tables, json_array_unref);
  g_clear_pointer (&self->refresh_tokens, g_hash_table_unref);
  g_clear_pointer (&self->pin_failures, g_hash_table_unref);
  g_clear_pointer (&self->pin_locked_until, g_hash_table_unref);
  g_clear_pointer (&self->delay_path, g_free);
  g_clear_pointer (&self->stall_paths, g_ptr_array_unref);
  g_clear_pointer (&self->stalled, g_ptr_array_unref);
  g_clear_pointer (&self->rest_error_path, g_free);
  g_clear_pointer (&self->held_events, g_hash_table_unref);
  g_clear_pointer (&self->frames_in, g_hash_table_unref);
  g_clear_pointer (&self->frames_out, g_hash_table_unref);
  g_clear_pointer (&self->rest_counts, g_hash_table_unref);
  g_clear_pointer (&self->rand, g_rand_free);

  G_OBJECT_CLASS (galley_demo_server_parent_class)->finalize (object);
}

static void
galley_demo_server_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GalleyDemoServer *self = GALLEY_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_PORT:
      g_value_set_uint (value, self->server != NULL ? self->port : self->port_requested);
      break;

    case PROP_SEED:
      g_value_set_int64 (value, self->seed);
      break;

    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;

    case PROP_VIRTUAL_CLOCK:
      g_value_set_boolean (value, self->virtual_clock);
      break;

    case PROP_AUTO_PROGRESS:
      g_value_set_boolean (value, self->auto_progress);
      break;

    case PROP_HEARTBEAT_MS:
      g_value_set_uint (value, self->heartbeat_ms);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->server != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_demo_server_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GalleyDemoServer *self = GALLEY_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_PORT:
      self->port_requested = g_value_get_uint (value);
      break;

    case PROP_SEED:
      self->seed = g_value_get_int64 (value);
      if (self->rand != NULL && self->seed >= 0)
        g_rand_set_seed (self->rand, (guint32) self->seed);
      break;

    case PROP_RATE:
      self->rate = g_value_get_double (value);
      if (self->server != NULL)
        _galley_demo_server_schedule_next_generation (self);
      break;

    case PROP_VIRTUAL_CLOCK:
      self->virtual_clock = g_value_get_boolean (value);
      break;

    case PROP_AUTO_PROGRESS:
      self->auto_progress = g_value_get_boolean (value);
      break;

    case PROP_HEARTBEAT_MS:
      self->heartbeat_ms = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_demo_server_class_init (GalleyDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = galley_demo_server_dispose;
  object_class->finalize = galley_demo_server_finalize;
  object_class->get_property = galley_demo_server_get_property;
  object_class->set_property = galley_demo_server_set_property;

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEED] =
    g_param_spec_int64 ("seed", NULL, NULL, -1, G_MAXUINT32, -1,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, 0.0, 6000.0, 2.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIRTUAL_CLOCK] =
    g_param_spec_boolean ("virtual-clock", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_PROGRESS] =
    g_param_spec_boolean ("auto-progress", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEARTBEAT_MS] =
    g_param_spec_uint ("heartbeat-ms", NULL, NULL, 10, G_MAXUINT, 60000,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_demo_server_init (GalleyDemoServer *self)
{
  self->seed = -1;
  self->rate = 2.0;
  self->heartbeat_ms = 60000;
  self->items_min = 1;
  self->items_max = 6;
  self->modifier_rate = 0.4;
  self->scheduled_rate = 0.05;
  self->type_mix[0] = 0.50;
  self->type_mix[1] = 0.20;
  self->type_mix[2] = 0.15;
  self->type_mix[3] = 0.10;
  self->type_mix[4] = 0.05;

  self->strict_transitions = TRUE;
  self->sync_complete_empty = TRUE;
  self->drop_snake_case_create_fields = TRUE;
  self->auth_frame_overrides_claim = TRUE;
  self->no_auth_timeout = TRUE;

  self->virtual_now_us = VIRTUAL_EPOCH_US;
  g_queue_init (&self->timers);
  g_queue_init (&self->log);

  self->clients = g_hash_table_new_full (NULL, NULL, NULL,
                                         (GDestroyNotify) _galley_demo_server_client_free);
  self->orders = g_ptr_array_new_with_free_func ((GDestroyNotify) _galley_demo_server_order_free);
  self->orders_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->idempotency = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->refresh_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pin_failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pin_locked_until = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->stall_paths = g_ptr_array_new_with_free_func (g_free);
  self->stalled = g_ptr_array_new_with_free_func (g_object_unref);
  self->held_events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) json_object_unref);
  self->frames_in = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->frames_out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rest_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* ------------------------------------------------------------------ public API */

/**
 * galley_demo_server_new:
 *
 * Returns: (transfer full): a stopped demo server with the defaults of spec §7.2
 */
GalleyDemoServer *
galley_demo_server_new (void)
{
  return g_object_new (GALLEY_TYPE_DEMO_SERVER, NULL);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  GalleyDemoServer *self = user_data;
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  g_autoptr(GError) error = NULL;

  if (self->server == NULL ||
      !soup_server_accept_iostream (self->server, G_IO_STREAM (connection), local, remote, &error))
    g_debug ("Connection not accepted: %s", error != NULL ? error->message : "server stopped");

  return TRUE;
}

/**
 * galley_demo_server_start:
 *
 * Seeds the data, listens on 127.0.0.1 (port 0 picks a free one) and starts generating.
 *
 * Returns: whether the server is listening
 */
gboolean
galley_demo_server_start (GalleyDemoServer  *self,
                          GError           **error)
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSocketService) listener = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), FALSE);

  if (self->server != NULL)
    return TRUE;

  if (self->seed < 0)
    {
      self->seed = g_random_int ();
      g_message ("Demo server seed: %" G_GINT64_FORMAT " (use it to repeat this run)",
                 self->seed);
    }
  /* one stream for the object's life: reseeding on a restart would replay the ids in use */
  if (self->rand == NULL)
    self->rand = g_rand_new_with_seed ((guint32) self->seed);

  server = soup_server_new ("server-header", "galley-demo-server ", NULL);
  soup_server_add_handler (server, NULL, _galley_demo_server_http_cb, self, NULL);
  soup_server_add_websocket_handler (server, NULL, NULL, NULL,
                                     _galley_demo_server_ws_cb, self, NULL);

  /* Listen with our own GSocketService and hand each connection to the SoupServer: libsoup
   * 3.2.3's listener never releases an accepted GSocket nor its local address (fixed in 3.4). */
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, (guint16) self->port_requested);
  listener = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (listener), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, &local_error))
    {
      g_socket_listener_close (G_SOCKET_LISTENER (listener));
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Cannot listen on 127.0.0.1:%u: ", self->port_requested);
      return FALSE;
    }
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->listener = g_steal_pointer (&listener);
  self->incoming_id = g_signal_connect (self->listener, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->listener);

  self->server = g_steal_pointer (&server);
  self->down = FALSE;

  _galley_demo_server_seed_data (self);
  _galley_demo_server_schedule (self, (gint64) self->heartbeat_ms * 1000,
                                DEMO_TIMER_HEARTBEAT, 0, NULL, NULL);
  _galley_demo_server_schedule_next_generation (self);

  g_debug ("Demo server listening on http://127.0.0.1:%u", self->port);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  return TRUE;
}

/**
 * galley_demo_server_stop:
 *
 * Closes every WebSocket with 1001 "Server shutting down", answers stalled requests, stops
 * every timer and the listener. Safe to call twice.
 */
void
galley_demo_server_stop (GalleyDemoServer *self)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  if (self->server == NULL)
    return;

  _galley_demo_server_cancel_timers (self, DEMO_TIMER_REST_RESUME);   /* answers delayed calls */
  _galley_demo_server_close_all (self, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "Server shutting down");
  /* clients still closing are let go: their sockets close with the connection objects */
  g_hash_table_remove_all (self->clients);
  _galley_demo_server_release_stalled (self);

  g_queue_clear_full (&self->timers, (GDestroyNotify) timer_free);
  g_clear_handle_id (&self->timer_id, g_source_remove);

  g_clear_signal_handler (&self->incoming_id, self->listener);
  g_socket_service_stop (self->listener);
  g_socket_listener_close (G_SOCKET_LISTENER (self->listener));
  g_clear_object (&self->listener);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gboolean
galley_demo_server_get_running (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), FALSE);

  return self->server != NULL;
}

guint
galley_demo_server_get_port (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), 0);

  return self->port;
}

/**
 * galley_demo_server_dup_base_url:
 *
 * Returns: (transfer full): "http://127.0.0.1:PORT"
 */
char *
galley_demo_server_dup_base_url (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), NULL);

  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

gint64
galley_demo_server_get_seed (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), -1);

  return self->seed;
}

const char *
galley_demo_server_get_restaurant_id (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), NULL);

  return GALLEY_DEMO_RESTAURANT_ID;
}

guint
galley_demo_server_get_orders_generated (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), 0);

  return self->orders_generated;
}

guint
galley_demo_server_get_n_orders (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), 0);

  return self->orders->len;
}

guint
galley_demo_server_get_clients (GalleyDemoServer *self)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), 0);

  return g_hash_table_size (self->clients);
}

guint
galley_demo_server_get_clients_authenticated (GalleyDemoServer *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), 0);

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += ((DemoClient *) value)->authenticated;

  return n;
}

/**
 * galley_demo_server_generate:
 *
 * Creates @count orders now, as the generator would, and broadcasts them.
 */
void
galley_demo_server_generate (GalleyDemoServer *self,
                             guint             count)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));
  g_return_if_fail (self->rand != NULL);

  for (guint i = 0; i < count; i++)
    _galley_demo_server_generate_one (self, TRUE);
}

/**
 * galley_demo_server_dup_orders:
 *
 * Returns: (transfer full): copies of every order row, oldest first
 */
JsonArray *
galley_demo_server_dup_orders (GalleyDemoServer *self)
{
  JsonArray *array;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), NULL);

  array = json_array_sized_new (self->orders->len);
  for (guint i = 0; i < self->orders->len; i++)
    {
      DemoOrder *order = g_ptr_array_index (self->orders, i);

      json_array_add_object_element (array, _galley_demo_server_copy_object (order->row));
    }

  return array;
}

/**
 * galley_demo_server_dup_order:
 *
 * Returns: (transfer full) (nullable): a copy of the order row with @id
 */
JsonObject *
galley_demo_server_dup_order (GalleyDemoServer *self,
                              const char       *id)
{
  DemoOrder *order;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), NULL);

  order = _galley_demo_server_find_order (self, id);
  if (order == NULL)
    return NULL;

  return _galley_demo_server_copy_object (order->row);
}

/**
 * galley_demo_server_set_order_status:
 * @broadcast: whether connected clients hear of it (FALSE: a change they miss)
 *
 * Changes an order's status as another terminal would, with the transition rules.
 */
gboolean
galley_demo_server_set_order_status (GalleyDemoServer  *self,
                                     const char        *id,
                                     const char        *status,
                                     gboolean           broadcast,
                                     GError           **error)
{
  DemoOrder *order;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), FALSE);

  order = _galley_demo_server_find_order (self, id);
  if (order == NULL)
    {
      g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID,
                   "No order %s", id);
      return FALSE;
    }

  return _galley_demo_server_change_status (self, order, status, NULL, broadcast, error);
}

/* ------------------------------------------------------------------ settings */

static gboolean
parse_bool (const char *value,
            gboolean   *out)
{
  if (g_strcmp0 (value, "1") == 0 || g_ascii_strcasecmp (value, "true") == 0 ||
      g_ascii_strcasecmp (value, "on") == 0 || g_ascii_strcasecmp (value, "yes") == 0)
    *out = TRUE;
  else if (g_strcmp0 (value, "0") == 0 || g_ascii_strcasecmp (value, "false") == 0 ||
           g_ascii_strcasecmp (value, "off") == 0 || g_ascii_strcasecmp (value, "no") == 0)
    *out = FALSE;
  else
    return FALSE;

  return TRUE;
}

static gboolean *
quirk_flag (GalleyDemoServer *self,
            const char       *name)
{
  static const struct { const char *name; gsize offset; } flags[] = {
    { "strict_transitions", G_STRUCT_OFFSET (GalleyDemoServer, strict_transitions) },
    { "sync_complete_empty", G_STRUCT_OFFSET (GalleyDemoServer, sync_complete_empty) },
    { "drop_snake_case_create_fields",
      G_STRUCT_OFFSET (GalleyDemoServer, drop_snake_case_create_fields) },
    { "auth_frame_overrides_claim",
      G_STRUCT_OFFSET (GalleyDemoServer, auth_frame_overrides_claim) },
    { "no_auth_timeout", G_STRUCT_OFFSET (GalleyDemoServer, no_auth_timeout) },
    { "extended_events", G_STRUCT_OFFSET (GalleyDemoServer, extended_events) },
    { "seq_numbers", G_STRUCT_OFFSET (GalleyDemoServer, seq_numbers) },
    { "idempotency_key", G_STRUCT_OFFSET (GalleyDemoServer, idempotency_key) },
    { "auto_progress", G_STRUCT_OFFSET (GalleyDemoServer, auto_progress) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    if (g_strcmp0 (flags[i].name, name) == 0)
      return G_STRUCT_MEMBER_P (self, flags[i].offset);

  return NULL;
}

static gboolean
invalid (GError     **error,
         const char  *name,
         const char  *value)
{
  g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID,
               "Invalid value for demo setting %s: %s", name, value != NULL ? value : "(none)");
  return FALSE;
}

static const char * const option_names[] = {
  "rate", "seed", "clock", "port", "heartbeat_ms", "items_min", "items_max", "modifier_rate",
  "scheduled_rate", "auto_progress", "strict_transitions", "sync_complete_empty",
  "drop_snake_case_create_fields", "auth_frame_overrides_claim", "no_auth_timeout",
  "extended_events", "seq_numbers", "idempotency_key", NULL
};

/* Applies one setting, or with @dry_run only checks it. */
static gboolean
apply_option (GalleyDemoServer  *self,
              const char        *name,
              const char        *value,
              gboolean           dry_run,
              GError           **error)
{
  gboolean *flag;
  gboolean b;
  char *end = NULL;
  double d;

  if (!g_strv_contains (option_names, name))
    {
      g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID,
                   "Unknown demo setting %s", name);
      return FALSE;
    }

  if (value == NULL)
    return invalid (error, name, value);

  if ((flag = quirk_flag (self, name)) != NULL)
    {
      if (!parse_bool (value, &b))
        return invalid (error, name, value);
      if (!dry_run)
        *flag = b;
      return TRUE;
    }

  if (strcmp (name, "clock") == 0)
    {
      if (strcmp (value, "real") != 0 && strcmp (value, "virtual") != 0)
        return invalid (error, name, value);
      if (!dry_run)
        {
          self->virtual_clock = strcmp (value, "virtual") == 0;
          if (self->server != NULL)
            arm_real_timer (self);
        }
      return TRUE;
    }

  d = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !isfinite (d))
    return invalid (error, name, value);

  if (strcmp (name, "rate") == 0)
    {
      if (d < 0 || d > 6000)
        return invalid (error, name, value);
      if (!dry_run)
        g_object_set (self, "rate", d, NULL);
    }
  else if (strcmp (name, "seed") == 0)
    {
      if (d < 0 || d > G_MAXUINT32 || d != floor (d))
        return invalid (error, name, value);
      if (!dry_run)
        {
          self->seed = (gint64) d;
          if (self->rand != NULL)
            g_rand_set_seed (self->rand, (guint32) self->seed);
        }
    }
  else if (strcmp (name, "port") == 0)
    {
      if (d < 0 || d > 65535 || d != floor (d))
        return invalid (error, name, value);
      if (!dry_run)
        self->port_requested = (guint) d;
    }
  else if (strcmp (name, "heartbeat_ms") == 0)
    {
      if (d < 10 || d > G_MAXUINT || d != floor (d))
        return invalid (error, name, value);
      if (!dry_run)
        self->heartbeat_ms = (guint) d;
    }
  else if (strcmp (name, "items_min") == 0 || strcmp (name, "items_max") == 0)
    {
      if (d < 1 || d > 50 || d != floor (d))
        return invalid (error, name, value);
      if (!dry_run)
        {
          if (strcmp (name, "items_min") == 0)
            self->items_min = (guint) d;
          else
            self->items_max = (guint) d;
          if (self->items_max < self->items_min)
            self->items_max = self->items_min;
        }
    }
  else if (strcmp (name, "modifier_rate") == 0 || strcmp (name, "scheduled_rate") == 0)
    {
      if (d < 0 || d > 1)
        return invalid (error, name, value);
      if (!dry_run && strcmp (name, "modifier_rate") == 0)
        self->modifier_rate = d;
      else if (!dry_run)
        self->scheduled_rate = d;
    }
  else
    {
      g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID,
                   "Unknown demo setting %s", name);
      return FALSE;
    }

  return TRUE;
}

/**
 * galley_demo_server_set_option:
 * @name: a setting of spec §7.2 or a quirk flag, e.g. "rate", "clock", "seq_numbers"
 * @value: its value as text ("2.5", "virtual", "on")
 *
 * Used by the command line and the GALLEY_DEMO_* environment variables.
 */
gboolean
galley_demo_server_set_option (GalleyDemoServer  *self,
                               const char        *name,
                               const char        *value,
                               GError           **error)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return apply_option (self, name, value, FALSE, error);
}

static char *
node_to_text (JsonNode *node)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    default:
      return NULL;
    }
}


/**
 * galley_demo_server_list_options:
 *
 * Returns: (transfer none): the names galley_demo_server_set_option() accepts
 */
const char * const *
galley_demo_server_list_options (void)
{
  return option_names;
}

/**
 * galley_demo_server_apply_environment:
 *
 * Applies GALLEY_DEMO_<NAME> variables (GALLEY_DEMO_RATE, GALLEY_DEMO_SEED,
 * GALLEY_DEMO_CLOCK, GALLEY_DEMO_SEQ_NUMBERS, ...) so tests and scripts need no UI.
 */
gboolean
galley_demo_server_apply_environment (GalleyDemoServer  *self,
                                      GError           **error)
{
  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), FALSE);

  for (guint i = 0; option_names[i] != NULL; i++)
    {
      g_autofree char *upper = g_ascii_strup (option_names[i], -1);
      g_autofree char *var = g_strconcat ("GALLEY_DEMO_", upper, NULL);
      const char *value = g_getenv (var);

      if (value != NULL && !galley_demo_server_set_option (self, option_names[i], value, error))
        {
          g_prefix_error (error, "%s: ", var);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
configure_type_mix (GalleyDemoServer  *self,
                    JsonObject        *mix,
                    gboolean           dry_run,
                    GError           **error)
{
  static const char * const keys[] = { "dine-in", "takeout", "online", "drive-thru", "delivery" };
  double values[5] = { 0 };
  double total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      if (json_object_has_member (mix, keys[i]) &&
          (!galley_json_get_number (mix, keys[i], &values[i]) || values[i] < 0))
        return invalid (error, "type_mix", keys[i]);
      total += values[i];
    }

  if (total <= 0)
    return invalid (error, "type_mix", "(all zero)");

  for (guint i = 0; i < G_N_ELEMENTS (keys) && !dry_run; i++)
    self->type_mix[i] = values[i] / total;

  return TRUE;
}

/**
 * galley_demo_server_configure:
 * @settings: members named as in galley_demo_server_set_option(), with JSON values
 *
 * Applies every member, or none if one is invalid.
 */
gboolean
galley_demo_server_configure (GalleyDemoServer  *self,
                              JsonObject        *settings,
                              GError           **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);

  /* a dry run first, so that one bad member changes nothing */
  for (int pass = 0; pass < 2; pass++)
    {
      json_object_iter_init_ordered (&iter, settings);
      while (json_object_iter_next_ordered (&iter, &name, &node))
        {
          g_autofree char *text = NULL;

          if (strcmp (name, "type_mix") == 0)
            {
              if (!JSON_NODE_HOLDS_OBJECT (node))
                return invalid (error, name, "(not an object)");
              if (!configure_type_mix (self, json_node_get_object (node), pass == 0, error))
                return FALSE;
              continue;
            }

          text = node_to_text (node);
          if (text == NULL)
            return invalid (error, name, "(not a value)");
          if (!apply_option (self, name, text, pass == 0, error))
            return FALSE;
        }
    }

  return TRUE;
}
