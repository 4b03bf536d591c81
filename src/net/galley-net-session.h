/* galley-net-session.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The one SoupSession of the process (R-LIFE-3): REST calls and the order WebSocket share
 * it, with a user agent, timeouts, TLS verification on and no cookie jar (a kept auth_token
 * cookie would override the current user's Bearer token: spec §4.1). */

#define GALLEY_TYPE_NET_SESSION (galley_net_session_get_type ())
G_DECLARE_FINAL_TYPE (GalleyNetSession, galley_net_session, GALLEY, NET_SESSION, GObject)

GalleyNetSession *galley_net_session_get_default (void);
GalleyNetSession *galley_net_session_new         (void);
SoupSession      *galley_net_session_get_soup    (GalleyNetSession *self);

G_END_DECLS
