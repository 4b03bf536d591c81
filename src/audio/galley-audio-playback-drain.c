/* galley-audio-playback-drain.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyAudioPlayback's drains (spec/voice.md §7.4): GTasks completed when the queue has
 * played out (the settle timer), at a flush, with a problem's error, on cancellation (from
 * a named idle: a GCancellable callback may not disconnect itself) or after their timeout.
 */
#define G_LOG_DOMAIN "galley-audio-playback"

#include "audio/galley-audio-playback-private.h"
#include "util/galley-source.h"

/* the source tag of the drain tasks */
static int drain_tag;

/* ------------------------------------------------------------------ drains */

static void
drain_free (Drain *d)
{
  if (d->cancellable != NULL && d->cancelled_id != 0)
    g_cancellable_disconnect (d->cancellable, d->cancelled_id);
  g_clear_object (&d->cancellable);
  g_clear_object (&d->task);
  g_free (d);
}

/* Completes every pending drain: TRUE, or a copy of @error. */
void
_galley_audio_playback_complete_drains (GalleyAudioPlayback *self,
                 const GError        *error)
{
  g_autoptr(GPtrArray) drains = NULL;

  g_clear_handle_id (&self->drain_timeout_id, g_source_remove);
  g_clear_handle_id (&self->drain_idle_id, g_source_remove);
  if (self->drains->len == 0)
    return;

  /* handlers may drain again: complete a snapshot */
  drains = g_steal_pointer (&self->drains);
  self->drains = g_ptr_array_new ();
  for (guint i = 0; i < drains->len; i++)
    {
      Drain *d = g_ptr_array_index (drains, i);
      g_autoptr(GTask) task = g_object_ref (d->task);

      drain_free (d);
      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static gboolean
drain_timeout_cb (gpointer user_data)
{
  GalleyAudioPlayback *self = user_data;
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                                 "the audio did not finish playing");

  self->drain_timeout_id = 0;
  g_message ("Playback did not drain in time: %" G_GSIZE_FORMAT " bytes still queued",
             galley_ring_buffer_get_readable (self->shared.ring));
  _galley_audio_playback_complete_drains (self, error);

  return G_SOURCE_REMOVE;
}

/* the idle that completes drains whose cancellable was cancelled */
static gboolean
drain_idle_cb (gpointer user_data)
{
  GalleyAudioPlayback *self = user_data;

  self->drain_idle_id = 0;

  for (guint i = 0; i < self->drains->len;)
    {
      Drain *d = g_ptr_array_index (self->drains, i);

      if (d->cancelled)
        {
          g_autoptr(GTask) task = g_object_ref (d->task);

          g_ptr_array_remove_index (self->drains, i);
          drain_free (d);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   "Operation was cancelled");
        }
      else
        i++;
    }
  if (self->drains->len == 0)
    g_clear_handle_id (&self->drain_timeout_id, g_source_remove);

  return G_SOURCE_REMOVE;
}

/* any thread that cancels (GCancellable): mark only; GLib may call this from inside
 * g_cancellable_connect(), where disconnecting is not allowed */
static void
drain_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  Drain *d = user_data;
  GalleyAudioPlayback *self = g_task_get_source_object (d->task);

  d->cancelled = TRUE;
  if (self->drain_idle_id == 0)
    self->drain_idle_id = galley_idle_add_full_named ("galley-audio-playback-drain",
                                                      G_PRIORITY_DEFAULT, drain_idle_cb,
                                                      self, NULL);
}

/**
 * galley_audio_playback_drain_async:
 * @self: a playback
 * @cancellable: (nullable): cancels the wait, not the playing
 * @callback: called when everything queued has played
 * @user_data: for @callback
 *
 * Ends the current item and waits until all queued audio has played out of the speaker
 * (spec/voice.md §7.4), or has been dropped by a flush. At once when nothing is queued.
 * Gives up GALLEY_AUDIO_PLAYBACK_DRAIN_SLACK_MS after the audio should have played
 * (G_IO_ERROR_TIMED_OUT); a #GalleyAudioPlayback::problem ends it with its error.
 */
void
galley_audio_playback_drain_async (GalleyAudioPlayback *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Drain *d;
  gint64 queued_ms;

  g_return_if_fail (GALLEY_IS_AUDIO_PLAYBACK (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, &drain_tag);
  g_task_set_name (task, "galley-audio-playback-drain");

  if (g_task_return_error_if_cancelled (task))
    return;

  galley_audio_playback_end_item (self);
  if (!self->playing && galley_ring_buffer_get_readable (self->shared.ring) == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  d = g_new0 (Drain, 1);
  d->task = g_object_ref (task);
  g_ptr_array_add (self->drains, d);
  if (cancellable != NULL)
    {
      d->cancellable = g_object_ref (cancellable);
      d->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (drain_cancelled_cb), d,
                                               NULL);
    }

  /* the limit follows the latest request: everything queued now, plus the slack */
  queued_ms = _galley_audio_playback_bytes_to_ms (self, galley_ring_buffer_get_readable (self->shared.ring));
  g_clear_handle_id (&self->drain_timeout_id, g_source_remove);
  self->drain_timeout_id = galley_timeout_add_named ("galley-audio-playback-drain-timeout",
                                                     (guint) queued_ms +
                                                     GALLEY_AUDIO_PLAYBACK_DRAIN_SLACK_MS,
                                                     drain_timeout_cb, self, NULL);
}

/**
 * galley_audio_playback_drain_finish:
 * @self: a playback
 * @result: the result given to the callback
 * @error: G_IO_ERROR_CANCELLED, G_IO_ERROR_TIMED_OUT or a #GALLEY_AUDIO_ERROR
 *
 * Returns: %TRUE once everything queued has played (or was flushed)
 */
gboolean
galley_audio_playback_drain_finish (GalleyAudioPlayback  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  g_return_val_if_fail (GALLEY_IS_AUDIO_PLAYBACK (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

