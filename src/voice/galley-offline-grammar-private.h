/* galley-offline-grammar-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by GalleyOfflineGrammar's files only (the snapshot and compile in
 * galley-offline-grammar.c, the way back in galley-offline-grammar-parse.c).
 */
#pragma once

#include "voice/galley-offline-grammar.h"

G_BEGIN_DECLS

#define MAX_PHRASE_WORDS 8

typedef struct
{
  char      *id;
  char      *name;
  GPtrArray *phrases;    /* char*: normalised phrases, singular and plural */
} GalleyOfflineItem;

struct _GalleyOfflineGrammar
{
  GPtrArray  *items;        /* GalleyOfflineItem*, in menu order */
  GPtrArray  *ingredients;  /* char*: "onions", from "No onions" */
  GPtrArray  *options;      /* char*: whole options without a verb ("double patty") */
  GHashTable *phrase_items; /* phrase → GPtrArray of GalleyOfflineItem* (borrowed) */
};

/* The grammar's frame (spec/voice.md §8.3), NULL-terminated */
extern const char * const _galley_offline_prefixes[];     /* "i want", "i'd like", … */
extern const char * const _galley_offline_quantities[];   /* "a", "an", "one" … "ten" */
extern const char * const _galley_offline_sizes[];        /* "small", "medium", "large" */
extern const char * const _galley_offline_verbs[];        /* "no", "without", "extra", "add" */
extern const char * const _galley_offline_fixed_words[];  /* "and", "with", "please" */

G_END_DECLS
