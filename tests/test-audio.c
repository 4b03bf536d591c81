/* test-audio.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The audio engine and the kitchen cues against real PipeWire daemons (guide/testing.md §8).
 * One binary, three environments, chosen by GALLEY_AUDIO_MODE (tests/meson.build):
 *
 *   (unset)         under tests/audio/with-audio.sh: a private PipeWire + WirePlumber with the
 *                   virtual speaker "ci_speaker". Engine and player lifecycles, and every cue
 *                   recorded from the speaker's monitor with pw-record and analysed: beeps,
 *                   pitches and lengths must be the cue's pattern; volume, mute, bursts.
 *   no-daemon       no sound service at all: XDG_RUNTIME_DIR/PIPEWIRE_RUNTIME_DIR point at an
 *                   empty dir and PIPEWIRE_REMOTE at a missing socket. The engine fails with a
 *                   message, retries on the backoff schedule only, and play() drops cues.
 *   private-daemon  the test drives its own daemons (tests/audio/audio-ctl.sh), kills PipeWire
 *                   while a cue plays and starts it again: failed, then reconnected.
 *
 * The pure tests (patterns, synthesis, properties) run in the first two.
 */
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "galley-testutil.h"
#include "audio/galley-audio-engine.h"
#include "audio/galley-cue-player.h"
#include "net/galley-backoff.h"

#define REC_RATE     48000
#define WAIT_MS      20000       /* generous: valgrind runs clients 20-30x slower */
/* Length and gap tolerance: 8 ms of measurement, plus one graph quantum (1,024 frames at
 * 48 kHz, tests/audio/pipewire.conf): on a loaded machine the graph can drop one cycle, which
 * shortens a beep by exactly that. Count and pitch stay exact, and the cues differ by far
 * more than this in their patterns. */
#define TIMING_TOLERANCE_MS (8.0 + 1024.0 * 1000.0 / REC_RATE)

static const char *mode;
static char *private_runtime_dir;
/* FALSE under valgrind (GALLEY_TEST_VALGRIND): a client 20-30x slower misses graph cycles, so
 * a quantum of a beep can be lost. Recordings are then checked for pitch only; the plain run
 * checks count, pitch, length and gaps. */
static gboolean strict_timing = TRUE;

/* ------------------------------------------------------------------ small helpers */

static gboolean
engine_is_ready (gpointer data)
{
  return galley_audio_engine_get_state (data) == GALLEY_AUDIO_STATE_READY;
}

static gboolean
engine_is_failed (gpointer data)
{
  return galley_audio_engine_get_state (data) == GALLEY_AUDIO_STATE_FAILED;
}

static gboolean
engine_played_buffers (gpointer data)
{
  return galley_audio_engine_get_buffers_played (data) > 0;
}

/* every request answered: played, dropped or merged, and the stream gone */
typedef struct
{
  GalleyCuePlayer *player;
  guint            requested;
} Settle;

static guint
player_total (GalleyCuePlayer *player)
{
  return galley_cue_player_get_cues_played (player) +
         galley_cue_player_get_cues_dropped (player) +
         galley_cue_player_get_cues_coalesced (player);
}

static gboolean
player_settled (gpointer data)
{
  Settle *s = data;

  return player_total (s->player) == s->requested && !galley_cue_player_get_playing (s->player);
}

static void
wait_settled (GalleyCuePlayer *player,
              guint            requested)
{
  Settle s = { player, requested };

  g_assert_true (galley_test_spin_until (player_settled, &s, WAIT_MS));
}

static GalleyAudioEngine *
ready_engine (void)
{
  GalleyAudioEngine *engine = galley_audio_engine_new ();

  galley_audio_engine_start (engine);
  g_assert_true (galley_test_spin_until (engine_is_ready, engine, WAIT_MS));
  g_assert_null (galley_audio_engine_get_error_message (engine));

  return engine;
}

static gboolean
have_daemon (void)
{
  if (g_getenv ("PIPEWIRE_RUNTIME_DIR") == NULL)
    {
      g_test_skip ("needs the private PipeWire of tests/audio/with-audio.sh");
      return FALSE;
    }

  return TRUE;
}

/* Runs the default main context, blocking in poll, for ms: CPU use then shows busy loops. */
static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);

  return G_SOURCE_REMOVE;
}

static void
run_main_loop_for (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  galley_timeout_add_named ("galley-test-run-for", ms, quit_cb, loop, NULL);
  g_main_loop_run (loop);
}

static gint64
cpu_time_us (void)
{
  struct rusage ru;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &ru), ==, 0);

  return (gint64) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * G_USEC_PER_SEC +
         ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
}

/* ------------------------------------------------------------------ recording */

typedef struct
{
  GSubprocess *proc;
  char        *dir;
  char        *path;
} Recorder;

static gboolean
pw_record_linked (gpointer data)
{
  const char *argv[] = { "pw-link", "-l", NULL };
  g_autofree char *out = galley_test_spawn_output (argv, 10000);

  /* "pw-record:input_MONO" at the start of a line: its port has a link (linking is async) */
  return out != NULL &&
         (g_str_has_prefix (out, "pw-record:") || strstr (out, "\npw-record:") != NULL);
}

/* Records the virtual speaker's monitor (guide §8), 48 kHz mono s16, from now on. */
static Recorder *
recorder_start_on (const char *sink)
{
  g_autoptr(GError) error = NULL;
  Recorder *r = g_new0 (Recorder, 1);

  /* a previous pw-record's node may still be leaving the graph */
  g_assert_true (galley_test_wait_pw_nodes ("pw-record", 0, WAIT_MS));

  r->dir = g_dir_make_tmp ("galley-test-audio-XXXXXX", &error);
  g_assert_no_error (error);
  r->path = g_build_filename (r->dir, "rec.wav", NULL);
  r->proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              "pw-record", "-P", "{ stream.capture.sink = true }",
                              "--target", sink, "--rate", "48000", "--channels", "1",
                              "--format", "s16", r->path, NULL);
  g_assert_no_error (error);
  g_assert_true (galley_test_spin_until (pw_record_linked, NULL, WAIT_MS));

  return r;
}


