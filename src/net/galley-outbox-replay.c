/* galley-outbox-replay.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyOutbox's send state machine (spec/order-protocol.md §6.5). Only the head of the
 * queue is ever worked on, one request at a time, and only while the link is live (R-OUT-2):
 *
 *   waiting ──(due, live)──▶ committed ──▶ GET and/or PATCH… ──▶ removed
 *      │  ▲                      │                ▲    │
 *      │  └─ galley-outbox-defer │                │    └─ failure: galley-outbox-retry
 *      └─ galley_outbox_cancel() └─ "committed"   └─ galley-outbox-kick (next step / entry)
 *
 * A deferred entry at the head waits for its undo window on the named timeout
 * galley-outbox-defer, and every entry behind it waits too: one global order. Each pass
 * starts by removing that timeout, so every state change re-derives it. Before each send
 * the wanted status is compared with the server's (R-OUT-3); an outcome that is unknown is
 * settled by reading the order again (R-OUT-4); failures are handled by R-OUT-5.
 *
 * Line status (PATCH /orders/:id/items/:item_id/status) is a Galley extension. When that
 * route answers 404, another 4xx (405 among them) or, repeatedly, 5xx (501 among them) for
 * an order the server still returns, the server lacks the extension: relaying lines stops
 * until the server changes, the entry and the later line entries are dropped without a
 * request, and nobody is shown a conflict (the kitchen keeps line state itself).
 */
#define G_LOG_DOMAIN "galley-outbox"

#include <glib/gi18n.h>

#include "net/galley-backoff.h"
#include "net/galley-outbox-private.h"
#include "util/galley-json.h"
#include "util/galley-source.h"
#include "util/galley-weak.h"

static void process_head (GalleyOutbox *self);

static gboolean
is_item_entry (GalleyOutboxEntry *entry)
{
  return g_strcmp0 (entry->kind, GALLEY_OUTBOX_KIND_ITEM_STATUS) == 0;
}

/* Removes the head entry from the database and the queue: it is done or dropped. */
static void
remove_head (GalleyOutbox *self)
{
  _galley_outbox_store_remove (self, self->entries.head, FALSE);
}

static gboolean
kick_cb (gpointer user_data)
{
  GalleyOutbox *self = user_data;

  self->kick_id = 0;
  process_head (self);

  return G_SOURCE_REMOVE;
}

/* Runs process_head() from the main loop, never re-entering it from a callback. */
static void
kick (GalleyOutbox *self)
{
  if (self->cancellable == NULL)
    return;   /* disposed (a signal handler may dispose us) */

  if (self->kick_id == 0 && self->retry_id == 0)
    self->kick_id = galley_idle_add_named ("galley-outbox-kick", kick_cb, self, NULL);
}

static gboolean
retry_cb (gpointer user_data)
{
  GalleyOutbox *self = user_data;

  self->retry_id = 0;
  process_head (self);

  return G_SOURCE_REMOVE;
}

void
_galley_outbox_replay_retry_later (GalleyOutbox      *self,
                                   GalleyOutboxEntry *entry)
{
  guint delay;

  entry->attempts++;
  delay = galley_backoff_delay_ms (entry->attempts, g_rand_double (self->rand),
                                   self->retry_base_ms, GALLEY_BACKOFF_CAP_MS);
  g_debug ("Retrying #%" G_GINT64_FORMAT " in %u ms", entry->seq, delay);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = galley_timeout_add_named ("galley-outbox-retry", delay, retry_cb, self, NULL);
}

static gboolean
defer_cb (gpointer user_data)
{
  GalleyOutbox *self = user_data;

  self->defer_id = 0;
  process_head (self);

  return G_SOURCE_REMOVE;
}

/* A change that can no longer be made: drop it and tell the person who made it. */
static void
drop_conflict (GalleyOutbox      *self,
               GalleyOutboxEntry *entry,
               const char        *message)
{
  g_autofree char *order_id = g_strdup (entry->order_id);
  g_autofree char *text = g_strdup (message);

  g_message ("Change #%" G_GINT64_FORMAT " for order %s dropped: %s", entry->seq, order_id, text);
  self->conflicts++;
  remove_head (self);
  _galley_outbox_emit_conflict (self, order_id, text);
}

