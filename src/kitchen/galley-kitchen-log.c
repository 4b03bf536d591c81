/* galley-kitchen-log.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a kitchen screen remembers on its own terminal (spec/kitchen-and-counter.md §1): the
 * bumps it made with their times, for "recently bumped", recall (K-7) and the speed of
 * service figures of the board header (K-21); who acknowledged an allergy banner and when
 * (K-10); which lines a cook struck through (K-6, per terminal until the server keeps line
 * state, §6); and the changes an order went through (K-11). One SQLite file in WAL mode;
 * bumps and acknowledgements are written with a full sync before the call returns, like the
 * outbox's entries (R-OUT-1). Opening, schema and recovery live in
 * galley-kitchen-log-storage.c.
 */
#define G_LOG_DOMAIN "galley-kitchen-log"

#include <glib/gi18n.h>
#include <string.h>

#include "kitchen/galley-kitchen-log-private.h"
#include "orders/galley-order-status.h"

G_DEFINE_QUARK (galley-kitchen-log-error-quark, galley_kitchen_log_error)

KITCHEN_LOG_DEFINE_BOXED (GalleyBumpRecord, galley_bump_record)

G_DEFINE_FINAL_TYPE (GalleyKitchenLog, galley_kitchen_log, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ records */

/**
 * galley_bump_record_copy:
 *
 * Returns: (transfer full): a deep copy
 */
GalleyBumpRecord *
galley_bump_record_copy (const GalleyBumpRecord *record)
{
  GalleyBumpRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_new (GalleyBumpRecord, 1);
  *copy = *record;
  copy->order_id = g_strdup (record->order_id);
  copy->order_label = g_strdup (record->order_label);
  copy->station = g_strdup (record->station);

  return copy;
}

void
galley_bump_record_free (GalleyBumpRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->order_id);
  g_free (record->order_label);
  g_free (record->station);
  g_free (record);
}

/* ------------------------------------------------------------------ helpers */

/* Reads the row of KITCHEN_LOG_BUMP_COLUMNS at the statement's cursor. */
static GalleyBumpRecord *
bump_from_row (sqlite3_stmt *stmt)
{
  GalleyBumpRecord *record = g_new0 (GalleyBumpRecord, 1);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->order_id = _galley_kitchen_log_column_text (stmt, 1);
  record->order_label = _galley_kitchen_log_column_text (stmt, 2);
  record->station = _galley_kitchen_log_column_text (stmt, 3);
  record->target = sqlite3_column_int (stmt, 4);
  record->previous = sqlite3_column_int (stmt, 5);
  record->started_at = sqlite3_column_int64 (stmt, 6);
  record->bumped_at = sqlite3_column_int64 (stmt, 7);
  record->recalled = sqlite3_column_int (stmt, 8) != 0;

  return record;
}

typedef enum
{
  BUMP_MISSING,
  BUMP_LIVE,
  BUMP_RECALLED,
  BUMP_UNDONE,
  BUMP_UNREADABLE,
} BumpState;

static BumpState
bump_state (GalleyKitchenLog *self,
            gint64            id)
{
  sqlite3_stmt *stmt = _galley_kitchen_log_stmt (self, KITCHEN_LOG_STMT_GET_BUMP);
  BumpState state = BUMP_MISSING;
  int rc;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    state = sqlite3_column_int (stmt, 9) ? BUMP_UNDONE
            : sqlite3_column_int (stmt, 8) ? BUMP_RECALLED : BUMP_LIVE;
  else if (rc != SQLITE_DONE)
    {
      _galley_kitchen_log_read_failed (self, rc, "a bump");
      state = BUMP_UNREADABLE;
    }
  sqlite3_reset (stmt);

  return state;
}

/* ------------------------------------------------------------------ GObject */

static void
galley_kitchen_log_dispose (GObject *object)
{
  GalleyKitchenLog *self = GALLEY_KITCHEN_LOG (object);

  /* 4. the database: statements, then the connection */
  _galley_kitchen_log_close (self);

  G_OBJECT_CLASS (galley_kitchen_log_parent_class)->dispose (object);
}

static void
galley_kitchen_log_finalize (GObject *object)
{
  GalleyKitchenLog *self = GALLEY_KITCHEN_LOG (object);

  g_assert (self->db == NULL);
  for (guint i = 0; i < KITCHEN_LOG_N_STMTS; i++)
    g_assert (self->stmts[i] == NULL);

  g_free (self->path);

  G_OBJECT_CLASS (galley_kitchen_log_parent_class)->finalize (object);
}

