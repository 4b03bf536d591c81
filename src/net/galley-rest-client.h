/* galley-rest-client.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "net/galley-net-session.h"

G_BEGIN_DECLS

#define GALLEY_REST_ERROR (galley_rest_error_quark ())

/* What went wrong with a call, by what the caller should do about it. Every error's message
 * is written for a cook or a cashier; the server's own words go to the log. */
typedef enum
{
  GALLEY_REST_ERROR_NETWORK,            /* no connection, reset, DNS, TLS: retry later */
  GALLEY_REST_ERROR_TIMEOUT,            /* no answer in time: the outcome is unknown */
  GALLEY_REST_ERROR_UNAUTHORIZED,       /* 401: sign in again */
  GALLEY_REST_ERROR_FORBIDDEN,          /* 403: this role may not do it (or CSRF) */
  GALLEY_REST_ERROR_NOT_FOUND,          /* 404 */
  GALLEY_REST_ERROR_CONFLICT,           /* 409 */
  GALLEY_REST_ERROR_INVALID_TRANSITION, /* 500 "Invalid state transition…" / "…conflict" */
  GALLEY_REST_ERROR_INVALID_REQUEST,    /* 400 */
  GALLEY_REST_ERROR_RATE_LIMITED,       /* 429 */
  GALLEY_REST_ERROR_SERVER,             /* other 5xx */
  GALLEY_REST_ERROR_BAD_RESPONSE,       /* not the JSON we expected, or too large */
  GALLEY_REST_ERROR_NOT_SIGNED_IN,      /* a call that needs a token, without one */
} GalleyRestError;

typedef struct
{
  char   *user_id;
  char   *email;
  char   *role;
  char  **scopes;
  char   *token;          /* never logged */
  char   *refresh_token;  /* email sessions only; never logged */
  gint64  expires_at;     /* unix seconds, from the token's "exp" */
} GalleyRestLogin;

void             galley_rest_login_free                 (GalleyRestLogin *login);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GalleyRestLogin, galley_rest_login_free)

typedef struct
{
  const char *status;       /* exact status filter, or NULL */
  const char *type;         /* stored type filter, or NULL */
  gint64      start_date;   /* unix µs on created_at, 0 for none */
  gint64      end_date;     /* unix µs, 0 for none */
  guint       limit;        /* 0: the server's default (50) */
  guint       offset;
} GalleyRestOrderQuery;

#define GALLEY_TYPE_REST_CLIENT (galley_rest_client_get_type ())
G_DECLARE_FINAL_TYPE (GalleyRestClient, galley_rest_client, GALLEY, REST_CLIENT, GObject)

GQuark            galley_rest_error_quark                (void);

GalleyRestClient *galley_rest_client_new                 (GalleyNetSession      *session);
void              galley_rest_client_set_base_url        (GalleyRestClient      *self,
                                                          const char            *base_url);
const char       *galley_rest_client_get_base_url        (GalleyRestClient      *self);
void              galley_rest_client_set_restaurant_id   (GalleyRestClient      *self,
                                                          const char            *restaurant_id);
const char       *galley_rest_client_get_restaurant_id   (GalleyRestClient      *self);
void              galley_rest_client_set_token           (GalleyRestClient      *self,
                                                          const char            *token);
gboolean          galley_rest_client_has_token           (GalleyRestClient      *self);
void              galley_rest_client_set_timeout         (GalleyRestClient      *self,
                                                          guint                  timeout_ms);
void              galley_rest_client_set_retry_delay     (GalleyRestClient      *self,
                                                          guint                  base_ms);

/* Sign-in. A successful login sets the client's token and a fresh CSRF value. */
void              galley_rest_client_login_pin_async     (GalleyRestClient      *self,
                                                          const char            *pin,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
GalleyRestLogin  *galley_rest_client_login_finish        (GalleyRestClient      *self,
                                                          GAsyncResult          *result,
                                                          GError               **error);
void              galley_rest_client_login_email_async   (GalleyRestClient      *self,
                                                          const char            *email,
                                                          const char            *password,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
void              galley_rest_client_refresh_async       (GalleyRestClient      *self,
                                                          const char            *refresh_token,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
void              galley_rest_client_station_login_async (GalleyRestClient      *self,
                                                          const char            *station_type,
                                                          const char            *station_name,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
JsonObject       *galley_rest_client_station_login_finish (GalleyRestClient     *self,
                                                          GAsyncResult          *result,
                                                          GError               **error);
void              galley_rest_client_sign_out            (GalleyRestClient      *self);

/* Orders. Rows come back as the server sent them. */
void              galley_rest_client_list_orders_async   (GalleyRestClient      *self,
                                                          const GalleyRestOrderQuery *query,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
JsonArray        *galley_rest_client_list_orders_finish  (GalleyRestClient      *self,
                                                          GAsyncResult          *result,
                                                          GError               **error);
void              galley_rest_client_get_order_async     (GalleyRestClient      *self,
                                                          const char            *order_id,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
JsonObject       *galley_rest_client_get_order_finish    (GalleyRestClient      *self,
                                                          GAsyncResult          *result,
                                                          GError               **error);
void              galley_rest_client_create_order_async  (GalleyRestClient      *self,
                                                          JsonObject            *body,
                                                          const char            *idempotency_key,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
JsonObject       *galley_rest_client_create_order_finish (GalleyRestClient      *self,
                                                          GAsyncResult          *result,
                                                          GError               **error);
void              galley_rest_client_set_status_async    (GalleyRestClient      *self,
                                                          const char            *order_id,
                                                          const char            *status,
                                                          const char            *notes,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
JsonObject       *galley_rest_client_set_status_finish   (GalleyRestClient      *self,
                                                          GAsyncResult          *result,
                                                          GError               **error);
void              galley_rest_client_set_item_status_async (GalleyRestClient    *self,
                                                          const char            *order_id,
                                                          const char            *item_id,
                                                          const char            *status,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
JsonObject       *galley_rest_client_set_item_status_finish (GalleyRestClient   *self,
                                                          GAsyncResult          *result,
                                                          GError               **error);
void              galley_rest_client_get_menu_async      (GalleyRestClient      *self,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
JsonObject       *galley_rest_client_get_menu_finish     (GalleyRestClient      *self,
                                                          GAsyncResult          *result,
                                                          GError               **error);

/* Voice (spec/voice.md §1.2): an ephemeral Realtime secret. The answer holds a secret: it is
 * never logged. @context is "server" (staff) or "kiosk". */
void              galley_rest_client_realtime_session_async  (GalleyRestClient  *self,
                                                          const char            *context,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
JsonObject       *galley_rest_client_realtime_session_finish (GalleyRestClient  *self,
                                                          GAsyncResult          *result,
                                                          GError               **error);

G_END_DECLS
