/* galley-offline-proposal.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lines heard offline and how they reach the cart (spec/voice.md §8.5): every proposal
 * becomes a voice line that waits for the cashier's tap, with its quantity, size and
 * modifiers filled in. Nothing is added as confirmed: the grammar has no confidence worth
 * trusting and "ten" and "two" sound alike.
 */
#define G_LOG_DOMAIN "galley-offline-proposal"

#include "voice/galley-offline-proposal.h"

/* Below GALLEY_CART_MATCH_THRESHOLD: the decoder gives no per-line confidence, and an
 * offline line is never sure. */
#define OFFLINE_CONFIDENCE 0.5

/**
 * galley_offline_proposal_new:
 * @item: (nullable): the item, if the words named one alone
 *
 * Returns: (transfer full): a proposal with no size, modifiers or words yet
 */
GalleyOfflineProposal *
galley_offline_proposal_new (GalleyMenuItem *item,
                             guint           quantity)
{
  GalleyOfflineProposal *proposal = g_new0 (GalleyOfflineProposal, 1);

  g_return_val_if_fail (item == NULL || GALLEY_IS_MENU_ITEM (item), proposal);

  proposal->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  if (item != NULL)
    {
      proposal->item = g_object_ref (item);
      g_ptr_array_add (proposal->candidates, g_object_ref (item));
    }
  proposal->quantity = MAX (quantity, 1);
  proposal->modifiers = g_new0 (char *, 1);
  proposal->heard = g_strdup ("");

  return proposal;
}

void
galley_offline_proposal_free (GalleyOfflineProposal *proposal)
{
  if (proposal == NULL)
    return;

  g_clear_object (&proposal->item);
  g_ptr_array_unref (proposal->candidates);
  g_free (proposal->size);
  g_strfreev (proposal->modifiers);
  g_free (proposal->heard);
  g_free (proposal);
}

/* The size and the modifiers: menu options where the matcher finds one the line accepts,
 * free text ("voice-mod-<n>", price 0) otherwise, as for the online tools (§5.2). */
static void
apply_modifiers (GalleyCartLine        *line,
                 GalleyMenuMatcher     *matcher,
                 GalleyOfflineProposal *proposal)
{
  GalleyMenuItem *item = galley_cart_line_get_item (line);
  g_autoptr(GPtrArray) phrases = g_ptr_array_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) free_text = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  if (proposal->size != NULL)
    g_ptr_array_add (phrases, proposal->size);
  for (guint i = 0; proposal->modifiers[i] != NULL; i++)
    g_ptr_array_add (phrases, proposal->modifiers[i]);

  for (guint i = 0; i < phrases->len; i++)
    {
      const char *phrase = g_ptr_array_index (phrases, i);
      const GalleyMenuModifierOption *option = item != NULL
        ? galley_menu_matcher_match_modifier (matcher, item, phrase, NULL) : NULL;

      if (option != NULL && option->id != NULL)
        {
          g_ptr_array_add (ids, option->id);
          g_ptr_array_add (ids, NULL);
          /* NULL error: an option the line refuses (a second size) stays as words */
          if (galley_cart_line_set_modifiers (line, (const char * const *) ids->pdata, NULL,
                                              NULL))
            {
              g_ptr_array_remove_index (ids, ids->len - 1);
              continue;
            }
          g_ptr_array_set_size (ids, ids->len - 2);
        }
      g_ptr_array_add (free_text, (gpointer) phrase);
    }

  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (free_text, NULL);
  if (!galley_cart_line_set_modifiers (line, (const char * const *) ids->pdata,
                                       (const char * const *) free_text->pdata, &error))
    g_warning ("Modifiers of an offline line not set: %s", error->message);
}

/**
 * galley_offline_proposals_apply:
 * @proposals: (element-type GalleyOfflineProposal): from
 *   galley_offline_recogniser_end_utterance_finish() or galley_offline_grammar_parse()
 * @cart: the cart; its menu decides what is still sold
 * @matcher: matches sizes and modifiers to the items' options
 * @n_refused: (out) (optional): proposals the cart refused (an item sold out or gone since)
 *
 * Adds each proposal as a voice line that needs the cashier (%GALLEY_CART_CHECK_MATCH):
 * nothing is confirmed here, and unsure lines are never merged into others. A proposal
 * several items share becomes a line without an item, with those items as candidates.
 *
 * Returns: (transfer container) (element-type GalleyCartLine): the lines added
 */
GPtrArray *
galley_offline_proposals_apply (GPtrArray         *proposals,
                                GalleyCart        *cart,
                                GalleyMenuMatcher *matcher,
                                guint             *n_refused)
{
  GPtrArray *added = g_ptr_array_new ();
  GalleyMenu *menu;
  guint refused = 0;

  g_return_val_if_fail (proposals != NULL, added);
  g_return_val_if_fail (GALLEY_IS_CART (cart), added);
  g_return_val_if_fail (GALLEY_IS_MENU_MATCHER (matcher), added);

  menu = galley_cart_get_menu (cart);
  for (guint i = 0; i < proposals->len; i++)
    {
      GalleyOfflineProposal *proposal = g_ptr_array_index (proposals, i);
      GalleyMenuItem *item = NULL;
      g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
      g_autoptr(GalleyCartLine) line = NULL;
      g_autoptr(GError) error = NULL;
      GalleyCartLine *in_cart;

      /* the cart's menu now: an item may have been 86'd since it was heard */
      for (guint c = 0; c < proposal->candidates->len; c++)
        {
          GalleyMenuItem *candidate = g_ptr_array_index (proposal->candidates, c);
          GalleyMenuItem *now = menu != NULL
            ? galley_menu_lookup_item_by_id (menu, galley_menu_item_get_id (candidate)) : NULL;

          if (now != NULL)
            g_ptr_array_add (candidates, now);
        }
      if (proposal->item != NULL && candidates->len == 1)
        item = g_ptr_array_index (candidates, 0);
      if (candidates->len == 0 || (item != NULL && !galley_menu_item_get_available (item)))
        {
          g_debug ("Offline line \"%s\" not added: the item is gone or sold out",
                   proposal->heard);
          refused++;
          continue;
        }

      line = galley_cart_line_new (item, proposal->heard, proposal->quantity);
      galley_cart_line_set_source (line, GALLEY_CART_SOURCE_VOICE);
      if (item != NULL)
        apply_modifiers (line, matcher, proposal);
      galley_cart_line_set_candidates (line, candidates);
      galley_cart_line_set_check (line, GALLEY_CART_CHECK_MATCH);
      galley_cart_line_set_confidence (line, item != NULL ? OFFLINE_CONFIDENCE : 0.0);

      in_cart = galley_cart_add_line (cart, line, GALLEY_CART_ADD_NO_MERGE, NULL, &error);
      if (in_cart == NULL)
        {
          g_debug ("Offline line \"%s\" not added: %s", proposal->heard, error->message);
          refused++;
          continue;
        }
      g_ptr_array_add (added, in_cart);
    }

  if (n_refused != NULL)
    *n_refused = refused;

  return added;
}
