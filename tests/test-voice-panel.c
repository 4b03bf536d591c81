/* test-voice-panel.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The counter's voice panel (GalleyVoicePanel) wired end to end: the PipeWire microphone, the
 * Realtime session against the in-process fake Realtime server, the speaker, the local
 * recogniser, and the cart. One binary, two environments (GALLEY_AUDIO_MODE, as
 * tests/test-audio-voice.c):
 *
 *   (unset)     under tests/audio/with-audio.sh: a private PipeWire with the virtual
 *               microphone "ci_mic", fed by playing into "ci_mic_feed". A spoken turn online
 *               puts a line in the cart and the reply is recorded back from the virtual
 *               speaker "ci_speaker"; offline, espeak-ng speech becomes lines to confirm.
 *               Hands-free: the server's VAD (online) or the panel's energy detector
 *               (offline) ends each turn; the mode changes mid-session; the Counter's F2.
 *   no-daemon   no sound service: a press says what is wrong and how to fix it, nothing
 *               crashes, and 200 panels made, pressed and destroyed leave nothing behind.
 */
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "galley-testutil.h"
#include "galley-testutil-gtk.h"
#include "demo/galley-demo-server.h"
#include "galley-fake-realtime.h"
#include "counter/galley-counter-view.h"
#include "util/galley-json.h"
#include "voice/galley-voice-panel.h"
#include "voice/galley-voice-panel-private.h"

#define WAIT_MS 20000

static const char *mode;

typedef struct
{
  char             *dir;
  GSettings        *settings;
  GalleyDemoServer *demo;
  GalleyServices   *services;
  GalleyCart       *cart;
  GtkWidget        *window;
  GalleyVoicePanel *panel;
  GalleyFakeRealtime *fake;
} Fixture;

static gboolean
menu_loaded (gpointer data)
{
  return galley_menu_get_loaded_at (data) != 0;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  f->dir = g_dir_make_tmp ("galley-voice-panel-XXXXXX", &error);
  g_assert_no_error (error);
  f->settings = g_settings_new (BASE_APPLICATION_ID);
  g_settings_set_string (f->settings, "voice-engine", data != NULL ? data : "automatic");

  f->demo = galley_demo_server_new ();
  g_object_set (f->demo, "port", 0, "seed", (gint64) 3, "rate", 0.0, NULL);
  g_assert_true (galley_demo_server_start (f->demo, &error));
  f->services = galley_services_new (f->settings, f->demo, f->dir);
  galley_services_start (f->services);
  g_assert_true (galley_test_spin_until (menu_loaded, galley_services_get_menu (f->services),
                                         WAIT_MS));

  f->fake = galley_fake_realtime_new ();
  url = galley_fake_realtime_dup_url (f->fake);
  f->cart = galley_cart_new (galley_services_get_menu (f->services));

  f->window = gtk_window_new ();
  f->panel = GALLEY_VOICE_PANEL (galley_voice_panel_new (f->services, f->cart));
  galley_voice_panel_set_realtime_url (f->panel, url);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->panel));
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GalleyTestWidgetWatch) watch = galley_test_widget_watch_new (GTK_WIDGET (f->panel));

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_true (galley_test_widget_watch_wait (watch, WAIT_MS));
  galley_test_assert_tracked (GALLEY_TYPE_VOICE_PANEL, 0);
  galley_test_assert_tracked (GALLEY_TYPE_REALTIME_SESSION, 0);
  galley_test_assert_tracked (GALLEY_TYPE_AUDIO_CAPTURE, 0);
  galley_test_assert_tracked (GALLEY_TYPE_AUDIO_PLAYBACK, 0);
  galley_test_assert_tracked (GALLEY_TYPE_OFFLINE_RECOGNISER, 0);
  galley_test_assert_tracked (GALLEY_TYPE_VOICE_ACTIVITY, 0);
  g_assert_finalize_object (f->cart);

  galley_services_shutdown (f->services);
  g_assert_finalize_object (f->services);
  g_assert_finalize_object (f->demo);
  galley_fake_realtime_free (f->fake);
  g_settings_reset (f->settings, "voice-engine");
  g_settings_reset (f->settings, "voice-hands-free");
  g_settings_reset (f->settings, "realtime-url");
  g_assert_finalize_object (f->settings);
  galley_test_drain_main_context ();
  galley_test_assert_no_galley_objects ();
  galley_test_remove_dir (f->dir);
  g_free (f->dir);
}

/* ------------------------------------------------------------------ helpers */

static gboolean
has_problem (gpointer panel)
{
  return galley_voice_panel_get_problem (panel) != NULL;
}

