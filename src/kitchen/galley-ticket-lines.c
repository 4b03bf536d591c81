/* galley-ticket-lines.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyTicket's lines: built from the order for the ticket's station, compared with the
 * baseline the cook last saw to mark each change (K-11), the allergens and derived flags, and
 * the done state of each line (K-6).
 */
#define G_LOG_DOMAIN "galley-ticket"

#include <glib/gi18n.h>

#include "kitchen/galley-ticket-private.h"

static gboolean
shows_every_station (GalleyTicket *self)
{
  return g_strcmp0 (self->station, GALLEY_TICKET_STATION_ALL) == 0 ||
         g_strcmp0 (self->station, GALLEY_TICKET_STATION_EXPO) == 0;
}

/* Same dish for the cook: name, modifiers and notes (quantity is compared apart). */
static gboolean
same_preparation (GalleyOrderItem *a,
                  GalleyOrderItem *b)
{
  return g_strcmp0 (galley_order_item_get_name (a), galley_order_item_get_name (b)) == 0 &&
         g_strv_equal (galley_order_item_get_modifiers (a), galley_order_item_get_modifiers (b)) &&
         g_strcmp0 (galley_order_item_get_notes (a), galley_order_item_get_notes (b)) == 0;
}

static GalleyTicketLine *
find_line (GalleyTicket *self,
           const char   *item_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyTicketLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);

      if (g_strcmp0 (galley_ticket_line_get_item_id (line), item_id) == 0)
        return line;   /* the store keeps it alive */
    }

  return NULL;
}

static void
set_baseline_from_lines (GalleyTicket *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));

  g_hash_table_remove_all (self->baseline);
  g_ptr_array_set_size (self->baseline_ids, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyTicketLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);
      GalleyOrderItem *item = galley_ticket_line_get_item (line);
      const char *id = galley_order_item_get_id (item);

      if (galley_ticket_line_get_change (line) == GALLEY_LINE_CHANGE_VOIDED ||
          g_hash_table_contains (self->baseline, id))
        continue;

      g_hash_table_insert (self->baseline, g_strdup (id), g_object_ref (item));
      g_ptr_array_add (self->baseline_ids, g_strdup (id));
    }
}

static char *
collect_allergens (GalleyTicket *self)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));
  const char *order_notes = galley_order_get_notes (self->order);

  if (order_notes != NULL && galley_modifier_classify (order_notes) == GALLEY_MODIFIER_ALLERGY)
    g_string_append (text, order_notes);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyTicketLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);
      GalleyOrderItem *item = galley_ticket_line_get_item (line);
      const char * const *modifiers = galley_order_item_get_modifiers (item);
      const char *notes = galley_order_item_get_notes (item);
      guint n_modifiers = modifiers != NULL ? g_strv_length ((char **) modifiers) : 0;

      if (galley_ticket_line_get_change (line) == GALLEY_LINE_CHANGE_VOIDED)
        continue;

      /* the modifiers, then the notes: the same allergy said twice for one dish shows once */
      for (guint m = 0; m <= n_modifiers; m++)
        {
          const char *said = m < n_modifiers ? modifiers[m] : notes;
          g_autofree char *entry = NULL;
          g_autofree char *key = NULL;

          if (said == NULL || galley_modifier_classify (said) != GALLEY_MODIFIER_ALLERGY)
            continue;

          entry = g_strdup_printf ("%s (%s)", said, galley_order_item_get_name (item));
          key = g_utf8_casefold (entry, -1);
          if (!g_hash_table_add (seen, g_steal_pointer (&key)))
            continue;
          g_string_append_printf (text, "%s%s", text->len > 0 ? "; " : "", entry);
        }
    }

  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }

  return g_string_free (text, FALSE);
}

