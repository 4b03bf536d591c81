/* galley-ticket-line.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One line of a kitchen ticket: an order line as this screen shows it, with the station it
 * is routed to, whether the cook struck it through, and how it changed since the cook last
 * looked at the ticket.
 */
#define G_LOG_DOMAIN "galley-ticket-line"

#include <glib/gi18n.h>

#include "kitchen/galley-ticket-line.h"

struct _GalleyTicketLine
{
  GObject           parent_instance;

  GalleyOrderItem  *item;
  char             *station;        /* NULL: routed nowhere */
  GalleyLineChange  change;
  int               old_quantity;
  gboolean          done;
};

G_DEFINE_FINAL_TYPE (GalleyTicketLine, galley_ticket_line, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (GalleyLineChange, galley_line_change,
                    G_DEFINE_ENUM_VALUE (GALLEY_LINE_CHANGE_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (GALLEY_LINE_CHANGE_ADDED, "added"),
                    G_DEFINE_ENUM_VALUE (GALLEY_LINE_CHANGE_VOIDED, "voided"),
                    G_DEFINE_ENUM_VALUE (GALLEY_LINE_CHANGE_QUANTITY, "quantity"),
                    G_DEFINE_ENUM_VALUE (GALLEY_LINE_CHANGE_MODIFIED, "modified"))

enum {
  PROP_0,
  PROP_ITEM,
  PROP_STATION,
  PROP_CHANGE,
  PROP_OLD_QUANTITY,
  PROP_DONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
galley_ticket_line_dispose (GObject *object)
{
  GalleyTicketLine *self = GALLEY_TICKET_LINE (object);

  g_clear_object (&self->item);

  G_OBJECT_CLASS (galley_ticket_line_parent_class)->dispose (object);
}

static void
galley_ticket_line_finalize (GObject *object)
{
  GalleyTicketLine *self = GALLEY_TICKET_LINE (object);

  g_free (self->station);

  G_OBJECT_CLASS (galley_ticket_line_parent_class)->finalize (object);
}

static void
galley_ticket_line_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GalleyTicketLine *self = GALLEY_TICKET_LINE (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    case PROP_STATION:
      g_value_set_string (value, self->station);
      break;

    case PROP_CHANGE:
      g_value_set_enum (value, self->change);
      break;

    case PROP_OLD_QUANTITY:
      g_value_set_int (value, self->old_quantity);
      break;

    case PROP_DONE:
      g_value_set_boolean (value, self->done);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_ticket_line_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GalleyTicketLine *self = GALLEY_TICKET_LINE (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      self->item = g_value_dup_object (value);
      break;

    case PROP_STATION:
      self->station = g_value_dup_string (value);
      break;

    case PROP_DONE:
      galley_ticket_line_set_done (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_ticket_line_class_init (GalleyTicketLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = galley_ticket_line_dispose;
  object_class->finalize = galley_ticket_line_finalize;
  object_class->get_property = galley_ticket_line_get_property;
  object_class->set_property = galley_ticket_line_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, GALLEY_TYPE_ORDER_ITEM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATION] =
    g_param_spec_string ("station", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANGE] =
    g_param_spec_enum ("change", NULL, NULL, GALLEY_TYPE_LINE_CHANGE, GALLEY_LINE_CHANGE_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OLD_QUANTITY] =
    g_param_spec_int ("old-quantity", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DONE] =
    g_param_spec_boolean ("done", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_ticket_line_init (GalleyTicketLine *self)
{
}

/**
 * galley_ticket_line_new:
 * @station: (nullable): the station the line is routed to
 *
 * Returns: (transfer full): a line showing @item
 */
GalleyTicketLine *
galley_ticket_line_new (GalleyOrderItem *item,
                        const char      *station)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_ITEM (item), NULL);

  return g_object_new (GALLEY_TYPE_TICKET_LINE, "item", item, "station", station, NULL);
}

GalleyOrderItem *
galley_ticket_line_get_item (GalleyTicketLine *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET_LINE (self), NULL);

  return self->item;
}

const char *
galley_ticket_line_get_item_id (GalleyTicketLine *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET_LINE (self), NULL);

  return galley_order_item_get_id (self->item);
}

const char *
galley_ticket_line_get_station (GalleyTicketLine *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET_LINE (self), NULL);

  return self->station;
}

GalleyLineChange
galley_ticket_line_get_change (GalleyTicketLine *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET_LINE (self), GALLEY_LINE_CHANGE_NONE);

  return self->change;
}

int
galley_ticket_line_get_old_quantity (GalleyTicketLine *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET_LINE (self), 0);

  return self->old_quantity;
}

