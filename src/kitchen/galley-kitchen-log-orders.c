/* galley-kitchen-log-orders.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kitchen log's per-order records: allergy acknowledgements (K-10), lines struck through
 * (K-6) and the change audit (K-11). A satellite of galley-kitchen-log.c.
 */
#define G_LOG_DOMAIN "galley-kitchen-log"

#include "kitchen/galley-kitchen-log-private.h"

static const char * const change_kinds[] = {
  "added", "void", "quantity", "modified", "cancelled", "fired",
};

static gboolean
is_change_kind (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (change_kinds); i++)
    if (g_strcmp0 (kind, change_kinds[i]) == 0)
      return TRUE;

  return FALSE;
}

/* ------------------------------------------------------------------ change records */

KITCHEN_LOG_DEFINE_BOXED (GalleyChangeRecord, galley_change_record)

/**
 * galley_change_record_copy:
 *
 * Returns: (transfer full): a deep copy
 */
GalleyChangeRecord *
galley_change_record_copy (const GalleyChangeRecord *record)
{
  GalleyChangeRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_new (GalleyChangeRecord, 1);
  *copy = *record;
  copy->order_id = g_strdup (record->order_id);
  copy->kind = g_strdup (record->kind);
  copy->description = g_strdup (record->description);

  return copy;
}

void
galley_change_record_free (GalleyChangeRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->order_id);
  g_free (record->kind);
  g_free (record->description);
  g_free (record);
}

/* ------------------------------------------------------------------ public */

/**
 * galley_kitchen_log_add_ack:
 * @who: the person (or terminal) who acknowledged the allergy banner
 * @allergens: (nullable): the allergens the banner showed
 * @at: when (0: now)
 *
 * Records an allergy acknowledgement durably (full sync). A later one for the same order
 * and station supersedes it for galley_kitchen_log_lookup_ack(); both stay recorded.
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
galley_kitchen_log_add_ack (GalleyKitchenLog  *self,
                            const char        *order_id,
                            const char        *station,
                            const char        *who,
                            const char        *allergens,
                            gint64             at,
                            GError           **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GALLEY_IS_KITCHEN_LOG (self), FALSE);
  g_return_val_if_fail (self->db != NULL, FALSE);
  g_return_val_if_fail (order_id != NULL && station != NULL && who != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_galley_kitchen_log_set_sync (self, TRUE, error))
    return FALSE;

  stmt = _galley_kitchen_log_stmt (self, KITCHEN_LOG_STMT_INSERT_ACK);
  _galley_kitchen_log_bind_text (stmt, 1, order_id);
  _galley_kitchen_log_bind_text (stmt, 2, station);
  _galley_kitchen_log_bind_text (stmt, 3, who);
  _galley_kitchen_log_bind_text (stmt, 4, allergens);
  sqlite3_bind_int64 (stmt, 5, _galley_kitchen_log_now_if_zero (at));
  if (!_galley_kitchen_log_write_step (self, stmt, "saving an allergy acknowledgement", error))
    return FALSE;

  g_debug ("Allergy acknowledged for order %s at %s", order_id, station);

  return TRUE;
}

/**
 * galley_kitchen_log_lookup_ack_full:
 * @who: (out) (optional) (transfer full): who acknowledged
 * @at: (out) (optional): when
 * @allergens: (out) (optional) (transfer full) (nullable): the allergens acknowledged
 *
 * Returns: %TRUE if an acknowledgement is recorded for @order_id at @station (the latest
 *   one is returned); %FALSE if none is, or the file cannot be read
 */
gboolean
galley_kitchen_log_lookup_ack_full (GalleyKitchenLog  *self,
                                    const char        *order_id,
                                    const char        *station,
                                    char             **who,
                                    gint64            *at,
                                    char             **allergens)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  int rc;

  g_return_val_if_fail (GALLEY_IS_KITCHEN_LOG (self), FALSE);
  g_return_val_if_fail (self->db != NULL, FALSE);
  g_return_val_if_fail (order_id != NULL && station != NULL, FALSE);

  stmt = _galley_kitchen_log_stmt (self, KITCHEN_LOG_STMT_LOOKUP_ACK);
  _galley_kitchen_log_bind_text (stmt, 1, order_id);
  _galley_kitchen_log_bind_text (stmt, 2, station);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      found = TRUE;
      if (who != NULL)
        *who = _galley_kitchen_log_column_text (stmt, 0);
      if (at != NULL)
        *at = sqlite3_column_int64 (stmt, 1);
      if (allergens != NULL)
        *allergens = _galley_kitchen_log_column_text (stmt, 2);
    }
  else if (rc != SQLITE_DONE)
    _galley_kitchen_log_read_failed (self, rc, "an allergy acknowledgement");
  sqlite3_reset (stmt);

  return found;
}

/**
 * galley_kitchen_log_lookup_ack:
 * @who: (out) (optional) (transfer full): who acknowledged
 * @at: (out) (optional): when
 *
 * Returns: %TRUE if an acknowledgement is recorded for @order_id at @station
 */
gboolean
galley_kitchen_log_lookup_ack (GalleyKitchenLog  *self,
                               const char        *order_id,
                               const char        *station,
                               char             **who,
                               gint64            *at)
{
  return galley_kitchen_log_lookup_ack_full (self, order_id, station, who, at, NULL);
}

