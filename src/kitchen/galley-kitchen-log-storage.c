/* galley-kitchen-log-storage.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kitchen log's SQLite side: opening (WAL), the schema and its migrations
 * (PRAGMA user_version), moving a damaged file aside, pruning, and turning SQLite's
 * failures into words for a cook while the log keeps the detail.
 */
#define G_LOG_DOMAIN "galley-kitchen-log"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "diag/galley-instances.h"
#include "kitchen/galley-kitchen-log-private.h"

#define BUSY_TIMEOUT_MS 1000

/* Why an open failed, when the answer is to set the file aside and start afresh. */
typedef enum
{
  SET_ASIDE_NONE,
  SET_ASIDE_DAMAGED,
  SET_ASIDE_NEWER,
} SetAside;

/* ------------------------------------------------------------------ errors */

static int
system_errno (GalleyKitchenLog *self)
{
  return self->db != NULL ? sqlite3_system_errno (self->db) : 0;
}

static GalleyKitchenLogError
error_code_for (int rc,
                int sys_errno)
{
  /* EFBIG: the file may not grow (file size limit); for a cook that is a full disk too */
  if (sys_errno == ENOSPC || sys_errno == EDQUOT || sys_errno == EFBIG)
    return GALLEY_KITCHEN_LOG_ERROR_DISK_FULL;
  if (sys_errno == EROFS || sys_errno == EACCES || sys_errno == EPERM)
    return GALLEY_KITCHEN_LOG_ERROR_READ_ONLY;

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return GALLEY_KITCHEN_LOG_ERROR_DISK_FULL;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return GALLEY_KITCHEN_LOG_ERROR_READ_ONLY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return GALLEY_KITCHEN_LOG_ERROR_CORRUPT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return GALLEY_KITCHEN_LOG_ERROR_BUSY;
    default:
      return GALLEY_KITCHEN_LOG_ERROR_FAILED;
    }
}

static const char *
reason_for (GalleyKitchenLogError code,
            int                   rc)
{
  switch (code)
    {
    case GALLEY_KITCHEN_LOG_ERROR_DISK_FULL:
      return _("the disk is full");
    case GALLEY_KITCHEN_LOG_ERROR_READ_ONLY:
      return _("Galley may not write to its data folder");
    case GALLEY_KITCHEN_LOG_ERROR_CORRUPT:
      return _("the file is damaged");
    case GALLEY_KITCHEN_LOG_ERROR_BUSY:
      return _("another program is using it");
    case GALLEY_KITCHEN_LOG_ERROR_NOT_FOUND:
    case GALLEY_KITCHEN_LOG_ERROR_FAILED:
    default:
      if ((rc & 0xff) == SQLITE_IOERR)
        return _("the disk reported an error");
      if ((rc & 0xff) == SQLITE_NOMEM)
        return _("the terminal is out of memory");
      return _("something unexpected went wrong");
    }
}

static void
set_error (GError               **error,
           GalleyKitchenLogError  code,
           int                    rc,
           KitchenLogAction       action)
{
  const char *reason = reason_for (code, rc);

  if (action == KITCHEN_LOG_OPEN)
    g_set_error (error, GALLEY_KITCHEN_LOG_ERROR, code,
                 _("The kitchen record could not be opened: %s"), reason);
  else
    g_set_error (error, GALLEY_KITCHEN_LOG_ERROR, code,
                 _("The kitchen record could not be saved: %s"), reason);
}

/* Logs SQLite's own account of a failure and sets @error in words for a cook.
 * Always returns FALSE. */
gboolean
_galley_kitchen_log_fail (GalleyKitchenLog  *self,
                          int                rc,
                          KitchenLogAction   action,
                          const char        *what,
                          GError           **error)
{
  int sys_errno = system_errno (self);

  /* SQLite keeps the system error only in some paths; a failed write() of a commit leaves
   * it in errno alone (see _galley_kitchen_log_write_step) */
  if (sys_errno == 0 && (rc & 0xff) == SQLITE_IOERR)
    sys_errno = self->step_errno;
  self->step_errno = 0;

  g_warning ("Kitchen log %s: %s failed: %s (SQLite %d, %s)", self->path, what,
             self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc), rc,
             sys_errno != 0 ? g_strerror (sys_errno) : "no system error");
  set_error (error, error_code_for (rc, sys_errno), rc, action);

  return FALSE;
}

/* A failed read: the caller shows nothing new, the log says why (once a minute, so a
 * board refreshing every second does not flood it). */
