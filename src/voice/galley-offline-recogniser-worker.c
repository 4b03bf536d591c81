/* galley-offline-recogniser-worker.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyOfflineRecogniser's worker thread: the only code that touches the pocketsphinx
 * decoder, from ps_init to ps_free. It reads commands from one queue and answers on
 * another, then wakes the main context's results source (g_source_set_ready_time() is
 * thread-safe); it never touches a GObject or a GTask.
 *
 * The decoder is initialised with the acoustic model and the dictionary only, without the
 * n-gram model: a grammar search needs none (about 0.1 s and 35 MB instead of 0.5 s and
 * 106 MB, measured with the Debian 12 package), and options for a small grammar. Each
 * utterance is decoded without the silence around it (_galley_offline_trim_silence()).
 */
#define G_LOG_DOMAIN "galley-offline-recogniser"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#if HAVE_POCKETSPHINX
#include <pocketsphinx.h>
#include <sphinxbase/ckd_alloc.h>
#include <sphinxbase/err.h>
#include <sphinxbase/jsgf.h>
#endif

#include "voice/galley-offline-recogniser.h"
#include "voice/galley-offline-recogniser-private.h"

#define SEARCH_NAME "menu"

/* Shared by the main thread and the worker. The worker alone uses ps, config and grammar;
 * the queues, the cancellable and the source are thread-safe. */
struct _GalleyOfflineWorker
{
  GAsyncQueue          *commands;     /* GalleyOfflineCommand* */
  GAsyncQueue          *results;      /* GalleyOfflineResult* */
  GSource              *wake;         /* the main context's results source */
  GCancellable         *cancellable;
#if HAVE_POCKETSPHINX
  ps_decoder_t         *ps;
  cmd_ln_t             *config;
#else
  gpointer              ps;           /* always NULL: built without pocketsphinx */
#endif
  GalleyOfflineGrammar *grammar;      /* the grammar loaded in the decoder */
};

/* ------------------------------------------------------------------ messages */

void
_galley_offline_command_free (GalleyOfflineCommand *command)
{
  g_free (command->model_dir);
  g_clear_pointer (&command->grammar, galley_offline_grammar_unref);
  g_clear_pointer (&command->samples, g_array_unref);
  g_free (command);
}

GalleyOfflineCommand *
_galley_offline_command_new (GalleyOfflineCommandKind kind,
                             guint                    serial)
{
  GalleyOfflineCommand *command = g_new0 (GalleyOfflineCommand, 1);

  command->kind = kind;
  command->serial = serial;

  return command;
}

void
_galley_offline_result_free (GalleyOfflineResult *result)
{
  g_clear_error (&result->error);
  g_strfreev (result->unavailable);
  g_free (result->hypothesis);
  g_clear_pointer (&result->grammar, galley_offline_grammar_unref);
  g_free (result);
}

/* ------------------------------------------------------------------ worker thread */

/* pocketsphinx and sphinxbase log to stderr by default, from any thread; their lines go
 * to the debug log instead. Failures reach the cashier through the results. */
#if HAVE_POCKETSPHINX
static void G_GNUC_PRINTF (3, 4)
sphinx_log_cb (void       *user_data,
               err_lvl_t   level,
               const char *format,
               ...)
{
  g_autofree char *line = NULL;
  va_list args;

  if (level == ERR_DEBUG || level == ERR_INFO || level == ERR_INFOCONT)
    return;
  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  g_strchomp (line);
  g_debug ("pocketsphinx: %s", line);
}
#endif

#if HAVE_POCKETSPHINX
static char *
lookup_cb (const char *word,
           gpointer    user_data)
{
  ps_decoder_t *ps = user_data;
  char *phones = ps_lookup_word (ps, word);
  char *copy;

  if (phones == NULL)
    return NULL;
  copy = g_strdup (phones);
  ckd_free (phones);

  return copy;
}
#endif

