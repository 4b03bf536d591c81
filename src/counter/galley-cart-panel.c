/* galley-cart-panel.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The counter's cart (kitchen-and-counter.md C-3): a list box bound to the GalleyCart's
 * lines, one GalleyCartRow each, the totals as the server will compute them (order protocol
 * §3.7; lines waiting for the cashier are left out and said so), the tip, and "Review Order"
 * (the view's `counter.review` action), with the reason when it cannot be used. The cart is
 * followed through a signal group, since the view gives the panel a new cart for each order.
 */
#define G_LOG_DOMAIN "galley-cart-panel"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "counter/galley-cart-panel.h"
#include "counter/galley-counter-format.h"

struct _GalleyCartPanel
{
  GtkWidget     parent_instance;

  GalleyCart   *cart;
  GSignalGroup *cart_signals;
  char         *reason;
  gboolean      setting_tip;
  gboolean      follow_new_line;
  gulong        upper_handler;
  GdkFrameClock *follow_clock;
  gulong        follow_handler;

  /* template */
  GtkWidget      *root_box;
  GtkScrolledWindow *lines_scroller;
  GtkListBox     *list_box;
  GtkLabel       *unsure_label;
  GtkLabel       *subtotal_label;
  GtkLabel       *tax_label;
  GtkSpinButton  *tip_spin;
  GtkLabel       *total_label;
  GtkLabel       *reason_label;
  GtkButton      *review_button;
};

G_DEFINE_FINAL_TYPE (GalleyCartPanel, galley_cart_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CART,
  PROP_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CART_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  GalleyCartPanel *self = user_data;

  return galley_cart_row_new (self->cart, GALLEY_CART_LINE (item));
}

static void
set_money (GtkLabel *label,
           gint64    cents)
{
  g_autofree char *text = galley_counter_format_money (cents);

  gtk_label_set_text (label, text);
}

static void
update_totals (GalleyCartPanel *self)
{
  guint n_unsure = self->cart != NULL ? galley_cart_get_n_unsure (self->cart) : 0;

  set_money (self->subtotal_label, self->cart != NULL ? galley_cart_get_subtotal (self->cart) : 0);
  set_money (self->tax_label, self->cart != NULL ? galley_cart_get_tax (self->cart) : 0);
  set_money (self->total_label, self->cart != NULL ? galley_cart_get_total (self->cart) : 0);

  if (n_unsure > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u line to check, not in the total yet",
                                                            "%u lines to check, not in the total yet",
                                                            n_unsure), n_unsure);

      gtk_label_set_text (self->unsure_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->unsure_label), n_unsure > 0);

  if (self->cart != NULL && !self->setting_tip)
    {
      self->setting_tip = TRUE;
      gtk_spin_button_set_value (self->tip_spin, galley_cart_get_tip (self->cart) / 100.0);
      self->setting_tip = FALSE;
    }
}

static void
cart_changed_cb (GalleyCartPanel *self)
{
  update_totals (self);
  g_signal_emit (self, signals[CART_CHANGED], 0);
}

/* The clock's handlers go with its surface when the window is destroyed first. */
static void
stop_following (GalleyCartPanel *self)
{
  if (self->follow_clock != NULL &&
      g_signal_handler_is_connected (self->follow_clock, self->follow_handler))
    g_signal_handler_disconnect (self->follow_clock, self->follow_handler);
  self->follow_handler = 0;
  g_clear_object (&self->follow_clock);
}

/* Right after this frame's layout, while the frame clock can still lay out again before it
 * paints (GdkFrameClock repeats its layout phase while one is asked for): the frame that
 * shows the new line shows it in sight. */
static void
follow_new_line_cb (GalleyCartPanel *self,
                    GdkFrameClock   *clock)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->lines_scroller);

  stop_following (self);
  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) -
                            gtk_adjustment_get_page_size (adjustment));
}

/* The list grew: when the line added last went to the end, show it (a long order would
 * otherwise take it out of sight, and the cashier would not see what the tap added). The
 * new height is known only here, while the scrolled window is laid out, and a scroll asked
 * for in the middle of its layout is lost: it is done when the layout ends. */
static void
lines_upper_cb (GalleyCartPanel *self,
                GParamSpec      *pspec,
                GtkAdjustment   *adjustment)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (!self->follow_new_line || self->follow_clock != NULL || clock == NULL)
    return;
  self->follow_new_line = FALSE;
  self->follow_clock = g_object_ref (clock);
  self->follow_handler = g_signal_connect_object (clock, "layout", G_CALLBACK (follow_new_line_cb),
                                                  self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  /* this emission of "layout" will not call a handler connected during it: one more */
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
}

