/* galley-cue-player.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plays the kitchen's cues through one PipeWire playback stream, "galley-cues" (media.role
 * Notification), made on the engine's core when a cue is due and destroyed once the queue is
 * empty and the last cue has drained: an idle player holds no stream, no node, no buffer.
 *
 * A cue is rendered on the main thread (galley_cue_render(), volume applied to the samples)
 * and written whole into a single-producer single-consumer ring. The stream has
 * PW_STREAM_FLAG_RT_PROCESS: its process callback runs on PipeWire's data thread, copies from
 * the ring (silence when it is empty), and touches nothing else but atomics, the engine's
 * counters and an event source on the engine's loop, which it signals once the cue's last
 * sample is queued. On the main thread the next queued cue is then written into the same
 * running stream; with none left, the stream is drained (pw_stream_flush (…, true)), and on
 * "drained" destroyed. A stream is drained once and never re-activated: PipeWire 0.3.65 keeps
 * a drained stream's flags in the data thread, and flipping them back from the main thread
 * races with it. Cues that arrive while it drains get a new stream. Cues never overlap, and
 * each plays to its end.
 *
 * Stream events (state, drained, the cue-done event) are recorded in the PipeWire callback and
 * applied from one named idle, never inside pw_loop_iterate(). Watchdogs bound every cue and
 * every drain (no sink, no session manager: a stream that never runs) so the queue cannot
 * stall.
 *
 * Bursts: a cue identical to one queued, playing or started less than
 * GALLEY_CUE_PLAYER_COALESCE_MS ago is merged into it (a resync that brings 30 orders beeps
 * once); at most GALLEY_CUE_PLAYER_MAX_PENDING cues wait. Every request ends up counted as
 * played, dropped or coalesced.
 */
#define G_LOG_DOMAIN "galley-cue-player"

#include <errno.h>
#include <spa/param/audio/format-utils.h>
#include <spa/utils/ringbuffer.h>
#include <string.h>

#include "audio/galley-audio-engine-private.h"
#include "audio/galley-cue-player.h"
#include "util/galley-source.h"

#define RATE          48000
#define STRIDE        ((guint32) sizeof (float))
#define RING_BYTES    (1u << 18)          /* 65536 frames: 1.36 s, more than any cue */
#define CUE_GAP_MS    150                 /* silence between two cues on one stream */
#define WATCHDOG_MS   5000                /* beyond the cue's own length; also the drain's limit */
#define NO_CUE        (-1)

/* What the data thread may touch: the ring, the armed flag, the engine's atomic counters and
 * the cue-done event source. */
typedef struct
{
  GalleyCuePlayer      *player;           /* main-thread callbacks only */
  GalleyAudioEngine    *engine;           /* counters only; the player holds the reference */
  struct pw_loop       *main_loop;        /* the engine's loop, iterated on the main thread */
  struct pw_stream     *stream;
  struct spa_hook       listener;
  struct spa_source    *cue_done;         /* signalled by the data thread */
  struct spa_ringbuffer ring;
  guint8               *ring_data;
  gint                  armed;            /* atomic: a cue is in the ring, not yet all queued */
  gboolean              draining;         /* main thread: flushed with drain, waiting */
} CueStream;

struct _GalleyCuePlayer
{
  GObject            parent_instance;

  GalleyAudioEngine *engine;
  guint              client_id;
  gulong             engine_state_id;

  double             volume;
  gboolean           muted;

  GalleyCue          pending[GALLEY_CUE_PLAYER_MAX_PENDING];
  guint              n_pending;
  int                current;             /* GalleyCue playing, or NO_CUE */
  gint64             last_started[GALLEY_N_CUES];

  CueStream         *cs;
  gboolean           ev_cue_done;         /* recorded by stream callbacks, applied by event_cb */
  gboolean           ev_drained;
  gboolean           ev_failed;
  char              *ev_error;
  guint              event_id;
  guint              watchdog_id;
  gboolean           warned;              /* a failure was logged since the last good cue */

  guint              cues_played;
  guint              cues_dropped;
  guint              cues_coalesced;
};