static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  /* the exit status does not matter: SIGINT ends pw-record; the WAV is checked instead */
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static void
wait_subprocess (GSubprocess *proc)
{
  gboolean done = FALSE;

  g_subprocess_wait_async (proc, NULL, wait_cb, &done);
  if (!galley_test_spin_until (galley_test_is_true, &done, WAIT_MS))
    {
      g_subprocess_force_exit (proc);
      g_assert_true (galley_test_spin_until (galley_test_is_true, &done, WAIT_MS));
      g_assert_not_reached ();
    }
}

/* Reads a 16-bit mono PCM WAV as written by pw-record (libsndfile). */
static gint16 *
read_wav (const char *path,
          gsize      *n_samples)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0, pos = 12;
  gboolean have_fmt = FALSE;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, >=, 12);
  g_assert_true (memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WAVE", 4) == 0);

  while (pos + 8 <= len)
    {
      const guint8 *h = (const guint8 *) data + pos;
      guint32 size = h[4] | h[5] << 8 | h[6] << 16 | (guint32) h[7] << 24;

      if (memcmp (h, "fmt ", 4) == 0)
        {
          guint16 format = h[8] | h[9] << 8, channels = h[10] | h[11] << 8;
          guint32 rate = h[12] | h[13] << 8 | h[14] << 16 | (guint32) h[15] << 24;
          guint16 bits = h[22] | h[23] << 8;

          g_assert_true (format == 1 || format == 0xfffe);
          g_assert_cmpuint (channels, ==, 1);
          g_assert_cmpuint (rate, ==, REC_RATE);
          g_assert_cmpuint (bits, ==, 16);
          have_fmt = TRUE;
        }
      else if (memcmp (h, "data", 4) == 0)
        {
          gsize avail = len - pos - 8;
          gsize n = (size == 0 || size > avail) ? avail : size;
          gint16 *samples = g_new (gint16, n / 2 + 1);

          g_assert_true (have_fmt);
          memcpy (samples, h + 8, n / 2 * 2);   /* little-endian host (x86-64, arm64) */
          *n_samples = n / 2;
          return samples;
        }
      pos += 8 + size + (size & 1);
    }

  g_assert_not_reached ();
  return NULL;
}

static gint16 *
recorder_stop (Recorder *r,
               gsize    *n_samples)
{
  gint16 *samples;

  galley_test_spin_for (300);       /* the tail reaches the monitor (guide §8) */
  g_subprocess_send_signal (r->proc, SIGINT);   /* SIGINT: pw-record writes the header */
  wait_subprocess (r->proc);
  samples = read_wav (r->path, n_samples);

  g_unlink (r->path);
  g_rmdir (r->dir);
  g_object_unref (r->proc);
  g_free (r->path);
  g_free (r->dir);
  g_free (r);

  return samples;
}

/* ------------------------------------------------------------------ analysis */

typedef struct
{
  double start_ms;
  double dur_ms;
  double freq_hz;
  int    peak;
} Burst;

/* Splits a recording into beeps: runs above 2 % of full scale, joined across the sub-ms dips
 * around zero crossings (< 5 ms), at least 15 ms long. The pitch of each is counted from its
 * rising zero crossings. */
static GArray *
find_bursts (const gint16 *s,
             gsize         n)
{
  GArray *bursts = g_array_new (FALSE, TRUE, sizeof (Burst));
  const int threshold = 655;
  const gsize join = REC_RATE * 5 / 1000, min_len = REC_RATE * 15 / 1000;
  gsize i = 0;

  while (i < n)
    {
      gsize start, last;
      int peak = 0;

      while (i < n && abs (s[i]) < threshold)
        i++;
      if (i == n)
        break;
      start = last = i;
      for (; i < n && i - last <= join; i++)
        if (abs (s[i]) >= threshold)
          {
            last = i;
            peak = MAX (peak, abs (s[i]));
          }

      if (last - start + 1 >= min_len)
        {
          Burst b = { 0 };
          gsize first_x = 0, last_x = 0, crossings = 0;

          for (gsize k = start + 1; k <= last; k++)
            if (s[k - 1] < 0 && s[k] >= 0)
              {
                if (crossings++ == 0)
                  first_x = k;
                last_x = k;
              }
          b.start_ms = start * 1000.0 / REC_RATE;
          b.dur_ms = (last - start + 1) * 1000.0 / REC_RATE;
          b.freq_hz = crossings > 1 ? (crossings - 1) * (double) REC_RATE / (last_x - first_x) : 0;
          b.peak = peak;
          g_array_append_val (bursts, b);
        }
      i = last + 1;
    }

  return bursts;
}

static void
dump_bursts (const char *what,
             GArray     *bursts)
{
  g_test_message ("%s: %u beeps", what, bursts->len);
  for (guint i = 0; i < bursts->len; i++)
    {
      Burst *b = &g_array_index (bursts, Burst, i);

      g_test_message ("  at %.1f ms: %.1f ms, %.1f Hz, peak %d", b->start_ms, b->dur_ms,
                      b->freq_hz, b->peak);
    }
}

/* Every beep from first on has the pitch (±2 %) of one of the cues' tones. */
static void
assert_bursts_pitches (GArray          *bursts,
                       guint            first,
                       const GalleyCue *cues,
                       guint            n_cues)
{
  g_assert_cmpuint (bursts->len, >, first);

  for (guint i = first; i < bursts->len; i++)
    {
      Burst *b = &g_array_index (bursts, Burst, i);
      gboolean found = FALSE;

      for (guint c = 0; c < n_cues && !found; c++)
        {
          const GalleyCueTone *tones;
          guint n_tones;

          tones = galley_cue_get_tones (cues[c], &n_tones);
          for (guint t = 0; t < n_tones && !found; t++)
            found = fabs (b->freq_hz - tones[t].freq_hz) <= tones[t].freq_hz * 0.02;
        }
      if (!found)
        g_test_message ("a beep of %.1f Hz belongs to none of the cues played", b->freq_hz);
      g_assert_true (found);
    }
}

/* The beeps from first on are the cue's pattern: count, pitch (±2 %), length and gaps
 * (TIMING_TOLERANCE_MS). Pitch only under valgrind. */
