/* galley-testutil.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Leak-gate helpers for Galley's tests; see galley-testutil.h and guide/testing.md.
 */
#include "galley-testutil.h"

#include <glib/gstdio.h>
#include <string.h>

#include "diag/galley-resources.h"

/* ------------------------------------------------------------------ test setup */

static GLogWriterOutput
quiet_writer (GLogLevelFlags   level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static GLogFunc gtest_handler;

static void
quiet_handler (const char     *domain,
               GLogLevelFlags  level,
               const char     *message,
               gpointer        data)
{
  if (!(level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO)))
    gtest_handler (domain, level, message, data);
}

void
galley_test_quiet_debug (void)
{
  if (g_getenv ("GALLEY_TEST_DEBUG") != NULL)
    return;

  g_log_set_writer_func (quiet_writer, NULL, NULL);
  gtest_handler = g_log_set_default_handler (quiet_handler, NULL);
}

guint
galley_test_iterations (guint default_n)
{
  const char *s = g_getenv ("GALLEY_TEST_ITER");
  guint64 n;

  if (s != NULL && g_ascii_string_to_unsigned (s, 10, 1, G_MAXUINT, &n, NULL))
    return (guint) n;

  return default_n;
}

void
galley_test_drain_main_context (void)
{
  for (int i = 0; i < 1000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

gboolean
galley_test_spin_until (gboolean (*cond) (gpointer data),
                        gpointer data,
                        guint    timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () >= end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
    }

  return TRUE;
}

void
galley_test_spin_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (500);
}

gboolean
galley_test_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

gboolean
galley_test_is_true (gpointer data)
{
  return *(gboolean *) data;
}

void
galley_test_remove_dir (const char *path)
{
  GDir *dir;
  const char *name;

  if (path == NULL || (dir = g_dir_open (path, 0, NULL)) == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_remove (file);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

/* ------------------------------------------------------------------ instance tracking */

void
galley_test_track_type (GType type)
{
  galley_instances_track (type);
}

void
galley_test_track_all (void)
{
  galley_instances_track_galley_types ();
  galley_instances_track_library_types ();
}

int
galley_test_tracked_count (GType type)
{
  return galley_instances_count (type);
}

void
galley_test_tracked_dump (GType type)
{
  galley_instances_dump (type);
}

void
galley_test_assert_no_galley_objects (void)
{
  int total = galley_instances_total_galley ();

  if (total != 0)
    {
      for (guint i = 0; galley_type_getters[i] != NULL; i++)
        {
          GType type = galley_type_getters[i] ();

          if (galley_instances_count (type) > 0)
            galley_instances_dump (type);
        }
    }

  g_assert_cmpint (total, ==, 0);
}

/* ------------------------------------------------------------------ sources and fds */

guint
galley_test_count_sources (const char *name_prefix)
{
  return galley_resources_count_sources (name_prefix);
}

void
galley_test_dump_sources (void)
{
  galley_resources_dump_sources ();
}

guint
galley_test_count_fds (void)
{
  return galley_resources_count_fds ();
}

void
galley_test_dump_fds (void)
{
  g_auto (GStrv) fds = galley_resources_list_fds ();

  g_printerr ("open fds:\n");
  for (guint i = 0; fds[i] != NULL; i++)
    g_printerr ("  fd %s\n", fds[i]);
}

/* ------------------------------------------------------------------ signal handlers */

static guint
count_for_type (gpointer instance,
                GType    type)
{
  /* g_signal_handlers_block_matched() ignores a MATCH_ID-only mask, so find + block one by
   * one (a blocked handler is not found again), then unblock them all. */
  guint n_ids, total;
  guint *ids = g_signal_list_ids (type, &n_ids);
  GArray *found = g_array_new (FALSE, FALSE, sizeof (gulong));

  for (guint i = 0; i < n_ids; i++)
    {
      gulong h;

      while ((h = g_signal_handler_find (instance, G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_UNBLOCKED,
                                         ids[i], 0, NULL, NULL, NULL)) != 0)
        {
          g_signal_handler_block (instance, h);
          g_array_append_val (found, h);
        }
    }
  for (guint i = 0; i < found->len; i++)
    g_signal_handler_unblock (instance, g_array_index (found, gulong, i));

  total = found->len;
  g_array_unref (found);
  g_free (ids);

  return total;
}

guint
galley_test_count_signal_handlers (gpointer instance)
{
  guint total = 0, n_ifaces;
  GType type = G_TYPE_FROM_INSTANCE (instance);
  GType *ifaces = g_type_interfaces (type, &n_ifaces);

  for (guint i = 0; i < n_ifaces; i++)
    total += count_for_type (instance, ifaces[i]);
  g_free (ifaces);

  for (; type != 0; type = g_type_parent (type))
    total += count_for_type (instance, type);

  return total;
}

/* ------------------------------------------------------------------ PipeWire nodes */

typedef struct
{
  char     *out;
  gboolean  ok;
  gboolean  done;
} SpawnWait;

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SpawnWait *w = user_data;
  GSubprocess *proc = G_SUBPROCESS (source);

  w->ok = g_subprocess_communicate_utf8_finish (proc, result, &w->out, NULL, NULL) &&
          g_subprocess_get_if_exited (proc) && g_subprocess_get_exit_status (proc) == 0;
  w->done = TRUE;
}

char *
galley_test_spawn_output (const char * const *argv,
                          guint               timeout_ms)
{
  g_autoptr(GSubprocess) proc = NULL;
  SpawnWait w = { 0 };

  proc = g_subprocess_newv (argv,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                            NULL);
  if (proc == NULL)
    return NULL;

  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicate_cb, &w);
  if (!galley_test_spin_until (galley_test_is_true, &w.done, timeout_ms))
    {
      g_printerr ("%s did not finish in %u ms\n", argv[0], timeout_ms);
      g_subprocess_force_exit (proc);
      /* the callback still holds &w: let it run before returning */
      while (!w.done)
        g_main_context_iteration (NULL, TRUE);
    }
  if (!w.ok)
    g_clear_pointer (&w.out, g_free);

  return w.out;
}

