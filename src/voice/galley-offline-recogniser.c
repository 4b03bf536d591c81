/* galley-offline-recogniser.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The offline voice fallback (spec/voice.md §8): one pocketsphinx decoder, owned by one
 * worker thread for its whole life and never touched by any other, with a grammar made
 * from the menu and rebuilt whenever the menu changes. Push to talk: the main thread
 * gathers an utterance's 16 kHz samples and hands them over when the button is released;
 * the worker decodes them in one go (§8.2: full-utterance CMN, as measured in §8.4) and the
 * hypothesis comes back as proposed lines.
 *
 * Threads talk through two GAsyncQueues. The worker never touches a GObject or a GTask:
 * it pushes plain results and wakes one named source on the main context, whose dispatch
 * completes the tasks and updates the properties there. dispose removes that source,
 * cancels, asks the worker to quit and joins it; the worker frees the decoder itself
 * (ps_free, cmd_ln_free_r) before it exits.
 *
 * The worker and pocketsphinx are in galley-offline-recogniser-worker.c.
 */
#define G_LOG_DOMAIN "galley-offline-recogniser"

#include "config.h"

#include <glib/gi18n.h>

#include "voice/galley-offline-grammar.h"
#include "voice/galley-offline-recogniser.h"
#include "voice/galley-offline-recogniser-private.h"

#define MAX_SAMPLES (GALLEY_OFFLINE_SAMPLE_RATE * GALLEY_OFFLINE_MAX_UTTERANCE_SECS)

/* What an utterance gave, for end_utterance_finish(). */
typedef struct
{
  GPtrArray *proposals;
  char      *heard;
} Outcome;

struct _GalleyOfflineRecogniser
{
  GObject       parent_instance;

  GalleyMenu   *menu;
  char         *model_dir;

  guint         results_id;
  gulong        menu_changed_id;
  GCancellable *cancellable;
  GThread      *thread;
  GalleyOfflineWorker *worker;

  GQueue        decodes;          /* GTask*, one per DECODE sent, oldest first */
  GArray       *samples;          /* the utterance being fed */
  gboolean      in_utterance;
  gboolean      overflow;         /* samples past MAX_SAMPLES were dropped */
  guint         next_serial;
  guint         grammar_serial;   /* the newest GRAMMAR sent */

  gboolean      model_loaded;
  gboolean      grammar_loaded;
  gboolean      ready;
  char         *problem;
  char        **unavailable;
};

G_DEFINE_FINAL_TYPE (GalleyOfflineRecogniser, galley_offline_recogniser, G_TYPE_OBJECT)

G_DEFINE_QUARK (galley-offline-recogniser-error-quark, galley_offline_recogniser_error)

