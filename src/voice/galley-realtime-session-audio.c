/* galley-realtime-session-audio.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyRealtimeSession's audio (spec/voice.md §4): microphone samples in fixed 20 ms chunks
 * with the commit guard and the talk button, reply audio handed to the owner with per-item
 * accounting, and barge-in with truncation at what was heard.
 */
#define G_LOG_DOMAIN "galley-realtime-session"

#include <glib/gi18n.h>
#include <string.h>

#include "util/galley-json.h"
#include "voice/galley-realtime-session-private.h"

/* ------------------------------------------------------------------ audio out */

static AudioItem *
find_audio_item (GalleyRealtimeSession *self,
                 const char            *item_id)
{
  for (guint i = 0; i < self->audio_items->len; i++)
    {
      AudioItem *item = g_ptr_array_index (self->audio_items, i);

      if (strcmp (item->item_id, item_id) == 0)
        return item;
    }

  return NULL;
}

/* Decoded straight into a GBytes for the owner; an odd trailing byte waits for the next
 * delta of the same item (§4.3). */
void
_galley_realtime_session_audio_delta (GalleyRealtimeSession *self,
                                      const char            *item_id,
                                      const char            *base64)
{
  g_autoptr(GBytes) bytes = NULL;
  AudioItem *item = find_audio_item (self, item_id);
  guchar *data;
  gsize len = 0;

  if (item == NULL)
    {
      if (self->audio_items->len >= MAX_AUDIO_ITEMS)
        g_ptr_array_remove_index (self->audio_items, 0);
      item = g_new0 (AudioItem, 1);
      item->item_id = g_strdup (item_id);
      g_ptr_array_add (self->audio_items, item);
    }

  data = g_base64_decode (base64, &len);
  if (item->has_odd)
    {
      data = g_realloc (data, len + 1);
      memmove (data + 1, data, len);
      data[0] = item->odd_byte;
      len++;
      item->has_odd = FALSE;
    }
  if (len % 2 == 1)
    {
      item->odd_byte = data[--len];
      item->has_odd = TRUE;
    }
  if (len == 0)
    {
      g_free (data);
      return;
    }

  item->received_samples += (gint64) len / 2;
  bytes = g_bytes_new_take (data, len);
  g_signal_emit (self, _galley_realtime_session_signals[SIGNAL_AUDIO_DELTA], 0, item_id, bytes);
}

static void
drop_if_played (GalleyRealtimeSession *self,
                AudioItem             *item)
{
  if (item->done && item->played_ms * (GALLEY_REALTIME_SAMPLE_RATE / 1000) >= item->received_samples)
    g_ptr_array_remove (self->audio_items, item);
}

void
_galley_realtime_session_audio_done (GalleyRealtimeSession *self,
                                     const char            *item_id)
{
  AudioItem *item = find_audio_item (self, item_id);

  if (item != NULL)
    {
      item->done = TRUE;
      drop_if_played (self, item);
    }
}

/**
 * _galley_realtime_session_barge_in:
 * @cancel: send response.cancel when a response is active
 *
 * §4.5: stop playback at once, truncate each item that was heard at what was heard (minus
 * the 100 ms margin, never beyond what was received; nothing for an item not heard at all),
 * and cancel the active response.
 */
void
_galley_realtime_session_barge_in (GalleyRealtimeSession *self,
                                   gboolean               cancel)
{
  if (self->audio_items->len == 0 && self->slot != SLOT_ACTIVE)
    return;

  _galley_realtime_session_emit_audio_stop (self);

  for (guint i = 0; i < self->audio_items->len; i++)
    {
      AudioItem *item = g_ptr_array_index (self->audio_items, i);
      gint64 received_ms = item->received_samples / (GALLEY_REALTIME_SAMPLE_RATE / 1000);
      gint64 played = MIN (item->played_ms, received_ms) - GALLEY_REALTIME_TRUNCATE_MARGIN_MS;

      if (played > 0)
        {
          g_autoptr(JsonObject) event = json_object_new ();
          g_autofree char *event_id = NULL;

          json_object_set_string_member (event, "type", "conversation.item.truncate");
          json_object_set_string_member (event, "item_id", item->item_id);
          json_object_set_int_member (event, "content_index", 0);
          json_object_set_int_member (event, "audio_end_ms", played);
          event_id = _galley_realtime_session_send_event (self, event);
          g_debug ("Barge-in: %s truncated at %" G_GINT64_FORMAT " ms of %" G_GINT64_FORMAT,
                   item->item_id, played, received_ms);
        }
    }
  g_ptr_array_set_size (self->audio_items, 0);

  if (cancel && self->slot == SLOT_ACTIVE && self->response_id != NULL)
    {
      g_autoptr(JsonObject) event = json_object_new ();
      g_autofree char *event_id = NULL;

      json_object_set_string_member (event, "type", "response.cancel");
      json_object_set_string_member (event, "response_id", self->response_id);
      event_id = _galley_realtime_session_send_event (self, event);
    }
}

