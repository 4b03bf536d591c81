/* galley-cart.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cart/galley-cart-line.h"
#include "menu/galley-menu.h"

G_BEGIN_DECLS

#define GALLEY_CART_ERROR (galley_cart_error_quark ())

/* What a cashier has to fix; the messages are written for them (translated). */
typedef enum
{
  GALLEY_CART_ERROR_FULL,              /* GALLEY_CART_MAX_LINES lines already */
  GALLEY_CART_ERROR_QUANTITY,          /* below 1, or above the limit without confirmation */
  GALLEY_CART_ERROR_UNAVAILABLE,       /* the item is sold out (86'd) or off the menu */
  GALLEY_CART_ERROR_MODIFIER_UNKNOWN,  /* not a choice of this item */
  GALLEY_CART_ERROR_MODIFIER_REQUIRED, /* a required group is not filled */
  GALLEY_CART_ERROR_MODIFIER_TOO_FEW,  /* fewer than the group's minimum */
  GALLEY_CART_ERROR_MODIFIER_TOO_MANY, /* more than the group's maximum */
  GALLEY_CART_ERROR_NO_ITEM,           /* an unsure line without a menu item */
  GALLEY_CART_ERROR_NEEDS_CASHIER,     /* a line still waits for a tap */
  GALLEY_CART_ERROR_EMPTY,             /* nothing to send */
  GALLEY_CART_ERROR_NOT_IN_CART,       /* the line belongs to no cart or another one */
} GalleyCartError;

#define GALLEY_CART_MAX_LINES       100
#define GALLEY_CART_DEFAULT_TAX_RATE 0.08   /* order protocol §3.7 */

typedef enum
{
  GALLEY_CART_ADD_NONE              = 0,
  GALLEY_CART_ADD_CONFIRM_QUANTITY  = 1 << 0,  /* the cashier confirmed a quantity above 50 */
  GALLEY_CART_ADD_REQUIRE_COMPLETE  = 1 << 1,  /* touch: required groups and minimums first */
  GALLEY_CART_ADD_NO_MERGE          = 1 << 2,
} GalleyCartAddFlags;

#define GALLEY_TYPE_CART (galley_cart_get_type ())
G_DECLARE_FINAL_TYPE (GalleyCart, galley_cart, GALLEY, CART, GObject)

GQuark          galley_cart_error_quark       (void);

GalleyCart     *galley_cart_new               (GalleyMenu          *menu);
GalleyMenu     *galley_cart_get_menu          (GalleyCart          *self);
void            galley_cart_set_menu          (GalleyCart          *self,
                                               GalleyMenu          *menu);
void            galley_cart_refresh           (GalleyCart          *self);

GalleyCartLine *galley_cart_add_line          (GalleyCart          *self,
                                               GalleyCartLine      *line,
                                               GalleyCartAddFlags   flags,
                                               gboolean            *merged,
                                               GError             **error);
gboolean        galley_cart_remove_line       (GalleyCart          *self,
                                               GalleyCartLine      *line,
                                               GError             **error);
void            galley_cart_clear             (GalleyCart          *self);
GalleyCartLine *galley_cart_lookup_line       (GalleyCart          *self,
                                               const char          *line_id);
gboolean        galley_cart_find_line         (GalleyCart          *self,
                                               GalleyCartLine      *line,
                                               guint               *position);

double          galley_cart_get_tax_rate      (GalleyCart          *self);
void            galley_cart_set_tax_rate      (GalleyCart          *self,
                                               double               tax_rate);
gint64          galley_cart_get_tip           (GalleyCart          *self);
void            galley_cart_set_tip           (GalleyCart          *self,
                                               gint64               tip);
gboolean        galley_cart_get_rush          (GalleyCart          *self);
void            galley_cart_set_rush          (GalleyCart          *self,
                                               gboolean             rush);
gint64          galley_cart_get_subtotal      (GalleyCart          *self);
gint64          galley_cart_get_tax           (GalleyCart          *self);
gint64          galley_cart_get_total         (GalleyCart          *self);
guint           galley_cart_get_n_unsure      (GalleyCart          *self);
guint           galley_cart_get_n_unavailable (GalleyCart          *self);

gboolean        galley_cart_validate          (GalleyCart          *self,
                                               GalleyCartLine     **bad_line,
                                               const GalleyMenuModifierGroup **bad_group,
                                               GError             **error);

/* galley-cart-json.c */
JsonObject     *galley_cart_to_create_payload (GalleyCart          *self,
                                               const char          *order_type,
                                               const char          *customer_name,
                                               const char          *client_order_ref,
                                               GError             **error);
JsonObject     *galley_cart_to_tool_json      (GalleyCart          *self);
char           *galley_cart_dup_summary       (GalleyCart          *self);

/* galley-cart-money.c: cents for a cashier, in the locale's monetary format */
char           *galley_cart_format_money      (gint64               cents);
char           *galley_cart_format_money_full (gint64               cents,
                                               gboolean             with_symbol);

/* rounding as the server does it (order protocol §3.7): JavaScript Math.round */
gint64          galley_cart_compute_tax       (gint64               subtotal,
                                               double               tax_rate);

G_END_DECLS
