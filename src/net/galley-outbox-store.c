/* galley-outbox-store.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyOutbox's storage: one SQLite file (WAL, synchronous=FULL), and the in-memory queue
 * that mirrors its rows in sequence order. A change is in the file before it is in the
 * queue, and a cancelled change leaves the queue only once it has left the file (R-OUT-1).
 *
 * Schema history (PRAGMA user_version):
 *   0  seq, kind, order_id, item_id, target, created_at
 *   1  + not_before (unix µs): not sent before then, the undo window of a deferred change
 *   2  + the creates table (galley-outbox-create.c), made when missing whatever the version
 * An older file is brought up to date when it is opened; a newer one is used as it is, since
 * later versions only ever add columns with defaults.
 */
#define G_LOG_DOMAIN "galley-outbox"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "diag/galley-instances.h"
#include "net/galley-outbox-private.h"

gboolean
_galley_outbox_storage_error (GalleyOutbox  *self,
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
      return _galley_outbox_storage_error (self, "setup", error);
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

/* Returns the schema version, or -1 with @error set. */
static int
read_user_version (GalleyOutbox  *self,
                   GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version < 0)
    _galley_outbox_storage_error (self, "schema version", error);

  return version;
}

/* Returns 1 if the outbox table has @column, 0 if not, -1 with @error set. */
static int
has_column (GalleyOutbox  *self,
            const char    *column,
            GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int found = 0;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA table_info(outbox)", -1, &stmt, NULL) != SQLITE_OK)
    {
      _galley_outbox_storage_error (self, "table info", error);
      return -1;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), column) == 0)
      found = 1;
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _galley_outbox_storage_error (self, "table info", error);
      return -1;
    }

  return found;
}

/* Creates the table, or brings a file written by an older Galley up to date, in one
 * transaction: a crash half-way leaves the old schema, which the next start migrates. */
static gboolean
migrate (GalleyOutbox  *self,
         GError       **error)
{
  int version = -1, found;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!exec (self, "CREATE TABLE IF NOT EXISTS outbox ("
                   "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                   "  kind TEXT NOT NULL,"
                   "  order_id TEXT NOT NULL,"
                   "  item_id TEXT,"
                   "  target TEXT NOT NULL,"
                   "  created_at INTEGER NOT NULL,"
                   "  not_before INTEGER NOT NULL DEFAULT 0)", error) ||
      (version = read_user_version (self, error)) < 0)
    goto fail;

  if (version < 1)
    {
      if ((found = has_column (self, "not_before", error)) < 0)
        goto fail;
      if (!found)
        {
          if (!exec (self, "ALTER TABLE outbox ADD COLUMN not_before INTEGER NOT NULL DEFAULT 0",
                     error))
            goto fail;
          g_message ("Outbox file %s brought up to schema version %d", self->path,
                     GALLEY_OUTBOX_SCHEMA_VERSION);
        }
    }
  else if (version > GALLEY_OUTBOX_SCHEMA_VERSION)
    g_message ("Outbox file %s has schema version %d, newer than this Galley's %d: used as it is",
               self->path, version, GALLEY_OUTBOX_SCHEMA_VERSION);

  if (!_galley_outbox_creates_open (self, error))
    goto fail;

  if (version < GALLEY_OUTBOX_SCHEMA_VERSION &&
      !exec (self, "PRAGMA user_version = " G_STRINGIFY (GALLEY_OUTBOX_SCHEMA_VERSION), error))
    goto fail;

  return exec (self, "COMMIT", error);

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
load_entries (GalleyOutbox  *self,
              GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 now = g_get_real_time ();
  gint64 now_mono = g_get_monotonic_time ();
  gint64 hold_before = now - GALLEY_OUTBOX_HOLD_US;
  guint n_deferred = 0;
  int rc;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT seq, kind, order_id, item_id, target, created_at, not_before "
                          "FROM outbox ORDER BY seq", -1, &stmt, NULL) != SQLITE_OK)
    return _galley_outbox_storage_error (self, "load", error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GalleyOutboxEntry *entry = g_new0 (GalleyOutboxEntry, 1);
      gint64 window;

      entry->seq = sqlite3_column_int64 (stmt, 0);
      entry->kind = column_text (stmt, 1);
      entry->order_id = column_text (stmt, 2);
      entry->item_id = column_text (stmt, 3);
      entry->target = column_text (stmt, 4);
      entry->created_at = sqlite3_column_int64 (stmt, 5);
      entry->not_before = sqlite3_column_int64 (stmt, 6);
      entry->held = entry->created_at < hold_before;
      /* an order an earlier run may have sent: look for it before posting (R-OUT-4) */
      if (g_strcmp0 (entry->kind, GALLEY_OUTBOX_KIND_CREATE) == 0)
        entry->need_reread = _galley_outbox_creates_was_attempted (self, entry->order_id);

      /* what is left of the undo window; never longer than the window itself, so a clock
       * set back cannot keep a change waiting */
      window = MAX (entry->not_before - entry->created_at, 0);
      entry->due = now_mono + CLAMP (entry->not_before - now, 0, window);
      n_deferred += entry->due > now_mono;

      g_queue_push_tail (&self->entries, entry);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return _galley_outbox_storage_error (self, "load", error);

  if (self->entries.length > 0)
    g_message ("%u changes from before were waiting to be sent (%u still in their undo window)",
               self->entries.length, n_deferred);

  return TRUE;
}

