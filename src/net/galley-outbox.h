/* galley-outbox.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "net/galley-rest-client.h"
#include "orders/galley-order-store.h"

G_BEGIN_DECLS

#define GALLEY_OUTBOX_LIMIT    10000
#define GALLEY_OUTBOX_HOLD_US  (G_GINT64_CONSTANT (12) * 3600 * G_USEC_PER_SEC)
/* The longest undo window a deferred change may have */
#define GALLEY_OUTBOX_MAX_DELAY_MS (10 * 60 * 1000)

#define GALLEY_OUTBOX_ERROR (galley_outbox_error_quark ())

typedef enum
{
  GALLEY_OUTBOX_ERROR_STORAGE,   /* the database could not be opened or written */
  GALLEY_OUTBOX_ERROR_FULL,      /* GALLEY_OUTBOX_LIMIT changes are waiting already */
} GalleyOutboxError;

/* What became of an order made at this terminal (galley_outbox_add_create()). */
typedef enum
{
  GALLEY_OUTBOX_CREATE_UNKNOWN,   /* not made here, or no longer kept (after two days) */
  GALLEY_OUTBOX_CREATE_WAITING,   /* saved here, not on the server yet */
  GALLEY_OUTBOX_CREATE_SENT,      /* on the server; it has an order id */
  GALLEY_OUTBOX_CREATE_REFUSED,   /* the server said no; there is a message why */
} GalleyOutboxCreateState;

#define GALLEY_TYPE_OUTBOX (galley_outbox_get_type ())
G_DECLARE_FINAL_TYPE (GalleyOutbox, galley_outbox, GALLEY, OUTBOX, GObject)

GQuark             galley_outbox_error_quark          (void);

GalleyOutbox      *galley_outbox_new                  (const char        *path,
                                                       GalleyRestClient  *rest,
                                                       GalleyOrderStore  *store,
                                                       GError           **error);
char              *galley_outbox_dup_default_path     (void);
const char        *galley_outbox_get_path             (GalleyOutbox      *self);

gint64             galley_outbox_add_status           (GalleyOutbox      *self,
                                                       const char        *order_id,
                                                       GalleyOrderStatus  target,
                                                       GError           **error);
gint64             galley_outbox_add_item_status      (GalleyOutbox      *self,
                                                       const char        *order_id,
                                                       const char        *item_id,
                                                       const char        *status,
                                                       GError           **error);
gint64             galley_outbox_add_status_deferred  (GalleyOutbox      *self,
                                                       const char        *order_id,
                                                       GalleyOrderStatus  target,
                                                       guint              delay_ms,
                                                       GError           **error);
gint64             galley_outbox_add_item_status_deferred (GalleyOutbox  *self,
                                                       const char        *order_id,
                                                       const char        *item_id,
                                                       const char        *status,
                                                       guint              delay_ms,
                                                       GError           **error);
gint64             galley_outbox_add_create           (GalleyOutbox      *self,
                                                       JsonObject        *body,
                                                       const char        *client_ref,
                                                       GError           **error);
GalleyOutboxCreateState galley_outbox_get_create_state (GalleyOutbox     *self,
                                                       const char        *client_ref,
                                                       char             **order_id,
                                                       char             **message);
char             **galley_outbox_dup_creates_since    (GalleyOutbox      *self,
                                                       gint64             since_us);
JsonObject        *galley_outbox_dup_create_body      (GalleyOutbox      *self,
                                                       const char        *client_ref);
gboolean           galley_outbox_cancel               (GalleyOutbox      *self,
                                                       gint64             seq);
gboolean           galley_outbox_is_pending           (GalleyOutbox      *self,
                                                       gint64             seq);
gboolean           galley_outbox_is_committed         (GalleyOutbox      *self,
                                                       gint64             seq);
GalleyOrderStatus  galley_outbox_get_pending_status   (GalleyOutbox      *self,
                                                       const char        *order_id);
guint              galley_outbox_get_depth            (GalleyOutbox      *self);
gint64             galley_outbox_get_oldest           (GalleyOutbox      *self);
guint              galley_outbox_get_n_held           (GalleyOutbox      *self);
void               galley_outbox_release_held         (GalleyOutbox      *self,
                                                       gboolean           send);
void               galley_outbox_set_live             (GalleyOutbox      *self,
                                                       gboolean           live);
gboolean           galley_outbox_get_live             (GalleyOutbox      *self);
gboolean           galley_outbox_get_busy             (GalleyOutbox      *self);
guint64            galley_outbox_get_sent             (GalleyOutbox      *self);
guint64            galley_outbox_get_conflicts        (GalleyOutbox      *self);
gboolean           galley_outbox_get_line_status_supported (GalleyOutbox *self);
void               galley_outbox_set_line_status_supported (GalleyOutbox *self,
                                                       gboolean           supported);
void               galley_outbox_set_retry_delay      (GalleyOutbox      *self,
                                                       guint              base_ms);

G_END_DECLS
