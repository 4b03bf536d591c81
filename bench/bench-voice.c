/* bench-voice.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The voice figures of issue 5, against the in-process fake Realtime server
 * (tests/voice/galley-fake-realtime.c, linked in) and a private PipeWire (run under
 * tests/audio/with-audio.sh: virtual microphone "ci_mic" fed through "ci_mic_feed", virtual
 * speaker "ci_speaker"):
 *   mic        bursts of a 1 kHz tone played into ci_mic_feed with pw-cat. For each burst:
 *              the first GalleyAudioCapture "chunk" above the threshold (its emission time),
 *              the moment Galley hands the input_audio_buffer.append carrying that onset to
 *              libsoup (soup_websocket_connection_send_text, wrapped at link time), and the
 *              moment the fake server received that frame (its log's time_us). Also a lower
 *              bound from the onset sample itself: the audio after the onset already in its
 *              chunk added (PipeWire's capture latency before the chunk is not known here).
 *   speaker    push-to-talk turns answered by the fake with a 400 ms tone. For each: the
 *              first "audio-delta" of the reply (and the fake sending that delta) to the first
 *              sample of the reply taken by PipeWire's data thread from GalleyAudioPlayback's
 *              ring (galley_audio_playback_get_played_ms() > 0, polled every 0.2 ms). Not the
 *              sound at the speaker: one graph quantum more is not in this figure. Also to the
 *              read that brings the reply's first loud sample from pw-record of ci_speaker's
 *              monitor (raw on a pipe): an upper bound, as pw-record writes about 100 ms of
 *              audio at a time (the bench prints its average write).
 *   memory     sessions connected to the fake, one spoken turn with a transcript and an
 *              add_to_order call into a fresh GalleyCart, then disconnected and freed; VmRSS
 *              after 10 and after all.
 *
 * Usage: bench-voice [BURSTS [TURNS [SESSIONS]]]   (defaults 24, 12, 110)
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <libsoup/soup.h>

#include "galley-fake-realtime.h"
#include "audio/galley-audio-capture.h"
#include "audio/galley-audio-engine.h"
#include "audio/galley-audio-playback.h"
#include "cart/galley-cart.h"
#include "demo/galley-demo-menu.h"
#include "menu/galley-menu.h"
#include "net/galley-net-session.h"
#include "voice/galley-realtime-session.h"
#include "voice/galley-voice-credentials.h"

#define RATE            GALLEY_REALTIME_SAMPLE_RATE
#define THRESHOLD       3277       /* 10 % of full scale; the bursts peak at 50 % */
#define QUIET_MS        120        /* this long under the threshold ends a burst */
#define BURST_MS        80
#define BURST_PERIOD_MS 500

static const char append_prefix[] = "{\"type\":\"input_audio_buffer.append\"";

/* ------------------------------------------------------------------ helpers */

static gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

/* Runs the main context until @done (non-blocking iterations with 0.2 ms sleeps, so a
 * poll sees a change within about 0.2 ms), or until @timeout_ms. */
typedef gboolean (*DoneFunc) (gpointer data);