static gboolean
cart_has_lines (gpointer cart)
{
  return g_list_model_get_n_items (G_LIST_MODEL (cart)) > 0;
}

static gboolean
is_talking (gpointer panel)
{
  return galley_voice_panel_get_talking (panel);
}

static void
waited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) data = TRUE;
}

/* Plays @wav into the virtual microphone and waits for it to end. */
static void
speak (const char *wav)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) feed = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "pw-cat",
                                                  "--playback", "--target", "ci_mic_feed",
                                                  wav, NULL);
  gboolean done = FALSE;

  g_assert_no_error (error);
  g_subprocess_wait_async (feed, NULL, waited_cb, &done);
  g_assert_true (galley_test_spin_until (galley_test_is_true, &done, WAIT_MS));
  g_assert_true (g_subprocess_get_if_exited (feed));
  g_assert_cmpint (g_subprocess_get_exit_status (feed), ==, 0);
}

static char *
espeak_wav (Fixture    *f,
            const char *words)
{
  g_autofree char *wav = g_build_filename (f->dir, "speech.wav", NULL);
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = { "espeak-ng", "-s", "150", "-w", wav, words, NULL };

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH |
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, &error) || status != 0)
    return NULL;

  return g_steal_pointer (&wav);
}


/* ------------------------------------------------------------------ the virtual speaker */

typedef struct
{
  GSubprocess *proc;
  char        *path;
} Recorder;

static gboolean
recorder_linked (gpointer data)
{
  const char *argv[] = { "pw-link", "-l", NULL };
  g_autofree char *out = galley_test_spawn_output (argv, 10000);

  return out != NULL && (g_str_has_prefix (out, "pw-record:") ||
                         strstr (out, "\npw-record:") != NULL);
}

/* pw-record on ci_speaker's monitor, at 48 kHz mono. */
static Recorder *
recorder_start (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  Recorder *r = g_new0 (Recorder, 1);

  g_assert_true (galley_test_wait_pw_nodes ("pw-record", 0, WAIT_MS));
  r->path = g_build_filename (f->dir, "speaker.wav", NULL);
  r->proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              "pw-record", "-P", "{ stream.capture.sink = true }",
                              "--target", "ci_speaker", "--rate", "48000", "--channels", "1",
                              "--format", "s16", r->path, NULL);
  g_assert_no_error (error);
  g_assert_true (galley_test_spin_until (recorder_linked, NULL, WAIT_MS));

  return r;
}

/* Stops the recorder; the samples of its WAV file's data chunk. */
static gint16 *
recorder_stop (Recorder *r,
               gsize    *n_samples)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gboolean done = FALSE;
  gsize len = 0, pos = 12;
  gint16 *samples = NULL;

  g_subprocess_send_signal (r->proc, SIGINT);
  g_subprocess_wait_async (r->proc, NULL, waited_cb, &done);
  g_assert_true (galley_test_spin_until (galley_test_is_true, &done, WAIT_MS));
  g_assert_true (g_file_get_contents (r->path, &data, &len, &error));
  g_assert_no_error (error);
  g_assert_true (len >= 12 && memcmp (data, "RIFF", 4) == 0);

  while (samples == NULL && pos + 8 <= len)
    {
      const guint8 *h = (const guint8 *) data + pos;
      guint32 size = h[4] | h[5] << 8 | h[6] << 16 | (guint32) h[7] << 24;

      if (memcmp (h, "data", 4) == 0)
        {
          gsize avail = len - pos - 8;
          gsize n = (size == 0 || size > avail) ? avail : size;

          samples = g_new (gint16, n / 2 + 1);
          memcpy (samples, h + 8, n / 2 * 2);
          *n_samples = n / 2;
        }
      pos += 8 + size + (size & 1);
    }
  g_assert_nonnull (samples);

  g_unlink (r->path);
  g_object_unref (r->proc);
  g_free (r->path);
  g_free (r);

  return samples;
}

/* How long the recording is loud (10 ms windows reaching 2 % of full scale), its pitch (rising
 * zero crossings in the loud windows only, so gaps from a slow run do not lower it) and its
 * peak. */
static void
analyse_tone (const gint16 *s,
              gsize         n,
              double       *loud_ms,
              double       *freq,
              double       *peak)
{
  guint crossings = 0;
  int p = 0;

  *loud_ms = 0;
  for (gsize w = 0; w + 480 <= n; w += 480)
    {
      gboolean loud = FALSE;
      guint here = 0;

      for (gsize i = w; i < w + 480; i++)
        {
          loud = loud || abs (s[i]) >= 655;
          p = MAX (p, abs (s[i]));
          if (i > w && s[i - 1] < 0 && s[i] >= 0)
            here++;
        }
      if (loud)
        {
          *loud_ms += 10;
          crossings += here;
        }
    }
  *peak = p / 32768.0;
  *freq = *loud_ms > 0 ? crossings * 1000.0 / *loud_ms : 0;
}

