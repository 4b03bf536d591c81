/* galley-realtime-session-events.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyRealtimeSession's inbound side (spec/voice.md §3.2, §3.6): every server frame is one
 * JSON object with a string "type"; anything else is dropped with a (rate-limited) log line
 * and counted, and the link is kept. Unknown types and extra fields are ignored. Error events
 * are logged with their code and redacted message and turned into words for the cashier.
 */
#define G_LOG_DOMAIN "galley-realtime-session"

#include <glib/gi18n.h>
#include <string.h>

#include "util/galley-json.h"
#include "voice/galley-realtime-config.h"
#include "voice/galley-realtime-session-private.h"

static void
drop_frame (GalleyRealtimeSession *self,
            const char            *why)
{
  self->frames_dropped++;
  if (_galley_realtime_session_rate_limit (self))
    g_warning ("Dropped a Realtime frame (%s); %u dropped so far", why, self->frames_dropped);
  else
    g_debug ("Dropped a Realtime frame (%s)", why);
}

static void
emit_transcript (GalleyRealtimeSession *self,
                 gboolean               is_user,
                 const char            *item_id,
                 const char            *text,
                 gboolean               final)
{
  g_signal_emit (self, _galley_realtime_session_signals[SIGNAL_TRANSCRIPT], 0, is_user,
                 item_id != NULL ? item_id : "", text != NULL ? text : "", final);
}

/* ------------------------------------------------------------------ session */

static char *
menu_text (GalleyRealtimeSession *self)
{
  GalleyMenu *menu;

  if (self->menu_context != NULL && *self->menu_context != '\0')
    return g_strdup (self->menu_context);

  /* §1.2: an empty menu_context is not fatal; Galley renders its own */
  menu = self->cart != NULL ? galley_cart_get_menu (self->cart) : NULL;

  return menu != NULL ? galley_realtime_render_menu (menu) : NULL;
}

void
_galley_realtime_session_send_update (GalleyRealtimeSession *self)
{
  g_autoptr(JsonObject) event = json_object_new ();
  g_autofree char *menu = menu_text (self);
  g_autofree char *instructions = galley_realtime_build_instructions (self->restaurant_name, menu);
  g_autofree char *event_id = NULL;
  g_autofree char *text = NULL;
  GalleyRealtimeConfig config = {
    .instructions = instructions,
    .push_to_talk = self->push_to_talk,
  };
  JsonObject *session = galley_realtime_build_session (&config);

  json_object_set_string_member (event, "type", "session.update");
  json_object_set_object_member (event, "session", session);
  text = galley_json_object_to_string (event);
  if (strlen (text) > GALLEY_REALTIME_UPDATE_WARN_BYTES)
    g_warning ("session.update is %zu bytes (over %d): the menu may be too long", strlen (text),
               GALLEY_REALTIME_UPDATE_WARN_BYTES);
  event_id = _galley_realtime_session_send_event (self, event);
}

static void
session_created (GalleyRealtimeSession *self,
                 JsonObject            *event)
{
  JsonObject *session = galley_json_get_object (event, "session");
  double expires_at = 0;

  if (self->state != GALLEY_REALTIME_CONFIGURING)
    {
      g_debug ("session.created outside configuring: ignored");
      return;
    }

  if (session != NULL && galley_json_get_number (session, "expires_at", &expires_at))
    self->expires_at = (gint64) expires_at;
  g_debug ("session.created (expires at %" G_GINT64_FORMAT ")", self->expires_at);
  _galley_realtime_session_arm_rotation (self);

  _galley_realtime_session_send_update (self);
  if (self->replay_cart)
    _galley_realtime_session_send_cart_context (self, "The voice link was reset.");
  _galley_realtime_session_arm_stage (self, self->timings.configure_timeout_ms);
}

