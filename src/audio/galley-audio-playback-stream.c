/* galley-audio-playback-stream.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyAudioPlayback's PipeWire stream, "galley-voice-playback" (spec/voice.md §7.1): S16LE
 * mono at the playback's rate, media.role Communication. Made when the first reply starts
 * playing and kept for the object's life; paused with pw_stream_set_active() once a reply
 * has played out, activated again for the next one.
 *
 * The stream has PW_STREAM_FLAG_RT_PROCESS. Its process callback, on PipeWire's data thread,
 * copies from the ring while the gate is open (the prebuffer is done), pads with silence,
 * counts an underrun when the ring ran short in the middle of an item, and signals an event
 * source on the engine's loop once the last queued sample of an ended item is out. With the
 * gate closed it only applies a pending skip (flush) and plays silence. It touches nothing
 * but the ring and atomics.
 *
 * Draining is Galley's, not pw_stream_flush (…, true): PipeWire 0.3.65 keeps a drained
 * stream's state in the data thread, which makes re-activating it racy (see the cue player).
 * The core arms a short settle timer after the tail event instead.
 */
#define G_LOG_DOMAIN "galley-audio-playback"

#include <errno.h>
#include <spa/param/audio/format-utils.h>
#include <string.h>

#include "audio/galley-audio-playback-private.h"
#include "util/galley-source.h"

/* ------------------------------------------------------------------ data thread */

static void
stream_process_cb (void *data)
{
  PlaybackStream *ps = data;
  Shared *sh = ps->shared;
  struct pw_buffer *b;
  struct spa_data *d;
  guint32 n_bytes;
  gsize got = 0;

  b = pw_stream_dequeue_buffer (ps->stream);
  if (b == NULL)
    return;

  d = &b->buffer->datas[0];
  if (d->data == NULL)
    {
      pw_stream_queue_buffer (ps->stream, b);
      return;
    }

  n_bytes = d->maxsize / 2 * 2;
  if (b->requested > 0)
    n_bytes = (guint32) MIN ((guint64) n_bytes, b->requested * 2);

  if (atomic_load (&sh->gate))
    {
      got = galley_ring_buffer_read (sh->ring, d->data, n_bytes);
      if (got < n_bytes && atomic_load (&sh->end_pos) == END_OPEN)
        atomic_fetch_add_explicit (&sh->underruns, 1, memory_order_relaxed);
    }
  else
    {
      /* no consuming while prebuffering; only a pending skip (flush) is applied */
      galley_ring_buffer_read (sh->ring, NULL, 0);
    }
  if (got < n_bytes)
    memset ((guint8 *) d->data + got, 0, n_bytes - got);

  d->chunk->offset = 0;
  d->chunk->stride = 2;
  d->chunk->size = n_bytes;
  pw_stream_queue_buffer (ps->stream, b);

  /* the last queued sample of an ended item is out: tell the main thread (eventfd, RT-safe) */
  if (atomic_load (&sh->gate) &&
      galley_ring_buffer_get_read_position (sh->ring) >= atomic_load (&sh->end_pos))
    {
      int expected = 0;

      if (atomic_compare_exchange_strong (&sh->tail_signalled, &expected, 1))
        pw_loop_signal_event (ps->main_loop, ps->wake);
    }
}

/* ------------------------------------------------------------------ main thread */

static gboolean event_cb (gpointer user_data);

static void
schedule_event (GalleyAudioPlayback *self)
{
  if (self->event_id == 0)
    self->event_id = galley_idle_add_full_named ("galley-audio-playback-event",
                                                 G_PRIORITY_DEFAULT, event_cb, self, NULL);
}