G_DEFINE_FINAL_TYPE (GalleyCuePlayer, galley_cue_player, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_VOLUME,
  PROP_MUTED,
  PROP_PLAYING,
  PROP_N_PENDING,
  PROP_CUES_PLAYED,
  PROP_CUES_DROPPED,
  PROP_CUES_COALESCED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CUE_PLAYED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ counters */

static void
count_dropped (GalleyCuePlayer *self,
               guint            n,
               const char      *why)
{
  if (n == 0)
    return;

  g_debug ("%u cue%s dropped: %s", n, n == 1 ? "" : "s", why);
  self->cues_dropped += n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUES_DROPPED]);
}

static void
set_n_pending (GalleyCuePlayer *self,
               guint            n)
{
  if (self->n_pending == n)
    return;

  self->n_pending = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
}

static void
drop_pending (GalleyCuePlayer *self,
              const char      *why)
{
  count_dropped (self, self->n_pending, why);
  set_n_pending (self, 0);
}

/* ------------------------------------------------------------------ data thread */

static void
stream_process_cb (void *data)
{
  CueStream *cs = data;
  struct pw_buffer *b;
  struct spa_data *d;
  guint32 n_bytes, index, take;
  gint32 avail;

  b = pw_stream_dequeue_buffer (cs->stream);
  if (b == NULL)
    {
      _galley_audio_engine_count_underrun (cs->engine);
      return;
    }

  d = &b->buffer->datas[0];
  if (d->data == NULL)
    {
      pw_stream_queue_buffer (cs->stream, b);
      return;
    }

  n_bytes = d->maxsize / STRIDE * STRIDE;
  if (b->requested > 0)
    n_bytes = MIN (n_bytes, (guint32) b->requested * STRIDE);

  avail = spa_ringbuffer_get_read_index (&cs->ring, &index);
  take = MIN ((guint32) MAX (avail, 0), n_bytes);
  if (take > 0)
    {
      spa_ringbuffer_read_data (&cs->ring, cs->ring_data, RING_BYTES, index & (RING_BYTES - 1),
                                d->data, take);
      spa_ringbuffer_read_update (&cs->ring, (gint32) (index + take));
    }
  /* silence for the rest: after the cue, or between cues while the next one is written */
  if (take < n_bytes)
    memset ((guint8 *) d->data + take, 0, n_bytes - take);

  d->chunk->offset = 0;
  d->chunk->stride = (gint32) STRIDE;
  d->chunk->size = n_bytes;
  pw_stream_queue_buffer (cs->stream, b);
  _galley_audio_engine_count_buffer (cs->engine);

  /* the cue's last sample is queued: tell the main thread (an eventfd write, RT-safe) */
  if ((guint32) MAX (avail, 0) == take && g_atomic_int_compare_and_exchange (&cs->armed, 1, 0))
    pw_loop_signal_event (cs->main_loop, cs->cue_done);
}

/* ------------------------------------------------------------------ stream */

static gboolean event_cb (gpointer user_data);
static void     kick     (GalleyCuePlayer *self);

static void
schedule_event (GalleyCuePlayer *self)
{
  if (self->event_id == 0)
    self->event_id = galley_idle_add_named ("galley-cue-player-event", event_cb, self, NULL);
}

/* main thread (the engine's loop source), inside pw_loop_iterate(): record only */
static void
stream_state_changed_cb (void                 *data,
                         enum pw_stream_state  old,
                         enum pw_stream_state  state,
                         const char           *error)
{
  CueStream *cs = data;
  GalleyCuePlayer *self = cs->player;

  g_debug ("stream %s -> %s%s%s", pw_stream_state_as_string (old),
           pw_stream_state_as_string (state), error ? ": " : "", error ? error : "");

  if (state == PW_STREAM_STATE_ERROR ||
      (state == PW_STREAM_STATE_UNCONNECTED && old != PW_STREAM_STATE_UNCONNECTED))
    {
      if (!self->ev_failed)
        {
          self->ev_failed = TRUE;
          self->ev_error = g_strdup (error != NULL ? error : "disconnected");
        }
      schedule_event (self);
    }
}

static void
stream_drained_cb (void *data)
{
  CueStream *cs = data;
  GalleyCuePlayer *self = cs->player;

  /* 0.3.65 repeats "drained" every cycle until the stream goes: only the one we asked for */
  if (cs->draining)
    {
      self->ev_drained = TRUE;
      schedule_event (self);
    }
}

