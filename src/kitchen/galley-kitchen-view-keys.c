/* galley-kitchen-view-keys.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyKitchenView's actions and the bump bar (K-17). A bump bar is a keyboard: each
 * action has a key from the `bump-keys` setting, digits 1–9 select the card at that place,
 * and touch, mouse and keys all end in the same "kitchen.*" actions. Keys reach the view
 * after the focused widget: a focused button still takes Enter and Space itself.
 */
#define G_LOG_DOMAIN "galley-kitchen-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kitchen/galley-kitchen-view-private.h"

/* The actions a key can run, in the order the shortcuts window lists them. */
static const char * const key_actions[] = {
  "bump", "bump-line", "recall", "undo", "next-page", "previous-page", "select-next",
  "select-previous", "all-day", "acknowledge", "confirm-change", "fire", "recent",
  "scheduled", NULL
};

static GalleyTicket *
selected (GalleyKitchenView *self)
{
  return galley_kitchen_view_get_selected (self);
}

static void
select_offset (GalleyKitchenView *self,
               int                offset)
{
  GListModel *model;
  GalleyTicket *current = selected (self);
  int position, n;
  g_autoptr(GalleyTicket) next = NULL;
  guint page;

  if (self->board == NULL)
    return;

  model = G_LIST_MODEL (self->board);
  n = (int) g_list_model_get_n_items (model);
  if (n == 0)
    return;

  position = current != NULL ? galley_board_get_position (self->board, current) : -1;
  if (position < 0)
    position = (int) (self->page * self->page_size) - (offset > 0 ? 1 : 0);
  position = CLAMP (position + offset, 0, n - 1);

  /* arrows cross pages: every open order is reachable (K-18) */
  page = (guint) position / self->page_size;
  if (page != self->page)
    {
      self->page = page;
      _galley_kitchen_view_relayout (self);
      g_object_notify_by_pspec (G_OBJECT (self), _galley_kitchen_view_properties[KV_PROP_PAGE]);
    }

  next = g_list_model_get_item (model, (guint) position);
  _galley_kitchen_view_select (self, next, TRUE);
}

static void
select_slot (GalleyKitchenView *self,
             guint              slot)
{
  guint position = self->page * self->page_size + slot;
  g_autoptr(GalleyTicket) ticket = NULL;

  if (self->board == NULL || slot >= self->page_size)
    return;

  ticket = g_list_model_get_item (G_LIST_MODEL (self->board), position);
  if (ticket != NULL)
    _galley_kitchen_view_select (self, ticket, TRUE);
}

static void
bump_first_open_line (GalleyKitchenView *self,
                      GalleyTicket      *ticket)
{
  GListModel *lines = galley_ticket_get_lines (ticket);
  guint n = g_list_model_get_n_items (lines);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyTicketLine) line = g_list_model_get_item (lines, i);

      if (galley_ticket_line_get_change (line) != GALLEY_LINE_CHANGE_VOIDED &&
          !galley_ticket_line_get_done (line))
        {
          if (!galley_board_bump_line (self->board, ticket, galley_ticket_line_get_item_id (line),
                                       &error))
            _galley_kitchen_view_notice (self, error->message);
          return;
        }
    }
}

/**
 * _galley_kitchen_view_run_key_action:
 * @action: one of key_actions
 *
 * Returns: whether @action is known
 */
