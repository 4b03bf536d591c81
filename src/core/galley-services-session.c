/* galley-services-session.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyServices' session: signing in (by PIN, or automatically against the demo server)
 * and who is signed in.
 */
#define G_LOG_DOMAIN "galley-services"

#include <glib/gi18n.h>

#include "core/galley-services-private.h"
#include "net/galley-backoff.h"
#include "util/galley-source.h"
#include "util/galley-weak.h"

#define properties _galley_services_properties

/**
 * galley_services_sign_in_token:
 * @token: (nullable): the session's token, or %NULL to sign out
 * @role: (nullable): the signed-in role
 *
 * Hands a session to the REST client and the link (which reconnects with it).
 */
void
galley_services_sign_in_token (GalleyServices *self,
                               const char     *token,
                               const char     *role)
{
  g_return_if_fail (GALLEY_IS_SERVICES (self));

  galley_rest_client_set_token (self->rest, token);
  galley_order_link_set_token (self->link, token);
  /* a new session may reach a server that relays line statuses: try again */
  if (self->outbox != NULL && token != NULL)
    galley_outbox_set_line_status_supported (self->outbox, TRUE);
  if (token == NULL && self->user_name != NULL)
    {
      g_clear_pointer (&self->user_name, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_NAME]);
    }

  if (g_strcmp0 (self->role, role) != 0)
    {
      g_free (self->role);
      self->role = g_strdup (role);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN_ROLE]);
    }
}

/* Sign-in attempts with the embedded demo server before the PIN prompt takes over. */
#define DEMO_SIGN_IN_ATTEMPTS 4

static gboolean demo_sign_in_again_cb (gpointer user_data);

static void
demo_login_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GalleyWeak) weak = user_data;
  g_autoptr(GalleyServices) self = NULL;
  g_autoptr(GalleyRestLogin) login = NULL;
  g_autoptr(GError) error = NULL;

  login = galley_rest_client_login_finish (GALLEY_REST_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = galley_weak_get (weak);
  if (self == NULL)
    return;

  if (login == NULL)
    {
      gboolean transient = g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_NETWORK) ||
                           g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_TIMEOUT) ||
                           g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_SERVER) ||
                           g_error_matches (error, GALLEY_REST_ERROR, GALLEY_REST_ERROR_RATE_LIMITED);

      g_warning ("The demo sign-in failed (attempt %u): %s", self->demo_sign_in_attempts + 1,
                 error->message);
      if (transient && ++self->demo_sign_in_attempts < DEMO_SIGN_IN_ATTEMPTS)
        {
          /* the demo server is on this machine: it is busy, not gone; try again soon */
          guint delay = galley_backoff_delay_ms (self->demo_sign_in_attempts, 0.0, 500,
                                                 GALLEY_BACKOFF_CAP_MS);

          g_clear_handle_id (&self->demo_sign_in_id, g_source_remove);
          self->demo_sign_in_id = galley_timeout_add_named ("galley-services-demo-sign-in",
                                                            delay, demo_sign_in_again_cb,
                                                            self, NULL);
          return;
        }
      /* the feed starts without a session: the banner asks for a PIN */
    }
  else
    galley_services_sign_in (self, login);

  self->demo_sign_in_attempts = 0;
  galley_order_feed_start (self->feed);
}

static gboolean
demo_sign_in_again_cb (gpointer user_data)
{
  GalleyServices *self = user_data;

  self->demo_sign_in_id = 0;
  _galley_services_demo_sign_in (self);

  return G_SOURCE_REMOVE;
}

/* With the demo server, Galley signs in with the demo manager's PIN: a manager may use every
 * screen (order protocol §3.10), so the demo shows the kitchen, expo and the counter. */
void
_galley_services_demo_sign_in (GalleyServices *self)
{
  const char *role = "manager";

  galley_rest_client_login_pin_async (self->rest, galley_demo_server_get_pin (role),
                                      self->cancellable, demo_login_cb, galley_weak_new (self));
}

static char *
user_label (const GalleyRestLogin *login)
{
  if (login->email != NULL && *login->email != '\0')
    return g_strdup (login->email);
  if (login->role != NULL && *login->role != '\0')
    return g_strdup (login->role);

  return g_strdup (_("Unknown user"));
}

/**
 * galley_services_sign_in:
 * @login: a session from a sign-in
 *
 * Hands the session to the REST client and the link (which reconnects with it) and keeps
 * who signed in, recorded with allergy acknowledgements (K-10).
 */
void
galley_services_sign_in (GalleyServices        *self,
                         const GalleyRestLogin *login)
{
  g_autofree char *user = NULL;

  g_return_if_fail (GALLEY_IS_SERVICES (self));
  g_return_if_fail (login != NULL);

  galley_services_sign_in_token (self, login->token, login->role);

  user = user_label (login);
  if (g_strcmp0 (user, self->user_name) != 0)
    {
      g_free (self->user_name);
      self->user_name = g_steal_pointer (&user);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_NAME]);
    }

  /* kept in the keyring for the next start (not with the demo server's sessions) */
  if (self->demo_server == NULL && login->token != NULL)
    {
      GalleyStoredSession kept = { login->token, login->role, self->user_name };

      self->session_kept = TRUE;
      galley_session_store_save_async (self->session_store, self->server_url,
                                       self->restaurant_id, &kept, self->cancellable, NULL,
                                       NULL);
    }

  /* the menu follows the session: a new restaurant or role may see another one */
  _galley_services_load_menu (self);
}

