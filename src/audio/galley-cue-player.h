/* galley-cue-player.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is for the main thread only.
 */
#pragma once

#include <glib-object.h>

#include "audio/galley-audio-engine.h"
#include "audio/galley-cue.h"

G_BEGIN_DECLS

/* Cues waiting behind the one playing; more are dropped (and counted). */
#define GALLEY_CUE_PLAYER_MAX_PENDING 4
/* A cue identical to one queued, playing or started less than this ago is merged into it. */
#define GALLEY_CUE_PLAYER_COALESCE_MS 2000
/* The PipeWire node of the cue stream. */
#define GALLEY_CUE_PLAYER_NODE_NAME "galley-cues"

#define GALLEY_TYPE_CUE_PLAYER (galley_cue_player_get_type ())
G_DECLARE_FINAL_TYPE (GalleyCuePlayer, galley_cue_player, GALLEY, CUE_PLAYER, GObject)

GalleyCuePlayer   *galley_cue_player_new                (GalleyAudioEngine *engine);
GalleyAudioEngine *galley_cue_player_get_engine         (GalleyCuePlayer   *self);
void               galley_cue_player_play               (GalleyCuePlayer   *self,
                                                         GalleyCue          cue);

double             galley_cue_player_get_volume         (GalleyCuePlayer   *self);
void               galley_cue_player_set_volume         (GalleyCuePlayer   *self,
                                                         double             volume);
gboolean           galley_cue_player_get_muted          (GalleyCuePlayer   *self);
void               galley_cue_player_set_muted          (GalleyCuePlayer   *self,
                                                         gboolean           muted);

gboolean           galley_cue_player_get_playing        (GalleyCuePlayer   *self);
const char        *galley_cue_player_get_target         (GalleyCuePlayer   *self);
void               galley_cue_player_set_target         (GalleyCuePlayer   *self,
                                                         const char        *target);
guint              galley_cue_player_get_n_pending      (GalleyCuePlayer   *self);
guint              galley_cue_player_get_cues_played    (GalleyCuePlayer   *self);
guint              galley_cue_player_get_cues_dropped   (GalleyCuePlayer   *self);
guint              galley_cue_player_get_cues_coalesced (GalleyCuePlayer   *self);

G_END_DECLS
