/* test-audio-voice.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The voice microphone (GalleyAudioCapture) and speaker (GalleyAudioPlayback) against real
 * PipeWire daemons (guide/testing.md §8, spec/voice.md §4, §7). One binary, three
 * environments, chosen by GALLEY_AUDIO_MODE like tests/test-audio.c:
 *
 *   (unset)         under tests/audio/with-audio.sh: a private PipeWire + WirePlumber with the
 *                   virtual microphone "ci_mic" (fed by playing into "ci_mic_feed") and the
 *                   virtual speaker "ci_speaker" (recorded from its monitor with pw-record).
 *   no-daemon       no sound service at all: the typed errors, and nothing is held.
 *   private-daemon  the test drives its own daemons (tests/audio/audio-ctl.sh): PipeWire
 *                   killed mid-capture and mid-reply; microphone and speaker removed.
 */
#include <math.h>
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "galley-testutil.h"
#include "audio/galley-audio-capture.h"
#include "audio/galley-audio-engine.h"
#include "audio/galley-audio-playback.h"

#define RATE         24000
#define REC_RATE     48000
#define WAIT_MS      20000       /* generous: valgrind runs clients 20-30x slower */

static const char *mode;
static char *private_runtime_dir;
static GThread *main_thread;
static gboolean under_valgrind;

/* ------------------------------------------------------------------ small helpers */

static gboolean
engine_is_ready (gpointer data)
{
  return galley_audio_engine_get_state (data) == GALLEY_AUDIO_STATE_READY;
}

static GalleyAudioEngine *
ready_engine (void)
{
  GalleyAudioEngine *engine = galley_audio_engine_new ();

  galley_audio_engine_start (engine);
  g_assert_true (galley_test_spin_until (engine_is_ready, engine, WAIT_MS));

  return engine;
}

/* Threads of this process (/proc/self/task), except GLib's shared GTask pool ("pool-…"),
 * whose idle workers linger by design and which Galley's audio code never uses (the
 * subprocess helpers of this test do). PipeWire's data loop thread is counted. */
static guint
count_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/comm", tid);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (path, &comm, NULL, NULL) && g_str_has_prefix (comm, "pool-"))
        continue;
      n++;
    }

  return n;
}

typedef struct
{
  guint limit;
} ThreadWait;

static gboolean
threads_at_most (gpointer data)
{
  return count_threads () <= ((ThreadWait *) data)->limit;
}

/* Threads end asynchronously (GLib's workers, PipeWire's data loop joins at destroy): wait. */
static void
assert_threads_at_most (guint limit)
{
  ThreadWait w = { limit };

  if (!galley_test_spin_until (threads_at_most, &w, 5000))
    {
      g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
      const char *tid;

      g_test_message ("threads: %u, expected at most %u", count_threads (), limit);
      while ((tid = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/comm", tid);
          g_autofree char *comm = NULL;

          g_file_get_contents (path, &comm, NULL, NULL);
          g_test_message ("  thread %s: %s", tid, comm != NULL ? g_strchomp (comm) : "?");
        }
    }
  g_assert_cmpuint (count_threads (), <=, limit);
}

typedef struct
{
  guint limit;
} FdWait;

static gboolean
fds_at_most (gpointer data)
{
  return galley_test_count_fds () <= ((FdWait *) data)->limit;
}

/* The daemon frees the memory it shared with a stream asynchronously: the client closes
 * those memfds when its "remove mem" messages arrive. Wait for the streams' nodes to be gone
 * and the fds back (bounded), then compare with the baseline. */
static void
assert_baseline_settled (const GalleyTestBaseline *base)
{
  FdWait w = { g_strv_length (base->fds) };

  if (g_strcmp0 (mode, "no-daemon") != 0)
    g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
  galley_test_spin_until (fds_at_most, &w, 5000);
  galley_test_baseline_assert (base);
}

static gint16 *
make_tone (double  freq,
           double  amplitude,
           guint   rate,
           guint   ms,
           gsize  *n_samples)
{
  gsize n = (gsize) rate * ms / 1000;
  gint16 *s = g_new (gint16, n);

  for (gsize i = 0; i < n; i++)
    s[i] = (gint16) lrint (amplitude * 32767.0 * sin (2 * G_PI * freq * i / rate));
  *n_samples = n;

  return s;
}

static void
write_wav (const char   *path,
           const gint16 *s,
           gsize         n,
           guint         rate)
{
  g_autoptr(GError) error = NULL;
  guint8 h[44];
  guint32 data_len = (guint32) (n * 2);
  g_autoptr(GByteArray) out = g_byte_array_new ();

#define LE32(p, v) do { (p)[0] = (v) & 0xff; (p)[1] = ((v) >> 8) & 0xff; \
                        (p)[2] = ((v) >> 16) & 0xff; (p)[3] = ((v) >> 24) & 0xff; } while (0)
#define LE16(p, v) do { (p)[0] = (v) & 0xff; (p)[1] = ((v) >> 8) & 0xff; } while (0)
  memcpy (h, "RIFF", 4);
  LE32 (h + 4, 36 + data_len);
  memcpy (h + 8, "WAVEfmt ", 8);
  LE32 (h + 16, 16);
  LE16 (h + 20, 1);
  LE16 (h + 22, 1);
  LE32 (h + 24, rate);
  LE32 (h + 28, rate * 2);
  LE16 (h + 32, 2);
  LE16 (h + 34, 16);
  memcpy (h + 36, "data", 4);
  LE32 (h + 40, data_len);
#undef LE32
#undef LE16
  g_byte_array_append (out, h, sizeof h);
  g_byte_array_append (out, (const guint8 *) s, data_len);   /* little-endian host */
  g_assert_true (g_file_set_contents (path, (const char *) out->data, out->len, &error));
  g_assert_no_error (error);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static void
wait_subprocess (GSubprocess *proc)
{
  gboolean done = FALSE;

  g_subprocess_wait_async (proc, NULL, wait_cb, &done);
  if (!galley_test_spin_until (galley_test_is_true, &done, WAIT_MS * 2))
    {
      g_subprocess_force_exit (proc);
      g_assert_true (galley_test_spin_until (galley_test_is_true, &done, WAIT_MS));
      g_assert_not_reached ();
    }
}

typedef struct
{
  const char *prefix;
} LinkWait;

/* "name:port" at the start of a pw-link -l line: that node's port has a link */
static gboolean
node_linked (gpointer data)
{
  LinkWait *w = data;
  const char *argv[] = { "pw-link", "-l", NULL };
  g_autofree char *out = galley_test_spawn_output (argv, 10000);
  g_autofree char *needle = g_strdup_printf ("\n%s:", w->prefix);

  return out != NULL && (g_str_has_prefix (out, needle + 1) || strstr (out, needle) != NULL);
}

static void
wait_linked (const char *node)
{
  LinkWait w = { node };

  g_assert_true (galley_test_spin_until (node_linked, &w, WAIT_MS));
}

/* Rising zero crossings over the loud part: the pitch; and how long it is loud. */
static void
analyse_tone (const gint16 *s,
              gsize         n,
              guint         rate,
              double       *freq,
              double       *loud_ms,
              double       *peak)
{
  const int threshold = 655;   /* 2 % of full scale */
  gsize first = n, last = 0, first_x = 0, last_x = 0, crossings = 0;
  int p = 0;

  for (gsize i = 0; i < n; i++)
    if (abs (s[i]) >= threshold)
      {
        first = MIN (first, i);
        last = i;
        p = MAX (p, abs (s[i]));
      }
  *peak = p / 32768.0;
  if (first >= last)
    {
      *freq = 0;
      *loud_ms = 0;
      return;
    }
  for (gsize k = first + 1; k <= last; k++)
    if (s[k - 1] < 0 && s[k] >= 0)
      {
        if (crossings++ == 0)
          first_x = k;
        last_x = k;
      }
  *freq = crossings > 1 ? (crossings - 1) * (double) rate / (last_x - first_x) : 0;
  *loud_ms = (last - first + 1) * 1000.0 / rate;
}

/* ------------------------------------------------------------------ recording the speaker */

typedef struct
{
  GSubprocess *proc;
  char        *dir;
  char        *path;
} Recorder;

static Recorder *
recorder_start_on (const char *sink)
{
  g_autoptr(GError) error = NULL;
  Recorder *r = g_new0 (Recorder, 1);

  g_assert_true (galley_test_wait_pw_nodes ("pw-record", 0, WAIT_MS));
  r->dir = g_dir_make_tmp ("galley-test-voice-XXXXXX", &error);
  g_assert_no_error (error);
  r->path = g_build_filename (r->dir, "rec.wav", NULL);
  r->proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              "pw-record", "-P", "{ stream.capture.sink = true }",
                              "--target", sink, "--rate", "48000", "--channels", "1",
                              "--format", "s16", r->path, NULL);
  g_assert_no_error (error);
  wait_linked ("pw-record");

  return r;
}

