/* test-ring-buffer.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyRingBuffer, the bounded single-producer single-consumer ring shared by the capture
 * and playback streams (spec/voice.md §7.3). Pure: no PipeWire, runs in every build.
 */
#include <string.h>

#include "galley-testutil.h"
#include "audio/galley-ring-buffer.h"

static void
test_ring_basic (void)
{
  g_autoptr(GalleyRingBuffer) rb = galley_ring_buffer_new (8);
  guint8 out[16] = { 0 };

  g_assert_cmpuint (galley_ring_buffer_get_capacity (rb), ==, 8);
  g_assert_cmpuint (galley_ring_buffer_get_readable (rb), ==, 0);
  g_assert_cmpuint (galley_ring_buffer_read (rb, out, sizeof out), ==, 0);

  g_assert_cmpuint (galley_ring_buffer_write (rb, "abc", 3), ==, 3);
  g_assert_cmpuint (galley_ring_buffer_get_readable (rb), ==, 3);
  g_assert_cmpuint (galley_ring_buffer_read (rb, out, 2), ==, 2);
  g_assert_cmpmem (out, 2, "ab", 2);
  g_assert_cmpuint (galley_ring_buffer_read (rb, out, sizeof out), ==, 1);
  g_assert_cmpmem (out, 1, "c", 1);
  g_assert_cmpuint (galley_ring_buffer_get_write_position (rb), ==, 3);
  g_assert_cmpuint (galley_ring_buffer_get_read_position (rb), ==, 3);
  g_assert_cmpuint (galley_ring_buffer_get_overflows (rb), ==, 0);
}

/* Many writes and reads of odd sizes cross the end of the memory again and again; the bytes
 * come out in order, unchanged. */
static void
test_ring_wrap_around (void)
{
  g_autoptr(GalleyRingBuffer) rb = galley_ring_buffer_new (1000);
  guint8 in[700], out[700];
  guint8 next_in = 0, next_out = 0;
  guint64 total = 0;

  for (guint round = 0; round < 500; round++)
    {
      gsize n_in = 1 + (round * 37) % 699, n_out = 1 + (round * 53) % 699, got;

      n_in = MIN (n_in, 1000 - galley_ring_buffer_get_readable (rb));
      for (gsize i = 0; i < n_in; i++)
        in[i] = next_in++;
      g_assert_cmpuint (galley_ring_buffer_write (rb, in, n_in), ==, n_in);
      total += n_in;

      got = galley_ring_buffer_read (rb, out, n_out);
      g_assert_cmpuint (got, <=, n_out);
      for (gsize i = 0; i < got; i++)
        g_assert_cmpuint (out[i], ==, next_out++);
    }
  g_assert_cmpuint (galley_ring_buffer_get_write_position (rb), ==, total);
  g_assert_cmpuint (galley_ring_buffer_get_write_position (rb), >, 100 * 1000);
  g_assert_cmpuint (galley_ring_buffer_get_overflows (rb), ==, 0);
}

/* Full: a write keeps what fits, drops the rest and counts it; the ring never holds more
 * than its capacity, and what it holds is the oldest data, intact. */
static void
test_ring_overflow (void)
{
  g_autoptr(GalleyRingBuffer) rb = galley_ring_buffer_new (100);
  guint8 in[64], out[100];

  for (guint i = 0; i < sizeof in; i++)
    in[i] = (guint8) i;

  g_assert_cmpuint (galley_ring_buffer_write (rb, in, 64), ==, 64);
  g_assert_cmpuint (galley_ring_buffer_write (rb, in, 64), ==, 36);
  g_assert_cmpuint (galley_ring_buffer_get_overflows (rb), ==, 28);
  g_assert_cmpuint (galley_ring_buffer_get_readable (rb), ==, 100);

  /* bounded: nothing more goes in, however much is offered */
  for (guint i = 0; i < 1000; i++)
    g_assert_cmpuint (galley_ring_buffer_write (rb, in, 64), ==, 0);
  g_assert_cmpuint (galley_ring_buffer_get_overflows (rb), ==, 28 + 64 * 1000);
  g_assert_cmpuint (galley_ring_buffer_get_readable (rb), ==, 100);
  g_assert_cmpuint (galley_ring_buffer_get_write_position (rb), ==, 100);

  g_assert_cmpuint (galley_ring_buffer_read (rb, out, sizeof out), ==, 100);
  g_assert_cmpmem (out, 64, in, 64);
  g_assert_cmpmem (out + 64, 36, in, 36);

  /* room again: writes go through, the count stays */
  g_assert_cmpuint (galley_ring_buffer_write (rb, in, 10), ==, 10);
  g_assert_cmpuint (galley_ring_buffer_get_overflows (rb), ==, 28 + 64 * 1000);
}

