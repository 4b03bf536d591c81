/* galley-menu-matcher-text.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The matcher's text facet: how names, phrases and modifications are normalised, the
 * distances and overlaps they are scored by, and matching a spoken modification within an
 * item's modifier groups (which needs no index).
 */
#define G_LOG_DOMAIN "galley-menu-matcher"

#include <string.h>

#include "cart/galley-menu-matcher.h"
#include "cart/galley-menu-matcher-private.h"

static const char * const size_words[] = { "small", "medium", "large", "regular", NULL };

gboolean
_galley_menu_matcher_is_size_word (const char *word)
{
  return g_strv_contains (size_words, word);
}

/* ------------------------------------------------------------------ normalising */

static void
singularize (GString *word)
{
  gsize n = word->len;
  const char *w = word->str;

  if (n > 4 && g_str_has_suffix (w, "ies"))
    {
      g_string_truncate (word, n - 2);
      word->str[n - 3] = 'y';
    }
  else if (n > 4 && (g_str_has_suffix (w, "ches") || g_str_has_suffix (w, "shes") ||
                     g_str_has_suffix (w, "sses") || g_str_has_suffix (w, "xes") ||
                     g_str_has_suffix (w, "zes")))
    g_string_truncate (word, n - 2);
  else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u')
    g_string_truncate (word, n - 1);

  /* "brownie" and "brownies" (→ "browny") meet; "pie" is too short to change */
  if (word->len > 3 && g_str_has_suffix (word->str, "ie"))
    {
      g_string_truncate (word, word->len - 1);
      word->str[word->len - 1] = 'y';
    }
}

/* Normalised words of @text; a phrase (not a menu name) also loses a leading article
 * and a trailing "please". */
GPtrArray *
_galley_menu_matcher_words (const char *text,
                            gboolean    phrase)
{
  g_autofree char *valid = NULL;
  g_autofree char *decomposed = NULL;
  g_autofree char *lower = NULL;
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  GString *word = g_string_new (NULL);
  GString *plain = g_string_new (NULL);

  if (text == NULL)
    text = "";
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK)
        g_string_append_unichar (plain, c);
    }
  lower = g_utf8_casefold (plain->str, -1);
  g_string_free (plain, TRUE);

  for (const char *p = lower; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\'' || c == 0x2019)
        continue;                                  /* o'brien, fish 'n' chips */
      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        {
          singularize (word);
          g_ptr_array_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
        }
      if (c == '&')
        g_ptr_array_add (words, g_strdup ("and"));
      if (c == 0)
        break;
    }
  g_string_free (word, TRUE);

  if (phrase)
    {
      static const char * const articles[] = { "a", "an", "the", "some", NULL };

      if (words->len > 1 && g_strv_contains (articles, g_ptr_array_index (words, 0)))
        g_ptr_array_remove_index (words, 0);
      if (words->len > 1 && g_str_equal (g_ptr_array_index (words, words->len - 1), "please"))
        g_ptr_array_remove_index (words, words->len - 1);
    }

  return words;
}

char *
_galley_menu_matcher_join (GPtrArray *words,
                           const char *separator)
{
  g_ptr_array_add (words, NULL);
  {
    char *joined = g_strjoinv (separator, (char **) words->pdata);

    g_ptr_array_remove_index (words, words->len - 1);
    return joined;
  }
}

/**
 * galley_menu_matcher_normalize:
 *
 * The form names and phrases are compared in ("Fish & Chips" → "fish and chip").
 *
 * Returns: (transfer full): the normalised text
 */
char *
galley_menu_matcher_normalize (const char *text)
{
  g_autoptr(GPtrArray) words = _galley_menu_matcher_words (text, FALSE);

  return _galley_menu_matcher_join (words, " ");
}

static guint
levenshtein (const char *a,
             guint       la,
             const char *b,
             guint       lb)
{
  guint row[MAX_TEXT + 1];

  la = MIN (la, MAX_TEXT);
  lb = MIN (lb, MAX_TEXT);
  for (guint j = 0; j <= lb; j++)
    row[j] = j;
  for (guint i = 1; i <= la; i++)
    {
      guint diagonal = row[0];

      row[0] = i;
      for (guint j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = up;
        }
    }

  return row[lb];
}

