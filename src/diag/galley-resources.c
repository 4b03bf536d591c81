/* galley-resources.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "galley-resources"

#include <stdio.h>
#include <unistd.h>

#include "diag/galley-resources.h"

/* Source ids are sequential: the current maximum is the id a throw-away source gets. */
static guint
max_source_id (void)
{
  GSource *source = g_idle_source_new ();
  guint id;

  g_source_set_static_name (source, "galley-resources-probe");
  id = g_source_attach (source, NULL);
  g_source_destroy (source);
  g_source_unref (source);

  return id;
}

typedef void (*SourceVisit) (guint id, const char *name, gpointer data);

static void
walk_sources (SourceVisit visit,
              gpointer    data)
{
  guint max = max_source_id ();

  for (guint id = 1; id < max; id++)
    {
      GSource *source = g_main_context_find_source_by_id (NULL, id);

      if (source == NULL || g_source_is_destroyed (source))
        continue;

      visit (id, g_source_get_name (source), data);
    }
}

typedef struct
{
  const char *prefix;
  guint       count;
  GHashTable *names;
} SourceCount;

static void
count_visit (guint       id,
             const char *name,
             gpointer    data)
{
  SourceCount *sc = data;

  if (sc->prefix != NULL && (name == NULL || !g_str_has_prefix (name, sc->prefix)))
    return;

  sc->count++;
  if (sc->names != NULL)
    {
      const char *key = name != NULL ? name : "(unnamed)";
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (sc->names, key));

      g_hash_table_insert (sc->names, g_strdup (key), GUINT_TO_POINTER (n + 1));
    }
}

/**
 * galley_resources_count_sources:
 * @name_prefix: (nullable): count only sources whose name starts with this
 *
 * Returns: the number of live sources on the default main context
 */
guint
galley_resources_count_sources (const char *name_prefix)
{
  SourceCount sc = { name_prefix, 0, NULL };

  walk_sources (count_visit, &sc);

  return sc.count;
}

/**
 * galley_resources_list_sources:
 *
 * Returns: (transfer full): source name -> number of live sources with that name
 */
GHashTable *
galley_resources_list_sources (const char *name_prefix)
{
  SourceCount sc = { name_prefix, 0, g_hash_table_new_full (g_str_hash, g_str_equal,
                                                             g_free, NULL) };

  walk_sources (count_visit, &sc);

  return sc.names;
}

static void
dump_visit (guint       id,
            const char *name,
            gpointer    data)
{
  g_printerr ("  source %u name=%s\n", id, name != NULL ? name : "(null)");
}

void
galley_resources_dump_sources (void)
{
  g_printerr ("live sources on the default main context:\n");
  walk_sources (dump_visit, NULL);
}

/**
 * galley_resources_list_fds:
 *
 * Returns: (transfer full): "N -> target" for every open fd of the process
 */
char **
galley_resources_list_fds (void)
{
  GDir *dir = g_dir_open ("/proc/self/fd", 0, NULL);
  GPtrArray *out = g_ptr_array_new ();
  const char *entry;

  if (dir != NULL)
    {
      while ((entry = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_strconcat ("/proc/self/fd/", entry, NULL);
          g_autofree char *target = g_file_read_link (path, NULL);

          if (target == NULL)
            continue;
          /* the directory being read */
          if (g_str_has_prefix (target, "/proc/") && g_str_has_suffix (target, "/fd"))
            continue;
          g_ptr_array_add (out, g_strdup_printf ("%s -> %s", entry, target));
        }
      g_dir_close (dir);
    }

  g_ptr_array_add (out, NULL);

  return (char **) g_ptr_array_free (out, FALSE);
}

guint
galley_resources_count_fds (void)
{
  g_auto (GStrv) fds = galley_resources_list_fds ();

  return g_strv_length (fds);
}

/**
 * galley_resources_rss_bytes:
 *
 * Returns: the resident set size of the process, or 0 if it cannot be read
 */
guint64
galley_resources_rss_bytes (void)
{
  unsigned long size = 0, resident = 0;
  FILE *f = fopen ("/proc/self/statm", "re");
  int n;

  if (f == NULL)
    return 0;

  n = fscanf (f, "%lu %lu", &size, &resident);
  fclose (f);

  if (n != 2)
    return 0;

  return (guint64) resident * (guint64) sysconf (_SC_PAGESIZE);
}
