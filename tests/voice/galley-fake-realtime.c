/* galley-fake-realtime.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake Realtime server of spec/voice.md §9 (test code). Server events are queued per
 * connection and sent one per tick, faster than real time, so a test can act in the middle
 * of a response. Listens with its own GSocketService: libsoup 3.2.3's listener leaks every
 * accepted GSocket (guide/testing.md §7).
 */
#define G_LOG_DOMAIN "galley-fake-realtime"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/socket.h>

#include <libsoup/soup.h>

#include "galley-fake-realtime.h"
#include "util/galley-json.h"
#include "util/galley-source.h"

#define HOLD_MARK "\x01hold"

typedef struct _FakeConn FakeConn;

struct _GalleyFakeRealtime
{
  SoupServer     *server;
  GSocketService *listener;
  gulong          incoming_id;
  guint           port;

  JsonArray      *turns;          /* the script */
  guint           refuse_status;
  guint           refuse_count;
  guint           max_duration_ms;
  guint           tick_ms;
  guint           next_connection;

  GPtrArray      *conns;          /* FakeConn*, open */
  GPtrArray      *dead;           /* FakeConn*, closed, released from an idle */
  guint           release_id;
  GPtrArray      *log;            /* GalleyFakeFrame* */
  GPtrArray      *handshakes;     /* GalleyFakeHandshake* */
  GHashTable     *audio_ms;       /* item_id -> gint64* sent */
};

struct _FakeConn
{
  GalleyFakeRealtime      *fake;
  guint                    id;
  SoupWebsocketConnection *ws;
  gulong                   message_id;
  gulong                   closed_id;
  JsonObject              *config;      /* the effective session */
  GQueue                   out;         /* char*, queued server events */
  guint                    tick_id;
  guint                    expire_id;
  guint                    delay_id;
  gboolean                 held;        /* a HOLD mark stopped the queue */
  gboolean                 expired;
  gboolean                 silent;      /* sends and answers nothing any more */
  gint64                   buffer_bytes;
  guint                    serial;
  guint                    turn;        /* next script turn */
  char                    *response_id; /* active response */
  char                    *audio_item;  /* its audio item, if any */
  GHashTable              *pending_calls; /* call_id set: awaiting output */
  GHashTable              *items;         /* every conversation item id */
  char                    *last_client_event_id;
};

/* ------------------------------------------------------------------ log */

static void
frame_free (gpointer data)
{
  GalleyFakeFrame *frame = data;

  g_free (frame->type);
  g_clear_pointer (&frame->event, json_object_unref);
  g_free (frame);
}

static void
handshake_free (gpointer data)
{
  GalleyFakeHandshake *handshake = data;

  g_free (handshake->authorization);
  g_free (handshake->model);
  g_free (handshake);
}

static void
log_frame (GalleyFakeRealtime *fake,
           guint               connection,
           gboolean            from_client,
           const char         *type,
           JsonObject         *event,
           gsize               audio_bytes)
{
  GalleyFakeFrame *frame = g_new0 (GalleyFakeFrame, 1);

  frame->time_us = g_get_monotonic_time ();
  frame->connection = connection;
  frame->from_client = from_client;
  frame->type = g_strdup (type);
  frame->event = event != NULL ? json_object_ref (event) : NULL;
  frame->audio_bytes = audio_bytes;
  g_ptr_array_add (fake->log, frame);
}

/* ------------------------------------------------------------------ sending */

static gboolean tick_cb (gpointer user_data);

static void
arm_tick (FakeConn *conn)
{
  if (conn->silent)
    return;
  if (conn->tick_id == 0 && conn->delay_id == 0 && !conn->held && conn->out.length > 0)
    conn->tick_id = galley_timeout_add_named ("galley-fake-realtime-tick", conn->fake->tick_ms,
                                              tick_cb, conn, NULL);
}

