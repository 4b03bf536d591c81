/* galley-offline-grammar.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The offline recogniser's words (spec/voice.md §8.3): a snapshot of the menu's item names,
 * aliases and modifier words in plain ASCII, and the JSGF grammar made from it (the way back
 * from a hypothesis to proposed lines is in galley-offline-grammar-parse.c). No pocketsphinx
 * here: the dictionary is a lookup callback, so all of it is tested without a model.
 *
 * The snapshot keeps item ids, never GalleyMenuItem objects: the recogniser's worker thread
 * reads it and may drop the last reference, and GObjects are released on the main thread
 * only. Items are looked up again by id when a hypothesis is parsed.
 */
#define G_LOG_DOMAIN "galley-offline-grammar"

#include <string.h>

#include "voice/galley-offline-grammar.h"
#include "voice/galley-offline-grammar-private.h"

const char * const _galley_offline_prefixes[] = { "i want", "i'd like", "can i have",
                                                  "give me", NULL };
const char * const _galley_offline_quantities[] = { "a", "an", "one", "two", "three", "four",
                                                    "five", "six", "seven", "eight", "nine",
                                                    "ten", NULL };
const char * const _galley_offline_sizes[] = { "small", "medium", "large", NULL };
const char * const _galley_offline_verbs[] = { "no", "without", "extra", "add", NULL };
const char * const _galley_offline_fixed_words[] = { "and", "with", "please", NULL };

/* ------------------------------------------------------------------ words */

static void
item_free (gpointer data)
{
  GalleyOfflineItem *item = data;

  g_free (item->id);
  g_free (item->name);
  g_ptr_array_unref (item->phrases);
  g_free (item);
}

/**
 * galley_offline_grammar_normalize:
 *
 * The words of @text as the dictionary spells them: ASCII ("jalapeño" → "jalapeno"), lower
 * case, "&" as "and", other punctuation as spaces; an apostrophe inside a word stays
 * ("i'd").
 *
 * Returns: (transfer full): the words; empty if nothing is left
 */
