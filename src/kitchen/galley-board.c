/* galley-board.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kitchen board of one screen: a station ("grill"), every station ("all") or expo. It
 * follows the order store and keeps a GalleyTicket per order, and is itself the GListModel
 * of the tickets to show on the main board, rush first, then oldest first (K-18), so tickets
 * keep their places when others arrive or leave. Scheduled orders wait in their own list
 * until they fire (K-16). Time comes from galley_board_tick(), called by the view on each
 * tick of the shared clock: the board has no timer of its own but the undo window.
 *
 * Where a ticket goes is in galley-board-place.c, the entries that follow the store in
 * galley-board-entries.c, what the cook does (bump, undo, recall, acknowledge, fire) in
 * galley-board-actions.c, counts, all-day figures and speed of service in
 * galley-board-counts.c.
 */
#define G_LOG_DOMAIN "galley-board"

#include "config.h"

#include <glib/gi18n.h>

#include "kitchen/galley-board-private.h"

static void galley_board_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GalleyBoard, galley_board, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      galley_board_list_model_init))

G_DEFINE_QUARK (galley-board-error-quark, galley_board_error)

G_DEFINE_ENUM_TYPE (GalleyBoardCue, galley_board_cue,
                    G_DEFINE_ENUM_VALUE (GALLEY_BOARD_CUE_NEW, "new"),
                    G_DEFINE_ENUM_VALUE (GALLEY_BOARD_CUE_CHANGED, "changed"),
                    G_DEFINE_ENUM_VALUE (GALLEY_BOARD_CUE_VOIDED, "voided"),
                    G_DEFINE_ENUM_VALUE (GALLEY_BOARD_CUE_RUSH, "rush"),
                    G_DEFINE_ENUM_VALUE (GALLEY_BOARD_CUE_ALLERGY, "allergy"),
                    G_DEFINE_ENUM_VALUE (GALLEY_BOARD_CUE_READY, "ready"))

GParamSpec *_galley_board_properties[BOARD_N_PROPS];
guint _galley_board_signals[BOARD_N_SIGNALS];

#define properties _galley_board_properties
#define signals _galley_board_signals

/* ------------------------------------------------------------------ list model */

static GType
galley_board_get_item_type (GListModel *model)
{
  return GALLEY_TYPE_TICKET;
}

static guint
galley_board_get_n_items (GListModel *model)
{
  GalleyBoard *self = GALLEY_BOARD (model);

  return (guint) g_sequence_get_length (self->visible);
}

static gpointer
galley_board_get_item (GListModel *model,
                       guint       position)
{
  GalleyBoard *self = GALLEY_BOARD (model);
  GSequenceIter *iter = g_sequence_get_iter_at_pos (self->visible, (int) position);
  Entry *entry;

  if (g_sequence_iter_is_end (iter))
    return NULL;

  entry = g_sequence_get (iter);

  return g_object_ref (entry->ticket);
}

static void
galley_board_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = galley_board_get_item_type;
  iface->get_n_items = galley_board_get_n_items;
  iface->get_item = galley_board_get_item;
}

static void
load_thresholds (GalleyBoard *self)
{
  g_autoptr(GVariant) value = NULL;
  GVariantIter iter;
  const char *nick;
  guint warning, late;

  for (guint k = 0; k < GALLEY_N_KINDS; k++)
    {
      self->thresholds[k][0] = 10 * 60;
      self->thresholds[k][1] = 15 * 60;
    }

  if (self->settings == NULL)
    return;

  value = g_settings_get_value (self->settings, "thresholds");
  g_variant_iter_init (&iter, value);
  while (g_variant_iter_next (&iter, "{&s(uu)}", &nick, &warning, &late))
    {
      GEnumClass *klass = g_type_class_ref (GALLEY_TYPE_ORDER_KIND);
      GEnumValue *kind = g_enum_get_value_by_nick (klass, nick);

      if (kind != NULL && kind->value >= 0 && kind->value < GALLEY_N_KINDS)
        {
          self->thresholds[kind->value][0] = MIN (warning, 24 * 60) * 60;
          self->thresholds[kind->value][1] = MAX (MIN (late, 24 * 60) * 60,
                                                  self->thresholds[kind->value][0]);
        }
      g_type_class_unref (klass);
    }
}

static void
settings_changed_cb (GalleyBoard *self,
                     const char  *key,
                     GSettings   *settings)
{
  if (g_strcmp0 (key, "thresholds") == 0)
    {
      load_thresholds (self);
      galley_board_tick (self, _galley_board_now (self));
    }
}

