/* galley-audio-engine-streams.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What GalleyAudioEngine offers its stream users (galley-audio-engine-private.h): the core
 * and loop to make streams on, the closing callbacks run before the connection goes, the
 * open-stream count and the playback counters the PipeWire data thread bumps.
 */
#define G_LOG_DOMAIN "galley-audio-engine"

#include "audio/galley-audio-engine-internal.h"

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
  _galley_audio_engine_notify (self, PROP_STREAMS_OPEN);
}

void
_galley_audio_engine_stream_closed (GalleyAudioEngine *self)
{
  g_return_if_fail (GALLEY_IS_AUDIO_ENGINE (self));
  g_return_if_fail (self->streams_open > 0);

  self->streams_open--;
  _galley_audio_engine_notify (self, PROP_STREAMS_OPEN);
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
      _galley_audio_engine_notify (self, PROP_BUFFERS_PLAYED);
    }
  if (underruns != self->underruns_notified)
    {
      self->underruns_notified = underruns;
      _galley_audio_engine_notify (self, PROP_UNDERRUNS);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
