/* galley-outbox-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the files of GalleyOutbox only: galley-outbox.c (the object and its public API),
 * galley-outbox-store.c (the SQLite file and the queue that mirrors it),
 * galley-outbox-replay.c (the send state machine) and galley-outbox-create.c (orders made
 * at the counter).
 */
#pragma once

#include <sqlite3.h>

#include "net/galley-outbox.h"

G_BEGIN_DECLS

#define GALLEY_OUTBOX_KIND_STATUS      "status"
#define GALLEY_OUTBOX_KIND_ITEM_STATUS "item-status"
#define GALLEY_OUTBOX_KIND_CREATE      "create"   /* order_id holds the client reference */

/* The schema this build writes (PRAGMA user_version): 1 added not_before, 2 the creates
 * table (galley-outbox-create.c). */
#define GALLEY_OUTBOX_SCHEMA_VERSION   2

/* Consecutive 5xx answers on the line-status route, each with the order itself readable,
 * after which the route counts as not implemented. The REST client reports 501 like any
 * other 5xx (GALLEY_REST_ERROR_SERVER), so one answer cannot tell it from a 503. */
#define GALLEY_OUTBOX_LINE_STATUS_SERVER_ERRORS 3

/* Why a line-status PATCH failed in a way that may mean the server lacks the route; settled
 * by reading the order again (GET /orders/:id): gone, or there and the route missing. */
typedef enum
{
  GALLEY_OUTBOX_ROUTE_OK,
  GALLEY_OUTBOX_ROUTE_NOT_FOUND,    /* 404: no route, or no such line */
  GALLEY_OUTBOX_ROUTE_REFUSED,      /* other 4xx, 405 among them */
  GALLEY_OUTBOX_ROUTE_SERVER_ERROR, /* 5xx, 501 among them */
} GalleyOutboxRouteCheck;

typedef struct
{
  gint64                 seq;
  char                  *kind;
  char                  *order_id;
  char                  *item_id;
  char                  *target;
  gint64                 created_at;    /* unix µs */
  gint64                 not_before;    /* unix µs; not sent before (the undo window) */
  gint64                 due;           /* monotonic µs: not_before on this run's clock */
  gboolean               held;          /* older than GALLEY_OUTBOX_HOLD_US: waits for a person */
  gboolean               committed;     /* replay began on it: it can no longer be cancelled */
  gboolean               need_reread;   /* the last attempt's outcome is unknown: read first */
  guint                  attempts;
  GalleyOutboxRouteCheck route_check;   /* line-status entries only */
  guint                  server_errors; /* line-status entries only: consecutive 5xx */
} GalleyOutboxEntry;

struct _GalleyOutbox
{
  GObject           parent_instance;

  char             *path;
  sqlite3          *db;
  sqlite3_stmt     *insert_stmt;
  sqlite3_stmt     *delete_stmt;

  GalleyRestClient *rest;
  GalleyOrderStore *store;
  gulong            base_url_id;          /* on rest: a new server may have the extension */
  gulong            restaurant_id_id;

  GQueue            entries;              /* GalleyOutboxEntry*, oldest first */
  gboolean          live;
  gboolean          busy;                 /* a request is in flight */
  gboolean          line_status_supported;
  GCancellable     *cancellable;
  guint             retry_id;             /* galley-outbox-retry */
  guint             kick_id;              /* galley-outbox-kick */
  guint             defer_id;             /* galley-outbox-defer: the head's undo window */
  guint             retry_base_ms;
  GRand            *rand;

  guint64           sent;
  guint64           conflicts;
};

/* galley-outbox.c: notifications and signals */
void               _galley_outbox_notify_depth          (GalleyOutbox        *self);
void               _galley_outbox_set_busy              (GalleyOutbox        *self,
                                                         gboolean             busy);
void               _galley_outbox_emit_committed        (GalleyOutbox        *self,
                                                         gint64               seq);
void               _galley_outbox_emit_conflict         (GalleyOutbox        *self,
                                                         const char          *order_id,
                                                         const char          *message);
void               _galley_outbox_emit_create_changed   (GalleyOutbox        *self,
                                                         const char          *client_ref);

/* galley-outbox-store.c: the database and the queue that mirrors it */
void               _galley_outbox_entry_free            (GalleyOutboxEntry   *entry);
gboolean           _galley_outbox_store_open            (GalleyOutbox        *self,
                                                         GError             **error);
void               _galley_outbox_store_close           (GalleyOutbox        *self);
gint64             _galley_outbox_store_add             (GalleyOutbox        *self,
                                                         const char          *kind,
                                                         const char          *order_id,
                                                         const char          *item_id,
                                                         const char          *target,
                                                         guint                delay_ms,
                                                         GError             **error);
gboolean           _galley_outbox_store_remove          (GalleyOutbox        *self,
                                                         GList               *link,
                                                         gboolean             must_persist);
GList             *_galley_outbox_store_find            (GalleyOutbox        *self,
                                                         gint64               seq);
void               _galley_outbox_store_forget_tail     (GalleyOutbox        *self);
gboolean           _galley_outbox_storage_error         (GalleyOutbox        *self,
                                                         const char          *what,
                                                         GError             **error);

/* galley-outbox-create.c: orders made at the counter (R-OUT-7) */
gboolean           _galley_outbox_creates_open          (GalleyOutbox        *self,
                                                         GError             **error);
gboolean           _galley_outbox_creates_was_attempted (GalleyOutbox        *self,
                                                         const char          *client_ref);
void               _galley_outbox_process_create        (GalleyOutbox        *self,
                                                         GalleyOutboxEntry   *entry);

/* galley-outbox-replay.c: the send state machine */
void               _galley_outbox_replay_kick           (GalleyOutbox        *self);
void               _galley_outbox_replay_stop           (GalleyOutbox        *self);
void               _galley_outbox_replay_retry_later    (GalleyOutbox        *self,
                                                         GalleyOutboxEntry   *entry);

G_END_DECLS
