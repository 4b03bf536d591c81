/* galley-audio-playback-queue.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyAudioPlayback's queue: writes into the ring, items and their accounting, the
 * prebuffer that opens the data thread's gate, the settle timer that closes it once an item
 * has played out, flush (barge-in) and problems.
 */
#define G_LOG_DOMAIN "galley-audio-playback"

#include "audio/galley-audio-playback-private.h"
#include "util/galley-source.h"

/* After the last sample left the ring: the graph's latency (a 1024-frame quantum at 48 kHz
 * is 21 ms) plus the resampler, with room to spare. */
#define SETTLE_MS       100
/* Settle rounds waiting for a flushed stream to let go of its skip before it is paused. */
#define SETTLE_TRIES    20

/* ------------------------------------------------------------------ helpers */

gsize
_galley_audio_playback_ms_to_bytes (GalleyAudioPlayback *self,
             guint                ms)
{
  return (gsize) self->rate * ms / 1000 * 2;
}

gint64
_galley_audio_playback_bytes_to_ms (GalleyAudioPlayback *self,
             guint64              bytes)
{
  return (gint64) (bytes / 2 * 1000 / self->rate);
}

void
_galley_audio_playback_set_playing (GalleyAudioPlayback *self,
             gboolean             playing)
{
  if (self->playing == playing)
    return;

  self->playing = playing;
  _galley_audio_playback_notify (self, PROP_PLAYING);
}