static gboolean
session_ready (gpointer panel)
{
  GalleyRealtimeSession *session = GALLEY_VOICE_PANEL (panel)->session;

  return session != NULL && galley_realtime_session_get_state (session) == GALLEY_REALTIME_READY;
}

typedef struct
{
  GalleyFakeRealtime *fake;
  gboolean            from_client;
  const char         *type;
  guint               count;
} FrameWait;

static gboolean
frames_reached (gpointer data)
{
  FrameWait *w = data;

  return galley_fake_realtime_count (w->fake, w->from_client, w->type) >= w->count;
}

static void
wait_frames (Fixture    *f,
             gboolean    from_client,
             const char *type,
             guint       count)
{
  FrameWait w = { f->fake, from_client, type, count };

  if (!galley_test_spin_until (frames_reached, &w, WAIT_MS))
    g_error ("%u %s frame(s) not seen (%u)", count, type,
             galley_fake_realtime_count (f->fake, from_client, type));
}

/* The turn detection of the client's nth session.update: NULL for null (push-to-talk). */
static const char *
nth_turn_detection (Fixture *f,
                    guint    nth)
{
  JsonObject *update = galley_fake_realtime_find (f->fake, TRUE, "session.update", nth);
  JsonObject *session, *audio, *input, *vad;
  const char *type = NULL;

  g_assert_nonnull (update);
  session = galley_json_get_object (update, "session");
  audio = galley_json_get_object (session, "audio");
  input = galley_json_get_object (audio, "input");
  g_assert_nonnull (input);
  g_assert_true (json_object_has_member (input, "turn_detection"));
  vad = galley_json_get_object (input, "turn_detection");
  if (vad == NULL)
    return NULL;
  g_assert_true (galley_json_get_string (vad, "type", &type));

  return type;
}

static guint
cart_quantity (GalleyCart *cart)
{
  guint total = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (cart)); i++)
    {
      g_autoptr(GalleyCartLine) line = g_list_model_get_item (G_LIST_MODEL (cart), i);

      total += galley_cart_line_get_quantity (line);
    }

  return total;
}

typedef struct
{
  GalleyCart *cart;
  guint       quantity;
} QuantityWait;

static gboolean
quantity_reached (gpointer data)
{
  QuantityWait *w = data;

  return cart_quantity (w->cart) >= w->quantity;
}

static void
wait_quantity (Fixture *f,
               guint    quantity)
{
  QuantityWait w = { f->cart, quantity };

  if (!galley_test_spin_until (quantity_reached, &w, WAIT_MS))
    g_error ("%u items not in the cart (%u)", quantity, cart_quantity (f->cart));
}

static gboolean
utterances_reached (gpointer data)
{
  Fixture *f = data;

  return galley_voice_panel_get_n_utterances (f->panel) >= 1 && !f->panel->recognising;
}

/* ------------------------------------------------------------------ no sound service */

/* A press with no PipeWire: the panel says what is wrong (the audio error's words), stops
 * listening, and a second press does the same without piling anything up. */
static void
test_no_sound_service (Fixture       *f,
                       gconstpointer  data)
{
  g_setenv ("OPENAI_API_KEY", "sk-galleytest-panel", TRUE);

  galley_voice_panel_start_talking (f->panel);
  g_assert_true (galley_test_spin_until (has_problem, f->panel, WAIT_MS));
  g_assert_false (galley_voice_panel_get_talking (f->panel));
  g_test_message ("problem: %s", galley_voice_panel_get_problem (f->panel));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->cart)), ==, 0);

  galley_voice_panel_start_talking (f->panel);
  galley_voice_panel_stop_talking (f->panel);
  g_assert_false (galley_voice_panel_get_talking (f->panel));
  g_assert_nonnull (galley_voice_panel_get_problem (f->panel));

  g_unsetenv ("OPENAI_API_KEY");
}

/* 200 panels made, pressed (online, then offline; push-to-talk, then hands-free) and
 * destroyed: every panel, session, stream, recogniser and detector is finalised; no source,
 * fd or handler is left. */