static void
router_changed_cb (GalleyBoard *self)
{
  _galley_board_refresh_all (self);
}

/* ------------------------------------------------------------------ GObject */

static void
galley_board_dispose (GObject *object)
{
  GalleyBoard *self = GALLEY_BOARD (object);

  /* 1. sources */
  g_clear_handle_id (&self->undo_id, g_source_remove);

  /* 2. handlers on what outlives the board */
  g_clear_signal_handler (&self->store_changed_id, self->store);
  g_clear_signal_handler (&self->settings_changed_id, self->settings);
  g_clear_signal_handler (&self->router_changed_id, self->router);
  g_clear_signal_handler (&self->outbox_committed_id, self->outbox);
  if (self->entries != NULL)
    g_hash_table_remove_all (self->entries);   /* their handlers on the orders */
  if (self->visible != NULL)
    g_sequence_remove_range (g_sequence_get_begin_iter (self->visible),
                             g_sequence_get_end_iter (self->visible));
  if (self->scheduled != NULL)
    g_list_store_remove_all (self->scheduled);
  g_queue_clear_full (&self->undo, (GDestroyNotify) _galley_board_undo_free);

  /* 5. references */
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->router);
  g_clear_object (&self->log);
  g_clear_object (&self->outbox);

  G_OBJECT_CLASS (galley_board_parent_class)->dispose (object);
}

static void
galley_board_finalize (GObject *object)
{
  GalleyBoard *self = GALLEY_BOARD (object);

  g_assert (self->undo_id == 0);
  g_assert (self->store == NULL);

  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->visible, g_sequence_free);
  g_clear_object (&self->scheduled);
  g_clear_pointer (&self->recalled, g_hash_table_unref);
  g_free (self->station);
  g_free (self->user);

  G_OBJECT_CLASS (galley_board_parent_class)->finalize (object);
}