/* ------------------------------------------------------------------ audio in */

static void
send_samples (GalleyRealtimeSession *self,
              const gint16          *samples,
              gsize                  n)
{
  gint16 le[GALLEY_REALTIME_CHUNK_SAMPLES];
  g_autofree char *b64 = NULL;
  g_autofree char *text = NULL;

  g_assert (n <= GALLEY_REALTIME_CHUNK_SAMPLES);
  if (n == 0 || self->conn == NULL ||
      soup_websocket_connection_get_state (self->conn) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  for (gsize i = 0; i < n; i++)
    le[i] = GINT16_TO_LE (samples[i]);
  b64 = g_base64_encode ((const guchar *) le, n * sizeof (gint16));
  /* no event_id on appends (§3); the JSON is built by hand: nothing to escape in base64 */
  text = g_strconcat ("{\"type\":\"input_audio_buffer.append\",\"audio\":\"", b64, "\"}", NULL);
  soup_websocket_connection_send_text (self->conn, text);
  self->bytes_since_commit += n * sizeof (gint16);
  self->last_append_us = g_get_monotonic_time ();
}

static gboolean
sending_audio (GalleyRealtimeSession *self)
{
  if (self->state != GALLEY_REALTIME_READY && self->state != GALLEY_REALTIME_LISTENING &&
      self->state != GALLEY_REALTIME_RESPONDING)
    return FALSE;

  return !self->push_to_talk || self->talking;
}

static gboolean
holding_audio (GalleyRealtimeSession *self)
{
  if (self->connected_once)
    return FALSE;
  if (self->state != GALLEY_REALTIME_FETCHING_SECRET &&
      self->state != GALLEY_REALTIME_CONNECTING && self->state != GALLEY_REALTIME_CONFIGURING)
    return FALSE;

  return !self->push_to_talk || self->talking;
}

static void
chunk_samples (GalleyRealtimeSession *self,
               const gint16          *pcm,
               gsize                  n_samples)
{
  while (n_samples > 0)
    {
      gsize n = MIN (n_samples, GALLEY_REALTIME_CHUNK_SAMPLES - self->chunk_fill);

      memcpy (self->chunk + self->chunk_fill, pcm, n * sizeof (gint16));
      self->chunk_fill += n;
      pcm += n;
      n_samples -= n;
      if (self->chunk_fill == GALLEY_REALTIME_CHUNK_SAMPLES)
        {
          send_samples (self, self->chunk, self->chunk_fill);
          self->chunk_fill = 0;
        }
    }
}

void
_galley_realtime_session_flush_held (GalleyRealtimeSession *self)
{
  g_autoptr(GByteArray) held = NULL;

  if (self->held->len == 0)
    return;

  held = g_steal_pointer (&self->held);
  self->held = g_byte_array_new ();
  if (sending_audio (self))
    chunk_samples (self, (const gint16 *) held->data, held->len / sizeof (gint16));
}

/**
 * galley_realtime_session_append_audio:
 * @pcm: (array length=n_samples): mono samples at 24 kHz, host byte order
 * @n_samples: any count
 *
 * Sends microphone audio in 20 ms input_audio_buffer.append chunks while the link takes
 * audio (ready, listening, responding; with push-to-talk only while the button is held).
 * Before the first session of a connect is configured, up to 3 s are held and sent once it
 * is; otherwise, and after a reconnect, audio is dropped (never replayed into a new session).
 */
void
galley_realtime_session_append_audio (GalleyRealtimeSession *self,
                                      const gint16          *pcm,
                                      gsize                  n_samples)
{
  g_return_if_fail (GALLEY_IS_REALTIME_SESSION (self));
  g_return_if_fail (pcm != NULL || n_samples == 0);

  if (sending_audio (self))
    {
      chunk_samples (self, pcm, n_samples);
      return;
    }

  if (holding_audio (self))
    {
      g_byte_array_append (self->held, (const guint8 *) pcm, n_samples * sizeof (gint16));
      if (self->held->len > HELD_AUDIO_MAX_BYTES)
        g_byte_array_remove_range (self->held, 0, self->held->len - HELD_AUDIO_MAX_BYTES);
    }
}

/**
 * galley_realtime_session_start_talking:
 *
 * Talk pressed. A reply that plays is cut (barge-in). With push-to-talk the input buffer is
 * cleared and the link listens; from idle or offline the link is opened.
 */
void
galley_realtime_session_start_talking (GalleyRealtimeSession *self)
{
  g_return_if_fail (GALLEY_IS_REALTIME_SESSION (self));

  self->talking = self->push_to_talk;
  _galley_realtime_session_barge_in (self, TRUE);

  if (self->state == GALLEY_REALTIME_IDLE || self->state == GALLEY_REALTIME_OFFLINE)
    {
      galley_realtime_session_connect (self);
      return;
    }

  if (!self->push_to_talk)
    return;

  self->chunk_fill = 0;
  self->bytes_since_commit = 0;
  _galley_realtime_session_send_simple (self, "input_audio_buffer.clear");
  if (self->state == GALLEY_REALTIME_READY || self->state == GALLEY_REALTIME_RESPONDING)
    _galley_realtime_session_set_state (self, GALLEY_REALTIME_LISTENING);
}

/**
 * galley_realtime_session_stop_talking:
 *
 * Talk released (push-to-talk). At least 100 ms of audio: commit and ask for a response
 * through the slot. Less: clear instead of an empty commit, and a hint for the cashier.
 * Nothing in hands-free mode, where the server's VAD ends the turn.
 */
void
galley_realtime_session_stop_talking (GalleyRealtimeSession *self)
{
  g_return_if_fail (GALLEY_IS_REALTIME_SESSION (self));

  if (!self->push_to_talk || !self->talking)
    return;

  if (self->chunk_fill > 0)
    {
      send_samples (self, self->chunk, self->chunk_fill);
      self->chunk_fill = 0;
    }
  self->talking = FALSE;

  if (self->state != GALLEY_REALTIME_LISTENING)
    return;

  if (self->bytes_since_commit >= GALLEY_REALTIME_MIN_COMMIT_BYTES)
    {
      _galley_realtime_session_send_simple (self, "input_audio_buffer.commit");
      self->bytes_since_commit = 0;
      _galley_realtime_session_set_state (self, GALLEY_REALTIME_READY);
      _galley_realtime_session_request_create (self);
      return;
    }

  g_debug ("Talk released after %zu bytes: cleared, not committed", self->bytes_since_commit);
  self->bytes_since_commit = 0;
  _galley_realtime_session_send_simple (self, "input_audio_buffer.clear");
  _galley_realtime_session_set_state (self, GALLEY_REALTIME_READY);
  _galley_realtime_session_problem (self, _("Hold the Talk button while you speak."));
}

/**
 * galley_realtime_session_cancel_response:
 *
 * The stop button: the reply stops and is truncated at what was heard.
 */
void
galley_realtime_session_cancel_response (GalleyRealtimeSession *self)
{
  g_return_if_fail (GALLEY_IS_REALTIME_SESSION (self));

  _galley_realtime_session_barge_in (self, TRUE);
}

/**
 * galley_realtime_session_set_played_ms:
 * @item_id: an item of "audio-delta"
 * @ms: how much of its audio reached the speaker so far (device delay already subtracted)
 *
 * The owner's playback reports progress here, as often as it likes; a barge-in truncates
 * the item at this point. Unknown items are ignored.
 */
void
galley_realtime_session_set_played_ms (GalleyRealtimeSession *self,
                                       const char            *item_id,
                                       gint64                 ms)
{
  AudioItem *item;

  g_return_if_fail (GALLEY_IS_REALTIME_SESSION (self));
  g_return_if_fail (item_id != NULL);

  item = find_audio_item (self, item_id);
  if (item != NULL)
    {
      item->played_ms = MAX (item->played_ms, ms);
      drop_if_played (self, item);
    }
}
