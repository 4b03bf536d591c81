/* galley-menu-load.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyMenu's loading (a satellite of galley-menu.c): GET /menu through the REST client,
 * and the offline copy. After every successful fetch the server's JSON is written, whole and
 * atomically, to the menu's cache path; galley_menu_load_cache() reads it back at start, so
 * that the counter can sell and the kitchen can route while the server is out of reach
 * (kitchen-and-counter.md C-1, K-13).
 *
 * A load in flight holds no reference on the menu: its callback follows the menu through a
 * GalleyWeak, and the menu cancels the load in dispose or when a newer load supersedes it.
 * The task therefore has no source object, and galley_menu_load_finish() accepts the menu
 * or NULL, like GalleyRestClient's _finish functions.
 */
#define G_LOG_DOMAIN "galley-menu"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "menu/galley-menu.h"
#include "menu/galley-menu-private.h"
#include "util/galley-json.h"
#include "util/galley-weak.h"

#define CACHE_MAX_BYTES (16 * 1024 * 1024)   /* as REST bodies (R-IN-1) */

/* The source tag of load tasks. */
static const char load_tag;

typedef struct
{
  GalleyWeak   *weak;          /* the menu */
  GCancellable *load;          /* this load's own: dispose, a newer load or the caller's */
  GCancellable *caller;        /* the caller's, if any */
  gulong        caller_id;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_signal_handler (&data->caller_id, data->caller);
  g_clear_object (&data->caller);
  g_clear_object (&data->load);
  g_clear_pointer (&data->weak, galley_weak_free);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

/* A plain handler, not g_cancellable_connect(): disconnecting that from a callback that
 * runs inside the cancellation would deadlock. */
static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *load)
{
  g_cancellable_cancel (load);
}

/* The REST client's error, as a menu error whose message a cook or a cashier can act on. */
static GError *
menu_error_from_rest (const GError *error)
{
  GalleyMenuError code = GALLEY_MENU_ERROR_OFFLINE;

  if (error->domain == GALLEY_REST_ERROR)
    {
      switch ((GalleyRestError) error->code)
        {
        case GALLEY_REST_ERROR_NETWORK:
        case GALLEY_REST_ERROR_TIMEOUT:
          code = GALLEY_MENU_ERROR_OFFLINE;
          break;
        case GALLEY_REST_ERROR_SERVER:
        case GALLEY_REST_ERROR_RATE_LIMITED:
        case GALLEY_REST_ERROR_INVALID_TRANSITION:
          code = GALLEY_MENU_ERROR_SERVER;
          break;
        case GALLEY_REST_ERROR_NOT_FOUND:
          code = GALLEY_MENU_ERROR_NOT_FOUND;
          break;
        case GALLEY_REST_ERROR_UNAUTHORIZED:
        case GALLEY_REST_ERROR_FORBIDDEN:
        case GALLEY_REST_ERROR_CONFLICT:
        case GALLEY_REST_ERROR_INVALID_REQUEST:
        case GALLEY_REST_ERROR_NOT_SIGNED_IN:
          code = GALLEY_MENU_ERROR_REFUSED;
          break;
        case GALLEY_REST_ERROR_BAD_RESPONSE:
          code = GALLEY_MENU_ERROR_INVALID;
          break;
        default:
          code = GALLEY_MENU_ERROR_SERVER;
          break;
        }
    }

  /* Translators: the end is a sentence saying what went wrong, such as "The restaurant
   * server has a problem. Galley will try again." */
  return g_error_new (GALLEY_MENU_ERROR, code, _("The menu could not be loaded: %s"),
                      error->message);
}

/* Writes the server's menu for the next offline start. A failure costs only the offline
 * start, so it is logged, not returned. */
static void
save_cache (GalleyMenu *self,
            JsonObject *menu)
{
  const char *path = galley_menu_get_cache_path (self);
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_warning ("The menu could not be saved for offline use: %s: %s", dir,
                 g_strerror (saved_errno));
      return;
    }

  text = galley_json_object_to_string (menu);
  if (!g_file_set_contents (path, text, -1, &error))
    {
      g_warning ("The menu could not be saved for offline use: %s", error->message);
      return;
    }

  g_debug ("Menu saved to %s (%zu bytes)", path, strlen (text));
}

static void
menu_fetched_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GalleyMenu) self = NULL;
  g_autoptr(JsonObject) menu = NULL;
  g_autoptr(GError) error = NULL;

  menu = galley_rest_client_get_menu_finish (NULL, result, &error);
  /* the caller's cancellable has nothing left to cancel */
  g_clear_signal_handler (&data->caller_id, data->caller);

  /* superseded, disposed or cancelled by the caller, even if the answer came in first */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (data->load))
    {
      self = galley_weak_get (data->weak);
      if (self != NULL)
        _galley_menu_end_load (self, data->load);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Menu load cancelled");
      return;
    }

  self = galley_weak_get (data->weak);
  if (self == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The menu is gone");
      return;
    }

  _galley_menu_end_load (self, data->load);

  if (menu == NULL)
    {
      /* the REST client has logged it */
      g_debug ("Menu not loaded: %s", error->message);
      g_task_return_error (task, menu_error_from_rest (error));
      return;
    }

  if (!_galley_menu_apply (self, menu, FALSE, g_get_real_time (), &error))
    {
      g_warning ("The server's menu is not usable: %s", error->message);
      g_task_return_new_error (task, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_INVALID,
                               _("The menu could not be loaded: the server sent it in a form "
                                 "Galley cannot read. The menu shown stays as it was."));
      return;
    }

  save_cache (self, menu);
  g_task_return_boolean (task, TRUE);
}

