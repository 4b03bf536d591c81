/* galley-offline-grammar.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "menu/galley-menu.h"
#include "voice/galley-offline-proposal.h"

G_BEGIN_DECLS

/* The pronunciation of @word ("CH IY Z"), or %NULL if the dictionary does not know it.
 * Returns: (transfer full) (nullable): a g_malloc'd string */
typedef char *(*GalleyOfflineLookupFunc) (const char *word,
                                          gpointer    user_data);

/* A word the dictionary lacks whose pronunciation was derived from words it has
 * ("ribeye" from "rib" and "eye"); added to the decoder before the grammar. */
typedef struct
{
  char *word;
  char *phones;
} GalleyOfflineWord;

/* What galley_offline_grammar_compile() makes of a menu. */
typedef struct
{
  char       *text;          /* the JSGF grammar (spec/voice.md §8.3) */
  GPtrArray  *new_words;     /* GalleyOfflineWord*: for ps_add_word(), before the grammar */
  char      **unavailable;   /* names of the menu items that cannot be heard offline */
  guint       n_items;       /* menu items that can be heard */
} GalleyOfflineJsgf;

void galley_offline_jsgf_free (GalleyOfflineJsgf *jsgf);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GalleyOfflineJsgf, galley_offline_jsgf_free)

/* An immutable snapshot of a menu's words: reference counted, and safe to read and to
 * release from any thread (it holds no GObject), so the recogniser's worker compiles it. */
typedef struct _GalleyOfflineGrammar GalleyOfflineGrammar;

#define GALLEY_OFFLINE_MAX_QUANTITY 10

GalleyOfflineGrammar *galley_offline_grammar_new          (GalleyMenu              *menu);
GalleyOfflineGrammar *galley_offline_grammar_ref          (GalleyOfflineGrammar    *self);
void                  galley_offline_grammar_unref        (GalleyOfflineGrammar    *self);
guint                 galley_offline_grammar_get_n_items  (GalleyOfflineGrammar    *self);
GalleyOfflineJsgf    *galley_offline_grammar_compile      (GalleyOfflineGrammar    *self,
                                                           GalleyOfflineLookupFunc  lookup,
                                                           gpointer                 user_data);
GPtrArray            *galley_offline_grammar_parse        (GalleyOfflineGrammar    *self,
                                                           GalleyMenu              *menu,
                                                           const char              *hypothesis);
char                **galley_offline_grammar_normalize    (const char              *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GalleyOfflineGrammar, galley_offline_grammar_unref)

G_END_DECLS