char **
galley_offline_grammar_normalize (const char *text)
{
  g_autofree char *ascii = NULL;
  g_autoptr(GStrvBuilder) words = g_strv_builder_new ();
  g_autoptr(GString) word = g_string_new (NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strv_builder_end (words);
  ascii = g_str_to_ascii (text, "C");
  for (const char *p = ascii; ; p++)
    {
      char c = g_ascii_tolower (*p);

      if (g_ascii_isalnum (c) ||
          (c == '\'' && word->len > 0 && g_ascii_isalpha (p[1])))
        {
          g_string_append_c (word, c);
          continue;
        }
      if (word->len > 0)
        {
          g_strv_builder_add (words, word->str);
          g_string_truncate (word, 0);
        }
      if (c == '&')
        g_strv_builder_add (words, "and");
      if (c == '\0')
        break;
    }

  return g_strv_builder_end (words);
}

static gboolean
is_consonant (char c)
{
  return c != '\0' && strchr ("aeiou", c) == NULL;
}

/* The other grammatical number of a noun: "coke" ↔ "cokes", "sandwich" ↔ "sandwiches",
 * "brownies" → "brownie"; NULL when it has none we can make. */
static char *
other_number (const char *word)
{
  gsize n = strlen (word);

  if (n < 3 || g_ascii_isdigit (word[n - 1]))
    return NULL;
  if (word[n - 1] == 's' && word[n - 2] != 's' && word[n - 2] != 'u')
    {
      /* "ies" loses its "s": brownie, cookie, smoothie are menu words, "fry" is not
       * (and "frie" is in no dictionary, so it drops out) */
      if (n > 4 && (g_str_has_suffix (word, "ches") || g_str_has_suffix (word, "shes") ||
                    g_str_has_suffix (word, "sses") || g_str_has_suffix (word, "xes")))
        return g_strndup (word, n - 2);
      return g_strndup (word, n - 1);
    }
  if (g_str_has_suffix (word, "ch") || g_str_has_suffix (word, "sh") ||
      word[n - 1] == 's' || word[n - 1] == 'x' || word[n - 1] == 'z')
    return g_strconcat (word, "es", NULL);
  if (word[n - 1] == 'y' && is_consonant (word[n - 2]))
    {
      g_autofree char *stem = g_strndup (word, n - 1);

      return g_strconcat (stem, "ies", NULL);
    }

  return g_strconcat (word, "s", NULL);
}

static void
add_unique (GPtrArray  *phrases,
            const char *phrase)
{
  if (*phrase != '\0' &&
      !g_ptr_array_find_with_equal_func (phrases, phrase, g_str_equal, NULL))
    g_ptr_array_add (phrases, g_strdup (phrase));
}

/* The phrase of @text and its other number (last word changed), if it is one. */
static void
add_item_phrases (GPtrArray  *phrases,
                  const char *text)
{
  g_auto (GStrv) words = galley_offline_grammar_normalize (text);
  guint n = g_strv_length (words);
  g_autofree char *phrase = NULL;
  g_autofree char *other = NULL;

  if (n == 0 || n > MAX_PHRASE_WORDS)
    return;
  phrase = g_strjoinv (" ", words);
  add_unique (phrases, phrase);

  /* only a singular's plural: the singular of a plural name ("wing", "ring", "frie") is
   * hardly said ("one wing") and is one more short word for the decoder to put anywhere */
  other = other_number (words[n - 1]);
  if (other != NULL && strlen (other) < strlen (words[n - 1]))
    g_clear_pointer (&other, g_free);
  if (other != NULL)
    {
      g_autofree char *other_phrase = NULL;

      g_free (words[n - 1]);
      words[n - 1] = g_steal_pointer (&other);
      other_phrase = g_strjoinv (" ", words);
      add_unique (phrases, other_phrase);
    }
}

/* An option as a modifier: its verb split off ("No onions" → ingredient "onions"), or the
 * whole option without one ("Double patty"); _galley_offline_sizes belong to <size>. */
static void
add_option_words (GalleyOfflineGrammar *self,
                  const char           *name)
{
  g_auto (GStrv) words = galley_offline_grammar_normalize (name);
  guint n = g_strv_length (words);
  g_autofree char *rest = NULL;

  if (n == 0 || n > MAX_PHRASE_WORDS)
    return;
  if (n == 1 && g_strv_contains (_galley_offline_sizes, words[0]))
    return;
  if (n > 1 && g_strv_contains (_galley_offline_verbs, words[0]))
    {
      rest = g_strjoinv (" ", words + 1);
      add_unique (self->ingredients, rest);
    }
  else
    {
      rest = g_strjoinv (" ", words);
      add_unique (self->options, rest);
    }
}

/* ------------------------------------------------------------------ snapshot */

/**
 * galley_offline_grammar_new:
 * @menu: the menu; its items now are the grammar's
 *
 * Returns: (transfer full): the snapshot
 */
GalleyOfflineGrammar *
galley_offline_grammar_new (GalleyMenu *menu)
{
  GalleyOfflineGrammar *self;
  guint n;

  g_return_val_if_fail (GALLEY_IS_MENU (menu), NULL);

  self = g_atomic_rc_box_new0 (GalleyOfflineGrammar);
  self->items = g_ptr_array_new_with_free_func (item_free);
  self->ingredients = g_ptr_array_new_with_free_func (g_free);
  self->options = g_ptr_array_new_with_free_func (g_free);
  self->phrase_items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref);

  n = g_list_model_get_n_items (G_LIST_MODEL (menu));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GalleyMenuItem) menu_item = g_list_model_get_item (G_LIST_MODEL (menu), i);
      const char * const *aliases = galley_menu_item_get_aliases (menu_item);
      GalleyOfflineItem *item = g_new0 (GalleyOfflineItem, 1);

      item->id = g_strdup (galley_menu_item_get_id (menu_item));
      item->name = g_strdup (galley_menu_item_get_name (menu_item));
      item->phrases = g_ptr_array_new_with_free_func (g_free);
      add_item_phrases (item->phrases, item->name);
      for (guint a = 0; aliases != NULL && aliases[a] != NULL; a++)
        add_item_phrases (item->phrases, aliases[a]);
      g_ptr_array_add (self->items, item);

      for (guint p = 0; p < item->phrases->len; p++)
        {
          const char *phrase = g_ptr_array_index (item->phrases, p);
          GPtrArray *list = g_hash_table_lookup (self->phrase_items, phrase);

          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (self->phrase_items, g_strdup (phrase), list);
            }
          if (!g_ptr_array_find (list, item, NULL))
            g_ptr_array_add (list, item);
        }

      for (guint g = 0; g < galley_menu_item_get_n_modifier_groups (menu_item); g++)
        {
          const GalleyMenuModifierGroup *group =
            galley_menu_item_get_modifier_group (menu_item, g);

          for (guint o = 0; o < group->n_options; o++)
            add_option_words (self, group->options[o].name);
        }
    }

  return self;
}

