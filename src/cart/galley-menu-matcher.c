/* galley-menu-matcher.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Matches words heard or typed to menu items (spec/voice.md §5.4) and spoken modifications
 * to an item's options. Both sides are normalised alike: accents stripped, case folded,
 * punctuation dropped, "&" read as "and", each word made singular (-ies, -es, -s; and -ie
 * read as -y, so "brownies" meets "brownie"); a phrase also loses a leading article and a
 * trailing "please". Size words (small, medium, large, regular) are split off when the item
 * has a size choice, else kept in the name.
 *
 * Steps, first hit wins: exact name, exact alias (both also with the spaces removed, so
 * "cheese burger" meets "cheeseburger"), whole-word substring either way, fuzzy. A substring
 * hit is confident only when one item matches more words than every other; items matching
 * equally many are ambiguous and reported, never picked by menu order. Fuzzy scores are
 * max(1 − Levenshtein / longer length, shared words / words of the longer); the best at
 * or above 0.6 are candidates, and a fuzzy match is never confident.
 *
 * The index is built once per menu content (words interned to integers, so comparing words
 * is comparing numbers) and rebuilt lazily after the menu's ::changed: a phrase against a
 * 500-item menu takes microseconds (bench/bench-matcher.c).
 */
#define G_LOG_DOMAIN "galley-menu-matcher"

#include <string.h>

#include "cart/galley-cart-line.h"
#include "cart/galley-menu-matcher.h"
#include "cart/galley-menu-matcher-private.h"

#define CONFIDENCE_EXACT     1.0
#define CONFIDENCE_ALIAS     0.95
#define CONFIDENCE_SUBSTRING 0.85
#define CONFIDENCE_FUZZY_MAX 0.75   /* fuzzy is never confident */

typedef struct
{
  guint  item;        /* index in items */
  char  *text;        /* normalised */
  guint  len;
  guint *tokens;
  guint  n_tokens;
  guint8 histogram[HISTOGRAM];   /* letters and digits, for a cheap distance bound */
} Entry;

struct _GalleyMenuMatcher
{
  GObject       parent_instance;

  GalleyMenu   *menu;
  GSignalGroup *menu_signals;
  gboolean      dirty;

  GPtrArray    *items;        /* GalleyMenuItem*, owned, menu order */
  GArray       *entries;      /* Entry: every name and alias */
  GHashTable   *names;        /* normalised name (and without spaces) → GPtrArray of items */
  GHashTable   *aliases;      /* normalised alias (and without spaces) → GPtrArray */
  GHashTable   *words;        /* word → id (≥ 1) */
  double       *scores;       /* per item, scratch for one match */
};

G_DEFINE_FINAL_TYPE (GalleyMenuMatcher, galley_menu_matcher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MENU,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ index */

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->text);
  g_free (entry->tokens);
}

static guint *
intern_words (GalleyMenuMatcher *self,
              GPtrArray         *words,
              gboolean           add)
{
  guint *ids = g_new (guint, MAX (words->len, 1));

  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);
      guint id = GPOINTER_TO_UINT (g_hash_table_lookup (self->words, word));

      if (id == 0 && add)
        {
          id = g_hash_table_size (self->words) + 1;
          g_hash_table_insert (self->words, g_strdup (word), GUINT_TO_POINTER (id));
        }
      /* unknown words get ids no menu word has, distinct from each other */
      ids[i] = id != 0 ? id : G_MAXUINT - i;
    }

  return ids;
}

