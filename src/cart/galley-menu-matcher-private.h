/* galley-menu-matcher-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the matcher's files (galley-menu-matcher*.c) only.
 */
#pragma once

#include "cart/galley-menu-matcher.h"

G_BEGIN_DECLS

#define HISTOGRAM 37          /* a–z, 0–9, anything else */
#define MAX_TEXT  200         /* bytes of a normalised text that are compared */

/* galley-menu-matcher-text.c */
gboolean                       _galley_menu_matcher_is_size_word    (const char     *word);
GPtrArray                     *_galley_menu_matcher_words           (const char     *text,
                                                                     gboolean        phrase);
char                          *_galley_menu_matcher_join            (GPtrArray      *words,
                                                                     const char     *separator);
void                           _galley_menu_matcher_histogram       (const char     *text,
                                                                     guint           len,
                                                                     guint8         *histogram);
guint                          _galley_menu_matcher_histogram_bound (const guint8   *a,
                                                                     const guint8   *b);
double                         _galley_menu_matcher_edit_score      (const char     *a,
                                                                     guint           la,
                                                                     const char     *b,
                                                                     guint           lb,
                                                                     double          min);
double                         _galley_menu_matcher_overlap_score   (const guint    *a,
                                                                     guint           na,
                                                                     const guint    *b,
                                                                     guint           nb);
gboolean                       _galley_menu_matcher_contains_run    (const guint    *hay,
                                                                     guint           nh,
                                                                     const guint    *needle,
                                                                     guint           nn);
const GalleyMenuModifierGroup *_galley_menu_matcher_size_group      (GalleyMenuItem *item,
                                                                     const char     *size);

G_END_DECLS