/**
 * galley_menu_load_async:
 * @rest: the client to ask; its restaurant and token decide whose menu
 * @cancellable: (nullable): cancels this load (from the main thread)
 *
 * Fetches GET /menu and, when it is a menu, applies it as galley_menu_load_json() does and
 * writes it to the offline copy. A load still in flight is cancelled: the newest wins.
 * Disposing the menu cancels the load too. On failure the menu is left as it was.
 * The callback's source object is %NULL.
 */
void
galley_menu_load_async (GalleyMenu          *self,
                        GalleyRestClient    *rest,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(LoadData) data = NULL;
  GCancellable *load;

  g_return_if_fail (GALLEY_IS_MENU (self));
  g_return_if_fail (GALLEY_IS_REST_CLIENT (rest));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, (gpointer) &load_tag);
  g_task_set_name (task, "galley_menu_load_async");

  data = g_new0 (LoadData, 1);
  data->weak = galley_weak_new (self);
  data->load = load = _galley_menu_begin_load (self);
  if (cancellable != NULL)
    {
      data->caller = g_object_ref (cancellable);
      data->caller_id = g_signal_connect (cancellable, "cancelled",
                                          G_CALLBACK (caller_cancelled_cb), load);
      if (g_cancellable_is_cancelled (cancellable))
        g_cancellable_cancel (load);
    }
  g_task_set_task_data (task, g_steal_pointer (&data), (GDestroyNotify) load_data_free);

  galley_rest_client_get_menu_async (rest, load, menu_fetched_cb, g_steal_pointer (&task));
}

/**
 * galley_menu_load_finish:
 * @self: (nullable): the menu, or %NULL (the callback's source object)
 *
 * Returns: %TRUE when the menu was fetched and applied; %FALSE with @error set otherwise:
 *   %G_IO_ERROR_CANCELLED, or a #GalleyMenuError whose message is written for a cook or a
 *   cashier ("The menu could not be loaded: …")
 */
gboolean
galley_menu_load_finish (GalleyMenu    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (self == NULL || GALLEY_IS_MENU (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == &load_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * galley_menu_load_cache:
 *
 * Applies the offline copy written by the last successful galley_menu_load_async(), if
 * there is one, so that the menu works before (or without) the server. `from-cache`
 * becomes %TRUE and `loaded-at` the time the copy was written. Reads a small file
 * synchronously: meant for start-up.
 *
 * Returns: %TRUE when the copy was applied; %FALSE with @error set otherwise:
 *   %GALLEY_MENU_ERROR_NO_CACHE when there is no copy (or no cache path), which is normal
 *   on a first start, or %GALLEY_MENU_ERROR_CACHE when it cannot be read or is damaged; the
 *   menu is then left as it was
 */
gboolean
galley_menu_load_cache (GalleyMenu  *self,
                        GError     **error)
{
  const char *path;
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) menu = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  gsize length = 0;
  gint64 written_at;

  g_return_val_if_fail (GALLEY_IS_MENU (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = galley_menu_get_cache_path (self);
  if (path == NULL)
    {
      g_set_error_literal (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_NO_CACHE,
                           _("This terminal keeps no copy of the menu for offline use."));
      return FALSE;
    }

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        {
          g_debug ("No saved menu at %s", path);
          g_set_error_literal (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_NO_CACHE,
                               _("There is no saved menu yet. Galley saves one the first "
                                 "time it reaches the restaurant server."));
          return FALSE;
        }

      g_warning ("The saved menu %s cannot be read: %s", path, g_strerror (saved_errno));
      g_set_error_literal (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_CACHE,
                           _("The saved menu could not be read. Galley needs the restaurant "
                             "server to load the menu."));
      return FALSE;
    }

  if (!S_ISREG (st.st_mode) || st.st_size > CACHE_MAX_BYTES)
    {
      g_warning ("The saved menu %s is not a regular file of at most %d bytes", path,
                 CACHE_MAX_BYTES);
      g_set_error_literal (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_CACHE,
                           _("The saved menu could not be read. Galley needs the restaurant "
                             "server to load the menu."));
      return FALSE;
    }

  if (!g_file_get_contents (path, &text, &length, &local_error))
    {
      g_warning ("The saved menu cannot be read: %s", local_error->message);
      g_set_error_literal (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_CACHE,
                           _("The saved menu could not be read. Galley needs the restaurant "
                             "server to load the menu."));
      return FALSE;
    }

  menu = galley_json_parse_object (text, (gssize) length, &local_error);
  written_at = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
  if (menu == NULL ||
      !_galley_menu_apply (self, menu, TRUE, MAX (written_at, 1), &local_error))
    {
      g_warning ("The saved menu %s is damaged: %s", path, local_error->message);
      g_set_error_literal (error, GALLEY_MENU_ERROR, GALLEY_MENU_ERROR_CACHE,
                           _("The saved menu is damaged. Galley needs the restaurant server "
                             "to load the menu."));
      return FALSE;
    }

  return TRUE;
}
