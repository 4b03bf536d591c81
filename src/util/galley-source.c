/* galley-source.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Named sources. Each one is also counted in a registry by name until it is destroyed, so
 * the Diagnostics view can show live sources in O(number of names) on a terminal that has
 * created millions of sources over weeks (the id walk the tests use grows with every id).
 */
#define G_LOG_DOMAIN "galley-source"

#include "util/galley-source.h"

typedef struct
{
  const char     *name;
  GSourceFunc     func;
  GUnixFDSourceFunc fd_func;
  gpointer        data;
  GDestroyNotify  notify;
} Named;

G_LOCK_DEFINE_STATIC (registry);
static GHashTable *registry;   /* static name -> GUINT_TO_POINTER (live count) */

static void
registry_add (const char *name,
              int         delta)
{
  guint n;

  G_LOCK (registry);
  if (registry == NULL)
    registry = g_hash_table_new (g_str_hash, g_str_equal);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (registry, name));
  n = (guint) ((int) n + delta);
  if (n == 0)
    g_hash_table_remove (registry, name);
  else
    g_hash_table_insert (registry, (gpointer) name, GUINT_TO_POINTER (n));
  G_UNLOCK (registry);
}

static gboolean
named_dispatch (gpointer user_data)
{
  Named *named = user_data;

  return named->func (named->data);
}

static gboolean
named_fd_dispatch (int           fd,
                   GIOCondition  condition,
                   gpointer      user_data)
{
  Named *named = user_data;

  return named->fd_func (fd, condition, named->data);
}

static void
named_free (gpointer user_data)
{
  Named *named = user_data;

  registry_add (named->name, -1);
  if (named->notify != NULL)
    named->notify (named->data);
  g_free (named);
}

static guint
attach_named (GSource        *source,
              const char     *static_name,
              GSourceFunc     dispatch,
              Named          *named)
{
  guint id;

  registry_add (static_name, +1);
  g_source_set_callback (source, dispatch, named, named_free);
  g_source_set_static_name (source, static_name);
  id = g_source_attach (source, NULL);
  g_source_unref (source);

  return id;
}

static Named *
named_new (const char     *name,
           GSourceFunc     func,
           gpointer        data,
           GDestroyNotify  notify)
{
  Named *named = g_new0 (Named, 1);

  named->name = name;
  named->func = func;
  named->data = data;
  named->notify = notify;

  return named;
}

/**
 * galley_timeout_add_named:
 * @static_name: a name starting with "galley-" that lives as long as the program
 *
 * Like g_timeout_add_full() at default priority, with a name for the leak gates and the
 * Diagnostics view.
 *
 * Returns: the source id, to be stored and cleared by the caller
 */
guint
galley_timeout_add_named (const char     *static_name,
                          guint           interval_ms,
                          GSourceFunc     func,
                          gpointer        data,
                          GDestroyNotify  notify)
{
  g_return_val_if_fail (static_name != NULL, 0);
  g_return_val_if_fail (func != NULL, 0);

  return attach_named (g_timeout_source_new (interval_ms), static_name, named_dispatch,
                       named_new (static_name, func, data, notify));
}

guint
galley_timeout_add_seconds_named (const char     *static_name,
                                  guint           interval_s,
                                  GSourceFunc     func,
                                  gpointer        data,
                                  GDestroyNotify  notify)
{
  g_return_val_if_fail (static_name != NULL, 0);
  g_return_val_if_fail (func != NULL, 0);

  return attach_named (g_timeout_source_new_seconds (interval_s), static_name, named_dispatch,
                       named_new (static_name, func, data, notify));
}

guint
galley_idle_add_named (const char     *static_name,
                       GSourceFunc     func,
                       gpointer        data,
                       GDestroyNotify  notify)
{
  g_return_val_if_fail (static_name != NULL, 0);
  g_return_val_if_fail (func != NULL, 0);

  return attach_named (g_idle_source_new (), static_name, named_dispatch,
                       named_new (static_name, func, data, notify));
}

/**
 * galley_idle_add_full_named:
 * @priority: e.g. %G_PRIORITY_HIGH_IDLE + 10 to run before GTK lays out and paints
 *
 * galley_idle_add_named() at another priority than %G_PRIORITY_DEFAULT_IDLE.
 */
guint
galley_idle_add_full_named (const char     *static_name,
                            int             priority,
                            GSourceFunc     func,
                            gpointer        data,
                            GDestroyNotify  notify)
{
  GSource *source;

  g_return_val_if_fail (static_name != NULL, 0);
  g_return_val_if_fail (func != NULL, 0);

  source = g_idle_source_new ();
  g_source_set_priority (source, priority);

  return attach_named (source, static_name, named_dispatch,
                       named_new (static_name, func, data, notify));
}

guint
galley_unix_fd_add_named (const char        *static_name,
                          int                fd,
                          GIOCondition       condition,
                          GUnixFDSourceFunc  func,
                          gpointer           data,
                          GDestroyNotify     notify)
{
  Named *named;

  g_return_val_if_fail (static_name != NULL, 0);
  g_return_val_if_fail (fd >= 0, 0);
  g_return_val_if_fail (func != NULL, 0);

  named = named_new (static_name, NULL, data, notify);
  named->fd_func = func;

  return attach_named (g_unix_fd_source_new (fd, condition), static_name,
                       (GSourceFunc) (void (*) (void)) named_fd_dispatch, named);
}

/**
 * galley_unix_signal_add_named:
 *
 * Like g_unix_signal_add(), with a name.
 */
guint
galley_unix_signal_add_named (const char  *static_name,
                              int          signum,
                              GSourceFunc  func,
                              gpointer     data)
{
  g_return_val_if_fail (static_name != NULL, 0);
  g_return_val_if_fail (func != NULL, 0);

  return attach_named (g_unix_signal_source_new (signum), static_name, named_dispatch,
                       named_new (static_name, func, data, NULL));
}

/**
 * galley_source_count_live:
 * @name_prefix: (nullable): count only sources whose name starts with this
 *
 * Returns: the named sources created by Galley that are not destroyed yet
 */
guint
galley_source_count_live (const char *name_prefix)
{
  GHashTableIter iter;
  gpointer key, value;
  guint total = 0;

  G_LOCK (registry);
  if (registry != NULL)
    {
      g_hash_table_iter_init (&iter, registry);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (name_prefix == NULL || g_str_has_prefix (key, name_prefix))
          total += GPOINTER_TO_UINT (value);
    }
  G_UNLOCK (registry);

  return total;
}

/**
 * galley_source_list_live:
 *
 * Returns: (transfer full): static source name -> live count
 */
GHashTable *
galley_source_list_live (void)
{
  GHashTable *out = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  G_LOCK (registry);
  if (registry != NULL)
    {
      g_hash_table_iter_init (&iter, registry);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (out, key, value);
    }
  G_UNLOCK (registry);

  return out;
}
