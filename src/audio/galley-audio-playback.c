/* galley-audio-playback.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The voice speaker (spec/voice.md §4.3-4.5, §7): the model's reply audio, S16LE mono at
 * 24 kHz, queued by galley_audio_playback_write() into a bounded ring of
 * GALLEY_AUDIO_PLAYBACK_RING_MS (more is dropped and counted, #GalleyAudioPlayback:overflows)
 * and played by one PipeWire stream (galley-audio-playback-stream.c).
 *
 * Items: the audio of one reply, from the first write after an end to
 * galley_audio_playback_end_item(). Output starts once GALLEY_AUDIO_PLAYBACK_PREBUFFER_MS
 * are queued or at the item's end, whichever is first. The ring's monotonic positions give
 * the item's accounting: played = clamp (read − start, 0, end − start), frozen at a flush,
 * which galley_audio_playback_get_played_ms() reports for conversation.item.truncate.
 *
 * Once an ended item's last sample is out, a settle timer ("galley-audio-playback-settle")
 * lets the graph play the tail, then the stream is paused and pending drains complete.
 * A drain gives up with G_IO_ERROR_TIMED_OUT GALLEY_AUDIO_PLAYBACK_DRAIN_SLACK_MS after the
 * queued audio should have played, so teardown never hangs. Failures (§7.6) come as
 * #GalleyAudioPlayback::problem and end every drain with that error.
 *
 * This file has the object, its properties, the engine's callbacks and the accessors; the
 * queue, items, prebuffer, settle and flush are in galley-audio-playback-queue.c, drains in
 * galley-audio-playback-drain.c, the PipeWire stream in galley-audio-playback-stream.c.
 */
#define G_LOG_DOMAIN "galley-audio-playback"

#include "audio/galley-audio-playback-private.h"


G_DEFINE_FINAL_TYPE (GalleyAudioPlayback, galley_audio_playback, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ helpers */

void
_galley_audio_playback_notify (GalleyAudioPlayback *self,
                               guint                prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
_galley_audio_playback_emit_problem (GalleyAudioPlayback *self,
                                     const GError        *error)
{
  g_signal_emit (self, signals[SIGNAL_PROBLEM], 0, error);
}

/* ------------------------------------------------------------------ engine */

/* The engine drops its connection: the stream goes now, before pw_core_disconnect(). */
static void
engine_closing_cb (gpointer user_data)
{
  GalleyAudioPlayback *self = user_data;

  if (self->ps != NULL)
    self->lost = TRUE;
  _galley_audio_playback_destroy_stream (self);
}

static void
engine_state_cb (GalleyAudioPlayback *self,
                 GParamSpec          *pspec,
                 GalleyAudioEngine   *engine)
{
  switch (galley_audio_engine_get_state (engine))
    {
    case GALLEY_AUDIO_STATE_READY:
      if (atomic_load (&self->shared.gate) && self->ps == NULL &&
          !_galley_audio_playback_create_stream (self))
        _galley_audio_playback_problem (self, GALLEY_AUDIO_ERROR_FAILED, "no stream");
      break;

    case GALLEY_AUDIO_STATE_FAILED:
    case GALLEY_AUDIO_STATE_DISCONNECTED:
      if (self->lost)
        _galley_audio_playback_problem (self, GALLEY_AUDIO_ERROR_STOPPED,
                                        galley_audio_engine_get_error_message (engine));
      else if (self->playing || self->drains->len > 0 ||
               galley_ring_buffer_get_readable (self->shared.ring) > 0)
        _galley_audio_playback_problem (self, GALLEY_AUDIO_ERROR_NO_SERVICE,
                                        galley_audio_engine_get_error_message (engine));
      break;

    case GALLEY_AUDIO_STATE_CONNECTING:
    default:
      break;
    }
}

/* ------------------------------------------------------------------ GObject */

static void
galley_audio_playback_constructed (GObject *object)
{
  GalleyAudioPlayback *self = GALLEY_AUDIO_PLAYBACK (object);

  G_OBJECT_CLASS (galley_audio_playback_parent_class)->constructed (object);

  g_assert (self->engine != NULL);
  self->shared.ring = galley_ring_buffer_new (_galley_audio_playback_ms_to_bytes (self, GALLEY_AUDIO_PLAYBACK_RING_MS));
  self->client_id = _galley_audio_engine_add_client (self->engine, engine_closing_cb, self);
  self->engine_state_id = g_signal_connect_object (self->engine, "notify::state",
                                                   G_CALLBACK (engine_state_cb), self,
                                                   G_CONNECT_SWAPPED);
}

static void
galley_audio_playback_dispose (GObject *object)
{
  GalleyAudioPlayback *self = GALLEY_AUDIO_PLAYBACK (object);

  /* 1. sources */
  g_clear_handle_id (&self->event_id, g_source_remove);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  g_clear_handle_id (&self->drain_timeout_id, g_source_remove);
  g_clear_handle_id (&self->drain_idle_id, g_source_remove);

  if (self->engine != NULL)
    {
      /* 2. the handler and the closing callback on the engine, which may outlive us */
      g_clear_signal_handler (&self->engine_state_id, self->engine);
      if (self->client_id != 0)
        _galley_audio_engine_remove_client (self->engine, self->client_id);
      self->client_id = 0;
    }

  /* 3. work in flight: a drain holds a reference, so only g_object_run_dispose() gets here
   *    with one pending */
  if (self->drains != NULL && self->drains->len > 0)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "Operation was cancelled");

      _galley_audio_playback_complete_drains (self, error);
    }

  /* 4. the stream and its event source (spec/voice.md §7.5 step 3); the ring goes in
   *    finalize, after it */
  if (self->engine != NULL)
    _galley_audio_playback_destroy_stream (self);
  atomic_store (&self->shared.gate, 0);
  self->playing = FALSE;

  /* 5. */
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (galley_audio_playback_parent_class)->dispose (object);
}

