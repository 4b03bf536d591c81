/* galley-menu-panel-search.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyMenuPanel's search facet: instant search over a menu of hundreds of items
 * (kitchen-and-counter.md C-1). Each item's name, aliases and description are normalised
 * once per menu change (accents and case dropped, punctuation made spaces) into one
 * " word word … " text; a keystroke then costs one normalisation of the query and, per item,
 * a hash lookup and a few strstr(). A query word of one or two letters must start a word
 * ("ch" finds "Chicken", not "Nachos"); a longer one may sit anywhere in a word ("burger"
 * finds "Cheeseburger"). Every query word must be found.
 */
#define G_LOG_DOMAIN "galley-menu-panel"

#include "counter/galley-menu-panel-private.h"

#define SHORT_WORD 2   /* query words this short match word starts only */

struct _GalleyMenuSearch
{
  GHashTable *texts;   /* GalleyMenuItem* (ref) → char* " word word … " */
  char      **words;   /* the query: " word" forms for short words, "word" otherwise */
  char       *query;   /* the normalised query, to tell a narrower one */
};

/* Case and accents dropped, everything but letters and digits a single space, no space
 * at either end: "Sautéed  Mushrooms!" → "sauteed mushrooms". */
char *
_galley_menu_search_normalize (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;
  gboolean space = FALSE;

  if (text == NULL)
    return g_strdup ("");
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  out = g_string_sized_new (strlen (decomposed));

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (!g_unichar_isalnum (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, g_unichar_tolower (c));
    }

  return g_string_free (out, FALSE);
}

static char *
item_text (GalleyMenuItem *item)
{
  const char * const *aliases = galley_menu_item_get_aliases (item);
  g_autofree char *name = _galley_menu_search_normalize (galley_menu_item_get_name (item));
  g_autofree char *description =
    _galley_menu_search_normalize (galley_menu_item_get_description (item));
  GString *text = g_string_new (" ");

  g_string_append (text, name);
  g_string_append_c (text, ' ');
  for (guint i = 0; aliases != NULL && aliases[i] != NULL; i++)
    {
      g_autofree char *alias = _galley_menu_search_normalize (aliases[i]);

      g_string_append (text, alias);
      g_string_append_c (text, ' ');
    }
  g_string_append (text, description);
  g_string_append_c (text, ' ');

  return g_string_free (text, FALSE);
}

GalleyMenuSearch *
_galley_menu_search_new (void)
{
  GalleyMenuSearch *search = g_new0 (GalleyMenuSearch, 1);

  search->texts = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  search->query = g_strdup ("");

  return search;
}

void
_galley_menu_search_free (GalleyMenuSearch *search)
{
  if (search == NULL)
    return;
  g_hash_table_unref (search->texts);
  g_strfreev (search->words);
  g_free (search->query);
  g_free (search);
}

/* Prepares the texts of @items, keeping those of items that did not change (a menu
 * reload keeps the instances of unchanged items) and dropping those of items that left. */
void
_galley_menu_search_prepare (GalleyMenuSearch *search,
                             GListModel       *items)
{
  GHashTable *texts = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  guint n = g_list_model_get_n_items (items);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyMenuItem) item = g_list_model_get_item (items, i);
      gpointer key = NULL, text = NULL;

      if (g_hash_table_steal_extended (search->texts, item, &key, &text))
        {
          g_object_unref (key);
          g_hash_table_insert (texts, g_object_ref (item), text);
        }
      else
        g_hash_table_insert (texts, g_object_ref (item), item_text (item));
    }

  g_hash_table_unref (search->texts);
  search->texts = texts;
}

/* Returns: whether the query changed; @more_strict: whether it only narrowed (the new
 * query extends the old one), so that items already filtered out stay out */
gboolean
_galley_menu_search_set_query (GalleyMenuSearch *search,
                               const char       *text,
                               gboolean         *more_strict)
{
  g_autofree char *query = _galley_menu_search_normalize (text);
  g_auto(GStrv) words = NULL;
  GPtrArray *forms;

  *more_strict = FALSE;
  if (g_strcmp0 (query, search->query) == 0)
    return FALSE;

  *more_strict = *search->query != '\0' && g_str_has_prefix (query, search->query);
  words = g_strsplit (query, " ", -1);
  forms = g_ptr_array_new ();
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      g_ptr_array_add (forms, g_utf8_strlen (words[i], -1) <= SHORT_WORD
                                ? g_strconcat (" ", words[i], NULL)
                                : g_strdup (words[i]));
    }
  g_ptr_array_add (forms, NULL);

  g_strfreev (search->words);
  search->words = (char **) g_ptr_array_free (forms, FALSE);
  g_free (search->query);
  search->query = g_steal_pointer (&query);

  return TRUE;
}

gboolean
_galley_menu_search_has_query (GalleyMenuSearch *search)
{
  return *search->query != '\0';
}

gboolean
_galley_menu_search_match (GalleyMenuSearch *search,
                           GalleyMenuItem   *item)
{
  const char *text;

  if (search->words == NULL || search->words[0] == NULL)
    return TRUE;

  text = g_hash_table_lookup (search->texts, item);
  if (text == NULL)
    {
      /* an item the models announced before the menu's ::changed: prepare it now */
      text = item_text (item);
      g_hash_table_insert (search->texts, g_object_ref (item), (char *) text);
    }

  for (guint i = 0; search->words[i] != NULL; i++)
    if (strstr (text, search->words[i]) == NULL)
      return FALSE;

  return TRUE;
}
