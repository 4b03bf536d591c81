/* galley-cart-line-private.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GalleyCartLine's struct, for its own files (galley-cart-line*.c) only.
 */
#pragma once

#include "cart/galley-cart-line.h"

G_BEGIN_DECLS

struct _GalleyCartLine
{
  GObject         parent_instance;

  char           *id;
  GalleyMenuItem *item;
  char           *heard;
  guint           quantity;
  GArray         *modifiers;      /* GalleyCartModifier, cleared with _galley_cart_modifier_clear */
  char           *notes;
  char           *allergy_notes;
  GalleyCartSource source;
  double          confidence;
  GalleyCartCheck check;
  gboolean        unavailable;
  GPtrArray      *candidates;     /* GalleyMenuItem*, owned */
  gpointer        owner;          /* the cart holding it, not a reference */
};

enum {
  PROP_0,
  PROP_ID,
  PROP_ITEM,
  PROP_HEARD,
  PROP_NAME,
  PROP_QUANTITY,
  PROP_N_MODIFIERS,
  PROP_NOTES,
  PROP_ALLERGY_NOTES,
  PROP_SOURCE,
  PROP_CONFIDENCE,
  PROP_CHECK,
  PROP_UNSURE,
  PROP_UNAVAILABLE,
  PROP_UNIT_PRICE,
  PROP_LINE_PRICE,
  N_PROPS
};

void  _galley_cart_modifier_clear      (gpointer        data);
char *_galley_cart_line_dup_limited    (const char     *text);
void  _galley_cart_line_notify         (GalleyCartLine *self,
                                        guint           prop_id);
void  _galley_cart_line_prices_changed (GalleyCartLine *self);
void  _galley_cart_line_emit_changed   (GalleyCartLine *self);

G_END_DECLS
