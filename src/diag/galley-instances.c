/* galley-instances.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "galley-instances"

#include <execinfo.h>
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>

#include "diag/galley-instances.h"

#define MAX_TRACKED 256

typedef struct
{
  GType        type;
  const char  *name;
  gboolean     galley;
  void       (*orig_constructed) (GObject *);
  void       (*orig_finalize) (GObject *);
  gint         live;
  GHashTable  *set;       /* live instances, under the lock */
} Tracked;

G_LOCK_DEFINE_STATIC (tracked);
static Tracked tracked[MAX_TRACKED];
static guint n_tracked;
static GHashTable *counters;   /* static name -> GINT_TO_POINTER (count), under the lock */

static Tracked *
find_tracked (GType type)
{
  /* the nearest tracked ancestor: subtypes count under their tracked base */
  for (GType t = type; t != 0; t = g_type_parent (t))
    for (guint i = 0; i < n_tracked; i++)
      if (tracked[i].type == t)
        return &tracked[i];

  return NULL;
}

static void
tracked_constructed (GObject *object)
{
  Tracked *entry = find_tracked (G_OBJECT_TYPE (object));

  g_assert (entry != NULL);   /* the hook is only installed on tracked classes */
  g_atomic_int_inc (&entry->live);
  G_LOCK (tracked);
  g_hash_table_add (entry->set, object);
  G_UNLOCK (tracked);

  if (g_getenv ("GALLEY_TRACK_BACKTRACE") != NULL)
    {
      void *frames[32];
      int n = backtrace (frames, G_N_ELEMENTS (frames));
      char **symbols = backtrace_symbols (frames, n);
      GString *str = g_string_new (NULL);

      for (int i = 1; i < n; i++)
        g_string_append_printf (str, "      %s\n", symbols ? symbols[i] : "?");
      free (symbols);
      g_object_set_data_full (object, "galley-instances-backtrace",
                              g_string_free (str, FALSE), g_free);
    }

  if (entry->orig_constructed != NULL)
    entry->orig_constructed (object);
}

static void
tracked_finalize (GObject *object)
{
  Tracked *entry = find_tracked (G_OBJECT_TYPE (object));

  g_assert (entry != NULL);
  g_atomic_int_add (&entry->live, -1);
  G_LOCK (tracked);
  g_hash_table_remove (entry->set, object);
  G_UNLOCK (tracked);

  entry->orig_finalize (object);
}

/**
 * galley_instances_track:
 * @type: a GObject type with no instance alive yet
 *
 * Starts counting instances of @type (and of subtypes whose classes are first used later).
 * Tracking a type that is already tracked does nothing; tracking a type related to a
 * tracked one is refused, since both hooks would run on one instance.
 */
void
galley_instances_track (GType type)
{
  GObjectClass *klass;

  g_return_if_fail (g_type_is_a (type, G_TYPE_OBJECT));

  klass = g_type_class_ref (type);   /* kept for the life of the process */

  G_LOCK (tracked);
  for (guint i = 0; i < n_tracked; i++)
    {
      if (tracked[i].type == type)
        {
          G_UNLOCK (tracked);
          return;
        }
      if (g_type_is_a (type, tracked[i].type) || g_type_is_a (tracked[i].type, type))
        {
          G_UNLOCK (tracked);
          g_critical ("Cannot track %s: related to the tracked type %s",
                      g_type_name (type), g_type_name (tracked[i].type));
          return;
        }
    }

  if (n_tracked == MAX_TRACKED)
    {
      G_UNLOCK (tracked);
      g_critical ("Cannot track %s: too many tracked types", g_type_name (type));
      return;
    }

  tracked[n_tracked++] = (Tracked) {
    .type = type,
    .name = g_type_name (type),
    .galley = g_str_has_prefix (g_type_name (type), "Galley"),
    .orig_constructed = klass->constructed,
    .orig_finalize = klass->finalize,
    .live = 0,
    .set = g_hash_table_new (NULL, NULL),
  };
  /* GLib compares class->constructed with g_object_constructed at run time, so this hook
   * fires even for types without a constructed of their own. */
  klass->constructed = tracked_constructed;
  klass->finalize = tracked_finalize;
  G_UNLOCK (tracked);
}

gboolean
galley_instances_is_tracked (GType type)
{
  gboolean found = FALSE;

  G_LOCK (tracked);
  for (guint i = 0; i < n_tracked && !found; i++)
    found = tracked[i].type == type;
  G_UNLOCK (tracked);

  return found;
}

