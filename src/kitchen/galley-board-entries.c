/* galley-board-entries.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyBoard's entries: one per order of the store, made and dropped as the store changes,
 * each watching its order, with the "fired" state read back from the kitchen log.
 */
#define G_LOG_DOMAIN "galley-board"

#include "config.h"

#include <glib/gi18n.h>

#include "kitchen/galley-board-private.h"

#define properties _galley_board_properties
#define signals _galley_board_signals

/* ------------------------------------------------------------------ entries */

static void
order_changed_cb (GalleyOrder *order,
                  Entry       *entry)
{
  GalleyBoard *self = entry->board;

  _galley_board_refresh_entry (self, entry);
  _galley_board_recount (self);
}

void
_galley_board_entry_free (gpointer data)
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

void
_galley_board_add_entry (GalleyBoard *self,
                         GalleyOrder *order)
{
  const char *id = galley_order_get_id (order);
  Entry *entry;
  g_autofree char *who = NULL;
  g_autofree char *acked = NULL;
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

  if (self->log != NULL &&
      galley_kitchen_log_lookup_ack_full (self->log, id, self->station, &who, &at, &acked))
    {
      g_autofree char *allergens = NULL;

      galley_ticket_refresh (entry->ticket, _galley_board_route_cb, self);
      allergens = galley_ticket_dup_allergens (entry->ticket);
      /* only the allergies that were read: one added since needs a new acknowledgement */
      if (allergens != NULL && g_strcmp0 (allergens, acked) == 0)
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

  _galley_board_remove_visible (self, entry);
  if (entry->placement == PLACE_SCHEDULED)
    _galley_board_remove_scheduled (self, entry);
  g_hash_table_remove (self->entries, id);
}

/* The store only says where rows came and went: find which orders are new or gone. */
void
_galley_board_store_items_changed_cb (GalleyBoard *self,
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

      _galley_board_add_entry (self, order);
    }

  _galley_board_recount (self);
}

void
_galley_board_refresh_all (GalleyBoard *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    _galley_board_refresh_entry (self, value);

  _galley_board_recount (self);
}
