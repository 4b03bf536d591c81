/* galley-weak.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A heap GWeakRef, passed as user_data to async calls so that a callback never touches an
 * object that went away while the request was in flight (guide/style.md §9). */
typedef struct _GalleyWeak GalleyWeak;

GalleyWeak *galley_weak_new  (gpointer    object);
gpointer    galley_weak_get  (GalleyWeak *weak);
void        galley_weak_free (GalleyWeak *weak);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GalleyWeak, galley_weak_free)

G_END_DECLS
