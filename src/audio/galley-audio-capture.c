/* galley-audio-capture.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The voice microphone (spec/voice.md §4.2, §7): one PipeWire capture stream on the engine's
 * connection, S16LE mono at 24 kHz (Realtime) or 16 kHz (offline recogniser), delivered as
 * fixed chunks of #GalleyAudioCapture:chunk-ms through #GalleyAudioCapture::chunk on the main
 * loop. Between PipeWire's data thread and the main loop sits a bounded ring of
 * GALLEY_AUDIO_CAPTURE_RING_MS; what does not fit while the main loop is blocked is dropped
 * and counted (#GalleyAudioCapture:overflows), never queued without bound.
 *
 * Failures (§7.6) never abort: no sound service → galley_audio_capture_start() fails with
 * %GALLEY_AUDIO_ERROR_NO_SERVICE; no microphone (WirePlumber finds no source, or no audio
 * within GALLEY_AUDIO_CAPTURE_WATCHDOG_MS) → #GalleyAudioCapture::problem with
 * %GALLEY_AUDIO_ERROR_NO_MICROPHONE; the sound service dies, or the stream fails → ::problem
 * with %GALLEY_AUDIO_ERROR_STOPPED. After a problem the capture is stopped and holds nothing;
 * galley_audio_capture_start() tries again.
 *
 * This file has the object, its properties, the engine's callbacks and the public API; the
 * stream, its data thread, events, stopping and problems are in galley-audio-capture-stream.c.
 */
#define G_LOG_DOMAIN "galley-audio-capture"

#include "audio/galley-audio-capture-private.h"