void
_galley_kitchen_log_read_failed (GalleyKitchenLog *self,
                                 int               rc,
                                 const char       *what)
{
  gint64 now = g_get_monotonic_time ();
  const char *message = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  if (self->last_read_warning_us == 0 || now - self->last_read_warning_us >= 60 * G_USEC_PER_SEC)
    {
      self->last_read_warning_us = now;
      g_warning ("Kitchen log %s: reading %s failed: %s (SQLite %d)", self->path, what,
                 message, rc);
    }
  else
    g_debug ("Reading %s failed again: %s (SQLite %d)", what, message, rc);
}

/* ------------------------------------------------------------------ statements */

/* Exactly the bytes stored, even where they are not valid UTF-8 (stored as given). */
char *
_galley_kitchen_log_column_text (sqlite3_stmt *stmt,
                                 int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_strndup (text, (gsize) sqlite3_column_bytes (stmt, column)) : NULL;
}

void
_galley_kitchen_log_bind_text (sqlite3_stmt *stmt,
                               int           index,
                               const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

gint64
_galley_kitchen_log_now_if_zero (gint64 at)
{
  return at != 0 ? at : g_get_real_time ();
}

/* Steps a write statement and resets it; on failure logs and sets @error. */
gboolean
_galley_kitchen_log_write_step (GalleyKitchenLog  *self,
                                sqlite3_stmt      *stmt,
                                const char        *what,
                                GError           **error)
{
  int rc;

  errno = 0;
  rc = sqlite3_step (stmt);
  self->step_errno = rc != SQLITE_DONE ? errno : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _galley_kitchen_log_fail (self, rc, KITCHEN_LOG_SAVE, what, error);

  return TRUE;
}

sqlite3_stmt *
_galley_kitchen_log_stmt (GalleyKitchenLog *self,
                          KitchenLogStmt    which)
{
  sqlite3_stmt *stmt = self->stmts[which];

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return stmt;
}

/* Bumps and acknowledgements are audit records: each commit of theirs reaches the disk
 * (FULL). Line state and the change audit may lose their last commits to a power cut,
 * never to a crash (WAL with NORMAL), which saves an fsync per struck line. The pragma is
 * not kept prepared: SQLite applies it when the statement is compiled, not when it runs. */
gboolean
_galley_kitchen_log_set_sync (GalleyKitchenLog  *self,
                              gboolean           full,
                              GError           **error)
{
  int rc;

  if (self->sync_full == full)
    return TRUE;

  rc = sqlite3_exec (self->db, full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return _galley_kitchen_log_fail (self, rc, KITCHEN_LOG_SAVE, "synchronous", error);

  self->sync_full = full;

  return TRUE;
}

static int
exec (GalleyKitchenLog *self,
      const char       *sql)
{
  return sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

/* ------------------------------------------------------------------ pruning */

gboolean
_galley_kitchen_log_prune_rows (GalleyKitchenLog  *self,
                                gint64             older_than,
                                guint             *n_rows,
                                guint             *n_bumps,
                                GError           **error)
{
  static const char * const deletes[] = {
    "DELETE FROM bumps WHERE bumped_at < ?1",
    "DELETE FROM acks WHERE at < ?1",
    "DELETE FROM lines_done WHERE at < ?1",
    "DELETE FROM changes WHERE at < ?1",
  };
  guint rows = 0, bumps = 0;
  int rc;

  *n_rows = *n_bumps = 0;

  if (!_galley_kitchen_log_set_sync (self, FALSE, error))
    return FALSE;

  rc = exec (self, "BEGIN IMMEDIATE");
  if (rc != SQLITE_OK)
    return _galley_kitchen_log_fail (self, rc, KITCHEN_LOG_SAVE, "prune", error);

  for (guint i = 0; i < G_N_ELEMENTS (deletes); i++)
    {
      sqlite3_stmt *stmt = NULL;

      rc = sqlite3_prepare_v2 (self->db, deletes[i], -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          sqlite3_bind_int64 (stmt, 1, older_than);
          rc = sqlite3_step (stmt);
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          _galley_kitchen_log_fail (self, rc, KITCHEN_LOG_SAVE, "prune", error);
          exec (self, "ROLLBACK");
          return FALSE;
        }

      rows += (guint) sqlite3_changes (self->db);
      if (i == 0)
        bumps = rows;
    }

  rc = exec (self, "COMMIT");
  if (rc != SQLITE_OK)
    {
      _galley_kitchen_log_fail (self, rc, KITCHEN_LOG_SAVE, "prune", error);
      exec (self, "ROLLBACK");
      return FALSE;
    }

  *n_rows = rows;
  *n_bumps = bumps;

  return TRUE;
}

/* ------------------------------------------------------------------ opening */

static int
read_int (GalleyKitchenLog *self,
          const char       *sql,
          int              *value)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);

  return rc;
}

static int
set_wal (GalleyKitchenLog *self)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode=WAL", -1, &stmt, NULL);

  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *mode = (const char *) sqlite3_column_text (stmt, 0);

      /* e.g. a file system without shared memory: still durable, only slower */
      if (g_ascii_strcasecmp (mode != NULL ? mode : "", "wal") != 0)
        g_message ("Kitchen log %s: journal mode is %s, not WAL", self->path, mode);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  return rc;
}