static void
send_now (FakeConn   *conn,
          const char *text)
{
  g_autoptr(JsonObject) event = NULL;
  g_autofree char *type = NULL;
  const char *event_type = NULL;

  if (soup_websocket_connection_get_state (conn->ws) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  event = galley_json_parse_object (text, -1, NULL);
  if (event != NULL && galley_json_get_string (event, "type", &event_type))
    type = g_strdup (event_type);
  else
    type = g_strdup ("(raw)");
  /* audio deltas are logged without their payload */
  if (event != NULL && strcmp (type, "response.output_audio.delta") == 0)
    json_object_remove_member (event, "delta");
  if (strlen (text) > 65536)
    g_clear_pointer (&event, json_object_unref);
  log_frame (conn->fake, conn->id, FALSE, type, event, 0);
  soup_websocket_connection_send_text (conn->ws, text);
}

static gboolean
tick_cb (gpointer user_data)
{
  FakeConn *conn = user_data;
  char *text;

  conn->tick_id = 0;
  text = g_queue_pop_head (&conn->out);
  if (text == NULL)
    return G_SOURCE_REMOVE;

  if (strcmp (text, HOLD_MARK) == 0)
    conn->held = TRUE;
  else
    send_now (conn, text);
  g_free (text);
  arm_tick (conn);

  return G_SOURCE_REMOVE;
}

/* Queues a server event; "event_id" is added. Takes @event. */
static void
queue_event (FakeConn   *conn,
             JsonObject *event)
{
  g_autofree char *event_id = g_strdup_printf ("event_%04u", ++conn->serial);

  json_object_set_string_member (event, "event_id", event_id);
  g_queue_push_tail (&conn->out, galley_json_object_to_string (event));
  json_object_unref (event);
  arm_tick (conn);
}

static JsonObject *
new_event (const char *type)
{
  JsonObject *event = json_object_new ();

  json_object_set_string_member (event, "type", type);

  return event;
}

static void
queue_error (FakeConn   *conn,
             const char *type,
             const char *code,
             const char *message,
             const char *param,
             const char *event_id)
{
  JsonObject *event = new_event ("error");
  JsonObject *error = json_object_new ();

  json_object_set_string_member (error, "type", type);
  if (code != NULL)
    json_object_set_string_member (error, "code", code);
  else
    json_object_set_null_member (error, "code");
  json_object_set_string_member (error, "message", message);
  if (param != NULL)
    json_object_set_string_member (error, "param", param);
  else
    json_object_set_null_member (error, "param");
  if (event_id != NULL)
    json_object_set_string_member (error, "event_id", event_id);
  else
    json_object_set_null_member (error, "event_id");
  json_object_set_object_member (event, "error", error);
  queue_event (conn, event);
}

/* ------------------------------------------------------------------ session */

static JsonObject *
default_session (FakeConn *conn)
{
  g_autofree char *text = NULL;
  gint64 expires = g_get_real_time () / G_USEC_PER_SEC +
                   (conn->fake->max_duration_ms > 0 ? conn->fake->max_duration_ms / 1000 : 3600);

  text = g_strdup_printf (
    "{\"type\":\"realtime\",\"object\":\"realtime.session\",\"id\":\"sess_%03u\","
    "\"model\":\"gpt-realtime\",\"output_modalities\":[\"audio\"],\"instructions\":\"\","
    "\"expires_at\":%" G_GINT64_FORMAT ",\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcm\","
    "\"rate\":24000},\"turn_detection\":{\"type\":\"server_vad\",\"threshold\":0.5,"
    "\"prefix_padding_ms\":300,\"silence_duration_ms\":200,\"idle_timeout_ms\":null,"
    "\"create_response\":true,\"interrupt_response\":true}},\"output\":{\"format\":"
    "{\"type\":\"audio/pcm\",\"rate\":24000},\"voice\":\"alloy\",\"speed\":1.0}},"
    "\"tools\":[],\"tool_choice\":\"auto\",\"max_output_tokens\":\"inf\",\"truncation\":\"auto\"}",
    conn->id, expires);

  return galley_json_parse_object (text, -1, NULL);
}

static void
session_event (FakeConn   *conn,
               const char *type)
{
  JsonObject *event = new_event (type);

  json_object_set_object_member (event, "session", json_object_ref (conn->config));
  queue_event (conn, event);
}

static void
session_update (FakeConn   *conn,
                JsonObject *event,
                const char *event_id)
{
  static const char * const beta[] = { "modalities", "temperature", "input_audio_format",
                                       "output_audio_format", "voice", "model",
                                       "turn_detection", "input_audio_transcription", NULL };
  JsonObject *session = galley_json_get_object (event, "session");
  const char *type = NULL;
  g_autoptr(GList) members = NULL;

  if (session == NULL || !galley_json_get_string (session, "type", &type))
    {
      queue_error (conn, "invalid_request_error", "missing_required_parameter",
                   "Missing required parameter: 'session.type'.", "session.type", event_id);
      return;
    }
  for (guint i = 0; beta[i] != NULL; i++)
    if (json_object_has_member (session, beta[i]))
      {
        g_autofree char *message = g_strdup_printf ("Unknown parameter: 'session.%s'.", beta[i]);
        g_autofree char *param = g_strdup_printf ("session.%s", beta[i]);

        queue_error (conn, "invalid_request_error", "unknown_parameter", message, param,
                     event_id);
        return;
      }

  members = json_object_get_members (session);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (conn->config, l->data,
                            json_node_copy (json_object_get_member (session, l->data)));
  session_event (conn, "session.updated");
}

/* ------------------------------------------------------------------ responses */

static gboolean
vad_on (FakeConn *conn)
{
  JsonObject *audio = galley_json_get_object (conn->config, "audio");
  JsonObject *input = audio != NULL ? galley_json_get_object (audio, "input") : NULL;

  return input != NULL && galley_json_get_object (input, "turn_detection") != NULL;
}

static void
note_audio (FakeConn   *conn,
            const char *item_id,
            gint64      samples)
{
  gint64 *ms = g_hash_table_lookup (conn->fake->audio_ms, item_id);

  if (ms == NULL)
    {
      ms = g_new0 (gint64, 1);
      g_hash_table_insert (conn->fake->audio_ms, g_strdup (item_id), ms);
    }
  *ms += samples / 24;
}

static void
queue_audio (FakeConn   *conn,
             const char *item_id,
             const char *spec,
             const char *say)
{
  g_auto (GStrv) parts = g_strsplit (spec != NULL ? spec : "tone:440:200", ":", -1);
  g_auto (GStrv) words = g_strsplit (say != NULL ? say : "", " ", -1);
  double hz = 0;
  guint ms = 200, word = 0;
  gint64 total, done = 0;

  if (g_strcmp0 (parts[0], "tone") == 0 && parts[1] != NULL && parts[2] != NULL)
    {
      hz = g_ascii_strtod (parts[1], NULL);
      ms = (guint) g_ascii_strtoull (parts[2], NULL, 10);
    }
  else if (g_strcmp0 (parts[0], "silence") == 0 && parts[1] != NULL)
    ms = (guint) g_ascii_strtoull (parts[1], NULL, 10);
  total = (gint64) ms * 24;

  while (done < total)
    {
      gint64 n = MIN (2400, total - done);
      g_autofree gint16 *pcm = g_new0 (gint16, n);
      g_autofree char *b64 = NULL;
      JsonObject *event;

      for (gint64 i = 0; i < n; i++)
        pcm[i] = GINT16_TO_LE ((gint16) (hz > 0 ? 8000 * sin (2 * G_PI * hz * (done + i) / 24000.0)
                                                : 0));
      b64 = g_base64_encode ((const guchar *) pcm, n * 2);
      event = new_event ("response.output_audio.delta");
      json_object_set_string_member (event, "response_id", conn->response_id);
      json_object_set_string_member (event, "item_id", item_id);
      json_object_set_int_member (event, "output_index", 0);
      json_object_set_int_member (event, "content_index", 0);
      json_object_set_string_member (event, "delta", b64);
      queue_event (conn, event);
      note_audio (conn, item_id, n);
      done += n;

      if (words[word] != NULL)
        {
          g_autofree char *delta = g_strconcat (word > 0 ? " " : "", words[word], NULL);

          word++;

          event = new_event ("response.output_audio_transcript.delta");
          json_object_set_string_member (event, "response_id", conn->response_id);
          json_object_set_string_member (event, "item_id", item_id);
          json_object_set_string_member (event, "delta", delta);
          queue_event (conn, event);
        }
    }
}

static JsonObject *
item_event (FakeConn   *conn,
            const char *type,
            JsonObject *item)
{
  JsonObject *event = new_event (type);

  json_object_set_string_member (event, "response_id", conn->response_id);
  json_object_set_int_member (event, "output_index", 0);
  json_object_set_object_member (event, "item", item);

  return event;
}

static void
queue_say (FakeConn   *conn,
           JsonObject *entry,
           JsonArray  *output)
{
  g_autofree char *item_id = g_strdup_printf ("item_a%u_%u", conn->id, ++conn->serial);
  const char *say = "OK.", *audio = NULL;
  JsonObject *item, *event;

  if (entry != NULL)
    {
      galley_json_get_string (entry, "say", &say);
      galley_json_get_string (entry, "audio", &audio);
    }
  g_hash_table_add (conn->items, g_strdup (item_id));
  g_free (conn->audio_item);
  conn->audio_item = g_strdup (item_id);

  item = json_object_new ();
  json_object_set_string_member (item, "id", item_id);
  json_object_set_string_member (item, "type", "message");
  json_object_set_string_member (item, "role", "assistant");
  json_object_set_string_member (item, "status", "in_progress");
  queue_event (conn, item_event (conn, "response.output_item.added", json_object_ref (item)));
  event = new_event ("response.content_part.added");
  json_object_set_string_member (event, "item_id", item_id);
  queue_event (conn, event);

  queue_audio (conn, item_id, audio, say);

  event = new_event ("response.output_audio.done");
  json_object_set_string_member (event, "item_id", item_id);
  queue_event (conn, event);
  event = new_event ("response.output_audio_transcript.done");
  json_object_set_string_member (event, "item_id", item_id);
  json_object_set_string_member (event, "transcript", say);
  queue_event (conn, event);
  json_object_set_string_member (item, "status", "completed");
  queue_event (conn, item_event (conn, "response.output_item.done", json_object_ref (item)));
  json_array_add_object_element (output, item);
}

static void
queue_call (FakeConn   *conn,
            JsonObject *entry,
            JsonArray  *output)
{
  g_autofree char *item_id = g_strdup_printf ("item_f%u_%u", conn->id, ++conn->serial);
  g_autofree char *call_id = g_strdup_printf ("call_%u_%u", conn->id, conn->serial);
  g_autofree char *arguments = NULL;
  const char *name = "add_to_order", *raw = NULL;
  JsonObject *args = galley_json_get_object (entry, "arguments");
  JsonArray *split = galley_json_get_array (entry, "split_at");
  JsonObject *item, *event;
  gsize from = 0, len;

  galley_json_get_string (entry, "call", &name);
  if (args != NULL)
    arguments = galley_json_object_to_string (args);
  else if (galley_json_get_string (entry, "raw_arguments", &raw))
    arguments = g_strdup (raw);
  else
    arguments = g_strdup ("{}");
  len = strlen (arguments);
  g_hash_table_add (conn->items, g_strdup (item_id));
  g_hash_table_add (conn->pending_calls, g_strdup (call_id));

  item = json_object_new ();
  json_object_set_string_member (item, "id", item_id);
  json_object_set_string_member (item, "type", "function_call");
  json_object_set_string_member (item, "status", "in_progress");
  json_object_set_string_member (item, "call_id", call_id);
  json_object_set_string_member (item, "name", name);
  json_object_set_string_member (item, "arguments", "");
  queue_event (conn, item_event (conn, "response.output_item.added", json_object_ref (item)));

  /* deltas split in the middle of JSON tokens (§9.1) */
  for (guint i = 0; i <= (split != NULL ? json_array_get_length (split) : 0); i++)
    {
      gsize to = split != NULL && i < json_array_get_length (split)
                   ? MIN ((gsize) json_array_get_int_element (split, i), len) : len;
      g_autofree char *delta = NULL;

      if (to <= from)
        continue;
      delta = g_strndup (arguments + from, to - from);
      event = new_event ("response.function_call_arguments.delta");
      json_object_set_string_member (event, "response_id", conn->response_id);
      json_object_set_string_member (event, "item_id", item_id);
      json_object_set_string_member (event, "call_id", call_id);
      json_object_set_string_member (event, "delta", delta);
      queue_event (conn, event);
      from = to;
    }

  event = new_event ("response.function_call_arguments.done");
  json_object_set_string_member (event, "response_id", conn->response_id);
  json_object_set_string_member (event, "item_id", item_id);
  json_object_set_string_member (event, "call_id", call_id);
  json_object_set_string_member (event, "name", name);
  json_object_set_string_member (event, "arguments", arguments);
  queue_event (conn, event);
  json_object_set_string_member (item, "status", "completed");
  json_object_set_string_member (item, "arguments", arguments);
  queue_event (conn, item_event (conn, "response.output_item.done", json_object_ref (item)));
  json_array_add_object_element (output, item);
}

static void
queue_response_done (FakeConn   *conn,
                     const char *status,
                     const char *reason,
                     JsonArray  *output)
{
  JsonObject *event = new_event ("response.done");
  JsonObject *response = json_object_new ();
  JsonObject *usage = json_object_new ();

  json_object_set_string_member (response, "id", conn->response_id);
  json_object_set_string_member (response, "object", "realtime.response");
  json_object_set_string_member (response, "status", status);
  if (reason != NULL)
    {
      JsonObject *details = json_object_new ();

      json_object_set_string_member (details, "type", status);
      json_object_set_string_member (details, "reason", reason);
      json_object_set_object_member (response, "status_details", details);
    }
  else
    json_object_set_null_member (response, "status_details");
  json_object_set_array_member (response, "output", output != NULL ? json_array_ref (output)
                                                                   : json_array_new ());
  json_object_set_int_member (usage, "total_tokens", 100);
  json_object_set_object_member (response, "usage", usage);
  json_object_set_object_member (event, "response", response);
  queue_event (conn, event);
  g_clear_pointer (&conn->response_id, g_free);
}

static void
start_response (FakeConn *conn)
{
  g_autoptr(JsonArray) output = json_array_new ();
  JsonObject *turn = NULL, *event, *response;
  JsonArray *entries = NULL;
  gboolean hold = FALSE;

  conn->response_id = g_strdup_printf ("resp_%u_%u", conn->id, ++conn->serial);
  if (conn->fake->turns != NULL && conn->turn < json_array_get_length (conn->fake->turns))
    turn = json_array_get_object_element (conn->fake->turns, conn->turn++);
  if (turn != NULL)
    {
      entries = galley_json_get_array (turn, "response");
      galley_json_get_bool (turn, "hold", &hold);
    }

  event = new_event ("response.created");
  response = json_object_new ();
  json_object_set_string_member (response, "id", conn->response_id);
  json_object_set_string_member (response, "status", "in_progress");
  json_object_set_object_member (event, "response", response);
  queue_event (conn, event);

  if (entries == NULL)
    queue_say (conn, NULL, output);
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (json_object_has_member (entry, "call"))
        queue_call (conn, entry, output);
      else
        queue_say (conn, entry, output);
    }

  if (hold)
    {
      g_queue_push_tail (&conn->out, g_strdup (HOLD_MARK));
      return;   /* ended by a cancel or a barge-in */
    }
  queue_response_done (conn, "completed", NULL, output);
  event = new_event ("rate_limits.updated");
  {
    JsonArray *limits = json_array_new ();

    json_array_add_object_element (limits,
      galley_json_parse_object ("{\"name\":\"tokens\",\"limit\":40000,\"remaining\":39000,"
                                "\"reset_seconds\":1.5}", -1, NULL));
    json_object_set_array_member (event, "rate_limits", limits);
  }
  queue_event (conn, event);
}