static void
session_updated (GalleyRealtimeSession *self,
                 JsonObject            *event)
{
  JsonObject *session = galley_json_get_object (event, "session");
  const char *type = NULL;
  gboolean first;

  if (session == NULL || !galley_json_get_string (session, "type", &type) ||
      strcmp (type, "realtime") != 0)
    {
      g_warning ("session.updated is not a GA realtime session");
      _galley_realtime_session_go_offline (self, _("Voice needs a server update. Use the "
                                                   "touch screen for now."));
      return;
    }

  if (self->state != GALLEY_REALTIME_CONFIGURING)
    return;   /* a later update (tools, speed): nothing to do */

  g_clear_handle_id (&self->stage_id, g_source_remove);
  first = !self->connected_once;
  self->connected_once = TRUE;
  self->attempt = 0;
  self->auth_retries = 0;
  self->rate_limit_waits = 0;
  self->too_big = 0;
  self->replay_cart = FALSE;
  _galley_realtime_session_set_state (self, self->talking ? GALLEY_REALTIME_LISTENING
                                                          : GALLEY_REALTIME_READY);

  /* §4.2: audio held while the first connect of a turn configured is sent now; audio from
   * before a reconnect never is */
  if (first)
    _galley_realtime_session_flush_held (self);
  else
    g_byte_array_set_size (self->held, 0);
}

/* ------------------------------------------------------------------ errors */

/* §3.6: what the cashier reads; NULL when the error is handled without a word. */
static void
handle_error (GalleyRealtimeSession *self,
              JsonObject            *event)
{
  JsonObject *error = galley_json_get_object (event, "error");
  const char *code = NULL, *type = NULL, *message = NULL, *param = NULL, *event_id = NULL;
  const char *cause;
  g_autofree char *safe = NULL;

  if (error == NULL)
    {
      drop_frame (self, "error without an error object");
      return;
    }

  galley_json_get_string (error, "code", &code);
  galley_json_get_string (error, "type", &type);
  galley_json_get_string (error, "message", &message);
  galley_json_get_string (error, "param", &param);
  galley_json_get_string (error, "event_id", &event_id);
  cause = _galley_realtime_session_event_kind (self, event_id);
  safe = _galley_realtime_redact (message);

  if (g_strcmp0 (code, "conversation_already_has_active_response") == 0 ||
      g_strcmp0 (code, "response_cancel_not_active") == 0)
    {
      /* §3.5, §3.6: the slot's own races, not failures */
      g_debug ("Realtime error %s (%s): %s", code, cause != NULL ? cause : "-", safe);
      if (g_strcmp0 (code, "conversation_already_has_active_response") == 0 &&
          event_id != NULL && g_strcmp0 (event_id, self->create_event_id) == 0)
        {
          if (!self->create_retried)
            {
              self->create_retried = TRUE;
              self->slot_pending = TRUE;
            }
          self->slot = SLOT_ACTIVE;
        }
      return;
    }

  g_warning ("Realtime error %s (type %s%s%s, caused by %s): %s", code != NULL ? code : "(none)",
             type != NULL ? type : "?", param != NULL ? ", param " : "", param != NULL ? param : "",
             cause != NULL ? cause : "-", safe);

  if (g_strcmp0 (code, "session_expired") == 0)
    {
      /* §1.7 reactive: drop the turn in flight, reconnect at once, replay the cart */
      gboolean lost = _galley_realtime_session_mid_turn (self);

      if (lost)
        _galley_realtime_session_end_turn_lost (self);
      self->replay_cart = TRUE;
      self->reconnects++;
      _galley_realtime_session_teardown (self, TRUE);
      _galley_realtime_session_start_attempt (self);
      return;
    }

  if (g_strcmp0 (code, "beta_api_shape_disabled") == 0 ||
      (g_strcmp0 (cause, "session.update") == 0 &&
       (g_strcmp0 (code, "unknown_parameter") == 0 ||
        g_strcmp0 (code, "missing_required_parameter") == 0 ||
        g_strcmp0 (code, "invalid_value") == 0 || g_strcmp0 (code, "invalid_event") == 0)))
    {
      _galley_realtime_session_go_offline (self, _("Voice needs a server update. Use the touch "
                                                   "screen for now."));
      return;
    }

  if (g_strcmp0 (code, "insufficient_quota") == 0 ||
      g_strcmp0 (code, "billing_hard_limit_reached") == 0 ||
      g_strcmp0 (code, "invalid_api_key") == 0 || g_strcmp0 (code, "account_deactivated") == 0)
    {
      _galley_realtime_session_go_offline (self, _("Voice ordering is stopped: the restaurant's "
                                                   "voice account needs attention. Tell the "
                                                   "manager."));
      return;
    }

  if (g_strcmp0 (code, "rate_limit_exceeded") == 0)
    {
      if (_galley_realtime_session_mid_turn (self))
        _galley_realtime_session_barge_in (self, TRUE);
      _galley_realtime_session_problem (self, _("Voice is busy. Please say it again in a "
                                                "moment."));
      return;
    }

  if (g_strcmp0 (code, "input_audio_buffer_commit_empty") == 0)
    {
      _galley_realtime_session_problem (self, _("Hold the Talk button while you speak."));
      return;
    }

  /* stale or too long truncations, unknown items: the server's copy is already right */
  if (g_strcmp0 (code, "unsupported_content_type") == 0 ||
      g_strcmp0 (code, "item_truncate_invalid_item_id") == 0 ||
      g_strcmp0 (code, "item_retrieve_invalid_item_id") == 0 ||
      g_strcmp0 (cause, "conversation.item.truncate") == 0 ||
      g_strcmp0 (cause, "conversation.item.delete") == 0)
    return;

  /* anything else: most errors are recoverable, the session stays open */
  _galley_realtime_session_problem (self, _("Voice did not understand that request. Please "
                                            "say it again."));
}

