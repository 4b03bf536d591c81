/* galley-ticket-text.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyTicket's words: its title, number, elapsed time and screen-reader label.
 */
#define G_LOG_DOMAIN "galley-ticket"

#include "config.h"

#include <glib/gi18n.h>

#include "kitchen/galley-ticket.h"

/**
 * galley_ticket_dup_elapsed_text:
 *
 * Returns: (transfer full): "m:ss" ("75:02" past an hour: cooks read minutes)
 */
char *
galley_ticket_dup_elapsed_text (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), NULL);

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", galley_ticket_get_elapsed (self) / 60,
                          (int) (galley_ticket_get_elapsed (self) % 60));
}

/**
 * galley_ticket_dup_number:
 *
 * Returns: (transfer full): "0004"
 */
char *
galley_ticket_dup_number (GalleyTicket *self)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (self), NULL);

  return galley_order_dup_display_number (galley_ticket_get_order (self));
}

/**
 * galley_ticket_dup_title:
 *
 * K-1: "Table 7 · Seat 2", else the customer's name, else "Order #0004".
 *
 * Returns: (transfer full): the card's title
 */
char *
galley_ticket_dup_title (GalleyTicket *self)
{
  const char *table, *name;
  g_autofree char *number = NULL;
  int seat;

  g_return_val_if_fail (GALLEY_IS_TICKET (self), NULL);

  table = galley_order_get_table_number (galley_ticket_get_order (self));
  seat = galley_order_get_seat_number (galley_ticket_get_order (self));
  if (table != NULL && *table != '\0')
    {
      if (seat > 0)
        /* Translators: a card's title: table number and seat number */
        return g_strdup_printf (_("Table %s · Seat %d"), table, seat);

      /* Translators: a card's title */
      return g_strdup_printf (_("Table %s"), table);
    }

  name = galley_order_get_customer_name (galley_ticket_get_order (self));
  if (name != NULL && *name != '\0')
    return g_strdup (name);

  number = galley_ticket_dup_number (self);
  /* Translators: a card's title when the order has no table or name */
  return g_strdup_printf (_("Order #%s"), number);
}

static const char *
urgency_words (GalleyTicketUrgency urgency)
{
  switch (urgency)
    {
    case GALLEY_TICKET_WARNING:
      return _("running late");

    case GALLEY_TICKET_LATE:
      return _("late");

    case GALLEY_TICKET_NORMAL:
    default:
      return _("on time");
    }
}

/**
 * galley_ticket_dup_accessible_label:
 *
 * Returns: (transfer full): the card as a screen reader reads it (K-24): "Order 0004, Table 7,
 *   12 minutes, late, 3 items, rush, allergy not acknowledged"
 */
char *
galley_ticket_dup_accessible_label (GalleyTicket *self)
{
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  GString *text;
  guint minutes, live;

  g_return_val_if_fail (GALLEY_IS_TICKET (self), NULL);

  number = galley_ticket_dup_number (self);
  title = galley_ticket_dup_title (self);
  minutes = (guint) (galley_ticket_get_elapsed (self) / 60);
  live = galley_ticket_get_n_lines_live (self);

  text = g_string_new (NULL);
  /* Translators: the start of a card's screen-reader label */
  g_string_append_printf (text, _("Order %s"), number);
  if (!g_str_has_prefix (title, _("Order #")))
    g_string_append_printf (text, ", %s", title);
  if (galley_ticket_get_cancelled (self))
    g_string_append_printf (text, ", %s", _("cancelled"));
  else if (galley_ticket_get_scheduled (self))
    g_string_append_printf (text, ", %s", _("scheduled"));
  else
    {
      g_string_append (text, ", ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes",
                                                 minutes), minutes);
      g_string_append_printf (text, ", %s", urgency_words (galley_ticket_get_urgency (self)));
    }
  g_string_append (text, ", ");
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", live), live);
  if (galley_ticket_get_rush (self))
    g_string_append_printf (text, ", %s", _("rush"));
  if (galley_ticket_get_allergy (self))
    g_string_append_printf (text, ", %s", galley_ticket_get_acknowledged (self) ? _("allergy acknowledged")
                                                              : _("allergy not acknowledged"));
  if (galley_ticket_get_has_changes (self))
    g_string_append_printf (text, ", %s", _("changed"));
  if (galley_ticket_get_recalled (self))
    g_string_append_printf (text, ", %s", _("recalled"));

  return g_string_free (text, FALSE);
}

