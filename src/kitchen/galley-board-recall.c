/* galley-board-recall.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rest of what a cook or expeditor does on GalleyBoard: recall a recent bump (K-7),
 * acknowledge an allergy (K-10), confirm a change (K-11), dismiss a cancelled card and fire a
 * scheduled order (K-16). Each is recorded in the kitchen log; a fire also goes through the
 * outbox.
 */
#define G_LOG_DOMAIN "galley-board"

#include "config.h"

#include <glib/gi18n.h>

#include "kitchen/galley-board-private.h"

#define properties _galley_board_properties
#define signals _galley_board_signals

/**
 * galley_board_dup_recent:
 *
 * Returns: (transfer full) (element-type GalleyBumpRecord): this station's bumps of the
 *   last 30 minutes that can be recalled, newest first
 */
GPtrArray *
galley_board_dup_recent (GalleyBoard *self)
{
  GPtrArray *recent;

  g_return_val_if_fail (GALLEY_IS_BOARD (self), NULL);

  if (self->log == NULL)
    return g_ptr_array_new ();

  recent = galley_kitchen_log_list_recent_bumps (self->log, self->station,
                                                 _galley_board_now (self) - GALLEY_BOARD_RECENT_US);

  return recent != NULL ? recent : g_ptr_array_new ();
}

/**
 * galley_board_recall:
 * @bump_id: a bump from galley_board_dup_recent()
 *
 * Brings a bumped order back on this board, with its original time and "Recalled" (K-7).
 * The server's statuses only move forward: recall is this screen's, not the server's.
 *
 * Returns: whether the order is back
 */
gboolean
galley_board_recall (GalleyBoard  *self,
                     gint64        bump_id,
                     GError      **error)
{
  g_autoptr(GPtrArray) recent = NULL;
  GalleyBumpRecord *record = NULL;
  g_autoptr(GError) local_error = NULL;
  Entry *entry;
  GListModel *lines;
  guint n;

  g_return_val_if_fail (GALLEY_IS_BOARD (self), FALSE);

  recent = galley_board_dup_recent (self);
  for (guint i = 0; i < recent->len && record == NULL; i++)
    if (((GalleyBumpRecord *) g_ptr_array_index (recent, i))->id == bump_id)
      record = g_ptr_array_index (recent, i);

  entry = record != NULL ? g_hash_table_lookup (self->entries, record->order_id) : NULL;
  if (entry == NULL || galley_ticket_get_cancelled (entry->ticket))
    {
      g_set_error_literal (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NOT_FOUND,
                           _("That order can no longer be recalled."));
      return FALSE;
    }

  if (!galley_kitchen_log_add_recall (self->log, bump_id, _galley_board_now (self), &local_error))
    g_warning ("Could not record the recall of %s: %s", record->order_id, local_error->message);

  g_hash_table_add (self->recalled, g_strdup (record->order_id));
  entry->dismissed = FALSE;
  galley_ticket_set_recalled (entry->ticket, TRUE);

  /* the station starts over on its lines */
  lines = galley_ticket_get_lines (entry->ticket);
  n = g_list_model_get_n_items (lines);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyTicketLine) line = g_list_model_get_item (lines, i);

      if (galley_ticket_line_get_done (line))
        _galley_board_mark_line (self, entry, galley_ticket_line_get_item_id (line), FALSE);
    }

  g_message ("Recalled %s at %s", record->order_id, self->station);
  _galley_board_refresh_entry (self, entry);
  _galley_board_recount (self);
  g_signal_emit (self, signals[BOARD_SIGNAL_RECENT_CHANGED], 0);

  return TRUE;
}

/**
 * galley_board_recall_last:
 *
 * Returns: whether the latest recallable bump came back
 */
gboolean
galley_board_recall_last (GalleyBoard  *self,
                          GError      **error)
{
  g_autoptr(GPtrArray) recent = NULL;

  g_return_val_if_fail (GALLEY_IS_BOARD (self), FALSE);

  recent = galley_board_dup_recent (self);
  for (guint i = 0; i < recent->len; i++)
    {
      GalleyBumpRecord *record = g_ptr_array_index (recent, i);

      if (g_hash_table_contains (self->entries, record->order_id) &&
          !g_hash_table_contains (self->recalled, record->order_id))
        return galley_board_recall (self, record->id, error);
    }

  g_set_error_literal (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NOT_FOUND,
                       _("Nothing was bumped here in the last 30 minutes."));

  return FALSE;
}

