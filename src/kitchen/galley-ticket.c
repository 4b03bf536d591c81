/* galley-ticket.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A kitchen ticket: one order as one screen shows it. A station screen sees only the lines
 * routed to it; "all" and expo see every line. The ticket remembers the lines as the cook
 * last saw them (the baseline) and draws every later edit as a difference against it —
 * added, voided (kept, struck through), quantity "2 → 1", modified — until the cook touches
 * the card or bumps it (K-11). Elapsed time and urgency are recomputed by the board on each
 * tick of the shared clock (K-2, K-3); the ticket has no timer of its own.
 */
#define G_LOG_DOMAIN "galley-ticket"

#include <glib/gi18n.h>

#include "kitchen/galley-ticket-private.h"


G_DEFINE_FINAL_TYPE (GalleyTicket, galley_ticket, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (GalleyTicketUrgency, galley_ticket_urgency,
                    G_DEFINE_ENUM_VALUE (GALLEY_TICKET_NORMAL, "normal"),
                    G_DEFINE_ENUM_VALUE (GALLEY_TICKET_WARNING, "warning"),
                    G_DEFINE_ENUM_VALUE (GALLEY_TICKET_LATE, "late"))


static GParamSpec *properties[N_PROPS];

void
_galley_ticket_notify (GalleyTicket *self,
                       guint         prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

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

      if (galley_ticket_line_get_change (line) == GALLEY_LINE_CHANGE_VOIDED)
        continue;

      for (guint m = 0; modifiers != NULL && modifiers[m] != NULL; m++)
        if (galley_modifier_classify (modifiers[m]) == GALLEY_MODIFIER_ALLERGY)
          g_string_append_printf (text, "%s%s (%s)", text->len > 0 ? "; " : "", modifiers[m],
                                  galley_order_item_get_name (item));
      if (notes != NULL && galley_modifier_classify (notes) == GALLEY_MODIFIER_ALLERGY)
        g_string_append_printf (text, "%s%s (%s)", text->len > 0 ? "; " : "", notes,
                                galley_order_item_get_name (item));
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

static void
galley_ticket_dispose (GObject *object)
{
  GalleyTicket *self = GALLEY_TICKET (object);

  if (self->lines != NULL)
    g_list_store_remove_all (self->lines);
  g_clear_object (&self->lines);
  g_clear_pointer (&self->baseline, g_hash_table_unref);
  g_clear_object (&self->order);

  G_OBJECT_CLASS (galley_ticket_parent_class)->dispose (object);
}

static void
galley_ticket_finalize (GObject *object)
{
  GalleyTicket *self = GALLEY_TICKET (object);

  g_free (self->station);
  g_ptr_array_unref (self->baseline_ids);
  g_free (self->allergens);
  g_free (self->acknowledged_by);
  g_strfreev (self->also_at);
  g_strfreev (self->progress_stations);

  G_OBJECT_CLASS (galley_ticket_parent_class)->finalize (object);
}

static void
galley_ticket_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GalleyTicket *self = GALLEY_TICKET (object);

  switch (prop_id)
    {
    case PROP_ORDER:
      g_value_set_object (value, self->order);
      break;

    case PROP_STATION:
      g_value_set_string (value, self->station);
      break;

    case PROP_STARTED_AT:
      g_value_set_int64 (value, self->started_at);
      break;

    case PROP_ELAPSED:
      g_value_set_int64 (value, self->elapsed);
      break;

    case PROP_URGENCY:
      g_value_set_enum (value, self->urgency);
      break;

    case PROP_RUSH:
      g_value_set_boolean (value, self->rush);
      break;

    case PROP_ALLERGY:
      g_value_set_boolean (value, self->allergy);
      break;

    case PROP_HAS_CHANGES:
      g_value_set_boolean (value, self->has_changes);
      break;

    case PROP_CANCELLED:
      g_value_set_boolean (value, self->cancelled);
      break;

    case PROP_ACKNOWLEDGED:
      g_value_set_boolean (value, self->acknowledged);
      break;

    case PROP_RECALLED:
      g_value_set_boolean (value, self->recalled);
      break;

    case PROP_SCHEDULED:
      g_value_set_boolean (value, self->scheduled);
      break;

    case PROP_ALSO_AT:
      g_value_set_boxed (value, self->also_at);
      break;

    case PROP_PROGRESS:
      g_value_set_uint64 (value, self->progress_done);
      break;

    case PROP_N_LINES_OPEN:
      g_value_set_uint (value, galley_ticket_get_n_lines_open (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_ticket_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GalleyTicket *self = GALLEY_TICKET (object);

  switch (prop_id)
    {
    case PROP_ORDER:
      self->order = g_value_dup_object (value);
      break;

    case PROP_STATION:
      self->station = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_ticket_constructed (GObject *object)
{
  GalleyTicket *self = GALLEY_TICKET (object);

  G_OBJECT_CLASS (galley_ticket_parent_class)->constructed (object);

  g_assert (self->order != NULL);
  if (self->station == NULL)
    self->station = g_strdup (GALLEY_TICKET_STATION_ALL);

  self->started_at = galley_order_get_created_at (self->order);
}

static void
galley_ticket_class_init (GalleyTicketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = galley_ticket_constructed;
  object_class->dispose = galley_ticket_dispose;
  object_class->finalize = galley_ticket_finalize;
  object_class->get_property = galley_ticket_get_property;
  object_class->set_property = galley_ticket_set_property;

  properties[PROP_ORDER] =
    g_param_spec_object ("order", NULL, NULL, GALLEY_TYPE_ORDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATION] =
    g_param_spec_string ("station", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STARTED_AT] =
    g_param_spec_int64 ("started-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_ELAPSED] =
    g_param_spec_int64 ("elapsed", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_URGENCY] =
    g_param_spec_enum ("urgency", NULL, NULL, GALLEY_TYPE_TICKET_URGENCY, GALLEY_TICKET_NORMAL, ro);
  properties[PROP_RUSH] = g_param_spec_boolean ("rush", NULL, NULL, FALSE, ro);
  properties[PROP_ALLERGY] = g_param_spec_boolean ("allergy", NULL, NULL, FALSE, ro);
  properties[PROP_HAS_CHANGES] = g_param_spec_boolean ("has-changes", NULL, NULL, FALSE, ro);
  properties[PROP_CANCELLED] = g_param_spec_boolean ("cancelled", NULL, NULL, FALSE, ro);
  properties[PROP_ACKNOWLEDGED] = g_param_spec_boolean ("acknowledged", NULL, NULL, FALSE, ro);
  properties[PROP_RECALLED] = g_param_spec_boolean ("recalled", NULL, NULL, FALSE, ro);
  properties[PROP_SCHEDULED] = g_param_spec_boolean ("scheduled", NULL, NULL, FALSE, ro);
  properties[PROP_ALSO_AT] = g_param_spec_boxed ("also-at", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_PROGRESS] =
    g_param_spec_uint64 ("progress", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_N_LINES_OPEN] =
    g_param_spec_uint ("n-lines-open", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_ticket_init (GalleyTicket *self)
{
  self->lines = g_list_store_new (GALLEY_TYPE_TICKET_LINE);
  self->baseline = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->baseline_ids = g_ptr_array_new_with_free_func (g_free);
  self->progress_slowest = -1;
}

/**
 * galley_ticket_new:
 * @station: (nullable): the station this screen serves, %GALLEY_TICKET_STATION_ALL (the
 *   default) or %GALLEY_TICKET_STATION_EXPO
 *
 * The ticket has no lines until galley_ticket_refresh() is called.
 *
 * Returns: (transfer full): a ticket for @order
 */
GalleyTicket *
galley_ticket_new (GalleyOrder *order,
                   const char  *station)
{
  g_return_val_if_fail (GALLEY_IS_ORDER (order), NULL);

  return g_object_new (GALLEY_TYPE_TICKET, "order", order, "station", station, NULL);
}

GalleyOrder *
galley_ticket_get_order (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), NULL);

  return self->order;
}

const char *
galley_ticket_get_id (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), NULL);

  return galley_order_get_id (self->order);
}

const char *
galley_ticket_get_station (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), NULL);

  return self->station;
}

/**
 * galley_ticket_get_lines:
 *
 * Returns: (transfer none): the lines shown, a list of #GalleyTicketLine: the order's lines
 *   for this station in the order's order, then the voided ones
 */
GListModel *
galley_ticket_get_lines (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), NULL);

  return G_LIST_MODEL (self->lines);
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
