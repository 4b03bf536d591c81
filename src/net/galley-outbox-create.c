/* galley-outbox-create.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Orders created at the counter go through the outbox too (R-OUT-7), so that an order is
 * never lost and never created twice, even when Galley is killed between submit and reply.
 *
 * Each order has a client reference (a UUID) that goes into `metadata.client_order_ref` and
 * into an Idempotency-Key header (honoured by servers with that extension). The `creates`
 * table keeps the body, and what became of it, for two days: this terminal's orders of the
 * day are listed from it. An outbox row of kind "create" puts the order in the one global
 * order of changes.
 *
 *   waiting ──▶ (attempted=1, durably) POST ──▶ sent (the server's order id)
 *                     │                     └──▶ refused (the server's reason, in words)
 *                     └─ outcome unknown: before sending again, look for the reference in
 *                        the order store and in the server's recent orders (R-OUT-4)
 *
 * "attempted" is written before the request goes out, so after a crash the next start knows
 * that the server may already have the order and looks before it posts.
 */
#define G_LOG_DOMAIN "galley-outbox"

#include <glib/gi18n.h>

#include "net/galley-outbox-private.h"
#include "util/galley-json.h"
#include "util/galley-weak.h"

/* Two days: today's orders at this counter, across midnight and a restart. */
#define CREATE_KEEP_US     (G_GINT64_CONSTANT (48) * 3600 * G_USEC_PER_SEC)
/* Orders created this long before the entry still count when looking for it (clock skew). */
#define LOOKUP_SLACK_US    (G_GINT64_CONSTANT (10) * 60 * G_USEC_PER_SEC)
#define LOOKUP_PAGE        100
#define LOOKUP_MAX_PAGES   10

static gboolean
exec_sql (GalleyOutbox *self,
          const char   *sql)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_warning ("Outbox SQL failed (%s): %s", sql, message != NULL ? message : "?");
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ storage */

/* Called by the store when the file is opened: the table, and pruning of old rows. */
gboolean
_galley_outbox_creates_open (GalleyOutbox  *self,
                             GError       **error)
{
  sqlite3_stmt *stmt = NULL;

  if (!exec_sql (self, "CREATE TABLE IF NOT EXISTS creates ("
                       "  client_ref TEXT PRIMARY KEY,"
                       "  seq INTEGER NOT NULL,"
                       "  body TEXT NOT NULL,"
                       "  created_at INTEGER NOT NULL,"
                       "  state INTEGER NOT NULL DEFAULT 1,"
                       "  attempted INTEGER NOT NULL DEFAULT 0,"
                       "  order_id TEXT,"
                       "  message TEXT)"))
    {
      g_set_error (error, GALLEY_OUTBOX_ERROR, GALLEY_OUTBOX_ERROR_STORAGE,
                   _("Galley could not prepare its list of orders on this terminal (%s). "
                     "Call for help if this happens again."), sqlite3_errmsg (self->db));
      return FALSE;
    }

  /* orders that are settled and older than two days are no one's business here */
  if (sqlite3_prepare_v2 (self->db, "DELETE FROM creates WHERE created_at < ? AND state != ?",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, g_get_real_time () - CREATE_KEEP_US);
      sqlite3_bind_int (stmt, 2, GALLEY_OUTBOX_CREATE_WAITING);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_warning ("Could not prune old orders: %s", sqlite3_errmsg (self->db));
    }
  sqlite3_finalize (stmt);

  return TRUE;
}