/**
 * galley_board_acknowledge:
 *
 * Records that the signed-in cook has read the allergy on @ticket (K-10): who and when.
 *
 * Returns: whether it was recorded
 */
gboolean
galley_board_acknowledge (GalleyBoard   *self,
                          GalleyTicket  *ticket,
                          GError       **error)
{
  g_autofree char *allergens = NULL;
  const char *who;
  gint64 now;

  g_return_val_if_fail (GALLEY_IS_BOARD (self), FALSE);
  g_return_val_if_fail (GALLEY_IS_TICKET (ticket), FALSE);

  if (_galley_board_entry_of (self, ticket, error) == NULL)
    return FALSE;

  if (!galley_ticket_get_allergy (ticket) || galley_ticket_get_acknowledged (ticket))
    return TRUE;

  who = self->user != NULL ? self->user : self->station;
  now = _galley_board_now (self);
  allergens = galley_ticket_dup_allergens (ticket);
  if (self->log != NULL &&
      !galley_kitchen_log_add_ack (self->log, galley_ticket_get_id (ticket), self->station, who,
                                   allergens, now, error))
    {
      g_prefix_error (error, "%s", _("The acknowledgement could not be saved: "));
      return FALSE;
    }

  g_message ("Allergy on %s acknowledged at %s", galley_ticket_get_id (ticket), self->station);
  galley_ticket_set_acknowledged (ticket, who, now);

  return TRUE;
}

/**
 * galley_board_touch:
 *
 * The cook has seen the changes on @ticket: the marks go (K-11).
 */
void
galley_board_touch (GalleyBoard  *self,
                    GalleyTicket *ticket)
{
  Entry *entry;

  g_return_if_fail (GALLEY_IS_BOARD (self));
  g_return_if_fail (GALLEY_IS_TICKET (ticket));

  if ((entry = _galley_board_entry_of (self, ticket, NULL)) == NULL)
    return;

  galley_ticket_clear_changes (ticket);
  _galley_board_place (self, entry);
  _galley_board_recount (self);
}

/**
 * galley_board_dismiss:
 *
 * Takes a CANCELLED card off the board.
 */
void
galley_board_dismiss (GalleyBoard  *self,
                      GalleyTicket *ticket)
{
  Entry *entry;

  g_return_if_fail (GALLEY_IS_BOARD (self));
  g_return_if_fail (GALLEY_IS_TICKET (ticket));

  if ((entry = _galley_board_entry_of (self, ticket, NULL)) == NULL || !galley_ticket_get_cancelled (ticket))
    return;

  entry->dismissed = TRUE;
  _galley_board_place (self, entry);
  _galley_board_recount (self);
}

/**
 * galley_board_fire:
 *
 * Fires a scheduled order now: it joins the board and its timer starts (K-16).
 *
 * Returns: whether it was fired
 */
gboolean
galley_board_fire (GalleyBoard   *self,
                   GalleyTicket  *ticket,
                   GError       **error)
{
  Entry *entry;
  gint64 now;

  g_return_val_if_fail (GALLEY_IS_BOARD (self), FALSE);
  g_return_val_if_fail (GALLEY_IS_TICKET (ticket), FALSE);

  if ((entry = _galley_board_entry_of (self, ticket, error)) == NULL)
    return FALSE;

  if (entry->placement != PLACE_SCHEDULED)
    return TRUE;

  now = _galley_board_now (self);
  if (self->log != NULL &&
      !galley_kitchen_log_add_change (self->log, galley_ticket_get_id (ticket), "fired",
                                      self->station, now, error))
    {
      g_prefix_error (error, "%s", _("Firing could not be saved: "));
      return FALSE;
    }

  g_message ("Fired scheduled order %s at %s", galley_ticket_get_id (ticket), self->station);
  entry->fired_at = now;
  entry->shown_once = FALSE;
  _galley_board_place (self, entry);
  _galley_board_recount (self);

  return TRUE;
}
