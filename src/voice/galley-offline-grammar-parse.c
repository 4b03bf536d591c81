/* galley-offline-grammar-parse.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyOfflineGrammar's way back: a hypothesis, whose words the grammar allowed, read as
 * proposed lines with the post-parse rules of spec/voice.md §8.3.
 */
#define G_LOG_DOMAIN "galley-offline-grammar"

#include <string.h>

#include "voice/galley-offline-grammar.h"
#include "voice/galley-offline-grammar-private.h"

typedef struct
{
  char **words;
  guint  n;
  guint  at;
} Cursor;

/* Whether one of @phrases starts at the cursor; the longest wins. Returns its word count. */
static guint
match_list (Cursor             *c,
            const char * const *phrases,
            GPtrArray          *more,
            const char        **matched)
{
  guint best = 0;

  for (guint k = 0; k < 2; k++)
    {
      guint n = k == 0 ? (phrases != NULL ? g_strv_length ((GStrv) phrases) : 0)
                       : (more != NULL ? more->len : 0);

      for (guint i = 0; i < n; i++)
        {
          const char *phrase = k == 0 ? phrases[i] : g_ptr_array_index (more, i);
          g_auto (GStrv) words = g_strsplit (phrase, " ", -1);
          guint len = g_strv_length (words);
          gboolean ok = len > best && c->at + len <= c->n;

          for (guint w = 0; ok && w < len; w++)
            ok = g_str_equal (words[w], c->words[c->at + w]);
          if (ok)
            {
              best = len;
              if (matched != NULL)
                *matched = phrase;
            }
        }
    }

  return best;
}

/* The longest item phrase at the cursor, and the items it names. */
static guint
match_item (GalleyOfflineGrammar  *self,
            Cursor                *c,
            GPtrArray            **items)
{
  for (guint len = MIN (MAX_PHRASE_WORDS, c->n - c->at); len > 0; len--)
    {
      g_autofree char *phrase = NULL;
      GPtrArray *found;
      char *saved = c->words[c->at + len];

      c->words[c->at + len] = NULL;
      phrase = g_strjoinv (" ", c->words + c->at);
      c->words[c->at + len] = saved;
      found = g_hash_table_lookup (self->phrase_items, phrase);
      if (found != NULL)
        {
          *items = found;
          return len;
        }
    }

  return 0;
}

static guint
quantity_of (const char *word)
{
  for (guint i = 0; _galley_offline_quantities[i] != NULL; i++)
    if (g_str_equal (_galley_offline_quantities[i], word))
      return i < 2 ? 1 : i - 1;

  return 0;
}

typedef struct
{
  GPtrArray     *items;       /* GalleyOfflineItem*, borrowed */
  guint          quantity;
  const char    *size;
  GStrvBuilder  *modifiers;
  GString       *heard;
  const char    *verb;        /* the last modifier verb, for "no onions and pickles" */
} Line;

static void
line_heard (Line          *line,
            Cursor        *c,
            guint          n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_printf (line->heard, "%s%s", line->heard->len > 0 ? " " : "",
                            c->words[c->at + i]);
}

/* The finished line as a proposal, or nothing if it named no item. */
static void
line_flush (Line       *line,
            GalleyMenu *menu,
            GPtrArray  *out)
{
  g_autoptr(GalleyOfflineProposal) proposal = NULL;

  if (line->modifiers == NULL)
    return;
  if (line->items != NULL)
    {
      proposal = galley_offline_proposal_new (NULL, MAX (line->quantity, 1));
      for (guint i = 0; i < line->items->len; i++)
        {
          GalleyOfflineItem *item = g_ptr_array_index (line->items, i);
          GalleyMenuItem *menu_item = galley_menu_lookup_item_by_id (menu, item->id);

          if (menu_item != NULL)   /* else it left the menu since the snapshot */
            g_ptr_array_add (proposal->candidates, g_object_ref (menu_item));
        }
      if (proposal->candidates->len == 1)
        proposal->item = g_object_ref (g_ptr_array_index (proposal->candidates, 0));
      proposal->size = g_strdup (line->size);
      g_strfreev (proposal->modifiers);
      proposal->modifiers = g_strv_builder_end (line->modifiers);
      g_free (proposal->heard);
      proposal->heard = g_strdup (line->heard->str);
      if (proposal->candidates->len > 0)
        g_ptr_array_add (out, g_steal_pointer (&proposal));
    }
  g_clear_pointer (&line->modifiers, g_strv_builder_unref);
  g_string_free (line->heard, TRUE);
  memset (line, 0, sizeof *line);
}

