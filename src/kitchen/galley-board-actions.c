/* galley-board-actions.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a cook or expeditor does on GalleyBoard: bump an order or a line (K-5, K-6, E-2) and
 * undo within five seconds. Recall, acknowledgement, confirmation, dismiss and fire are in
 * galley-board-recall.c.
 *
 * A bump is written to the durable outbox at once (R-OUT-1) but held there for the undo
 * window, so an undone bump never reaches the server and a crash never loses one.
 */
#define G_LOG_DOMAIN "galley-board"

#include "config.h"

#include <glib/gi18n.h>

#include "kitchen/galley-board-private.h"
#include "util/galley-source.h"

#define properties _galley_board_properties
#define signals _galley_board_signals

void
_galley_board_undo_free (Undo *undo)
{
  if (undo == NULL)
    return;

  g_free (undo->order_id);
  g_free (undo->label);
  g_array_unref (undo->seqs);
  g_ptr_array_unref (undo->item_ids);
  g_free (undo);
}

Entry *
_galley_board_entry_of (GalleyBoard  *self,
                        GalleyTicket *ticket,
                        GError      **error)
{
  Entry *entry = g_hash_table_lookup (self->entries, galley_ticket_get_id (ticket));

  if (entry == NULL || entry->ticket != ticket)
    {
      g_set_error_literal (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NOT_FOUND,
                           _("This order is no longer on the board."));
      return NULL;
    }

  return entry;
}

static char *
order_label (GalleyTicket *ticket)
{
  g_autofree char *number = galley_ticket_dup_number (ticket);

  /* Translators: how an order is named in messages */
  return g_strdup_printf (_("order #%s"), number);
}

static gboolean
undo_expire_cb (gpointer user_data)
{
  GalleyBoard *self = user_data;

  self->undo_id = 0;
  _galley_board_expire_undo (self);

  return G_SOURCE_REMOVE;
}

/* Drops undo records whose window has passed and waits for the next one. */
void
_galley_board_expire_undo (GalleyBoard *self)
{
  gint64 now = g_get_monotonic_time ();
  gboolean changed = FALSE;
  Undo *head;

  g_clear_handle_id (&self->undo_id, g_source_remove);

  while ((head = g_queue_peek_head (&self->undo)) != NULL && head->expires <= now)
    {
      _galley_board_undo_free (g_queue_pop_head (&self->undo));
      changed = TRUE;
    }

  if (head != NULL)
    self->undo_id = galley_timeout_add_named ("galley-board-undo",
                                              (guint) ((head->expires - now + 999) / 1000),
                                              undo_expire_cb, self, NULL);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[BOARD_PROP_CAN_UNDO]);
}

/* The outbox started on a change of a bump (its window ended first): that bump can no longer
 * be undone, so the Undo affordance ends now rather than at the board's own deadline. */
void
_galley_board_outbox_committed_cb (GalleyBoard  *self,
                                   gint64        seq,
                                   GalleyOutbox *outbox)
{
  gboolean changed = FALSE;

  for (GList *l = self->undo.head; l != NULL;)
    {
      Undo *undo = l->data;
      GList *next = l->next;

      for (guint i = 0; i < undo->seqs->len; i++)
        if (g_array_index (undo->seqs, gint64, i) == seq)
          {
            g_queue_delete_link (&self->undo, l);
            _galley_board_undo_free (undo);
            changed = TRUE;
            break;
          }
      l = next;
    }

  if (changed)
    {
      _galley_board_expire_undo (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[BOARD_PROP_CAN_UNDO]);
    }
}

static void
push_undo (GalleyBoard *self,
           Undo        *undo)
{
  undo->expires = g_get_monotonic_time () + GALLEY_BOARD_UNDO_MS * 1000;
  g_queue_push_tail (&self->undo, undo);
  _galley_board_expire_undo (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[BOARD_PROP_CAN_UNDO]);
}

static void
cancel_seqs (GalleyBoard *self,
             GArray      *seqs)
{
  for (guint i = 0; self->outbox != NULL && i < seqs->len; i++)
    galley_outbox_cancel (self->outbox, g_array_index (seqs, gint64, i));
}