static void
assert_bursts_match (GArray    *bursts,
                     guint      first,
                     GalleyCue  cue)
{
  const GalleyCueTone *tones;
  guint n_tones;

  if (!strict_timing)
    {
      assert_bursts_pitches (bursts, first, &cue, 1);
      return;
    }

  tones = galley_cue_get_tones (cue, &n_tones);
  g_assert_cmpuint (bursts->len, >=, first + n_tones);

  for (guint t = 0; t < n_tones; t++)
    {
      Burst *b = &g_array_index (bursts, Burst, first + t);

      g_assert_cmpfloat_with_epsilon (b->freq_hz, tones[t].freq_hz, tones[t].freq_hz * 0.02);
      g_assert_cmpfloat_with_epsilon (b->dur_ms, tones[t].duration_ms, TIMING_TOLERANCE_MS);
      if (t + 1 < n_tones)
        {
          Burst *next = &g_array_index (bursts, Burst, first + t + 1);

          g_assert_cmpfloat_with_epsilon (next->start_ms - (b->start_ms + b->dur_ms),
                                          tones[t].gap_ms, TIMING_TOLERANCE_MS);
        }
    }
}

static double
rms (const gint16 *s,
     gsize         n)
{
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += (double) s[i] * s[i];

  return n > 0 ? sqrt (sum / n) / 32768.0 : 0.0;
}

/* ------------------------------------------------------------------ pure: patterns */

static void
test_cue_patterns_distinct (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (GALLEY_TYPE_CUE);

  g_assert_cmpuint (klass->n_values, ==, GALLEY_N_CUES);

  for (guint a = 0; a < GALLEY_N_CUES; a++)
    {
      const GalleyCueTone *ta;
      guint na;

      ta = galley_cue_get_tones (a, &na);
      g_assert_cmpuint (na, >=, 1);
      g_assert_cmpstr (galley_cue_get_name (a), ==, g_enum_get_value (klass, a)->value_nick);
      /* every cue fits the player's ring (1.36 s) and is short enough not to annoy */
      g_assert_cmpuint (galley_cue_get_n_frames (a, 48000), <, 48000);

      for (guint b = a + 1; b < GALLEY_N_CUES; b++)
        {
          const GalleyCueTone *tb;
          guint nb;
          gboolean differ;

          tb = galley_cue_get_tones (b, &nb);
          /* distinct by beep count or by pitch: what the recording test can tell apart */
          differ = na != nb;
          for (guint i = 0; !differ && i < na; i++)
            differ = fabs ((double) ta[i].freq_hz - tb[i].freq_hz) > ta[i].freq_hz * 0.05;
          if (!differ)
            g_test_message ("cues %s and %s sound alike", galley_cue_get_name (a),
                            galley_cue_get_name (b));
          g_assert_true (differ);
        }
    }
}

/* ------------------------------------------------------------------ pure: synthesis */

static void
test_cue_render (void)
{
  for (guint c = 0; c < GALLEY_N_CUES; c++)
    {
      const GalleyCueTone *tones;
      guint n_tones;
      gsize n = 0, pos = 0;
      g_autofree float *s = galley_cue_render (c, 48000, 1.0, &n);
      float peak = 0;

      g_assert_cmpuint (n, ==, galley_cue_get_n_frames (c, 48000));
      tones = galley_cue_get_tones (c, &n_tones);

      for (guint t = 0; t < n_tones; t++)
        {
          gsize len = tones[t].duration_ms * 48, gap = tones[t].gap_ms * 48;
          /* the largest step a sine of this pitch can make between samples, at full ramp */
          double max_step = GALLEY_CUE_PEAK * 2 * G_PI * tones[t].freq_hz / 48000 * 1.05;

          /* no click: each tone starts and ends at zero, and never jumps */
          g_assert_cmpfloat (fabsf (s[pos]), <, 1e-6);
          g_assert_cmpfloat (fabsf (s[pos + len - 1]), <, 1e-3);
          for (gsize i = pos + 1; i < pos + len; i++)
            g_assert_cmpfloat (fabsf (s[i] - s[i - 1]), <=, max_step);
          for (gsize i = pos + len; i < pos + len + gap; i++)
            g_assert_cmpfloat (s[i], ==, 0.0f);
          pos += len + gap;
        }
      g_assert_cmpuint (pos, ==, n);

      for (gsize i = 0; i < n; i++)
        peak = MAX (peak, fabsf (s[i]));
      g_assert_cmpfloat_with_epsilon (peak, GALLEY_CUE_PEAK, 0.01);
    }
}

static void
test_cue_render_volume (void)
{
  gsize n_full = 0, n_half = 0, n_zero = 0;
  g_autofree float *full = galley_cue_render (GALLEY_CUE_NEW, 48000, 1.0, &n_full);
  g_autofree float *half = galley_cue_render (GALLEY_CUE_NEW, 48000, 0.5, &n_half);
  g_autofree float *zero = galley_cue_render (GALLEY_CUE_NEW, 48000, 0.0, &n_zero);

  g_assert_cmpuint (n_full, ==, n_half);
  g_assert_cmpuint (n_full, ==, n_zero);
  for (gsize i = 0; i < n_full; i++)
    {
      g_assert_cmpfloat_with_epsilon (half[i], full[i] * 0.5f, 1e-6);
      g_assert_cmpfloat (zero[i], ==, 0.0f);
    }
}

/* ------------------------------------------------------------------ pure: properties */

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_player_properties (void)
{
  GalleyAudioEngine *engine = galley_audio_engine_new ();
  GalleyCuePlayer *player = galley_cue_player_new (engine);
  guint volume_notifies = 0, muted_notifies = 0;

  g_signal_connect (player, "notify::volume", G_CALLBACK (count_notify_cb), &volume_notifies);
  g_signal_connect (player, "notify::muted", G_CALLBACK (count_notify_cb), &muted_notifies);

  g_assert_true (galley_cue_player_get_engine (player) == engine);
  g_assert_cmpfloat (galley_cue_player_get_volume (player), ==, 1.0);
  g_assert_false (galley_cue_player_get_muted (player));
  g_assert_false (galley_cue_player_get_playing (player));

  galley_cue_player_set_volume (player, 0.3);
  galley_cue_player_set_volume (player, 0.3);
  g_object_set (player, "volume", 0.6, NULL);
  g_assert_cmpuint (volume_notifies, ==, 2);
  g_assert_cmpfloat (galley_cue_player_get_volume (player), ==, 0.6);

  galley_cue_player_set_muted (player, TRUE);
  galley_cue_player_set_muted (player, TRUE);
  g_object_set (player, "muted", FALSE, NULL);
  g_assert_cmpuint (muted_notifies, ==, 2);

  /* muted: dropped without touching the engine, which stays disconnected */
  galley_cue_player_set_muted (player, TRUE);
  galley_cue_player_play (player, GALLEY_CUE_NEW);
  g_assert_cmpuint (galley_cue_player_get_cues_dropped (player), ==, 1);
  g_assert_cmpint (galley_audio_engine_get_state (engine), ==, GALLEY_AUDIO_STATE_DISCONNECTED);
  g_assert_cmpuint (galley_audio_engine_get_connect_attempts (engine), ==, 0);

  g_assert_finalize_object (player);
  g_assert_finalize_object (engine);
}