static Recorder *
recorder_start (void)
{
  return recorder_start_on ("ci_speaker");
}

static gint16 *
read_wav (const char *path,
          gsize      *n_samples)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0, pos = 12;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_no_error (error);
  g_assert_true (len >= 12 && memcmp (data, "RIFF", 4) == 0);

  while (pos + 8 <= len)
    {
      const guint8 *h = (const guint8 *) data + pos;
      guint32 size = h[4] | h[5] << 8 | h[6] << 16 | (guint32) h[7] << 24;

      if (memcmp (h, "data", 4) == 0)
        {
          gsize avail = len - pos - 8;
          gsize n = (size == 0 || size > avail) ? avail : size;
          gint16 *samples = g_new (gint16, n / 2 + 1);

          memcpy (samples, h + 8, n / 2 * 2);
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

  galley_test_spin_for (300);
  g_subprocess_send_signal (r->proc, SIGINT);
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

/* ------------------------------------------------------------------ capture helpers */

typedef struct
{
  guint       n;
  gsize       last_size;
  gboolean    sizes_ok;
  gsize       expected_size;
  gboolean    off_thread;
  GByteArray *pcm;            /* everything, when set */
  gboolean    stop_in_handler;
} Chunks;

static void
chunk_cb (GalleyAudioCapture *capture,
          GBytes             *pcm,
          Chunks             *c)
{
  gsize size = g_bytes_get_size (pcm);

  if (g_thread_self () != main_thread)
    c->off_thread = TRUE;
  if (c->expected_size != 0 && size != c->expected_size)
    {
      g_test_message ("chunk of %" G_GSIZE_FORMAT " bytes, expected %" G_GSIZE_FORMAT, size,
                      c->expected_size);
      c->sizes_ok = FALSE;
    }
  c->last_size = size;
  c->n++;
  if (c->pcm != NULL)
    g_byte_array_append (c->pcm, g_bytes_get_data (pcm, NULL), size);
  if (c->stop_in_handler)
    galley_audio_capture_stop (capture);
}

static gboolean
got_chunks (gpointer data)
{
  return ((Chunks *) data)->n > 0;
}

typedef struct
{
  GError *error;
  guint   n;
} Problem;

static void
problem_cb (GObject *object,
            GError  *error,
            Problem *p)
{
  g_clear_error (&p->error);
  p->error = g_error_copy (error);
  p->n++;
}

static gboolean
got_problem (gpointer data)
{
  return ((Problem *) data)->n > 0;
}

/* ------------------------------------------------------------------ pure: properties */

static void
test_properties (void)
{
  GalleyAudioEngine *engine = galley_audio_engine_new ();
  GalleyAudioCapture *capture = galley_audio_capture_new (engine, 16000);
  GalleyAudioPlayback *playback = galley_audio_playback_new (engine, RATE);
  guint chunk_notifies = 0, target_notifies = 0;
  g_autofree char *target = NULL;
  guint64 overflows = 1;
  gboolean running = TRUE;

  g_signal_connect_swapped (capture, "notify::chunk-ms", G_CALLBACK (galley_test_count_cb),
                            &chunk_notifies);
  g_signal_connect_swapped (capture, "notify::target", G_CALLBACK (galley_test_count_cb),
                            &target_notifies);

  g_assert_true (galley_audio_capture_get_engine (capture) == engine);
  g_assert_cmpuint (galley_audio_capture_get_rate (capture), ==, 16000);
  g_assert_cmpuint (galley_audio_capture_get_chunk_ms (capture), ==, 20);
  g_assert_null (galley_audio_capture_get_target (capture));
  g_assert_cmpfloat (galley_audio_capture_get_level (capture), ==, 0.0);
  g_object_get (capture, "overflows", &overflows, "running", &running, NULL);
  g_assert_cmpuint (overflows, ==, 0);
  g_assert_false (running);

  galley_audio_capture_set_chunk_ms (capture, 30);
  galley_audio_capture_set_chunk_ms (capture, 30);
  g_object_set (capture, "chunk-ms", 40, NULL);
  g_assert_cmpuint (chunk_notifies, ==, 2);
  g_assert_cmpuint (galley_audio_capture_get_chunk_ms (capture), ==, 40);

  galley_audio_capture_set_target (capture, "echo-cancel-source");
  galley_audio_capture_set_target (capture, "echo-cancel-source");
  g_object_set (capture, "target", "", NULL);     /* empty means the default microphone */
  g_assert_cmpuint (target_notifies, ==, 2);
  g_assert_null (galley_audio_capture_get_target (capture));
  galley_audio_capture_set_target (capture, "42");
  g_object_get (capture, "target", &target, NULL);
  g_assert_cmpstr (target, ==, "42");

  /* a stop before any start does nothing */
  galley_audio_capture_stop (capture);
  g_assert_false (galley_audio_capture_get_running (capture));

  g_assert_true (galley_audio_playback_get_engine (playback) == engine);
  g_assert_cmpuint (galley_audio_playback_get_rate (playback), ==, RATE);
  g_assert_false (galley_audio_playback_get_playing (playback));
  g_assert_cmpint (galley_audio_playback_get_played_ms (playback), ==, 0);
  g_assert_cmpuint (galley_audio_playback_get_overflows (playback), ==, 0);
  g_assert_cmpuint (galley_audio_playback_get_underruns (playback), ==, 0);
  /* nothing queued: flush and end are harmless, and the engine stays untouched */
  galley_audio_playback_flush (playback);
  galley_audio_playback_end_item (playback);
  g_assert_cmpint (galley_audio_engine_get_state (engine), ==, GALLEY_AUDIO_STATE_DISCONNECTED);

  g_assert_finalize_object (capture);
  g_assert_finalize_object (playback);
  g_assert_finalize_object (engine);
}

/* ------------------------------------------------------------------ capture: chunks */

static void
capture_chunks_at (GalleyAudioEngine *engine,
                   guint              rate)
{
  g_autoptr(GError) error = NULL;
  GalleyAudioCapture *capture = galley_audio_capture_new (engine, rate);
  Chunks c = { 0 };
  gint64 t0;
  double secs;

  c.sizes_ok = TRUE;
  c.expected_size = rate * 20 / 1000 * 2;
  g_signal_connect (capture, "chunk", G_CALLBACK (chunk_cb), &c);

  g_assert_cmpuint (galley_audio_capture_get_chunk_ms (capture), ==, 20);
  g_assert_true (galley_audio_capture_start (capture, &error));
  g_assert_no_error (error);
  g_assert_true (galley_audio_capture_get_running (capture));
  g_assert_true (galley_audio_capture_start (capture, &error));   /* running: no-op */
  g_assert_true (galley_test_wait_pw_nodes (GALLEY_AUDIO_CAPTURE_NODE_NAME, 1, WAIT_MS));

  /* chunks of exactly 20 ms, about 50 a second, on the main thread */
  g_assert_true (galley_test_spin_until (got_chunks, &c, WAIT_MS));
  c.n = 0;
  t0 = g_get_monotonic_time ();
  galley_test_spin_for (1000);
  secs = (g_get_monotonic_time () - t0) / 1e6;
  g_test_message ("%u Hz: %u chunks in %.2f s", rate, c.n, secs);
  g_assert_true (c.sizes_ok);
  g_assert_false (c.off_thread);
  if (!under_valgrind)
    {
      /* loose: a busy machine delays the main loop (the chunks then wait in the ring) */
      g_assert_cmpfloat (c.n, >=, secs * 50 * 0.5);
      g_assert_cmpfloat (c.n, <=, secs * 50 * 1.5 + 2);
    }
  else
    g_assert_cmpuint (c.n, >, 0);

  /* 40 ms chunks from the next one on */
  galley_audio_capture_set_chunk_ms (capture, 40);
  c.expected_size = 0;
  g_assert_true (galley_test_spin_until (got_chunks, &c, WAIT_MS));
  c.n = 0;
  c.expected_size = rate * 40 / 1000 * 2;
  galley_test_spin_for (400);
  g_assert_cmpuint (c.n, >, 0);
  g_assert_true (c.sizes_ok);

  /* silence in: the meter rests at 0, nothing dropped */
  g_assert_cmpfloat (galley_audio_capture_get_level (capture), <, 0.02);
  g_assert_cmpuint (galley_audio_capture_get_overflows (capture), ==, 0);
  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 1);

  galley_audio_capture_stop (capture);
  g_assert_false (galley_audio_capture_get_running (capture));
  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 0);
  g_assert_cmpuint (galley_test_count_sources ("galley-audio-capture-"), ==, 0);
  c.n = 0;
  galley_test_spin_for (200);
  g_assert_cmpuint (c.n, ==, 0);                 /* nothing after stop */
  g_assert_finalize_object (capture);
}