static gboolean
run_until (DoneFunc done,
           gpointer data,
           guint    timeout_ms)
{
  gint64 end = now_us () + (gint64) timeout_ms * 1000;

  while (!done (data))
    {
      if (now_us () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (200);
    }

  return TRUE;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
run_for (guint ms)
{
  run_until (never, NULL, ms);
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* nearest-rank percentile of @n sorted values */
static double
percentile (const double *sorted,
            guint         n,
            double        p)
{
  guint rank = (guint) ceil (p / 100.0 * n);

  return sorted[CLAMP (rank, 1, n) - 1];
}

static void
print_figure (const char *name,
              GArray     *ms,
              double      goal)
{
  double *v = (double *) (gpointer) ms->data;

  if (ms->len == 0)
    {
      g_print ("%-34s no samples\n", name);
      return;
    }
  qsort (v, ms->len, sizeof (double), cmp_double);
  g_print ("%-34s p50 %7.2f ms  p99 %7.2f ms  min %7.2f  max %7.2f  (n=%u)", name,
           percentile (v, ms->len, 50), percentile (v, ms->len, 99), v[0], v[ms->len - 1],
           ms->len);
  if (goal > 0)
    g_print ("  goal < %.0f ms: %s", goal,
             percentile (v, ms->len, 99) < goal ? "met at p99"
             : percentile (v, ms->len, 50) < goal ? "met at p50, missed at p99" : "missed");
  g_print ("\n");
}

static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");

  return line != NULL ? g_ascii_strtod (line + 6, NULL) / 1024.0 : -1;
}

static void
write_wav (const char   *path,
           const gint16 *s,
           gsize         n,
           guint         rate)
{
  guint8 h[44];
  guint32 data_len = (guint32) (n * 2);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;

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
  if (!g_file_set_contents (path, (const char *) out->data, out->len, &error))
    g_error ("%s", error->message);
}

static gboolean
engine_ready (gpointer data)
{
  return galley_audio_engine_get_state (data) == GALLEY_AUDIO_STATE_READY;
}

typedef struct
{
  GalleyRealtimeSession *session;
  GalleyRealtimeState    state;
} StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *w = data;

  return galley_realtime_session_get_state (w->session) == w->state;
}

static void
wait_state (GalleyRealtimeSession *session,
            GalleyRealtimeState    state,
            guint                  timeout_ms)
{
  StateWait w = { session, state };

  if (!run_until (state_is, &w, timeout_ms))
    g_error ("session state %d, not %d, after %u ms", galley_realtime_session_get_state (session),
             state, timeout_ms);
}

/* Time of the nth (0-based) frame of a type in the fake's log, or -1. */
static gint64
frame_time (GalleyFakeRealtime *fake,
            gboolean            from_client,
            const char         *type,
            guint               nth)
{
  GPtrArray *log = galley_fake_realtime_get_log (fake);

  for (guint i = 0; i < log->len; i++)
    {
      GalleyFakeFrame *frame = g_ptr_array_index (log, i);

      if (frame->from_client == from_client && g_strcmp0 (frame->type, type) == 0 && nth-- == 0)
        return frame->time_us;
    }

  return -1;
}

static GalleyMenu *
demo_menu (void)
{
  GalleyMenu *menu = galley_menu_new (NULL);
  g_autoptr(JsonObject) json = json_object_new ();
  g_autoptr(GError) error = NULL;

  json_object_set_array_member (json, "categories", galley_demo_menu_build_categories ());
  json_object_set_array_member (json, "items",
                                galley_demo_menu_build_items (G_GINT64_CONSTANT (1762365600000000)));
  if (!galley_menu_load_json (menu, json, &error))
    g_error ("demo menu: %s", error->message);

  return menu;
}

static GalleyRealtimeSession *
new_session (GalleyNetSession       *net,
             GalleyVoiceCredentials *credentials,
             GalleyFakeRealtime     *fake,
             GalleyCart             *cart)
{
  GalleyRealtimeSession *session = galley_realtime_session_new (net, credentials);
  g_autofree char *url = galley_fake_realtime_dup_url (fake);

  galley_realtime_session_set_base_url (session, url);
  galley_realtime_session_set_restaurant_name (session, "Grow");
  if (cart != NULL)
    galley_realtime_session_set_cart (session, cart);

  return session;
}

/* ------------------------------------------------------------------ the wrapped send */

void __real_soup_websocket_connection_send_text (SoupWebsocketConnection *self,
                                                 const char              *text);
void __wrap_soup_websocket_connection_send_text (SoupWebsocketConnection *self,
                                                 const char              *text);

/* The microphone figure's view of Galley's appends: one entry per burst onset. */
static struct
{
  gboolean  armed;
  gboolean  in_burst;
  gint64    quiet_samples;
  guint     appends;        /* appends sent since armed */
  GArray   *onset_sent_us;  /* gint64 */
  GArray   *onset_ordinal;  /* guint: 0-based index of that append among the appends */
} sent;

static gboolean
loud (const gint16 *s,
      gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (abs (s[i]) >= THRESHOLD)
      return TRUE;

  return FALSE;
}

void
__wrap_soup_websocket_connection_send_text (SoupWebsocketConnection *self,
                                            const char              *text)
{
  if (sent.armed && g_str_has_prefix (text, append_prefix))
    {
      gint64 t = now_us ();
      const char *b64 = strstr (text, "\"audio\":\"");
      g_autofree char *copy = NULL;
      g_autofree guchar *pcm = NULL;
      gsize len = 0;

      if (b64 != NULL)
        {
          b64 += strlen ("\"audio\":\"");
          copy = g_strndup (b64, strcspn (b64, "\""));
          pcm = g_base64_decode (copy, &len);
        }
      if (loud ((const gint16 *) (gpointer) pcm, len / 2))
        {
          if (!sent.in_burst)
            {
              guint ordinal = sent.appends;

              g_array_append_val (sent.onset_sent_us, t);
              g_array_append_val (sent.onset_ordinal, ordinal);
            }
          sent.in_burst = TRUE;
          sent.quiet_samples = 0;
        }
      else if (sent.in_burst && (sent.quiet_samples += len / 2) >= RATE * QUIET_MS / 1000)
        sent.in_burst = FALSE;
      sent.appends++;
    }

  __real_soup_websocket_connection_send_text (self, text);
}

/* ------------------------------------------------------------------ 1. microphone */

typedef struct
{
  GalleyRealtimeSession *session;
  gboolean               armed;
  gboolean               in_burst;
  gint64                 quiet_samples;
  GArray                *onset_chunk_us;   /* gint64 */
  GArray                *onset_age_ms;     /* double: audio after the onset in its chunk */
  guint                  chunks;
} MicRun;

static void
chunk_cb (GalleyAudioCapture *capture,
          GBytes             *bytes,
          MicRun             *run)
{
  gint64 t = now_us ();
  gsize size = 0;
  const gint16 *s = g_bytes_get_data (bytes, &size);
  gsize n = size / sizeof (gint16);

  run->chunks++;
  if (run->armed)
    {
      if (loud (s, n))
        {
          if (!run->in_burst)
            {
              gsize first = 0;
              double age;

              while (abs (s[first]) < THRESHOLD)
                first++;
              age = (n - first) * 1000.0 / RATE;
              g_array_append_val (run->onset_chunk_us, t);
              g_array_append_val (run->onset_age_ms, age);
            }
          run->in_burst = TRUE;
          run->quiet_samples = 0;
        }
      else if (run->in_burst && (run->quiet_samples += n) >= RATE * QUIET_MS / 1000)
        run->in_burst = FALSE;
    }
  /* as the voice panel does (galley-voice-panel-engine.c) */
  galley_realtime_session_append_audio (run->session, s, n);
}

static gboolean
got_chunks (gpointer data)
{
  return ((MicRun *) data)->chunks >= 10;
}

static gboolean
feed_done (gpointer data)
{
  return *(gboolean *) data;
}

static void
feed_wait_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
bench_mic (GalleyAudioEngine      *engine,
           GalleyNetSession       *net,
           GalleyVoiceCredentials *credentials,
           GalleyFakeRealtime     *fake,
           guint                   bursts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) share = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) wire = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) from_onset = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL, *wav = NULL;
  g_autofree gint16 *pcm = NULL;
  gsize period = (gsize) RATE * BURST_PERIOD_MS / 1000, n = period * (bursts + 2);
  GalleyRealtimeSession *session = new_session (net, credentials, fake, NULL);
  GalleyAudioCapture *capture = galley_audio_capture_new (engine, RATE);
  MicRun run = { .session = session };
  GSubprocess *feed;
  gboolean fed = FALSE;
  guint matched;

  /* bursts of 1 kHz at half scale, no fade: the onset is the first sample. Each starts 7 ms
   * later in its period than the one before (modulo 40 ms), so the onsets fall at all phases
   * of the capture's 20 ms chunks (the session's frames are 20 ms too since the voice2 branch;
   * they were 40 ms). */
  pcm = g_new0 (gint16, n);
  for (guint b = 0; b < bursts; b++)
    {
      gsize start = period * (b + 1) + (gsize) RATE * (b * 7 % 40) / 1000;

      for (gsize i = 0; i < (gsize) RATE * BURST_MS / 1000; i++)
        pcm[start + i] = (gint16) lrint (0.5 * 32767.0 * sin (2 * G_PI * 1000 * i / RATE));
    }
  dir = g_dir_make_tmp ("galley-bench-voice-XXXXXX", &error);
  g_assert_no_error (error);
  wav = g_build_filename (dir, "bursts.wav", NULL);
  write_wav (wav, pcm, n, RATE);

  /* voice activity mode: audio goes out whenever the link is ready */
  galley_realtime_session_set_push_to_talk (session, FALSE);
  galley_realtime_session_connect (session);
  wait_state (session, GALLEY_REALTIME_READY, 10000);

  run.onset_chunk_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  run.onset_age_ms = g_array_new (FALSE, FALSE, sizeof (double));
  sent.onset_sent_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  sent.onset_ordinal = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (capture, "chunk", G_CALLBACK (chunk_cb), &run);
  if (!galley_audio_capture_start (capture, &error))
    g_error ("capture: %s", error->message);
  if (!run_until (got_chunks, &run, 5000))
    g_error ("no chunks from the microphone");
  run_for (500);

  galley_fake_realtime_clear_log (fake);
  run.armed = TRUE;
  sent.armed = TRUE;
  sent.appends = 0;
  feed = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "pw-cat", "--playback",
                           "--target", "ci_mic_feed", wav, NULL);
  if (feed == NULL)
    g_error ("pw-cat: %s", error->message);
  g_subprocess_wait_async (feed, NULL, feed_wait_cb, &fed);
  if (!run_until (feed_done, &fed, BURST_PERIOD_MS * (bursts + 10)))
    g_error ("pw-cat did not finish");
  g_object_unref (feed);
  run_for (500);
  run.armed = FALSE;
  sent.armed = FALSE;

  g_signal_handlers_disconnect_by_data (capture, &run);
  galley_audio_capture_stop (capture);

  matched = MIN (run.onset_chunk_us->len, sent.onset_sent_us->len);
  if (run.onset_chunk_us->len != bursts || sent.onset_sent_us->len != bursts)
    g_print ("(bursts: %u played, %u onsets captured, %u onsets sent)\n", bursts,
             run.onset_chunk_us->len, sent.onset_sent_us->len);
  for (guint i = 0; i < matched; i++)
    {
      gint64 chunk = g_array_index (run.onset_chunk_us, gint64, i);
      gint64 out = g_array_index (sent.onset_sent_us, gint64, i);
      gint64 in = frame_time (fake, TRUE, "input_audio_buffer.append",
                              g_array_index (sent.onset_ordinal, guint, i));
      double v;

      if (in < 0)
        g_error ("the fake did not log append %u", g_array_index (sent.onset_ordinal, guint, i));
      v = (in - chunk) / 1000.0;
      g_array_append_val (total, v);
      v = (out - chunk) / 1000.0;
      g_array_append_val (share, v);
      v = (in - out) / 1000.0;
      g_array_append_val (wire, v);
      v = (in - chunk) / 1000.0 + g_array_index (run.onset_age_ms, double, i);
      g_array_append_val (from_onset, v);
    }

  g_print ("frames dropped by the session: %u; reconnects: %u\n",
           galley_realtime_session_get_frames_dropped (session),
           galley_realtime_session_get_reconnects (session));
  print_figure ("mic chunk -> fake received", total, 30);
  print_figure ("  chunk -> append sent (Galley)", share, 0);
  print_figure ("  sent -> fake received (loopback)", wire, 0);
  print_figure ("  (onset's audio already in chunk)", run.onset_age_ms, 0);
  print_figure ("onset sample -> fake (lower bound)", from_onset, 30);

  galley_realtime_session_disconnect (session);
  wait_state (session, GALLEY_REALTIME_IDLE, 5000);
  g_object_unref (capture);
  g_object_unref (session);
  g_array_unref (run.onset_chunk_us);
  g_array_unref (run.onset_age_ms);
  g_clear_pointer (&sent.onset_sent_us, g_array_unref);
  g_clear_pointer (&sent.onset_ordinal, g_array_unref);
  g_unlink (wav);
  g_rmdir (dir);
}