static gboolean
outbox_add_status (GalleyBoard       *self,
                   Entry             *entry,
                   GalleyOrderStatus  target,
                   Undo              *undo,
                   GError           **error)
{
  gint64 seq;

  if (self->outbox == NULL ||
      galley_order_status_reached (galley_order_get_status (entry->order), target))
    return TRUE;

  seq = galley_outbox_add_status_deferred (self->outbox, galley_order_get_id (entry->order),
                                           target, GALLEY_BOARD_UNDO_MS, error);
  if (seq <= 0)
    return FALSE;

  g_array_append_val (undo->seqs, seq);

  return TRUE;
}

static gboolean
outbox_add_line (GalleyBoard *self,
                 Entry       *entry,
                 const char  *item_id,
                 Undo        *undo,
                 GError     **error)
{
  gint64 seq;

  if (self->outbox == NULL)
    return TRUE;

  seq = galley_outbox_add_item_status_deferred (self->outbox, galley_order_get_id (entry->order),
                                                item_id, "ready", GALLEY_BOARD_UNDO_MS, error);
  if (seq <= 0)
    return FALSE;

  g_array_append_val (undo->seqs, seq);

  return TRUE;
}

/* Every line of the order done, here or (relayed by the server) at another station. */
static gboolean
order_all_done (GalleyBoard *self,
                Entry       *entry)
{
  GListModel *items = galley_order_get_items (entry->order);
  guint n = g_list_model_get_n_items (items);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyOrderItem) item = g_list_model_get_item (items, i);

      if (!g_hash_table_contains (entry->done, galley_order_item_get_id (item)) &&
          !_galley_board_line_done_on_server (item))
        return FALSE;
    }

  return TRUE;
}

void
_galley_board_mark_line (GalleyBoard *self,
                         Entry       *entry,
                         const char  *item_id,
                         gboolean     done)
{
  g_autoptr(GError) error = NULL;

  if (done)
    g_hash_table_add (entry->done, g_strdup (item_id));
  else
    g_hash_table_remove (entry->done, item_id);
  galley_ticket_set_line_done (entry->ticket, item_id, done);

  if (self->log != NULL &&
      !galley_kitchen_log_set_line_done (self->log, galley_order_get_id (entry->order), item_id,
                                         self->station, done, _galley_board_now (self), &error))
    g_warning ("Could not record line %s of order %s: %s", item_id,
               galley_order_get_id (entry->order), error->message);
}

static char *
unfinished_stations (GalleyBoard *self,
                     Entry       *entry,
                     guint       *n_open)
{
  const char * const *stations = galley_ticket_get_progress_stations (entry->ticket);
  guint64 done = galley_ticket_get_progress_done (entry->ticket);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = NULL;

  *n_open = 0;
  if (galley_order_status_reached (galley_order_get_status (entry->order), GALLEY_ORDER_STATUS_READY))
    return NULL;

  for (guint i = 0; stations != NULL && stations[i] != NULL && i < 64; i++)
    if (((done >> i) & 1) == 0)
      g_ptr_array_add (names, galley_station_dup_label (stations[i]));

  *n_open = names->len;
  if (names->len == 0)
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        /* Translators: between station names: "Grill, Fry and Bar" */
        g_string_append (text, i + 1 == names->len ? _(" and ") : ", ");
      g_string_append (text, g_ptr_array_index (names, i));
    }

  return g_strdup (text->str);
}

static gint64
record_bump (GalleyBoard       *self,
             Entry             *entry,
             GalleyOrderStatus  target)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = galley_ticket_dup_title (entry->ticket);
  GalleyOrderKind kind = galley_order_get_kind (entry->order);
  GalleyBumpRecord record = { 0 };
  gint64 id;

  if (self->log == NULL)
    return 0;

  record.order_id = (char *) galley_order_get_id (entry->order);
  record.order_label = title;
  record.station = self->station;
  record.target = target;
  record.previous = galley_order_get_status (entry->order);
  record.started_at = galley_ticket_get_started_at (entry->ticket);
  record.bumped_at = _galley_board_now (self);

  id = galley_kitchen_log_add_bump (self->log, &record,
                                    (gint64) self->thresholds[kind][0] * G_USEC_PER_SEC,
                                    (gint64) self->thresholds[kind][1] * G_USEC_PER_SEC, &error);
  if (id == 0)
    g_warning ("Could not record the bump of order %s: %s", record.order_id, error->message);

  return id;
}

