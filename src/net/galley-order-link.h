/* galley-order-link.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "net/galley-link-message.h"
#include "net/galley-net-session.h"

G_BEGIN_DECLS

typedef enum
{
  GALLEY_LINK_DISCONNECTED,    /* nobody subscribed: no socket, no timer */
  GALLEY_LINK_CONNECTING,      /* WebSocket handshake */
  GALLEY_LINK_AUTHENTICATING,  /* "auth" sent, waiting for auth:success */
  GALLEY_LINK_SYNCING,         /* authenticated; the snapshot is being fetched */
  GALLEY_LINK_LIVE,            /* snapshot applied; events flow */
  GALLEY_LINK_WAITING,         /* waiting to retry after a failure */
  GALLEY_LINK_AUTH_FAILED,     /* credentials refused: no automatic retry */
  GALLEY_LINK_STOPPED,         /* gave up after the maximum of attempts, or bad configuration */
} GalleyLinkState;

/* Every time the link waits for; tests shorten them. */
typedef struct
{
  guint ping_interval_ms;      /* app-level ping after auth:success (30 s) */
  guint dead_after_ms;         /* no frame for this long: stale (60 s, R-LIVE-1) */
  guint auth_timeout_ms;       /* auth:success must come within (10 s, R-LIVE-3) */
  guint handshake_timeout_ms;  /* the WebSocket handshake (15 s) */
  guint backoff_base_ms;       /* first retry delay (2 s, R-RECON-1) */
  guint backoff_cap_ms;        /* largest delay before jitter (30 s) */
  guint max_attempts;          /* then STOPPED with a Retry action; 0: never stop (15) */
  guint idle_grace_ms;         /* after the last subscriber leaves, close after (5 s) */
} GalleyLinkTimings;

void galley_link_timings_init_default (GalleyLinkTimings *timings);

/* Receives the messages of one type ("order:created", …, "*" for all). The message is only
 * valid during the call. */
typedef void (*GalleyLinkHandler) (const GalleyLinkMessage *message,
                                   gpointer                 user_data);

#define GALLEY_TYPE_LINK_STATE (galley_link_state_get_type ())
GType galley_link_state_get_type (void);

#define GALLEY_TYPE_ORDER_LINK (galley_order_link_get_type ())
G_DECLARE_FINAL_TYPE (GalleyOrderLink, galley_order_link, GALLEY, ORDER_LINK, GObject)

GalleyOrderLink *galley_order_link_new              (GalleyNetSession        *session);
void             galley_order_link_set_timings      (GalleyOrderLink         *self,
                                                     const GalleyLinkTimings *timings);
void             galley_order_link_get_timings      (GalleyOrderLink         *self,
                                                     GalleyLinkTimings       *timings);
void             galley_order_link_configure        (GalleyOrderLink         *self,
                                                     const char              *base_url,
                                                     const char              *restaurant_id);
void             galley_order_link_set_token        (GalleyOrderLink         *self,
                                                     const char              *token);

guint            galley_order_link_subscribe        (GalleyOrderLink         *self,
                                                     const char              *type,
                                                     GalleyLinkHandler        handler,
                                                     gpointer                 user_data,
                                                     GDestroyNotify           destroy);
void             galley_order_link_unsubscribe      (GalleyOrderLink         *self,
                                                     guint                    id);
guint            galley_order_link_get_n_subscribers (GalleyOrderLink        *self);

void             galley_order_link_retry_now        (GalleyOrderLink         *self);
void             galley_order_link_mark_live        (GalleyOrderLink         *self);
void             galley_order_link_fail             (GalleyOrderLink         *self,
                                                     const char              *reason);
void             galley_order_link_auth_failed      (GalleyOrderLink         *self,
                                                     const char              *reason);

GalleyLinkState  galley_order_link_get_state        (GalleyOrderLink         *self);
const char      *galley_order_link_get_state_name   (GalleyOrderLink         *self);
guint            galley_order_link_get_attempt      (GalleyOrderLink         *self);
gint64           galley_order_link_get_next_retry   (GalleyOrderLink         *self);
gint64           galley_order_link_get_last_frame   (GalleyOrderLink         *self);
const char      *galley_order_link_get_last_error   (GalleyOrderLink         *self);
guint            galley_order_link_get_reconnects   (GalleyOrderLink         *self);
guint64          galley_order_link_get_frames_received (GalleyOrderLink      *self);
guint64          galley_order_link_get_frames_rejected (GalleyOrderLink      *self);

G_END_DECLS
