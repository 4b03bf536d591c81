/* galley-outbox.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The durable outbox of status changes (spec/order-protocol.md §6.5). A bump is written to
 * SQLite (WAL, synchronous=FULL) before anyone is told it happened, so a crash or a kill -9
 * at any moment loses nothing the screen showed. While the link is live the entries are sent
 * in the order they were made, one request at a time, each by comparing the wanted status
 * with the server's current one first: a change already applied is not sent again, and a
 * change no longer possible is dropped and reported, never retried forever (R-OUT-1..6).
 *
 * A change may be deferred ("bump, then 5 s to undo"): it is durable at once, but not sent
 * before its undo window has passed, and until then galley_outbox_cancel() takes it back.
 *
 * This file holds the object and its public API; galley-outbox-store.c the SQLite file and
 * galley-outbox-replay.c the send state machine.
 */
#define G_LOG_DOMAIN "galley-outbox"

#include "net/galley-outbox-private.h"

G_DEFINE_QUARK (galley-outbox-error-quark, galley_outbox_error)

G_DEFINE_FINAL_TYPE (GalleyOutbox, galley_outbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DEPTH,
  PROP_N_HELD,
  PROP_LIVE,
  PROP_BUSY,
  PROP_LINE_STATUS_SUPPORTED,
  N_PROPS
};

enum {
  CONFLICT,
  COMMITTED,
  CREATE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* A different server, or a different restaurant, may have the line-status extension. */
static void
server_changed_cb (GalleyOutbox *self)
{
  galley_outbox_set_line_status_supported (self, TRUE);
}

static gint64
add (GalleyOutbox  *self,
     const char    *kind,
     const char    *order_id,
     const char    *item_id,
     const char    *target,
     guint          delay_ms,
     GError       **error)
{
  gint64 seq = _galley_outbox_store_add (self, kind, order_id, item_id, target, delay_ms, error);

  if (seq != 0)
    _galley_outbox_replay_kick (self);

  return seq;
}

static GalleyOutboxEntry *
find_entry (GalleyOutbox *self,
            gint64        seq)
{
  GList *link = _galley_outbox_store_find (self, seq);

  return link != NULL ? link->data : NULL;
}

/* ------------------------------------------------------------------ for the satellites */

void
_galley_outbox_notify_depth (GalleyOutbox *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEPTH]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HELD]);
}

