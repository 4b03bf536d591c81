/* galley-board-counts.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyBoard's figures: the header counts (K-4), what the filter hides (K-15), unrouted
 * lines (K-13), all-day counts (K-14) and speed of service (K-21).
 */
#define G_LOG_DOMAIN "galley-board"

#include <string.h>

#include "kitchen/galley-board-private.h"

#define properties _galley_board_properties

static void
set_count (GalleyBoard *self,
           guint       *field,
           guint        value,
           guint        prop)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static gboolean
has_unrouted_line (GalleyBoard *self,
                   Entry       *entry)
{
  GListModel *items = galley_order_get_items (entry->order);
  guint n = g_list_model_get_n_items (items);

  if (self->router == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyOrderItem) item = g_list_model_get_item (items, i);

      if (galley_station_router_route_item (self->router, item) == NULL)
        return TRUE;
    }

  return FALSE;
}

/* Recomputes the header counts from every entry (a few hundred at most). */
void
_galley_board_recount (GalleyBoard *self)
{
  GHashTableIter iter;
  gpointer value;
  guint hidden = 0, ready = 0, unrouted = 0, late = 0;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entry *entry = value;
      GalleyOrderStatus status = galley_order_get_status (entry->order);

      if (entry->filtered)
        hidden++;
      if (status == GALLEY_ORDER_STATUS_READY)
        ready++;
      if (entry->iter != NULL && galley_ticket_get_urgency (entry->ticket) == GALLEY_TICKET_LATE &&
          !galley_ticket_get_cancelled (entry->ticket))
        late++;
      /* unrouted lines are expo's alarm: an item nobody is making (K-13) */
      if (self->expo && entry->placement == PLACE_MAIN && has_unrouted_line (self, entry))
        unrouted++;
    }

  set_count (self, &self->n_hidden, hidden, BOARD_PROP_N_HIDDEN);
  set_count (self, &self->n_ready, ready, BOARD_PROP_N_READY);
  set_count (self, &self->n_unrouted, unrouted, BOARD_PROP_N_UNROUTED);
  set_count (self, &self->n_late, late, BOARD_PROP_N_LATE);
}

guint
galley_board_get_n_hidden (GalleyBoard *self)
{
  g_return_val_if_fail (GALLEY_IS_BOARD (self), 0);

  return self->n_hidden;
}

guint
galley_board_get_n_late (GalleyBoard *self)
{
  g_return_val_if_fail (GALLEY_IS_BOARD (self), 0);

  return self->n_late;
}

guint
galley_board_get_n_ready (GalleyBoard *self)
{
  g_return_val_if_fail (GALLEY_IS_BOARD (self), 0);

  return self->n_ready;
}

/**
 * galley_board_get_n_unrouted:
 *
 * Returns: on expo, orders on the board with a line no station makes
 */
guint
galley_board_get_n_unrouted (GalleyBoard *self)
{
  g_return_val_if_fail (GALLEY_IS_BOARD (self), 0);

  return self->n_unrouted;
}

void
galley_all_day_entry_free (GalleyAllDayEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->name);
  g_clear_pointer (&entry->variants, g_ptr_array_unref);
  g_free (entry);
}

static void
variant_free (gpointer data)
{
  GalleyAllDayVariant *variant = data;

  g_free (variant->label);
  g_free (variant);
}

static int
compare_all_day (gconstpointer a,
                 gconstpointer b)
{
  const GalleyAllDayEntry *ea = *(GalleyAllDayEntry * const *) a;
  const GalleyAllDayEntry *eb = *(GalleyAllDayEntry * const *) b;

  if (ea->quantity != eb->quantity)
    return ea->quantity > eb->quantity ? -1 : 1;

  return g_utf8_collate (ea->name, eb->name);
}

static int
compare_variants (gconstpointer a,
                  gconstpointer b)
{
  const GalleyAllDayVariant *va = *(GalleyAllDayVariant * const *) a;
  const GalleyAllDayVariant *vb = *(GalleyAllDayVariant * const *) b;

  if (va->quantity != vb->quantity)
    return va->quantity > vb->quantity ? -1 : 1;

  return g_strcmp0 (va->label, vb->label);
}