static void
drop_queue (FakeConn *conn)
{
  g_queue_clear_full (&conn->out, g_free);
  g_clear_handle_id (&conn->tick_id, g_source_remove);
  conn->held = FALSE;
}

static void
finish_cancelled (FakeConn   *conn,
                  const char *reason)
{
  JsonObject *event;

  if (conn->audio_item != NULL)
    {
      event = new_event ("response.output_audio.done");
      json_object_set_string_member (event, "item_id", conn->audio_item);
      queue_event (conn, event);
    }
  queue_response_done (conn, "cancelled", reason, NULL);
}

/* The active response ends now: what was queued is dropped. */
static void
cancel_response (FakeConn   *conn,
                 const char *reason)
{
  drop_queue (conn);
  finish_cancelled (conn, reason);
}

static void
user_turn (FakeConn *conn)
{
  g_autofree char *item_id = g_strdup_printf ("item_u%u_%u", conn->id, ++conn->serial);
  JsonObject *turn = NULL, *event, *item;
  const char *transcript = NULL;

  if (conn->fake->turns != NULL && conn->turn < json_array_get_length (conn->fake->turns))
    turn = json_array_get_object_element (conn->fake->turns, conn->turn);
  if (turn != NULL)
    galley_json_get_string (turn, "transcript", &transcript);

  g_hash_table_add (conn->items, g_strdup (item_id));
  event = new_event ("input_audio_buffer.committed");
  json_object_set_string_member (event, "item_id", item_id);
  queue_event (conn, event);
  item = json_object_new ();
  json_object_set_string_member (item, "id", item_id);
  json_object_set_string_member (item, "type", "message");
  json_object_set_string_member (item, "role", "user");
  event = new_event ("conversation.item.added");
  json_object_set_object_member (event, "item", item);
  queue_event (conn, event);
  if (transcript != NULL)
    {
      event = new_event ("conversation.item.input_audio_transcription.delta");
      json_object_set_string_member (event, "item_id", item_id);
      json_object_set_string_member (event, "delta", transcript);
      queue_event (conn, event);
      event = new_event ("conversation.item.input_audio_transcription.completed");
      json_object_set_string_member (event, "item_id", item_id);
      json_object_set_string_member (event, "transcript", transcript);
      queue_event (conn, event);
    }
}

