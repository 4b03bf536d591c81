/* galley-board-place.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where GalleyBoard puts an order's ticket: on the main board (sorted rush first, then oldest
 * first; K-18), in the scheduled lane (K-16) or nowhere; with its lines routed to stations
 * (K-13), "also at", expo's per-station progress (E-1), the change audit (K-11) and the cues
 * that announce it (K-12).
 */
#define G_LOG_DOMAIN "galley-board"

#include "config.h"

#include <glib/gi18n.h>

#include "kitchen/galley-board-private.h"

#define properties _galley_board_properties
#define signals _galley_board_signals

/* ------------------------------------------------------------------ helpers */

gint64
_galley_board_now (GalleyBoard *self)
{
  return self->now > 0 ? self->now : g_get_real_time ();
}

void
_galley_board_cue (GalleyBoard    *self,
                   GalleyBoardCue  cue)
{
  if (!self->populating)
    g_signal_emit (self, signals[BOARD_SIGNAL_CUE], 0, cue);
}

/* Item statuses relayed by a server with Galley's line extension (kitchen-and-counter §6). */
gboolean
_galley_board_line_done_on_server (GalleyOrderItem *item)
{
  const char *status = galley_order_item_get_status (item);

  return g_strcmp0 (status, "ready") == 0 || g_strcmp0 (status, "done") == 0 ||
         g_strcmp0 (status, "completed") == 0 || g_strcmp0 (status, "served") == 0;
}

const char *
_galley_board_route_cb (GalleyOrderItem *item,
                        gpointer         user_data)
{
  GalleyBoard *self = user_data;

  return self->router != NULL ? galley_station_router_route_item (self->router, item) : NULL;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Entry *ea = a;
  const Entry *eb = b;

  if (ea->sort_rush != eb->sort_rush)
    return ea->sort_rush ? -1 : 1;
  if (ea->sort_started != eb->sort_started)
    return ea->sort_started < eb->sort_started ? -1 : 1;

  return g_strcmp0 (galley_ticket_get_id (ea->ticket), galley_ticket_get_id (eb->ticket));
}

static int
compare_scheduled (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  gint64 fa = galley_ticket_get_fire_at ((GalleyTicket *) a);
  gint64 fb = galley_ticket_get_fire_at ((GalleyTicket *) b);

  if (fa != fb)
    return fa < fb ? -1 : 1;

  return g_strcmp0 (galley_ticket_get_id ((GalleyTicket *) a),
                    galley_ticket_get_id ((GalleyTicket *) b));
}

gboolean
_galley_board_waiting_to_fire (GalleyBoard *self,
                               Entry       *entry)
{
  return galley_order_get_is_scheduled (entry->order) &&
         !galley_order_get_manually_fired (entry->order) &&
         entry->fired_at == 0 &&
         galley_order_get_auto_fire_time (entry->order) > _galley_board_now (self);
}

static gint64
started_at (GalleyBoard *self,
            Entry       *entry)
{
  gint64 fire_at;

  /* a scheduled order's timer starts when it fires (K-16) */
  if (entry->fired_at > 0)
    return entry->fired_at;

  fire_at = galley_order_get_auto_fire_time (entry->order);
  if (galley_order_get_is_scheduled (entry->order) && fire_at > 0)
    return fire_at;

  return galley_order_get_created_at (entry->order);
}

static Placement
compute_placement (GalleyBoard *self,
                   Entry       *entry)
{
  GalleyTicket *ticket = entry->ticket;
  GalleyOrderStatus status = galley_order_get_status (entry->order);
  const char *id = galley_ticket_get_id (ticket);

  if (entry->dismissed)
    return PLACE_NONE;

  /* a cancelled order the cook has seen stays as a CANCELLED card until dismissed (K-11) */
  if (galley_ticket_get_cancelled (ticket))
    return entry->shown_once ? PLACE_MAIN : PLACE_NONE;

  if (!g_hash_table_contains (self->recalled, id))
    {
      GalleyOrderStatus pending = self->outbox != NULL
                                  ? galley_outbox_get_pending_status (self->outbox, id)
                                  : GALLEY_ORDER_STATUS_UNKNOWN;

      if (self->expo)
        {
          if (!galley_order_status_expo_visible (status) ||
              pending == GALLEY_ORDER_STATUS_COMPLETED || pending == GALLEY_ORDER_STATUS_CANCELLED)
            return PLACE_NONE;
        }
      else
        {
          if (!galley_order_status_is_active (status) ||
              (pending != GALLEY_ORDER_STATUS_UNKNOWN &&
               galley_order_status_reached (pending, GALLEY_ORDER_STATUS_READY)))
            return PLACE_NONE;
        }
    }

  if (!self->expo)
    {
      if (galley_ticket_get_n_lines_live (ticket) == 0 && !galley_ticket_get_has_changes (ticket))
        return PLACE_NONE;   /* nothing for this station */
      if (galley_ticket_get_n_lines_open (ticket) == 0 && !galley_ticket_get_has_changes (ticket))
        return PLACE_NONE;   /* this station has finished */
    }

  if (_galley_board_waiting_to_fire (self, entry))
    return PLACE_SCHEDULED;

  return PLACE_MAIN;
}