/* Notifies what the data thread and the ring counted since the last call. */
void
_galley_audio_playback_refresh_counters (GalleyAudioPlayback *self)
{
  guint64 overflows = galley_audio_playback_get_overflows (self);
  guint64 underruns = galley_audio_playback_get_underruns (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (overflows != self->overflows_notified)
    {
      self->overflows_notified = overflows;
      _galley_audio_playback_notify (self, PROP_OVERFLOWS);
    }
  if (underruns != self->underruns_notified)
    {
      self->underruns_notified = underruns;
      _galley_audio_playback_notify (self, PROP_UNDERRUNS);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
_galley_audio_playback_current_played_ms (GalleyAudioPlayback *self)
{
  guint64 r = galley_ring_buffer_get_read_position (self->shared.ring);
  guint64 played;

  if (self->frozen_played_ms >= 0)
    return self->frozen_played_ms;

  played = r > self->item_start ? r - self->item_start : 0;
  played = MIN (played, self->item_end - self->item_start);

  return _galley_audio_playback_bytes_to_ms (self, played);
}

/* Nothing more plays: the queue is dropped (the data thread applies the skip), the gate
 * closes. The item's played time is kept for truncation. */
void
_galley_audio_playback_drop_queue (GalleyAudioPlayback *self)
{
  self->frozen_played_ms = _galley_audio_playback_current_played_ms (self);
  self->item_open = FALSE;
  self->carry = -1;

  atomic_store (&self->shared.gate, 0);
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  galley_ring_buffer_skip_written (self->shared.ring);
  atomic_store (&self->shared.end_pos, galley_ring_buffer_get_write_position (self->shared.ring));
  atomic_store (&self->shared.tail_signalled, 1);
}

/* ------------------------------------------------------------------ playing */

static gboolean
watchdog_cb (gpointer user_data)
{
  GalleyAudioPlayback *self = user_data;

  self->watchdog_id = 0;

  /* the stream never took a sample: no speaker, or nothing links it (no session manager) */
  if (atomic_load (&self->shared.gate) &&
      galley_ring_buffer_get_read_position (self->shared.ring) == self->watchdog_pos)
    _galley_audio_playback_problem (self, GALLEY_AUDIO_ERROR_NO_SPEAKER, "nothing played");

  return G_SOURCE_REMOVE;
}

void
_galley_audio_playback_start_playing (GalleyAudioPlayback *self)
{
  atomic_store (&self->shared.gate, 1);
  _galley_audio_playback_set_playing (self, TRUE);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  if (self->watchdog_id == 0)
    {
      self->watchdog_pos = galley_ring_buffer_get_read_position (self->shared.ring);
      self->watchdog_id = galley_timeout_add_named ("galley-audio-playback-watchdog",
                                                    GALLEY_AUDIO_PLAYBACK_WATCHDOG_MS,
                                                    watchdog_cb, self, NULL);
    }

  if (self->ps != NULL)
    _galley_audio_playback_set_active (self, TRUE);
  else if (galley_audio_engine_get_state (self->engine) == GALLEY_AUDIO_STATE_READY &&
           !_galley_audio_playback_create_stream (self))
    _galley_audio_playback_problem (self, GALLEY_AUDIO_ERROR_FAILED, "no stream");
  /* connecting: the stream is made on READY (engine_state_cb) */
}

static gboolean
settle_cb (gpointer user_data)
{
  GalleyAudioPlayback *self = user_data;

  self->settle_id = 0;

  if (atomic_load (&self->shared.gate))
    {
      if (self->item_open || galley_ring_buffer_get_readable (self->shared.ring) > 0)
        {
          /* a new item came while the tail played: keep going, watch for its end */
          if (!self->item_open)
            {
              atomic_store (&self->shared.end_pos,
                            galley_ring_buffer_get_write_position (self->shared.ring));
              atomic_store (&self->shared.tail_signalled, 0);
            }
          return G_SOURCE_REMOVE;
        }

      atomic_store (&self->shared.gate, 0);
      g_clear_handle_id (&self->watchdog_id, g_source_remove);
      _galley_audio_playback_refresh_counters (self);
      _galley_audio_playback_set_playing (self, FALSE);
      _galley_audio_playback_complete_drains (self, NULL);
      self->settle_tries = 0;
    }

  /* pause the idle stream, once it has let go of everything (a flush's skip included) */
  if (self->ps != NULL && self->ps->active && !atomic_load (&self->shared.gate))
    {
      if (galley_ring_buffer_get_read_position (self->shared.ring) >=
          galley_ring_buffer_get_write_position (self->shared.ring))
        {
          /* the speaker changed while this stream played: the next reply gets a new one */
          if (self->retarget)
            _galley_audio_playback_destroy_stream (self);
          else
            _galley_audio_playback_set_active (self, FALSE);
        }
      else if (++self->settle_tries < SETTLE_TRIES)
        self->settle_id = galley_timeout_add_named ("galley-audio-playback-settle", SETTLE_MS,
                                                    settle_cb, self, NULL);
    }

  return G_SOURCE_REMOVE;
}

static void
arm_settle (GalleyAudioPlayback *self)
{
  g_clear_handle_id (&self->settle_id, g_source_remove);
  self->settle_id = galley_timeout_add_named ("galley-audio-playback-settle", SETTLE_MS,
                                              settle_cb, self, NULL);
}

/* The data thread played the last sample of the ended item(s). */
void
_galley_audio_playback_tail_reached (GalleyAudioPlayback *self)
{
  _galley_audio_playback_refresh_counters (self);
  if (atomic_load (&self->shared.gate))
    arm_settle (self);
}

/**
 * _galley_audio_playback_problem:
 * @code: what the cashier is told
 * @detail: (nullable): for the log
 *
 * The stream failed or the service went: the queue is dropped, the stream destroyed, every
 * drain ends with the error, and #GalleyAudioPlayback::problem is emitted.
 */
void
_galley_audio_playback_problem (GalleyAudioPlayback *self,
                                GalleyAudioError     code,
                                const char          *detail)
{
  g_autoptr(GError) error = galley_audio_error_new (code);

  g_message ("Playback stopped: %s (%s)", error->message, detail != NULL ? detail : "");
  g_clear_handle_id (&self->settle_id, g_source_remove);
  _galley_audio_playback_drop_queue (self);
  _galley_audio_playback_destroy_stream (self);
  self->lost = FALSE;
  _galley_audio_playback_set_playing (self, FALSE);
  _galley_audio_playback_complete_drains (self, error);
  _galley_audio_playback_emit_problem (self, error);
}

/* ------------------------------------------------------------------ public API */

/**
 * galley_audio_playback_write:
 * @self: a playback
 * @pcm: S16LE mono samples at #GalleyAudioPlayback:rate (an odd trailing byte is kept for
 *   the next write of the same item)
 *
 * Queues @pcm after what is queued, in the current item (a new one after an end or a
 * flush). Playing starts once GALLEY_AUDIO_PLAYBACK_PREBUFFER_MS are queued. A disconnected
 * engine is started; with no sound service the audio is dropped.
 */
void
galley_audio_playback_write (GalleyAudioPlayback *self,
                             GBytes              *pcm)
{
  GalleyRingBuffer *ring;
  const guint8 *data;
  gsize len;
  guint64 overflows0;

  g_return_if_fail (GALLEY_IS_AUDIO_PLAYBACK (self));
  g_return_if_fail (pcm != NULL);

  data = g_bytes_get_data (pcm, &len);
  if (len == 0)
    return;

  if (galley_audio_engine_get_state (self->engine) == GALLEY_AUDIO_STATE_DISCONNECTED)
    galley_audio_engine_start (self->engine);
  if (galley_audio_engine_get_state (self->engine) == GALLEY_AUDIO_STATE_FAILED)
    {
      g_debug ("no sound service: %" G_GSIZE_FORMAT " bytes dropped", len);
      return;
    }

  ring = self->shared.ring;
  if (!self->item_open)
    {
      self->item_open = TRUE;
      self->item_start = self->item_end = galley_ring_buffer_get_write_position (ring);
      self->frozen_played_ms = -1;
      self->carry = -1;
      self->overflow_logged = FALSE;
      atomic_store (&self->shared.end_pos, END_OPEN);
      atomic_store (&self->shared.tail_signalled, 0);
    }

  overflows0 = galley_ring_buffer_get_overflows (ring);
  /* whole samples only, so a full ring never splits one */
  if (self->carry >= 0)
    {
      guint8 pair[2] = { (guint8) self->carry, data[0] };

      galley_ring_buffer_write (ring, pair, 2);
      self->carry = -1;
      data++;
      len--;
    }
  if (len % 2 == 1)
    {
      self->carry = data[len - 1];
      len--;
    }
  galley_ring_buffer_write (ring, data, len);
  self->item_end = galley_ring_buffer_get_write_position (ring);

  if (galley_ring_buffer_get_overflows (ring) != overflows0 && !self->overflow_logged)
    {
      g_message ("More than %u s of reply audio queued: the rest of this reply is dropped",
                 GALLEY_AUDIO_PLAYBACK_RING_MS / 1000);
      self->overflow_logged = TRUE;
    }

  if (!atomic_load (&self->shared.gate) &&
      galley_ring_buffer_get_readable (ring) >= _galley_audio_playback_ms_to_bytes (self, GALLEY_AUDIO_PLAYBACK_PREBUFFER_MS))
    _galley_audio_playback_start_playing (self);

  _galley_audio_playback_refresh_counters (self);
}

/**
 * galley_audio_playback_end_item:
 * @self: a playback
 *
 * No more audio for this item (the reply's audio is done): what is queued plays out even if
 * shorter than the prebuffer. The next write starts a new item.
 */
void
galley_audio_playback_end_item (GalleyAudioPlayback *self)
{
  GalleyRingBuffer *ring;

  g_return_if_fail (GALLEY_IS_AUDIO_PLAYBACK (self));

  if (!self->item_open)
    return;

  ring = self->shared.ring;
  self->item_open = FALSE;
  self->carry = -1;
  atomic_store (&self->shared.end_pos, galley_ring_buffer_get_write_position (ring));
  atomic_store (&self->shared.tail_signalled, 0);

  if (!atomic_load (&self->shared.gate) && galley_ring_buffer_get_readable (ring) > 0)
    _galley_audio_playback_start_playing (self);
  else if (!self->playing)
    _galley_audio_playback_complete_drains (self, NULL);
}

/**
 * galley_audio_playback_flush:
 * @self: a playback
 *
 * Barge-in (spec/voice.md §4.5): everything queued is dropped now and PipeWire lets go of
 * what it holds; #GalleyAudioPlayback:playing becomes %FALSE and pending drains complete.
 * galley_audio_playback_get_played_ms() keeps what had played of the item.
 */
void
galley_audio_playback_flush (GalleyAudioPlayback *self)
{
  g_return_if_fail (GALLEY_IS_AUDIO_PLAYBACK (self));

  _galley_audio_playback_drop_queue (self);
  _galley_audio_playback_flush_stream (self);
  _galley_audio_playback_set_playing (self, FALSE);
  _galley_audio_playback_refresh_counters (self);
  _galley_audio_playback_complete_drains (self, NULL);
  /* pause the stream once the data thread has applied the skip */
  self->settle_tries = 0;
  if (self->ps != NULL && self->ps->active)
    arm_settle (self);
  else
    g_clear_handle_id (&self->settle_id, g_source_remove);
}

/**
 * galley_audio_playback_get_played_ms:
 * @self: a playback
 *
 * How much of the current item (the last one, after its end) went to the speaker, in ms:
 * clamp (read − start, 0, end − start) on the ring's positions; after a flush, what had
 * played when it came. Not reduced by a margin: the caller applies §4.5's 100 ms.
 *
 * Returns: milliseconds, ≥ 0
 */
gint64
galley_audio_playback_get_played_ms (GalleyAudioPlayback *self)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_PLAYBACK (self), 0);

  return _galley_audio_playback_current_played_ms (self);
}

