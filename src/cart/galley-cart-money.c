/* galley-cart-money.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Money as a cashier reads it: cents formatted with the locale's monetary conventions
 * (LC_MONETARY: currency symbol and its place, decimal mark, thousands separator), so that
 * a German counter shows "14,00 €". The JSON forms keep their own fixed "14.00"
 * (galley-cart-json.c): those are read by the server and the model, not by people.
 */
#define G_LOG_DOMAIN "galley-cart"

#include <limits.h>
#include <locale.h>

#include "cart/galley-cart.h"

/* "1234567" → "1.234.567" with @sep every three digits (the usual grouping; the locale's
 * grouping string is not read: every locale Galley ships for groups by three). */
static void
append_grouped (GString    *out,
                guint64     units,
                const char *sep)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, units);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0 && sep != NULL)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }
}

/**
 * galley_cart_format_money:
 * @cents: an amount in cents; may be negative
 *
 * Formats @cents for a cashier in the current LC_MONETARY locale: "14.00" in the C locale
 * (no currency symbol there), "14,00 €" in de_DE, "$14.00" in en_US.
 *
 * Returns: (transfer full): the text
 */
char *
galley_cart_format_money (gint64 cents)
{
  const struct lconv *lc = localeconv ();
  const char *symbol = lc->currency_symbol != NULL ? lc->currency_symbol : "";
  const char *decimal = lc->mon_decimal_point != NULL && *lc->mon_decimal_point != '\0'
                          ? lc->mon_decimal_point : ".";
  const char *thousands = lc->mon_thousands_sep != NULL && *lc->mon_thousands_sep != '\0'
                            ? lc->mon_thousands_sep : NULL;
  gboolean negative = cents < 0;
  char precedes = negative ? lc->n_cs_precedes : lc->p_cs_precedes;
  char space = negative ? lc->n_sep_by_space : lc->p_sep_by_space;
  guint64 magnitude = negative ? (guint64) -(cents + 1) + 1 : (guint64) cents;
  GString *number = g_string_new (NULL);
  GString *out = g_string_new (NULL);

  append_grouped (number, magnitude / 100, thousands);
  g_string_append_printf (number, "%s%02u", decimal, (guint) (magnitude % 100));

  if (negative)
    g_string_append_c (out, '-');
  if (*symbol == '\0')
    g_string_append (out, number->str);
  else if (precedes == 1)
    g_string_append_printf (out, "%s%s%s", symbol, space == 1 ? " " : "", number->str);
  else
    g_string_append_printf (out, "%s%s%s", number->str,
                            space == 1 || space == CHAR_MAX ? " " : "", symbol);
  g_string_free (number, TRUE);

  return g_string_free (out, FALSE);
}
