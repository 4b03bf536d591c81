/* galley-preferences-bump-keys.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Bump Bar group of the preferences window's Kitchen page (spec K-17): one row per kitchen
 * action with its key on a button. Choosing the button makes the window wait for the next key
 * press, caught by a key controller in the capture phase so no other widget sees it: Escape
 * keeps the old key, Tab keeps it too and moves the focus on, a modifier alone is ignored,
 * keys 1–9 (which select tickets) and a key another action already has are refused with a
 * toast naming the reason, anything else is saved to the bump-keys setting (action → GDK key
 * name).
 */
#define G_LOG_DOMAIN "galley-preferences-bump-keys"

#include <glib/gi18n.h>

#include "app/galley-preferences-window-private.h"

static const struct
{
  const char *action;  /* the key in the bump-keys setting */
  const char *label;
} bump_actions[GALLEY_N_BUMP_ACTIONS] = {
  { "bump",            NC_("bump bar action", "Bump order") },
  { "bump-line",       NC_("bump bar action", "Bump selected line") },
  { "recall",          NC_("bump bar action", "Recall last bump") },
  { "undo",            NC_("bump bar action", "Undo") },
  { "next-page",       NC_("bump bar action", "Next page") },
  { "previous-page",   NC_("bump bar action", "Previous page") },
  { "select-next",     NC_("bump bar action", "Select next ticket") },
  { "select-previous", NC_("bump bar action", "Select previous ticket") },
  { "all-day",         NC_("bump bar action", "Show all-day counts") },
  { "acknowledge",     NC_("bump bar action", "Acknowledge allergy") },
  { "confirm-change",  NC_("bump bar action", "Confirm change") },
  { "fire",            NC_("bump bar action", "Fire scheduled order") },
  { "recent",          NC_("bump bar action", "Recently bumped") },
  { "scheduled",       NC_("bump bar action", "Show scheduled orders") },
};

static const char *
action_label (guint index)
{
  return g_dpgettext2 (NULL, "bump bar action", bump_actions[index].label);
}

/* Returns: the action's key in @map, lowered, or 0 when it has none GDK knows */
static guint
lookup_keyval (GVariant   *map,
               const char *action)
{
  const char *name;
  guint keyval;

  if (!g_variant_lookup (map, action, "&s", &name))
    return 0;

  keyval = gdk_keyval_from_name (name);

  return keyval == GDK_KEY_VoidSymbol ? 0 : gdk_keyval_to_lower (keyval);
}

