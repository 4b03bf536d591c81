/* galley-session-store.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GALLEY_SESSION_SCHEMA "io.github.galleypos.Galley.Session"

/* A session kept in the keyring between runs of Galley. */
typedef struct
{
  char *token;       /* never logged */
  char *role;
  char *user_name;
} GalleyStoredSession;

void galley_stored_session_free (GalleyStoredSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GalleyStoredSession, galley_stored_session_free)

#define GALLEY_TYPE_SESSION_STORE (galley_session_store_get_type ())
G_DECLARE_FINAL_TYPE (GalleySessionStore, galley_session_store, GALLEY, SESSION_STORE, GObject)

GalleySessionStore  *galley_session_store_new          (void);
gboolean             galley_session_store_get_available (GalleySessionStore *self);
void                 galley_session_store_save_async   (GalleySessionStore  *self,
                                                        const char          *server_url,
                                                        const char          *restaurant_id,
                                                        const GalleyStoredSession *session,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean             galley_session_store_save_finish  (GalleySessionStore  *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void                 galley_session_store_load_async   (GalleySessionStore  *self,
                                                        const char          *server_url,
                                                        const char          *restaurant_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GalleyStoredSession *galley_session_store_load_finish  (GalleySessionStore  *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void                 galley_session_store_clear_async  (GalleySessionStore  *self,
                                                        const char          *server_url,
                                                        const char          *restaurant_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean             galley_session_store_clear_finish (GalleySessionStore  *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
