/* galley-order-link-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the files of GalleyOrderLink only (core, state, frames).
 */
#pragma once

#include <libsoup/soup.h>

#include "net/galley-order-link.h"

G_BEGIN_DECLS

#define ALL_TYPES "*"

typedef struct
{
  guint              id;
  char              *type;
  GalleyLinkHandler  handler;
  gpointer           user_data;
  GDestroyNotify     destroy;
} Subscriber;

struct _GalleyOrderLink
{
  GObject                  parent_instance;

  GalleyNetSession        *session;
  GalleyLinkTimings        timings;
  char                    *base_url;
  char                    *restaurant_id;
  char                    *token;         /* never logged */
  char                    *config_error;
  GRand                   *rand;

  GHashTable              *subscribers;   /* id -> Subscriber* (owned) */
  guint                    next_subscriber_id;

  GalleyLinkState          state;
  guint                    attempt;
  gint64                   next_retry;    /* monotonic µs, 0 when none */
  gint64                   last_frame;    /* monotonic µs, 0 before the first */
  char                    *last_error;
  guint                    reconnects;
  guint64                  frames_received;
  guint64                  frames_rejected;

  GCancellable            *connect_cancellable;
  SoupWebsocketConnection *conn;
  GPtrArray               *retired;       /* connections to release outside their signals */
  gulong                   message_id;
  gulong                   closed_id;
  gulong                   error_id;

  guint                    retry_id;
  guint                    handshake_id;
  guint                    auth_id;
  guint                    deadline_id;
  guint                    ping_id;
  guint                    grace_id;
  guint                    release_id;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_ATTEMPT,
  PROP_NEXT_RETRY,
  PROP_LAST_FRAME,
  PROP_LAST_ERROR,
  PROP_RECONNECTS,
  PROP_N_SUBSCRIBERS,
  N_PROPS
};

/* galley-order-link.c */
const char *
_galley_order_link_state_nick (GalleyLinkState state);

void
_galley_order_link_notify (GalleyOrderLink *self,
                           guint            prop_id);

int
_galley_order_link_compare_ids (gconstpointer a,
                                gconstpointer b);

/* galley-order-link-frames.c */
void
_galley_order_link_arm_deadline (GalleyOrderLink *self);

gboolean
_galley_order_link_auth_timeout_cb (gpointer user_data);

void
_galley_order_link_closed_cb (SoupWebsocketConnection *conn,
                              gpointer                 user_data);

void
_galley_order_link_error_cb (SoupWebsocketConnection *conn,
                             GError                  *error,
                             gpointer                 user_data);

gboolean
_galley_order_link_handshake_timeout_cb (gpointer user_data);

void
_galley_order_link_message_cb (SoupWebsocketConnection *conn,
                               SoupWebsocketDataType    data_type,
                               GBytes                  *bytes,
                               gpointer                 user_data);

void
_galley_order_link_send_frame (GalleyOrderLink *self,
                               JsonObject      *frame);

/* galley-order-link-state.c */
void
_galley_order_link_connect_now (GalleyOrderLink *self);

void
_galley_order_link_enter_auth_failed (GalleyOrderLink *self,
                                      const char      *reason);

gboolean
_galley_order_link_grace_cb (gpointer user_data);

void
_galley_order_link_schedule_retry (GalleyOrderLink *self,
                                   const char      *reason);

void
_galley_order_link_set_attempt (GalleyOrderLink *self,
                                guint            attempt);

void
_galley_order_link_set_last_error (GalleyOrderLink *self,
                                   const char      *error);

void
_galley_order_link_set_next_retry (GalleyOrderLink *self,
                                   gint64           next_retry);

void
_galley_order_link_set_state (GalleyOrderLink *self,
                              GalleyLinkState  state);

void
_galley_order_link_teardown_connection (GalleyOrderLink *self,
                                        gboolean         send_close);

G_END_DECLS