static void
test_cycles (Fixture       *f,
             gconstpointer  data)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  guint n = galley_test_iterations (200);
  guint handlers_services, handlers_settings, handlers_cart;
  int sessions, captures, recognisers, activities;

  g_setenv ("OPENAI_API_KEY", "sk-galleytest-panel", TRUE);
  /* warm-up: the first press starts the shared sound engine (which then keeps trying to
   * reach PipeWire on its own timer) and loads the offline model's files */
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *panel = g_object_ref_sink (galley_voice_panel_new (f->services, f->cart));

      g_settings_set_string (f->settings, "voice-engine", i == 0 ? "realtime" : "offline");
      galley_voice_panel_start_talking (GALLEY_VOICE_PANEL (panel));
      galley_voice_panel_stop_talking (GALLEY_VOICE_PANEL (panel));
      g_assert_finalize_object (panel);
    }
  galley_test_spin_for (200);
  galley_test_drain_main_context ();
  galley_test_baseline_take (&base);
  sessions = galley_test_tracked_count (GALLEY_TYPE_REALTIME_SESSION);
  captures = galley_test_tracked_count (GALLEY_TYPE_AUDIO_CAPTURE);
  recognisers = galley_test_tracked_count (GALLEY_TYPE_OFFLINE_RECOGNISER);
  activities = galley_test_tracked_count (GALLEY_TYPE_VOICE_ACTIVITY);
  handlers_services = galley_test_count_signal_handlers (f->services);
  handlers_settings = galley_test_count_signal_handlers (f->settings);
  handlers_cart = galley_test_count_signal_handlers (f->cart);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *panel = galley_voice_panel_new (f->services, f->cart);
      gpointer weak = panel;

      g_object_ref_sink (panel);
      g_object_add_weak_pointer (G_OBJECT (panel), &weak);
      g_settings_set_string (f->settings, "voice-engine", i % 2 == 0 ? "realtime" : "offline");
      g_settings_set_boolean (f->settings, "voice-hands-free", i % 4 >= 2);
      galley_voice_panel_start_talking (GALLEY_VOICE_PANEL (panel));
      galley_voice_panel_stop_talking (GALLEY_VOICE_PANEL (panel));
      g_object_unref (panel);
      g_assert_true (galley_test_spin_until (galley_test_is_null, &weak, WAIT_MS));
    }

  galley_test_drain_main_context ();
  /* what is left is the fixture's panel's own */
  galley_test_assert_tracked (GALLEY_TYPE_VOICE_PANEL, 1);
  galley_test_assert_tracked (GALLEY_TYPE_REALTIME_SESSION, sessions);
  galley_test_assert_tracked (GALLEY_TYPE_AUDIO_CAPTURE, captures);
  galley_test_assert_tracked (GALLEY_TYPE_OFFLINE_RECOGNISER, recognisers);
  galley_test_assert_tracked (GALLEY_TYPE_VOICE_ACTIVITY, activities);
  g_assert_cmpuint (galley_test_count_signal_handlers (f->services), ==, handlers_services);
  g_assert_cmpuint (galley_test_count_signal_handlers (f->settings), ==, handlers_settings);
  g_assert_cmpuint (galley_test_count_signal_handlers (f->cart), ==, handlers_cart);
  galley_test_baseline_assert (&base);
  g_assert_cmpuint (galley_fake_realtime_get_n_open (f->fake), ==, 0);
  g_unsetenv ("OPENAI_API_KEY");
}

/* ------------------------------------------------------------------ with PipeWire */

static gboolean
sent_audio (gpointer fake)
{
  return galley_fake_realtime_count (fake, TRUE, "input_audio_buffer.append") > 0;
}

/* Online: the cashier holds the button and speaks; the audio reaches the session, the
 * model's add_to_order call fills the cart, the transcript shows both sides, the fake's
 * replies are played and recorded back from the virtual speaker (non-silent, 440 Hz, about
 * their 600 ms), and the panel never submits. */