void
_galley_menu_matcher_histogram (const char *text,
                                guint       len,
                                guint8     *histogram)
{
  memset (histogram, 0, HISTOGRAM);
  for (guint i = 0; i < MIN (len, MAX_TEXT); i++)
    {
      char c = text[i];
      guint slot = c >= 'a' && c <= 'z' ? (guint) (c - 'a')
                 : c >= '0' && c <= '9' ? 26 + (guint) (c - '0') : 36;

      if (histogram[slot] < G_MAXUINT8)
        histogram[slot]++;
    }
}

/* A lower bound of the edit distance: each edit fixes at most two letter counts. */
guint
_galley_menu_matcher_histogram_bound (const guint8 *a,
                                      const guint8 *b)
{
  guint diff = 0;

  for (guint i = 0; i < HISTOGRAM; i++)
    diff += a[i] > b[i] ? a[i] - b[i] : b[i] - a[i];

  return (diff + 1) / 2;
}

/* 1 − distance / longer length; 0 for pairs whose lengths alone keep them below @min. */
double
_galley_menu_matcher_edit_score (const char *a,
                                 guint       la,
                                 const char *b,
                                 guint       lb,
                                 double      min)
{
  guint longer = MAX (MIN (la, MAX_TEXT), MIN (lb, MAX_TEXT));
  guint shorter = MIN (MIN (la, MAX_TEXT), MIN (lb, MAX_TEXT));

  if (longer == 0)
    return 0.0;
  /* the distance is at least the length difference: skip hopeless pairs */
  if (1.0 - (double) (longer - shorter) / longer < min)
    return 0.0;

  return 1.0 - (double) levenshtein (a, la, b, lb) / longer;
}

double
_galley_menu_matcher_overlap_score (const guint *a,
                                    guint        na,
                                    const guint *b,
                                    guint        nb)
{
  guint common = 0;

  if (na == 0 || nb == 0)
    return 0.0;
  for (guint i = 0; i < na; i++)
    for (guint j = 0; j < nb; j++)
      if (a[i] == b[j])
        {
          common++;
          break;
        }

  return (double) common / MAX (na, nb);
}

/* Whether @needle's words appear in @hay as a contiguous run. */
gboolean
_galley_menu_matcher_contains_run (const guint *hay,
                                   guint        nh,
                                   const guint *needle,
                                   guint        nn)
{
  if (nn == 0 || nn > nh)
    return FALSE;
  for (guint i = 0; i + nn <= nh; i++)
    if (memcmp (hay + i, needle, nn * sizeof (guint)) == 0)
      return TRUE;

  return FALSE;
}

/* The spec's similarity (§5.4 step 4) of two texts, normalised here. */
double
galley_menu_matcher_similarity (const char *a,
                                const char *b)
{
  double overlap;
  g_autoptr(GPtrArray) wa = _galley_menu_matcher_words (a, FALSE);
  g_autoptr(GPtrArray) wb = _galley_menu_matcher_words (b, FALSE);
  g_autofree char *ta = _galley_menu_matcher_join (wa, " ");
  g_autofree char *tb = _galley_menu_matcher_join (wb, " ");
  guint common = 0;

  for (guint i = 0; i < wa->len; i++)
    if (g_ptr_array_find_with_equal_func (wb, g_ptr_array_index (wa, i), g_str_equal, NULL))
      common++;

  overlap = wa->len == 0 || wb->len == 0 ? 0.0 : (double) common / MAX (wa->len, wb->len);

  return MAX (_galley_menu_matcher_edit_score (ta, strlen (ta), tb, strlen (tb), 0.0), overlap);
}


/* The item's size choice: a group with at least two size words among its options, one
 * of them @size ("Medium" alone in a temperature group is not a size). */