/**
 * galley_board_bump:
 * @how: on expo, picked up or complete; elsewhere %GALLEY_BOARD_BUMP_DEFAULT
 * @force: expo: complete even though a station has not finished
 *
 * Bumps @ticket: a station marks its lines done (and the order ready once every line is),
 * "all stations" sends the order ready, expo sends picked up or completed. The change is
 * durable before this returns and can be undone for %GALLEY_BOARD_UNDO_MS.
 *
 * Returns: whether the ticket was bumped; %GALLEY_BOARD_ERROR_NEEDS_ACK or, on expo,
 *   %GALLEY_BOARD_ERROR_UNFINISHED (ask, then call again with @force) when not
 */
gboolean
galley_board_bump (GalleyBoard      *self,
                   GalleyTicket     *ticket,
                   GalleyBoardBump   how,
                   gboolean          force,
                   GError          **error)
{
  Entry *entry;
  GalleyOrderStatus status, target;
  GalleyOrderStatus steps[GALLEY_ORDER_STATUS_LAST];
  g_autofree char *label = NULL;
  g_autoptr(GError) local_error = NULL;
  Undo *undo;
  GListModel *lines;
  guint n_lines;

  g_return_val_if_fail (GALLEY_IS_BOARD (self), FALSE);
  g_return_val_if_fail (GALLEY_IS_TICKET (ticket), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((entry = _galley_board_entry_of (self, ticket, error)) == NULL)
    return FALSE;

  if (galley_ticket_get_cancelled (ticket))
    {
      galley_board_dismiss (self, ticket);
      return TRUE;
    }

  label = order_label (ticket);
  if (galley_ticket_get_needs_ack (ticket))
    {
      g_set_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NEEDS_ACK,
                   /* Translators: %s is "order #0004" */
                   _("Acknowledge the allergy on %s before bumping it."), label);
      return FALSE;
    }

  if (galley_ticket_get_scheduled (ticket))
    {
      g_set_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NOT_ALLOWED,
                   _("Fire %s before bumping it."), label);
      return FALSE;
    }

  status = galley_order_get_status (entry->order);
  if (self->expo)
    target = how == GALLEY_BOARD_BUMP_PICKED_UP ? GALLEY_ORDER_STATUS_PICKED_UP
                                                : GALLEY_ORDER_STATUS_COMPLETED;
  else
    target = GALLEY_ORDER_STATUS_READY;

  if (status == GALLEY_ORDER_STATUS_UNKNOWN || galley_order_status_is_final (status) ||
      (self->expo && (galley_order_status_reached (status, target) ||
                      galley_order_status_path (status, target, steps,
                                                G_N_ELEMENTS (steps)) == 0)))
    {
      g_set_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NOT_ALLOWED,
                   /* Translators: %s is "order #0004", the second its status ("Completed") */
                   _("%s cannot be bumped: it is %s."), label,
                   galley_order_get_status_text (entry->order));
      return FALSE;
    }

  if (self->expo && !force)
    {
      guint n_open;
      g_autofree char *open = unfinished_stations (self, entry, &n_open);

      if (open != NULL)
        {
          g_set_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_UNFINISHED,
                       /* Translators: the first %s names stations ("Fry", "Grill and Fry"),
                        * the second the order ("order #0004") */
                       g_dngettext (GETTEXT_PACKAGE, "%s has not finished %s. Complete anyway?",
                                    "%s have not finished %s. Complete anyway?", n_open),
                       open, label);
          return FALSE;
        }
    }

  undo = g_new0 (Undo, 1);
  undo->order_id = g_strdup (galley_order_get_id (entry->order));
  undo->label = g_strdup (label);
  undo->seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  undo->item_ids = g_ptr_array_new_with_free_func (g_free);

  /* the lines this screen finishes */
  lines = galley_ticket_get_lines (ticket);
  n_lines = self->expo ? 0 : g_list_model_get_n_items (lines);
  for (guint i = 0; i < n_lines; i++)
    {
      g_autoptr(GalleyTicketLine) line = g_list_model_get_item (lines, i);

      if (galley_ticket_line_get_change (line) != GALLEY_LINE_CHANGE_VOIDED &&
          !galley_ticket_line_get_done (line))
        g_ptr_array_add (undo->item_ids, g_strdup (galley_ticket_line_get_item_id (line)));
    }

  /* durable first (R-OUT-1). Every line of this station the server does not know done is
   * relayed, those struck one by one before too: expo and the other stations learn from
   * the server that this station finished */
  for (guint i = 0; !self->all && !self->expo && i < n_lines; i++)
    {
      g_autoptr(GalleyTicketLine) line = g_list_model_get_item (lines, i);

      if (galley_ticket_line_get_change (line) != GALLEY_LINE_CHANGE_VOIDED &&
          !_galley_board_line_done_on_server (galley_ticket_line_get_item (line)) &&
          !outbox_add_line (self, entry, galley_ticket_line_get_item_id (line), undo,
                            &local_error))
        goto failed;
    }

  for (guint i = 0; i < undo->item_ids->len; i++)
    _galley_board_mark_line (self, entry, g_ptr_array_index (undo->item_ids, i), TRUE);

  if ((self->all || self->expo || order_all_done (self, entry)) &&
      !outbox_add_status (self, entry, target, undo, &local_error))
    {
      for (guint i = 0; i < undo->item_ids->len; i++)
        _galley_board_mark_line (self, entry, g_ptr_array_index (undo->item_ids, i), FALSE);
      goto failed;
    }

  undo->bump_id = record_bump (self, entry, target);
  undo->was_recalled = g_hash_table_remove (self->recalled, galley_order_get_id (entry->order));
  galley_ticket_set_recalled (ticket, FALSE);
  galley_ticket_clear_changes (ticket);

  g_message ("Bumped %s at %s (%s)", undo->order_id, self->station,
             galley_order_status_to_string (target));
  push_undo (self, undo);
  _galley_board_refresh_entry (self, entry);
  _galley_board_recount (self);
  g_signal_emit (self, signals[BOARD_SIGNAL_RECENT_CHANGED], 0);

  return TRUE;