G_DEFINE_FINAL_TYPE (GalleyAudioCapture, galley_audio_capture, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHUNK,
  SIGNAL_PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ shared with the stream */

void
_galley_audio_capture_notify (GalleyAudioCapture *self,
                              guint               prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
_galley_audio_capture_emit_chunk (GalleyAudioCapture *self,
                                  GBytes             *pcm)
{
  g_signal_emit (self, signals[SIGNAL_CHUNK], 0, pcm);
}

void
_galley_audio_capture_emit_problem (GalleyAudioCapture *self,
                                    const GError       *error)
{
  g_signal_emit (self, signals[SIGNAL_PROBLEM], 0, error);
}

gsize
_galley_audio_capture_chunk_bytes (GalleyAudioCapture *self)
{
  return (gsize) self->rate * self->chunk_ms / 1000 * 2;
}

/* ------------------------------------------------------------------ engine */

/* The engine drops its connection: the stream goes now, before pw_core_disconnect(); why is
 * told once the engine's state says it (engine_state_cb). */
static void
engine_closing_cb (gpointer user_data)
{
  GalleyAudioCapture *self = user_data;

  if (self->cs != NULL)
    self->lost = TRUE;
  _galley_audio_capture_destroy_stream (self);
}

static void
engine_state_cb (GalleyAudioCapture *self,
                 GParamSpec         *pspec,
                 GalleyAudioEngine  *engine)
{
  if (!self->running)
    return;

  switch (galley_audio_engine_get_state (engine))
    {
    case GALLEY_AUDIO_STATE_READY:
      if (self->cs == NULL && !_galley_audio_capture_create_stream (self))
        _galley_audio_capture_problem (self, GALLEY_AUDIO_ERROR_FAILED, "no stream");
      break;

    case GALLEY_AUDIO_STATE_FAILED:
    case GALLEY_AUDIO_STATE_DISCONNECTED:
      /* lost mid-capture, or the connection we waited for never came */
      _galley_audio_capture_problem (self,
                                     self->lost ? GALLEY_AUDIO_ERROR_STOPPED
                                                : GALLEY_AUDIO_ERROR_NO_SERVICE,
                                     galley_audio_engine_get_error_message (engine));
      break;

    case GALLEY_AUDIO_STATE_CONNECTING:
    default:
      break;
    }
}

/* ------------------------------------------------------------------ GObject */

static void
galley_audio_capture_constructed (GObject *object)
{
  GalleyAudioCapture *self = GALLEY_AUDIO_CAPTURE (object);

  G_OBJECT_CLASS (galley_audio_capture_parent_class)->constructed (object);

  g_assert (self->engine != NULL);
  self->client_id = _galley_audio_engine_add_client (self->engine, engine_closing_cb, self);
  self->engine_state_id = g_signal_connect_object (self->engine, "notify::state",
                                                   G_CALLBACK (engine_state_cb), self,
                                                   G_CONNECT_SWAPPED);
}

static void
galley_audio_capture_dispose (GObject *object)
{
  GalleyAudioCapture *self = GALLEY_AUDIO_CAPTURE (object);

  /* 1. sources: the events and the watchdog go with the stream (step 4) */
  g_clear_handle_id (&self->event_id, g_source_remove);
  g_clear_handle_id (&self->watchdog_id, g_source_remove);

  if (self->engine != NULL)
    {
      /* 2. the handler and the closing callback on the engine, which may outlive us */
      g_clear_signal_handler (&self->engine_state_id, self->engine);
      if (self->client_id != 0)
        _galley_audio_engine_remove_client (self->engine, self->client_id);
      self->client_id = 0;

      /* 4. the stream, its event source and ring (spec/voice.md §7.5 step 3) */
      _galley_audio_capture_destroy_stream (self);
    }
  self->running = FALSE;

  /* 5. */
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (galley_audio_capture_parent_class)->dispose (object);
}

static void
galley_audio_capture_finalize (GObject *object)
{
  GalleyAudioCapture *self = GALLEY_AUDIO_CAPTURE (object);

  g_assert (self->cs == NULL);
  g_assert (self->event_id == 0 && self->watchdog_id == 0);
  g_assert (self->engine == NULL && self->client_id == 0);
  g_free (self->target);
  g_free (self->ev_error);

  G_OBJECT_CLASS (galley_audio_capture_parent_class)->finalize (object);
}

static void
galley_audio_capture_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GalleyAudioCapture *self = GALLEY_AUDIO_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_RATE:
      g_value_set_uint (value, self->rate);
      break;

    case PROP_CHUNK_MS:
      g_value_set_uint (value, self->chunk_ms);
      break;

    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;

    case PROP_LEVEL:
      g_value_set_double (value, self->level);
      break;

    case PROP_OVERFLOWS:
      g_value_set_uint64 (value, galley_audio_capture_get_overflows (self));
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_audio_capture_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  GalleyAudioCapture *self = GALLEY_AUDIO_CAPTURE (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;

    case PROP_RATE:
      self->rate = g_value_get_uint (value);
      break;

    case PROP_CHUNK_MS:
      galley_audio_capture_set_chunk_ms (self, g_value_get_uint (value));
      break;

    case PROP_TARGET:
      galley_audio_capture_set_target (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_audio_capture_class_init (GalleyAudioCaptureClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = galley_audio_capture_constructed;
  object_class->dispose = galley_audio_capture_dispose;
  object_class->finalize = galley_audio_capture_finalize;
  object_class->get_property = galley_audio_capture_get_property;
  object_class->set_property = galley_audio_capture_set_property;

  /**
   * GalleyAudioCapture:engine:
   *
   * The engine whose connection the capture stream uses.
   */
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, GALLEY_TYPE_AUDIO_ENGINE, co);
  /**
   * GalleyAudioCapture:rate:
   *
   * Samples per second of the chunks: 24000 (Realtime) or 16000 (offline recogniser).
   */
  properties[PROP_RATE] =
    g_param_spec_uint ("rate", NULL, NULL, 8000, 48000, 24000, co);
  /**
   * GalleyAudioCapture:chunk-ms:
   *
   * Length of each #GalleyAudioCapture::chunk, 20 to 40 ms; a change applies from the next
   * chunk.
   */
  properties[PROP_CHUNK_MS] =
    g_param_spec_uint ("chunk-ms", NULL, NULL, GALLEY_AUDIO_CAPTURE_CHUNK_MS_MIN,
                       GALLEY_AUDIO_CAPTURE_CHUNK_MS_MAX, GALLEY_AUDIO_CAPTURE_CHUNK_MS, rw);
  /**
   * GalleyAudioCapture:target:
   *
   * The node name or object serial to capture from (an echo-cancelling source, say), or
   * %NULL for the default microphone. Applies from the next start. A target that does not
   * exist falls back to the default microphone (WirePlumber's policy).
   */
  properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, NULL, rw);
  /**
   * GalleyAudioCapture:level:
   *
   * For a level meter: the peak of the last chunk, 0 to 1 of full scale, falling smoothly
   * (100 ms half-life) between peaks; 0 when not running. Notified at most once a chunk.
   */
  properties[PROP_LEVEL] =
    g_param_spec_double ("level", NULL, NULL, 0.0, 1.0, 0.0, ro);
  /**
   * GalleyAudioCapture:overflows:
   *
   * Samples dropped because the ring between PipeWire and the main loop was full (the main
   * loop was blocked for more than GALLEY_AUDIO_CAPTURE_RING_MS). Counted since the object
   * was made; notified when the main loop gets to it.
   */
  properties[PROP_OVERFLOWS] =
    g_param_spec_uint64 ("overflows", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  /**
   * GalleyAudioCapture:running:
   *
   * Between a successful galley_audio_capture_start() and galley_audio_capture_stop() or a
   * #GalleyAudioCapture::problem.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GalleyAudioCapture::chunk:
   * @self: the capture
   * @pcm: #GalleyAudioCapture:chunk-ms of S16LE mono samples at #GalleyAudioCapture:rate
   *
   * Emitted on the main thread, about every #GalleyAudioCapture:chunk-ms while running
   * (several at once after the main loop was busy). A handler may stop the capture.
   */
  signals[SIGNAL_CHUNK] =
    g_signal_new ("chunk", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
  /**
   * GalleyAudioCapture::problem:
   * @self: the capture
   * @error: a #GALLEY_AUDIO_ERROR whose message is for the cashier
   *
   * The capture stopped by itself: no microphone, the sound service went away, or the
   * stream failed. #GalleyAudioCapture:running is already %FALSE.
   */
  signals[SIGNAL_PROBLEM] =
    g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
galley_audio_capture_init (GalleyAudioCapture *self)
{
  self->rate = 24000;
  self->chunk_ms = GALLEY_AUDIO_CAPTURE_CHUNK_MS;
}

/* ------------------------------------------------------------------ public API */

/**
 * galley_audio_capture_new:
 * @engine: the application's audio engine
 * @rate: 24000 (Realtime) or 16000 (offline recogniser)
 *
 * Returns: (transfer full): a capture, not running
 */
GalleyAudioCapture *
galley_audio_capture_new (GalleyAudioEngine *engine,
                          guint              rate)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_ENGINE (engine), NULL);
  g_return_val_if_fail (rate >= 8000 && rate <= 48000, NULL);

  return g_object_new (GALLEY_TYPE_AUDIO_CAPTURE, "engine", engine, "rate", rate, NULL);
}

/**
 * galley_audio_capture_start:
 * @self: a capture
 * @error: where to say why not
 *
 * Starts capturing from #GalleyAudioCapture:target or the default microphone. A disconnected
 * engine is started; while it connects the capture waits, running. Does nothing when already
 * running.
 *
 * Returns: %FALSE with %GALLEY_AUDIO_ERROR_NO_SERVICE when no sound service runs, or
 *   %GALLEY_AUDIO_ERROR_FAILED when PipeWire refused the stream. Later failures come as
 *   #GalleyAudioCapture::problem.
 */
gboolean
galley_audio_capture_start (GalleyAudioCapture  *self,
                            GError             **error)
{
  GalleyAudioState state;

  g_return_val_if_fail (GALLEY_IS_AUDIO_CAPTURE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->running)
    return TRUE;

  state = galley_audio_engine_get_state (self->engine);
  if (state == GALLEY_AUDIO_STATE_DISCONNECTED || state == GALLEY_AUDIO_STATE_FAILED)
    {
      /* failed: try now, not at the next scheduled retry (the cashier asked) */
      galley_audio_engine_start (self->engine);
      state = galley_audio_engine_get_state (self->engine);
    }

  if (state == GALLEY_AUDIO_STATE_FAILED)
    {
      g_propagate_error (error, galley_audio_error_new (GALLEY_AUDIO_ERROR_NO_SERVICE));
      return FALSE;
    }

  self->lost = FALSE;
  if (state == GALLEY_AUDIO_STATE_READY && !_galley_audio_capture_create_stream (self))
    {
      g_propagate_error (error, galley_audio_error_new (GALLEY_AUDIO_ERROR_FAILED));
      return FALSE;
    }

  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  return TRUE;
}

/**
 * galley_audio_capture_stop:
 * @self: a capture
 *
 * Stops capturing: the stream is destroyed at once (no chunk follows, not even one already
 * captured) and nothing is held. Does nothing when not running.
 */
void
galley_audio_capture_stop (GalleyAudioCapture *self)
{
  g_return_if_fail (GALLEY_IS_AUDIO_CAPTURE (self));

  _galley_audio_capture_stop_internal (self);
}

/**
 * galley_audio_capture_get_engine:
 * @self: a capture
 *
 * Returns: (transfer none): the #GalleyAudioCapture:engine
 */
GalleyAudioEngine *
galley_audio_capture_get_engine (GalleyAudioCapture *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_CAPTURE (self), NULL);

  return self->engine;
}

/**
 * galley_audio_capture_get_rate:
 * @self: a capture
 *
 * Returns: the #GalleyAudioCapture:rate
 */
guint
galley_audio_capture_get_rate (GalleyAudioCapture *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_CAPTURE (self), 0);

  return self->rate;
}

/**
 * galley_audio_capture_get_chunk_ms:
 * @self: a capture
 *
 * Returns: the #GalleyAudioCapture:chunk-ms
 */
guint
galley_audio_capture_get_chunk_ms (GalleyAudioCapture *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_CAPTURE (self), 0);

  return self->chunk_ms;
}

