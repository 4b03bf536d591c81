/* galley-window.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: a header bar with a view switcher over Kitchen, Expo, Counter and
 * Diagnostics, a toast overlay for transient errors, and the window's size remembered in
 * settings.
 */
#define G_LOG_DOMAIN "galley-window"

#include "config.h"

#include <glib/gi18n.h>

#include "app/galley-help-overlay.h"
#include "app/galley-sign-in-dialog.h"
#include "app/galley-window.h"
#include "counter/galley-counter-view.h"
#include "diag/galley-diagnostics-view.h"
#include "core/galley-roles.h"
#include "kitchen/galley-kitchen-view.h"

struct _GalleyWindow
{
  AdwApplicationWindow   parent_instance;

  GalleyServices        *services;
  GSignalGroup          *settings_signals;
  GSignalGroup          *style_signals;

  /* template */
  AdwHeaderBar          *header_bar;
  AdwViewSwitcherTitle  *switcher_title;
  AdwToastOverlay       *toast_overlay;
  AdwViewStack          *stack;
  AdwViewSwitcherBar    *switcher_bar;
  GalleyDiagnosticsView *diagnostics_view;
  AdwBin                *kitchen_bin;
  AdwBin                *expo_bin;
  AdwBin                *counter_bin;
};

G_DEFINE_FINAL_TYPE (GalleyWindow, galley_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SERVICES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const view_names[] = { "kitchen", "expo", "counter", "diagnostics" };

static gboolean
is_view_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
    if (g_strcmp0 (view_names[i], name) == 0)
      return TRUE;

  return FALSE;
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  galley_window_show_view (GALLEY_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_error_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  galley_window_show_toast (GALLEY_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  GalleyWindow *self = GALLEY_WINDOW (widget);

  if (self->services == NULL)
    return;

  gtk_window_present (GTK_WINDOW (galley_sign_in_dialog_new (GTK_WINDOW (self), self->services)));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GalleyWindow *self = GALLEY_WINDOW (widget);

  if (self->services == NULL)
    return;

  galley_services_sign_out (self->services);
  galley_window_show_toast (self, _("Signed out. Sign in again to see new orders."));
}

static void ensure_view (GalleyWindow *self);

/* Sign Out only while someone is signed in; each screen as the new role allows. */
static void
signed_in_changed_cb (GalleyWindow *self)
{
  if (self->services != NULL)
    ensure_view (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out",
                                 self->services != NULL &&
                                 galley_services_get_signed_in_role (self->services) != NULL);
}

static void
restore_state (GalleyWindow *self)
{
  GSettings *settings = galley_services_get_settings (self->services);
  g_autofree char *view = g_settings_get_string (settings, "last-view");

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (is_view_name (view))
    adw_view_stack_set_visible_child_name (self->stack, view);
}

static void
save_state (GalleyWindow *self)
{
  GSettings *settings;
  int width = 0, height = 0;

  if (self->services == NULL)
    return;

  settings = galley_services_get_settings (self->services);
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
  g_settings_set_boolean (settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_set_string (settings, "last-view", galley_window_get_visible_view (self));
  g_settings_apply (settings);
}

static gboolean
galley_window_close_request (GtkWindow *window)
{
  save_state (GALLEY_WINDOW (window));

  return GTK_WINDOW_CLASS (galley_window_parent_class)->close_request (window);
}

/* The Kitchen, Expo and Counter views are made when first shown: a terminal that only ever
 * shows one of them keeps one board, or no cart. */
/* What a screen shows to a role that may not use it (order protocol §3.10): who is signed
 * in, who may use it, and a way to sign in as someone else. */
static GtkWidget *
role_gate_new (GalleyWindow *self,
               GalleyScreen  screen)
{
  g_autofree char *who =
    galley_role_dup_display_name (galley_services_get_signed_in_role (self->services));
  g_autofree char *description = NULL;
  GtkWidget *page = adw_status_page_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Sign In as Someone Else…"));

  switch (screen)
    {
    case GALLEY_SCREEN_COUNTER:
      /* TRANSLATORS: %s is a role such as "kitchen staff" */
      description = g_strdup_printf (_("Signed in as %s. The counter is for servers, cashiers "
                                       "and managers."), who);
      break;
    case GALLEY_SCREEN_KITCHEN:
    case GALLEY_SCREEN_EXPO:
    default:
      /* TRANSLATORS: %s is a role such as "cashier" */
      description = g_strdup_printf (_("Signed in as %s. The kitchen screens are for kitchen "
                                       "staff, expo and managers."), who);
      break;
    }

  gtk_widget_set_name (page, "role-gate");
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "system-lock-screen-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("Not for This Sign-In"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page), description);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.sign-in");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  adw_status_page_set_child (ADW_STATUS_PAGE (page), button);

  return page;
}

static gboolean
is_gate (GtkWidget *child)
{
  return child != NULL && g_strcmp0 (gtk_widget_get_name (child), "role-gate") == 0;
}

static GtkWidget *
screen_view_new (GalleyWindow *self,
                 GalleyScreen  screen)
{
  switch (screen)
    {
    case GALLEY_SCREEN_COUNTER:
      return galley_counter_view_new (self->services);
    case GALLEY_SCREEN_EXPO:
      return galley_kitchen_view_new (self->services, TRUE);
    case GALLEY_SCREEN_KITCHEN:
    default:
      return galley_kitchen_view_new (self->services, FALSE);
    }
}

/* Puts the view or the role gate in @bin as the signed-in role allows. With @make, an empty
 * bin gets its content (the visible page); without, only a wrong content is changed: a view
 * the role may not use is replaced (and so destroyed), a gate that no longer applies goes. */
static void
fill_screen (GalleyWindow *self,
             AdwBin       *bin,
             GalleyScreen  screen,
             gboolean      make)
{
  GtkWidget *child = adw_bin_get_child (bin);
  gboolean allowed = galley_role_may_use (galley_services_get_signed_in_role (self->services),
                                          screen);

  if (child == NULL && !make)
    return;

  /* a view about to go lets go of the keyboard first: GTK 4.8 keeps a widget that is
   * removed while it has the focus alive */
  if (child != NULL && (!allowed || is_gate (child)))
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

      if (focus != NULL && (focus == child || gtk_widget_is_ancestor (focus, child)))
        gtk_root_set_focus (GTK_ROOT (self), NULL);
    }

  if (allowed && (child == NULL || is_gate (child)))
    adw_bin_set_child (bin, make ? screen_view_new (self, screen) : NULL);
  else if (!allowed)
    adw_bin_set_child (bin, role_gate_new (self, screen));   /* a new gate: the role's words */
}

/* The keyboard starts in the visible view, not in the header bar: a bump bar is a keyboard,
 * and its keys (Return bumps, arrows select) must reach the board without a Tab first, not
 * press the view switcher's buttons (K-17). When the window is shown and when the view
 * changes; a focus already in the visible view stays where the cook or cashier put it. A view
 * that takes the focus itself (the Kitchen and Expo board) gets it; another view its first
 * control. */
static void
focus_visible_view (GalleyWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *page = adw_view_stack_get_visible_child (self->stack);
  GtkWidget *view = ADW_IS_BIN (page) ? adw_bin_get_child (ADW_BIN (page)) : page;

  if (view == NULL || !gtk_widget_get_mapped (view))
    return;
  if (focus != NULL && (focus == page || gtk_widget_is_ancestor (focus, page)))
    return;

  if (gtk_widget_get_focusable (view))
    gtk_widget_grab_focus (view);
  else
    gtk_widget_child_focus (view, GTK_DIR_TAB_FORWARD);
}

static void
ensure_view (GalleyWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);

  if (self->services == NULL)
    return;

  fill_screen (self, self->kitchen_bin, GALLEY_SCREEN_KITCHEN, g_strcmp0 (name, "kitchen") == 0);
  fill_screen (self, self->expo_bin, GALLEY_SCREEN_EXPO, g_strcmp0 (name, "expo") == 0);
  fill_screen (self, self->counter_bin, GALLEY_SCREEN_COUNTER, g_strcmp0 (name, "counter") == 0);
  focus_visible_view (self);
}