static void
index_text (GalleyMenuMatcher *self,
            GHashTable        *table,
            guint              index,
            const char        *text)
{
  g_autoptr(GPtrArray) words = _galley_menu_matcher_words (text, FALSE);
  Entry entry = { 0 };
  char *keys[2];

  if (words->len == 0)
    return;
  entry.item = index;
  entry.text = _galley_menu_matcher_join (words, " ");
  entry.len = strlen (entry.text);
  entry.tokens = intern_words (self, words, TRUE);
  entry.n_tokens = words->len;
  _galley_menu_matcher_histogram (entry.text, entry.len, entry.histogram);
  g_array_append_val (self->entries, entry);

  keys[0] = g_strdup (entry.text);
  keys[1] = _galley_menu_matcher_join (words, "");
  for (guint k = 0; k < 2; k++)
    {
      GPtrArray *list = g_hash_table_lookup (table, keys[k]);
      GalleyMenuItem *item = g_ptr_array_index (self->items, index);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (table, g_strdup (keys[k]), list);
        }
      if (!g_ptr_array_find (list, item, NULL))
        g_ptr_array_add (list, item);
      g_free (keys[k]);
    }
}

static void
clear_index (GalleyMenuMatcher *self)
{
  g_ptr_array_set_size (self->items, 0);
  g_array_set_size (self->entries, 0);
  g_hash_table_remove_all (self->names);
  g_hash_table_remove_all (self->aliases);
  g_hash_table_remove_all (self->words);
  g_clear_pointer (&self->scores, g_free);
}

static void
ensure_index (GalleyMenuMatcher *self)
{
  guint n;

  if (!self->dirty)
    return;
  self->dirty = FALSE;
  clear_index (self);
  if (self->menu == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->menu));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->items, g_list_model_get_item (G_LIST_MODEL (self->menu), i));
  for (guint i = 0; i < n; i++)
    {
      GalleyMenuItem *item = g_ptr_array_index (self->items, i);
      const char * const *aliases = galley_menu_item_get_aliases (item);

      index_text (self, self->names, i, galley_menu_item_get_name (item));
      for (guint a = 0; aliases != NULL && aliases[a] != NULL; a++)
        index_text (self, self->aliases, i, aliases[a]);
    }
  self->scores = g_new0 (double, MAX (n, 1));
  g_debug ("Indexed %u items, %u names and aliases, %u words", n, self->entries->len,
           g_hash_table_size (self->words));
}

static void
menu_changed_cb (GalleyMenuMatcher *self,
                 GalleyMenu        *menu)
{
  self->dirty = TRUE;
}

/* ------------------------------------------------------------------ matching */

static GalleyMenuMatch *
match_new (GalleyMenuMatchKind kind)
{
  GalleyMenuMatch *match = g_new0 (GalleyMenuMatch, 1);

  match->kind = kind;
  match->unsure = kind == GALLEY_MENU_MATCH_NONE;
  match->candidates = g_ptr_array_new_with_free_func (g_object_unref);

  return match;
}

void
galley_menu_match_free (GalleyMenuMatch *match)
{
  if (match == NULL)
    return;
  g_clear_object (&match->item);
  g_ptr_array_unref (match->candidates);
  g_free (match->size);
  g_free (match);
}

static GalleyMenuMatch *
match_from_list (GPtrArray          *list,
                 GalleyMenuMatchKind kind,
                 double              confidence)
{
  GalleyMenuMatch *match = match_new (kind);

  for (guint i = 0; i < list->len && i < GALLEY_MENU_MATCH_MAX_CANDIDATES; i++)
    g_ptr_array_add (match->candidates, g_object_ref (g_ptr_array_index (list, i)));
  match->ambiguous = list->len > 1;
  match->confidence = match->ambiguous ? confidence / 2 : confidence;
  match->unsure = match->ambiguous || match->confidence < GALLEY_CART_MATCH_THRESHOLD;
  if (!match->ambiguous)
    match->item = g_object_ref (g_ptr_array_index (list, 0));

  return match;
}

typedef struct
{
  guint  index;
  double score;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;

  return x->index < y->index ? -1 : x->index > y->index;
}

