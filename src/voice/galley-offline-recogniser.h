/* galley-offline-recogniser.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "menu/galley-menu.h"
#include "voice/galley-offline-proposal.h"

G_BEGIN_DECLS

#define GALLEY_OFFLINE_RECOGNISER_ERROR (galley_offline_recogniser_error_quark ())

/* Messages are written for the cashier (translated). */
typedef enum
{
  GALLEY_OFFLINE_RECOGNISER_ERROR_NOT_READY,  /* no model, or no grammar: see "problem" */
  GALLEY_OFFLINE_RECOGNISER_ERROR_FAILED,     /* the decoder failed on this utterance */
} GalleyOfflineRecogniserError;

#define GALLEY_OFFLINE_SAMPLE_RATE        16000   /* the acoustic model's rate (§8.1) */
#define GALLEY_OFFLINE_MAX_UTTERANCE_SECS 30      /* push-to-talk: longer audio is dropped */

#define GALLEY_TYPE_OFFLINE_RECOGNISER (galley_offline_recogniser_get_type ())
G_DECLARE_FINAL_TYPE (GalleyOfflineRecogniser, galley_offline_recogniser, GALLEY,
                      OFFLINE_RECOGNISER, GObject)

GQuark                   galley_offline_recogniser_error_quark   (void);

GalleyOfflineRecogniser *galley_offline_recogniser_new           (GalleyMenu  *menu);
GalleyOfflineRecogniser *galley_offline_recogniser_new_for_model (GalleyMenu  *menu,
                                                                  const char  *model_dir);
GalleyMenu              *galley_offline_recogniser_get_menu      (GalleyOfflineRecogniser *self);
const char              *galley_offline_recogniser_get_model_dir (GalleyOfflineRecogniser *self);
gboolean                 galley_offline_recogniser_get_ready     (GalleyOfflineRecogniser *self);
const char              *galley_offline_recogniser_get_problem   (GalleyOfflineRecogniser *self);
const char * const      *galley_offline_recogniser_get_unavailable_items
                                                                 (GalleyOfflineRecogniser *self);

void       galley_offline_recogniser_start_utterance      (GalleyOfflineRecogniser  *self);
void       galley_offline_recogniser_feed                 (GalleyOfflineRecogniser  *self,
                                                           const gint16             *pcm16k,
                                                           gsize                     n_samples);
void       galley_offline_recogniser_end_utterance_async  (GalleyOfflineRecogniser  *self,
                                                           GCancellable             *cancellable,
                                                           GAsyncReadyCallback       callback,
                                                           gpointer                  user_data);
GPtrArray *galley_offline_recogniser_end_utterance_finish (GalleyOfflineRecogniser  *self,
                                                           GAsyncResult             *result,
                                                           char                    **heard,
                                                           GError                  **error);

G_END_DECLS
