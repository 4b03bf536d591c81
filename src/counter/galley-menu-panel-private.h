/* galley-menu-panel-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For GalleyMenuPanel's own files and its tests: the instance struct, the facets' functions
 * (search, categories, tiles) and read access to the parts a test drives.
 */
#pragma once

#include <adwaita.h>

#include "counter/galley-menu-panel.h"

G_BEGIN_DECLS

/* The search over a menu's items: normalised texts prepared once per menu change. */
typedef struct _GalleyMenuSearch GalleyMenuSearch;

GalleyMenuSearch *_galley_menu_search_new       (void);
void              _galley_menu_search_free      (GalleyMenuSearch *search);
void              _galley_menu_search_prepare   (GalleyMenuSearch *search,
                                                 GListModel       *items);
gboolean          _galley_menu_search_set_query (GalleyMenuSearch *search,
                                                 const char       *text,
                                                 gboolean         *more_strict);
gboolean          _galley_menu_search_has_query (GalleyMenuSearch *search);
gboolean          _galley_menu_search_match     (GalleyMenuSearch *search,
                                                 GalleyMenuItem   *item);
char             *_galley_menu_search_normalize (const char       *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GalleyMenuSearch, _galley_menu_search_free)

struct _GalleyMenuPanel
{
  GtkWidget           parent_instance;

  /* template */
  GtkWidget          *root;
  GtkSearchEntry     *search_entry;
  GtkBox             *category_box;
  GtkStack           *stack;
  GtkGridView        *grid_view;
  AdwStatusPage      *empty_page;

  GalleyMenu         *menu;
  GalleyCart         *cart;
  GalleyMenuSearch   *search;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GListStore         *slots;             /* GalleyMenuSlot: the grid's model (galley-menu-slot.c) */
  gulong              filtered_changed_id;
  char               *category_id;       /* "" = All */
  gboolean            building_categories;
  GtkWindow          *dialog;            /* weak: the item dialog this panel opened */
};

/* galley-menu-panel.c */
void                _galley_menu_panel_refilter            (GalleyMenuPanel *self,
                                                            gboolean         more_strict);
/* galley-menu-panel-categories.c */
void                _galley_menu_panel_rebuild_categories  (GalleyMenuPanel *self);
/* galley-menu-panel-tiles.c */
GtkListItemFactory *_galley_menu_panel_tile_factory_new    (void);

/* tests */
GListModel       *_galley_menu_panel_get_model        (GalleyMenuPanel *self);
GtkEditable      *_galley_menu_panel_get_search_entry (GalleyMenuPanel *self);
GtkGridView      *_galley_menu_panel_get_grid_view    (GalleyMenuPanel *self);
const char       *_galley_menu_panel_get_page         (GalleyMenuPanel *self);
const char       *_galley_menu_panel_get_category     (GalleyMenuPanel *self);
void              _galley_menu_panel_set_category     (GalleyMenuPanel *self,
                                                       const char      *category_id);
guint             _galley_menu_panel_get_n_categories (GalleyMenuPanel *self);
GtkWindow        *_galley_menu_panel_get_dialog       (GalleyMenuPanel *self);
char             *_galley_menu_panel_dup_tile_label   (GalleyMenuItem  *item);
char             *_galley_menu_panel_dup_tile_details (GalleyMenuItem  *item);

G_END_DECLS