/* Items with a score ≥ @min, best first. */
static GArray *
ranked_items (GalleyMenuMatcher *self,
              double             min)
{
  GArray *ranked = g_array_new (FALSE, FALSE, sizeof (Ranked));

  for (guint i = 0; i < self->items->len; i++)
    if (self->scores[i] >= min && self->scores[i] > 0.0)
      {
        Ranked r = { i, self->scores[i] };

        g_array_append_val (ranked, r);
      }
  g_array_sort (ranked, compare_ranked);

  return ranked;
}

static GalleyMenuMatch *
match_words (GalleyMenuMatcher *self,
             GPtrArray         *words)
{
  g_autofree char *text = NULL;
  g_autofree char *compact = NULL;
  g_autofree guint *ids = NULL;
  g_autoptr(GArray) ranked = NULL;
  GPtrArray *list;
  GalleyMenuMatch *match;
  guint8 histogram[HISTOGRAM];
  guint text_len, best_span = 0;

  if (words->len == 0)
    return match_new (GALLEY_MENU_MATCH_NONE);

  text = _galley_menu_matcher_join (words, " ");
  compact = _galley_menu_matcher_join (words, "");

  /* 1, 2: exact name, exact alias */
  if ((list = g_hash_table_lookup (self->names, text)) != NULL ||
      (list = g_hash_table_lookup (self->names, compact)) != NULL)
    return match_from_list (list, GALLEY_MENU_MATCH_EXACT, CONFIDENCE_EXACT);
  if ((list = g_hash_table_lookup (self->aliases, text)) != NULL ||
      (list = g_hash_table_lookup (self->aliases, compact)) != NULL)
    return match_from_list (list, GALLEY_MENU_MATCH_ALIAS, CONFIDENCE_ALIAS);

  /* 3: whole-word runs either way; the most words matched wins, ties are ambiguous */
  ids = intern_words (self, words, FALSE);
  memset (self->scores, 0, sizeof (double) * self->items->len);
  for (guint e = 0; e < self->entries->len; e++)
    {
      const Entry *entry = &g_array_index (self->entries, Entry, e);
      guint span = 0;

      if (_galley_menu_matcher_contains_run (ids, words->len, entry->tokens, entry->n_tokens))
        span = entry->n_tokens;
      else if (_galley_menu_matcher_contains_run (entry->tokens, entry->n_tokens, ids, words->len))
        span = words->len;
      if (span > self->scores[entry->item])
        self->scores[entry->item] = span;
      best_span = MAX (best_span, span);
    }
  if (best_span > 0)
    {
      g_autoptr(GPtrArray) best = g_ptr_array_new ();

      ranked = ranked_items (self, best_span);
      for (guint i = 0; i < ranked->len; i++)
        g_ptr_array_add (best, g_ptr_array_index (self->items,
                                                  g_array_index (ranked, Ranked, i).index));
      return match_from_list (best, GALLEY_MENU_MATCH_SUBSTRING, CONFIDENCE_SUBSTRING);
    }

  /* 4: fuzzy */
  text_len = strlen (text);
  _galley_menu_matcher_histogram (text, text_len, histogram);
  for (guint e = 0; e < self->entries->len; e++)
    {
      const Entry *entry = &g_array_index (self->entries, Entry, e);
      double score = _galley_menu_matcher_overlap_score (ids, words->len,
                                                         entry->tokens, entry->n_tokens);
      guint longer = MAX (MIN (text_len, MAX_TEXT), MIN (entry->len, MAX_TEXT));
      guint bound = _galley_menu_matcher_histogram_bound (histogram, entry->histogram);
      double best_edit = 1.0 - (double) bound / longer;

      /* the full distance only when it could make a candidate and raise this item's
       * score; suggestions below the fuzzy minimum come from shared words alone */
      if (best_edit > MAX (score, self->scores[entry->item]) &&
          best_edit >= GALLEY_MENU_MATCH_FUZZY_MIN)
        score = MAX (score, _galley_menu_matcher_edit_score (text, text_len,
                                                             entry->text, entry->len,
                                                             GALLEY_MENU_MATCH_FUZZY_MIN));
      if (score > self->scores[entry->item])
        self->scores[entry->item] = score;
    }
  ranked = ranked_items (self, GALLEY_MENU_MATCH_SUGGEST_MIN);
  if (ranked->len == 0 || g_array_index (ranked, Ranked, 0).score < GALLEY_MENU_MATCH_FUZZY_MIN)
    {
      match = match_new (GALLEY_MENU_MATCH_NONE);
      for (guint i = 0; i < ranked->len && i < GALLEY_MENU_MATCH_MAX_CANDIDATES; i++)
        {
          GalleyMenuItem *item = g_ptr_array_index (self->items,
                                                    g_array_index (ranked, Ranked, i).index);

          g_ptr_array_add (match->candidates, g_object_ref (item));
        }
      match->unsure = TRUE;
      return match;
    }

  match = match_new (GALLEY_MENU_MATCH_FUZZY);
  for (guint i = 0;
       i < ranked->len && match->candidates->len < GALLEY_MENU_MATCH_MAX_CANDIDATES;
       i++)
    {
      const Ranked *r = &g_array_index (ranked, Ranked, i);

      if (r->score >= GALLEY_MENU_MATCH_FUZZY_MIN)
        g_ptr_array_add (match->candidates, g_object_ref (g_ptr_array_index (self->items,
                                                                             r->index)));
    }
  match->unsure = TRUE;
  /* "too close": a runner-up within GALLEY_MENU_MATCH_CLOSE of the best */
  match->ambiguous = ranked->len > 1 &&
    g_array_index (ranked, Ranked, 1).score >= GALLEY_MENU_MATCH_FUZZY_MIN &&
    g_array_index (ranked, Ranked, 0).score - g_array_index (ranked, Ranked, 1).score <
      GALLEY_MENU_MATCH_CLOSE;
  match->confidence = MIN (g_array_index (ranked, Ranked, 0).score, CONFIDENCE_FUZZY_MAX);
  if (!match->ambiguous)
    match->item = g_object_ref (g_ptr_array_index (match->candidates, 0));

  return match;
}

