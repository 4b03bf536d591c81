/* galley-board.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kitchen board of one screen: a station ("grill"), every station ("all") or expo. It
 * follows the order store and keeps a GalleyTicket per order, and is itself the GListModel
 * of the tickets to show on the main board, rush first, then oldest first (K-18), so tickets
 * keep their places when others arrive or leave. Scheduled orders wait in their own list
 * until they fire (K-16). Time comes from galley_board_tick(), called by the view on each
 * tick of the shared clock: the board has no timer of its own but the undo window.
 *
 * What the cook does (bump, undo, recall, acknowledge, fire) is in galley-board-actions.c;
 * counts, all-day figures and speed of service in galley-board-counts.c.
 */
#define G_LOG_DOMAIN "galley-board"

#include "config.h"

#include <glib/gi18n.h>

#include "kitchen/galley-board-private.h"

static void galley_board_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GalleyBoard, galley_board, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      galley_board_list_model_init))

G_DEFINE_QUARK (galley-board-error-quark, galley_board_error)

G_DEFINE_ENUM_TYPE (GalleyBoardCue, galley_board_cue,
                    G_DEFINE_ENUM_VALUE (GALLEY_BOARD_CUE_NEW, "new"),
                    G_DEFINE_ENUM_VALUE (GALLEY_BOARD_CUE_CHANGED, "changed"),
                    G_DEFINE_ENUM_VALUE (GALLEY_BOARD_CUE_VOIDED, "voided"),
                    G_DEFINE_ENUM_VALUE (GALLEY_BOARD_CUE_RUSH, "rush"),
                    G_DEFINE_ENUM_VALUE (GALLEY_BOARD_CUE_ALLERGY, "allergy"),
                    G_DEFINE_ENUM_VALUE (GALLEY_BOARD_CUE_READY, "ready"))

GParamSpec *_galley_board_properties[BOARD_N_PROPS];
guint _galley_board_signals[BOARD_N_SIGNALS];

#define properties _galley_board_properties
#define signals _galley_board_signals

/* ------------------------------------------------------------------ list model */

static GType
galley_board_get_item_type (GListModel *model)
{
  return GALLEY_TYPE_TICKET;
}

static guint
galley_board_get_n_items (GListModel *model)
{
  GalleyBoard *self = GALLEY_BOARD (model);

  return (guint) g_sequence_get_length (self->visible);
}

static gpointer
galley_board_get_item (GListModel *model,
                       guint       position)
{
  GalleyBoard *self = GALLEY_BOARD (model);
  GSequenceIter *iter = g_sequence_get_iter_at_pos (self->visible, (int) position);
  Entry *entry;

  if (g_sequence_iter_is_end (iter))
    return NULL;

  entry = g_sequence_get (iter);

  return g_object_ref (entry->ticket);
}

static void
galley_board_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = galley_board_get_item_type;
  iface->get_n_items = galley_board_get_n_items;
  iface->get_item = galley_board_get_item;
}

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

