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

#include "kitchen/galley-order-card-private.h"


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


gboolean
_galley_order_card_is_expo (GalleyOrderCard *self)
{
  return g_strcmp0 (galley_ticket_get_station (self->ticket), GALLEY_TICKET_STATION_EXPO) == 0;
}

void
_galley_order_card_request (GalleyOrderCard *self,
         const char      *action,
         const char      *item_id)
{
  g_signal_emit (self, signals[REQUEST], 0, action, item_id);
}

static void
ack_clicked_cb (GalleyOrderCard *self)
{
  _galley_order_card_request (self, "acknowledge", NULL);
}

static void
changes_clicked_cb (GalleyOrderCard *self)
{
  _galley_order_card_request (self, "touch", NULL);
}

static void
dismiss_clicked_cb (GalleyOrderCard *self)
{
  _galley_order_card_request (self, "dismiss", NULL);
}

static void
fire_clicked_cb (GalleyOrderCard *self)
{
  _galley_order_card_request (self, "fire", NULL);
}

static void
bump_clicked_cb (GalleyOrderCard *self)
{
  _galley_order_card_request (self, "bump", NULL);
}

static void
picked_up_clicked_cb (GalleyOrderCard *self)
{
  _galley_order_card_request (self, "picked-up", NULL);
}

static void
complete_clicked_cb (GalleyOrderCard *self)
{
  _galley_order_card_request (self, "complete", NULL);
}

static void
pressed_cb (GalleyOrderCard *self)
{
  _galley_order_card_request (self, "select", NULL);
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

  if (_galley_order_card_is_expo (self))
    gtk_widget_add_css_class (GTK_WIDGET (self), "expo");

  g_signal_group_set_target (self->ticket_signals, self->ticket);
  self->lines = g_object_ref (galley_ticket_get_lines (self->ticket));
  self->lines_changed_id = g_signal_connect_swapped (self->lines, "items-changed",
                                                     G_CALLBACK (_galley_order_card_lines_changed_cb), self);

  _galley_order_card_update_header (self);
  _galley_order_card_rebuild_lines (self);
  _galley_order_card_update_urgency (self);
  _galley_order_card_update_flags (self);
  _galley_order_card_update_also_at (self);
  _galley_order_card_update_progress (self);
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

  self->line_handlers = g_ptr_array_new_with_free_func (_galley_order_card_line_handler_free);
  self->ticket_signals = g_signal_group_new (GALLEY_TYPE_TICKET);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::elapsed",
                                  G_CALLBACK (_galley_order_card_update_time), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::urgency",
                                  G_CALLBACK (_galley_order_card_update_urgency), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::rush",
                                  G_CALLBACK (_galley_order_card_update_flags), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::allergy",
                                  G_CALLBACK (_galley_order_card_update_flags), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::acknowledged",
                                  G_CALLBACK (_galley_order_card_update_flags), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::has-changes",
                                  G_CALLBACK (_galley_order_card_update_flags), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::cancelled",
                                  G_CALLBACK (_galley_order_card_update_flags), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::recalled",
                                  G_CALLBACK (_galley_order_card_update_flags), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::scheduled",
                                  G_CALLBACK (_galley_order_card_update_flags), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::also-at",
                                  G_CALLBACK (_galley_order_card_update_also_at), self);
  g_signal_group_connect_swapped (self->ticket_signals, "notify::progress",
                                  G_CALLBACK (_galley_order_card_update_progress), self);

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