/* ------------------------------------------------------------------ engine lifecycle */

static void
engine_cycle (void)
{
  GalleyAudioEngine *engine = ready_engine ();

  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 0);
  g_assert_cmpuint (galley_audio_engine_get_connect_attempts (engine), ==, 1);
  g_assert_cmpuint (galley_test_count_sources ("galley-audio-engine-loop"), ==, 1);
  g_assert_finalize_object (engine);
}

static void
test_engine_lifecycle (void)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  guint n = galley_test_iterations (25);

  if (!have_daemon ())
    return;

  engine_cycle ();                            /* warm-up: pw_init, plugins, GLib workers */
  galley_test_baseline_take (&base);
  for (guint i = 0; i < n; i++)
    engine_cycle ();
  galley_test_assert_no_galley_objects ();
  galley_test_baseline_assert (&base);

  /* stop and start again on one engine: everything is let go each time */
  {
    GalleyAudioEngine *engine = ready_engine ();

    for (guint i = 0; i < MIN (n, 5u); i++)
      {
        galley_audio_engine_stop (engine);
        g_assert_cmpint (galley_audio_engine_get_state (engine), ==,
                         GALLEY_AUDIO_STATE_DISCONNECTED);
        g_assert_cmpuint (galley_test_count_sources ("galley-audio-engine-"), ==, 0);
        galley_audio_engine_start (engine);
        g_assert_true (galley_test_spin_until (engine_is_ready, engine, WAIT_MS));
      }
    g_assert_finalize_object (engine);
  }
  galley_test_baseline_assert (&base);
}

/* ------------------------------------------------------------------ player lifecycle */

static void
cue_played_cb (GalleyCuePlayer *player,
               GalleyCue        cue,
               GArray          *played)
{
  g_array_append_val (played, cue);
}

static void
player_cycle (gboolean check_node)
{
  GalleyAudioEngine *engine = ready_engine ();
  GalleyCuePlayer *player = galley_cue_player_new (engine);
  g_autoptr(GArray) played = g_array_new (FALSE, FALSE, sizeof (GalleyCue));

  g_signal_connect (player, "cue-played", G_CALLBACK (cue_played_cb), played);
  galley_cue_player_play (player, GALLEY_CUE_RUSH);
  g_assert_true (galley_cue_player_get_playing (player));
  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 1);
  if (check_node)   /* the node appears asynchronously; the drained stream waits for us */
    g_assert_true (galley_test_wait_pw_nodes (GALLEY_CUE_PLAYER_NODE_NAME, 1, WAIT_MS));

  wait_settled (player, 1);
  g_assert_cmpuint (played->len, ==, 1);
  g_assert_cmpint (g_array_index (played, GalleyCue, 0), ==, GALLEY_CUE_RUSH);
  g_assert_cmpuint (galley_cue_player_get_cues_played (player), ==, 1);
  g_assert_cmpuint (galley_cue_player_get_cues_dropped (player), ==, 0);
  /* drained and idle: the stream is gone, not merely paused */
  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 0);
  g_assert_cmpuint (galley_audio_engine_get_buffers_played (engine), >, 0);
  g_assert_cmpuint (galley_test_count_sources ("galley-cue-player-"), ==, 0);

  g_assert_finalize_object (player);
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
}

static void
test_player_lifecycle (void)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  guint n = galley_test_iterations (20);

  if (!have_daemon ())
    return;

  player_cycle (TRUE);
  galley_test_baseline_take (&base);
  for (guint i = 0; i < n; i++)
    player_cycle (i == 0);
  galley_test_assert_no_galley_objects ();
  galley_test_baseline_assert (&base);
}

/* Disposing the player while its cue plays cuts the stream at once, and nothing is left. */
static void
test_player_dispose_while_playing (void)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  GalleyAudioEngine *engine;
  GalleyCuePlayer *player;

  if (!have_daemon ())
    return;

  player_cycle (FALSE);
  galley_test_baseline_take (&base);

  engine = ready_engine ();
  player = galley_cue_player_new (engine);
  galley_cue_player_play (player, GALLEY_CUE_ALLERGY);
  galley_cue_player_play (player, GALLEY_CUE_NEW);
  g_assert_true (galley_test_spin_until (engine_played_buffers, engine, WAIT_MS));
  g_assert_finalize_object (player);
  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 0);
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
  galley_test_baseline_assert (&base);
}

/* ------------------------------------------------------------------ what the kitchen hears */

/* Records what the player plays for these requests, from request to settled. */
static gint16 *
record_requests_on (GalleyCuePlayer *player,
                    const GalleyCue *cues,
                    guint            n_cues,
                    const char      *sink,
                    gsize           *n_samples)
{
  Recorder *r = recorder_start_on (sink);
  guint before = player_total (player);

  for (guint i = 0; i < n_cues; i++)
    galley_cue_player_play (player, cues[i]);
  wait_settled (player, before + n_cues);

  return recorder_stop (r, n_samples);
}

static gint16 *
record_requests (GalleyCuePlayer *player,
                 const GalleyCue *cues,
                 guint            n_cues,
                 gsize           *n_samples)
{
  return record_requests_on (player, cues, n_cues, "ci_speaker", n_samples);
}

/* The speaker choice (GalleyCuePlayer:target): cues land on the chosen sink and only there,
 * and a change applies from the next burst, without a new player. */
