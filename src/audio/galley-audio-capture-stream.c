/* galley-audio-capture-stream.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyAudioCapture's PipeWire stream, "galley-voice-capture" (spec/voice.md §7.1): S16LE,
 * mono, at the capture's rate (24 kHz for the Realtime link, 16 kHz for the offline
 * recogniser); PipeWire converts from whatever the microphone gives.
 *
 * The stream has PW_STREAM_FLAG_RT_PROCESS: its process callback runs on PipeWire's data
 * thread and does only this: copy the buffer's bytes into the ring (a full ring drops them
 * and counts), note that audio came, and once a chunk's worth is readable signal an event
 * source on the engine's loop (an eventfd write; once until the main thread has read). On
 * the main thread the event is recorded and one named idle, "galley-audio-capture-event",
 * cuts fixed chunks from the ring and emits them (never callback-sized ones, §4.2). Stream
 * state changes are recorded and applied the same way, never inside pw_loop_iterate().
 *
 * A watchdog, "galley-audio-capture-watchdog", reports "No microphone found" when no audio at
 * all came within GALLEY_AUDIO_CAPTURE_WATCHDOG_MS of connecting (§7.6).
 */
#define G_LOG_DOMAIN "galley-audio-capture"

#include <errno.h>
#include <math.h>
#include <spa/param/audio/format-utils.h>
#include <string.h>

#include "audio/galley-audio-capture-private.h"
#include "util/galley-source.h"

/* ------------------------------------------------------------------ data thread */

static void
stream_process_cb (void *data)
{
  CaptureStream *cs = data;
  struct pw_buffer *b;
  struct spa_data *d;

  b = pw_stream_dequeue_buffer (cs->stream);
  if (b == NULL)
    return;

  d = &b->buffer->datas[0];
  if (d->data != NULL && d->chunk != NULL)
    {
      guint32 off = MIN (d->chunk->offset, d->maxsize);
      guint32 bytes = MIN (d->chunk->size, d->maxsize - off) & ~1u;   /* whole samples */

      galley_ring_buffer_write (cs->ring, (const guint8 *) d->data + off, bytes);
      if (bytes > 0 && !g_atomic_int_get (&cs->got_buffer))
        g_atomic_int_set (&cs->got_buffer, 1);
    }
  pw_stream_queue_buffer (cs->stream, b);

  if (galley_ring_buffer_get_readable (cs->ring) >= (gsize) g_atomic_int_get (&cs->wake_bytes) &&
      g_atomic_int_compare_and_exchange (&cs->signalled, 0, 1))
    pw_loop_signal_event (cs->main_loop, cs->wake);
}

/* ------------------------------------------------------------------ main thread */

static gboolean event_cb (gpointer user_data);

static void
schedule_event (GalleyAudioCapture *self)
{
  /* default priority, not idle: audio must not wait behind redraws */
  if (self->event_id == 0)
    self->event_id = galley_idle_add_full_named ("galley-audio-capture-event", G_PRIORITY_DEFAULT,
                                                 event_cb, self, NULL);
}

/* inside pw_loop_iterate(): record only */
static void
stream_state_changed_cb (void                 *data,
                         enum pw_stream_state  old,
                         enum pw_stream_state  state,
                         const char           *error)
{
  CaptureStream *cs = data;
  GalleyAudioCapture *self = cs->capture;

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
  CaptureStream *cs = data;
  GalleyAudioCapture *self = cs->capture;

  self->ev_wake = TRUE;
  schedule_event (self);
}

static const struct pw_stream_events stream_events = {
  PW_VERSION_STREAM_EVENTS,
  .state_changed = stream_state_changed_cb,
  .process = stream_process_cb,
};

/* The level meter: the chunk's peak; falling with a 100 ms half-life between peaks. */
static void
update_level (GalleyAudioCapture *self,
              const gint16       *s,
              gsize               n)
{
  int peak = 0;
  double level, fall;

  for (gsize i = 0; i < n; i++)
    {
      int v = s[i] < 0 ? -(int) s[i] : s[i];

      peak = MAX (peak, v);
    }
  level = MIN (peak / 32768.0, 1.0);
  fall = self->level * pow (0.5, self->chunk_ms / 100.0);
  level = MAX (level, fall);
  if (level < 1e-4)
    level = 0.0;

  if (level != self->level)
    {
      self->level = level;
      _galley_audio_capture_notify (self, PROP_LEVEL);
    }
}