failed:
  g_warning ("Could not save the bump of %s: %s", undo->order_id, local_error->message);
  cancel_seqs (self, undo->seqs);
  _galley_board_undo_free (undo);
  g_set_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_STORAGE,
               /* Translators: %s says why, e.g. "the disk is full" */
               _("The bump could not be saved: %s"), local_error->message);

  return FALSE;
}

/**
 * galley_board_bump_line:
 *
 * Strikes one line through, or back (K-6). When the last open line of this station is
 * struck, the ticket is bumped as a whole.
 *
 * Returns: whether the line changed
 */
gboolean
galley_board_bump_line (GalleyBoard  *self,
                        GalleyTicket *ticket,
                        const char   *item_id,
                        GError      **error)
{
  GalleyTicketLine *line;
  Entry *entry;
  gboolean done;

  g_return_val_if_fail (GALLEY_IS_BOARD (self), FALSE);
  g_return_val_if_fail (GALLEY_IS_TICKET (ticket), FALSE);
  g_return_val_if_fail (item_id != NULL, FALSE);

  if ((entry = _galley_board_entry_of (self, ticket, error)) == NULL)
    return FALSE;

  line = galley_ticket_find_line (ticket, item_id);
  if (line == NULL || galley_ticket_line_get_change (line) == GALLEY_LINE_CHANGE_VOIDED)
    {
      g_set_error_literal (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NOT_FOUND,
                           _("This line is no longer on the order."));
      return FALSE;
    }

  done = !galley_ticket_line_get_done (line);

  /* the last open line: that is a bump of the ticket, with its checks and its undo */
  if (done && galley_ticket_get_n_lines_open (ticket) == 1 && !self->expo)
    return galley_board_bump (self, ticket, GALLEY_BOARD_BUMP_DEFAULT, FALSE, error);

  if (done && galley_ticket_get_needs_ack (ticket))
    {
      g_autofree char *label = order_label (ticket);

      g_set_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_NEEDS_ACK,
                   _("Acknowledge the allergy on %s before bumping it."), label);
      return FALSE;
    }

  _galley_board_mark_line (self, entry, item_id, done);
  _galley_board_refresh_entry (self, entry);
  _galley_board_recount (self);

  return TRUE;
}

