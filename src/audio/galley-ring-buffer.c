/* galley-ring-buffer.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The single-producer single-consumer ring of spec/voice.md §7.3. The producer owns
 * write_pos, the consumer owns read_pos; each publishes its counter with a release store
 * after copying and reads the other's with an acquire load, so the bytes between them are
 * always complete. Neither side ever waits.
 *
 * Full: the producer keeps what fits and drops the excess of that write, counted in
 * "overflows" (the capture stream's data thread cannot drop the oldest bytes: those belong to
 * the consumer, which may be copying them at that moment).
 *
 * Skip: a thread other than the consumer (barge-in on the main thread while the data thread
 * reads) cannot move read_pos itself. It records the write position of that moment in
 * skip_to; the consumer's next read starts there, and the bytes passed over are counted in
 * "skipped". Until then galley_ring_buffer_get_readable() already reports them as gone.
 */
#include <stdatomic.h>
#include <string.h>

#include "audio/galley-ring-buffer.h"

struct _GalleyRingBuffer
{
  guint8           *data;
  gsize             capacity;
  _Atomic guint64   write_pos;   /* producer */
  _Atomic guint64   read_pos;    /* consumer */
  _Atomic guint64   skip_to;     /* any thread, only grows */
  _Atomic guint64   overflows;   /* producer: bytes dropped because the ring was full */
  _Atomic guint64   skipped;     /* consumer: bytes passed over by a skip */
};

/**
 * galley_ring_buffer_new:
 * @capacity: bytes the ring holds, > 0
 *
 * Returns: (transfer full): an empty ring; its memory is allocated once, here
 */
GalleyRingBuffer *
galley_ring_buffer_new (gsize capacity)
{
  GalleyRingBuffer *self;

  g_return_val_if_fail (capacity > 0, NULL);

  self = g_new0 (GalleyRingBuffer, 1);
  self->data = g_malloc0 (capacity);
  self->capacity = capacity;
  atomic_init (&self->write_pos, 0);
  atomic_init (&self->read_pos, 0);
  atomic_init (&self->skip_to, 0);
  atomic_init (&self->overflows, 0);
  atomic_init (&self->skipped, 0);

  return self;
}

/**
 * galley_ring_buffer_free:
 * @self: (nullable): a ring neither side uses any more
 */
void
galley_ring_buffer_free (GalleyRingBuffer *self)
{
  if (self == NULL)
    return;

  g_free (self->data);
  g_free (self);
}

gsize
galley_ring_buffer_get_capacity (GalleyRingBuffer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->capacity;
}

/**
 * galley_ring_buffer_write:
 * @self: a ring
 * @data: bytes to append
 * @n_bytes: how many
 *
 * Producer side. Appends what fits; the rest is dropped and counted in
 * galley_ring_buffer_get_overflows(). RT-safe: no lock, no allocation, no syscall.
 *
 * Returns: the bytes written
 */
gsize
galley_ring_buffer_write (GalleyRingBuffer *self,
                          const void       *data,
                          gsize             n_bytes)
{
  guint64 w, r;
  gsize used, n, offset, first;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (data != NULL || n_bytes == 0, 0);

  w = atomic_load_explicit (&self->write_pos, memory_order_relaxed);
  r = atomic_load_explicit (&self->read_pos, memory_order_acquire);
  used = (gsize) (w - r);
  n = MIN (n_bytes, self->capacity - MIN (used, self->capacity));

  if (n > 0)
    {
      offset = (gsize) (w % self->capacity);
      first = MIN (n, self->capacity - offset);
      memcpy (self->data + offset, data, first);
      memcpy (self->data, (const guint8 *) data + first, n - first);
      atomic_store_explicit (&self->write_pos, w + n, memory_order_release);
    }
  if (n < n_bytes)
    atomic_fetch_add_explicit (&self->overflows, n_bytes - n, memory_order_relaxed);

  return n;
}

/**
 * galley_ring_buffer_read:
 * @self: a ring
 * @data: where to copy
 * @n_bytes: at most this many
 *
 * Consumer side. Applies a pending skip first. RT-safe.
 *
 * Returns: the bytes copied (fewer than @n_bytes when the ring holds less)
 */
gsize
galley_ring_buffer_read (GalleyRingBuffer *self,
                         void             *data,
                         gsize             n_bytes)
{
  guint64 r, w, skip;
  gsize n, offset, first;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (data != NULL || n_bytes == 0, 0);

  r = atomic_load_explicit (&self->read_pos, memory_order_relaxed);
  skip = atomic_load_explicit (&self->skip_to, memory_order_acquire);
  if (skip > r)
    {
      atomic_fetch_add_explicit (&self->skipped, skip - r, memory_order_relaxed);
      r = skip;
      atomic_store_explicit (&self->read_pos, r, memory_order_release);
    }

  w = atomic_load_explicit (&self->write_pos, memory_order_acquire);
  n = (gsize) MIN ((guint64) n_bytes, w - r);
  if (n == 0)
    return 0;

  offset = (gsize) (r % self->capacity);
  first = MIN (n, self->capacity - offset);
  memcpy (data, self->data + offset, first);
  memcpy ((guint8 *) data + first, self->data, n - first);
  atomic_store_explicit (&self->read_pos, r + n, memory_order_release);

  return n;
}

/**
 * galley_ring_buffer_skip_written:
 * @self: a ring
 *
 * Any thread: everything written so far is dropped; the consumer's next read starts after
 * it (barge-in, spec/voice.md §4.5).
 */
void
galley_ring_buffer_skip_written (GalleyRingBuffer *self)
{
  guint64 w, cur;

  g_return_if_fail (self != NULL);

  w = atomic_load_explicit (&self->write_pos, memory_order_acquire);
  cur = atomic_load_explicit (&self->skip_to, memory_order_relaxed);
  /* only ever forward, even if two threads skip at once */
  while (cur < w &&
         !atomic_compare_exchange_weak_explicit (&self->skip_to, &cur, w,
                                                 memory_order_release, memory_order_relaxed))
    ;
}

/**
 * galley_ring_buffer_get_readable:
 * @self: a ring
 *
 * Any thread: bytes the consumer can read now (a snapshot; a pending skip counts as done).
 */
gsize
galley_ring_buffer_get_readable (GalleyRingBuffer *self)
{
  guint64 r, w, skip;

  g_return_val_if_fail (self != NULL, 0);

  r = atomic_load_explicit (&self->read_pos, memory_order_acquire);
  skip = atomic_load_explicit (&self->skip_to, memory_order_acquire);
  w = atomic_load_explicit (&self->write_pos, memory_order_acquire);
  r = MAX (r, skip);

  return w > r ? (gsize) (w - r) : 0;
}

/* Any thread: bytes written since the ring was made (monotonic). */
guint64
galley_ring_buffer_get_write_position (GalleyRingBuffer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return atomic_load_explicit (&self->write_pos, memory_order_acquire);
}

/* Any thread: bytes read or skipped since the ring was made (monotonic). */
guint64
galley_ring_buffer_get_read_position (GalleyRingBuffer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return atomic_load_explicit (&self->read_pos, memory_order_acquire);
}

/* Any thread: bytes dropped by writes that did not fit. */
guint64
galley_ring_buffer_get_overflows (GalleyRingBuffer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return atomic_load_explicit (&self->overflows, memory_order_relaxed);
}

/* Any thread: bytes the consumer passed over after galley_ring_buffer_skip_written(). */
guint64
galley_ring_buffer_get_skipped (GalleyRingBuffer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return atomic_load_explicit (&self->skipped, memory_order_relaxed);
}