static char *
status_words (GalleyOrderStatus status)
{
  switch (status)
    {
    case GALLEY_ORDER_STATUS_NEW:
      return g_strdup (_("new"));
    case GALLEY_ORDER_STATUS_PENDING:
      return g_strdup (_("pending"));
    case GALLEY_ORDER_STATUS_CONFIRMED:
      return g_strdup (_("confirmed"));
    case GALLEY_ORDER_STATUS_PREPARING:
      return g_strdup (_("being prepared"));
    case GALLEY_ORDER_STATUS_READY:
      return g_strdup (_("ready"));
    case GALLEY_ORDER_STATUS_PICKED_UP:
      return g_strdup (_("picked up"));
    case GALLEY_ORDER_STATUS_COMPLETED:
      return g_strdup (_("completed"));
    case GALLEY_ORDER_STATUS_CANCELLED:
      return g_strdup (_("cancelled"));
    case GALLEY_ORDER_STATUS_UNKNOWN:
    default:
      return g_strdup (_("in an unknown state"));
    }
}

static char *
order_label (GalleyOutbox *self,
             const char   *order_id)
{
  GalleyOrder *order = galley_order_store_lookup (self->store, order_id);
  g_autofree char *number = order != NULL ? galley_order_dup_display_number (order) : NULL;

  if (number != NULL)
    return g_strdup_printf (_("Order %s"), number);

  return g_strdup (_("An order"));
}

/* ------------------------------------------------------------------ line status */

static gboolean
row_has_item (JsonObject *row,
              const char *item_id)
{
  JsonArray *items = galley_json_get_array (row, "items");

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      const char *id = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          galley_json_get_string (json_node_get_object (node), "id", &id) &&
          g_strcmp0 (id, item_id) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The server has no line-status route: stop relaying lines until the server changes, and
 * drop the head entry quietly. */
static void
line_status_unsupported (GalleyOutbox      *self,
                         GalleyOutboxEntry *entry,
                         const char        *why)
{
  if (self->line_status_supported)
    g_info ("The restaurant server does not take line status (%s): lines stay on this "
            "terminal until Galley is set up for a server again", why);
  g_debug ("#%" G_GINT64_FORMAT ": line %s of order %s kept on this terminal", entry->seq,
           entry->item_id, entry->order_id);
  galley_outbox_set_line_status_supported (self, FALSE);
  remove_head (self);
  kick (self);
}

/* The order was read again after the line route failed: decide what the failure meant. */
static void
settle_route_check (GalleyOutbox      *self,
                    GalleyOutboxEntry *entry,
                    JsonObject        *row)
{
  GalleyOutboxRouteCheck check = entry->route_check;

  entry->route_check = GALLEY_OUTBOX_ROUTE_OK;

  switch (check)
    {
    case GALLEY_OUTBOX_ROUTE_NOT_FOUND:
      if (!row_has_item (row, entry->item_id))
        {
          /* the route is there; the line is not (any more) */
          g_debug ("#%" G_GINT64_FORMAT ": order %s has no line %s: dropped", entry->seq,
                   entry->order_id, entry->item_id);
          remove_head (self);
          kick (self);
          return;
        }
      line_status_unsupported (self, entry, "404 for a line the order has");
      return;

    case GALLEY_OUTBOX_ROUTE_REFUSED:
      line_status_unsupported (self, entry, "request refused");
      return;

    case GALLEY_OUTBOX_ROUTE_SERVER_ERROR:
      if (entry->server_errors >= GALLEY_OUTBOX_LINE_STATUS_SERVER_ERRORS)
        {
          line_status_unsupported (self, entry, "server errors on the line route only");
          return;
        }
      break;   /* perhaps passing: send it again */

    case GALLEY_OUTBOX_ROUTE_OK:
    default:
      break;
    }

  kick (self);
}

/* ------------------------------------------------------------------ outcomes */

/* Handles the outcome of a request that went wrong, by R-OUT-5. */
static void
handle_failure (GalleyOutbox      *self,
                GalleyOutboxEntry *entry,
                const GError      *error,
                gboolean           was_reread)
{
  g_autofree char *label = order_label (self, entry->order_id);
  g_autofree char *message = NULL;

  if (g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_INVALID_TRANSITION) ||
      g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_CONFLICT))
    {
      /* someone else moved the order: read it again and decide afresh */
      entry->need_reread = TRUE;
      kick (self);
    }
  else if (is_item_entry (entry) && !was_reread &&
           (g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_FOUND) ||
            g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_INVALID_REQUEST) ||
            g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_SERVER)))
    {
      /* the order gone, the line gone, or a server without the extension: the order,
       * read again, tells which (settle_route_check) */
      entry->need_reread = TRUE;
      if (g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_SERVER))
        {
          entry->route_check = GALLEY_OUTBOX_ROUTE_SERVER_ERROR;
          entry->server_errors++;
          _galley_outbox_replay_retry_later (self, entry);
        }
      else
        {
          entry->route_check = error->code == GALLEY_REST_ERROR_NOT_FOUND
                                 ? GALLEY_OUTBOX_ROUTE_NOT_FOUND : GALLEY_OUTBOX_ROUTE_REFUSED;
          kick (self);
        }
    }
  else if (g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_FOUND))
    {
      message = g_strdup_printf (_("%s no longer exists on the restaurant server. "
                                   "Its change was not sent."), label);
      drop_conflict (self, entry, message);
      kick (self);
    }
  else if (g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_FORBIDDEN))
    {
      message = g_strdup_printf (_("%s: this terminal is not allowed to make that change. "
                                   "It was not sent."), label);
      drop_conflict (self, entry, message);
      kick (self);
    }
  else if (g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_UNAUTHORIZED) ||
           g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_SIGNED_IN))
    {
      /* kept: it goes out once Galley is signed in again and the link is live */
      g_debug ("Not signed in: the outbox waits");
    }
  else
    {
      /* network, timeout, server error, bad answer: the outcome is unknown (R-OUT-4) */
      entry->need_reread = TRUE;
      _galley_outbox_replay_retry_later (self, entry);
    }
}