/* main thread: the data thread signalled the event source */
static void
cue_done_cb (void     *data,
             uint64_t  count)
{
  CueStream *cs = data;
  GalleyCuePlayer *self = cs->player;

  self->ev_cue_done = TRUE;
  schedule_event (self);
}

static const struct pw_stream_events stream_events = {
  PW_VERSION_STREAM_EVENTS,
  .state_changed = stream_state_changed_cb,
  .process = stream_process_cb,
  .drained = stream_drained_cb,
};

static void
destroy_stream (GalleyCuePlayer *self,
                gboolean         notify)
{
  CueStream *cs = g_steal_pointer (&self->cs);

  g_clear_handle_id (&self->event_id, g_source_remove);
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  self->ev_cue_done = FALSE;
  self->ev_drained = FALSE;
  self->ev_failed = FALSE;
  g_clear_pointer (&self->ev_error, g_free);

  if (cs == NULL)
    return;

  /* after pw_stream_destroy() no process call can run: the event source and the ring may go */
  spa_hook_remove (&cs->listener);
  pw_stream_disconnect (cs->stream);
  pw_stream_destroy (cs->stream);
  pw_loop_destroy_source (cs->main_loop, cs->cue_done);
  g_free (cs->ring_data);
  g_free (cs);

  _galley_audio_engine_stream_closed (self->engine);
  _galley_audio_engine_notify_counters (self->engine);
  if (notify)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static CueStream *
create_stream (GalleyCuePlayer *self,
               struct pw_core  *core)
{
  CueStream *cs;
  guint8 buffer[1024];
  struct spa_pod_builder pb;
  const struct spa_pod *params[1];
  int res;

  cs = g_new0 (CueStream, 1);
  cs->player = self;
  cs->engine = self->engine;
  cs->main_loop = _galley_audio_engine_get_loop (self->engine);
  cs->ring_data = g_malloc0 (RING_BYTES);
  spa_ringbuffer_init (&cs->ring);
  cs->cue_done = pw_loop_add_event (cs->main_loop, cue_done_cb, cs);
  if (cs->cue_done == NULL)
    {
      g_message ("Cannot make the cue stream's event: %s", g_strerror (errno));
      g_free (cs->ring_data);
      g_free (cs);
      return NULL;
    }

  cs->stream = pw_stream_new (core, GALLEY_CUE_PLAYER_NODE_NAME,
                              pw_properties_new (PW_KEY_MEDIA_TYPE, "Audio",
                                                 PW_KEY_MEDIA_CATEGORY, "Playback",
                                                 PW_KEY_MEDIA_ROLE, "Notification",
                                                 PW_KEY_NODE_NAME, GALLEY_CUE_PLAYER_NODE_NAME,
                                                 PW_KEY_NODE_DESCRIPTION, "Galley kitchen cues",
                                                 PW_KEY_APP_NAME, "Galley",
                                                 NULL));
  if (cs->stream == NULL)
    {
      g_message ("Cannot make the cue stream: %s", g_strerror (errno));
      pw_loop_destroy_source (cs->main_loop, cs->cue_done);
      g_free (cs->ring_data);
      g_free (cs);
      return NULL;
    }
  pw_stream_add_listener (cs->stream, &cs->listener, &stream_events, cs);

  /* spa_pod_builder_init, not SPA_POD_BUILDER_INIT: clang -Wgnu-empty-initializer */
  spa_pod_builder_init (&pb, buffer, sizeof buffer);
  params[0] = spa_format_audio_raw_build (&pb, SPA_PARAM_EnumFormat,
                &SPA_AUDIO_INFO_RAW_INIT (.format = SPA_AUDIO_FORMAT_F32,
                                          .channels = 1,
                                          .rate = RATE,
                                          .position = { SPA_AUDIO_CHANNEL_MONO }));
  res = pw_stream_connect (cs->stream, PW_DIRECTION_OUTPUT, PW_ID_ANY,
                           PW_STREAM_FLAG_AUTOCONNECT | PW_STREAM_FLAG_MAP_BUFFERS |
                           PW_STREAM_FLAG_RT_PROCESS,
                           params, 1);
  if (res < 0)
    {
      g_message ("Cannot connect the cue stream: %s", g_strerror (-res));
      spa_hook_remove (&cs->listener);
      pw_stream_destroy (cs->stream);
      pw_loop_destroy_source (cs->main_loop, cs->cue_done);
      g_free (cs->ring_data);
      g_free (cs);
      return NULL;
    }

  return cs;
}

static gboolean
watchdog_cb (gpointer user_data)
{
  GalleyCuePlayer *self = user_data;

  self->watchdog_id = 0;

  if (self->cs != NULL && self->cs->draining)
    {
      /* the last cue is out but "drained" never came: let the stream go anyway */
      g_debug ("no drained event: closing the stream");
      destroy_stream (self, TRUE);
      kick (self);
      return G_SOURCE_REMOVE;
    }

  if (!self->warned)
    g_message ("A cue did not finish playing: no sound device is taking Galley's sound");
  self->warned = TRUE;

  /* the stream does not run (no sink, no session manager): the queue would wait as long */
  if (self->current != NO_CUE)
    count_dropped (self, 1, "did not finish");
  self->current = NO_CUE;
  drop_pending (self, "the stream does not play");
  destroy_stream (self, TRUE);

  return G_SOURCE_REMOVE;
}

static void
arm_watchdog (GalleyCuePlayer *self,
              guint            ms)
{
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  self->watchdog_id = galley_timeout_add_named ("galley-cue-player-watchdog", ms,
                                                watchdog_cb, self, NULL);
}

/* Writes the cue into the ring of the running stream, or of a new one. FALSE (and the cue
 * counted as dropped) when no stream can be made. */
static gboolean
start_cue (GalleyCuePlayer *self,
           GalleyCue        cue)
{
  g_autofree float *samples = NULL;
  struct pw_core *core;
  gsize n_frames;
  guint32 index, n_bytes;
  gint32 filled;
  gboolean created = FALSE;

  g_assert (self->cs == NULL || !self->cs->draining);

  core = _galley_audio_engine_get_core (self->engine);
  g_return_val_if_fail (core != NULL, FALSE);

  if (self->cs == NULL)
    {
      self->cs = create_stream (self, core);
      if (self->cs == NULL)
        {
          count_dropped (self, 1, "no stream");
          return FALSE;
        }
      created = TRUE;
    }

  samples = galley_cue_render (cue, RATE, self->volume, &n_frames);
  n_bytes = (guint32) (n_frames * STRIDE);

  /* the data thread has queued the previous cue's last sample: the ring is empty */
  filled = spa_ringbuffer_get_write_index (&self->cs->ring, &index);
  g_assert (filled == 0);
  if (!created)
    {
      /* right after another cue: a pause first, so the two do not run into one */
      guint32 gap = RATE * CUE_GAP_MS / 1000 * STRIDE;
      g_autofree guint8 *silence = g_malloc0 (gap);

      spa_ringbuffer_write_data (&self->cs->ring, self->cs->ring_data, RING_BYTES,
                                 index & (RING_BYTES - 1), silence, gap);
      index += gap;
      n_frames += gap / STRIDE;
    }
  g_assert (n_bytes + RATE * CUE_GAP_MS / 1000 * STRIDE <= RING_BYTES);
  spa_ringbuffer_write_data (&self->cs->ring, self->cs->ring_data, RING_BYTES,
                             index & (RING_BYTES - 1), samples, n_bytes);
  spa_ringbuffer_write_update (&self->cs->ring, (gint32) (index + n_bytes));
  g_atomic_int_set (&self->cs->armed, 1);

  self->current = (int) cue;
  self->last_started[cue] = g_get_monotonic_time ();
  arm_watchdog (self, (guint) (n_frames * 1000 / RATE) + WATCHDOG_MS);
  g_debug ("playing %s (%zu frames)", galley_cue_get_name (cue), n_frames);

  if (created)
    {
      _galley_audio_engine_stream_opened (self->engine);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
    }

  return TRUE;
}

/* Starts the next queued cue if nothing plays; with nothing queued, drains the stream. */
static void
kick (GalleyCuePlayer *self)
{
  while (self->current == NO_CUE)
    {
      GalleyCue next;

      /* a draining stream is not reused: the queue waits for "drained" */
      if (self->cs != NULL && self->cs->draining)
        return;

      if (self->n_pending == 0 ||
          galley_audio_engine_get_state (self->engine) != GALLEY_AUDIO_STATE_READY)
        {
          if (self->cs != NULL)
            {
              /* play out what is queued, then "drained" destroys the stream */
              self->cs->draining = TRUE;
              pw_stream_flush (self->cs->stream, true);
              arm_watchdog (self, WATCHDOG_MS);
            }
          return;
        }

      next = self->pending[0];
      memmove (self->pending, self->pending + 1, (self->n_pending - 1) * sizeof (GalleyCue));
      set_n_pending (self, self->n_pending - 1);
      start_cue (self, next);
    }
}

static gboolean
event_cb (gpointer user_data)
{
  GalleyCuePlayer *self = user_data;

  self->event_id = 0;

  if (self->ev_failed)
    {
      g_autofree char *error = g_steal_pointer (&self->ev_error);

      if (!self->warned)
        g_message ("The cue stream failed: %s", error);
      self->warned = TRUE;
      if (self->current != NO_CUE)
        count_dropped (self, 1, "stream failed");
      self->current = NO_CUE;
      destroy_stream (self, TRUE);
      /* the next cue gets a new stream; if the service is gone the engine drops the queue */
      kick (self);
      return G_SOURCE_REMOVE;
    }

  if (self->ev_cue_done)
    {
      self->ev_cue_done = FALSE;
      if (self->current != NO_CUE)
        {
          GalleyCue done = (GalleyCue) self->current;

          self->current = NO_CUE;
          self->warned = FALSE;
          g_clear_handle_id (&self->watchdog_id, g_source_remove);
          self->cues_played++;
          _galley_audio_engine_notify_counters (self->engine);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUES_PLAYED]);
          g_signal_emit (self, signals[SIGNAL_CUE_PLAYED], 0, done);
        }
      /* the next cue into the running stream, or drain it; a handler may have muted us */
      kick (self);
    }

  if (self->ev_drained)
    {
      self->ev_drained = FALSE;
      if (self->cs != NULL && self->cs->draining)
        {
          destroy_stream (self, TRUE);
          /* cues requested while it drained */
          kick (self);
        }
    }

  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------ engine */

