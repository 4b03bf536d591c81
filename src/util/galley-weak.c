/* galley-weak.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "galley-weak"

#include "util/galley-weak.h"

struct _GalleyWeak
{
  GWeakRef ref;
};

/**
 * galley_weak_new:
 * @object: (type GObject) (nullable): the object to follow
 *
 * Returns: (transfer full): a weak reference, freed with galley_weak_free()
 */
GalleyWeak *
galley_weak_new (gpointer object)
{
  GalleyWeak *weak = g_new0 (GalleyWeak, 1);

  g_return_val_if_fail (object == NULL || G_IS_OBJECT (object), weak);

  g_weak_ref_init (&weak->ref, object);

  return weak;
}

/**
 * galley_weak_get:
 *
 * Returns: (transfer full) (nullable): a strong reference, or %NULL if the object is gone
 */
gpointer
galley_weak_get (GalleyWeak *weak)
{
  g_return_val_if_fail (weak != NULL, NULL);

  return g_weak_ref_get (&weak->ref);
}

void
galley_weak_free (GalleyWeak *weak)
{
  if (weak == NULL)
    return;

  g_weak_ref_clear (&weak->ref);
  g_free (weak);
}
