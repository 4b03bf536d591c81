/* galley-preferences-kitchen.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Kitchen page of the preferences window (spec K-12, K-13, K-18, K-22): this screen's
 * station, layout and tickets per page; the station list and the station that prepares each
 * menu category; sound; large text and high contrast. Its timing thresholds are in
 * galley-preferences-timing.c, its bump-bar keys in galley-preferences-bump-keys.c.
 *
 * Simple keys are bound with g_settings_bind(); the station choosers, the thresholds and the
 * routing rows are filled from the settings' "changed" signal, with self->loading raised so
 * that filling a row is never taken for a choice made by the cook.
 */
#define G_LOG_DOMAIN "galley-preferences-kitchen"

#include <glib/gi18n.h>
#include <string.h>

#include "app/galley-preferences-window-private.h"
#include "util/galley-validate.h"

/* "cold-line" → "Cold-line"; with @spaces, a category slug "hot-drinks" → "Hot drinks". */
static char *
label_from_id (const char *id,
               gboolean    spaces)
{
  GString *label = g_string_new (NULL);

  for (const char *p = id; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (spaces && (c == '-' || c == '_'))
        c = ' ';
      if (p == id)
        c = g_unichar_totitle (c);
      g_string_append_unichar (label, c);
    }

  return g_string_free (label, FALSE);
}

/* ------------------------------------------------------------------ station choosers */

/* The stations setting, without any value the Stations row would refuse. */
static GStrv
dup_stations (GalleyPreferencesWindow *self)
{
  g_auto(GStrv) stations = g_settings_get_strv (self->settings, "stations");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();

  for (guint i = 0; stations[i] != NULL; i++)
    {
      g_auto(GStrv) one = NULL;

      /* NULL error: a bad entry written by another tool is skipped, not shown as an error
       * of this window; the debug line says which */
      if (strchr (stations[i], ',') != NULL ||
          !galley_validate_station_list (stations[i], &one, NULL) ||
          g_strcmp0 (one[0], stations[i]) != 0 ||
          g_ptr_array_find_with_equal_func (seen, stations[i], g_str_equal, NULL) ||
          seen->len == GALLEY_STATIONS_MAX)
        {
          g_debug ("Station “%s” in the settings is not offered", stations[i]);
          continue;
        }

      g_ptr_array_add (seen, stations[i]);
      g_strv_builder_add (builder, stations[i]);
    }

  return g_strv_builder_end (builder);
}

/* TRUE when @ids is @base, or @base and one more id. */
static gboolean
ids_extend (char       **ids,
            char       **base)
{
  guint n = g_strv_length (base);
  guint n_ids = g_strv_length (ids);

  if (n_ids < n || n_ids > n + 1)
    return FALSE;

  for (guint i = 0; i < n; i++)
    if (!g_str_equal (ids[i], base[i]))
      return FALSE;

  return TRUE;
}

/* Fills a station chooser: @first_id (labelled @first_label), then each station, then
 * @current if it is none of these, so a value set elsewhere is shown rather than changed.
 *
 * The chooser keeps its model unless the station list changed or @current is not in it: the
 * rows write their settings from their own notify::selected, and replacing the model then
 * would free the GtkSingleSelection in the middle of its set_selected(). So a value chosen
 * away from stays offered ("Expo (not in the station list)") until the list changes. */
