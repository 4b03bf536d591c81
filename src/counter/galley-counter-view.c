/* galley-counter-view.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Counter (kitchen-and-counter.md C-1..C-8): the menu on the left, the cart on the right,
 * a header with the order type, the table (dine-in) or the customer's name (the other types)
 * and rush, and today's orders from this counter. The view owns the cart of the order in
 * progress; "Review Order" shows it as the kitchen will get it, and "Send to Kitchen" hands it
 * to the durable outbox (galley-counter-view-submit.c), the only way an order leaves the
 * counter. Today's orders are in galley-counter-view-orders.c.
 *
 * Actions and keys are in galley-counter-view-actions.c, sending in
 * galley-counter-view-submit.c.
 */
#define G_LOG_DOMAIN "galley-counter-view"

#include "config.h"

#include <glib/gi18n.h>

#include "counter/galley-counter-view-private.h"
#include "core/galley-roles.h"
#include "voice/galley-voice-panel.h"
#include "counter/galley-menu-panel.h"

G_DEFINE_FINAL_TYPE (GalleyCounterView, galley_counter_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SERVICES,
  PROP_ORDER_TYPE,
  PROP_BLOCKER,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ messages */

/* Tells the cashier (a toast in the view) and the log. */
void
_galley_counter_view_tell (GalleyCounterView *self,
                           const char        *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_message ("%s", message);

  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);

  if (self->toast_overlay == NULL)
    return;

  /* an AdwToast title is markup in libadwaita 1.2 */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ------------------------------------------------------------------ validation */

static const char *
entry_text (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;

  return TRUE;
}

static char *
find_blocker (GalleyCounterView *self)
{
  g_autoptr(GError) error = NULL;
  GalleyCounterType type = galley_counter_view_get_order_type (self);

  if (self->cart == NULL)
    return g_strdup (_("The counter is not ready yet."));
  if (!galley_cart_validate (self->cart, NULL, NULL, &error))
    return g_strdup (error->message);
  if (type == GALLEY_COUNTER_TYPE_DINE_IN && is_blank (entry_text (self->table_entry)))
    return g_strdup (_("Enter the table number for a dine-in order."));
  if (type != GALLEY_COUNTER_TYPE_DINE_IN && is_blank (entry_text (self->name_entry)))
    return g_strdup (_("Enter the customer’s name."));
  if (!_galley_counter_view_outbox_ready (self, &error))
    return g_strdup (error->message);
  /* a cashier may take payments but not send orders (order protocol §3.10) */
  if (self->services != NULL &&
      galley_services_get_signed_in_role (self->services) != NULL &&
      !galley_role_may_create_orders (galley_services_get_signed_in_role (self->services)))
    return g_strdup (_("This sign-in cannot send orders to the kitchen. A server or a manager can."));

  return NULL;
}

void
_galley_counter_view_update_blocker (GalleyCounterView *self)
{
  g_autofree char *blocker = NULL;

  if (self->cart_panel == NULL)
    return;

  blocker = find_blocker (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "counter.review",
                                 blocker == NULL && self->review_dialog == NULL);
  galley_cart_panel_set_reason (self->cart_panel, blocker);
  if (g_strcmp0 (blocker, self->blocker) != 0)
    {
      g_free (self->blocker);
      self->blocker = g_steal_pointer (&blocker);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKER]);
    }
}

/* ------------------------------------------------------------------ header */

static void
update_header (GalleyCounterView *self)
{
  gboolean dine_in = galley_counter_view_get_order_type (self) == GALLEY_COUNTER_TYPE_DINE_IN;

  gtk_widget_set_visible (GTK_WIDGET (self->table_entry), dine_in);
  gtk_widget_set_visible (GTK_WIDGET (self->name_entry), !dine_in);
}

static void
type_changed_cb (GalleyCounterView *self)
{
  update_header (self);
  _galley_counter_view_update_blocker (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDER_TYPE]);
}

static void
header_changed_cb (GalleyCounterView *self)
{
  _galley_counter_view_update_blocker (self);
}