static void
galley_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (galley_window_parent_class)->map (widget);

  focus_visible_view (GALLEY_WINDOW (widget));
}

static void
update_style_classes (GalleyWindow *self)
{
  GSettings *settings = self->services != NULL ? galley_services_get_settings (self->services) : NULL;
  gboolean large = settings != NULL && g_settings_get_boolean (settings, "large-text");
  gboolean contrast = (settings != NULL && g_settings_get_boolean (settings, "high-contrast")) ||
                      adw_style_manager_get_high_contrast (adw_style_manager_get_default ());

  if (large)
    gtk_widget_add_css_class (GTK_WIDGET (self), "large-text");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "large-text");

  if (contrast)
    gtk_widget_add_css_class (GTK_WIDGET (self), "high-contrast");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "high-contrast");
}

/* the shortcuts window shows the bump-bar keys the cook has chosen */
static void
update_help_overlay (GalleyWindow *self)
{
  GtkShortcutsWindow *overlay =
    gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self));
  g_autoptr(GVariant) keys = NULL;

  if (overlay == NULL || self->services == NULL)
    return;

  keys = g_settings_get_value (galley_services_get_settings (self->services), "bump-keys");
  galley_help_overlay_apply_keys (GTK_WIDGET (overlay), keys);
}

static void
settings_changed_cb (GalleyWindow *self,
                     const char   *key)
{
  if (g_strcmp0 (key, "large-text") == 0 || g_strcmp0 (key, "high-contrast") == 0)
    update_style_classes (self);
  else if (g_strcmp0 (key, "bump-keys") == 0)
    update_help_overlay (self);
}

