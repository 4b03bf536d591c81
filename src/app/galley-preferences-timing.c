/* galley-preferences-timing.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Timing group of the preferences window's Kitchen page (spec K-3): for each order type,
 * after how many minutes a ticket shows as running late and as late, in the thresholds
 * setting (order type nick → (warning, late) minutes). Late is never before running late:
 * a late value below the warning is raised to it, and a toast says so. Types this version
 * does not know keep their values.
 */
#define G_LOG_DOMAIN "galley-preferences-timing"

#include <glib/gi18n.h>

#include "app/galley-preferences-window-private.h"

#define DEFAULT_WARNING_MIN 10
#define DEFAULT_LATE_MIN    15
#define THRESHOLD_MAX_MIN   240

static const struct
{
  const char *nick;    /* the key in the thresholds setting */
  const char *label;
} order_types[GALLEY_N_ORDER_TYPES] = {
  { "dine-in",    NC_("order type", "Dine-in") },
  { "takeout",    NC_("order type", "Takeout") },
  { "pickup",     NC_("order type", "Pickup") },
  { "delivery",   NC_("order type", "Delivery") },
  { "drive-thru", NC_("order type", "Drive-thru") },
  { "online",     NC_("order type", "Online") },
  { "kiosk",      NC_("order type", "Kiosk") },
  { "voice",      NC_("order type", "Voice") },
};

static const char *
order_type_label (guint type)
{
  return g_dpgettext2 (NULL, "order type", order_types[type].label);
}

static void
read_threshold (GVariant *map,
                guint     type,
                guint    *warning,
                guint    *late)
{
  *warning = DEFAULT_WARNING_MIN;
  *late = DEFAULT_LATE_MIN;
  g_variant_lookup (map, order_types[type].nick, "(uu)", warning, late);
}

static void
load_thresholds (GalleyPreferencesWindow *self)
{
  g_autoptr(GVariant) map = g_settings_get_value (self->settings, "thresholds");

  self->loading++;

  for (guint i = 0; i < GALLEY_N_ORDER_TYPES; i++)
    {
      g_autofree char *subtitle = NULL;
      guint warning, late;

      read_threshold (map, i, &warning, &late);
      gtk_spin_button_set_value (self->warning_spins[i], warning);
      gtk_spin_button_set_value (self->late_spins[i], late);
      subtitle = g_strdup_printf (_("Running late after %u min, late after %u min"),
                                  warning, late);
      adw_expander_row_set_subtitle (self->threshold_rows[i], subtitle);
    }

  self->loading--;
}

static void
write_threshold (GalleyPreferencesWindow *self,
                 guint                    type,
                 guint                    warning,
                 guint                    late)
{
  g_autoptr(GVariant) map = g_settings_get_value (self->settings, "thresholds");
  const char *nick = order_types[type].nick;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  guint w, l;
  gboolean found = FALSE;

  /* every other type, and any type this version does not know, stays as it was */
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{s(uu)}"));
  g_variant_iter_init (&iter, map);
  while (g_variant_iter_next (&iter, "{&s(uu)}", &key, &w, &l))
    {
      if (g_str_equal (key, nick))
        {
          if (found)
            continue;   /* a duplicate written by another tool */
          w = warning;
          l = late;
          found = TRUE;
        }
      g_variant_builder_add (&builder, "{s(uu)}", key, w, l);
    }
  if (!found)
    g_variant_builder_add (&builder, "{s(uu)}", nick, warning, late);

  g_debug ("Thresholds of %s: %u and %u min", nick, warning, late);
  g_settings_set_value (self->settings, "thresholds", g_variant_builder_end (&builder));
}

static void
threshold_changed_cb (GtkSpinButton           *spin,
                      GalleyPreferencesWindow *self)
{
  guint type = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (spin), "galley-order-type"));
  guint warning, late;

  if (self->loading > 0 || self->settings == NULL)
    return;

  warning = gtk_spin_button_get_value_as_int (self->warning_spins[type]);
  late = gtk_spin_button_get_value_as_int (self->late_spins[type]);

  if (late < warning)
    {
      g_autofree char *message = NULL;

      late = warning;
      self->loading++;
      gtk_spin_button_set_value (self->late_spins[type], late);
      self->loading--;

      message = g_strdup_printf (_("A ticket is late only after it has been running late, so "
                                   "%s tickets are now late after %u min."),
                                 order_type_label (type), late);
      _galley_preferences_window_show_toast (self, message);
    }

  write_threshold (self, type, warning, late);
}

static GtkSpinButton *
add_minutes_row (GalleyPreferencesWindow *self,
                 AdwExpanderRow          *expander,
                 guint                    type,
                 const char              *which,
                 const char              *title,
                 const char              *accessible_label)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (1, THRESHOLD_MAX_MIN, 1);
  GtkWidget *unit = gtk_label_new (C_("minutes", "min"));
  g_autofree char *name = g_strdup_printf ("threshold-%s-%s", which, order_types[type].nick);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  gtk_widget_set_name (spin, name);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  g_object_set_data (G_OBJECT (spin), "galley-order-type", GUINT_TO_POINTER (type));
  g_signal_connect (spin, "value-changed", G_CALLBACK (threshold_changed_cb), self);
  gtk_widget_add_css_class (unit, "dim-label");

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), unit);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_expander_row_add_row (expander, row);

  return GTK_SPIN_BUTTON (spin);
}

static void
add_threshold_rows (GalleyPreferencesWindow *self)
{
  for (guint i = 0; i < GALLEY_N_ORDER_TYPES; i++)
    {
      AdwExpanderRow *row = ADW_EXPANDER_ROW (adw_expander_row_new ());
      const char *label = order_type_label (i);
      g_autofree char *name = g_strdup_printf ("threshold-%s", order_types[i].nick);
      g_autofree char *warning_label = g_strdup_printf (_("%s: minutes until running late"),
                                                        label);
      g_autofree char *late_label = g_strdup_printf (_("%s: minutes until late"), label);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_set_name (GTK_WIDGET (row), name);

      self->threshold_rows[i] = row;
      self->warning_spins[i] = add_minutes_row (self, row, i, "warning",
                                                _("Running late after"), warning_label);
      self->late_spins[i] = add_minutes_row (self, row, i, "late",
                                             _("Late after"), late_label);
      adw_preferences_group_add (self->timing_group, GTK_WIDGET (row));
    }
}

/* ------------------------------------------------------------------ satellite entry points */

void
_galley_preferences_window_timing_changed (GalleyPreferencesWindow *self,
                                           const char              *key)
{
  if (g_strcmp0 (key, "thresholds") == 0)
    load_thresholds (self);
}

void
_galley_preferences_window_timing_dispose (GalleyPreferencesWindow *self)
{
  /* the rows belong to the widget tree, which the template disposal takes down */
  for (guint i = 0; i < GALLEY_N_ORDER_TYPES; i++)
    {
      self->threshold_rows[i] = NULL;
      self->warning_spins[i] = NULL;
      self->late_spins[i] = NULL;
    }
}

void
_galley_preferences_window_timing_init (GalleyPreferencesWindow *self)
{
  add_threshold_rows (self);
  load_thresholds (self);
}
