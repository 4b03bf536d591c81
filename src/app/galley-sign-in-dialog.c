/* galley-sign-in-dialog.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signing in (order protocol §4.2) with a staff PIN, by keyboard or the on-screen keypad,
 * or with email and password (managers and staff without a PIN): what the offline banner
 * asks for when the server refused the session (R-RECON-3), and the window's "Sign In…". A
 * refusal is said plainly and the fields stay ready for another try; the request is
 * cancelled if the dialog closes first.
 *
 * The Station page sets this screen up as a station (§4.2 station login): the server does
 * not accept station tokens for orders or the order WebSocket, so a station token cannot run
 * the kitchen. Instead a signed-in manager names the station; Galley asks the server
 * (POST /auth/station-login, which checks that a manager asks), keeps only the station's type
 * and name in the settings (the token is dropped at once: never stored, never logged), signs
 * the manager out and goes back to the PIN page, where the cooks sign in.
 */
#define G_LOG_DOMAIN "galley-sign-in-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "app/galley-sign-in-dialog-private.h"

#define PIN_MAX_DIGITS 12

G_DEFINE_FINAL_TYPE (GalleySignInDialog, galley_sign_in_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SERVICES,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
pin_valid (const char *pin)
{
  gsize n = strlen (pin);

  if (n < 4 || n > PIN_MAX_DIGITS)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (pin[i]))
      return FALSE;

  return TRUE;
}

static gboolean
email_page (GalleySignInDialog *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->method_stack), "email") == 0;
}

gboolean
_galley_sign_in_dialog_station_page (GalleySignInDialog *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->method_stack), "station") == 0;
}

gboolean
_galley_sign_in_dialog_station_valid (GalleySignInDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (self->station_name_entry)));

  return *name != '\0';
}

static gboolean
email_valid (GalleySignInDialog *self)
{
  const char *email = gtk_editable_get_text (self->email_entry);
  const char *at = strchr (email, '@');

  return at != NULL && at != email && at[1] != '\0' &&
         *gtk_editable_get_text (self->password_entry) != '\0';
}

/* Whether what was typed on the visible page can be sent. */
static gboolean
input_valid (GalleySignInDialog *self)
{
  if (email_page (self))
    return email_valid (self);
  if (_galley_sign_in_dialog_station_page (self))
    return _galley_sign_in_dialog_station_valid (self);

  return pin_valid (gtk_editable_get_text (self->pin_entry));
}

void
_galley_sign_in_dialog_set_error (GalleySignInDialog *self,
                                  const char         *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

void
_galley_sign_in_dialog_set_busy (GalleySignInDialog *self,
                                 gboolean            busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* not insensitive: GTK 4.8 keeps a focused entry's cursor blinking when it loses
   * sensitivity, and warns; a read-only entry stops blinking and keeps the focus */
  gtk_editable_set_editable (self->pin_entry, !busy);
  gtk_editable_set_editable (self->email_entry, !busy);
  gtk_editable_set_editable (self->password_entry, !busy);
  gtk_editable_set_editable (self->station_name_entry, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->keypad), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->station_type_dropdown), !busy);
  gtk_widget_set_sensitive (self->sign_in_button, !busy && input_valid (self));
  gtk_widget_set_sensitive (self->station_button, !busy && input_valid (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
pin_changed_cb (GalleySignInDialog *self)
{
  gboolean ready = input_valid (self) && !gtk_widget_get_visible (GTK_WIDGET (self->spinner));

  gtk_widget_set_sensitive (self->sign_in_button, ready);
  gtk_widget_set_sensitive (self->station_button, ready);
}

static void
email_changed_cb (GalleySignInDialog *self)
{
  pin_changed_cb (self);
}

static void
method_changed_cb (GalleySignInDialog *self)
{
  _galley_sign_in_dialog_set_error (self, NULL);
  pin_changed_cb (self);
  /* the station page has its own button: "Sign In" would not say what it does there */
  gtk_widget_set_visible (self->sign_in_button, !_galley_sign_in_dialog_station_page (self));
  if (_galley_sign_in_dialog_station_page (self))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->notice_label), FALSE);
      gtk_widget_grab_focus (GTK_WIDGET (self->station_name_entry));
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (email_page (self) ? self->email_entry : self->pin_entry));
}

