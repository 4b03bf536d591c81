/* test-kitchen-log.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kitchen log (GalleyKitchenLog): bumps, undo and recall with the recently bumped list,
 * speed of service with thresholds, allergy acknowledgements surviving a reopen and a kill,
 * lines done, the change audit, the day range across DST changes, pruning, recovery from a
 * damaged file, storage errors (read-only folder, disk full, database busy), hostile strings,
 * and 200 open/close cycles under the fd and resource gates.
 *
 * The same binary is the child of /kitchen/log/acks/survive-kill: test-kitchen-log --child DB
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "galley-testutil.h"
#include "kitchen/galley-kitchen-log-private.h"
#include "kitchen/galley-kitchen-log.h"
#include "orders/galley-order-status.h"

#define MINUTE (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)
#define DOMAIN "galley-kitchen-log"

static char *state_dir;   /* $XDG_STATE_HOME for this run */

/* ------------------------------------------------------------------ helpers */

typedef struct
{
  char   *dir;
  char   *path;
  gint64  now;    /* a recent time the test builds on (older rows would be pruned at open) */
} Fixture;

static void
remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  g_chmod (path, 0700);
  if ((dir = g_dir_open (path, 0, NULL)) != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_remove (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("galley-kitchen-log-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "kitchen.db", NULL);
  /* whole seconds, an hour ago: room for rows on both sides */
  f->now = (g_get_real_time () / G_USEC_PER_SEC) * G_USEC_PER_SEC - HOUR;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_assert_cmpint (galley_instances_counter_get ("sqlite database"), ==, 0);
  galley_test_assert_tracked (GALLEY_TYPE_KITCHEN_LOG, 0);
}

static GalleyKitchenLog *
open_log (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GalleyKitchenLog *log = galley_kitchen_log_new (f->path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (log);

  return log;
}

static gint64
bump_full (GalleyKitchenLog *log,
           const char       *order_id,
           const char       *label,
           const char       *station,
           gint64            started_at,
           gint64            bumped_at,
           gint64            warning_us,
           gint64            late_us)
{
  g_autoptr(GError) error = NULL;
  GalleyBumpRecord record = {
    .order_id = (char *) order_id,
    .order_label = (char *) label,
    .station = (char *) station,
    .target = GALLEY_ORDER_STATUS_READY,
    .previous = GALLEY_ORDER_STATUS_PREPARING,
    .started_at = started_at,
    .bumped_at = bumped_at,
  };
  gint64 id = galley_kitchen_log_add_bump (log, &record, warning_us, late_us, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static gint64
bump (GalleyKitchenLog *log,
      const char       *order_id,
      const char       *station,
      gint64            started_at,
      gint64            bumped_at)
{
  return bump_full (log, order_id, NULL, station, started_at, bumped_at, 10 * MINUTE,
                    15 * MINUTE);
}

static void
count_cb (GalleyKitchenLog *log,
          guint            *count)
{
  (*count)++;
}

/* A query on the file through a connection of our own (the log is closed). */
static gint64
db_scalar (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  return value;
}

/* The files in @dir whose name starts with @prefix. */
static GPtrArray *
list_files (const char *dir,
            const char *prefix)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);

  return names;
}

static int
pragma_synchronous (GalleyKitchenLog *log)
{
  sqlite3_stmt *stmt = NULL;
  int value;

  g_assert_cmpint (sqlite3_prepare_v2 (log->db, "PRAGMA synchronous", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* ------------------------------------------------------------------ lifecycle */

static void
test_new_destroy (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *nested = g_build_filename (f->dir, "a", "b", "kitchen.db", NULL);
  g_autoptr(GError) error = NULL;
  GalleyKitchenLog *log;
  int before = galley_instances_counter_get ("sqlite database");

  /* the folder is created */
  log = galley_kitchen_log_new (nested, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (galley_kitchen_log_get_path (log), ==, nested);
  g_assert_true (g_file_test (nested, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (galley_instances_counter_get ("sqlite database"), ==, before + 1);
  galley_test_assert_tracked (GALLEY_TYPE_KITCHEN_LOG, 1);
  g_assert_finalize_object (log);
  g_assert_cmpint (galley_instances_counter_get ("sqlite database"), ==, before);

  /* written in WAL mode with the current schema version */
  g_assert_cmpint (db_scalar (nested, "PRAGMA user_version"), ==,
                   GALLEY_KITCHEN_LOG_SCHEMA_VERSION);
  g_assert_cmpint (db_scalar (nested, "SELECT COUNT(*) FROM pragma_journal_mode WHERE "
                                      "journal_mode = 'wal'"), ==, 1);
}

static void
test_default_path (void)
{
  g_autofree char *expected = g_build_filename (state_dir, "galley", "kitchen.db", NULL);
  g_autofree char *path = galley_kitchen_log_dup_default_path ();
  g_autofree char *galley_dir = g_build_filename (state_dir, "galley", NULL);
  g_autoptr(GError) error = NULL;
  GalleyKitchenLog *log;

  g_assert_cmpstr (g_get_user_state_dir (), ==, state_dir);
  g_assert_cmpstr (path, ==, expected);
  g_assert_false (g_file_test (galley_dir, G_FILE_TEST_EXISTS));

  log = galley_kitchen_log_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (galley_kitchen_log_get_path (log), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  g_assert_finalize_object (log);

  remove_tree (galley_dir);
}

/* ------------------------------------------------------------------ bumps */

static void
test_recent (Fixture       *f,
             gconstpointer  data)
{
  GalleyKitchenLog *log = open_log (f);
  g_autoptr(GPtrArray) grill = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since = f->now - 30 * MINUTE;
  gint64 a, b, c, d, e, edge;
  GalleyBumpRecord *first;

  a = bump_full (log, "order-a", "Table 7", "grill", f->now - 32 * MINUTE, f->now - 20 * MINUTE,
                 10 * MINUTE, 15 * MINUTE);
  b = bump (log, "order-b", "fry", f->now - 15 * MINUTE, f->now - 10 * MINUTE);
  c = bump_full (log, "order-c", "Order #0004", "grill", f->now - 9 * MINUTE,
                 f->now - 5 * MINUTE, 10 * MINUTE, 15 * MINUTE);
  d = bump (log, "order-d", "grill", f->now - 50 * MINUTE, f->now - 40 * MINUTE);  /* too old */
  edge = bump (log, "order-edge", "grill", f->now - 40 * MINUTE, since);            /* included */
  g_assert_cmpint (a, <, b);
  g_assert_cmpint (b, <, c);
  g_assert_cmpint (c, <, d);

  grill = galley_kitchen_log_list_recent_bumps (log, "grill", since);
  g_assert_cmpuint (grill->len, ==, 3);
  first = g_ptr_array_index (grill, 0);
  g_assert_cmpint (first->id, ==, c);
  g_assert_cmpint (((GalleyBumpRecord *) g_ptr_array_index (grill, 1))->id, ==, a);
  g_assert_cmpint (((GalleyBumpRecord *) g_ptr_array_index (grill, 2))->id, ==, edge);

  /* every field comes back */
  g_assert_cmpstr (first->order_id, ==, "order-c");
  g_assert_cmpstr (first->order_label, ==, "Order #0004");
  g_assert_cmpstr (first->station, ==, "grill");
  g_assert_cmpint (first->target, ==, GALLEY_ORDER_STATUS_READY);
  g_assert_cmpint (first->previous, ==, GALLEY_ORDER_STATUS_PREPARING);
  g_assert_cmpint (first->started_at, ==, f->now - 9 * MINUTE);
  g_assert_cmpint (first->bumped_at, ==, f->now - 5 * MINUTE);
  g_assert_false (first->recalled);
  g_assert_null (((GalleyBumpRecord *) g_ptr_array_index (grill, 2))->order_label);

  {
    g_autoptr(GalleyBumpRecord) copy = galley_bump_record_copy (first);

    g_assert_true (copy->order_id != first->order_id);
    g_assert_cmpstr (copy->order_label, ==, "Order #0004");
    g_assert_cmpint (copy->bumped_at, ==, first->bumped_at);
    g_assert_true (G_TYPE_IS_BOXED (GALLEY_TYPE_BUMP_RECORD));
  }

  /* all stations, newest first; a tie on time goes to the later bump */
  e = bump (log, "order-e", "fry", f->now - 8 * MINUTE, f->now - 5 * MINUTE);
  all = galley_kitchen_log_list_recent_bumps (log, NULL, since);
  g_assert_cmpuint (all->len, ==, 5);
  g_assert_cmpint (((GalleyBumpRecord *) g_ptr_array_index (all, 0))->id, ==, e);
  g_assert_cmpint (((GalleyBumpRecord *) g_ptr_array_index (all, 1))->id, ==, c);
  g_assert_cmpint (((GalleyBumpRecord *) g_ptr_array_index (all, 2))->id, ==, b);
  g_assert_cmpint (((GalleyBumpRecord *) g_ptr_array_index (all, 3))->id, ==, a);
  g_assert_cmpint (((GalleyBumpRecord *) g_ptr_array_index (all, 4))->id, ==, edge);

  /* neither recalled nor undone bumps are listed */
  g_assert_true (galley_kitchen_log_add_recall (log, a, f->now, &error));
  g_assert_no_error (error);
  g_assert_true (galley_kitchen_log_undo_bump (log, c, &error));
  g_assert_no_error (error);
  after = galley_kitchen_log_list_recent_bumps (log, "grill", since);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpint (((GalleyBumpRecord *) g_ptr_array_index (after, 0))->id, ==, edge);

  /* an unknown station has none; bumped_at 0 means now */
  {
    g_autoptr(GPtrArray) none = galley_kitchen_log_list_recent_bumps (log, "pastry", since);
    g_autoptr(GPtrArray) now = NULL;
    gint64 before = g_get_real_time ();
    gint64 id = bump (log, "order-now", "pastry", f->now, 0);

    g_assert_cmpuint (none->len, ==, 0);
    now = galley_kitchen_log_list_recent_bumps (log, "pastry", since);
    g_assert_cmpuint (now->len, ==, 1);
    g_assert_cmpint (((GalleyBumpRecord *) g_ptr_array_index (now, 0))->id, ==, id);
    g_assert_cmpint (((GalleyBumpRecord *) g_ptr_array_index (now, 0))->bumped_at, >=, before);
    g_assert_cmpint (((GalleyBumpRecord *) g_ptr_array_index (now, 0))->bumped_at, <=,
                     g_get_real_time ());
  }

  g_assert_finalize_object (log);
}

static void
test_undo (Fixture       *f,
           gconstpointer  data)
{
  GalleyKitchenLog *log = open_log (f);
  g_autoptr(GError) error = NULL;
  GalleySpeedOfService speed;
  guint changed = 0;
  gint64 kept, undone;

  g_signal_connect (log, "changed", G_CALLBACK (count_cb), &changed);
  kept = bump (log, "order-1", "grill", f->now - 4 * MINUTE, f->now);
  undone = bump (log, "order-2", "grill", f->now - 20 * MINUTE, f->now);
  g_assert_cmpuint (changed, ==, 2);

  galley_kitchen_log_get_speed (log, NULL, f->now - HOUR, f->now + HOUR, &speed);
  g_assert_cmpuint (speed.bumped, ==, 2);
  g_assert_cmpint (speed.average_us, ==, 12 * MINUTE);
  g_assert_cmpint (speed.worst_us, ==, 20 * MINUTE);
  g_assert_cmpuint (speed.past_late, ==, 1);

  /* the undone bump leaves every figure */
  g_assert_true (galley_kitchen_log_undo_bump (log, undone, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 3);
  galley_kitchen_log_get_speed (log, NULL, f->now - HOUR, f->now + HOUR, &speed);
  g_assert_cmpuint (speed.bumped, ==, 1);
  g_assert_cmpint (speed.average_us, ==, 4 * MINUTE);
  g_assert_cmpint (speed.worst_us, ==, 4 * MINUTE);
  g_assert_cmpuint (speed.past_warning, ==, 0);
  g_assert_cmpuint (speed.past_late, ==, 0);
  g_assert_null (galley_kitchen_log_dup_bump (log, undone));
  {
    g_autoptr(GalleyBumpRecord) record = galley_kitchen_log_dup_bump (log, kept);

    g_assert_nonnull (record);
    g_assert_cmpstr (record->order_id, ==, "order-1");
  }

  /* undoing twice does nothing; an unknown bump is an error in words */
  g_assert_true (galley_kitchen_log_undo_bump (log, undone, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_false (galley_kitchen_log_undo_bump (log, 999999, &error));
  g_assert_error (error, GALLEY_KITCHEN_LOG_ERROR, GALLEY_KITCHEN_LOG_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "The bump could not be undone: it is not in the kitchen record");
  g_clear_error (&error);
  g_assert_cmpuint (changed, ==, 3);

  /* it stays undone in the file */
  g_assert_finalize_object (log);
  log = open_log (f);
  galley_kitchen_log_get_speed (log, "grill", f->now - HOUR, f->now + HOUR, &speed);
  g_assert_cmpuint (speed.bumped, ==, 1);
  g_assert_true (galley_kitchen_log_undo_bump (log, kept, &error));
  galley_kitchen_log_get_speed (log, "grill", f->now - HOUR, f->now + HOUR, &speed);
  g_assert_cmpuint (speed.bumped, ==, 0);
  g_assert_cmpint (speed.average_us, ==, 0);
  g_assert_finalize_object (log);
  g_assert_cmpint (db_scalar (f->path, "SELECT COUNT(*) FROM bumps WHERE undone_at IS NOT NULL"),
                   ==, 2);
}

static void
test_recall (Fixture       *f,
             gconstpointer  data)
{
  GalleyKitchenLog *log = open_log (f);
  g_autoptr(GError) error = NULL;
  GalleySpeedOfService speed;
  guint changed = 0;
  gint64 grill, fry, gone;

  g_signal_connect (log, "changed", G_CALLBACK (count_cb), &changed);
  grill = bump (log, "order-1", "grill", f->now - 30 * MINUTE, f->now - 20 * MINUTE);
  fry = bump (log, "order-2", "fry", f->now - 30 * MINUTE, f->now - 20 * MINUTE);
  gone = bump (log, "order-3", "fry", f->now - 30 * MINUTE, f->now - 20 * MINUTE);
  g_assert_true (galley_kitchen_log_undo_bump (log, gone, &error));
  g_assert_cmpuint (changed, ==, 4);

  g_assert_true (galley_kitchen_log_add_recall (log, grill, f->now - 10 * MINUTE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 5);
  {
    g_autoptr(GalleyBumpRecord) record = galley_kitchen_log_dup_bump (log, grill);

    g_assert_true (record->recalled);
  }

  /* counted in the window holding the recall, at its station; a recalled bump still counts
   * as bumped (it was) */
  galley_kitchen_log_get_speed (log, "grill", f->now - HOUR, f->now, &speed);
  g_assert_cmpuint (speed.recalls, ==, 1);
  g_assert_cmpuint (speed.bumped, ==, 1);
  galley_kitchen_log_get_speed (log, "fry", f->now - HOUR, f->now, &speed);
  g_assert_cmpuint (speed.recalls, ==, 0);
  galley_kitchen_log_get_speed (log, NULL, f->now - HOUR, f->now, &speed);
  g_assert_cmpuint (speed.recalls, ==, 1);
  galley_kitchen_log_get_speed (log, NULL, f->now - HOUR, f->now - 10 * MINUTE, &speed);
  g_assert_cmpuint (speed.recalls, ==, 0);
  g_assert_cmpuint (speed.bumped, ==, 2);

  /* recalling twice counts once */
  g_assert_true (galley_kitchen_log_add_recall (log, grill, f->now - 5 * MINUTE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 5);
  galley_kitchen_log_get_speed (log, NULL, f->now - HOUR, f->now, &speed);
  g_assert_cmpuint (speed.recalls, ==, 1);

  /* unknown and undone bumps cannot be recalled */
  g_assert_false (galley_kitchen_log_add_recall (log, 424242, 0, &error));
  g_assert_error (error, GALLEY_KITCHEN_LOG_ERROR, GALLEY_KITCHEN_LOG_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "The order could not be recalled: it is not in the kitchen record");
  g_clear_error (&error);
  g_assert_false (galley_kitchen_log_add_recall (log, gone, 0, &error));
  g_assert_error (error, GALLEY_KITCHEN_LOG_ERROR, GALLEY_KITCHEN_LOG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (changed, ==, 5);

  /* a second recall of another bump, then undoing the first one's bump drops its recall */
  g_assert_true (galley_kitchen_log_add_recall (log, fry, 0, &error));
  galley_kitchen_log_get_speed (log, NULL, f->now - HOUR, f->now + 2 * HOUR, &speed);
  g_assert_cmpuint (speed.recalls, ==, 2);
  g_assert_true (galley_kitchen_log_undo_bump (log, grill, &error));
  galley_kitchen_log_get_speed (log, NULL, f->now - HOUR, f->now + 2 * HOUR, &speed);
  g_assert_cmpuint (speed.recalls, ==, 1);
  g_assert_cmpuint (speed.bumped, ==, 1);

  /* recalls survive a reopen */
  g_assert_finalize_object (log);
  log = open_log (f);
  galley_kitchen_log_get_speed (log, "fry", f->now - HOUR, f->now + 2 * HOUR, &speed);
  g_assert_cmpuint (speed.recalls, ==, 1);
  g_assert_finalize_object (log);
}

static void
test_speed (Fixture       *f,
            gconstpointer  data)
{
  GalleyKitchenLog *log = open_log (f);
  GalleySpeedOfService speed;
  gint64 from = f->now - 2 * HOUR, to = f->now;
  gint64 t = f->now - HOUR;

  /* grill, thresholds 10 / 15 min: 5, 12 (warning), 20 (late), exactly 10 (warning reached),
   * exactly 15 (late reached) */
  bump (log, "o1", "grill", t - 5 * MINUTE, t);
  bump (log, "o2", "grill", t - 12 * MINUTE, t);
  bump (log, "o3", "grill", t - 20 * MINUTE, t);
  bump (log, "o4", "grill", t - 10 * MINUTE, t);
  bump (log, "o5", "grill", t - 15 * MINUTE, t);
  /* thresholds are the ones recorded with each bump: 12 min under a 15 / 25 type is fine */
  bump_full (log, "o6", NULL, "grill", t - 12 * MINUTE, t, 15 * MINUTE, 25 * MINUTE);
  /* no thresholds recorded: never past */
  bump_full (log, "o7", NULL, "grill", t - 60 * MINUTE, t, 0, 0);
  /* a ticket whose start lies after its bump (clock skew) counts as 0 */
  bump (log, "o8", "grill", t + 3 * MINUTE, t);

  galley_kitchen_log_get_speed (log, "grill", from, to, &speed);
  g_assert_cmpuint (speed.bumped, ==, 8);
  /* (5 + 12 + 20 + 10 + 15 + 12 + 60 + 0) / 8 = 16.75 min */
  g_assert_cmpint (speed.average_us, ==, (134 * MINUTE) / 8);
  g_assert_cmpint (speed.worst_us, ==, 60 * MINUTE);
  g_assert_cmpuint (speed.past_warning, ==, 4);   /* o2 o3 o4 o5 */
  g_assert_cmpuint (speed.past_late, ==, 2);      /* o3 o5 */
  g_assert_cmpuint (speed.recalls, ==, 0);

  /* another station and all stations */
  bump (log, "o9", "fry", t - 30 * MINUTE, t);
  galley_kitchen_log_get_speed (log, "fry", from, to, &speed);
  g_assert_cmpuint (speed.bumped, ==, 1);
  g_assert_cmpint (speed.average_us, ==, 30 * MINUTE);
  g_assert_cmpuint (speed.past_warning, ==, 1);
  g_assert_cmpuint (speed.past_late, ==, 1);
  galley_kitchen_log_get_speed (log, NULL, from, to, &speed);
  g_assert_cmpuint (speed.bumped, ==, 9);
  g_assert_cmpint (speed.average_us, ==, (164 * MINUTE) / 9);
  g_assert_cmpuint (speed.past_warning, ==, 5);
  g_assert_cmpuint (speed.past_late, ==, 3);

  /* the window is [from, to) by bump time */
  bump (log, "edge-from", "expo", from - 1 * MINUTE, from);
  bump (log, "edge-to", "expo", to - 1 * MINUTE, to);
  galley_kitchen_log_get_speed (log, "expo", from, to, &speed);
  g_assert_cmpuint (speed.bumped, ==, 1);
  galley_kitchen_log_get_speed (log, "expo", to, to + HOUR, &speed);
  g_assert_cmpuint (speed.bumped, ==, 1);

  /* the mean is rounded to the nearest microsecond */
  bump_full (log, "r1", NULL, "round", t - 1, t, 0, 0);
  bump_full (log, "r2", NULL, "round", t - 2, t, 0, 0);
  galley_kitchen_log_get_speed (log, "round", from, to, &speed);
  g_assert_cmpint (speed.average_us, ==, 2);

  /* an empty window is all zeros */
  memset (&speed, 0xff, sizeof speed);
  galley_kitchen_log_get_speed (log, NULL, to + DAY, to + 2 * DAY, &speed);
  g_assert_cmpuint (speed.bumped, ==, 0);
  g_assert_cmpint (speed.average_us, ==, 0);
  g_assert_cmpint (speed.worst_us, ==, 0);
  g_assert_cmpuint (speed.past_warning, ==, 0);
  g_assert_cmpuint (speed.past_late, ==, 0);
  g_assert_cmpuint (speed.recalls, ==, 0);

  g_assert_finalize_object (log);
}

/* ------------------------------------------------------------------ acknowledgements */

static void
test_ack_durable (Fixture       *f,
                  gconstpointer  data)
{
  GalleyKitchenLog *log = open_log (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *who = NULL;
  g_autofree char *allergens = NULL;
  guint changed = 0;
  gint64 at = 0;

  g_signal_connect (log, "changed", G_CALLBACK (count_cb), &changed);
  g_assert_false (galley_kitchen_log_lookup_ack (log, "order-1", "grill", &who, &at));
  g_assert_null (who);

  g_assert_true (galley_kitchen_log_add_ack (log, "order-1", "grill", "Maria",
                                             "peanuts, sesame", f->now, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 0);   /* no speed figure changed */
  /* an acknowledgement is an audit record: it is committed with a full sync (2) */
  g_assert_cmpint (pragma_synchronous (log), ==, 2);
  g_assert_finalize_object (log);

  /* it is there after reopening the file */
  log = open_log (f);
  g_assert_true (galley_kitchen_log_lookup_ack (log, "order-1", "grill", &who, &at));
  g_assert_cmpstr (who, ==, "Maria");
  g_assert_cmpint (at, ==, f->now);
  g_clear_pointer (&who, g_free);
  g_assert_true (galley_kitchen_log_lookup_ack_full (log, "order-1", "grill", NULL, NULL,
                                                     &allergens));
  g_assert_cmpstr (allergens, ==, "peanuts, sesame");
  g_clear_pointer (&allergens, g_free);

  /* per order and per station */
  g_assert_false (galley_kitchen_log_lookup_ack (log, "order-1", "expo", &who, &at));
  g_assert_false (galley_kitchen_log_lookup_ack (log, "order-2", "grill", &who, &at));
  g_assert_null (who);

  /* a later acknowledgement (new allergen after a change) supersedes it */
  g_assert_true (galley_kitchen_log_add_ack (log, "order-1", "grill", "Sam", NULL,
                                             f->now + MINUTE, &error));
  g_assert_true (galley_kitchen_log_add_ack (log, "order-1", "expo", "Ana", "milk", 0, &error));
  g_assert_no_error (error);
  g_assert_true (galley_kitchen_log_lookup_ack_full (log, "order-1", "grill", &who, &at,
                                                     &allergens));
  g_assert_cmpstr (who, ==, "Sam");
  g_assert_cmpint (at, ==, f->now + MINUTE);
  g_assert_null (allergens);
  g_clear_pointer (&who, g_free);
  g_assert_true (galley_kitchen_log_lookup_ack (log, "order-1", "expo", &who, &at));
  g_assert_cmpstr (who, ==, "Ana");
  g_assert_cmpint (at, >, f->now);   /* 0 means now */
  g_assert_finalize_object (log);

  g_assert_cmpint (db_scalar (f->path, "SELECT COUNT(*) FROM acks"), ==, 3);
}

static gboolean
line_read (gpointer data)
{
  return *(char **) data != NULL;
}

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **line = user_data;
  g_autoptr(GError) error = NULL;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                     &error);
  g_assert_no_error (error);
  if (*line == NULL)
    *line = g_strdup ("");
}

static int
child_main (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GalleyKitchenLog) log = galley_kitchen_log_new (path, &error);
  GalleyBumpRecord record = {
    .order_id = (char *) "order-kill", .station = (char *) "grill",
    .target = GALLEY_ORDER_STATUS_READY, .previous = GALLEY_ORDER_STATUS_PREPARING,
    .started_at = g_get_real_time () - MINUTE,
  };

  if (log == NULL ||
      !galley_kitchen_log_add_ack (log, "order-kill", "grill", "Maria", "fish", 0, &error) ||
      galley_kitchen_log_add_bump (log, &record, 10 * MINUTE, 15 * MINUTE, &error) == 0)
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }

  /* only now would the screen show it: report it as written, then wait for the kill */
  printf ("written\n");
  fflush (stdout);
  for (;;)
    g_usleep (G_USEC_PER_SEC);

  return 0;
}

static void
test_ack_survive_kill (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *binary = g_test_build_filename (G_TEST_BUILT, "test-kitchen-log", NULL);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *who = NULL;
  g_autoptr(GPtrArray) recent = NULL;
  GalleyKitchenLog *log;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, binary, "--child", f->path,
                            NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, read_line_cb, &line);
  g_assert_true (galley_test_spin_until (line_read, &line, 20000));
  g_assert_cmpstr (line, ==, "written");

  g_subprocess_force_exit (child);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  /* the killed process left its WAL behind; what it reported is there */
  log = open_log (f);
  g_assert_true (galley_kitchen_log_lookup_ack (log, "order-kill", "grill", &who, NULL));
  g_assert_cmpstr (who, ==, "Maria");
  recent = galley_kitchen_log_list_recent_bumps (log, "grill", f->now);
  g_assert_cmpuint (recent->len, ==, 1);
  g_assert_cmpstr (((GalleyBumpRecord *) g_ptr_array_index (recent, 0))->order_id, ==,
                   "order-kill");
  g_assert_finalize_object (log);
}

/* ------------------------------------------------------------------ lines and changes */

static void
test_lines_done (Fixture       *f,
                 gconstpointer  data)
{
  GalleyKitchenLog *log = open_log (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) lines = NULL;
  guint changed = 0;

  g_signal_connect (log, "changed", G_CALLBACK (count_cb), &changed);
  lines = galley_kitchen_log_dup_lines_done (log, "order-1");
  g_assert_cmpuint (g_hash_table_size (lines), ==, 0);
  g_clear_pointer (&lines, g_hash_table_unref);

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *item = g_strdup_printf ("line-%u", i);

      g_assert_true (galley_kitchen_log_set_line_done (log, "order-1", item, "grill", TRUE,
                                                       f->now + i, &error));
      g_assert_no_error (error);
    }
  /* struck lines may lose their last commits to a power cut, not to a crash: no full sync */
  g_assert_cmpint (pragma_synchronous (log), ==, 1);
  g_assert_true (galley_kitchen_log_set_line_done (log, "order-1", "line-2", "grill", FALSE,
                                                   f->now + 10, &error));
  g_assert_true (galley_kitchen_log_set_line_done (log, "order-1", "line-4", "fry", TRUE, 0,
                                                   &error));
  g_assert_true (galley_kitchen_log_set_line_done (log, "order-2", "line-1", "grill", TRUE, 0,
                                                   &error));
  /* taking back a line never struck is recorded as not done */
  g_assert_true (galley_kitchen_log_set_line_done (log, "order-1", "line-5", "grill", FALSE, 0,
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 0);
  g_assert_finalize_object (log);

  /* restored after a restart */
  log = open_log (f);
  lines = galley_kitchen_log_dup_lines_done (log, "order-1");
  g_assert_cmpuint (g_hash_table_size (lines), ==, 3);
  g_assert_true (g_hash_table_contains (lines, "line-1"));
  g_assert_false (g_hash_table_contains (lines, "line-2"));
  g_assert_true (g_hash_table_contains (lines, "line-3"));
  g_assert_true (g_hash_table_contains (lines, "line-4"));
  g_assert_false (g_hash_table_contains (lines, "line-5"));
  g_clear_pointer (&lines, g_hash_table_unref);

  lines = galley_kitchen_log_dup_lines_done_at (log, "order-1", "grill");
  g_assert_cmpuint (g_hash_table_size (lines), ==, 2);
  g_assert_false (g_hash_table_contains (lines, "line-4"));
  g_clear_pointer (&lines, g_hash_table_unref);

  /* struck again */
  g_assert_true (galley_kitchen_log_set_line_done (log, "order-1", "line-2", "grill", TRUE, 0,
                                                   &error));
  lines = galley_kitchen_log_dup_lines_done_at (log, "order-1", "grill");
  g_assert_cmpuint (g_hash_table_size (lines), ==, 3);
  g_clear_pointer (&lines, g_hash_table_unref);

  lines = galley_kitchen_log_dup_lines_done (log, "order-2");
  g_assert_cmpuint (g_hash_table_size (lines), ==, 1);
  g_assert_finalize_object (log);
}

static void
test_changes (Fixture       *f,
              gconstpointer  data)
{
  static const struct { const char *kind, *description; gint64 offset; } input[] = {
    { "added", "ADDED 1 × Soul Bowl", 10 },
    { "quantity", "2 → 1 Fries", 20 },
    { "void", "VOID Burger (no onions)", 30 },
    { "modified", "Burger: + extra cheese", 30 },
    { "added", "ADDED 1 × Cola", 5 },      /* arrived late with an earlier time */
    { "cancelled", "CANCELLED", 40 },
  };
  static const guint expected_order[] = { 4, 0, 1, 2, 3, 5 };
  GalleyKitchenLog *log = open_log (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  guint changed = 0;

  g_signal_connect (log, "changed", G_CALLBACK (count_cb), &changed);
  for (guint i = 0; i < G_N_ELEMENTS (input); i++)
    {
      g_assert_true (galley_kitchen_log_add_change (log, "order-1", input[i].kind,
                                                    input[i].description,
                                                    f->now + input[i].offset * G_USEC_PER_SEC,
                                                    &error));
      g_assert_no_error (error);
    }
  g_assert_true (galley_kitchen_log_add_change (log, "order-2", "void", "VOID Tea", f->now,
                                                &error));
  g_assert_cmpuint (changed, ==, 0);
  g_assert_finalize_object (log);

  log = open_log (f);
  changes = galley_kitchen_log_list_changes (log, "order-1");
  g_assert_cmpuint (changes->len, ==, G_N_ELEMENTS (input));
  for (guint i = 0; i < changes->len; i++)
    {
      GalleyChangeRecord *record = g_ptr_array_index (changes, i);
      guint k = expected_order[i];

      g_assert_cmpstr (record->order_id, ==, "order-1");
      g_assert_cmpstr (record->kind, ==, input[k].kind);
      g_assert_cmpstr (record->description, ==, input[k].description);
      g_assert_cmpint (record->at, ==, f->now + input[k].offset * G_USEC_PER_SEC);
      if (i > 0)
        {
          GalleyChangeRecord *previous = g_ptr_array_index (changes, i - 1);

          g_assert_cmpint (previous->at, <=, record->at);
          if (previous->at == record->at)
            g_assert_cmpint (previous->id, <, record->id);
        }
    }
  {
    g_autoptr(GalleyChangeRecord) copy = galley_change_record_copy (g_ptr_array_index (changes, 0));

    g_assert_cmpstr (copy->description, ==, "ADDED 1 × Cola");
    g_assert_true (G_TYPE_IS_BOXED (GALLEY_TYPE_CHANGE_RECORD));
  }
  g_clear_pointer (&changes, g_ptr_array_unref);

  changes = galley_kitchen_log_list_changes (log, "order-2");
  g_assert_cmpuint (changes->len, ==, 1);
  g_clear_pointer (&changes, g_ptr_array_unref);
  changes = galley_kitchen_log_list_changes (log, "order-3");
  g_assert_cmpuint (changes->len, ==, 0);
  g_assert_finalize_object (log);
}

/* ------------------------------------------------------------------ signal */

static void
test_changed_signal (Fixture       *f,
                     gconstpointer  data)
{
  GalleyKitchenLog *log = open_log (f);
  g_autoptr(GError) error = NULL;
  guint changed = 0;
  gint64 id;

  g_signal_connect (log, "changed", G_CALLBACK (count_cb), &changed);

  id = bump (log, "order-1", "grill", f->now - MINUTE, f->now);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (galley_kitchen_log_add_recall (log, id, 0, &error));
  g_assert_cmpuint (changed, ==, 2);
  g_assert_true (galley_kitchen_log_undo_bump (log, id, &error));
  g_assert_cmpuint (changed, ==, 3);

  g_assert_true (galley_kitchen_log_add_ack (log, "order-1", "grill", "Maria", NULL, 0, &error));
  g_assert_true (galley_kitchen_log_set_line_done (log, "order-1", "l", "grill", TRUE, 0, &error));
  g_assert_true (galley_kitchen_log_add_change (log, "order-1", "void", "VOID", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 3);

  /* pruning emits only when bumps went */
  g_assert_cmpuint (galley_kitchen_log_prune (log, f->now - DAY), ==, 0);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_true (galley_kitchen_log_add_change (log, "order-old", "added", "ADDED", f->now - 2 * DAY,
                                                &error));
  g_assert_cmpuint (galley_kitchen_log_prune (log, f->now - DAY), ==, 1);
  g_assert_cmpuint (changed, ==, 3);
  bump (log, "order-old", "grill", f->now - 2 * DAY - MINUTE, f->now - 2 * DAY);
  g_assert_cmpuint (changed, ==, 4);
  g_assert_cmpuint (galley_kitchen_log_prune (log, f->now - DAY), ==, 1);
  g_assert_cmpuint (changed, ==, 5);

  g_assert_finalize_object (log);
}

/* ------------------------------------------------------------------ day range */

static gint64
utc_us (int year,
        int month,
        int day,
        int hour,
        int minute,
        int second)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, second);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static void
assert_day (GTimeZone *tz,
            gint64     now,
            gint64     from,
            gint64     to)
{
  gint64 got_from = 0, got_to = 0;

  galley_kitchen_log_day_range (now, tz, &got_from, &got_to);
  g_assert_cmpint (got_from, ==, from);
  g_assert_cmpint (got_to, ==, to);
  g_assert_cmpint (got_from, <=, now);
  g_assert_cmpint (now, <, got_to);
}

static void
test_day_range_dst (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("America/New_York");
  g_autoptr(GTimeZone) local = NULL;
  GalleyKitchenLog *log;
  GalleySpeedOfService speed;
  gint64 from, to, local_from = 0, local_to = 0;

  if (tz == NULL)
    {
      g_test_skip ("no time zone data for America/New_York (tzdata not installed)");
      return;
    }

  /* spring forward, Sunday 9 March 2025: 23 hours, from 05:00Z (EST) to 04:00Z (EDT) */
  from = utc_us (2025, 3, 9, 5, 0, 0);
  to = utc_us (2025, 3, 10, 4, 0, 0);
  g_assert_cmpint (to - from, ==, 23 * HOUR);
  assert_day (tz, utc_us (2025, 3, 9, 16, 0, 0), from, to);
  assert_day (tz, from, from, to);                               /* midnight itself */
  assert_day (tz, utc_us (2025, 3, 9, 7, 30, 0), from, to);      /* 03:30 EDT, after the gap */
  assert_day (tz, to - 1, from, to);
  assert_day (tz, from - 1, utc_us (2025, 3, 8, 5, 0, 0), from);

  /* fall back, Sunday 2 November 2025: 25 hours, from 04:00Z (EDT) to 05:00Z (EST) */
  from = utc_us (2025, 11, 2, 4, 0, 0);
  to = utc_us (2025, 11, 3, 5, 0, 0);
  g_assert_cmpint (to - from, ==, 25 * HOUR);
  assert_day (tz, utc_us (2025, 11, 2, 17, 0, 0), from, to);
  assert_day (tz, utc_us (2025, 11, 2, 5, 30, 0), from, to);     /* 01:30 EDT */
  assert_day (tz, utc_us (2025, 11, 2, 6, 30, 0), from, to);     /* 01:30 EST, the repeat */
  assert_day (tz, to, to, utc_us (2025, 11, 4, 5, 0, 0));
  assert_day (tz, from - 1, utc_us (2025, 11, 1, 4, 0, 0), from);

  /* an ordinary day is 24 hours */
  assert_day (tz, utc_us (2025, 11, 5, 18, 0, 0), utc_us (2025, 11, 5, 5, 0, 0),
              utc_us (2025, 11, 6, 5, 0, 0));

  /* today_range uses the local zone: main() set TZ before the first GDateTime */
  local = g_time_zone_new_local ();
  g_assert_cmpstr (g_time_zone_get_identifier (local), ==, "America/New_York");
  galley_kitchen_log_today_range (utc_us (2025, 11, 2, 17, 0, 0), &local_from, &local_to);
  g_assert_cmpint (local_from, ==, from);
  g_assert_cmpint (local_to, ==, to);

  /* the speed figures of the 25-hour day: bumps at both ends in, the next midnight out */
  log = open_log (f);
  bump (log, "first", "grill", from - MINUTE, from);
  bump (log, "last", "grill", to - 2 * MINUTE, to - 1);
  bump (log, "before", "grill", from - 2 * MINUTE, from - 1);
  bump (log, "next", "grill", to - MINUTE, to);
  galley_kitchen_log_get_speed (log, "grill", from, to, &speed);
  g_assert_cmpuint (speed.bumped, ==, 2);
  g_assert_finalize_object (log);
}

/* ------------------------------------------------------------------ pruning */

static void
fill_all_tables (GalleyKitchenLog *log,
                 const char       *tag,
                 gint64            at)
{
  g_autoptr(GError) error = NULL;
  gint64 id = bump (log, tag, "grill", at - MINUTE, at);

  g_assert_true (galley_kitchen_log_add_recall (log, id, at, &error));
  g_assert_true (galley_kitchen_log_add_ack (log, tag, "grill", "Maria", NULL, at, &error));
  g_assert_true (galley_kitchen_log_set_line_done (log, tag, "line-1", "grill", TRUE, at, &error));
  g_assert_true (galley_kitchen_log_add_change (log, tag, "added", "ADDED", at, &error));
  g_assert_no_error (error);
}

static guint
rows_of (GalleyKitchenLog *log,
         const char       *tag)
{
  g_autoptr(GPtrArray) changes = galley_kitchen_log_list_changes (log, tag);
  g_autoptr(GHashTable) lines = galley_kitchen_log_dup_lines_done (log, tag);
  guint n = 0;

  n += changes->len;
  n += g_hash_table_size (lines);
  n += galley_kitchen_log_lookup_ack (log, tag, "grill", NULL, NULL);

  return n;
}

static void
test_prune (Fixture       *f,
            gconstpointer  data)
{
  GalleyKitchenLog *log = open_log (f);
  gint64 old = f->now - GALLEY_KITCHEN_LOG_RETENTION_US - HOUR;
  gint64 recent = f->now - GALLEY_KITCHEN_LOG_RETENTION_US + DAY;
  GalleySpeedOfService speed;
  guint changed = 0;

  g_signal_connect (log, "changed", G_CALLBACK (count_cb), &changed);
  fill_all_tables (log, "old", old);
  fill_all_tables (log, "recent", recent);
  changed = 0;
  g_assert_cmpuint (rows_of (log, "old"), ==, 3);
  galley_kitchen_log_get_speed (log, NULL, 0, G_MAXINT64, &speed);
  g_assert_cmpuint (speed.bumped, ==, 2);
  g_assert_cmpuint (speed.recalls, ==, 2);

  /* one row from each table */
  g_assert_cmpuint (galley_kitchen_log_prune (log, f->now - GALLEY_KITCHEN_LOG_RETENTION_US), ==,
                    4);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (rows_of (log, "old"), ==, 0);
  g_assert_cmpuint (rows_of (log, "recent"), ==, 3);
  galley_kitchen_log_get_speed (log, NULL, 0, G_MAXINT64, &speed);
  g_assert_cmpuint (speed.bumped, ==, 1);
  g_assert_cmpuint (speed.recalls, ==, 1);
  g_assert_cmpuint (galley_kitchen_log_prune (log, f->now - GALLEY_KITCHEN_LOG_RETENTION_US), ==,
                    0);
  g_assert_cmpuint (changed, ==, 1);

  /* opening prunes rows older than 30 days */
  fill_all_tables (log, "old", old);
  g_assert_finalize_object (log);
  g_assert_cmpint (db_scalar (f->path, "SELECT COUNT(*) FROM bumps"), ==, 2);
  log = open_log (f);
  g_assert_cmpuint (rows_of (log, "old"), ==, 0);
  g_assert_cmpuint (rows_of (log, "recent"), ==, 3);
  galley_kitchen_log_get_speed (log, NULL, 0, G_MAXINT64, &speed);
  g_assert_cmpuint (speed.bumped, ==, 1);
  g_assert_finalize_object (log);
  g_assert_cmpint (db_scalar (f->path, "SELECT COUNT(*) FROM bumps"), ==, 1);
  g_assert_cmpint (db_scalar (f->path, "SELECT COUNT(*) FROM acks"), ==, 1);
  g_assert_cmpint (db_scalar (f->path, "SELECT COUNT(*) FROM lines_done"), ==, 1);
  g_assert_cmpint (db_scalar (f->path, "SELECT COUNT(*) FROM changes"), ==, 1);
}

/* ------------------------------------------------------------------ recovery */

/* An empty log that takes a bump. */
static void
assert_fresh_and_working (Fixture          *f,
                          GalleyKitchenLog *log)
{
  g_autoptr(GPtrArray) before = galley_kitchen_log_list_recent_bumps (log, NULL, 0);
  g_autoptr(GPtrArray) changes = galley_kitchen_log_list_changes (log, "order-1");
  g_autoptr(GPtrArray) after = NULL;

  g_assert_cmpuint (before->len, ==, 0);
  g_assert_cmpuint (changes->len, ==, 0);
  bump (log, "order-new", "grill", f->now - MINUTE, f->now);
  after = galley_kitchen_log_list_recent_bumps (log, NULL, 0);
  g_assert_cmpuint (after->len, ==, 1);
}

static void
test_corrupt_garbage (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GString) garbage = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) aside = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *kept_path = NULL;
  GalleyKitchenLog *log;
  gsize length;

  for (guint i = 0; i < 1000; i++)
    g_string_append (garbage, "this is not a database; ");
  g_assert_true (g_file_set_contents (f->path, garbage->str, (gssize) garbage->len, &error));

  g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING, "*was damaged*moved it to*corrupt-*");
  log = open_log (f);
  g_test_assert_expected_messages ();
  assert_fresh_and_working (f, log);
  g_assert_finalize_object (log);

  /* the damaged file is kept, unchanged, beside the new one */
  aside = list_files (f->dir, "kitchen.db.corrupt-");
  g_assert_cmpuint (aside->len, ==, 1);
  kept_path = g_build_filename (f->dir, g_ptr_array_index (aside, 0), NULL);
  g_assert_true (g_file_get_contents (kept_path, &kept, &length, &error));
  g_assert_cmpmem (kept, length, garbage->str, garbage->len);
  g_clear_pointer (&aside, g_ptr_array_unref);

  /* damaged again within the same second: a second name, nothing overwritten */
  g_assert_true (g_file_set_contents (f->path, "garbage", -1, &error));
  g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING, "*was damaged*");
  log = open_log (f);
  g_test_assert_expected_messages ();
  g_assert_finalize_object (log);
  aside = list_files (f->dir, "kitchen.db.corrupt-");
  g_assert_cmpuint (aside->len, ==, 2);

  /* and the fresh file opens without complaint */
  log = open_log (f);
  g_assert_finalize_object (log);
}

static void
test_corrupt_pages (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) aside = NULL;
  g_autofree char *contents = NULL;
  GalleyKitchenLog *log = open_log (f);
  gsize length;

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *text = g_strdup_printf ("change %u with some words to fill a page", i);

      g_assert_true (galley_kitchen_log_add_change (log, "order-1", "added", text, f->now + i,
                                                    &error));
    }
  g_assert_finalize_object (log);   /* the last close checkpoints: all of it is in the file */

  /* keep the header page, scribble over every other page */
  g_assert_true (g_file_get_contents (f->path, &contents, &length, &error));
  g_assert_cmpuint (length, >, 4 * 4096);
  memset (contents + 4096, 0xa5, length - 4096);
  g_assert_true (g_file_set_contents (f->path, contents, (gssize) length, &error));

  g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING, "*was damaged*moved it to*");
  log = open_log (f);
  g_test_assert_expected_messages ();
  assert_fresh_and_working (f, log);
  g_assert_finalize_object (log);

  aside = list_files (f->dir, "kitchen.db.corrupt-");
  g_assert_cmpuint (aside->len, ==, 1);
}

static void
make_db (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
test_schema_newer (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) aside = NULL;
  g_autofree char *kept = NULL;
  GalleyKitchenLog *log;

  make_db (f->path, "CREATE TABLE future (x); PRAGMA user_version = 99;");

  g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING,
                         "*written by a newer Galley (schema version 99*moved it to*newer-*");
  log = open_log (f);
  g_test_assert_expected_messages ();
  assert_fresh_and_working (f, log);
  g_assert_finalize_object (log);

  aside = list_files (f->dir, "kitchen.db.newer-");
  g_assert_cmpuint (aside->len, ==, 1);
  kept = g_build_filename (f->dir, g_ptr_array_index (aside, 0), NULL);
  g_assert_cmpint (db_scalar (kept, "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (db_scalar (f->path, "PRAGMA user_version"), ==,
                   GALLEY_KITCHEN_LOG_SCHEMA_VERSION);
}

static void
test_schema_migrate (Fixture       *f,
                     gconstpointer  data)
{
  GalleyKitchenLog *log;

  /* a version 0 file (e.g. created empty by hand) is brought to the current version */
  make_db (f->path, "CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('kept');");
  g_assert_cmpint (db_scalar (f->path, "PRAGMA user_version"), ==, 0);

  log = open_log (f);
  assert_fresh_and_working (f, log);
  g_assert_finalize_object (log);

  g_assert_cmpint (db_scalar (f->path, "PRAGMA user_version"), ==,
                   GALLEY_KITCHEN_LOG_SCHEMA_VERSION);
  g_assert_cmpint (db_scalar (f->path, "SELECT COUNT(*) FROM notes WHERE x = 'kept'"), ==, 1);
  g_assert_cmpint (db_scalar (f->path, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' "
                                       "AND name IN ('bumps', 'acks', 'lines_done', 'changes')"),
                   ==, 4);

  /* reopening a current file changes nothing */
  log = open_log (f);
  g_assert_finalize_object (log);
  g_assert_cmpint (db_scalar (f->path, "SELECT COUNT(*) FROM bumps"), ==, 1);
}

/* ------------------------------------------------------------------ storage errors */

static void
test_read_only_dir (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *ro = g_build_filename (f->dir, "ro", NULL);
  g_autofree char *existing = g_build_filename (ro, "kitchen.db", NULL);
  g_autofree char *fresh = g_build_filename (ro, "new.db", NULL);
  g_autofree char *probe = g_build_filename (ro, "probe", NULL);
  g_autoptr(GError) error = NULL;
  GalleyKitchenLog *log;
  int fd;

  g_assert_cmpint (g_mkdir (ro, 0700), ==, 0);
  log = galley_kitchen_log_new (existing, &error);
  g_assert_no_error (error);
  bump (log, "order-1", "grill", f->now - MINUTE, f->now);
  g_assert_finalize_object (log);

  g_assert_cmpint (g_chmod (ro, 0500), ==, 0);
  fd = g_open (probe, O_CREAT | O_WRONLY, 0600);
  if (fd >= 0)
    {
      close (fd);
      g_test_skip ("chmod cannot deny this user (root) writing to a folder; the disk-full, "
                   "file-size-limit and busy tests cover the storage error path");
      return;
    }

  /* a new file cannot be created */
  g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING, "*failed*");
  log = galley_kitchen_log_new (fresh, &error);
  g_test_assert_expected_messages ();
  g_assert_null (log);
  g_assert_error (error, GALLEY_KITCHEN_LOG_ERROR, GALLEY_KITCHEN_LOG_ERROR_READ_ONLY);
  g_assert_cmpstr (error->message, ==,
                   "The kitchen record could not be opened: Galley may not write to its data "
                   "folder");
  g_clear_error (&error);

  /* nor can the existing one get its write-ahead log */
  g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING, "*failed*");
  log = galley_kitchen_log_new (existing, &error);
  g_test_assert_expected_messages ();
  g_assert_null (log);
  g_assert_error (error, GALLEY_KITCHEN_LOG_ERROR, GALLEY_KITCHEN_LOG_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_cmpint (galley_instances_counter_get ("sqlite database"), ==, 0);

  /* a folder that cannot be created */
  {
    g_autofree char *below = g_build_filename (ro, "sub", "kitchen.db", NULL);

    g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING, "*Could not create the folder*");
    log = galley_kitchen_log_new (below, &error);
    g_test_assert_expected_messages ();
    g_assert_null (log);
    g_assert_error (error, GALLEY_KITCHEN_LOG_ERROR, GALLEY_KITCHEN_LOG_ERROR_READ_ONLY);
  }

  g_assert_cmpint (g_chmod (ro, 0700), ==, 0);
}

static int
exec_on_log (GalleyKitchenLog *log,
             const char       *sql)
{
  return sqlite3_exec (log->db, sql, NULL, NULL, NULL);
}

static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *label = g_strnfill (3000, 'x');
  g_autoptr(GError) error = NULL;
  GalleyKitchenLog *log = open_log (f);
  guint written = 0;
  gint64 id = 1;

  /* SQLITE_FULL, the code a full disk gives, from SQLite's page limit on the log's own
   * connection: no new page may be allocated */
  bump (log, "order-0", "grill", f->now - MINUTE, f->now);
  /* SQLite clamps the limit to the current size */
  g_assert_cmpint (exec_on_log (log, "PRAGMA max_page_count = 1"), ==, SQLITE_OK);

  g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING, "*saving a bump failed*SQLite 13*");
  for (guint i = 0; i < 100 && id != 0; i++)
    {
      GalleyBumpRecord record = {
        .order_id = (char *) "order-full", .order_label = label, .station = (char *) "grill",
        .target = GALLEY_ORDER_STATUS_READY, .previous = GALLEY_ORDER_STATUS_PREPARING,
        .started_at = f->now - MINUTE, .bumped_at = f->now,
      };

      id = galley_kitchen_log_add_bump (log, &record, 0, 0, &error);
      if (id != 0)
        written++;
    }
  g_test_assert_expected_messages ();

  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, GALLEY_KITCHEN_LOG_ERROR, GALLEY_KITCHEN_LOG_ERROR_DISK_FULL);
  g_assert_cmpstr (error->message, ==, "The kitchen record could not be saved: the disk is full");
  g_clear_error (&error);

  /* the other writes say the same, in words */
  g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING, "*saving an order change failed*");
  for (guint i = 0; i < 100; i++)
    if (!galley_kitchen_log_add_change (log, "order-full", "added", label, 0, &error))
      break;
  g_test_assert_expected_messages ();
  g_assert_error (error, GALLEY_KITCHEN_LOG_ERROR, GALLEY_KITCHEN_LOG_ERROR_DISK_FULL);
  g_clear_error (&error);

  /* with room again, the log goes on */
  g_assert_cmpint (exec_on_log (log, "PRAGMA max_page_count = 1073741823"), ==, SQLITE_OK);
  bump (log, "order-after", "grill", f->now - MINUTE, f->now);
  g_assert_finalize_object (log);
  log = open_log (f);
  {
    g_autoptr(GPtrArray) recent = galley_kitchen_log_list_recent_bumps (log, "grill", 0);

    g_assert_cmpuint (recent->len, ==, written + 2);
  }
  g_assert_finalize_object (log);
}

static void
test_file_size_limit (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *label = g_strnfill (3000, 'x');
  g_autoptr(GError) error = NULL;
  GalleyKitchenLog *log = open_log (f);
  struct rlimit saved, limited;
  struct sigaction ignore = { .sa_handler = SIG_IGN }, old_action;
  GStatBuf st;
  guint written = 0;
  gint64 id = 1;

  /* RLIMIT_FSIZE makes the kernel refuse to grow files past a size, as a full disk does
   * (needs no privilege, unlike mounting a small file system). SQLite retries the short
   * write and then fails with SQLITE_IOERR_WRITE and errno EFBIG; a real full disk gives
   * SQLITE_FULL (ENOSPC). Both are reported as a full disk. */
  bump (log, "order-0", "grill", f->now - MINUTE, f->now);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limited = saved;
  limited.rlim_cur = (rlim_t) st.st_size + 1001;   /* never on a frame boundary */
  g_assert_cmpint (sigaction (SIGXFSZ, &ignore, &old_action), ==, 0);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);

  g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING, "*saving a bump failed*");
  for (guint i = 0; i < 100 && id != 0; i++)
    {
      GalleyBumpRecord record = {
        .order_id = (char *) "order-full", .order_label = label, .station = (char *) "grill",
        .target = GALLEY_ORDER_STATUS_READY, .previous = GALLEY_ORDER_STATUS_PREPARING,
        .started_at = f->now - MINUTE, .bumped_at = f->now,
      };

      id = galley_kitchen_log_add_bump (log, &record, 0, 0, &error);
      if (id != 0)
        written++;
    }

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  g_assert_cmpint (sigaction (SIGXFSZ, &old_action, NULL), ==, 0);
  g_test_assert_expected_messages ();

  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, GALLEY_KITCHEN_LOG_ERROR, GALLEY_KITCHEN_LOG_ERROR_DISK_FULL);
  g_assert_cmpstr (error->message, ==, "The kitchen record could not be saved: the disk is full");
  g_clear_error (&error);

  /* with room again, the log goes on, and nothing half-written shows */
  bump (log, "order-after", "grill", f->now - MINUTE, f->now);
  g_assert_finalize_object (log);
  log = open_log (f);   /* no "damaged" warning: the file is sound */
  {
    g_autoptr(GPtrArray) recent = galley_kitchen_log_list_recent_bumps (log, "grill", 0);

    g_assert_cmpuint (recent->len, ==, written + 2);
    g_assert_cmpstr (((GalleyBumpRecord *) g_ptr_array_index (recent, 0))->order_id, ==,
                     "order-after");
  }
  g_assert_finalize_object (log);
}