/* PRAGMA quick_check: O(pages), a few milliseconds for 30 days of a busy kitchen. */
static int
quick_check (GalleyKitchenLog  *self,
             char             **problem)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(1)", -1, &stmt, NULL);

  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (text, "ok") != 0)
        {
          *problem = g_strdup (text != NULL ? text : "?");
          rc = SQLITE_CORRUPT;
        }
      else
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  return rc;
}

static int
migrate (GalleyKitchenLog *self,
         int               from)
{
  for (int v = from; v < GALLEY_KITCHEN_LOG_SCHEMA_VERSION; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v + 1);
      int rc;

      if ((rc = exec (self, "BEGIN IMMEDIATE")) != SQLITE_OK)
        return rc;
      if ((rc = exec (self, _galley_kitchen_log_migrations[v])) != SQLITE_OK ||
          (rc = exec (self, bump)) != SQLITE_OK ||
          (rc = exec (self, "COMMIT")) != SQLITE_OK)
        {
          g_warning ("Kitchen log %s: migration %d -> %d failed: %s", self->path, v, v + 1,
                     sqlite3_errmsg (self->db));
          exec (self, "ROLLBACK");
          return rc;
        }
      g_debug ("Kitchen log %s: schema %d -> %d", self->path, v, v + 1);
    }

  return SQLITE_OK;
}

static gboolean
is_damage (int rc)
{
  return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

/* One attempt. On failure returns the SQLite code with the connection still open (so the
 * caller can log its message), and says in @set_aside whether starting afresh would help. */
static int
open_once (GalleyKitchenLog  *self,
           SetAside          *set_aside,
           char             **detail,
           const char       **what)
{
  g_autoptr(GError) prune_error = NULL;
  guint n_rows, n_bumps;
  int version = 0;
  int rc;

  *set_aside = SET_ASIDE_NONE;

  *what = "open";
  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL);
  if (self->db != NULL)
    galley_instances_counter_add ("sqlite database", 1);   /* a handle exists even on failure */
  if (rc != SQLITE_OK)
    return rc;

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* the first statement reads the header: a file that is not a database fails here */
  *what = "journal mode";
  if ((rc = set_wal (self)) != SQLITE_OK)
    goto out;

  *what = "schema version";
  if ((rc = read_int (self, "PRAGMA user_version", &version)) != SQLITE_OK)
    goto out;
  if (version > GALLEY_KITCHEN_LOG_SCHEMA_VERSION)
    {
      *set_aside = SET_ASIDE_NEWER;
      *detail = g_strdup_printf ("schema version %d, this Galley knows %d", version,
                                 GALLEY_KITCHEN_LOG_SCHEMA_VERSION);
      return SQLITE_ERROR;
    }

  *what = "integrity check";
  if ((rc = quick_check (self, detail)) != SQLITE_OK)
    goto out;

  *what = "migration";
  if ((rc = migrate (self, version)) != SQLITE_OK)
    goto out;

  *what = "synchronous";
  if ((rc = exec (self, "PRAGMA synchronous=NORMAL")) != SQLITE_OK)
    goto out;
  self->sync_full = FALSE;

  *what = "prepare";
  for (guint i = 0; i < KITCHEN_LOG_N_STMTS; i++)
    if ((rc = sqlite3_prepare_v3 (self->db, _galley_kitchen_log_statement_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                  &self->stmts[i], NULL)) != SQLITE_OK)
      goto out;

  *what = "prune";
  if (!_galley_kitchen_log_prune_rows (self, g_get_real_time () - GALLEY_KITCHEN_LOG_RETENTION_US,
                                       &n_rows, &n_bumps, &prune_error))
    {
      /* logged already; damage the integrity check missed is handled like any damage,
       * anything else leaves an unpruned log that works, and the next open tries again */
      if (g_error_matches (prune_error, GALLEY_KITCHEN_LOG_ERROR,
                           GALLEY_KITCHEN_LOG_ERROR_CORRUPT))
        rc = SQLITE_CORRUPT;
    }
  else if (n_rows > 0)
    g_debug ("Kitchen log %s: pruned %u rows older than 30 days", self->path, n_rows);

out:
  if (rc != SQLITE_OK && is_damage (rc))
    {
      *set_aside = SET_ASIDE_DAMAGED;
      if (*detail == NULL)
        *detail = g_strdup (sqlite3_errmsg (self->db));
    }

  return rc;
}