/* Whether an earlier run may have sent the create entry @ref already. */
gboolean
_galley_outbox_creates_was_attempted (GalleyOutbox *self,
                                      const char   *ref)
{
  sqlite3_stmt *stmt = NULL;
  gboolean attempted = TRUE;   /* when in doubt, look before posting */

  if (sqlite3_prepare_v2 (self->db, "SELECT attempted FROM creates WHERE client_ref = ?", -1,
                          &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, ref, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        attempted = sqlite3_column_int (stmt, 0) != 0;
    }
  sqlite3_finalize (stmt);

  return attempted;
}

static gboolean
set_attempted (GalleyOutbox *self,
               const char   *ref)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (self->db != NULL &&
      sqlite3_prepare_v2 (self->db, "UPDATE creates SET attempted = 1 WHERE client_ref = ?", -1,
                          &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, ref, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);

  if (!ok)
    g_warning ("Could not record the sending of order %s: %s", ref,
               self->db != NULL ? sqlite3_errmsg (self->db) : "no database");

  return ok;
}

static void
settle (GalleyOutbox            *self,
        const char              *ref,
        GalleyOutboxCreateState  state,
        const char              *order_id,
        const char              *message)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (self->db != NULL &&
      sqlite3_prepare_v2 (self->db, "UPDATE creates SET state = ?, order_id = ?, message = ? "
                                    "WHERE client_ref = ?", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, state);
      sqlite3_bind_text (stmt, 2, order_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, message, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, ref, -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);

  if (!ok)
    g_warning ("Could not record what became of order %s: %s", ref,
               self->db != NULL ? sqlite3_errmsg (self->db) : "no database");
}

static gint64
lookup_seq (GalleyOutbox *self,
            const char   *ref)
{
  sqlite3_stmt *stmt = NULL;
  gint64 seq = 0;

  if (self->db != NULL &&
      sqlite3_prepare_v2 (self->db, "SELECT seq FROM creates WHERE client_ref = ?", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, ref, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        seq = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);

  return seq;
}

/* ------------------------------------------------------------------ replay */

static void
create_settled (GalleyOutbox            *self,
                GalleyOutboxEntry       *entry,
                GalleyOutboxCreateState  state,
                const char              *order_id,
                const char              *message)
{
  g_autofree char *ref = g_strdup (entry->order_id);

  settle (self, ref, state, order_id, message);
  if (state == GALLEY_OUTBOX_CREATE_SENT)
    g_message ("Order %s is on the restaurant server as %s", ref, order_id);
  else
    g_message ("Order %s was refused by the restaurant server: %s", ref, message);

  _galley_outbox_store_remove (self, self->entries.head, FALSE);
  _galley_outbox_replay_kick (self);
  _galley_outbox_emit_create_changed (self, ref);
}

static GalleyOrder *
find_in_store (GalleyOutbox *self,
               const char   *ref)
{
  GListModel *model = G_LIST_MODEL (self->store);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyOrder) order = g_list_model_get_item (model, i);

      if (g_strcmp0 (galley_order_get_client_order_ref (order), ref) == 0)
        return order;
    }

  return NULL;
}

static const char *
row_ref (JsonObject *row)
{
  JsonObject *metadata = galley_json_get_object (row, "metadata");
  const char *ref = NULL;

  if (metadata != NULL)
    galley_json_get_string (metadata, "client_order_ref", &ref);

  return ref;
}

static void send_create (GalleyOutbox *self, GalleyOutboxEntry *entry);
static void lookup_page (GalleyOutbox *self, GalleyOutboxEntry *entry, guint page);

static void
apply_row (GalleyOutbox *self,
           JsonObject   *row)
{
  g_autoptr(GalleyOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  order = galley_order_new_from_json (row, &error);
  if (order != NULL)
    galley_order_store_apply (self->store, order);
  else
    g_warning ("The server's answer was not an order: %s", error->message);
}

static void
create_failed (GalleyOutbox      *self,
               GalleyOutboxEntry *entry,
               const GError      *error)
{
  if (g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_INVALID_REQUEST) ||
      g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_FORBIDDEN) ||
      g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_FOUND) ||
      g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_CONFLICT))
    {
      /* a clear no: the order is not on the server; the cashier fixes it and sends again */
      self->conflicts++;
      create_settled (self, entry, GALLEY_OUTBOX_CREATE_REFUSED, NULL, error->message);
    }
  else if (g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_UNAUTHORIZED) ||
           g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_SIGNED_IN))
    {
      /* kept: it goes out once Galley is signed in again and the link is live */
      g_debug ("Not signed in: order %s waits", entry->order_id);
    }
  else
    {
      /* timeout, network, server error: the server may have it; look before sending again */
      g_debug ("Order %s: outcome unknown (%s)", entry->order_id, error->message);
      entry->need_reread = TRUE;
      _galley_outbox_replay_retry_later (self, entry);
    }
}

