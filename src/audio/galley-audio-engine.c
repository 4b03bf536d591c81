/* galley-audio-engine.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application's one connection to PipeWire (spec/voice.md §7). The PipeWire main loop is
 * a pw_loop whose fd is watched by a named GSource on the GLib main context (§7.2, the
 * preferred variant): every PipeWire control callback (core, stream state, drained) runs on
 * the main thread, and teardown is synchronous on that thread with no lock. Streams may ask
 * for PW_STREAM_FLAG_RT_PROCESS; their process callbacks then run on the context's data
 * thread and touch only ring buffers and atomic counters.
 *
 * PipeWire callbacks never change the engine's state themselves: they record what happened
 * and schedule one idle ("galley-audio-engine-dispatch"), which applies it. So no notify
 * handler runs inside pw_loop_iterate(), and a handler that drops the engine cannot free the
 * loop that is being iterated.
 *
 * Without a sound service, or when it dies (core error, EPIPE), the engine tears everything
 * down, goes to FAILED with a sentence for the cook, logs once, and retries with the backoff
 * policy of the order link (net/galley-backoff.h) through "galley-audio-engine-retry". A failed
 * engine holds no PipeWire object, fd or thread: just that timer.
 *
 * This file has the object, its state and the public API; connecting, PipeWire's callbacks,
 * failure and retry are in galley-audio-engine-connection.c, and what stream users call
 * (galley-audio-engine-private.h) in galley-audio-engine-streams.c.
 */
#define G_LOG_DOMAIN "galley-audio-engine"

#include "audio/galley-audio-engine-internal.h"
#include "net/galley-backoff.h"

G_DEFINE_FINAL_TYPE (GalleyAudioEngine, galley_audio_engine, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static const GEnumValue state_values[] = {
  { GALLEY_AUDIO_STATE_DISCONNECTED, "GALLEY_AUDIO_STATE_DISCONNECTED", "disconnected" },
  { GALLEY_AUDIO_STATE_CONNECTING, "GALLEY_AUDIO_STATE_CONNECTING", "connecting" },
  { GALLEY_AUDIO_STATE_READY, "GALLEY_AUDIO_STATE_READY", "ready" },
  { GALLEY_AUDIO_STATE_FAILED, "GALLEY_AUDIO_STATE_FAILED", "failed" },
  { 0, NULL, NULL }
};

GType
galley_audio_state_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("GalleyAudioState", state_values));

  return type_id;
}

/* ------------------------------------------------------------------ state */