/* The engine drops its connection: the stream goes now, before pw_core_disconnect(). */
static void
engine_closing_cb (gpointer user_data)
{
  GalleyCuePlayer *self = user_data;

  if (self->current != NO_CUE)
    count_dropped (self, 1, "the sound service went away");
  self->current = NO_CUE;
  destroy_stream (self, TRUE);
}

static void
engine_state_cb (GalleyCuePlayer   *self,
                 GParamSpec        *pspec,
                 GalleyAudioEngine *engine)
{
  switch (galley_audio_engine_get_state (engine))
    {
    case GALLEY_AUDIO_STATE_READY:
      kick (self);
      break;

    case GALLEY_AUDIO_STATE_FAILED:
    case GALLEY_AUDIO_STATE_DISCONNECTED:
      drop_pending (self, "no sound service");
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
      destroy_stream (self, FALSE);
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
      count_dropped (self, 1, "muted");
      return;
    }

  state = galley_audio_engine_get_state (self->engine);
  if (state == GALLEY_AUDIO_STATE_FAILED)
    {
      count_dropped (self, 1, "no sound service");
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
      count_dropped (self, 1, "queue full");
      return;
    }

  self->pending[self->n_pending] = cue;
  set_n_pending (self, self->n_pending + 1);

  if (state == GALLEY_AUDIO_STATE_DISCONNECTED)
    galley_audio_engine_start (self->engine);   /* READY or FAILED reaches engine_state_cb */
  else if (state == GALLEY_AUDIO_STATE_READY)
    kick (self);
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
      drop_pending (self, "muted");
      if (self->current != NO_CUE)
        count_dropped (self, 1, "muted");
      self->current = NO_CUE;
      destroy_stream (self, TRUE);
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