enum
{
  PROP_0,
  PROP_MENU,
  PROP_MODEL_DIR,
  PROP_READY,
  PROP_PROBLEM,
  PROP_UNAVAILABLE_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char decode_tag = 0;   /* the source tag of end_utterance tasks */

static void
outcome_free (Outcome *outcome)
{
  g_clear_pointer (&outcome->proposals, g_ptr_array_unref);
  g_free (outcome->heard);
  g_free (outcome);
}

/* ------------------------------------------------------------------ main thread */

static gboolean
results_dispatch (GSource     *source,
                  GSourceFunc  callback,
                  gpointer     user_data)
{
  /* before the queue is read: a result pushed meanwhile wakes the source again */
  g_source_set_ready_time (source, -1);

  return callback (user_data);
}

static GSourceFuncs results_funcs = { NULL, NULL, results_dispatch, NULL, NULL, NULL };

static void
set_problem (GalleyOfflineRecogniser *self,
             const char              *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

static void
update_ready (GalleyOfflineRecogniser *self)
{
  gboolean ready = self->model_loaded && self->grammar_loaded;

  if (ready == self->ready)
    return;
  self->ready = ready;
  g_debug ("%s", ready ? "Ready" : "Not ready");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
send (GalleyOfflineRecogniser *self,
      GalleyOfflineCommand    *command)
{
  _galley_offline_worker_send (self->worker, command);
}

static void
send_grammar (GalleyOfflineRecogniser *self)
{
  GalleyOfflineCommand *command;

  command = _galley_offline_command_new (GALLEY_OFFLINE_COMMAND_GRAMMAR, ++self->next_serial);

  command->grammar = galley_offline_grammar_new (self->menu);
  self->grammar_serial = command->serial;
  send (self, command);
}

static void
menu_changed_cb (GalleyOfflineRecogniser *self,
                 GalleyMenu              *menu)
{
  if (self->worker != NULL)
    send_grammar (self);
}

static void
handle_init (GalleyOfflineRecogniser *self,
             GalleyOfflineResult     *result)
{
  if (result->error != NULL)
    {
      g_warning ("Offline voice not available: %s", result->error->message);
      set_problem (self, result->no_model
                         ? _("Offline voice is not installed on this terminal.")
                         : _("Offline voice could not start on this terminal."));
      return;
    }
  self->model_loaded = TRUE;
  update_ready (self);
}

static void
handle_grammar (GalleyOfflineRecogniser *self,
                GalleyOfflineResult     *result)
{
  if (result->serial != self->grammar_serial || !self->model_loaded)
    return;   /* a newer menu is on its way, or there is no decoder (problem already set) */

  if (result->error != NULL)
    {
      g_warning ("Menu grammar not loaded: %s", result->error->message);
      self->grammar_loaded = FALSE;
      set_problem (self, _("Offline voice cannot use this menu. Add the items by touch."));
    }
  else
    {
      self->grammar_loaded = result->n_items > 0;
      if (result->n_menu_items == 0)
        set_problem (self, _("Offline voice waits for the menu."));
      else if (result->n_items == 0)
        set_problem (self, _("Offline voice knows none of the words on this menu. Add the "
                             "items by touch."));
      else
        set_problem (self, NULL);
      if (!g_strv_equal ((const char * const *) self->unavailable,
                         (const char * const *) result->unavailable))
        {
          g_strfreev (self->unavailable);
          self->unavailable = g_strdupv (result->unavailable);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNAVAILABLE_ITEMS]);
        }
      g_debug ("Grammar loaded: %u items, %u not available offline", result->n_items,
               g_strv_length (result->unavailable));
    }
  update_ready (self);
}

static void
handle_decode (GalleyOfflineRecogniser *self,
               GalleyOfflineResult     *result)
{
  g_autoptr(GTask) task = g_queue_pop_head (&self->decodes);
  Outcome *outcome;

  g_assert (task != NULL);
  if (result->error != NULL)
    {
      if (g_error_matches (result->error, GALLEY_OFFLINE_RECOGNISER_ERROR,
                           GALLEY_OFFLINE_RECOGNISER_ERROR_NOT_READY))
        g_task_return_new_error (task, GALLEY_OFFLINE_RECOGNISER_ERROR,
                                 GALLEY_OFFLINE_RECOGNISER_ERROR_NOT_READY, "%s",
                                 self->problem != NULL
                                 ? self->problem
                                 : _("Offline voice is still starting. Try again in a "
                                     "moment."));
      else
        {
          g_warning ("Utterance not decoded: %s", result->error->message);
          g_task_return_new_error (task, GALLEY_OFFLINE_RECOGNISER_ERROR,
                                   GALLEY_OFFLINE_RECOGNISER_ERROR_FAILED, "%s",
                                   _("Offline voice did not understand that. Add the items "
                                     "by touch."));
        }
      return;
    }

  outcome = g_new0 (Outcome, 1);
  outcome->heard = g_strdup (result->hypothesis);
  outcome->proposals = galley_offline_grammar_parse (result->grammar, self->menu,
                                                     result->hypothesis);
  g_debug ("Heard \"%s\" in %.1f s of audio, decoded in %" G_GINT64_FORMAT " ms: %u lines",
           result->hypothesis, (double) result->n_samples / GALLEY_OFFLINE_SAMPLE_RATE,
           result->decode_us / 1000, outcome->proposals->len);
  g_task_return_pointer (task, outcome, (GDestroyNotify) outcome_free);
}

static gboolean
results_ready_cb (gpointer user_data)
{
  /* a task's callback may drop the caller's last reference */
  g_autoptr(GalleyOfflineRecogniser) self = g_object_ref (user_data);
  GalleyOfflineResult *result;

  while (self->worker != NULL &&
         (result = _galley_offline_worker_take_result (self->worker)) != NULL)
    {
      if (result->kind == GALLEY_OFFLINE_COMMAND_INIT)
        handle_init (self, result);
      else if (result->kind == GALLEY_OFFLINE_COMMAND_GRAMMAR)
        handle_grammar (self, result);
      else
        handle_decode (self, result);
      _galley_offline_result_free (result);
    }

  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------ GObject */

static void
galley_offline_recogniser_constructed (GObject *object)
{
  GalleyOfflineRecogniser *self = GALLEY_OFFLINE_RECOGNISER (object);
  GalleyOfflineWorker *worker;
  GalleyOfflineCommand *init;
  GSource *wake;

  G_OBJECT_CLASS (galley_offline_recogniser_parent_class)->constructed (object);

  g_assert (self->menu != NULL);
  wake = g_source_new (&results_funcs, sizeof (GSource));
  g_source_set_static_name (wake, "galley-offline-recogniser-results");
  g_source_set_callback (wake, results_ready_cb, self, NULL);
  self->results_id = g_source_attach (wake, g_main_context_get_thread_default ());
  worker = _galley_offline_worker_new (wake, self->cancellable);
  g_source_unref (wake);   /* the context and the worker hold it */
  self->worker = worker;

  init = _galley_offline_command_new (GALLEY_OFFLINE_COMMAND_INIT, ++self->next_serial);
  init->model_dir = g_strdup (self->model_dir);
  send (self, init);
  send_grammar (self);
  self->menu_changed_id = g_signal_connect_object (self->menu, "changed",
                                                   G_CALLBACK (menu_changed_cb), self,
                                                   G_CONNECT_SWAPPED);

  self->thread = g_thread_new ("galley-offline", _galley_offline_worker_main, worker);
}

static void
galley_offline_recogniser_dispose (GObject *object)
{
  GalleyOfflineRecogniser *self = GALLEY_OFFLINE_RECOGNISER (object);
  GTask *task;

  /* 1. Sources: no result is read any more */
  g_clear_handle_id (&self->results_id, g_source_remove);

  /* 2. Handlers on the menu, which outlives us */
  if (self->menu != NULL)
    g_clear_signal_handler (&self->menu_changed_id, self->menu);

  /* 3. Work in flight: the worker skips what is queued, quits, and is joined */
  g_cancellable_cancel (self->cancellable);
  if (self->thread != NULL)
    {
      send (self, _galley_offline_command_new (GALLEY_OFFLINE_COMMAND_QUIT, 0));
      g_thread_join (g_steal_pointer (&self->thread));
    }
  g_clear_pointer (&self->worker, _galley_offline_worker_free);
  while ((task = g_queue_pop_head (&self->decodes)) != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Closed");
      g_object_unref (task);
    }
  g_clear_object (&self->cancellable);

  /* 5. References */
  g_clear_object (&self->menu);

  G_OBJECT_CLASS (galley_offline_recogniser_parent_class)->dispose (object);
}

static void
galley_offline_recogniser_finalize (GObject *object)
{
  GalleyOfflineRecogniser *self = GALLEY_OFFLINE_RECOGNISER (object);

  g_assert (self->results_id == 0);
  g_assert (self->thread == NULL);
  g_assert (self->worker == NULL);
  g_assert (g_queue_is_empty (&self->decodes));

  g_array_unref (self->samples);
  g_free (self->model_dir);
  g_free (self->problem);
  g_strfreev (self->unavailable);

  G_OBJECT_CLASS (galley_offline_recogniser_parent_class)->finalize (object);
}

static void
galley_offline_recogniser_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  GalleyOfflineRecogniser *self = GALLEY_OFFLINE_RECOGNISER (object);

  switch (prop_id)
    {
    case PROP_MENU:
      g_value_set_object (value, self->menu);
      break;
    case PROP_MODEL_DIR:
      g_value_set_string (value, self->model_dir);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_UNAVAILABLE_ITEMS:
      g_value_set_boxed (value, self->unavailable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_offline_recogniser_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  GalleyOfflineRecogniser *self = GALLEY_OFFLINE_RECOGNISER (object);

  switch (prop_id)
    {
    case PROP_MENU:
      g_set_object (&self->menu, g_value_get_object (value));
      break;
    case PROP_MODEL_DIR:
      g_free (self->model_dir);
      self->model_dir = g_value_dup_string (value);
      if (self->model_dir == NULL)
        self->model_dir = g_strdup (GALLEY_POCKETSPHINX_MODEL_DIR);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_offline_recogniser_class_init (GalleyOfflineRecogniserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = galley_offline_recogniser_constructed;
  object_class->dispose = galley_offline_recogniser_dispose;
  object_class->finalize = galley_offline_recogniser_finalize;
  object_class->get_property = galley_offline_recogniser_get_property;
  object_class->set_property = galley_offline_recogniser_set_property;

  properties[PROP_MENU] = g_param_spec_object ("menu", NULL, NULL, GALLEY_TYPE_MENU, construct);
  properties[PROP_MODEL_DIR] = g_param_spec_string ("model-dir", NULL, NULL, NULL, construct);
  properties[PROP_READY] = g_param_spec_boolean ("ready", NULL, NULL, FALSE, ro);
  properties[PROP_PROBLEM] = g_param_spec_string ("problem", NULL, NULL, NULL, ro);
  properties[PROP_UNAVAILABLE_ITEMS] = g_param_spec_boxed ("unavailable-items", NULL, NULL,
                                                           G_TYPE_STRV, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_offline_recogniser_init (GalleyOfflineRecogniser *self)
{
  self->cancellable = g_cancellable_new ();
  self->samples = g_array_new (FALSE, FALSE, sizeof (gint16));
  self->unavailable = g_new0 (char *, 1);
  g_queue_init (&self->decodes);
}

/* ------------------------------------------------------------------ public */

/**
 * galley_offline_recogniser_new:
 * @menu: the menu whose items can be said; its changes rebuild the grammar
 *
 * Starts the worker thread, which loads the model (about 0.1 s) and the grammar; "ready"
 * turns %TRUE when both are loaded, or "problem" says why not.
 *
 * Returns: (transfer full): the recogniser
 */
GalleyOfflineRecogniser *
galley_offline_recogniser_new (GalleyMenu *menu)
{
  return galley_offline_recogniser_new_for_model (menu, NULL);
}

/**
 * galley_offline_recogniser_new_for_model:
 * @model_dir: (nullable): a folder with `en-us/` (acoustic model) and
 *   `cmudict-en-us.dict`; %NULL for the installed pocketsphinx-en-us
 *
 * Returns: (transfer full): the recogniser
 */
GalleyOfflineRecogniser *
galley_offline_recogniser_new_for_model (GalleyMenu *menu,
                                         const char *model_dir)
{
  g_return_val_if_fail (GALLEY_IS_MENU (menu), NULL);

  return g_object_new (GALLEY_TYPE_OFFLINE_RECOGNISER, "menu", menu, "model-dir", model_dir,
                       NULL);
}

GalleyMenu *
galley_offline_recogniser_get_menu (GalleyOfflineRecogniser *self)
{
  g_return_val_if_fail (GALLEY_IS_OFFLINE_RECOGNISER (self), NULL);

  return self->menu;
}

const char *
galley_offline_recogniser_get_model_dir (GalleyOfflineRecogniser *self)
{
  g_return_val_if_fail (GALLEY_IS_OFFLINE_RECOGNISER (self), NULL);

  return self->model_dir;
}

/* Whether the model and a grammar with at least one item are loaded. */
gboolean
galley_offline_recogniser_get_ready (GalleyOfflineRecogniser *self)
{
  g_return_val_if_fail (GALLEY_IS_OFFLINE_RECOGNISER (self), FALSE);

  return self->ready;
}

/**
 * galley_offline_recogniser_get_problem:
 *
 * Returns: (nullable): why offline voice cannot be used, for the cashier (translated)
 */
const char *
galley_offline_recogniser_get_problem (GalleyOfflineRecogniser *self)
{
  g_return_val_if_fail (GALLEY_IS_OFFLINE_RECOGNISER (self), NULL);

  return self->problem;
}

/**
 * galley_offline_recogniser_get_unavailable_items:
 *
 * Returns: (transfer none): the names of the menu items no word of which the dictionary
 *   can pronounce ("not available offline"); empty, never %NULL
 */
const char * const *
galley_offline_recogniser_get_unavailable_items (GalleyOfflineRecogniser *self)
{
  g_return_val_if_fail (GALLEY_IS_OFFLINE_RECOGNISER (self), NULL);

  return (const char * const *) self->unavailable;
}

/* The talk button went down: samples fed from now on are one utterance. */
void
galley_offline_recogniser_start_utterance (GalleyOfflineRecogniser *self)
{
  g_return_if_fail (GALLEY_IS_OFFLINE_RECOGNISER (self));

  g_array_set_size (self->samples, 0);
  self->in_utterance = TRUE;
  self->overflow = FALSE;
}

/**
 * galley_offline_recogniser_feed:
 * @pcm16k: (array length=n_samples): mono S16 samples at 16 kHz
 *
 * Adds samples to the utterance; outside one (before start, after end) they are ignored.
 * Past %GALLEY_OFFLINE_MAX_UTTERANCE_SECS the rest is dropped.
 */
void
galley_offline_recogniser_feed (GalleyOfflineRecogniser *self,
                                const gint16            *pcm16k,
                                gsize                    n_samples)
{
  gsize room;

  g_return_if_fail (GALLEY_IS_OFFLINE_RECOGNISER (self));
  g_return_if_fail (pcm16k != NULL || n_samples == 0);

  if (!self->in_utterance)
    return;
  room = MAX_SAMPLES - self->samples->len;
  if (n_samples > room && !self->overflow)
    {
      self->overflow = TRUE;
      g_debug ("Utterance longer than %u s: the rest is dropped",
               (guint) GALLEY_OFFLINE_MAX_UTTERANCE_SECS);
    }
  g_array_append_vals (self->samples, pcm16k, MIN (n_samples, room));
}

/**
 * galley_offline_recogniser_end_utterance_async:
 *
 * The talk button went up: the utterance is decoded on the worker thread. Utterances are
 * decoded in the order they end; one that ends while the model is still loading waits for
 * it.
 */
void
galley_offline_recogniser_end_utterance_async (GalleyOfflineRecogniser *self,
                                               GCancellable            *cancellable,
                                               GAsyncReadyCallback      callback,
                                               gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  GalleyOfflineCommand *command;

  g_return_if_fail (GALLEY_IS_OFFLINE_RECOGNISER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, (gpointer) &decode_tag);
  g_task_set_name (task, "galley-offline-recogniser-decode");

  if (self->worker == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, "Disposed");
      return;
    }

  command = _galley_offline_command_new (GALLEY_OFFLINE_COMMAND_DECODE, ++self->next_serial);
  command->samples = self->samples;
  self->samples = g_array_new (FALSE, FALSE, sizeof (gint16));
  self->in_utterance = FALSE;
  g_queue_push_tail (&self->decodes, g_steal_pointer (&task));
  send (self, command);
}

/**
 * galley_offline_recogniser_end_utterance_finish:
 * @heard: (out) (optional) (transfer full): the words the decoder heard ("" for none)
 *
 * Returns: (transfer full) (element-type GalleyOfflineProposal): the proposed lines, in
 *   the order heard (empty if no item was heard); %NULL with
 *   %GALLEY_OFFLINE_RECOGNISER_ERROR (a message for the cashier) or %G_IO_ERROR_CANCELLED
 */
GPtrArray *
galley_offline_recogniser_end_utterance_finish (GalleyOfflineRecogniser  *self,
                                                GAsyncResult             *result,
                                                char                    **heard,
                                                GError                  **error)
{
  Outcome *outcome;
  GPtrArray *proposals;

  g_return_val_if_fail (GALLEY_IS_OFFLINE_RECOGNISER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == &decode_tag, NULL);

  if (heard != NULL)
    *heard = NULL;
  outcome = g_task_propagate_pointer (G_TASK (result), error);
  if (outcome == NULL)
    return NULL;
  if (heard != NULL)
    *heard = g_steal_pointer (&outcome->heard);
  proposals = g_steal_pointer (&outcome->proposals);
  outcome_free (outcome);

  return proposals;
}