/* inside pw_loop_iterate(): record only */
static void
stream_state_changed_cb (void                 *data,
                         enum pw_stream_state  old,
                         enum pw_stream_state  state,
                         const char           *error)
{
  PlaybackStream *ps = data;
  GalleyAudioPlayback *self = ps->playback;

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
wake_cb (void     *data,
         uint64_t  count)
{
  PlaybackStream *ps = data;
  GalleyAudioPlayback *self = ps->playback;

  self->ev_tail = TRUE;
  schedule_event (self);
}

static const struct pw_stream_events stream_events = {
  PW_VERSION_STREAM_EVENTS,
  .state_changed = stream_state_changed_cb,
  .process = stream_process_cb,
};

static gboolean
event_cb (gpointer user_data)
{
  GalleyAudioPlayback *self = user_data;

  self->event_id = 0;

  if (self->ev_failed)
    {
      g_autofree char *error = g_steal_pointer (&self->ev_error);

      self->ev_failed = FALSE;
      self->ev_tail = FALSE;
      /* WirePlumber answers a stream it cannot link with "no node available" (-ENOENT) */
      if (error != NULL && strstr (error, "no node available") != NULL)
        _galley_audio_playback_problem (self, GALLEY_AUDIO_ERROR_NO_SPEAKER, error);
      else
        _galley_audio_playback_problem (self, GALLEY_AUDIO_ERROR_STOPPED, error);
      return G_SOURCE_REMOVE;
    }

  if (self->ev_tail)
    {
      self->ev_tail = FALSE;
      _galley_audio_playback_tail_reached (self);
    }

  return G_SOURCE_REMOVE;
}

void
_galley_audio_playback_set_active (GalleyAudioPlayback *self,
                                   gboolean             active)
{
  int res;

  if (self->ps == NULL || self->ps->active == active)
    return;

  res = pw_stream_set_active (self->ps->stream, active);
  if (res < 0)
    g_debug ("pw_stream_set_active (%d): %s", active, g_strerror (-res));
  self->ps->active = active;
}

/* Barge-in: PipeWire drops what it still holds of ours (§4.5). */
void
_galley_audio_playback_flush_stream (GalleyAudioPlayback *self)
{
  if (self->ps != NULL)
    pw_stream_flush (self->ps->stream, false);
}

/**
 * _galley_audio_playback_destroy_stream:
 *
 * Destroys the stream at once (listener, disconnect, destroy: after this no process call can
 * run, so the ring may be touched freely), then its event source and the stream's events.
 * No notify.
 */
void
_galley_audio_playback_destroy_stream (GalleyAudioPlayback *self)
{
  PlaybackStream *ps = g_steal_pointer (&self->ps);

  g_clear_handle_id (&self->event_id, g_source_remove);
  self->ev_tail = FALSE;
  self->ev_failed = FALSE;
  g_clear_pointer (&self->ev_error, g_free);

  if (ps == NULL)
    return;

  spa_hook_remove (&ps->listener);
  pw_stream_disconnect (ps->stream);
  pw_stream_destroy (ps->stream);
  pw_loop_destroy_source (ps->main_loop, ps->wake);
  g_free (ps);

  _galley_audio_engine_stream_closed (self->engine);
}

/**
 * _galley_audio_playback_create_stream:
 *
 * Makes and connects the playback stream, active, on the engine's core (READY). FALSE, with a
 * log line, when PipeWire refuses.
 */
gboolean
_galley_audio_playback_create_stream (GalleyAudioPlayback *self)
{
  struct pw_core *core = _galley_audio_engine_get_core (self->engine);
  PlaybackStream *ps;
  struct pw_properties *props;
  guint8 buffer[1024];
  struct spa_pod_builder pb;
  const struct spa_pod *params[1];
  int res;

  g_return_val_if_fail (self->ps == NULL, FALSE);
  g_return_val_if_fail (core != NULL, FALSE);

  ps = g_new0 (PlaybackStream, 1);
  ps->playback = self;
  ps->shared = &self->shared;
  ps->main_loop = _galley_audio_engine_get_loop (self->engine);
  ps->active = TRUE;
  ps->wake = pw_loop_add_event (ps->main_loop, wake_cb, ps);
  if (ps->wake == NULL)
    {
      g_message ("Cannot make the playback stream's event: %s", g_strerror (errno));
      g_free (ps);
      return FALSE;
    }

  props = pw_properties_new (PW_KEY_MEDIA_TYPE, "Audio",
                             PW_KEY_MEDIA_CATEGORY, "Playback",
                             PW_KEY_MEDIA_ROLE, "Communication",
                             PW_KEY_NODE_NAME, GALLEY_AUDIO_PLAYBACK_NODE_NAME,
                             PW_KEY_NODE_DESCRIPTION, "Galley voice replies",
                             PW_KEY_APP_NAME, "Galley",
                             NULL);
  if (self->target != NULL)
    pw_properties_set (props, PW_KEY_TARGET_OBJECT, self->target);
  self->retarget = FALSE;
  ps->stream = pw_stream_new (core, GALLEY_AUDIO_PLAYBACK_NODE_NAME, props);
  if (ps->stream == NULL)
    {
      g_message ("Cannot make the playback stream: %s", g_strerror (errno));
      pw_loop_destroy_source (ps->main_loop, ps->wake);
      g_free (ps);
      return FALSE;
    }
  pw_stream_add_listener (ps->stream, &ps->listener, &stream_events, ps);

  /* spa_pod_builder_init, not SPA_POD_BUILDER_INIT: clang -Wgnu-empty-initializer */
  spa_pod_builder_init (&pb, buffer, sizeof buffer);
  params[0] = spa_format_audio_raw_build (&pb, SPA_PARAM_EnumFormat,
                &SPA_AUDIO_INFO_RAW_INIT (.format = SPA_AUDIO_FORMAT_S16_LE,
                                          .channels = 1,
                                          .rate = self->rate,
                                          .position = { SPA_AUDIO_CHANNEL_MONO }));
  res = pw_stream_connect (ps->stream, PW_DIRECTION_OUTPUT, PW_ID_ANY,
                           PW_STREAM_FLAG_AUTOCONNECT | PW_STREAM_FLAG_MAP_BUFFERS |
                           PW_STREAM_FLAG_RT_PROCESS,
                           params, 1);
  if (res < 0)
    {
      g_message ("Cannot connect the playback stream: %s", g_strerror (-res));
      spa_hook_remove (&ps->listener);
      pw_stream_destroy (ps->stream);
      pw_loop_destroy_source (ps->main_loop, ps->wake);
      g_free (ps);
      return FALSE;
    }

  self->ps = ps;
  _galley_audio_engine_stream_opened (self->engine);

  return TRUE;
}
