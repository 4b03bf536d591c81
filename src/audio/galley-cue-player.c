/* galley-cue-player.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plays the kitchen's cues through one PipeWire playback stream, "galley-cues" (media.role
 * Notification), made on the engine's core when a cue is due and destroyed once the queue is
 * empty and the last cue has drained: an idle player holds no stream, no node, no buffer.
 * The stream, its data thread, its events and watchdogs are in galley-cue-player-stream.c;
 * this file has the object, the queue with its counters, and the public API.
 *
 * Bursts: a cue identical to one queued, playing or started less than
 * GALLEY_CUE_PLAYER_COALESCE_MS ago is merged into it (a resync that brings 30 orders beeps
 * once); at most GALLEY_CUE_PLAYER_MAX_PENDING cues wait. Every request ends up counted as
 * played, dropped or coalesced.
 */
#define G_LOG_DOMAIN "galley-cue-player"

#include "audio/galley-cue-player-private.h"

G_DEFINE_FINAL_TYPE (GalleyCuePlayer, galley_cue_player, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CUE_PLAYED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ counters */

void
_galley_cue_player_notify (GalleyCuePlayer *self,
                           guint            prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
_galley_cue_player_emit_cue_played (GalleyCuePlayer *self,
                                    GalleyCue        cue)
{
  g_signal_emit (self, signals[SIGNAL_CUE_PLAYED], 0, cue);
}

void
_galley_cue_player_count_dropped (GalleyCuePlayer *self,
                                  guint            n,
                                  const char      *why)
{
  if (n == 0)
    return;

  g_debug ("%u cue%s dropped: %s", n, n == 1 ? "" : "s", why);
  self->cues_dropped += n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUES_DROPPED]);
}

void
_galley_cue_player_set_n_pending (GalleyCuePlayer *self,
                                  guint            n)
{
  if (self->n_pending == n)
    return;

  self->n_pending = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
}

void
_galley_cue_player_drop_pending (GalleyCuePlayer *self,
                                 const char      *why)
{
  _galley_cue_player_count_dropped (self, self->n_pending, why);
  _galley_cue_player_set_n_pending (self, 0);
}

/* ------------------------------------------------------------------ engine */

/* The engine drops its connection: the stream goes now, before pw_core_disconnect(). */
static void
engine_closing_cb (gpointer user_data)
{
  GalleyCuePlayer *self = user_data;

  if (self->current != NO_CUE)
    _galley_cue_player_count_dropped (self, 1, "the sound service went away");
  self->current = NO_CUE;
  _galley_cue_player_destroy_stream (self, TRUE);
}

static void
engine_state_cb (GalleyCuePlayer   *self,
                 GParamSpec        *pspec,
                 GalleyAudioEngine *engine)
{
  switch (galley_audio_engine_get_state (engine))
    {
    case GALLEY_AUDIO_STATE_READY:
      _galley_cue_player_kick (self);
      break;

    case GALLEY_AUDIO_STATE_FAILED:
    case GALLEY_AUDIO_STATE_DISCONNECTED:
      _galley_cue_player_drop_pending (self, "no sound service");
      break;

    case GALLEY_AUDIO_STATE_CONNECTING:
    default:
      break;
    }
}

/* ------------------------------------------------------------------ GObject */

static void
galley_cue_player_constructed (GObject *object)
{
  GalleyCuePlayer *self = GALLEY_CUE_PLAYER (object);

  G_OBJECT_CLASS (galley_cue_player_parent_class)->constructed (object);

  g_assert (self->engine != NULL);
  self->client_id = _galley_audio_engine_add_client (self->engine, engine_closing_cb, self);
  self->engine_state_id = g_signal_connect_object (self->engine, "notify::state",
                                                   G_CALLBACK (engine_state_cb), self,
                                                   G_CONNECT_SWAPPED);
}