static void
test_capture_chunks (void)
{
  GalleyAudioEngine *engine = ready_engine ();

  capture_chunks_at (engine, 24000);
  capture_chunks_at (engine, 16000);
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
}

/* ------------------------------------------------------------------ capture: level */

typedef struct
{
  double max;
} LevelWatch;

static void
level_cb (GalleyAudioCapture *capture,
          GParamSpec         *pspec,
          LevelWatch         *w)
{
  w->max = MAX (w->max, galley_audio_capture_get_level (capture));
}

static gboolean
level_low (gpointer data)
{
  return galley_audio_capture_get_level (data) < 0.02;
}

/* A 440 Hz tone played into the virtual microphone: the meter rises to its peak and falls
 * back after it; the chunks carry the tone at the requested rate (format and rate right). */
static void
test_capture_level (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) pcm = g_byte_array_new ();
  g_autofree gint16 *tone = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *wav = NULL;
  GalleyAudioEngine *engine = ready_engine ();
  GalleyAudioCapture *capture = galley_audio_capture_new (engine, RATE);
  GSubprocess *feed;
  LevelWatch w = { 0 };
  Chunks c = { 0 };
  gsize n;
  double freq, loud_ms, peak;

  dir = g_dir_make_tmp ("galley-test-voice-XXXXXX", &error);
  g_assert_no_error (error);
  wav = g_build_filename (dir, "tone.wav", NULL);
  tone = make_tone (440, 0.5, RATE, 1000, &n);
  write_wav (wav, tone, n, RATE);

  c.sizes_ok = TRUE;
  g_signal_connect (capture, "chunk", G_CALLBACK (chunk_cb), &c);
  g_signal_connect (capture, "notify::level", G_CALLBACK (level_cb), &w);
  g_assert_true (galley_audio_capture_start (capture, &error));
  g_assert_true (galley_test_spin_until (got_chunks, &c, WAIT_MS));
  wait_linked (GALLEY_AUDIO_CAPTURE_NODE_NAME);
  galley_test_spin_for (200);
  g_assert_cmpfloat (w.max, <, 0.02);            /* silence so far */

  c.pcm = pcm;
  feed = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "pw-cat", "--playback",
                           "--target", "ci_mic_feed", wav, NULL);
  g_assert_no_error (error);
  wait_subprocess (feed);
  g_assert_true (g_subprocess_get_if_exited (feed));
  g_assert_cmpint (g_subprocess_get_exit_status (feed), ==, 0);
  g_object_unref (feed);

  /* the meter falls back (100 ms half-life) once the tone is over */
  g_assert_true (galley_test_spin_until (level_low, capture, 3000));
  c.pcm = NULL;

  analyse_tone ((const gint16 *) pcm->data, pcm->len / 2, RATE, &freq, &loud_ms, &peak);
  g_test_message ("level peak %.3f; captured %.1f Hz for %.0f ms, peak %.3f", w.max, freq,
                  loud_ms, peak);
  g_assert_cmpfloat (w.max, >=, 0.4);
  g_assert_cmpfloat (w.max, <=, 0.6);
  g_assert_cmpfloat_with_epsilon (freq, 440, 440 * 0.02);
  g_assert_cmpfloat_with_epsilon (peak, 0.5, 0.05);
  if (!under_valgrind)
    g_assert_cmpfloat_with_epsilon (loud_ms, 1000, 60);
  g_assert_true (c.sizes_ok);

  galley_audio_capture_stop (capture);
  g_assert_cmpfloat (galley_audio_capture_get_level (capture), ==, 0.0);
  g_assert_finalize_object (capture);
  g_assert_finalize_object (engine);
  g_unlink (wav);
  g_rmdir (dir);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
}

/* ------------------------------------------------------------------ capture: overflow */

static gboolean
overflows_notified (gpointer data)
{
  return *(guint *) data > 0;
}

/* The main loop blocked for longer than the ring holds: the data thread drops and counts;
 * chunks resume afterwards. */