void
_galley_outbox_set_busy (GalleyOutbox *self,
                         gboolean      busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
_galley_outbox_emit_committed (GalleyOutbox *self,
                               gint64        seq)
{
  g_signal_emit (self, signals[COMMITTED], 0, seq);
}

void
_galley_outbox_emit_conflict (GalleyOutbox *self,
                              const char   *order_id,
                              const char   *message)
{
  g_signal_emit (self, signals[CONFLICT], 0, order_id, message);
}

void
_galley_outbox_emit_create_changed (GalleyOutbox *self,
                                    const char   *client_ref)
{
  g_signal_emit (self, signals[CREATE_CHANGED], 0, client_ref);
}

/* ------------------------------------------------------------------ GObject */

static void
galley_outbox_dispose (GObject *object)
{
  GalleyOutbox *self = GALLEY_OUTBOX (object);

  /* 1. sources: retry, kick and the undo-window timeout */
  _galley_outbox_replay_stop (self);

  /* 2. handlers on the REST client, which others share */
  if (self->rest != NULL)
    {
      g_clear_signal_handler (&self->base_url_id, self->rest);
      g_clear_signal_handler (&self->restaurant_id_id, self->rest);
    }

  /* 3. the request in flight; 4. the database */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  _galley_outbox_store_close (self);

  /* 5. references */
  g_clear_object (&self->rest);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (galley_outbox_parent_class)->dispose (object);
}

static void
galley_outbox_finalize (GObject *object)
{
  GalleyOutbox *self = GALLEY_OUTBOX (object);

  g_assert (self->db == NULL);
  g_assert (self->retry_id == 0 && self->kick_id == 0 && self->defer_id == 0);
  g_assert (self->base_url_id == 0 && self->restaurant_id_id == 0);

  g_queue_clear_full (&self->entries, (GDestroyNotify) _galley_outbox_entry_free);
  g_clear_pointer (&self->rand, g_rand_free);
  g_free (self->path);

  G_OBJECT_CLASS (galley_outbox_parent_class)->finalize (object);
}

static void
galley_outbox_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GalleyOutbox *self = GALLEY_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_DEPTH:
      g_value_set_uint (value, self->entries.length);
      break;

    case PROP_N_HELD:
      g_value_set_uint (value, galley_outbox_get_n_held (self));
      break;

    case PROP_LIVE:
      g_value_set_boolean (value, self->live);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_LINE_STATUS_SUPPORTED:
      g_value_set_boolean (value, self->line_status_supported);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_outbox_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GalleyOutbox *self = GALLEY_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_LINE_STATUS_SUPPORTED:
      galley_outbox_set_line_status_supported (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_outbox_class_init (GalleyOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = galley_outbox_dispose;
  object_class->finalize = galley_outbox_finalize;
  object_class->get_property = galley_outbox_get_property;
  object_class->set_property = galley_outbox_set_property;

  properties[PROP_DEPTH] =
    g_param_spec_uint ("depth", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_HELD] =
    g_param_spec_uint ("n-held", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIVE] =
    g_param_spec_boolean ("live", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GalleyOutbox:line-status-supported:
   *
   * Whether line status changes are relayed to the server. It turns %FALSE by itself when
   * the server shows it lacks the Galley line-status route, and %TRUE again when the REST
   * client's base-url or restaurant-id changes; set it to %TRUE after signing in again to
   * try once more, or to %FALSE to keep lines on this terminal.
   */
  properties[PROP_LINE_STATUS_SUPPORTED] =
    g_param_spec_boolean ("line-status-supported", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GalleyOutbox::conflict:
   * @order_id: the order
   * @message: why the change was dropped, for the person who made it
   */
  signals[CONFLICT] = g_signal_new ("conflict", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                    G_TYPE_STRING, G_TYPE_STRING);

  /**
   * GalleyOutbox::committed:
   * @seq: the entry
   *
   * The entry's undo window is over: it is at the head of the queue, its not-before time has
   * passed and the outbox is live, so the outbox starts on it now (the first request follows
   * from the main loop, or it is settled without one). From this signal on
   * galley_outbox_cancel() returns %FALSE for @seq. A view ends its Undo affordance here.
   * Emitted once per entry and run, never for an entry that was cancelled. An entry loaded
   * from the database starts uncommitted: a change whose first request went out just before
   * a crash can be cancelled after the restart (its remaining steps are then not sent).
   */
  signals[COMMITTED] = g_signal_new ("committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * GalleyOutbox::create-changed:
   * @client_ref: the order's client reference
   *
   * An order made at this terminal was saved, sent, or refused: read its state with
   * galley_outbox_get_create_state().
   */
  signals[CREATE_CHANGED] = g_signal_new ("create-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          1, G_TYPE_STRING);
}

static void
galley_outbox_init (GalleyOutbox *self)
{
  g_queue_init (&self->entries);
  self->cancellable = g_cancellable_new ();
  self->rand = g_rand_new ();
  self->retry_base_ms = 1000;
  self->line_status_supported = TRUE;
}

/* ------------------------------------------------------------------ public */

/**
 * galley_outbox_dup_default_path:
 *
 * Returns: (transfer full): $XDG_STATE_HOME/galley/outbox.sqlite
 */
char *
galley_outbox_dup_default_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "galley", "outbox.sqlite", NULL);
}

/**
 * galley_outbox_new:
 * @path: (nullable): the database file, or %NULL for the default
 *
 * Opens (or creates) the outbox, brings a file of an older Galley up to date, and loads the
 * changes a previous run left; deferred ones keep their not-before time.
 *
 * Returns: (transfer full) (nullable): the outbox, or %NULL if the database cannot be used
 */
GalleyOutbox *
galley_outbox_new (const char        *path,
                   GalleyRestClient  *rest,
                   GalleyOrderStore  *store,
                   GError           **error)
{
  g_autoptr(GalleyOutbox) self = NULL;

  g_return_val_if_fail (GALLEY_IS_REST_CLIENT (rest), NULL);
  g_return_val_if_fail (GALLEY_IS_ORDER_STORE (store), NULL);

  self = g_object_new (GALLEY_TYPE_OUTBOX, NULL);
  self->path = path != NULL ? g_strdup (path) : galley_outbox_dup_default_path ();
  self->rest = g_object_ref (rest);
  self->store = g_object_ref (store);
  self->base_url_id = g_signal_connect_object (rest, "notify::base-url",
                                               G_CALLBACK (server_changed_cb), self,
                                               G_CONNECT_SWAPPED);
  self->restaurant_id_id = g_signal_connect_object (rest, "notify::restaurant-id",
                                                    G_CALLBACK (server_changed_cb), self,
                                                    G_CONNECT_SWAPPED);

  if (!_galley_outbox_store_open (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
galley_outbox_get_path (GalleyOutbox *self)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), NULL);

  return self->path;
}

/**
 * galley_outbox_add_status:
 * @target: the status the order should reach
 *
 * Writes the change durably, then sends it when the link is live. Only after this returns
 * may the screen show the change as done (pending). Same as
 * galley_outbox_add_status_deferred() with a delay of 0.
 *
 * Returns: the entry's sequence number, or 0 with @error set
 */
gint64
galley_outbox_add_status (GalleyOutbox       *self,
                          const char         *order_id,
                          GalleyOrderStatus   target,
                          GError            **error)
{
  return galley_outbox_add_status_deferred (self, order_id, target, 0, error);
}

/**
 * galley_outbox_add_status_deferred:
 * @target: the status the order should reach
 * @delay_ms: the undo window, at most %GALLEY_OUTBOX_MAX_DELAY_MS
 *
 * Writes the change durably at once (it survives a crash from the moment this returns,
 * R-OUT-1) but sends nothing before @delay_ms have passed; until then, and until
 * #GalleyOutbox::committed, galley_outbox_cancel() takes it back. The order of the queue is
 * kept: changes made after this one wait behind it. After a restart the window continues
 * where it was (a window that ended during the downtime is over).
 *
 * Returns: the entry's sequence number, or 0 with @error set
 */
gint64
galley_outbox_add_status_deferred (GalleyOutbox       *self,
                                   const char         *order_id,
                                   GalleyOrderStatus   target,
                                   guint               delay_ms,
                                   GError            **error)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), 0);
  g_return_val_if_fail (order_id != NULL, 0);
  g_return_val_if_fail (galley_order_status_to_string (target) != NULL, 0);
  g_return_val_if_fail (delay_ms <= GALLEY_OUTBOX_MAX_DELAY_MS, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return add (self, GALLEY_OUTBOX_KIND_STATUS, order_id, NULL,
              galley_order_status_to_string (target), delay_ms, error);
}

/**
 * galley_outbox_add_item_status:
 *
 * Like galley_outbox_add_status() for one line ("pending", "preparing", "ready"). Relaying
 * line status is best effort: a server without the line-status extension gets none (see
 * #GalleyOutbox:line-status-supported).
 *
 * Returns: the entry's sequence number, or 0 with @error set
 */
gint64
galley_outbox_add_item_status (GalleyOutbox  *self,
                               const char    *order_id,
                               const char    *item_id,
                               const char    *status,
                               GError       **error)
{
  return galley_outbox_add_item_status_deferred (self, order_id, item_id, status, 0, error);
}

/**
 * galley_outbox_add_item_status_deferred:
 * @delay_ms: the undo window, at most %GALLEY_OUTBOX_MAX_DELAY_MS
 *
 * galley_outbox_add_item_status() with an undo window, as galley_outbox_add_status_deferred().
 *
 * Returns: the entry's sequence number, or 0 with @error set
 */
gint64
galley_outbox_add_item_status_deferred (GalleyOutbox  *self,
                                        const char    *order_id,
                                        const char    *item_id,
                                        const char    *status,
                                        guint          delay_ms,
                                        GError       **error)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), 0);
  g_return_val_if_fail (order_id != NULL && item_id != NULL && status != NULL, 0);
  g_return_val_if_fail (delay_ms <= GALLEY_OUTBOX_MAX_DELAY_MS, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return add (self, GALLEY_OUTBOX_KIND_ITEM_STATUS, order_id, item_id, status, delay_ms, error);
}