static void
test_speaker_target (void)
{
  GalleyAudioEngine *engine;
  GalleyCuePlayer *player;
  GalleyCue cue;
  gsize n = 0;

  if (!have_daemon ())
    return;

  engine = ready_engine ();
  player = galley_cue_player_new (engine);
  galley_cue_player_set_target (player, "ci_speaker2");
  g_assert_cmpstr (galley_cue_player_get_target (player), ==, "ci_speaker2");

  {
    g_autofree gint16 *s = NULL;

    /* the default speaker hears nothing of it */
    cue = GALLEY_CUE_NEW;
    s = record_requests_on (player, &cue, 1, "ci_speaker", &n);
    g_assert_cmpfloat (rms (s, n), <, 0.001);
  }
  {
    g_autofree gint16 *s = NULL;

    cue = GALLEY_CUE_CHANGED;
    s = record_requests_on (player, &cue, 1, "ci_speaker2", &n);
    g_assert_cmpfloat (rms (s, n), >, 0.01);
  }
  /* back to the default, live: "" means the default speaker */
  g_object_set (player, "target", "", NULL);
  g_assert_null (galley_cue_player_get_target (player));
  {
    g_autofree gint16 *s = NULL;

    cue = GALLEY_CUE_TEST;
    s = record_requests_on (player, &cue, 1, "ci_speaker", &n);
    g_assert_cmpfloat (rms (s, n), >, 0.01);
  }

  g_assert_finalize_object (player);
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
}

static void
test_each_cue_plays (void)
{
  GalleyAudioEngine *engine;

  if (!have_daemon ())
    return;

  engine = ready_engine ();
  for (guint c = 0; c < GALLEY_N_CUES; c++)
    {
      /* a new player each time: no cue is merged into the previous recording's */
      GalleyCuePlayer *player = galley_cue_player_new (engine);
      GalleyCue cue = c;
      g_autofree gint16 *s = NULL;
      g_autoptr(GArray) bursts = NULL;
      gsize n = 0;

      s = record_requests (player, &cue, 1, &n);
      bursts = find_bursts (s, n);
      dump_bursts (galley_cue_get_name (cue), bursts);

      g_assert_cmpuint (galley_cue_player_get_cues_played (player), ==, 1);
      g_assert_cmpfloat (rms (s, n), >, 0.01);
      assert_bursts_match (bursts, 0, cue);
      {
        guint n_tones;

        galley_cue_get_tones (cue, &n_tones);
        if (strict_timing)
          g_assert_cmpuint (bursts->len, ==, n_tones);   /* nothing else was heard */
      }
      g_assert_finalize_object (player);
    }
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
}

static void
test_volume (void)
{
  GalleyAudioEngine *engine;
  int peaks[2] = { 0, 0 };
  const double volumes[2] = { 1.0, 0.5 };

  if (!have_daemon ())
    return;

  engine = ready_engine ();
  for (guint v = 0; v < 2; v++)
    {
      GalleyCuePlayer *player = galley_cue_player_new (engine);
      GalleyCue cue = GALLEY_CUE_TEST;
      g_autofree gint16 *s = NULL;
      g_autoptr(GArray) bursts = NULL;
      gsize n = 0;

      galley_cue_player_set_volume (player, volumes[v]);
      s = record_requests (player, &cue, 1, &n);
      bursts = find_bursts (s, n);
      dump_bursts ("test", bursts);
      assert_bursts_match (bursts, 0, cue);
      peaks[v] = g_array_index (bursts, Burst, 0).peak;
      g_assert_finalize_object (player);
    }
  /* volume 1 is GALLEY_CUE_PEAK of full scale; volume 0.5 half of it (the graph is linear) */
  g_assert_cmpfloat_with_epsilon (peaks[0] / 32768.0, GALLEY_CUE_PEAK, 0.03);
  g_assert_cmpfloat_with_epsilon ((double) peaks[1] / peaks[0], 0.5, 0.03);
  g_assert_finalize_object (engine);
}

static void
test_silence (void)
{
  GalleyAudioEngine *engine;
  GalleyCuePlayer *player;
  GalleyCue cue = GALLEY_CUE_ALLERGY;
  g_autofree gint16 *s = NULL;
  gsize n = 0;

  if (!have_daemon ())
    return;

  engine = ready_engine ();

  /* volume 0: the cue plays (the stream runs and drains) and is silent */
  player = galley_cue_player_new (engine);
  galley_cue_player_set_volume (player, 0.0);
  s = record_requests (player, &cue, 1, &n);
  g_assert_cmpuint (galley_cue_player_get_cues_played (player), ==, 1);
  g_assert_cmpuint (n, >, REC_RATE / 2);
  g_assert_cmpfloat (rms (s, n), ==, 0.0);
  g_clear_pointer (&s, g_free);
  g_assert_finalize_object (player);

  /* muted: no stream at all, and silence */
  player = galley_cue_player_new (engine);
  galley_cue_player_set_muted (player, TRUE);
  s = record_requests (player, &cue, 1, &n);
  g_assert_cmpuint (galley_cue_player_get_cues_played (player), ==, 0);
  g_assert_cmpuint (galley_cue_player_get_cues_dropped (player), ==, 1);
  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 0);
  g_assert_cmpfloat (rms (s, n), ==, 0.0);
  g_clear_pointer (&s, g_free);

  /* muting while a cue plays cuts it short and empties the queue */
  galley_cue_player_set_muted (player, FALSE);
  galley_cue_player_play (player, GALLEY_CUE_ALLERGY);
  galley_cue_player_play (player, GALLEY_CUE_NEW);
  g_assert_true (galley_test_spin_until (engine_played_buffers, engine, WAIT_MS));
  galley_cue_player_set_muted (player, TRUE);
  g_assert_false (galley_cue_player_get_playing (player));
  g_assert_cmpuint (galley_cue_player_get_n_pending (player), ==, 0);
  g_assert_cmpuint (galley_cue_player_get_cues_dropped (player), ==, 3);
  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 0);
  g_assert_finalize_object (player);

  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
}