static void
test_capture_overflow (void)
{
  g_autoptr(GError) error = NULL;
  GalleyAudioEngine *engine = ready_engine ();
  GalleyAudioCapture *capture = galley_audio_capture_new (engine, RATE);
  Chunks c = { 0 };
  guint notifies = 0;
  guint64 overflows;

  g_signal_connect (capture, "chunk", G_CALLBACK (chunk_cb), &c);
  g_signal_connect_swapped (capture, "notify::overflows", G_CALLBACK (galley_test_count_cb),
                            &notifies);
  g_assert_true (galley_audio_capture_start (capture, &error));
  g_assert_true (galley_test_spin_until (got_chunks, &c, WAIT_MS));
  g_assert_cmpuint (galley_audio_capture_get_overflows (capture), ==, 0);

  g_usleep ((GALLEY_AUDIO_CAPTURE_RING_MS + 1000) * 1000);

  g_assert_true (galley_test_spin_until (overflows_notified, &notifies, WAIT_MS));
  overflows = galley_audio_capture_get_overflows (capture);
  g_test_message ("%" G_GUINT64_FORMAT " samples dropped", overflows);
  g_assert_cmpuint (overflows, >, 0);
  if (!under_valgrind)
    g_assert_cmpuint (overflows, <=, RATE * 3);   /* about 1 s of the 4 s blocked */
  c.n = 0;
  galley_test_spin_for (300);
  g_assert_cmpuint (c.n, >, 0);
  g_assert_true (galley_audio_capture_get_running (capture));

  /* the count survives a restart */
  galley_audio_capture_stop (capture);
  g_assert_cmpuint (galley_audio_capture_get_overflows (capture), ==, overflows);
  g_assert_finalize_object (capture);
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
}

/* ------------------------------------------------------------------ capture: stop in handler */

static void
test_capture_stop_in_handler (void)
{
  g_autoptr(GError) error = NULL;
  GalleyAudioEngine *engine = ready_engine ();
  GalleyAudioCapture *capture = galley_audio_capture_new (engine, RATE);
  Chunks c = { 0 };

  c.stop_in_handler = TRUE;
  g_signal_connect (capture, "chunk", G_CALLBACK (chunk_cb), &c);
  g_assert_true (galley_audio_capture_start (capture, &error));
  g_assert_true (galley_test_spin_until (got_chunks, &c, WAIT_MS));
  galley_test_spin_for (200);
  g_assert_cmpuint (c.n, ==, 1);
  g_assert_false (galley_audio_capture_get_running (capture));

  /* and again */
  c.stop_in_handler = FALSE;
  g_assert_true (galley_audio_capture_start (capture, &error));
  g_assert_no_error (error);
  c.n = 0;
  g_assert_true (galley_test_spin_until (got_chunks, &c, WAIT_MS));
  g_assert_finalize_object (capture);    /* disposed while running */
  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 0);
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
}

/* ------------------------------------------------------------------ lifecycle */

static void
capture_cycle (GalleyAudioEngine *engine,
               guint              i)
{
  g_autoptr(GError) error = NULL;
  GalleyAudioCapture *capture = galley_audio_capture_new (engine, i % 2 ? 16000 : RATE);
  Chunks c = { 0 };

  g_signal_connect (capture, "chunk", G_CALLBACK (chunk_cb), &c);
  g_assert_true (galley_audio_capture_start (capture, &error));
  g_assert_no_error (error);
  g_assert_true (galley_test_spin_until (got_chunks, &c, WAIT_MS));
  galley_test_assert_tracked (GALLEY_TYPE_AUDIO_CAPTURE, 1);
  if (i % 3 != 0)                    /* every third: destroyed while running */
    galley_audio_capture_stop (capture);
  g_assert_finalize_object (capture);
  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 0);
}

static void
test_capture_lifecycle (void)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  g_auto (GalleyTestBaseline) live = { 0 };
  GalleyAudioEngine *engine;
  guint n = galley_test_iterations (200), threads0, threads1;

  engine = ready_engine ();              /* warm-up: pw_init, plugins, GLib workers */
  capture_cycle (engine, 0);
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
  galley_test_baseline_take (&base);
  threads0 = count_threads ();

  engine = ready_engine ();
  /* the gate sees PipeWire's threads: more while an engine is connected */
  g_test_message ("threads: %u without an engine, %u with one", threads0, count_threads ());
  g_assert_cmpuint (count_threads (), >, threads0);
  capture_cycle (engine, 0);
  /* also while the engine lives: its teardown would hide what a capture left on its loop */
  galley_test_baseline_take (&live);
  threads1 = count_threads ();
  for (guint i = 0; i < n; i++)
    capture_cycle (engine, i);
  galley_test_assert_tracked (GALLEY_TYPE_AUDIO_CAPTURE, 0);
  g_assert_cmpuint (galley_test_count_sources ("galley-audio-capture-"), ==, 0);
  assert_baseline_settled (&live);
  assert_threads_at_most (threads1);
  g_assert_finalize_object (engine);

  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
  galley_test_assert_no_galley_objects ();
  assert_baseline_settled (&base);
  assert_threads_at_most (threads0);
}

/* ------------------------------------------------------------------ playback helpers */

static GBytes *
tone_bytes (double freq,
            guint  ms)
{
  gsize n;
  gint16 *s = make_tone (freq, 0.5, RATE, ms, &n);

  return g_bytes_new_take (s, n * 2);
}

/* Writes ms of tone in 40 ms pieces (the Realtime API's deltas come faster than real time). */
static void
write_tone (GalleyAudioPlayback *playback,
            double               freq,
            guint                ms)
{
  g_autoptr(GBytes) all = tone_bytes (freq, ms);
  gsize len = g_bytes_get_size (all), piece = RATE * 40 / 1000 * 2;

  for (gsize off = 0; off < len; off += piece)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (all, off, MIN (piece, len - off));

      galley_audio_playback_write (playback, part);
    }
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  gint64    at;             /* monotonic µs of completion */
} DrainWait;

static void
drained_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  DrainWait *w = user_data;

  w->ok = galley_audio_playback_drain_finish (GALLEY_AUDIO_PLAYBACK (source), result, &w->error);
  w->done = TRUE;
  w->at = g_get_monotonic_time ();
}

static void
drain (GalleyAudioPlayback *playback)
{
  DrainWait w = { 0 };

  galley_audio_playback_drain_async (playback, NULL, drained_cb, &w);
  g_assert_true (galley_test_spin_until (galley_test_is_true, &w.done, WAIT_MS));
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
}

static gboolean
played_at_least (gpointer data)
{
  return galley_audio_playback_get_played_ms (data) >= 400;
}

/* ------------------------------------------------------------------ playback */

static void
test_playback_prebuffer (void)
{
  GalleyAudioEngine *engine = ready_engine ();
  GalleyAudioPlayback *playback = galley_audio_playback_new (engine, RATE);
  guint playing_notifies = 0;

  g_signal_connect_swapped (playback, "notify::playing", G_CALLBACK (galley_test_count_cb),
                            &playing_notifies);

  /* 100 ms: under the prebuffer, nothing plays however long we wait */
  write_tone (playback, 440, 100);
  g_assert_false (galley_audio_playback_get_playing (playback));
  galley_test_spin_for (300);
  g_assert_false (galley_audio_playback_get_playing (playback));
  g_assert_cmpint (galley_audio_playback_get_played_ms (playback), ==, 0);
  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 0);

  /* 160 ms queued: it starts */
  write_tone (playback, 440, 60);
  g_assert_true (galley_audio_playback_get_playing (playback));
  g_assert_cmpuint (playing_notifies, ==, 1);
  galley_audio_playback_flush (playback);
  g_assert_false (galley_audio_playback_get_playing (playback));
  g_assert_cmpuint (playing_notifies, ==, 2);

  /* shorter than the prebuffer, but the item ended: it plays */
  write_tone (playback, 440, 50);
  g_assert_false (galley_audio_playback_get_playing (playback));
  galley_audio_playback_end_item (playback);
  g_assert_true (galley_audio_playback_get_playing (playback));
  drain (playback);
  g_assert_false (galley_audio_playback_get_playing (playback));
  g_assert_cmpint (galley_audio_playback_get_played_ms (playback), ==, 50);

  g_assert_finalize_object (playback);
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
}