const GalleyMenuModifierGroup *
_galley_menu_matcher_size_group (GalleyMenuItem *item,
                                 const char     *size)
{
  guint n = galley_menu_item_get_n_modifier_groups (item);

  for (guint g = 0; g < n; g++)
    {
      const GalleyMenuModifierGroup *group = galley_menu_item_get_modifier_group (item, g);
      guint n_sizes = 0;
      gboolean has = FALSE;

      for (guint o = 0; o < group->n_options; o++)
        {
          g_autofree char *name = galley_menu_matcher_normalize (group->options[o].name);

          if (_galley_menu_matcher_is_size_word (name))
            n_sizes++;
          has |= g_strcmp0 (name, size) == 0;
        }
      if (has && n_sizes >= 2)
        return group;
    }

  return NULL;
}

/* ------------------------------------------------------------------ modifiers */

/**
 * galley_menu_matcher_match_modifier:
 * @phrase: a spoken modification ("no onions", "with bacon", "large")
 * @group: (out) (optional): the option's group
 *
 * Matches within @item's modifier groups: exact option name, then a unique whole-word
 * run either way, then a unique close spelling (≥ 0.8) that does not flip a "no".
 *
 * Returns: (nullable): the option, owned by @item; %NULL: keep the words as free text
 */
const GalleyMenuModifierOption *
galley_menu_matcher_match_modifier (GalleyMenuMatcher              *self,
                                    GalleyMenuItem                 *item,
                                    const char                     *phrase,
                                    const GalleyMenuModifierGroup **group)
{
  g_autoptr(GPtrArray) words = NULL;
  g_autofree char *text = NULL;
  const GalleyMenuModifierOption *found = NULL;
  const GalleyMenuModifierGroup *found_group = NULL;
  guint n_found = 0, n;
  double best = 0.0;
  gboolean negated;

  g_return_val_if_fail (GALLEY_IS_MENU_MATCHER (self), NULL);
  g_return_val_if_fail (GALLEY_IS_MENU_ITEM (item), NULL);

  if (group != NULL)
    *group = NULL;
  words = _galley_menu_matcher_words (phrase, TRUE);
  /* "without onions", "hold the onions" → "no onion"; "with bacon" → "bacon" */
  if (words->len > 1 && (g_str_equal (g_ptr_array_index (words, 0), "without") ||
                         g_str_equal (g_ptr_array_index (words, 0), "hold")))
    {
      g_free (g_ptr_array_index (words, 0));
      g_ptr_array_index (words, 0) = g_strdup ("no");
      if (words->len > 2 && g_str_equal (g_ptr_array_index (words, 1), "the"))
        g_ptr_array_remove_index (words, 1);
    }
  else if (words->len > 1 && g_str_equal (g_ptr_array_index (words, 0), "with"))
    g_ptr_array_remove_index (words, 0);
  if (words->len == 0)
    return NULL;
  text = _galley_menu_matcher_join (words, " ");
  negated = g_str_equal (g_ptr_array_index (words, 0), "no");

  n = galley_menu_item_get_n_modifier_groups (item);
  for (guint pass = 0; pass < 3 && n_found != 1; pass++)
    {
      n_found = 0;
      for (guint g = 0; g < n; g++)
        {
          const GalleyMenuModifierGroup *grp = galley_menu_item_get_modifier_group (item, g);

          for (guint o = 0; o < grp->n_options; o++)
            {
              g_autofree char *name = galley_menu_matcher_normalize (grp->options[o].name);
              g_autofree char *padded_name = g_strdup_printf (" %s ", name);
              g_autofree char *padded_text = g_strdup_printf (" %s ", text);
              gboolean hit = FALSE;

              if (pass == 0)
                hit = g_str_equal (name, text);
              else if (pass == 1)
                hit = (strstr (padded_name, padded_text) != NULL ||
                       strstr (padded_text, padded_name) != NULL) &&
                      negated == g_str_has_prefix (name, "no ");
              else if (negated == g_str_has_prefix (name, "no "))
                {
                  double score = galley_menu_matcher_similarity (name, text);

                  if (score >= 0.8 && score > best)
                    {
                      best = score;
                      n_found = 0;
                    }
                  hit = score >= 0.8 && score == best;
                }
              if (hit)
                {
                  n_found++;
                  found = &grp->options[o];
                  found_group = grp;
                }
            }
        }
    }

  if (n_found != 1)
    return NULL;
  if (group != NULL)
    *group = found_group;

  return found;
}