static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  GalleyKitchenLog *log = open_log (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *who = NULL;
  sqlite3 *other = NULL;
  gint64 t0;

  g_assert_true (galley_kitchen_log_add_ack (log, "order-1", "grill", "Maria", NULL, 0, &error));

  /* another program takes the write lock and keeps it */
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  t0 = g_get_monotonic_time ();
  g_test_expect_message (DOMAIN, G_LOG_LEVEL_WARNING, "*saving an allergy acknowledgement failed*");
  g_assert_false (galley_kitchen_log_add_ack (log, "order-2", "grill", "Sam", NULL, 0, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, GALLEY_KITCHEN_LOG_ERROR, GALLEY_KITCHEN_LOG_ERROR_BUSY);
  g_assert_cmpstr (error->message, ==,
                   "The kitchen record could not be saved: another program is using it");
  g_clear_error (&error);
  /* it waited a moment for the lock, no longer */
  g_assert_cmpint (g_get_monotonic_time () - t0, >=, 900 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 10 * G_USEC_PER_SEC);

  /* reading goes on meanwhile (WAL) */
  g_assert_true (galley_kitchen_log_lookup_ack (log, "order-1", "grill", &who, NULL));
  g_assert_cmpstr (who, ==, "Maria");

  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (other), ==, SQLITE_OK);

  g_assert_true (galley_kitchen_log_add_ack (log, "order-2", "grill", "Sam", NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (log);
}

/* ------------------------------------------------------------------ hostile strings */

static void
test_injection (Fixture       *f,
                gconstpointer  data)
{
  static const char * const nasty[] = {
    "'); DROP TABLE bumps; --",
    "Robert'); DELETE FROM acks WHERE ('1' = '1",
    "\" OR 1=1 --",
    "x'; UPDATE bumps SET undone_at = 1; SELECT '",
    "%s%s%n%x %d",
    "?1 ?2 :name @x $y",
    "Tisch 7 · Größe ½ — 🍔",
    "back\\slash 'single' \"double\" `tick`",
    "line\nbreak\ttab\r",
    "\xc3\x28 not UTF-8 \xff\xfe",
    "",
  };
  GalleyKitchenLog *log = open_log (f);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (nasty); i++)
    {
      const char *s = nasty[i];
      g_autoptr(GPtrArray) recent = NULL;
      g_autoptr(GPtrArray) changes = NULL;
      g_autoptr(GHashTable) lines = NULL;
      g_autofree char *who = NULL;
      g_autofree char *allergens = NULL;
      GalleyBumpRecord *record;
      gint64 id;

      id = bump_full (log, s, s, s, f->now - MINUTE, f->now + i, 0, 0);
      recent = galley_kitchen_log_list_recent_bumps (log, s, f->now + i);
      g_assert_cmpuint (recent->len, ==, 1);
      record = g_ptr_array_index (recent, 0);
      g_assert_cmpint (record->id, ==, id);
      g_assert_cmpstr (record->order_id, ==, s);
      g_assert_cmpstr (record->order_label, ==, s);
      g_assert_cmpstr (record->station, ==, s);

      g_assert_true (galley_kitchen_log_add_ack (log, s, s, s, s, f->now, &error));
      g_assert_true (galley_kitchen_log_lookup_ack_full (log, s, s, &who, NULL, &allergens));
      g_assert_cmpstr (who, ==, s);
      g_assert_cmpstr (allergens, ==, s);

      g_assert_true (galley_kitchen_log_set_line_done (log, s, s, s, TRUE, 0, &error));
      lines = galley_kitchen_log_dup_lines_done_at (log, s, s);
      g_assert_cmpuint (g_hash_table_size (lines), ==, 1);
      g_assert_true (g_hash_table_contains (lines, s));

      g_assert_true (galley_kitchen_log_add_change (log, s, "modified", s, 0, &error));
      changes = galley_kitchen_log_list_changes (log, s);
      g_assert_cmpuint (changes->len, ==, 1);
      g_assert_cmpstr (((GalleyChangeRecord *) g_ptr_array_index (changes, 0))->description, ==, s);
      g_assert_no_error (error);
    }
  g_assert_finalize_object (log);

  /* nothing was dropped, deleted or rewritten */
  g_assert_cmpint (db_scalar (f->path, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' "
                                       "AND name IN ('bumps', 'acks', 'lines_done', 'changes')"),
                   ==, 4);
  g_assert_cmpint (db_scalar (f->path, "SELECT COUNT(*) FROM bumps WHERE undone_at IS NULL"), ==,
                   G_N_ELEMENTS (nasty));
  g_assert_cmpint (db_scalar (f->path, "SELECT COUNT(*) FROM acks"), ==, G_N_ELEMENTS (nasty));
  g_assert_cmpint (db_scalar (f->path, "SELECT COUNT(*) FROM changes"), ==, G_N_ELEMENTS (nasty));
}

/* ------------------------------------------------------------------ cycles */

static void
cycle (Fixture *f,
       guint    i)
{
  g_autoptr(GError) error = NULL;
  GalleyKitchenLog *log = open_log (f);
  GalleySpeedOfService speed;
  guint changed = 0;

  g_signal_connect (log, "changed", G_CALLBACK (count_cb), &changed);
  g_assert_cmpint (galley_instances_counter_get ("sqlite database"), ==, 1);
  bump (log, "order-cycle", "grill", f->now - MINUTE, f->now);
  g_assert_true (galley_kitchen_log_add_ack (log, "order-cycle", "grill", "Maria", NULL, 0,
                                             &error));
  galley_kitchen_log_get_speed (log, NULL, f->now - HOUR, f->now + HOUR, &speed);
  g_assert_cmpuint (speed.bumped, ==, i + 1);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_finalize_object (log);
}

static void
test_cycles (Fixture       *f,
             gconstpointer  data)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  guint n = galley_test_iterations (200);

  cycle (f, 0);   /* warm-up: GLib's and SQLite's one-time set-up */
  galley_test_baseline_take (&base);
  for (guint i = 1; i <= n; i++)
    cycle (f, i);

  g_assert_cmpint (galley_instances_counter_get ("sqlite database"), ==, 0);
  galley_test_assert_tracked (GALLEY_TYPE_KITCHEN_LOG, 0);
  galley_test_baseline_assert (&base);
}