typedef struct
{
  GalleyAudioPlayback *playback;
  gint64               last;
  gint64               received;
} Monotonic;

/* checks on every main-loop turn that played_ms grows and stays within what was received */
static gboolean
played_monotonic_until_done (gpointer data)
{
  Monotonic *m = data;
  gint64 p = galley_audio_playback_get_played_ms (m->playback);

  g_assert_cmpint (p, >=, m->last);
  g_assert_cmpint (p, <=, m->received);
  m->last = p;

  return !galley_audio_playback_get_playing (m->playback);
}

/* Two replies, with a pause between (the stream is paused and resumed): each is heard whole,
 * at its pitch; drain completes after each; played_ms is the item's length. */
static void
test_playback_plays (void)
{
  GalleyAudioEngine *engine = ready_engine ();
  GalleyAudioPlayback *playback = galley_audio_playback_new (engine, RATE);
  g_autofree gint16 *s = NULL;
  Recorder *r;
  gsize n = 0, half;
  double freq, loud_ms, peak;
  Monotonic mw = { playback, 0, 1000 };

  r = recorder_start ();
  write_tone (playback, 440, 1000);
  galley_audio_playback_end_item (playback);
  g_assert_true (galley_audio_playback_get_playing (playback));
  /* played_ms grows, never past what was received */
  g_assert_true (galley_test_spin_until (played_monotonic_until_done, &mw, WAIT_MS));
  g_assert_cmpint (mw.last, >, 0);
  drain (playback);
  g_assert_cmpint (galley_audio_playback_get_played_ms (playback), ==, 1000);
  galley_test_spin_for (500);

  write_tone (playback, 880, 400);
  drain (playback);
  g_assert_cmpint (galley_audio_playback_get_played_ms (playback), ==, 400);
  s = recorder_stop (r, &n);

  /* the two tones, one after the other: split at the first 880 Hz half */
  g_assert_cmpuint (galley_audio_playback_get_overflows (playback), ==, 0);
  analyse_tone (s, n, REC_RATE, &freq, &loud_ms, &peak);
  g_test_message ("recorded %.0f ms loud in all, peak %.3f, underruns %" G_GUINT64_FORMAT,
                  loud_ms, peak, galley_audio_playback_get_underruns (playback));
  g_assert_cmpfloat_with_epsilon (peak, 0.5, 0.05);
  {
    gsize first = 0, last_loud = 0, gap_start = 0;

    for (gsize i = 0; i < n; i++)
      if (abs (s[i]) >= 655)
        {
          if (first == 0)
            first = i;
          /* a silent stretch longer than 200 ms: the pause between the replies */
          if (last_loud != 0 && i - last_loud > REC_RATE / 5 && gap_start == 0)
            gap_start = i;
          last_loud = i;
        }
    g_assert_cmpuint (gap_start, >, 0);
    half = gap_start;
    analyse_tone (s, half, REC_RATE, &freq, &loud_ms, &peak);
    g_test_message ("first reply: %.1f Hz, %.0f ms", freq, loud_ms);
    g_assert_cmpfloat_with_epsilon (freq, 440, 440 * 0.02);
    if (!under_valgrind)
      g_assert_cmpfloat_with_epsilon (loud_ms, 1000, 30);
    analyse_tone (s + half, n - half, REC_RATE, &freq, &loud_ms, &peak);
    g_test_message ("second reply: %.1f Hz, %.0f ms", freq, loud_ms);
    g_assert_cmpfloat_with_epsilon (freq, 880, 880 * 0.02);
    if (!under_valgrind)
      g_assert_cmpfloat_with_epsilon (loud_ms, 400, 30);
  }

  g_assert_finalize_object (playback);
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
}

/* Plays one @hz reply of @ms while @sink's monitor records; returns the recorded peak. A
 * target change in @mid (may be NULL) is made while the reply plays. */
static double
play_recorded_on (GalleyAudioPlayback *playback,
                  const char          *sink,
                  guint                hz,
                  guint                ms,
                  const char          *mid)
{
  g_autofree gint16 *s = NULL;
  Recorder *r = recorder_start_on (sink);
  double freq = 0, loud_ms = 0, peak = 0;
  gsize n = 0;

  write_tone (playback, hz, ms);
  galley_audio_playback_end_item (playback);
  if (mid != NULL)
    {
      g_assert_true (galley_audio_playback_get_playing (playback));
      galley_audio_playback_set_target (playback, mid);
    }
  drain (playback);
  s = recorder_stop (r, &n);
  analyse_tone (s, n, REC_RATE, &freq, &loud_ms, &peak);
  g_test_message ("%s: %.1f Hz, %.0f ms, peak %.3f", sink, freq, loud_ms, peak);
  if (peak > 0.1)
    g_assert_cmpfloat_with_epsilon (freq, hz, hz * 0.02);

  return peak;
}

/* The speaker choice (GalleyAudioPlayback:target): replies land on the chosen sink only; a
 * change while a reply plays lets it finish there and moves the next reply; a change while
 * idle applies at the next reply. No restart, no new object. */
static void
test_playback_speaker (void)
{
  GalleyAudioEngine *engine = ready_engine ();
  GalleyAudioPlayback *playback = galley_audio_playback_new (engine, RATE);

  g_object_set (playback, "target", "ci_speaker2", NULL);
  g_assert_cmpstr (galley_audio_playback_get_target (playback), ==, "ci_speaker2");

  /* the default speaker hears nothing */
  g_assert_cmpfloat (play_recorded_on (playback, "ci_speaker", 440, 400, NULL), <, 0.01);
  /* the chosen one does; switched back to the default mid-reply, it still plays out there */
  g_assert_cmpfloat_with_epsilon (play_recorded_on (playback, "ci_speaker2", 660, 600, ""),
                                  0.5, 0.05);
  g_assert_null (galley_audio_playback_get_target (playback));
  /* the next reply is on the default speaker */
  g_assert_cmpfloat_with_epsilon (play_recorded_on (playback, "ci_speaker", 880, 400, NULL),
                                  0.5, 0.05);
  /* and an idle change applies at once to the next reply */
  galley_audio_playback_set_target (playback, "ci_speaker2");
  g_assert_cmpfloat_with_epsilon (play_recorded_on (playback, "ci_speaker2", 550, 400, NULL),
                                  0.5, 0.05);

  g_assert_finalize_object (playback);
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
}

/* Barge-in: a flush stops the sound at once; played_ms keeps what was heard, which matches
 * the recording; a drain waiting completes; the next reply plays. */
