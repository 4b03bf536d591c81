/* galley-offline-recogniser-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by GalleyOfflineRecogniser's files only: the messages between the main thread and
 * the worker thread (galley-offline-recogniser-worker.c), which alone sees pocketsphinx.
 */
#pragma once

#include <gio/gio.h>

#include "voice/galley-offline-grammar.h"

G_BEGIN_DECLS

typedef enum
{
  GALLEY_OFFLINE_COMMAND_INIT,
  GALLEY_OFFLINE_COMMAND_GRAMMAR,
  GALLEY_OFFLINE_COMMAND_DECODE,
  GALLEY_OFFLINE_COMMAND_QUIT,
} GalleyOfflineCommandKind;

typedef struct
{
  GalleyOfflineCommandKind  kind;
  guint                     serial;
  char                     *model_dir;    /* INIT */
  GalleyOfflineGrammar     *grammar;      /* GRAMMAR */
  GArray                   *samples;      /* DECODE: gint16 */
} GalleyOfflineCommand;

typedef struct
{
  GalleyOfflineCommandKind  kind;
  guint                     serial;
  GError                   *error;        /* for the log; the cashier's words are chosen there */
  gboolean                  no_model;     /* INIT: the model files are not installed */
  char                    **unavailable;  /* GRAMMAR */
  guint                     n_items;      /* GRAMMAR: items that can be heard */
  guint                     n_menu_items; /* GRAMMAR: items on the menu */
  char                     *hypothesis;   /* DECODE */
  GalleyOfflineGrammar     *grammar;      /* DECODE: the grammar it was decoded with */
  gint64                    decode_us;    /* DECODE */
  gsize                     n_samples;    /* DECODE */
} GalleyOfflineResult;

/* The worker: its queues, its wake-up source and the decoder it alone touches. */
typedef struct _GalleyOfflineWorker GalleyOfflineWorker;

GalleyOfflineCommand *_galley_offline_command_new        (GalleyOfflineCommandKind  kind,
                                                          guint                     serial);
void                  _galley_offline_command_free       (GalleyOfflineCommand     *command);
void                  _galley_offline_result_free        (GalleyOfflineResult      *result);

GalleyOfflineWorker  *_galley_offline_worker_new         (GSource                  *wake,
                                                          GCancellable             *cancellable);
gpointer              _galley_offline_worker_main        (gpointer                  worker);
void                  _galley_offline_worker_send        (GalleyOfflineWorker      *worker,
                                                          GalleyOfflineCommand     *command);
GalleyOfflineResult  *_galley_offline_worker_take_result (GalleyOfflineWorker      *worker);
void                  _galley_offline_worker_free        (GalleyOfflineWorker      *worker);

void                  _galley_offline_trim_silence       (const gint16             *pcm,
                                                          gsize                     n,
                                                          gsize                    *start,
                                                          gsize                    *end);

G_END_DECLS