/* ------------------------------------------------------------------ main */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int rc;

  if (argc == 3 && strcmp (argv[1], "--child") == 0)
    return child_main (argv[2]);

  /* before the first GDateTime and the first g_get_user_state_dir () */
  g_setenv ("TZ", "America/New_York", TRUE);
  state_dir = g_dir_make_tmp ("galley-kitchen-state-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);

  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();
  galley_test_track_all ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/kitchen/log/new-destroy", test_new_destroy);
  g_test_add_func ("/kitchen/log/default-path", test_default_path);
  ADD ("/kitchen/log/bumps/recent", test_recent);
  ADD ("/kitchen/log/bumps/undo", test_undo);
  ADD ("/kitchen/log/bumps/recall", test_recall);
  ADD ("/kitchen/log/speed", test_speed);
  ADD ("/kitchen/log/acks/durable", test_ack_durable);
  ADD ("/kitchen/log/acks/survive-kill", test_ack_survive_kill);
  ADD ("/kitchen/log/lines-done", test_lines_done);
  ADD ("/kitchen/log/changes", test_changes);
  ADD ("/kitchen/log/changed-signal", test_changed_signal);
  ADD ("/kitchen/log/day-range-dst", test_day_range_dst);
  ADD ("/kitchen/log/prune", test_prune);
  ADD ("/kitchen/log/corrupt/garbage", test_corrupt_garbage);
  ADD ("/kitchen/log/corrupt/pages", test_corrupt_pages);
  ADD ("/kitchen/log/schema/newer", test_schema_newer);
  ADD ("/kitchen/log/schema/migrate", test_schema_migrate);
  ADD ("/kitchen/log/errors/read-only-dir", test_read_only_dir);
  ADD ("/kitchen/log/errors/disk-full", test_disk_full);
  ADD ("/kitchen/log/errors/file-size-limit", test_file_size_limit);
  ADD ("/kitchen/log/errors/busy", test_busy);
  ADD ("/kitchen/log/injection", test_injection);
  ADD ("/kitchen/log/cycles", test_cycles);

  rc = g_test_run ();

  remove_tree (state_dir);
  g_free (state_dir);

  return rc;
}
