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
 */
#define G_LOG_DOMAIN "galley-audio-engine"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "audio/galley-audio-engine-private.h"
#include "net/galley-backoff.h"
#include "util/galley-source.h"

/* The daemon answers a core sync in a few ms; a frozen daemon must not leave us in CONNECTING. */
#define CONNECT_TIMEOUT_MS 10000

typedef struct
{
  guint                  id;
  GalleyAudioClosingFunc closing;
  gpointer               user_data;
} Client;

struct _GalleyAudioEngine
{
  GObject            parent_instance;

  GalleyAudioState   state;
  char              *error_message;
  guint              backoff_base_ms;
  guint              backoff_cap_ms;
  GRand             *rand;
  guint              attempt;           /* failures in a row; 0 once READY */
  gint64             next_retry;        /* monotonic µs, 0 when none */

  guint              streams_open;
  gint               buffers_played;    /* atomic: written by the data thread */
  gint               underruns;         /* atomic */
  guint              buffers_notified;
  guint              underruns_notified;
  guint              reconnects;
  guint              connect_attempts;

  /* PipeWire: all NULL/0 unless CONNECTING or READY */
  struct pw_loop    *loop;
  guint              loop_source_id;
  struct pw_context *context;
  struct pw_core    *core;
  struct spa_hook    core_listener;
  int                sync_seq;

  /* recorded by PipeWire callbacks, applied by dispatch_cb */
  gboolean           pending_ready;
  int                pending_error;     /* -errno */
  char              *pending_detail;
  guint              dispatch_id;

  guint              connect_timeout_id;
  guint              retry_id;

  GArray            *clients;           /* Client */
  guint              next_client_id;
};

G_DEFINE_FINAL_TYPE (GalleyAudioEngine, galley_audio_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_NEXT_RETRY,
  PROP_STREAMS_OPEN,
  PROP_BUFFERS_PLAYED,
  PROP_UNDERRUNS,
  PROP_RECONNECTS,
  PROP_CONNECT_ATTEMPTS,
  N_PROPS
};

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

/* ------------------------------------------------------------------ helpers */