static void
galley_audio_playback_finalize (GObject *object)
{
  GalleyAudioPlayback *self = GALLEY_AUDIO_PLAYBACK (object);

  g_assert (self->ps == NULL);
  g_assert (self->event_id == 0 && self->settle_id == 0 && self->watchdog_id == 0);
  g_assert (self->drain_timeout_id == 0 && self->drain_idle_id == 0);
  g_assert (self->engine == NULL && self->client_id == 0);
  g_assert (self->drains->len == 0);

  g_clear_pointer (&self->drains, g_ptr_array_unref);
  g_clear_pointer (&self->shared.ring, galley_ring_buffer_free);
  g_free (self->ev_error);
  g_free (self->target);

  G_OBJECT_CLASS (galley_audio_playback_parent_class)->finalize (object);
}

static void
galley_audio_playback_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GalleyAudioPlayback *self = GALLEY_AUDIO_PLAYBACK (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_RATE:
      g_value_set_uint (value, self->rate);
      break;

    case PROP_OVERFLOWS:
      g_value_set_uint64 (value, galley_audio_playback_get_overflows (self));
      break;

    case PROP_UNDERRUNS:
      g_value_set_uint64 (value, galley_audio_playback_get_underruns (self));
      break;

    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;

    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_audio_playback_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  GalleyAudioPlayback *self = GALLEY_AUDIO_PLAYBACK (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;

    case PROP_RATE:
      self->rate = g_value_get_uint (value);
      break;

    case PROP_TARGET:
      galley_audio_playback_set_target (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_audio_playback_class_init (GalleyAudioPlaybackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = galley_audio_playback_constructed;
  object_class->dispose = galley_audio_playback_dispose;
  object_class->finalize = galley_audio_playback_finalize;
  object_class->get_property = galley_audio_playback_get_property;
  object_class->set_property = galley_audio_playback_set_property;

  /**
   * GalleyAudioPlayback:engine:
   *
   * The engine whose connection the playback stream uses.
   */
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, GALLEY_TYPE_AUDIO_ENGINE, co);
  /**
   * GalleyAudioPlayback:rate:
   *
   * Samples per second of the written audio (24000 for the Realtime API).
   */
  properties[PROP_RATE] =
    g_param_spec_uint ("rate", NULL, NULL, 8000, 48000, 24000, co);
  /**
   * GalleyAudioPlayback:overflows:
   *
   * Samples dropped because more than GALLEY_AUDIO_PLAYBACK_RING_MS were queued. Notified
   * on writes and at the end of items.
   */
  properties[PROP_OVERFLOWS] =
    g_param_spec_uint64 ("overflows", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  /**
   * GalleyAudioPlayback:underruns:
   *
   * Graph cycles padded with silence because an item's audio came too late. Counted on the
   * data thread; notified on writes and at the end of items.
   */
  properties[PROP_UNDERRUNS] =
    g_param_spec_uint64 ("underruns", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  /**
   * GalleyAudioPlayback:playing:
   *
   * From the end of the prebuffer until the queued audio has played out, or a flush.
   */
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE, ro);
  /**
   * GalleyAudioPlayback:target:
   *
   * The speaker: a PipeWire node name or object serial (PW_KEY_TARGET_OBJECT), or %NULL
   * (or "") for the default one. A change takes effect without restart: an idle stream is
   * replaced at once, a playing one once its audio has played out. A target that does not
   * exist falls back to the default speaker (WirePlumber's policy).
   */
  properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GalleyAudioPlayback::problem:
   * @self: the playback
   * @error: a #GALLEY_AUDIO_ERROR whose message is for the cashier
   *
   * Playback stopped by itself: no speaker, no sound service, or it went away. The queue is
   * dropped and pending drains end with @error. The next write tries again.
   */
  signals[SIGNAL_PROBLEM] =
    g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
galley_audio_playback_init (GalleyAudioPlayback *self)
{
  self->rate = 24000;
  self->frozen_played_ms = -1;
  self->carry = -1;
  self->drains = g_ptr_array_new ();
  atomic_init (&self->shared.gate, 0);
  atomic_init (&self->shared.end_pos, 0);
  atomic_init (&self->shared.tail_signalled, 1);
  atomic_init (&self->shared.underruns, 0);
}

/* ------------------------------------------------------------------ public API */

/**
 * galley_audio_playback_new:
 * @engine: the application's audio engine
 * @rate: samples per second of what will be written (24000)
 *
 * Returns: (transfer full): a silent playback; the stream is made when the first reply
 *   starts playing
 */
GalleyAudioPlayback *
galley_audio_playback_new (GalleyAudioEngine *engine,
                           guint              rate)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_ENGINE (engine), NULL);
  g_return_val_if_fail (rate >= 8000 && rate <= 48000, NULL);

  return g_object_new (GALLEY_TYPE_AUDIO_PLAYBACK, "engine", engine, "rate", rate, NULL);
}

/**
 * galley_audio_playback_get_engine:
 * @self: a playback
 *
 * Returns: (transfer none): the #GalleyAudioPlayback:engine
 */
GalleyAudioEngine *
galley_audio_playback_get_engine (GalleyAudioPlayback *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_PLAYBACK (self), NULL);

  return self->engine;
}

/**
 * galley_audio_playback_get_rate:
 * @self: a playback
 *
 * Returns: the #GalleyAudioPlayback:rate
 */
guint
galley_audio_playback_get_rate (GalleyAudioPlayback *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_PLAYBACK (self), 0);

  return self->rate;
}

