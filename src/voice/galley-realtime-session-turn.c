/* galley-realtime-session-turn.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyRealtimeSession's turn (spec/voice.md §3.3-3.5): the response slot (one active
 * response, creates queued), the function-call round trip against the cart (once per
 * call_id, every call answered, one follow-up create after the response's end), the cart as
 * context, and the order boundary. The audio of a turn is in -audio.c.
 */
#define G_LOG_DOMAIN "galley-realtime-session"

#include <glib/gi18n.h>
#include <string.h>

#include "cart/galley-cart-tools.h"
#include "util/galley-json.h"
#include "voice/galley-realtime-session-private.h"

/* ------------------------------------------------------------------ turn state */

void
_galley_realtime_session_send_simple (GalleyRealtimeSession *self,
                                      const char            *type)
{
  g_autoptr(JsonObject) event = json_object_new ();
  g_autofree char *event_id = NULL;

  json_object_set_string_member (event, "type", type);
  event_id = _galley_realtime_session_send_event (self, event);
}

void
_galley_realtime_session_emit_audio_stop (GalleyRealtimeSession *self)
{
  g_signal_emit (self, _galley_realtime_session_signals[SIGNAL_AUDIO_STOP], 0);
}

/* Forgets the turn; emits nothing (dispose runs it too). */
void
_galley_realtime_session_reset_turn (GalleyRealtimeSession *self)
{
  self->slot = SLOT_FREE;
  self->slot_pending = FALSE;
  self->create_retried = FALSE;
  g_clear_pointer (&self->create_event_id, g_free);
  g_clear_pointer (&self->response_id, g_free);
  if (self->calls != NULL)
    g_hash_table_remove_all (self->calls);
  g_queue_clear (&self->handled_order);
  if (self->handled_calls != NULL)
    g_hash_table_remove_all (self->handled_calls);
  self->response_calls = 0;
  self->response_outputs = 0;
  if (self->audio_items != NULL)
    g_ptr_array_set_size (self->audio_items, 0);
  self->chunk_fill = 0;
  self->bytes_since_commit = 0;
}

gboolean
_galley_realtime_session_mid_turn (GalleyRealtimeSession *self)
{
  return self->slot != SLOT_FREE || self->talking || self->state == GALLEY_REALTIME_LISTENING ||
         g_hash_table_size (self->calls) > 0;
}

/* A socket lost or a session expired inside a turn: playback stops, the cashier repeats. */
void
_galley_realtime_session_end_turn_lost (GalleyRealtimeSession *self)
{
  g_message ("Turn lost with the link: playback stopped, partial calls dropped");
  _galley_realtime_session_emit_audio_stop (self);
  _galley_realtime_session_reset_turn (self);
  _galley_realtime_session_problem (self, _("Voice restarted. Please say it again."));
}

/* ------------------------------------------------------------------ response slot */

/* §3.5: the one place that sends response.create. */
void
_galley_realtime_session_request_create (GalleyRealtimeSession *self)
{
  g_autoptr(JsonObject) event = NULL;

  if (self->slot != SLOT_FREE)
    {
      g_debug ("response.create queued (slot %s)", self->slot == SLOT_ACTIVE ? "active"
                                                                              : "requested");
      self->slot_pending = TRUE;
      return;
    }

  event = json_object_new ();
  json_object_set_string_member (event, "type", "response.create");
  g_free (self->create_event_id);
  self->create_event_id = _galley_realtime_session_send_event (self, event);
  if (self->create_event_id != NULL)
    self->slot = SLOT_REQUESTED;
}