GalleyOfflineGrammar *
galley_offline_grammar_ref (GalleyOfflineGrammar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
grammar_clear (gpointer data)
{
  GalleyOfflineGrammar *self = data;

  g_hash_table_unref (self->phrase_items);
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->ingredients);
  g_ptr_array_unref (self->options);
}

void
galley_offline_grammar_unref (GalleyOfflineGrammar *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, grammar_clear);
}

guint
galley_offline_grammar_get_n_items (GalleyOfflineGrammar *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->items->len;
}

/* ------------------------------------------------------------------ compile */

typedef struct
{
  GalleyOfflineLookupFunc  lookup;
  gpointer                 user_data;
  GHashTable              *known;       /* word → phones, "" when unknown */
  GPtrArray               *new_words;   /* GalleyOfflineWord* */
} Dictionary;

static void
word_free (gpointer data)
{
  GalleyOfflineWord *word = data;

  g_free (word->word);
  g_free (word->phones);
  g_free (word);
}

static char *lookup_lexicon (const char *word);

/* The dictionary's phones of @word, else the lexicon's below. */
static char *
lookup_plain (Dictionary *dict,
              const char *word)
{
  char *phones = dict->lookup (word, dict->user_data);

  return phones != NULL ? phones : lookup_lexicon (word);
}

/* A plural the dictionary lacks, from its singular: + S after a voiceless sound, + IH Z
 * after a hissing one, + Z otherwise. */
static char *
derive_plural (Dictionary *dict,
               const char *word)
{
  g_autofree char *singular = other_number (word);
  g_autofree char *phones = NULL;
  const char *last;

  if (singular == NULL || strlen (singular) >= strlen (word))
    return NULL;
  phones = lookup_plain (dict, singular);
  if (phones == NULL)
    return NULL;
  last = strrchr (phones, ' ');
  last = last != NULL ? last + 1 : phones;
  if (g_strv_contains ((const char * const[]) { "S", "Z", "SH", "ZH", "CH", "JH", NULL }, last))
    return g_strconcat (phones, " IH Z", NULL);
  if (g_strv_contains ((const char * const[]) { "P", "T", "K", "F", "TH", NULL }, last))
    return g_strconcat (phones, " S", NULL);

  return g_strconcat (phones, " Z", NULL);
}

/* A compound of two known words ("ribeye" = "rib" + "eye"), each part possibly a plural. */
static char *
derive_compound (Dictionary *dict,
                 const char *word)
{
  gsize n = strlen (word);

  for (gsize split = 3; split + 3 <= n; split++)
    {
      g_autofree char *head = g_strndup (word, split);
      g_autofree char *head_phones = lookup_plain (dict, head);
      g_autofree char *tail_phones = NULL;

      if (head_phones == NULL)
        continue;
      tail_phones = lookup_plain (dict, word + split);
      if (tail_phones == NULL)
        tail_phones = derive_plural (dict, word + split);
      if (tail_phones != NULL)
        return g_strconcat (head_phones, " ", tail_phones, NULL);
    }

  return NULL;
}

/* Menu words the CMU dictionary of pocketsphinx-en-us lacks, in its phone set (checked
 * against the Debian 12 package): dishes a menu often has, spoken the American way. */
static const char * const lexicon[][2] = {
  { "aioli", "AY OW L IY" },
  { "bao", "B AW" },
  { "bibimbap", "B IY B IH M B AA P" },
  { "bruschetta", "B R UW S K EH T AH" },
  { "carnitas", "K AA R N IY T AH S" },
  { "ciabatta", "CH AH B AA T AH" },
  { "edamame", "EH D AH M AA M EY" },
  { "focaccia", "F OW K AA CH AH" },
  { "gyoza", "G Y OW Z AH" },
  { "halloumi", "HH AH L UW M IY" },
  { "katsu", "K AA T S UW" },
  { "kimchi", "K IH M CH IY" },
  { "miso", "M IY S OW" },
  { "panini", "P AH N IY N IY" },
  { "pho", "F ER" },
  { "poutine", "P UW T IY N" },
  { "ramen", "R AA M AH N" },
  { "ribeye", "R IH B AY" },
  { "shawarma", "SH AH W AA R M AH" },
  { "sriracha", "S R IH R AA CH AH" },
  { "tzatziki", "T S AA T S IY K IY" },
  { "udon", "UW D AA N" },
  { "vinaigrette", "V IH N AH G R EH T" },
};

