/* galley-outbox.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The durable outbox of status changes (spec/order-protocol.md §6.5). A bump is written to
 * SQLite (WAL, synchronous=FULL) before anyone is told it happened, so a crash or a kill -9
 * at any moment loses nothing the screen showed. While the link is live the entries are sent
 * in the order they were made, one request at a time, each by comparing the wanted status
 * with the server's current one first: a change already applied is not sent again, and a
 * change no longer possible is dropped and reported, never retried forever (R-OUT-1..6).
 */
#define G_LOG_DOMAIN "galley-outbox"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "diag/galley-instances.h"
#include "net/galley-backoff.h"
#include "net/galley-outbox.h"
#include "util/galley-source.h"
#include "util/galley-weak.h"

#define KIND_STATUS      "status"
#define KIND_ITEM_STATUS "item-status"

typedef struct
{
  gint64   seq;
  char    *kind;
  char    *order_id;
  char    *item_id;
  char    *target;
  gint64   created_at;
  gboolean held;          /* older than GALLEY_OUTBOX_HOLD_US: waits for a person */
  gboolean need_reread;   /* the last attempt's outcome is unknown: read the order first */
  guint    attempts;
} Entry;

struct _GalleyOutbox
{
  GObject           parent_instance;

  char             *path;
  sqlite3          *db;
  sqlite3_stmt     *insert_stmt;
  sqlite3_stmt     *delete_stmt;

  GalleyRestClient *rest;
  GalleyOrderStore *store;

  GQueue            entries;      /* Entry*, oldest first */
  gboolean          live;
  gboolean          busy;         /* a request is in flight */
  GCancellable     *cancellable;
  guint             retry_id;
  guint             kick_id;
  guint             retry_base_ms;
  GRand            *rand;

  guint64           sent;
  guint64           conflicts;
};

G_DEFINE_QUARK (galley-outbox-error-quark, galley_outbox_error)

G_DEFINE_FINAL_TYPE (GalleyOutbox, galley_outbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DEPTH,
  PROP_N_HELD,
  PROP_LIVE,
  PROP_BUSY,
  N_PROPS
};

enum {
  CONFLICT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void process_head (GalleyOutbox *self);

static void
entry_free (Entry *entry)
{
  g_free (entry->kind);
  g_free (entry->order_id);
  g_free (entry->item_id);
  g_free (entry->target);
  g_free (entry);
}

/* ------------------------------------------------------------------ storage */

static gboolean
storage_error (GalleyOutbox  *self,
               const char    *what,
               GError       **error)
{
  g_set_error (error, GALLEY_OUTBOX_ERROR, GALLEY_OUTBOX_ERROR_STORAGE,
               _("Galley could not save the change on this terminal (%s). "
                 "Call for help if this happens again."),
               self->db != NULL ? sqlite3_errmsg (self->db) : what);
  g_warning ("Outbox storage failed in %s: %s", what,
             self->db != NULL ? sqlite3_errmsg (self->db) : "no database");

  return FALSE;
}

static gboolean
exec (GalleyOutbox  *self,
      const char    *sql,
      GError       **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_warning ("Outbox SQL failed (%s): %s", sql, message != NULL ? message : "?");
      sqlite3_free (message);
      return storage_error (self, "setup", error);
    }

  return TRUE;
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static gboolean
load_entries (GalleyOutbox  *self,
              GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 hold_before = g_get_real_time () - GALLEY_OUTBOX_HOLD_US;
  int rc;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT seq, kind, order_id, item_id, target, created_at "
                          "FROM outbox ORDER BY seq", -1, &stmt, NULL) != SQLITE_OK)
    return storage_error (self, "load", error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Entry *entry = g_new0 (Entry, 1);

      entry->seq = sqlite3_column_int64 (stmt, 0);
      entry->kind = column_text (stmt, 1);
      entry->order_id = column_text (stmt, 2);
      entry->item_id = column_text (stmt, 3);
      entry->target = column_text (stmt, 4);
      entry->created_at = sqlite3_column_int64 (stmt, 5);
      entry->held = entry->created_at < hold_before;
      g_queue_push_tail (&self->entries, entry);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return storage_error (self, "load", error);

  if (self->entries.length > 0)
    g_message ("%u changes from before were waiting to be sent", self->entries.length);

  return TRUE;
}