static void
rush_toggled_cb (GalleyCounterView *self)
{
  if (self->cart != NULL)
    galley_cart_set_rush (self->cart, gtk_toggle_button_get_active (self->rush_button));
}

static void
cart_changed_cb (GalleyCounterView *self)
{
  _galley_counter_view_update_blocker (self);
}

/* the menu reloaded: sold-out lines are flagged by the cart itself; the blocker follows */
static void
menu_changed_cb (GalleyCounterView *self)
{
  _galley_counter_view_update_blocker (self);
}

/* An empty order for the next one: the view keeps one cart (the menu panel adds to it) and
 * clears it once the outbox has stored an order. The order type stays, the rest of the
 * header clears, and the next order gets a new client reference. */
void
_galley_counter_view_new_cart (GalleyCounterView *self)
{
  GalleyMenu *menu = self->services != NULL ? galley_services_get_menu (self->services) : NULL;

  g_clear_pointer (&self->client_ref, g_free);
  if (self->cart == NULL)
    {
      self->cart = galley_cart_new (NULL);
      galley_cart_set_menu (self->cart, menu);
      galley_cart_panel_set_cart (self->cart_panel, self->cart);
    }
  else
    {
      galley_cart_clear (self->cart);
      galley_cart_set_tip (self->cart, 0);
      /* voice starts the next order afresh too */
      if (self->voice_panel != NULL)
        galley_voice_panel_new_order (GALLEY_VOICE_PANEL (self->voice_panel));
    }
  gtk_editable_set_text (GTK_EDITABLE (self->table_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  gtk_toggle_button_set_active (self->rush_button, FALSE);
  galley_cart_set_rush (self->cart, FALSE);
  _galley_counter_view_update_blocker (self);
}

/* ------------------------------------------------------------------ menu panel */

/* the dish just added is selected, so − / + and Delete act on it */
static void
menu_item_added_cb (GalleyCounterView *self,
                    GalleyCartLine    *line)
{
  if (self->cart_panel != NULL)
    galley_cart_panel_select_line (self->cart_panel, line);
}

static void
menu_error_cb (GalleyCounterView *self,
               const char        *message)
{
  _galley_counter_view_tell (self, message);
}

/* confirm_order by voice opens the review; the cashier sends (or not) */
static void
voice_review_cb (GalleyCounterView *self,
                 const char        *action)
{
  if (g_strcmp0 (action, "cancel") == 0)
    return;

  galley_counter_view_review (self);
}

/* ------------------------------------------------------------------ GObject */

static void
galley_counter_view_constructed (GObject *object)
{
  GalleyCounterView *self = GALLEY_COUNTER_VIEW (object);

  G_OBJECT_CLASS (galley_counter_view_parent_class)->constructed (object);

  if (self->services != NULL)
    {
      g_signal_group_set_target (self->outbox_signals, galley_services_get_outbox (self->services));
      g_signal_group_set_target (self->store_signals, galley_services_get_store (self->services));
      g_signal_group_set_target (self->menu_signals, galley_services_get_menu (self->services));
    }
  _galley_counter_view_new_cart (self);
  update_header (self);
  if (self->services != NULL)
    g_signal_connect_object (self->services, "notify::signed-in-role",
                             G_CALLBACK (_galley_counter_view_update_blocker), self,
                             G_CONNECT_SWAPPED);

  /* the menu panel adds to the view's one cart, for every order */
  if (self->services != NULL)
    {
      self->menu_panel = galley_menu_panel_new (galley_services_get_menu (self->services),
                                                self->cart);
      gtk_widget_set_vexpand (self->menu_panel, TRUE);
      gtk_box_append (GTK_BOX (self->menu_slot), self->menu_panel);
      /* a child of the view: it dies with the template */
      g_signal_connect_swapped (self->menu_panel, "item-added", G_CALLBACK (menu_item_added_cb),
                                self);
      g_signal_connect_swapped (self->menu_panel, "error", G_CALLBACK (menu_error_cb), self);

      /* the voice panel fills the same cart: talk and tap in the same order */
      self->voice_panel = galley_voice_panel_new (self->services, self->cart);
      gtk_box_append (GTK_BOX (self->menu_slot), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
      gtk_box_append (GTK_BOX (self->menu_slot), self->voice_panel);
      g_signal_connect_swapped (self->voice_panel, "review-requested",
                                G_CALLBACK (voice_review_cb), self);
    }
}

static void
galley_counter_view_dispose (GObject *object)
{
  GalleyCounterView *self = GALLEY_COUNTER_VIEW (object);

  /* 2. handlers on the services' outbox, store and menu, which outlive the view */
  g_signal_group_set_target (self->outbox_signals, NULL);
  g_signal_group_set_target (self->store_signals, NULL);
  g_signal_group_set_target (self->menu_signals, NULL);

  /* 3. work in flight */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  /* 5. references; open dialogs go with the view */
  if (self->review_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->review_dialog));
  if (self->order_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->order_dialog));
  if (self->item_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->item_dialog));
  g_clear_weak_pointer (&self->review_dialog);
  g_clear_weak_pointer (&self->order_dialog);
  g_clear_weak_pointer (&self->item_dialog);
  if (self->cart_panel != NULL)
    galley_cart_panel_set_cart (self->cart_panel, NULL);
  g_clear_object (&self->cart);
  g_clear_object (&self->services);
  self->menu_panel = NULL;
  self->voice_panel = NULL;

  /* 6. template */
  gtk_widget_dispose_template (GTK_WIDGET (self), GALLEY_TYPE_COUNTER_VIEW);

  G_OBJECT_CLASS (galley_counter_view_parent_class)->dispose (object);
}

