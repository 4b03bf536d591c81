/* galley-rest-client-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the files of GalleyRestClient only (core, request, errors, auth, orders).
 */
#pragma once

#include <libsoup/soup.h>

#include "net/galley-rest-client.h"

G_BEGIN_DECLS

#define API_PREFIX            "/api/v1"
#define DEFAULT_TIMEOUT_MS    15000
#define DEFAULT_RETRY_BASE_MS 500
#define MAX_RETRIES           3
#define MAX_BODY              (16 * 1024 * 1024)    /* R-IN-1 */
#define READ_CHUNK            (64 * 1024)
#define MAX_JSON_DEPTH        100
#define LOG_TEXT_MAX          200
#define WARNING_INTERVAL_US   (10 * G_USEC_PER_SEC)
#define REALTIME_SESSION_TIMEOUT_MS 20000   /* spec/voice.md R-VC-2: the server may take 45 s */
#define HTTP_TOO_MANY_REQUESTS 429   /* libsoup 3.2 has no name for it */

typedef enum
{
  AUTH_NONE,        /* sign-in calls: an old token must not ride along */
  AUTH_OPTIONAL,    /* sent when there is one (menu) */
  AUTH_REQUIRED,    /* NOT_SIGNED_IN without a token, and no request */
} AuthMode;

typedef enum
{
  CALL_LOGIN_PIN,
  CALL_LOGIN_EMAIL,
  CALL_REFRESH,
  CALL_STATION_LOGIN,
  CALL_LIST_ORDERS,
  CALL_GET_ORDER,
  CALL_CREATE_ORDER,
  CALL_SET_STATUS,
  CALL_SET_ITEM_STATUS,
  CALL_GET_MENU,
  CALL_REALTIME_SESSION,
} Call;

/* The source tag of a call's task: its entry in the call table (a function pointer is not a
 * gpointer in ISO C). */
#define TAG(call) _galley_rest_tag (call)

typedef struct _Request Request;

struct _GalleyRestClient
{
  GObject           parent_instance;

  GalleyNetSession *session;
  GCancellable     *cancellable;      /* cancelled in dispose: every request hangs off it */
  GPtrArray        *requests;         /* Request*, not owned: the live calls */

  char             *base_url;
  char             *restaurant_id;
  char             *token;            /* never logged */
  char             *csrf;             /* never logged; one value per sign-in */

  guint             timeout_ms;
  guint             retry_base_ms;

  gint64            last_warning_us;  /* warnings are rate-limited per client */
  guint             warnings_suppressed;
};

struct _Request
{
  GalleyRestClient *client;              /* not a reference: the client's dispose clears it */
  GTask            *task;                /* not a reference: the task owns this struct */
  Call              call;
  SoupSession      *soup;

  char             *url;
  char             *path;                /* for the log: no secret goes into a path */
  char             *request_id;
  GBytes           *body;                /* never logged */
  char             *secret;              /* PIN, password or refresh token: kept out of logs */
  char             *token;               /* snapshot taken when the call started */
  char             *csrf;
  char             *restaurant_id;
  char             *idempotency_key;
  char             *target_status;       /* set_status: for the user's message */

  guint             timeout_ms;
  guint             retry_base_ms;
  guint             attempt;             /* 1 for the first try */
  gboolean          cancelled;
  gboolean          timed_out;
  gint64            started_us;
  gint64            attempt_started_us;

  GCancellable     *caller_cancellable;
  gulong            caller_handler;
  GCancellable     *client_cancellable;
  gulong            client_handler;

  GCancellable     *attempt_cancellable;
  guint             timeout_id;
  guint             retry_id;
  SoupMessage      *msg;
  GInputStream     *stream;
  GByteArray       *buf;
};

/* galley-rest-client.c */
void
_galley_rest_clear_secret (char **secret);

/* galley-rest-client-auth.c */
GalleyRestLogin *
_galley_rest_parse_login (JsonObject  *body,
                          GError     **error);

/* galley-rest-client-errors.c */
GError *
_galley_rest_bad_response_error (void);

void
_galley_rest_log_failure (Request    *req,
                          gboolean    unexpected,
                          const char *format,
                          ...) G_GNUC_PRINTF (3, 4);

char *
_galley_rest_loggable (const Request *req,
                       const char    *text);

GError *
_galley_rest_network_error (void);

GError *
_galley_rest_not_signed_in_error (void);

JsonNode *
_galley_rest_parse_body (const GByteArray  *buf,
                         GError           **error);

GError *
_galley_rest_error_new (GalleyRestError  code,
                        const char      *message);

char *
_galley_rest_server_message (const GByteArray *buf);

GError *
_galley_rest_status_error (const Request *req,
                           guint          status,
                           const char    *message);

GError *
_galley_rest_timeout_error (void);

/* galley-rest-client-request.c */
gpointer
_galley_rest_tag (Call call);

const char *
_galley_rest_call_method (Call call);

void
_galley_rest_fail_call (GalleyRestClient    *self,
                        Call                 call,
                        GError              *error,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data);

gpointer
_galley_rest_propagate (GalleyRestClient  *self,
                        GAsyncResult      *result,
                        Call               call,
                        GError           **error);

void
_galley_rest_start_call (GalleyRestClient    *self,
                         Call                 call,
                         const char          *path,
                         JsonObject          *body,
                         const char          *secret,
                         const char          *idempotency_key,
                         const char          *target_status,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data);

G_END_DECLS