static void
test_playback_flush (void)
{
  GalleyAudioEngine *engine = ready_engine ();
  GalleyAudioPlayback *playback = galley_audio_playback_new (engine, RATE);
  g_autofree gint16 *s = NULL;
  DrainWait w = { 0 };
  Recorder *r;
  gsize n = 0;
  gint64 played;
  double freq, loud_ms, peak;

  r = recorder_start ();
  write_tone (playback, 440, 3000);
  galley_audio_playback_drain_async (playback, NULL, drained_cb, &w);
  g_assert_true (galley_test_spin_until (played_at_least, playback, WAIT_MS));
  galley_audio_playback_flush (playback);
  played = galley_audio_playback_get_played_ms (playback);
  g_assert_false (galley_audio_playback_get_playing (playback));
  g_assert_true (galley_test_spin_until (galley_test_is_true, &w.done, WAIT_MS));
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
  galley_test_spin_for (300);
  g_assert_cmpint (galley_audio_playback_get_played_ms (playback), ==, played);
  s = recorder_stop (r, &n);

  analyse_tone (s, n, REC_RATE, &freq, &loud_ms, &peak);
  g_test_message ("played_ms %" G_GINT64_FORMAT ", heard %.0f ms", played, loud_ms);
  g_assert_cmpint (played, >=, 400);
  g_assert_cmpint (played, <, 3000);
  if (!under_valgrind)
    {
      g_assert_cmpint (played, <, 1500);
      /* what played_ms says was played is what the speaker got (within two quanta) */
      g_assert_cmpfloat_with_epsilon (loud_ms, played, 60);
    }

  /* a new reply after the barge-in plays from its start */
  write_tone (playback, 440, 200);
  g_assert_cmpint (galley_audio_playback_get_played_ms (playback), <, 100);
  drain (playback);
  g_assert_cmpint (galley_audio_playback_get_played_ms (playback), ==, 200);

  g_assert_finalize_object (playback);
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
}

static gboolean
has_underruns (gpointer data)
{
  return galley_audio_playback_get_underruns (data) > 0;
}

static void
test_playback_underrun_overflow (void)
{
  GalleyAudioEngine *engine = ready_engine ();
  GalleyAudioPlayback *playback = galley_audio_playback_new (engine, RATE);
  g_autoptr(GBytes) second = tone_bytes (440, 1000);
  guint64 overflows;

  /* 200 ms, then nothing while the item is open: the data thread pads and counts */
  write_tone (playback, 440, 200);
  g_assert_true (galley_audio_playback_get_playing (playback));
  g_assert_true (galley_test_spin_until (has_underruns, playback, WAIT_MS));
  g_assert_true (galley_audio_playback_get_playing (playback));
  galley_audio_playback_flush (playback);

  /* 61 s at once into a 60 s ring: about a second is dropped, counted in samples */
  for (guint i = 0; i < 61; i++)
    galley_audio_playback_write (playback, second);
  overflows = galley_audio_playback_get_overflows (playback);
  g_test_message ("%" G_GUINT64_FORMAT " samples dropped", overflows);
  g_assert_cmpuint (overflows, >, RATE / 2);
  g_assert_cmpuint (overflows, <=, RATE);
  galley_audio_playback_flush (playback);

  g_assert_finalize_object (playback);
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
}

static void
test_playback_drain_cancel (void)
{
  GalleyAudioEngine *engine = ready_engine ();
  GalleyAudioPlayback *playback = galley_audio_playback_new (engine, RATE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  DrainWait w1 = { 0 }, w2 = { 0 }, w3 = { 0 };

  /* nothing queued: at once */
  drain (playback);

  write_tone (playback, 440, 2000);
  galley_audio_playback_drain_async (playback, cancellable, drained_cb, &w1);
  galley_audio_playback_drain_async (playback, NULL, drained_cb, &w2);
  g_cancellable_cancel (cancellable);
  g_assert_true (galley_test_spin_until (galley_test_is_true, &w1.done, WAIT_MS));
  g_assert_error (w1.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (w2.done);
  g_assert_true (galley_audio_playback_get_playing (playback));

  /* already cancelled */
  galley_audio_playback_drain_async (playback, cancellable, drained_cb, &w3);
  g_assert_true (galley_test_spin_until (galley_test_is_true, &w3.done, WAIT_MS));
  g_assert_error (w3.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_true (galley_test_spin_until (galley_test_is_true, &w2.done, WAIT_MS));
  g_assert_no_error (w2.error);
  g_assert_true (w2.ok);
  g_assert_cmpint (galley_audio_playback_get_played_ms (playback), ==, 2000);
  g_clear_error (&w1.error);
  g_clear_error (&w3.error);

  g_assert_finalize_object (playback);
  g_assert_finalize_object (engine);
}

static void
playback_cycle (GalleyAudioEngine *engine,
                guint              i)
{
  GalleyAudioPlayback *playback = galley_audio_playback_new (engine, RATE);

  write_tone (playback, 440, 160);
  g_assert_true (galley_audio_playback_get_playing (playback));
  if (i % 3 != 0)
    drain (playback);                /* every third: destroyed while playing */
  g_assert_finalize_object (playback);
  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 0);
}

static void
test_playback_lifecycle (void)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  g_auto (GalleyTestBaseline) live = { 0 };
  GalleyAudioEngine *engine;
  guint n = galley_test_iterations (100), threads0, threads1;

  engine = ready_engine ();
  playback_cycle (engine, 1);
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
  galley_test_baseline_take (&base);
  threads0 = count_threads ();

  engine = ready_engine ();
  playback_cycle (engine, 1);
  galley_test_baseline_take (&live);
  threads1 = count_threads ();
  for (guint i = 0; i < n; i++)
    playback_cycle (engine, i);
  galley_test_assert_tracked (GALLEY_TYPE_AUDIO_PLAYBACK, 0);
  g_assert_cmpuint (galley_test_count_sources ("galley-audio-playback-"), ==, 0);
  assert_baseline_settled (&live);
  assert_threads_at_most (threads1);
  g_assert_finalize_object (engine);

  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
  galley_test_assert_no_galley_objects ();
  assert_baseline_settled (&base);
  assert_threads_at_most (threads0);
}

/* ------------------------------------------------------------------ no sound service */

static void
no_daemon_cycle (void)
{
  g_autoptr(GError) error = NULL;
  GalleyAudioEngine *engine = galley_audio_engine_new ();
  GalleyAudioCapture *capture = galley_audio_capture_new (engine, RATE);
  GalleyAudioPlayback *playback = galley_audio_playback_new (engine, RATE);

  g_assert_false (galley_audio_capture_start (capture, &error));
  g_assert_error (error, GALLEY_AUDIO_ERROR, GALLEY_AUDIO_ERROR_NO_SERVICE);
  g_assert_cmpstr (error->message, ==,
                   "Sound service is not running. Voice ordering is off; you can still take "
                   "orders by touch.");
  g_assert_false (galley_audio_capture_get_running (capture));
  g_assert_cmpint (galley_audio_engine_get_state (engine), ==, GALLEY_AUDIO_STATE_FAILED);

  /* the speaker drops the audio; a drain has nothing to wait for */
  write_tone (playback, 440, 500);
  galley_audio_playback_end_item (playback);
  g_assert_false (galley_audio_playback_get_playing (playback));
  drain (playback);

  g_assert_cmpuint (galley_test_count_sources ("galley-audio-capture-"), ==, 0);
  g_assert_cmpuint (galley_test_count_sources ("galley-audio-playback-"), ==, 0);
  g_assert_finalize_object (capture);
  g_assert_finalize_object (playback);
  g_assert_finalize_object (engine);
}

static void
test_no_daemon (void)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  guint n = galley_test_iterations (50), threads0;

  no_daemon_cycle ();
  galley_test_baseline_take (&base);
  threads0 = count_threads ();
  for (guint i = 0; i < n; i++)
    no_daemon_cycle ();
  galley_test_assert_no_galley_objects ();
  assert_baseline_settled (&base);
  assert_threads_at_most (threads0);
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

  g_output_stream_close (ctl->in, NULL, &error);
  g_assert_no_error (error);
  wait_subprocess (ctl->proc);
  g_assert_true (g_subprocess_get_if_exited (ctl->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (ctl->proc), ==, 0);
  g_clear_object (&ctl->out);
  g_clear_object (&ctl->proc);
}

/* PipeWire is killed while the microphone streams and a reply plays: both stop with
 * "Audio stopped", the drain ends with that error, nothing is held; once the service is
 * back, capture starts again. */
static void
test_daemon_killed (void)
{
  g_auto (GalleyTestBaseline) base = { 0 };
  g_autoptr(GError) error = NULL;
  Ctl ctl = { 0 };
  GalleyAudioEngine *engine;
  GalleyAudioCapture *capture;
  GalleyAudioPlayback *playback;
  Chunks c = { 0 };
  Problem cp = { 0 }, pp = { 0 };
  DrainWait w = { 0 };
  guint threads0;

  ctl_start (&ctl);
  ctl_command (&ctl, "up");

  engine = ready_engine ();                  /* warm-up */
  capture_cycle (engine, 1);
  g_assert_finalize_object (engine);
  galley_test_baseline_take (&base);
  threads0 = count_threads ();

  engine = ready_engine ();
  galley_audio_engine_set_backoff (engine, 100, 500);
  capture = galley_audio_capture_new (engine, RATE);
  playback = galley_audio_playback_new (engine, RATE);
  g_signal_connect (capture, "chunk", G_CALLBACK (chunk_cb), &c);
  g_signal_connect (capture, "problem", G_CALLBACK (problem_cb), &cp);
  g_signal_connect (playback, "problem", G_CALLBACK (problem_cb), &pp);

  g_assert_true (galley_audio_capture_start (capture, &error));
  g_assert_true (galley_test_spin_until (got_chunks, &c, WAIT_MS));
  write_tone (playback, 440, 5000);
  galley_audio_playback_drain_async (playback, NULL, drained_cb, &w);
  g_assert_true (galley_test_spin_until (played_at_least, playback, WAIT_MS));

  ctl_command (&ctl, "kill");
  g_assert_true (galley_test_spin_until (got_problem, &cp, WAIT_MS));
  g_assert_true (galley_test_spin_until (got_problem, &pp, WAIT_MS));
  g_assert_true (galley_test_spin_until (galley_test_is_true, &w.done, WAIT_MS));
  g_test_message ("capture: %s; playback: %s", cp.error->message, pp.error->message);
  g_assert_error (cp.error, GALLEY_AUDIO_ERROR, GALLEY_AUDIO_ERROR_STOPPED);
  g_assert_error (pp.error, GALLEY_AUDIO_ERROR, GALLEY_AUDIO_ERROR_STOPPED);
  g_assert_cmpstr (cp.error->message, ==, "Audio stopped. Press Retry to start it again.");
  g_assert_error (w.error, GALLEY_AUDIO_ERROR, GALLEY_AUDIO_ERROR_STOPPED);
  g_assert_cmpuint (cp.n, ==, 1);
  g_assert_cmpuint (pp.n, ==, 1);
  g_assert_false (galley_audio_capture_get_running (capture));
  g_assert_false (galley_audio_playback_get_playing (playback));
  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 0);
  g_assert_cmpuint (galley_test_count_sources ("galley-audio-capture-"), ==, 0);
  g_assert_cmpuint (galley_test_count_sources ("galley-audio-playback-"), ==, 0);

  /* the service comes back: Retry works */
  ctl_command (&ctl, "up");
  g_assert_true (galley_test_spin_until (engine_is_ready, engine, WAIT_MS));
  g_assert_true (galley_audio_capture_start (capture, &error));
  g_assert_no_error (error);
  c.n = 0;
  g_assert_true (galley_test_spin_until (got_chunks, &c, WAIT_MS));
  write_tone (playback, 440, 200);
  drain (playback);

  g_assert_finalize_object (capture);
  g_assert_finalize_object (playback);
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
  galley_test_assert_no_galley_objects ();
  assert_baseline_settled (&base);
  assert_threads_at_most (threads0);
  g_clear_error (&cp.error);
  g_clear_error (&pp.error);
  g_clear_error (&w.error);

  ctl_command (&ctl, "down");
  ctl_stop (&ctl);
}