static void
update_derived (GalleyTicket        *self,
                GalleyTicketRefresh *flags)
{
  gboolean rush = galley_order_get_rush (self->order);
  gboolean cancelled = galley_order_get_status (self->order) == GALLEY_ORDER_STATUS_CANCELLED;
  g_autofree char *allergens = collect_allergens (self);
  gboolean has_changes = FALSE;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));

  for (guint i = 0; i < n && !has_changes; i++)
    {
      g_autoptr(GalleyTicketLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);

      has_changes = galley_ticket_line_get_change (line) != GALLEY_LINE_CHANGE_NONE;
    }

  if (rush != self->rush)
    {
      if (rush && self->built)
        *flags |= GALLEY_TICKET_REFRESH_RUSH;
      self->rush = rush;
      _galley_ticket_notify (self, PROP_RUSH);
    }

  if (cancelled != self->cancelled)
    {
      if (cancelled && self->built)
        *flags |= GALLEY_TICKET_REFRESH_CANCELLED;
      self->cancelled = cancelled;
      _galley_ticket_notify (self, PROP_CANCELLED);
    }

  if (g_strcmp0 (allergens, self->allergens) != 0)
    {
      gboolean allergy = allergens != NULL;

      /* a new or different allergy needs a new acknowledgement */
      if (allergy && self->built)
        *flags |= GALLEY_TICKET_REFRESH_ALLERGY;
      g_free (self->allergens);
      self->allergens = g_steal_pointer (&allergens);
      if (self->acknowledged && allergy)
        {
          self->acknowledged = FALSE;
          g_clear_pointer (&self->acknowledged_by, g_free);
          self->acknowledged_at = 0;
          _galley_ticket_notify (self, PROP_ACKNOWLEDGED);
        }
      if (allergy != self->allergy)
        {
          self->allergy = allergy;
          _galley_ticket_notify (self, PROP_ALLERGY);
        }
    }

  if (has_changes != self->has_changes)
    {
      self->has_changes = has_changes;
      _galley_ticket_notify (self, PROP_HAS_CHANGES);
    }
}

/**
 * galley_ticket_refresh:
 * @route: (scope call) (nullable): the station of each line; %NULL routes every line nowhere
 *
 * Recomputes the lines from the order. The first call takes them as the cook's baseline;
 * later calls mark each difference from it. Lines keep their done state.
 *
 * Returns: what appeared with this refresh
 */
GalleyTicketRefresh
galley_ticket_refresh (GalleyTicket          *self,
                       GalleyTicketRouteFunc  route,
                       gpointer               user_data)
{
  GalleyTicketRefresh flags = GALLEY_TICKET_REFRESH_NONE;
  GListModel *items;
  g_autoptr(GPtrArray) next = NULL;
  g_autoptr(GHashTable) present = NULL;
  guint n_items, n_old;
  gboolean same;

  g_return_val_if_fail (GALLEY_IS_TICKET (self), GALLEY_TICKET_REFRESH_NONE);

  items = galley_order_get_items (self->order);
  n_items = g_list_model_get_n_items (items);
  next = g_ptr_array_new_with_free_func (g_object_unref);
  present = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GalleyOrderItem) item = g_list_model_get_item (items, i);
      const char *station = route != NULL ? route (item, user_data) : NULL;
      const char *id = galley_order_item_get_id (item);
      GalleyOrderItem *before;
      GalleyTicketLine *old_line;
      GalleyTicketLine *line;

      if (!shows_every_station (self) && g_strcmp0 (station, self->station) != 0)
        continue;
      if (g_hash_table_contains (present, id))
        continue;   /* a duplicated line id: the first one wins */

      g_hash_table_add (present, (gpointer) id);
      line = galley_ticket_line_new (item, station);
      old_line = find_line (self, id);
      if (old_line != NULL)
        galley_ticket_line_set_done (line, galley_ticket_line_get_done (old_line));

      before = self->built ? g_hash_table_lookup (self->baseline, id) : item;
      if (before == NULL)
        galley_ticket_line_set_change (line, GALLEY_LINE_CHANGE_ADDED, 0);
      else if (galley_order_item_get_quantity (before) != galley_order_item_get_quantity (item))
        galley_ticket_line_set_change (line, GALLEY_LINE_CHANGE_QUANTITY,
                                       galley_order_item_get_quantity (before));
      else if (before != item && !same_preparation (before, item))
        galley_ticket_line_set_change (line, GALLEY_LINE_CHANGE_MODIFIED, 0);

      g_ptr_array_add (next, line);
    }

  /* lines the cook saw that are gone: voided, kept struck through */
  for (guint i = 0; self->built && i < self->baseline_ids->len; i++)
    {
      const char *id = g_ptr_array_index (self->baseline_ids, i);
      GalleyTicketLine *line;

      if (g_hash_table_contains (present, id))
        continue;

      line = galley_ticket_line_new (g_hash_table_lookup (self->baseline, id), NULL);
      galley_ticket_line_set_change (line, GALLEY_LINE_CHANGE_VOIDED, 0);
      g_ptr_array_add (next, line);
    }

  /* what is new since the previous refresh */
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->lines));
  same = n_old == next->len;
  for (guint i = 0; i < next->len; i++)
    {
      GalleyTicketLine *line = g_ptr_array_index (next, i);
      GalleyTicketLine *old_line = find_line (self, galley_ticket_line_get_item_id (line));
      GalleyLineChange change = galley_ticket_line_get_change (line);
      g_autoptr(GalleyTicketLine) at_i = NULL;

      if (i < n_old)
        at_i = g_list_model_get_item (G_LIST_MODEL (self->lines), i);
      if (at_i == NULL ||
          galley_ticket_line_get_item (at_i) != galley_ticket_line_get_item (line) ||
          galley_ticket_line_get_change (at_i) != change ||
          galley_ticket_line_get_old_quantity (at_i) != galley_ticket_line_get_old_quantity (line) ||
          g_strcmp0 (galley_ticket_line_get_station (at_i), galley_ticket_line_get_station (line)) != 0)
        same = FALSE;

      if (change == GALLEY_LINE_CHANGE_NONE ||
          (old_line != NULL && galley_ticket_line_get_change (old_line) == change &&
           galley_ticket_line_get_item (old_line) == galley_ticket_line_get_item (line)))
        continue;

      switch (change)
        {
        case GALLEY_LINE_CHANGE_ADDED:
          flags |= GALLEY_TICKET_REFRESH_ADDED;
          break;

        case GALLEY_LINE_CHANGE_VOIDED:
          flags |= GALLEY_TICKET_REFRESH_VOIDED;
          break;

        case GALLEY_LINE_CHANGE_QUANTITY:
        case GALLEY_LINE_CHANGE_MODIFIED:
        case GALLEY_LINE_CHANGE_NONE:
        default:
          flags |= GALLEY_TICKET_REFRESH_MODIFIED;
          break;
        }
    }

  if (!same)
    {
      g_list_store_splice (self->lines, 0, n_old, next->pdata, next->len);
      flags |= GALLEY_TICKET_REFRESH_LINES;
      _galley_ticket_notify (self, PROP_N_LINES_OPEN);
    }

  if (!self->built)
    {
      set_baseline_from_lines (self);
      update_derived (self, &flags);
      self->built = TRUE;
    }
  else
    update_derived (self, &flags);

  return flags;
}

