/* galley-kitchen-log-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by galley-kitchen-log.c (the API) and galley-kitchen-log-storage.c (opening,
 * schema, recovery, errors) only.
 */
#pragma once

#include <sqlite3.h>

#include "kitchen/galley-kitchen-log.h"

G_BEGIN_DECLS

/* The prepared statements kept for the life of the connection. */
typedef enum
{
  KITCHEN_LOG_STMT_INSERT_BUMP,
  KITCHEN_LOG_STMT_UNDO_BUMP,
  KITCHEN_LOG_STMT_RECALL_BUMP,
  KITCHEN_LOG_STMT_GET_BUMP,
  KITCHEN_LOG_STMT_LIST_RECENT,
  KITCHEN_LOG_STMT_SPEED,
  KITCHEN_LOG_STMT_RECALLS,
  KITCHEN_LOG_STMT_INSERT_ACK,
  KITCHEN_LOG_STMT_LOOKUP_ACK,
  KITCHEN_LOG_STMT_SET_LINE,
  KITCHEN_LOG_STMT_LIST_LINES,
  KITCHEN_LOG_STMT_INSERT_CHANGE,
  KITCHEN_LOG_STMT_LIST_CHANGES,
  KITCHEN_LOG_N_STMTS
} KitchenLogStmt;

/* G_DEFINE_BOXED_TYPE does not build with -std=c11 -Wpedantic -Werror (its copy-function
 * check converts to a union type): the boxed types register themselves by hand. */
#define KITCHEN_LOG_DEFINE_BOXED(TypeName, type_name)                                    \
  GType                                                                                 \
  type_name##_get_type (void)                                                           \
  {                                                                                     \
    static gsize type_id = 0;                                                           \
                                                                                        \
    if (g_once_init_enter (&type_id))                                                   \
      {                                                                                 \
        GType t = g_boxed_type_register_static (g_intern_static_string (#TypeName),     \
                                                (GBoxedCopyFunc) type_name##_copy,      \
                                                (GBoxedFreeFunc) type_name##_free);     \
        g_once_init_leave (&type_id, t);                                                \
      }                                                                                 \
                                                                                        \
    return type_id;                                                                     \
  }

/* The columns KITCHEN_LOG_STMT_GET_BUMP and _LIST_RECENT return, in this order. */
#define KITCHEN_LOG_BUMP_COLUMNS \
  "id, order_id, order_label, station, target, previous, started_at, bumped_at, " \
  "recalled_at IS NOT NULL"

typedef enum
{
  KITCHEN_LOG_OPEN,
  KITCHEN_LOG_SAVE,
} KitchenLogAction;

struct _GalleyKitchenLog
{
  GObject        parent_instance;

  char          *path;
  sqlite3       *db;
  sqlite3_stmt  *stmts[KITCHEN_LOG_N_STMTS];
  gboolean       sync_full;             /* PRAGMA synchronous is FULL right now */
  int            step_errno;            /* errno left by the last failed write step */
  gint64         last_read_warning_us;  /* monotonic; read failures warn once a minute */
};

/* galley-kitchen-log-schema.c: _galley_kitchen_log_migrations[v] brings a file from
 * user_version v to v + 1 */
extern const char * const _galley_kitchen_log_migrations[GALLEY_KITCHEN_LOG_SCHEMA_VERSION];
extern const char * const _galley_kitchen_log_statement_sql[KITCHEN_LOG_N_STMTS];

gboolean      _galley_kitchen_log_open        (GalleyKitchenLog  *self,
                                               GError           **error);
void          _galley_kitchen_log_close       (GalleyKitchenLog  *self);
gboolean      _galley_kitchen_log_fail        (GalleyKitchenLog  *self,
                                               int                rc,
                                               KitchenLogAction   action,
                                               const char        *what,
                                               GError           **error);
void          _galley_kitchen_log_read_failed (GalleyKitchenLog  *self,
                                               int                rc,
                                               const char        *what);
char         *_galley_kitchen_log_column_text (sqlite3_stmt      *stmt,
                                               int                column);
void          _galley_kitchen_log_bind_text   (sqlite3_stmt      *stmt,
                                               int                index,
                                               const char        *text);
gint64        _galley_kitchen_log_now_if_zero (gint64             at);
gboolean      _galley_kitchen_log_write_step  (GalleyKitchenLog  *self,
                                               sqlite3_stmt      *stmt,
                                               const char        *what,
                                               GError           **error);
sqlite3_stmt *_galley_kitchen_log_stmt        (GalleyKitchenLog  *self,
                                               KitchenLogStmt     which);
gboolean      _galley_kitchen_log_set_sync    (GalleyKitchenLog  *self,
                                               gboolean           full,
                                               GError           **error);
gboolean      _galley_kitchen_log_prune_rows  (GalleyKitchenLog  *self,
                                               gint64             older_than,
                                               guint             *n_rows,
                                               guint             *n_bumps,
                                               GError           **error);

G_END_DECLS
