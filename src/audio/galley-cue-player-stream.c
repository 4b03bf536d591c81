/* galley-cue-player-stream.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyCuePlayer's PipeWire stream, "galley-cues" (media.role Notification), made on the
 * engine's core when a cue is due and destroyed once the queue is empty and the last cue has
 * drained.
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
 */
#define G_LOG_DOMAIN "galley-cue-player"

#include <errno.h>
#include <spa/param/audio/format-utils.h>
#include <string.h>

#include "audio/galley-cue-player-private.h"
#include "util/galley-source.h"

#define RATE          48000
#define STRIDE        ((guint32) sizeof (float))
#define RING_BYTES    (1u << 18)          /* 65536 frames: 1.36 s, more than any cue */
#define CUE_GAP_MS    150                 /* silence between two cues on one stream */
#define WATCHDOG_MS   5000                /* beyond the cue's own length; also the drain's limit */

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

/**
 * _galley_cue_player_destroy_stream:
 * @notify: whether to notify #GalleyCuePlayer:playing (not in dispose)
 *
 * Destroys the cue stream at once, with its events and watchdog; the engine hears of it.
 */
void
_galley_cue_player_destroy_stream (GalleyCuePlayer *self,
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
    _galley_cue_player_notify (self, PROP_PLAYING);
}

static CueStream *
create_stream (GalleyCuePlayer *self,
               struct pw_core  *core)
{
  CueStream *cs;
  struct pw_properties *props;
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

  props = pw_properties_new (PW_KEY_MEDIA_TYPE, "Audio",
                             PW_KEY_MEDIA_CATEGORY, "Playback",
                             PW_KEY_MEDIA_ROLE, "Notification",
                             PW_KEY_NODE_NAME, GALLEY_CUE_PLAYER_NODE_NAME,
                             PW_KEY_NODE_DESCRIPTION, "Galley kitchen cues",
                             PW_KEY_APP_NAME, "Galley",
                             NULL);
  if (self->target != NULL)
    pw_properties_set (props, PW_KEY_TARGET_OBJECT, self->target);
  cs->stream = pw_stream_new (core, GALLEY_CUE_PLAYER_NODE_NAME, props);
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
      _galley_cue_player_destroy_stream (self, TRUE);
      _galley_cue_player_kick (self);
      return G_SOURCE_REMOVE;
    }

  if (!self->warned)
    g_message ("A cue did not finish playing: no sound device is taking Galley's sound");
  self->warned = TRUE;

  /* the stream does not run (no sink, no session manager): the queue would wait as long */
  if (self->current != NO_CUE)
    _galley_cue_player_count_dropped (self, 1, "did not finish");
  self->current = NO_CUE;
  _galley_cue_player_drop_pending (self, "the stream does not play");
  _galley_cue_player_destroy_stream (self, TRUE);

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
          _galley_cue_player_count_dropped (self, 1, "no stream");
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
      _galley_cue_player_notify (self, PROP_PLAYING);
    }

  return TRUE;
}

/**
 * _galley_cue_player_kick:
 *
 * Starts the next queued cue if nothing plays; with nothing queued, drains the stream.
 */
void
_galley_cue_player_kick (GalleyCuePlayer *self)
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
      _galley_cue_player_set_n_pending (self, self->n_pending - 1);
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
        _galley_cue_player_count_dropped (self, 1, "stream failed");
      self->current = NO_CUE;
      _galley_cue_player_destroy_stream (self, TRUE);
      /* the next cue gets a new stream; if the service is gone the engine drops the queue */
      _galley_cue_player_kick (self);
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
          _galley_cue_player_notify (self, PROP_CUES_PLAYED);
          _galley_cue_player_emit_cue_played (self, done);
        }
      /* the next cue into the running stream, or drain it; a handler may have muted us */
      _galley_cue_player_kick (self);
    }

  if (self->ev_drained)
    {
      self->ev_drained = FALSE;
      if (self->cs != NULL && self->cs->draining)
        {
          _galley_cue_player_destroy_stream (self, TRUE);
          /* cues requested while it drained */
          _galley_cue_player_kick (self);
        }
    }

  return G_SOURCE_REMOVE;
}

/**
 * galley_cue_player_get_target:
 * @self: a player
 *
 * Returns: (nullable): the #GalleyCuePlayer:target
 */
const char *
galley_cue_player_get_target (GalleyCuePlayer *self)
{
  g_return_val_if_fail (GALLEY_IS_CUE_PLAYER (self), NULL);

  return self->target;
}

/**
 * galley_cue_player_set_target:
 * @self: a player
 * @target: (nullable): a node name or object serial, or %NULL for the default speaker
 *
 * Sets the #GalleyCuePlayer:target; the cues playing now finish where they are, the next
 * burst opens its stream on @target.
 */
void
galley_cue_player_set_target (GalleyCuePlayer *self,
                              const char      *target)
{
  g_return_if_fail (GALLEY_IS_CUE_PLAYER (self));

  if (target != NULL && *target == '\0')
    target = NULL;
  if (g_strcmp0 (self->target, target) == 0)
    return;

  g_free (self->target);
  self->target = g_strdup (target);
  g_debug ("speaker: %s", target != NULL ? target : "(default)");
  _galley_cue_player_notify (self, PROP_TARGET);
}