static void
restored_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GalleyWeak) weak = user_data;
  g_autoptr(GalleyServices) self = NULL;
  g_autoptr(GalleyStoredSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = galley_session_store_load_finish (GALLEY_SESSION_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = galley_weak_get (weak);
  if (self == NULL)
    return;

  if (session != NULL && !galley_rest_client_has_token (self->rest))
    {
      g_message ("Signed in again as %s (kept session)", session->role != NULL ? session->role : "?");
      self->session_kept = TRUE;
      galley_services_sign_in_token (self, session->token, session->role);
      if (g_strcmp0 (session->user_name, self->user_name) != 0)
        {
          g_free (self->user_name);
          self->user_name = g_strdup (session->user_name);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_NAME]);
        }
      _galley_services_load_menu (self);
    }

  if (!galley_order_feed_get_running (self->feed))
    galley_order_feed_start (self->feed);
}

/* At start without a session: the one kept in the keyring, if any and still valid. */
void
_galley_services_restore_session (GalleyServices *self)
{
  galley_session_store_load_async (self->session_store, self->server_url, self->restaurant_id,
                                   self->cancellable, restored_cb, galley_weak_new (self));
}

/* Sign-out, or a session the server refused: nothing is restored at the next start. */
void
_galley_services_forget_session (GalleyServices *self)
{
  if (self->session_store == NULL || self->demo_server != NULL || !self->session_kept)
    return;

  /* once: sign-out and the refusal that follows it must not race two clears */
  self->session_kept = FALSE;
  galley_session_store_clear_async (self->session_store, self->server_url, self->restaurant_id,
                                    self->cancellable, NULL, NULL);
}

static void
login_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GalleyRestLogin) login = NULL;
  GError *error = NULL;
  GalleyServices *self = g_task_get_source_object (task);

  login = galley_rest_client_login_finish (GALLEY_REST_CLIENT (source), result, &error);
  if (login == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_message ("Signed in as %s", login->role != NULL ? login->role : "?");
  galley_services_sign_in (self, login);
  if (!galley_order_feed_get_running (self->feed))
    galley_order_feed_start (self->feed);
  else
    galley_order_link_retry_now (self->link);
  g_task_return_boolean (task, TRUE);
}

/**
 * galley_services_sign_in_pin_async:
 * @pin: a staff PIN (never logged)
 *
 * Signs in with a PIN (order protocol §4.2), then reconnects the order feed with the new
 * session. The REST errors say what went wrong in words for the person at the screen.
 */
void
galley_services_sign_in_pin_async (GalleyServices      *self,
                                   const char          *pin,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GALLEY_IS_SERVICES (self));
  g_return_if_fail (pin != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_name (task, "galley_services_sign_in_pin_async");
  galley_rest_client_login_pin_async (self->rest, pin, cancellable, login_cb, task);
}

/**
 * galley_services_sign_in_pin_finish:
 *
 * Returns: whether Galley is signed in
 */
gboolean
galley_services_sign_in_pin_finish (GalleyServices  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * galley_services_sign_in_email_async:
 * @email: the staff member's email address
 * @password: their password (never logged)
 *
 * Signs in with email and password (order protocol §4.2: managers and front-of-house staff
 * who have no PIN), then reconnects the order feed with the new session.
 */
void
galley_services_sign_in_email_async (GalleyServices      *self,
                                     const char          *email,
                                     const char          *password,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GALLEY_IS_SERVICES (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_name (task, "galley_services_sign_in_email_async");
  galley_rest_client_login_email_async (self->rest, email, password, cancellable, login_cb,
                                        task);
}

gboolean
galley_services_sign_in_email_finish (GalleyServices  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * galley_services_sign_out:
 *
 * Forgets the session: the REST client and the link drop the token, and who was signed in
 * is forgotten. Changes waiting in the outbox stay and go out after the next sign-in; the
 * banner asks for one.
 */
void
galley_services_sign_out (GalleyServices *self)
{
  g_return_if_fail (GALLEY_IS_SERVICES (self));

  g_clear_handle_id (&self->demo_sign_in_id, g_source_remove);
  g_message ("Signed out");
  _galley_services_forget_session (self);
  galley_rest_client_sign_out (self->rest);
  galley_services_sign_in_token (self, NULL, NULL);
}

/**
 * galley_services_get_user_name:
 *
 * Returns: (nullable): who is signed in, as acknowledgements record it
 */
const char *
galley_services_get_user_name (GalleyServices *self)
{
  g_return_val_if_fail (GALLEY_IS_SERVICES (self), NULL);

  return self->user_name;
}

