/* galley-order-card.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One ticket on the kitchen board (K-1): number, title, type badge, elapsed time with its
 * urgency shown by colour, icon and word (K-3), the lines with quantities, classed modifiers
 * and notes (K-9), allergy banner with its acknowledgement (K-10), change marks (K-11),
 * rush, recall, scheduled fire, expo's per-station progress (E-1) and the actions. The card
 * does nothing itself: every action is a "request" the kitchen view carries out, so touch,
 * mouse and the bump bar take the same path.
 */
#define G_LOG_DOMAIN "galley-order-card"

#include "config.h"

#include <glib/gi18n.h>

#include "kitchen/galley-order-card.h"

struct _GalleyOrderCard
{
  GtkWidget      parent_instance;

  GalleyTicket  *ticket;
  GSignalGroup  *ticket_signals;
  GListModel    *lines;            /* the ticket's, watched */
  gulong         lines_changed_id;
  GPtrArray     *line_handlers;    /* LineHandler: notify on each shown line */
  guint          position;
  gboolean       selected;
  gboolean       highlighted;

  /* template */
  GtkWidget     *root;
  GtkLabel      *position_label;
  GtkLabel      *number_label;
  GtkLabel      *title_label;
  GtkWidget     *kind_badge;
  GtkImage      *kind_icon;
  GtkLabel      *kind_label;
  GtkImage      *urgency_icon;
  GtkLabel      *elapsed_label;
  GtkLabel      *urgency_label;
  GtkWidget     *rush_badge;
  GtkWidget     *recalled_label;
  GtkWidget     *allergy_banner;
  GtkLabel      *allergy_label;
  GtkWidget     *ack_button;
  GtkLabel      *acked_label;
  GtkWidget     *changes_button;
  GtkWidget     *cancelled_banner;
  GtkWidget     *scheduled_box;
  GtkLabel      *fire_label;
  GtkWidget     *lines_box;
  GtkLabel      *notes_label;
  GtkLabel      *also_at_label;
  GtkWidget     *progress_box;
  GtkWidget     *actions_box;
  GtkWidget     *bump_button;
  GtkWidget     *picked_up_button;
  GtkWidget     *complete_button;
};

typedef struct
{
  GalleyTicketLine *line;
  gulong            handler;
} LineHandler;

G_DEFINE_FINAL_TYPE (GalleyOrderCard, galley_order_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TICKET,
  PROP_POSITION,
  PROP_SELECTED,
  PROP_HIGHLIGHTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REQUEST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
line_handler_free (gpointer data)
{
  LineHandler *lh = data;

  g_clear_signal_handler (&lh->handler, lh->line);
  g_clear_object (&lh->line);
  g_free (lh);
}

static gboolean
is_expo (GalleyOrderCard *self)
{
  return g_strcmp0 (galley_ticket_get_station (self->ticket), GALLEY_TICKET_STATION_EXPO) == 0;
}

static void
request (GalleyOrderCard *self,
         const char      *action,
         const char      *item_id)
{
  g_signal_emit (self, signals[REQUEST], 0, action, item_id);
}

static void
update_accessible_label (GalleyOrderCard *self)
{
  g_autofree char *label = galley_ticket_dup_accessible_label (self->ticket);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
update_time (GalleyOrderCard *self)
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
      clock = fire != NULL ? g_date_time_format (fire, "%H:%M") : g_strdup ("—");
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

  update_accessible_label (self);
}

static void
update_urgency (GalleyOrderCard *self)
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

  update_accessible_label (self);
}

static void
update_flags (GalleyOrderCard *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean cancelled = galley_ticket_get_cancelled (self->ticket);
  gboolean scheduled = galley_ticket_get_scheduled (self->ticket);
  gboolean expo = is_expo (self);
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
          g_autofree char *clock = when != NULL ? g_date_time_format (when, "%H:%M") : NULL;
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

  update_time (self);
}

static void
update_also_at (GalleyOrderCard *self)
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

static void
update_progress (GalleyOrderCard *self)
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