static void
set_choices (GalleyPreferencesWindow *self,
             AdwComboRow             *row,
             const char              *first_id,
             const char              *first_label,
             const char              *current)
{
  g_auto(GStrv) stations = dup_stations (self);
  g_autoptr(GStrvBuilder) ids_builder = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels_builder = g_strv_builder_new ();
  g_auto(GStrv) base = NULL;
  char **ids = g_object_get_data (G_OBJECT (row), "galley-ids");
  guint selected = 0;

  g_strv_builder_add (ids_builder, first_id);
  g_strv_builder_add (labels_builder, first_label);
  for (guint i = 0; stations[i] != NULL; i++)
    {
      g_autofree char *label = label_from_id (stations[i], FALSE);

      g_strv_builder_add (ids_builder, stations[i]);
      g_strv_builder_add (labels_builder, label);
    }

  self->loading++;

  base = g_strv_builder_end (ids_builder);
  if (ids == NULL || !ids_extend (ids, base) ||
      !g_strv_contains ((const char * const *) ids, current))
    {
      g_autoptr(GtkStringList) model = NULL;
      g_auto(GStrv) labels = NULL;

      g_strv_builder_addv (ids_builder, (const char **) base);
      if (!g_strv_contains ((const char * const *) base, current))
        {
          g_autofree char *name = label_from_id (current, FALSE);
          g_autofree char *label = g_strdup_printf (_("%s (not in the station list)"), name);

          g_strv_builder_add (ids_builder, current);
          g_strv_builder_add (labels_builder, label);
        }
      labels = g_strv_builder_end (labels_builder);
      model = gtk_string_list_new ((const char * const *) labels);
      adw_combo_row_set_model (row, G_LIST_MODEL (model));
      ids = g_strv_builder_end (ids_builder);
      g_object_set_data_full (G_OBJECT (row), "galley-ids", ids, (GDestroyNotify) g_strfreev);
    }

  for (guint i = 0; ids[i] != NULL; i++)
    if (g_str_equal (ids[i], current))
      selected = i;
  adw_combo_row_set_selected (row, selected);

  self->loading--;
}

/* Returns: (nullable): the id of the chooser's selected item */
static const char *
selected_id (AdwComboRow *row)
{
  char **ids = g_object_get_data (G_OBJECT (row), "galley-ids");
  guint selected = adw_combo_row_get_selected (row);

  if (ids == NULL || selected == GTK_INVALID_LIST_POSITION || selected >= g_strv_length (ids))
    return NULL;

  return ids[selected];
}

static void
load_station (GalleyPreferencesWindow *self)
{
  g_autofree char *station = g_settings_get_string (self->settings, "station");

  set_choices (self, self->station_row, "all", _("All Stations"), station);
}

static void
station_selected_cb (GalleyPreferencesWindow *self,
                     GParamSpec              *pspec,
                     AdwComboRow             *row)
{
  g_autofree char *current = NULL;
  g_autofree char *station = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  if (self->loading > 0 || self->settings == NULL || (id = selected_id (row)) == NULL)
    return;

  current = g_settings_get_string (self->settings, "station");
  if (g_strcmp0 (current, id) == 0)
    return;

  /* the one place the station is set: it stays what --station would accept */
  if (!galley_validate_station (id, &station, &error))
    {
      g_debug ("Not saving station %s: %s", id, error->message);
      _galley_preferences_window_show_toast (self, error->message);
      load_station (self);
      return;
    }

  g_debug ("Station: %s", station);
  g_settings_set_string (self->settings, "station", station);
}

/* ------------------------------------------------------------------ tickets per page */

static gboolean
cards_output_cb (GalleyPreferencesWindow *self,
                 GtkSpinButton           *spin)
{
  if (gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin)) >= 0.5)
    return FALSE;   /* a number, shown as usual */

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), _("Automatic")) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), _("Automatic"));

  return TRUE;
}

static int
cards_input_cb (GalleyPreferencesWindow *self,
                double                  *new_value,
                GtkSpinButton           *spin)
{
  g_autofree char *typed = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (spin)), -1);
  g_autofree char *automatic = g_utf8_casefold (_("Automatic"), -1);

  if (g_strcmp0 (g_strstrip (typed), automatic) != 0)
    return FALSE;   /* a number: GTK parses it */

  *new_value = 0;

  return TRUE;
}


static void
load_stations_row (GalleyPreferencesWindow *self)
{
  g_auto(GStrv) stations = g_settings_get_strv (self->settings, "stations");
  g_autofree char *text = g_strjoinv (", ", stations);

  gtk_editable_set_text (GTK_EDITABLE (self->stations_row), text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->stations_row), "error");
}

static void
stations_apply_cb (GalleyPreferencesWindow *self,
                   AdwEntryRow             *row)
{
  g_auto(GStrv) stations = NULL;
  g_autoptr(GError) error = NULL;

  if (!galley_validate_station_list (gtk_editable_get_text (GTK_EDITABLE (row)), &stations,
                                     &error))
    {
      g_debug ("Not saving stations: %s", error->message);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      _galley_preferences_window_show_toast (self, error->message);
      return;
    }

  g_settings_set_strv (self->settings, "stations", (const char * const *) stations);
  load_stations_row (self);   /* normalised: lower case, ", " between stations */
}