/* ------------------------------------------------------------------ 2. speaker */

typedef struct
{
  GalleyAudioPlayback *playback;
  char                *item;
  gint64               first_delta_us;
  guint                deltas;
  gint64               played_us;       /* first sample taken from the ring, or 0 */
  /* pw-record of ci_speaker's monitor, raw S16 mono 24 kHz on a non-blocking pipe */
  int                  rec_fd;
  gint64               heard_us;        /* the read that brought the first loud sample */
  guint64              rec_reads;
  guint64              rec_bytes;
  guint8               odd_byte;
  gboolean             has_odd_byte;
} SpeakerRun;

/* Reads what pw-record has written; notes when the first loud sample arrives. */
static void
read_recording (SpeakerRun *run)
{
  guint8 buf[8192 + 1];
  gssize got;

  while ((got = read (run->rec_fd, buf + 1, sizeof buf - 1)) > 0)
    {
      gint64 t = now_us ();
      guint8 *start = buf + 1;
      gsize len = (gsize) got;

      run->rec_reads++;
      run->rec_bytes += len;
      if (run->has_odd_byte)
        {
          *--start = run->odd_byte;
          len++;
        }
      run->has_odd_byte = len % 2 != 0;
      if (run->has_odd_byte)
        run->odd_byte = start[--len];
      if (run->deltas > 0 && run->heard_us == 0)
        {
          gint16 *samples = g_new (gint16, len / 2);

          memcpy (samples, start, len);
          if (loud (samples, len / 2))
            run->heard_us = t;
          g_free (samples);
        }
    }
}