/* ------------------------------------------------------------------ client events */

static void
truncate_item (FakeConn   *conn,
               JsonObject *event,
               const char *event_id)
{
  const char *item_id = NULL;
  gint64 end_ms = 0, *sent;
  JsonObject *reply;

  galley_json_get_string (event, "item_id", &item_id);
  galley_json_get_int (event, "audio_end_ms", &end_ms);
  if (item_id == NULL || !g_hash_table_contains (conn->items, item_id))
    {
      queue_error (conn, "invalid_request_error", "item_truncate_invalid_item_id",
                   "Item not found", "item_id", event_id);
      return;
    }
  sent = g_hash_table_lookup (conn->fake->audio_ms, item_id);
  if (sent == NULL)
    {
      queue_error (conn, "invalid_request_error", "unsupported_content_type",
                   "Only model output audio messages can be truncated", NULL, event_id);
      return;
    }
  if (end_ms > *sent)
    {
      g_autofree char *message =
        g_strdup_printf ("Audio content of %" G_GINT64_FORMAT "ms is already shorter than %"
                         G_GINT64_FORMAT "ms", *sent, end_ms);

      queue_error (conn, "invalid_request_error", NULL, message, NULL, event_id);
      return;
    }
  reply = new_event ("conversation.item.truncated");
  json_object_set_string_member (reply, "item_id", item_id);
  json_object_set_int_member (reply, "audio_end_ms", end_ms);
  queue_event (conn, reply);
}