static gboolean
open_database (GalleyOutbox  *self,
               GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, GALLEY_OUTBOX_ERROR, GALLEY_OUTBOX_ERROR_STORAGE,
                   _("Galley could not create its data folder %s: %s"), dir, g_strerror (errno));
      return FALSE;
    }

  if (sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                       NULL) != SQLITE_OK)
    return storage_error (self, "open", error);
  galley_instances_counter_add ("sqlite database", 1);

  /* WAL with a full sync on every commit: a written change survives power loss (R-OUT-1) */
  if (!exec (self, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                   "PRAGMA busy_timeout=2000;", error) ||
      !exec (self, "CREATE TABLE IF NOT EXISTS outbox ("
                   "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                   "  kind TEXT NOT NULL,"
                   "  order_id TEXT NOT NULL,"
                   "  item_id TEXT,"
                   "  target TEXT NOT NULL,"
                   "  created_at INTEGER NOT NULL)", error))
    return FALSE;

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO outbox (kind, order_id, item_id, target, created_at) "
                          "VALUES (?, ?, ?, ?, ?)", -1, &self->insert_stmt, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, "DELETE FROM outbox WHERE seq = ?", -1,
                          &self->delete_stmt, NULL) != SQLITE_OK)
    return storage_error (self, "prepare", error);

  return load_entries (self, error);
}

static void
close_database (GalleyOutbox *self)
{
  g_clear_pointer (&self->insert_stmt, sqlite3_finalize);
  g_clear_pointer (&self->delete_stmt, sqlite3_finalize);
  if (self->db != NULL)
    {
      sqlite3_close (self->db);
      self->db = NULL;
      galley_instances_counter_add ("sqlite database", -1);
    }
}

static void
notify_depth (GalleyOutbox *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPTH]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HELD]);
}

/* Removes the head entry from the database and the queue: it is done or dropped. */
static void
remove_head (GalleyOutbox *self)
{
  Entry *entry = g_queue_pop_head (&self->entries);

  sqlite3_reset (self->delete_stmt);
  sqlite3_bind_int64 (self->delete_stmt, 1, entry->seq);
  if (sqlite3_step (self->delete_stmt) != SQLITE_DONE)
    /* the change is done on the server: replaying it later is harmless (R-OUT-3) */
    g_warning ("Could not delete outbox entry %" G_GINT64_FORMAT ": %s", entry->seq,
               sqlite3_errmsg (self->db));

  entry_free (entry);
  notify_depth (self);
}