/* ------------------------------------------------------------------ responses */

static void
output_item_added (GalleyRealtimeSession *self,
                   JsonObject            *event)
{
  JsonObject *item = galley_json_get_object (event, "item");
  const char *type = NULL, *call_id = NULL, *name = NULL;
  PendingCall *call;

  if (item == NULL || !galley_json_get_string (item, "type", &type) ||
      strcmp (type, "function_call") != 0)
    return;
  if (!galley_json_get_string (item, "call_id", &call_id) || *call_id == '\0')
    return;
  if (g_hash_table_contains (self->calls, call_id))
    return;

  galley_json_get_string (item, "name", &name);
  call = g_new0 (PendingCall, 1);
  call->call_id = g_strdup (call_id);
  call->name = g_strdup (name);
  call->arguments = g_string_new (NULL);
  g_hash_table_insert (self->calls, call->call_id, call);
  self->response_calls++;
}

static void
arguments_delta (GalleyRealtimeSession *self,
                 JsonObject            *event)
{
  const char *call_id = NULL, *delta = NULL;
  PendingCall *call;

  if (!galley_json_get_string (event, "call_id", &call_id) ||
      !galley_json_get_string (event, "delta", &delta))
    return;

  call = g_hash_table_lookup (self->calls, call_id);
  if (call != NULL && call->arguments->len + strlen (delta) <= MAX_CALL_ARGS)
    g_string_append (call->arguments, delta);
}

static void
arguments_done (GalleyRealtimeSession *self,
                JsonObject            *event)
{
  const char *call_id = NULL, *name = NULL, *arguments = NULL;
  PendingCall *call;

  if (!galley_json_get_string (event, "call_id", &call_id) || *call_id == '\0')
    {
      drop_frame (self, "function call without a call_id");
      return;
    }
  call = g_hash_table_lookup (self->calls, call_id);
  if (!galley_json_get_string (event, "name", &name) && call != NULL)
    name = call->name;
  if (!galley_json_get_string (event, "arguments", &arguments))
    arguments = call != NULL ? call->arguments->str : "";

  _galley_realtime_session_run_call (self, call_id, name, arguments);
}

/* ------------------------------------------------------------------ dispatch */