void
_galley_audio_engine_notify (GalleyAudioEngine *self,
                             guint              prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
_galley_audio_engine_set_state (GalleyAudioEngine *self,
                                GalleyAudioState   state)
{
  if (self->state == state)
    return;

  g_debug ("%s -> %s", state_values[self->state].value_nick, state_values[state].value_nick);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_galley_audio_engine_set_error_message (GalleyAudioEngine *self,
                                        const char        *message)
{
  if (g_strcmp0 (self->error_message, message) == 0)
    return;

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

void
_galley_audio_engine_set_next_retry (GalleyAudioEngine *self,
                                     gint64             next_retry)
{
  if (self->next_retry == next_retry)
    return;

  self->next_retry = next_retry;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RETRY]);
}

/* ------------------------------------------------------------------ GObject */

static void
galley_audio_engine_dispose (GObject *object)
{
  GalleyAudioEngine *self = GALLEY_AUDIO_ENGINE (object);

  /* 1. sources */
  g_clear_handle_id (&self->retry_id, g_source_remove);

  /* 4. PipeWire: every stream user holds a reference, so none is left by now */
  g_warn_if_fail (self->clients->len == 0);
  _galley_audio_engine_teardown (self);

  G_OBJECT_CLASS (galley_audio_engine_parent_class)->dispose (object);
}

static void
galley_audio_engine_finalize (GObject *object)
{
  GalleyAudioEngine *self = GALLEY_AUDIO_ENGINE (object);

  g_assert (self->loop == NULL && self->context == NULL && self->core == NULL);
  g_assert (self->retry_id == 0 && self->dispatch_id == 0 && self->connect_timeout_id == 0);
  g_assert (self->loop_source_id == 0);

  g_clear_pointer (&self->clients, g_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_free (self->error_message);
  g_free (self->pending_detail);

  G_OBJECT_CLASS (galley_audio_engine_parent_class)->finalize (object);
}

static void
galley_audio_engine_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GalleyAudioEngine *self = GALLEY_AUDIO_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    case PROP_NEXT_RETRY:
      g_value_set_int64 (value, self->next_retry);
      break;

    case PROP_STREAMS_OPEN:
      g_value_set_uint (value, self->streams_open);
      break;

    case PROP_BUFFERS_PLAYED:
      g_value_set_uint (value, galley_audio_engine_get_buffers_played (self));
      break;

    case PROP_UNDERRUNS:
      g_value_set_uint (value, galley_audio_engine_get_underruns (self));
      break;

    case PROP_RECONNECTS:
      g_value_set_uint (value, self->reconnects);
      break;

    case PROP_CONNECT_ATTEMPTS:
      g_value_set_uint (value, self->connect_attempts);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_audio_engine_class_init (GalleyAudioEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = galley_audio_engine_dispose;
  object_class->finalize = galley_audio_engine_finalize;
  object_class->get_property = galley_audio_engine_get_property;

  /**
   * GalleyAudioEngine:state:
   *
   * Where the connection to PipeWire stands.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, GALLEY_TYPE_AUDIO_STATE,
                       GALLEY_AUDIO_STATE_DISCONNECTED, flags);
  /**
   * GalleyAudioEngine:error-message:
   *
   * While failed, a translated sentence for the cook ("No sound: the sound service is not
   * running"); %NULL otherwise.
   */
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL, flags);
  /**
   * GalleyAudioEngine:next-retry:
   *
   * While failed, when the next connection attempt is due (g_get_monotonic_time() µs); 0
   * otherwise.
   */
  properties[PROP_NEXT_RETRY] =
    g_param_spec_int64 ("next-retry", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /**
   * GalleyAudioEngine:streams-open:
   *
   * PipeWire streams open on the engine's connection right now.
   */
  properties[PROP_STREAMS_OPEN] =
    g_param_spec_uint ("streams-open", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /**
   * GalleyAudioEngine:buffers-played:
   *
   * Playback buffers handed to PipeWire since the engine was made. Counted on the data
   * thread; notified when a stream user reports (at the end of each cue), not per buffer.
   */
  properties[PROP_BUFFERS_PLAYED] =
    g_param_spec_uint ("buffers-played", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /**
   * GalleyAudioEngine:underruns:
   *
   * Times a playback stream could not be fed when PipeWire asked for audio. Notified like
   * #GalleyAudioEngine:buffers-played.
   */
  properties[PROP_UNDERRUNS] =
    g_param_spec_uint ("underruns", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /**
   * GalleyAudioEngine:reconnects:
   *
   * Times the engine got the sound service back after a failure.
   */
  properties[PROP_RECONNECTS] =
    g_param_spec_uint ("reconnects", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /**
   * GalleyAudioEngine:connect-attempts:
   *
   * Connections tried since the engine was made, retries included.
   */
  properties[PROP_CONNECT_ATTEMPTS] =
    g_param_spec_uint ("connect-attempts", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_audio_engine_init (GalleyAudioEngine *self)
{
  self->state = GALLEY_AUDIO_STATE_DISCONNECTED;
  self->backoff_base_ms = GALLEY_BACKOFF_BASE_MS;
  self->backoff_cap_ms = GALLEY_BACKOFF_CAP_MS;
  self->rand = g_rand_new ();
  self->clients = g_array_new (FALSE, FALSE, sizeof (Client));
}

/* ------------------------------------------------------------------ public API */

/**
 * galley_audio_engine_new:
 *
 * Makes the engine; one per application. It connects on galley_audio_engine_start() or on
 * first use by a stream user (the cue player).
 *
 * Returns: (transfer full): a new engine, disconnected
 */
GalleyAudioEngine *
galley_audio_engine_new (void)
{
  return g_object_new (GALLEY_TYPE_AUDIO_ENGINE, NULL);
}

/**
 * galley_audio_engine_start:
 * @self: an engine
 *
 * Connects to PipeWire if disconnected; when failed, retries now instead of waiting for the
 * scheduled retry (a "Retry" button). Does nothing while connecting or ready. The connection
 * itself is quick and does not block: the state becomes %GALLEY_AUDIO_STATE_CONNECTING, then
 * %GALLEY_AUDIO_STATE_READY from the main loop, or %GALLEY_AUDIO_STATE_FAILED (at once when
 * no sound service is running).
 */
void
galley_audio_engine_start (GalleyAudioEngine *self)
{
  g_return_if_fail (GALLEY_IS_AUDIO_ENGINE (self));

  if (self->state == GALLEY_AUDIO_STATE_DISCONNECTED || self->state == GALLEY_AUDIO_STATE_FAILED)
    _galley_audio_engine_connect (self);
}

/**
 * galley_audio_engine_stop:
 * @self: an engine
 *
 * Closes every stream (their users are told first), drops the connection and cancels any
 * retry: the engine is back to %GALLEY_AUDIO_STATE_DISCONNECTED and holds nothing.
 */
void
galley_audio_engine_stop (GalleyAudioEngine *self)
{
  g_return_if_fail (GALLEY_IS_AUDIO_ENGINE (self));

  _galley_audio_engine_teardown (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->attempt = 0;

  g_object_freeze_notify (G_OBJECT (self));
  _galley_audio_engine_set_error_message (self, NULL);
  _galley_audio_engine_set_next_retry (self, 0);
  _galley_audio_engine_set_state (self, GALLEY_AUDIO_STATE_DISCONNECTED);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * galley_audio_engine_set_backoff:
 * @self: an engine
 * @base_ms: the first retry delay (#GALLEY_BACKOFF_BASE_MS by default)
 * @cap_ms: the largest delay before jitter (#GALLEY_BACKOFF_CAP_MS by default)
 *
 * Sets the retry policy, galley_backoff_delay_ms(); tests shorten it. Applies from the next
 * failure.
 */
void
galley_audio_engine_set_backoff (GalleyAudioEngine *self,
                                 guint              base_ms,
                                 guint              cap_ms)
{
  g_return_if_fail (GALLEY_IS_AUDIO_ENGINE (self));
  g_return_if_fail (base_ms > 0 && cap_ms >= base_ms);

  self->backoff_base_ms = base_ms;
  self->backoff_cap_ms = cap_ms;
}

/**
 * galley_audio_engine_get_state:
 * @self: an engine
 *
 * Returns: the #GalleyAudioEngine:state
 */
GalleyAudioState
galley_audio_engine_get_state (GalleyAudioEngine *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_ENGINE (self), GALLEY_AUDIO_STATE_DISCONNECTED);

  return self->state;
}

/**
 * galley_audio_engine_get_error_message:
 * @self: an engine
 *
 * Returns: (nullable): the #GalleyAudioEngine:error-message
 */
const char *
galley_audio_engine_get_error_message (GalleyAudioEngine *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_ENGINE (self), NULL);

  return self->error_message;
}

/**
 * galley_audio_engine_get_next_retry:
 * @self: an engine
 *
 * Returns: the #GalleyAudioEngine:next-retry
 */
gint64
galley_audio_engine_get_next_retry (GalleyAudioEngine *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_ENGINE (self), 0);

  return self->next_retry;
}

/**
 * galley_audio_engine_get_streams_open:
 * @self: an engine
 *
 * Returns: the #GalleyAudioEngine:streams-open
 */
guint
galley_audio_engine_get_streams_open (GalleyAudioEngine *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_ENGINE (self), 0);

  return self->streams_open;
}

/**
 * galley_audio_engine_get_buffers_played:
 * @self: an engine
 *
 * Returns: the #GalleyAudioEngine:buffers-played, up to date (an atomic read)
 */
guint
galley_audio_engine_get_buffers_played (GalleyAudioEngine *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_ENGINE (self), 0);

  return (guint) g_atomic_int_get (&self->buffers_played);
}

/**
 * galley_audio_engine_get_underruns:
 * @self: an engine
 *
 * Returns: the #GalleyAudioEngine:underruns, up to date (an atomic read)
 */
guint
galley_audio_engine_get_underruns (GalleyAudioEngine *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_ENGINE (self), 0);

  return (guint) g_atomic_int_get (&self->underruns);
}

/**
 * galley_audio_engine_get_reconnects:
 * @self: an engine
 *
 * Returns: the #GalleyAudioEngine:reconnects
 */
guint
galley_audio_engine_get_reconnects (GalleyAudioEngine *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_ENGINE (self), 0);

  return self->reconnects;
}

/**
 * galley_audio_engine_get_connect_attempts:
 * @self: an engine
 *
 * Returns: the #GalleyAudioEngine:connect-attempts
 */
guint
galley_audio_engine_get_connect_attempts (GalleyAudioEngine *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_ENGINE (self), 0);

  return self->connect_attempts;
}