static void
test_online_turn (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *wav = NULL;
  g_autofree gint16 *pcm = NULL;
  Recorder *recorder;
  gsize n_samples = 0;
  double loud_ms, freq, peak;

  g_setenv ("OPENAI_API_KEY", "sk-galleytest-panel", TRUE);
  g_assert_true (galley_fake_realtime_set_script (f->fake,
    "{\"turns\":[{\"transcript\":\"two soul bowls please\",\"response\":["
    "{\"call\":\"add_to_order\",\"arguments\":{\"items\":[{\"name\":\"Soul Bowl\",\"quantity\":2}]}},"
    "{\"say\":\"Two Soul Bowls.\",\"audio\":\"tone:440:400\"}]},"
    "{\"response\":[{\"say\":\"Anything else?\",\"audio\":\"tone:440:200\"}]}]}"));

  wav = espeak_wav (f, "two soul bowls please");
  if (wav == NULL)
    {
      g_test_skip ("espeak-ng is not installed");
      return;
    }

  recorder = recorder_start (f);
  galley_voice_panel_start_talking (f->panel);
  g_assert_true (galley_test_spin_until (is_talking, f->panel, WAIT_MS));
  speak (wav);
  g_assert_true (galley_test_spin_until (sent_audio, f->fake, WAIT_MS));
  galley_voice_panel_stop_talking (f->panel);

  g_assert_true (galley_test_spin_until (cart_has_lines, f->cart, WAIT_MS));
  /* the replies (400 ms of 440 Hz with the call, 200 ms after its output) are played and
   * heard on the virtual speaker, about as long as they are */
  wait_frames (f, FALSE, "response.done", 2);
  g_assert_true (galley_test_spin_until (session_ready, f->panel, WAIT_MS));
  galley_test_spin_for (1000);
  pcm = recorder_stop (recorder, &n_samples);
  analyse_tone (pcm, n_samples, &loud_ms, &freq, &peak);
  g_test_message ("speaker: %zu samples, loud for %.0f ms, %.1f Hz, peak %.3f", n_samples,
                  loud_ms, freq, peak);
  g_assert_cmpfloat (peak, >, 0.05);
  if (g_getenv ("GALLEY_TEST_VALGRIND") == NULL)
    {
      /* under memcheck the speaker underruns: heard, but neither its length nor its pitch */
      g_assert_cmpfloat (loud_ms, >=, 500);
      g_assert_cmpfloat (loud_ms, <=, 750);
      g_assert_cmpfloat (fabs (freq - 440.0), <, 30.0);
    }
  else
    g_assert_cmpfloat (loud_ms, >=, 100);
  {
    g_autoptr(GalleyCartLine) line = g_list_model_get_item (G_LIST_MODEL (f->cart), 0);

    g_assert_cmpstr (galley_cart_line_get_name (line), ==, "Soul Bowl");
    g_assert_cmpuint (galley_cart_line_get_quantity (line), ==, 2);
  }
  g_assert_cmpuint (galley_voice_panel_get_n_transcript_rows (f->panel), >=, 1);
  g_assert_cmpint (galley_voice_panel_get_mode (f->panel), ==, GALLEY_VOICE_MODE_ONLINE);
  g_assert_null (galley_voice_panel_get_problem (f->panel));
  /* pushed to talk: one commit of what was said, never an empty one */
  g_assert_cmpuint (galley_fake_realtime_count (f->fake, TRUE, "input_audio_buffer.commit"), ==, 1);
  g_unsetenv ("OPENAI_API_KEY");
}

/* Offline: the local recogniser hears the cashier; what it proposes enters the cart only as
 * lines to confirm (§8.5). */
static void
test_offline_turn (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wav = espeak_wav (f, "two soul bowls");
  guint n;

  if (wav == NULL)
    {
      g_test_skip ("espeak-ng is not installed");
      return;
    }

  galley_voice_panel_start_talking (f->panel);
  if (galley_voice_panel_get_problem (f->panel) != NULL)
    {
      /* the model is part of the CI packages; a machine without it says so */
      g_test_skip (galley_voice_panel_get_problem (f->panel));
      return;
    }
  g_assert_true (galley_test_spin_until (is_talking, f->panel, WAIT_MS));
  g_assert_cmpint (galley_voice_panel_get_mode (f->panel), ==, GALLEY_VOICE_MODE_OFFLINE);
  speak (wav);
  galley_test_spin_for (300);
  galley_voice_panel_stop_talking (f->panel);

  g_assert_true (galley_test_spin_until (cart_has_lines, f->cart, WAIT_MS));
  n = g_list_model_get_n_items (G_LIST_MODEL (f->cart));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyCartLine) line = g_list_model_get_item (G_LIST_MODEL (f->cart), i);

      /* nothing is added silently */
      g_assert_true (galley_cart_line_get_unsure (line));
    }
  g_assert_cmpuint (galley_voice_panel_get_n_transcript_rows (f->panel), ==, 1);
}

static const char two_turns_script[] =
  "{\"turns\":["
  "{\"transcript\":\"two soul bowls please\",\"response\":[{\"call\":\"add_to_order\","
  "\"arguments\":{\"items\":[{\"name\":\"Soul Bowl\",\"quantity\":2}]}}]},"
  "{\"response\":[{\"say\":\"Two Soul Bowls.\",\"audio\":\"tone:440:200\"}]},"
  "{\"transcript\":\"and one more\",\"response\":[{\"call\":\"add_to_order\","
  "\"arguments\":{\"items\":[{\"name\":\"Soul Bowl\",\"quantity\":1}]}}]},"
  "{\"response\":[{\"say\":\"One more.\",\"audio\":\"tone:440:200\"}]}]}";