/**
 * galley_ticket_line_set_change:
 * @old_quantity: the quantity the cook saw, for %GALLEY_LINE_CHANGE_QUANTITY
 */
void
galley_ticket_line_set_change (GalleyTicketLine *self,
                               GalleyLineChange  change,
                               int               old_quantity)
{
  g_return_if_fail (GALLEY_IS_TICKET_LINE (self));

  if (change != GALLEY_LINE_CHANGE_QUANTITY)
    old_quantity = 0;

  if (self->change != change)
    {
      self->change = change;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGE]);
    }

  if (self->old_quantity != old_quantity)
    {
      self->old_quantity = old_quantity;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OLD_QUANTITY]);
    }
}

gboolean
galley_ticket_line_get_done (GalleyTicketLine *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET_LINE (self), FALSE);

  return self->done;
}

void
galley_ticket_line_set_done (GalleyTicketLine *self,
                             gboolean          done)
{
  g_return_if_fail (GALLEY_IS_TICKET_LINE (self));

  done = !!done;
  if (self->done == done)
    return;

  self->done = done;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
}

gboolean
galley_ticket_line_get_allergy (GalleyTicketLine *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET_LINE (self), FALSE);

  return galley_order_item_has_allergy (self->item);
}

/**
 * galley_ticket_line_dup_quantity_text:
 *
 * Returns: (transfer full): "2 ×", or "2 → 1 ×" for a changed quantity
 */
char *
galley_ticket_line_dup_quantity_text (GalleyTicketLine *self)
{
  int quantity;

  g_return_val_if_fail (GALLEY_IS_TICKET_LINE (self), NULL);

  quantity = galley_order_item_get_quantity (self->item);
  if (self->change == GALLEY_LINE_CHANGE_QUANTITY)
    /* Translators: a line's quantity changed from the first number to the second */
    return g_strdup_printf (_("%d → %d ×"), self->old_quantity, quantity);

  /* Translators: a line's quantity, before the item's name: "2 × Soul Bowl" */
  return g_strdup_printf (_("%d ×"), quantity);
}

/**
 * galley_ticket_line_dup_accessible_text:
 *
 * Returns: (transfer full): the line as a screen reader says it: "2 Soul Bowl, no onions,
 *   allergy: nut allergy, added"
 */
char *
galley_ticket_line_dup_accessible_text (GalleyTicketLine *self)
{
  GString *text;
  const char * const *modifiers;
  const char *notes;

  g_return_val_if_fail (GALLEY_IS_TICKET_LINE (self), NULL);

  text = g_string_new (NULL);
  if (self->change == GALLEY_LINE_CHANGE_QUANTITY)
    /* Translators: spoken by a screen reader: "2, now 1, Soul Bowl" */
    g_string_append_printf (text, _("%d, now %d, %s"), self->old_quantity,
                            galley_order_item_get_quantity (self->item),
                            galley_order_item_get_name (self->item));
  else
    g_string_append_printf (text, "%d %s", galley_order_item_get_quantity (self->item),
                            galley_order_item_get_name (self->item));

  modifiers = galley_order_item_get_modifiers (self->item);
  for (guint i = 0; modifiers != NULL && modifiers[i] != NULL; i++)
    {
      if (galley_modifier_classify (modifiers[i]) == GALLEY_MODIFIER_ALLERGY)
        /* Translators: spoken before an allergy modifier */
        g_string_append_printf (text, _(", allergy: %s"), modifiers[i]);
      else
        g_string_append_printf (text, ", %s", modifiers[i]);
    }

  notes = galley_order_item_get_notes (self->item);
  if (notes != NULL && *notes != '\0')
    /* Translators: spoken before a line's special instructions */
    g_string_append_printf (text, _(", note: %s"), notes);

  switch (self->change)
    {
    case GALLEY_LINE_CHANGE_ADDED:
      g_string_append (text, _(", added"));
      break;

    case GALLEY_LINE_CHANGE_VOIDED:
      g_string_append (text, _(", voided"));
      break;

    case GALLEY_LINE_CHANGE_MODIFIED:
      g_string_append (text, _(", changed"));
      break;

    case GALLEY_LINE_CHANGE_QUANTITY:
    case GALLEY_LINE_CHANGE_NONE:
    default:
      break;
    }

  if (self->done)
    g_string_append (text, _(", done"));

  return g_string_free (text, FALSE);
}