static void
write_route (GalleyPreferencesWindow *self,
             const char              *category,
             const char              *station)
{
  g_autoptr(GVariant) map = g_settings_get_value (self->settings, "station-categories");
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key, *value;
  gboolean found = FALSE;
  gboolean changed = FALSE;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, map);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    {
      if (g_str_equal (key, category))
        {
          if (station == NULL || found)
            {
              changed = TRUE;   /* "Not Routed" removes the key */
              continue;
            }
          found = TRUE;
          changed |= !g_str_equal (value, station);
          value = station;
        }
      g_variant_builder_add (&builder, "{ss}", key, value);
    }
  if (!found && station != NULL)
    {
      g_variant_builder_add (&builder, "{ss}", category, station);
      changed = TRUE;
    }

  if (!changed)
    {
      g_variant_builder_clear (&builder);
      return;
    }

  g_debug ("Category %s: %s", category, station != NULL ? station : "not routed");
  g_settings_set_value (self->settings, "station-categories", g_variant_builder_end (&builder));
}

static void
route_selected_cb (AdwComboRow             *row,
                   GParamSpec              *pspec,
                   GalleyPreferencesWindow *self)
{
  const char *station;

  if (self->loading > 0 || self->settings == NULL || (station = selected_id (row)) == NULL)
    return;

  write_route (self, g_object_get_data (G_OBJECT (row), "galley-category"),
               *station != '\0' ? station : NULL);
}

static void
add_category (GalleyPreferencesWindow *self,
              const char              *slug)
{
  GtkWidget *row;
  g_autofree char *label = NULL;
  g_autofree char *name = NULL;

  if (g_ptr_array_find_with_equal_func (self->categories, slug, g_str_equal, NULL))
    return;

  label = label_from_id (slug, TRUE);
  name = g_strdup_printf ("route-%s", slug);
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);   /* server text: */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);   /* never markup */
  gtk_widget_set_name (row, name);
  g_object_set_data_full (G_OBJECT (row), "galley-category", g_strdup (slug), g_free);
  g_signal_connect (row, "notify::selected", G_CALLBACK (route_selected_cb), self);

  g_ptr_array_add (self->categories, g_strdup (slug));
  g_ptr_array_add (self->route_rows, row);
  adw_preferences_group_add (self->routing_group, row);
}

/* Adds a row for each category the setting routes, then shows each row's station. */
static void
sync_categories (GalleyPreferencesWindow *self)
{
  g_autoptr(GVariant) map = g_settings_get_value (self->settings, "station-categories");
  GVariantIter iter;
  const char *key, *value;

  g_variant_iter_init (&iter, map);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (*key != '\0')
      add_category (self, key);

  for (guint i = 0; i < self->route_rows->len; i++)
    {
      AdwComboRow *row = g_ptr_array_index (self->route_rows, i);
      const char *station = NULL;

      g_variant_lookup (map, g_ptr_array_index (self->categories, i), "&s", &station);
      set_choices (self, row, "", _("Not Routed"), station != NULL ? station : "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   station != NULL ? ""
                                                   : _("Goes to expo, marked “Unrouted”"));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->no_categories_row), self->categories->len == 0);
}

/* ------------------------------------------------------------------ sound */

static char *
volume_format_cb (GtkScale *scale,
                  double    value,
                  gpointer  user_data)
{
  return g_strdup_printf (C_("volume", "%d %%"), (int) (value + 0.5));
}

static gboolean
volume_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_double (value, (int) (g_variant_get_double (variant) * 100 + 0.5));

  return TRUE;
}

static GVariant *
volume_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  return g_variant_new_double (CLAMP (g_value_get_double (value) / 100.0, 0.0, 1.0));
}

static void
muted_changed_cb (GalleyPreferencesWindow *self,
                  GParamSpec              *pspec,
                  GtkSwitch               *muted)
{
  if (self->muted_row != NULL)
    adw_action_row_set_subtitle (self->muted_row, gtk_switch_get_active (muted) ? _("Muted") : "");
}