static void
cut_chunks (GalleyAudioCapture *self)
{
  guint generation = self->generation;
  gsize chunk = _galley_audio_capture_chunk_bytes (self);
  guint64 overflows;

  /* first: a wake-up for what arrives while we read must not be lost */
  g_atomic_int_set (&self->cs->signalled, 0);

  while (self->cs != NULL && self->generation == generation &&
         galley_ring_buffer_get_readable (self->cs->ring) >= chunk)
    {
      g_autoptr(GBytes) pcm = NULL;
      guint8 *buf = g_malloc (chunk);

      galley_ring_buffer_read (self->cs->ring, buf, chunk);
      update_level (self, (const gint16 *) buf, chunk / 2);
      pcm = g_bytes_new_take (buf, chunk);
      /* a handler may stop us, or change chunk-ms */
      _galley_audio_capture_emit_chunk (self, pcm);
      chunk = _galley_audio_capture_chunk_bytes (self);
    }

  overflows = galley_audio_capture_get_overflows (self);
  if (overflows != self->overflows_notified)
    {
      if (self->overflows_notified == 0 || overflows / 24000 != self->overflows_notified / 24000)
        g_debug ("%" G_GUINT64_FORMAT " samples dropped: the main loop was blocked", overflows);
      self->overflows_notified = overflows;
      _galley_audio_capture_notify (self, PROP_OVERFLOWS);
    }
}

static gboolean
event_cb (gpointer user_data)
{
  GalleyAudioCapture *self = user_data;

  self->event_id = 0;

  if (self->ev_failed)
    {
      g_autofree char *error = g_steal_pointer (&self->ev_error);

      self->ev_failed = FALSE;
      /* WirePlumber answers a stream it cannot link with "no node available" (-ENOENT) */
      if (error != NULL && strstr (error, "no node available") != NULL)
        _galley_audio_capture_problem (self, GALLEY_AUDIO_ERROR_NO_MICROPHONE, error);
      else
        _galley_audio_capture_problem (self, GALLEY_AUDIO_ERROR_STOPPED, error);
      return G_SOURCE_REMOVE;
    }

  if (self->ev_wake)
    {
      self->ev_wake = FALSE;
      if (self->cs != NULL)
        cut_chunks (self);
    }

  return G_SOURCE_REMOVE;
}

