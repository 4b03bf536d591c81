/* galley-menu-panel-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For GalleyMenuPanel's own files and its tests: the search index (galley-menu-panel-search.c)
 * and read access to the parts a test drives.
 */
#pragma once

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
