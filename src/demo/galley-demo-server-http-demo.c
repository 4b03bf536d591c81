/* galley-demo-server-http-demo.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo server's control surface (spec §7.3): the /_demo routes that drive and inspect
 * it (and POST /_demo/edit, the order edits of galley-demo-server-edits.c), and the C API of
 * its fault hooks.
 */
#define G_LOG_DOMAIN "galley-demo-server"

#include <string.h>

#include "demo/galley-demo-server-private.h"
#include "util/galley-json.h"

/* ------------------------------------------------------------------ /_demo */

static gboolean
parse_enum (const char  *text,
            const char * const *names,
            guint        n_names,
            guint       *out)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], text) == 0)
      {
        *out = i;
        return TRUE;
      }

  return FALSE;
}

static gint64
param_int (JsonObject *params,
           const char *name,
           gint64      fallback)
{
  gint64 value;

  return galley_json_get_int (params, name, &value) ? value : fallback;
}

static const char *
param_string (JsonObject *params,
              const char *name)
{
  const char *value = NULL;

  galley_json_get_string (params, name, &value);

  return value;
}

static gboolean
bad_param (GError     **error,
           const char  *hook,
           const char  *param)
{
  g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID,
               "Fault %s: invalid or missing parameter %s", hook, param);
  return FALSE;
}

/**
 * galley_demo_server_fault:
 * @params: {"hook": "<name>", ...parameters} as in spec §7.3
 *
 * Arms a fault by name; the body of POST /_demo/fault.
 */
gboolean
galley_demo_server_fault (GalleyDemoServer  *self,
                          JsonObject        *params,
                          GError           **error)
{
  static const char * const drop_modes[] = { "close", "abort", "silent" };
  static const char * const malformed[] = {
    "truncated", "not_json", "not_object", "no_type", "wrong_payload_type"
  };
  static const char * const reject_modes[] = {
    "none", "auth_failed", "auth_required", "close_1008_only", "no_reply"
  };
  const char *hook;
  guint value;

  g_return_val_if_fail (GALLEY_IS_DEMO_SERVER (self), FALSE);

  hook = param_string (params, "hook");
  if (hook == NULL)
    return bad_param (error, "(none)", "hook");

  if (self->server == NULL && strcmp (hook, "restart") != 0)
    {
      g_set_error_literal (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_NOT_RUNNING,
                           "The demo server is not running");
      return FALSE;
    }

  if (strcmp (hook, "drop_connection") == 0)
    {
      if (!parse_enum (param_string (params, "mode") != NULL ? param_string (params, "mode")
                                                             : "close",
                       drop_modes, G_N_ELEMENTS (drop_modes), &value))
        return bad_param (error, hook, "mode");
      galley_demo_server_drop_connections (self, value, (gushort) param_int (params, "code", 1001),
                                           param_string (params, "reason"));
    }
  else if (strcmp (hook, "malformed_json") == 0)
    {
      if (!parse_enum (param_string (params, "kind") != NULL ? param_string (params, "kind")
                                                             : "not_json",
                       malformed, G_N_ELEMENTS (malformed), &value))
        return bad_param (error, hook, "kind");
      galley_demo_server_send_malformed (self, value, (guint) param_int (params, "count", 1));
    }
  else if (strcmp (hook, "unknown_type") == 0)
    galley_demo_server_send_unknown_type (self, param_string (params, "type"),
                                          (guint) param_int (params, "count", 1));
  else if (strcmp (hook, "oversized_frame") == 0)
    galley_demo_server_send_oversized (self, (gsize) param_int (params, "bytes", 2 * 1024 * 1024));
  else if (strcmp (hook, "delay") == 0)
    galley_demo_server_set_delay (self, (guint) param_int (params, "ws_ms", 0),
                                  (guint) param_int (params, "rest_ms", 0),
                                  (guint) param_int (params, "jitter_ms", 0),
                                  param_string (params, "path"));
  else if (strcmp (hook, "stall_rest") == 0)
    galley_demo_server_stall_rest (self, param_string (params, "path"));
  else if (strcmp (hook, "rest_error") == 0)
    {
      gint64 status = param_int (params, "status", 500);

      if (status < 400 || status > 599)
        return bad_param (error, hook, "status");
      galley_demo_server_fail_rest (self, param_string (params, "path"), (guint) status,
                                    (guint) param_int (params, "count", 1));
    }
  else if (strcmp (hook, "reject_auth") == 0)
    {
      if (!parse_enum (param_string (params, "mode") != NULL ? param_string (params, "mode")
                                                             : "auth_failed",
                       reject_modes, G_N_ELEMENTS (reject_modes), &value))
        return bad_param (error, hook, "mode");
      galley_demo_server_reject_auth (self, value);
    }
  else if (strcmp (hook, "expire_tokens") == 0)
    galley_demo_server_expire_tokens (self);
  else if (strcmp (hook, "duplicate_event") == 0)
    galley_demo_server_duplicate_events (self, (guint) param_int (params, "count", 1));
  else if (strcmp (hook, "reorder_events") == 0)
    galley_demo_server_reorder_events (self, (guint) param_int (params, "window", 1));
  else if (strcmp (hook, "suppress_broadcasts") == 0)
    galley_demo_server_suppress_broadcasts (self, (int) param_int (params, "count", -1));
  else if (strcmp (hook, "skip_seq") == 0)
    galley_demo_server_skip_seq (self, (guint) param_int (params, "count", 1));
  else if (strcmp (hook, "restart") == 0)
    {
      gboolean refuse = FALSE;

      galley_json_get_bool (params, "refuse_rest", &refuse);
      galley_demo_server_restart (self, (guint) param_int (params, "downtime_ms", 2000),
                                  (guint) param_int (params, "missed_events", 0), refuse);
    }
  else
    {
      g_set_error (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_INVALID,
                   "Unknown fault hook %s", hook);
      return FALSE;
    }

  g_debug ("Fault armed: %s", hook);

  return TRUE;
}