static gboolean
kind_shown (GalleyBoard *self,
            Entry       *entry)
{
  return self->kind_filter == 0 ||
         (self->kind_filter & (1u << galley_order_get_kind (entry->order))) != 0;
}

void
_galley_board_remove_visible (GalleyBoard *self,
                              Entry       *entry)
{
  guint position;

  if (entry->iter == NULL)
    return;

  position = (guint) g_sequence_iter_get_position (entry->iter);
  g_sequence_remove (entry->iter);
  entry->iter = NULL;
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

static void
insert_visible (GalleyBoard *self,
                Entry       *entry)
{
  entry->sort_rush = galley_ticket_get_rush (entry->ticket);
  entry->sort_started = galley_ticket_get_started_at (entry->ticket);
  entry->iter = g_sequence_insert_sorted (self->visible, entry, compare_entries, NULL);
  g_list_model_items_changed (G_LIST_MODEL (self),
                              (guint) g_sequence_iter_get_position (entry->iter), 0, 1);
}

void
_galley_board_remove_scheduled (GalleyBoard *self,
                                Entry       *entry)
{
  guint position;

  if (g_list_store_find (self->scheduled, entry->ticket, &position))
    g_list_store_remove (self->scheduled, position);
}

static void
announce (GalleyBoard *self,
          Entry       *entry)
{
  if (entry->shown_once)
    return;

  entry->shown_once = TRUE;
  if (galley_ticket_get_rush (entry->ticket))
    _galley_board_cue (self, GALLEY_BOARD_CUE_RUSH);
  else
    _galley_board_cue (self, GALLEY_BOARD_CUE_NEW);
  if (galley_ticket_get_allergy (entry->ticket))
    _galley_board_cue (self, GALLEY_BOARD_CUE_ALLERGY);
}

/* Puts the entry where it belongs now: main board (sorted), scheduled lane, or nowhere. */
void
_galley_board_place (GalleyBoard *self,
                     Entry       *entry)
{
  Placement placement = compute_placement (self, entry);
  gboolean filtered = placement == PLACE_MAIN && !kind_shown (self, entry);
  gboolean on_main = placement == PLACE_MAIN && !filtered;

  galley_ticket_set_scheduled (entry->ticket, placement == PLACE_SCHEDULED);
  galley_ticket_set_started_at (entry->ticket, started_at (self, entry));

  if (placement != PLACE_SCHEDULED && entry->placement == PLACE_SCHEDULED)
    _galley_board_remove_scheduled (self, entry);
  else if (placement == PLACE_SCHEDULED && entry->placement != PLACE_SCHEDULED)
    g_list_store_insert_sorted (self->scheduled, entry->ticket, compare_scheduled, NULL);

  if (on_main)
    {
      if (entry->iter != NULL &&
          (entry->sort_rush != galley_ticket_get_rush (entry->ticket) ||
           entry->sort_started != galley_ticket_get_started_at (entry->ticket)))
        _galley_board_remove_visible (self, entry);
      if (entry->iter == NULL)
        insert_visible (self, entry);
    }
  else
    _galley_board_remove_visible (self, entry);

  if (placement == PLACE_MAIN)
    {
      /* out of the scheduled lane, however it was fired (here, by its time, or at another
       * screen): that is when it is news (K-16) */
      if (entry->placement == PLACE_SCHEDULED)
        entry->shown_once = FALSE;
      /* an order the type filter hides is not this cook's: no sound for it (K-15) */
      if (filtered)
        entry->shown_once = TRUE;
      announce (self, entry);
    }
  else if (placement == PLACE_SCHEDULED)
    entry->shown_once = TRUE;   /* it is announced when it fires */

  entry->placement = placement;
  entry->filtered = filtered;
}

static void
update_progress (GalleyBoard *self,
                 Entry       *entry)
{
  g_auto (GStrv) stations = NULL;
  GListModel *items = galley_order_get_items (entry->order);
  guint n_items = g_list_model_get_n_items (items);
  gboolean order_ready;
  guint64 done_mask = 0;
  guint best_open = 0, n_done = 0, n_stations;
  int slowest = -1;

  if (self->router == NULL)
    return;

  stations = galley_station_router_dup_stations_for_order (self->router, entry->order);
  n_stations = MIN (g_strv_length (stations), 64);
  order_ready = galley_order_status_reached (galley_order_get_status (entry->order),
                                             GALLEY_ORDER_STATUS_READY);

  for (guint s = 0; s < n_stations; s++)
    {
      guint open = 0;

      for (guint i = 0; i < n_items && !order_ready; i++)
        {
          g_autoptr(GalleyOrderItem) item = g_list_model_get_item (items, i);

          if (g_strcmp0 (galley_station_router_route_item (self->router, item), stations[s]) == 0 &&
              !_galley_board_line_done_on_server (item) &&
              !g_hash_table_contains (entry->done, galley_order_item_get_id (item)))
            open++;
        }

      if (open == 0)
        {
          done_mask |= G_GUINT64_CONSTANT (1) << s;
          n_done++;
        }
      else if (open > best_open)
        {
          best_open = open;
          slowest = (int) s;
        }
    }

  /* "slowest" only means something once another station has finished */
  if (n_done == 0)
    slowest = -1;

  if (n_stations < g_strv_length (stations))
    g_clear_pointer (&stations[n_stations], g_free);
  galley_ticket_set_progress (entry->ticket, (const char * const *) stations, done_mask, slowest);
}

static void
update_also_at (GalleyBoard *self,
                Entry       *entry)
{
  g_auto (GStrv) stations = NULL;
  g_autoptr(GStrvBuilder) others = NULL;
  g_auto (GStrv) also = NULL;

  if (self->router == NULL || self->all || self->expo)
    return;

  stations = galley_station_router_dup_stations_for_order (self->router, entry->order);
  others = g_strv_builder_new ();
  for (guint i = 0; stations[i] != NULL; i++)
    if (g_strcmp0 (stations[i], self->station) != 0)
      g_strv_builder_add (others, stations[i]);
  also = g_strv_builder_end (others);
  galley_ticket_set_also_at (entry->ticket, (const char * const *) also);
}

static void
update_lines_done (GalleyBoard *self,
                   Entry       *entry)
{
  GListModel *lines = galley_ticket_get_lines (entry->ticket);
  gboolean recalled = g_hash_table_contains (self->recalled, galley_ticket_get_id (entry->ticket));
  guint n = g_list_model_get_n_items (lines);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyTicketLine) line = g_list_model_get_item (lines, i);
      GalleyOrderItem *item = galley_ticket_line_get_item (line);
      gboolean done = g_hash_table_contains (entry->done, galley_order_item_get_id (item)) ||
                      (!recalled && _galley_board_line_done_on_server (item));

      galley_ticket_set_line_done (entry->ticket, galley_order_item_get_id (item), done);
    }
}