static void
audio_delta_cb (GalleyRealtimeSession *session,
                const char            *item_id,
                GBytes                *pcm,
                SpeakerRun            *run)
{
  if (run->deltas++ == 0)
    run->first_delta_us = now_us ();
  /* as the voice panel does: a new item ends the previous one */
  if (g_strcmp0 (run->item, item_id) != 0)
    {
      if (run->item != NULL)
        galley_audio_playback_end_item (run->playback);
      g_free (run->item);
      run->item = g_strdup (item_id);
    }
  galley_audio_playback_write (run->playback, pcm);
}

static void
state_cb (GalleyRealtimeSession *session,
          GParamSpec            *pspec,
          SpeakerRun            *run)
{
  if (galley_realtime_session_get_state (session) != GALLEY_REALTIME_RESPONDING &&
      run->item != NULL)
    galley_audio_playback_end_item (run->playback);   /* play the tail of the reply */
}

static gboolean
played_and_heard (gpointer data)
{
  SpeakerRun *run = data;

  read_recording (run);
  if (run->deltas > 0 && run->played_us == 0 &&
      galley_audio_playback_get_played_ms (run->playback) > 0)
    run->played_us = now_us ();

  return run->played_us != 0 && run->heard_us != 0;
}

static gboolean
drain_recording (gpointer data)
{
  read_recording (data);

  return FALSE;
}

