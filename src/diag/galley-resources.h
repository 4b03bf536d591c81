/* galley-resources.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the process holds right now: named GSources on the default main context, open fds,
 * resident memory. GLib 2.74 cannot list sources, so the walk looks every id up. */

guint       galley_resources_count_sources  (const char *name_prefix);
GHashTable *galley_resources_list_sources   (const char *name_prefix);
void        galley_resources_dump_sources   (void);
guint       galley_resources_count_fds      (void);
char      **galley_resources_list_fds       (void);
guint64     galley_resources_rss_bytes      (void);

G_END_DECLS