/* ------------------------------------------------------------------ layout */

static gboolean
layout_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_uint (value, g_strcmp0 (g_variant_get_string (variant, NULL), "list") == 0);

  return TRUE;
}

static GVariant *
layout_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "list" : "grid");
}

/* ------------------------------------------------------------------ satellite entry points */

void
_galley_preferences_window_kitchen_changed (GalleyPreferencesWindow *self,
                                            const char              *key)
{
  if (g_strcmp0 (key, "station") == 0)
    load_station (self);
  else if (g_strcmp0 (key, "stations") == 0)
    {
      load_stations_row (self);
      load_station (self);
      sync_categories (self);
    }
  else if (g_strcmp0 (key, "station-categories") == 0)
    sync_categories (self);
  else
    _galley_preferences_window_timing_changed (self, key);
}

void
_galley_preferences_window_kitchen_set_categories (GalleyPreferencesWindow *self,
                                                   const char * const      *slugs)
{
  for (guint i = 0; slugs != NULL && slugs[i] != NULL; i++)
    {
      if (*slugs[i] == '\0' || strlen (slugs[i]) > 64 || !g_utf8_validate (slugs[i], -1, NULL))
        {
          g_debug ("Category slug not shown: not 1 to 64 bytes of UTF-8");
          continue;
        }
      add_category (self, slugs[i]);
    }

  if (self->settings != NULL)
    sync_categories (self);
}

void
_galley_preferences_window_kitchen_dispose (GalleyPreferencesWindow *self)
{
  /* bindings hold the settings and are connected to them */
  if (self->layout_row != NULL)
    {
      g_settings_unbind (self->layout_row, "selected");
      g_settings_unbind (self->layout_row, "sensitive");
    }
  if (self->cards_spin != NULL)
    {
      g_settings_unbind (self->cards_spin, "value");
      g_settings_unbind (self->cards_spin, "sensitive");
    }
  if (self->volume_adjustment != NULL)
    g_settings_unbind (self->volume_adjustment, "value");
  if (self->muted_switch != NULL)
    {
      g_settings_unbind (self->muted_switch, "active");
      g_settings_unbind (self->muted_switch, "sensitive");
    }
  if (self->large_text_switch != NULL)
    {
      g_settings_unbind (self->large_text_switch, "active");
      g_settings_unbind (self->large_text_switch, "sensitive");
    }
  if (self->high_contrast_switch != NULL)
    {
      g_settings_unbind (self->high_contrast_switch, "active");
      g_settings_unbind (self->high_contrast_switch, "sensitive");
    }

  /* rows made in code belong to the widget tree, which the template disposal takes down */
  g_ptr_array_set_size (self->route_rows, 0);
  _galley_preferences_window_timing_dispose (self);
}

void
_galley_preferences_window_kitchen_init (GalleyPreferencesWindow *self)
{
  gtk_scale_set_format_value_func (self->volume_scale, volume_format_cb, NULL, NULL);
  _galley_preferences_window_timing_init (self);

  g_settings_bind_with_mapping (self->settings, "board-layout", self->layout_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, layout_get_mapping, layout_set_mapping,
                                NULL, NULL);
  g_settings_bind (self->settings, "cards-per-page", self->cards_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "sound-volume", self->volume_adjustment, "value",
                                G_SETTINGS_BIND_DEFAULT, volume_get_mapping, volume_set_mapping,
                                NULL, NULL);
  g_settings_bind (self->settings, "sound-muted", self->muted_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "large-text", self->large_text_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "high-contrast", self->high_contrast_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  load_station (self);
  load_stations_row (self);
  sync_categories (self);
}

void
_galley_preferences_window_class_kitchen_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, station_row);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, layout_row);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, cards_spin);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, timing_group);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, stations_row);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, routing_group);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow,
                                        no_categories_row);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow,
                                        volume_adjustment);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, volume_scale);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, muted_row);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, muted_switch);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow,
                                        large_text_switch);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow,
                                        high_contrast_switch);
  gtk_widget_class_bind_template_callback (widget_class, station_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, cards_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, cards_input_cb);
  gtk_widget_class_bind_template_callback (widget_class, stations_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, muted_changed_cb);
}
