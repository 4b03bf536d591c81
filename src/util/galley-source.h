/* galley-source.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib-unix.h>

G_BEGIN_DECLS

/* Every GSource Galley creates carries a static name starting with this prefix, so the
 * Diagnostics view and the leak gates can find the ones still alive. */
#define GALLEY_SOURCE_PREFIX "galley-"

guint galley_timeout_add_named         (const char        *static_name,
                                        guint              interval_ms,
                                        GSourceFunc        func,
                                        gpointer           data,
                                        GDestroyNotify     notify);
guint galley_timeout_add_seconds_named (const char        *static_name,
                                        guint              interval_s,
                                        GSourceFunc        func,
                                        gpointer           data,
                                        GDestroyNotify     notify);
guint galley_idle_add_named            (const char        *static_name,
                                        GSourceFunc        func,
                                        gpointer           data,
                                        GDestroyNotify     notify);
guint galley_idle_add_full_named       (const char        *static_name,
                                        int                priority,
                                        GSourceFunc        func,
                                        gpointer           data,
                                        GDestroyNotify     notify);
guint galley_unix_fd_add_named         (const char        *static_name,
                                        int                fd,
                                        GIOCondition       condition,
                                        GUnixFDSourceFunc  func,
                                        gpointer           data,
                                        GDestroyNotify     notify);

guint galley_unix_signal_add_named      (const char        *static_name,
                                        int                signum,
                                        GSourceFunc        func,
                                        gpointer           data);

guint       galley_source_count_live       (const char        *name_prefix);
GHashTable *galley_source_list_live        (void);

G_END_DECLS
