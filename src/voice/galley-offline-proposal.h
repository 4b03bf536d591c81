/* galley-offline-proposal.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cart/galley-cart.h"
#include "cart/galley-menu-matcher.h"
#include "menu/galley-menu.h"

G_BEGIN_DECLS

/* One line heard offline: a proposal the cashier confirms (spec/voice.md §8.5), never a
 * confirmed cart line by itself. */
typedef struct
{
  GalleyMenuItem  *item;         /* nullable: several items share the words heard */
  GPtrArray       *candidates;   /* GalleyMenuItem*: what it may be (the item alone if sure) */
  guint            quantity;     /* 1 to 10 */
  char            *size;         /* nullable: "small", "medium" or "large" */
  char           **modifiers;    /* "no onions", "extra cheese"; never NULL */
  char            *heard;        /* the words of this line */
} GalleyOfflineProposal;

GalleyOfflineProposal *galley_offline_proposal_new   (GalleyMenuItem        *item,
                                                      guint                  quantity);
void                   galley_offline_proposal_free  (GalleyOfflineProposal *proposal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GalleyOfflineProposal, galley_offline_proposal_free)

GPtrArray             *galley_offline_proposals_apply (GPtrArray            *proposals,
                                                       GalleyCart           *cart,
                                                       GalleyMenuMatcher    *matcher,
                                                       guint                *n_refused);

G_END_DECLS