void
_galley_realtime_session_response_done (GalleyRealtimeSession *self,
                                        JsonObject            *response)
{
  const char *status = NULL;
  gboolean follow_up;

  if (response != NULL)
    galley_json_get_string (response, "status", &status);
  g_debug ("response.done: %s, %u call(s), %u answered", status != NULL ? status : "?",
           self->response_calls, self->response_outputs);

  if (g_strcmp0 (status, "failed") == 0)
    {
      JsonObject *details = galley_json_get_object (response, "status_details");
      JsonObject *error = details != NULL ? galley_json_get_object (details, "error") : NULL;
      const char *code = NULL, *message = NULL;
      g_autofree char *safe = NULL;

      if (error != NULL)
        {
          galley_json_get_string (error, "code", &code);
          galley_json_get_string (error, "message", &message);
        }
      safe = _galley_realtime_redact (message);
      g_warning ("Realtime response failed: %s: %s", code != NULL ? code : "?", safe);
      _galley_realtime_session_problem (self, _("Voice could not answer. Please say it again."));
    }

  /* §3.4 step 4: every call of this response has its output: one follow-up create */
  follow_up = self->response_calls > 0 && self->response_outputs >= self->response_calls &&
              g_strcmp0 (status, "cancelled") != 0;
  /* calls that never completed (cancelled response) are dropped with their partial text */
  g_hash_table_remove_all (self->calls);
  self->response_calls = 0;
  self->response_outputs = 0;

  self->slot = SLOT_FREE;
  g_clear_pointer (&self->response_id, g_free);
  g_clear_pointer (&self->create_event_id, g_free);

  if (follow_up || self->slot_pending)
    {
      self->slot_pending = FALSE;
      _galley_realtime_session_request_create (self);
      return;
    }

  if (self->state == GALLEY_REALTIME_RESPONDING)
    _galley_realtime_session_set_state (self, GALLEY_REALTIME_READY);
  _galley_realtime_session_rotate_if_due (self);
}

/* ------------------------------------------------------------------ function calls */

static GalleyMenuMatcher *
matcher_for_cart (GalleyRealtimeSession *self)
{
  GalleyMenu *menu = galley_cart_get_menu (self->cart);

  if (self->matcher != NULL && galley_menu_matcher_get_menu (self->matcher) != menu)
    g_clear_object (&self->matcher);
  if (self->matcher == NULL && menu != NULL)
    self->matcher = galley_menu_matcher_new (menu);

  return self->matcher;
}

static void
remember_handled (GalleyRealtimeSession *self,
                  const char            *call_id)
{
  char *id = g_strdup (call_id);

  g_hash_table_add (self->handled_calls, id);
  g_queue_push_tail (&self->handled_order, id);
  while (self->handled_order.length > MAX_HANDLED_CALLS)
    g_hash_table_remove (self->handled_calls, g_queue_pop_head (&self->handled_order));
}

static void
maybe_request_review (GalleyRealtimeSession *self,
                      const char            *arguments)
{
  g_autoptr(JsonObject) args = galley_json_parse_object (arguments, -1, NULL);
  const char *action = NULL;

  /* unreadable arguments: the tool answered bad_arguments, nothing to show */
  if (args == NULL || !galley_json_get_string (args, "action", &action))
    return;
  if (strcmp (action, "review") != 0 && strcmp (action, "checkout") != 0 &&
      strcmp (action, "cancel") != 0)
    return;

  /* never a submit: the counter shows the review and the cashier decides */
  g_signal_emit (self, _galley_realtime_session_signals[SIGNAL_REVIEW_REQUESTED], 0, action);
}

/**
 * _galley_realtime_session_run_call:
 *
 * Runs a tool once per call_id (§3.4, §6 #15) and answers it, whatever happened (§6 #16).
 */