gboolean
galley_board_get_can_undo (GalleyBoard *self)
{
  g_return_val_if_fail (GALLEY_IS_BOARD (self), FALSE);

  return !g_queue_is_empty (&self->undo);
}

/**
 * galley_board_dup_undo_label:
 *
 * Returns: (transfer full) (nullable): "Order #0004 bumped", for the undo bar
 */
char *
galley_board_dup_undo_label (GalleyBoard *self)
{
  Undo *undo;

  g_return_val_if_fail (GALLEY_IS_BOARD (self), NULL);

  undo = g_queue_peek_tail (&self->undo);
  if (undo == NULL)
    return NULL;

  /* Translators: %s is "order #0004" */
  return g_strdup_printf (_("Bumped %s"), undo->label);
}

/**
 * galley_board_undo:
 *
 * Takes back the latest bump still in its undo window: its changes leave the outbox unsent
 * and the ticket returns as it was.
 *
 * Returns: whether a bump was undone
 */
gboolean
galley_board_undo (GalleyBoard  *self,
                   GError      **error)
{
  Undo *undo;
  Entry *entry;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (GALLEY_IS_BOARD (self), FALSE);

  _galley_board_expire_undo (self);
  undo = g_queue_peek_tail (&self->undo);
  if (undo == NULL)
    {
      g_set_error_literal (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_TOO_LATE,
                           _("There is no bump to undo."));
      return FALSE;
    }

  /* committed: the outbox has started on it (its window ended first), so cancelling it
   * would fail and the change would go out anyway */
  for (guint i = 0; self->outbox != NULL && i < undo->seqs->len; i++)
    if (!galley_outbox_is_pending (self->outbox, g_array_index (undo->seqs, gint64, i)) ||
        galley_outbox_is_committed (self->outbox, g_array_index (undo->seqs, gint64, i)))
      {
        g_set_error (error, GALLEY_BOARD_ERROR, GALLEY_BOARD_ERROR_TOO_LATE,
                     /* Translators: %s is "order #0004" */
                     _("Too late to undo: %s has been sent already."), undo->label);
        return FALSE;
      }

  undo = g_queue_pop_tail (&self->undo);
  cancel_seqs (self, undo->seqs);

  if (self->log != NULL && undo->bump_id > 0 &&
      !galley_kitchen_log_undo_bump (self->log, undo->bump_id, &local_error))
    g_warning ("Could not record the undo of bump %" G_GINT64_FORMAT ": %s", undo->bump_id,
               local_error->message);

  entry = g_hash_table_lookup (self->entries, undo->order_id);
  if (entry != NULL)
    {
      for (guint i = 0; i < undo->item_ids->len; i++)
        _galley_board_mark_line (self, entry, g_ptr_array_index (undo->item_ids, i), FALSE);
      if (undo->was_recalled)
        {
          g_hash_table_add (self->recalled, g_strdup (undo->order_id));
          galley_ticket_set_recalled (entry->ticket, TRUE);
        }
      _galley_board_refresh_entry (self, entry);
    }

  g_message ("Undid the bump of %s at %s", undo->order_id, self->station);
  _galley_board_undo_free (undo);
  _galley_board_expire_undo (self);
  _galley_board_recount (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[BOARD_PROP_CAN_UNDO]);
  g_signal_emit (self, signals[BOARD_SIGNAL_RECENT_CHANGED], 0);

  return TRUE;
}