static gboolean
playback_idle (gpointer data)
{
  return !galley_audio_playback_get_playing (data);
}

static void
speak (GalleyRealtimeSession *session,
       guint                  ms)
{
  gint16 piece[480];

  for (guint i = 0; i < G_N_ELEMENTS (piece); i++)
    piece[i] = (gint16) ((i * 97) % 2000 - 1000);
  galley_realtime_session_start_talking (session);
  for (guint done = 0; done < ms; done += 20)
    galley_realtime_session_append_audio (session, piece, G_N_ELEMENTS (piece));
  galley_realtime_session_stop_talking (session);
}

static void
bench_speaker (GalleyAudioEngine      *engine,
               GalleyNetSession       *net,
               GalleyVoiceCredentials *credentials,
               GalleyFakeRealtime     *fake,
               guint                   turns)
{
  g_autoptr(GArray) session_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fake_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) heard_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GString) script = g_string_new ("{\"turns\":[");
  g_autoptr(GError) error = NULL;
  GalleyRealtimeSession *session = new_session (net, credentials, fake, NULL);
  SpeakerRun run = { .playback = galley_audio_playback_new (engine, RATE) };
  GSubprocess *recorder;

  for (guint i = 0; i < turns; i++)
    g_string_append_printf (script, "%s{\"transcript\":\"hello\",\"response\":[{\"say\":"
                            "\"Hello.\",\"audio\":\"tone:440:400\"}]}", i > 0 ? "," : "");
  g_string_append (script, "]}");
  if (!galley_fake_realtime_set_script (fake, script->str))
    g_error ("bad script");

  g_signal_connect (session, "audio-delta", G_CALLBACK (audio_delta_cb), &run);
  g_signal_connect (session, "notify::state", G_CALLBACK (state_cb), &run);
  galley_realtime_session_set_push_to_talk (session, TRUE);
  galley_realtime_session_connect (session);
  wait_state (session, GALLEY_REALTIME_READY, 10000);

  /* the speaker's monitor, raw to a pipe, asking for a 10 ms quantum */
  recorder = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "pw-record", "-P",
                               "{ stream.capture.sink = true }", "--target", "ci_speaker",
                               "--rate", "24000", "--channels", "1", "--format", "s16",
                               "--latency", "10ms", "-", NULL);
  if (recorder == NULL)
    g_error ("pw-record: %s", error->message);
  run.rec_fd = g_unix_input_stream_get_fd (
    G_UNIX_INPUT_STREAM (g_subprocess_get_stdout_pipe (recorder)));
  if (!g_unix_set_fd_nonblocking (run.rec_fd, TRUE, &error))
    g_error ("pw-record pipe: %s", error->message);
  run_until (drain_recording, &run, 1000);   /* linked and streaming */

  for (guint i = 0; i < turns; i++)
    {
      gint64 fake_sent;
      double v;

      galley_fake_realtime_clear_log (fake);
      run.deltas = 0;
      run.played_us = 0;
      run.heard_us = 0;
      speak (session, 200);
      if (!run_until (played_and_heard, &run, 5000))
        g_error ("turn %u: nothing played (played %d, heard %d)", i, run.played_us != 0,
                 run.heard_us != 0);
      fake_sent = frame_time (fake, FALSE, "response.output_audio.delta", 0);
      v = (run.played_us - run.first_delta_us) / 1000.0;
      g_array_append_val (session_ms, v);
      v = (run.heard_us - run.first_delta_us) / 1000.0;
      g_array_append_val (heard_ms, v);
      if (fake_sent >= 0)
        {
          v = (run.played_us - fake_sent) / 1000.0;
          g_array_append_val (fake_ms, v);
        }
      wait_state (session, GALLEY_REALTIME_READY, 10000);
      if (!run_until (playback_idle, run.playback, 5000))
        g_error ("turn %u: the reply did not finish playing", i);
      run_until (drain_recording, &run, 300);
    }

  g_print ("underruns: %" G_GUINT64_FORMAT "; pw-record delivered %.0f bytes a read on "
           "average (%" G_GUINT64_FORMAT " reads)\n",
           galley_audio_playback_get_underruns (run.playback),
           run.rec_reads > 0 ? (double) run.rec_bytes / run.rec_reads : 0.0, run.rec_reads);
  print_figure ("first audio-delta -> recorded", heard_ms, 150);
  print_figure ("first audio-delta -> first played", session_ms, 150);
  print_figure ("fake sent delta -> first played", fake_ms, 150);
  g_subprocess_force_exit (recorder);
  g_subprocess_wait (recorder, NULL, NULL);
  g_object_unref (recorder);

  g_signal_handlers_disconnect_by_data (session, &run);
  galley_realtime_session_disconnect (session);
  wait_state (session, GALLEY_REALTIME_IDLE, 5000);
  g_object_unref (session);
  galley_audio_playback_flush (run.playback);
  g_object_unref (run.playback);
  g_free (run.item);
}

