/* galley-counter-view-actions.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyCounterView's actions and keys (kitchen-and-counter.md C-8): Ctrl+F search, Ctrl+Enter
 * review (and send, in the review), Delete removes the selected line, + and − change its
 * quantity, Ctrl+1..5 the order type (Alt+1..4 stay the window's views), F2 talks to the
 * voice panel wherever the focus is (a tap toggles, a hold talks while held; Space still
 * types in the search entry); `counter.show-message` is how the cart's rows tell the
 * cashier what went wrong.
 */
#define G_LOG_DOMAIN "galley-counter-view"

#include "config.h"

#include <glib/gi18n.h>

#include "counter/galley-counter-view-private.h"
#include "counter/galley-item-dialog.h"
#include "counter/galley-menu-panel.h"
#include "voice/galley-voice-panel.h"

static void
show_message_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _galley_counter_view_tell (GALLEY_COUNTER_VIEW (widget), g_variant_get_string (parameter, NULL));
}

static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkWidget *dialog = galley_counter_view_review (GALLEY_COUNTER_VIEW (widget));

  if (dialog != NULL)
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
change_selected (GalleyCounterView *self,
                 int                delta)
{
  GalleyCartLine *line = galley_cart_panel_get_selected_line (self->cart_panel);
  guint position;
  GalleyCartRow *row;

  if (line == NULL || !galley_cart_find_line (self->cart, line, &position))
    return;
  row = galley_cart_panel_get_row (self->cart_panel, position);
  if (row == NULL)
    return;

  if (delta == 0)
    {
      galley_cart_row_remove (row);
      /* the next line (or the last) takes the selection, so Delete can go on */
      if (g_list_model_get_n_items (G_LIST_MODEL (self->cart)) > 0)
        {
          g_autoptr(GalleyCartLine) next =
            g_list_model_get_item (G_LIST_MODEL (self->cart),
                                   MIN (position, g_list_model_get_n_items (G_LIST_MODEL (self->cart)) - 1));

          galley_cart_panel_select_line (self->cart_panel, next);
        }
    }
  else
    galley_cart_row_change_quantity (row, delta);
}

static void
remove_line_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  change_selected (GALLEY_COUNTER_VIEW (widget), 0);
}

static void
more_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  change_selected (GALLEY_COUNTER_VIEW (widget), 1);
}

static void
less_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  change_selected (GALLEY_COUNTER_VIEW (widget), -1);
}

static void
order_type_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  int type = g_variant_get_int32 (parameter);

  if (type >= 0 && type < GALLEY_COUNTER_N_TYPES)
    galley_counter_view_set_order_type (GALLEY_COUNTER_VIEW (widget), type);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GalleyCounterView *self = GALLEY_COUNTER_VIEW (widget);

  if (self->menu_panel != NULL)
    galley_menu_panel_focus_search (GALLEY_MENU_PANEL (self->menu_panel));
}

static void
edit_line_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GalleyCounterView *self = GALLEY_COUNTER_VIEW (widget);
  GalleyCartLine *line = galley_cart_lookup_line (self->cart, g_variant_get_string (parameter, NULL));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  /* a line waiting for a tap is settled with Confirm or Change first */
  if (line == NULL || galley_cart_line_get_item (line) == NULL || self->item_dialog != NULL)
    return;

  dialog = galley_item_dialog_new_for_line (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                            galley_cart_get_menu (self->cart), self->cart, line);
  g_set_weak_pointer (&self->item_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* F2 without modifiers, seen before any child (capture): the search entry, the cart or a
 * menu tile may have the focus. */
static gboolean
talk_key_cb (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             GalleyCounterView     *self)
{
  if (keyval != GDK_KEY_F2 || self->voice_panel == NULL ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;

  galley_voice_panel_talk_key (GALLEY_VOICE_PANEL (self->voice_panel), TRUE);
  return TRUE;
}

static void
talk_key_released_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GalleyCounterView     *self)
{
  if (keyval == GDK_KEY_F2 && self->voice_panel != NULL)
    galley_voice_panel_talk_key (GALLEY_VOICE_PANEL (self->voice_panel), FALSE);
}

void
_galley_counter_view_actions_init (GalleyCounterView *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_name (keys, "galley-counter-talk-key");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (talk_key_cb), self);
  g_signal_connect (keys, "key-released", G_CALLBACK (talk_key_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

void
_galley_counter_view_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "counter.show-message", "s", show_message_action);
  gtk_widget_class_install_action (widget_class, "counter.review", NULL, review_action);
  gtk_widget_class_install_action (widget_class, "counter.remove-line", NULL, remove_line_action);
  gtk_widget_class_install_action (widget_class, "counter.more", NULL, more_action);
  gtk_widget_class_install_action (widget_class, "counter.less", NULL, less_action);
  gtk_widget_class_install_action (widget_class, "counter.order-type", "i", order_type_action);
  gtk_widget_class_install_action (widget_class, "counter.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "counter.edit-line", "s", edit_line_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "counter.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "counter.review", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "counter.review", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0,
                                       "counter.remove-line", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "counter.remove-line", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "counter.more", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "counter.more", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "counter.less", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0,
                                       "counter.less", NULL);
  for (int i = 0; i < GALLEY_COUNTER_N_TYPES; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "counter.order-type", "i", i);
}