/**
 * galley_order_kind_get_label:
 *
 * Returns: (transfer none): the order type as a badge names it: "Dine-in"
 */
const char *
galley_order_kind_get_label (GalleyOrderKind kind)
{
  switch (kind)
    {
    case GALLEY_ORDER_KIND_DINE_IN:
      return C_("order type", "Dine-in");
    case GALLEY_ORDER_KIND_TAKEOUT:
      return C_("order type", "Takeout");
    case GALLEY_ORDER_KIND_PICKUP:
      return C_("order type", "Pickup");
    case GALLEY_ORDER_KIND_DELIVERY:
      return C_("order type", "Delivery");
    case GALLEY_ORDER_KIND_DRIVE_THRU:
      return C_("order type", "Drive-thru");
    case GALLEY_ORDER_KIND_ONLINE:
      return C_("order type", "Online");
    case GALLEY_ORDER_KIND_KIOSK:
      return C_("order type", "Kiosk");
    case GALLEY_ORDER_KIND_VOICE:
      return C_("order type", "Voice");
    default:
      return C_("order type", "Other");
    }
}

/**
 * galley_order_kind_get_icon_name:
 *
 * Returns: (transfer none): a symbolic icon for the order type, always shown with its label
 */
const char *
galley_order_kind_get_icon_name (GalleyOrderKind kind)
{
  switch (kind)
    {
    case GALLEY_ORDER_KIND_DINE_IN:
      return "emoji-food-symbolic";
    case GALLEY_ORDER_KIND_TAKEOUT:
      return "emblem-shared-symbolic";
    case GALLEY_ORDER_KIND_PICKUP:
      return "user-available-symbolic";
    case GALLEY_ORDER_KIND_DELIVERY:
      return "mail-send-symbolic";
    case GALLEY_ORDER_KIND_DRIVE_THRU:
      return "go-next-symbolic";
    case GALLEY_ORDER_KIND_ONLINE:
      return "web-browser-symbolic";
    case GALLEY_ORDER_KIND_KIOSK:
      return "computer-symbolic";
    case GALLEY_ORDER_KIND_VOICE:
      return "audio-input-microphone-symbolic";
    default:
      return "emblem-documents-symbolic";
    }
}

/**
 * galley_ticket_dup_notes:
 *
 * Returns: (transfer full) (nullable): the order's note as the card shows it, without the
 *   "RUSH" marker the counter puts in front (the card shows its own RUSH badge)
 */
char *
galley_ticket_dup_notes (GalleyTicket *self)
{
  const char *notes;

  g_return_val_if_fail (GALLEY_IS_TICKET (self), NULL);

  notes = galley_order_get_notes (galley_ticket_get_order (self));
  if (notes == NULL)
    return NULL;

  if (g_ascii_strncasecmp (notes, "RUSH", 4) == 0)
    {
      notes += 4;
      while (*notes == ' ' || *notes == ':' || *notes == '-' || *notes == ',')
        notes++;
    }

  if (*notes == '\0')
    return NULL;

  return g_strdup (notes);
}

/**
 * galley_station_dup_label:
 * @station: a station id from the settings ("grill")
 *
 * Returns: (transfer full): its name for the screen: the translated name of a default
 *   station, else the id with a capital letter
 */
char *
galley_station_dup_label (const char *station)
{
  g_autofree char *first = NULL;
  const char *rest;

  if (station == NULL || *station == '\0')
    return g_strdup (C_("station", "Unrouted"));
  if (g_str_equal (station, "grill"))
    return g_strdup (C_("station", "Grill"));
  if (g_str_equal (station, "fry"))
    return g_strdup (C_("station", "Fry"));
  if (g_str_equal (station, "cold"))
    return g_strdup (C_("station", "Cold"));
  if (g_str_equal (station, "bar"))
    return g_strdup (C_("station", "Bar"));
  if (g_str_equal (station, GALLEY_TICKET_STATION_ALL))
    return g_strdup (C_("station", "All Stations"));
  if (g_str_equal (station, GALLEY_TICKET_STATION_EXPO))
    return g_strdup (C_("station", "Expo"));

  if (!g_utf8_validate (station, -1, NULL))
    return g_utf8_make_valid (station, -1);

  rest = g_utf8_next_char (station);
  first = g_utf8_strup (station, rest - station);

  return g_strconcat (first, rest, NULL);
}