void
_galley_realtime_session_run_call (GalleyRealtimeSession *self,
                                   const char            *call_id,
                                   const char            *name,
                                   const char            *arguments)
{
  g_autoptr(JsonObject) event = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *output = NULL;
  JsonObject *item;
  GalleyMenuMatcher *matcher;

  if (g_hash_table_contains (self->handled_calls, call_id))
    {
      g_debug ("Call %s already handled", call_id);
      return;
    }
  remember_handled (self, call_id);
  if (!g_hash_table_contains (self->calls, call_id))
    self->response_calls++;   /* a call whose output_item.added was not seen */
  g_hash_table_remove (self->calls, call_id);

  matcher = self->cart != NULL ? matcher_for_cart (self) : NULL;
  if (self->cart == NULL || matcher == NULL)
    output = g_strdup ("{\"ok\":false,\"error\":\"no_order\","
                       "\"detail\":\"no order is open on this terminal\"}");
  else
    output = galley_cart_tools_apply_to_string (self->cart, matcher, name, arguments);
  g_debug ("Tool %s (%s) answered", name != NULL ? name : "?", call_id);

  event = json_object_new ();
  item = json_object_new ();
  json_object_set_string_member (event, "type", "conversation.item.create");
  json_object_set_string_member (item, "type", "function_call_output");
  json_object_set_string_member (item, "call_id", call_id);
  json_object_set_string_member (item, "output", output);
  json_object_set_object_member (event, "item", item);
  event_id = _galley_realtime_session_send_event (self, event);
  self->response_outputs++;

  if (g_strcmp0 (name, "confirm_order") == 0 && self->cart != NULL)
    maybe_request_review (self, arguments);
}

/* §3.4: after a reconnect or rotation, before any audio; and at a new order. */
void
_galley_realtime_session_send_cart_context (GalleyRealtimeSession *self,
                                            const char            *preface)
{
  g_autoptr(JsonObject) event = json_object_new ();
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;
  g_autofree char *event_id = NULL;
  JsonObject *item = json_object_new ();
  JsonObject *part = json_object_new ();
  JsonArray *content = json_array_new ();

  summary = self->cart != NULL ? galley_cart_dup_summary (self->cart)
                               : g_strdup ("Current order: none.");
  text = g_strconcat (preface, " The app's order is authoritative. ", summary,
                      " Continue from here; do not add these again.", NULL);

  json_object_set_string_member (part, "type", "input_text");
  json_object_set_string_member (part, "text", text);
  json_array_add_object_element (content, part);
  json_object_set_string_member (item, "type", "message");
  json_object_set_string_member (item, "role", "system");
  json_object_set_array_member (item, "content", content);
  json_object_set_string_member (event, "type", "conversation.item.create");
  json_object_set_object_member (event, "item", item);
  event_id = _galley_realtime_session_send_event (self, event);
  g_debug ("Cart given as context");
}

/* The conversation items of the current order, for the deletes at the next order. */
void
_galley_realtime_session_track_item (GalleyRealtimeSession *self,
                                     const char            *item_id)
{
  for (guint i = 0; i < self->order_items->len; i++)
    if (strcmp (g_ptr_array_index (self->order_items, i), item_id) == 0)
      return;

  if (self->order_items->len >= MAX_ORDER_ITEMS)
    g_ptr_array_remove_index (self->order_items, 0);
  g_ptr_array_add (self->order_items, g_strdup (item_id));
}

/**
 * galley_realtime_session_start_new_order:
 *
 * The order boundary of §1.7: the session stays open (sessions are few: the restaurant
 * server allows 20 per 5 minutes); a reply that still plays is cut; every item of the
 * previous order is deleted from the conversation (errors for items the server already
 * dropped are ignored); then the cart, which the owner has emptied, is given as context.
 */
void
galley_realtime_session_start_new_order (GalleyRealtimeSession *self)
{
  g_autoptr(GPtrArray) items = NULL;

  g_return_if_fail (GALLEY_IS_REALTIME_SESSION (self));

  _galley_realtime_session_barge_in (self, TRUE);
  items = g_steal_pointer (&self->order_items);
  self->order_items = g_ptr_array_new_with_free_func (g_free);

  if (self->conn == NULL || self->state == GALLEY_REALTIME_CONFIGURING)
    return;   /* a new session starts empty anyway */

  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(JsonObject) event = json_object_new ();
      g_autofree char *event_id = NULL;

      json_object_set_string_member (event, "type", "conversation.item.delete");
      json_object_set_string_member (event, "item_id", g_ptr_array_index (items, i));
      event_id = _galley_realtime_session_send_event (self, event);
    }
  g_debug ("New order: %u item(s) deleted from the conversation", items->len);
  _galley_realtime_session_send_cart_context (self, "A new order starts.");
}