static char *
lookup_lexicon (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (lexicon); i++)
    if (g_str_equal (lexicon[i][0], word))
      return g_strdup (lexicon[i][1]);

  return NULL;
}

/* Whether @word can be said: in the dictionary, or derived (and then recorded to be added). */
static gboolean
pronounceable (Dictionary *dict,
               const char *word)
{
  const char *known = g_hash_table_lookup (dict->known, word);
  char *phones;

  if (known != NULL)
    return *known != '\0';

  phones = dict->lookup (word, dict->user_data);
  if (phones == NULL && !g_ascii_isdigit (*word))
    {
      phones = lookup_lexicon (word);
      if (phones == NULL)
        phones = derive_plural (dict, word);
      if (phones == NULL)
        phones = derive_compound (dict, word);
      if (phones != NULL)
        {
          GalleyOfflineWord *added = g_new0 (GalleyOfflineWord, 1);

          added->word = g_strdup (word);
          added->phones = g_strdup (phones);
          g_ptr_array_add (dict->new_words, added);
          g_debug ("No pronunciation of \"%s\" in the dictionary: using %s", word, phones);
        }
    }
  g_hash_table_insert (dict->known, g_strdup (word), phones != NULL ? phones : g_strdup (""));

  return phones != NULL;
}

static gboolean
phrase_pronounceable (Dictionary *dict,
                      const char *phrase)
{
  g_auto (GStrv) words = g_strsplit (phrase, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (!pronounceable (dict, words[i]))
      return FALSE;

  return TRUE;
}

/* "<name> = a | b | c;", or nothing when no alternative is left. */
static gboolean
append_rule (GString    *text,
             const char *name,
             GPtrArray  *alternatives)
{
  if (alternatives->len == 0)
    return FALSE;
  g_autofree char *tag = g_strdup_printf ("<%s>", name);

  g_string_append_printf (text, "%-8s = ", tag);
  for (guint i = 0; i < alternatives->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " | " : "",
                            (const char *) g_ptr_array_index (alternatives, i));
  g_string_append (text, ";\n");

  return TRUE;
}

static GPtrArray *
said (Dictionary         *dict,
      const char * const *phrases,
      GPtrArray          *more)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; phrases != NULL && phrases[i] != NULL; i++)
    if (phrase_pronounceable (dict, phrases[i]))
      g_ptr_array_add (out, (gpointer) phrases[i]);
  for (guint i = 0; more != NULL && i < more->len; i++)
    if (phrase_pronounceable (dict, g_ptr_array_index (more, i)))
      g_ptr_array_add (out, g_ptr_array_index (more, i));

  return out;
}

void
galley_offline_jsgf_free (GalleyOfflineJsgf *jsgf)
{
  if (jsgf == NULL)
    return;

  g_free (jsgf->text);
  g_ptr_array_unref (jsgf->new_words);
  g_strfreev (jsgf->unavailable);
  g_free (jsgf);
}

/**
 * galley_offline_grammar_compile:
 * @lookup: the dictionary; called from the calling thread only
 *
 * The JSGF grammar of spec/voice.md §8.3 for the snapshot. Only phrases whose every word
 * can be pronounced go in; a word the dictionary lacks is derived from words it has when
 * that is safe (a plural of a known singular, a compound of two known words) and listed in
 * new_words. An item with no phrase left is listed in unavailable ("not available offline").
 * With no item left, text is %NULL.
 *
 * Returns: (transfer full): the grammar and what it needs
 */
