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
 *
 * The lines and their changes are in galley-ticket-lines.c, time and flags in
 * galley-ticket-state.c, texts in galley-ticket-text.c.
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