/**
 * galley_kitchen_log_set_line_done:
 * @done: %TRUE when the cook struck the line through, %FALSE when they took it back
 * @at: when (0: now)
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
galley_kitchen_log_set_line_done (GalleyKitchenLog  *self,
                                  const char        *order_id,
                                  const char        *item_id,
                                  const char        *station,
                                  gboolean           done,
                                  gint64             at,
                                  GError           **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GALLEY_IS_KITCHEN_LOG (self), FALSE);
  g_return_val_if_fail (self->db != NULL, FALSE);
  g_return_val_if_fail (order_id != NULL && item_id != NULL && station != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_galley_kitchen_log_set_sync (self, FALSE, error))
    return FALSE;

  stmt = _galley_kitchen_log_stmt (self, KITCHEN_LOG_STMT_SET_LINE);
  _galley_kitchen_log_bind_text (stmt, 1, order_id);
  _galley_kitchen_log_bind_text (stmt, 2, item_id);
  _galley_kitchen_log_bind_text (stmt, 3, station);
  sqlite3_bind_int (stmt, 4, done ? 1 : 0);
  sqlite3_bind_int64 (stmt, 5, _galley_kitchen_log_now_if_zero (at));

  return _galley_kitchen_log_write_step (self, stmt, "saving a line's state", error);
}

/**
 * galley_kitchen_log_dup_lines_done_at:
 * @station: (nullable): only lines struck at this station, or %NULL for any station
 *
 * Returns: (transfer full) (element-type utf8 utf8): the set of item ids of @order_id struck
 *   through (keys; values are %NULL), for restoring a card after a restart; empty if the
 *   file cannot be read
 */
GHashTable *
galley_kitchen_log_dup_lines_done_at (GalleyKitchenLog *self,
                                      const char       *order_id,
                                      const char       *station)
{
  GHashTable *lines;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GALLEY_IS_KITCHEN_LOG (self), NULL);
  g_return_val_if_fail (self->db != NULL, NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  stmt = _galley_kitchen_log_stmt (self, KITCHEN_LOG_STMT_LIST_LINES);
  _galley_kitchen_log_bind_text (stmt, 1, order_id);
  _galley_kitchen_log_bind_text (stmt, 2, station);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (lines, _galley_kitchen_log_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _galley_kitchen_log_read_failed (self, rc, "lines done");
      g_hash_table_remove_all (lines);
    }

  return lines;
}

/**
 * galley_kitchen_log_dup_lines_done:
 *
 * Returns: (transfer full) (element-type utf8 utf8): the item ids of @order_id struck through
 *   at any station
 */
GHashTable *
galley_kitchen_log_dup_lines_done (GalleyKitchenLog *self,
                                   const char       *order_id)
{
  return galley_kitchen_log_dup_lines_done_at (self, order_id, NULL);
}

/**
 * galley_kitchen_log_add_change:
 * @kind: "added", "void", "quantity", "modified", "cancelled", or "fired" (a scheduled
 *   order fired by hand, K-16)
 * @description: what changed, as the card showed it
 * @at: when (0: now)
 *
 * Appends to the order's change audit (K-11).
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
galley_kitchen_log_add_change (GalleyKitchenLog  *self,
                               const char        *order_id,
                               const char        *kind,
                               const char        *description,
                               gint64             at,
                               GError           **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GALLEY_IS_KITCHEN_LOG (self), FALSE);
  g_return_val_if_fail (self->db != NULL, FALSE);
  g_return_val_if_fail (order_id != NULL && description != NULL, FALSE);
  g_return_val_if_fail (is_change_kind (kind), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_galley_kitchen_log_set_sync (self, FALSE, error))
    return FALSE;

  stmt = _galley_kitchen_log_stmt (self, KITCHEN_LOG_STMT_INSERT_CHANGE);
  _galley_kitchen_log_bind_text (stmt, 1, order_id);
  _galley_kitchen_log_bind_text (stmt, 2, kind);
  _galley_kitchen_log_bind_text (stmt, 3, description);
  sqlite3_bind_int64 (stmt, 4, _galley_kitchen_log_now_if_zero (at));

  return _galley_kitchen_log_write_step (self, stmt, "saving an order change", error);
}

/**
 * galley_kitchen_log_list_changes:
 *
 * Returns: (transfer full) (element-type GalleyChangeRecord): the changes of @order_id,
 *   oldest first (in the order they were added where times are equal); empty if the file
 *   cannot be read
 */
GPtrArray *
galley_kitchen_log_list_changes (GalleyKitchenLog *self,
                                 const char       *order_id)
{
  GPtrArray *changes;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GALLEY_IS_KITCHEN_LOG (self), NULL);
  g_return_val_if_fail (self->db != NULL, NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) galley_change_record_free);
  stmt = _galley_kitchen_log_stmt (self, KITCHEN_LOG_STMT_LIST_CHANGES);
  _galley_kitchen_log_bind_text (stmt, 1, order_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GalleyChangeRecord *record = g_new0 (GalleyChangeRecord, 1);

      record->id = sqlite3_column_int64 (stmt, 0);
      record->order_id = _galley_kitchen_log_column_text (stmt, 1);
      record->kind = _galley_kitchen_log_column_text (stmt, 2);
      record->description = _galley_kitchen_log_column_text (stmt, 3);
      record->at = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (changes, record);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _galley_kitchen_log_read_failed (self, rc, "order changes");
      g_ptr_array_set_size (changes, 0);
    }

  return changes;
}