/* 30 NEW in one go (a resync) and 2 RUSH: one NEW, one RUSH, in that order, on one stream. */
static void
test_burst (void)
{
  GalleyAudioEngine *engine;
  GalleyCuePlayer *player;
  GalleyCue cues[32];
  g_autofree gint16 *s = NULL;
  g_autoptr(GArray) bursts = NULL;
  g_autoptr(GArray) played = g_array_new (FALSE, FALSE, sizeof (GalleyCue));
  guint n_new, n_rush;
  gsize n = 0;

  if (!have_daemon ())
    return;

  for (guint i = 0; i < 30; i++)
    cues[i] = GALLEY_CUE_NEW;
  cues[30] = cues[31] = GALLEY_CUE_RUSH;

  engine = ready_engine ();
  player = galley_cue_player_new (engine);
  g_signal_connect (player, "cue-played", G_CALLBACK (cue_played_cb), played);
  s = record_requests (player, cues, G_N_ELEMENTS (cues), &n);
  bursts = find_bursts (s, n);
  dump_bursts ("burst", bursts);

  g_assert_cmpuint (galley_cue_player_get_cues_played (player), ==, 2);
  g_assert_cmpuint (galley_cue_player_get_cues_coalesced (player), ==, 30);
  g_assert_cmpuint (galley_cue_player_get_cues_dropped (player), ==, 0);
  g_assert_cmpuint (played->len, ==, 2);
  g_assert_cmpint (g_array_index (played, GalleyCue, 0), ==, GALLEY_CUE_NEW);
  g_assert_cmpint (g_array_index (played, GalleyCue, 1), ==, GALLEY_CUE_RUSH);

  galley_cue_get_tones (GALLEY_CUE_NEW, &n_new);
  galley_cue_get_tones (GALLEY_CUE_RUSH, &n_rush);
  if (strict_timing)
    {
      Burst *last_new, *first_rush;

      g_assert_cmpuint (bursts->len, ==, n_new + n_rush);
      assert_bursts_match (bursts, 0, GALLEY_CUE_NEW);
      assert_bursts_match (bursts, n_new, GALLEY_CUE_RUSH);

      /* two cues on one stream do not run into one another: a pause of ~150 ms */
      last_new = &g_array_index (bursts, Burst, n_new - 1);
      first_rush = &g_array_index (bursts, Burst, n_new);
      g_assert_cmpfloat (first_rush->start_ms - (last_new->start_ms + last_new->dur_ms), >=,
                         140.0);
    }
  else
    {
      const GalleyCue heard[] = { GALLEY_CUE_NEW, GALLEY_CUE_RUSH };

      assert_bursts_pitches (bursts, 0, heard, G_N_ELEMENTS (heard));
    }

  /* the same cue again within the burst window is merged; after it, it plays */
  galley_cue_player_play (player, GALLEY_CUE_NEW);
  g_assert_cmpuint (galley_cue_player_get_cues_coalesced (player), ==, 31);
  g_assert_finalize_object (player);

  /* the queue is bounded: every cue at once plays the first and MAX_PENDING more */
  player = galley_cue_player_new (engine);
  for (guint c = 0; c < GALLEY_N_CUES; c++)
    galley_cue_player_play (player, c);
  g_assert_cmpuint (galley_cue_player_get_n_pending (player), ==, GALLEY_CUE_PLAYER_MAX_PENDING);
  wait_settled (player, GALLEY_N_CUES);
  g_assert_cmpuint (galley_cue_player_get_cues_played (player), ==,
                    1 + GALLEY_CUE_PLAYER_MAX_PENDING);
  g_assert_cmpuint (galley_cue_player_get_cues_dropped (player), ==,
                    GALLEY_N_CUES - 1 - GALLEY_CUE_PLAYER_MAX_PENDING);
  g_assert_finalize_object (player);

  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
}

/* A player made before the engine started: the first cue starts the engine and still plays
 * (the first order of the day must beep). */
static void
test_lazy_start (void)
{
  GalleyAudioEngine *engine;
  GalleyCuePlayer *player;

  if (!have_daemon ())
    return;

  engine = galley_audio_engine_new ();
  player = galley_cue_player_new (engine);
  g_assert_cmpint (galley_audio_engine_get_state (engine), ==, GALLEY_AUDIO_STATE_DISCONNECTED);
  galley_cue_player_play (player, GALLEY_CUE_NEW);
  g_assert_cmpint (galley_audio_engine_get_state (engine), ==, GALLEY_AUDIO_STATE_CONNECTING);
  g_assert_cmpuint (galley_cue_player_get_n_pending (player), ==, 1);
  wait_settled (player, 1);
  g_assert_cmpuint (galley_cue_player_get_cues_played (player), ==, 1);
  g_assert_cmpint (galley_audio_engine_get_state (engine), ==, GALLEY_AUDIO_STATE_READY);

  /* idle: no stream, no node, and the process sleeps */
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
  {
    gint64 cpu0 = cpu_time_us ();

    run_main_loop_for (1000);
    g_test_message ("idle for 1 s: CPU %" G_GINT64_FORMAT " us", cpu_time_us () - cpu0);
    if (g_getenv ("GALLEY_TEST_VALGRIND") == NULL)
      g_assert_cmpint (cpu_time_us () - cpu0, <, 50 * 1000);
    g_assert_false (galley_cue_player_get_playing (player));
    g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 0);
  }

  /* stopping the engine drops what waits and closes the stream first */
  galley_cue_player_play (player, GALLEY_CUE_ALLERGY);
  galley_cue_player_play (player, GALLEY_CUE_VOIDED);
  galley_audio_engine_stop (engine);
  g_assert_false (galley_cue_player_get_playing (player));
  g_assert_cmpuint (galley_cue_player_get_cues_dropped (player), ==, 2);
  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 0);

  g_assert_finalize_object (player);
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
}

/* ------------------------------------------------------------------ no sound service */

static const char *not_running = "No sound: the sound service is not running";

static void
test_no_daemon_fails (void)
{
  GalleyAudioEngine *engine = galley_audio_engine_new ();
  gint64 before = g_get_monotonic_time ();

  galley_audio_engine_start (engine);
  /* no socket: known at once, without waiting for the main loop */
  g_assert_cmpint (galley_audio_engine_get_state (engine), ==, GALLEY_AUDIO_STATE_FAILED);
  g_assert_cmpstr (galley_audio_engine_get_error_message (engine), ==, not_running);
  g_assert_cmpuint (galley_audio_engine_get_connect_attempts (engine), ==, 1);
  /* default policy: the first retry after 2-2.5 s (galley-backoff) */
  g_assert_cmpint (galley_audio_engine_get_next_retry (engine), >=, before + 2000 * 1000);
  g_assert_cmpint (galley_audio_engine_get_next_retry (engine), <=,
                   g_get_monotonic_time () + 2500 * 1000);
  g_assert_cmpuint (galley_test_count_sources ("galley-audio-engine-retry"), ==, 1);
  /* a failed engine holds no PipeWire loop */
  g_assert_cmpuint (galley_test_count_sources ("galley-audio-engine-loop"), ==, 0);

  /* start() while failed retries now */
  galley_audio_engine_start (engine);
  g_assert_cmpuint (galley_audio_engine_get_connect_attempts (engine), ==, 2);
  g_assert_cmpint (galley_audio_engine_get_state (engine), ==, GALLEY_AUDIO_STATE_FAILED);
  g_assert_cmpuint (galley_test_count_sources ("galley-audio-engine-retry"), ==, 1);

  galley_audio_engine_stop (engine);
  g_assert_cmpint (galley_audio_engine_get_state (engine), ==, GALLEY_AUDIO_STATE_DISCONNECTED);
  g_assert_null (galley_audio_engine_get_error_message (engine));
  g_assert_cmpuint (galley_test_count_sources ("galley-audio-engine-"), ==, 0);
  g_assert_finalize_object (engine);
}

