/* galley-order-card-state.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyOrderCard's header and state: number, title and type badge, the elapsed time and its
 * urgency by colour, icon and word (K-3), the rush, recall, allergy, change, cancelled and
 * scheduled marks, "also at" and expo's per-station progress, and the screen-reader label.
 */
#define G_LOG_DOMAIN "galley-order-card"

#include "config.h"

#include <glib/gi18n.h>

#include "kitchen/galley-order-card-private.h"
#include "util/galley-time.h"

void
_galley_order_card_update_accessible_label (GalleyOrderCard *self)
{
  g_autofree char *label = galley_ticket_dup_accessible_label (self->ticket);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

void
_galley_order_card_update_time (GalleyOrderCard *self)
{
  g_autofree char *text = galley_ticket_dup_elapsed_text (self->ticket);

  gtk_label_set_text (self->elapsed_label, text);

  if (galley_ticket_get_scheduled (self->ticket))
    {
      g_autoptr(GDateTime) fire = NULL;
      g_autofree char *clock = NULL;
      g_autofree char *fire_text = NULL;
      gint64 fire_at = galley_ticket_get_fire_at (self->ticket);
      gint64 minutes = (fire_at - g_get_real_time ()) / (60 * G_USEC_PER_SEC);

      fire = g_date_time_new_from_unix_local (fire_at / G_USEC_PER_SEC);
      clock = galley_time_format_clock (fire);
      if (minutes <= 0)
        /* Translators: a scheduled order whose fire time has come */
        fire_text = g_strdup_printf (_("FIRE NOW — scheduled for %s"), clock);
      else
        /* Translators: a scheduled order: its fire time and the minutes left */
        fire_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Fires at %s, in %d minute",
                                                  "Fires at %s, in %d minutes", (gulong) minutes),
                                     clock, (int) minutes);
      gtk_label_set_text (self->fire_label, fire_text);
      if (minutes <= 5)
        gtk_widget_add_css_class (self->scheduled_box, "soon");
      else
        gtk_widget_remove_css_class (self->scheduled_box, "soon");
    }

  _galley_order_card_update_accessible_label (self);
}

void
_galley_order_card_update_urgency (GalleyOrderCard *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_remove_css_class (widget, "warning");
  gtk_widget_remove_css_class (widget, "late");

  switch (galley_ticket_get_urgency (self->ticket))
    {
    case GALLEY_TICKET_WARNING:
      gtk_widget_add_css_class (widget, "warning");
      gtk_image_set_from_icon_name (self->urgency_icon, "preferences-system-time-symbolic");
      gtk_label_set_text (self->urgency_label, _("Running late"));
      gtk_widget_set_visible (GTK_WIDGET (self->urgency_icon), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->urgency_label), TRUE);
      break;

    case GALLEY_TICKET_LATE:
      gtk_widget_add_css_class (widget, "late");
      gtk_image_set_from_icon_name (self->urgency_icon, "alarm-symbolic");
      gtk_label_set_text (self->urgency_label, _("Late"));
      gtk_widget_set_visible (GTK_WIDGET (self->urgency_icon), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->urgency_label), TRUE);
      break;

    case GALLEY_TICKET_NORMAL:
    default:
      gtk_widget_set_visible (GTK_WIDGET (self->urgency_icon), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->urgency_label), FALSE);
      break;
    }

  _galley_order_card_update_accessible_label (self);
}