/**
 * galley_outbox_cancel:
 * @seq: an entry's sequence number
 *
 * Takes back a change the outbox has not started on (see #GalleyOutbox::committed): it is
 * deleted from the database (durably: it will not go out after a restart either) and from
 * the queue, and the entries behind it move up.
 *
 * Returns: %TRUE if the entry was removed; %FALSE if it is unknown, already done or
 *   dropped, started (a request for it was sent or is in flight), or could not be deleted
 */
gboolean
galley_outbox_cancel (GalleyOutbox *self,
                      gint64        seq)
{
  GList *link;
  gboolean was_head;

  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), FALSE);

  link = _galley_outbox_store_find (self, seq);
  if (link == NULL || ((GalleyOutboxEntry *) link->data)->committed ||
      g_strcmp0 (((GalleyOutboxEntry *) link->data)->kind, GALLEY_OUTBOX_KIND_CREATE) == 0)
    return FALSE;   /* an order, once saved, is sent: it is corrected on the server */

  was_head = link == self->entries.head;
  if (!_galley_outbox_store_remove (self, link, TRUE))
    return FALSE;

  g_debug ("Change #%" G_GINT64_FORMAT " cancelled", seq);
  if (was_head)
    {
      /* the next entry may be due already */
      g_clear_handle_id (&self->defer_id, g_source_remove);
      _galley_outbox_replay_kick (self);
    }

  return TRUE;
}