static void
galley_kitchen_log_class_init (GalleyKitchenLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = galley_kitchen_log_dispose;
  object_class->finalize = galley_kitchen_log_finalize;

  /**
   * GalleyKitchenLog::changed:
   *
   * A write changed the speed figures or the recently bumped list (a bump, an undo, a
   * recall, a prune that removed bumps). Emitted synchronously by the call that wrote.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
galley_kitchen_log_init (GalleyKitchenLog *self)
{
}

/* ------------------------------------------------------------------ public */

/**
 * galley_kitchen_log_dup_default_path:
 *
 * Returns: (transfer full): $XDG_STATE_HOME/galley/kitchen.db (the folder is created when
 *   the log is opened)
 */
char *
galley_kitchen_log_dup_default_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "galley", "kitchen.db", NULL);
}

/**
 * galley_kitchen_log_new:
 * @path: (nullable): the database file, or %NULL for the default
 *
 * Opens (or creates) the log: creates its folder, migrates an older schema, moves a damaged
 * file aside (with a warning) and starts a fresh one, and prunes rows older than 30 days.
 *
 * Returns: (transfer full) (nullable): the log, or %NULL with @error set
 */
GalleyKitchenLog *
galley_kitchen_log_new (const char  *path,
                        GError     **error)
{
  g_autoptr(GalleyKitchenLog) self = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (GALLEY_TYPE_KITCHEN_LOG, NULL);
  self->path = path != NULL ? g_strdup (path) : galley_kitchen_log_dup_default_path ();

  if (!_galley_kitchen_log_open (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
galley_kitchen_log_get_path (GalleyKitchenLog *self)
{
  g_return_val_if_fail (GALLEY_IS_KITCHEN_LOG (self), NULL);

  return self->path;
}

/**
 * galley_kitchen_log_add_bump:
 * @record: the bump; its id and recalled fields are ignored, a bumped_at of 0 means now
 * @warning_us: the warning threshold of the ticket's type at this station (0: none)
 * @late_us: the late threshold (0: none)
 *
 * Writes the bump durably (full sync) and emits #GalleyKitchenLog::changed.
 *
 * Returns: the bump's id, or 0 with @error set
 */
gint64
galley_kitchen_log_add_bump (GalleyKitchenLog        *self,
                             const GalleyBumpRecord  *record,
                             gint64                   warning_us,
                             gint64                   late_us,
                             GError                 **error)
{
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (GALLEY_IS_KITCHEN_LOG (self), 0);
  g_return_val_if_fail (self->db != NULL, 0);
  g_return_val_if_fail (record != NULL, 0);
  g_return_val_if_fail (record->order_id != NULL && record->station != NULL, 0);
  g_return_val_if_fail (record->target >= 0 && record->target <= GALLEY_ORDER_STATUS_LAST, 0);
  g_return_val_if_fail (record->previous >= 0 && record->previous <= GALLEY_ORDER_STATUS_LAST,
                        0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!_galley_kitchen_log_set_sync (self, TRUE, error))
    return 0;

  stmt = _galley_kitchen_log_stmt (self, KITCHEN_LOG_STMT_INSERT_BUMP);
  _galley_kitchen_log_bind_text (stmt, 1, record->order_id);
  _galley_kitchen_log_bind_text (stmt, 2, record->order_label);
  _galley_kitchen_log_bind_text (stmt, 3, record->station);
  sqlite3_bind_int (stmt, 4, record->target);
  sqlite3_bind_int (stmt, 5, record->previous);
  sqlite3_bind_int64 (stmt, 6, record->started_at);
  sqlite3_bind_int64 (stmt, 7, _galley_kitchen_log_now_if_zero (record->bumped_at));
  sqlite3_bind_int64 (stmt, 8, MAX (warning_us, 0));
  sqlite3_bind_int64 (stmt, 9, MAX (late_us, 0));
  if (!_galley_kitchen_log_write_step (self, stmt, "saving a bump", error))
    return 0;

  id = sqlite3_last_insert_rowid (self->db);
  g_debug ("Bump #%" G_GINT64_FORMAT ": order %s at %s", id, record->order_id, record->station);
  g_signal_emit (self, signals[CHANGED], 0);

  return id;
}

/* Writes a change of bump @id at @at with @kind (undo, recall). When no row changed, a bump
 * already in @done is no change (TRUE); any other is %GALLEY_KITCHEN_LOG_ERROR_NOT_FOUND with
 * @message. @doing names the write in a failure, @word the change in the debug log. */
static gboolean
mark_bump (GalleyKitchenLog  *self,
           KitchenLogStmt     kind,
           gint64             id,
           gint64             at,
           BumpState          done,
           const char        *doing,
           const char        *word,
           const char        *message,
           GError           **error)
{
  sqlite3_stmt *stmt;

  if (!_galley_kitchen_log_set_sync (self, TRUE, error))
    return FALSE;

  stmt = _galley_kitchen_log_stmt (self, kind);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, at);
  if (!_galley_kitchen_log_write_step (self, stmt, doing, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      if (bump_state (self, id) == done)
        return TRUE;
      g_set_error_literal (error, GALLEY_KITCHEN_LOG_ERROR, GALLEY_KITCHEN_LOG_ERROR_NOT_FOUND,
                           message);
      return FALSE;
    }

  g_debug ("Bump #%" G_GINT64_FORMAT " %s", id, word);
  g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}

/**
 * galley_kitchen_log_undo_bump:
 *
 * Marks the bump undone: it leaves the recently bumped list and the speed figures, and
 * stays in the file as a record. Undoing it again does nothing.
 *
 * Returns: %TRUE, or %FALSE with @error set (%GALLEY_KITCHEN_LOG_ERROR_NOT_FOUND for an
 *   unknown or pruned id)
 */
gboolean
galley_kitchen_log_undo_bump (GalleyKitchenLog  *self,
                              gint64             id,
                              GError           **error)
{
  g_return_val_if_fail (GALLEY_IS_KITCHEN_LOG (self), FALSE);
  g_return_val_if_fail (self->db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return mark_bump (self, KITCHEN_LOG_STMT_UNDO_BUMP, id, g_get_real_time (), BUMP_UNDONE,
                    "undoing a bump", "undone",
                    _("The bump could not be undone: it is not in the kitchen record"), error);
}

/**
 * galley_kitchen_log_add_recall:
 * @at: when the order was recalled (0: now)
 *
 * Marks the bump recalled: it leaves the recently bumped list and counts as a recall in
 * the speed figures of the window holding @at. Recalling it again does nothing.
 *
 * Returns: %TRUE, or %FALSE with @error set (%GALLEY_KITCHEN_LOG_ERROR_NOT_FOUND for an
 *   unknown, undone or pruned bump)
 */
gboolean
galley_kitchen_log_add_recall (GalleyKitchenLog  *self,
                               gint64             bump_id,
                               gint64             at,
                               GError           **error)
{
  g_return_val_if_fail (GALLEY_IS_KITCHEN_LOG (self), FALSE);
  g_return_val_if_fail (self->db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return mark_bump (self, KITCHEN_LOG_STMT_RECALL_BUMP, bump_id,
                    _galley_kitchen_log_now_if_zero (at), BUMP_RECALLED, "saving a recall",
                    "recalled", _("The order could not be recalled: it is not in the kitchen record"),
                    error);
}

/**
 * galley_kitchen_log_dup_bump:
 *
 * Returns: (transfer full) (nullable): the bump, or %NULL if it is unknown, undone or pruned
 */
GalleyBumpRecord *
galley_kitchen_log_dup_bump (GalleyKitchenLog *self,
                             gint64            id)
{
  sqlite3_stmt *stmt;
  GalleyBumpRecord *record = NULL;
  int rc;

  g_return_val_if_fail (GALLEY_IS_KITCHEN_LOG (self), NULL);
  g_return_val_if_fail (self->db != NULL, NULL);

  stmt = _galley_kitchen_log_stmt (self, KITCHEN_LOG_STMT_GET_BUMP);
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_int (stmt, 9) == 0)
    record = bump_from_row (stmt);
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _galley_kitchen_log_read_failed (self, rc, "a bump");
  sqlite3_reset (stmt);

  return record;
}

/**
 * galley_kitchen_log_list_recent_bumps:
 * @station: (nullable): only this station's bumps, or %NULL for every station
 * @since: the oldest bump time wanted (e.g. now - 30 min)
 *
 * Returns: (transfer full) (element-type GalleyBumpRecord): the bumps made since @since that
 *   were neither undone nor recalled, newest first; empty if the file cannot be read
 */
GPtrArray *
galley_kitchen_log_list_recent_bumps (GalleyKitchenLog *self,
                                      const char       *station,
                                      gint64            since)
{
  GPtrArray *bumps;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GALLEY_IS_KITCHEN_LOG (self), NULL);
  g_return_val_if_fail (self->db != NULL, NULL);

  bumps = g_ptr_array_new_with_free_func ((GDestroyNotify) galley_bump_record_free);
  stmt = _galley_kitchen_log_stmt (self, KITCHEN_LOG_STMT_LIST_RECENT);
  sqlite3_bind_int64 (stmt, 1, since);
  _galley_kitchen_log_bind_text (stmt, 2, station);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (bumps, bump_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _galley_kitchen_log_read_failed (self, rc, "recent bumps");
      g_ptr_array_set_size (bumps, 0);
    }

  return bumps;
}

/**
 * galley_kitchen_log_get_speed:
 * @station: (nullable): one station's bumps, or %NULL for all
 * @from: start of the window (included), e.g. from galley_kitchen_log_today_range()
 * @to: end of the window (excluded)
 * @out: (out caller-allocates): the figures; all 0 if the file cannot be read
 *
 * Speed of service over the bumps made in [@from, @to) that were not undone (K-21).
 */
void
galley_kitchen_log_get_speed (GalleyKitchenLog     *self,
                              const char           *station,
                              gint64                from,
                              gint64                to,
                              GalleySpeedOfService *out)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_if_fail (out != NULL);
  memset (out, 0, sizeof *out);
  g_return_if_fail (GALLEY_IS_KITCHEN_LOG (self));
  g_return_if_fail (self->db != NULL);

  stmt = _galley_kitchen_log_stmt (self, KITCHEN_LOG_STMT_SPEED);
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  _galley_kitchen_log_bind_text (stmt, 3, station);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gint64 n = sqlite3_column_int64 (stmt, 0);
      gint64 total = sqlite3_column_int64 (stmt, 1);

      out->bumped = (guint) n;
      out->average_us = n > 0 ? (total + n / 2) / n : 0;
      out->worst_us = sqlite3_column_int64 (stmt, 2);
      out->past_warning = (guint) sqlite3_column_int64 (stmt, 3);
      out->past_late = (guint) sqlite3_column_int64 (stmt, 4);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      _galley_kitchen_log_read_failed (self, rc, "speed of service");
      memset (out, 0, sizeof *out);
      return;
    }

  stmt = _galley_kitchen_log_stmt (self, KITCHEN_LOG_STMT_RECALLS);
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  _galley_kitchen_log_bind_text (stmt, 3, station);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    out->recalls = (guint) sqlite3_column_int64 (stmt, 0);
  else
    _galley_kitchen_log_read_failed (self, rc, "recalls");
  sqlite3_reset (stmt);
}

/**
 * galley_kitchen_log_prune:
 * @older_than: rows from before this time go (bumps by bump time, the rest by their time)
 *
 * Removes old rows from every table; galley_kitchen_log_new() does this for rows older than
 * %GALLEY_KITCHEN_LOG_RETENTION_US. Emits #GalleyKitchenLog::changed if bumps were removed.
 *
 * Returns: the number of rows removed (0 if the file cannot be written; the log says why)
 */
guint
galley_kitchen_log_prune (GalleyKitchenLog *self,
                          gint64            older_than)
{
  g_autoptr(GError) error = NULL;
  guint n_rows, n_bumps;

  g_return_val_if_fail (GALLEY_IS_KITCHEN_LOG (self), 0);
  g_return_val_if_fail (self->db != NULL, 0);

  if (!_galley_kitchen_log_prune_rows (self, older_than, &n_rows, &n_bumps, &error))
    return 0;   /* logged with SQLite's detail; pruning again later is harmless */

  g_debug ("Pruned %u rows (%u bumps)", n_rows, n_bumps);
  if (n_bumps > 0)
    g_signal_emit (self, signals[CHANGED], 0);

  return n_rows;
}

/**
 * galley_kitchen_log_day_range:
 * @now: a time (unix µs)
 * @tz: the time zone whose calendar days count
 * @from: (out): the start of @now's day in @tz
 * @to: (out): the start of the next day (23 or 25 hours later on a DST change)
 */
void
galley_kitchen_log_day_range (gint64     now,
                              GTimeZone *tz,
                              gint64    *from,
                              gint64    *to)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  GDate date;
  int year, month, day;

  g_return_if_fail (tz != NULL && from != NULL && to != NULL);

  utc = g_date_time_new_from_unix_utc (now >= 0 ? now / G_USEC_PER_SEC
                                                : -((-now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  local = g_date_time_to_timezone (utc, tz);
  g_date_time_get_ymd (local, &year, &month, &day);

  /* midnight by the calendar, not start + 24 h: a DST day is 23 or 25 hours long */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  g_date_add_days (&date, 1);
  start = g_date_time_new (tz, year, month, day, 0, 0, 0);
  end = g_date_time_new (tz, g_date_get_year (&date), g_date_get_month (&date),
                         g_date_get_day (&date), 0, 0, 0);
  g_assert (start != NULL && end != NULL);

  *from = g_date_time_to_unix (start) * G_USEC_PER_SEC;
  *to = g_date_time_to_unix (end) * G_USEC_PER_SEC;
}

/**
 * galley_kitchen_log_today_range:
 * @now: a time (unix µs), usually g_get_real_time ()
 * @from: (out): local midnight starting @now's day
 * @to: (out): the next local midnight
 *
 * The window of "today" for galley_kitchen_log_get_speed(), in the terminal's time zone.
 */
void
galley_kitchen_log_today_range (gint64  now,
                                gint64 *from,
                                gint64 *to)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

  galley_kitchen_log_day_range (now, tz, from, to);
}