static void
item_create (FakeConn   *conn,
             JsonObject *event,
             const char *event_id)
{
  JsonObject *item = galley_json_get_object (event, "item");
  const char *type = NULL, *call_id = NULL;
  g_autofree char *item_id = g_strdup_printf ("item_c%u_%u", conn->id, ++conn->serial);
  JsonObject *reply;

  if (item == NULL || !galley_json_get_string (item, "type", &type))
    {
      queue_error (conn, "invalid_request_error", "invalid_value", "Invalid item", "item",
                   event_id);
      return;
    }
  if (strcmp (type, "function_call_output") == 0)
    {
      if (!galley_json_get_string (item, "call_id", &call_id) ||
          !g_hash_table_remove (conn->pending_calls, call_id))
        {
          queue_error (conn, "invalid_request_error", "invalid_value",
                       "No function call with this call_id", "item.call_id", event_id);
          return;
        }
    }
  g_hash_table_add (conn->items, g_strdup (item_id));
  reply = new_event ("conversation.item.added");
  json_object_set_object_member (reply, "item", json_object_ref (item));
  queue_event (conn, reply);
  reply = new_event ("conversation.item.done");
  json_object_set_object_member (reply, "item", json_object_ref (item));
  queue_event (conn, reply);
}

static void
client_event (FakeConn   *conn,
              const char *type,
              JsonObject *event)
{
  const char *event_id = NULL;
  const char *audio = NULL;

  galley_json_get_string (event, "event_id", &event_id);
  g_free (conn->last_client_event_id);
  conn->last_client_event_id = g_strdup (event_id);

  if (conn->expired)
    {
      queue_error (conn, "server_error", "server_error", "The session has ended.", NULL,
                   event_id);
      return;
    }

  if (strcmp (type, "session.update") == 0)
    session_update (conn, event, event_id);
  else if (strcmp (type, "input_audio_buffer.append") == 0)
    {
      if (galley_json_get_string (event, "audio", &audio))
        conn->buffer_bytes += (gint64) strlen (audio) / 4 * 3;
    }
  else if (strcmp (type, "input_audio_buffer.commit") == 0)
    {
      if (conn->buffer_bytes < 4800)
        {
          queue_error (conn, "invalid_request_error", "input_audio_buffer_commit_empty",
                       "Error committing input audio buffer: buffer too small. Expected at "
                       "least 100ms of audio.", NULL, event_id);
          return;
        }
      conn->buffer_bytes = 0;
      user_turn (conn);
    }
  else if (strcmp (type, "input_audio_buffer.clear") == 0)
    {
      conn->buffer_bytes = 0;
      queue_event (conn, new_event ("input_audio_buffer.cleared"));
    }
  else if (strcmp (type, "response.create") == 0)
    {
      if (conn->response_id != NULL)
        {
          g_autofree char *message =
            g_strdup_printf ("Conversation already has an active response in progress: %s. "
                             "Wait until the response is finished before creating a new one.",
                             conn->response_id);

          queue_error (conn, "invalid_request_error", "conversation_already_has_active_response",
                       message, NULL, event_id);
          return;
        }
      start_response (conn);
    }
  else if (strcmp (type, "response.cancel") == 0)
    {
      if (conn->response_id == NULL)
        queue_error (conn, "invalid_request_error", "response_cancel_not_active",
                     "Cancellation failed: no active response found", NULL, event_id);
      else
        cancel_response (conn, "client_cancelled");
    }
  else if (strcmp (type, "conversation.item.create") == 0)
    item_create (conn, event, event_id);
  else if (strcmp (type, "conversation.item.truncate") == 0)
    truncate_item (conn, event, event_id);
  else if (strcmp (type, "conversation.item.delete") == 0)
    {
      const char *item_id = NULL;

      galley_json_get_string (event, "item_id", &item_id);
      if (item_id == NULL || !g_hash_table_remove (conn->items, item_id))
        queue_error (conn, "invalid_request_error", "item_delete_invalid_item_id",
                     "Item not found", "item_id", event_id);
      else
        {
          JsonObject *reply = new_event ("conversation.item.deleted");

          json_object_set_string_member (reply, "item_id", item_id);
          queue_event (conn, reply);
        }
    }
  else
    {
      g_autofree char *message = g_strdup_printf ("Invalid value: '%s'.", type);

      queue_error (conn, "invalid_request_error", "invalid_event", message, "type", event_id);
    }
}

static void
message_cb (SoupWebsocketConnection *ws,
            SoupWebsocketDataType    data_type,
            GBytes                  *message,
            gpointer                 user_data)
{
  FakeConn *conn = user_data;
  g_autoptr(JsonObject) event = NULL;
  const char *type = NULL;
  gsize size;
  const char *data = g_bytes_get_data (message, &size);

  event = galley_json_parse_object (data, (gssize) size, NULL);
  if (event == NULL || !galley_json_get_string (event, "type", &type))
    {
      log_frame (conn->fake, conn->id, TRUE, "(malformed)", NULL, 0);
      queue_error (conn, "invalid_request_error", "invalid_event",
                   "The event is not a JSON object with a type.", NULL, NULL);
      return;
    }

  if (strcmp (type, "input_audio_buffer.append") == 0)
    {
      const char *audio = NULL;
      gsize bytes = 0;

      if (galley_json_get_string (event, "audio", &audio))
        bytes = strlen (audio) / 4 * 3 - (g_str_has_suffix (audio, "==") ? 2 :
                                          g_str_has_suffix (audio, "=") ? 1 : 0);
      json_object_remove_member (event, "audio");
      log_frame (conn->fake, conn->id, TRUE, type, event, bytes);
      conn->buffer_bytes += bytes;
      return;
    }

  log_frame (conn->fake, conn->id, TRUE, type, event, 0);
  if (!conn->silent)
    client_event (conn, type, event);
}

