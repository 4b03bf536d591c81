/* galley-menu-matcher.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "menu/galley-menu.h"

G_BEGIN_DECLS

typedef enum
{
  GALLEY_MENU_MATCH_NONE,        /* not found: candidates are suggestions, if any */
  GALLEY_MENU_MATCH_EXACT,       /* the item's name */
  GALLEY_MENU_MATCH_ALIAS,       /* one of the item's aliases */
  GALLEY_MENU_MATCH_SUBSTRING,   /* whole words of a name or alias, either way */
  GALLEY_MENU_MATCH_FUZZY,       /* spelling or word overlap: never confident */
} GalleyMenuMatchKind;

#define GALLEY_MENU_MATCH_FUZZY_MIN      0.6   /* spec/voice.md §5.4 step 4 */
#define GALLEY_MENU_MATCH_CLOSE          0.1   /* fuzzy runner-up this close: ambiguous */
#define GALLEY_MENU_MATCH_SUGGEST_MIN    0.4   /* suggestions for a not-found phrase */
#define GALLEY_MENU_MATCH_MAX_CANDIDATES 3

/* One phrase matched against the menu (spec/voice.md §5.4). */
typedef struct
{
  GalleyMenuMatchKind kind;
  double              confidence;  /* 0..1; below GALLEY_CART_MATCH_THRESHOLD: unsure */
  gboolean            unsure;      /* fuzzy, ambiguous, or below the threshold */
  gboolean            ambiguous;   /* several candidates too close: none is chosen */
  GalleyMenuItem     *item;        /* nullable: the match, unless ambiguous or none */
  GPtrArray          *candidates;  /* GalleyMenuItem*, best first, at most 3 */
  char               *size;        /* nullable: a size word split off ("large") */
} GalleyMenuMatch;

void galley_menu_match_free (GalleyMenuMatch *match);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GalleyMenuMatch, galley_menu_match_free)

#define GALLEY_TYPE_MENU_MATCHER (galley_menu_matcher_get_type ())
G_DECLARE_FINAL_TYPE (GalleyMenuMatcher, galley_menu_matcher, GALLEY, MENU_MATCHER, GObject)

GalleyMenuMatcher              *galley_menu_matcher_new            (GalleyMenu        *menu);
GalleyMenu                     *galley_menu_matcher_get_menu       (GalleyMenuMatcher *self);
GalleyMenuMatch                *galley_menu_matcher_match          (GalleyMenuMatcher *self,
                                                                    const char        *phrase);
const GalleyMenuModifierOption *galley_menu_matcher_match_modifier (GalleyMenuMatcher *self,
                                                                    GalleyMenuItem    *item,
                                                                    const char        *phrase,
                                                                    const GalleyMenuModifierGroup
                                                                                     **group);
GPtrArray                      *galley_menu_matcher_suggest        (GalleyMenuMatcher *self,
                                                                    GalleyMenuItem    *item);
char                           *galley_menu_matcher_normalize      (const char        *text);
double                          galley_menu_matcher_similarity     (const char        *a,
                                                                    const char        *b);

G_END_DECLS
