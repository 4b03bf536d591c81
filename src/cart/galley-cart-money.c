/* galley-cart-money.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Money as a cashier reads it: cents laid out with the locale's monetary conventions
 * (LC_MONETARY: decimal mark, thousands separator, where the currency symbol goes and whether
 * a space separates it), so that a German counter shows "14,00 $". The currency itself is not
 * the locale's: the restaurant's amounts are dollars (order protocol §3.7), so the symbol is
 * always "$" — a German locale must not turn a $14.00 burger into "14,00 €". The JSON forms
 * keep their own fixed "14.00" (galley-cart-json.c): those are read by the server and the
 * model, not by people.
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

/* the restaurant's currency (order protocol §3.7: amounts are dollars) */
#define CURRENCY_SYMBOL "$"

/**
 * galley_cart_format_money_full:
 * @cents: an amount in cents; may be negative
 * @with_symbol: whether to add the currency symbol in a locale without one (C, POSIX)
 *
 * Formats @cents in the restaurant's currency with the current LC_MONETARY conventions:
 * "$14.00" in en_US, "14,00 $" in de_DE and es_ES, "-$0.50" for a negative amount in en_US.
 * The C locale has no currency: "14.00", or "$14.00" with @with_symbol.
 *
 * Returns: (transfer full): the text
 */
char *
galley_cart_format_money_full (gint64   cents,
                               gboolean with_symbol)
{
  const struct lconv *lc = localeconv ();
  gboolean locale_has_currency = lc->currency_symbol != NULL && *lc->currency_symbol != '\0';
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
  if (!locale_has_currency)
    {
      /* C, POSIX: no conventions for a symbol; "$" before the number when asked */
      if (with_symbol)
        g_string_append (out, CURRENCY_SYMBOL);
      g_string_append (out, number->str);
    }
  else if (precedes == 1)
    g_string_append_printf (out, "%s%s%s", CURRENCY_SYMBOL, space == 1 ? " " : "", number->str);
  else
    g_string_append_printf (out, "%s%s%s", number->str,
                            space == 1 || space == CHAR_MAX ? " " : "", CURRENCY_SYMBOL);
  g_string_free (number, TRUE);

  return g_string_free (out, FALSE);
}

/**
 * galley_cart_format_money:
 * @cents: an amount in cents; may be negative
 *
 * Formats @cents for a cashier: galley_cart_format_money_full() without a symbol in the C
 * locale ("14.00"), "14,00 $" in de_DE, "$14.00" in en_US.
 *
 * Returns: (transfer full): the text
 */
char *
galley_cart_format_money (gint64 cents)
{
  return galley_cart_format_money_full (cents, FALSE);
}