static void
line_start (Line *line)
{
  line->modifiers = g_strv_builder_new ();
  line->heard = g_string_new (NULL);
}

/**
 * galley_offline_grammar_parse:
 * @menu: the menu now, to find the items of the snapshot again by id
 * @hypothesis: the words the decoder heard
 *
 * Proposed lines (spec/voice.md §8.3): a quantity, a size or an item word after a finished
 * line starts the next line; after "and" or "with" an item word starts a new line and an
 * ingredient continues the modifiers (with the last verb); no quantity, "a" and "an" mean 1;
 * plural and singular name the same item. Words of no line are skipped.
 *
 * Returns: (transfer container) (element-type GalleyOfflineProposal): the proposals, in the
 *   order heard
 */
GPtrArray *
galley_offline_grammar_parse (GalleyOfflineGrammar *self,
                              GalleyMenu           *menu,
                              const char           *hypothesis)
{
  GPtrArray *out;
  g_auto (GStrv) words = NULL;
  Cursor c = { 0 };
  Line line = { 0 };
  const char *connector = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (GALLEY_IS_MENU (menu), NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) galley_offline_proposal_free);
  words = galley_offline_grammar_normalize (hypothesis);
  c.words = words;
  c.n = g_strv_length (words);

  c.at += match_list (&c, _galley_offline_prefixes, NULL, NULL);
  while (c.at < c.n)
    {
      const char *word = c.words[c.at];
      const char *matched = NULL;
      GPtrArray *items = NULL;
      guint len;

      if (g_str_equal (word, "please"))
        {
          c.at++;
          continue;
        }
      /* "mac and cheese" never gets here: the longest item phrase took its "and" */
      if (g_str_equal (word, "and") || g_str_equal (word, "with"))
        {
          connector = word;
          c.at++;
          continue;
        }

      if (quantity_of (word) > 0)
        {
          line_flush (&line, menu, out);
          line_start (&line);
          line.quantity = quantity_of (word);
          line_heard (&line, &c, 1);
          c.at++;
          connector = NULL;
          continue;
        }

      if (match_list (&c, _galley_offline_sizes, NULL, &matched) > 0)
        {
          if (line.modifiers == NULL || line.items != NULL || line.size != NULL)
            {
              line_flush (&line, menu, out);
              line_start (&line);
            }
          line.size = matched;
          line_heard (&line, &c, 1);
          c.at++;
          connector = NULL;
          continue;
        }

      /* after a finished line, an item word starts the next (also after and/with) */
      len = match_item (self, &c, &items);
      if (len > 0)
        {
          if (line.modifiers == NULL || line.items != NULL)
            {
              line_flush (&line, menu, out);
              line_start (&line);
            }
          line.items = items;
          line_heard (&line, &c, len);
          c.at += len;
          connector = NULL;
          continue;
        }

      if (line.items != NULL && g_strv_contains (_galley_offline_verbs, word))
        {
          c.at++;
          len = match_list (&c, NULL, self->ingredients, &matched);
          c.at--;
          if (len > 0)
            {
              g_autofree char *modifier = g_strconcat (word, " ", matched, NULL);

              line.verb = word;
              g_strv_builder_add (line.modifiers, modifier);
              line_heard (&line, &c, len + 1);
              c.at += len + 1;
              connector = NULL;
              continue;
            }
        }

      if (line.items != NULL &&
          (len = match_list (&c, NULL, self->options, &matched)) > 0)
        {
          g_strv_builder_add (line.modifiers, matched);
          line_heard (&line, &c, len);
          c.at += len;
          connector = NULL;
          continue;
        }

      /* "no onions and pickles", "with cheese": an ingredient continues the modifiers */
      if (line.items != NULL && connector != NULL &&
          (len = match_list (&c, NULL, self->ingredients, &matched)) > 0)
        {
          const char *verb = line.verb != NULL ? line.verb
                           : g_str_equal (connector, "with") ? "with" : "add";
          g_autofree char *modifier = g_strconcat (verb, " ", matched, NULL);

          g_strv_builder_add (line.modifiers, modifier);
          line_heard (&line, &c, len);
          c.at += len;
          connector = NULL;
          continue;
        }

      g_debug ("Skipped \"%s\": no line takes it", word);
      c.at++;
    }
  line_flush (&line, menu, out);

  return out;
}