void
_galley_kitchen_log_close (GalleyKitchenLog *self)
{
  for (guint i = 0; i < KITCHEN_LOG_N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);

  if (self->db != NULL)
    {
      int rc = sqlite3_close (self->db);

      if (rc != SQLITE_OK)
        g_warning ("Kitchen log %s: close failed: %s", self->path, sqlite3_errstr (rc));
      self->db = NULL;
      galley_instances_counter_add ("sqlite database", -1);
    }
}

static char *
aside_path (GalleyKitchenLog *self,
            const char       *kind)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");

  for (guint n = 1; ; n++)
    {
      g_autofree char *path = n == 1 ? g_strdup_printf ("%s.%s-%s", self->path, kind, stamp)
                                     : g_strdup_printf ("%s.%s-%s-%u", self->path, kind, stamp, n);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
}

/* Keeps the damaged (or newer) file, with its journal, under another name for whoever
 * investigates, so a fresh log can take its place. The connection is closed. */
static gboolean
set_file_aside (GalleyKitchenLog  *self,
                SetAside           why,
                const char        *detail,
                GError           **error)
{
  static const char * const companions[] = { "-wal", "-journal" };
  g_autofree char *aside = aside_path (self, why == SET_ASIDE_NEWER ? "newer" : "corrupt");
  g_autofree char *shm = g_strconcat (self->path, "-shm", NULL);

  if (g_rename (self->path, aside) != 0)
    {
      int saved = errno;

      g_warning ("Kitchen log %s is %s (%s) and could not be moved to %s: %s", self->path,
                 why == SET_ASIDE_NEWER ? "from a newer Galley" : "damaged", detail, aside,
                 g_strerror (saved));
      set_error (error, GALLEY_KITCHEN_LOG_ERROR_CORRUPT, SQLITE_CORRUPT, KITCHEN_LOG_OPEN);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *from = g_strconcat (self->path, companions[i], NULL);
      g_autofree char *to = g_strconcat (aside, companions[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && g_rename (from, to) != 0)
        g_warning ("Could not move %s to %s: %s", from, to, g_strerror (errno));
    }
  /* shared memory index of the WAL: rebuilt from the WAL, never worth keeping */
  if (g_file_test (shm, G_FILE_TEST_EXISTS) && g_remove (shm) != 0)
    g_warning ("Could not remove %s: %s", shm, g_strerror (errno));

  if (why == SET_ASIDE_NEWER)
    g_warning ("Kitchen log %s was written by a newer Galley (%s): moved it to %s and "
               "started a new one", self->path, detail, aside);
  else
    g_warning ("Kitchen log %s was damaged (%s): moved it to %s and started a new one",
               self->path, detail, aside);

  return TRUE;
}

gboolean
_galley_kitchen_log_open (GalleyKitchenLog  *self,
                          GError           **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      GalleyKitchenLogError code = (saved == ENOSPC || saved == EDQUOT)
                                   ? GALLEY_KITCHEN_LOG_ERROR_DISK_FULL
                                   : GALLEY_KITCHEN_LOG_ERROR_READ_ONLY;

      g_warning ("Could not create the folder %s for the kitchen log: %s", dir,
                 g_strerror (saved));
      set_error (error, code, SQLITE_CANTOPEN, KITCHEN_LOG_OPEN);
      return FALSE;
    }

  for (guint attempt = 0; ; attempt++)
    {
      g_autofree char *detail = NULL;
      const char *what = NULL;
      SetAside set_aside;
      int rc = open_once (self, &set_aside, &detail, &what);

      if (rc == SQLITE_OK)
        return TRUE;

      if (set_aside == SET_ASIDE_NONE || attempt > 0)
        {
          _galley_kitchen_log_fail (self, rc, KITCHEN_LOG_OPEN, what, error);
          _galley_kitchen_log_close (self);
          return FALSE;
        }

      _galley_kitchen_log_close (self);
      if (!set_file_aside (self, set_aside, detail, error))
        return FALSE;
    }
}
