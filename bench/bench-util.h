/* bench-util.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What several benchmark programs share: this thread's CPU time, a comparison for sorting
 * samples, and the big menu the counter and matcher figures use.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* CPU time of the calling thread, in microseconds. */
gint64      bench_cpu_us          (void);
/* For g_array_sort () / qsort () of doubles, ascending. */
int         bench_compare_double  (gconstpointer a,
                                   gconstpointer b);
/* A menu of @n_items: the demo's items, then variants of them with another first word in
 * their names ("Smoky Classic Burger"), each with its own ids and an alias. */
JsonObject *bench_big_menu        (guint         n_items);

G_END_DECLS
