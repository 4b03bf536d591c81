/* galley-voice-panel-talk.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the cashier works GalleyVoicePanel's microphone: the talk button (held with a pointer
 * or finger, toggled by a click in hands-free mode or by Space/Enter with the focus on it)
 * and the counter's talk key (galley_voice_panel_talk_key(), F2 anywhere in the Counter).
 */
#define G_LOG_DOMAIN "galley-voice-panel"

#include "voice/galley-voice-panel-private.h"

/* ------------------------------------------------------------------ talk button */

/* A press with the pointer or a finger talks while held; Space or Enter toggles. */
static void
talk_pressed_cb (GtkGestureClick  *gesture,
                 int               n_press,
                 double            x,
                 double            y,
                 GalleyVoicePanel *self)
{
  if (self->hands_free)
    return;   /* a click toggles ("clicked") */
  self->pointer_talk = TRUE;
  galley_voice_panel_start_talking (self);
}

static void
talk_released_cb (GtkGestureClick  *gesture,
                  int               n_press,
                  double            x,
                  double            y,
                  GalleyVoicePanel *self)
{
  if (self->pointer_talk)
    galley_voice_panel_stop_talking (self);
  self->pointer_talk = FALSE;
}

static void
talk_cancel_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                GalleyVoicePanel *self)
{
  /* the finger slid off: what was said is still sent */
  talk_released_cb (GTK_GESTURE_CLICK (gesture), 1, 0, 0, self);
}

static void
talk_clicked_cb (GalleyVoicePanel *self)
{
  /* "clicked" follows a pointer release too; that press was handled by the gesture */
  if (g_get_monotonic_time () - self->pointer_end_us < 500 * 1000)
    return;

  galley_voice_panel_toggle_talking (self);
}

static void
talk_end_cb (GtkGesture       *gesture,
             GdkEventSequence *sequence,
             GalleyVoicePanel *self)
{
  if (!self->hands_free)
    self->pointer_end_us = g_get_monotonic_time ();
}

/* The talk button's gesture and click (called from init). */
void
_galley_voice_panel_talk_init (GalleyVoicePanel *self)
{
  GtkGesture *press;

  /* hold to talk: the gesture sees the press before the button does */
  press = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (press), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (press), GTK_PHASE_CAPTURE);
  g_signal_connect (press, "pressed", G_CALLBACK (talk_pressed_cb), self);
  g_signal_connect (press, "released", G_CALLBACK (talk_released_cb), self);
  g_signal_connect (press, "cancel", G_CALLBACK (talk_cancel_cb), self);
  g_signal_connect (press, "end", G_CALLBACK (talk_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->talk_button), GTK_EVENT_CONTROLLER (press));
  g_signal_connect_swapped (self->talk_button, "clicked", G_CALLBACK (talk_clicked_cb), self);
}

/**
 * galley_voice_panel_toggle_talking:
 *
 * A click, Space or the counter's talk key: the microphone opens, or closes and what was
 * said is sent (push-to-talk) or the last sentence is finished (hands-free).
 */
void
galley_voice_panel_toggle_talking (GalleyVoicePanel *self)
{
  g_return_if_fail (GALLEY_IS_VOICE_PANEL (self));

  if (self->talking)
    galley_voice_panel_stop_talking (self);
  else
    galley_voice_panel_start_talking (self);
}

/**
 * galley_voice_panel_talk_key:
 * @pressed: %TRUE for the key's press (repeats are ignored), %FALSE for its release
 *
 * The counter's talk key (F2), wherever the focus is. A tap toggles like the button's Space;
 * held for longer than %GALLEY_VOICE_PANEL_HOLD_MS it talks while held (push-to-talk) and
 * its release sends. Hands-free, a tap opens or closes the microphone and a release does
 * nothing.
 */
void
galley_voice_panel_talk_key (GalleyVoicePanel *self,
                             gboolean          pressed)
{
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (GALLEY_IS_VOICE_PANEL (self));

  if (pressed)
    {
      if (self->key_down)
        return;   /* auto-repeat */
      self->key_down = TRUE;
      self->key_down_us = now;
      self->key_opened = !self->talking;
      galley_voice_panel_toggle_talking (self);
      self->key_opened = self->key_opened && self->talking;
      return;
    }

  if (!self->key_down)
    return;
  self->key_down = FALSE;
  if (self->key_opened && !self->hands_free &&
      now - self->key_down_us >= GALLEY_VOICE_PANEL_HOLD_MS * 1000)
    galley_voice_panel_stop_talking (self);
  self->key_opened = FALSE;
}
