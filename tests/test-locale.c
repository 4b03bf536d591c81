/* test-locale.c
 *
 * SPDX-FileCopyrightText: The Galley contributors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Money and times as a cook or cashier reads them, under real locales: the decimal mark, the
 * thousands separator and the symbol's place follow LC_MONETARY, the currency stays the
 * restaurant's dollars (order protocol §3.7), and the wire forms do not change with the
 * locale. A locale that is not installed (`locale -a`; tools/install-deps.sh generates
 * de_DE.UTF-8, es_ES.UTF-8 and en_US.UTF-8) skips its test.
 */
#include <locale.h>

#include "cart/galley-cart.h"
#include "counter/galley-counter-format.h"
#include "util/galley-time.h"

typedef struct
{
  gint64      cents;
  const char *cart;      /* galley_cart_format_money () */
  const char *counter;   /* galley_counter_format_money () */
} Case;

static gboolean
use_locale (const char *name)
{
  if (setlocale (LC_ALL, name) == NULL)
    {
      g_autofree char *why = g_strdup_printf ("the %s locale is not installed", name);

      g_test_skip (why);
      return FALSE;
    }

  return TRUE;
}

static void
check_cases (const Case *cases,
             guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *cart = galley_cart_format_money (cases[i].cents);
      g_autofree char *counter = galley_counter_format_money (cases[i].cents);

      g_test_message ("%" G_GINT64_FORMAT ": \"%s\", \"%s\"", cases[i].cents, cart, counter);
      g_assert_cmpstr (cart, ==, cases[i].cart);
      g_assert_cmpstr (counter, ==, cases[i].counter);
    }
}

static void
test_money_c (void)
{
  static const Case cases[] = {
    { 1250, "12.50", "$12.50" }, { 5, "0.05", "$0.05" }, { -4172, "-41.72", "-$41.72" },
    { 123456789, "1234567.89", "$1234567.89" },
  };

  g_assert_nonnull (setlocale (LC_ALL, "C"));
  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_money_de (void)
{
  /* German conventions, but dollars: never "€" */
  static const Case cases[] = {
    { 1250, "12,50 $", "12,50 $" }, { 5, "0,05 $", "0,05 $" },
    { -4172, "-41,72 $", "-41,72 $" }, { 123456789, "1.234.567,89 $", "1.234.567,89 $" },
  };

  if (!use_locale ("de_DE.UTF-8"))
    return;
  check_cases (cases, G_N_ELEMENTS (cases));
  setlocale (LC_ALL, "C");
}

static void
test_money_es (void)
{
  static const Case cases[] = {
    { 1250, "12,50 $", "12,50 $" }, { -50, "-0,50 $", "-0,50 $" },
    { 123456789, "1.234.567,89 $", "1.234.567,89 $" },
  };

  if (!use_locale ("es_ES.UTF-8"))
    return;
  check_cases (cases, G_N_ELEMENTS (cases));
  setlocale (LC_ALL, "C");
}

static void
test_money_en_us (void)
{
  static const Case cases[] = {
    { 1250, "$12.50", "$12.50" }, { -50, "-$0.50", "-$0.50" },
    { 123456789, "$1,234,567.89", "$1,234,567.89" },
  };

  if (!use_locale ("en_US.UTF-8"))
    return;
  check_cases (cases, G_N_ELEMENTS (cases));
  setlocale (LC_ALL, "C");
}

/* What goes to the server keeps "." whatever the locale (galley-cart-json.c) */
static void
test_wire_unchanged (void)
{
  g_autoptr(GDateTime) t = g_date_time_new_utc (2026, 11, 23, 18, 45, 30);
  g_autofree char *js = NULL;

  if (!use_locale ("de_DE.UTF-8"))
    return;
  js = galley_time_format_js (g_date_time_to_unix (t) * G_USEC_PER_SEC + 250000);
  g_assert_cmpstr (js, ==, "2026-11-23T18:45:30.250Z");
  setlocale (LC_ALL, "C");
}

/* The time of day on cards: hours and minutes, no seconds, in each locale */
static void
test_clock (void)
{
  static const char * const locales[] = { "C", "de_DE.UTF-8", "es_ES.UTF-8" };
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) t = g_date_time_new (utc, 2026, 11, 23, 18, 45, 30);
  guint tried = 0;

  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      g_autofree char *clock = NULL;

      if (setlocale (LC_ALL, locales[i]) == NULL)
        continue;
      clock = galley_time_format_clock (t);
      g_assert_cmpstr (clock, ==, "18:45");
      tried++;
    }
  setlocale (LC_ALL, "C");
  g_assert_cmpuint (tried, >=, 1);
  {
    g_autofree char *none = galley_time_format_clock (NULL);

    g_assert_cmpstr (none, ==, "—");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/locale/money/c", test_money_c);
  g_test_add_func ("/locale/money/de", test_money_de);
  g_test_add_func ("/locale/money/es", test_money_es);
  g_test_add_func ("/locale/money/en-us", test_money_en_us);
  g_test_add_func ("/locale/wire-unchanged", test_wire_unchanged);
  g_test_add_func ("/locale/clock", test_clock);

  return g_test_run ();
}