/* ------------------------------------------------------------------ 3. memory */

static const char tool_script[] =
  "{\"turns\":["
  "{\"transcript\":\"two classic burgers no onions and a large coke\","
  " \"response\":[{\"call\":\"add_to_order\",\"arguments\":{\"items\":["
  "   {\"name\":\"classic burger\",\"quantity\":2,\"modifications\":[\"no onions\"]}]},"
  "   \"split_at\":[9,31]}]},"
  "{\"response\":[{\"say\":\"Two classic burgers, no onions.\",\"audio\":\"tone:440:300\"}]}"
  "]}";

typedef struct
{
  GalleyRealtimeSession *session;
  GalleyCart            *cart;
  guint                  user_final;
  guint                  assistant_final;
} TurnRun;

static void
transcript_cb (GalleyRealtimeSession *session,
               gboolean               is_user,
               const char            *item_id,
               const char            *text,
               gboolean               final,
               TurnRun               *run)
{
  if (final && is_user)
    run->user_final++;
  else if (final)
    run->assistant_final++;
}

static gboolean
turn_done (gpointer data)
{
  TurnRun *run = data;

  return run->user_final > 0 && run->assistant_final > 0 &&
         galley_cart_get_subtotal (run->cart) > 0 &&
         galley_realtime_session_get_state (run->session) == GALLEY_REALTIME_READY;
}