/* Attempts over 2 s follow the backoff, and the process sleeps between them. */
static void
test_no_daemon_backoff (void)
{
  GalleyAudioEngine *engine = galley_audio_engine_new ();
  GalleyAudioEngine *slow = galley_audio_engine_new ();
  guint attempts, most = 1, least = 1;
  gint64 cpu0;
  guint elapsed;

  /* with jitter 0 the delays are 100, 200, 400, 400 ms…, with the largest jitter 25 % more */
  galley_audio_engine_set_backoff (engine, 100, 400);
  for (elapsed = 0, most = 1; ; most++)
    {
      elapsed += galley_backoff_delay_ms (most, 0.0, 100, 400);
      if (elapsed > 2000)
        break;
    }
  for (elapsed = 0, least = 1; ; least++)
    {
      elapsed += galley_backoff_delay_ms (least, 1.0, 100, 400);
      if (elapsed > 2000)
        break;
    }

  cpu0 = cpu_time_us ();
  galley_audio_engine_start (engine);
  galley_audio_engine_start (slow);           /* default policy: 2 s base */
  run_main_loop_for (2000);
  attempts = galley_audio_engine_get_connect_attempts (engine);
  g_test_message ("%u attempts in 2 s (backoff allows %u-%u); CPU %" G_GINT64_FORMAT " us",
                  attempts, least - 1, most, cpu_time_us () - cpu0);

  /* it does retry, and never more often than the policy allows (no busy retry) */
  g_assert_cmpuint (attempts, >=, least - 1);
  g_assert_cmpuint (attempts, <=, most);
  g_assert_cmpuint (galley_audio_engine_get_connect_attempts (slow), <=, 2);
  /* sleeping, not spinning: well under 10 % of one core (generous for valgrind) */
  if (g_getenv ("GALLEY_TEST_VALGRIND") == NULL)
    g_assert_cmpint (cpu_time_us () - cpu0, <, 200 * 1000);
  g_assert_cmpint (galley_audio_engine_get_state (engine), ==, GALLEY_AUDIO_STATE_FAILED);
  g_assert_cmpuint (galley_audio_engine_get_reconnects (engine), ==, 0);

  g_assert_finalize_object (engine);
  g_assert_finalize_object (slow);
  g_assert_cmpuint (galley_test_count_sources ("galley-audio-engine-"), ==, 0);
}

static void
test_no_daemon_play (void)
{
  GalleyAudioEngine *engine = galley_audio_engine_new ();
  GalleyCuePlayer *player = galley_cue_player_new (engine);

  /* the first cue starts the engine, which fails: the cue is dropped, nothing crashes */
  galley_cue_player_play (player, GALLEY_CUE_NEW);
  g_assert_cmpint (galley_audio_engine_get_state (engine), ==, GALLEY_AUDIO_STATE_FAILED);
  g_assert_cmpuint (galley_cue_player_get_cues_dropped (player), ==, 1);
  g_assert_cmpuint (galley_cue_player_get_n_pending (player), ==, 0);

  /* failed: dropped at once, whatever the cue */
  for (guint c = 0; c < GALLEY_N_CUES; c++)
    galley_cue_player_play (player, c);
  g_assert_cmpuint (galley_cue_player_get_cues_dropped (player), ==, 1 + GALLEY_N_CUES);
  g_assert_cmpuint (galley_cue_player_get_cues_played (player), ==, 0);
  g_assert_false (galley_cue_player_get_playing (player));
  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 0);

  g_assert_finalize_object (player);
  g_assert_finalize_object (engine);
}

static void
no_daemon_cycle (void)
{
  GalleyAudioEngine *engine = galley_audio_engine_new ();
  GalleyCuePlayer *player = galley_cue_player_new (engine);

  galley_cue_player_play (player, GALLEY_CUE_TEST);
  g_assert_cmpint (galley_audio_engine_get_state (engine), ==, GALLEY_AUDIO_STATE_FAILED);
  g_assert_finalize_object (player);
  g_assert_finalize_object (engine);
}

static void
test_no_daemon_lifecycle (void)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  guint n = galley_test_iterations (25);

  no_daemon_cycle ();
  galley_test_baseline_take (&base);
  for (guint i = 0; i < n; i++)
    no_daemon_cycle ();
  galley_test_assert_no_galley_objects ();
  galley_test_baseline_assert (&base);
}

/* ------------------------------------------------------------------ the daemon dies */

typedef struct
{
  GSubprocess      *proc;
  GDataInputStream *out;
  GOutputStream    *in;
} Ctl;

typedef struct
{
  char     *line;
  gboolean  done;
} LineWait;

static void
line_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  LineWait *w = user_data;

  w->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                       NULL, NULL);
  w->done = TRUE;
}

/* Sends one command to audio-ctl.sh and waits (bounded) for its reply. */
static void
ctl_command (Ctl        *ctl,
             const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strconcat (command, "\n", NULL);
  LineWait w = { 0 };

  g_output_stream_write_all (ctl->in, line, strlen (line), NULL, NULL, &error);
  g_assert_no_error (error);
  g_data_input_stream_read_line_async (ctl->out, G_PRIORITY_DEFAULT, NULL, line_cb, &w);
  g_assert_true (galley_test_spin_until (galley_test_is_true, &w.done, 30000));
  g_test_message ("audio-ctl %s: %s", command, w.line);
  g_assert_cmpstr (w.line, ==, "ok");
  g_free (w.line);
}

static void
ctl_start (Ctl *ctl)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "audio", "audio-ctl.sh", NULL);

  ctl->proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                &error, "sh", script, private_runtime_dir, NULL);
  g_assert_no_error (error);
  ctl->in = g_subprocess_get_stdin_pipe (ctl->proc);
  ctl->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (ctl->proc));
}