/* A new line is selected: − / + and Delete act on what was just added. */
static void
cart_items_changed_cb (GalleyCartPanel *self,
                       guint            position,
                       guint            removed,
                       guint            added)
{
  if (added > 0)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list_box, position + added - 1);

      if (row != NULL)
        gtk_list_box_select_row (self->list_box, row);
      self->follow_new_line =
        position + added == g_list_model_get_n_items (G_LIST_MODEL (self->cart));
    }
  cart_changed_cb (self);
}

static void
tip_changed_cb (GalleyCartPanel *self)
{
  double value = gtk_spin_button_get_value (self->tip_spin);

  if (self->setting_tip || self->cart == NULL)
    return;

  self->setting_tip = TRUE;
  galley_cart_set_tip (self->cart, (gint64) floor (value * 100.0 + 0.5));
  self->setting_tip = FALSE;
}

static void
galley_cart_panel_dispose (GObject *object)
{
  GalleyCartPanel *self = GALLEY_CART_PANEL (object);

  /* 2. handlers on the cart, which the view owns, on the lines' adjustment and on the frame
   *    clock */
  stop_following (self);
  g_signal_group_set_target (self->cart_signals, NULL);
  if (self->upper_handler != 0)
    g_clear_signal_handler (&self->upper_handler,
                            gtk_scrolled_window_get_vadjustment (self->lines_scroller));
  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);

  /* 5. references */
  g_clear_object (&self->cart);

  /* 6. template */
  gtk_widget_dispose_template (GTK_WIDGET (self), GALLEY_TYPE_CART_PANEL);

  G_OBJECT_CLASS (galley_cart_panel_parent_class)->dispose (object);
}

static void
galley_cart_panel_finalize (GObject *object)
{
  GalleyCartPanel *self = GALLEY_CART_PANEL (object);

  g_assert (self->cart == NULL);
  g_clear_object (&self->cart_signals);
  g_free (self->reason);

  G_OBJECT_CLASS (galley_cart_panel_parent_class)->finalize (object);
}