/* ------------------------------------------------------------------ connections */

static void
conn_free (FakeConn *conn)
{
  g_clear_handle_id (&conn->tick_id, g_source_remove);
  g_clear_handle_id (&conn->expire_id, g_source_remove);
  g_clear_handle_id (&conn->delay_id, g_source_remove);
  g_clear_signal_handler (&conn->message_id, conn->ws);
  g_clear_signal_handler (&conn->closed_id, conn->ws);
  g_clear_object (&conn->ws);
  g_queue_clear_full (&conn->out, g_free);
  g_clear_pointer (&conn->config, json_object_unref);
  g_clear_pointer (&conn->pending_calls, g_hash_table_unref);
  g_clear_pointer (&conn->items, g_hash_table_unref);
  g_free (conn->response_id);
  g_free (conn->audio_item);
  g_free (conn->last_client_event_id);
  g_free (conn);
}

static gboolean
release_cb (gpointer user_data)
{
  GalleyFakeRealtime *fake = user_data;

  fake->release_id = 0;
  g_ptr_array_set_size (fake->dead, 0);

  return G_SOURCE_REMOVE;
}

static void
retire (FakeConn *conn)
{
  GalleyFakeRealtime *fake = conn->fake;

  g_clear_handle_id (&conn->tick_id, g_source_remove);
  g_clear_handle_id (&conn->expire_id, g_source_remove);
  g_clear_handle_id (&conn->delay_id, g_source_remove);
  g_clear_signal_handler (&conn->message_id, conn->ws);
  g_clear_signal_handler (&conn->closed_id, conn->ws);
  g_ptr_array_remove (fake->conns, conn);   /* no free func: moved to dead */
  g_ptr_array_add (fake->dead, conn);
  if (fake->release_id == 0)
    fake->release_id = galley_idle_add_named ("galley-fake-realtime-release", release_cb, fake,
                                              NULL);
}

static void
closed_cb (SoupWebsocketConnection *ws,
           gpointer                 user_data)
{
  retire (user_data);
}

static gboolean
expire_cb (gpointer user_data)
{
  FakeConn *conn = user_data;
  g_autofree char *message = NULL;

  conn->expire_id = 0;
  message = g_strdup_printf ("Your session hit the maximum duration of %u minutes.",
                             conn->fake->max_duration_ms / 60000);
  queue_error (conn, "invalid_request_error", "session_expired", message, NULL, NULL);
  conn->expired = TRUE;

  return G_SOURCE_REMOVE;
}

static void
abort_conn (FakeConn *conn)
{
  GIOStream *stream = soup_websocket_connection_get_io_stream (conn->ws);

  if (G_IS_SOCKET_CONNECTION (stream))
    {
      GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));
      struct linger lg = { 1, 0 };

      if (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &lg, sizeof lg) != 0)
        g_debug ("SO_LINGER failed: %s", g_strerror (errno));
    }
  g_io_stream_close (stream, NULL, NULL);   /* errors do not matter: the socket is gone */
}

static void
ws_cb (SoupServer              *server,
       SoupServerMessage       *msg,
       const char              *path,
       SoupWebsocketConnection *ws,
       gpointer                 user_data)
{
  GalleyFakeRealtime *fake = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  FakeConn *conn = g_new0 (FakeConn, 1);

  conn->fake = fake;
  conn->id = fake->next_connection;
  conn->ws = g_object_ref (ws);
  conn->pending_calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  conn->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&conn->out);
  conn->config = default_session (conn);
  soup_websocket_connection_set_max_incoming_payload_size (ws, 32 * 1024 * 1024);
  conn->message_id = g_signal_connect (ws, "message", G_CALLBACK (message_cb), conn);
  conn->closed_id = g_signal_connect (ws, "closed", G_CALLBACK (closed_cb), conn);
  g_ptr_array_add (fake->conns, conn);

  if (soup_message_headers_get_one (headers, "OpenAI-Beta") != NULL)
    {
      queue_error (conn, "invalid_request_error", "beta_api_shape_disabled",
                   "The beta interface is no longer available.", NULL, NULL);
      tick_cb (conn);
      soup_websocket_connection_close (ws, 4000, "beta_api_shape_disabled");
      return;
    }

  session_event (conn, "session.created");
  queue_event (conn, galley_json_parse_object ("{\"type\":\"conversation.created\","
                                               "\"conversation\":{\"id\":\"conv_001\","
                                               "\"object\":\"realtime.conversation\"}}", -1,
                                               NULL));
  if (fake->max_duration_ms > 0)
    conn->expire_id = galley_timeout_add_named ("galley-fake-realtime-expire",
                                                fake->max_duration_ms, expire_cb, conn, NULL);
}