int
galley_test_count_pw_nodes (const char *name_prefix)
{
  const char *argv[] = { "pw-cli", "ls", "Node", NULL };
  g_autofree char *out = NULL;
  g_autofree char *needle = g_strdup_printf ("node.name = \"%s", name_prefix);
  int n = 0;

  /* not g_spawn_sync(): a PipeWire client on this main context must keep answering the
   * daemon while pw-cli asks about its node */
  out = galley_test_spawn_output (argv, 10000);
  if (out == NULL)
    return -1;
  for (const char *p = out; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;

  return n;
}

gboolean
galley_test_wait_pw_nodes (const char *name_prefix,
                           int         expected,
                           guint       timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  int n;

  while ((n = galley_test_count_pw_nodes (name_prefix)) != expected)
    {
      if (g_get_monotonic_time () >= end)
        {
          g_printerr ("PipeWire nodes named %s*: %d, expected %d\n", name_prefix, n, expected);
          return FALSE;
        }
      galley_test_drain_main_context ();
      g_usleep (10 * 1000);
    }

  return TRUE;
}

/* ------------------------------------------------------------------ baseline */

void
galley_test_baseline_take (GalleyTestBaseline *b)
{
  galley_test_drain_main_context ();
  g_strfreev (b->fds);
  b->fds = galley_resources_list_fds ();
  b->sources = galley_test_count_sources (GALLEY_SOURCE_PREFIX);
}

void
galley_test_baseline_assert (const GalleyTestBaseline *b)
{
  g_auto (GStrv) now = NULL;
  guint sources, new_fds = 0;

  g_return_if_fail (b->fds != NULL);

  galley_test_drain_main_context ();
  now = galley_resources_list_fds ();
  for (guint i = 0; now[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) b->fds, now[i]))
      {
        if (new_fds++ == 0)
          g_printerr ("fds opened since the baseline and still open:\n");
        g_printerr ("  fd %s\n", now[i]);
      }

  sources = galley_test_count_sources (GALLEY_SOURCE_PREFIX);
  if (sources != b->sources)
    {
      g_printerr ("named sources: %u, baseline %u\n", sources, b->sources);
      galley_test_dump_sources ();
    }

  g_assert_cmpuint (sources, ==, b->sources);
  g_assert_cmpuint (new_fds, ==, 0);
}

void
galley_test_baseline_clear (GalleyTestBaseline *b)
{
  g_clear_pointer (&b->fds, g_strfreev);
}

void
galley_test_count_cb (guint *counter)
{
  (*counter)++;
}