/* POST /_demo/edit {"order_id": …, "kind": …, …params}: the edited row, or 404, 409, 400 */
static void
route_edit (GalleyDemoServer  *self,
            SoupServerMessage *msg,
            JsonObject        *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;
  GalleyDemoEditKind kind;
  const char *order_id = param_string (body, "order_id");

  if (order_id == NULL)
    {
      _galley_demo_server_respond_error_string (msg, SOUP_STATUS_BAD_REQUEST,
                                                "Edit: invalid or missing parameter order_id");
      return;
    }
  if (!galley_demo_server_edit_kind_from_string (param_string (body, "kind"), &kind))
    {
      _galley_demo_server_respond_error_string (msg, SOUP_STATUS_BAD_REQUEST,
                                                "Edit: kind must be quantity, add, void, "
                                                "modifier or cancel");
      return;
    }

  row = galley_demo_server_edit_order (self, order_id, kind, body, &error);
  if (row == NULL)
    {
      guint status = SOUP_STATUS_BAD_REQUEST;

      if (g_error_matches (error, GALLEY_DEMO_SERVER_ERROR, GALLEY_DEMO_SERVER_ERROR_NOT_FOUND))
        status = SOUP_STATUS_NOT_FOUND;
      else if (g_error_matches (error, GALLEY_DEMO_SERVER_ERROR,
                                GALLEY_DEMO_SERVER_ERROR_CONFLICT))
        status = SOUP_STATUS_CONFLICT;
      _galley_demo_server_respond_error_string (msg, status, error->message);
      return;
    }

  _galley_demo_server_respond_object (msg, SOUP_STATUS_OK, row);
}

void
_galley_demo_server_route_demo (GalleyDemoServer  *self,
                                SoupServerMessage *msg,
                                const char        *what,
                                JsonObject        *body)
{
  g_autoptr(GError) error = NULL;
  GInetSocketAddress *remote = G_INET_SOCKET_ADDRESS (soup_server_message_get_remote_address (msg));
  gboolean post = strcmp (soup_server_message_get_method (msg), "POST") == 0;

  /* loopback only: the control API is never part of the upstream surface */
  if (remote == NULL ||
      !g_inet_address_get_is_loopback (g_inet_socket_address_get_address (remote)))
    {
      _galley_demo_server_respond_error_string (msg, SOUP_STATUS_FORBIDDEN,
                                                "Demo control is loopback only");
      return;
    }

  if (post && strcmp (what, "fault") == 0)
    {
      if (!galley_demo_server_fault (self, body, &error))
        {
          _galley_demo_server_respond_error_string (msg, SOUP_STATUS_BAD_REQUEST, error->message);
          return;
        }
    }
  else if (post && strcmp (what, "clear") == 0)
    galley_demo_server_clear_faults (self);
  else if (post && strcmp (what, "generate") == 0)
    galley_demo_server_generate (self, (guint) CLAMP (param_int (body, "count", 1), 0, 10000));
  else if (post && strcmp (what, "advance") == 0)
    galley_demo_server_advance (self, (guint64) MAX (param_int (body, "ms", 0), 0));
  else if (post && strcmp (what, "edit") == 0)
    {
      route_edit (self, msg, body);
      return;
    }
  else if (post && strcmp (what, "config") == 0)
    {
      if (!galley_demo_server_configure (self, body, &error))
        {
          _galley_demo_server_respond_error_string (msg, SOUP_STATUS_BAD_REQUEST, error->message);
          return;
        }
    }
  else if (!post && strcmp (what, "stats") == 0)
    {
      g_autoptr(JsonObject) stats = galley_demo_server_dup_stats (self);

      _galley_demo_server_respond_object (msg, SOUP_STATUS_OK, stats);
      return;
    }
  else if (!post && strcmp (what, "log") == 0)
    {
      g_autoptr(JsonArray) log = galley_demo_server_dup_log (self);

      _galley_demo_server_respond_array (msg, SOUP_STATUS_OK, log);
      return;
    }
  else
    {
      _galley_demo_server_respond_error_string (msg, SOUP_STATUS_NOT_FOUND, "Unknown demo control");
      return;
    }

  {
    g_autoptr(JsonObject) reply = json_object_new ();

    json_object_set_boolean_member (reply, "ok", TRUE);
    _galley_demo_server_respond_object (msg, SOUP_STATUS_OK, reply);
  }
}