typedef struct
{
  GalleyWeak *weak;
  gint64      seq;
  guint       page;
} CreateCall;

static CreateCall *
create_call_new (GalleyOutbox *self,
                 gint64        seq,
                 guint         page)
{
  CreateCall *call = g_new0 (CreateCall, 1);

  call->weak = galley_weak_new (self);
  call->seq = seq;
  call->page = page;

  return call;
}

static void
create_call_free (CreateCall *call)
{
  galley_weak_free (call->weak);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CreateCall, create_call_free)

/* The head entry the call was made for, or NULL when the outbox or the entry is gone. */
static GalleyOutboxEntry *
call_entry (CreateCall    *call,
            GalleyOutbox **self_out)
{
  GalleyOutbox *self = galley_weak_get (call->weak);
  GalleyOutboxEntry *entry;

  *self_out = self;
  if (self == NULL)
    return NULL;

  _galley_outbox_set_busy (self, FALSE);
  entry = g_queue_peek_head (&self->entries);
  if (entry == NULL || entry->seq != call->seq)
    return NULL;

  return entry;
}

static void
post_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CreateCall) call = user_data;
  g_autoptr(GalleyOutbox) self = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;
  GalleyOutboxEntry *entry;
  const char *order_id = NULL;

  row = galley_rest_client_create_order_finish (GALLEY_REST_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  entry = call_entry (call, &self);
  if (entry == NULL)
    return;

  if (row == NULL)
    {
      create_failed (self, entry, error);
      return;
    }

  if (!galley_json_get_string (row, "id", &order_id))
    {
      /* it may be there: settle it by looking, as for any unknown outcome */
      g_warning ("The server's answer to order %s had no id", entry->order_id);
      entry->need_reread = TRUE;
      _galley_outbox_replay_retry_later (self, entry);
      return;
    }

  self->sent++;
  entry->attempts = 0;
  apply_row (self, row);
  create_settled (self, entry, GALLEY_OUTBOX_CREATE_SENT, order_id, NULL);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CreateCall) call = user_data;
  g_autoptr(GalleyOutbox) self = NULL;
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GalleyOutboxEntry *entry;
  guint n;

  rows = galley_rest_client_list_orders_finish (GALLEY_REST_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  entry = call_entry (call, &self);
  if (entry == NULL)
    return;

  if (rows == NULL)
    {
      create_failed (self, entry, error);
      return;
    }

  n = json_array_get_length (rows);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      JsonObject *row = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *order_id = NULL;

      if (row != NULL && g_strcmp0 (row_ref (row), entry->order_id) == 0 &&
          galley_json_get_string (row, "id", &order_id))
        {
          g_autofree char *id = g_strdup (order_id);

          g_message ("Order %s was on the server already (%s): not sent again",
                     entry->order_id, id);
          entry->attempts = 0;
          apply_row (self, row);
          create_settled (self, entry, GALLEY_OUTBOX_CREATE_SENT, id, NULL);
          return;
        }
    }

  if (n >= LOOKUP_PAGE && call->page + 1 < LOOKUP_MAX_PAGES)
    {
      lookup_page (self, entry, call->page + 1);
      return;
    }

  /* not there: the earlier attempt never reached the server */
  entry->need_reread = FALSE;
  entry->attempts = 0;
  send_create (self, entry);
}

static void
lookup_page (GalleyOutbox      *self,
             GalleyOutboxEntry *entry,
             guint              page)
{
  GalleyRestOrderQuery query = { 0 };

  query.start_date = entry->created_at - LOOKUP_SLACK_US;
  query.limit = LOOKUP_PAGE;
  query.offset = page * LOOKUP_PAGE;

  _galley_outbox_set_busy (self, TRUE);
  galley_rest_client_list_orders_async (self->rest, &query, self->cancellable, lookup_cb,
                                        create_call_new (self, entry->seq, page));
}