static void
worker_init (GalleyOfflineWorker  *worker,
             GalleyOfflineCommand *command,
             GalleyOfflineResult  *result)
{
#if HAVE_POCKETSPHINX
  g_autofree char *hmm = g_build_filename (command->model_dir, "en-us", NULL);
  g_autofree char *dict = g_build_filename (command->model_dir, "cmudict-en-us.dict", NULL);
  g_autofree char *mdef = g_build_filename (hmm, "mdef", NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();   /* borrowed strings */
  g_auto (GStrv) extra = NULL;
  const char *tuning = g_getenv ("GALLEY_POCKETSPHINX_ARGS");

  if (!g_file_test (mdef, G_FILE_TEST_IS_REGULAR) ||
      !g_file_test (dict, G_FILE_TEST_IS_REGULAR))
    {
      result->no_model = TRUE;
      g_set_error (&result->error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "No pocketsphinx model in %s", command->model_dir);
      return;
    }

  g_ptr_array_add (args, (gpointer) "galley");
  g_ptr_array_add (args, (gpointer) "-hmm");
  g_ptr_array_add (args, hmm);
  g_ptr_array_add (args, (gpointer) "-dict");
  g_ptr_array_add (args, dict);
  /* for a small grammar (bench/RESULTS.md, "offline accuracy"): a word insertion penalty
   * below the default 0.65, so short item words are not strung into the pauses of longer
   * ones (much lower, 1e-3, and the end of an order is taken for silence); dither with a
   * fixed seed, so digital silence (all zeros) does not throw the cepstra off and a run
   * is repeatable; no lattice pass, which changed no order and costs time; the frequency
   * axis warped by 1.15 (inverse linear), which helped a higher voice (en+f3: 38 → 46 of
   * 80) and changed nothing for a lower one (en-us: 65 of 80 both ways) */
  g_ptr_array_add (args, (gpointer) "-wip");
  g_ptr_array_add (args, (gpointer) "0.05");
  g_ptr_array_add (args, (gpointer) "-dither");
  g_ptr_array_add (args, (gpointer) "yes");
  g_ptr_array_add (args, (gpointer) "-seed");
  g_ptr_array_add (args, (gpointer) "1");
  g_ptr_array_add (args, (gpointer) "-bestpath");
  g_ptr_array_add (args, (gpointer) "no");
  g_ptr_array_add (args, (gpointer) "-warp_type");
  g_ptr_array_add (args, (gpointer) "inverse_linear");
  g_ptr_array_add (args, (gpointer) "-warp_params");
  g_ptr_array_add (args, (gpointer) "1.15");
  /* measuring only (bench-offline): more decoder options, "-beam 1e-40 -maxhmmpf 2000" */
  if (tuning != NULL && g_shell_parse_argv (tuning, NULL, &extra, NULL))
    for (guint i = 0; extra[i] != NULL; i++)
      g_ptr_array_add (args, extra[i]);
  worker->config = cmd_ln_parse_r (NULL, ps_args (), (int32) args->len,
                                   (char **) args->pdata, FALSE);
  if (worker->config != NULL)
    worker->ps = ps_init (worker->config);
  if (worker->ps == NULL)
    {
      g_clear_pointer (&worker->config, cmd_ln_free_r);
      g_set_error (&result->error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "pocketsphinx did not start with the model in %s", command->model_dir);
    }
#else
  result->no_model = TRUE;
  g_set_error (&result->error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               "No pocketsphinx model in %s: Galley was built without pocketsphinx",
               command->model_dir);
#endif
}

/* spec/voice.md §8.2: jsgf_build_fsg + ps_set_fsg, not ps_set_jsgf_string (14 KB lost per
 * call in 5prealpha). */
static void
worker_grammar (GalleyOfflineWorker  *worker,
                GalleyOfflineCommand *command,
                GalleyOfflineResult  *result)
{
#if HAVE_POCKETSPHINX
  g_autoptr(GalleyOfflineJsgf) jsgf = NULL;
  jsgf_t *parsed;
  jsgf_rule_t *rule;
  fsg_model_t *fsg;
  int set;

  result->n_menu_items = galley_offline_grammar_get_n_items (command->grammar);
  if (worker->ps == NULL)
    {
      g_set_error_literal (&result->error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           "No decoder");
      return;
    }

  jsgf = galley_offline_grammar_compile (command->grammar, lookup_cb, worker->ps);
  result->unavailable = g_strdupv (jsgf->unavailable);
  result->n_items = jsgf->n_items;
  if (jsgf->text == NULL)
    {
      /* nothing to listen for: decoding waits for a menu with words */
      g_clear_pointer (&worker->grammar, galley_offline_grammar_unref);
      return;
    }

  for (guint i = 0; i < jsgf->new_words->len; i++)
    {
      GalleyOfflineWord *word = g_ptr_array_index (jsgf->new_words, i);

      /* update FALSE: the search is rebuilt from the dictionary below */
      if (ps_add_word (worker->ps, word->word, word->phones, FALSE) < 0)
        g_debug ("Word \"%s\" not added to the dictionary", word->word);
    }

  parsed = jsgf_parse_string (jsgf->text, NULL);
  if (parsed == NULL)
    {
      g_set_error_literal (&result->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The menu grammar does not parse");
      return;
    }
  rule = jsgf_get_public_rule (parsed);
  fsg = rule != NULL ? jsgf_build_fsg (parsed, rule, ps_get_logmath (worker->ps),
                                       cmd_ln_float32_r (worker->config, "-lw"))
                     : NULL;
  set = fsg != NULL ? ps_set_fsg (worker->ps, SEARCH_NAME, fsg) : -1;
  if (fsg != NULL)
    fsg_model_free (fsg);
  jsgf_grammar_free (parsed);
  if (set < 0 || ps_set_search (worker->ps, SEARCH_NAME) < 0)
    {
      g_set_error_literal (&result->error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "The menu grammar was not loaded into the decoder");
      return;
    }

  g_clear_pointer (&worker->grammar, galley_offline_grammar_unref);
  worker->grammar = galley_offline_grammar_ref (command->grammar);
#else
  result->n_menu_items = galley_offline_grammar_get_n_items (command->grammar);
  g_set_error_literal (&result->error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "No decoder");
#endif
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/**
 * _galley_offline_trim_silence:
 * @pcm: (array length=n): 16 kHz samples
 * @start: (out): the first sample to decode
 * @end: (out): one past the last
 *
 * The speech of an utterance without the silence or steady noise before and after it:
 * 10 ms frames louder than the quietest tenth of the frames by 12 dB (and than -55 dBFS)
 * are speech; 200 ms are kept before the first and 300 ms after the last, so no soft
 * consonant is cut. The decoder then spends no time on the pauses around an order, and
 * has none to fill with short words. An utterance with no such frame is kept whole.
 */
void
_galley_offline_trim_silence (const gint16 *pcm,
                              gsize         n,
                              gsize        *start,
                              gsize        *end)
{
  const gsize frame = GALLEY_OFFLINE_SAMPLE_RATE / 100;
  gsize n_frames = n / frame;
  g_autofree double *energy = NULL;
  g_autofree double *sorted = NULL;
  double floor_db, threshold;
  gsize first = G_MAXSIZE, last = 0;

  *start = 0;
  *end = n;
  if (n_frames < 10)
    return;
  energy = g_new (double, n_frames);
  for (gsize f = 0; f < n_frames; f++)
    {
      double sum = 0;

      for (gsize i = 0; i < frame; i++)
        {
          double x = pcm[f * frame + i] / 32768.0;

          sum += x * x;
        }
      energy[f] = 10 * log10 (sum / frame + 1e-10);
    }
  sorted = g_memdup2 (energy, n_frames * sizeof (double));
  qsort (sorted, n_frames, sizeof (double), compare_double);
  floor_db = sorted[n_frames / 10];
  threshold = MAX (floor_db + 12, -55);
  for (gsize f = 0; f < n_frames; f++)
    if (energy[f] > threshold)
      {
        first = MIN (first, f);
        last = f;
      }
  if (first == G_MAXSIZE)
    return;
  *start = first > 20 ? (first - 20) * frame : 0;
  *end = MIN (n, (last + 1 + 30) * frame);
}

static void
worker_decode (GalleyOfflineWorker  *worker,
               GalleyOfflineCommand *command,
               GalleyOfflineResult  *result)
{
#if HAVE_POCKETSPHINX
  const char *hypothesis;
  gint64 start;
  int32 score;
  gsize from, to;

  result->n_samples = command->samples->len;
  if (worker->ps == NULL || worker->grammar == NULL)
    {
      g_set_error_literal (&result->error, GALLEY_OFFLINE_RECOGNISER_ERROR,
                           GALLEY_OFFLINE_RECOGNISER_ERROR_NOT_READY, "Not ready");
      return;
    }
  result->grammar = galley_offline_grammar_ref (worker->grammar);
  if (command->samples->len == 0)
    {
      result->hypothesis = g_strdup ("");
      return;
    }

  start = g_get_monotonic_time ();
  _galley_offline_trim_silence ((const gint16 *) (gpointer) command->samples->data,
                                command->samples->len, &from, &to);
  if (ps_start_utt (worker->ps) < 0 ||
      ps_process_raw (worker->ps, &g_array_index (command->samples, int16, from),
                      to - from, FALSE, TRUE) < 0 ||
      ps_end_utt (worker->ps) < 0)
    {
      g_set_error_literal (&result->error, GALLEY_OFFLINE_RECOGNISER_ERROR,
                           GALLEY_OFFLINE_RECOGNISER_ERROR_FAILED, "Decoding failed");
      return;
    }
  hypothesis = ps_get_hyp (worker->ps, &score);
  result->hypothesis = g_strdup (hypothesis != NULL ? hypothesis : "");
  result->decode_us = g_get_monotonic_time () - start;
#else
  result->n_samples = command->samples->len;
  g_set_error_literal (&result->error, GALLEY_OFFLINE_RECOGNISER_ERROR,
                       GALLEY_OFFLINE_RECOGNISER_ERROR_NOT_READY, "Not ready");
#endif
}

gpointer
_galley_offline_worker_main (gpointer data)
{
  GalleyOfflineWorker *worker = data;

  for (;;)
    {
      GalleyOfflineCommand *command = g_async_queue_pop (worker->commands);
      GalleyOfflineResult *result;

      if (command->kind == GALLEY_OFFLINE_COMMAND_QUIT)
        {
          _galley_offline_command_free (command);
          break;
        }

      result = g_new0 (GalleyOfflineResult, 1);
      result->kind = command->kind;
      result->serial = command->serial;
      if (g_cancellable_is_cancelled (worker->cancellable))
        g_set_error_literal (&result->error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             "Closing");   /* the result is never read */
      else if (command->kind == GALLEY_OFFLINE_COMMAND_INIT)
        worker_init (worker, command, result);
      else if (command->kind == GALLEY_OFFLINE_COMMAND_GRAMMAR)
        worker_grammar (worker, command, result);
      else
        worker_decode (worker, command, result);
      _galley_offline_command_free (command);

      g_async_queue_push (worker->results, result);
      g_source_set_ready_time (worker->wake, 0);
    }

  /* the decoder dies in the thread that used it */
  g_clear_pointer (&worker->grammar, galley_offline_grammar_unref);
#if HAVE_POCKETSPHINX
  g_clear_pointer (&worker->ps, ps_free);
  g_clear_pointer (&worker->config, cmd_ln_free_r);
#endif

  return NULL;
}

/**
 * _galley_offline_worker_new:
 * @wake: the main context's results source, woken for each result (a reference is kept)
 * @cancellable: cancelled when the recogniser closes: queued work is skipped
 *
 * Returns: (transfer full): a worker, to run with _galley_offline_worker_main()
 */
GalleyOfflineWorker *
_galley_offline_worker_new (GSource      *wake,
                            GCancellable *cancellable)
{
  static gsize log_once = 0;
  GalleyOfflineWorker *worker = g_new0 (GalleyOfflineWorker, 1);

  if (g_once_init_enter (&log_once))
    {
#if HAVE_POCKETSPHINX
      err_set_callback (sphinx_log_cb, NULL);
      /* no file either: sphinxbase prints its whole configuration to it */
      err_set_logfp (NULL);
#endif
      g_once_init_leave (&log_once, 1);
    }

  worker->commands = g_async_queue_new_full ((GDestroyNotify) _galley_offline_command_free);
  worker->results = g_async_queue_new_full ((GDestroyNotify) _galley_offline_result_free);
  worker->wake = g_source_ref (wake);
  worker->cancellable = g_object_ref (cancellable);

  return worker;
}

void
_galley_offline_worker_send (GalleyOfflineWorker  *worker,
                             GalleyOfflineCommand *command)
{
  g_async_queue_push (worker->commands, command);
}

/* Returns: (transfer full) (nullable): the oldest result not taken yet */
GalleyOfflineResult *
_galley_offline_worker_take_result (GalleyOfflineWorker *worker)
{
  return g_async_queue_try_pop (worker->results);
}

/* After the thread was joined: what is left in the queues is dropped. */
void
_galley_offline_worker_free (GalleyOfflineWorker *worker)
{
  g_assert (worker->ps == NULL);

  g_async_queue_unref (worker->commands);
  g_async_queue_unref (worker->results);
  g_source_unref (worker->wake);
  g_object_unref (worker->cancellable);
  g_free (worker);
}