static void
galley_cue_player_dispose (GObject *object)
{
  GalleyCuePlayer *self = GALLEY_CUE_PLAYER (object);

  /* 1-2. sources and the handler on the engine */
  g_clear_handle_id (&self->event_id, g_source_remove);
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  if (self->engine != NULL)
    {
      g_clear_signal_handler (&self->engine_state_id, self->engine);
      if (self->client_id != 0)
        _galley_audio_engine_remove_client (self->engine, self->client_id);
      self->client_id = 0;

      /* 4. the stream, cut short: closing must not wait for a drain */
      _galley_cue_player_destroy_stream (self, FALSE);
    }
  self->current = NO_CUE;
  self->n_pending = 0;

  /* 5. */
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (galley_cue_player_parent_class)->dispose (object);
}

static void
galley_cue_player_finalize (GObject *object)
{
  GalleyCuePlayer *self = GALLEY_CUE_PLAYER (object);

  g_assert (self->cs == NULL);
  g_assert (self->event_id == 0 && self->watchdog_id == 0);
  g_assert (self->engine == NULL && self->client_id == 0);
  g_free (self->ev_error);
  g_free (self->target);

  G_OBJECT_CLASS (galley_cue_player_parent_class)->finalize (object);
}

static void
galley_cue_player_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GalleyCuePlayer *self = GALLEY_CUE_PLAYER (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;

    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;

    case PROP_PLAYING:
      g_value_set_boolean (value, self->cs != NULL);
      break;

    case PROP_N_PENDING:
      g_value_set_uint (value, self->n_pending);
      break;

    case PROP_CUES_PLAYED:
      g_value_set_uint (value, self->cues_played);
      break;

    case PROP_CUES_DROPPED:
      g_value_set_uint (value, self->cues_dropped);
      break;

    case PROP_CUES_COALESCED:
      g_value_set_uint (value, self->cues_coalesced);
      break;

    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_cue_player_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GalleyCuePlayer *self = GALLEY_CUE_PLAYER (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;

    case PROP_VOLUME:
      galley_cue_player_set_volume (self, g_value_get_double (value));
      break;

    case PROP_MUTED:
      galley_cue_player_set_muted (self, g_value_get_boolean (value));
      break;

    case PROP_TARGET:
      galley_cue_player_set_target (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_cue_player_class_init (GalleyCuePlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = galley_cue_player_constructed;
  object_class->dispose = galley_cue_player_dispose;
  object_class->finalize = galley_cue_player_finalize;
  object_class->get_property = galley_cue_player_get_property;
  object_class->set_property = galley_cue_player_set_property;

  /**
   * GalleyCuePlayer:engine:
   *
   * The engine whose connection the cue stream uses.
   */
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, GALLEY_TYPE_AUDIO_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * GalleyCuePlayer:volume:
   *
   * 0 (silent) to 1, a linear factor on the generated samples; applies from the next cue.
   */
  properties[PROP_VOLUME] =
    g_param_spec_double ("volume", NULL, NULL, 0.0, 1.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GalleyCuePlayer:muted:
   *
   * While muted, requested cues are dropped without opening a stream; muting stops the cue
   * playing and empties the queue.
   */
  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GalleyCuePlayer:playing:
   *
   * Whether the cue stream exists (a cue is playing or about to).
   */
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE, ro);
  /**
   * GalleyCuePlayer:n-pending:
   *
   * Cues waiting behind the one playing (at most %GALLEY_CUE_PLAYER_MAX_PENDING).
   */
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /**
   * GalleyCuePlayer:cues-played:
   *
   * Cues played to their end (see #GalleyCuePlayer::cue-played).
   */
  properties[PROP_CUES_PLAYED] =
    g_param_spec_uint ("cues-played", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /**
   * GalleyCuePlayer:cues-dropped:
   *
   * Cues requested but not played: muted, no sound service, queue full, or the stream failed.
   */
  properties[PROP_CUES_DROPPED] =
    g_param_spec_uint ("cues-dropped", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /**
   * GalleyCuePlayer:cues-coalesced:
   *
   * Requests merged into an identical cue of the same burst.
   */
  properties[PROP_CUES_COALESCED] =
    g_param_spec_uint ("cues-coalesced", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /**
   * GalleyCuePlayer:target:
   *
   * The speaker (PW_KEY_TARGET_OBJECT), or %NULL (or "") for the default; from the next burst.
   */
  properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GalleyCuePlayer::cue-played:
   * @self: the player
   * @cue: the #GalleyCue
   *
   * A cue has played to its end: its last sample went to PipeWire, which plays it within the
   * graph's latency (tens of milliseconds). Emitted on the main thread.
   */
  signals[SIGNAL_CUE_PLAYED] =
    g_signal_new ("cue-played", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, GALLEY_TYPE_CUE);
}

static void
galley_cue_player_init (GalleyCuePlayer *self)
{
  self->volume = 1.0;
  self->current = NO_CUE;
}

/* ------------------------------------------------------------------ public API */

/**
 * galley_cue_player_new:
 * @engine: the application's audio engine
 *
 * Returns: (transfer full): a player, silent until galley_cue_player_play()
 */
GalleyCuePlayer *
galley_cue_player_new (GalleyAudioEngine *engine)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_ENGINE (engine), NULL);

  return g_object_new (GALLEY_TYPE_CUE_PLAYER, "engine", engine, NULL);
}

/**
 * galley_cue_player_get_engine:
 * @self: a player
 *
 * Returns: (transfer none): the #GalleyCuePlayer:engine
 */
GalleyAudioEngine *
galley_cue_player_get_engine (GalleyCuePlayer *self)
{
  g_return_val_if_fail (GALLEY_IS_CUE_PLAYER (self), NULL);

  return self->engine;
}

/**
 * galley_cue_player_play:
 * @self: a player
 * @cue: the cue to play
 *
 * Plays @cue after the cues already queued, and returns at once. The request is merged into
 * an identical cue queued, playing or started less than %GALLEY_CUE_PLAYER_COALESCE_MS ago
 * (#GalleyCuePlayer:cues-coalesced). It is dropped (#GalleyCuePlayer:cues-dropped, debug
 * log) when muted, when the engine has failed, or when %GALLEY_CUE_PLAYER_MAX_PENDING cues
 * already wait. A disconnected engine is started, and the cue waits for it to be ready; if
 * connecting fails, the cue is dropped.
 */
void
galley_cue_player_play (GalleyCuePlayer *self,
                        GalleyCue        cue)
{
  gint64 now;
  GalleyAudioState state;

  g_return_if_fail (GALLEY_IS_CUE_PLAYER (self));
  g_return_if_fail (cue < GALLEY_N_CUES);

  if (self->muted)
    {
      _galley_cue_player_count_dropped (self, 1, "muted");
      return;
    }

  state = galley_audio_engine_get_state (self->engine);
  if (state == GALLEY_AUDIO_STATE_FAILED)
    {
      _galley_cue_player_count_dropped (self, 1, "no sound service");
      return;
    }

  now = g_get_monotonic_time ();
  for (guint i = 0; i < self->n_pending; i++)
    if (self->pending[i] == cue)
      goto coalesce;
  if (self->current == (int) cue ||
      (self->last_started[cue] != 0 &&
       now - self->last_started[cue] < (gint64) GALLEY_CUE_PLAYER_COALESCE_MS * 1000))
    goto coalesce;

  if (self->n_pending == GALLEY_CUE_PLAYER_MAX_PENDING)
    {
      _galley_cue_player_count_dropped (self, 1, "queue full");
      return;
    }

  self->pending[self->n_pending] = cue;
  _galley_cue_player_set_n_pending (self, self->n_pending + 1);

  if (state == GALLEY_AUDIO_STATE_DISCONNECTED)
    galley_audio_engine_start (self->engine);   /* READY or FAILED reaches engine_state_cb */
  else if (state == GALLEY_AUDIO_STATE_READY)
    _galley_cue_player_kick (self);
  return;

coalesce:
  g_debug ("%s merged into the same cue", galley_cue_get_name (cue));
  self->cues_coalesced++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUES_COALESCED]);
}

/**
 * galley_cue_player_get_volume:
 * @self: a player
 *
 * Returns: the #GalleyCuePlayer:volume
 */
double
galley_cue_player_get_volume (GalleyCuePlayer *self)
{
  g_return_val_if_fail (GALLEY_IS_CUE_PLAYER (self), 0.0);

  return self->volume;
}

/**
 * galley_cue_player_set_volume:
 * @self: a player
 * @volume: 0 to 1
 *
 * Sets the #GalleyCuePlayer:volume; the cue playing keeps its volume.
 */
void
galley_cue_player_set_volume (GalleyCuePlayer *self,
                              double           volume)
{
  g_return_if_fail (GALLEY_IS_CUE_PLAYER (self));
  g_return_if_fail (volume >= 0.0 && volume <= 1.0);

  if (self->volume == volume)
    return;

  self->volume = volume;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

/**
 * galley_cue_player_get_muted:
 * @self: a player
 *
 * Returns: the #GalleyCuePlayer:muted
 */
gboolean
galley_cue_player_get_muted (GalleyCuePlayer *self)
{
  g_return_val_if_fail (GALLEY_IS_CUE_PLAYER (self), FALSE);

  return self->muted;
}

/**
 * galley_cue_player_set_muted:
 * @self: a player
 * @muted: whether to stay silent
 *
 * Sets the #GalleyCuePlayer:muted. Muting cuts the cue playing short and drops the queue
 * (both counted as dropped).
 */
void
galley_cue_player_set_muted (GalleyCuePlayer *self,
                             gboolean         muted)
{
  g_return_if_fail (GALLEY_IS_CUE_PLAYER (self));

  muted = !!muted;
  if (self->muted == muted)
    return;

  self->muted = muted;
  if (muted)
    {
      _galley_cue_player_drop_pending (self, "muted");
      if (self->current != NO_CUE)
        _galley_cue_player_count_dropped (self, 1, "muted");
      self->current = NO_CUE;
      _galley_cue_player_destroy_stream (self, TRUE);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

/**
 * galley_cue_player_get_playing:
 * @self: a player
 *
 * Returns: the #GalleyCuePlayer:playing
 */
gboolean
galley_cue_player_get_playing (GalleyCuePlayer *self)
{
  g_return_val_if_fail (GALLEY_IS_CUE_PLAYER (self), FALSE);

  return self->cs != NULL;
}

/**
 * galley_cue_player_get_n_pending:
 * @self: a player
 *
 * Returns: the #GalleyCuePlayer:n-pending
 */
guint
galley_cue_player_get_n_pending (GalleyCuePlayer *self)
{
  g_return_val_if_fail (GALLEY_IS_CUE_PLAYER (self), 0);

  return self->n_pending;
}

/**
 * galley_cue_player_get_cues_played:
 * @self: a player
 *
 * Returns: the #GalleyCuePlayer:cues-played
 */
guint
galley_cue_player_get_cues_played (GalleyCuePlayer *self)
{
  g_return_val_if_fail (GALLEY_IS_CUE_PLAYER (self), 0);

  return self->cues_played;
}

/**
 * galley_cue_player_get_cues_dropped:
 * @self: a player
 *
 * Returns: the #GalleyCuePlayer:cues-dropped
 */
guint
galley_cue_player_get_cues_dropped (GalleyCuePlayer *self)
{
  g_return_val_if_fail (GALLEY_IS_CUE_PLAYER (self), 0);

  return self->cues_dropped;
}

/**
 * galley_cue_player_get_cues_coalesced:
 * @self: a player
 *
 * Returns: the #GalleyCuePlayer:cues-coalesced
 */
guint
galley_cue_player_get_cues_coalesced (GalleyCuePlayer *self)
{
  g_return_val_if_fail (GALLEY_IS_CUE_PLAYER (self), 0);

  return self->cues_coalesced;
}