static gboolean
watchdog_cb (gpointer user_data)
{
  GalleyAudioCapture *self = user_data;

  self->watchdog_id = 0;

  if (self->cs != NULL && !g_atomic_int_get (&self->cs->got_buffer))
    _galley_audio_capture_problem (self, GALLEY_AUDIO_ERROR_NO_MICROPHONE,
                                   "no audio from the capture stream");

  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------ stopping */

/* Stops everything, quietly (no signal): stream, events, watchdog; level back to 0. */
void
_galley_audio_capture_stop_internal (GalleyAudioCapture *self)
{
  _galley_audio_capture_destroy_stream (self);
  self->lost = FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->level != 0.0)
    {
      self->level = 0.0;
      _galley_audio_capture_notify (self, PROP_LEVEL);
    }
  if (self->running)
    {
      self->running = FALSE;
      _galley_audio_capture_notify (self, PROP_RUNNING);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * _galley_audio_capture_problem:
 * @code: what the cashier is told
 * @detail: (nullable): for the log
 *
 * Stops the capture and emits #GalleyAudioCapture::problem, once per start.
 */
void
_galley_audio_capture_problem (GalleyAudioCapture *self,
                               GalleyAudioError    code,
                               const char         *detail)
{
  g_autoptr(GError) error = galley_audio_error_new (code);

  if (!self->running)
    return;

  g_message ("Capture stopped: %s (%s)", error->message, detail != NULL ? detail : "");
  _galley_audio_capture_stop_internal (self);
  _galley_audio_capture_emit_problem (self, error);
}

/* Any thread's view of the current ring: samples dropped because it was full. */
guint64
_galley_audio_capture_ring_overflows (GalleyAudioCapture *self)
{
  return self->cs != NULL ? galley_ring_buffer_get_overflows (self->cs->ring) / 2 : 0;
}

/**
 * _galley_audio_capture_destroy_stream:
 *
 * Destroys the stream at once (listener, disconnect, destroy: after this no process call can
 * run), then its event source and ring, with the events and watchdog. No notify.
 */
void
_galley_audio_capture_destroy_stream (GalleyAudioCapture *self)
{
  CaptureStream *cs = self->cs;

  g_clear_handle_id (&self->event_id, g_source_remove);
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  self->ev_wake = FALSE;
  self->ev_failed = FALSE;
  g_clear_pointer (&self->ev_error, g_free);

  if (cs == NULL)
    return;

  /* what this ring dropped stays counted */
  self->overflows_past += galley_ring_buffer_get_overflows (cs->ring) / 2;
  self->generation++;
  self->cs = NULL;

  spa_hook_remove (&cs->listener);
  pw_stream_disconnect (cs->stream);
  pw_stream_destroy (cs->stream);
  pw_loop_destroy_source (cs->main_loop, cs->wake);
  galley_ring_buffer_free (cs->ring);
  g_free (cs);

  _galley_audio_engine_stream_closed (self->engine);
}

static void
free_unconnected (CaptureStream *cs)
{
  if (cs->wake != NULL)
    pw_loop_destroy_source (cs->main_loop, cs->wake);
  galley_ring_buffer_free (cs->ring);
  g_free (cs);
}

/**
 * _galley_audio_capture_create_stream:
 *
 * Makes and connects the capture stream on the engine's core (READY) and arms the
 * watchdog. FALSE, with a log line, when PipeWire refuses.
 */
gboolean
_galley_audio_capture_create_stream (GalleyAudioCapture *self)
{
  struct pw_core *core = _galley_audio_engine_get_core (self->engine);
  g_autofree char *latency = NULL;
  struct pw_properties *props;
  CaptureStream *cs;
  guint8 buffer[1024];
  struct spa_pod_builder pb;
  const struct spa_pod *params[1];
  int res;

  g_return_val_if_fail (self->cs == NULL, FALSE);
  g_return_val_if_fail (core != NULL, FALSE);

  cs = g_new0 (CaptureStream, 1);
  cs->capture = self;
  cs->main_loop = _galley_audio_engine_get_loop (self->engine);
  cs->ring = galley_ring_buffer_new ((gsize) self->rate * GALLEY_AUDIO_CAPTURE_RING_MS / 1000 * 2);
  g_atomic_int_set (&cs->wake_bytes, (gint) _galley_audio_capture_chunk_bytes (self));
  cs->wake = pw_loop_add_event (cs->main_loop, wake_cb, cs);
  if (cs->wake == NULL)
    {
      g_message ("Cannot make the capture stream's event: %s", g_strerror (errno));
      free_unconnected (cs);
      return FALSE;
    }

  /* one graph cycle per chunk (§7.1: 480/24000 for 20 ms) */
  latency = g_strdup_printf ("%u/%u", self->rate * self->chunk_ms / 1000, self->rate);
  props = pw_properties_new (PW_KEY_MEDIA_TYPE, "Audio",
                             PW_KEY_MEDIA_CATEGORY, "Capture",
                             PW_KEY_MEDIA_ROLE, "Communication",
                             PW_KEY_NODE_NAME, GALLEY_AUDIO_CAPTURE_NODE_NAME,
                             PW_KEY_NODE_DESCRIPTION, "Galley voice ordering microphone",
                             PW_KEY_APP_NAME, "Galley",
                             PW_KEY_NODE_LATENCY, latency,
                             NULL);
  if (self->target != NULL)
    pw_properties_set (props, PW_KEY_TARGET_OBJECT, self->target);

  cs->stream = pw_stream_new (core, GALLEY_AUDIO_CAPTURE_NODE_NAME, props);
  if (cs->stream == NULL)
    {
      g_message ("Cannot make the capture stream: %s", g_strerror (errno));
      free_unconnected (cs);
      return FALSE;
    }
  pw_stream_add_listener (cs->stream, &cs->listener, &stream_events, cs);

  /* spa_pod_builder_init, not SPA_POD_BUILDER_INIT: clang -Wgnu-empty-initializer */
  spa_pod_builder_init (&pb, buffer, sizeof buffer);
  params[0] = spa_format_audio_raw_build (&pb, SPA_PARAM_EnumFormat,
                &SPA_AUDIO_INFO_RAW_INIT (.format = SPA_AUDIO_FORMAT_S16_LE,
                                          .channels = 1,
                                          .rate = self->rate,
                                          .position = { SPA_AUDIO_CHANNEL_MONO }));
  res = pw_stream_connect (cs->stream, PW_DIRECTION_INPUT, PW_ID_ANY,
                           PW_STREAM_FLAG_AUTOCONNECT | PW_STREAM_FLAG_MAP_BUFFERS |
                           PW_STREAM_FLAG_RT_PROCESS,
                           params, 1);
  if (res < 0)
    {
      g_message ("Cannot connect the capture stream: %s", g_strerror (-res));
      spa_hook_remove (&cs->listener);
      pw_stream_destroy (cs->stream);
      free_unconnected (cs);
      return FALSE;
    }

  self->cs = cs;
  _galley_audio_engine_stream_opened (self->engine);
  self->watchdog_id = galley_timeout_add_named ("galley-audio-capture-watchdog",
                                                GALLEY_AUDIO_CAPTURE_WATCHDOG_MS,
                                                watchdog_cb, self, NULL);
  g_debug ("capturing at %u Hz%s%s", self->rate, self->target ? " from " : "",
           self->target ? self->target : "");

  return TRUE;
}