static const char *
modifier_prefix (GalleyModifierClass cls)
{
  switch (cls)
    {
    case GALLEY_MODIFIER_ALLERGY:
      return _("ALLERGY:");
    case GALLEY_MODIFIER_REMOVAL:
      return "✕";
    case GALLEY_MODIFIER_ADDITION:
      return "+";
    case GALLEY_MODIFIER_TEMPERATURE:
      return "◐";
    case GALLEY_MODIFIER_SUBSTITUTION:
      return "↔";
    case GALLEY_MODIFIER_OTHER:
    default:
      return "•";
    }
}

static const char *
modifier_class_name (GalleyModifierClass cls)
{
  switch (cls)
    {
    case GALLEY_MODIFIER_ALLERGY:
      return "mod-allergy";
    case GALLEY_MODIFIER_REMOVAL:
      return "mod-removal";
    case GALLEY_MODIFIER_ADDITION:
      return "mod-addition";
    case GALLEY_MODIFIER_TEMPERATURE:
      return "mod-temperature";
    case GALLEY_MODIFIER_SUBSTITUTION:
      return "mod-substitution";
    case GALLEY_MODIFIER_OTHER:
    default:
      return "mod-other";
    }
}

static GtkWidget *
small_label (const char *text,
             const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static void
line_clicked_cb (GtkButton       *button,
                 GalleyOrderCard *self)
{
  request (self, "bump-line", g_object_get_data (G_OBJECT (button), "galley-item-id"));
}

static void
style_line_row (GtkWidget        *row,
                GalleyTicketLine *line)
{
  g_autofree char *spoken = galley_ticket_line_dup_accessible_text (line);
  static const char * const change_classes[] = { NULL, "added", "voided", "quantity", "modified" };
  GalleyLineChange change = galley_ticket_line_get_change (line);

  for (guint i = 1; i < G_N_ELEMENTS (change_classes); i++)
    gtk_widget_remove_css_class (row, change_classes[i]);
  if (change != GALLEY_LINE_CHANGE_NONE && change < G_N_ELEMENTS (change_classes))
    gtk_widget_add_css_class (row, change_classes[change]);

  if (galley_ticket_line_get_done (line))
    gtk_widget_add_css_class (row, "done");
  else
    gtk_widget_remove_css_class (row, "done");
  if (g_object_get_data (G_OBJECT (row), "galley-done-mark") != NULL)
    gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "galley-done-mark"),
                            galley_ticket_line_get_done (line));

  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
}

static void
line_notify_cb (GalleyTicketLine *line,
                GParamSpec       *pspec,
                GtkWidget        *row)
{
  style_line_row (row, line);
}