void
_galley_outbox_entry_free (GalleyOutboxEntry *entry)
{
  g_free (entry->kind);
  g_free (entry->order_id);
  g_free (entry->item_id);
  g_free (entry->target);
  g_free (entry);
}

/* Opens or creates the file at self->path, migrates it, and loads what it holds. */
gboolean
_galley_outbox_store_open (GalleyOutbox  *self,
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
    return _galley_outbox_storage_error (self, "open", error);
  galley_instances_counter_add ("sqlite database", 1);

  /* WAL with a full sync on every commit: a written change survives power loss (R-OUT-1) */
  if (!exec (self, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                   "PRAGMA busy_timeout=2000;", error) ||
      !migrate (self, error))
    return FALSE;

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO outbox (kind, order_id, item_id, target, created_at, "
                          "not_before) VALUES (?, ?, ?, ?, ?, ?)", -1, &self->insert_stmt,
                          NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (self->db, "DELETE FROM outbox WHERE seq = ?", -1,
                          &self->delete_stmt, NULL) != SQLITE_OK)
    return _galley_outbox_storage_error (self, "prepare", error);

  return load_entries (self, error);
}

void
_galley_outbox_store_close (GalleyOutbox *self)
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

/* Writes a change durably, then appends it to the queue. Returns its seq, or 0. */
gint64
_galley_outbox_store_add (GalleyOutbox  *self,
                          const char    *kind,
                          const char    *order_id,
                          const char    *item_id,
                          const char    *target,
                          guint          delay_ms,
                          GError       **error)
{
  GalleyOutboxEntry *entry;
  gint64 now = g_get_real_time ();
  gint64 delay_us = (gint64) delay_ms * 1000;

  if (self->entries.length >= GALLEY_OUTBOX_LIMIT)
    {
      g_set_error (error, GALLEY_OUTBOX_ERROR, GALLEY_OUTBOX_ERROR_FULL,
                   _("Too many changes are waiting to be sent (%u). "
                     "Check the connection to the restaurant server."), GALLEY_OUTBOX_LIMIT);
      return 0;
    }

  if (self->db == NULL)
    {
      _galley_outbox_storage_error (self, "insert", error);
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
  sqlite3_bind_int64 (self->insert_stmt, 6, now + delay_us);
  if (sqlite3_step (self->insert_stmt) != SQLITE_DONE)
    {
      _galley_outbox_storage_error (self, "insert", error);
      return 0;
    }

  entry = g_new0 (GalleyOutboxEntry, 1);
  entry->seq = sqlite3_last_insert_rowid (self->db);
  entry->kind = g_strdup (kind);
  entry->order_id = g_strdup (order_id);
  entry->item_id = g_strdup (item_id);
  entry->target = g_strdup (target);
  entry->created_at = now;
  entry->not_before = now + delay_us;
  entry->due = g_get_monotonic_time () + delay_us;
  g_queue_push_tail (&self->entries, entry);
  _galley_outbox_notify_depth (self);

  g_debug ("Queued %s %s → %s (#%" G_GINT64_FORMAT ", not before %u ms, %u waiting)", kind,
           order_id, target, entry->seq, delay_ms, self->entries.length);

  return entry->seq;
}

/*
 * Deletes the entry at @link from the file and the queue. With @must_persist (a
 * cancellation: the change must not go out after a restart) the entry stays where it is
 * when the delete fails, and FALSE is returned. Without it (the change is done on the
 * server, or dropped) it leaves the queue anyway: replaying it later is harmless (R-OUT-3).
 */
gboolean
_galley_outbox_store_remove (GalleyOutbox *self,
                             GList        *link,
                             gboolean      must_persist)
{
  GalleyOutboxEntry *entry = link->data;
  gboolean deleted = FALSE;

  if (self->delete_stmt != NULL)
    {
      sqlite3_reset (self->delete_stmt);
      sqlite3_bind_int64 (self->delete_stmt, 1, entry->seq);
      deleted = sqlite3_step (self->delete_stmt) == SQLITE_DONE;
    }

  if (!deleted)
    {
      g_warning ("Could not delete outbox entry %" G_GINT64_FORMAT ": %s", entry->seq,
                 self->db != NULL ? sqlite3_errmsg (self->db) : "no database");
      if (must_persist)
        return FALSE;
    }

  g_queue_delete_link (&self->entries, link);
  _galley_outbox_entry_free (entry);
  _galley_outbox_notify_depth (self);

  return TRUE;
}

GList *
_galley_outbox_store_find (GalleyOutbox *self,
                           gint64        seq)
{
  for (GList *l = self->entries.head; l != NULL; l = l->next)
    if (((GalleyOutboxEntry *) l->data)->seq == seq)
      return l;

  return NULL;
}

/* Takes the newest entry back out of the queue (not the file): its transaction failed. */
void
_galley_outbox_store_forget_tail (GalleyOutbox *self)
{
  GalleyOutboxEntry *entry = g_queue_pop_tail (&self->entries);

  if (entry != NULL)
    {
      _galley_outbox_entry_free (entry);
      _galley_outbox_notify_depth (self);
    }
}