void
_galley_order_card_update_flags (GalleyOrderCard *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean cancelled = galley_ticket_get_cancelled (self->ticket);
  gboolean scheduled = galley_ticket_get_scheduled (self->ticket);
  gboolean expo = _galley_order_card_is_expo (self);
  gboolean allergy = galley_ticket_get_allergy (self->ticket);
  gboolean acknowledged = galley_ticket_get_acknowledged (self->ticket);
  g_autofree char *notes = galley_ticket_dup_notes (self->ticket);

  gtk_widget_set_visible (self->rush_badge, galley_ticket_get_rush (self->ticket));
  if (galley_ticket_get_rush (self->ticket))
    gtk_widget_add_css_class (widget, "rush");
  else
    gtk_widget_remove_css_class (widget, "rush");

  gtk_widget_set_visible (self->recalled_label, galley_ticket_get_recalled (self->ticket));
  gtk_widget_set_visible (self->changes_button, galley_ticket_get_has_changes (self->ticket));
  if (galley_ticket_get_has_changes (self->ticket))
    gtk_widget_add_css_class (widget, "changed");
  else
    gtk_widget_remove_css_class (widget, "changed");

  gtk_widget_set_visible (self->allergy_banner, allergy);
  if (allergy)
    {
      g_autofree char *allergens = galley_ticket_dup_allergens (self->ticket);
      g_autofree char *text = NULL;

      /* Translators: the allergy banner on a card; %s lists the allergies and their dishes */
      text = g_strdup_printf (_("ALLERGY: %s"), allergens);
      gtk_label_set_text (self->allergy_label, text);
      gtk_widget_set_visible (self->ack_button, !acknowledged && !cancelled);
      gtk_widget_set_visible (GTK_WIDGET (self->acked_label), acknowledged);
      if (acknowledged)
        {
          g_autoptr(GDateTime) when =
            g_date_time_new_from_unix_local (galley_ticket_get_acknowledged_at (self->ticket) /
                                             G_USEC_PER_SEC);
          g_autofree char *clock = when != NULL ? galley_time_format_clock (when) : NULL;
          g_autofree char *acked = NULL;

          /* Translators: who acknowledged an allergy, and at what time */
          acked = g_strdup_printf (_("Acknowledged by %s at %s"),
                                   galley_ticket_get_acknowledged_by (self->ticket),
                                   clock != NULL ? clock : "—");
          gtk_label_set_text (self->acked_label, acked);
        }
    }
  if (allergy && !acknowledged)
    gtk_widget_add_css_class (widget, "allergy");
  else
    gtk_widget_remove_css_class (widget, "allergy");

  gtk_widget_set_visible (self->cancelled_banner, cancelled);
  if (cancelled)
    gtk_widget_add_css_class (widget, "cancelled");
  else
    gtk_widget_remove_css_class (widget, "cancelled");

  gtk_widget_set_visible (self->scheduled_box, scheduled && !cancelled);

  gtk_widget_set_visible (GTK_WIDGET (self->notes_label), notes != NULL);
  if (notes != NULL)
    {
      /* Translators: the order's note on a card */
      g_autofree char *text = g_strdup_printf (_("Note: %s"), notes);

      gtk_label_set_text (self->notes_label, text);
    }

  gtk_widget_set_visible (self->actions_box, !cancelled && !scheduled);
  gtk_widget_set_visible (self->bump_button, !expo);
  gtk_widget_set_visible (self->picked_up_button, expo);
  gtk_widget_set_visible (self->complete_button, expo);
  gtk_widget_set_sensitive (self->actions_box, !galley_ticket_get_needs_ack (self->ticket));

  _galley_order_card_update_time (self);
}

void
_galley_order_card_update_also_at (GalleyOrderCard *self)
{
  const char * const *also = galley_ticket_get_also_at (self->ticket);
  GString *text;

  gtk_widget_set_visible (GTK_WIDGET (self->also_at_label), also != NULL);
  if (also == NULL)
    return;

  /* Translators: other stations making part of this order, e.g. "Also at: Fry, Bar" */
  text = g_string_new (_("Also at: "));
  for (guint i = 0; also[i] != NULL; i++)
    {
      g_autofree char *label = galley_station_dup_label (also[i]);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", label);
    }
  gtk_label_set_text (self->also_at_label, text->str);
  g_string_free (text, TRUE);
}

void
_galley_order_card_update_progress (GalleyOrderCard *self)
{
  const char * const *stations = galley_ticket_get_progress_stations (self->ticket);
  guint64 done = galley_ticket_get_progress_done (self->ticket);
  int slowest = galley_ticket_get_progress_slowest (self->ticket);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->progress_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->progress_box), child);

  gtk_widget_set_visible (self->progress_box, stations != NULL && stations[0] != NULL);

  for (guint i = 0; stations != NULL && stations[i] != NULL; i++)
    {
      g_autofree char *name = galley_station_dup_label (stations[i]);
      gboolean is_done = (done >> i) & 1;
      g_autofree char *text = NULL;
      GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *icon;

      icon = gtk_image_new_from_icon_name (is_done ? "object-select-symbolic"
                                           : (int) i == slowest ? "alarm-symbolic"
                                           : "content-loading-symbolic");
      gtk_box_append (GTK_BOX (chip), icon);
      gtk_box_append (GTK_BOX (chip), gtk_label_new (name));
      gtk_widget_add_css_class (chip, "badge");
      gtk_widget_add_css_class (chip, is_done ? "done" : "open");
      if ((int) i == slowest && !is_done)
        gtk_widget_add_css_class (chip, "slowest");

      /* Translators: spoken for a station chip at expo: "Grill: done", "Fry: cooking" */
      text = g_strdup_printf (_("%s: %s"), name,
                              is_done ? _("done")
                              : (int) i == slowest ? _("still cooking, slowest") : _("still cooking"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
      gtk_box_append (GTK_BOX (self->progress_box), chip);
    }
}

void
_galley_order_card_update_header (GalleyOrderCard *self)
{
  GalleyOrderKind kind = galley_order_get_kind (galley_ticket_get_order (self->ticket));
  g_autofree char *number = galley_ticket_dup_number (self->ticket);
  g_autofree char *number_text = g_strdup_printf ("#%s", number);
  g_autofree char *title = galley_ticket_dup_title (self->ticket);

  gtk_label_set_text (self->number_label, number_text);
  gtk_label_set_text (self->title_label, g_str_has_prefix (title, _("Order #")) ? "" : title);
  gtk_label_set_text (self->kind_label, galley_order_kind_get_label (kind));
  gtk_image_set_from_icon_name (self->kind_icon, galley_order_kind_get_icon_name (kind));
}