static gint64
add_entry (GalleyOutbox  *self,
           const char    *kind,
           const char    *order_id,
           const char    *item_id,
           const char    *target,
           GError       **error)
{
  Entry *entry;
  gint64 now = g_get_real_time ();

  if (self->entries.length >= GALLEY_OUTBOX_LIMIT)
    {
      g_set_error (error, GALLEY_OUTBOX_ERROR, GALLEY_OUTBOX_ERROR_FULL,
                   _("Too many changes are waiting to be sent (%u). "
                     "Check the connection to the restaurant server."), GALLEY_OUTBOX_LIMIT);
      return 0;
    }

  sqlite3_reset (self->insert_stmt);
  sqlite3_bind_text (self->insert_stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (self->insert_stmt, 2, order_id, -1, SQLITE_TRANSIENT);
  if (item_id != NULL)
    sqlite3_bind_text (self->insert_stmt, 3, item_id, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (self->insert_stmt, 3);
  sqlite3_bind_text (self->insert_stmt, 4, target, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (self->insert_stmt, 5, now);
  if (sqlite3_step (self->insert_stmt) != SQLITE_DONE)
    {
      storage_error (self, "insert", error);
      return 0;
    }

  entry = g_new0 (Entry, 1);
  entry->seq = sqlite3_last_insert_rowid (self->db);
  entry->kind = g_strdup (kind);
  entry->order_id = g_strdup (order_id);
  entry->item_id = g_strdup (item_id);
  entry->target = g_strdup (target);
  entry->created_at = now;
  g_queue_push_tail (&self->entries, entry);
  notify_depth (self);

  g_debug ("Queued %s %s → %s (#%" G_GINT64_FORMAT ", %u waiting)", kind, order_id, target,
           entry->seq, self->entries.length);

  return entry->seq;
}

/* ------------------------------------------------------------------ replay */

static void
set_busy (GalleyOutbox *self,
          gboolean      busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
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

static void
retry_later (GalleyOutbox *self,
             Entry        *entry)
{
  guint delay;

  entry->attempts++;
  delay = galley_backoff_delay_ms (entry->attempts, g_rand_double (self->rand),
                                   self->retry_base_ms, GALLEY_BACKOFF_CAP_MS);
  g_debug ("Retrying #%" G_GINT64_FORMAT " in %u ms", entry->seq, delay);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = galley_timeout_add_named ("galley-outbox-retry", delay, retry_cb, self, NULL);
}

/* A change that can no longer be made: drop it and tell the person who made it. */
static void
drop_conflict (GalleyOutbox *self,
               Entry        *entry,
               const char   *message)
{
  g_autofree char *order_id = g_strdup (entry->order_id);
  g_autofree char *text = g_strdup (message);

  g_message ("Change #%" G_GINT64_FORMAT " for order %s dropped: %s", entry->seq, order_id, text);
  self->conflicts++;
  remove_head (self);
  g_signal_emit (self, signals[CONFLICT], 0, order_id, text);
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

/* Handles the outcome of a request that went wrong, by R-OUT-5. */
static void
handle_failure (GalleyOutbox *self,
                Entry        *entry,
                const GError *error)
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
  else if (g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NOT_FOUND))
    {
      if (g_strcmp0 (entry->kind, KIND_ITEM_STATUS) == 0 &&
          galley_order_store_lookup (self->store, entry->order_id) != NULL)
        {
          /* the server keeps no line status: it stays on this terminal */
          g_debug ("The server has no line status: #%" G_GINT64_FORMAT " kept locally",
                   entry->seq);
          remove_head (self);
          kick (self);
          return;
        }
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
      retry_later (self, entry);
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
  Entry *entry = g_queue_peek_head (&self->entries);

  set_busy (self, FALSE);
  if (entry == NULL)
    return;

  if (row == NULL)
    {
      handle_failure (self, entry, error);
      return;
    }

  if (was_reread)
    entry->need_reread = FALSE;
  else
    self->sent++;
  entry->attempts = 0;
  apply_row (self, row);

  if (!was_reread && g_strcmp0 (entry->kind, KIND_ITEM_STATUS) == 0)
    remove_head (self);

  kick (self);
}

static void
patch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GalleyWeak) weak = user_data;
  g_autoptr(GalleyOutbox) self = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;

  row = galley_rest_client_set_status_finish (GALLEY_REST_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = galley_weak_get (weak);
  if (self != NULL)
    request_done (self, row, error, FALSE);
}

static void
item_patch_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GalleyWeak) weak = user_data;
  g_autoptr(GalleyOutbox) self = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;

  row = galley_rest_client_set_item_status_finish (GALLEY_REST_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = galley_weak_get (weak);
  if (self != NULL)
    request_done (self, row, error, FALSE);
}

static void
reread_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GalleyWeak) weak = user_data;
  g_autoptr(GalleyOutbox) self = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GError) error = NULL;

  row = galley_rest_client_get_order_finish (GALLEY_REST_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = galley_weak_get (weak);
  if (self != NULL)
    request_done (self, row, error, TRUE);
}