static GtkWidget *
make_line_row (GalleyOrderCard  *self,
               GalleyTicketLine *line)
{
  GalleyOrderItem *item = galley_ticket_line_get_item (line);
  const char * const *modifiers = galley_order_item_get_modifiers (item);
  const char *notes = galley_order_item_get_notes (item);
  g_autofree char *quantity = galley_ticket_line_dup_quantity_text (line);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *main_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = small_label (galley_order_item_get_name (item), "name");
  const char *tag = NULL;
  GtkWidget *check;
  LineHandler *lh;

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "line");
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (main_row), small_label (quantity, "quantity"));
  gtk_box_append (GTK_BOX (main_row), name);

  switch (galley_ticket_line_get_change (line))
    {
    case GALLEY_LINE_CHANGE_ADDED:
      tag = C_("line change", "ADDED");
      break;
    case GALLEY_LINE_CHANGE_VOIDED:
      tag = C_("line change", "VOID");
      break;
    case GALLEY_LINE_CHANGE_MODIFIED:
      tag = C_("line change", "CHANGED");
      break;
    case GALLEY_LINE_CHANGE_QUANTITY:
    case GALLEY_LINE_CHANGE_NONE:
    default:
      break;
    }
  if (tag != NULL)
    gtk_box_append (GTK_BOX (main_row), small_label (tag, "change-tag"));
  /* a struck-through line also shows a check mark: not colour or strike-through alone */
  check = gtk_image_new_from_icon_name ("object-select-symbolic");
  gtk_widget_add_css_class (check, "done-mark");
  gtk_box_append (GTK_BOX (main_row), check);
  g_object_set_data (G_OBJECT (button), "galley-done-mark", check);
  gtk_box_append (GTK_BOX (box), main_row);

  for (guint i = 0; modifiers != NULL && modifiers[i] != NULL; i++)
    {
      GalleyModifierClass cls = galley_modifier_classify (modifiers[i]);
      g_autofree char *text = g_strdup_printf ("%s %s", modifier_prefix (cls), modifiers[i]);
      GtkWidget *mod_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

      if (cls == GALLEY_MODIFIER_ALLERGY)
        gtk_box_append (GTK_BOX (mod_row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
      gtk_box_append (GTK_BOX (mod_row), small_label (text, NULL));
      gtk_widget_add_css_class (mod_row, "modifier");
      gtk_widget_add_css_class (mod_row, modifier_class_name (cls));
      gtk_box_append (GTK_BOX (box), mod_row);
    }

  if (notes != NULL && *notes != '\0')
    {
      /* Translators: a line's special instructions */
      g_autofree char *text = g_strdup_printf (_("Note: %s"), notes);
      GtkWidget *note = small_label (text, "note");

      if (galley_modifier_classify (notes) == GALLEY_MODIFIER_ALLERGY)
        gtk_widget_add_css_class (note, "mod-allergy");
      gtk_box_append (GTK_BOX (box), note);
    }

  gtk_button_set_child (GTK_BUTTON (button), box);
  g_object_set_data_full (G_OBJECT (button), "galley-item-id",
                          g_strdup (galley_ticket_line_get_item_id (line)), g_free);
  gtk_widget_set_sensitive (button, galley_ticket_line_get_change (line) != GALLEY_LINE_CHANGE_VOIDED);
  g_signal_connect (button, "clicked", G_CALLBACK (line_clicked_cb), self);
  style_line_row (button, line);

  lh = g_new0 (LineHandler, 1);
  lh->line = g_object_ref (line);
  lh->handler = g_signal_connect_object (line, "notify", G_CALLBACK (line_notify_cb), button, 0);
  g_ptr_array_add (self->line_handlers, lh);

  return button;
}

static void
rebuild_lines (GalleyOrderCard *self)
{
  GListModel *lines = galley_ticket_get_lines (self->ticket);
  guint n = g_list_model_get_n_items (lines);
  GtkWidget *child;

  g_ptr_array_set_size (self->line_handlers, 0);
  while ((child = gtk_widget_get_first_child (self->lines_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->lines_box), child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyTicketLine) line = g_list_model_get_item (lines, i);

      gtk_box_append (GTK_BOX (self->lines_box), make_line_row (self, line));
    }

  update_accessible_label (self);
}

static void
lines_changed_cb (GalleyOrderCard *self)
{
  rebuild_lines (self);
}

static void
update_header (GalleyOrderCard *self)
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

static void
ack_clicked_cb (GalleyOrderCard *self)
{
  request (self, "acknowledge", NULL);
}

static void
changes_clicked_cb (GalleyOrderCard *self)
{
  request (self, "touch", NULL);
}

static void
dismiss_clicked_cb (GalleyOrderCard *self)
{
  request (self, "dismiss", NULL);
}

static void
fire_clicked_cb (GalleyOrderCard *self)
{
  request (self, "fire", NULL);
}

static void
bump_clicked_cb (GalleyOrderCard *self)
{
  request (self, "bump", NULL);
}

static void
picked_up_clicked_cb (GalleyOrderCard *self)
{
  request (self, "picked-up", NULL);
}

static void
complete_clicked_cb (GalleyOrderCard *self)
{
  request (self, "complete", NULL);
}

static void
pressed_cb (GalleyOrderCard *self)
{
  request (self, "select", NULL);
}

static void
galley_order_card_dispose (GObject *object)
{
  GalleyOrderCard *self = GALLEY_ORDER_CARD (object);

  /* 2. handlers on the ticket and its lines, which outlive the card */
  g_signal_group_set_target (self->ticket_signals, NULL);
  g_clear_signal_handler (&self->lines_changed_id, self->lines);
  if (self->line_handlers != NULL)
    g_ptr_array_set_size (self->line_handlers, 0);

  /* 5. references */
  g_clear_object (&self->lines);
  g_clear_object (&self->ticket);

  /* 6. template */
  gtk_widget_dispose_template (GTK_WIDGET (self), GALLEY_TYPE_ORDER_CARD);

  G_OBJECT_CLASS (galley_order_card_parent_class)->dispose (object);
}

static void
galley_order_card_finalize (GObject *object)
{
  GalleyOrderCard *self = GALLEY_ORDER_CARD (object);

  g_assert (self->ticket == NULL);
  g_clear_object (&self->ticket_signals);
  g_clear_pointer (&self->line_handlers, g_ptr_array_unref);

  G_OBJECT_CLASS (galley_order_card_parent_class)->finalize (object);
}

static void
galley_order_card_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GalleyOrderCard *self = GALLEY_ORDER_CARD (object);

  switch (prop_id)
    {
    case PROP_TICKET:
      g_value_set_object (value, self->ticket);
      break;

    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;

    case PROP_SELECTED:
      g_value_set_boolean (value, self->selected);
      break;

    case PROP_HIGHLIGHTED:
      g_value_set_boolean (value, self->highlighted);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_order_card_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GalleyOrderCard *self = GALLEY_ORDER_CARD (object);

  switch (prop_id)
    {
    case PROP_TICKET:
      self->ticket = g_value_dup_object (value);
      break;

    case PROP_POSITION:
      galley_order_card_set_position (self, g_value_get_uint (value));
      break;

    case PROP_SELECTED:
      galley_order_card_set_selected (self, g_value_get_boolean (value));
      break;

    case PROP_HIGHLIGHTED:
      galley_order_card_set_highlighted (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_order_card_constructed (GObject *object)
{
  GalleyOrderCard *self = GALLEY_ORDER_CARD (object);

  G_OBJECT_CLASS (galley_order_card_parent_class)->constructed (object);

  g_assert (GALLEY_IS_TICKET (self->ticket));

  if (is_expo (self))
    gtk_widget_add_css_class (GTK_WIDGET (self), "expo");

  g_signal_group_set_target (self->ticket_signals, self->ticket);
  self->lines = g_object_ref (galley_ticket_get_lines (self->ticket));
  self->lines_changed_id = g_signal_connect_swapped (self->lines, "items-changed",
                                                     G_CALLBACK (lines_changed_cb), self);

  update_header (self);
  rebuild_lines (self);
  update_urgency (self);
  update_flags (self);
  update_also_at (self);
  update_progress (self);
}

static void
galley_order_card_class_init (GalleyOrderCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = galley_order_card_constructed;
  object_class->dispose = galley_order_card_dispose;
  object_class->finalize = galley_order_card_finalize;
  object_class->get_property = galley_order_card_get_property;
  object_class->set_property = galley_order_card_set_property;

  properties[PROP_TICKET] =
    g_param_spec_object ("ticket", NULL, NULL, GALLEY_TYPE_TICKET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_boolean ("selected", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGHLIGHTED] =
    g_param_spec_boolean ("highlighted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GalleyOrderCard::request:
   * @action: "bump", "bump-line", "acknowledge", "touch", "dismiss", "fire", "picked-up",
   *   "complete" or "select"
   * @item_id: (nullable): the line, for "bump-line"
   *
   * The cook asked for @action on this card; the kitchen view carries it out.
   */
  signals[REQUEST] = g_signal_new ("request",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/galleypos/Galley/kitchen/galley-order-card.ui");
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, root);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, position_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, number_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, kind_badge);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, kind_icon);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, kind_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, urgency_icon);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, urgency_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, rush_badge);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, recalled_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, allergy_banner);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, allergy_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, ack_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, acked_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, changes_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, cancelled_banner);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, scheduled_box);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, fire_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, lines_box);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, notes_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, also_at_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, progress_box);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, actions_box);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, bump_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, picked_up_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyOrderCard, complete_button);
  gtk_widget_class_bind_template_callback (widget_class, ack_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, changes_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, fire_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, bump_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, picked_up_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, complete_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ordercard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
galley_order_card_init (GalleyOrderCard *self)
{
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->line_handlers = g_ptr_array_new_with_free_func (line_handler_free);
  self->ticket_signals = g_signal_group_new (GALLEY_TYPE_TICKET);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::elapsed",
                                  G_CALLBACK (update_time), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::urgency",
                                  G_CALLBACK (update_urgency), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::rush",
                                  G_CALLBACK (update_flags), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::allergy",
                                  G_CALLBACK (update_flags), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::acknowledged",
                                  G_CALLBACK (update_flags), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::has-changes",
                                  G_CALLBACK (update_flags), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::cancelled",
                                  G_CALLBACK (update_flags), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::recalled",
                                  G_CALLBACK (update_flags), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::scheduled",
                                  G_CALLBACK (update_flags), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::also-at",
                                  G_CALLBACK (update_also_at), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::progress",
                                  G_CALLBACK (update_progress), self);

  click = gtk_gesture_click_new ();
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

/**
 * galley_order_card_new:
 *
 * Returns: (transfer floating): a card showing @ticket
 */
GtkWidget *
galley_order_card_new (GalleyTicket *ticket)
{
  g_return_val_if_fail (GALLEY_IS_TICKET (ticket), NULL);

  return g_object_new (GALLEY_TYPE_ORDER_CARD, "ticket", ticket, NULL);
}

GalleyTicket *
galley_order_card_get_ticket (GalleyOrderCard *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_CARD (self), NULL);

  return self->ticket;
}