gboolean
_galley_kitchen_view_run_key_action (GalleyKitchenView *self,
                                     const char        *action)
{
  GalleyTicket *ticket = selected (self);
  g_autoptr(GError) error = NULL;

  if (self->board == NULL)
    return FALSE;

  if (g_str_equal (action, "bump"))
    {
      if (ticket != NULL)
        _galley_kitchen_view_bump (self, ticket, GALLEY_BOARD_BUMP_DEFAULT);
    }
  else if (g_str_equal (action, "bump-line"))
    {
      if (ticket != NULL)
        bump_first_open_line (self, ticket);
    }
  else if (g_str_equal (action, "recall"))
    {
      if (!galley_board_recall_last (self->board, &error))
        _galley_kitchen_view_notice (self, error->message);
    }
  else if (g_str_equal (action, "undo"))
    {
      if (!galley_board_undo (self->board, &error))
        _galley_kitchen_view_notice (self, error->message);
    }
  else if (g_str_equal (action, "next-page"))
    _galley_kitchen_view_set_page (self, self->page + 1);
  else if (g_str_equal (action, "previous-page"))
    _galley_kitchen_view_set_page (self, self->page > 0 ? self->page - 1 : 0);
  else if (g_str_equal (action, "select-next"))
    select_offset (self, 1);
  else if (g_str_equal (action, "select-previous"))
    select_offset (self, -1);
  else if (g_str_equal (action, "all-day"))
    g_object_set (self, "show-all-day", !self->show_all_day, NULL);
  else if (g_str_equal (action, "scheduled"))
    g_object_set (self, "show-scheduled", !self->show_scheduled, NULL);
  else if (g_str_equal (action, "acknowledge"))
    {
      if (ticket != NULL && !galley_board_acknowledge (self->board, ticket, &error))
        _galley_kitchen_view_notice (self, error->message);
    }
  else if (g_str_equal (action, "confirm-change"))
    {
      if (ticket != NULL)
        galley_board_touch (self->board, ticket);
    }
  else if (g_str_equal (action, "fire"))
    {
      GListModel *scheduled = galley_board_get_scheduled (self->board);
      g_autoptr(GalleyTicket) first = g_list_model_get_item (scheduled, 0);

      /* the selected card if it waits to fire, else the next scheduled order */
      if (ticket != NULL && galley_ticket_get_scheduled (ticket))
        first = g_object_ref (ticket);
      if (first != NULL && !galley_board_fire (self->board, first, &error))
        _galley_kitchen_view_notice (self, error->message);
    }
  else if (g_str_equal (action, "recent"))
    gtk_menu_button_popup (GTK_MENU_BUTTON (self->recent_button));
  else
    return FALSE;

  return TRUE;
}

static void
action_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  GalleyKitchenView *self = GALLEY_KITCHEN_VIEW (widget);

  if (g_str_equal (action_name, "kitchen.select"))
    select_slot (self, g_variant_get_uint32 (parameter));
  else
    _galley_kitchen_view_run_key_action (self, action_name + strlen ("kitchen."));
}

static gboolean
key_pressed_cb (GalleyKitchenView     *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  const char *action;

  /* shortcuts with Ctrl or Alt belong to the window */
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK))
    return GDK_EVENT_PROPAGATE;

  if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
    {
      select_slot (self, keyval - GDK_KEY_1);
      return GDK_EVENT_STOP;
    }
  if (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9)
    {
      select_slot (self, keyval - GDK_KEY_KP_1);
      return GDK_EVENT_STOP;
    }

  action = g_hash_table_lookup (self->keys, GUINT_TO_POINTER (gdk_keyval_to_lower (keyval)));
  if (action == NULL)
    return GDK_EVENT_PROPAGATE;

  return _galley_kitchen_view_run_key_action (self, action) ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
}

/**
 * _galley_kitchen_view_load_keys:
 *
 * Reads `bump-keys`: action → key name (as gdk_keyval_from_name() knows it). An unknown
 * key name is logged and skipped; the other keys still work.
 */
void
_galley_kitchen_view_load_keys (GalleyKitchenView *self)
{
  g_autoptr(GVariant) map = NULL;
  GVariantIter iter;
  const char *action, *key;

  g_hash_table_remove_all (self->keys);
  if (self->services == NULL)
    return;

  map = g_settings_get_value (galley_services_get_settings (self->services), "bump-keys");
  g_variant_iter_init (&iter, map);
  while (g_variant_iter_next (&iter, "{&s&s}", &action, &key))
    {
      guint keyval = gdk_keyval_from_name (key);
      const char *known = NULL;

      for (guint i = 0; key_actions[i] != NULL && known == NULL; i++)
        if (g_str_equal (key_actions[i], action))
          known = key_actions[i];

      if (known == NULL || keyval == GDK_KEY_VoidSymbol || keyval == 0)
        {
          g_warning ("Bump bar setting ignored: “%s” → “%s”", action, key);
          continue;
        }

      g_hash_table_insert (self->keys, GUINT_TO_POINTER (gdk_keyval_to_lower (keyval)),
                           (gpointer) known);
    }
}

void
_galley_kitchen_view_class_keys_init (GtkWidgetClass *widget_class)
{
  for (guint i = 0; key_actions[i] != NULL; i++)
    {
      g_autofree char *name = g_strconcat ("kitchen.", key_actions[i], NULL);

      if (g_str_equal (key_actions[i], "all-day") || g_str_equal (key_actions[i], "scheduled"))
        continue;   /* property actions, installed by the class */
      gtk_widget_class_install_action (widget_class, name, NULL, action_cb);
    }
  gtk_widget_class_install_action (widget_class, "kitchen.select", "u", action_cb);
}

void
_galley_kitchen_view_keys_init (GalleyKitchenView *self)
{
  GtkEventController *controller = gtk_event_controller_key_new ();

  self->keys = g_hash_table_new (NULL, NULL);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