gboolean
galley_ticket_get_has_changes (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), FALSE);

  return self->has_changes;
}

/**
 * galley_ticket_clear_changes:
 *
 * The cook has seen the changes: voided lines go, the others lose their marks, and the
 * current lines become the baseline.
 */
void
galley_ticket_clear_changes (GalleyTicket *self)
{
  guint n;

  g_return_if_fail (GALLEY_IS_TICKET (self));

  if (!self->has_changes)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(GalleyTicketLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i - 1);

      if (galley_ticket_line_get_change (line) == GALLEY_LINE_CHANGE_VOIDED)
        g_list_store_remove (self->lines, i - 1);
      else
        galley_ticket_line_set_change (line, GALLEY_LINE_CHANGE_NONE, 0);
    }

  set_baseline_from_lines (self);
  self->has_changes = FALSE;
  _galley_ticket_notify (self, PROP_HAS_CHANGES);
  _galley_ticket_notify (self, PROP_N_LINES_OPEN);
}

/**
 * galley_ticket_get_n_lines_live:
 *
 * Returns: lines that are not voided
 */
guint
galley_ticket_get_n_lines_live (GalleyTicket *self)
{
  guint n, live = 0;

  g_return_val_if_fail (GALLEY_IS_TICKET (self), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyTicketLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);

      if (galley_ticket_line_get_change (line) != GALLEY_LINE_CHANGE_VOIDED)
        live++;
    }

  return live;
}

/**
 * galley_ticket_get_n_lines_open:
 *
 * Returns: lines that are neither voided nor done
 */
guint
galley_ticket_get_n_lines_open (GalleyTicket *self)
{
  guint n, open = 0;

  g_return_val_if_fail (GALLEY_IS_TICKET (self), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyTicketLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);

      if (galley_ticket_line_get_change (line) != GALLEY_LINE_CHANGE_VOIDED &&
          !galley_ticket_line_get_done (line))
        open++;
    }

  return open;
}

/**
 * galley_ticket_set_line_done:
 *
 * Returns: whether a line with @item_id exists and changed
 */
gboolean
galley_ticket_set_line_done (GalleyTicket *self,
                             const char   *item_id,
                             gboolean      done)
{
  GalleyTicketLine *line;

  g_return_val_if_fail (GALLEY_IS_TICKET (self), FALSE);

  line = find_line (self, item_id);
  if (line == NULL || galley_ticket_line_get_done (line) == !!done)
    return FALSE;

  galley_ticket_line_set_done (line, done);
  _galley_ticket_notify (self, PROP_N_LINES_OPEN);

  return TRUE;
}

/**
 * galley_ticket_find_line:
 *
 * Returns: (transfer none) (nullable): the line showing @item_id
 */
GalleyTicketLine *
galley_ticket_find_line (GalleyTicket *self,
                         const char   *item_id)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), NULL);

  return find_line (self, item_id);
}