static void
galley_counter_view_finalize (GObject *object)
{
  GalleyCounterView *self = GALLEY_COUNTER_VIEW (object);

  g_assert (self->cart == NULL);
  g_assert (self->services == NULL);
  g_assert (self->review_dialog == NULL && self->order_dialog == NULL);
  g_assert (self->item_dialog == NULL);
  g_clear_object (&self->outbox_signals);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->menu_signals);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_free (self->client_ref);
  g_free (self->blocker);
  g_free (self->message);

  G_OBJECT_CLASS (galley_counter_view_parent_class)->finalize (object);
}

static void
galley_counter_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GalleyCounterView *self = GALLEY_COUNTER_VIEW (object);

  switch (prop_id)
    {
    case PROP_SERVICES:
      g_value_set_object (value, self->services);
      break;

    case PROP_ORDER_TYPE:
      g_value_set_int (value, galley_counter_view_get_order_type (self));
      break;

    case PROP_BLOCKER:
      g_value_set_string (value, self->blocker);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_counter_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GalleyCounterView *self = GALLEY_COUNTER_VIEW (object);

  switch (prop_id)
    {
    case PROP_SERVICES:
      self->services = g_value_dup_object (value);
      break;

    case PROP_ORDER_TYPE:
      galley_counter_view_set_order_type (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void today_shown_cb     (GalleyCounterView *self);
static void today_activated_cb (GalleyCounterView *self,
                                GtkListBoxRow     *row);

static void
galley_counter_view_class_init (GalleyCounterViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->constructed = galley_counter_view_constructed;
  object_class->dispose = galley_counter_view_dispose;
  object_class->finalize = galley_counter_view_finalize;
  object_class->get_property = galley_counter_view_get_property;
  object_class->set_property = galley_counter_view_set_property;

  properties[PROP_SERVICES] =
    g_param_spec_object ("services", NULL, NULL, GALLEY_TYPE_SERVICES,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORDER_TYPE] = g_param_spec_int ("order-type", NULL, NULL, 0,
                                                  GALLEY_COUNTER_N_TYPES - 1, 0, rw);
  properties[PROP_BLOCKER] = g_param_spec_string ("blocker", NULL, NULL, NULL, ro);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GALLEY_TYPE_CART_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/galleypos/Galley/counter/galley-counter-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GalleyCounterView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GalleyCounterView, header_box);
  gtk_widget_class_bind_template_child (widget_class, GalleyCounterView, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GalleyCounterView, table_entry);
  gtk_widget_class_bind_template_child (widget_class, GalleyCounterView, name_entry);
  gtk_widget_class_bind_template_child (widget_class, GalleyCounterView, rush_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyCounterView, today_button);
  gtk_widget_class_bind_template_child (widget_class, GalleyCounterView, today_popover);
  gtk_widget_class_bind_template_child (widget_class, GalleyCounterView, today_list);
  gtk_widget_class_bind_template_child (widget_class, GalleyCounterView, menu_slot);
  gtk_widget_class_bind_template_child (widget_class, GalleyCounterView, cart_panel);
  gtk_widget_class_bind_template_callback (widget_class, type_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, header_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rush_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, cart_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, today_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, today_activated_cb);

  _galley_counter_view_class_actions_init (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* GTK 4.8's drop-down gives the keyboard focus to its own button, which has no name of its
 * own: a screen reader would say only "toggle button". It gets the drop-down's name. */
static void
name_type_button (GalleyCounterView *self)
{
  GtkWidget *button = gtk_widget_get_first_child (GTK_WIDGET (self->type_dropdown));

  if (GTK_IS_TOGGLE_BUTTON (button))
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Order type"), -1);
}

static void
galley_counter_view_init (GalleyCounterView *self)
{
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  name_type_button (self);
  _galley_counter_view_actions_init (self);

  for (guint i = 0; i < GALLEY_COUNTER_N_TYPES; i++)
    gtk_string_list_append (types, galley_counter_type_to_label (i));
  gtk_drop_down_set_model (self->type_dropdown, G_LIST_MODEL (types));

  self->cancellable = g_cancellable_new ();
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->outbox_signals = g_signal_group_new (GALLEY_TYPE_OUTBOX);
  g_signal_group_connect_swapped (self->outbox_signals, "create-changed",
                                  G_CALLBACK (_galley_counter_view_create_changed), self);
  self->store_signals = g_signal_group_new (GALLEY_TYPE_ORDER_STORE);
  g_signal_group_connect_swapped (self->store_signals, "items-changed",
                                  G_CALLBACK (_galley_counter_view_today_changed), self);
  self->menu_signals = g_signal_group_new (GALLEY_TYPE_MENU);
  g_signal_group_connect_swapped (self->menu_signals, "changed",
                                  G_CALLBACK (menu_changed_cb), self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Counter"), -1);
}

/* ------------------------------------------------------------------ today's orders (UI) */

/* The store changes many times a second on a busy night: only an open list follows it. */
void
_galley_counter_view_today_changed (GalleyCounterView *self)
{
  if (self->today_popover != NULL && gtk_widget_get_visible (GTK_WIDGET (self->today_popover)))
    galley_counter_view_refresh_today (self);
}

static void
today_shown_cb (GalleyCounterView *self)
{
  galley_counter_view_refresh_today (self);
}

static void
today_activated_cb (GalleyCounterView *self,
                    GtkListBoxRow     *row)
{
  const char *ref = g_object_get_data (G_OBJECT (row), "galley-client-ref");
  GtkWidget *dialog;

  if (ref == NULL)
    return;
  gtk_popover_popdown (self->today_popover);
  dialog = galley_counter_view_open_order (self, ref);
  if (dialog != NULL)
    gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ public */

/**
 * galley_counter_view_new:
 * @services: (nullable): the services, or %NULL in tests of the widget alone
 *
 * Returns: (transfer floating): a new Counter view with an empty order
 */
GtkWidget *
galley_counter_view_new (GalleyServices *services)
{
  g_return_val_if_fail (services == NULL || GALLEY_IS_SERVICES (services), NULL);

  return g_object_new (GALLEY_TYPE_COUNTER_VIEW, "services", services, NULL);
}

GalleyServices *
galley_counter_view_get_services (GalleyCounterView *self)
{
  g_return_val_if_fail (GALLEY_IS_COUNTER_VIEW (self), NULL);

  return self->services;
}

/**
 * galley_counter_view_get_cart:
 *
 * Returns: (transfer none): the cart of the order in progress (the same cart for the view's
 *   life, emptied once an order is stored in the outbox)
 */
GalleyCart *
galley_counter_view_get_cart (GalleyCounterView *self)
{
  g_return_val_if_fail (GALLEY_IS_COUNTER_VIEW (self), NULL);

  return self->cart;
}

GalleyCartPanel *
galley_counter_view_get_cart_panel (GalleyCounterView *self)
{
  g_return_val_if_fail (GALLEY_IS_COUNTER_VIEW (self), NULL);

  return self->cart_panel;
}

/**
 * galley_counter_view_get_menu_slot:
 *
 * Returns: (transfer none): the box on the left that holds the menu
 */
GtkWidget *
galley_counter_view_get_menu_slot (GalleyCounterView *self)
{
  g_return_val_if_fail (GALLEY_IS_COUNTER_VIEW (self), NULL);

  return self->menu_slot;
}

GalleyCounterType
galley_counter_view_get_order_type (GalleyCounterView *self)
{
  guint selected;

  g_return_val_if_fail (GALLEY_IS_COUNTER_VIEW (self), GALLEY_COUNTER_TYPE_DINE_IN);

  selected = gtk_drop_down_get_selected (self->type_dropdown);

  return selected < GALLEY_COUNTER_N_TYPES ? (GalleyCounterType) selected
                                           : GALLEY_COUNTER_TYPE_DINE_IN;
}

void
galley_counter_view_set_order_type (GalleyCounterView *self,
                                    GalleyCounterType  type)
{
  g_return_if_fail (GALLEY_IS_COUNTER_VIEW (self));
  g_return_if_fail (type < GALLEY_COUNTER_N_TYPES);

  /* the drop-down notifies, and type_changed_cb notifies order-type */
  gtk_drop_down_set_selected (self->type_dropdown, type);
}

const char *
galley_counter_view_get_table (GalleyCounterView *self)
{
  g_return_val_if_fail (GALLEY_IS_COUNTER_VIEW (self), NULL);

  return entry_text (self->table_entry);
}

void
galley_counter_view_set_table (GalleyCounterView *self,
                               const char        *table)
{
  g_return_if_fail (GALLEY_IS_COUNTER_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->table_entry), table != NULL ? table : "");
}

const char *
galley_counter_view_get_customer_name (GalleyCounterView *self)
{
  g_return_val_if_fail (GALLEY_IS_COUNTER_VIEW (self), NULL);

  return entry_text (self->name_entry);
}

void
galley_counter_view_set_customer_name (GalleyCounterView *self,
                                       const char        *name)
{
  g_return_if_fail (GALLEY_IS_COUNTER_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name != NULL ? name : "");
}

gboolean
galley_counter_view_get_rush (GalleyCounterView *self)
{
  g_return_val_if_fail (GALLEY_IS_COUNTER_VIEW (self), FALSE);

  return gtk_toggle_button_get_active (self->rush_button);
}

void
galley_counter_view_set_rush (GalleyCounterView *self,
                              gboolean           rush)
{
  g_return_if_fail (GALLEY_IS_COUNTER_VIEW (self));

  gtk_toggle_button_set_active (self->rush_button, rush);
}

/**
 * galley_counter_view_get_blocker:
 *
 * Returns: (nullable): why the order cannot be reviewed and sent yet, in a cashier's words;
 *   %NULL when it can
 */
const char *
galley_counter_view_get_blocker (GalleyCounterView *self)
{
  g_return_val_if_fail (GALLEY_IS_COUNTER_VIEW (self), NULL);

  return self->blocker;
}

/**
 * galley_counter_view_get_message:
 *
 * Returns: (nullable): the last message shown to the cashier
 */
const char *
galley_counter_view_get_message (GalleyCounterView *self)
{
  g_return_val_if_fail (GALLEY_IS_COUNTER_VIEW (self), NULL);

  return self->message;
}

/**
 * galley_counter_view_get_client_ref:
 *
 * Returns: (nullable): the reference the current order is (or will be) sent with; kept for
 *   the cart until the outbox has stored it, so a second try never makes a second order
 */
const char *
galley_counter_view_get_client_ref (GalleyCounterView *self)
{
  g_return_val_if_fail (GALLEY_IS_COUNTER_VIEW (self), NULL);

  return self->client_ref;
}