/* Decides what the head status entry still needs, by R-OUT-3, and sends one step. */
static void
process_status (GalleyOutbox *self,
               Entry        *entry)
{
  GalleyOrder *order = galley_order_store_lookup (self->store, entry->order_id);
  GalleyOrderStatus target = galley_order_status_from_string (entry->target);
  GalleyOrderStatus steps[GALLEY_ORDER_STATUS_LAST];
  GalleyOrderStatus current;
  guint n;

  if (order == NULL || entry->need_reread)
    {
      set_busy (self, TRUE);
      galley_rest_client_get_order_async (self->rest, entry->order_id, self->cancellable,
                                          reread_cb, galley_weak_new (self));
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
  set_busy (self, TRUE);
  galley_rest_client_set_status_async (self->rest, entry->order_id,
                                       galley_order_status_to_string (steps[0]), NULL,
                                       self->cancellable, patch_cb, galley_weak_new (self));
}

static void
process_head (GalleyOutbox *self)
{
  Entry *entry;

  if (!self->live || self->busy || self->retry_id != 0)
    return;

  entry = g_queue_peek_head (&self->entries);
  if (entry == NULL)
    return;

  if (!entry->held && entry->created_at < g_get_real_time () - GALLEY_OUTBOX_HOLD_US)
    {
      entry->held = TRUE;
      notify_depth (self);
    }
  if (entry->held)
    return;   /* in order: nothing after it goes before a person decides (R-OUT-6) */

  if (g_strcmp0 (entry->kind, KIND_STATUS) == 0)
    process_status (self, entry);
  else if (g_strcmp0 (entry->kind, KIND_ITEM_STATUS) == 0)
    {
      if (entry->need_reread || galley_order_store_lookup (self->store, entry->order_id) == NULL)
        {
          set_busy (self, TRUE);
          galley_rest_client_get_order_async (self->rest, entry->order_id, self->cancellable,
                                              reread_cb, galley_weak_new (self));
          return;
        }
      set_busy (self, TRUE);
      galley_rest_client_set_item_status_async (self->rest, entry->order_id, entry->item_id,
                                                entry->target, self->cancellable, item_patch_cb,
                                                galley_weak_new (self));
    }
  else
    {
      g_warning ("Unknown outbox entry kind %s: dropped", entry->kind);
      remove_head (self);
      kick (self);
    }
}

/* ------------------------------------------------------------------ GObject */

static void
galley_outbox_dispose (GObject *object)
{
  GalleyOutbox *self = GALLEY_OUTBOX (object);

  /* 1. sources; 3. the request in flight; 4. the database */
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->kick_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  close_database (self);

  /* 5. references */
  g_clear_object (&self->rest);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (galley_outbox_parent_class)->dispose (object);
}

static void
galley_outbox_finalize (GObject *object)
{
  GalleyOutbox *self = GALLEY_OUTBOX (object);

  g_assert (self->db == NULL);
  g_assert (self->retry_id == 0 && self->kick_id == 0);

  g_queue_clear_full (&self->entries, (GDestroyNotify) entry_free);
  g_clear_pointer (&self->rand, g_rand_free);
  g_free (self->path);

  G_OBJECT_CLASS (galley_outbox_parent_class)->finalize (object);
}

static void
galley_outbox_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GalleyOutbox *self = GALLEY_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_DEPTH:
      g_value_set_uint (value, self->entries.length);
      break;

    case PROP_N_HELD:
      g_value_set_uint (value, galley_outbox_get_n_held (self));
      break;

    case PROP_LIVE:
      g_value_set_boolean (value, self->live);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_outbox_class_init (GalleyOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = galley_outbox_dispose;
  object_class->finalize = galley_outbox_finalize;
  object_class->get_property = galley_outbox_get_property;

  properties[PROP_DEPTH] =
    g_param_spec_uint ("depth", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_HELD] =
    g_param_spec_uint ("n-held", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIVE] =
    g_param_spec_boolean ("live", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GalleyOutbox::conflict:
   * @order_id: the order
   * @message: why the change was dropped, for the person who made it
   */
  signals[CONFLICT] = g_signal_new ("conflict", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                    G_TYPE_STRING, G_TYPE_STRING);
}

static void
galley_outbox_init (GalleyOutbox *self)
{
  g_queue_init (&self->entries);
  self->cancellable = g_cancellable_new ();
  self->rand = g_rand_new ();
  self->retry_base_ms = 1000;
}

/**
 * galley_outbox_dup_default_path:
 *
 * Returns: (transfer full): $XDG_STATE_HOME/galley/outbox.sqlite
 */
char *
galley_outbox_dup_default_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "galley", "outbox.sqlite", NULL);
}

/**
 * galley_outbox_new:
 * @path: (nullable): the database file, or %NULL for the default
 *
 * Opens (or creates) the outbox and loads the changes a previous run left.
 *
 * Returns: (transfer full) (nullable): the outbox, or %NULL if the database cannot be used
 */
GalleyOutbox *
galley_outbox_new (const char        *path,
                   GalleyRestClient  *rest,
                   GalleyOrderStore  *store,
                   GError           **error)
{
  g_autoptr(GalleyOutbox) self = NULL;

  g_return_val_if_fail (GALLEY_IS_REST_CLIENT (rest), NULL);
  g_return_val_if_fail (GALLEY_IS_ORDER_STORE (store), NULL);

  self = g_object_new (GALLEY_TYPE_OUTBOX, NULL);
  self->path = path != NULL ? g_strdup (path) : galley_outbox_dup_default_path ();
  self->rest = g_object_ref (rest);
  self->store = g_object_ref (store);

  if (!open_database (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
galley_outbox_get_path (GalleyOutbox *self)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), NULL);

  return self->path;
}

/**
 * galley_outbox_add_status:
 * @target: the status the order should reach
 *
 * Writes the change durably, then sends it when the link is live. Only after this returns
 * may the screen show the change as done (pending).
 *
 * Returns: the entry's sequence number, or 0 with @error set
 */
gint64
galley_outbox_add_status (GalleyOutbox       *self,
                          const char         *order_id,
                          GalleyOrderStatus   target,
                          GError            **error)
{
  gint64 seq;

  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), 0);
  g_return_val_if_fail (order_id != NULL, 0);
  g_return_val_if_fail (galley_order_status_to_string (target) != NULL, 0);

  seq = add_entry (self, KIND_STATUS, order_id, NULL, galley_order_status_to_string (target),
                   error);
  if (seq != 0)
    kick (self);

  return seq;
}