/* Before the upgrade: record the handshake, refuse it when told to. */
static void
early_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  GalleyFakeRealtime *fake = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GalleyFakeHandshake *handshake = g_new0 (GalleyFakeHandshake, 1);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");

  handshake->connection = ++fake->next_connection;
  handshake->authorization = g_strdup (authorization);
  handshake->model = g_strdup (query != NULL ? g_hash_table_lookup (query, "model") : NULL);
  handshake->beta_header = soup_message_headers_get_one (headers, "OpenAI-Beta") != NULL;
  handshake->origin_header = soup_message_headers_get_one (headers, "Origin") != NULL;
  handshake->protocols = soup_message_headers_get_one (headers, "Sec-WebSocket-Protocol") != NULL;
  handshake->status = 101;
  g_ptr_array_add (fake->handshakes, handshake);

  if (fake->refuse_count > 0)
    {
      fake->refuse_count--;
      handshake->status = fake->refuse_status;
    }
  else if (authorization == NULL || !g_str_has_prefix (authorization, "Bearer "))
    handshake->status = SOUP_STATUS_UNAUTHORIZED;
  else if (handshake->model == NULL || *handshake->model == '\0')
    handshake->status = SOUP_STATUS_BAD_REQUEST;

  if (handshake->status != 101)
    {
      if (handshake->status == 429)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Retry-After", "1");
      soup_server_message_set_status (msg, handshake->status, NULL);
    }
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  GalleyFakeRealtime *fake = user_data;
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (connection, NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  g_autoptr(GError) error = NULL;

  if (!soup_server_accept_iostream (fake->server, G_IO_STREAM (connection), local, remote,
                                    &error))
    g_debug ("Connection not accepted: %s", error->message);

  return TRUE;
}

/* ------------------------------------------------------------------ public */

GalleyFakeRealtime *
galley_fake_realtime_new (void)
{
  GalleyFakeRealtime *fake = g_new0 (GalleyFakeRealtime, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  fake->tick_ms = 1;
  fake->conns = g_ptr_array_new ();
  fake->dead = g_ptr_array_new_with_free_func ((GDestroyNotify) conn_free);
  fake->log = g_ptr_array_new_with_free_func (frame_free);
  fake->handshakes = g_ptr_array_new_with_free_func (handshake_free);
  fake->audio_ms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  fake->server = soup_server_new ("server-header", "galley-fake-realtime ", NULL);
  soup_server_add_early_handler (fake->server, "/v1/realtime", early_cb, fake, NULL);
  soup_server_add_websocket_handler (fake->server, "/v1/realtime", NULL, NULL, ws_cb, fake,
                                     NULL);

  fake->listener = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (fake->listener), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &effective,
                                 &error);
  g_assert_no_error (error);
  fake->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  fake->incoming_id = g_signal_connect (fake->listener, "incoming", G_CALLBACK (incoming_cb),
                                        fake);
  g_socket_service_start (fake->listener);

  return fake;
}