static JsonObject *
load_body (GalleyOutbox *self,
           const char   *ref)
{
  sqlite3_stmt *stmt = NULL;
  JsonObject *body = NULL;

  if (self->db != NULL &&
      sqlite3_prepare_v2 (self->db, "SELECT body FROM creates WHERE client_ref = ?", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, ref, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autoptr(GError) error = NULL;

          body = galley_json_parse_object ((const char *) sqlite3_column_text (stmt, 0), -1,
                                           &error);
          if (body == NULL)
            g_warning ("The saved order %s could not be read: %s", ref, error->message);
        }
    }
  sqlite3_finalize (stmt);

  return body;
}

static void
send_create (GalleyOutbox      *self,
             GalleyOutboxEntry *entry)
{
  g_autoptr(JsonObject) body = load_body (self, entry->order_id);

  if (body == NULL)
    {
      create_settled (self, entry, GALLEY_OUTBOX_CREATE_REFUSED, NULL,
                      _("The order could not be read back on this terminal. "
                        "Please enter it again."));
      return;
    }

  /* durably first: after a crash from here on, the next start looks before it posts */
  if (!set_attempted (self, entry->order_id))
    {
      _galley_outbox_replay_retry_later (self, entry);
      return;
    }

  _galley_outbox_set_busy (self, TRUE);
  galley_rest_client_create_order_async (self->rest, body, entry->order_id, self->cancellable,
                                         post_cb, create_call_new (self, entry->seq, 0));
}

/* Works on the head entry of kind "create". */
void
_galley_outbox_process_create (GalleyOutbox      *self,
                               GalleyOutboxEntry *entry)
{
  GalleyOrder *order = find_in_store (self, entry->order_id);

  if (order != NULL)
    {
      /* the order feed brought it already (sent before a crash, or by another path) */
      g_autofree char *id = g_strdup (galley_order_get_id (order));

      create_settled (self, entry, GALLEY_OUTBOX_CREATE_SENT, id, NULL);
      return;
    }

  if (entry->need_reread)
    lookup_page (self, entry, 0);
  else
    send_create (self, entry);
}

/* ------------------------------------------------------------------ public */

/**
 * galley_outbox_add_create:
 * @self: the outbox
 * @body: the order, as galley_cart_to_create_payload() makes it (copied)
 * @client_ref: the order's client reference, a UUID made once per order
 * @error: where a storage failure or a full outbox is reported
 *
 * Stores the order durably (it survives a crash from the moment this returns), then sends
 * it in turn when the outbox is live. `metadata.client_order_ref` is set to @client_ref. An
 * order whose @client_ref is known already is not stored again: its seq is returned, so a
 * second tap on "Send" can never make a second order.
 *
 * Returns: the entry's seq, or 0 with @error set
 */