static void
apply_row (GalleyOutbox *self,
           JsonObject   *row)
{
  g_autoptr(GalleyOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  order = galley_order_new_from_json (row, &error);
  if (order == NULL)
    {
      g_warning ("The server's answer was not an order: %s", error->message);
      return;
    }

  galley_order_store_apply (self->store, order);
}

static void
request_done (GalleyOutbox *self,
              JsonObject   *row,
              const GError *error,
              gboolean      was_reread)
{
  GalleyOutboxEntry *entry = g_queue_peek_head (&self->entries);

  _galley_outbox_set_busy (self, FALSE);
  if (entry == NULL)
    return;

  if (row == NULL)
    {
      handle_failure (self, entry, error, was_reread);
      return;
    }

  if (was_reread)
    entry->need_reread = FALSE;
  else
    self->sent++;
  entry->attempts = 0;
  apply_row (self, row);

  if (is_item_entry (entry))
    {
      if (!was_reread)
        remove_head (self);
      else if (entry->route_check != GALLEY_OUTBOX_ROUTE_OK)
        {
          settle_route_check (self, entry, row);
          return;
        }
    }

  kick (self);
}

/* The reply for the entry in flight; nothing when the request was cancelled or the outbox
 * is gone. */
static void
reply (GalleyWeak *weak,
       JsonObject *row,
       GError     *error,
       gboolean    reread)
{
  g_autoptr(GalleyOutbox) self = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = galley_weak_get (weak);
  if (self != NULL)
    request_done (self, row, error, reread);
}

static void
patch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GalleyWeak) weak = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row =
    galley_rest_client_set_status_finish (GALLEY_REST_CLIENT (source), result, &error);

  reply (weak, row, error, FALSE);
}

static void
item_patch_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GalleyWeak) weak = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row =
    galley_rest_client_set_item_status_finish (GALLEY_REST_CLIENT (source), result, &error);

  reply (weak, row, error, FALSE);
}

static void
reread_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GalleyWeak) weak = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row =
    galley_rest_client_get_order_finish (GALLEY_REST_CLIENT (source), result, &error);

  reply (weak, row, error, TRUE);
}

/* ------------------------------------------------------------------ sending */

static void
reread (GalleyOutbox      *self,
        GalleyOutboxEntry *entry)
{
  _galley_outbox_set_busy (self, TRUE);
  galley_rest_client_get_order_async (self->rest, entry->order_id, self->cancellable,
                                      reread_cb, galley_weak_new (self));
}