/**
 * galley_outbox_add_item_status:
 *
 * Like galley_outbox_add_status() for one line ("pending", "preparing", "ready").
 *
 * Returns: the entry's sequence number, or 0 with @error set
 */
gint64
galley_outbox_add_item_status (GalleyOutbox  *self,
                               const char    *order_id,
                               const char    *item_id,
                               const char    *status,
                               GError       **error)
{
  gint64 seq;

  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), 0);
  g_return_val_if_fail (order_id != NULL && item_id != NULL && status != NULL, 0);

  seq = add_entry (self, KIND_ITEM_STATUS, order_id, item_id, status, error);
  if (seq != 0)
    kick (self);

  return seq;
}

/**
 * galley_outbox_get_pending_status:
 *
 * Returns: the status the newest waiting change sets for @order_id, or
 *   %GALLEY_ORDER_STATUS_UNKNOWN when none waits (the overlay a card shows as pending)
 */
GalleyOrderStatus
galley_outbox_get_pending_status (GalleyOutbox *self,
                                  const char   *order_id)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), GALLEY_ORDER_STATUS_UNKNOWN);

  for (GList *l = self->entries.tail; l != NULL; l = l->prev)
    {
      Entry *entry = l->data;

      if (g_strcmp0 (entry->kind, KIND_STATUS) == 0 && g_strcmp0 (entry->order_id, order_id) == 0)
        return galley_order_status_from_string (entry->target);
    }

  return GALLEY_ORDER_STATUS_UNKNOWN;
}

guint
galley_outbox_get_depth (GalleyOutbox *self)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), 0);

  return self->entries.length;
}

/**
 * galley_outbox_get_oldest:
 *
 * Returns: when the oldest waiting change was made (unix µs), or 0
 */
gint64
galley_outbox_get_oldest (GalleyOutbox *self)
{
  Entry *entry;

  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), 0);

  entry = g_queue_peek_head (&self->entries);

  return entry != NULL ? entry->created_at : 0;
}

guint
galley_outbox_get_n_held (GalleyOutbox *self)
{
  guint n = 0;

  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), 0);

  for (GList *l = self->entries.head; l != NULL; l = l->next)
    n += ((Entry *) l->data)->held;

  return n;
}

/**
 * galley_outbox_release_held:
 * @send: %TRUE to send the old changes after all, %FALSE to drop them
 *
 * The answer of the person asked about changes older than 12 hours (R-OUT-6).
 */
void
galley_outbox_release_held (GalleyOutbox *self,
                            gboolean      send)
{
  g_return_if_fail (GALLEY_IS_OUTBOX (self));

  while (!g_queue_is_empty (&self->entries) &&
         ((Entry *) g_queue_peek_head (&self->entries))->held && !send)
    remove_head (self);

  for (GList *l = self->entries.head; l != NULL && send; l = l->next)
    ((Entry *) l->data)->held = FALSE;
  /* a confirmed entry is not held again for its age */
  for (GList *l = self->entries.head; l != NULL && send; l = l->next)
    ((Entry *) l->data)->created_at = MAX (((Entry *) l->data)->created_at,
                                           g_get_real_time () - GALLEY_OUTBOX_HOLD_US + 1);

  notify_depth (self);
  kick (self);
}

/**
 * galley_outbox_set_live:
 *
 * Sends only while the link is live, i.e. after the post-reconnect snapshot, so decisions are
 * made against current server statuses (R-OUT-2).
 */
void
galley_outbox_set_live (GalleyOutbox *self,
                        gboolean      live)
{
  g_return_if_fail (GALLEY_IS_OUTBOX (self));

  if (self->live == live)
    return;

  self->live = live;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);

  if (live)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      kick (self);
    }
}

gboolean
galley_outbox_get_live (GalleyOutbox *self)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), FALSE);

  return self->live;
}

gboolean
galley_outbox_get_busy (GalleyOutbox *self)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), FALSE);

  return self->busy;
}

guint64
galley_outbox_get_sent (GalleyOutbox *self)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), 0);

  return self->sent;
}

guint64
galley_outbox_get_conflicts (GalleyOutbox *self)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), 0);

  return self->conflicts;
}

void
galley_outbox_set_retry_delay (GalleyOutbox *self,
                               guint         base_ms)
{
  g_return_if_fail (GALLEY_IS_OUTBOX (self));

  self->retry_base_ms = MAX (base_ms, 1);
}