static void
destroy_node (const char *name)
{
  const char *ls[] = { "pw-cli", "ls", "Node", NULL };
  g_autofree char *out = galley_test_spawn_output (ls, 10000);
  g_autofree char *needle = g_strdup_printf ("node.name = \"%s\"", name);
  g_autofree char *id = NULL;
  g_auto (GStrv) lines = NULL;
  const char *current = NULL;

  g_assert_nonnull (out);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && id == NULL; i++)
    {
      const char *l = g_strstrip (lines[i]);

      if (g_str_has_prefix (l, "id "))
        current = l + 3;
      else if (strcmp (l, needle) == 0 && current != NULL)
        id = g_strndup (current, strcspn (current, ","));
    }
  g_assert_nonnull (id);
  {
    const char *argv[] = { "pw-cli", "destroy", id, NULL };
    g_autofree char *done = galley_test_spawn_output (argv, 10000);

    g_assert_nonnull (done);
  }
}

/* No microphone and no speaker at all (the virtual ones destroyed): the typed errors. */
static void
test_no_devices (void)
{
  g_autoptr(GError) error = NULL;
  Ctl ctl = { 0 };
  GalleyAudioEngine *engine;
  GalleyAudioCapture *capture;
  GalleyAudioPlayback *playback;
  Problem cp = { 0 }, pp = { 0 };
  DrainWait w = { 0 };
  gint64 t0;

  ctl_start (&ctl);
  ctl_command (&ctl, "up");
  engine = ready_engine ();
  /* the loopback's two nodes (mic and feed) go together; then the speaker, whose monitor
   * WirePlumber would otherwise offer as a microphone */
  destroy_node ("ci_mic");
  destroy_node ("ci_speaker");
  destroy_node ("ci_speaker2");
  g_assert_true (galley_test_wait_pw_nodes ("ci_", 0, WAIT_MS));

  capture = galley_audio_capture_new (engine, RATE);
  playback = galley_audio_playback_new (engine, RATE);
  g_signal_connect (capture, "problem", G_CALLBACK (problem_cb), &cp);
  g_signal_connect (playback, "problem", G_CALLBACK (problem_cb), &pp);

  t0 = g_get_monotonic_time ();
  g_assert_true (galley_audio_capture_start (capture, &error));
  g_assert_no_error (error);
  write_tone (playback, 440, 500);
  galley_audio_playback_drain_async (playback, NULL, drained_cb, &w);
  g_assert_true (galley_test_spin_until (got_problem, &cp, WAIT_MS));
  g_test_message ("no microphone after %" G_GINT64_FORMAT " ms: %s",
                  (g_get_monotonic_time () - t0) / 1000, cp.error->message);
  if (!under_valgrind)
    g_assert_cmpint (g_get_monotonic_time () - t0, <, 3500 * 1000);
  g_assert_error (cp.error, GALLEY_AUDIO_ERROR, GALLEY_AUDIO_ERROR_NO_MICROPHONE);
  g_assert_cmpstr (cp.error->message, ==,
                   "No microphone found. Plug one in or choose one in Preferences.");
  g_assert_false (galley_audio_capture_get_running (capture));

  g_assert_true (galley_test_spin_until (got_problem, &pp, WAIT_MS));
  g_assert_error (pp.error, GALLEY_AUDIO_ERROR, GALLEY_AUDIO_ERROR_NO_SPEAKER);
  g_assert_true (galley_test_spin_until (galley_test_is_true, &w.done, WAIT_MS));
  g_assert_error (w.error, GALLEY_AUDIO_ERROR, GALLEY_AUDIO_ERROR_NO_SPEAKER);
  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 0);

  g_assert_finalize_object (capture);
  g_assert_finalize_object (playback);
  g_assert_finalize_object (engine);
  g_assert_true (galley_test_wait_pw_nodes ("galley-", 0, WAIT_MS));
  galley_test_assert_no_galley_objects ();
  g_clear_error (&cp.error);
  g_clear_error (&pp.error);
  g_clear_error (&w.error);

  ctl_command (&ctl, "down");
  ctl_stop (&ctl);
}