static void
sign_in_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GalleySignInDialog *self;

  /* both sign-ins finish the same way (a GTask of the services) */
  if (!galley_services_sign_in_pin_finish (GALLEY_SERVICES (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the dialog is gone */

  self = GALLEY_SIGN_IN_DIALOG (user_data);
  _galley_sign_in_dialog_set_busy (self, FALSE);

  if (error != NULL)
    {
      g_message ("Sign-in refused: %s", error->message);
      _galley_sign_in_dialog_set_error (self, error->message);
      if (email_page (self))
        {
          gtk_editable_set_text (self->password_entry, "");
          gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
        }
      else
        {
          gtk_editable_set_text (self->pin_entry, "");
          gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
        }
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
sign_in_clicked_cb (GalleySignInDialog *self)
{
  if (!input_valid (self) || self->services == NULL ||
      gtk_widget_get_visible (GTK_WIDGET (self->spinner)))
    return;

  _galley_sign_in_dialog_set_error (self, NULL);
  _galley_sign_in_dialog_set_busy (self, TRUE);
  /* the callback holds no reference: cancelling in dispose keeps it from running late */
  if (email_page (self))
    galley_services_sign_in_email_async (self->services,
                                         gtk_editable_get_text (self->email_entry),
                                         gtk_editable_get_text (self->password_entry),
                                         self->cancellable, sign_in_done_cb, self);
  else
    galley_services_sign_in_pin_async (self->services, gtk_editable_get_text (self->pin_entry),
                                       self->cancellable, sign_in_done_cb, self);
}

static void
key_clicked_cb (GtkButton          *button,
                GalleySignInDialog *self)
{
  const char *key = g_object_get_data (G_OBJECT (button), "galley-key");
  g_autofree char *text = g_strdup (gtk_editable_get_text (self->pin_entry));

  if (g_str_equal (key, "clear"))
    gtk_editable_set_text (self->pin_entry, "");
  else if (g_str_equal (key, "back"))
    {
      if (*text != '\0')
        text[strlen (text) - 1] = '\0';
      gtk_editable_set_text (self->pin_entry, text);
    }
  else if (strlen (text) < PIN_MAX_DIGITS)
    {
      g_autofree char *longer = g_strconcat (text, key, NULL);

      gtk_editable_set_text (self->pin_entry, longer);
    }
}

static void
build_keypad (GalleySignInDialog *self)
{
  static const char * const keys[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9",
                                       "clear", "0", "back" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkWidget *button;

      if (g_str_equal (keys[i], "clear"))
        {
          button = gtk_button_new_with_label (C_("keypad", "Clear"));
        }
      else if (g_str_equal (keys[i], "back"))
        {
          button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          C_("keypad", "Delete last digit"), -1);
        }
      else
        button = gtk_button_new_with_label (keys[i]);

      gtk_widget_set_size_request (button, 72, 56);
      gtk_widget_add_css_class (button, "title-3");
      gtk_widget_set_focus_on_click (button, FALSE);
      g_object_set_data (G_OBJECT (button), "galley-key", (gpointer) keys[i]);
      g_signal_connect (button, "clicked", G_CALLBACK (key_clicked_cb), self);
      gtk_grid_attach (self->keypad, button, (int) (i % 3), (int) (i / 3), 1, 1);
    }
}

static void
galley_sign_in_dialog_dispose (GObject *object)
{
  GalleySignInDialog *self = GALLEY_SIGN_IN_DIALOG (object);

  /* 3. a sign-in in flight: its callback sees G_IO_ERROR_CANCELLED */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  /* 5. references */
  g_clear_object (&self->services);

  /* 6. template */
  gtk_widget_dispose_template (GTK_WIDGET (self), GALLEY_TYPE_SIGN_IN_DIALOG);

  G_OBJECT_CLASS (galley_sign_in_dialog_parent_class)->dispose (object);
}

static void
galley_sign_in_dialog_finalize (GObject *object)
{
  GalleySignInDialog *self = GALLEY_SIGN_IN_DIALOG (object);

  g_assert (self->services == NULL);
  g_free (self->error);

  G_OBJECT_CLASS (galley_sign_in_dialog_parent_class)->finalize (object);
}

static void
galley_sign_in_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GalleySignInDialog *self = GALLEY_SIGN_IN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SERVICES:
      g_value_set_object (value, self->services);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, galley_sign_in_dialog_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_sign_in_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  GalleySignInDialog *self = GALLEY_SIGN_IN_DIALOG (object);

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
galley_sign_in_dialog_class_init (GalleySignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = galley_sign_in_dialog_dispose;
  object_class->finalize = galley_sign_in_dialog_finalize;
  object_class->get_property = galley_sign_in_dialog_get_property;
  object_class->set_property = galley_sign_in_dialog_set_property;

  properties[PROP_SERVICES] =
    g_param_spec_object ("services", NULL, NULL, GALLEY_TYPE_SERVICES,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/galleypos/Galley/app/galley-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GalleySignInDialog, method_stack);
  gtk_widget_class_bind_template_child (widget_class, GalleySignInDialog, pin_entry);
  gtk_widget_class_bind_template_child (widget_class, GalleySignInDialog, email_entry);
  gtk_widget_class_bind_template_child (widget_class, GalleySignInDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, GalleySignInDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, GalleySignInDialog, keypad);
  gtk_widget_class_bind_template_child (widget_class, GalleySignInDialog, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, GalleySignInDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, GalleySignInDialog, station_type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GalleySignInDialog, station_name_entry);
  gtk_widget_class_bind_template_child (widget_class, GalleySignInDialog, station_button);
  gtk_widget_class_bind_template_child (widget_class, GalleySignInDialog, notice_label);
  gtk_widget_class_bind_template_callback_full (widget_class, "station_clicked_cb",
                                                G_CALLBACK (_galley_sign_in_dialog_station_clicked));
  gtk_widget_class_bind_template_callback (widget_class, pin_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, email_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, method_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
}

static void
galley_sign_in_dialog_init (GalleySignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  build_keypad (self);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->sign_in_button);
}

/**
 * galley_sign_in_dialog_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer none): a new dialog, owned by GTK's window list
 */
GalleySignInDialog *
galley_sign_in_dialog_new (GtkWindow      *parent,
                           GalleyServices *services)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GALLEY_IS_SERVICES (services), NULL);

  return g_object_new (GALLEY_TYPE_SIGN_IN_DIALOG,
                       "transient-for", parent,
                       "services", services,
                       NULL);
}

/**
 * galley_sign_in_dialog_get_error:
 *
 * Returns: (nullable): the message shown for the last refused attempt
 */
/**
 * galley_sign_in_dialog_show_method:
 * @method: "pin", "email" or "station"
 */
void
galley_sign_in_dialog_show_method (GalleySignInDialog *self,
                                   const char         *method)
{
  g_return_if_fail (GALLEY_IS_SIGN_IN_DIALOG (self));
  g_return_if_fail (g_strcmp0 (method, "pin") == 0 || g_strcmp0 (method, "email") == 0 ||
                    g_strcmp0 (method, "station") == 0);

  gtk_stack_set_visible_child_name (self->method_stack, method);
}

const char *
galley_sign_in_dialog_get_error (GalleySignInDialog *self)
{
  g_return_val_if_fail (GALLEY_IS_SIGN_IN_DIALOG (self), NULL);

  return self->error;
}

gboolean
galley_sign_in_dialog_get_busy (GalleySignInDialog *self)
{
  g_return_val_if_fail (GALLEY_IS_SIGN_IN_DIALOG (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->spinner));
}
