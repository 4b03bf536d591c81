/* galley-menu-slot.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One place in the menu panel's grid, showing whichever dish the search puts there. The grid
 * view of GTK 4.8 creates a new tile widget for every dish that enters its range of up to 30
 * rows, and a keystroke moves most dishes: on a 500-item menu that was 12–20 ms of widget
 * creation a keystroke. The grid's model is therefore a list of slots that stay where they
 * are: a keystroke gives each slot its new dish (the bound tile follows ::notify::item and
 * only sets its text), and only the slots past the end are added or removed.
 */
#define G_LOG_DOMAIN "galley-menu-slot"

#include "counter/galley-menu-slot.h"

struct _GalleyMenuSlot
{
  GObject         parent_instance;

  GalleyMenuItem *item;
};

G_DEFINE_FINAL_TYPE (GalleyMenuSlot, galley_menu_slot, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
galley_menu_slot_dispose (GObject *object)
{
  GalleyMenuSlot *self = GALLEY_MENU_SLOT (object);

  g_clear_object (&self->item);

  G_OBJECT_CLASS (galley_menu_slot_parent_class)->dispose (object);
}

static void
galley_menu_slot_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GalleyMenuSlot *self = GALLEY_MENU_SLOT (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_menu_slot_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GalleyMenuSlot *self = GALLEY_MENU_SLOT (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      galley_menu_slot_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_menu_slot_class_init (GalleyMenuSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = galley_menu_slot_dispose;
  object_class->get_property = galley_menu_slot_get_property;
  object_class->set_property = galley_menu_slot_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, GALLEY_TYPE_MENU_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_menu_slot_init (GalleyMenuSlot *self)
{
}

/**
 * galley_menu_slot_new:
 *
 * Returns: (transfer full): a slot showing @item
 */
GalleyMenuSlot *
galley_menu_slot_new (GalleyMenuItem *item)
{
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (item), NULL);

  return g_object_new (GALLEY_TYPE_MENU_SLOT, "item", item, NULL);
}

/* Returns: (transfer none): the dish shown */
GalleyMenuItem *
galley_menu_slot_get_item (GalleyMenuSlot *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_SLOT (self), NULL);

  return self->item;
}

void
galley_menu_slot_set_item (GalleyMenuSlot *self,
                           GalleyMenuItem *item)
{
  g_return_if_fail (GALLEY_IS_MENU_SLOT (self));
  g_return_if_fail (GALLEY_IS_MENU_ITEM (item));

  if (g_set_object (&self->item, item))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