/* A change the server refused is told to the person, never dropped silently (R-OUT-3). */
static void
outbox_conflict_cb (GalleyWindow *self,
                    const char   *order_id,
                    const char   *message,
                    GalleyOutbox *outbox)
{
  galley_window_show_toast (self, message);
}

static void
galley_window_constructed (GObject *object)
{
  GalleyWindow *self = GALLEY_WINDOW (object);
  GalleyOutbox *outbox;

  G_OBJECT_CLASS (galley_window_parent_class)->constructed (object);

  galley_diagnostics_view_set_services (self->diagnostics_view, self->services);

  if (self->services != NULL)
    {
      g_signal_group_set_target (self->settings_signals,
                                 galley_services_get_settings (self->services));
      g_signal_group_set_target (self->style_signals, adw_style_manager_get_default ());
      update_style_classes (self);
      update_help_overlay (self);
      restore_state (self);
      ensure_view (self);
      g_signal_connect_object (self->services, "notify::signed-in-role",
                               G_CALLBACK (signed_in_changed_cb), self, G_CONNECT_SWAPPED);
      outbox = galley_services_get_outbox (self->services);
      if (outbox != NULL)
        g_signal_connect_object (outbox, "conflict", G_CALLBACK (outbox_conflict_cb), self,
                                 G_CONNECT_SWAPPED);
    }

  signed_in_changed_cb (self);

#if GALLEY_DEVEL
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

static void
galley_window_dispose (GObject *object)
{
  GalleyWindow *self = GALLEY_WINDOW (object);

  /* 2. handlers on the settings and the style manager, which outlive the window */
  g_signal_group_set_target (self->settings_signals, NULL);
  g_signal_group_set_target (self->style_signals, NULL);

  /* 5. references */
  g_clear_object (&self->services);

  /* 6. template */
  gtk_widget_dispose_template (GTK_WIDGET (self), GALLEY_TYPE_WINDOW);

  G_OBJECT_CLASS (galley_window_parent_class)->dispose (object);
}

static void
galley_window_finalize (GObject *object)
{
  GalleyWindow *self = GALLEY_WINDOW (object);

  g_assert (self->services == NULL);
  g_clear_object (&self->settings_signals);
  g_clear_object (&self->style_signals);

  G_OBJECT_CLASS (galley_window_parent_class)->finalize (object);
}

static void
galley_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GalleyWindow *self = GALLEY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICES:
      g_value_set_object (value, self->services);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GalleyWindow *self = GALLEY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVICES:
      self->services = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_window_class_init (GalleyWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = galley_window_constructed;
  object_class->dispose = galley_window_dispose;
  object_class->finalize = galley_window_finalize;
  object_class->get_property = galley_window_get_property;
  object_class->set_property = galley_window_set_property;

  widget_class->map = galley_window_map;
  window_class->close_request = galley_window_close_request;

  properties[PROP_SERVICES] =
    g_param_spec_object ("services", NULL, NULL, GALLEY_TYPE_SERVICES,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GALLEY_TYPE_DIAGNOSTICS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/galleypos/Galley/app/galley-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GalleyWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, GalleyWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, GalleyWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GalleyWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GalleyWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, GalleyWindow, diagnostics_view);
  gtk_widget_class_bind_template_child (widget_class, GalleyWindow, kitchen_bin);
  gtk_widget_class_bind_template_child (widget_class, GalleyWindow, expo_bin);
  gtk_widget_class_bind_template_child (widget_class, GalleyWindow, counter_bin);
  gtk_widget_class_bind_template_callback (widget_class, ensure_view);

  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.show-error", "s", show_error_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);

  for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-view", "s", view_names[i]);
}

static void
galley_window_init (GalleyWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings_signals = g_signal_group_new (G_TYPE_SETTINGS);
  g_signal_group_connect_swapped (self->settings_signals, "changed",
                                  G_CALLBACK (settings_changed_cb), self);
  self->style_signals = g_signal_group_new (ADW_TYPE_STYLE_MANAGER);
  g_signal_group_connect_swapped (self->style_signals, "notify::high-contrast",
                                  G_CALLBACK (update_style_classes), self);
}

/**
 * galley_window_new:
 * @application: (nullable): the application, or %NULL in tests
 * @services: (nullable): the services the views show, or %NULL in tests of the shell
 *
 * Returns: (transfer none): a new main window, owned by GTK's window list
 */
GalleyWindow *
galley_window_new (GtkApplication *application,
                   GalleyServices *services)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (services == NULL || GALLEY_IS_SERVICES (services), NULL);

  return g_object_new (GALLEY_TYPE_WINDOW,
                       "application", application,
                       "services", services,
                       NULL);
}

/**
 * galley_window_get_services:
 *
 * Returns: (transfer none) (nullable): the services
 */
GalleyServices *
galley_window_get_services (GalleyWindow *self)
{
  g_return_val_if_fail (GALLEY_IS_WINDOW (self), NULL);

  return self->services;
}

const char *
galley_window_get_visible_view (GalleyWindow *self)
{
  g_return_val_if_fail (GALLEY_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

/**
 * galley_window_show_view:
 * @name: "kitchen", "expo", "counter" or "diagnostics"
 */
void
galley_window_show_view (GalleyWindow *self,
                         const char   *name)
{
  g_return_if_fail (GALLEY_IS_WINDOW (self));
  g_return_if_fail (is_view_name (name));

  adw_view_stack_set_visible_child_name (self->stack, name);
}

/**
 * galley_window_show_toast:
 * @message: plain text for a cook or cashier (it is escaped, never read as markup)
 */
void
galley_window_show_toast (GalleyWindow *self,
                          const char   *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (GALLEY_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