GalleyOfflineJsgf *
galley_offline_grammar_compile (GalleyOfflineGrammar    *self,
                                GalleyOfflineLookupFunc  lookup,
                                gpointer                 user_data)
{
  Dictionary dict = { lookup, user_data, NULL, NULL };
  g_autoptr(GStrvBuilder) unavailable = g_strv_builder_new ();
  g_autoptr(GPtrArray) item_phrases = g_ptr_array_new ();
  g_autoptr(GPtrArray) prefix = NULL;
  g_autoptr(GPtrArray) qty = NULL;
  g_autoptr(GPtrArray) size = NULL;
  g_autoptr(GPtrArray) verb = NULL;
  g_autoptr(GPtrArray) fixed = NULL;
  g_autoptr(GPtrArray) ingredient = NULL;
  g_autoptr(GPtrArray) option = NULL;
  GalleyOfflineJsgf *jsgf;
  GString *text;
  gboolean has_mods;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (lookup != NULL, NULL);

  dict.known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  dict.new_words = g_ptr_array_new_with_free_func (word_free);
  jsgf = g_new0 (GalleyOfflineJsgf, 1);

  for (guint i = 0; i < self->items->len; i++)
    {
      GalleyOfflineItem *item = g_ptr_array_index (self->items, i);
      gboolean any = FALSE;

      for (guint p = 0; p < item->phrases->len; p++)
        {
          const char *phrase = g_ptr_array_index (item->phrases, p);

          if (!phrase_pronounceable (&dict, phrase))
            continue;
          any = TRUE;
          if (!g_ptr_array_find_with_equal_func (item_phrases, phrase, g_str_equal, NULL))
            g_ptr_array_add (item_phrases, (gpointer) phrase);
        }
      if (any)
        jsgf->n_items++;
      else
        g_strv_builder_add (unavailable, item->name);
    }

  prefix = said (&dict, _galley_offline_prefixes, NULL);
  qty = said (&dict, _galley_offline_quantities, NULL);
  size = said (&dict, _galley_offline_sizes, NULL);
  verb = said (&dict, _galley_offline_verbs, NULL);
  fixed = said (&dict, _galley_offline_fixed_words, NULL);
  ingredient = said (&dict, NULL, self->ingredients);
  option = said (&dict, NULL, self->options);
  /* an option that is also an item ("fries" from a side choice) would make every item
   * word after a line ambiguous: it is heard as a line of its own */
  for (guint i = option->len; i > 0; i--)
    if (g_hash_table_contains (self->phrase_items, g_ptr_array_index (option, i - 1)))
      g_ptr_array_remove_index (option, i - 1);

  /* "and", "with", "please" and the numbers are the grammar's frame: a dictionary without
   * them cannot take orders at all */
  if (item_phrases->len > 0 && fixed->len == g_strv_length ((GStrv) _galley_offline_fixed_words) &&
      qty->len == g_strv_length ((GStrv) _galley_offline_quantities))
    {
      has_mods = (verb->len > 0 && ingredient->len > 0) || option->len > 0;
      text = g_string_new ("#JSGF V1.0;\ngrammar galley_menu;\n");
      /* a line after the first starts with "and", "with" or a quantity: items never
       * follow each other bare, so short item words ("tea", "pie") cannot fill the gaps
       * of a longer one the decoder is unsure of */
      g_string_append_printf (text, "public <order> = %s<line> ( ( and | with ) <line> | "
                              "<qline> )* "
                              "[please];\n", prefix->len > 0 ? "[<prefix>] " : "");
      append_rule (text, "prefix", prefix);
      g_string_append_printf (text, "<line>   = [<qty>] %s<item>%s;\n",
                              size->len > 0 ? "[<size>] " : "", has_mods ? " [<mods>]" : "");
      g_string_append_printf (text, "<qline>  = <qty> %s<item>%s;\n",
                              size->len > 0 ? "[<size>] " : "", has_mods ? " [<mods>]" : "");
      if (has_mods)
        {
          g_string_append (text, "<mods>   = [with] <mod> ( [and] <mod> )*;\n");
          if (verb->len > 0 && ingredient->len > 0)
            {
              g_string_append (text, "<mod>    = ( ");
              for (guint i = 0; i < verb->len; i++)
                g_string_append_printf (text, "%s%s", i > 0 ? " | " : "",
                                        (const char *) g_ptr_array_index (verb, i));
              g_string_append_printf (text, " ) <ingredient>%s;\n",
                                      option->len > 0 ? " | <option>" : "");
            }
          else
            g_string_append (text, "<mod>    = <option>;\n");
        }
      append_rule (text, "qty", qty);
      append_rule (text, "size", size);
      g_string_append (text, "<item>   = ");
      for (guint i = 0; i < item_phrases->len; i++)
        g_string_append_printf (text, "%s%s", i > 0 ? " | " : "",
                                (const char *) g_ptr_array_index (item_phrases, i));
      g_string_append (text, ";\n");
      if (verb->len > 0 && ingredient->len > 0)
        append_rule (text, "ingredient", ingredient);
      if (option->len > 0)
        append_rule (text, "option", option);
      jsgf->text = g_string_free (text, FALSE);
    }
  else
    jsgf->n_items = 0;

  jsgf->new_words = g_steal_pointer (&dict.new_words);
  jsgf->unavailable = g_strv_builder_end (unavailable);
  g_hash_table_unref (dict.known);

  return jsgf;
}
