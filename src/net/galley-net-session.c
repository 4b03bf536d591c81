/* galley-net-session.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The process's one SoupSession (R-LIFE-3). REST calls and the order WebSocket share its
 * connection pool. It has no cookie jar on purpose: the restaurant server reads the
 * auth_token cookie before the Bearer header, so a cookie kept from an earlier login would
 * silently act for the previous user (spec/order-protocol.md §4.1).
 */
#define G_LOG_DOMAIN "galley-net-session"

#include "config.h"

#include "net/galley-net-session.h"

#define USER_AGENT          "Galley/" PACKAGE_VERSION
#define IO_TIMEOUT_S        30
#define IDLE_TIMEOUT_S      60
#define MAX_CONNS           16
#define MAX_CONNS_PER_HOST  6

struct _GalleyNetSession
{
  GObject      parent_instance;

  SoupSession *soup;
};

G_DEFINE_FINAL_TYPE (GalleyNetSession, galley_net_session, G_TYPE_OBJECT)

/* Shared while somebody holds a reference and freed with the last one, like the default
 * GalleyClock: a test that drops every client leaves no session behind. */
static GalleyNetSession *default_session;

static void
galley_net_session_dispose (GObject *object)
{
  GalleyNetSession *self = GALLEY_NET_SESSION (object);

  /* Requests in flight belong to their owners, who cancel them; an idle pooled connection
   * closes when the SoupSession is finalized. */
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (galley_net_session_parent_class)->dispose (object);
}

static void
galley_net_session_finalize (GObject *object)
{
  GalleyNetSession *self = GALLEY_NET_SESSION (object);

  g_assert (self->soup == NULL);

  if (default_session == self)
    default_session = NULL;

  G_OBJECT_CLASS (galley_net_session_parent_class)->finalize (object);
}

static void
galley_net_session_class_init (GalleyNetSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = galley_net_session_dispose;
  object_class->finalize = galley_net_session_finalize;
}

static void
galley_net_session_init (GalleyNetSession *self)
{
  /* TLS verification is libsoup's default (the system database) and stays on. No
   * SoupCookieJar is added: soup_session_new_with_options() adds none. */
  self->soup = soup_session_new_with_options ("user-agent", USER_AGENT,
                                              "timeout", IO_TIMEOUT_S,
                                              "idle-timeout", IDLE_TIMEOUT_S,
                                              "max-conns", MAX_CONNS,
                                              "max-conns-per-host", MAX_CONNS_PER_HOST,
                                              NULL);

  g_assert (soup_session_get_feature (self->soup, SOUP_TYPE_COOKIE_JAR) == NULL);
}

/**
 * galley_net_session_get_default:
 *
 * The process-wide session. It is created on first use and lives while somebody holds a
 * reference, so there is never a second one.
 *
 * Returns: (transfer full): the shared session
 */
GalleyNetSession *
galley_net_session_get_default (void)
{
  if (default_session != NULL)
    return g_object_ref (default_session);

  default_session = galley_net_session_new ();
  g_debug ("Shared network session created");

  return default_session;
}

/**
 * galley_net_session_new:
 *
 * A private session, for tests. The application uses galley_net_session_get_default().
 *
 * Returns: (transfer full): a new session
 */
GalleyNetSession *
galley_net_session_new (void)
{
  return g_object_new (GALLEY_TYPE_NET_SESSION, NULL);
}

/**
 * galley_net_session_get_soup:
 *
 * Returns: (transfer none): the SoupSession, valid while @self is
 */
SoupSession *
galley_net_session_get_soup (GalleyNetSession *self)
{
  g_return_val_if_fail (GALLEY_IS_NET_SESSION (self), NULL);

  return self->soup;
}