static const char *
route_cb (GalleyOrderItem *item,
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

static gboolean
waiting_to_fire (GalleyBoard *self,
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

  if (waiting_to_fire (self, entry))
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

static void
remove_visible (GalleyBoard *self,
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

static void
remove_scheduled (GalleyBoard *self,
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
    remove_scheduled (self, entry);
  else if (placement == PLACE_SCHEDULED && entry->placement != PLACE_SCHEDULED)
    g_list_store_insert_sorted (self->scheduled, entry->ticket, compare_scheduled, NULL);

  if (on_main)
    {
      if (entry->iter != NULL &&
          (entry->sort_rush != galley_ticket_get_rush (entry->ticket) ||
           entry->sort_started != galley_ticket_get_started_at (entry->ticket)))
        remove_visible (self, entry);
      if (entry->iter == NULL)
        insert_visible (self, entry);
    }
  else
    remove_visible (self, entry);

  if (placement == PLACE_MAIN)
    announce (self, entry);
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

static void
audit_changes (GalleyBoard         *self,
               Entry               *entry,
               GalleyTicketRefresh  flags)
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
      g_autofree char *description = NULL;
      const char *kind;

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
  gboolean was_shown = entry->placement == PLACE_MAIN && entry->shown_once;

  flags = galley_ticket_refresh (entry->ticket, route_cb, self);
  update_lines_done (self, entry);
  update_also_at (self, entry);
  if (self->expo)
    update_progress (self, entry);

  if (flags & (GALLEY_TICKET_REFRESH_ADDED | GALLEY_TICKET_REFRESH_VOIDED |
               GALLEY_TICKET_REFRESH_MODIFIED | GALLEY_TICKET_REFRESH_CANCELLED))
    audit_changes (self, entry, flags);

  if (was_shown)
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
          entry->last_status != GALLEY_ORDER_STATUS_READY)
        _galley_board_cue (self, GALLEY_BOARD_CUE_READY);
    }
  entry->last_status = status;

  _galley_board_place (self, entry);
}

/* ------------------------------------------------------------------ entries */

static void
order_changed_cb (GalleyOrder *order,
                  Entry       *entry)
{
  GalleyBoard *self = entry->board;

  _galley_board_refresh_entry (self, entry);
  _galley_board_recount (self);
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_signal_handler (&entry->changed_id, entry->order);
  g_clear_object (&entry->ticket);
  g_clear_object (&entry->order);
  g_clear_pointer (&entry->done, g_hash_table_unref);
  g_free (entry);
}

static void
load_fired (GalleyBoard *self,
            Entry       *entry)
{
  g_autoptr(GPtrArray) changes = NULL;

  if (self->log == NULL || !galley_order_get_is_scheduled (entry->order))
    return;

  changes = galley_kitchen_log_list_changes (self->log, galley_order_get_id (entry->order));
  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      GalleyChangeRecord *change = g_ptr_array_index (changes, i);

      if (g_strcmp0 (change->kind, "fired") == 0)
        entry->fired_at = change->at;
    }
}

static void
add_entry (GalleyBoard *self,
           GalleyOrder *order)
{
  const char *id = galley_order_get_id (order);
  Entry *entry;
  g_autofree char *who = NULL;
  gint64 at = 0;

  if (g_hash_table_contains (self->entries, id))
    return;

  entry = g_new0 (Entry, 1);
  entry->board = self;
  entry->order = g_object_ref (order);
  entry->ticket = galley_ticket_new (order, self->station);
  entry->last_status = galley_order_get_status (order);
  entry->done = self->log != NULL ? galley_kitchen_log_dup_lines_done (self->log, id) : NULL;
  if (entry->done == NULL)
    entry->done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (self->entries, g_strdup (id), entry);

  if (self->log != NULL && galley_kitchen_log_lookup_ack (self->log, id, self->station, &who, &at))
    {
      galley_ticket_refresh (entry->ticket, route_cb, self);
      if (galley_ticket_get_allergy (entry->ticket))
        galley_ticket_set_acknowledged (entry->ticket, who, at);
    }
  load_fired (self, entry);

  entry->changed_id = g_signal_connect (order, "changed", G_CALLBACK (order_changed_cb), entry);
  _galley_board_refresh_entry (self, entry);
}

static void
remove_entry (GalleyBoard *self,
              const char  *id)
{
  Entry *entry = g_hash_table_lookup (self->entries, id);

  if (entry == NULL)
    return;

  remove_visible (self, entry);
  if (entry->placement == PLACE_SCHEDULED)
    remove_scheduled (self, entry);
  g_hash_table_remove (self->entries, id);
}