static void
ensure_pw_init (void)
{
  static gsize done;

  /* once per process; pw_deinit() is left to process exit (it would unload the plugins
   * another engine may still use) */
  if (g_once_init_enter (&done))
    {
      pw_init (NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

static void
set_state (GalleyAudioEngine *self,
           GalleyAudioState   state)
{
  if (self->state == state)
    return;

  g_debug ("%s -> %s", state_values[self->state].value_nick, state_values[state].value_nick);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_error_message (GalleyAudioEngine *self,
                   const char        *message)
{
  if (g_strcmp0 (self->error_message, message) == 0)
    return;

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
set_next_retry (GalleyAudioEngine *self,
                gint64             next_retry)
{
  if (self->next_retry == next_retry)
    return;

  self->next_retry = next_retry;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RETRY]);
}

/* Drops the PipeWire connection: stream users first, then core, context and loop (the
 * order of spec/voice.md §7.5, steps 3-5). No notify: dispose calls this too. */
static void
teardown (GalleyAudioEngine *self)
{
  g_clear_handle_id (&self->dispatch_id, g_source_remove);
  g_clear_handle_id (&self->connect_timeout_id, g_source_remove);
  self->pending_ready = FALSE;
  self->pending_error = 0;
  g_clear_pointer (&self->pending_detail, g_free);

  if (self->core != NULL && self->clients->len > 0)
    {
      /* a copy: a user may remove itself while closing */
      g_autoptr(GArray) clients = g_array_copy (self->clients);

      for (guint i = 0; i < clients->len; i++)
        {
          Client *c = &g_array_index (clients, Client, i);

          c->closing (c->user_data);
        }
    }
  g_warn_if_fail (self->core == NULL || self->streams_open == 0);

  if (self->core != NULL)
    {
      spa_hook_remove (&self->core_listener);
      pw_core_disconnect (self->core);
      self->core = NULL;
    }
  g_clear_pointer (&self->context, pw_context_destroy);

  g_clear_handle_id (&self->loop_source_id, g_source_remove);
  if (self->loop != NULL)
    {
      pw_loop_leave (self->loop);
      g_clear_pointer (&self->loop, pw_loop_destroy);
    }
}

static gboolean retry_cb (gpointer user_data);

static void
fail (GalleyAudioEngine *self,
      int                res,
      const char        *detail,
      const char        *message)
{
  guint delay;

  teardown (self);

  /* log once per outage, not once per retry */
  if (self->attempt == 0)
    g_message ("%s (%s%s%s)", message, g_strerror (-res),
               detail != NULL ? ": " : "", detail != NULL ? detail : "");
  else
    g_debug ("Still no sound service (%s)", g_strerror (-res));

  self->attempt++;
  delay = galley_backoff_delay_ms (self->attempt, g_rand_double (self->rand),
                                   self->backoff_base_ms, self->backoff_cap_ms);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = galley_timeout_add_named ("galley-audio-engine-retry", delay,
                                             retry_cb, self, NULL);

  g_object_freeze_notify (G_OBJECT (self));
  set_error_message (self, message);
  set_next_retry (self, g_get_monotonic_time () + (gint64) delay * 1000);
  set_state (self, GALLEY_AUDIO_STATE_FAILED);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
become_ready (GalleyAudioEngine *self)
{
  g_clear_handle_id (&self->connect_timeout_id, g_source_remove);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->attempt > 0)
    {
      self->reconnects++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECTS]);
      g_message ("Sound service back after %u failed attempt%s", self->attempt,
                 self->attempt == 1 ? "" : "s");
    }
  self->attempt = 0;
  set_error_message (self, NULL);
  set_next_retry (self, 0);
  set_state (self, GALLEY_AUDIO_STATE_READY);
  g_object_thaw_notify (G_OBJECT (self));
}

/* ------------------------------------------------------------------ PipeWire callbacks */

static gboolean
dispatch_cb (gpointer user_data)
{
  GalleyAudioEngine *self = user_data;

  self->dispatch_id = 0;

  if (self->pending_error != 0)
    {
      int res = self->pending_error;
      g_autofree char *detail = g_steal_pointer (&self->pending_detail);

      fail (self, res, detail, _("No sound: the connection to the sound service was lost"));
    }
  else if (self->pending_ready)
    {
      self->pending_ready = FALSE;
      become_ready (self);
    }

  return G_SOURCE_REMOVE;
}

static void
schedule_dispatch (GalleyAudioEngine *self)
{
  if (self->dispatch_id == 0)
    self->dispatch_id = galley_idle_add_named ("galley-audio-engine-dispatch", dispatch_cb,
                                               self, NULL);
}

static void
core_done_cb (void     *data,
              uint32_t  id,
              int       seq)
{
  GalleyAudioEngine *self = data;

  if (id == PW_ID_CORE && seq == self->sync_seq && self->state == GALLEY_AUDIO_STATE_CONNECTING)
    {
      self->pending_ready = TRUE;
      schedule_dispatch (self);
    }
}

static void
core_error_cb (void       *data,
               uint32_t    id,
               int         seq,
               int         res,
               const char *message)
{
  GalleyAudioEngine *self = data;

  /* errors about other objects (a stream's node) reach their owners as stream errors */
  if (id != PW_ID_CORE)
    {
      g_debug ("PipeWire error on object %u: %s (%s)", id, message, g_strerror (-res));
      return;
    }

  if (self->pending_error == 0)
    {
      self->pending_error = res < 0 ? res : -EPIPE;
      self->pending_detail = g_strdup (message);
    }
  schedule_dispatch (self);
}

static const struct pw_core_events core_events = {
  PW_VERSION_CORE_EVENTS,
  .done = core_done_cb,
  .error = core_error_cb,
};

static gboolean
loop_cb (int           fd,
         GIOCondition  condition,
         gpointer      user_data)
{
  GalleyAudioEngine *self = user_data;
  int res;

  res = pw_loop_iterate (self->loop, 0);
  if (res < 0 && res != -EINTR && res != -EAGAIN)
    {
      /* the loop's own fd failed: nothing more can come from it; never spin on it */
      self->loop_source_id = 0;
      if (self->pending_error == 0)
        self->pending_error = res;
      schedule_dispatch (self);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
connect_timeout_cb (gpointer user_data)
{
  GalleyAudioEngine *self = user_data;

  self->connect_timeout_id = 0;
  fail (self, -ETIMEDOUT, NULL, _("No sound: the sound service does not answer"));

  return G_SOURCE_REMOVE;
}

static void
engine_connect (GalleyAudioEngine *self)
{
  int res;

  g_assert (self->loop == NULL && self->core == NULL);
  g_clear_handle_id (&self->retry_id, g_source_remove);

  ensure_pw_init ();
  self->connect_attempts++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_ATTEMPTS]);
  set_next_retry (self, 0);
  set_state (self, GALLEY_AUDIO_STATE_CONNECTING);

  self->loop = pw_loop_new (NULL);
  if (self->loop == NULL)
    {
      res = -errno;
      fail (self, res, "pw_loop_new", _("No sound: Galley could not start its sound engine"));
      return;
    }
  pw_loop_enter (self->loop);
  self->loop_source_id = galley_unix_fd_add_named ("galley-audio-engine-loop",
                                                   pw_loop_get_fd (self->loop), G_IO_IN,
                                                   loop_cb, self, NULL);

  self->context = pw_context_new (self->loop, NULL, 0);
  if (self->context == NULL)
    {
      res = -errno;
      fail (self, res, "pw_context_new", _("No sound: Galley could not start its sound engine"));
      return;
    }

  self->core = pw_context_connect (self->context,
                                   pw_properties_new (PW_KEY_APP_NAME, "Galley",
                                                      PW_KEY_APP_ID, APPLICATION_ID,
                                                      NULL),
                                   0);
  if (self->core == NULL)
    {
      res = -errno;
      fail (self, res, NULL, _("No sound: the sound service is not running"));
      return;
    }

  pw_core_add_listener (self->core, &self->core_listener, &core_events, self);
  self->sync_seq = pw_core_sync (self->core, PW_ID_CORE, 0);
  self->connect_timeout_id = galley_timeout_add_named ("galley-audio-engine-connect-timeout",
                                                       CONNECT_TIMEOUT_MS, connect_timeout_cb,
                                                       self, NULL);
}

static gboolean
retry_cb (gpointer user_data)
{
  GalleyAudioEngine *self = user_data;

  self->retry_id = 0;
  g_debug ("Retrying (attempt %u)", self->attempt + 1);
  engine_connect (self);

  return G_SOURCE_REMOVE;
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
  teardown (self);

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
    engine_connect (self);
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

  teardown (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->attempt = 0;

  g_object_freeze_notify (G_OBJECT (self));
  set_error_message (self, NULL);
  set_next_retry (self, 0);
  set_state (self, GALLEY_AUDIO_STATE_DISCONNECTED);
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

/* ------------------------------------------------------------------ for stream users */

/* The core to make streams on; NULL unless READY. */
struct pw_core *
_galley_audio_engine_get_core (GalleyAudioEngine *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_ENGINE (self), NULL);

  return self->state == GALLEY_AUDIO_STATE_READY ? self->core : NULL;
}

/* The loop the engine iterates on the main thread: event sources for data-thread wake-ups
 * (pw_loop_add_event / pw_loop_signal_event); NULL unless READY. */
struct pw_loop *
_galley_audio_engine_get_loop (GalleyAudioEngine *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_ENGINE (self), NULL);

  return self->state == GALLEY_AUDIO_STATE_READY ? self->loop : NULL;
}

guint
_galley_audio_engine_add_client (GalleyAudioEngine      *self,
                                 GalleyAudioClosingFunc  closing,
                                 gpointer                user_data)
{
  Client c = { 0 };

  g_return_val_if_fail (GALLEY_IS_AUDIO_ENGINE (self), 0);
  g_return_val_if_fail (closing != NULL, 0);

  c.id = ++self->next_client_id;
  c.closing = closing;
  c.user_data = user_data;
  g_array_append_val (self->clients, c);

  return c.id;
}

void
_galley_audio_engine_remove_client (GalleyAudioEngine *self,
                                    guint              id)
{
  g_return_if_fail (GALLEY_IS_AUDIO_ENGINE (self));

  for (guint i = 0; i < self->clients->len; i++)
    if (g_array_index (self->clients, Client, i).id == id)
      {
        g_array_remove_index (self->clients, i);
        return;
      }

  g_return_if_reached ();
}

void
_galley_audio_engine_stream_opened (GalleyAudioEngine *self)
{
  g_return_if_fail (GALLEY_IS_AUDIO_ENGINE (self));

  self->streams_open++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STREAMS_OPEN]);
}

void
_galley_audio_engine_stream_closed (GalleyAudioEngine *self)
{
  g_return_if_fail (GALLEY_IS_AUDIO_ENGINE (self));
  g_return_if_fail (self->streams_open > 0);

  self->streams_open--;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STREAMS_OPEN]);
}

/* Any thread: the PipeWire data thread counts here; no GObject call. */
void
_galley_audio_engine_count_buffer (GalleyAudioEngine *self)
{
  g_atomic_int_inc (&self->buffers_played);
}

void
_galley_audio_engine_count_underrun (GalleyAudioEngine *self)
{
  g_atomic_int_inc (&self->underruns);
}

void
_galley_audio_engine_notify_counters (GalleyAudioEngine *self)
{
  guint buffers, underruns;

  g_return_if_fail (GALLEY_IS_AUDIO_ENGINE (self));

  buffers = galley_audio_engine_get_buffers_played (self);
  underruns = galley_audio_engine_get_underruns (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (buffers != self->buffers_notified)
    {
      self->buffers_notified = buffers;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUFFERS_PLAYED]);
    }
  if (underruns != self->underruns_notified)
    {
      self->underruns_notified = underruns;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDERRUNS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
