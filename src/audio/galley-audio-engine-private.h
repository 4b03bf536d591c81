/* galley-audio-engine-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a stream user (the cue player; later the voice view) needs from the engine. Main thread
 * only, except the counters marked "any thread", which the PipeWire data thread calls.
 */
#pragma once

#include <pipewire/pipewire.h>

/* PipeWire's and SPA's API macros (pw_loop_*, pw_core_*, spa_hook_remove, …) expand to GNU
 * statement expressions in the calling file, where clang's -Wpedantic flags them (gcc knows
 * they come from a system header). Only the audio sources include this header. */
#if defined(__clang__)
# pragma clang diagnostic ignored "-Wgnu-statement-expression"
#endif

#include "audio/galley-audio-engine.h"

G_BEGIN_DECLS

/* Called on the main thread just before the engine drops its PipeWire connection (failure,
 * stop): destroy every stream made on the core now. pw_core_disconnect() would destroy them
 * behind the user's back otherwise. Must not release the engine. */
typedef void (*GalleyAudioClosingFunc) (gpointer user_data);

struct pw_core *_galley_audio_engine_get_core          (GalleyAudioEngine      *self);
struct pw_loop *_galley_audio_engine_get_loop          (GalleyAudioEngine      *self);
guint           _galley_audio_engine_add_client        (GalleyAudioEngine      *self,
                                                        GalleyAudioClosingFunc  closing,
                                                        gpointer                user_data);
void            _galley_audio_engine_remove_client     (GalleyAudioEngine      *self,
                                                        guint                   id);
void            _galley_audio_engine_stream_opened     (GalleyAudioEngine      *self);
void            _galley_audio_engine_stream_closed     (GalleyAudioEngine      *self);

/* any thread: plain atomic increments, no notify */
void            _galley_audio_engine_count_buffer      (GalleyAudioEngine      *self);
void            _galley_audio_engine_count_underrun    (GalleyAudioEngine      *self);
/* main thread: notify what the data thread counted since the last call */
void            _galley_audio_engine_notify_counters   (GalleyAudioEngine      *self);

G_END_DECLS
