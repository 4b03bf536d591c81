/* galley-demo-server-clock.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo server's clock and timer queue (real or virtual time, one source armed for the
 * head of the queue), its ids, and the stats and transcript it keeps for the tests.
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include <string.h>

#include "demo/galley-demo-server-private.h"
#include "util/galley-source.h"
#include "util/galley-time.h"

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

void
_galley_demo_server_timer_free (DemoTimer *timer)
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
      _galley_demo_server_timer_free (head);

      if (self->server == NULL)
        break;
    }

  _galley_demo_server_arm_real_timer (self);

  return G_SOURCE_REMOVE;
}

void
_galley_demo_server_arm_real_timer (GalleyDemoServer *self)
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
  _galley_demo_server_arm_real_timer (self);
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
          _galley_demo_server_timer_free (timer);
        }
      l = next;
    }

  _galley_demo_server_arm_real_timer (self);
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

    case DEMO_TIMER_EDIT:
      _galley_demo_server_edits_due (self);
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
      _galley_demo_server_timer_free (head);
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
  json_object_set_int_member (stats, "orders_edited", self->orders_edited);
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
