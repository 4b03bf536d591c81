/* test-voice-activity.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyVoiceActivity, the energy detector behind hands-free offline voice: where an
 * utterance starts and ends, with exact sample counts (it has no timers).
 */
#include <math.h>

#include "galley-testutil.h"
#include "voice/galley-voice-activity.h"

#define RATE 16000

typedef struct
{
  guint  started;
  guint  stopped;
  gsize  fed;          /* samples fed so far */
  gsize  started_at;   /* samples fed when the last start was emitted */
  gsize  stopped_at;
  GalleyVoiceActivity *activity;
} Events;

static void
started_cb (GalleyVoiceActivity *activity,
            Events              *e)
{
  e->started++;
  e->started_at = e->fed;
}

static void
stopped_cb (GalleyVoiceActivity *activity,
            Events              *e)
{
  e->stopped++;
  e->stopped_at = e->fed;
}

/* @ms of a tone of @amplitude (0 for silence), fed in pieces of @piece samples. */
static void
feed (Events *e,
      guint   ms,
      double  amplitude,
      gsize   piece)
{
  gsize total = (gsize) ms * RATE / 1000;
  g_autofree gint16 *pcm = g_new (gint16, total);

  for (gsize i = 0; i < total; i++)
    pcm[i] = (gint16) (amplitude * 32767.0 * sin (2.0 * G_PI * 440.0 * (double) i / RATE));

  for (gsize done = 0; done < total;)
    {
      gsize n = MIN (piece, total - done);

      /* the signals fire inside feed(): count what was fed up to the end of this piece */
      e->fed += n;
      galley_voice_activity_feed (e->activity, pcm + done, n);
      done += n;
    }
}

static void
events_init (Events *e)
{
  memset (e, 0, sizeof *e);
  e->activity = galley_voice_activity_new (RATE);
  g_signal_connect (e->activity, "speech-started", G_CALLBACK (started_cb), e);
  g_signal_connect (e->activity, "speech-stopped", G_CALLBACK (stopped_cb), e);
}

/* One sentence with pauses shorter than the hangover: one start after the minimum speech,
 * one stop exactly 700 ms after its last voiced frame. */
static void
test_one_utterance (void)
{
  Events e;

  events_init (&e);
  feed (&e, 500, 0.0, 320);
  g_assert_cmpuint (e.started, ==, 0);
  feed (&e, 400, 0.3, 320);
  feed (&e, 300, 0.0, 320);     /* a pause between words */
  feed (&e, 600, 0.3, 320);
  g_assert_cmpuint (e.started, ==, 1);
  g_assert_cmpuint (e.started_at, ==, (500 + 200) * RATE / 1000);
  g_assert_true (galley_voice_activity_get_speaking (e.activity));
  feed (&e, 680, 0.0, 320);
  g_assert_cmpuint (e.stopped, ==, 0);
  feed (&e, 2000, 0.0, 320);
  g_assert_cmpuint (e.started, ==, 1);
  g_assert_cmpuint (e.stopped, ==, 1);
  g_assert_cmpuint (e.stopped_at, ==, (500 + 400 + 300 + 600 + 700) * RATE / 1000);
  g_assert_cmpuint (galley_voice_activity_get_utterance_ms (e.activity), ==, 400 + 300 + 600);
  g_assert_false (galley_voice_activity_get_speaking (e.activity));
  g_assert_finalize_object (e.activity);
}

/* Clicks and coughs shorter than the minimum never start an utterance; a quiet room never
 * does; two sentences apart by more than the hangover are two. */
static void
test_short_and_quiet (void)
{
  Events e;

  events_init (&e);
  for (guint i = 0; i < 10; i++)
    {
      feed (&e, 120, 0.5, 160);
      feed (&e, 200, 0.0, 160);
    }
  feed (&e, 3000, 0.005, 999);   /* about -46 dBFS: room noise */
  g_assert_cmpuint (e.started, ==, 0);

  feed (&e, 800, 0.3, 77);
  feed (&e, 1000, 0.0, 77);
  feed (&e, 800, 0.3, 1234);
  feed (&e, 1000, 0.0, 1234);
  g_assert_cmpuint (e.started, ==, 2);
  g_assert_cmpuint (e.stopped, ==, 2);
  g_assert_finalize_object (e.activity);
}

/* Any piece size gives the same events; reset ends an utterance without a stop. */
static void
test_pieces_and_reset (void)
{
  static const gsize pieces[] = { 1, 7, 320, 321, 4096 };

  for (guint p = 0; p < G_N_ELEMENTS (pieces); p++)
    {
      Events e;

      events_init (&e);
      feed (&e, 300, 0.0, pieces[p]);
      feed (&e, 500, 0.3, pieces[p]);
      feed (&e, 1000, 0.0, pieces[p]);
      g_assert_cmpuint (e.started, ==, 1);
      g_assert_cmpuint (e.stopped, ==, 1);
      /* at the end of the piece that held the deciding frame's last sample */
      g_assert_cmpuint (e.started_at, >=, 500 * RATE / 1000);
      g_assert_cmpuint (e.started_at, <, 500 * RATE / 1000 + pieces[p]);
      g_assert_cmpuint (e.stopped_at, >=, (300 + 500 + 700) * RATE / 1000);
      g_assert_cmpuint (e.stopped_at, <, (300 + 500 + 700) * RATE / 1000 + pieces[p]);

      feed (&e, 500, 0.3, pieces[p]);
      g_assert_true (galley_voice_activity_get_speaking (e.activity));
      galley_voice_activity_reset (e.activity);
      g_assert_false (galley_voice_activity_get_speaking (e.activity));
      feed (&e, 1000, 0.0, pieces[p]);
      g_assert_cmpuint (e.started, ==, 2);
      g_assert_cmpuint (e.stopped, ==, 1);
      g_assert_finalize_object (e.activity);
    }
}

/* The settings: a shorter hangover and minimum, a higher threshold. */
static void
test_settings (void)
{
  Events e;

  events_init (&e);
  galley_voice_activity_set_min_speech_ms (e.activity, 60);
  galley_voice_activity_set_hangover_ms (e.activity, 300);
  galley_voice_activity_set_threshold (e.activity, 0.1);
  feed (&e, 100, 0.05, 320);     /* under the raised threshold */
  g_assert_cmpuint (e.started, ==, 0);
  feed (&e, 100, 0.3, 320);
  g_assert_cmpuint (e.started, ==, 1);
  g_assert_cmpuint (e.started_at, ==, (100 + 60) * RATE / 1000);
  feed (&e, 400, 0.0, 320);
  g_assert_cmpuint (e.stopped, ==, 1);
  g_assert_cmpuint (e.stopped_at, ==, (100 + 100 + 300) * RATE / 1000);
  g_assert_cmpuint (galley_voice_activity_get_rate (e.activity), ==, RATE);
  g_assert_finalize_object (e.activity);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  galley_test_track_all ();

  g_test_add_func ("/voice/activity/one-utterance", test_one_utterance);
  g_test_add_func ("/voice/activity/short-and-quiet", test_short_and_quiet);
  g_test_add_func ("/voice/activity/pieces-and-reset", test_pieces_and_reset);
  g_test_add_func ("/voice/activity/settings", test_settings);

  return g_test_run ();
}