/* Skip (barge-in): everything written so far is gone for the reader; later writes are not. */
static void
test_ring_skip (void)
{
  g_autoptr(GalleyRingBuffer) rb = galley_ring_buffer_new (16);
  guint8 out[16];

  galley_ring_buffer_write (rb, "0123456789", 10);
  galley_ring_buffer_read (rb, out, 3);
  galley_ring_buffer_skip_written (rb);
  g_assert_cmpuint (galley_ring_buffer_get_readable (rb), ==, 0);
  /* the writer sees the room only once the reader moved: still bounded, never overwritten */
  g_assert_cmpuint (galley_ring_buffer_write (rb, "abcdef", 6), ==, 6);
  g_assert_cmpuint (galley_ring_buffer_get_readable (rb), ==, 6);
  g_assert_cmpuint (galley_ring_buffer_read (rb, out, sizeof out), ==, 6);
  g_assert_cmpmem (out, 6, "abcdef", 6);
  g_assert_cmpuint (galley_ring_buffer_get_skipped (rb), ==, 7);
  g_assert_cmpuint (galley_ring_buffer_get_read_position (rb), ==, 16);

  /* a skip with nothing new is a no-op */
  galley_ring_buffer_skip_written (rb);
  g_assert_cmpuint (galley_ring_buffer_read (rb, out, sizeof out), ==, 0);
  g_assert_cmpuint (galley_ring_buffer_get_skipped (rb), ==, 7);
}

/* Two threads, as with PipeWire's data thread: a counting byte sequence arrives complete
 * and in order, whatever the interleaving; dropped bytes are exactly the ones counted. */
typedef struct
{
  GalleyRingBuffer *rb;
  guint64           to_write;
  guint64           written;
} Producer;

static gpointer
producer_thread (gpointer data)
{
  Producer *p = data;
  guint8 buf[257];
  guint64 seq = 0;

  while (seq < p->to_write)
    {
      gsize n = MIN ((guint64) (1 + seq % 257), p->to_write - seq), w;

      for (gsize i = 0; i < n; i++)
        buf[i] = (guint8) ((p->written + i) % 251);
      w = galley_ring_buffer_write (p->rb, buf, n);
      /* what did not fit is dropped: the sequence continues after what was written */
      p->written += w;
      seq += n;
      if (w < n)
        g_thread_yield ();
    }

  return NULL;
}

static void
test_ring_threads (void)
{
  g_autoptr(GalleyRingBuffer) rb = galley_ring_buffer_new (4096);
  Producer p = { rb, 4 * 1024 * 1024, 0 };
  GThread *thread;
  guint8 buf[300];
  guint64 got = 0;
  gboolean done = FALSE;

  thread = g_thread_new ("galley-test-producer", producer_thread, &p);
  while (!done)
    {
      gsize n;

      /* the producer's end is known only after join; read until it is and the ring is empty */
      done = galley_ring_buffer_get_write_position (rb) + galley_ring_buffer_get_overflows (rb) ==
             p.to_write;
      while ((n = galley_ring_buffer_read (rb, buf, 1 + got % sizeof buf)) > 0)
        {
          for (gsize i = 0; i < n; i++)
            g_assert_cmpuint (buf[i], ==, (got + i) % 251);
          got += n;
        }
    }
  g_thread_join (thread);
  g_assert_cmpuint (got, ==, p.written);
  g_assert_cmpuint (got + galley_ring_buffer_get_overflows (rb), ==, p.to_write);
  g_test_message ("%" G_GUINT64_FORMAT " bytes through, %" G_GUINT64_FORMAT " dropped", got,
                  galley_ring_buffer_get_overflows (rb));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  galley_test_quiet_debug ();

  g_test_add_func ("/audio/ring-buffer/basic", test_ring_basic);
  g_test_add_func ("/audio/ring-buffer/wrap-around", test_ring_wrap_around);
  g_test_add_func ("/audio/ring-buffer/overflow", test_ring_overflow);
  g_test_add_func ("/audio/ring-buffer/skip", test_ring_skip);
  g_test_add_func ("/audio/ring-buffer/threads", test_ring_threads);

  return g_test_run ();
}