/**
 * galley_outbox_is_pending:
 * @seq: an entry's sequence number
 *
 * Returns: %TRUE while the entry is in the outbox: waiting (deferred or not), held, or
 *   being sent
 */
gboolean
galley_outbox_is_pending (GalleyOutbox *self,
                          gint64        seq)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), FALSE);

  return find_entry (self, seq) != NULL;
}

/**
 * galley_outbox_is_committed:
 * @seq: an entry's sequence number
 *
 * Returns: %TRUE if the entry is in the outbox and can no longer be cancelled
 */
gboolean
galley_outbox_is_committed (GalleyOutbox *self,
                            gint64        seq)
{
  GalleyOutboxEntry *entry;

  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), FALSE);

  entry = find_entry (self, seq);

  return entry != NULL && entry->committed;
}

/**
 * galley_outbox_get_pending_status:
 *
 * Deferred changes count: a bump still in its undo window shows as pending.
 *
 * Returns: the status the newest waiting change sets for @order_id, or
 *   %GALLEY_ORDER_STATUS_UNKNOWN when none waits (the overlay a card shows as pending)
 */
GalleyOrderStatus
galley_outbox_get_pending_status (GalleyOutbox *self,
                                  const char   *order_id)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), GALLEY_ORDER_STATUS_UNKNOWN);

  for (GList *l = self->entries.tail; l != NULL; l = l->prev)
    {
      GalleyOutboxEntry *entry = l->data;

      if (g_strcmp0 (entry->kind, GALLEY_OUTBOX_KIND_STATUS) == 0 &&
          g_strcmp0 (entry->order_id, order_id) == 0)
        return galley_order_status_from_string (entry->target);
    }

  return GALLEY_ORDER_STATUS_UNKNOWN;
}

guint
galley_outbox_get_depth (GalleyOutbox *self)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), 0);

  return self->entries.length;
}

