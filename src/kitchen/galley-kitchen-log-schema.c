/* galley-kitchen-log-schema.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kitchen log's SQL: the schema as a list of migration steps, and the statements kept
 * prepared for the life of the connection. Every value goes through a bound parameter.
 */
#define G_LOG_DOMAIN "galley-kitchen-log"

#include "kitchen/galley-kitchen-log-private.h"

/* Schema steps: migrations[v] brings a file from user_version v to v + 1. Add a step for a
 * new version; never edit a step that has shipped. */
const char * const _galley_kitchen_log_migrations[GALLEY_KITCHEN_LOG_SCHEMA_VERSION] = {
  /* 0 -> 1 */
  "CREATE TABLE bumps ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  order_id TEXT NOT NULL,"
  "  order_label TEXT,"
  "  station TEXT NOT NULL,"
  "  target INTEGER NOT NULL,"
  "  previous INTEGER NOT NULL,"
  "  started_at INTEGER NOT NULL,"
  "  bumped_at INTEGER NOT NULL,"
  "  warning_us INTEGER NOT NULL,"
  "  late_us INTEGER NOT NULL,"
  "  undone_at INTEGER,"
  "  recalled_at INTEGER);"
  "CREATE INDEX bumps_by_time ON bumps (bumped_at);"
  "CREATE INDEX bumps_by_recall ON bumps (recalled_at) WHERE recalled_at IS NOT NULL;"
  "CREATE TABLE acks ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  order_id TEXT NOT NULL,"
  "  station TEXT NOT NULL,"
  "  who TEXT NOT NULL,"
  "  allergens TEXT,"
  "  at INTEGER NOT NULL);"
  "CREATE INDEX acks_by_order ON acks (order_id, station, at);"
  "CREATE INDEX acks_by_time ON acks (at);"
  "CREATE TABLE lines_done ("
  "  order_id TEXT NOT NULL,"
  "  item_id TEXT NOT NULL,"
  "  station TEXT NOT NULL,"
  "  done INTEGER NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  PRIMARY KEY (order_id, item_id, station)) WITHOUT ROWID;"
  "CREATE INDEX lines_done_by_time ON lines_done (at);"
  "CREATE TABLE changes ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  order_id TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  description TEXT NOT NULL,"
  "  at INTEGER NOT NULL);"
  "CREATE INDEX changes_by_order ON changes (order_id, at, id);"
  "CREATE INDEX changes_by_time ON changes (at);",
};

const char * const _galley_kitchen_log_statement_sql[KITCHEN_LOG_N_STMTS] = {
  [KITCHEN_LOG_STMT_INSERT_BUMP] =
    "INSERT INTO bumps (order_id, order_label, station, target, previous, started_at,"
    " bumped_at, warning_us, late_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
  [KITCHEN_LOG_STMT_UNDO_BUMP] =
    "UPDATE bumps SET undone_at = ?2 WHERE id = ?1 AND undone_at IS NULL",
  [KITCHEN_LOG_STMT_RECALL_BUMP] =
    "UPDATE bumps SET recalled_at = ?2 WHERE id = ?1 AND undone_at IS NULL"
    " AND recalled_at IS NULL",
  [KITCHEN_LOG_STMT_GET_BUMP] =
    "SELECT " KITCHEN_LOG_BUMP_COLUMNS ", undone_at IS NOT NULL FROM bumps WHERE id = ?1",
  [KITCHEN_LOG_STMT_LIST_RECENT] =
    "SELECT " KITCHEN_LOG_BUMP_COLUMNS " FROM bumps"
    " WHERE undone_at IS NULL AND recalled_at IS NULL AND bumped_at >= ?1"
    " AND (?2 IS NULL OR station = ?2) ORDER BY bumped_at DESC, id DESC",
  [KITCHEN_LOG_STMT_SPEED] =
    "SELECT COUNT(*),"
    " COALESCE(SUM(MAX(bumped_at - started_at, 0)), 0),"
    " COALESCE(MAX(MAX(bumped_at - started_at, 0)), 0),"
    " COALESCE(SUM(warning_us > 0 AND bumped_at - started_at >= warning_us), 0),"
    " COALESCE(SUM(late_us > 0 AND bumped_at - started_at >= late_us), 0)"
    " FROM bumps WHERE undone_at IS NULL AND bumped_at >= ?1 AND bumped_at < ?2"
    " AND (?3 IS NULL OR station = ?3)",
  [KITCHEN_LOG_STMT_RECALLS] =
    "SELECT COUNT(*) FROM bumps WHERE undone_at IS NULL AND recalled_at >= ?1"
    " AND recalled_at < ?2 AND (?3 IS NULL OR station = ?3)",
  [KITCHEN_LOG_STMT_INSERT_ACK] =
    "INSERT INTO acks (order_id, station, who, allergens, at) VALUES (?1, ?2, ?3, ?4, ?5)",
  [KITCHEN_LOG_STMT_LOOKUP_ACK] =
    "SELECT who, at, allergens FROM acks WHERE order_id = ?1 AND station = ?2"
    " ORDER BY at DESC, id DESC LIMIT 1",
  [KITCHEN_LOG_STMT_SET_LINE] =
    "INSERT INTO lines_done (order_id, item_id, station, done, at) VALUES (?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT (order_id, item_id, station) DO UPDATE SET done = excluded.done,"
    " at = excluded.at",
  [KITCHEN_LOG_STMT_LIST_LINES] =
    "SELECT DISTINCT item_id FROM lines_done WHERE order_id = ?1 AND done = 1"
    " AND (?2 IS NULL OR station = ?2)",
  [KITCHEN_LOG_STMT_INSERT_CHANGE] =
    "INSERT INTO changes (order_id, kind, description, at) VALUES (?1, ?2, ?3, ?4)",
  [KITCHEN_LOG_STMT_LIST_CHANGES] =
    "SELECT id, order_id, kind, description, at FROM changes WHERE order_id = ?1"
    " ORDER BY at, id",
};
