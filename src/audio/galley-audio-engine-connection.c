/* galley-audio-engine-connection.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyAudioEngine's connection to PipeWire: a pw_loop whose fd a named GSource watches on
 * the GLib main context, the context and the core, the core sync that makes the engine
 * READY, and teardown in the order of spec/voice.md §7.5. PipeWire's callbacks only record
 * what happened and schedule "galley-audio-engine-dispatch", which applies it. A failure
 * (no service, core error, loop error, no answer within CONNECT_TIMEOUT_MS) tears down,
 * logs once per outage and arms "galley-audio-engine-retry" with the backoff policy.
 */
#define G_LOG_DOMAIN "galley-audio-engine"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "audio/galley-audio-engine-internal.h"
#include "net/galley-backoff.h"
#include "util/galley-source.h"

/* The daemon answers a core sync in a few ms; a frozen daemon must not leave us in CONNECTING. */
#define CONNECT_TIMEOUT_MS 10000

/* ------------------------------------------------------------------ connection */

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

/**
 * _galley_audio_engine_teardown:
 *
 * Drops the PipeWire connection: stream users first, then core, context and loop (the
 * order of spec/voice.md §7.5, steps 3-5). No notify: dispose calls this too.
 */
void
_galley_audio_engine_teardown (GalleyAudioEngine *self)
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

  _galley_audio_engine_teardown (self);

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
  _galley_audio_engine_set_error_message (self, message);
  _galley_audio_engine_set_next_retry (self, g_get_monotonic_time () + (gint64) delay * 1000);
  _galley_audio_engine_set_state (self, GALLEY_AUDIO_STATE_FAILED);
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
      _galley_audio_engine_notify (self, PROP_RECONNECTS);
      g_message ("Sound service back after %u failed attempt%s", self->attempt,
                 self->attempt == 1 ? "" : "s");
    }
  self->attempt = 0;
  _galley_audio_engine_set_error_message (self, NULL);
  _galley_audio_engine_set_next_retry (self, 0);
  _galley_audio_engine_set_state (self, GALLEY_AUDIO_STATE_READY);
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

/**
 * _galley_audio_engine_connect:
 *
 * Starts connecting: CONNECTING now, READY when the core answers its sync, FAILED (with a
 * retry armed) on any error.
 */
void
_galley_audio_engine_connect (GalleyAudioEngine *self)
{
  int res;

  g_assert (self->loop == NULL && self->core == NULL);
  g_clear_handle_id (&self->retry_id, g_source_remove);

  ensure_pw_init ();
  self->connect_attempts++;
  _galley_audio_engine_notify (self, PROP_CONNECT_ATTEMPTS);
  _galley_audio_engine_set_next_retry (self, 0);
  _galley_audio_engine_set_state (self, GALLEY_AUDIO_STATE_CONNECTING);

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
  _galley_audio_engine_connect (self);

  return G_SOURCE_REMOVE;
}