/**
 * galley_outbox_get_oldest:
 *
 * Returns: when the oldest waiting change was made (unix µs), or 0
 */
gint64
galley_outbox_get_oldest (GalleyOutbox *self)
{
  GalleyOutboxEntry *entry;

  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), 0);

  entry = g_queue_peek_head (&self->entries);

  return entry != NULL ? entry->created_at : 0;
}

guint
galley_outbox_get_n_held (GalleyOutbox *self)
{
  guint n = 0;

  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), 0);

  for (GList *l = self->entries.head; l != NULL; l = l->next)
    n += ((GalleyOutboxEntry *) l->data)->held;

  return n;
}

/**
 * galley_outbox_release_held:
 * @send: %TRUE to send the old changes after all, %FALSE to drop them
 *
 * The answer of the person asked about changes older than 12 hours (R-OUT-6).
 */
void
galley_outbox_release_held (GalleyOutbox *self,
                            gboolean      send)
{
  g_return_if_fail (GALLEY_IS_OUTBOX (self));

  while (!g_queue_is_empty (&self->entries) &&
         ((GalleyOutboxEntry *) g_queue_peek_head (&self->entries))->held && !send)
    _galley_outbox_store_remove (self, self->entries.head, FALSE);

  for (GList *l = self->entries.head; l != NULL && send; l = l->next)
    ((GalleyOutboxEntry *) l->data)->held = FALSE;
  /* a confirmed entry is not held again for its age */
  for (GList *l = self->entries.head; l != NULL && send; l = l->next)
    ((GalleyOutboxEntry *) l->data)->created_at =
      MAX (((GalleyOutboxEntry *) l->data)->created_at,
           g_get_real_time () - GALLEY_OUTBOX_HOLD_US + 1);

  _galley_outbox_notify_depth (self);
  _galley_outbox_replay_kick (self);
}

/**
 * galley_outbox_set_live:
 *
 * Sends only while the link is live, i.e. after the post-reconnect snapshot, so decisions are
 * made against current server statuses (R-OUT-2).
 */
void
galley_outbox_set_live (GalleyOutbox *self,
                        gboolean      live)
{
  g_return_if_fail (GALLEY_IS_OUTBOX (self));

  if (self->live == live)
    return;

  self->live = live;

  /* the undo-window timeout and the retry belong to the previous state */
  g_clear_handle_id (&self->defer_id, g_source_remove);
  if (live)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      _galley_outbox_replay_kick (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);
}

gboolean
galley_outbox_get_live (GalleyOutbox *self)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), FALSE);

  return self->live;
}

gboolean
galley_outbox_get_busy (GalleyOutbox *self)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), FALSE);

  return self->busy;
}

guint64
galley_outbox_get_sent (GalleyOutbox *self)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), 0);

  return self->sent;
}

guint64
galley_outbox_get_conflicts (GalleyOutbox *self)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), 0);

  return self->conflicts;
}

gboolean
galley_outbox_get_line_status_supported (GalleyOutbox *self)
{
  g_return_val_if_fail (GALLEY_IS_OUTBOX (self), FALSE);

  return self->line_status_supported;
}

/**
 * galley_outbox_set_line_status_supported:
 * @supported: %TRUE to relay line status (again), %FALSE to keep it on this terminal
 *
 * See #GalleyOutbox:line-status-supported.
 */
void
galley_outbox_set_line_status_supported (GalleyOutbox *self,
                                         gboolean      supported)
{
  g_return_if_fail (GALLEY_IS_OUTBOX (self));

  supported = !!supported;
  if (self->line_status_supported == supported)
    return;

  self->line_status_supported = supported;
  g_debug ("Line status %s", supported ? "relayed to the server" : "kept on this terminal");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE_STATUS_SUPPORTED]);
}

void
galley_outbox_set_retry_delay (GalleyOutbox *self,
                               guint         base_ms)
{
  g_return_if_fail (GALLEY_IS_OUTBOX (self));

  self->retry_base_ms = MAX (base_ms, 1);
}