static void
one_session (GalleyNetSession       *net,
             GalleyVoiceCredentials *credentials,
             GalleyFakeRealtime     *fake,
             GalleyMenu             *menu,
             guint                   i)
{
  TurnRun run = { 0 };

  galley_fake_realtime_clear_log (fake);   /* the fake's log is not Galley's memory */
  if (!galley_fake_realtime_set_script (fake, tool_script))
    g_error ("bad script");
  run.cart = galley_cart_new (menu);
  run.session = new_session (net, credentials, fake, run.cart);
  g_signal_connect (run.session, "transcript", G_CALLBACK (transcript_cb), &run);
  galley_realtime_session_set_push_to_talk (run.session, TRUE);
  galley_realtime_session_connect (run.session);
  wait_state (run.session, GALLEY_REALTIME_READY, 10000);
  speak (run.session, 300);
  if (!run_until (turn_done, &run, 10000))
    g_error ("session %u: turn not done (user %u, assistant %u, subtotal %" G_GINT64_FORMAT
             ", state %d)", i, run.user_final, run.assistant_final,
             galley_cart_get_subtotal (run.cart), galley_realtime_session_get_state (run.session));
  galley_realtime_session_disconnect (run.session);
  wait_state (run.session, GALLEY_REALTIME_IDLE, 5000);
  g_object_unref (run.session);
  g_object_unref (run.cart);
  run_for (5);   /* let the closed connection's sources go */
}

static void
bench_memory (GalleyNetSession       *net,
              GalleyVoiceCredentials *credentials,
              GalleyFakeRealtime     *fake,
              guint                   sessions)
{
  g_autoptr(GalleyMenu) menu = demo_menu ();
  double at10 = 0, at_end;
  gint64 start = now_us ();

  for (guint i = 0; i < sessions; i++)
    {
      one_session (net, credentials, fake, menu, i);
      if (i + 1 == 10)
        at10 = rss_mb ();
    }
  at_end = rss_mb ();
  run_for (200);
  g_print ("voice sessions: %u in %.1f s (%.0f ms each: connect, a turn with a transcript and "
           "add_to_order, disconnect)\n", sessions, (now_us () - start) / 1e6,
           (now_us () - start) / 1e3 / sessions);
  g_print ("VmRSS after 10 sessions %.0f kB, after %u %.0f kB: growth %+.0f kB  goal < 1 MB: %s\n",
           at10 * 1024, sessions, at_end * 1024, (at_end - at10) * 1024,
           at_end - at10 < 1.0 ? "met" : "missed");
}

/* ------------------------------------------------------------------ main */

int
main (int   argc,
      char *argv[])
{
  guint bursts = argc > 1 ? (guint) atoi (argv[1]) : 24;
  guint turns = argc > 2 ? (guint) atoi (argv[2]) : 12;
  guint sessions = argc > 3 ? (guint) atoi (argv[3]) : 110;
  g_autoptr(GalleyNetSession) net = NULL;
  g_autoptr(GalleyVoiceCredentials) credentials = NULL;
  GalleyFakeRealtime *fake;
  GalleyAudioEngine *engine;

  if (bursts < 1 || turns < 1 || sessions < 11)
    g_error ("usage: bench-voice [BURSTS [TURNS [SESSIONS ≥ 11]]]");

  /* a test key for the fake; never a real one */
  g_setenv (GALLEY_VOICE_API_KEY_ENV, "sk-galleybench-not-a-key", TRUE);
  net = galley_net_session_new ();
  credentials = galley_voice_credentials_new (NULL);
  galley_voice_credentials_set_use_keyring (credentials, FALSE);
  fake = galley_fake_realtime_new ();

  engine = galley_audio_engine_new ();
  galley_audio_engine_start (engine);
  if (!run_until (engine_ready, engine, 10000))
    g_error ("no sound service (run under tests/audio/with-audio.sh)");

  g_print ("-- microphone to WebSocket frame (%u bursts of %d ms, 1 kHz, into ci_mic_feed)\n",
           bursts, BURST_MS);
  bench_mic (engine, net, credentials, fake, bursts);
  g_print ("-- first audio delta to the speaker (%u replies of a 400 ms tone)\n", turns);
  bench_speaker (engine, net, credentials, fake, turns);
  galley_audio_engine_stop (engine);
  g_object_unref (engine);

  g_print ("-- memory over %u voice sessions\n", sessions);
  bench_memory (net, credentials, fake, sessions);

  galley_fake_realtime_free (fake);

  return 0;
}