guint
galley_order_card_get_position (GalleyOrderCard *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_CARD (self), 0);

  return self->position;
}

/**
 * galley_order_card_set_position:
 * @position: 1–9 for the bump-bar key that selects the card, 0 for none
 */
void
galley_order_card_set_position (GalleyOrderCard *self,
                                guint            position)
{
  g_return_if_fail (GALLEY_IS_ORDER_CARD (self));

  if (self->position == position)
    return;

  self->position = position;
  if (position > 0 && position < 10)
    {
      g_autofree char *text = g_strdup_printf ("%u", position);

      gtk_label_set_text (self->position_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->position_label), position > 0 && position < 10);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

gboolean
galley_order_card_get_selected (GalleyOrderCard *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_CARD (self), FALSE);

  return self->selected;
}

void
galley_order_card_set_selected (GalleyOrderCard *self,
                                gboolean         selected)
{
  g_return_if_fail (GALLEY_IS_ORDER_CARD (self));

  selected = !!selected;
  if (self->selected == selected)
    return;

  self->selected = selected;
  if (selected)
    gtk_widget_add_css_class (GTK_WIDGET (self), "selected");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "selected");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_SELECTED, selected, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

gboolean
galley_order_card_get_highlighted (GalleyOrderCard *self)
{
  g_return_val_if_fail (GALLEY_IS_ORDER_CARD (self), FALSE);

  return self->highlighted;
}

/**
 * galley_order_card_set_highlighted:
 *
 * Marks the card as containing the item chosen in the all-day counts (K-14).
 */
void
galley_order_card_set_highlighted (GalleyOrderCard *self,
                                   gboolean         highlighted)
{
  g_return_if_fail (GALLEY_IS_ORDER_CARD (self));

  highlighted = !!highlighted;
  if (self->highlighted == highlighted)
    return;

  self->highlighted = highlighted;
  if (highlighted)
    gtk_widget_add_css_class (GTK_WIDGET (self), "highlighted");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "highlighted");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHTED]);
}