/**
 * galley_audio_playback_get_overflows:
 * @self: a playback
 *
 * Returns: the #GalleyAudioPlayback:overflows, up to date
 */
guint64
galley_audio_playback_get_overflows (GalleyAudioPlayback *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_PLAYBACK (self), 0);

  return galley_ring_buffer_get_overflows (self->shared.ring) / 2;
}

/**
 * galley_audio_playback_get_underruns:
 * @self: a playback
 *
 * Returns: the #GalleyAudioPlayback:underruns, up to date (an atomic read)
 */
guint64
galley_audio_playback_get_underruns (GalleyAudioPlayback *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_PLAYBACK (self), 0);

  return atomic_load_explicit (&self->shared.underruns, memory_order_relaxed);
}

/**
 * galley_audio_playback_get_playing:
 * @self: a playback
 *
 * Returns: the #GalleyAudioPlayback:playing
 */
gboolean
galley_audio_playback_get_playing (GalleyAudioPlayback *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_PLAYBACK (self), FALSE);

  return self->playing;
}

/**
 * galley_audio_playback_get_target:
 *
 * Returns: (nullable): the #GalleyAudioPlayback:target
 */
const char *
galley_audio_playback_get_target (GalleyAudioPlayback *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_PLAYBACK (self), NULL);

  return self->target;
}

/**
 * galley_audio_playback_set_target:
 * @target: (nullable): a node name or object serial, or %NULL for the default speaker
 *
 * Sets the #GalleyAudioPlayback:target. An idle stream is closed now, so the next reply
 * opens a new one on @target; a playing stream is replaced once it has played out.
 */
void
galley_audio_playback_set_target (GalleyAudioPlayback *self,
                                  const char          *target)
{
  g_return_if_fail (GALLEY_IS_AUDIO_PLAYBACK (self));

  if (target != NULL && *target == '\0')
    target = NULL;
  if (g_strcmp0 (self->target, target) == 0)
    return;

  g_free (self->target);
  self->target = g_strdup (target);
  g_debug ("speaker: %s", target != NULL ? target : "(default)");

  if (self->ps != NULL)
    {
      if (!self->ps->active && !atomic_load (&self->shared.gate))
        _galley_audio_playback_destroy_stream (self);
      else
        self->retarget = TRUE;
    }

  _galley_audio_playback_notify (self, PROP_TARGET);
}