/* The ticket's lines before a refresh, by item id (refs: a refresh replaces them). */
static GHashTable *
dup_lines_by_id (GalleyTicket *ticket)
{
  GListModel *lines = galley_ticket_get_lines (ticket);
  guint n = g_list_model_get_n_items (lines);
  GHashTable *by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      GalleyTicketLine *line = g_list_model_get_item (lines, i);

      g_hash_table_insert (by_id, (gpointer) galley_ticket_line_get_item_id (line), line);
    }

  return by_id;
}

/* Writes the changes this refresh brought to the audit: a mark the line already had (the
 * cook has not touched the card since) was written when it appeared. */
static void
audit_changes (GalleyBoard         *self,
               Entry               *entry,
               GalleyTicketRefresh  flags,
               GHashTable          *before)
{
  GListModel *lines = galley_ticket_get_lines (entry->ticket);
  guint n = g_list_model_get_n_items (lines);
  g_autoptr(GError) error = NULL;
  gint64 now = _galley_board_now (self);

  if (self->log == NULL || self->expo)
    return;

  if (flags & GALLEY_TICKET_REFRESH_CANCELLED)
    galley_kitchen_log_add_change (self->log, galley_ticket_get_id (entry->ticket), "cancelled",
                                   "", now, &error);

  for (guint i = 0; i < n && error == NULL; i++)
    {
      g_autoptr(GalleyTicketLine) line = g_list_model_get_item (lines, i);
      GalleyOrderItem *item = galley_ticket_line_get_item (line);
      GalleyTicketLine *old_line = g_hash_table_lookup (before,
                                                        galley_ticket_line_get_item_id (line));
      g_autofree char *description = NULL;
      const char *kind;

      if (old_line != NULL &&
          galley_ticket_line_get_change (old_line) == galley_ticket_line_get_change (line) &&
          galley_ticket_line_get_item (old_line) == item)
        continue;

      switch (galley_ticket_line_get_change (line))
        {
        case GALLEY_LINE_CHANGE_ADDED:
          kind = "added";
          break;
        case GALLEY_LINE_CHANGE_VOIDED:
          kind = "void";
          break;
        case GALLEY_LINE_CHANGE_QUANTITY:
          kind = "quantity";
          break;
        case GALLEY_LINE_CHANGE_MODIFIED:
          kind = "modified";
          break;
        case GALLEY_LINE_CHANGE_NONE:
        default:
          continue;
        }

      description = g_strdup_printf ("%d × %s (%s, was %d)", galley_order_item_get_quantity (item),
                                     galley_order_item_get_name (item), self->station,
                                     galley_ticket_line_get_old_quantity (line));
      galley_kitchen_log_add_change (self->log, galley_ticket_get_id (entry->ticket), kind,
                                     description, now, &error);
    }

  if (error != NULL)
    g_warning ("Could not record the change to order %s: %s",
               galley_ticket_get_id (entry->ticket), error->message);
}

