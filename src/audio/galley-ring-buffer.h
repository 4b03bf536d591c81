/* galley-ring-buffer.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A bounded single-producer single-consumer byte ring for audio (spec/voice.md §7.3): one
 * thread writes, one thread reads, no lock, no allocation after galley_ring_buffer_new(). The
 * PipeWire data thread may be either side. Positions are monotonic 64-bit byte counters, so
 * callers can keep per-item accounting in "write position" space (§4.3).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GalleyRingBuffer GalleyRingBuffer;

GalleyRingBuffer *galley_ring_buffer_new               (gsize             capacity);
void              galley_ring_buffer_free              (GalleyRingBuffer *self);
gsize             galley_ring_buffer_get_capacity      (GalleyRingBuffer *self);

/* producer side only */
gsize             galley_ring_buffer_write             (GalleyRingBuffer *self,
                                                        const void       *data,
                                                        gsize             n_bytes);
/* consumer side only */
gsize             galley_ring_buffer_read              (GalleyRingBuffer *self,
                                                        void             *data,
                                                        gsize             n_bytes);

/* any thread */
void              galley_ring_buffer_skip_written      (GalleyRingBuffer *self);
gsize             galley_ring_buffer_get_readable      (GalleyRingBuffer *self);
guint64           galley_ring_buffer_get_write_position (GalleyRingBuffer *self);
guint64           galley_ring_buffer_get_read_position (GalleyRingBuffer *self);
guint64           galley_ring_buffer_get_overflows     (GalleyRingBuffer *self);
guint64           galley_ring_buffer_get_skipped       (GalleyRingBuffer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GalleyRingBuffer, galley_ring_buffer_free)

G_END_DECLS