void
galley_fake_realtime_free (GalleyFakeRealtime *fake)
{
  if (fake == NULL)
    return;

  g_clear_signal_handler (&fake->incoming_id, fake->listener);
  g_socket_service_stop (fake->listener);
  g_socket_listener_close (G_SOCKET_LISTENER (fake->listener));
  g_clear_object (&fake->listener);

  while (fake->conns->len > 0)
    {
      FakeConn *conn = g_ptr_array_index (fake->conns, 0);
      SoupWebsocketConnection *ws = g_object_ref (conn->ws);

      retire (conn);
      if (soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      g_object_unref (ws);
    }
  g_clear_handle_id (&fake->release_id, g_source_remove);
  g_clear_pointer (&fake->dead, g_ptr_array_unref);
  g_clear_pointer (&fake->conns, g_ptr_array_unref);
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  g_clear_pointer (&fake->turns, json_array_unref);
  g_clear_pointer (&fake->log, g_ptr_array_unref);
  g_clear_pointer (&fake->handshakes, g_ptr_array_unref);
  g_clear_pointer (&fake->audio_ms, g_hash_table_unref);
  g_free (fake);
}

char *
galley_fake_realtime_dup_url (GalleyFakeRealtime *fake)
{
  return g_strdup_printf ("ws://127.0.0.1:%u/v1/realtime", fake->port);
}

gboolean
galley_fake_realtime_set_script (GalleyFakeRealtime *fake,
                                 const char         *json)
{
  g_autoptr(JsonObject) script = galley_json_parse_object (json, -1, NULL);
  JsonArray *turns;

  if (script == NULL || (turns = galley_json_get_array (script, "turns")) == NULL)
    return FALSE;

  g_clear_pointer (&fake->turns, json_array_unref);
  fake->turns = json_array_ref (turns);
  for (guint i = 0; i < fake->conns->len; i++)
    ((FakeConn *) g_ptr_array_index (fake->conns, i))->turn = 0;

  return TRUE;
}

static gboolean
delay_done_cb (gpointer user_data)
{
  FakeConn *conn = user_data;

  conn->delay_id = 0;
  arm_tick (conn);

  return G_SOURCE_REMOVE;
}

static void
inject_one (FakeConn   *conn,
            JsonObject *fault,
            const char *kind)
{
  if (strcmp (kind, "abort") == 0)
    abort_conn (conn);
  else if (strcmp (kind, "close") == 0)
    {
      gint64 code = SOUP_WEBSOCKET_CLOSE_SERVER_ERROR;
      const char *reason = NULL;

      galley_json_get_int (fault, "code", &code);
      galley_json_get_string (fault, "reason", &reason);
      soup_websocket_connection_close (conn->ws, (gushort) code, reason);
    }
  else if (strcmp (kind, "malformed") == 0)
    {
      const char *what = "truncated";
      static const struct { const char *kind; const char *text; } texts[] = {
        { "truncated", "{\"type\":\"response.output_audio.delta\",\"delta\":\"AAAA" },
        { "not_json", "this is not json" },
        { "not_object", "[1,2,3]" },
        { "no_type", "{\"event_id\":\"event_x\"}" },
        { "wrong_types", "{\"type\":42,\"session\":\"nope\"}" },
      };

      galley_json_get_string (fault, "kind", &what);
      for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        if (strcmp (texts[i].kind, what) == 0)
          send_now (conn, texts[i].text);
    }
  else if (strcmp (kind, "unknown") == 0)
    queue_event (conn, galley_json_parse_object ("{\"type\":\"future.event.kind\","
                                                 "\"obfuscation\":\"abcd\",\"extra\":{}}", -1,
                                                 NULL));
  else if (strcmp (kind, "oversized") == 0)
    {
      gint64 bytes = 200 * 1024;
      g_autoptr(GString) text = g_string_new ("{\"type\":\"conversation.item.retrieved\","
                                              "\"padding\":\"");

      galley_json_get_int (fault, "bytes", &bytes);
      while ((gint64) text->len < bytes - 2)
        g_string_append_c (text, 'x');
      g_string_append (text, "\"}");
      send_now (conn, text->str);
    }
  else if (strcmp (kind, "error") == 0)
    {
      const char *code = "server_error", *message = "The server had an error.";

      galley_json_get_string (fault, "code", &code);
      galley_json_get_string (fault, "message", &message);
      queue_error (conn, "invalid_request_error", code, message, NULL,
                   conn->last_client_event_id);
    }
  else if (strcmp (kind, "expire") == 0)
    {
      g_clear_handle_id (&conn->expire_id, g_source_remove);
      expire_cb (conn);
    }
  else if (strcmp (kind, "speech_started") == 0)
    {
      JsonObject *event = new_event ("input_audio_buffer.speech_started");
      gboolean interrupt = conn->response_id != NULL && vad_on (conn);

      /* the client sees speech_started first, then the cancelled response */
      if (interrupt)
        drop_queue (conn);
      json_object_set_int_member (event, "audio_start_ms", 1200);
      json_object_set_string_member (event, "item_id", "item_u_vad");
      queue_event (conn, event);
      if (interrupt)
        finish_cancelled (conn, "turn_detected");
    }
  else if (strcmp (kind, "vad_turn") == 0)
    {
      queue_event (conn, new_event ("input_audio_buffer.speech_started"));
      queue_event (conn, new_event ("input_audio_buffer.speech_stopped"));
      user_turn (conn);
      if (conn->response_id == NULL)
        start_response (conn);
    }
  else if (strcmp (kind, "silent") == 0)
    {
      /* libsoup still answers pings: a truly silent peer is what the client's own
       * liveness watchdog exists for (§1.5) */
      conn->silent = TRUE;
      g_clear_handle_id (&conn->tick_id, g_source_remove);
    }
  else if (strcmp (kind, "delay_events") == 0)
    {
      gint64 ms = 1000;

      galley_json_get_int (fault, "ms", &ms);
      g_clear_handle_id (&conn->tick_id, g_source_remove);
      g_clear_handle_id (&conn->delay_id, g_source_remove);
      conn->delay_id = galley_timeout_add_named ("galley-fake-realtime-delay", (guint) ms,
                                                 delay_done_cb, conn, NULL);
    }
  else
    g_warning ("Unknown fault %s", kind);
}

gboolean
galley_fake_realtime_inject (GalleyFakeRealtime *fake,
                             const char         *json)
{
  g_autoptr(JsonObject) fault = galley_json_parse_object (json, -1, NULL);
  g_autoptr(GPtrArray) conns = NULL;
  const char *kind = NULL;

  if (fault == NULL || !galley_json_get_string (fault, "fault", &kind))
    return FALSE;

  conns = g_ptr_array_copy (fake->conns, NULL, NULL);
  for (guint i = 0; i < conns->len; i++)
    inject_one (g_ptr_array_index (conns, i), fault, kind);

  return conns->len > 0;
}

void
galley_fake_realtime_refuse_handshakes (GalleyFakeRealtime *fake,
                                        guint               status,
                                        guint               count)
{
  fake->refuse_status = status;
  fake->refuse_count = count;
}

void
galley_fake_realtime_set_max_duration_ms (GalleyFakeRealtime *fake,
                                          guint               ms)
{
  fake->max_duration_ms = ms;
}

void
galley_fake_realtime_set_tick_ms (GalleyFakeRealtime *fake,
                                  guint               ms)
{
  fake->tick_ms = MAX (ms, 1);
}

GPtrArray *
galley_fake_realtime_get_log (GalleyFakeRealtime *fake)
{
  return fake->log;
}

GPtrArray *
galley_fake_realtime_get_handshakes (GalleyFakeRealtime *fake)
{
  return fake->handshakes;
}

void
galley_fake_realtime_clear_log (GalleyFakeRealtime *fake)
{
  g_ptr_array_set_size (fake->log, 0);
  g_ptr_array_set_size (fake->handshakes, 0);
}

guint
galley_fake_realtime_count (GalleyFakeRealtime *fake,
                            gboolean            from_client,
                            const char         *type)
{
  guint n = 0;

  for (guint i = 0; i < fake->log->len; i++)
    {
      GalleyFakeFrame *frame = g_ptr_array_index (fake->log, i);

      if (frame->from_client == from_client && g_strcmp0 (frame->type, type) == 0)
        n++;
    }

  return n;
}

JsonObject *
galley_fake_realtime_find (GalleyFakeRealtime *fake,
                           gboolean            from_client,
                           const char         *type,
                           guint               nth)
{
  for (guint i = 0; i < fake->log->len; i++)
    {
      GalleyFakeFrame *frame = g_ptr_array_index (fake->log, i);

      if (frame->from_client == from_client && g_strcmp0 (frame->type, type) == 0 &&
          nth-- == 0)
        return frame->event;
    }

  return NULL;
}

guint
galley_fake_realtime_get_n_open (GalleyFakeRealtime *fake)
{
  return fake->conns->len;
}

gint64
galley_fake_realtime_audio_ms (GalleyFakeRealtime *fake,
                               const char         *item_id)
{
  gint64 *ms = g_hash_table_lookup (fake->audio_ms, item_id);

  return ms != NULL ? *ms : -1;
}