/* Recomputes an entry's ticket from its order and places it. */
void
_galley_board_refresh_entry (GalleyBoard *self,
                             Entry       *entry)
{
  GalleyTicketRefresh flags;
  GalleyOrderStatus status = galley_order_get_status (entry->order);
  /* announced before: a card that left this screen (its lines were bumped) and comes back
   * with a change is heard like one that stayed */
  gboolean was_shown = entry->shown_once && entry->placement != PLACE_SCHEDULED;
  GalleyOrderStatus last_status = entry->last_status;
  /* what the audit compares with (expo writes none) */
  g_autoptr(GHashTable) before = self->log != NULL && !self->expo
                                 ? dup_lines_by_id (entry->ticket) : NULL;

  flags = galley_ticket_refresh (entry->ticket, _galley_board_route_cb, self);
  update_lines_done (self, entry);
  update_also_at (self, entry);
  if (self->expo)
    update_progress (self, entry);

  if (flags & (GALLEY_TICKET_REFRESH_ADDED | GALLEY_TICKET_REFRESH_VOIDED |
               GALLEY_TICKET_REFRESH_MODIFIED | GALLEY_TICKET_REFRESH_CANCELLED))
    audit_changes (self, entry, flags, before);

  entry->last_status = status;

  _galley_board_place (self, entry);

  /* only what is on the main board now is heard */
  if (was_shown && entry->placement == PLACE_MAIN)
    {
      if (flags & (GALLEY_TICKET_REFRESH_VOIDED | GALLEY_TICKET_REFRESH_CANCELLED))
        _galley_board_cue (self, GALLEY_BOARD_CUE_VOIDED);
      else if (flags & (GALLEY_TICKET_REFRESH_ADDED | GALLEY_TICKET_REFRESH_MODIFIED))
        _galley_board_cue (self, GALLEY_BOARD_CUE_CHANGED);
      if (flags & GALLEY_TICKET_REFRESH_RUSH)
        _galley_board_cue (self, GALLEY_BOARD_CUE_RUSH);
      if (flags & GALLEY_TICKET_REFRESH_ALLERGY)
        _galley_board_cue (self, GALLEY_BOARD_CUE_ALLERGY);
      if (self->expo && status == GALLEY_ORDER_STATUS_READY &&
          last_status != GALLEY_ORDER_STATUS_READY)
        _galley_board_cue (self, GALLEY_BOARD_CUE_READY);
    }
}
