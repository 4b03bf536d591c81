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
 *               puts a line in the cart and plays the reply; offline, espeak-ng speech
 *               becomes lines to confirm.
 *   no-daemon   no sound service: a press says what is wrong and how to fix it, nothing
 *               crashes, and 200 panels made, pressed and destroyed leave nothing behind.
 */
#include <glib/gstdio.h>

#include "config.h"
#include "galley-testutil.h"
#include "galley-testutil-gtk.h"
#include "demo/galley-demo-server.h"
#include "galley-fake-realtime.h"
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
  g_assert_finalize_object (f->cart);

  galley_services_shutdown (f->services);
  g_assert_finalize_object (f->services);
  g_assert_finalize_object (f->demo);
  galley_fake_realtime_free (f->fake);
  g_settings_reset (f->settings, "voice-engine");
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

/* 200 panels made, pressed (online, then offline) and destroyed: every panel, session,
 * stream and recogniser is finalised; no source, fd or handler is left. */
static void
test_cycles (Fixture       *f,
             gconstpointer  data)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  guint n = galley_test_iterations (200);
  guint handlers_services, handlers_settings, handlers_cart;
  int sessions, captures, recognisers;

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
 * model's add_to_order call fills the cart, the transcript shows both sides, the reply
 * plays, and the panel never submits. */
static void
test_online_turn (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *wav = NULL;

  g_setenv ("OPENAI_API_KEY", "sk-galleytest-panel", TRUE);
  g_assert_true (galley_fake_realtime_set_script (f->fake,
    "{\"turns\":[{\"transcript\":\"two soul bowls please\",\"response\":["
    "{\"call\":\"add_to_order\",\"arguments\":{\"items\":[{\"name\":\"Soul Bowl\",\"quantity\":2}]}},"
    "{\"say\":\"Two Soul Bowls.\",\"audio\":\"tone:440:400\"}]}]}"));

  wav = espeak_wav (f, "two soul bowls please");
  if (wav == NULL)
    {
      g_test_skip ("espeak-ng is not installed");
      return;
    }

  galley_voice_panel_start_talking (f->panel);
  g_assert_true (galley_test_spin_until (is_talking, f->panel, WAIT_MS));
  speak (wav);
  g_assert_true (galley_test_spin_until (sent_audio, f->fake, WAIT_MS));
  galley_voice_panel_stop_talking (f->panel);

  g_assert_true (galley_test_spin_until (cart_has_lines, f->cart, WAIT_MS));
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
    }

#undef ADD

  return g_test_run ();
}