/* The store only says where rows came and went: find which orders are new or gone. */
static void
store_items_changed_cb (GalleyBoard *self,
                        guint        position,
                        guint        removed,
                        guint        added,
                        GListModel  *store)
{
  guint n = g_list_model_get_n_items (store);
  g_autoptr(GHashTable) present = NULL;
  g_autoptr(GPtrArray) gone = NULL;
  GHashTableIter iter;
  gpointer key;

  if (removed > 0)
    {
      present = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GalleyOrder) order = g_list_model_get_item (store, i);

          g_hash_table_add (present, (gpointer) galley_order_get_id (order));
        }

      gone = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_iter_init (&iter, self->entries);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_hash_table_contains (present, key))
          g_ptr_array_add (gone, g_strdup (key));
      for (guint i = 0; i < gone->len; i++)
        remove_entry (self, g_ptr_array_index (gone, i));
    }

  for (guint i = position; i < position + added && i < n; i++)
    {
      g_autoptr(GalleyOrder) order = g_list_model_get_item (store, i);

      add_entry (self, order);
    }

  _galley_board_recount (self);
}

static void
refresh_all (GalleyBoard *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    _galley_board_refresh_entry (self, value);

  _galley_board_recount (self);
}

static void
load_thresholds (GalleyBoard *self)
{
  g_autoptr(GVariant) value = NULL;
  GVariantIter iter;
  const char *nick;
  guint warning, late;

  for (guint k = 0; k < GALLEY_N_KINDS; k++)
    {
      self->thresholds[k][0] = 10 * 60;
      self->thresholds[k][1] = 15 * 60;
    }

  if (self->settings == NULL)
    return;

  value = g_settings_get_value (self->settings, "thresholds");
  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "{&s(uu)}", &nick, &warning, &late))
    {
      GEnumClass *klass = g_type_class_ref (GALLEY_TYPE_ORDER_KIND);
      GEnumValue *kind = g_enum_get_value_by_nick (klass, nick);

      if (kind != NULL && kind->value >= 0 && kind->value < GALLEY_N_KINDS)
        {
          self->thresholds[kind->value][0] = MIN (warning, 24 * 60) * 60;
          self->thresholds[kind->value][1] = MAX (MIN (late, 24 * 60) * 60,
                                                  self->thresholds[kind->value][0]);
        }
      g_type_class_unref (klass);
    }
}

static void
settings_changed_cb (GalleyBoard *self,
                     const char  *key,
                     GSettings   *settings)
{
  if (g_strcmp0 (key, "thresholds") == 0)
    {
      load_thresholds (self);
      galley_board_tick (self, _galley_board_now (self));
    }
}

static void
router_changed_cb (GalleyBoard *self)
{
  refresh_all (self);
}

/* ------------------------------------------------------------------ GObject */

static void
galley_board_dispose (GObject *object)
{
  GalleyBoard *self = GALLEY_BOARD (object);

  /* 1. sources */
  g_clear_handle_id (&self->undo_id, g_source_remove);

  /* 2. handlers on what outlives the board */
  g_clear_signal_handler (&self->store_changed_id, self->store);
  g_clear_signal_handler (&self->settings_changed_id, self->settings);
  g_clear_signal_handler (&self->router_changed_id, self->router);
  if (self->entries != NULL)
    g_hash_table_remove_all (self->entries);   /* their handlers on the orders */
  if (self->visible != NULL)
    g_sequence_remove_range (g_sequence_get_begin_iter (self->visible),
                             g_sequence_get_end_iter (self->visible));
  if (self->scheduled != NULL)
    g_list_store_remove_all (self->scheduled);
  g_queue_clear_full (&self->undo, (GDestroyNotify) _galley_board_undo_free);

  /* 5. references */
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->router);
  g_clear_object (&self->log);
  g_clear_object (&self->outbox);

  G_OBJECT_CLASS (galley_board_parent_class)->dispose (object);
}

