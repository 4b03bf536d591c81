/* galley-cart-tools.h
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cart/galley-cart.h"
#include "cart/galley-menu-matcher.h"

G_BEGIN_DECLS

#define GALLEY_CART_VOICE_QUANTITY_CHECK 20      /* above: the line needs a tap (V-7) */
#define GALLEY_CART_TOOLS_MAX_ARGUMENTS  65536   /* bytes of a call's arguments */

JsonObject *galley_cart_tools_apply           (GalleyCart        *cart,
                                               GalleyMenuMatcher *matcher,
                                               const char        *tool_name,
                                               const char        *arguments);
char       *galley_cart_tools_apply_to_string (GalleyCart        *cart,
                                               GalleyMenuMatcher *matcher,
                                               const char        *tool_name,
                                               const char        *arguments);

G_END_DECLS