/* ------------------------------------------------------------------ fault setters */

void
galley_demo_server_set_delay (GalleyDemoServer *self,
                              guint             ws_ms,
                              guint             rest_ms,
                              guint             jitter_ms,
                              const char       *path_filter)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  self->ws_delay_ms = ws_ms;
  self->rest_delay_ms = rest_ms;
  self->delay_jitter_ms = jitter_ms;
  g_free (self->delay_path);
  self->delay_path = g_strdup (path_filter);
}

void
galley_demo_server_stall_rest (GalleyDemoServer *self,
                               const char       *path_filter)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  g_ptr_array_add (self->stall_paths, g_strdup (path_filter != NULL ? path_filter : ""));
}

void
galley_demo_server_fail_rest (GalleyDemoServer *self,
                              const char       *path_filter,
                              guint             status,
                              guint             count)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));
  g_return_if_fail (status >= 400 && status <= 599);

  g_free (self->rest_error_path);
  self->rest_error_path = g_strdup (path_filter);
  self->rest_error_status = status;
  self->rest_error_count = count;
}

void
galley_demo_server_reject_auth (GalleyDemoServer     *self,
                                GalleyDemoRejectMode  mode)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  self->reject_auth = mode;
}

void
galley_demo_server_expire_tokens (GalleyDemoServer *self)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  self->expire_tokens = TRUE;
}

void
galley_demo_server_duplicate_events (GalleyDemoServer *self,
                                     guint             count)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  self->duplicate_count = count;
}

void
galley_demo_server_reorder_events (GalleyDemoServer *self,
                                   guint             window)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  self->reorder_window = window;
}

/**
 * galley_demo_server_suppress_broadcasts:
 * @count: how many order events to swallow, or -1 until cleared
 */
void
galley_demo_server_suppress_broadcasts (GalleyDemoServer *self,
                                        int               count)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  self->suppress_count = count;
}

/**
 * galley_demo_server_restart:
 *
 * Simulates a restart: every socket is closed with 1001, upgrades (and with @refuse_rest,
 * REST calls) are refused for @downtime_ms, and @missed_events changes are made that no
 * client hears of.
 */
void
galley_demo_server_restart (GalleyDemoServer *self,
                            guint             downtime_ms,
                            guint             missed_events,
                            gboolean          refuse_rest)
{
  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  if (self->server == NULL)
    return;

  g_message ("Demo server simulating a restart (%u ms down, %u missed changes)",
             downtime_ms, missed_events);

  _galley_demo_server_close_all (self, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "Server shutting down");
  self->down = TRUE;
  self->refuse_rest = refuse_rest;
  _galley_demo_server_apply_missed (self, missed_events);
  _galley_demo_server_cancel_timers (self, DEMO_TIMER_RESTART_END);
  _galley_demo_server_schedule (self, (gint64) downtime_ms * 1000, DEMO_TIMER_RESTART_END, 0,
                                NULL, NULL);
}

/**
 * galley_demo_server_clear_faults:
 *
 * Clears every fault: held events are sent, stalled requests answered, a restart ends.
 */
void
galley_demo_server_clear_faults (GalleyDemoServer *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (GALLEY_IS_DEMO_SERVER (self));

  galley_demo_server_set_delay (self, 0, 0, 0, NULL);
  g_ptr_array_set_size (self->stall_paths, 0);
  _galley_demo_server_release_stalled (self);
  galley_demo_server_fail_rest (self, NULL, 500, 0);
  self->reject_auth = GALLEY_DEMO_REJECT_NONE;
  self->expire_tokens = FALSE;
  self->duplicate_count = 0;
  self->reorder_window = 0;
  _galley_demo_server_flush_held (self);
  self->suppress_count = 0;
  self->down = FALSE;
  self->refuse_rest = FALSE;
  if (self->server != NULL)
    _galley_demo_server_cancel_timers (self, DEMO_TIMER_RESTART_END);

  g_hash_table_iter_init (&iter, self->clients);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((DemoClient *) value)->silent = FALSE;
}
