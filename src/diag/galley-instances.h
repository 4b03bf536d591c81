/* galley-instances.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Debian's GLib is built without instance counting (GOBJECT_DEBUG=instance-count does
 * nothing), so Galley counts live instances itself: tracking a type patches its class's
 * constructed and finalize. Used by the Diagnostics view and by the leak gates. */

typedef GType (*GalleyTypeGetter) (void);

typedef struct
{
  const char *name;   /* type name or counter name; static */
  int         live;
} GalleyInstanceCount;

void        galley_instances_track                (GType       type);
gboolean    galley_instances_is_tracked           (GType       type);
int         galley_instances_count                (GType       type);
void        galley_instances_dump                 (GType       type);
void        galley_instances_track_galley_types   (void);
void        galley_instances_track_library_types  (void);
int         galley_instances_total_galley         (void);
GArray     *galley_instances_snapshot             (void);

/* Counters for resources that are not GObjects (PipeWire streams, SQLite handles).
 * @name must be a static string. */
void        galley_instances_counter_add          (const char *name,
                                                   int         delta);
int         galley_instances_counter_get          (const char *name);

/* Generated at build time from every G_DEFINE_*TYPE in src/ (gen-type-list.py). */
extern const GalleyTypeGetter galley_type_getters[];

G_END_DECLS
