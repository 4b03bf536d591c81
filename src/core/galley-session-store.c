/* galley-session-store.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The signed-in session kept in the system keyring (libsecret), one per restaurant server
 * and restaurant, so that a terminal restarted in the middle of a shift is signed in again
 * without a PIN. The token never goes to a file, the settings or a log line; sign-out and a
 * refused session clear it. An expired token is not handed back (its "exp" claim is read).
 * Without a session bus (tests, a bare kiosk) the store is simply not available: saves and
 * clears succeed without doing anything and loads find nothing.
 */
#define G_LOG_DOMAIN "galley-session-store"

#include <libsecret/secret.h>

#include "core/galley-session-store.h"
#include "util/galley-json.h"
#include "util/galley-jwt.h"

/* A token this close to its expiry is not worth restoring. */
#define MIN_LIFETIME_S 60

struct _GalleySessionStore
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (GalleySessionStore, galley_session_store, G_TYPE_OBJECT)

static const SecretSchema *
session_schema (void)
{
  static const SecretSchema schema = {
    GALLEY_SESSION_SCHEMA, SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "restaurant", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "NULL", 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}

void
galley_stored_session_free (GalleyStoredSession *session)
{
  if (session == NULL)
    return;

  if (session->token != NULL)
    secret_password_wipe (session->token);
  g_free (session->role);
  g_free (session->user_name);
  g_free (session);
}

static void
galley_session_store_class_init (GalleySessionStoreClass *klass)
{
}

static void
galley_session_store_init (GalleySessionStore *self)
{
}

GalleySessionStore *
galley_session_store_new (void)
{
  return g_object_new (GALLEY_TYPE_SESSION_STORE, NULL);
}

/**
 * galley_session_store_get_available:
 *
 * Returns: whether there is a session bus to reach a keyring on
 */
gboolean
galley_session_store_get_available (GalleySessionStore *self)
{
  g_return_val_if_fail (GALLEY_IS_SESSION_STORE (self), FALSE);

  /* never let GIO autolaunch a bus for this */
  return g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL;
}

/* ------------------------------------------------------------------ save */

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("The session was not kept in the keyring: %s", error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
galley_session_store_save_async (GalleySessionStore        *self,
                                 const char                *server_url,
                                 const char                *restaurant_id,
                                 const GalleyStoredSession *session,
                                 GCancellable              *cancellable,
                                 GAsyncReadyCallback        callback,
                                 gpointer                   user_data)
{
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *text = NULL;
  GTask *task;

  g_return_if_fail (GALLEY_IS_SESSION_STORE (self));
  g_return_if_fail (session != NULL && session->token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_name (task, "galley_session_store_save_async");
  if (!galley_session_store_get_available (self))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  object = json_object_new ();
  json_object_set_string_member (object, "token", session->token);
  if (session->role != NULL)
    json_object_set_string_member (object, "role", session->role);
  if (session->user_name != NULL)
    json_object_set_string_member (object, "user", session->user_name);
  text = galley_json_object_to_string (object);

  secret_password_store (session_schema (), SECRET_COLLECTION_DEFAULT, "Galley sign-in", text,
                         cancellable, saved_cb, task,
                         "server", server_url != NULL ? server_url : "",
                         "restaurant", restaurant_id != NULL ? restaurant_id : "", NULL);
  secret_password_wipe (g_steal_pointer (&text));
}

gboolean
galley_session_store_save_finish (GalleySessionStore  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ load */

static GalleyStoredSession *
parse_session (const char *text)
{
  g_autoptr(JsonObject) object = galley_json_parse_object (text, -1, NULL);
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GalleyStoredSession) session = NULL;
  const char *token = NULL, *role = NULL, *user = NULL;
  gint64 exp = 0;

  if (object == NULL || !galley_json_get_string (object, "token", &token))
    return NULL;

  /* expired (or about to): the person signs in again */
  claims = galley_jwt_decode (token, NULL);
  if (claims != NULL && galley_json_get_int (claims, "exp", &exp) &&
      exp < g_get_real_time () / G_USEC_PER_SEC + MIN_LIFETIME_S)
    {
      g_message ("The kept session has expired");
      return NULL;
    }

  galley_json_get_string (object, "role", &role);
  galley_json_get_string (object, "user", &user);
  session = g_new0 (GalleyStoredSession, 1);
  session->token = g_strdup (token);
  session->role = g_strdup (role);
  session->user_name = g_strdup (user);

  return g_steal_pointer (&session);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *text = secret_password_lookup_finish (result, &error);

  if (text == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("No session read from the keyring: %s", error->message);
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g_task_return_pointer (task, parse_session (text),
                         (GDestroyNotify) galley_stored_session_free);
  secret_password_free (text);
}

void
galley_session_store_load_async (GalleySessionStore  *self,
                                 const char          *server_url,
                                 const char          *restaurant_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GALLEY_IS_SESSION_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_name (task, "galley_session_store_load_async");
  if (!galley_session_store_get_available (self))
    {
      g_task_return_pointer (task, NULL, NULL);
      g_object_unref (task);
      return;
    }

  secret_password_lookup (session_schema (), cancellable, loaded_cb, task,
                          "server", server_url != NULL ? server_url : "",
                          "restaurant", restaurant_id != NULL ? restaurant_id : "", NULL);
}

/**
 * galley_session_store_load_finish:
 *
 * Returns: (transfer full) (nullable): the kept session, %NULL when there is none (or it
 *   expired, or there is no keyring)
 */
GalleyStoredSession *
galley_session_store_load_finish (GalleySessionStore  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ clear */

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("The kept session was not cleared: %s", error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
galley_session_store_clear_async (GalleySessionStore  *self,
                                  const char          *server_url,
                                  const char          *restaurant_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GALLEY_IS_SESSION_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_name (task, "galley_session_store_clear_async");
  if (!galley_session_store_get_available (self))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  secret_password_clear (session_schema (), cancellable, cleared_cb, task,
                         "server", server_url != NULL ? server_url : "",
                         "restaurant", restaurant_id != NULL ? restaurant_id : "", NULL);
}

gboolean
galley_session_store_clear_finish (GalleySessionStore  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