/**
 * galley_instances_count:
 *
 * Returns: the live instances of @type, or -1 if it is not tracked
 */
int
galley_instances_count (GType type)
{
  for (guint i = 0; i < n_tracked; i++)
    if (tracked[i].type == type)
      return g_atomic_int_get (&tracked[i].live);

  return -1;
}

/**
 * galley_instances_dump:
 *
 * Prints the live instances of @type with their reference counts and, when
 * GALLEY_TRACK_BACKTRACE is set, where each was created.
 */
void
galley_instances_dump (GType type)
{
  for (guint i = 0; i < n_tracked; i++)
    {
      GHashTableIter iter;
      gpointer key;

      if (tracked[i].type != type)
        continue;

      G_LOCK (tracked);
      g_printerr ("live %s instances: %d\n", tracked[i].name,
                  g_atomic_int_get (&tracked[i].live));
      g_hash_table_iter_init (&iter, tracked[i].set);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          GObject *object = key;
          const char *bt = g_object_get_data (object, "galley-instances-backtrace");

          g_printerr ("  %s %p ref_count=%u\n%s", G_OBJECT_TYPE_NAME (object), (void *) object,
                      g_atomic_int_get ((int *) &object->ref_count),
                      bt != NULL ? bt
                                 : "      (GALLEY_TRACK_BACKTRACE=1 shows where it was made)\n");
        }
      G_UNLOCK (tracked);
    }
}

/**
 * galley_instances_track_galley_types:
 *
 * Tracks every GObject type defined in Galley's sources (the list is generated at build
 * time), so that no class can be forgotten.
 */
void
galley_instances_track_galley_types (void)
{
  for (guint i = 0; galley_type_getters[i] != NULL; i++)
    {
      GType type = galley_type_getters[i] ();

      if (G_TYPE_IS_OBJECT (type) && !G_TYPE_IS_ABSTRACT (type))
        galley_instances_track (type);
    }
}

/**
 * galley_instances_track_library_types:
 *
 * Tracks the library objects Galley creates and must release.
 */
void
galley_instances_track_library_types (void)
{
  galley_instances_track (SOUP_TYPE_SESSION);
  galley_instances_track (SOUP_TYPE_MESSAGE);
  galley_instances_track (SOUP_TYPE_WEBSOCKET_CONNECTION);
  galley_instances_track (SOUP_TYPE_SERVER);
  galley_instances_track (G_TYPE_CANCELLABLE);
}

/**
 * galley_instances_total_galley:
 *
 * Returns: the sum of live instances of all tracked Galley types
 */
int
galley_instances_total_galley (void)
{
  int total = 0;

  for (guint i = 0; i < n_tracked; i++)
    if (tracked[i].galley)
      total += g_atomic_int_get (&tracked[i].live);

  return total;
}

static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  const GalleyInstanceCount *ca = a, *cb = b;

  return strcmp (ca->name, cb->name);
}

/**
 * galley_instances_snapshot:
 *
 * Returns: (transfer full) (element-type GalleyInstanceCount): every tracked type and
 *   resource counter with its live count, sorted by name
 */
GArray *
galley_instances_snapshot (void)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (GalleyInstanceCount));

  for (guint i = 0; i < n_tracked; i++)
    {
      GalleyInstanceCount c = { tracked[i].name, g_atomic_int_get (&tracked[i].live) };
      g_array_append_val (out, c);
    }

  G_LOCK (tracked);
  if (counters != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, counters);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          GalleyInstanceCount c = { key, GPOINTER_TO_INT (value) };
          g_array_append_val (out, c);
        }
    }
  G_UNLOCK (tracked);

  g_array_sort (out, compare_counts);

  return out;
}

void
galley_instances_counter_add (const char *name,
                              int         delta)
{
  int value;

  g_return_if_fail (name != NULL);

  G_LOCK (tracked);
  if (counters == NULL)
    counters = g_hash_table_new (g_str_hash, g_str_equal);
  value = GPOINTER_TO_INT (g_hash_table_lookup (counters, name)) + delta;
  g_hash_table_insert (counters, (gpointer) name, GINT_TO_POINTER (value));
  G_UNLOCK (tracked);

  if (value < 0)
    g_critical ("Resource counter %s went below zero", name);
}

int
galley_instances_counter_get (const char *name)
{
  int value = 0;

  G_LOCK (tracked);
  if (counters != NULL)
    value = GPOINTER_TO_INT (g_hash_table_lookup (counters, name));
  G_UNLOCK (tracked);

  return value;
}