gint64
galley_outbox_add_create (GalleyOutbox  *self,
                          JsonObject    *body,
                          const char    *client_ref,
                          GError       **error)
{
  g_autoptr(JsonObject) copy = NULL;
  g_autofree char *text = NULL;
  JsonObject *metadata;
  sqlite3_stmt *stmt = NULL;
  gint64 seq;

  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), 0);
  g_return_val_if_fail (body != NULL, 0);
  g_return_val_if_fail (client_ref != NULL && *client_ref != '\0', 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  seq = lookup_seq (self, client_ref);
  if (seq != 0)
    {
      g_debug ("Order %s is known already (#%" G_GINT64_FORMAT ")", client_ref, seq);
      return seq;
    }

  /* a deep copy, with the reference in its metadata */
  {
    g_autofree char *original = galley_json_object_to_string (body);

    copy = galley_json_parse_object (original, -1, NULL);
  }
  g_return_val_if_fail (copy != NULL, 0);
  metadata = galley_json_get_object (copy, "metadata");
  if (metadata == NULL)
    {
      metadata = json_object_new ();
      json_object_set_object_member (copy, "metadata", metadata);
    }
  json_object_set_string_member (metadata, "client_order_ref", client_ref);
  text = galley_json_object_to_string (copy);

  /* the outbox row and the body in one transaction: both or neither */
  if (self->db == NULL || sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return _galley_outbox_storage_error (self, "begin", error), 0;

  seq = _galley_outbox_store_add (self, GALLEY_OUTBOX_KIND_CREATE, client_ref, NULL,
                                  GALLEY_OUTBOX_KIND_CREATE, 0, error);
  if (seq == 0)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return 0;
    }

  if (sqlite3_prepare_v2 (self->db, "INSERT INTO creates (client_ref, seq, body, created_at, "
                                    "state) VALUES (?, ?, ?, ?, ?)", -1, &stmt,
                          NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_text (stmt, 1, client_ref, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, seq);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, ((GalleyOutboxEntry *) self->entries.tail->data)->created_at);
  sqlite3_bind_int (stmt, 5, GALLEY_OUTBOX_CREATE_WAITING);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto fail;
  sqlite3_finalize (stmt);
  stmt = NULL;

  if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    goto fail;

  g_message ("Order %s saved on this terminal (#%" G_GINT64_FORMAT ")", client_ref, seq);
  _galley_outbox_replay_kick (self);
  _galley_outbox_emit_create_changed (self, client_ref);

  return seq;

fail:
  _galley_outbox_storage_error (self, "save order", error);
  sqlite3_finalize (stmt);
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  /* the queue got the entry before the transaction failed: take it back out */
  _galley_outbox_store_forget_tail (self);

  return 0;
}

/**
 * galley_outbox_get_create_state:
 * @self: the outbox
 * @client_ref: an order's client reference
 * @order_id: (out) (optional) (transfer full): the server's id once sent
 * @message: (out) (optional) (transfer full): the server's reason once refused
 *
 * Returns: what became of the order, %GALLEY_OUTBOX_CREATE_UNKNOWN for a reference this
 *   terminal does not know (or no longer keeps)
 */
GalleyOutboxCreateState
galley_outbox_get_create_state (GalleyOutbox  *self,
                                const char    *client_ref,
                                char         **order_id,
                                char         **message)
{
  GalleyOutboxCreateState state = GALLEY_OUTBOX_CREATE_UNKNOWN;
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), GALLEY_OUTBOX_CREATE_UNKNOWN);

  if (order_id != NULL)
    *order_id = NULL;
  if (message != NULL)
    *message = NULL;

  if (client_ref == NULL || self->db == NULL ||
      sqlite3_prepare_v2 (self->db, "SELECT state, order_id, message FROM creates "
                                    "WHERE client_ref = ?", -1, &stmt, NULL) != SQLITE_OK)
    return GALLEY_OUTBOX_CREATE_UNKNOWN;

  sqlite3_bind_text (stmt, 1, client_ref, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      state = CLAMP (sqlite3_column_int (stmt, 0), GALLEY_OUTBOX_CREATE_WAITING,
                     GALLEY_OUTBOX_CREATE_REFUSED);
      if (order_id != NULL && sqlite3_column_text (stmt, 1) != NULL)
        *order_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      if (message != NULL && sqlite3_column_text (stmt, 2) != NULL)
        *message = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_finalize (stmt);

  return state;
}

/**
 * galley_outbox_dup_creates_since:
 * @self: the outbox
 * @since_us: unix µs
 *
 * Returns: (transfer full): the client references of the orders made at this terminal
 *   since @since_us, newest first (an empty vector when there are none)
 */
char **
galley_outbox_dup_creates_since (GalleyOutbox *self,
                                 gint64        since_us)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), NULL);

  if (self->db != NULL &&
      sqlite3_prepare_v2 (self->db, "SELECT client_ref FROM creates WHERE created_at >= ? "
                                    "ORDER BY created_at DESC, seq DESC", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, since_us);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);

  return g_strv_builder_end (builder);
}

/**
 * galley_outbox_dup_create_body:
 * @self: the outbox
 * @client_ref: an order's client reference
 *
 * Returns: (transfer full) (nullable): the order as it was saved (with its reference in
 *   the metadata), to show it or to build a corrected order from it
 */
JsonObject *
galley_outbox_dup_create_body (GalleyOutbox *self,
                               const char   *client_ref)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), NULL);

  return client_ref != NULL ? load_body (self, client_ref) : NULL;
}