/* Decides what the head status entry still needs, by R-OUT-3, and sends one step. */
static void
process_status (GalleyOutbox      *self,
                GalleyOutboxEntry *entry)
{
  GalleyOrder *order = galley_order_store_lookup (self->store, entry->order_id);
  GalleyOrderStatus target = galley_order_status_from_string (entry->target);
  GalleyOrderStatus steps[GALLEY_ORDER_STATUS_LAST];
  GalleyOrderStatus current;
  guint n;

  if (order == NULL || entry->need_reread)
    {
      reread (self, entry);
      return;
    }

  current = galley_order_get_status (order);
  if (galley_order_status_reached (current, target))
    {
      g_debug ("#%" G_GINT64_FORMAT ": order %s is %s already: done", entry->seq,
               entry->order_id, galley_order_get_status_text (order));
      remove_head (self);
      kick (self);
      return;
    }

  n = galley_order_status_path (current, target, steps, G_N_ELEMENTS (steps));
  if (galley_order_status_is_final (current) || current == GALLEY_ORDER_STATUS_UNKNOWN || n == 0)
    {
      g_autofree char *label = order_label (self, entry->order_id);
      g_autofree char *now = status_words (current);
      g_autofree char *wanted = status_words (target);
      g_autofree char *message = g_strdup_printf (_("%s is %s now, so it cannot be marked %s. "
                                                    "The change was not sent."),
                                                  label, now, wanted);

      drop_conflict (self, entry, message);
      kick (self);
      return;
    }

  /* one PATCH per legal step (upstream rejects skipped steps) */
  _galley_outbox_set_busy (self, TRUE);
  galley_rest_client_set_status_async (self->rest, entry->order_id,
                                       galley_order_status_to_string (steps[0]), NULL,
                                       self->cancellable, patch_cb, galley_weak_new (self));
}

static void
process_item_status (GalleyOutbox      *self,
                     GalleyOutboxEntry *entry)
{
  if (!self->line_status_supported)
    {
      /* relaying lines is best effort; the kitchen keeps them itself */
      g_debug ("#%" G_GINT64_FORMAT ": the server takes no line status: line %s of order %s "
               "kept on this terminal", entry->seq, entry->item_id, entry->order_id);
      remove_head (self);
      kick (self);
      return;
    }

  if (entry->need_reread || galley_order_store_lookup (self->store, entry->order_id) == NULL)
    {
      reread (self, entry);
      return;
    }

  _galley_outbox_set_busy (self, TRUE);
  galley_rest_client_set_item_status_async (self->rest, entry->order_id, entry->item_id,
                                            entry->target, self->cancellable, item_patch_cb,
                                            galley_weak_new (self));
}

static void
process_head (GalleyOutbox *self)
{
  GalleyOutboxEntry *entry;
  gint64 now;

  /* every pass re-derives the undo-window timeout from the current state */
  g_clear_handle_id (&self->defer_id, g_source_remove);

  if (!self->live || self->busy || self->retry_id != 0 || self->cancellable == NULL)
    return;

  entry = g_queue_peek_head (&self->entries);
  if (entry == NULL)
    return;

  if (!entry->held && entry->created_at < g_get_real_time () - GALLEY_OUTBOX_HOLD_US)
    {
      entry->held = TRUE;
      _galley_outbox_notify_depth (self);
    }
  if (entry->held)
    return;   /* in order: nothing after it goes before a person decides (R-OUT-6) */

  /* in order: nothing after it goes before its undo window has passed (R-OUT-2) */
  now = g_get_monotonic_time ();
  if (entry->due > now)
    {
      guint ms = (guint) MIN ((entry->due - now + 999) / 1000, G_MAXUINT);

      self->defer_id = galley_timeout_add_named ("galley-outbox-defer", ms, defer_cb, self, NULL);
      return;
    }

  if (!entry->committed)
    {
      /* from here on it cannot be cancelled; a handler may change anything (even drop the
       * last reference), so the work itself starts on the next pass */
      entry->committed = TRUE;
      g_object_ref (self);
      _galley_outbox_emit_committed (self, entry->seq);
      kick (self);
      g_object_unref (self);
      return;
    }

  if (g_strcmp0 (entry->kind, GALLEY_OUTBOX_KIND_STATUS) == 0)
    process_status (self, entry);
  else if (is_item_entry (entry))
    process_item_status (self, entry);
  else if (g_strcmp0 (entry->kind, GALLEY_OUTBOX_KIND_CREATE) == 0)
    _galley_outbox_process_create (self, entry);
  else
    {
      g_warning ("Unknown outbox entry kind %s: dropped", entry->kind);
      remove_head (self);
      kick (self);
    }
}

/* Schedules a pass over the head from the main loop. */
void
_galley_outbox_replay_kick (GalleyOutbox *self)
{
  kick (self);
}

/* Removes every source of the state machine (dispose). */
void
_galley_outbox_replay_stop (GalleyOutbox *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->kick_id, g_source_remove);
  g_clear_handle_id (&self->defer_id, g_source_remove);
}