/**
 * galley_audio_capture_set_chunk_ms:
 * @self: a capture
 * @chunk_ms: 20 to 40
 *
 * Sets the #GalleyAudioCapture:chunk-ms.
 */
void
galley_audio_capture_set_chunk_ms (GalleyAudioCapture *self,
                                   guint               chunk_ms)
{
  g_return_if_fail (GALLEY_IS_AUDIO_CAPTURE (self));
  g_return_if_fail (chunk_ms >= GALLEY_AUDIO_CAPTURE_CHUNK_MS_MIN &&
                    chunk_ms <= GALLEY_AUDIO_CAPTURE_CHUNK_MS_MAX);

  if (self->chunk_ms == chunk_ms)
    return;

  self->chunk_ms = chunk_ms;
  if (self->cs != NULL)
    g_atomic_int_set (&self->cs->wake_bytes, (gint) _galley_audio_capture_chunk_bytes (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHUNK_MS]);
}

/**
 * galley_audio_capture_get_target:
 * @self: a capture
 *
 * Returns: (nullable): the #GalleyAudioCapture:target
 */
const char *
galley_audio_capture_get_target (GalleyAudioCapture *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_CAPTURE (self), NULL);

  return self->target;
}

/**
 * galley_audio_capture_set_target:
 * @self: a capture
 * @target: (nullable): a node name or object serial, or %NULL for the default microphone
 *
 * Sets the #GalleyAudioCapture:target; applies from the next start.
 */
