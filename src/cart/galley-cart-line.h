/* galley-cart-line.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "menu/galley-menu-item.h"

G_BEGIN_DECLS

/* Where a line came from: both fill the same cart (kitchen-and-counter.md V-2). */
typedef enum
{
  GALLEY_CART_SOURCE_TOUCH,
  GALLEY_CART_SOURCE_VOICE,
} GalleyCartSource;

/* Why a line waits for the cashier's tap (spec/voice.md §5.2, §5.5). NONE: confirmed. */
typedef enum
{
  GALLEY_CART_CHECK_NONE,
  GALLEY_CART_CHECK_MATCH,       /* unsure or ambiguous match, or no item yet */
  GALLEY_CART_CHECK_QUANTITY,    /* a voice quantity above GALLEY_CART_VOICE_QUANTITY_CHECK */
  GALLEY_CART_CHECK_ALLERGY,     /* voice allergy lines are never auto-confirmed */
} GalleyCartCheck;

/* One chosen modifier. group_id and option ids come from the menu; a spoken modification
 * that matched no option has id "voice-mod-<n>", no group and price 0 (§5.2). */
typedef struct
{
  char   *id;
  char   *name;
  char   *group_id;    /* nullable: free text, or the menu's implicit group */
  gint64  price;       /* cents per unit */
} GalleyCartModifier;

#define GALLEY_CART_MAX_QUANTITY          50    /* above: only with explicit confirmation */
#define GALLEY_CART_ABSOLUTE_MAX_QUANTITY 999   /* never, even confirmed */
#define GALLEY_CART_NOTES_MAX_CHARS       500   /* order protocol §3.5 */
#define GALLEY_CART_MATCH_THRESHOLD       0.8   /* confidence below it: unsure */

#define GALLEY_TYPE_CART_LINE (galley_cart_line_get_type ())
G_DECLARE_FINAL_TYPE (GalleyCartLine, galley_cart_line, GALLEY, CART_LINE, GObject)

GalleyCartLine           *galley_cart_line_new               (GalleyMenuItem    *item,
                                                              const char        *heard,
                                                              guint              quantity);
const char               *galley_cart_line_get_id            (GalleyCartLine    *self);
GalleyMenuItem           *galley_cart_line_get_item          (GalleyCartLine    *self);
const char               *galley_cart_line_get_heard         (GalleyCartLine    *self);
const char               *galley_cart_line_get_name          (GalleyCartLine    *self);
guint                     galley_cart_line_get_quantity      (GalleyCartLine    *self);
gboolean                  galley_cart_line_set_quantity      (GalleyCartLine    *self,
                                                              guint              quantity,
                                                              gboolean           confirmed,
                                                              GError           **error);
guint                     galley_cart_line_get_n_modifiers   (GalleyCartLine    *self);
const GalleyCartModifier *galley_cart_line_get_modifier      (GalleyCartLine    *self,
                                                              guint              index);
gboolean                  galley_cart_line_set_modifiers     (GalleyCartLine    *self,
                                                              const char * const *option_ids,
                                                              const char * const *free_text,
                                                              GError           **error);
gboolean                  galley_cart_line_check_modifiers   (GalleyCartLine    *self,
                                                              const GalleyMenuModifierGroup **group,
                                                              GError           **error);
const char               *galley_cart_line_get_notes         (GalleyCartLine    *self);
void                      galley_cart_line_set_notes         (GalleyCartLine    *self,
                                                              const char        *notes);
const char               *galley_cart_line_get_allergy_notes (GalleyCartLine    *self);
void                      galley_cart_line_set_allergy_notes (GalleyCartLine    *self,
                                                              const char        *notes);
GalleyCartSource          galley_cart_line_get_source        (GalleyCartLine    *self);
void                      galley_cart_line_set_source        (GalleyCartLine    *self,
                                                              GalleyCartSource   source);
double                    galley_cart_line_get_confidence    (GalleyCartLine    *self);
void                      galley_cart_line_set_confidence    (GalleyCartLine    *self,
                                                              double             confidence);
GalleyCartCheck           galley_cart_line_get_check         (GalleyCartLine    *self);
void                      galley_cart_line_set_check         (GalleyCartLine    *self,
                                                              GalleyCartCheck    check);
gboolean                  galley_cart_line_get_unsure        (GalleyCartLine    *self);
gboolean                  galley_cart_line_get_unavailable   (GalleyCartLine    *self);
GPtrArray                *galley_cart_line_get_candidates    (GalleyCartLine    *self);
void                      galley_cart_line_set_candidates    (GalleyCartLine    *self,
                                                              GPtrArray         *items);
gboolean                  galley_cart_line_confirm           (GalleyCartLine    *self,
                                                              GError           **error);
gboolean                  galley_cart_line_replace_item      (GalleyCartLine    *self,
                                                              GalleyMenuItem    *item,
                                                              GError           **error);
gint64                    galley_cart_line_get_unit_price    (GalleyCartLine    *self);
gint64                    galley_cart_line_get_line_price    (GalleyCartLine    *self);
gboolean                  galley_cart_line_same_order        (GalleyCartLine    *a,
                                                              GalleyCartLine    *b);

G_END_DECLS