static gboolean
appends_grow (gpointer data)
{
  Fixture *f = data;
  guint *seen = g_object_get_data (G_OBJECT (f->panel), "galley-test-appends");

  return galley_fake_realtime_count (f->fake, TRUE, "input_audio_buffer.append") >= *seen + 10;
}

/* Hands-free online: one press opens the microphone, which streams 20 ms appends with no
 * button held; the server's VAD ends the turn (speech_started/stopped scripted), its
 * response's add_to_order fills the cart; the client never commits. */
static void
test_hands_free_online (Fixture       *f,
                        gconstpointer  data)
{
  guint seen;

  g_setenv ("OPENAI_API_KEY", "sk-galleytest-panel", TRUE);
  g_settings_set_boolean (f->settings, "voice-hands-free", TRUE);
  g_assert_true (galley_voice_panel_get_hands_free (f->panel));
  g_assert_true (galley_fake_realtime_set_script (f->fake, two_turns_script));

  galley_voice_panel_start_talking (f->panel);
  g_assert_true (galley_voice_panel_get_talking (f->panel));
  g_assert_true (galley_test_spin_until (session_ready, f->panel, WAIT_MS));
  g_assert_cmpstr (nth_turn_detection (f, 0), ==, "server_vad");
  seen = galley_fake_realtime_count (f->fake, TRUE, "input_audio_buffer.append");
  g_object_set_data (G_OBJECT (f->panel), "galley-test-appends", &seen);
  g_assert_true (galley_test_spin_until (appends_grow, f, WAIT_MS));
  g_assert_true (galley_voice_panel_get_talking (f->panel));

  g_assert_true (galley_fake_realtime_inject (f->fake, "{\"fault\":\"vad_turn\"}"));
  wait_quantity (f, 2);
  wait_frames (f, FALSE, "response.done", 2);
  g_assert_true (galley_test_spin_until (session_ready, f->panel, WAIT_MS));
  /* still listening for the next sentence */
  g_assert_true (galley_voice_panel_get_talking (f->panel));
  g_assert_cmpuint (galley_fake_realtime_count (f->fake, TRUE, "input_audio_buffer.commit"), ==, 0);
  g_assert_cmpuint (galley_fake_realtime_count (f->fake, TRUE, "response.create"), ==, 1);

  /* a second press closes the microphone: nothing more goes out */
  galley_voice_panel_toggle_talking (f->panel);
  g_assert_false (galley_voice_panel_get_talking (f->panel));
  galley_test_spin_for (200);
  seen = galley_fake_realtime_count (f->fake, TRUE, "input_audio_buffer.append");
  galley_test_spin_for (300);
  g_assert_cmpuint (galley_fake_realtime_count (f->fake, TRUE, "input_audio_buffer.append"), ==,
                    seen);
  g_assert_null (galley_voice_panel_get_problem (f->panel));
  g_object_set_data (G_OBJECT (f->panel), "galley-test-appends", NULL);
  g_unsetenv ("OPENAI_API_KEY");
}

/* Push-to-talk, hands-free, push-to-talk again in one session: each switch ends what the
 * microphone was doing and tells the server (a session.update with the turn detection);
 * both kinds of turn fill the cart; one commit in all (the push-to-talk turn's). */