void
galley_audio_capture_set_target (GalleyAudioCapture *self,
                                 const char         *target)
{
  g_return_if_fail (GALLEY_IS_AUDIO_CAPTURE (self));

  if (target != NULL && *target == '\0')
    target = NULL;
  if (g_strcmp0 (self->target, target) == 0)
    return;

  g_free (self->target);
  self->target = g_strdup (target);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

/**
 * galley_audio_capture_get_level:
 * @self: a capture
 *
 * Returns: the #GalleyAudioCapture:level
 */
double
galley_audio_capture_get_level (GalleyAudioCapture *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_CAPTURE (self), 0.0);

  return self->level;
}

/**
 * galley_audio_capture_get_overflows:
 * @self: a capture
 *
 * Returns: the #GalleyAudioCapture:overflows, up to date (an atomic read)
 */
guint64
galley_audio_capture_get_overflows (GalleyAudioCapture *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_CAPTURE (self), 0);

  return self->overflows_past + _galley_audio_capture_ring_overflows (self);
}

/**
 * galley_audio_capture_get_running:
 * @self: a capture
 *
 * Returns: the #GalleyAudioCapture:running
 */
gboolean
galley_audio_capture_get_running (GalleyAudioCapture *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_CAPTURE (self), FALSE);

  return self->running;
}