static void
add_line (GHashTable       *by_name,
          GPtrArray        *result,
          GalleyTicketLine *line)
{
  GalleyOrderItem *item = galley_ticket_line_get_item (line);
  const char *name = galley_order_item_get_name (item);
  const char * const *modifiers = galley_order_item_get_modifiers (item);
  g_autofree char *label = modifiers != NULL ? g_strjoinv (", ", (char **) modifiers) : g_strdup ("");
  guint quantity = (guint) MAX (galley_order_item_get_quantity (item), 0);
  GalleyAllDayEntry *entry = g_hash_table_lookup (by_name, name);
  GalleyAllDayVariant *variant = NULL;

  if (entry == NULL)
    {
      entry = g_new0 (GalleyAllDayEntry, 1);
      entry->name = g_strdup (name);
      entry->variants = g_ptr_array_new_with_free_func (variant_free);
      g_hash_table_insert (by_name, entry->name, entry);
      g_ptr_array_add (result, entry);
    }

  entry->quantity += quantity;
  for (guint v = 0; v < entry->variants->len && variant == NULL; v++)
    if (g_strcmp0 (((GalleyAllDayVariant *) g_ptr_array_index (entry->variants, v))->label, label) == 0)
      variant = g_ptr_array_index (entry->variants, v);
  if (variant == NULL)
    {
      variant = g_new0 (GalleyAllDayVariant, 1);
      variant->label = g_steal_pointer (&label);
      g_ptr_array_add (entry->variants, variant);
    }
  variant->quantity += quantity;
}

/**
 * galley_board_dup_all_day:
 *
 * K-14: open quantities of each item across the orders on this board (filtered ones too:
 * they are still being made), most first, each split by modifiers.
 *
 * Returns: (transfer full) (element-type GalleyAllDayEntry): the counts
 */
GPtrArray *
galley_board_dup_all_day (GalleyBoard *self)
{
  g_autoptr(GHashTable) by_name = NULL;
  GPtrArray *result;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (GALLEY_IS_BOARD (self), NULL);

  by_name = g_hash_table_new (g_str_hash, g_str_equal);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) galley_all_day_entry_free);

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entry *entry = value;
      GListModel *lines;
      guint n;

      if (entry->placement != PLACE_MAIN || galley_ticket_get_cancelled (entry->ticket))
        continue;

      lines = galley_ticket_get_lines (entry->ticket);
      n = g_list_model_get_n_items (lines);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GalleyTicketLine) line = g_list_model_get_item (lines, i);

          if (galley_ticket_line_get_change (line) != GALLEY_LINE_CHANGE_VOIDED &&
              !galley_ticket_line_get_done (line))
            add_line (by_name, result, line);
        }
    }

  for (guint i = 0; i < result->len; i++)
    g_ptr_array_sort (((GalleyAllDayEntry *) g_ptr_array_index (result, i))->variants,
                      compare_variants);
  g_ptr_array_sort (result, compare_all_day);

  return result;
}

/**
 * galley_board_ticket_has_item:
 *
 * Returns: whether @ticket has an open line named @name (the all-day highlight)
 */
gboolean
galley_board_ticket_has_item (GalleyBoard  *self,
                              GalleyTicket *ticket,
                              const char   *name)
{
  GListModel *lines;
  guint n;

  g_return_val_if_fail (GALLEY_IS_BOARD (self), FALSE);
  g_return_val_if_fail (GALLEY_IS_TICKET (ticket), FALSE);

  if (name == NULL)
    return FALSE;

  lines = galley_ticket_get_lines (ticket);
  n = g_list_model_get_n_items (lines);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyTicketLine) line = g_list_model_get_item (lines, i);

      if (galley_ticket_line_get_change (line) != GALLEY_LINE_CHANGE_VOIDED &&
          !galley_ticket_line_get_done (line) &&
          g_strcmp0 (galley_order_item_get_name (galley_ticket_line_get_item (line)), name) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * galley_board_get_speed:
 * @out: (out caller-allocates): today's figures for this board's station
 *
 * K-21, from the kitchen log; all zero without one.
 */
void
galley_board_get_speed (GalleyBoard          *self,
                        GalleySpeedOfService *out)
{
  gint64 from, to;

  g_return_if_fail (GALLEY_IS_BOARD (self));
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  if (self->log == NULL)
    return;

  galley_kitchen_log_today_range (_galley_board_now (self), &from, &to);
  galley_kitchen_log_get_speed (self->log, self->station, from, to, out);
}