/* No session manager (WirePlumber stopped): nothing links the streams, so no error comes
 * either. The capture's watchdog reports the missing microphone after
 * GALLEY_AUDIO_CAPTURE_WATCHDOG_MS; a drain gives up after the queued audio plus
 * GALLEY_AUDIO_PLAYBACK_DRAIN_SLACK_MS instead of hanging. */
static void
test_no_session_manager (void)
{
  g_autoptr(GError) error = NULL;
  Ctl ctl = { 0 };
  GalleyAudioEngine *engine;
  GalleyAudioCapture *capture;
  GalleyAudioPlayback *playback;
  Problem cp = { 0 }, pp = { 0 };
  DrainWait w = { 0 };
  gint64 t0, elapsed;

  ctl_start (&ctl);
  ctl_command (&ctl, "up");
  ctl_command (&ctl, "nosm");
  engine = ready_engine ();
  capture = galley_audio_capture_new (engine, RATE);
  playback = galley_audio_playback_new (engine, RATE);
  g_signal_connect (capture, "problem", G_CALLBACK (problem_cb), &cp);
  g_signal_connect (playback, "problem", G_CALLBACK (problem_cb), &pp);

  t0 = g_get_monotonic_time ();
  g_assert_true (galley_audio_capture_start (capture, &error));
  g_assert_no_error (error);
  write_tone (playback, 440, 300);
  galley_audio_playback_drain_async (playback, NULL, drained_cb, &w);

  g_assert_true (galley_test_spin_until (got_problem, &cp, WAIT_MS));
  elapsed = (g_get_monotonic_time () - t0) / 1000;
  g_test_message ("no microphone after %" G_GINT64_FORMAT " ms", elapsed);
  g_assert_cmpint (elapsed, >=, GALLEY_AUDIO_CAPTURE_WATCHDOG_MS - 100);
  g_assert_error (cp.error, GALLEY_AUDIO_ERROR, GALLEY_AUDIO_ERROR_NO_MICROPHONE);
  g_assert_false (galley_audio_capture_get_running (capture));

  g_assert_true (galley_test_spin_until (galley_test_is_true, &w.done, WAIT_MS));
  elapsed = (w.at - t0) / 1000;
  g_test_message ("drain gave up after %" G_GINT64_FORMAT " ms", elapsed);
  g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (elapsed, >=, 300 + GALLEY_AUDIO_PLAYBACK_DRAIN_SLACK_MS - 100);
  if (!under_valgrind)
    g_assert_cmpint (elapsed, <, 300 + GALLEY_AUDIO_PLAYBACK_DRAIN_SLACK_MS + 1000);
  g_assert_cmpint (galley_audio_playback_get_played_ms (playback), ==, 0);

  /* and the speaker's watchdog: nothing was taken, so no speaker; playing stops */
  g_assert_true (galley_test_spin_until (got_problem, &pp, WAIT_MS));
  elapsed = (g_get_monotonic_time () - t0) / 1000;
  g_test_message ("no speaker after %" G_GINT64_FORMAT " ms", elapsed);
  g_assert_cmpint (elapsed, >=, GALLEY_AUDIO_PLAYBACK_WATCHDOG_MS - 100);
  g_assert_error (pp.error, GALLEY_AUDIO_ERROR, GALLEY_AUDIO_ERROR_NO_SPEAKER);
  g_assert_false (galley_audio_playback_get_playing (playback));
  g_assert_cmpuint (pp.n, ==, 1);
  g_clear_error (&pp.error);

  g_assert_finalize_object (capture);
  g_assert_finalize_object (playback);
  g_assert_cmpuint (galley_audio_engine_get_streams_open (engine), ==, 0);
  g_assert_finalize_object (engine);
  galley_test_assert_no_galley_objects ();
  g_assert_cmpuint (galley_test_count_sources ("galley-audio-"), ==, 0);
  g_clear_error (&cp.error);
  g_clear_error (&w.error);

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
  char *dir = g_dir_make_tmp ("galley-test-voice-run-XXXXXX", &error);

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
  under_valgrind = g_getenv ("GALLEY_TEST_VALGRIND") != NULL;
  main_thread = g_thread_self ();

  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();
  galley_test_track_all ();

  if (g_strcmp0 (mode, "no-daemon") == 0)
    {
      g_test_add_func ("/audio/voice/properties", test_properties);
      g_test_add_func ("/audio/voice/no-daemon", test_no_daemon);
    }
  else if (g_strcmp0 (mode, "private-daemon") == 0)
    {
      g_test_add_func ("/audio/voice/daemon/killed", test_daemon_killed);
      g_test_add_func ("/audio/voice/daemon/no-devices", test_no_devices);
      g_test_add_func ("/audio/voice/daemon/no-session-manager", test_no_session_manager);
    }
  else if (g_getenv ("PIPEWIRE_RUNTIME_DIR") == NULL)
    {
      g_printerr ("needs the private PipeWire of tests/audio/with-audio.sh\n");
      return 77;
    }
  else
    {
      g_test_add_func ("/audio/voice/properties", test_properties);
      g_test_add_func ("/audio/voice/capture/chunks", test_capture_chunks);
      g_test_add_func ("/audio/voice/capture/level", test_capture_level);
      g_test_add_func ("/audio/voice/capture/overflow", test_capture_overflow);
      g_test_add_func ("/audio/voice/capture/stop-in-handler", test_capture_stop_in_handler);
      g_test_add_func ("/audio/voice/capture/lifecycle", test_capture_lifecycle);
      g_test_add_func ("/audio/voice/playback/prebuffer", test_playback_prebuffer);
      g_test_add_func ("/audio/voice/playback/plays", test_playback_plays);
      g_test_add_func ("/audio/voice/playback/flush", test_playback_flush);
      g_test_add_func ("/audio/voice/playback/speaker", test_playback_speaker);
      g_test_add_func ("/audio/voice/playback/underrun-overflow",
                       test_playback_underrun_overflow);
      g_test_add_func ("/audio/voice/playback/drain-cancel", test_playback_drain_cancel);
      g_test_add_func ("/audio/voice/playback/lifecycle", test_playback_lifecycle);
    }

  ret = g_test_run ();

  if (private_runtime_dir != NULL)
    {
      remove_tree (private_runtime_dir);
      g_free (private_runtime_dir);
    }

  return ret;
}