static void
dispatch (GalleyRealtimeSession *self,
          const char            *type,
          JsonObject            *event)
{
  const char *item_id = NULL, *text = NULL;

  galley_json_get_string (event, "item_id", &item_id);

  if (strcmp (type, "session.created") == 0)
    session_created (self, event);
  else if (strcmp (type, "session.updated") == 0)
    session_updated (self, event);
  else if (strcmp (type, "error") == 0)
    handle_error (self, event);
  else if (strcmp (type, "input_audio_buffer.speech_started") == 0)
    {
      _galley_realtime_session_barge_in (self, TRUE);
      _galley_realtime_session_set_state (self, GALLEY_REALTIME_LISTENING);
    }
  else if (strcmp (type, "input_audio_buffer.speech_stopped") == 0)
    {
      /* never a response.create here: server VAD creates it (§3.5, §6 #2) */
      if (self->state == GALLEY_REALTIME_LISTENING && !self->talking)
        _galley_realtime_session_set_state (self, GALLEY_REALTIME_READY);
    }
  else if (strcmp (type, "conversation.item.input_audio_transcription.delta") == 0)
    {
      if (galley_json_get_string (event, "delta", &text))
        emit_transcript (self, TRUE, item_id, text, FALSE);
    }
  else if (strcmp (type, "conversation.item.input_audio_transcription.completed") == 0)
    {
      if (galley_json_get_string (event, "transcript", &text))
        emit_transcript (self, TRUE, item_id, text, TRUE);
    }
  else if (strcmp (type, "conversation.item.input_audio_transcription.failed") == 0)
    emit_transcript (self, TRUE, item_id, _("(not transcribed)"), TRUE);
  else if (strcmp (type, "response.created") == 0)
    {
      JsonObject *response = galley_json_get_object (event, "response");
      const char *id = NULL;

      if (response != NULL)
        galley_json_get_string (response, "id", &id);
      g_free (self->response_id);
      self->response_id = g_strdup (id);
      self->slot = SLOT_ACTIVE;   /* also for a response the server's VAD started */
      self->create_retried = FALSE;
      self->response_calls = 0;
      self->response_outputs = 0;
      _galley_realtime_session_set_state (self, GALLEY_REALTIME_RESPONDING);
    }
  else if (strcmp (type, "response.output_item.added") == 0)
    {
      JsonObject *item = galley_json_get_object (event, "item");
      const char *id = NULL;

      if (item != NULL && galley_json_get_string (item, "id", &id))
        _galley_realtime_session_track_item (self, id);
      output_item_added (self, event);
    }
  else if (strcmp (type, "input_audio_buffer.committed") == 0)
    {
      if (item_id != NULL)
        _galley_realtime_session_track_item (self, item_id);
    }
  else if (strcmp (type, "conversation.item.added") == 0 ||
           strcmp (type, "conversation.item.created") == 0)
    {
      JsonObject *item = galley_json_get_object (event, "item");
      const char *id = NULL;

      if (item != NULL && galley_json_get_string (item, "id", &id))
        _galley_realtime_session_track_item (self, id);
    }
  else if (strcmp (type, "response.output_audio.delta") == 0)
    {
      if (item_id != NULL && galley_json_get_string (event, "delta", &text))
        _galley_realtime_session_audio_delta (self, item_id, text);
      else
        drop_frame (self, "audio delta without item_id or delta");
    }
  else if (strcmp (type, "response.output_audio.done") == 0)
    {
      if (item_id != NULL)
        _galley_realtime_session_audio_done (self, item_id);
    }
  else if (strcmp (type, "response.output_audio_transcript.delta") == 0 ||
           strcmp (type, "response.output_text.delta") == 0)
    {
      if (galley_json_get_string (event, "delta", &text))
        emit_transcript (self, FALSE, item_id, text, FALSE);
    }
  else if (strcmp (type, "response.output_audio_transcript.done") == 0 ||
           strcmp (type, "response.output_text.done") == 0)
    {
      if (galley_json_get_string (event, "transcript", &text) ||
          galley_json_get_string (event, "text", &text))
        emit_transcript (self, FALSE, item_id, text, TRUE);
    }
  else if (strcmp (type, "response.function_call_arguments.delta") == 0)
    arguments_delta (self, event);
  else if (strcmp (type, "response.function_call_arguments.done") == 0)
    arguments_done (self, event);
  else if (strcmp (type, "response.done") == 0)
    _galley_realtime_session_response_done (self, galley_json_get_object (event, "response"));
  else
    g_debug ("← %s", type);   /* item, part, buffer and rate-limit events: nothing to do */
}

/**
 * _galley_realtime_session_message_cb:
 *
 * The socket's "message" handler. Any frame re-arms the liveness watchdog.
 */
void
_galley_realtime_session_message_cb (SoupWebsocketConnection *conn,
                                     SoupWebsocketDataType    data_type,
                                     GBytes                  *message,
                                     gpointer                 user_data)
{
  GalleyRealtimeSession *self = user_data;
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(GError) error = NULL;
  const char *type = NULL;
  gsize size;
  const char *data = g_bytes_get_data (message, &size);

  _galley_realtime_session_arm_liveness (self);
  if (self->state == GALLEY_REALTIME_RESPONDING)
    _galley_realtime_session_arm_answer (self);

  if (data_type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      drop_frame (self, "binary frame");
      return;
    }

  event = galley_json_parse_object (data, (gssize) size, &error);
  if (event == NULL)
    {
      g_autofree char *why = g_strdup_printf ("not a JSON object: %s", error->message);

      drop_frame (self, why);
      return;
    }

  if (!galley_json_get_string (event, "type", &type) || *type == '\0')
    {
      drop_frame (self, "no type");
      return;
    }

  dispatch (self, type, event);
}
