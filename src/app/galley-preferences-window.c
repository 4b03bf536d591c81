/* galley-preferences-window.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences: the General page (the restaurant server, the restaurant, the style) and the
 * Kitchen page (galley-preferences-kitchen.c, with its thresholds in
 * galley-preferences-timing.c and its bump-bar keys in galley-preferences-bump-keys.c). Values
 * are checked before they are saved; a wrong one is explained in a toast and kept in the field
 * so it can be corrected. Every row follows the settings, so a change made elsewhere (another
 * window, gsettings) shows at once.
 */
#define G_LOG_DOMAIN "galley-preferences-window"

#include <glib/gi18n.h>

#include "app/galley-preferences-window-private.h"
#include "util/galley-validate.h"

G_DEFINE_FINAL_TYPE (GalleyPreferencesWindow, galley_preferences_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef gboolean (*Validator) (const char *text, char **normalized, GError **error);

/* A toast on screen for less than this takes a newer message in place of being replaced. */
#define TOAST_REPLACE_AFTER_US (G_USEC_PER_SEC)

static void
toast_dismissed_cb (GalleyPreferencesWindow *self,
                    AdwToast                *toast)
{
  if (toast == self->toast)
    g_clear_object (&self->toast);   /* the overlay holds its own reference until it is gone */
}

/* A newer explanation replaces the one on screen rather than queueing behind it.
 *
 * A toast only just shown keeps its place and takes the new text: libadwaita 1.2 frees a toast
 * twice when it is dismissed in the frame its show animation ends (two refusals in a row, as
 * from keys pressed quickly on the bump bar), and the new text then reads at once. */
void
_galley_preferences_window_show_toast (GalleyPreferencesWindow *self,
                                       const char              *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);   /* toast titles are markup */
  AdwToast *toast;

  if (self->toast_overlay == NULL)
    return;

  if (self->toast != NULL &&
      g_get_monotonic_time () - self->toast_shown_at < TOAST_REPLACE_AFTER_US)
    {
      adw_toast_set_title (self->toast, escaped);
      return;
    }

  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);   /* clears self->toast */
  g_clear_object (&self->toast);

  toast = adw_toast_new (escaped);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  self->toast = g_object_ref (toast);
  self->toast_shown_at = g_get_monotonic_time ();
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
apply_row (GalleyPreferencesWindow *self,
           AdwEntryRow             *row,
           const char              *key,
           Validator                validate)
{
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;

  if (!validate (gtk_editable_get_text (GTK_EDITABLE (row)), &value, &error))
    {
      g_debug ("Not saving %s: %s", key, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      _galley_preferences_window_show_toast (self, error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_settings_set_string (self->settings, key, value);
  gtk_editable_set_text (GTK_EDITABLE (row), value);
}

static void
server_apply_cb (GalleyPreferencesWindow *self,
                 AdwEntryRow             *row)
{
  apply_row (self, row, "server-url", galley_validate_server_url);
}

static void
restaurant_apply_cb (GalleyPreferencesWindow *self,
                     AdwEntryRow             *row)
{
  apply_row (self, row, "restaurant-id", galley_validate_restaurant_id);
}

static void
load_row (GalleyPreferencesWindow *self,
          AdwEntryRow             *row,
          const char              *key)
{
  g_autofree char *value = g_settings_get_string (self->settings, key);

  gtk_editable_set_text (GTK_EDITABLE (row), value);
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
settings_changed_cb (GalleyPreferencesWindow *self,
                     const char              *key,
                     GSettings               *settings)
{
  /* connected with g_signal_connect_object: may still run while the window is disposed */
  if (self->settings == NULL)
    return;

  if (g_strcmp0 (key, "server-url") == 0)
    load_row (self, self->server_row, key);
  else if (g_strcmp0 (key, "restaurant-id") == 0)
    load_row (self, self->restaurant_row, key);
  else if (g_strcmp0 (key, "bump-keys") == 0)
    _galley_preferences_window_bump_keys_changed (self, key);
  else
    _galley_preferences_window_kitchen_changed (self, key);
  _galley_preferences_window_voice_changed (self, key);
}

static gboolean
theme_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  g_value_set_uint (value, g_strcmp0 (nick, "light") == 0 ? 1
                           : g_strcmp0 (nick, "dark") == 0 ? 2 : 0);

  return TRUE;
}

static GVariant *
theme_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  static const char * const nicks[] = { "system", "light", "dark" };
  guint selected = g_value_get_uint (value);

  return g_variant_new_string (nicks[selected < G_N_ELEMENTS (nicks) ? selected : 0]);
}

static void
galley_preferences_window_constructed (GObject *object)
{
  GalleyPreferencesWindow *self = GALLEY_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (galley_preferences_window_parent_class)->constructed (object);

  g_assert (self->settings != NULL);

  load_row (self, self->server_row, "server-url");
  load_row (self, self->restaurant_row, "restaurant-id");
  self->settings_changed_id = g_signal_connect_object (self->settings, "changed",
                                                       G_CALLBACK (settings_changed_cb), self,
                                                       G_CONNECT_SWAPPED);
  g_settings_bind_with_mapping (self->settings, "theme", self->theme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, theme_get_mapping, theme_set_mapping,
                                NULL, NULL);

  _galley_preferences_window_kitchen_init (self);
  _galley_preferences_window_voice_init (self);
  _galley_preferences_window_bump_keys_init (self);
}

static void
galley_preferences_window_dispose (GObject *object)
{
  GalleyPreferencesWindow *self = GALLEY_PREFERENCES_WINDOW (object);

  /* 2. handlers and bindings on the settings, which outlive this window */
  g_clear_signal_handler (&self->settings_changed_id, self->settings);
  if (self->theme_row != NULL)
    {
      g_settings_unbind (self->theme_row, "selected");
      g_settings_unbind (self->theme_row, "sensitive");   /* the lock-down binding */
    }
  _galley_preferences_window_bump_keys_dispose (self);
  _galley_preferences_window_voice_dispose (self);
  _galley_preferences_window_kitchen_dispose (self);

  /* 5. references */
  g_clear_object (&self->settings);
  g_clear_object (&self->toast);

  /* 6. template */
  gtk_widget_dispose_template (GTK_WIDGET (self), GALLEY_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (galley_preferences_window_parent_class)->dispose (object);
}

static void
galley_preferences_window_finalize (GObject *object)
{
  GalleyPreferencesWindow *self = GALLEY_PREFERENCES_WINDOW (object);

  g_assert (self->settings_changed_id == 0);
  g_assert (self->settings == NULL);
  g_assert (self->toast == NULL);
  g_assert (self->route_rows->len == 0);

  g_ptr_array_unref (self->route_rows);
  g_ptr_array_unref (self->categories);

  G_OBJECT_CLASS (galley_preferences_window_parent_class)->finalize (object);
}

static void
galley_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  GalleyPreferencesWindow *self = GALLEY_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  GalleyPreferencesWindow *self = GALLEY_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_preferences_window_class_init (GalleyPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = galley_preferences_window_constructed;
  object_class->dispose = galley_preferences_window_dispose;
  object_class->finalize = galley_preferences_window_finalize;
  object_class->get_property = galley_preferences_window_get_property;
  object_class->set_property = galley_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/galleypos/Galley/app/galley-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, restaurant_row);
  gtk_widget_class_bind_template_child (widget_class, GalleyPreferencesWindow, theme_row);
  gtk_widget_class_bind_template_callback (widget_class, server_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, restaurant_apply_cb);

  _galley_preferences_window_class_kitchen_init (widget_class);
  _galley_preferences_window_class_voice_init (widget_class);
  _galley_preferences_window_class_bump_keys_init (widget_class);
}

static void
galley_preferences_window_init (GalleyPreferencesWindow *self)
{
  self->categories = g_ptr_array_new_with_free_func (g_free);
  self->route_rows = g_ptr_array_new ();
  self->capture_index = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * galley_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer none): a new preferences window, owned by GTK's window list
 */
GalleyPreferencesWindow *
galley_preferences_window_new (GtkWindow *parent,
                               GSettings *settings)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (GALLEY_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "settings", settings,
                       NULL);
}

/**
 * galley_preferences_window_set_categories:
 * @slugs: (nullable) (array zero-terminated=1): menu category slugs, such as "burgers"
 *
 * Offers a routing row for each of @slugs besides the categories already in the
 * station-categories setting, so a category the menu has but no station prepares yet can be
 * routed. A category shown once keeps its row while the window is open, so choosing
 * "Not Routed" does not make it disappear.
 */
void
galley_preferences_window_set_categories (GalleyPreferencesWindow *self,
                                          const char * const      *slugs)
{
  g_return_if_fail (GALLEY_IS_PREFERENCES_WINDOW (self));

  _galley_preferences_window_kitchen_set_categories (self, slugs);
}