static void
test_switch_modes (Fixture       *f,
                   gconstpointer  data)
{
  g_setenv ("OPENAI_API_KEY", "sk-galleytest-panel", TRUE);
  g_assert_true (galley_fake_realtime_set_script (f->fake, two_turns_script));
  g_assert_false (galley_voice_panel_get_hands_free (f->panel));

  /* push-to-talk: held for half a second of the (silent) virtual microphone */
  galley_voice_panel_start_talking (f->panel);
  g_assert_true (galley_test_spin_until (session_ready, f->panel, WAIT_MS) ||
                 galley_realtime_session_get_state (f->panel->session) == GALLEY_REALTIME_LISTENING);
  g_assert_true (galley_test_spin_until (sent_audio, f->fake, WAIT_MS));
  galley_test_spin_for (500);
  galley_voice_panel_stop_talking (f->panel);
  wait_quantity (f, 2);
  wait_frames (f, FALSE, "response.done", 2);
  g_assert_true (galley_test_spin_until (session_ready, f->panel, WAIT_MS));
  g_assert_null (nth_turn_detection (f, 0));
  g_assert_cmpuint (galley_fake_realtime_count (f->fake, TRUE, "input_audio_buffer.commit"), ==, 1);

  /* to hands-free mid-session, while the button is held: the utterance is sent, then the
   * server learns the new mode */
  galley_voice_panel_start_talking (f->panel);
  g_assert_true (galley_voice_panel_get_talking (f->panel));
  g_settings_set_boolean (f->settings, "voice-hands-free", TRUE);
  g_assert_true (galley_voice_panel_get_hands_free (f->panel));
  g_assert_false (galley_voice_panel_get_talking (f->panel));
  wait_frames (f, TRUE, "session.update", 2);
  g_assert_cmpstr (nth_turn_detection (f, 1), ==, "server_vad");
  g_assert_false (galley_realtime_session_get_push_to_talk (f->panel->session));

  galley_voice_panel_start_talking (f->panel);
  g_assert_true (galley_voice_panel_get_talking (f->panel));
  g_assert_true (galley_fake_realtime_inject (f->fake, "{\"fault\":\"vad_turn\"}"));
  wait_quantity (f, 3);
  wait_frames (f, FALSE, "response.done", 4);

  /* and back: the microphone closes, turn detection null again */
  g_settings_set_boolean (f->settings, "voice-hands-free", FALSE);
  g_assert_false (galley_voice_panel_get_talking (f->panel));
  wait_frames (f, TRUE, "session.update", 3);
  g_assert_null (nth_turn_detection (f, 2));
  g_assert_true (galley_realtime_session_get_push_to_talk (f->panel->session));
  g_assert_cmpuint (galley_fake_realtime_count (f->fake, TRUE, "input_audio_buffer.commit"), <=, 2);
  g_assert_cmpuint (galley_fake_realtime_count (f->fake, FALSE, "error"), ==, 0);
  /* one session throughout */
  g_assert_cmpuint (galley_realtime_session_get_reconnects (f->panel->session), ==, 0);
  g_unsetenv ("OPENAI_API_KEY");
}

/* Hands-free offline: the microphone stays open; one spoken sentence, followed by silence,
 * is one utterance (the hangover ends it, pauses between words do not), decoded once, and
 * its lines wait for the cashier. */
static void
test_hands_free_offline (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *wav = espeak_wav (f, "two soul bowls");
  guint n;

  if (wav == NULL)
    {
      g_test_skip ("espeak-ng is not installed");
      return;
    }

  g_settings_set_boolean (f->settings, "voice-hands-free", TRUE);
  galley_voice_panel_start_talking (f->panel);
  if (galley_voice_panel_get_problem (f->panel) != NULL)
    {
      g_test_skip (galley_voice_panel_get_problem (f->panel));
      return;
    }
  g_assert_true (galley_voice_panel_get_talking (f->panel));
  g_assert_cmpint (galley_voice_panel_get_mode (f->panel), ==, GALLEY_VOICE_MODE_OFFLINE);

  /* silence first: nothing is heard */
  galley_test_spin_for (1500);
  g_assert_cmpuint (galley_voice_panel_get_n_utterances (f->panel), ==, 0);

  speak (wav);
  g_assert_true (galley_test_spin_until (utterances_reached, f, WAIT_MS));
  g_assert_true (galley_test_spin_until (cart_has_lines, f->cart, WAIT_MS));
  /* the silence after it starts nothing new; the microphone is still open */
  galley_test_spin_for (1500);
  g_assert_cmpuint (galley_voice_panel_get_n_utterances (f->panel), ==, 1);
  g_assert_true (galley_voice_panel_get_talking (f->panel));

  n = g_list_model_get_n_items (G_LIST_MODEL (f->cart));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyCartLine) line = g_list_model_get_item (G_LIST_MODEL (f->cart), i);

      g_assert_true (galley_cart_line_get_unsure (line));
    }
  g_assert_cmpuint (galley_voice_panel_get_n_transcript_rows (f->panel), ==, 1);

  galley_voice_panel_toggle_talking (f->panel);
  g_assert_false (galley_voice_panel_get_talking (f->panel));
  g_assert_cmpuint (galley_voice_panel_get_n_utterances (f->panel), ==, 1);
}

/* ------------------------------------------------------------------ the Counter's F2 */

static GalleyVoicePanel *
find_voice_panel (GtkWidget *widget)
{
  if (GALLEY_IS_VOICE_PANEL (widget))
    return GALLEY_VOICE_PANEL (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GalleyVoicePanel *found = find_voice_panel (c);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkEventController *
find_controller (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (c), name) == 0)
        return c;   /* owned by the widget */
    }

  return NULL;
}