static void
update_button (GalleyPreferencesWindow *self,
               guint                    index,
               GVariant                *map)
{
  GtkButton *button = self->bump_buttons[index];
  g_autofree char *accessible = NULL;

  if ((int) index == self->capture_index)
    {
      gtk_button_set_label (button, _("Press a key…"));
      gtk_widget_add_css_class (GTK_WIDGET (button), "suggested-action");
      accessible = g_strdup_printf (_("Press the new key for “%s”, or Escape to keep the old "
                                      "one"),
                                    action_label (index));
    }
  else
    {
      guint keyval = lookup_keyval (map, bump_actions[index].action);
      g_autofree char *key = keyval != 0 ? gtk_accelerator_get_label (keyval, 0)
                                         : g_strdup (C_("bump bar key", "None"));

      gtk_button_set_label (button, key);
      gtk_widget_remove_css_class (GTK_WIDGET (button), "suggested-action");
      accessible = g_strdup_printf (_("Key for “%s”: %s"), action_label (index), key);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
load_bump_keys (GalleyPreferencesWindow *self)
{
  g_autoptr(GVariant) map = g_settings_get_value (self->settings, "bump-keys");

  for (guint i = 0; i < GALLEY_N_BUMP_ACTIONS; i++)
    update_button (self, i, map);
}

static void
set_capture (GalleyPreferencesWindow *self,
             int                      index)
{
  int previous = self->capture_index;

  if (previous == index)
    return;

  self->capture_index = index;
  if (previous >= 0)
    {
      g_autoptr(GVariant) map = g_settings_get_value (self->settings, "bump-keys");

      update_button (self, previous, map);
    }
  if (index >= 0)
    update_button (self, index, NULL);
}

static void
write_bump_key (GalleyPreferencesWindow *self,
                const char              *action,
                const char              *name)
{
  g_autoptr(GVariant) map = g_settings_get_value (self->settings, "bump-keys");
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key, *value;
  gboolean found = FALSE;

  /* actions this version does not know keep their keys */
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, map);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    {
      if (g_str_equal (key, action))
        {
          if (found)
            continue;
          value = name;
          found = TRUE;
        }
      g_variant_builder_add (&builder, "{ss}", key, value);
    }
  if (!found)
    g_variant_builder_add (&builder, "{ss}", action, name);

  g_debug ("Bump-bar key of %s: %s", action, name);
  g_settings_set_value (self->settings, "bump-keys", g_variant_builder_end (&builder));
}

static gboolean
is_modifier_key (guint keyval)
{
  switch (keyval)
    {
    case GDK_KEY_Shift_L: case GDK_KEY_Shift_R:
    case GDK_KEY_Control_L: case GDK_KEY_Control_R:
    case GDK_KEY_Alt_L: case GDK_KEY_Alt_R:
    case GDK_KEY_Meta_L: case GDK_KEY_Meta_R:
    case GDK_KEY_Super_L: case GDK_KEY_Super_R:
    case GDK_KEY_Hyper_L: case GDK_KEY_Hyper_R:
    case GDK_KEY_Caps_Lock: case GDK_KEY_Shift_Lock: case GDK_KEY_Num_Lock:
    case GDK_KEY_ISO_Level3_Shift: case GDK_KEY_ISO_Level5_Shift:
    case GDK_KEY_Mode_switch:
      return TRUE;

    default:
      return FALSE;
    }
}

static gboolean
is_card_key (guint keyval)
{
  return (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9) ||
         (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9);
}

static gboolean
capture_key_pressed_cb (GtkEventControllerKey   *controller,
                        guint                    keyval,
                        guint                    keycode,
                        GdkModifierType          state,
                        GalleyPreferencesWindow *self)
{
  g_autoptr(GVariant) map = NULL;
  const char *action;
  const char *name;
  int index = self->capture_index;

  if (index < 0 || self->settings == NULL)
    return GDK_EVENT_PROPAGATE;

  if (is_modifier_key (keyval))
    return GDK_EVENT_STOP;   /* Shift or Ctrl on its way to a key: keep waiting */

  if (keyval == GDK_KEY_Escape)
    {
      set_capture (self, -1);
      return GDK_EVENT_STOP;
    }

  /* a keyboard user moving on: the old key stays and focus moves as usual */
  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_ISO_Left_Tab || keyval == GDK_KEY_KP_Tab)
    {
      set_capture (self, -1);
      return GDK_EVENT_PROPAGATE;
    }

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_HYPER_MASK |
                GDK_META_MASK)) != 0)
    {
      _galley_preferences_window_show_toast (
        self, _("A bump-bar key works without Ctrl, Alt or Super. Press the key alone."));
      return GDK_EVENT_STOP;
    }

  keyval = gdk_keyval_to_lower (keyval);
  if (is_card_key (keyval))
    {
      _galley_preferences_window_show_toast (
        self, _("Keys 1 to 9 select the ticket at that position. Press another key."));
      return GDK_EVENT_STOP;
    }

  name = gdk_keyval_name (keyval);
  if (name == NULL)
    {
      _galley_preferences_window_show_toast (
        self, _("Galley cannot use this key. Press another key."));
      return GDK_EVENT_STOP;
    }

  action = bump_actions[index].action;
  map = g_settings_get_value (self->settings, "bump-keys");
  for (guint i = 0; i < GALLEY_N_BUMP_ACTIONS; i++)
    {
      g_autofree char *key = NULL;
      g_autofree char *message = NULL;

      if ((int) i == index || lookup_keyval (map, bump_actions[i].action) != keyval)
        continue;

      key = gtk_accelerator_get_label (keyval, 0);
      message = g_strdup_printf (_("%s is already the key for “%s”. Press another key, or "
                                   "give “%s” a new key first."),
                                 key, action_label (i), action_label (i));
      _galley_preferences_window_show_toast (self, message);
      return GDK_EVENT_STOP;
    }

  set_capture (self, -1);
  if (lookup_keyval (map, action) != keyval)
    write_bump_key (self, action, name);

  return GDK_EVENT_STOP;
}

static void
bump_key_clicked_cb (GtkButton               *button,
                     GalleyPreferencesWindow *self)
{
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "galley-bump-action"));

  /* choosing the waiting button again keeps its key */
  set_capture (self, self->capture_index == index ? -1 : index);
}

/* Focus moving elsewhere (a click on another row, another page) ends the wait. */
static void
focus_widget_changed_cb (GalleyPreferencesWindow *self,
                         GParamSpec              *pspec,
                         gpointer                 user_data)
{
  GtkWidget *focus;

  if (self->capture_index < 0)
    return;

  focus = gtk_root_get_focus (GTK_ROOT (self));
  if (focus != NULL && focus != GTK_WIDGET (self->bump_buttons[self->capture_index]))
    set_capture (self, -1);
}

static void
bump_keys_reset_cb (GalleyPreferencesWindow *self,
                    GtkButton               *button)
{
  if (self->settings == NULL)
    return;

  set_capture (self, -1);
  g_settings_reset (self->settings, "bump-keys");
}

/* ------------------------------------------------------------------ satellite entry points */

void
_galley_preferences_window_bump_keys_changed (GalleyPreferencesWindow *self,
                                              const char              *key)
{
  load_bump_keys (self);
}

void
_galley_preferences_window_bump_keys_dispose (GalleyPreferencesWindow *self)
{
  /* the buttons and the key controller belong to the widget tree */
  self->capture_index = -1;
  for (guint i = 0; i < GALLEY_N_BUMP_ACTIONS; i++)
    self->bump_buttons[i] = NULL;
}

void
_galley_preferences_window_bump_keys_init (GalleyPreferencesWindow *self)
{
  GtkEventController *controller;

  for (guint i = 0; i < GALLEY_N_BUMP_ACTIONS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new ();
      g_autofree char *name = g_strdup_printf ("bump-key-%s", bump_actions[i].action);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), action_label (i));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_set_name (button, name);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (button), "galley-bump-action", GINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (bump_key_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (self->bump_group, row);
      self->bump_buttons[i] = GTK_BUTTON (button);
    }

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (controller, "galley-bump-key-capture");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (capture_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (focus_widget_changed_cb), NULL);

  load_bump_keys (self);
}

void
_galley_preferences_window_class_bump_keys_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, bump_group);
  gtk_widget_class_bind_template_callback (widget_class, bump_keys_reset_cb);
}