/* ------------------------------------------------------------------ GObject */

static void
galley_menu_matcher_dispose (GObject *object)
{
  GalleyMenuMatcher *self = GALLEY_MENU_MATCHER (object);

  g_signal_group_set_target (self->menu_signals, NULL);
  if (self->items != NULL)
    clear_index (self);
  g_clear_object (&self->menu);

  G_OBJECT_CLASS (galley_menu_matcher_parent_class)->dispose (object);
}

static void
galley_menu_matcher_finalize (GObject *object)
{
  GalleyMenuMatcher *self = GALLEY_MENU_MATCHER (object);

  g_assert (self->menu == NULL);
  g_clear_object (&self->menu_signals);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->aliases, g_hash_table_unref);
  g_clear_pointer (&self->words, g_hash_table_unref);
  g_free (self->scores);

  G_OBJECT_CLASS (galley_menu_matcher_parent_class)->finalize (object);
}

static void
galley_menu_matcher_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GalleyMenuMatcher *self = GALLEY_MENU_MATCHER (object);

  switch (prop_id)
    {
    case PROP_MENU:
      g_value_set_object (value, self->menu);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_menu_matcher_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GalleyMenuMatcher *self = GALLEY_MENU_MATCHER (object);

  switch (prop_id)
    {
    case PROP_MENU:
      self->menu = g_value_dup_object (value);
      g_signal_group_set_target (self->menu_signals, self->menu);
      self->dirty = TRUE;
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
galley_menu_matcher_class_init (GalleyMenuMatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = galley_menu_matcher_dispose;
  object_class->finalize = galley_menu_matcher_finalize;
  object_class->get_property = galley_menu_matcher_get_property;
  object_class->set_property = galley_menu_matcher_set_property;

  properties[PROP_MENU] = g_param_spec_object ("menu", NULL, NULL, GALLEY_TYPE_MENU,
                                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                               G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
galley_menu_matcher_init (GalleyMenuMatcher *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
  self->aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  self->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->menu_signals = g_signal_group_new (GALLEY_TYPE_MENU);
  g_signal_group_connect_object (self->menu_signals, "changed", G_CALLBACK (menu_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  self->dirty = TRUE;
}

/* ------------------------------------------------------------------ public */

/**
 * galley_menu_matcher_new:
 *
 * Returns: (transfer full): a matcher following @menu's reloads
 */
GalleyMenuMatcher *
galley_menu_matcher_new (GalleyMenu *menu)
{
  g_return_val_if_fail (GALLEY_IS_MENU (menu), NULL);

  return g_object_new (GALLEY_TYPE_MENU_MATCHER, "menu", menu, NULL);
}

GalleyMenu *
galley_menu_matcher_get_menu (GalleyMenuMatcher *self)
{
  g_return_val_if_fail (GALLEY_IS_MENU_MATCHER (self), NULL);

  return self->menu;
}

/**
 * galley_menu_matcher_match:
 * @phrase: an item as heard or typed ("two large cokes" is the model's to split: pass
 *   "large coke")
 *
 * Sold-out items are matched like the others: the caller reports them as unavailable.
 *
 * Returns: (transfer full): the match; kind %GALLEY_MENU_MATCH_NONE when nothing fits
 */
GalleyMenuMatch *
galley_menu_matcher_match (GalleyMenuMatcher *self,
                           const char        *phrase)
{
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GPtrArray) stripped = NULL;
  GalleyMenuMatch *sized;
  const char *size = NULL;

  g_return_val_if_fail (GALLEY_IS_MENU_MATCHER (self), NULL);

  ensure_index (self);
  words = _galley_menu_matcher_words (phrase, TRUE);

  /* size words split off, kept only when every candidate has that size */
  stripped = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);

      if (size == NULL && _galley_menu_matcher_is_size_word (word))
        size = word;
      else
        g_ptr_array_add (stripped, g_strdup (word));
    }
  if (size != NULL && stripped->len > 0)
    {
      gboolean all_sized = TRUE;

      sized = match_words (self, stripped);
      for (guint i = 0; i < sized->candidates->len; i++)
        {
          GalleyMenuItem *candidate = g_ptr_array_index (sized->candidates, i);

          all_sized &= _galley_menu_matcher_size_group (candidate, size) != NULL;
        }
      if (sized->kind != GALLEY_MENU_MATCH_NONE && all_sized)
        {
          sized->size = g_strdup (size);
          return sized;
        }
      galley_menu_match_free (sized);
    }

  return match_words (self, words);
}

/**
 * galley_menu_matcher_suggest:
 *
 * What to offer instead of a sold-out item: available items of its category, at most 3
 * (kitchen-and-counter.md V-6).
 *
 * Returns: (transfer full) (element-type GalleyMenuItem): the items
 */
GPtrArray *
galley_menu_matcher_suggest (GalleyMenuMatcher *self,
                             GalleyMenuItem    *item)
{
  GPtrArray *suggestions = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (GALLEY_IS_MENU_MATCHER (self), suggestions);
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (item), suggestions);

  ensure_index (self);
  for (guint i = 0; i < self->items->len &&
                    suggestions->len < GALLEY_MENU_MATCH_MAX_CANDIDATES; i++)
    {
      GalleyMenuItem *other = g_ptr_array_index (self->items, i);

      if (other != item && galley_menu_item_get_available (other) &&
          g_strcmp0 (galley_menu_item_get_category_id (other),
                     galley_menu_item_get_category_id (item)) == 0)
        g_ptr_array_add (suggestions, g_object_ref (other));
    }

  return suggestions;
}