static gboolean
key (GtkEventController *keys,
     gboolean            press,
     guint               keyval)
{
  gboolean handled = FALSE;

  if (press)
    g_signal_emit_by_name (keys, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
  else
    g_signal_emit_by_name (keys, "key-released", keyval, 0, (GdkModifierType) 0);

  return handled;
}

/* F2 on the Counter view, with the focus in the menu's search entry: a tap opens the
 * microphone and a second tap sends; held, it talks until released; Space is left to the
 * entry. The key controller sits on the view in the capture phase, so any child with the
 * focus sees F2 only after it. (The events are the controller's signals, as GTK 4.8 has no
 * way to synthesise a key event in-process.) */
static void
test_talk_key (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *url = galley_fake_realtime_dup_url (f->fake);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view;
  GalleyVoicePanel *panel;
  GtkEventController *keys;
  GtkWidget *focus;
  g_autoptr(GalleyTestWidgetWatch) watch = NULL;

  g_setenv ("OPENAI_API_KEY", "sk-galleytest-panel", TRUE);
  g_settings_set_string (f->settings, "realtime-url", url);
  view = galley_counter_view_new (f->services);
  watch = galley_test_widget_watch_new (view);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  panel = find_voice_panel (view);
  g_assert_nonnull (panel);
  keys = find_controller (view, "galley-counter-talk-key");
  g_assert_nonnull (keys);
  g_assert_cmpint (gtk_event_controller_get_propagation_phase (keys), ==, GTK_PHASE_CAPTURE);

  g_assert_true (gtk_widget_activate_action (view, "counter.search", NULL));
  galley_test_spin_for (100);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (GTK_IS_TEXT (focus) || GTK_IS_EDITABLE (focus));

  /* Space and other keys are not the view's */
  g_assert_false (key (keys, TRUE, GDK_KEY_space));
  g_assert_false (galley_voice_panel_get_talking (panel));

  /* a tap toggles */
  g_assert_true (key (keys, TRUE, GDK_KEY_F2));
  g_assert_true (galley_voice_panel_get_talking (panel));
  key (keys, FALSE, GDK_KEY_F2);
  g_assert_true (galley_voice_panel_get_talking (panel));
  g_assert_true (galley_test_spin_until (sent_audio, f->fake, WAIT_MS));
  g_assert_true (key (keys, TRUE, GDK_KEY_F2));
  key (keys, FALSE, GDK_KEY_F2);
  g_assert_false (galley_voice_panel_get_talking (panel));

  /* held (auto-repeat included), it talks until released */
  g_assert_true (key (keys, TRUE, GDK_KEY_F2));
  g_assert_true (galley_voice_panel_get_talking (panel));
  galley_test_spin_for (GALLEY_VOICE_PANEL_HOLD_MS + 100);
  g_assert_true (key (keys, TRUE, GDK_KEY_F2));
  g_assert_true (galley_voice_panel_get_talking (panel));
  key (keys, FALSE, GDK_KEY_F2);
  g_assert_false (galley_voice_panel_get_talking (panel));

  /* the focus never moved */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == focus);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (galley_test_widget_watch_wait (watch, WAIT_MS));
  galley_test_assert_tracked (GALLEY_TYPE_COUNTER_VIEW, 0);
  g_unsetenv ("OPENAI_API_KEY");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *runtime = NULL;

  mode = g_getenv ("GALLEY_AUDIO_MODE");
  if (g_strcmp0 (mode, "no-daemon") == 0)
    {
      runtime = g_dir_make_tmp ("galley-no-audio-XXXXXX", NULL);
      g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
      g_setenv ("PIPEWIRE_REMOTE", "galley-no-such-socket", TRUE);
    }
  g_unsetenv ("OPENAI_API_KEY");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  galley_test_quiet_debug ();
  galley_test_track_all ();

#define ADD(path, engine, func) \
  g_test_add (path, Fixture, engine, fixture_setup, func, fixture_teardown)

  if (g_strcmp0 (mode, "no-daemon") == 0)
    {
      ADD ("/voice/panel/no-sound-service", "automatic", test_no_sound_service);
      ADD ("/voice/panel/cycles", "automatic", test_cycles);
    }
  else
    {
      ADD ("/voice/panel/online-turn", "realtime", test_online_turn);
      ADD ("/voice/panel/offline-turn", "offline", test_offline_turn);
      ADD ("/voice/panel/hands-free-online", "realtime", test_hands_free_online);
      ADD ("/voice/panel/hands-free-offline", "offline", test_hands_free_offline);
      ADD ("/voice/panel/switch-modes", "realtime", test_switch_modes);
      ADD ("/voice/panel/talk-key", "realtime", test_talk_key);
    }

#undef ADD

  return g_test_run ();
}