static void
galley_board_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GalleyBoard *self = GALLEY_BOARD (object);

  switch (prop_id)
    {
    case BOARD_PROP_STATION:
      g_value_set_string (value, self->station);
      break;

    case BOARD_PROP_KIND_FILTER:
      g_value_set_uint (value, self->kind_filter);
      break;

    case BOARD_PROP_N_HIDDEN:
      g_value_set_uint (value, self->n_hidden);
      break;

    case BOARD_PROP_N_LATE:
      g_value_set_uint (value, self->n_late);
      break;

    case BOARD_PROP_N_READY:
      g_value_set_uint (value, self->n_ready);
      break;

    case BOARD_PROP_N_UNROUTED:
      g_value_set_uint (value, self->n_unrouted);
      break;

    case BOARD_PROP_CAN_UNDO:
      g_value_set_boolean (value, galley_board_get_can_undo (self));
      break;

    case BOARD_PROP_USER:
      g_value_set_string (value, self->user);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_board_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GalleyBoard *self = GALLEY_BOARD (object);

  switch (prop_id)
    {
    case BOARD_PROP_STATION:
      self->station = g_value_dup_string (value);
      break;

    case BOARD_PROP_KIND_FILTER:
      galley_board_set_kind_filter (self, g_value_get_uint (value));
      break;

    case BOARD_PROP_USER:
      galley_board_set_user (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_board_class_init (GalleyBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = galley_board_dispose;
  object_class->finalize = galley_board_finalize;
  object_class->get_property = galley_board_get_property;
  object_class->set_property = galley_board_set_property;

  properties[BOARD_PROP_STATION] =
    g_param_spec_string ("station", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[BOARD_PROP_KIND_FILTER] =
    g_param_spec_uint ("kind-filter", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[BOARD_PROP_N_HIDDEN] = g_param_spec_uint ("n-hidden", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[BOARD_PROP_N_LATE] = g_param_spec_uint ("n-late", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[BOARD_PROP_N_READY] = g_param_spec_uint ("n-ready", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[BOARD_PROP_N_UNROUTED] =
    g_param_spec_uint ("n-unrouted", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[BOARD_PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, ro);
  properties[BOARD_PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, BOARD_N_PROPS, properties);

  /**
   * GalleyBoard::cue:
   * @cue: a #GalleyBoardCue
   *
   * Something the cook should hear happened on this board (K-12).
   */
  signals[BOARD_SIGNAL_CUE] = g_signal_new ("cue",
                                            G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, GALLEY_TYPE_BOARD_CUE);

  /**
   * GalleyBoard::recent-changed:
   *
   * The recently bumped list or the speed of service changed.
   */
  signals[BOARD_SIGNAL_RECENT_CHANGED] = g_signal_new ("recent-changed",
                                                       G_TYPE_FROM_CLASS (klass),
                                                       G_SIGNAL_RUN_LAST,
                                                       0, NULL, NULL, NULL,
                                                       G_TYPE_NONE, 0);
}

static void
galley_board_init (GalleyBoard *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _galley_board_entry_free);
  self->visible = g_sequence_new (NULL);
  self->scheduled = g_list_store_new (GALLEY_TYPE_TICKET);
  self->recalled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->undo);
}

/**
 * galley_board_new:
 * @settings: (nullable): thresholds per order type; defaults (10 and 15 min) without
 * @router: (nullable): routes lines to stations; without, a station board shows nothing
 * @log: (nullable): the kitchen log: bumps, acknowledgements, lines done, changes
 * @outbox: (nullable): where status changes go; without, bumps stay on this screen
 * @station: a station id, %GALLEY_TICKET_STATION_ALL or %GALLEY_TICKET_STATION_EXPO
 *
 * Returns: (transfer full): a board following @store
 */
GalleyBoard *
galley_board_new (GalleyOrderStore    *store,
                  GSettings           *settings,
                  GalleyStationRouter *router,
                  GalleyKitchenLog    *log,
                  GalleyOutbox        *outbox,
                  const char          *station)
{
  GalleyBoard *self;
  guint n;

  g_return_val_if_fail (GALLEY_IS_ORDER_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (router == NULL || GALLEY_IS_STATION_ROUTER (router), NULL);
  g_return_val_if_fail (log == NULL || GALLEY_IS_KITCHEN_LOG (log), NULL);
  g_return_val_if_fail (outbox == NULL || GALLEY_IS_OUTBOX (outbox), NULL);
  g_return_val_if_fail (station != NULL && *station != '\0', NULL);

  self = g_object_new (GALLEY_TYPE_BOARD, "station", station, NULL);
  self->store = g_object_ref (store);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->router = router != NULL ? g_object_ref (router) : NULL;
  self->log = log != NULL ? g_object_ref (log) : NULL;
  self->outbox = outbox != NULL ? g_object_ref (outbox) : NULL;
  self->expo = g_str_equal (station, GALLEY_TICKET_STATION_EXPO);
  self->all = g_str_equal (station, GALLEY_TICKET_STATION_ALL);

  load_thresholds (self);
  if (self->settings != NULL)
    self->settings_changed_id = g_signal_connect_object (self->settings, "changed",
                                                         G_CALLBACK (settings_changed_cb), self,
                                                         G_CONNECT_SWAPPED);
  if (self->router != NULL)
    self->router_changed_id = g_signal_connect_object (self->router, "changed",
                                                       G_CALLBACK (router_changed_cb), self,
                                                       G_CONNECT_SWAPPED);
  if (self->outbox != NULL)
    self->outbox_committed_id =
      g_signal_connect_object (self->outbox, "committed",
                               G_CALLBACK (_galley_board_outbox_committed_cb), self,
                               G_CONNECT_SWAPPED);
  self->store_changed_id = g_signal_connect_object (self->store, "items-changed",
                                                    G_CALLBACK (_galley_board_store_items_changed_cb), self,
                                                    G_CONNECT_SWAPPED);

  /* what is already there is the board, not news: no cues */
  self->populating = TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyOrder) order = g_list_model_get_item (G_LIST_MODEL (store), i);

      _galley_board_add_entry (self, order);
    }
  self->populating = FALSE;
  _galley_board_recount (self);

  return self;
}

const char *
galley_board_get_station (GalleyBoard *self)
{
  g_return_val_if_fail (GALLEY_IS_BOARD (self), NULL);

  return self->station;
}

gboolean
galley_board_is_expo (GalleyBoard *self)
{
  g_return_val_if_fail (GALLEY_IS_BOARD (self), FALSE);

  return self->expo;
}

/**
 * galley_board_get_scheduled:
 *
 * Returns: (transfer none): the scheduled orders waiting to fire, soonest first
 */
GListModel *
galley_board_get_scheduled (GalleyBoard *self)
{
  g_return_val_if_fail (GALLEY_IS_BOARD (self), NULL);

  return G_LIST_MODEL (self->scheduled);
}

/**
 * galley_board_lookup:
 *
 * Returns: (transfer none) (nullable): the ticket of @order_id, shown or not
 */
GalleyTicket *
galley_board_lookup (GalleyBoard *self,
                     const char  *order_id)
{
  Entry *entry;

  g_return_val_if_fail (GALLEY_IS_BOARD (self), NULL);

  entry = order_id != NULL ? g_hash_table_lookup (self->entries, order_id) : NULL;

  return entry != NULL ? entry->ticket : NULL;
}

/**
 * galley_board_get_position:
 *
 * Returns: where @ticket is on the main board, or -1
 */
int
galley_board_get_position (GalleyBoard  *self,
                           GalleyTicket *ticket)
{
  Entry *entry;

  g_return_val_if_fail (GALLEY_IS_BOARD (self), -1);
  g_return_val_if_fail (GALLEY_IS_TICKET (ticket), -1);

  entry = g_hash_table_lookup (self->entries, galley_ticket_get_id (ticket));
  if (entry == NULL || entry->iter == NULL)
    return -1;

  return g_sequence_iter_get_position (entry->iter);
}

/**
 * galley_board_tick:
 * @now: µs since the epoch
 *
 * Advances every ticket's time and urgency, and fires scheduled orders whose time came.
 */
void
galley_board_tick (GalleyBoard *self,
                   gint64       now)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new ();
  guint n_late = 0;

  g_return_if_fail (GALLEY_IS_BOARD (self));

  self->now = now;

  for (GSequenceIter *iter = g_sequence_get_begin_iter (self->visible);
       !g_sequence_iter_is_end (iter); iter = g_sequence_iter_next (iter))
    {
      Entry *entry = g_sequence_get (iter);
      GalleyOrderKind kind = galley_order_get_kind (entry->order);

      galley_ticket_tick (entry->ticket, now, self->thresholds[kind][0], self->thresholds[kind][1]);
      if (galley_ticket_get_urgency (entry->ticket) == GALLEY_TICKET_LATE &&
          !galley_ticket_get_cancelled (entry->ticket))
        n_late++;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->scheduled)); i++)
    {
      g_autoptr(GalleyTicket) ticket = g_list_model_get_item (G_LIST_MODEL (self->scheduled), i);
      Entry *entry = g_hash_table_lookup (self->entries, galley_ticket_get_id (ticket));

      galley_ticket_tick (ticket, now, 0, 0);
      if (entry != NULL && !_galley_board_waiting_to_fire (self, entry))
        g_ptr_array_add (due, entry);
    }

  /* scheduled orders whose time came join the board, announced (K-16) */
  for (guint i = 0; i < due->len; i++)
    {
      Entry *entry = g_ptr_array_index (due, i);

      entry->shown_once = FALSE;
      _galley_board_place (self, entry);
    }

  if (n_late != self->n_late)
    {
      self->n_late = n_late;
      g_object_notify_by_pspec (G_OBJECT (self), properties[BOARD_PROP_N_LATE]);
    }
  if (due->len > 0)
    _galley_board_recount (self);
}

/**
 * galley_board_get_now:
 *
 * Returns: the time of the last tick (µs since the epoch), or the real time before any
 */
gint64
galley_board_get_now (GalleyBoard *self)
{
  g_return_val_if_fail (GALLEY_IS_BOARD (self), 0);

  return _galley_board_now (self);
}

/**
 * galley_board_set_user:
 * @user: (nullable): who is signed in, recorded with allergy acknowledgements
 */
void
galley_board_set_user (GalleyBoard *self,
                       const char  *user)
{
  g_return_if_fail (GALLEY_IS_BOARD (self));

  if (g_strcmp0 (self->user, user) == 0)
    return;

  g_free (self->user);
  self->user = g_strdup (user);
  g_object_notify_by_pspec (G_OBJECT (self), properties[BOARD_PROP_USER]);
}

const char *
galley_board_get_user (GalleyBoard *self)
{
  g_return_val_if_fail (GALLEY_IS_BOARD (self), NULL);

  return self->user;
}

guint
galley_board_get_kind_filter (GalleyBoard *self)
{
  g_return_val_if_fail (GALLEY_IS_BOARD (self), 0);

  return self->kind_filter;
}

/**
 * galley_board_set_kind_filter:
 * @kinds: a bit (1 << kind) for each #GalleyOrderKind to show; 0 shows every type
 *
 * Orders of other types are hidden and counted (K-15).
 */
void
galley_board_set_kind_filter (GalleyBoard *self,
                              guint        kinds)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (GALLEY_IS_BOARD (self));

  if (self->kind_filter == kinds)
    return;

  self->kind_filter = kinds;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    _galley_board_place (self, value);
  _galley_board_recount (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[BOARD_PROP_KIND_FILTER]);
}