static void
ctl_stop (Ctl *ctl)
{
  g_autoptr(GError) error = NULL;

  /* end of input: audio-ctl.sh stops and reaps its daemons, then exits */
  g_output_stream_close (ctl->in, NULL, &error);
  g_assert_no_error (error);
  wait_subprocess (ctl->proc);
  g_assert_true (g_subprocess_get_if_exited (ctl->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (ctl->proc), ==, 0);
  g_clear_object (&ctl->out);
  g_clear_object (&ctl->proc);
}

static void
test_daemon_kill_restart (void)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  Ctl ctl = { 0 };
  GalleyAudioEngine *engine;
  GalleyCuePlayer *player;
  guint attempts;

  ctl_start (&ctl);
  ctl_command (&ctl, "up");

  player_cycle (FALSE);                       /* warm-up */
  galley_test_baseline_take (&base);

  engine = ready_engine ();
  galley_audio_engine_set_backoff (engine, 100, 500);
  player = galley_cue_player_new (engine);

  /* the daemon dies while a cue plays */
  galley_cue_player_play (player, GALLEY_CUE_ALLERGY);
  g_assert_true (galley_test_spin_until (engine_played_buffers, engine, WAIT_MS));
  g_assert_true (galley_cue_player_get_playing (player));
  ctl_command (&ctl, "kill");

  g_assert_true (galley_test_spin_until (engine_is_failed, engine, WAIT_MS));
  g_assert_cmpstr (galley_audio_engine_get_error_message (engine), ==,
                   "No sound: the connection to the sound service was lost");
  g_assert_false (galley_cue_player_get_playing (player));
  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 0);
  g_assert_cmpuint (galley_cue_player_get_cues_dropped (player), ==, 1);
  g_assert_cmpuint (galley_cue_player_get_cues_played (player), ==, 0);

  /* while it is gone: cues are dropped, retries follow the backoff */
  galley_cue_player_play (player, GALLEY_CUE_NEW);
  g_assert_cmpuint (galley_cue_player_get_cues_dropped (player), ==, 2);
  attempts = galley_audio_engine_get_connect_attempts (engine);
  run_main_loop_for (1000);
  g_assert_cmpuint (galley_audio_engine_get_connect_attempts (engine), >, attempts);
  g_assert_cmpuint (galley_audio_engine_get_connect_attempts (engine), <=, attempts + 5);
  g_assert_cmpint (galley_audio_engine_get_state (engine), ==, GALLEY_AUDIO_STATE_FAILED);

  /* it comes back: the engine reconnects by itself and cues play again */
  ctl_command (&ctl, "up");
  g_assert_true (galley_test_spin_until (engine_is_ready, engine, WAIT_MS));
  g_assert_cmpuint (galley_audio_engine_get_reconnects (engine), ==, 1);
  g_assert_null (galley_audio_engine_get_error_message (engine));
  galley_cue_player_play (player, GALLEY_CUE_TEST);
  wait_settled (player, 3);
  g_assert_cmpuint (galley_cue_player_get_cues_played (player), ==, 1);

  g_assert_finalize_object (player);
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
  galley_test_assert_no_galley_objects ();
  galley_test_baseline_assert (&base);

  ctl_command (&ctl, "down");
  ctl_stop (&ctl);
}

/* ------------------------------------------------------------------ main */

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static char *
make_runtime_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("galley-test-audio-run-XXXXXX", &error);

  g_assert_no_error (error);
  /* before any thread exists: setenv is not thread-safe */
  g_setenv ("XDG_RUNTIME_DIR", dir, TRUE);
  g_setenv ("PIPEWIRE_RUNTIME_DIR", dir, TRUE);

  return dir;
}

int
main (int    argc,
      char **argv)
{
  int ret;

  mode = g_getenv ("GALLEY_AUDIO_MODE");
  if (g_strcmp0 (mode, "no-daemon") == 0)
    {
      private_runtime_dir = make_runtime_dir ();   /* empty */
      g_setenv ("PIPEWIRE_REMOTE", "galley-no-such-socket", TRUE);
    }
  else if (g_strcmp0 (mode, "private-daemon") == 0)
    {
      private_runtime_dir = make_runtime_dir ();
      g_unsetenv ("PIPEWIRE_REMOTE");
    }

  strict_timing = g_getenv ("GALLEY_TEST_VALGRIND") == NULL;

  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();
  galley_test_track_all ();

  if (g_strcmp0 (mode, "private-daemon") == 0)
    {
      g_test_add_func ("/audio/daemon/kill-restart", test_daemon_kill_restart);
    }
  else
    {
      g_test_add_func ("/audio/cue/patterns-distinct", test_cue_patterns_distinct);
      g_test_add_func ("/audio/cue/render", test_cue_render);
      g_test_add_func ("/audio/cue/render-volume", test_cue_render_volume);
      g_test_add_func ("/audio/cue-player/properties", test_player_properties);
    }

  if (g_strcmp0 (mode, "no-daemon") == 0)
    {
      g_test_add_func ("/audio/no-daemon/fails", test_no_daemon_fails);
      g_test_add_func ("/audio/no-daemon/backoff", test_no_daemon_backoff);
      g_test_add_func ("/audio/no-daemon/play", test_no_daemon_play);
      g_test_add_func ("/audio/no-daemon/lifecycle", test_no_daemon_lifecycle);
    }
  else if (mode == NULL)
    {
      g_test_add_func ("/audio/engine/lifecycle", test_engine_lifecycle);
      g_test_add_func ("/audio/cue-player/lifecycle", test_player_lifecycle);
      g_test_add_func ("/audio/cue-player/dispose-while-playing",
                       test_player_dispose_while_playing);
      g_test_add_func ("/audio/cue-player/lazy-start", test_lazy_start);
      g_test_add_func ("/audio/cue-player/each-cue-plays", test_each_cue_plays);
      g_test_add_func ("/audio/cue-player/speaker", test_speaker_target);
      g_test_add_func ("/audio/cue-player/volume", test_volume);
      g_test_add_func ("/audio/cue-player/silence", test_silence);
      g_test_add_func ("/audio/cue-player/burst", test_burst);
    }

  ret = g_test_run ();

  if (private_runtime_dir != NULL)
    {
      remove_tree (private_runtime_dir);
      g_free (private_runtime_dir);
    }

  return ret;
}