static void
galley_board_finalize (GObject *object)
{
  GalleyBoard *self = GALLEY_BOARD (object);

  g_assert (self->undo_id == 0);
  g_assert (self->store == NULL);

  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->visible, g_sequence_free);
  g_clear_object (&self->scheduled);
  g_clear_pointer (&self->recalled, g_hash_table_unref);
  g_free (self->station);
  g_free (self->user);

  G_OBJECT_CLASS (galley_board_parent_class)->finalize (object);
}

static void
galley_board_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GalleyBoard *self = GALLEY_BOARD (object);

  switch (prop_id)
    {
    case BOARD_PROP_STATION:
      g_value_set_string (value, self->station);
      break;

    case BOARD_PROP_KIND_FILTER:
      g_value_set_uint (value, self->kind_filter);
      break;

    case BOARD_PROP_N_HIDDEN:
      g_value_set_uint (value, self->n_hidden);
      break;

    case BOARD_PROP_N_LATE:
      g_value_set_uint (value, self->n_late);
      break;

    case BOARD_PROP_N_READY:
      g_value_set_uint (value, self->n_ready);
      break;

    case BOARD_PROP_N_UNROUTED:
      g_value_set_uint (value, self->n_unrouted);
      break;

    case BOARD_PROP_CAN_UNDO:
      g_value_set_boolean (value, galley_board_get_can_undo (self));
      break;

    case BOARD_PROP_USER:
      g_value_set_string (value, self->user);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_board_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GalleyBoard *self = GALLEY_BOARD (object);

  switch (prop_id)
    {
    case BOARD_PROP_STATION:
      self->station = g_value_dup_string (value);
      break;

    case BOARD_PROP_KIND_FILTER:
      galley_board_set_kind_filter (self, g_value_get_uint (value));
      break;

    case BOARD_PROP_USER:
      galley_board_set_user (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_board_class_init (GalleyBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = galley_board_dispose;
  object_class->finalize = galley_board_finalize;
  object_class->get_property = galley_board_get_property;
  object_class->set_property = galley_board_set_property;

  properties[BOARD_PROP_STATION] =
    g_param_spec_string ("station", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[BOARD_PROP_KIND_FILTER] =
    g_param_spec_uint ("kind-filter", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[BOARD_PROP_N_HIDDEN] = g_param_spec_uint ("n-hidden", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[BOARD_PROP_N_LATE] = g_param_spec_uint ("n-late", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[BOARD_PROP_N_READY] = g_param_spec_uint ("n-ready", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[BOARD_PROP_N_UNROUTED] =
    g_param_spec_uint ("n-unrouted", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[BOARD_PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, ro);
  properties[BOARD_PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, BOARD_N_PROPS, properties);

  /**
   * GalleyBoard::cue:
   * @cue: a #GalleyBoardCue
   *
   * Something the cook should hear happened on this board (K-12).
   */
  signals[BOARD_SIGNAL_CUE] = g_signal_new ("cue",
                                            G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, GALLEY_TYPE_BOARD_CUE);

  /**
   * GalleyBoard::recent-changed:
   *
   * The recently bumped list or the speed of service changed.
   */
  signals[BOARD_SIGNAL_RECENT_CHANGED] = g_signal_new ("recent-changed",
                                                       G_TYPE_FROM_CLASS (klass),
                                                       G_SIGNAL_RUN_LAST,
                                                       0, NULL, NULL, NULL,
                                                       G_TYPE_NONE, 0);
}

static void
galley_board_init (GalleyBoard *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  self->visible = g_sequence_new (NULL);
  self->scheduled = g_list_store_new (GALLEY_TYPE_TICKET);
  self->recalled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->undo);
}

/**
 * galley_board_new:
 * @settings: (nullable): thresholds per order type; defaults (10 and 15 min) without
 * @router: (nullable): routes lines to stations; without, a station board shows nothing
 * @log: (nullable): the kitchen log: bumps, acknowledgements, lines done, changes
 * @outbox: (nullable): where status changes go; without, bumps stay on this screen
 * @station: a station id, %GALLEY_TICKET_STATION_ALL or %GALLEY_TICKET_STATION_EXPO
 *
 * Returns: (transfer full): a board following @store
 */
GalleyBoard *
galley_board_new (GalleyOrderStore    *store,
                  GSettings           *settings,
                  GalleyStationRouter *router,
                  GalleyKitchenLog    *log,
                  GalleyOutbox        *outbox,
                  const char          *station)
{
  GalleyBoard *self;
  guint n;

  g_return_val_if_fail (GALLEY_IS_ORDER_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (router == NULL || GALLEY_IS_STATION_ROUTER (router), NULL);
  g_return_val_if_fail (log == NULL || GALLEY_IS_KITCHEN_LOG (log), NULL);
  g_return_val_if_fail (outbox == NULL || GALLEY_IS_OUTBOX (outbox), NULL);
  g_return_val_if_fail (station != NULL && *station != '\0', NULL);

  self = g_object_new (GALLEY_TYPE_BOARD, "station", station, NULL);
  self->store = g_object_ref (store);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->router = router != NULL ? g_object_ref (router) : NULL;
  self->log = log != NULL ? g_object_ref (log) : NULL;
  self->outbox = outbox != NULL ? g_object_ref (outbox) : NULL;
  self->expo = g_str_equal (station, GALLEY_TICKET_STATION_EXPO);
  self->all = g_str_equal (station, GALLEY_TICKET_STATION_ALL);

  load_thresholds (self);
  if (self->settings != NULL)
    self->settings_changed_id = g_signal_connect_object (self->settings, "changed",
                                                         G_CALLBACK (settings_changed_cb), self,
                                                         G_CONNECT_SWAPPED);
  if (self->router != NULL)
    self->router_changed_id = g_signal_connect_object (self->router, "changed",
                                                       G_CALLBACK (router_changed_cb), self,
                                                       G_CONNECT_SWAPPED);
  self->store_changed_id = g_signal_connect_object (self->store, "items-changed",
                                                    G_CALLBACK (store_items_changed_cb), self,
                                                    G_CONNECT_SWAPPED);

  /* what is already there is the board, not news: no cues */
  self->populating = TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyOrder) order = g_list_model_get_item (G_LIST_MODEL (store), i);

      add_entry (self, order);
    }
  self->populating = FALSE;
  _galley_board_recount (self);

  return self;
}

const char *
galley_board_get_station (GalleyBoard *self)
{
  g_return_val_if_fail (GALLEY_IS_BOARD (self), NULL);

  return self->station;
}

gboolean
galley_board_is_expo (GalleyBoard *self)
{
  g_return_val_if_fail (GALLEY_IS_BOARD (self), FALSE);

  return self->expo;
}

/**
 * galley_board_get_scheduled:
 *
 * Returns: (transfer none): the scheduled orders waiting to fire, soonest first
 */
GListModel *
galley_board_get_scheduled (GalleyBoard *self)
{
  g_return_val_if_fail (GALLEY_IS_BOARD (self), NULL);

  return G_LIST_MODEL (self->scheduled);
}

/**
 * galley_board_lookup:
 *
 * Returns: (transfer none) (nullable): the ticket of @order_id, shown or not
 */
GalleyTicket *
galley_board_lookup (GalleyBoard *self,
                     const char  *order_id)
{
  Entry *entry;

  g_return_val_if_fail (GALLEY_IS_BOARD (self), NULL);

  entry = order_id != NULL ? g_hash_table_lookup (self->entries, order_id) : NULL;

  return entry != NULL ? entry->ticket : NULL;
}

/**
 * galley_board_get_position:
 *
 * Returns: where @ticket is on the main board, or -1
 */
int
galley_board_get_position (GalleyBoard  *self,
                           GalleyTicket *ticket)
{
  Entry *entry;

  g_return_val_if_fail (GALLEY_IS_BOARD (self), -1);
  g_return_val_if_fail (GALLEY_IS_TICKET (ticket), -1);

  entry = g_hash_table_lookup (self->entries, galley_ticket_get_id (ticket));
  if (entry == NULL || entry->iter == NULL)
    return -1;

  return g_sequence_iter_get_position (entry->iter);
}

/**
 * galley_board_tick:
 * @now: µs since the epoch
 *
 * Advances every ticket's time and urgency, and fires scheduled orders whose time came.
 */
void
galley_board_tick (GalleyBoard *self,
                   gint64       now)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new ();
  guint n_late = 0;

  g_return_if_fail (GALLEY_IS_BOARD (self));

  self->now = now;

  for (GSequenceIter *iter = g_sequence_get_begin_iter (self->visible);
       !g_sequence_iter_is_end (iter); iter = g_sequence_iter_next (iter))
    {
      Entry *entry = g_sequence_get (iter);
      GalleyOrderKind kind = galley_order_get_kind (entry->order);

      galley_ticket_tick (entry->ticket, now, self->thresholds[kind][0], self->thresholds[kind][1]);
      if (galley_ticket_get_urgency (entry->ticket) == GALLEY_TICKET_LATE &&
          !galley_ticket_get_cancelled (entry->ticket))
        n_late++;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->scheduled)); i++)
    {
      g_autoptr(GalleyTicket) ticket = g_list_model_get_item (G_LIST_MODEL (self->scheduled), i);
      Entry *entry = g_hash_table_lookup (self->entries, galley_ticket_get_id (ticket));

      galley_ticket_tick (ticket, now, 0, 0);
      if (entry != NULL && !waiting_to_fire (self, entry))
        g_ptr_array_add (due, entry);
    }

  /* scheduled orders whose time came join the board, announced (K-16) */
  for (guint i = 0; i < due->len; i++)
    {
      Entry *entry = g_ptr_array_index (due, i);

      entry->shown_once = FALSE;
      _galley_board_place (self, entry);
    }

  if (n_late != self->n_late)
    {
      self->n_late = n_late;
      g_object_notify_by_pspec (G_OBJECT (self), properties[BOARD_PROP_N_LATE]);
    }
  if (due->len > 0)
    _galley_board_recount (self);
}

/**
 * galley_board_get_now:
 *
 * Returns: the time of the last tick (µs since the epoch), or the real time before any
 */
gint64
galley_board_get_now (GalleyBoard *self)
{
  g_return_val_if_fail (GALLEY_IS_BOARD (self), 0);

  return _galley_board_now (self);
}

/**
 * galley_board_set_user:
 * @user: (nullable): who is signed in, recorded with allergy acknowledgements
 */
void
galley_board_set_user (GalleyBoard *self,
                       const char  *user)
{
  g_return_if_fail (GALLEY_IS_BOARD (self));

  if (g_strcmp0 (self->user, user) == 0)
    return;

  g_free (self->user);
  self->user = g_strdup (user);
  g_object_notify_by_pspec (G_OBJECT (self), properties[BOARD_PROP_USER]);
}

const char *
galley_board_get_user (GalleyBoard *self)
{
  g_return_val_if_fail (GALLEY_IS_BOARD (self), NULL);

  return self->user;
}

guint
galley_board_get_kind_filter (GalleyBoard *self)
{
  g_return_val_if_fail (GALLEY_IS_BOARD (self), 0);

  return self->kind_filter;
}

/**
 * galley_board_set_kind_filter:
 * @kinds: a bit (1 << kind) for each #GalleyOrderKind to show; 0 shows every type
 *
 * Orders of other types are hidden and counted (K-15).
 */
void
galley_board_set_kind_filter (GalleyBoard *self,
                              guint        kinds)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (GALLEY_IS_BOARD (self));

  if (self->kind_filter == kinds)
    return;

  self->kind_filter = kinds;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    _galley_board_place (self, value);
  _galley_board_recount (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[BOARD_PROP_KIND_FILTER]);
}
