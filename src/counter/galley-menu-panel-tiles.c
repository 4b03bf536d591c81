/* galley-menu-panel-tiles.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyMenuPanel's tiles facet: what a dish tile says (name, price, allergens in words,
 * "Sold out") and what a screen reader says for it, and the factory that keeps each bound
 * tile on its slot's dish (galley-menu-slot.c, galley-menu-tile.c).
 */
#define G_LOG_DOMAIN "galley-menu-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "cart/galley-cart.h"
#include "counter/galley-menu-panel-private.h"
#include "counter/galley-menu-slot.h"
#include "counter/galley-menu-tile.h"

/* The allergens the menu names, in words for a cashier; others are shown as sent. */
static const struct
{
  const char *key;
  const char *name;
} allergen_names[] = {
  { "gluten", N_("gluten") },
  { "dairy", N_("dairy") },
  { "milk", N_("dairy") },
  { "egg", N_("eggs") },
  { "eggs", N_("eggs") },
  { "fish", N_("fish") },
  { "shellfish", N_("shellfish") },
  { "crustaceans", N_("shellfish") },
  { "molluscs", N_("molluscs") },
  { "soy", N_("soy") },
  { "peanut", N_("peanuts") },
  { "peanuts", N_("peanuts") },
  { "nuts", N_("tree nuts") },
  { "tree-nuts", N_("tree nuts") },
  { "sesame", N_("sesame") },
  { "celery", N_("celery") },
  { "mustard", N_("mustard") },
  { "sulphites", N_("sulphites") },
  { "lupin", N_("lupin") },
};

static const char *
allergen_name (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (allergen_names); i++)
    if (g_ascii_strcasecmp (key, allergen_names[i].key) == 0)
      return _(allergen_names[i].name);

  return key;
}

/* "peanuts, soy", or NULL when the dish has none */
static char *
dup_allergens (GalleyMenuItem *item)
{
  const char * const *allergens = galley_menu_item_get_allergens (item);
  GString *text;

  if (allergens == NULL || allergens[0] == NULL)
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; allergens[i] != NULL; i++)
    {
      if (i > 0)
        /* TRANSLATORS: between two allergens: "peanuts, soy" */
        g_string_append (text, _(", "));
      g_string_append (text, allergen_name (allergens[i]));
    }

  return g_string_free (text, FALSE);
}

/* "Soul Bowl, 14.00, contains sesame, sold out": what a screen reader says for a tile. */
char *
_galley_menu_panel_dup_tile_label (GalleyMenuItem *item)
{
  g_autofree char *price = galley_cart_format_money (galley_menu_item_get_price (item));
  g_autofree char *allergens = dup_allergens (item);
  GString *label = g_string_new (NULL);

  /* TRANSLATORS: a dish's accessible name: name and price */
  g_string_append_printf (label, _("%s, %s"), galley_menu_item_get_name (item), price);
  if (allergens != NULL)
    /* TRANSLATORS: appended to a dish's accessible name */
    g_string_append_printf (label, _(", contains %s"), allergens);
  if (!galley_menu_item_get_available (item))
    /* TRANSLATORS: appended to a dish's accessible name */
    g_string_append (label, _(", sold out"));

  return g_string_free (label, FALSE);
}


/* "14.00\n⚠ Contains sesame\nSold out": the lines of a tile under the dish's name */
char *
_galley_menu_panel_dup_tile_details (GalleyMenuItem *item)
{
  g_autofree char *allergens = dup_allergens (item);
  g_autofree char *price = galley_cart_format_money (galley_menu_item_get_price (item));
  GString *details = g_string_new (price);

  if (allergens != NULL)
    {
      /* the warning sign is the allergen icon, in the text so that it costs no widget */
      g_string_append (details, "\n\u26a0 ");
      g_string_append_printf (details, _("Contains %s"), allergens);
    }
  if (!galley_menu_item_get_available (item))
    {
      g_string_append_c (details, '\n');
      g_string_append (details, _("Sold out"));
    }

  return g_string_free (details, FALSE);
}

/* One GalleyMenuTile a dish: see galley-menu-tile.c for why a tile draws itself. */
static void
tile_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, galley_menu_tile_new ());
}

static void
update_tile (GtkListItem    *list_item,
             GalleyMenuSlot *slot)
{
  GtkWidget *tile = gtk_list_item_get_child (list_item);
  GtkWidget *cell = gtk_widget_get_parent (tile);
  GalleyMenuItem *item = galley_menu_slot_get_item (slot);

  galley_menu_tile_set_item (GALLEY_MENU_TILE (tile), item);
  /* the grid's cell, not the tile, takes the keyboard focus: it says the tile's words too
   * (GTK 4.8 has no gtk_list_item_set_accessible_label()) */
  if (cell != NULL)
    {
      g_autofree char *label = _galley_menu_panel_dup_tile_label (item);

      gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
    }
}

static void
slot_item_changed_cb (GalleyMenuSlot *slot,
                      GParamSpec     *pspec,
                      GtkListItem    *list_item)
{
  update_tile (list_item, slot);
}

/* The tile follows its slot while bound: the slot outlives the binding, so the handler's id
 * is kept on the list item and removed on unbind. */
static void
tile_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GalleyMenuSlot *slot = gtk_list_item_get_item (list_item);
  gulong id = g_signal_connect (slot, "notify::item", G_CALLBACK (slot_item_changed_cb),
                                list_item);

  g_object_set_data (G_OBJECT (list_item), "galley-slot-handler", GSIZE_TO_POINTER (id));
  update_tile (list_item, slot);
}

static void
tile_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GalleyMenuSlot *slot = gtk_list_item_get_item (list_item);
  gulong id = GPOINTER_TO_SIZE (g_object_steal_data (G_OBJECT (list_item),
                                                     "galley-slot-handler"));

  if (slot != NULL)
    g_clear_signal_handler (&id, slot);
}

/* The grid's tiles: one GalleyMenuTile a slot, following the slot's dish while bound. */
GtkListItemFactory *
_galley_menu_panel_tile_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (tile_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (tile_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (tile_unbind_cb), NULL);

  return factory;
}