static void
galley_cart_panel_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GalleyCartPanel *self = GALLEY_CART_PANEL (object);

  switch (prop_id)
    {
    case PROP_CART:
      g_value_set_object (value, self->cart);
      break;

    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_cart_panel_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GalleyCartPanel *self = GALLEY_CART_PANEL (object);

  switch (prop_id)
    {
    case PROP_CART:
      galley_cart_panel_set_cart (self, g_value_get_object (value));
      break;

    case PROP_REASON:
      galley_cart_panel_set_reason (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_cart_panel_class_init (GalleyCartPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = galley_cart_panel_dispose;
  object_class->finalize = galley_cart_panel_finalize;
  object_class->get_property = galley_cart_panel_get_property;
  object_class->set_property = galley_cart_panel_set_property;

  properties[PROP_CART] = g_param_spec_object ("cart", NULL, NULL, GALLEY_TYPE_CART, rw);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* the cart's lines, totals or checks moved */
  signals[CART_CHANGED] = g_signal_new ("cart-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (GALLEY_TYPE_CART_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/galleypos/Galley/counter/galley-cart-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, GalleyCartPanel, root_box);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartPanel, lines_scroller);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartPanel, list_box);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartPanel, unsure_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartPanel, subtotal_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartPanel, tax_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartPanel, tip_spin);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartPanel, total_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartPanel, reason_label);
  gtk_widget_class_bind_template_child (widget_class, GalleyCartPanel, review_button);
  gtk_widget_class_bind_template_callback (widget_class, tip_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
galley_cart_panel_init (GalleyCartPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->upper_handler =
    g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->lines_scroller),
                              "notify::upper", G_CALLBACK (lines_upper_cb), self);
  self->cart_signals = g_signal_group_new (GALLEY_TYPE_CART);
  g_signal_group_connect_swapped (self->cart_signals, "items-changed",
                                  G_CALLBACK (cart_items_changed_cb), self);
  for (guint i = 0; i < 6; i++)
    {
      static const char * const names[] = {
        "notify::subtotal", "notify::tax", "notify::total", "notify::tip",
        "notify::n-unsure", "notify::n-unavailable",
      };

      g_signal_group_connect_swapped (self->cart_signals, names[i],
                                      G_CALLBACK (cart_changed_cb), self);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Order"), -1);
  update_totals (self);
}

/**
 * galley_cart_panel_new:
 *
 * Returns: (transfer floating): a cart panel with no cart
 */
GtkWidget *
galley_cart_panel_new (void)
{
  return g_object_new (GALLEY_TYPE_CART_PANEL, NULL);
}

/**
 * galley_cart_panel_get_cart:
 *
 * Returns: (transfer none) (nullable): the cart shown
 */
GalleyCart *
galley_cart_panel_get_cart (GalleyCartPanel *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_PANEL (self), NULL);

  return self->cart;
}

void
galley_cart_panel_set_cart (GalleyCartPanel *self,
                            GalleyCart      *cart)
{
  g_return_if_fail (GALLEY_IS_CART_PANEL (self));
  g_return_if_fail (cart == NULL || GALLEY_IS_CART (cart));

  if (!g_set_object (&self->cart, cart))
    return;

  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (cart),
                           cart != NULL ? create_row_cb : NULL, self, NULL);
  g_signal_group_set_target (self->cart_signals, cart);
  cart_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CART]);
}

/**
 * galley_cart_panel_set_reason:
 * @reason: (nullable): why the order cannot be reviewed yet, for the cashier
 */
void
galley_cart_panel_set_reason (GalleyCartPanel *self,
                              const char      *reason)
{
  g_return_if_fail (GALLEY_IS_CART_PANEL (self));

  if (g_strcmp0 (self->reason, reason) == 0)
    return;

  g_free (self->reason);
  self->reason = g_strdup (reason);
  gtk_label_set_text (self->reason_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->review_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  reason != NULL ? reason : "", -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
}

const char *
galley_cart_panel_get_reason (GalleyCartPanel *self)
{
  g_return_val_if_fail (GALLEY_IS_CART_PANEL (self), NULL);

  return self->reason;
}

/**
 * galley_cart_panel_get_selected_line:
 *
 * Returns: (transfer none) (nullable): the line selected in the list
 */
GalleyCartLine *
galley_cart_panel_get_selected_line (GalleyCartPanel *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (GALLEY_IS_CART_PANEL (self), NULL);

  row = gtk_list_box_get_selected_row (self->list_box);
  if (row == NULL || !GALLEY_IS_CART_ROW (gtk_list_box_row_get_child (row)))
    return NULL;

  return galley_cart_row_get_line (GALLEY_CART_ROW (gtk_list_box_row_get_child (row)));
}

void
galley_cart_panel_select_line (GalleyCartPanel *self,
                               GalleyCartLine  *line)
{
  guint position;
  GtkListBoxRow *row;

  g_return_if_fail (GALLEY_IS_CART_PANEL (self));

  if (line == NULL || self->cart == NULL || !galley_cart_find_line (self->cart, line, &position))
    {
      gtk_list_box_unselect_all (self->list_box);
      return;
    }
  row = gtk_list_box_get_row_at_index (self->list_box, position);
  if (row != NULL)
    gtk_list_box_select_row (self->list_box, row);
}

/**
 * galley_cart_panel_get_row:
 *
 * Returns: (transfer none) (nullable): the row of the line at @position
 */
GalleyCartRow *
galley_cart_panel_get_row (GalleyCartPanel *self,
                           guint            position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (GALLEY_IS_CART_PANEL (self), NULL);

  row = gtk_list_box_get_row_at_index (self->list_box, position);
  if (row == NULL)
    return NULL;

  return GALLEY_CART_ROW (gtk_list_box_row_get_child (row));
}

/**
 * galley_cart_panel_dup_totals_text:
 *
 * Returns: (transfer full): the totals as shown, in one line ("Subtotal $… · Tax $… · …")
 */
char *
galley_cart_panel_dup_totals_text (GalleyCartPanel *self)
{
  g_autofree char *tip = NULL;

  g_return_val_if_fail (GALLEY_IS_CART_PANEL (self), NULL);

  tip = galley_counter_format_money (self->cart != NULL ? galley_cart_get_tip (self->cart) : 0);

  return g_strdup_printf (_("Subtotal %s · Tax %s · Tip %s · Total %s"),
                          gtk_label_get_text (self->subtotal_label),
                          gtk_label_get_text (self->tax_label), tip,
                          gtk_label_get_text (self->total_label));
}
